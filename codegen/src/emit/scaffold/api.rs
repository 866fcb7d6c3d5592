//! What the scaffold assumes about the generated `api` module, the runtime and the macros.
//!
//! This is the one place that knows those conventions; when the generated code changes shape,
//! adapt it here and refresh the golden scaffold.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::events::{Event, EventKind};
use crate::ir::{Ir, Operation};

/// The request type of an operation, when its handler takes one: `{Prefix}Request` in `api::ops`
/// (today every operation has one, an empty struct when it has no parameters and no body).
pub(super) fn request_type(op: &Operation) -> Option<Ident> {
    Some(format_ident!("{}Request", op.type_prefix))
}

/// The response enum of an operation: `{Prefix}Response` in `api::ops`.
pub(super) fn response_type(op: &Operation) -> Ident {
    format_ident!("{}Response", op.type_prefix)
}

/// The identifier `#[endpoint(..)]` takes: the operation's marker type in `api::operations`.
pub(super) fn operation_ident(op: &Operation) -> Ident {
    Ident::new(&op.ident, Span::call_site())
}

/// The imports of a handler module: the request and response types when it has operations, the
/// state, the attributes it uses, the event types and `Problem`.
pub(super) fn handler_imports(operations: bool, events: &[&Event]) -> TokenStream {
    let schedules = events.iter().any(|e| e.kind == EventKind::Schedule);
    let messages = events.iter().any(|e| e.kind != EventKind::Schedule);
    let ops = operations.then(|| {
        quote!(
            use crate::api::ops::*;
        )
    });
    let mut types = Vec::new();
    let mut macros = Vec::new();
    if operations {
        macros.push(quote!(endpoint));
    }
    if messages {
        types.push(quote!(MessageMeta));
        macros.push(quote!(message));
    }
    if schedules {
        types.push(quote!(Tick));
        macros.push(quote!(scheduled));
    }
    macros.push(quote!(Problem));
    let event_types = (!types.is_empty()).then(|| quote!(use sls_runtime::events::{#(#types),*};));
    quote! {
        #ops
        use crate::State;
        #event_types
        use sls_runtime::{#(#macros),*};
    }
}

/// The identifier `#[scheduled(..)]` and `#[message(..)]` take: the event's type in
/// `api::events`.
pub(super) fn event_ident(event: &Event) -> Ident {
    Ident::new(&event.name, Span::call_site())
}

/// The payload type of a message event, by its path from the crate root.
pub(super) fn payload_type(ir: &Ir, event: &Event) -> Option<TokenStream> {
    let payload = event.payload.as_ref()?;
    let text = crate::emit::rust::type_text(ir, payload, crate::emit::rust::Scope::Sibling)
        .replace("super::models::", "crate::api::models::");
    text.parse().ok()
}

/// The body of an event handler that is not written yet: an error naming the event.
pub(super) fn event_not_implemented(event: &Event) -> TokenStream {
    let name = event.name.as_str();
    quote!(Err(sls_runtime::events::not_implemented(#name)))
}

/// The body of a handler that is not written yet: a 501 problem naming the operation.
pub(super) fn not_implemented(op: &Operation) -> TokenStream {
    let id = op.id.as_str();
    quote!(Err(Problem::not_implemented(#id)))
}

/// Includes the generated module as `crate::api`.
pub(super) fn include_api() -> TokenStream {
    quote!(sls_runtime::include_api!();)
}

/// The imports of `main.rs` from the library `krate`: the application and the function type
/// that serves every operation on the local server.
pub(super) fn main_imports(krate: &Ident) -> TokenStream {
    quote! {
        use #krate::api::functions::All;
        use #krate::App;
    }
}

/// The entry point of the local server.
pub(super) fn local_main() -> TokenStream {
    quote! {
        fn main() -> std::process::ExitCode {
            sls_runtime::platform::local::run::<App, All>()
        }
    }
}

/// The names the `#[endpoint]` expansion binds in the handler's module (its `call` parameters and
/// locals). A unit struct of the same name there would turn those bindings into patterns, so no
/// handler may take them.
pub(super) const MACRO_LOCALS: &[&str] = &[
    "state", "_state", "context", "_context", "request", "_request", "output",
];
