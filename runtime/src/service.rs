//! The platform-independent core: a `tower::Service` over HTTP requests.

use std::convert::Infallible;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};
use std::time::Instant;

use http::{HeaderValue, StatusCode};
use http_body_util::BodyExt;
use tracing::Instrument;

use crate::app::{Application, Function};
use crate::context::{Context, Platform};
use crate::limits::{Clock, RateLimiter, SystemClock};
use crate::request::RawRequest;
use crate::response::HttpResponse;
use crate::router::RouteMatch;
use crate::security::credentials::Sources;
use crate::security::{guard, SchemeKind, SecurityConfig};
use crate::{BoxError, BoxFuture, Problem};

/// Settings of the service core.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// Largest accepted request body in bytes, overriding the manifest's `x-sls.limits.body`
    /// (default 6 MB); larger bodies answer 413.
    pub body_limit: Option<usize>,
    /// The platform, reported in each handler's [`Context`].
    pub platform: Platform,
    /// How bearer tokens are verified.
    pub security: SecurityConfig,
    /// The clock of the rate limit.
    pub clock: Arc<dyn Clock>,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            body_limit: None,
            platform: Platform::Local,
            security: SecurityConfig::default(),
            clock: Arc::new(SystemClock),
        }
    }
}

impl ServiceConfig {
    /// The defaults, with the bearer token settings read from the environment (see
    /// [`JwtVerifier::from_env`](crate::security::JwtVerifier::from_env)).
    pub fn from_env() -> Result<Self, BoxError> {
        Ok(ServiceConfig {
            security: SecurityConfig::from_env()?,
            ..ServiceConfig::default()
        })
    }
}

/// The service of function `F` of application `A`: answers CORS preflights, applies the rate
/// limit, routes each request to its operation, checks its security requirements, reads the body
/// within the limit, decodes and validates, calls the handler and encodes the response.
///
/// Each request runs in a `tracing` span named `request` with its request id (`x-request-id`, or
/// a generated one), method, path and operation; its status and latency are logged at the end.
/// The service never fails: every error is an `application/problem+json` response.
pub struct AppService<A: Application, F> {
    state: Arc<A::State>,
    config: Arc<ServiceConfig>,
    limiter: Option<Arc<RateLimiter>>,
    function: PhantomData<fn() -> F>,
}

impl<A: Application, F> Clone for AppService<A, F> {
    fn clone(&self) -> Self {
        AppService {
            state: Arc::clone(&self.state),
            config: Arc::clone(&self.config),
            limiter: self.limiter.clone(),
            function: PhantomData,
        }
    }
}

impl<A: Application, F: Function<A>> AppService<A, F> {
    /// A service over an already built state.
    pub fn new(state: Arc<A::State>, config: ServiceConfig) -> Self {
        let limiter = F::POLICY
            .rate
            .map(|rate| Arc::new(RateLimiter::new(rate, Arc::clone(&config.clock))));
        if F::OPERATIONS
            .iter()
            .flat_map(|op| {
                op.security
                    .iter()
                    .flat_map(|alternative| alternative.iter())
            })
            .any(|used| used.scheme.kind == SchemeKind::Bearer)
            && !config.security.jwt.as_ref().is_some_and(|v| v.has_keys())
        {
            tracing::warn!(
                function = F::NAME,
                "operations require bearer tokens but no key is configured: set SLS_JWT_SECRET \
                 or SLS_JWT_PUBLIC_KEY (or their _FILE variants); such requests answer 500"
            );
        }
        AppService {
            state,
            config: Arc::new(config),
            limiter,
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
    ///
    /// It runs in a span `request` with the request id (`x-request-id`, or a generated one),
    /// method, path and operation; its status and latency are logged when it ends.
    pub fn handle<B>(&self, request: http::Request<B>) -> BoxFuture<'static, HttpResponse>
    where
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
    {
        let started = Instant::now();
        let (parts, body) = request.into_parts();
        let request_id = parts
            .headers
            .get(X_REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty() && v.len() <= 128)
            .map_or_else(next_request_id, str::to_owned);
        let context = Context::new(self.config.platform, request_id);
        let span = request_span(&context, &parts.method, parts.uri.path());
        let head = Head {
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            method: parts.method,
            headers: parts.headers,
        };
        let inner = self
            .clone()
            .respond(context, head, Incoming::Stream(body))
            .instrument(span.clone());
        Box::pin(async move {
            let response = inner.await;
            let _entered = span.enter();
            tracing::info!(
                status = response.status().as_u16(),
                latency_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
                "request"
            );
            response
        })
    }

    /// Everything between receiving a request and answering it: the CORS preflight, the rate
    /// limit, routing, the security requirements, the body limit, the health check, decoding and
    /// the handler; CORS headers on the answer.
    async fn respond<B>(self, context: Context, head: Head, body: Incoming<B>) -> HttpResponse
    where
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
    {
        let request_id = HeaderValue::from_str(&context.request_id).ok();
        let cors = F::POLICY.cors;
        let preflight =
            cors.and_then(|cors| crate::cors::preflight(cors, &head.method, &head.headers));
        let mut response = match preflight {
            Some(response) => response,
            None => {
                let origin = head.headers.get(http::header::ORIGIN).cloned();
                let mut response = self.serve(context, head, body).await;
                if let Some(cors) = cors {
                    crate::cors::decorate(cors, origin.as_ref(), &mut response);
                }
                response
            }
        };
        // The id the request arrived with (or the one it was given), so that a client can quote
        // it; a handler's own `x-request-id` wins.
        if let Some(id) = request_id {
            response.headers_mut().entry(X_REQUEST_ID).or_insert(id);
        }
        response
    }

    async fn serve<B>(self, mut context: Context, head: Head, body: Incoming<B>) -> HttpResponse
    where
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
    {
        if let Some(limiter) = &self.limiter {
            if let Err(wait) = limiter.acquire() {
                return crate::limits::too_many_requests(wait).into_response();
            }
        }
        let (index, path_params) = match F::route(&head.method, &head.path) {
            RouteMatch::Found { index, params } => (
                index,
                params.into_iter().map(str::to_owned).collect::<Vec<_>>(),
            ),
            RouteMatch::MethodNotAllowed { allow } => {
                let problem = Problem::new(StatusCode::METHOD_NOT_ALLOWED)
                    .with_detail("this path does not accept this method")
                    .with_header(http::header::ALLOW, HeaderValue::from_static(allow));
                return problem.into_response();
            }
            RouteMatch::NotFound => return Problem::not_found().into_response(),
        };
        let security = match F::OPERATIONS.get(index) {
            Some(descriptor) => {
                tracing::Span::current().record("operation", descriptor.id);
                descriptor.security
            }
            None => &[],
        };
        let limit = self.config.body_limit.unwrap_or(F::POLICY.body_limit);
        let declared = match &body {
            Incoming::Buffered(bytes) => Some(bytes.len() as u64),
            Incoming::Stream(_) => head
                .headers
                .get(http::header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok()),
        };
        if declared.is_some_and(|len| len > limit as u64) {
            return too_large(limit).into_response();
        }
        // Credentials are checked before the body is read: an anonymous client cannot make the
        // service read a large body.
        let sources = Sources {
            headers: &head.headers,
            query: head.query.as_deref(),
        };
        let principals = match guard::authorize::<A>(
            &self.state,
            &self.config.security,
            security,
            sources,
        )
        .await
        {
            Ok(principals) => principals,
            Err(problem) => return problem.into_response(),
        };
        let body = match body {
            Incoming::Buffered(bytes) => bytes,
            Incoming::Stream(body) => {
                match http_body_util::Limited::new(body, limit).collect().await {
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
                }
            }
        };
        if let Err(detail) = crate::lifecycle::health_check::<A>(&self.state).await {
            return Problem::new(StatusCode::SERVICE_UNAVAILABLE)
                .with_detail(format!("health check failed: {detail}"))
                .into_response();
        }
        context.principals = principals.into();
        let raw = RawRequest {
            path_params,
            query: head.query,
            headers: head.headers,
            body,
        };
        F::dispatch(index, self.state, context, raw).await
    }
}

/// The parts of a request that the service reads before the body.
struct Head {
    method: http::Method,
    path: String,
    query: Option<String>,
    headers: http::HeaderMap,
}

/// A request body: still to be read, or already in memory.
enum Incoming<B> {
    Stream(B),
    Buffered(bytes::Bytes),
}

/// The span of one request.
fn request_span(context: &Context, method: &http::Method, path: &str) -> tracing::Span {
    tracing::info_span!(
        "request",
        request_id = %context.request_id,
        method = %method,
        path = %path,
        operation = tracing::field::Empty,
    )
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
    /// (request id, deadline), without building an `http::Request` first: the same steps as
    /// [`AppService::handle`] (CORS, rate limit, routing, security, body limit, health check,
    /// decoding, handler), in a `request` span. The platform's loop logs the invocation's
    /// outcome itself.
    pub fn handle_buffered(
        &self,
        context: Context,
        request: BufferedRequest,
    ) -> BoxFuture<'static, HttpResponse> {
        let span = request_span(&context, &request.method, &request.path);
        let head = Head {
            method: request.method,
            path: request.path,
            query: request.query,
            headers: request.headers,
        };
        Box::pin(
            self.clone()
                .respond(
                    context,
                    head,
                    Incoming::<http_body_util::Empty<bytes::Bytes>>::Buffered(request.body),
                )
                .instrument(span),
        )
    }
}

/// The header that carries a request's id, in both directions.
const X_REQUEST_ID: &str = "x-request-id";

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
