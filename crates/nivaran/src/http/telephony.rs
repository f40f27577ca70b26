//! The call-centre system's doors: call events (Nivaran's generic JSON, Exotel's Passthru GET and
//! status callback, Asterisk's ARI events) and the IVR's status question. Each carries the
//! configured token (`?token=` or `X-Nivaran-Token`); without it, or with telephony not
//! configured, nothing is taken.

use super::AppState;
use super::error::ApiError;
use crate::store::Call;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use nivaran_domain::{ErrorCode, msg};
use serde_json::{Value, json};
use std::sync::Arc;

fn pairs(query: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// The request's token holds, or the door stays shut (403; 404 where telephony is not set up).
fn admitted(state: &AppState, uri: &Uri, headers: &HeaderMap) -> Result<(), ApiError> {
    let config = state.store.telephony();
    if config.token.is_none() {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            msg!("http-telephony-not-configured"),
        ));
    }
    let from_query = pairs(uri.query())
        .into_iter()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v);
    let from_header = headers
        .get("x-nivaran-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let given = from_header.or(from_query);
    if crate::telephony::token_holds(config.token.as_deref(), given.as_deref()) {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            msg!("http-telephony-token"),
        ))
    }
}

fn malformed(detail: String) -> ApiError {
    ApiError::bad_request(
        ErrorCode::InvalidBody,
        None,
        msg!("http-social-malformed", detail = detail),
    )
}

fn answered(call: Call) -> Json<Value> {
    Json(json!({ "call": call }))
}

/// `POST /telephony/calls`: the generic webhook.
pub async fn generic(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    admitted(&state, &uri, &headers)?;
    let event = crate::telephony::read_generic(&body).map_err(malformed)?;
    Ok(answered(state.store.record_call_event(&event).await?))
}

/// `GET /telephony/exotel`: the Passthru applet, as a call arrives at the helpline's flow (or
/// its dial ends). Exotel goes on with the flow on a 200.
pub async fn exotel_passthru(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    admitted(&state, &uri, &headers)?;
    let params: Vec<(String, String)> = pairs(uri.query())
        .into_iter()
        .filter(|(k, _)| k != "token")
        .collect();
    let event = crate::telephony::read_exotel(&params).map_err(malformed)?;
    Ok(answered(state.store.record_call_event(&event).await?))
}

/// `POST /telephony/exotel`: Exotel's status callback (form or JSON), as a call ends.
pub async fn exotel_status(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    admitted(&state, &uri, &headers)?;
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let params: Vec<(String, String)> = if json {
        let value: Value = serde_json::from_slice(&body).map_err(|e| malformed(e.to_string()))?;
        value
            .as_object()
            .ok_or_else(|| malformed("the callback is not a JSON object".into()))?
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), text)
            })
            .collect()
    } else {
        form_urlencoded::parse(&body).into_owned().collect()
    };
    let event = crate::telephony::read_exotel(&params).map_err(malformed)?;
    Ok(answered(state.store.record_call_event(&event).await?))
}

/// `POST /telephony/asterisk`: an ARI event, as the helpline's ARI application forwards it.
pub async fn asterisk(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    admitted(&state, &uri, &headers)?;
    let config = state.store.telephony();
    match crate::telephony::read_asterisk(&body, config.recordings_base.as_deref())
        .map_err(malformed)?
    {
        Some(event) => Ok(answered(state.store.record_call_event(&event).await?)),
        None => Ok(Json(json!({ "call": null }))),
    }
}

/// `GET /telephony/ivr/status?digits=&lang=`: the status text for text-to-speech (plain text),
/// for the digits keyed (Exotel quotes them: `"0626…"`).
pub async fn ivr_status(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    admitted(&state, &uri, &headers)?;
    let params = pairs(uri.query());
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().trim_matches('"').to_string())
    };
    let speech = match get("lang").as_deref() {
        None | Some("hi") => crate::telephony::Speech::Hi,
        Some("en") => crate::telephony::Speech::En,
        Some(other) => {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidChoice,
                Some("lang"),
                msg!("http-telephony-lang", value = other),
            ));
        }
    };
    let digits = get("digits").unwrap_or_default();
    if !digits.chars().any(|c| c.is_ascii_digit()) {
        return Err(ApiError::bad_request(
            ErrorCode::Required,
            Some("digits"),
            msg!("http-telephony-digits"),
        ));
    }
    let text = crate::telephony::status_text(&state.store, &digits, speech).await?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}
