mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetRequest, AddPetResponse};
use sls_runtime::endpoint;

#[endpoint(addPet)]
async fn add_pet(req: AddPetRequest, other: AddPetRequest) -> AddPetResponse {
    let _ = other;
    AddPetResponse::Ok(req.body)
}

fn main() {}
