//! The "inter-departmental pending" page (seed 004): at a scope the reader may see, the joint
//! cases whose departments' parts still owe their ATRs, with the departments involved, each
//! part's office and age, the oldest part, and the parts pending by department.

use super::dashboard::{REVIEWERS, scope_name};
use super::forms::query_form;
use super::{Ctx, page};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::Interdepartmental;
use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use std::sync::Arc;

#[derive(Template)]
#[template(path = "interdepartmental.html")]
struct InterdepartmentalPage {
    c: Ctx,
    place: String,
    scope: String,
    figures: Interdepartmental,
}

impl InterdepartmentalPage {
    fn name(&self, en: &str, hi: &str) -> String {
        self.c.pick(en, hi).to_string()
    }

    /// Are there more cases than the list shows?
    fn more(&self) -> bool {
        self.figures.cases > self.figures.items.len() as i64
    }
}

pub async fn interdepartmental(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(REVIEWERS)?;
    let q = query_form(&uri);
    q.only(&["scope"], &[])?;
    let actor = c.actor()?;
    let (scope, figures) = state
        .store
        .interdepartmental_for(&actor, c.username(), q.opt("scope").as_deref())
        .await?
        .ok_or_else(|| ApiError::forbidden("see-figures"))?;
    let master = state.store.master();
    let officer_name = match &scope {
        crate::store::Scope::Officer { username, .. } => state
            .store
            .user_by_username(username)
            .await
            .ok()
            .map(|u| u.full_name),
        _ => None,
    };
    let page_data = InterdepartmentalPage {
        place: scope_name(&c, &master, &scope, officer_name.as_deref()),
        scope: scope.code(&master),
        figures,
        c,
    };
    Ok(page(&page_data))
}
