//! Function `lib`: the handler of its operation.

use crate::api::ops::*;
use crate::State;
use sls_runtime::{endpoint, Problem};

/// `GET /api`
#[endpoint(api)]
pub async fn api(_state: &State, _request: ApiRequest) -> Result<ApiResponse, Problem> {
    Err(Problem::not_implemented("api"))
}
