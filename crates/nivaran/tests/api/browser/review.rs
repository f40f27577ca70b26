//! A Deputy Commissioner's weekly review in Chromium, on the demo's cases (issue 16): the
//! meeting and its generated agenda, the attendance, a direction on the cases pending over 7
//! days, its target in the officer's inbox, some disposed, next week's meeting reading it back
//! as partly met with the counts, and the minutes' PDF in Hindi with the direction in it.

use super::*;
use crate::web_client::WebClient;

/// Sets a date input (Chromium's date field takes keys in the locale's order; the value is
/// what the form sends).
async fn set_date(b: &Browser, id: &str, date: &str) {
    b.client
        .execute(
            &format!("document.getElementById('{id}').value = '{date}'; return true;"),
            vec![],
        )
        .await
        .unwrap();
}

/// Makes a meeting for the Rewari district on the app's today and returns its page's path.
async fn new_meeting(b: &Browser, app: &TestApp) -> String {
    b.goto("/reviews?scope=area%3A06084").await;
    set_date(b, "f-held_on", &app.store.now().ist_date().to_string()).await;
    b.submit("#new-meeting button[type=submit]").await;
    let url = b.client.current_url().await.unwrap();
    url.path().to_string()
}

#[tokio::test]
async fn a_deputy_commissioner_runs_the_weekly_review_in_the_browser() {
    let app = spawn_app().await;
    nivaran::demo::file_samples(&app.store).await.unwrap();
    let mut old = Vec::new();
    for _ in 0..3 {
        old.push(crate::helpers::TestApp::file_default(&app).await);
    }
    app.clock.advance_days(10);
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    b.login("supervisor.revenue.rewari").await;
    let meeting = new_meeting(&b, &app).await;
    assert_eq!(b.h1().await, "Weekly review of grievances");
    let agenda = b.text("#agenda").await;
    assert!(agenda.contains("Oldest overdue cases") && agenda.contains(&old[0]));
    b.shot("review-meeting").await;

    // Attendance: the PHED executive engineer present.
    let phed = app
        .store
        .master()
        .person_by_username("supervisor.phed.rewari")
        .unwrap()
        .id;
    b.choose(&format!("select[name='status-{phed}']"), "present")
        .await;
    b.submit("#save-attendance").await;
    assert!(b.text("#done").await.contains("Saved"));

    // The direction on the block's cases pending over 7 days, in a week.
    let target = (app.store.now().ist_date() + time::Duration::days(7)).to_string();
    b.fill(
        "#f-text",
        "Resolve every complaint pending over 7 days within a week",
    )
    .await;
    b.choose("#f-owner_office", "PHED-REWARI-BL-REWARI").await;
    set_date(&b, "f-target_date", &target).await;
    b.click("#f-cover").await;
    b.fill("#f-days", "7").await;
    b.submit("#give-direction").await;
    let given = b.text("#given-directions").await;
    let covered: i64 = given
        .split(" of ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{given}"));
    assert!(covered >= 3, "{given}");
    assert!(
        given.contains(&format!("running: 0 of {covered} cases")),
        "{given}"
    );

    // The block officer's inbox shows the target on those cases.
    b.logout().await;
    b.login("officer.phed.rewari.block").await;
    b.goto("/inbox").await;
    assert!(b.text("#cases").await.contains("Review target"));
    b.shot("inbox-review-target").await;
    b.logout().await;

    // Two are disposed within the week; the next week's meeting reads the direction back.
    let officer = app.api_token("officer.phed.rewari.block").await;
    for regno in &old[..2] {
        for body in [
            json!({"action": "accept"}),
            json!({"action": "submit_atr", "text": "Valve replaced, supply restored"}),
            json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored"}),
        ] {
            app.act_ok(&officer, regno, body).await;
        }
    }
    app.clock.advance_days(8);
    b.login("supervisor.revenue.rewari").await;
    new_meeting(&b, &app).await;
    let earlier = b.text("#earlier-directions").await;
    assert!(
        earlier.contains(&format!(
            "partly met: 2 of {covered} cases disposed by the target"
        )),
        "{earlier}"
    );

    // The first meeting's minutes in Hindi: the headings and the direction come back out.
    let mut web = WebClient::new(&app);
    web.login("supervisor.revenue.rewari").await;
    let text =
        crate::reviews::minutes_text(&app, &web, &format!("{meeting}/minutes.pdf?lang=hi")).await;
    for words in [
        "कार्यवाही विवरण",
        "उपस्थिति",
        "इस बैठक में दिए गए निर्देश",
        "पोर्टलवार प्राप्त एवं लंबित",
        "Resolve every complaint pending over 7 days",
    ] {
        assert!(
            text.contains(words),
            "'{words}' not in the minutes:\n{text}"
        );
    }
    b.close().await;
}
