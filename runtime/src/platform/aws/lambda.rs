//! The Runtime API loop: `next`, run the event, post the response or the error, again, until
//! SIGTERM.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::time::{Instant, SystemTime};

use futures_util::FutureExt;
use tracing::Instrument;

use super::client::{ApiError, NextInvocation, RuntimeApi};
use super::invoke::{Adapter, InvocationError, Target};
use super::metrics::Metrics;
use crate::context::{Context, Platform};

/// Runs invocations from `client` through `adapter` until `shutdown` completes (SIGTERM) or the
/// Runtime API fails in a way the contract calls fatal. A handler that panics or an event that
/// cannot be read is reported as that invocation's error, and the loop goes on.
pub async fn run_loop<T: Target>(
    client: &mut RuntimeApi,
    adapter: &Adapter<T>,
    metrics: &Metrics,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ApiError> {
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let next = tokio::select! {
            next = client.next() => next?,
            () = &mut shutdown => return Ok(()),
        };
        invocation(client, adapter, metrics, next).await?;
    }
}

/// Runs one invocation and reports its outcome to the Runtime API.
pub async fn invocation<T: Target>(
    client: &mut RuntimeApi,
    adapter: &Adapter<T>,
    metrics: &Metrics,
    next: NextInvocation,
) -> Result<(), ApiError> {
    export_trace_id(next.trace_id.as_deref());
    let mut context = Context::new(Platform::Aws, next.request_id.clone());
    context.deadline = next.deadline(SystemTime::now());
    let span = tracing::info_span!("invocation", request_id = %next.request_id);
    let started = Instant::now();
    let outcome = AssertUnwindSafe(adapter.invoke_bytes(next.event.clone(), context))
        .catch_unwind()
        .instrument(span.clone())
        .await;
    let _entered = span.enter();
    let elapsed = started.elapsed();
    let result = match outcome {
        Ok(Ok((body, outcome))) => {
            tracing::info!(
                source = ?outcome.source,
                operation = outcome.operation.or(outcome.event).unwrap_or(""),
                failed = outcome.failed,
                status = outcome.status.unwrap_or(0),
                elapsed_us = elapsed.as_micros() as u64,
                "invocation"
            );
            metrics.record(&outcome, elapsed);
            client.respond(&next.request_id, body).await
        }
        Ok(Err(error)) => {
            tracing::error!(error_type = %error.error_type, message = %error.message, "invocation failed");
            client.error(&next.request_id, &error).await
        }
        Err(panic) => {
            let message = panic_message(panic.as_ref());
            tracing::error!(panic = %message, "invocation panicked");
            let error = InvocationError::new(
                "Runtime.HandlerPanic",
                format!("the handler panicked: {message}"),
            );
            client.error(&next.request_id, &error).await
        }
    };
    match result {
        Ok(()) => Ok(()),
        Err(error) if error.is_fatal() => Err(error),
        Err(error) => {
            // A response the Runtime API refuses (too large, for one) is still this invocation's
            // failure: say so, so that the caller gets an error rather than a timeout.
            tracing::error!(%error, "the Runtime API refused the invocation's outcome");
            let refused = InvocationError::new("Runtime.ResponseRefused", error.to_string());
            match client.error(&next.request_id, &refused).await {
                Err(error) if error.is_fatal() => Err(error),
                _ => Ok(()),
            }
        }
    }
}

/// Exports `Lambda-Runtime-Trace-Id` as `_X_AMZN_TRACE_ID` for the X-Ray SDKs, as the contract
/// asks; removed when an invocation has none. The loop runs one invocation at a time on one
/// thread, so no other thread reads the environment meanwhile.
fn export_trace_id(trace_id: Option<&str>) {
    match trace_id {
        Some(id) => std::env::set_var("_X_AMZN_TRACE_ID", id),
        None => std::env::remove_var("_X_AMZN_TRACE_ID"),
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "(non-string panic payload)".to_owned()
    }
}
