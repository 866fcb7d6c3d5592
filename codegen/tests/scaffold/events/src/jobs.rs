//! Function `jobs`: it serves no operation. It handles 5 events.

use crate::State;
use sls_runtime::events::{MessageMeta, Tick};
use sls_runtime::{message, scheduled, Problem};

/// Deletes expired sessions.
///
/// Schedule `rate(1 hour)` (UTC).
#[scheduled(purgeSessions)]
pub async fn purge_sessions(_state: &State, _tick: Tick) -> Result<(), Problem> {
    Err(sls_runtime::events::not_implemented("purgeSessions"))
}

/// Schedule `cron(30 2 ? * MON-FRI *)` (UTC).
#[scheduled(nightlyReport)]
pub async fn nightly_report(_state: &State, _tick: Tick) -> Result<(), Problem> {
    Err(sls_runtime::events::not_implemented("nightlyReport"))
}

/// Schedule `cron(0 23 L * ? *)` (UTC).
#[scheduled(monthEnd)]
pub async fn month_end(_state: &State, _tick: Tick) -> Result<(), Problem> {
    Err(sls_runtime::events::not_implemented("monthEnd"))
}

/// Each message of queue `orders`; an error fails the message.
#[message(shipOrder)]
pub async fn ship_order(
    _state: &State,
    _payload: crate::api::models::Order,
    _meta: MessageMeta,
) -> Result<(), Problem> {
    Err(sls_runtime::events::not_implemented("shipOrder"))
}

/// Each message of queue `ledger.fifo`; an error fails the message.
#[message(ledger)]
pub async fn ledger(
    _state: &State,
    _payload: crate::api::models::Order,
    _meta: MessageMeta,
) -> Result<(), Problem> {
    Err(sls_runtime::events::not_implemented("ledger"))
}
