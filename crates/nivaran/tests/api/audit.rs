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
        broken.contains(&second) && broken.contains("#5") && broken.contains("altered"),
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

/// Files a case and works it a few steps; returns its number and id.
async fn worked_case(app: &TestApp) -> (String, i64) {
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "submit_atr", "text": "Pipeline repaired on site"}),
    )
    .await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM grievances WHERE regno = $1")
        .bind(regno.clone())
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    (regno, id)
}

#[tokio::test]
async fn a_deleted_last_event_or_a_changed_record_is_found() {
    let app = spawn_app().await;
    let (regno, id) = worked_case(&app).await;
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);
    // The ATR's event removed from the end of the chain (no link breaks): the record says more
    // happened than the events do.
    let (payload, hash): (String, String) = sqlx::query_as(
        "SELECT payload, hash FROM events WHERE grievance_id = $1 AND action = 'submit_atr'",
    )
    .bind(id)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    sqlx::query("DELETE FROM events WHERE grievance_id = $1 AND action = 'submit_atr'")
        .bind(id)
        .execute(app.store.pool())
        .await
        .unwrap();
    let broken = app.store.verify_chains().await.unwrap().first_broken;
    let broken = broken.expect("a removed last event must be found");
    assert!(
        broken.contains(&regno) && broken.contains("its events make it"),
        "{broken}"
    );
    // Put back, then the record's status changed behind the log.
    sqlx::query(
        "INSERT INTO events (grievance_id, seq, at, actor, action, from_status, to_status, payload, prev_hash, hash) \
         SELECT $1, 5, at, actor, 'submit_atr', 'in_progress', 'atr_submitted', $2, hash, $3 FROM events WHERE grievance_id = $1 AND seq = 4",
    )
    .bind(id)
    .bind(payload)
    .bind(hash)
    .execute(app.store.pool())
    .await
    .unwrap();
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);
    sqlx::query("UPDATE grievances SET status = 'disposed', disposal = 'relief' WHERE id = $1")
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
    assert!(
        broken.contains("disposed") && broken.contains("atr_submitted"),
        "{broken}"
    );
    sqlx::query("UPDATE grievances SET status = 'atr_submitted', disposal = NULL WHERE id = $1")
        .bind(id)
        .execute(app.store.pool())
        .await
        .unwrap();
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);
    // The citizen's mobile number changed (to read the case as someone else).
    sqlx::query("UPDATE grievances SET mobile = '9000000001' WHERE id = $1")
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
    assert!(
        broken.contains("mobile") && broken.contains("9000000001"),
        "{broken}"
    );
}

#[tokio::test]
async fn a_rewritten_history_is_found_against_the_signed_checkpoints() {
    use nivaran::audit_log::{self, AuditLogConfig};
    use nivaran_domain::chain::{EventContent, event_hash, log_head};
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let config = AuditLogConfig {
        signing_key: Some(dir.path().join("signing.key")),
        checkpoint_file: Some(dir.path().join("checkpoints.jsonl")),
        emails: vec!["auditor@example.gov.in".into()],
        ..Default::default()
    };
    let (regno, id) = worked_case(&app).await;
    app.file_default().await;
    let made = audit_log::checkpoint_now(&app.store, &config, dir.path())
        .await
        .unwrap()
        .expect("a checkpoint");
    // Two cases: registered, assigned, accepted (and held by the accepting officer), ATR; and
    // registered, assigned.
    assert_eq!(made.pos, 7);
    let key = audit_log::trusted_key(None, &config, dir.path()).unwrap();
    let verify = |key| {
        let app = &app;
        let file = config.checkpoint_path(dir.path());
        async move {
            let (outside, inside) = audit_log::checkpoints_outside_and_inside(&app.store, &file)
                .await
                .unwrap();
            audit_log::verify_log(&app.store, &outside, &inside, key)
                .await
                .unwrap()
        }
    };
    let clean = verify(key.as_ref()).await;
    assert!(clean.problems.is_empty(), "{:?}", clean.problems);
    assert_eq!(clean.checkpoints_verified, 1);
    // It went out by e-mail too, and is public.
    let mailed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND recipient = 'auditor@example.gov.in'",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(mailed, 1);
    let public: serde_json::Value = app
        .client
        .get(format!("{}/public/audit/checkpoints", app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public["checkpoints"][0]["head"], made.head.as_str());
    assert_eq!(public["public_key"], made.public_key.as_str());

    // Someone rewrites the ATR and re-hashes the case's chain after it: the chain is whole
    // again and the record still replays…
    /// id, seq, at, actor, action, from, to, payload
    type EventRow = (i64, i64, i64, String, String, String, String, String);
    let events: Vec<EventRow> = sqlx::query_as(
        "SELECT id, seq, at, actor, action, from_status, to_status, payload FROM events WHERE grievance_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    let mut prev = nivaran_domain::chain::GENESIS_HASH.to_string();
    let mut changed_id = 0;
    for (event_id, seq, at, actor, action, from, to, payload) in events {
        let payload = if action == "submit_atr" {
            changed_id = event_id;
            payload.replace("repaired", "inspected")
        } else {
            payload
        };
        let hash = event_hash(
            &prev,
            &EventContent {
                grievance_id: id,
                seq,
                at_millis: at,
                actor: &actor,
                action: &action,
                from_status: &from,
                to_status: &to,
                payload: &payload,
            },
        );
        sqlx::query("UPDATE events SET payload = $1, prev_hash = $2, hash = $3 WHERE id = $4")
            .bind(payload)
            .bind(prev.clone())
            .bind(hash.clone())
            .bind(event_id)
            .execute(app.store.pool())
            .await
            .unwrap();
        prev = hash;
    }
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);
    // …but the log names the event, its case and time.
    let report = verify(key.as_ref()).await;
    let first = report.problems.first().expect("found");
    assert!(
        first.contains(&format!("event {changed_id}"))
            && first.contains(&regno)
            && first.contains("changed after it was logged"),
        "{:?}",
        report.problems
    );
    // And rewriting the log's entries to match (heads recomputed) does not help: the signed
    // checkpoint says otherwise.
    let entries: Vec<(i64, i64, i64)> =
        sqlx::query_as("SELECT pos, event_id, grievance_id FROM log_entries ORDER BY pos")
            .fetch_all(app.store.pool())
            .await
            .unwrap();
    let mut head = nivaran_domain::chain::LOG_GENESIS.to_string();
    for (pos, event_id, grievance_id) in entries {
        let hash: String = sqlx::query_scalar("SELECT hash FROM events WHERE id = $1")
            .bind(event_id)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        head = log_head(&head, pos, event_id, grievance_id, &hash);
        sqlx::query("UPDATE log_entries SET event_hash = $1, head = $2 WHERE pos = $3")
            .bind(hash)
            .bind(head.clone())
            .bind(pos)
            .execute(app.store.pool())
            .await
            .unwrap();
    }
    // The database's own copy of the checkpoint rewritten too; the file's is outside its reach.
    sqlx::query("UPDATE audit_checkpoints SET head = $1")
        .bind(head.clone())
        .execute(app.store.pool())
        .await
        .unwrap();
    let report = verify(key.as_ref()).await;
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("differs from the checkpoint signed at")),
        "{:?}",
        report.problems
    );
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("not signed by the key")),
        "the altered database copy fails its signature: {:?}",
        report.problems
    );
}

#[tokio::test]
async fn the_worker_logs_new_events_and_signs_a_checkpoint_every_so_often() {
    use nivaran::audit_log::{self, AuditLogConfig};
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let config = AuditLogConfig {
        checkpoint_minutes: 10,
        ..Default::default()
    };
    app.file_default().await;
    let first = audit_log::advance(&app.store, &config, dir.path())
        .await
        .unwrap()
        .expect("the first checkpoint");
    assert_eq!(first.pos, 2);
    assert!(dir.path().join("audit-checkpoints.jsonl").exists());
    app.file_default().await;
    // Logged at once, signed only when the interval has passed.
    assert!(
        audit_log::advance(&app.store, &config, dir.path())
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(app.store.log_tip().await.unwrap().0, 4);
    app.clock.advance_millis(11 * 60_000);
    let second = audit_log::advance(&app.store, &config, dir.path())
        .await
        .unwrap()
        .expect("the second checkpoint");
    assert_eq!(second.pos, 4);
}

#[tokio::test]
async fn a_node_with_a_key_of_its_own_does_not_sign() {
    use nivaran::audit_log::{self, AuditLogConfig};
    let app = spawn_app().await;
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let config = AuditLogConfig::default();
    app.file_default().await;
    audit_log::checkpoint_now(&app.store, &config, first.path())
        .await
        .unwrap()
        .expect("signed by the first node");
    app.file_default().await;
    // The second node made its own key in its own data directory: it may not sign.
    let refused = audit_log::checkpoint_now(&app.store, &config, second.path())
        .await
        .unwrap_err();
    assert!(refused.contains("not the deployment's"), "{refused}");
    // Given the deployment's key, it signs.
    std::fs::copy(
        first.path().join("audit-signing.key"),
        second.path().join("audit-signing.key"),
    )
    .unwrap();
    assert!(
        audit_log::checkpoint_now(&app.store, &config, second.path())
            .await
            .unwrap()
            .is_some()
    );
}
