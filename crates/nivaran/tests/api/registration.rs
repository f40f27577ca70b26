use crate::helpers::*;
use serde_json::json;

#[tokio::test]
async fn the_test_clock_starts_where_the_tests_think() {
    start_matches_its_comment();
}

#[tokio::test]
async fn filing_gives_a_number_routes_to_the_block_office_and_sets_a_working_day_deadline() {
    let app = spawn_app().await;
    let body = app.file(&form()).await;
    let regno = body["registration_number"].as_str().unwrap();
    // State 06, year 26, then the sequence and a check digit.
    assert!(regno.starts_with("0626-"), "{regno}");
    assert_eq!(body["status"], "assigned");
    assert_eq!(body["office"]["code"], "PHED-REWARI-BL-REWARI");
    assert_eq!(body["unrouted"], false);
    // 3 working days from Monday 23 Nov 2026; Tuesday 24th is Guru Nanak Jayanti.
    assert_eq!(body["due_date"], "2026-11-27");
    assert_eq!(body["grievance"]["priority"], "normal");
    assert_eq!(body["grievance"]["channel"], "web");
    assert_eq!(body["grievance"]["kind"], "complaint");
    // Typos in the number are caught by the check digit, and spacing does not matter.
    let officer = app.login("officer.phed.rewari.block").await;
    let spaced = regno.replace('-', " ");
    assert_eq!(
        app.get(&officer, &format!("/grievances/{spaced}"))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn routing_prefers_the_deepest_rule_and_falls_back_to_the_district_office() {
    let app = spawn_app().await;
    // Filed at district level in Rewari: the district office's department-wide rule.
    let mut at_district = form();
    at_district["jurisdiction"] = json!("06084");
    let body = app.file(&at_district).await;
    assert_eq!(body["office"]["code"], "PHED-REWARI");
    // A district that is not worked down: its district office.
    let mut elsewhere = form();
    elsewhere["jurisdiction"] = json!("08113");
    let body = app.file(&elsewhere).await;
    assert_eq!(body["office"]["code"], "PHED-JODHPUR");
}

#[tokio::test]
async fn a_case_no_rule_covers_goes_to_the_nodal_officers_unrouted_queue() {
    let app = spawn_app().await;
    // A new department with a category and no routing rule yet.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("departments.csv"),
        "code,name_en,name_hi\nMINES,Mines and Geology,खान एवं भूविज्ञान\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("categories.csv"),
        "code,department_code,parent_code,kind,name_en,name_hi,deadline_days,rts\nMINES-ILLEGAL,MINES,,complaint,Illegal mining,अवैध खनन,15,false\n",
    )
    .unwrap();
    app.store.import_master_data(dir.path()).await.unwrap();
    let mut f = form();
    f["category"] = json!("MINES-ILLEGAL");
    let body = app.file(&f).await;
    assert_eq!(body["unrouted"], true);
    assert_eq!(body["office"]["code"], "GRIEVANCE-REWARI");
    // The nodal officer sees it and sends it on; that is routing, not a transfer.
    let nodal = app.login("officer.nodal.rewari").await;
    let regno = body["registration_number"].as_str().unwrap();
    let case = app
        .act_ok(&nodal, regno, json!({"action": "transfer", "office": "REVENUE-REWARI", "reason": "Mining matters go to the revenue office"}))
        .await;
    assert_eq!(case["holding_office"]["code"], "REVENUE-REWARI");
    assert_eq!(case["transfer_count"], 0);
    assert_eq!(case["unrouted"], false);
}

#[tokio::test]
async fn operators_file_for_other_channels_and_cm_cell_cases_are_top_priority() {
    let app = spawn_app().await;
    let operator = app.login("operator.rewari").await;
    let mut f = form();
    f["channel"] = json!("cm_cell");
    let response = app.file_as(&operator, &f).await;
    assert_eq!(response.status(), 201);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["grievance"]["priority"], "top");
    assert_eq!(body["grievance"]["channel"], "cm_cell");
    // The public cannot claim to be the CM cell.
    let response = app
        .client
        .post(app.url("/grievances"))
        .json(&f)
        .send()
        .await
        .unwrap();
    let (status, code, field, _) = error_of(response).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "operator_only", Some("channel"))
    );
}

#[tokio::test]
async fn registration_writes_register_and_assign_events() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    let case = app.case(&officer, &regno).await;
    let timeline = case["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 2);
    assert_eq!(timeline[0]["action"], "register");
    assert_eq!(timeline[0]["actor"], "citizen XXXXXX2345");
    assert_eq!(timeline[1]["action"], "assign");
    assert_eq!(timeline[1]["actor"], "system");
    assert_eq!(timeline[1]["to_status"], "assigned");
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

fn multipart_form(files: Vec<(&'static str, Vec<u8>)>) -> reqwest::multipart::Form {
    let mut body = reqwest::multipart::Form::new();
    for (key, value) in form().as_object().unwrap() {
        body = body.text(key.clone(), value.as_str().unwrap().to_string());
    }
    body = body.text("latitude", "28.19").text("longitude", "76.62");
    for (name, bytes) in files {
        body = body.part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name),
        );
    }
    body
}

#[tokio::test]
async fn a_citizen_can_attach_photos_when_filing_and_a_bad_file_files_nothing() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/grievances"))
        .multipart(multipart_form(vec![
            ("broken-pipe.png", PNG.to_vec()),
            ("letter.pdf", pdf_bytes()),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let body: serde_json::Value = response.json().await.unwrap();
    let regno = body["registration_number"].as_str().unwrap();
    assert_eq!(body["grievance"]["latitude"], 28.19);
    let officer = app.login("officer.phed.rewari.block").await;
    let list: serde_json::Value = app
        .get(&officer, &format!("/grievances/{regno}/attachments"))
        .await
        .json()
        .await
        .unwrap();
    let types: Vec<&str> = list["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["content_type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["image/png", "application/pdf"]);

    // An executable among the files: refused, and no case is left behind.
    let admin = app.login("admin").await;
    let before: serde_json::Value = app.get(&admin, "/grievances").await.json().await.unwrap();
    let response = app
        .client
        .post(app.url("/grievances"))
        .multipart(multipart_form(vec![
            ("photo.png", PNG.to_vec()),
            ("virus.png", b"MZ\x90\x00\x03".to_vec()),
        ]))
        .send()
        .await
        .unwrap();
    let (status, code, field, _) = error_of(response).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "unsupported_type", Some("file"))
    );
    let after: serde_json::Value = app.get(&admin, "/grievances").await.json().await.unwrap();
    assert_eq!(before["total"], after["total"]);
}

/// Filings arriving together are committed together (the intake's group commit): every one is
/// answered with its own number, every one is there afterwards with its SMS and a chain that
/// verifies, and the monthly limit counts the group's own filings.
#[tokio::test]
async fn filings_at_the_same_moment_are_each_answered_and_all_kept() {
    let app = spawn_app().await;
    let mut tasks = Vec::new();
    for i in 0..60 {
        let app_client = app.client.clone();
        let url = app.url("/grievances");
        let mut f = form();
        // Twelve from one number (the limit is ten a month), the rest from their own.
        f["mobile"] = json!(if i < 12 {
            "9812000001".to_string()
        } else {
            format!("98120{:05}", i)
        });
        tasks.push(tokio::spawn(async move {
            let response = app_client.post(url).json(&f).send().await.unwrap();
            let status = response.status().as_u16();
            let body: serde_json::Value = response.json().await.unwrap();
            (status, body)
        }));
    }
    let mut numbers = std::collections::BTreeSet::new();
    let mut refused = 0;
    for task in tasks {
        let (status, body) = task.await.unwrap();
        match status {
            201 => {
                assert!(numbers.insert(body["registration_number"].as_str().unwrap().to_string()));
            }
            429 => {
                assert_eq!(body["error"]["code"], "filing_limit");
                refused += 1;
            }
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!((numbers.len(), refused), (58, 2));
    let admin = app.login("admin").await;
    let all: serde_json::Value = app
        .get(&admin, "/grievances?per_page=100")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 58);
    let sms = app.store.list_outbox(None, 200).await.unwrap();
    for n in &numbers {
        assert!(
            sms.iter().any(|m| m.body.contains(n.as_str())),
            "SMS for {n}"
        );
    }
    let report = app.store.verify_chains().await.unwrap();
    assert_eq!((report.first_broken, report.events), (None, 116));
}

/// Seed 004: CM-cell and VIP-cell cases head every inbox and pending list, before the
/// due-date order; each row says how old the case is and who holds it.
#[tokio::test]
async fn cm_and_vip_cell_cases_head_the_inbox_before_the_due_date_order() {
    let app = spawn_app().await;
    // An ordinary case, due first; a week later a VIP-cell case, then a CM-cell case.
    let ordinary = app.file_default().await;
    app.clock.advance_days(7);
    let operator = app.login("operator.rewari").await;
    let mut vip = form();
    vip["channel"] = json!("vip_cell");
    vip["mobile"] = json!("9812000001");
    let vip: serde_json::Value = app.file_as(&operator, &vip).await.json().await.unwrap();
    let vip = vip["grievance"]["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let mut cm = form();
    cm["channel"] = json!("cm_cell");
    cm["mobile"] = json!("9812000002");
    let cm: serde_json::Value = app.file_as(&operator, &cm).await.json().await.unwrap();
    let cm = cm["grievance"]["registration_number"]
        .as_str()
        .unwrap()
        .to_string();

    let officer = app.login("officer.phed.rewari.block").await;
    let list: serde_json::Value = app
        .get(&officer, "/grievances?sort=due")
        .await
        .json()
        .await
        .unwrap();
    let order: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["registration_number"].as_str().unwrap())
        .collect();
    let at = |regno: &str| order.iter().position(|r| *r == regno).unwrap();
    assert!(
        at(&vip) < at(&ordinary) && at(&cm) < at(&ordinary),
        "{order:?}"
    );
    let first = &list["items"][0];
    assert_eq!(first["priority"], "top");
    let age_of = |regno: &str| {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["registration_number"] == regno)
            .unwrap()["age_days"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(age_of(&ordinary), 7);
    assert_eq!(age_of(&cm), 0);

    // The inbox page: the same order, a badge, the holder and the age.
    let mut web = crate::web_client::WebClient::new(&app);
    web.login("officer.phed.rewari.block").await;
    let page = web.get("/inbox").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let pos = |regno: &str| page.body.find(&format!(">{regno}<")).unwrap();
    assert!(pos(&cm) < pos(&ordinary) && pos(&vip) < pos(&ordinary));
    assert!(page.body.contains("class=\"badge top\""));
    assert!(page.body.contains("data-label=\"Held by\"") || page.body.contains("किसके पास"));
}
