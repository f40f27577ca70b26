//! Failing fast and saying so (issue 19): with its database away a node answers 503 with
//! `Retry-After` within seconds, `/readyz` says what is wrong within one, and the node recovers
//! by itself when the database returns.

use crate::helpers::*;
use crate::own_postgres::OwnPostgres;
use nivaran::store::Store;
use nivaran_domain::ManualClock;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};

async fn ready(client: &reqwest::Client, address: &str) -> (u16, Option<String>, Value) {
    let response = client
        .get(format!("{address}/readyz"))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let retry = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (status, retry, response.json().await.unwrap())
}

async fn file(client: &reqwest::Client, address: &str, mobile: &str) -> reqwest::Response {
    let mut f = form();
    f["mobile"] = json!(mobile);
    client
        .post(format!("{address}/api/v1/grievances"))
        .json(&f)
        .send()
        .await
        .unwrap()
}

/// Answered 503 `database_unavailable` with `Retry-After`, within `bound` of `started`.
async fn unavailable_within(response: reqwest::Response, started: Instant, bound: Duration) {
    let took = started.elapsed();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "5");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "database_unavailable", "{body}");
    assert!(took < bound, "answered after {took:?}");
}

#[tokio::test]
async fn with_its_postgresql_away_a_node_answers_503_at_once_and_recovers_when_it_returns() {
    // The suite's PostgreSQL pass only: the test stops and starts a server of its own.
    if postgres_admin_url().is_none() {
        return;
    }
    let postgres = OwnPostgres::start();
    let files = tempfile::tempdir().unwrap();
    build_template_into(&postgres.url(), files.path()).await;
    // As `serve` opens it: a connection waited for 2 s, a statement bounded to 2 s.
    let store = Arc::new(
        Store::open_with(
            &postgres.url(),
            Arc::new(ManualClock::new(START)),
            files.path(),
            Duration::from_secs(2),
        )
        .await
        .unwrap(),
    );
    store.bound_statements(Duration::from_secs(2));
    // Every connection, those open and those opened later, has the bound.
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut conn = store.pool().acquire().await.unwrap();
        let bound: String = sqlx::query_scalar("SHOW statement_timeout")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(bound, "2s");
        held.push(conn);
    }
    drop(held);
    let address = start_server(store.clone(), Default::default()).await;
    let client = reqwest::Client::new();
    assert_eq!(ready(&client, &address).await.0, 200);
    let filed = file(&client, &address, "9812000001").await;
    assert_eq!(filed.status(), 201);
    let regno = filed.json::<Value>().await.unwrap()["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let token = login_at(&client, &address, "admin").await;

    // A table locked by someone else: the statement gives up at its bound.
    let mut locker = <sqlx::AnyConnection as sqlx::Connection>::connect(&postgres.url())
        .await
        .unwrap();
    sqlx::raw_sql("BEGIN; LOCK TABLE grievances IN ACCESS EXCLUSIVE MODE")
        .execute(&mut locker)
        .await
        .unwrap();
    let started = Instant::now();
    let response = file(&client, &address, "9812000002").await;
    unavailable_within(response, started, Duration::from_secs(8)).await;
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut locker)
        .await
        .unwrap();
    drop(locker);
    assert_eq!(file(&client, &address, "9812000003").await.status(), 201);

    // The server gone: readiness says so within a second, and so do filings (several at once,
    // as a group) and reads, within the acquire bound.
    postgres.stop();
    let started = Instant::now();
    let (status, retry, body) = ready(&client, &address).await;
    assert!(
        started.elapsed() < Duration::from_millis(1800),
        "{:?}",
        started.elapsed()
    );
    assert_eq!((status, retry.as_deref()), (503, Some("5")));
    assert_eq!(body["checks"]["database"], "unavailable");
    assert_eq!(body["checks"]["files"], "ok");
    let started = Instant::now();
    let mobiles: Vec<String> = (0..6).map(|i| format!("981200010{i}")).collect();
    let filings: Vec<_> = mobiles
        .iter()
        .map(|mobile| file(&client, &address, mobile))
        .collect();
    for response in futures_util::future::join_all(filings).await {
        unavailable_within(response, started, Duration::from_secs(8)).await;
    }
    let started = Instant::now();
    let response = client
        .get(format!("{address}/api/v1/grievances/{regno}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    unavailable_within(response, started, Duration::from_secs(5)).await;

    // Back: the node recovers by itself, and nothing needs restarting.
    postgres.start_again();
    let deadline = Instant::now() + Duration::from_secs(20);
    while ready(&client, &address).await.0 != 200 {
        assert!(
            Instant::now() < deadline,
            "not ready 20 s after the database returned"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(file(&client, &address, "9812000004").await.status(), 201);
    store.pool().close().await;
}

#[tokio::test]
async fn readiness_covers_the_worker_and_the_sqlite_file() {
    let app = spawn_app().await;
    let (status, _, body) = ready(&app.client, &app.address).await;
    assert_eq!(status, 200);
    assert_eq!(body["checks"]["worker"], "not_run_here");
    // A worker that stops coming round makes the node unready; coming round, ready again.
    app.store.worker_started(Duration::from_millis(300));
    assert_eq!(
        ready(&app.client, &app.address).await.2["checks"]["worker"],
        "ok"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (status, retry, body) = ready(&app.client, &app.address).await;
    assert_eq!((status, retry.as_deref()), (503, Some("5")));
    assert_eq!(body["checks"]["worker"], "stalled");
    assert_eq!(body["checks"]["database"], "ok");
    app.store.worker_beat();
    assert_eq!(ready(&app.client, &app.address).await.0, 200);

    // SQLite: the database file moved away under the running node (its connections would
    // still answer from the open file).
    if app.store.engine() == nivaran::store::Engine::Sqlite {
        let path = app
            .database_url
            .trim_start_matches("sqlite://")
            .split('?')
            .next()
            .unwrap()
            .to_string();
        let aside = format!("{path}.aside");
        std::fs::rename(&path, &aside).unwrap();
        let (status, _, body) = ready(&app.client, &app.address).await;
        std::fs::rename(&aside, &path).unwrap();
        assert_eq!(status, 503);
        assert_eq!(body["checks"]["database"], "unavailable");
        assert_eq!(ready(&app.client, &app.address).await.0, 200);
    }
}
