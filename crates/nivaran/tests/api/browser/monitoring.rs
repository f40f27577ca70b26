//! The reviewers' pages in Chromium: a collector's dashboard and its PDF, the verification
//! calls, the random audit.

use super::*;

/// Cases to review: a generated year.
async fn generated(app: &TestApp, count: u64) {
    crate::helpers::generate_history(app, count, 3).await;
}

#[tokio::test]
async fn a_collector_opens_the_district_dashboard_follows_overdue_and_downloads_the_pdf() {
    let app = spawn_app().await;
    generated(&app, 1500).await;
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    b.login("supervisor.revenue.rewari").await;
    b.goto("/dashboard").await;
    assert!(b.h1().await.contains("Rewari"), "{}", b.h1().await);
    b.shot("dashboard").await;
    let shown: i64 = b
        .text("#summary a[href$='metric=overdue']")
        .await
        .replace(',', "")
        .parse()
        .unwrap();
    b.submit("#summary a[href$='metric=overdue']").await;
    assert_eq!(b.h1().await, "Cases overdue");
    assert!(b.text("#total").await.contains(&shown.to_string()));
    let rows = b
        .client
        .execute(
            "return document.querySelectorAll('#cases tbody tr').length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(rows, json!(shown.min(50)));
    b.shot("dashboard-cases").await;
    b.goto("/dashboard").await;
    b.submit("#reports-link").await;
    let fetched = b
        .client
        .execute(
            "const a = document.querySelector('#pdf-hi'); \
             return fetch(a.href).then(r => r.arrayBuffer().then(buf => [r.headers.get('content-type'), \
             new TextDecoder().decode(buf.slice(0, 4)), buf.byteLength]));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(fetched[0], "application/pdf");
    assert_eq!(fetched[1], "%PDF");
    assert!(fetched[2].as_u64().unwrap() > 10_000, "{fetched}");
    b.goto("/rankings?level=office&scope=area:06084").await;
    b.shot("rankings").await;
    b.close().await;
}

#[tokio::test]
async fn a_verifier_records_three_calls() {
    let app = spawn_app().await;
    app.store.set_monitoring(
        nivaran::store::VerificationPolicy {
            share_percent: 100,
            ..Default::default()
        },
        nivaran::store::AuditPolicy::default(),
    );
    let cases = [
        app.disposed_case("9812012345").await,
        app.disposed_case("9812012345").await,
        app.disposed_case("9812012345").await,
    ];
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    b.login("verifier").await;
    b.goto("/verify").await;
    b.shot("verify").await;
    for outcome in ["satisfied", "not_satisfied", "no_answer"] {
        let regno = b.text("#regno").await;
        assert!(cases.contains(&regno));
        b.click(&format!("#o-{outcome}")).await;
        b.fill("#f-remarks", "Spoke to the citizen").await;
        b.submit("#call button[type=submit]").await;
        let done = b.text("#done").await;
        assert!(done.contains(&regno), "{done}");
        let case = app.case(&app.login("admin").await, &regno).await;
        match outcome {
            "satisfied" => assert_eq!(case["grievance"]["verification"], "satisfied"),
            "not_satisfied" => assert_eq!(case["grievance"]["status"], "assigned"),
            _ => assert!(done.contains("another day"), "{done}"),
        }
    }
    assert!(b.text("#none").await.contains("No disposed cases"));
    b.close().await;
}

#[tokio::test]
async fn an_auditor_flags_a_fake_disposal_and_the_case_reopens() {
    let app = spawn_app().await;
    let regno = app.disposed_case("9812012345").await;
    app.clock.advance_days(7);
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    b.login("auditor").await;
    b.goto("/audit").await;
    b.submit("form[action='/audit/sample'] button").await;
    assert!(b.text("#done").await.contains("1 case(s) drawn"));
    b.shot("audit").await;
    let id: String = b
        .client
        .execute(
            "return document.querySelector('section.audit-item').id.slice(1)",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    b.click(&format!("#f{id}-fake_disposal")).await;
    b.fill(&format!("#n{id}"), "Site visit: no work done").await;
    b.submit(&format!("#a{id} button[type=submit]")).await;
    assert!(b.text("#done").await.contains("case reopened"));
    let case = app.case(&app.login("admin").await, &regno).await;
    assert_eq!(case["grievance"]["status"], "assigned");
    assert_eq!(case["grievance"]["reopen_count"], 1);
    b.goto("/audit/report").await;
    assert!(b.text("#flagged").await.contains(&regno));
    b.close().await;
}
