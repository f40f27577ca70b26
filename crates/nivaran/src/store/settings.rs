//! Settings every node shares (the signing key of the web pages, the master-data version) and the
//! administration log: every change made outside a case, by whom and when.

use super::users::Actor;
use super::{Result, Store};
use nivaran_domain::Timestamp;
use rand::RngCore;
use serde::Serialize;
use sqlx::AnyConnection;

const SECRET: &str = "web_secret";
const MASTER_VERSION: &str = "master_version";

/// One entry of the administration log.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AdminLogEntry {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub details: String,
}

impl Store {
    /// The key that signs cookies and links of the web pages: made once, at random, by whichever
    /// node starts first, and shared by all nodes through the database.
    pub async fn web_secret(&self) -> Result<Vec<u8>> {
        let mut fresh = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut fresh);
        sqlx::query(
            "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(SECRET)
        .bind(hex::encode(fresh))
        .execute(self.pool())
        .await?;
        let stored: String = sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
            .bind(SECRET)
            .fetch_one(self.pool())
            .await?;
        Ok(hex::decode(stored.trim()).unwrap_or_else(|_| stored.into_bytes()))
    }

    /// The version of the master data in the database; it goes up with every change made through
    /// the administration pages, so other nodes know to reload.
    /// The value of setting `name`, which becomes `value` if it had none: the first node to
    /// ask sets it for all.
    pub async fn claim_setting(&self, name: &str, value: &str) -> Result<String> {
        sqlx::query(
            "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name.to_string())
        .bind(value.to_string())
        .execute(self.pool())
        .await?;
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
                .bind(name.to_string())
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// Sets setting `name` to `value`.
    pub async fn put_setting(&self, name: &str, value: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO settings (name, value) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .bind(name.to_string())
        .bind(value.to_string())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn master_version(&self) -> Result<i64> {
        let value: Option<String> =
            sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
                .bind(MASTER_VERSION)
                .fetch_optional(self.pool())
                .await?;
        Ok(value.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// Reloads master data when another node changed it. Returns true when it reloaded.
    pub async fn reload_master_if_changed(&self, seen: &mut i64) -> Result<bool> {
        let version = self.master_version().await?;
        if version == *seen {
            return Ok(false);
        }
        self.reload_master().await?;
        *seen = version;
        Ok(true)
    }

    /// Records the user's choice of language for the screens.
    pub async fn set_user_language(&self, user_id: i64, language: &str) -> Result<()> {
        sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
            .bind(language.to_string())
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The latest entries of the administration log, newest first.
    pub async fn admin_log(&self, limit: i64) -> Result<Vec<AdminLogEntry>> {
        Ok(sqlx::query_as(
            "SELECT id, at, actor, action, object, details FROM admin_log ORDER BY id DESC LIMIT $1",
        )
        .bind(limit.clamp(1, 1000))
        .fetch_all(self.pool())
        .await?)
    }

    /// Records an administrative change outside a transaction of its own.
    pub async fn log_admin(
        &self,
        actor: &Actor,
        action: &str,
        object: &str,
        details: serde_json::Value,
    ) -> Result<()> {
        let mut conn = self.pool().acquire().await?;
        log_admin(&mut conn, actor, self.now(), action, object, &details).await
    }
}

/// Records an administrative change in the caller's transaction, so the change and its record
/// stand or fall together.
pub(super) async fn log_admin(
    conn: &mut AnyConnection,
    actor: &Actor,
    at: Timestamp,
    action: &str,
    object: &str,
    details: &serde_json::Value,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO admin_log (at, actor_user_id, actor, action, object, details) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(at.0)
    .bind(actor.user_id)
    .bind(actor.label.clone())
    .bind(action.to_string())
    .bind(object.to_string())
    .bind(details.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// An officer's or supervisor's account changed: the names lists and figures give holders
    /// are master data's (`MasterData::people`), here and on every other node.
    pub(super) async fn people_changed(&self) -> Result<()> {
        bump_master_version(&mut *self.pool().acquire().await?).await?;
        self.reload_master().await
    }
}

/// Moves the master-data version on, in the transaction that changed master data.
pub(super) async fn bump_master_version(conn: &mut AnyConnection) -> Result<()> {
    sqlx::query(
        "INSERT INTO settings (name, value) VALUES ($1, '1') ON CONFLICT (name) \
         DO UPDATE SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT)",
    )
    .bind(MASTER_VERSION)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
