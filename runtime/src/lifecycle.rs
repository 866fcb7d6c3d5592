//! The application's lifecycle around invocations: `init` once (see
//! [`crate::Application::init`]), `health_check` before each invocation,
//! `shutdown` once when the platform stops the instance, within a time budget.
//!
//! The hooks are declared with `#[components(init = .., health_check = .., shutdown = ..)]`;
//! platform adapters call the functions of this module so that every platform runs them the
//! same way.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;

use crate::app::Application;

/// Runs the application's `health_check` hook before an invocation. A failure (or a panic) is
/// logged and returned as text; the caller then answers without calling the handler (503 for
/// HTTP requests, every message failed for events).
pub async fn health_check<A: Application>(state: &A::State) -> Result<(), String> {
    match AssertUnwindSafe(A::health_check(state))
        .catch_unwind()
        .await
    {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => {
            tracing::error!(%error, "health check failed");
            Err(error.to_string())
        }
        Err(panic) => {
            let message = crate::dispatch::panic_message(panic.as_ref()).to_owned();
            tracing::error!(panic = %message, "health check panicked");
            Err(format!("the health check panicked: {message}"))
        }
    }
}

/// How a shutdown ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShutdownOutcome {
    /// The `shutdown` hook finished.
    Completed,
    /// The `shutdown` hook panicked (logged).
    Panicked,
    /// The budget ran out first; the hook was abandoned (logged).
    TimedOut,
}

/// Runs the application's `shutdown` hook, abandoned when `budget` completes first (adapters
/// pass a timer: `tokio::time::sleep(Duration::from_secs(2))` on AWS, whose budget after
/// SIGTERM is 2 s). Taking the budget as a future keeps this free of any async runtime.
pub async fn shutdown<A: Application>(
    state: &A::State,
    budget: impl Future<Output = ()>,
) -> ShutdownOutcome {
    let hook = AssertUnwindSafe(A::shutdown(state)).catch_unwind();
    let budget = std::pin::pin!(budget);
    match futures_util::future::select(hook, budget).await {
        futures_util::future::Either::Left((Ok(()), _)) => {
            tracing::info!("shutdown hook completed");
            ShutdownOutcome::Completed
        }
        futures_util::future::Either::Left((Err(panic), _)) => {
            let message = crate::dispatch::panic_message(panic.as_ref()).to_owned();
            tracing::error!(panic = %message, "shutdown hook panicked");
            ShutdownOutcome::Panicked
        }
        futures_util::future::Either::Right(((), _)) => {
            tracing::error!("shutdown hook did not finish within its time budget; abandoned");
            ShutdownOutcome::TimedOut
        }
    }
}
