//! The Swagger Petstore on sls-gen: every operation of `specs/petstore.yaml`, on SQLite.
//!
//! `build.rs` generates the `api` module from the spec; each handler below is bound to its
//! operation with `#[endpoint]`, and `#[components]` proves at compile time that all 19
//! operations have exactly one handler.

sls_runtime::include_api!();

mod db;
mod pets;
mod store;
mod users;

pub use db::Db;

/// The Petstore application: its state is the database.
#[sls_runtime::components(
    state = Db,
    init = Db::connect,
    endpoints(
        pets::add_pet,
        pets::update_pet,
        pets::find_pets_by_status,
        pets::find_pets_by_tags,
        pets::get_pet_by_id,
        pets::update_pet_with_form,
        pets::delete_pet,
        pets::upload_file,
        store::get_inventory,
        store::place_order,
        store::get_order_by_id,
        store::delete_order,
        users::create_user,
        users::create_users_with_list_input,
        users::login_user,
        users::logout_user,
        users::get_user_by_name,
        users::update_user,
        users::delete_user,
    )
)]
pub struct App;
