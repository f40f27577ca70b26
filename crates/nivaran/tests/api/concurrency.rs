use crate::helpers::*;
use serde_json::json;

#[tokio::test]
async fn when_two_officers_act_at_once_one_wins_and_the_other_gets_409() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    let supervisor = app.login("supervisor.phed.rewari.sd").await;
    let version = app.case(&officer, &regno).await["grievance"]["version"]
        .as_i64()
        .unwrap();
    // Both saw the same version; both send their action at the same moment.
    for round in 0..5 {
        let mine = ["POWER", "HEALTH", "PWD", "ULB", "FOOD"][round];
        let theirs = ["REVENUE", "POLICE", "AGRI", "EDUCATION", "TRANSPORT"][round];
        let seen = version + round as i64;
        let why = "Its office must act on it too";
        let first = json!({"action": "add_joint_department", "department": mine, "reason": why, "version": seen});
        let second = json!({"action": "add_joint_department", "department": theirs, "reason": why, "version": seen});
        let (a, b) = tokio::join!(
            app.act(&officer, &regno, first),
            app.act(&supervisor, &regno, second)
        );
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 409], "round {round}");
        let loser = if a.status() == 409 { a } else { b };
        let (_, code, _, message) = error_of(loser).await;
        assert_eq!(code, "conflict");
        assert!(message.contains("Reload"), "{message}");
    }
    // Nothing was lost or half-written: five departments, five events, an intact chain.
    let case = app.case(&officer, &regno).await;
    assert_eq!(
        case["grievance"]["joint_departments"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    assert_eq!(case["timeline"].as_array().unwrap().len(), 2 + 5);
    assert_eq!(case["grievance"]["version"].as_i64().unwrap(), version + 5);
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);
}

#[tokio::test]
async fn a_stale_version_is_refused_even_when_the_action_would_be_legal() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept", "version": 1}))
        .await;
    let response = app
        .act(
            &officer,
            &regno,
            json!({"action": "declare_eta", "eta": "2026-11-27", "version": 1}),
        )
        .await;
    let (status, code, _, _) = error_of(response).await;
    assert_eq!((status, code.as_str()), (409, "conflict"));
}
