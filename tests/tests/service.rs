//! The runtime core driven through the generated `minimal` module: routing, validation,
//! problem+json for every framework error, panics, and the local server's lifecycle.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use bytes::Bytes;
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use serde_json::{json, Value};
use sls_runtime::{components, endpoint, AppService, Context, Problem, ServiceConfig};
use sls_tests::minimal::functions::All;
use sls_tests::minimal::models::Pet;
use sls_tests::minimal::ops::{
    AddPetRequest, AddPetResponse, GetPetByIdRequest, GetPetByIdResponse,
};

/// The state: pets in memory, and a count of handler calls.
#[derive(Default)]
pub struct Pets {
    pets: Mutex<Vec<Pet>>,
    calls: AtomicUsize,
}

impl Pets {
    async fn open() -> Result<Pets, std::io::Error> {
        Ok(Pets::default())
    }
}

#[endpoint(addPet, api = sls_tests::minimal)]
async fn add_pet(state: &Pets, request: AddPetRequest) -> AddPetResponse {
    state.calls.fetch_add(1, Ordering::SeqCst);
    if request.body.name == "panic" {
        panic!("the handler panicked on purpose");
    }
    let mut pets = state.pets.lock().expect("not poisoned");
    let mut pet = request.body;
    pet.id = Some(pets.len() as i64 + 1);
    pets.push(pet.clone());
    AddPetResponse::Ok(pet)
}

#[endpoint(getPetById, api = sls_tests::minimal)]
async fn get_pet(
    state: &Pets,
    context: Context,
    request: GetPetByIdRequest,
) -> Result<GetPetByIdResponse, Problem> {
    state.calls.fetch_add(1, Ordering::SeqCst);
    assert_eq!(context.operation_id, "getPetById");
    if request.pet_id == 500 {
        return Err(std::io::Error::other("secret database detail").into());
    }
    let pets = state.pets.lock().expect("not poisoned");
    Ok(match pets.iter().find(|p| p.id == Some(request.pet_id)) {
        Some(pet) => GetPetByIdResponse::Ok(pet.clone()),
        None => GetPetByIdResponse::NotFound,
    })
}

#[components(state = Pets, init = Pets::open, endpoints(add_pet, get_pet), api = sls_tests::minimal)]
pub struct App;

async fn service(body_limit: usize) -> AppService<App, All> {
    let config = ServiceConfig {
        body_limit: Some(body_limit),
        ..ServiceConfig::default()
    };
    match AppService::<App, All>::init(config).await {
        Ok(service) => service,
        Err(error) => panic!("init failed: {error}"),
    }
}

struct Answer {
    status: StatusCode,
    content_type: String,
    allow: Option<String>,
    body: Value,
    raw: String,
}

async fn send(
    service: &AppService<App, All>,
    method: Method,
    uri: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> Answer {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(ct) = content_type {
        builder = builder.header("content-type", ct);
    }
    let request = builder
        .body(Full::new(Bytes::copy_from_slice(body)))
        .expect("valid request");
    let response = service.handle(request).await;
    let status = response.status();
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header(http::header::CONTENT_TYPE).unwrap_or_default();
    let allow = header(http::header::ALLOW);
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let raw = String::from_utf8_lossy(&bytes).into_owned();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        content_type,
        allow,
        body,
        raw,
    }
}

fn pointers(answer: &Answer) -> Vec<String> {
    answer.body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e["pointer"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn routes_decodes_and_encodes() {
    let service = service(1024).await;
    let created = send(
        &service,
        Method::POST,
        "/pet",
        Some("application/json"),
        br#"{"name":"rex","tag":null}"#,
    )
    .await;
    assert_eq!(created.status, StatusCode::OK);
    assert_eq!(created.content_type, "application/json");
    // An optional nullable property is `Option<T>`: null and absent read the same and absent
    // properties are not written.
    assert_eq!(created.body, json!({"id": 1, "name": "rex"}));
    let found = send(&service, Method::GET, "/pet/1", None, b"").await;
    assert_eq!(
        (found.status, found.body),
        (StatusCode::OK, json!({"id": 1, "name": "rex"}))
    );
    let missing = send(&service, Method::GET, "/pet/2", None, b"").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing.raw, "",
        "a declared 404 without content has an empty body"
    );
}

#[tokio::test]
async fn framework_errors_are_problems() {
    let service = service(1024).await;
    let unknown = send(&service, Method::GET, "/nothing/here", None, b"").await;
    assert_eq!(
        (unknown.status, unknown.content_type.as_str()),
        (StatusCode::NOT_FOUND, "application/problem+json")
    );
    assert_eq!(unknown.body["status"], 404);

    let trailing = send(&service, Method::GET, "/pet/", None, b"").await;
    assert_eq!(
        trailing.status,
        StatusCode::NOT_FOUND,
        "an empty segment matches no parameter"
    );

    let wrong_method = send(&service, Method::DELETE, "/pet", None, b"").await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.allow.as_deref(), Some("POST"));
    assert_eq!(wrong_method.content_type, "application/problem+json");

    let media = send(&service, Method::POST, "/pet", Some("text/plain"), b"rex").await;
    assert_eq!(media.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(media.content_type, "application/problem+json");

    let invalid = send(
        &service,
        Method::POST,
        "/pet",
        Some("application/json"),
        br#"{"name":"","id":"seven","tag":5}"#,
    )
    .await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
    assert_eq!(pointers(&invalid), ["/body/id", "/body/name", "/body/tag"]);
    assert!(
        !invalid.raw.contains("seven"),
        "the problem must not echo the input: {}",
        invalid.raw
    );

    let missing = send(
        &service,
        Method::POST,
        "/pet",
        Some("application/json"),
        b"{}",
    )
    .await;
    assert_eq!(pointers(&missing), ["/body/name"]);
    assert_eq!(missing.body["errors"][0]["detail"], "is required");

    let malformed = send(
        &service,
        Method::POST,
        "/pet",
        Some("application/json"),
        b"{\"name\": ",
    )
    .await;
    assert_eq!(
        (malformed.status, pointers(&malformed)),
        (StatusCode::BAD_REQUEST, vec!["/body".to_owned()])
    );

    let no_body = send(&service, Method::POST, "/pet", None, b"").await;
    assert_eq!(
        (no_body.status, pointers(&no_body)),
        (StatusCode::BAD_REQUEST, vec!["/body".to_owned()])
    );

    let path = send(&service, Method::GET, "/pet/abc", None, b"").await;
    assert_eq!(
        (path.status, pointers(&path)),
        (StatusCode::BAD_REQUEST, vec!["/path/petId".to_owned()])
    );

    let big = vec![b' '; 2048];
    let too_large = send(
        &service,
        Method::POST,
        "/pet",
        Some("application/json"),
        &big,
    )
    .await;
    assert_eq!(
        (too_large.status, too_large.content_type.as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "application/problem+json")
    );
    assert_eq!(
        service.state().calls.load(Ordering::SeqCst),
        0,
        "no invalid request reaches a handler"
    );
}

#[tokio::test]
async fn oversized_streamed_body_without_length_is_413() {
    let service = service(16).await;
    let chunks = futures_stream(vec![
        Bytes::from_static(b"{\"name\": \"aaaa"),
        Bytes::from_static(b"aaaaaaaaaaaaaaaaaaaa\"}"),
    ]);
    let request = Request::builder()
        .method(Method::POST)
        .uri("/pet")
        .header("content-type", "application/json")
        .body(chunks)
        .expect("request");
    let response = service.handle(request).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

/// A body of several frames and no size hint, like a chunked upload.
fn futures_stream(chunks: Vec<Bytes>) -> http_body_util::StreamBody<futures_iter::Iter> {
    http_body_util::StreamBody::new(futures_iter::Iter(chunks.into_iter()))
}

mod futures_iter {
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use bytes::Bytes;
    use http_body::Frame;

    /// A stream over prepared frames.
    pub struct Iter(pub std::vec::IntoIter<Bytes>);

    impl futures_core::Stream for Iter {
        type Item = Result<Frame<Bytes>, std::convert::Infallible>;

        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready(self.0.next().map(|b| Ok(Frame::data(b))))
        }
    }
}

#[tokio::test]
async fn a_panicking_handler_answers_500_and_the_service_keeps_serving() {
    let service = service(1024).await;
    let panicked = send(
        &service,
        Method::POST,
        "/pet",
        Some("application/json"),
        br#"{"name":"panic"}"#,
    )
    .await;
    assert_eq!(
        (panicked.status, panicked.content_type.as_str()),
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "application/problem+json"
        )
    );
    assert!(
        !panicked.raw.contains("on purpose"),
        "the panic message must not leak: {}",
        panicked.raw
    );
    let after = send(
        &service,
        Method::POST,
        "/pet",
        Some("application/json"),
        br#"{"name":"calm"}"#,
    )
    .await;
    assert_eq!(after.status, StatusCode::OK);
}

#[tokio::test]
async fn handler_errors_become_500_problems_without_details() {
    let service = service(1024).await;
    let failed = send(&service, Method::GET, "/pet/500", None, b"").await;
    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!failed.raw.contains("secret"), "{}", failed.raw);
}

fn http_get(port: u16, path: &str) -> String {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_server_serves_and_shuts_down_gracefully() {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let service = service(1024).await;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(sls_runtime::platform::local::serve_on(
        listener,
        service,
        async {
            let _ = stopped.await;
        },
    ));
    let response = tokio::task::spawn_blocking(move || http_get(port, "/pet/9"))
        .await
        .expect("client");
    assert!(response.starts_with("HTTP/1.1 404"), "{response}");
    let problem = tokio::task::spawn_blocking(move || http_get(port, "/nope"))
        .await
        .expect("client");
    assert!(problem.contains("application/problem+json"), "{problem}");
    stop.send(()).expect("server running");
    let outcome = server.await.expect("server task");
    assert!(outcome.is_ok(), "graceful shutdown returns Ok");
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the listener is closed"
    );
}
