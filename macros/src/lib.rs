//! Attribute macros of sls-gen: `#[endpoint]` binds an `async fn` to an operation of the spec,
//! and `#[components]` declares the application that serves every operation.
//!
//! Both are thin shells over pure token-to-token functions (`endpoint::expand`,
//! `components::expand`); see those modules for the exact expansions. Use them through
//! `sls_runtime`, which re-exports them:
//!
//! ```ignore
//! sls_runtime::include_api!(); // the generated module `api`
//! use api::ops::*;
//! use sls_runtime::{components, endpoint, Problem};
//!
//! /// Adds a pet to the store.
//! #[endpoint(addPet)]
//! pub async fn add_pet(db: &Db, req: AddPetRequest) -> Result<AddPetResponse, Problem> {
//!     Ok(AddPetResponse::Ok(db.insert(req.body).await?))
//! }
//!
//! #[endpoint(getPetById)]
//! pub async fn get_pet(db: &Db, req: GetPetByIdRequest) -> GetPetByIdResponse {
//!     match db.get(req.pet_id).await {
//!         Some(pet) => GetPetByIdResponse::Ok(pet),
//!         None => GetPetByIdResponse::NotFound,
//!     }
//! }
//!
//! #[components(state = Db, init = Db::connect, endpoints(add_pet, get_pet))]
//! pub struct App;
//! ```
//!
//! Every operation of the spec must have exactly one handler: a missing one is a compile error
//! naming the operation, its method and its path; a second one is a conflicting implementation.
#![deny(missing_docs)]

use proc_macro::TokenStream;

mod args;
mod components;
mod endpoint;
mod errors;
mod event;
mod paths;
#[cfg(test)]
mod snapshot;

/// Binds an `async fn` to an operation of the spec: `#[endpoint(operationId)]`, or
/// `#[endpoint(operationId, api = path::to::api)]` when the generated module is not `crate::api`.
///
/// The arguments are recognised by their syntax, each optional and at most once, in any order:
/// a reference `&State` is the application state, a type named `Context` is
/// `sls_runtime::Context`, and any other type is the operation's request
/// (`api::ops::<OperationId>Request`). The function returns the operation's response enum, or a
/// `Result` of it whose error converts into `sls_runtime::Problem`.
///
/// The function becomes a unit struct of the same name and visibility, implementing
/// `sls_runtime::Endpoint<State>`; the original function is its associated function `handler`,
/// so tests can call `add_pet::handler(&db, request).await` directly.
#[proc_macro_attribute]
pub fn endpoint(attr: TokenStream, item: TokenStream) -> TokenStream {
    endpoint::expand(attr.into(), item.into()).into()
}

/// Declares the application on a unit struct:
/// `#[components(state = State, init = State::connect, endpoints(add_pet, get_pet))]`.
///
/// - `state`: the type shared by every handler (default `()`).
/// - `init`: an `async fn() -> Result<State, E>` with `E: Into<sls_runtime::BoxError>`, run once
///   before the first request (default `State::default()`).
/// - `endpoints(..)`: the `#[endpoint]` handlers, by path.
/// - `api`: the path of the generated module (default `crate::api`).
///
/// rustc then proves that every operation of the spec has exactly one handler.
#[proc_macro_attribute]
pub fn components(attr: TokenStream, item: TokenStream) -> TokenStream {
    components::expand(attr.into(), item.into()).into()
}

/// Binds an `async fn` to a schedule event of the manifest (`rate(...)` or `cron(...)`):
/// `#[scheduled(eventName)]`, or `#[scheduled(eventName, api = path::to::api)]`.
///
/// The arguments, each optional and at most once, in any order: a reference `&State` is the
/// application state; any other type is the `sls_runtime::events::Tick` (its id and scheduled
/// time). The function returns `()` or `Result<(), E>` with `E: Into<sls_runtime::Problem>`; an
/// error is logged, and reported to the platform as a failed invocation.
///
/// ```ignore
/// #[scheduled(purgeSessions)]
/// async fn purge(db: &Db, tick: Tick) -> Result<(), Problem> {
///     db.delete_sessions_before(tick.time).await?;
///     Ok(())
/// }
/// ```
///
/// Binding a queue or topic event is a compile error that says to use `#[message]`.
#[proc_macro_attribute]
pub fn scheduled(attr: TokenStream, item: TokenStream) -> TokenStream {
    event::expand(event::Attribute::Scheduled, attr.into(), item.into()).into()
}

/// Binds an `async fn` to a queue or topic event of the manifest: `#[message(eventName)]`, or
/// `#[message(eventName, api = path::to::api)]`. The handler runs once per message.
///
/// The arguments, each optional and at most once, in any order: a reference `&State` is the
/// application state, a type named `MessageMeta` is `sls_runtime::events::MessageMeta` (the
/// message's id and attributes), and any other type is the payload, the type generated from the
/// event's `payload` schema. A message whose body does not match the schema never reaches the
/// handler. The function returns `()` or `Result<(), E>` with `E: Into<sls_runtime::Problem>`;
/// an error fails that message only (it is retried by the queue, where the platform retries).
///
/// ```ignore
/// #[message(shipOrder)]
/// async fn ship(db: &Db, order: Order, meta: MessageMeta) -> Result<(), Problem> {
///     db.ship(order.id, &meta.id).await?;
///     Ok(())
/// }
/// ```
#[proc_macro_attribute]
pub fn message(attr: TokenStream, item: TokenStream) -> TokenStream {
    event::expand(event::Attribute::Message, attr.into(), item.into()).into()
}
