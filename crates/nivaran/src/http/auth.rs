//! Sign-in, sign-out, password change and citizen sign-up.

use super::AppState;
use super::error::ApiError;
use super::extract::{ApiJson, ClientIp, CurrentUser, bearer_token};
use crate::store::User;
use axum::Json;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use nivaran_domain::text::Mobile;
use nivaran_domain::{ErrorCode, msg};
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
        "mobile_verified": user.role != "citizen" || user.mobile_verified_at.is_some(),
    })
}

pub async fn login(
    State(state): State<Arc<AppState>>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let user = state
        .store
        .authenticate(&body.username, &body.password, &ip)
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
        super::cookies::cookie_header(
            "nivaran_session",
            &token,
            Some(minutes * 60),
            state.config.secure_cookies,
        ),
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
        super::cookies::cookie_header("nivaran_session", "", Some(0), state.config.secure_cookies),
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
    ClientIp(ip): ClientIp,
    user: CurrentUser,
    headers: axum::http::HeaderMap,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
        .or_else(|| super::cookies::cookie(&headers, "nivaran_session"));
    // Re-check the current password: a stolen session alone must not take over the account.
    state
        .store
        .authenticate(&user.0.username, &body.current_password, &ip)
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
    /// The one-time password sent to `mobile` (`POST /otp/request`): the proof that the number
    /// is the caller's.
    code: String,
}

/// A citizen account: its username is the mobile number, and it sees the cases filed with it.
/// Made only for the holder of the number, proved by the code sent to it in the same flow.
pub async fn signup(
    State(state): State<Arc<AppState>>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<Signup>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let mobile = Mobile::parse(&body.mobile).map_err(crate::store::StoreError::from)?;
    let user = state
        .store
        .signup_citizen(&body.full_name, &mobile, &body.password, &body.code, &ip)
        .await
        .map_err(|e| match e {
            crate::store::StoreError::Duplicate { .. } => ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::Duplicate,
                msg!("http-auth-mobile-taken"),
            )
            .with_field("mobile"),
            other => other.into(),
        })?;
    Ok((StatusCode::CREATED, Json(user_json(&user, &state))))
}

#[derive(Deserialize)]
pub struct PasswordReset {
    mobile: String,
    /// The one-time password sent to `mobile`.
    code: String,
    new_password: String,
}

/// A citizen who proves their number sets a new password; every session of the account ends.
/// Staff passwords are set by an administrator.
pub async fn reset_password(
    State(state): State<Arc<AppState>>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<PasswordReset>,
) -> Result<StatusCode, ApiError> {
    let mobile = Mobile::parse(&body.mobile).map_err(crate::store::StoreError::from)?;
    state
        .store
        .reset_citizen_password(&mobile, &body.code, &body.new_password, &ip)
        .await
        .map_err(|e| {
            let e = ApiError::from(e);
            if e.field.as_deref() == Some("password") {
                e.with_field("new_password")
            } else {
                e
            }
        })?;
    Ok(StatusCode::NO_CONTENT)
}
