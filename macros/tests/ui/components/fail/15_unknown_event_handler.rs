mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetRequest, AddPetResponse, GetPetByIdRequest, GetPetByIdResponse};
use sls_runtime::{components, endpoint};

#[endpoint(addPet)]
async fn add_pet(req: AddPetRequest) -> AddPetResponse {
    AddPetResponse::Ok(req.body)
}

#[endpoint(getPetById)]
async fn get_pet(req: GetPetByIdRequest) -> GetPetByIdResponse {
    let _ = req;
    GetPetByIdResponse::NotFound
}

#[components(endpoints(add_pet, get_pet), events(purge))]
pub struct App;

fn main() {}
