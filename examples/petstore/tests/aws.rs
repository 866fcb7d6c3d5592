//! The Lambda entry binaries of the Petstore, run as processes with `--event FILE` (offline
//! invoke: the real adapter and handlers, no Runtime API) on a fresh database.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

/// A temporary directory with a database and the event files, removed on drop.
struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new(name: &str) -> Scratch {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!(
            "sls-petstore-aws-{name}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("temporary directory");
        Scratch { dir }
    }

    fn event(&self, name: &str, event: &Value) -> PathBuf {
        let path = self.dir.join(name);
        std::fs::write(&path, serde_json::to_vec_pretty(event).expect("JSON")).expect("write");
        path
    }

    fn invoke(&self, binary: &str, args: &[&std::ffi::OsStr]) -> Output {
        Command::new(binary)
            .args(args)
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/petstore.db", self.dir.display()),
            )
            .env("RUST_LOG", "warn")
            .env_remove("AWS_LAMBDA_RUNTIME_API")
            .output()
            .expect("the binary runs")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn http_api_event(method: &str, path: &str, body: Option<Value>) -> Value {
    let mut event = json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": format!("/prod{path}"),
        "rawQueryString": "",
        "headers": {"accept": "application/json", "host": "api.example.com"},
        "requestContext": {
            "http": {"method": method, "path": format!("/prod{path}"), "protocol": "HTTP/1.1",
                     "sourceIp": "203.0.113.7", "userAgent": "curl/8"},
            "requestId": "abc", "routeKey": "$default", "stage": "prod",
            "time": "04/Dec/2026:05:00:00 +0000", "timeEpoch": 1_796_360_400_000u64
        },
        "isBase64Encoded": false
    });
    if let Some(body) = body {
        event["body"] = Value::from(body.to_string());
        event["headers"]["content-type"] = Value::from("application/json");
    }
    event
}

fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn offline_invoke_runs_an_event_through_the_function_and_prints_the_response() {
    let scratch = Scratch::new("invoke");
    let pets = env!("CARGO_BIN_EXE_pets-aws");
    let add = scratch.event(
        "add.json",
        &http_api_event(
            "POST",
            "/pet",
            Some(json!({"name": "rex", "photoUrls": [], "status": "available"})),
        ),
    );
    let output = scratch.invoke(pets, &["--event".as_ref(), add.as_os_str()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let response = stdout_json(&output);
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(response["isBase64Encoded"], false);
    let pet: Value = serde_json::from_str(response["body"].as_str().expect("text")).expect("JSON");
    assert_eq!(pet["name"], "rex");
    let id = pet["id"].as_i64().expect("an id");

    // The same database, read back through a REST API (v1) event with `--event=FILE`.
    let get = scratch.event(
        "get.json",
        &json!({
            "resource": "/pet/{petId}", "path": format!("/pet/{id}"), "httpMethod": "GET",
            "headers": null, "multiValueHeaders": {"Accept": ["application/json"]},
            "queryStringParameters": null, "multiValueQueryStringParameters": null,
            "pathParameters": {"petId": id.to_string()}, "stageVariables": null,
            "requestContext": {"stage": "prod", "httpMethod": "GET", "requestId": "r"},
            "body": null, "isBase64Encoded": false
        }),
    );
    let mut arg = std::ffi::OsString::from("--event=");
    arg.push(&get);
    let output = scratch.invoke(pets, &[arg.as_os_str()]);
    let response = stdout_json(&output);
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(
        response["multiValueHeaders"]["content-type"],
        json!(["application/json"])
    );
    let read: Value = serde_json::from_str(response["body"].as_str().expect("text")).expect("JSON");
    assert_eq!(read["id"], id);
}

#[test]
fn a_function_links_only_its_own_operations() {
    let scratch = Scratch::new("own");
    let order = scratch.event("order.json", &http_api_event("GET", "/store/order/1", None));
    let output = scratch.invoke(
        env!("CARGO_BIN_EXE_pets-aws"),
        &["--event".as_ref(), order.as_os_str()],
    );
    let response = stdout_json(&output);
    assert_eq!(response["statusCode"], 404, "{response}");
    assert_eq!(
        response["headers"]["content-type"],
        "application/problem+json"
    );
    let output = scratch.invoke(
        env!("CARGO_BIN_EXE_store-aws"),
        &["--event".as_ref(), order.as_os_str()],
    );
    let response = stdout_json(&output);
    assert_eq!(response["statusCode"], 404, "no such order: {response}");
    assert_ne!(
        response["headers"]["content-type"],
        "application/problem+json"
    );
}

#[test]
fn offline_invoke_of_an_unknown_event_prints_the_error_and_fails() {
    let scratch = Scratch::new("unknown");
    let event = scratch.event("cron.json", &json!({"hello": "world"}));
    let output = scratch.invoke(
        env!("CARGO_BIN_EXE_users-aws"),
        &["--event".as_ref(), event.as_os_str()],
    );
    assert!(!output.status.success());
    let error = stdout_json(&output);
    assert_eq!(error["errorType"], "Runtime.UnknownEvent");

    let output = scratch.invoke(env!("CARGO_BIN_EXE_users-aws"), &["--bogus".as_ref()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--event FILE"));

    // Outside Lambda, without `--event`, it says what it needs instead of hanging.
    let output = scratch.invoke(env!("CARGO_BIN_EXE_users-aws"), &[]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("AWS_LAMBDA_RUNTIME_API"));
}
