//! Bulk import of historical grievances, for states moving from an older portal and for the
//! benchmark's generated years: each case keeps its original dates and its events, replayed
//! through the lifecycle so the history is consistent and chained like any other.
//!
//! The replay happens in memory (the lifecycle is pure), so a case costs one row and a handful of
//! event rows written many at a time, not a round trip per event: millions of cases import in
//! minutes. The result is what the live path would have written (same rows, same payloads, same
//! hash chains, versions and deadlines); a test replays live cases through it to keep it so.
//!
//! `nivaran import --grievances FILE` is all or nothing: one transaction, and a bad line is
//! reported by its number. The benchmark generator commits batch by batch.

use super::master::MasterData;
use super::requests::ActionRequest;
use super::sql::Sql;
use super::{Engine, Result, Store, StoreError};
use nivaran_domain::Timestamp;
use nivaran_domain::chain::{self, EventContent, GENESIS_HASH};
use nivaran_domain::grievance::{GrievanceForm, ValidGrievance};
use nivaran_domain::lifecycle::{self, Action, CaseState, SpecialClose};
use nivaran_domain::regno::RegistrationNumber;
use nivaran_domain::routing::Route;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use std::path::Path;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Cases per batch when reading an import file.
const FILE_BATCH: usize = 1000;
/// Rows per INSERT statement (SQLite allows 32,766 parameters a statement).
const GRIEVANCE_ROWS: usize = 200;
const EVENT_ROWS: usize = 1000;

/// One historical case as a JSON line.
#[derive(Debug, Clone, Deserialize)]
struct HistoricalLine {
    legacy_number: Option<String>,
    filed_at: String,
    #[serde(flatten)]
    form: GrievanceForm,
    #[serde(default)]
    events: Vec<HistoricalLineEvent>,
}

#[derive(Debug, Clone, Deserialize)]
struct HistoricalLineEvent {
    at: String,
    #[serde(default)]
    actor: Option<String>,
    #[serde(flatten)]
    request: ActionRequest,
}

/// A historical case ready to import.
#[derive(Debug, Clone)]
pub struct HistoricalCase {
    pub legacy_number: Option<String>,
    pub filed_at: Timestamp,
    pub form: GrievanceForm,
    pub events: Vec<HistoricalEvent>,
}

/// One step of a historical case; `actor` is the label the event log shows (prefixed `import:`).
#[derive(Debug, Clone)]
pub struct HistoricalEvent {
    pub at: Timestamp,
    pub actor: Option<String>,
    pub request: ActionRequest,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct BulkReport {
    pub grievances: usize,
    pub events: usize,
    pub registration_numbers: Vec<String>,
}

fn parse_time(file: &str, line: u64, field: &str, value: &str) -> Result<Timestamp> {
    OffsetDateTime::parse(value.trim(), &Rfc3339)
        .map(Timestamp::from_datetime)
        .map_err(|_| StoreError::import(file, line, format!("{field} must be an RFC 3339 time such as 2024-05-01T10:30:00+05:30, found '{value}'")))
}

fn actor_label(label: Option<&str>) -> String {
    format!("import:{}", label.unwrap_or("legacy-portal"))
}

/// An event computed in memory, before its case has an id.
struct PendingEvent {
    at: i64,
    actor: String,
    action: &'static str,
    from_status: &'static str,
    to_status: &'static str,
    /// The payload; `None` for the registration event, whose payload names the registration
    /// number (known once the case has its id).
    payload: Option<String>,
}

/// A case replayed in memory: its final row and its events.
pub(super) struct Replayed {
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
    first_due_date: String,
    pub due_at: i64,
    pub escalated_at: Option<i64>,
    pub updated_at: i64,
    pub state: CaseState,
    pub version: i64,
    events: Vec<PendingEvent>,
    /// Events that came from the history (not the registration and routing added here).
    historical: usize,
}

/// Replays one case through the lifecycle, as the live path would have recorded it. The error
/// is a message for the import report.
fn replay(master: &MasterData, case: &HistoricalCase) -> std::result::Result<Replayed, String> {
    let valid = case
        .form
        .validate()
        .map_err(|e| format!("{}: {}", e.field, e.message_en))?;
    replay_valid(
        master,
        valid,
        case.legacy_number.clone(),
        case.filed_at,
        &case.events,
        actor_label(None),
        None,
    )
}

/// Replays a validated case filed at `filed_at` by `filer` (the label of its registration
/// event), with its later `events`. A new filing is a case with no later events.
pub(super) fn replay_valid(
    master: &MasterData,
    valid: ValidGrievance,
    legacy_number: Option<String>,
    filed_at: Timestamp,
    history: &[HistoricalEvent],
    filer: String,
    filed_by: Option<i64>,
) -> std::result::Result<Replayed, String> {
    let jurisdiction = master
        .jurisdiction_by_code(&valid.jurisdiction_code)
        .ok_or_else(|| {
            format!(
                "jurisdiction: no jurisdiction with code '{}'",
                valid.jurisdiction_code
            )
        })?;
    let category = master
        .category_by_code(&valid.category_code)
        .ok_or_else(|| format!("category: no category with code '{}'", valid.category_code))?;
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
    let calendar = master.calendar(state_id);
    let due_date =
        calendar.add_working_days(filed_at.ist_date(), category.deadline_days.max(1) as u32);
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
            actor: filer,
            action: "register",
            from_status: "",
            to_status: "received",
            payload: None,
        }],
        historical: history.len(),
        valid,
    };
    let apply = |r: &mut Replayed, action: &Action, actor: String, at: Timestamp| {
        let next = lifecycle::apply(&r.state, action, at, master)
            .map_err(|e| format!("{} ({}): {e}", action.code(), at.to_rfc3339()))?;
        // A new round of work gets a new deadline, as in the live path.
        let renewed = super::grievances::renewed_due(master, r.category_id, r.state_id, action, at);
        if let Some(due) = renewed {
            r.due_at = due.0;
            r.escalated_at = None;
        }
        // The sweep notes when it escalated, to count the next level's window from it.
        if let Action::Escalate { manual: false } = action {
            r.escalated_at = Some(at.0);
        }
        r.events.push(PendingEvent {
            at: at.0,
            actor,
            action: action.code(),
            from_status: r.state.status.code(),
            to_status: next.status.code(),
            payload: Some(super::grievances::step_payload(action, &next, renewed)),
        });
        r.state = next;
        r.version += 1;
        r.updated_at = at.0;
        Ok::<(), String>(())
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
        .ok_or("no nodal office covers this location")?;
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
    let mut previous = filed_at;
    for (n, event) in history.iter().enumerate() {
        if event.at < previous {
            return Err(format!("events[{n}] is earlier than the event before it"));
        }
        previous = event.at;
        // An imported case has no files, so an ATR can name no documents.
        let action = event
            .request
            .to_action(master, &r.state, Vec::new())
            .map_err(|e| format!("events[{n}]: {e}"))?;
        apply(
            &mut r,
            &action,
            actor_label(event.actor.as_deref()),
            event.at,
        )
        .map_err(|e| format!("events[{n}] {e}"))?;
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
        "citizen_name": v.citizen_name,
        "mobile": v.mobile,
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

/// Ids for `n` new cases. Inside the write transaction on SQLite nobody else can insert; on
/// PostgreSQL the identity sequence hands them out, so live filings on other nodes go on.
async fn reserve_ids(conn: &mut AnyConnection, engine: Engine, n: usize) -> Result<Vec<i64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    match engine {
        Engine::Sqlite => {
            let max: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM grievances")
                .fetch_one(&mut *conn)
                .await?;
            Ok((1..=n as i64).map(|i| max + i).collect())
        }
        Engine::Postgres => Ok(sqlx::query_scalar(
            "SELECT nextval(pg_get_serial_sequence('grievances', 'id')) FROM generate_series(1, $1)",
        )
        .bind(n as i64)
        .fetch_all(&mut *conn)
        .await?),
    }
}

/// Writes replayed cases: rows, departments and chained events, many to a statement. Returns
/// each case's id and registration number.
pub(super) async fn write_cases(
    conn: &mut AnyConnection,
    engine: Engine,
    cases: &[Replayed],
    report: &mut BulkReport,
) -> Result<Vec<(i64, String)>> {
    let ids = reserve_ids(conn, engine, cases.len()).await?;
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
            "INSERT INTO grievances (id, regno, legacy_number, citizen_name, mobile, email, address, \
             jurisdiction_id, district_id, state_id, latitude, longitude, kind, category_id, department_id, \
             subject, description, channel, priority, language, status, holding_office_id, unrouted, \
             forwarded_to_id, escalation_level, escalated_to_id, transfer_count, reopen_count, appealed, eta, \
             atr_submitted, atr_approved, special_close, disposal, disposed_at, verification, filed_at, due_at, \
             updated_at, version, escalated_at, filed_by) VALUES ",
        );
        for (i, r) in chunk.iter().enumerate() {
            let index = chunk_start * GRIEVANCE_ROWS + i;
            let v = &r.valid;
            let s = &r.state;
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(ids[index]).push(", ");
            sql.bind(regnos[index].clone()).push(", ");
            sql.bind(r.legacy_number.clone()).push(", ");
            sql.bind(v.citizen_name.as_str().to_string()).push(", ");
            sql.bind(v.mobile.as_str().to_string()).push(", ");
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
            sql.bind(s.status.code().to_string()).push(", ");
            sql.bind(s.holding_office).push(", ");
            sql.bind(s.unrouted as i64).push(", ");
            sql.bind(s.forwarded_to).push(", ");
            sql.bind(s.escalation_level as i64).push(", ");
            sql.bind(s.escalated_to).push(", ");
            sql.bind(s.transfer_count as i64).push(", ");
            sql.bind(s.reopen_count as i64).push(", ");
            sql.bind(s.appealed as i64).push(", ");
            sql.bind(s.eta.map(|t| t.0)).push(", ");
            sql.bind(s.atr_submitted as i64).push(", ");
            sql.bind(s.atr_approved as i64).push(", ");
            sql.bind(
                match s.special_close {
                    SpecialClose::None => "none",
                    SpecialClose::Requested => "requested",
                    SpecialClose::Approved => "approved",
                }
                .to_string(),
            )
            .push(", ");
            sql.bind(s.disposal.map(|d| d.code().to_string()))
                .push(", ");
            sql.bind(s.disposed_at.map(|t| t.0)).push(", ");
            sql.bind(s.verification.map(|v| v.code().to_string()))
                .push(", ");
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
            "INSERT INTO events (grievance_id, seq, at, actor, action, from_status, to_status, payload, prev_hash, hash) VALUES ",
        );
        for (i, (id, seq, e, payload, prev, hash)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(*id).push(", ");
            sql.bind(*seq).push(", ");
            sql.bind(e.at).push(", ");
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

impl Store {
    /// `nivaran import --grievances FILE`: every line is read and replayed first, so a bad line
    /// anywhere stops before anything is written; then all of it goes in one transaction.
    pub async fn import_grievances(&self, path: &Path) -> Result<BulkReport> {
        let file = path.display().to_string();
        let text = tokio::fs::read_to_string(path).await?;
        let master = self.master();
        let mut replayed = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index as u64 + 1;
            if raw.trim().is_empty() {
                continue;
            }
            let parsed: HistoricalLine = serde_json::from_str(raw)
                .map_err(|e| StoreError::import(&file, line, e.to_string()))?;
            let filed_at = parse_time(&file, line, "filed_at", &parsed.filed_at)?;
            let mut events = Vec::with_capacity(parsed.events.len());
            for (n, e) in parsed.events.into_iter().enumerate() {
                events.push(HistoricalEvent {
                    at: parse_time(&file, line, &format!("events[{n}].at"), &e.at)?,
                    actor: e.actor,
                    request: e.request,
                });
            }
            let case = HistoricalCase {
                legacy_number: parsed.legacy_number,
                filed_at,
                form: parsed.form,
                events,
            };
            replayed.push(replay(&master, &case).map_err(|e| StoreError::import(&file, line, e))?);
        }
        let mut report = BulkReport::default();
        let mut tx = self.begin_write().await?;
        for batch in replayed.chunks(FILE_BATCH) {
            write_cases(&mut tx, self.engine(), batch, &mut report).await?;
        }
        tx.commit().await?;
        Ok(report)
    }

    /// Imports a batch of cases in its own transaction (the benchmark generator's path). A case
    /// the lifecycle refuses is reported with its index in the batch, and nothing is written.
    pub async fn import_batch(&self, cases: &[HistoricalCase]) -> Result<BulkReport> {
        let master = self.master();
        let mut replayed = Vec::with_capacity(cases.len());
        for (i, case) in cases.iter().enumerate() {
            replayed
                .push(replay(&master, case).map_err(|e| StoreError::import("batch", i as u64, e))?);
        }
        let mut report = BulkReport::default();
        let mut tx = self.begin_write().await?;
        write_cases(&mut tx, self.engine(), &replayed, &mut report).await?;
        tx.commit().await?;
        Ok(report)
    }
}
