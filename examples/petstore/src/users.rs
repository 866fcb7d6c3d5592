//! Users and sessions.

use std::time::{SystemTime, UNIX_EPOCH};

use sls_runtime::{endpoint, Problem};
use sqlx::Row;

use crate::api::models::User;
use crate::api::ops::*;
use crate::Db;

/// Inserts a user; `false` when the username is taken.
async fn insert(db: &Db, user: &mut User) -> Result<bool, Problem> {
    let inserted =
        sqlx::query("INSERT OR IGNORE INTO users (id, username, body) VALUES (?, ?, '{}')")
            .bind(user.id)
            .bind(&user.username)
            .execute(&db.pool)
            .await?;
    if inserted.rows_affected() == 0 {
        return Ok(false);
    }
    user.id = Some(inserted.last_insert_rowid());
    store(db, user).await?;
    Ok(true)
}

async fn store(db: &Db, user: &User) -> Result<(), Problem> {
    sqlx::query("UPDATE users SET body = ? WHERE username = ?")
        .bind(serde_json::to_string(user)?)
        .bind(&user.username)
        .execute(&db.pool)
        .await?;
    Ok(())
}

async fn find(db: &Db, username: &str) -> Result<Option<User>, Problem> {
    let row = sqlx::query("SELECT body FROM users WHERE username = ?")
        .bind(username)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row
        .map(|row| serde_json::from_str::<User>(row.get::<&str, _>(0)))
        .transpose()?)
}

/// Creates a user.
#[endpoint(createUser)]
pub async fn create_user(
    db: &Db,
    request: CreateUserRequest,
) -> Result<CreateUserResponse, Problem> {
    let Some(mut user) = request.body else {
        return Err(Problem::new(sls_runtime::http::StatusCode::BAD_REQUEST)
            .with_detail("a user is required"));
    };
    Ok(if insert(db, &mut user).await? {
        CreateUserResponse::Ok(user)
    } else {
        CreateUserResponse::Conflict
    })
}

/// Creates several users at once, all or none; answers the last one.
#[endpoint(createUsersWithListInput)]
pub async fn create_users_with_list_input(
    db: &Db,
    request: CreateUsersWithListInputRequest,
) -> Result<CreateUsersWithListInputResponse, Problem> {
    let users = request.body.unwrap_or_default();
    let Some(last) = users.last().cloned() else {
        return Err(Problem::new(sls_runtime::http::StatusCode::BAD_REQUEST)
            .with_detail("the list of users is empty"));
    };
    let mut tx = db.pool.begin().await?;
    for user in &users {
        let inserted =
            sqlx::query("INSERT OR IGNORE INTO users (id, username, body) VALUES (?, ?, '{}')")
                .bind(user.id)
                .bind(&user.username)
                .execute(&mut *tx)
                .await?;
        if inserted.rows_affected() == 0 {
            return Ok(CreateUsersWithListInputResponse::Conflict);
        }
        let mut stored = user.clone();
        stored.id = Some(inserted.last_insert_rowid());
        sqlx::query("UPDATE users SET body = ? WHERE username = ?")
            .bind(serde_json::to_string(&stored)?)
            .bind(&stored.username)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(CreateUsersWithListInputResponse::Ok(
        find(db, &last.username).await?.unwrap_or(last),
    ))
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Checks the password and opens a one-hour session; answers its token.
#[endpoint(loginUser)]
pub async fn login_user(db: &Db, request: LoginUserRequest) -> Result<LoginUserResponse, Problem> {
    let (Some(username), Some(password)) = (request.username, request.password) else {
        return Ok(LoginUserResponse::BadRequest);
    };
    let Some(user) = find(db, &username).await? else {
        return Ok(LoginUserResponse::BadRequest);
    };
    if user.password.as_deref() != Some(password.as_str()) {
        return Ok(LoginUserResponse::BadRequest);
    }
    let row = sqlx::query("SELECT lower(hex(randomblob(16)))")
        .fetch_one(&db.pool)
        .await?;
    let token: String = row.get(0);
    sqlx::query("INSERT INTO sessions (token, username, expires) VALUES (?, ?, ?)")
        .bind(&token)
        .bind(&username)
        .bind(now() + 3600)
        .execute(&db.pool)
        .await?;
    Ok(LoginUserResponse::Ok(token))
}

/// Ends the sessions that have expired.
#[endpoint(logoutUser)]
pub async fn logout_user(db: &Db) -> Result<LogoutUserResponse, Problem> {
    sqlx::query("DELETE FROM sessions WHERE expires < ?")
        .bind(now())
        .execute(&db.pool)
        .await?;
    Ok(LogoutUserResponse::Ok)
}

/// One user.
#[endpoint(getUserByName)]
pub async fn get_user_by_name(
    db: &Db,
    request: GetUserByNameRequest,
) -> Result<GetUserByNameResponse, Problem> {
    Ok(match find(db, &request.username).await? {
        Some(user) => GetUserByNameResponse::Ok(user),
        None => GetUserByNameResponse::NotFound,
    })
}

/// Replaces a user (the username in the path wins over the body's).
#[endpoint(updateUser)]
pub async fn update_user(
    db: &Db,
    request: UpdateUserRequest,
) -> Result<UpdateUserResponse, Problem> {
    let Some(existing) = find(db, &request.username).await? else {
        return Ok(UpdateUserResponse::NotFound);
    };
    let mut user = request.body.unwrap_or_else(|| existing.clone());
    user.username = request.username;
    user.id = existing.id;
    store(db, &user).await?;
    Ok(UpdateUserResponse::Ok)
}

/// Deletes a user and their sessions.
#[endpoint(deleteUser)]
pub async fn delete_user(
    db: &Db,
    request: DeleteUserRequest,
) -> Result<DeleteUserResponse, Problem> {
    let deleted = sqlx::query("DELETE FROM users WHERE username = ?")
        .bind(&request.username)
        .execute(&db.pool)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE username = ?")
        .bind(&request.username)
        .execute(&db.pool)
        .await?;
    Ok(if deleted.rows_affected() == 0 {
        DeleteUserResponse::NotFound
    } else {
        DeleteUserResponse::Ok
    })
}
