//! An application over `specs/events.yaml` (the golden module [`crate::shop_events`]): one endpoint,
//! three schedules, two queues and a topic, with every lifecycle hook. Each hook and handler
//! records what it did, in memory and as a `lifecycle: ...` line on standard output, so tests
//! can check the order in process and through the `shop` binary.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use sls_runtime::events::{MessageMeta, Tick};
use sls_runtime::{components, endpoint, message, scheduled, Problem};

use crate::shop_events::models::{Order, WelcomeUserPayload};
use crate::shop_events::ops::{PlaceOrderRequest, PlaceOrderResponse};

/// The shop's state: what happened, and whether its "database" is reachable.
#[derive(Debug)]
pub struct Shop {
    log: Mutex<Vec<String>>,
    /// Cleared to make the health check fail.
    pub healthy: AtomicBool,
}

impl Shop {
    /// The `init` hook: fails when `SHOP_INIT_FAIL` is set (to test an init failure).
    pub async fn open() -> Result<Shop, std::io::Error> {
        if std::env::var_os("SHOP_INIT_FAIL").is_some() {
            return Err(std::io::Error::other("the shop database is unreachable"));
        }
        let shop = Shop {
            log: Mutex::new(Vec::new()),
            healthy: AtomicBool::new(true),
        };
        shop.record("init");
        Ok(shop)
    }

    /// The `health_check` hook.
    pub async fn ping(&self) -> Result<(), std::io::Error> {
        self.record("health_check");
        if self.healthy.load(Ordering::SeqCst) {
            Ok(())
        } else {
            Err(std::io::Error::other("the shop database went away"))
        }
    }

    /// The `shutdown` hook.
    pub async fn close(&self) {
        self.record("shutdown");
    }

    /// Records an entry (and prints it as `lifecycle: {entry}`).
    pub fn record(&self, entry: impl Into<String>) {
        let entry = entry.into();
        println!("lifecycle: {entry}");
        self.log
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(entry);
    }

    /// Everything recorded so far.
    pub fn log(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The entries recorded so far that start with `prefix`.
    pub fn entries(&self, prefix: &str) -> Vec<String> {
        self.log()
            .into_iter()
            .filter(|entry| entry.starts_with(prefix))
            .collect()
    }
}

/// `POST /orders`.
#[endpoint(placeOrder, api = crate::shop_events)]
pub async fn place_order(shop: &Shop, request: PlaceOrderRequest) -> PlaceOrderResponse {
    shop.record(format!("placeOrder {}", request.body.id));
    PlaceOrderResponse::Accepted
}

/// `rate(1 hour)`.
#[scheduled(purgeSessions, api = crate::shop_events)]
pub async fn purge_sessions(shop: &Shop, tick: Tick) -> Result<(), Problem> {
    shop.record(format!("purgeSessions {}", tick.time.to_rfc3339()));
    Ok(())
}

/// `cron(30 2 ? * MON-FRI *)`: no state, no result.
#[scheduled(nightlyReport, api = crate::shop_events)]
pub async fn nightly_report(tick: Tick) {
    println!("lifecycle: nightlyReport {}", tick.time.to_rfc3339());
}

/// `cron(0 23 L * ? *)`: always fails, with an error that is not a problem.
#[scheduled(monthEnd, api = crate::shop_events)]
pub async fn month_end(shop: &Shop, tick: Tick) -> Result<(), std::io::Error> {
    shop.record(format!("monthEnd {}", tick.time.to_rfc3339()));
    Err(std::io::Error::other("the ledger is locked"))
}

/// Queue `orders`: refuses the item `refuse`.
#[message(shipOrder, api = crate::shop_events)]
pub async fn ship_order(shop: &Shop, order: Order, meta: MessageMeta) -> Result<(), Problem> {
    shop.record(format!("shipOrder {} {}", meta.id, order.id));
    if order.item == "refuse" {
        return Err(Problem::new(sls_runtime::http::StatusCode::CONFLICT)
            .with_detail(format!("order {} cannot be shipped", order.id)));
    }
    Ok(())
}

/// FIFO queue `ledger.fifo`: panics on the item `panic`.
#[message(ledger, api = crate::shop_events)]
pub async fn ledger(shop: &Shop, order: Order) -> Result<(), Problem> {
    shop.record(format!("ledger {}", order.id));
    if order.item == "panic" {
        panic!("the ledger handler panicked on purpose");
    }
    Ok(())
}

/// Topic `signups`: arguments in another order.
#[message(welcomeUser, api = crate::shop_events)]
pub async fn welcome_user(meta: MessageMeta, user: WelcomeUserPayload, shop: &Shop) {
    shop.record(format!("welcomeUser {} {}", meta.id, user.email));
}

/// The application.
#[components(
    state = Shop,
    init = Shop::open,
    health_check = Shop::ping,
    shutdown = Shop::close,
    endpoints(place_order),
    events(purge_sessions, nightly_report, month_end, ship_order, ledger, welcome_user),
    api = crate::shop_events,
)]
pub struct App;
