//! An optional read replica (issue 19): a PostgreSQL streaming standby named by
//! `[database] read_url`. Dashboards, reports, search, open data and exports read from it while
//! it is within `[database] replica_max_lag_seconds` of the primary; when it is further behind,
//! unreachable, or no longer a standby, they read from the primary until it is back in bound.
//! Everything else (writes, an officer's inbox, a case's page) always reads the primary, so what
//! a person has just done is what they see.

use super::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long one decision stands: the replica's lag is measured at most this often per node.
const DECIDED_FOR: Duration = Duration::from_secs(1);
/// A measurement taking longer than this finds the replica unreachable; reads go to the
/// primary, and the next measurement is a decision's time later, not after every read.
const MEASURED_WITHIN: Duration = Duration::from_millis(500);

/// Where the replica stands, as last measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReplicaState {
    /// Behind the primary by this many seconds (0 when it has replayed all the primary wrote).
    Behind(f64),
    /// It did not answer in time, or the server is not a standby (promoted, or misnamed).
    Unusable,
}

pub(super) struct Replica {
    pool: AnyPool,
    max_lag_ms: AtomicU64,
    /// The last decision and when it was made; one reader measures while the others wait on it
    /// (a measurement is two small statements).
    decision: tokio::sync::Mutex<Option<(Instant, ReplicaState)>>,
}

impl Replica {
    fn usable(&self, state: ReplicaState) -> bool {
        let bound = Duration::from_millis(self.max_lag_ms.load(Ordering::Relaxed)).as_secs_f64();
        matches!(state, ReplicaState::Behind(seconds) if seconds <= bound)
    }

    /// The replica's lag: none when it has replayed the primary's present write position,
    /// else the age of the last transaction it replayed (an upper bound of how stale it reads).
    async fn measure(&self, primary: &AnyPool) -> ReplicaState {
        let measured = async {
            let (position,): (String,) =
                sqlx::query_as("SELECT CAST(pg_current_wal_lsn() AS TEXT)")
                    .fetch_one(primary)
                    .await?;
            sqlx::query_as::<_, (Option<bool>, Option<f64>)>(
                "SELECT pg_last_wal_replay_lsn() >= CAST($1 AS pg_lsn), \
                 CAST(EXTRACT(EPOCH FROM (now() - pg_last_xact_replay_timestamp())) \
                 AS DOUBLE PRECISION)",
            )
            .bind(position)
            .fetch_one(&self.pool)
            .await
        };
        match tokio::time::timeout(MEASURED_WITHIN, measured).await {
            Ok(Ok((Some(true), _))) => ReplicaState::Behind(0.0),
            Ok(Ok((Some(false), Some(seconds)))) => ReplicaState::Behind(seconds.max(0.0)),
            // Behind, and nothing replayed since it started: how stale is unknown.
            Ok(Ok((Some(false), None))) => ReplicaState::Unusable,
            // Not in recovery: no longer (or never) a standby of this primary.
            Ok(Ok((None, _))) => ReplicaState::Unusable,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "the read replica did not answer; reading the primary");
                ReplicaState::Unusable
            }
            Err(_) => {
                tracing::warn!("the read replica did not answer in time; reading the primary");
                ReplicaState::Unusable
            }
        }
    }
}

impl Store {
    /// Sends dashboards, reports, search, open data and exports to the standby at `url` while it
    /// is at most `max_lag` behind. PostgreSQL only; refused when `url` is not a standby.
    pub async fn attach_replica(&self, url: &str, max_lag: Duration) -> Result<()> {
        if self.engine != Engine::Postgres || Engine::from_url(url) != Engine::Postgres {
            return Err(StoreError::Unsupported(msg!("store-replica-postgres-only")));
        }
        // Opened lazily: a replica down when the node starts is read from once it is back.
        let pool = self
            .pool_options(self.acquire_timeout)
            .connect_lazy_with(AnyConnectOptions::from_str(url)?);
        let standby = sqlx::query_as::<_, (bool,)>("SELECT pg_is_in_recovery()").fetch_one(&pool);
        match tokio::time::timeout(self.acquire_timeout, standby).await {
            Ok(Ok((true,))) => {}
            Ok(Ok((false,))) => {
                pool.close().await;
                return Err(StoreError::Unsupported(msg!("store-replica-not-a-standby")));
            }
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "the read replica does not answer; reading the primary until it does");
            }
            Err(_) => {
                tracing::warn!(
                    "the read replica does not answer; reading the primary until it does"
                );
            }
        }
        let replica = Replica {
            pool,
            max_lag_ms: AtomicU64::new(0),
            decision: tokio::sync::Mutex::new(None),
        };
        *self.replica.write().expect("replica lock") = Some(Arc::new(replica));
        self.set_replica_max_lag(max_lag);
        Ok(())
    }

    /// Changes how far behind the replica may be and still be read (decided anew at once).
    pub fn set_replica_max_lag(&self, max_lag: Duration) {
        if let Some(replica) = self.replica() {
            let ms = u64::try_from(max_lag.as_millis()).unwrap_or(u64::MAX);
            replica.max_lag_ms.store(ms, Ordering::Relaxed);
            if let Ok(mut decision) = replica.decision.try_lock() {
                *decision = None;
            }
        }
    }

    fn replica(&self) -> Option<Arc<Replica>> {
        self.replica.read().expect("replica lock").clone()
    }

    /// Where the replica stands (measured now if the last measurement is older than a second);
    /// `None` without a replica.
    pub async fn replica_state(&self) -> Option<ReplicaState> {
        let replica = self.replica()?;
        let mut decision = replica.decision.lock().await;
        if let Some((at, state)) = *decision
            && at.elapsed() < DECIDED_FOR
        {
            return Some(state);
        }
        let state = replica.measure(&self.pool).await;
        *decision = Some((Instant::now(), state));
        let m = &self.metrics;
        m.replica_lag_seconds.set(match state {
            ReplicaState::Behind(seconds) => seconds,
            ReplicaState::Unusable => -1.0,
        });
        m.replica_in_use.set(i64::from(replica.usable(state)));
        Some(state)
    }

    /// What `/readyz` says of the replica: `ok` (read), `behind` (beyond the bound) or
    /// `unavailable`; `None` without one. The node stays ready either way: it reads the primary.
    pub async fn replica_check(&self) -> Option<&'static str> {
        let replica = self.replica()?;
        Some(match self.replica_state().await? {
            state if replica.usable(state) => "ok",
            ReplicaState::Behind(_) => "behind",
            ReplicaState::Unusable => "unavailable",
        })
    }

    /// The pool a figure, a search or an export reads from: the replica while it is in bound,
    /// else the primary.
    pub(crate) async fn figures_pool(&self) -> AnyPool {
        if let Some(replica) = self.replica()
            && let Some(state) = self.replica_state().await
            && replica.usable(state)
        {
            return replica.pool.clone();
        }
        self.pool.clone()
    }
}
