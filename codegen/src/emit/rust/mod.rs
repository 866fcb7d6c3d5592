//! The Rust emitter: the `api` module that user crates include.
//!
//! Layout of the module:
//! - `models`: one type per named schema (serde structs and enums);
//! - `schemas`: one static validation schema per named type, read by the runtime's validator;
//! - `security`: one static descriptor per security scheme (when the spec has any);
//! - `ops`: per operation, the request struct and the response enum;
//! - `operations`: per operation, a unit type implementing `sls_runtime::Operation`;
//! - `handlers`: per operation, a marker trait whose bound proves that a handler exists;
//! - `functions`: per deployable function (and `All`), the route table and dispatch;
//! - `events`: per event of the manifest, a unit type implementing `sls_runtime::events::Event`;
//! - `event_handlers`: per event, a marker trait whose bound proves that a handler exists;
//! - `assert_all_handled`: the bound that `#[components]` checks;
//! - `patterns`: the regular expressions of the schemas, named after a hash of their text.

mod events;
mod functions;
mod models;
mod ops;
mod security;
mod text;
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
type Emit = fn(&Ir, &BTreeSet<(usize, usize)>, &mut Vec<String>) -> Result<Formatted, EmitError>;

/// The parts in module order. The per-operation parts are split in two halves, one per thread,
/// so that both cores work. `models` and `schemas`, the bulk of most modules, are written as
/// text; the other parts are built as tokens and formatted with prettyplease.
const PARTS: &[(&str, Emit, Split)] = &[
    (
        "models",
        |ir, boxed, patterns| Ok(models::models(ir, boxed, patterns)),
        Split::No,
    ),
    (
        "webhooks",
        |ir, _, _| format_part("webhooks", webhooks(ir)),
        Split::No,
    ),
    (
        "events",
        |ir, _, patterns| Ok(events::events(ir, patterns)),
        Split::No,
    ),
    (
        "schemas",
        |ir, _, patterns| Ok(models::schemas(ir, patterns)),
        Split::No,
    ),
    ("security", |ir, _, _| Ok(security::schemes(ir)), Split::No),
    ("ops", |ir, _, _| Ok(ops::ops(ir)), Split::Operations),
    (
        "operations",
        |ir, _, patterns| Ok(ops::operations(ir, patterns)),
        Split::Operations,
    ),
    (
        "handlers",
        |ir, _, _| Ok(ops::handlers(ir)),
        Split::Operations,
    ),
    (
        "event_handlers",
        |ir, _, _| Ok(events::event_handlers(ir)),
        Split::No,
    ),
    (
        "functions",
        |ir, _, _| Ok(functions::functions(ir)),
        Split::No,
    ),
    (
        "assert_all_handled",
        |ir, _, _| Ok(assert_all_handled(ir)),
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
    // The first half is never empty when there are operations: its module opening (which may
    // depend on having operations) is the one used.
    let half = ir.operations.len().div_ceil(2);
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
    let first_split = PARTS
        .iter()
        .position(|p| p.2 == Split::Operations)
        .unwrap_or(0);
    let run = |thread: usize| -> Result<(Vec<Option<Formatted>>, Vec<String>), EmitError> {
        let mut out = Vec::new();
        let mut patterns = Vec::new();
        for (index, (_, emit, split)) in PARTS.iter().enumerate() {
            let source = match split {
                Split::Operations => Some(&halves[thread]),
                Split::No if (index < first_split) == (thread == 0) => Some(ir),
                Split::No => None,
            };
            out.push(match source {
                Some(source) => Some(emit(source, &boxed, &mut patterns)?),
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
    let patterns = models::patterns_module(&patterns);
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

fn assert_all_handled(ir: &Ir) -> Formatted {
    let mut code = text::Code::at(0);
    code.line("/// Compiles only when `A` has a handler for every operation of the spec (and a");
    code.line("/// `credentials` hook when the spec has API key or basic schemes); called by");
    code.line("/// `#[components]`.");
    code.line("pub const fn assert_all_handled<A>()");
    let mut bounds = vec!["::sls_runtime::Application".to_owned()];
    bounds.extend(
        ir.operations
            .iter()
            .map(|op| format!("handlers::{}", op.ident)),
    );
    bounds.extend(
        ir.events
            .iter()
            .map(|event| format!("event_handlers::{}", event.name)),
    );
    if ir.needs_credentials_hook() {
        bounds.push("::sls_runtime::security::ChecksCredentials".to_owned());
    }
    functions::where_bounds(&mut code, &bounds);
    code.close("}");
    Formatted {
        opening: None,
        body: code.finish(),
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

/// The path of a named type as seen from `scope`.
pub(crate) fn type_path(ir: &Ir, id: TypeId, scope: Scope) -> String {
    let name = &ir.types.get(id).name;
    match scope {
        Scope::Models => name.clone(),
        Scope::Sibling => format!("super::models::{name}"),
        Scope::InModels => format!("super::{name}"),
    }
}

/// The Rust type of a schema in a JSON position (model fields, JSON bodies, parameters), as
/// text.
pub(crate) fn type_text(ir: &Ir, schema: &Schema, scope: Scope) -> String {
    let inner = match &schema.kind {
        Kind::Any | Kind::AllOf(_) => "::sls_runtime::__private::serde_json::Value".to_owned(),
        Kind::Boolean => "bool".to_owned(),
        Kind::Integer { format, .. } => match format {
            IntFormat::I8 => "i8",
            IntFormat::I16 => "i16",
            IntFormat::I32 => "i32",
            IntFormat::I64 => "i64",
            IntFormat::U8 => "u8",
            IntFormat::U16 => "u16",
            IntFormat::U32 => "u32",
            IntFormat::U64 => "u64",
        }
        .to_owned(),
        Kind::Number {
            format: NumFormat::F32,
            ..
        } => "f32".to_owned(),
        Kind::Number {
            format: NumFormat::F64,
            ..
        } => "f64".to_owned(),
        Kind::String(rules) => match rules.format {
            Some(StringFormat::DateTime) => "::sls_runtime::types::DateTime",
            Some(StringFormat::Date) => "::sls_runtime::types::Date",
            Some(StringFormat::Uuid) => "::sls_runtime::types::Uuid",
            Some(StringFormat::Byte) => "::sls_runtime::types::Base64",
            Some(StringFormat::Ipv4) => "::std::net::Ipv4Addr",
            Some(StringFormat::Ipv6) => "::std::net::Ipv6Addr",
            Some(StringFormat::Email | StringFormat::Uri) | None => "::std::string::String",
        }
        .to_owned(),
        // Binary data inside JSON travels as a string.
        Kind::Binary => "::std::string::String".to_owned(),
        Kind::Enum(values) => literal_type(values).to_owned(),
        Kind::Array { items, .. } => format!("::std::vec::Vec<{}>", type_text(ir, items, scope)),
        Kind::Map(values) => format!(
            "::std::collections::BTreeMap<::std::string::String, {}>",
            type_text(ir, values, scope)
        ),
        Kind::Ref(id) => type_path(ir, *id, scope),
    };
    if schema.nullable {
        format!("::std::option::Option<{inner}>")
    } else {
        inner
    }
}

/// The Rust type of a schema in a JSON position, as tokens.
pub(crate) fn rust_type(ir: &Ir, schema: &Schema, scope: Scope) -> TokenStream {
    tokens(&type_text(ir, schema, scope))
}

/// Tokens of Rust text written by this emitter. The text is always valid; should it ever not
/// lex, the generated code says so where the tokens were meant to be.
fn tokens(text: &str) -> TokenStream {
    text.parse().unwrap_or_else(|_| {
        let message = format!("sls-gen emitted Rust that does not lex: {text}");
        quote!(::core::compile_error!(#message))
    })
}

/// The static validation schema of a named type: it has the type's own name, in `schemas`.
pub(crate) fn schema_static_name(ir: &Ir, id: TypeId) -> &str {
    &ir.types.get(id).name
}

/// The Rust type of a non-string enum: the narrowest type that holds every value.
fn literal_type(values: &[Value]) -> &'static str {
    if values.iter().all(|v| v.as_i64().is_some()) {
        "i64"
    } else if values.iter().all(Value::is_number) {
        "f64"
    } else if values.iter().all(Value::is_boolean) {
        "bool"
    } else if values.iter().all(Value::is_string) {
        "::std::string::String"
    } else {
        "::sls_runtime::__private::serde_json::Value"
    }
}
