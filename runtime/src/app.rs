//! The traits that tie generated code, user handlers and `#[components]` together.
//!
//! The generator emits one [`Operation`] type per spec operation and one [`Function`] type per
//! deployable function. `#[endpoint(opId)]` turns an `async fn` into an [`Endpoint`], and
//! `#[components(...)]` declares the [`Application`]: its state, its lifecycle hooks and, through
//! [`Handles`], which endpoint serves which operation. Completeness (every operation of the spec
//! has exactly one handler) is proven by rustc through these traits; nothing is discovered at run
//! time.

use std::sync::Arc;

use crate::context::Context;
use crate::descriptor::OperationDescriptor;
use crate::policy::HttpPolicy;
use crate::response::HttpResponse;
use crate::router::RouteMatch;
use crate::security::{Credential, Principal};
use crate::{BoxError, BoxFuture};

/// A spec operation, implemented by a unit type the generator emits in `api::operations`.
pub trait Operation: Send + Sync + 'static {
    /// The decoded and validated request: parameters and body.
    type Request: crate::request::FromRequest + Send + 'static;
    /// The response enum, one variant per declared status.
    type Response: IntoHttpResponse + Send + 'static;
    /// Static facts about the operation: id, method, path template, parameters, body.
    const DESCRIPTOR: &'static OperationDescriptor;
}

/// A value that encodes itself as an HTTP response (status, headers, content type and body).
pub trait IntoHttpResponse {
    /// Encodes `self`.
    fn into_http_response(self) -> HttpResponse;
}

/// The application declared by `#[components(...)]`.
pub trait Application: Sized + Send + Sync + 'static {
    /// The state shared by every handler; built once by [`Application::init`].
    type State: Send + Sync + 'static;

    /// Builds the state, once, before the first request or event.
    fn init() -> BoxFuture<'static, Result<Self::State, BoxError>>;

    /// Checks API keys, HTTP basic and other non-bearer credentials: the hook given to
    /// `#[components(credentials = check)]`. An application for a spec with such schemes and
    /// no hook does not compile ([`crate::security::ChecksCredentials`]); this default, for
    /// applications written without `#[components]`, answers 500 and logs the cause.
    fn check_credential<'a>(
        state: &'a Self::State,
        credential: Credential<'a>,
    ) -> BoxFuture<'a, Result<Principal, crate::Problem>> {
        let _ = state;
        tracing::error!(
            scheme = credential.scheme(),
            "credentials of this scheme cannot be checked: give #[components] a `credentials` hook"
        );
        Box::pin(std::future::ready(Err(crate::Problem::internal())))
    }

    /// Checks the state before each invocation (request or event), and repairs it where it can
    /// (reconnecting a database after the instance was frozen, for example). An error answers
    /// the invocation without calling the handler. Default: nothing to check.
    fn health_check(state: &Self::State) -> BoxFuture<'_, Result<(), BoxError>> {
        let _ = state;
        Box::pin(std::future::ready(Ok(())))
    }

    /// Releases the state when the platform stops the instance (SIGTERM, FC pre-stop), within
    /// the platform's budget (see [`crate::lifecycle::shutdown`]). Default: nothing to do.
    fn shutdown(state: &Self::State) -> BoxFuture<'_, ()> {
        let _ = state;
        Box::pin(std::future::ready(()))
    }
}

/// An `async fn` bound to an operation by `#[endpoint(opId)]`, whatever its state.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an endpoint handler",
    label = "not marked with `#[endpoint(operationId)]`",
    note = "mark the handler with `#[endpoint(operationId)]`"
)]
pub trait Handler: Send + Sync + 'static {
    /// The operation this endpoint serves.
    type Operation: Operation;
}

/// An `async fn` bound to an operation by `#[endpoint(opId)]`, for an application whose state is `S`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an endpoint handler for state `{S}`",
    label = "this handler does not take `&{S}`",
    note = "a handler's state argument must be a reference to the state type given to `#[components(state = ...)]`"
)]
pub trait Endpoint<S>: Handler {
    /// Runs the handler on a decoded request and encodes its result.
    fn call(
        state: Arc<S>,
        context: Context,
        request: <Self::Operation as Operation>::Request,
    ) -> BoxFuture<'static, HttpResponse>;
}

/// Links an application to the endpoint that serves `Op`. Implemented by `#[components]`; a
/// second handler for the same operation is a conflicting implementation.
///
/// It forwards to the endpoint through a method rather than naming it in an associated type, so
/// that a private handler can serve a public application.
pub trait Handles<Op: Operation>: Application {
    /// Runs the endpoint that serves `Op`.
    fn call(
        state: Arc<Self::State>,
        context: Context,
        request: Op::Request,
    ) -> BoxFuture<'static, HttpResponse>;
}

/// Marks the request type of an operation. The generator implements it once per operation so
/// that a handler taking the wrong request type fails with a message naming the operation.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the request type of operation `{Op}`",
    label = "wrong request type for this operation",
    note = "each operation has its own generated request type, `api::ops::<OperationId>Request`"
)]
pub trait RequestOf<Op: Operation>: Sized {
    /// The operation's decoded request, as this type (it is the same type).
    fn from_operation_request(request: Op::Request) -> Self;
}

/// What a handler of `Op` may return: the operation's response enum, or a `Result` of it whose
/// error converts into a [`Problem`](crate::Problem). Implemented by the generator per operation.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned by a handler of operation `{Op}`",
    label = "wrong return type for this operation",
    note = "return the operation's response enum `api::ops::<OperationId>Response`, or `Result<that, E>` where `E: Into<sls_runtime::Problem>`"
)]
pub trait HandlerOutput<Op> {
    /// Encodes the handler's result.
    fn into_http_response(self) -> HttpResponse;
}

/// A deployable function: a group of operations with its own route table and dispatch.
/// The generator implements it for each function of the manifest (and for `All`).
pub trait Function<A: Application>: Send + Sync + 'static {
    /// The function's name in the manifest.
    const NAME: &'static str;
    /// The operations of this function; [`RouteMatch::Found`] indexes into it.
    const OPERATIONS: &'static [&'static OperationDescriptor];
    /// CORS, body limit and rate limit, from the manifest.
    const POLICY: &'static HttpPolicy = &HttpPolicy::DEFAULT;

    /// Finds the operation for a method and a path (without query string).
    fn route<'p>(method: &http::Method, path: &'p str) -> RouteMatch<'p>;

    /// Decodes the request of operation `index` of [`Function::OPERATIONS`], runs its handler and
    /// encodes the response.
    fn dispatch(
        index: usize,
        state: Arc<A::State>,
        context: Context,
        request: crate::request::RawRequest,
    ) -> BoxFuture<'static, HttpResponse>;

    /// The events of this function (schedules, queues and topics of the manifest);
    /// [`Function::dispatch_event`] indexes into it. Default: none.
    const EVENTS: &'static [&'static crate::events::EventDescriptor] = &[];

    /// Runs the handler of event `index` of [`Function::EVENTS`] on one invocation. Platform
    /// adapters call [`crate::events::dispatch_schedule`] and
    /// [`crate::events::dispatch_messages`] rather than this.
    fn dispatch_event(
        index: usize,
        state: Arc<A::State>,
        invocation: crate::events::Invocation,
    ) -> BoxFuture<'static, crate::events::EventResult> {
        let _ = (state, invocation);
        crate::events::unknown_event(index)
    }
}

/// The per-operation glue every generated operation needs: `RequestOf` for its request type and
/// `HandlerOutput` for its response enum and for `Result`s of it. One invocation per operation
/// keeps the generated module small on specs with thousands of operations.
#[doc(hidden)]
#[macro_export]
macro_rules! __operation_glue {
    ($op:ty, $request:ty, $response:ty $(,)?) => {
        #[automatically_derived]
        impl $crate::RequestOf<$op> for $request {
            fn from_operation_request(request: Self) -> Self {
                request
            }
        }

        #[automatically_derived]
        impl $crate::HandlerOutput<$op> for $response {
            fn into_http_response(self) -> $crate::HttpResponse {
                $crate::IntoHttpResponse::into_http_response(self)
            }
        }

        #[automatically_derived]
        impl<E: ::core::convert::Into<$crate::Problem>> $crate::HandlerOutput<$op>
            for ::core::result::Result<$response, E>
        {
            fn into_http_response(self) -> $crate::HttpResponse {
                match self {
                    ::core::result::Result::Ok(response) => {
                        $crate::IntoHttpResponse::into_http_response(response)
                    }
                    ::core::result::Result::Err(error) => {
                        ::core::convert::Into::<$crate::Problem>::into(error).into_response()
                    }
                }
            }
        }
    };
}
