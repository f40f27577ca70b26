//! The weekly review meetings (`review_schedules`): on a schedule's weekday the worker makes
//! that day's meeting, its agenda generated from the figures of that morning and frozen with
//! it, chaired by whoever set the schedule. Run by the worker every hour; each meeting is made
//! once per schedule and day (the database refuses a second).

use crate::store::{Scope, Store};

/// Makes the meetings due on `today`; returns how many were made now.
pub async fn hold_scheduled_meetings(store: &Store, today: time::Date) -> Result<usize, String> {
    let due = store
        .review_schedules_due(today)
        .await
        .map_err(|e| e.to_string())?;
    let mut made = 0;
    for schedule in due {
        let scope = match Scope::parse(store, &schedule.scope).await {
            Ok(scope) => scope,
            // A scope master data no longer knows: the others are still made.
            Err(e) => {
                tracing::error!(schedule = schedule.id, error = %e, "a review schedule's scope is gone");
                continue;
            }
        };
        let agenda = crate::present::meeting::agenda(store, &scope, today)
            .await
            .map_err(|e| e.to_string())?;
        if let Some(id) = store
            .create_scheduled_meeting(&schedule, today, &agenda)
            .await
            .map_err(|e| e.to_string())?
        {
            tracing::info!(
                meeting = id,
                schedule = schedule.id,
                "weekly review meeting made"
            );
            made += 1;
        }
    }
    Ok(made)
}
