//! Response bodies and the encoders used by generated response enums.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll};

use bytes::Bytes;
use futures_util::Stream;
use http::{HeaderName, HeaderValue, StatusCode};
use serde::Serialize;
use serde_json::Value;

use crate::sse::EventStream;
use crate::{media, Problem};

/// The response type of the service.
pub type HttpResponse = http::Response<Body>;

/// A response body: bytes already in memory, or a stream of chunks (server-sent events) that the
/// server sends as they are produced.
#[derive(Default)]
pub struct Body {
    inner: Inner,
}

enum Inner {
    Full(Option<Bytes>),
    Stream(Pin<Box<dyn Stream<Item = Bytes> + Send>>),
}

impl Default for Inner {
    fn default() -> Self {
        Inner::Full(None)
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.inner {
            Inner::Full(data) => f
                .debug_struct("Body")
                .field("len", &data.as_ref().map_or(0, Bytes::len))
                .finish(),
            Inner::Stream(_) => f.write_str("Body(stream)"),
        }
    }
}

impl Body {
    /// An empty body.
    pub fn empty() -> Self {
        Body::default()
    }

    /// A body sent chunk by chunk as `stream` yields them.
    pub fn from_stream(stream: impl Stream<Item = Bytes> + Send + 'static) -> Self {
        Body {
            inner: Inner::Stream(Box::pin(stream)),
        }
    }

    /// Whether the body is a stream (its bytes are not in memory yet).
    pub fn is_stream(&self) -> bool {
        matches!(self.inner, Inner::Stream(_))
    }

    /// The bytes of a body in memory, without consuming it; empty for a stream (see
    /// [`Body::collect_bytes`]).
    pub fn as_bytes(&self) -> &[u8] {
        match &self.inner {
            Inner::Full(data) => data.as_deref().unwrap_or_default(),
            Inner::Stream(_) => &[],
        }
    }

    /// The bytes of a body in memory; empty for a stream (see [`Body::collect_bytes`]).
    pub fn into_bytes(self) -> Bytes {
        match self.inner {
            Inner::Full(data) => data.unwrap_or_default(),
            Inner::Stream(_) => Bytes::new(),
        }
    }

    /// Every byte of the body, waiting for a stream to end: for platforms that cannot stream.
    pub async fn collect_bytes(self) -> Bytes {
        match self.inner {
            Inner::Full(data) => data.unwrap_or_default(),
            Inner::Stream(mut stream) => {
                let mut all = Vec::new();
                while let Some(chunk) =
                    std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await
                {
                    all.extend_from_slice(&chunk);
                }
                Bytes::from(all)
            }
        }
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Body {
            inner: Inner::Full((!bytes.is_empty()).then_some(bytes)),
        }
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Body::from(Bytes::from(bytes))
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Body::from(Bytes::from(text))
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Self {
        Body::from(Bytes::from_static(text.as_bytes()))
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
        match &mut self.inner {
            Inner::Full(data) => Poll::Ready(data.take().map(|d| Ok(http_body::Frame::data(d)))),
            Inner::Stream(stream) => loop {
                match stream.as_mut().poll_next(cx) {
                    Poll::Ready(Some(chunk)) if chunk.is_empty() => continue,
                    Poll::Ready(Some(chunk)) => {
                        return Poll::Ready(Some(Ok(http_body::Frame::data(chunk))))
                    }
                    Poll::Ready(None) => return Poll::Ready(None),
                    Poll::Pending => return Poll::Pending,
                }
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.inner {
            Inner::Full(data) => data.is_none(),
            Inner::Stream(_) => false,
        }
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match &self.inner {
            Inner::Full(data) => {
                http_body::SizeHint::with_exact(data.as_ref().map_or(0, |d| d.len() as u64))
            }
            Inner::Stream(_) => http_body::SizeHint::default(),
        }
    }
}

fn with_status(status: u16, body: Body) -> HttpResponse {
    let mut response = http::Response::new(body);
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
}

fn content_type(response: &mut HttpResponse, content_type: &'static str) {
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static(content_type),
    );
}

/// A response with a status and no body.
pub fn empty(status: u16) -> HttpResponse {
    with_status(status, Body::empty())
}

/// A JSON response. A value that fails to serialize (a map with non-string keys, a NaN) is
/// logged and answered with a 500 problem.
pub fn json<T: Serialize + ?Sized>(
    status: u16,
    content_type: &'static str,
    value: &T,
) -> HttpResponse {
    match serde_json::to_vec(value) {
        Ok(bytes) => {
            let mut response = with_status(status, Body::from(bytes));
            self::content_type(&mut response, content_type);
            response
        }
        Err(error) => {
            tracing::error!(%error, "response body could not be serialized");
            Problem::internal().into_response()
        }
    }
}

/// The JSON media types a response body may be sent as, recorded on the response for
/// [`negotiate`].
#[derive(Debug, Clone, Copy)]
pub struct Alternatives(pub &'static [&'static str]);

/// A JSON response that may be sent as any of `content_types` (the same JSON under several
/// media types): [`negotiate`] picks one by the request's `Accept` header.
pub fn json_alternatives<T: Serialize + ?Sized>(
    status: u16,
    content_types: &'static [&'static str],
    value: &T,
) -> HttpResponse {
    let Some(first) = content_types.first() else {
        return json(status, "application/json", value);
    };
    let mut response = json(status, first, value);
    if response.status().as_u16() == status {
        response
            .extensions_mut()
            .insert(Alternatives(content_types));
    }
    response
}

/// Chooses the media type of a response built by [`json_alternatives`] from the request's
/// `Accept` header (q-values, wildcards; the first alternative without one), and answers 406
/// when the client accepts none. Other responses pass through unchanged.
pub fn negotiate(mut response: HttpResponse, accept: Option<&str>) -> HttpResponse {
    let Some(Alternatives(offered)) = response.extensions_mut().remove::<Alternatives>() else {
        return response;
    };
    let vary = (http::header::VARY, HeaderValue::from_static("accept"));
    match media::negotiate(offered, accept) {
        Some(index) => {
            if let Some(chosen) = offered.get(index) {
                content_type(&mut response, chosen);
            }
            response.headers_mut().append(vary.0, vary.1);
            response
        }
        None => Problem::new(StatusCode::NOT_ACCEPTABLE)
            .with_detail(format!(
                "this response is available as {}",
                offered.join(" or ")
            ))
            .with_header(vary.0, vary.1)
            .into_response(),
    }
}

/// A response with raw bytes of the given content type.
pub fn bytes(status: u16, content_type: &'static str, body: impl Into<Bytes>) -> HttpResponse {
    let mut response = with_status(status, Body::from(body.into()));
    self::content_type(&mut response, content_type);
    response
}

/// A response with bytes of a media type the handler chose within the declared `range`
/// (`image/*`). A type outside the range, or one that cannot be a header, is logged and answered
/// with a 500 problem.
pub fn typed_bytes(status: u16, range: &'static str, body: media::TypedBytes) -> HttpResponse {
    let fits = media::matches(range, &body.content_type) && !body.content_type.contains('*');
    match HeaderValue::from_str(&body.content_type) {
        Ok(value) if fits => {
            let mut response = with_status(status, Body::from(body.bytes));
            response
                .headers_mut()
                .insert(http::header::CONTENT_TYPE, value);
            response
        }
        _ => {
            tracing::error!(
                range,
                "a response's media type is not a concrete type within its declared range"
            );
            Problem::internal().into_response()
        }
    }
}

/// A `text/plain`-like response.
pub fn text(status: u16, content_type: &'static str, body: String) -> HttpResponse {
    bytes(status, content_type, body)
}

/// A `text/event-stream` response that sends each event as it is produced.
pub fn event_stream(status: u16, events: EventStream) -> HttpResponse {
    let mut response = with_status(status, events.into_body());
    content_type(&mut response, "text/event-stream");
    response.headers_mut().insert(
        http::header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    );
    response
}

/// The declared headers of a response, each encoded in the `simple` style: a scalar as its text,
/// an array as `a,b,c`, an object as `k,v,k,v` (or `k=v,k=v` exploded). `null` (an absent
/// optional header) is not sent.
#[derive(Debug, Default)]
pub struct Headers {
    entries: Vec<(&'static str, Result<Option<HeaderValue>, String>)>,
}

impl Headers {
    /// No headers yet.
    pub fn new() -> Self {
        Headers::default()
    }

    /// Adds a header described by a schema.
    pub fn simple<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) -> Self {
        let encoded = serde_json::to_value(value)
            .map_err(|error| error.to_string())
            .and_then(|value| simple_text(&value, explode))
            .and_then(|text| header_value(text.as_deref()));
        self.entries.push((name, encoded));
        self
    }

    /// Adds a header described by `content` with a JSON media type: its value is JSON text.
    pub fn json<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        let encoded = serde_json::to_value(value)
            .map_err(|error| error.to_string())
            .map(|value| match value {
                Value::Null => None,
                value => Some(value.to_string()),
            })
            .and_then(|text| header_value(text.as_deref()));
        self.entries.push((name, encoded));
        self
    }

    /// Adds the headers to `response`. A value that cannot be a header (a line break, a nested
    /// object) is logged and answered with a 500 problem.
    pub fn apply(self, mut response: HttpResponse) -> HttpResponse {
        for (name, value) in self.entries {
            let header = HeaderName::from_bytes(name.as_bytes());
            match (header, value) {
                (Ok(_), Ok(None)) => {}
                (Ok(header), Ok(Some(value))) => {
                    response.headers_mut().append(header, value);
                }
                (Err(_), _) => {
                    tracing::error!(header = name, "response header name is not valid");
                    return Problem::internal().into_response();
                }
                (Ok(_), Err(error)) => {
                    tracing::error!(header = name, %error, "response header could not be encoded");
                    return Problem::internal().into_response();
                }
            }
        }
        response
    }
}

fn header_value(text: Option<&str>) -> Result<Option<HeaderValue>, String> {
    match text {
        None => Ok(None),
        Some(text) => HeaderValue::from_str(text)
            .map(Some)
            .map_err(|_| "the value has characters a header cannot carry".to_owned()),
    }
}

fn scalar_text(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok(String::new()),
        Value::Array(_) | Value::Object(_) => {
            Err("nested arrays and objects cannot be a header value".to_owned())
        }
    }
}

/// The `simple`-style text of a value; `None` for `null`.
fn simple_text(value: &Value, explode: bool) -> Result<Option<String>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Array(items) => {
            let items: Result<Vec<String>, String> = items.iter().map(scalar_text).collect();
            Ok(Some(items?.join(",")))
        }
        Value::Object(map) => {
            let mut pieces = Vec::new();
            for (key, value) in map {
                let value = scalar_text(value)?;
                if explode {
                    pieces.push(format!("{key}={value}"));
                } else {
                    pieces.push(key.clone());
                    pieces.push(value);
                }
            }
            Ok(Some(pieces.join(",")))
        }
        scalar => scalar_text(scalar).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn simple_header_text() {
        assert_eq!(simple_text(&json!(5), false), Ok(Some("5".to_owned())));
        assert_eq!(simple_text(&json!(null), false), Ok(None));
        assert_eq!(
            simple_text(&json!(["a", 1, true]), false),
            Ok(Some("a,1,true".to_owned()))
        );
        assert_eq!(
            simple_text(&json!({"R": 1, "G": 2}), false),
            Ok(Some("R,1,G,2".to_owned()))
        );
        assert_eq!(
            simple_text(&json!({"R": 1, "G": 2}), true),
            Ok(Some("R=1,G=2".to_owned()))
        );
        assert!(simple_text(&json!([[1]]), false).is_err());
    }

    #[test]
    fn headers_are_applied_or_fail_loudly() {
        let response = Headers::new()
            .simple("X-Rate-Limit", &10, false)
            .simple("X-Missing", &Option::<i32>::None, false)
            .json("X-Meta", &json!({"a": 1}))
            .apply(empty(200));
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["x-rate-limit"], "10");
        assert_eq!(response.headers()["x-meta"], "{\"a\":1}");
        assert!(response.headers().get("x-missing").is_none());
        let broken = Headers::new()
            .simple("X-Text", "a\nb", false)
            .apply(empty(200));
        assert_eq!(broken.status(), 500);
    }

    #[test]
    fn negotiation_sets_the_content_type_or_answers_406() {
        static TYPES: [&str; 2] = ["application/json", "application/vnd.pets+json"];
        let answer = |accept| negotiate(json_alternatives(200, &TYPES, &json!([1])), accept);
        let chosen = answer(Some("application/vnd.pets+json"));
        assert_eq!(
            chosen.headers()[http::header::CONTENT_TYPE],
            "application/vnd.pets+json"
        );
        assert_eq!(chosen.headers()[http::header::VARY], "accept");
        assert_eq!(
            answer(None).headers()[http::header::CONTENT_TYPE],
            "application/json"
        );
        let refused = answer(Some("text/html"));
        assert_eq!(refused.status(), StatusCode::NOT_ACCEPTABLE);
        // Responses without alternatives are left alone.
        let plain = negotiate(empty(204), Some("text/html"));
        assert_eq!(plain.status(), StatusCode::NO_CONTENT);
    }

    #[test]
    fn streams_are_sent_chunk_by_chunk_and_can_be_collected() {
        let body = Body::from_stream(futures_util::stream::iter(vec![
            Bytes::from_static(b"a"),
            Bytes::new(),
            Bytes::from_static(b"b"),
        ]));
        assert!(body.is_stream());
        assert!(body.as_bytes().is_empty());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        assert_eq!(&runtime.block_on(body.collect_bytes())[..], b"ab");
    }
}
