//! Pre-counted figures (issue 19, part 4): the dashboards' counts kept per IST day, by state
//! and portal and by district, department and portal,
//! written in the same transaction as each change to a case, so that a figure adds up a few
//! thousand rows instead of reading a state's cases. The rows are kept in margins
//! ([`facts::Margin`]): by every key, with the portals added up, with the departments added
//! up, and with both, so that a page reads the rows it shows (a state's page its districts'
//! totals and, apart, its portals', not one row for each district, department and portal).
//!
//! - [`facts`]: what one case adds to the rows, the one place that says so.
//! - [`Deltas`]: a transaction's changes, added up and written at the end of each write (one
//!   statement per table, keys in one order so that two writers never deadlock).
//! - [`read`]: the figures and the trend from the rows, where they can answer (a state's or a
//!   district's or the whole installation's figures, for a period up to now, by district,
//!   department, portal or cell); anything else reads the cases, as before.
//! - [`recount`]: counts the rows again from the cases, reports any difference and mends it
//!   (`nivaran stats check` and `rebuild`, and the worker's nightly job).
//!
//! The rows count Right to Service figures by the categories flagged when each case was
//! written: after the list changes, the figures are read from the cases until a recount has
//! brought the rows up to date (the worker starts one within a minute).

pub mod facts;
pub mod read;
pub mod recount;

use super::super::dialect::Engine;
use super::super::sql::Sql;
use super::super::{MasterData, Result};
use facts::{COLUMNS, CaseFacts, Counts, Margin, Place, set_code};
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// The two tables: a state's rows (every district and department together) and its
/// districts' (by department).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    /// `figures_by_state`: a whole state's day, by portal and in all ([`Margin::Portal`] and
    /// [`Margin::Total`] only: any reading by district is the department table's, a district at
    /// a time).
    State,
    /// `figures_by_department`: a district's day, by department and portal, in all four
    /// margins (the department's place in them).
    Department,
}

impl Grain {
    pub const ALL: [Grain; 2] = [Grain::Department, Grain::State];

    /// The margins this table keeps.
    pub fn margins(self) -> &'static [Margin] {
        match self {
            Grain::State => &[Margin::Portal, Margin::Total],
            Grain::Department => &Margin::ALL,
        }
    }

    /// The row of this table, in `margin`, that a contribution counted at `fine` (every key)
    /// adds to.
    pub fn project(self, margin: Margin, fine: &Place) -> Place {
        let mut row = fine.clone();
        row.margin = margin;
        if self == Grain::State {
            row.district_id = 0;
        }
        if matches!(margin, Margin::Place | Margin::Total) {
            row.channel = String::new();
        }
        if matches!(margin, Margin::Portal | Margin::Total) || self == Grain::State {
            row.department_id = 0;
        }
        row
    }

    /// The rows of this table, in each of its margins, that counts kept at the fine keys add
    /// to.
    pub fn spread<'a>(
        self,
        fine: impl IntoIterator<Item = (&'a Place, &'a Counts)>,
    ) -> BTreeMap<Place, Counts> {
        let mut rows: BTreeMap<Place, Counts> = BTreeMap::new();
        for (place, counts) in fine {
            for margin in self.margins() {
                let row = rows
                    .entry(self.project(*margin, place))
                    .or_insert([0; COLUMNS]);
                for (total, n) in row.iter_mut().zip(counts) {
                    *total += n;
                }
            }
        }
        rows.retain(|_, c| c.iter().any(|n| *n != 0));
        rows
    }

    pub fn table(self) -> &'static str {
        match self {
            Grain::State => "figures_by_state",
            Grain::Department => "figures_by_department",
        }
    }

    fn key_columns(self) -> &'static str {
        match self {
            Grain::State => "set_code, day, state_id, channel",
            Grain::Department => "state_id, district_id, set_code, day, department_id, channel",
        }
    }

    /// The table's keys as `state_id, district_id, set_code, day, department_id, channel` (0
    /// for the keys it has not), for reading its rows back as [`Place`]s.
    fn place_columns(self) -> &'static str {
        match self {
            Grain::State => {
                "state_id, CAST(0 AS BIGINT), set_code, day, CAST(0 AS BIGINT), channel"
            }
            Grain::Department => "state_id, district_id, set_code, day, department_id, channel",
        }
    }
}

/// Changes to the counted rows, added up by row: each case's contribution after a change,
/// less its contribution before.
#[derive(Debug, Default)]
pub struct Deltas {
    rows: BTreeMap<Place, Counts>,
}

impl Deltas {
    pub fn new() -> Deltas {
        Deltas::default()
    }

    /// Adds (`sign` 1) or takes away (-1) what `case` contributes.
    pub fn count(&mut self, case: &CaseFacts<'_>, sign: i64, rts: &[i64]) {
        for (set, day, counts) in case.contributions(rts) {
            let row = self
                .rows
                .entry(case.place(set, day))
                .or_insert([0; COLUMNS]);
            for (total, n) in row.iter_mut().zip(counts) {
                *total += sign * n;
            }
        }
    }

    /// A case changed from `before` to `after`.
    pub fn change(&mut self, before: &CaseFacts<'_>, after: &CaseFacts<'_>, master: &MasterData) {
        if before != after {
            self.count(before, -1, &master.rts_categories);
            self.count(after, 1, &master.rts_categories);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows.values().all(|c| c.iter().all(|n| *n == 0))
    }

    /// The rows that change, in key order.
    pub fn rows(&self) -> impl Iterator<Item = (&Place, &Counts)> {
        self.rows.iter().filter(|(_, c)| c.iter().any(|n| *n != 0))
    }

    /// Adds the changes to both tables, in every margin (rows created as needed), and forgets
    /// them.
    pub async fn write(&mut self, conn: &mut AnyConnection, engine: Engine) -> Result<()> {
        if self.is_empty() {
            return Ok(());
        }
        for grain in Grain::ALL {
            let rows = grain.spread(self.rows());
            let rows: Vec<(&Place, &Counts)> = rows.iter().collect();
            upsert(conn, engine, grain, &rows).await?;
        }
        self.rows.clear();
        Ok(())
    }
}

/// Rows per statement (14 counts and 6 keys a row: within both engines' limits on parameters).
const ROWS_PER_STATEMENT: usize = 200;

async fn upsert(
    conn: &mut AnyConnection,
    engine: Engine,
    grain: Grain,
    rows: &[(&Place, &Counts)],
) -> Result<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut sql = Sql::many(engine, "INSERT INTO ");
        sql.push(grain.table()).push(" (").push(grain.key_columns());
        for i in 1..=COLUMNS {
            sql.push(", c").push(&i.to_string());
        }
        sql.push(") VALUES ");
        for (n, (place, counts)) in chunk.iter().enumerate() {
            sql.push(if n == 0 { "(" } else { ", (" });
            match grain {
                Grain::State => {
                    sql.bind(set_code(place.set, place.margin)).push(", ");
                    sql.bind(place.day).push(", ");
                    sql.bind(place.state_id).push(", ");
                    sql.bind(place.channel.clone());
                }
                Grain::Department => {
                    sql.bind(place.state_id).push(", ");
                    sql.bind(place.district_id).push(", ");
                    sql.bind(set_code(place.set, place.margin)).push(", ");
                    sql.bind(place.day).push(", ");
                    sql.bind(place.department_id).push(", ");
                    sql.bind(place.channel.clone());
                }
            }
            for n in counts.iter() {
                sql.push(", ").bind(*n);
            }
            sql.push(")");
        }
        sql.push(" ON CONFLICT (")
            .push(grain.key_columns())
            .push(") DO UPDATE SET ");
        for i in 1..=COLUMNS {
            let c = format!("c{i}");
            if i > 1 {
                sql.push(", ");
            }
            sql.push(&c)
                .push(" = ")
                .push(grain.table())
                .push(".")
                .push(&c)
                .push(" + excluded.")
                .push(&c);
        }
        let (text, args) = sql.into_parts();
        sqlx::query_with(sqlx::AssertSqlSafe(text), args)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Is any of a case's joint departments' parts still pending?
pub(in crate::store) fn parts_pending(parts: &[nivaran_domain::lifecycle::Part]) -> bool {
    parts.iter().any(|p| p.status.is_pending())
}

/// A case's facts as its row and its parts hold them.
pub(in crate::store) fn facts_of_row<'a>(
    row: &'a crate::store::grievances::GrievanceRow,
    parts: &[nivaran_domain::lifecycle::Part],
) -> CaseFacts<'a> {
    CaseFacts {
        state_id: row.state_id,
        district_id: row.district_id,
        department_id: row.department_id,
        category_id: row.category_id,
        channel: &row.channel,
        filed_at: row.filed_at,
        due_at: row.due_at,
        status: &row.status,
        duplicate_of: row.duplicate_of,
        reopen_count: row.reopen_count,
        eta: row.eta,
        atr_submitted: row.atr_submitted,
        disposal: row.disposal.as_deref(),
        disposed_at: row.disposed_at,
        verification: row.verification.as_deref(),
        parts_pending: parts_pending(parts),
    }
}

/// A case's facts with its state's columns and parts as they are about to be written.
pub(in crate::store) fn facts_with_state<'a>(
    facts: CaseFacts<'a>,
    state: &'a crate::store::state_columns::StateColumns,
    parts: &[nivaran_domain::lifecycle::Part],
    due_at: i64,
) -> CaseFacts<'a> {
    CaseFacts {
        parts_pending: parts_pending(parts),
        due_at,
        status: state.status,
        duplicate_of: state.duplicate_of,
        reopen_count: state.reopen_count,
        eta: state.eta,
        atr_submitted: state.atr_submitted,
        disposal: state.disposal,
        disposed_at: state.disposed_at,
        verification: state.verification,
        ..facts
    }
}
