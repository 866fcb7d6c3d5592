//! Pets: create, update, find, delete, upload an image.

use sls_runtime::{endpoint, Problem};
use sqlx::Row;

use crate::api::models::{ApiResponse, Pet, PetStatus};
use crate::api::ops::*;
use crate::Db;

fn encode(pet: &Pet) -> Result<String, Problem> {
    Ok(serde_json::to_string(pet)?)
}

fn decode(body: &str) -> Result<Pet, Problem> {
    Ok(serde_json::from_str(body)?)
}

async fn load(db: &Db, id: i64) -> Result<Option<Pet>, Problem> {
    let row = sqlx::query("SELECT body FROM pets WHERE id = ?")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|row| decode(row.get::<&str, _>(0))).transpose()
}

async fn save(db: &Db, pet: &Pet) -> Result<(), Problem> {
    sqlx::query("UPDATE pets SET status = ?, body = ? WHERE id = ?")
        .bind(pet.status.map(PetStatus::as_str))
        .bind(encode(pet)?)
        .bind(pet.id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Adds a pet; its id is the one given, or the next free one.
#[endpoint(addPet)]
pub async fn add_pet(db: &Db, request: AddPetRequest) -> Result<AddPetResponse, Problem> {
    let mut pet = request.body;
    let id = match pet.id {
        Some(id) => {
            let taken =
                sqlx::query("INSERT OR IGNORE INTO pets (id, status, body) VALUES (?, NULL, '{}')")
                    .bind(id)
                    .execute(&db.pool)
                    .await?
                    .rows_affected()
                    == 0;
            if taken {
                return Err(Problem::new(sls_runtime::http::StatusCode::CONFLICT)
                    .with_detail(format!("a pet with id {id} exists")));
            }
            id
        }
        None => sqlx::query("INSERT INTO pets (status, body) VALUES (NULL, '{}')")
            .execute(&db.pool)
            .await?
            .last_insert_rowid(),
    };
    pet.id = Some(id);
    save(db, &pet).await?;
    Ok(AddPetResponse::Ok(pet))
}

/// Replaces a pet.
#[endpoint(updatePet)]
pub async fn update_pet(db: &Db, request: UpdatePetRequest) -> Result<UpdatePetResponse, Problem> {
    let pet = request.body;
    let Some(id) = pet.id else {
        return Ok(UpdatePetResponse::BadRequest);
    };
    if load(db, id).await?.is_none() {
        return Ok(UpdatePetResponse::NotFound);
    }
    save(db, &pet).await?;
    Ok(UpdatePetResponse::Ok(pet))
}

/// Pets with a status (the spec's default, `available`, when none is given).
#[endpoint(findPetsByStatus)]
pub async fn find_pets_by_status(
    db: &Db,
    request: FindPetsByStatusRequest,
) -> Result<FindPetsByStatusResponse, Problem> {
    let status = request.status.as_str();
    let rows = sqlx::query("SELECT body FROM pets WHERE status = ? ORDER BY id")
        .bind(status)
        .fetch_all(&db.pool)
        .await?;
    let pets = rows
        .iter()
        .map(|row| decode(row.get::<&str, _>(0)))
        .collect::<Result<_, _>>()?;
    Ok(FindPetsByStatusResponse::Ok(pets))
}

/// Pets that carry at least one of the tags.
#[endpoint(findPetsByTags)]
pub async fn find_pets_by_tags(
    db: &Db,
    request: FindPetsByTagsRequest,
) -> Result<FindPetsByTagsResponse, Problem> {
    let wanted = request.tags.unwrap_or_default();
    let rows = sqlx::query("SELECT body FROM pets ORDER BY id")
        .fetch_all(&db.pool)
        .await?;
    let mut pets = Vec::new();
    for row in &rows {
        let pet = decode(row.get::<&str, _>(0))?;
        let tagged = pet
            .tags
            .iter()
            .flatten()
            .any(|tag| tag.name.as_ref().is_some_and(|name| wanted.contains(name)));
        if tagged {
            pets.push(pet);
        }
    }
    Ok(FindPetsByTagsResponse::Ok(pets))
}

/// One pet.
#[endpoint(getPetById)]
pub async fn get_pet_by_id(
    db: &Db,
    request: GetPetByIdRequest,
) -> Result<GetPetByIdResponse, Problem> {
    Ok(match load(db, request.pet_id).await? {
        Some(pet) => GetPetByIdResponse::Ok(pet),
        None => GetPetByIdResponse::NotFound,
    })
}

/// Changes a pet's name and/or status.
#[endpoint(updatePetWithForm)]
pub async fn update_pet_with_form(
    db: &Db,
    request: UpdatePetWithFormRequest,
) -> Result<UpdatePetWithFormResponse, Problem> {
    let Some(mut pet) = load(db, request.pet_id).await? else {
        return Ok(UpdatePetWithFormResponse::NotFound);
    };
    if let Some(name) = request.name {
        // The query parameter has no constraints of its own; the Pet schema's `minLength: 1` still holds.
        if name.is_empty() {
            return Ok(UpdatePetWithFormResponse::BadRequest);
        }
        pet.name = name;
    }
    if let Some(status) = request.status {
        match serde_json::from_value::<PetStatus>(serde_json::Value::String(status)) {
            Ok(status) => pet.status = Some(status),
            Err(_) => return Ok(UpdatePetWithFormResponse::BadRequest),
        }
    }
    save(db, &pet).await?;
    Ok(UpdatePetWithFormResponse::Ok(pet))
}

/// Deletes a pet.
#[endpoint(deletePet)]
pub async fn delete_pet(db: &Db, request: DeletePetRequest) -> Result<DeletePetResponse, Problem> {
    let deleted = sqlx::query("DELETE FROM pets WHERE id = ?")
        .bind(request.pet_id)
        .execute(&db.pool)
        .await?;
    Ok(if deleted.rows_affected() == 0 {
        DeletePetResponse::NotFound
    } else {
        DeletePetResponse::Ok
    })
}

/// Stores an image of a pet.
#[endpoint(uploadFile)]
pub async fn upload_file(
    db: &Db,
    request: UploadFileRequest,
) -> Result<UploadFileResponse, Problem> {
    let image = request.body.unwrap_or_default();
    let stored = sqlx::query("UPDATE pets SET image = ? WHERE id = ?")
        .bind(image.as_ref())
        .bind(request.pet_id)
        .execute(&db.pool)
        .await?;
    if stored.rows_affected() == 0 {
        return Ok(UploadFileResponse::NotFound);
    }
    let mut message = format!("stored {} bytes", image.len());
    if let Some(metadata) = request.additional_metadata {
        message.push_str(&format!(" ({metadata})"));
    }
    Ok(UploadFileResponse::Ok(ApiResponse {
        code: Some(200),
        type_: Some("image".to_owned()),
        message: Some(message),
    }))
}
