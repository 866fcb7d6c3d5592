//! Every request runs in a `tracing` span with its request id, method, path and operation, and
//! its status and latency are logged at the end. (A test binary of its own: the subscriber is
//! installed for the whole process.)

use std::io::Write;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::{Method, Request};
use http_body_util::Full;
use sls_runtime::{components, endpoint, AppService, ServiceConfig};
use sls_tests::minimal::functions::All;
use sls_tests::minimal::models::Pet;
use sls_tests::minimal::ops::{
    AddPetRequest, AddPetResponse, GetPetByIdRequest, GetPetByIdResponse,
};

#[endpoint(addPet, api = sls_tests::minimal)]
async fn add_pet(request: AddPetRequest) -> AddPetResponse {
    AddPetResponse::Ok(request.body)
}

#[endpoint(getPetById, api = sls_tests::minimal)]
async fn get_pet(request: GetPetByIdRequest) -> GetPetByIdResponse {
    GetPetByIdResponse::Ok(Pet {
        id: Some(request.pet_id),
        name: "rex".into(),
        tag: None,
    })
}

#[components(endpoints(add_pet, get_pet), api = sls_tests::minimal)]
pub struct App;

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut out) = self.0.lock() {
            out.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn get(
    service: &AppService<App, All>,
    uri: &str,
    request_id: Option<&str>,
) -> sls_runtime::HttpResponse {
    let mut builder = Request::builder().method(Method::GET).uri(uri);
    if let Some(id) = request_id {
        builder = builder.header("x-request-id", id);
    }
    let request = builder.body(Full::new(Bytes::new())).expect("a request");
    service.handle(request).await
}

#[tokio::test]
async fn each_request_is_logged_in_a_span_with_its_request_id() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    if tracing::subscriber::set_global_default(subscriber).is_err() {
        panic!("no other subscriber is installed in this test binary");
    }
    let service = AppService::<App, All>::new(Arc::new(()), ServiceConfig::default());
    let found = get(&service, "/pet/7", Some("req-42")).await;
    let missing = get(&service, "/nowhere", None).await;
    // The response carries the request id: the one that came in, or the generated one.
    assert_eq!(
        found.headers().get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"req-42"[..])
    );
    let generated = missing
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no x-request-id on {:?}", missing.headers()));
    assert!(generated.starts_with("local-"), "{generated}");
    let bytes = captured.0.lock().map(|b| b.clone()).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let line = text
        .lines()
        .find(|line| line.contains("req-42"))
        .unwrap_or_else(|| panic!("no line with the request id in\n{text}"));
    for expected in [
        "request{request_id=req-42 method=GET path=/pet/7 operation=\"getPetById\"}",
        " request status=200 latency_us=",
    ] {
        assert!(line.contains(expected), "`{expected}` in {line}");
    }
    // A request without an id gets a generated one; a 404 has no operation.
    let line = text
        .lines()
        .find(|line| line.contains("path=/nowhere"))
        .unwrap_or_else(|| panic!("no line for /nowhere in\n{text}"));
    assert!(line.contains(&format!("request_id={generated}")), "{line}");
    assert!(line.contains("status=404"), "{line}");
    assert!(!line.contains("operation="), "{line}");
}
