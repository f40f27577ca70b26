//! The exchange with another grievance portal (issue 18, part 4), against a fake of a
//! CPGRAMS-style portal on 127.0.0.1: transferred grievances pulled from its JSON endpoint (with
//! its token) and from a folder, read through a field mapping and filed once, what cannot be
//! filed kept with why; the ATR and disposal sent back once when a case is disposed, retried after
//! the portal fails.

use crate::helpers::*;
use crate::web_client::WebClient;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use nivaran::exchange::{ExchangeConfig, Exchanges, PullReport};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

const PORTAL_TOKEN: &str = "Bearer portal-secret";

#[derive(Default)]
struct Portal {
    /// What the transfer endpoint offers.
    offered: Vec<Value>,
    /// Pulls answered, and pulls refused for a wrong token.
    pulls: usize,
    refused: usize,
    /// Returns to answer 503 before taking one.
    failures_left: usize,
    /// Returns taken: (Idempotency-Key, body).
    returns: Vec<(String, Value)>,
}

type Fake = Arc<Mutex<Portal>>;

fn authorised(headers: &HeaderMap) -> bool {
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(PORTAL_TOKEN)
}

async fn transferred(State(fake): State<Fake>, headers: HeaderMap) -> (StatusCode, String) {
    let mut portal = fake.lock().unwrap();
    if !authorised(&headers) {
        portal.refused += 1;
        return (StatusCode::UNAUTHORIZED, "{}".into());
    }
    portal.pulls += 1;
    let answer = json!({"status": "ok", "data": {"grievances": portal.offered}});
    (StatusCode::OK, answer.to_string())
}

async fn atr(State(fake): State<Fake>, headers: HeaderMap, body: String) -> StatusCode {
    let mut portal = fake.lock().unwrap();
    if !authorised(&headers) {
        return StatusCode::UNAUTHORIZED;
    }
    if portal.failures_left > 0 {
        portal.failures_left -= 1;
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    portal
        .returns
        .push((key, serde_json::from_str(&body).unwrap()));
    StatusCode::OK
}

/// The fake portal, and the exchange configured for it as a state would write it.
async fn portal(folder: Option<&std::path::Path>) -> (Fake, ExchangeConfig) {
    let fake = Fake::default();
    let app = axum::Router::new()
        .route("/api/transferred", get(transferred))
        .route("/api/atr", post(atr))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let folder = folder
        .map(|f| format!("folder = \"{}\"\n", f.display()))
        .unwrap_or_default();
    let config: ExchangeConfig = toml::from_str(&format!(
        r#"
        name = "cpgrams"
        system = "cpgrams"
        pull_url = "{base}/api/transferred"
        items = "/data/grievances"
        return_url = "{base}/api/atr"
        auth_header = "Authorization"
        auth_value = "{PORTAL_TOKEN}"
        {folder}
        [fields]
        external_reference = "registration_no"
        description = "/grievance/text"
        category = "/grievance/category"
        citizen_name = "/applicant/name"
        mobile = "/applicant/mobile"
        address = "/applicant/address"
        jurisdiction = "/grievance/location"
        [categories]
        "417" = "PHED-WS-NOSUP"
        [places]
        "RWR-GKG" = "06084010101"
        "#
    ))
    .unwrap();
    nivaran::exchange::check_all(std::slice::from_ref(&config)).unwrap();
    (fake, config)
}

fn record(number: &str, mobile: Option<&str>, category: &str) -> Value {
    json!({
        "registration_no": number,
        "applicant": {"name": "Sunita Devi", "mobile": mobile, "address": "Gokalgarh, Rewari"},
        "grievance": {"text": "No drinking water in our lane for ten days; the pump is broken.",
                      "category": category, "location": "RWR-GKG"}
    })
}

/// The store writes ATR returns for this exchange from now on.
fn returns_to(app: &TestApp, config: &ExchangeConfig) {
    let mut notifications = (*app.store.notifications()).clone();
    notifications.exchange_returns = config.return_link().into_iter().collect();
    app.store.set_notifications(notifications);
}

async fn pull(app: &TestApp, config: &ExchangeConfig) -> PullReport {
    let client = nivaran::exchange::client(config).unwrap();
    nivaran::exchange::pull(&app.store, &client, config)
        .await
        .unwrap()
}

#[tokio::test]
async fn transferred_grievances_are_filed_once_and_their_atr_goes_back_once() {
    let app = spawn_app().await;
    let (fake, config) = portal(None).await;
    returns_to(&app, &config);
    fake.lock().unwrap().offered = vec![
        record("DARPG/E/2026/0000101", Some("+91-98120 55501"), "417"),
        // No mobile number: filed, the citizen reached through the portal.
        record("DARPG/E/2026/0000102", None, "417"),
        // A category the mapping does not know: kept as failed, with why.
        record("DARPG/E/2026/0000103", Some("9812055503"), "999"),
    ];
    let first = pull(&app, &config).await;
    assert_eq!(
        first,
        PullReport {
            filed: 2,
            already: 0,
            failed: 1,
            unreadable: 0
        }
    );
    let admin = app.login("admin").await;
    let found = app
        .listed(&admin, "external_reference=DARPG/E/2026/0000101")
        .await;
    assert_eq!(found.len(), 1);
    let regno = found[0].clone();
    let case = app.case(&admin, &regno).await;
    let g = &case["grievance"];
    assert_eq!(g["channel"], "cpgrams");
    assert_eq!(g["mobile"], "9812055501");
    assert_eq!(g["external_reference"]["reference"], "DARPG/E/2026/0000101");
    assert_eq!(g["holding_office"]["code"], "PHED-REWARI-BL-REWARI");
    let without = app
        .listed(&admin, "external_reference=DARPG/E/2026/0000102")
        .await;
    assert_eq!(without.len(), 1);
    assert_eq!(
        app.case(&admin, &without[0]).await["grievance"]["mobile"],
        ""
    );

    // Pulled again: nothing new filed; the failed record is tried again and still fails.
    let second = pull(&app, &config).await;
    assert_eq!((second.filed, second.already, second.failed), (0, 2, 1));
    assert_eq!(
        app.listed(&admin, "external_reference=DARPG/E/2026/0000101")
            .await
            .len(),
        1
    );
    let failed: Value = app
        .get(&admin, "/admin/exchange-records?status=failed")
        .await
        .json()
        .await
        .unwrap();
    let failed = failed["items"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["external_reference"], "DARPG/E/2026/0000103");
    assert_eq!(failed[0]["attempts"], 2);
    assert!(failed[0]["error"].as_str().unwrap().contains("'999'"));
    let (status, code, _, _) =
        error_of(app.get(&admin, "/admin/exchange-records?status=lost").await).await;
    assert_eq!((status, code.as_str()), (422, "invalid_choice"));
    let officer = app.login("officer.phed.rewari.block").await;
    assert_eq!(
        app.get(&officer, "/admin/exchange-records").await.status(),
        403
    );
    // The administrator's page shows the same, with the portal's words.
    let mut web = WebClient::new(&app);
    web.login("admin").await;
    let page = web.get("/admin/exchange?status=failed").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("DARPG/E/2026/0000103"));
    assert!(
        page.body
            .contains("is not known (map it in [exchange.categories])")
    );
    assert!(!page.body.contains("DARPG/E/2026/0000101"));
    let page = web.get("/admin/exchange?status=filed").await;
    assert!(page.body.contains(&format!("href=\"/cases/{regno}\"")));
    assert_eq!(web.get("/admin/exchange?status=lost").await.status, 422);

    // Disposed: the ATR and disposal go back; the portal fails once, then takes it once.
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "submit_atr", "text": "Pump repaired, supply restored"}),
    )
    .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored on 25 November"}),
    )
    .await;
    fake.lock().unwrap().failures_left = 1;
    let exchanges = Exchanges::new(std::slice::from_ref(&config)).unwrap();
    let deliver = || nivaran::exchange::deliver_returns(&app.store, &exchanges, "test");
    let round = deliver().await.unwrap();
    assert_eq!((round.sent, round.failed), (0, 1));
    let outbox: Value = app
        .get(&admin, "/admin/outbox?status=failed")
        .await
        .json()
        .await
        .unwrap();
    let waiting = &outbox["items"][0];
    assert_eq!(waiting["channel"], "exchange");
    assert!(
        waiting["last_error"].as_str().unwrap().contains("503"),
        "{waiting}"
    );
    // Not before its backoff; then once.
    assert_eq!(deliver().await.unwrap().handled(), 0);
    app.clock.advance_millis(31_000);
    assert_eq!(deliver().await.unwrap().sent, 1);
    app.clock.advance_millis(3_600_000);
    assert_eq!(deliver().await.unwrap().handled(), 0);
    let returns = fake.lock().unwrap().returns.clone();
    assert_eq!(returns.len(), 1);
    let (key, body) = &returns[0];
    assert!(
        key.starts_with(&format!("exchange:cpgrams:{regno}:")),
        "{key}"
    );
    assert_eq!(body["external_reference"], "DARPG/E/2026/0000101");
    assert_eq!(body["registration_number"], regno.as_str());
    assert_eq!(body["status"], "disposed");
    assert_eq!(body["disposal_kind"], "relief");
    assert_eq!(body["atr"], "Pump repaired, supply restored");
    assert_eq!(body["remarks"], "Supply restored on 25 November");
    assert_eq!(body["office"]["code"], "PHED-REWARI-BL-REWARI");
    // A case that did not come from the portal sends nothing back.
    app.disposed_case("9812055509").await;
    assert_eq!(deliver().await.unwrap().handled(), 0);
    // The import is in the case's record, and the chains hold.
    assert_eq!(case["timeline"][0]["action"], "register");
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);
}

#[tokio::test]
async fn a_wrong_token_or_an_unreachable_portal_ends_the_pull_with_nothing_filed() {
    let app = spawn_app().await;
    let (fake, mut config) = portal(None).await;
    fake.lock().unwrap().offered = vec![record("DARPG/E/2026/0000201", None, "417")];
    config.auth_value = Some("Bearer wrong".into());
    let client = nivaran::exchange::client(&config).unwrap();
    let refused = nivaran::exchange::pull(&app.store, &client, &config).await;
    assert!(refused.unwrap_err().contains("401"));
    assert_eq!(fake.lock().unwrap().refused, 1);
    config.pull_url = Some("http://127.0.0.1:9/api/transferred".into());
    let unreachable = nivaran::exchange::pull(&app.store, &client, &config).await;
    assert!(unreachable.unwrap_err().contains("could not be reached"));
    let admin = app.login("admin").await;
    assert!(
        app.listed(&admin, "external_reference=DARPG/E/2026/0000201")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn files_dropped_in_the_folder_are_filed_and_set_aside() {
    let app = spawn_app().await;
    let folder = tempfile::tempdir().unwrap();
    let (_fake, mut config) = portal(Some(folder.path())).await;
    config.pull_url = None;
    // Files hold the portal's answer as its endpoint would: the records at `items`.
    let batch = json!({"data": {"grievances": [
        record("DARPG/E/2026/0000301", Some("9812055531"), "417"),
        record("DARPG/E/2026/0000302", Some("9812055532"), "417"),
    ]}});
    std::fs::write(folder.path().join("0001.json"), batch.to_string()).unwrap();
    std::fs::write(folder.path().join("0002.json"), "not json").unwrap();
    std::fs::write(folder.path().join("readme.txt"), "left alone").unwrap();
    let report = pull(&app, &config).await;
    assert_eq!((report.filed, report.failed), (2, 0));
    assert!(folder.path().join("done/0001.json").exists());
    assert!(folder.path().join("failed/0002.json").exists());
    assert!(folder.path().join("readme.txt").exists());
    // The same file dropped again files nothing new.
    std::fs::write(folder.path().join("0003.json"), batch.to_string()).unwrap();
    let again = pull(&app, &config).await;
    assert_eq!((again.filed, again.already), (0, 2));
    let admin = app.login("admin").await;
    let filed: Value = app
        .get(&admin, "/admin/exchange-records?status=filed")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(filed["items"].as_array().unwrap().len(), 2);
}

#[test]
fn an_exchange_configured_wrongly_is_refused_with_what_to_fix() {
    let parse = |extra: &str| -> Result<(), String> {
        let config: ExchangeConfig = toml::from_str(&format!(
            "name = \"saral\"\n{extra}\n[fields]\nexternal_reference = \"no\"\ndescription = \"text\"\ncategory = \"cat\"\n"
        ))
        .map_err(|e| e.to_string())?;
        nivaran::exchange::check_all(&[config])
    };
    let refused =
        parse("system = \"saral\"\npull_url = \"https://saral.example/api\"").unwrap_err();
    assert!(refused.contains("channel"), "{refused}");
    assert!(
        parse("system = \"sarall\"\nchannel = \"cm_cell\"\npull_url = \"https://x.example\"")
            .unwrap_err()
            .contains("system must be one of")
    );
    assert!(
        parse("system = \"saral\"\nchannel = \"cm_cell\"")
            .unwrap_err()
            .contains("pull_url")
    );
    assert!(
        parse("system = \"saral\"\nchannel = \"cm_cell\"\npull_url = \"ftp://x.example\"").is_err()
    );
    assert!(parse("system = \"saral\"\nchannel = \"cm_cell\"\npull_url = \"https://x.example\"\nauth_header = \"Authorization\"").unwrap_err().contains("together"));
    assert!(parse("system = \"saral\"\nchannel = \"cm_cell\"\npull_url = \"https://x.example\"\nsurprise = 1").is_err());
    assert!(
        parse("system = \"saral\"\nchannel = \"cm_cell\"\npull_url = \"https://x.example\"")
            .is_ok()
    );
}
