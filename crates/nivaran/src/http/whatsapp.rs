//! WhatsApp's webhook: Meta's verification of the callback URL, and its deliveries, signed with
//! the app's secret; each citizen's message is taken once and moves their conversation.

use super::AppState;
use super::error::ApiError;
use super::extract::ApiQuery;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use nivaran_domain::{ErrorCode, msg};
use serde_json::{Value, json};
use std::sync::Arc;

fn not_configured() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        msg!("http-social-not-configured"),
    )
}

/// `GET /whatsapp/webhook`: the challenge echoed for the configured verify token.
pub async fn verify(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<super::social::Verification>,
) -> Result<String, ApiError> {
    let config = state.store.whatsapp().ok_or_else(not_configured)?;
    super::social::meta_challenge(query, &config.verify_token)
}

/// `POST /whatsapp/webhook`: a delivery. A message whose handling failed is let go, and the
/// answer is an error, so Meta delivers it again; the others are not taken twice.
pub async fn webhook(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let config = state.store.whatsapp().ok_or_else(not_configured)?;
    let signature = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok());
    if !crate::social::signature_holds(&config.app_secret, &body, signature) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            msg!("http-social-signature"),
        ));
    }
    let delivery: Value = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            ErrorCode::InvalidBody,
            None,
            msg!("http-social-malformed", detail = e.to_string()),
        )
    })?;
    if delivery["object"].as_str() != Some("whatsapp_business_account") {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidBody,
            None,
            msg!(
                "http-social-malformed",
                detail = "object is not whatsapp_business_account"
            ),
        ));
    }
    let media = crate::whatsapp::Media::new(&config).map_err(|e| {
        tracing::error!(error = %e, "no client for the Cloud API");
        ApiError::from(crate::store::StoreError::NotFound("whatsapp"))
    })?;
    let mut taken = 0;
    for message in crate::whatsapp::read_delivery(&delivery) {
        if !state
            .store
            .take_whatsapp_message(&message.id, &message.wa_id)
            .await?
        {
            continue;
        }
        if let Err(e) = crate::whatsapp::handle(&state.store, &media, &message).await {
            state.store.release_whatsapp_message(&message.id).await?;
            return Err(e.into());
        }
        taken += 1;
    }
    Ok(Json(json!({ "taken": taken })))
}
