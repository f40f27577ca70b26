//! Duplicate and repeat petitions over the API (issue 17, part 2): the similar cases a filing
//! would repeat, attaching a citizen to an existing case instead, and the nodal officer's list
//! of candidates with its figures and the "not a duplicate" decision. Linking and undoing a
//! link are lifecycle actions (`link_duplicate`, `unlink_duplicate`).

use super::AppState;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser, MaybeUser};
use crate::store::{Actor, DuplicateReview, Period, SimilarQuery, works_duplicates};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use nivaran_domain::text::Mobile;
use nivaran_domain::types::{Channel, Language};
use nivaran_domain::{ErrorCode, msg};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

/// The caller as the similar-cases check sees them: nobody in particular when signed out (no
/// number is matched for them).
fn caller(user: &Option<crate::store::User>) -> Actor {
    match user {
        Some(user) => Actor::from_user(user),
        None => Actor::anonymous(),
    }
}

/// `GET /grievances/similar`: the open cases a grievance being typed is likely the same as.
pub async fn similar(
    State(state): State<Arc<AppState>>,
    MaybeUser(user): MaybeUser,
    ApiQuery(query): ApiQuery<SimilarQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let items = state.store.similar_cases(&query, &caller(&user)).await?;
    Ok(Json(json!({ "items": items })))
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachBody {
    pub citizen_name: String,
    pub mobile: String,
    /// `hi` (default) or `en`: the language to write to the citizen in.
    #[serde(default)]
    pub language: Option<String>,
    /// Operators only: the door the citizen came through (default `web`).
    #[serde(default)]
    pub channel: Option<String>,
}

/// `POST /grievances/{regno}/followers`: the citizen is attached to this open case instead of
/// filing the same grievance again.
pub async fn attach(
    State(state): State<Arc<AppState>>,
    MaybeUser(user): MaybeUser,
    ApiPath(regno): ApiPath<String>,
    ApiJson(body): ApiJson<AttachBody>,
) -> Result<Response, ApiError> {
    let language = match body.language.as_deref().map(str::trim) {
        None | Some("") => Language::Hi,
        Some(code) => Language::parse(code).ok_or_else(|| {
            ApiError::bad_request(
                ErrorCode::InvalidChoice,
                Some("language"),
                msg!("grievance-invalid-language"),
            )
        })?,
    };
    let actor = match &user {
        Some(user) => Actor::from_user(user),
        None => {
            let mobile = Mobile::parse(&body.mobile).map_err(crate::store::StoreError::from)?;
            Actor::public(&mobile)
        }
    };
    let may_choose = actor
        .role
        .is_some_and(nivaran_domain::access::may_file_for_others);
    let channel = match body.channel.as_deref().map(str::trim) {
        None | Some("") => Channel::Web,
        Some(code) if may_choose => Channel::parse(code).ok_or_else(|| {
            ApiError::bad_request(
                ErrorCode::InvalidChoice,
                Some("channel"),
                msg!("grievance-invalid-channel", codes = Channel::codes()),
            )
        })?,
        Some(_) => {
            return Err(ApiError::bad_request(
                ErrorCode::OperatorOnly,
                Some("channel"),
                msg!("store-grievances-channel-operator-only"),
            ));
        }
    };
    let number = state
        .store
        .attach_follower(
            &regno,
            &body.citizen_name,
            &body.mobile,
            language,
            channel.code(),
            &actor,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "registration_number": number })),
    )
        .into_response())
}

/// What `GET /duplicates` reads (anything else is refused).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewQuery {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
}

/// A date given is a date: `from=` with nothing is refused, not read as "the default".
fn given_date(field: &'static str, value: Option<String>) -> Result<String, ApiError> {
    match value {
        None => Ok(String::new()),
        Some(v) if v.trim().is_empty() => Err(ApiError::bad_request(
            ErrorCode::InvalidDate,
            Some(field),
            msg!("store-grievances-bad-date"),
        )),
        Some(v) => Ok(v),
    }
}

/// `GET /duplicates`: the unresolved candidates among the caller's cases, and the duplicates
/// found, linked and undone in the period (default: the last 30 days) by channel.
pub async fn review(
    State(state): State<Arc<AppState>>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<ReviewQuery>,
) -> Result<Json<DuplicateReview>, ApiError> {
    let actor = user.actor();
    if !works_duplicates(actor.role) {
        return Err(ApiError::forbidden("see-duplicates"));
    }
    let today = state.store.now().ist_date();
    let (from, to) = (given_date("from", query.from)?, given_date("to", query.to)?);
    let period = Period::parse(&from, &to, today, 30)?;
    Ok(Json(state.store.duplicate_review(&actor, &period).await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DismissBody {
    /// The newer case.
    pub registration_number: String,
    /// The earlier case it was found like.
    pub original: String,
    pub reason: String,
}

/// `POST /duplicates/dismiss`: a candidate is not a duplicate (recorded with the reason).
pub async fn dismiss(
    State(state): State<Arc<AppState>>,
    user: CurrentUser,
    ApiJson(body): ApiJson<DismissBody>,
) -> Result<StatusCode, ApiError> {
    state
        .store
        .dismiss_candidate(
            &body.registration_number,
            &body.original,
            &body.reason,
            &user.actor(),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
