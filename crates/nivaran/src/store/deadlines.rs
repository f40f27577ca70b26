//! Deadlines that enforce themselves. The sweep finds what is due and acts, once: reminders to the
//! holding office before the deadline, automatic escalation L1 → L2 → L3 when it lapses (each level
//! with its own window in working days; L3 → L4 stays a supervisor's decision), the interim-reply
//! reminder after 21 days, the automatic first appeal of Right-to-Service cases, and the record of
//! ETAs that passed. Every deed is first written to `deadline_marks`, whose key makes it happen at
//! most once per case however many nodes sweep at the same time.

use super::grievances::{apply_and_record, load_case, load_cases};
use super::outbox::{insert_outbox, office_recipients};
use super::sql::Sql;
use super::users::Actor;
use super::{Result, Store, StoreError};
use crate::notify::messages::{Message, sms_date};
use futures_util::StreamExt;
use nivaran_domain::Timestamp;
use nivaran_domain::chain::{self, EventContent};
use nivaran_domain::lifecycle::{self, Action, OfficeTree};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use std::collections::HashMap;

/// The cases whose deadline runs (a case waiting for the citizen's clarification is neither
/// reminded nor escalated until the reply: `lifecycle::deadline_runs`).
const OPEN: &str = "('assigned', 'in_progress', 'forwarded', 'atr_submitted')";
/// Cases handled per transaction: large enough to be quick, small enough not to hold the write
/// lock for long.
const CHUNK: usize = 200;

/// How deadlines act; `[deadlines]` in the configuration.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DeadlinePolicy {
    /// Remind the holding office when this share of the time has passed.
    pub reminder_percent: i64,
    /// Working days after the due date before L1 → L2, and after that before L2 → L3.
    pub escalate_after_days: [u32; 2],
    /// Remind the office to send an interim reply when a case is open this many days.
    pub interim_reply_days: i64,
    /// Per-category overrides of `escalate_after_days`, by category code.
    pub categories: HashMap<String, CategoryPolicy>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryPolicy {
    pub escalate_after_days: [u32; 2],
}

impl Default for DeadlinePolicy {
    fn default() -> Self {
        DeadlinePolicy {
            reminder_percent: 75,
            escalate_after_days: [0, 5],
            interim_reply_days: 21,
            categories: HashMap::new(),
        }
    }
}

/// What one sweep did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SweepReport {
    pub reminders: usize,
    pub escalations: usize,
    /// Parts of joint cases escalated (each part against its own deadline).
    pub part_escalations: usize,
    pub interim_reminders: usize,
    pub rts_appeals: usize,
    pub eta_breaches: usize,
}

#[derive(sqlx::FromRow)]
struct Candidate {
    id: i64,
    regno: Option<String>,
    state_id: i64,
    category_id: i64,
    holding_office_id: Option<i64>,
    escalation_level: i64,
    escalated_at: Option<i64>,
    due_at: i64,
    filed_at: i64,
    eta: Option<i64>,
    round: i64,
}

const CANDIDATE_COLUMNS: &str = "id, regno, state_id, category_id, holding_office_id, escalation_level, escalated_at, \
    due_at, filed_at, eta, transfer_count + reopen_count + appealed AS round";

/// A case's round of work (a transfer, reopening or appeal starts a new one), as SQL.
const ROUND: &str = "transfer_count + reopen_count + appealed";

/// The condition that a case does not yet have the mark `mark_sql` (an SQL expression), so a
/// sweep passes over what earlier sweeps did instead of touching every long-open case again.
fn not_marked(mark_sql: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM deadline_marks m WHERE m.grievance_id = grievances.id AND m.mark = {mark_sql})"
    )
}

/// A reminder to a case's holding office, done once: its mark, and the SMS (template `key`,
/// no SMS when empty) to the office's people.
struct Notice {
    grievance_id: i64,
    office: Option<i64>,
    mark: String,
    key: &'static str,
    values: Vec<String>,
    idempotency_base: String,
}

/// Is a case (or a joint case's part) at `level`, due at `due` and last escalated at
/// `escalated_at`, past its window for going one level up? Each level has its own window in
/// working days (`escalate_after_days`, per category where the policy says so), counted on the
/// state's calendar (`place` is the category and the state).
pub(super) fn escalation_due(
    policy: &DeadlinePolicy,
    master: &super::MasterData,
    place: (i64, i64),
    level: i64,
    due: Timestamp,
    escalated_at: Option<Timestamp>,
    now: Timestamp,
) -> bool {
    let (category_id, state_id) = place;
    let category_code = master
        .categories
        .get(&category_id)
        .map(|c| c.code.as_str())
        .unwrap_or("");
    let windows = policy
        .categories
        .get(category_code)
        .map(|p| p.escalate_after_days)
        .unwrap_or(policy.escalate_after_days);
    let calendar = master.calendar(state_id);
    let (from, window) = match level {
        1 => (due, windows[0]),
        _ => (escalated_at.unwrap_or(due), windows[1]),
    };
    // At level 1 with no grace the deadline itself is the threshold.
    let threshold = if level == 1 && window == 0 {
        due
    } else {
        Timestamp::end_of_ist_day(calendar.add_working_days(from.ist_date(), window))
    };
    now > threshold
}

/// Records `mark` for a case; false when it was already there (the deed is done).
pub(super) async fn mark_once(
    tx: &mut AnyConnection,
    grievance_id: i64,
    mark: &str,
    office: Option<i64>,
    now: Timestamp,
) -> Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO deadline_marks (grievance_id, mark, at, office_id) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (grievance_id, mark) DO NOTHING",
    )
    .bind(grievance_id)
    .bind(mark.to_string())
    .bind(now.0)
    .bind(office)
    .execute(&mut *tx)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// After a deed failed: a case someone changed at that very moment is tried again at the next
/// sweep (its mark is removed); a deed the rules refuse (no office above, say) is logged and not
/// tried again.
pub(super) async fn forget_if_transient(
    tx: &mut AnyConnection,
    grievance_id: i64,
    mark: &str,
    error: &StoreError,
    what: &str,
) -> Result<()> {
    if matches!(error, StoreError::Conflict { .. }) {
        sqlx::query("DELETE FROM deadline_marks WHERE grievance_id = $1 AND mark = $2")
            .bind(grievance_id)
            .bind(mark.to_string())
            .execute(&mut *tx)
            .await?;
        tracing::info!(
            grievance_id,
            what,
            "case changed during the sweep; will try again"
        );
    } else {
        tracing::warn!(grievance_id, what, %error, "deadline action not possible");
    }
    Ok(())
}

impl Store {
    async fn candidates(&self, condition: &str, now: Timestamp) -> Result<Vec<Candidate>> {
        let mut out = Vec::new();
        let mut after = 0i64;
        loop {
            let sql = format!(
                "SELECT {CANDIDATE_COLUMNS} FROM grievances WHERE status IN {OPEN} AND id > $1 AND {condition} \
                 ORDER BY id LIMIT 5000"
            );
            let page: Vec<Candidate> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(after)
                .bind(now.0)
                .fetch_all(self.pool())
                .await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            let done = page.len() < 5000;
            out.extend(page);
            if done {
                break;
            }
        }
        Ok(out)
    }

    /// One sweep at the clock's "now".
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn run_deadline_sweep(&self, policy: &DeadlinePolicy) -> Result<SweepReport> {
        let now = self.now();
        let master = self.master();
        let notifications = self.notifications();
        let mut report = SweepReport::default();

        // Right to Service first: a lapsed notified service goes to the first appellate officer.
        let rts: Vec<Candidate> = self
            .candidates(
                &format!(
                    "appealed = 0 AND due_at < $2 AND category_id IN (SELECT id FROM categories WHERE rts = 1) \
                     AND {}",
                    not_marked("'rts_appeal'")
                ),
                now,
            )
            .await?;
        for chunk in rts.chunks(CHUNK) {
            let mut tx = self.begin_write().await?;
            // The chunk's counted figures, written once before the commit (see `apply_and_record`).
            let mut figures = crate::store::stats::counted::Deltas::new();
            for c in chunk {
                if !mark_once(&mut tx, c.id, "rts_appeal", c.holding_office_id, now).await? {
                    continue;
                }
                let Some(appellate) = c.holding_office_id.and_then(|o| master.parent(o)) else {
                    tracing::warn!(grievance = ?c.regno, "RTS case has no appellate office above its holder");
                    continue;
                };
                let mut case = load_case(&mut tx, c.id).await?;
                let action = Action::RtsAppeal { office: appellate };
                match apply_and_record(
                    &mut tx,
                    &master,
                    &mut case,
                    &action,
                    &Actor::system(),
                    now,
                    None,
                    Some(&notifications),
                    &mut figures,
                )
                .await
                {
                    Ok(()) => report.rts_appeals += 1,
                    Err(e) => {
                        forget_if_transient(&mut tx, c.id, "rts_appeal", &e, "RTS appeal").await?
                    }
                }
            }
            figures.write(&mut tx, self.engine()).await?;
            tx.commit().await?;
        }

        // Escalation, one level per sweep and case, each level after its own window.
        let lapsed = self
            .candidates(
                &format!(
                    "escalation_level < 3 AND due_at < $2 AND {}",
                    not_marked(&format!(
                        "'escalate:L' || (escalation_level + 1) || ':r' || ({ROUND})"
                    ))
                ),
                now,
            )
            .await?;
        let due_now: Vec<Candidate> = lapsed
            .into_iter()
            .filter(|c| {
                escalation_due(
                    policy,
                    &master,
                    (c.category_id, c.state_id),
                    c.escalation_level,
                    Timestamp(c.due_at),
                    c.escalated_at.map(Timestamp),
                    now,
                )
            })
            .collect();
        // Chunks are independent (the marks keep each deed once): PostgreSQL takes several at a
        // time on separate connections, as each waits on round trips; SQLite has one writer.
        let parallel = self.engine().parallel_writers();
        let mut chunks: Vec<Vec<Candidate>> = Vec::new();
        let mut rest = due_now.into_iter().peekable();
        while rest.peek().is_some() {
            chunks.push(rest.by_ref().take(CHUNK).collect());
        }
        let (master_ref, notifications_ref) = (&master, &notifications);
        let done: Vec<Result<usize>> = futures_util::stream::iter(chunks)
            .map(|chunk| async move {
                self.escalate_chunk(&chunk, master_ref, notifications_ref, now)
                    .await
            })
            .buffer_unordered(parallel)
            .collect()
            .await;
        for escalated in done {
            report.escalations += escalated?;
        }
        // A joint case's parts, each against its own deadline.
        report.part_escalations = self.escalate_lapsed_parts(policy, now).await?;

        // Reminders before the deadline: at the configured share of the time, and on the last day.
        let end_of_today = Timestamp::end_of_ist_day(now.ist_date());
        let percent = policy.reminder_percent.clamp(1, 99);
        let reminders = self
            .candidates(
                &format!(
                    "due_at > $2 AND filed_at + (due_at - filed_at) * {percent} / 100 <= $2 AND {}",
                    not_marked(&format!("'remind_share:r' || ({ROUND}) || ':d' || due_at"))
                ),
                now,
            )
            .await?;
        let last_day = self
            .candidates(
                &format!(
                    "due_at > $2 AND due_at <= {} AND {}",
                    end_of_today.0,
                    not_marked(&format!(
                        "'remind_last_day:r' || ({ROUND}) || ':d' || due_at"
                    ))
                ),
                now,
            )
            .await?;
        for (list, kind) in [(reminders, "remind_share"), (last_day, "remind_last_day")] {
            for chunk in list.chunks(CHUNK) {
                let notices: Vec<Notice> = chunk
                    .iter()
                    .map(|c| {
                        let mark = format!("{kind}:r{}:d{}", c.round, c.due_at);
                        Notice {
                            grievance_id: c.id,
                            office: c.holding_office_id,
                            key: "officer_reminder",
                            values: vec![
                                c.regno.clone().unwrap_or_default(),
                                sms_date(Timestamp(c.due_at)),
                            ],
                            idempotency_base: format!("g{}:{mark}", c.id),
                            mark,
                        }
                    })
                    .collect();
                report.reminders += self.give_notices(&notices, &notifications, now).await?;
            }
        }

        // Interim reply after 21 days open.
        let interim_millis = policy.interim_reply_days.max(1) * 86_400_000;
        let long_open = self
            .candidates(
                &format!(
                    "filed_at < $2 - {interim_millis} AND {}",
                    not_marked("'interim_reply'")
                ),
                now,
            )
            .await?;
        for chunk in long_open.chunks(CHUNK) {
            let notices: Vec<Notice> = chunk
                .iter()
                .map(|c| Notice {
                    grievance_id: c.id,
                    office: c.holding_office_id,
                    mark: "interim_reply".into(),
                    key: "officer_interim",
                    values: vec![
                        c.regno.clone().unwrap_or_default(),
                        Timestamp(c.filed_at).days_until(now).to_string(),
                    ],
                    idempotency_base: format!("g{}:interim", c.id),
                })
                .collect();
            report.interim_reminders += self.give_notices(&notices, &notifications, now).await?;
        }

        // Declared ETAs that passed without disposal count against the office that declared them.
        let breached = self
            .candidates(
                &format!(
                    "eta IS NOT NULL AND eta < $2 AND {}",
                    not_marked("'eta_breach:' || eta")
                ),
                now,
            )
            .await?;
        for chunk in breached.chunks(CHUNK) {
            let notices: Vec<Notice> = chunk
                .iter()
                .map(|c| Notice {
                    grievance_id: c.id,
                    office: c.holding_office_id,
                    mark: format!("eta_breach:{}", c.eta.unwrap_or_default()),
                    // Recorded against the office, not sent.
                    key: "",
                    values: Vec::new(),
                    idempotency_base: String::new(),
                })
                .collect();
            report.eta_breaches += self.give_notices(&notices, &notifications, now).await?;
        }
        Ok(report)
    }

    /// Gives a chunk of notices in one transaction: the marks all at once (those already there
    /// were given before), then the SMS of the new ones. Returns how many were new.
    async fn give_notices(
        &self,
        notices: &[Notice],
        notifications: &crate::notify::Notifications,
        now: Timestamp,
    ) -> Result<usize> {
        if notices.is_empty() {
            return Ok(0);
        }
        let engine = self.engine();
        let mut tx = self.begin_write().await?;
        let mut sql = Sql::many(
            engine,
            "INSERT INTO deadline_marks (grievance_id, mark, at, office_id) VALUES ",
        );
        for (i, n) in notices.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(n.grievance_id).push(", ");
            sql.bind(n.mark.clone()).push(", ");
            sql.bind(now.0).push(", ");
            sql.bind(n.office).push(")");
        }
        sql.push(" ON CONFLICT (grievance_id, mark) DO NOTHING RETURNING grievance_id");
        let (text, args) = sql.into_parts();
        let new: std::collections::HashSet<i64> =
            sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .collect();
        let given: Vec<&Notice> = notices
            .iter()
            .filter(|n| new.contains(&n.grievance_id))
            .collect();
        let mut offices: Vec<i64> = given
            .iter()
            .filter(|n| !n.key.is_empty())
            .filter_map(|n| n.office)
            .collect();
        offices.sort();
        offices.dedup();
        let people = office_recipients(&mut tx, &offices).await?;
        let mut messages = Vec::new();
        for n in given.iter().filter(|n| !n.key.is_empty()) {
            let values: Vec<&str> = n.values.iter().map(String::as_str).collect();
            for (_, user_id, mobile) in people.iter().filter(|(o, _, _)| Some(*o) == n.office) {
                messages.push(Message::to_officer(
                    notifications,
                    n.key,
                    &values,
                    n.grievance_id,
                    &n.idempotency_base,
                    *user_id,
                    mobile,
                )?);
            }
        }
        insert_outbox(&mut tx, Some(engine), &messages, now).await?;
        tx.commit().await?;
        Ok(given.len())
    }

    /// Escalates one chunk of lapsed cases in one transaction, a few statements for the whole
    /// chunk: the marks (which say which cases this sweep is first to), the cases, the new
    /// levels (each guarded by the case's version), the events, and the offices' SMS. Returns
    /// how many it escalated.
    async fn escalate_chunk(
        &self,
        chunk: &[Candidate],
        master: &super::MasterData,
        notifications: &crate::notify::Notifications,
        now: Timestamp,
    ) -> Result<usize> {
        let engine = self.engine();
        let mut tx = self.begin_write().await?;
        // 1. Marks: only the cases whose mark this sweep wrote are this sweep's to escalate.
        let marks: HashMap<i64, String> = chunk
            .iter()
            .map(|c| {
                (
                    c.id,
                    format!("escalate:L{}:r{}", c.escalation_level + 1, c.round),
                )
            })
            .collect();
        let mut sql = Sql::many(
            engine,
            "INSERT INTO deadline_marks (grievance_id, mark, at, office_id) VALUES ",
        );
        for (i, c) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(c.id).push(", ");
            sql.bind(marks[&c.id].clone()).push(", ");
            sql.bind(now.0).push(", ");
            sql.bind(c.holding_office_id).push(")");
        }
        sql.push(" ON CONFLICT (grievance_id, mark) DO NOTHING RETURNING grievance_id");
        let (text, args) = sql.into_parts();
        let mut ours: Vec<i64> = sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(&mut *tx)
            .await?;
        ours.sort();
        if ours.is_empty() {
            tx.commit().await?;
            return Ok(0);
        }
        // 2. The cases, their joint departments and the heads of their chains.
        let cases = load_cases(&mut tx, engine, &ours).await?;
        // 3. The escalation of each, by the lifecycle's rules, in memory.
        let mut planned = Vec::new();
        for case in cases {
            let action = Action::Escalate { manual: false };
            match lifecycle::apply(&case.state, &action, now, master) {
                Ok(next) => planned.push((case, next)),
                Err(e) => {
                    // A rule refuses it (no office above): logged, not tried again.
                    tracing::warn!(grievance_id = case.row.id, error = %e, "escalation not possible");
                }
            }
        }
        if planned.is_empty() {
            tx.commit().await?;
            return Ok(0);
        }
        // 4. New levels, each only if the case is still as read.
        let mut sql = Sql::many(
            engine,
            "UPDATE grievances SET escalation_level = v.column3, escalated_to_id = v.column4, \
             escalated_at = v.column5, updated_at = v.column5, version = grievances.version + 1 FROM (VALUES ",
        );
        for (i, (case, next)) in planned.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.push("CAST(").bind(case.row.id).push(" AS BIGINT), ");
            sql.push("CAST(")
                .bind(case.row.version)
                .push(" AS BIGINT), ");
            sql.push("CAST(")
                .bind(next.escalation_level as i64)
                .push(" AS BIGINT), ");
            sql.push("CAST(")
                .bind(next.escalated_to)
                .push(" AS BIGINT), ");
            sql.push("CAST(").bind(now.0).push(" AS BIGINT))");
        }
        sql.push(
            ") AS v WHERE grievances.id = v.column1 AND grievances.version = v.column2 \
             RETURNING grievances.id",
        );
        let (text, args) = sql.into_parts();
        let updated: std::collections::HashSet<i64> =
            sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .collect();
        // A case someone changed at this very moment is tried again at the next sweep.
        for (case, _) in planned.iter().filter(|(c, _)| !updated.contains(&c.row.id)) {
            sqlx::query("DELETE FROM deadline_marks WHERE grievance_id = $1 AND mark = $2")
                .bind(case.row.id)
                .bind(marks[&case.row.id].clone())
                .execute(&mut *tx)
                .await?;
            tracing::info!(
                grievance_id = case.row.id,
                "case changed during the sweep; will try again"
            );
        }
        planned.retain(|(c, _)| updated.contains(&c.row.id));
        // 5. The events, chained on each case's head.
        let action = Action::Escalate { manual: false };
        let system = Actor::system();
        let mut sql = Sql::many(
            engine,
            "INSERT INTO events (grievance_id, seq, at, actor, action, from_status, to_status, payload, prev_hash, hash) VALUES ",
        );
        for (i, (case, next)) in planned.iter().enumerate() {
            let seq = case.last_seq + 1;
            let from = case.state.status.code();
            let to = next.status.code();
            let payload = super::grievances::step_payload(&action, next, None);
            let hash = chain::event_hash(
                &case.last_hash,
                &EventContent {
                    grievance_id: case.row.id,
                    seq,
                    at_millis: now.0,
                    actor: &system.label,
                    action: action.code(),
                    from_status: from,
                    to_status: to,
                    payload: &payload,
                },
            );
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(case.row.id).push(", ");
            sql.bind(seq).push(", ");
            sql.bind(now.0).push(", ");
            sql.bind(system.label.clone()).push(", ");
            sql.bind(action.code().to_string()).push(", ");
            sql.bind(from.to_string()).push(", ");
            sql.bind(to.to_string()).push(", ");
            sql.bind(payload).push(", ");
            sql.bind(case.last_hash.clone()).push(", ");
            sql.bind(hash).push(")");
        }
        if !planned.is_empty() {
            let (text, args) = sql.into_parts();
            sqlx::query_with(sqlx::AssertSqlSafe(text), args)
                .execute(&mut *tx)
                .await?;
        }
        // 6. The office above and the office below each hear of it.
        let mut offices: Vec<i64> = planned
            .iter()
            .flat_map(|(case, next)| [next.escalated_to, case.row.holding_office_id])
            .flatten()
            .collect();
        offices.sort();
        offices.dedup();
        let people = office_recipients(&mut tx, &offices).await?;
        let mut messages = Vec::new();
        for (case, next) in &planned {
            let regno = case.row.regno.clone().unwrap_or_default();
            let level = next.escalation_level.to_string();
            let target = master.office_code(next.escalated_to).unwrap_or_default();
            let mark = &marks[&case.row.id];
            for office in [next.escalated_to, case.row.holding_office_id]
                .into_iter()
                .flatten()
            {
                for (_, user_id, mobile) in people.iter().filter(|(o, _, _)| *o == office) {
                    messages.push(Message::to_officer(
                        notifications,
                        "officer_escalated",
                        &[&regno, &level, &target],
                        case.row.id,
                        &format!("g{}:{mark}:o{office}", case.row.id),
                        *user_id,
                        mobile,
                    )?);
                }
            }
            // And the citizen, as for an escalation by hand (as bulk: a sweep's many messages
            // wait behind a one-time password and a person's own step).
            let mut row = case.row.clone();
            row.escalated_to_id = next.escalated_to;
            messages.extend(
                super::outbox::citizen_messages(
                    notifications,
                    master,
                    &row,
                    &action,
                    None,
                    case.last_seq + 1,
                )?
                .into_iter()
                .map(Message::as_bulk),
            );
        }
        insert_outbox(&mut tx, Some(engine), &messages, now).await?;
        tx.commit().await?;
        Ok(planned.len())
    }

    /// The marks a case has collected, oldest first: (mark, at).
    pub async fn deadline_marks(&self, grievance_id: i64) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT mark, at FROM deadline_marks WHERE grievance_id = $1 ORDER BY at, mark",
        )
        .bind(grievance_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Claims the recurring job `name` if it is due and nobody holds it. True when this caller
    /// must run it and then call [`Store::finish_job`].
    pub async fn claim_job(&self, name: &str, worker: &str, lease_millis: i64) -> Result<bool> {
        let now = self.now().0;
        sqlx::query(
            "INSERT INTO jobs (name, next_run_at) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name.to_string())
        .execute(self.pool())
        .await?;
        let claimed = sqlx::query(
            "UPDATE jobs SET locked_by = $1, locked_until = $2, last_started_at = $3 \
             WHERE name = $4 AND next_run_at <= $3 AND (locked_until IS NULL OR locked_until < $3)",
        )
        .bind(worker.to_string())
        .bind(now + lease_millis)
        .bind(now)
        .bind(name.to_string())
        .execute(self.pool())
        .await?;
        let claimed = claimed.rows_affected() == 1;
        if claimed {
            self.metrics().job_started(name);
        }
        Ok(claimed)
    }

    pub async fn finish_job(
        &self,
        name: &str,
        worker: &str,
        interval_millis: i64,
        error: Option<String>,
    ) -> Result<()> {
        self.metrics().job_finished(name, error.is_some());
        let now = self.now().0;
        sqlx::query(
            "UPDATE jobs SET locked_by = NULL, locked_until = NULL, last_finished_at = $1, next_run_at = $2, \
             last_error = $3, runs = runs + 1 WHERE name = $4 AND locked_by = $5",
        )
        .bind(now)
        .bind(now + interval_millis)
        .bind(error)
        .bind(name.to_string())
        .bind(worker.to_string())
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
