//! Function `main`: the handlers of its 4 operations.

use crate::api::ops::*;
use crate::State;
use sls_runtime::{endpoint, Problem};

/// `GET /state`
#[endpoint(state)]
pub async fn state2(
    _state: &State,
    _request: StateRequest,
) -> Result<StateResponse, Problem> {
    Err(Problem::not_implemented("state"))
}

/// `GET /request`
#[endpoint(request)]
pub async fn request2(
    _state: &State,
    _request: RequestRequest,
) -> Result<RequestResponse, Problem> {
    Err(Problem::not_implemented("request"))
}

/// `GET /context`
#[endpoint(context)]
pub async fn context2(
    _state: &State,
    _request: ContextRequest,
) -> Result<ContextResponse, Problem> {
    Err(Problem::not_implemented("context"))
}

/// `GET /output`
#[endpoint(output)]
pub async fn output2(
    _state: &State,
    _request: OutputRequest,
) -> Result<OutputResponse, Problem> {
    Err(Problem::not_implemented("output"))
}
