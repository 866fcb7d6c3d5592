// `api = path` when the generated module is not `crate::api`.
#![deny(warnings)]

mod generated {
    pub mod petstore {
        include!("../../api.rs");
    }
}

use generated::petstore::ops::{AddPetRequest, AddPetResponse};
use sls_runtime::{endpoint, Endpoint};

#[endpoint(addPet, api = crate::generated::petstore)]
async fn add_pet(req: AddPetRequest) -> AddPetResponse {
    AddPetResponse::Ok(req.body)
}

fn main() {
    fn endpoint_for<S, E: Endpoint<S, Operation = generated::petstore::operations::addPet>>() {}
    endpoint_for::<(), add_pet>();
}
