//! A Deputy Commissioner's weekly review as the pages run it (issue 16, part 5): the meeting
//! with its generated agenda, the attendance, the minutes, a direction on the cases pending over
//! 7 days whose target the holder sees in the inbox, some of them disposed, and next week's
//! meeting reading the direction back as partly met with its counts; the minutes as PDF in
//! Hindi with the direction in it.

use crate::helpers::*;
use crate::web_client::WebClient;
use serde_json::json;
use std::process::Command;

/// The text of a meeting's minutes as PDF (`path`), fetched with `web`'s session and read back
/// with pdftotext.
pub async fn minutes_text(app: &TestApp, web: &WebClient, path: &str) -> String {
    let cookie = web
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let response = reqwest::Client::new()
        .get(format!("{}{path}", app.address))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let pdf = response.bytes().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("minutes.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let text = Command::new("pdftotext")
        .args(["-layout", file.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8(text.stdout).unwrap()
}

/// The meeting's id from the page a new meeting redirected to.
fn meeting_id(location: &str) -> i64 {
    location
        .trim_start_matches("/reviews/")
        .split(['?', '#'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn new_meeting(web: &mut WebClient, held_on: &str) -> i64 {
    new_meeting_of(web, "area%3A06084", "area:06084", held_on).await
}

async fn new_meeting_of(web: &mut WebClient, query: &str, scope: &str, held_on: &str) -> i64 {
    web.get(&format!("/reviews?scope={query}")).await;
    let made = web
        .post(
            "/reviews",
            &[
                ("scope", scope),
                ("held_on", held_on),
                ("title", "Weekly review of grievances"),
            ],
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.body);
    meeting_id(made.location.as_deref().unwrap())
}

#[tokio::test]
async fn a_deputy_commissioners_weekly_review_gives_directions_and_follows_them_up() {
    let app = spawn_app().await;
    let officer = app.api_token("officer.phed.rewari.block").await;
    // Four complaints filed now: ten days on they are pending over 7 days.
    let mut old = Vec::new();
    for _ in 0..4 {
        old.push(app.file_default().await);
    }
    app.clock.advance_days(10);
    let recent = app.file_default().await;
    let today = app.store.now().ist_date();

    let mut dc = WebClient::new(&app);
    dc.login("supervisor.revenue.rewari").await;
    // The agenda can be looked at before the meeting is made.
    let preview = dc.get("/reviews/agenda?scope=area%3A06084").await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(
        preview.body.contains("Received and pending by portal") && preview.body.contains(&old[0])
    );
    let id = new_meeting(&mut dc, &today.to_string()).await;
    let page = dc.get(&format!("/reviews/{id}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    // The agenda, made from the figures now: pending by portal and department, the oldest
    // overdue cases (ours, by number).
    for heading in [
        "Received and pending by portal",
        "Received and pending by department",
        "CM-cell and VIP-cell cases pending",
        "Oldest overdue cases",
        "Officers with the lowest scores",
    ] {
        assert!(page.body.contains(heading), "{heading}");
    }
    assert!(page.body.contains(&old[0]), "the oldest overdue are listed");

    // Attendance: the PHED executive engineer present, the PWD one absent.
    let person = |username: &str| {
        app.store
            .master()
            .person_by_username(username)
            .unwrap()
            .id
            .to_string()
    };
    let (phed, pwd) = (
        person("supervisor.phed.rewari"),
        person("supervisor.pwd.rewari"),
    );
    assert!(page.body.contains(&format!("name=\"status-{phed}\"")));
    let saved = dc
        .post(
            &format!("/reviews/{id}/attendance"),
            &[
                (format!("status-{phed}").as_str(), "present"),
                (format!("status-{pwd}").as_str(), "absent"),
                (format!("note-{pwd}").as_str(), "On leave"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let stranger = dc
        .post(
            &format!("/reviews/{id}/attendance"),
            &[("status-999999", "present")],
        )
        .await;
    assert_eq!(stranger.status, 422, "only people the service knows");
    dc.post(
        &format!("/reviews/{id}/minutes"),
        &[(
            "minutes",
            "PHED to clear the old water-supply complaints this week.",
        )],
    )
    .await;

    // The direction: every case of the block office pending over 7 days, within a week.
    let target = (today + time::Duration::days(7)).to_string();
    let given = dc
        .post(
            &format!("/reviews/{id}/directions"),
            &[
                (
                    "text",
                    "Resolve every complaint pending over 7 days within a week",
                ),
                ("owner_office", "PHED-REWARI-BL-REWARI"),
                ("owner", ""),
                ("target_date", &target),
                ("cover", "1"),
                ("days", "7"),
            ],
        )
        .await;
    assert_eq!(given.status, 303, "{}", given.body);
    // And one that covers no cases: its outcome is recorded at the next meeting.
    let camp = dc
        .post(
            &format!("/reviews/{id}/directions"),
            &[
                ("text", "Hold a Samadhan camp at Bawal on Monday"),
                ("owner_office", "REVENUE-REWARI"),
                ("target_date", &target),
            ],
        )
        .await;
    assert_eq!(camp.status, 303, "{}", camp.body);
    // Only an office of the meeting's area, and only the chair writes the meeting's record.
    let elsewhere = dc
        .post(
            &format!("/reviews/{id}/directions"),
            &[
                ("text", "Resolve the Jaipur complaints"),
                ("owner_office", "PHED-JAIPUR"),
                ("target_date", &target),
            ],
        )
        .await;
    assert_eq!(elsewhere.status, 422, "{}", elsewhere.body);
    // The state's grievance cell sees the district's meeting, and does not rewrite it.
    let mut cell = WebClient::new(&app);
    cell.login("supervisor.grievance.haryana").await;
    assert_eq!(
        cell.get(&format!("/reviews/{id}")).await.status,
        200,
        "the cell reads it"
    );
    let rewritten = cell
        .post(
            &format!("/reviews/{id}/minutes"),
            &[("minutes", "Nothing was said.")],
        )
        .await;
    assert_eq!(rewritten.status, 403, "but does not rewrite it");
    let page = dc.follow(given).await;
    assert!(
        page.body
            .contains("Resolve every complaint pending over 7 days")
    );
    assert!(
        page.body
            .contains("running: 0 of 4 cases disposed by the target"),
        "{}",
        page.between("id=\"given-directions\"", "</table>")
            .unwrap_or_default()
    );

    // The minutes go by e-mail, with the PDF, to those recorded who have an address; once.
    sqlx::query("UPDATE users SET email = 'ee.phed.rewari@example.gov.in' WHERE username = 'supervisor.phed.rewari'")
        .execute(app.store.pool())
        .await
        .unwrap();
    for _ in 0..2 {
        let sent = dc.post(&format!("/reviews/{id}/send"), &[]).await;
        assert_eq!(sent.status, 303, "{}", sent.body);
    }
    let mails: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT recipient, attachment FROM outbox WHERE channel = 'email' AND idempotency_key LIKE 'minutes:%'",
    )
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].0, "ee.phed.rewari@example.gov.in");
    assert!(mails[0].1.as_deref().is_some_and(|f| f.ends_with(".pdf")));

    // The block officer sees the target in the inbox, on the four old cases and not the new.
    let mut block = WebClient::new(&app);
    block.login("officer.phed.rewari.block").await;
    let inbox = block.get("/inbox").await;
    let target_badge = format!(
        "Review target {}",
        (today + time::Duration::days(7))
            .format(&time::macros::format_description!("[day]/[month]/[year]"))
            .unwrap()
    );
    let row_of = |body: &str, regno: &str| {
        let start = body.find(&format!(">{regno}</a>")).unwrap();
        body[start..start + body[start..].find("</tr>").unwrap()].to_string()
    };
    assert!(
        row_of(&inbox.body, &old[0]).contains(&target_badge),
        "{}",
        row_of(&inbox.body, &old[0])
    );
    assert!(!row_of(&inbox.body, &recent).contains("Review target"));
    let mine = block.get("/directions").await;
    assert!(
        mine.body
            .contains("Resolve every complaint pending over 7 days")
    );

    // Two of the four are disposed within the week.
    for regno in &old[..2] {
        for body in [
            json!({"action": "accept"}),
            json!({"action": "submit_atr", "text": "Valve replaced, supply restored"}),
            json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored"}),
        ] {
            app.act_ok(&officer, regno, body).await;
        }
    }
    // Next week's meeting reads the direction back: partly met, 2 of 4.
    app.clock.advance_days(8);
    let mut dc = WebClient::new(&app);
    dc.login("supervisor.revenue.rewari").await;
    let next = new_meeting(&mut dc, &app.store.now().ist_date().to_string()).await;
    let page = dc.get(&format!("/reviews/{next}")).await;
    let earlier = page
        .between("id=\"earlier-directions\"", "</table>")
        .expect("the earlier directions");
    assert!(
        earlier.contains("partly met: 2 of 4 cases disposed by the target"),
        "{earlier}"
    );
    // And its frozen agenda has them among the directions due.
    assert!(page.body.contains("Directions of earlier meetings"));
    // The camp's outcome is the reviewer's to record; nobody records it through another
    // scope's meeting.
    let camp_row = earlier.find("Hold a Samadhan camp").unwrap();
    assert!(earlier[camp_row..].contains("to be recorded"));
    let direction = page.body[..page.body.find("Hold a Samadhan camp").unwrap()]
        .rsplit("id=\"direction-")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let mut state = WebClient::new(&app);
    state.login("supervisor.grievance.haryana").await;
    let elsewhere = new_meeting_of(
        &mut state,
        "area%3A06",
        "area:06",
        &app.store.now().ist_date().to_string(),
    )
    .await;
    let refused = state
        .post(
            &format!("/reviews/{elsewhere}/directions/{direction}/outcome"),
            &[("outcome", "met"), ("note", "")],
        )
        .await;
    assert_eq!(refused.status, 404, "{}", refused.body);
    let recorded = dc
        .post(
            &format!("/reviews/{next}/directions/{direction}/outcome"),
            &[("outcome", "met"), ("note", "Held; 41 petitions heard")],
        )
        .await;
    assert_eq!(recorded.status, 303, "{}", recorded.body);
    let again = dc
        .post(
            &format!("/reviews/{next}/directions/{direction}/outcome"),
            &[("outcome", "missed"), ("note", "")],
        )
        .await;
    assert_eq!(again.status, 404, "an outcome is recorded once");
    let page = dc.get(&format!("/reviews/{next}")).await;
    let earlier = page
        .between("id=\"earlier-directions\"", "</table>")
        .unwrap();
    let camp_row = earlier.find("Hold a Samadhan camp").unwrap();
    assert!(earlier[camp_row..].contains(">met<"), "{earlier}");

    // The first meeting's minutes, in Hindi, as PDF: headings, the attendance and the direction.
    let text = minutes_text(&app, &dc, &format!("/reviews/{id}/minutes.pdf?lang=hi")).await;
    for words in [
        "कार्यवाही विवरण",
        "उपस्थिति",
        "इस बैठक में दिए गए निर्देश",
        "Resolve every complaint pending over 7 days",
        "अनुपस्थित",
    ] {
        assert!(
            text.contains(words),
            "'{words}' not in the minutes:\n{text}"
        );
    }
    let xlsx = reqwest::Client::new()
        .get(format!("{}/reviews/{id}/minutes.xlsx", app.address))
        .header(
            "cookie",
            dc.cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; "),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));

    // An officer may not hold a review, and an unknown parameter is refused.
    let mut block = WebClient::new(&app);
    block.login("officer.phed.rewari.block").await;
    block.get("/directions").await;
    let refused = block
        .post(
            "/reviews",
            &[
                ("scope", "area:06084"),
                ("held_on", "2026-12-01"),
                ("title", "Mine"),
            ],
        )
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(
        dc.get("/reviews?scope=area%3A06084&week=1").await.status,
        422
    );
}

/// A Deputy Commissioner could see another department's case but record nothing on it: now
/// the collector's remark goes on the case's timeline for its offices, and the case is
/// otherwise unchanged; the citizen's timeline does not show it, and the holding officer does
/// not make remarks (the officer acts instead).
#[tokio::test]
async fn a_collector_records_a_remark_on_another_departments_case() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let collector = app.login("supervisor.revenue.rewari").await;
    let before = app.case(&collector, &regno).await["grievance"].clone();
    let case = app
        .act_ok(
            &collector,
            &regno,
            json!({"action": "remark", "text": "Expedite: the village has had no water for ten days"}),
        )
        .await;
    assert_eq!(case["status"], before["status"]);
    assert_eq!(case["holding_office"], before["holding_office"]);
    let officer = app.login("officer.phed.rewari.block").await;
    let timeline = app.case(&officer, &regno).await["timeline"].clone();
    let remark = timeline
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "remark")
        .expect("the remark on the timeline");
    assert!(
        remark["actor"]
            .as_str()
            .unwrap()
            .contains("supervisor.revenue.rewari")
    );
    let (status, code, field, _) = error_of(
        app.act(
            &collector,
            &regno,
            json!({"action": "remark", "text": "ok"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, code.as_str(), field.as_deref()),
        (422, "reason_required", Some("text"))
    );
    let (status, _, _, _) = error_of(
        app.act(
            &officer,
            &regno,
            json!({"action": "remark", "text": "Noted by the office"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 403);
    // The citizen does not read it, nor who holds the case.
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    let citizen = app.signup_citizen("9812012345").await;
    let seen = app.case(&citizen, &regno).await;
    assert!(
        seen["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] != "remark" && e["details"].get("officer_username").is_none()),
        "{seen}"
    );
    assert!(seen["grievance"]["holder"].is_null());
    // The collector's page offers it.
    let mut web = WebClient::new(&app);
    web.login("supervisor.revenue.rewari").await;
    assert!(
        web.get(&format!("/cases/{regno}"))
            .await
            .body
            .contains("id=\"a-remark\"")
    );
}

/// Seeds 003 and 004: a review held every week is set once; the worker makes each meeting on
/// its weekday with the agenda of that morning, in the chair of whoever set it, once however
/// often it runs; its chair stops it, and no one else can.
#[tokio::test]
async fn a_weekly_review_is_made_by_the_worker_every_week_until_its_chair_stops_it() {
    let app = spawn_app().await;
    let today = app.store.now().ist_date();
    let mut dc = WebClient::new(&app);
    dc.login("supervisor.revenue.rewari").await;
    dc.get("/reviews?scope=area%3A06084").await;
    let made = dc
        .post(
            "/reviews",
            &[
                ("scope", "area:06084"),
                ("held_on", &today.to_string()),
                ("title", "Weekly review of grievances"),
                ("weekly", "1"),
            ],
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.body);
    let list = dc.get("/reviews?scope=area%3A06084").await;
    assert!(
        list.body.contains(&format!(
            "Every {}: Weekly review of grievances",
            today.weekday()
        )),
        "{}",
        list.body
    );
    let meetings = |app: &TestApp| {
        let pool = app.store.pool().clone();
        async move {
            sqlx::query_as::<_, (String, i64)>(
                "SELECT held_on, chaired_by FROM review_meetings WHERE scope = 'area:06084' ORDER BY held_on",
            )
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    // A weekly review set for a later day starts then: none is made today, on its weekday.
    let next_week = (today + time::Duration::days(7)).to_string();
    let mut admin = WebClient::new(&app);
    admin.login("admin").await;
    admin.get("/reviews?scope=area%3A08110").await;
    let later = admin
        .post(
            "/reviews",
            &[
                ("scope", "area:08110"),
                ("held_on", &next_week),
                ("title", "Jaipur weekly review"),
                ("weekly", "1"),
            ],
        )
        .await;
    assert_eq!(later.status, 303, "{}", later.body);
    let jaipur = |app: &TestApp| {
        let pool = app.store.pool().clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT held_on FROM review_meetings WHERE scope = 'area:08110' ORDER BY held_on",
            )
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    // Today's meeting is the one made by hand: the worker's run makes no second.
    let data = tempfile::tempdir().unwrap();
    let config = nivaran::config::Config::load(data.path(), None).unwrap();
    nivaran::worker::run_jobs(&app.store, &config, "w1")
        .await
        .unwrap();
    assert_eq!(meetings(&app).await.len(), 1);
    assert_eq!(jaipur(&app).await, vec![next_week.clone()]);
    let chair = meetings(&app).await[0].1;

    // Not on another day of the week; on the day, once, in the same chair.
    app.clock.advance_days(3);
    let hold = |app: &TestApp| {
        let store = app.store.clone();
        async move {
            nivaran::scheduled_meetings::hold_scheduled_meetings(&store, store.now().ist_date())
                .await
                .unwrap()
        }
    };
    assert_eq!(hold(&app).await, 0);
    app.clock.advance_days(4);
    nivaran::worker::run_jobs(&app.store, &config, "w1")
        .await
        .unwrap();
    assert_eq!(
        jaipur(&app).await,
        vec![next_week.clone()],
        "made by hand, once"
    );
    assert_eq!(
        meetings(&app).await,
        vec![(today.to_string(), chair), (next_week.clone(), chair)]
    );
    assert_eq!(hold(&app).await, 0, "once a day, however often run");
    // Its agenda was made that morning and is kept with it.
    let mut dc = WebClient::new(&app);
    dc.login("supervisor.revenue.rewari").await;
    let list = dc.get("/reviews?scope=area%3A06084").await;
    // Latest first.
    let id = list.between("<li><a href=\"/reviews/", "\">").unwrap();
    let page = dc.get(&format!("/reviews/{id}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Received and pending by portal"));

    // Only its chair (or an administrator) stops it.
    let stop = list
        .between("action=\"/reviews/schedules/", "/stop\"")
        .unwrap();
    let mut other = WebClient::new(&app);
    other.login("supervisor.grievance.haryana").await;
    other.get("/reviews?scope=area%3A06084").await;
    let refused = other
        .post(&format!("/reviews/schedules/{stop}/stop"), &[])
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let stopped = dc
        .post(&format!("/reviews/schedules/{stop}/stop"), &[])
        .await;
    assert_eq!(stopped.status, 303, "{}", stopped.body);
    assert!(
        !dc.get("/reviews?scope=area%3A06084")
            .await
            .body
            .contains("id=\"schedules\"")
    );
    app.clock.advance_days(7);
    // The stopped one makes nothing; the other goes on.
    assert_eq!(hold(&app).await, 1);
    assert_eq!(meetings(&app).await.len(), 2);
    assert_eq!(
        jaipur(&app).await,
        vec![next_week, (today + time::Duration::days(14)).to_string()]
    );
}
