//! The review report for the weekly meeting, for a district, an office or the state: the
//! summary, the department table, the oldest overdue cases, the worst offices and the trend, in
//! Hindi or English, ready for the PDF, XLSX and CSV writers of `nivaran-reports`. The numbers
//! are the dashboard's: the same store calls make both. The pages offer it for download and the
//! worker e-mails it weekly.

use super::i18n::Lang;
use super::names::{key_code, key_name, scope_name_in};
use crate::store::{Breakdown, Period, Row, Scope, SocialFigures, Store, StoreError};
use nivaran_domain::metrics::{Figure, FigureValue, Metric};
use nivaran_domain::scoring::Figures;
use nivaran_reports::{Cell, Report, Table, Trend};

/// A figure's value as a report cell.
fn cell(value: FigureValue) -> Cell {
    match value {
        FigureValue::Count(n) => Cell::Count(n),
        FigureValue::Share { share, .. } => Cell::Share(share),
        FigureValue::Days(days) => Cell::Decimal(days),
    }
}

/// The figures of one row, as the report's cells (after the row's name), in registry order.
pub fn figure_cells(f: &Figures) -> Vec<Cell> {
    Figure::ALL.map(|figure| cell(figure.value(f))).to_vec()
}

/// The name of what a scope covers.
pub fn place_name(lang: Lang, store: &Store, scope: &Scope) -> String {
    scope_name_in(lang, &store.master(), scope, None)
}

/// Builds the review report of `scope` for `period` in `lang`.
pub async fn review_report(
    store: &Store,
    scope: &Scope,
    period: &Period,
    only: &[Row],
    lang: Lang,
) -> Result<Report, StoreError> {
    let master = store.master();
    let formula = store.scoring();
    let hi = lang == Lang::Hi;
    let place = place_name(lang, store, scope);
    let within_hours = store.social().answer_within_hours();
    // The report's five reads go to the database at once, each on its own connection.
    let (by_department, overdue, by_office, points, social) = tokio::try_join!(
        store.dashboard(scope, period, Breakdown::Department, only),
        store.dashboard_cases(scope, period, Metric::Overdue, only, 1, 20),
        store.dashboard(scope, period, Breakdown::Office, only),
        store.trend(scope, period, only),
        store.social_figures(
            scope,
            only,
            nivaran_domain::Timestamp::start_of_ist_day(period.from).0,
            nivaran_domain::Timestamp::start_of_ist_day(period.to)
                .plus_days(1)
                .0,
            within_hours,
        ),
    )?;
    let mut total = Figures::default();
    for row in &by_department {
        total.add(&row.figures);
    }
    let score = formula.score(&total);
    let mut summary: Vec<(String, Cell)> = Figure::ALL
        .iter()
        .map(|figure| (lang.t(figure.message_key()), cell(figure.value(&total))))
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

    // The table leaves out what `Figure::in_report_table` says (the summary has it), so that
    // it fits a landscape page.
    let in_table = || Figure::ALL.into_iter().filter(|f| f.in_report_table());
    let mut headers = vec![lang.t("dash-by-department")];
    headers.extend(in_table().map(|f| lang.t(f.message_key())));
    headers.push(lang.t("dash-score"));
    headers.push(lang.t("dash-grade"));
    let mut rows: Vec<(String, Vec<Cell>)> = by_department
        .iter()
        .map(|r| {
            let name = key_name(hi, &master, Breakdown::Department, r.key);
            let s = formula.score(&r.figures);
            let mut cells = vec![Cell::Text(name.clone())];
            cells.extend(in_table().map(|f| cell(f.value(&r.figures))));
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
        tables: [departments, oldest, worst]
            .into_iter()
            .chain(social_table(lang, scope, only, within_hours, &social))
            .collect(),
        trend: Some(trend),
        footer: format!("Nivaran · {place}"),
    })
}

/// The social-media desk's figures by platform (seeds 000 and 001 review SMGT beside CM Window),
/// when the period had posts: the whole desk's for the state's report, else the posts filed as
/// or linked to the report's cases.
fn social_table(
    lang: Lang,
    scope: &Scope,
    only: &[Row],
    within_hours: i64,
    platforms: &[SocialFigures],
) -> Option<Table> {
    if platforms.is_empty() {
        return None;
    }
    let whole_desk = *scope == Scope::All && only.is_empty();
    let row = |name: String, f: &SocialFigures| {
        vec![
            Cell::Text(name),
            Cell::Count(f.received),
            Cell::Count(f.filed),
            Cell::Count(f.linked),
            Cell::Count(f.dismissed),
            Cell::Count(f.asked),
            Cell::Count(f.answered),
            Cell::Count(f.answered_within),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = platforms
        .iter()
        .map(|f| row(f.platform.clone(), f))
        .collect();
    rows.push(row(lang.t("smgt-total"), &SocialFigures::total(platforms)));
    Some(Table {
        title: lang.t(if whole_desk {
            "report-smgt"
        } else {
            "report-smgt-scoped"
        }),
        headers: vec![
            lang.t("smgt-platform"),
            lang.t("smgt-fig-received"),
            lang.t("smgt-status-filed"),
            lang.t("smgt-status-linked"),
            lang.t("smgt-status-dismissed"),
            lang.t("smgt-status-asked"),
            lang.t("smgt-fig-answered"),
            lang.t_args("smgt-fig-within", &[("hours", within_hours.to_string())]),
        ],
        rows,
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
