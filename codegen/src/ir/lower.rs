//! Lowering of a loaded document and its manifest into the [`Ir`].

use std::collections::BTreeMap;

use openapiv3::{Parameter as OasParameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr};
use serde_json::Value;

use super::names::{self, Namer};
use super::schema::{child, SchemaLowerer};
use super::{
    BodyKind, Function, Ir, Kind, Method, Operation, Param, ParamLocation, RequestBody, Response,
    ResponseBody, Schema, StatusSpec, TypeSpace,
};
use crate::diagnostics::Diagnostics;
use crate::load::Document;
use crate::manifest::{self, Manifest};

/// Lowers `doc` into the IR, reporting every problem into `diags`. Returns `None` when there were
/// errors (the diagnostics say why).
pub fn lower(doc: &Document, diags: &mut Diagnostics) -> Option<Ir> {
    let manifest = manifest::read(doc, diags);
    let title = doc
        .root
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or("api")
        .to_owned();
    let version = doc
        .root
        .pointer("/info/version")
        .and_then(Value::as_str)
        .unwrap_or("0.0.0")
        .to_owned();
    let service = manifest.service.clone().unwrap_or_else(|| {
        let derived = names::field_name(&title).replace('_', "-");
        if derived.starts_with(|c: char| c.is_ascii_lowercase()) {
            derived
        } else {
            "api".to_owned()
        }
    });
    let mut lowerer = SchemaLowerer::new(doc, diags);
    lowerer.components();
    let webhooks = super::webhooks::webhooks(&mut lowerer);
    let (operations, types) = OperationLowerer {
        s: lowerer,
        ids: BTreeMap::new(),
        prefixes: Namer::default(),
        idents: Namer::default(),
    }
    .paths();
    if doc.root.get("security").is_some() {
        diags.warning(
            Some(doc.locate("/security")),
            "security requirements are not enforced yet",
        );
    }
    let functions = group(doc, diags, &manifest, &service, &operations);
    if diags.has_errors() {
        return None;
    }
    Some(Ir {
        service,
        title,
        version,
        types: TypeSpace { defs: types },
        operations,
        functions,
        webhooks,
    })
}

struct OperationLowerer<'a> {
    s: SchemaLowerer<'a>,
    /// operationId → pointer of its first use.
    ids: BTreeMap<String, String>,
    prefixes: Namer,
    idents: Namer,
}

impl OperationLowerer<'_> {
    fn paths(mut self) -> (Vec<Operation>, Vec<super::TypeDef>) {
        let doc = self.s.doc;
        let mut operations = Vec::new();
        match doc.root.get("paths") {
            None => {}
            Some(Value::Object(paths)) => {
                for (path, item) in paths {
                    if path.starts_with("x-") {
                        continue;
                    }
                    let pointer = child("/paths", path);
                    self.path_item(path, item, &pointer, &mut operations);
                }
            }
            Some(_) => self.s.error("/paths", "`paths` must be a mapping"),
        }
        // Templates that differ only in parameter names (`/pet/{id}`, `/pet/{petId}`) are one
        // route; the same method twice on it could never be told apart.
        let mut routes: BTreeMap<(String, Method), &Operation> = BTreeMap::new();
        for op in &operations {
            let shape = op
                .path
                .split('/')
                .map(|segment| {
                    if segment.starts_with('{') {
                        "{}"
                    } else {
                        segment
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            if let Some(first) = routes.insert((shape, op.method), op) {
                let message = format!(
                    "`{} {}` matches the same requests as `{} {}` (operation `{}`)",
                    op.method.as_str(),
                    op.path,
                    first.method.as_str(),
                    first.path,
                    first.id
                );
                self.s.error(&op.pointer, message);
            }
        }
        for op in &operations {
            let at = format!("{}/security", op.pointer);
            if doc.root.pointer(&at).is_some() {
                self.s
                    .warning(&at, "security requirements are not enforced yet");
            }
        }
        (operations, self.s.types)
    }

    fn path_item(&mut self, path: &str, item: &Value, pointer: &str, out: &mut Vec<Operation>) {
        if !path.starts_with('/') {
            self.s
                .error(pointer, format!("path `{path}` must start with `/`"));
            return;
        }
        let template = match parse_template(path) {
            Ok(names) => names,
            Err(message) => {
                self.s.error(pointer, message);
                return;
            }
        };
        let (item, item_pointer) = match item.get("$ref").and_then(Value::as_str) {
            Some(reference) => match self.s.doc.resolve_ref(reference) {
                Some(target) => (target, reference.trim_start_matches('#').to_owned()),
                None => return,
            },
            None => (item, pointer.to_owned()),
        };
        let Some(parsed): Option<openapiv3::PathItem> = self.s.parse(item, &item_pointer) else {
            return;
        };
        let shared = self.parameters(&parsed.parameters, &format!("{item_pointer}/parameters"));
        for method in Method::ALL {
            let operation = match method {
                Method::Get => &parsed.get,
                Method::Put => &parsed.put,
                Method::Post => &parsed.post,
                Method::Delete => &parsed.delete,
                Method::Options => &parsed.options,
                Method::Head => &parsed.head,
                Method::Patch => &parsed.patch,
                Method::Trace => &parsed.trace,
            };
            if let Some(operation) = operation {
                let op_pointer = format!("{item_pointer}/{}", method.key());
                if let Some(op) =
                    self.operation(path, &template, method, operation, &op_pointer, &shared)
                {
                    out.push(op);
                }
            }
        }
    }

    /// Resolves parameter references; returns each with the pointer of its definition.
    fn parameters(
        &mut self,
        list: &[ReferenceOr<OasParameter>],
        pointer: &str,
    ) -> Vec<(OasParameter, String)> {
        let mut out = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            let at = format!("{pointer}/{i}");
            match entry {
                ReferenceOr::Item(parameter) => out.push((parameter.clone(), at)),
                ReferenceOr::Reference { reference } => {
                    let Some(target) = self.s.doc.resolve_ref(reference) else {
                        continue;
                    };
                    let target_pointer = reference.trim_start_matches('#').to_owned();
                    if let Some(parameter) = self.s.parse::<OasParameter>(target, &target_pointer) {
                        out.push((parameter, target_pointer));
                    }
                }
            }
        }
        out
    }

    fn operation(
        &mut self,
        path: &str,
        template: &[String],
        method: Method,
        operation: &openapiv3::Operation,
        pointer: &str,
        shared: &[(OasParameter, String)],
    ) -> Option<Operation> {
        let id = match &operation.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => {
                let generated = generated_id(method, path);
                self.s.warning(
                    pointer,
                    format!("operation has no operationId; it is named `{generated}`"),
                );
                generated
            }
        };
        let id_pointer = format!("{pointer}/operationId");
        // A duplicate is reported, and the operation is still lowered so that its other
        // problems are reported too; it is left out of the IR.
        let duplicate = match self.ids.get(&id) {
            Some(first) => {
                let first = self.s.doc.locate(first);
                self.s.error(
                    &id_pointer,
                    format!(
                        "duplicate operationId `{id}` (first used at {}:{}:{})",
                        first.file, first.line, first.column
                    ),
                );
                true
            }
            None => {
                self.ids.insert(id.clone(), id_pointer);
                false
            }
        };
        let ident = self.idents.unique(names::operation_ident(&id));
        let type_prefix = self.prefixes.unique(names::type_name(&id));

        // Operation parameters override path-item parameters with the same name and location.
        let own = self.parameters(&operation.parameters, &format!("{pointer}/parameters"));
        let mut merged: Vec<(OasParameter, String)> = shared
            .iter()
            .filter(|(p, _)| !own.iter().any(|(o, _)| same_parameter(o, p)))
            .cloned()
            .collect();
        merged.extend(own);

        let mut fields = Namer::with_reserved(&["body"]);
        let mut path_params = Vec::new();
        let mut other_params = Vec::new();
        for (parameter, at) in &merged {
            if let Some(param) = self.parameter(parameter, at, &type_prefix, &mut fields) {
                if param.location == ParamLocation::Path {
                    if !template.contains(&param.name) {
                        self.s.error(
                            at,
                            format!(
                                "path parameter `{}` does not appear in the path `{path}`",
                                param.name
                            ),
                        );
                        continue;
                    }
                    path_params.push(param);
                } else {
                    other_params.push(param);
                }
            }
        }
        for name in template {
            if !path_params.iter().any(|p| &p.name == name) {
                self.s.error(pointer, format!("the path has `{{{name}}}` but the operation declares no path parameter `{name}`"));
            }
        }
        path_params.sort_by_key(|p| template.iter().position(|n| n == &p.name));
        let mut params = path_params;
        params.extend(other_params);

        let body = match &operation.request_body {
            None => None,
            Some(body) => self.request_body(body, &format!("{pointer}/requestBody"), &type_prefix),
        };
        let responses = self.responses(
            &operation.responses,
            &format!("{pointer}/responses"),
            &type_prefix,
        );
        if duplicate {
            return None;
        }
        Some(Operation {
            id,
            ident,
            type_prefix,
            method,
            path: path.to_owned(),
            pointer: pointer.to_owned(),
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            deprecated: operation.deprecated,
            tags: operation.tags.clone(),
            params,
            body,
            responses,
        })
    }

    fn parameter(
        &mut self,
        parameter: &OasParameter,
        pointer: &str,
        prefix: &str,
        fields: &mut Namer,
    ) -> Option<Param> {
        let data = parameter.parameter_data_ref();
        let (location, explode_default) = match parameter {
            OasParameter::Path { .. } => (ParamLocation::Path, false),
            OasParameter::Query { style, .. } => {
                if !matches!(style, QueryStyle::Form) {
                    self.s.error(
                        &format!("{pointer}/style"),
                        "query parameter styles other than `form` are not supported yet",
                    );
                }
                (ParamLocation::Query, true)
            }
            OasParameter::Header { .. } => (ParamLocation::Header, false),
            OasParameter::Cookie { .. } => (ParamLocation::Cookie, true),
        };
        if location == ParamLocation::Path && !data.required {
            self.s.warning(
                pointer,
                format!(
                    "path parameter `{}` should be `required: true`; it is treated as required",
                    data.name
                ),
            );
        }
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let hint = format!("{prefix}{}", names::type_name(&data.name));
                self.s.position(schema, &format!("{pointer}/schema"), &hint)
            }
            ParameterSchemaOrContent::Content(_) => {
                self.s.error(
                    &format!("{pointer}/content"),
                    "parameters described by `content` are not supported yet",
                );
                return None;
            }
        };
        if !self.is_parameter_schema(&schema) {
            self.s.error(
                &format!("{pointer}/schema"),
                "object-valued parameters are not supported yet; use scalars or arrays of scalars",
            );
            return None;
        }
        Some(Param {
            name: data.name.clone(),
            rust_name: fields.unique(names::field_name(&data.name)),
            location,
            required: data.required || location == ParamLocation::Path,
            explode: data.explode.unwrap_or(explode_default),
            schema,
            doc: data.description.clone(),
        })
    }

    fn is_scalar(&self, schema: &Schema) -> bool {
        match &schema.kind {
            Kind::Boolean
            | Kind::Integer { .. }
            | Kind::Number { .. }
            | Kind::String(_)
            | Kind::Any => true,
            Kind::Ref(id) => match &self.s.types[id.0].kind {
                super::TypeKind::StringEnum(_) => true,
                super::TypeKind::Alias(inner) => self.is_scalar(inner),
                super::TypeKind::Struct(_) | super::TypeKind::Union(_) => false,
            },
            _ => false,
        }
    }

    fn is_parameter_schema(&self, schema: &Schema) -> bool {
        match &schema.kind {
            Kind::Array { items, .. } => self.is_scalar(items),
            _ => self.is_scalar(schema),
        }
    }

    fn request_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        pointer: &str,
        prefix: &str,
    ) -> Option<RequestBody> {
        let (body, pointer) = match body {
            ReferenceOr::Item(body) => (body.clone(), pointer.to_owned()),
            ReferenceOr::Reference { reference } => {
                let target = self.s.doc.resolve_ref(reference)?;
                let at = reference.trim_start_matches('#').to_owned();
                (self.s.parse::<openapiv3::RequestBody>(target, &at)?, at)
            }
        };
        let content_pointer = format!("{pointer}/content");
        let (content_type, media) =
            self.choose_media(&body.content, &content_pointer, "request body")?;
        let kind = body_kind(&content_type);
        let media_pointer = child(&content_pointer, &content_type);
        let schema = self.body_schema(&media, kind, &media_pointer, &format!("{prefix}Body"));
        Some(RequestBody {
            required: body.required,
            content_type,
            kind,
            schema,
            doc: body.description.clone(),
        })
    }

    /// The schema of a body: the media type's schema for JSON (any value when it has none),
    /// bytes for binary media types, a string for text.
    fn body_schema(
        &mut self,
        media: &openapiv3::MediaType,
        kind: BodyKind,
        media_pointer: &str,
        hint: &str,
    ) -> Schema {
        let kind = match (&media.schema, kind) {
            (Some(schema), BodyKind::Json) => {
                return self
                    .s
                    .position(schema, &format!("{media_pointer}/schema"), hint)
            }
            (None, BodyKind::Json) => Kind::Any,
            (_, BodyKind::Binary) => Kind::Binary,
            (_, BodyKind::Text) => Kind::String(Default::default()),
        };
        Schema {
            kind,
            nullable: false,
        }
    }

    /// Picks the media type the generated code handles: JSON first, then binary, then text.
    /// Every media type left out is reported.
    fn choose_media(
        &mut self,
        content: &indexmap::IndexMap<String, openapiv3::MediaType>,
        pointer: &str,
        what: &str,
    ) -> Option<(String, openapiv3::MediaType)> {
        let rank = |ct: &str| match body_kind_of(ct) {
            Some(BodyKind::Json) => 0,
            Some(BodyKind::Binary) => 1,
            Some(BodyKind::Text) => 2,
            None => 3,
        };
        let chosen = content.keys().min_by_key(|ct| rank(ct)).cloned();
        let Some(chosen) = chosen.filter(|ct| rank(ct) < 3) else {
            let listed: Vec<&str> = content.keys().map(String::as_str).collect();
            if listed.is_empty() {
                self.s
                    .error(pointer, format!("the {what} declares no media type"));
            } else {
                self.s.error(
                    pointer,
                    format!(
                        "the {what} media types {} are not supported yet",
                        listed.join(", ")
                    ),
                );
            }
            return None;
        };
        for other in content.keys().filter(|ct| **ct != chosen) {
            self.s.warning(
                &child(pointer, other),
                format!("{what}: only `{chosen}` is handled; `{other}` is not supported yet"),
            );
        }
        let media = content.get(&chosen)?.clone();
        Some((chosen, media))
    }

    fn responses(
        &mut self,
        responses: &openapiv3::Responses,
        pointer: &str,
        prefix: &str,
    ) -> Vec<Response> {
        let mut out = Vec::new();
        let mut variants = Namer::default();
        let mut entries: Vec<(StatusSpec, String, &ReferenceOr<openapiv3::Response>)> = responses
            .responses
            .iter()
            .map(|(code, response)| {
                let (spec, key) = match code {
                    openapiv3::StatusCode::Code(n) => (StatusSpec::Code(*n), n.to_string()),
                    openapiv3::StatusCode::Range(n) => (StatusSpec::Range(*n), format!("{n}XX")),
                };
                (spec, key, response)
            })
            .collect();
        if let Some(default) = &responses.default {
            entries.push((StatusSpec::Default, "default".to_owned(), default));
        }
        for (status, key, response) in entries {
            let at = child(pointer, &key);
            if let StatusSpec::Code(code) = status {
                if !(100..=599).contains(&code) {
                    self.s
                        .error(&at, format!("`{code}` is not an HTTP status code"));
                    continue;
                }
            }
            let (response, at) = match response {
                ReferenceOr::Item(response) => (response.clone(), at),
                ReferenceOr::Reference { reference } => {
                    let Some(target) = self.s.doc.resolve_ref(reference) else {
                        continue;
                    };
                    let target_pointer = reference.trim_start_matches('#').to_owned();
                    match self.s.parse::<openapiv3::Response>(target, &target_pointer) {
                        Some(response) => (response, target_pointer),
                        None => continue,
                    }
                }
            };
            if !response.headers.is_empty() {
                self.s.warning(
                    &format!("{at}/headers"),
                    "response headers are not generated yet",
                );
            }
            let variant = variants.unique(variant_name(status));
            let body = if response.content.is_empty() {
                None
            } else {
                let content_pointer = format!("{at}/content");
                self.choose_media(&response.content, &content_pointer, "response")
                    .map(|(content_type, media)| {
                        let kind = body_kind(&content_type);
                        let media_pointer = child(&content_pointer, &content_type);
                        let hint = format!("{prefix}{variant}Body");
                        let schema = self.body_schema(&media, kind, &media_pointer, &hint);
                        ResponseBody {
                            content_type,
                            kind,
                            schema,
                        }
                    })
            };
            let doc = Some(response.description.clone()).filter(|d| !d.is_empty());
            out.push(Response {
                status,
                variant,
                doc,
                body,
            });
        }
        if out.is_empty() {
            self.s.warning(
                pointer,
                "the operation declares no response; its handler can only fail",
            );
        }
        out
    }
}

fn same_parameter(a: &OasParameter, b: &OasParameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        && a.parameter_data_ref().name == b.parameter_data_ref().name
}

/// The names of a path template's parameters, in order. Parameters must be whole segments.
fn parse_template(path: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    for segment in path.split('/').skip(1) {
        if segment.contains(['{', '}']) {
            let inner = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
            match inner {
                Some(name) if !name.is_empty() && !name.contains(['{', '}']) => {
                    if names.iter().any(|n| n == name) {
                        return Err(format!("path parameter `{name}` appears twice in `{path}`"));
                    }
                    names.push(name.to_owned());
                }
                _ => return Err(format!("path segment `{segment}` mixes text and parameters, which is not supported yet")),
            }
        }
    }
    Ok(names)
}

/// A stable name for an operation without an operationId: method plus path words
/// (`GET /pet/{petId}` → `getPetByPetId`).
fn generated_id(method: Method, path: &str) -> String {
    let mut id = method.key().to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => {
                id.push_str("By");
                id.push_str(&names::type_name(name));
            }
            None => id.push_str(&names::type_name(segment)),
        }
    }
    id
}

fn variant_name(status: StatusSpec) -> String {
    match status {
        StatusSpec::Code(code) => {
            http_reason(code).map_or_else(|| format!("Status{code}"), names::type_name)
        }
        StatusSpec::Range(digit) => format!("Status{digit}XX"),
        StatusSpec::Default => "Default".to_owned(),
    }
}

fn http_reason(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        423 => "Locked",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

fn body_kind_of(content_type: &str) -> Option<BodyKind> {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        Some(BodyKind::Json)
    } else if essence == "application/octet-stream"
        || essence.starts_with("image/")
        || essence.starts_with("audio/")
        || essence.starts_with("video/")
        || essence == "application/pdf"
        || essence == "application/zip"
        || essence == "*/*"
    {
        Some(BodyKind::Binary)
    } else if essence.starts_with("text/") && essence != "text/event-stream" {
        Some(BodyKind::Text)
    } else {
        None
    }
}

fn body_kind(content_type: &str) -> BodyKind {
    body_kind_of(content_type).unwrap_or(BodyKind::Binary)
}

/// Assigns every operation to exactly one function.
fn group(
    doc: &Document,
    diags: &mut Diagnostics,
    manifest: &Manifest,
    service: &str,
    operations: &[Operation],
) -> Vec<Function> {
    let mut functions: Vec<Function> = manifest
        .functions
        .iter()
        .map(|spec| Function {
            name: spec.name.clone(),
            operations: Vec::new(),
            memory: spec.memory,
            timeout: spec.timeout,
        })
        .collect();
    // Selectors that match nothing are mistakes.
    for spec in &manifest.functions {
        for (id, at) in &spec.operations {
            if !operations.iter().any(|op| &op.id == id) {
                let suggestion = closest(id, operations.iter().map(|op| op.id.as_str()))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                diags.error(
                    Some(doc.locate(at)),
                    format!("unknown operation `{id}`{suggestion}"),
                );
            }
        }
        for (tag, at) in &spec.tags {
            if !operations.iter().any(|op| op.tags.contains(tag)) {
                diags.error(
                    Some(doc.locate(at)),
                    format!("no operation has the tag `{tag}`"),
                );
            }
        }
        for (glob, at) in &spec.paths {
            if !operations
                .iter()
                .any(|op| manifest::path_matches(glob, &op.path))
            {
                diags.error(
                    Some(doc.locate(at)),
                    format!("no operation path matches `{glob}`"),
                );
            }
        }
    }
    let mut default = None;
    for (index, op) in operations.iter().enumerate() {
        let claims: Vec<usize> = manifest
            .functions
            .iter()
            .enumerate()
            .filter(|(_, spec)| {
                spec.operations.iter().any(|(id, _)| id == &op.id)
                    || spec.tags.iter().any(|(tag, _)| op.tags.contains(tag))
                    || spec
                        .paths
                        .iter()
                        .any(|(glob, _)| manifest::path_matches(glob, &op.path))
            })
            .map(|(i, _)| i)
            .collect();
        match claims.as_slice() {
            [one] => functions[*one].operations.push(index),
            [] => {
                let slot = *default.get_or_insert_with(|| {
                    match functions.iter().position(|f| f.name == service) {
                        Some(existing) => existing,
                        None => {
                            functions.push(Function {
                                name: service.to_owned(),
                                operations: Vec::new(),
                                memory: None,
                                timeout: None,
                            });
                            functions.len() - 1
                        }
                    }
                });
                functions[slot].operations.push(index);
            }
            many => {
                let names: Vec<&str> = many
                    .iter()
                    .map(|i| manifest.functions[*i].name.as_str())
                    .collect();
                diags.error(
                    Some(doc.locate(&op.pointer)),
                    format!(
                        "operation `{}` is claimed by several functions: {}",
                        op.id,
                        names.join(", ")
                    ),
                );
            }
        }
    }
    for (spec, function) in manifest.functions.iter().zip(&functions) {
        if function.operations.is_empty() {
            diags.warning(
                Some(doc.locate(&spec.pointer)),
                format!("function `{}` has no operations", spec.name),
            );
        }
    }
    functions
}

/// The candidate closest to `wanted` by edit distance, if close enough to be a likely typo.
pub(crate) fn closest<'c>(
    wanted: &str,
    candidates: impl Iterator<Item = &'c str>,
) -> Option<&'c str> {
    candidates
        .map(|c| (edit_distance(&wanted.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(wanted.len()) / 3).max(1))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(row[j + 1])
            };
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        assert_eq!(
            parse_template("/pet/{petId}/x/{b}"),
            Ok(vec!["petId".to_owned(), "b".to_owned()])
        );
        assert!(parse_template("/files/{name}.json").is_err());
        assert!(parse_template("/a/{x}/{x}").is_err());
    }

    #[test]
    fn generated_ids_are_stable() {
        assert_eq!(generated_id(Method::Get, "/pet/{petId}"), "getPetByPetId");
        assert_eq!(generated_id(Method::Post, "/"), "post");
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            closest("getPetByID", ["getPetById", "addPet"].into_iter()),
            Some("getPetById")
        );
        assert_eq!(closest("zzz", ["getPetById"].into_iter()), None);
    }
}
