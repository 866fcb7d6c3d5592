//! HTTP events both ways: an API Gateway (v1, v2), ALB or Function URL event becomes a
//! [`BufferedRequest`], and a response becomes the JSON that the same source expects back.

use std::borrow::Cow;

use base64::Engine as _;
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, CONTENT_ENCODING, CONTENT_TYPE, COOKIE, SET_COOKIE};
use http::{HeaderMap, Method, StatusCode};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::event::{Event, MultiPairs, Pairs, Source, Text};
use crate::response::HttpResponse;
use crate::service::BufferedRequest;
use crate::Problem;

/// How paths are read from HTTP events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathConfig {
    /// Remove a named stage (`/Prod`) in front of a payload 2.0 `rawPath` (default `true`). REST
    /// API (v1) paths never carry the stage.
    pub strip_stage: bool,
    /// A prefix to remove from every path, e.g. the base path of a custom domain mapping
    /// (`/api`), which REST APIs leave in `path`. Empty for none.
    pub base_path: String,
}

impl Default for PathConfig {
    fn default() -> Self {
        PathConfig {
            strip_stage: true,
            base_path: String::new(),
        }
    }
}

/// The characters a decoded v1 query name or value must have escaped to be read back as itself.
const QUERY_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The characters to escape in a path delivered decoded (REST API paths may hold spaces).
const PATH: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Builds the request that an HTTP event carries. `source` must be one of the HTTP sources of
/// [`Event::source`]; `buffer` is the buffer the event was read from, so that header values and
/// the body borrowed from it are shared rather than copied. A body that is not valid base64
/// although flagged so answers a 400 problem.
pub fn request(
    event: &Event<'_>,
    buffer: &Bytes,
    source: Source,
    config: &PathConfig,
) -> Result<BufferedRequest, Problem> {
    let shared = Shared(buffer);
    let method = match source {
        Source::ApiGatewayV2 => event
            .request_context
            .as_ref()
            .and_then(|context| context.http.as_ref())
            .and_then(|http| http.method.as_ref()),
        _ => event.http_method.as_ref().or_else(|| {
            event
                .request_context
                .as_ref()
                .and_then(|context| context.http_method.as_ref())
        }),
    };
    let method = method
        .and_then(|method| Method::from_bytes(method.as_str().as_bytes()).ok())
        .ok_or_else(|| Problem::new(StatusCode::BAD_REQUEST).with_detail("invalid method"))?;
    let path = path(event, source, config);
    let query = match source {
        Source::ApiGatewayV2 => event
            .raw_query_string
            .as_ref()
            .filter(|query| !query.as_str().is_empty())
            .map(|query| query.as_str().to_owned()),
        Source::Alb { .. } => query(event, false),
        _ => query(event, true),
    };
    let mut headers = HeaderMap::with_capacity(
        event.headers.as_ref().map_or(0, |h| h.0.len())
            + event.multi_value_headers.as_ref().map_or(0, |h| h.0.len()),
    );
    if let Some(multi) = &event.multi_value_headers {
        for (name, values) in &multi.0 {
            let Ok(name) = HeaderName::from_bytes(name.as_str().as_bytes()) else {
                continue;
            };
            for value in values {
                if let Some(value) = shared.header_value(value) {
                    headers.append(name.clone(), value);
                }
            }
        }
    }
    if let Some(single) = &event.headers {
        let had_multi = event.multi_value_headers.is_some();
        for (name, value) in &single.0 {
            let Ok(name) = HeaderName::from_bytes(name.as_str().as_bytes()) else {
                continue;
            };
            // The single map repeats the last value of each multi-value header: read it only
            // for names the multi-value map does not have.
            if had_multi && headers.contains_key(&name) {
                continue;
            }
            if let Some(value) = shared.header_value(value) {
                headers.append(name, value);
            }
        }
    }
    if let Some(cookies) = event.cookies.as_ref().filter(|c| !c.is_empty()) {
        // Function URLs send the cookies both in `cookies` and in a `cookie` header: the list
        // is the whole truth, so it replaces the header.
        let joined = join(cookies.iter().map(Text::as_str), "; ");
        if let Ok(value) = HeaderValue::from_str(&joined) {
            headers.insert(COOKIE, value);
        }
    }
    let body = match &event.body {
        None => Bytes::new(),
        Some(body) if event.is_base64_encoded == Some(true) => {
            match base64::engine::general_purpose::STANDARD.decode(body.as_str()) {
                Ok(bytes) => Bytes::from(bytes),
                Err(_) => {
                    return Err(Problem::new(StatusCode::BAD_REQUEST)
                        .with_detail("the body is marked base64 but is not valid base64"))
                }
            }
        }
        Some(body) => shared.bytes(body),
    };
    Ok(BufferedRequest {
        method,
        path,
        query,
        headers,
        body,
    })
}

/// The event's buffer: text borrowed from it becomes a shared slice instead of a copy.
struct Shared<'b>(&'b Bytes);

impl Shared<'_> {
    fn bytes(&self, text: &Text<'_>) -> Bytes {
        match &text.0 {
            Cow::Borrowed(borrowed) if within(self.0, borrowed.as_bytes()) => {
                self.0.slice_ref(borrowed.as_bytes())
            }
            _ => Bytes::copy_from_slice(text.as_str().as_bytes()),
        }
    }

    fn header_value(&self, text: &Text<'_>) -> Option<HeaderValue> {
        HeaderValue::from_maybe_shared(self.bytes(text)).ok()
    }
}

/// Whether `part` lies inside `whole` (so that `Bytes::slice_ref` may take it).
fn within(whole: &Bytes, part: &[u8]) -> bool {
    let start = whole.as_ptr() as usize;
    let at = part.as_ptr() as usize;
    at >= start && at + part.len() <= start + whole.len()
}

fn path(event: &Event<'_>, source: Source, config: &PathConfig) -> String {
    let raw = match source {
        Source::ApiGatewayV2 => event.raw_path.as_ref(),
        _ => event.path.as_ref(),
    }
    .map_or("/", Text::as_str);
    let mut path = raw;
    if source == Source::ApiGatewayV2 && config.strip_stage {
        let stage = event
            .request_context
            .as_ref()
            .and_then(|context| context.stage.as_ref())
            .map(Text::as_str)
            .filter(|stage| !stage.is_empty() && *stage != "$default");
        if let Some(stage) = stage {
            path = strip_segment_prefix(path, stage);
        }
    }
    if !config.base_path.is_empty() {
        path = strip_segment_prefix(path, config.base_path.trim_matches('/'));
    }
    if path.is_empty() {
        path = "/";
    }
    // REST API and ALB paths arrive decoded; v2 `rawPath` too in practice (a space arrives as a
    // space). Escape what cannot stand in a path; `%` is left alone since it is ambiguous.
    utf8_percent_encode(path, PATH).to_string()
}

/// `path` without a leading `/{prefix}` that is a whole segment.
fn strip_segment_prefix<'p>(path: &'p str, prefix: &str) -> &'p str {
    if prefix.is_empty() {
        return path;
    }
    match path
        .strip_prefix('/')
        .and_then(|rest| rest.strip_prefix(prefix))
    {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => path,
    }
}

/// The query string of a v1 or ALB event, from the multi-value map when there is one. v1 values
/// arrive decoded (`encode`); ALB values arrive as sent and are passed on as they are.
fn query(event: &Event<'_>, encode: bool) -> Option<String> {
    let mut out = String::new();
    let mut push = |name: &str, value: &str| {
        if !out.is_empty() {
            out.push('&');
        }
        if encode {
            out.extend(utf8_percent_encode(name, QUERY_COMPONENT));
            out.push('=');
            out.extend(utf8_percent_encode(value, QUERY_COMPONENT));
        } else {
            out.push_str(name);
            out.push('=');
            out.push_str(value);
        }
    };
    match (
        &event.multi_value_query_string_parameters,
        &event.query_string_parameters,
    ) {
        (Some(MultiPairs(multi)), _) if !multi.is_empty() => {
            for (name, values) in multi {
                for value in values {
                    push(name.as_str(), value.as_str());
                }
            }
        }
        (_, Some(Pairs(single))) => {
            for (name, value) in single {
                push(name.as_str(), value.as_str());
            }
        }
        _ => {}
    }
    (!out.is_empty()).then_some(out)
}

fn join<'s>(mut parts: impl Iterator<Item = &'s str>, separator: &str) -> String {
    let mut out = String::new();
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        out.push_str(separator);
        out.push_str(part);
    }
    out
}

/// Whether a response body of this `Content-Type` is sent as text (else base64): `text/*`, JSON,
/// XML, YAML, JavaScript, form data and their `+json`/`+xml`/`+yaml` relatives. The generated
/// responses carry the spec's content types, so the spec decides which responses are binary.
pub fn is_text_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("text/")
        || matches!(
            essence.as_str(),
            "application/json"
                | "application/javascript"
                | "application/xml"
                | "application/yaml"
                | "application/x-yaml"
                | "application/x-www-form-urlencoded"
                | "application/graphql"
        )
        || essence.ends_with("+json")
        || essence.ends_with("+xml")
        || essence.ends_with("+yaml")
}

/// The body as the JSON string of a Lambda response and whether it is base64: base64 when the
/// response is compressed, of a binary content type, or not valid UTF-8.
fn body_text<'b>(headers: &HeaderMap, body: &'b [u8]) -> (Cow<'b, str>, bool) {
    let binary_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| !is_text_type(ct));
    if !binary_type && !headers.contains_key(CONTENT_ENCODING) {
        if let Ok(text) = std::str::from_utf8(body) {
            return (Cow::Borrowed(text), false);
        }
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(body);
    (Cow::Owned(encoded), true)
}

/// Encodes `response` as the response JSON of `source`: v1 puts every header in
/// `multiValueHeaders` (API Gateway would merge a `headers` map into it and duplicate values); v2
/// puts `Set-Cookie` values in `cookies` and joins other repeated headers with commas; ALB
/// answers in the mode of the request, with a `statusDescription`.
pub async fn encode(source: Source, response: HttpResponse) -> Vec<u8> {
    let (parts, body) = response.into_parts();
    let body = body.collect_bytes().await;
    encode_parts(source, parts.status, &parts.headers, &body)
}

/// [`encode`] on a response already split into its parts.
pub fn encode_parts(
    source: Source,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Vec<u8> {
    let (text, base64) = body_text(headers, body);
    let mut out = Vec::with_capacity(text.len() + 64 + headers.len() * 48);
    out.extend_from_slice(b"{\"statusCode\":");
    out.extend_from_slice(status.as_str().as_bytes());
    match source {
        Source::ApiGatewayV2 => {
            out.extend_from_slice(b",\"headers\":{");
            let mut first = true;
            for name in headers.keys() {
                if name == SET_COOKIE {
                    continue;
                }
                comma(&mut out, &mut first);
                json_str(&mut out, name.as_str());
                out.push(b':');
                let mut values = headers.get_all(name).iter().map(value_str);
                let joined = match (values.next(), values.next()) {
                    (Some(one), None) => one.into_owned(),
                    (one, two) => {
                        let rest = one.into_iter().chain(two).chain(values);
                        let all: Vec<_> = rest.collect();
                        join(all.iter().map(|v| v.as_ref()), ",")
                    }
                };
                json_str(&mut out, &joined);
            }
            out.extend_from_slice(b"},\"cookies\":[");
            let mut first = true;
            for value in headers.get_all(SET_COOKIE) {
                comma(&mut out, &mut first);
                json_str(&mut out, &value_str(value));
            }
            out.push(b']');
        }
        Source::Alb { multi: false } => {
            status_description(&mut out, status);
            out.extend_from_slice(b",\"headers\":{");
            let mut first = true;
            for name in headers.keys() {
                // One value per name in this mode: the last one, as the single map of a
                // request holds it.
                if let Some(value) = headers.get_all(name).iter().next_back() {
                    comma(&mut out, &mut first);
                    json_str(&mut out, name.as_str());
                    out.push(b':');
                    json_str(&mut out, &value_str(value));
                }
            }
            out.push(b'}');
        }
        _ => {
            if matches!(source, Source::Alb { .. }) {
                status_description(&mut out, status);
            }
            out.extend_from_slice(b",\"multiValueHeaders\":{");
            let mut first = true;
            for name in headers.keys() {
                comma(&mut out, &mut first);
                json_str(&mut out, name.as_str());
                out.extend_from_slice(b":[");
                let mut first_value = true;
                for value in headers.get_all(name) {
                    comma(&mut out, &mut first_value);
                    json_str(&mut out, &value_str(value));
                }
                out.push(b']');
            }
            out.push(b'}');
        }
    }
    out.extend_from_slice(b",\"body\":");
    json_str(&mut out, &text);
    out.extend_from_slice(if base64 {
        b",\"isBase64Encoded\":true}"
    } else {
        b",\"isBase64Encoded\":false}"
    });
    out
}

fn status_description(out: &mut Vec<u8>, status: StatusCode) {
    out.extend_from_slice(b",\"statusDescription\":");
    let description = format!(
        "{} {}",
        status.as_str(),
        status.canonical_reason().unwrap_or("Unknown")
    );
    json_str(out, &description);
}

fn comma(out: &mut Vec<u8>, first: &mut bool) {
    if !*first {
        out.push(b',');
    }
    *first = false;
}

fn value_str(value: &HeaderValue) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(value.as_bytes())
}

/// Writes `text` as a JSON string.
pub(crate) fn json_str(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 0xf)]);
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_escape_quotes_backslashes_and_controls() {
        let mut out = Vec::new();
        json_str(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(String::from_utf8_lossy(&out), r#""a\"b\\c\nd\u0001é""#);
        let parsed: String = serde_json::from_slice(&out).expect("valid JSON");
        assert_eq!(parsed, "a\"b\\c\nd\u{1}é");
    }

    #[test]
    fn header_values_and_bodies_share_the_event_buffer() {
        let buffer = Bytes::from_static(
            br#"{"version":"2.0","rawPath":"/x","rawQueryString":"","headers":{"x-a":"1","x-b":"a\"b"},
                "requestContext":{"http":{"method":"POST"}},"body":"hello","isBase64Encoded":false}"#,
        );
        let event = crate::platform::aws::event::parse(&buffer).expect("valid");
        let request = request(
            &event,
            &buffer,
            Source::ApiGatewayV2,
            &PathConfig::default(),
        )
        .expect("a request");
        assert!(
            within(&buffer, &request.body),
            "the body is a slice of the event"
        );
        assert_eq!(request.body.as_ref(), b"hello");
        let plain = request.headers.get("x-a").expect("x-a");
        assert!(
            within(&buffer, plain.as_bytes()),
            "an unescaped value is a slice"
        );
        // A value with an escape is decoded, hence copied.
        assert_eq!(request.headers.get("x-b").expect("x-b").as_bytes(), b"a\"b");
    }

    #[test]
    fn stage_and_base_path_are_whole_segments() {
        assert_eq!(strip_segment_prefix("/Prod/my/path", "Prod"), "/my/path");
        assert_eq!(strip_segment_prefix("/Prod", "Prod"), "");
        assert_eq!(
            strip_segment_prefix("/Production/x", "Prod"),
            "/Production/x"
        );
        assert_eq!(strip_segment_prefix("/x/Prod", "Prod"), "/x/Prod");
    }

    #[test]
    fn text_types_follow_the_media_type_not_its_parameters() {
        assert!(is_text_type("application/json; charset=utf-8"));
        assert!(is_text_type("application/problem+json"));
        assert!(is_text_type("Text/Plain"));
        assert!(!is_text_type("application/octet-stream"));
        assert!(!is_text_type("image/png"));
    }
}
