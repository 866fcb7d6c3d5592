//! The `test` service.
//!
//! `build.rs` generates the `api` module from `spec.yaml` on every build. Each operation
//! has a handler in the module of the function that serves it (`src/api2.rs`,
//! `src/main2.rs`, `src/type_.rs`, `src/my_fn.rs`, `src/lib2.rs`); each answers 501 Not
//! Implemented until it is written. `App` lists them all, and the compiler proves that
//! every operation of the spec has exactly one.

sls_runtime::include_api!();

mod api2;
mod lib2;
mod main2;
mod my_fn;
mod type_;

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
    endpoints(
        api2::type_,
        api2::op2fa,
        main2::state2,
        main2::request2,
        main2::context2,
        main2::output2,
        type_::str2,
        type_::std2,
        type_::sls_runtime_2,
        type_::u8_2,
        my_fn::get_pet,
        my_fn::get_pet_2,
        my_fn::get_pet2,
        my_fn::get_pet3,
        lib2::api
    )
)]
pub struct App;
