use crate::helpers::*;
use serde_json::{Value, json};

async fn upload_pdf(app: &TestApp, token: &str, regno: &str) -> String {
    let part = reqwest::multipart::Part::bytes(pdf_bytes()).file_name("atr-photos.pdf");
    let response = app
        .client
        .post(app.url(&format!("/grievances/{regno}/attachments")))
        .bearer_auth(token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["attachment"]["content_type"], "application/pdf");
    body["attachment"]["sha256"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_case_from_filing_through_atr_disposal_reopening_special_closure_and_closing() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;

    let case = app
        .act_ok(&officer, &regno, json!({"action": "accept", "version": 1}))
        .await;
    assert_eq!(case["status"], "in_progress");
    let case = app
        .act_ok(
            &officer,
            &regno,
            json!({"action": "declare_eta", "eta": "2026-11-26"}),
        )
        .await;
    assert_eq!(case["eta"], "2026-11-26T18:29:59.999Z");
    let sha = upload_pdf(&app, &officer, &regno).await;
    let case = app
        .act_ok(&officer, &regno, json!({"action": "submit_atr", "text": "Valve replaced at the village tank; supply restored.", "documents": [sha]}))
        .await;
    assert_eq!(case["status"], "atr_submitted");
    let case = app
        .act_ok(
            &officer,
            &regno,
            json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored on 25 Nov"}),
        )
        .await;
    assert_eq!(case["status"], "disposed");
    assert_eq!(case["disposal"], "relief");

    // The citizen is not satisfied and reopens within 30 days.
    app.clock.advance_days(3);
    let citizen = app.signup_citizen("9812012345").await;
    let seen = app.case(&citizen, &regno).await;
    assert_eq!(seen["grievance"]["status"], "disposed");
    let case = app
        .act_ok(
            &citizen,
            &regno,
            json!({"action": "reopen", "reason": "Water came for one day only"}),
        )
        .await;
    assert_eq!(case["status"], "assigned");
    assert_eq!(case["reopen_count"], 1);
    assert_eq!(case["holding_office"]["code"], "PHED-REWARI-BL-REWARI");

    // Second round: special closure with the supervisor's approval. (Days passed: sign in again.)
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    let response = app.act(&officer, &regno, json!({"action": "dispose", "kind": "special_close", "remarks": "Pipeline project pending"})).await;
    let (status, code, _, _) = error_of(response).await;
    assert_eq!((status, code.as_str()), (422, "special_close_not_approved"));
    app.act_ok(&officer, &regno, json!({"action": "request_special_close", "reason": "New pipeline sanctioned under Jal Jeevan Mission"})).await;
    // An officer cannot approve their own request.
    let response = app
        .act(&officer, &regno, json!({"action": "approve_special_close"}))
        .await;
    assert_eq!(response.status(), 403);
    let supervisor = app.login("supervisor.phed.rewari").await;
    app.act_ok(
        &supervisor,
        &regno,
        json!({"action": "approve_special_close"}),
    )
    .await;
    let case = app
        .act_ok(&officer, &regno, json!({"action": "dispose", "kind": "special_close", "remarks": "Covered by the sanctioned pipeline project"}))
        .await;
    assert_eq!(case["disposal"], "special_close");

    // The call centre verifies, then the case closes.
    let verifier = app.login("verifier").await;
    app.act_ok(
        &verifier,
        &regno,
        json!({"action": "record_verification", "outcome": "satisfied"}),
    )
    .await;
    let case = app
        .act_ok(&verifier, &regno, json!({"action": "close"}))
        .await;
    assert_eq!(case["status"], "closed");

    let timeline = app.case(&officer, &regno).await["timeline"]
        .as_array()
        .unwrap()
        .clone();
    let actions: Vec<&str> = timeline
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "register",
            "assign",
            "accept",
            // The officer who accepted holds it by name.
            "assign_officer",
            "declare_eta",
            "add_attachment",
            "submit_atr",
            "dispose",
            "reopen",
            "accept",
            "request_special_close",
            "approve_special_close",
            "dispose",
            "record_verification",
            "close"
        ]
    );
    let report = app.store.verify_chains().await.unwrap();
    assert_eq!(report.first_broken, None);
    assert_eq!(report.events, 15);
}

#[tokio::test]
async fn an_illegal_action_is_refused_naming_the_state_and_the_action_in_both_languages() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    let response = app
        .act(
            &officer,
            &regno,
            json!({"action": "dispose", "kind": "relief", "remarks": "Done already"}),
        )
        .await;
    let (status, code, _, message) = error_of(response).await;
    assert_eq!((status, code.as_str()), (409, "illegal_transition"));
    assert_eq!(message, "cannot dispose of a case that is assigned");
    let response = app
        .client
        .post(app.url(&format!("/grievances/{regno}/actions")))
        .bearer_auth(&officer)
        .header("accept-language", "hi-IN,hi;q=0.9,en;q=0.5")
        .json(&json!({"action": "dispose", "kind": "relief", "remarks": "Done already"}))
        .send()
        .await
        .unwrap();
    let (_, _, _, message) = error_of(response).await;
    assert!(
        message.contains("आवंटित") && message.contains("निस्तारण"),
        "{message}"
    );
}

#[tokio::test]
async fn transfers_stop_at_three_and_need_a_reason() {
    let app = spawn_app().await;
    let mut f = form();
    f["jurisdiction"] = json!("06084");
    let regno = app.file(&f).await["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let offices = [
        "PHED-REWARI-BL-KHOL",
        "PHED-REWARI-BL-BAWAL",
        "PHED-REWARI-BL-KOSLI",
        "PHED-REWARI-BL-NAHAR",
    ];
    let holders = [
        "officer.phed.rewari",
        "officer.phed.khol",
        "officer.phed.bawal",
        "officer.phed.kosli",
    ];
    let token = app.login(holders[0]).await;
    let response = app
        .act(
            &token,
            &regno,
            json!({"action": "transfer", "office": offices[0], "reason": ""}),
        )
        .await;
    let (status, code, field, _) = error_of(response).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "reason_required", Some("reason"))
    );
    for i in 0..3 {
        let token = app.login(holders[i]).await;
        let case = app
            .act_ok(&token, &regno, json!({"action": "transfer", "office": offices[i], "reason": "Village falls in another block"}))
            .await;
        assert_eq!(case["transfer_count"], i as i64 + 1);
    }
    let token = app.login(holders[3]).await;
    let response = app.act(&token, &regno, json!({"action": "transfer", "office": offices[3], "reason": "Village falls in another block"})).await;
    let (status, code, _, _) = error_of(response).await;
    assert_eq!((status, code.as_str()), (422, "transfer_limit"));
    // The old holder no longer sees the case at all.
    let old = app.login(holders[0]).await;
    assert_eq!(
        app.get(&old, &format!("/grievances/{regno}"))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn forwarding_down_clarification_joint_departments_escalation_and_appeal() {
    let app = spawn_app().await;
    let mut f = form();
    f["jurisdiction"] = json!("06084");
    let regno = app.file(&f).await["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let district = app.login("officer.phed.rewari").await;
    app.act_ok(&district, &regno, json!({"action": "accept"}))
        .await;
    // Forward down to a block office, which reports back.
    let case = app
        .act_ok(&district, &regno, json!({"action": "forward", "office": "PHED-REWARI-BL-KHOL", "instructions": "Inspect the village tank and report"}))
        .await;
    assert_eq!(case["status"], "forwarded");
    let block = app.login("officer.phed.khol").await;
    // The block office may report back but not dispose.
    let response = app
        .act(
            &block,
            &regno,
            json!({"action": "submit_atr", "text": "Done by block"}),
        )
        .await;
    assert_eq!(response.status(), 403);
    let case = app
        .act_ok(
            &block,
            &regno,
            json!({"action": "return_report", "report": "Tank valve broken, replaced"}),
        )
        .await;
    assert_eq!(case["status"], "in_progress");
    // Forwarding up is refused.
    let response = app
        .act(
            &district,
            &regno,
            json!({"action": "forward", "office": "PHED-HR", "instructions": "Please look"}),
        )
        .await;
    let (_, code, _, _) = error_of(response).await;
    assert_eq!(code, "not_subordinate");
    // Ask the citizen; an operator records the answer from a phone call.
    app.act_ok(
        &district,
        &regno,
        json!({"action": "ask_clarification", "question": "Which street of the village?"}),
    )
    .await;
    let operator = app.login("operator.rewari").await;
    let case = app
        .act_ok(
            &operator,
            &regno,
            json!({"action": "receive_clarification", "answer": "Near the Shiv temple"}),
        )
        .await;
    assert_eq!(case["status"], "in_progress");
    // The timeline names offices by code, not only by internal id.
    let timeline = app.case(&district, &regno).await["timeline"]
        .as_array()
        .unwrap()
        .clone();
    let forward = timeline.iter().find(|e| e["action"] == "forward").unwrap();
    assert_eq!(forward["details"]["office_code"], "PHED-REWARI-BL-KHOL");
    assert_eq!(
        forward["details"]["instructions"],
        "Inspect the village tank and report"
    );
    // A joint department, with its part at the electricity circle of the district; the
    // circle reports on its part so that the case may be disposed of.
    let case = app
        .act_ok(
            &district,
            &regno,
            json!({"action": "add_joint_department", "department": "POWER", "reason": "The tubewell has no power supply"}),
        )
        .await;
    assert_eq!(case["joint_departments"][0]["code"], "POWER");
    assert_eq!(case["parts"][0]["office"]["code"], "POWER-REWARI");
    let power = app.login("officer.power.rewari").await;
    app.act_ok(
        &power,
        &regno,
        json!({"action": "part_accept", "department": "POWER"}),
    )
    .await;
    app.act_ok(
        &power,
        &regno,
        json!({"action": "part_submit_atr", "department": "POWER", "text": "Feeder repaired, supply restored"}),
    )
    .await;
    // A state supervisor escalates by hand.
    let state = app.login("supervisor.phed.haryana").await;
    let case = app
        .act_ok(&state, &regno, json!({"action": "escalate"}))
        .await;
    assert_eq!(case["escalation_level"], 2);
    // Dispose with rejection, then the citizen appeals to the office above.
    app.act_ok(
        &district,
        &regno,
        json!({"action": "submit_atr", "text": "Supply is normal as per inspection"}),
    )
    .await;
    app.act_ok(&district, &regno, json!({"action": "dispose", "kind": "rejected", "remarks": "Supply found normal on inspection"})).await;
    app.clock.advance_days(10);
    let citizen = app.signup_citizen("9812012345").await;
    let case = app
        .act_ok(
            &citizen,
            &regno,
            json!({"action": "appeal", "reason": "Water is still not reaching our street"}),
        )
        .await;
    assert_eq!(case["appealed"], true);
    assert_eq!(case["holding_office"]["code"], "PHED-HR");
    assert_eq!(case["status"], "assigned");
}

#[tokio::test]
async fn reopening_closes_after_thirty_days() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "submit_atr", "text": "Pipeline repaired"}),
    )
    .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "dispose", "kind": "relief", "remarks": "Pipeline repaired"}),
    )
    .await;
    app.clock.advance_days(31);
    let operator = app.login("operator.rewari").await;
    let response = app
        .act(
            &operator,
            &regno,
            json!({"action": "reopen", "reason": "Citizen called again"}),
        )
        .await;
    let (status, code, _, _) = error_of(response).await;
    assert_eq!((status, code.as_str()), (422, "reopen_window_over"));
}
