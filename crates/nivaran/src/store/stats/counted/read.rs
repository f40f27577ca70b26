//! The figures and the trend read from the counted rows.
//!
//! They answer for the whole installation, a state or a district, by district, department,
//! portal or cell (and filtered by any of those), for a period that reaches today: the open
//! cases' figures are counted now, and a past period's "pending" would need each open case's
//! filing day beside its deadline. Anything else is read from the cases.
//!
//! The overdue ages are bounded by instants (now less 8, 22, 51 and 101 days), and each falls
//! inside a day: the rows say how many open cases are due on that day, and the cases due on it
//! are split at the instant by reading them (a few, through the open cases' index). So are
//! the promises due today for "ETAs missed now". The audit findings and the joint departments'
//! parts are read from their own small tables, as the cases' figures read them.

use super::super::conditions::{Window, metric_condition, set_condition};
use super::super::{Breakdown, DAY_MS, Period, Row, Scope, row_condition};
use super::Grain;
use super::facts::{COLUMNS, CountedSet, Margin, day_start, ist_day, set_code};
use crate::store::sql::Sql;
use crate::store::{MasterData, Result, Store};
use nivaran_domain::metrics::{CaseSet, Metric};
use nivaran_domain::scoring::Figures;
use std::collections::HashMap;
use std::sync::atomic::Ordering;

/// The ages of the overdue, oldest first, by the days that bound them: (days ago, the
/// `overdue_by_age` slot on the older side of that bound).
const AGE_BOUNDS: [(i64, usize); 5] = [(101, 4), (51, 3), (22, 2), (8, 1), (0, 0)];

/// How a request can be answered from the counted rows: which table, and which of its margins.
#[derive(Debug, Clone, Copy)]
struct Plan {
    grain: Grain,
    margin: Margin,
    /// Are the open cases with a joint part pending counted in the rows (version 2)?
    parts_counted: bool,
}

/// Figures by the breakdowns' keys.
type KeyedFigures = Vec<(Keys, Figures)>;

type Keys = Vec<Option<i64>>;

/// A set's day (0 for the open cases) and its c1, c5, c6 and c14 added up.
type TrendRow = (
    String,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

impl Store {
    /// Read the figures from the counted rows where they can answer (on unless a test or a
    /// check compares them with the cases).
    pub fn set_counted_figures(&self, on: bool) {
        self.counted_figures.store(on, Ordering::Relaxed);
    }

    /// What version of the rows can answer now: `None` when they are off (a test or a check
    /// comparing them with the cases) or were counted with another Right to Service list than
    /// master data's now.
    async fn counted_version(&self, master: &MasterData) -> Result<Option<i64>> {
        if !self.counted_figures.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let checked: Option<(Option<String>, i64)> = sqlx::query_as(
            "SELECT rts_categories, counted_version FROM figures_counted WHERE id = 1",
        )
        .fetch_optional(&self.figures_pool().await)
        .await?;
        Ok(match checked {
            Some((Some(rts), version)) if rts == super::recount::rts_key(master) => Some(version),
            _ => None,
        })
    }

    /// Can the counted rows answer for `scope`, `period`, `breakdowns` and `only`?
    async fn counted_plan(
        &self,
        scope: &Scope,
        period: &Period,
        breakdowns: &[Breakdown],
        only: &[Row],
        master: &MasterData,
    ) -> Result<Option<Plan>> {
        let Some(version) = self.counted_version(master).await? else {
            return Ok(None);
        };
        Ok(self.plan_for(version, scope, period, breakdowns, only, master))
    }

    /// The table and margin rows of `version` answer from, if they can.
    fn plan_for(
        &self,
        version: i64,
        scope: &Scope,
        period: &Period,
        breakdowns: &[Breakdown],
        only: &[Row],
        master: &MasterData,
    ) -> Option<Plan> {
        if period.end().0 <= self.now().0 {
            return None;
        }
        let counted = |b: Breakdown| {
            matches!(
                b,
                Breakdown::District | Breakdown::Department | Breakdown::Channel | Breakdown::Cell
            )
        };
        if !breakdowns.iter().copied().all(counted) || !only.iter().all(|r| counted(r.breakdown)) {
            return None;
        }
        match scope {
            Scope::All => {}
            Scope::Area(id) => match master.jurisdictions.get(id).map(|j| j.level.as_str()) {
                Some("state" | "district") => {}
                _ => return None,
            },
            _ => return None,
        }
        let current = version >= super::recount::COUNTED_VERSION;
        // The fewest rows that keep what is asked for: a state's own rows unless a district or
        // department is a breakdown or a filter (or the scope is a district), and the margin
        // that keeps the department and the portal if either is.
        let uses = |b: Breakdown| breakdowns.contains(&b) || only.iter().any(|r| r.breakdown == b);
        let one_district = districts_of(scope, master).is_none();
        let by_state = !one_district && !uses(Breakdown::District) && !uses(Breakdown::Department);
        let portal = uses(Breakdown::Channel) || uses(Breakdown::Cell);
        let (grain, margin) = if !current {
            // Counted before the margins and the state's rows were kept: only the department
            // table's rows by every key are whole.
            (Grain::Department, Margin::Both)
        } else if by_state {
            (Grain::State, Margin::keeping(false, portal))
        } else {
            (
                Grain::Department,
                Margin::keeping(uses(Breakdown::Department), portal),
            )
        };
        Some(Plan {
            grain,
            margin,
            parts_counted: current,
        })
    }

    /// The figures by two breakdowns apart (a page's table and its portals beside it), each
    /// from its own margin of the counted rows: fewer rows than one reading of every pair.
    /// `None` where they cannot answer so.
    pub(in crate::store) async fn counted_margins(
        &self,
        scope: &Scope,
        period: &Period,
        first: Breakdown,
        second: Breakdown,
        only: &[Row],
    ) -> Result<Option<(KeyedFigures, KeyedFigures)>> {
        let master = self.master();
        // One reading of what the rows count, for both.
        let Some(version) = self.counted_version(&master).await? else {
            return Ok(None);
        };
        let plan = |b: Breakdown| self.plan_for(version, scope, period, &[b], only, &master);
        let (Some(a), Some(b)) = (plan(first), plan(second)) else {
            return Ok(None);
        };
        if a.margin == Margin::Both || b.margin == Margin::Both {
            return Ok(None);
        }
        let x = self
            .counted_figures_with(a, scope, period, &[first], only, &master)
            .await?;
        let y = self
            .counted_figures_with(b, scope, period, &[second], only, &master)
            .await?;
        Ok(Some((x, y)))
    }

    /// The figures by `breakdowns`, from the counted rows; `None` where they cannot answer.
    pub(in crate::store) async fn counted_figures_by(
        &self,
        scope: &Scope,
        period: &Period,
        breakdowns: &[Breakdown],
        only: &[Row],
    ) -> Result<Option<KeyedFigures>> {
        let master = self.master();
        let Some(plan) = self
            .counted_plan(scope, period, breakdowns, only, &master)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(
            self.counted_figures_with(plan, scope, period, breakdowns, only, &master)
                .await?,
        ))
    }

    async fn counted_figures_with(
        &self,
        plan: Plan,
        scope: &Scope,
        period: &Period,
        breakdowns: &[Breakdown],
        only: &[Row],
        master: &MasterData,
    ) -> Result<KeyedFigures> {
        let now = self.now().0;
        let from = ist_day(period.start().0);
        let to = ist_day(period.end().0);
        let today = ist_day(now);
        let bounds: Vec<i64> = AGE_BOUNDS
            .iter()
            .map(|(days, _)| ist_day(now - days * DAY_MS))
            .collect();
        // Each set of rows added up by itself: the filed and disposed in the period, the open
        // by the class of their due day (before, on or after each bound's day), the promised
        // by theirs (before, on or after today).
        let mut sql = Sql::new("");
        for (n, set) in CountedSet::ALL.into_iter().enumerate() {
            if n > 0 {
                sql.push(" UNION ALL ");
            }
            sql.push("SELECT g.set_code, ");
            match set {
                CountedSet::Filed | CountedSet::Disposed => {
                    sql.push("0");
                }
                CountedSet::Due => {
                    sql.push("CASE");
                    for (i, day) in bounds.iter().enumerate() {
                        sql.push(" WHEN g.day < ")
                            .bind(*day)
                            .push(" THEN ")
                            .push(&(2 * i).to_string())
                            .push(" WHEN g.day = ")
                            .bind(*day)
                            .push(" THEN ")
                            .push(&(2 * i + 1).to_string());
                    }
                    sql.push(" ELSE ")
                        .push(&(2 * bounds.len()).to_string())
                        .push(" END");
                }
                CountedSet::Promised => {
                    sql.push("CASE WHEN g.day < ")
                        .bind(today)
                        .push(" THEN 0 WHEN g.day = ")
                        .bind(today)
                        .push(" THEN 1 ELSE 2 END");
                }
            }
            sql.push(" AS class");
            push_keys(&mut sql, breakdowns);
            // Only the columns the set uses are added up (the open cases' rows are most).
            let used = match set {
                CountedSet::Filed => 6,
                CountedSet::Disposed => COLUMNS,
                CountedSet::Due => 3,
                CountedSet::Promised => 1,
            };
            for i in 1..=COLUMNS {
                if i <= used {
                    sql.push(", CAST(SUM(g.c")
                        .push(&i.to_string())
                        .push(") AS BIGINT)");
                } else {
                    sql.push(", CAST(0 AS BIGINT)");
                }
                sql.push(" AS c").push(&i.to_string());
            }
            sql.push(" FROM ")
                .push(plan.grain.table())
                .push(" g WHERE g.set_code = '")
                .push(&set_code(set, plan.margin))
                .push("'");
            if matches!(set, CountedSet::Filed | CountedSet::Disposed) {
                sql.push(" AND g.day >= ")
                    .bind(from)
                    .push(" AND g.day < ")
                    .bind(to);
            }
            counted_scope(&mut sql, scope, master, plan.grain);
            counted_rows(&mut sql, only);
            sql.push(" GROUP BY g.set_code, class");
            for n in 0..breakdowns.len() {
                sql.push(", k").push(&n.to_string());
            }
        }
        let reader = self.figures_pool().await;
        let (text, args) = sql.into_parts();
        let rows = sqlx::query_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(&reader)
            .await?;
        let mut out: HashMap<Keys, Figures> = HashMap::new();
        for row in rows {
            use sqlx::Row as _;
            let set: String = row.try_get(0)?;
            let class: i64 = row.try_get(1)?;
            let keys = read_keys(&row, 2, breakdowns)?;
            let mut c = [0i64; COLUMNS];
            for (i, slot) in c.iter_mut().enumerate() {
                *slot = row
                    .try_get::<Option<i64>, _>(2 + breakdowns.len() + i)?
                    .unwrap_or(0);
            }
            let f = out.entry(keys).or_default();
            match super::facts::parse_set_code(&set).map(|(set, _)| set) {
                Some(CountedSet::Filed) => {
                    f.received += c[0];
                    f.reopened += c[1];
                    f.social_received += c[2];
                    f.social_answered += c[3];
                }
                Some(CountedSet::Disposed) => {
                    f.disposed += c[0];
                    f.disposed_in_time += c[1];
                    f.disposed_late += c[2];
                    f.atr_uploaded += c[3];
                    f.relief += c[4];
                    f.verified += c[5];
                    f.satisfied += c[6];
                    f.not_satisfied += c[7];
                    f.eta_declared += c[8];
                    f.eta_kept += c[9];
                    f.rts_disposed += c[10];
                    f.rts_in_time += c[11];
                    f.disposal_days_total += c[12] as f64 / DAY_MS as f64;
                }
                Some(CountedSet::Due) => {
                    f.pending += c[0];
                    if plan.parts_counted {
                        f.interdepartmental_pending += c[2];
                    }
                    // Overdue if not waiting for the citizen; a bound's own day is counted on
                    // its newer side here, and its cases due by the instant moved below.
                    let running = c[0] - c[1];
                    // A day between two bounds is on the older side of the later bound; a
                    // bound's own day on its newer side (the later bound's older side).
                    let class = class as usize;
                    let side = if class.is_multiple_of(2) {
                        class / 2
                    } else {
                        class / 2 + 1
                    };
                    let slot = AGE_BOUNDS.get(side).map(|(_, slot)| *slot);
                    if let Some(slot) = slot {
                        f.overdue_by_age[slot] += running;
                    }
                }
                // Promised for a day before today: missed.
                Some(CountedSet::Promised) if class == 0 => f.eta_missed += c[0],
                Some(CountedSet::Promised) | None => {}
            }
        }
        // The cases due on each bound's day by its instant, and promised for today by now.
        let window = Window {
            from: period.start().0,
            to: period.end().0,
            now,
            rts: &master.rts_categories,
        };
        for (split, keys, n) in self
            .split_days(scope, breakdowns, only, master, now, &bounds)
            .await?
        {
            let f = out.entry(keys).or_default();
            match split {
                // Promised for today, and today is past it.
                s if s == AGE_BOUNDS.len() => f.eta_missed += n,
                // Due by the bound: moved from its newer side to its older.
                s => {
                    f.overdue_by_age[AGE_BOUNDS[s].1] += n;
                    if let Some((_, newer)) = AGE_BOUNDS.get(s + 1) {
                        f.overdue_by_age[*newer] -= n;
                    }
                }
            }
        }
        // The audit findings and the joint departments' parts, from their own tables.
        for (metric, keys, n) in self
            .counted_beside(scope, breakdowns, only, master, window, plan.parts_counted)
            .await?
        {
            *metric.count_mut(out.entry(keys).or_default()) += n;
        }
        let mut rows: Vec<(Keys, Figures)> = out
            .into_iter()
            .map(|(keys, mut f)| {
                f.overdue = f.overdue_by_age.iter().sum();
                (keys, f)
            })
            .filter(|(_, f)| *f != Figures::default())
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(rows)
    }

    /// The open cases due on each bound's day by the bound's instant (split 0..5), and those
    /// promised for today before now (split 5), by `breakdowns`.
    async fn split_days(
        &self,
        scope: &Scope,
        breakdowns: &[Breakdown],
        only: &[Row],
        master: &MasterData,
        now: i64,
        bounds: &[i64],
    ) -> Result<Vec<(usize, Keys, i64)>> {
        let mut sql = Sql::new("");
        let running = " WHERE g.status NOT IN ('disposed', 'closed') AND g.status <> ";
        let mut branch = 0;
        let mut each_district = |sql: &mut Sql, split: usize, range: &dyn Fn(&mut Sql)| {
            // The open cases' index begins with the district: a state's are read a district
            // at a time (and those filed at state level by themselves).
            let districts = districts_of(scope, master);
            let parts: Vec<Option<&[i64]>> = match &districts {
                Some(list) => vec![Some(list.as_slice()), None],
                None => vec![Some(&[])],
            };
            for part in parts {
                if branch > 0 {
                    sql.push(" UNION ALL ");
                }
                branch += 1;
                sql.push("SELECT ")
                    .push(&split.to_string())
                    .push(" AS split");
                push_keys(sql, breakdowns);
                sql.push(", COUNT(*) AS n");
                self.push_from_grievances(sql, Some("grievances_open_stats"));
                sql.push(running).push(crate::store::PAUSED_STATUS);
                range(sql);
                match part {
                    Some([]) => {}
                    Some(list) => {
                        sql.push(" AND g.district_id IN ").bind_in(list);
                    }
                    None => {
                        sql.push(" AND g.district_id IS NULL");
                    }
                }
                scope.condition(sql, master);
                row_condition(sql, only);
                sql.push(" GROUP BY ");
                push_case_key_exprs(sql, breakdowns);
            }
        };
        for (split, ((days, _), day)) in AGE_BOUNDS.iter().zip(bounds).enumerate() {
            let instant = now - days * DAY_MS;
            each_district(&mut sql, split, &|sql: &mut Sql| {
                sql.push(" AND g.due_at >= ").bind(day_start(*day));
                if *days == 0 {
                    sql.push(" AND g.due_at < ").bind(instant);
                } else {
                    sql.push(" AND g.due_at <= ").bind(instant);
                }
            });
        }
        // Promised for today: few, read through their own index.
        sql.push(" UNION ALL SELECT ")
            .push(&AGE_BOUNDS.len().to_string())
            .push(" AS split");
        push_keys(&mut sql, breakdowns);
        sql.push(", COUNT(*) AS n");
        self.push_from_grievances(&mut sql, Some("grievances_open_eta"));
        sql.push(" WHERE g.eta IS NOT NULL AND g.status NOT IN ('disposed', 'closed')")
            .push(" AND g.status <> ")
            .push(crate::store::PAUSED_STATUS)
            .push(" AND g.eta >= ")
            .bind(day_start(ist_day(now)))
            .push(" AND g.eta < ")
            .bind(now);
        scope.condition(&mut sql, master);
        row_condition(&mut sql, only);
        sql.push(" GROUP BY ");
        push_case_key_exprs(&mut sql, breakdowns);
        let (text, args) = sql.into_parts();
        Ok(self
            .tagged_counts(text, args, breakdowns)
            .await?
            .into_iter()
            .map(|(split, keys, n)| (split as usize, keys, n))
            .collect())
    }

    /// Runs a query whose rows are a tag, the breakdowns' keys and a count.
    async fn tagged_counts(
        &self,
        text: String,
        args: sqlx::any::AnyArguments,
        breakdowns: &[Breakdown],
    ) -> Result<Vec<(i64, Keys, i64)>> {
        let rows = sqlx::query_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(&self.figures_pool().await)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            use sqlx::Row as _;
            let tag: i64 = row.try_get(0)?;
            let keys = read_keys(&row, 1, breakdowns)?;
            let n: i64 = row.try_get(1 + breakdowns.len())?;
            out.push((tag, keys, n));
        }
        Ok(out)
    }

    /// "Flagged by audit" and, where the rows do not count it (`parts_counted`), "pending with
    /// a joint department", read from the findings and the parts (few) and their cases, as the
    /// cases' figures count them.
    async fn counted_beside(
        &self,
        scope: &Scope,
        breakdowns: &[Breakdown],
        only: &[Row],
        master: &MasterData,
        w: Window<'_>,
        parts_counted: bool,
    ) -> Result<Vec<(Metric, Keys, i64)>> {
        let mut sql = Sql::new("SELECT 0");
        push_keys(&mut sql, breakdowns);
        sql.push(", COUNT(*) FROM grievances g");
        set_condition(&mut sql, CaseSet::Flagged, w);
        scope.condition(&mut sql, master);
        row_condition(&mut sql, only);
        sql.push(" GROUP BY ");
        push_case_key_exprs(&mut sql, breakdowns);
        if parts_counted {
            let (text, args) = sql.into_parts();
            return Ok(self
                .tagged_counts(text, args, breakdowns)
                .await?
                .into_iter()
                .map(|(_, keys, n)| (Metric::AuditFlagged, keys, n))
                .collect());
        }
        sql.push(" UNION ALL SELECT 1");
        push_keys(&mut sql, breakdowns);
        sql.push(", COUNT(*) FROM grievances g WHERE g.id IN (SELECT p.grievance_id FROM case_parts p WHERE p.status IN ")
            .push(nivaran_domain::lifecycle::PartStatus::PENDING_SQL)
            .push(")");
        metric_condition(&mut sql, Metric::InterdepartmentalPending, w);
        scope.condition(&mut sql, master);
        row_condition(&mut sql, only);
        sql.push(" GROUP BY ");
        push_case_key_exprs(&mut sql, breakdowns);
        let (text, args) = sql.into_parts();
        Ok(self
            .tagged_counts(text, args, breakdowns)
            .await?
            .into_iter()
            .map(|(which, keys, n)| {
                let metric = if which == 0 {
                    Metric::AuditFlagged
                } else {
                    Metric::InterdepartmentalPending
                };
                (metric, keys, n)
            })
            .collect())
    }

    /// The trend's received and disposed per day of the period and the pending when it began,
    /// from the counted rows; `None` where they cannot answer.
    pub(in crate::store) async fn counted_trend_days(
        &self,
        scope: &Scope,
        period: &Period,
        only: &[Row],
    ) -> Result<Option<(Vec<(i64, i64, i64)>, i64)>> {
        let master = self.master();
        let Some(plan) = self.counted_plan(scope, period, &[], only, &master).await? else {
            return Ok(None);
        };
        let from = ist_day(period.start().0);
        let to = ist_day(period.end().0);
        // Pending when the period began: open now and filed before it, or settled in it or
        // after and filed before it. Open now, less those filed since; settled since, less
        // those filed since (a case is settled after it is filed).
        // Each set through its own range of the key (an OR of sets would read the table whole).
        let mut sql = Sql::new("");
        for (n, set) in [CountedSet::Filed, CountedSet::Disposed, CountedSet::Due]
            .into_iter()
            .enumerate()
        {
            if n > 0 {
                sql.push(" UNION ALL ");
            }
            sql.push("SELECT ")
                .push(&format!("'{}'", set.code()))
                .push(", ")
                .push(if set == CountedSet::Due { "0" } else { "g.day" })
                .push(
                    ", CAST(SUM(g.c1) AS BIGINT), CAST(SUM(g.c5) AS BIGINT), \
                     CAST(SUM(g.c6) AS BIGINT), CAST(SUM(g.c14) AS BIGINT) FROM ",
                )
                .push(plan.grain.table())
                .push(" g WHERE g.set_code = '")
                .push(&set_code(set, plan.margin))
                .push("'");
            if set != CountedSet::Due {
                sql.push(" AND g.day >= ").bind(from);
            }
            counted_scope(&mut sql, scope, &master, plan.grain);
            counted_rows(&mut sql, only);
            sql.push(" GROUP BY g.set_code");
            if set != CountedSet::Due {
                sql.push(", g.day");
            }
        }
        let (text, args) = sql.into_parts();
        let rows: Vec<TrendRow> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(&self.figures_pool().await)
            .await?;
        let mut days = vec![(0i64, 0i64, 0i64); (to - from).max(0) as usize];
        let mut pending_before = 0i64;
        for (set, day, c1, c5, c6, c14) in rows {
            let (c1, c5, c6, c14) = (
                c1.unwrap_or(0),
                c5.unwrap_or(0),
                c6.unwrap_or(0),
                c14.unwrap_or(0),
            );
            match set.as_str() {
                "o" => pending_before += c1,
                "r" => {
                    pending_before -= c5 + c6;
                    if let Some(slot) = days.get_mut((day - from) as usize) {
                        slot.1 += c1;
                    }
                }
                "d" => {
                    pending_before += c14;
                    if let Some(slot) = days.get_mut((day - from) as usize) {
                        slot.2 += c1;
                    }
                }
                _ => {}
            }
        }
        for (i, slot) in days.iter_mut().enumerate() {
            slot.0 = from + i as i64;
        }
        Ok(Some((days, pending_before)))
    }
}

/// The districts whose open cases a state-wide split reads one by one (`None`: the scope is
/// one district, or the condition on it already seeks).
fn districts_of(scope: &Scope, master: &MasterData) -> Option<Vec<i64>> {
    let state = match scope {
        Scope::All => None,
        Scope::Area(id) => match master.jurisdictions.get(id) {
            Some(j) if j.level == "state" => Some(j.id),
            _ => return None,
        },
        _ => return None,
    };
    let mut list: Vec<i64> = master
        .jurisdictions
        .values()
        .filter(|j| j.level == "district" && (state.is_none() || j.state_id == state))
        .map(|j| j.id)
        .collect();
    list.sort_unstable();
    Some(list)
}

/// `, key AS k0, …` on the counted rows or the cases (alias `g`; a counted row's district 0
/// is none).
fn push_keys(sql: &mut Sql, breakdowns: &[Breakdown]) {
    for (n, b) in breakdowns.iter().enumerate() {
        sql.push(", ");
        b.push_key(sql);
        sql.push(" AS k").push(&n.to_string());
    }
}

/// The keys' expressions again, for a GROUP BY (a constant when there are none).
fn push_case_key_exprs(sql: &mut Sql, breakdowns: &[Breakdown]) {
    if breakdowns.is_empty() {
        sql.push("1");
    }
    for (n, b) in breakdowns.iter().enumerate() {
        if n > 0 {
            sql.push(", ");
        }
        b.push_key(sql);
    }
}

/// The keys of a result row from column `first`: district 0 (a counted row's "none") is none.
fn read_keys(
    row: &sqlx::any::AnyRow,
    first: usize,
    breakdowns: &[Breakdown],
) -> std::result::Result<Keys, sqlx::Error> {
    use sqlx::Row as _;
    let mut keys = Vec::with_capacity(breakdowns.len());
    for (n, b) in breakdowns.iter().enumerate() {
        let key: Option<i64> = row.try_get(first + n)?;
        keys.push(match (b, key) {
            (Breakdown::District, Some(0)) => None,
            (_, key) => key,
        });
    }
    Ok(keys)
}

/// The scope's condition on the counted rows. The department table's rows begin with the
/// state and district: a state's, or every state's, are read a district at a time.
fn counted_scope(sql: &mut Sql, scope: &Scope, master: &MasterData, grain: Grain) {
    if grain == Grain::Department
        && let Some(mut districts) = districts_of(scope, master)
    {
        if *scope == Scope::All {
            let mut states: Vec<i64> = master
                .jurisdictions
                .values()
                .filter(|j| j.level == "state")
                .map(|j| j.id)
                .collect();
            states.sort_unstable();
            sql.push(" AND g.state_id IN ").bind_in(&states);
        }
        // District 0: the cases filed at state level.
        districts.insert(0, 0);
        sql.push(" AND g.district_id IN ").bind_in(&districts);
    }
    if let Scope::Area(id) = scope
        && let Some(j) = master.jurisdictions.get(id)
    {
        match j.level.as_str() {
            "state" => {
                sql.push(" AND g.state_id = ").bind(j.id);
            }
            _ => {
                sql.push(" AND g.state_id = ")
                    .bind(j.state_id.unwrap_or_default())
                    .push(" AND g.district_id = ")
                    .bind(j.id);
            }
        }
    }
}

/// The rows' filters on the counted rows: a district's none is 0 there.
fn counted_rows(sql: &mut Sql, only: &[Row]) {
    for row in only {
        match (row.breakdown, row.key) {
            (Breakdown::District, key) => {
                sql.push(" AND g.district_id = ").bind(key.unwrap_or(0));
            }
            _ => row_condition(sql, std::slice::from_ref(row)),
        }
    }
}
