//! Function `api`: the handlers of its 2 operations.

use crate::api::ops::*;
use crate::State;
use sls_runtime::{endpoint, Problem};

/// `GET /type`
#[endpoint(type_)]
pub async fn type_(
    _state: &State,
    _request: TypeRequest,
) -> Result<TypeResponse, Problem> {
    Err(Problem::not_implemented("type"))
}

/// `POST /2fa`
#[endpoint(op2fa)]
pub async fn op2fa(
    _state: &State,
    _request: V2faRequest,
) -> Result<V2faResponse, Problem> {
    Err(Problem::not_implemented("2fa"))
}
