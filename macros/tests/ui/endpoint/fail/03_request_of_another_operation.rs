mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetResponse, GetPetByIdRequest};
use sls_runtime::endpoint;

#[endpoint(addPet)]
async fn add_pet(req: GetPetByIdRequest) -> AddPetResponse {
    let _ = req;
    AddPetResponse::MethodNotAllowed
}

fn main() {}
