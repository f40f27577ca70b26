//! Traces over OTLP (issue 19): `nivaran serve` with `[telemetry] otlp_endpoint` sends each
//! request's span, carrying its request id, to a collector; here a fake of the OpenTelemetry
//! collector's OTLP/HTTP JSON receiver on 127.0.0.1.

use crate::helpers::*;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Received = Arc<Mutex<Vec<(String, Value)>>>;

/// The collector's `POST /v1/traces`: an `ExportTraceServiceRequest` in JSON, answered with an
/// empty `ExportTraceServiceResponse` (all accepted).
async fn collector(
    State(received): State<Received>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, [(&'static str, &'static str); 1], &'static str) {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let parsed = serde_json::from_str(&body).unwrap_or(Value::Null);
    received.lock().unwrap().push((content_type, parsed));
    (StatusCode::OK, [("content-type", "application/json")], "{}")
}

fn attribute<'a>(attributes: &'a Value, key: &str) -> Option<&'a str> {
    attributes
        .as_array()?
        .iter()
        .find(|a| a["key"] == key)?
        .get("value")?
        .get("stringValue")?
        .as_str()
}

/// The span of the request with `id`, and its resource's attributes, if the collector has it.
fn request_span(received: &Received, id: &str) -> Option<(Value, Value)> {
    for (_, export) in received.lock().unwrap().iter() {
        for resource in export["resourceSpans"].as_array().into_iter().flatten() {
            for scope in resource["scopeSpans"].as_array().into_iter().flatten() {
                for span in scope["spans"].as_array().into_iter().flatten() {
                    if attribute(&span["attributes"], "id") == Some(id) {
                        return Some((span.clone(), resource["resource"]["attributes"].clone()));
                    }
                }
            }
        }
    }
    None
}

#[tokio::test]
async fn each_request_is_a_span_sent_to_the_collector_with_its_request_id() {
    let received: Received = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let collector_address = listener.local_addr().unwrap();
    let app = axum::Router::new()
        .route("/v1/traces", axum::routing::post(collector))
        .with_state(received.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path()).await;
    let port = free_port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_nivaran"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["serve", "--no-workers", "--port", &port.to_string()])
        .env("NIVARAN_DATABASE_URL", &database.url)
        .env(
            "NIVARAN_TELEMETRY__OTLP_ENDPOINT",
            format!("http://{collector_address}/v1/traces"),
        )
        .env("NIVARAN_TELEMETRY__SERVICE_NAME", "nivaran-haryana")
        // The SDK's batch interval (5 s by default), shortened for the test.
        .env("OTEL_BSP_SCHEDULE_DELAY", "200")
        .env("NIVARAN_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/api/v1/grievances");
    let mut status = None;
    for _ in 0..100 {
        if let Ok(response) = client
            .post(&url)
            .header("x-request-id", "otlp-probe-4242")
            .json(&form())
            .send()
            .await
        {
            status = Some(response.status());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut found = None;
    while Instant::now() < deadline {
        found = request_span(&received, "otlp-probe-4242");
        if found.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(status, Some(reqwest::StatusCode::CREATED));
    let exports = received.lock().unwrap().clone();
    let (span, resource) = found.unwrap_or_else(|| panic!("no span of the request in {exports:?}"));
    assert!(
        exports
            .iter()
            .all(|(t, _)| t.starts_with("application/json")),
        "OTLP/HTTP JSON"
    );
    assert_eq!(span["name"], "request");
    assert_eq!(attribute(&span["attributes"], "method"), Some("POST"));
    assert_eq!(
        attribute(&span["attributes"], "route"),
        Some("/api/v1/grievances")
    );
    assert_eq!(span["traceId"].as_str().map(str::len), Some(32));
    assert_eq!(
        attribute(&resource, "service.name"),
        Some("nivaran-haryana")
    );
    assert!(attribute(&resource, "service.version").is_some_and(|v| v.contains('(')));
}

#[tokio::test]
async fn a_collector_address_that_is_not_a_url_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path()).await;
    let output = Command::new(env!("CARGO_BIN_EXE_nivaran"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["serve", "--no-workers", "--port", &free_port().to_string()])
        .env("NIVARAN_DATABASE_URL", &database.url)
        .env("NIVARAN_TELEMETRY__OTLP_ENDPOINT", "otel-collector:4318")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("[telemetry] otlp_endpoint must be an http:// or https:// URL"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
