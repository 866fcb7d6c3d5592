//! Per operation: the type of its parameters, the union of its outcomes by status and the
//! descriptor the runtime calls it with; then the `Client` interface and `createClient`.

use super::names::{key, Names};
use super::types::{format_note, is_flat, ts_type, write_alias, Dir};
use super::{doc_comment, doc_lines, string_literal};
use crate::ir::names::Namer;
use crate::ir::{
    ApiKeyLocation, BodyKind, Ir, Media, Operation, Param, PartKind, PartsStruct, SchemeKind,
    StatusSpec,
};
use crate::ir::{Kind, TypeKind};

/// The module-level names of one operation's types and of its keys.
struct OpNames {
    params: String,
    result: String,
    /// The key of each parameter in the parameters object.
    keys: Vec<String>,
    /// The key of the body.
    body: String,
    /// The key choosing among media types that share one type, when there are several.
    choice: Option<String>,
    /// The interface of a multipart body with files, per media type.
    parts: Vec<Option<String>>,
    /// The union of a body whose media types carry different types.
    body_union: Option<String>,
    /// Per response: the union of a body whose media types carry different types.
    response_unions: Vec<Option<String>>,
    /// Per response: the interface of its declared headers, when it declares some.
    response_headers: Vec<Option<String>>,
}

/// Writes the operations, the client interface, `createClient` and the descriptors.
pub(super) fn write(ir: &Ir, names: &mut Names, out: &mut String) {
    let mut all = Vec::with_capacity(ir.operations.len());
    if !ir.operations.is_empty() {
        out.push_str("\n// ---- Operations ----\n");
    }
    for op in &ir.operations {
        let op_names = name_operation(op, names);
        write_operation(ir, names, op, &op_names, out);
        all.push(op_names);
    }
    write_client(ir, &all, out);
    write_descriptors(ir, &all, out);
}

fn name_operation(op: &Operation, names: &mut Names) -> OpNames {
    let mut keys = Namer::default();
    let param_keys = op
        .params
        .iter()
        .map(|p| keys.unique(p.name.clone()))
        .collect();
    let body = keys.unique("body".to_owned());
    let choice = op.body.as_ref().and_then(|body| {
        (body.enum_name.is_none() && body.content.len() > 1)
            .then(|| keys.unique("contentType".to_owned()))
    });
    let parts = op.body.as_ref().map_or_else(Vec::new, |body| {
        body.content
            .iter()
            .map(|media| media.parts.as_ref().map(|p| names.fresh(p.name.clone())))
            .collect()
    });
    let body_union = op
        .body
        .as_ref()
        .and_then(|body| body.enum_name.clone())
        .map(|name| names.fresh(name));
    let response_unions = op
        .responses
        .iter()
        .map(|response| {
            let name = response.body.as_ref()?.enum_name.clone()?;
            Some(names.fresh(name))
        })
        .collect();
    let response_headers = op
        .responses
        .iter()
        .map(|response| {
            (!response.headers.is_empty())
                .then(|| names.fresh(format!("{}{}Headers", op.type_prefix, response.variant)))
        })
        .collect();
    OpNames {
        body_union,
        response_unions,
        response_headers,
        params: names.fresh(format!("{}Params", op.type_prefix)),
        result: names.fresh(format!("{}Result", op.type_prefix)),
        keys: param_keys,
        body,
        choice,
        parts,
    }
}

fn write_operation(ir: &Ir, names: &Names, op: &Operation, n: &OpNames, out: &mut String) {
    if let Some(body) = &op.body {
        for (media, parts_name) in body.content.iter().zip(&n.parts) {
            if let (Some(parts), Some(name)) = (&media.parts, parts_name) {
                write_parts(ir, names, parts, name, out);
            }
        }
    }
    let method = key(&op.ident);
    if let (Some(body), Some(name)) = (&op.body, &n.body_union) {
        out.push('\n');
        doc_comment(
            out,
            "",
            &[format!(
                "The body of {{@link Client.{method}}}: the value and the media type it is sent as."
            )],
        );
        let members = body
            .content
            .iter()
            .zip(&n.parts)
            .map(|(m, parts)| tagged(m, request_media_type(ir, names, m, parts.as_deref())))
            .collect::<Vec<_>>();
        write_alias(out, name, &members);
    }
    for (response, name) in op.responses.iter().zip(&n.response_unions) {
        if let (Some(body), Some(name)) = (&response.body, name) {
            out.push('\n');
            doc_comment(
                out,
                "",
                &[format!(
                    "A body of {{@link Client.{method}}}: the value and the media type it came as."
                )],
            );
            let members = body
                .content
                .iter()
                .map(|m| tagged(m, response_media_type(ir, names, m)))
                .collect::<Vec<_>>();
            write_alias(out, name, &members);
        }
    }
    for (response, name) in op.responses.iter().zip(&n.response_headers) {
        if let Some(name) = name {
            write_response_headers(ir, names, response, name, &method, out);
        }
    }
    out.push('\n');
    doc_comment(
        out,
        "",
        &[format!("The parameters of {{@link Client.{method}}}.")],
    );
    let mut fields: Vec<(Vec<String>, String)> = Vec::new();
    for (param, param_key) in op.params.iter().zip(&n.keys) {
        let mark = if param.required { "" } else { "?" };
        fields.push((
            doc_lines(
                &[param.doc.as_deref(), format_note(&param.schema).as_deref()],
                param.deprecated,
            ),
            format!(
                "{}{mark}: {};",
                key(param_key),
                ts_type(ir, names, &param.schema, Dir::Write)
            ),
        ));
    }
    if let Some(body) = &op.body {
        let mark = if body.required { "" } else { "?" };
        let ty = request_body_type(ir, names, body, n);
        fields.push((
            doc_lines(&[body.doc.as_deref()], false),
            format!("{}{mark}: {ty};", key(&n.body)),
        ));
        if let Some(choice) = &n.choice {
            let types: Vec<String> = body
                .content
                .iter()
                .map(|m| string_literal(&m.content_type))
                .collect();
            fields.push((
                vec![format!(
                    "The media type the body is sent as (default {}).",
                    types[0]
                )],
                format!("{}?: {};", key(choice), types.join(" | ")),
            ));
        }
    }
    if fields.is_empty() {
        out.push_str(&format!(
            "export type {} = Record<string, never>;\n",
            n.params
        ));
    } else {
        out.push_str(&format!("export interface {} {{\n", n.params));
        for (lines, field) in fields {
            doc_comment(out, "  ", &lines);
            out.push_str(&format!("  {field}\n"));
        }
        out.push_str("}\n");
    }
    out.push('\n');
    doc_comment(
        out,
        "",
        &[format!(
            "The outcomes of {{@link Client.{method}}}, by status."
        )],
    );
    let members: Vec<String> = op
        .responses
        .iter()
        .zip(&n.response_unions)
        .zip(&n.response_headers)
        .map(|((response, union), headers)| {
            let (status, ok) = match response.status {
                StatusSpec::Code(code) => (code.to_string(), (200..300).contains(&code)),
                StatusSpec::Range(digit) => ("number".to_owned(), digit == 2),
                StatusSpec::Default => ("number".to_owned(), false),
            };
            // A `default` outcome may be a success or not: it keeps `ok: boolean`.
            let ok = match response.status {
                StatusSpec::Default => "boolean",
                _ if ok => "true",
                _ => "false",
            };
            let data = match (&response.body, union) {
                (None, _) => "undefined".to_owned(),
                (Some(_), Some(union)) => union.clone(),
                (Some(body), None) => body.content.first().map_or("undefined".to_owned(), |m| {
                    response_media_type(ir, names, m)
                }),
            };
            match headers {
                Some(headers) => format!("Outcome<{status}, {data}, {ok}, {headers}>"),
                None => format!("Outcome<{status}, {data}, {ok}>"),
            }
        })
        .collect();
    if members.is_empty() {
        out.push_str(&format!("export type {} = never;\n", n.result));
    } else {
        out.push_str(&format!("export type {} =\n", n.result));
        let last = members.len() - 1;
        for (i, member) in members.iter().enumerate() {
            let end = if i == last { ";" } else { "" };
            out.push_str(&format!("  | {member}{end}\n"));
        }
    }
}

/// The interface of a response's declared headers, as `Outcome.declaredHeaders` holds them.
fn write_response_headers(
    ir: &Ir,
    names: &Names,
    response: &crate::ir::Response,
    name: &str,
    method: &str,
    out: &mut String,
) {
    out.push('\n');
    let status = match response.status {
        StatusSpec::Code(code) => code.to_string(),
        StatusSpec::Range(digit) => format!("{digit}XX"),
        StatusSpec::Default => "default".to_owned(),
    };
    doc_comment(
        out,
        "",
        &[format!(
            "The declared headers of the {status} outcome of {{@link Client.{method}}}."
        )],
    );
    out.push_str(&format!("export interface {name} {{\n"));
    for header in &response.headers {
        doc_comment(
            out,
            "  ",
            &doc_lines(
                &[
                    header.doc.as_deref(),
                    format_note(&header.schema).as_deref(),
                ],
                false,
            ),
        );
        let mark = if header.required { "" } else { "?" };
        out.push_str(&format!(
            "  {}{mark}: {};\n",
            key(&header.name),
            ts_type(ir, names, &header.schema, Dir::Read)
        ));
    }
    out.push_str("}\n");
}

/// How the runtime reads a declared response header: `{ name, kind }`, arrays with their items'
/// kind, objects with their properties' kinds, and JSON text for the rest.
fn header_spec(ir: &Ir, header: &crate::ir::ResponseHeader) -> String {
    let name = string_literal(&header.name);
    if header.content.is_some() {
        return format!("{{ name: {name}, kind: \"json\" }}");
    }
    if let Some(kind) = scalar_kind(ir, &header.schema) {
        return format!("{{ name: {name}, kind: {} }}", string_literal(kind));
    }
    match resolved(ir, &header.schema) {
        Some(Kind::Array { items, .. }) => match scalar_kind(ir, items) {
            Some(item) => format!(
                "{{ name: {name}, kind: \"array\", items: {} }}",
                string_literal(item)
            ),
            None => format!("{{ name: {name}, kind: \"json\" }}"),
        },
        Some(Kind::Ref(id)) => match &ir.types.get(*id).kind {
            TypeKind::Struct(def) => {
                let mut properties = Vec::new();
                for field in &def.fields {
                    let Some(kind) = scalar_kind(ir, &field.schema) else {
                        return format!("{{ name: {name}, kind: \"json\" }}");
                    };
                    properties.push(format!(
                        "{}: {}",
                        key(&field.json_name),
                        string_literal(kind)
                    ));
                }
                format!(
                    "{{ name: {name}, kind: \"object\", explode: {}, properties: {{ {} }} }}",
                    header.explode,
                    properties.join(", ")
                )
            }
            _ => format!("{{ name: {name}, kind: \"json\" }}"),
        },
        _ => format!("{{ name: {name}, kind: \"json\" }}"),
    }
}

/// The kind of `schema` with aliases followed.
fn resolved<'a>(ir: &'a Ir, schema: &'a crate::ir::Schema) -> Option<&'a Kind> {
    let mut kind = &schema.kind;
    for _ in 0..32 {
        match kind {
            Kind::Ref(id) => match &ir.types.get(*id).kind {
                TypeKind::Alias(inner) => kind = &inner.kind,
                _ => return Some(kind),
            },
            _ => return Some(kind),
        }
    }
    None
}

/// How a scalar header value is read: `string`, `integer`, `number` or `boolean` (string enums
/// are strings); `None` for anything else.
fn scalar_kind(ir: &Ir, schema: &crate::ir::Schema) -> Option<&'static str> {
    match resolved(ir, schema)? {
        Kind::String(_) => Some("string"),
        Kind::Integer { .. } => Some("integer"),
        Kind::Number { .. } => Some("number"),
        Kind::Boolean => Some("boolean"),
        Kind::Ref(id) => match &ir.types.get(*id).kind {
            TypeKind::StringEnum(_) => Some("string"),
            _ => None,
        },
        _ => None,
    }
}

/// The interface of a multipart body with files: `Blob` (or `File`) for each file.
fn write_parts(ir: &Ir, names: &Names, parts: &PartsStruct, name: &str, out: &mut String) {
    out.push('\n');
    doc_comment(
        out,
        "",
        &["A `multipart/form-data` body: a `Blob` or `File` for each file.".to_owned()],
    );
    out.push_str(&format!("export interface {name} {{\n"));
    for field in &parts.fields {
        doc_comment(out, "  ", &doc_lines(&[field.doc.as_deref()], false));
        let ty = match &field.kind {
            PartKind::File => "Blob".to_owned(),
            PartKind::Files => "Blob[]".to_owned(),
            PartKind::Value(schema) => ts_type(ir, names, schema, Dir::Write),
        };
        let mark = if field.required { "" } else { "?" };
        out.push_str(&format!("  {}{mark}: {ty};\n", key(&field.json_name)));
    }
    out.push_str("}\n");
}

/// `{ contentType: "a"; value: A }`.
fn tagged(media: &Media, ty: String) -> String {
    format!(
        "{{ contentType: {}; value: {ty} }}",
        string_literal(&media.content_type)
    )
}

fn request_body_type(ir: &Ir, names: &Names, body: &crate::ir::RequestBody, n: &OpNames) -> String {
    if let Some(union) = &n.body_union {
        return union.clone();
    }
    body.content.first().map_or("undefined".to_owned(), |m| {
        request_media_type(ir, names, m, n.parts.first().and_then(|p| p.as_deref()))
    })
}

fn request_media_type(ir: &Ir, names: &Names, media: &Media, parts: Option<&str>) -> String {
    match media.kind {
        BodyKind::Json | BodyKind::Form => ts_type(ir, names, &media.schema, Dir::Write),
        BodyKind::Multipart => match parts {
            Some(parts) => parts.to_owned(),
            None => ts_type(ir, names, &media.schema, Dir::Write),
        },
        BodyKind::Binary => "Blob | ArrayBuffer | Uint8Array".to_owned(),
        BodyKind::Text | BodyKind::EventStream => "string".to_owned(),
    }
}

fn response_media_type(ir: &Ir, names: &Names, media: &Media) -> String {
    match media.kind {
        BodyKind::Json => ts_type(ir, names, &media.schema, Dir::Read),
        BodyKind::Form | BodyKind::Multipart | BodyKind::Text => "string".to_owned(),
        BodyKind::Binary => "Blob".to_owned(),
        BodyKind::EventStream => "AsyncGenerator<ServerSentEvent, void, undefined>".to_owned(),
    }
}

fn write_client(ir: &Ir, all: &[OpNames], out: &mut String) {
    let title = super::one_line(&ir.title);
    out.push_str("\n// ---- Client ----\n\n");
    doc_comment(
        out,
        "",
        &[format!("The operations of {title}, one method each.")],
    );
    out.push_str("export interface Client {\n");
    for (op, n) in ir.operations.iter().zip(all) {
        let mut lines = doc_lines(&[op.summary.as_deref(), op.description.as_deref()], false);
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!(
            "`{} {}` (operation `{}`).",
            op.method.as_str(),
            op.path.replace("*/", "*\\/"),
            op.id
        ));
        if op.deprecated {
            lines.push("@deprecated".to_owned());
        }
        doc_comment(out, "  ", &lines);
        let optional = if params_optional(op) { "?" } else { "" };
        out.push_str(&format!(
            "  {}(params{optional}: {}, init?: CallOptions): Promise<{}>;\n",
            method_key(&op.ident),
            n.params,
            n.result
        ));
    }
    out.push_str("}\n\n");
    doc_comment(
        out,
        "",
        &[
            format!("A client of {title}."),
            String::new(),
            "`createClient({ baseUrl: \"https://api.example.com\", getToken })`: each method sends"
                .to_owned(),
            "one request and resolves to the outcome of a declared status; it rejects with an"
                .to_owned(),
            "{@link ApiError} for any other status, and with the fetch error (`AbortError`,"
                .to_owned(),
            "`TimeoutError`, `TypeError`) when the request fails.".to_owned(),
        ],
    );
    out.push_str("export function createClient(options: ClientOptions): Client {\n");
    if ir.operations.is_empty() {
        out.push_str("  // The spec has no operations: nothing is ever sent.\n");
        out.push_str("  void [options, operations, call];\n  return {};\n}\n");
        return;
    }
    out.push_str("  return {\n");
    for (op, n) in ir.operations.iter().zip(all) {
        let method = key(&op.ident);
        out.push_str(&format!(
            "    {method}: (params, init) =>\n      call(options, operations.{}, params, init) as Promise<{}>,\n",
            op.ident,
            n.result
        ));
    }
    out.push_str("  };\n}\n");
}

/// A method name in an interface: `new(...)` there would be a construct signature.
fn method_key(name: &str) -> String {
    if name == "new" {
        string_literal(name)
    } else {
        key(name)
    }
}

/// Whether every parameter of `op` (and its body) may be left out.
fn params_optional(op: &Operation) -> bool {
    op.params.iter().all(|p| !p.required) && op.body.as_ref().is_none_or(|b| !b.required)
}

/// The security schemes as the runtime applies them; nothing when the spec declares none (then
/// a bearer token is sent to every operation when the client has one).
fn write_schemes(ir: &Ir, out: &mut String) {
    if ir.security_schemes.is_empty() {
        return;
    }
    out.push('\n');
    doc_comment(
        out,
        "",
        &["The security schemes, by their name in the spec.".to_owned()],
    );
    out.push_str("const schemes = {\n");
    for scheme in &ir.security_schemes {
        let mut parts = vec![format!("name: {}", string_literal(&scheme.name))];
        let kind = match &scheme.kind {
            SchemeKind::Bearer | SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => "bearer",
            SchemeKind::Basic => "basic",
            SchemeKind::ApiKey { .. } => "apiKey",
            SchemeKind::MutualTls => "mutualTLS",
            SchemeKind::Http(_) | SchemeKind::Undeclared => "unsupported",
        };
        parts.push(format!("kind: {}", string_literal(kind)));
        if let SchemeKind::ApiKey { location, name } = &scheme.kind {
            let location = match location {
                ApiKeyLocation::Header => "header",
                ApiKeyLocation::Query => "query",
                ApiKeyLocation::Cookie => "cookie",
            };
            parts.push(format!("in: {}", string_literal(location)));
            parts.push(format!("param: {}", string_literal(name)));
        }
        out.push_str(&format!(
            "  {}: {{ {} }},\n",
            key(&scheme.name),
            parts.join(", ")
        ));
    }
    out.push_str("} satisfies Record<string, SchemeSpec>;\n");
}

/// `schemes.name`, or `schemes["a-b"]`.
fn scheme_ref(name: &str) -> String {
    let quoted = key(name);
    if quoted == name {
        format!("schemes.{name}")
    } else {
        format!("schemes[{quoted}]")
    }
}

fn write_descriptors(ir: &Ir, all: &[OpNames], out: &mut String) {
    write_schemes(ir, out);
    out.push('\n');
    doc_comment(out, "", &["How each operation is called.".to_owned()]);
    out.push_str("const operations = {\n");
    for (op, n) in ir.operations.iter().zip(all) {
        out.push_str(&format!("  {}: {{\n", key(&op.ident)));
        out.push_str(&format!("    id: {},\n", string_literal(&op.id)));
        out.push_str(&format!(
            "    method: {},\n",
            string_literal(op.method.as_str())
        ));
        out.push_str(&format!("    path: {},\n", string_literal(&op.path)));
        if op.params.is_empty() {
            out.push_str("    params: [],\n");
        } else {
            out.push_str("    params: [\n");
            for (param, param_key) in op.params.iter().zip(&n.keys) {
                out.push_str(&format!("      {},\n", param_spec(ir, param, param_key)));
            }
            out.push_str("    ],\n");
        }
        if let Some(body) = &op.body {
            out.push_str("    body: {\n");
            out.push_str(&format!("      key: {},\n", string_literal(&n.body)));
            out.push_str("      media: [\n");
            for media in &body.content {
                out.push_str(&format!("        {},\n", media_spec(media, false)));
            }
            out.push_str("      ],\n");
            if body.enum_name.is_some() {
                out.push_str("      tagged: true,\n");
            }
            if let Some(choice) = &n.choice {
                out.push_str(&format!("      choice: {},\n", string_literal(choice)));
            }
            out.push_str("    },\n");
        }
        if !ir.security_schemes.is_empty() {
            let alternatives: Vec<String> = op
                .security
                .iter()
                .map(|all| {
                    let members: Vec<String> = all
                        .iter()
                        .filter_map(|used| ir.security_schemes.get(used.scheme))
                        .map(|scheme| scheme_ref(&scheme.name))
                        .collect();
                    format!("[{}]", members.join(", "))
                })
                .collect();
            out.push_str(&format!("    security: [{}],\n", alternatives.join(", ")));
        }
        if op.responses.is_empty() {
            out.push_str("    responses: [],\n");
        } else {
            out.push_str("    responses: [\n");
            for response in &op.responses {
                let (status, range) = match response.status {
                    StatusSpec::Code(code) => (code, false),
                    StatusSpec::Range(digit) => (digit, true),
                    StatusSpec::Default => (0, false),
                };
                let media: Vec<String> = response
                    .body
                    .iter()
                    .flat_map(|b| b.content.iter().map(|m| media_spec(m, true)))
                    .collect();
                let mut parts = vec![format!("status: {status}")];
                if range {
                    parts.push("range: true".to_owned());
                }
                parts.push(format!("media: [{}]", media.join(", ")));
                if !response.headers.is_empty() {
                    let headers: Vec<String> = response
                        .headers
                        .iter()
                        .map(|h| header_spec(ir, h))
                        .collect();
                    parts.push(format!("headers: [{}]", headers.join(", ")));
                }
                if response
                    .body
                    .as_ref()
                    .is_some_and(|b| b.enum_name.is_some())
                {
                    parts.push("tagged: true".to_owned());
                }
                out.push_str(&format!("      {{ {} }},\n", parts.join(", ")));
            }
            out.push_str("    ],\n");
        }
        out.push_str("  },\n");
    }
    out.push_str("} satisfies Record<string, OperationSpec>;\n");
}

fn param_spec(ir: &Ir, param: &Param, param_key: &str) -> String {
    let mut parts = vec![format!("name: {}", string_literal(&param.name))];
    if param_key != param.name {
        parts.push(format!("key: {}", string_literal(param_key)));
    }
    parts.push(format!("in: {}", string_literal(param.location.as_str())));
    parts.push(format!("style: {}", string_literal(param.style.as_str())));
    parts.push(format!("explode: {}", param.explode));
    if param.content.is_some() {
        parts.push("json: true".to_owned());
    } else if !is_flat(ir, &param.schema) {
        parts.push("deep: true".to_owned());
    }
    format!("{{ {} }}", parts.join(", "))
}

fn media_spec(media: &Media, response: bool) -> String {
    let kind = match media.kind {
        BodyKind::Json => "json",
        BodyKind::Form if !response => "form",
        BodyKind::Multipart if !response => "multipart",
        BodyKind::Form | BodyKind::Multipart | BodyKind::Text => "text",
        BodyKind::Binary => "binary",
        BodyKind::EventStream => "events",
    };
    let mut parts = vec![
        format!("type: {}", string_literal(&media.content_type)),
        format!("kind: {}", string_literal(kind)),
    ];
    if !response && !media.encoding.is_empty() {
        let encodings: Vec<String> = media
            .encoding
            .iter()
            .map(|e| {
                let mut fields = Vec::new();
                if let Some(s) = &e.serialization {
                    fields.push(format!("style: {}", string_literal(s.style.as_str())));
                    fields.push(format!("explode: {}", s.explode));
                }
                if let Some(content_type) = &e.content_type {
                    fields.push(format!("contentType: {}", string_literal(content_type)));
                }
                if fields.is_empty() {
                    format!("{}: {{}}", key(&e.property))
                } else {
                    format!("{}: {{ {} }}", key(&e.property), fields.join(", "))
                }
            })
            .collect();
        parts.push(format!("encoding: {{ {} }}", encodings.join(", ")));
    }
    format!("{{ {} }}", parts.join(", "))
}
