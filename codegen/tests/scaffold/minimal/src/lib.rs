//! The `petstore` service.
//!
//! `build.rs` generates the `api` module from `spec.yaml` on every build. Each operation
//! has a handler in the module of the function that serves it (`src/petstore.rs`); each
//! answers 501 Not Implemented until it is written. `App` lists them all, and the
//! compiler proves that every operation of the spec has exactly one.

sls_runtime::include_api!();

mod petstore;

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
    endpoints(petstore::add_pet, petstore::get_pet_by_id)
)]
pub struct App;
