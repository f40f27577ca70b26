//! Review meetings held every week (seed 003: every 7 days; seed 004: the weekly departmental
//! review): a reviewer sets a scope, a weekday and a title once, and the worker makes each
//! meeting on its day with the agenda of that morning, in the reviewer's chair. A meeting made
//! from a schedule names it, and the database holds one per schedule and day, however many
//! nodes run the worker. Each change is in `admin_log`.

use super::reviews::Agenda;
use super::settings::log_admin;
use super::users::Actor;
use super::{Result, Store, StoreError};
use crate::store::stats::Scope;
use nivaran_domain::Timestamp;
use serde_json::json;
use sqlx::AnyConnection;
use time::Date;

/// A weekly schedule of review meetings.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReviewSchedule {
    pub id: i64,
    pub scope: String,
    /// 0 for Monday to 6 for Sunday.
    pub weekday: i64,
    pub title: String,
    pub chaired_by: i64,
}

const COLUMNS: &str = "id, scope, weekday, title, chaired_by";

/// Holds a meeting of `scope` every week on the weekday of `starts_on` (whose meeting the
/// caller makes by hand, in the same transaction), chaired by `actor`.
pub(super) async fn add_schedule(
    tx: &mut AnyConnection,
    actor: &Actor,
    scope: &str,
    starts_on: Date,
    title: &str,
    now: Timestamp,
) -> Result<i64> {
    let chair = actor.user_id.ok_or(StoreError::NotFound("user"))?;
    let day = i64::from(starts_on.weekday().number_days_from_monday());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO review_schedules (scope, weekday, title, starts_on, chaired_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(scope.to_string())
    .bind(day)
    .bind(title.to_string())
    .bind(starts_on.to_string())
    .bind(chair)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await?;
    log_admin(
        tx,
        actor,
        now,
        "add_review_schedule",
        &id.to_string(),
        &json!({"scope": scope, "weekday": day, "starts_on": starts_on.to_string(), "title": title}),
    )
    .await?;
    Ok(id)
}

impl Store {
    /// The schedules of `scope` still running.
    pub async fn review_schedules(&self, scope: &Scope) -> Result<Vec<ReviewSchedule>> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM review_schedules WHERE scope = $1 AND stopped_at IS NULL \
             ORDER BY weekday, id"
        )))
        .bind(scope.code(&self.master()))
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn review_schedule(&self, id: i64) -> Result<ReviewSchedule> {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM review_schedules WHERE id = $1 AND stopped_at IS NULL"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("meeting"))
    }

    /// Stops a schedule: no meeting is made from it after (those made stay).
    pub async fn stop_review_schedule(&self, actor: &Actor, id: i64) -> Result<()> {
        let stopped = sqlx::query(
            "UPDATE review_schedules SET stopped_at = $1 WHERE id = $2 AND stopped_at IS NULL",
        )
        .bind(self.now().0)
        .bind(id)
        .execute(self.pool())
        .await?
        .rows_affected();
        if stopped == 0 {
            return Err(StoreError::NotFound("meeting"));
        }
        self.log_admin(actor, "stop_review_schedule", &id.to_string(), json!({}))
            .await
    }

    /// The running schedules whose meeting falls on `day` and is not made yet, of chairs whose
    /// accounts are active and still hold meetings (a supervisor or an administrator).
    pub async fn review_schedules_due(&self, day: Date) -> Result<Vec<ReviewSchedule>> {
        Ok(sqlx::query_as(
            "SELECT s.id, s.scope, s.weekday, s.title, s.chaired_by FROM review_schedules s \
             JOIN users u ON u.id = s.chaired_by \
             WHERE s.stopped_at IS NULL AND s.weekday = $1 AND s.starts_on <= $2 AND u.active = 1 \
             AND u.role IN ('supervisor', 'admin') \
             AND NOT EXISTS (SELECT 1 FROM review_meetings m WHERE m.schedule_id = s.id AND m.held_on = $2) \
             ORDER BY s.id",
        )
        .bind(i64::from(day.weekday().number_days_from_monday()))
        .bind(day.to_string())
        .fetch_all(self.pool())
        .await?)
    }

    /// Makes the meeting of `schedule` on `held_on` with `agenda`, unless it is made already
    /// (by another node, or by hand when the schedule was set): its id, when made now.
    pub async fn create_scheduled_meeting(
        &self,
        schedule: &ReviewSchedule,
        held_on: Date,
        agenda: &Agenda,
    ) -> Result<Option<i64>> {
        let now = self.now().0;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO review_meetings (scope, held_on, title, chaired_by, agenda, created_at, updated_at, schedule_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7) ON CONFLICT (schedule_id, held_on) DO NOTHING RETURNING id",
        )
        .bind(schedule.scope.clone())
        .bind(held_on.to_string())
        .bind(schedule.title.clone())
        .bind(schedule.chaired_by)
        .bind(serde_json::to_string(agenda).unwrap_or_default())
        .bind(now)
        .bind(schedule.id)
        .fetch_optional(self.pool())
        .await?;
        if let Some(id) = id {
            self.log_admin(
                &Actor::system(),
                "create_meeting",
                &id.to_string(),
                json!({"scope": schedule.scope, "held_on": held_on.to_string(), "schedule": schedule.id}),
            )
            .await?;
        }
        Ok(id)
    }
}
