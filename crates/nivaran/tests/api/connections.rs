//! What a connection may cost (issue 14, parts 4, 5 and 11): the client address behind a proxy
//! cannot be forged, slow and idle connections are closed, their number is capped, and SIGTERM
//! ends the process in bounded time whatever the clients do.

use crate::helpers::*;
use nivaran::config::ServerLimits;
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn quick_limits() -> ServerLimits {
    ServerLimits {
        header_read_timeout: Duration::from_secs(1),
        request_body_timeout: Duration::from_secs(1),
        idle_timeout: Duration::from_secs(2),
        max_connections: 4,
        shutdown_grace: Duration::from_secs(1),
    }
}

fn host_port(app: &TestApp) -> String {
    app.address.trim_start_matches("http://").to_string()
}

/// Reads until the server closes the connection (or `within` passes); the time it took, if it
/// closed.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> Option<Duration> {
    let began = Instant::now();
    let mut buffer = [0u8; 4096];
    loop {
        match tokio::time::timeout_at(
            tokio::time::Instant::from_std(began + within),
            stream.read(&mut buffer),
        )
        .await
        {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(began.elapsed()),
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn a_client_cannot_choose_its_address_behind_the_proxy() {
    let app = spawn_app().await;
    // Each guess claims a new address at the left of X-Forwarded-For; the proxy (127.0.0.1 in
    // the tests) appended the real one at the right, and that is what is counted.
    let mut codes = Vec::new();
    for i in 0..7 {
        let response = app
            .client
            .post(app.url("/auth/login"))
            .header("x-forwarded-for", format!("10.66.0.{i}, 203.0.113.5"))
            .json(&json!({"username": "admin", "password": "wrong-password"}))
            .send()
            .await
            .unwrap();
        codes.push(error_of(response).await.1);
    }
    assert_eq!(
        codes[5..],
        ["login_throttled".to_string(), "login_throttled".to_string()],
        "{codes:?}"
    );
}

#[tokio::test]
async fn clients_that_trickle_their_headers_are_cut_off() {
    let app = spawn_app_with(quick_limits()).await;
    let mut slow = Vec::new();
    for _ in 0..3 {
        let mut stream = TcpStream::connect(host_port(&app)).await.unwrap();
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        slow.push(stream);
    }
    // A header byte every 200 ms would keep them open forever without a header-read timeout.
    let trickle = async {
        for _ in 0..15 {
            for stream in &mut slow {
                let _ = stream.write_all(b"X").await;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    };
    trickle.await;
    for stream in &mut slow {
        let closed = closed_within(stream, Duration::from_secs(3)).await;
        assert!(closed.is_some(), "a trickling connection stayed open");
    }
    // The service itself is fine.
    let health = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn idle_connections_end_and_only_so_many_are_served_at_once() {
    let app = spawn_app_with(quick_limits()).await;
    // Four connections that say nothing take every place…
    let mut silent = Vec::new();
    for _ in 0..4 {
        silent.push(TcpStream::connect(host_port(&app)).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    // …so a fifth is answered only once they have been closed for saying nothing.
    let began = Instant::now();
    let response = app
        .client
        .get(format!("{}/healthz", app.address))
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let waited = began.elapsed();
    assert!(
        waited >= Duration::from_millis(500),
        "answered after {waited:?}, beside four connections at the limit of four"
    );
    for stream in &mut silent {
        assert!(
            closed_within(stream, Duration::from_secs(1))
                .await
                .is_some(),
            "a silent connection was never closed"
        );
    }
}

#[tokio::test]
async fn a_body_that_never_finishes_is_given_up_on() {
    let app = spawn_app_with(quick_limits()).await;
    let mut stream = TcpStream::connect(host_port(&app)).await.unwrap();
    stream
        .write_all(
            b"POST /api/v1/grievances HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"citizen_name\":",
        )
        .await
        .unwrap();
    let began = Instant::now();
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    while began.elapsed() < Duration::from_secs(5) {
        let _ = stream.write_all(b" ").await;
        match tokio::time::timeout(Duration::from_millis(300), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => {
                answer.extend_from_slice(&buffer[..n]);
                if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
            Err(_) => {}
        }
    }
    let head = String::from_utf8_lossy(&answer);
    assert!(
        began.elapsed() < Duration::from_secs(4),
        "the body kept the request open {:?}: {head}",
        began.elapsed()
    );
    assert!(
        head.is_empty() || head.starts_with("HTTP/1.1 4"),
        "a trickled body got {head}"
    );
}

#[tokio::test]
async fn sigterm_ends_the_process_whatever_the_clients_do() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    std::fs::write(
        dir.path().join("nivaran.toml"),
        "[server]\nshutdown_grace_seconds = 2\n",
    )
    .unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = ChildGuard(
        std::process::Command::new(env!("CARGO_BIN_EXE_nivaran"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(["serve", "--port", &port.to_string(), "--no-workers"])
            .env("NIVARAN_DATABASE_URL", &url.url)
            .env("NIVARAN_LOG", "info")
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("server.log")).unwrap())
            .spawn()
            .unwrap(),
    );
    let client = reqwest::Client::new();
    let mut up = false;
    for _ in 0..100 {
        if client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            .is_ok()
        {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(up, "the service did not start");
    // A request followed through the log by its id, which the answer carries back.
    let traced = client
        .get(format!(
            "http://127.0.0.1:{port}/api/v1/grievances/0626-0000001-5"
        ))
        .header("x-request-id", "probe-77")
        .send()
        .await
        .unwrap();
    assert_eq!(traced.headers()["x-request-id"], "probe-77");
    let made = client
        .get(format!("http://127.0.0.1:{port}/healthz"))
        .send()
        .await
        .unwrap();
    // Made here: this process's prefix and a counter, a new one for every request.
    let first = made.headers()["x-request-id"].to_str().unwrap().to_string();
    let again = client
        .get(format!("http://127.0.0.1:{port}/healthz"))
        .send()
        .await
        .unwrap();
    let second = again.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(first.len() > 13 && first != second, "{first} {second}");
    assert_eq!(first.split('-').next(), second.split('-').next());
    // Five half-open connections: a request's first line and no more.
    let mut half_open = Vec::new();
    for _ in 0..5 {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        stream
            .write_all(b"POST /api/v1/grievances HTTP/1.1\r\n")
            .await
            .unwrap();
        half_open.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let began = Instant::now();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &server.0.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let mut exited = None;
    while began.elapsed() < Duration::from_secs(10) {
        if let Some(code) = server.0.try_wait().unwrap() {
            exited = Some(code);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(server);
    drop(half_open);
    let took = began.elapsed();
    assert!(
        exited.is_some_and(|code| code.success()),
        "still running {took:?} after SIGTERM"
    );
    assert!(took < Duration::from_secs(4), "exit took {took:?}");
    // One line per request at INFO, in the request's span, plain text (no terminal colours).
    let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap();
    let line = log
        .lines()
        .find(|l| l.contains("probe-77") && l.contains("answered"))
        .unwrap_or_else(|| panic!("no line for the request in:\n{log}"));
    assert!(
        line.contains("route=/api/v1/grievances/{regno}") && line.contains("status=401"),
        "{line}"
    );
    assert!(!log.contains('\u{1b}'), "colour codes in a log file: {log}");
}

#[tokio::test]
async fn personal_answers_are_not_cached_and_readiness_covers_the_files() {
    let app = spawn_app().await;
    let filed = app
        .client
        .post(app.url("/grievances"))
        .json(&form())
        .send()
        .await
        .unwrap();
    assert_eq!(filed.headers()["cache-control"], "no-store");
    let ready = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    // The file store gone (a lost mount): not ready.
    let files = app.store.files_dir().to_path_buf();
    std::fs::create_dir_all(&files).unwrap();
    std::fs::remove_dir_all(&files).unwrap();
    std::fs::write(&files, b"not a directory").unwrap();
    let ready = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 503);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["checks"]["files"], "unavailable");
    assert_eq!(body["checks"]["database"], "ok");
}

#[tokio::test]
async fn a_document_whose_file_is_gone_says_so() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    let uploaded: serde_json::Value = app
        .client
        .post(app.url(&format!("/grievances/{regno}/attachments")))
        .bearer_auth(&officer)
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(pdf_bytes()).file_name("inspection.pdf"),
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let sha = uploaded["attachment"]["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    let path = app.store.files_dir().join(&sha[..2]).join(&sha);
    std::fs::remove_file(path).unwrap();
    let response = app
        .get(&officer, &format!("/grievances/{regno}/attachments/{sha}"))
        .await;
    let (status, code, _, message) = error_of(response).await;
    assert_eq!((status, code.as_str()), (404, "file_missing"));
    assert!(message.contains("missing from the file store"), "{message}");
}
