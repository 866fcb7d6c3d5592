//! End to end: handlers declared with `#[endpoint]`, an application declared with
//! `#[components]`, run through the runtime's dispatch exactly as a platform adapter would.

// A test binary uses only part of the generated module.
#[allow(dead_code)]
mod api {
    include!("ui/api.rs");
}

use std::sync::{Arc, Mutex};

use api::functions::petstore;
use api::models::Pet;
use api::ops::{AddPetRequest, AddPetResponse, GetPetByIdRequest, GetPetByIdResponse};
use sls_runtime::context::Platform;
use sls_runtime::http;
use sls_runtime::request::RawRequest;
use sls_runtime::router::RouteMatch;
use sls_runtime::{components, endpoint, Application, Context, Function, HttpResponse, Problem};

/// The state: an in-memory store.
#[derive(Default)]
pub struct Db {
    pets: Mutex<Vec<Pet>>,
}

impl Db {
    async fn connect() -> Result<Db, std::io::Error> {
        let db = Db::default();
        db.pets.lock().expect("fresh").push(Pet {
            id: Some(0),
            name: "Rex".into(),
            tag: None,
        });
        Ok(db)
    }
}

/// Stores a pet; refuses nameless ones with a problem.
#[endpoint(addPet)]
pub async fn add_pet(db: &Db, req: AddPetRequest) -> Result<AddPetResponse, Problem> {
    if req.body.name == "-" {
        return Err(Problem::new(http::StatusCode::UNPROCESSABLE_ENTITY).with_detail("nameless"));
    }
    let mut pets = db.pets.lock().map_err(|_| Problem::internal())?;
    let pet = Pet {
        id: Some(pets.len() as i64),
        ..req.body
    };
    pets.push(pet.clone());
    Ok(AddPetResponse::Ok(pet))
}

/// Finds a pet; the context comes first and names the operation being served.
#[endpoint(getPetById)]
pub async fn get_pet(ctx: Context, req: GetPetByIdRequest, db: &Db) -> GetPetByIdResponse {
    assert_eq!(ctx.operation_id, "getPetById");
    let pets = db.pets.lock().expect("not poisoned");
    match pets.iter().find(|pet| pet.id == Some(req.pet_id)) {
        Some(pet) => GetPetByIdResponse::Ok(pet.clone()),
        None => GetPetByIdResponse::NotFound,
    }
}

#[components(state = Db, init = Db::connect, endpoints(add_pet, get_pet))]
pub struct App;

async fn send(state: &Arc<Db>, method: http::Method, path: &str, body: &str) -> HttpResponse {
    let (index, params) = match <petstore as Function<App>>::route(&method, path) {
        RouteMatch::Found { index, params } => (index, params),
        other => panic!("{method} {path} did not route: {other:?}"),
    };
    let raw = RawRequest {
        path_params: params.iter().map(|param| param.to_string()).collect(),
        body: body.as_bytes().to_vec().into(),
        headers: [(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        )]
        .into_iter()
        .collect(),
        ..RawRequest::default()
    };
    let context = Context::new(Platform::Local, "request-1");
    <petstore as Function<App>>::dispatch(index, state.clone(), context, raw).await
}

fn body(response: &HttpResponse) -> &str {
    std::str::from_utf8(response.body().as_bytes()).expect("utf-8 body")
}

#[tokio::test]
async fn requests_reach_the_listed_handlers() {
    let state = Arc::new(App::init().await.expect("init"));

    let response = send(&state, http::Method::POST, "/pet", r#"{"name":"Tom"}"#).await;
    assert_eq!(response.status(), 200, "{}", body(&response));
    assert_eq!(body(&response), r#"{"id":1,"name":"Tom"}"#);

    let response = send(&state, http::Method::GET, "/pet/1", "").await;
    assert_eq!(response.status(), 200, "{}", body(&response));
    assert_eq!(body(&response), r#"{"id":1,"name":"Tom"}"#);

    let response = send(&state, http::Method::GET, "/pet/7", "").await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn an_error_of_the_handler_becomes_a_problem() {
    let state = Arc::new(App::init().await.expect("init"));
    let response = send(&state, http::Method::POST, "/pet", r#"{"name":"-"}"#).await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        response.headers()[http::header::CONTENT_TYPE],
        "application/problem+json"
    );
    assert!(body(&response).contains("nameless"), "{}", body(&response));
}

#[tokio::test]
async fn handlers_can_be_called_directly() {
    let db = Db::default();
    let request = AddPetRequest {
        body: Pet {
            id: None,
            name: "Kit".into(),
            tag: None,
        },
    };
    let response = add_pet::handler(&db, request).await.expect("stored");
    assert_eq!(
        response,
        AddPetResponse::Ok(Pet {
            id: Some(0),
            name: "Kit".into(),
            tag: None,
        })
    );

    let context = Context::new(Platform::Local, "direct");
    let context = Context {
        operation_id: "getPetById",
        ..context
    };
    let found = get_pet::handler(context, GetPetByIdRequest { pet_id: 0 }, &db).await;
    assert_eq!(
        found,
        GetPetByIdResponse::Ok(Pet {
            id: Some(0),
            name: "Kit".into(),
            tag: None,
        })
    );
}
