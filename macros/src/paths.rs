//! Paths that the generated code names.
//!
//! Every runtime item is reached through the absolute path `::sls_runtime`, so the expansion works
//! whatever the user has imported. The generated API module is reached through `crate::api` unless
//! the attribute says `api = some::path`.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

/// The runtime crate, `::sls_runtime`, with the call-site span.
pub(crate) fn runtime() -> TokenStream {
    runtime_at(Span::call_site())
}

/// The runtime crate, `::sls_runtime`, with `span` (so that errors in generated code that names it
/// point at the user's tokens).
pub(crate) fn runtime_at(span: Span) -> TokenStream {
    quote_spanned!(span=> ::sls_runtime)
}

/// The default path of the module that `sls_runtime::include_api!()` creates.
pub(crate) fn default_api() -> syn::Path {
    syn::parse_quote!(crate::api)
}

/// `<api>::operations::<op>`: the unit type of an operation. The last segment keeps the span of the
/// user's token, so an unknown operation is an unresolved path on that token.
pub(crate) fn operation(api: &syn::Path, op: &syn::Ident) -> TokenStream {
    quote!(#api::operations::#op)
}

/// The operation's path as written inside a `#[macro_export]` macro: an API path that starts at
/// `crate` starts at `$crate` instead, so that it names the defining crate wherever the macro is
/// called.
pub(crate) fn operation_in_exported_macro(api: &syn::Path, op: &syn::Ident) -> TokenStream {
    match api.segments.first() {
        Some(first) if first.ident == "crate" && api.leading_colon.is_none() => {
            let rest = api.segments.iter().skip(1);
            quote!($crate #(::#rest)* ::operations::#op)
        }
        _ => operation(api, op),
    }
}
