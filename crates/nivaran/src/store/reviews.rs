//! Review meetings as records (seeds 000, 003, 004): a reviewer's meeting for a scope on a day,
//! its agenda frozen as it was generated from the figures of that moment (`present::meeting`
//! makes it), who attended, the minutes, and the directions given. A direction has an owner
//! (an office or an officer), a text, a target date and, when the reviewer chose them by a
//! rule ("pending over 7 days"), its cases: each then carries the review target in its
//! holder's inbox, and the direction is met, partly met or missed by what became of them. The
//! next meeting of the scope reads every earlier direction back. Each change is in `admin_log`.

use super::sql::Sql;
use super::users::Actor;
use super::{Result, Store, StoreError};
use crate::store::stats::Scope;
use nivaran_domain::ErrorCode;
use nivaran_domain::Timestamp;
use nivaran_domain::msg;
use nivaran_domain::text::FieldError;
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

/// One table of a frozen agenda, its cells as they were shown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FrozenTable {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A meeting's agenda in both languages, as it stood when the meeting was made.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Agenda {
    pub en: Vec<FrozenTable>,
    pub hi: Vec<FrozenTable>,
}

/// A review meeting.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Meeting {
    pub id: i64,
    pub scope: String,
    pub held_on: String,
    pub title: String,
    pub chaired_by: i64,
    pub agenda: String,
    pub minutes: String,
    pub created_at: i64,
}

impl Meeting {
    pub fn agenda(&self) -> Agenda {
        serde_json::from_str(&self.agenda).unwrap_or_default()
    }
}

/// How a person stood to a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Present,
    Absent,
    /// Sent someone in their place (named in the note).
    Deputy,
}

impl Presence {
    pub const ALL: [Presence; 3] = [Presence::Present, Presence::Absent, Presence::Deputy];

    pub fn code(self) -> &'static str {
        match self {
            Presence::Present => "present",
            Presence::Absent => "absent",
            Presence::Deputy => "deputy",
        }
    }

    pub fn parse(code: &str) -> Option<Presence> {
        Presence::ALL.into_iter().find(|p| p.code() == code.trim())
    }
}

/// One line of the attendance.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attendee {
    pub user_id: i64,
    pub status: String,
    pub note: String,
}

/// Where a direction stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectionStatus {
    /// Its target date has not come.
    Running,
    Met,
    /// Some of its cases were disposed of by the target, not all.
    Partly,
    Missed,
    /// A direction without cases whose outcome no one has recorded yet.
    ToRecord,
}

impl DirectionStatus {
    pub fn code(self) -> &'static str {
        match self {
            DirectionStatus::Running => "running",
            DirectionStatus::Met => "met",
            DirectionStatus::Partly => "partly",
            DirectionStatus::Missed => "missed",
            DirectionStatus::ToRecord => "to_record",
        }
    }
}

/// A direction and what became of it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Direction {
    pub id: i64,
    pub meeting_id: i64,
    pub held_on: String,
    pub owner_office_id: Option<i64>,
    pub owner_user_id: Option<i64>,
    pub text: String,
    pub target_date: String,
    pub cases_rule: Option<String>,
    pub outcome: Option<String>,
    pub outcome_note: String,
    /// The cases it covers, those disposed of by the end of the target date, and those open.
    pub cases: i64,
    pub done_by_target: i64,
    pub open_now: i64,
}

impl Direction {
    /// Where it stands on `day` (a later meeting's date, or today).
    pub fn status(&self, day: Date) -> DirectionStatus {
        let due = Date::parse(
            &self.target_date,
            &time::format_description::well_known::Iso8601::DATE,
        )
        .map(|target| target < day)
        .unwrap_or(true);
        if self.cases > 0 {
            if self.done_by_target == self.cases {
                return DirectionStatus::Met;
            }
            if !due {
                return DirectionStatus::Running;
            }
            return if self.done_by_target == 0 {
                DirectionStatus::Missed
            } else {
                DirectionStatus::Partly
            };
        }
        match self.outcome.as_deref() {
            Some("met") => DirectionStatus::Met,
            Some("partly") => DirectionStatus::Partly,
            Some("missed") => DirectionStatus::Missed,
            _ if !due => DirectionStatus::Running,
            _ => DirectionStatus::ToRecord,
        }
    }
}

/// A new direction, as the reviewer gives it.
#[derive(Debug, Clone)]
pub struct NewDirection {
    pub owner_office_id: Option<i64>,
    pub owner_user_id: Option<i64>,
    pub text: String,
    pub target: Date,
    /// Cover the cases pending (in the owner's office and those under it, or the whole scope)
    /// for more than this many days.
    pub pending_over_days: Option<i64>,
}

/// The columns a direction is read with, its counts made from its cases.
const DIRECTION_COLUMNS: &str = "d.id, d.meeting_id, m.held_on, d.owner_office_id, d.owner_user_id, d.text, \
     d.target_date, d.cases_rule, d.outcome, d.outcome_note, \
     (SELECT COUNT(*) FROM direction_cases dc WHERE dc.direction_id = d.id) AS cases, \
     (SELECT COUNT(*) FROM direction_cases dc JOIN grievances g ON g.id = dc.grievance_id \
      WHERE dc.direction_id = d.id AND g.disposed_at IS NOT NULL AND g.disposed_at <= d.target_end) AS done_by_target, \
     (SELECT COUNT(*) FROM direction_cases dc JOIN grievances g ON g.id = dc.grievance_id \
      WHERE dc.direction_id = d.id AND g.status NOT IN ('disposed', 'closed')) AS open_now";

fn parse_day(field: &'static str, text: &str) -> Result<Date> {
    Date::parse(
        text.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| {
        FieldError::new(
            field,
            ErrorCode::InvalidDate,
            msg!("store-reviews-bad-date"),
        )
        .into()
    })
}

impl Store {
    /// Opens a meeting of `scope` on `held_on`, with its agenda as generated now; `weekly`, and
    /// the same meeting is held every week on that weekday from then on (the worker makes the
    /// later ones: `review_schedules`). The meeting and its schedule are made together or not.
    pub async fn create_meeting(
        &self,
        actor: &Actor,
        scope: &Scope,
        held_on: &str,
        title: &str,
        agenda: &Agenda,
        weekly: bool,
    ) -> Result<i64> {
        let held_on = parse_day("held_on", held_on)?;
        let title = nivaran_domain::text::bounded("title", title, 3, 200)?;
        let chair = actor.user_id.ok_or(StoreError::NotFound("user"))?;
        let scope_code = scope.code(&self.master());
        let now = self.now().0;
        let mut tx = self.begin_write().await?;
        let schedule = if weekly {
            Some(
                super::review_schedules::add_schedule(
                    &mut tx,
                    actor,
                    &scope_code,
                    held_on,
                    &title,
                    self.now(),
                )
                .await?,
            )
        } else {
            None
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO review_meetings (scope, held_on, title, chaired_by, agenda, created_at, updated_at, schedule_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id",
        )
        .bind(scope_code.clone())
        .bind(held_on.to_string())
        .bind(title.clone())
        .bind(chair)
        .bind(serde_json::to_string(agenda).unwrap_or_default())
        .bind(now)
        .bind(schedule)
        .fetch_one(&mut *tx)
        .await?;
        super::settings::log_admin(
            &mut tx,
            actor,
            self.now(),
            "create_meeting",
            &id.to_string(),
            &json!({"scope": scope_code, "held_on": held_on.to_string(), "title": title, "schedule": schedule}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn meeting(&self, id: i64) -> Result<Meeting> {
        sqlx::query_as(
            "SELECT id, scope, held_on, title, chaired_by, agenda, minutes, created_at \
             FROM review_meetings WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("meeting"))
    }

    /// The meetings of a scope, latest first.
    pub async fn meetings_of(&self, scope: &Scope) -> Result<Vec<Meeting>> {
        Ok(sqlx::query_as(
            "SELECT id, scope, held_on, title, chaired_by, '' AS agenda, minutes, created_at \
             FROM review_meetings WHERE scope = $1 ORDER BY held_on DESC, id DESC LIMIT 100",
        )
        .bind(scope.code(&self.master()))
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn attendance(&self, meeting: i64) -> Result<Vec<Attendee>> {
        Ok(sqlx::query_as(
            "SELECT user_id, status, note FROM meeting_attendance WHERE meeting_id = $1",
        )
        .bind(meeting)
        .fetch_all(self.pool())
        .await?)
    }

    /// Records who attended (replacing what was recorded before).
    pub async fn record_attendance(
        &self,
        actor: &Actor,
        meeting: i64,
        entries: &[(i64, Presence, String)],
    ) -> Result<()> {
        self.meeting(meeting).await?;
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM meeting_attendance WHERE meeting_id = $1")
            .bind(meeting)
            .execute(&mut *tx)
            .await?;
        for (user, presence, note) in entries {
            let note = nivaran_domain::text::bounded("note", note, 0, 200)?;
            sqlx::query(
                "INSERT INTO meeting_attendance (meeting_id, user_id, status, note) VALUES ($1, $2, $3, $4)",
            )
            .bind(meeting)
            .bind(*user)
            .bind(presence.code())
            .bind(note)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE review_meetings SET updated_at = $1 WHERE id = $2")
            .bind(self.now().0)
            .bind(meeting)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        let recorded: Vec<_> = entries
            .iter()
            .map(|(u, p, n)| json!({"user_id": u, "status": p.code(), "note": n}))
            .collect();
        self.log_admin(
            actor,
            "record_attendance",
            &meeting.to_string(),
            json!(recorded),
        )
        .await
    }

    pub async fn save_minutes(&self, actor: &Actor, meeting: i64, minutes: &str) -> Result<()> {
        let minutes = nivaran_domain::text::bounded("minutes", minutes, 0, 20_000)?;
        let done =
            sqlx::query("UPDATE review_meetings SET minutes = $1, updated_at = $2 WHERE id = $3")
                .bind(minutes.clone())
                .bind(self.now().0)
                .bind(meeting)
                .execute(self.pool())
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("meeting"));
        }
        self.log_admin(
            actor,
            "save_minutes",
            &meeting.to_string(),
            json!({"minutes": minutes}),
        )
        .await
    }

    /// Gives a direction at `meeting`; with `pending_over_days`, it covers the cases of the
    /// meeting's scope (within the owner's office and those under it, when an office owns it)
    /// pending for longer than that now, and each carries the target in its holder's inbox.
    /// Returns the direction's id and how many cases it covers.
    pub async fn add_direction(
        &self,
        actor: &Actor,
        meeting: i64,
        new: &NewDirection,
    ) -> Result<(i64, i64)> {
        let m = self.meeting(meeting).await?;
        let scope = Scope::parse(self, &m.scope).await?;
        let master = self.master();
        let text = nivaran_domain::text::bounded("text", &new.text, 5, 2000)?;
        if new.owner_office_id.is_none() && new.owner_user_id.is_none() {
            return Err(FieldError::required("owner").into());
        }
        let held_on = parse_day("held_on", &m.held_on)?;
        if new.target < held_on {
            return Err(FieldError::new(
                "target_date",
                ErrorCode::OutOfRange,
                msg!("store-reviews-target-before-meeting"),
            )
            .into());
        }
        if let Some(days) = new.pending_over_days
            && !(0..=3650).contains(&days)
        {
            return Err(FieldError::new(
                "pending_over_days",
                ErrorCode::OutOfRange,
                msg!("store-reviews-bad-days"),
            )
            .into());
        }
        let target_end = Timestamp::end_of_ist_day(new.target).0;
        let now = self.now();
        let by = actor.user_id.ok_or(StoreError::NotFound("user"))?;
        let rule = new
            .pending_over_days
            .map(|days| format!("pending_over_days={days}"));
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO directions (meeting_id, owner_office_id, owner_user_id, text, target_date, \
             target_end, cases_rule, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(meeting)
        .bind(new.owner_office_id)
        .bind(new.owner_user_id)
        .bind(text.clone())
        .bind(new.target.to_string())
        .bind(target_end)
        .bind(rule.clone())
        .bind(by)
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        let mut covered = 0;
        if let Some(days) = new.pending_over_days {
            let mut chosen =
                Sql::new("INSERT INTO direction_cases (direction_id, grievance_id) SELECT ");
            chosen.bind(id).push(
                ", g.id FROM grievances g WHERE g.status NOT IN ('disposed', 'closed') AND g.filed_at < ",
            );
            chosen.bind(now.0 - days * 86_400_000);
            scope.condition(&mut chosen, &master);
            if let Some(office) = new.owner_office_id {
                chosen
                    .push(" AND g.holding_office_id IN ")
                    .bind_in(&master.office_subtree(office));
            }
            if let Some(user) = new.owner_user_id {
                chosen.push(" AND g.holder_user_id = ").bind(user);
            }
            let (text, args) = chosen.into_parts();
            covered = sqlx::query_with(sqlx::AssertSqlSafe(text), args)
                .execute(&mut *tx)
                .await?
                .rows_affected() as i64;
            // The earliest target a review set is the one the holder works to.
            sqlx::query(
                "UPDATE grievances SET review_target_at = $1 WHERE id IN \
                 (SELECT grievance_id FROM direction_cases WHERE direction_id = $2) \
                 AND (review_target_at IS NULL OR review_target_at > $1)",
            )
            .bind(target_end)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.log_admin(
            actor,
            "add_direction",
            &id.to_string(),
            json!({"meeting": meeting, "owner_office_id": new.owner_office_id,
                   "owner_user_id": new.owner_user_id, "text": text,
                   "target_date": new.target.to_string(), "cases_rule": rule, "cases": covered}),
        )
        .await?;
        Ok((id, covered))
    }

    /// What became of a direction without cases, as recorded at a later meeting of its scope.
    pub async fn record_outcome(
        &self,
        actor: &Actor,
        meeting: &Meeting,
        direction: i64,
        outcome: &str,
        note: &str,
    ) -> Result<()> {
        if !matches!(outcome, "met" | "partly" | "missed") {
            return Err(FieldError::new(
                "outcome",
                ErrorCode::InvalidChoice,
                msg!("store-reviews-bad-outcome"),
            )
            .into());
        }
        let note = nivaran_domain::text::bounded("outcome_note", note, 0, 1000)?;
        // Only a direction of the meeting's scope given at an earlier meeting, covering no cases
        // (theirs is what became of the cases), and recorded once.
        let done = sqlx::query(
            "UPDATE directions SET outcome = $1, outcome_note = $2 WHERE id = $3 AND outcome IS NULL \
             AND meeting_id IN (SELECT id FROM review_meetings WHERE scope = $4 AND held_on < $5) \
             AND NOT EXISTS (SELECT 1 FROM direction_cases dc WHERE dc.direction_id = directions.id)",
        )
        .bind(outcome.to_string())
        .bind(note.clone())
        .bind(direction)
        .bind(meeting.scope.clone())
        .bind(meeting.held_on.clone())
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("direction"));
        }
        self.log_admin(
            actor,
            "record_outcome",
            &direction.to_string(),
            json!({"outcome": outcome, "note": note}),
        )
        .await
    }

    /// The directions given at `meeting`.
    pub async fn directions_of(&self, meeting: i64) -> Result<Vec<Direction>> {
        let sql = format!(
            "SELECT {DIRECTION_COLUMNS} FROM directions d JOIN review_meetings m ON m.id = d.meeting_id \
             WHERE d.meeting_id = $1 ORDER BY d.id"
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(meeting)
            .fetch_all(self.pool())
            .await?)
    }

    /// The directions given at the earlier meetings of `meeting`'s scope: what it follows up.
    pub async fn directions_before(&self, meeting: &Meeting) -> Result<Vec<Direction>> {
        let sql = format!(
            "SELECT {DIRECTION_COLUMNS} FROM directions d JOIN review_meetings m ON m.id = d.meeting_id \
             WHERE m.scope = $1 AND (m.held_on < $2 OR (m.held_on = $2 AND m.id < $3)) \
             ORDER BY m.held_on DESC, d.id LIMIT 200"
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(meeting.scope.clone())
            .bind(meeting.held_on.clone())
            .bind(meeting.id)
            .fetch_all(self.pool())
            .await?)
    }

    /// The directions that concern an officer: theirs by name, and their office's.
    pub async fn directions_for(&self, actor: &Actor) -> Result<Vec<Direction>> {
        let sql = format!(
            "SELECT {DIRECTION_COLUMNS} FROM directions d JOIN review_meetings m ON m.id = d.meeting_id \
             WHERE d.owner_user_id = $1 OR d.owner_office_id = $2 ORDER BY d.target_date, d.id LIMIT 200"
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(actor.user_id.unwrap_or(-1))
            .bind(actor.office_id.unwrap_or(-1))
            .fetch_all(self.pool())
            .await?)
    }
}
