//! `ops` (request and response types), `operations` (descriptors) and `handlers` (the
//! completeness proof).

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attr, ident, option_tokens, rust_type, schema_ref, Scope};
use crate::ir::{
    BodyKind, Ir, Media, Operation, ParamStyle, PartKind, PartsStruct, RequestBody, Response,
    ResponseBody, StatusSpec,
};

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

/// Whether a media range has a wildcard (`image/*`, `*/*`).
fn is_range(content_type: &str) -> bool {
    content_type.contains('*')
}

/// The `Content-Type` a response of this media type is sent with.
fn response_content_type(media: &Media) -> String {
    match media.kind {
        BodyKind::Json if is_range(&media.content_type) => "application/json".to_owned(),
        BodyKind::Text if is_range(&media.content_type) => "text/plain".to_owned(),
        _ => media.content_type.clone(),
    }
}

/// The Rust type of one media type's value.
fn media_type(ir: &Ir, media: &Media) -> TokenStream {
    match media.kind {
        BodyKind::Json | BodyKind::Form | BodyKind::Multipart => match &media.parts {
            Some(parts) => {
                let name = ident(&parts.name);
                quote!(#name)
            }
            None => rust_type(ir, &media.schema, Scope::Sibling),
        },
        BodyKind::Binary if is_range(&media.content_type) => {
            quote!(::sls_runtime::media::TypedBytes)
        }
        BodyKind::Binary => quote!(::sls_runtime::bytes::Bytes),
        BodyKind::Text => quote!(::std::string::String),
        BodyKind::EventStream => quote!(::sls_runtime::sse::EventStream),
    }
}

/// The Rust type of a request or response body: the shared type, or the generated enum.
fn body_type(ir: &Ir, content: &[Media], enum_name: Option<&String>) -> TokenStream {
    match (enum_name, content.first()) {
        (Some(name), _) => {
            let name = ident(name);
            quote!(#name)
        }
        (None, Some(media)) => media_type(ir, media),
        (None, None) => quote!(()),
    }
}

/// The decoder call that reads media type `index` (bound as `media`) into its type.
fn read_media(media: &Media) -> TokenStream {
    match media.kind {
        BodyKind::Multipart if media.parts.is_some() => quote!(decoder.multipart(media)),
        BodyKind::Json | BodyKind::Form | BodyKind::Multipart => quote!(decoder.value(media)),
        BodyKind::Binary if is_range(&media.content_type) => quote!(decoder.typed_bytes(media)),
        BodyKind::Binary => quote!(decoder.bytes(media)),
        BodyKind::Text => quote!(decoder.text(media)),
        // Not a request media type; the lowering never produces it.
        BodyKind::EventStream => quote!(::std::option::Option::None),
    }
}

fn has_event_stream(body: &ResponseBody) -> bool {
    body.content.iter().any(|m| m.kind == BodyKind::EventStream)
}

/// `#[derive(...)]` of a generated type; streams are neither `Clone` nor `PartialEq`.
fn derives(streaming: bool) -> TokenStream {
    if streaming {
        quote!(#[derive(::std::fmt::Debug)])
    } else {
        quote!(#[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)])
    }
}

/// The enum of a body whose media types have different types.
fn body_enum(ir: &Ir, name: &str, content: &[Media], what: &str) -> TokenStream {
    let name = ident(name);
    let streaming = content.iter().any(|m| m.kind == BodyKind::EventStream);
    let derive = derives(streaming);
    let doc = doc_attr(Some(&format!("{what}, by media type.")));
    let variants = content.iter().map(|media| {
        let variant = ident(&media.variant);
        let ty = media_type(ir, media);
        let doc = doc_attr(Some(&format!("`{}`", media.content_type)));
        quote! { #doc #variant(#ty) }
    });
    quote! {
        #doc
        #derive
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants,)*
        }
    }
}

/// The struct of a multipart body with files, and its `FromMultipart` implementation.
fn parts_struct(ir: &Ir, parts: &PartsStruct, op: &Operation) -> TokenStream {
    let name = ident(&parts.name);
    let doc = doc_attr(Some(&format!(
        "The `multipart/form-data` body of {}.",
        title(op)
    )));
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut inits = Vec::new();
    for field in &parts.fields {
        let field_name = ident(&field.rust_name);
        let json = &field.json_name;
        let what = match field.kind {
            PartKind::File => "file",
            PartKind::Files => "files",
            PartKind::Value(_) => "part",
        };
        let mut text = format!("The `{json}` {what}");
        match &field.doc {
            Some(doc) => text.push_str(&format!(": {doc}")),
            None => text.push('.'),
        }
        let doc = doc_attr(Some(&text));
        let file = quote!(::sls_runtime::multipart::FilePart);
        let (ty, read) = match (&field.kind, field.required) {
            (PartKind::File, true) => (file, quote!(fields.file(#json))),
            (PartKind::File, false) => (
                quote!(::std::option::Option<#file>),
                quote!(fields.optional_file(#json)),
            ),
            (PartKind::Files, required) => (
                quote!(::std::vec::Vec<#file>),
                quote!(fields.files(#json, #required)),
            ),
            (PartKind::Value(schema), true) => (
                rust_type(ir, schema, Scope::Sibling),
                quote!(fields.required(#json)),
            ),
            (PartKind::Value(schema), false) => {
                let ty = rust_type(ir, schema, Scope::Sibling);
                let ty = if schema.nullable {
                    ty
                } else {
                    quote!(::std::option::Option<#ty>)
                };
                (ty, quote!(fields.optional(#json)))
            }
        };
        fields.push(quote! { #doc pub #field_name: #ty });
        reads.push(quote! { let #field_name = #read; });
        inits.push(quote! { #field_name: #field_name? });
    }
    let fields_name = if reads.is_empty() {
        quote!(_fields)
    } else {
        quote!(fields)
    };
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        pub struct #name {
            #(#fields,)*
        }

        impl ::sls_runtime::multipart::FromMultipart for #name {
            fn from_multipart(#fields_name: &mut ::sls_runtime::multipart::Fields<'_>) -> ::std::option::Option<Self> {
                #(#reads)*
                ::std::option::Option::Some(Self { #(#inits,)* })
            }
        }
    }
}

/// The request struct, its body types and its `FromRequest` implementation.
fn request(ir: &Ir, op: &Operation) -> TokenStream {
    let request = format_ident!("{}Request", op.type_prefix);
    let request_doc = doc_attr(Some(&format!("The request of {}.", title(op))));
    let mut items = Vec::new();
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut inits = Vec::new();
    for (index, param) in op.params.iter().enumerate() {
        let name = ident(&param.rust_name);
        let ty = rust_type(ir, &param.schema, Scope::Sibling);
        let mut text = format!("`{}` ({} parameter", param.name, param.location.as_str());
        match &param.content {
            Some(content_type) => text.push_str(&format!(", sent as `{content_type}`")),
            None if param.style != default_style(param)
                || param.explode != default_explode(param) =>
            {
                text.push_str(&format!(
                    ", `{}` style{}",
                    param.style.as_str(),
                    if param.explode { ", exploded" } else { "" }
                ));
            }
            None => {}
        }
        text.push(')');
        if let Some(doc) = &param.doc {
            text.push_str(&format!(": {doc}"));
        }
        if let Some(default) = &param.default {
            text.push_str(&format!("\n\nDefaults to `{default}`."));
        }
        if param.deprecated {
            text.push_str("\n\nDeprecated.");
        }
        let doc = doc_attr(Some(&text));
        if param.required {
            fields.push(quote! { #doc pub #name: #ty });
            reads.push(quote! { let #name = decoder.required(#index); });
        } else if param.default.is_some() {
            fields.push(quote! { #doc pub #name: #ty });
            reads.push(quote! { let #name = decoder.defaulted(#index); });
        } else {
            // A nullable schema is already an `Option`: `null` and absent read the same.
            let ty = if param.schema.nullable {
                ty
            } else {
                quote!(::std::option::Option<#ty>)
            };
            fields.push(quote! { #doc pub #name: #ty });
            reads.push(quote! { let #name = decoder.optional(#index); });
        }
        inits.push(quote! { #name: #name? });
    }
    if let Some(body) = &op.body {
        let (ty, read, extra) = request_body(ir, op, body);
        items.extend(extra);
        let listed: Vec<String> = body
            .content
            .iter()
            .map(|m| format!("`{}`", m.content_type))
            .collect();
        let mut text = format!("The body ({}).", listed.join(", "));
        if let Some(doc) = &body.doc {
            text.push_str(&format!(" {doc}"));
        }
        let doc = doc_attr(Some(&text));
        reads.push(quote! { let body = #read; });
        if body.required {
            fields.push(quote! { #doc pub body: #ty });
            inits.push(quote! { body: body?? });
        } else {
            fields.push(quote! { #doc pub body: ::std::option::Option<#ty> });
            inits.push(quote! { body: body? });
        }
    }
    let decoder_name = if reads.is_empty() {
        quote!(_decoder)
    } else {
        quote!(decoder)
    };
    quote! {
        #(#items)*

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
    }
}

fn default_style(param: &crate::ir::Param) -> ParamStyle {
    use crate::ir::ParamLocation;
    match param.location {
        ParamLocation::Path | ParamLocation::Header => ParamStyle::Simple,
        ParamLocation::Query | ParamLocation::Cookie => ParamStyle::Form,
    }
}

fn default_explode(param: &crate::ir::Param) -> bool {
    default_style(param) == ParamStyle::Form
}

/// The body field's type, the expression that reads it, and the types it needs.
fn request_body(
    ir: &Ir,
    op: &Operation,
    body: &RequestBody,
) -> (TokenStream, TokenStream, Vec<TokenStream>) {
    let mut items: Vec<TokenStream> = body
        .content
        .iter()
        .filter_map(|m| m.parts.as_ref())
        .map(|parts| parts_struct(ir, parts, op))
        .collect();
    let ty = body_type(ir, &body.content, body.enum_name.as_ref());
    let read = match &body.enum_name {
        None => {
            let read = body
                .content
                .first()
                .map_or_else(|| quote!(::std::option::Option::None), read_media);
            quote!(decoder.body(|decoder, media| #read))
        }
        Some(name) => {
            let what = format!("The request body of {}", title(op));
            items.push(body_enum(ir, name, &body.content, &what));
            let name = ident(name);
            let count = body.content.len();
            let arms = body.content.iter().enumerate().map(|(index, media)| {
                let variant = ident(&media.variant);
                let read = read_media(media);
                let pattern = if index + 1 == count {
                    quote!(_)
                } else {
                    quote!(#index)
                };
                quote!(#pattern => #read.map(#name::#variant))
            });
            quote!(decoder.body(|decoder, media| match media { #(#arms,)* }))
        }
    };
    (ty, read, items)
}

/// The expression that encodes `body` (a value of one media type) with status `status`.
fn encode_media(media: &Media, status: &TokenStream, alternatives: &[&Media]) -> TokenStream {
    let content_type = response_content_type(media);
    match media.kind {
        BodyKind::Json if alternatives.len() > 1 => {
            let types = alternatives.iter().map(|m| response_content_type(m));
            quote!(::sls_runtime::response::json_alternatives(#status, &[#(#types),*], &body))
        }
        BodyKind::Json | BodyKind::Form | BodyKind::Multipart => {
            quote!(::sls_runtime::response::json(#status, #content_type, &body))
        }
        BodyKind::Binary if is_range(&media.content_type) => {
            let range = &media.content_type;
            quote!(::sls_runtime::response::typed_bytes(#status, #range, body))
        }
        BodyKind::Binary => quote!(::sls_runtime::response::bytes(#status, #content_type, body)),
        BodyKind::Text => quote!(::sls_runtime::response::text(#status, #content_type, body)),
        BodyKind::EventStream => quote!(::sls_runtime::response::event_stream(#status, body)),
    }
}

fn encode_body(body: &ResponseBody, status: &TokenStream) -> TokenStream {
    match &body.enum_name {
        None => {
            let alternatives: Vec<&Media> = body.content.iter().collect();
            match body.content.first() {
                Some(media) => encode_media(media, status, &alternatives),
                None => quote!(::sls_runtime::response::empty(#status)),
            }
        }
        Some(name) => {
            let name = ident(name);
            let arms = body.content.iter().map(|media| {
                let variant = ident(&media.variant);
                let encoded = encode_media(media, status, &[]);
                quote!(#name::#variant(body) => #encoded)
            });
            quote!(match body { #(#arms,)* })
        }
    }
}

/// The variant of a response, and the match arm that encodes it.
fn response_variant(ir: &Ir, response: &Response) -> (TokenStream, TokenStream) {
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
    let fixed = match response.status {
        StatusSpec::Code(code) => Some(code),
        StatusSpec::Range(_) | StatusSpec::Default => None,
    };
    let status = match fixed {
        Some(code) => quote!(#code),
        None => quote!(status),
    };
    let mut encoded = match &response.body {
        Some(body) => encode_body(body, &status),
        None => quote!(::sls_runtime::response::empty(#status)),
    };
    if !response.headers.is_empty() {
        let adds = response.headers.iter().map(|header| {
            let name = &header.name;
            let field = ident(&header.rust_name);
            match &header.content {
                Some(_) => quote!(.json(#name, &#field)),
                None => {
                    let explode = header.explode;
                    quote!(.simple(#name, &#field, #explode))
                }
            }
        });
        encoded = quote! {{
            let response = #encoded;
            ::sls_runtime::response::Headers::new()
                #(#adds)*
                .apply(response)
        }};
    }
    let body_ty = response
        .body
        .as_ref()
        .map(|b| body_type(ir, &b.content, b.enum_name.as_ref()));
    // A fixed status without headers keeps the short forms `Ok(body)` and `NotFound`.
    if fixed.is_some() && response.headers.is_empty() {
        return match body_ty {
            Some(ty) => (
                quote! { #doc #variant(#ty) },
                quote! { Self::#variant(body) => #encoded },
            ),
            None => (
                quote! { #doc #variant },
                quote! { Self::#variant => #encoded },
            ),
        };
    }
    let mut members = Vec::new();
    let mut bindings = Vec::new();
    if fixed.is_none() {
        let status_doc = match response.status {
            StatusSpec::Range(digit) => format!(" The status code, from {digit}00 to {digit}99."),
            _ => " The status code.".to_owned(),
        };
        members.push(quote! { #[doc = #status_doc] status: u16 });
        bindings.push(quote!(status));
    }
    if let Some(ty) = body_ty {
        members.push(quote! { #[doc = " The body."] body: #ty });
        bindings.push(quote!(body));
    }
    for header in &response.headers {
        let field = ident(&header.rust_name);
        let ty = rust_type(ir, &header.schema, Scope::Sibling);
        let ty = if header.required || header.schema.nullable {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
        };
        let mut text = format!("The `{}` header", header.name);
        match &header.doc {
            Some(doc) => text.push_str(&format!(": {doc}")),
            None => text.push('.'),
        }
        let doc = doc_attr(Some(&text));
        members.push(quote! { #doc #field: #ty });
        bindings.push(quote!(#field));
    }
    (
        quote! { #doc #variant { #(#members,)* } },
        quote! { Self::#variant { #(#bindings,)* } => #encoded },
    )
}

pub(super) fn ops(ir: &Ir) -> TokenStream {
    let items = ir.operations.iter().map(|op| {
        let response = format_ident!("{}Response", op.type_prefix);
        let marker = ident(&op.ident);
        let response_doc = doc_attr(Some(&format!("The responses of {}.", title(op))));
        let request_name = format_ident!("{}Request", op.type_prefix);
        let request = request(ir, op);

        let mut body_enums = Vec::new();
        let mut variants = Vec::new();
        let mut arms = Vec::new();
        let mut streaming = false;
        for response in &op.responses {
            if let Some(body) = &response.body {
                streaming |= has_event_stream(body);
                if let Some(name) = &body.enum_name {
                    let what = format!("The `{}` response body of {}", response.variant, title(op));
                    body_enums.push(body_enum(ir, name, &body.content, &what));
                }
            }
            let (variant, arm) = response_variant(ir, response);
            variants.push(variant);
            arms.push(arm);
        }
        let into_response = if arms.is_empty() {
            quote! { match self {} }
        } else {
            quote! { match self { #(#arms,)* } }
        };
        let derive = derives(streaming);
        quote! {
            #request

            #(#body_enums)*

            #response_doc
            #derive
            #[allow(clippy::large_enum_variant)]
            pub enum #response {
                #(#variants,)*
            }

            impl ::sls_runtime::IntoHttpResponse for #response {
                fn into_http_response(self) -> ::sls_runtime::HttpResponse {
                    #into_response
                }
            }

            ::sls_runtime::__operation_glue!(super::operations::#marker, #request_name, #response);
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

fn style_tokens(style: ParamStyle) -> TokenStream {
    let variant = ident(match style {
        ParamStyle::Simple => "Simple",
        ParamStyle::Label => "Label",
        ParamStyle::Matrix => "Matrix",
        ParamStyle::Form => "Form",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
    });
    quote!(::sls_runtime::descriptor::Style::#variant)
}

fn media_descriptor(ir: &Ir, media: &Media, patterns: &mut Vec<String>) -> TokenStream {
    let d = quote!(::sls_runtime::descriptor);
    let content_type = &media.content_type;
    let kind = ident(match media.kind {
        BodyKind::Json => "Json",
        BodyKind::Form => "Form",
        BodyKind::Multipart => "Multipart",
        BodyKind::Binary | BodyKind::EventStream => "Binary",
        BodyKind::Text => "Text",
    });
    let schema = schema_ref(ir, &media.schema, Scope::Sibling, patterns);
    let encoding = media.encoding.iter().map(|encoding| {
        let property = &encoding.property;
        let content_type = option_tokens(encoding.content_type.as_deref());
        let serialization = match &encoding.serialization {
            None => quote!(::core::option::Option::None),
            Some(s) => {
                let style = style_tokens(s.style);
                let explode = s.explode;
                let allow_reserved = s.allow_reserved;
                quote!(::core::option::Option::Some(#d::Serialization { style: #style, explode: #explode, allow_reserved: #allow_reserved }))
            }
        };
        quote!(#d::Encoding { property: #property, content_type: #content_type, serialization: #serialization })
    });
    quote!(#d::MediaType { content_type: #content_type, kind: #d::BodyKind::#kind, schema: #schema, encoding: &[#(#encoding),*] })
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
                crate::ir::ParamLocation::Path => "Path",
                crate::ir::ParamLocation::Query => "Query",
                crate::ir::ParamLocation::Header => "Header",
                crate::ir::ParamLocation::Cookie => "Cookie",
            });
            let required = param.required;
            let style = style_tokens(param.style);
            let explode = param.explode;
            let allow_reserved = param.allow_reserved;
            let allow_empty_value = param.allow_empty_value;
            let content = option_tokens(param.content.as_deref());
            let default_text = param.default.as_ref().map(|d| d.to_string());
            let default = option_tokens(default_text.as_deref());
            let schema = schema_ref(ir, &param.schema, Scope::Sibling, patterns);
            // Only what differs from `Parameter::at(location)` (OpenAPI's defaults) is written.
            let mut fields = vec![quote!(name: #name), quote!(field: #field)];
            let is_path = param.location == crate::ir::ParamLocation::Path;
            if required != is_path {
                fields.push(quote!(required: #required));
            }
            if param.style != default_style(param) {
                fields.push(quote!(style: #style));
            }
            if explode != default_explode(param) {
                fields.push(quote!(explode: #explode));
            }
            if allow_reserved {
                fields.push(quote!(allow_reserved: true));
            }
            if allow_empty_value {
                fields.push(quote!(allow_empty_value: true));
            }
            if param.content.is_some() {
                fields.push(quote!(content: #content));
            }
            if param.default.is_some() {
                fields.push(quote!(default: #default));
            }
            fields.push(quote!(schema: #schema));
            quote!(#d::Parameter { #(#fields,)* ..#d::Parameter::at(#d::ParamLocation::#location) })
        });
        let params: Vec<TokenStream> = params.collect();
        let body = match &op.body {
            None => quote!(::core::option::Option::None),
            Some(body) => {
                let required = body.required;
                let content: Vec<TokenStream> = body
                    .content
                    .iter()
                    .map(|media| media_descriptor(ir, media, patterns))
                    .collect();
                quote!(::core::option::Option::Some(&#d::RequestBody { required: #required, content: &[#(#content),*] }))
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
