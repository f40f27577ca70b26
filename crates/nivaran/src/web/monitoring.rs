//! The call centre's screen (`/verify`) and the auditors' (`/audit`, `/audit/report`).

use super::forms::{Form, query_form};
use super::{Ctx, page, see_other};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::{AuditItem, CallCase, CallQueue, CallResult, FlaggedOfficer, Period};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use nivaran_domain::types::Role;
use nivaran_domain::{ErrorCode, msg};
use std::sync::Arc;

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    c: Ctx,
    call: Option<CallCase>,
    done: String,
    /// The queues to work: (code, name, chosen).
    districts: Vec<(String, String, bool)>,
    departments: Vec<(String, String, bool)>,
    /// The queue chosen now (codes, empty for all), carried by the call's form.
    district: String,
    department: String,
    /// Can a call be placed through the call-centre system (`[telephony.dial]`)?
    may_dial: bool,
    /// The calls placed (or taken) for the case on the screen.
    placed: Vec<crate::store::Call>,
}

/// The districts to choose from, by name, with `chosen` marked: (code, name, chosen).
fn district_choices(
    c: &Ctx,
    master: &crate::store::MasterData,
    chosen: Option<i64>,
) -> Vec<(String, String, bool)> {
    let mut districts: Vec<(String, String, bool)> = master
        .jurisdictions
        .values()
        .filter(|j| j.level == "district")
        .map(|j| {
            (
                j.code.clone(),
                c.pick(&j.name_en, &j.name_hi).to_string(),
                Some(j.id) == chosen,
            )
        })
        .collect();
    districts.sort_by(|a, b| a.1.cmp(&b.1));
    districts
}

/// The queue a verifier chose (`district=`, `department=`), read from the query or the form;
/// a code that names nothing is refused.
fn call_queue(
    master: &crate::store::MasterData,
    q: &Form,
) -> Result<(CallQueue, String), ApiError> {
    let unknown = |field: &str, code: &str| {
        ApiError::bad_request(
            ErrorCode::Unknown,
            Some(field),
            msg!("web-monitoring-unknown-queue", code = code),
        )
    };
    let mut queue = CallQueue::default();
    let mut query = String::new();
    if let Some(code) = q.opt("district") {
        let district = master
            .jurisdiction_by_code(&code)
            .filter(|j| j.level == "district")
            .ok_or_else(|| unknown("district", &code))?;
        queue.district = Some(district.id);
        query.push_str(&format!("&district={}", super::forms::url_encode(&code)));
    }
    if let Some(code) = q.opt("department") {
        let department = master
            .department_by_code(&code)
            .ok_or_else(|| unknown("department", &code))?;
        queue.department = Some(department.id);
        query.push_str(&format!("&department={}", super::forms::url_encode(&code)));
    }
    Ok((queue, query))
}

/// The next citizen to call, held for this verifier while they call. Only verifiers: the
/// lifecycle lets no one else record what a citizen said on a call.
pub async fn verify_page(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(&[Role::Verifier])?;
    let actor = c.actor()?;
    let q = query_form(&uri);
    q.only(&["district", "department"], &["done", "regno", "days"])?;
    let master = state.store.master();
    let (queue, _) = call_queue(&master, &q)?;
    let call = state.store.next_call(&actor, &queue).await?;
    let done = match q.get("done").as_str() {
        "" => String::new(),
        outcome => c.t2(
            &format!("verify-done-{}", outcome.replace('_', "-")),
            "number",
            q.get("regno"),
            "days",
            q.get("days"),
        ),
    };
    let districts = district_choices(&c, &master, queue.district);
    let mut departments: Vec<(String, String, bool)> = master
        .departments
        .values()
        .map(|d| {
            (
                d.code.clone(),
                c.pick(&d.name_en, &d.name_hi).to_string(),
                Some(d.id) == queue.department,
            )
        })
        .collect();
    departments.sort_by(|a, b| a.1.cmp(&b.1));
    let placed = match &call {
        Some(call) => {
            state
                .store
                .calls_of_registration(&call.case.registration_number)
                .await?
        }
        None => Vec::new(),
    };
    Ok(page(&VerifyPage {
        may_dial: state.store.telephony().dial_provider().is_some(),
        placed,
        c,
        call,
        done,
        districts,
        departments,
        district: q.get("district"),
        department: q.get("department"),
    }))
}

/// Records what the citizen said (or that nobody answered), then serves the next case of the
/// same queue.
pub async fn verify_submit(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    form: Form,
) -> Result<Response, ApiError> {
    c.require(&[Role::Verifier])?;
    let actor = c.actor()?;
    let (_, queue_query) = call_queue(&state.store.master(), &form)?;
    let regno = form.get("regno");
    let result = state
        .store
        .record_call(&regno, &actor, &form.get("outcome"), &form.get("remarks"))
        .await?;
    let (done, days) = match result {
        CallResult::Verified => ("verified", 0),
        CallResult::Reopened => ("reopened", 0),
        CallResult::NotReopened => ("not_reopened", 0),
        CallResult::TryAgain { days_tried } => ("try_again", days_tried),
        CallResult::Unreachable => ("unreachable", 0),
    };
    Ok(see_other(&format!(
        "/verify?done={done}&regno={}&days={days}{queue_query}",
        super::forms::url_encode(&regno)
    )))
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditScreen {
    c: Ctx,
    items: Vec<AuditItem>,
    done: String,
    /// "Showing 51–100 of 949".
    showing: String,
    /// The districts to filter by: (code, name, chosen).
    districts: Vec<(String, String, bool)>,
    prev: String,
    next: String,
}

/// The cases on one page of the audit screen.
const AUDITS_PER_PAGE: i64 = 50;

const AUDITORS: &[Role] = &[Role::Auditor, Role::Admin];

pub async fn audit_page(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(AUDITORS)?;
    let actor = c.actor()?;
    let q = query_form(&uri);
    q.only(&["district", "page"], &["done", "count", "regno"])?;
    let master = state.store.master();
    let district = match q.opt("district") {
        Some(code) => Some(
            master
                .jurisdiction_by_code(&code)
                .filter(|j| j.level == "district")
                .ok_or_else(|| {
                    ApiError::bad_request(
                        ErrorCode::Unknown,
                        Some("district"),
                        msg!("web-monitoring-unknown-district", code = code.as_str()),
                    )
                })?
                .id,
        ),
        None => None,
    };
    let page_no = match q.opt("page") {
        Some(p) => p.parse::<i64>().ok().filter(|p| *p >= 1).ok_or_else(|| {
            ApiError::bad_request(
                ErrorCode::InvalidNumber,
                Some("page"),
                msg!("web-monitoring-bad-page"),
            )
        })?,
        None => 1,
    };
    let audits = state
        .store
        .pending_audits(&actor, district, page_no, AUDITS_PER_PAGE)
        .await?;
    let district_code = q.get("district");
    let here = |p: i64| {
        let mut query = format!("/audit?page={p}");
        if !district_code.is_empty() {
            query.push_str(&format!(
                "&district={}",
                super::forms::url_encode(&district_code)
            ));
        }
        query
    };
    let first = (audits.page - 1) * audits.per_page;
    let showing = if audits.total == 0 {
        String::new()
    } else {
        c.lang.t_args(
            "audit-showing",
            &[
                ("from", c.num(&(first + 1))),
                ("to", c.num(&(first + audits.items.len() as i64))),
                ("total", c.num(&audits.total)),
            ],
        )
    };
    let prev = if audits.page > 1 {
        here(audits.page - 1)
    } else {
        String::new()
    };
    let next = if first + (audits.items.len() as i64) < audits.total {
        here(audits.page + 1)
    } else {
        String::new()
    };
    let districts = district_choices(&c, &master, district);
    let done = match q.get("done").as_str() {
        "" => String::new(),
        "drawn" => c.t1("audit-drawn", "count", q.get("count")),
        "reopened" => c.t1("audit-done-reopened", "number", q.get("regno")),
        _ => c.t1("audit-done", "number", q.get("regno")),
    };
    Ok(page(&AuditScreen {
        c,
        items: audits.items,
        done,
        showing,
        districts,
        prev,
        next,
    }))
}

pub async fn audit_submit(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, ApiError> {
    // Administrators see the lists; findings are the auditors' (the lifecycle lets only them
    // reopen a case on one).
    c.require(&[Role::Auditor])?;
    let actor = c.actor()?;
    let reopened = state
        .store
        .record_audit(id, &actor, &form.get("finding"), &form.get("note"))
        .await?;
    Ok(see_other(&format!(
        "/audit?done={}&regno={}",
        if reopened { "reopened" } else { "recorded" },
        super::forms::url_encode(&form.get("regno"))
    )))
}

/// Draws this week's sample now (the worker also does, on its own, every few hours).
pub async fn audit_sample(
    State(state): State<Arc<AppState>>,
    c: Ctx,
) -> Result<Response, ApiError> {
    c.require(AUDITORS)?;
    let today = state.store.now().ist_date();
    let drawn = state.store.draw_audit_sample(today).await?;
    Ok(see_other(&format!("/audit?done=drawn&count={drawn}")))
}

#[derive(Template)]
#[template(path = "audit_report.html")]
struct AuditReport {
    c: Ctx,
    from: String,
    to: String,
    officers: Vec<(FlaggedOfficer, String)>,
}

/// Officers with flagged cases, for disciplinary action.
pub async fn audit_report(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(&[Role::Auditor, Role::Supervisor, Role::Admin])?;
    let actor = c.actor()?;
    let q = query_form(&uri);
    let period = Period::parse(
        &q.get("from"),
        &q.get("to"),
        state.store.now().ist_date(),
        30,
    )?;
    let master = state.store.master();
    let officers = state
        .store
        .flagged_officers(&actor, period.start(), period.end())
        .await?
        .into_iter()
        .map(|o| {
            let office = master
                .offices
                .get(&o.office_id)
                .map(|x| c.pick(&x.name_en, &x.name_hi).to_string())
                .unwrap_or_default();
            (o, office)
        })
        .collect();
    Ok(page(&AuditReport {
        from: period.from.to_string(),
        to: period.to.to_string(),
        officers,
        c,
    }))
}
