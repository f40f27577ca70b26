//! Several `nivaran serve` nodes on one PostgreSQL (issue 19): whichever node a request reaches,
//! the same answer; a session made on one holds on the others; master data edited on one is
//! seen on the others within seconds; each message is delivered once by all their workers.

use crate::helpers::*;
use crate::web_client::WebClient;
use serde_json::{Value, json};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// Three serve processes with their workers, killed when dropped.
struct Nodes {
    children: Vec<Child>,
    urls: Vec<String>,
    dirs: Vec<tempfile::TempDir>,
}

impl Drop for Nodes {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

async fn start_nodes(database_url: &str, count: usize) -> Nodes {
    let mut nodes = Nodes {
        children: Vec::new(),
        urls: Vec::new(),
        dirs: Vec::new(),
    };
    for _ in 0..count {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_nivaran"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(["serve", "--port", &port.to_string()])
            .env("NIVARAN_DATABASE_URL", database_url)
            .env("NIVARAN_LOG", "warn")
            // Every setting from the environment, as a container platform gives them.
            .env("NIVARAN_WORKER__POLL_SECONDS", "1")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        nodes.children.push(child);
        nodes.urls.push(format!("http://127.0.0.1:{port}"));
        nodes.dirs.push(dir);
    }
    let client = reqwest::Client::new();
    for url in &nodes.urls {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !client
            .get(format!("{url}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            assert!(Instant::now() < deadline, "{url} did not come up");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    nodes
}

#[tokio::test]
async fn three_nodes_on_one_postgresql_serve_as_one() {
    // PostgreSQL is the engine for several nodes (docs/DEPLOYMENT.md).
    if postgres_admin_url().is_none() {
        return;
    }
    let app = spawn_app().await;
    let nodes = start_nodes(&app.database_url, 3).await;
    let (a, b, c) = (&nodes.urls[0], &nodes.urls[1], &nodes.urls[2]);
    let client = reqwest::Client::new();

    // A token made on one node works on the others; a case filed on one is acted on through
    // another and read on the third.
    let officer = login_at(&client, a, "officer.phed.rewari.block").await;
    let filed: Value = client
        .post(format!("{b}/api/v1/grievances"))
        .json(&form())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let regno = filed["registration_number"].as_str().unwrap().to_string();
    let accepted = client
        .post(format!("{c}/api/v1/grievances/{regno}/actions"))
        .bearer_auth(&officer)
        .json(&json!({"action": "accept"}))
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 200, "{}", accepted.text().await.unwrap());
    let seen: Value = client
        .get(format!("{a}/api/v1/grievances/{regno}"))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen["grievance"]["status"], "in_progress", "{seen}");
    assert_eq!(seen["timeline"][2]["action"], "accept");

    // A web session made on one node holds on another, its CSRF token with it.
    let mut web = WebClient::new(&app);
    web.base = a.clone();
    web.login("admin").await;
    web.base = b.clone();
    let page = web.get("/admin/categories?department=PHED").await;
    assert_eq!(page.status, 200, "signed in on another node");

    // Master data edited through one node reaches the others within 5 seconds.
    let saved = web
        .post(
            "/admin/categories",
            &[
                ("code", "PHED-WS-TANKER"),
                ("department_code", "PHED"),
                ("kind", "demand"),
                ("name_en", "Water tanker needed"),
                ("name_hi", "पानी का टैंकर चाहिए"),
                ("deadline_days", "3"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let saved_at = Instant::now();
    for node in [a, c] {
        loop {
            let categories = client
                .get(format!("{node}/api/v1/categories?department=PHED"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            if categories.contains("PHED-WS-TANKER") {
                break;
            }
            assert!(
                saved_at.elapsed() < Duration::from_secs(5),
                "{node} did not see the new category within 5 s"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let mut f = form();
    f["category"] = json!("PHED-WS-TANKER");
    f["mobile"] = json!("9812000777");
    let tanker = client
        .post(format!("{c}/api/v1/grievances"))
        .json(&f)
        .send()
        .await
        .unwrap();
    assert_eq!(tanker.status(), 201, "filed into it on a third node");

    // Each SMS goes out once, whichever node's worker took it: the three log sinks together
    // hold each sent message exactly once.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let unsent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE channel = 'sms' AND status <> 'sent'",
        )
        .fetch_one(app.store.pool())
        .await
        .unwrap();
        if unsent == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{unsent} SMS not sent in 20 s");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let sent: Vec<String> = sqlx::query_scalar(
        "SELECT idempotency_key FROM outbox WHERE channel = 'sms' AND status = 'sent'",
    )
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    assert!(sent.len() >= 3, "{sent:?}");
    let logged: Vec<Value> = nodes
        .dirs
        .iter()
        .flat_map(|d| {
            std::fs::read_to_string(d.path().join("sms.log"))
                .unwrap_or_default()
                .lines()
                .map(|l| serde_json::from_str::<Value>(l).unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(logged.len(), sent.len(), "{logged:#?}");
    for key in &sent {
        assert_eq!(
            logged
                .iter()
                .filter(|l| l["reference"] == key.as_str())
                .count(),
            1,
            "{key}"
        );
    }
}
