//! Read-only master data for pickers and integrations: jurisdictions, departments, categories,
//! offices. Public: none of it is personal.

use super::AppState;
use super::error::ApiError;
use super::extract::ApiQuery;
use crate::store::{MasterData, SUGGEST_MAX_CHARS};
use axum::Json;
use axum::extract::State;
use nivaran_domain::{ErrorCode, msg};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct JurisdictionQuery {
    /// Children of this jurisdiction; without it, the states.
    parent: Option<String>,
}

pub async fn jurisdictions(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<JurisdictionQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let master = state.store.master();
    let parent_id = match query.parent.as_deref().filter(|p| !p.is_empty()) {
        Some(code) => Some(
            master
                .jurisdiction_by_code(code)
                .ok_or_else(|| {
                    ApiError::bad_request(
                        ErrorCode::Unknown,
                        Some("parent"),
                        msg!("http-master-no-jurisdiction", code = code),
                    )
                })?
                .id,
        ),
        None => None,
    };
    let mut items: Vec<_> = master
        .jurisdictions
        .values()
        .filter(|j| j.parent_id == parent_id)
        .collect();
    items.sort_by(|a, b| a.name_en.cmp(&b.name_en));
    let items: Vec<_> = items
        .into_iter()
        .map(|j| json!({"code": j.code, "level": j.level, "name_en": j.name_en, "name_hi": j.name_hi}))
        .collect();
    Ok(Json(json!({ "items": items })))
}

pub async fn departments(State(state): State<Arc<AppState>>) -> Json<serde_json::Value> {
    let master = state.store.master();
    let mut items: Vec<_> = master.departments.values().collect();
    items.sort_by(|a, b| a.code.cmp(&b.code));
    let items: Vec<_> = items
        .into_iter()
        .map(|d| json!({"code": d.code, "name_en": d.name_en, "name_hi": d.name_hi}))
        .collect();
    Json(json!({ "items": items }))
}

/// The id of an optional department code from a query, or a 422 naming the parameter.
fn department_id(master: &MasterData, code: Option<&str>) -> Result<Option<i64>, ApiError> {
    let Some(code) = code.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    master
        .department_by_code(code)
        .map(|d| Some(d.id))
        .ok_or_else(|| {
            ApiError::bad_request(
                ErrorCode::Unknown,
                Some("department"),
                msg!("http-master-no-department", code = code),
            )
        })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CategoryQuery {
    department: Option<String>,
    /// Words that name the categories wanted: their names in either language, code, department
    /// or synonyms, however spelt (with or without the nukta, singular or plural, Hindi in
    /// Latin letters).
    q: Option<String>,
}

pub async fn categories(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<CategoryQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let master = state.store.master();
    let department = department_id(&master, query.department.as_deref())?;
    let wanted = crate::store::CategoryQuery::parse(query.q.as_deref().unwrap_or(""));
    let mut items: Vec<_> = master
        .categories
        .values()
        .filter(|c| department.is_none_or(|d| c.department_id == d))
        .filter(|c| master.category_matches(c, &wanted))
        .collect();
    items.sort_by(|a, b| a.code.cmp(&b.code));
    let items: Vec<_> = items
        .into_iter()
        .map(|c| {
            json!({
                "code": c.code,
                "department": master.departments.get(&c.department_id).map(|d| d.code.clone()),
                "parent": c.parent_id.and_then(|p| master.categories.get(&p)).map(|p| p.code.clone()),
                "kind": c.kind,
                "name_en": c.name_en,
                "name_hi": c.name_hi,
                "synonyms": c.synonyms.split(';').map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>(),
                "deadline_days": c.deadline_days,
                "right_to_service": c.rts != 0,
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OfficeQuery {
    department: Option<String>,
    /// Offices sitting in this jurisdiction or below it.
    jurisdiction: Option<String>,
}

pub async fn offices(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<OfficeQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let master = state.store.master();
    let department = department_id(&master, query.department.as_deref())?;
    let area = match query.jurisdiction.as_deref().filter(|d| !d.is_empty()) {
        Some(code) => Some(
            master.jurisdiction_subtree(
                master
                    .jurisdiction_by_code(code)
                    .ok_or_else(|| {
                        ApiError::bad_request(
                            ErrorCode::Unknown,
                            Some("jurisdiction"),
                            msg!("http-master-no-jurisdiction", code = code),
                        )
                    })?
                    .id,
            ),
        ),
        None => None,
    };
    let mut items: Vec<_> = master
        .offices
        .values()
        .filter(|o| department.is_none_or(|d| o.department_id == d))
        .filter(|o| area.as_ref().is_none_or(|a| a.contains(&o.jurisdiction_id)))
        .collect();
    items.sort_by(|a, b| a.code.cmp(&b.code));
    let items: Vec<_> = items
        .into_iter()
        .map(|o| {
            json!({
                "code": o.code,
                "department": master.departments.get(&o.department_id).map(|d| d.code.clone()),
                "jurisdiction": master.jurisdictions.get(&o.jurisdiction_id).map(|j| j.code.clone()),
                "parent": master.office_code(o.parent_id),
                "level": o.level,
                "nodal": o.nodal != 0,
                "name_en": o.name_en,
                "name_hi": o.name_hi,
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

/// The most suggestions one request may ask for.
const SUGGEST_MOST: usize = 10;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuggestQuery {
    /// What the citizen wrote: the subject and the description, in any language or script.
    text: String,
    /// How many categories (default 3, at most 10).
    most: Option<usize>,
}

/// `GET /api/v1/categories/suggest?text=…`: the categories (with their departments) the words
/// point to, likeliest first, from the classifier trained on the state's history.
pub async fn suggest_categories(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<SuggestQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let text = query.text.trim();
    if text.is_empty() {
        return Err(ApiError::bad_request(
            ErrorCode::Empty,
            Some("text"),
            msg!("http-suggest-text-empty"),
        ));
    }
    if text.chars().count() > SUGGEST_MAX_CHARS {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidLength,
            Some("text"),
            msg!("http-suggest-text-too-long", max = SUGGEST_MAX_CHARS as i64),
        ));
    }
    let most = query.most.unwrap_or(3);
    if !(1..=SUGGEST_MOST).contains(&most) {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidChoice,
            Some("most"),
            msg!("http-suggest-most-invalid", max = SUGGEST_MOST as i64),
        ));
    }
    let items = state.store.suggest_categories(text, most).await?;
    Ok(Json(json!({ "items": items })))
}
