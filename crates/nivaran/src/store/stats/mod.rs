//! The figures supervisors review: counts of cases for a place (or office, or officer) and a
//! period, broken down by department, category, district or office; the lists of cases behind
//! each count; and the trend over the period.
//!
//! Each figure is a [`Metric`] (the domain's registry), defined here once as a condition on a
//! case ([`metric_condition`]).
//! The counts and the lists behind them are built from that one condition, so a number on a
//! dashboard and the list it links to cannot disagree.

mod conditions;
pub(in crate::store) mod counted;
mod period;
mod public;
mod scope;
use conditions::{Window, metric_condition, metric_condition_in, set_condition, set_index};
pub use period::Period;
pub(in crate::store) use public::PublicCache;
pub use public::PublicFigures;

use super::grievances::GrievancePage;
use super::sql::Sql;
use super::users::Actor;
use super::{MasterData, Result, Store, StoreError};
use nivaran_domain::Timestamp;
use nivaran_domain::metrics::{CaseSet, Metric};
use nivaran_domain::scoring::Figures;
use nivaran_domain::text::FieldError;
use nivaran_domain::types::{Cell, Channel, Kind, Role};
use serde::Serialize;
use time::Date;

const DAY_MS: i64 = 86_400_000;

/// The departments whose supervisors review every department of their office's area: the
/// district administration (collectors, SDMs) by default. Set once from `[dashboards]` at
/// start; the offices of grievance cells (nodal offices) always do.
static AREA_REVIEWERS: std::sync::RwLock<Vec<String>> = std::sync::RwLock::new(Vec::new());

pub fn set_area_reviewer_departments(codes: Vec<String>) {
    *AREA_REVIEWERS.write().expect("reviewers lock") = codes;
}

/// Does the supervisor of `office` review all departments of its area (not only its own)?
pub fn reviews_area(master: &MasterData, office: i64) -> bool {
    let Some(o) = master.offices.get(&office) else {
        return false;
    };
    if o.nodal != 0 {
        return true;
    }
    let Some(department) = master.departments.get(&o.department_id) else {
        return false;
    };
    let reviewers = AREA_REVIEWERS.read().expect("reviewers lock");
    if reviewers.is_empty() {
        department.code == "REVENUE"
    } else {
        reviewers.contains(&department.code)
    }
}

/// Whose cases a dashboard counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every case in the installation.
    All,
    /// A state, district or subdivision (any jurisdiction: the cases filed in its area).
    Area(i64),
    /// The cases an office holds, and every office under it.
    Office(i64),
    /// An officer: the cases they hold by name (seed 002: their own responsibility), wherever
    /// they were filed.
    Officer {
        user_id: i64,
        username: String,
        office_id: i64,
    },
}

/// What a dashboard's rows are: master data (department, category, district, office) or a
/// vocabulary of the case (portal, priority cell, kind), whose rows are keyed by the value's
/// place in its list (`Channel::ALL`, `Cell::ALL`, `Kind::ALL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakdown {
    Department,
    Category,
    District,
    Office,
    Channel,
    Cell,
    Kind,
    /// The officer holding the case by name (rows keyed by the account's id).
    Officer,
}

impl Breakdown {
    pub const ALL: [Breakdown; 8] = [
        Breakdown::Department,
        Breakdown::Category,
        Breakdown::District,
        Breakdown::Office,
        Breakdown::Channel,
        Breakdown::Cell,
        Breakdown::Kind,
        Breakdown::Officer,
    ];

    pub fn parse(code: &str) -> Option<Breakdown> {
        Breakdown::ALL.into_iter().find(|b| b.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            Breakdown::Department => "department",
            Breakdown::Category => "category",
            Breakdown::District => "district",
            Breakdown::Office => "office",
            Breakdown::Channel => "channel",
            Breakdown::Cell => "cell",
            Breakdown::Kind => "kind",
            Breakdown::Officer => "officer",
        }
    }

    /// Every code, comma-separated (for messages).
    pub fn codes() -> String {
        Breakdown::ALL.map(Breakdown::code).join(", ")
    }

    /// The codes of a vocabulary breakdown's rows, in key order (`None` for master data).
    pub fn vocabulary(self) -> Option<Vec<&'static str>> {
        Some(match self {
            Breakdown::Channel => Channel::ALL.iter().map(|c| c.code()).collect(),
            Breakdown::Cell => Cell::ALL.iter().map(|c| c.code()).collect(),
            Breakdown::Kind => Kind::ALL.iter().map(|c| c.code()).collect(),
            _ => return None,
        })
    }

    /// Writes the expression a row's key is read from.
    fn push_key(self, sql: &mut Sql) {
        let column = match self {
            Breakdown::Department => "g.department_id",
            Breakdown::Category => "g.category_id",
            Breakdown::District => "g.district_id",
            Breakdown::Office => "g.holding_office_id",
            Breakdown::Officer => "g.holder_user_id",
            Breakdown::Channel | Breakdown::Kind => {
                let column = if self == Breakdown::Kind {
                    "g.kind"
                } else {
                    "g.channel"
                };
                sql.push("CASE ").push(column);
                for (i, code) in self.vocabulary().unwrap_or_default().iter().enumerate() {
                    // The codes are the domain's own constants, not input.
                    sql.push(" WHEN '")
                        .push(code)
                        .push("' THEN ")
                        .push(&i.to_string());
                }
                sql.push(" END");
                return;
            }
            Breakdown::Cell => {
                sql.push("CASE g.channel");
                for (i, cell) in Cell::ALL.iter().enumerate() {
                    if *cell != Cell::Normal {
                        sql.push(" WHEN '")
                            .push(cell.code())
                            .push("' THEN ")
                            .push(&i.to_string());
                    }
                }
                let normal = Cell::ALL.iter().position(|c| *c == Cell::Normal);
                sql.push(" ELSE ")
                    .push(&normal.unwrap_or_default().to_string())
                    .push(" END");
                return;
            }
        };
        sql.push(column);
    }
}

/// One row of a dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct FigureRow {
    /// The department's, category's, district's or office's id (`None`: cases without one, such
    /// as unrouted cases by office).
    pub key: Option<i64>,
    pub figures: Figures,
}

/// A point of the trend chart: counts for one stretch of the period and the pending at its end.
#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    pub from: Date,
    pub received: i64,
    pub disposed: i64,
    pub pending_at_end: i64,
}

/// Narrows a dashboard or list to one row of a breakdown. Several narrow together: a list
/// behind a number of a row, and the page's filters by portal, cell and kind, are rows too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub breakdown: Breakdown,
    pub key: Option<i64>,
}

pub(in crate::store) fn row_condition(sql: &mut Sql, rows: &[Row]) {
    for row in rows {
        let vocabulary = |i: i64| -> Option<usize> { usize::try_from(i).ok() };
        match (row.breakdown, row.key) {
            (Breakdown::Channel, Some(i)) => {
                match vocabulary(i).and_then(|i| Channel::ALL.get(i)) {
                    Some(channel) => {
                        sql.push(" AND g.channel = ")
                            .bind(channel.code().to_string());
                    }
                    None => {
                        sql.push(" AND 1 = 0");
                    }
                }
            }
            (Breakdown::Kind, Some(i)) => match vocabulary(i).and_then(|i| Kind::ALL.get(i)) {
                Some(kind) => {
                    sql.push(" AND g.kind = ").bind(kind.code().to_string());
                }
                None => {
                    sql.push(" AND 1 = 0");
                }
            },
            (Breakdown::Cell, Some(i)) => match vocabulary(i).and_then(|i| Cell::ALL.get(i)) {
                Some(Cell::Normal) => {
                    sql.push(" AND g.channel NOT IN ('cm_cell', 'vip_cell')");
                }
                Some(cell) => {
                    sql.push(" AND g.channel = ").bind(cell.code().to_string());
                }
                None => {
                    sql.push(" AND 1 = 0");
                }
            },
            // Every case has a portal, a cell and a kind.
            (Breakdown::Channel | Breakdown::Kind | Breakdown::Cell, None) => {
                sql.push(" AND 1 = 0");
            }
            (breakdown, Some(key)) => {
                sql.push(" AND ");
                breakdown.push_key(sql);
                sql.push(" = ").bind(key);
            }
            (breakdown, None) => {
                sql.push(" AND ");
                breakdown.push_key(sql);
                sql.push(" IS NULL");
            }
        }
    }
}

impl Store {
    /// `FROM grievances g`, on SQLite through the named dashboard index: its planner, not
    /// knowing the period's bounds, would rather walk a district's every case by its filing
    /// time than a month of the disposal index. PostgreSQL weighs the bounds and needs no hint.
    fn push_from_grievances(&self, sql: &mut Sql, index: Option<&str>) {
        sql.push(" FROM grievances g");
        if let Some(index) = index {
            sql.push(&self.engine().index_hint(index));
        }
    }

    fn window<'a>(&self, period: &Period, master: &'a MasterData) -> Window<'a> {
        Window {
            from: period.start().0,
            to: period.end().0,
            now: self.now().0,
            rts: &master.rts_categories,
        }
    }

    /// The figures of `scope` in `period`, one row per department (category, …) with any case.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dashboard(
        &self,
        scope: &Scope,
        period: &Period,
        breakdown: Breakdown,
        only: &[Row],
    ) -> Result<Vec<FigureRow>> {
        let rows = self.figures_by(scope, period, &[breakdown], only).await?;
        Ok(rows
            .into_iter()
            .map(|(keys, figures)| FigureRow {
                key: keys[0],
                figures,
            })
            .collect())
    }

    /// The figures by two breakdowns at once, from one reading of the cases (a district's
    /// page by department with its portals side by side reads its cases once, not twice).
    pub async fn dashboard_two(
        &self,
        scope: &Scope,
        period: &Period,
        first: Breakdown,
        second: Breakdown,
        only: &[Row],
    ) -> Result<(Vec<FigureRow>, Vec<FigureRow>)> {
        if let Some((a, b)) = self
            .counted_margins(scope, period, first, second, only)
            .await?
        {
            let rows = |keyed: Vec<(Vec<Option<i64>>, Figures)>| {
                keyed
                    .into_iter()
                    .map(|(keys, figures)| FigureRow {
                        key: keys[0],
                        figures,
                    })
                    .collect()
            };
            return Ok((rows(a), rows(b)));
        }
        let rows = self
            .figures_by(scope, period, &[first, second], only)
            .await?;
        let fold = |i: usize| {
            let mut out: Vec<FigureRow> = Vec::new();
            for (keys, figures) in &rows {
                match out.iter_mut().find(|r| r.key == keys[i]) {
                    Some(row) => row.figures.add(figures),
                    None => out.push(FigureRow {
                        key: keys[i],
                        figures: *figures,
                    }),
                }
            }
            out
        };
        Ok((fold(0), fold(1)))
    }

    /// The figures grouped by the keys of `breakdowns` (one or two).
    async fn figures_by(
        &self,
        scope: &Scope,
        period: &Period,
        breakdowns: &[Breakdown],
        only: &[Row],
    ) -> Result<Vec<(Vec<Option<i64>>, Figures)>> {
        if let Some(rows) = self
            .counted_figures_by(scope, period, breakdowns, only)
            .await?
        {
            return Ok(rows);
        }
        let master = self.master();
        let w = self.window(period, &master);
        // Each figure counts cases from one of four small sets, and each set is read through an
        // index that holds every column its figures need (migration 9): a district's month is
        // a few thousand index entries instead of all its cases. Within a set a figure is still
        // its own `metric_condition`, the very condition its list of cases uses.
        let keys = breakdowns.len();
        let mut sql = Sql::new("SELECT k0");
        for n in 1..keys {
            sql.push(", k").push(&n.to_string());
        }
        for i in 0..=Metric::ALL.len() {
            sql.push(", CAST(SUM(f")
                .push(&i.to_string())
                .push(") AS BIGINT)");
        }
        sql.push(" FROM (");
        for (n, set) in CaseSet::ALL.into_iter().enumerate() {
            if n > 0 {
                sql.push(" UNION ALL ");
            }
            // Each set is added up by itself first: sorting a set's few columns for its
            // GROUP BY costs half what sorting the whole union's would.
            sql.push("SELECT ");
            for (n, breakdown) in breakdowns.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                breakdown.push_key(&mut sql);
                sql.push(" AS k").push(&n.to_string());
            }
            for (i, metric) in Metric::ALL.into_iter().enumerate() {
                if metric.set() == set {
                    sql.push(", SUM(CASE WHEN 1 = 1");
                    metric_condition_in(&mut sql, metric, w, true);
                    sql.push(" THEN 1 ELSE 0 END)");
                } else {
                    sql.push(", 0");
                }
                sql.push(" AS f").push(&i.to_string());
            }
            // Disposal days, summed in milliseconds (the division is done once, in Rust).
            if set == CaseSet::Disposed {
                sql.push(", SUM(g.disposed_at - g.filed_at)");
            } else {
                sql.push(", 0");
            }
            sql.push(" AS f").push(&Metric::ALL.len().to_string());
            self.push_from_grievances(&mut sql, set_index(set));
            set_condition(&mut sql, set, w);
            scope.condition(&mut sql, &master);
            row_condition(&mut sql, only);
            sql.push(" GROUP BY ");
            for (n, breakdown) in breakdowns.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                breakdown.push_key(&mut sql);
            }
        }
        sql.push(") AS cases GROUP BY k0");
        for n in 1..keys {
            sql.push(", k").push(&n.to_string());
        }
        let (text, args) = sql.into_parts();
        let rows = sqlx::query_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(&self.figures_pool().await)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            use sqlx::Row as _;
            let n =
                |i: usize| -> std::result::Result<i64, sqlx::Error> { row.try_get::<i64, _>(i) };
            let mut key = Vec::with_capacity(keys);
            for n in 0..keys {
                key.push(row.try_get::<Option<i64>, _>(n)?);
            }
            let mut f = Figures::default();
            for (i, metric) in Metric::ALL.into_iter().enumerate() {
                *metric.count_mut(&mut f) = n(i + keys)?;
            }
            f.disposal_days_total = n(Metric::ALL.len() + keys)? as f64 / DAY_MS as f64;
            if f != Figures::default() {
                out.push((key, f));
            }
        }
        Ok(out)
    }

    /// The figures of the whole scope (all rows added up), narrowed by `only`.
    pub async fn dashboard_total(
        &self,
        scope: &Scope,
        period: &Period,
        only: &[Row],
    ) -> Result<Figures> {
        let rows = self
            .dashboard(scope, period, Breakdown::Department, only)
            .await?;
        let mut total = Figures::default();
        for row in &rows {
            total.add(&row.figures);
        }
        Ok(total)
    }

    /// The cases behind one figure: exactly those the figure counts.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dashboard_cases(
        &self,
        scope: &Scope,
        period: &Period,
        metric: Metric,
        only: &[Row],
        page: i64,
        per_page: i64,
    ) -> Result<GrievancePage> {
        let master = self.master();
        let w = self.window(period, &master);
        let per_page = per_page.clamp(1, 500);
        let page = page.clamp(1, 1_000_000);
        let condition = |sql: &mut Sql| {
            sql.push(" WHERE g.filed_at < ").bind(w.to);
            scope.condition(sql, &master);
            row_condition(sql, only);
            metric_condition(sql, metric, w)
        };
        // Read through the index of the figure's set, as the figure itself is: SQLite would
        // otherwise walk a district's every case by its filing time (1.1 s for the CM-cell
        // cases pending in a district of 2 million, against 4 ms through the open cases' index).
        let index = set_index(metric.set());
        let mut count = Sql::new("SELECT COUNT(*)");
        self.push_from_grievances(&mut count, index);
        condition(&mut count);
        let mut ids = Sql::new("SELECT g.id");
        self.push_from_grievances(&mut ids, index);
        condition(&mut ids);
        ids.push(crate::store::WORK_ORDER)
            .push(" LIMIT ")
            .bind(per_page)
            .push(" OFFSET ")
            .bind((page - 1) * per_page);
        // The replica, while it is in bound (see `replica`); the cases' views are the primary's.
        let reader = self.figures_pool().await;
        let (text, args) = count.into_parts();
        let total: i64 = sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args)
            .fetch_one(&reader)
            .await?;
        let (text, args) = ids.into_parts();
        let ids: Vec<i64> = sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(&reader)
            .await?;
        let items = self.views_by_ids(&ids).await?;
        Ok(GrievancePage {
            items,
            page,
            per_page,
            total,
            total_capped: false,
        })
    }

    /// Received and disposed per stretch of the period (a day for a month or less, a week for
    /// half a year or less, else 30 days) and the cases pending at the end of each.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn trend(
        &self,
        scope: &Scope,
        period: &Period,
        only: &[Row],
    ) -> Result<Vec<TrendPoint>> {
        let master = self.master();
        let w = self.window(period, &master);
        let step_days = match period.days() {
            ..=31 => 1,
            32..=182 => 7,
            _ => 30,
        };
        let step = step_days * DAY_MS;
        let buckets = ((w.to - w.from) + step - 1) / step;
        let mut received = vec![0i64; buckets as usize];
        let mut disposed = vec![0i64; buckets as usize];
        if let Some((days, pending)) = self.counted_trend_days(scope, period, only).await? {
            for (i, (_, r, d)) in days.iter().enumerate() {
                let bucket = i / step_days as usize;
                received[bucket] += r;
                disposed[bucket] += d;
            }
            return Ok(trend_points(
                period, step_days, &received, &disposed, pending,
            ));
        }
        // The replica, while it is in bound (see `replica`).
        let reader = self.figures_pool().await;
        for (column, index, into) in [
            ("g.filed_at", "grievances_filed_stats", &mut received),
            ("g.disposed_at", "grievances_disposed_stats", &mut disposed),
        ] {
            let mut sql = Sql::new("SELECT (");
            sql.push(column)
                .push(" - ")
                .bind(w.from)
                .push(") / ")
                .bind(step)
                .push(", COUNT(*)");
            self.push_from_grievances(&mut sql, Some(index));
            sql.push(" WHERE ")
                .push(column)
                .push(" >= ")
                .bind(w.from)
                .push(" AND ")
                .push(column)
                .push(" < ")
                .bind(w.to);
            // Received as the figure counts it: a linked duplicate as its original (it never
            // becomes pending, so counting it would leave the trend's pending one high).
            if column == "g.filed_at" {
                sql.push(conditions::COUNTED_ONCE);
            }
            scope.condition(&mut sql, &master);
            row_condition(&mut sql, only);
            sql.push(" GROUP BY 1");
            let (text, args) = sql.into_parts();
            let rows: Vec<(i64, i64)> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
                .fetch_all(&reader)
                .await?;
            for (bucket, n) in rows {
                if let Some(slot) = into.get_mut(bucket as usize) {
                    *slot += n;
                }
            }
        }
        // Pending when the period began: filed before it and either open now or disposed of
        // since it began (a case closed without a disposal is not counted: it has no time to
        // place it by). Two counts, each read from its dashboard index.
        let mut pending = 0i64;
        for open in [true, false] {
            // The status of the disposed is counted, not searched for, so that no engine is
            // tempted to look the disposed cases up by their status (most cases).
            let mut sql = Sql::new(if open {
                "SELECT COUNT(*)"
            } else {
                "SELECT COALESCE(SUM(CASE WHEN g.status IN ('disposed', 'closed') \
                 THEN 1 ELSE 0 END), 0)"
            });
            if open {
                self.push_from_grievances(&mut sql, Some("grievances_open_stats"));
                sql.push(" WHERE g.status NOT IN ('disposed', 'closed')");
            } else {
                self.push_from_grievances(&mut sql, Some("grievances_disposed_stats"));
                sql.push(" WHERE g.disposed_at >= ").bind(w.from);
            }
            sql.push(" AND g.filed_at < ").bind(w.from);
            scope.condition(&mut sql, &master);
            row_condition(&mut sql, only);
            let (text, args) = sql.into_parts();
            let n: i64 = sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args)
                .fetch_one(&reader)
                .await?;
            pending += n;
        }
        Ok(trend_points(
            period, step_days, &received, &disposed, pending,
        ))
    }
}

/// The trend's points from each stretch's received and disposed and the pending before.
fn trend_points(
    period: &Period,
    step_days: i64,
    received: &[i64],
    disposed: &[i64],
    mut pending: i64,
) -> Vec<TrendPoint> {
    let mut out = Vec::with_capacity(received.len());
    for i in 0..received.len() {
        pending += received[i] - disposed[i];
        out.push(TrendPoint {
            from: period.from + time::Duration::days(i as i64 * step_days),
            received: received[i],
            disposed: disposed[i],
            pending_at_end: pending,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every metric has a condition (its count and its list both use it).
    #[test]
    fn every_metric_has_a_condition_of_its_own() {
        let w = Window {
            from: 0,
            to: 10,
            now: 5,
            rts: &[3, 4],
        };
        for metric in Metric::ALL {
            let mut sql = Sql::new("");
            metric_condition(&mut sql, metric, w);
            let (text, _) = sql.into_parts();
            assert!(
                text.starts_with(" AND (") && text.len() > 10,
                "{metric:?}: {text}"
            );
        }
    }
}
