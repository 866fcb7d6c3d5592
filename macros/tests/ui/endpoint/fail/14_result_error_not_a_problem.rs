mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetRequest, AddPetResponse};
use sls_runtime::endpoint;

#[endpoint(addPet)]
async fn add_pet(req: AddPetRequest) -> Result<AddPetResponse, String> {
    Ok(AddPetResponse::Ok(req.body))
}

fn main() {}
