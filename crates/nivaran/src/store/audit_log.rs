//! The whole log's running head (see migration 13): the worker appends every new event to
//! `log_entries` in batches, chaining each into the head, and records signed checkpoints of the
//! head. Verification walks the entries, checks each against its event and the chain, and the
//! heads against the checkpoints.
//!
//! Events are logged by the worker, not by the transaction that writes them, so filing pays
//! nothing for the log and cases are still written in parallel. On PostgreSQL an event can
//! commit after one with a higher id has been logged; the logger looks again over everything
//! above a low-water mark (ids below which all events are known to be logged, advanced only past
//! events older than a few minutes), and once an hour over everything (a long transaction, such
//! as a large historical import, may commit low ids long after), so a late event is logged
//! late, never skipped.

use super::sql::Sql;
use super::{Result, Store};
use nivaran_domain::chain::{LOG_GENESIS, log_head};
use serde::{Deserialize, Serialize};

const LOW_WATER: &str = "audit_log_low_water";
/// No transaction stays open this long (statement and pool timeouts are far shorter), so an
/// event older than this that is not in the log will never be: it was put in the database some
/// other way.
pub const SETTLED_MILLIS: i64 = 5 * 60_000;

/// A signed statement that the log's head at `pos` was `head` at time `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Checkpoint {
    pub pos: i64,
    pub head: String,
    pub at: i64,
    pub public_key: String,
    pub signature: String,
}

/// One entry of the log beside the event it names (absent if deleted).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LoggedEvent {
    pub pos: i64,
    pub event_id: i64,
    pub grievance_id: i64,
    pub event_hash: String,
    pub head: String,
    pub current_hash: Option<String>,
    pub at: Option<i64>,
    pub regno: Option<String>,
}

impl Store {
    /// The last entry of the log: its position and head (0 and the genesis when empty).
    pub async fn log_tip(&self) -> Result<(i64, String)> {
        let tip: Option<(i64, String)> =
            sqlx::query_as("SELECT pos, head FROM log_entries ORDER BY pos DESC LIMIT 1")
                .fetch_optional(self.pool())
                .await?;
        Ok(tip.unwrap_or((0, LOG_GENESIS.to_string())))
    }

    /// Appends up to `batch` events not yet logged to the log, in one transaction; returns how
    /// many. `everything`: look at all events, not only those above the low-water mark. Meant
    /// for one node at a time (the worker's `audit_log` job).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn extend_log(&self, batch: i64, everything: bool) -> Result<u64> {
        let now = self.now();
        let low: i64 = if everything {
            0
        } else {
            sqlx::query_scalar::<_, String>("SELECT value FROM settings WHERE name = $1")
                .bind(LOW_WATER)
                .fetch_optional(self.pool())
                .await?
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        let mut tx = self.begin_write().await?;
        let waiting: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT e.id, e.grievance_id, e.hash FROM events e WHERE e.id > $1 \
             AND NOT EXISTS (SELECT 1 FROM log_entries l WHERE l.event_id = e.id) \
             ORDER BY e.id LIMIT $2",
        )
        .bind(low)
        .bind(batch)
        .fetch_all(&mut *tx)
        .await?;
        let (mut pos, mut head) = {
            let tip: Option<(i64, String)> =
                sqlx::query_as("SELECT pos, head FROM log_entries ORDER BY pos DESC LIMIT 1")
                    .fetch_optional(&mut *tx)
                    .await?;
            tip.unwrap_or((0, LOG_GENESIS.to_string()))
        };
        for chunk in waiting.chunks(1000) {
            let mut sql = Sql::many(
                self.engine(),
                "INSERT INTO log_entries (pos, event_id, grievance_id, event_hash, head, logged_at) VALUES ",
            );
            for (i, (event_id, grievance_id, hash)) in chunk.iter().enumerate() {
                pos += 1;
                head = log_head(&head, pos, *event_id, *grievance_id, hash);
                sql.push(if i == 0 { "(" } else { ", (" });
                sql.bind(pos).push(", ");
                sql.bind(*event_id).push(", ");
                sql.bind(*grievance_id).push(", ");
                sql.bind(hash.clone()).push(", ");
                sql.bind(head.clone()).push(", ");
                sql.bind(now.0).push(")");
            }
            let (text, args) = sql.into_parts();
            sqlx::query_with(sqlx::AssertSqlSafe(text), args)
                .execute(&mut *tx)
                .await?;
        }
        if (waiting.len() as i64) < batch {
            // Caught up: every event committed by now is logged, so the mark may move past
            // every event old enough that no transaction can still be writing before it.
            let settled: Option<i64> =
                sqlx::query_scalar("SELECT MAX(id) FROM events WHERE at < $1")
                    .bind(now.0 - SETTLED_MILLIS)
                    .fetch_one(&mut *tx)
                    .await?;
            let logged_max = waiting.last().map(|w| w.0);
            let mark = match (settled, logged_max) {
                (Some(s), Some(l)) => s.min(l).max(low),
                (Some(s), None) => s.max(low),
                _ => low,
            };
            if mark > low && !everything {
                sqlx::query(
                    "INSERT INTO settings (name, value) VALUES ($1, $2) \
                     ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                )
                .bind(LOW_WATER)
                .bind(mark.to_string())
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(waiting.len() as u64)
    }

    /// Records a signed checkpoint.
    pub async fn add_checkpoint(&self, checkpoint: &Checkpoint) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_checkpoints (pos, head, at, public_key, signature) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(checkpoint.pos)
        .bind(checkpoint.head.clone())
        .bind(checkpoint.at)
        .bind(checkpoint.public_key.clone())
        .bind(checkpoint.signature.clone())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The latest checkpoints, newest first.
    pub async fn checkpoints(&self, limit: i64) -> Result<Vec<Checkpoint>> {
        Ok(sqlx::query_as(
            "SELECT pos, head, at, public_key, signature FROM audit_checkpoints ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// Entries after position `after`, each beside the event it names as it is now.
    pub async fn logged_events(&self, after: i64, limit: i64) -> Result<Vec<LoggedEvent>> {
        Ok(sqlx::query_as(
            "SELECT l.pos, l.event_id, l.grievance_id, l.event_hash, l.head, e.hash AS current_hash, \
             e.at, g.regno FROM log_entries l LEFT JOIN events e ON e.id = l.event_id \
             LEFT JOIN grievances g ON g.id = l.grievance_id WHERE l.pos > $1 ORDER BY l.pos LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }
}
