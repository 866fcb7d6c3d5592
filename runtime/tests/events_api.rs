//! The platform-neutral event API driven the way platform adapters drive it, over an
//! application written out by hand the way the generator and the macros write it.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;
use sls_runtime::events::{
    self, Delivery, Event, EventDescriptor, EventError, EventKind, EventResult, FailureReason,
    HandlesEvent, Invocation, Message, Tick,
};
use sls_runtime::lifecycle::{self, ShutdownOutcome};
use sls_runtime::router::RouteMatch;
use sls_runtime::schedule::{ManualClock, Schedule, Ticker};
use sls_runtime::schema::{Additional, IntegerRules, ObjectRules, Property, Schema, StringRules};
use sls_runtime::{AppService, Application, BoxError, BoxFuture, Function, Problem, ServiceConfig};

// --- what the generator emits for the events of a function -------------------------------

static PURGE_SCHEDULE: Schedule = Schedule::Rate { seconds: 3600 };

static PURGE: EventDescriptor = EventDescriptor {
    name: "purgeSessions",
    kind: EventKind::Schedule,
    function: "jobs",
    source: "rate(1 hour)",
    schedule: Some(&PURGE_SCHEDULE),
    batch: 1,
    fifo: false,
    payload: None,
};

static SHIP: EventDescriptor = EventDescriptor {
    name: "shipOrder",
    kind: EventKind::Queue,
    function: "jobs",
    source: "orders",
    schedule: None,
    batch: 10,
    fifo: false,
    payload: Some("Order"),
};

static SHIP_FIFO: EventDescriptor = EventDescriptor {
    name: "shipOrderInOrder",
    kind: EventKind::Queue,
    function: "jobs",
    source: "orders.fifo",
    schedule: None,
    batch: 10,
    fifo: true,
    payload: Some("Order"),
};

static ID: Schema = Schema::Integer(IntegerRules {
    minimum: Some(1),
    ..IntegerRules::NONE
});
static NAME: Schema = Schema::String(StringRules::NONE);
static ORDER: Schema = Schema::Object(ObjectRules {
    properties: &[
        Property {
            name: "id",
            schema: &ID,
            required: true,
        },
        Property {
            name: "item",
            schema: &NAME,
            required: true,
        },
    ],
    additional: Additional::Allow,
    min_properties: None,
    max_properties: None,
});

#[derive(Debug, Clone, Deserialize)]
pub struct Order {
    id: i64,
    item: String,
}

pub struct PurgeSessions;
sls_runtime::__schedule_event!(PurgeSessions, &PURGE);
pub struct ShipOrder;
sls_runtime::__message_event!(ShipOrder, Order, &SHIP, &ORDER);
pub struct ShipOrderInOrder;
sls_runtime::__message_event!(ShipOrderInOrder, Order, &SHIP_FIFO, &ORDER);

pub struct Jobs;

impl<A> Function<A> for Jobs
where
    A: Application
        + HandlesEvent<PurgeSessions>
        + HandlesEvent<ShipOrder>
        + HandlesEvent<ShipOrderInOrder>,
{
    const NAME: &'static str = "jobs";
    const OPERATIONS: &'static [&'static sls_runtime::descriptor::OperationDescriptor] = &[];
    const EVENTS: &'static [&'static EventDescriptor] = &[&PURGE, &SHIP, &SHIP_FIFO];

    fn route<'p>(_method: &http::Method, _path: &'p str) -> RouteMatch<'p> {
        RouteMatch::NotFound
    }

    fn dispatch(
        index: usize,
        _state: Arc<A::State>,
        _context: sls_runtime::Context,
        _request: sls_runtime::request::RawRequest,
    ) -> BoxFuture<'static, sls_runtime::HttpResponse> {
        sls_runtime::unknown_operation(index)
    }

    fn dispatch_event(
        index: usize,
        state: Arc<A::State>,
        invocation: Invocation,
    ) -> BoxFuture<'static, EventResult> {
        match index {
            0 => <PurgeSessions as Event>::run::<A>(state, invocation),
            1 => <ShipOrder as Event>::run::<A>(state, invocation),
            2 => <ShipOrderInOrder as Event>::run::<A>(state, invocation),
            _ => events::unknown_event(index),
        }
    }
}

// --- what `#[components]` and the handler macros produce -----------------------------------

#[derive(Default)]
pub struct State {
    log: Mutex<Vec<String>>,
    health_checks: AtomicUsize,
    healthy: AtomicBool,
    stuck_on_shutdown: AtomicBool,
}

impl State {
    fn record(&self, entry: String) {
        self.log.lock().expect("not poisoned").push(entry);
    }

    fn log(&self) -> Vec<String> {
        self.log.lock().expect("not poisoned").clone()
    }
}

pub struct App;

impl Application for App {
    type State = State;

    fn init() -> BoxFuture<'static, Result<State, BoxError>> {
        Box::pin(async {
            let state = State::default();
            state.healthy.store(true, Ordering::SeqCst);
            Ok(state)
        })
    }

    fn health_check(state: &State) -> BoxFuture<'_, Result<(), BoxError>> {
        Box::pin(async move {
            state.health_checks.fetch_add(1, Ordering::SeqCst);
            if state.healthy.load(Ordering::SeqCst) {
                Ok(())
            } else {
                Err("the database is gone".into())
            }
        })
    }

    fn shutdown(state: &State) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            if state.stuck_on_shutdown.load(Ordering::SeqCst) {
                std::future::pending::<()>().await;
            }
            state.record("shutdown".to_owned());
        })
    }
}

impl HandlesEvent<PurgeSessions> for App {
    fn call(state: Arc<State>, tick: Tick) -> BoxFuture<'static, Result<(), Problem>> {
        Box::pin(async move {
            state.record(format!("tick {} {} {}", tick.event, tick.id, tick.time));
            if tick.id == "fail" {
                return Err(Problem::internal().with_detail("purge failed"));
            }
            if tick.id == "panic" {
                panic!("purge panicked");
            }
            Ok(())
        })
    }
}

fn ship(state: Arc<State>, delivery: Delivery<Order>) -> BoxFuture<'static, Result<(), Problem>> {
    Box::pin(async move {
        let Delivery { payload, meta } = delivery;
        state.record(format!("ship {} {} {}", meta.id, payload.id, payload.item));
        match payload.item.as_str() {
            "refuse" => Err(Problem::internal().with_detail("out of stock")),
            "panic" => panic!("the shipping handler panicked"),
            _ => Ok(()),
        }
    })
}

impl HandlesEvent<ShipOrder> for App {
    fn call(
        state: Arc<State>,
        delivery: Delivery<Order>,
    ) -> BoxFuture<'static, Result<(), Problem>> {
        ship(state, delivery)
    }
}

impl HandlesEvent<ShipOrderInOrder> for App {
    fn call(
        state: Arc<State>,
        delivery: Delivery<Order>,
    ) -> BoxFuture<'static, Result<(), Problem>> {
        ship(state, delivery)
    }
}

// --- the tests ------------------------------------------------------------------------------

async fn service() -> AppService<App, Jobs> {
    match AppService::<App, Jobs>::init(ServiceConfig::default()).await {
        Ok(service) => service,
        Err(error) => panic!("init failed: {error}"),
    }
}

fn time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&Utc))
        .unwrap_or_else(|error| panic!("{text}: {error}"))
}

fn order(id: &str, value: serde_json::Value) -> Message {
    Message::new(id, value.to_string())
}

#[tokio::test]
async fn a_schedule_runs_its_handler_after_the_health_check() {
    let service = service().await;
    let at = time("2026-12-04T12:00:00Z");
    let result = events::dispatch_schedule(&service, "purgeSessions", Tick::new("t-1", at)).await;
    assert_eq!(result, Ok(()));
    assert_eq!(
        service.state().log(),
        ["tick purgeSessions t-1 2026-12-04 12:00:00 UTC"]
    );
    assert_eq!(service.state().health_checks.load(Ordering::SeqCst), 1);

    let failed = service
        .dispatch_schedule("purgeSessions", Tick::new("fail", at))
        .await;
    assert_eq!(failed, Err(EventError::Handler("purge failed".into())));
    let panicked = service
        .dispatch_schedule("purgeSessions", Tick::new("panic", at))
        .await;
    assert_eq!(panicked, Err(EventError::Panic("purge panicked".into())));
    // The process keeps going after a panic.
    let again = service
        .dispatch_schedule("purgeSessions", Tick::new("t-2", at))
        .await;
    assert_eq!(again, Ok(()));
}

#[tokio::test]
async fn one_bad_message_fails_alone() {
    let service = service().await;
    let batch = vec![
        order("m-1", json!({"id": 1, "item": "book"})),
        order("m-2", json!({"id": 0, "item": 7})),
        Message::new("m-3", "{not json"),
        order("m-4", json!({"id": 4, "item": "refuse"})),
        order("m-5", json!({"id": 5, "item": "panic"})),
        order("m-6", json!({"id": 6, "item": "pen"})).with_attribute("trace", "abc"),
    ];
    let outcomes = events::dispatch_messages(&service, "shipOrder", batch)
        .await
        .expect("dispatched");
    let summary: Vec<(String, Option<FailureReason>)> = outcomes
        .iter()
        .map(|o| (o.id.clone(), o.failure.as_ref().map(|f| f.reason)))
        .collect();
    assert_eq!(
        summary,
        [
            ("m-1".to_owned(), None),
            ("m-2".to_owned(), Some(FailureReason::InvalidPayload)),
            ("m-3".to_owned(), Some(FailureReason::InvalidPayload)),
            ("m-4".to_owned(), Some(FailureReason::Handler)),
            ("m-5".to_owned(), Some(FailureReason::Panic)),
            ("m-6".to_owned(), None),
        ]
    );
    // The invalid payload names each failing field, without echoing the input.
    let invalid = serde_json::to_value(&outcomes[1]).expect("serializes");
    assert_eq!(invalid["status"], "failed");
    assert_eq!(invalid["reason"], "invalid_payload");
    let pointers: Vec<&str> = invalid["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["pointer"].as_str())
        .collect();
    assert_eq!(pointers, ["/id", "/item"]);
    assert_eq!(
        serde_json::to_value(&outcomes[0]).expect("serializes"),
        json!({"id": "m-1", "status": "ok"})
    );
    assert!(outcomes[2]
        .failure
        .as_ref()
        .is_some_and(|f| f.detail.contains("not JSON")));
    // Only the valid messages reached the handler.
    let mut log = service.state().log();
    log.sort();
    assert_eq!(
        log,
        [
            "ship m-1 1 book",
            "ship m-4 4 refuse",
            "ship m-5 5 panic",
            "ship m-6 6 pen"
        ]
    );
}

#[tokio::test]
async fn a_fifo_batch_stops_at_the_first_failure() {
    let service = service().await;
    let batch = vec![
        order("a", json!({"id": 1, "item": "book"})),
        order("b", json!({"id": 2, "item": "refuse"})),
        order("c", json!({"id": 3, "item": "pen"})),
    ];
    let outcomes = events::dispatch_messages(&service, "shipOrderInOrder", batch)
        .await
        .expect("dispatched");
    let reasons: Vec<Option<FailureReason>> = outcomes
        .iter()
        .map(|o| o.failure.as_ref().map(|f| f.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            None,
            Some(FailureReason::Handler),
            Some(FailureReason::Skipped)
        ]
    );
    assert_eq!(service.state().log(), ["ship a 1 book", "ship b 2 refuse"]);
}

#[tokio::test]
async fn dispatch_errors_name_the_problem() {
    let service = service().await;
    let at = time("2026-12-04T12:00:00Z");
    let unknown = events::dispatch_schedule(&service, "nope", Tick::new("x", at)).await;
    assert_eq!(
        unknown.map_err(|e| e.to_string()),
        Err("unknown event `nope`; this function's events are: purgeSessions, shipOrder, shipOrderInOrder".into())
    );
    let wrong = events::dispatch_schedule(&service, "shipOrder", Tick::new("x", at)).await;
    assert_eq!(
        wrong,
        Err(EventError::WrongKind {
            name: "shipOrder",
            kind: EventKind::Queue
        })
    );
    let wrong = events::dispatch_messages(&service, "purgeSessions", vec![]).await;
    assert!(
        matches!(wrong, Err(EventError::WrongKind { .. })),
        "{wrong:?}"
    );
    let batch: Vec<Message> = (0..11)
        .map(|i| order(&i.to_string(), json!({"id": 1, "item": "x"})))
        .collect();
    let too_many = events::dispatch_messages(&service, "shipOrder", batch).await;
    assert_eq!(
        too_many,
        Err(EventError::BatchTooLarge {
            name: "shipOrder",
            limit: 10,
            given: 11
        })
    );
    assert!(service.state().log().is_empty());
}

#[tokio::test]
async fn a_failed_health_check_fails_the_invocation_without_the_handler() {
    let service = service().await;
    service.state().healthy.store(false, Ordering::SeqCst);
    let at = time("2026-12-04T12:00:00Z");
    let tick = events::dispatch_schedule(&service, "purgeSessions", Tick::new("x", at)).await;
    assert_eq!(
        tick,
        Err(EventError::HealthCheck("the database is gone".into()))
    );
    let outcomes = events::dispatch_messages(
        &service,
        "shipOrder",
        vec![order("m", json!({"id": 1, "item": "x"}))],
    )
    .await
    .expect("dispatched");
    assert_eq!(
        outcomes[0].failure.as_ref().map(|f| f.reason),
        Some(FailureReason::HealthCheck)
    );
    assert!(service.state().log().is_empty());
}

#[test]
fn adapters_find_events_by_name_and_source() {
    let (index, event) = events::find_event::<App, Jobs>("shipOrder").expect("found");
    assert_eq!((index, event.source), (1, "orders"));
    let fifo = events::find_by_source::<App, Jobs>(EventKind::Queue, "orders.fifo").expect("found");
    assert_eq!(fifo.name, "shipOrderInOrder");
    assert!(events::find_by_source::<App, Jobs>(EventKind::Topic, "orders").is_none());
}

#[tokio::test]
async fn the_ticker_fires_schedules_at_their_time_on_a_manual_clock() {
    let service = service().await;
    let clock = ManualClock::new(time("2026-12-04T12:00:00Z"));
    let ticker = Ticker::new(service.clone(), Arc::new(clock.clone()));
    assert_eq!(
        ticker.upcoming(),
        [("purgeSessions", Some(time("2026-12-04T13:00:00Z")))]
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(ticker.run(async {
        let _ = stopped.await;
    }));

    assert_eq!(clock.next_sleep().await, Some(time("2026-12-04T13:00:00Z")));
    assert!(service.state().log().is_empty());
    clock.set(time("2026-12-04T13:00:00Z"));
    // The ticker goes back to sleep only after the handler ran.
    assert_eq!(clock.next_sleep().await, Some(time("2026-12-04T14:00:00Z")));
    let log = service.state().log();
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(log[0].starts_with("tick purgeSessions event-"), "{log:?}");
    assert!(log[0].ends_with(" 2026-12-04 13:00:00 UTC"), "{log:?}");

    // A late wake-up fires once for the missed time, then waits for the next one after now.
    clock.set(time("2026-12-04T17:30:00Z"));
    assert_eq!(clock.next_sleep().await, Some(time("2026-12-04T18:00:00Z")));
    let log = service.state().log();
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(log[1].ends_with(" 2026-12-04 14:00:00 UTC"), "{log:?}");

    let _ = stop.send(());
    task.await.expect("the ticker stops");
    assert_eq!(service.state().health_checks.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn shutdown_runs_the_hook_within_its_budget() {
    let service = service().await;
    let done = lifecycle::shutdown::<App>(service.state(), std::future::pending()).await;
    assert_eq!(done, ShutdownOutcome::Completed);
    assert_eq!(service.state().log(), ["shutdown"]);

    service
        .state()
        .stuck_on_shutdown
        .store(true, Ordering::SeqCst);
    let abandoned = lifecycle::shutdown::<App>(service.state(), std::future::ready(())).await;
    assert_eq!(abandoned, ShutdownOutcome::TimedOut);
    assert_eq!(service.state().log(), ["shutdown"]);
}
