// `api = path` on both macros when the generated module is elsewhere.
#![deny(warnings)]

pub mod generated {
    pub mod petstore {
        include!("../../api.rs");
    }
}

use generated::petstore::ops::{
    AddPetRequest, AddPetResponse, GetPetByIdRequest, GetPetByIdResponse,
};
use sls_runtime::{components, endpoint};

#[endpoint(addPet, api = generated::petstore)]
pub async fn add_pet(req: AddPetRequest) -> AddPetResponse {
    AddPetResponse::Ok(req.body)
}

#[endpoint(getPetById, api = generated::petstore)]
pub async fn get_pet(_: GetPetByIdRequest) -> GetPetByIdResponse {
    GetPetByIdResponse::NotFound
}

#[components(api = generated::petstore, endpoints(add_pet, get_pet))]
pub struct App;

fn main() {}
