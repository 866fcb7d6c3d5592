//! Function `my-fn`: the handlers of its 4 operations.

use crate::api::ops::*;
use crate::State;
use sls_runtime::{endpoint, Problem};

/// A summary with `code` and <b>markup</b>
///
/// `GET /pets/{id}`
#[endpoint(getPet)]
pub async fn get_pet(
    _state: &State,
    _request: GetPetRequest,
) -> Result<GetPetResponse, Problem> {
    Err(Problem::not_implemented("getPet"))
}

/// `PUT /pets/{id}`
#[endpoint(get_pet)]
pub async fn get_pet_2(
    _state: &State,
    _request: GetPet2Request,
) -> Result<GetPet2Response, Problem> {
    Err(Problem::not_implemented("get_pet"))
}

/// `DELETE /pets/{id}`
#[endpoint(getPet2)]
pub async fn get_pet2(
    _state: &State,
    _request: GetPet3Request,
) -> Result<GetPet3Response, Problem> {
    Err(Problem::not_implemented("get-pet"))
}

/// `PATCH /pets/{id}`
#[endpoint(getPet3)]
pub async fn get_pet3(
    _state: &State,
    _request: GetPet4Request,
) -> Result<GetPet4Response, Problem> {
    Err(Problem::not_implemented("Get Pet!"))
}
