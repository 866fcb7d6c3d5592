// A handler may take the context (in any position) and ignore the request.
#![deny(warnings)]
mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetRequest, AddPetResponse, GetPetByIdResponse};
use sls_runtime::{endpoint, Context, Endpoint};

pub struct Db;

#[endpoint(getPetById)]
async fn get_pet(ctx: Context) -> GetPetByIdResponse {
    let _ = ctx.request_id;
    GetPetByIdResponse::NotFound
}

#[endpoint(addPet)]
async fn add_pet(mut req: AddPetRequest, context: sls_runtime::Context, _: &Db) -> AddPetResponse {
    req.body.name.push_str(&context.request_id);
    AddPetResponse::Ok(req.body)
}

fn main() {
    fn endpoint_for<S, E: Endpoint<S>>() {}
    endpoint_for::<(), get_pet>();
    endpoint_for::<Db, add_pet>();
}
