mod api {
    include!("../../api.rs");
}

use api::ops::AddPetResponse;
use sls_runtime::endpoint;

#[endpoint(addPet)]
async fn add_pet(name: String) -> AddPetResponse {
    let _ = name;
    AddPetResponse::MethodNotAllowed
}

fn main() {}
