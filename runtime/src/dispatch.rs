//! Running one operation: decode, call the handler, encode, and survive panics.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures_util::FutureExt;

use crate::app::{Handles, Operation};
use crate::context::Context;
use crate::request::{self, RawRequest};
use crate::response::HttpResponse;
use crate::{BoxFuture, Problem};

/// Decodes `raw` as a request of `Op`, runs the endpoint that `A` registered for it and encodes
/// its result. Invalid requests answer 400/415 problems without reaching the handler; a panic in
/// the handler answers 500 and is logged.
pub fn invoke<A, Op>(
    state: Arc<A::State>,
    mut context: Context,
    raw: RawRequest,
) -> BoxFuture<'static, HttpResponse>
where
    A: Handles<Op>,
    Op: Operation,
{
    context.operation_id = Op::DESCRIPTOR.id;
    let accept = raw
        .headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let request = match request::decode::<Op::Request>(Op::DESCRIPTOR, &raw) {
        Ok(request) => request,
        Err(problem) => return Box::pin(std::future::ready(problem.into_response())),
    };
    let operation = Op::DESCRIPTOR.id;
    let call = std::panic::catch_unwind(AssertUnwindSafe(move || {
        <A as Handles<Op>>::call(state, context, request)
    }));
    Box::pin(async move {
        let outcome = match call {
            Ok(future) => AssertUnwindSafe(future).catch_unwind().await,
            Err(panic) => Err(panic),
        };
        match outcome {
            Ok(response) => crate::response::negotiate(response, accept.as_deref()),
            Err(panic) => {
                let message = panic_message(panic.as_ref());
                tracing::error!(operation, panic = %message, "handler panicked");
                Problem::internal().into_response()
            }
        }
    })
}

pub(crate) fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s
    } else {
        "(non-string panic payload)"
    }
}

/// The answer of a dispatch table asked for an index it does not have (a bug, never a panic).
#[doc(hidden)]
pub fn unknown_operation(index: usize) -> BoxFuture<'static, HttpResponse> {
    tracing::error!(index, "dispatch of an unknown operation index");
    Box::pin(std::future::ready(Problem::internal().into_response()))
}
