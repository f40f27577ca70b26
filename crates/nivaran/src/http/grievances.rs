//! Grievance endpoints: file, list, show with timeline, act, attach documents.

use super::AppState;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser, MaybeUser, MultipartBody};
use crate::store::{
    ActionRequest, Actor, Filing, GrievanceFilter, GrievancePage, IdempotencyKey, Registered,
};
use axum::Json;
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use nivaran_domain::grievance::GrievanceForm;
use nivaran_domain::text::Mobile;
use nivaran_domain::{ErrorCode, msg};
use serde::Deserialize;
use serde_json::json;
use sha2::Digest;
use std::sync::Arc;

/// Anyone may file through the web channel; operators may file for others on any channel.
/// The body is JSON, or `multipart/form-data` with the same fields plus up to five `file` parts.
/// With an `Idempotency-Key` header, a filing sent again (its answer lost) gets the first
/// registration back, marked `Idempotent-Replayed: true`, instead of a second case.
pub async fn register(
    State(state): State<Arc<AppState>>,
    MaybeUser(user): MaybeUser,
    request: Request,
) -> Result<Response, ApiError> {
    let key_header = match request.headers().get("idempotency-key") {
        None => None,
        Some(value) => Some(
            value
                .to_str()
                .map(str::to_string)
                .map_err(|_| IdempotencyKey::new("", String::new(), b"").unwrap_err())?,
        ),
    };
    let (form, files) = if super::extract::is_multipart(request.headers()) {
        let body = MultipartBody::read(request).await?;
        (form_of_fields(body.fields)?, body.files)
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
    let idempotency = match key_header {
        None => None,
        Some(value) => {
            let filer = match &user {
                Some(user) => format!("user:{}", user.id),
                None => format!("mobile:{}", actor.mobile.as_deref().unwrap_or_default()),
            };
            let mut request = serde_json::to_vec(&form).unwrap_or_default();
            for file in &files {
                request.extend_from_slice(&sha2::Sha256::digest(&file.bytes));
            }
            Some(IdempotencyKey::new(&value, filer, &request)?)
        }
    };
    let registered = state
        .intake
        .file(Filing {
            files,
            idempotency,
            ..Filing::new(form, actor)
        })
        .await?;
    Ok(filed_answer(registered))
}

/// 201 with the registration; a replay says so in `Idempotent-Replayed`.
pub(crate) fn filed_answer(registered: Registered) -> Response {
    let replayed = registered.replayed;
    let mut response = (StatusCode::CREATED, Json(registered)).into_response();
    if replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

/// The filing form from multipart fields; numbers are parsed here so errors name the field.
fn form_of_fields(fields: Vec<(String, String)>) -> Result<GrievanceForm, ApiError> {
    let mut form = GrievanceForm::default();
    for (name, value) in fields {
        let number = |field: &str, v: &str| -> Result<Option<f64>, ApiError> {
            if v.trim().is_empty() {
                return Ok(None);
            }
            v.trim().parse().map(Some).map_err(|_| {
                ApiError::bad_request(
                    ErrorCode::InvalidNumber,
                    Some(field),
                    msg!("http-grievances-not-a-number"),
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
            "joint_departments" => form.joint_departments.push(value),
            "external_system" => form.external_system = optional(value),
            "external_reference" => form.external_reference = optional(value),
            _ => {} // unknown fields are ignored, as browsers send buttons and the like
        }
    }
    Ok(form)
}

pub async fn list(
    State(state): State<Arc<AppState>>,
    user: CurrentUser,
    ApiQuery(filter): ApiQuery<GrievanceFilter>,
) -> Result<Json<GrievancePage>, ApiError> {
    Ok(Json(state.store.list(&filter, &user.actor()).await?))
}

/// What `GET /interdepartmental` reads (anything else is refused).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterdepartmentalQuery {
    #[serde(default)]
    scope: Option<String>,
}

/// Joint cases whose departments' parts still owe their ATRs, at a scope the user may see.
pub async fn interdepartmental(
    State(state): State<Arc<AppState>>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<InterdepartmentalQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (scope, figures) = state
        .store
        .interdepartmental_for(&user.actor(), &user.0.username, query.scope.as_deref())
        .await?
        .ok_or_else(|| ApiError::forbidden("see-figures"))?;
    Ok(Json(
        json!({ "scope": scope.code(&state.store.master()), "interdepartmental": figures }),
    ))
}

pub async fn show(
    State(state): State<Arc<AppState>>,
    user: CurrentUser,
    ApiPath(regno): ApiPath<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (grievance, timeline) = state.store.grievance_for(&regno, &user.actor()).await?;
    // The helpline calls (their ids and recordings) are the staff's, not the citizen's.
    let calls = if user.0.role == "citizen" {
        Vec::new()
    } else {
        state
            .store
            .calls_of_registration(&grievance.registration_number)
            .await?
    };
    Ok(Json(
        json!({ "grievance": grievance, "timeline": timeline, "calls": calls }),
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
    request: Request,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let body = MultipartBody::read(request)
        .await
        .map_err(|e| e.with_field("file"))?;
    // A file sent empty is refused as empty (by the store's check), not as no file at all.
    let (filename, bytes) = match (body.files.into_iter().next(), body.empty.into_iter().next()) {
        (Some(file), _) => (file.filename, file.bytes),
        (None, Some(filename)) => (filename, Vec::new()),
        (None, None) => {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidUpload,
                Some("file"),
                msg!("http-grievances-send-file"),
            ));
        }
    };
    let attachment = state
        .store
        .add_attachment(&regno, &user.actor(), &filename, &bytes)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "attachment": attachment })),
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
