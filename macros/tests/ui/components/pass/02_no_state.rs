// Without `state` and `init`, the state is `()`; handlers live in another module.
#![deny(warnings)]
mod api {
    include!("../../api.rs");
}

mod handlers {
    use crate::api::ops::{AddPetRequest, AddPetResponse, GetPetByIdRequest, GetPetByIdResponse};
    use sls_runtime::endpoint;

    #[endpoint(addPet)]
    pub async fn add_pet(req: AddPetRequest) -> AddPetResponse {
        AddPetResponse::Ok(req.body)
    }

    #[endpoint(getPetById)]
    pub(crate) async fn get_pet(_: GetPetByIdRequest) -> GetPetByIdResponse {
        GetPetByIdResponse::NotFound
    }
}

use sls_runtime::{components, Application};

#[components(endpoints(handlers::add_pet, crate::handlers::get_pet))]
struct App;

fn main() {
    fn state_of<A: Application<State = ()>>() {}
    state_of::<App>();
}
