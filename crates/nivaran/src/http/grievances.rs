//! Grievance endpoints: file, list, show with timeline, act, attach documents.

use super::AppState;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser, MaybeUser};
use crate::store::{ActionRequest, Actor, GrievanceFilter, GrievancePage, Registered, Upload};
use axum::Json;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use nivaran_domain::grievance::GrievanceForm;
use nivaran_domain::text::Mobile;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

/// Anyone may file through the web channel; operators may file for others on any channel.
/// The body is JSON, or `multipart/form-data` with the same fields plus up to five `file` parts.
pub async fn register(
    State(state): State<Arc<AppState>>,
    MaybeUser(user): MaybeUser,
    request: Request,
) -> Result<(StatusCode, Json<Registered>), ApiError> {
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (form, files) = if is_multipart {
        let multipart = Multipart::from_request(request, &state)
            .await
            .map_err(|e| {
                ApiError::bad_request("invalid_upload", None, e.body_text(), "फ़ॉर्म सही नहीं है")
            })?;
        read_multipart_form(multipart).await?
    } else {
        let ApiJson(form) = ApiJson::<GrievanceForm>::from_request(request, &state).await?;
        (form, Vec::new())
    };
    let actor = match &user {
        Some(user) => Actor::from_user(user),
        None => {
            let mobile = Mobile::parse(&form.mobile).map_err(crate::store::StoreError::from)?;
            Actor::public(&mobile)
        }
    };
    let registered = if files.is_empty() {
        state.intake.register(form, actor).await?
    } else {
        state
            .store
            .register_with_files(&form, &actor, &files)
            .await?
    };
    Ok((StatusCode::CREATED, Json(registered)))
}

/// The filing form from multipart fields; numbers are parsed here so errors name the field.
async fn read_multipart_form(
    mut multipart: Multipart,
) -> Result<(GrievanceForm, Vec<Upload>), ApiError> {
    let bad = |en: String| ApiError::bad_request("invalid_upload", None, en, "फ़ॉर्म सही नहीं है");
    let mut form = GrievanceForm::default();
    let mut files = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| bad(e.body_text()))?
    {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" || name == "media" {
            let filename = field.file_name().unwrap_or("document").to_string();
            let bytes = field.bytes().await.map_err(|e| bad(e.body_text()))?;
            if !bytes.is_empty() {
                files.push(Upload {
                    filename,
                    bytes: bytes.to_vec(),
                });
            }
            continue;
        }
        let value = field.text().await.map_err(|e| bad(e.body_text()))?;
        let number = |field: &str, v: &str| -> Result<Option<f64>, ApiError> {
            if v.trim().is_empty() {
                return Ok(None);
            }
            v.trim().parse().map(Some).map_err(|_| {
                ApiError::bad_request(
                    "invalid_number",
                    Some(field),
                    format!("{field} must be a number"),
                    format!("{field} एक संख्या होनी चाहिए"),
                )
            })
        };
        let optional = |v: String| if v.trim().is_empty() { None } else { Some(v) };
        match name.as_str() {
            "citizen_name" => form.citizen_name = value,
            "mobile" => form.mobile = value,
            "email" => form.email = optional(value),
            "address" => form.address = optional(value),
            "jurisdiction" => form.jurisdiction = value,
            "latitude" => form.latitude = number("latitude", &value)?,
            "longitude" => form.longitude = number("longitude", &value)?,
            "kind" => form.kind = optional(value),
            "category" => form.category = value,
            "subject" => form.subject = value,
            "description" => form.description = value,
            "channel" => form.channel = optional(value),
            "priority" => form.priority = optional(value),
            "language" => form.language = optional(value),
            "limit_override_reason" => form.limit_override_reason = optional(value),
            _ => {} // unknown fields are ignored, as browsers send buttons and the like
        }
    }
    Ok((form, files))
}

pub async fn list(
    State(state): State<Arc<AppState>>,
    user: CurrentUser,
    ApiQuery(filter): ApiQuery<GrievanceFilter>,
) -> Result<Json<GrievancePage>, ApiError> {
    Ok(Json(state.store.list(&filter, &user.actor()).await?))
}

pub async fn show(
    State(state): State<Arc<AppState>>,
    user: CurrentUser,
    ApiPath(regno): ApiPath<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (grievance, timeline) = state.store.grievance_for(&regno, &user.actor()).await?;
    Ok(Json(
        json!({ "grievance": grievance, "timeline": timeline }),
    ))
}

/// An action request plus the version the caller last saw.
#[derive(Deserialize)]
pub struct ActBody {
    #[serde(flatten)]
    action: ActionRequest,
    #[serde(default)]
    version: Option<i64>,
}

pub async fn act(
    State(state): State<Arc<AppState>>,
    user: CurrentUser,
    ApiPath(regno): ApiPath<String>,
    ApiJson(body): ApiJson<ActBody>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let grievance = state
        .store
        .act(&regno, &body.action, &user.actor(), body.version)
        .await?;
    Ok(Json(json!({ "grievance": grievance })))
}

pub async fn upload(
    State(state): State<Arc<AppState>>,
    user: CurrentUser,
    ApiPath(regno): ApiPath<String>,
    mut multipart: Multipart,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let bad = |en: String| {
        ApiError::bad_request("invalid_upload", Some("file"), en, "फ़ाइल अपलोड सही नहीं है")
    };
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| bad(e.body_text()))?
    {
        if field.name() != Some("file") {
            continue;
        }
        let filename = field.file_name().unwrap_or("document").to_string();
        let bytes = field.bytes().await.map_err(|e| bad(e.body_text()))?;
        let attachment = state
            .store
            .add_attachment(&regno, &user.actor(), &filename, &bytes)
            .await?;
        return Ok((
            StatusCode::CREATED,
            Json(json!({ "attachment": attachment })),
        ));
    }
    Err(bad(
        "Send the document as a multipart form field named 'file'".into(),
    ))
}

pub async fn attachments(
    State(state): State<Arc<AppState>>,
    user: CurrentUser,
    ApiPath(regno): ApiPath<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let list = state.store.list_attachments(&regno, &user.actor()).await?;
    Ok(Json(json!({ "attachments": list })))
}

pub async fn download(
    State(state): State<Arc<AppState>>,
    user: CurrentUser,
    ApiPath((regno, sha256)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let (attachment, bytes) = state
        .store
        .read_attachment(&regno, &sha256, &user.actor())
        .await?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&attachment.content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // The name is cleaned on upload; quote it and let the browser download rather than render.
    let disposition = format!(
        "attachment; filename=\"{}\"",
        attachment.filename.replace(['"', '\\'], "_")
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    } else {
        headers.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment"),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}
