mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetRequest, AddPetResponse};
use sls_runtime::endpoint;

// Every macro-level mistake is reported at once, each on its own tokens.
#[endpoint(addPet, path = "/pet")]
fn add_pet<T>(req: AddPetRequest, other: AddPetRequest) -> AddPetResponse {
    let _ = other;
    AddPetResponse::Ok(req.body)
}

fn main() {}
