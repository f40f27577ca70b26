//! Citizens sign in with a one-time password sent to the mobile number they filed with.

use super::AppState;
use super::error::ApiError;
use super::extract::{ApiJson, ClientIp};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use nivaran_domain::text::Mobile;
use nivaran_domain::types::Language;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

#[derive(Deserialize)]
pub struct OtpRequest {
    mobile: String,
    /// `hi` (default) or `en`: the language of the SMS.
    #[serde(default)]
    language: Option<String>,
}

pub async fn request(
    State(state): State<Arc<AppState>>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<OtpRequest>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let mobile = Mobile::parse(&body.mobile).map_err(crate::store::StoreError::from)?;
    let language = body
        .language
        .as_deref()
        .and_then(Language::parse)
        .unwrap_or_default();
    let issued = state.store.request_otp(&mobile, &ip, language).await?;
    Ok((StatusCode::ACCEPTED, Json(json!(issued))))
}

#[derive(Deserialize)]
pub struct OtpVerify {
    mobile: String,
    code: String,
}

pub async fn verify(
    State(state): State<Arc<AppState>>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<OtpVerify>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let mobile = Mobile::parse(&body.mobile).map_err(crate::store::StoreError::from)?;
    let (token, expires, user) = state
        .store
        .verify_otp(&mobile, &body.code, &ip, state.config.session_minutes)
        .await?;
    Ok(Json(json!({
        "token": token,
        "expires_at": expires.map(|e| e.to_rfc3339()),
        "user": {"username": user.username, "role": user.role, "mobile": user.mobile},
    })))
}
