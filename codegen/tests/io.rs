//! Operation I/O that sls-gen cannot carry is reported where it is written: an error when no
//! reasonable reading exists, a warning when one does (and says which). Each case is a small
//! spec; the assertions name the message, the line and the JSON pointer.

use sls_gen::diagnostics::Severity;

/// A diagnostic flattened for comparison: severity, message, line, pointer.
type Flat = (Severity, String, usize, String);

/// The diagnostics of a spec whose `paths` (and `components`) are `body`, indented by two.
fn diagnostics(body: &str) -> Vec<Flat> {
    let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{body}");
    let diagnostics = match sls_gen::analyze_str("spec.yaml", &text) {
        Ok(analysis) => analysis.warnings,
        Err(diagnostics) => diagnostics,
    };
    diagnostics
        .iter()
        .map(|d| {
            let location = d.location.clone().expect("located");
            (
                d.severity,
                d.message.clone(),
                location.line,
                location.pointer,
            )
        })
        .collect()
}

fn error(message: &str, line: usize, pointer: &str) -> Flat {
    (
        Severity::Error,
        message.to_owned(),
        line,
        pointer.to_owned(),
    )
}

fn warning(message: &str, line: usize, pointer: &str) -> Flat {
    (
        Severity::Warning,
        message.to_owned(),
        line,
        pointer.to_owned(),
    )
}

/// A GET `/x` operation with these parameters (YAML flow mappings, one per line).
fn with_parameters(parameters: &[&str]) -> String {
    let mut text =
        String::from("paths:\n  /x:\n    get:\n      operationId: op\n      parameters:\n");
    for parameter in parameters {
        text.push_str(&format!("        - {parameter}\n"));
    }
    text.push_str("      responses: {'204': {description: done}}\n");
    text
}

const OBJECT: &str = "{type: object, properties: {a: {type: integer}}}";

#[test]
fn parameter_shapes_no_style_defines_are_read_and_said_so() {
    let text = with_parameters(&[
        "{name: a, in: query, style: deepObject, schema: {type: integer}}",
        "{name: b, in: query, schema: {type: array, items: {type: object}}}",
        "{name: c, in: query, schema: {type: object, properties: {n: {type: object}}}}",
        "{name: d, in: query, explode: false, schema: {type: object, properties: {l: {type: array, items: {type: string}}}}}",
        "{name: e, in: header, schema: {type: array, items: {type: array, items: {type: string}}}}",
        "{name: f, in: query, schema: {oneOf: [{type: string}, {type: array, items: {type: string}}]}}",
        "{name: g, in: query, style: deepObject, schema: {type: array, items: {type: object, properties: {n: {type: object}}}}}",
        "{name: h, in: query, style: deepObject, schema: {anyOf: [{type: object, properties: {gt: {type: integer}}}, {type: integer}]}}",
        "{name: i, in: header, schema: {oneOf: [{type: string}, {type: array, items: {type: string}}]}}",
        "{name: j, in: cookie, schema: {oneOf: [{type: string}, {type: array, items: {type: object}}]}}",
        "{name: k, in: query, schema: {type: object, additionalProperties: {type: object}}}",
    ]);
    assert_eq!(
        diagnostics(&text),
        [
            warning(
                "an array of arrays or objects has no `form` serialization; it is read in bracket notation (`[key]`, `[0]`, `[]`) or as JSON text",
                9,
                "/paths/~1x/get/parameters/1/schema"
            ),
            warning(
                "an object with the nested property `n` has no `form` serialization; it is read in bracket notation (`[key]`, `[0]`, `[]`) or as JSON text",
                10,
                "/paths/~1x/get/parameters/2/schema"
            ),
            error(
                "property `l` is an array, which a `form` parameter without `explode` cannot carry; use `form` with `explode: true`, or `deepObject`",
                11,
                "/paths/~1x/get/parameters/3/schema"
            ),
            warning(
                "an array of arrays or objects has no `simple` serialization; it is read as JSON text (a value that is not JSON is read as text)",
                12,
                "/paths/~1x/get/parameters/4/schema"
            ),
            warning(
                "a union with array or object alternatives has no `simple` serialization; it is read as JSON text (a value that is not JSON is read as text)",
                16,
                "/paths/~1x/get/parameters/8/schema"
            ),
            warning(
                "a union with nested alternatives has no `form` serialization; it is read in bracket notation (`[key]`, `[0]`, `[]`) or as JSON text",
                17,
                "/paths/~1x/get/parameters/9/schema"
            ),
            warning(
                "a map of arrays or objects has no `form` serialization; it is read in bracket notation (`[key]`, `[0]`, `[]`) or as JSON text",
                18,
                "/paths/~1x/get/parameters/10/schema"
            ),
        ]
    );
}

#[test]
fn undefined_style_combinations_are_read_one_way_and_said_so() {
    let text = with_parameters(&[
        "{name: a, in: query, style: spaceDelimited, schema: {type: integer}}",
        "{name: b, in: query, style: pipeDelimited, explode: true, schema: {type: array, items: {type: integer}}}",
        &format!("{{name: c, in: query, style: deepObject, explode: false, schema: {OBJECT}}}"),
        "{name: Accept, in: header, schema: {type: string}}",
    ]);
    assert_eq!(
        diagnostics(&text),
        [
            warning(
                "`spaceDelimited` applies to arrays and objects; this scalar is read as `form`",
                8,
                "/paths/~1x/get/parameters/0/style"
            ),
            warning(
                "`pipeDelimited` with `explode: true` is undefined; it is read as `form` with `explode: true`",
                9,
                "/paths/~1x/get/parameters/1/explode"
            ),
            warning(
                "`deepObject` with `explode: false` is undefined; it is read exploded",
                10,
                "/paths/~1x/get/parameters/2/explode"
            ),
            warning(
                "header parameter `Accept` is ignored, as OpenAPI requires: it is not part of the request type",
                11,
                "/paths/~1x/get/parameters/3"
            ),
        ]
    );
}

#[test]
fn content_parameters_take_one_json_or_text_media_type() {
    let text = with_parameters(&[
        "{name: a, in: query, content: {application/json: {}, text/plain: {}}}",
        "{name: b, in: query, content: {application/xml: {}}}",
        "{name: c, in: cookie, content: {text/plain: {schema: {type: integer}}}}",
        "{name: d, in: header, content: {application/json: {schema: {type: object}}}}",
    ]);
    assert_eq!(
        diagnostics(&text),
        [
            error(
                "a parameter's `content` must have exactly one media type",
                8,
                "/paths/~1x/get/parameters/0/content"
            ),
            error(
                "parameters sent as `application/xml` are not supported; use application/json or text/plain",
                9,
                "/paths/~1x/get/parameters/1/content/application~1xml"
            ),
            error(
                "a `text/plain` parameter must have a string schema",
                10,
                "/paths/~1x/get/parameters/2/content/text~1plain/schema"
            ),
        ]
    );
}

#[test]
fn defaults_that_do_not_fit_the_schema_are_ignored() {
    let text = with_parameters(&[
        "{name: a, in: query, schema: {type: integer, default: ten}}",
        "{name: b, in: query, required: true, schema: {type: integer, default: 1}}",
        "{name: c, in: query, schema: {$ref: '#/components/schemas/Level'}}",
        "{name: d, in: query, schema: {type: integer, minimum: 1, default: 0}}",
        "{name: e, in: query, schema: {type: integer, minimum: 1, default: 1}}",
    ]) + "components:\n  schemas:\n    Level: {type: string, enum: [low, high], default: middle}\n";
    assert_eq!(
        diagnostics(&text),
        [
            warning(
                "the default does not match the parameter's schema; it is ignored",
                8,
                "/paths/~1x/get/parameters/0/schema/default"
            ),
            warning(
                "the default of a required parameter is never used",
                9,
                "/paths/~1x/get/parameters/1/schema/default"
            ),
            warning(
                "the default does not match the parameter's schema; it is ignored",
                16,
                "/components/schemas/Level/default"
            ),
            warning(
                "the default does not match the parameter's schema; it is ignored",
                11,
                "/paths/~1x/get/parameters/3/schema/default"
            ),
        ]
    );
}

#[test]
fn media_types_that_cannot_be_handled() {
    let text = "paths:
  /x:
    post:
      operationId: op
      requestBody:
        content:
          application/xml: {schema: {type: object}}
          multipart/mixed: {schema: {type: object}}
      responses:
        '200':
          description: ok
          content:
            application/xml: {schema: {type: object}}
  /y:
    post:
      operationId: other
      requestBody:
        content:
          application/json: {}
          application/xml: {schema: {type: object}}
          json: {}
      responses:
        '200':
          description: ok
          content:
            application/x-www-form-urlencoded: {schema: {type: object}}
            text/plain: {}
";
    assert_eq!(
        diagnostics(text),
        [
            warning(
                "request body media type `application/xml` is not supported yet; it is left out and answered 415",
                9,
                "/paths/~1x/post/requestBody/content/application~1xml"
            ),
            warning(
                "request body media type `multipart/mixed` is not supported yet; it is left out and answered 415",
                10,
                "/paths/~1x/post/requestBody/content/multipart~1mixed"
            ),
            warning(
                "no media type of this request body can be decoded (application/xml, multipart/mixed); `application/xml` is handled as raw bytes",
                8,
                "/paths/~1x/post/requestBody/content"
            ),
            warning(
                "response media type `application/xml` is not supported yet; it is left out",
                15,
                "/paths/~1x/post/responses/200/content/application~1xml"
            ),
            warning(
                "no media type of this response can be decoded (application/xml); `application/xml` is handled as raw bytes",
                14,
                "/paths/~1x/post/responses/200/content"
            ),
            warning(
                "request body media type `application/xml` is not supported yet; it is left out and answered 415",
                22,
                "/paths/~1y/post/requestBody/content/application~1xml"
            ),
            error(
                "`json` is not a media type (`type/subtype`)",
                23,
                "/paths/~1y/post/requestBody/content/json"
            ),
            warning(
                "response media type `application/x-www-form-urlencoded` is not supported yet; it is left out",
                28,
                "/paths/~1y/post/responses/200/content/application~1x-www-form-urlencoded"
            ),
        ]
    );
}

#[test]
fn form_and_multipart_bodies_need_objects_and_say_how_encodings_read() {
    let text = "paths:
  /x:
    post:
      operationId: op
      requestBody:
        content:
          multipart/form-data: {schema: {type: array, items: {type: string}}}
      responses: {'204': {description: done}}
  /y:
    post:
      operationId: other
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {n: {type: integer}, l: {type: array, items: {type: object}}}}
            encoding:
              n: {style: deepObject}
              l: {style: form}
      responses: {'204': {description: done}}
  /z:
    post:
      operationId: third
      requestBody:
        content:
          multipart/form-data:
            schema: {type: object, properties: {n: {type: integer}}}
            encoding:
              n: {style: form, headers: {X-A: {schema: {type: string}}}}
              m: {contentType: text/plain}
      responses: {'204': {description: done}}
";
    assert_eq!(
        diagnostics(text),
        [
            error(
                "a `multipart/form-data` body must have an object schema",
                9,
                "/paths/~1x/post/requestBody/content/multipart~1form-data/schema"
            ),
            warning(
                "an array of arrays or objects has no `form` serialization; it is read in bracket notation (`[key]`, `[0]`, `[]`) or as JSON text",
                20,
                "/paths/~1y/post/requestBody/content/application~1x-www-form-urlencoded/encoding/l"
            ),
            warning(
                "`style`, `explode` and `allowReserved` are ignored for multipart bodies: each array item is its own part",
                30,
                "/paths/~1z/post/requestBody/content/multipart~1form-data/encoding/n"
            ),
            warning(
                "headers of multipart parts are not checked",
                30,
                "/paths/~1z/post/requestBody/content/multipart~1form-data/encoding/n/headers"
            ),
            warning(
                "`encoding` names `m`, which is not a property of the body",
                31,
                "/paths/~1z/post/requestBody/content/multipart~1form-data/encoding/m"
            ),
        ]
    );
}

#[test]
fn response_headers() {
    let text = "paths:
  /x:
    get:
      operationId: op
      responses:
        '200':
          description: ok
          headers:
            Content-Type: {schema: {type: string}}
            X Bad: {schema: {type: string}}
            X-Nested: {schema: {type: object, properties: {a: {type: object}}}}
            X-Xml: {content: {application/xml: {}}}
            X-Fine: {$ref: '#/components/headers/Fine'}
components:
  headers:
    Fine: {required: true, schema: {type: array, items: {type: integer}}}
";
    assert_eq!(
        diagnostics(text),
        [
            warning(
                "a `Content-Type` response header is ignored, as OpenAPI requires: the media type sets it",
                11,
                "/paths/~1x/get/responses/200/headers/Content-Type"
            ),
            error(
                "`X Bad` is not a valid header name",
                12,
                "/paths/~1x/get/responses/200/headers/X Bad"
            ),
            error(
                "a header object's properties must be scalars",
                13,
                "/paths/~1x/get/responses/200/headers/X-Nested/schema"
            ),
            error(
                "headers sent as `application/xml` are not supported; use application/json",
                14,
                "/paths/~1x/get/responses/200/headers/X-Xml/content/application~1xml"
            ),
        ]
    );
}

#[test]
fn path_item_references() {
    let text = "paths:
  /a/{id}:
    $ref: '#/components/x-items/Thing'
    summary: kept
  /b:
    $ref: '#/components/x-items/Thing'
    get: {operationId: ambiguous, responses: {'204': {description: done}}}
  /c:
    $ref: '#/components/x-items/Text'
  /d:
    $ref: '#/components/x-items/Chained'
components:
  x-items:
    Thing:
      get:
        operationId: getThing
        parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
        responses: {'204': {description: done}}
    Text: just text
    Chained:
      $ref: '#/components/x-items/Other'
    Other:
      get: {operationId: other, responses: {'204': {description: done}}}
";
    assert_eq!(
        diagnostics(text),
        [
            error(
                "`get` next to `$ref` in a path item is not supported; move it into the referenced path item",
                9,
                "/paths/~1b/get"
            ),
            warning(
                "this path item is also the path item of `/a/{id}`; its operations here are named after this path",
                8,
                "/paths/~1b/$ref"
            ),
            error(
                "path parameter `id` does not appear in the path `/b`",
                19,
                "/components/x-items/Thing/get/parameters/0"
            ),
            error("a path item must be a mapping", 11, "/paths/~1c/$ref"),
        ]
    );
}

#[test]
fn a_valid_spec_lowers_every_style_and_kind() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/io.yaml");
    let analysis = match sls_gen::analyze(&path) {
        Ok(analysis) => analysis,
        Err(diagnostics) => panic!("specs/io.yaml does not analyze:\n{diagnostics}"),
    };
    let warnings: Vec<&str> = analysis
        .warnings
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        [
            "an array of arrays or objects has no `simple` serialization; it is read as JSON text (a value that is not JSON is read as text)",
            "a union with array or object alternatives has no `simple` serialization; it is read as JSON text (a value that is not JSON is read as text)",
            "header parameter `Accept` is ignored, as OpenAPI requires: it is not part of the request type",
            "request body media type `application/xml` is not supported yet; it is left out and answered 415",
            "a `Content-Type` response header is ignored, as OpenAPI requires: the media type sets it",
        ]
    );
    let op = |id: &str| {
        analysis
            .ir
            .operations
            .iter()
            .find(|op| op.id == id)
            .unwrap_or_else(|| panic!("operation {id}"))
    };
    let mixed = op("mixedBody").body.as_ref().expect("a body");
    assert_eq!(mixed.enum_name.as_deref(), Some("MixedBodyBody"));
    let variants: Vec<&str> = mixed.content.iter().map(|m| m.variant.as_str()).collect();
    assert_eq!(variants, ["Json", "Text", "Binary"]);
    let shared = op("sharedBody").body.as_ref().expect("a body");
    assert_eq!(shared.enum_name, None, "one schema is one type");
    assert_eq!(shared.content.len(), 3);
    let thing = op("getThing");
    assert_eq!(thing.path, "/things/{id}");
    assert_eq!(thing.pointer, "/components/pathItems/Thing/get");
}
