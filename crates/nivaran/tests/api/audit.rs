use crate::helpers::*;
use serde_json::json;

#[tokio::test]
async fn tampering_with_any_event_is_found_and_named() {
    let app = spawn_app().await;
    let first = app.file_default().await;
    let second = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &second, json!({"action": "accept"}))
        .await;
    app.act_ok(
        &officer,
        &second,
        json!({"action": "submit_atr", "text": "Pipeline repaired on site"}),
    )
    .await;
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);

    // Someone with database access rewrites what the ATR said.
    sqlx::query("UPDATE events SET payload = REPLACE(payload, 'repaired', 'inspected') WHERE action = 'submit_atr'")
        .execute(app.store.pool())
        .await
        .unwrap();
    let report = app.store.verify_chains().await.unwrap();
    let broken = report.first_broken.expect("tampering must be detected");
    assert!(
        broken.contains(&second) && broken.contains("#4") && broken.contains("altered"),
        "{broken}"
    );

    // Deleting an event is found too, on the other case.
    sqlx::query("UPDATE events SET payload = REPLACE(payload, 'inspected', 'repaired') WHERE action = 'submit_atr'")
        .execute(app.store.pool())
        .await
        .unwrap();
    let id: i64 = sqlx::query_scalar("SELECT id FROM grievances WHERE regno = $1")
        .bind(first.clone())
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    sqlx::query("DELETE FROM events WHERE grievance_id = $1 AND seq = 1")
        .bind(id)
        .execute(app.store.pool())
        .await
        .unwrap();
    let broken = app
        .store
        .verify_chains()
        .await
        .unwrap()
        .first_broken
        .unwrap();
    assert!(broken.contains(&first), "{broken}");
}
