//! Checking the work: the call centre's verification calls and the weekly random audit, through
//! their screens as a verifier and an auditor use them.

use crate::helpers::{PASSWORD, TestApp, spawn_app};
use crate::web_client::{Page, WebClient};
use nivaran::store::{AuditPolicy, NewUser, Period, Scope, VerificationPolicy};
use nivaran_domain::types::Role;
use serde_json::json;

/// Posts a form and follows where it leads, as a browser does.
async fn submit(web: &mut WebClient, path: &str, fields: &[(&str, &str)]) -> Page {
    let page = web.post(path, fields).await;
    web.follow(page).await
}

/// The case number the verification screen serves.
fn served(page: &Page) -> Option<String> {
    page.between("id=\"regno\">", "</a>")
}

async fn status_of(app: &TestApp, regno: &str) -> serde_json::Value {
    let admin = app.login("admin").await;
    app.case(&admin, regno).await["grievance"].clone()
}

#[tokio::test]
async fn a_verifier_records_three_calls_and_unanswered_calls_wait_for_another_day() {
    let app = spawn_app().await;
    app.store.set_monitoring(
        VerificationPolicy {
            share_percent: 100,
            ..Default::default()
        },
        AuditPolicy::default(),
    );
    let cases = [
        app.disposed_case("9812000001").await,
        app.disposed_case("9812000002").await,
        app.disposed_case("9812000003").await,
        app.disposed_case("9812000004").await,
    ];
    let mut web = WebClient::new(&app);
    web.login("verifier").await;
    let page = web.get("/verify").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let first = served(&page).expect("a case to call");
    assert!(cases.contains(&first));
    assert!(page.body.contains("tel:+91981200000"), "the number to dial");

    // A second verifier is not given the case the first is calling.
    app.store
        .add_user(NewUser {
            username: "verifier.two".into(),
            full_name: "Kavita Meena".into(),
            role: Role::Verifier,
            office_code: None,
            jurisdiction_code: None,
            mobile: None,
            email: None,
            password: PASSWORD.into(),
            mobile_verified: false,
        })
        .await
        .unwrap();
    let mut other = WebClient::new(&app);
    other.login("verifier.two").await;
    let theirs = served(&other.get("/verify").await).unwrap();
    assert_ne!(theirs, first);
    // A wrong outcome is a clear error; then the other verifier's citizen is satisfied.
    let bad = other
        .post(
            "/verify",
            &[("regno", &theirs), ("outcome", "maybe"), ("remarks", "")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Choose satisfied"), "{}", bad.body);
    // (Posted without following the redirect, which would serve them the next case.)
    let done = other
        .post(
            "/verify",
            &[
                ("regno", &theirs),
                ("outcome", "satisfied"),
                ("remarks", ""),
            ],
        )
        .await;
    assert_eq!(done.status, 303);
    assert_eq!(status_of(&app, &theirs).await["verification"], "satisfied");

    // 1. Satisfied.
    let done = web
        .post(
            "/verify",
            &[
                ("regno", &first),
                ("outcome", "satisfied"),
                ("remarks", "Water is coming"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let page = web.follow(done).await;
    assert!(page.body.contains("recorded as satisfied"), "{}", page.body);
    assert_eq!(status_of(&app, &first).await["verification"], "satisfied");

    // 2. Not satisfied: the configuration sends the case back to work.
    let second = served(&page).unwrap();
    let page = submit(
        &mut web,
        "/verify",
        &[
            ("regno", &second),
            ("outcome", "not_satisfied"),
            ("remarks", "Still dry"),
        ],
    )
    .await;
    assert!(page.body.contains("has been reopened"), "{}", page.body);
    let case = status_of(&app, &second).await;
    assert_eq!(case["status"], "assigned");
    assert_eq!(case["reopen_count"], 1);

    // 3. No answer, three days running: tried once a day, then unreachable.
    let third = served(&page).unwrap();
    for day in 1..=3 {
        let page = submit(
            &mut web,
            "/verify",
            &[("regno", &third), ("outcome", "no_answer"), ("remarks", "")],
        )
        .await;
        if day < 3 {
            assert!(page.body.contains("another day"), "{}", page.body);
            // Not served again today, and nothing else is waiting.
            assert_eq!(served(&page), None, "day {day}");
            app.clock.advance_days(1);
            web.login("verifier").await;
            let page = web.get("/verify").await;
            assert_eq!(served(&page).as_deref(), Some(third.as_str()), "day {day}");
            assert!(page.body.contains("id=\"attempts\""));
        } else {
            assert!(
                page.body.contains("recorded as unreachable"),
                "{}",
                page.body
            );
        }
    }
    assert_eq!(status_of(&app, &third).await["verification"], "unreachable");
}

#[tokio::test]
async fn an_auditor_flags_a_fake_disposal_and_the_case_reopens() {
    let app = spawn_app().await;
    let genuine = app.disposed_case("9812000011").await;
    let fake = app.disposed_case("9812000012").await;
    // The next week's sample covers the disposals of the week before.
    app.clock.advance_days(7);
    let mut web = WebClient::new(&app);
    web.login("auditor").await;
    web.get("/audit").await;
    let drawn = submit(&mut web, "/audit/sample", &[]).await;
    assert!(drawn.body.contains("2 case(s) drawn"), "{}", drawn.body);
    // Drawing again draws nothing more.
    let again = submit(&mut web, "/audit/sample", &[]).await;
    assert!(again.body.contains("0 case(s) drawn"), "{}", again.body);

    let audit_id = |page: &Page, regno: &str| -> String {
        let at = page.body.find(&format!("value=\"{regno}\"")).unwrap();
        let before = &page.body[..at];
        let start = before.rfind("action=\"/audit/").unwrap() + "action=\"/audit/".len();
        before[start..start + before[start..].find('"').unwrap()].to_string()
    };
    let id_fake = audit_id(&again, &fake);
    let id_genuine = audit_id(&again, &genuine);

    // A flag needs a note.
    let bad = web
        .post(
            &format!("/audit/{id_fake}"),
            &[
                ("regno", &fake),
                ("finding", "fake_disposal"),
                ("note", " "),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    web.get("/audit").await;
    let page = submit(
        &mut web,
        &format!("/audit/{id_fake}"),
        &[
            ("regno", &fake),
            ("finding", "fake_disposal"),
            ("note", "Site visit: the tank is still dry"),
        ],
    )
    .await;
    assert!(page.body.contains("case reopened"), "{}", page.body);
    let page = submit(
        &mut web,
        &format!("/audit/{id_genuine}"),
        &[("regno", &genuine), ("finding", "genuine"), ("note", "")],
    )
    .await;
    assert!(page.body.contains("finding recorded"), "{}", page.body);
    assert!(page.body.contains("id=\"none\""), "nothing left to audit");

    let case = status_of(&app, &fake).await;
    assert_eq!(case["status"], "assigned");
    assert_eq!(case["reopen_count"], 1);
    assert_eq!(status_of(&app, &genuine).await["status"], "disposed");
    // The reopening is in the case's timeline, in the auditor's name.
    let admin = app.login("admin").await;
    let timeline = app.case(&admin, &fake).await["timeline"].clone();
    let last = timeline.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "audit_reopen", "{last}");

    // The officer who disposed of it is listed for action, and the flag counts in the score.
    let report = web.get("/audit/report").await;
    assert_eq!(report.status, 200);
    assert!(report.body.contains(&fake) && !report.body.contains(&genuine));
    assert!(
        report.body.contains("officer.phed.rewari.block"),
        "{}",
        report.body
    );
    let period = Period::last_days(app.store.now().ist_date(), 30);
    let figures = app
        .store
        .dashboard_total(&Scope::All, &period, &[])
        .await
        .unwrap();
    assert_eq!(figures.audit_flagged, 1);
    let listed = app
        .store
        .dashboard_cases(
            &Scope::All,
            &period,
            nivaran_domain::metrics::Metric::AuditFlagged,
            &[],
            1,
            10,
        )
        .await
        .unwrap();
    assert_eq!(listed.items[0].registration_number, fake);

    // Officers cannot reach the audit screens.
    let mut officer = WebClient::new(&app);
    officer.login("officer.phed.rewari.block").await;
    assert_eq!(officer.get("/audit").await.status, 403);
    assert_eq!(officer.get("/verify").await.status, 403);
    // Administrators keep the lists but do not make the calls.
    let mut admin = WebClient::new(&app);
    admin.login("admin").await;
    assert_eq!(admin.get("/verify").await.status, 403);
}

#[tokio::test]
async fn the_weekly_sample_is_drawn_once_per_office_and_audits_reopen_only_from_the_audit_screen() {
    let app = spawn_app().await;
    app.store.set_monitoring(
        VerificationPolicy::default(),
        AuditPolicy {
            sample_per_office: 1,
            ..AuditPolicy::default()
        },
    );
    let first = app.disposed_case("9812000021").await;
    let second = app.disposed_case("9812000022").await;
    app.clock.advance_days(7);
    let today = app.store.now().ist_date();
    assert_eq!(app.store.draw_audit_sample(today).await.unwrap(), 1);
    // The worker draws every few hours and auditors may press the button: still one.
    assert_eq!(app.store.draw_audit_sample(today).await.unwrap(), 0);
    app.store.set_monitoring(
        VerificationPolicy::default(),
        AuditPolicy {
            sample_per_office: 5,
            ..AuditPolicy::default()
        },
    );
    assert_eq!(app.store.draw_audit_sample(today).await.unwrap(), 0);

    // The JSON API does not take audit_reopen: it needs an audit with a finding.
    let auditor = app.login("auditor").await;
    for regno in [&first, &second] {
        let response = app
            .act(
                &auditor,
                regno,
                json!({"action": "audit_reopen", "reason": "no audit"}),
            )
            .await;
        assert!(response.status().is_client_error(), "{}", response.status());
        assert_eq!(status_of(&app, regno).await["status"], "disposed");
    }
}

/// Seed 002: "not satisfied" on a verification call has the same effect through the API as on
/// the call screen (the API left the case disposed): the case reopens, as the policy says.
#[tokio::test]
async fn not_satisfied_through_the_api_reopens_the_case_as_on_the_call_screen() {
    let app = spawn_app().await;
    let regno = app.disposed_case("9812012345").await;
    let verifier = app.login("verifier").await;
    let case = app
        .act_ok(
            &verifier,
            &regno,
            serde_json::json!({"action": "record_verification", "outcome": "not_satisfied", "remarks": "Water came one day only"}),
        )
        .await;
    assert_eq!(case["status"], "assigned", "{case}");
    assert_eq!(case["reopen_count"], 1);
    let timeline = app.case(&verifier, &regno).await["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect::<Vec<_>>();
    assert!(
        timeline.ends_with(&["record_verification".to_string(), "reopen".to_string()]),
        "{timeline:?}"
    );
    // A satisfied citizen's case stays disposed.
    let other = app.disposed_case("9812012346").await;
    let case = app
        .act_ok(
            &verifier,
            &other,
            serde_json::json!({"action": "record_verification", "outcome": "satisfied"}),
        )
        .await;
    assert_eq!(case["status"], "disposed");
}

/// Seed 002: the audit's sample can be filtered by district and paged (50 of 949 were shown,
/// the rest out of reach).
#[tokio::test]
async fn the_audit_sample_is_paged_and_filtered_by_district() {
    let app = spawn_app().await;
    nivaran_bench::generate::generate(
        &app.store,
        &nivaran_bench::generate::GenerateOptions {
            count: 400,
            seed: 5,
            batch: 200,
            profile: nivaran_bench::generate::Profile::Year,
            until: None,
        },
        |_| {},
    )
    .await
    .unwrap();
    // Every disposed case drawn, as a large sample would be.
    let drawn = sqlx::query(
        "INSERT INTO audits (grievance_id, week, office_id, disposed_at, sampled_at) \
         SELECT id, '2026-11-23', holding_office_id, disposed_at, disposed_at FROM grievances \
         WHERE disposed_at IS NOT NULL AND holding_office_id IS NOT NULL",
    )
    .execute(app.store.pool())
    .await
    .unwrap()
    .rows_affected() as i64;
    assert!(drawn > 60, "{drawn}");
    let mut web = WebClient::new(&app);
    web.login("admin").await;
    let first = web.get("/audit").await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.body.matches("class=\"audit-item\"").count(), 50);
    assert!(
        first.body.contains(&format!("1–50 of {drawn}"))
            || first.body.contains(&format!("{drawn} में से 1–50")),
        "says how many wait"
    );
    // The last page holds the rest.
    let last_page = (drawn + 49) / 50;
    let last = web.get(&format!("/audit?page={last_page}")).await;
    assert_eq!(
        last.body.matches("class=\"audit-item\"").count() as i64,
        drawn - 50 * (last_page - 1)
    );
    assert!(last.body.contains("id=\"prev\"") && !last.body.contains("id=\"next\""));
    // One district: exactly its cases.
    let (district, in_district): (String, i64) = sqlx::query_as(
        "SELECT j.code, COUNT(*) FROM audits a JOIN grievances g ON g.id = a.grievance_id \
         JOIN jurisdictions j ON j.id = g.district_id GROUP BY j.code ORDER BY COUNT(*) DESC, j.code LIMIT 1",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    let one = web.get(&format!("/audit?district={district}")).await;
    assert_eq!(one.status, 200);
    assert_eq!(
        one.body.matches("class=\"audit-item\"").count() as i64,
        in_district.min(50)
    );
    assert!(
        one.body.contains(&format!("of {in_district}"))
            || one.body.contains(&format!("{in_district} में से"))
    );
    // What the screen does not know is refused.
    for refused in [
        "/audit?district=nowhere",
        "/audit?page=0",
        "/audit?colour=red",
    ] {
        assert_eq!(web.get(refused).await.status, 422, "{refused}");
    }
}

/// Seed 002: the call queue is worked per district or department, offers the latest
/// disposals first (while the citizen can still reopen) and CM/VIP cases before them, and
/// keeps the chosen queue from one call to the next.
#[tokio::test]
async fn the_call_queue_is_worked_per_district_or_department_latest_disposals_first() {
    let app = spawn_app().await;
    app.store.set_monitoring(
        VerificationPolicy {
            share_percent: 100,
            ..Default::default()
        },
        AuditPolicy::default(),
    );
    let older = app.disposed_case("9812000031").await;
    app.clock.advance_days(2);
    let newer = app.disposed_case("9812000032").await;
    let mut web = WebClient::new(&app);
    web.login("verifier").await;
    let page = web.get("/verify").await;
    assert_eq!(
        served(&page).as_deref(),
        Some(newer.as_str()),
        "the latest first"
    );
    // A queue of the district, and of the department, serves the case; another's is empty.
    let rewari = web.get("/verify?district=06084").await;
    assert!(served(&rewari).is_some(), "{}", rewari.body);
    let phed = web.get("/verify?department=PHED").await;
    assert!(served(&phed).is_some());
    let power = web.get("/verify?department=POWER").await;
    assert_eq!(power.status, 200);
    assert!(served(&power).is_none() && power.body.contains("id=\"none\""));
    // Answering keeps the queue: the next page is the district's again.
    let next = submit(
        &mut web,
        "/verify",
        &[
            ("regno", newer.as_str()),
            ("outcome", "satisfied"),
            ("remarks", ""),
            ("district", "06084"),
            ("department", ""),
        ],
    )
    .await;
    assert_eq!(next.status, 200, "{}", next.body);
    assert!(next.body.contains("value=\"06084\" selected"));
    assert_eq!(served(&next).as_deref(), Some(older.as_str()));
    for refused in [
        "/verify?district=nowhere",
        "/verify?department=NOPE",
        "/verify?colour=red",
    ] {
        assert_eq!(web.get(refused).await.status, 422, "{refused}");
    }
}

/// Seed 002: the weekly audit samples cases still being worked, not only disposals. A stalling
/// finding on an open case goes on its timeline (not the citizen's), is told to its holder by
/// e-mail in their language, counts against them in their own figures and lists them for
/// action; the case goes on where it was. A fake disposal cannot be found on an open case.
#[tokio::test]
async fn an_open_case_found_stalling_is_told_to_its_holder_and_counts_against_them() {
    let app = spawn_app().await;
    let officer = app.login("officer.phed.rewari.block").await;
    let regno = app.file_default().await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    sqlx::query(
        "UPDATE users SET email = 'je.phed.bawal@example.gov.in', language = 'en' \
         WHERE username = 'officer.phed.rewari.block'",
    )
    .execute(app.store.pool())
    .await
    .unwrap();
    // Not yet open long enough: nothing drawn.
    let today = app.store.now().ist_date();
    assert_eq!(app.store.draw_audit_sample(today).await.unwrap(), 0);
    app.clock.advance_days(10);
    let today = app.store.now().ist_date();
    assert_eq!(app.store.draw_audit_sample(today).await.unwrap(), 1);
    assert_eq!(app.store.draw_audit_sample(today).await.unwrap(), 0);

    let mut web = WebClient::new(&app);
    web.login("auditor").await;
    let page = web.get("/audit").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("open 10 days"), "{}", page.body);
    assert!(page.body.contains("held by officer.phed.rewari.block"));
    assert!(
        !page.body.contains("value=\"fake_disposal\""),
        "no fake disposal offered"
    );
    let at = page.body.find(&format!("value=\"{regno}\"")).unwrap();
    let before = &page.body[..at];
    let start = before.rfind("action=\"/audit/").unwrap() + "action=\"/audit/".len();
    let id = before[start..start + before[start..].find('"').unwrap()].to_string();

    // A fake disposal of a case never disposed of is refused, in the user's words.
    let refused = web
        .post(
            &format!("/audit/{id}"),
            &[
                ("regno", &regno),
                ("finding", "fake_disposal"),
                ("note", "Not done"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("still open"), "{}", refused.body);
    web.get("/audit").await;
    let done = submit(
        &mut web,
        &format!("/audit/{id}"),
        &[
            ("regno", &regno),
            ("finding", "stalling"),
            ("note", "No site visit in ten days"),
        ],
    )
    .await;
    assert!(done.body.contains("finding recorded"), "{}", done.body);

    // The case goes on where it was, the finding on its timeline in the auditor's name.
    let admin = app.login("admin").await;
    let case = app.case(&admin, &regno).await;
    assert_eq!(case["grievance"]["status"], "in_progress");
    assert_eq!(case["grievance"]["reopen_count"], 0);
    let last = case["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "audit_flag", "{last}");
    assert!(
        last["details"]["reason"]
            .as_str()
            .unwrap()
            .contains("No site visit")
    );
    // The citizen's timeline does not carry it.
    let citizen = app.signup_citizen("9812012345").await;
    let theirs = app.case(&citizen, &regno).await["timeline"].clone();
    assert!(
        theirs
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] != "audit_flag"),
        "{theirs}"
    );
    // The holder is told, once, in English as they chose.
    let mails: Vec<(String, String)> = sqlx::query_as(
        "SELECT recipient, subject FROM outbox WHERE channel = 'email' AND template_key = 'officer_audit_stalling'",
    )
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    assert_eq!(
        mails,
        vec![(
            "je.phed.bawal@example.gov.in".to_string(),
            format!("Audit: grievance {regno} found stalling")
        )]
    );
    // It counts against the holder in their own figures, and lists them for action.
    let period = Period::last_days(app.store.now().ist_date(), 30);
    let scope = Scope::parse(&app.store, "officer:officer.phed.rewari.block")
        .await
        .unwrap();
    let theirs = app
        .store
        .dashboard_total(&scope, &period, &[])
        .await
        .unwrap();
    assert_eq!(theirs.audit_flagged, 1, "{theirs:?}");
    let report = web.get("/audit/report").await;
    assert!(report.body.contains(&regno), "{}", report.body);
    assert!(report.body.contains("officer.phed.rewari.block"));
}
