//! Static validation schemas (`sls_runtime::schema::Schema` values), written compactly: plain
//! scalars are shared statics of the runtime, rules list only the bounds the spec sets, and
//! inside the `schemas` module the runtime path is the short alias `__s`.

use serde_json::Value;

use super::text::{float, string, Expr};
use super::{schema_static_name, Scope};
use crate::ir::{Ir, Kind, Schema, StringFormat};

/// The path of the runtime's schema module as seen from `scope`.
fn runtime(scope: Scope) -> &'static str {
    match scope {
        Scope::Models => "__s",
        Scope::Sibling | Scope::InModels => "::sls_runtime::schema",
    }
}

/// The path of a static of the `schemas` module as seen from `scope`.
fn schemas_item(scope: Scope, name: &str) -> String {
    match scope {
        Scope::Models => name.to_owned(),
        Scope::Sibling => format!("super::schemas::{name}"),
        Scope::InModels => format!("super::super::schemas::{name}"),
    }
}

/// The static of a regular expression: `PATTERN_` and the FNV-1a hash of its text, so the name is
/// the same wherever the pattern is met.
pub(super) fn pattern_name(pattern: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in pattern.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("PATTERN_{hash:016X}")
}

fn some(value: impl std::fmt::Display) -> Expr {
    Expr::atom(format!("::core::option::Option::Some({value})"))
}

fn option(value: Option<impl std::fmt::Display>) -> Expr {
    match value {
        Some(value) => some(value),
        None => Expr::atom("::core::option::Option::None"),
    }
}

/// A `&'static Schema`; plain scalars refer to the runtime's shared statics.
pub(super) fn schema_ref(
    ir: &Ir,
    schema: &Schema,
    scope: Scope,
    patterns: &mut Vec<String>,
) -> Expr {
    let s = runtime(scope);
    if !schema.nullable {
        let shared = match &schema.kind {
            Kind::Any | Kind::Binary => Some("ANY"),
            Kind::Boolean => Some("BOOLEAN"),
            Kind::Integer { format, rules }
                if format.range().is_none()
                    && rules.minimum.is_none()
                    && rules.maximum.is_none()
                    && rules.multiple_of.is_none() =>
            {
                Some("INTEGER")
            }
            Kind::Number { rules, .. } if rules.minimum.is_none() && rules.maximum.is_none() => {
                Some("NUMBER")
            }
            Kind::String(rules)
                if rules.min_length.is_none()
                    && rules.max_length.is_none()
                    && rules.pattern.is_none()
                    && rules.format.is_none() =>
            {
                Some("STRING")
            }
            Kind::Ref(id) => {
                let name = schema_static_name(ir, *id);
                return Expr::atom(format!("&{}", schemas_item(scope, name)));
            }
            _ => None,
        };
        if let Some(shared) = shared {
            return Expr::atom(format!("&{s}::{shared}"));
        }
    }
    schema_value(ir, schema, scope, patterns).borrow()
}

/// A `Schema` value.
pub(super) fn schema_value(
    ir: &Ir,
    schema: &Schema,
    scope: Scope,
    patterns: &mut Vec<String>,
) -> Expr {
    let s = runtime(scope);
    if schema.nullable {
        let inner = Schema {
            kind: schema.kind.clone(),
            nullable: false,
        };
        let inner = schema_ref(ir, &inner, scope, patterns);
        return Expr::call(format_args!("{s}::Schema::Nullable"), vec![inner]);
    }
    match &schema.kind {
        Kind::Any | Kind::Binary => Expr::atom(format!("{s}::Schema::Any")),
        Kind::Enum(values) => {
            let literals = values.iter().map(|v| literal(s, v)).collect();
            Expr::call(
                format_args!("{s}::Schema::Enum"),
                vec![Expr::array(literals).borrow()],
            )
        }
        Kind::AllOf(parts) => {
            let parts = parts
                .iter()
                .map(|part| schema_ref(ir, part, scope, patterns))
                .collect();
            Expr::call(
                format_args!("{s}::Schema::AllOf"),
                vec![Expr::array(parts).borrow()],
            )
        }
        Kind::Boolean => Expr::atom(format!("{s}::Schema::Boolean")),
        Kind::Integer { format, rules } => {
            let mut fields = Vec::new();
            if let Some(m) = rules.minimum {
                fields.push(Expr::field("minimum", some(m)));
            }
            if let Some(m) = rules.maximum {
                fields.push(Expr::field("maximum", some(m)));
            }
            if let Some(m) = rules.multiple_of {
                fields.push(Expr::field("multiple_of", some(m)));
            }
            if let Some((lo, hi)) = format.range() {
                fields.push(Expr::field(
                    "format_range",
                    some(format_args!("({lo}, {hi})")),
                ));
            }
            rules_of(s, "Integer", fields)
        }
        Kind::Number { rules, .. } => {
            let mut fields = Vec::new();
            if let Some(m) = rules.minimum {
                fields.push(Expr::field("minimum", some(float(m))));
                fields.push(Expr::field(
                    "exclusive_minimum",
                    Expr::atom(rules.exclusive_minimum.to_string()),
                ));
            }
            if let Some(m) = rules.maximum {
                fields.push(Expr::field("maximum", some(float(m))));
                fields.push(Expr::field(
                    "exclusive_maximum",
                    Expr::atom(rules.exclusive_maximum.to_string()),
                ));
            }
            rules_of(s, "Number", fields)
        }
        Kind::String(rules) => {
            let mut fields = Vec::new();
            if let Some(n) = rules.min_length {
                fields.push(Expr::field("min_length", some(n)));
            }
            if let Some(n) = rules.max_length {
                fields.push(Expr::field("max_length", some(n)));
            }
            if let Some(pattern) = &rules.pattern {
                if !patterns.contains(pattern) {
                    patterns.push(pattern.clone());
                }
                let name = pattern_name(pattern);
                let item = match scope {
                    Scope::Models | Scope::Sibling => format!("&super::patterns::{name}"),
                    Scope::InModels => format!("&super::super::patterns::{name}"),
                };
                fields.push(Expr::field("pattern", some(item)));
            }
            if let Some(format) = rules.format {
                let variant = match format {
                    StringFormat::DateTime => "DateTime",
                    StringFormat::Date => "Date",
                    StringFormat::Uuid => "Uuid",
                    StringFormat::Email => "Email",
                    StringFormat::Ipv4 => "Ipv4",
                    StringFormat::Ipv6 => "Ipv6",
                    StringFormat::Uri => "Uri",
                    StringFormat::Byte => "Byte",
                };
                fields.push(Expr::field(
                    "format",
                    some(format_args!("{s}::Format::{variant}")),
                ));
            }
            rules_of(s, "String", fields)
        }
        Kind::Array {
            items,
            min_items,
            max_items,
            unique_items,
        } => {
            let items = schema_ref(ir, items, scope, patterns);
            if min_items.is_none() && max_items.is_none() && !unique_items {
                Expr::call(format_args!("{s}::Schema::array"), vec![items])
            } else {
                let rules = Expr::structure(
                    format_args!("{s}::ArrayRules"),
                    vec![
                        Expr::field("items", items),
                        Expr::field("min_items", option(*min_items)),
                        Expr::field("max_items", option(*max_items)),
                        Expr::field("unique_items", Expr::atom(unique_items.to_string())),
                    ],
                );
                Expr::call(format_args!("{s}::Schema::Array"), vec![rules])
            }
        }
        Kind::Map(values) => {
            let values = schema_ref(ir, values, scope, patterns);
            Expr::call(format_args!("{s}::Schema::map"), vec![values])
        }
        // A reference to a named schema is the static itself, not a copy.
        Kind::Ref(id) => Expr::atom(schemas_item(scope, schema_static_name(ir, *id))),
    }
}

/// `Schema::<kind>(<Kind>Rules { fields, ..NONE })`.
fn rules_of(s: &str, kind: &str, mut fields: Vec<Expr>) -> Expr {
    fields.push(Expr::atom(format!("..{s}::{kind}Rules::NONE")));
    Expr::call(
        format_args!("{s}::Schema::{kind}"),
        vec![Expr::structure(format_args!("{s}::{kind}Rules"), fields)],
    )
}

/// A JSON value as a `Literal` (the lowering rejects objects and arrays).
fn literal(s: &str, value: &Value) -> Expr {
    Expr::atom(match value {
        Value::Bool(b) => format!("{s}::Literal::Bool({b})"),
        Value::Number(n) => match n.as_i64() {
            Some(i) => format!("{s}::Literal::Int({i})"),
            None => format!(
                "{s}::Literal::Float({})",
                float(n.as_f64().unwrap_or_default())
            ),
        },
        Value::String(text) => format!("{s}::Literal::Str({})", string(text)),
        Value::Null | Value::Array(_) | Value::Object(_) => format!("{s}::Literal::Null"),
    })
}
