// Handlers may return `Result<Response, E>` with `E: Into<Problem>`: `Problem` itself or any error.
#![deny(warnings)]
mod api {
    include!("../../api.rs");
}

use api::ops::{AddPetRequest, AddPetResponse, GetPetByIdRequest, GetPetByIdResponse};
use sls_runtime::{endpoint, Endpoint, Problem};

#[endpoint(addPet)]
async fn add_pet(req: AddPetRequest) -> Result<AddPetResponse, Problem> {
    if req.body.name.is_empty() {
        return Err(Problem::new(sls_runtime::http::StatusCode::BAD_REQUEST)
            .with_detail("a pet needs a name"));
    }
    Ok(AddPetResponse::Ok(req.body))
}

#[endpoint(getPetById)]
async fn get_pet(req: GetPetByIdRequest) -> Result<GetPetByIdResponse, std::io::Error> {
    let _ = req;
    Err(std::io::Error::other("disk on fire"))
}

fn main() {
    fn endpoint_for<S, E: Endpoint<S>>() {}
    endpoint_for::<(), add_pet>();
    endpoint_for::<(), get_pet>();
}
