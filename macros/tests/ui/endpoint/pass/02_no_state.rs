// A handler without state serves an application of any state type.
#![deny(warnings)]
mod api {
    include!("../../api.rs");
}

use api::ops::{GetPetByIdRequest, GetPetByIdResponse};
use sls_runtime::{endpoint, Endpoint};

#[endpoint(getPetById)]
async fn get_pet(req: GetPetByIdRequest) -> GetPetByIdResponse {
    let _ = req.pet_id;
    GetPetByIdResponse::NotFound
}

fn main() {
    fn endpoint_for<S, E: Endpoint<S>>() {}
    endpoint_for::<(), get_pet>();
    endpoint_for::<String, get_pet>();
}
