mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetRequest, AddPetResponse};
use sls_runtime::endpoint;

pub struct Db;

#[endpoint(addPet)]
async fn add_pet(db: &Db, cache: &Db, req: AddPetRequest) -> AddPetResponse {
    let _ = (db, cache);
    AddPetResponse::Ok(req.body)
}

fn main() {}
