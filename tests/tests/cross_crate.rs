//! A `#[components]` in one crate (this test) lists the `pub` handlers of another (the
//! `sls-tests` library), as a binary does over its library: the registration macro of a `pub`
//! endpoint is exported.

use sls_runtime::{components, AppService, ServiceConfig};
use sls_tests::library_handlers::{add_pet, get_pet};
use sls_tests::minimal::functions::All;

/// The library's handlers under an application of this crate.
#[components(endpoints(add_pet, get_pet), api = sls_tests::minimal)]
struct Elsewhere;

#[tokio::test]
async fn a_library_handler_serves_an_application_of_another_crate() {
    let service = match AppService::<Elsewhere, All>::init(ServiceConfig::default()).await {
        Ok(service) => service,
        Err(error) => panic!("init failed: {error}"),
    };
    let request = |method: &str, uri: &str, body: &str| {
        sls_runtime::http::Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .expect("a request")
    };
    let response = service
        .handle(request("POST", "/pet", r#"{"name": "Rex"}"#))
        .await;
    assert_eq!(response.status(), 200);
    let response = service.handle(request("GET", "/pet/9", "")).await;
    assert_eq!(response.status(), 404);
}
