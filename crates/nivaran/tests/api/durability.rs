//! Nothing acknowledged is lost, and nothing retried is doubled (issue 14): the real binary
//! filing at full speed from eight clients is killed with SIGKILL, started again, and checked.

use crate::helpers::*;
use nivaran::store::Store;
use nivaran_domain::ManualClock;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn start(dir: &std::path::Path, url: &str, port: u16) -> ChildGuard {
    ChildGuard(
        std::process::Command::new(env!("CARGO_BIN_EXE_nivaran"))
            .arg("--data-dir")
            .arg(dir)
            .args(["serve", "--port", &port.to_string(), "--no-workers"])
            .env("NIVARAN_DATABASE_URL", url)
            .env("NIVARAN_LOG", "error")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    )
}

async fn wait_until_up(client: &reqwest::Client, port: u16) {
    for _ in 0..200 {
        if client
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the service did not come up");
}

fn filing(n: u64) -> Value {
    let mut f = form();
    // A number of its own, so the monthly limit never refuses.
    f["mobile"] = json!(format!("9{:09}", 100_000_000 + n));
    f
}

#[tokio::test]
async fn a_killed_server_loses_no_acknowledged_filing_and_doubles_no_retried_one() {
    nivaran::install_tls_provider();
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path()).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = start(dir.path(), &database.url, port);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    wait_until_up(&client, port).await;
    // key → the number the server acknowledged; keys sent but never answered.
    let acknowledged: Arc<Mutex<BTreeMap<String, String>>> = Default::default();
    let unanswered: Arc<Mutex<Vec<(String, u64)>>> = Default::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut clients = Vec::new();
    for c in 0..8u64 {
        let (client, acknowledged, unanswered, stop) = (
            client.clone(),
            acknowledged.clone(),
            unanswered.clone(),
            stop.clone(),
        );
        clients.push(tokio::spawn(async move {
            let mut n = c * 1_000_000;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let key = format!("crash-{n}");
                let sent = client
                    .post(format!("http://127.0.0.1:{port}/api/v1/grievances"))
                    .header("idempotency-key", &key)
                    .json(&filing(n))
                    .send()
                    .await;
                let answer = match sent {
                    Ok(response) if response.status() == 201 => response.json::<Value>().await.ok(),
                    _ => None,
                };
                match answer {
                    Some(body) => {
                        acknowledged.lock().unwrap().insert(
                            key,
                            body["registration_number"].as_str().unwrap().to_string(),
                        );
                    }
                    None => {
                        unanswered.lock().unwrap().push((key, n));
                        break;
                    }
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // SIGKILL: no shutdown, no flush.
    server.0.kill().unwrap();
    server.0.wait().unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for c in clients {
        c.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let unanswered = unanswered.lock().unwrap().clone();
    assert!(
        acknowledged.len() > 20,
        "only {} filings before the kill",
        acknowledged.len()
    );

    let _restarted = start(dir.path(), &database.url, port);
    wait_until_up(&client, port).await;
    let store = Store::open(
        &database.url,
        Arc::new(ManualClock::new(START)),
        &dir.path().join("files"),
    )
    .await
    .unwrap();
    let stored: std::collections::HashSet<String> =
        sqlx::query_scalar("SELECT regno FROM grievances")
            .fetch_all(store.pool())
            .await
            .unwrap()
            .into_iter()
            .collect();
    let lost: Vec<&String> = acknowledged
        .values()
        .filter(|r| !stored.contains(*r))
        .collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    assert_eq!(store.verify_chains().await.unwrap().first_broken, None);
    // The clients whose answers were lost try again with their keys; one already-answered
    // filing is sent again too. None is filed twice.
    let mut retries: Vec<(String, u64)> = unanswered.clone();
    let (again_key, again_number) = acknowledged.iter().next().unwrap();
    let n: u64 = again_key.trim_start_matches("crash-").parse().unwrap();
    retries.push((again_key.clone(), n));
    for (key, n) in &retries {
        let response = client
            .post(format!("http://127.0.0.1:{port}/api/v1/grievances"))
            .header("idempotency-key", key)
            .json(&filing(*n))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.unwrap();
        if key == again_key {
            assert_eq!(body["registration_number"], again_number.as_str());
        }
    }
    let per_mobile: Vec<(String, i64)> = sqlx::query_as(
        "SELECT mobile, COUNT(*) FROM grievances GROUP BY mobile HAVING COUNT(*) > 1",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert!(per_mobile.is_empty(), "filed twice: {per_mobile:?}");
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grievances")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(total as usize, acknowledged.len() + unanswered.len());
    store.pool().close().await;
}
