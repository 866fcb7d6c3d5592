//! Decoding a raw HTTP request into an operation's typed request.
//!
//! Generated request types implement [`FromRequest`] by asking a [`Decoder`] for each parameter
//! and the body. The decoder reads each value from its location in the style the descriptor
//! gives (see [`Style`]), coerces text to the schema's types, validates
//! it against the static schema and deserializes it. It keeps going after an error, so one answer
//! lists every invalid field; [`decode`] turns them into one 400 problem. A body whose
//! `Content-Type` the operation does not accept is answered 415.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::brackets;
use crate::descriptor::{
    BodyKind, MediaType, OperationDescriptor, ParamLocation, Parameter, Style,
};
use crate::media;
use crate::multipart::{self, FromMultipart};
use crate::problem::{FieldError, Problem};
use crate::schema::{self, Additional, Schema};
use crate::style::{self, Decoding, ObjectShape, Pair, Read, Repeats, Shape, Sink, Spec};

/// A request as the platform adapter received it, after routing.
#[derive(Debug, Clone, Default)]
pub struct RawRequest {
    /// The raw (percent-encoded) path parameter values, in template order.
    pub path_params: Vec<String>,
    /// The raw query string, without `?`.
    pub query: Option<String>,
    /// The request headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
}

/// A type built from a request by a [`Decoder`]; implemented by every generated request type.
pub trait FromRequest: Sized {
    /// Reads every field from `decoder`. Returns `None` when some field failed; the decoder holds
    /// the reasons.
    fn from_request(decoder: &mut Decoder<'_>) -> Option<Self>;
}

/// Decodes `raw` into `R` following `descriptor`, or answers the problem that explains why not.
pub fn decode<R: FromRequest>(
    descriptor: &'static OperationDescriptor,
    raw: &RawRequest,
) -> Result<R, Problem> {
    let mut decoder = Decoder::new(descriptor, raw);
    let request = R::from_request(&mut decoder);
    if let Some(problem) = decoder.rejection.take() {
        return Err(problem);
    }
    match request {
        Some(request) if decoder.errors.is_empty() => Ok(request),
        _ => Err(Problem::invalid_request(decoder.errors)),
    }
}

/// Validates `value` against `schema` and deserializes it, recording every problem under
/// `pointer`.
pub(crate) fn finish<T: DeserializeOwned>(
    schema: &Schema,
    value: Value,
    pointer: &str,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let before = errors.len();
    schema::validate(schema, &value, pointer, errors);
    if errors.len() > before {
        return None;
    }
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Some(v),
        Err(error) => {
            let mut at = String::from(pointer);
            for segment in error.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => {
                        schema::push_token(&mut at, &index.to_string())
                    }
                    serde_path_to_error::Segment::Map { key } => schema::push_token(&mut at, key),
                    serde_path_to_error::Segment::Enum { variant } => {
                        schema::push_token(&mut at, variant)
                    }
                    serde_path_to_error::Segment::Unknown => {}
                }
            }
            errors.push(FieldError::new(at, "has an unexpected shape"));
            None
        }
    }
}

/// Reads and validates the parameters and body of one request.
#[derive(Debug)]
pub struct Decoder<'r> {
    descriptor: &'static OperationDescriptor,
    raw: &'r RawRequest,
    query: Option<Vec<Pair<'r>>>,
    cookies: Option<Vec<Pair<'r>>>,
    errors: Vec<FieldError>,
    rejection: Option<Problem>,
}

impl<'r> Decoder<'r> {
    /// A decoder for `raw` as a request of the described operation.
    pub fn new(descriptor: &'static OperationDescriptor, raw: &'r RawRequest) -> Self {
        Decoder {
            descriptor,
            raw,
            query: None,
            cookies: None,
            errors: Vec::new(),
            rejection: None,
        }
    }

    /// The invalid fields found so far.
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// A required parameter (`index` into the descriptor's parameters). `None` when it is
    /// missing or invalid; the reason is recorded.
    pub fn required<T: DeserializeOwned>(&mut self, index: usize) -> Option<T> {
        match self.optional(index) {
            Some(Some(value)) => Some(value),
            Some(None) => {
                let param = self.parameter(index)?;
                self.errors
                    .push(FieldError::new(pointer_of(param), "is required"));
                None
            }
            None => None,
        }
    }

    /// An optional parameter: `Some(None)` when absent, `None` when present but invalid.
    pub fn optional<T: DeserializeOwned>(&mut self, index: usize) -> Option<Option<T>> {
        let param = self.parameter(index)?;
        let pointer = pointer_of(param);
        match self.read_parameter(param, &pointer) {
            Read::Absent => Some(None),
            Read::Invalid => None,
            Read::Value(value) => finish(param.schema, value, &pointer, &mut self.errors).map(Some),
        }
    }

    /// An optional parameter with a default: the default when absent, `None` when invalid.
    pub fn defaulted<T: DeserializeOwned>(&mut self, index: usize) -> Option<T> {
        let param = self.parameter(index)?;
        let pointer = pointer_of(param);
        let value = match self.read_parameter(param, &pointer) {
            Read::Invalid => return None,
            Read::Value(value) => value,
            Read::Absent => match param.default.map(serde_json::from_str::<Value>) {
                Some(Ok(value)) => value,
                // The generator writes the default as JSON; this is a bug, reported as one.
                Some(Err(_)) | None => {
                    tracing::error!(
                        parameter = param.name,
                        "the parameter's default is unreadable"
                    );
                    self.errors.push(FieldError::new(pointer, "is required"));
                    return None;
                }
            },
        };
        finish(param.schema, value, &pointer, &mut self.errors)
    }

    fn parameter(&mut self, index: usize) -> Option<&'static Parameter> {
        let found = self.descriptor.parameters.get(index);
        if found.is_none() {
            self.errors.push(FieldError::new("", "unknown parameter"));
        }
        found
    }

    fn query_pairs(&mut self) -> &[Pair<'r>] {
        let raw = self.raw;
        self.query
            .get_or_insert_with(|| style::form_pairs(raw.query.as_deref().unwrap_or_default()))
    }

    fn cookie_pairs(&mut self) -> &[Pair<'r>] {
        let raw = self.raw;
        self.cookies.get_or_insert_with(|| {
            style::cookie_pairs(
                raw.headers
                    .get_all(http::header::COOKIE)
                    .iter()
                    .filter_map(|v| v.to_str().ok()),
            )
        })
    }

    fn path_segment(&self, param: &'static Parameter) -> Option<&'r str> {
        let position = self
            .descriptor
            .parameters
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
            .position(|p| std::ptr::eq(p, param))?;
        self.raw.path_params.get(position).map(String::as_str)
    }

    /// The field lines of a header parameter; an error when one is not text.
    fn header_lines(&mut self, name: &str, pointer: &str) -> Option<Vec<&'r str>> {
        let mut lines = Vec::new();
        for value in self.raw.headers.get_all(name) {
            match value.to_str() {
                Ok(text) => lines.push(text),
                Err(_) => {
                    self.errors
                        .push(FieldError::new(pointer, "is not valid text"));
                    return None;
                }
            }
        }
        Some(lines)
    }

    /// Reads a parameter's value from its location, in its style.
    fn read_parameter(&mut self, param: &'static Parameter, pointer: &str) -> Read {
        if param.content.is_some() {
            return self.read_content(param, pointer);
        }
        let spec = Spec {
            name: param.name,
            style: param.style,
            explode: param.explode,
            schema: param.schema,
        };
        match param.location {
            ParamLocation::Path => match self.path_segment(param) {
                Some(raw) => style::path(
                    spec,
                    raw,
                    &mut Sink {
                        pointer,
                        errors: &mut self.errors,
                    },
                ),
                None => Read::Absent,
            },
            ParamLocation::Header => match self.header_lines(param.name, pointer) {
                Some(lines) => style::header(
                    spec,
                    &lines,
                    &mut Sink {
                        pointer,
                        errors: &mut self.errors,
                    },
                ),
                None => Read::Invalid,
            },
            ParamLocation::Query => {
                let descriptor = self.descriptor;
                let claimed = |key: &str| {
                    descriptor.parameters.iter().any(|other| {
                        other.location == ParamLocation::Query
                            && !std::ptr::eq(other, param)
                            && claims(other, key)
                    })
                };
                let decoding = if param.allow_reserved {
                    Decoding::Percent
                } else {
                    Decoding::Form
                };
                self.query_pairs();
                let pairs = self.query.as_deref().unwrap_or_default();
                style::pairs(
                    spec,
                    pairs,
                    &claimed,
                    decoding,
                    Repeats::Reject,
                    param.allow_empty_value,
                    &mut Sink {
                        pointer,
                        errors: &mut self.errors,
                    },
                )
            }
            ParamLocation::Cookie => {
                let descriptor = self.descriptor;
                let claimed = |key: &str| {
                    descriptor.parameters.iter().any(|other| {
                        other.location == ParamLocation::Cookie
                            && !std::ptr::eq(other, param)
                            && claims(other, key)
                    })
                };
                self.cookie_pairs();
                let pairs = self.cookies.as_deref().unwrap_or_default();
                style::pairs(
                    spec,
                    pairs,
                    &claimed,
                    Decoding::Percent,
                    Repeats::First,
                    false,
                    &mut Sink {
                        pointer,
                        errors: &mut self.errors,
                    },
                )
            }
        }
    }

    /// A parameter described by `content`: its text, parsed as JSON.
    fn read_content(&mut self, param: &'static Parameter, pointer: &str) -> Read {
        let text: String = match param.location {
            ParamLocation::Path => match self.path_segment(param) {
                None => return Read::Absent,
                Some(raw) => match style::percent_decode(raw, false) {
                    Ok(text) => text.into_owned(),
                    Err(message) => return self.fail(pointer, message),
                },
            },
            ParamLocation::Header => match self.header_lines(param.name, pointer) {
                None => return Read::Invalid,
                Some(lines) if lines.is_empty() => return Read::Absent,
                Some(lines) => lines.join(", "),
            },
            ParamLocation::Query | ParamLocation::Cookie => {
                let (pairs, plus_is_space, first) = if param.location == ParamLocation::Query {
                    self.query_pairs();
                    (self.query.as_deref(), !param.allow_reserved, false)
                } else {
                    self.cookie_pairs();
                    (self.cookies.as_deref(), false, true)
                };
                let found: Vec<&str> = pairs
                    .unwrap_or_default()
                    .iter()
                    .filter(|p| p.key == param.name)
                    .map(|p| p.value)
                    .collect();
                let raw = match found.as_slice() {
                    [] => return Read::Absent,
                    [one] => *one,
                    [one, ..] if first => *one,
                    _ => return self.fail(pointer, "is given more than once"),
                };
                if param.allow_empty_value && raw.is_empty() {
                    return Read::Absent;
                }
                match style::percent_decode(raw, plus_is_space) {
                    Ok(text) => text.into_owned(),
                    Err(message) => return self.fail(pointer, message),
                }
            }
        };
        let is_json = param.content.is_some_and(media::is_json);
        if !is_json {
            return Read::Value(Value::String(text));
        }
        match serde_json::from_str(&text) {
            Ok(value) => Read::Value(value),
            Err(_) => self.fail(pointer, "is not valid JSON"),
        }
    }

    fn fail(&mut self, pointer: &str, message: impl Into<String>) -> Read {
        self.errors.push(FieldError::new(pointer, message));
        Read::Invalid
    }

    /// The request body: `read` decodes it as the media type (an index into the descriptor's
    /// `content`) that the request's `Content-Type` selects. `Some(None)` when the body is
    /// optional and absent; `None` when it is missing, invalid, or of a media type the operation
    /// does not accept (answered 415).
    pub fn body<T>(
        &mut self,
        read: impl FnOnce(&mut Self, usize) -> Option<T>,
    ) -> Option<Option<T>> {
        match self.select_media()? {
            None => Some(None),
            Some(index) => read(self, index).map(Some),
        }
    }

    fn select_media(&mut self) -> Option<Option<usize>> {
        let Some(body_spec) = self.descriptor.body else {
            return Some(None);
        };
        let raw = self.raw;
        let content_type = raw
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        if raw.body.is_empty() && content_type.is_none() {
            if body_spec.required {
                self.errors.push(FieldError::new("/body", "is required"));
                return None;
            }
            return Some(None);
        }
        let selected = match content_type {
            Some(ct) => media::select(body_spec.content.iter().map(|m| m.content_type), ct),
            // No Content-Type: accept when the operation takes exactly one media type.
            None if body_spec.content.len() == 1 => Some(0),
            None => None,
        };
        if selected.is_none() {
            let accepted: Vec<&str> = body_spec.content.iter().map(|m| m.content_type).collect();
            self.rejection = Some(
                Problem::new(StatusCode::UNSUPPORTED_MEDIA_TYPE).with_detail(format!(
                    "the body must be sent as {}",
                    accepted.join(" or ")
                )),
            );
        }
        selected.map(Some)
    }

    fn media(&mut self, index: usize) -> Option<&'static MediaType> {
        let media = self.descriptor.body.and_then(|b| b.content.get(index));
        if media.is_none() {
            self.errors
                .push(FieldError::new("/body", "unknown media type"));
        }
        media
    }

    /// The body as the value of its schema: JSON parsed, form pairs or multipart parts coerced
    /// per property, text as a string; validated, then deserialized into `T`.
    pub fn value<T: DeserializeOwned>(&mut self, index: usize) -> Option<T> {
        let media = self.media(index)?;
        let body = &self.raw.body;
        let value = match media.kind {
            BodyKind::Json => match serde_json::from_slice::<Value>(body) {
                Ok(value) => value,
                Err(error) => {
                    let message = format!(
                        "is not valid JSON ({} at line {}, column {})",
                        json_error_kind(&error),
                        error.line(),
                        error.column()
                    );
                    self.errors.push(FieldError::new("/body", message));
                    return None;
                }
            },
            BodyKind::Form => {
                let Ok(text) = std::str::from_utf8(body) else {
                    self.errors
                        .push(FieldError::new("/body", "is not valid UTF-8 text"));
                    return None;
                };
                let object = self.object_shape(media)?;
                let pairs = style::form_pairs(text);
                let (value, failed) = form_object(media, &object, &pairs, &mut self.errors);
                self.complete(media.schema, value, &failed)?
            }
            BodyKind::Multipart => {
                let parts = self.parts()?;
                let object = self.object_shape(media)?;
                let (value, failed) = multipart::object(media, &object, &parts, &mut self.errors);
                self.complete(media.schema, value, &failed)?
            }
            BodyKind::Text => Value::String(self.body_text()?),
            BodyKind::Binary => {
                self.errors
                    .push(FieldError::new("/body", "binary content has no JSON value"));
                return None;
            }
        };
        finish(media.schema, value, "/body", &mut self.errors)
    }

    /// `value` when every field was read; otherwise `None`, after adding what validating the
    /// fields that were read finds (not about the failed ones, already reported).
    fn complete(&mut self, schema: &Schema, value: Value, failed: &[String]) -> Option<Value> {
        if failed.is_empty() {
            return Some(value);
        }
        let mut found = Vec::new();
        schema::validate(schema, &value, "/body", &mut found);
        let about_failed = |pointer: &str| {
            failed.iter().any(|f| {
                pointer == f
                    || pointer
                        .strip_prefix(f.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
        };
        self.errors
            .extend(found.into_iter().filter(|e| !about_failed(&e.pointer)));
        None
    }

    fn object_shape(&mut self, media: &'static MediaType) -> Option<ObjectShape> {
        match style::shape(media.schema) {
            Shape::Object(object) => Some(object),
            Shape::Scalar(Schema::Any) => Some(ObjectShape {
                properties: Vec::new(),
                additional: Additional::Schema(&Schema::Any),
            }),
            _ => {
                self.errors.push(FieldError::new(
                    "/body",
                    "the body's schema is not an object",
                ));
                None
            }
        }
    }

    /// The parts of a multipart body.
    fn parts(&mut self) -> Option<Vec<multipart::Part>> {
        let content_type = self
            .raw
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let Some(boundary) = media::parameter(content_type, "boundary") else {
            self.errors.push(FieldError::new(
                "/body",
                "the multipart body has no boundary in its `Content-Type`",
            ));
            return None;
        };
        match multipart::parse(&self.raw.body, &boundary) {
            Ok(parts) => Some(parts),
            Err(message) => {
                self.errors.push(FieldError::new("/body", message));
                None
            }
        }
    }

    /// A multipart body with files, read into `T` field by field.
    pub fn multipart<T: FromMultipart>(&mut self, index: usize) -> Option<T> {
        let media = self.media(index)?;
        let parts = self.parts()?;
        let object = self.object_shape(media)?;
        let mut fields = multipart::Fields::new(media, object, parts, &mut self.errors);
        let value = T::from_multipart(&mut fields);
        fields.finish();
        value
    }

    /// The body as bytes.
    pub fn bytes(&mut self, index: usize) -> Option<Bytes> {
        self.media(index)?;
        Some(self.raw.body.clone())
    }

    /// The body as bytes with the media type the request declared (for media ranges such as
    /// `image/*`).
    pub fn typed_bytes(&mut self, index: usize) -> Option<media::TypedBytes> {
        self.media(index)?;
        let content_type = self
            .raw
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/octet-stream");
        Some(media::TypedBytes::new(content_type, self.raw.body.clone()))
    }

    /// The body as UTF-8 text, validated against the media type's (string) schema.
    pub fn text(&mut self, index: usize) -> Option<String> {
        let media = self.media(index)?;
        let text = self.body_text()?;
        let before = self.errors.len();
        schema::validate(
            media.schema,
            &Value::String(text.clone()),
            "/body",
            &mut self.errors,
        );
        (self.errors.len() == before).then_some(text)
    }

    fn body_text(&mut self) -> Option<String> {
        match std::str::from_utf8(&self.raw.body) {
            Ok(text) => Some(text.to_owned()),
            Err(_) => {
                self.errors
                    .push(FieldError::new("/body", "is not valid UTF-8 text"));
                None
            }
        }
    }
}

/// Whether query (or cookie) key `key` belongs to parameter `param`: its own name, a property of
/// an exploded `form` object, or a `name[...]` key of a `deepObject`.
fn claims(param: &Parameter, key: &str) -> bool {
    let spec = Spec {
        name: param.name,
        style: param.style,
        explode: param.explode,
        schema: param.schema,
    };
    spec_claims(spec, style::reads_brackets(&spec), key)
}

/// Whether `key` belongs to `spec`; `brackets` says whether it is read in bracket notation.
fn spec_claims(spec: Spec<'_>, brackets: bool, key: &str) -> bool {
    let named = |name: &str| {
        key == name
            || (brackets
                && key
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with('[')))
    };
    match spec.style {
        Style::Form | Style::SpaceDelimited | Style::PipeDelimited if spec.explode => {
            match style::shape(spec.schema) {
                Shape::Object(object) => {
                    key == spec.name || object.properties.iter().any(|p| named(p.name))
                }
                _ => named(spec.name),
            }
        }
        _ => named(spec.name),
    }
}

/// How a form-body property is read.
fn form_spec(media: &'static MediaType, name: &'static str, schema: &'static Schema) -> FormRead {
    let encoding = media.encoding_of(name);
    if let Some(serialization) = encoding.and_then(|e| e.serialization) {
        return FormRead::Styled(Spec {
            name,
            style: serialization.style,
            explode: serialization.explode,
            schema,
        });
    }
    let json = encoding
        .and_then(|e| e.content_type)
        .is_some_and(|content_type| content_type.split(',').any(media::is_json));
    // Scalars and arrays of scalars are `name=value` pairs; anything else is read in bracket
    // notation (`meta[level]=1`), or as JSON text when it comes as one value (`meta={...}`).
    let scalars = style::is_flat_member(schema);
    let spec = Spec {
        name,
        style: if scalars {
            Style::Form
        } else {
            Style::DeepObject
        },
        explode: true,
        schema,
    };
    if json {
        FormRead::Json(spec)
    } else {
        FormRead::Styled(spec)
    }
}

enum FormRead {
    /// Like a query parameter (objects and nested values in bracket notation).
    Styled(Spec<'static>),
    /// Values are JSON text, as the property's `contentType` says.
    Json(Spec<'static>),
}

/// The JSON object of a form body: every declared property read in its encoding, undeclared
/// keys typed by `additionalProperties` (or rejected when it is `false`). Also the pointers of
/// the fields that could not be read (their errors are recorded).
fn form_object(
    media: &'static MediaType,
    object: &ObjectShape,
    pairs: &[Pair<'_>],
    errors: &mut Vec<FieldError>,
) -> (Value, Vec<String>) {
    let reads: Vec<FormRead> = object
        .properties
        .iter()
        .map(|p| form_spec(media, p.name, p.schema))
        .collect();
    let spec_of = |read: &FormRead| match read {
        FormRead::Styled(spec) | FormRead::Json(spec) => *spec,
    };
    let claimants: Vec<(Spec<'static>, bool)> = reads
        .iter()
        .map(|read| {
            let spec = spec_of(read);
            let brackets = matches!(read, FormRead::Styled(_)) && style::reads_brackets(&spec);
            (spec, brackets)
        })
        .collect();
    let claimed_by_any = |key: &str| {
        claimants
            .iter()
            .any(|(spec, brackets)| spec_claims(*spec, *brackets, key))
    };
    let mut map = Map::new();
    let mut failed = Vec::new();
    for read in &reads {
        let spec = spec_of(read);
        let mut pointer = String::from("/body");
        schema::push_token(&mut pointer, spec.name);
        let mut sink = Sink {
            pointer: &pointer,
            errors: &mut *errors,
        };
        let outcome = match read {
            FormRead::Styled(spec) => {
                let claimed = |key: &str| {
                    claimants.iter().any(|(other, brackets)| {
                        other.name != spec.name && spec_claims(*other, *brackets, key)
                    })
                };
                style::pairs(
                    *spec,
                    pairs,
                    &claimed,
                    Decoding::Form,
                    Repeats::Reject,
                    false,
                    &mut sink,
                )
            }
            FormRead::Json(spec) => json_pairs(*spec, pairs, &mut sink),
        };
        match outcome {
            Read::Value(value) => {
                map.insert(spec.name.to_owned(), value);
            }
            Read::Absent => {}
            Read::Invalid => failed.push(pointer),
        }
    }
    // Keys no property claims, by name; with a nested `additionalProperties` schema, by the name
    // before their brackets.
    let nested_values = match object.additional {
        Additional::Schema(values) => !style::is_flat_member(values),
        Additional::Allow | Additional::Deny => false,
    };
    let groups = brackets::group(
        pairs,
        |key| {
            if nested_values {
                brackets::base_name(key)
            } else {
                key
            }
        },
        |key| !claimed_by_any(key),
    );
    for (name, group) in groups {
        let mut pointer = String::from("/body");
        schema::push_token(&mut pointer, name);
        match object.additional {
            Additional::Allow => {}
            Additional::Deny => {
                errors.push(FieldError::new(&pointer, "is not an allowed property"));
                failed.push(pointer);
            }
            Additional::Schema(schema) => {
                let mut sink = Sink {
                    pointer: &pointer,
                    errors: &mut *errors,
                };
                let read = if nested_values {
                    let options = brackets::Options {
                        decoding: Decoding::Form,
                        delimiter: None,
                        allow_empty: false,
                    };
                    brackets::read(name, schema, group, options, &mut sink)
                } else {
                    let spec = Spec {
                        name,
                        style: Style::Form,
                        explode: true,
                        schema,
                    };
                    let group: Vec<Pair<'_>> = group.into_iter().cloned().collect();
                    style::pairs(
                        spec,
                        &group,
                        &|_| true,
                        Decoding::Form,
                        Repeats::Reject,
                        false,
                        &mut sink,
                    )
                };
                match read {
                    Read::Value(value) => {
                        map.insert(name.to_owned(), value);
                    }
                    Read::Absent => {}
                    Read::Invalid => failed.push(pointer),
                }
            }
        }
    }
    (Value::Object(map), failed)
}

/// A form-body property whose values are JSON text: one value, or one per array item (a single
/// value that is a JSON array is the whole array).
fn json_pairs(spec: Spec<'_>, pairs: &[Pair<'_>], sink: &mut Sink<'_>) -> Read {
    let values: Vec<&str> = pairs
        .iter()
        .filter(|p| p.key == spec.name)
        .map(|p| p.value)
        .collect();
    let parse = |raw: &str| -> Result<Value, String> {
        let text = style::percent_decode(raw, true)?;
        serde_json::from_str(&text).map_err(|_| "is not valid JSON".to_owned())
    };
    let is_array = matches!(style::shape(spec.schema), Shape::Array(_));
    match values.as_slice() {
        [] => Read::Absent,
        [one] => match parse(one) {
            Ok(value @ Value::Array(_)) if is_array => Read::Value(value),
            Ok(value) if is_array => Read::Value(Value::Array(vec![value])),
            Ok(value) => Read::Value(value),
            Err(message) => {
                sink.errors.push(FieldError::new(sink.pointer, message));
                Read::Invalid
            }
        },
        many if is_array => {
            let mut items = Vec::with_capacity(many.len());
            for (index, raw) in many.iter().enumerate() {
                match parse(raw) {
                    Ok(value) => items.push(value),
                    Err(message) => {
                        let mut at = sink.pointer.to_owned();
                        schema::push_token(&mut at, &index.to_string());
                        sink.errors.push(FieldError::new(at, message));
                        return Read::Invalid;
                    }
                }
            }
            Read::Value(Value::Array(items))
        }
        _ => {
            sink.errors
                .push(FieldError::new(sink.pointer, "is given more than once"));
            Read::Invalid
        }
    }
}

fn pointer_of(param: &Parameter) -> String {
    let mut pointer = format!("/{}", param.location.as_str());
    schema::push_token(&mut pointer, param.name);
    pointer
}

fn json_error_kind(error: &serde_json::Error) -> &'static str {
    match error.classify() {
        serde_json::error::Category::Eof => "unexpected end of input",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "unexpected data",
        serde_json::error::Category::Io => "read error",
    }
}

/// Whether the request's `Content-Type` header falls in the spec's media range.
pub fn media_type_matches(range: &str, header: &str) -> bool {
    media::matches(range, header)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::descriptor::{Encoding, Serialization};
    use crate::schema::{ObjectRules, Property, INTEGER as INT, STRING as STR};

    static INTS: Schema = Schema::array(&INT);
    static LEVEL: Schema = Schema::Object(ObjectRules {
        properties: &[Property {
            name: "level",
            schema: &INT,
            required: false,
        }],
        additional: Additional::Allow,
        min_properties: None,
        max_properties: None,
    });
    static FORM: Schema = Schema::Object(ObjectRules {
        properties: &[
            Property {
                name: "name",
                schema: &STR,
                required: true,
            },
            Property {
                name: "ids",
                schema: &INTS,
                required: false,
            },
            Property {
                name: "json_ids",
                schema: &INTS,
                required: false,
            },
            Property {
                name: "quoted",
                schema: &STR,
                required: false,
            },
            Property {
                name: "meta",
                schema: &LEVEL,
                required: false,
            },
            Property {
                name: "level",
                schema: &LEVEL,
                required: false,
            },
        ],
        additional: Additional::Deny,
        min_properties: None,
        max_properties: None,
    });
    static MEDIA: MediaType = MediaType {
        content_type: "application/x-www-form-urlencoded",
        kind: BodyKind::Form,
        schema: &FORM,
        encoding: &[
            Encoding {
                property: "ids",
                content_type: None,
                serialization: Some(Serialization {
                    style: Style::PipeDelimited,
                    explode: false,
                    allow_reserved: false,
                }),
            },
            Encoding {
                property: "json_ids",
                content_type: Some("application/json"),
                serialization: None,
            },
            Encoding {
                property: "quoted",
                content_type: Some("text/plain, application/json"),
                serialization: None,
            },
            Encoding {
                property: "level",
                content_type: None,
                serialization: Some(Serialization {
                    style: Style::Form,
                    explode: true,
                    allow_reserved: false,
                }),
            },
        ],
    };

    fn form(text: &str) -> (Value, Vec<String>, Vec<(String, String)>) {
        let style::Shape::Object(object) = style::shape(MEDIA.schema) else {
            panic!("an object schema");
        };
        let mut errors = Vec::new();
        let (value, failed) = form_object(&MEDIA, &object, &style::form_pairs(text), &mut errors);
        let errors = errors.into_iter().map(|e| (e.pointer, e.message)).collect();
        (value, failed, errors)
    }

    #[test]
    fn form_bodies_follow_their_encodings() {
        let (value, failed, errors) = form(
            "name=a+b&ids=1%7C2&json_ids=%5B3%2C4%5D&quoted=%22q%22&meta=%7B%22level%22%3A1%7D&level=5",
        );
        assert_eq!((failed, errors), (Vec::new(), Vec::new()));
        assert_eq!(
            value,
            json!({
                "name": "a b", "ids": [1, 2], "json_ids": [3, 4], "quoted": "q",
                "meta": {"level": 1}, "level": {"level": 5},
            }),
            "pipe-delimited by its encoding, JSON by its content type, an object as JSON by \
             default, an exploded form object from its properties' keys"
        );
    }

    #[test]
    fn nested_form_properties_read_in_bracket_notation() {
        let (value, failed, errors) = form("name=a&meta[level]=2&json_ids=%5B1%5D");
        assert_eq!((failed, errors), (Vec::new(), Vec::new()));
        assert_eq!(
            value,
            json!({"name": "a", "meta": {"level": 2}, "json_ids": [1]})
        );
        let (_, failed, errors) = form("name=a&meta[level]=2&meta[level][x]=3&meta[]=4");
        assert_eq!(failed, ["/body/meta"]);
        assert_eq!(
            errors,
            [(
                "/body/meta/level".to_owned(),
                "is given both as a value and with `[...]` keys".to_owned()
            )]
        );
        let (_, failed, errors) = form("name=a&meta[level]=x&ids[0]=1");
        assert_eq!(failed, ["/body/meta", "/body/ids[0]"]);
        assert_eq!(
            errors,
            [
                (
                    "/body/meta/level".to_owned(),
                    "expected an integer".to_owned()
                ),
                (
                    "/body/ids[0]".to_owned(),
                    "is not an allowed property".to_owned()
                ),
            ],
            "a pipe-delimited array takes no brackets"
        );
    }

    #[test]
    fn form_body_errors_name_their_fields() {
        let (_, failed, errors) = form("ids=1|x&json_ids=%5B&meta=nope&other=1&name=x&name=y");
        assert_eq!(
            failed,
            [
                "/body/name",
                "/body/ids",
                "/body/json_ids",
                "/body/meta",
                "/body/other"
            ]
        );
        assert_eq!(
            errors,
            [
                (
                    "/body/name".to_owned(),
                    "is given more than once".to_owned()
                ),
                ("/body/ids/1".to_owned(), "expected an integer".to_owned()),
                ("/body/json_ids".to_owned(), "is not valid JSON".to_owned()),
                ("/body/meta".to_owned(), "is not valid JSON".to_owned()),
                (
                    "/body/other".to_owned(),
                    "is not an allowed property".to_owned()
                ),
            ]
        );
    }
}
