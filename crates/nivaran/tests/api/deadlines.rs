//! Deadlines acting by themselves, day by day under a test clock.

use crate::helpers::*;
use nivaran::store::{DeadlinePolicy, SweepReport};
use serde_json::{Value, json};

async fn grievance_id(app: &TestApp, regno: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM grievances WHERE regno = $1")
        .bind(regno.to_string())
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

async fn outbox_keys(app: &TestApp, id: i64) -> Vec<String> {
    sqlx::query_scalar("SELECT template_key FROM outbox WHERE grievance_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(app.store.pool())
        .await
        .unwrap()
}

async fn level(app: &TestApp, regno: &str) -> (i64, Option<String>) {
    let admin = app.login("admin").await;
    let case: Value = app.case(&admin, regno).await;
    (
        case["grievance"]["escalation_level"].as_i64().unwrap(),
        case["grievance"]["escalated_to"]["code"]
            .as_str()
            .map(str::to_string),
    )
}

#[tokio::test]
async fn a_case_is_reminded_then_escalated_l1_l2_l3_day_by_day_and_only_once() {
    let app = spawn_app().await;
    let policy = DeadlinePolicy::default();
    // Filed Monday 23 Nov 10:00; 3 working days; Tuesday is a holiday: due Friday 27 Nov.
    let regno = app.file_default().await;
    let id = grievance_id(&app, &regno).await;
    let mut log = Vec::new();
    // Every day at 10:00 IST until 16 December.
    for day in 0..24 {
        let report = app.store.run_deadline_sweep(&policy).await.unwrap();
        // A second sweep the same moment (another node, a retry) does nothing more.
        assert_eq!(
            app.store.run_deadline_sweep(&policy).await.unwrap(),
            SweepReport::default(),
            "day {day}"
        );
        let (lvl, _) = level(&app, &regno).await;
        log.push((
            day,
            report.reminders,
            report.escalations,
            report.interim_reminders,
            lvl,
        ));
        app.clock.advance_days(1);
    }
    let on = |day: usize| log[day];
    // 23–26 Nov: nothing yet (75 % of the time passes on the evening of the 26th).
    for day in 0..=3 {
        assert_eq!(on(day), (day, 0, 0, 0, 1), "{log:?}");
    }
    // 27 Nov, the last day: the 75 % reminder and the last-day reminder.
    assert_eq!(on(4), (4, 2, 0, 0, 1));
    // 28 Nov: the deadline has lapsed: L1 → L2.
    assert_eq!(on(5), (5, 0, 1, 0, 2));
    // L2's window is 5 working days from Saturday 28 Nov (a 4th Saturday): Mon 30 Nov … Fri 4 Dec.
    for day in 6..=11 {
        assert_eq!(on(day).2, 0, "day {day}: {log:?}");
        assert_eq!(on(day).4, 2);
    }
    // Saturday 5 Dec: L2 → L3.
    assert_eq!(on(12), (12, 0, 1, 0, 3));
    // Never automatically beyond L3.
    for day in 13..24 {
        assert_eq!(on(day).2, 0);
        assert_eq!(on(day).4, 3);
    }
    // Open past 21 days (the sweep of 15 Dec): the interim-reply reminder, once.
    let interim: Vec<usize> = log.iter().filter(|l| l.3 > 0).map(|l| l.0).collect();
    assert_eq!(interim, [22]);
    let (_, escalated_to) = level(&app, &regno).await;
    assert_eq!(escalated_to.as_deref(), Some("PHED-REWARI"));

    // Every escalation is an event…
    let admin = app.login("admin").await;
    let case = app.case(&admin, &regno).await;
    let escalations: Vec<&Value> = case["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "escalate")
        .collect();
    assert_eq!(escalations.len(), 2);
    assert!(escalations.iter().all(|e| e["actor"] == "system"));
    // …and a notification to the offices concerned, alongside the citizen's registration SMS.
    let keys = outbox_keys(&app, id).await;
    assert_eq!(keys.iter().filter(|k| *k == "registered").count(), 1);
    assert!(
        keys.iter().filter(|k| *k == "officer_escalated").count() >= 2,
        "{keys:?}"
    );
    assert!(keys.iter().any(|k| k == "officer_reminder"), "{keys:?}");
    // The citizen hears of each level the sweep takes it to (L2, L3), as of one taken by hand.
    assert_eq!(
        keys.iter().filter(|k| *k == "escalated").count(),
        2,
        "{keys:?}"
    );
    assert!(keys.iter().any(|k| k == "officer_interim"), "{keys:?}");
    // L3 → L4 is by hand.
    let state = app.login("supervisor.phed.haryana").await;
    let case = app
        .act_ok(&state, &regno, json!({"action": "escalate"}))
        .await;
    assert_eq!(case["escalation_level"], 4);
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);
}

#[tokio::test]
async fn escalation_windows_are_configurable_per_category() {
    let app = spawn_app().await;
    let mut policy = DeadlinePolicy::default();
    policy.categories.insert(
        "PHED-WS-NOSUP".into(),
        nivaran::store::CategoryPolicy {
            escalate_after_days: [1, 1],
        },
    );
    let regno = app.file_default().await;
    // Due Fri 27 Nov; one working day's grace: not on Sat 28 (4th Saturday) nor Sun 29.
    app.clock.advance_days(5); // Sat 28 Nov
    app.store.run_deadline_sweep(&policy).await.unwrap();
    assert_eq!(level(&app, &regno).await.0, 1);
    app.clock.advance_days(2); // Mon 30 Nov: grace day itself
    app.store.run_deadline_sweep(&policy).await.unwrap();
    assert_eq!(level(&app, &regno).await.0, 1);
    app.clock.advance_days(1); // Tue 1 Dec
    app.store.run_deadline_sweep(&policy).await.unwrap();
    assert_eq!(level(&app, &regno).await.0, 2);
    app.clock.advance_days(2); // Thu 3 Dec: one working day after Tue 1 Dec has passed
    app.store.run_deadline_sweep(&policy).await.unwrap();
    assert_eq!(level(&app, &regno).await.0, 3);
}

#[tokio::test]
async fn a_lapsed_right_to_service_case_goes_to_the_first_appellate_officer() {
    let app = spawn_app().await;
    let mut f = form();
    f["category"] = json!("PHED-CONN-WATER"); // a notified service: 15 working days
    f["subject"] = json!("New water connection not given");
    let body = app.file(&f).await;
    let regno = body["registration_number"].as_str().unwrap().to_string();
    let holder = body["office"]["code"].as_str().unwrap().to_string();
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    let policy = DeadlinePolicy::default();
    let mut appealed_on = None;
    for day in 0..30 {
        let report = app.store.run_deadline_sweep(&policy).await.unwrap();
        if report.rts_appeals > 0 {
            assert!(appealed_on.is_none(), "appealed twice");
            appealed_on = Some(day);
        }
        app.clock.advance_days(1);
    }
    // 15 working days from Mon 23 Nov 2026 (24 Nov a holiday, 28 Nov and 12 Dec 2nd/4th
    // Saturdays) is Mon 14 Dec; the appeal follows on the sweep of 15 Dec (day 22).
    assert_eq!(appealed_on, Some(22));
    let admin = app.login("admin").await;
    let case = app.case(&admin, &regno).await;
    assert_eq!(case["grievance"]["appealed"], true);
    assert_eq!(case["grievance"]["status"], "assigned");
    assert_ne!(
        case["grievance"]["holding_office"]["code"]
            .as_str()
            .unwrap(),
        holder
    );
    assert_eq!(
        case["grievance"]["holding_office"]["code"],
        "PHED-REWARI-SD-REWARI"
    );
    let last = case["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "rts_appeal");
    // The appellate office has the appeal period, so the new round does not escalate at once.
    assert_eq!(case["grievance"]["escalation_level"], 1);
    let id = grievance_id(&app, &regno).await;
    assert!(
        outbox_keys(&app, id)
            .await
            .contains(&"appealed".to_string())
    );
}

#[tokio::test]
async fn a_declared_eta_that_passes_is_recorded_against_the_office() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "declare_eta", "eta": "2026-11-25"}),
    )
    .await;
    let policy = DeadlinePolicy::default();
    app.clock.advance_days(2); // 25 Nov: still within the ETA day
    assert_eq!(
        app.store
            .run_deadline_sweep(&policy)
            .await
            .unwrap()
            .eta_breaches,
        0
    );
    app.clock.advance_days(1); // 26 Nov
    assert_eq!(
        app.store
            .run_deadline_sweep(&policy)
            .await
            .unwrap()
            .eta_breaches,
        1
    );
    assert_eq!(
        app.store
            .run_deadline_sweep(&policy)
            .await
            .unwrap()
            .eta_breaches,
        0
    );
    let id = grievance_id(&app, &regno).await;
    let marks = app.store.deadline_marks(id).await.unwrap();
    assert!(
        marks.iter().any(|(m, _)| m.starts_with("eta_breach:")),
        "{marks:?}"
    );
}

/// While a case waits for the citizen's clarification, its deadline, reminders, escalation and
/// "overdue" stand still; the reply starts them again with the working days that were left,
/// and the timeline says so.
#[tokio::test]
async fn a_question_to_the_citizen_pauses_the_deadline_until_the_reply() {
    let app = spawn_app().await;
    let policy = DeadlinePolicy::default();
    // Filed Monday 23 Nov 10:00, due Friday 27 Nov (3 working days; Tuesday is a holiday).
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    let asked = app
        .act_ok(
            &officer,
            &regno,
            json!({"action": "ask_clarification", "question": "Which hand pump is broken?"}),
        )
        .await;
    assert_eq!(asked["status"], "awaiting_clarification");
    assert_eq!(asked["due_date"], "2026-11-27");
    // Ten days pass, with the sweep each morning: no reminder, no escalation, never overdue.
    let period = nivaran::store::Period::last_days(app.store.now().ist_date(), 30);
    for day in 0..10 {
        let report = app.store.run_deadline_sweep(&policy).await.unwrap();
        assert_eq!(report, SweepReport::default(), "day {day}");
        let admin = app.login("admin").await;
        let case = app.case(&admin, &regno).await;
        assert_eq!(case["grievance"]["overdue"], false, "day {day}");
        assert_eq!(case["grievance"]["escalation_level"], 1, "day {day}");
        let figures = app
            .store
            .dashboard_total(&nivaran::store::Scope::All, &period, &[])
            .await
            .unwrap();
        assert_eq!(figures.overdue, 0, "day {day}");
        let overdue: Value = app
            .get(&admin, "/grievances?overdue=true")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(overdue["total"], 0, "day {day}");
        app.clock.advance_days(1);
    }
    // Thursday 3 Dec: the reply. The three working days left on 23 Nov (25, 26, 27 Nov) run
    // again from today.
    let officer = app.login("officer.phed.rewari.block").await;
    let replied = app
        .act_ok(
            &officer,
            &regno,
            json!({"action": "receive_clarification", "answer": "The one near the school"}),
        )
        .await;
    assert_eq!(replied["status"], "in_progress");
    let due = replied["due_date"].as_str().unwrap().to_string();
    assert!(
        ("2026-12-05".."2026-12-10").contains(&due.as_str()),
        "three working days after 3 Dec: {due}"
    );
    assert_eq!(replied["overdue"], false);
    // The timeline shows the pause and the new deadline.
    let mut web = crate::web_client::WebClient::new(&app);
    web.login("officer.phed.rewari.block").await;
    let page = web.get(&format!("/cases/{regno}?lang=en")).await;
    assert!(
        page.body.contains("पुनः")
            || page.body.contains("runs again")
            || page.body.contains("फिर से चल"),
        "{}",
        page.body
    );
    assert!(page.body.contains("समय-सीमा रुकी") || page.body.contains("paused"));
    // After the new deadline the clock acts again.
    let mut escalated = false;
    for _ in 0..10 {
        app.clock.advance_days(1);
        escalated |= app
            .store
            .run_deadline_sweep(&policy)
            .await
            .unwrap()
            .escalations
            > 0;
    }
    assert!(escalated, "the deadline runs again after the reply");
}
