//! Random action sequences through the real API: whatever is tried, nothing answers 5xx, no
//! illegal state is stored, every chain verifies, and replaying a case's events through the
//! domain rebuilds exactly the stored case.

use crate::helpers::*;
use nivaran_domain::Timestamp;
use nivaran_domain::lifecycle::{self, Action, CaseState};
use serde_json::{Value, json};

/// A small deterministic generator, so a failure can be replayed from its seed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn candidate_actions() -> Vec<Value> {
    vec![
        json!({"action": "accept"}),
        json!({"action": "declare_eta", "eta": "2027-01-15", "reason": "Pipe to come from the circle store"}),
        json!({"action": "assign_officer", "officer": "officer.phed.rewari.block", "reason": "Block officer to see it through"}),
        json!({"action": "assign_officer", "officer": "supervisor.phed.rewari", "reason": "The EE takes it himself"}),
        json!({"action": "ask_clarification", "question": "Which street exactly?"}),
        json!({"action": "receive_clarification", "answer": "Near the temple"}),
        json!({"action": "forward", "office": "PHED-REWARI-BL-KHOL", "instructions": "Inspect and report"}),
        json!({"action": "return_report", "report": "Inspected, valve broken"}),
        json!({"action": "transfer", "office": "PHED-REWARI-BL-BAWAL", "reason": "Belongs to Bawal block"}),
        json!({"action": "transfer", "office": "PHED-REWARI", "reason": "District office must handle"}),
        json!({"action": "add_joint_department", "department": "POWER", "reason": "Tubewell has no power"}),
        json!({"action": "part_accept", "department": "POWER"}),
        json!({"action": "part_submit_atr", "department": "POWER", "text": "Feeder repaired"}),
        json!({"action": "part_return_atr", "department": "POWER", "reason": "Feeder still trips"}),
        json!({"action": "part_remind", "department": "POWER", "text": "Please report this week"}),
        json!({"action": "part_waive", "department": "POWER", "reason": "Supply is not the cause"}),
        json!({"action": "submit_atr", "text": "Valve replaced, supply restored"}),
        json!({"action": "approve_atr"}),
        json!({"action": "return_atr", "reason": "Attach photographs"}),
        json!({"action": "request_special_close", "reason": "Scheme project pending"}),
        json!({"action": "approve_special_close"}),
        json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored"}),
        json!({"action": "dispose", "kind": "special_close", "remarks": "Covered by the scheme"}),
        json!({"action": "record_verification", "outcome": "not_satisfied"}),
        json!({"action": "record_verification", "outcome": "satisfied"}),
        json!({"action": "reopen", "reason": "Water still not coming"}),
        json!({"action": "appeal", "reason": "Disposal was wrong"}),
        json!({"action": "close"}),
        json!({"action": "escalate"}),
    ]
}

#[tokio::test]
async fn random_walks_never_break_a_case_or_its_chain() {
    let app = spawn_app().await;
    let users = [
        "officer.phed.rewari.block",
        "officer.power.rewari.block",
        "officer.phed.khol",
        "officer.phed.bawal",
        "officer.phed.rewari",
        "supervisor.phed.rewari",
        "supervisor.phed.haryana",
        "verifier",
        "operator.rewari",
    ];
    let mut regnos = Vec::new();
    // Enough cases that a few transferred out of reach early leave the walk something to do.
    for _ in 0..6 {
        regnos.push(app.file_default().await);
    }
    let actions = candidate_actions();
    let mut rng = Lcg(20261122);
    let mut applied = 0;
    let mut tokens = Vec::new();
    for step in 0..600 {
        if step % 40 == 39 {
            app.clock.advance_days(rng.next(12) as i64);
            tokens.clear(); // sessions expire as days pass
        }
        if tokens.is_empty() {
            for u in users {
                tokens.push(app.login(u).await);
            }
        }
        let regno = &regnos[rng.next(regnos.len())];
        let user = rng.next(users.len());
        let action = &actions[rng.next(actions.len())];
        let response = app.act(&tokens[user], regno, action.clone()).await;
        let status = response.status().as_u16();

        assert!(
            matches!(status, 200 | 403 | 404 | 409 | 422),
            "{} {action} → {status}",
            users[user]
        );
        if status == 200 {
            applied += 1;
        }
    }
    assert!(
        applied > 15,
        "the walk should get somewhere: {applied} actions applied"
    );
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);
    // Every step kept the dashboards' pre-counted figures with the cases.
    let recount = app.store.recount_figures(false).await.unwrap();
    assert_eq!(recount.differences, 0, "{recount:?}");

    // Replay each case's events through the domain and compare with what is stored.
    let master = app.store.master();
    for regno in &regnos {
        let id: i64 = sqlx::query_scalar("SELECT id FROM grievances WHERE regno = $1")
            .bind(regno.clone())
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        let events: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT at, action, payload FROM events WHERE grievance_id = $1 ORDER BY seq",
        )
        .bind(id)
        .fetch_all(app.store.pool())
        .await
        .unwrap();
        let mut state = CaseState::received();
        for (at, action, payload) in events {
            if action == "register" || action == "add_attachment" {
                continue;
            }
            let action: Action = serde_json::from_str(&payload).unwrap();
            state = lifecycle::apply(&state, &action, Timestamp(at), master.as_ref()).unwrap();
        }
        let admin = app.login("admin").await;
        let stored = app.case(&admin, regno).await["grievance"].clone();
        assert_eq!(stored["status"], state.status.code(), "{regno}");
        assert_eq!(
            stored["holding_office"]["code"]
                .as_str()
                .map(str::to_string),
            master.office_code(state.holding_office)
        );
        assert_eq!(stored["transfer_count"], state.transfer_count as i64);
        assert_eq!(stored["reopen_count"], state.reopen_count as i64);
        assert_eq!(stored["escalation_level"], state.escalation_level as i64);
        assert_eq!(
            stored["disposal"].as_str(),
            state.disposal.map(|d| d.code())
        );
        let parts: Vec<&str> = stored["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["status"].as_str().unwrap())
            .collect();
        let replayed: Vec<&str> = state.parts.iter().map(|p| p.status.code()).collect();
        assert_eq!(parts, replayed, "{regno}");
    }
}
