//! Disciplinary records (seed 002): the reviewing authority keeps one on a flagged officer, with
//! dated steps and documents; only that authority and auditors see it; it is on the officer's
//! record and, where the state says so, costs them points in the ranking.

use crate::helpers::{TestApp, pdf_bytes, spawn_app};
use crate::web_client::WebClient;
use nivaran_domain::scoring::ScoreFormula;
use reqwest::multipart::{Form, Part};

const OFFICER: &str = "officer.phed.rewari.block";

fn step(kind: &str, on: &str, text: &str, outcome: &str) -> Form {
    Form::new()
        .text("kind", kind.to_string())
        .text("on_date", on.to_string())
        .text("text", text.to_string())
        .text("outcome", outcome.to_string())
}

/// The officer's score in the ranking of the EE's offices.
async fn ranking_score(web: &mut WebClient) -> String {
    let page = web
        .get("/rankings?level=officer&scope=office%3APHED-REWARI")
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let at = page
        .body
        .find(&format!("scope=officer%3A{OFFICER}&"))
        .expect("the officer is ranked");
    let row = &page.body[at..];
    let start = row.find("<td class=\"num\">").unwrap() + "<td class=\"num\">".len();
    row[start..start + row[start..].find("</td>").unwrap()].to_string()
}

async fn days_ago(app: &TestApp, days: i64) -> String {
    (app.store.now().ist_date() - time::Duration::days(days)).to_string()
}

#[tokio::test]
async fn the_authority_keeps_a_disciplinary_record_that_only_it_and_auditors_see() {
    let app = spawn_app().await;
    app.store.set_scoring(ScoreFormula {
        disciplinary: 10.0,
        ..ScoreFormula::default()
    });
    let regno = app.disposed_case("9812000031").await;
    let mut ee = WebClient::new(&app);
    ee.login("supervisor.phed.rewari").await;
    let before = ranking_score(&mut ee).await;
    assert_eq!(before, "100.0");

    // Opened from the audit report's link: the officer and the cases filled in.
    let form = ee
        .get(&format!("/discipline?officer={OFFICER}&cases={regno}"))
        .await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(
        form.body
            .contains(&format!("<option value=\"{OFFICER}\" selected>"))
    );
    assert!(form.body.contains(&format!("value=\"{regno}\"")));
    // Only on an officer under the authority, and only on cases that exist.
    let not_theirs = ee
        .post(
            "/discipline",
            &[
                ("officer", "officer.pwd.rewari"),
                ("grounds", "Disposed of without a site visit"),
                ("cases", ""),
            ],
        )
        .await;
    assert_eq!(not_theirs.status, 422, "{}", not_theirs.body);
    assert!(not_theirs.body.contains("not an officer of your office"));
    let no_case = ee
        .post(
            "/discipline",
            &[
                ("officer", OFFICER),
                ("grounds", "Disposed of without a site visit"),
                ("cases", "HR-2026-PHED-999999"),
            ],
        )
        .await;
    assert_eq!(no_case.status, 422, "{}", no_case.body);
    let opened = ee
        .post(
            "/discipline",
            &[
                ("officer", OFFICER),
                ("grounds", "Disposal found fake in the weekly audit"),
                ("cases", &regno),
            ],
        )
        .await;
    assert_eq!(opened.status, 303, "{}", opened.body);
    let at = opened.location.clone().unwrap();
    let id = at
        .trim_start_matches("/discipline/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let record = ee.get(&at).await;
    assert!(record.body.contains("Record opened"), "{}", record.body);

    // Its steps: a reply needs a notice first; a date cannot be ahead.
    let path = format!("/discipline/{id}/steps");
    let early_reply = ee
        .post_multipart(
            &path,
            step("reply", &days_ago(&app, 0).await, "I was on leave", ""),
        )
        .await;
    assert_eq!(early_reply.status, 422, "{}", early_reply.body);
    let tomorrow = (app.store.now().ist_date() + time::Duration::days(1)).to_string();
    let ahead = ee
        .post_multipart(
            &path,
            step("warning", &tomorrow, "Be careful next time", ""),
        )
        .await;
    assert_eq!(ahead.status, 422);
    let notice = ee
        .post_multipart(
            &path,
            step(
                "show_cause",
                &days_ago(&app, 3).await,
                "Explain the disposal of the case without a site visit",
                "",
            )
            .part(
                "file",
                Part::bytes(pdf_bytes()).file_name("show-cause-notice.pdf"),
            ),
        )
        .await;
    assert_eq!(notice.status, 303, "{}", notice.body);
    let reply = ee
        .post_multipart(
            &path,
            step(
                "reply",
                &days_ago(&app, 1).await,
                "The pump was repaired, the site was not visited",
                "",
            ),
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let no_outcome = ee
        .post_multipart(
            &path,
            step("outcome", &days_ago(&app, 0).await, "Decided", ""),
        )
        .await;
    assert_eq!(no_outcome.status, 422);
    // An outcome chosen on another step is refused, not lost.
    let lost = ee
        .post_multipart(
            &path,
            step(
                "warning",
                &days_ago(&app, 0).await,
                "Warned in person",
                "censure",
            ),
        )
        .await;
    assert_eq!(lost.status, 422, "{}", lost.body);
    let outcome = ee
        .post_multipart(
            &path,
            step(
                "outcome",
                &days_ago(&app, 0).await,
                "Censured for the false report",
                "censure",
            ),
        )
        .await;
    assert_eq!(outcome.status, 303, "{}", outcome.body);
    let closed = ee
        .post_multipart(
            &path,
            step("warning", &days_ago(&app, 0).await, "Once more", ""),
        )
        .await;
    assert_eq!(closed.status, 403, "{}", closed.body);

    let record = ee.get(&format!("/discipline/{id}")).await;
    for seen in [
        "Show-cause notice",
        "Reply of the officer",
        "Censure",
        "show-cause-notice.pdf",
        &regno,
    ] {
        assert!(record.body.contains(seen), "{seen}: {}", record.body);
    }
    assert!(!record.body.contains("id=\"add-step\""), "closed: no form");
    let document = record
        .between("href=\"/discipline/", "\">show-cause-notice.pdf")
        .unwrap();
    let document = format!("/discipline/{document}");
    let file = ee.get(&document).await;
    assert_eq!(file.status, 200);
    assert!(file.body.starts_with("%PDF"));

    // On the officer's record, for the authority.
    let dashboard = ee
        .get(&format!("/dashboard?scope=officer%3A{OFFICER}"))
        .await;
    assert!(
        dashboard.body.contains("id=\"discipline\""),
        "{}",
        dashboard.body
    );
    // And in the ranking: 10 points for the censure, as configured.
    assert_eq!(ranking_score(&mut ee).await, "90.0");
    assert!(
        ee.get("/rankings?level=officer&scope=office%3APHED-REWARI")
            .await
            .body
            .contains("id=\"discipline-rule\"")
    );

    // Auditors read it, and add nothing.
    let mut auditor = WebClient::new(&app);
    auditor.login("auditor").await;
    let list = auditor.get("/discipline").await;
    assert!(
        list.body.contains(&format!("/discipline/{id}")),
        "{}",
        list.body
    );
    assert_eq!(auditor.get(&format!("/discipline/{id}")).await.status, 200);
    assert_eq!(auditor.get(&document).await.status, 200);
    let theirs = auditor
        .post_multipart(
            &path,
            step("warning", &days_ago(&app, 0).await, "Audit note", ""),
        )
        .await;
    assert_eq!(theirs.status, 403);

    // No one else learns it exists: not the officer, not another supervisor (even one above),
    // not the administrator.
    for (username, status) in [
        (OFFICER, 403),
        ("supervisor.phed.haryana", 404),
        ("supervisor.power.rewari", 404),
        ("admin", 403),
    ] {
        let mut other = WebClient::new(&app);
        other.login(username).await;
        assert_eq!(
            other.get(&format!("/discipline/{id}")).await.status,
            status,
            "{username}"
        );
        assert_ne!(other.get(&document).await.status, 200, "{username}");
        if status == 404 {
            assert!(
                !other
                    .get("/discipline")
                    .await
                    .body
                    .contains(&format!("/discipline/{id}"))
            );
        }
        let dashboard = other
            .get(&format!("/dashboard?scope=officer%3A{OFFICER}"))
            .await;
        assert!(!dashboard.body.contains("id=\"discipline\""), "{username}");
    }

    // Every change is in the administration log, without its words.
    let logged: Vec<(String, String)> =
        sqlx::query_as("SELECT action, details FROM admin_log WHERE object = $1 ORDER BY id")
            .bind(format!("disciplinary record {id}"))
            .fetch_all(app.store.pool())
            .await
            .unwrap();
    let actions: Vec<&str> = logged.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "open_disciplinary_record",
            "disciplinary_step",
            "disciplinary_step",
            "disciplinary_step"
        ]
    );
    assert!(logged.iter().all(|(_, d)| !d.contains("Censured")));
}
