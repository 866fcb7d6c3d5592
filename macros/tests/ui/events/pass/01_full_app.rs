// Every event handled, with every lifecycle hook; the kinds of handlers in every shape.
#![deny(warnings)]

mod api {
    include!("../../events_api.rs");
}

include!("../handlers.rs");

use sls_runtime::components;

impl Shop {
    pub async fn ping(&self) -> Result<(), std::io::Error> {
        Ok(())
    }

    pub async fn close(&self) {}
}

#[components(
    state = Shop,
    init = Shop::open,
    health_check = Shop::ping,
    shutdown = Shop::close,
    endpoints(place_order),
    events(purge_sessions, nightly_report, month_end, ship_order, ledger, welcome_user)
)]
pub struct App;

fn main() {}
