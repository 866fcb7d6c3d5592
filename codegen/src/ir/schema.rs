//! Lowering of JSON schemas into named types and positional [`Schema`]s.

use std::collections::HashMap;

use openapiv3::{
    AdditionalProperties, ReferenceOr, SchemaKind, StringFormat as OasStringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::names::{self, Namer};
use super::{
    Additional, EnumVariant, Field, IntFormat, IntRules, Kind, NumFormat, NumRules, Schema,
    StringFormat, StringRules, StructDef, TypeDef, TypeId, TypeKind,
};
use crate::diagnostics::{escape_pointer_token, Diagnostics};
use crate::load::Document;

/// Builds the type space while operations are lowered.
pub(crate) struct SchemaLowerer<'a> {
    pub(crate) doc: &'a Document,
    pub(crate) diags: &'a mut Diagnostics,
    pub(crate) types: Vec<TypeDef>,
    by_ref: HashMap<String, TypeId>,
    namer: Namer,
}

/// Appends an escaped token to a JSON pointer.
pub(crate) fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_pointer_token(token))
}

impl<'a> SchemaLowerer<'a> {
    pub(crate) fn new(doc: &'a Document, diags: &'a mut Diagnostics) -> Self {
        SchemaLowerer {
            doc,
            diags,
            types: Vec::new(),
            by_ref: HashMap::new(),
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

    /// The named type of every component schema, in document order.
    pub(crate) fn components(&mut self) {
        let Some(schemas) = self
            .doc
            .root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        else {
            return;
        };
        let names: Vec<String> = schemas.keys().cloned().collect();
        for name in names {
            let reference = format!("#/components/schemas/{}", escape_pointer_token(&name));
            self.named(&reference);
        }
    }

    /// The type for a `$ref`, lowering the target on first use. `None` (after an error) when the
    /// reference does not resolve.
    fn named(&mut self, reference: &str) -> Option<TypeId> {
        if let Some(id) = self.by_ref.get(reference) {
            return Some(*id);
        }
        let pointer = reference.strip_prefix('#').unwrap_or(reference).to_owned();
        let doc = self.doc;
        let Some(target) = doc.resolve_ref(reference) else {
            // The loader already reported unresolved references at their site.
            return None;
        };
        let hint = crate::diagnostics::pointer_tokens(&pointer)
            .pop()
            .unwrap_or_default();
        let name = self.namer.unique(names::type_name(&hint));
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name,
            origin: pointer.clone(),
            doc: None,
            deprecated: false,
            kind: TypeKind::Alias(Schema {
                kind: Kind::Any,
                nullable: false,
            }),
        });
        self.by_ref.insert(reference.to_owned(), id);
        let schema: ReferenceOr<openapiv3::Schema> = self.parse(target, &pointer)?;
        let (kind, doc_text, deprecated) = match &schema {
            ReferenceOr::Reference { reference } => {
                let inner = self.reference(reference);
                (TypeKind::Alias(inner), None, false)
            }
            ReferenceOr::Item(item) => {
                let type_name = self.types[id.0].name.clone();
                (
                    self.definition(item, &pointer, &type_name),
                    describe(item),
                    item.schema_data.deprecated,
                )
            }
        };
        let def = &mut self.types[id.0];
        def.kind = kind;
        def.doc = doc_text;
        def.deprecated = deprecated;
        Some(id)
    }

    /// A reference to a named type. The loader made every reference local and reported those
    /// that resolve nowhere; they lower to `Any`.
    fn reference(&mut self, reference: &str) -> Schema {
        let kind = self.named(reference).map_or(Kind::Any, Kind::Ref);
        Schema {
            kind,
            nullable: false,
        }
    }

    /// The body of a named type.
    fn definition(
        &mut self,
        schema: &openapiv3::Schema,
        pointer: &str,
        type_name: &str,
    ) -> TypeKind {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object))
                if !object.properties.is_empty() || object.additional_properties.is_none() =>
            {
                TypeKind::Struct(self.object(object, pointer, type_name))
            }
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                TypeKind::StringEnum(self.string_enum(&string.enumeration, pointer))
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                let object = openapiv3::ObjectType {
                    properties: any.properties.clone(),
                    required: any.required.clone(),
                    additional_properties: any.additional_properties.clone(),
                    min_properties: any.min_properties,
                    max_properties: any.max_properties,
                };
                TypeKind::Struct(self.object(&object, pointer, type_name))
            }
            _ => TypeKind::Alias(self.inline(schema, pointer, type_name)),
        }
    }

    fn string_enum(&mut self, values: &[Option<String>], pointer: &str) -> Vec<EnumVariant> {
        let mut namer = Namer::default();
        let mut variants = Vec::new();
        for value in values {
            match value {
                Some(value) => {
                    if variants.iter().any(|v: &EnumVariant| v.value == *value) {
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
                        value: value.clone(),
                        rust_name: namer.unique(wanted),
                    });
                }
                None => self.error(
                    &child(pointer, "enum"),
                    "`null` in a string enum is not supported yet; use `nullable: true`",
                ),
            }
        }
        variants
    }

    fn object(
        &mut self,
        object: &openapiv3::ObjectType,
        pointer: &str,
        type_name: &str,
    ) -> StructDef {
        let mut namer = Namer::default();
        let mut fields = Vec::new();
        let properties_pointer = child(pointer, "properties");
        for (json_name, property) in &object.properties {
            let at = child(&properties_pointer, json_name);
            let hint = format!("{type_name}{}", names::type_name(json_name));
            let schema = match property {
                ReferenceOr::Reference { reference } => self.reference(reference),
                ReferenceOr::Item(item) => self.inline(item, &at, &hint),
            };
            let doc = match property {
                ReferenceOr::Item(item) => describe(item),
                ReferenceOr::Reference { .. } => None,
            };
            fields.push(Field {
                json_name: json_name.clone(),
                rust_name: namer.unique(names::field_name(json_name)),
                schema,
                required: object.required.contains(json_name),
                doc,
            });
        }
        for required in &object.required {
            if !object.properties.contains_key(required) {
                self.warning(
                    &child(pointer, "required"),
                    format!("required property `{required}` is not declared in `properties`"),
                );
            }
        }
        let additional = match &object.additional_properties {
            None | Some(AdditionalProperties::Any(true)) => Additional::Allow,
            Some(AdditionalProperties::Any(false)) => Additional::Deny,
            Some(AdditionalProperties::Schema(schema)) => {
                let at = child(pointer, "additionalProperties");
                let hint = format!("{type_name}Value");
                Additional::Schema(Box::new(self.position(schema, &at, &hint)))
            }
        };
        StructDef {
            fields,
            additional,
            min_properties: object.min_properties,
            max_properties: object.max_properties,
        }
    }

    /// A schema in a position: a reference, a scalar or array inline, an object or enum hoisted
    /// into a named type called `hint`.
    pub(crate) fn position(
        &mut self,
        schema: &ReferenceOr<openapiv3::Schema>,
        pointer: &str,
        hint: &str,
    ) -> Schema {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference),
            ReferenceOr::Item(item) => self.inline(item, pointer, hint),
        }
    }

    fn boxed_position(
        &mut self,
        schema: &ReferenceOr<Box<openapiv3::Schema>>,
        pointer: &str,
        hint: &str,
    ) -> Schema {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference),
            ReferenceOr::Item(item) => self.inline(item, pointer, hint),
        }
    }

    fn hoist(&mut self, schema: &openapiv3::Schema, pointer: &str, hint: &str) -> Schema {
        let name = self.namer.unique(names::type_name(hint));
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name: name.clone(),
            origin: pointer.to_owned(),
            doc: describe(schema),
            deprecated: schema.schema_data.deprecated,
            kind: TypeKind::Alias(Schema {
                kind: Kind::Any,
                nullable: false,
            }),
        });
        let kind = self.definition(schema, pointer, &name);
        self.types[id.0].kind = kind;
        Schema {
            kind: Kind::Ref(id),
            nullable: schema.schema_data.nullable,
        }
    }

    fn inline(&mut self, schema: &openapiv3::Schema, pointer: &str, hint: &str) -> Schema {
        let nullable = schema.schema_data.nullable;
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::Boolean(boolean)) => {
                if !boolean.enumeration.is_empty() {
                    self.unsupported(pointer, "boolean `enum`");
                }
                Kind::Boolean
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                if !integer.enumeration.is_empty() {
                    self.unsupported(pointer, "integer `enum`");
                }
                let format = match &integer.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => {
                        IntFormat::I32
                    }
                    _ => IntFormat::I64,
                };
                let minimum = integer.minimum.map(|m| {
                    if integer.exclusive_minimum {
                        m.saturating_add(1)
                    } else {
                        m
                    }
                });
                let maximum = integer.maximum.map(|m| {
                    if integer.exclusive_maximum {
                        m.saturating_sub(1)
                    } else {
                        m
                    }
                });
                Kind::Integer {
                    format,
                    rules: IntRules {
                        minimum,
                        maximum,
                        multiple_of: integer.multiple_of,
                    },
                }
            }
            SchemaKind::Type(Type::Number(number)) => {
                if !number.enumeration.is_empty() {
                    self.unsupported(pointer, "number `enum`");
                }
                let format = match &number.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => NumFormat::F32,
                    _ => NumFormat::F64,
                };
                if number.multiple_of.is_some() {
                    self.warning(pointer, "`multipleOf` on a number is not checked");
                }
                Kind::Number {
                    format,
                    rules: NumRules {
                        minimum: number.minimum,
                        exclusive_minimum: number.exclusive_minimum,
                        maximum: number.maximum,
                        exclusive_maximum: number.exclusive_maximum,
                    },
                }
            }
            SchemaKind::Type(Type::String(string)) => {
                if !string.enumeration.is_empty() {
                    return self.hoist(schema, pointer, hint);
                }
                let format = match &string.format {
                    VariantOrUnknownOrEmpty::Item(OasStringFormat::Binary) => {
                        return Schema {
                            kind: Kind::Binary,
                            nullable,
                        }
                    }
                    VariantOrUnknownOrEmpty::Item(OasStringFormat::DateTime) => {
                        Some(StringFormat::DateTime)
                    }
                    VariantOrUnknownOrEmpty::Item(OasStringFormat::Date) => {
                        Some(StringFormat::Date)
                    }
                    VariantOrUnknownOrEmpty::Unknown(name) => match name.as_str() {
                        "uuid" => Some(StringFormat::Uuid),
                        "email" => Some(StringFormat::Email),
                        "ipv4" => Some(StringFormat::Ipv4),
                        "ipv6" => Some(StringFormat::Ipv6),
                        _ => None,
                    },
                    _ => None,
                };
                let pattern = string.pattern.as_ref().and_then(|p| {
                    if regex::Regex::new(p).is_ok() {
                        Some(p.clone())
                    } else {
                        self.warning(&child(pointer, "pattern"), "this pattern uses regular-expression features the runtime does not support; it is not checked");
                        None
                    }
                });
                Kind::String(StringRules {
                    min_length: string.min_length,
                    max_length: string.max_length,
                    pattern,
                    format,
                })
            }
            SchemaKind::Type(Type::Array(array)) => {
                let items = match &array.items {
                    Some(items) => {
                        self.boxed_position(items, &child(pointer, "items"), &format!("{hint}Item"))
                    }
                    None => Schema {
                        kind: Kind::Any,
                        nullable: false,
                    },
                };
                Kind::Array {
                    items: Box::new(items),
                    min_items: array.min_items,
                    max_items: array.max_items,
                    unique_items: array.unique_items,
                }
            }
            SchemaKind::Type(Type::Object(object)) => {
                if object.properties.is_empty() {
                    match &object.additional_properties {
                        Some(AdditionalProperties::Schema(values)) => {
                            let at = child(pointer, "additionalProperties");
                            Kind::Map(Box::new(self.position(
                                values,
                                &at,
                                &format!("{hint}Value"),
                            )))
                        }
                        Some(AdditionalProperties::Any(false)) => {
                            return self.hoist(schema, pointer, hint)
                        }
                        _ => Kind::Map(Box::new(Schema {
                            kind: Kind::Any,
                            nullable: false,
                        })),
                    }
                } else {
                    return self.hoist(schema, pointer, hint);
                }
            }
            SchemaKind::Any(any) => {
                if !any.properties.is_empty() {
                    return self.hoist(schema, pointer, hint);
                }
                if any != &openapiv3::AnySchema::default() {
                    self.unsupported(pointer, "this combination of schema keywords");
                }
                Kind::Any
            }
            SchemaKind::OneOf { .. } => self.unsupported(pointer, "`oneOf`"),
            SchemaKind::AnyOf { .. } => self.unsupported(pointer, "`anyOf`"),
            SchemaKind::AllOf { .. } => self.unsupported(pointer, "`allOf`"),
            SchemaKind::Not { .. } => self.unsupported(pointer, "`not`"),
        };
        Schema { kind, nullable }
    }

    fn unsupported(&mut self, pointer: &str, what: &str) -> Kind {
        self.error(pointer, format!("{what} is not supported yet"));
        Kind::Any
    }
}

fn describe(schema: &openapiv3::Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .clone()
        .or_else(|| schema.schema_data.title.clone())
}
