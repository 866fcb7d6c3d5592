mod api {
    include!("../../events_api.rs");
}

include!("../handlers.rs");

use sls_runtime::components;

#[message(shipOrder)]
pub async fn ship_again(_order: Order) {}

#[components(
    state = Shop,
    init = Shop::open,
    endpoints(place_order),
    events(purge_sessions, nightly_report, month_end, ship_order, ledger, welcome_user, ship_again)
)]
pub struct App;

fn main() {}
