//! The benchmark harness (`nivaran bench …`): a dataset generator at a state's scale, an HTTP
//! load generator, and a timed deadline sweep. Results and how to reproduce them: BENCHMARKS.md.

pub mod delivery;
pub mod generate;
pub mod load;
mod shape;

use nivaran::store::Store;
use serde::Serialize;

/// What a timed deadline sweep did, twice: the second must find nothing left to escalate.
#[derive(Debug, Clone, Serialize)]
pub struct SweepBench {
    pub open_cases: i64,
    pub due_to_escalate: i64,
    pub first_seconds: f64,
    pub first_escalations: usize,
    pub first: nivaran::store::SweepReport,
    pub second_seconds: f64,
    pub second_escalations: usize,
    pub second: nivaran::store::SweepReport,
    /// The most escalation events any one case got in the sweeps (1 means exactly once).
    pub most_escalations_per_case: i64,
}

/// Runs the deadline sweep over whatever the database holds, twice, timing each.
pub async fn sweep(store: &Store) -> Result<SweepBench, String> {
    let policy = nivaran::store::DeadlinePolicy::default();
    let open_cases = store.count_open().await.map_err(|e| e.to_string())?;
    let due_to_escalate = store
        .count_past_due_on_level_one()
        .await
        .map_err(|e| e.to_string())?;
    let before = store.now();
    let started = std::time::Instant::now();
    let first = store
        .run_deadline_sweep(&policy)
        .await
        .map_err(|e| e.to_string())?;
    let first_seconds = started.elapsed().as_secs_f64();
    let started = std::time::Instant::now();
    let second = store
        .run_deadline_sweep(&policy)
        .await
        .map_err(|e| e.to_string())?;
    let second_seconds = started.elapsed().as_secs_f64();
    let most = store
        .most_escalations_since(before)
        .await
        .map_err(|e| e.to_string())?;
    Ok(SweepBench {
        open_cases,
        due_to_escalate,
        first_seconds,
        first_escalations: first.escalations,
        first,
        second_seconds,
        second_escalations: second.escalations,
        second,
        most_escalations_per_case: most,
    })
}
