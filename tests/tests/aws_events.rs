//! SQS, SNS and EventBridge payloads of `tests/fixtures/aws` through the Lambda adapter, over a
//! function whose events are written out the way the generator writes them: partial batch
//! responses, FIFO batches stopping at the first failure, topic failures reported for retry,
//! schedules firing with the event's id and time, and deliveries matching none of the
//! function's triggers refused with what arrived.

use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use sls_runtime::context::Platform;
use sls_runtime::events::{
    self, Delivery, Event, EventDescriptor, EventKind, EventResult, HandlesEvent, Invocation, Tick,
};
use sls_runtime::platform::aws::{Adapter, AdapterConfig};
use sls_runtime::router::RouteMatch;
use sls_runtime::schema::Schema;
use sls_runtime::{AppService, Application, BoxError, BoxFuture, Context, Function, Problem};

static SHIP: EventDescriptor = EventDescriptor {
    name: "shipOrder",
    kind: EventKind::Queue,
    function: "jobs",
    source: "SQSQueue",
    schedule: None,
    batch: 10,
    fifo: false,
    payload: Some("Value"),
};

static BILL: EventDescriptor = EventDescriptor {
    name: "bill",
    kind: EventKind::Queue,
    function: "jobs",
    source: "invoices.fifo",
    schedule: None,
    batch: 10,
    fifo: true,
    payload: Some("Value"),
};

static WELCOME: EventDescriptor = EventDescriptor {
    name: "welcomeUser",
    kind: EventKind::Topic,
    function: "jobs",
    source: "snsNetTest",
    schedule: None,
    batch: 1,
    fifo: false,
    payload: Some("Value"),
};

static PURGE: EventDescriptor = EventDescriptor {
    name: "purgeSessions",
    kind: EventKind::Schedule,
    function: "jobs",
    source: "rate(1 hour)",
    schedule: None,
    batch: 1,
    fifo: false,
    payload: None,
};

static ANY: Schema = Schema::Any;

pub struct ShipOrder;
sls_runtime::__message_event!(ShipOrder, Value, &SHIP, &ANY);
pub struct Bill;
sls_runtime::__message_event!(Bill, Value, &BILL, &ANY);
pub struct WelcomeUser;
sls_runtime::__message_event!(WelcomeUser, Value, &WELCOME, &ANY);
pub struct PurgeSessions;
sls_runtime::__schedule_event!(PurgeSessions, &PURGE);

/// A function with one event of each kind and no operations.
pub struct Jobs;

impl<A> Function<A> for Jobs
where
    A: Application
        + HandlesEvent<ShipOrder>
        + HandlesEvent<Bill>
        + HandlesEvent<WelcomeUser>
        + HandlesEvent<PurgeSessions>,
{
    const NAME: &'static str = "jobs";
    const OPERATIONS: &'static [&'static sls_runtime::descriptor::OperationDescriptor] = &[];
    const EVENTS: &'static [&'static EventDescriptor] = &[&SHIP, &BILL, &WELCOME, &PURGE];

    fn route<'p>(_method: &http::Method, _path: &'p str) -> RouteMatch<'p> {
        RouteMatch::NotFound
    }

    fn dispatch(
        index: usize,
        _state: Arc<A::State>,
        _context: Context,
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
            0 => <ShipOrder as Event>::run::<A>(state, invocation),
            1 => <Bill as Event>::run::<A>(state, invocation),
            2 => <WelcomeUser as Event>::run::<A>(state, invocation),
            3 => <PurgeSessions as Event>::run::<A>(state, invocation),
            _ => events::unknown_event(index),
        }
    }
}

/// A function with no events at all.
pub struct Web;

impl<A: Application> Function<A> for Web {
    const NAME: &'static str = "web";
    const OPERATIONS: &'static [&'static sls_runtime::descriptor::OperationDescriptor] = &[];

    fn route<'p>(_method: &http::Method, _path: &'p str) -> RouteMatch<'p> {
        RouteMatch::NotFound
    }

    fn dispatch(
        index: usize,
        _state: Arc<A::State>,
        _context: Context,
        _request: sls_runtime::request::RawRequest,
    ) -> BoxFuture<'static, sls_runtime::HttpResponse> {
        sls_runtime::unknown_operation(index)
    }
}

/// What the handlers were called with.
#[derive(Default)]
pub struct Log(Mutex<Vec<String>>);

impl Log {
    fn push(&self, entry: String) {
        self.0.lock().expect("not poisoned").push(entry);
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().expect("not poisoned"))
    }
}

pub struct App;

impl Application for App {
    type State = Log;

    fn init() -> BoxFuture<'static, Result<Log, BoxError>> {
        Box::pin(async { Ok(Log::default()) })
    }
}

fn deliver(
    event: &'static str,
    state: Arc<Log>,
    delivery: Delivery<Value>,
) -> BoxFuture<'static, Result<(), Problem>> {
    Box::pin(async move {
        let Delivery { payload, meta } = delivery;
        let attributes: Vec<_> = meta
            .attributes
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        state.push(format!(
            "{event} {} {} {} [{}]",
            meta.id,
            meta.invocation_id,
            payload,
            attributes.join(",")
        ));
        if payload["refuse"] == true {
            return Err(Problem::internal().with_detail("refused on purpose"));
        }
        Ok(())
    })
}

impl HandlesEvent<ShipOrder> for App {
    fn call(state: Arc<Log>, delivery: Delivery<Value>) -> BoxFuture<'static, Result<(), Problem>> {
        deliver("ship", state, delivery)
    }
}

impl HandlesEvent<Bill> for App {
    fn call(state: Arc<Log>, delivery: Delivery<Value>) -> BoxFuture<'static, Result<(), Problem>> {
        deliver("bill", state, delivery)
    }
}

impl HandlesEvent<WelcomeUser> for App {
    fn call(state: Arc<Log>, delivery: Delivery<Value>) -> BoxFuture<'static, Result<(), Problem>> {
        deliver("welcome", state, delivery)
    }
}

impl HandlesEvent<PurgeSessions> for App {
    fn call(state: Arc<Log>, tick: Tick) -> BoxFuture<'static, Result<(), Problem>> {
        Box::pin(async move {
            state.push(format!(
                "purge {} {} {}",
                tick.event,
                tick.id,
                tick.time.to_rfc3339()
            ));
            Ok(())
        })
    }
}

fn fixture(path: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/aws")
        .join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture_json(path: &str) -> Value {
    serde_json::from_slice(&fixture(path)).expect("JSON")
}

async fn adapter() -> Adapter<AppService<App, Jobs>> {
    let service = AppService::<App, Jobs>::init(sls_runtime::ServiceConfig::default())
        .await
        .unwrap_or_else(|e| panic!("init: {e}"));
    Adapter::new(service, AdapterConfig::default())
}

fn context(id: &str) -> Context {
    Context::new(Platform::Aws, id)
}

fn log(adapter: &Adapter<AppService<App, Jobs>>) -> Vec<String> {
    adapter.target().state().take()
}

/// An SQS batch on `queue` with one record per body, built from the fixture's record.
fn sqs_batch(queue: &str, bodies: &[Value]) -> Vec<u8> {
    let mut event = fixture_json("sqs/rust-lambda-events__example-sqs-event.json");
    let template = event["Records"][0].clone();
    let records: Vec<Value> = bodies
        .iter()
        .enumerate()
        .map(|(index, body)| {
            let mut record = template.clone();
            record["messageId"] = Value::from(format!("m{}", index + 1));
            record["body"] = Value::from(body.to_string());
            record["eventSourceARN"] =
                Value::from(format!("arn:aws:sqs:us-west-2:123456789012:{queue}"));
            record
        })
        .collect();
    event["Records"] = Value::Array(records);
    serde_json::to_vec(&event).expect("JSON")
}

#[tokio::test]
async fn sqs_fixtures_reach_the_queue_event_and_failures_are_reported_per_message() {
    let adapter = adapter().await;
    // The body is JSON: handled, nothing to retry. String attributes are passed on.
    let (body, outcome) = adapter
        .invoke(
            &fixture("sqs/rust-lambda-events__example-sqs-event-obj.json"),
            context("r1"),
        )
        .await
        .expect("handled");
    assert_eq!(
        serde_json::from_slice::<Value>(&body).expect("JSON"),
        json!({"batchItemFailures": []})
    );
    assert_eq!(outcome.event, Some("shipOrder"));
    let seen = log(&adapter);
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0].starts_with("ship MessageID_1 r1 {\"a\":\"Test\",\"b\":123}"),
        "{seen:?}"
    );

    // "Message Body" is not JSON: that message fails without reaching the handler.
    let (body, outcome) = adapter
        .invoke(
            &fixture("sqs/rust-lambda-events__example-sqs-event.json"),
            context("r2"),
        )
        .await
        .expect("handled");
    assert_eq!(
        serde_json::from_slice::<Value>(&body).expect("JSON"),
        json!({"batchItemFailures": [{"itemIdentifier": "MessageID_1"}]})
    );
    assert_eq!(outcome.failed, 1);
    assert_eq!(log(&adapter), Vec::<String>::new());
}

#[tokio::test]
async fn a_batch_reports_only_its_failed_messages() {
    let adapter = adapter().await;
    let event = sqs_batch(
        "chat-prod-SQSQueue",
        &[
            json!({"n": 1}),
            json!({"n": 2, "refuse": true}),
            json!({"n": 3}),
        ],
    );
    let (body, _) = adapter
        .invoke(&event, context("r3"))
        .await
        .expect("handled");
    assert_eq!(
        serde_json::from_slice::<Value>(&body).expect("JSON"),
        json!({"batchItemFailures": [{"itemIdentifier": "m2"}]})
    );
    let seen = log(&adapter);
    assert_eq!(seen.len(), 3, "every message handled: {seen:?}");
    assert!(
        seen[0].ends_with("[Attribute1=AttributeValue1,Attribute2=123]"),
        "{seen:?}"
    );
}

#[tokio::test]
async fn a_fifo_batch_stops_at_the_first_failure() {
    let adapter = adapter().await;
    let event = sqs_batch(
        "invoices.fifo",
        &[
            json!({"n": 1}),
            json!({"n": 2, "refuse": true}),
            json!({"n": 3}),
            json!({"n": 4}),
        ],
    );
    let (body, outcome) = adapter
        .invoke(&event, context("r4"))
        .await
        .expect("handled");
    assert_eq!(
        serde_json::from_slice::<Value>(&body).expect("JSON"),
        json!({"batchItemFailures": [
            {"itemIdentifier": "m2"}, {"itemIdentifier": "m3"}, {"itemIdentifier": "m4"}
        ]})
    );
    assert_eq!(outcome.event, Some("bill"));
    let seen = log(&adapter);
    assert_eq!(
        seen.len(),
        2,
        "nothing after the failure is handled: {seen:?}"
    );
}

#[tokio::test]
async fn sns_fixtures_reach_the_topic_event_and_a_failure_is_an_error_for_retry() {
    let adapter = adapter().await;
    let (body, outcome) = adapter
        .invoke(
            &fixture("sns/rust-lambda-events__example-sns-event-obj.json"),
            context("r5"),
        )
        .await
        .expect("handled");
    assert_eq!(body, b"null");
    assert_eq!(outcome.event, Some("welcomeUser"));
    let seen = log(&adapter);
    assert_eq!(
        seen,
        ["welcome 82833b5c-8d5d-56d0-b0e1-7511f8253eb8 r5 {\"foo\":\"Hello world!\",\"bar\":123} []"]
    );

    for name in [
        "sns/rust-lambda-events__example-sns-event.json",
        "sns/rust-lambda-events__example-sns-event-pascal-case.json",
    ] {
        let error = adapter
            .invoke(&fixture(name), context("r6"))
            .await
            .expect_err("not JSON");
        assert_eq!(error.error_type, "Handler.MessageFailed", "{name}");
        assert!(error.message.contains("welcomeUser"), "{}", error.message);
    }

    let mut refused = fixture_json("sns/rust-lambda-events__example-sns-event-obj.json");
    refused["Records"][0]["Sns"]["Message"] = Value::from(json!({"refuse": true}).to_string());
    let error = adapter
        .invoke(&serde_json::to_vec(&refused).expect("JSON"), context("r7"))
        .await
        .expect_err("refused");
    assert!(
        error.message.contains("refused on purpose"),
        "{}",
        error.message
    );
    log(&adapter);

    // A topic this function has no trigger for.
    let error = adapter
        .invoke(&fixture("sns/aws-lambda-go__sns-event.json"), context("r8"))
        .await
        .expect_err("unknown topic");
    assert_eq!(error.error_type, "Runtime.UnknownEvent");
    assert!(
        error.message.contains("topic `EXAMPLE`"),
        "{}",
        error.message
    );
    assert!(
        error
            .message
            .contains("topic `snsNetTest` (event `welcomeUser`)"),
        "{}",
        error.message
    );
    assert_eq!(log(&adapter), Vec::<String>::new());
}

#[tokio::test]
async fn a_scheduled_event_fires_the_schedule_with_its_id_and_time() {
    let adapter = adapter().await;
    let (body, outcome) = adapter
        .invoke(
            &fixture("eventbridge/rust-lambda-events__example-eventbridge-schedule.json"),
            context("r9"),
        )
        .await
        .expect("handled");
    assert_eq!(body, b"null");
    assert_eq!(outcome.event, Some("purgeSessions"));
    assert_eq!(
        log(&adapter),
        ["purge purgeSessions 53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa 2015-10-08T16:53:06+00:00"]
    );

    // Another EventBridge event is not a schedule firing.
    let error = adapter
        .invoke(
            &fixture("eventbridge/rust-lambda-events__example-eventbridge-event-obj.json"),
            context("r10"),
        )
        .await
        .expect_err("not a schedule");
    assert_eq!(error.error_type, "Runtime.UnknownEvent");
    assert!(
        error
            .message
            .contains("EC2 Instance State-change Notification"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn deliveries_for_triggers_the_function_does_not_have_are_refused() {
    let adapter = adapter().await;
    let error = adapter
        .invoke(&sqs_batch("backorders", &[json!({"n": 1})]), context("r11"))
        .await
        .expect_err("unknown queue");
    assert_eq!(error.error_type, "Runtime.UnknownEvent");
    assert!(
        error.message.contains("queue `backorders`"),
        "{}",
        error.message
    );
    // The SQS API's ReceiveMessage answer is not a Lambda event.
    let error = adapter
        .invoke(
            &fixture("sqs/rust-lambda-events__example-sqs-api-event-obj.json"),
            context("r12"),
        )
        .await
        .expect_err("not an event");
    assert_eq!(error.error_type, "Runtime.UnknownEvent");
    assert!(
        error
            .message
            .contains("queue `SQSQueue` (event `shipOrder`)"),
        "{}",
        error.message
    );
    // More messages than the manifest's batch: the whole delivery fails.
    let many: Vec<Value> = (0..11).map(|n| json!({"n": n})).collect();
    let error = adapter
        .invoke(&sqs_batch("SQSQueue", &many), context("r13"))
        .await
        .expect_err("too many");
    assert_eq!(error.error_type, "Runtime.EventRejected");
    assert_eq!(log(&adapter), Vec::<String>::new());

    // A function without events says so.
    let web = AppService::<App, Web>::init(sls_runtime::ServiceConfig::default())
        .await
        .unwrap_or_else(|e| panic!("init: {e}"));
    let web = Adapter::new(web, AdapterConfig::default());
    let error = web
        .invoke(
            &fixture("sqs/rust-lambda-events__example-sqs-event.json"),
            context("r14"),
        )
        .await
        .expect_err("no triggers");
    assert!(
        error.message.contains("no event triggers"),
        "{}",
        error.message
    );
}
