mod api {
    include!("../../secured_api.rs");
}

use api::models::Message;
use api::ops::GetMaybeResponse;
use sls_runtime::{endpoint, Auth};

#[derive(serde::Deserialize)]
pub struct Claims {
    pub sub: String,
}

// `getMaybe` allows anonymous requests (`{}`): take `Option<Auth<Claims>>`.
#[endpoint(getMaybe)]
async fn get_maybe(user: Auth<Claims>) -> GetMaybeResponse {
    GetMaybeResponse::Ok(Message { text: user.claims.sub })
}

fn main() {}
