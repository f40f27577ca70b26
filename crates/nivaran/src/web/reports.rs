//! Review reports for the weekly meeting, for a district or the state: the summary, the
//! department table, the oldest overdue cases, the worst offices and the trend, as PDF (Hindi or
//! English), XLSX and CSV. The numbers are the dashboard's: the same store calls make both.

use super::dashboard::{REVIEWERS, View};
use super::forms::{Form, query_form, url_encode};
use super::i18n::Lang;
use super::{Ctx, page};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::present::review::{place_name, report_csv, review_report};
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use nivaran_domain::{ErrorCode, msg};
use std::sync::Arc;

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    c: Ctx,
    place: String,
    query: String,
    view_scope: String,
    filters: Vec<(String, String)>,
    from: String,
    to: String,
}

/// The reports page: the period and the three downloads.
pub async fn reports_page(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(REVIEWERS)?;
    let q = query_form(&uri);
    let view = View::from_query(&state, &c, &q, &[]).await?;
    let place = place_name(c.lang, &state.store, &view.scope);
    let query = format!(
        "scope={}&from={}&to={}{}",
        url_encode(&view.scope_code),
        view.period.from,
        view.period.to,
        view.filter_query()
    );
    Ok(page(&ReportsPage {
        place,
        query,
        view_scope: view.scope_code.clone(),
        filters: view.filter_pairs(),
        from: view.period.from.to_string(),
        to: view.period.to.to_string(),
        c,
    }))
}

/// `/reports/review.pdf`, `.xlsx` or `.csv`.
pub async fn download(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    axum::extract::Path(file): axum::extract::Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(REVIEWERS)?;
    let q = query_form(&uri);
    let view = View::from_query(&state, &c, &q, &["lang"]).await?;
    let lang = report_language(&c, &q)?;
    let report =
        review_report(&state.store, &view.scope, &view.period, &view.filters, lang).await?;
    let stem = format!(
        "review-{}-{}-{}",
        view.scope_code.replace(':', "-"),
        view.period.from,
        view.period.to
    );
    let kind = match file.as_str() {
        "review.pdf" => "pdf",
        "review.xlsx" => "xlsx",
        "review.csv" => "csv",
        _ => return Err(ApiError::not_found("report")),
    };
    report_file(report, kind, &stem).await
}

/// The language a downloaded report is written in: `lang=` (hi or en), else the reader's.
pub fn report_language(c: &Ctx, q: &Form) -> Result<Lang, ApiError> {
    match q.get("lang").as_str() {
        "" => Ok(c.lang),
        code => Lang::parse(code).ok_or_else(|| {
            ApiError::bad_request(
                ErrorCode::InvalidChoice,
                Some("lang"),
                msg!("web-reports-language"),
            )
        }),
    }
}

/// A report as a download: `pdf` (laid out off the async workers), `xlsx` or `csv`, named
/// `stem` with the kind's extension.
pub async fn report_file(
    report: nivaran_reports::Report,
    kind: &str,
    stem: &str,
) -> Result<Response, ApiError> {
    let failed = |e: String| {
        tracing::error!(error = %e, "report failed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::ReportFailed,
            msg!("web-reports-failed"),
        )
    };
    let (bytes, content_type) = match kind {
        "pdf" => (
            // Laying out and shaping takes a moment: not on the async workers.
            tokio::task::spawn_blocking(move || nivaran_reports::pdf(&report))
                .await
                .map_err(|e| failed(e.to_string()))?
                .map_err(failed)?,
            "application/pdf",
        ),
        "xlsx" => (
            nivaran_reports::xlsx(&report).map_err(failed)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "csv" => (report_csv(&report), "text/csv; charset=utf-8"),
        _ => return Err(ApiError::not_found("report")),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}.{kind}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
