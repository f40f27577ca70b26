//! `/metrics` (issue 19): what a node counts, in Prometheus's text format.

use crate::helpers::*;

/// The value of the sample `name{labels}` (exactly as written), if present.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn a_node_counts_requests_by_route_filings_outbox_jobs_and_cases() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let token = app.login("admin").await;
    assert_eq!(
        app.get(&token, &format!("/grievances/{regno}"))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.client
            .get(format!("{}/no/such/page/{regno}", app.address))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    // A job this node ran, and one that failed.
    for (job, error) in [
        ("test_job", None),
        ("test_failing", Some("broken".to_string())),
    ] {
        assert!(app.store.claim_job(job, "node-1", 60_000).await.unwrap());
        app.store
            .finish_job(job, "node-1", 60_000, error)
            .await
            .unwrap();
    }
    // Past the case's deadline.
    app.clock.advance_days(60);

    let response = app
        .client
        .get(format!("{}/metrics", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = response.text().await.unwrap();
    let value =
        |series: &str| sample(&text, series).unwrap_or_else(|| panic!("no {series} in\n{text}"));
    // Requests by their route's template, never by a path holding a number.
    assert_eq!(
        value(
            r#"nivaran_http_requests_total{route="/api/v1/grievances",method="POST",status="201"}"#
        ),
        1.0
    );
    assert_eq!(
        value(
            r#"nivaran_http_requests_total{route="/api/v1/grievances/{regno}",method="GET",status="200"}"#
        ),
        1.0
    );
    assert_eq!(
        value(r#"nivaran_http_requests_total{route="unmatched",method="GET",status="404"}"#),
        1.0
    );
    assert!(!text.contains(&regno), "a case's number in the metrics");
    // Every family written is one the node says it has (the alert rules' test relies on it).
    let families = app.store.metrics().families();
    for line in text.lines().filter_map(|l| l.strip_prefix("# TYPE ")) {
        let name = line.split(' ').next().unwrap();
        assert!(
            families.iter().any(|f| f == name),
            "{name} not in {families:?}"
        );
    }
    assert_eq!(
        value(
            r#"nivaran_http_request_duration_seconds_count{route="/api/v1/grievances",method="POST"}"#
        ),
        1.0
    );
    // The filing's group, and nothing left waiting.
    assert_eq!(value("nivaran_intake_group_size_count"), 1.0);
    assert_eq!(value("nivaran_intake_waiting"), 0.0);
    // The registration SMS waits in the outbox.
    assert_eq!(
        value(r#"nivaran_outbox_messages{status="pending",channel="sms"}"#),
        1.0
    );
    assert_eq!(
        value(r#"nivaran_job_runs_total{job="test_job",outcome="ok"}"#),
        1.0
    );
    assert_eq!(
        value(r#"nivaran_job_runs_total{job="test_failing",outcome="failed"}"#),
        1.0
    );
    assert_eq!(
        value(r#"nivaran_job_duration_seconds_count{job="test_job"}"#),
        1.0
    );
    assert!(value(r#"nivaran_job_last_finished_timestamp_seconds{job="test_job"}"#) > 1.7e9);
    assert_eq!(value("nivaran_database_up"), 1.0);
    assert!(value("nivaran_db_pool_max_connections") >= 8.0);
    assert_eq!(value("nivaran_worker_heartbeat_age_seconds"), -1.0);
    // The open and overdue cases equal the dashboard's.
    let master = app.store.master();
    let state = nivaran::store::Scope::Area(master.jurisdiction_by_code("06").unwrap().id);
    let today = app.store.now().ist_date();
    let figures = app
        .store
        .dashboard_total(&state, &nivaran::store::Period::last_days(today, 1), &[])
        .await
        .unwrap();
    assert_eq!(value("nivaran_cases_open"), figures.pending as f64);
    assert_eq!(value("nivaran_cases_overdue"), figures.overdue as f64);
    assert_eq!((figures.pending, figures.overdue), (1, 1));
}

#[tokio::test]
async fn metrics_behind_a_token_refuse_a_scraper_without_it() {
    let app = spawn_app().await;
    let address = start_server_with(
        app.store.clone(),
        Default::default(),
        nivaran::http::HttpConfig {
            metrics_token: Some("scrape-token-0123456789".into()),
            ..test_http_config(&Default::default())
        },
    )
    .await;
    let metrics = format!("{address}/metrics");
    let refused = app.client.get(&metrics).send().await.unwrap();
    assert_eq!(refused.status(), 401);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    let wrong = app
        .client
        .get(&metrics)
        .bearer_auth("scrape-token-9876543210")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let scraped = app
        .client
        .get(&metrics)
        .bearer_auth("scrape-token-0123456789")
        .send()
        .await
        .unwrap();
    assert_eq!(scraped.status(), 200);
    assert!(
        scraped
            .text()
            .await
            .unwrap()
            .contains("nivaran_database_up 1")
    );
}

#[tokio::test]
async fn the_alert_rules_and_dashboard_name_real_metrics() {
    let app = spawn_app().await;
    let families = app.store.metrics().families().to_vec();
    assert!(families.len() >= 17, "{families:?}");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy");
    let rules = std::fs::read_to_string(root.join("prometheus/alerts.yml")).unwrap();
    let dashboard = std::fs::read_to_string(root.join("grafana/nivaran-dashboard.json")).unwrap();
    let parsed: serde_json::Value =
        serde_json::from_str(&dashboard).expect("the dashboard is JSON");
    let panels = parsed["panels"].as_array().unwrap();
    assert!(
        panels
            .iter()
            .all(|p| !p["targets"].as_array().unwrap().is_empty())
    );
    for (file, content) in [
        ("alerts.yml", &rules),
        ("nivaran-dashboard.json", &dashboard),
    ] {
        let mut named = 0;
        for (at, _) in content.match_indices("nivaran_") {
            let name: String = content[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let family = ["_bucket", "_count", "_sum"]
                .iter()
                .find_map(|suffix| name.strip_suffix(suffix))
                .unwrap_or(&name);
            // A histogram's family is named as such; a counter's with its `_total`.
            assert!(
                families.iter().any(|f| f == family),
                "{file} names {name}, which /metrics does not have: {families:?}"
            );
            named += 1;
        }
        assert!(named >= 8, "{file} names {named} metrics");
    }
    assert!(rules.contains("alert: NivaranOutboxDeadLetters"));
    assert!(rules.contains("alert: NivaranDeadlineSweepNotRun"));
    assert!(rules.contains("alert: NivaranSlowAnswers"));
    assert!(rules.contains("alert: NivaranDatabaseUnreachable"));
}
