//! Tests of the loader: YAML/JSON → located JSON tree, top-level checks, `$ref` checks and the
//! OpenAPI 3.1 → 3.0 normalisation. Inputs live in `tests/load/`; large or hostile inputs are
//! generated here.

use std::path::Path;

use serde_json::{json, Value};
use sls_gen::diagnostics::{Diagnostics, Severity};
use sls_gen::load::{load_bytes, load_file, load_str, Document, MAX_DEPTH, MAX_NODES};

/// A diagnostic flattened for comparison: severity, message, line, column, pointer.
type Flat = (Severity, String, usize, usize, String);

fn flatten(diagnostics: &Diagnostics) -> Vec<Flat> {
    diagnostics
        .iter()
        .map(|d| {
            let location = d
                .location
                .clone()
                .expect("every loader diagnostic is located");
            (
                d.severity,
                d.message.clone(),
                location.line,
                location.column,
                location.pointer,
            )
        })
        .collect()
}

fn error(message: &str, line: usize, column: usize, pointer: &str) -> Flat {
    (
        Severity::Error,
        message.to_owned(),
        line,
        column,
        pointer.to_owned(),
    )
}

fn warning(message: &str, line: usize, column: usize, pointer: &str) -> Flat {
    (
        Severity::Warning,
        message.to_owned(),
        line,
        column,
        pointer.to_owned(),
    )
}

/// Loads `tests/load/<name>`, naming it by that relative path in locations.
fn load(name: &str) -> Result<(Document, Diagnostics), Diagnostics> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/load")
        .join(name);
    let bytes = std::fs::read(&path).expect("test input exists");
    load_bytes(&format!("tests/load/{name}"), &bytes)
}

/// Loads a file that must load without errors.
fn load_ok(name: &str) -> (Document, Diagnostics) {
    match load(name) {
        Ok((doc, diagnostics)) if !diagnostics.has_errors() => (doc, diagnostics),
        Ok((_, diagnostics)) | Err(diagnostics) => panic!("{name} should load:\n{diagnostics}"),
    }
}

/// The diagnostics of a file that cannot be loaded at all.
fn load_err(name: &str) -> Vec<Flat> {
    match load(name) {
        Ok(_) => panic!("{name} should not load"),
        Err(diagnostics) => flatten(&diagnostics),
    }
}

/// The diagnostics of a file that has errors but still gives a document to validate further.
fn load_readable_err(name: &str) -> Vec<Flat> {
    match load(name) {
        Ok((_, diagnostics)) if diagnostics.has_errors() => flatten(&diagnostics),
        Ok(_) => panic!("{name} should have errors"),
        Err(diagnostics) => panic!("{name} should still give a document:\n{diagnostics}"),
    }
}

/// Loads text that must load without errors.
fn text_ok(text: &str) -> (Document, Diagnostics) {
    match load_str("t.yaml", text) {
        Ok((doc, diagnostics)) if !diagnostics.has_errors() => (doc, diagnostics),
        Ok((_, diagnostics)) | Err(diagnostics) => panic!("should load:\n{text}\n{diagnostics}"),
    }
}

/// The diagnostics of text that cannot be loaded at all.
fn text_err(text: &str) -> Vec<Flat> {
    match load_str("t.yaml", text) {
        Ok(_) => panic!("should not load:\n{text}"),
        Err(diagnostics) => flatten(&diagnostics),
    }
}

/// The diagnostics of text that has errors but still gives a document.
fn text_readable_err(text: &str) -> Vec<Flat> {
    match load_str("t.yaml", text) {
        Ok((_, diagnostics)) if diagnostics.has_errors() => flatten(&diagnostics),
        Ok(_) => panic!("should have errors:\n{text}"),
        Err(diagnostics) => panic!("should still give a document:\n{text}\n{diagnostics}"),
    }
}

const HEADER: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";

// ---------------------------------------------------------------------------------------------
// Happy paths

#[test]
fn openapi_3_0_yaml_loads_with_positions() {
    let (doc, warnings) = load_ok("petstore-3.0.yaml");
    assert!(warnings.is_empty(), "{warnings}");
    let root = &doc.root;
    assert_eq!(root["openapi"], "3.0.3");
    // Response codes written as plain integers become string keys.
    let get = &root["paths"]["/pets/{petId}"]["get"];
    assert_eq!(get["responses"]["200"]["description"], "the pet");
    // Keys keep the order of the file.
    let keys: Vec<&str> = root["components"]["schemas"]
        .as_object()
        .map(|schemas| schemas.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        ["Limit", "Pet", "Node", "a/b~c", "with space", "Alias"]
    );
    // A property named `$ref` is a property.
    assert_eq!(
        root["components"]["schemas"]["Pet"]["properties"]["$ref"]["type"],
        "string"
    );

    let at = |pointer: &str| {
        let l = doc.locate(pointer);
        (l.line, l.column)
    };
    assert_eq!(at(""), (1, 1));
    assert_eq!(at("/info/version"), (4, 3));
    assert_eq!(at("/paths/~1pets~1{petId}/get/operationId"), (12, 7));
    assert_eq!(at("/paths/~1pets~1{petId}/get/parameters/0"), (14, 11));
    assert_eq!(at("/paths/~1pets~1{petId}/get/responses/200"), (16, 9));
    assert_eq!(at("/components/schemas/a~1b~0c"), (73, 5));
    assert_eq!(at("/components/parameters/PetId/schema/format"), (41, 32));
    let location = doc.locate("/paths/~1pets~1{petId}/get/operationId");
    assert_eq!(location.file, "tests/load/petstore-3.0.yaml");
    assert_eq!(location.pointer, "/paths/~1pets~1{petId}/get/operationId");
}

#[test]
fn openapi_3_1_json_loads_and_is_normalised() {
    let (doc, warnings) = load_ok("petstore-3.1.json");
    assert!(warnings.is_empty(), "{warnings}");
    let limit = &doc.root["paths"]["/pets"]["get"]["parameters"][0]["schema"];
    assert_eq!(
        limit,
        &json!({"type": "integer", "nullable": true, "exclusiveMinimum": true, "minimum": 0})
    );
    let pet = &doc.root["components"]["schemas"]["Pet"]["properties"];
    assert_eq!(pet["name"], json!({"type": "string", "example": "Rex"}));
    assert_eq!(pet["kind"], json!({"enum": ["dog"]}));
    assert_eq!(pet["tag"], json!({"type": "string", "nullable": true}));
    // Webhooks and path items stay where they are.
    assert!(doc.root["webhooks"]["newPet"]["post"].is_object());
    assert!(doc.root["components"]["pathItems"]["Ping"]["get"].is_object());
    // JSON positions are those of the keys, in characters.
    let l = doc.locate("/paths/~1pets/get/parameters/0/schema");
    assert_eq!((l.line, l.column), (9, 45));
    assert_eq!(doc.locate("/info/version").column, 34);
}

#[test]
fn the_result_reads_as_openapi_3_0() {
    for name in [
        "petstore-3.0.yaml",
        "petstore-3.1.json",
        "normalize-3.1.yaml",
    ] {
        let (doc, _) = load_ok(name);
        let parsed: Result<openapiv3::OpenAPI, _> = serde_json::from_value(doc.root.clone());
        assert!(parsed.is_ok(), "{name}: {:?}", parsed.err());
    }
}

#[test]
fn load_file_names_the_path_as_given() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/load/petstore-3.0.yaml");
    let (doc, _) = load_file(&path).expect("loads");
    assert_eq!(doc.path, path.display().to_string());
    assert_eq!(doc.locate("/info").file, doc.path);

    let missing = Path::new("tests/load/does-not-exist.yaml");
    let diagnostics = load_file(missing).expect_err("cannot load a missing file");
    let first = diagnostics.iter().next().expect("one error");
    assert!(first
        .message
        .starts_with("cannot read `tests/load/does-not-exist.yaml`: "));
    assert_eq!(first.location, None);
}

#[test]
fn locate_falls_back_to_the_nearest_ancestor_and_keeps_the_pointer() {
    let (doc, _) = load_ok("normalize-3.1.yaml");
    // `optional_ref` was rewritten to `allOf`, which is not in the file.
    let pointer = "/components/schemas/Thing/properties/optional_ref/allOf/0/$ref";
    let location = doc.locate(pointer);
    assert_eq!((location.line, location.column), (37, 9));
    assert_eq!(location.pointer, pointer);
    let nowhere = doc.locate("/no/such/thing");
    assert_eq!(
        (nowhere.line, nowhere.column, nowhere.pointer.as_str()),
        (1, 1, "/no/such/thing")
    );
}

#[test]
fn resolve_ref_handles_escapes_and_percent_encoding() {
    let (doc, _) = load_ok("petstore-3.0.yaml");
    let string = json!({"type": "string"});
    assert_eq!(
        doc.resolve_ref("#/components/schemas/a~1b~0c"),
        Some(&string)
    );
    let boolean = json!({"type": "boolean"});
    assert_eq!(
        doc.resolve_ref("#/components/schemas/with%20space"),
        Some(&boolean)
    );
    assert_eq!(doc.resolve_ref("#/info/title"), Some(&json!("Petstore")));
    assert_eq!(doc.resolve_ref("#/components/schemas/Nope"), None);
    assert_eq!(doc.resolve_ref("other.yaml#/components/schemas/Pet"), None);
    assert_eq!(doc.resolve_ref("#").map(Value::is_object), Some(true));
}

#[test]
fn scalars_follow_the_yaml_core_schema() {
    let text = format!(
        "{HEADER}x-data:\n  int: 123\n  negative: -7\n  float: 1.5\n  exp: 1e3\n  bool: true\n  \
         tilde: ~\n  empty:\n  quoted: \"123\"\n  single: 'true'\n  big: 123456789012345678901234567890\n  \
         huge: 1e999\n  hex: 0x1F\n  version: 1.10\n  tagged: !!str 42\n  200: code\n  true: yes\n  \
         1.5: float key\n"
    );
    let (doc, _) = text_ok(&text);
    assert_eq!(
        doc.root["x-data"],
        json!({
            "int": 123, "negative": -7, "float": 1.5, "exp": 1000.0, "bool": true,
            "tilde": null, "empty": null, "quoted": "123", "single": "true",
            "big": 1.2345678901234568e29, "huge": "1e999", "hex": 31, "version": 1.1,
            "tagged": "42", "200": "code", "true": "yes", "1.5": "float key"
        })
    );
}

#[test]
fn anchors_aliases_and_merge_keys_expand() {
    let text = format!(
        "{HEADER}x-data:\n  base: &base {{type: object, required: [id]}}\n  copy: *base\n  \
         merged:\n    <<: *base\n    type: array\n  list: &list [1, 2]\n  again: *list\n"
    );
    let (doc, _) = text_ok(&text);
    let data = &doc.root["x-data"];
    assert_eq!(data["copy"], json!({"type": "object", "required": ["id"]}));
    assert_eq!(data["merged"], json!({"type": "array", "required": ["id"]}));
    assert_eq!(data["again"], json!([1, 2]));
    // An alias is located where it is written.
    let l = doc.locate("/x-data/copy/type");
    assert_eq!((l.line, l.column), (6, 3));
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let text = format!("\u{feff}{HEADER}");
    text_ok(&text);
}

// ---------------------------------------------------------------------------------------------
// Normalisation of 3.1 onto 3.0

#[test]
fn normalisation_rules() {
    let (doc, warnings) = load_ok("normalize-3.1.yaml");
    assert!(warnings.is_empty(), "{warnings}");
    let query = &doc.root["paths"]["/things"]["post"]["parameters"][0]["schema"];
    assert_eq!(
        query,
        &json!({"type": "string", "nullable": true, "example": "a"})
    );
    let header = &doc.root["paths"]["/things"]["post"]["responses"]["204"]["headers"]["X-Count"];
    assert_eq!(
        header["schema"],
        json!({"type": "integer", "exclusiveMaximum": true, "maximum": 10})
    );

    let thing = &doc.root["components"]["schemas"]["Thing"]["properties"];
    let expect = [
        (
            "nullable_string",
            json!({"type": "string", "nullable": true}),
        ),
        ("only_null", json!({"nullable": true})),
        ("only_null_list", json!({"nullable": true})),
        (
            "two_types",
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
        ),
        (
            "two_types_and_null",
            json!({"nullable": true, "anyOf": [{"type": "string"}, {"type": "integer"}]}),
        ),
        ("constant", json!({"enum": [42]})),
        (
            "positive",
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}),
        ),
        ("stricter_minimum", json!({"type": "number", "minimum": 5})),
        (
            "below",
            json!({"type": "number", "maximum": 100, "exclusiveMaximum": true}),
        ),
        (
            "with_examples",
            json!({"type": "string", "example": "first"}),
        ),
        (
            "ref_with_description",
            json!({"$ref": "#/components/schemas/Other", "description": "kept as is"}),
        ),
        (
            "ref_with_siblings",
            json!({"readOnly": true, "nullable": true,
                   "allOf": [{"$ref": "#/components/schemas/Other"}]}),
        ),
        (
            "optional_ref",
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/Other"}]}),
        ),
        ("accepts_anything", json!({})),
        (
            "tuple",
            json!({"type": "array",
                   "prefixItems": [{"type": "integer", "nullable": true}, {"enum": ["x"]}]}),
        ),
        (
            "map",
            json!({"type": "object", "additionalProperties": {"type": "boolean", "nullable": true}}),
        ),
        (
            "closed",
            json!({"type": "object", "additionalProperties": false}),
        ),
        (
            "nested",
            json!({"allOf": [{"type": "object", "properties": {"deep": {"items": {"enum": [1]}}}}]}),
        ),
        (
            "legacy_nullable",
            json!({"type": "string", "nullable": true}),
        ),
        // A property named `example` is a property; its `examples` are normalised.
        ("example", json!({"type": "integer", "example": 7})),
        (
            "one_of_with_null",
            json!({"nullable": true, "oneOf": [{"type": "string"}, {"type": "integer"}]}),
        ),
        ("only_null_branch", json!({"anyOf": [{"nullable": true}]})),
    ];
    for (name, expected) in expect {
        assert_eq!(thing[name], expected, "{name}");
    }
    let scalar = &doc.root["components"]["schemas"]["Scalar"];
    assert_eq!(scalar, &json!({"type": "boolean", "nullable": true}));
}

#[test]
fn documents_3_0_are_not_normalised() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  \
                schemas:\n    A: {type: [string, 'null'], const: 1}\n";
    let (doc, _) = text_ok(text);
    assert_eq!(
        doc.root["components"]["schemas"]["A"],
        json!({"type": ["string", "null"], "const": 1})
    );
}

#[test]
fn a_bad_type_list_is_located() {
    let text = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\ncomponents:\n  schemas:\n    \
                A: {type: [string, 5]}\n    B: {type: []}\n";
    let message = "`type` must be a type name or a non-empty list of type names";
    assert_eq!(
        text_readable_err(text),
        [
            error(message, 5, 9, "/components/schemas/A/type"),
            error(message, 6, 9, "/components/schemas/B/type"),
        ]
    );
}

#[test]
fn a_3_1_document_without_paths_gets_an_empty_one() {
    let text = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\nwebhooks: {}\n";
    let (doc, warnings) = text_ok(text);
    assert!(warnings.is_empty());
    assert_eq!(doc.root["paths"], json!({}));
    let text = "openapi: 3.0.1\ninfo: {title: T, version: '1'}\ncomponents: {}\n";
    let (doc, warnings) = text_ok(text);
    assert_eq!(doc.root["paths"], json!({}));
    assert_eq!(
        flatten(&warnings),
        [warning(
            "`paths` is missing (OpenAPI 3.0 requires it); reading it as `{}`",
            1,
            1,
            ""
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// Syntax and encoding errors

#[test]
fn yaml_syntax_error() {
    assert_eq!(
        load_err("syntax-error.yaml"),
        [error(
            "syntax error: invalid indentation in quoted scalar",
            8,
            16,
            "/paths/~1pets/get/summary"
        )]
    );
}

#[test]
fn json_syntax_error() {
    assert_eq!(
        load_err("syntax-error.json"),
        [error(
            "syntax error: expected `,` or `}` after a member, found `\"`",
            6,
            5,
            "/paths"
        )]
    );
}

#[test]
fn a_json_file_is_strict_json() {
    // YAML would take the trailing comma; a `.json` file is JSON and may not have it.
    let text = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"T\", \"version\": \"1\",},\n  \"paths\": {}\n}";
    let diagnostics = load_str("spec.json", text).expect_err("a syntax error");
    assert_eq!(
        flatten(&diagnostics),
        [error(
            "syntax error: trailing comma: no member follows it before `}`",
            3,
            40,
            "/info"
        )]
    );
    let (doc, _) = text_ok(text);
    assert_eq!(doc.root["info"]["version"], "1");

    // Whatever parser reads it, a JSON document loads the same.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/load/petstore-3.1.json");
    let json = std::fs::read_to_string(path).expect("input");
    let (as_json, _) = load_str("spec.json", &json).expect("loads");
    let (as_yaml, _) = load_str("spec.yaml", &json).expect("loads");
    let (as_flow_yaml, _) = load_str("spec.yaml", &format!("{json}\n# a YAML comment\n"))
        .expect("loads through the YAML parser");
    assert_eq!(as_json.root, as_yaml.root);
    assert_eq!(as_json.root, as_flow_yaml.root);
    for pointer in ["", "/info/version", "/paths/~1pets/get/parameters/0/schema"] {
        assert_eq!(
            as_json.locate(pointer).line,
            as_flow_yaml.locate(pointer).line
        );
        assert_eq!(
            as_json.locate(pointer).column,
            as_flow_yaml.locate(pointer).column
        );
    }
}

#[test]
fn invalid_utf8_in_json() {
    let bytes = b"{\"openapi\": \"3.0.3\",\n \"x\": \"caf\xc3\xa9 \xff\"}";
    let diagnostics = load_bytes("bad.json", bytes).expect_err("not UTF-8");
    assert_eq!(
        flatten(&diagnostics),
        [error("the file is not valid UTF-8 (byte 0xFF)", 2, 13, "")]
    );
}

#[test]
fn json_strings_take_surrogate_pairs() {
    let text = r#"{"openapi": "3.0.3", "info": {"title": "\ud83d\udc3e Pets", "version": "1"}, "paths": {}}"#;
    let (doc, _) = load_str("spec.json", text).expect("loads");
    assert_eq!(doc.root["info"]["title"], "\u{1f43e} Pets");
}

#[test]
fn invalid_utf8() {
    let mut bytes = b"openapi: 3.0.3\ninfo:\n  title: caf\xc3\xa9 ".to_vec();
    bytes.extend_from_slice(b"\xff\n");
    let diagnostics = load_bytes("bad.yaml", &bytes).expect_err("not UTF-8");
    assert_eq!(
        flatten(&diagnostics),
        [error("the file is not valid UTF-8 (byte 0xFF)", 3, 15, "")]
    );
}

#[test]
fn empty_documents() {
    let message = "the document is empty";
    assert_eq!(load_err("empty.yaml"), [error(message, 1, 1, "")]);
    assert_eq!(text_err(""), [error(message, 1, 1, "")]);
    assert_eq!(text_err("---\n"), [error(message, 1, 1, "")]);
}

#[test]
fn more_than_one_document() {
    assert_eq!(
        text_err(&format!("{HEADER}---\nopenapi: 3.0.3\n")),
        [error(
            "the file holds more than one YAML document; put the spec in one",
            4,
            1,
            ""
        )]
    );
}

#[test]
fn duplicate_keys_are_all_reported() {
    let (doc, _) = load("duplicate-keys.yaml").expect("readable: the first key wins");
    assert_eq!(doc.root["info"]["title"], "Dups");
    assert!(doc.root["paths"]["/a"]["get"].is_object());
    assert_eq!(
        load_readable_err("duplicate-keys.yaml"),
        [
            error(
                "duplicate key `title` (first defined at tests/load/duplicate-keys.yaml:3:3)",
                5,
                3,
                "/info/title"
            ),
            error(
                "duplicate key `/a` (first defined at tests/load/duplicate-keys.yaml:7:3)",
                10,
                3,
                "/paths/~1a"
            ),
        ]
    );
}

#[test]
fn collection_keys_and_bad_tags() {
    let text = format!("{HEADER}x-a:\n  ? [a, b]\n  : 1\nx-b: !!int abc\n");
    assert_eq!(
        text_readable_err(&text),
        [
            error(
                "a mapping key must be a scalar, not a collection",
                5,
                5,
                "/x-a"
            ),
            error("`abc` is not a valid `!!int`", 7, 12, "/x-b"),
        ]
    );
}

#[test]
fn unknown_and_recursive_aliases() {
    assert_eq!(
        text_err(&format!("{HEADER}x-a: *nowhere\n")),
        [error(
            "syntax error: while parsing node, found unknown anchor",
            4,
            6,
            "/x-a"
        )]
    );
    assert_eq!(
        text_err(&format!("{HEADER}x-a: &loop [1, *loop]\n")),
        [error(
            "an alias refers to a node that contains it (recursive alias)",
            4,
            16,
            "/x-a/1"
        )]
    );
}

#[test]
fn bad_merge_key() {
    assert_eq!(
        text_readable_err(&format!("{HEADER}x-a:\n  <<: 5\n")),
        [error(
            "the merge key `<<` takes a mapping or a list of mappings",
            5,
            7,
            "/x-a/<<"
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// Limits

/// Runs `f` on a thread with the default stack size, the size a user's thread would have.
fn on_default_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no stack overflow or panic")
}

#[test]
fn deep_flow_nesting_is_an_error_not_a_stack_overflow() {
    let diagnostics = on_default_stack(|| {
        let text = format!("{HEADER}x-deep: {}\n", "[".repeat(100_000));
        load_str("deep.yaml", &text).err().map(|d| flatten(&d))
    });
    // The YAML scanner looks ahead through flow collections and stops at the 256th level, before
    // the parser has handed over the first of them.
    let message = format!("nesting deeper than {MAX_DEPTH} levels");
    assert_eq!(
        diagnostics,
        Some(vec![error(&message, 4, 9 + 255, "/x-deep/0")])
    );
}

#[test]
fn deep_flow_nesting_below_the_scanner_limit_is_our_error() {
    let text = format!("{HEADER}x-deep: {}\n", "[".repeat(MAX_DEPTH + 20));
    let diagnostics = text_err(&text);
    let message = format!("nesting deeper than {MAX_DEPTH} levels");
    let pointer = format!("/x-deep{}", "/0".repeat(MAX_DEPTH - 1));
    // The root mapping is the first level, so the 200th bracket is one too many.
    assert_eq!(diagnostics, [error(&message, 4, 8 + MAX_DEPTH, &pointer)]);
}

#[test]
fn deep_json_and_block_nesting_is_an_error() {
    let message = format!("nesting deeper than {MAX_DEPTH} levels");
    let json_like = format!(
        "{{\"openapi\": \"3.0.3\", \"x\": {}}}",
        "{\"a\": ".repeat(300)
    );
    let json = json_like.clone();
    let diagnostics =
        on_default_stack(move || load_str("deep.json", &json).err().map(|d| flatten(&d)));
    // "{"openapi": "3.0.3", "x": " is 26 characters and each level 6 more: the `{` of level
    // 201 is at column 27 + 6 * 199.
    let pointer = format!("/x{}", "/a".repeat(MAX_DEPTH - 1));
    assert_eq!(
        diagnostics,
        Some(vec![error(&message, 1, 27 + 6 * 199, &pointer)])
    );
    // Not named `.json`, the JSON parser refuses it and the YAML parser reports: its scanner
    // stops just before the 256th `{`.
    let diagnostics =
        on_default_stack(move || load_str("deep.yaml", &json_like).err().map(|d| flatten(&d)));
    assert_eq!(
        diagnostics,
        Some(vec![error(&message, 1, 27 + 6 * 254, "")])
    );

    let mut block = String::from(HEADER);
    for level in 0..MAX_DEPTH + 5 {
        block.push_str(&"  ".repeat(level));
        block.push_str("x-a:\n");
    }
    let diagnostics =
        on_default_stack(move || load_str("deep.yaml", &block).err().map(|d| flatten(&d)));
    // The mapping at line 4 + n is at depth n + 1; the parser marks a block mapping at the colon
    // after its first key.
    let pointer = "/x-a".repeat(MAX_DEPTH);
    let line = 4 + MAX_DEPTH;
    assert_eq!(
        diagnostics,
        Some(vec![error(&message, line, 2 * MAX_DEPTH + 4, &pointer)])
    );
}

#[test]
fn nesting_up_to_the_limit_is_fine() {
    let value = format!("{}{}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
    let text = format!("{HEADER}x-deep: {value}\n");
    let (doc, _) = on_default_stack(move || load_str("deep.yaml", &text).expect("loads"));
    assert!(doc.root["x-deep"].is_array());
}

#[test]
fn an_alias_bomb_hits_the_node_budget() {
    // Each level holds nine aliases of the one before: 9^9 nodes if expanded.
    let mut text = String::from(HEADER);
    text.push_str("x-a: &a [~, ~, ~, ~, ~, ~, ~, ~, ~]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let aliases = vec![format!("*{}", pair[0]); 9].join(", ");
        text.push_str(&format!("x-{}: &{} [{aliases}]\n", pair[1], pair[1]));
    }
    let diagnostics = load_str("bomb.yaml", &text).expect_err("refused");
    let message = format!(
        "the document expands to more than {MAX_NODES} nodes (through anchors and aliases?); \
         refusing to load it"
    );
    // Levels a..f hold 672,603 nodes; each alias of f adds 597,871, so the eighth one in g is
    // one too many. "x-g: &g [" is 9 characters and each "*f, " 4 more.
    assert_eq!(
        flatten(&diagnostics),
        [error(&message, 10, 10 + 7 * 4, "/x-g/7")]
    );
}

#[test]
fn an_alias_cannot_smuggle_in_deep_nesting() {
    let mut text = String::from(HEADER);
    let value = format!("{}{}", "[".repeat(150), "]".repeat(150));
    text.push_str(&format!("x-a: &a {value}\nx-b: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"));
    let diagnostics =
        on_default_stack(move || load_str("t.yaml", &text).err().map(|d| flatten(&d)));
    let message = format!("nesting deeper than {MAX_DEPTH} levels (through an alias)");
    let pointer = format!("/x-b{}", "/0".repeat(50));
    assert_eq!(diagnostics, Some(vec![error(&message, 5, 56, &pointer)]));
}

// ---------------------------------------------------------------------------------------------
// Top-level checks

#[test]
fn root_must_be_a_mapping() {
    let message = "the document must be a mapping (an OpenAPI object), not a sequence";
    assert_eq!(load_err("root-array.json"), [error(message, 1, 1, "")]);
    let message = "the document must be a mapping (an OpenAPI object), not a string";
    assert_eq!(text_err("just text\n"), [error(message, 1, 1, "")]);
    let message = "the document must be a mapping (an OpenAPI object), not a number";
    assert_eq!(text_err("  42\n"), [error(message, 1, 3, "")]);
}

#[test]
fn swagger_2_gets_its_own_message() {
    let message = "this is a Swagger 2.0 document; sls-gen reads OpenAPI 3.0 and 3.1: convert it \
                   first, for example with `npx swagger2openapi spec.yaml -o openapi.yaml`";
    assert_eq!(load_err("swagger.yaml"), [error(message, 1, 1, "/swagger")]);
}

#[test]
fn openapi_version_errors() {
    assert_eq!(
        load_err("unsupported-version.yaml"),
        [error(
            "unsupported OpenAPI version `3.2.0`: sls-gen reads 3.0.x and 3.1.x",
            1,
            1,
            "/openapi"
        )]
    );
    assert_eq!(
        text_err("info: {title: T, version: '1'}\npaths: {}\n"),
        [error(
            "missing `openapi` field: expected the OpenAPI version, such as `openapi: 3.0.3` or \
             `openapi: 3.1.0`",
            1,
            1,
            ""
        )]
    );
    assert_eq!(
        text_err("paths: {}\nopenapi: 3.1\ninfo: {title: T, version: '1'}\n"),
        [error(
            "`openapi` must be a version string such as \"3.1.0\" (in quotes), not a number",
            2,
            1,
            "/openapi"
        )]
    );
}

#[test]
fn missing_info_and_contents_are_reported_together() {
    assert_eq!(
        load_err("missing-parts.yaml"),
        [
            error(
                "missing `info` object (with the API's `title` and `version`)",
                1,
                1,
                ""
            ),
            error(
                "the document has none of `paths`, `webhooks` and `components`: there is nothing \
                 to generate",
                1,
                1,
                ""
            ),
        ]
    );
    assert_eq!(
        text_err("openapi: 3.0.3\ninfo: [title]\npaths: 5\n"),
        [
            error("`info` must be a mapping, not a sequence", 2, 1, "/info"),
            error("`paths` must be a mapping, not a number", 3, 1, "/paths"),
        ]
    );
}

#[test]
fn missing_or_numeric_info_fields_are_warnings() {
    let (doc, warnings) = load_ok("info-warnings.yaml");
    assert_eq!(
        flatten(&warnings),
        [
            warning(
                "`info.title` is a number; reading it as the string \"12\" (quote it to keep it exact)",
                3,
                3,
                "/info/title"
            ),
            warning("`info.version` is missing; using \"0.0.0\"", 2, 1, "/info/version"),
        ]
    );
    assert_eq!(doc.root["info"]["title"], "12");
    assert_eq!(doc.root["info"]["version"], "0.0.0");
}

#[test]
fn errors_carry_the_warnings_found_before() {
    let text = "openapi: 3.0.3\ninfo: {title: T}\npaths: {}\ncomponents:\n  schemas:\n    \
                A: {$ref: '#/nope'}\n";
    // A dangling `$ref` leaves the document readable: it comes back with its diagnostics, so
    // that later stages can add theirs.
    let (doc, diagnostics) = load_str("t.yaml", text).expect("readable");
    assert!(diagnostics.has_errors());
    assert_eq!(doc.root["info"]["version"], "0.0.0");
    assert_eq!(
        flatten(&diagnostics),
        [
            warning(
                "`info.version` is missing; using \"0.0.0\"",
                2,
                1,
                "/info/version"
            ),
            error(
                "unresolved reference `#/nope`",
                6,
                9,
                "/components/schemas/A/$ref"
            ),
        ]
    );
    assert_eq!(
        diagnostics.to_string(),
        "warning: `info.version` is missing; using \"0.0.0\"\n  --> t.yaml:2:1 at #/info/version\n\
         error: unresolved reference `#/nope`\n  --> t.yaml:6:9 at #/components/schemas/A/$ref\n\
         1 error, 1 warning"
    );
}

// ---------------------------------------------------------------------------------------------
// References

#[test]
fn reference_errors_are_all_reported_in_file_order() {
    let cycle = "reference cycle: `#/components/schemas/A` → `#/components/schemas/B` → \
                 `#/components/schemas/A` (each of these is only a reference, so none of them \
                 defines a type)";
    let self_cycle = "reference cycle: `#/components/schemas/Self` → `#/components/schemas/Self` \
                      (each of these is only a reference, so none of them defines a type)";
    assert_eq!(
        load_readable_err("ref-errors.yaml"),
        [
            error(
                "unresolved reference `#/components/parameters/Nope`",
                7,
                11,
                "/paths/~1pets/get/parameters/0/$ref"
            ),
            error(
                "cannot follow `other.yaml#/components/parameters/Limit`: the spec was given as \
                 text, not read from a file, so there is no directory to find `other.yaml` in",
                8,
                11,
                "/paths/~1pets/get/parameters/1/$ref"
            ),
            error(
                "cannot follow `https://example.com/responses.yaml#/Ok`: remote references are \
                 not supported; download the file and refer to it by a relative path",
                11,
                11,
                "/paths/~1pets/get/responses/200/$ref"
            ),
            error(cycle, 15, 7, "/components/schemas/A/$ref"),
            error(self_cycle, 19, 7, "/components/schemas/Self/$ref"),
            error(
                "`$ref` must be a string, not a number",
                25,
                7,
                "/components/schemas/Bad/$ref"
            ),
            error(
                "unresolved reference `#/components/schemas/Cat` in discriminator mapping",
                33,
                11,
                "/components/schemas/Pet/discriminator/mapping/cat"
            ),
            error(
                "unresolved reference `#/components/schemas/a~1b`",
                36,
                7,
                "/components/schemas/Escaped/$ref"
            ),
        ]
    );
}

#[test]
fn recursion_through_a_schema_is_not_a_cycle() {
    // petstore-3.0.yaml has `Node.children.items` and `Node.parent` pointing back at `Node`, and
    // `Alias` that is only a reference to `Pet`.
    let (_, diagnostics) = load_ok("petstore-3.0.yaml");
    assert!(diagnostics.is_empty(), "{diagnostics}");
}

#[test]
fn a_cycle_entered_from_outside_is_reported_once() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  \
                schemas:\n    Entry: {$ref: '#/components/schemas/B'}\n    \
                A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/C'}\n    \
                C: {$ref: '#/components/schemas/A'}\n";
    let message = "reference cycle: `#/components/schemas/A` → `#/components/schemas/B` → \
                   `#/components/schemas/C` → `#/components/schemas/A` (each of these is only a \
                   reference, so none of them defines a type)";
    assert_eq!(
        text_readable_err(text),
        [error(message, 7, 9, "/components/schemas/A/$ref")]
    );
}

#[test]
fn references_in_extensions_and_examples_are_data() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\nx-anything:\n  \
                $ref: '#/nowhere'\ncomponents:\n  schemas:\n    A:\n      type: object\n      \
                default: {$ref: '#/nowhere'}\n      enum: [{$ref: '#/nowhere'}]\n      \
                examples: [{$ref: other.yaml}]\n      x-extra: {$ref: '#/nowhere'}\n";
    let (_, diagnostics) = text_ok(text);
    assert!(diagnostics.is_empty(), "{diagnostics}");
}

#[test]
fn extensions_reached_through_references_are_normalised() {
    let text = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  \
                schemas:\n    A: {$ref: '#/x-shared/B'}\nx-shared:\n  B:\n    type: object\n    \
                properties:\n      c: {type: [string, 'null']}\nx-unused:\n  D: {type: [string, 'null']}\n";
    let (doc, diagnostics) = text_ok(text);
    assert!(diagnostics.is_empty(), "{diagnostics}");
    assert_eq!(
        doc.root["x-shared"]["B"]["properties"]["c"],
        json!({"type": "string", "nullable": true})
    );
    // What no reference reaches is data, left as written.
    assert_eq!(
        doc.root["x-unused"]["D"],
        json!({"type": ["string", "null"]})
    );
}

#[test]
fn escaped_references_resolve() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a/{id}:\n    \
                get:\n      responses:\n        '200': {$ref: '#/paths/~1b~1{id}/get/responses/200'}\n  \
                /b/{id}:\n    get:\n      responses:\n        '200': {description: ok}\n\
                components:\n  schemas:\n    'x~y': {$ref: '#/components/schemas/x~0y~1z'}\n    \
                'x~y/z': {type: string}\n    Encoded: {$ref: '#/components/schemas/x~0y%7E1z'}\n";
    let (doc, diagnostics) = text_ok(text);
    assert!(diagnostics.is_empty(), "{diagnostics}");
    let target = doc.resolve_ref("#/components/schemas/x~0y~1z");
    assert_eq!(target, Some(&json!({"type": "string"})));
}

// ---------------------------------------------------------------------------------------------
// References to other files

/// Loads a spec from its file, named by its path relative to the crate (the tests' working
/// directory), so that relative references are followed.
fn load_spec(path: &str) -> Result<(Document, Diagnostics), Diagnostics> {
    load_file(Path::new(path))
}

/// Every `$ref` string of `value` outside extensions, with the bundle itself walked into.
fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "$ref" {
                    out.extend(child.as_str().map(str::to_owned));
                } else if !key.starts_with("x-") || key == "x-sls-bundled" {
                    references(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, out)),
        _ => {}
    }
}

#[test]
fn a_spec_split_over_files_is_bundled_into_one_document() {
    let (doc, diagnostics) = load_spec("tests/load/multi/openapi.yaml").expect("loads");
    assert!(diagnostics.is_empty(), "{diagnostics}");
    let root = &doc.root;

    // A components member that only referred to a file holds the file's content.
    let pet = &root["components"]["schemas"]["Pet"];
    assert_eq!(pet["description"], "A pet in the store.");
    let properties = &pet["properties"];
    // References inside it now point into the one document: the file `tag.yaml` lives in
    // `components/schemas/Tag`, the others under `x-sls-bundled`, named after the file.
    assert_eq!(
        properties["tags"]["items"],
        json!({"$ref": "#/components/schemas/Tag"})
    );
    assert_eq!(
        properties["owner"],
        json!({"$ref": "#/x-sls-bundled/owner"})
    );
    // `~1` and `~0` in the fragments of references to other files.
    assert_eq!(
        properties["status"],
        json!({"$ref": "#/x-sls-bundled/common/definitions/pet~1status"})
    );
    assert_eq!(
        properties["size"],
        json!({"$ref": "#/x-sls-bundled/common/definitions/size~0class"})
    );
    // The referenced files are normalised like the root (3.1 → 3.0).
    assert_eq!(
        properties["nickname"],
        json!({"type": "string", "nullable": true})
    );
    let limit = &root["x-sls-bundled"]["common"]["components"]["parameters"]["Limit"]["schema"];
    assert_eq!(
        limit,
        &json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
    );
    // Extensions are data: their references are neither rewritten nor followed.
    assert_eq!(pet["x-audit"], json!({"$ref": "./missing.yaml"}));
    assert_eq!(root["x-internal"], json!({"$ref": "./nowhere.yaml"}));

    // Whole files are grafted once each, in the order they were reached.
    let grafted: Vec<&str> = root["x-sls-bundled"]
        .as_object()
        .map(|files| files.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(grafted, ["common", "pet-by-id", "owner"]);
    // A file reached by two paths (`./tag.yaml` from pet.yaml, `../schemas/../schemas/tag.yaml`
    // from owner.json) is one file; so is the root, reached back from paths/pet-by-id.yaml.
    let owner = &root["x-sls-bundled"]["owner"]["properties"];
    assert_eq!(
        owner["favourite"],
        json!({"$ref": "#/components/schemas/Tag"})
    );
    assert_eq!(
        owner["pets"]["items"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
    let by_id = &root["x-sls-bundled"]["pet-by-id"]["get"]["responses"];
    assert_eq!(
        by_id["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
    assert_eq!(
        root["paths"]["/pets/{petId}"],
        json!({"$ref": "#/x-sls-bundled/pet-by-id"})
    );

    // Every reference is local and resolves.
    let mut all = Vec::new();
    references(root, &mut all);
    assert!(all.len() > 10, "{all:?}");
    for reference in &all {
        assert!(reference.starts_with('#'), "{reference}");
        assert!(doc.resolve_ref(reference).is_some(), "{reference}");
    }
    let parsed: Result<openapiv3::OpenAPI, _> = serde_json::from_value(root.clone());
    assert!(parsed.is_ok(), "{:?}", parsed.err());

    // The files read, for build scripts: the missing files behind extensions are not among them.
    let files: Vec<String> = doc
        .files()
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "tests/load/multi/openapi.yaml",
            "tests/load/multi/common.yaml",
            "tests/load/multi/schemas/pet.yaml",
            "tests/load/multi/paths/pet-by-id.yaml",
            "tests/load/multi/schemas/tag.yaml",
            "tests/load/multi/schemas/owner.json",
        ]
    );
}

#[test]
fn bundled_content_is_located_in_its_own_file() {
    let (doc, _) = load_spec("tests/load/multi/openapi.yaml").expect("loads");
    let at = |pointer: &str| {
        let l = doc.locate(pointer);
        (l.file, l.line, l.column, l.pointer)
    };
    let pet = "tests/load/multi/schemas/pet.yaml";
    assert_eq!(
        at("/components/schemas/Pet/properties/name"),
        (pet.into(), 9, 3, "/properties/name".into())
    );
    assert_eq!(
        at("/components/schemas/Pet"),
        (pet.into(), 2, 1, String::new())
    );
    // A node added by normalisation is located at its nearest ancestor in the file.
    assert_eq!(
        at("/components/schemas/Pet/properties/nickname/nullable"),
        (pet.into(), 12, 3, "/properties/nickname/nullable".into())
    );
    assert_eq!(
        at("/x-sls-bundled/owner/properties/pets/items"),
        (
            "tests/load/multi/schemas/owner.json".into(),
            6,
            32,
            "/properties/pets/items".into()
        )
    );
    assert_eq!(
        at("/x-sls-bundled/common/definitions/pet~1status/enum"),
        (
            "tests/load/multi/common.yaml".into(),
            28,
            5,
            "/definitions/pet~1status/enum".into()
        )
    );
    // The root document is still located in the root file.
    assert_eq!(
        at("/paths/~1pets/get/operationId"),
        (
            "tests/load/multi/openapi.yaml".into(),
            10,
            7,
            "/paths/~1pets/get/operationId".into()
        )
    );
    let diagnostic = doc.error_at("/components/schemas/Pet/properties/name", "a problem");
    assert_eq!(
        diagnostic.to_string(),
        "error: a problem\n  --> tests/load/multi/schemas/pet.yaml:9:3 at #/properties/name"
    );
}

#[test]
fn a_multi_file_spec_generates_the_same_rust_as_its_single_file_equivalent() {
    let generate = |path: &str| {
        let analysis = match sls_gen::analyze(Path::new(path)) {
            Ok(analysis) => analysis,
            Err(diagnostics) => panic!("{path} does not analyze:\n{diagnostics}"),
        };
        assert!(analysis.warnings.is_empty(), "{}", analysis.warnings);
        let names: Vec<String> = analysis
            .ir
            .types
            .defs
            .iter()
            .map(|def| def.name.clone())
            .collect();
        let code = sls_gen::generate_rust(&analysis.ir, "spec.yaml")
            .unwrap_or_else(|error| panic!("{error}"));
        (names, code, analysis.files.len())
    };
    let (split_names, split, split_files) = generate("tests/load/multi/openapi.yaml");
    let (single_names, single, single_files) = generate("tests/load/multi-single.yaml");
    assert_eq!(
        split_names,
        ["Pet", "Tag", "Owner", "PetStatus", "SizeClass", "Problem"]
    );
    assert_eq!(split_names, single_names);
    assert!(split == single, "the generated code differs:\n{split}");
    assert_eq!((split_files, single_files), (6, 1));
}

#[test]
fn each_referenced_piece_has_one_place() {
    let (doc, diagnostics) = load_spec("tests/load/multi-edges/openapi.yaml").expect("loads");
    assert!(diagnostics.is_empty(), "{diagnostics}");
    let schemas = &doc.root["components"]["schemas"];
    // The first member that only refers to a file receives it; the next one refers to it.
    assert_eq!(
        schemas["First"]["properties"]["id"],
        json!({"type": "integer"})
    );
    assert_eq!(
        schemas["Second"],
        json!({"$ref": "#/components/schemas/First"})
    );
    // A reference with siblings is not only a reference: the file is grafted.
    assert_eq!(schemas["Described"]["$ref"], "#/x-sls-bundled/described");
    // A piece of a file can be a home too; references to it from its own file go there.
    assert_eq!(schemas["Error"]["type"], "object");
    assert_eq!(
        schemas["Errors"]["items"],
        json!({"$ref": "#/components/schemas/Error"})
    );
    // Two files with the same stem get distinct places, hence distinct type names.
    let pets = &schemas["Pets"]["properties"];
    assert_eq!(pets["old"], json!({"$ref": "#/x-sls-bundled/pet"}));
    assert_eq!(pets["new"], json!({"$ref": "#/x-sls-bundled/pet-2"}));
    // Percent-encoding in the path and in the fragment.
    assert_eq!(
        pets["odd"],
        json!({"$ref": "#/x-sls-bundled/with space/100%"})
    );
    assert_eq!(
        doc.resolve_ref("#/x-sls-bundled/with space/100%"),
        Some(&json!({"type": "integer"}))
    );
    // An extension of the root reached through a reference is followed too.
    assert_eq!(
        doc.root["x-kept"]["Cat"]["properties"]["friend"],
        json!({"$ref": "#/components/schemas/First"})
    );
    let grafted: Vec<&str> = doc.root["x-sls-bundled"]
        .as_object()
        .map(|files| files.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(grafted, ["described", "pet", "pet-2", "with space"]);
    assert_eq!(
        doc.locate("/x-sls-bundled/pet-2/properties/born").file,
        "tests/load/multi-edges/v2/pet.yaml"
    );

    let analysis = sls_gen::analyze(Path::new("tests/load/multi-edges/openapi.yaml"))
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let names: Vec<&str> = analysis
        .ir
        .types
        .defs
        .iter()
        .map(|def| def.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "First",
            "Second",
            "Described",
            "Error",
            "Errors",
            "Pets",
            "Kept",
            "Described2",
            "Pet",
            "Pet2",
            "V100",
            "Cat"
        ]
    );
}

#[test]
fn problems_with_referenced_files_are_located() {
    let Ok((_, diagnostics)) = load_spec("tests/load/multi-errors/openapi.yaml") else {
        panic!("the root document is readable");
    };
    let mut found = flatten(&diagnostics);
    // The operating system words the first one.
    let unreadable = found.remove(0);
    assert!(
        unreadable.1.starts_with(
            "cannot read `tests/load/multi-errors/missing.yaml` (referenced as `./missing.yaml`): "
        ),
        "{unreadable:?}"
    );
    assert_eq!(
        (unreadable.2, unreadable.3, unreadable.4.as_str()),
        (7, 11, "/paths/~1a/get/parameters/0/$ref")
    );
    let dir = "tests/load/multi-errors";
    let cycle = format!(
        "reference cycle: `{dir}/loop-a.yaml#` → `{dir}/loop-b.yaml#` → `{dir}/loop-a.yaml#` \
         (each of these is only a reference, so none of them defines a type)"
    );
    // The component `Back` holds what back.yaml says: a reference to `Back`.
    let back = format!(
        "reference cycle: `{dir}/back.yaml#` → `{dir}/back.yaml#` (each of these is only a \
         reference, so none of them defines a type)"
    );
    assert_eq!(
        found,
        [
            error(
                &format!(
                    "unresolved reference `parts.yaml#/parameters/Nope`: `{dir}/parts.yaml` has \
                     nothing at `#/parameters/Nope`"
                ),
                8,
                11,
                "/paths/~1a/get/parameters/1/$ref"
            ),
            error(
                &format!(
                    "cannot load `{dir}/broken.yaml` (referenced as `broken.yaml#/Ok`): see the \
                     errors reported in it"
                ),
                11,
                11,
                "/paths/~1a/get/responses/200/$ref"
            ),
            error(
                "cannot follow `http://example.com/responses.yaml#/Ok`: remote references are \
                 not supported; download the file and refer to it by a relative path",
                13,
                11,
                "/paths/~1a/get/responses/201/$ref"
            ),
            error(
                "`x-sls-bundled` is reserved for the files that `$ref`s reach; rename this member",
                24,
                1,
                "/x-sls-bundled"
            ),
            // In the files themselves, at the pointer they have there.
            error(
                &format!("duplicate key `type` (first defined at {dir}/parts.yaml:12:5)"),
                13,
                5,
                "/schemas/Dup/type"
            ),
            error(
                "unresolved reference `#/schemas/Nope`",
                16,
                9,
                "/schemas/Dup/properties/x/$ref"
            ),
            error(
                "syntax error: while parsing a flow sequence, expected ',' or ']'",
                3,
                1,
                "/Ok/description/1"
            ),
            error(&cycle, 1, 1, "/$ref"),
            error(&back, 2, 1, "/$ref"),
            error(
                "`type` must be a type name or a non-empty list of type names",
                18,
                5,
                "/schemas/Odd/type"
            ),
        ]
    );
    // Every file read is listed, even one that does not parse, so that a build reruns when it
    // is fixed.
    let (doc, _) = load_spec("tests/load/multi-errors/openapi.yaml").expect("readable");
    let read: Vec<String> = doc
        .files()
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    assert_eq!(
        read,
        [
            "openapi.yaml",
            "parts.yaml",
            "broken.yaml",
            "loop-a.yaml",
            "back.yaml",
            "loop-b.yaml"
        ]
        .map(|name| format!("{dir}/{name}"))
    );
    let files: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d.location.as_ref())
        .map(|l| l.file.rsplit('/').next().unwrap_or_default())
        .collect();
    assert_eq!(
        files,
        [
            "openapi.yaml",
            "openapi.yaml",
            "openapi.yaml",
            "openapi.yaml",
            "openapi.yaml",
            "parts.yaml",
            "parts.yaml",
            "broken.yaml",
            "loop-a.yaml",
            "back.yaml",
            "parts.yaml"
        ]
    );
}

#[test]
fn a_spec_given_as_text_cannot_follow_references_to_files() {
    let text = format!(
        "{HEADER}components:\n  schemas:\n    Pet: {{$ref: 'schemas/pet.yaml'}}\n    \
         Local: {{$ref: '#/components/schemas/Pet'}}\n"
    );
    assert_eq!(
        text_readable_err(&text),
        [error(
            "cannot follow `schemas/pet.yaml`: the spec was given as text, not read from a file, \
             so there is no directory to find `schemas/pet.yaml` in",
            6,
            11,
            "/components/schemas/Pet/$ref"
        )]
    );
    let (doc, _) = load_str("t.yaml", &text).expect("still a document");
    assert!(doc.files().is_empty());
}

#[test]
fn other_uri_schemes_are_refused() {
    let text = format!(
        "{HEADER}components:\n  schemas:\n    A: {{$ref: 'HTTPS://example.com/a.yaml'}}\n    \
         B: {{$ref: '//example.com/b.yaml#/B'}}\n    C: {{$ref: 'file:///tmp/c.yaml'}}\n"
    );
    let remote = |reference: &str| {
        format!(
            "cannot follow `{reference}`: remote references are not supported; download the file \
             and refer to it by a relative path"
        )
    };
    assert_eq!(
        text_readable_err(&text),
        [
            error(
                &remote("HTTPS://example.com/a.yaml"),
                6,
                9,
                "/components/schemas/A/$ref"
            ),
            error(
                &remote("//example.com/b.yaml#/B"),
                7,
                9,
                "/components/schemas/B/$ref"
            ),
            error(
                "cannot follow `file:///tmp/c.yaml`: `file:` references are not supported; refer \
                 to the file by a relative path",
                8,
                9,
                "/components/schemas/C/$ref"
            ),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Robustness

/// A fixed-seed xorshift generator: the same "random" inputs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn garbage_never_panics() {
    let seed_spec =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/load/petstore-3.0.yaml"))
            .expect("input");
    let alphabet = b"{}[]:,-?&*!|>'\"#%@`~ \n\t\\abcxyz0123456789.$/<=";
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for round in 0..600 {
        let input: Vec<u8> = match round % 3 {
            // Arbitrary bytes.
            0 => (0..rng.below(300)).map(|_| rng.next() as u8).collect(),
            // YAML punctuation soup.
            1 => (0..rng.below(300))
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect(),
            // A valid spec with a few bytes changed, inserted or removed.
            _ => {
                let mut bytes = seed_spec.clone();
                for _ in 0..1 + rng.below(6) {
                    let at = rng.below(bytes.len());
                    match rng.below(3) {
                        0 => bytes[at] = alphabet[rng.below(alphabet.len())],
                        1 => bytes.insert(at, alphabet[rng.below(alphabet.len())]),
                        _ => {
                            bytes.remove(at);
                        }
                    }
                }
                bytes
            }
        };
        match load_bytes("fuzz.yaml", &input) {
            Ok(_) => {}
            Err(diagnostics) => assert!(
                diagnostics.has_errors(),
                "round {round}: a failure without an error: {diagnostics}"
            ),
        }
    }
}
