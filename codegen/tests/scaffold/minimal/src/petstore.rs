//! Function `petstore`: the handlers of its 2 operations.

use crate::api::ops::*;
use crate::State;
use sls_runtime::{endpoint, Problem};

/// `POST /pet`
#[endpoint(addPet)]
pub async fn add_pet(
    _state: &State,
    _request: AddPetRequest,
) -> Result<AddPetResponse, Problem> {
    Err(Problem::not_implemented("addPet"))
}

/// `GET /pet/{petId}`
#[endpoint(getPetById)]
pub async fn get_pet_by_id(
    _state: &State,
    _request: GetPetByIdRequest,
) -> Result<GetPetByIdResponse, Problem> {
    Err(Problem::not_implemented("getPetById"))
}
