//! AWS Lambda: a custom runtime (`provided.al2023`) that runs one function of the application.
//!
//! ```ignore
//! // src/bin/pets-aws.rs, built as `bootstrap` for the function `pets`
//! fn main() -> std::process::ExitCode {
//!     sls_runtime::platform::aws::run::<my_service::App, my_service::api::functions::Pets>()
//! }
//! ```
//!
//! [`run`] talks to the Runtime API at `AWS_LAMBDA_RUNTIME_API` ([`lambda`]): it registers an
//! internal extension so that Lambda sends SIGTERM before stopping the instance, runs `init`
//! (a failure is posted to `/runtime/init/error` and the process exits), then serves events one
//! at a time. Each event is read by a lean borrowing decoder ([`event`]) and, for HTTP sources
//! (API Gateway REST and HTTP APIs, ALB, Function URLs), handed to the function's
//! [`AppService`] without building an `http::Request`; the response is encoded
//! in the shape the source expects ([`http`]). A panicking handler or an unreadable event is
//! that invocation's error, and the loop goes on. The deadline is in the handler's
//! [`Context`], and `Lambda-Runtime-Trace-Id` is exported as `_X_AMZN_TRACE_ID`.
//!
//! With `--event FILE` the same binary runs one event from a file through the same adapter, with
//! no Runtime API, and prints the response JSON (offline invoke).
//!
//! Environment:
//!
//! | variable | effect |
//! |---|---|
//! | `AWS_LAMBDA_RUNTIME_API` | `host:port` of the Runtime API (set by Lambda) |
//! | `SLS_AWS_KEEP_STAGE=1` | keep a named stage in front of HTTP API paths (stripped by default) |
//! | `SLS_AWS_BASE_PATH=/api` | remove this prefix from every path (custom domain mappings) |
//! | `SLS_AWS_METRICS=emf` | write CloudWatch Embedded Metric Format lines (count, latency, errors per operation) |
//! | `SLS_LOG_FORMAT=text` | human-readable logs instead of JSON lines |
//! | `RUST_LOG` | the log filter (default `info`) |

pub mod client;
pub mod event;
pub mod http;
pub mod invoke;
pub mod lambda;
pub mod metrics;
pub mod records;

use std::path::PathBuf;
use std::process::ExitCode;

pub use self::client::RuntimeApi;
pub use self::http::PathConfig;
pub use self::invoke::{Adapter, AdapterConfig, InvocationError, Outcome, Target};
pub use self::metrics::Metrics;

use crate::app::{Application, Function};
use crate::context::{Context, Platform};
use crate::{AppService, ServiceConfig};

/// Settings of the Lambda entry, read from the environment by [`LambdaConfig::from_env`].
#[derive(Debug, Clone)]
pub struct LambdaConfig {
    /// `host:port` of the Runtime API; `None` outside Lambda.
    pub runtime_api: Option<String>,
    /// Settings of the event adapter.
    pub adapter: AdapterConfig,
    /// Write EMF metric lines.
    pub metrics: bool,
    /// Settings of the service core.
    pub service: ServiceConfig,
    /// How long the `shutdown` hook may run after SIGTERM: Lambda kills the process 500 ms
    /// after SIGTERM when an internal extension is registered (default 450 ms).
    pub shutdown_budget: std::time::Duration,
}

impl LambdaConfig {
    /// Reads the settings from the environment (see the [module documentation](self)).
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let on = |name: &str| var(name).is_some_and(|v| v != "0" && v != "false");
        let metrics = var("SLS_AWS_METRICS").is_some_and(|v| v.eq_ignore_ascii_case("emf"));
        LambdaConfig {
            runtime_api: var("AWS_LAMBDA_RUNTIME_API"),
            adapter: AdapterConfig {
                paths: PathConfig {
                    strip_stage: !on("SLS_AWS_KEEP_STAGE"),
                    base_path: var("SLS_AWS_BASE_PATH").unwrap_or_default(),
                },
                resolve_operations: metrics,
            },
            metrics,
            service: ServiceConfig {
                platform: Platform::Aws,
                ..ServiceConfig::default()
            },
            shutdown_budget: std::time::Duration::from_millis(450),
        }
    }
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Serve events from the Runtime API.
    Serve,
    /// Run the event in this file and print the response.
    Invoke(PathBuf),
    /// Print the usage.
    Help,
}

/// The usage of an entry binary.
pub const USAGE: &str = "usage: <binary>               serve events from the Lambda Runtime API \
                         (AWS_LAMBDA_RUNTIME_API)\n       <binary> --event FILE   run the event in \
                         FILE through the adapter and print the response JSON\n";

/// Reads the arguments of an entry binary (without the program name).
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut args = args.into_iter();
    let mut command = Command::Serve;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--event" => match args.next() {
                Some(file) => command = Command::Invoke(PathBuf::from(file)),
                None => return Err("`--event` needs a file".to_owned()),
            },
            other => match other.strip_prefix("--event=") {
                Some(file) => command = Command::Invoke(PathBuf::from(file)),
                None => return Err(format!("unknown argument `{other}`")),
            },
        }
    }
    Ok(command)
}

/// The entry `main` of function `F` of application `A` on Lambda: serves events from the Runtime
/// API, or runs one event with `--event FILE` (see the [module documentation](self)).
pub fn run<A: Application, F: Function<A>>() -> ExitCode {
    let command = match parse_args(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(error) => {
            eprint!("{error}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if command == Command::Help {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    init_logging();
    // One invocation at a time: a single-threaded runtime starts faster and keeps the
    // environment (`_X_AMZN_TRACE_ID`) consistent.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!(%error, "cannot start the Tokio runtime");
            return ExitCode::FAILURE;
        }
    };
    let mut config = LambdaConfig::from_env();
    // Bearer token keys (`SLS_JWT_*`): a key that cannot be used stops the function at once.
    match crate::security::SecurityConfig::from_env() {
        Ok(security) => config.service.security = security,
        Err(error) => {
            tracing::error!(%error, "bad bearer token settings");
            return ExitCode::FAILURE;
        }
    }
    match command {
        Command::Invoke(file) => runtime.block_on(invoke_file::<A, F>(config, file)),
        _ => runtime.block_on(serve::<A, F>(config)),
    }
}

/// Serves events from the Runtime API at `AWS_LAMBDA_RUNTIME_API` until SIGTERM.
pub async fn serve<A: Application, F: Function<A>>(config: LambdaConfig) -> ExitCode {
    let Some(api) = config.runtime_api.clone() else {
        tracing::error!(
            "AWS_LAMBDA_RUNTIME_API is not set: this binary runs on AWS Lambda; run one event \
             with `--event FILE`"
        );
        return ExitCode::FAILURE;
    };
    let shutdown = shutdown_signal();
    serve_with::<A, F>(config, RuntimeApi::new(api), shutdown).await
}

/// Serves events from `client` until `shutdown` completes: registers the internal extension
/// (SIGTERM reaches the runtime only when an extension is registered), runs `init` (a failure is
/// posted to `/runtime/init/error`), runs the loop of [`lambda::run_loop`], and when `shutdown`
/// completes runs the application's `shutdown` hook within
/// [`LambdaConfig::shutdown_budget`].
pub async fn serve_with<A: Application, F: Function<A>>(
    config: LambdaConfig,
    mut client: RuntimeApi,
    shutdown: impl std::future::Future<Output = ()>,
) -> ExitCode {
    if let Err(error) = client.register_extension(F::NAME).await {
        tracing::warn!(%error, "no extension registered: the shutdown hook will not run");
    }
    let service = match AppService::<A, F>::init(config.service.clone()).await {
        Ok(service) => service,
        Err(error) => {
            tracing::error!(%error, "init failed");
            let error = InvocationError::new("Runtime.InitError", format!("init failed: {error}"));
            if let Err(error) = client.init_error(&error).await {
                tracing::error!(%error, "the init error could not be reported");
            }
            return ExitCode::FAILURE;
        }
    };
    let state = std::sync::Arc::clone(service.state());
    let mut adapter_config = config.adapter.clone();
    adapter_config.resolve_operations |= config.metrics;
    let adapter = Adapter::new(service, adapter_config);
    let metrics = Metrics::new(F::NAME, config.metrics);
    match lambda::run_loop(&mut client, &adapter, &metrics, shutdown).await {
        Ok(()) => {
            tracing::info!("shutting down");
            let budget = tokio::time::sleep(config.shutdown_budget);
            crate::lifecycle::shutdown::<A>(&state, budget).await;
            ExitCode::SUCCESS
        }
        Err(error) => {
            tracing::error!(%error, "the Runtime API failed; exiting");
            ExitCode::FAILURE
        }
    }
}

/// Runs the event in `file` through the adapter and prints the response JSON (or the error
/// JSON, with a failure exit code), with no Runtime API.
pub async fn invoke_file<A: Application, F: Function<A>>(
    config: LambdaConfig,
    file: PathBuf,
) -> ExitCode {
    let event = match std::fs::read(&file) {
        Ok(event) => event,
        Err(error) => {
            eprintln!("cannot read {}: {error}", file.display());
            return ExitCode::FAILURE;
        }
    };
    let service = match AppService::<A, F>::init(config.service.clone()).await {
        Ok(service) => service,
        Err(error) => {
            eprintln!("init failed: {error}");
            return ExitCode::FAILURE;
        }
    };
    let adapter = Adapter::new(service, config.adapter);
    let context = Context::new(Platform::Aws, "offline-invoke");
    let (output, code) = match adapter.invoke_bytes(event.into(), context).await {
        Ok((body, _)) => (body, ExitCode::SUCCESS),
        Err(error) => (error.to_json(), ExitCode::FAILURE),
    };
    println!("{}", String::from_utf8_lossy(&output));
    code
}

/// Installs a `tracing` subscriber writing one JSON object per line with the invocation's
/// request id (CloudWatch reads them as structured logs), or plain text with
/// `SLS_LOG_FORMAT=text`; the filter comes from `RUST_LOG` (default `info`).
pub fn init_logging() {
    let text = std::env::var("SLS_LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("text"));
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing::subscriber::set_global_default(log_subscriber(std::io::stderr, text, filter));
}

/// The subscriber of [`init_logging`], writing to `writer` what `filter` lets through: each line
/// a JSON object with the event's fields flattened and the current span's fields (the
/// invocation's `request_id`) under `span`, or plain text when `text`.
pub fn log_subscriber<W>(
    writer: W,
    text: bool,
    filter: tracing_subscriber::EnvFilter,
) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(writer);
    if text {
        Box::new(builder.finish())
    } else {
        Box::new(
            builder
                .json()
                .flatten_event(true)
                .with_current_span(true)
                .with_span_list(false)
                .finish(),
        )
    }
}

/// Completes on SIGTERM. The handler is installed at once, so a signal that arrives before the
/// future is first polled is not lost.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    async move {
        #[cfg(unix)]
        if let Ok(mut signal) = signal {
            signal.recv().await;
            return;
        }
        std::future::pending::<()>().await;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    /// A writer into shared memory.
    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Lines {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| std::io::Error::other("poisoned"))?
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'w> tracing_subscriber::fmt::MakeWriter<'w> for Lines {
        type Writer = Lines;
        fn make_writer(&'w self) -> Lines {
            self.clone()
        }
    }

    #[test]
    fn log_lines_are_json_objects_with_the_request_id() {
        let lines = Lines::default();
        let filter = tracing_subscriber::EnvFilter::new("info");
        let subscriber = super::log_subscriber(lines.clone(), false, filter);
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::info_span!("invocation", request_id = "8476a536-e9f4");
            let _entered = span.enter();
            tracing::info!(status = 200, "invocation");
        });
        let text = String::from_utf8(lines.0.lock().expect("not poisoned").clone()).expect("UTF-8");
        let line: serde_json::Value = serde_json::from_str(text.trim()).expect("one JSON line");
        assert_eq!(line["message"], "invocation");
        assert_eq!(line["status"], 200);
        assert_eq!(line["level"], "INFO");
        assert_eq!(line["span"]["request_id"], "8476a536-e9f4");
        assert_eq!(line["span"]["name"], "invocation");
    }
}
