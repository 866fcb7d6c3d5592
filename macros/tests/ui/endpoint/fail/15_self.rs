mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetRequest, AddPetResponse};
use sls_runtime::endpoint;

#[endpoint(addPet)]
async fn add_pet(self, req: AddPetRequest) -> AddPetResponse {
    AddPetResponse::Ok(req.body)
}

fn main() {}
