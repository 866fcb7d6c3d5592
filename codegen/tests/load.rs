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
            "syntax error: while parsing a flow mapping, did not find expected ',' or '}'",
            6,
            5,
            "/paths"
        )]
    );
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
    let diagnostics =
        on_default_stack(move || load_str("deep.json", &json_like).err().map(|d| flatten(&d)));
    // "{"openapi": "3.0.3", "x": " is 27 characters and each level 6 more; the scanner stops
    // just before the 256th `{`.
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
