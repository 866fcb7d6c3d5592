mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetRequest, AddPetResponse};
use sls_runtime::endpoint;

#[endpoint(addPet)]
async fn add_pet<S: Sync>(state: &S, req: AddPetRequest) -> AddPetResponse {
    let _ = state;
    AddPetResponse::Ok(req.body)
}

fn main() {}
