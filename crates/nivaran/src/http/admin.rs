//! Administration: users and roles, API tokens for integrations.

use super::AppState;
use super::error::ApiError;
use super::extract::{AdminUser, ApiJson, ApiPath};
use crate::store::NewUser;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use nivaran_domain::types::Role;
use nivaran_domain::{ErrorCode, msg};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

pub async fn list_users(
    State(state): State<Arc<AppState>>,
    _admin: AdminUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    let master = state.store.master();
    let users: Vec<_> = state
        .store
        .list_users()
        .await?
        .into_iter()
        .map(|u| {
            json!({
                "username": u.username,
                "full_name": u.full_name,
                "role": u.role,
                "office": master.office_code(u.office_id),
                "jurisdiction": u.jurisdiction_id.and_then(|j| master.jurisdictions.get(&j)).map(|j| j.code.clone()),
                "mobile": u.mobile,
                "active": u.active != 0,
            })
        })
        .collect();
    Ok(Json(json!({ "items": users })))
}

#[derive(Deserialize)]
pub struct AddUser {
    username: String,
    full_name: String,
    role: String,
    #[serde(default)]
    office: Option<String>,
    #[serde(default)]
    jurisdiction: Option<String>,
    #[serde(default)]
    mobile: Option<String>,
    #[serde(default)]
    email: Option<String>,
    password: String,
}

pub async fn add_user(
    State(state): State<Arc<AppState>>,
    admin: AdminUser,
    ApiJson(body): ApiJson<AddUser>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let role = Role::parse(&body.role).ok_or_else(|| {
        ApiError::bad_request(
            ErrorCode::InvalidChoice,
            Some("role"),
            msg!("http-admin-role-invalid", roles = Role::codes()),
        )
    })?;
    let user = state
        .store
        .admin_add_user(
            NewUser {
                username: body.username,
                full_name: body.full_name,
                role,
                office_code: body.office,
                jurisdiction_code: body.jurisdiction,
                mobile: body.mobile,
                email: body.email,
                password: body.password,
                mobile_verified: false,
            },
            &admin.actor(),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"username": user.username, "role": user.role})),
    ))
}

#[derive(Deserialize)]
pub struct IssueToken {
    /// The user the integration acts as (usually an operator account made for it).
    username: String,
    label: String,
}

pub async fn issue_token(
    State(state): State<Arc<AppState>>,
    admin: AdminUser,
    ApiJson(body): ApiJson<IssueToken>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let (token, user) = state
        .store
        .admin_issue_token(&body.username, &body.label, &admin.actor())
        .await?;
    // The token is shown once; only its hash is stored.
    Ok((
        StatusCode::CREATED,
        Json(json!({"token": token, "username": user.username, "label": body.label.trim()})),
    ))
}

pub async fn list_tokens(
    State(state): State<Arc<AppState>>,
    _admin: AdminUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(
        json!({ "items": state.store.list_api_tokens().await? }),
    ))
}

pub async fn revoke_token(
    State(state): State<Arc<AppState>>,
    admin: AdminUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state.store.admin_revoke_token(id, &admin.actor()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct OutboxQuery {
    /// pending, failed, sent, dead or rejected; all when absent.
    status: Option<String>,
    limit: Option<i64>,
}

pub async fn outbox(
    State(state): State<Arc<AppState>>,
    _admin: AdminUser,
    super::extract::ApiQuery(query): super::extract::ApiQuery<OutboxQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let items = state
        .store
        .list_outbox(query.status.as_deref(), query.limit.unwrap_or(100))
        .await?;
    Ok(Json(json!({ "items": items })))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ExchangeRecordsQuery {
    /// filed or failed; both when absent.
    status: Option<String>,
    limit: Option<i64>,
}

/// What the exchange took from other portals: filed, or failed and why.
pub async fn exchange_records(
    State(state): State<Arc<AppState>>,
    _admin: AdminUser,
    super::extract::ApiQuery(query): super::extract::ApiQuery<ExchangeRecordsQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let items = state
        .store
        .list_exchange_records(query.status.as_deref(), query.limit.unwrap_or(100))
        .await?;
    Ok(Json(json!({ "items": items })))
}

pub async fn retry_outbox(
    State(state): State<Arc<AppState>>,
    admin: AdminUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state.store.admin_retry_outbox(id, &admin.actor()).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize)]
pub struct DeliveryReport {
    /// Our reference for the message (its idempotency key), as sent to the gateway.
    reference: String,
    /// The gateway's status word, e.g. DELIVRD, UNDELIV, EXPIRED.
    status: String,
    /// The shared secret from the configuration.
    token: String,
}

/// Delivery reports from the SMS gateway (GET or form POST, as providers differ).
pub async fn delivery_report(
    State(state): State<Arc<AppState>>,
    super::extract::ApiQuery(report): super::extract::ApiQuery<DeliveryReport>,
) -> Result<StatusCode, ApiError> {
    let expected = state.config.sms_callback_token.as_deref().unwrap_or("");
    if expected.is_empty() || report.token != expected {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidToken,
            msg!("http-admin-delivery-token-invalid"),
        ));
    }
    state
        .store
        .record_delivery_report(&report.reference, &report.status)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct IssueApiKey {
    /// The integration the key is for ("Rewari city app").
    name: String,
}

/// Issues an Open311 key for an integration; the key is in this answer only.
pub async fn issue_api_key(
    State(state): State<Arc<AppState>>,
    admin: AdminUser,
    ApiJson(body): ApiJson<IssueApiKey>,
) -> Result<(StatusCode, Json<crate::store::IssuedKey>), ApiError> {
    let issued = state
        .store
        .issue_api_key(&body.name, &admin.actor())
        .await?;
    Ok((StatusCode::CREATED, Json(issued)))
}

pub async fn list_api_keys(
    State(state): State<Arc<AppState>>,
    _admin: AdminUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    let items: Vec<_> = state
        .store
        .api_keys()
        .await?
        .into_iter()
        .map(|k| {
            json!({
                "id": k.id,
                "name": k.name,
                "created_at": k.created_rfc3339(),
                "revoked_at": k.revoked_at.map(|t| nivaran_domain::clock::Timestamp(t).to_rfc3339()),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

pub async fn revoke_api_key(
    State(state): State<Arc<AppState>>,
    admin: AdminUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state.store.revoke_api_key(id, &admin.actor()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The questions a category asks beyond the common fields.
pub async fn category_attributes(
    State(state): State<Arc<AppState>>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let category = state
        .store
        .master()
        .category_by_code(&code)
        .map(|c| c.id)
        .ok_or_else(|| ApiError::not_found("category"))?;
    let items = state.store.category_attributes(category).await?;
    Ok(Json(json!({ "items": items })))
}

#[derive(Deserialize)]
pub struct SetAttributes {
    items: Vec<crate::store::CategoryAttribute>,
}

/// Replaces a category's questions (asked in the web form and in Open311's service definition).
pub async fn set_category_attributes(
    State(state): State<Arc<AppState>>,
    admin: AdminUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<SetAttributes>,
) -> Result<Json<serde_json::Value>, ApiError> {
    state
        .store
        .set_category_attributes(&code, &body.items, &admin.actor())
        .await?;
    // What was kept (trimmed), as a later GET gives it.
    category_attributes(State(state), ApiPath(code)).await
}

#[derive(Deserialize)]
pub struct AddWebhook {
    /// The integration (its API key's id) the messages are for.
    api_key_id: i64,
    /// Where they are POSTed.
    url: String,
    /// A department's code: every status change of its cases. Without: the cases the
    /// integration filed.
    #[serde(default)]
    department: Option<String>,
}

/// Subscribes an integration to status changes; the signing secret is in this answer only.
pub async fn add_webhook(
    State(state): State<Arc<AppState>>,
    admin: AdminUser,
    ApiJson(body): ApiJson<AddWebhook>,
) -> Result<(StatusCode, Json<crate::store::NewWebhook>), ApiError> {
    let hook = state
        .store
        .add_webhook(
            body.api_key_id,
            &body.url,
            body.department.as_deref(),
            &admin.actor(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(hook)))
}

pub async fn list_webhooks(
    State(state): State<Arc<AppState>>,
    _admin: AdminUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    let master = state.store.master();
    let items: Vec<_> = state
        .store
        .webhooks()
        .await?
        .into_iter()
        .map(|w| {
            json!({
                "id": w.id,
                "api_key_id": w.api_key_id,
                "url": w.url,
                "department": w.department_id.and_then(|d| master.departments.get(&d)).map(|d| d.code.clone()),
                "active": w.revoked_at.is_none(),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

pub async fn remove_webhook(
    State(state): State<Arc<AppState>>,
    admin: AdminUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state.store.remove_webhook(id, &admin.actor()).await?;
    Ok(StatusCode::NO_CONTENT)
}
