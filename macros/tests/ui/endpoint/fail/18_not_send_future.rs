mod api {
    include!("../../api.rs");
}

use std::rc::Rc;

use api::ops::{AddPetRequest, AddPetResponse};
use sls_runtime::endpoint;

async fn yield_now() {}

#[endpoint(addPet)]
async fn add_pet(req: AddPetRequest) -> AddPetResponse {
    let counter = Rc::new(1);
    yield_now().await;
    let _ = counter;
    AddPetResponse::Ok(req.body)
}

fn main() {}
