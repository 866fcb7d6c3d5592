//! `events` and `event_handlers`: per event of the manifest, a unit type implementing
//! `sls_runtime::events::Event` (with its descriptor, its decoded schedule, its payload type and
//! schema), and a marker trait whose bound in `assert_all_handled` proves that a handler exists.
//! Written as text (see [`super::text`]).

use super::text::{string, Code, Expr};
use super::{type_text, validation, Formatted, Scope};
use crate::ir::events::{Event, EventKind};
use crate::ir::Ir;
use crate::manifest::schedule::{CronDays, ScheduleExpr};

/// The `events` module; empty when the manifest has no events.
pub(super) fn events(ir: &Ir, patterns: &mut Vec<String>) -> Formatted {
    if ir.events.is_empty() {
        return Formatted {
            opening: None,
            body: String::new(),
        };
    }
    let mut code = Code::at(4);
    code.line("use ::sls_runtime::events as __e;");
    if ir.events.iter().any(|event| event.schedule.is_some()) {
        code.line("use ::sls_runtime::schedule as __t;");
    }
    for event in &ir.events {
        event_item(&mut code, ir, event, patterns);
    }
    Formatted {
        opening: Some(
            "/// The events of the manifest (`x-sls.events`): one type per event, bound to its handler\n\
             /// by `#[scheduled(name)]` or `#[message(name)]`.\n\
             pub mod events {\n"
                .to_owned(),
        ),
        body: code.finish(),
    }
}

fn summary(ir: &Ir, event: &Event) -> String {
    let function = &ir.functions[event.function].name;
    match event.kind {
        EventKind::Schedule => format!(
            "Schedule `{}`: `{}` (UTC), handled by function `{function}`.",
            event.name, event.source
        ),
        EventKind::Queue => format!(
            "Queue event `{}`: messages of queue `{}`{} in batches of up to {}, handled by function `{function}`.",
            event.name,
            event.source,
            if event.fifo { " (FIFO)" } else { "" },
            event.batch
        ),
        EventKind::Topic => format!(
            "Topic event `{}`: messages published to topic `{}`, handled by function `{function}`.",
            event.name, event.source
        ),
    }
}

fn event_item(code: &mut Code, ir: &Ir, event: &Event, patterns: &mut Vec<String>) {
    code.line_fmt(format_args!("/// {}", summary(ir, event)));
    if let Some(doc) = &event.doc {
        code.line("///");
        code.doc(Some(doc));
    }
    code.line("#[allow(non_camel_case_types)]");
    code.line("#[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy)]");
    code.line_fmt(format_args!("pub struct {};", event.name));
    let e = "__e";
    let payload_name = event
        .payload
        .as_ref()
        .map(|payload| type_text(ir, payload, Scope::Sibling));
    let descriptor = Expr::structure(
        format!("{e}::EventDescriptor"),
        vec![
            Expr::field("name", Expr::atom(string(&event.name))),
            Expr::field(
                "kind",
                Expr::atom(format!("{e}::EventKind::{}", event.kind.variant())),
            ),
            Expr::field(
                "function",
                Expr::atom(string(&ir.functions[event.function].name)),
            ),
            Expr::field("source", Expr::atom(string(&event.source))),
            Expr::field(
                "schedule",
                match &event.schedule {
                    Some(schedule) => Expr::call(
                        "::core::option::Option::Some",
                        vec![schedule_expr(schedule).borrow()],
                    ),
                    None => Expr::atom("::core::option::Option::None"),
                },
            ),
            Expr::field("batch", Expr::atom(event.batch.to_string())),
            Expr::field("fifo", Expr::atom(event.fifo.to_string())),
            Expr::field(
                "payload",
                match &payload_name {
                    Some(name) => Expr::atom(format!(
                        "::core::option::Option::Some({})",
                        string(short_name(name))
                    )),
                    None => Expr::atom("::core::option::Option::None"),
                },
            ),
        ],
    )
    .borrow();
    let glue = match (&event.payload, &payload_name) {
        (Some(payload), Some(name)) => Expr::call(
            "::sls_runtime::__message_event!",
            vec![
                Expr::atom(event.name.clone()),
                Expr::atom(name.clone()),
                descriptor,
                validation::schema_ref(ir, payload, Scope::Sibling, patterns),
            ],
        ),
        _ => Expr::call(
            "::sls_runtime::__schedule_event!",
            vec![Expr::atom(event.name.clone()), descriptor],
        ),
    };
    code.statement("", &glue, ";");
}

/// The last path segment of a type (`Order` for `super::models::Order`), for messages.
fn short_name(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

fn schedule_expr(schedule: &ScheduleExpr) -> Expr {
    let s = "__t";
    match schedule {
        ScheduleExpr::Rate { seconds } => Expr::structure(
            format!("{s}::Schedule::Rate"),
            vec![Expr::field("seconds", Expr::atom(seconds.to_string()))],
        ),
        ScheduleExpr::Cron(cron) => {
            let days = match &cron.days {
                CronDays::OfMonth {
                    days,
                    last,
                    nearest_weekday,
                    last_weekday,
                } => Expr::structure(
                    format!("{s}::Days::OfMonth"),
                    vec![
                        Expr::field("days", hex(u64::from(*days))),
                        Expr::field("last", Expr::atom(last.to_string())),
                        Expr::field("nearest_weekday", hex(u64::from(*nearest_weekday))),
                        Expr::field("last_weekday", Expr::atom(last_weekday.to_string())),
                    ],
                ),
                CronDays::OfWeek { days, last, nth } => Expr::structure(
                    format!("{s}::Days::OfWeek"),
                    vec![
                        Expr::field("days", hex(u64::from(*days))),
                        Expr::field("last", hex(u64::from(*last))),
                        Expr::field("nth", hex(*nth)),
                    ],
                ),
            };
            Expr::call(
                format!("{s}::Schedule::Cron"),
                vec![Expr::structure(
                    format!("{s}::Cron"),
                    vec![
                        Expr::field("minutes", hex(cron.minutes)),
                        Expr::field("hours", hex(u64::from(cron.hours))),
                        Expr::field("months", hex(u64::from(cron.months))),
                        Expr::field(
                            "years",
                            Expr::array(cron.years.iter().map(|word| hex(*word)).collect()),
                        ),
                        Expr::field("days", days),
                    ],
                )],
            )
        }
    }
}

/// A mask as a hexadecimal literal (`0x0` for none), readable next to the expression.
fn hex(value: u64) -> Expr {
    Expr::atom(format!("{value:#x}"))
}

/// The `event_handlers` module: one marker trait per event, implemented by an application that
/// handles it.
pub(super) fn event_handlers(ir: &Ir) -> Formatted {
    if ir.events.is_empty() {
        return Formatted {
            opening: None,
            body: String::new(),
        };
    }
    let mut code = Code::at(4);
    for event in &ir.events {
        let (what, attribute) = match event.kind {
            EventKind::Schedule => (format!("schedule `{}`", event.source), "scheduled"),
            EventKind::Queue => (format!("queue `{}`", event.source), "message"),
            EventKind::Topic => (format!("topic `{}`", event.source), "message"),
        };
        let message = format!(
            "event `{}` ({}) has no handler",
            event.name,
            what.replace('{', "{{").replace('}', "}}")
        );
        let label = format!("`{}` is not handled", event.name);
        let note = format!(
            "write `#[{attribute}({})] async fn ...` and list it in `#[components(events(...))]`",
            event.name
        );
        code.line_fmt(format_args!(
            "/// Implemented by an application that has a handler for event `{}`.",
            event.name
        ));
        code.open("#[diagnostic::on_unimplemented(");
        code.line_fmt(format_args!("message = {},", string(&message)));
        code.line_fmt(format_args!("label = {},", string(&label)));
        code.line_fmt(format_args!("note = {},", string(&note)));
        code.close(")]");
        code.line("#[allow(non_camel_case_types)]");
        code.line_fmt(format_args!("pub trait {} {{}}", event.name));
        code.line("#[diagnostic::do_not_recommend]");
        code.line_fmt(format_args!(
            "impl<A: ::sls_runtime::events::HandlesEvent<super::events::{0}>> {0} for A {{}}",
            event.name
        ));
    }
    Formatted {
        opening: Some(
            "/// One marker trait per event; `assert_all_handled` requires all of them.\n\
             pub mod event_handlers {\n"
                .to_owned(),
        ),
        body: code.finish(),
    }
}

/// Writes the event half of a function's `Function` implementation: `EVENTS` and
/// `dispatch_event` (nothing when the function has no events: the trait's defaults apply).
pub(super) fn function_events(code: &mut Code, ir: &Ir, events: &[usize]) {
    if events.is_empty() {
        return;
    }
    code.open("const EVENTS: &'static [&'static ::sls_runtime::events::EventDescriptor] = &[");
    for index in events {
        code.line_fmt(format_args!(
            "<super::events::{} as ::sls_runtime::events::Event>::DESCRIPTOR,",
            ir.events[*index].name
        ));
    }
    code.close("];");
    code.open("fn dispatch_event(");
    code.line("index: usize,");
    code.line("state: ::std::sync::Arc<A::State>,");
    code.line("invocation: ::sls_runtime::events::Invocation,");
    code.close(") -> ::sls_runtime::BoxFuture<'static, ::sls_runtime::events::EventResult> {");
    code.indent_more();
    code.open("match index {");
    for (position, index) in events.iter().enumerate() {
        code.line_fmt(format_args!(
            "{position} => <super::events::{} as ::sls_runtime::events::Event>::run::<A>(state, invocation),",
            ir.events[*index].name
        ));
    }
    code.line("_ => ::sls_runtime::events::unknown_event(index),");
    code.close("}");
    code.close("}");
}

/// The bounds a function with `events` puts on its application.
pub(super) fn bounds(ir: &Ir, events: &[usize]) -> Vec<String> {
    events
        .iter()
        .map(|index| {
            format!(
                "::sls_runtime::events::HandlesEvent<super::events::{}>",
                ir.events[*index].name
            )
        })
        .collect()
}
