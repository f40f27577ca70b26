//! Disciplinary records (seed 002): the reviewing authority opens one on an officer of their
//! office or one under it (from the audit report's flagged officers, or by hand) and records its
//! steps with their documents; auditors read them. No one else sees a record (where the state
//! weighs outcomes in the ranking, a censure or penalty shows there only as a lower score).

use super::forms::{Form, query_form};
use super::{Ctx, page, see_other};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::{
    DISCIPLINARY_OUTCOMES, DISCIPLINARY_STEPS, DisciplinaryRecord, DisciplinaryStep,
    DisciplinarySummary,
};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::Uri;
use axum::response::Response;
use nivaran_domain::types::Role;
use nivaran_domain::{ErrorCode, msg};
use std::sync::Arc;

/// Who reads records: the authorities (supervisors) their own, auditors all of their area.
const READERS: &[Role] = &[Role::Supervisor, Role::Auditor];

#[derive(Template)]
#[template(path = "discipline.html")]
struct ListPage {
    c: Ctx,
    records: Vec<DisciplinarySummary>,
    /// The officers the reader may open a record on: (username, name, chosen).
    officers: Vec<(String, String, bool)>,
    cases: String,
}

/// The officer a `officer=` query names, as a user id; a username that names no officer or
/// supervisor is refused.
fn officer_named(state: &AppState, username: &str) -> Result<i64, ApiError> {
    state
        .store
        .master()
        .person_by_username(username.trim())
        .map(|p| p.id)
        .ok_or_else(|| {
            ApiError::bad_request(
                ErrorCode::Unknown,
                Some("officer"),
                msg!("store-discipline-not-under-you", officer = username.trim()),
            )
        })
}

pub async fn list(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(READERS)?;
    let actor = c.actor()?;
    let q = query_form(&uri);
    q.only(&["officer", "cases"], &[])?;
    let officer = match q.opt("officer") {
        Some(username) => Some(officer_named(&state, &username)?),
        None => None,
    };
    let records = state.store.disciplinary_records(&actor, officer).await?;
    let chosen = q.get("officer");
    let officers = state
        .store
        .officers_under(&actor)
        .into_iter()
        .map(|(_, username, name)| {
            let is_chosen = username == chosen.trim();
            (username, name, is_chosen)
        })
        .collect();
    Ok(page(&ListPage {
        records,
        officers,
        cases: q.get("cases"),
        c,
    }))
}

/// Opens a record, for a supervisor on an officer under them.
pub async fn open(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    form: Form,
) -> Result<Response, ApiError> {
    c.require(&[Role::Supervisor])?;
    let actor = c.actor()?;
    let id = state
        .store
        .open_disciplinary_record(
            &actor,
            &form.get("officer"),
            &form.get("grounds"),
            &form.get("cases"),
        )
        .await?;
    Ok(see_other(&format!("/discipline/{id}?done=opened")))
}

#[derive(Template)]
#[template(path = "discipline_record.html")]
struct RecordPage {
    c: Ctx,
    record: DisciplinaryRecord,
    kinds: &'static [&'static str],
    outcomes: &'static [&'static str],
    today: String,
    done: String,
}

pub async fn show(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(id): Path<i64>,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(READERS)?;
    let actor = c.actor()?;
    let q = query_form(&uri);
    q.only(&[], &["done"])?;
    let record = state.store.disciplinary_record(&actor, id).await?;
    let done = match q.get("done").as_str() {
        "" => String::new(),
        "opened" => c.t("discipline-done-opened"),
        _ => c.t("discipline-done-step"),
    };
    Ok(page(&RecordPage {
        record,
        kinds: &DISCIPLINARY_STEPS,
        outcomes: &DISCIPLINARY_OUTCOMES,
        today: state.store.now().ist_date().to_string(),
        done,
        c,
    }))
}

/// A step with its documents, recorded together or not at all.
pub async fn add_step(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    c.require(READERS)?;
    let actor = c.actor()?;
    // An auditor reads the record; only the authority who opened it adds to it.
    if !state.store.disciplinary_record(&actor, id).await?.may_add {
        return Err(ApiError::forbidden("keep-discipline"));
    }
    let (form, documents) = super::filing::read_multipart(multipart).await?;
    state
        .store
        .add_disciplinary_step(
            &actor,
            id,
            DisciplinaryStep {
                kind: form.get("kind"),
                on_date: form.get("on_date"),
                text: form.get("text"),
                outcome: form.get("outcome"),
                documents,
            },
        )
        .await?;
    Ok(see_other(&format!("/discipline/{id}?done=step")))
}

pub async fn document(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path((id, sha256)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    c.require(READERS)?;
    let actor = c.actor()?;
    let (document, bytes) = state
        .store
        .disciplinary_document(&actor, id, &sha256)
        .await?;
    Ok(super::cases::document_response(
        bytes,
        &document.content_type,
        &document.filename,
    ))
}
