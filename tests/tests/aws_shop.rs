//! Lambda deliveries to the functions generated from `specs/events.yaml` (`tests/src/shop.rs`):
//! the queue, topic and schedule events of the manifest, matched by the deliveries' own ARNs,
//! through the generated event tables and the `#[message]`/`#[scheduled]` handlers.

use std::path::Path;

use bytes::Bytes;
use serde_json::{json, Value};
use sls_runtime::context::Platform;
use sls_runtime::platform::aws::{Adapter, AdapterConfig};
use sls_runtime::{AppService, Context, ServiceConfig};
use sls_tests::shop::App;
use sls_tests::shop_events::functions::{api, jobs};

fn fixture_json(path: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/aws")
        .join(path);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).expect("JSON")
}

fn sqs(queue: &str, orders: &[Value]) -> Bytes {
    let mut event = fixture_json("sqs/rust-lambda-events__example-sqs-event.json");
    let template = event["Records"][0].clone();
    let records: Vec<Value> = orders
        .iter()
        .enumerate()
        .map(|(index, order)| {
            let mut record = template.clone();
            record["messageId"] = Value::from(format!("m{}", index + 1));
            record["body"] = Value::from(order.to_string());
            record["eventSourceARN"] =
                Value::from(format!("arn:aws:sqs:eu-west-1:123456789012:{queue}"));
            record
        })
        .collect();
    event["Records"] = Value::Array(records);
    Bytes::from(serde_json::to_vec(&event).expect("JSON"))
}

fn order(id: i64, item: &str) -> Value {
    json!({"id": id, "item": item, "quantity": 1})
}

fn context(id: &str) -> Context {
    Context::new(Platform::Aws, id)
}

async fn jobs_adapter() -> Adapter<AppService<App, jobs>> {
    let service = AppService::<App, jobs>::init(ServiceConfig::default())
        .await
        .unwrap_or_else(|e| panic!("init: {e}"));
    Adapter::new(service, AdapterConfig::default())
}

fn failures(body: &[u8]) -> Vec<String> {
    let value: Value = serde_json::from_slice(body).expect("JSON");
    value["batchItemFailures"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|f| f["itemIdentifier"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn queue_batches_reach_the_generated_handlers_and_report_their_failures() {
    let adapter = jobs_adapter().await;
    let batch = sqs(
        "shop-prod-orders",
        &[
            order(1, "book"),
            order(2, "refuse"),
            json!({"id": "three"}),
            order(4, "pen"),
        ],
    );
    let (body, outcome) = adapter
        .invoke_bytes(batch, context("inv-1"))
        .await
        .expect("handled");
    assert_eq!(outcome.event, Some("shipOrder"));
    // 2 refused by its handler, 3 not an Order: only those are retried.
    assert_eq!(failures(&body), ["m2", "m3"]);
    let shop = adapter.target().state();
    assert_eq!(
        shop.entries("shipOrder"),
        ["shipOrder m1 1", "shipOrder m2 2", "shipOrder m4 4"]
    );

    // The FIFO queue of the manifest stops at the first failure (a panicking handler).
    let batch = sqs(
        "ledger.fifo",
        &[order(10, "a"), order(11, "panic"), order(12, "b")],
    );
    let (body, outcome) = adapter
        .invoke_bytes(batch, context("inv-2"))
        .await
        .expect("handled");
    assert_eq!(outcome.event, Some("ledger"));
    assert_eq!(failures(&body), ["m2", "m3"]);
    assert_eq!(shop.entries("ledger"), ["ledger 10", "ledger 11"]);
}

#[tokio::test]
async fn schedules_fire_by_rule_and_an_unknown_rule_is_refused() {
    let adapter = jobs_adapter().await;
    let mut event =
        fixture_json("eventbridge/rust-lambda-events__example-eventbridge-schedule.json");
    event["resources"][0] =
        Value::from("arn:aws:events:eu-west-1:123456789012:rule/shop-prod-purgeSessions");
    let (body, outcome) = adapter
        .invoke_bytes(Bytes::from(event.to_string()), context("inv-3"))
        .await
        .expect("handled");
    assert_eq!(body, b"null");
    assert_eq!(outcome.event, Some("purgeSessions"));
    let shop = adapter.target().state();
    assert_eq!(
        shop.entries("purgeSessions"),
        ["purgeSessions 2015-10-08T16:53:06+00:00"]
    );

    // A failing schedule handler is an invocation error, so that EventBridge retries it.
    event["resources"][0] = Value::from("arn:aws:events:eu-west-1:123456789012:rule/monthEnd");
    let error = adapter
        .invoke_bytes(Bytes::from(event.to_string()), context("inv-4"))
        .await
        .expect_err("the handler fails");
    assert_eq!(error.error_type, "Handler.ScheduleFailed");
    // The handler's error detail is logged, not reported: it may hold internals.
    assert!(
        error
            .message
            .contains("event `monthEnd`: the handler failed"),
        "{}",
        error.message
    );

    // The fixture's own rule names none of the three schedules of `jobs`: no guess.
    let error = adapter
        .invoke_bytes(
            Bytes::from(
                fixture_json("eventbridge/rust-lambda-events__example-eventbridge-schedule.json")
                    .to_string(),
            ),
            context("inv-5"),
        )
        .await
        .expect_err("unknown rule");
    assert_eq!(error.error_type, "Runtime.UnknownEvent");
    assert!(
        error.message.contains("rule `my-scheduled-rule`"),
        "{}",
        error.message
    );
    assert!(
        error.message.contains("schedule `purgeSessions`"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn topics_reach_their_function_only() {
    let mut event = fixture_json("sns/rust-lambda-events__example-sns-event-obj.json");
    event["Records"][0]["Sns"]["TopicArn"] =
        Value::from("arn:aws:sns:eu-west-1:123456789012:signups");
    event["Records"][0]["Sns"]["Message"] =
        Value::from(json!({"email": "ada@example.com"}).to_string());
    let bytes = Bytes::from(event.to_string());

    let service = AppService::<App, api>::init(ServiceConfig::default())
        .await
        .unwrap_or_else(|e| panic!("init: {e}"));
    let adapter = Adapter::new(service, AdapterConfig::default());
    let (_, outcome) = adapter
        .invoke_bytes(bytes.clone(), context("inv-6"))
        .await
        .expect("handled");
    assert_eq!(outcome.event, Some("welcomeUser"));
    assert_eq!(
        adapter.target().state().entries("welcomeUser"),
        ["welcomeUser 82833b5c-8d5d-56d0-b0e1-7511f8253eb8 ada@example.com"]
    );

    // `jobs` has no topic trigger: the same notification is refused there.
    let error = jobs_adapter()
        .await
        .invoke_bytes(bytes, context("inv-7"))
        .await
        .expect_err("not a trigger of jobs");
    assert_eq!(error.error_type, "Runtime.UnknownEvent");
    assert!(
        error.message.contains("topic `signups`"),
        "{}",
        error.message
    );
}
