//! `ops` (request and response types), `operations` (descriptors) and `handlers` (the
//! completeness proof).

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attr, ident, rust_type, schema_ref, Scope};
use crate::ir::{BodyKind, Ir, Operation, ParamLocation, StatusSpec};

fn title(op: &Operation) -> String {
    format!("`{}`: `{} {}`", op.id, op.method.as_str(), op.path)
}

fn operation_doc(op: &Operation) -> TokenStream {
    let mut text = title(op);
    if let Some(summary) = &op.summary {
        text.push_str(&format!("\n\n{summary}"));
    }
    if let Some(description) = &op.description {
        text.push_str(&format!("\n\n{description}"));
    }
    doc_attr(Some(&text))
}

fn body_type(ir: &Ir, kind: BodyKind, schema: &crate::ir::Schema) -> TokenStream {
    match kind {
        BodyKind::Json => rust_type(ir, schema, Scope::Sibling),
        BodyKind::Binary => quote!(::sls_runtime::bytes::Bytes),
        BodyKind::Text => quote!(::std::string::String),
    }
}

pub(super) fn ops(ir: &Ir) -> TokenStream {
    let items = ir.operations.iter().map(|op| {
        let request = format_ident!("{}Request", op.type_prefix);
        let response = format_ident!("{}Response", op.type_prefix);
        let marker = ident(&op.ident);
        let request_doc = doc_attr(Some(&format!("The request of {}.", title(op))));
        let response_doc = doc_attr(Some(&format!("The responses of {}.", title(op))));

        let mut fields = Vec::new();
        let mut reads = Vec::new();
        let mut inits = Vec::new();
        for (index, param) in op.params.iter().enumerate() {
            let name = ident(&param.rust_name);
            let ty = rust_type(ir, &param.schema, Scope::Sibling);
            let location = match param.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            };
            let mut text = format!("`{}` ({location} parameter)", param.name);
            if let Some(doc) = &param.doc {
                text.push_str(&format!(": {doc}"));
            }
            let doc = doc_attr(Some(&text));
            if param.required {
                fields.push(quote! { #doc pub #name: #ty });
                reads.push(quote! { let #name = decoder.required(#index); });
            } else {
                let ty = if param.schema.nullable { ty } else { quote!(::std::option::Option<#ty>) };
                fields.push(quote! { #doc pub #name: #ty });
                reads.push(quote! { let #name = decoder.optional(#index); });
            }
            inits.push(quote! { #name: #name? });
        }
        if let Some(body) = &op.body {
            let ty = body_type(ir, body.kind, &body.schema);
            let read = match body.kind {
                BodyKind::Json => quote!(decoder.json_body()),
                BodyKind::Binary => quote!(decoder.binary_body()),
                BodyKind::Text => quote!(decoder.text_body()),
            };
            let doc = doc_attr(Some(&format!("The `{}` body.{}", body.content_type, body.doc.as_ref().map(|d| format!(" {d}")).unwrap_or_default())));
            reads.push(quote! { let body = #read; });
            if body.required {
                fields.push(quote! { #doc pub body: #ty });
                inits.push(quote! { body: body?? });
            } else {
                fields.push(quote! { #doc pub body: ::std::option::Option<#ty> });
                inits.push(quote! { body: body? });
            }
        }
        let decoder_name = if reads.is_empty() { quote!(_decoder) } else { quote!(decoder) };

        let mut variants = Vec::new();
        let mut arms = Vec::new();
        for response in &op.responses {
            let variant = ident(&response.variant);
            let mut text = match response.status {
                StatusSpec::Code(code) => format!("{code}"),
                StatusSpec::Range(digit) => format!("{digit}XX"),
                StatusSpec::Default => "Any other status (`default`)".to_owned(),
            };
            if let Some(doc) = &response.doc {
                text.push_str(&format!(": {doc}"));
            }
            let doc = doc_attr(Some(&text));
            let encode = |status: TokenStream| match &response.body {
                None => quote!(::sls_runtime::response::empty(#status)),
                Some(body) => {
                    let content_type = &body.content_type;
                    match body.kind {
                        BodyKind::Json => quote!(::sls_runtime::response::json(#status, #content_type, &body)),
                        BodyKind::Binary => quote!(::sls_runtime::response::bytes(#status, #content_type, body)),
                        BodyKind::Text => quote!(::sls_runtime::response::text(#status, #content_type, body)),
                    }
                }
            };
            match response.status {
                StatusSpec::Code(code) => match &response.body {
                    Some(body) => {
                        let ty = body_type(ir, body.kind, &body.schema);
                        variants.push(quote! { #doc #variant(#ty) });
                        let encoded = encode(quote!(#code));
                        arms.push(quote! { Self::#variant(body) => #encoded });
                    }
                    None => {
                        variants.push(quote! { #doc #variant });
                        let encoded = encode(quote!(#code));
                        arms.push(quote! { Self::#variant => #encoded });
                    }
                },
                StatusSpec::Range(_) | StatusSpec::Default => {
                    let status_doc = match response.status {
                        StatusSpec::Range(digit) => format!(" The status code, from {digit}00 to {digit}99."),
                        _ => " The status code.".to_owned(),
                    };
                    match &response.body {
                        Some(body) => {
                            let ty = body_type(ir, body.kind, &body.schema);
                            variants.push(quote! { #doc #variant { #[doc = #status_doc] status: u16, /// The body.
                                body: #ty } });
                            let encoded = encode(quote!(status));
                            arms.push(quote! { Self::#variant { status, body } => #encoded });
                        }
                        None => {
                            variants.push(quote! { #doc #variant { #[doc = #status_doc] status: u16 } });
                            let encoded = encode(quote!(status));
                            arms.push(quote! { Self::#variant { status } => #encoded });
                        }
                    }
                }
            }
        }
        let into_response = if arms.is_empty() {
            quote! { match self {} }
        } else {
            quote! { match self { #(#arms,)* } }
        };
        quote! {
            #request_doc
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
            pub struct #request {
                #(#fields,)*
            }

            impl ::sls_runtime::request::FromRequest for #request {
                fn from_request(#decoder_name: &mut ::sls_runtime::request::Decoder<'_>) -> ::std::option::Option<Self> {
                    #(#reads)*
                    ::std::option::Option::Some(Self { #(#inits,)* })
                }
            }

            impl ::sls_runtime::RequestOf<super::operations::#marker> for #request {
                fn from_operation_request(request: Self) -> Self {
                    request
                }
            }

            #response_doc
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
            #[allow(clippy::large_enum_variant)]
            pub enum #response {
                #(#variants,)*
            }

            impl ::sls_runtime::IntoHttpResponse for #response {
                fn into_http_response(self) -> ::sls_runtime::HttpResponse {
                    #into_response
                }
            }

            impl ::sls_runtime::HandlerOutput<super::operations::#marker> for #response {
                fn into_http_response(self) -> ::sls_runtime::HttpResponse {
                    ::sls_runtime::IntoHttpResponse::into_http_response(self)
                }
            }

            impl<E: ::core::convert::Into<::sls_runtime::Problem>> ::sls_runtime::HandlerOutput<super::operations::#marker> for ::core::result::Result<#response, E> {
                fn into_http_response(self) -> ::sls_runtime::HttpResponse {
                    match self {
                        ::core::result::Result::Ok(response) => ::sls_runtime::IntoHttpResponse::into_http_response(response),
                        ::core::result::Result::Err(error) => ::core::convert::Into::<::sls_runtime::Problem>::into(error).into_response(),
                    }
                }
            }
        }
    });
    quote! {
        /// Per operation: the request (parameters and body) and the response enum.
        pub mod ops {
            #(#items)*
        }
    }
}

/// The name of an operation's descriptor static.
pub(super) fn descriptor_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}", op.type_prefix.to_shouty_snake_case())
}

pub(super) fn operations(ir: &Ir, patterns: &mut Vec<String>) -> TokenStream {
    let d = quote!(::sls_runtime::descriptor);
    let items = ir.operations.iter().map(|op| {
        let marker = ident(&op.ident);
        let request = format_ident!("{}Request", op.type_prefix);
        let response = format_ident!("{}Response", op.type_prefix);
        let descriptor = descriptor_name(op);
        let doc = operation_doc(op);
        let deprecated = if op.deprecated { quote!(#[deprecated]) } else { quote!() };
        let id = &op.id;
        let method = ident(op.method.as_str());
        let path = &op.path;
        let params = op.params.iter().map(|param| {
            let name = &param.name;
            let field = &param.rust_name;
            let location = ident(match param.location {
                ParamLocation::Path => "Path",
                ParamLocation::Query => "Query",
                ParamLocation::Header => "Header",
                ParamLocation::Cookie => "Cookie",
            });
            let required = param.required;
            let explode = param.explode;
            let schema = schema_ref(ir, &param.schema, Scope::Sibling, patterns);
            quote!(#d::Parameter { name: #name, field: #field, location: #d::ParamLocation::#location, required: #required, explode: #explode, schema: #schema })
        });
        let params: Vec<TokenStream> = params.collect();
        let body = match &op.body {
            None => quote!(::core::option::Option::None),
            Some(body) => {
                let required = body.required;
                let content_type = &body.content_type;
                let kind = ident(match body.kind {
                    BodyKind::Json => "Json",
                    BodyKind::Binary => "Binary",
                    BodyKind::Text => "Text",
                });
                let schema = schema_ref(ir, &body.schema, Scope::Sibling, patterns);
                quote!(::core::option::Option::Some(&#d::RequestBody { required: #required, content: &[#d::MediaType { content_type: #content_type, kind: #d::BodyKind::#kind, schema: #schema }] }))
            }
        };
        let static_doc = format!(" The descriptor of `{}`.", op.id);
        quote! {
            #doc
            #deprecated
            #[allow(non_camel_case_types)]
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy)]
            pub struct #marker;

            #[doc = #static_doc]
            pub static #descriptor: #d::OperationDescriptor = #d::OperationDescriptor {
                id: #id,
                method: ::sls_runtime::http::Method::#method,
                path: #path,
                parameters: &[#(#params),*],
                body: #body,
            };

            impl ::sls_runtime::Operation for #marker {
                type Request = super::ops::#request;
                type Response = super::ops::#response;
                const DESCRIPTOR: &'static #d::OperationDescriptor = &#descriptor;
            }
        }
    });
    quote! {
        /// One type per operation, named after its operationId: `#[endpoint(operationId)]` refers to it.
        pub mod operations {
            #(#items)*
        }
    }
}

pub(super) fn handlers(ir: &Ir) -> TokenStream {
    let items = ir.operations.iter().map(|op| {
        let marker = ident(&op.ident);
        // `{` and `}` in diagnostic messages are format syntax; paths like `/pet/{petId}` escape them.
        let path = op.path.replace('{', "{{").replace('}', "}}");
        let message = format!(
            "operation `{}` ({} {path}) has no handler",
            op.id,
            op.method.as_str()
        );
        let label = format!("`{}` is not handled", op.id);
        let note = format!(
            "write `#[endpoint({})] async fn ...` and list it in `#[components(endpoints(...))]`",
            op.ident
        );
        let doc = format!(
            " Implemented by an application that has a handler for `{}`.",
            op.id
        );
        quote! {
            #[doc = #doc]
            #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
            #[allow(non_camel_case_types)]
            pub trait #marker {}

            #[diagnostic::do_not_recommend]
            impl<A: ::sls_runtime::Handles<super::operations::#marker>> #marker for A {}
        }
    });
    quote! {
        /// One marker trait per operation; `assert_all_handled` requires all of them.
        pub mod handlers {
            #(#items)*
        }
    }
}
