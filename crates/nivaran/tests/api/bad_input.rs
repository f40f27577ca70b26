//! Bad input on every field gets a 4xx naming the field — never a 500.

use crate::helpers::*;
use serde_json::{Value, json};

#[tokio::test]
async fn every_bad_registration_field_is_named() {
    let app = spawn_app().await;
    let cases: Vec<(&str, Value, &str)> = vec![
        ("citizen_name", json!(""), "required"),
        ("citizen_name", json!("क".repeat(101)), "too_long"),
        ("mobile", json!("12345"), "invalid_mobile"),
        ("mobile", json!("5812012345"), "invalid_mobile"),
        ("email", json!("not-an-email"), "invalid_email"),
        ("address", json!("ab"), "too_short"),
        ("jurisdiction", json!(""), "required"),
        ("jurisdiction", json!("99999"), "unknown"),
        ("category", json!("NO-SUCH-CATEGORY"), "unknown"),
        ("subject", json!("abc"), "too_short"),
        ("subject", json!("x".repeat(201)), "too_long"),
        ("description", json!("short"), "too_short"),
        ("description", json!("ब".repeat(5001)), "too_long"),
        ("kind", json!("praise"), "invalid_choice"),
        ("channel", json!("pigeon"), "invalid_choice"),
        ("priority", json!("asap"), "invalid_choice"),
        ("language", json!("fr"), "invalid_choice"),
        ("latitude", json!(95.5), "out_of_range"),
    ];
    for (field, value, code) in cases {
        let mut f = form();
        f[field] = value;
        if field == "latitude" {
            f["longitude"] = json!(76.6);
        }
        let response = app
            .client
            .post(app.url("/grievances"))
            .json(&f)
            .send()
            .await
            .unwrap();
        let (status, got_code, got_field, message) = error_of(response).await;
        assert_eq!(status, 422, "{field}");
        assert_eq!(got_code, code, "{field}: {message}");
        assert_eq!(got_field.as_deref(), Some(field), "{field}");
        assert!(!message.is_empty());
    }
}

#[tokio::test]
async fn wrong_types_missing_fields_and_broken_json_are_4xx_with_the_field() {
    let app = spawn_app().await;
    let post = |body: &'static str, content_type: &'static str| {
        app.client
            .post(app.url("/grievances"))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let (status, code, _, _) = error_of(post("{not json", "application/json").await.unwrap()).await;
    assert_eq!((status, code.as_str()), (422, "invalid_request"));
    let (status, code, field, _) = error_of(
        post(r#"{"citizen_name": 12}"#, "application/json")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "invalid_request", Some("citizen_name"))
    );
    let (status, code, field, _) = error_of(
        post(r#"{"latitude": "north"}"#, "application/json")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "invalid_request", Some("latitude"))
    );
    let (status, code, _, _) = error_of(
        post("citizen_name=x", "application/x-www-form-urlencoded")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, code.as_str()), (415, "unsupported_media_type"));
    let response = app
        .client
        .get(app.url("/no/such/endpoint"))
        .send()
        .await
        .unwrap();
    let (status, code, _, _) = error_of(response).await;
    assert_eq!((status, code.as_str()), (404, "no_route"));
}

#[tokio::test]
async fn bad_action_fields_and_filters_are_named() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    let cases: Vec<(Value, u16, &str, Option<&str>)> = vec![
        (
            json!({"action": "declare_eta", "eta": "tomorrow"}),
            422,
            "invalid_date",
            Some("eta"),
        ),
        (
            json!({"action": "declare_eta", "eta": "2020-01-01"}),
            422,
            "eta_in_past",
            Some("eta"),
        ),
        (
            json!({"action": "transfer", "office": "NOPE", "reason": "Wrong office"}),
            422,
            "unknown",
            Some("office"),
        ),
        (
            json!({"action": "dispose", "kind": "vanished", "remarks": "whatever"}),
            422,
            "invalid_choice",
            Some("kind"),
        ),
        (
            json!({"action": "submit_atr", "text": "Done", "documents": []}),
            422,
            "reason_required",
            Some("text"),
        ),
        (
            json!({"action": "submit_atr", "text": "Done properly", "documents": ["abc"]}),
            422,
            "unknown_document",
            Some("documents"),
        ),
        (
            json!({"action": "add_joint_department", "department": "NOPE"}),
            422,
            "unknown",
            Some("department"),
        ),
        (json!({"action": "fly_away"}), 422, "invalid_request", None),
        (
            json!({"action": "transfer", "office": "PHED-REWARI"}),
            422,
            "invalid_request",
            Some("reason"),
        ),
    ];
    for (body, status, code, field) in cases {
        let (got_status, got_code, got_field, message) =
            error_of(app.act(&officer, &regno, body.clone()).await).await;
        assert_eq!(
            (got_status, got_code.as_str()),
            (status, code),
            "{body}: {message}"
        );
        if field.is_some() {
            assert_eq!(got_field.as_deref(), field, "{body}");
        }
    }
    for (query, field) in [
        ("status=lost", "status"),
        ("office=NOPE", "office"),
        ("from=yesterday", "from"),
        ("sort=random", "sort"),
        ("channel=pigeon", "channel"),
        ("page=abc", "page"),
        ("overdue=perhaps", "overdue"),
    ] {
        let (status, _, got_field, message) =
            error_of(app.get(&officer, &format!("/grievances?{query}")).await).await;
        assert_eq!(status, 422, "{query}: {message}");
        assert_eq!(got_field.as_deref(), Some(field), "{query}");
    }
}

#[tokio::test]
async fn uploads_are_checked_by_content_and_size() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    let upload = |bytes: Vec<u8>, name: &'static str| {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name);
        app.client
            .post(app.url(&format!("/grievances/{regno}/attachments")))
            .bearer_auth(&officer)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
    };
    // A script renamed to .pdf is refused.
    let (status, code, field, _) = error_of(
        upload(b"#!/bin/sh\nrm -rf /\n".to_vec(), "report.pdf")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "unsupported_type", Some("file"))
    );
    // An empty file is said to be empty; a body without a file asks for one.
    let (status, code, field, _) = error_of(upload(Vec::new(), "atr.pdf").await.unwrap()).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "empty", Some("file"))
    );
    let no_file = app
        .client
        .post(app.url(&format!("/grievances/{regno}/attachments")))
        .bearer_auth(&officer)
        .multipart(reqwest::multipart::Form::new().text("note", "no file here"))
        .send()
        .await
        .unwrap();
    let (status, code, field, _) = error_of(no_file).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "invalid_upload", Some("file"))
    );
    // Too large.
    let mut big = pdf_bytes();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let response = upload(big, "big.pdf").await.unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
    // A real PDF is taken, and the same file twice is kept once.
    assert_eq!(upload(pdf_bytes(), "atr.pdf").await.unwrap().status(), 201);
    assert_eq!(
        upload(pdf_bytes(), "atr-again.pdf").await.unwrap().status(),
        201
    );
    let list: Value = app
        .get(&officer, &format!("/grievances/{regno}/attachments"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["attachments"].as_array().unwrap().len(), 1);
    let sha = list["attachments"][0]["sha256"].as_str().unwrap();
    let download = app
        .get(&officer, &format!("/grievances/{regno}/attachments/{sha}"))
        .await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.unwrap().to_vec(), pdf_bytes());
}

#[tokio::test]
async fn text_is_limited_by_what_is_stored_not_only_by_letters() {
    let app = spawn_app().await;
    let file = |f: serde_json::Value| {
        let app = &app;
        async move {
            error_of(
                app.client
                    .post(app.url("/grievances"))
                    .json(&f)
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    // 10,016 code points of subject in a few letters: refused.
    let mut f = form();
    f["subject"] = json!(format!("गोकलगढ़{}", "\u{0301}".repeat(10_000)));
    let (status, code, field, _) = file(f).await;
    assert_eq!(status, 422);
    assert!(
        matches!(code.as_str(), "too_long" | "too_many_marks"),
        "{code}"
    );
    assert_eq!(field.as_deref(), Some("subject"));
    // 800,020 code points (2.4 MB) of description on a few letters: refused.
    let mut f = form();
    f["description"] = json!(format!("पानी नहीं{}", "\u{093F}".repeat(800_000)));
    let (status, code, field, _) = file(f).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "too_long", Some("description"))
    );
    // A name of zero-width characters only.
    let mut f = form();
    f["citizen_name"] = json!("\u{200B}\u{200C}\u{200D}\u{2060}\u{200B}");
    let (status, _, field, _) = file(f).await;
    assert_eq!((status, field.as_deref()), (422, Some("citizen_name")));
    // An officer's step text is measured the same way.
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    let response = app
        .act(
            &officer,
            &regno,
            json!({"action": "submit_atr", "text": format!("Valve replaced{}", "\u{0301}".repeat(30_000))}),
        )
        .await;
    let (status, _, field, _) = error_of(response).await;
    assert_eq!((status, field.as_deref()), (422, Some("text")));
    // Nothing was filed by the refusals.
    let cases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grievances")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(cases, 1);
}
