// A complete application: state built by an async `init`, one handler per operation.
#![deny(warnings)]

mod api {
    include!("../../api.rs");
}

use std::sync::Mutex;

use api::models::Pet;
use api::ops::{AddPetRequest, AddPetResponse, GetPetByIdRequest, GetPetByIdResponse};
use sls_runtime::{components, endpoint, Problem};

pub struct Db {
    pets: Mutex<Vec<Pet>>,
}

#[derive(Debug)]
pub struct ConnectError;

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cannot connect")
    }
}

impl std::error::Error for ConnectError {}

impl Db {
    pub async fn connect() -> Result<Db, ConnectError> {
        Ok(Db {
            pets: Mutex::new(Vec::new()),
        })
    }
}

/// Stores a pet.
#[endpoint(addPet)]
pub async fn add_pet(db: &Db, req: AddPetRequest) -> Result<AddPetResponse, Problem> {
    let mut pets = db.pets.lock().map_err(|_| Problem::internal())?;
    let pet = Pet {
        id: Some(pets.len() as i64),
        ..req.body
    };
    pets.push(pet.clone());
    Ok(AddPetResponse::Ok(pet))
}

/// Finds a pet; the state may come after the request.
#[endpoint(getPetById)]
pub async fn get_pet(req: GetPetByIdRequest, db: &Db) -> GetPetByIdResponse {
    let pets = db.pets.lock().expect("not poisoned");
    match pets.iter().find(|pet| pet.id == Some(req.pet_id)) {
        Some(pet) => GetPetByIdResponse::Ok(pet.clone()),
        None => GetPetByIdResponse::NotFound,
    }
}

#[components(state = Db, init = Db::connect, endpoints(add_pet, get_pet))]
pub struct App;

fn main() {
    fn function<F: sls_runtime::Function<A>, A: sls_runtime::Application>() {}
    function::<api::functions::petstore, App>();
}
