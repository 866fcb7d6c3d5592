//! Events through the generated `events` module (`specs/events.yaml`) and the shop application
//! of `sls_tests::shop`: schedules firing on a manual clock (no sleeping), the decoded
//! rate/cron expressions, injection with bad messages in a batch, the lifecycle hooks in order,
//! and an `init` failure exiting non-zero (the `shop` binary driven as a process).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::Ordering;
use std::sync::Arc;

use serde_json::{json, Value};
use sls_runtime::events::{Event, EventKind, Message, Tick};
use sls_runtime::platform::local::{serve_with, LocalEvents};
use sls_runtime::schedule::{Clock, ManualClock};
use sls_runtime::types::chrono::{DateTime, Utc};
use sls_runtime::{AppService, Function, ServiceConfig};
use sls_tests::shop::App;
use sls_tests::shop_events::events as ev;
use sls_tests::shop_events::functions::{jobs, All};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&Utc))
        .unwrap_or_else(|error| panic!("{text}: {error}"))
}

async fn shop() -> AppService<App, All> {
    match AppService::<App, All>::init(ServiceConfig::default()).await {
        Ok(service) => service,
        Err(error) => panic!("init failed: {error}"),
    }
}

/// One HTTP/1.1 exchange on a fresh connection: the status and the (de-chunked) body.
fn http(port: u16, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let (head, body) = response.split_once("\r\n\r\n").expect("a head and a body");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status");
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    (
        status,
        if chunked {
            dechunk(body)
        } else {
            body.to_owned()
        },
    )
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("a chunk size");
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
    out
}

async fn call(port: u16, method: &'static str, path: &'static str, body: String) -> (u16, Value) {
    let (status, text) = tokio::task::spawn_blocking(move || http(port, method, path, &body))
        .await
        .expect("client");
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, value)
}

#[test]
fn the_generated_descriptors_carry_the_manifest() {
    let purge = <ev::purgeSessions as Event>::DESCRIPTOR;
    assert_eq!(
        (purge.kind, purge.function, purge.source),
        (EventKind::Schedule, "jobs", "rate(1 hour)")
    );
    let ledger = <ev::ledger as Event>::DESCRIPTOR;
    assert_eq!((ledger.batch, ledger.fifo), (5, true));
    let welcome = <ev::welcomeUser as Event>::DESCRIPTOR;
    assert_eq!(
        (welcome.kind, welcome.payload, welcome.function),
        (EventKind::Topic, Some("WelcomeUserPayload"), "api")
    );
    let names: Vec<&str> = <jobs as Function<App>>::EVENTS
        .iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(
        names,
        [
            "purgeSessions",
            "nightlyReport",
            "monthEnd",
            "shipOrder",
            "ledger"
        ]
    );
    assert_eq!(<All as Function<App>>::EVENTS.len(), 6);
}

#[test]
fn generated_schedules_compute_their_next_times() {
    let origin = at("2026-12-04T12:00:00Z");
    let next = |event: &sls_runtime::events::EventDescriptor, after: &str| {
        event
            .schedule
            .expect("a schedule")
            .next_after(origin, at(after))
    };
    let purge = <ev::purgeSessions as Event>::DESCRIPTOR;
    assert_eq!(
        next(purge, "2026-12-04T12:00:00Z"),
        Some(at("2026-12-04T13:00:00Z"))
    );
    assert_eq!(
        next(purge, "2026-12-04T13:59:59Z"),
        Some(at("2026-12-04T14:00:00Z"))
    );
    // cron(30 2 ? * MON-FRI *): Friday 4 December 2026, then Monday the 7th.
    let nightly = <ev::nightlyReport as Event>::DESCRIPTOR;
    assert_eq!(
        next(nightly, "2026-12-04T01:00:00Z"),
        Some(at("2026-12-04T02:30:00Z"))
    );
    assert_eq!(
        next(nightly, "2026-12-04T02:30:00Z"),
        Some(at("2026-12-07T02:30:00Z"))
    );
    // cron(0 23 L * ? *): the last day of each month, February of a leap year included.
    let month_end = <ev::monthEnd as Event>::DESCRIPTOR;
    assert_eq!(
        next(month_end, "2026-12-04T12:00:00Z"),
        Some(at("2026-12-31T23:00:00Z"))
    );
    assert_eq!(
        next(month_end, "2028-02-01T00:00:00Z"),
        Some(at("2028-02-29T23:00:00Z"))
    );
}

#[tokio::test]
async fn handlers_run_through_the_dispatch_api() {
    let service = shop().await;
    let time = at("2026-12-04T12:00:00Z");
    let fired = service
        .dispatch_schedule("purgeSessions", Tick::new("t-1", time))
        .await;
    assert_eq!(fired, Ok(()));
    // A handler returning a non-problem error fails the run, with the error's text kept out of
    // the answer (it is logged) like any 500 problem.
    let failed = service
        .dispatch_schedule("monthEnd", Tick::new("t-2", time))
        .await;
    assert!(failed.is_err(), "{failed:?}");
    let outcomes = service
        .dispatch_messages(
            "welcomeUser",
            vec![Message::new("w-1", r#"{"email":"ann@example.com"}"#)],
        )
        .await
        .expect("dispatched");
    assert!(outcomes[0].is_ok(), "{outcomes:?}");
    assert_eq!(
        service.state().log(),
        [
            "init",
            "health_check",
            "purgeSessions 2026-12-04T12:00:00+00:00",
            "health_check",
            "monthEnd 2026-12-04T12:00:00+00:00",
            "health_check",
            "welcomeUser w-1 ann@example.com",
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_local_server_ticks_injects_and_shuts_down_in_order() {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let service = shop().await;
    let state = Arc::clone(service.state());
    // Friday 4 December 2026, noon.
    let clock = ManualClock::new(at("2026-12-04T12:00:00Z"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_with::<App, All>(
        listener,
        service,
        LocalEvents::default(),
        Arc::new(clock.clone()),
        async {
            let _ = stopped.await;
        },
    ));

    // The ticker sleeps until the earliest schedule: purgeSessions at 13:00.
    assert_eq!(clock.next_sleep().await, Some(at("2026-12-04T13:00:00Z")));
    assert_eq!(state.log(), ["init"]);
    clock.set(at("2026-12-04T13:00:00Z"));
    assert_eq!(clock.next_sleep().await, Some(at("2026-12-04T14:00:00Z")));
    assert_eq!(
        state.log(),
        [
            "init",
            "health_check",
            "purgeSessions 2026-12-04T13:00:00+00:00"
        ]
    );
    // Over the weekend to Monday 02:30: purgeSessions fires once for its missed time, the
    // nightly report for Monday; then the next purge is at 03:00.
    clock.set(at("2026-12-07T02:30:00Z"));
    assert_eq!(clock.next_sleep().await, Some(at("2026-12-07T03:00:00Z")));
    assert_eq!(
        state.entries("purgeSessions"),
        [
            "purgeSessions 2026-12-04T13:00:00+00:00",
            "purgeSessions 2026-12-04T14:00:00+00:00"
        ]
    );
    // The month end fails (logged) and the ticker goes on to midnight.
    clock.set(at("2026-12-31T23:00:00Z"));
    assert_eq!(clock.next_sleep().await, Some(at("2027-01-01T00:00:00Z")));
    assert_eq!(
        state.entries("monthEnd"),
        ["monthEnd 2026-12-31T23:00:00+00:00"]
    );

    // A batch with one message of each outcome.
    let batch = json!([
        {"id": 1, "item": "book", "quantity": 1},
        {"id": 0, "item": "", "quantity": 500},
        "not an order",
        {"id": 3, "item": "refuse", "quantity": 1},
    ]);
    let (status, answer) = call(port, "POST", "/_sls/events/shipOrder", batch.to_string()).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["event"], "shipOrder");
    assert_eq!(answer["failed"], 3);
    let results = answer["results"].as_array().expect("results");
    assert_eq!(results[0], json!({"id": "0", "status": "ok"}));
    assert_eq!(results[1]["reason"], "invalid_payload");
    let pointers: Vec<&str> = results[1]["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|error| error["pointer"].as_str())
        .collect();
    assert_eq!(pointers, ["/id", "/item", "/quantity"]);
    assert_eq!(results[2]["reason"], "invalid_payload");
    assert!(
        !answer.to_string().contains("not an order"),
        "the input is not echoed"
    );
    assert_eq!(
        results[3],
        json!({"id": "3", "status": "failed", "reason": "handler", "detail": "order 3 cannot be shipped"})
    );
    assert_eq!(
        state.entries("shipOrder"),
        ["shipOrder 0 1", "shipOrder 3 3"]
    );

    // A FIFO batch stops at a panicking handler; the server keeps serving.
    let batch = json!([
        {"id": 1, "item": "a", "quantity": 1},
        {"id": 2, "item": "panic", "quantity": 1},
        {"id": 3, "item": "c", "quantity": 1},
    ]);
    let (status, answer) = call(port, "POST", "/_sls/events/ledger", batch.to_string()).await;
    assert_eq!(status, 200, "{answer}");
    let reasons: Vec<&str> = answer["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|result| result["reason"].as_str().unwrap_or("ok"))
        .collect();
    assert_eq!(reasons, ["ok", "panic", "skipped"]);
    assert_eq!(state.entries("ledger"), ["ledger 1", "ledger 2"]);

    // A schedule can be fired by hand.
    let (status, answer) = call(port, "POST", "/_sls/events/purgeSessions", String::new()).await;
    assert_eq!((status, &answer["status"]), (200, &json!("ok")), "{answer}");

    // Mistakes are problems.
    let (status, answer) = call(port, "POST", "/_sls/events/nope", "[]".into()).await;
    assert_eq!(status, 404, "{answer}");
    assert!(
        answer["detail"]
            .as_str()
            .is_some_and(|d| d.contains("shipOrder")),
        "{answer}"
    );
    let (status, _) = call(port, "GET", "/_sls/events/shipOrder", String::new()).await;
    assert_eq!(status, 405);
    let (status, answer) = call(port, "POST", "/_sls/events/shipOrder", "{}".into()).await;
    assert_eq!(status, 400, "{answer}");
    let eleven = Value::Array(vec![json!({"id": 1, "item": "x", "quantity": 1}); 11]);
    let (status, answer) = call(port, "POST", "/_sls/events/shipOrder", eleven.to_string()).await;
    assert_eq!(status, 413, "{answer}");

    // A failing health check answers 503 and fails every message, without the handlers.
    state.healthy.store(false, Ordering::SeqCst);
    let order = json!({"id": 7, "item": "x", "quantity": 1});
    let (status, answer) = call(port, "POST", "/orders", order.to_string()).await;
    assert_eq!(status, 503, "{answer}");
    let (status, answer) = call(
        port,
        "POST",
        "/_sls/events/shipOrder",
        json!([order]).to_string(),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["results"][0]["reason"], "health_check");
    state.healthy.store(true, Ordering::SeqCst);
    let (status, _) = call(port, "POST", "/orders", order.to_string()).await;
    assert_eq!(status, 202);
    assert_eq!(state.entries("placeOrder"), ["placeOrder 7"]);

    stop.send(()).expect("server running");
    server.await.expect("server task").expect("clean stop");
    let log = state.log();
    assert_eq!(log.first().map(String::as_str), Some("init"));
    assert_eq!(log.last().map(String::as_str), Some("shutdown"));
    // One health check per invocation: 6 ticks (the nightly report also fired once, late, on
    // the jump to New Year's Eve), 2 batches, the schedule fired by hand, the unhealthy order
    // and batch, and the last order.
    let checks = log.iter().filter(|entry| *entry == "health_check").count();
    assert_eq!(checks, 12, "{log:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedules_and_injection_can_be_switched_off() {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let service = shop().await;
    let state = Arc::clone(service.state());
    let clock = ManualClock::new(at("2026-12-04T12:00:00Z"));
    let off = LocalEvents {
        schedules: false,
        injection: false,
        ..LocalEvents::default()
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_with::<App, All>(
        listener,
        service,
        off,
        Arc::new(clock.clone()),
        async {
            let _ = stopped.await;
        },
    ));
    let batch = json!([{"id": 1, "item": "book", "quantity": 1}]).to_string();
    let (status, _) = call(port, "POST", "/_sls/events/shipOrder", batch).await;
    assert_eq!(
        status, 404,
        "the injection path is an ordinary unknown route"
    );
    stop.send(()).expect("server running");
    server.await.expect("server task").expect("clean stop");
    // Nothing ever waited on the clock, and no handler ran.
    assert_eq!(clock.sleepers(), 0);
    assert_eq!(clock.now(), at("2026-12-04T12:00:00Z"));
    assert_eq!(state.log(), ["init", "shutdown"]);
}

#[test]
fn an_init_failure_exits_non_zero() {
    let output = Command::new(env!("CARGO_BIN_EXE_shop"))
        .env("SHOP_INIT_FAIL", "1")
        .env("PORT", "0")
        .env("RUST_LOG", "info")
        .output()
        .expect("the shop binary runs");
    assert!(!output.status.success(), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout) + String::from_utf8_lossy(&output.stderr);
    assert!(
        text.contains("init failed: the shop database is unreachable"),
        "{text}"
    );
    assert!(!text.contains("listening"), "{text}");
}

#[test]
fn the_shop_process_runs_its_hooks_in_order_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shop"))
        .env("PORT", "0")
        .env("RUST_LOG", "info")
        .env("SLS_SCHEDULES", "off")
        .env_remove("SHOP_INIT_FAIL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the shop binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut seen = Vec::new();
    let port = loop {
        let line = lines
            .next()
            .expect("the server reports its address")
            .expect("utf-8");
        seen.push(line.clone());
        if let Some((_, rest)) = line.split_once("listening on http://127.0.0.1:") {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            break digits.parse::<u16>().expect("a port");
        }
    };
    let (status, _) = http(
        port,
        "POST",
        "/orders",
        r#"{"id":5,"item":"pen","quantity":2}"#,
    );
    assert_eq!(status, 202);
    let (status, answer) = http(
        port,
        "POST",
        "/_sls/events/welcomeUser",
        r#"[{"email":"bo@example.com"}]"#,
    );
    assert_eq!(status, 200, "{answer}");
    // The shell's `kill` builtin: no signal crate needed.
    let terminated = Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", child.id())])
        .status()
        .expect("kill runs");
    assert!(terminated.success());
    seen.extend(lines.map_while(Result::ok));
    let status = child.wait().expect("the shop exits");
    assert!(status.success(), "{status:?}: {seen:?}");
    let lifecycle: Vec<&str> = seen
        .iter()
        .filter_map(|line| line.strip_prefix("lifecycle: "))
        .collect();
    assert_eq!(
        lifecycle,
        [
            "init",
            "health_check",
            "placeOrder 5",
            "health_check",
            "welcomeUser 0 bo@example.com",
            "shutdown"
        ],
        "{seen:?}"
    );
}
