//! Each figure as one SQL condition on a case (`metric_condition`), and the four sets of cases
//! the figures count among, each read through an index of its own (`set_index`,
//! `set_condition`): the count and the list behind it use the same condition, so they cannot
//! disagree.

use super::*;

/// The audit findings that flag a case (and count against its office).
pub(super) const FLAGGING_FINDINGS: &str = "('fake_disposal', 'stalling')";

/// A grievance linked as another's duplicate is counted once, as the original: what it leaves
/// out of the cases received (closed as a duplicate, it is neither open nor disposed of). The
/// linked duplicates are few; the set is read once per statement.
pub(super) const COUNTED_ONCE: &str =
    " AND g.id NOT IN (SELECT d.id FROM grievances d WHERE d.duplicate_of IS NOT NULL)";

/// The index a set of cases is read through (migration 9), if one covers it.
pub(super) fn set_index(set: CaseSet) -> Option<&'static str> {
    match set {
        CaseSet::Received => Some("grievances_filed_stats"),
        CaseSet::Disposed => Some("grievances_disposed_stats"),
        CaseSet::Open => Some("grievances_open_stats"),
        CaseSet::Flagged => None,
    }
}

/// A set's WHERE clause: the cases it holds in the window.
pub(super) fn set_condition(sql: &mut Sql, set: CaseSet, w: Window<'_>) {
    match set {
        CaseSet::Received => {
            sql.push(" WHERE g.filed_at >= ")
                .bind(w.from)
                .push(" AND g.filed_at < ")
                .bind(w.to)
                .push(COUNTED_ONCE);
        }
        CaseSet::Disposed => {
            sql.push(" WHERE g.disposed_at >= ")
                .bind(w.from)
                .push(" AND g.disposed_at < ")
                .bind(w.to)
                .push(" AND g.filed_at < ")
                .bind(w.to);
        }
        CaseSet::Open => {
            // Written out as in the partial index's WHERE, so that both engines use it.
            sql.push(" WHERE g.status NOT IN ('disposed', 'closed') AND g.filed_at < ")
                .bind(w.to);
        }
        CaseSet::Flagged => {
            sql.push(" WHERE g.id IN (SELECT a.grievance_id FROM audits a WHERE a.finding IN ")
                .push(FLAGGING_FINDINGS)
                .push(" AND a.decided_at >= ")
                .bind(w.from)
                .push(" AND a.decided_at < ")
                .bind(w.to)
                .push(") AND g.filed_at < ")
                .bind(w.to);
        }
    }
}

/// The instants a metric's condition needs, and the categories under Right to Service.
#[derive(Debug, Clone, Copy)]
pub(super) struct Window<'a> {
    pub from: i64,
    pub to: i64,
    pub now: i64,
    pub rts: &'a [i64],
}

/// Adds `AND (the condition for metric)` on alias `g`.
pub(super) fn metric_condition(sql: &mut Sql, metric: Metric, w: Window<'_>) {
    metric_condition_in(sql, metric, w, false)
}

/// The condition for `metric`; with `in_its_set`, the caller has already kept to the metric's
/// set of cases (the dashboard's WHERE: received, disposed of or open in the window, or
/// flagged), and the part of the condition that says so is left out: it would be tested again
/// on every row for nothing.
pub(super) fn metric_condition_in(sql: &mut Sql, metric: Metric, w: Window<'_>, in_its_set: bool) {
    // The set's own condition, or nothing where the caller's WHERE already says it.
    let set_part = |sql: &mut Sql, condition: &dyn Fn(&mut Sql)| {
        if in_its_set {
            sql.push("1 = 1");
        } else {
            condition(sql);
        }
    };
    let disposed = |sql: &mut Sql| {
        set_part(sql, &|sql: &mut Sql| {
            sql.push("g.disposed_at >= ")
                .bind(w.from)
                .push(" AND g.disposed_at < ")
                .bind(w.to);
        })
    };
    let pending = |sql: &mut Sql| {
        set_part(sql, &|sql: &mut Sql| {
            sql.push("g.status NOT IN ('disposed', 'closed') AND g.filed_at < ")
                .bind(w.to);
        })
    };
    let received = |sql: &mut Sql| {
        set_part(sql, &|sql: &mut Sql| {
            sql.push("g.filed_at >= ")
                .bind(w.from)
                .push(" AND g.filed_at < ")
                .bind(w.to)
                .push(COUNTED_ONCE);
        })
    };
    // Overdue by at least `min` whole days and fewer than `max`.
    let overdue_between = |sql: &mut Sql, min: i64, max: Option<i64>| {
        pending(sql);
        // A case waiting for the citizen's clarification has its deadline paused.
        sql.push(" AND g.status <> ")
            .push(crate::store::PAUSED_STATUS);
        if min == 0 {
            // Past the deadline at all: strictly before now.
            sql.push(" AND g.due_at < ").bind(w.now);
        } else {
            sql.push(" AND g.due_at <= ").bind(w.now - min * DAY_MS);
        }
        if let Some(max) = max {
            sql.push(" AND g.due_at > ").bind(w.now - max * DAY_MS);
        }
    };
    sql.push(" AND (");
    match metric {
        Metric::Received => received(sql),
        Metric::Disposed => disposed(sql),
        Metric::Pending => pending(sql),
        Metric::Overdue => overdue_between(sql, 0, None),
        Metric::Overdue0To7 => overdue_between(sql, 0, Some(8)),
        Metric::Overdue8To21 => overdue_between(sql, 8, Some(22)),
        Metric::Overdue22To50 => overdue_between(sql, 22, Some(51)),
        Metric::Overdue51To100 => overdue_between(sql, 51, Some(101)),
        Metric::OverdueOver100 => overdue_between(sql, 101, None),
        Metric::DisposedInTime => {
            disposed(sql);
            sql.push(" AND g.disposed_at <= g.due_at");
        }
        Metric::DisposedLate => {
            disposed(sql);
            sql.push(" AND g.disposed_at > g.due_at");
        }
        Metric::AtrUploaded => {
            disposed(sql);
            sql.push(" AND g.atr_submitted = 1");
        }
        Metric::Relief => {
            disposed(sql);
            sql.push(" AND g.disposal = 'relief'");
        }
        Metric::Verified => {
            disposed(sql);
            sql.push(" AND g.verification IN ('satisfied', 'not_satisfied')");
        }
        Metric::Satisfied => {
            disposed(sql);
            sql.push(" AND g.verification = 'satisfied'");
        }
        Metric::NotSatisfied => {
            disposed(sql);
            sql.push(" AND g.verification = 'not_satisfied'");
        }
        Metric::AuditFlagged if in_its_set => {
            sql.push("1 = 1");
        }
        Metric::AuditFlagged => {
            sql.push(
                "EXISTS (SELECT 1 FROM audits a WHERE a.grievance_id = g.id AND a.finding IN ",
            )
            .push(FLAGGING_FINDINGS)
            .push(" AND a.decided_at >= ")
            .bind(w.from)
            .push(" AND a.decided_at < ")
            .bind(w.to)
            .push(")");
        }
        Metric::Reopened => {
            received(sql);
            sql.push(" AND g.reopen_count > 0");
        }
        Metric::EtaDeclared => {
            disposed(sql);
            sql.push(" AND g.eta IS NOT NULL");
        }
        Metric::EtaKept => {
            disposed(sql);
            sql.push(" AND g.eta IS NOT NULL AND g.disposed_at <= g.eta");
        }
        // Like "overdue", a case waiting for the citizen's clarification is not held against
        // its officer.
        Metric::RtsDisposed | Metric::RtsInTime => {
            disposed(sql);
            sql.push(" AND g.category_id IN ").bind_in(w.rts);
            if metric == Metric::RtsInTime {
                sql.push(" AND g.disposed_at <= g.due_at");
            }
        }
        Metric::SocialReceived | Metric::SocialAnswered => {
            received(sql);
            sql.push(" AND g.channel = 'social_media'");
            if metric == Metric::SocialAnswered {
                // Taken up by the office or disposed of: no longer waiting for a first answer.
                sql.push(" AND g.status NOT IN ('received', 'assigned')");
            }
        }
        Metric::InterdepartmentalPending => {
            pending(sql);
            sql.push(" AND g.id IN (SELECT p.grievance_id FROM case_parts p WHERE p.status IN ")
                .push(nivaran_domain::lifecycle::PartStatus::PENDING_SQL)
                .push(")");
        }
        Metric::EtaMissed => {
            pending(sql);
            sql.push(" AND g.status <> ")
                .push(crate::store::PAUSED_STATUS)
                .push(" AND g.eta < ")
                .bind(w.now);
        }
    }
    sql.push(")");
}
