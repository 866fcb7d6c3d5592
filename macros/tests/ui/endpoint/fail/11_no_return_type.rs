mod api {
    include!("../../api.rs");
}

use api::ops::AddPetRequest;
use sls_runtime::endpoint;

#[endpoint(addPet)]
async fn add_pet(req: AddPetRequest) {
    let _ = req;
}

fn main() {}
