mod api {
    include!("../../api.rs");
}

use api::ops::{GetPetByIdRequest, GetPetByIdResponse};
use sls_runtime::{endpoint, Auth};

#[derive(serde::Deserialize)]
pub struct Claims {
    pub sub: String,
}

// `getPetById` has no security requirement: there is no principal to take.
#[endpoint(getPetById)]
async fn get_pet(user: Auth<Claims>, req: GetPetByIdRequest) -> GetPetByIdResponse {
    let _ = (user.sub.len(), req.pet_id);
    GetPetByIdResponse::NotFound
}

fn main() {}
