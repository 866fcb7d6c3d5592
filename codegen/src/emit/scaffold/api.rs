//! What the scaffold assumes about the generated `api` module, the runtime and the macros.
//!
//! This is the one place that knows those conventions; when the generated code changes shape,
//! adapt it here and refresh the golden scaffold.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::Operation;

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

/// The imports of a handler module: the request and response types, the state, the macro and
/// `Problem`.
pub(super) fn handler_imports() -> TokenStream {
    quote! {
        use crate::api::ops::*;
        use crate::State;
        use sls_runtime::{endpoint, Problem};
    }
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
