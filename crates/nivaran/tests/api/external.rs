//! A case's number on another grievance system (issue 18, part 4): recorded by an operator or an
//! integration at filing, shown, kept in the registration's record, and found by it.

use crate::helpers::*;
use crate::web::{filing_fields, multipart};
use crate::web_client::WebClient;
use serde_json::{Value, json};

const CPGRAMS_NUMBER: &str = "DARPG/E/2026/0001234";

async fn found(app: &TestApp, token: &str, reference: &str) -> Vec<String> {
    app.listed(token, &format!("external_reference={reference}"))
        .await
}

#[tokio::test]
async fn a_case_carries_its_number_on_another_system_and_is_found_by_it() {
    let app = spawn_app().await;
    let operator = app.login("operator.rewari").await;
    let mut f = form();
    f["channel"] = json!("cpgrams");
    f["external_system"] = json!("cpgrams");
    f["external_reference"] = json!(format!(" {CPGRAMS_NUMBER} "));
    let response = app.file_as(&operator, &f).await;
    assert_eq!(response.status(), 201);
    let filed: Value = response.json().await.unwrap();
    let regno = filed["registration_number"].as_str().unwrap().to_string();
    let admin = app.login("admin").await;
    let case = app.case(&admin, &regno).await;
    let external = &case["grievance"]["external_reference"];
    assert_eq!(external["system"]["code"], "cpgrams");
    assert_eq!(external["system"]["name_en"], "CPGRAMS");
    assert_eq!(external["reference"], CPGRAMS_NUMBER);
    // Found by the number alone; another number finds nothing; a case without one shows null.
    app.file_default().await;
    assert_eq!(
        found(&app, &admin, CPGRAMS_NUMBER).await,
        std::slice::from_ref(&regno)
    );
    assert!(found(&app, &admin, "DARPG/E/2026/9").await.is_empty());
    let officer = app.login("officer.phed.rewari.block").await;
    assert_eq!(
        found(&app, &officer, CPGRAMS_NUMBER).await,
        std::slice::from_ref(&regno)
    );
    let all: Value = app.get(&admin, "/grievances").await.json().await.unwrap();
    assert!(
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["external_reference"].is_null())
    );
    // The registration's record holds it, and the chain checks it against the row.
    let first = &case["timeline"][0];
    assert_eq!(first["action"], "register");
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);

    // Only operators and integrations record one; both fields or neither; a known system; a
    // plain number.
    let citizen = app.signup_citizen("9812012345").await;
    let mut f = form();
    f["external_system"] = json!("cpgrams");
    f["external_reference"] = json!("DARPG/E/2026/7");
    let (status, code, field, _) = error_of(app.file_as(&citizen, &f).await).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "operator_only", Some("external_reference"))
    );
    for (system, reference, expected, field) in [
        ("fax", "1", "invalid_choice", "external_system"),
        ("saral", "12 34", "invalid_code", "external_reference"),
        ("saral", "", "required", "external_reference"),
    ] {
        let mut f = form();
        f["channel"] = json!("helpline");
        f["external_system"] = json!(system);
        f["external_reference"] = json!(reference);
        let (status, code, got, message) = error_of(app.file_as(&operator, &f).await).await;
        assert_eq!(
            (status, code.as_str(), got.as_deref()),
            (422, expected, Some(field)),
            "{message}"
        );
    }

    // An operator on the web form records it; the case page shows it; the inbox finds it.
    let mut web = WebClient::new(&app);
    web.login("operator.rewari").await;
    web.get("/file").await;
    let mut fields = filing_fields();
    fields.push(("channel", "helpline".into()));
    fields.push(("external_system", "e_office".into()));
    fields.push(("external_reference", "PHED/RWR/2026/77".into()));
    let filed = web.post_multipart("/file", multipart(&fields)).await;
    assert_eq!(filed.status, 303, "{}", filed.body);
    let regnos = found(&app, &admin, "PHED/RWR/2026/77").await;
    assert_eq!(regnos.len(), 1);
    let page = web.get(&format!("/cases/{}", regnos[0])).await;
    assert!(page.body.contains("Also registered on"), "{}", page.body);
    assert!(
        page.body.contains("e-Office PHED/RWR/2026/77"),
        "{}",
        page.body
    );
    let mut officer_web = WebClient::new(&app);
    officer_web.login("officer.phed.rewari.block").await;
    let inbox = officer_web
        .get("/inbox?status=all&external_reference=PHED%2FRWR%2F2026%2F77")
        .await;
    assert_eq!(inbox.status, 200);
    assert!(inbox.body.contains(regnos[0].as_str()));
    assert!(!inbox.body.contains(regno.as_str()));
}
