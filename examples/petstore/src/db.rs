//! The application state: a SQLite pool, created and migrated on first use.

use std::str::FromStr;

use sls_runtime::BoxError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

/// The database every handler shares.
#[derive(Debug, Clone)]
pub struct Db {
    /// The connection pool.
    pub pool: SqlitePool,
}

/// The database used when `DATABASE_URL` is not set: `data/petstore.db` inside the example.
pub fn default_url() -> String {
    format!("sqlite://{}/data/petstore.db", env!("CARGO_MANIFEST_DIR"))
}

impl Db {
    /// Opens (creating it if needed) the database named by `DATABASE_URL`, or the default one,
    /// and applies the migrations.
    pub async fn connect() -> Result<Db, BoxError> {
        let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| default_url());
        let options = SqliteConnectOptions::from_str(&url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true);
        let file = options.get_filename().to_owned();
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        tracing::info!(database = %file.display(), "database ready");
        Ok(Db { pool })
    }
}
