//! Function `type`: the handlers of its 4 operations.

use crate::api::ops::*;
use crate::State;
use sls_runtime::{endpoint, Problem};

/// `GET /str`
#[endpoint(str)]
pub async fn str2(_state: &State, _request: StrRequest) -> Result<StrResponse, Problem> {
    Err(Problem::not_implemented("str"))
}

/// `GET /std`
#[endpoint(std)]
pub async fn std2(_state: &State, _request: StdRequest) -> Result<StdResponse, Problem> {
    Err(Problem::not_implemented("std"))
}

/// `GET /sls_runtime`
#[endpoint(sls_runtime)]
pub async fn sls_runtime_2(
    _state: &State,
    _request: SlsRuntimeRequest,
) -> Result<SlsRuntimeResponse, Problem> {
    Err(Problem::not_implemented("sls_runtime"))
}

/// `GET /u8`
#[endpoint(u8)]
pub async fn u8_2(_state: &State, _request: U8Request) -> Result<U8Response, Problem> {
    Err(Problem::not_implemented("u8"))
}
