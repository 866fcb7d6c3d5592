//! One invocation, from the event's bytes to the response's bytes: what the Runtime API loop and
//! the offline `--event FILE` invoke both run.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;

use super::event::{self, Source};
use super::http::{self, PathConfig};
use super::records;
use crate::app::{Application, Function};
use crate::context::Context;
use crate::events::{
    self as events_api, EventDescriptor, EventError, Message, MessageOutcome, Tick,
};
use crate::response::HttpResponse;
use crate::router::RouteMatch;
use crate::service::BufferedRequest;
use crate::{AppService, BoxFuture};

/// Why an invocation failed; reported to `/runtime/invocation/{id}/error` as
/// `{"errorMessage": .., "errorType": ..}` with the `Lambda-Runtime-Function-Error-Type` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvocationError {
    /// A `Category.Reason` type, e.g. `Runtime.InvalidEvent`.
    pub error_type: String,
    /// What happened, for the person reading the function's errors.
    pub message: String,
}

impl InvocationError {
    /// An error of `error_type` with `message`.
    pub fn new(error_type: impl Into<String>, message: impl Into<String>) -> Self {
        InvocationError {
            error_type: error_type.into(),
            message: message.into(),
        }
    }

    /// The documented error body: `{"errorMessage":"..","errorType":"..","stackTrace":[]}`.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.message.len() + 64);
        out.extend_from_slice(b"{\"errorMessage\":");
        http::json_str(&mut out, &self.message);
        out.extend_from_slice(b",\"errorType\":");
        http::json_str(&mut out, &self.error_type);
        out.extend_from_slice(b",\"stackTrace\":[]}");
        out
    }
}

impl fmt::Display for InvocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error_type, self.message)
    }
}

impl std::error::Error for InvocationError {}

/// What the adapter runs requests on. Implemented by [`AppService`] (the generated function);
/// tests implement it to see exactly what a handler would receive.
pub trait Target: Send + Sync + 'static {
    /// Serves one HTTP request.
    fn http(&self, context: Context, request: BufferedRequest) -> BoxFuture<'static, HttpResponse>;

    /// The operation a request goes to, for metrics; `None` when nothing matches.
    fn operation(&self, method: &::http::Method, path: &str) -> Option<&'static str> {
        let _ = (method, path);
        None
    }

    /// The events of the manifest this function handles (its triggers). Default: none.
    fn events(&self) -> &'static [&'static EventDescriptor] {
        &[]
    }

    /// Delivers a batch of raw messages to the queue or topic event `event`.
    fn messages(
        &self,
        event: &'static str,
        messages: Vec<Message>,
        invocation_id: String,
    ) -> BoxFuture<'_, Result<Vec<MessageOutcome>, EventError>> {
        let _ = (messages, invocation_id);
        Box::pin(std::future::ready(Err(EventError::UnknownEvent {
            name: event.to_owned(),
            known: Vec::new(),
        })))
    }

    /// Fires the schedule event `event`.
    fn schedule(&self, event: &'static str, tick: Tick) -> BoxFuture<'_, Result<(), EventError>> {
        let _ = tick;
        Box::pin(std::future::ready(Err(EventError::UnknownEvent {
            name: event.to_owned(),
            known: Vec::new(),
        })))
    }
}

impl<A: Application, F: Function<A>> Target for AppService<A, F> {
    fn http(&self, context: Context, request: BufferedRequest) -> BoxFuture<'static, HttpResponse> {
        self.handle_buffered(context, request)
    }

    fn operation(&self, method: &::http::Method, path: &str) -> Option<&'static str> {
        match F::route(method, path) {
            RouteMatch::Found { index, .. } => F::OPERATIONS.get(index).map(|op| op.id),
            _ => None,
        }
    }

    fn events(&self) -> &'static [&'static EventDescriptor] {
        F::EVENTS
    }

    fn messages(
        &self,
        event: &'static str,
        messages: Vec<Message>,
        invocation_id: String,
    ) -> BoxFuture<'_, Result<Vec<MessageOutcome>, EventError>> {
        Box::pin(events_api::dispatch_messages_with_id(
            self,
            event,
            messages,
            invocation_id,
        ))
    }

    fn schedule(&self, event: &'static str, tick: Tick) -> BoxFuture<'_, Result<(), EventError>> {
        Box::pin(events_api::dispatch_schedule(self, event, tick))
    }
}

/// Settings of the adapter.
#[derive(Debug, Clone, Default)]
pub struct AdapterConfig {
    /// How paths are read from HTTP events.
    pub paths: PathConfig,
    /// Name the operation of each HTTP request in its [`Outcome`] (for metrics), at the cost of
    /// routing it once more.
    pub resolve_operations: bool,
}

/// What one invocation did, for logs and metrics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The source of the event.
    pub source: Source,
    /// The operation served, for HTTP requests that matched one.
    pub operation: Option<&'static str>,
    /// The HTTP status answered, for HTTP requests.
    pub status: Option<u16>,
    /// The event served, for SQS, SNS and EventBridge deliveries.
    pub event: Option<&'static str>,
    /// The messages reported failed, for SQS batches.
    pub failed: usize,
}

impl Outcome {
    fn http(source: Source, operation: Option<&'static str>, status: u16) -> Self {
        Outcome {
            source,
            operation,
            status: Some(status),
            event: None,
            failed: 0,
        }
    }

    fn event(source: Source, event: &'static str, failed: usize) -> Self {
        Outcome {
            source,
            operation: None,
            status: None,
            event: Some(event),
            failed,
        }
    }
}

/// Turns events into calls of a [`Target`] and their results into the response JSON of the
/// event's source.
pub struct Adapter<T> {
    target: Arc<T>,
    config: AdapterConfig,
}

impl<T> Clone for Adapter<T> {
    fn clone(&self) -> Self {
        Adapter {
            target: Arc::clone(&self.target),
            config: self.config.clone(),
        }
    }
}

impl<T: Target> Adapter<T> {
    /// An adapter over `target`.
    pub fn new(target: T, config: AdapterConfig) -> Self {
        Adapter {
            target: Arc::new(target),
            config,
        }
    }

    /// The target.
    pub fn target(&self) -> &T {
        &self.target
    }

    /// Runs one event. Returns the response body to post to the Runtime API, or the error to
    /// report: an event that is not JSON, or that matches none of the function's sources, is an
    /// error that says what arrived.
    pub async fn invoke(
        &self,
        event: &[u8],
        context: Context,
    ) -> Result<(Vec<u8>, Outcome), InvocationError> {
        self.invoke_bytes(Bytes::copy_from_slice(event), context)
            .await
    }

    /// [`Adapter::invoke`] on the event's own buffer: header values and the body of an HTTP
    /// event are slices of it, not copies.
    pub async fn invoke_bytes(
        &self,
        buffer: Bytes,
        context: Context,
    ) -> Result<(Vec<u8>, Outcome), InvocationError> {
        let event = buffer.as_ref();
        let parsed = event::parse(event).map_err(|error| {
            InvocationError::new(
                "Runtime.InvalidEvent",
                format!("the event is not a JSON object of a known shape: {error}"),
            )
        })?;
        let Some(source) = parsed.source() else {
            return Err(InvocationError::new(
                "Runtime.UnknownEvent",
                format!(
                    "{} arrived; this function's triggers are HTTP requests and {}",
                    parsed.describe(),
                    records::describe_triggers(self.target.events())
                ),
            ));
        };
        match source {
            Source::ApiGatewayV1 | Source::ApiGatewayV2 | Source::Alb { .. } => {
                let request = http::request(&parsed, &buffer, source, &self.config.paths);
                drop(parsed);
                let (response, operation) = match request {
                    Ok(request) => {
                        let operation = if self.config.resolve_operations {
                            self.target.operation(&request.method, &request.path)
                        } else {
                            None
                        };
                        (self.target.http(context, request).await, operation)
                    }
                    Err(problem) => (problem.into_response(), None),
                };
                let status = response.status().as_u16();
                let body = http::encode(source, response).await;
                Ok((body, Outcome::http(source, operation, status)))
            }
            Source::Sqs => {
                drop(parsed);
                let events = self.target.events();
                let (descriptor, fifo, messages) = records::sqs_batch(event, events)?;
                let outcomes = self
                    .target
                    .messages(descriptor.name, messages, context.request_id)
                    .await
                    .map_err(rejected)?;
                let failed = records::failed_ids(&outcomes, fifo);
                let count = failed.len();
                Ok((
                    records::batch_response(&failed),
                    Outcome::event(source, descriptor.name, count),
                ))
            }
            Source::Sns => {
                drop(parsed);
                let events = self.target.events();
                let (descriptor, messages) = records::sns_messages(event, events)?;
                let outcomes = self
                    .target
                    .messages(descriptor.name, messages, context.request_id)
                    .await
                    .map_err(rejected)?;
                // SNS ignores the response; an error makes Lambda retry the notification.
                if let Some(failure) = outcomes.iter().find_map(|o| o.failure.as_ref()) {
                    return Err(InvocationError::new(
                        "Handler.MessageFailed",
                        format!("event `{}`: {}", descriptor.name, failure.detail),
                    ));
                }
                Ok((b"null".to_vec(), Outcome::event(source, descriptor.name, 0)))
            }
            Source::EventBridge => {
                drop(parsed);
                let events = self.target.events();
                let (descriptor, tick) = records::schedule_tick(event, events)?;
                self.target
                    .schedule(descriptor.name, tick)
                    .await
                    .map_err(|error| {
                        InvocationError::new(
                            "Handler.ScheduleFailed",
                            format!("event `{}`: {error}", descriptor.name),
                        )
                    })?;
                Ok((b"null".to_vec(), Outcome::event(source, descriptor.name, 0)))
            }
        }
    }
}

/// A delivery the events runtime refused as a whole (a batch larger than the manifest allows, a
/// failed schedule dispatch): the whole invocation failed, so the platform retries it.
fn rejected(error: EventError) -> InvocationError {
    InvocationError::new("Runtime.EventRejected", error.to_string())
}
