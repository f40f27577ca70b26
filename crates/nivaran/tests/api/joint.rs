//! Joint (inter-departmental) cases with parts of their own (issue 17, part 1): a case from
//! filing through two departments' parts to disposal, a part waived, a part escalated by the
//! sweep, the citizen told which department did what, and "inter-departmental pending" equal
//! to its lists.

use crate::helpers::*;
use nivaran::store::{DeadlinePolicy, Period, Scope};
use nivaran_domain::metrics::Metric;
use serde_json::{Value, json};

async fn sms_of(app: &TestApp, regno: &str, key: &str) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT o.recipient, o.body FROM outbox o JOIN grievances g ON g.id = o.grievance_id \
         WHERE g.regno = $1 AND o.template_key = $2 AND o.channel = 'sms' ORDER BY o.id",
    )
    .bind(regno.to_string())
    .bind(key.to_string())
    .fetch_all(app.store.pool())
    .await
    .unwrap()
}

fn part<'a>(case: &'a Value, department: &str) -> &'a Value {
    case["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["department"]["code"] == department)
        .unwrap_or_else(|| panic!("no part of {department} in {case}"))
}

/// The part's office accepts its part and submits its ATR.
async fn report_part(app: &TestApp, officer: &str, regno: &str, department: &str, atr: &str) {
    app.act_ok(
        officer,
        regno,
        json!({"action": "part_accept", "department": department}),
    )
    .await;
    app.act_ok(
        officer,
        regno,
        json!({"action": "part_submit_atr", "department": department, "text": atr}),
    )
    .await;
}

/// A water case at a Rewari village, accepted by the block's PHED office, with the PWD and
/// POWER departments added for their parts.
pub async fn joint_case(app: &TestApp) -> String {
    let mut f = form();
    f["language"] = json!("en");
    let regno = app.file(&f).await["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let phed = app.login("officer.phed.rewari.block").await;
    app.act_ok(&phed, &regno, json!({"action": "accept"})).await;
    for department in ["PWD", "POWER"] {
        app.act_ok(
            &phed,
            &regno,
            json!({"action": "add_joint_department", "department": department, "reason": "The pipeline crosses the road and needs the pump's supply"}),
        )
        .await;
    }
    regno
}

#[tokio::test]
async fn a_joint_case_runs_through_two_parts_to_disposal() {
    let app = spawn_app().await;
    let regno = joint_case(&app).await;
    let phed = app.login("officer.phed.rewari.block").await;
    let pwd = app.login("officer.pwd.rewari.block").await;
    let power = app.login("officer.power.rewari.block").await;

    // Each part went to its department's office for the place, by the routing rules.
    let case = app.case(&phed, &regno).await["grievance"].clone();
    assert_eq!(part(&case, "PWD")["office"]["code"], "PWD-REWARI-BL-REWARI");
    assert_eq!(
        part(&case, "POWER")["office"]["code"],
        "POWER-REWARI-BL-REWARI"
    );
    assert_eq!(part(&case, "PWD")["status"], "assigned");
    assert_eq!(case["parts_pending"], 2);
    // The citizen hears that each department was asked to act, by name.
    let added = sms_of(&app, &regno, "part_added").await;
    assert_eq!(added.len(), 2, "{added:?}");
    assert!(added[0].1.contains("PWD"), "{}", added[0].1);
    // And the part's office hears of it (the reminder template, with its deadline).
    let pwd_mobile = "7390939497";
    assert!(
        sms_of(&app, &regno, "officer_reminder")
            .await
            .iter()
            .any(|(to, _)| to.ends_with(pwd_mobile))
    );

    // The joint departments' offices see the case and it is in their lists.
    let listed = app.get(&pwd, "/grievances?status=open").await;
    assert_eq!(listed.status(), 200);
    let listed: Value = listed.json().await.unwrap();
    assert!(
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["registration_number"] == regno.as_str())
    );
    // A part is its own office's: the lead office may not take it up, nor may the PWD take
    // the lead office's steps.
    let response = app
        .act(
            &phed,
            &regno,
            json!({"action": "part_accept", "department": "PWD"}),
        )
        .await;
    assert_eq!(response.status(), 403);
    let response = app
        .act(
            &pwd,
            &regno,
            json!({"action": "submit_atr", "text": "Road restored after the work"}),
        )
        .await;
    assert_eq!(response.status(), 403);
    let response = app
        .act(
            &pwd,
            &regno,
            json!({"action": "part_accept", "department": "POWER"}),
        )
        .await;
    assert_eq!(response.status(), 403);
    // A department with no part is named as such.
    let response = app
        .act(
            &pwd,
            &regno,
            json!({"action": "part_accept", "department": "HEALTH"}),
        )
        .await;
    let (status, code, field, _) = error_of(response).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "no_part", Some("department"))
    );

    // The PWD takes up its part with its date, and reports.
    let case = app
        .act_ok(
            &pwd,
            &regno,
            json!({"action": "part_accept", "department": "PWD", "eta": "2026-12-24"}),
        )
        .await;
    assert_eq!(part(&case, "PWD")["status"], "in_progress");
    assert_eq!(part(&case, "PWD")["eta"], "2026-12-24");
    let case = app
        .act_ok(
            &pwd,
            &regno,
            json!({"action": "part_submit_atr", "department": "PWD", "text": "Road cut refilled and paved"}),
        )
        .await;
    assert_eq!(part(&case, "PWD")["status"], "atr_submitted");
    let told = sms_of(&app, &regno, "part_atr_submitted").await;
    assert_eq!(told.len(), 1);
    assert!(told[0].1.contains("PWD"), "{}", told[0].1);

    // The lead office reminds the electricity office, which is told by SMS.
    app.act_ok(
        &phed,
        &regno,
        json!({"action": "part_remind", "department": "POWER", "text": "Please restore the pump's supply this week"}),
    )
    .await;
    let power_mobile = "7662252893";
    let reminded = sms_of(&app, &regno, "officer_reminder")
        .await
        .into_iter()
        .filter(|(to, _)| to.ends_with(power_mobile))
        .count();
    assert_eq!(reminded, 2, "when added and when reminded");

    // The lead office reports its own work; the case waits for the electricity office.
    app.act_ok(
        &phed,
        &regno,
        json!({"action": "submit_atr", "text": "Pipeline relaid along the road"}),
    )
    .await;
    let response = app
        .act(
            &phed,
            &regno,
            json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored"}),
        )
        .await;
    let (status, code, _, message) = error_of(response).await;
    assert_eq!((status, code.as_str()), (409, "parts_pending"), "{message}");
    assert!(message.contains("One joint department"), "{message}");

    report_part(
        &app,
        &power,
        &regno,
        "POWER",
        "Transformer replaced, pump running",
    )
    .await;
    let case = app
        .act_ok(
            &phed,
            &regno,
            json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored"}),
        )
        .await;
    assert_eq!(case["status"], "disposed");

    // The timeline says which department did what, on the case's one chain.
    let admin = app.login("admin").await;
    let timeline = app.case(&admin, &regno).await["timeline"].clone();
    let atrs: Vec<&Value> = timeline
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "part_submit_atr")
        .collect();
    assert_eq!(atrs.len(), 2);
    assert_eq!(atrs[0]["details"]["department_code"], "PWD");
    assert_eq!(atrs[1]["details"]["department_code"], "POWER");
    // The citizen's view keeps the ATRs and leaves out the offices' reminders.
    let citizen = app.signup_citizen("9812012345").await;
    let theirs = app.case(&citizen, &regno).await;
    let actions: Vec<&str> = theirs["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"part_submit_atr"));
    assert!(!actions.contains(&"part_remind"));
    assert!(theirs["grievance"]["parts"][0]["holder"].is_null());
    let report = app.store.verify_chains().await.unwrap();
    assert_eq!(report.first_broken, None);
}

#[tokio::test]
async fn a_supervisor_waives_a_part_and_only_a_supervisor_may() {
    let app = spawn_app().await;
    let regno = joint_case(&app).await;
    let phed = app.login("officer.phed.rewari.block").await;
    let power = app.login("officer.power.rewari.block").await;
    let pwd = app.login("officer.pwd.rewari.block").await;
    let supervisor = app.login("supervisor.phed.rewari.sd").await;
    report_part(&app, &pwd, &regno, "PWD", "Road restored").await;
    for who in [&phed, &power] {
        let response = app
            .act(
                who,
                &regno,
                json!({"action": "part_waive", "department": "POWER", "reason": "Not needed"}),
            )
            .await;
        assert_eq!(response.status(), 403);
    }
    let response = app
        .act(
            &supervisor,
            &regno,
            json!({"action": "part_waive", "department": "POWER", "reason": "no"}),
        )
        .await;
    let (status, code, field, _) = error_of(response).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "reason_required", Some("reason"))
    );
    let case = app
        .act_ok(
            &supervisor,
            &regno,
            json!({"action": "part_waive", "department": "POWER", "reason": "The pump runs on solar power; nothing for the electricity office"}),
        )
        .await;
    assert_eq!(part(&case, "POWER")["status"], "waived");
    assert_eq!(case["parts_pending"], 0);
    app.act_ok(
        &phed,
        &regno,
        json!({"action": "submit_atr", "text": "Pipeline relaid"}),
    )
    .await;
    let case = app
        .act_ok(
            &phed,
            &regno,
            json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored"}),
        )
        .await;
    assert_eq!(case["status"], "disposed");
    // Once the case is disposed of, its parts are done with.
    let response = app
        .act(
            &phed,
            &regno,
            json!({"action": "part_return_atr", "department": "PWD", "reason": "Photos of the road missing"}),
        )
        .await;
    assert_eq!(response.status(), 409);
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);
}

#[tokio::test]
async fn a_lapsed_part_is_escalated_by_the_sweep_once_per_level() {
    let app = spawn_app().await;
    let regno = joint_case(&app).await;
    let pwd = app.login("officer.pwd.rewari.block").await;
    app.act_ok(
        &pwd,
        &regno,
        json!({"action": "part_accept", "department": "PWD"}),
    )
    .await;
    let policy = DeadlinePolicy::default();
    let mut escalated = 0;
    for _ in 0..20 {
        app.clock.advance_days(1);
        escalated += app
            .store
            .run_deadline_sweep(&policy)
            .await
            .unwrap()
            .part_escalations;
        // Another node sweeping at the same moment does nothing more.
        assert_eq!(
            app.store
                .run_deadline_sweep(&policy)
                .await
                .unwrap()
                .part_escalations,
            0
        );
    }
    // Each pending part went up to L2 past its deadline, then L3 past the next window.
    let admin = app.api_token("admin").await;
    let case = app.case(&admin, &regno).await["grievance"].clone();
    let pwd_part = part(&case, "PWD");
    assert_eq!(pwd_part["escalation_level"], 3, "{pwd_part}");
    assert_eq!(pwd_part["escalated_to"]["code"], "PWD-REWARI");
    assert_eq!(escalated, 4, "two parts, two levels each");
    // The automatic escalation stops at L3; a supervisor of the department above the part's
    // office takes it to L4 by hand, and the lead office's supervisor may not.
    let pwd_supervisor = app.api_token("supervisor.pwd.rewari").await;
    let case = app
        .act_ok(
            &pwd_supervisor,
            &regno,
            json!({"action": "part_escalate", "department": "PWD"}),
        )
        .await;
    assert_eq!(part(&case, "PWD")["escalation_level"], 4);
    assert_eq!(part(&case, "PWD")["escalated_to"]["code"], "PWD-HR");
    let phed_supervisor = app.api_token("supervisor.phed.rewari").await;
    let response = app
        .act(
            &phed_supervisor,
            &regno,
            json!({"action": "part_escalate", "department": "POWER"}),
        )
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);
}

#[tokio::test]
async fn inter_departmental_pending_equals_its_lists_at_every_scope() {
    let app = spawn_app().await;
    let first = joint_case(&app).await;
    let second = joint_case(&app).await;
    // A case with no joint department, and one whose parts are all reported.
    app.file_default().await;
    let pwd = app.login("officer.pwd.rewari.block").await;
    let supervisor = app.login("supervisor.phed.rewari.sd").await;
    report_part(&app, &pwd, &second, "PWD", "Road restored").await;
    app.act_ok(
        &supervisor,
        &second,
        json!({"action": "part_waive", "department": "POWER", "reason": "Nothing for the electricity office"}),
    )
    .await;
    let master = app.store.master();
    let district = master.jurisdiction_by_code("06084").unwrap().id;
    let period = Period::last_days(app.store.now().ist_date(), 30);
    for scope in [Scope::All, Scope::Area(district)] {
        let total = app
            .store
            .dashboard_total(&scope, &period, &[])
            .await
            .unwrap();
        assert_eq!(
            Metric::InterdepartmentalPending.count(&total),
            1,
            "{scope:?}"
        );
        let listed = app
            .store
            .dashboard_cases(
                &scope,
                &period,
                Metric::InterdepartmentalPending,
                &[],
                1,
                50,
            )
            .await
            .unwrap();
        assert_eq!(listed.total, 1);
        assert_eq!(listed.items[0].registration_number, first);
        let parts = app.store.interdepartmental(&scope).await.unwrap();
        assert_eq!((parts.cases, parts.parts), (1, 2), "{scope:?}");
        assert_eq!(parts.items.len() as i64, parts.cases);
        assert_eq!(
            parts.items[0].parts.len() as i64,
            parts.parts,
            "the departments involved"
        );
    }
    // The review meeting's agenda lists the joint case with the departments still to report.
    let today = app.store.now().ist_date();
    let agenda = nivaran::present::meeting::agenda(&app.store, &Scope::Area(district), today)
        .await
        .unwrap();
    let table = agenda
        .en
        .iter()
        .find(|t| t.title == "Inter-departmental pending")
        .expect("an agenda item");
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.rows[0][0], first);
    assert!(table.rows[0][3].contains("PWD"), "{:?}", table.rows[0]);
    // In the rankings a part counts for its own office: the PWD block office, which holds no
    // case of its own, is ranked with the part it owes.
    let mut collector = crate::web_client::WebClient::new(&app);
    collector.login("supervisor.revenue.rewari").await;
    let page = collector
        .get("/rankings?level=office&scope=area:06084")
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("id=\"parts-rule\""));
    assert!(
        page.body.contains("office%3APWD-REWARI-BL-REWARI"),
        "{}",
        page.body
    );
    // An office's list holds the parts it owes: the PWD block office owes the first case's.
    let pwd_office = master.office_by_code("PWD-REWARI-BL-REWARI").unwrap().id;
    let owed = app
        .store
        .interdepartmental(&Scope::Office(pwd_office))
        .await
        .unwrap();
    assert_eq!((owed.cases, owed.parts), (1, 1));
    assert_eq!(owed.items[0].parts[0].department.code, "PWD");
    // Through the API, at the reader's own scope, and refused at one not theirs.
    let token = app.login("officer.pwd.rewari.block").await;
    let response = app.get(&token, "/interdepartmental").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["interdepartmental"]["parts"], 1);
    let response = app.get(&token, "/interdepartmental?scope=all").await;
    assert_eq!(response.status(), 403);
    let response = app.get(&token, "/interdepartmental?district=06084").await;
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn an_operator_names_joint_departments_at_filing() {
    let app = spawn_app().await;
    let operator = app.login("operator.rewari").await;
    let mut f = form();
    f["channel"] = json!("helpline");
    f["joint_departments"] = json!(["PWD", " PWD ", "POWER"]);
    let response = app.file_as(&operator, &f).await;
    assert_eq!(response.status(), 201);
    let regno = response.json::<Value>().await.unwrap()["registration_number"]
        .as_str()
        .unwrap()
        .to_string();
    let pwd = app.login("officer.pwd.rewari.block").await;
    let case = app.case(&pwd, &regno).await["grievance"].clone();
    assert_eq!(case["parts"].as_array().unwrap().len(), 2, "{case}");
    assert_eq!(part(&case, "PWD")["office"]["code"], "PWD-REWARI-BL-REWARI");
    assert_eq!(part(&case, "PWD")["status"], "assigned");
    // The part's office works it from the start.
    app.act_ok(
        &pwd,
        &regno,
        json!({"action": "part_accept", "department": "PWD"}),
    )
    .await;
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);

    // Only an operator names them; a department must exist and not be the case's own.
    let mut f = form();
    f["joint_departments"] = json!(["PWD"]);
    let citizen = app.signup_citizen("9812012345").await;
    let (status, code, field, _) = error_of(app.file_as(&citizen, &f).await).await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "operator_only", Some("joint_departments"))
    );
    for (codes, expected) in [
        (json!(["NOPE"]), "unknown"),
        (json!(["PHED"]), "own_department"),
    ] {
        let mut f = form();
        f["channel"] = json!("helpline");
        f["joint_departments"] = codes;
        let (status, code, field, _) = error_of(app.file_as(&operator, &f).await).await;
        assert_eq!(
            (status, code.as_str(), field.as_deref()),
            (422, expected, Some("joint_departments"))
        );
    }
}

#[tokio::test]
async fn the_case_page_shows_each_part_with_the_forms_its_reader_may_use() {
    let app = spawn_app().await;
    let regno = joint_case(&app).await;
    let version = |case: &Value| case["grievance"]["version"].as_i64().unwrap().to_string();

    // The PWD block officer sees the parts and may take up the PWD's part only.
    let mut pwd = crate::web_client::WebClient::new(&app);
    pwd.login("officer.pwd.rewari.block").await;
    let page = pwd.get(&format!("/cases/{regno}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"part-PWD\""), "{}", page.body);
    assert!(page.body.contains("id=\"part-POWER\""));
    assert!(page.body.contains("id=\"do-part_accept-PWD\""));
    assert!(!page.body.contains("id=\"do-part_accept-POWER\""));
    assert!(!page.body.contains("id=\"a-part_waive-PWD\""));
    let admin = app.api_token("admin").await;
    let v = version(&app.case(&admin, &regno).await);
    let done = pwd
        .post(
            &format!("/cases/{regno}/act"),
            &[
                ("action", "part_accept"),
                ("department", "PWD"),
                ("version", &v),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let page = pwd.get(&format!("/cases/{regno}")).await;
    assert!(page.body.contains("id=\"a-part_submit_atr-PWD\""));

    // A supervisor above the lead office may waive; a reason too short is said beside it.
    let mut supervisor = crate::web_client::WebClient::new(&app);
    supervisor.login("supervisor.phed.rewari.sd").await;
    let page = supervisor.get(&format!("/cases/{regno}")).await;
    assert!(
        page.body.contains("id=\"a-part_waive-POWER\""),
        "{}",
        page.body
    );
    let v = version(&app.case(&admin, &regno).await);
    let failed = supervisor
        .post(
            &format!("/cases/{regno}/act"),
            &[
                ("action", "part_waive"),
                ("department", "POWER"),
                ("reason", "no"),
                ("version", &v),
            ],
        )
        .await;
    assert_eq!(failed.status, 422);
    let form = failed
        .between("id=\"a-part_waive-POWER\"", "</details>")
        .unwrap();
    assert!(form.starts_with(" open"), "{form}");
    assert!(form.contains("err-reason"), "{form}");

    // The inter-departmental page of the district lists the case with both departments.
    let mut collector = crate::web_client::WebClient::new(&app);
    collector.login("supervisor.revenue.rewari").await;
    let page = collector.get("/interdepartmental?scope=area:06084").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let list = page.between("id=\"interdept-list\"", "</table>").unwrap();
    assert!(list.contains(&regno), "{list}");
    assert_eq!(
        page.between("id=\"interdept-parts\">", "<").as_deref(),
        Some("2")
    );
    let refused = collector
        .get("/interdepartmental?scope=area:06084&x=1")
        .await;
    assert_eq!(refused.status, 422);
}

/// Whether `token`'s list with `query` shows the case `regno`.
async fn lists(app: &TestApp, token: &str, query: &str, regno: &str) -> bool {
    app.listed(token, &format!("per_page=100&{query}"))
        .await
        .iter()
        .any(|r| r == regno)
}

/// How many parts do not know rightly whether their case is open (the open lists rely on it),
/// and how many parts of closed cases there are.
async fn parts_open_flags(app: &TestApp) -> (i64, i64) {
    sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN p.case_open <> CASE WHEN g.status IN ('disposed', 'closed') \
         THEN 0 ELSE 1 END THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN g.status IN ('disposed', 'closed') THEN 1 ELSE 0 END), 0) \
         FROM case_parts p JOIN grievances g ON g.id = p.grievance_id",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap()
}

/// A part's office (and its supervisor) find the case among their open cases exactly while the
/// case is open, whatever the state of their own part, and among all and disposed cases once it
/// is disposed; reopened, it is open again. The open lists ask only for the parts of open cases,
/// which each part's row knows (written when the case opens and closes, live and imported).
#[tokio::test]
async fn a_part_office_lists_the_case_as_open_exactly_while_it_is_open() {
    let app = spawn_app().await;
    let regno = joint_case(&app).await;
    let pwd = app.login("officer.pwd.rewari.block").await;
    let supervisor = app.login("supervisor.pwd.rewari").await;
    assert!(lists(&app, &pwd, "status=open", &regno).await);
    assert!(lists(&app, &supervisor, "status=open", &regno).await);
    assert!(!lists(&app, &pwd, "status=disposed", &regno).await);
    // Past its deadline the case is among the part office's overdue cases (everyone signs in
    // again: sessions end after a while).
    app.clock.advance_days(45);
    let phed = app.login("officer.phed.rewari.block").await;
    let pwd = app.login("officer.pwd.rewari.block").await;
    let power = app.login("officer.power.rewari.block").await;
    let supervisor = app.login("supervisor.pwd.rewari").await;
    assert!(lists(&app, &pwd, "status=open&overdue=true", &regno).await);
    assert!(lists(&app, &pwd, "overdue=true", &regno).await);

    // Its own part done, the case is still open and still in the office's open list.
    report_part(&app, &pwd, &regno, "PWD", "Road cut refilled and paved").await;
    report_part(&app, &power, &regno, "POWER", "Pump's supply restored").await;
    assert!(lists(&app, &pwd, "status=open", &regno).await);
    app.act_ok(
        &phed,
        &regno,
        json!({"action": "submit_atr", "text": "Pipeline relaid along the road"}),
    )
    .await;
    app.act_ok(
        &phed,
        &regno,
        json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored"}),
    )
    .await;
    for token in [&pwd, &supervisor] {
        assert!(!lists(&app, token, "status=open", &regno).await);
        assert!(!lists(&app, token, "overdue=true", &regno).await);
        assert!(lists(&app, token, "status=disposed", &regno).await);
        assert!(lists(&app, token, "", &regno).await);
        assert!(lists(&app, token, "status=disposed,assigned", &regno).await);
    }
    assert_eq!(parts_open_flags(&app).await, (0, 2));

    // The citizen reopens it: open again for the part's office.
    let citizen = app.signup_citizen("9812012345").await;
    app.act_ok(
        &citizen,
        &regno,
        json!({"action": "reopen", "reason": "The road has caved in again"}),
    )
    .await;
    assert!(lists(&app, &pwd, "status=open", &regno).await);
    assert_eq!(parts_open_flags(&app).await, (0, 0));

    // The bulk import writes the same for the histories it replays.
    generate_history(&app, 3_000, 11).await;
    let (wrong, closed) = parts_open_flags(&app).await;
    assert_eq!(wrong, 0);
    let parts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM case_parts")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert!(
        closed > 0,
        "the generated year has disposed joint cases: {parts} parts, {closed} closed"
    );
}
