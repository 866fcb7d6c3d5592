//! `x-sls.events`: schedules, queues and topics, each handled by one function.
//!
//! ```yaml
//! events:
//!   purgeSessions: { function: auth, schedule: "rate(1 hour)" }        # or cron(...)
//!   shipOrder:     { function: orders, queue: orders, batch: 10,
//!                    payload: { $ref: "#/components/schemas/Order" } }
//!   welcomeUser:   { function: users, topic: signups, payload: { type: object, ... } }
//! ```
//!
//! Every mistake is reported with the pointer of the offending value: an unknown key, a bad
//! schedule expression (which field, why), a missing or misplaced `payload`, a bad `batch`.
//! Whether `function` names a function and whether a payload `$ref` resolves are checked when
//! the events are lowered.

use serde_json::Value;

use super::schedule::{self, ScheduleExpr};
use crate::diagnostics::escape_pointer_token;

/// One entry of `events`.
#[derive(Debug, Clone)]
pub struct EventSpec {
    /// The event's name (an identifier: the handler attribute names it).
    pub name: String,
    /// JSON pointer of the entry.
    pub pointer: String,
    /// `function` and its pointer; `None` means the service's default function.
    pub function: Option<(String, String)>,
    /// What triggers the event.
    pub trigger: Trigger,
    /// The pointer of `payload`, for queues and topics.
    pub payload: Option<String>,
    /// `description`.
    pub description: Option<String>,
}

/// What triggers an event.
#[derive(Debug, Clone)]
pub enum Trigger {
    /// `schedule`: the expression as written, decoded.
    Schedule {
        /// As written.
        expression: String,
        /// Decoded.
        schedule: ScheduleExpr,
    },
    /// `queue`.
    Queue {
        /// The queue's name.
        name: String,
        /// `batch`: the largest batch delivered at once (default 10).
        batch: u32,
        /// `fifo` (default: the queue's name ends with `.fifo`).
        fifo: bool,
    },
    /// `topic`.
    Topic {
        /// The topic's name.
        name: String,
    },
}

const EVENT_KEYS: &[&str] = &[
    "function",
    "schedule",
    "queue",
    "topic",
    "batch",
    "fifo",
    "payload",
    "description",
];

/// The default batch size of a queue (the SQS default).
pub const DEFAULT_BATCH: u32 = 10;
/// The largest batch of a standard queue (SQS, with a batching window).
pub const MAX_BATCH: u32 = 10_000;
/// The largest batch of a FIFO queue.
pub const MAX_FIFO_BATCH: u32 = 10;

/// Reads `events` (at `/x-sls/events`); `error` receives each problem with its pointer.
pub fn read(value: &Value, error: &mut impl FnMut(&str, String)) -> Vec<EventSpec> {
    let base = "/x-sls/events";
    let Some(entries) = value.as_object() else {
        error(base, "`events` must be a mapping of event names".to_owned());
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, entry) in entries {
        let pointer = format!("{base}/{}", escape_pointer_token(name));
        if !crate::ir::names::is_ident(name) || crate::ir::names::is_keyword(name) {
            error(
                &pointer,
                format!("event name `{name}` must be a Rust identifier (letters, digits and `_`, not a keyword), as handlers name it: `#[scheduled({name})]`"),
            );
            continue;
        }
        let Some(fields) = entry.as_object() else {
            error(&pointer, "an event must be a mapping".to_owned());
            continue;
        };
        if let Some(spec) = event(name, &pointer, fields, error) {
            out.push(spec);
        }
    }
    out
}

fn event(
    name: &str,
    pointer: &str,
    fields: &serde_json::Map<String, Value>,
    error: &mut impl FnMut(&str, String),
) -> Option<EventSpec> {
    let at = |key: &str| format!("{pointer}/{key}");
    let mut failed = false;
    let mut fail = |pointer: &str, message: String| {
        failed = true;
        error(pointer, message);
    };
    for key in fields.keys() {
        if !EVENT_KEYS.contains(&key.as_str()) {
            fail(
                &format!("{pointer}/{}", escape_pointer_token(key)),
                format!(
                    "unknown event key `{key}`; expected one of: {}",
                    EVENT_KEYS.join(", ")
                ),
            );
        }
    }
    let text = |key: &str, fail: &mut dyn FnMut(&str, String)| -> Option<String> {
        let value = fields.get(key)?;
        match value.as_str() {
            Some(text) if !text.trim().is_empty() => Some(text.to_owned()),
            _ => {
                fail(&at(key), format!("`{key}` must be a non-empty string"));
                None
            }
        }
    };
    let function = text("function", &mut fail).map(|f| (f, at("function")));
    let description = text("description", &mut fail);
    let triggers: Vec<&str> = ["schedule", "queue", "topic"]
        .into_iter()
        .filter(|key| fields.contains_key(*key))
        .collect();
    let trigger = match triggers.as_slice() {
        [] => {
            fail(
                pointer,
                format!("event `{name}` needs one of `schedule`, `queue` or `topic`"),
            );
            None
        }
        ["schedule"] => {
            let expression = text("schedule", &mut fail);
            expression.and_then(|expression| match schedule::parse(&expression) {
                Ok(schedule) => Some(Trigger::Schedule {
                    expression,
                    schedule,
                }),
                Err(message) => {
                    fail(&at("schedule"), format!("invalid schedule: {message}"));
                    None
                }
            })
        }
        ["queue"] => {
            let queue = text("queue", &mut fail);
            let fifo = match fields.get("fifo") {
                None => queue.as_deref().is_some_and(|q| q.ends_with(".fifo")),
                Some(Value::Bool(fifo)) => {
                    if !fifo && queue.as_deref().is_some_and(|q| q.ends_with(".fifo")) {
                        fail(
                            &at("fifo"),
                            "a queue whose name ends with `.fifo` is a FIFO queue; remove `fifo: false`".to_owned(),
                        );
                    }
                    *fifo
                }
                Some(_) => {
                    fail(&at("fifo"), "`fifo` must be true or false".to_owned());
                    false
                }
            };
            let limit = if fifo { MAX_FIFO_BATCH } else { MAX_BATCH };
            let batch = match fields.get("batch") {
                None => DEFAULT_BATCH.min(limit),
                Some(value) => match value.as_u64() {
                    Some(n) if n >= 1 && n <= u64::from(limit) => n as u32,
                    _ => {
                        let kind = if fifo { "a FIFO queue" } else { "a queue" };
                        fail(
                            &at("batch"),
                            format!("`batch` must be a whole number from 1 to {limit} for {kind}"),
                        );
                        DEFAULT_BATCH
                    }
                },
            };
            queue.map(|name| Trigger::Queue { name, batch, fifo })
        }
        ["topic"] => text("topic", &mut fail).map(|name| Trigger::Topic { name }),
        several => {
            fail(
                pointer,
                format!(
                    "event `{name}` has several triggers ({}); give exactly one of `schedule`, `queue` or `topic`",
                    several.join(", ")
                ),
            );
            None
        }
    };
    let is_schedule = triggers == ["schedule"];
    if triggers.len() == 1 && triggers != ["queue"] {
        for key in ["batch", "fifo"] {
            if fields.contains_key(key) {
                fail(&at(key), format!("`{key}` applies to queue events only"));
            }
        }
    }
    let payload = match fields.get("payload") {
        Some(_) if is_schedule => {
            fail(
                &at("payload"),
                "a schedule has no payload; handlers receive a `Tick`".to_owned(),
            );
            None
        }
        Some(Value::Object(_)) => Some(at("payload")),
        Some(_) => {
            fail(
                &at("payload"),
                "`payload` must be a schema: `{$ref: '#/components/schemas/Name'}` or an inline schema".to_owned(),
            );
            None
        }
        None if triggers.len() == 1 && !is_schedule => {
            fail(
                pointer,
                format!("event `{name}` needs a `payload` schema for its messages"),
            );
            None
        }
        None => None,
    };
    let trigger = trigger?;
    if failed {
        return None;
    }
    Some(EventSpec {
        name: name.to_owned(),
        pointer: pointer.to_owned(),
        function,
        trigger,
        payload,
        description,
    })
}
