mod api {
    include!("../../events_api.rs");
}

include!("../handlers.rs");

use sls_runtime::components;

pub struct Other;

#[message(ledger)]
pub async fn other_ledger(_other: &Other, _order: Order) {}

#[components(
    state = Shop,
    init = Shop::open,
    endpoints(place_order),
    events(purge_sessions, nightly_report, month_end, ship_order, other_ledger, welcome_user)
)]
pub struct App;

fn main() {}
