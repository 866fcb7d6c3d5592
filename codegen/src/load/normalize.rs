//! OpenAPI 3.1 → 3.0 normalisation of schemas, in place, so that the lowering can read every
//! document through the 3.0 model of `openapiv3`.
//!
//! In each schema (the members of `components.schemas`, every `schema` member of parameters,
//! media types and headers, and their subschemas):
//!
//! | 3.1 | 3.0 |
//! | --- | --- |
//! | `type: [T, "null"]` | `type: T`, `nullable: true` |
//! | `type: "null"` or `["null"]` | `nullable: true` (no type) |
//! | `type: [A, B]` | `anyOf: [{type: A}, {type: B}]` |
//! | `anyOf`/`oneOf: [X, {type: "null"}]` | `allOf: [X]`, `nullable: true` |
//! | `const: v` | `enum: [v]` |
//! | `exclusiveMinimum: n` | `minimum: n`, `exclusiveMinimum: true` (same for maximum) |
//! | `examples: [a, …]` | `example: a` |
//! | `$ref` with sibling keywords | `allOf: [{$ref}]` plus the siblings |
//! | `true` / `false` as a schema | `{}` / `{not: {}}` |
//!
//! `$ref`s whose siblings are only annotations (`description`, `summary`, `title`, `$comment`,
//! extensions) stay as they are: a reference ignores its siblings in the 3.0 model.
//!
//! Content under extensions (`x-…`), such as what was bundled from other files under
//! `x-sls-bundled`, has no position that says what it is, so what references reach there is
//! normalised as what the references make it: a schema when a schema refers to it, a parameter,
//! response… otherwise.

use std::collections::{HashSet, VecDeque};

use serde_json::{json, Map, Value};

use super::refs::{in_extension, local_pointer};
use super::walk::{self, Member, Role};
use super::Document;
use crate::diagnostics::{push_pointer_token, Diagnostics};

/// Deeper than any parsed document can be (normalisation adds at most two levels a schema).
const MAX_SCHEMA_DEPTH: usize = 4 * super::MAX_DEPTH;

/// Subschema members whose value maps names to schemas.
const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// Subschema members whose value is one schema (`items` may also be a list in old drafts).
const SCHEMA_MEMBERS: &[&str] = &[
    "items",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
];
/// Subschema members that hold a schema or a boolean; booleans are meaningful there and stay.
const SCHEMA_OR_BOOL_MEMBERS: &[&str] = &[
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
];
/// Subschema members whose value is a list of schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Siblings of `$ref` that the 3.0 model may drop without losing meaning.
const ANNOTATIONS: &[&str] = &["$ref", "description", "summary", "title", "$comment"];

/// Rewrites every schema of `doc` (a 3.1 document) onto the 3.0 shape.
pub(crate) fn normalize(doc: &mut Document, diagnostics: &mut Diagnostics) {
    let mut root = std::mem::take(&mut doc.root);
    let mut normalizer = Normalizer {
        doc,
        diagnostics,
        pointer: String::new(),
        reached: VecDeque::new(),
        followed: HashSet::new(),
    };
    normalizer.document(&mut root, Role::Keywords);
    while let Some((pointer, what)) = normalizer.reached.pop_front() {
        let Some(value) = root.pointer_mut(&pointer) else {
            continue;
        };
        normalizer.pointer = pointer;
        match what {
            Reached::Schema => normalizer.schema(value, 0),
            Reached::Object(role) => normalizer.document(value, role),
        }
    }
    doc.root = root;
}

/// What a piece of content under an extension is, as the reference to it says.
#[derive(Clone, Copy)]
enum Reached {
    Schema,
    /// Anything else (a parameter, a response, a path item…), with its role.
    Object(Role),
}

struct Normalizer<'a> {
    /// The document being normalised, for its positions; its root is moved out meanwhile.
    doc: &'a Document,
    diagnostics: &'a mut Diagnostics,
    /// Pointer of the node being visited.
    pointer: String,
    /// Content under extensions still to normalise, found through references.
    reached: VecDeque<(String, Reached)>,
    /// Pointers of the content under extensions already found.
    followed: HashSet<String>,
}

impl Normalizer<'_> {
    /// Queues the content under an extension that `reference` names, the first time it is named.
    fn follow(&mut self, reference: &Value, what: Reached) {
        let Some(pointer) = reference.as_str().and_then(local_pointer) else {
            return;
        };
        if in_extension(&pointer) && self.followed.insert(pointer.clone()) {
            self.reached.push_back((pointer, what));
        }
    }

    /// Looks for schemas outside schemas. Recursion is bounded by the parser's nesting limit.
    fn document(&mut self, value: &mut Value, role: Role) {
        match value {
            Value::Object(map) => {
                let in_components = self.pointer == "/components" && role == Role::Keywords;
                for (key, child) in map.iter_mut() {
                    let child_role = match walk::member(role, in_components, key, child) {
                        Member::Node(child_role) => child_role,
                        Member::Ref => {
                            self.follow(child, Reached::Object(role));
                            continue;
                        }
                        Member::Skip => continue,
                    };
                    let length = self.pointer.len();
                    push_pointer_token(&mut self.pointer, key);
                    if key == "schema" && !matches!(role, Role::Names { .. }) {
                        self.schema(child, 0);
                    } else if in_components && key == "schemas" {
                        self.schema_map(child, 0);
                    } else {
                        self.document(child, child_role);
                    }
                    self.pointer.truncate(length);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    let length = self.pointer.len();
                    push_pointer_token(&mut self.pointer, &index.to_string());
                    self.document(item, Role::Keywords);
                    self.pointer.truncate(length);
                }
            }
            _ => {}
        }
    }

    fn schema_map(&mut self, value: &mut Value, depth: usize) {
        if let Value::Object(map) = value {
            for (name, schema) in map.iter_mut() {
                let length = self.pointer.len();
                push_pointer_token(&mut self.pointer, name);
                self.schema(schema, depth + 1);
                self.pointer.truncate(length);
            }
        }
    }

    fn schema_list(&mut self, value: &mut Value, depth: usize) {
        if let Value::Array(items) = value {
            for (index, schema) in items.iter_mut().enumerate() {
                let length = self.pointer.len();
                push_pointer_token(&mut self.pointer, &index.to_string());
                self.schema(schema, depth + 1);
                self.pointer.truncate(length);
            }
        }
    }

    /// Normalises one schema, then its subschemas.
    fn schema(&mut self, value: &mut Value, depth: usize) {
        if depth > MAX_SCHEMA_DEPTH {
            return;
        }
        if let Value::Bool(accepts) = value {
            *value = if *accepts {
                json!({})
            } else {
                json!({ "not": {} })
            };
            return;
        }
        let Value::Object(schema) = value else {
            return;
        };
        wrap_ref_with_siblings(schema);
        if let Some(reference) = schema.get("$ref") {
            self.follow(reference, Reached::Schema);
        }
        self.type_list(schema);
        lift_null_branches(schema);
        if let Some(constant) = schema.shift_remove("const") {
            schema.insert("enum".into(), Value::Array(vec![constant]));
        }
        exclusive_bound(schema, "exclusiveMinimum", "minimum", |bound, limit| {
            bound > limit
        });
        exclusive_bound(schema, "exclusiveMaximum", "maximum", |bound, limit| {
            bound < limit
        });
        if let Some(Value::Array(examples)) = schema.get("examples") {
            let first = examples.first().cloned();
            schema.shift_remove("examples");
            if let Some(first) = first {
                schema.entry("example").or_insert(first);
            }
        }

        for (key, child) in schema.iter_mut() {
            let key = key.as_str();
            let length = self.pointer.len();
            push_pointer_token(&mut self.pointer, key);
            if SCHEMA_MAPS.contains(&key) {
                self.schema_map(child, depth);
            } else if SCHEMA_LISTS.contains(&key) || (key == "items" && child.is_array()) {
                self.schema_list(child, depth);
            } else if SCHEMA_MEMBERS.contains(&key)
                || (SCHEMA_OR_BOOL_MEMBERS.contains(&key) && child.is_object())
            {
                self.schema(child, depth + 1);
            }
            self.pointer.truncate(length);
        }
    }

    /// `type: [T, "null"]` → `type: T, nullable: true`; two or more non-null types → `anyOf`.
    fn type_list(&mut self, schema: &mut Map<String, Value>) {
        let names: Vec<String> = match schema.get("type") {
            Some(Value::String(name)) if name == "null" => vec![name.clone()],
            Some(Value::Array(items)) => {
                let names: Option<Vec<String>> = items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect();
                match names {
                    Some(names) if !names.is_empty() => names,
                    _ => {
                        let mut at = self.pointer.clone();
                        push_pointer_token(&mut at, "type");
                        let message =
                            "`type` must be a type name or a non-empty list of type names";
                        self.diagnostics.push(self.doc.error_at(&at, message));
                        return;
                    }
                }
            }
            _ => return,
        };
        let mut types: Vec<String> = Vec::new();
        let mut nullable = false;
        for name in names {
            if name == "null" {
                nullable = true;
            } else if !types.contains(&name) {
                types.push(name);
            }
        }
        if nullable {
            schema.insert("nullable".into(), Value::Bool(true));
        }
        match types.as_slice() {
            [] => {
                schema.shift_remove("type");
            }
            [single] => {
                schema.insert("type".into(), Value::String(single.clone()));
            }
            several => {
                let branches: Vec<Value> =
                    several.iter().map(|name| json!({ "type": name })).collect();
                schema.shift_remove("type");
                add_any_of(schema, branches);
            }
        }
    }
}

/// `$ref` plus siblings that carry meaning → `allOf: [{$ref}]` plus the siblings.
fn wrap_ref_with_siblings(schema: &mut Map<String, Value>) {
    if !matches!(schema.get("$ref"), Some(Value::String(_))) {
        return;
    }
    let meaningful = schema
        .keys()
        .any(|key| !ANNOTATIONS.contains(&key.as_str()) && !key.starts_with("x-"));
    if !meaningful || schema.get("allOf").is_some_and(|all| !all.is_array()) {
        return;
    }
    let Some(reference) = schema.shift_remove("$ref") else {
        return;
    };
    let wrapped = json!({ "$ref": reference });
    match schema.get_mut("allOf") {
        Some(Value::Array(all)) => all.insert(0, wrapped),
        _ => {
            schema.insert("allOf".into(), Value::Array(vec![wrapped]));
        }
    }
}

/// Adds `anyOf: branches`, or, when the schema already has an `anyOf`, an `allOf` member holding it.
fn add_any_of(schema: &mut Map<String, Value>, branches: Vec<Value>) {
    if !schema.contains_key("anyOf") {
        schema.insert("anyOf".into(), Value::Array(branches));
        return;
    }
    let any_of = json!({ "anyOf": branches });
    match schema.get_mut("allOf") {
        Some(Value::Array(all)) => all.push(any_of),
        _ => {
            schema.insert("allOf".into(), Value::Array(vec![any_of]));
        }
    }
}

/// Whether a schema only says "null": `{type: "null"}` or `{type: ["null"]}`, maybe annotated.
fn is_null_schema(schema: &Value) -> bool {
    let Value::Object(schema) = schema else {
        return false;
    };
    let null_type = match schema.get("type") {
        Some(Value::String(name)) => name == "null",
        Some(Value::Array(names)) => !names.is_empty() && names.iter().all(|n| n == "null"),
        _ => false,
    };
    null_type
        && schema
            .keys()
            .all(|key| matches!(key.as_str(), "type" | "description" | "title" | "nullable"))
}

/// `anyOf`/`oneOf: [X, {type: "null"}]` → `allOf: [X]`, `nullable: true` (the 3.0 idiom for an
/// optional reference); with several other branches, only the null branch goes.
fn lift_null_branches(schema: &mut Map<String, Value>) {
    for keyword in ["anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = schema.get(keyword) else {
            continue;
        };
        let mut rest: Vec<Value> = branches
            .iter()
            .filter(|branch| !is_null_schema(branch))
            .cloned()
            .collect();
        if rest.len() == branches.len() || rest.is_empty() {
            continue;
        }
        schema.insert("nullable".into(), Value::Bool(true));
        let all_of_usable = matches!(schema.get("allOf"), None | Some(Value::Array(_)));
        if rest.len() == 1 && all_of_usable {
            let only = rest.remove(0);
            schema.shift_remove(keyword);
            match schema.get_mut("allOf") {
                Some(Value::Array(all)) => all.push(only),
                _ => {
                    schema.insert("allOf".into(), Value::Array(vec![only]));
                }
            }
        } else {
            schema.insert(keyword.into(), Value::Array(rest));
        }
    }
}

/// Numeric `exclusiveMinimum: n` → `minimum: n, exclusiveMinimum: true`, unless an inclusive
/// `minimum` is already stricter (`stricter(minimum, n)`), in which case the exclusive bound goes.
fn exclusive_bound(
    schema: &mut Map<String, Value>,
    exclusive: &str,
    inclusive: &str,
    stricter: fn(f64, f64) -> bool,
) {
    let Some(Value::Number(limit)) = schema.get(exclusive).cloned() else {
        return;
    };
    let current = schema.get(inclusive).and_then(Value::as_f64);
    match (current, limit.as_f64()) {
        (Some(bound), Some(limit)) if stricter(bound, limit) => {
            schema.shift_remove(exclusive);
        }
        _ => {
            schema.insert(inclusive.into(), Value::Number(limit));
            schema.insert(exclusive.into(), Value::Bool(true));
        }
    }
}
