//! Review reports for the weekly meeting, for a district or the state: the summary, the
//! department table, the oldest overdue cases, the worst offices and the trend, as PDF (Hindi or
//! English), XLSX and CSV. The numbers are the dashboard's: the same store calls make both.

use super::dashboard::{FIGURE_KEYS, REVIEWERS, View, key_code, key_name};
use super::forms::{query_form, url_encode};
use super::i18n::Lang;
use super::{Ctx, page};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::{Breakdown, Period, Scope, Store};
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use nivaran_domain::scoring::Figures;
use nivaran_reports::{Cell, Report, Table, Trend};
use std::sync::Arc;

/// The figures of one row, as the report's cells (after the row's name).
fn figure_cells(f: &Figures) -> Vec<Cell> {
    let age = &f.overdue_by_age;
    vec![
        Cell::Count(f.received),
        Cell::Count(f.disposed),
        Cell::Count(f.pending),
        Cell::Count(f.overdue),
        Cell::Count(age[0]),
        Cell::Count(age[1]),
        Cell::Count(age[2]),
        Cell::Count(age[3]),
        Cell::Count(age[4]),
        Cell::Share(f.disposal_rate()),
        Cell::Decimal(f.average_disposal_days()),
        Cell::Share(f.in_time_rate()),
        Cell::Share(f.atr_rate()),
        Cell::Share(f.relief_rate()),
        Cell::Share(f.satisfaction_rate()),
        Cell::Share(f.reopen_rate()),
        Cell::Share(f.eta_kept_rate()),
    ]
}

/// The name of what a scope covers.
fn place_name(lang: Lang, store: &Store, scope: &Scope) -> String {
    super::dashboard::scope_name_in(lang, &store.master(), scope, None)
}

/// Builds the review report of `scope` for `period` in `lang`.
pub async fn review_report(
    store: &Store,
    scope: &Scope,
    period: &Period,
    lang: Lang,
) -> Result<Report, ApiError> {
    let master = store.master();
    let formula = store.scoring();
    let hi = lang == Lang::Hi;
    let place = place_name(lang, store, scope);
    // The report's four reads go to the database at once, each on its own connection.
    let (by_department, overdue, by_office, points) = tokio::try_join!(
        store.dashboard(scope, period, Breakdown::Department, None),
        store.dashboard_cases(scope, period, "overdue", None, 1, 20),
        store.dashboard(scope, period, Breakdown::Office, None),
        store.trend(scope, period, None),
    )?;
    let mut total = Figures::default();
    for row in &by_department {
        total.add(&row.figures);
    }
    let score = formula.score(&total);
    let mut summary: Vec<(String, Cell)> = FIGURE_KEYS
        .iter()
        .map(|k| lang.t(k))
        .zip(figure_cells(&total))
        .collect();
    summary.push((lang.t("dash-score"), Cell::Decimal(score.value)));
    summary.push((
        lang.t("dash-grade"),
        Cell::Text(
            score
                .grade
                .map(|g| g.letter().to_string())
                .unwrap_or_else(|| "—".into()),
        ),
    ));

    // The table leaves out the first four overdue age buckets (the summary has them) so that
    // it fits a landscape page.
    let table_columns = |cells: Vec<Cell>| -> Vec<Cell> {
        cells
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !(4..=7).contains(i))
            .map(|(_, c)| c)
            .collect()
    };
    let mut headers = vec![lang.t("dash-by-department")];
    headers.extend(
        FIGURE_KEYS
            .iter()
            .enumerate()
            .filter(|(i, _)| !(4..=7).contains(i))
            .map(|(_, k)| lang.t(k)),
    );
    headers.push(lang.t("dash-score"));
    headers.push(lang.t("dash-grade"));
    let mut rows: Vec<(String, Vec<Cell>)> = by_department
        .iter()
        .map(|r| {
            let name = key_name(hi, &master, Breakdown::Department, r.key);
            let s = formula.score(&r.figures);
            let mut cells = vec![Cell::Text(name.clone())];
            cells.extend(table_columns(figure_cells(&r.figures)));
            cells.push(Cell::Decimal(s.value));
            cells.push(Cell::Text(
                s.grade
                    .map(|g| g.letter().to_string())
                    .unwrap_or_else(|| "—".into()),
            ));
            (name, cells)
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let departments = Table {
        title: lang.t("report-departments"),
        headers,
        rows: rows.into_iter().map(|(_, c)| c).collect(),
    };

    // The oldest overdue cases: the list behind the overdue figure, deadline first.
    let today = store.now().ist_date();
    let oldest = Table {
        title: lang.t("report-oldest"),
        headers: vec![
            lang.t("col-number"),
            lang.t("col-subject"),
            lang.t("col-office"),
            lang.t("col-due"),
            lang.t("report-days-overdue"),
        ],
        rows: overdue
            .items
            .iter()
            .map(|g| {
                let due = time::Date::parse(
                    &g.due_date,
                    &time::format_description::well_known::Iso8601::DATE,
                )
                .ok();
                vec![
                    Cell::Text(g.registration_number.clone()),
                    Cell::Text(g.subject.clone()),
                    Cell::Text(
                        g.holding_office
                            .as_ref()
                            .map(|o| lang.pick(&o.name_en, &o.name_hi).to_string())
                            .unwrap_or_default(),
                    ),
                    Cell::Text(super::i18n::iso_date(&g.due_date)),
                    Cell::Count(due.map(|d| (today - d).whole_days()).unwrap_or(0)),
                ]
            })
            .collect(),
    };

    // The worst offices: lowest scores among those with cases pending.
    let mut offices: Vec<(f64, Vec<Cell>)> = by_office
        .iter()
        .filter(|r| r.key.is_some() && r.figures.pending > 0)
        .filter_map(|r| {
            let s = formula.score(&r.figures);
            let value = s.value?;
            Some((
                value,
                vec![
                    Cell::Text(key_name(hi, &master, Breakdown::Office, r.key)),
                    Cell::Text(key_code(&master, Breakdown::Office, r.key)),
                    Cell::Decimal(Some(value)),
                    Cell::Text(s.grade.map(|g| g.letter().to_string()).unwrap_or_default()),
                    Cell::Count(r.figures.pending),
                    Cell::Count(r.figures.overdue),
                    Cell::Count(r.figures.overdue_by_age[4]),
                    Cell::Share(r.figures.satisfaction_rate()),
                ],
            ))
        })
        .collect();
    offices.sort_by(|a, b| a.0.total_cmp(&b.0));
    let worst = Table {
        title: lang.t("report-worst-offices"),
        headers: vec![
            lang.t("col-office"),
            lang.t("report-code"),
            lang.t("dash-score"),
            lang.t("dash-grade"),
            lang.t("dash-pending"),
            lang.t("dash-overdue"),
            lang.t("dash-age-over-100"),
            lang.t("dash-satisfaction"),
        ],
        rows: offices.into_iter().take(10).map(|(_, c)| c).collect(),
    };

    let trend = Trend {
        title: lang.t("dash-trend"),
        labels: points
            .iter()
            .map(|p| format!("{}/{}", p.from.day(), u8::from(p.from.month())))
            .collect(),
        lines: vec![
            (
                lang.t("dash-received"),
                [31, 95, 168],
                points.iter().map(|p| p.received).collect(),
            ),
            (
                lang.t("dash-disposed"),
                [46, 125, 50],
                points.iter().map(|p| p.disposed).collect(),
            ),
            (
                lang.t("dash-pending-at-end"),
                [179, 38, 30],
                points.iter().map(|p| p.pending_at_end).collect(),
            ),
        ],
    };
    let period_text = format!(
        "{} – {}",
        super::i18n::date(period.from),
        super::i18n::date(period.to)
    );
    Ok(Report {
        title: lang.t_args("report-title", &[("place", place.clone())]),
        subtitle: lang.t_args(
            "report-subtitle",
            &[
                ("period", period_text),
                ("made", lang.datetime(store.now())),
            ],
        ),
        summary,
        tables: vec![departments, oldest, worst],
        trend: Some(trend),
        footer: format!("Nivaran · {place}"),
    })
}

/// The report's tables as CSV (a byte-order mark first, so Excel shows Hindi): the summary,
/// then each table after a line with its title.
pub fn report_csv(report: &Report) -> Vec<u8> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut out);
        let _ = w.write_record([report.title.as_str()]);
        let _ = w.write_record([report.subtitle.as_str()]);
        for (label, value) in &report.summary {
            let _ = w.write_record([label.clone(), csv_value(value)]);
        }
        for table in &report.tables {
            let _ = w.write_record([""]);
            let _ = w.write_record([table.title.as_str()]);
            let _ = w.write_record(&table.headers);
            for row in &table.rows {
                let _ = w.write_record(row.iter().map(csv_value));
            }
        }
        // Writing into memory does not fail.
        let _ = w.flush();
    }
    out
}

/// Text a spreadsheet will not take for a formula: a citizen's subject starting with `=`, `+`,
/// `-` or `@` gets a leading apostrophe (which Excel hides).
fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Plain numbers in CSV (no digit grouping), so a spreadsheet reads them as numbers.
fn csv_value(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => spreadsheet_safe(t),
        Cell::Count(n) => n.to_string(),
        Cell::Share(Some(s)) => format!("{:.1}%", s * 100.0),
        Cell::Decimal(Some(d)) => format!("{d:.1}"),
        Cell::Share(None) | Cell::Decimal(None) => String::new(),
    }
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    c: Ctx,
    place: String,
    query: String,
    view_scope: String,
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
    let view = View::from_query(&state, &c, &q).await?;
    let place = place_name(c.lang, &state.store, &view.scope);
    let query = format!(
        "scope={}&from={}&to={}",
        url_encode(&view.scope_code),
        view.period.from,
        view.period.to
    );
    Ok(page(&ReportsPage {
        place,
        query,
        view_scope: view.scope_code.clone(),
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
    let view = View::from_query(&state, &c, &q).await?;
    let lang = match q.get("lang").as_str() {
        "" => c.lang,
        code => Lang::parse(code).ok_or_else(|| {
            ApiError::bad_request(
                "invalid_choice",
                Some("lang"),
                "The report's language is hi or en",
                "रिपोर्ट की भाषा hi या en है",
            )
        })?,
    };
    let report = review_report(&state.store, &view.scope, &view.period, lang).await?;
    let stem = format!(
        "review-{}-{}-{}",
        view.scope_code.replace(':', "-"),
        view.period.from,
        view.period.to
    );
    let failed = |e: String| {
        tracing::error!(error = %e, "report failed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "report_failed",
            "The report could not be made; please try again",
            "रिपोर्ट नहीं बन सकी; कृपया फिर प्रयास करें",
        )
    };
    let (bytes, content_type, ext) = match file.as_str() {
        "review.pdf" => {
            // Laying out and shaping takes a moment: not on the async workers.
            let pdf = tokio::task::spawn_blocking(move || nivaran_reports::pdf(&report))
                .await
                .map_err(|e| failed(e.to_string()))?
                .map_err(failed)?;
            (pdf, "application/pdf", "pdf")
        }
        "review.xlsx" => (
            nivaran_reports::xlsx(&report).map_err(failed)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        "review.csv" => (report_csv(&report), "text/csv; charset=utf-8", "csv"),
        _ => return Err(ApiError::not_found("report")),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}.{ext}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
