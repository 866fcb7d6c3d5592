// Handlers imported with `use`, by name and by glob, are listed by their short names; the
// registration macro `#[endpoint]` defines under the handler's name comes along with the import.
#![deny(warnings)]
mod api {
    include!("../../api.rs");
}

mod pets {
    pub mod write {
        use crate::api::ops::{AddPetRequest, AddPetResponse};
        use sls_runtime::endpoint;

        #[endpoint(addPet)]
        pub async fn add_pet(req: AddPetRequest) -> AddPetResponse {
            AddPetResponse::Ok(req.body)
        }
    }

    pub mod read {
        use crate::api::ops::{GetPetByIdRequest, GetPetByIdResponse};
        use sls_runtime::endpoint;

        #[endpoint(getPetById)]
        pub async fn get_pet(_: GetPetByIdRequest) -> GetPetByIdResponse {
            GetPetByIdResponse::NotFound
        }
    }
}

use pets::read::*;
use pets::write::add_pet;
use sls_runtime::{components, Handles};

#[components(endpoints(add_pet, get_pet))]
struct App;

fn main() {
    fn handles<A: Handles<api::operations::addPet> + Handles<api::operations::getPetById>>() {}
    handles::<App>();
}
