//! Function `secured`: the handlers of its 9 operations.

use crate::api::ops::*;
use crate::State;
use sls_runtime::{endpoint, Problem};

/// Open to everyone.
///
/// `GET /public`
#[endpoint(getPublic)]
pub async fn get_public(
    _state: &State,
    _request: GetPublicRequest,
) -> Result<GetPublicResponse, Problem> {
    Err(Problem::not_implemented("getPublic"))
}

/// The caller, from the global requirement (a bearer token).
///
/// `GET /me`
#[endpoint(getMe)]
pub async fn get_me(
    _state: &State,
    _request: GetMeRequest,
) -> Result<GetMeResponse, Problem> {
    Err(Problem::not_implemented("getMe"))
}

/// Needs an OAuth 2.0 token with both scopes.
///
/// `POST /pets`
#[endpoint(addPet)]
pub async fn add_pet(
    _state: &State,
    _request: AddPetRequest,
) -> Result<AddPetResponse, Problem> {
    Err(Problem::not_implemented("addPet"))
}

/// A bearer token OR an API key in a header.
///
/// `GET /either`
#[endpoint(getEither)]
pub async fn get_either(
    _state: &State,
    _request: GetEitherRequest,
) -> Result<GetEitherResponse, Problem> {
    Err(Problem::not_implemented("getEither"))
}

/// An API key in a header AND basic credentials.
///
/// `GET /both`
#[endpoint(getBoth)]
pub async fn get_both(
    _state: &State,
    _request: GetBothRequest,
) -> Result<GetBothResponse, Problem> {
    Err(Problem::not_implemented("getBoth"))
}

/// A bearer token, or nothing at all.
///
/// `GET /maybe`
#[endpoint(getMaybe)]
pub async fn get_maybe(
    _state: &State,
    _request: GetMaybeRequest,
) -> Result<GetMaybeResponse, Problem> {
    Err(Problem::not_implemented("getMaybe"))
}

/// `GET /query-key`
#[endpoint(getQueryKey)]
pub async fn get_query_key(
    _state: &State,
    _request: GetQueryKeyRequest,
) -> Result<GetQueryKeyResponse, Problem> {
    Err(Problem::not_implemented("getQueryKey"))
}

/// `GET /cookie-key`
#[endpoint(getCookieKey)]
pub async fn get_cookie_key(
    _state: &State,
    _request: GetCookieKeyRequest,
) -> Result<GetCookieKeyResponse, Problem> {
    Err(Problem::not_implemented("getCookieKey"))
}

/// An API key with the `admin` role.
///
/// `DELETE /admin`
#[endpoint(purge)]
pub async fn purge(
    _state: &State,
    _request: PurgeRequest,
) -> Result<PurgeResponse, Problem> {
    Err(Problem::not_implemented("purge"))
}
