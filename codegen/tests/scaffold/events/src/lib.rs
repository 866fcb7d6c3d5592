//! The `shop` service.
//!
//! `build.rs` generates the `api` module from `spec.yaml` on every build. Each operation
//! has a handler in the module of the function that serves it (`src/api2.rs`,
//! `src/jobs.rs`); each answers 501 Not Implemented until it is written. Each event of
//! the manifest has a handler there too, failing until it is written. `App` lists them
//! all, and the compiler proves that every operation of the spec has exactly one.

sls_runtime::include_api!();

mod api2;
mod jobs;

/// What every handler shares (database pools, clients, configuration), built once by
/// [`State::init`].
pub struct State {}

impl State {
    /// Builds the state before the first request; an error stops the server.
    pub async fn init() -> Result<Self, sls_runtime::BoxError> {
        Ok(State {})
    }
}

/// The application: its state and the handler of every operation.
#[sls_runtime::components(
    state = State,
    init = State::init,
    endpoints(api2::place_order),
    events(
        api2::welcome_user,
        jobs::purge_sessions,
        jobs::nightly_report,
        jobs::month_end,
        jobs::ship_order,
        jobs::ledger
    )
)]
pub struct App;
