//! Citizens' one-time passwords and the abuse limits.

use crate::helpers::*;
use serde_json::{Value, json};

/// The code, read back from where the SMS went (the outbox, before delivery).
pub async fn sent_code(app: &TestApp, mobile: &str) -> String {
    let body: String = sqlx::query_scalar("SELECT body FROM outbox WHERE template_key = 'otp' AND recipient = $1 ORDER BY id DESC LIMIT 1")
        .bind(mobile.to_string())
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    body.chars().take_while(|c| c.is_ascii_digit()).collect()
}

async fn request(app: &TestApp, mobile: &str, ip: &str) -> reqwest::Response {
    app.client
        .post(app.url("/otp/request"))
        .header("x-forwarded-for", ip)
        .json(&json!({"mobile": mobile, "language": "en"}))
        .send()
        .await
        .unwrap()
}

async fn verify(app: &TestApp, mobile: &str, code: &str) -> reqwest::Response {
    app.client
        .post(app.url("/otp/verify"))
        .json(&json!({"mobile": mobile, "code": code}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_citizen_tracks_their_cases_with_a_one_time_password() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    assert_eq!(request(&app, "9812012345", "10.1.1.1").await.status(), 202);
    let code = sent_code(&app, "9812012345").await;
    assert_eq!(code.len(), 6);
    // Only a hash is kept.
    let stored: String = sqlx::query_scalar("SELECT code_hash FROM otps")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert!(!stored.contains(&code) && stored.starts_with("$argon2"));
    let response = verify(&app, "9812012345", &code).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let token = body["token"].as_str().unwrap();
    assert_eq!(body["user"]["role"], "citizen");
    // The citizen sees their case, and only theirs.
    let list: Value = app.get(token, "/grievances").await.json().await.unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["registration_number"], regno.as_str());
    // A code works once.
    let (status, code_err, field, _) = error_of(verify(&app, "9812012345", &code).await).await;
    assert_eq!(
        (status, code_err.as_str(), field.as_deref()),
        (401, "invalid_otp", Some("code"))
    );
    // After delivery the code is gone from the outbox too.
    let dir = tempfile::tempdir().unwrap();
    let sink = nivaran::notify::build_gateway(&Default::default(), dir.path()).unwrap();
    nivaran::worker::delivery::deliver_sms(&app.store, &sink, "w")
        .await
        .unwrap();
    let body: String = sqlx::query_scalar("SELECT body FROM outbox WHERE template_key = 'otp'")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert!(!body.contains(&code), "{body}");
}

#[tokio::test]
async fn wrong_codes_are_limited_and_codes_expire() {
    let app = spawn_app().await;
    assert_eq!(request(&app, "9812012345", "10.1.1.2").await.status(), 202);
    let code = sent_code(&app, "9812012345").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (1..5).rev() {
        let (_, _, _, message) = error_of(verify(&app, "9812012345", wrong).await).await;
        assert!(message.contains(&format!("{left} tries left")), "{message}");
    }
    let (_, _, _, message) = error_of(verify(&app, "9812012345", wrong).await).await;
    assert!(message.contains("no tries are left"), "{message}");
    // Even the right code is dead now.
    assert_eq!(verify(&app, "9812012345", &code).await.status(), 401);
    // A fresh code expires after ten minutes.
    assert_eq!(request(&app, "9812012345", "10.1.1.2").await.status(), 202);
    let code = sent_code(&app, "9812012345").await;
    app.clock.advance_millis(11 * 60_000);
    let (_, _, _, message) = error_of(verify(&app, "9812012345", &code).await).await;
    assert!(message.contains("expired"), "{message}");
}

#[tokio::test]
async fn otp_requests_are_rate_limited_per_mobile_and_per_ip_across_nodes() {
    let app = spawn_app().await;
    for _ in 0..3 {
        assert_eq!(request(&app, "9812000001", "10.2.2.2").await.status(), 202);
    }
    let (status, code, _, message) = error_of(request(&app, "9812000001", "10.2.2.3").await).await;
    assert_eq!((status, code.as_str()), (429, "rate_limited"));
    assert!(message.contains("minutes"), "{message}");
    // The window passes.
    app.clock.advance_millis(15 * 60_000);
    assert_eq!(request(&app, "9812000001", "10.2.2.3").await.status(), 202);
    // One address asking for many numbers is stopped too (30 an hour).
    let mut refused = 0;
    for i in 0..32 {
        let response = request(&app, &format!("97000{i:05}"), "10.9.9.9").await;
        if response.status() == 429 {
            refused += 1;
        }
    }
    assert_eq!(refused, 2);
}

#[tokio::test]
async fn a_mobile_number_may_file_ten_a_month_unless_an_operator_overrides_with_a_reason() {
    let app = spawn_app().await;
    for _ in 0..10 {
        app.file_default().await;
    }
    let response = app
        .client
        .post(app.url("/grievances"))
        .header("accept-language", "hi")
        .json(&form())
        .send()
        .await
        .unwrap();
    let (status, code, _, message) = error_of(response).await;
    assert_eq!((status, code.as_str()), (429, "filing_limit"));
    assert!(message.contains("181"), "{message}");
    // An operator is told of the override; with a reason it goes through, and the reason is audited.
    let operator = app.login("operator.rewari").await;
    let mut f = form();
    f["channel"] = json!("helpline");
    let (status, code, _, message) = error_of(app.file_as(&operator, &f).await).await;
    assert_eq!((status, code.as_str()), (429, "filing_limit"));
    assert!(message.contains("limit_override_reason"), "{message}");
    f["limit_override_reason"] = json!("Caller reports a new, separate water main burst");
    let response = app.file_as(&operator, &f).await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    let admin = app.login("admin").await;
    let case = app
        .case(&admin, body["registration_number"].as_str().unwrap())
        .await;
    let register = &case["timeline"][0];
    assert_eq!(register["actor"], "operator.rewari");
    assert_eq!(
        register["details"]["limit_override_reason"],
        "Caller reports a new, separate water main burst"
    );
    // A citizen cannot claim the override.
    let mut own = form();
    own["limit_override_reason"] = json!("I really need this one");
    let (status, code, field, _) = error_of(
        app.client
            .post(app.url("/grievances"))
            .json(&own)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "operator_only", Some("limit_override_reason"))
    );
    // Next month the count starts again.
    app.clock.advance_days(10); // 3 December
    assert_eq!(
        app.client
            .post(app.url("/grievances"))
            .json(&form())
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
}
