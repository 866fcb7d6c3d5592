mod api {
    include!("../../events_api.rs");
}

include!("../handlers.rs");

use sls_runtime::components;

#[components(
    state = Shop,
    init = Shop::open,
    endpoints(place_order),
    events(purge_sessions, nightly_report, month_end, ship_order, ledger, welcome_user, place_order)
)]
pub struct App;

fn main() {}
