//! Decoding a raw HTTP request into an operation's typed request.
//!
//! Generated request types implement [`FromRequest`] by asking a [`Decoder`] for each parameter
//! and the body. The decoder reads each value from its location, coerces text to the schema's
//! types, validates it against the static schema and deserializes it. It keeps going after an
//! error, so one answer lists every invalid field; [`decode`] turns them into one 400 problem.

use std::borrow::Cow;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::descriptor::{BodyKind, MediaType, OperationDescriptor, ParamLocation, Parameter};
use crate::problem::{FieldError, Problem};
use crate::schema::{self, Schema};

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

/// Reads and validates the parameters and body of one request.
#[derive(Debug)]
pub struct Decoder<'r> {
    descriptor: &'static OperationDescriptor,
    raw: &'r RawRequest,
    query: Option<Vec<QueryPair<'r>>>,
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
        let value = match self.read_parameter(param) {
            Ok(Some(value)) => value,
            Ok(None) => return Some(None),
            Err(message) => {
                self.errors.push(FieldError::new(pointer, message));
                return None;
            }
        };
        self.finish_value(param.schema, value, &pointer).map(Some)
    }

    fn parameter(&mut self, index: usize) -> Option<&'static Parameter> {
        let found = self.descriptor.parameters.get(index);
        if found.is_none() {
            self.errors.push(FieldError::new("", "unknown parameter"));
        }
        found
    }

    fn finish_value<T: DeserializeOwned>(
        &mut self,
        schema: &Schema,
        value: Value,
        pointer: &str,
    ) -> Option<T> {
        let before = self.errors.len();
        schema::validate(schema, &value, pointer, &mut self.errors);
        if self.errors.len() > before {
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
                        serde_path_to_error::Segment::Map { key } => {
                            schema::push_token(&mut at, key)
                        }
                        serde_path_to_error::Segment::Enum { variant } => {
                            schema::push_token(&mut at, variant)
                        }
                        serde_path_to_error::Segment::Unknown => {}
                    }
                }
                self.errors
                    .push(FieldError::new(at, "has an unexpected shape"));
                None
            }
        }
    }

    /// Reads the raw textual values of a parameter and turns them into JSON.
    fn read_parameter(&mut self, param: &'static Parameter) -> Result<Option<Value>, String> {
        let values: Vec<Cow<'_, str>> = match param.location {
            ParamLocation::Path => {
                let position = self
                    .descriptor
                    .parameters
                    .iter()
                    .filter(|p| p.location == ParamLocation::Path)
                    .position(|p| std::ptr::eq(p, param));
                match position.and_then(|i| self.raw.path_params.get(i)) {
                    Some(raw) => vec![percent_decode(raw, false)?],
                    None => Vec::new(),
                }
            }
            ParamLocation::Query => {
                let raw = self.raw;
                let pairs = self
                    .query
                    .get_or_insert_with(|| parse_query(raw.query.as_deref()));
                let mut found = Vec::new();
                for (key, value) in pairs.iter() {
                    if key == param.name {
                        found.push(value.clone()?);
                    }
                }
                found
            }
            ParamLocation::Header => {
                let mut found = Vec::new();
                for value in self.raw.headers.get_all(param.name) {
                    let text = value.to_str().map_err(|_| "is not valid text".to_owned())?;
                    found.push(Cow::Borrowed(text));
                }
                found
            }
            ParamLocation::Cookie => {
                let mut found = Vec::new();
                for header in self.raw.headers.get_all(http::header::COOKIE) {
                    let text = header
                        .to_str()
                        .map_err(|_| "is not valid text".to_owned())?;
                    for pair in text.split(';') {
                        if let Some((name, value)) = pair.trim().split_once('=') {
                            if name == param.name {
                                found.push(percent_decode(value, false)?);
                            }
                        }
                    }
                }
                found
            }
        };
        if values.is_empty() {
            return Ok(None);
        }
        let schema = match param.schema {
            Schema::Nullable(inner) => inner,
            other => other,
        };
        match schema {
            Schema::Array(rules) => {
                let explode = param.explode && param.location == ParamLocation::Query;
                let items: Vec<&str> = if explode {
                    values.iter().map(|v| v.as_ref()).collect()
                } else {
                    values.iter().flat_map(|v| v.split(',')).collect()
                };
                let mut array = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let coerced =
                        schema::coerce(rules.items, item).map_err(|m| format!("item {i}: {m}"))?;
                    array.push(coerced);
                }
                Ok(Some(Value::Array(array)))
            }
            _ => schema::coerce(schema, &values[0]).map(Some),
        }
    }

    /// The request body as JSON, deserialized into `T`; `Some(None)` when the body is optional
    /// and absent.
    pub fn json_body<T: DeserializeOwned>(&mut self) -> Option<Option<T>> {
        let (media, body) = self.body_of_kind(BodyKind::Json)?;
        let Some(media) = media else {
            return Some(None);
        };
        let value: Value = match serde_json::from_slice(body) {
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
        };
        self.finish_value(media.schema, value, "/body").map(Some)
    }

    /// The request body as bytes; `Some(None)` when optional and absent.
    pub fn binary_body(&mut self) -> Option<Option<Bytes>> {
        let (media, _) = self.body_of_kind(BodyKind::Binary)?;
        Some(media.map(|_| self.raw.body.clone()))
    }

    /// The request body as UTF-8 text; `Some(None)` when optional and absent.
    pub fn text_body(&mut self) -> Option<Option<String>> {
        let (media, body) = self.body_of_kind(BodyKind::Text)?;
        if media.is_none() {
            return Some(None);
        }
        match std::str::from_utf8(body) {
            Ok(text) => Some(Some(text.to_owned())),
            Err(_) => {
                self.errors
                    .push(FieldError::new("/body", "is not valid UTF-8 text"));
                None
            }
        }
    }

    /// Checks presence and content type of the body. `Some((None, _))`: absent and optional.
    fn body_of_kind(&mut self, kind: BodyKind) -> Option<(Option<&'static MediaType>, &'r [u8])> {
        let body_spec = self.descriptor.body?;
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
            return Some((None, &raw.body));
        }
        let candidates = body_spec.content.iter().filter(|m| m.kind == kind);
        let matched = match content_type {
            Some(ct) => candidates
                .clone()
                .find(|m| media_type_matches(m.content_type, ct)),
            // No Content-Type: accept when the operation takes exactly one media type.
            None if body_spec.content.len() == 1 => body_spec.content.first(),
            None => None,
        };
        match matched {
            Some(media) => Some((Some(media), &raw.body)),
            None => {
                let accepted: Vec<&str> =
                    body_spec.content.iter().map(|m| m.content_type).collect();
                self.rejection = Some(
                    Problem::new(StatusCode::UNSUPPORTED_MEDIA_TYPE).with_detail(format!(
                        "the body must be sent as {}",
                        accepted.join(" or ")
                    )),
                );
                None
            }
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
    let essence = header.split(';').next().unwrap_or_default().trim();
    let range = range.split(';').next().unwrap_or_default().trim();
    if range == "*/*" || range.eq_ignore_ascii_case(essence) {
        return true;
    }
    match range.strip_suffix("/*") {
        Some(kind) => essence
            .split_once('/')
            .is_some_and(|(k, _)| k.eq_ignore_ascii_case(kind)),
        None => false,
    }
}

fn percent_decode(raw: &str, plus_as_space: bool) -> Result<Cow<'_, str>, String> {
    let replaced: Cow<'_, str> = if plus_as_space && raw.contains('+') {
        Cow::Owned(raw.replace('+', " "))
    } else {
        Cow::Borrowed(raw)
    };
    if !replaced.contains('%') {
        return Ok(replaced);
    }
    let decoded = percent_encoding::percent_decode_str(&replaced)
        .decode_utf8()
        .map_err(|_| "is not valid UTF-8 once percent-decoded".to_owned())?;
    Ok(Cow::Owned(decoded.into_owned()))
}

/// A decoded query pair; the value is an error message when it is not valid UTF-8.
type QueryPair<'q> = (Cow<'q, str>, Result<Cow<'q, str>, String>);

fn parse_query(query: Option<&str>) -> Vec<QueryPair<'_>> {
    let Some(query) = query else {
        return Vec::new();
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            // A key that is not valid UTF-8 once decoded cannot name any parameter.
            Some((percent_decode(key, true).ok()?, percent_decode(value, true)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_ranges() {
        assert!(media_type_matches(
            "application/json",
            "application/json; charset=utf-8"
        ));
        assert!(media_type_matches("image/*", "image/png"));
        assert!(media_type_matches("*/*", "text/plain"));
        assert!(!media_type_matches("application/json", "text/plain"));
    }

    #[test]
    fn query_parsing_decodes() {
        let pairs = parse_query(Some("a=1&b=x+y&c=%2F&&d&e=%FF&%FF=1"));
        let flat: Vec<(&str, Result<&str, ()>)> = pairs
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_deref().map_err(|_| ())))
            .collect();
        assert_eq!(
            flat,
            [
                ("a", Ok("1")),
                ("b", Ok("x y")),
                ("c", Ok("/")),
                ("d", Ok("")),
                ("e", Err(()))
            ]
        );
    }
}
