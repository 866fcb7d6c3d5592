mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetRequest, AddPetResponse};
use sls_runtime::endpoint;

#[endpoint(addPett)]
async fn add_pet(req: AddPetRequest) -> AddPetResponse {
    AddPetResponse::Ok(req.body)
}

fn main() {}
