//! A case's record: loading its row and the head of its chain, applying a lifecycle step to
//! both (the row's columns and a chained event), and reading its timeline back.

use super::*;

/// Loads a case with its joint departments and the head of its event chain.
pub(in crate::store) async fn load_case(conn: &mut AnyConnection, id: i64) -> Result<LoadedCase> {
    let sql = format!("SELECT {GRIEVANCE_COLUMNS} FROM grievances WHERE id = $1");
    let row: GrievanceRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("grievance"))?;
    let joint: Vec<i64> = sqlx::query_scalar(
        "SELECT department_id FROM grievance_departments WHERE grievance_id = $1 ORDER BY department_id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let head: Option<(i64, String)> = sqlx::query_as(
        "SELECT seq, hash FROM events WHERE grievance_id = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let (last_seq, last_hash) = head.unwrap_or((0, GENESIS_HASH.to_string()));
    let parts = crate::store::parts::load_one(&mut *conn, id).await?;
    let mut state = row.case_state(joint);
    state.parts = parts.iter().map(|p| p.part()).collect();
    Ok(LoadedCase {
        row,
        state,
        parts,
        last_seq,
        last_hash,
    })
}

/// Loads many cases at once (three statements however many), in id order.
pub(in crate::store) async fn load_cases(
    conn: &mut AnyConnection,
    engine: Engine,
    ids: &[i64],
) -> Result<Vec<LoadedCase>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::many(
        engine,
        &format!("SELECT {GRIEVANCE_COLUMNS} FROM grievances WHERE id IN "),
    );
    sql.bind_in(ids).push(" ORDER BY id");
    let (text, args) = sql.into_parts();
    let rows: Vec<GrievanceRow> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
        .fetch_all(&mut *conn)
        .await?;
    let mut sql = Sql::many(
        engine,
        "SELECT grievance_id, department_id FROM grievance_departments WHERE grievance_id IN ",
    );
    sql.bind_in(ids)
        .push(" ORDER BY grievance_id, department_id");
    let (text, args) = sql.into_parts();
    let joint: Vec<(i64, i64)> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
        .fetch_all(&mut *conn)
        .await?;
    let mut sql = Sql::many(
        engine,
        "SELECT e.grievance_id, e.seq, e.hash FROM events e WHERE e.grievance_id IN ",
    );
    sql.bind_in(ids)
        .push(" AND e.seq = (SELECT MAX(seq) FROM events WHERE grievance_id = e.grievance_id)");
    let (text, args) = sql.into_parts();
    let heads: std::collections::HashMap<i64, (i64, String)> =
        sqlx::query_as_with::<_, (i64, i64, String), _>(sqlx::AssertSqlSafe(text), args)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|(id, seq, hash)| (id, (seq, hash)))
            .collect();
    let all_parts = crate::store::parts::load(&mut *conn, engine, ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let departments = joint
                .iter()
                .filter(|(g, _)| *g == row.id)
                .map(|(_, d)| *d)
                .collect();
            let (last_seq, last_hash) = heads
                .get(&row.id)
                .cloned()
                .unwrap_or((0, GENESIS_HASH.to_string()));
            let parts: Vec<_> = all_parts
                .iter()
                .filter(|p| p.grievance_id == row.id)
                .cloned()
                .collect();
            let mut state = row.case_state(departments);
            state.parts = parts.iter().map(|p| p.part()).collect();
            LoadedCase {
                state,
                parts,
                row,
                last_seq,
                last_hash,
            }
        })
        .collect())
}

/// Applies `action` to `case` and records it: the row (guarded by its version), joint
/// departments, and a new chained event; the one case-writing path. Leaves `case` holding
/// the new state. The change to the counted figures is added to `figures`, which the caller
/// writes once before it commits: a transaction's rows written in key order, in one statement
/// per table. On PostgreSQL a row stays locked until the commit, and the state's rows are
/// shared by every case of the state: two transactions that each wrote case by case could
/// each hold a row the other waits for.
#[allow(clippy::too_many_arguments)] // each is a distinct part of one recorded change
pub(in crate::store) async fn apply_and_record(
    tx: &mut AnyConnection,
    master: &MasterData,
    case: &mut LoadedCase,
    action: &Action,
    actor: &Actor,
    at: Timestamp,
    expected_version: Option<i64>,
    notifications: Option<&Notifications>,
    figures: &mut counted::Deltas,
) -> Result<()> {
    // A case waiting for the citizen's clarification has its deadline paused since it asked.
    let paused_since = if lifecycle::deadline_runs(case.state.status) {
        None
    } else {
        sqlx::query_scalar::<_, Option<i64>>(
            "SELECT MAX(at) FROM events WHERE grievance_id = $1 AND action = 'ask_clarification'",
        )
        .bind(case.row.id)
        .fetch_one(&mut *tx)
        .await?
        .map(Timestamp)
    };
    let lifecycle::Step {
        state: next,
        renewed_due: new_due,
    } = lifecycle::step(
        &case.state,
        action,
        at,
        master,
        &master.deadline_rule(case.row.category_id, case.row.state_id),
        lifecycle::Clock {
            due: Timestamp(case.row.due_at),
            paused_since,
        },
    )?;
    let version = expected_version.unwrap_or(case.row.version);
    let due_before = case.row.due_at;
    if let Some(due) = new_due {
        sqlx::query("UPDATE grievances SET due_at = $1, escalated_at = NULL WHERE id = $2")
            .bind(due.0)
            .bind(case.row.id)
            .execute(&mut *tx)
            .await?;
        case.row.due_at = due.0;
    }
    let columns = crate::store::state_columns::StateColumns::of(&next);
    let mut update = Sql::new("UPDATE grievances SET ");
    columns.set(&mut update);
    update.push(", updated_at = ").bind(at.0);
    update
        .push(", version = version + 1 WHERE id = ")
        .bind(case.row.id);
    update.push(" AND version = ").bind(version);
    let (text, args) = update.into_parts();
    let updated = sqlx::query_with(sqlx::AssertSqlSafe(text), args)
        .execute(&mut *tx)
        .await?;
    if updated.rows_affected() == 0 {
        let current: i64 = sqlx::query_scalar("SELECT version FROM grievances WHERE id = $1")
            .bind(case.row.id)
            .fetch_one(&mut *tx)
            .await?;
        return Err(StoreError::Conflict { current });
    }
    // The counted figures change with the row, in the same transaction.
    let before = counted::facts_of_row(&case.row, &case.state.parts);
    figures.change(
        &counted::facts::CaseFacts {
            due_at: due_before,
            ..before
        },
        &counted::facts_with_state(before, &columns, &next.parts, case.row.due_at),
        master,
    );
    columns.apply_to(&mut case.row);
    for department in next
        .joint_departments
        .iter()
        .filter(|d| !case.state.joint_departments.contains(d))
    {
        sqlx::query(
            "INSERT INTO grievance_departments (grievance_id, department_id) VALUES ($1, $2)",
        )
        .bind(case.row.id)
        .bind(*department)
        .execute(&mut *tx)
        .await?;
    }
    if next.parts != case.state.parts {
        // A part added runs against the category's working days from now, as a case does.
        let due = master
            .deadline_rule(case.row.category_id, case.row.state_id)
            .due_at(at);
        crate::store::parts::save(
            tx,
            case.row.id,
            &case.state.parts,
            &next.parts,
            due,
            at,
            next.status.is_open(),
        )
        .await?;
        case.parts = crate::store::parts::load_one(tx, case.row.id).await?;
    }
    if !next.parts.is_empty() && next.status.is_open() != case.state.status.is_open() {
        crate::store::parts::mark_case_open(tx, case.row.id, next.status.is_open()).await?;
    }
    let payload = step_payload(action, &next, new_due);
    let seq = case.last_seq + 1;
    let from_status = case.state.status.code();
    let hash = append_event(
        tx,
        case.row.id,
        seq,
        &case.last_hash,
        at,
        actor,
        action.code(),
        case.state.status.code(),
        next.status.code(),
        &payload,
    )
    .await?;
    case.last_seq = seq;
    case.last_hash = hash;
    case.row.version = version + 1;
    case.row.status = next.status.code().to_string();
    case.row.holding_office_id = next.holding_office;
    case.row.forwarded_to_id = next.forwarded_to;
    case.row.escalated_to_id = next.escalated_to;
    case.state = next;
    // The citizen hears of the step in the same transaction that makes it.
    if let Some(notifications) = notifications {
        let part_office = action
            .part_department()
            .or(match action {
                Action::AddJointDepartment { department, .. } => Some(*department),
                _ => None,
            })
            .and_then(|d| case.state.part(d))
            .map(|p| p.office);
        crate::store::outbox::notify_citizen(
            tx,
            notifications,
            master,
            &case.row,
            action,
            part_office,
            seq,
            at,
        )
        .await?;
        // And the citizens of its linked duplicates and its followers.
        crate::store::duplicate_review::tell_the_joined(
            tx,
            notifications,
            master,
            &case.row,
            action,
            part_office,
            seq,
            at,
        )
        .await?;
        // And the part's office of what is asked of it.
        crate::store::parts::notify_part_office(tx, notifications, master, case, action, seq, at)
            .await?;
        // And the authors of the posts it was filed from or linked to, of its disposal.
        crate::store::social::notify_social(tx, &case.row, action, seq, at).await?;
        // And the portal the case came from of its disposal (a disposal is never a step
        // written without notifications).
        crate::store::exchange::notify_exchange(
            tx,
            &notifications.exchange_returns,
            master,
            &case.row,
            action,
            seq,
            at,
        )
        .await?;
    }
    // And so do the integrations subscribed to it, when its status changed.
    if from_status != case.row.status {
        crate::store::outbox::notify_webhooks(
            tx,
            master,
            &case.row,
            from_status,
            action.code(),
            seq,
            at,
        )
        .await?;
    }
    Ok(())
}

/// The payload of a lifecycle step's event: the action as the lifecycle took it, and what the
/// step settled that the action alone does not say (the office an escalation went to, a renewed
/// deadline), so a case can be replayed from its events whatever master data says later.
pub(in crate::store) fn step_payload(
    action: &Action,
    next: &CaseState,
    renewed: Option<Timestamp>,
) -> String {
    let mut value = serde_json::to_value(action).unwrap_or_else(|_| serde_json::json!({}));
    if let Some(map) = value.as_object_mut() {
        if matches!(action, Action::Escalate { .. }) {
            map.insert("escalated_to".into(), serde_json::json!(next.escalated_to));
        }
        if let Action::PartEscalate { department, .. } = action {
            let to = next.part(*department).and_then(|p| p.escalated_to);
            map.insert("escalated_to".into(), serde_json::json!(to));
        }
        if let Some(due) = renewed {
            map.insert("due_at".into(), serde_json::json!(due.0));
        }
    }
    value.to_string()
}

/// Appends one event to a case's chain and returns its hash.
#[allow(clippy::too_many_arguments)]
pub(in crate::store) async fn append_event(
    tx: &mut AnyConnection,
    grievance_id: i64,
    seq: i64,
    prev_hash: &str,
    at: Timestamp,
    actor: &Actor,
    action: &str,
    from_status: &str,
    to_status: &str,
    payload: &str,
) -> Result<String> {
    let hash = chain::event_hash(
        prev_hash,
        &EventContent {
            grievance_id,
            seq,
            at_millis: at.0,
            actor: &actor.label,
            action,
            from_status,
            to_status,
            payload,
        },
    );
    sqlx::query(
        "INSERT INTO events (grievance_id, seq, at, actor_user_id, actor, action, from_status, to_status, payload, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(grievance_id)
    .bind(seq)
    .bind(at.0)
    .bind(actor.user_id)
    .bind(actor.label.clone())
    .bind(action.to_string())
    .bind(from_status.to_string())
    .bind(to_status.to_string())
    .bind(payload.to_string())
    .bind(prev_hash.to_string())
    .bind(hash.clone())
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        let e = StoreError::from(e);
        // Two writers raced to the same sequence number: the later one lost.
        if e.is_unique_violation() { StoreError::Conflict { current: seq } } else { e }
    })?;
    Ok(hash)
}

#[derive(sqlx::FromRow)]
struct TimelineRow {
    seq: i64,
    at: i64,
    actor: String,
    action: String,
    from_status: String,
    to_status: String,
    payload: String,
    hash: String,
}

/// Events record offices and departments by id (what the lifecycle works with); people and
/// integrations read codes, so the timeline adds them beside the ids.
fn with_codes(master: &MasterData, mut details: serde_json::Value) -> serde_json::Value {
    if let Some(map) = details.as_object_mut() {
        if let Some(office) = map.get("office").and_then(|v| v.as_i64())
            && let Some(o) = master.offices.get(&office)
        {
            map.insert("office_code".into(), o.code.clone().into());
            map.insert("office_name_en".into(), o.name_en.clone().into());
            map.insert("office_name_hi".into(), o.name_hi.clone().into());
        }
        if let Some(officer) = map.get("officer").and_then(|v| v.as_i64())
            && let Some(p) = master.people.get(&officer)
        {
            map.insert("officer_username".into(), p.username.clone().into());
            map.insert("officer_name".into(), p.full_name.clone().into());
        }
        if let Some(department) = map.get("department").and_then(|v| v.as_i64())
            && let Some(d) = master.departments.get(&department)
        {
            map.insert("department_code".into(), d.code.clone().into());
            map.insert("department_name_en".into(), d.name_en.clone().into());
            map.insert("department_name_hi".into(), d.name_hi.clone().into());
        }
    }
    details
}

pub(in crate::store) async fn timeline(
    conn: &mut AnyConnection,
    master: &MasterData,
    id: i64,
) -> Result<Vec<EventView>> {
    let rows: Vec<TimelineRow> = sqlx::query_as(
        "SELECT seq, at, actor, action, from_status, to_status, payload, hash FROM events \
         WHERE grievance_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| EventView {
            seq: r.seq,
            at: Timestamp(r.at).to_rfc3339(),
            actor: r.actor,
            action: r.action,
            from_status: r.from_status,
            to_status: r.to_status,
            details: with_codes(
                master,
                serde_json::from_str(&r.payload).unwrap_or(serde_json::Value::Null),
            ),
            hash: r.hash,
        })
        .collect())
}

/// A case's timeline as its citizen reads it (the JSON API; the page shows the same): no
/// officer's name, no remark or hand-over between officers, and of the texts only what was said
/// to or by the citizen and the outcome (questions and answers, the ATR, disposal remarks, their
/// own reasons), never instructions, internal reports or the reasons offices give each other.
pub(in crate::store) fn for_the_citizen(events: Vec<EventView>) -> Vec<EventView> {
    const TEXTS: [&str; 7] = [
        "question",
        "answer",
        "instructions",
        "report",
        "reason",
        "text",
        "remarks",
    ];
    events
        .into_iter()
        .filter(|e| {
            !matches!(
                e.action.as_str(),
                "remark" | "assign_officer" | "audit_flag" | "part_assign_officer" | "part_remind"
            ) && !crate::store::duplicate_review::private_to_offices(e)
        })
        .map(|mut e| {
            let theirs: &[&str] = match e.action.as_str() {
                "ask_clarification" => &["question"],
                "receive_clarification" => &["answer"],
                "submit_atr" | "part_submit_atr" => &["text"],
                "dispose" | "record_verification" => &["remarks"],
                "reopen" | "appeal" => &["reason"],
                _ => &[],
            };
            if let Some(map) = e.details.as_object_mut() {
                map.retain(|key, _| {
                    !key.starts_with("officer")
                        && (!TEXTS.contains(&key.as_str()) || theirs.contains(&key.as_str()))
                });
            }
            if !e.actor.starts_with("citizen") {
                e.actor = String::new();
            }
            e
        })
        .collect()
}
