mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetRequest, AddPetResponse};
use sls_runtime::endpoint;

pub struct Db;

#[endpoint(addPet)]
async fn add_pet(db: &mut Db, req: AddPetRequest) -> AddPetResponse {
    let _ = db;
    AddPetResponse::Ok(req.body)
}

fn main() {}
