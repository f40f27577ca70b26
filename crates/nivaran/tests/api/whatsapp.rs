//! WhatsApp (issue 18, part 2), against a fake of the Cloud API on 127.0.0.1: Meta's webhook
//! (its verification and signature), a conversation from greeting to registration number that
//! goes on on another node (a second store on the same database, as after a restart), the
//! citizen's photo or document fetched from the Graph API, "status", the SMS mirrored as template
//! messages to a citizen who opted in, and feedback after disposal.

use crate::helpers::*;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use nivaran::notify::platforms::WhatsAppConfig;
use nivaran::social::signature_of;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

const SECRET: &str = "whatsapp-app-secret";
const WA_ID: &str = "919812055501";

#[derive(Default)]
struct CloudApi {
    sent: Vec<Value>,
    base: String,
}

type Fake = Arc<Mutex<CloudApi>>;

fn authorised(headers: &HeaderMap) -> bool {
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some("Bearer wa-token")
}

async fn messages(
    State(fake): State<Fake>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, String) {
    if !authorised(&headers) {
        return (StatusCode::UNAUTHORIZED, "{}".into());
    }
    let mut api = fake.lock().unwrap();
    api.sent.push(serde_json::from_str(&body).unwrap());
    let id = format!("wamid.out.{}", api.sent.len());
    (
        StatusCode::OK,
        json!({"messaging_product": "whatsapp", "messages": [{"id": id}]}).to_string(),
    )
}

async fn media(
    State(fake): State<Fake>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> (StatusCode, String) {
    if !authorised(&headers) || id != "MEDIA-7" {
        return (StatusCode::NOT_FOUND, "{}".into());
    }
    let base = fake.lock().unwrap().base.clone();
    (
        StatusCode::OK,
        json!({"url": format!("{base}/files/MEDIA-7"), "mime_type": "application/pdf", "id": id})
            .to_string(),
    )
}

async fn file(headers: HeaderMap) -> (StatusCode, Vec<u8>) {
    if !authorised(&headers) {
        return (StatusCode::UNAUTHORIZED, Vec::new());
    }
    (StatusCode::OK, pdf_bytes())
}

async fn cloud_api(app: &TestApp) -> (Fake, WhatsAppConfig) {
    let fake = Fake::default();
    let router = axum::Router::new()
        .route("/1098/messages", post(messages))
        .route("/{id}", get(media))
        .route("/files/MEDIA-7", get(file))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    fake.lock().unwrap().base = base.clone();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let config: WhatsAppConfig = toml::from_str(&format!(
        "app_secret = \"{SECRET}\"\nverify_token = \"verify-whatsapp\"\naccess_token = \"wa-token\"\n\
         phone_number_id = \"1098\"\ngraph_base = \"{base}\"\nupdate_template = \"grievance_update\"\n"
    ))
    .unwrap();
    config.check().unwrap();
    app.store.set_whatsapp(Some(config.clone()));
    let mut notifications = (*app.store.notifications()).clone();
    notifications.whatsapp_update = config.update_template.clone();
    app.store.set_notifications(notifications);
    (fake, config)
}

fn delivery(id: &str, message: Value) -> String {
    let mut message = message;
    message["from"] = json!(WA_ID);
    message["id"] = json!(id);
    message["timestamp"] = json!("1795166100");
    json!({"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": {"display_phone_number": "911800181181", "phone_number_id": "1098"},
            "contacts": [{"profile": {"name": "Sunita"}, "wa_id": WA_ID}], "messages": [message]}}]}]})
    .to_string()
}

async fn post_delivery(app: &TestApp, body: &str, secret: &str) -> reqwest::Response {
    app.client
        .post(app.url("/whatsapp/webhook"))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", signature_of(secret, body.as_bytes()))
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

/// Sends a text as the citizen; the texts the line answered it with.
async fn say(app: &TestApp, id: &str, text: &str) -> Vec<String> {
    let body = delivery(id, json!({"type": "text", "text": {"body": text}}));
    let response = post_delivery(app, &body, SECRET).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    replies_to(app, id).await
}

async fn replies_to(app: &TestApp, id: &str) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT body FROM outbox WHERE channel = 'whatsapp' AND idempotency_key LIKE $1 ORDER BY id",
    )
    .bind(format!("whatsapp:{id}:%"))
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    rows.into_iter()
        .map(|(body,)| {
            let body: Value = serde_json::from_str(&body).unwrap();
            body["text"]["body"].as_str().unwrap().to_string()
        })
        .collect()
}

#[tokio::test]
async fn a_conversation_files_a_grievance_across_a_restart_and_answers_status_and_feedback() {
    let app = spawn_app().await;
    // Not connected: the webhook is not there.
    assert_eq!(post_delivery(&app, "{}", SECRET).await.status(), 404);
    let (fake, config) = cloud_api(&app).await;
    let verified = app
        .client
        .get(app.url("/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=verify-whatsapp&hub.challenge=42"))
        .send()
        .await
        .unwrap();
    assert_eq!(verified.text().await.unwrap(), "42");
    // A forged delivery and a delivery that is not WhatsApp's: nothing taken.
    let hello = delivery("wamid.1", json!({"type": "text", "text": {"body": "नमस्ते"}}));
    assert_eq!(post_delivery(&app, &hello, "forged").await.status(), 403);
    let page = json!({"object": "page", "entry": []}).to_string();
    assert_eq!(post_delivery(&app, &page, SECRET).await.status(), 422);
    assert!(app.store.conversation(WA_ID).await.unwrap().is_none());

    // Greeted in the language written in; English on asking.
    let menu = say(&app, "wamid.1", "नमस्ते").await;
    assert!(menu[0].starts_with("मुख्यमंत्री शिकायत सेवा"), "{menu:?}");
    let menu = say(&app, "wamid.2", "English").await;
    assert!(menu[0].starts_with("Welcome"), "{menu:?}");
    assert!(say(&app, "wamid.3", "1").await[0].contains("full name"));
    assert!(say(&app, "wamid.4", "Sunita Devi").await[0].contains("Where is the problem"));

    // The next messages go to another node (or the same after a restart): a second store on
    // the same database takes up the conversation where it is.
    let files = tempfile::tempdir().unwrap();
    let other = nivaran::store::Store::open(&app.database_url, app.clock.clone(), files.path())
        .await
        .unwrap();
    let media = nivaran::whatsapp::Media::new(&config).unwrap();
    let location = nivaran::whatsapp::Inbound {
        id: "wamid.5".into(),
        wa_id: WA_ID.into(),
        name: None,
        kind: nivaran::whatsapp::InboundKind::Location {
            latitude: 28.19,
            longitude: 76.62,
        },
    };
    nivaran::whatsapp::handle(&other, &media, &location)
        .await
        .unwrap();
    assert!(
        replies_to(&app, "wamid.5").await[0].starts_with("Place: Rewari"),
        "{:?}",
        replies_to(&app, "wamid.5").await
    );
    drop(other);
    let offered = say(
        &app,
        "wamid.6",
        "No drinking water supply in our lane for ten days, the pipeline is broken",
    )
    .await;
    assert!(
        offered[0].starts_with("Which of these is it?"),
        "{offered:?}"
    );
    let first = offered[0].lines().nth(1).unwrap().to_string();
    assert!(first.starts_with("1. "), "{offered:?}");
    assert!(say(&app, "wamid.7", "9").await[0].contains("number of one of the choices"));
    assert!(say(&app, "wamid.8", "1").await[0].contains("photo or document"));
    // A document: fetched from the Graph API and kept with the case.
    let document = delivery(
        "wamid.9",
        json!({"type": "document",
        "document": {"id": "MEDIA-7", "mime_type": "application/pdf", "filename": "bill.pdf", "sha256": "x"}}),
    );
    assert_eq!(post_delivery(&app, &document, SECRET).await.status(), 200);
    let filed = replies_to(&app, "wamid.9").await;
    assert!(
        filed[0].starts_with("Your grievance is registered as "),
        "{filed:?}"
    );
    let regno = filed[0]
        .trim_start_matches("Your grievance is registered as ")
        .split('.')
        .next()
        .unwrap()
        .to_string();
    // Delivered again by Meta: taken once, filed once.
    let again: Value = post_delivery(&app, &document, SECRET)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["taken"], 0);
    let admin = app.login("admin").await;
    assert_eq!(
        app.listed(&admin, "channel=whatsapp").await,
        vec![regno.clone()]
    );
    let case = app.case(&admin, &regno).await;
    assert_eq!(case["grievance"]["mobile"], "9812055501");
    assert_eq!(case["grievance"]["citizen_name"], "Sunita Devi");
    let documents: Value = app
        .get(&admin, &format!("/grievances/{regno}/attachments"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        documents["attachments"][0]["filename"], "bill.pdf",
        "{documents}"
    );

    // "status" at any time.
    let status = say(&app, "wamid.10", "status").await;
    assert!(status[0].starts_with(&regno), "{status:?}");

    // Every reply goes out through the Cloud API.
    let config_media = nivaran::whatsapp::Media::new(&config).unwrap();
    let round = nivaran::whatsapp::deliver_whatsapp(&app.store, Some(&config_media), "test")
        .await
        .unwrap();
    assert!(round.sent >= 10, "{round:?}");
    assert_eq!(round.failed, 0);

    // The citizen opted in: the officer's acceptance comes as a template message too.
    let officer = app.login("officer.phed.rewari.block").await;
    let holder = case["grievance"]["holding_office"]["code"]
        .as_str()
        .unwrap()
        .to_string();
    let officer = if holder == "PHED-REWARI-BL-REWARI" {
        officer
    } else {
        app.login("officer.phed.rewari").await
    };
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    nivaran::whatsapp::deliver_whatsapp(&app.store, Some(&config_media), "test")
        .await
        .unwrap();
    let sent = fake.lock().unwrap().sent.clone();
    let template = sent
        .iter()
        .find(|m| m["type"] == "template")
        .expect("a template message");
    assert_eq!(template["to"], WA_ID);
    assert_eq!(template["template"]["name"], "grievance_update");
    assert!(
        template["template"]["components"][0]["parameters"][0]["text"]
            .as_str()
            .unwrap()
            .contains(&regno)
    );

    // Disposed: the citizen's feedback on WhatsApp is recorded.
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "submit_atr", "text": "Pipeline repaired"}),
    )
    .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored"}),
    )
    .await;
    assert!(say(&app, "wamid.11", "3").await[0].contains(&regno));
    assert!(say(&app, "wamid.12", "1").await[0].starts_with("Thank you"));
    assert_eq!(
        app.case(&admin, &regno).await["grievance"]["verification"],
        "satisfied"
    );
    assert!(say(&app, "wamid.13", "3").await[0].starts_with("None of your grievances"));
}
