mod api {
    include!("../../api.rs");
}

use sls_runtime::endpoint;

#[endpoint(addPet)]
pub struct AddPet;

fn main() {}
