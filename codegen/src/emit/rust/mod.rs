//! The Rust emitter: the `api` module that user crates include.
//!
//! Layout of the module:
//! - `models`: one type per named schema (serde structs and enums);
//! - `schemas`: one static validation schema per named type, read by the runtime's validator;
//! - `ops`: per operation, the request struct and the response enum;
//! - `operations`: per operation, a unit type implementing `sls_runtime::Operation`;
//! - `handlers`: per operation, a marker trait whose bound proves that a handler exists;
//! - `functions`: per deployable function (and `All`), the route table and dispatch;
//! - `assert_all_handled`: the bound that `#[components]` checks;
//! - `patterns`: the regular expressions of the schemas, named after a hash of their text.

mod functions;
mod models;
mod ops;
mod validation;

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{IntFormat, Ir, Kind, NumFormat, Schema, StringFormat, TypeId};
use serde_json::Value;

/// Generated tokens that do not parse: a bug of the emitter, reported with the offending part.
#[derive(Debug, thiserror::Error)]
#[error("sls-gen emitted Rust that does not parse (in `{part}`): {message}; please report this with the spec")]
pub struct EmitError {
    /// The part of the module (`models`, `ops`, ...).
    pub part: &'static str,
    /// The parser's message.
    pub message: String,
}

/// A part of the module, generated and formatted on its own; `patterns` collects the regular
/// expressions it refers to.
type Emit = fn(&Ir, &BTreeSet<(usize, usize)>, &mut Vec<String>) -> TokenStream;

/// The parts in module order. The per-operation parts are split in two halves, one per thread,
/// so that both cores format (formatting is most of the time on large specs).
const PARTS: &[(&str, Emit, Split)] = &[
    (
        "models",
        |ir, boxed, patterns| models::models(ir, boxed, patterns),
        Split::No,
    ),
    ("webhooks", |ir, _, _| webhooks(ir), Split::No),
    (
        "schemas",
        |ir, _, patterns| {
            let statics = models::schema_statics(ir, patterns);
            models::schemas_module(statics)
        },
        Split::No,
    ),
    ("ops", |ir, _, _| ops::ops(ir), Split::Operations),
    (
        "operations",
        |ir, _, patterns| ops::operations(ir, patterns),
        Split::Operations,
    ),
    ("handlers", |ir, _, _| ops::handlers(ir), Split::Operations),
    ("functions", |ir, _, _| functions::functions(ir), Split::No),
    (
        "assert_all_handled",
        |ir, _, _| assert_all_handled(ir),
        Split::No,
    ),
];

/// Whether a part is generated whole (on the thread its weight suits) or per half of the
/// operations.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Split {
    No,
    Operations,
}

/// A formatted part: a module's opening lines (doc, attributes, `pub mod x {`) and its items,
/// or plain items.
struct Formatted {
    opening: Option<String>,
    body: String,
}

/// Writes the `api` module for `ir`, formatted with prettyplease. `source` names the spec in the
/// header comment. The work is shared by two threads.
pub fn generate(ir: &Ir, source: &str) -> Result<String, EmitError> {
    let boxed = models::recursive_children(ir);
    let half = ir.operations.len() / 2;
    let halves = [
        Ir {
            operations: ir.operations[..half].to_vec(),
            ..ir.clone()
        },
        Ir {
            operations: ir.operations[half..].to_vec(),
            ..ir.clone()
        },
    ];
    // Thread 0 takes the whole parts before `ops` and the first halves; thread 1 the second
    // halves and the whole parts after.
    let run = |thread: usize| -> Result<(Vec<Option<Formatted>>, Vec<String>), EmitError> {
        let mut out = Vec::new();
        let mut patterns = Vec::new();
        for (index, (part, emit, split)) in PARTS.iter().enumerate() {
            let first_split = PARTS
                .iter()
                .position(|p| p.2 == Split::Operations)
                .unwrap_or(0);
            let source = match split {
                Split::Operations => Some(&halves[thread]),
                Split::No if (index < first_split) == (thread == 0) => Some(ir),
                Split::No => None,
            };
            out.push(match source {
                Some(source) => Some(format_part(part, emit(source, &boxed, &mut patterns))?),
                None => None,
            });
        }
        Ok((out, patterns))
    };
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| run(1));
        let first = run(0);
        (first, second.join())
    });
    let (first, mut patterns) = first?;
    let (second, more) = match second {
        Ok(result) => result?,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    for pattern in more {
        if !patterns.contains(&pattern) {
            patterns.push(pattern);
        }
    }
    let mut text = format!(
        "// Generated by sls-gen from `{source}` ({} {}). Do not edit.\n// Regenerated on every build; change the spec instead.\n\n",
        ir.title, ir.version
    );
    for (a, b) in first.into_iter().zip(second) {
        let pieces: Vec<Formatted> = a.into_iter().chain(b).collect();
        let opening = pieces.iter().find_map(|p| p.opening.clone());
        if let Some(opening) = &opening {
            text.push_str(opening);
        }
        for piece in &pieces {
            text.push_str(&piece.body);
        }
        if opening.is_some() {
            text.push_str("}\n");
        }
    }
    let patterns = format_part("patterns", models::patterns_module(&patterns))?;
    if let Some(opening) = patterns.opening {
        text.push_str(&opening);
        text.push_str(&patterns.body);
        text.push_str("}\n");
    }
    Ok(text)
}

/// Parses and formats a part. A part that is one module with items is split into its opening
/// lines and its items (indented), so halves of one module can be joined.
fn format_part(part: &'static str, tokens: TokenStream) -> Result<Formatted, EmitError> {
    if tokens.is_empty() {
        return Ok(Formatted {
            opening: None,
            body: String::new(),
        });
    }
    let mut file: syn::File = syn::parse2(tokens).map_err(|error| EmitError {
        part,
        message: error.to_string(),
    })?;
    if let [syn::Item::Mod(module)] = file.items.as_mut_slice() {
        if let Some((_, items)) = module.content.as_mut() {
            let items = std::mem::take(items);
            // `pub mod x {}` formatted, opened up.
            let empty = prettyplease::unparse(&syn::File {
                shebang: None,
                attrs: Vec::new(),
                items: vec![syn::Item::Mod(module.clone())],
            });
            let opening = match empty.trim_end().strip_suffix("{}") {
                Some(head) => format!("{head}{{\n"),
                None => empty,
            };
            let inner = prettyplease::unparse(&syn::File {
                shebang: None,
                attrs: Vec::new(),
                items,
            });
            let mut body = String::with_capacity(inner.len() + inner.len() / 8);
            for line in inner.lines() {
                if !line.is_empty() {
                    body.push_str("    ");
                }
                body.push_str(line);
                body.push('\n');
            }
            return Ok(Formatted {
                opening: Some(opening),
                body,
            });
        }
    }
    Ok(Formatted {
        opening: None,
        body: prettyplease::unparse(&file),
    })
}

fn assert_all_handled(ir: &Ir) -> TokenStream {
    let bounds = ir.operations.iter().map(|op| {
        let ident = ident(&op.ident);
        quote!(handlers::#ident)
    });
    quote! {
        /// Compiles only when `A` has a handler for every operation of the spec; called by
        /// `#[components]`.
        pub const fn assert_all_handled<A: ::sls_runtime::Application #(+ #bounds)*>() {}
    }
}

/// The `webhooks` module: one alias per webhook payload.
fn webhooks(ir: &Ir) -> TokenStream {
    if ir.webhooks.is_empty() {
        return quote!();
    }
    let aliases = ir.webhooks.iter().filter_map(|hook| {
        let payload = hook.payload.as_ref()?;
        let name = ident(&hook.rust_name);
        let ty = rust_type(ir, payload, Scope::Sibling);
        let title = format!(
            " The payload of the `{}` webhook (`{}`).",
            hook.name,
            hook.method.as_str()
        );
        let doc = doc_attr(hook.doc.as_deref());
        let separator = if hook.doc.is_some() {
            quote!(#[doc = ""])
        } else {
            quote!()
        };
        Some(quote! {
            #[doc = #title]
            #separator
            #doc
            pub type #name = #ty;
        })
    });
    quote! {
        /// Payloads of the webhooks the API sends (the spec's `webhooks`).
        pub mod webhooks {
            #(#aliases)*
        }
    }
}

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

pub(crate) fn doc_attr(text: Option<&str>) -> TokenStream {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => {
            let lines = super::doc::lines(text).into_iter().map(|line| {
                if line.is_empty() {
                    line
                } else {
                    format!(" {line}")
                }
            });
            quote!(#(#[doc = #lines])*)
        }
        None => quote!(),
    }
}

/// Where a Rust type is written from: inside `models`, or from a sibling module.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Models,
    Sibling,
    /// A module inside `models` (its `defaults`).
    InModels,
}

pub(crate) fn type_path(ir: &Ir, id: TypeId, scope: Scope) -> TokenStream {
    let name = ident(&ir.types.get(id).name);
    match scope {
        Scope::Models => quote!(#name),
        Scope::Sibling => quote!(super::models::#name),
        Scope::InModels => quote!(super::#name),
    }
}

/// The Rust type of a schema in a JSON position (model fields, JSON bodies, parameters).
pub(crate) fn rust_type(ir: &Ir, schema: &Schema, scope: Scope) -> TokenStream {
    let inner = match &schema.kind {
        Kind::Any | Kind::AllOf(_) => quote!(::sls_runtime::__private::serde_json::Value),
        Kind::Boolean => quote!(bool),
        Kind::Integer { format, .. } => match format {
            IntFormat::I8 => quote!(i8),
            IntFormat::I16 => quote!(i16),
            IntFormat::I32 => quote!(i32),
            IntFormat::I64 => quote!(i64),
            IntFormat::U8 => quote!(u8),
            IntFormat::U16 => quote!(u16),
            IntFormat::U32 => quote!(u32),
            IntFormat::U64 => quote!(u64),
        },
        Kind::Number {
            format: NumFormat::F32,
            ..
        } => quote!(f32),
        Kind::Number {
            format: NumFormat::F64,
            ..
        } => quote!(f64),
        Kind::String(rules) => match rules.format {
            Some(StringFormat::DateTime) => quote!(::sls_runtime::types::DateTime),
            Some(StringFormat::Date) => quote!(::sls_runtime::types::Date),
            Some(StringFormat::Uuid) => quote!(::sls_runtime::types::Uuid),
            Some(StringFormat::Byte) => quote!(::sls_runtime::types::Base64),
            Some(StringFormat::Ipv4) => quote!(::std::net::Ipv4Addr),
            Some(StringFormat::Ipv6) => quote!(::std::net::Ipv6Addr),
            Some(StringFormat::Email | StringFormat::Uri) | None => {
                quote!(::std::string::String)
            }
        },
        // Binary data inside JSON travels as a string.
        Kind::Binary => quote!(::std::string::String),
        Kind::Enum(values) => literal_type(values),
        Kind::Array { items, .. } => {
            let item = rust_type(ir, items, scope);
            quote!(::std::vec::Vec<#item>)
        }
        Kind::Map(values) => {
            let value = rust_type(ir, values, scope);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        Kind::Ref(id) => type_path(ir, *id, scope),
    };
    if schema.nullable {
        quote!(::std::option::Option<#inner>)
    } else {
        inner
    }
}

/// The static validation schema of a named type: it has the type's own name, in `schemas`.
pub(crate) fn schema_static_name(ir: &Ir, id: TypeId) -> Ident {
    ident(&ir.types.get(id).name)
}

/// The Rust type of a non-string enum: the narrowest type that holds every value.
fn literal_type(values: &[Value]) -> TokenStream {
    if values.iter().all(|v| v.as_i64().is_some()) {
        quote!(i64)
    } else if values.iter().all(Value::is_number) {
        quote!(f64)
    } else if values.iter().all(Value::is_boolean) {
        quote!(bool)
    } else if values.iter().all(Value::is_string) {
        quote!(::std::string::String)
    } else {
        quote!(::sls_runtime::__private::serde_json::Value)
    }
}

/// Tokens of a `&'static sls_runtime::schema::Schema` for a schema in a position. `patterns`
/// collects regular expressions, which live in their own statics.
pub(crate) fn schema_ref(
    ir: &Ir,
    schema: &Schema,
    scope: Scope,
    patterns: &mut Vec<String>,
) -> TokenStream {
    validation::schema_ref(ir, schema, scope, patterns)
}

/// Tokens of a `sls_runtime::schema::Schema` value for a schema in a position.
pub(crate) fn schema_value(
    ir: &Ir,
    schema: &Schema,
    scope: Scope,
    patterns: &mut Vec<String>,
) -> TokenStream {
    validation::schema_value(ir, schema, scope, patterns)
}

pub(crate) fn option_tokens<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}
