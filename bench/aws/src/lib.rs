//! The two sides of the AWS Lambda benchmark (`benches/invoke.rs`), each going from the raw
//! event bytes that `GET /runtime/invocation/next` returns to the response bytes posted back:
//!
//! - [`Sls`]: sls-gen's adapter over the generated `minimal` module (routing, validation,
//!   handler, response encoding);
//! - [`LambdaHttp`]: `lambda_http`'s adapter around an axum router serving the same operation,
//!   as `lambda_http::run(router)` would (deserialize `LambdaRequest`, call, serialize).
//!
//! Both answer the same events with the same status and body, which the tests check so that the
//! comparison stays fair.

pub mod loopback;

use std::future::Future;

use axum::body::Bytes;
use axum::extract::Path;
use axum::routing::{get, post};
use axum::Json;
use lambda_http::request::LambdaRequest;
use lambda_http::{LambdaEvent, Service as _};
use serde_json::{json, Value};
use sls_runtime::context::Platform;
use sls_runtime::platform::aws::{lambda, Adapter, AdapterConfig, Metrics, RuntimeApi};
use sls_runtime::{components, endpoint, AppService, Context, ServiceConfig};
use sls_tests::minimal::functions::All;
use sls_tests::minimal::models::Pet;
use sls_tests::minimal::ops::{
    AddPetRequest, AddPetResponse, GetPetByIdRequest, GetPetByIdResponse,
};

/// The state of the sls-gen side: nothing.
#[derive(Debug, Default)]
pub struct NoState;

impl NoState {
    async fn init() -> Result<NoState, std::io::Error> {
        Ok(NoState)
    }
}

#[endpoint(getPetById, api = sls_tests::minimal)]
async fn get_pet(_state: &NoState, request: GetPetByIdRequest) -> GetPetByIdResponse {
    GetPetByIdResponse::Ok(Pet {
        id: Some(request.pet_id),
        name: "rex".to_owned(),
        tag: Some("dog".to_owned()),
    })
}

#[endpoint(addPet, api = sls_tests::minimal)]
async fn add_pet(_state: &NoState, request: AddPetRequest) -> AddPetResponse {
    AddPetResponse::Ok(request.body)
}

/// The sls-gen application of the benchmark.
#[components(state = NoState, init = NoState::init, endpoints(get_pet, add_pet), api = sls_tests::minimal)]
pub struct App;

/// sls-gen's Lambda adapter over the `minimal` module.
pub struct Sls {
    adapter: Adapter<AppService<App, All>>,
}

impl Sls {
    /// The adapter, over a service built the way the Lambda entry builds it.
    pub fn new() -> Self {
        let service = AppService::<App, All>::new(
            std::sync::Arc::new(NoState),
            ServiceConfig {
                platform: Platform::Aws,
                ..ServiceConfig::default()
            },
        );
        Sls {
            adapter: Adapter::new(service, AdapterConfig::default()),
        }
    }

    /// One invocation: event bytes in (the buffer the Runtime API client received), response
    /// bytes out.
    pub async fn invoke(&self, event: &Bytes) -> Vec<u8> {
        let context = Context::new(Platform::Aws, "8476a536-e9f4-11e8-9739-2dfe598c3fcd");
        match self.adapter.invoke_bytes(event.clone(), context).await {
            Ok((body, _)) => body,
            Err(error) => error.to_json(),
        }
    }
}

impl Default for Sls {
    fn default() -> Self {
        Sls::new()
    }
}

/// `lambda_http`'s adapter around an axum router with the same two operations.
pub struct LambdaHttp {
    router: axum::Router,
}

impl LambdaHttp {
    /// The router: `GET /pet/{petId}` and `POST /pet`. Sets
    /// `AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH`, as users of `lambda_http` do to route REST API
    /// paths without the stage (sls-gen's default).
    pub fn new() -> Self {
        std::env::set_var("AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH", "true");
        async fn get_pet(Path(pet_id): Path<i64>) -> Json<Value> {
            Json(json!({"id": pet_id, "name": "rex", "tag": "dog"}))
        }
        async fn add_pet(Json(pet): Json<Value>) -> Json<Value> {
            Json(pet)
        }
        let router = axum::Router::new()
            .route("/pet/{petId}", get(get_pet))
            .route("/pet", post(add_pet));
        LambdaHttp { router }
    }

    /// One invocation as `lambda_http::run` performs it: deserialize the event into a
    /// `LambdaRequest`, call the adapter, serialize its `LambdaResponse`.
    pub async fn invoke(&self, event: &[u8]) -> Vec<u8> {
        let request: LambdaRequest = match serde_json::from_slice(event) {
            Ok(request) => request,
            Err(error) => return error.to_string().into_bytes(),
        };
        let mut adapter = lambda_http::Adapter::from(self.router.clone());
        let event = LambdaEvent::new(request, lambda_http::Context::default());
        match adapter.call(event).await {
            Ok(response) => serde_json::to_vec(&response).unwrap_or_default(),
            Err(error) => error.to_string().into_bytes(),
        }
    }
}

impl Default for LambdaHttp {
    fn default() -> Self {
        LambdaHttp::new()
    }
}

/// Runs sls-gen's Runtime API loop against the Runtime API at `authority`, on a thread of its
/// own with a single-threaded Tokio runtime (as the Lambda entry runs it), for the rest of the
/// process.
pub fn spawn_sls_runtime(authority: String) {
    on_own_thread(move || async move {
        let mut client = RuntimeApi::new(authority);
        let sls = Sls::new();
        let stop = std::future::pending::<()>();
        let _ = lambda::run_loop(&mut client, &sls.adapter, &Metrics::default(), stop).await;
    });
}

/// Runs `lambda_http::run` on the axum router against the Runtime API at `authority`, on a
/// thread of its own, for the rest of the process (it reads the Runtime API and the function's
/// settings from the environment).
pub fn spawn_lambda_http_runtime(authority: String) {
    std::env::set_var("AWS_LAMBDA_RUNTIME_API", authority);
    std::env::set_var("AWS_LAMBDA_FUNCTION_NAME", "pets");
    std::env::set_var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128");
    std::env::set_var("AWS_LAMBDA_FUNCTION_VERSION", "1");
    std::env::set_var("AWS_LAMBDA_LOG_STREAM_NAME", "bench");
    std::env::set_var("AWS_LAMBDA_LOG_GROUP_NAME", "bench");
    on_own_thread(|| async {
        let _ = lambda_http::run(LambdaHttp::new().router).await;
    });
}

fn on_own_thread<T: Future<Output = ()>>(task: impl FnOnce() -> T + Send + 'static) {
    std::thread::spawn(move || {
        match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime.block_on(task()),
            Err(error) => eprintln!("cannot start Tokio: {error}"),
        }
    });
}

/// A REST API (v1) event for `GET /pet/42`, from a recorded API Gateway event (about 1 KB).
pub fn v1_event() -> Bytes {
    let mut event: Value = serde_json::from_slice(include_bytes!(
        "../../../tests/fixtures/aws/apigw-v1/rust-lambda-http__apigw_proxy_request.json"
    ))
    .unwrap_or(Value::Null);
    event["path"] = json!("/pet/42");
    event["resource"] = json!("/pet/{petId}");
    event["httpMethod"] = json!("GET");
    event["pathParameters"] = json!({"petId": "42"});
    event["requestContext"]["httpMethod"] = json!("GET");
    event["requestContext"]["resourcePath"] = json!("/pet/{petId}");
    Bytes::from(serde_json::to_vec(&event).unwrap_or_default())
}

/// An HTTP API (payload 2.0) event for `GET /pet/42`, from a recorded event (about 1 KB).
pub fn v2_event() -> Bytes {
    let mut event: Value = serde_json::from_slice(include_bytes!(
        "../../../tests/fixtures/aws/apigw-v2/rust-lambda-http__apigw_v2_proxy_request.json"
    ))
    .unwrap_or(Value::Null);
    event["rawPath"] = json!("/pet/42");
    event["routeKey"] = json!("GET /pet/{petId}");
    event["requestContext"]["routeKey"] = json!("GET /pet/{petId}");
    event["requestContext"]["http"]["method"] = json!("GET");
    event["requestContext"]["http"]["path"] = json!("/pet/42");
    event["pathParameters"] = json!({"petId": "42"});
    Bytes::from(serde_json::to_vec(&event).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Status and decoded body of a Lambda HTTP response.
    fn answer(bytes: &[u8]) -> (Value, Value) {
        let response: Value = serde_json::from_slice(bytes).expect("JSON response");
        let body = response["body"].as_str().expect("a text body");
        (
            response["statusCode"].clone(),
            serde_json::from_str(body).expect("a JSON body"),
        )
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn both_runtimes_answer_every_event_through_the_loopback_api() {
        for spawn in [spawn_sls_runtime, spawn_lambda_http_runtime] {
            let api = loopback::FakeApi::start(v2_event().to_vec())
                .await
                .expect("bound");
            spawn(api.authority());
            api.serve(3).await;
            api.serve(2).await;
            assert_eq!(api.counts(), (5, 0));
        }
    }

    #[tokio::test]
    async fn both_sides_give_the_same_answer_to_the_same_events() {
        let sls = Sls::new();
        let lambda_http = LambdaHttp::new();
        for event in [v1_event(), v2_event()] {
            assert!(
                (900..=2000).contains(&event.len()),
                "about 1 KB: {}",
                event.len()
            );
            let ours = answer(&sls.invoke(&event).await);
            let theirs = answer(&lambda_http.invoke(&event).await);
            assert_eq!(ours, theirs);
            assert_eq!(ours.0, 200);
            assert_eq!(ours.1, json!({"id": 42, "name": "rex", "tag": "dog"}));
        }
    }
}
