// `state` without `init`: the state is built with `Default`. The state may be any type.
#![deny(warnings)]
mod api {
    include!("../../api.rs");
}

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use api::ops::{AddPetRequest, AddPetResponse, GetPetByIdRequest, GetPetByIdResponse};
use sls_runtime::{components, endpoint, Application};

type Pets = Arc<Mutex<HashMap<i64, api::models::Pet>>>;

#[endpoint(addPet)]
async fn add_pet(pets: &Pets, req: AddPetRequest) -> AddPetResponse {
    let mut pets = pets.lock().expect("not poisoned");
    let id = pets.len() as i64;
    pets.insert(id, req.body.clone());
    AddPetResponse::Ok(req.body)
}

#[endpoint(getPetById)]
async fn get_pet(pets: &Pets, req: GetPetByIdRequest) -> GetPetByIdResponse {
    match pets.lock().expect("not poisoned").get(&req.pet_id) {
        Some(pet) => GetPetByIdResponse::Ok(pet.clone()),
        None => GetPetByIdResponse::NotFound,
    }
}

#[components(state = Arc<Mutex<HashMap<i64, api::models::Pet>>>, endpoints(add_pet, get_pet))]
pub(crate) struct App;

fn main() {
    fn state_of<A: Application<State = Pets>>() {}
    state_of::<App>();
}
