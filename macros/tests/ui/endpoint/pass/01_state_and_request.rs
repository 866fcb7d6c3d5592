// The usual handler: state by reference, the operation's request, its response enum.
#![deny(warnings)]
mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetRequest, AddPetResponse};
use sls_runtime::{endpoint, Endpoint, Operation};

pub struct Db {
    pub name: String,
}

/// Adds a pet; this doc comment documents the struct `add_pet`.
#[endpoint(addPet)]
pub async fn add_pet(db: &Db, req: AddPetRequest) -> AddPetResponse {
    let _ = &db.name;
    AddPetResponse::Ok(req.body)
}

fn main() {
    fn operation_of<E: Endpoint<Db, Operation = api::operations::addPet>>() {}
    operation_of::<add_pet>();
    let _: <api::operations::addPet as Operation>::Request;
}
