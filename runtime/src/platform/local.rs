//! The local development server: one hyper server on 127.0.0.1 for every function.
//!
//! ```ignore
//! fn main() -> std::process::ExitCode {
//!     sls_runtime::platform::local::run::<App, api::AllFunctions>()
//! }
//! ```
//!
//! The port comes from `PORT` (default 3000). With `SLS_STATIC_DIR` set, `GET`/`HEAD` requests
//! that no operation matches are answered from that directory (see [`StaticDir`]). Ctrl-C or
//! SIGTERM stops accepting connections and lets requests in flight finish, then runs the
//! application's `shutdown` hook within `SLS_SHUTDOWN_TIMEOUT` seconds (default 2). Each request
//! is logged in its span (request id, method, path, operation) with its status and latency.
//!
//! Events: a ticker fires the schedule events at their times (UTC), and
//! `POST /_sls/events/{name}` injects a JSON array of payloads into a queue or topic event (or
//! fires a schedule now) and answers the outcome of each message. `SLS_SCHEDULES=off` and
//! `SLS_EVENT_INJECTION=off` switch them off.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;

pub use super::local_events::{inject, LocalEvents, INJECTION_PREFIX};
use super::static_files::StaticDir;
use crate::app::{Application, Function};
use crate::router::RouteMatch;
use crate::schedule::{Clock, SystemClock, Ticker};
use crate::{AppService, BoxError, ServiceConfig};

/// Default port of the local server.
pub const DEFAULT_PORT: u16 = 3000;

/// Settings of the local server.
#[derive(Debug, Clone)]
pub struct LocalConfig {
    /// The address to listen on.
    pub addr: SocketAddr,
    /// Settings of the service core.
    pub service: ServiceConfig,
    /// Static files served for the paths no operation matches (`SLS_STATIC_DIR`).
    pub static_dir: Option<StaticDir>,
    /// The schedule ticker, event injection and the shutdown budget.
    pub events: LocalEvents,
}

impl LocalConfig {
    /// Reads `PORT` from the environment (default 3000), on 127.0.0.1, `SLS_STATIC_DIR`, the
    /// bearer token settings (`SLS_JWT_*`, see [`crate::security::jwt::env`]) and the event
    /// settings ([`LocalEvents::from_env`]).
    pub fn from_env() -> Result<Self, BoxError> {
        let static_dir = match std::env::var_os("SLS_STATIC_DIR") {
            Some(dir) => Some(StaticDir::new(&dir).map_err(|error| {
                format!(
                    "SLS_STATIC_DIR `{}` is not a readable directory: {error}",
                    Path::new(&dir).display()
                )
            })?),
            None => None,
        };
        let port = match std::env::var("PORT") {
            Ok(text) => text
                .parse::<u16>()
                .map_err(|_| format!("PORT must be a port number, not `{text}`"))?,
            Err(_) => DEFAULT_PORT,
        };
        Ok(LocalConfig {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
            service: ServiceConfig::from_env()?,
            static_dir,
            events: LocalEvents::from_env()?,
        })
    }
}

/// Runs the local server for function `F` of application `A` until Ctrl-C or SIGTERM: builds a
/// Tokio runtime, initialises logging, runs `init`, serves. Returns a failure exit code (after
/// logging why) when the configuration, `init` or the listener fails.
pub fn run<A: Application, F: Function<A>>() -> ExitCode {
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!(%error, "cannot start the Tokio runtime");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        let config = LocalConfig::from_env()?;
        serve::<A, F>(config, shutdown_signal()).await
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "the local server stopped");
            ExitCode::FAILURE
        }
    }
}

/// Installs a `tracing` subscriber for human-readable logs (filter from `RUST_LOG`, default
/// `info`), unless one is already installed.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .try_init();
}

/// Serves until `shutdown` completes, then waits for open connections to finish.
pub async fn serve<A: Application, F: Function<A>>(
    config: LocalConfig,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), BoxError> {
    let service = AppService::<A, F>::init(config.service.clone())
        .await
        .map_err(|error| format!("init failed: {error}"))?;
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", config.addr))?;
    let options = ServeOptions {
        static_dir: config.static_dir,
        events: config.events,
        clock: Arc::new(SystemClock),
    };
    serve_with_options::<A, F>(listener, service, options, shutdown).await
}

/// Serves on an already bound listener (used by tests that bind port 0), with the default event
/// settings on the system clock.
pub async fn serve_on<A: Application, F: Function<A>>(
    listener: TcpListener,
    service: AppService<A, F>,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), BoxError> {
    serve_with_options::<A, F>(listener, service, ServeOptions::default(), shutdown).await
}

/// Like [`serve_on`], also answering the `GET`/`HEAD` requests that no operation matches from
/// `static_dir`.
pub async fn serve_static_on<A: Application, F: Function<A>>(
    listener: TcpListener,
    service: AppService<A, F>,
    static_dir: Option<StaticDir>,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), BoxError> {
    let options = ServeOptions {
        static_dir,
        ..ServeOptions::default()
    };
    serve_with_options::<A, F>(listener, service, options, shutdown).await
}

/// Like [`serve_on`], with the given event settings and schedules measured on `clock` (a
/// [`crate::schedule::ManualClock`] in tests).
pub async fn serve_with<A: Application, F: Function<A>>(
    listener: TcpListener,
    service: AppService<A, F>,
    events: LocalEvents,
    clock: Arc<dyn Clock>,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), BoxError> {
    let options = ServeOptions {
        events,
        clock,
        ..ServeOptions::default()
    };
    serve_with_options::<A, F>(listener, service, options, shutdown).await
}

/// Everything [`serve_with_options`] can be told.
pub struct ServeOptions {
    /// Static files for the paths no operation matches.
    pub static_dir: Option<StaticDir>,
    /// The schedule ticker, event injection and the shutdown budget.
    pub events: LocalEvents,
    /// What schedules are measured on.
    pub clock: Arc<dyn Clock>,
}

impl Default for ServeOptions {
    /// No static files, the default event settings, the system clock.
    fn default() -> Self {
        ServeOptions {
            static_dir: None,
            events: LocalEvents::default(),
            clock: Arc::new(SystemClock),
        }
    }
}

/// Serves on an already bound listener until `shutdown` completes; then stops the ticker, waits
/// for the requests in flight and runs the `shutdown` hook within the budget.
pub async fn serve_with_options<A: Application, F: Function<A>>(
    listener: TcpListener,
    service: AppService<A, F>,
    options: ServeOptions,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), BoxError> {
    let ServeOptions {
        static_dir,
        events,
        clock,
    } = options;
    let addr = listener.local_addr()?;
    tracing::info!(function = F::NAME, "listening on http://{addr}");
    if let Some(dir) = &static_dir {
        tracing::info!(dir = %dir.root().display(), "serving static files");
    }
    let (stop_ticker, ticker_stopped) = tokio::sync::oneshot::channel::<()>();
    let ticker = if events.schedules {
        let ticker = Ticker::new(service.clone(), clock);
        Some(tokio::spawn(ticker.run(async move {
            let _ = ticker_stopped.await;
        })))
    } else {
        if F::EVENTS
            .iter()
            .any(|event| event.kind == crate::events::EventKind::Schedule)
        {
            tracing::info!("schedules are off (SLS_SCHEDULES=off)");
        }
        None
    };
    let injection = events.injection;
    if injection && !F::EVENTS.is_empty() {
        tracing::info!("events can be injected at http://{addr}{INJECTION_PREFIX}{{name}}");
    }
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(pair) => pair,
                    Err(error) => {
                        tracing::warn!(%error, "accept failed");
                        continue;
                    }
                };
                let service = service.clone();
                let static_dir = static_dir.clone();
                let handler = hyper::service::service_fn(move |request: http::Request<Incoming>| {
                    let service = service.clone();
                    let static_dir = static_dir.clone();
                    async move {
                        let file = match &static_dir {
                            Some(dir)
                                if F::route(request.method(), request.uri().path())
                                    == RouteMatch::NotFound =>
                            {
                                dir.serve(request.method(), request.uri().path()).await
                            }
                            _ => None,
                        };
                        let response = match file {
                            Some(response) => {
                                tracing::info!(
                                    method = %request.method(),
                                    path = request.uri().path(),
                                    status = response.status().as_u16(),
                                    "static file"
                                );
                                response
                            }
                            None if injection
                                && super::local_events::is_injection(request.uri().path()) =>
                            {
                                let path = request.uri().path().to_owned();
                                let response = inject(&service, request).await;
                                tracing::info!(
                                    path,
                                    status = response.status().as_u16(),
                                    "event injection"
                                );
                                response
                            }
                            // The service logs each request in its span, with its status and
                            // latency.
                            None => service.handle(request).await,
                        };
                        Ok::<_, std::convert::Infallible>(response)
                    }
                });
                let connection = auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(stream), handler)
                    .into_owned();
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    if let Err(error) = connection.await {
                        tracing::debug!(%peer, %error, "connection ended with an error");
                    }
                });
            }
            () = &mut shutdown => {
                tracing::info!("shutting down: waiting for requests in flight");
                break;
            }
        }
    }
    drop(listener);
    let _ = stop_ticker.send(());
    if let Some(ticker) = ticker {
        if let Err(error) = ticker.await {
            tracing::error!(%error, "the schedule ticker failed");
        }
    }
    graceful.shutdown().await;
    crate::lifecycle::shutdown::<A>(service.state(), tokio::time::sleep(events.shutdown_budget))
        .await;
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
