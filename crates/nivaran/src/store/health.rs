//! How the store answers for its health (issue 19): the bound on each statement a served
//! request or job runs, this node's worker heartbeat, and the database check of `/readyz`.

use super::{Engine, Store};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

/// What a connection is told as it opens beyond the engine's fixed settings, changeable while
/// the store is open: the bulk importer widens SQLite's page cache; `serve` bounds statements.
/// A connection opened before the last change is not used again (see [`SessionBounds::current`]):
/// telling the idle ones at the change would miss those on their way back to the pool.
pub(super) struct SessionBounds {
    /// SQLite's page cache per connection in KiB (0: SQLite's default of 2 MB).
    pub page_cache_kib: AtomicI64,
    /// PostgreSQL's `statement_timeout` in milliseconds (0: none, as for the command-line
    /// tools and the migrations, which may rebuild an index over millions of rows).
    pub statement_ms: AtomicI64,
    base: Instant,
    /// Milliseconds after `base` of the last change; -1 before any.
    changed_ms: AtomicI64,
}

impl Default for SessionBounds {
    fn default() -> Self {
        SessionBounds {
            page_cache_kib: AtomicI64::new(0),
            statement_ms: AtomicI64::new(0),
            base: Instant::now(),
            changed_ms: AtomicI64::new(-1),
        }
    }
}

impl SessionBounds {
    /// Marks a change: connections opened before now are closed instead of being used.
    pub fn changed(&self) {
        let now = i64::try_from(self.base.elapsed().as_millis()).unwrap_or(i64::MAX);
        self.changed_ms.store(now, Ordering::Release);
    }

    /// Whether a connection opened `age` ago was told the current settings (it was opened
    /// after the last change; within the same millisecond counts as before, to be safe).
    pub fn current(&self, age: Duration) -> bool {
        let changed = self.changed_ms.load(Ordering::Acquire);
        if changed < 0 {
            return true;
        }
        let opened = self
            .base
            .elapsed()
            .checked_sub(age)
            .map_or(-1, |at| i64::try_from(at.as_millis()).unwrap_or(i64::MAX));
        opened > changed
    }
}

/// Where this node's worker is: never started here, or when its loop last came round (on the
/// machine's monotonic clock, not the store's, which tests move by days).
pub(super) struct Heartbeat {
    started: Instant,
    /// Milliseconds after `started` of the last beat; -1 before the first.
    last_ms: AtomicI64,
    /// How long the loop may take to come round (`[worker] stall_seconds`).
    bound_ms: AtomicI64,
}

impl Default for Heartbeat {
    fn default() -> Self {
        Heartbeat {
            started: Instant::now(),
            last_ms: AtomicI64::new(-1),
            bound_ms: AtomicI64::new(i64::MAX),
        }
    }
}

impl Heartbeat {
    fn elapsed_ms(&self) -> i64 {
        i64::try_from(self.started.elapsed().as_millis()).unwrap_or(i64::MAX)
    }
}

/// What `/readyz` says of this node's worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerHealth {
    /// The worker's loop came round within its bound.
    Ok,
    /// This node runs no worker (`serve --no-workers`): nothing to check.
    NotRunHere,
    /// The loop has not come round for longer than its bound.
    Stalled,
}

impl WorkerHealth {
    pub fn word(self) -> &'static str {
        match self {
            WorkerHealth::Ok => "ok",
            WorkerHealth::NotRunHere => "not_run_here",
            WorkerHealth::Stalled => "stalled",
        }
    }
}

/// The SQLite database file a URL names (`sqlite://path?mode=rwc`), none for an in-memory one.
pub(super) fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or(url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

impl Store {
    /// Bounds each statement of this store's connections to `limit` from now on (PostgreSQL;
    /// SQLite runs in the process and has no server to wait on). A statement past it fails,
    /// and its request is answered 503.
    pub fn bound_statements(&self, limit: Duration) {
        if self.engine != Engine::Postgres {
            return;
        }
        let ms = i64::try_from(limit.as_millis()).unwrap_or(i64::MAX);
        self.session.statement_ms.store(ms, Ordering::Relaxed);
        self.session.changed();
    }

    /// This node runs a worker, whose loop comes round within `bound` unless stalled.
    pub fn worker_started(&self, bound: Duration) {
        let bound = i64::try_from(bound.as_millis()).unwrap_or(i64::MAX);
        self.heartbeat.bound_ms.store(bound, Ordering::Relaxed);
        self.worker_beat();
    }

    /// The worker's loop came round (see [`Store::worker_health`]).
    pub fn worker_beat(&self) {
        let beat = &self.heartbeat;
        beat.last_ms.store(beat.elapsed_ms(), Ordering::Relaxed);
    }

    /// Whether this node's worker is alive: its loop came round within its bound.
    pub fn worker_health(&self) -> WorkerHealth {
        let beat = &self.heartbeat;
        let last = beat.last_ms.load(Ordering::Relaxed);
        if last < 0 {
            return WorkerHealth::NotRunHere;
        }
        if beat.elapsed_ms() - last > beat.bound_ms.load(Ordering::Relaxed) {
            WorkerHealth::Stalled
        } else {
            WorkerHealth::Ok
        }
    }

    /// The database answers a read of its own tables; on SQLite the file is also still where
    /// it was opened (a connection keeps a deleted or moved file open and would answer from it).
    pub async fn ping(&self) -> bool {
        if let Some(path) = &self.sqlite_file
            && !file_present(path).await
        {
            return false;
        }
        sqlx::query("SELECT COUNT(*) FROM nivaran_migrations")
            .execute(&self.pool)
            .await
            .is_ok()
    }
}

impl Store {
    /// The node's metrics (see [`crate::metrics`]).
    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.metrics
    }

    /// Refreshes the metrics read at each scrape: the pool, the worker's heartbeat, and from the
    /// database (each read bounded, so a scrape answers while the database is away) the outbox's
    /// unsent messages, the jobs' last runs, and the open and overdue cases (counted at most once
    /// a minute: on a large register the count costs tens of milliseconds).
    pub async fn refresh_metrics(&self) {
        let m = &self.metrics;
        let size = i64::from(self.pool.size());
        let idle = i64::try_from(self.pool.num_idle()).unwrap_or(0);
        for (state, n) in [("in_use", size - idle), ("idle", idle)] {
            m.pool_connections
                .get_or_create(&crate::metrics::PoolLabels {
                    state: state.to_string(),
                })
                .set(n);
        }
        m.pool_max.set(i64::from(self.engine.pool_size()));
        let beat = &self.heartbeat;
        let last = beat.last_ms.load(Ordering::Relaxed);
        m.worker_heartbeat_age.set(if last < 0 {
            -1.0
        } else {
            (beat.elapsed_ms() - last) as f64 / 1000.0
        });
        // Measured now, if not within the last second (the gauges are set as it is measured).
        self.replica_state().await;
        let read = tokio::time::timeout(Duration::from_secs(2), self.read_metrics());
        let up = matches!(read.await, Ok(Ok(())));
        m.database_up.set(i64::from(up));
    }

    async fn read_metrics(&self) -> super::Result<()> {
        let m = &self.metrics;
        let unsent: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT status, channel, COUNT(*) FROM outbox WHERE status <> 'sent' \
             GROUP BY status, channel",
        )
        .fetch_all(&self.pool)
        .await?;
        m.outbox_messages.clear();
        for (status, channel, n) in unsent {
            m.outbox_messages
                .get_or_create(&crate::metrics::OutboxLabels { status, channel })
                .set(n);
        }
        let jobs: Vec<(String, Option<i64>)> =
            sqlx::query_as("SELECT name, last_finished_at FROM jobs")
                .fetch_all(&self.pool)
                .await?;
        for (job, finished) in jobs {
            if let Some(at) = finished {
                m.job_last_finished
                    .get_or_create(&crate::metrics::JobLabels { job })
                    .set(at as f64 / 1000.0);
            }
        }
        let due = m
            .cases_counted
            .lock()
            .map(|at| at.is_none_or(|at| at.elapsed() >= Duration::from_secs(60)))
            .unwrap_or(true);
        if due {
            let (open, overdue): (i64, Option<i64>) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*), SUM(CASE WHEN status <> {paused} AND due_at < $1 THEN 1 ELSE 0 END) \
                 FROM grievances WHERE status NOT IN ('disposed', 'closed')",
                paused = super::PAUSED_STATUS
            )))
            .bind(self.now().0)
            .fetch_one(&self.pool)
            .await?;
            m.cases_open.set(open);
            m.cases_overdue.set(overdue.unwrap_or(0));
            if let Ok(mut at) = m.cases_counted.lock() {
                *at = Some(Instant::now());
            }
        }
        Ok(())
    }
}

async fn file_present(path: &Path) -> bool {
    tokio::fs::metadata(path)
        .await
        .is_ok_and(|m| m.is_file() && !m.permissions().readonly())
}

#[cfg(test)]
mod tests {
    use super::sqlite_file;
    use std::path::PathBuf;

    #[test]
    fn the_sqlite_file_is_read_from_the_url() {
        assert_eq!(
            sqlite_file("sqlite:///var/lib/nivaran/nivaran.db?mode=rwc"),
            Some(PathBuf::from("/var/lib/nivaran/nivaran.db"))
        );
        assert_eq!(
            sqlite_file("sqlite://data/n.db"),
            Some(PathBuf::from("data/n.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://db/nivaran"), None);
    }
}
