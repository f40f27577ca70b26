//! Social media (SMGT): the platforms' doors (Meta's webhook with its verification, the generic
//! feed), and the desk's JSON API (the queue, one post with its replies, triage, the figures).
//! Filing a post as a case is `POST /grievances` with `social_post`.

use super::AppState;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser};
use crate::store::{Actor, Scope, SocialPost, Triage, User};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use nivaran_domain::{ErrorCode, Timestamp, msg};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;

fn not_configured() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        msg!("http-social-not-configured"),
    )
}

fn bad_signature() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
        msg!("http-social-signature"),
    )
}

fn malformed(detail: String) -> ApiError {
    ApiError::bad_request(
        ErrorCode::InvalidBody,
        None,
        msg!("http-social-malformed", detail = detail),
    )
}

fn signature(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok())
}

/// The desk's work is operators'.
fn desk(user: &User) -> Result<(), ApiError> {
    if user.role == "operator" {
        Ok(())
    } else {
        Err(ApiError::forbidden("work-smgt"))
    }
}

#[derive(Deserialize)]
pub struct Verification {
    #[serde(rename = "hub.mode")]
    mode: String,
    #[serde(rename = "hub.verify_token")]
    verify_token: String,
    #[serde(rename = "hub.challenge")]
    challenge: String,
}

/// Meta's check of a callback URL when it is subscribed (the Graph API's webhooks and
/// WhatsApp's alike): the challenge echoed when the token is the configured one.
pub(super) fn meta_challenge(query: Verification, verify_token: &str) -> Result<String, ApiError> {
    if query.mode != "subscribe" || query.verify_token != verify_token {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            msg!("http-social-verify-token"),
        ));
    }
    Ok(query.challenge)
}

/// `GET /social/meta/webhook`.
pub async fn meta_verify(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<Verification>,
) -> Result<String, ApiError> {
    let social = state.store.social();
    let meta = social.meta.as_ref().ok_or_else(not_configured)?;
    meta_challenge(query, &meta.verify_token)
}

/// A Graph API webhook delivery: signed with the app's secret, or refused with nothing taken.
pub async fn meta_webhook(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let social = state.store.social();
    let meta = social.meta.as_ref().ok_or_else(not_configured)?;
    if !crate::social::signature_holds(&meta.app_secret, &body, signature(&headers)) {
        return Err(bad_signature());
    }
    let delivery: Value = serde_json::from_slice(&body).map_err(|e| malformed(e.to_string()))?;
    if !delivery["entry"].is_array() || !delivery["object"].is_string() {
        return Err(malformed("no object and entry".into()));
    }
    let posts = crate::social::meta::read_delivery(&delivery);
    let new = state.store.receive_posts(&posts).await?;
    Ok(Json(json!({"received": posts.len(), "new": new})))
}

/// The generic feed: signed with its secret; a delivery with one bad post is refused whole.
pub async fn feed(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let social = state.store.social();
    let feed = social.feed.as_ref().ok_or_else(not_configured)?;
    if !crate::social::signature_holds(&feed.secret, &body, signature(&headers)) {
        return Err(bad_signature());
    }
    let posts = crate::social::feed::read_delivery(&body).map_err(malformed)?;
    let new = state.store.receive_posts(&posts).await?;
    Ok(Json(json!({"received": posts.len(), "new": new})))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PostsQuery {
    /// new, asked, filed, linked or dismissed.
    status: Option<String>,
    platform: Option<String>,
    limit: Option<i64>,
}

pub async fn posts(
    State(state): State<Arc<AppState>>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<PostsQuery>,
) -> Result<Json<Value>, ApiError> {
    desk(&user)?;
    let items = state
        .store
        .social_posts(
            query.status.as_deref(),
            query.platform.as_deref(),
            query.limit.unwrap_or(100),
        )
        .await?;
    Ok(Json(json!({ "items": items })))
}

/// A post and what was said back to it.
pub async fn post(
    State(state): State<Arc<AppState>>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Value>, ApiError> {
    desk(&user)?;
    let post = state.store.social_post(id).await?;
    Ok(Json(with_replies(&state, post).await?))
}

async fn with_replies(state: &AppState, post: SocialPost) -> Result<Value, ApiError> {
    let replies: Vec<Value> = state
        .store
        .social_replies(&post)
        .await?
        .into_iter()
        .map(|m| {
            json!({
                "kind": m.template_key, "text": m.body, "status": m.status,
                "error": m.last_error, "sent_at": m.sent_at,
            })
        })
        .collect();
    Ok(json!({"post": post, "replies": replies}))
}

#[derive(Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum TriageRequest {
    Link { registration_number: String },
    Dismiss { reason: String },
    AskMobile,
    AnsweredByHand,
}

impl From<TriageRequest> for Triage {
    fn from(request: TriageRequest) -> Triage {
        match request {
            TriageRequest::Link {
                registration_number,
            } => Triage::Link {
                registration_number,
            },
            TriageRequest::Dismiss { reason } => Triage::Dismiss { reason },
            TriageRequest::AskMobile => Triage::AskMobile,
            TriageRequest::AnsweredByHand => Triage::AnsweredByHand,
        }
    }
}

pub async fn triage(
    State(state): State<Arc<AppState>>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<TriageRequest>,
) -> Result<Json<Value>, ApiError> {
    desk(&user.0)?;
    let post = state
        .store
        .triage_post(id, request.into(), &user.actor())
        .await?;
    Ok(Json(with_replies(&state, post).await?))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct FiguresQuery {
    /// The first day (IST), `YYYY-MM-DD`; the last 30 days when both are absent.
    from: Option<String>,
    /// The last day (IST), `YYYY-MM-DD`; today when absent.
    to: Option<String>,
    /// A dashboard's scope code (`district:RWR`, `office:…`): the posts filed as or linked to
    /// its cases; the whole desk when absent.
    scope: Option<String>,
}

/// The desk's figures by platform: posts received, triaged, filed, linked, dismissed, asked,
/// answered and answered within the configured hours (seed 001's "social-media cases answered").
pub async fn figures(
    State(state): State<Arc<AppState>>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<FiguresQuery>,
) -> Result<Json<Value>, ApiError> {
    if !matches!(user.role.as_str(), "operator" | "supervisor" | "admin") {
        return Err(ApiError::forbidden("see-figures"));
    }
    let today = state.store.now().ist_date();
    let period = crate::store::Period::parse(
        query.from.as_deref().unwrap_or_default(),
        query.to.as_deref().unwrap_or_default(),
        today,
        30,
    )?;
    let (from, to) = (period.from, period.to);
    let scope = figures_scope(&state, &Actor::from_user(&user), query.scope.as_deref()).await?;
    let (figures, within) = social_figures(&state, &scope, from, to).await?;
    Ok(Json(json!({
        "from": from.to_string(), "to": to.to_string(), "within_hours": within,
        "scope": scope.code(&state.store.master()),
        "platforms": figures,
    })))
}

/// The scope figures are asked for: the whole desk when none is given, else a dashboard's scope
/// the user may see.
pub async fn figures_scope(
    state: &AppState,
    actor: &Actor,
    code: Option<&str>,
) -> Result<Scope, ApiError> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(Scope::All);
    };
    let scope = Scope::parse(&state.store, code).await?;
    if !scope.visible_to(actor, &state.store.master()) {
        return Err(ApiError::forbidden("see-figures"));
    }
    Ok(scope)
}

/// The figures of the posts received from `from` to `to` (IST days, both included) in `scope`,
/// and the hours an answer counts as in time within.
pub async fn social_figures(
    state: &AppState,
    scope: &Scope,
    from: time::Date,
    to: time::Date,
) -> Result<(Vec<crate::store::SocialFigures>, i64), ApiError> {
    let within = state.store.social().answer_within_hours();
    let figures = state
        .store
        .social_figures(
            scope,
            &[],
            Timestamp::start_of_ist_day(from).0,
            Timestamp::start_of_ist_day(to).plus_days(1).0,
            within,
        )
        .await?;
    Ok((figures, within))
}
