//! The store: inventory and orders.

use std::collections::BTreeMap;

use sls_runtime::{endpoint, Problem};
use sqlx::Row;

use crate::api::models::Order;
use crate::api::ops::*;
use crate::Db;

/// How many pets have each status.
#[endpoint(getInventory)]
pub async fn get_inventory(db: &Db) -> Result<GetInventoryResponse, Problem> {
    let rows =
        sqlx::query("SELECT status, COUNT(*) FROM pets WHERE status IS NOT NULL GROUP BY status")
            .fetch_all(&db.pool)
            .await?;
    let mut inventory = BTreeMap::new();
    for row in rows {
        let count = i32::try_from(row.get::<i64, _>(1)).unwrap_or(i32::MAX);
        inventory.insert(row.get::<String, _>(0), count);
    }
    Ok(GetInventoryResponse::Ok(inventory))
}

/// Places an order for an existing pet.
#[endpoint(placeOrder)]
pub async fn place_order(
    db: &Db,
    request: PlaceOrderRequest,
) -> Result<PlaceOrderResponse, Problem> {
    let Some(mut order) = request.body else {
        return Ok(PlaceOrderResponse::BadRequest);
    };
    if let Some(pet_id) = order.pet_id {
        let exists = sqlx::query("SELECT 1 FROM pets WHERE id = ?")
            .bind(pet_id)
            .fetch_optional(&db.pool)
            .await?;
        if exists.is_none() {
            return Ok(PlaceOrderResponse::NotFound);
        }
    }
    let inserted = sqlx::query("INSERT OR IGNORE INTO orders (id, body) VALUES (?, '{}')")
        .bind(order.id)
        .execute(&db.pool)
        .await?;
    if inserted.rows_affected() == 0 {
        return Err(Problem::new(sls_runtime::http::StatusCode::CONFLICT)
            .with_detail("an order with this id exists"));
    }
    let id = inserted.last_insert_rowid();
    order.id = Some(id);
    sqlx::query("UPDATE orders SET body = ? WHERE id = ?")
        .bind(serde_json::to_string(&order)?)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(PlaceOrderResponse::Ok(order))
}

/// One order.
#[endpoint(getOrderById)]
pub async fn get_order_by_id(
    db: &Db,
    request: GetOrderByIdRequest,
) -> Result<GetOrderByIdResponse, Problem> {
    let row = sqlx::query("SELECT body FROM orders WHERE id = ?")
        .bind(request.order_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(match row {
        Some(row) => {
            GetOrderByIdResponse::Ok(serde_json::from_str::<Order>(row.get::<&str, _>(0))?)
        }
        None => GetOrderByIdResponse::NotFound,
    })
}

/// Deletes an order.
#[endpoint(deleteOrder)]
pub async fn delete_order(
    db: &Db,
    request: DeleteOrderRequest,
) -> Result<DeleteOrderResponse, Problem> {
    let deleted = sqlx::query("DELETE FROM orders WHERE id = ?")
        .bind(request.order_id)
        .execute(&db.pool)
        .await?;
    Ok(if deleted.rows_affected() == 0 {
        DeleteOrderResponse::NotFound
    } else {
        DeleteOrderResponse::Ok
    })
}
