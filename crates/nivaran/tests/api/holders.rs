//! Named responsibility (issue 16, parts 3 and 4): a case is held by a named officer of its
//! office, given and given again by the office's head (each an event); "my cases"; an
//! officer's figures are the cases they held, not their office's copied; and the officer's own
//! date (ETA): required on acceptance where the state says so, explained past the deadline or
//! when changed, counted, told to the citizen, and missed ETAs in the figures.

use crate::helpers::*;
use crate::web_client::WebClient;
use nivaran::store::{Breakdown, NewUser, OfficerPolicy, Period, Scope};
use nivaran_domain::types::Role;
use serde_json::json;

/// A second officer in the Rewari block office (which has no head of its own).
async fn second_block_officer(app: &TestApp) -> String {
    app.store
        .add_user(NewUser {
            username: "officer.phed.rewari.block2".into(),
            full_name: "Kamla Devi".into(),
            role: Role::Officer,
            office_code: Some("PHED-REWARI-BL-REWARI".into()),
            jurisdiction_code: None,
            mobile: None,
            email: None,
            password: PASSWORD.into(),
            mobile_verified: false,
        })
        .await
        .unwrap();
    app.login("officer.phed.rewari.block2").await
}

fn holder(case: &serde_json::Value) -> Option<&str> {
    case["holder"]["username"].as_str()
}

async fn my_cases(app: &TestApp, token: &str, holder: &str) -> Vec<String> {
    app.listed(token, &format!("holder={holder}&status=open"))
        .await
}

#[tokio::test]
async fn a_case_is_given_to_a_named_officer_of_its_office_and_my_cases_are_mine() {
    let app = spawn_app().await;
    let block = app.login("officer.phed.rewari.block").await;
    let block2 = second_block_officer(&app).await;
    let head = app.login("supervisor.phed.rewari.sd").await;

    // Accepting a case no one holds makes its accepter the holder, an event of its own.
    let accepted = app.file_default().await;
    assert_eq!(
        holder(&app.case(&block, &accepted).await["grievance"]),
        None
    );
    let case = app
        .act_ok(&block, &accepted, json!({"action": "accept"}))
        .await;
    assert_eq!(holder(&case), Some("officer.phed.rewari.block"));
    assert_eq!(case["holder"]["full_name"], "Babita Bhardwaj");

    // The supervisor above gives another case to the second officer.
    let given = app.file_default().await;
    let case = app
        .act_ok(
            &head,
            &given,
            json!({"action": "assign_officer", "officer": "officer.phed.rewari.block2"}),
        )
        .await;
    assert_eq!(holder(&case), Some("officer.phed.rewari.block2"));
    let shown: serde_json::Value = app
        .get(&head, &format!("/grievances/{given}"))
        .await
        .json()
        .await
        .unwrap();
    let assigned = shown["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "assign_officer")
        .expect("an assign_officer event");
    assert_eq!(
        assigned["details"]["officer_username"],
        "officer.phed.rewari.block2"
    );

    // Only a person of the holding office, and a reassignment says why.
    let (status, code, field, _) = error_of(
        app.act(
            &head,
            &given,
            json!({"action": "assign_officer", "officer": "officer.phed.khol"}),
        )
        .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (422, "not_of_the_office"));
    assert_eq!(field.as_deref(), Some("officer"));
    let (status, code, field, _) = error_of(
        app.act(
            &head,
            &given,
            json!({"action": "assign_officer", "officer": "officer.phed.rewari.block"}),
        )
        .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (422, "reason_required"));
    assert_eq!(field.as_deref(), Some("reason"));

    // "My cases" are each officer's own; "not yet given" is what is left to give out.
    let third = app.file_default().await;
    assert_eq!(my_cases(&app, &block, "me").await, vec![accepted.clone()]);
    assert_eq!(my_cases(&app, &block2, "me").await, vec![given.clone()]);
    assert_eq!(my_cases(&app, &block, "none").await, vec![third.clone()]);
    let (status, code, field, message) =
        error_of(app.get(&block, "/grievances?holder=someone").await).await;
    assert_eq!((status, code.as_str()), (422, "invalid_choice"));
    assert_eq!(field.as_deref(), Some("holder"));
    assert!(message.contains("me"), "{message}");

    // Given again, with a reason: the second officer's case is now the first's.
    app.act_ok(
        &head,
        &given,
        json!({"action": "assign_officer", "officer": "officer.phed.rewari.block",
               "reason": "Kamla Devi is on leave until the 20th"}),
    )
    .await;
    let mut mine = my_cases(&app, &block, "me").await;
    mine.sort();
    let mut expected = vec![accepted.clone(), given.clone()];
    expected.sort();
    assert_eq!(mine, expected);
    assert!(my_cases(&app, &block2, "me").await.is_empty());

    // The inbox offers the choice and the lists name the officer.
    let mut web = WebClient::new(&app);
    web.login("officer.phed.rewari.block").await;
    let inbox = web.get("/inbox?holder=me").await;
    assert_eq!(inbox.status, 200, "{}", inbox.body);
    assert!(inbox.body.contains(&accepted) && !inbox.body.contains(&third));
    assert!(inbox.body.contains("Babita Bhardwaj"));
    let refused = web.get("/inbox?holders=me").await;
    assert_eq!(refused.status, 422, "an unknown filter is refused");

    // In an office with a head of its own, its officers do not give out its cases: the
    // Executive Engineer's office has him, so its officer is neither offered it nor allowed.
    let moved = app.file_default().await;
    app.act_ok(
        &block,
        &moved,
        json!({"action": "transfer", "office": "PHED-REWARI", "reason": "Needs the division's tanker"}),
    )
    .await;
    let ee_office = app.login("officer.phed.rewari").await;
    let (status, code, _, _) = error_of(
        app.act(
            &ee_office,
            &moved,
            json!({"action": "assign_officer", "officer": "officer.phed.rewari"}),
        )
        .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (403, "forbidden"));
    let mut clerk = WebClient::new(&app);
    clerk.login("officer.phed.rewari").await;
    let page = clerk.get(&format!("/cases/{moved}")).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("id=\"a-assign_officer\""));
    let ee = app.login("supervisor.phed.rewari").await;
    let case = app
        .act_ok(
            &ee,
            &moved,
            json!({"action": "assign_officer", "officer": "officer.phed.rewari"}),
        )
        .await;
    assert_eq!(holder(&case), Some("officer.phed.rewari"));
}

/// The officer's dashboard and ranking are the cases they held themselves: two officers of one
/// office, one who disposed of a case and one who did not, no longer show the same figures.
#[tokio::test]
async fn an_officers_figures_are_their_own_not_their_offices() {
    let app = spawn_app().await;
    let block = app.login("officer.phed.rewari.block").await;
    let block2 = second_block_officer(&app).await;
    let disposed = app.disposed_case("9812012345").await;
    let open = app.file_default().await;
    app.act_ok(&block2, &open, json!({"action": "accept"}))
        .await;
    assert_eq!(
        holder(&app.case(&block, &disposed).await["grievance"]),
        Some("officer.phed.rewari.block")
    );

    let store = &app.store;
    let period = Period::last_days(store.now().ist_date(), 30);
    let scope = |name: &str| {
        let name = name.to_string();
        async move {
            Scope::parse(store, &format!("officer:{name}"))
                .await
                .unwrap()
        }
    };
    let first = store
        .dashboard_total(&scope("officer.phed.rewari.block").await, &period, &[])
        .await
        .unwrap();
    let second = store
        .dashboard_total(&scope("officer.phed.rewari.block2").await, &period, &[])
        .await
        .unwrap();
    assert_eq!((first.disposed, first.pending), (1, 0), "{first:?}");
    assert_eq!((second.disposed, second.pending), (0, 1), "{second:?}");
    // The rows by officer add up to what the officers hold, and are named.
    let rows = store
        .dashboard(&Scope::All, &period, Breakdown::Officer, &[])
        .await
        .unwrap();
    let held: i64 = rows
        .iter()
        .filter(|r| r.key.is_some())
        .map(|r| r.figures.received)
        .sum();
    assert_eq!(held, 2);

    let mut web = WebClient::new(&app);
    web.login("supervisor.phed.rewari").await;
    let ranking = web
        .get("/rankings?level=officer&scope=office%3APHED-REWARI")
        .await;
    assert_eq!(ranking.status, 200, "{}", ranking.body);
    assert!(ranking.body.contains("Babita Bhardwaj"));
    assert!(ranking.body.contains("Kamla Devi"));
    assert!(
        ranking
            .body
            .contains("scope=officer%3Aofficer.phed.rewari.block2")
    );
}

/// Where the state requires it, an officer accepting a case says by when it will be resolved;
/// a date past the deadline and a changed date say why; changes are counted and told to the
/// citizen; a date passed with the case still open is an ETA missed, in the figures and lists.
#[tokio::test]
async fn the_officers_own_date_is_required_explained_counted_and_told() {
    let app = spawn_app().await;
    app.store.set_officer_policy(OfficerPolicy {
        eta_required_states: Some(vec!["06".into()]),
    });
    let block = app.api_token("officer.phed.rewari.block").await;
    let regno = app.file_default().await;
    let case = app.case(&block, &regno).await["grievance"].clone();
    let due = case["due_date"].as_str().unwrap().to_string();

    let (status, code, field, message) =
        error_of(app.act(&block, &regno, json!({"action": "accept"})).await).await;
    assert_eq!((status, code.as_str()), (422, "required"));
    assert_eq!(field.as_deref(), Some("eta"));
    assert!(message.contains("date"), "{message}");

    // A date after the deadline needs a reason.
    let after_due = time::Date::parse(&due, &time::format_description::well_known::Iso8601::DATE)
        .unwrap()
        .next_day()
        .unwrap()
        .to_string();
    let (status, code, field, _) = error_of(
        app.act(
            &block,
            &regno,
            json!({"action": "accept", "eta": after_due}),
        )
        .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (422, "reason_required"));
    assert_eq!(
        field.as_deref(),
        Some("eta_reason"),
        "the acceptance's own field"
    );
    // Nothing of the refused acceptance was kept.
    assert_eq!(
        app.case(&block, &regno).await["grievance"]["status"],
        "assigned"
    );

    let case = app
        .act_ok(&block, &regno, json!({"action": "accept", "eta": due}))
        .await;
    assert_eq!(case["status"], "in_progress");
    assert_eq!(case["eta_changes"], 0);
    assert_eq!(holder(&case), Some("officer.phed.rewari.block"));

    // A change says why, is counted, and the citizen hears of it.
    let earlier = store_day(&app, 1);
    let (status, _, field, _) = error_of(
        app.act(
            &block,
            &regno,
            json!({"action": "declare_eta", "eta": earlier}),
        )
        .await,
    )
    .await;
    assert_eq!((status, field.as_deref()), (422, Some("reason")));
    let case = app
        .act_ok(
            &block,
            &regno,
            json!({"action": "declare_eta", "eta": earlier, "reason": "Spare valve arrived early"}),
        )
        .await;
    assert_eq!(case["eta_changes"], 1);
    let eta_messages: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE template_key = 'eta' AND grievance_id = \
         (SELECT id FROM grievances WHERE regno = $1)",
    )
    .bind(&regno)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(
        eta_messages, 2,
        "the first date and the change were both told"
    );

    // Two days on, the date has passed with the case open: an ETA missed, on the case, in the
    // figures and behind them.
    app.clock.advance_days(3);
    let case = app.case(&block, &regno).await["grievance"].clone();
    assert_eq!(case["eta_missed"], true);
    let store = &app.store;
    let period = Period::last_days(store.now().ist_date(), 30);
    let officer = Scope::parse(store, "officer:officer.phed.rewari.block")
        .await
        .unwrap();
    let figures = store.dashboard_total(&officer, &period, &[]).await.unwrap();
    assert_eq!(figures.eta_missed, 1);
    assert_eq!(figures.eta_kept_rate(), Some(0.0));
    let missed = store
        .dashboard_cases(
            &officer,
            &period,
            nivaran_domain::metrics::Metric::EtaMissed,
            &[],
            1,
            50,
        )
        .await
        .unwrap();
    assert_eq!(missed.items.len(), 1);
    assert_eq!(missed.items[0].registration_number, regno);
}

/// The IST date `days` from the test clock's today.
fn store_day(app: &TestApp, days: i64) -> String {
    (app.store.now().ist_date() + time::Duration::days(days)).to_string()
}
