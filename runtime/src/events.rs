//! Events: schedules (timers), queue messages and topic messages, dispatched to typed handlers.
//!
//! The manifest's `x-sls.events` declares each event with the function that handles it. The
//! generator emits, per event, a unit type implementing [`Event`] (and [`ScheduleEvent`] or
//! [`MessageEvent`]) with its [`EventDescriptor`], and adds the function's events to its
//! [`Function`] implementation ([`Function::EVENTS`], [`Function::dispatch_event`]).
//!
//! # For platform adapters
//!
//! Adapters need no knowledge of payload types. They find the event a trigger stands for, by
//! name ([`find_event`]) or by its queue or topic ([`find_by_source`]), and hand over raw data:
//!
//! - a timer fires: [`dispatch_schedule`] with a [`Tick`] (an id and the scheduled time);
//! - a batch of queue or topic messages arrives: [`dispatch_messages`] with one [`Message`] per
//!   record (its id, its raw body bytes, its attributes). The answer holds one
//!   [`MessageOutcome`] per message, in order; an adapter reports the failed ones to the
//!   platform (AWS SQS: `batchItemFailures` with their ids) so that only those are retried.
//!
//! ```ignore
//! use sls_runtime::events::{self, Message, Tick};
//!
//! let service = sls_runtime::AppService::<App, api::functions::Orders>::init(config).await?;
//! // An EventBridge schedule rule fired:
//! events::dispatch_schedule(&service, "purgeSessions", Tick::new(event_id, time)).await?;
//! // An SQS batch arrived:
//! let messages = records.iter().map(|r| Message::new(&r.message_id, r.body.clone())).collect();
//! let outcomes = events::dispatch_messages(&service, "shipOrder", messages).await?;
//! let failed: Vec<&str> = outcomes.iter().filter(|o| !o.is_ok()).map(|o| o.id.as_str()).collect();
//! ```
//!
//! Each dispatch runs the application's `health_check` first, then the handler inside a
//! `tracing` span `event` carrying the event's name and the invocation id (and a span `message`
//! with the message id per message). A message whose body is not JSON or does not match the
//! payload schema is reported failed with a `tracing` error naming the failing fields (never the
//! raw input) and never reaches the handler; a handler returning an error or panicking fails
//! that message only; the process keeps going.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::FutureExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tracing::Instrument;

use crate::app::{Application, Function};
use crate::context::Platform;
use crate::problem::FieldError;
use crate::schedule::Schedule;
use crate::schema::{self, Schema};
use crate::service::AppService;
use crate::{BoxFuture, Problem};

/// The kind of an event, from the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    /// A timer: `schedule: "rate(1 hour)"` or `schedule: "cron(0 12 * * ? *)"`.
    Schedule,
    /// Messages from a queue (`queue: orders`), delivered in batches.
    Queue,
    /// Messages published to a topic (`topic: signups`).
    Topic,
}

impl EventKind {
    /// `schedule`, `queue` or `topic`, as in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Schedule => "schedule",
            EventKind::Queue => "queue",
            EventKind::Topic => "topic",
        }
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Static facts about one event of the manifest, emitted by the generator.
#[derive(Debug)]
pub struct EventDescriptor {
    /// The event's name in the manifest (`purgeSessions`).
    pub name: &'static str,
    /// Schedule, queue or topic.
    pub kind: EventKind,
    /// The function of the manifest that handles the event.
    pub function: &'static str,
    /// The queue or topic name for messages; the expression as written for schedules
    /// (`rate(1 hour)`).
    pub source: &'static str,
    /// The decoded expression of a schedule; `None` for messages.
    pub schedule: Option<&'static Schedule>,
    /// The largest batch of messages delivered at once (1 for schedules and topics).
    pub batch: u32,
    /// A FIFO queue: messages of a batch are handled in order, and after the first failure the
    /// rest of the batch is reported failed without being handled (so that order is kept on
    /// retry).
    pub fifo: bool,
    /// The payload type's name, for messages (`Order`).
    pub payload: Option<&'static str>,
}

/// A timer firing, handed to a `#[scheduled]` handler.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Tick {
    /// The name of the schedule event (filled in by the dispatch).
    pub event: &'static str,
    /// The platform's id of this firing (EventBridge event id, FC/SCF request id; a generated
    /// one locally). Also the invocation id of the tracing span.
    pub id: String,
    /// The time the schedule fired for (UTC).
    pub time: DateTime<Utc>,
}

impl Tick {
    /// A firing with the platform's id, for the scheduled time `time`.
    pub fn new(id: impl Into<String>, time: DateTime<Utc>) -> Self {
        Tick {
            event: "",
            id: id.into(),
            time,
        }
    }
}

/// One raw queue or topic message, as a platform adapter receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Message {
    /// The platform's message id (SQS `messageId`, SNS `MessageId`); reported back in the
    /// message's [`MessageOutcome`].
    pub id: String,
    /// The raw payload: JSON text, decoded and validated against the event's payload schema.
    pub body: Bytes,
    /// The message's string attributes (SQS message attributes, SNS message attributes, ...).
    pub attributes: BTreeMap<String, String>,
}

impl Message {
    /// A message with an id and its raw body, without attributes.
    pub fn new(id: impl Into<String>, body: impl Into<Bytes>) -> Self {
        Message {
            id: id.into(),
            body: body.into(),
            attributes: BTreeMap::new(),
        }
    }

    /// Adds an attribute.
    pub fn with_attribute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.attributes.insert(name.into(), value.into());
        self
    }
}

/// What a `#[message]` handler learns about its message besides the payload.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MessageMeta {
    /// The event's name in the manifest.
    pub event: &'static str,
    /// The platform's message id.
    pub id: String,
    /// The message's attributes.
    pub attributes: BTreeMap<String, String>,
    /// The id of the invocation that delivered the batch.
    pub invocation_id: String,
    /// The platform running this invocation.
    pub platform: Platform,
}

/// A decoded message: the typed payload and its metadata. The input of a message event.
#[derive(Debug, Clone)]
pub struct Delivery<P> {
    /// The payload, decoded and validated against the event's schema.
    pub payload: P,
    /// The message's id, attributes and invocation.
    pub meta: MessageMeta,
}

/// Why a message failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureReason {
    /// The body is not JSON, or does not match the payload schema; the handler was not called.
    InvalidPayload,
    /// The handler returned an error.
    Handler,
    /// The handler panicked.
    Panic,
    /// The application's `health_check` failed before the batch.
    HealthCheck,
    /// Not handled: an earlier message of the same FIFO batch failed.
    Skipped,
}

/// The failure of one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageFailure {
    /// Why it failed.
    pub reason: FailureReason,
    /// A human-readable explanation (never the raw input).
    pub detail: String,
    /// For an invalid payload: each failing field by JSON pointer into the payload.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// The result of one message of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageOutcome {
    /// The message's id, as given in [`Message::id`].
    pub id: String,
    /// `None` when the handler succeeded.
    #[serde(flatten, serialize_with = "serialize_failure")]
    pub failure: Option<MessageFailure>,
}

fn serialize_failure<S: serde::Serializer>(
    failure: &Option<MessageFailure>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(None)?;
    match failure {
        None => map.serialize_entry("status", "ok")?,
        Some(failure) => {
            map.serialize_entry("status", "failed")?;
            map.serialize_entry("reason", &failure.reason)?;
            map.serialize_entry("detail", &failure.detail)?;
            if !failure.errors.is_empty() {
                map.serialize_entry("errors", &failure.errors)?;
            }
        }
    }
    map.end()
}

impl MessageOutcome {
    /// A handled message.
    pub fn ok(id: impl Into<String>) -> Self {
        MessageOutcome {
            id: id.into(),
            failure: None,
        }
    }

    /// A failed message.
    pub fn failed(id: impl Into<String>, reason: FailureReason, detail: impl Into<String>) -> Self {
        MessageOutcome {
            id: id.into(),
            failure: Some(MessageFailure {
                reason,
                detail: detail.into(),
                errors: Vec::new(),
            }),
        }
    }

    /// Whether the handler succeeded.
    pub fn is_ok(&self) -> bool {
        self.failure.is_none()
    }
}

/// An error of a whole dispatch (as opposed to the failure of one message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventError {
    /// The function has no event of this name.
    UnknownEvent {
        /// The name asked for.
        name: String,
        /// The events the function has.
        known: Vec<&'static str>,
    },
    /// The event exists but is of another kind (a tick for a queue event, messages for a
    /// schedule).
    WrongKind {
        /// The event's name.
        name: &'static str,
        /// Its kind in the manifest.
        kind: EventKind,
    },
    /// A batch larger than the event's `batch` setting.
    BatchTooLarge {
        /// The event's name.
        name: &'static str,
        /// The batch size of the manifest.
        limit: u32,
        /// The number of messages given.
        given: usize,
    },
    /// The application's `health_check` failed; the handler was not called.
    HealthCheck(String),
    /// The schedule handler returned an error (its problem detail, or title).
    Handler(String),
    /// The schedule handler panicked.
    Panic(String),
}

impl std::fmt::Display for EventError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EventError::UnknownEvent { name, known } if known.is_empty() => {
                write!(f, "unknown event `{name}`: this function has no events")
            }
            EventError::UnknownEvent { name, known } => write!(
                f,
                "unknown event `{name}`; this function's events are: {}",
                known.join(", ")
            ),
            EventError::WrongKind { name, kind } => {
                let takes = match kind {
                    EventKind::Schedule => "a tick, not messages",
                    EventKind::Queue | EventKind::Topic => "messages, not a tick",
                };
                write!(f, "event `{name}` is a {kind} event and takes {takes}")
            }
            EventError::BatchTooLarge { name, limit, given } => write!(
                f,
                "event `{name}` takes at most {limit} messages at once, not {given}"
            ),
            EventError::HealthCheck(detail) => write!(f, "health check failed: {detail}"),
            EventError::Handler(detail) => write!(f, "the handler failed: {detail}"),
            EventError::Panic(message) => write!(f, "the handler panicked: {message}"),
        }
    }
}

impl std::error::Error for EventError {}

/// An event of the manifest, implemented by a unit type the generator emits in `api::events`.
pub trait Event: Sized + Send + Sync + 'static {
    /// Static facts about the event.
    const DESCRIPTOR: &'static EventDescriptor;
    /// What the handler receives: a [`Tick`] for schedules, a [`Delivery`] of the payload type
    /// for messages.
    type Input: Send + 'static;

    /// Runs the handler `A` registered for this event on one invocation.
    #[doc(hidden)]
    fn run<A: HandlesEvent<Self>>(
        state: Arc<A::State>,
        invocation: Invocation,
    ) -> BoxFuture<'static, EventResult>;
}

/// A schedule event (`rate(...)` or `cron(...)`), bound with `#[scheduled(name)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a schedule event",
    label = "`#[scheduled]` binds schedule events only",
    note = "bind queue and topic events with `#[message(name)]`"
)]
pub trait ScheduleEvent: Event<Input = Tick> {}

/// A queue or topic event with a typed payload, bound with `#[message(name)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a queue or topic event",
    label = "`#[message]` binds queue and topic events only",
    note = "bind schedule events with `#[scheduled(name)]`"
)]
pub trait MessageEvent: Event<Input = Delivery<Self::Payload>> {
    /// The payload type generated from the manifest's `payload` schema.
    type Payload: Send + 'static;
}

/// An `async fn` bound to an event by `#[scheduled(name)]` or `#[message(name)]`, whatever its
/// state.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an event handler",
    label = "not marked with `#[scheduled(event)]` or `#[message(event)]`",
    note = "mark schedule handlers with `#[scheduled(name)]` and queue or topic handlers with `#[message(name)]`"
)]
pub trait EventHandler: Send + Sync + 'static {
    /// The event this handler serves.
    type Event: Event;
}

/// An event handler for an application whose state is `S`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an event handler for state `{S}`",
    label = "this handler does not take `&{S}`",
    note = "a handler's state argument must be a reference to the state type given to `#[components(state = ...)]`"
)]
pub trait EventEndpoint<S>: EventHandler {
    /// Runs the handler.
    fn call(
        state: Arc<S>,
        input: <Self::Event as Event>::Input,
    ) -> BoxFuture<'static, Result<(), Problem>>;
}

/// What an event handler may return: `()`, or `Result<(), E>` whose error converts into a
/// [`Problem`] (a failed message, or a failed schedule run; the detail is logged).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned by an event handler",
    label = "wrong return type for an event handler",
    note = "return `()` or `Result<(), E>` where `E: Into<sls_runtime::Problem>`"
)]
pub trait EventOutput {
    /// The handler's result as success or a problem.
    fn into_result(self) -> Result<(), Problem>;
}

impl EventOutput for () {
    fn into_result(self) -> Result<(), Problem> {
        Ok(())
    }
}

impl<E: Into<Problem>> EventOutput for Result<(), E> {
    fn into_result(self) -> Result<(), Problem> {
        self.map_err(Into::into)
    }
}

/// The error of an event handler that is not written yet (what `sls-gen init` stubs return):
/// the message is reported failed, or the schedule run, with this detail.
pub fn not_implemented(event: &str) -> Problem {
    Problem::new(http::StatusCode::NOT_IMPLEMENTED).with_detail(format!(
        "the handler of event `{event}` is not implemented yet"
    ))
}

/// The tick of a schedule event's input; fails to compile (naming the event) when `E` is not a
/// schedule. Used by `#[scheduled]`.
#[doc(hidden)]
pub fn tick_of<E: ScheduleEvent>(input: E::Input) -> Tick {
    input
}

/// The payload and metadata of a message event's input; fails to compile (naming the event)
/// when `E` is not a queue or topic event. Used by `#[message]`.
#[doc(hidden)]
pub fn delivery_of<E: MessageEvent>(input: E::Input) -> (E::Payload, MessageMeta) {
    (input.payload, input.meta)
}

/// Links an application to the handler of event `E`. Implemented by `#[components(events(..))]`;
/// a second handler for the same event is a conflicting implementation.
pub trait HandlesEvent<E: Event>: Application {
    /// Runs the handler that serves `E`.
    fn call(state: Arc<Self::State>, input: E::Input) -> BoxFuture<'static, Result<(), Problem>>;
}

/// One event invocation, as [`Function::dispatch_event`] receives it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Invocation {
    /// The invocation id of the tracing span (the platform's request id, or a generated one).
    pub id: String,
    /// The platform running the invocation.
    pub platform: Platform,
    /// The tick or the messages.
    pub input: EventInput,
}

/// The data of one event invocation.
#[derive(Debug, Clone)]
pub enum EventInput {
    /// A schedule fired.
    Tick(Tick),
    /// A batch of queue or topic messages.
    Messages(Vec<Message>),
}

/// What one event invocation produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventResult {
    /// A schedule's result.
    Tick(Result<(), EventError>),
    /// One outcome per message, in the order given.
    Messages(Vec<MessageOutcome>),
    /// The invocation could not run at all (a tick for a message event, for example).
    Rejected(EventError),
}

/// Runs the schedule handler of `A` for `E`: the implementation of [`Event::run`] for
/// schedules (called by generated code).
#[doc(hidden)]
pub fn run_schedule<A, E>(
    state: Arc<A::State>,
    invocation: Invocation,
) -> BoxFuture<'static, EventResult>
where
    A: HandlesEvent<E>,
    E: Event<Input = Tick>,
{
    let descriptor = E::DESCRIPTOR;
    let mut tick = match invocation.input {
        EventInput::Tick(tick) => tick,
        EventInput::Messages(_) => {
            return ready(EventResult::Rejected(EventError::WrongKind {
                name: descriptor.name,
                kind: descriptor.kind,
            }))
        }
    };
    tick.event = descriptor.name;
    let time = tick.time;
    let call = std::panic::catch_unwind(AssertUnwindSafe(move || {
        <A as HandlesEvent<E>>::call(state, tick)
    }));
    Box::pin(async move {
        let outcome = match call {
            Ok(future) => AssertUnwindSafe(future).catch_unwind().await,
            Err(panic) => Err(panic),
        };
        let result = match outcome {
            Ok(Ok(())) => {
                tracing::info!(%time, "schedule handled");
                Ok(())
            }
            Ok(Err(problem)) => {
                let detail = problem_text(&problem);
                tracing::error!(%time, error = %detail, "schedule handler failed");
                Err(EventError::Handler(detail))
            }
            Err(panic) => {
                let message = crate::dispatch::panic_message(panic.as_ref()).to_owned();
                tracing::error!(%time, panic = %message, "schedule handler panicked");
                Err(EventError::Panic(message))
            }
        };
        EventResult::Tick(result)
    })
}

/// Decodes each message against `E`'s payload and runs the message handler of `A` on the valid
/// ones: the implementation of [`Event::run`] for messages (called by generated code, through
/// [`__message_event!`](crate::__message_event)).
#[doc(hidden)]
pub fn run_messages<A, E, P>(
    state: Arc<A::State>,
    invocation: Invocation,
    payload_schema: &'static Schema,
) -> BoxFuture<'static, EventResult>
where
    A: HandlesEvent<E>,
    E: Event<Input = Delivery<P>>,
    P: DeserializeOwned + Send + 'static,
{
    let descriptor = E::DESCRIPTOR;
    let messages = match invocation.input {
        EventInput::Messages(messages) => messages,
        EventInput::Tick(_) => {
            return ready(EventResult::Rejected(EventError::WrongKind {
                name: descriptor.name,
                kind: descriptor.kind,
            }))
        }
    };
    let invocation_id = invocation.id;
    let platform = invocation.platform;
    let one = move |message: Message| {
        let state = Arc::clone(&state);
        let span = tracing::info_span!("message", id = %message.id);
        let invocation_id = invocation_id.clone();
        async move {
            let id = message.id.clone();
            let payload = match decode_payload::<P>(&message.body, payload_schema) {
                Ok(payload) => payload,
                Err(failure) => {
                    tracing::error!(
                        errors = %field_list(&failure.errors),
                        "message rejected: {}",
                        failure.detail
                    );
                    return MessageOutcome {
                        id,
                        failure: Some(failure),
                    };
                }
            };
            let meta = MessageMeta {
                event: descriptor.name,
                id: message.id,
                attributes: message.attributes,
                invocation_id,
                platform,
            };
            let delivery = Delivery { payload, meta };
            let call = std::panic::catch_unwind(AssertUnwindSafe(move || {
                <A as HandlesEvent<E>>::call(state, delivery)
            }));
            let outcome = match call {
                Ok(future) => AssertUnwindSafe(future).catch_unwind().await,
                Err(panic) => Err(panic),
            };
            match outcome {
                Ok(Ok(())) => MessageOutcome::ok(id),
                Ok(Err(problem)) => {
                    let detail = problem_text(&problem);
                    tracing::error!(error = %detail, "message handler failed");
                    MessageOutcome::failed(id, FailureReason::Handler, detail)
                }
                Err(panic) => {
                    let message = crate::dispatch::panic_message(panic.as_ref()).to_owned();
                    tracing::error!(panic = %message, "message handler panicked");
                    MessageOutcome::failed(
                        id,
                        FailureReason::Panic,
                        format!("the handler panicked: {message}"),
                    )
                }
            }
        }
        .instrument(span)
    };
    if descriptor.fifo {
        Box::pin(async move {
            let mut outcomes = Vec::with_capacity(messages.len());
            let mut messages = messages.into_iter();
            for message in messages.by_ref() {
                let outcome = one(message).await;
                let failed = !outcome.is_ok();
                outcomes.push(outcome);
                if failed {
                    break;
                }
            }
            for message in messages {
                tracing::warn!(id = %message.id, "message not handled: an earlier message of this FIFO batch failed");
                outcomes.push(MessageOutcome::failed(
                    message.id,
                    FailureReason::Skipped,
                    "not handled: an earlier message of this FIFO batch failed",
                ));
            }
            EventResult::Messages(outcomes)
        })
    } else {
        let all = futures_util::future::join_all(messages.into_iter().map(one));
        Box::pin(async move { EventResult::Messages(all.await) })
    }
}

/// Parses `body` as JSON, validates it against `schema` and deserializes it. Every failure is
/// described by JSON pointers into the payload, never by the input itself.
pub fn decode_payload<P: DeserializeOwned>(
    body: &[u8],
    schema: &Schema,
) -> Result<P, MessageFailure> {
    let invalid = |detail: String, errors: Vec<FieldError>| MessageFailure {
        reason: FailureReason::InvalidPayload,
        detail,
        errors,
    };
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|error| {
        invalid(
            format!(
                "the payload is not JSON (line {}, column {})",
                error.line(),
                error.column()
            ),
            Vec::new(),
        )
    })?;
    let mut errors = Vec::new();
    schema::validate(schema, &value, "", &mut errors);
    if !errors.is_empty() {
        return Err(invalid(
            "the payload does not match its schema".to_owned(),
            errors,
        ));
    }
    serde_path_to_error::deserialize(value).map_err(|error| {
        let pointer = pointer_of(error.path());
        invalid(
            "the payload does not match its type".to_owned(),
            vec![FieldError::new(pointer, error.inner().to_string())],
        )
    })
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"))
            }
            Segment::Unknown => pointer.push('?'),
        }
    }
    pointer
}

fn field_list(errors: &[FieldError]) -> String {
    let list: Vec<String> = errors
        .iter()
        .map(|error| {
            let at = if error.pointer.is_empty() {
                "(root)"
            } else {
                &error.pointer
            };
            format!("{at}: {}", error.message)
        })
        .collect();
    list.join("; ")
}

fn problem_text(problem: &Problem) -> String {
    problem
        .detail
        .clone()
        .unwrap_or_else(|| problem.title.clone())
}

fn ready(result: EventResult) -> BoxFuture<'static, EventResult> {
    Box::pin(std::future::ready(result))
}

/// The answer of an event table asked for an index it does not have (a bug, never a panic).
#[doc(hidden)]
pub fn unknown_event(index: usize) -> BoxFuture<'static, EventResult> {
    tracing::error!(index, "dispatch of an unknown event index");
    ready(EventResult::Rejected(EventError::UnknownEvent {
        name: format!("#{index}"),
        known: Vec::new(),
    }))
}

/// The event of function `F` named `name`, and its index in [`Function::EVENTS`].
pub fn find_event<A: Application, F: Function<A>>(
    name: &str,
) -> Option<(usize, &'static EventDescriptor)> {
    F::EVENTS
        .iter()
        .enumerate()
        .find(|(_, event)| event.name == name)
        .map(|(index, event)| (index, *event))
}

/// The event of function `F` fed by the queue or topic `source` (as named in the manifest), for
/// adapters that learn the source from the record (an SQS `eventSourceARN`, an SNS
/// `TopicArn`).
pub fn find_by_source<A: Application, F: Function<A>>(
    kind: EventKind,
    source: &str,
) -> Option<&'static EventDescriptor> {
    F::EVENTS
        .iter()
        .find(|event| event.kind == kind && event.source == source)
        .copied()
}

/// A fresh invocation id for platforms that do not give one (the local ticker and injection).
pub fn next_invocation_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("event-{:x}-{n:08x}", std::process::id())
}

fn lookup<A: Application, F: Function<A>>(
    name: &str,
) -> Result<(usize, &'static EventDescriptor), EventError> {
    find_event::<A, F>(name).ok_or_else(|| EventError::UnknownEvent {
        name: name.to_owned(),
        known: F::EVENTS.iter().map(|event| event.name).collect(),
    })
}

/// Fires the schedule event `name` of function `F`: runs `health_check`, then the
/// `#[scheduled]` handler, in a span `event` with the tick's id as invocation id.
///
/// Errors: an unknown event, an event that is not a schedule, a failed health check, a failing
/// or panicking handler (each also logged).
pub async fn dispatch_schedule<A: Application, F: Function<A>>(
    service: &AppService<A, F>,
    name: &str,
    tick: Tick,
) -> Result<(), EventError> {
    let (index, descriptor) = lookup::<A, F>(name)?;
    if descriptor.kind != EventKind::Schedule {
        return Err(EventError::WrongKind {
            name: descriptor.name,
            kind: descriptor.kind,
        });
    }
    let span = tracing::info_span!(
        "event",
        event = descriptor.name,
        kind = descriptor.kind.as_str(),
        invocation_id = %tick.id
    );
    let invocation = Invocation {
        id: tick.id.clone(),
        platform: service.platform(),
        input: EventInput::Tick(tick),
    };
    let state = Arc::clone(service.state());
    async move {
        if let Err(detail) = crate::lifecycle::health_check::<A>(&state).await {
            return Err(EventError::HealthCheck(detail));
        }
        match F::dispatch_event(index, state, invocation).await {
            EventResult::Tick(result) => result,
            EventResult::Rejected(error) => Err(error),
            EventResult::Messages(_) => Err(EventError::WrongKind {
                name: descriptor.name,
                kind: descriptor.kind,
            }),
        }
    }
    .instrument(span)
    .await
}

/// Delivers a batch of messages to the queue or topic event `name` of function `F`: runs
/// `health_check`, then decodes each message against the payload schema and runs the
/// `#[message]` handler on the valid ones, in a span `event` with a fresh invocation id.
///
/// The answer has one [`MessageOutcome`] per message, in order. Errors (the whole batch is
/// unhandled): an unknown event, a schedule event, a batch larger than the manifest's `batch`.
/// A failed health check fails every message (reason [`FailureReason::HealthCheck`]).
pub async fn dispatch_messages<A: Application, F: Function<A>>(
    service: &AppService<A, F>,
    name: &str,
    messages: Vec<Message>,
) -> Result<Vec<MessageOutcome>, EventError> {
    dispatch_messages_with_id(service, name, messages, next_invocation_id()).await
}

/// [`dispatch_messages`] with the platform's invocation id (the Lambda request id, for example).
pub async fn dispatch_messages_with_id<A: Application, F: Function<A>>(
    service: &AppService<A, F>,
    name: &str,
    messages: Vec<Message>,
    invocation_id: String,
) -> Result<Vec<MessageOutcome>, EventError> {
    let (index, descriptor) = lookup::<A, F>(name)?;
    if descriptor.kind == EventKind::Schedule {
        return Err(EventError::WrongKind {
            name: descriptor.name,
            kind: descriptor.kind,
        });
    }
    if messages.len() > descriptor.batch.max(1) as usize {
        return Err(EventError::BatchTooLarge {
            name: descriptor.name,
            limit: descriptor.batch.max(1),
            given: messages.len(),
        });
    }
    let span = tracing::info_span!(
        "event",
        event = descriptor.name,
        kind = descriptor.kind.as_str(),
        invocation_id = %invocation_id
    );
    let state = Arc::clone(service.state());
    let platform = service.platform();
    async move {
        if let Err(detail) = crate::lifecycle::health_check::<A>(&state).await {
            let detail = format!("health check failed: {detail}");
            return Ok(messages
                .into_iter()
                .map(|message| {
                    MessageOutcome::failed(message.id, FailureReason::HealthCheck, detail.clone())
                })
                .collect());
        }
        let count = messages.len();
        let invocation = Invocation {
            id: invocation_id,
            platform,
            input: EventInput::Messages(messages),
        };
        match F::dispatch_event(index, state, invocation).await {
            EventResult::Messages(outcomes) => {
                let failed = outcomes.iter().filter(|outcome| !outcome.is_ok()).count();
                tracing::info!(messages = count, failed, "batch handled");
                Ok(outcomes)
            }
            EventResult::Rejected(error) => Err(error),
            EventResult::Tick(_) => Err(EventError::WrongKind {
                name: descriptor.name,
                kind: descriptor.kind,
            }),
        }
    }
    .instrument(span)
    .await
}

impl<A: Application, F: Function<A>> AppService<A, F> {
    /// [`dispatch_schedule`] on this service.
    pub async fn dispatch_schedule(&self, name: &str, tick: Tick) -> Result<(), EventError> {
        dispatch_schedule(self, name, tick).await
    }

    /// [`dispatch_messages`] on this service.
    pub async fn dispatch_messages(
        &self,
        name: &str,
        messages: Vec<Message>,
    ) -> Result<Vec<MessageOutcome>, EventError> {
        dispatch_messages(self, name, messages).await
    }
}

/// The per-event glue of a schedule event: `Event` (input [`Tick`]) and [`ScheduleEvent`].
#[doc(hidden)]
#[macro_export]
macro_rules! __schedule_event {
    ($event:ty, $descriptor:expr $(,)?) => {
        #[automatically_derived]
        impl $crate::events::Event for $event {
            const DESCRIPTOR: &'static $crate::events::EventDescriptor = $descriptor;
            type Input = $crate::events::Tick;

            fn run<A: $crate::events::HandlesEvent<Self>>(
                state: ::std::sync::Arc<A::State>,
                invocation: $crate::events::Invocation,
            ) -> $crate::BoxFuture<'static, $crate::events::EventResult> {
                $crate::events::run_schedule::<A, Self>(state, invocation)
            }
        }

        #[automatically_derived]
        impl $crate::events::ScheduleEvent for $event {}
    };
}

/// The per-event glue of a message event: `Event` (input [`Delivery`] of the payload, decoded
/// and validated against `$schema`) and [`MessageEvent`].
#[doc(hidden)]
#[macro_export]
macro_rules! __message_event {
    ($event:ty, $payload:ty, $descriptor:expr, $schema:expr $(,)?) => {
        #[automatically_derived]
        impl $crate::events::Event for $event {
            const DESCRIPTOR: &'static $crate::events::EventDescriptor = $descriptor;
            type Input = $crate::events::Delivery<$payload>;

            fn run<A: $crate::events::HandlesEvent<Self>>(
                state: ::std::sync::Arc<A::State>,
                invocation: $crate::events::Invocation,
            ) -> $crate::BoxFuture<'static, $crate::events::EventResult> {
                $crate::events::run_messages::<A, Self, $payload>(state, invocation, $schema)
            }
        }

        #[automatically_derived]
        impl $crate::events::MessageEvent for $event {
            type Payload = $payload;
        }
    };
}
