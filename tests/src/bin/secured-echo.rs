//! A local server for `specs/security.yaml` whose handlers answer who called them: the
//! TypeScript client's tests (tests/ts) check that the client sends the credentials each
//! operation's security asks for. Bearer tokens are verified with the `SLS_JWT_*` settings;
//! the credentials hook accepts the API keys `good-key` and `admin-key` (role `admin`) and the
//! basic credentials `ann:pw`. `PORT` as for every local server.

use serde_json::json;
use sls_runtime::http::StatusCode;
use sls_runtime::{components, endpoint, Context, Credential, Principal, Problem};
use sls_tests::secured::models::Message;
use sls_tests::secured::ops::*;

/// The state: none.
pub struct Keys;

async fn open() -> Result<Keys, std::io::Error> {
    Ok(Keys)
}

async fn check(_: &Keys, credential: Credential<'_>) -> Result<Principal, Problem> {
    match credential {
        Credential::ApiKey {
            key: "good-key", ..
        } => Ok(Principal::new(json!({"sub": "key-user"}))),
        Credential::ApiKey {
            key: "admin-key", ..
        } => Ok(Principal::new(json!({"sub": "admin"})).with_scopes(["admin"])),
        Credential::Basic {
            username: "ann",
            password: "pw",
            ..
        } => Ok(Principal::new(json!({"sub": "ann"}))),
        _ => Err(Problem::new(StatusCode::UNAUTHORIZED).with_detail("unknown credentials")),
    }
}

/// `scheme:subject` of each principal, joined by `+` (`anonymous` when there is none).
fn who(context: &Context) -> Message {
    let text: Vec<String> = context
        .principals
        .iter()
        .map(|p| format!("{}:{}", p.scheme, p.subject().unwrap_or("?")))
        .collect();
    Message {
        text: if text.is_empty() {
            "anonymous".to_owned()
        } else {
            text.join("+")
        },
    }
}

#[endpoint(getPublic, api = sls_tests::secured)]
async fn get_public(context: Context) -> GetPublicResponse {
    GetPublicResponse::Ok(who(&context))
}

#[endpoint(getMe, api = sls_tests::secured)]
async fn get_me(context: Context) -> GetMeResponse {
    GetMeResponse::Ok(who(&context))
}

#[endpoint(addPet, api = sls_tests::secured)]
async fn add_pet(context: Context, request: AddPetRequest) -> AddPetResponse {
    let caller = who(&context).text;
    AddPetResponse::Ok(Message {
        text: format!("{caller} added {}", request.body.text),
    })
}

#[endpoint(getEither, api = sls_tests::secured)]
async fn get_either(context: Context) -> GetEitherResponse {
    GetEitherResponse::Ok(who(&context))
}

#[endpoint(getBoth, api = sls_tests::secured)]
async fn get_both(context: Context) -> GetBothResponse {
    GetBothResponse::Ok(who(&context))
}

#[endpoint(getMaybe, api = sls_tests::secured)]
async fn get_maybe(context: Context) -> GetMaybeResponse {
    GetMaybeResponse::Ok(who(&context))
}

#[endpoint(getQueryKey, api = sls_tests::secured)]
async fn get_query_key(context: Context) -> GetQueryKeyResponse {
    GetQueryKeyResponse::Ok(who(&context))
}

#[endpoint(getCookieKey, api = sls_tests::secured)]
async fn get_cookie_key(context: Context) -> GetCookieKeyResponse {
    GetCookieKeyResponse::Ok(who(&context))
}

#[endpoint(purge, api = sls_tests::secured)]
async fn purge() -> PurgeResponse {
    PurgeResponse::NoContent
}

#[components(
    state = Keys,
    init = open,
    credentials = check,
    endpoints(
        get_public,
        get_me,
        add_pet,
        get_either,
        get_both,
        get_maybe,
        get_query_key,
        get_cookie_key,
        purge
    ),
    api = sls_tests::secured
)]
pub struct App;

fn main() -> std::process::ExitCode {
    sls_runtime::platform::local::run::<App, sls_tests::secured::functions::All>()
}
