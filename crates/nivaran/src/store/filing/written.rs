//! A case as it is written: replayed through the lifecycle in memory (a new filing is a case
//! with no later steps; an imported one brings its history), then its row, departments and
//! chained events inserted many to a statement. Live filings and the historical import share
//! this, so what the import writes is what the live path would have written.

use crate::store::bulk::{BulkReport, HistoricalEvent, actor_label};
use crate::store::grievances::GrievanceRow;
use crate::store::master::MasterData;
use crate::store::requests::{Accepter, ActionRequest};
use crate::store::sql::Sql;
use crate::store::state_columns::{self, StateColumns};
use crate::store::stats::counted;
use crate::store::{Engine, Result, StoreError};
use nivaran_domain::Timestamp;
use nivaran_domain::chain::{self, EventContent, GENESIS_HASH};
use nivaran_domain::grievance::ValidGrievance;
use nivaran_domain::lifecycle::{self, Action, CaseState};
use nivaran_domain::message::Message;
use nivaran_domain::msg;
use nivaran_domain::regno::RegistrationNumber;
use nivaran_domain::routing::Route;
use sqlx::AnyConnection;

/// The reason recorded for a joint department named when the case was filed.
const JOINT_AT_FILING: &str = "Named by the operator when filing";

/// Rows per INSERT statement (SQLite allows 32,766 parameters a statement).
const GRIEVANCE_ROWS: usize = 200;
const EVENT_ROWS: usize = 1000;

/// An event computed in memory, before its case has an id.
struct PendingEvent {
    at: i64,
    /// The account that took the step (the filer's for the registration; none for the
    /// routing, which the system does, or for an imported step).
    actor_user_id: Option<i64>,
    actor: String,
    action: &'static str,
    from_status: &'static str,
    to_status: &'static str,
    /// The payload; `None` for the registration event, whose payload names the registration
    /// number (known once the case has its id).
    payload: Option<String>,
}

/// A case replayed in memory: its final row and its events.
pub(in crate::store) struct Replayed {
    pub valid: ValidGrievance,
    /// The account that filed it, if any.
    pub filed_by: Option<i64>,
    pub legacy_number: Option<String>,
    pub jurisdiction_id: i64,
    jurisdiction_code: String,
    pub district_id: Option<i64>,
    pub state_id: i64,
    state_code: String,
    pub category_id: i64,
    category_code: String,
    pub department_id: i64,
    pub kind: &'static str,
    pub filed_at: i64,
    pub first_due_date: String,
    pub due_at: i64,
    pub escalated_at: Option<i64>,
    pub updated_at: i64,
    pub state: CaseState,
    pub version: i64,
    events: Vec<PendingEvent>,
    /// Events that came from the history (not the registration and routing added here).
    historical: usize,
    /// Since when the deadline has stood still (a question to the citizen), if it has.
    paused_since: Option<Timestamp>,
    /// For each joint department's part: when it was added, its deadline, and when it was last
    /// escalated (its row's times; the state holds the rest).
    part_times: Vec<PartTimes>,
}

/// A part's times, as its `case_parts` row keeps them.
struct PartTimes {
    department: i64,
    added_at: i64,
    due_at: i64,
    escalated_at: Option<i64>,
}

/// What a refused step of a case's history says (the steps' own errors are a field's or the
/// lifecycle's).
fn refusal(e: StoreError) -> Message {
    match e {
        StoreError::Invalid(e) => msg!("store-filing-field-refused", field = e.field)
            .nested("detail", e.message.field_as_written()),
        StoreError::Lifecycle(e) => e.message(),
        StoreError::MasterData(message) | StoreError::Unsupported(message) => message,
        StoreError::Import { message, .. } => message,
        other => msg!("store-filing-refused", detail = other.to_string()),
    }
}

/// Replays a validated case filed at `filed_at` by `filer` (the label of its registration
/// event), with its later `events`. A new filing is a case with no later events.
pub(in crate::store) fn replay_valid(
    master: &MasterData,
    valid: ValidGrievance,
    legacy_number: Option<String>,
    filed_at: Timestamp,
    history: &[HistoricalEvent],
    filer: String,
    filed_by: Option<i64>,
) -> std::result::Result<Replayed, Message> {
    let jurisdiction = master
        .jurisdiction_by_code(&valid.jurisdiction_code)
        .ok_or_else(|| {
            msg!(
                "store-filing-no-jurisdiction",
                code = &valid.jurisdiction_code
            )
        })?;
    let category = master
        .category_by_code(&valid.category_code)
        .ok_or_else(|| msg!("store-filing-no-category", code = &valid.category_code))?;
    let state_id = jurisdiction.state_id.unwrap_or(jurisdiction.id);
    let state_code = master
        .jurisdictions
        .get(&state_id)
        .map(|s| s.code.clone())
        .unwrap_or_default();
    let kind = valid
        .kind
        .unwrap_or_else(|| master.category_kind(category.id))
        .code();
    let deadline = master.deadline_rule(category.id, state_id);
    let due_date = deadline.due_date(filed_at.ist_date());
    let mut r = Replayed {
        filed_by,
        legacy_number,
        jurisdiction_id: jurisdiction.id,
        jurisdiction_code: jurisdiction.code.clone(),
        district_id: jurisdiction.district_id,
        state_id,
        state_code,
        category_id: category.id,
        category_code: category.code.clone(),
        department_id: category.department_id,
        kind,
        filed_at: filed_at.0,
        first_due_date: due_date.to_string(),
        due_at: Timestamp::end_of_ist_day(due_date).0,
        escalated_at: None,
        updated_at: filed_at.0,
        state: CaseState::received(),
        version: 0,
        events: vec![PendingEvent {
            at: filed_at.0,
            actor_user_id: filed_by,
            actor: filer,
            action: "register",
            from_status: "",
            to_status: "received",
            payload: None,
        }],
        historical: history.len(),
        paused_since: None,
        part_times: Vec::new(),
        valid,
    };
    let filer_label = r.events[0].actor.clone();
    let apply = |r: &mut Replayed, action: &Action, actor: String, at: Timestamp| {
        let lifecycle::Step {
            state: next,
            renewed_due: renewed,
        } = lifecycle::step(
            &r.state,
            action,
            at,
            master,
            &deadline,
            lifecycle::Clock {
                due: Timestamp(r.due_at),
                paused_since: r.paused_since,
            },
        )
        .map_err(|e| {
            msg!(
                "store-filing-step-refused",
                action = action.code(),
                at = at.to_rfc3339()
            )
            .nested("detail", e.message())
        })?;
        // A question to the citizen pauses the deadline until the reply, as in the live path.
        if matches!(action, Action::AskClarification { .. }) {
            r.paused_since = Some(at);
        } else if lifecycle::deadline_runs(next.status) {
            r.paused_since = None;
        }
        // A new round of work gets a new deadline, as in the live path.
        if let Some(due) = renewed {
            r.due_at = due.0;
            r.escalated_at = None;
        }
        // The sweep notes when it escalated, to count the next level's window from it.
        if let Action::Escalate { manual: false } = action {
            r.escalated_at = Some(at.0);
        }
        // A part added runs against its own deadline from then, as in the live path.
        if let Action::AddJointDepartment {
            department,
            office: Some(_),
            ..
        } = action
        {
            r.part_times.push(PartTimes {
                department: *department,
                added_at: at.0,
                due_at: deadline.due_at(at).0,
                escalated_at: None,
            });
        }
        if let Action::PartEscalate { department, .. } = action
            && let Some(times) = r
                .part_times
                .iter_mut()
                .find(|t| t.department == *department)
        {
            times.escalated_at = Some(at.0);
        }
        r.events.push(PendingEvent {
            at: at.0,
            actor_user_id: None,
            actor,
            action: action.code(),
            from_status: r.state.status.code(),
            to_status: next.status.code(),
            payload: Some(crate::store::grievances::step_payload(
                action, &next, renewed,
            )),
        });
        r.state = next;
        r.version += 1;
        r.updated_at = at.0;
        Ok::<(), Message>(())
    };
    let explicit_assign = matches!(
        history.first().map(|e| &e.request),
        Some(ActionRequest::Assign { .. })
    );
    if !explicit_assign {
        let route = if r.valid.unlocated {
            master.nodal_for(r.jurisdiction_id).map(Route::Unrouted)
        } else {
            master.route(r.category_id, r.jurisdiction_id)
        }
        .ok_or_else(|| msg!("store-filing-no-nodal-office"))?;
        let action = match route {
            Route::Office(office) => Action::Assign {
                office,
                unrouted: false,
            },
            Route::Unrouted(office) => Action::Assign {
                office,
                unrouted: true,
            },
        };
        apply(&mut r, &action, "system".into(), filed_at)?;
    }
    // The departments an operator named at filing get their parts, routed as a case is.
    for code in r.valid.joint_departments.clone() {
        let department = master
            .department_by_code(&code)
            .ok_or_else(|| msg!("store-requests-no-department", code = code.as_str()))?
            .id;
        let office =
            crate::store::parts::office_for(master, department, r.category_id, r.jurisdiction_id)
                .map_err(refusal)?;
        let action = Action::AddJointDepartment {
            department,
            office: Some(office),
            reason: JOINT_AT_FILING.into(),
        };
        apply(&mut r, &action, filer_label.clone(), filed_at)?;
    }
    let mut previous = filed_at;
    for (n, event) in history.iter().enumerate() {
        if event.at < previous {
            return Err(msg!("store-filing-event-out-of-order", n = n));
        }
        previous = event.at;
        // An imported case has no files, so an ATR can name no documents. An officer named as
        // the actor of an acceptance holds the case, as in the live path.
        let accepter = event
            .actor
            .as_deref()
            .and_then(|username| master.person_by_username(username))
            .map(|p| Accepter {
                user_id: p.id,
                office_id: p.office_id,
            });
        let mut steps = event
            .request
            .to_steps(master, &r.state, Vec::new(), accepter)
            .map_err(|e| msg!("store-filing-event-refused", n = n).nested("detail", refusal(e)))?;
        // A joint department gets its part at the office routing gives it, as in the live path.
        if let Some(Action::AddJointDepartment {
            department, office, ..
        }) = steps.first_mut()
            && office.is_none()
        {
            *office = Some(
                crate::store::parts::office_for(
                    master,
                    *department,
                    r.category_id,
                    r.jurisdiction_id,
                )
                .map_err(|e| {
                    msg!("store-filing-event-refused", n = n).nested("detail", refusal(e))
                })?,
            );
        }
        for action in &steps {
            apply(
                &mut r,
                action,
                actor_label(event.actor.as_deref()),
                event.at,
            )
            .map_err(|e| msg!("store-filing-event-step-refused", n = n).nested("detail", e))?;
        }
    }
    Ok(r)
}

/// The registration event's payload, as the live path writes it.
fn register_payload(r: &Replayed, regno: &str) -> String {
    let v = &r.valid;
    serde_json::json!({
        "action": "register",
        "registration_number": regno,
        "legacy_number": r.legacy_number,
        "external_system": v.external.as_ref().map(|x| x.system.code()),
        "external_reference": v.external.as_ref().map(|x| x.reference.as_str()),
        "citizen_name": v.name_as_kept(),
        "mobile": v.mobile_as_kept(),
        "email": v.email,
        "address": v.address,
        "jurisdiction": r.jurisdiction_code,
        "latitude": v.location.map(|l| l.latitude),
        "longitude": v.location.map(|l| l.longitude),
        "kind": r.kind,
        "category": r.category_code,
        "subject": v.subject,
        "description": v.description,
        "channel": v.channel.code(),
        "priority": v.priority.code(),
        "language": v.language.code(),
        "due_date": r.first_due_date,
        "limit_override_reason": v.limit_override_reason,
    })
    .to_string()
}

/// Writes replayed cases: rows, departments and chained events, many to a statement. Returns
/// each case's id and registration number.
pub(in crate::store) async fn write_cases(
    conn: &mut AnyConnection,
    engine: Engine,
    master: &MasterData,
    cases: &[Replayed],
    report: &mut BulkReport,
) -> Result<Vec<(i64, String)>> {
    let ids = engine.reserve_case_ids(conn, cases.len()).await?;
    let regnos: Vec<String> = cases
        .iter()
        .zip(&ids)
        .map(|(r, id)| {
            RegistrationNumber::new(
                &r.state_code,
                Timestamp(r.filed_at).ist_date().year(),
                *id as u64,
            )
            .to_string()
        })
        .collect();
    for (chunk_start, chunk) in cases.chunks(GRIEVANCE_ROWS).enumerate() {
        let mut sql = Sql::many(
            engine,
            &format!(
                "INSERT INTO grievances (id, regno, legacy_number, citizen_name, mobile, email, address, \
                 jurisdiction_id, district_id, state_id, latitude, longitude, kind, category_id, department_id, \
                 subject, description, channel, priority, language, external_system, external_reference, \
                 {}, filed_at, due_at, updated_at, version, escalated_at, filed_by) VALUES ",
                state_columns::NAMES.join(", ")
            ),
        );
        for (i, r) in chunk.iter().enumerate() {
            let index = chunk_start * GRIEVANCE_ROWS + i;
            let v = &r.valid;
            let s = &r.state;
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(ids[index]).push(", ");
            sql.bind(regnos[index].clone()).push(", ");
            sql.bind(r.legacy_number.clone()).push(", ");
            sql.bind(v.name_as_kept().to_string()).push(", ");
            sql.bind(v.mobile_as_kept().to_string()).push(", ");
            sql.bind(v.email.as_ref().map(|e| e.as_str().to_string()))
                .push(", ");
            sql.bind(v.address.as_ref().map(|a| a.as_str().to_string()))
                .push(", ");
            sql.bind(r.jurisdiction_id).push(", ");
            sql.bind(r.district_id).push(", ");
            sql.bind(r.state_id).push(", ");
            sql.bind(v.location.map(|l| l.latitude)).push(", ");
            sql.bind(v.location.map(|l| l.longitude)).push(", ");
            sql.bind(r.kind.to_string()).push(", ");
            sql.bind(r.category_id).push(", ");
            sql.bind(r.department_id).push(", ");
            sql.bind(v.subject.as_str().to_string()).push(", ");
            sql.bind(v.description.as_str().to_string()).push(", ");
            sql.bind(v.channel.code().to_string()).push(", ");
            sql.bind(v.priority.code().to_string()).push(", ");
            sql.bind(v.language.code().to_string()).push(", ");
            sql.bind(v.external.as_ref().map(|x| x.system.code().to_string()))
                .push(", ");
            sql.bind(v.external.as_ref().map(|x| x.reference.clone()))
                .push(", ");
            StateColumns::of(s).bind(&mut sql);
            sql.push(", ");
            sql.bind(r.filed_at).push(", ");
            sql.bind(r.due_at).push(", ");
            sql.bind(r.updated_at).push(", ");
            sql.bind(r.version).push(", ");
            sql.bind(r.escalated_at).push(", ");
            sql.bind(r.filed_by).push(")");
        }
        let (text, args) = sql.into_parts();
        sqlx::query_with(sqlx::AssertSqlSafe(text), args)
            .execute(&mut *conn)
            .await?;
    }
    // The counted figures, in the same transaction (each case as written).
    let mut deltas = counted::Deltas::new();
    for r in cases {
        let columns = StateColumns::of(&r.state);
        let facts = counted::facts_with_state(
            counted::facts::CaseFacts {
                state_id: r.state_id,
                district_id: r.district_id,
                department_id: r.department_id,
                category_id: r.category_id,
                channel: r.valid.channel.code(),
                filed_at: r.filed_at,
                due_at: r.due_at,
                status: "",
                duplicate_of: None,
                reopen_count: 0,
                eta: None,
                atr_submitted: 0,
                disposal: None,
                disposed_at: None,
                verification: None,
                parts_pending: false,
            },
            &columns,
            &r.state.parts,
            r.due_at,
        );
        deltas.count(&facts, 1, &master.rts_categories);
    }
    deltas.write(conn, engine).await?;
    // Joint departments.
    let joint: Vec<(i64, i64)> = cases
        .iter()
        .zip(&ids)
        .flat_map(|(r, id)| r.state.joint_departments.iter().map(move |d| (*id, *d)))
        .collect();
    for chunk in joint.chunks(EVENT_ROWS) {
        let mut sql = Sql::many(
            engine,
            "INSERT INTO grievance_departments (grievance_id, department_id) VALUES ",
        );
        for (i, (g, d)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(*g).push(", ").bind(*d).push(")");
        }
        let (text, args) = sql.into_parts();
        sqlx::query_with(sqlx::AssertSqlSafe(text), args)
            .execute(&mut *conn)
            .await?;
    }
    // Joint departments' parts, with their own deadlines.
    let parts: Vec<(i64, &lifecycle::Part, &PartTimes, bool)> = cases
        .iter()
        .zip(&ids)
        .flat_map(|(r, id)| {
            r.state.parts.iter().filter_map(move |p| {
                r.part_times
                    .iter()
                    .find(|t| t.department == p.department)
                    .map(|t| (*id, p, t, r.state.status.is_open()))
            })
        })
        .collect();
    for chunk in parts.chunks(GRIEVANCE_ROWS) {
        let mut sql = Sql::many(
            engine,
            "INSERT INTO case_parts (grievance_id, department_id, office_id, status, holder_user_id, eta, \
             forwarded_to_id, escalation_level, escalated_to_id, due_at, escalated_at, added_at, updated_at, case_open) VALUES ",
        );
        for (i, (g, p, t, open)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(*g).push(", ");
            sql.bind(p.department).push(", ");
            sql.bind(p.office).push(", ");
            sql.bind(p.status.code().to_string()).push(", ");
            sql.bind(p.holder).push(", ");
            sql.bind(p.eta.map(|e| e.0)).push(", ");
            sql.bind(p.forwarded_to).push(", ");
            sql.bind(i64::from(p.escalation_level)).push(", ");
            sql.bind(p.escalated_to).push(", ");
            sql.bind(t.due_at).push(", ");
            sql.bind(t.escalated_at).push(", ");
            sql.bind(t.added_at).push(", ");
            sql.bind(t.added_at).push(", ");
            sql.bind(i64::from(*open)).push(")");
        }
        let (text, args) = sql.into_parts();
        sqlx::query_with(sqlx::AssertSqlSafe(text), args)
            .execute(&mut *conn)
            .await?;
    }
    // Events, chained per case.
    let mut rows: Vec<(i64, i64, &PendingEvent, String, String, String)> = Vec::new();
    for ((r, id), regno) in cases.iter().zip(&ids).zip(&regnos) {
        let mut prev = GENESIS_HASH.to_string();
        for (n, e) in r.events.iter().enumerate() {
            let seq = n as i64 + 1;
            let payload = match &e.payload {
                Some(p) => p.clone(),
                None => register_payload(r, regno),
            };
            let hash = chain::event_hash(
                &prev,
                &EventContent {
                    grievance_id: *id,
                    seq,
                    at_millis: e.at,
                    actor: &e.actor,
                    action: e.action,
                    from_status: e.from_status,
                    to_status: e.to_status,
                    payload: &payload,
                },
            );
            rows.push((*id, seq, e, payload, prev, hash.clone()));
            prev = hash;
        }
        report.events += r.historical;
    }
    for chunk in rows.chunks(EVENT_ROWS) {
        let mut sql = Sql::many(
            engine,
            "INSERT INTO events (grievance_id, seq, at, actor_user_id, actor, action, from_status, to_status, payload, prev_hash, hash) VALUES ",
        );
        for (i, (id, seq, e, payload, prev, hash)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(*id).push(", ");
            sql.bind(*seq).push(", ");
            sql.bind(e.at).push(", ");
            sql.bind(e.actor_user_id).push(", ");
            sql.bind(e.actor.clone()).push(", ");
            sql.bind(e.action.to_string()).push(", ");
            sql.bind(e.from_status.to_string()).push(", ");
            sql.bind(e.to_status.to_string()).push(", ");
            sql.bind(payload.clone()).push(", ");
            sql.bind(prev.clone()).push(", ");
            sql.bind(hash.clone()).push(")");
        }
        let (text, args) = sql.into_parts();
        sqlx::query_with(sqlx::AssertSqlSafe(text), args)
            .execute(&mut *conn)
            .await?;
    }
    report.grievances += cases.len();
    report.registration_numbers.extend(regnos.iter().cloned());
    Ok(ids.into_iter().zip(regnos).collect())
}

/// The row a replayed case was written as.
pub(in crate::store) fn row_of(r: &Replayed, id: i64, regno: String) -> GrievanceRow {
    let v = &r.valid;
    let mut row = GrievanceRow {
        id,
        regno: Some(regno),
        legacy_number: r.legacy_number.clone(),
        citizen_name: v.name_as_kept().to_string(),
        mobile: v.mobile_as_kept().to_string(),
        external_system: v.external.as_ref().map(|x| x.system.code().to_string()),
        external_reference: v.external.as_ref().map(|x| x.reference.clone()),
        email: v.email.as_ref().map(|e| e.as_str().to_string()),
        address: v.address.as_ref().map(|a| a.as_str().to_string()),
        jurisdiction_id: r.jurisdiction_id,
        district_id: r.district_id,
        state_id: r.state_id,
        latitude: v.location.map(|l| l.latitude),
        longitude: v.location.map(|l| l.longitude),
        kind: r.kind.to_string(),
        category_id: r.category_id,
        department_id: r.department_id,
        subject: v.subject.as_str().to_string(),
        description: v.description.as_str().to_string(),
        channel: v.channel.code().to_string(),
        priority: v.priority.code().to_string(),
        language: v.language.code().to_string(),
        filed_at: r.filed_at,
        due_at: r.due_at,
        updated_at: r.updated_at,
        version: r.version,
        ..GrievanceRow::default()
    };
    StateColumns::of(&r.state).write_into(&mut row);
    row
}
