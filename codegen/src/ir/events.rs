//! The manifest's events in the IR: each with its trigger, its function and, for queues and
//! topics, its payload schema, lowered like any other schema (a `$ref` names the component's
//! type; an inline schema gets a type named `{Event}Payload`).

use super::schema::SchemaLowerer;
use super::{names, Function, Schema};
use crate::diagnostics::Diagnostics;
use crate::load::Document;
use crate::manifest::events::{EventSpec, Trigger};
use crate::manifest::schedule::ScheduleExpr;
use crate::manifest::Manifest;

/// An event of the manifest.
#[derive(Debug, Clone)]
pub struct Event {
    /// The name in the manifest; also the Rust name of its unit type in `api::events`.
    pub name: String,
    /// What triggers it.
    pub kind: EventKind,
    /// The queue or topic name; the expression as written for schedules.
    pub source: String,
    /// The decoded schedule.
    pub schedule: Option<ScheduleExpr>,
    /// The largest batch delivered at once (1 for schedules and topics).
    pub batch: u32,
    /// A FIFO queue.
    pub fifo: bool,
    /// The payload schema of queue and topic messages.
    pub payload: Option<Schema>,
    /// The index of the function that handles it, in [`super::Ir::functions`].
    pub function: usize,
    /// `description`.
    pub doc: Option<String>,
}

/// The kind of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// `schedule`.
    Schedule,
    /// `queue`.
    Queue,
    /// `topic`.
    Topic,
}

impl EventKind {
    /// The runtime's variant name.
    pub fn variant(self) -> &'static str {
        match self {
            EventKind::Schedule => "Schedule",
            EventKind::Queue => "Queue",
            EventKind::Topic => "Topic",
        }
    }
}

/// Lowers the payload schema of each event (in manifest order; `None` for schedules and for
/// payloads whose `$ref` does not resolve, which is reported).
pub(crate) fn payloads(
    lowerer: &mut SchemaLowerer<'_>,
    manifest: &Manifest,
) -> Vec<Option<Schema>> {
    let doc = lowerer.doc;
    manifest
        .events
        .iter()
        .map(|event| {
            let pointer = event.payload.as_deref()?;
            let node = doc.root.pointer(pointer)?;
            if let Some(reference) = node.get("$ref") {
                let at = format!("{pointer}/$ref");
                let Some(reference) = reference.as_str() else {
                    lowerer.error(&at, "`$ref` must be a string");
                    return None;
                };
                if !reference.starts_with('#') || doc.resolve_ref(reference).is_none() {
                    let schemas = doc
                        .root
                        .pointer("/components/schemas")
                        .and_then(serde_json::Value::as_object);
                    let wanted = reference.rsplit('/').next().unwrap_or(reference);
                    let hint = schemas
                        .and_then(|schemas| {
                            super::lower::closest(wanted, schemas.keys().map(String::as_str))
                        })
                        .map(|name| format!("; did you mean `#/components/schemas/{name}`?"))
                        .unwrap_or_else(|| {
                            "; refer to a schema of this document, as in \
                             `#/components/schemas/Order`"
                                .to_owned()
                        });
                    lowerer.error(
                        &at,
                        format!("the payload `$ref` `{reference}` does not resolve{hint}"),
                    );
                    return None;
                }
            }
            let hint = format!("{}Payload", names::type_name(&event.name));
            Some(lowerer.schema_at(pointer, &hint))
        })
        .collect()
}

/// Binds each event to its function (creating the service's default function when an event
/// names it and it does not exist yet) and records the events on the functions.
pub(crate) fn assign(
    doc: &Document,
    diags: &mut Diagnostics,
    manifest: &Manifest,
    service: &str,
    functions: &mut Vec<Function>,
    payloads: Vec<Option<Schema>>,
) -> Vec<Event> {
    let mut out = Vec::new();
    for (spec, payload) in manifest.events.iter().zip(payloads) {
        let Some(function) = function_of(doc, diags, spec, service, functions) else {
            continue;
        };
        let (kind, source, schedule, batch, fifo) = match &spec.trigger {
            Trigger::Schedule {
                expression,
                schedule,
            } => (
                EventKind::Schedule,
                expression.clone(),
                Some(schedule.clone()),
                1,
                false,
            ),
            Trigger::Queue { name, batch, fifo } => {
                (EventKind::Queue, name.clone(), None, *batch, *fifo)
            }
            Trigger::Topic { name } => (EventKind::Topic, name.clone(), None, 1, false),
        };
        if kind != EventKind::Schedule && payload.is_none() {
            // The payload's problem is reported already.
            continue;
        }
        functions[function].events.push(out.len());
        out.push(Event {
            name: spec.name.clone(),
            kind,
            source,
            schedule,
            batch,
            fifo,
            payload,
            function,
            doc: spec.description.clone(),
        });
    }
    out
}

fn function_of(
    doc: &Document,
    diags: &mut Diagnostics,
    spec: &EventSpec,
    service: &str,
    functions: &mut Vec<Function>,
) -> Option<usize> {
    let name = spec.function.as_ref().map_or(service, |(name, _)| name);
    if let Some(index) = functions.iter().position(|f| f.name == name) {
        return Some(index);
    }
    let declared = manifest_names(functions);
    match &spec.function {
        Some((name, at)) if name != service => {
            let suggestion = super::lower::closest(name, declared.iter().map(String::as_str))
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            let known = if declared.is_empty() {
                format!("the only function is the service's default, `{service}`")
            } else {
                format!(
                    "the functions are: {}, and the default `{service}`",
                    declared.join(", ")
                )
            };
            diags.error(
                Some(doc.locate(at)),
                format!(
                    "event `{}` names an unknown function `{name}`{suggestion} ({known})",
                    spec.name
                ),
            );
            None
        }
        _ => {
            functions.push(Function {
                name: service.to_owned(),
                operations: Vec::new(),
                events: Vec::new(),
                memory: None,
                timeout: None,
            });
            Some(functions.len() - 1)
        }
    }
}

fn manifest_names(functions: &[Function]) -> Vec<String> {
    functions.iter().map(|f| f.name.clone()).collect()
}

/// Whether any event of the manifest names `function` (so an event-only function is no
/// mistake).
pub(crate) fn names_function(manifest: &Manifest, function: &str) -> bool {
    manifest.events.iter().any(|event| {
        event
            .function
            .as_ref()
            .is_some_and(|(name, _)| name == function)
    })
}
