//! Sign-in, sign-out, password change and citizen sign-up.

use super::AppState;
use super::error::ApiError;
use super::extract::{ApiJson, CurrentUser, bearer_token};
use crate::store::{NewUser, User};
use axum::Json;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use nivaran_domain::types::Role;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

#[derive(Deserialize)]
pub struct LoginRequest {
    username: String,
    password: String,
}

fn user_json(user: &User, state: &AppState) -> serde_json::Value {
    let master = state.store.master();
    json!({
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "office": master.office_code(user.office_id),
        "jurisdiction": user.jurisdiction_id.and_then(|j| master.jurisdictions.get(&j)).map(|j| j.code.clone()),
        "mobile": user.mobile,
    })
}

fn session_cookie(token: &str, minutes: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "nivaran_session={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        minutes * 60
    ))
    .expect("cookie is ASCII")
}

pub async fn login(
    State(state): State<Arc<AppState>>,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let user = state
        .store
        .authenticate(&body.username, &body.password)
        .await?;
    let minutes = state.config.session_minutes;
    let (token, expires) = state
        .store
        .issue_token(user.id, "session", "login", Some(minutes))
        .await?;
    let mut response = Json(json!({
        "token": token,
        "expires_at": expires.map(|e| e.to_rfc3339()),
        "user": user_json(&user, &state),
    }))
    .into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(&token, minutes, state.config.secure_cookies),
    );
    Ok(response)
}

pub async fn logout(
    State(state): State<Arc<AppState>>,
    request: Request,
) -> Result<Response, ApiError> {
    let (mut parts, _) = request.into_parts();
    let _user = CurrentUser::from_request_parts(&mut parts, &state).await?;
    if let Some(token) = bearer_token(&parts) {
        state.store.revoke_token(&token).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("nivaran_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    Ok(response)
}

pub async fn me(State(state): State<Arc<AppState>>, user: CurrentUser) -> Json<serde_json::Value> {
    Json(user_json(&user.0, &state))
}

#[derive(Deserialize)]
pub struct PasswordChange {
    current_password: String,
    new_password: String,
}

pub async fn change_password(
    State(state): State<Arc<AppState>>,
    user: CurrentUser,
    headers: axum::http::HeaderMap,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
        .or_else(|| crate::web::cookie(&headers, "nivaran_session"));
    // Re-check the current password: a stolen session alone must not take over the account.
    state
        .store
        .authenticate(&user.0.username, &body.current_password)
        .await
        .map_err(|e| ApiError::from(e).with_field("current_password"))?;
    state
        .store
        .set_password(&user.0.username, &body.new_password)
        .await?;
    // Other sessions of the account end; the caller's own goes on.
    state
        .store
        .revoke_sessions(user.0.id, bearer.as_deref())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct Signup {
    full_name: String,
    mobile: String,
    password: String,
}

/// A citizen account: its username is the mobile number, and it sees the cases filed with it.
pub async fn signup(
    State(state): State<Arc<AppState>>,
    ApiJson(body): ApiJson<Signup>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let mobile = nivaran_domain::text::Mobile::parse(&body.mobile)
        .map_err(crate::store::StoreError::from)?;
    let user = state
        .store
        .add_user(NewUser {
            username: mobile.as_str().to_string(),
            full_name: body.full_name,
            role: Role::Citizen,
            office_code: None,
            jurisdiction_code: None,
            mobile: Some(mobile.as_str().to_string()),
            email: None,
            password: body.password,
        })
        .await
        .map_err(|e| match e {
            crate::store::StoreError::Duplicate { .. } => ApiError::new(
                StatusCode::CONFLICT,
                "duplicate",
                "An account with this mobile number already exists; sign in instead",
                "इस मोबाइल नंबर से खाता पहले से है; साइन इन करें",
            )
            .with_field("mobile"),
            other => other.into(),
        })?;
    Ok((StatusCode::CREATED, Json(user_json(&user, &state))))
}
