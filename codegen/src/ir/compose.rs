//! `allOf` (merged into one object type) and `oneOf`/`anyOf` (a Rust enum, tagged when a
//! discriminator names the property that tells the alternatives apart).

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::names::{self, Namer};
use super::schema::{child, is_annotation_key, is_annotation_only, SchemaLowerer, ANY};
use super::{TypeKind, UnionDef, UnionVariant};
use crate::diagnostics::pointer_tokens;

/// How deep `allOf` members may nest (through references) before the merge gives up.
const MAX_MERGE_DEPTH: usize = 64;

/// The properties and object keywords of one or more object schemas, merged.
#[derive(Debug, Default)]
pub(crate) struct MergedObject {
    /// Every property, in the order first met; a later declaration replaces an earlier one.
    pub(crate) properties: IndexMap<String, MergedProperty>,
    /// Required property names, in the order met.
    pub(crate) required: Vec<String>,
    /// The policy for undeclared properties.
    pub(crate) additional: MergedAdditional,
    pub(crate) min_properties: Option<usize>,
    pub(crate) max_properties: Option<usize>,
    /// Some member requires properties that another member may declare: no warning for
    /// `required` names without a property.
    pub(crate) open_required: bool,
}

/// Where a merged property is declared.
#[derive(Debug)]
pub(crate) struct MergedProperty {
    /// The pointer of the property's schema.
    pub(crate) pointer: String,
}

/// `additionalProperties` of a merged object.
#[derive(Debug, Default)]
pub(crate) enum MergedAdditional {
    /// Allowed (absent or `true`).
    #[default]
    Allow,
    /// `false`.
    Deny,
    /// A schema, by pointer.
    Schema(String),
}

impl MergedObject {
    /// Takes in the object keywords of one schema (not its `allOf` members).
    pub(crate) fn absorb(
        &mut self,
        lowerer: &mut SchemaLowerer<'_>,
        schema: &Map<String, Value>,
        pointer: &str,
    ) {
        match schema.get("properties") {
            Some(Value::Object(properties)) => {
                let at = child(pointer, "properties");
                for name in properties.keys() {
                    self.properties.insert(
                        name.clone(),
                        MergedProperty {
                            pointer: child(&at, name),
                        },
                    );
                }
            }
            Some(_) => lowerer.error(
                &child(pointer, "properties"),
                "`properties` must be a mapping",
            ),
            None => {}
        }
        match schema.get("required") {
            Some(Value::Array(names)) => {
                for name in names {
                    match name.as_str() {
                        Some(name) if !self.required.iter().any(|r| r == name) => {
                            self.required.push(name.to_owned())
                        }
                        Some(_) => {}
                        None => lowerer.error(
                            &child(pointer, "required"),
                            "`required` must list property names",
                        ),
                    }
                }
            }
            // Swagger 2 habit: `required: true` on a property. The property's parent decides.
            Some(Value::Bool(_)) => lowerer.warning(
                &child(pointer, "required"),
                "`required: true` on a schema has no effect; list the property in its object's `required`",
            ),
            Some(_) => lowerer.error(
                &child(pointer, "required"),
                "`required` must be a list of property names",
            ),
            None => {}
        }
        match schema.get("additionalProperties") {
            Some(Value::Bool(false)) => self.additional = MergedAdditional::Deny,
            Some(Value::Object(_)) => {
                self.additional = MergedAdditional::Schema(child(pointer, "additionalProperties"))
            }
            _ => {}
        }
        if let Some(n) = schema.get("minProperties").and_then(Value::as_u64) {
            self.min_properties = usize::try_from(n).ok();
        }
        if let Some(n) = schema.get("maxProperties").and_then(Value::as_u64) {
            self.max_properties = usize::try_from(n).ok();
        }
    }
}

/// What an `allOf` becomes.
pub(crate) enum AllOfPlan {
    /// Every member is an object: one struct with every property.
    Struct(MergedObject),
    /// One member carries the type; the others only annotate (pointer of that member).
    Single(String),
    /// Members that do not merge (objects with unions, scalars with objects, ...), by pointer.
    Opaque(Vec<String>),
}

impl AllOfPlan {
    pub(crate) fn new(
        lowerer: &mut SchemaLowerer<'_>,
        schema: &Map<String, Value>,
        pointer: &str,
    ) -> AllOfPlan {
        let members = member_pointers(lowerer, schema, pointer, "allOf");
        let own_non_object = ["oneOf", "anyOf", "enum", "not", "items"]
            .iter()
            .any(|k| schema.contains_key(*k))
            || schema.get("type").is_some_and(|t| t != "object");
        if !own_non_object
            && members
                .iter()
                .all(|m| is_object_member(lowerer, m, 0) || is_annotation(lowerer, m))
        {
            let mut merged = MergedObject::default();
            let mut mergeable = true;
            for member in &members {
                mergeable &= merge_member(lowerer, member, &mut merged, 0);
            }
            if mergeable {
                merged.absorb(lowerer, schema, pointer);
                return AllOfPlan::Struct(merged);
            }
        }
        let typed: Vec<&String> = members
            .iter()
            .filter(|at| !is_annotation(lowerer, at))
            .collect();
        if typed.len() == 1 && !own_non_object && !has_object_keywords(schema) {
            return AllOfPlan::Single(typed[0].clone());
        }
        AllOfPlan::Opaque(members)
    }

    /// The member to use instead of hoisting, when an `allOf` in a position only wraps one
    /// `$ref` with annotations (`allOf: [{$ref: X}]`, `description: ...`).
    pub(crate) fn single_ref(
        lowerer: &mut SchemaLowerer<'_>,
        schema: &Map<String, Value>,
        pointer: &str,
    ) -> Option<String> {
        if !schema.keys().all(|k| k == "allOf" || is_annotation_key(k)) {
            return None;
        }
        let members = member_pointers(lowerer, schema, pointer, "allOf");
        let mut typed = members.into_iter().filter(|at| !is_annotation(lowerer, at));
        let first = typed.next()?;
        if typed.next().is_some() {
            return None;
        }
        lowerer
            .doc
            .root
            .pointer(&first)
            .and_then(|v| v.get("$ref"))
            .is_some()
            .then_some(first)
    }
}

fn is_annotation(lowerer: &SchemaLowerer<'_>, pointer: &str) -> bool {
    lowerer
        .doc
        .root
        .pointer(pointer)
        .is_some_and(is_annotation_only)
}

fn has_object_keywords(schema: &Map<String, Value>) -> bool {
    ["properties", "additionalProperties", "required"]
        .iter()
        .any(|k| schema.contains_key(*k))
}

/// The pointers of the members of `keyword` (a list of schemas), with a located error when it is
/// not a list.
fn member_pointers(
    lowerer: &mut SchemaLowerer<'_>,
    schema: &Map<String, Value>,
    pointer: &str,
    keyword: &str,
) -> Vec<String> {
    let at = child(pointer, keyword);
    match schema.get(keyword) {
        Some(Value::Array(items)) => (0..items.len())
            .map(|i| child(&at, &i.to_string()))
            .collect(),
        _ => {
            lowerer.error(&at, format!("`{keyword}` must be a list of schemas"));
            Vec::new()
        }
    }
}

/// The pointer a `$ref` in the document leads to, if it resolves.
fn follow(lowerer: &SchemaLowerer<'_>, value: &Value) -> Option<String> {
    let reference = value.get("$ref")?.as_str()?;
    lowerer.doc.resolve_ref(reference)?;
    let mut pointer = String::new();
    for token in pointer_tokens(reference.strip_prefix('#')?) {
        pointer = child(&pointer, &token);
    }
    Some(pointer)
}

/// Whether the member at `pointer` is (or refers to) an object schema.
fn is_object_member(lowerer: &SchemaLowerer<'_>, pointer: &str, depth: usize) -> bool {
    if depth > MAX_MERGE_DEPTH {
        return false;
    }
    let Some(value) = lowerer.doc.root.pointer(pointer) else {
        return false;
    };
    if let Some(target) = follow(lowerer, value) {
        return is_object_member(lowerer, &target, depth + 1);
    }
    value.as_object().is_some_and(|schema| {
        schema.get("type").is_some_and(|t| t == "object")
            || has_object_keywords(schema)
            || schema.contains_key("allOf")
    })
}

/// Merges the member at `pointer` (following references and nested `allOf`s) into `merged`.
/// Returns `false` when the member is not an object schema.
fn merge_member(
    lowerer: &mut SchemaLowerer<'_>,
    pointer: &str,
    merged: &mut MergedObject,
    depth: usize,
) -> bool {
    if depth > MAX_MERGE_DEPTH {
        return false;
    }
    let doc = lowerer.doc;
    let Some(value) = doc.root.pointer(pointer) else {
        return false;
    };
    if let Some(target) = follow(lowerer, value) {
        return merge_member(lowerer, &target, merged, depth + 1);
    }
    let Some(schema) = value.as_object() else {
        return value == &Value::Bool(true);
    };
    if is_annotation_only(value) {
        return true;
    }
    if ["oneOf", "anyOf", "enum", "not", "items", "$ref"]
        .iter()
        .any(|k| schema.contains_key(*k))
        || schema.get("type").is_some_and(|t| t != "object")
    {
        return false;
    }
    let mut ok = true;
    if schema.contains_key("allOf") {
        for member in member_pointers(lowerer, schema, pointer, "allOf") {
            ok &= merge_member(lowerer, &member, merged, depth + 1);
        }
    }
    if !schema.contains_key("properties") && schema.contains_key("required") {
        merged.open_required = true;
    }
    merged.absorb(lowerer, schema, pointer);
    ok
}

/// A `oneOf`/`anyOf` about to be lowered.
pub(crate) struct UnionPlan {
    keyword: &'static str,
    exclusive: bool,
    /// Pointers of the alternatives (null alternatives removed).
    members: Vec<String>,
    discriminator: Option<Discriminator>,
    /// The union's own schema, when its object keywords go into every alternative.
    base: Option<String>,
}

struct Discriminator {
    property: String,
    /// Tag value → mapping target (a `$ref` or a bare schema name), in document order.
    mapping: Vec<(String, String)>,
}

impl UnionPlan {
    pub(crate) fn new(
        lowerer: &mut SchemaLowerer<'_>,
        schema: &Map<String, Value>,
        pointer: &str,
        exclusive: bool,
    ) -> Option<UnionPlan> {
        let keyword = if exclusive { "oneOf" } else { "anyOf" };
        if schema.contains_key("oneOf") && schema.contains_key("anyOf") {
            // `type: [null, string, array]` next to a `oneOf` becomes an `anyOf` of bare types
            // when 3.1 is normalised: the `oneOf` alternatives already say as much.
            let only_types =
                schema
                    .get("anyOf")
                    .and_then(Value::as_array)
                    .is_some_and(|branches| {
                        branches
                            .iter()
                            .all(|b| b.as_object().is_some_and(|b| b.keys().all(|k| k == "type")))
                    });
            if !only_types {
                lowerer.warning(
                    &child(pointer, "anyOf"),
                    "`anyOf` next to `oneOf` is not checked; the type follows `oneOf`",
                );
            }
        }
        let members = member_pointers(lowerer, schema, pointer, keyword);
        // `properties` next to `oneOf`: every alternative is those properties plus its own, as
        // if each were `allOf: [base, alternative]`.
        let base = has_object_keywords(schema);
        if base
            && !members
                .iter()
                .all(|m| is_object_member(lowerer, m, 0) || is_annotation(lowerer, m))
        {
            lowerer.warning(
                pointer,
                format!(
                    "object keywords next to `{keyword}` are not part of the generated type: \
                     some alternatives are not objects"
                ),
            );
        }
        let base = base
            && members
                .iter()
                .all(|m| is_object_member(lowerer, m, 0) || is_annotation(lowerer, m));
        let discriminator = match schema.get("discriminator") {
            Some(Value::Object(d)) => match d.get("propertyName").and_then(Value::as_str) {
                Some(property) => Some(Discriminator {
                    property: property.to_owned(),
                    mapping: d
                        .get("mapping")
                        .and_then(Value::as_object)
                        .map(|m| {
                            m.iter()
                                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                                .collect()
                        })
                        .unwrap_or_default(),
                }),
                None => {
                    lowerer.error(
                        &child(pointer, "discriminator"),
                        "a discriminator needs a `propertyName`",
                    );
                    None
                }
            },
            _ => None,
        };
        Some(UnionPlan {
            keyword,
            exclusive,
            members,
            discriminator,
            base: base.then(|| pointer.to_owned()),
        })
    }

    /// The union's type (an alias when only one alternative is left).
    pub(crate) fn lower(
        self,
        lowerer: &mut SchemaLowerer<'_>,
        pointer: &str,
        name: &str,
    ) -> TypeKind {
        let doc = lowerer.doc;
        if self.members.len() == 1 && self.base.is_none() {
            return TypeKind::Alias(lowerer.schema_at(&self.members[0], name));
        }
        if self.members.is_empty() {
            lowerer.error(
                &child(pointer, self.keyword),
                format!("`{}` needs at least one schema", self.keyword),
            );
            return TypeKind::Alias(ANY);
        }
        let mut namer = Namer::default();
        let mut variants = Vec::new();
        for (index, member) in self.members.iter().enumerate() {
            let value = doc.root.pointer(member).unwrap_or(&Value::Null);
            let wanted = variant_name(value, index);
            let rust_name = namer.unique(wanted);
            let hint = format!("{name}{rust_name}");
            let schema = match &self.base {
                Some(base) => {
                    let mut merged = MergedObject::default();
                    if let Some(own) = doc.root.pointer(base).and_then(Value::as_object) {
                        merged.absorb(lowerer, own, base);
                    }
                    merge_member(lowerer, member, &mut merged, 0);
                    lowerer.merged_type(merged, member, &hint)
                }
                None => lowerer.schema_at(member, &hint),
            };
            let tags = match &self.discriminator {
                Some(d) => tags_of(lowerer, d, value),
                None => Vec::new(),
            };
            variants.push(UnionVariant {
                rust_name,
                schema,
                tags,
            });
        }
        let tag = self.discriminator.and_then(|d| {
            let untagged = variants.iter().position(|v| v.tags.is_empty());
            let mut seen = std::collections::BTreeSet::new();
            let repeated = variants
                .iter()
                .flat_map(|v| v.tags.iter())
                .find(|t| !seen.insert(t.as_str()))
                .cloned();
            if let Some(index) = untagged {
                lowerer.warning(
                    &child(&child(pointer, self.keyword), &index.to_string()),
                    format!(
                        "no discriminator value selects this alternative; `{}` is ignored and \
                         the alternatives are told apart by their schemas",
                        d.property
                    ),
                );
                None
            } else if let Some(tag) = repeated {
                lowerer.warning(
                    &child(pointer, "discriminator"),
                    format!("discriminator value `{tag}` selects two alternatives; it is ignored and the alternatives are told apart by their schemas"),
                );
                None
            } else {
                Some(d.property)
            }
        });
        if tag.is_none() {
            for variant in &mut variants {
                variant.tags.clear();
            }
        }
        TypeKind::Union(UnionDef {
            variants,
            exclusive: self.exclusive,
            tag,
        })
    }
}

/// The discriminator values of one alternative: the mapping entries that point at it, else (for
/// a reference) the name of the schema it refers to, else a one-value enum of the property.
fn tags_of(lowerer: &SchemaLowerer<'_>, d: &Discriminator, value: &Value) -> Vec<String> {
    if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        let schema_name = pointer_tokens(reference.trim_start_matches('#'))
            .pop()
            .unwrap_or_default();
        let mapped: Vec<String> = d
            .mapping
            .iter()
            .filter(|(_, target)| target == reference || *target == schema_name)
            .map(|(tag, _)| tag.clone())
            .collect();
        if !mapped.is_empty() {
            return mapped;
        }
        if let Some(target) = follow(lowerer, value) {
            if let Some(target) = lowerer.doc.root.pointer(&target) {
                let own = own_tag(target, &d.property);
                if !own.is_empty() {
                    return own;
                }
            }
        }
        return vec![schema_name];
    }
    own_tag(value, &d.property)
}

/// The values an alternative's own schema allows for the discriminator property.
fn own_tag(schema: &Value, property: &str) -> Vec<String> {
    let Some(prop) = schema.get("properties").and_then(|p| p.get(property)) else {
        return Vec::new();
    };
    match prop.get("enum").and_then(Value::as_array) {
        Some(values) => values
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        None => Vec::new(),
    }
}

/// A variant name: the referenced schema's name, the title, or the kind of value.
fn variant_name(value: &Value, index: usize) -> String {
    if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        let token = pointer_tokens(reference.trim_start_matches('#'))
            .pop()
            .unwrap_or_default();
        return names::type_name(&token);
    }
    if let Some(title) = value.get("title").and_then(Value::as_str) {
        return names::type_name(title);
    }
    let kind = match value.get("type").and_then(Value::as_str) {
        Some("string") if value.get("enum").is_some() => "Enum",
        Some("string") => "String",
        Some("integer") => "Integer",
        Some("number") => "Number",
        Some("boolean") => "Boolean",
        Some("array") => "Array",
        Some("object") => "Object",
        _ if value.get("properties").is_some() => "Object",
        _ => return format!("Variant{}", index + 1),
    };
    kind.to_owned()
}
