//! Function `api`: the handler of its operation. It handles one event.

use crate::api::ops::*;
use crate::State;
use sls_runtime::events::MessageMeta;
use sls_runtime::{endpoint, message, Problem};

/// `POST /orders`
#[endpoint(placeOrder)]
pub async fn place_order(
    _state: &State,
    _request: PlaceOrderRequest,
) -> Result<PlaceOrderResponse, Problem> {
    Err(Problem::not_implemented("placeOrder"))
}

/// Each message of topic `signups`; an error fails the message.
#[message(welcomeUser)]
pub async fn welcome_user(
    _state: &State,
    _payload: crate::api::models::WelcomeUserPayload,
    _meta: MessageMeta,
) -> Result<(), Problem> {
    Err(sls_runtime::events::not_implemented("welcomeUser"))
}
