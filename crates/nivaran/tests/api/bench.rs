//! The benchmark harness in miniature, so it cannot rot: a few thousand generated cases, a few
//! seconds of every scenario of the load generator, and a timed sweep. The real runs are
//! commands in BENCHMARKS.md.

use crate::helpers::{PASSWORD, spawn_app};
use nivaran_bench::generate::{GenerateOptions, Profile, generate};
use nivaran_bench::load::{self, LoadOptions};
use std::time::Duration;
use time::macros::date;

fn options(count: u64, profile: Profile) -> GenerateOptions {
    GenerateOptions {
        count,
        seed: 7,
        batch: 500,
        profile,
        until: Some(date!(2026 - 11 - 23)),
    }
}

/// Every case in the order written: its number, status, version and the head of its chain.
async fn fingerprint(app: &crate::helpers::TestApp) -> Vec<(String, String, i64, String)> {
    sqlx::query_as(
        "SELECT g.regno, g.status, g.version, e.hash FROM grievances g JOIN events e ON e.grievance_id = g.id \
         AND e.seq = (SELECT MAX(seq) FROM events WHERE grievance_id = g.id) ORDER BY g.id",
    )
    .fetch_all(app.store.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn a_generated_year_is_valid_reproducible_and_served_under_load() {
    let app = spawn_app().await;
    let report = generate(&app.store, &options(3000, Profile::Year), |_| {})
        .await
        .unwrap();
    assert_eq!(report.grievances, 3000);
    // Histories of five to fifteen steps on average, and some still open.
    let per_case = report.events as f64 / report.grievances as f64;
    assert!((5.0..=15.0).contains(&per_case), "{per_case} events a case");
    assert!(
        report.open > 0 && report.open < 3000,
        "{} open",
        report.open
    );
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);
    // The same seed and day give the same cases, events and chains.
    let again = spawn_app().await;
    generate(&again.store, &options(3000, Profile::Year), |_| {})
        .await
        .unwrap();
    assert_eq!(fingerprint(&app).await, fingerprint(&again).await);

    let run = load::run(&LoadOptions {
        url: app.address.clone(),
        concurrency: 4,
        duration: Duration::from_secs(2),
        warmup: Duration::from_millis(200),
        mix: load::parse_mix("file:3,inbox:2,case:2,act:1,search:1,track:1").unwrap(),
        password: PASSWORD.into(),
        server_pid: Some(std::process::id()),
        seed: 1,
    })
    .await
    .unwrap();
    assert_eq!(run.results.len(), 6, "{}", load::table(&run));
    for result in &run.results {
        assert!(result.requests > 0, "{}", load::table(&run));
        assert_eq!(result.errors, 0, "{}", load::table(&run));
        assert!(result.p50_ms <= result.p99_ms && result.p99_ms <= result.max_ms);
    }
    assert!(run.server_peak_rss_mb.unwrap() > 0.0);
    let json = serde_json::to_value(&run).unwrap();
    assert!(json["results"][0]["p99_ms"].is_number());

    // The reviewers' scenarios, apart: a PDF takes a while in a debug build.
    let run = load::run(&LoadOptions {
        url: app.address.clone(),
        concurrency: 3,
        duration: Duration::from_secs(4),
        warmup: Duration::from_millis(100),
        mix: load::parse_mix("dashboard_district:1,dashboard_state:1,report_pdf:1").unwrap(),
        password: PASSWORD.into(),
        server_pid: Some(std::process::id()),
        seed: 2,
    })
    .await
    .unwrap();
    assert_eq!(run.results.len(), 3, "{}", load::table(&run));
    for result in &run.results {
        assert!(result.requests > 0, "{}", load::table(&run));
        assert_eq!(result.errors, 0, "{}", load::table(&run));
    }
}

#[tokio::test]
async fn the_sweep_benchmark_escalates_each_due_case_once() {
    let app = spawn_app().await;
    generate(
        &app.store,
        &options(600, Profile::Sweep { due: 150 }),
        |_| {},
    )
    .await
    .unwrap();
    let report = nivaran_bench::sweep(&app.store).await.unwrap();
    assert_eq!(report.open_cases, 600);
    assert_eq!(report.due_to_escalate, 150);
    assert_eq!(
        (report.first_escalations, report.second_escalations),
        (150, 0)
    );
    assert_eq!(report.most_escalations_per_case, 1);
}

#[test]
fn a_bad_mix_is_refused_with_the_reason() {
    assert!(
        load::parse_mix("file:2,teleport:1")
            .unwrap_err()
            .contains("teleport")
    );
    assert!(
        load::parse_mix("file:x")
            .unwrap_err()
            .contains("whole number")
    );
    assert_eq!(load::parse_mix("case").unwrap().len(), 1);
}
