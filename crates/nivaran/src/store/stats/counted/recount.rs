//! Counting the figures again from the cases: `nivaran stats check` reports where the counted
//! rows differ, `nivaran stats rebuild` and the worker's nightly job also mend them.
//!
//! The count and the rows it is compared with are read from one snapshot, and the difference
//! is then added to the rows as any change is: writes made meanwhile are in the rows already
//! and stay counted, so the service goes on filing while a recount runs. Two nodes never mend
//! at once (a lease in `figures_counted`).

use super::facts::{COLUMNS, CaseFacts, CountedSet, Counts, Margin, Place, parse_set_code};
use super::{Deltas, Grain, upsert};
use crate::store::{MasterData, Result, Store};
use futures_util::TryStreamExt;
use serde::Serialize;
use std::collections::BTreeMap;

/// The Right to Service categories the rows count, as `figures_counted` records them.
pub fn rts_key(master: &MasterData) -> String {
    master
        .rts_categories
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// What a recount found.
#[derive(Debug, Default, Clone, Serialize)]
pub struct RecountReport {
    /// Cases counted.
    pub cases: u64,
    /// Counted rows compared (both grains).
    pub rows: u64,
    /// Rows that differed from the count.
    pub differences: u64,
    /// A few of them: where, what the row held and what the cases give.
    pub examples: Vec<String>,
    /// Were the differences added to the rows?
    pub mended: bool,
    /// Rows of days long past folded into one (the open cases' and promises').
    pub folded: u64,
    /// Another node was mending them: nothing was done.
    pub busy: bool,
    /// The rows were known to be behind before this recount (counted by an earlier version,
    /// or with another Right to Service list): differences were expected, not a fault.
    pub stale: bool,
    pub millis: u64,
}

/// What the rows count, as `figures_counted.counted_version` records it: 1, as migration 31
/// made them (the rows by every key; the joint parts read from their table); 2, also the
/// margins (migration 32) and the open cases with a joint part pending (the due set's c3).
/// Rows counted by an earlier version are read as that version counted them until a recount.
pub const COUNTED_VERSION: i64 = 2;

/// How long a recount may hold the lease before another node may take over.
const LEASE_MILLIS: i64 = 60 * 60_000;

/// Examples a report keeps.
const EXAMPLES: usize = 10;

type CaseColumns = (
    i64,
    Option<i64>,
    i64,
    i64,
    String,
    i64,
    i64,
    String,
    Option<i64>,
    i64,
    Option<i64>,
    i64,
    Option<String>,
    Option<i64>,
    Option<String>,
    i64,
);

impl Store {
    /// Counts the figures again from the cases and compares them with the counted rows; with
    /// `mend`, adds the differences to the rows and records the Right to Service categories
    /// they now count (the dashboards read the rows again from then on).
    pub async fn recount_figures(&self, mend: bool) -> Result<RecountReport> {
        let started = std::time::Instant::now();
        let mut report = RecountReport::default();
        if mend {
            let now = self.now().0;
            let taken = sqlx::query(
                "UPDATE figures_counted SET recount_until = $1 WHERE id = 1 AND recount_until < $2",
            )
            .bind(now + LEASE_MILLIS)
            .bind(now)
            .execute(self.pool())
            .await?
            .rows_affected();
            if taken == 0 {
                report.busy = true;
                return Ok(report);
            }
        }
        let result = self.recount_under_lease(mend, &mut report).await;
        if mend {
            sqlx::query("UPDATE figures_counted SET recount_until = 0 WHERE id = 1")
                .execute(self.pool())
                .await?;
        }
        result?;
        report.millis = started.elapsed().as_millis() as u64;
        Ok(report)
    }

    async fn recount_under_lease(&self, mend: bool, report: &mut RecountReport) -> Result<()> {
        let master = self.master();
        let (rts, version): (Option<String>, i64) = sqlx::query_as(
            "SELECT rts_categories, counted_version FROM figures_counted WHERE id = 1",
        )
        .fetch_one(self.pool())
        .await?;
        report.stale =
            rts.as_deref() != Some(rts_key(&master).as_str()) || version < COUNTED_VERSION;
        let mut snapshot = self.pool().begin().await?;
        if let Some(statement) = self.engine().repeatable_read() {
            sqlx::raw_sql(statement).execute(&mut *snapshot).await?;
        }
        // The count, at the department grain.
        let mut counted = Deltas::new();
        {
            let sql = format!(
                "SELECT state_id, district_id, department_id, category_id, channel, filed_at, due_at, \
                 status, duplicate_of, reopen_count, eta, atr_submitted, disposal, disposed_at, \
                 verification, CAST(CASE WHEN EXISTS (SELECT 1 FROM case_parts p \
                 WHERE p.grievance_id = g.id AND p.status IN {}) THEN 1 ELSE 0 END AS BIGINT) \
                 FROM grievances g",
                nivaran_domain::lifecycle::PartStatus::PENDING_SQL
            );
            let mut cases =
                sqlx::query_as::<_, CaseColumns>(sqlx::AssertSqlSafe(sql)).fetch(&mut *snapshot);
            while let Some(c) = cases.try_next().await? {
                let facts = CaseFacts {
                    state_id: c.0,
                    district_id: c.1,
                    department_id: c.2,
                    category_id: c.3,
                    channel: &c.4,
                    filed_at: c.5,
                    due_at: c.6,
                    status: &c.7,
                    duplicate_of: c.8,
                    reopen_count: c.9,
                    eta: c.10,
                    atr_submitted: c.11,
                    disposal: c.12.as_deref(),
                    disposed_at: c.13,
                    verification: c.14.as_deref(),
                    parts_pending: c.15 == 1,
                };
                counted.count(&facts, 1, &master.rts_categories);
                report.cases += 1;
            }
        }
        // Compared as the rows are kept: the days long past of the open and promised folded.
        let today = super::facts::ist_day(self.now().0);
        let mut fine: BTreeMap<Place, Counts> = BTreeMap::new();
        for (place, counts) in &counted.rows {
            add(&mut fine, folded(place.clone(), today), counts, 1);
        }
        // Less what the rows hold: what remains is the difference.
        let mut differences = Vec::new();
        for grain in Grain::ALL {
            let mut diff = grain.spread(&fine);
            let rows = stored(&mut snapshot, grain).await?;
            report.rows += rows.len() as u64;
            let mut held: BTreeMap<Place, Counts> = BTreeMap::new();
            for (place, counts) in rows {
                add(&mut held, folded(place, today), &counts, 1);
            }
            for (place, counts) in &held {
                add(&mut diff, place.clone(), counts, -1);
            }
            diff.retain(|_, c| c.iter().any(|n| *n != 0));
            for (place, d) in &diff {
                report.differences += 1;
                if report.examples.len() < EXAMPLES {
                    let was = held.get(place).copied().unwrap_or([0; COLUMNS]);
                    let is: Vec<i64> = was.iter().zip(d).map(|(w, d)| w + d).collect();
                    report.examples.push(format!(
                        "{} {:?} {:?} day {} state {} district {} department {} {}: held {:?}, counted {:?}",
                        grain.table(),
                        place.set,
                        place.margin,
                        place.day,
                        place.state_id,
                        place.district_id,
                        place.department_id,
                        place.channel,
                        was,
                        is
                    ));
                }
            }
            differences.push((grain, diff));
        }
        snapshot.rollback().await?;
        if !mend {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        for (grain, diff) in &differences {
            let rows: Vec<(&Place, &Counts)> = diff.iter().collect();
            upsert(&mut tx, self.engine(), *grain, &rows).await?;
        }
        // Rows that count nothing any more (the open cases of a day all closed, say).
        for grain in Grain::ALL {
            let mut sql = format!("DELETE FROM {} WHERE c1 = 0", grain.table());
            for i in 2..=COLUMNS {
                sql.push_str(&format!(" AND c{i} = 0"));
            }
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "UPDATE figures_counted SET rts_categories = $1, checked_at = $2, counted_version = $3 \
             WHERE id = 1",
        )
        .bind(rts_key(&master))
        .bind(self.now().0)
        .bind(COUNTED_VERSION)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        report.mended = true;
        report.folded = self.fold_old_days(today).await?;
        Ok(())
    }

    /// Is a recount due: never counted, counted with other Right to Service categories than
    /// master data's now, counted by an earlier version (without the margins and the joint
    /// parts), or not checked since 02:00 (IST) today?
    pub async fn recount_due(&self) -> Result<bool> {
        let (rts, checked, version): (Option<String>, Option<i64>, i64) = sqlx::query_as(
            "SELECT rts_categories, checked_at, counted_version FROM figures_counted WHERE id = 1",
        )
        .fetch_one(self.pool())
        .await?;
        if rts.as_deref() != Some(rts_key(&self.master()).as_str()) || version < COUNTED_VERSION {
            return Ok(true);
        }
        let now = self.now().0;
        let nightly = super::facts::day_start(super::facts::ist_day(now)) + 2 * 3_600_000;
        Ok(match checked {
            None => true,
            Some(at) => now >= nightly && at < nightly,
        })
    }

    /// Records that the rows count master data's Right to Service categories, where there is
    /// nothing to count yet (a new database: its rows are right by being empty).
    pub(in crate::store) async fn count_from_empty(&self) -> Result<()> {
        let key = rts_key(&self.master());
        let held: Option<String> =
            sqlx::query_scalar("SELECT rts_categories FROM figures_counted WHERE id = 1")
                .fetch_one(self.pool())
                .await?;
        if held.as_deref() == Some(key.as_str()) {
            return Ok(());
        }
        sqlx::query(
            "UPDATE figures_counted SET rts_categories = $1, counted_version = $2 WHERE id = 1 \
             AND NOT EXISTS (SELECT 1 FROM grievances)",
        )
        .bind(key)
        .bind(COUNTED_VERSION)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}

/// The first day an open case's deadline, or a promise, is still kept by its own day: the
/// readers need the days from 101 days ago (the oldest age's bound) and today's promises; any
/// earlier day counts the same as day 0, and is folded into it.
fn fold_below(set: CountedSet, today: i64) -> Option<i64> {
    match set {
        CountedSet::Due => Some(today - 103),
        CountedSet::Promised => Some(today - 1),
        CountedSet::Filed | CountedSet::Disposed => None,
    }
}

fn folded(place: Place, today: i64) -> Place {
    match fold_below(place.set, today) {
        Some(below) if place.day < below => Place { day: 0, ..place },
        _ => place,
    }
}

impl Store {
    /// Folds the open cases' and promises' rows of days long past into day 0 (one row per key
    /// instead of one a day: a state's page reads them all). Each row is taken out as it is
    /// (`DELETE … RETURNING`) and added to day 0, so a change written meanwhile is never lost.
    async fn fold_old_days(&self, today: i64) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let mut folded = 0u64;
        for grain in Grain::ALL {
            for set in [CountedSet::Due, CountedSet::Promised] {
                let Some(below) = fold_below(set, today) else {
                    continue;
                };
                let codes: Vec<String> = Margin::ALL
                    .into_iter()
                    .map(|m| format!("'{}'", super::facts::set_code(set, m)))
                    .collect();
                let mut sql = format!(
                    "DELETE FROM {} WHERE set_code IN ({}) AND day < $1 AND day <> 0 \
                     RETURNING {}",
                    grain.table(),
                    codes.join(", "),
                    grain.place_columns()
                );
                for i in 1..=COLUMNS {
                    sql.push_str(&format!(", c{i}"));
                }
                let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(below)
                    .fetch_all(&mut *tx)
                    .await?;
                let mut sums: BTreeMap<Place, Counts> = BTreeMap::new();
                for row in rows {
                    let (place, counts) = stored_row(&row)?;
                    folded += 1;
                    add(&mut sums, Place { day: 0, ..place }, &counts, 1);
                }
                let sums: Vec<(&Place, &Counts)> = sums.iter().collect();
                upsert(&mut tx, self.engine(), grain, &sums).await?;
            }
        }
        tx.commit().await?;
        Ok(folded)
    }
}

fn add(rows: &mut BTreeMap<Place, Counts>, place: Place, counts: &Counts, sign: i64) {
    let row = rows.entry(place).or_insert([0; COLUMNS]);
    for (total, n) in row.iter_mut().zip(counts) {
        *total += sign * n;
    }
}

/// The rows a table holds, as [`Place`]s (0 for the keys it has not).
async fn stored(conn: &mut sqlx::AnyConnection, grain: Grain) -> Result<Vec<(Place, Counts)>> {
    let mut sql = format!("SELECT {}", grain.place_columns());
    for i in 1..=COLUMNS {
        sql.push_str(&format!(", c{i}"));
    }
    sql.push_str(" FROM ");
    sql.push_str(grain.table());
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(stored_row(&row)?);
    }
    Ok(out)
}

/// A row read as `state_id, district_id, set_code, day, department, channel, c1..c14`.
fn stored_row(row: &sqlx::any::AnyRow) -> Result<(Place, Counts)> {
    use sqlx::Row as _;
    let code: String = row.try_get(2)?;
    let (set, margin) = parse_set_code(&code).unwrap_or((CountedSet::Filed, Margin::Both));
    let mut counts = [0; COLUMNS];
    for (i, slot) in counts.iter_mut().enumerate() {
        *slot = row.try_get(6 + i)?;
    }
    Ok((
        Place {
            state_id: row.try_get(0)?,
            district_id: row.try_get(1)?,
            set,
            margin,
            day: row.try_get(3)?,
            department_id: row.try_get::<i64, _>(4)?,
            channel: row.try_get(5)?,
        },
        counts,
    ))
}
