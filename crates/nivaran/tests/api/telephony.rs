//! The 181 helpline's telephony (issue 18, part 3), against the formats of a generic webhook,
//! Exotel and Asterisk, and a fake call-centre system on 127.0.0.1 for outbound calls: a call
//! opening the helpline screen with the caller's earlier cases, a case filed during it keeping
//! the call and its recording, the IVR's status text in both languages, and verification calls
//! placed once (never retried late).

use crate::helpers::*;
use crate::web::{filing_fields, multipart};
use crate::web_client::WebClient;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use nivaran::notify::platforms::TelephonyConfig;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

pub const TOKEN: &str = "helpline-token-0123456789";

pub fn configure(app: &TestApp, dial_url: Option<&str>) {
    let dial = dial_url
        .map(|url| format!("[dial]\nprovider = \"http\"\nurl = \"{url}\"\n"))
        .unwrap_or_default();
    let config: TelephonyConfig = toml::from_str(&format!(
        "token = \"{TOKEN}\"\nrecordings_base = \"https://pbx.example.gov.in/rec\"\n{dial}"
    ))
    .unwrap();
    config.check().unwrap();
    app.store.set_telephony(config);
}

pub async fn call_event(app: &TestApp, body: Value) -> reqwest::Response {
    app.client
        .post(app.url("/telephony/calls"))
        .header("x-nivaran-token", TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn ivr(app: &TestApp, query: &str) -> (u16, String) {
    let response = app
        .client
        .get(app.url(&format!("/telephony/ivr/status?token={TOKEN}&{query}")))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn a_call_opens_the_screen_and_the_case_filed_during_it_keeps_the_call() {
    let app = spawn_app().await;
    // The door is shut until configured, and to a wrong token.
    let ringing = json!({"call_id": "c-1001", "event": "ringing", "caller": "+91 98120 12345",
        "agent": "operator.rewari"});
    assert_eq!(call_event(&app, ringing.clone()).await.status(), 404);
    configure(&app, None);
    let forged = app
        .client
        .post(app.url("/telephony/calls"))
        .header("x-nivaran-token", "guess")
        .json(&ringing)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let (status, code, ..) =
        error_of(call_event(&app, json!({"call_id": "c-1", "event": "on hold"})).await).await;
    assert_eq!((status, code.as_str()), (422, "invalid_body"));

    // The caller has filed before; the call rings for the operator.
    let earlier = app.file_default().await;
    assert_eq!(call_event(&app, ringing).await.status(), 200);
    let mut web = WebClient::new(&app);
    web.login("operator.rewari").await;
    let screen = web.get("/helpline").await;
    assert_eq!(screen.status, 200);
    assert!(screen.body.contains("9812012345"), "{}", screen.body);
    assert!(
        screen.body.contains(&earlier),
        "the caller's earlier case is on the screen"
    );
    // Another operator's call is not on this screen.
    call_event(
        &app,
        json!({"call_id": "c-1002", "event": "ringing", "caller": "9812000002",
        "agent": "operator.jaipur"}),
    )
    .await;
    let partial = web.get("/helpline/calls").await;
    assert!(!partial.body.contains("9812000002"));
    let call_id = partial
        .between("href=\"/file?call=", "\"")
        .expect("a link to file for the caller");

    // The form opens with the caller's number on the helpline's channel; the case keeps the call.
    let page = web.get(&format!("/file?call={call_id}")).await;
    assert!(
        page.body.contains("value=\"9812012345\""),
        "the caller's number is filled in"
    );
    assert!(
        page.body
            .contains(&format!("name=\"call\" value=\"{call_id}\""))
    );
    let mut fields = filing_fields();
    fields.push(("channel", "helpline".into()));
    fields.push(("call", call_id.clone()));
    let filed = web.post_multipart("/file", multipart(&fields)).await;
    assert_eq!(filed.status, 303, "{}", filed.body);
    let again = web.post_multipart("/file", multipart(&fields)).await;
    assert_eq!(again.status, 422, "a call is one case's");
    // The recording comes as the call ends; a late event never moves the call back.
    call_event(
        &app,
        json!({"call_id": "c-1001", "event": "ended",
        "recording_url": "https://pbx.example.gov.in/rec/c-1001.mp3"}),
    )
    .await;
    call_event(&app, json!({"call_id": "c-1001", "event": "ringing"})).await;
    let admin = app.login("admin").await;
    let regno = app.listed(&admin, "channel=helpline").await[0].clone();
    let case: Value = app
        .get(&admin, &format!("/grievances/{regno}"))
        .await
        .json()
        .await
        .unwrap();
    let calls = case["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0]["call_id"], "c-1001");
    assert_eq!(calls[0]["status"], "ended");
    assert_eq!(
        calls[0]["recording_url"],
        "https://pbx.example.gov.in/rec/c-1001.mp3"
    );
    let page = web.get(&format!("/cases/{regno}")).await;
    assert!(
        page.body
            .contains("https://pbx.example.gov.in/rec/c-1001.mp3")
    );
    // The citizen does not see the call centre's records.
    let citizen = app.signup_citizen("9812012345").await;
    let theirs: Value = app
        .get(&citizen, &format!("/grievances/{regno}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["calls"], json!([]));
    // Off the screen once ended; a citizen may not file during a call.
    assert!(!web.get("/helpline/calls").await.body.contains("9812012345"));
    let mut by_citizen = form();
    by_citizen["call"] = json!(call_id.parse::<i64>().unwrap());
    let (status, code, field, _) = error_of(app.file_as(&citizen, &by_citizen).await).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "operator_only", Some("call"))
    );
}

#[tokio::test]
async fn exotel_and_asterisk_events_are_read_as_they_send_them() {
    let app = spawn_app().await;
    configure(&app, None);
    let passthru = app
        .client
        .get(app.url(&format!(
            "/telephony/exotel?token={TOKEN}&CallSid=b6cfaf0e3c&CallFrom=09812055501&CallTo=01800181181\
             &Direction=incoming&CallType=call-attempt&DialWhomNumber=07702630820&CurrentTime=2026-11-20+10:00:00"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(passthru.status(), 200);
    let mut web = WebClient::new(&app);
    web.login("operator.rewari").await;
    // Rung to the operator's phone: on their screen.
    assert!(web.get("/helpline/calls").await.body.contains("9812055501"));
    let ended: Value = app
        .client
        .post(app.url(&format!("/telephony/exotel?token={TOKEN}")))
        .form(&[
            ("CallSid", "b6cfaf0e3c"),
            ("Status", "completed"),
            (
                "RecordingUrl",
                "https://recordings.exotel.com/b6cfaf0e3c.mp3",
            ),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ended["call"]["status"], "ended");
    assert_eq!(
        ended["call"]["recording_url"],
        "https://recordings.exotel.com/b6cfaf0e3c.mp3"
    );
    let missing = app
        .client
        .get(app.url(&format!(
            "/telephony/exotel?token={TOKEN}&CallFrom=09812055501"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 422);

    let ari = |event: Value| {
        let app = &app;
        async move {
            app.client
                .post(app.url(&format!("/telephony/asterisk?token={TOKEN}")))
                .json(&event)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let started = ari(json!({"type": "StasisStart", "application": "nivaran", "args": ["operator.rewari"],
        "channel": {"id": "1533287220.0", "state": "Ring", "caller": {"name": "", "number": "9812055577"},
            "dialplan": {"context": "helpline", "exten": "181", "priority": 1}}}))
    .await;
    assert_eq!(started["call"]["status"], "ringing");
    assert!(web.get("/helpline/calls").await.body.contains("9812055577"));
    let up = ari(
        json!({"type": "ChannelStateChange", "channel": {"id": "1533287220.0", "state": "Up",
        "caller": {"number": "9812055577"}}}),
    )
    .await;
    assert_eq!(up["call"]["status"], "answered");
    let recorded = ari(
        json!({"type": "RecordingFinished", "recording": {"name": "call-1533287220",
        "format": "wav", "target_uri": "channel:1533287220.0", "state": "done"}}),
    )
    .await;
    assert_eq!(
        recorded["call"]["recording_url"],
        "https://pbx.example.gov.in/rec/call-1533287220.wav"
    );
    let other = ari(
        json!({"type": "ChannelDtmfReceived", "digit": "5", "channel": {"id": "1533287220.0"}}),
    )
    .await;
    assert_eq!(other["call"], Value::Null);
}

#[tokio::test]
async fn the_ivr_reads_a_cases_status_in_hindi_and_english() {
    let app = spawn_app().await;
    configure(&app, None);
    let regno = app.file_default().await;
    let keyed: String = regno.chars().filter(char::is_ascii_digit).collect();
    let spoken: String = regno
        .split('-')
        .map(|g| g.chars().map(String::from).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ");
    let (status, english) = ivr(&app, &format!("digits=%22{keyed}%22&lang=en")).await;
    assert_eq!(status, 200);
    assert!(
        english.starts_with(&format!("Grievance {spoken}:")),
        "{english}"
    );
    assert!(english.contains("to be resolved by"), "{english}");
    let (_, hindi) = ivr(&app, &format!("digits={keyed}&lang=hi")).await;
    assert!(hindi.starts_with(&format!("शिकायत {spoken}:")), "{hindi}");
    assert!(hindi.contains("तक निस्तारण होना है"), "{hindi}");
    // By the mobile number filed with.
    let (_, by_mobile) = ivr(&app, "digits=9812012345&lang=en").await;
    assert!(by_mobile.contains(&spoken), "{by_mobile}");
    let (_, unknown) = ivr(&app, "digits=9800000000&lang=en").await;
    assert!(unknown.starts_with("No grievance was found"), "{unknown}");
    let (_, mistyped) = ivr(
        &app,
        &format!("digits={}&lang=hi", &keyed[..keyed.len() - 1]),
    )
    .await;
    assert!(
        mistyped.starts_with("आपके द्वारा दर्ज संख्या पर कोई शिकायत नहीं मिली"),
        "{mistyped}"
    );
    assert_eq!(ivr(&app, &format!("digits={keyed}&lang=fr")).await.0, 422);
    assert_eq!(ivr(&app, "lang=en").await.0, 422);
    let untokened = app
        .client
        .get(app.url(&format!("/telephony/ivr/status?digits={keyed}")))
        .send()
        .await
        .unwrap();
    assert_eq!(untokened.status(), 403);
}

#[derive(Default)]
struct FakeDialer {
    /// Requests to answer 500 before taking one.
    failures_left: usize,
    placed: Vec<Value>,
}

async fn dial(State(fake): State<Arc<Mutex<FakeDialer>>>, body: String) -> StatusCode {
    let mut fake = fake.lock().unwrap();
    if fake.failures_left > 0 {
        fake.failures_left -= 1;
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    fake.placed.push(serde_json::from_str(&body).unwrap());
    StatusCode::OK
}

#[tokio::test]
async fn a_verification_call_is_placed_once_and_never_tried_again_late() {
    let app = spawn_app().await;
    let fake = Arc::new(Mutex::new(FakeDialer::default()));
    let router = axum::Router::new()
        .route("/dial", post(dial))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/dial", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    configure(&app, Some(&url));
    app.store.set_monitoring(
        nivaran::store::VerificationPolicy {
            share_percent: 100,
            ..Default::default()
        },
        nivaran::store::AuditPolicy::default(),
    );
    let dialer = nivaran::telephony::Dialer::new(&app.store.telephony(), &app.address).unwrap();
    let regno = app.disposed_case("9812055590").await;

    let mut web = WebClient::new(&app);
    web.login("verifier").await;
    let screen = web.get("/verify").await;
    assert!(screen.body.contains("id=\"dial\""), "{}", screen.body);
    let shown = screen.between("id=\"regno\">", "<").unwrap();
    assert_eq!(shown, regno, "the only case to verify");
    let placed = web.post("/verify/dial", &[("regno", &regno)]).await;
    assert_eq!(placed.status, 303);
    let round = nivaran::telephony::deliver_calls(&app.store, &dialer, "test")
        .await
        .unwrap();
    assert_eq!(round.sent, 1);
    let request = fake.lock().unwrap().placed[0].clone();
    assert_eq!(request["to"], "9812055590");
    assert_eq!(
        request["from"], "9549243322",
        "the verifier's phone rings first"
    );
    assert_eq!(request["registration_number"], regno.as_str());
    // Its progress comes back by the reference it was placed with.
    let reference = request["call_ref"].as_str().unwrap().to_string();
    call_event(
        &app,
        json!({"call_id": reference, "event": "ended", "direction": "outbound",
        "recording_url": "https://pbx.example.gov.in/rec/verify-1.mp3"}),
    )
    .await;
    let screen = web.get("/verify").await;
    assert!(
        screen
            .body
            .contains("https://pbx.example.gov.in/rec/verify-1.mp3"),
        "{}",
        screen.body
    );
    // The outcome is recorded as any verification call's.
    let done = web
        .post(
            "/verify",
            &[("regno", &regno), ("outcome", "satisfied"), ("remarks", "")],
        )
        .await;
    assert_eq!(done.status, 303);
    let admin = app.login("admin").await;
    assert_eq!(
        app.case(&admin, &regno).await["grievance"]["verification"],
        "satisfied"
    );

    // A call the system cannot place fails at once, and is not tried again later.
    let second = app.disposed_case("9812055591").await;
    fake.lock().unwrap().failures_left = 1;
    web.get("/verify").await;
    web.post("/verify/dial", &[("regno", &second)]).await;
    let round = nivaran::telephony::deliver_calls(&app.store, &dialer, "test")
        .await
        .unwrap();
    assert_eq!((round.sent, round.dead), (0, 1));
    app.clock.advance_millis(3_600_000);
    assert_eq!(
        nivaran::telephony::deliver_calls(&app.store, &dialer, "test")
            .await
            .unwrap()
            .handled(),
        0
    );
    // (An hour on: the administrator signs in again.)
    let admin = app.login("admin").await;
    let calls: Value = app
        .get(&admin, &format!("/grievances/{second}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(calls["calls"][0]["status"], "failed", "{calls}");
    // Only verifiers place calls, and only where dialling is set up.
    let mut operator = WebClient::new(&app);
    operator.login("operator.rewari").await;
    operator.get("/helpline").await;
    assert_eq!(
        operator
            .post("/verify/dial", &[("regno", &second)])
            .await
            .status,
        403
    );
}
