//! `ops` (request and response types), `operations` (descriptors) and `handlers` (the
//! completeness proof), written as text (see [`super::text`]).

use heck::ToShoutySnakeCase;

use super::text::{string, Code, Expr};
use super::{type_text, validation, Formatted, Scope};
use crate::ir::{
    BodyKind, Ir, Media, Operation, ParamLocation, ParamStyle, PartKind, PartsStruct, RequestBody,
    Response, ResponseBody, StatusSpec,
};

fn title(op: &Operation) -> String {
    format!("`{}`: `{} {}`", op.id, op.method.as_str(), op.path)
}

fn operation_doc(op: &Operation) -> String {
    let mut text = title(op);
    if let Some(summary) = &op.summary {
        text.push_str(&format!("\n\n{summary}"));
    }
    if let Some(description) = &op.description {
        text.push_str(&format!("\n\n{description}"));
    }
    text
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
fn media_type(ir: &Ir, media: &Media) -> String {
    match media.kind {
        BodyKind::Json | BodyKind::Form | BodyKind::Multipart => match &media.parts {
            Some(parts) => parts.name.clone(),
            None => type_text(ir, &media.schema, Scope::Sibling),
        },
        BodyKind::Binary if is_range(&media.content_type) => {
            "::sls_runtime::media::TypedBytes".to_owned()
        }
        BodyKind::Binary => "::sls_runtime::bytes::Bytes".to_owned(),
        BodyKind::Text => "::std::string::String".to_owned(),
        BodyKind::EventStream => "::sls_runtime::sse::EventStream".to_owned(),
    }
}

/// The Rust type of a request or response body: the shared type, or the generated enum.
fn body_type(ir: &Ir, content: &[Media], enum_name: Option<&String>) -> String {
    match (enum_name, content.first()) {
        (Some(name), _) => name.clone(),
        (None, Some(media)) => media_type(ir, media),
        (None, None) => "()".to_owned(),
    }
}

/// The decoder call that reads media type `index` (bound as `media`) into its type.
fn read_media(media: &Media) -> &'static str {
    match media.kind {
        BodyKind::Multipart if media.parts.is_some() => "decoder.multipart(media)",
        BodyKind::Json | BodyKind::Form | BodyKind::Multipart => "decoder.value(media)",
        BodyKind::Binary if is_range(&media.content_type) => "decoder.typed_bytes(media)",
        BodyKind::Binary => "decoder.bytes(media)",
        BodyKind::Text => "decoder.text(media)",
        // Not a request media type; the lowering never produces it.
        BodyKind::EventStream => "::std::option::Option::None",
    }
}

fn has_event_stream(body: &ResponseBody) -> bool {
    body.content.iter().any(|m| m.kind == BodyKind::EventStream)
}

/// `#[derive(...)]` of a generated type; streams are neither `Clone` nor `PartialEq`.
fn derives(streaming: bool) -> &'static str {
    if streaming {
        "#[derive(::std::fmt::Debug)]"
    } else {
        "#[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]"
    }
}

/// The enum of a body whose media types have different types.
fn body_enum(code: &mut Code, ir: &Ir, name: &str, content: &[Media], what: &str) {
    let streaming = content.iter().any(|m| m.kind == BodyKind::EventStream);
    code.doc(Some(&format!("{what}, by media type.")));
    code.line(derives(streaming));
    code.line("#[allow(clippy::large_enum_variant)]");
    code.open(&format!("pub enum {name} {{"));
    for media in content {
        code.doc(Some(&format!("`{}`", media.content_type)));
        code.line_fmt(format_args!(
            "{}({}),",
            media.variant,
            media_type(ir, media)
        ));
    }
    code.close("}");
}

/// The struct of a multipart body with files, and its `FromMultipart` implementation.
fn parts_struct(code: &mut Code, ir: &Ir, parts: &PartsStruct, op: &Operation) {
    code.doc(Some(&format!(
        "The `multipart/form-data` body of {}.",
        title(op)
    )));
    code.line(derives(false));
    code.open(&format!("pub struct {} {{", parts.name));
    let mut reads = Vec::new();
    for field in &parts.fields {
        let json = string(&field.json_name);
        let what = match field.kind {
            PartKind::File => "file",
            PartKind::Files => "files",
            PartKind::Value(_) => "part",
        };
        let mut text = format!("The `{}` {what}", field.json_name);
        match &field.doc {
            Some(doc) => text.push_str(&format!(": {doc}")),
            None => text.push('.'),
        }
        let file = "::sls_runtime::multipart::FilePart";
        let (ty, read) = match (&field.kind, field.required) {
            (PartKind::File, true) => (file.to_owned(), format!("fields.file({json})")),
            (PartKind::File, false) => (
                format!("::std::option::Option<{file}>"),
                format!("fields.optional_file({json})"),
            ),
            (PartKind::Files, required) => (
                format!("::std::vec::Vec<{file}>"),
                format!("fields.files({json}, {required})"),
            ),
            (PartKind::Value(schema), true) => (
                type_text(ir, schema, Scope::Sibling),
                format!("fields.required({json})"),
            ),
            (PartKind::Value(schema), false) => {
                let ty = type_text(ir, schema, Scope::Sibling);
                let ty = if schema.nullable {
                    ty
                } else {
                    format!("::std::option::Option<{ty}>")
                };
                (ty, format!("fields.optional({json})"))
            }
        };
        code.doc(Some(&text));
        code.line_fmt(format_args!("pub {}: {ty},", field.rust_name));
        reads.push((field.rust_name.as_str(), read));
    }
    code.close("}");
    code.open(&format!(
        "impl ::sls_runtime::multipart::FromMultipart for {} {{",
        parts.name
    ));
    let fields = if reads.is_empty() {
        "_fields"
    } else {
        "fields"
    };
    code.open("fn from_multipart(");
    code.line_fmt(format_args!(
        "{fields}: &mut ::sls_runtime::multipart::Fields<'_>,"
    ));
    code.close(") -> ::std::option::Option<Self> {");
    code.indent_more();
    for (name, read) in &reads {
        code.line_fmt(format_args!("let {name} = {read};"));
    }
    construct(
        code,
        reads.iter().map(|(name, _)| format!("{name}: {name}?")),
    );
    code.close("}");
    code.close("}");
}

/// `::std::option::Option::Some(Self { fields })`, one field per line.
fn construct(code: &mut Code, fields: impl Iterator<Item = String>) {
    let fields: Vec<String> = fields.collect();
    if fields.is_empty() {
        code.line("::std::option::Option::Some(Self {})");
        return;
    }
    code.open("::std::option::Option::Some(Self {");
    for field in fields {
        code.line_fmt(format_args!("{field},"));
    }
    code.close("})");
}

/// The request struct, its body types and its `FromRequest` implementation.
fn request(code: &mut Code, ir: &Ir, op: &Operation) {
    let request = format!("{}Request", op.type_prefix);
    let mut fields: Vec<(String, String, String)> = Vec::new();
    let mut reads = Vec::new();
    let mut inits = Vec::new();
    for (index, param) in op.params.iter().enumerate() {
        let name = &param.rust_name;
        let ty = type_text(ir, &param.schema, Scope::Sibling);
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
        let (ty, read) = if param.required {
            (ty, "required")
        } else if param.default.is_some() {
            (ty, "defaulted")
        } else if param.schema.nullable {
            // A nullable schema is already an `Option`: `null` and absent read the same.
            (ty, "optional")
        } else {
            (format!("::std::option::Option<{ty}>"), "optional")
        };
        fields.push((text, name.clone(), ty));
        reads.push(format!("let {name} = decoder.{read}({index});"));
        inits.push(format!("{name}: {name}?"));
    }
    if let Some(body) = &op.body {
        let (ty, read) = request_body(code, ir, op, body);
        let listed: Vec<String> = body
            .content
            .iter()
            .map(|m| format!("`{}`", m.content_type))
            .collect();
        let mut text = format!("The body ({}).", listed.join(", "));
        if let Some(doc) = &body.doc {
            text.push_str(&format!(" {doc}"));
        }
        reads.extend(read);
        if body.required {
            fields.push((text, "body".to_owned(), ty));
            inits.push("body: body??".to_owned());
        } else {
            fields.push((
                text,
                "body".to_owned(),
                format!("::std::option::Option<{ty}>"),
            ));
            inits.push("body: body?".to_owned());
        }
    }
    code.doc(Some(&format!("The request of {}.", title(op))));
    code.line(derives(false));
    if fields.is_empty() {
        code.line_fmt(format_args!("pub struct {request} {{}}"));
    } else {
        code.open(&format!("pub struct {request} {{"));
        for (doc, name, ty) in &fields {
            code.doc(Some(doc));
            code.line_fmt(format_args!("pub {name}: {ty},"));
        }
        code.close("}");
    }
    code.open(&format!(
        "impl ::sls_runtime::request::FromRequest for {request} {{"
    ));
    let decoder = if reads.is_empty() {
        "_decoder"
    } else {
        "decoder"
    };
    code.open("fn from_request(");
    code.line_fmt(format_args!(
        "{decoder}: &mut ::sls_runtime::request::Decoder<'_>,"
    ));
    code.close(") -> ::std::option::Option<Self> {");
    code.indent_more();
    for read in &reads {
        code.raw_lines(read);
    }
    construct(code, inits.into_iter());
    code.close("}");
    code.close("}");
}

fn default_style(param: &crate::ir::Param) -> ParamStyle {
    match param.location {
        ParamLocation::Path | ParamLocation::Header => ParamStyle::Simple,
        ParamLocation::Query | ParamLocation::Cookie => ParamStyle::Form,
    }
}

fn default_explode(param: &crate::ir::Param) -> bool {
    default_style(param) == ParamStyle::Form
}

/// Writes the types the body needs; returns the body field's type and the statement that reads
/// it (lines, relative indentation included).
fn request_body(
    code: &mut Code,
    ir: &Ir,
    op: &Operation,
    body: &RequestBody,
) -> (String, Option<String>) {
    for parts in body.content.iter().filter_map(|m| m.parts.as_ref()) {
        parts_struct(code, ir, parts, op);
    }
    let ty = body_type(ir, &body.content, body.enum_name.as_ref());
    let read = match &body.enum_name {
        None => {
            let read = body
                .content
                .first()
                .map_or("::std::option::Option::None", read_media);
            format!("let body = decoder.body(|decoder, media| {read});")
        }
        Some(name) => {
            let what = format!("The request body of {}", title(op));
            body_enum(code, ir, name, &body.content, &what);
            let count = body.content.len();
            let mut text = "let body = decoder.body(|decoder, media| match media {\n".to_owned();
            for (index, media) in body.content.iter().enumerate() {
                let pattern = if index + 1 == count {
                    "_".to_owned()
                } else {
                    index.to_string()
                };
                text.push_str(&format!(
                    "    {pattern} => {}.map({name}::{}),\n",
                    read_media(media),
                    media.variant
                ));
            }
            text.push_str("});");
            text
        }
    };
    (ty, Some(read))
}

/// The call that encodes `body` (a value of one media type) with status `status`.
fn encode_media(media: &Media, status: &str, alternatives: &[&Media]) -> Expr {
    let content_type = Expr::atom(string(&response_content_type(media)));
    let status = Expr::atom(status);
    let call = |function: &str, args: Vec<Expr>| {
        Expr::call(format_args!("::sls_runtime::response::{function}"), args)
    };
    match media.kind {
        BodyKind::Json if alternatives.len() > 1 => {
            let types = alternatives
                .iter()
                .map(|m| Expr::atom(string(&response_content_type(m))))
                .collect();
            call(
                "json_alternatives",
                vec![status, Expr::array(types).borrow(), Expr::atom("&body")],
            )
        }
        BodyKind::Json | BodyKind::Form | BodyKind::Multipart => {
            call("json", vec![status, content_type, Expr::atom("&body")])
        }
        BodyKind::Binary if is_range(&media.content_type) => call(
            "typed_bytes",
            vec![
                status,
                Expr::atom(string(&media.content_type)),
                Expr::atom("body"),
            ],
        ),
        BodyKind::Binary => call("bytes", vec![status, content_type, Expr::atom("body")]),
        BodyKind::Text => call("text", vec![status, content_type, Expr::atom("body")]),
        BodyKind::EventStream => call("event_stream", vec![status, Expr::atom("body")]),
    }
}

/// How a response variant is encoded.
enum Encoding {
    /// One call.
    Call(Expr),
    /// `match body { Enum::Variant(body) => call, ... }`.
    Match(String, Vec<(String, Expr)>),
}

fn encode_body(body: Option<&ResponseBody>, status: &str) -> Encoding {
    let Some(body) = body else {
        return Encoding::Call(Expr::call(
            "::sls_runtime::response::empty",
            vec![Expr::atom(status)],
        ));
    };
    match &body.enum_name {
        None => {
            let alternatives: Vec<&Media> = body.content.iter().collect();
            Encoding::Call(match body.content.first() {
                Some(media) => encode_media(media, status, &alternatives),
                None => Expr::call("::sls_runtime::response::empty", vec![Expr::atom(status)]),
            })
        }
        Some(name) => Encoding::Match(
            name.clone(),
            body.content
                .iter()
                .map(|media| (media.variant.clone(), encode_media(media, status, &[])))
                .collect(),
        ),
    }
}

/// Writes `head` + the encoding + `tail`: `Self::Ok(body) => ` ... `,`.
fn write_encoding(code: &mut Code, head: &str, encoding: &Encoding, tail: &str) {
    match encoding {
        Encoding::Call(call) => code.statement(head, call, tail),
        Encoding::Match(name, arms) => {
            code.open(&format!("{head}match body {{"));
            for (variant, call) in arms {
                code.statement(&format!("{name}::{variant}(body) => "), call, ",");
            }
            code.close(&format!("}}{tail}"));
        }
    }
}

/// Writes the variant of a response; returns the match arm that encodes it as
/// `(pattern, encoding, headers)`.
fn response_variant(code: &mut Code, ir: &Ir, response: &Response) -> Arm {
    let variant = &response.variant;
    let mut text = match response.status {
        StatusSpec::Code(code) => format!("{code}"),
        StatusSpec::Range(digit) => format!("{digit}XX"),
        StatusSpec::Default => "Any other status (`default`)".to_owned(),
    };
    if let Some(doc) = &response.doc {
        text.push_str(&format!(": {doc}"));
    }
    code.doc(Some(&text));
    let fixed = match response.status {
        StatusSpec::Code(code) => Some(code),
        StatusSpec::Range(_) | StatusSpec::Default => None,
    };
    let status = match fixed {
        Some(code) => code.to_string(),
        None => "status".to_owned(),
    };
    let encoding = encode_body(response.body.as_ref(), &status);
    let headers: Vec<String> = response
        .headers
        .iter()
        .map(|header| {
            let name = string(&header.name);
            let field = &header.rust_name;
            match &header.content {
                Some(_) => format!(".json({name}, &{field})"),
                None => format!(".simple({name}, &{field}, {})", header.explode),
            }
        })
        .collect();
    let body_ty = response
        .body
        .as_ref()
        .map(|b| body_type(ir, &b.content, b.enum_name.as_ref()));
    // A fixed status without headers keeps the short forms `Ok(body)` and `NotFound`.
    if fixed.is_some() && response.headers.is_empty() {
        return match body_ty {
            Some(ty) => {
                code.line_fmt(format_args!("{variant}({ty}),"));
                Arm {
                    pattern: format!("Self::{variant}(body)"),
                    encoding,
                    headers,
                }
            }
            None => {
                code.line_fmt(format_args!("{variant},"));
                Arm {
                    pattern: format!("Self::{variant}"),
                    encoding,
                    headers,
                }
            }
        };
    }
    let mut bindings = Vec::new();
    code.open(&format!("{variant} {{"));
    if fixed.is_none() {
        match response.status {
            StatusSpec::Range(digit) => code.line_fmt(format_args!(
                "/// The status code, from {digit}00 to {digit}99."
            )),
            _ => code.line("/// The status code."),
        }
        code.line("status: u16,");
        bindings.push("status".to_owned());
    }
    if let Some(ty) = body_ty {
        code.line("/// The body.");
        code.line_fmt(format_args!("body: {ty},"));
        bindings.push("body".to_owned());
    }
    for header in &response.headers {
        let ty = type_text(ir, &header.schema, Scope::Sibling);
        let ty = if header.required || header.schema.nullable {
            ty
        } else {
            format!("::std::option::Option<{ty}>")
        };
        let mut text = format!("The `{}` header", header.name);
        match &header.doc {
            Some(doc) => text.push_str(&format!(": {doc}")),
            None => text.push('.'),
        }
        code.doc(Some(&text));
        code.line_fmt(format_args!("{}: {ty},", header.rust_name));
        bindings.push(header.rust_name.clone());
    }
    code.close("},");
    Arm {
        pattern: format!("Self::{variant} {{ {} }}", bindings.join(", ")),
        encoding,
        headers,
    }
}

/// A match arm of `into_http_response`.
struct Arm {
    pattern: String,
    encoding: Encoding,
    /// `.simple(...)`/`.json(...)` calls adding the response headers.
    headers: Vec<String>,
}

fn write_arm(code: &mut Code, arm: &Arm) {
    if arm.headers.is_empty() {
        let tail = if matches!(arm.encoding, Encoding::Match(..)) {
            ""
        } else {
            ","
        };
        write_encoding(code, &format!("{} => ", arm.pattern), &arm.encoding, tail);
        return;
    }
    code.open(&format!("{} => {{", arm.pattern));
    write_encoding(code, "let response = ", &arm.encoding, ";");
    code.line("::sls_runtime::response::Headers::new()");
    code.indent_more();
    for header in &arm.headers {
        code.line(header);
    }
    code.line(".apply(response)");
    code.close("");
    code.close("}");
}

/// The `ops` part: per operation the request, body enums, the response enum and the glue.
pub(super) fn ops(ir: &Ir) -> Formatted {
    let mut code = Code::at(4);
    for op in &ir.operations {
        let response = format!("{}Response", op.type_prefix);
        let request_name = format!("{}Request", op.type_prefix);
        request(&mut code, ir, op);
        let mut streaming = false;
        for response in &op.responses {
            if let Some(body) = &response.body {
                streaming |= has_event_stream(body);
                if let Some(name) = &body.enum_name {
                    let what = format!("The `{}` response body of {}", response.variant, title(op));
                    body_enum(&mut code, ir, name, &body.content, &what);
                }
            }
        }
        code.doc(Some(&format!("The responses of {}.", title(op))));
        code.line(derives(streaming));
        code.line("#[allow(clippy::large_enum_variant)]");
        let arms: Vec<Arm> = if op.responses.is_empty() {
            code.line_fmt(format_args!("pub enum {response} {{}}"));
            Vec::new()
        } else {
            code.open(&format!("pub enum {response} {{"));
            let arms = op
                .responses
                .iter()
                .map(|r| response_variant(&mut code, ir, r))
                .collect();
            code.close("}");
            arms
        };
        code.open(&format!(
            "impl ::sls_runtime::IntoHttpResponse for {response} {{"
        ));
        code.open("fn into_http_response(self) -> ::sls_runtime::HttpResponse {");
        if arms.is_empty() {
            code.line("match self {}");
        } else {
            code.open("match self {");
            for arm in &arms {
                write_arm(&mut code, arm);
            }
            code.close("}");
        }
        code.close("}");
        code.close("}");
        code.statement(
            "",
            &Expr::call(
                "::sls_runtime::__operation_glue!",
                vec![
                    Expr::atom(format!("super::operations::{}", op.ident)),
                    Expr::atom(request_name),
                    Expr::atom(response),
                ],
            ),
            ";",
        );
    }
    Formatted {
        opening: Some(
            "/// Per operation: the request (parameters and body) and the response enum.\n\
             pub mod ops {\n"
                .to_owned(),
        ),
        body: code.finish(),
    }
}

/// The name of an operation's descriptor static.
pub(super) fn descriptor_name(op: &Operation) -> String {
    op.type_prefix.to_shouty_snake_case()
}

fn style_path(style: ParamStyle) -> String {
    let variant = match style {
        ParamStyle::Simple => "Simple",
        ParamStyle::Label => "Label",
        ParamStyle::Matrix => "Matrix",
        ParamStyle::Form => "Form",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
    };
    format!("__d::Style::{variant}")
}

fn optional_str(value: Option<&str>) -> Expr {
    Expr::atom(match value {
        Some(text) => format!("::core::option::Option::Some({})", string(text)),
        None => "::core::option::Option::None".to_owned(),
    })
}

fn media_descriptor(ir: &Ir, media: &Media, patterns: &mut Vec<String>) -> Expr {
    let kind = match media.kind {
        BodyKind::Json => "Json",
        BodyKind::Form => "Form",
        BodyKind::Multipart => "Multipart",
        BodyKind::Binary | BodyKind::EventStream => "Binary",
        BodyKind::Text => "Text",
    };
    let schema = validation::schema_ref(ir, &media.schema, Scope::Sibling, patterns);
    let encoding = media
        .encoding
        .iter()
        .map(|encoding| {
            let serialization = match &encoding.serialization {
                None => Expr::atom("::core::option::Option::None"),
                Some(s) => Expr::call(
                    "::core::option::Option::Some",
                    vec![Expr::structure(
                        "__d::Serialization",
                        vec![
                            Expr::field("style", Expr::atom(style_path(s.style))),
                            Expr::field("explode", Expr::atom(s.explode.to_string())),
                            Expr::field("allow_reserved", Expr::atom(s.allow_reserved.to_string())),
                        ],
                    )],
                ),
            };
            Expr::structure(
                "__d::Encoding",
                vec![
                    Expr::field("property", Expr::atom(string(&encoding.property))),
                    Expr::field(
                        "content_type",
                        optional_str(encoding.content_type.as_deref()),
                    ),
                    Expr::field("serialization", serialization),
                ],
            )
        })
        .collect();
    Expr::structure(
        "__d::MediaType",
        vec![
            Expr::field("content_type", Expr::atom(string(&media.content_type))),
            Expr::field("kind", Expr::atom(format!("__d::BodyKind::{kind}"))),
            Expr::field("schema", schema),
            Expr::field("encoding", Expr::array(encoding).borrow()),
        ],
    )
}

/// The `operations` part: per operation its marker type, descriptor and `Operation` impl.
pub(super) fn operations(ir: &Ir, patterns: &mut Vec<String>) -> Formatted {
    let mut code = Code::at(4);
    for op in &ir.operations {
        let marker = &op.ident;
        let descriptor = descriptor_name(op);
        let params = op
            .params
            .iter()
            .map(|param| {
                let location = match param.location {
                    ParamLocation::Path => "Path",
                    ParamLocation::Query => "Query",
                    ParamLocation::Header => "Header",
                    ParamLocation::Cookie => "Cookie",
                };
                let schema = validation::schema_ref(ir, &param.schema, Scope::Sibling, patterns);
                // Only what differs from `Parameter::at(location)` (OpenAPI's defaults) is
                // written.
                let mut fields = vec![
                    Expr::field("name", Expr::atom(string(&param.name))),
                    Expr::field("field", Expr::atom(string(&param.rust_name))),
                ];
                let is_path = param.location == ParamLocation::Path;
                if param.required != is_path {
                    fields.push(Expr::field(
                        "required",
                        Expr::atom(param.required.to_string()),
                    ));
                }
                if param.style != default_style(param) {
                    fields.push(Expr::field("style", Expr::atom(style_path(param.style))));
                }
                if param.explode != default_explode(param) {
                    fields.push(Expr::field(
                        "explode",
                        Expr::atom(param.explode.to_string()),
                    ));
                }
                if param.allow_reserved {
                    fields.push(Expr::field("allow_reserved", Expr::atom("true")));
                }
                if param.allow_empty_value {
                    fields.push(Expr::field("allow_empty_value", Expr::atom("true")));
                }
                if param.content.is_some() {
                    fields.push(Expr::field(
                        "content",
                        optional_str(param.content.as_deref()),
                    ));
                }
                if let Some(default) = &param.default {
                    fields.push(Expr::field(
                        "default",
                        optional_str(Some(&default.to_string())),
                    ));
                }
                fields.push(Expr::field("schema", schema));
                fields.push(Expr::atom(format!(
                    "..__d::Parameter::at(__d::ParamLocation::{location})"
                )));
                Expr::structure("__d::Parameter", fields)
            })
            .collect();
        let body = match &op.body {
            None => Expr::atom("::core::option::Option::None"),
            Some(body) => {
                let content = body
                    .content
                    .iter()
                    .map(|media| media_descriptor(ir, media, patterns))
                    .collect();
                Expr::call(
                    "::core::option::Option::Some",
                    vec![Expr::structure(
                        "__d::RequestBody",
                        vec![
                            Expr::field("required", Expr::atom(body.required.to_string())),
                            Expr::field("content", Expr::array(content).borrow()),
                        ],
                    )
                    .borrow()],
                )
            }
        };
        code.doc(Some(&operation_doc(op)));
        if op.deprecated {
            code.line("#[deprecated]");
        }
        code.line("#[allow(non_camel_case_types)]");
        code.line("#[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy)]");
        code.line_fmt(format_args!("pub struct {marker};"));
        code.line_fmt(format_args!("/// The descriptor of `{}`.", op.id));
        let value = Expr::structure(
            "__d::OperationDescriptor",
            vec![
                Expr::field("id", Expr::atom(string(&op.id))),
                Expr::field(
                    "method",
                    Expr::atom(format!(
                        "::sls_runtime::http::Method::{}",
                        op.method.as_str()
                    )),
                ),
                Expr::field("path", Expr::atom(string(&op.path))),
                Expr::field("parameters", Expr::array(params).borrow()),
                Expr::field("body", body),
                Expr::field("security", super::security::requirements(ir, op)),
            ],
        );
        code.statement(
            &format!("pub static {descriptor}: __d::OperationDescriptor = "),
            &value,
            ";",
        );
        code.open(&format!("impl ::sls_runtime::Operation for {marker} {{"));
        code.line_fmt(format_args!(
            "type Request = super::ops::{}Request;",
            op.type_prefix
        ));
        code.line_fmt(format_args!(
            "type Response = super::ops::{}Response;",
            op.type_prefix
        ));
        code.line_fmt(format_args!(
            "const DESCRIPTOR: &'static __d::OperationDescriptor = &{descriptor};"
        ));
        code.close("}");
        super::security::authenticated(&mut code, op);
    }
    let mut opening = "/// One type per operation, named after its operationId: \
                       `#[endpoint(operationId)]` refers\n/// to it.\npub mod operations {\n"
        .to_owned();
    if !ir.operations.is_empty() {
        opening.push_str("    use ::sls_runtime::descriptor as __d;\n");
    }
    Formatted {
        opening: Some(opening),
        body: code.finish(),
    }
}

/// The `handlers` part: one marker trait per operation.
pub(super) fn handlers(ir: &Ir) -> Formatted {
    let mut code = Code::at(4);
    for op in &ir.operations {
        let marker = &op.ident;
        // `{` and `}` in diagnostic messages are format syntax; paths like `/pet/{petId}` escape
        // them.
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
        code.line_fmt(format_args!(
            "/// Implemented by an application that has a handler for `{}`.",
            op.id
        ));
        code.open("#[diagnostic::on_unimplemented(");
        code.line_fmt(format_args!("message = {},", string(&message)));
        code.line_fmt(format_args!("label = {},", string(&label)));
        code.line_fmt(format_args!("note = {},", string(&note)));
        code.close(")]");
        code.line("#[allow(non_camel_case_types)]");
        code.line_fmt(format_args!("pub trait {marker} {{}}"));
        code.line("#[diagnostic::do_not_recommend]");
        code.line_fmt(format_args!(
            "impl<A: ::sls_runtime::Handles<super::operations::{marker}>> {marker} for A {{}}"
        ));
    }
    Formatted {
        opening: Some(
            "/// One marker trait per operation; `assert_all_handled` requires all of them.\n\
             pub mod handlers {\n"
                .to_owned(),
        ),
        body: code.finish(),
    }
}
