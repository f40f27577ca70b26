//! Administration: master data (jurisdictions, departments, offices, categories with deadlines,
//! routing rules, holidays), users and roles, API tokens, the outbox and the category
//! suggestion. Every change goes
//! through the store's administrative calls, which record it in the administration log.
//!
//! The six kinds of master data share one page layout ([`MasterPage`]): a filter, the list, and
//! a form that adds a row or, opened from a row's "edit" link, changes it (rows are keyed by
//! code, as in the import files).

mod exchange;
mod integrations;
mod master;
mod suggest;
mod users;
use exchange::*;
use integrations::*;
use master::*;
use suggest::*;
use users::*;

use super::forms::{FieldErrors, Form, query_form, url_encode};
use super::i18n::Lang;
use super::{Ctx, page, page_with_status, see_other};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::{
    AdminLogEntry, CategoryRow, DepartmentRow, HolidayRow, JurisdictionRow, MasterChange,
    MasterData, NewUser, OfficeRow, OutboxMessage, RoutingRow, TokenInfo, User, UserEdit,
};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use nivaran_domain::types::{JurisdictionLevel, Kind, Role};
use std::sync::Arc;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin", get(index))
        .route(
            "/admin/integrations",
            get(integrations_page).post(integrations_save),
        )
        .route(
            "/admin/integrations/keys/{id}/revoke",
            post(integration_key_revoke),
        )
        .route(
            "/admin/integrations/webhooks/{id}/remove",
            post(integration_webhook_remove),
        )
        .route("/admin/suggest", get(suggest_page))
        .route("/admin/suggest/train", post(suggest_train))
        .route("/admin/{kind}", get(master_page).post(master_save))
        .route("/admin/{kind}/{id}/remove", post(master_remove))
        .route("/admin/users/{username}", get(user_page).post(user_save))
        .route("/admin/users/{username}/password", post(user_password))
        .route("/admin/tokens/{id}/revoke", post(token_revoke))
        .route("/admin/outbox/{id}/retry", post(outbox_retry))
}

fn admin(c: &Ctx) -> Result<(), ApiError> {
    c.require(&[Role::Admin]).map(|_| ())
}

#[derive(Template)]
#[template(path = "admin/index.html")]
struct Index {
    c: Ctx,
    counts: Vec<(String, String, String)>,
    log: Vec<AdminLogEntry>,
}

pub async fn index(State(state): State<Arc<AppState>>, c: Ctx) -> Result<Response, ApiError> {
    admin(&c)?;
    let master = state.store.master();
    let counts = vec![
        ("jurisdictions", master.jurisdictions.len()),
        ("departments", master.departments.len()),
        ("offices", master.offices.len()),
        ("categories", master.categories.len()),
        ("routing", master.rule_count),
    ]
    .into_iter()
    .map(|(k, n)| {
        (
            k.to_string(),
            c.t(&format!("admin-{k}")),
            c.num(&(n as i64)),
        )
    })
    .collect();
    let log = state.store.admin_log(50).await?;
    Ok(page(&Index { c, counts, log }))
}
