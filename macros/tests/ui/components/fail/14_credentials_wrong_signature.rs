mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetRequest, AddPetResponse, GetPetByIdResponse};
use sls_runtime::{components, endpoint, Credential};

#[endpoint(addPet)]
async fn add_pet(req: AddPetRequest) -> AddPetResponse {
    AddPetResponse::Ok(req.body)
}

#[endpoint(getPetById)]
async fn get_pet() -> GetPetByIdResponse {
    GetPetByIdResponse::NotFound
}

// The hook must answer `Result<Principal, Problem>`.
async fn check(_: &(), _: Credential<'_>) -> bool {
    false
}

#[components(credentials = check, endpoints(add_pet, get_pet))]
pub struct App;

fn main() {}
