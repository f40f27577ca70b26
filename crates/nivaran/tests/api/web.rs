//! The web pages over plain HTTP, as a browser without JavaScript uses them: security headers and
//! cookies, CSRF, access by URL, escaping, filing, tracking, the inbox, camp mode and uploads,
//! administration, languages, sessions, and the size budget. The browser tests (browser.rs) drive
//! the same pages in Chromium.

use crate::helpers::{PASSWORD, form, pdf_bytes, spawn_app};
use crate::web_client::WebClient;
use reqwest::StatusCode;
use serde_json::json;

/// The fields of a complete filing form, the location picked level by level.
pub(crate) fn filing_fields() -> Vec<(&'static str, String)> {
    vec![
        ("citizen_name", "रामेश्वर दयाल".into()),
        ("mobile", "9812012345".into()),
        ("kind", "complaint".into()),
        ("category", "PHED-WS-NOSUP".into()),
        ("place", "06".into()),
        ("place", "06084".into()),
        ("place", "0608401".into()),
        ("place", "060840101".into()),
        ("place", "06084010101".into()),
        ("subject", "गोकलगढ़ में पेयजल आपूर्ति बंद".into()),
        (
            "description",
            "पिछले दस दिनों से गांव में नलों में पानी नहीं आ रहा है, कोई सुनवाई नहीं।".into(),
        ),
        ("language", "hi".into()),
    ]
}

pub(crate) fn multipart(fields: &[(&'static str, String)]) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(*k, v.clone());
    }
    form
}

#[tokio::test]
async fn pages_carry_security_headers_and_cookies_that_scripts_cannot_read() {
    let app = spawn_app().await;
    let mut web = WebClient::new(&app);
    let page = web.get("/").await;
    assert_eq!(page.status, 200);
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(page.headers["x-frame-options"], "DENY");
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert_eq!(page.headers["cache-control"], "no-store");
    let csrf_cookie = page.headers["set-cookie"].to_str().unwrap();
    assert!(csrf_cookie.contains("HttpOnly") && csrf_cookie.contains("SameSite=Lax"));
    let login = web.login("officer.phed.rewari.block").await;
    let session = login
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("nivaran_session="))
        .unwrap();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"));
    assert_eq!(login.location.as_deref(), Some("/inbox"));
    // No external asset anywhere: every script and style comes from the binary.
    let inbox = web.get("/inbox").await;
    assert!(!inbox.body.contains("src=\"http") && !inbox.body.contains("href=\"http"));
    // Styles and scripts are named by their content and kept for a year.
    let css = inbox
        .between("<link rel=\"stylesheet\" href=\"", "\"")
        .unwrap();
    let asset = web.get(&css).await;
    assert_eq!(asset.status, 200);
    assert!(
        asset.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
}

#[tokio::test]
async fn a_form_without_its_token_or_from_another_site_is_refused() {
    let app = spawn_app().await;
    let mut web = WebClient::new(&app);
    web.get("/login").await;
    let no_token = web
        .post_raw("/login", &[("username", "admin"), ("password", PASSWORD)])
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    assert!(
        no_token.body.contains("reload the page"),
        "{}",
        no_token.body
    );
    let wrong = web
        .post_raw(
            "/login",
            &[
                ("username", "admin"),
                ("password", PASSWORD),
                ("csrf", "00ff"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    // Another browser's token does not work with this browser's cookie.
    let mut other = WebClient::new(&app);
    other.get("/login").await;
    let stolen = other.csrf().to_string();
    let crossed = web
        .post_raw(
            "/login",
            &[
                ("username", "admin"),
                ("password", PASSWORD),
                ("csrf", &stolen),
            ],
        )
        .await;
    assert_eq!(crossed.status, StatusCode::FORBIDDEN);
    // A page on another site cannot post here even with a token.
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{}/login", app.address))
        .header("origin", "https://evil.example")
        .header(
            "cookie",
            format!("nivaran_csrf={}", web.cookies["nivaran_csrf"]),
        )
        .form(&[
            ("username", "admin"),
            ("password", PASSWORD),
            ("csrf", web.csrf()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // The genuine form works.
    web.login("admin").await;
}

#[tokio::test]
async fn an_officer_cannot_open_another_office_s_case_by_editing_the_url() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let owner = app.login("officer.phed.rewari.block").await;
    let response = app
        .client
        .post(app.url(&format!("/grievances/{regno}/attachments")))
        .bearer_auth(&owner)
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(pdf_bytes()).file_name("report.pdf"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let sha: serde_json::Value = response.json().await.unwrap();
    let sha = sha["attachment"]["sha256"].as_str().unwrap().to_string();

    let mut stranger = WebClient::new(&app);
    stranger.login("officer.phed.khol").await;
    for path in [
        format!("/cases/{regno}"),
        format!("/cases/{regno}/documents/{sha}"),
    ] {
        let page = stranger.get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!page.body.contains("पेयजल"), "nothing of the case leaks");
    }
    let acted = stranger
        .post(&format!("/cases/{regno}/act"), &[("action", "accept")])
        .await;
    assert_eq!(acted.status, StatusCode::NOT_FOUND);
    // The holding office sees it.
    let mut owner_web = WebClient::new(&app);
    owner_web.login("officer.phed.rewari.block").await;
    let page = owner_web.get(&format!("/cases/{regno}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("गोकलगढ़ में पेयजल आपूर्ति बंद"));
}

#[tokio::test]
async fn what_people_type_is_shown_as_text_never_as_markup() {
    let app = spawn_app().await;
    let mut evil = form();
    evil["subject"] = json!("<script>alert('x')</script> पानी");
    evil["citizen_name"] = json!("Ram \"<b>bold</b>\"");
    let regno = app.file(&evil).await["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let mut web = WebClient::new(&app);
    web.login("officer.phed.rewari.block").await;
    for path in [format!("/cases/{regno}"), "/inbox".to_string()] {
        let page = web.get(&path).await;
        assert!(!page.body.contains("<script>alert"), "{path}");
        assert!(
            page.body.contains("&lt;script&gt;alert") || page.body.contains("&#60;script&#62;"),
            "{path}"
        );
    }
    let case = web.get(&format!("/cases/{regno}")).await;
    assert!(!case.body.contains("<b>bold</b>"));
}

#[tokio::test]
async fn a_citizen_files_without_javascript_and_sees_the_number() {
    let app = spawn_app().await;
    let mut web = WebClient::new(&app);
    let page = web.get("/file").await;
    assert_eq!(page.status, 200);
    // The location picker starts at the states.
    assert!(page.body.contains("Haryana") && page.body.contains("Rajasthan"));
    let filed = web
        .post_multipart(
            "/file",
            multipart(&filing_fields()).part(
                "file",
                reqwest::multipart::Part::bytes(pdf_bytes()).file_name("photo.pdf"),
            ),
        )
        .await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let to = filed.location.clone().unwrap();
    assert!(to.starts_with("/filed/") && to.contains("?sig="));
    let done = web.get(&to).await;
    assert_eq!(done.status, 200);
    let regno = done
        .between("<p class=\"big-number\" id=\"regno\">", "</p>")
        .unwrap();
    assert!(regno.starts_with("0626-"), "{regno}");
    assert!(done.body.contains("Junior Engineer, PHED Rewari"));
    // The case exists with its document, and the citizen was sent an SMS.
    let officer = app.login("officer.phed.rewari.block").await;
    let case = app.case(&officer, &regno).await;
    assert_eq!(case["grievance"]["channel"], "web");
    let timeline: Vec<&str> = case["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(timeline, ["register", "assign", "add_attachment"]);
    let sms = app.store.list_outbox(None, 10).await.unwrap();
    assert!(sms.iter().any(|m| m.body.contains(&regno)));
    // The confirmation is only for the one who filed: without the signature it is not there.
    let unsigned = web.get(&format!("/filed/{regno}")).await;
    assert_eq!(unsigned.status, StatusCode::NOT_FOUND);
    let forged = web
        .get(&format!(
            "/filed/{regno}?sig=00112233445566778899aabbccddeeff"
        ))
        .await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_bad_filing_shows_every_problem_beside_its_field_in_hindi() {
    let app = spawn_app().await;
    let mut web = WebClient::new(&app);
    web.accept_language = "hi-IN,hi".into();
    web.get("/file").await;
    let mut fields = filing_fields();
    for (k, v) in fields.iter_mut() {
        match *k {
            "citizen_name" => *v = String::new(),
            "mobile" => *v = "12345".into(),
            "subject" => *v = "x".into(),
            _ => {}
        }
    }
    let page = web.post_multipart("/file", multipart(&fields)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("<html lang=\"hi\">"));
    for field in ["citizen_name", "mobile", "subject"] {
        assert!(
            page.body.contains(&format!("id=\"err-{field}\"")),
            "message beside {field}"
        );
        assert!(
            page.body
                .contains(&format!("aria-describedby=\"err-{field}\""))
                || page.body.contains(&format!(" err-{field}\""))
        );
    }
    assert!(page.body.contains("यह आवश्यक है"), "required, in Hindi");
    // What was typed is kept.
    assert!(page.body.contains("गोकलगढ़ में पेयजल") || page.body.contains("पिछले दस दिनों"));
    assert_eq!(app.store.list_outbox(None, 10).await.unwrap().len(), 0);
}

#[tokio::test]
async fn the_pickers_narrow_down_without_javascript_and_with_htmx() {
    let app = spawn_app().await;
    let mut web = WebClient::new(&app);
    // Searching categories by a Hindi word.
    let page = web
        .get("/file?cq=%E0%A4%AA%E0%A5%87%E0%A4%AF%E0%A4%9C%E0%A4%B2")
        .await;
    assert!(page.body.contains("PHED-WS-NOSUP"));
    assert!(
        !page.body.contains("value=\"REV-"),
        "other departments filtered out"
    );
    let fragment = web.get("/file/categories?cq=water").await;
    assert!(fragment.body.contains("<option") && !fragment.body.contains("<html"));
    // Going down the location tree.
    let page = web.get("/file/places?place=06&place=06084").await;
    assert!(
        page.body.contains("value=\"0608401\""),
        "subdivisions of Rewari"
    );
    assert!(page.body.contains("value=\"06084\" selected"));
    // A choice that does not belong under the one above is dropped.
    let page = web.get("/file/places?place=08&place=06084").await;
    assert!(!page.body.contains("value=\"06084\" selected"));
}

#[tokio::test]
async fn a_citizen_tracks_with_a_one_time_password_and_sees_the_public_timeline() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let mut web = WebClient::new(&app);
    web.get("/track").await;
    let wrong = web
        .post("/track", &[("regno", &regno), ("mobile", "9812099999")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("No grievance with this number"));
    let sent = web
        .post("/track", &[("regno", &regno), ("mobile", "9812012345")])
        .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert!(sent.body.contains("XXXXXX2345") || sent.body.contains("2345"));
    let code = latest_otp(&app).await;
    let bad = web
        .post(
            "/track/verify",
            &[
                ("regno", &regno),
                ("mobile", "9812012345"),
                ("code", "000000"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"err-code\""));
    let ok = web
        .post(
            "/track/verify",
            &[("regno", &regno), ("mobile", "9812012345"), ("code", &code)],
        )
        .await;
    assert_eq!(
        ok.location.as_deref(),
        Some(format!("/cases/{regno}").as_str())
    );
    let case = web.follow(ok).await;
    assert_eq!(case.status, 200);
    assert!(case.body.contains("गोकलगढ़ में पेयजल आपूर्ति बंद"));
    // The citizen's timeline names no officer.
    assert!(!case.body.contains("system ·"));
    let mine = web.get("/my").await;
    assert!(mine.body.contains(&regno));
}

/// The one-time password in the newest OTP SMS to the demo citizen (the tests run no worker, so
/// it waits in the outbox). Lists of the outbox never show it.
pub async fn latest_otp(app: &crate::helpers::TestApp) -> String {
    let listed = app.store.list_outbox(None, 50).await.unwrap();
    assert!(
        listed
            .iter()
            .filter(|m| m.template_key == "otp")
            .all(|m| !m.body.chars().any(|c| c.is_ascii_digit())),
        "one-time passwords are masked in lists"
    );
    crate::otp::sent_code(app, "9812012345").await
}

#[tokio::test]
async fn an_officer_works_a_case_through_its_forms_and_a_stale_form_is_refused() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let mut web = WebClient::new(&app);
    web.login("officer.phed.rewari.block").await;
    let page = web.get(&format!("/cases/{regno}")).await;
    assert!(page.body.contains("id=\"do-accept\""));
    let version = page.between("name=\"version\" value=\"", "\"").unwrap();
    let accepted = web
        .post(
            &format!("/cases/{regno}/act"),
            &[("action", "accept"), ("version", &version)],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    let page = web.follow(accepted).await;
    assert!(page.body.contains("id=\"done\""));
    assert!(page.body.contains("In progress") || page.body.contains("in progress"));
    // The old version is stale now: the form is refused and nothing changes.
    let stale = web
        .post(
            &format!("/cases/{regno}/act"),
            &[
                ("action", "declare_eta"),
                ("eta", "2026-11-30"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("Someone else changed this case first"));
    // A bad date is explained beside the field.
    let page = web.get(&format!("/cases/{regno}")).await;
    let version = page.between("name=\"version\" value=\"", "\"").unwrap();
    let past = web
        .post(
            &format!("/cases/{regno}/act"),
            &[
                ("action", "declare_eta"),
                ("eta", "2026-11-01"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(past.body.contains("id=\"err-eta\""));
    assert!(past.body.contains("cannot be in the past"));
    // The ATR with a PDF, then disposal.
    let page = web.get(&format!("/cases/{regno}")).await;
    let version = page.between("name=\"version\" value=\"", "\"").unwrap();
    let atr = web
        .post_multipart(
            &format!("/cases/{regno}/atr"),
            reqwest::multipart::Form::new()
                .text("version", version)
                .text("text", "Valve replaced at the pump house; supply restored.")
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(pdf_bytes()).file_name("inspection.pdf"),
                ),
        )
        .await;
    assert_eq!(atr.status, StatusCode::SEE_OTHER, "{}", atr.body);
    let page = web.follow(atr).await;
    assert!(page.body.contains("inspection.pdf"));
    let version = page.between("name=\"version\" value=\"", "\"").unwrap();
    let disposed = web
        .post(
            &format!("/cases/{regno}/act"),
            &[
                ("action", "dispose"),
                ("kind", "relief"),
                ("remarks", "Supply restored on 25 November"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(disposed.status, StatusCode::SEE_OTHER);
    let officer = app.login("officer.phed.rewari.block").await;
    let case = app.case(&officer, &regno).await;
    assert_eq!(case["grievance"]["status"], "disposed");
    let submitted = case["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "submit_atr")
        .unwrap();
    assert_eq!(
        submitted["details"]["documents"].as_array().unwrap().len(),
        1
    );
}

#[tokio::test]
async fn the_inbox_counts_filters_searches_and_accepts_in_bulk() {
    let app = spawn_app().await;
    let first = app.file_default().await;
    let mut other = form();
    other["subject"] = json!("Handpump broken near the school");
    other["description"] =
        json!("The handpump near the primary school has been broken for a month.");
    let second = app.file(&other).await["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let mut web = WebClient::new(&app);
    web.login("officer.phed.rewari.block").await;
    let inbox = web.get("/inbox").await;
    assert!(inbox.body.contains(&first) && inbox.body.contains(&second));
    assert!(inbox.body.contains("2 grievances"));
    let search = web.get("/inbox?q=handpump").await;
    assert!(search.body.contains(&second) && !search.body.contains(&first));
    let hindi = web
        .get("/inbox?q=%E0%A4%AA%E0%A5%87%E0%A4%AF%E0%A4%9C%E0%A4%B2")
        .await;
    assert!(hindi.body.contains(&first) && !hindi.body.contains(&second));
    // htmx gets only the results.
    let fragment = reqwest::Client::new()
        .get(format!("{}/inbox?q=handpump", app.address))
        .header("hx-request", "true")
        .header(
            "cookie",
            web.cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; "),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(fragment.starts_with("<div id=\"results\">"));
    // Overdue: none today; after the deadline, both.
    assert!(
        web.get("/inbox?overdue=1")
            .await
            .body
            .contains("No grievances match")
    );
    app.clock.advance_days(30);
    web.login("officer.phed.rewari.block").await;
    let overdue = web.get("/inbox?overdue=1").await;
    assert!(overdue.body.contains(&first) && overdue.body.contains(&second));
    app.clock.advance_days(-30);
    web.login("officer.phed.rewari.block").await;
    // Bulk acceptance reports each case.
    web.get("/inbox").await;
    let done = web
        .post(
            "/inbox/bulk",
            &[
                ("bulk_action", "accept"),
                ("regno", &first),
                ("regno", &second),
                ("back", "/inbox?status=open"),
            ],
        )
        .await;
    assert_eq!(done.status, 200);
    assert!(done.body.contains("id=\"bulk-result\""));
    let officer = app.login("officer.phed.rewari.block").await;
    for regno in [&first, &second] {
        assert_eq!(
            app.case(&officer, regno).await["grievance"]["status"],
            "in_progress"
        );
    }
    // A second time, the lifecycle says why not, per case.
    let again = web
        .post(
            "/inbox/bulk",
            &[("bulk_action", "accept"), ("regno", &first), ("back", "")],
        )
        .await;
    assert!(
        again
            .body
            .contains("cannot accept a case that is in progress")
    );
    // Officers cannot bulk-approve.
    let refused = web
        .post(
            "/inbox/bulk",
            &[
                ("bulk_action", "approve_atr"),
                ("regno", &first),
                ("back", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn camp_mode_files_petitions_one_after_another_and_lists_the_sitting() {
    let app = spawn_app().await;
    let mut web = WebClient::new(&app);
    web.login("operator.rewari").await;
    let page = web.get("/camp").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("autofocus"));
    let mut numbers = Vec::new();
    for (i, name) in ["सुनीता देवी", "Mahesh Kumar", "ओमप्रकाश"].iter().enumerate()
    {
        let mobile = format!("98120123{:02}", 40 + i);
        let filed = web
            .post(
                "/camp",
                &[
                    ("channel", "samadhan_camp"),
                    ("area", "06084"),
                    ("language", "hi"),
                    ("citizen_name", name),
                    ("mobile", &mobile),
                    ("place", "Gokalgarh"),
                    ("category", "PHED-WS-NOSUP"),
                    ("subject", "पेयजल आपूर्ति बंद है"),
                    (
                        "description",
                        "गांव में दस दिनों से पानी नहीं आ रहा है, कृपया ठीक करवाएं।",
                    ),
                    ("kind", "complaint"),
                ],
            )
            .await;
        assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
        let page = web.follow(filed).await;
        let number = page.between("Filed: ", ".").unwrap();
        numbers.push(number);
    }
    let page = web.get("/camp?channel=samadhan_camp&area=06084").await;
    for n in &numbers {
        assert!(page.body.contains(n.as_str()), "{n} in the sitting list");
    }
    let operator = app.login("operator.rewari").await;
    let case = app.case(&operator, &numbers[0]).await;
    assert_eq!(case["grievance"]["channel"], "samadhan_camp");
    // "Gokalgarh" is both a panchayat and its village: the name means the village.
    assert_eq!(case["grievance"]["jurisdiction"]["code"], "0608401010101");
    // A wrong entry comes back with the message beside the field and the rest kept.
    let bad = web
        .post(
            "/camp",
            &[
                ("channel", "samadhan_camp"),
                ("area", "06084"),
                ("citizen_name", "Kamla"),
                ("mobile", "98"),
                ("place", "Nowhere"),
                ("category", "PHED-WS-NOSUP"),
                ("subject", "पेयजल आपूर्ति बंद है"),
                (
                    "description",
                    "गांव में दस दिनों से पानी नहीं आ रहा है, कृपया ठीक करवाएं।",
                ),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"err-mobile\"") && bad.body.contains("id=\"err-place\""));
    assert!(bad.body.contains("value=\"Kamla\""));
    // Citizens have no camp mode.
    let mut citizen = WebClient::new(&app);
    citizen.get("/").await;
    assert_eq!(citizen.get("/camp").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_camp_csv_is_checked_row_by_row_and_filed_only_when_all_are_right() {
    let app = spawn_app().await;
    let mut web = WebClient::new(&app);
    web.login("operator.rewari").await;
    web.get("/camp/upload").await;
    let template = web.get("/camp/template.csv").await;
    assert!(template.body.starts_with('\u{feff}'), "a BOM for Excel");
    let header = "citizen_name,mobile,jurisdiction,category,subject,description\n";
    let good = "सुनीता देवी,9812012360,06084010101,PHED-WS-NOSUP,पेयजल आपूर्ति बंद,गांव में दस दिनों से पानी नहीं आ रहा है।\n";
    let bad = "Mahesh,12,06084010101,NO-SUCH,पेयजल आपूर्ति बंद,गांव में दस दिनों से पानी नहीं आ रहा है।\n";
    let upload = |csv: String| {
        reqwest::multipart::Form::new()
            .text("channel", "jan_samvad")
            .part(
                "file",
                reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("camp.csv"),
            )
    };
    let refused = web
        .post_multipart("/camp/upload", upload(format!("{header}{good}{bad}")))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"upload-refused\""));
    let report = refused
        .between("<table class=\"stack\" id=\"upload-report\">", "</table>")
        .unwrap();
    assert!(
        report.contains("mobile:") && report.contains("category:"),
        "{report}"
    );
    assert!(report.contains(">3<"), "the bad row's line number");
    assert_eq!(
        app.store.list_outbox(None, 10).await.unwrap().len(),
        0,
        "nothing filed"
    );
    let filed = web
        .post_multipart(
            "/camp/upload",
            upload(format!(
                "{header}{good}{}",
                good.replace("9812012360", "9812012361")
            )),
        )
        .await;
    assert_eq!(filed.status, 200, "{}", filed.body);
    assert!(filed.body.contains("2 petitions filed"));
    let no_column = web
        .post_multipart("/camp/upload", upload("name,mobile\nA,9812012345\n".into()))
        .await;
    assert!(no_column.body.contains("no column named citizen_name"));
}

#[tokio::test]
async fn a_supervisor_sees_escalations_approvals_and_the_offices_below() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "request_special_close", "reason": "Covered by the sanctioned pipeline project"}),
    )
    .await;
    let mut web = WebClient::new(&app);
    web.login("supervisor.phed.rewari").await;
    let page = web.get("/supervisor").await;
    assert_eq!(page.status, 200);
    let special = page.between("id=\"special\"", "</table>").unwrap();
    assert!(special.contains(&regno));
    let offices = page.between("id=\"offices\"", "</table>").unwrap();
    assert!(offices.contains("PHED-REWARI-BL-REWARI"));
    // Approve from the case page.
    let case = web.get(&format!("/cases/{regno}")).await;
    assert!(case.body.contains("id=\"do-approve_special_close\""));
    let version = case.between("name=\"version\" value=\"", "\"").unwrap();
    let approved = web
        .post(
            &format!("/cases/{regno}/act"),
            &[("action", "approve_special_close"), ("version", &version)],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    let page = web.get("/supervisor").await;
    assert!(
        !page
            .between("id=\"h-special\"", "</section>")
            .unwrap()
            .contains(&regno)
    );
    // Officers have no supervisor page.
    let mut officer_web = WebClient::new(&app);
    officer_web.login("officer.phed.rewari.block").await;
    assert_eq!(
        officer_web.get("/supervisor").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn an_administrator_adds_a_category_and_it_is_logged_and_filed_into() {
    let app = spawn_app().await;
    let mut web = WebClient::new(&app);
    web.login("admin").await;
    let page = web.get("/admin/categories?department=PHED").await;
    assert_eq!(page.status, 200);
    let bad = web
        .post(
            "/admin/categories",
            &[
                ("code", "PHED-WS-TANKER"),
                ("department_code", "PHED"),
                ("kind", "demand"),
                ("name_en", "Water tanker needed"),
                ("name_hi", "पानी का टैंकर चाहिए"),
                ("deadline_days", "400"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"err-deadline_days\""));
    let saved = web
        .post(
            "/admin/categories",
            &[
                ("code", "PHED-WS-TANKER"),
                ("department_code", "PHED"),
                ("kind", "demand"),
                ("name_en", "Water tanker needed"),
                ("name_hi", "पानी का टैंकर चाहिए"),
                ("deadline_days", "3"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let index = web.get("/admin").await;
    assert!(index.body.contains("save_category") && index.body.contains("PHED-WS-TANKER"));
    let mut f = form();
    f["category"] = json!("PHED-WS-TANKER");
    let filed = app.file(&f).await;
    assert_eq!(filed["grievance"]["kind"], "demand");
    assert_eq!(filed["office"]["code"], "PHED-REWARI-BL-REWARI");
    // Everyone else is kept out.
    let mut officer = WebClient::new(&app);
    officer.login("officer.phed.rewari.block").await;
    assert_eq!(officer.get("/admin").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        officer.get("/admin/users").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn administrators_manage_users_tokens_and_the_outbox() {
    let app = spawn_app().await;
    app.file_default().await;
    let mut web = WebClient::new(&app);
    web.login("admin").await;
    web.get("/admin/users").await;
    let added = web
        .post(
            "/admin/users",
            &[
                ("username", "operator.camp2"),
                ("full_name", "Kavita Sharma"),
                ("role", "operator"),
                ("jurisdiction", "06084"),
                ("mobile", "9812077777"),
                ("password", "a-long-password"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = web.get("/admin/users/operator.camp2").await;
    assert!(page.body.contains("Kavita Sharma"));
    // Deactivating ends the account's sessions.
    let mut camp = WebClient::new(&app);
    camp.get("/login").await;
    camp.post(
        "/login",
        &[
            ("username", "operator.camp2"),
            ("password", "a-long-password"),
            ("next", ""),
        ],
    )
    .await;
    assert_eq!(camp.get("/camp").await.status, 200);
    let saved = web
        .post(
            "/admin/users/operator.camp2",
            &[
                ("full_name", "Kavita Sharma"),
                ("role", "operator"),
                ("office", ""),
                ("jurisdiction", "06084"),
                ("mobile", "9812077777"),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(camp.get("/camp").await.status, StatusCode::SEE_OTHER);
    // A token is shown once.
    web.get("/admin/tokens").await;
    let issued = web
        .post(
            "/admin/tokens",
            &[
                ("username", "operator.rewari"),
                ("label", "CM Helpline 181 bridge"),
            ],
        )
        .await;
    let token = issued.between("id=\"token\">", "</code>").unwrap();
    assert!(token.starts_with("nvr_"));
    let me = app.get(&token, "/me").await;
    assert_eq!(me.status(), 200);
    assert!(!web.get("/admin/tokens").await.body.contains(&token));
    // The outbox hides one-time passwords and can retry a message.
    let outbox = web.get("/admin/outbox").await;
    assert!(outbox.body.contains("id=\"outbox\""));
    let log = app.store.admin_log(10).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.contains(&"add_user")
            && actions.contains(&"update_user")
            && actions.contains(&"issue_token")
    );
    assert!(
        log.iter()
            .filter(|e| e.action != "import_master_data")
            .all(|e| e.actor == "admin")
    );
}

#[tokio::test]
async fn the_language_is_switched_on_any_page_and_remembered_for_the_user() {
    let app = spawn_app().await;
    let mut web = WebClient::new(&app);
    let page = web.get("/track").await;
    assert!(page.body.contains("<html lang=\"en\">"));
    let switched = web
        .post("/lang", &[("lang", "hi"), ("next", "/track")])
        .await;
    assert_eq!(switched.location.as_deref(), Some("/track"));
    let page = web.get("/track").await;
    assert!(page.body.contains("<html lang=\"hi\">"));
    assert!(page.body.contains("अपनी शिकायत की स्थिति देखें"));
    // Only this site's pages are followed after a switch.
    let away = web
        .post("/lang", &[("lang", "en"), ("next", "//evil.example/")])
        .await;
    assert_eq!(away.location.as_deref(), Some("/"));
    // A user's choice follows them to another browser.
    web.login("officer.phed.rewari.block").await;
    web.get("/inbox").await;
    web.post("/lang", &[("lang", "hi"), ("next", "/inbox")])
        .await;
    let mut elsewhere = WebClient::new(&app);
    elsewhere.login("officer.phed.rewari.block").await;
    let inbox = elsewhere.get("/inbox").await;
    assert!(inbox.body.contains("<html lang=\"hi\">"));
    // Hindi subjects on an English page are marked as Hindi.
    app.file_default().await;
    elsewhere
        .post("/lang", &[("lang", "en"), ("next", "/inbox")])
        .await;
    let inbox = elsewhere.get("/inbox").await;
    assert!(inbox.body.contains("<html lang=\"en\">"));
    assert!(inbox.body.contains("lang=\"hi\">गोकलगढ़ में पेयजल"));
}

#[tokio::test]
async fn sessions_expire_and_accounts_lock_after_repeated_failures() {
    let app = spawn_app().await;
    let mut web = WebClient::new(&app);
    web.login("officer.phed.rewari.block").await;
    assert_eq!(web.get("/inbox").await.status, 200);
    app.clock.advance_millis(61 * 60_000);
    let expired = web.get("/inbox").await;
    assert_eq!(expired.status, StatusCode::SEE_OTHER);
    let to = expired.location.unwrap();
    assert!(to.starts_with("/login?expired=1&next=%2Finbox"), "{to}");
    let login = web.get(&to).await;
    assert!(login.body.contains("Your session has ended"));
    // Signing out ends the session on the server too.
    web.login("officer.phed.rewari.block").await;
    let token = web.cookies["nivaran_session"].clone();
    web.get("/inbox").await;
    web.post("/logout", &[]).await;
    assert!(app.store.user_for_token(&token).await.unwrap().is_none());
    // Wrong passwords from one address are throttled there: after five, the next waits…
    let mut guesser = WebClient::new(&app).seen_from("203.0.113.9");
    guesser.get("/login").await;
    for _ in 0..5 {
        let wrong = guesser
            .post(
                "/login",
                &[
                    ("username", "officer.phed.khol"),
                    ("password", "wrong-guess"),
                    ("next", ""),
                ],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    let throttled = guesser
        .post(
            "/login",
            &[
                ("username", "officer.phed.khol"),
                ("password", PASSWORD),
                ("next", ""),
            ],
        )
        .await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        throttled.body.contains("Try again in 1 seconds"),
        "{}",
        throttled.body
    );
    // …while the account's owner, elsewhere, signs in as usual.
    let mut owner = WebClient::new(&app).seen_from("198.51.100.7");
    owner.login("officer.phed.khol").await;
}

#[tokio::test]
async fn a_password_is_changed_only_with_the_current_one() {
    let app = spawn_app().await;
    let mut web = WebClient::new(&app);
    web.login("officer.phed.khol").await;
    web.get("/account/password").await;
    let wrong = web
        .post(
            "/account/password",
            &[
                ("current_password", "not-it"),
                ("new_password", "a-new-password"),
                ("confirm_password", "a-new-password"),
            ],
        )
        .await;
    assert!(wrong.body.contains("id=\"err-current_password\""));
    let short = web
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "short"),
                ("confirm_password", "short"),
            ],
        )
        .await;
    assert!(short.body.contains("id=\"err-new_password\""));
    let done = web
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a-new-password"),
                ("confirm_password", "a-new-password"),
            ],
        )
        .await;
    assert_eq!(done.status, 200);
    assert!(done.body.contains("has been changed"));
    assert!(
        app.store
            .authenticate("officer.phed.khol", "a-new-password", "127.0.0.1")
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn errors_are_pages_in_the_reader_s_language() {
    let app = spawn_app().await;
    let mut web = WebClient::new(&app);
    web.accept_language = "hi".into();
    web.login("officer.phed.khol").await;
    let page = web.get("/cases/0626-0000999-1").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("<html lang=\"hi\">"));
    assert!(page.body.contains("ऐसा कोई प्रकरण नहीं मिला"));
    let page = web.get("/admin/nothing-here").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

/// Bytes of `path` as they travel, gzipped.
async fn wire_size(app: &crate::helpers::TestApp, cookies: &str, path: &str) -> (usize, String) {
    let response = reqwest::Client::new()
        .get(format!("{}{path}", app.address))
        .header("accept-encoding", "gzip")
        .header("cookie", cookies)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let gzipped = response
        .headers()
        .get("content-encoding")
        .is_some_and(|v| v == "gzip");
    let bytes = response.bytes().await.unwrap();
    let text = if gzipped {
        let mut out = String::new();
        flate2_read(&bytes, &mut out);
        out
    } else {
        String::from_utf8_lossy(&bytes).to_string()
    };
    (bytes.len(), text)
}

/// Gunzips with the decoder the server's own compression uses.
fn flate2_read(bytes: &[u8], out: &mut String) {
    use std::io::Read;
    let mut decoder = flate2::read::GzDecoder::new(bytes);
    decoder.read_to_string(out).unwrap();
}

/// Every main page, with its style sheet and script, is under 100 KB on the wire.
#[tokio::test]
async fn every_main_page_fits_the_size_budget() {
    const BUDGET: usize = 100 * 1024;
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let pages: Vec<(Option<&str>, String)> = vec![
        (None, "/".into()),
        (None, "/file".into()),
        (None, "/track".into()),
        (None, "/login".into()),
        (Some("officer.phed.rewari.block"), "/inbox".into()),
        (Some("officer.phed.rewari.block"), format!("/cases/{regno}")),
        (Some("supervisor.phed.rewari"), "/supervisor".into()),
        (Some("operator.rewari"), "/camp".into()),
        (Some("operator.rewari"), "/camp/upload".into()),
        (Some("operator.rewari"), "/file".into()),
        (Some("admin"), "/admin".into()),
        (Some("admin"), "/admin/offices".into()),
        (Some("admin"), "/admin/categories".into()),
        (Some("admin"), "/admin/users".into()),
    ];
    for (user, path) in pages {
        let mut web = WebClient::new(&app);
        web.get("/").await;
        if let Some(user) = user {
            web.login(user).await;
        }
        let cookies = web
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let (html_bytes, html) = wire_size(&app, &cookies, &path).await;
        let mut total = html_bytes;
        for (start, end) in [
            ("<link rel=\"stylesheet\" href=\"", "\""),
            ("<script src=\"", "\""),
        ] {
            let from = html.find(start).unwrap() + start.len();
            let asset = &html[from..from + html[from..].find(end).unwrap()];
            total += wire_size(&app, &cookies, asset).await.0;
        }
        assert!(
            total < BUDGET,
            "{path} as {user:?} is {total} bytes on the wire, over the {BUDGET}-byte budget"
        );
    }
}

#[tokio::test]
async fn an_operator_files_for_a_citizen_from_the_cm_cell_and_it_is_top_priority() {
    let app = spawn_app().await;
    let mut web = WebClient::new(&app);
    web.login("operator.rewari").await;
    let page = web.get("/file").await;
    assert!(page.body.contains("name=\"channel\""));
    // The picker starts at the operator's own district.
    assert!(page.body.contains("value=\"06084\" selected"));
    let mut fields = filing_fields();
    fields.push(("channel", "cm_cell".into()));
    let filed = web.post_multipart("/file", multipart(&fields)).await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let done = web.follow(filed).await;
    let regno = done
        .between("<p class=\"big-number\" id=\"regno\">", "</p>")
        .unwrap();
    let operator = app.login("operator.rewari").await;
    let case = app.case(&operator, &regno).await;
    assert_eq!(case["grievance"]["channel"], "cm_cell");
    assert_eq!(case["grievance"]["priority"], "top");
    // A citizen cannot choose a channel: the field is ignored and the case is a web case.
    let mut citizen = WebClient::new(&app);
    let page = citizen.get("/file").await;
    assert!(!page.body.contains("name=\"channel\""));
    let mut fields = filing_fields();
    fields.push(("channel", "cm_cell".into()));
    fields[1].1 = "9812012346".into();
    let filed = citizen.post_multipart("/file", multipart(&fields)).await;
    let done = citizen.follow(filed).await;
    let regno = done
        .between("<p class=\"big-number\" id=\"regno\">", "</p>")
        .unwrap();
    let case = app.case(&operator, &regno).await;
    assert_eq!(case["grievance"]["channel"], "web");
    assert_eq!(case["grievance"]["priority"], "normal");
}

#[tokio::test]
async fn a_citizen_appeals_within_the_window_and_is_told_when_it_has_passed() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "submit_atr", "text": "Inspected; the request cannot be met this year"}),
    )
    .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "dispose", "kind": "not_feasible", "remarks": "No budget for a new line this year"}),
    )
    .await;
    let mut web = WebClient::new(&app);
    web.get("/track").await;
    web.post("/track", &[("regno", &regno), ("mobile", "9812012345")])
        .await;
    let code = latest_otp(&app).await;
    web.post(
        "/track/verify",
        &[("regno", &regno), ("mobile", "9812012345"), ("code", &code)],
    )
    .await;
    let page = web.get(&format!("/cases/{regno}")).await;
    assert!(page.body.contains("id=\"a-appeal\""));
    // The citizen is not offered the call centre's "unreachable".
    assert!(!page.body.contains("value=\"unreachable\""));
    // Too late: 31 days on, the window is shut and the page says so beside the form.
    app.clock.advance_days(31);
    let mut late = WebClient::new(&app);
    late.get("/track").await;
    late.post("/track", &[("regno", &regno), ("mobile", "9812012345")])
        .await;
    let code = latest_otp(&app).await;
    late.post(
        "/track/verify",
        &[("regno", &regno), ("mobile", "9812012345"), ("code", &code)],
    )
    .await;
    let page = late.get(&format!("/cases/{regno}")).await;
    let version = page.between("name=\"version\" value=\"", "\"").unwrap();
    let refused = late
        .post(
            &format!("/cases/{regno}/act"),
            &[
                ("action", "appeal"),
                ("reason", "The line is needed; the survey was wrong"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("within 30 days of its disposal"));
    app.clock.advance_days(-31);
    let page = web.get(&format!("/cases/{regno}")).await;
    let version = page.between("name=\"version\" value=\"", "\"").unwrap();
    let appealed = web
        .post(
            &format!("/cases/{regno}/act"),
            &[
                ("action", "appeal"),
                ("reason", "The line is needed; the survey was wrong"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(appealed.status, StatusCode::SEE_OTHER, "{}", appealed.body);
    // The appeal goes to the office above; the block office no longer holds it.
    let gone = app.get(&officer, &format!("/grievances/{regno}")).await;
    assert_eq!(gone.status(), 404);
    let admin = app.login("admin").await;
    let case = app.case(&admin, &regno).await;
    assert_eq!(case["grievance"]["appealed"], true);
    assert_eq!(
        case["grievance"]["holding_office"]["code"],
        "PHED-REWARI-SD-REWARI"
    );
}

#[tokio::test]
async fn a_sign_in_link_cannot_send_anyone_elsewhere_or_break_the_answer() {
    let app = spawn_app().await;
    let mut web = WebClient::new(&app);
    web.get("/login").await;
    for next in [
        "/\t/evil.example",
        "//evil.example",
        "/inbox\r\nSet-Cookie: x=1",
    ] {
        let page = web
            .post(
                "/login",
                &[
                    ("username", "officer.phed.khol"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(page.location.as_deref(), Some("/inbox"), "{next:?}");
        web.get("/login").await;
    }
}

#[tokio::test]
async fn a_citizen_sees_the_outcome_but_not_what_offices_say_among_themselves() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "request_special_close", "reason": "Internal: contractor dispute pending"}),
    )
    .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "ask_clarification", "question": "Which ward is the broken pipe in?"}),
    )
    .await;
    let mut web = WebClient::new(&app);
    web.get("/track").await;
    web.post("/track", &[("regno", &regno), ("mobile", "9812012345")])
        .await;
    let code = latest_otp(&app).await;
    let page = web
        .post(
            "/track/verify",
            &[("regno", &regno), ("mobile", "9812012345"), ("code", &code)],
        )
        .await;
    let page = web.follow(page).await;
    assert!(page.body.contains("Which ward is the broken pipe in?"));
    assert!(!page.body.contains("contractor dispute"));
    assert!(!page.body.contains("officer.phed.rewari.block"));
    // The citizen answers the question from the page.
    let version = page.between("name=\"version\" value=\"", "\"").unwrap();
    let answered = web
        .post(
            &format!("/cases/{regno}/act"),
            &[
                ("action", "receive_clarification"),
                ("answer", "Ward 7, near the temple"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    // The officer sees everything.
    let mut staff = WebClient::new(&app);
    staff.login("officer.phed.rewari.block").await;
    let page = staff.get(&format!("/cases/{regno}")).await;
    assert!(page.body.contains("contractor dispute") && page.body.contains("Ward 7"));
}

#[tokio::test]
async fn a_refused_atr_leaves_no_documents_behind() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    let mut web = WebClient::new(&app);
    web.login("officer.phed.rewari.block").await;
    let page = web.get(&format!("/cases/{regno}")).await;
    let version = page.between("name=\"version\" value=\"", "\"").unwrap();
    let refused = web
        .post_multipart(
            &format!("/cases/{regno}/atr"),
            reqwest::multipart::Form::new()
                .text("version", version.clone())
                .text("text", "ok")
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(pdf_bytes()).file_name("inspection.pdf"),
                ),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"err-text\""));
    let case = app.case(&officer, &regno).await;
    assert!(
        case["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] != "add_attachment"),
        "no document recorded"
    );
    assert_eq!(case["grievance"]["version"].to_string(), version);
}

#[tokio::test]
async fn a_camp_file_past_a_mobile_s_monthly_limit_files_nothing() {
    let app = spawn_app().await;
    let mut limits = (*app.store.limits()).clone();
    limits.filings_per_mobile_per_month = 2;
    app.store.set_limits(limits);
    let mut web = WebClient::new(&app);
    web.login("operator.rewari").await;
    web.get("/camp/upload").await;
    let row = "सुनीता देवी,9812012360,06084010101,PHED-WS-NOSUP,पेयजल आपूर्ति बंद,गांव में दस दिनों से पानी नहीं आ रहा है।\n";
    let csv =
        format!("citizen_name,mobile,jurisdiction,category,subject,description\n{row}{row}{row}");
    let page = web
        .post_multipart(
            "/camp/upload",
            reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("camp.csv"),
            ),
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"upload-refused\""));
    assert!(page.body.contains("already filed 2 grievances this month"));
    let admin = app.login("admin").await;
    let all = app.get(&admin, "/grievances").await;
    let all: serde_json::Value = all.json().await.unwrap();
    assert_eq!(all["total"], 0, "nothing was filed");
}

#[tokio::test]
async fn changing_a_password_ends_the_account_s_other_sessions() {
    let app = spawn_app().await;
    let mut phone = WebClient::new(&app);
    phone.login("officer.phed.khol").await;
    let mut desk = WebClient::new(&app);
    desk.login("officer.phed.khol").await;
    desk.get("/account/password").await;
    desk.post(
        "/account/password",
        &[
            ("current_password", PASSWORD),
            ("new_password", "a-new-password"),
            ("confirm_password", "a-new-password"),
        ],
    )
    .await;
    assert_eq!(desk.get("/inbox").await.status, 200, "this session goes on");
    assert_eq!(
        phone.get("/inbox").await.status,
        StatusCode::SEE_OTHER,
        "the other ends"
    );
}

#[tokio::test]
async fn the_all_tab_shows_every_status_and_tracking_lookups_are_limited() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "submit_atr", "text": "Valve replaced, supply restored"}),
    )
    .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored"}),
    )
    .await;
    let mut web = WebClient::new(&app);
    web.login("officer.phed.rewari.block").await;
    assert!(
        !web.get("/inbox").await.body.contains(&regno),
        "open only at first"
    );
    let all = web.get("/inbox?status=all").await;
    assert!(all.body.contains(&regno));
    assert!(all.body.contains("aria-current=\"page\">All"));
    // Guessing numbers for a mobile runs into the per-address limit.
    let mut guesser = WebClient::new(&app);
    guesser.get("/track").await;
    let mut limited = false;
    for n in 0..80 {
        let number = nivaran_domain::regno::RegistrationNumber::new("06", 2026, n + 2)
            .as_str()
            .to_string();
        let page = guesser
            .post("/track", &[("regno", &number), ("mobile", "9812012345")])
            .await;
        if page.body.contains("Too many requests") {
            limited = true;
            break;
        }
    }
    assert!(limited, "tracking lookups are rate-limited per address");
}

#[tokio::test]
async fn the_web_form_asks_a_categorys_own_questions_and_keeps_the_answers() {
    let app = spawn_app().await;
    let admin = app.login("admin").await;
    let set = app
        .client
        .put(app.url("/categories/PHED-WS-NOSUP/attributes"))
        .bearer_auth(&admin)
        .json(&serde_json::json!({"items": [
            {"code": "days_without_water", "datatype": "number", "required": true,
             "question_en": "For how many days has there been no water?",
             "question_hi": "कितने दिनों से पानी नहीं है?"}
        ]}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    let mut web = WebClient::new(&app);
    let page = web.get("/file?category=PHED-WS-NOSUP").await;
    assert!(
        page.body.contains("name=\"attribute[days_without_water]\""),
        "asked without JavaScript"
    );
    assert!(
        page.body
            .contains("For how many days has there been no water?")
    );

    // Unanswered: refused, nothing filed, the question named.
    let refused = web
        .post_multipart("/file", multipart(&filing_fields()))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Answer the question: For how many days"),
        "{}",
        refused.body
    );
    assert_eq!(app.store.list_outbox(None, 10).await.unwrap().len(), 0);

    // Answered: filed, and the answer kept with the case.
    let mut fields = filing_fields();
    fields.push(("attribute[days_without_water]", "12".into()));
    let filed = web.post_multipart("/file", multipart(&fields)).await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let done = web.follow(filed).await;
    let regno = done
        .between("<p class=\"big-number\" id=\"regno\">", "</p>")
        .unwrap();
    let (case, _) = app.store.integration_case(&regno).await.unwrap();
    assert_eq!(
        case.answers,
        [("days_without_water".to_string(), "12".to_string())]
    );
    assert_eq!(case.api_key_id, None);
}

#[tokio::test]
async fn an_administrator_issues_an_open311_key_and_a_webhook_in_the_pages() {
    let app = spawn_app().await;
    let mut web = WebClient::new(&app);
    web.login("admin").await;
    let page = web.get("/admin/integrations").await;
    assert_eq!(page.status, StatusCode::OK);
    // A key, shown once, that files through Open311.
    let issued = web
        .post(
            "/admin/integrations",
            &[("form", "key"), ("name", "Rewari city app")],
        )
        .await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.body);
    let key = issued.between("id=\"secret\">", "</code>").unwrap();
    assert!(key.starts_with("o311_"), "{key}");
    assert!(!web.get("/admin/integrations").await.body.contains(&key));
    let filed = app
        .client
        .post(format!("{}/open311/v2/requests.json", app.address))
        .form(&[
            ("api_key", key.as_str()),
            ("service_code", "PHED-WS-NOSUP"),
            ("address_id", "06084010101"),
            ("first_name", "Sunita"),
            ("phone", "9812055501"),
            ("description", "No water in the taps for ten days"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(filed.status(), 201);
    // A webhook for a department; a bad address is refused beside its field.
    let keys = app.store.api_keys().await.unwrap();
    let id = keys[0].id.to_string();
    let bad = web
        .post(
            "/admin/integrations",
            &[
                ("form", "webhook"),
                ("api_key_id", &id),
                ("url", "ftp://x"),
                ("department", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"err-url\""), "{}", bad.body);
    let hook = web
        .post(
            "/admin/integrations",
            &[
                ("form", "webhook"),
                ("api_key_id", &id),
                ("url", "https://1.1.1.1/hook"),
                ("department", "PHED"),
            ],
        )
        .await;
    assert_eq!(hook.status, StatusCode::OK, "{}", hook.body);
    assert_eq!(hook.between("id=\"secret\">", "</code>").unwrap().len(), 64);
    let hooks = app.store.webhooks().await.unwrap();
    assert_eq!(hooks.len(), 1);
    // Removing and revoking are buttons on the page.
    let removed = web
        .post(
            &format!("/admin/integrations/webhooks/{}/remove", hooks[0].id),
            &[],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let revoked = web
        .post(&format!("/admin/integrations/keys/{id}/revoke"), &[])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert!(app.store.api_key_by_secret(&key).await.unwrap().is_none());
    let actions: Vec<String> = app
        .store
        .admin_log(10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in [
        "issue_api_key",
        "add_webhook",
        "remove_webhook",
        "revoke_api_key",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
}
