//! The `secured` service.
//!
//! `build.rs` generates the `api` module from `spec.yaml` on every build. Each operation
//! has a handler in the module of the function that serves it (`src/secured.rs`); each
//! answers 501 Not Implemented until it is written. `App` lists them all, and the
//! compiler proves that every operation of the spec has exactly one.

sls_runtime::include_api!();

mod secured;

/// What every handler shares (database pools, clients, configuration), built once by
/// [`State::init`].
pub struct State {}

impl State {
    /// Builds the state before the first request; an error stops the server.
    pub async fn init() -> Result<Self, sls_runtime::BoxError> {
        Ok(State {})
    }
}

impl State {
    /// Checks API keys and HTTP basic credentials; until it is written, each is answered 501
    /// Not Implemented.
    pub async fn check_credentials(
        &self,
        credential: sls_runtime::Credential<'_>,
    ) -> Result<sls_runtime::Principal, sls_runtime::Problem> {
        Err(
            sls_runtime::Problem::new(sls_runtime::http::StatusCode::NOT_IMPLEMENTED)
                .with_detail(
                    format!(
                        "checking `{}` credentials is not implemented yet", credential
                        .scheme()
                    ),
                ),
        )
    }
}

/// The application: its state, its credentials check and the handler of every
/// operation.
#[sls_runtime::components(
    state = State,
    init = State::init,
    credentials = State::check_credentials,
    endpoints(
        secured::get_public,
        secured::get_me,
        secured::add_pet,
        secured::get_either,
        secured::get_both,
        secured::get_maybe,
        secured::get_query_key,
        secured::get_cookie_key,
        secured::purge
    )
)]
pub struct App;
