// A spec with API key and basic schemes needs a `credentials` hook; an application without one
// does not compile.
mod api {
    include!("../../secured_api.rs");
}

use api::models::Message;
use api::ops::*;
use sls_runtime::{components, endpoint, Auth, Context};

#[derive(serde::Deserialize)]
pub struct Claims {
    pub sub: String,
}

#[derive(Default)]
pub struct Keys;

fn message(text: &str) -> Message {
    Message { text: text.into() }
}

#[endpoint(getPublic)]
async fn get_public() -> GetPublicResponse {
    GetPublicResponse::Ok(message("hi"))
}

#[endpoint(getMe)]
async fn get_me(user: Auth<Claims>) -> GetMeResponse {
    GetMeResponse::Ok(message(&user.sub))
}

#[endpoint(addPet)]
async fn add_pet(request: AddPetRequest, _: &Keys, user: sls_runtime::security::Auth<Claims>) -> AddPetResponse {
    let _ = user.has_scope("pets:write");
    AddPetResponse::Ok(request.body)
}

#[endpoint(getEither)]
async fn get_either(context: Context, user: Auth<Claims>) -> GetEitherResponse {
    let _ = context.principals.len();
    GetEitherResponse::Ok(message(user.scheme))
}

#[endpoint(getBoth)]
async fn get_both() -> GetBothResponse {
    GetBothResponse::Ok(message("both"))
}

#[endpoint(getMaybe)]
async fn get_maybe(user: Option<Auth<Claims>>) -> GetMaybeResponse {
    GetMaybeResponse::Ok(message(user.as_ref().map_or("anonymous", |u| &u.sub)))
}

#[endpoint(getQueryKey)]
async fn get_query_key() -> GetQueryKeyResponse {
    GetQueryKeyResponse::Ok(message("q"))
}

#[endpoint(getCookieKey)]
async fn get_cookie_key() -> GetCookieKeyResponse {
    GetCookieKeyResponse::Ok(message("c"))
}

#[endpoint(purge)]
async fn purge(_: Auth<Claims>) -> PurgeResponse {
    PurgeResponse::NoContent
}

#[components(
    state = Keys,
    endpoints(get_public, get_me, add_pet, get_either, get_both, get_maybe, get_query_key, get_cookie_key, purge)
)]
pub struct App;

fn main() {}
