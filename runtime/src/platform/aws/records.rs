//! SQS batches, SNS notifications and EventBridge schedules, dispatched to the events of the
//! manifest that this function has (see [`crate::events`]).
//!
//! Which event a delivery stands for is read from the delivery itself and matched against the
//! function's own triggers, never guessed:
//!
//! - SQS: the queue name, last part of the records' `eventSourceARN`;
//! - SNS: the topic name, last part of `TopicArn`;
//! - EventBridge `Scheduled Event`: the rule name, last part of `resources[0]`.
//!
//! A queue or topic matches an event whose `queue`/`topic` is that name, or whose name ends
//! it after a `-` (deployment tools prefix names with the stack or stage: `chat-prod-orders`
//! matches `orders`); a FIFO queue's `.fifo` suffix is ignored. A rule matches the schedule
//! whose event name it is, ends with after a `-`, or contains (without case, as generated rule
//! names like `stack-PurgeSessions-1A2B` do); a function with a single schedule takes every
//! scheduled event. Anything else is an invocation error that names what arrived and the
//! function's triggers.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;

use super::http::json_str;
use super::invoke::InvocationError;
use crate::events::{EventDescriptor, EventKind, Message, MessageOutcome, Tick};

/// An SQS event.
#[derive(Debug, Deserialize)]
pub struct SqsEvent {
    /// The messages.
    #[serde(rename = "Records")]
    pub records: Vec<SqsRecord>,
}

/// One SQS message.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SqsRecord {
    /// The message id, reported back in `batchItemFailures`.
    pub message_id: String,
    /// The body, as sent.
    #[serde(default)]
    pub body: String,
    /// The queue's ARN.
    #[serde(rename = "eventSourceARN", default)]
    pub event_source_arn: String,
    /// The message attributes (only string values are passed on).
    #[serde(default)]
    pub message_attributes: BTreeMap<String, SqsAttribute>,
}

/// An SQS message attribute.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SqsAttribute {
    /// A `String` or `Number` value.
    #[serde(default)]
    pub string_value: Option<String>,
}

/// An SNS event.
#[derive(Debug, Deserialize)]
pub struct SnsEvent {
    /// The notifications (one per invocation in practice).
    #[serde(rename = "Records")]
    pub records: Vec<SnsRecord>,
}

/// One SNS record.
#[derive(Debug, Deserialize)]
pub struct SnsRecord {
    /// The notification.
    #[serde(rename = "Sns")]
    pub sns: SnsMessage,
}

/// An SNS notification.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnsMessage {
    /// The message id.
    pub message_id: String,
    /// The topic's ARN.
    #[serde(default)]
    pub topic_arn: String,
    /// The message, as published.
    #[serde(default)]
    pub message: String,
    /// The message attributes.
    #[serde(default)]
    pub message_attributes: BTreeMap<String, SnsAttribute>,
}

/// An SNS message attribute.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnsAttribute {
    /// The value, as text.
    #[serde(default)]
    pub value: Option<String>,
}

/// An EventBridge event (schedules only are dispatched).
#[derive(Debug, Deserialize)]
pub struct EventBridgeEvent {
    /// The event id: the tick's id.
    pub id: String,
    /// `Scheduled Event` for schedules.
    #[serde(rename = "detail-type")]
    pub detail_type: String,
    /// `aws.events` for schedules.
    pub source: String,
    /// When the schedule fired.
    pub time: DateTime<Utc>,
    /// The rule's ARN first.
    #[serde(default)]
    pub resources: Vec<String>,
}

/// The last part of an ARN (`arn:aws:sqs:us-east-1:123456789012:orders` → `orders`, a rule
/// `arn:aws:events:…:rule/purge` → `purge`).
pub fn arn_name(arn: &str) -> &str {
    let tail = arn.rsplit(':').next().unwrap_or(arn);
    tail.rsplit('/').next().unwrap_or(tail)
}

/// Whether a delivered queue or topic `name` is the manifest's `source`.
fn source_matches(name: &str, source: &str) -> bool {
    let name = name.strip_suffix(".fifo").unwrap_or(name);
    let source = source.strip_suffix(".fifo").unwrap_or(source);
    name == source
        || name
            .strip_suffix(source)
            .is_some_and(|prefix| prefix.ends_with('-'))
}

/// The event of `events` of `kind` fed by the queue or topic `name`.
pub fn match_source(
    events: &'static [&'static EventDescriptor],
    kind: EventKind,
    name: &str,
) -> Option<&'static EventDescriptor> {
    let candidates = || events.iter().copied().filter(|e| e.kind == kind);
    candidates()
        .find(|e| e.source == name)
        .or_else(|| candidates().find(|e| source_matches(name, e.source)))
}

/// The schedule of `events` that the rule `rule` fires.
pub fn match_rule(
    events: &'static [&'static EventDescriptor],
    rule: &str,
) -> Option<&'static EventDescriptor> {
    let schedules: Vec<_> = events
        .iter()
        .copied()
        .filter(|e| e.kind == EventKind::Schedule)
        .collect();
    if let Some(exact) = schedules.iter().find(|e| source_matches(rule, e.name)) {
        return Some(exact);
    }
    let lower = rule.to_ascii_lowercase();
    let mut containing = schedules
        .iter()
        .filter(|e| lower.contains(&e.name.to_ascii_lowercase()));
    match (containing.next(), containing.next()) {
        (Some(one), None) => Some(one),
        (Some(_), Some(_)) => None,
        (None, _) if schedules.len() == 1 => Some(schedules[0]),
        (None, _) => None,
    }
}

/// The function's triggers, for error messages: `orders (queue), purge (schedule)`.
pub fn describe_triggers(events: &[&EventDescriptor]) -> String {
    if events.is_empty() {
        return "no event triggers".to_owned();
    }
    events
        .iter()
        .map(|e| match e.kind {
            EventKind::Schedule => format!("schedule `{}`", e.name),
            kind => format!("{} `{}` (event `{}`)", kind.as_str(), e.source, e.name),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn unknown(what: String, events: &[&EventDescriptor]) -> InvocationError {
    let message = if events.is_empty() {
        format!("{what} arrived, but this function has no event triggers, only HTTP requests")
    } else {
        format!(
            "{what} arrived, but this function's triggers are: {}",
            describe_triggers(events)
        )
    };
    InvocationError::new("Runtime.UnknownEvent", message)
}

fn invalid(source: &str, error: serde_json::Error) -> InvocationError {
    InvocationError::new(
        "Runtime.InvalidEvent",
        format!("the {source} event cannot be read: {error}"),
    )
}

/// An SQS batch, matched to its queue event, as raw messages.
pub fn sqs_batch(
    bytes: &[u8],
    events: &'static [&'static EventDescriptor],
) -> Result<(&'static EventDescriptor, bool, Vec<Message>), InvocationError> {
    let event: SqsEvent = serde_json::from_slice(bytes).map_err(|e| invalid("SQS", e))?;
    let arn = event
        .records
        .first()
        .map(|r| r.event_source_arn.clone())
        .unwrap_or_default();
    if let Some(other) = event.records.iter().find(|r| r.event_source_arn != arn) {
        return Err(InvocationError::new(
            "Runtime.InvalidEvent",
            format!(
                "an SQS batch mixes queues `{arn}` and `{}`",
                other.event_source_arn
            ),
        ));
    }
    let queue = arn_name(&arn);
    let descriptor = match_source(events, EventKind::Queue, queue)
        .ok_or_else(|| unknown(format!("an SQS batch from queue `{queue}`"), events))?;
    let fifo = queue.ends_with(".fifo") || descriptor.fifo;
    let messages = event
        .records
        .into_iter()
        .map(|record| {
            let mut message = Message::new(record.message_id, Bytes::from(record.body));
            for (name, attribute) in record.message_attributes {
                if let Some(value) = attribute.string_value {
                    message = message.with_attribute(name, value);
                }
            }
            message
        })
        .collect();
    Ok((descriptor, fifo, messages))
}

/// SNS notifications, matched to their topic event, as raw messages.
pub fn sns_messages(
    bytes: &[u8],
    events: &'static [&'static EventDescriptor],
) -> Result<(&'static EventDescriptor, Vec<Message>), InvocationError> {
    let event: SnsEvent = serde_json::from_slice(bytes).map_err(|e| invalid("SNS", e))?;
    let arn = event
        .records
        .first()
        .map(|r| r.sns.topic_arn.clone())
        .unwrap_or_default();
    let topic = arn_name(&arn);
    let descriptor = match_source(events, EventKind::Topic, topic)
        .ok_or_else(|| unknown(format!("an SNS notification from topic `{topic}`"), events))?;
    let messages = event
        .records
        .into_iter()
        .map(|record| {
            let sns = record.sns;
            let mut message = Message::new(sns.message_id, Bytes::from(sns.message));
            for (name, attribute) in sns.message_attributes {
                if let Some(value) = attribute.value {
                    message = message.with_attribute(name, value);
                }
            }
            message
        })
        .collect();
    Ok((descriptor, messages))
}

/// An EventBridge scheduled event, matched to its schedule, as a tick.
pub fn schedule_tick(
    bytes: &[u8],
    events: &'static [&'static EventDescriptor],
) -> Result<(&'static EventDescriptor, Tick), InvocationError> {
    let event: EventBridgeEvent =
        serde_json::from_slice(bytes).map_err(|e| invalid("EventBridge", e))?;
    if event.detail_type != "Scheduled Event" || event.source != "aws.events" {
        return Err(unknown(
            format!(
                "an EventBridge event `{}` from `{}`",
                event.detail_type, event.source
            ),
            events,
        ));
    }
    let rule = event.resources.first().map_or("", |arn| arn_name(arn));
    let descriptor = match_rule(events, rule)
        .ok_or_else(|| unknown(format!("a scheduled event of rule `{rule}`"), events))?;
    Ok((descriptor, Tick::new(event.id, event.time)))
}

/// The outcomes as reported to the platform: on a FIFO queue, every message from the first
/// failure on is reported (the ones after it were not handled, or must be retried after it to
/// keep the order).
pub fn failed_ids(outcomes: &[MessageOutcome], fifo: bool) -> Vec<&str> {
    let mut failed = Vec::new();
    let mut stopped = false;
    for outcome in outcomes {
        stopped |= fifo && !outcome.is_ok();
        if stopped || !outcome.is_ok() {
            failed.push(outcome.id.as_str());
        }
    }
    failed
}

/// The SQS partial batch response: `{"batchItemFailures":[{"itemIdentifier":"<id>"}]}`.
pub fn batch_response(failed: &[&str]) -> Vec<u8> {
    let mut out = Vec::with_capacity(24 + failed.len() * 64);
    out.extend_from_slice(b"{\"batchItemFailures\":[");
    for (index, id) in failed.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"itemIdentifier\":");
        json_str(&mut out, id);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::FailureReason;

    const fn queue(name: &'static str, source: &'static str, fifo: bool) -> EventDescriptor {
        EventDescriptor {
            name,
            kind: EventKind::Queue,
            function: "jobs",
            source,
            schedule: None,
            batch: 10,
            fifo,
            payload: None,
        }
    }

    const fn schedule(name: &'static str) -> EventDescriptor {
        EventDescriptor {
            name,
            kind: EventKind::Schedule,
            function: "jobs",
            source: "rate(1 hour)",
            schedule: None,
            batch: 1,
            fifo: false,
            payload: None,
        }
    }

    static SHIP: EventDescriptor = queue("shipOrder", "orders", false);
    static BILL: EventDescriptor = queue("bill", "invoices.fifo", true);
    static PURGE: EventDescriptor = schedule("purgeSessions");
    static REPORT: EventDescriptor = schedule("report");
    static EVENTS: &[&EventDescriptor] = &[&SHIP, &BILL, &PURGE, &REPORT];
    static ONE_SCHEDULE: &[&EventDescriptor] = &[&SHIP, &PURGE];
    static NO_SCHEDULE: &[&EventDescriptor] = &[&SHIP];

    #[test]
    fn arns_name_their_queue_topic_or_rule() {
        assert_eq!(
            arn_name("arn:aws:sqs:us-east-1:123456789012:orders"),
            "orders"
        );
        assert_eq!(
            arn_name("arn:aws:events:us-east-1:123456789012:rule/purge"),
            "purge"
        );
        assert_eq!(arn_name(""), "");
    }

    #[test]
    fn queues_match_by_name_or_prefixed_name_only() {
        let find = |name| match_source(EVENTS, EventKind::Queue, name).map(|e| e.name);
        assert_eq!(find("orders"), Some("shipOrder"));
        assert_eq!(find("chat-prod-orders"), Some("shipOrder"));
        assert_eq!(find("invoices.fifo"), Some("bill"));
        assert_eq!(find("stack-invoices.fifo"), Some("bill"));
        assert_eq!(find("backorders"), None);
        assert_eq!(find("orders-dlq"), None);
        assert!(match_source(EVENTS, EventKind::Topic, "orders").is_none());
    }

    #[test]
    fn rules_match_their_schedule() {
        let find = |rule| match_rule(EVENTS, rule).map(|e| e.name);
        assert_eq!(find("purgeSessions"), Some("purgeSessions"));
        assert_eq!(find("chat-prod-purgeSessions"), Some("purgeSessions"));
        assert_eq!(
            find("mystack-JobsPurgeSessions-1ABC2DEF"),
            Some("purgeSessions")
        );
        assert_eq!(find("nightly"), None, "two schedules: no guess");
        assert_eq!(
            match_rule(ONE_SCHEDULE, "nightly").map(|e| e.name),
            Some("purgeSessions")
        );
        assert_eq!(match_rule(NO_SCHEDULE, "nightly").map(|e| e.name), None);
    }

    #[test]
    fn fifo_batches_report_every_message_from_the_first_failure() {
        let outcomes = [
            MessageOutcome::ok("a"),
            MessageOutcome::failed("b", FailureReason::Handler, "no"),
            MessageOutcome::ok("c"),
            MessageOutcome::failed("d", FailureReason::Skipped, "skipped"),
        ];
        assert_eq!(failed_ids(&outcomes, false), ["b", "d"]);
        assert_eq!(failed_ids(&outcomes, true), ["b", "c", "d"]);
        let json: serde_json::Value =
            serde_json::from_slice(&batch_response(&["b", "c\"q"])).expect("JSON");
        assert_eq!(
            json,
            serde_json::json!({"batchItemFailures": [
                {"itemIdentifier": "b"}, {"itemIdentifier": "c\"q"}
            ]})
        );
        assert_eq!(batch_response(&[]), b"{\"batchItemFailures\":[]}");
    }
}
