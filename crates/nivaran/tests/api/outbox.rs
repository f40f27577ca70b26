//! The outbox against a fake SMS gateway on 127.0.0.1 that fails, times out and answers
//! nonsense on command: every message reaches the gateway that acknowledged it exactly once,
//! failing ones are dead-lettered after N tries, texts that left their DLT template are refused, and a round sends several at once within the
//! gateway's rate.

use crate::helpers::*;
use axum::extract::{Form, State};
use axum::routing::post;
use nivaran::notify::{GatewayConfig, HttpGatewayConfig, Notifications, SmsGateway, build_gateway};
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone, Copy)]
enum Mode {
    Ok,
    Fail,
    /// Accept the message, then answer too late for the client.
    AcceptThenHang,
    Nonsense,
}

#[derive(Default)]
struct Fake {
    script: VecDeque<Mode>,
    always_fail: bool,
    /// reference → how many times it was actually sent on to phones.
    sent: HashMap<String, usize>,
    texts: Vec<String>,
}

async fn gateway(
    State(fake): State<Arc<Mutex<Fake>>>,
    Form(form): Form<HashMap<String, String>>,
) -> (axum::http::StatusCode, String) {
    let reference = form.get("reference").cloned().unwrap_or_default();
    let mode = {
        let mut f = fake.lock().unwrap();
        if f.always_fail {
            Mode::Fail
        } else {
            f.script.pop_front().unwrap_or(Mode::Ok)
        }
    };
    let accept = |fake: &Arc<Mutex<Fake>>| {
        let mut f = fake.lock().unwrap();
        // A provider deduplicates by the client's reference: a retry is acknowledged, not resent.
        if !f.sent.contains_key(&reference) {
            f.texts.push(form.get("text").cloned().unwrap_or_default());
        }
        *f.sent.entry(reference.clone()).or_insert(0) = 1;
    };
    match mode {
        Mode::Ok => {
            accept(&fake);
            (
                axum::http::StatusCode::OK,
                r#"{"status":"ok","id":"abc"}"#.into(),
            )
        }
        Mode::Fail => (
            axum::http::StatusCode::BAD_GATEWAY,
            "upstream operator down".into(),
        ),
        Mode::AcceptThenHang => {
            accept(&fake);
            tokio::time::sleep(Duration::from_secs(3)).await;
            (axum::http::StatusCode::OK, r#"{"status":"ok"}"#.into())
        }
        Mode::Nonsense => (
            axum::http::StatusCode::OK,
            "<html>maintenance</html>".into(),
        ),
    }
}

async fn fake_gateway() -> (Arc<Mutex<Fake>>, SmsGateway) {
    let fake = Arc::new(Mutex::new(Fake::default()));
    let app = axum::Router::new()
        .route("/send", post(gateway))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let config = GatewayConfig {
        kind: Some("http".into()),
        log_file: None,
        http: Some(HttpGatewayConfig {
            url,
            method: "POST".into(),
            to_param: "to".into(),
            text_param: "text".into(),
            sender_param: "sender".into(),
            template_param: "template_id".into(),
            reference_param: "reference".into(),
            unicode_param: Some("unicode".into()),
            extra: Default::default(),
            auth_header: Some("Authorization".into()),
            auth_value: Some("Bearer test".into()),
            success_pattern: Some(r#""status":"ok""#.into()),
            timeout_seconds: 1,
        }),
        ..Default::default()
    };
    (
        fake,
        build_gateway(&config, std::path::Path::new("/tmp")).unwrap(),
    )
}

async fn statuses(app: &TestApp) -> Vec<(String, String, i64)> {
    sqlx::query_as("SELECT template_key, status, attempts FROM outbox ORDER BY id")
        .fetch_all(app.store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn retries_back_off_and_a_message_reaches_the_gateway_exactly_once() {
    let app = spawn_app().await;
    app.store.set_notifications(Notifications {
        max_attempts: 5,
        ..Notifications::default()
    });
    let (fake, gateway) = fake_gateway().await;
    let regno = app.file_default().await;

    // The registration SMS is in the outbox, in Hindi (the citizen's language), DLT-shaped.
    let (body, encoding, segments, template_id): (String, String, i64, String) =
        sqlx::query_as("SELECT body, encoding, segments, template_id FROM outbox")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert!(body.contains(&regno) && body.contains("दर्ज"), "{body}");
    assert_eq!(encoding, "ucs2");
    assert!(segments >= 2, "{segments}");
    assert_eq!(template_id, "1107176000000000102");

    fake.lock()
        .unwrap()
        .script
        .extend([Mode::Fail, Mode::AcceptThenHang, Mode::Nonsense]);
    // 1: the gateway is down.
    let report = nivaran::worker::delivery::deliver_sms(&app.store, &gateway, "w1")
        .await
        .unwrap();
    assert_eq!((report.sent, report.failed), (0, 1));
    // Backing off: nothing is tried again at once.
    let report = nivaran::worker::delivery::deliver_sms(&app.store, &gateway, "w1")
        .await
        .unwrap();
    assert_eq!((report.sent, report.failed), (0, 0));
    // 2: 30 s later the gateway takes the message but answers too late.
    app.clock.advance_millis(31_000);
    let report = nivaran::worker::delivery::deliver_sms(&app.store, &gateway, "w1")
        .await
        .unwrap();
    assert_eq!(report.failed, 1);
    // 3: 60 s later it answers nonsense.
    app.clock.advance_millis(61_000);
    assert_eq!(
        nivaran::worker::delivery::deliver_sms(&app.store, &gateway, "w1")
            .await
            .unwrap()
            .failed,
        1
    );
    // 4: 120 s later all is well: the retry carries the same reference, so nothing is sent twice.
    app.clock.advance_millis(121_000);
    assert_eq!(
        nivaran::worker::delivery::deliver_sms(&app.store, &gateway, "w1")
            .await
            .unwrap()
            .sent,
        1
    );
    assert_eq!(
        statuses(&app).await,
        [("registered".to_string(), "sent".to_string(), 4)]
    );
    let f = fake.lock().unwrap();
    assert_eq!(f.sent.len(), 1);
    assert_eq!(f.sent.values().sum::<usize>(), 1);
    assert_eq!(f.texts.len(), 1);
    assert_eq!(f.texts[0], body);
}

#[tokio::test]
async fn failing_messages_are_dead_lettered_after_n_tries_and_an_admin_can_retry_them() {
    let app = spawn_app().await;
    app.store.set_notifications(Notifications {
        max_attempts: 3,
        ..Notifications::default()
    });
    let (fake, gateway) = fake_gateway().await;
    fake.lock().unwrap().always_fail = true;
    app.file_default().await;
    for _ in 0..3 {
        nivaran::worker::delivery::deliver_sms(&app.store, &gateway, "w1")
            .await
            .unwrap();
        app.clock.advance_millis(3_600_000);
    }
    assert_eq!(
        statuses(&app).await,
        [("registered".to_string(), "dead".to_string(), 3)]
    );
    // Nothing more is tried once dead.
    assert_eq!(
        nivaran::worker::delivery::deliver_sms(&app.store, &gateway, "w1")
            .await
            .unwrap()
            .failed,
        0
    );

    let admin = app.login("admin").await;
    let dead: Value = app
        .get(&admin, "/admin/outbox?status=dead")
        .await
        .json()
        .await
        .unwrap();
    let items = dead["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert!(items[0]["last_error"].as_str().unwrap().contains("502"));
    let id = items[0]["id"].as_i64().unwrap();
    let officer = app.login("officer.phed.rewari.block").await;
    let response = app
        .client
        .post(app.url(&format!("/admin/outbox/{id}/retry")))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = app
        .client
        .post(app.url(&format!("/admin/outbox/{id}/retry")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    fake.lock().unwrap().always_fail = false;
    assert_eq!(
        nivaran::worker::delivery::deliver_sms(&app.store, &gateway, "w1")
            .await
            .unwrap()
            .sent,
        1
    );
    assert_eq!(fake.lock().unwrap().sent.len(), 1);

    // The gateway's delivery report is recorded against the message.
    let reference: String = sqlx::query_scalar("SELECT idempotency_key FROM outbox")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    let bad = app
        .client
        .get(app.url("/sms/delivery-report"))
        .query(&[
            ("reference", reference.as_str()),
            ("status", "DELIVRD"),
            ("token", "wrong"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 401);
    let ok = app
        .client
        .get(app.url("/sms/delivery-report"))
        .query(&[
            ("reference", reference.as_str()),
            ("status", "DELIVRD"),
            ("token", "dlr-secret"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 204);
    let sent: Value = app
        .get(&admin, "/admin/outbox?status=sent")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(sent["items"][0]["delivery_status"], "DELIVRD");
}

#[tokio::test]
async fn a_text_that_does_not_match_its_dlt_template_is_refused_before_sending() {
    let app = spawn_app().await;
    let (fake, gateway) = fake_gateway().await;
    app.file_default().await;
    sqlx::query("UPDATE outbox SET body = body || ' Win a prize at http://scam.example'")
        .execute(app.store.pool())
        .await
        .unwrap();
    let report = nivaran::worker::delivery::deliver_sms(&app.store, &gateway, "w1")
        .await
        .unwrap();
    assert_eq!((report.sent, report.rejected), (0, 1));
    assert!(fake.lock().unwrap().sent.is_empty());
    assert_eq!(statuses(&app).await[0].1, "rejected");
}

#[tokio::test]
async fn the_citizen_is_told_at_every_step_in_their_language() {
    let app = spawn_app().await;
    let mut f = form();
    f["language"] = json!("en");
    let regno = app.file(&f).await["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "declare_eta", "eta": "2026-11-26"}),
    )
    .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "ask_clarification", "question": "Which street of the village?"}),
    )
    .await;
    let operator = app.login("operator.rewari").await;
    app.act_ok(
        &operator,
        &regno,
        json!({"action": "receive_clarification", "answer": "Near the temple"}),
    )
    .await;
    app.act_ok(&officer, &regno, json!({"action": "transfer", "office": "PHED-REWARI-BL-KHOL", "reason": "Village is in Khol block"})).await;
    let khol = app.login("officer.phed.khol").await;
    app.act_ok(&khol, &regno, json!({"action": "accept"})).await;
    app.act_ok(
        &khol,
        &regno,
        json!({"action": "submit_atr", "text": "Pipeline repaired"}),
    )
    .await;
    app.act_ok(
        &khol,
        &regno,
        json!({"action": "dispose", "kind": "partial_relief", "remarks": "Repaired; tank pending"}),
    )
    .await;
    app.act_ok(
        &operator,
        &regno,
        json!({"action": "reopen", "reason": "Citizen says water still short"}),
    )
    .await;
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT template_key, language, body FROM outbox WHERE recipient = '9812012345' ORDER BY id")
            .fetch_all(app.store.pool())
            .await
            .unwrap();
    let keys: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    // Every step the citizen should hear of (seed 003): taken up (twice: by the office it was
    // transferred to as well), the date, the question, the transfer, the ATR, the disposal.
    assert_eq!(
        keys,
        [
            "registered",
            "accepted",
            "eta",
            "clarification",
            "transferred",
            "accepted",
            "atr_submitted",
            "disposed",
            "reopened"
        ]
    );
    assert!(rows.iter().all(|r| r.1 == "en"));
    let disposed = &rows[7].2;
    assert!(disposed.contains("Partial relief"), "{disposed}");
    assert!(
        disposed.contains("/track"),
        "the disposal SMS links to feedback: {disposed}"
    );
    assert!(rows[1].2.contains("taken up by"), "{}", rows[1].2);
    // Delivered through the zero-set-up log sink.
    let dir = tempfile::tempdir().unwrap();
    let sink = build_gateway(&GatewayConfig::default(), dir.path()).unwrap();
    assert_eq!(
        nivaran::worker::delivery::deliver_sms(&app.store, &sink, "w1")
            .await
            .unwrap()
            .sent,
        9
    );
    let log = std::fs::read_to_string(dir.path().join("sms.log")).unwrap();
    assert_eq!(log.lines().count(), 9);
    assert!(log.contains(&regno));
}

/// Seed 003's complaint: after 7,200 Jan Samvad petitions were entered, a citizen's one-time
/// password waited 567 s behind their registrations (it expires at 600). The outbox delivers a
/// one-time password first, then what a person's own action caused, then bulk.
#[tokio::test]
async fn a_one_time_password_is_delivered_before_a_queue_of_bulk_messages() {
    let app = spawn_app().await;
    // Ten thousand registrations of a batch, queued first.
    let bulk = (0..10_000)
        .map(|i| {
            format!(
                "('bulk-{i}', 'sms', '98120{i:05}', 'registered', 'T1', 'NIVRN', 'hi', 'x', 'ucs2', 1, 2, 'pending', 0, 0)"
            )
        })
        .collect::<Vec<_>>();
    for chunk in bulk.chunks(1000) {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO outbox (idempotency_key, channel, recipient, template_key, template_id, sender, language, body, encoding, segments, priority, status, next_attempt_at, created_at) VALUES {}",
            chunk.join(", ")
        )))
        .execute(app.store.pool())
        .await
        .unwrap();
    }
    // Then a citizen files one case, and another asks for a one-time password.
    app.clock.advance_millis(1000);
    app.file_default().await;
    app.clock.advance_millis(1000);
    app.otp_for("9812099999").await;
    // The next delivery round takes the password, then the filing's SMS, before the batch.
    let claimed = app.store.claim_outbox("node-a", "sms", 3).await.unwrap();
    let keys: Vec<&str> = claimed.iter().map(|m| m.template_key.as_str()).collect();
    assert_eq!(keys, ["otp", "registered", "registered"], "{claimed:?}");
    assert_eq!(claimed[0].recipient, "9812099999");
    assert_eq!(
        claimed[1].recipient, "9812012345",
        "the single filing before the batch"
    );
    assert!(claimed[2].idempotency_key.starts_with("bulk-"));
}

/// An acceptance with the officer's date is told once (as the date); escalation and closing
/// are told; a state keeps the steps it chooses quiet (`[citizen_sms]`), never the registration.
#[tokio::test]
async fn a_state_chooses_the_steps_its_citizens_are_told_of() {
    let app = spawn_app().await;
    let officer = app.api_token("officer.phed.rewari.block").await;
    let regno = app.file_default().await;
    let keys = |regno: String| {
        let app = &app;
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT o.template_key FROM outbox o JOIN grievances g ON g.id = o.grievance_id \
                 WHERE g.regno = $1 AND o.channel = 'sms' ORDER BY o.id",
            )
            .bind(regno)
            .fetch_all(app.store.pool())
            .await
            .unwrap()
        }
    };
    let due = app.case(&officer, &regno).await["grievance"]["due_date"]
        .as_str()
        .unwrap()
        .to_string();
    app.act_ok(&officer, &regno, json!({"action": "accept", "eta": due}))
        .await;
    assert_eq!(keys(regno.clone()).await, ["registered", "eta"]);
    let supervisor = app.api_token("supervisor.phed.rewari.sd").await;
    app.act_ok(&supervisor, &regno, json!({"action": "escalate"}))
        .await;
    assert_eq!(
        keys(regno.clone()).await,
        ["registered", "eta", "escalated"]
    );

    // Haryana (06) keeps the ATR quiet.
    app.store.set_notifications(nivaran::notify::Notifications {
        citizen_steps: toml::from_str("states.\"06\" = [\"atr_submitted\"]").unwrap(),
        ..Default::default()
    });
    let quiet = app.file_default().await;
    for body in [
        json!({"action": "accept"}),
        json!({"action": "submit_atr", "text": "Valve replaced, supply restored"}),
    ] {
        app.act_ok(&officer, &quiet, body).await;
    }
    assert_eq!(keys(quiet).await, ["registered", "accepted"]);
    // The registration cannot be turned off.
    let refused: Result<(), String> =
        toml::from_str::<nivaran::notify::CitizenSteps>("off = [\"registered\"]")
            .unwrap()
            .check();
    assert!(refused.unwrap_err().contains("registered"));
}

/// A gateway answering in `latency` that counts how many messages it holds at once and notes
/// the order texts arrive in.
#[derive(Default)]
struct SlowGateway {
    in_flight: usize,
    most_in_flight: usize,
    arrived: Vec<String>,
}

async fn slow_gateway(
    latency: Duration,
    rate_per_second: u32,
    parallel: u32,
) -> (Arc<Mutex<SlowGateway>>, SmsGateway) {
    let fake = Arc::new(Mutex::new(SlowGateway::default()));
    let handler = move |State(fake): State<Arc<Mutex<SlowGateway>>>,
                        Form(form): Form<HashMap<String, String>>| async move {
        {
            let mut f = fake.lock().unwrap();
            f.in_flight += 1;
            f.most_in_flight = f.most_in_flight.max(f.in_flight);
            f.arrived
                .push(form.get("text").cloned().unwrap_or_default());
        }
        tokio::time::sleep(latency).await;
        fake.lock().unwrap().in_flight -= 1;
        r#"{"status":"ok"}"#
    };
    let app = axum::Router::new()
        .route("/send", post(handler))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let config: GatewayConfig = toml::from_str(&format!(
        "kind = \"http\"\nrate_per_second = {rate_per_second}\nparallel = {parallel}\n[http]\nurl = \"{url}\"\ntimeout_seconds = 2\n"
    ))
    .unwrap();
    (
        fake,
        build_gateway(&config, std::path::Path::new("/tmp")).unwrap(),
    )
}

/// Copies the first message in the outbox `n` times as bulk messages of their own, waiting.
async fn queue_copies_as_bulk(app: &TestApp, prefix: &str, n: usize) {
    for i in 0..n {
        sqlx::query(
            "INSERT INTO outbox (idempotency_key, channel, recipient, template_key, template_id, sender, language, \
             body, encoding, segments, priority, status, next_attempt_at, created_at) \
             SELECT $1, channel, recipient, template_key, template_id, sender, language, body, encoding, segments, \
             2, 'pending', next_attempt_at, created_at FROM outbox WHERE id = (SELECT MIN(id) FROM outbox)",
        )
        .bind(format!("{prefix}-{i}"))
        .execute(app.store.pool())
        .await
        .unwrap();
    }
}

/// Seed 003: messages left at about ten a second, one at a time. A round now sends several at
/// once (never more than the gateway's `parallel`), each in its slot of the gateway's
/// `rate_per_second`, and the one-time password among the first.
#[tokio::test]
async fn messages_go_several_at_a_time_within_the_gateways_rate() {
    let app = spawn_app().await;
    app.file_default().await;
    queue_copies_as_bulk(&app, "first", 19).await;
    app.otp_for("9812099999").await;

    // A fast rate and a slow gateway: four at a time, never more.
    let (fake, gateway) = slow_gateway(Duration::from_millis(150), 1_000, 4).await;
    let report = nivaran::worker::delivery::deliver_sms(&app.store, &gateway, "w1")
        .await
        .unwrap();
    assert_eq!((report.sent, report.failed), (21, 0));
    let (most_in_flight, arrived) = {
        let fake = fake.lock().unwrap();
        (fake.most_in_flight, fake.arrived.clone())
    };
    assert_eq!(most_in_flight, 4, "sent several at a time, up to parallel");
    let otp = arrived
        .iter()
        .position(|t| t.contains("one-time password") || t.contains("वन-टाइम"));
    assert!(
        otp.is_some_and(|at| at < 4),
        "the one-time password goes in the first handful: {:?}",
        arrived
    );

    // A slow rate and a fast gateway: the rate rules. 20 messages at 40 a second take at least
    // 19 gaps of 25 ms.
    queue_copies_as_bulk(&app, "second", 20).await;
    let (fake, gateway) = slow_gateway(Duration::from_millis(1), 40, 8).await;
    let started = std::time::Instant::now();
    let report = nivaran::worker::delivery::deliver_sms(&app.store, &gateway, "w1")
        .await
        .unwrap();
    assert_eq!(report.sent, 20);
    assert!(
        started.elapsed() >= Duration::from_millis(19 * 25),
        "kept to the rate: {:?}",
        started.elapsed()
    );
    assert!(fake.lock().unwrap().most_in_flight <= 2);
}
