mod api {
    include!("../../events_api.rs");
}

include!("../handlers.rs");

use sls_runtime::components;

impl Shop {
    pub async fn ping(&self) -> bool {
        true
    }
}

#[components(
    state = Shop,
    init = Shop::open,
    health_check = Shop::ping,
    endpoints(place_order),
    events(purge_sessions, nightly_report, month_end, ship_order, ledger, welcome_user)
)]
pub struct App;

fn main() {}
