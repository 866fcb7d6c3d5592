//! The Lambda Runtime API loop against an in-process fake of the Runtime and Extensions APIs
//! (hyper on 127.0.0.1) that checks every call against the documented contract: the extension
//! registered before the first `next`, responses and errors posted for the invocation that is
//! outstanding, error bodies `{"errorMessage","errorType"}` with the
//! `Lambda-Runtime-Function-Error-Type` header, init errors before any `next`.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use sls_runtime::platform::aws::{
    self, lambda, Adapter, AdapterConfig, LambdaConfig, Metrics, RuntimeApi, Target,
};
use sls_runtime::{components, endpoint, BoxFuture, BufferedRequest, Context, HttpResponse};
use sls_tests::minimal::functions::All;
use sls_tests::minimal::models::Pet;
use sls_tests::minimal::ops::{
    AddPetRequest, AddPetResponse, GetPetByIdRequest, GetPetByIdResponse,
};
use tokio::net::TcpListener;

/// The loop exports `_X_AMZN_TRACE_ID` into the process environment: one loop at a time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// What a handler saw of its invocation: request id, deadline, `_X_AMZN_TRACE_ID`.
type SeenContext = (String, Option<Instant>, Option<String>);

/// What the handlers saw of their invocations.
#[derive(Default)]
pub struct Seen {
    contexts: Mutex<Vec<SeenContext>>,
}

impl Seen {
    async fn open() -> Result<Seen, std::io::Error> {
        Ok(Seen::default())
    }

    async fn broken() -> Result<Seen, std::io::Error> {
        Err(std::io::Error::other("the database is unreachable"))
    }
}

#[endpoint(addPet, api = sls_tests::minimal)]
async fn add_pet(_state: &Seen, request: AddPetRequest) -> AddPetResponse {
    if request.body.name == "panic" {
        panic!("the handler panicked on purpose");
    }
    let mut pet = request.body;
    pet.id = Some(7);
    AddPetResponse::Ok(pet)
}

#[endpoint(getPetById, api = sls_tests::minimal)]
async fn get_pet(state: &Seen, context: Context, request: GetPetByIdRequest) -> GetPetByIdResponse {
    state.contexts.lock().expect("not poisoned").push((
        context.request_id.clone(),
        context.deadline,
        std::env::var("_X_AMZN_TRACE_ID").ok(),
    ));
    if request.pet_id == 1 {
        GetPetByIdResponse::Ok(Pet {
            id: Some(1),
            name: "rex".to_owned(),
            tag: None,
        })
    } else {
        GetPetByIdResponse::NotFound
    }
}

#[components(state = Seen, init = Seen::open, endpoints(add_pet, get_pet), api = sls_tests::minimal)]
pub struct App;

#[components(state = Seen, init = Seen::broken, endpoints(add_pet, get_pet), api = sls_tests::minimal)]
pub struct BrokenApp;

/// One call the runtime made, as the fake saw it.
#[derive(Debug, Clone)]
struct Call {
    method: String,
    path: String,
    error_type: Option<String>,
    body: Bytes,
}

#[derive(Default)]
struct FakeState {
    events: VecDeque<(String, Bytes)>,
    calls: Vec<Call>,
    violations: Vec<String>,
    outstanding: Option<String>,
    registered: bool,
    done: Option<tokio::sync::oneshot::Sender<()>>,
    /// Answer 500 to the response of this request id (a fatal Runtime API state).
    fail_response_of: Option<String>,
}

/// The fake Runtime API.
#[derive(Clone)]
struct Fake {
    state: Arc<Mutex<FakeState>>,
    deadline_ms: u64,
}

const EXTENSION_ID: &str = "ext-7f3a";
const TRACE_ID: &str = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

impl Fake {
    fn new(events: Vec<(&str, Vec<u8>)>) -> (Fake, tokio::sync::oneshot::Receiver<()>) {
        let (done, finished) = tokio::sync::oneshot::channel();
        let deadline_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("after 1970")
            .as_millis() as u64
            + 60_000;
        let state = FakeState {
            events: events
                .into_iter()
                .map(|(id, event)| (id.to_owned(), Bytes::from(event)))
                .collect(),
            done: Some(done),
            ..FakeState::default()
        };
        (
            Fake {
                state: Arc::new(Mutex::new(state)),
                deadline_ms,
            },
            finished,
        )
    }

    async fn start(&self) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let fake = self.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let fake = fake.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let fake = fake.clone();
                        async move { Ok::<_, Infallible>(fake.answer(request).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        addr
    }

    fn violation(&self, text: String) {
        self.state
            .lock()
            .expect("not poisoned")
            .violations
            .push(text);
    }

    async fn answer(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let (parts, body) = request.into_parts();
        let body = body
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let path = parts.uri.path().to_owned();
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let error_type = header("lambda-runtime-function-error-type");
        self.state.lock().expect("not poisoned").calls.push(Call {
            method: parts.method.to_string(),
            path: path.clone(),
            error_type: error_type.clone(),
            body: body.clone(),
        });
        let status = |code: u16| {
            let mut response = Response::new(Full::new(Bytes::new()));
            *response.status_mut() = StatusCode::from_u16(code).expect("status");
            response
        };
        let method = parts.method.as_str();
        match (method, path.as_str()) {
            ("POST", "/2020-01-01/extension/register") => {
                if header("lambda-extension-name").is_none_or(|n| n.is_empty()) {
                    self.violation("register without Lambda-Extension-Name".to_owned());
                }
                if serde_json::from_slice::<Value>(&body).ok() != Some(json!({"events": []})) {
                    self.violation(format!(
                        "register body {:?}",
                        String::from_utf8_lossy(&body)
                    ));
                }
                self.state.lock().expect("not poisoned").registered = true;
                let mut response = status(200);
                response.headers_mut().insert(
                    "lambda-extension-identifier",
                    EXTENSION_ID.parse().expect("value"),
                );
                response
            }
            ("GET", "/2020-01-01/extension/event/next") => {
                if header("lambda-extension-identifier").as_deref() != Some(EXTENSION_ID) {
                    self.violation("extension next without its identifier".to_owned());
                }
                // No events subscribed: this call returns only when the instance stops.
                std::future::pending::<()>().await;
                status(500)
            }
            ("GET", "/2018-06-01/runtime/invocation/next") => {
                let next = {
                    let mut state = self.state.lock().expect("not poisoned");
                    if !state.registered {
                        state
                            .violations
                            .push("next before the extension registered".to_owned());
                    }
                    if let Some(id) = state.outstanding.clone() {
                        state
                            .violations
                            .push(format!("next while {id} is outstanding"));
                    }
                    let next = state.events.pop_front();
                    if let Some((id, _)) = &next {
                        state.outstanding = Some(id.clone());
                    } else if let Some(done) = state.done.take() {
                        let _ = done.send(());
                    }
                    next
                };
                let Some((id, event)) = next else {
                    std::future::pending::<()>().await;
                    return status(500);
                };
                let mut response = Response::new(Full::new(event));
                let headers = response.headers_mut();
                headers.insert("lambda-runtime-aws-request-id", id.parse().expect("value"));
                headers.insert(
                    "lambda-runtime-deadline-ms",
                    self.deadline_ms.to_string().parse().expect("value"),
                );
                headers.insert(
                    "lambda-runtime-invoked-function-arn",
                    "arn:aws:lambda:us-east-1:123456789012:function:pets"
                        .parse()
                        .expect("value"),
                );
                headers.insert("lambda-runtime-trace-id", TRACE_ID.parse().expect("value"));
                response
            }
            ("POST", "/2018-06-01/runtime/init/error") => {
                self.check_error_body(&body, error_type.as_deref());
                let state = self.state.lock().expect("not poisoned");
                if state
                    .calls
                    .iter()
                    .any(|c| c.path.ends_with("/invocation/next"))
                {
                    drop(state);
                    self.violation("init error after next".to_owned());
                }
                status(202)
            }
            ("POST", path) if path.starts_with("/2018-06-01/runtime/invocation/") => {
                let rest = &path["/2018-06-01/runtime/invocation/".len()..];
                let Some((id, kind)) = rest.split_once('/') else {
                    self.violation(format!("unknown path {path}"));
                    return status(404);
                };
                let mut state = self.state.lock().expect("not poisoned");
                if state.outstanding.as_deref() != Some(id) {
                    let text = format!("{kind} for {id}, outstanding {:?}", state.outstanding);
                    state.violations.push(text);
                }
                state.outstanding = None;
                let fail = state.fail_response_of.as_deref() == Some(id);
                drop(state);
                match kind {
                    "response" if fail => status(500),
                    "response" => status(202),
                    "error" => {
                        self.check_error_body(&body, error_type.as_deref());
                        status(202)
                    }
                    _ => {
                        self.violation(format!("unknown path {path}"));
                        status(404)
                    }
                }
            }
            _ => {
                self.violation(format!("unknown call {method} {path}"));
                status(404)
            }
        }
    }

    fn check_error_body(&self, body: &[u8], error_type: Option<&str>) {
        let Some(error_type) = error_type.filter(|t| !t.is_empty()) else {
            self.violation("error without Lambda-Runtime-Function-Error-Type".to_owned());
            return;
        };
        match serde_json::from_slice::<Value>(body) {
            Ok(value)
                if value["errorMessage"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty())
                    && value["errorType"] == error_type => {}
            _ => self.violation(format!(
                "error body {:?} does not match the documented shape",
                String::from_utf8_lossy(body)
            )),
        }
    }

    fn calls(&self) -> Vec<Call> {
        self.state.lock().expect("not poisoned").calls.clone()
    }

    fn violations(&self) -> Vec<String> {
        self.state.lock().expect("not poisoned").violations.clone()
    }
}

fn fixture(path: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/aws")
        .join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A payload 2.0 event for `method path` with a JSON body.
fn v2_event(method: &str, path: &str, body: Option<Value>) -> Vec<u8> {
    let mut event: Value = serde_json::from_slice(&fixture(
        "apigw-v2/rust-lambda-http__apigw_v2_proxy_request.json",
    ))
    .expect("JSON");
    event["rawPath"] = Value::from(path);
    event["rawQueryString"] = Value::from("");
    event["requestContext"]["http"]["method"] = Value::from(method);
    event["requestContext"]["http"]["path"] = Value::from(path);
    if let Some(body) = body {
        event["body"] = Value::from(body.to_string());
        event["headers"]["content-type"] = Value::from("application/json");
    }
    serde_json::to_vec(&event).expect("JSON")
}

/// A REST API (v1) event for `GET path`.
fn v1_get(path: &str) -> Vec<u8> {
    let mut event: Value = serde_json::from_slice(&fixture(
        "apigw-v1/rust-lambda-events__example-apigw-request.json",
    ))
    .expect("JSON");
    event["path"] = Value::from(path);
    event["httpMethod"] = Value::from("GET");
    event["queryStringParameters"] = Value::Null;
    event["multiValueQueryStringParameters"] = Value::Null;
    serde_json::to_vec(&event).expect("JSON")
}

fn config() -> LambdaConfig {
    let mut config = LambdaConfig::from_env();
    config.adapter = AdapterConfig::default();
    config.metrics = false;
    config
}

fn posted_json(call: &Call) -> Value {
    serde_json::from_slice(&call.body).expect("a JSON body")
}

#[tokio::test]
async fn the_loop_serves_each_event_and_reports_each_failure_then_goes_on() {
    let _serial = SERIAL.lock().await;
    let (fake, finished) = Fake::new(vec![
        (
            "req-1",
            v2_event("POST", "/pet", Some(json!({"name": "rex", "tag": "dog"}))),
        ),
        ("req-2", v1_get("/pet/1")),
        (
            "req-3",
            v2_event("POST", "/pet", Some(json!({"name": "panic"}))),
        ),
        ("req-4", b"{\"version\": \"2.0\", ".to_vec()),
        (
            "req-5",
            fixture("sqs/rust-lambda-events__example-sqs-event.json"),
        ),
        ("req-6", v2_event("GET", "/pet/2", None)),
    ]);
    let addr = fake.start().await;
    let code = aws::serve_with::<App, All>(config(), RuntimeApi::new(addr.to_string()), async {
        let _ = finished.await;
    })
    .await;
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(fake.violations(), Vec::<String>::new());

    let calls = fake.calls();
    let outcomes: Vec<_> = calls
        .iter()
        .filter(|c| c.path.starts_with("/2018-06-01/runtime/invocation/req"))
        .collect();
    let kinds: Vec<_> = outcomes
        .iter()
        .map(|c| c.path.rsplit('/').next().unwrap_or(""))
        .collect();
    assert_eq!(
        kinds,
        ["response", "response", "response", "error", "error", "response"]
    );
    assert!(calls
        .iter()
        .all(|c| c.method == "GET" || c.method == "POST"));

    // 1: created through payload 2.0.
    let created = posted_json(outcomes[0]);
    assert_eq!(created["statusCode"], 200);
    assert_eq!(created["headers"]["content-type"], "application/json");
    let pet: Value = serde_json::from_str(created["body"].as_str().expect("text")).expect("JSON");
    assert_eq!(pet, json!({"id": 7, "name": "rex", "tag": "dog"}));
    // 2: read through a REST API event, answered in its own shape.
    let found = posted_json(outcomes[1]);
    assert_eq!(found["statusCode"], 200);
    assert_eq!(
        found["multiValueHeaders"]["content-type"],
        json!(["application/json"])
    );
    // 3: a panicking handler answers 500 problem+json; the loop goes on.
    let panicked = posted_json(outcomes[2]);
    assert_eq!(panicked["statusCode"], 500);
    assert_eq!(
        panicked["headers"]["content-type"],
        "application/problem+json"
    );
    // 4: malformed JSON is that invocation's error.
    assert_eq!(
        outcomes[3].error_type.as_deref(),
        Some("Runtime.InvalidEvent")
    );
    // 5: an event of a source this function has no trigger for says what arrived.
    assert_eq!(
        outcomes[4].error_type.as_deref(),
        Some("Runtime.UnknownEvent")
    );
    let message = posted_json(outcomes[4])["errorMessage"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(message.contains("queue `SQSQueue`"), "{message}");
    // 6: and the loop still serves.
    assert_eq!(posted_json(outcomes[5])["statusCode"], 404);

    let nexts = calls
        .iter()
        .filter(|c| c.path.ends_with("/invocation/next"))
        .count();
    assert_eq!(
        nexts, 7,
        "six events, then the `next` that waits for the shutdown"
    );
}

#[tokio::test]
async fn handlers_see_the_request_id_the_deadline_and_the_trace_id() {
    let _serial = SERIAL.lock().await;
    let (fake, finished) = Fake::new(vec![("req-ctx", v1_get("/pet/1"))]);
    let addr = fake.start().await;
    let mut client = RuntimeApi::new(addr.to_string());
    client.register_extension("pets").await.expect("registered");
    let state = Arc::new(Seen::default());
    let service = sls_runtime::AppService::<App, All>::new(
        Arc::clone(&state),
        sls_runtime::ServiceConfig::default(),
    );
    let adapter = Adapter::new(service, AdapterConfig::default());
    let before = Instant::now();
    lambda::run_loop(&mut client, &adapter, &Metrics::default(), async {
        let _ = finished.await;
    })
    .await
    .expect("the loop ends on shutdown");
    assert_eq!(fake.violations(), Vec::<String>::new());
    let contexts = state.contexts.lock().expect("not poisoned").clone();
    assert_eq!(contexts.len(), 1);
    let (request_id, deadline, trace) = &contexts[0];
    assert_eq!(request_id, "req-ctx");
    let deadline = deadline.expect("a deadline");
    // The fake set it 60 s after its start, which was before `before`.
    assert!(deadline > before && deadline <= before + Duration::from_secs(60));
    assert_eq!(trace.as_deref(), Some(TRACE_ID));
}

#[tokio::test]
async fn an_init_failure_is_posted_to_init_error_and_nothing_is_served() {
    let _serial = SERIAL.lock().await;
    let (fake, _finished) = Fake::new(vec![("never", v1_get("/pet/1"))]);
    let addr = fake.start().await;
    let code =
        aws::serve_with::<BrokenApp, All>(config(), RuntimeApi::new(addr.to_string()), async {})
            .await;
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(fake.violations(), Vec::<String>::new());
    let calls = fake.calls();
    let paths: Vec<_> = calls.iter().map(|c| c.path.as_str()).collect();
    assert!(
        paths.contains(&"/2020-01-01/extension/register"),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"/2018-06-01/runtime/init/error"),
        "{paths:?}"
    );
    assert!(
        !paths.iter().any(|p| p.ends_with("/invocation/next")),
        "{paths:?}"
    );
    let init = calls
        .iter()
        .find(|c| c.path == "/2018-06-01/runtime/init/error")
        .expect("init error");
    assert_eq!(init.error_type.as_deref(), Some("Runtime.InitError"));
    let message = posted_json(init)["errorMessage"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(message.contains("the database is unreachable"), "{message}");
}

/// A target whose request handling itself panics (outside any handler's own guard).
struct Exploding;

impl Target for Exploding {
    fn http(
        &self,
        _context: Context,
        request: BufferedRequest,
    ) -> BoxFuture<'static, HttpResponse> {
        if request.path == "/boom" {
            panic!("the adapter's target panicked");
        }
        Box::pin(std::future::ready(http::Response::new(
            sls_runtime::Body::from("fine"),
        )))
    }
}

#[tokio::test]
async fn a_panic_anywhere_in_an_invocation_is_reported_and_the_loop_goes_on() {
    let _serial = SERIAL.lock().await;
    let (fake, finished) = Fake::new(vec![
        ("boom", v2_event("GET", "/boom", None)),
        ("fine", v2_event("GET", "/fine", None)),
    ]);
    let addr = fake.start().await;
    let mut client = RuntimeApi::new(addr.to_string());
    client.register_extension("pets").await.expect("registered");
    let adapter = Adapter::new(Exploding, AdapterConfig::default());
    lambda::run_loop(&mut client, &adapter, &Metrics::default(), async {
        let _ = finished.await;
    })
    .await
    .expect("the loop ends on shutdown");
    assert_eq!(fake.violations(), Vec::<String>::new());
    let calls = fake.calls();
    let boom = calls
        .iter()
        .find(|c| c.path.ends_with("/boom/error"))
        .expect("the panic reported");
    assert_eq!(boom.error_type.as_deref(), Some("Runtime.HandlerPanic"));
    assert!(posted_json(boom)["errorMessage"]
        .as_str()
        .is_some_and(|m| m.contains("the adapter's target panicked")));
    let fine = calls
        .iter()
        .find(|c| c.path.ends_with("/fine/response"))
        .expect("served after the panic");
    assert_eq!(posted_json(fine)["body"], "fine");
}

#[tokio::test]
async fn a_runtime_api_500_stops_the_loop() {
    let _serial = SERIAL.lock().await;
    let (fake, _finished) = Fake::new(vec![
        ("fatal", v2_event("GET", "/fine", None)),
        ("unserved", v2_event("GET", "/fine", None)),
    ]);
    fake.state.lock().expect("not poisoned").fail_response_of = Some("fatal".to_owned());
    let addr = fake.start().await;
    let mut client = RuntimeApi::new(addr.to_string());
    client.register_extension("pets").await.expect("registered");
    let adapter = Adapter::new(Exploding, AdapterConfig::default());
    let error = lambda::run_loop(
        &mut client,
        &adapter,
        &Metrics::default(),
        std::future::pending(),
    )
    .await
    .expect_err("a 500 is fatal");
    assert!(error.is_fatal());
    assert!(error.to_string().contains("500"), "{error}");
    assert!(!fake.calls().iter().any(|c| c.path.contains("unserved")));
}

/// A function without operations, for an application written out by hand.
pub struct Idle;

impl<A: sls_runtime::Application> sls_runtime::Function<A> for Idle {
    const NAME: &'static str = "idle";
    const OPERATIONS: &'static [&'static sls_runtime::descriptor::OperationDescriptor] = &[];

    fn route<'p>(_method: &http::Method, _path: &'p str) -> sls_runtime::router::RouteMatch<'p> {
        sls_runtime::router::RouteMatch::NotFound
    }

    fn dispatch(
        index: usize,
        _state: Arc<A::State>,
        _context: Context,
        _request: sls_runtime::request::RawRequest,
    ) -> BoxFuture<'static, HttpResponse> {
        sls_runtime::unknown_operation(index)
    }
}

/// Records its lifecycle in a process-wide log (the state is built inside `serve_with`).
pub struct Closing;

static LIFECYCLE: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

impl sls_runtime::Application for Closing {
    type State = ();

    fn init() -> BoxFuture<'static, Result<(), sls_runtime::BoxError>> {
        LIFECYCLE.lock().expect("not poisoned").push("init");
        Box::pin(async { Ok(()) })
    }

    fn shutdown(_state: &()) -> BoxFuture<'_, ()> {
        Box::pin(async {
            LIFECYCLE.lock().expect("not poisoned").push("shutdown");
        })
    }
}

#[tokio::test]
async fn the_shutdown_hook_runs_when_the_loop_is_told_to_stop() {
    let _serial = SERIAL.lock().await;
    let (fake, finished) = Fake::new(vec![("only", v2_event("GET", "/nothing", None))]);
    let addr = fake.start().await;
    let code =
        aws::serve_with::<Closing, Idle>(config(), RuntimeApi::new(addr.to_string()), async {
            let _ = finished.await;
            LIFECYCLE.lock().expect("not poisoned").push("SIGTERM");
        })
        .await;
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(fake.violations(), Vec::<String>::new());
    assert_eq!(
        *LIFECYCLE.lock().expect("not poisoned"),
        ["init", "SIGTERM", "shutdown"]
    );
    let served = fake
        .calls()
        .iter()
        .any(|c| c.path.ends_with("/only/response"));
    assert!(served, "the event before the stop was answered");
}

/// An SQS batch of one order for the shop's `orders` queue.
fn order_batch() -> Vec<u8> {
    let mut event: Value =
        serde_json::from_slice(&fixture("sqs/rust-lambda-events__example-sqs-event.json"))
            .expect("JSON");
    event["Records"][0]["eventSourceARN"] =
        Value::from("arn:aws:sqs:eu-west-1:123456789012:shop-prod-orders");
    event["Records"][0]["body"] = Value::from(r#"{"id":1,"item":"pen","quantity":2}"#);
    serde_json::to_vec(&event).expect("JSON")
}

#[tokio::test]
async fn the_entry_binary_serves_the_runtime_api_and_runs_its_shutdown_hook_on_sigterm() {
    let _serial = SERIAL.lock().await;
    let (fake, finished) = Fake::new(vec![("sqs-1", order_batch())]);
    let addr = fake.start().await;
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_shop-aws"))
        .env("AWS_LAMBDA_RUNTIME_API", addr.to_string())
        .env("RUST_LOG", "info")
        .env_remove("SHOP_INIT_FAIL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the entry binary starts");
    // The fake says when the batch is answered and the process waits for the next event; the
    // timeout only keeps a broken binary from hanging the test.
    tokio::time::timeout(Duration::from_secs(120), finished)
        .await
        .expect("the batch is answered")
        .expect("the fake is alive");
    let pid = child.id().expect("running");
    let killed = std::process::Command::new("sh")
        .args(["-c", &format!("kill -TERM {pid}")])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let output = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("the process stops after SIGTERM")
        .expect("its output");
    assert!(output.status.success(), "{:?}", output.status);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lifecycle: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("lifecycle: "))
        .collect();
    assert_eq!(
        lifecycle,
        [
            "init",
            "health_check",
            "shipOrder MessageID_1 1",
            "shutdown"
        ],
        "{stdout}"
    );
    assert_eq!(fake.violations(), Vec::<String>::new());
    let calls = fake.calls();
    assert_eq!(calls[0].path, "/2020-01-01/extension/register");
    let answer = calls
        .iter()
        .find(|c| c.path.ends_with("/sqs-1/response"))
        .expect("the batch answered");
    assert_eq!(posted_json(answer), json!({"batchItemFailures": []}));
}
