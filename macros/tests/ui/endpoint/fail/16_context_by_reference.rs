mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetRequest, AddPetResponse};
use sls_runtime::{endpoint, Context};

#[endpoint(addPet)]
async fn add_pet(ctx: &Context, req: AddPetRequest) -> AddPetResponse {
    let _ = ctx;
    AddPetResponse::Ok(req.body)
}

fn main() {}
