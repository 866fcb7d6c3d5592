//! The platform-independent core: a `tower::Service` over HTTP requests.

use std::convert::Infallible;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};

use http::{HeaderValue, StatusCode};
use http_body_util::BodyExt;

use crate::app::{Application, Function};
use crate::context::{Context, Platform};
use crate::request::RawRequest;
use crate::response::HttpResponse;
use crate::router::RouteMatch;
use crate::{BoxError, BoxFuture, Problem};

/// Settings of the service core.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// Largest accepted request body in bytes; larger bodies answer 413.
    pub body_limit: usize,
    /// The platform, reported in each handler's [`Context`].
    pub platform: Platform,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            // The AWS Lambda synchronous payload limit.
            body_limit: 6 * 1024 * 1024,
            platform: Platform::Local,
        }
    }
}

/// The service of function `F` of application `A`: routes each request to its operation, reads
/// the body within the limit, decodes and validates, calls the handler and encodes the response.
///
/// It never fails: every error is an `application/problem+json` response.
pub struct AppService<A: Application, F> {
    state: Arc<A::State>,
    config: Arc<ServiceConfig>,
    function: PhantomData<fn() -> F>,
}

impl<A: Application, F> Clone for AppService<A, F> {
    fn clone(&self) -> Self {
        AppService {
            state: Arc::clone(&self.state),
            config: Arc::clone(&self.config),
            function: PhantomData,
        }
    }
}

impl<A: Application, F: Function<A>> AppService<A, F> {
    /// A service over an already built state.
    pub fn new(state: Arc<A::State>, config: ServiceConfig) -> Self {
        AppService {
            state,
            config: Arc::new(config),
            function: PhantomData,
        }
    }

    /// Runs the application's `init` hook, then builds the service.
    pub async fn init(config: ServiceConfig) -> Result<Self, BoxError> {
        let state = A::init().await?;
        Ok(Self::new(Arc::new(state), config))
    }

    /// The shared state.
    pub fn state(&self) -> &Arc<A::State> {
        &self.state
    }

    /// The platform this service runs on.
    pub fn platform(&self) -> Platform {
        self.config.platform
    }

    /// The service's settings.
    pub fn config(&self) -> &ServiceConfig {
        &self.config
    }

    /// Handles one request.
    pub fn handle<B>(&self, request: http::Request<B>) -> BoxFuture<'static, HttpResponse>
    where
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
    {
        let (parts, body) = request.into_parts();
        let (index, path_params) = match F::route(&parts.method, parts.uri.path()) {
            RouteMatch::Found { index, params } => (
                index,
                params.into_iter().map(str::to_owned).collect::<Vec<_>>(),
            ),
            RouteMatch::MethodNotAllowed { allow } => {
                let problem = Problem::new(StatusCode::METHOD_NOT_ALLOWED)
                    .with_detail("this path does not accept this method")
                    .with_header(http::header::ALLOW, HeaderValue::from_static(allow));
                return ready(problem.into_response());
            }
            RouteMatch::NotFound => return ready(Problem::not_found().into_response()),
        };
        let limit = self.config.body_limit;
        let declared = parts
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|len| len > limit as u64) {
            return ready(too_large(limit).into_response());
        }
        let request_id = parts
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty() && v.len() <= 128)
            .map_or_else(next_request_id, str::to_owned);
        let context = Context::new(self.config.platform, request_id);
        let state = Arc::clone(&self.state);
        Box::pin(async move {
            let body = match http_body_util::Limited::new(body, limit).collect().await {
                Ok(collected) => collected.to_bytes(),
                Err(error) => {
                    if error.is::<http_body_util::LengthLimitError>() {
                        return too_large(limit).into_response();
                    }
                    tracing::warn!(error = %error, "request body could not be read");
                    return Problem::new(StatusCode::BAD_REQUEST)
                        .with_detail("the request body could not be read")
                        .into_response();
                }
            };
            let raw = RawRequest {
                path_params,
                query: parts.uri.query().map(str::to_owned),
                headers: parts.headers,
                body,
            };
            if let Err(detail) = crate::lifecycle::health_check::<A>(&state).await {
                return Problem::new(StatusCode::SERVICE_UNAVAILABLE)
                    .with_detail(format!("health check failed: {detail}"))
                    .into_response();
            }
            F::dispatch(index, state, context, raw).await
        })
    }
}

/// A request already read whole, as the platforms that deliver requests as events hold it.
#[derive(Debug, Clone)]
pub struct BufferedRequest {
    /// The method.
    pub method: http::Method,
    /// The path, percent-encoded, without the query string.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: Option<String>,
    /// The headers.
    pub headers: http::HeaderMap,
    /// The whole body.
    pub body: bytes::Bytes,
}

impl<A: Application, F: Function<A>> AppService<A, F> {
    /// Handles a request whose body is already in memory, with the platform's own context
    /// (request id, deadline): routes it, applies the body limit, runs the health check,
    /// decodes, calls the handler and encodes its response, without building an
    /// `http::Request` first.
    pub fn handle_buffered(
        &self,
        context: Context,
        request: BufferedRequest,
    ) -> BoxFuture<'static, HttpResponse> {
        let (index, path_params) = match F::route(&request.method, &request.path) {
            RouteMatch::Found { index, params } => {
                if request.body.len() > self.config.body_limit {
                    return ready(too_large(self.config.body_limit).into_response());
                }
                (
                    index,
                    params.into_iter().map(str::to_owned).collect::<Vec<_>>(),
                )
            }
            RouteMatch::MethodNotAllowed { allow } => {
                let problem = Problem::new(StatusCode::METHOD_NOT_ALLOWED)
                    .with_detail("this path does not accept this method")
                    .with_header(http::header::ALLOW, HeaderValue::from_static(allow));
                return ready(problem.into_response());
            }
            RouteMatch::NotFound => return ready(Problem::not_found().into_response()),
        };
        let raw = RawRequest {
            path_params,
            query: request.query,
            headers: request.headers,
            body: request.body,
        };
        let state = Arc::clone(&self.state);
        Box::pin(async move {
            if let Err(detail) = crate::lifecycle::health_check::<A>(&state).await {
                return Problem::new(StatusCode::SERVICE_UNAVAILABLE)
                    .with_detail(format!("health check failed: {detail}"))
                    .into_response();
            }
            F::dispatch(index, state, context, raw).await
        })
    }
}

fn ready(response: HttpResponse) -> BoxFuture<'static, HttpResponse> {
    Box::pin(std::future::ready(response))
}

fn too_large(limit: usize) -> Problem {
    Problem::new(StatusCode::PAYLOAD_TOO_LARGE)
        .with_detail(format!("the request body is larger than {limit} bytes"))
}

fn next_request_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let pid = std::process::id();
    format!("local-{pid:x}-{n:08x}")
}

impl<A, F, B> tower::Service<http::Request<B>> for AppService<A, F>
where
    A: Application,
    F: Function<A>,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    type Response = HttpResponse;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<HttpResponse, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut TaskContext<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let response = self.handle(request);
        Box::pin(async move { Ok(response.await) })
    }
}
