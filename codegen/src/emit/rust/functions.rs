//! `functions`: per deployable function, the static route table and the dispatch.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ops::descriptor_name;
use super::{doc_attr, ident};
use crate::ir::Ir;

/// A route key: per segment `(0, literal)` or `(1, "")` for a parameter, so literals sort first.
type RouteKey<'a> = Vec<(u8, &'a str)>;

/// A path template's segments: `Some(literal)` or `None` for a parameter.
fn template(path: &str) -> Vec<Option<&str>> {
    path.split('/')
        .skip(1)
        .filter(|s| !s.is_empty())
        .map(|s| if s.starts_with('{') { None } else { Some(s) })
        .collect()
}

/// The route table and dispatch of a function serving `operations` (indexes into the IR).
fn function(
    ir: &Ir,
    name: &proc_macro2::Ident,
    fn_name: &str,
    doc: &str,
    operations: &[usize],
) -> TokenStream {
    // Group by path template; literal segments sort before parameters, so that in the `match`
    // `/pet/findByStatus` comes before `/pet/{petId}`.
    let mut resources: BTreeMap<RouteKey<'_>, Vec<(usize, usize)>> = BTreeMap::new();
    for (position, index) in operations.iter().enumerate() {
        let op = &ir.operations[*index];
        let key = template(&op.path)
            .into_iter()
            .map(|segment| match segment {
                Some(literal) => (0u8, literal),
                None => (1u8, ""),
            })
            .collect();
        resources.entry(key).or_default().push((position, *index));
    }
    let depth = resources.keys().map(Vec::len).max().unwrap_or(0).max(1);
    let arms = resources.iter().map(|(segments, ops)| {
        let mut bindings = Vec::new();
        let patterns = segments.iter().map(|(kind, literal)| {
            if *kind == 0 {
                quote!(#literal)
            } else {
                let binding = format_ident!("p{}", bindings.len());
                bindings.push(binding.clone());
                quote!(#binding)
            }
        });
        let patterns: Vec<TokenStream> = patterns.collect();
        let mut methods: Vec<(&str, usize)> = ops.iter().map(|(position, index)| (ir.operations[*index].method.as_str(), *position)).collect();
        methods.sort();
        let allow = methods.iter().map(|(m, _)| *m).collect::<Vec<_>>().join(", ");
        let method_arms = methods.iter().map(|(method, position)| {
            quote!(#method => ::sls_runtime::router::RouteMatch::found(#position, &[#(#bindings),*]))
        });
        quote! {
            [#(#patterns),*] => match method.as_str() {
                #(#method_arms,)*
                _ => ::sls_runtime::router::RouteMatch::not_allowed(#allow),
            }
        }
    });
    let bounds = operations.iter().map(|index| {
        let marker = ident(&ir.operations[*index].ident);
        quote!(::sls_runtime::Handles<super::operations::#marker>)
    });
    let descriptors = operations.iter().map(|index| {
        let descriptor = descriptor_name(&ir.operations[*index]);
        quote!(&super::operations::#descriptor)
    });
    let dispatch_arms = operations.iter().enumerate().map(|(position, index)| {
        let marker = ident(&ir.operations[*index].ident);
        quote!(#position => ::sls_runtime::invoke::<A, super::operations::#marker>(state, context, request))
    });
    let doc = doc_attr(Some(doc));
    if operations.is_empty() {
        // A spec without operations (webhooks only) still has a function for the local server.
        return quote! {
            #doc
            #[allow(non_camel_case_types)]
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy)]
            pub struct #name;

            impl<A: ::sls_runtime::Application> ::sls_runtime::Function<A> for #name {
                const NAME: &'static str = #fn_name;
                const OPERATIONS: &'static [&'static ::sls_runtime::descriptor::OperationDescriptor] = &[];

                fn route<'p>(_method: &::sls_runtime::http::Method, _path: &'p str) -> ::sls_runtime::router::RouteMatch<'p> {
                    ::sls_runtime::router::RouteMatch::NotFound
                }

                fn dispatch(
                    index: usize,
                    _state: ::std::sync::Arc<A::State>,
                    _context: ::sls_runtime::Context,
                    _request: ::sls_runtime::request::RawRequest,
                ) -> ::sls_runtime::BoxFuture<'static, ::sls_runtime::HttpResponse> {
                    ::sls_runtime::unknown_operation(index)
                }
            }
        };
    }
    quote! {
        #doc
        #[allow(non_camel_case_types)]
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy)]
        pub struct #name;

        impl<A: ::sls_runtime::Application #(+ #bounds)*> ::sls_runtime::Function<A> for #name {
            const NAME: &'static str = #fn_name;
            const OPERATIONS: &'static [&'static ::sls_runtime::descriptor::OperationDescriptor] = &[#(#descriptors),*];

            fn route<'p>(method: &::sls_runtime::http::Method, path: &'p str) -> ::sls_runtime::router::RouteMatch<'p> {
                let ::std::option::Option::Some(segments) = ::sls_runtime::router::Segments::<#depth>::split(path) else {
                    return ::sls_runtime::router::RouteMatch::NotFound;
                };
                match segments.as_slice() {
                    #(#arms)*
                    _ => ::sls_runtime::router::RouteMatch::NotFound,
                }
            }

            fn dispatch(
                index: usize,
                state: ::std::sync::Arc<A::State>,
                context: ::sls_runtime::Context,
                request: ::sls_runtime::request::RawRequest,
            ) -> ::sls_runtime::BoxFuture<'static, ::sls_runtime::HttpResponse> {
                match index {
                    #(#dispatch_arms,)*
                    _ => ::sls_runtime::unknown_operation(index),
                }
            }
        }
    }
}

pub(super) fn functions(ir: &Ir) -> TokenStream {
    let each = ir.functions.iter().map(|f| {
        let ids: Vec<&str> = f
            .operations
            .iter()
            .map(|i| ir.operations[*i].id.as_str())
            .collect();
        let doc = format!("Function `{}`: {}.", f.name, ids.join(", "));
        let name = ident(&crate::ir::names::field_name(&f.name));
        function(ir, &name, &f.name, &doc, &f.operations)
    });
    let all: Vec<usize> = (0..ir.operations.len()).collect();
    let every = match ir.functions.as_slice() {
        // One function already serves everything: `All` is that function.
        [only] if only.operations == all => {
            let name = ident(&crate::ir::names::field_name(&only.name));
            quote! {
                /// Every operation in one function, as the local server runs them (here the
                /// only function).
                pub type All = #name;
            }
        }
        _ => function(
            ir,
            &ident("All"),
            "local",
            "Every operation in one function, as the local server runs them.",
            &all,
        ),
    };
    quote! {
        /// The deployable functions of the manifest, plus `All` for the local server.
        pub mod functions {
            #(#each)*
            #every
        }
    }
}
