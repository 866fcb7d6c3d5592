// A handler for every event of `events_api.rs` and its one operation, shared by the fixtures of
// `events/`: each fixture adds its one mistake and declares the application.

use api::models::{Order, WelcomeUserPayload};
use api::ops::{PlaceOrderRequest, PlaceOrderResponse};
use sls_runtime::events::{MessageMeta, Tick};
use sls_runtime::{endpoint, message, scheduled, Problem};

pub struct Shop;

impl Shop {
    pub async fn open() -> Result<Shop, std::io::Error> {
        Ok(Shop)
    }
}

#[endpoint(placeOrder)]
pub async fn place_order(_shop: &Shop, _request: PlaceOrderRequest) -> PlaceOrderResponse {
    PlaceOrderResponse::Accepted
}

#[scheduled(purgeSessions)]
pub async fn purge_sessions(_shop: &Shop, _tick: Tick) -> Result<(), Problem> {
    Ok(())
}

#[scheduled(nightlyReport)]
pub async fn nightly_report(_tick: Tick) {}

#[scheduled(monthEnd)]
pub async fn month_end() -> Result<(), std::io::Error> {
    Ok(())
}

#[message(shipOrder)]
pub async fn ship_order(_shop: &Shop, _order: Order, _meta: MessageMeta) -> Result<(), Problem> {
    Ok(())
}

#[message(ledger)]
pub async fn ledger(_order: Order) {}

#[message(welcomeUser)]
pub async fn welcome_user(_meta: MessageMeta, _user: WelcomeUserPayload, _shop: &Shop) {}
