//! The weekly review meetings (`review_schedules`): on a schedule's weekday the worker makes
//! that day's meeting, its agenda generated from the figures of that morning and frozen with
//! it, chaired by whoever set the schedule. Run by the worker every hour; each meeting is made
//! once per schedule and day (the database refuses a second).

use crate::store::{Actor, ReviewSchedule, Scope, Store};

/// Makes the meetings due on `today`; returns how many were made now. A schedule that cannot
/// be held (its place gone from master data, its chair no longer over it) is passed over and
/// said in the log; the others are still made.
pub async fn hold_scheduled_meetings(store: &Store, today: time::Date) -> Result<usize, String> {
    let due = store
        .review_schedules_due(today)
        .await
        .map_err(|e| e.to_string())?;
    let mut made = 0;
    for schedule in due {
        match hold(store, &schedule, today).await {
            Ok(true) => made += 1,
            Ok(false) => {}
            Err(e) => {
                tracing::error!(schedule = schedule.id, error = %e, "a weekly review meeting was not made")
            }
        }
    }
    Ok(made)
}

async fn hold(store: &Store, schedule: &ReviewSchedule, today: time::Date) -> Result<bool, String> {
    let scope = Scope::parse(store, &schedule.scope)
        .await
        .map_err(|e| format!("its scope {}: {e}", schedule.scope))?;
    let chair = store
        .user_by_id(schedule.chaired_by)
        .await
        .map_err(|e| e.to_string())?;
    if !scope.visible_to(&Actor::from_user(&chair), &store.master()) {
        return Err(format!(
            "its chair {} no longer reviews {}",
            chair.username, schedule.scope
        ));
    }
    let agenda = crate::present::meeting::agenda(store, &scope, today)
        .await
        .map_err(|e| e.to_string())?;
    let made = store
        .create_scheduled_meeting(schedule, today, &agenda)
        .await
        .map_err(|e| e.to_string())?;
    if let Some(id) = made {
        tracing::info!(
            meeting = id,
            schedule = schedule.id,
            "weekly review meeting made"
        );
    }
    Ok(made.is_some())
}
