//! Dashboards at every level (state, district, subdivision, office, officer) for a chosen
//! period, the lists of cases behind every number on them, and the rankings by score.
//!
//! Every count is a link to `/dashboard/cases` with the same scope, period, row and figure;
//! both are answered from the storage layer's one definition of the figure.

mod cases;
mod portals;
mod rankings;
mod score;
pub use cases::cases;
pub use rankings::rankings;
pub use score::{ScoreView, score_view};

use super::chart::{Series, line_chart};
use super::forms::{Form, query_form, url_encode};
use super::{Ctx, page};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::present::names::{key_code, key_name};
use crate::store::{
    Breakdown, FigureRow, GrievancePage, MasterData, Period, Row, Scope, Store, TrendPoint,
};
use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use nivaran_domain::metrics::{Figure, FigureValue, Metric};
use nivaran_domain::scoring::{Figures, Score, ScoreFormula};
use nivaran_domain::types::Role;
use nivaran_domain::{ErrorCode, msg};
use std::sync::Arc;

/// Who may open dashboards (each within what [`Scope::visible_to`] allows).
pub const REVIEWERS: &[Role] = &[
    Role::Officer,
    Role::Supervisor,
    Role::Verifier,
    Role::Auditor,
    Role::Operator,
    Role::Admin,
];

/// A number on a page, and the list of cases behind it (empty when it is not a count).
pub struct Cell {
    pub text: String,
    pub href: String,
    /// What a ratio is made of ("4,222 ÷ 6,311"), shown on hover and to screen readers.
    pub title: String,
}

/// What a dashboard is about, as read from (and written back into) its query string.
#[derive(Clone)]
pub struct View {
    pub scope: Scope,
    pub scope_code: String,
    pub period: Period,
    pub breakdown: Breakdown,
    /// The filters by portal, priority cell and kind (`channel=`, `cell=`, `kind=`), as rows
    /// of those breakdowns.
    pub filters: Vec<Row>,
    /// The same, as the query string writes them.
    filter_pairs: Vec<(&'static str, String)>,
}

/// The query parameters every figure page reads.
const VIEW_PARAMETERS: &[&str] = &["scope", "from", "to", "by", "channel", "cell", "kind"];

/// The filters a figure page takes: the parameter, and the breakdown whose row it picks.
const FILTERS: &[(&str, Breakdown)] = &[
    ("channel", Breakdown::Channel),
    ("cell", Breakdown::Cell),
    ("kind", Breakdown::Kind),
];

impl View {
    /// Reads the view from the query; `own` are the parameters of the page itself (beyond
    /// [`VIEW_PARAMETERS`]). A parameter the page does not know is refused, never ignored.
    pub async fn from_query(
        state: &AppState,
        c: &Ctx,
        q: &Form,
        own: &[&str],
    ) -> Result<View, ApiError> {
        let mut known: Vec<&str> = VIEW_PARAMETERS.to_vec();
        known.extend_from_slice(own);
        q.only(&known, &[])?;
        let store = &state.store;
        let master = store.master();
        let scope = scope_of(state, c, q).await?;
        let period = Period::parse(&q.get("from"), &q.get("to"), store.now().ist_date(), 30)?;
        let breakdown = match q.opt("by") {
            Some(code) => Breakdown::parse(&code).ok_or_else(|| {
                ApiError::bad_request(
                    ErrorCode::InvalidChoice,
                    Some("by"),
                    msg!("web-dashboard-breakdown", codes = Breakdown::codes()),
                )
            })?,
            None => default_breakdown(&scope, &master),
        };
        let mut filters = Vec::new();
        let mut filter_pairs = Vec::new();
        for (name, filter) in FILTERS {
            if let Some(code) = q.opt(name) {
                let key = key_from_code(&master, *filter, &code)?;
                filters.push(Row {
                    breakdown: *filter,
                    key,
                });
                filter_pairs.push((*name, code));
            }
        }
        Ok(View {
            scope_code: scope.code(&master),
            scope,
            period,
            breakdown,
            filters,
            filter_pairs,
        })
    }

    /// The query string of this view, with extra pairs.
    pub fn query(&self, extra: &[(&str, &str)]) -> String {
        let mut pairs = vec![
            ("scope", self.scope_code.clone()),
            ("from", self.period.from.to_string()),
            ("to", self.period.to.to_string()),
            ("by", self.breakdown.code().to_string()),
        ];
        for (k, v) in &self.filter_pairs {
            pairs.push((k, v.clone()));
        }
        for (k, v) in extra {
            pairs.push((k, v.to_string()));
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The filters as query pairs (each page's links and forms carry them on).
    pub fn filter_pairs(&self) -> Vec<(String, String)> {
        self.filter_pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    /// The filters as the end of a query string (`&channel=cm_cell&kind=demand`), or nothing.
    pub fn filter_query(&self) -> String {
        self.filter_pairs
            .iter()
            .map(|(k, v)| format!("&{}={}", url_encode(k), url_encode(v)))
            .collect()
    }

    /// The filters and one row more (a number's row).
    pub fn narrowed(&self, row: Option<Row>) -> Vec<Row> {
        let mut rows = self.filters.clone();
        rows.extend(row);
        rows
    }

    fn cases_href(&self, metric: &str, row: Option<&str>) -> String {
        match row {
            Some(key) => format!(
                "/dashboard/cases?{}",
                self.query(&[("metric", metric), ("key", key)])
            ),
            None => format!("/dashboard/cases?{}", self.query(&[("metric", metric)])),
        }
    }
}

/// The scope a figure page is about: `scope=`, or the reader's own; refused when the reader
/// may not see it.
pub async fn scope_of(state: &AppState, c: &Ctx, q: &Form) -> Result<Scope, ApiError> {
    let store = &state.store;
    let master = store.master();
    let actor = c.actor()?;
    let scope = match q.opt("scope") {
        Some(code) => Scope::parse(store, &code).await?,
        None => Scope::home_of(&actor, &master, c.username()),
    };
    if !scope.visible_to(&actor, &master) {
        return Err(ApiError::forbidden("see-figures"));
    }
    Ok(scope)
}

/// A state's dashboard opens by district, a district's by department, an office with offices
/// under it by office (its own row and one for each below), any other office by category.
fn default_breakdown(scope: &Scope, master: &MasterData) -> Breakdown {
    match scope {
        Scope::All => Breakdown::District,
        Scope::Area(id) => match master.jurisdictions.get(id).map(|j| j.level.as_str()) {
            Some("state") => Breakdown::District,
            _ => Breakdown::Department,
        },
        Scope::Office(office) if master.office_subtree(*office).len() > 1 => Breakdown::Office,
        Scope::Office(_) | Scope::Officer { .. } => Breakdown::Category,
    }
}

fn key_from_code(
    master: &MasterData,
    breakdown: Breakdown,
    code: &str,
) -> Result<Option<i64>, ApiError> {
    if code == "none" {
        return Ok(None);
    }
    let found = match breakdown {
        Breakdown::Department => master.department_by_code(code).map(|d| d.id),
        Breakdown::Category => master.category_by_code(code).map(|d| d.id),
        Breakdown::District => master.jurisdiction_by_code(code).map(|d| d.id),
        Breakdown::Office => master.office_by_code(code).map(|d| d.id),
        Breakdown::Officer => master.person_by_username(code).map(|p| p.id),
        Breakdown::Channel | Breakdown::Cell | Breakdown::Kind => breakdown
            .vocabulary()
            .and_then(|codes| codes.iter().position(|c| *c == code))
            .map(|i| i as i64),
    };
    found.map(Some).ok_or_else(|| {
        ApiError::bad_request(
            ErrorCode::Unknown,
            Some("key"),
            msg!(
                "web-dashboard-unknown-key",
                breakdown = breakdown.code(),
                code = code
            ),
        )
    })
}

/// The name of what a scope covers.
pub fn scope_name(
    c: &Ctx,
    master: &MasterData,
    scope: &Scope,
    officer_name: Option<&str>,
) -> String {
    crate::present::names::scope_name_in(c.lang, master, scope, officer_name)
}

pub fn percent(share: Option<f64>) -> String {
    share
        .map(|s| format!("{:.1}%", s * 100.0))
        .unwrap_or_else(|| "—".into())
}

/// The figures of one row as the table's cells, in the registry's order (as [`columns`]):
/// each number links to its list of cases.
fn cells(c: &Ctx, view: &View, f: &Figures, row: Option<&str>) -> Vec<Cell> {
    cells_of(c, view, f, row, &Figure::ALL)
}

/// The cells of `figures` alone, in their order.
fn cells_of(c: &Ctx, view: &View, f: &Figures, row: Option<&str>, figures: &[Figure]) -> Vec<Cell> {
    figures
        .iter()
        .copied()
        .map(|figure| {
            let href = view.cases_href(figure.metric().code(), row);
            match figure.value(f) {
                FigureValue::Count(n) => Cell {
                    text: c.num(&n),
                    href,
                    title: String::new(),
                },
                FigureValue::Share { part, whole, share } => Cell {
                    text: percent(share),
                    href,
                    title: format!("{} ÷ {}", c.num(&part), c.num(&whole)),
                },
                FigureValue::Days(days) => Cell {
                    text: days
                        .map(|d| format!("{d:.1}"))
                        .unwrap_or_else(|| "—".into()),
                    href,
                    title: String::new(),
                },
            }
        })
        .collect()
}

/// Column headings of [`cells`].
fn columns(c: &Ctx) -> Vec<String> {
    Figure::ALL.iter().map(|f| c.t(f.message_key())).collect()
}

/// One line of the summary: a figure, its meaning and its list.
pub struct SummaryItem {
    pub label: String,
    pub cell: Cell,
}

fn summary(c: &Ctx, view: &View, f: &Figures) -> Vec<SummaryItem> {
    let labels = columns(c);
    let mut items: Vec<SummaryItem> = labels
        .into_iter()
        .zip(cells(c, view, f, None))
        .map(|(label, cell)| SummaryItem { label, cell })
        .collect();
    // The counts the ratios are made of, which are lists of their own.
    for (key, metric, n) in [
        ("dash-verified", "verified", f.verified),
        ("dash-satisfied", "satisfied", f.satisfied),
        ("dash-not-satisfied", "not_satisfied", f.not_satisfied),
        ("dash-audit-flagged", "audit_flagged", f.audit_flagged),
        ("dash-disposed-late", "disposed_late", f.disposed_late),
        ("dash-eta-declared", "eta_declared", f.eta_declared),
    ] {
        items.push(SummaryItem {
            label: c.t(key),
            cell: Cell {
                text: c.num(&n),
                href: view.cases_href(metric, None),
                title: String::new(),
            },
        });
    }
    items
}

/// A row of the breakdown table.
pub struct TableRow {
    pub name: String,
    /// The row's own dashboard (districts and offices have one).
    pub href: String,
    pub cells: Vec<Cell>,
    pub score: String,
    pub grade: String,
}

/// The trend: the chart, and its numbers for the table beside it.
pub struct Trend {
    pub svg: String,
    pub rows: Vec<(String, String, String, String)>,
}

pub fn trend_view(c: &Ctx, title: &str, points: &[TrendPoint]) -> Trend {
    let labels: Vec<String> = points
        .iter()
        .map(|p| format!("{}/{}", p.from.day(), u8::from(p.from.month())))
        .collect();
    let received: Vec<i64> = points.iter().map(|p| p.received).collect();
    let disposed: Vec<i64> = points.iter().map(|p| p.disposed).collect();
    let pending: Vec<i64> = points.iter().map(|p| p.pending_at_end).collect();
    let (l_received, l_disposed, l_pending) = (
        c.t("dash-received"),
        c.t("dash-disposed"),
        c.t("dash-pending-at-end"),
    );
    let svg = line_chart(
        title,
        &labels,
        &[
            Series {
                label: &l_received,
                colour: "#1f5fa8",
                dash: "none",
                values: &received,
            },
            Series {
                label: &l_disposed,
                colour: "#2e7d32",
                dash: "6 3",
                values: &disposed,
            },
            Series {
                label: &l_pending,
                colour: "#b3261e",
                dash: "2 3",
                values: &pending,
            },
        ],
    );
    Trend {
        svg,
        rows: points
            .iter()
            .map(|p| {
                (
                    super::i18n::date(p.from),
                    c.num(&p.received),
                    c.num(&p.disposed),
                    c.num(&p.pending_at_end),
                )
            })
            .collect(),
    }
}

/// A link to another dashboard.
pub struct NavLink {
    pub label: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    c: Ctx,
    title: String,
    view_scope: String,
    from: String,
    to: String,
    by: String,
    breakdowns: Vec<(String, String)>,
    /// The filters by portal, cell and kind: (parameter, label, [(code, label, chosen)]).
    filters: Vec<FilterChoice>,
    /// The filters, for the links to rankings and reports.
    filter_query: String,
    summary: Vec<SummaryItem>,
    /// The portals side by side, on an area's dashboard.
    portals: Option<portals::PortalTable>,
    score: ScoreView,
    columns: Vec<String>,
    rows: Vec<TableRow>,
    row_heading: String,
    trend: Trend,
    up: Vec<NavLink>,
    below: Vec<NavLink>,
    rankings_href: String,
    /// On an officer's dashboard, the disciplinary records on them the reader may see (as the
    /// authority who opened them, or an auditor): part of the officer's record.
    discipline: Vec<crate::store::DisciplinarySummary>,
}

/// One filter of the figure pages: its parameter, its label, and its values (code, label,
/// chosen now).
pub struct FilterChoice {
    pub name: &'static str,
    pub label: String,
    pub options: Vec<(String, String, bool)>,
}

fn filter_choices(c: &Ctx, master: &MasterData, view: &View) -> Vec<FilterChoice> {
    FILTERS
        .iter()
        .map(|(name, breakdown)| {
            let chosen = view
                .filters
                .iter()
                .find(|r| r.breakdown == *breakdown)
                .and_then(|r| r.key);
            let count = breakdown.vocabulary().map(|v| v.len()).unwrap_or_default();
            FilterChoice {
                name,
                label: c.t(&format!("dash-by-{}", breakdown.code())),
                options: (0..count as i64)
                    .map(|key| {
                        (
                            key_code(master, *breakdown, Some(key)),
                            key_name(c.is_hi(), master, *breakdown, Some(key)),
                            chosen == Some(key),
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

fn dashboard_href(scope_code: &str, period: &Period) -> String {
    format!(
        "/dashboard?scope={}&from={}&to={}",
        url_encode(scope_code),
        period.from,
        period.to
    )
}

/// Other dashboards to go to from this one: the areas above (that the reader may see), and the
/// places, offices and officers below.
async fn neighbours(
    store: &Store,
    c: &Ctx,
    view: &View,
) -> Result<(Vec<NavLink>, Vec<NavLink>), ApiError> {
    let master = store.master();
    let actor = c.actor()?;
    let mut up = Vec::new();
    let area = match &view.scope {
        Scope::All => None,
        Scope::Area(id) => master.jurisdictions.get(id).and_then(|j| j.parent_id),
        Scope::Office(o) | Scope::Officer { office_id: o, .. } => {
            master.offices.get(o).map(|o| o.jurisdiction_id)
        }
    };
    if let Some(area) = area {
        for id in master.jurisdiction_path(area) {
            let scope = Scope::Area(id);
            if scope.visible_to(&actor, &master) {
                up.push(NavLink {
                    label: scope_name(c, &master, &scope, None),
                    href: dashboard_href(&scope.code(&master), &view.period),
                });
            }
        }
    }
    if Scope::All.visible_to(&actor, &master) && view.scope != Scope::All {
        up.insert(
            0,
            NavLink {
                label: c.t("dash-scope-all"),
                href: dashboard_href("all", &view.period),
            },
        );
    }
    let mut below = Vec::new();
    match &view.scope {
        Scope::All => {
            for j in master.children_of(None) {
                below.push(NavLink {
                    label: c.pick(&j.name_en, &j.name_hi).to_string(),
                    href: dashboard_href(&format!("area:{}", j.code), &view.period),
                });
            }
        }
        Scope::Area(id) => {
            let mut children = master.children_of(Some(*id));
            children.sort_by(|a, b| a.name_en.cmp(&b.name_en));
            for j in children.into_iter().take(60) {
                below.push(NavLink {
                    label: c.pick(&j.name_en, &j.name_hi).to_string(),
                    href: dashboard_href(&format!("area:{}", j.code), &view.period),
                });
            }
        }
        Scope::Office(office) => {
            // The offices directly under this one, then its officers.
            let mut offices: Vec<_> = master
                .offices
                .values()
                .filter(|o| o.parent_id == Some(*office))
                .collect();
            offices.sort_by(|a, b| a.name_en.cmp(&b.name_en));
            for o in offices {
                below.push(NavLink {
                    label: c.pick(&o.name_en, &o.name_hi).to_string(),
                    href: dashboard_href(&format!("office:{}", o.code), &view.period),
                });
            }
            for user in store.list_users().await? {
                if user.office_id == Some(*office) && user.role == "officer" {
                    below.push(NavLink {
                        label: user.full_name.clone(),
                        href: dashboard_href(&format!("officer:{}", user.username), &view.period),
                    });
                }
            }
        }
        Scope::Officer { .. } => {}
    }
    Ok((up, below))
}

pub async fn dashboard(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(REVIEWERS)?;
    let q = query_form(&uri);
    let view = View::from_query(&state, &c, &q, &[]).await?;
    let store = &state.store;
    let master = store.master();
    // The figures and the trend read different indexes: on two connections at once, a page
    // takes as long as the slower of them rather than both.
    // An area's page has its portals side by side too: both tables from one reading.
    let figures = async {
        if portals::shown(&view) {
            store
                .dashboard_two(
                    &view.scope,
                    &view.period,
                    view.breakdown,
                    Breakdown::Channel,
                    &view.filters,
                )
                .await
                .map(|(rows, by_portal)| (rows, Some(by_portal)))
        } else {
            store
                .dashboard(&view.scope, &view.period, view.breakdown, &view.filters)
                .await
                .map(|rows| (rows, None))
        }
    };
    let ((rows, portal_rows), points) = tokio::try_join!(
        figures,
        store.trend(&view.scope, &view.period, &view.filters),
    )?;
    let portals = portal_rows.map(|rows| portals::table(&c, &master, &view, &rows));
    let mut total = Figures::default();
    for row in &rows {
        total.add(&row.figures);
    }
    let formula = store.scoring();
    let table = table_rows(&c, &master, &formula, &view, &rows);
    let officer_name = officer_full_name(store, &view.scope).await;
    let discipline = match view.scope {
        Scope::Officer { user_id, .. } => {
            store
                .disciplinary_records(&c.actor()?, Some(user_id))
                .await?
        }
        _ => Vec::new(),
    };
    let title = scope_name(&c, &master, &view.scope, officer_name.as_deref());
    let trend = trend_view(&c, &c.t1("dash-trend-of", "place", &title), &points);
    let (up, below) = neighbours(store, &c, &view).await?;
    let breakdowns = Breakdown::ALL
        .iter()
        .map(|b| (b.code().to_string(), c.t(&format!("dash-by-{}", b.code()))))
        .collect();
    let filters = filter_choices(&c, &master, &view);
    let rankings_level = match view.scope {
        Scope::All => "district",
        Scope::Area(id)
            if master
                .jurisdictions
                .get(&id)
                .is_some_and(|j| j.level == "state") =>
        {
            "district"
        }
        _ => "office",
    };
    let page_data = DashboardPage {
        discipline,
        portals,
        summary: summary(&c, &view, &total),
        score: score_view(&c, &formula, &total),
        columns: columns(&c),
        row_heading: c.t(&format!("dash-by-{}", view.breakdown.code())),
        rows: table,
        trend,
        up,
        below,
        rankings_href: format!(
            "/rankings?level={rankings_level}&scope={}&from={}&to={}{}",
            url_encode(&view.scope_code),
            view.period.from,
            view.period.to,
            view.filter_query()
        ),
        filter_query: view.filter_query(),
        breakdowns,
        filters,
        title,
        view_scope: view.scope_code.clone(),
        from: view.period.from.to_string(),
        to: view.period.to.to_string(),
        by: view.breakdown.code().to_string(),
        c,
    };
    Ok(page(&page_data))
}

async fn officer_full_name(store: &Store, scope: &Scope) -> Option<String> {
    match scope {
        Scope::Officer { username, .. } => store
            .user_by_username(username)
            .await
            .ok()
            .map(|u| u.full_name),
        _ => None,
    }
}

fn table_rows(
    c: &Ctx,
    master: &MasterData,
    formula: &ScoreFormula,
    view: &View,
    rows: &[FigureRow],
) -> Vec<TableRow> {
    let mut out: Vec<(String, TableRow)> = rows
        .iter()
        .map(|r| {
            let code = key_code(master, view.breakdown, r.key);
            let score = formula.score(&r.figures);
            let href = match (view.breakdown, r.key) {
                (Breakdown::District, Some(_)) => {
                    dashboard_href(&format!("area:{code}"), &view.period)
                }
                (Breakdown::Office, Some(_)) => {
                    dashboard_href(&format!("office:{code}"), &view.period)
                }
                (Breakdown::Officer, Some(_)) => {
                    dashboard_href(&format!("officer:{code}"), &view.period)
                }
                _ => String::new(),
            };
            let name = key_name(c.is_hi(), master, view.breakdown, r.key);
            (
                name.clone(),
                TableRow {
                    cells: cells(c, view, &r.figures, Some(&code)),
                    score: score
                        .value
                        .map(|v| format!("{v:.1}"))
                        .unwrap_or_else(|| "—".into()),
                    grade: score
                        .grade
                        .map(|g| g.letter().to_string())
                        .unwrap_or_else(|| "—".into()),
                    name,
                    href,
                },
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.into_iter().map(|(_, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::rankings::rank;
    use super::*;

    #[test]
    fn ranks_put_the_best_first_and_the_unscored_last() {
        let formula = ScoreFormula::default();
        let good = Figures {
            pending: 10,
            overdue: 0,
            ..Default::default()
        };
        let bad = Figures {
            pending: 10,
            overdue: 9,
            ..Default::default()
        };
        let ranks = rank(
            [("bad", bad), ("none", Figures::default()), ("good", good)]
                .iter()
                .map(|(k, f)| (k.to_string(), formula.score(f).value))
                .collect(),
        );
        let order: Vec<&str> = ranks.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(order, ["good", "bad", "none"]);
        assert_eq!(ranks[2].1, None);
        assert_eq!(ranks[0].2, 1);
    }
}
