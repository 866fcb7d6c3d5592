//! `functions`: per deployable function, the static route table and the dispatch.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ops::descriptor_name;
use super::{doc_attr, ident};
use crate::ir::path::{self, Segment};
use crate::ir::Ir;

/// A route key: per segment `(0, literal)`, `(1, literals joined by "{}")` for a segment that
/// mixes text and parameters, or `(2, "")` for a parameter, so the more specific sort first.
type RouteKey = Vec<(u8, String)>;

/// The route key of a path template, and per parameter position (in template order) the name it
/// binds.
fn route_key(path: &str) -> (RouteKey, Vec<&str>) {
    let segments = path::segments(path).unwrap_or_default();
    let mut names = Vec::new();
    let key = segments
        .iter()
        .map(|segment| {
            names.extend(segment.params());
            match segment {
                Segment::Literal(text) => (0u8, (*text).to_owned()),
                Segment::Mixed(_) => (1u8, segment.literals().join("{}")),
                Segment::Param(_) => (2u8, String::new()),
            }
        })
        .collect();
    (key, names)
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
    let mut resources: BTreeMap<RouteKey, Vec<(usize, usize)>> = BTreeMap::new();
    for (position, index) in operations.iter().enumerate() {
        let (key, _) = route_key(&ir.operations[*index].path);
        resources.entry(key).or_default().push((position, *index));
    }
    let depth = resources.keys().map(Vec::len).max().unwrap_or(0).max(1);
    let router = quote!(::sls_runtime::router);
    let arms = resources.iter().map(|(segments, ops)| {
        // The parameter positions some operation reads (a name repeated in a template takes its
        // first occurrence; the others are matched but unused).
        let mut used = std::collections::BTreeSet::new();
        for (_, index) in ops {
            let (_, names) = route_key(&ir.operations[*index].path);
            for (i, name) in names.iter().enumerate() {
                if !names[..i].contains(name) {
                    used.insert(i);
                }
            }
        }
        let underscore = format_ident!("_");
        // Every parameter value of the resource, in template order.
        let mut bindings: Vec<proc_macro2::Ident> = Vec::new();
        let bind = |bindings: &mut Vec<proc_macro2::Ident>| {
            let position = bindings.len();
            let binding = if used.contains(&position) {
                format_ident!("p{}", position)
            } else {
                underscore.clone()
            };
            bindings.push(binding.clone());
            binding
        };
        let mut guards = Vec::new();
        let mut splits = Vec::new();
        let patterns: Vec<TokenStream> = segments
            .iter()
            .enumerate()
            .map(|(index, (kind, text))| match kind {
                0 => quote!(#text),
                1 => {
                    let segment = format_ident!("s{}", index);
                    let literals: Vec<&str> = text.split("{}").collect();
                    let count = literals.len() - 1;
                    let values: Vec<proc_macro2::Ident> =
                        (0..count).map(|_| bind(&mut bindings)).collect();
                    guards.push(quote!(#router::split_mixed::<#count>(#segment, &[#(#literals),*]).is_some()));
                    splits.push(quote! {
                        let ::std::option::Option::Some([#(#values),*]) = #router::split_mixed::<#count>(#segment, &[#(#literals),*]) else {
                            return #router::RouteMatch::NotFound;
                        };
                    });
                    quote!(#segment)
                }
                _ => {
                    let binding = bind(&mut bindings);
                    quote!(#binding)
                }
            })
            .collect();
        let mut methods: Vec<(&str, usize, usize)> = ops
            .iter()
            .map(|(position, index)| (ir.operations[*index].method.as_str(), *position, *index))
            .collect();
        methods.sort();
        let allow = methods.iter().map(|(m, _, _)| *m).collect::<Vec<_>>().join(", ");
        let method_arms = methods.iter().map(|(method, position, index)| {
            // A name repeated in the template takes its first occurrence.
            let (_, names) = route_key(&ir.operations[*index].path);
            let values = bindings.iter().zip(&names).enumerate().filter_map(|(i, (binding, name))| {
                (!names[..i].contains(name)).then_some(binding)
            });
            quote!(#method => #router::RouteMatch::found(#position, &[#(#values),*]))
        });
        let guard = if guards.is_empty() {
            quote!()
        } else {
            quote!(if #(#guards)&&*)
        };
        quote! {
            [#(#patterns),*] #guard => {
                #(#splits)*
                match method.as_str() {
                    #(#method_arms,)*
                    _ => #router::RouteMatch::not_allowed(#allow),
                }
            }
        }
    });
    let bounds = operations.iter().map(|index| {
        let marker = ident(&ir.operations[*index].ident);
        quote!(::sls_runtime::Handles<super::operations::#marker>)
    });
    let descriptors = operations.iter().map(|index| {
        let descriptor = ident(&descriptor_name(&ir.operations[*index]));
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
