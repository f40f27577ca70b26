//! The weekly schedules of review meetings on the reviews page, and stopping one: its chair or
//! an administrator stops it; the meetings it made stay.

use super::dashboard::REVIEWERS;
use super::{Ctx, forms::url_encode, see_other};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::{Scope, Store};
use axum::extract::{Path, State};
use axum::response::Response;
use nivaran_domain::types::Role;
use std::sync::Arc;

/// A schedule as the reviews page lists it.
pub struct ScheduleRow {
    pub id: i64,
    /// "Every Monday: Weekly review of grievances (chair: …)".
    pub text: String,
    pub may_stop: bool,
}

/// May the reader stop a schedule chaired by `chair`?
fn may_stop(c: &Ctx, chair: i64) -> bool {
    match c.role {
        Some(Role::Admin) => true,
        Some(Role::Supervisor) => c.actor().ok().and_then(|a| a.user_id) == Some(chair),
        _ => false,
    }
}

/// The running schedules of `scope`.
pub async fn rows(store: &Store, c: &Ctx, scope: &Scope) -> Result<Vec<ScheduleRow>, ApiError> {
    let master = store.master();
    Ok(store
        .review_schedules(scope)
        .await?
        .into_iter()
        .map(|s| {
            let chair = master
                .people
                .get(&s.chaired_by)
                .map(|p| p.full_name.clone())
                .unwrap_or_default();
            ScheduleRow {
                id: s.id,
                text: c.lang.t_args(
                    "reviews-schedule-row",
                    &[
                        ("day", c.t(&format!("weekday-{}", s.weekday))),
                        ("title", s.title.clone()),
                        ("chair", chair),
                    ],
                ),
                may_stop: may_stop(c, s.chaired_by),
            }
        })
        .collect())
}

pub async fn stop(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    c.require(REVIEWERS)?;
    let store = &state.store;
    let schedule = store.review_schedule(id).await?;
    // Its chair or an administrator stops it, even when its place is gone from master data
    // or the chair no longer reviews it; another reviewer of the place is refused, anyone
    // else is not told it exists.
    if !may_stop(&c, schedule.chaired_by) {
        let visible = match Scope::parse(store, &schedule.scope).await {
            Ok(scope) => scope.visible_to(&c.actor()?, &store.master()),
            Err(_) => false,
        };
        return Err(if visible {
            ApiError::forbidden("chair-meeting")
        } else {
            ApiError::not_found("meeting")
        });
    }
    store.stop_review_schedule(&c.actor()?, id).await?;
    Ok(see_other(&format!(
        "/reviews?scope={}",
        url_encode(&schedule.scope)
    )))
}
