//! Routing of templates beyond one parameter per segment (`specs/routes.yaml`): text around
//! parameters, several parameters in one segment, and a repeated parameter, driven through the
//! service.

use bytes::Bytes;
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Empty};
use sls_runtime::{components, endpoint, AppService, ServiceConfig};
use sls_tests::routes::functions::All;
use sls_tests::routes::ops::*;

#[endpoint(getJsonFile, api = sls_tests::routes)]
async fn json_file(request: GetJsonFileRequest) -> GetJsonFileResponse {
    GetJsonFileResponse::Ok(format!("json {}", request.name))
}

#[endpoint(getFile, api = sls_tests::routes)]
async fn file(request: GetFileRequest) -> GetFileResponse {
    GetFileResponse::Ok(format!("file {}", request.name))
}

#[endpoint(getReport, api = sls_tests::routes)]
async fn report(_request: GetReportRequest) -> GetReportResponse {
    GetReportResponse::Ok("report".into())
}

#[endpoint(getCalls, api = sls_tests::routes)]
async fn calls(request: GetCallsRequest) -> GetCallsResponse {
    GetCallsResponse::Ok(format!("calls {} {}", request.from, request.to))
}

#[endpoint(deleteCalls, api = sls_tests::routes)]
async fn delete_calls(request: DeleteCallsRequest) -> DeleteCallsResponse {
    DeleteCallsResponse::Ok(format!("deleted {} {}", request.from, request.to))
}

#[endpoint(getAuditTypes, api = sls_tests::routes)]
async fn audit_types(request: GetAuditTypesRequest) -> GetAuditTypesResponse {
    GetAuditTypesResponse::Ok(format!("audit {}", request.category))
}

#[endpoint(twice, api = sls_tests::routes)]
async fn twice(request: TwiceRequest) -> TwiceResponse {
    TwiceResponse::Ok(format!("twice {} {}", request.id, request.action))
}

#[components(
    state = (),
    endpoints(json_file, file, report, calls, delete_calls, audit_types, twice),
    api = sls_tests::routes
)]
pub struct App;

async fn send(method: Method, uri: &str) -> (StatusCode, String) {
    let service = match AppService::<App, All>::init(ServiceConfig::default()).await {
        Ok(service) => service,
        Err(error) => panic!("init failed: {error}"),
    };
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .body(Empty::<Bytes>::new())
        .expect("valid request");
    let response = service.handle(request).await;
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let text = serde_json::from_slice::<String>(&bytes)
        .unwrap_or_else(|_| String::from_utf8_lossy(&bytes).into_owned());
    (status, text)
}

#[tokio::test]
async fn text_around_a_parameter() {
    assert_eq!(
        send(Method::GET, "/files/notes.json").await,
        (StatusCode::OK, "json notes".into())
    );
    // The literal route wins over the template; other names fall to the plain parameter.
    assert_eq!(
        send(Method::GET, "/files/report.json").await,
        (StatusCode::OK, "report".into())
    );
    assert_eq!(
        send(Method::GET, "/files/notes.txt").await,
        (StatusCode::OK, "file notes.txt".into())
    );
    // `.json` alone leaves the parameter empty: not the `.json` route.
    assert_eq!(
        send(Method::GET, "/files/.json").await,
        (StatusCode::OK, "file .json".into())
    );
}

#[tokio::test]
async fn several_parameters_in_one_segment() {
    assert_eq!(
        send(
            Method::GET,
            "/calls/getCalls(from=2024-01-01,to=2024-02-01)"
        )
        .await,
        (StatusCode::OK, "calls 2024-01-01 2024-02-01".into())
    );
    assert_eq!(
        send(
            Method::DELETE,
            "/calls/getCalls(from=2024-01-01,to=2024-02-01)"
        )
        .await,
        (StatusCode::OK, "deleted 2024-01-01 2024-02-01".into())
    );
    let (status, _) = send(
        Method::PUT,
        "/calls/getCalls(from=2024-01-01,to=2024-02-01)",
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    // Each value is validated like any path parameter.
    let (status, body) = send(Method::GET, "/calls/getCalls(from=yesterday,to=2024-02-01)").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("/path/from"), "{body}");
    let (status, _) = send(Method::GET, "/calls/getCalls(from=2024-01-01)").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        send(Method::GET, "/audit/types(category='sign-in')").await,
        (StatusCode::OK, "audit sign-in".into())
    );
}

#[tokio::test]
async fn a_repeated_parameter_takes_its_first_value() {
    assert_eq!(
        send(Method::POST, "/twice/7/close/7").await,
        (StatusCode::OK, "twice 7 close".into())
    );
}
