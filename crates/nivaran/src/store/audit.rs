//! `nivaran audit verify`: walks every case's event chain and names the first broken link, and
//! replays each case's events to check that its row (the current state everyone reads) is what
//! its events make it: a row changed behind the log, or a last event deleted, is found.

use super::grievances::GrievanceRow;
use super::master::MasterData;
use super::{Result, Store};
use nivaran_domain::Timestamp;
use nivaran_domain::chain::{EventContent, LinkFault, first_broken_link};
use nivaran_domain::lifecycle::{self, Action, CaseState};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ChainReport {
    pub grievances: i64,
    pub events: i64,
    /// The first broken link found, described for a person.
    pub first_broken: Option<String>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    grievance_id: i64,
    seq: i64,
    at: i64,
    actor: String,
    action: String,
    from_status: String,
    to_status: String,
    payload: String,
    prev_hash: String,
    hash: String,
}

impl Store {
    pub async fn verify_chains(&self) -> Result<ChainReport> {
        let mut report = ChainReport {
            grievances: 0,
            events: 0,
            first_broken: None,
        };
        let mut after = 0i64;
        loop {
            // In batches of cases, so memory stays flat however large the log.
            let ids: Vec<(i64, Option<String>)> = sqlx::query_as(
                "SELECT id, regno FROM grievances WHERE id > $1 ORDER BY id LIMIT 500",
            )
            .bind(after)
            .fetch_all(self.pool())
            .await?;
            let Some(last) = ids.last() else { break };
            after = last.0;
            for (id, regno) in ids {
                // The case's events and its row from one snapshot: on a live database a step
                // committed between two reads would look like tampering.
                let mut snapshot = self.pool().begin().await?;
                if let Some(statement) = self.engine().repeatable_read() {
                    sqlx::raw_sql(statement).execute(&mut *snapshot).await?;
                }
                let rows: Vec<EventRow> = sqlx::query_as(
                    "SELECT id, grievance_id, seq, at, actor, action, from_status, to_status, payload, prev_hash, hash \
                     FROM events WHERE grievance_id = $1 ORDER BY seq",
                )
                .bind(id)
                .fetch_all(&mut *snapshot)
                .await?;
                let case = super::grievances::load_case(&mut snapshot, id).await?;
                snapshot.rollback().await?;
                report.grievances += 1;
                report.events += rows.len() as i64;
                let broken = first_broken_link(rows.iter().map(|r| {
                    (
                        EventContent {
                            grievance_id: r.grievance_id,
                            seq: r.seq,
                            at_millis: r.at,
                            actor: &r.actor,
                            action: &r.action,
                            from_status: &r.from_status,
                            to_status: &r.to_status,
                            payload: &r.payload,
                        },
                        r.prev_hash.as_str(),
                        r.hash.as_str(),
                    )
                }));
                let empty = rows.is_empty();
                if broken.is_none() && !empty {
                    let master = self.master();
                    if let Err(why) = check_replay(&master, &case.row, &case.state, &rows) {
                        report.first_broken = Some(format!(
                            "grievance {}: its record is not what its events make it: {why}",
                            regno.unwrap_or_else(|| id.to_string())
                        ));
                        return Ok(report);
                    }
                }
                if let Some((index, fault)) = broken {
                    let row = &rows[index];
                    let why = match fault {
                        LinkFault::ContentChanged => {
                            "its content does not match its hash (the event was altered)"
                        }
                        LinkFault::BrokenPrev => {
                            "it does not point at the event before it (an event was removed or reordered)"
                        }
                        LinkFault::Gap => "its sequence number skips (an event was removed)",
                    };
                    report.first_broken = Some(format!(
                        "grievance {} event #{} (event id {}, action {}): {why}",
                        regno.unwrap_or_else(|| id.to_string()),
                        row.seq,
                        row.id,
                        row.action
                    ));
                    return Ok(report);
                }
                if empty {
                    report.first_broken = Some(format!(
                        "grievance {} has no events at all (its registration event was removed)",
                        regno.unwrap_or_else(|| id.to_string())
                    ));
                    return Ok(report);
                }
            }
        }
        Ok(report)
    }
}

/// The office tree as a replay sees it: the offices a step named were valid when it was taken
/// (the lifecycle checked then), whatever master data says today; only where a step did not
/// record its office (an escalation from before they did) is today's tree asked.
struct AsRecorded<'a>(&'a MasterData);

impl lifecycle::OfficeTree for AsRecorded<'_> {
    fn parent(&self, office: i64) -> Option<i64> {
        lifecycle::OfficeTree::parent(self.0, office)
    }
    fn is_below(&self, _office: i64, _ancestor: i64) -> bool {
        true
    }
    fn exists(&self, _office: i64) -> bool {
        true
    }
}

/// The state a case's events make, replayed through the lifecycle from its registration.
struct Replayed {
    state: CaseState,
    version: i64,
    /// The deadline, when the events say it (older events did not record a renewed one).
    due_at: Option<i64>,
}

/// Replays `events` (a chain already checked) and compares the outcome with the case's row.
fn check_replay(
    master: &MasterData,
    row: &GrievanceRow,
    state_in_row: &CaseState,
    events: &[EventRow],
) -> std::result::Result<(), String> {
    let first = &events[0];
    if first.action != "register" {
        return Err("its first event is not its registration".into());
    }
    let filed: serde_json::Value = serde_json::from_str(&first.payload)
        .map_err(|_| "its registration's payload is not readable".to_string())?;
    // What was filed cannot change: the citizen, the place, the words.
    let text = |key: &str| filed.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let code_of = |key: &str| text(key).unwrap_or_default();
    let same = [
        ("mobile", text("mobile"), Some(row.mobile.clone())),
        (
            "citizen_name",
            text("citizen_name"),
            Some(row.citizen_name.clone()),
        ),
        ("email", text("email"), row.email.clone()),
        (
            "external system",
            text("external_system"),
            row.external_system.clone(),
        ),
        (
            "external reference",
            text("external_reference"),
            row.external_reference.clone(),
        ),
        ("address", text("address"), row.address.clone()),
        ("subject", text("subject"), Some(row.subject.clone())),
        (
            "description",
            text("description"),
            Some(row.description.clone()),
        ),
        ("channel", text("channel"), Some(row.channel.clone())),
        ("priority", text("priority"), Some(row.priority.clone())),
        ("language", text("language"), Some(row.language.clone())),
        ("kind", text("kind"), Some(row.kind.clone())),
        (
            "registration number",
            text("registration_number"),
            row.regno.clone(),
        ),
        (
            "category",
            Some(code_of("category")),
            master
                .categories
                .get(&row.category_id)
                .map(|c| c.code.clone()),
        ),
        (
            "jurisdiction",
            Some(code_of("jurisdiction")),
            master
                .jurisdictions
                .get(&row.jurisdiction_id)
                .map(|j| j.code.clone()),
        ),
    ];
    for (field, filed, stored) in same {
        if filed != stored {
            return Err(format!(
                "its {field} was {} when filed and is {} now",
                filed.as_deref().unwrap_or("empty"),
                stored.as_deref().unwrap_or("empty")
            ));
        }
    }
    let mut replayed = replay(master, events, &filed)?;
    // The row keeps joint departments as a set (read in id order).
    replayed.state.joint_departments.sort_unstable();
    let mut state_in_row = state_in_row.clone();
    state_in_row.joint_departments.sort_unstable();
    // And its parts by department (parts added in one instant may be read in either order).
    replayed.state.parts.sort_by_key(|p| p.department);
    state_in_row.parts.sort_by_key(|p| p.department);
    let state_in_row = &state_in_row;
    if &replayed.state != state_in_row {
        return Err(format!(
            "its record says {}, its events make it {} ({})",
            state_in_row.status.code(),
            replayed.state.status.code(),
            differences(state_in_row, &replayed.state),
        ));
    }
    if replayed.version != row.version {
        return Err(format!(
            "it is at version {}, its {} events make version {} (an event was removed or added)",
            row.version,
            events.len(),
            replayed.version
        ));
    }
    if let Some(due) = replayed.due_at
        && due != row.due_at
    {
        return Err(format!(
            "its deadline is {}, its events set {}",
            Timestamp(row.due_at).to_rfc3339(),
            Timestamp(due).to_rfc3339()
        ));
    }
    Ok(())
}

fn replay(
    master: &MasterData,
    events: &[EventRow],
    filed: &serde_json::Value,
) -> std::result::Result<Replayed, String> {
    let mut r = Replayed {
        state: CaseState::received(),
        version: 0,
        due_at: filed
            .get("due_date")
            .and_then(|d| d.as_str())
            .and_then(|d| {
                time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE).ok()
            })
            .map(|d| Timestamp::end_of_ist_day(d).0),
    };
    for event in &events[1..] {
        r.version += 1;
        if event.from_status != r.state.status.code() {
            return Err(format!(
                "event #{} ({}) starts from {}, but the case was {}",
                event.seq,
                event.action,
                event.from_status,
                r.state.status.code()
            ));
        }
        // Documents and citizens attached to a case are on its chain but not its lifecycle.
        if matches!(
            event.action.as_str(),
            "add_attachment" | "attach_follower" | "dismiss_duplicate"
        ) {
            continue;
        }
        let action: Action = serde_json::from_str(&event.payload).map_err(|_| {
            format!(
                "event #{} ({}) does not read as a step",
                event.seq, event.action
            )
        })?;
        let recorded: serde_json::Value = serde_json::from_str(&event.payload).unwrap_or_default();
        let mut next =
            lifecycle::apply(&r.state, &action, Timestamp(event.at), &AsRecorded(master)).map_err(
                |e| {
                    format!(
                        "event #{} ({}) replays as refused: {e}",
                        event.seq, event.action
                    )
                },
            )?;
        // What the step settled is what it recorded, whatever master data says today.
        if matches!(action, Action::Escalate { .. })
            && let Some(to) = recorded.get("escalated_to")
        {
            next.escalated_to = to.as_i64();
        }
        if let Action::PartEscalate { department, .. } = &action
            && let Some(to) = recorded.get("escalated_to")
            && let Some(part) = next.parts.iter_mut().find(|p| p.department == *department)
        {
            part.escalated_to = to.as_i64();
        }
        match recorded.get("due_at").and_then(|d| d.as_i64()) {
            Some(due) => r.due_at = Some(due),
            None => {
                if lifecycle::renews_deadline(&action) {
                    // Renewed before steps recorded their deadline: not known for certain.
                    r.due_at = None;
                }
            }
        }
        if next.status.code() != event.to_status {
            return Err(format!(
                "event #{} ({}) ends in {}, but replays to {}",
                event.seq,
                event.action,
                event.to_status,
                next.status.code()
            ));
        }
        r.state = next;
    }
    Ok(r)
}

/// The fields in which two states differ, named.
fn differences(a: &CaseState, b: &CaseState) -> String {
    let mut names = Vec::new();
    let mut check = |name: &'static str, differ: bool| {
        if differ {
            names.push(name);
        }
    };
    check("status", a.status != b.status);
    check("holding office", a.holding_office != b.holding_office);
    check("unrouted", a.unrouted != b.unrouted);
    check("forwarded to", a.forwarded_to != b.forwarded_to);
    check("escalation level", a.escalation_level != b.escalation_level);
    check("escalated to", a.escalated_to != b.escalated_to);
    check("transfers", a.transfer_count != b.transfer_count);
    check("reopenings", a.reopen_count != b.reopen_count);
    check("appealed", a.appealed != b.appealed);
    check(
        "joint departments",
        a.joint_departments != b.joint_departments,
    );
    check("parts", a.parts != b.parts);
    check("ETA", a.eta != b.eta);
    check("ATR submitted", a.atr_submitted != b.atr_submitted);
    check("ATR approved", a.atr_approved != b.atr_approved);
    check("special closure", a.special_close != b.special_close);
    check("disposal", a.disposal != b.disposal);
    check("disposal time", a.disposed_at != b.disposed_at);
    check("verification", a.verification != b.verification);
    check("duplicate of", a.duplicate_of != b.duplicate_of);
    format!("differing in: {}", names.join(", "))
}
