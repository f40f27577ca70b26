//! Where staff work: the inbox of cases they may see (the office's, for an officer), sorted by
//! deadline with filters, search and counts; bulk actions where the lifecycle allows them; and the
//! supervisor's page of escalated cases, approvals waiting and the offices below with their
//! pendency.

use super::forms::{Form, query_form, url_encode};
use super::{Ctx, page};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::{
    ActionRequest, GrievanceFilter, GrievancePage, GrievanceView, OfficePendency, StatusCounts,
};
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use nivaran_domain::lifecycle::Status;
use nivaran_domain::types::Role;
use nivaran_domain::{ErrorCode, msg};
use std::sync::Arc;

const STAFF: &[Role] = &[
    Role::Officer,
    Role::Supervisor,
    Role::Operator,
    Role::Verifier,
    Role::Auditor,
    Role::Admin,
];

/// The parameters the inbox reads (anything else is refused, never ignored).
const KNOWN_FILTERS: [&str; 10] = [
    "status",
    "category",
    "channel",
    "priority",
    "overdue",
    "holder",
    "q",
    "external_reference",
    "sort",
    "page",
];

/// The inbox's filters, from the query string.
fn filter_from(q: &Form) -> GrievanceFilter {
    GrievanceFilter {
        // "all" is the tab of every status (an empty query means the default, the open ones).
        status: q.opt("status").filter(|s| s != "all"),
        category: q.opt("category"),
        channel: q.opt("channel"),
        priority: q.opt("priority"),
        overdue: (q.get("overdue") == "1").then_some(true),
        holder: q.opt("holder"),
        q: q.opt("q"),
        external_reference: q.opt("external_reference"),
        sort: q.opt("sort"),
        page: q.get("page").parse().ok(),
        per_page: Some(50),
        ..Default::default()
    }
}

/// The query string for `filter` with one parameter changed (for tabs and paging links).
fn link(q: &Form, key: &str, value: &str) -> String {
    let mut pairs: Vec<(String, String)> =
        q.0.iter()
            .filter(|(k, v)| k != key && k != "page" && k != "csrf" && !v.is_empty())
            .cloned()
            .collect();
    if !value.is_empty() {
        pairs.push((key.to_string(), value.to_string()));
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
        .collect();
    if query.is_empty() {
        "/inbox".into()
    } else {
        format!("/inbox?{}", query.join("&"))
    }
}

pub struct Tab {
    pub label: String,
    pub count: String,
    pub href: String,
    pub current: bool,
}

/// What the inbox shows; the whole page and the htmx fragment of results share it.
struct InboxData {
    q: Form,
    page: GrievancePage,
    tabs: Vec<Tab>,
    statuses: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    channels: Vec<(String, String)>,
    priorities: Vec<(String, String)>,
    prev: String,
    next: String,
    bulk: Vec<&'static str>,
    /// Whether the "my cases / my office's" choice is offered (to officers and supervisors).
    holders: bool,
    /// The officers a supervisor may give cases to (username, name and office).
    officers: Vec<(String, String)>,
    result: Vec<(String, String)>,
    /// The query string of this list, to come back to after a bulk action.
    back: String,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct Inbox {
    c: Ctx,
    d: InboxData,
}

#[derive(Template)]
#[template(path = "partials/inbox_results.html")]
struct InboxResults {
    c: Ctx,
    d: InboxData,
}

/// Bulk actions a role may take from the list, where the lifecycle allows them in bulk (no
/// text to write per case).
fn bulk_actions(role: Option<Role>) -> Vec<&'static str> {
    match role {
        Some(Role::Officer) => vec!["accept"],
        Some(Role::Supervisor) => vec![
            "accept",
            "assign_officer",
            "approve_atr",
            "approve_special_close",
        ],
        Some(Role::Verifier) => vec!["close"],
        _ => Vec::new(),
    }
}

fn tabs(c: &Ctx, q: &Form, counts: &StatusCounts) -> Vec<Tab> {
    let status = q.get("status");
    let overdue = q.get("overdue") == "1";
    let mut tabs = vec![
        Tab {
            label: c.t("inbox-open"),
            count: c.num(&counts.open),
            href: link(&without(q, "overdue"), "status", "open"),
            current: status == "open" && !overdue,
        },
        Tab {
            label: c.t("badge-overdue"),
            count: c.num(&counts.overdue),
            href: link(&without(q, "status"), "overdue", "1"),
            current: overdue,
        },
    ];
    for (code, n) in &counts.by_status {
        if *n == 0 {
            continue;
        }
        tabs.push(Tab {
            label: c.status(code),
            count: c.num(n),
            href: link(&without(q, "overdue"), "status", code),
            current: status == *code && !overdue,
        });
    }
    tabs.push(Tab {
        label: c.t("inbox-all"),
        count: c.num(&counts.total),
        href: link(&without(q, "overdue"), "status", "all"),
        current: (status.is_empty() || status == "all") && !overdue,
    });
    tabs
}

/// `q` without `key`.
fn without(q: &Form, key: &str) -> Form {
    Form(q.0.iter().filter(|(k, _)| k != key).cloned().collect())
}

async fn inbox_page(
    state: &AppState,
    c: Ctx,
    mut q: Form,
    result: Vec<(String, String)>,
) -> Result<Response, ApiError> {
    let actor = c.actor()?;
    q.only(&KNOWN_FILTERS, &["csrf"])?;
    if q.0.is_empty() {
        // A first visit shows the open cases, most urgent first.
        q.push("status", "open");
    }
    let filter = filter_from(&q);
    let page_data = state.store.list(&filter, &actor).await?;
    let counts = state.store.count_by_status(&filter, &actor).await?;
    let master = state.store.master();
    let lang = c.lang;
    let mut categories: Vec<(String, String)> = master
        .categories
        .values()
        .map(|cat| {
            (
                cat.code.clone(),
                lang.pick(&cat.name_en, &cat.name_hi).to_string(),
            )
        })
        .collect();
    categories.sort_by(|a, b| a.1.cmp(&b.1));
    let pages = (page_data.total + page_data.per_page - 1) / page_data.per_page.max(1);
    let prev = if page_data.page > 1 {
        link(&q, "page", &(page_data.page - 1).to_string())
    } else {
        String::new()
    };
    let next = if page_data.page < pages {
        link(&q, "page", &(page_data.page + 1).to_string())
    } else {
        String::new()
    };
    let statuses = Status::ALL
        .iter()
        .map(|s| {
            (
                s.code().to_string(),
                lang.pick(s.label_en(), s.label_hi()).to_string(),
            )
        })
        .collect();
    // A supervisor gives cases to the officers of his office and those under it.
    let officers = match (c.role, actor.office_id) {
        (Some(Role::Supervisor), Some(office)) => {
            let subtree = master.office_subtree(office);
            let mut people: Vec<(String, String)> = master
                .people
                .values()
                .filter(|p| p.active == 1 && p.office_id.is_some_and(|o| subtree.contains(&o)))
                .map(|p| {
                    let office = p
                        .office_id
                        .and_then(|o| master.offices.get(&o))
                        .map(|o| lang.pick(&o.name_en, &o.name_hi).to_string())
                        .unwrap_or_default();
                    (p.username.clone(), format!("{} ({office})", p.full_name))
                })
                .collect();
            people.sort_by(|a, b| a.1.cmp(&b.1));
            people
        }
        _ => Vec::new(),
    };
    let d = InboxData {
        holders: matches!(c.role, Some(Role::Officer | Role::Supervisor)),
        officers,
        tabs: tabs(&c, &q, &counts),
        bulk: bulk_actions(c.role),
        back: link(&q, "", ""),
        statuses,
        categories,
        channels: super::filing::channel_options(lang),
        priorities: super::filing::priority_options(lang),
        prev,
        next,
        page: page_data,
        result,
        q,
    };
    if c.htmx {
        Ok(page(&InboxResults { c, d }))
    } else {
        Ok(page(&Inbox { c, d }))
    }
}

pub async fn inbox(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(STAFF)?;
    inbox_page(&state, c, query_form(&uri), Vec::new()).await
}

/// One action on many cases: each is its own change (its own version check, event and SMS); the
/// page reports what happened to each.
pub async fn bulk(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    form: Form,
) -> Result<Response, ApiError> {
    c.require(STAFF)?;
    let actor = c.actor()?;
    let action = form.get("bulk_action");
    if !bulk_actions(c.role).contains(&action.as_str()) {
        return Err(ApiError::forbidden("bulk-action"));
    }
    let request = match action.as_str() {
        // The date the officer promises, for every case accepted together.
        "accept" => ActionRequest::Accept {
            eta: form.opt("eta"),
            eta_reason: form.get("eta_reason"),
        },
        "assign_officer" => ActionRequest::AssignOfficer {
            officer: form.get("officer"),
            reason: form.get("reason"),
        },
        "approve_atr" => ActionRequest::ApproveAtr,
        "approve_special_close" => ActionRequest::ApproveSpecialClose,
        _ => ActionRequest::Close,
    };
    let regnos = form.all("regno");
    if regnos.is_empty() {
        return Err(ApiError::bad_request(
            ErrorCode::Required,
            Some("regno"),
            msg!("web-inbox-tick-cases"),
        ));
    }
    let mut result = Vec::new();
    for regno in regnos.iter().take(100) {
        let outcome = match state.store.act(regno, &request, &actor, None).await {
            Ok(g) => c.t1("bulk-done", "status", c.status(&g.status)),
            Err(e) => {
                let e = ApiError::from(e);
                c.lang.say(&e.message)
            }
        };
        result.push((regno.clone(), outcome));
    }
    // Back to the same list, with the report above it.
    let back = Form::parse(form.get("back").trim_start_matches("/inbox?").as_bytes());
    inbox_page(&state, c, back, result).await
}

/// One list of the supervisor's page.
pub struct Section {
    pub id: &'static str,
    pub heading: String,
    pub cases: Vec<GrievanceView>,
}

#[derive(Template)]
#[template(path = "supervisor.html")]
struct Supervisor {
    c: Ctx,
    sections: Vec<Section>,
    offices: Vec<OfficePendency>,
    office_name: String,
}

pub async fn supervisor(State(state): State<Arc<AppState>>, c: Ctx) -> Result<Response, ApiError> {
    let user = c.require(&[Role::Supervisor])?;
    let actor = c.actor()?;
    let master = state.store.master();
    let Some(office) = user.office_id.and_then(|id| master.offices.get(&id)) else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::NoOffice,
            msg!("web-inbox-no-office"),
        ));
    };
    let list = |filter: GrievanceFilter| {
        let state = &state;
        let actor = actor.clone();
        async move {
            state
                .store
                .list(
                    &GrievanceFilter {
                        status: Some("open".into()),
                        per_page: Some(100),
                        ..filter
                    },
                    &actor,
                )
                .await
        }
    };
    let escalated = list(GrievanceFilter {
        escalated_to: Some(office.code.clone()),
        ..Default::default()
    })
    .await?
    .items;
    let atrs = list(GrievanceFilter {
        atr_pending: Some(true),
        ..Default::default()
    })
    .await?
    .items;
    let special = list(GrievanceFilter {
        special_close: Some("requested".into()),
        ..Default::default()
    })
    .await?
    .items;
    let offices = state.store.office_pendency(office.id).await?;
    let office_name = c.pick(&office.name_en, &office.name_hi).to_string();
    let sections = vec![
        Section {
            id: "escalated",
            heading: c.t("supervisor-escalated"),
            cases: escalated,
        },
        Section {
            id: "atrs",
            heading: c.t("supervisor-atrs"),
            cases: atrs,
        },
        Section {
            id: "special",
            heading: c.t("supervisor-special"),
            cases: special,
        },
    ];
    Ok(page(&Supervisor {
        c,
        sections,
        offices,
        office_name,
    }))
}
