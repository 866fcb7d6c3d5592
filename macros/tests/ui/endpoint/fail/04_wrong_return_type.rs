mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetRequest, GetPetByIdResponse};
use sls_runtime::endpoint;

#[endpoint(addPet)]
async fn add_pet(req: AddPetRequest) -> GetPetByIdResponse {
    GetPetByIdResponse::Ok(req.body)
}

fn main() {}
