//! The public transparency page and its open data (`/public`, `/public/data.csv`,
//! `/public/data.json`): counts by district and by department, and nothing about any person.
//! Only [`PublicRow`]'s fields leave here, and none of them is a name, number, address or text
//! a citizen wrote.

use super::forms::query_form;
use super::{Ctx, page};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::{Period, Store};
use askama::Template;
use axum::extract::State;
use axum::http::{Uri, header};
use axum::response::{IntoResponse, Response};
use nivaran_domain::Timestamp;
use nivaran_domain::metrics::{Figure, FigureValue};
use nivaran_domain::scoring::Figures;
use serde::Serialize;
use std::sync::Arc;

/// A published figure's value: a count, a percentage or days (one decimal).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PublicValue {
    Count(i64),
    Percent(Option<f64>),
    Days(Option<f64>),
}

impl PublicValue {
    fn of(value: FigureValue) -> PublicValue {
        let round1 = |v: Option<f64>| v.map(|v| (v * 10.0).round() / 10.0);
        match value {
            FigureValue::Count(n) => PublicValue::Count(n),
            FigureValue::Share { share, .. } => {
                PublicValue::Percent(round1(share.map(|s| s * 100.0)))
            }
            FigureValue::Days(days) => PublicValue::Days(round1(days)),
        }
    }

    fn csv(self) -> String {
        match self {
            PublicValue::Count(n) => n.to_string(),
            PublicValue::Percent(v) | PublicValue::Days(v) => {
                v.map(|v| format!("{v:.1}")).unwrap_or_default()
            }
        }
    }
}

/// The figures the open data publishes, with their names there, in the registry's order.
fn published() -> impl Iterator<Item = (Figure, &'static str)> {
    Figure::ALL
        .into_iter()
        .filter_map(|f| f.open_data_name().map(|name| (f, name)))
}

/// One line of the open data.
#[derive(Debug, Clone)]
pub struct PublicRow {
    /// `district`, `department` or `total`.
    pub level: &'static str,
    pub code: String,
    pub name_en: String,
    pub name_hi: String,
    /// Each published figure by its open-data name.
    pub values: Vec<(&'static str, PublicValue)>,
}

impl Serialize for PublicRow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(4 + self.values.len()))?;
        map.serialize_entry("level", self.level)?;
        map.serialize_entry("code", &self.code)?;
        map.serialize_entry("name_en", &self.name_en)?;
        map.serialize_entry("name_hi", &self.name_hi)?;
        for (name, value) in &self.values {
            match value {
                PublicValue::Count(n) => map.serialize_entry(name, n)?,
                PublicValue::Percent(v) | PublicValue::Days(v) => map.serialize_entry(name, v)?,
            }
        }
        map.end()
    }
}

fn public_row(
    level: &'static str,
    code: String,
    name_en: String,
    name_hi: String,
    f: &Figures,
) -> PublicRow {
    PublicRow {
        level,
        code,
        name_en,
        name_hi,
        values: published()
            .map(|(figure, name)| (name, PublicValue::of(figure.value(f))))
            .collect(),
    }
}

/// The open data for `period`: the total, then districts, then departments, each by name; and
/// when it was counted (each node counts a period at most once in
/// `[dashboards] public_cache_seconds`).
pub async fn open_data(
    store: &Store,
    period: &Period,
) -> Result<(Vec<PublicRow>, Timestamp), ApiError> {
    let master = store.master();
    let mut out = Vec::new();
    let figures = store.public_figures(period).await?;
    let by_district = &figures.by_district;
    let mut total = Figures::default();
    for r in by_district {
        total.add(&r.figures);
    }
    out.push(public_row(
        "total",
        "all".into(),
        "All districts".into(),
        "सभी जिले".into(),
        &total,
    ));
    let mut districts: Vec<PublicRow> = by_district
        .iter()
        .map(|r| {
            let j = r.key.and_then(|id| master.jurisdictions.get(&id));
            public_row(
                "district",
                j.map(|j| j.code.clone()).unwrap_or_else(|| "none".into()),
                j.map(|j| j.name_en.clone())
                    .unwrap_or_else(|| "(state level)".into()),
                j.map(|j| j.name_hi.clone())
                    .unwrap_or_else(|| "(राज्य स्तर)".into()),
                &r.figures,
            )
        })
        .collect();
    districts.sort_by(|a, b| a.name_en.cmp(&b.name_en));
    out.extend(districts);
    let mut departments: Vec<PublicRow> = figures
        .by_department
        .iter()
        .filter_map(|r| {
            let d = master.departments.get(&r.key?)?;
            Some(public_row(
                "department",
                d.code.clone(),
                d.name_en.clone(),
                d.name_hi.clone(),
                &r.figures,
            ))
        })
        .collect();
    departments.sort_by(|a, b| a.name_en.cmp(&b.name_en));
    out.extend(departments);
    Ok((out, figures.counted_at))
}

/// The open data's answer, which any cache on the way may keep as long as the node does (it
/// holds nothing of any person, and no cookie is set with it).
fn kept_for(store: &Store, mut response: Response) -> Response {
    let seconds = store.public_cache().as_secs();
    if seconds > 0
        && let Ok(value) = format!("public, max-age={seconds}").parse()
    {
        response.headers_mut().insert(header::CACHE_CONTROL, value);
    }
    response
}

/// The open data's period: `from`/`to` in the query, else the last 365 days.
fn period_of(state: &AppState, uri: &Uri) -> Result<Period, ApiError> {
    let q = query_form(uri);
    Ok(Period::parse(
        &q.get("from"),
        &q.get("to"),
        state.store.now().ist_date(),
        365,
    )?)
}

/// One row of the page's tables, formatted.
pub struct ShownRow {
    pub name: String,
    pub cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "public_figures.html")]
struct PublicPage {
    c: Ctx,
    from: String,
    to: String,
    query: String,
    columns: Vec<String>,
    /// (id, heading, rows): the total, the districts, the departments.
    sections: Vec<(&'static str, String, Vec<ShownRow>)>,
}

pub async fn page_handler(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    let period = period_of(&state, &uri)?;
    let (rows, _) = open_data(&state.store, &period).await?;
    let shown_value = |v: &PublicValue| match v {
        PublicValue::Count(n) => c.num(n),
        PublicValue::Percent(v) => v.map(|v| format!("{v:.1}%")).unwrap_or_else(|| "—".into()),
        PublicValue::Days(v) => v.map(|v| format!("{v:.1}")).unwrap_or_else(|| "—".into()),
    };
    let shown = |level: &str| -> Vec<ShownRow> {
        rows.iter()
            .filter(|r| r.level == level)
            .map(|r| ShownRow {
                name: c.pick(&r.name_en, &r.name_hi).to_string(),
                cells: r.values.iter().map(|(_, v)| shown_value(v)).collect(),
            })
            .collect()
    };
    let columns = published()
        .map(|(figure, _)| c.t(figure.message_key()))
        .collect();
    let page_data = PublicPage {
        from: period.from.to_string(),
        to: period.to.to_string(),
        query: format!("from={}&to={}", period.from, period.to),
        columns,
        sections: vec![
            ("total", c.t("open-total"), shown("total")),
            ("districts", c.t("open-districts"), shown("district")),
            ("departments", c.t("open-departments"), shown("department")),
        ],
        c,
    };
    Ok(page(&page_data))
}

pub async fn csv(State(state): State<Arc<AppState>>, uri: Uri) -> Result<Response, ApiError> {
    let period = period_of(&state, &uri)?;
    let (rows, _) = open_data(&state.store, &period).await?;
    // A byte-order mark first, or Excel reads the Hindi names as Latin-1.
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let mut header = vec![
            "period_from",
            "period_to",
            "level",
            "code",
            "name_en",
            "name_hi",
        ];
        header.extend(published().map(|(_, name)| name));
        let _ = writer.write_record(&header);
        for r in &rows {
            let mut record = vec![
                period.from.to_string(),
                period.to.to_string(),
                r.level.to_string(),
                r.code.clone(),
                r.name_en.clone(),
                r.name_hi.clone(),
            ];
            record.extend(r.values.iter().map(|(_, v)| v.csv()));
            let _ = writer.write_record(&record);
        }
        // Writing into memory does not fail.
        let _ = writer.flush();
    }
    let response = (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"nivaran-open-data.csv\"",
            ),
        ],
        out,
    )
        .into_response();
    Ok(kept_for(&state.store, response))
}

pub async fn json(State(state): State<Arc<AppState>>, uri: Uri) -> Result<Response, ApiError> {
    let period = period_of(&state, &uri)?;
    let (rows, counted_at) = open_data(&state.store, &period).await?;
    let response = axum::Json(serde_json::json!({
        "period": {"from": period.from.to_string(), "to": period.to.to_string()},
        "generated_at": counted_at.to_rfc3339(),
        "rows": rows,
    }))
    .into_response();
    Ok(kept_for(&state.store, response))
}

/// The signed checkpoints of the audit log (the latest hundred, newest first), for anyone to
/// keep: each vouches that the log's head at its position was its `head` at its time. Check a
/// signature with the public key over `chain::checkpoint_message` (docs/SECURITY.md).
pub async fn audit_checkpoints(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let checkpoints = state.store.checkpoints(100).await?;
    let mut response = axum::Json(serde_json::json!({
        "algorithm": "ed25519",
        "message": "nivaran audit checkpoint v1\\nposition {pos}\\nhead {head}\\nat {at}\\n",
        "public_key": checkpoints.first().map(|c| c.public_key.clone()),
        "checkpoints": checkpoints,
    }))
    .into_response();
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("public, max-age=60"),
    );
    Ok(response)
}
