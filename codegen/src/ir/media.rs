//! Lowering of request bodies and responses: media types, their kinds and schemas, the
//! encodings of form and multipart bodies, and response headers.

use std::collections::BTreeMap;

use openapiv3::ParameterSchemaOrContent;
use serde_json::Value;

use super::lower::{bracket_reading, essence, is_json, variant_name, OperationLowerer, Shape};
use super::names::{self, Namer};
use super::schema::child;
use super::{
    BodyKind, Kind, Media, ParamStyle, PartField, PartKind, PartsStruct, PropertyEncoding,
    RequestBody, Response, ResponseBody, ResponseHeader, Schema, Serialization, StatusSpec,
    TypeKind,
};

/// Which side of an exchange a body is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

impl Side {
    fn what(self) -> &'static str {
        match self {
            Side::Request => "request body",
            Side::Response => "response",
        }
    }
}

/// A media type that can be handled, before its schema is lowered.
struct Candidate {
    content_type: String,
    kind: BodyKind,
    /// The media type object's pointer.
    pointer: String,
    /// Whether it has a `schema`.
    has_schema: bool,
    /// What decides whether two media types share a Rust type: the kind family and the schema
    /// as written.
    key: String,
    /// Its variant name in a body enum.
    variant: String,
}

/// Whether a media type key can be sent as a `Content-Type` header: `type/subtype`, visible
/// ASCII.
fn valid_media_type(content_type: &str) -> bool {
    let essence = essence(content_type);
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+*".contains(&b))
    };
    let parts = essence.split_once('/');
    parts.is_some_and(|(t, s)| token(t) && token(s))
        && content_type
            .bytes()
            .all(|b| b == b' ' || b == b'\t' || (0x21..0x7f).contains(&b))
}

/// The variant name of a media type in a body enum (`application/json` → `Json`, `text/csv` →
/// `Csv`, `image/*` → `Image`).
fn media_variant(content_type: &str) -> String {
    let essence = essence(content_type);
    match essence.as_str() {
        "application/json" => return "Json".to_owned(),
        "application/x-www-form-urlencoded" => return "Form".to_owned(),
        "multipart/form-data" => return "Multipart".to_owned(),
        "application/octet-stream" => return "Binary".to_owned(),
        "text/plain" => return "Text".to_owned(),
        "text/event-stream" => return "Events".to_owned(),
        "*/*" => return "Any".to_owned(),
        _ => {}
    }
    let (kind, subtype) = essence.split_once('/').unwrap_or(("", essence.as_str()));
    if subtype == "*" {
        names::type_name(kind)
    } else {
        names::type_name(subtype)
    }
}

impl OperationLowerer<'_> {
    /// Whether the schema at `pointer` (references followed) describes raw bytes rather than a
    /// structure: no schema, the empty schema, or a binary string.
    fn is_binary_schema(&mut self, pointer: &str) -> bool {
        let Some((schema, _)) = self.node(pointer) else {
            return true;
        };
        let Some(object) = schema.as_object() else {
            return false;
        };
        if object
            .keys()
            .all(|k| k.starts_with("x-") || k == "description" || k == "title")
        {
            return true;
        }
        object.get("type").and_then(Value::as_str) == Some("string")
            && (object.get("format").and_then(Value::as_str) == Some("binary")
                || object.contains_key("contentMediaType")
                || object.contains_key("contentEncoding"))
    }

    /// How a media type is handled: `None` when it cannot be.
    fn classify(
        &mut self,
        content_type: &str,
        media_pointer: &str,
        side: Side,
    ) -> Option<BodyKind> {
        let essence = essence(content_type);
        let schema_pointer = format!("{media_pointer}/schema");
        let has_schema = self.s.doc.root.pointer(&schema_pointer).is_some();
        let (kind, subtype) = essence.split_once('/').unwrap_or_default();
        let kind = if is_json(&essence) {
            BodyKind::Json
        } else if essence == "application/x-www-form-urlencoded" {
            BodyKind::Form
        } else if essence == "multipart/form-data" {
            BodyKind::Multipart
        } else if essence == "text/event-stream" {
            BodyKind::EventStream
        } else if kind == "text" {
            BodyKind::Text
        } else if matches!(kind, "image" | "audio" | "video" | "font")
            || matches!(
                essence.as_str(),
                "application/octet-stream"
                    | "application/pdf"
                    | "application/zip"
                    | "application/gzip"
            )
        {
            BodyKind::Binary
        } else if subtype == "*" && matches!(kind, "*" | "application") {
            // A wildcard with a structured schema is JSON in practice (many generators write
            // `*/*` for JSON responses).
            if has_schema && !self.is_binary_schema(&schema_pointer) {
                BodyKind::Json
            } else {
                BodyKind::Binary
            }
        } else if !has_schema || self.is_binary_schema(&schema_pointer) {
            BodyKind::Binary
        } else if self.s.doc.root.pointer(&format!("{schema_pointer}/type"))
            == Some(&Value::String("string".into()))
        {
            // `application/sdp` and other textual types described as a string.
            BodyKind::Text
        } else {
            return None;
        };
        match (side, kind) {
            (Side::Request, BodyKind::EventStream)
            | (Side::Response, BodyKind::Form | BodyKind::Multipart) => None,
            _ => Some(kind),
        }
    }

    /// The media types of a `content` map that can be handled; the others are reported (a
    /// warning each), and none at all is an error.
    fn candidates(
        &mut self,
        content: &[String],
        content_pointer: &str,
        side: Side,
    ) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut dropped = Vec::new();
        let mut variants = Namer::default();
        for content_type in content {
            let at = child(content_pointer, content_type);
            let listed = content_type;
            let owned: String = match listed
                .split(',')
                .map(str::trim)
                .find(|t| valid_media_type(t))
            {
                Some(first) if first != listed.as_str() => {
                    self.s.warning(
                        &at,
                        format!("`{listed}` is not one media type; it is read as `{first}`"),
                    );
                    first.to_owned()
                }
                Some(_) => listed.clone(),
                None => {
                    self.s.error(
                        &at,
                        format!("`{listed}` is not a media type (`type/subtype`)"),
                    );
                    continue;
                }
            };
            let content_type = &owned;
            let Some(kind) = self.classify(content_type, &at, side) else {
                self.s.warning(
                    &at,
                    format!(
                        "{} media type `{content_type}` is not supported yet; it is left out{}",
                        side.what(),
                        if side == Side::Request {
                            " and answered 415"
                        } else {
                            ""
                        }
                    ),
                );
                dropped.push(content_type.clone());
                continue;
            };
            let schema_pointer = format!("{at}/schema");
            let raw = self.s.doc.root.pointer(&schema_pointer);
            // JSON, form and multipart values of one schema are one type, whatever the media
            // type; bytes and text keep their media type, so the handler learns which was sent.
            let key = match (kind, raw) {
                (BodyKind::Json | BodyKind::Form | BodyKind::Multipart, Some(raw)) => {
                    format!("value:{raw}")
                }
                (BodyKind::Json, None) => "json:-".to_owned(),
                (BodyKind::Form | BodyKind::Multipart, None) => "fields:-".to_owned(),
                _ => format!("{content_type}:"),
            };
            out.push(Candidate {
                content_type: content_type.clone(),
                kind,
                pointer: at,
                has_schema: raw.is_some(),
                key,
                variant: variants.unique(media_variant(content_type)),
            });
        }
        if out.is_empty() && !content.is_empty() && dropped.len() == content.len() {
            // Nothing decodes: the first media type is passed through as raw bytes, so the
            // operation still works (the handler reads or writes the bytes itself).
            let content_type = dropped.swap_remove(0);
            self.s.warning(
                content_pointer,
                format!(
                    "no media type of this {} can be decoded ({}); `{content_type}` is handled as raw bytes",
                    side.what(),
                    content.join(", "),
                ),
            );
            out.push(Candidate {
                pointer: child(content_pointer, &content_type),
                kind: BodyKind::Binary,
                has_schema: false,
                key: format!("{content_type}:"),
                variant: variants.unique(media_variant(&content_type)),
                content_type,
            });
        }
        out
    }

    /// The schema of a media type: lowered once per distinct schema of the body (`cache`).
    fn media_schema(
        &mut self,
        candidate: &Candidate,
        hint: &str,
        cache: &mut BTreeMap<String, Schema>,
    ) -> Schema {
        let plain = |kind| Schema {
            kind,
            nullable: false,
        };
        let schema_pointer = format!("{}/schema", candidate.pointer);
        match candidate.kind {
            BodyKind::Binary => plain(Kind::Binary),
            BodyKind::EventStream => plain(Kind::Any),
            BodyKind::Text => {
                if !candidate.has_schema {
                    return plain(Kind::String(Default::default()));
                }
                let schema = self.schema_at(&schema_pointer, hint);
                match schema.kind {
                    Kind::String(_) => schema,
                    _ => {
                        self.s.warning(
                            &schema_pointer,
                            "a text body is a string; this schema is not checked",
                        );
                        plain(Kind::String(Default::default()))
                    }
                }
            }
            BodyKind::Json | BodyKind::Form | BodyKind::Multipart => {
                if let Some(schema) = cache.get(&candidate.key) {
                    return schema.clone();
                }
                let schema = match (candidate.has_schema, candidate.kind) {
                    (true, _) => self.schema_at(&schema_pointer, hint),
                    (false, BodyKind::Json) => plain(Kind::Any),
                    // Free-form fields: every value a string.
                    (false, _) => {
                        plain(Kind::Map(Box::new(plain(Kind::String(Default::default())))))
                    }
                };
                cache.insert(candidate.key.clone(), schema.clone());
                schema
            }
        }
    }

    /// The schema of each media type of a body. Inline schemas are named `<prefix>Body` when
    /// the body has one type (`one_type`), or after their media type's variant otherwise; media
    /// types sharing a schema share its type.
    fn candidate_schemas(
        &mut self,
        candidates: &[Candidate],
        prefix: &str,
        one_type: bool,
    ) -> Vec<Schema> {
        let mut cache = BTreeMap::new();
        candidates
            .iter()
            .map(|candidate| {
                let hint = if one_type {
                    format!("{prefix}Body")
                } else {
                    format!("{prefix}{}", candidate.variant)
                };
                self.media_schema(candidate, &hint, &mut cache)
            })
            .collect()
    }

    /// The request body at `pointer` (a request body object or a reference to one).
    pub(super) fn request_body(&mut self, pointer: &str, prefix: &str) -> Option<RequestBody> {
        let (body, at) = self.object_at::<openapiv3::RequestBody>(pointer)?;
        let content_pointer = format!("{at}/content");
        let listed: Vec<String> = body.content.keys().cloned().collect();
        if listed.is_empty() {
            self.s
                .error(&content_pointer, "the request body declares no media type");
            return None;
        }
        let candidates = self.candidates(&listed, &content_pointer, Side::Request);
        if candidates.is_empty() {
            return None;
        }
        let shared = candidates.iter().all(|c| c.key == candidates[0].key);
        let schemas = self.candidate_schemas(&candidates, prefix, shared);
        let mut content = Vec::new();
        for (candidate, schema) in candidates.iter().zip(schemas) {
            content.push(self.fields_media(candidate, schema, &body, prefix)?);
        }
        // A multipart body with files has a type of its own.
        let distinct = content
            .iter()
            .zip(&candidates)
            .map(|(m, c)| {
                if m.parts.is_some() {
                    format!("parts:{}", c.content_type)
                } else {
                    c.key.clone()
                }
            })
            .collect::<std::collections::BTreeSet<_>>();
        let enum_name =
            (distinct.len() > 1).then(|| self.ops_names.unique(format!("{prefix}Body")));
        Some(RequestBody {
            required: body.required,
            doc: body.description.clone(),
            content,
            enum_name,
        })
    }

    /// A media type of a request body, with the encodings and files of form and multipart
    /// bodies checked. `None` after an error.
    fn fields_media(
        &mut self,
        candidate: &Candidate,
        schema: Schema,
        body: &openapiv3::RequestBody,
        prefix: &str,
    ) -> Option<Media> {
        let mut media = Media {
            content_type: candidate.content_type.clone(),
            kind: candidate.kind,
            schema,
            encoding: Vec::new(),
            variant: candidate.variant.clone(),
            parts: None,
        };
        if !matches!(candidate.kind, BodyKind::Form | BodyKind::Multipart) {
            return Some(media);
        }
        let schema_pointer = format!("{}/schema", candidate.pointer);
        let properties = match self.shape(&media.schema) {
            Shape::Object(properties) => properties,
            Shape::Scalar if matches!(media.schema.kind, Kind::Any) => Vec::new(),
            _ => {
                self.s.error(
                    &schema_pointer,
                    format!(
                        "a `{}` body must have an object schema",
                        candidate.content_type
                    ),
                );
                return None;
            }
        };
        let declared = body
            .content
            .get(&candidate.content_type)
            .map(|m| m.encoding.clone())
            .unwrap_or_default();
        for (property, encoding) in &declared {
            let at = child(&child(&candidate.pointer, "encoding"), property);
            let known = properties.iter().any(|(name, _)| name == property);
            if !known && !properties.is_empty() {
                self.s.warning(
                    &at,
                    format!("`encoding` names `{property}`, which is not a property of the body"),
                );
            }
            let raw = self.s.doc.root.pointer(&at);
            let explicit = |key: &str| raw.and_then(|r| r.get(key));
            let any_explicit = ["style", "explode", "allowReserved"]
                .iter()
                .any(|k| explicit(k).is_some());
            let mut serialization = None;
            if any_explicit {
                if candidate.kind == BodyKind::Multipart {
                    self.s.warning(
                        &at,
                        "`style`, `explode` and `allowReserved` are ignored for multipart bodies: each array item is its own part",
                    );
                } else {
                    let style = match encoding.style {
                        None | Some(openapiv3::QueryStyle::Form) => ParamStyle::Form,
                        Some(openapiv3::QueryStyle::SpaceDelimited) => ParamStyle::SpaceDelimited,
                        Some(openapiv3::QueryStyle::PipeDelimited) => ParamStyle::PipeDelimited,
                        Some(openapiv3::QueryStyle::DeepObject) => ParamStyle::DeepObject,
                    };
                    let explode = explicit("explode")
                        .and_then(Value::as_bool)
                        .unwrap_or(style == ParamStyle::Form);
                    let property_schema = properties
                        .iter()
                        .find(|(name, _)| name == property)
                        .map(|(_, s)| s.clone());
                    // `deepObject` is bracket notation for any schema; the other styles read
                    // nested values that way too, and say so.
                    if let Some(property_schema) = property_schema {
                        let shape = self.shape(&property_schema);
                        if let (Some(what), false) =
                            (self.nested(&shape), style == ParamStyle::DeepObject)
                        {
                            self.s.warning(&at, bracket_reading(&what, style.as_str()));
                        }
                    }
                    serialization = Some(Serialization {
                        style,
                        explode: explode || style == ParamStyle::DeepObject,
                        allow_reserved: encoding.allow_reserved,
                    });
                }
            }
            if candidate.kind == BodyKind::Multipart && !encoding.headers.is_empty() {
                self.s.warning(
                    &format!("{at}/headers"),
                    "headers of multipart parts are not checked",
                );
            }
            media.encoding.push(PropertyEncoding {
                property: property.clone(),
                content_type: encoding.content_type.clone(),
                serialization,
            });
        }
        if candidate.kind == BodyKind::Multipart {
            media.parts = self.parts_struct(&media.schema, prefix);
        }
        Some(media)
    }

    /// The struct of a multipart body whose object schema has binary properties (files).
    fn parts_struct(&mut self, schema: &Schema, prefix: &str) -> Option<PartsStruct> {
        let mut current = schema;
        let def = loop {
            match &current.kind {
                Kind::Ref(id) => match &self.s.types[id.0].kind {
                    TypeKind::Struct(def) => break def.clone(),
                    TypeKind::Alias(inner) => current = inner,
                    TypeKind::StringEnum(_) | TypeKind::Union(_) => return None,
                },
                _ => return None,
            }
        };
        let is_binary = |schema: &Schema| matches!(schema.kind, Kind::Binary);
        let fields: Vec<PartField> = def
            .fields
            .iter()
            .map(|field| {
                let kind = match &field.schema.kind {
                    Kind::Binary => PartKind::File,
                    Kind::Array { items, .. } if is_binary(items) => PartKind::Files,
                    _ => PartKind::Value(field.schema.clone()),
                };
                PartField {
                    json_name: field.json_name.clone(),
                    rust_name: field.rust_name.clone(),
                    required: field.required,
                    doc: field.doc.clone(),
                    kind,
                }
            })
            .collect();
        if !fields
            .iter()
            .any(|f| matches!(f.kind, PartKind::File | PartKind::Files))
        {
            return None;
        }
        Some(PartsStruct {
            name: self.ops_names.unique(format!("{prefix}Multipart")),
            fields,
        })
    }

    /// The declared responses of an operation.
    pub(super) fn responses(
        &mut self,
        responses: &openapiv3::Responses,
        pointer: &str,
        prefix: &str,
    ) -> Vec<Response> {
        let mut out = Vec::new();
        let mut variants = Namer::default();
        let mut entries: Vec<(StatusSpec, String)> = responses
            .responses
            .keys()
            .map(|code| match code {
                openapiv3::StatusCode::Code(n) => (StatusSpec::Code(*n), n.to_string()),
                openapiv3::StatusCode::Range(n) => (StatusSpec::Range(*n), format!("{n}XX")),
            })
            .collect();
        if responses.default.is_some() {
            entries.push((StatusSpec::Default, "default".to_owned()));
        }
        for (status, key) in entries {
            let declared_at = child(pointer, &key);
            if let StatusSpec::Code(code) = status {
                if !(100..=599).contains(&code) {
                    self.s
                        .error(&declared_at, format!("`{code}` is not an HTTP status code"));
                    continue;
                }
            }
            let Some((response, at)) = self.object_at::<openapiv3::Response>(&declared_at) else {
                continue;
            };
            let variant = variants.unique(variant_name(status));
            let headers = self.response_headers(&response, &at, &format!("{prefix}{variant}"));
            let body = if response.content.is_empty() {
                None
            } else {
                self.response_body(&response, &at, &format!("{prefix}{variant}"))
            };
            let doc = Some(response.description.clone()).filter(|d| !d.is_empty());
            out.push(Response {
                status,
                variant,
                doc,
                headers,
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

    fn response_body(
        &mut self,
        response: &openapiv3::Response,
        at: &str,
        prefix: &str,
    ) -> Option<ResponseBody> {
        let content_pointer = format!("{at}/content");
        let listed: Vec<String> = response.content.keys().cloned().collect();
        let candidates = self.candidates(&listed, &content_pointer, Side::Response);
        if candidates.is_empty() {
            return None;
        }
        // Several JSON media types with one schema are one value, sent as the `Accept` header
        // prefers; anything else is the handler's choice.
        let negotiated = candidates
            .iter()
            .all(|c| c.kind == BodyKind::Json && c.key == candidates[0].key);
        let single = candidates.len() == 1 || negotiated;
        let schemas = self.candidate_schemas(&candidates, prefix, single);
        let content = candidates
            .iter()
            .zip(schemas)
            .map(|(candidate, schema)| Media {
                content_type: candidate.content_type.clone(),
                kind: candidate.kind,
                schema,
                encoding: Vec::new(),
                variant: candidate.variant.clone(),
                parts: None,
            })
            .collect();
        let enum_name = (!single).then(|| self.ops_names.unique(format!("{prefix}Body")));
        Some(ResponseBody { content, enum_name })
    }

    fn response_headers(
        &mut self,
        response: &openapiv3::Response,
        at: &str,
        prefix: &str,
    ) -> Vec<ResponseHeader> {
        let mut fields = Namer::with_reserved(&["body", "status"]);
        let mut out = Vec::new();
        for name in response.headers.keys() {
            let declared_at = child(&format!("{at}/headers"), name);
            if name.eq_ignore_ascii_case("content-type") {
                self.s.warning(
                    &declared_at,
                    "a `Content-Type` response header is ignored, as OpenAPI requires: the media type sets it",
                );
                continue;
            }
            if http_header_name(name).is_none() {
                self.s
                    .error(&declared_at, format!("`{name}` is not a valid header name"));
                continue;
            }
            let Some((header, header_at)) = self.object_at::<openapiv3::Header>(&declared_at)
            else {
                continue;
            };
            let hint = format!("{prefix}{}", names::type_name(name));
            let explode = self
                .s
                .doc
                .root
                .pointer(&format!("{header_at}/explode"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let (schema, content) = match &header.format {
                ParameterSchemaOrContent::Schema(_) => {
                    let schema_at = format!("{header_at}/schema");
                    let schema = self.schema_at(&schema_at, &hint);
                    match self.shape(&schema) {
                        Shape::Nested(what) => {
                            self.s.error(
                                &schema_at,
                                format!("{what} cannot be a header; describe it with `content: {{application/json: ...}}`"),
                            );
                            continue;
                        }
                        Shape::Union => {
                            self.s.error(
                                &schema_at,
                                "a union with array or object alternatives cannot be a header; describe it with `content: {application/json: ...}`",
                            );
                            continue;
                        }
                        Shape::Object(properties)
                            if properties
                                .iter()
                                .any(|(_, s)| !matches!(self.shape(s), Shape::Scalar)) =>
                        {
                            self.s
                                .error(&schema_at, "a header object's properties must be scalars");
                            continue;
                        }
                        _ => {}
                    }
                    (schema, None)
                }
                ParameterSchemaOrContent::Content(content) => {
                    let content_at = format!("{header_at}/content");
                    let mut entries = content.iter();
                    let (Some((content_type, media)), None) = (entries.next(), entries.next())
                    else {
                        self.s.error(
                            &content_at,
                            "a header's `content` must have exactly one media type",
                        );
                        continue;
                    };
                    let media_at = child(&content_at, content_type);
                    if !is_json(content_type) {
                        self.s.error(
                            &media_at,
                            format!("headers sent as `{content_type}` are not supported; use application/json"),
                        );
                        continue;
                    }
                    let schema = if media.schema.is_some() {
                        self.schema_at(&format!("{media_at}/schema"), &hint)
                    } else {
                        Schema {
                            kind: Kind::Any,
                            nullable: false,
                        }
                    };
                    (schema, Some(content_type.clone()))
                }
            };
            out.push(ResponseHeader {
                name: name.clone(),
                rust_name: fields.unique(names::field_name(name)),
                required: header.required,
                explode,
                content,
                schema,
                doc: header.description.clone(),
            });
        }
        out
    }
}

/// `Some` when `name` is a valid HTTP header name (an RFC 9110 token).
fn http_header_name(name: &str) -> Option<&str> {
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    valid.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names_follow_media_types() {
        assert_eq!(media_variant("application/json"), "Json");
        assert_eq!(media_variant("application/vnd.api+json"), "VndApiJson");
        assert_eq!(media_variant("text/csv; charset=utf-8"), "Csv");
        assert_eq!(media_variant("image/*"), "Image");
        assert_eq!(media_variant("*/*"), "Any");
        assert_eq!(media_variant("text/event-stream"), "Events");
    }

    #[test]
    fn media_type_syntax() {
        assert!(valid_media_type("application/json"));
        assert!(valid_media_type("application/json; charset=utf-8"));
        assert!(valid_media_type("image/*"));
        assert!(!valid_media_type("json"));
        assert!(!valid_media_type("application/jsön"));
        assert!(!valid_media_type("a/b\n"));
    }

    #[test]
    fn header_names() {
        assert!(http_header_name("X-Rate-Limit").is_some());
        assert!(http_header_name("X Rate").is_none());
        assert!(http_header_name("").is_none());
    }
}
