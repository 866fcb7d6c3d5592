//! `pub` handlers of `specs/minimal.yaml` that this library does not register itself:
//! `tests/cross_crate.rs` lists them in a `#[components]` of its own crate.

use crate::minimal::ops::{AddPetRequest, AddPetResponse, GetPetByIdRequest, GetPetByIdResponse};
use sls_runtime::endpoint;

/// Echoes the pet with id 1.
#[endpoint(addPet, api = crate::minimal)]
pub async fn add_pet(request: AddPetRequest) -> AddPetResponse {
    let mut pet = request.body;
    pet.id = Some(1);
    AddPetResponse::Ok(pet)
}

/// Knows no pet.
#[endpoint(getPetById, api = crate::minimal)]
pub async fn get_pet(_: GetPetByIdRequest) -> GetPetByIdResponse {
    GetPetByIdResponse::NotFound
}
