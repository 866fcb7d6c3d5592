//! Lowering of JSON schemas into named types and positional [`Schema`]s.
//!
//! Schemas are read straight from the document's JSON, keyword by keyword, rather than through a
//! typed OpenAPI model: a model with one variant per schema shape would keep `type: object` and
//! drop an `allOf` next to it, or keep `oneOf` and drop sibling `properties`, which is exactly the
//! silent loss this generator must not have. Every keyword that changes the accepted values is
//! either represented or reported with its location.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::compose::{AllOfPlan, UnionPlan};
use super::names::{self, Namer};
use super::{
    Additional, EnumVariant, Field, IntFormat, IntRules, Kind, NumFormat, NumRules, Schema,
    StringFormat, StringRules, StructDef, TypeDef, TypeId, TypeKind,
};
use crate::diagnostics::{escape_pointer_token, pointer_tokens, Diagnostics};
use crate::load::Document;

/// Builds the type space while operations are lowered.
pub(crate) struct SchemaLowerer<'a> {
    pub(crate) doc: &'a Document,
    pub(crate) diags: &'a mut Diagnostics,
    pub(crate) types: Vec<TypeDef>,
    /// Named and hoisted types by the pointer of their schema: a schema is lowered once, however
    /// many places reach it.
    by_pointer: HashMap<String, TypeId>,
    /// Hoisted inline schemas by their JSON text.
    by_content: HashMap<String, TypeId>,
    /// Whether each type's schema has been (or is being) lowered.
    started: Vec<bool>,
    /// Referenced types waiting to be lowered. References are not followed recursively, so a
    /// long chain of references (thousands of components) never deepens the stack.
    pending: Vec<TypeId>,
    /// How many `schema_at` calls are under way; the pending types are lowered when the
    /// outermost one returns.
    depth: usize,
    draining: bool,
    namer: Namer,
}

/// Appends an escaped token to a JSON pointer.
pub(crate) fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_pointer_token(token))
}

/// A schema with nothing to say: any JSON value.
pub(crate) const ANY: Schema = Schema {
    kind: Kind::Any,
    nullable: false,
};

/// Keywords that only annotate a schema: a schema made of these alone adds no constraint.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "xml",
    "nullable",
    "$comment",
    "format",
];

/// Keywords that constrain values but are not checked; they are reported once per schema.
const UNCHECKED: &[&str] = &[
    "patternProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
    "contains",
    "prefixItems",
    "unevaluatedProperties",
    "unevaluatedItems",
];

/// How a schema object is shaped, decided from its keywords.
enum Shape {
    Ref(String),
    AllOf,
    Union { exclusive: bool },
    Enum(Vec<Value>),
    Object,
    Array,
    Scalar(String),
    Any,
    Unsupported(String),
}

impl<'a> SchemaLowerer<'a> {
    pub(crate) fn new(doc: &'a Document, diags: &'a mut Diagnostics) -> Self {
        SchemaLowerer {
            doc,
            diags,
            types: Vec::new(),
            by_pointer: HashMap::new(),
            by_content: HashMap::new(),
            started: Vec::new(),
            pending: Vec::new(),
            depth: 0,
            draining: false,
            namer: Namer::default(),
        }
    }

    pub(crate) fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let location = self.doc.locate(pointer);
        self.diags.error(Some(location), message);
    }

    pub(crate) fn warning(&mut self, pointer: &str, message: impl Into<String>) {
        let location = self.doc.locate(pointer);
        self.diags.warning(Some(location), message);
    }

    /// Deserializes a part of the document, reporting a located error when it does not fit.
    pub(crate) fn parse<T: DeserializeOwned>(&mut self, value: &Value, pointer: &str) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(parsed) => Some(parsed),
            Err(error) => {
                let mut at = pointer.to_owned();
                for segment in error.path().iter() {
                    match segment {
                        serde_path_to_error::Segment::Seq { index } => {
                            at = child(&at, &index.to_string())
                        }
                        serde_path_to_error::Segment::Map { key } => at = child(&at, key),
                        serde_path_to_error::Segment::Enum { variant } => at = child(&at, variant),
                        serde_path_to_error::Segment::Unknown => {}
                    }
                }
                let message = error.into_inner().to_string();
                self.error(&at, format!("invalid OpenAPI object: {message}"));
                None
            }
        }
    }

    /// The named type of every component schema, in document order. Every name is reserved
    /// before anything is lowered, so a component keeps its own name even when an inline schema
    /// met earlier would have wanted it.
    pub(crate) fn components(&mut self) {
        let Some(schemas) = self
            .doc
            .root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        else {
            return;
        };
        let pointers: Vec<String> = schemas
            .keys()
            .map(|name| child("/components/schemas", name))
            .collect();
        for pointer in &pointers {
            self.declare(pointer);
        }
        for pointer in &pointers {
            self.named(pointer);
        }
        self.drain();
    }

    /// Lowers every referenced type that is still waiting.
    fn drain(&mut self) {
        if self.draining {
            return;
        }
        self.draining = true;
        while let Some(id) = self.pending.pop() {
            let pointer = self.types[id.0].origin.clone();
            self.define(id, &pointer);
        }
        self.draining = false;
    }

    /// The schema at `pointer` (a schema member of a parameter, media type or header) in a
    /// position; objects, enums and unions are hoisted into a type named after `hint`.
    pub(crate) fn schema_at(&mut self, pointer: &str, hint: &str) -> Schema {
        let doc = self.doc;
        self.depth += 1;
        let schema = match doc.root.pointer(pointer) {
            Some(value) => self.lower(value, pointer, hint),
            None => ANY,
        };
        self.depth -= 1;
        if self.depth == 0 {
            self.drain();
        }
        schema
    }

    /// Registers a named type for the schema at `pointer` without lowering it yet.
    fn declare(&mut self, pointer: &str) -> TypeId {
        if let Some(id) = self.by_pointer.get(pointer) {
            return *id;
        }
        let hint = pointer_tokens(pointer).pop().unwrap_or_default();
        let name = self.namer.unique(names::type_name(&hint));
        self.push_placeholder(name, pointer)
    }

    fn push_placeholder(&mut self, name: String, pointer: &str) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name,
            origin: pointer.to_owned(),
            doc: None,
            deprecated: false,
            kind: TypeKind::Alias(ANY),
        });
        self.by_pointer.insert(pointer.to_owned(), id);
        self.started.push(false);
        id
    }

    /// The type of the schema at `pointer` (a `$ref` target), lowering it on first use.
    pub(crate) fn named(&mut self, pointer: &str) -> TypeId {
        let id = self.declare(pointer);
        self.define(id, pointer);
        id
    }

    /// Lowers the schema at `pointer` into the body of type `id`, unless that has begun already
    /// (a recursive schema reaches its own type while it is being lowered).
    fn define(&mut self, id: TypeId, pointer: &str) {
        if std::mem::replace(&mut self.started[id.0], true) {
            return;
        }
        let doc = self.doc;
        let Some(value) = doc.root.pointer(pointer) else {
            return;
        };
        let name = self.types[id.0].name.clone();
        let kind = self.definition(value, pointer, &name);
        let def = &mut self.types[id.0];
        def.kind = kind;
        def.doc = describe(value);
        def.deprecated = flag(value, "deprecated");
    }

    pub(crate) fn reference(&mut self, reference: &str, pointer: &str) -> Schema {
        let Some(target) = reference.strip_prefix('#') else {
            // The loader reports references it cannot resolve at their site.
            self.error(
                pointer,
                format!("reference `{reference}` points into another document"),
            );
            return ANY;
        };
        if self.doc.resolve_ref(reference).is_none() {
            return ANY;
        }
        let nullable = self
            .doc
            .resolve_ref(reference)
            .and_then(Value::as_object)
            .is_some_and(allows_null);
        let id = self.declare(&decode_pointer(target));
        if !self.started[id.0] {
            self.pending.push(id);
        }
        Schema {
            kind: Kind::Ref(id),
            nullable,
        }
    }

    fn shape(&mut self, schema: &Map<String, Value>, pointer: &str) -> Shape {
        if let Some(reference) = schema.get("$ref") {
            return match reference.as_str() {
                Some(reference) => Shape::Ref(reference.to_owned()),
                None => Shape::Unsupported("a `$ref` that is not a string".into()),
            };
        }
        if schema.contains_key("allOf") {
            return Shape::AllOf;
        }
        if (schema.contains_key("oneOf") || schema.contains_key("anyOf"))
            && has_properties(schema)
            && only_constraints(schema)
        {
            // `properties` plus `anyOf: [{required: [a]}, {required: [b]}]`: an object whose
            // alternatives only say which properties must be there.
            let keyword = if schema.contains_key("oneOf") {
                "oneOf"
            } else {
                "anyOf"
            };
            self.warning(
                &child(pointer, keyword),
                format!("`{keyword}` of `required` lists is not checked"),
            );
            return Shape::Object;
        }
        if schema.contains_key("oneOf") || schema.contains_key("anyOf") {
            return Shape::Union {
                exclusive: schema.contains_key("oneOf"),
            };
        }
        if let Some(values) = schema.get("enum") {
            return match values {
                Value::Array(values) if values.iter().any(|v| v.is_array() || v.is_object()) => {
                    Shape::Unsupported("an `enum` of objects or arrays".into())
                }
                Value::Array(values) if !values.is_empty() => Shape::Enum(values.clone()),
                _ => Shape::Unsupported("an `enum` that is not a non-empty list".into()),
            };
        }
        if schema.contains_key("not") {
            return Shape::Unsupported("`not`".into());
        }
        match schema.get("type") {
            Some(Value::String(ty)) => match ty.as_str() {
                "object" => Shape::Object,
                "array" => Shape::Array,
                "string" | "integer" | "number" | "boolean" => Shape::Scalar(ty.clone()),
                "null" => Shape::Any,
                other => Shape::Unsupported(format!("`type: {other}`")),
            },
            Some(_) => {
                self.error(&child(pointer, "type"), "`type` must be a type name");
                Shape::Any
            }
            None => {
                let object_keys = [
                    "properties",
                    "additionalProperties",
                    "required",
                    "minProperties",
                    "maxProperties",
                ];
                if object_keys.iter().any(|k| schema.contains_key(*k)) {
                    Shape::Object
                } else if schema.contains_key("items") {
                    Shape::Array
                } else {
                    Shape::Any
                }
            }
        }
    }

    /// The body of a named type.
    fn definition(&mut self, value: &Value, pointer: &str, name: &str) -> TypeKind {
        let kind = self.definition_of(value, pointer, name);
        match kind {
            // A named type never includes `null`: every reference to it says whether null is
            // allowed (see `reference`), so an alias must not say it again.
            TypeKind::Alias(mut inner) if value.as_object().is_some_and(allows_null) => {
                inner.nullable = false;
                TypeKind::Alias(inner)
            }
            kind => kind,
        }
    }

    fn definition_of(&mut self, value: &Value, pointer: &str, name: &str) -> TypeKind {
        let Some(schema) = value.as_object() else {
            return TypeKind::Alias(self.lower(value, pointer, name));
        };
        self.report_unchecked(schema, pointer);
        match self.shape(schema, pointer) {
            Shape::Object if has_properties(schema) || denies_additional(schema) => {
                TypeKind::Struct(self.object(schema, pointer, name))
            }
            Shape::Enum(values) if is_string_enum(&values) => {
                TypeKind::StringEnum(self.string_enum(&values, pointer))
            }
            Shape::Union { exclusive } => match UnionPlan::new(self, schema, pointer, exclusive) {
                Some(plan) => plan.lower(self, pointer, name),
                None => TypeKind::Alias(ANY),
            },
            Shape::AllOf => match AllOfPlan::new(self, schema, pointer) {
                AllOfPlan::Struct(merged) => TypeKind::Struct(self.merged(merged, pointer, name)),
                AllOfPlan::Single(member) => {
                    let doc = self.doc;
                    match doc.root.pointer(&member) {
                        // An inline member is this type's own definition.
                        Some(inner) if inner.get("$ref").is_none() => {
                            self.definition(inner, &member, name)
                        }
                        _ => {
                            let mut inner = self.schema_at(&member, name);
                            inner.nullable |= nullable(schema);
                            TypeKind::Alias(inner)
                        }
                    }
                }
                AllOfPlan::Opaque(members) => {
                    TypeKind::Alias(self.opaque_all_of(schema, pointer, &members, name))
                }
            },
            _ => {
                let mut inner = self.lower(value, pointer, name);
                // The alias is the type; the nullability stays with it.
                if let Kind::Ref(id) = inner.kind {
                    if id.0 < self.types.len() && self.types[id.0].origin == pointer {
                        inner.kind = Kind::Any;
                    }
                }
                TypeKind::Alias(inner)
            }
        }
    }

    /// A schema in a position: references and hoisted types become [`Kind::Ref`], scalars,
    /// arrays and maps stay inline.
    pub(crate) fn lower(&mut self, value: &Value, pointer: &str, hint: &str) -> Schema {
        let schema = match value {
            Value::Object(schema) => schema,
            Value::Bool(true) => return ANY,
            _ => {
                self.error(pointer, "a schema must be a mapping");
                return ANY;
            }
        };
        let nullable = nullable(schema);
        let shape = self.shape(schema, pointer);
        let kind = match shape {
            Shape::Ref(reference) => {
                return Schema {
                    nullable,
                    ..self.reference(&reference, pointer)
                }
            }
            Shape::AllOf => {
                if let Some(member) = AllOfPlan::single_ref(self, schema, pointer) {
                    let mut inner = self.schema_at(&member, hint);
                    inner.nullable |= nullable;
                    return inner;
                }
                return self.hoist(value, pointer, hint);
            }
            Shape::Union { .. } => return self.hoist(value, pointer, hint),
            Shape::Enum(values) => {
                if is_string_enum(&values) {
                    return self.hoist(value, pointer, hint);
                }
                self.report_unchecked(schema, pointer);
                let nullable = nullable || values.iter().any(Value::is_null);
                let values: Vec<Value> = values.into_iter().filter(|v| !v.is_null()).collect();
                if values.is_empty() {
                    return Schema {
                        kind: Kind::Any,
                        nullable: true,
                    };
                }
                return Schema {
                    kind: Kind::Enum(values),
                    nullable,
                };
            }
            Shape::Object => {
                if has_properties(schema) || denies_additional(schema) {
                    return self.hoist(value, pointer, hint);
                }
                self.report_unchecked(schema, pointer);
                Kind::Map(Box::new(self.additional_values(schema, pointer, hint)))
            }
            Shape::Array => {
                self.report_unchecked(schema, pointer);
                self.array(schema, pointer, hint)
            }
            Shape::Scalar(ty) => {
                self.report_unchecked(schema, pointer);
                self.scalar(&ty, schema, pointer)
            }
            Shape::Any => {
                self.report_unchecked(schema, pointer);
                Kind::Any
            }
            Shape::Unsupported(what) => {
                self.error(pointer, format!("{what} is not supported yet"));
                Kind::Any
            }
        };
        Schema { kind, nullable }
    }

    /// Hoists an inline schema into a named type; the same position always gives the same type.
    fn hoist(&mut self, value: &Value, pointer: &str, hint: &str) -> Schema {
        let nullable = value.as_object().is_some_and(allows_null);
        if let Some(id) = self.by_pointer.get(pointer) {
            return Schema {
                kind: Kind::Ref(*id),
                nullable,
            };
        }
        // The same inline schema written out again elsewhere (Microsoft Graph repeats its
        // `$select` enums in every operation) is the same type.
        let text = value.to_string();
        if let Some(id) = self.by_content.get(&text) {
            let id = *id;
            self.by_pointer.insert(pointer.to_owned(), id);
            return Schema {
                kind: Kind::Ref(id),
                nullable,
            };
        }
        let name = self.namer.unique(names::type_name(hint));
        let id = self.push_placeholder(name, pointer);
        self.by_content.insert(text, id);
        self.define(id, pointer);
        Schema {
            kind: Kind::Ref(id),
            nullable,
        }
    }

    /// The name hint for a subschema of the schema at `parent` (e.g. a property): the name of the
    /// type that schema became, so a property of `Pet` reads `PetStatus` wherever it is reached
    /// from.
    pub(crate) fn hint_under(&self, parent: &str, fallback: &str, token: &str) -> String {
        let base = match self.by_pointer.get(parent) {
            Some(id) => self.types[id.0].name.clone(),
            None => fallback.to_owned(),
        };
        format!("{base}{}", names::type_name(token))
    }

    fn additional_values(
        &mut self,
        schema: &Map<String, Value>,
        pointer: &str,
        hint: &str,
    ) -> Schema {
        match schema.get("additionalProperties") {
            Some(Value::Object(_)) => {
                let at = child(pointer, "additionalProperties");
                self.schema_at(&at, &format!("{hint}Value"))
            }
            _ => ANY,
        }
    }

    fn array(&mut self, schema: &Map<String, Value>, pointer: &str, hint: &str) -> Kind {
        let items = match schema.get("items") {
            Some(Value::Object(_)) => {
                self.schema_at(&child(pointer, "items"), &format!("{hint}Item"))
            }
            Some(Value::Array(_)) => {
                self.error(
                    &child(pointer, "items"),
                    "a list of `items` schemas (tuple validation) is not supported yet",
                );
                ANY
            }
            _ => ANY,
        };
        Kind::Array {
            items: Box::new(items),
            min_items: self.count(schema, "minItems", pointer),
            max_items: self.count(schema, "maxItems", pointer),
            unique_items: flag_in(schema, "uniqueItems"),
        }
    }

    fn scalar(&mut self, ty: &str, schema: &Map<String, Value>, pointer: &str) -> Kind {
        let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
        match ty {
            "boolean" => Kind::Boolean,
            "integer" => {
                let format = match format {
                    "int8" => IntFormat::I8,
                    "int16" => IntFormat::I16,
                    "int32" => IntFormat::I32,
                    "uint8" => IntFormat::U8,
                    "uint16" => IntFormat::U16,
                    "uint32" => IntFormat::U32,
                    "uint64" => IntFormat::U64,
                    _ => IntFormat::I64,
                };
                let exclusive_min = flag_in(schema, "exclusiveMinimum");
                let exclusive_max = flag_in(schema, "exclusiveMaximum");
                let minimum = self.integer(schema, "minimum", pointer).map(|m| {
                    if exclusive_min {
                        m.saturating_add(1)
                    } else {
                        m
                    }
                });
                let maximum = self.integer(schema, "maximum", pointer).map(|m| {
                    if exclusive_max {
                        m.saturating_sub(1)
                    } else {
                        m
                    }
                });
                let multiple_of = self
                    .integer(schema, "multipleOf", pointer)
                    .filter(|m| *m > 0);
                Kind::Integer {
                    format,
                    rules: IntRules {
                        minimum,
                        maximum,
                        multiple_of,
                    },
                }
            }
            "number" => {
                let format = match format {
                    "float" => NumFormat::F32,
                    _ => NumFormat::F64,
                };
                if schema.contains_key("multipleOf") {
                    self.warning(
                        &child(pointer, "multipleOf"),
                        "`multipleOf` on a number is not checked",
                    );
                }
                Kind::Number {
                    format,
                    rules: NumRules {
                        minimum: schema.get("minimum").and_then(Value::as_f64),
                        exclusive_minimum: flag_in(schema, "exclusiveMinimum"),
                        maximum: schema.get("maximum").and_then(Value::as_f64),
                        exclusive_maximum: flag_in(schema, "exclusiveMaximum"),
                    },
                }
            }
            _ => {
                let format = match format {
                    "binary" => return Kind::Binary,
                    "date-time" => Some(StringFormat::DateTime),
                    "date" => Some(StringFormat::Date),
                    "uuid" => Some(StringFormat::Uuid),
                    "email" => Some(StringFormat::Email),
                    "ipv4" => Some(StringFormat::Ipv4),
                    "ipv6" => Some(StringFormat::Ipv6),
                    "uri" => Some(StringFormat::Uri),
                    "byte" => Some(StringFormat::Byte),
                    _ => None,
                };
                let pattern = match schema.get("pattern") {
                    Some(Value::String(pattern)) => {
                        if regex::Regex::new(pattern).is_ok() {
                            Some(pattern.clone())
                        } else {
                            self.warning(&child(pointer, "pattern"), "this pattern uses regular-expression features the runtime does not support; it is not checked");
                            None
                        }
                    }
                    Some(_) => {
                        self.error(&child(pointer, "pattern"), "`pattern` must be a string");
                        None
                    }
                    None => None,
                };
                Kind::String(StringRules {
                    min_length: self.count(schema, "minLength", pointer),
                    max_length: self.count(schema, "maxLength", pointer),
                    pattern,
                    format,
                })
            }
        }
    }

    fn count(&mut self, schema: &Map<String, Value>, key: &str, pointer: &str) -> Option<usize> {
        let value = schema.get(key)?;
        match value.as_u64().and_then(|n| usize::try_from(n).ok()) {
            Some(n) => Some(n),
            None => {
                self.error(
                    &child(pointer, key),
                    format!("`{key}` must be a non-negative integer"),
                );
                None
            }
        }
    }

    fn integer(&mut self, schema: &Map<String, Value>, key: &str, pointer: &str) -> Option<i64> {
        let value = schema.get(key)?;
        if let Some(n) = value.as_i64() {
            return Some(n);
        }
        match value.as_f64() {
            // `minimum: 1.0` or a bound beyond i64: round towards the allowed side.
            Some(f) if f.is_finite() => {
                let rounded = if key == "maximum" {
                    f.floor()
                } else {
                    f.ceil()
                };
                Some(rounded.clamp(i64::MIN as f64, i64::MAX as f64) as i64)
            }
            _ => {
                self.error(&child(pointer, key), format!("`{key}` must be a number"));
                None
            }
        }
    }

    fn string_enum(&mut self, values: &[Value], pointer: &str) -> Vec<EnumVariant> {
        let mut namer = Namer::default();
        let mut variants: Vec<EnumVariant> = Vec::new();
        for value in values.iter().filter_map(Value::as_str) {
            if variants.iter().any(|v| v.value == value) {
                self.warning(
                    &child(pointer, "enum"),
                    format!("enum value `{value}` is listed twice"),
                );
                continue;
            }
            let wanted = if value.is_empty() {
                "Empty".to_owned()
            } else {
                names::type_name(value)
            };
            variants.push(EnumVariant {
                value: value.to_owned(),
                rust_name: namer.unique(wanted),
            });
        }
        variants
    }

    /// A struct type for merged object keywords (a union alternative with the union's own
    /// properties), named after `hint`, located at `pointer`.
    pub(crate) fn merged_type(
        &mut self,
        merged: super::compose::MergedObject,
        pointer: &str,
        hint: &str,
    ) -> Schema {
        let name = self.namer.unique(names::type_name(hint));
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name: name.clone(),
            origin: pointer.to_owned(),
            doc: self.doc.root.pointer(pointer).and_then(describe),
            deprecated: false,
            kind: TypeKind::Alias(ANY),
        });
        self.started.push(true);
        let def = self.merged(merged, pointer, &name);
        self.types[id.0].kind = TypeKind::Struct(def);
        Schema {
            kind: Kind::Ref(id),
            nullable: false,
        }
    }

    fn object(&mut self, schema: &Map<String, Value>, pointer: &str, name: &str) -> StructDef {
        let mut merged = super::compose::MergedObject::default();
        merged.absorb(self, schema, pointer);
        self.merged(merged, pointer, name)
    }

    /// The struct of an object (or of the members of an `allOf`, merged).
    fn merged(
        &mut self,
        merged: super::compose::MergedObject,
        pointer: &str,
        name: &str,
    ) -> StructDef {
        let mut namer = Namer::default();
        let mut fields = Vec::new();
        for (json_name, property) in &merged.properties {
            let parent = property
                .pointer
                .rsplit_once('/')
                .and_then(|(properties, _)| properties.rsplit_once('/'))
                .map_or("", |(parent, _)| parent);
            let hint = self.hint_under(parent, name, json_name);
            let schema = self.schema_at(&property.pointer, &hint);
            let value = self.doc.root.pointer(&property.pointer);
            let read_only = value.is_some_and(|v| flag(v, "readOnly"));
            let write_only = value.is_some_and(|v| flag(v, "writeOnly"));
            let required = merged.required.contains(json_name) && !read_only && !write_only;
            let default = match value.and_then(|v| v.get("default")) {
                Some(default) if !required && !schema.nullable => {
                    self.scalar_default(default, &schema, &property.pointer)
                }
                _ => None,
            };
            fields.push(Field {
                json_name: json_name.clone(),
                rust_name: namer.unique(names::field_name(json_name)),
                schema,
                required,
                doc: value.and_then(describe),
                default,
                deprecated: value.is_some_and(|v| flag(v, "deprecated")),
                read_only,
                write_only,
            });
        }
        for required in &merged.required {
            if !merged.properties.contains_key(required) && !merged.open_required {
                self.warning(
                    &child(pointer, "required"),
                    format!("required property `{required}` is not declared in `properties`"),
                );
            }
        }
        let additional = match merged.additional {
            super::compose::MergedAdditional::Allow => Additional::Allow,
            super::compose::MergedAdditional::Deny => Additional::Deny,
            super::compose::MergedAdditional::Schema(at) => {
                Additional::Schema(Box::new(self.schema_at(&at, &format!("{name}Value"))))
            }
        };
        StructDef {
            fields,
            additional,
            min_properties: merged.min_properties,
            max_properties: merged.max_properties,
        }
    }

    /// A `default` the generated code can write as a literal (booleans, numbers, strings and
    /// string enums); others are left to the documentation.
    fn scalar_default(&mut self, default: &Value, schema: &Schema, pointer: &str) -> Option<Value> {
        let fits = match (&schema.kind, default) {
            (Kind::Boolean, Value::Bool(_)) => true,
            (Kind::Integer { format, rules }, Value::Number(n)) => n.as_i64().is_some_and(|n| {
                format.range().is_none_or(|(lo, hi)| (lo..=hi).contains(&n))
                    && rules.minimum.is_none_or(|m| n >= m)
                    && rules.maximum.is_none_or(|m| n <= m)
            }),
            (Kind::Number { .. }, Value::Number(_)) => true,
            (Kind::String(rules), Value::String(_)) => rules.format.is_none(),
            (Kind::Ref(id), Value::String(s)) => match &self.defined(*id).kind {
                TypeKind::StringEnum(variants) => {
                    if variants.iter().any(|v| &v.value == s) {
                        true
                    } else {
                        self.warning(
                            &child(pointer, "default"),
                            format!("default `{s}` is not one of the enum's values; it is ignored"),
                        );
                        false
                    }
                }
                _ => false,
            },
            _ => false,
        };
        fits.then(|| default.clone())
    }

    /// The definition of `id`, lowering it now if it is still waiting.
    fn defined(&mut self, id: TypeId) -> &TypeDef {
        if !self.started[id.0] {
            let pointer = self.types[id.0].origin.clone();
            self.define(id, &pointer);
        }
        &self.types[id.0]
    }

    /// An `allOf` that cannot be one Rust type: kept as JSON, validated against every member.
    fn opaque_all_of(
        &mut self,
        schema: &Map<String, Value>,
        pointer: &str,
        members: &[String],
        name: &str,
    ) -> Schema {
        self.warning(
            &child(pointer, "allOf"),
            "these `allOf` members do not merge into one object type; the value is kept as \
             `serde_json::Value` and validated against every member",
        );
        let members = members
            .iter()
            .enumerate()
            .map(|(i, at)| self.schema_at(at, &format!("{name}Part{}", i + 1)))
            .collect();
        Schema {
            kind: Kind::AllOf(members),
            nullable: nullable(schema),
        }
    }

    /// Warns once per schema about constraints that are accepted but not checked.
    fn report_unchecked(&mut self, schema: &Map<String, Value>, pointer: &str) {
        for key in UNCHECKED {
            if schema.contains_key(*key) {
                self.warning(&child(pointer, key), format!("`{key}` is not checked"));
            }
        }
    }
}

/// Whether a schema allows `null` (3.0 `nullable`, after the 3.1 normalisation).
pub(crate) fn nullable(schema: &Map<String, Value>) -> bool {
    flag_in(schema, "nullable")
}

/// Whether a schema accepts `null`: `nullable`, or an `enum` that lists it.
fn allows_null(schema: &Map<String, Value>) -> bool {
    nullable(schema)
        || schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().any(Value::is_null))
}

fn flag_in(schema: &Map<String, Value>, key: &str) -> bool {
    schema.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// A boolean keyword of a schema value.
pub(crate) fn flag(value: &Value, key: &str) -> bool {
    value.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// Whether every `oneOf`/`anyOf` alternative only constrains (`required`, counts, `not`) rather
/// than describing a value of its own.
fn only_constraints(schema: &Map<String, Value>) -> bool {
    ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| schema.get(*k))
        .all(|branches| {
            branches.as_array().is_some_and(|branches| {
                branches.iter().all(|b| {
                    b.as_object().is_some_and(|b| {
                        b.keys().all(|k| {
                            matches!(
                                k.as_str(),
                                "required" | "not" | "minProperties" | "maxProperties"
                            ) || is_annotation_key(k)
                        })
                    })
                })
            })
        })
}

fn has_properties(schema: &Map<String, Value>) -> bool {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
}

fn denies_additional(schema: &Map<String, Value>) -> bool {
    schema.get("additionalProperties") == Some(&Value::Bool(false))
}

/// Whether an enum's values are strings (plus maybe `null`): a Rust enum.
fn is_string_enum(values: &[Value]) -> bool {
    values.iter().any(Value::is_string) && values.iter().all(|v| v.is_string() || v.is_null())
}

/// Whether a keyword only annotates a schema.
pub(crate) fn is_annotation_key(key: &str) -> bool {
    ANNOTATIONS.contains(&key) || key.starts_with("x-")
}

/// Whether a schema only annotates (no constraint of its own).
pub(crate) fn is_annotation_only(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|schema| schema.keys().all(|k| is_annotation_key(k)))
}

/// Decodes the `~0`/`~1` and percent escapes of a pointer taken from a `$ref`, then re-escapes
/// it, so two spellings of one target give one key.
fn decode_pointer(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer_tokens(pointer) {
        let token = percent_encoding::percent_decode_str(&token)
            .decode_utf8()
            .map(|t| t.into_owned())
            .unwrap_or(token);
        out.push('/');
        out.push_str(&escape_pointer_token(&token));
    }
    out
}

/// The description (or title) of a schema.
pub(crate) fn describe(value: &Value) -> Option<String> {
    value
        .get("description")
        .and_then(Value::as_str)
        .or_else(|| value.get("title").and_then(Value::as_str))
        .map(str::to_owned)
}
