mod api {
    include!("../../events_api.rs");
}

include!("../handlers.rs");

use sls_runtime::components;

#[scheduled(purgeSessions, retries = 3)]
pub fn oops(_a: &mut Shop, _b: Tick, _c: Tick, _d: MessageMeta) {}

#[components(
    state = Shop,
    init = Shop::open,
    endpoints(place_order),
    events(purge_sessions, nightly_report, month_end, ship_order, ledger, welcome_user)
)]
pub struct App;

fn main() {}

