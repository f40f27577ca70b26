//! Open311 requests as real clients send them (issue 18, item 5): GeoReport v2 makes `phone`,
//! `first_name` and `last_name` optional. Such a request is filed; its citizen is reached only
//! through the integration (and by e-mail when given): no SMS, no verification call, no OTP
//! tracking (which says so); the key that filed it reads its description, others do not.

use crate::helpers::*;
use crate::open311::{admin_key, get, json_of, open311};
use crate::web_client::WebClient;
use serde_json::{Value, json};

/// Posts a request to `/requests.{suffix}` with `fields` besides the key and the problem, and
/// returns its registration number and notice.
async fn file(app: &TestApp, key: &str, suffix: &str, fields: &[(&str, &str)]) -> (String, String) {
    let mut form: Vec<(&str, &str)> = vec![
        ("api_key", key),
        ("service_code", "PHED-WS-NOSUP"),
        ("address_id", "06084010101"),
        (
            "description",
            "Hand pump near the school is broken\nChildren have no water.",
        ),
    ];
    form.extend_from_slice(fields);
    let response = app
        .client
        .post(open311(app, &format!("/requests.{suffix}")))
        .form(&form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 201, "{text}");
    if suffix == "json" {
        let body: Value = serde_json::from_str(&text).unwrap();
        (
            body[0]["service_request_id"].as_str().unwrap().to_string(),
            body[0]["service_notice"].as_str().unwrap().to_string(),
        )
    } else {
        let doc = roxmltree::Document::parse(&text).unwrap();
        let text_of = |name: &str| {
            doc.descendants()
                .find(|n| n.has_tag_name(name))
                .and_then(|n| n.text())
                .unwrap()
                .to_string()
        };
        (text_of("service_request_id"), text_of("service_notice"))
    }
}

async fn messages(app: &TestApp, regno: &str, channel: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox o JOIN grievances g ON g.id = o.grievance_id \
         WHERE g.regno = $1 AND o.channel = $2",
    )
    .bind(regno.to_string())
    .bind(channel.to_string())
    .fetch_one(app.store.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn a_request_without_phone_or_name_is_filed_and_followed_through_the_integration() {
    let app = spawn_app().await;
    // Every disposal is called (so that one left out is left out for its missing number).
    app.store.set_monitoring(
        nivaran::store::VerificationPolicy {
            share_percent: 100,
            ..Default::default()
        },
        nivaran::store::AuditPolicy::default(),
    );
    let key = admin_key(&app).await;
    // In JSON, a name and an e-mail address but no phone; in XML, nothing of the citizen.
    let (named, notice) = file(
        &app,
        &key,
        "json",
        &[("first_name", "Ramesh"), ("email", "ramesh@example.in")],
    )
    .await;
    assert!(notice.contains("no phone was given"), "{notice}");
    let (nameless, _) = file(&app, &key, "xml", &[]).await;

    let admin = app.login("admin").await;
    let case = app.case(&admin, &named).await["grievance"].clone();
    assert_eq!(
        (case["citizen_name"].as_str(), case["mobile"].as_str()),
        (Some("Ramesh"), Some(""))
    );
    assert_eq!(case["channel"], "open311");
    let case = app.case(&admin, &nameless).await["grievance"].clone();
    assert_eq!(
        (case["citizen_name"].as_str(), case["mobile"].as_str()),
        (Some(""), Some(""))
    );

    // Told by e-mail where given, never by SMS, at filing and at each step.
    let officer = app.login("officer.phed.rewari.block").await;
    for regno in [&named, &nameless] {
        app.act_ok(&officer, regno, json!({"action": "accept"}))
            .await;
    }
    assert_eq!(messages(&app, &named, "sms").await, 0);
    assert_eq!(messages(&app, &nameless, "sms").await, 0);
    assert!(messages(&app, &named, "email").await >= 2);

    // The key that filed it reads the citizen's words; anyone else the category only.
    let path = format!("/requests/{nameless}.json");
    let theirs = json_of(get(&app, &format!("{path}?api_key={key}")).await, 200).await;
    assert!(
        theirs[0]["description"]
            .as_str()
            .unwrap()
            .contains("Hand pump near the school"),
        "{theirs}"
    );
    let public = json_of(get(&app, &path).await, 200).await;
    assert!(
        !public[0]["description"]
            .as_str()
            .unwrap()
            .contains("Hand pump"),
        "{public}"
    );

    // Tracking on the web by OTP says to follow it where it was filed, and sends no code.
    let mut web = WebClient::new(&app);
    web.get("/track").await;
    let page = web
        .post("/track", &[("regno", &nameless), ("mobile", "9812012345")])
        .await;
    assert_eq!(page.status, 422);
    assert!(
        page.body.contains("without a phone number"),
        "{}",
        page.body
    );
    let otps: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE template_key = 'otp'")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(otps, 0);
    // The officer's page says why there is no number to call.
    let mut web = WebClient::new(&app);
    web.login("officer.phed.rewari.block").await;
    let page = web.get(&format!("/cases/{nameless}")).await;
    assert!(page.body.contains("name not given"), "{}", page.body);
    assert!(
        page.body
            .contains("no phone: reached through the integration")
    );

    // No monthly limit counts the cases of citizens without a number together, and two such
    // cases are not "the same citizen" to the duplicate check.
    for _ in 0..11 {
        file(&app, &key, "json", &[]).await;
    }
    app.clock.advance_millis(60_000); // past the moment the check waits for filings to settle
    let report = app.store.run_duplicate_check(None).await.unwrap();
    assert!(report.checked >= 13, "{report:?}");
    let same_mobile: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM duplicate_candidates WHERE reasons LIKE '%same_mobile%'",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(same_mobile, 0);

    // Disposed, they are never served for a verification call.
    for regno in [&named, &nameless] {
        app.act_ok(
            &officer,
            regno,
            json!({"action": "submit_atr", "text": "Hand pump repaired"}),
        )
        .await;
        app.act_ok(
            &officer,
            regno,
            json!({"action": "dispose", "kind": "relief", "remarks": "Pump working"}),
        )
        .await;
    }
    let mut web = WebClient::new(&app);
    web.login("verifier").await;
    let page = web.get("/verify").await;
    assert!(!page.body.contains(named.as_str()) && !page.body.contains(nameless.as_str()));
    assert_eq!(messages(&app, &nameless, "sms").await, 0);
}
