//! Filing that leaves nothing behind when refused and is safe to retry (issue 14, parts 6 and
//! 10).

use crate::helpers::*;
use serde_json::{Value, json};

/// Every file under the file store, temporary ones included.
fn stored_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(shards) = std::fs::read_dir(app.store.files_dir()) else {
        return found;
    };
    for shard in shards.flatten() {
        if let Ok(entries) = std::fs::read_dir(shard.path()) {
            found.extend(entries.flatten().map(|e| e.path()));
        }
    }
    found
}

fn multipart_filing(f: &Value, file: Vec<u8>) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in f.as_object().unwrap() {
        form = form.text(name.clone(), value.as_str().unwrap().to_string());
    }
    form.part(
        "file",
        reqwest::multipart::Part::bytes(file).file_name("photo.pdf"),
    )
}

#[tokio::test]
async fn a_filing_refused_by_the_monthly_limit_stores_no_file() {
    let app = spawn_app().await;
    let limit = app.store.limits().filings_per_mobile_per_month;
    for _ in 0..limit {
        app.file(&form()).await;
    }
    let response = app
        .client
        .post(app.url("/grievances"))
        .multipart(multipart_filing(&form(), pdf_bytes()))
        .send()
        .await
        .unwrap();
    let (status, code, _, _) = error_of(response).await;
    assert_eq!((status, code.as_str()), (429, "filing_limit"));
    assert!(stored_files(&app).is_empty(), "{:?}", stored_files(&app));
    // Nor does one with an unknown place.
    let mut f = form();
    f["mobile"] = json!("9812077777");
    f["jurisdiction"] = json!("99999");
    let response = app
        .client
        .post(app.url("/grievances"))
        .multipart(multipart_filing(&f, pdf_bytes()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(stored_files(&app).is_empty());
}

#[tokio::test]
async fn one_file_uploaded_many_times_at_once_is_stored_once_without_errors() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    let mut bytes = pdf_bytes();
    bytes.extend_from_slice(&vec![b' '; 200_000]);
    let uploads = (0..10).map(|_| {
        app.client
            .post(app.url(&format!("/grievances/{regno}/attachments")))
            .bearer_auth(&officer)
            .multipart(reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(bytes.clone()).file_name("inspection.pdf"),
            ))
            .send()
    });
    let statuses: Vec<u16> = futures_util::future::join_all(uploads)
        .await
        .into_iter()
        .map(|r| r.unwrap().status().as_u16())
        .collect();
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let files = stored_files(&app);
    assert_eq!(files.len(), 1, "{files:?}");
}

#[tokio::test]
async fn a_multipart_body_over_the_limit_is_413_like_json() {
    let app = spawn_app().await;
    let big = vec![b'%'; nivaran::store::MAX_ATTACHMENT_BYTES + 200_000];
    let response = app
        .client
        .post(app.url("/grievances"))
        .multipart(multipart_filing(&form(), big))
        .send()
        .await
        .unwrap();
    let (status, code, _, _) = error_of(response).await;
    assert_eq!((status, code.as_str()), (413, "body_too_large"));
    assert!(stored_files(&app).is_empty());
}

#[tokio::test]
async fn files_no_document_refers_to_are_swept_after_a_day() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    let response = app
        .client
        .post(app.url(&format!("/grievances/{regno}/attachments")))
        .bearer_auth(&officer)
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(pdf_bytes()).file_name("inspection.pdf"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let kept = stored_files(&app)[0].clone();
    // An orphan (a filing refused after its file was written) and a leftover temporary file,
    // both two days old, and a fresh orphan.
    let shard = app.store.files_dir().join("ab");
    std::fs::create_dir_all(&shard).unwrap();
    let old_orphan = shard.join(format!("ab{}", "0".repeat(62)));
    let old_tmp = shard.join(".abc.tmp");
    let fresh_orphan = shard.join(format!("ab{}", "1".repeat(62)));
    let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(48 * 3600);
    for path in [&old_orphan, &old_tmp, &fresh_orphan, &kept] {
        if !path.exists() {
            std::fs::write(path, b"x").unwrap();
        }
        if path != &fresh_orphan {
            std::fs::File::options()
                .append(true)
                .open(path)
                .unwrap()
                .set_modified(two_days_ago)
                .unwrap();
        }
    }
    // A review report waiting to be mailed lives beside them and is not the sweep's.
    let report = app.store.files_dir().join("reports").join("review.pdf");
    std::fs::create_dir_all(report.parent().unwrap()).unwrap();
    std::fs::write(&report, b"%PDF").unwrap();
    std::fs::File::options()
        .append(true)
        .open(&report)
        .unwrap()
        .set_modified(two_days_ago)
        .unwrap();
    assert_eq!(app.store.remove_orphan_files(24).await.unwrap(), 2);
    assert!(report.exists());
    assert!(kept.exists() && fresh_orphan.exists());
    assert!(!old_orphan.exists() && !old_tmp.exists());
    // The referenced file is still served.
    let sha = kept.file_name().unwrap().to_string_lossy().to_string();
    let download = app
        .get(&officer, &format!("/grievances/{regno}/attachments/{sha}"))
        .await;
    assert_eq!(download.status(), 200);
}

async fn file_with_key(app: &TestApp, key: &str, f: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/grievances"))
        .header("idempotency-key", key)
        .json(f)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_retried_filing_with_its_key_is_not_filed_twice() {
    let app = spawn_app().await;
    let first = file_with_key(&app, "b7c4-retry-1", &form()).await;
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    // The answer was lost; the client sends the same filing again, with the same key.
    let again = file_with_key(&app, "b7c4-retry-1", &form()).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["registration_number"], first["registration_number"]);
    let cases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grievances")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(cases, 1);
    let sms: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE template_key = 'registered'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert!(sms <= 1, "{sms} registration SMS");
    // The same key with another filing is a mistake, said so.
    let mut other = form();
    other["subject"] = json!("गोकलगढ़ में सड़क टूटी है");
    let (status, code, _, _) = error_of(file_with_key(&app, "b7c4-retry-1", &other).await).await;
    assert_eq!((status, code.as_str()), (422, "idempotency_key_reused"));
    // A bad key is refused, not ignored.
    let (status, code, field, _) = error_of(file_with_key(&app, "has space", &form()).await).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "invalid_idempotency_key", Some("Idempotency-Key"))
    );
    // After a day the key is forgotten and files anew.
    app.clock.advance_millis(25 * 3_600_000);
    let later: Value = file_with_key(&app, "b7c4-retry-1", &form())
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(later["registration_number"], first["registration_number"]);
}

#[tokio::test]
async fn the_same_keyed_filing_sent_many_times_at_once_files_one_case() {
    let app = spawn_app().await;
    let f = form();
    let sends = (0..12).map(|_| file_with_key(&app, "burst-42", &f));
    let answers = futures_util::future::join_all(sends).await;
    let mut numbers = std::collections::BTreeSet::new();
    for answer in answers {
        assert_eq!(answer.status(), 201);
        let body: Value = answer.json().await.unwrap();
        numbers.insert(body["registration_number"].as_str().unwrap().to_string());
    }
    assert_eq!(numbers.len(), 1, "{numbers:?}");
    // With a file too (the other write path).
    let sends = (0..6).map(|_| {
        app.client
            .post(app.url("/grievances"))
            .header("idempotency-key", "burst-with-file")
            .multipart(multipart_filing(&form(), pdf_bytes()))
            .send()
    });
    let mut numbers = std::collections::BTreeSet::new();
    for answer in futures_util::future::join_all(sends).await {
        let answer = answer.unwrap();
        assert_eq!(answer.status(), 201);
        let body: Value = answer.json().await.unwrap();
        numbers.insert(body["registration_number"].as_str().unwrap().to_string());
    }
    assert_eq!(numbers.len(), 1, "{numbers:?}");
}

#[tokio::test]
async fn an_open311_request_retried_with_its_key_is_filed_once() {
    let app = spawn_app().await;
    let admin = app.login("admin").await;
    let key: Value = app
        .client
        .post(app.url("/admin/api-keys"))
        .bearer_auth(&admin)
        .json(&json!({"name": "City app"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let secret = key["api_key"].as_str().unwrap().to_string();
    let post = || {
        app.client
            .post(format!("{}/open311/v2/requests.json", app.address))
            .header("idempotency-key", "city-app-991")
            .form(&[
                ("api_key", secret.as_str()),
                ("service_code", "PHED-WS-NOSUP"),
                ("address_id", "06084010101"),
                ("first_name", "Sunita"),
                ("last_name", "Devi"),
                ("phone", "9812055501"),
                ("description", "No water in the taps for ten days"),
            ])
            .send()
    };
    let first: Value = post().await.unwrap().json().await.unwrap();
    let again: Value = post().await.unwrap().json().await.unwrap();
    assert_eq!(
        first[0]["service_request_id"],
        again[0]["service_request_id"]
    );
    let cases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grievances")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(cases, 1);
}

#[tokio::test]
async fn a_refused_document_or_report_writes_no_file() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    // An auditor may read the case but not add to it: refused before the file is written.
    let auditor = app.login("auditor").await;
    let response = app
        .client
        .post(app.url(&format!("/grievances/{regno}/attachments")))
        .bearer_auth(&auditor)
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(pdf_bytes()).file_name("inspection.pdf"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(stored_files(&app).is_empty(), "{:?}", stored_files(&app));
    // An ATR with documents on a stale version, and one the case's status does not allow
    // (not yet accepted): refused, nothing written.
    let mut web = crate::web_client::WebClient::new(&app);
    web.login("officer.phed.rewari.block").await;
    web.get(&format!("/cases/{regno}")).await;
    let atr = |version: &str| {
        reqwest::multipart::Form::new()
            .text("text", "Valve replaced; supply restored")
            .text("version", version.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(pdf_bytes()).file_name("atr.pdf"),
            )
    };
    let refused = web
        .post_multipart(&format!("/cases/{regno}/atr"), atr("1"))
        .await;
    assert_ne!(refused.status, 303, "{}", refused.body);
    let stale = web
        .post_multipart(&format!("/cases/{regno}/atr"), atr("0"))
        .await;
    assert_ne!(stale.status, 303);
    assert!(stored_files(&app).is_empty(), "{:?}", stored_files(&app));
}

/// The account on a case's registration event.
async fn filer_of(app: &TestApp, regno: &str) -> Option<i64> {
    sqlx::query_scalar(
        "SELECT e.actor_user_id FROM events e JOIN grievances g ON g.id = e.grievance_id \
         WHERE g.regno = $1 AND e.action = 'register'",
    )
    .bind(regno.to_string())
    .fetch_one(app.store.pool())
    .await
    .unwrap()
}

/// The account that filed a case is recorded on its registration event, whatever the door:
/// the group path once left `actor_user_id` out (issue 15), which the one-at-a-time path wrote.
#[tokio::test]
async fn the_registration_event_names_the_account_that_filed_it() {
    let app = spawn_app().await;
    let operator = app.login("operator.rewari").await;
    let operator_id = app
        .store
        .user_by_username("operator.rewari")
        .await
        .unwrap()
        .id;
    let mut f = form();
    f["channel"] = json!("helpline");
    let response = app.file_as(&operator, &f).await;
    assert_eq!(response.status(), 201);
    let json_case: Value = response.json().await.unwrap();
    f["mobile"] = json!("9812077778");
    let response = app
        .client
        .post(app.url("/grievances"))
        .bearer_auth(&operator)
        .multipart(multipart_filing(&f, pdf_bytes()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let with_file: Value = response.json().await.unwrap();
    let documents: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM attachments a JOIN grievances g ON g.id = a.grievance_id WHERE g.regno = $1",
    )
    .bind(with_file["registration_number"].as_str().unwrap().to_string())
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(documents, 1);
    for case in [&json_case, &with_file] {
        let regno = case["registration_number"].as_str().unwrap().to_string();
        assert_eq!(filer_of(&app, &regno).await, Some(operator_id), "{regno}");
    }
    // A citizen filing without an account is filed by no account.
    let public = app.file(&form()).await;
    let regno = public["registration_number"].as_str().unwrap();
    assert_eq!(filer_of(&app, regno).await, None);
    let chains = app.store.verify_chains().await.unwrap();
    assert!(chains.first_broken.is_none(), "{:?}", chains.first_broken);
}

/// Two different filings under one Idempotency-Key in the same group: the first is filed, the
/// second refused as a reused key, and the group is not thrown away for it.
#[tokio::test]
async fn one_key_with_two_requests_in_one_group_files_the_first_and_refuses_the_second() {
    use nivaran::store::{Actor, Admission, Filing, IdempotencyKey};
    let app = spawn_app().await;
    let accepted = |mobile: &'static str, body: &'static [u8]| {
        let store = app.store.clone();
        async move {
            let mut f = form();
            f["mobile"] = json!(mobile);
            let form: nivaran_domain::grievance::GrievanceForm = serde_json::from_value(f).unwrap();
            let actor = Actor::public(&nivaran_domain::text::Mobile::parse(mobile).unwrap());
            let filing = Filing {
                idempotency: Some(
                    IdempotencyKey::new("key-1", "mobile:shared".into(), body).unwrap(),
                ),
                ..Filing::new(form, actor)
            };
            match store.accept(filing).await.unwrap() {
                Admission::Accepted(a) => *a,
                Admission::Replayed(_) => panic!("nothing was filed yet"),
            }
        }
    };
    let first = accepted("9812066601", b"one").await;
    let second = accepted("9812066602", b"two").await;
    let answers = app.store.file_group(&[first, second]).await.unwrap();
    assert!(answers[0].is_ok(), "{:?}", answers[0]);
    let refused = answers[1].as_ref().unwrap_err();
    assert_eq!(
        nivaran::http::error::ApiError::from(refused.again()).code,
        "idempotency_key_reused"
    );
}
