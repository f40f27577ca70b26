//! The `nivaran` binary as an administrator uses it.

use crate::helpers::*;
use nivaran::store::{Actor, Store};
use nivaran_domain::ManualClock;
use nivaran_domain::grievance::GrievanceForm;
use std::process::{Command, Output};
use std::sync::Arc;

struct Cli {
    dir: tempfile::TempDir,
    url: TestDatabase,
}

impl Cli {
    async fn new() -> Cli {
        let dir = tempfile::tempdir().unwrap();
        let url = fresh_database(dir.path()).await;
        Cli { dir, url }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_nivaran"))
            .arg("--data-dir")
            .arg(self.dir.path())
            .args(args)
            .env("NIVARAN_DATABASE_URL", &self.url.url)
            .env_remove("NIVARAN_PASSWORD")
            .output()
            .unwrap()
    }
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[tokio::test]
async fn migrate_import_users_audit_and_backup_from_the_command_line() {
    let cli = Cli::new().await;
    let out = cli.run(&["migrate"]);
    assert!(out.status.success(), "{}", text(&out));

    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/demo");
    let out = cli.run(&["import", demo]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("238 jurisdictions"), "{}", text(&out));

    let out = cli.run(&[
        "user",
        "add",
        "--username",
        "dc.rewari",
        "--full-name",
        "Abhishek Meena",
        "--role",
        "supervisor",
        "--office",
        "GRIEVANCE-REWARI",
        "--password",
        "a-long-secret-1",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let out = cli.run(&[
        "user",
        "add",
        "--username",
        "dc.rewari",
        "--full-name",
        "Someone Else",
        "--role",
        "admin",
        "--password",
        "a-long-secret-1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("already taken"), "{}", text(&out));
    let out = cli.run(&[
        "user",
        "add",
        "--username",
        "x.y",
        "--full-name",
        "Short Password",
        "--role",
        "admin",
        "--password",
        "short",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("at least 10"), "{}", text(&out));
    let out = cli.run(&[
        "user",
        "passwd",
        "dc.rewari",
        "--password",
        "another-long-secret",
    ]);
    assert!(out.status.success(), "{}", text(&out));

    // A case, then the audit trail: intact, then tampered with.
    let store = Store::open(
        &cli.url,
        Arc::new(ManualClock::new(START)),
        &cli.dir.path().join("files"),
    )
    .await
    .unwrap();
    let form: GrievanceForm = serde_json::from_value(form()).unwrap();
    let mobile = nivaran_domain::text::Mobile::parse(&form.mobile).unwrap();
    let registered = store
        .file_now(nivaran::store::Filing::new(form, Actor::public(&mobile)))
        .await
        .unwrap();
    let out = cli.run(&["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("intact"), "{}", text(&out));
    assert!(text(&out).contains("no checkpoint yet"), "{}", text(&out));
    // A checkpoint signed now (the key made in the data directory), then checked.
    let out = cli.run(&["audit", "checkpoint"]);
    assert!(
        text(&out).contains("checkpoint signed: position 2"),
        "{}",
        text(&out)
    );
    assert!(cli.dir.path().join("audit-signing.key").exists());
    let out = cli.run(&["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("1 signed checkpoints match"),
        "{}",
        text(&out)
    );
    // Checked against another key, the checkpoint is not believed.
    let other = "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29";
    let out = cli.run(&["audit", "verify", "--public-key", other]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("not signed by the key"),
        "{}",
        text(&out)
    );
    sqlx::query("UPDATE events SET actor = 'somebody else' WHERE seq = 2")
        .execute(store.pool())
        .await
        .unwrap();
    let out = cli.run(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains(&registered.registration_number) && text(&out).contains("#2"),
        "{}",
        text(&out)
    );

    // A bad history file is refused with its line number.
    let bad = cli.dir.path().join("history.jsonl");
    std::fs::write(&bad, "{\"filed_at\": \"2024-01-01T10:00:00+05:30\"}\n").unwrap();
    let out = cli.run(&["import", "--grievances", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("line 1"), "{}", text(&out));

    let target = cli.dir.path().join("copy.db");
    let out = cli.run(&["backup", target.to_str().unwrap()]);
    if postgres_admin_url().is_some() {
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out).contains("pg_dump"), "{}", text(&out));
    } else {
        assert!(out.status.success(), "{}", text(&out));
        // The copy is a working database with the case in it.
        let copy = Store::open(
            &format!("sqlite://{}", target.display()),
            Arc::new(ManualClock::new(START)),
            cli.dir.path(),
        )
        .await
        .unwrap();
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grievances")
            .fetch_one(copy.pool())
            .await
            .unwrap();
        assert_eq!(count, 1);
    }
}

#[tokio::test]
async fn health_probes() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let response = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    app.store.pool().close().await;
    let response = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
}

#[tokio::test]
async fn serve_runs_the_workers_beside_the_web_service() {
    let cli = Cli::new().await;
    let metrics_port = free_port();
    std::fs::write(
        cli.dir.path().join("nivaran.toml"),
        format!(
            "[worker]\npoll_seconds = 1\n\n[metrics]\nlisten = \"127.0.0.1:{metrics_port}\"\n\
             token = \"scrape-token-0123456789\"\n"
        ),
    )
    .unwrap();
    let port = free_port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_nivaran"))
        .arg("--data-dir")
        .arg(cli.dir.path())
        .args(["serve", "--port", &port.to_string()])
        .env("NIVARAN_DATABASE_URL", &cli.url.url)
        .env("NIVARAN_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/api/v1/grievances");
    let mut filed = None;
    for _ in 0..100 {
        if let Ok(response) = client.post(&url).json(&form()).send().await {
            filed = Some(response.json::<serde_json::Value>().await.unwrap());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let regno = filed.expect("the service answers")["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    // Within a few seconds the worker has delivered the registration SMS to the log sink.
    let log = cli.dir.path().join("sms.log");
    let mut delivered = String::new();
    for _ in 0..100 {
        delivered = std::fs::read_to_string(&log).unwrap_or_default();
        if delivered.contains(&regno) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // The node's metrics, on their own port and behind their token, say so too.
    let metrics_url = format!("http://127.0.0.1:{metrics_port}/metrics");
    let main_port_metrics = client
        .get(format!("http://127.0.0.1:{port}/metrics"))
        .send()
        .await
        .unwrap()
        .status();
    let without_token = client.get(&metrics_url).send().await.unwrap().status();
    // Scraped until the worker's first round has run every job (the sweep comes last).
    let (mut content_type, mut text) = (String::new(), String::new());
    for _ in 0..100 {
        let scraped = client
            .get(&metrics_url)
            .bearer_auth("scrape-token-0123456789")
            .send()
            .await
            .unwrap();
        content_type = scraped.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_string();
        text = scraped.text().await.unwrap();
        if text.contains("nivaran_job_last_finished_timestamp_seconds{job=\"deadline_sweep\"}") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let ready: serde_json::Value = client
        .get(format!("http://127.0.0.1:{port}/readyz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        delivered.contains(&regno),
        "no SMS for {regno} in {}",
        log.display()
    );
    assert_eq!(main_port_metrics, 404, "not on the public port");
    assert_eq!(without_token, 401);
    assert!(content_type.starts_with("text/plain; version=0.0.4"));
    for line in [
        "nivaran_http_requests_total{route=\"/api/v1/grievances\",method=\"POST\",status=\"201\"} 1",
        "nivaran_outbox_deliveries_total{channel=\"sms\",outcome=\"sent\"} 1",
        "nivaran_job_runs_total{job=\"deadline_sweep\",outcome=\"ok\"}",
        "nivaran_job_last_finished_timestamp_seconds{job=\"deadline_sweep\"}",
        "nivaran_database_up 1",
        "nivaran_cases_open 1",
    ] {
        assert!(text.contains(line), "no {line} in\n{text}");
    }
    assert!(!text.contains("nivaran_worker_heartbeat_age_seconds -1"));
    assert_eq!(ready["checks"]["worker"], "ok");
}

#[tokio::test]
async fn an_administrator_pulls_a_portal_now_from_the_command_line() {
    let cli = Cli::new().await;
    let drop = cli.dir.path().join("cpgrams-drop");
    std::fs::create_dir_all(&drop).unwrap();
    std::fs::write(
        cli.dir.path().join("nivaran.toml"),
        format!(
            "[[exchange]]\nname = \"cpgrams\"\nsystem = \"cpgrams\"\nfolder = \"{}\"\n\
             [exchange.fields]\nexternal_reference = \"number\"\ndescription = \"text\"\n\
             category = \"category\"\njurisdiction = \"place\"\n",
            drop.display()
        ),
    )
    .unwrap();
    std::fs::write(
        drop.join("transfer.json"),
        r#"[{"number": "DARPG/E/2026/0000401", "text": "The hand pump at the school has been broken for a month.",
            "category": "PHED-WS-NOSUP", "place": "06084010101"},
           {"number": "DARPG/E/2026/0000402", "text": "No ration this month.", "category": "NOT-A-CATEGORY"}]"#,
    )
    .unwrap();
    let out = cli.run(&["exchange", "pull"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("cpgrams: 1 filed, 0 already filed, 1 not filed"),
        "{}",
        text(&out)
    );
    assert!(drop.join("done/transfer.json").exists());
    let out = cli.run(&["exchange", "pull", "--name", "saral"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("no [[exchange]] named 'saral'"),
        "{}",
        text(&out)
    );
}

#[tokio::test]
async fn every_setting_comes_from_the_environment_too_and_the_version_names_its_commit() {
    let cli = Cli::new().await;
    let version = cli.run(&["--version"]);
    let version = text(&version);
    assert!(
        version.starts_with(&format!("nivaran {} (", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    // A section's setting from the environment is read, and checked like the file's.
    let with = |name: &str, value: &str| {
        Command::new(env!("CARGO_BIN_EXE_nivaran"))
            .arg("--data-dir")
            .arg(cli.dir.path())
            .arg("migrate")
            .env("NIVARAN_DATABASE_URL", &cli.url.url)
            .env(name, value)
            .output()
            .unwrap()
    };
    let out = with("NIVARAN_DATABASE__ACQUIRE_TIMEOUT_SECONDS", "0");
    assert!(!out.status.success());
    assert!(
        text(&out).contains("acquire_timeout_seconds must be from 1 to 600"),
        "{}",
        text(&out)
    );
    let out = with("NIVARAN_SERVER__MAX_CONECTIONS", "10");
    assert!(!out.status.success());
    assert!(
        text(&out).contains("NIVARAN_SERVER__MAX_CONECTIONS")
            && text(&out).contains("max_conections"),
        "{}",
        text(&out)
    );
    let out = with("NIVARAN_DATABASE__ACQUIRE_TIMEOUT_SECONDS", "5");
    assert!(out.status.success(), "{}", text(&out));
}
