//! Several workers against one database: every escalation happens once.

use crate::helpers::*;
use nivaran::store::{DeadlinePolicy, Store};
use std::process::Command;

/// Historical cases filed long ago and still open: every one of them is overdue today.
fn history(count: usize) -> String {
    (0..count)
        .map(|i| {
            let mut c = form();
            c["legacy_number"] = serde_json::json!(format!("CMW/2024/{i:04}"));
            c["filed_at"] = serde_json::json!("2024-03-04T11:00:00+05:30");
            c["events"] = serde_json::json!([]);
            c.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

async fn escalation_counts(store: &Store) -> (i64, i64) {
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE action = 'escalate'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let cases: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT grievance_id) FROM events WHERE action = 'escalate'",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    (events, cases)
}

#[tokio::test]
async fn two_nodes_sweeping_at_the_same_moment_escalate_each_case_once() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.jsonl");
    std::fs::write(&file, history(60)).unwrap();
    app.store.import_grievances(&file).await.unwrap();
    // A second node: its own pool on the same database, the same clock.
    let url = app.database_url.clone();
    let other = Store::open(&url, app.clock.clone(), &dir.path().join("files"))
        .await
        .unwrap();
    let policy = DeadlinePolicy::default();
    let (a, b) = tokio::join!(
        app.store.run_deadline_sweep(&policy),
        other.run_deadline_sweep(&policy)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.escalations + b.escalations, 60, "{a:?} {b:?}");
    assert_eq!(escalation_counts(&app.store).await, (60, 60));
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);
}

#[tokio::test]
async fn two_worker_processes_share_the_sweep_and_escalate_each_case_once() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.jsonl");
    std::fs::write(&file, history(40)).unwrap();
    app.store.import_grievances(&file).await.unwrap();
    let spawn = |name: &str| {
        let data = dir.path().join(name);
        std::fs::create_dir_all(&data).unwrap();
        Command::new(env!("CARGO_BIN_EXE_nivaran"))
            .args(["--data-dir", data.to_str().unwrap(), "worker", "--once"])
            .env("NIVARAN_DATABASE_URL", &app.database_url)
            .env("NIVARAN_LOG", "warn")
            .spawn()
            .unwrap()
    };
    let (mut first, mut second) = (spawn("node-a"), spawn("node-b"));
    assert!(first.wait().unwrap().success());
    assert!(second.wait().unwrap().success());
    // The workers run on the real clock, years after these cases were due.
    assert_eq!(escalation_counts(&app.store).await, (40, 40));
    let runs: i64 = sqlx::query_scalar("SELECT runs FROM jobs WHERE name = 'deadline_sweep'")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(runs, 1, "the sweep job is held by one node at a time");
}

#[tokio::test]
async fn a_crashed_nodes_leases_run_out_and_another_node_takes_over() {
    let app = spawn_app().await;
    app.file_default().await;
    // Node A claims the registration SMS and the sweep job, then dies without finishing either.
    assert_eq!(
        app.store
            .claim_outbox("node-a", "sms", 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        app.store
            .claim_job("deadline_sweep", "node-a", 60_000)
            .await
            .unwrap()
    );
    // While the leases hold, node B gets nothing.
    assert!(
        app.store
            .claim_outbox("node-b", "sms", 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        !app.store
            .claim_job("deadline_sweep", "node-b", 60_000)
            .await
            .unwrap()
    );
    // When they run out, node B takes over.
    app.clock.advance_millis(61_000);
    assert_eq!(
        app.store
            .claim_outbox("node-b", "sms", 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        app.store
            .claim_job("deadline_sweep", "node-b", 60_000)
            .await
            .unwrap()
    );
    // Finished, the job is not due again until its interval has passed.
    app.store
        .finish_job("deadline_sweep", "node-b", 15 * 60_000, None)
        .await
        .unwrap();
    assert!(
        !app.store
            .claim_job("deadline_sweep", "node-a", 60_000)
            .await
            .unwrap()
    );
    app.clock.advance_millis(15 * 60_000);
    assert!(
        app.store
            .claim_job("deadline_sweep", "node-a", 60_000)
            .await
            .unwrap()
    );
}
