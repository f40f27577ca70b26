//! Duplicate and repeat petitions (issue 17, part 2): the check finds candidates by the same
//! mobile, the same place and category, and similar words in Hindi or Hinglish, and not the
//! hard negatives; a link closes the duplicate, tells its citizen, counts the grievance once
//! and can be undone; a repeat reopens the original; the similar cases before filing carry no
//! personal data, and a citizen attached to a case hears of its steps.

use crate::helpers::*;
use nivaran::store::{Period, Scope};
use serde_json::{Value, json};

const WATER_HI: &str = "गोकलगढ़ में पानी नहीं आ रहा है, नल सूखे पड़े हैं, दस दिन से कोई सुनवाई नहीं";

async fn file(app: &TestApp, mobile: &str, place: &str, category: &str, text: &str) -> String {
    let mut f = form();
    f["mobile"] = json!(mobile);
    f["jurisdiction"] = json!(place);
    f["category"] = json!(category);
    f["subject"] = json!(text.chars().take(60).collect::<String>());
    f["description"] = json!(text);
    app.file(&f).await["registration_number"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Runs the check past the moment it waits for filings to settle.
async fn check(app: &TestApp) {
    app.clock.advance_millis(60_000);
    app.store.run_duplicate_check(None).await.unwrap();
}

/// The candidates found for case `regno`: (original's number, reasons).
async fn candidates(app: &TestApp, regno: &str) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT o.regno, c.reasons FROM duplicate_candidates c JOIN grievances g ON g.id = c.grievance_id \
         JOIN grievances o ON o.id = c.original_id WHERE g.regno = $1 ORDER BY c.score_millis DESC",
    )
    .bind(regno.to_string())
    .fetch_all(app.store.pool())
    .await
    .unwrap()
}

async fn sms_to(app: &TestApp, mobile: &str, key: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT body FROM outbox WHERE recipient LIKE $1 AND template_key = $2 AND channel = 'sms' ORDER BY id",
    )
    .bind(format!("%{mobile}"))
    .bind(key.to_string())
    .fetch_all(app.store.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn the_check_finds_the_same_mobile_place_and_words_and_not_the_hard_negatives() {
    let app = spawn_app().await;
    let village = "06084010101";
    let other_village = "06084010102";
    let original = file(&app, "9812012345", village, "PHED-WS-NOSUP", WATER_HI).await;
    // The same citizen again, from the next village, about water.
    let same_mobile = file(
        &app,
        "9812012345",
        other_village,
        "PHED-WS-NOSUP",
        "पानी की आपूर्ति बंद है, टंकी खाली",
    )
    .await;
    // Another villager, the same problem in other words.
    let same_place = file(
        &app,
        "9812055555",
        village,
        "PHED-WS-NOSUP",
        "हमारे मोहल्ले की पाइपलाइन से सप्लाई नहीं",
    )
    .await;
    // The same petition in Latin letters, from another village and number.
    let hinglish = file(
        &app,
        "9812066666",
        other_village,
        "PHED-WS-LOWP",
        "Gokalgarh mein paani nahi aa raha hai, nal sookhe pade hain, das din se koi sunwai nahi",
    )
    .await;
    // Hard negatives: the same citizen about a pension; a neighbour about the electricity.
    let pension = file(
        &app,
        "9812012345",
        village,
        "SOC-PEN-OLD",
        "मेरी वृद्धावस्था पेंशन तीन महीने से बैंक खाते में नहीं आई",
    )
    .await;
    let power = file(
        &app,
        "9812077777",
        village,
        "POWER-TR-BURNT",
        "गांव का ट्रांसफार्मर जल गया है, बिजली बंद",
    )
    .await;
    // A pass with no time left leaves every case for the next (the worker's passes are short).
    app.clock.advance_millis(60_000);
    let paused = app
        .store
        .run_duplicate_check(Some(std::time::Duration::ZERO))
        .await
        .unwrap();
    assert_eq!((paused.checked, paused.more_left), (0, true));
    check(&app).await;
    let has = |found: &[(String, String)], reason: &str| {
        found
            .iter()
            .any(|(o, reasons)| *o == original && reasons.contains(reason))
    };
    assert!(
        has(&candidates(&app, &same_mobile).await, "same_mobile"),
        "{:?}",
        candidates(&app, &same_mobile).await
    );
    assert!(has(&candidates(&app, &same_place).await, "same_place"));
    assert!(
        has(&candidates(&app, &hinglish).await, "similar_text"),
        "{:?}",
        candidates(&app, &hinglish).await
    );
    assert!(
        !candidates(&app, &pension)
            .await
            .iter()
            .any(|(o, _)| *o == original),
        "{:?}",
        candidates(&app, &pension).await
    );
    assert!(candidates(&app, &power).await.is_empty());
    // The original looks back only: nothing is found for it among later cases.
    assert!(candidates(&app, &original).await.is_empty());
    // A second run finds nothing new: each case is checked once.
    let again = app.store.run_duplicate_check(None).await.unwrap();
    assert_eq!(again.checked, 0);

    // The nodal officer's list holds them; "not a duplicate" takes one off with its reason.
    let officer = app.login("officer.phed.rewari.block").await;
    // A period's end given empty is refused, not read as the default (found by the fuzzer).
    let (status, code, field, _) = error_of(app.get(&officer, "/duplicates?from=").await).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "invalid_date", Some("from"))
    );
    let review: Value = app.get(&officer, "/duplicates").await.json().await.unwrap();
    let open = review["open"].as_array().unwrap();
    assert!(
        open.iter()
            .any(|c| c["registration_number"] == same_place.as_str())
    );
    let response = app
        .client
        .post(app.url("/duplicates/dismiss"))
        .bearer_auth(&officer)
        .json(&json!({"registration_number": same_place, "original": original, "reason": "A different lane's pipeline"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let review: Value = app.get(&officer, "/duplicates").await.json().await.unwrap();
    assert!(
        !review["open"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["registration_number"] == same_place.as_str())
    );
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);
}

#[tokio::test]
async fn a_link_closes_the_duplicate_tells_its_citizen_counts_it_once_and_can_be_undone() {
    let app = spawn_app().await;
    let village = "06084010101";
    let original = file(&app, "9812012345", village, "PHED-WS-NOSUP", WATER_HI).await;
    let duplicate = file(
        &app,
        "9812055555",
        village,
        "PHED-WS-NOSUP",
        "गोकलगढ़ में नलों में पानी नहीं, सुनवाई नहीं",
    )
    .await;
    check(&app).await;
    let officer = app.login("officer.phed.rewari.block").await;
    let master = app.store.master();
    let district = master.jurisdiction_by_code("06084").unwrap().id;
    let period = Period::last_days(app.store.now().ist_date(), 30);
    let received = |f: &nivaran_domain::scoring::Figures| f.received;
    let before = app
        .store
        .dashboard_total(&Scope::Area(district), &period, &[])
        .await
        .unwrap();
    assert_eq!(received(&before), 2);

    // A link to a case that does not exist, or to itself, is refused beside the field.
    for (bad, code) in [
        ("0626-0000099-9", "unknown"),
        (duplicate.as_str(), "invalid_choice"),
    ] {
        let response = app
            .act(
                &officer,
                &duplicate,
                json!({"action": "link_duplicate", "original": bad}),
            )
            .await;
        let (status, got, field, _) = error_of(response).await;
        assert_eq!(
            (status, got.as_str(), field.as_deref()),
            (422, code, Some("original")),
            "{bad}"
        );
    }
    let case = app
        .act_ok(
            &officer,
            &duplicate,
            json!({"action": "link_duplicate", "original": original}),
        )
        .await;
    assert_eq!(case["status"], "closed");
    assert_eq!(case["duplicate_of"], original.as_str());
    let told = sms_to(&app, "9812055555", "duplicate").await;
    assert_eq!(told.len(), 1);
    assert!(told[0].contains(&original), "{}", told[0]);
    // Counted once: the duplicate is no longer received, pending or disposed of.
    let after = app
        .store
        .dashboard_total(&Scope::Area(district), &period, &[])
        .await
        .unwrap();
    assert_eq!(received(&after), 1);
    assert_eq!(after.pending, 1);
    // The trend counts it once too, and ends on the figure's pending.
    let trend = app
        .store
        .trend(&Scope::Area(district), &period, &[])
        .await
        .unwrap();
    assert_eq!(trend.iter().map(|p| p.received).sum::<i64>(), 1);
    assert_eq!(trend.last().unwrap().pending_at_end, after.pending);
    // The original's steps reach the duplicate's citizen, in their language.
    app.act_ok(&officer, &original, json!({"action": "accept"}))
        .await;
    assert_eq!(sms_to(&app, "9812055555", "accepted").await.len(), 1);
    assert_eq!(sms_to(&app, "9812012345", "accepted").await.len(), 1);

    // Undone with a reason: it goes back to what it was, and its citizen is told.
    let response = app
        .act(
            &officer,
            &duplicate,
            json!({"action": "unlink_duplicate", "reason": "no"}),
        )
        .await;
    assert_eq!(response.status(), 422);
    let case = app
        .act_ok(
            &officer,
            &duplicate,
            json!({"action": "unlink_duplicate", "reason": "A different lane's pipeline"}),
        )
        .await;
    assert_eq!(case["status"], "assigned");
    assert!(case["duplicate_of"].is_null());
    assert_eq!(sms_to(&app, "9812055555", "unlinked").await.len(), 1);
    // No longer joined: the original's next step is not sent to it.
    app.act_ok(
        &officer,
        &original,
        json!({"action": "submit_atr", "text": "Valve replaced, supply restored"}),
    )
    .await;
    assert!(sms_to(&app, "9812055555", "atr_submitted").await.is_empty());
    // The figures by channel: found, linked, undone.
    let review: Value = app.get(&officer, "/duplicates").await.json().await.unwrap();
    let web = review["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["channel"] == "web")
        .cloned()
        .unwrap();
    assert_eq!(
        (
            web["found"].as_i64(),
            web["linked"].as_i64(),
            web["undone"].as_i64()
        ),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);
}

#[tokio::test]
async fn a_repeat_of_a_disposed_case_reopens_it_and_another_citizens_is_refused() {
    let app = spawn_app().await;
    let first = app.disposed_case("9812012345").await;
    let repeat = file(&app, "9812012345", "06084010101", "PHED-WS-NOSUP", WATER_HI).await;
    let stranger = file(&app, "9812088888", "06084010101", "PHED-WS-NOSUP", WATER_HI).await;
    check(&app).await;
    assert!(
        candidates(&app, &repeat)
            .await
            .iter()
            .any(|(o, r)| *o == first && r.contains("repeat")),
        "{:?}",
        candidates(&app, &repeat).await
    );
    let officer = app.login("officer.phed.rewari.block").await;
    let response = app
        .act(
            &officer,
            &stranger,
            json!({"action": "link_duplicate", "original": first}),
        )
        .await;
    let (status, code, _, _) = error_of(response).await;
    assert_eq!((status, code.as_str()), (422, "original_disposed"));
    let case = app
        .act_ok(
            &officer,
            &repeat,
            json!({"action": "link_duplicate", "original": first}),
        )
        .await;
    assert_eq!(case["status"], "closed");
    let admin = app.api_token("admin").await;
    let reopened = app.case(&admin, &first).await;
    assert_eq!(reopened["grievance"]["status"], "assigned");
    assert_eq!(reopened["grievance"]["reopen_count"], 1);
    let reason = reopened["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "reopen")
        .map(|e| e["details"]["reason"].as_str().unwrap().to_string())
        .unwrap();
    assert!(reason.contains(&repeat), "{reason}");
}

/// A repeat the original can no longer be reopened for goes to the appellate office as the
/// citizen's appeal while an appeal is open to them; past both windows the link is refused and
/// the repeat stands as a grievance of its own.
#[tokio::test]
async fn a_repeat_past_reopening_is_an_appeal_and_past_appeal_stands_alone() {
    let app = spawn_app().await;
    // The citizen said they were satisfied, then filed again: not to be reopened, appealed.
    let satisfied = app.disposed_case("9812012345").await;
    let verifier = app.login("verifier").await;
    app.act_ok(
        &verifier,
        &satisfied,
        json!({"action": "record_verification", "outcome": "satisfied"}),
    )
    .await;
    let again = file(&app, "9812012345", "06084010101", "PHED-WS-NOSUP", WATER_HI).await;
    let officer = app.login("officer.phed.rewari.block").await;
    let case = app
        .act_ok(
            &officer,
            &again,
            json!({"action": "link_duplicate", "original": satisfied}),
        )
        .await;
    assert_eq!(case["status"], "closed");
    let admin = app.api_token("admin").await;
    let appealed = app.case(&admin, &satisfied).await;
    assert_eq!(appealed["grievance"]["status"], "assigned");
    assert_eq!(appealed["grievance"]["appealed"], true);
    assert_ne!(
        appealed["grievance"]["holding_office"]["code"],
        "PHED-REWARI-BL-REWARI"
    );
    let appeal = appealed["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "appeal")
        .expect("an appeal on the original's timeline");
    assert!(
        appeal["details"]["reason"]
            .as_str()
            .unwrap()
            .contains(&again),
        "{appeal}"
    );

    // Forty days after its disposal, a case can be neither reopened nor appealed.
    let old = app.disposed_case("9812077777").await;
    let officer = app.api_token("officer.phed.rewari.block").await;
    app.clock.advance_millis(40 * 86_400_000);
    let late = file(&app, "9812077777", "06084010101", "PHED-WS-NOSUP", WATER_HI).await;
    let response = app
        .act(
            &officer,
            &late,
            json!({"action": "link_duplicate", "original": old}),
        )
        .await;
    let (status, code, field, message) = error_of(response).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "original_disposed", Some("original"))
    );
    assert!(message.contains(&old), "{message}");
    let standing = app.case(&admin, &late).await;
    assert_eq!(standing["grievance"]["status"], "assigned");
    assert_eq!(
        app.case(&admin, &old).await["grievance"]["status"],
        "disposed"
    );
}

#[tokio::test]
async fn similar_cases_before_filing_carry_no_personal_data_and_a_citizen_attaches_instead() {
    let app = spawn_app().await;
    let original = file(&app, "9812012345", "06084010101", "PHED-WS-NOSUP", WATER_HI).await;
    let path = "/grievances/similar?jurisdiction=06084010101&category=PHED-WS-NOSUP&text=paani%20nahi%20aa%20raha&mobile=9812012345";
    let response = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(body.contains(&original), "{body}");
    assert!(
        !body.contains("9812012345") && !body.contains("रामेश्वर"),
        "{body}"
    );
    let parsed: Value = serde_json::from_str(&body).unwrap();
    let reasons = &parsed["items"][0]["reasons"];
    // Signed out, a number typed matches nothing: nobody learns which cases a number filed.
    assert!(
        !reasons
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "same_mobile"),
        "{reasons}"
    );
    let response = app
        .client
        .get(app.url(
            "/grievances/similar?jurisdiction=06084010101&category=PHED-WS-NOSUP&text=x&colour=red",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);

    // A neighbour attaches to it instead of filing; they are told its number now and its
    // steps later; the case's timeline notes it for the offices only.
    let response = app
        .client
        .post(app.url(&format!("/grievances/{original}/followers")))
        .json(&json!({"citizen_name": "Sunita Devi", "mobile": "9812044444", "language": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let joined = sms_to(&app, "9812044444", "joined").await;
    assert_eq!(joined.len(), 1);
    assert!(joined[0].contains(&original));
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &original, json!({"action": "accept"}))
        .await;
    let accepted = sms_to(&app, "9812044444", "accepted").await;
    assert_eq!(accepted.len(), 1);
    assert!(
        accepted[0].starts_with("Grievance"),
        "in English: {}",
        accepted[0]
    );
    let staff = app.case(&officer, &original).await;
    assert!(
        staff["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "attach_follower")
    );
    let citizen = app.signup_citizen("9812012345").await;
    let theirs = app.case(&citizen, &original).await;
    assert!(
        !theirs["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "attach_follower")
    );
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);
}

#[tokio::test]
async fn the_filing_form_shows_similar_cases_and_attaches_without_javascript() {
    let app = spawn_app().await;
    let original = file(&app, "9812012345", "06084010101", "PHED-WS-NOSUP", WATER_HI).await;
    let mut web = crate::web_client::WebClient::new(&app);
    // The form as the no-JavaScript "Find" reload leaves it, with a place and a category.
    let page = web
        .get("/file?place=06&place=06084&place=0608401&place=060840101&place=06084010101&category=PHED-WS-NOSUP&subject=paani&description=Gokalgarh%20mein%20paani%20nahi%20aa%20raha")
        .await;
    assert_eq!(page.status, 200);
    let similar = page
        .between("id=\"similar-list\"", "</ul>")
        .unwrap_or_else(|| panic!("{}", page.body));
    assert!(similar.contains(&original));
    assert!(similar.contains(&format!("id=\"attach-{original}\"")));
    // The button posts the whole form to attach its citizen.
    let form = reqwest::multipart::Form::new()
        .text("attach_to", original.clone())
        .text("citizen_name", "Sunita Devi")
        .text("mobile", "9812044444")
        .text("language", "hi");
    let done = web.post_multipart("/file/attach", form).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains(&original));
    assert_eq!(sms_to(&app, "9812044444", "joined").await.len(), 1);
}

/// At a camp, the desk shows the open cases a petition is likely the same as while it is
/// typed, and the operator attaches the petitioner to one instead of filing it again.
#[tokio::test]
async fn the_camp_desk_shows_similar_cases_and_attaches_the_petitioner() {
    let app = spawn_app().await;
    let original = file(
        &app,
        "9812012345",
        "0608401010101",
        "PHED-WS-NOSUP",
        WATER_HI,
    )
    .await;
    let mut web = crate::web_client::WebClient::new(&app);
    web.login("operator.rewari").await;
    let petition: Vec<(&str, &str)> = vec![
        ("channel", "samadhan_camp"),
        ("area", "06084"),
        ("language", "hi"),
        ("citizen_name", "सुनीता देवी"),
        ("mobile", "9812044444"),
        ("place", "Gokalgarh"),
        ("category", "पेयजल आपूर्ति बाधित"),
        ("subject", "गोकलगढ़ में पानी नहीं आ रहा"),
        ("description", "नल सूखे पड़े हैं, दस दिन से पानी नहीं आ रहा है"),
    ];
    // As the operator types (htmx): the place and category resolved as the filing will.
    let block = web.post("/camp/similar", &petition).await;
    assert_eq!(block.status, 200, "{}", block.body);
    assert!(block.body.contains(&original), "{}", block.body);
    assert!(block.body.contains("formaction=\"/camp/attach\""));
    assert!(
        !block.body.contains("9812012345"),
        "no other citizen's number"
    );
    // A half-typed form shows nothing and is no error.
    let empty = web.post("/camp/similar", &petition[..5]).await;
    assert_eq!(empty.status, 200);
    assert!(!empty.body.contains(&original));

    let mut attach = petition.clone();
    attach.push(("attach_to", &original));
    let done = web.post("/camp/attach", &attach).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let desk = web.follow(done).await;
    assert!(desk.body.contains("id=\"camp-attached\""), "{}", desk.body);
    assert!(desk.body.contains(&original));
    assert_eq!(sms_to(&app, "9812044444", "joined").await.len(), 1);
    // Nothing was filed for the petitioner.
    let filed: i64 =
        sqlx::query_scalar("SELECT count(*) FROM grievances WHERE mobile = '9812044444'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(filed, 0);
    // A wrong number comes back to the desk with the message beside the field.
    let mut bad = attach.clone();
    bad[4] = ("mobile", "98");
    let refused = web.post("/camp/attach", &bad).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("id=\"err-mobile\""),
        "{}",
        refused.body
    );
}
