//! A small client of the Lambda Runtime API (`2018-06-01`) and of the Extensions API
//! (`2020-01-01`), on one kept-alive hyper HTTP/1 connection.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use super::invoke::InvocationError;

/// The headers of the Runtime API.
mod header {
    pub const REQUEST_ID: &str = "lambda-runtime-aws-request-id";
    pub const DEADLINE_MS: &str = "lambda-runtime-deadline-ms";
    pub const FUNCTION_ARN: &str = "lambda-runtime-invoked-function-arn";
    pub const TRACE_ID: &str = "lambda-runtime-trace-id";
    pub const ERROR_TYPE: &str = "lambda-runtime-function-error-type";
    pub const EXTENSION_NAME: &str = "lambda-extension-name";
    pub const EXTENSION_ID: &str = "lambda-extension-identifier";
}

/// One event handed out by `GET /runtime/invocation/next`.
#[derive(Debug, Clone)]
pub struct NextInvocation {
    /// `Lambda-Runtime-Aws-Request-Id`.
    pub request_id: String,
    /// `Lambda-Runtime-Deadline-Ms`: when Lambda stops waiting, in ms since the Unix epoch.
    pub deadline_ms: Option<u64>,
    /// `Lambda-Runtime-Invoked-Function-Arn`.
    pub function_arn: Option<String>,
    /// `Lambda-Runtime-Trace-Id`, exported as `_X_AMZN_TRACE_ID` for the invocation.
    pub trace_id: Option<String>,
    /// The event's bytes.
    pub event: Bytes,
}

impl NextInvocation {
    /// The deadline as an `Instant`, read against the system clock `now`.
    pub fn deadline(&self, now: SystemTime) -> Option<std::time::Instant> {
        let deadline = UNIX_EPOCH + Duration::from_millis(self.deadline_ms?);
        let left = deadline.duration_since(now).unwrap_or(Duration::ZERO);
        Some(std::time::Instant::now() + left)
    }
}

/// A failure of the Runtime API itself.
#[derive(Debug)]
pub enum ApiError {
    /// The Runtime API could not be reached or broke the connection.
    Transport(String),
    /// It answered a status the contract does not allow for this call.
    Status {
        /// The call.
        call: &'static str,
        /// The status.
        status: StatusCode,
        /// The body of the answer, as text.
        body: String,
    },
    /// `next` answered without a request id.
    MissingRequestId,
}

impl ApiError {
    /// Whether the runtime must stop (a 500 answer, or no Runtime API at all).
    pub fn is_fatal(&self) -> bool {
        match self {
            ApiError::Transport(_) | ApiError::MissingRequestId => true,
            ApiError::Status { status, .. } => status.is_server_error(),
        }
    }
}

/// A client of the Runtime API at `host:port` (the value of `AWS_LAMBDA_RUNTIME_API`).
pub struct RuntimeApi {
    authority: String,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl RuntimeApi {
    /// A client of the Runtime API at `authority` (`host:port`, no scheme). Connects lazily.
    pub fn new(authority: impl Into<String>) -> Self {
        RuntimeApi {
            authority: authority.into(),
            sender: None,
        }
    }

    async fn call(
        &mut self,
        call: &'static str,
        request: Request<Full<Bytes>>,
    ) -> Result<(StatusCode, http::HeaderMap, Bytes), ApiError> {
        let sender = match &mut self.sender {
            Some(sender) if !sender.is_closed() => sender,
            _ => self.sender.insert(connect(&self.authority).await?),
        };
        if sender.ready().await.is_err() {
            // The kept-alive connection went away (a frozen instance can lose it): reconnect once.
            *sender = connect(&self.authority).await?;
        }
        let response = sender
            .send_request(request)
            .await
            .map_err(|error| ApiError::Transport(format!("{call}: {error}")))?;
        let (parts, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .map_err(|error| ApiError::Transport(format!("{call}: {error}")))?
            .to_bytes();
        Ok((parts.status, parts.headers, body))
    }

    fn request(&self, method: Method, path: &str, body: Bytes) -> Request<Full<Bytes>> {
        let mut request = Request::new(Full::new(body));
        *request.method_mut() = method;
        if let Ok(uri) = format!("http://{}{path}", self.authority).parse() {
            *request.uri_mut() = uri;
        }
        if let Ok(host) = http::HeaderValue::from_str(&self.authority) {
            request.headers_mut().insert(http::header::HOST, host);
        }
        request
    }

    /// Waits for the next event (`GET /2018-06-01/runtime/invocation/next`).
    pub async fn next(&mut self) -> Result<NextInvocation, ApiError> {
        let request = self.request(
            Method::GET,
            "/2018-06-01/runtime/invocation/next",
            Bytes::new(),
        );
        let (status, headers, event) = self.call("next", request).await?;
        if status != StatusCode::OK {
            return Err(ApiError::Status {
                call: "next",
                status,
                body: String::from_utf8_lossy(&event).into_owned(),
            });
        }
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        Ok(NextInvocation {
            request_id: text(header::REQUEST_ID).ok_or(ApiError::MissingRequestId)?,
            deadline_ms: text(header::DEADLINE_MS).and_then(|v| v.parse().ok()),
            function_arn: text(header::FUNCTION_ARN),
            trace_id: text(header::TRACE_ID),
            event,
        })
    }

    /// Posts an invocation's response (`POST /runtime/invocation/{id}/response`, 202).
    pub async fn respond(&mut self, request_id: &str, body: Vec<u8>) -> Result<(), ApiError> {
        let path = format!("/2018-06-01/runtime/invocation/{request_id}/response");
        let request = self.request(Method::POST, &path, Bytes::from(body));
        self.expect_accepted("response", request).await
    }

    /// Reports an invocation's failure (`POST /runtime/invocation/{id}/error`, 202).
    pub async fn error(
        &mut self,
        request_id: &str,
        error: &InvocationError,
    ) -> Result<(), ApiError> {
        let path = format!("/2018-06-01/runtime/invocation/{request_id}/error");
        let request = self.error_request(&path, error);
        self.expect_accepted("error", request).await
    }

    /// Reports a failed initialisation (`POST /runtime/init/error`); the runtime exits after it.
    pub async fn init_error(&mut self, error: &InvocationError) -> Result<(), ApiError> {
        let request = self.error_request("/2018-06-01/runtime/init/error", error);
        self.expect_accepted("init error", request).await
    }

    fn error_request(&self, path: &str, error: &InvocationError) -> Request<Full<Bytes>> {
        let mut request = self.request(Method::POST, path, Bytes::from(error.to_json()));
        if let Ok(value) = http::HeaderValue::from_str(&error.error_type) {
            request.headers_mut().insert(header::ERROR_TYPE, value);
        }
        request.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        request
    }

    async fn expect_accepted(
        &mut self,
        call: &'static str,
        request: Request<Full<Bytes>>,
    ) -> Result<(), ApiError> {
        let (status, _, body) = self.call(call, request).await?;
        if status == StatusCode::ACCEPTED {
            Ok(())
        } else {
            Err(ApiError::Status {
                call,
                status,
                body: String::from_utf8_lossy(&body).into_owned(),
            })
        }
    }

    /// Registers an internal extension that subscribes to no events, so that Lambda sends the
    /// runtime SIGTERM before it stops the instance, and parks the extension's `event/next`
    /// call on its own connection (it must be called for the initialisation to end, and returns
    /// only when the instance stops). Returns the extension's identifier.
    pub async fn register_extension(&mut self, name: &str) -> Result<String, ApiError> {
        let mut request = self.request(
            Method::POST,
            "/2020-01-01/extension/register",
            Bytes::from_static(b"{\"events\":[]}"),
        );
        if let Ok(value) = http::HeaderValue::from_str(name) {
            request.headers_mut().insert(header::EXTENSION_NAME, value);
        }
        let (status, headers, body) = self.call("extension register", request).await?;
        if status != StatusCode::OK {
            return Err(ApiError::Status {
                call: "extension register",
                status,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
        }
        let id = headers
            .get(header::EXTENSION_ID)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::Status {
                call: "extension register",
                status,
                body: "no Lambda-Extension-Identifier header".to_owned(),
            })?
            .to_owned();
        let mut parked = RuntimeApi::new(self.authority.clone());
        let mut next = parked.request(
            Method::GET,
            "/2020-01-01/extension/event/next",
            Bytes::new(),
        );
        if let Ok(value) = http::HeaderValue::from_str(&id) {
            next.headers_mut().insert(header::EXTENSION_ID, value);
        }
        tokio::spawn(async move {
            if let Err(error) = parked.call("extension next", next).await {
                tracing::debug!(%error, "the extension's event/next call ended");
            }
        });
        Ok(id)
    }
}

async fn connect(authority: &str) -> Result<SendRequest<Full<Bytes>>, ApiError> {
    let stream = TcpStream::connect(authority)
        .await
        .map_err(|error| ApiError::Transport(format!("cannot connect to {authority}: {error}")))?;
    // Events and responses are sent at once; do not wait to fill packets.
    let _ = stream.set_nodelay(true);
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|error| ApiError::Transport(format!("handshake with {authority}: {error}")))?;
    tokio::spawn(async move {
        if let Err(error) = connection.await {
            tracing::debug!(%error, "the Runtime API connection ended");
        }
    });
    Ok(sender)
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Transport(message) => write!(f, "Runtime API unreachable: {message}"),
            ApiError::Status { call, status, body } => {
                write!(f, "Runtime API answered {status} to {call}: {body}")
            }
            ApiError::MissingRequestId => {
                f.write_str("Runtime API sent an event without Lambda-Runtime-Aws-Request-Id")
            }
        }
    }
}

impl std::error::Error for ApiError {}
