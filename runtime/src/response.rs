//! Response bodies and the encoders used by generated response enums.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll};

use bytes::Bytes;
use http::{HeaderValue, StatusCode};

/// The response type of the service.
pub type HttpResponse = http::Response<Body>;

/// A response body: a buffered chunk of bytes.
#[derive(Debug, Default, Clone)]
pub struct Body {
    data: Option<Bytes>,
}

impl Body {
    /// An empty body.
    pub fn empty() -> Self {
        Body { data: None }
    }

    /// The body's bytes, without consuming it.
    pub fn as_bytes(&self) -> &[u8] {
        self.data.as_deref().unwrap_or_default()
    }

    /// The body's bytes.
    pub fn into_bytes(self) -> Bytes {
        self.data.unwrap_or_default()
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Body {
            data: (!bytes.is_empty()).then_some(bytes),
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
        _cx: &mut TaskContext<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.data.take().map(|d| Ok(http_body::Frame::data(d))))
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_none()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.data.as_ref().map_or(0, |d| d.len() as u64))
    }
}

fn with_status(status: u16, body: Body) -> HttpResponse {
    let mut response = http::Response::new(body);
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
}

/// A response with a status and no body.
pub fn empty(status: u16) -> HttpResponse {
    with_status(status, Body::empty())
}

/// A JSON response. A value that fails to serialize (a map with non-string keys, a NaN) is
/// logged and answered with a 500 problem.
pub fn json<T: serde::Serialize + ?Sized>(
    status: u16,
    content_type: &'static str,
    value: &T,
) -> HttpResponse {
    match serde_json::to_vec(value) {
        Ok(bytes) => {
            let mut response = with_status(status, Body::from(bytes));
            response.headers_mut().insert(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static(content_type),
            );
            response
        }
        Err(error) => {
            tracing::error!(%error, "response body could not be serialized");
            crate::Problem::internal().into_response()
        }
    }
}

/// A response with raw bytes of the given content type.
pub fn bytes(status: u16, content_type: &'static str, body: impl Into<Bytes>) -> HttpResponse {
    let mut response = with_status(status, Body::from(body.into()));
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static(content_type),
    );
    response
}

/// A `text/plain`-like response.
pub fn text(status: u16, content_type: &'static str, body: String) -> HttpResponse {
    bytes(status, content_type, body)
}
