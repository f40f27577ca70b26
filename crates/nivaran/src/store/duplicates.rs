//! Duplicate and repeat petitions (issue 17, part 2; seed 003). The cases worth comparing with
//! a grievance are read here (the same mobile, the same place and category, the district's
//! recent cases of the department); `nivaran_domain::duplicates` says which are likely the same
//! grievance. Used three ways: before filing ("similar open cases", `similar_cases`), after
//! every filing on every channel (the worker's `run_duplicate_check`, whose position is stored),
//! and for the nodal officer's list of candidates (`store::duplicate_review`).

use super::sql::Sql;
use super::{Result, Store};
use nivaran_domain::Timestamp;
use nivaran_domain::duplicates::{Candidate, Petition, TextFeatures, compare};
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::sync::Arc;

/// Cases disposed of within this many days are still compared (a citizen's repeat).
const RECENT_DAYS: i64 = 30;
/// The district's cases of the same department filed within this many days are compared by
/// their words.
const TEXT_WINDOW_DAYS: i64 = 60;
/// The most cases each way of finding them reads.
const PER_WAY: i64 = 60;
/// The most candidates kept for a case, likeliest first.
pub const MOST: usize = 5;
/// Newer cases the check looks at per transaction.
const BATCH: i64 = 100;
/// A case the check reaches more than this many days after it was filed (an imported
/// history) is passed over.
const FRESH_DAYS: i64 = 3;
/// The check waits this long after a filing before it looks at it: a filing's transaction is
/// committed well within it, so the check never passes over a case committed after a later
/// one (ids are handed out before commit, and on PostgreSQL commits may come out of order).
const SETTLE_MILLIS: i64 = 30_000;
/// Two cases with coordinates within this many metres are at the same place.
pub const WITHIN_M: f64 = 250.0;

const COMPARED_COLUMNS: &str = "id, regno, mobile, jurisdiction_id, district_id, category_id, department_id, \
    latitude, longitude, subject, description, status, channel, filed_at, duplicate_of";

/// A case as the check compares it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(super) struct Compared {
    pub id: i64,
    pub regno: Option<String>,
    pub mobile: String,
    pub jurisdiction_id: i64,
    pub district_id: Option<i64>,
    pub category_id: i64,
    pub department_id: i64,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub subject: String,
    pub description: String,
    pub status: String,
    pub channel: String,
    pub filed_at: i64,
    pub duplicate_of: Option<i64>,
}

impl Compared {
    fn text(&self) -> String {
        format!("{} {}", self.subject, self.description)
    }

    fn disposed(&self) -> bool {
        matches!(self.status.as_str(), "disposed" | "closed")
    }

    fn petition<'a>(&'a self, text: &'a str) -> Petition<'a> {
        Petition {
            mobile: &self.mobile,
            jurisdiction: self.jurisdiction_id,
            category: self.category_id,
            location: self.latitude.zip(self.longitude),
            text,
            disposed: self.disposed(),
        }
    }
}

/// The text features of cases the check worked out lately, kept between its passes: the
/// district's recent cases are compared with every new case of their department, and working
/// out a text's features costs more than comparing them. Bounded, so a long catch-up cannot
/// grow it without end.
#[derive(Default)]
pub(crate) struct KnownFeatures {
    by_case: HashMap<i64, Arc<TextFeatures>>,
}

impl KnownFeatures {
    /// Cases whose features are kept at most (a few kilobytes each).
    const MOST: usize = 30_000;

    fn features_of(&mut self, case: i64, text: &str) -> Arc<TextFeatures> {
        if let Some(known) = self.by_case.get(&case) {
            return known.clone();
        }
        if self.by_case.len() >= Self::MOST {
            self.by_case.clear();
        }
        let features = Arc::new(TextFeatures::of(text));
        self.by_case.insert(case, features.clone());
        features
    }
}

/// What the cases to compare are found by.
pub(super) struct Probe {
    /// `None` when the caller may not match by number (the public, before filing).
    pub mobile: Option<String>,
    pub jurisdiction_id: i64,
    pub district_id: Option<i64>,
    pub category_id: i64,
    pub department_id: i64,
    pub location: Option<(f64, f64)>,
    pub text: String,
    /// Only cases filed before this one (the check looks back, never forward).
    pub before_id: Option<i64>,
}

/// The open cases, and those disposed of recently, that `probe` may be a duplicate of,
/// likeliest first (at most [`MOST`]).
pub(super) async fn candidates_for(
    conn: &mut AnyConnection,
    probe: &Probe,
    now: Timestamp,
    known: &mut KnownFeatures,
) -> Result<Vec<(Compared, Candidate)>> {
    let recent = now.plus_days(-RECENT_DAYS).0;
    let before = probe.before_id.unwrap_or(i64::MAX);
    let mut found: Vec<Compared> = Vec::new();
    let mut read = |rows: Vec<Compared>| {
        for row in rows {
            if row.duplicate_of.is_none() && !found.iter().any(|f| f.id == row.id) {
                found.push(row);
            }
        }
    };
    // The same number: its open cases and those disposed of lately (a repeat).
    if let Some(mobile) = &probe.mobile {
        let sql = format!(
            "SELECT {COMPARED_COLUMNS} FROM grievances WHERE mobile = $1 AND id < $2 \
             AND (status NOT IN ('disposed', 'closed') OR disposed_at >= $3) ORDER BY id DESC LIMIT $4"
        );
        read(
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(mobile.clone())
                .bind(before)
                .bind(recent)
                .bind(PER_WAY)
                .fetch_all(&mut *conn)
                .await?,
        );
    }
    // The same category at the same place, and the district's recent cases of the department
    // (for their words and, with coordinates, their distance): both walk the open cases of the
    // department in the district newest first (`grievances_open_department`).
    if let Some(district) = probe.district_id {
        // Both walk the department's open cases in the district, newest first, from `before`.
        let walk = |narrower: &str| {
            let mut sql = Sql::new(&format!(
                "SELECT {COMPARED_COLUMNS} FROM grievances WHERE district_id = "
            ));
            sql.bind(district)
                .push(" AND department_id = ")
                .bind(probe.department_id)
                .push(" AND status NOT IN ('disposed', 'closed') AND id < ")
                .bind(before)
                .push(narrower);
            sql
        };
        let mut same_place = walk(" AND jurisdiction_id = ");
        same_place
            .bind(probe.jurisdiction_id)
            .push(" AND category_id = ")
            .bind(probe.category_id);
        let mut recent = walk(" AND filed_at >= ");
        recent.bind(now.plus_days(-TEXT_WINDOW_DAYS).0);
        for mut sql in [same_place, recent] {
            sql.push(" ORDER BY id DESC LIMIT ").bind(PER_WAY);
            let (text, args) = sql.into_parts();
            read(
                sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
                    .fetch_all(&mut *conn)
                    .await?,
            );
        }
    } else {
        // A place outside every district (a state-level office's own area): its open cases of
        // the category.
        let sql = format!(
            "SELECT {COMPARED_COLUMNS} FROM grievances WHERE jurisdiction_id = $1 AND category_id = $2 \
             AND status NOT IN ('disposed', 'closed') AND id < $3 ORDER BY id DESC LIMIT $4"
        );
        read(
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(probe.jurisdiction_id)
                .bind(probe.category_id)
                .bind(before)
                .bind(PER_WAY)
                .fetch_all(&mut *conn)
                .await?,
        );
    }
    // A case being checked is a candidate for those filed after it: its features are kept.
    let text = match probe.before_id {
        Some(id) => known.features_of(id, &probe.text),
        None => Arc::new(TextFeatures::of(&probe.text)),
    };
    let new = Petition {
        mobile: probe.mobile.as_deref().unwrap_or(""),
        jurisdiction: probe.jurisdiction_id,
        category: probe.category_id,
        location: probe.location,
        text: &probe.text,
        disposed: false,
    };
    let mut out: Vec<(Compared, Candidate)> = found
        .into_iter()
        .filter_map(|earlier| {
            let earlier_text = earlier.text();
            let features = known.features_of(earlier.id, &earlier_text);
            let candidate = compare(
                &new,
                &text,
                &earlier.petition(&earlier_text),
                &features,
                WITHIN_M,
            )?;
            Some((earlier, candidate))
        })
        .collect();
    out.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(b.0.id.cmp(&a.0.id)));
    out.truncate(MOST);
    Ok(out)
}

/// What one run of the check did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DuplicateCheckReport {
    /// Newer cases looked at.
    pub checked: usize,
    /// Candidates found among them.
    pub found: usize,
    /// The run stopped at its time limit with newer cases still to check.
    pub more_left: bool,
}

impl Store {
    /// Looks at every case filed since the last run (on any channel, by any door) and records
    /// its likely duplicates, for at most `limit` when one is given (the rest are left for the
    /// next run). Its position is stored with what it found, in one transaction: a case is
    /// checked once, whichever node's worker gets there, and none is missed.
    pub async fn run_duplicate_check(
        &self,
        limit: Option<std::time::Duration>,
    ) -> Result<DuplicateCheckReport> {
        let started = std::time::Instant::now();
        let mut known = std::mem::take(&mut *self.known_features.lock().expect("not poisoned"));
        let report = self.check_newer_cases(limit, started, &mut known).await;
        // Kept for the next pass, even after an error (what it holds is still true).
        *self.known_features.lock().expect("not poisoned") = known;
        report
    }

    async fn check_newer_cases(
        &self,
        limit: Option<std::time::Duration>,
        started: std::time::Instant,
        known: &mut KnownFeatures,
    ) -> Result<DuplicateCheckReport> {
        let mut report = DuplicateCheckReport::default();
        loop {
            let now = self.now();
            // Read and compare without the write lock (on SQLite it would hold up every filing
            // while a batch is compared); then write the findings and move the position in one
            // short transaction, only if no other node moved it meanwhile.
            let mut conn = self.pool().acquire().await?;
            let last: i64 = sqlx::query_scalar("SELECT last_id FROM duplicate_check WHERE id = 1")
                .fetch_optional(&mut *conn)
                .await?
                .unwrap_or(0);
            let sql = format!(
                "SELECT {COMPARED_COLUMNS} FROM grievances WHERE id > $1 ORDER BY id LIMIT $2"
            );
            let newer: Vec<Compared> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(last)
                .bind(BATCH)
                .fetch_all(&mut *conn)
                .await?;
            // Up to the first case too new to be sure every earlier one is committed.
            let settled: Vec<&Compared> = newer
                .iter()
                .take_while(|c| c.filed_at <= now.0 - SETTLE_MILLIS)
                .collect();
            let Some(end) = settled.last().map(|c| c.id) else {
                break;
            };
            if limit.is_some_and(|limit| started.elapsed() >= limit) {
                report.more_left = true;
                break;
            }
            let mut found: Vec<(&Compared, i64, Candidate)> = Vec::new();
            for case in settled.iter().copied() {
                if case.filed_at < now.plus_days(-FRESH_DAYS).0 {
                    continue;
                }
                report.checked += 1;
                let probe = Probe {
                    // A case filed with no number has none to share.
                    mobile: Some(case.mobile.clone()).filter(|m| !m.is_empty()),
                    jurisdiction_id: case.jurisdiction_id,
                    district_id: case.district_id,
                    category_id: case.category_id,
                    department_id: case.department_id,
                    location: case.latitude.zip(case.longitude),
                    text: case.text(),
                    before_id: Some(case.id),
                };
                for (original, candidate) in candidates_for(&mut conn, &probe, now, known).await? {
                    found.push((case, original.id, candidate));
                }
            }
            drop(conn);
            let mut tx = self.begin_write().await?;
            let moved = sqlx::query(
                "UPDATE duplicate_check SET last_id = $1 WHERE id = 1 AND last_id = $2",
            )
            .bind(end)
            .bind(last)
            .execute(&mut *tx)
            .await?;
            if moved.rows_affected() == 0 {
                // Another node's worker checked these meanwhile: its findings stand.
                drop(tx);
                break;
            }
            for (case, original, candidate) in &found {
                let reasons: Vec<&str> = candidate.reasons.iter().map(|r| r.code()).collect();
                sqlx::query(
                    "INSERT INTO duplicate_candidates (grievance_id, original_id, reasons, score_millis, \
                     channel, district_id, found_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open') \
                     ON CONFLICT (grievance_id, original_id) DO NOTHING",
                )
                .bind(case.id)
                .bind(*original)
                .bind(reasons.join(" "))
                .bind((candidate.score * 1000.0).round() as i64)
                .bind(case.channel.clone())
                .bind(case.district_id)
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            report.found += found.len();
            if (newer.len() as i64) < BATCH || end != newer.last().map_or(end, |c| c.id) {
                break;
            }
        }
        Ok(report)
    }
}
