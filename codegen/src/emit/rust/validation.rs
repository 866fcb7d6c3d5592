//! Static validation schemas (`sls_runtime::schema::Schema` values), written compactly: plain
//! scalars are shared statics of the runtime, rules list only the bounds the spec sets, and
//! inside the `schemas` module the runtime path is the short alias `__s`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::{ident, schema_static_name, Scope};
use crate::ir::{Ir, Kind, Schema, StringFormat};

/// The alias of `::sls_runtime::schema` declared in the `schemas` module.
pub(super) fn alias_declaration() -> TokenStream {
    quote!(
        use ::sls_runtime::schema as __s;
    )
}

/// The path of the runtime's schema module as seen from `scope`.
fn runtime(scope: Scope) -> TokenStream {
    match scope {
        Scope::Models => quote!(__s),
        Scope::Sibling | Scope::InModels => quote!(::sls_runtime::schema),
    }
}

/// The path of a static of the `schemas` module as seen from `scope`.
fn schemas_item(scope: Scope, name: &proc_macro2::Ident) -> TokenStream {
    match scope {
        Scope::Models => quote!(#name),
        Scope::Sibling => quote!(super::schemas::#name),
        Scope::InModels => quote!(super::super::schemas::#name),
    }
}

/// The static of a regular expression: `PATTERN_` and the FNV-1a hash of its text, so the name is
/// the same wherever the pattern is met.
pub(super) fn pattern_name(pattern: &str) -> proc_macro2::Ident {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in pattern.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format_ident!("PATTERN_{:016X}", hash)
}

fn some<T: quote::ToTokens>(value: T) -> TokenStream {
    quote!(::core::option::Option::Some(#value))
}

/// `&'static Schema` tokens; plain scalars refer to the runtime's shared statics.
pub(super) fn schema_ref(
    ir: &Ir,
    schema: &Schema,
    scope: Scope,
    patterns: &mut Vec<String>,
) -> TokenStream {
    let s = runtime(scope);
    if !schema.nullable {
        let shared = match &schema.kind {
            Kind::Any | Kind::Binary => Some(quote!(ANY)),
            Kind::Boolean => Some(quote!(BOOLEAN)),
            Kind::Integer { format, rules }
                if format.range().is_none()
                    && rules.minimum.is_none()
                    && rules.maximum.is_none()
                    && rules.multiple_of.is_none() =>
            {
                Some(quote!(INTEGER))
            }
            Kind::Number { rules, .. } if rules.minimum.is_none() && rules.maximum.is_none() => {
                Some(quote!(NUMBER))
            }
            Kind::String(rules)
                if rules.min_length.is_none()
                    && rules.max_length.is_none()
                    && rules.pattern.is_none()
                    && rules.format.is_none() =>
            {
                Some(quote!(STRING))
            }
            Kind::Ref(id) => {
                let name = schema_static_name(ir, *id);
                let path = schemas_item(scope, &name);
                return quote!(&#path);
            }
            _ => None,
        };
        if let Some(shared) = shared {
            return quote!(&#s::#shared);
        }
    }
    let value = schema_value(ir, schema, scope, patterns);
    quote!(&#value)
}

/// A `Schema` value.
pub(super) fn schema_value(
    ir: &Ir,
    schema: &Schema,
    scope: Scope,
    patterns: &mut Vec<String>,
) -> TokenStream {
    let s = runtime(scope);
    if schema.nullable {
        let inner = Schema {
            kind: schema.kind.clone(),
            nullable: false,
        };
        let inner = schema_ref(ir, &inner, scope, patterns);
        return quote!(#s::Schema::Nullable(#inner));
    }
    match &schema.kind {
        Kind::Any | Kind::Binary => quote!(#s::Schema::Any),
        Kind::Enum(values) => {
            let literals = values.iter().map(|v| literal(&s, v));
            quote!(#s::Schema::Enum(&[#(#literals),*]))
        }
        Kind::AllOf(parts) => {
            let parts: Vec<TokenStream> = parts
                .iter()
                .map(|part| schema_ref(ir, part, scope, patterns))
                .collect();
            quote!(#s::Schema::AllOf(&[#(#parts),*]))
        }
        Kind::Boolean => quote!(#s::Schema::Boolean),
        Kind::Integer { format, rules } => {
            let mut fields = Vec::new();
            if let Some(m) = rules.minimum {
                let m = some(m);
                fields.push(quote!(minimum: #m));
            }
            if let Some(m) = rules.maximum {
                let m = some(m);
                fields.push(quote!(maximum: #m));
            }
            if let Some(m) = rules.multiple_of {
                let m = some(m);
                fields.push(quote!(multiple_of: #m));
            }
            if let Some((lo, hi)) = format.range() {
                let range = some(quote!((#lo, #hi)));
                fields.push(quote!(format_range: #range));
            }
            quote!(#s::Schema::Integer(#s::IntegerRules { #(#fields,)* ..#s::IntegerRules::NONE }))
        }
        Kind::Number { rules, .. } => {
            let mut fields = Vec::new();
            if let Some(m) = rules.minimum {
                let m = some(m);
                let exclusive = rules.exclusive_minimum;
                fields.push(quote!(minimum: #m, exclusive_minimum: #exclusive));
            }
            if let Some(m) = rules.maximum {
                let m = some(m);
                let exclusive = rules.exclusive_maximum;
                fields.push(quote!(maximum: #m, exclusive_maximum: #exclusive));
            }
            quote!(#s::Schema::Number(#s::NumberRules { #(#fields,)* ..#s::NumberRules::NONE }))
        }
        Kind::String(rules) => {
            let mut fields = Vec::new();
            if let Some(n) = rules.min_length {
                let n = some(n);
                fields.push(quote!(min_length: #n));
            }
            if let Some(n) = rules.max_length {
                let n = some(n);
                fields.push(quote!(max_length: #n));
            }
            if let Some(pattern) = &rules.pattern {
                if !patterns.contains(pattern) {
                    patterns.push(pattern.clone());
                }
                let name = pattern_name(pattern);
                let item = match scope {
                    Scope::Models | Scope::Sibling => quote!(super::patterns::#name),
                    Scope::InModels => quote!(super::super::patterns::#name),
                };
                let path = some(quote!(&#item));
                fields.push(quote!(pattern: #path));
            }
            if let Some(format) = rules.format {
                let variant = ident(match format {
                    StringFormat::DateTime => "DateTime",
                    StringFormat::Date => "Date",
                    StringFormat::Uuid => "Uuid",
                    StringFormat::Email => "Email",
                    StringFormat::Ipv4 => "Ipv4",
                    StringFormat::Ipv6 => "Ipv6",
                    StringFormat::Uri => "Uri",
                    StringFormat::Byte => "Byte",
                });
                let format = some(quote!(#s::Format::#variant));
                fields.push(quote!(format: #format));
            }
            quote!(#s::Schema::String(#s::StringRules { #(#fields,)* ..#s::StringRules::NONE }))
        }
        Kind::Array {
            items,
            min_items,
            max_items,
            unique_items,
        } => {
            let items = schema_ref(ir, items, scope, patterns);
            if min_items.is_none() && max_items.is_none() && !unique_items {
                quote!(#s::Schema::array(#items))
            } else {
                let min_items = super::option_tokens(*min_items);
                let max_items = super::option_tokens(*max_items);
                quote!(#s::Schema::Array(#s::ArrayRules { items: #items, min_items: #min_items, max_items: #max_items, unique_items: #unique_items }))
            }
        }
        Kind::Map(values) => {
            let values = schema_ref(ir, values, scope, patterns);
            quote!(#s::Schema::map(#values))
        }
        Kind::Ref(id) => {
            // A reference to a named schema is the static itself, not a copy.
            let name = schema_static_name(ir, *id);
            schemas_item(scope, &name)
        }
    }
}

/// A JSON value as a `Literal` (the lowering rejects objects and arrays).
fn literal(s: &TokenStream, value: &Value) -> TokenStream {
    match value {
        Value::Bool(b) => quote!(#s::Literal::Bool(#b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => quote!(#s::Literal::Int(#i)),
            None => {
                let f = proc_macro2::Literal::f64_suffixed(n.as_f64().unwrap_or_default());
                quote!(#s::Literal::Float(#f))
            }
        },
        Value::String(text) => quote!(#s::Literal::Str(#text)),
        Value::Null | Value::Array(_) | Value::Object(_) => quote!(#s::Literal::Null),
    }
}
