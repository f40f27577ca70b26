//! The case page: the case, its documents, its full timeline, and a form for every action the
//! lifecycle allows the reader now. Everyone who may see a case sees it here (officers, their
//! supervisors, operators, verifiers, auditors, administrators, and the citizen who filed it);
//! what they may do differs, and the store decides which is which.

use super::filing::read_multipart;
use super::forms::{FieldErrors, Form, query_form};
use super::i18n::Lang;
use super::{Ctx, page, page_with_status, see_other};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::present::timeline::{TimelineItem, timeline_items};
use crate::store::{ActionRequest, Attachment, CaseDetail, GrievanceView, MasterData};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use nivaran_domain::access::Capacity;
use nivaran_domain::text::FieldError;
use nivaran_domain::types::{DisposalKind, Verification};
use nivaran_domain::{ErrorCode, msg};
use std::sync::Arc;

/// Offices a case may be forwarded to: those below the holding office.
fn forward_choices(master: &MasterData, g: &GrievanceView, lang: Lang) -> Vec<(String, String)> {
    let Some(holding) = g
        .holding_office
        .as_ref()
        .and_then(|o| master.office_by_code(&o.code))
    else {
        return Vec::new();
    };
    offices_below(master, holding.id, lang)
}

/// The offices below `office` (code, name), where its work may be forwarded.
pub(super) fn offices_below(master: &MasterData, office: i64, lang: Lang) -> Vec<(String, String)> {
    master
        .office_subtree(office)
        .into_iter()
        .filter(|id| *id != office)
        .filter_map(|id| master.offices.get(&id))
        .map(|o| {
            (
                o.code.clone(),
                lang.pick(&o.name_en, &o.name_hi).to_string(),
            )
        })
        .collect()
}

/// Offices a case may be transferred to: every office in its district (or its state when it
/// has no district) but the one holding it, by department.
fn transfer_choices(
    master: &MasterData,
    g: &GrievanceView,
    lang: Lang,
) -> Vec<(String, Vec<(String, String)>)> {
    let area = g
        .district
        .as_ref()
        .and_then(|d| master.jurisdiction_by_code(&d.code))
        .or_else(|| master.jurisdiction_by_code(&g.jurisdiction.code))
        .map(|j| master.jurisdiction_subtree(j.id))
        .unwrap_or_default();
    let holding = g.holding_office.as_ref().map(|o| o.code.as_str());
    let mut departments: Vec<_> = master.departments.values().collect();
    departments.sort_by(|a, b| a.code.cmp(&b.code));
    departments
        .into_iter()
        .filter_map(|d| {
            let mut offices: Vec<(String, String)> = master
                .offices
                .values()
                .filter(|o| o.department_id == d.id && area.contains(&o.jurisdiction_id))
                .filter(|o| Some(o.code.as_str()) != holding)
                .map(|o| {
                    (
                        o.code.clone(),
                        lang.pick(&o.name_en, &o.name_hi).to_string(),
                    )
                })
                .collect();
            offices.sort_by(|a, b| a.1.cmp(&b.1));
            (!offices.is_empty()).then(|| (lang.pick(&d.name_en, &d.name_hi).to_string(), offices))
        })
        .collect()
}

fn joint_choices(master: &MasterData, g: &GrievanceView, lang: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = master
        .departments
        .values()
        .filter(|d| d.code != g.department.code)
        .filter(|d| !g.joint_departments.iter().any(|j| j.code == d.code))
        .map(|d| {
            (
                d.code.clone(),
                lang.pick(&d.name_en, &d.name_hi).to_string(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// The disposal kinds an officer may pick now.
fn disposal_choices(g: &GrievanceView, lang: Lang) -> Vec<(String, String)> {
    DisposalKind::ALL
        .iter()
        .filter(|k| **k != DisposalKind::SpecialClose || g.special_close == "approved")
        .filter(|k| **k == DisposalKind::SpecialClose || g.status == "atr_submitted")
        .map(|k| {
            (
                k.code().to_string(),
                lang.pick(k.label_en(), k.label_hi()).to_string(),
            )
        })
        .collect()
}

/// The active officers and supervisors of the office holding the case, but its holder.
fn officer_choices(master: &MasterData, g: &GrievanceView) -> Vec<(String, String)> {
    let Some(holding) = g
        .holding_office
        .as_ref()
        .and_then(|o| master.office_by_code(&o.code))
    else {
        return Vec::new();
    };
    officers_of(
        master,
        holding.id,
        g.holder.as_ref().map(|h| h.username.as_str()),
    )
}

/// The active officers and supervisors of `office` (username, name), but `holder`.
pub(super) fn officers_of(
    master: &MasterData,
    office: i64,
    holder: Option<&str>,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = master
        .people
        .values()
        .filter(|p| p.active == 1 && p.office_id == Some(office))
        .filter(|p| Some(p.username.as_str()) != holder)
        .map(|p| (p.username.clone(), p.full_name.clone()))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

fn verification_choices(capacity: Capacity, lang: Lang) -> Vec<(String, String)> {
    Verification::ALL
        .iter()
        .filter(|v| capacity != Capacity::Citizen || **v != Verification::Unreachable)
        .map(|v| {
            (
                v.code().to_string(),
                lang.pick(v.label_en(), v.label_hi()).to_string(),
            )
        })
        .collect()
}

#[derive(Template)]
#[template(path = "case.html")]
pub struct CasePage {
    pub c: Ctx,
    pub g: GrievanceView,
    pub timeline: Vec<TimelineItem>,
    pub documents: Vec<Attachment>,
    pub actions: Vec<&'static str>,
    pub is_citizen: bool,
    pub may_upload: bool,
    pub forward_to: Vec<(String, String)>,
    pub transfer_to: Vec<(String, Vec<(String, String)>)>,
    pub joint: Vec<(String, String)>,
    pub disposals: Vec<(String, String)>,
    pub outcomes: Vec<(String, String)>,
    /// The officers of the holding office a case may be given to (username, name).
    pub officers: Vec<(String, String)>,
    /// Must the officer accepting the case declare an ETA (the state's rule)?
    pub eta_required: bool,
    /// The action whose form failed, to show it open with its messages.
    pub failed: String,
    pub v: Form,
    pub errors: FieldErrors,
    /// The action just done, for the notice at the top.
    pub done: String,
    /// For a case waiting unrouted: the categories its words suggest, with their departments,
    /// to help the nodal officer send it on.
    pub suggested: String,
    /// A joint case's parts, each with the forms this reader may use on it.
    pub parts: Vec<super::case_parts::PartPanel>,
    /// Its helpline calls (staff only).
    pub calls: Vec<crate::store::Call>,
}

impl CasePage {
    pub fn may(&self, action: &str) -> bool {
        self.actions.contains(&action)
    }

    /// Did the form of `action` just fail (so it opens with its messages)?
    pub fn is_failed(&self, action: &str) -> bool {
        self.failed == action
    }

    /// Did the form of part action `action` on the part of `department` just fail?
    pub fn part_failed(&self, action: &str, department: &str) -> bool {
        self.failed == action && self.v.get("department") == department
    }

    /// The name and office of the place the case is, in the page's language.
    pub fn name(&self, en: &str, hi: &str) -> String {
        self.c.pick(en, hi).to_string()
    }
}

pub fn case_page(
    state: &AppState,
    c: Ctx,
    detail: CaseDetail,
    failed: &str,
    v: Form,
    errors: FieldErrors,
    done: String,
) -> CasePage {
    let master = state.store.master();
    let lang = c.lang;
    let g = detail.grievance;
    let is_citizen = detail.capacity == Capacity::Citizen;
    CasePage {
        timeline: timeline_items(&detail.timeline, lang, is_citizen),
        documents: detail.attachments,
        is_citizen,
        may_upload: !matches!(detail.capacity, Capacity::Auditor | Capacity::Reviewer)
            && g.status != "closed",
        forward_to: forward_choices(&master, &g, lang),
        transfer_to: transfer_choices(&master, &g, lang),
        joint: joint_choices(&master, &g, lang),
        disposals: disposal_choices(&g, lang),
        outcomes: verification_choices(detail.capacity, lang),
        officers: officer_choices(&master, &g),
        eta_required: g
            .district
            .as_ref()
            .and_then(|d| master.jurisdiction_by_code(&d.code))
            .or_else(|| master.jurisdiction_by_code(&g.jurisdiction.code))
            .and_then(|j| j.state_id.or(Some(j.id)))
            .and_then(|id| master.jurisdictions.get(&id))
            .is_some_and(|j| state.store.officer_policy().eta_required_in(&j.code)),
        parts: super::case_parts::panels(&master, &g, detail.part_actions, lang),
        calls: detail.calls,
        actions: detail.actions,
        failed: failed.to_string(),
        v,
        errors,
        done,
        suggested: String::new(),
        g,
        c,
    }
}

pub async fn show(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(regno): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let actor = c.actor()?;
    let detail = state.store.case_detail(&regno, &actor).await?;
    let done = query_form(&uri).get("done");
    let mut case = case_page(
        &state,
        c,
        detail,
        "",
        Form::default(),
        FieldErrors::default(),
        done,
    );
    if case.g.unrouted && case.may("transfer") {
        case.suggested = suggested_for_unrouted(&state, &case).await;
    }
    Ok(page(&case))
}

/// "Category · department" of the categories an unrouted case's words suggest.
async fn suggested_for_unrouted(state: &AppState, case: &CasePage) -> String {
    let text = format!("{} {}", case.g.subject, case.g.description);
    super::suggest::suggestions(state, case.c.lang, &text)
        .await
        .iter()
        .map(|s| s.label())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The fields each action's form has, for putting errors beside them.
const ACTION_FIELDS: &[&str] = &[
    "eta",
    "eta_reason",
    "officer",
    "question",
    "answer",
    "office",
    "instructions",
    "report",
    "reason",
    "department",
    "original",
    "text",
    "kind",
    "remarks",
    "outcome",
    "file",
];

/// The action a form asks for: the API's own `ActionRequest`, read by serde from the form as
/// the JSON API reads a body (an action added there is an action the pages can send).
fn action_request(form: &Form) -> Result<ActionRequest, ApiError> {
    serde_json::from_value(form.to_json()).map_err(|e| {
        let action = form.get("action");
        let text = e.to_string();
        if action.is_empty() || text.contains("unknown variant") {
            ApiError::bad_request(
                ErrorCode::InvalidChoice,
                Some("action"),
                msg!("web-cases-unknown-action", action = &action),
            )
        } else if let Some(field) = text
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            // Said beside the field, as the API's validation would.
            ApiError::from(crate::store::StoreError::from(FieldError::required(field)))
        } else {
            ApiError::bad_request(
                ErrorCode::InvalidForm,
                None,
                msg!("web-cases-form-incomplete", action = &action, text = &text),
            )
        }
    })
}

fn version_of(form: &Form) -> Option<i64> {
    form.get("version").trim().parse().ok()
}

/// Shows the case again with the failed form open and its messages beside its fields.
async fn failed_page(
    state: &AppState,
    c: Ctx,
    regno: &str,
    action: &str,
    form: Form,
    error: ApiError,
) -> Result<Response, ApiError> {
    let actor = c.actor()?;
    let detail = state.store.case_detail(regno, &actor).await?;
    let mut errors = FieldErrors::default();
    errors.api_error(&error, c.lang, ACTION_FIELDS);
    let status = error.status_code();
    Ok(page_with_status(
        status,
        &case_page(state, c, detail, action, form, errors, String::new()),
    ))
}

pub async fn act(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(regno): Path<String>,
    form: Form,
) -> Result<Response, ApiError> {
    let actor = c.actor()?;
    let action = form.get("action");
    let result = match action_request(&form) {
        Ok(request) => state
            .store
            .act(&regno, &request, &actor, version_of(&form))
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(g) => Ok(see_other(&format!(
            "/cases/{}?done={}",
            g.registration_number, action
        ))),
        // Not the reader's case (or no such case): the same answer as for a page.
        Err(e) if e.status_code() == StatusCode::NOT_FOUND => Err(e),
        Err(e) => failed_page(&state, c, &regno, &action, form, e).await,
    }
}

/// The Action Taken Report with its documents, recorded together or not at all.
pub async fn submit_atr(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(regno): Path<String>,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let actor = c.actor()?;
    let (mut form, files) = read_multipart(multipart).await?;
    form.push("action", "submit_atr");
    match state
        .store
        .submit_atr(&regno, &form.get("text"), &files, &actor, version_of(&form))
        .await
    {
        Ok(g) => Ok(see_other(&format!(
            "/cases/{}?done=submit_atr",
            g.registration_number
        ))),
        Err(e) => {
            let e = ApiError::from(e);
            if e.status_code() == StatusCode::NOT_FOUND {
                return Err(e);
            }
            failed_page(&state, c, &regno, "submit_atr", form, e).await
        }
    }
}

/// Documents added to a case outside an ATR (site photos, letters).
pub async fn upload(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(regno): Path<String>,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let actor = c.actor()?;
    let (mut form, files) = read_multipart(multipart).await?;
    form.push("action", "upload");
    if files.is_empty() {
        let e = ApiError::bad_request(
            ErrorCode::Required,
            Some("file"),
            msg!("web-cases-choose-file"),
        );
        return failed_page(&state, c, &regno, "upload", form, e).await;
    }
    for file in &files {
        if let Err(e) = state
            .store
            .add_attachment(&regno, &actor, &file.filename, &file.bytes)
            .await
        {
            let e = ApiError::from(e);
            if e.status_code() == StatusCode::NOT_FOUND {
                return Err(e);
            }
            return failed_page(&state, c, &regno, "upload", form, e).await;
        }
    }
    Ok(see_other(&format!("/cases/{regno}?done=upload")))
}

pub async fn download(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path((regno, sha256)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let actor = c.actor()?;
    let (attachment, bytes) = state.store.read_attachment(&regno, &sha256, &actor).await?;
    Ok(document_response(
        bytes,
        &attachment.content_type,
        &attachment.filename,
    ))
}

/// A stored document as a download, under its name, never cached on the way.
pub fn document_response(bytes: Vec<u8>, content_type: &str, filename: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    let name: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

#[cfg(test)]
mod reading_an_action {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Form {
        Form(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn a_form_reads_as_the_api_s_action_and_its_gaps_are_named() {
        let disposed = action_request(&form(&[
            ("csrf", "x"),
            ("version", "3"),
            ("action", "dispose"),
            ("kind", "relief_granted"),
            ("remarks", "Pipeline repaired"),
        ]))
        .unwrap();
        assert_eq!(
            disposed,
            ActionRequest::Dispose {
                kind: "relief_granted".into(),
                remarks: "Pipeline repaired".into()
            }
        );
        let missing = action_request(&form(&[("action", "dispose"), ("kind", "relief_granted")]))
            .unwrap_err();
        assert_eq!(
            (missing.code, missing.field.as_deref()),
            (ErrorCode::Required, Some("remarks"))
        );
        let unknown = action_request(&form(&[("action", "vanish")])).unwrap_err();
        assert_eq!(
            (unknown.code, unknown.field.as_deref()),
            (ErrorCode::InvalidChoice, Some("action"))
        );
    }
}
