//! The cases behind a number: the list a dashboard cell links to, from the same condition that
//! counted it.

use super::*;
use nivaran_domain::{ErrorCode, msg};

#[derive(Template)]
#[template(path = "dashboard_cases.html")]
pub(super) struct CasesPage {
    c: Ctx,
    heading: String,
    place: String,
    back: String,
    cases: GrievancePage,
    prev: String,
    next: String,
}

/// The cases behind one number of a dashboard.
pub async fn cases(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(REVIEWERS)?;
    let q = query_form(&uri);
    let view = View::from_query(&state, &c, &q, &["metric", "key", "page"]).await?;
    let store = &state.store;
    let master = store.master();
    let metric_code = q.get("metric");
    let metric = Metric::parse(&metric_code).ok_or_else(|| {
        ApiError::bad_request(
            ErrorCode::InvalidChoice,
            Some("metric"),
            msg!("web-dashboard-cases-metric", codes = Metric::codes()),
        )
    })?;
    let only = match q.opt("key") {
        Some(code) => Some(Row {
            breakdown: view.breakdown,
            key: key_from_code(&master, view.breakdown, &code)?,
        }),
        None => None,
    };
    let page_no: i64 = q.get("page").parse().unwrap_or(1);
    let cases = store
        .dashboard_cases(
            &view.scope,
            &view.period,
            metric,
            &view.narrowed(only),
            page_no,
            50,
        )
        .await?;
    let officer_name = officer_full_name(store, &view.scope).await;
    let mut place = scope_name(&c, &master, &view.scope, officer_name.as_deref());
    if let Some(row) = only {
        place = format!(
            "{place} · {}",
            key_name(c.is_hi(), &master, row.breakdown, row.key)
        );
    }
    let here = |p: i64| {
        let mut extra = vec![("metric", metric.code())];
        let key = q.get("key");
        if !key.is_empty() {
            extra.push(("key", key.as_str()));
        }
        let p = p.to_string();
        extra.push(("page", &p));
        format!("/dashboard/cases?{}", view.query(&extra))
    };
    let pages = (cases.total + cases.per_page - 1) / cases.per_page.max(1);
    let page_data = CasesPage {
        heading: c.t(metric.message_key()),
        place,
        back: format!("/dashboard?{}", view.query(&[])),
        prev: if cases.page > 1 {
            here(cases.page - 1)
        } else {
            String::new()
        },
        next: if cases.page < pages {
            here(cases.page + 1)
        } else {
            String::new()
        },
        cases,
        c,
    };
    Ok(page(&page_data))
}
