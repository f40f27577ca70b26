//! The registry of what the dashboards count and show. Every place that counts, lists, shows,
//! reports or publishes a figure derives it from here, and every question about a figure is an
//! exhaustive `match`: adding a [`Metric`] or a [`Figure`] and forgetting one place does not
//! compile (before, a figure lived in seven parallel lists matched by position, and forgetting
//! one compiled and silently undercounted).
//!
//! A [`Metric`] is a count of cases: a list a number links to. Each belongs to one [`CaseSet`]
//! (the storage layer reads each set through an index of its own, and writes each metric's
//! condition once, for the count and for its list). A [`Figure`] is what a table shows: a count,
//! a share of two counts, or days; each names the list behind it.

use crate::scoring::Figures;

/// A count of cases, and the list behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    Received,
    Disposed,
    Pending,
    Overdue,
    Overdue0To7,
    Overdue8To21,
    Overdue22To50,
    Overdue51To100,
    OverdueOver100,
    DisposedInTime,
    DisposedLate,
    AtrUploaded,
    Relief,
    Verified,
    Satisfied,
    NotSatisfied,
    AuditFlagged,
    Reopened,
    EtaDeclared,
    EtaKept,
    /// Open now and past the date its officer promised (seed 003: "ETAs missed now").
    EtaMissed,
    /// Disposed in the period, of a Right to Service category (a notified time limit).
    RtsDisposed,
    /// Of those, disposed within the notified time.
    RtsInTime,
    /// Filed in the period through social media (SMGT).
    SocialReceived,
    /// Of those, answered: taken up by the office (accepted) or disposed of.
    SocialAnswered,
    /// Open now with a joint department's part still owing its Action Taken Report (seed
    /// 004: "pending inter-departmental issues").
    InterdepartmentalPending,
}

/// The set of cases a metric counts among (each a condition of its own on time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseSet {
    /// Filed in the period.
    Received,
    /// Disposed of in the period.
    Disposed,
    /// Open now (filed before the period's end).
    Open,
    /// Flagged by an auditor in the period.
    Flagged,
}

impl CaseSet {
    pub const ALL: [CaseSet; 4] = [
        CaseSet::Received,
        CaseSet::Disposed,
        CaseSet::Open,
        CaseSet::Flagged,
    ];

    /// The metrics counted among this set, in registry order.
    pub fn metrics(self) -> impl Iterator<Item = Metric> {
        Metric::ALL.into_iter().filter(move |m| m.set() == self)
    }
}

impl Metric {
    pub const ALL: [Metric; 26] = [
        Metric::Received,
        Metric::Disposed,
        Metric::Pending,
        Metric::Overdue,
        Metric::Overdue0To7,
        Metric::Overdue8To21,
        Metric::Overdue22To50,
        Metric::Overdue51To100,
        Metric::OverdueOver100,
        Metric::DisposedInTime,
        Metric::DisposedLate,
        Metric::AtrUploaded,
        Metric::Relief,
        Metric::Verified,
        Metric::Satisfied,
        Metric::NotSatisfied,
        Metric::AuditFlagged,
        Metric::Reopened,
        Metric::EtaDeclared,
        Metric::EtaKept,
        Metric::EtaMissed,
        Metric::RtsDisposed,
        Metric::RtsInTime,
        Metric::SocialReceived,
        Metric::SocialAnswered,
        Metric::InterdepartmentalPending,
    ];

    /// The code lists and links use (`metric=overdue_8_21`).
    pub fn code(self) -> &'static str {
        match self {
            Metric::Received => "received",
            Metric::Disposed => "disposed",
            Metric::Pending => "pending",
            Metric::Overdue => "overdue",
            Metric::Overdue0To7 => "overdue_0_7",
            Metric::Overdue8To21 => "overdue_8_21",
            Metric::Overdue22To50 => "overdue_22_50",
            Metric::Overdue51To100 => "overdue_51_100",
            Metric::OverdueOver100 => "overdue_over_100",
            Metric::DisposedInTime => "disposed_in_time",
            Metric::DisposedLate => "disposed_late",
            Metric::AtrUploaded => "atr_uploaded",
            Metric::Relief => "relief",
            Metric::Verified => "verified",
            Metric::Satisfied => "satisfied",
            Metric::NotSatisfied => "not_satisfied",
            Metric::AuditFlagged => "audit_flagged",
            Metric::Reopened => "reopened",
            Metric::EtaDeclared => "eta_declared",
            Metric::EtaKept => "eta_kept",
            Metric::EtaMissed => "eta_missed",
            Metric::RtsDisposed => "rts_disposed",
            Metric::RtsInTime => "rts_in_time",
            Metric::SocialReceived => "social_received",
            Metric::SocialAnswered => "social_answered",
            Metric::InterdepartmentalPending => "interdepartmental_pending",
        }
    }

    pub fn parse(code: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Every code, for an error message.
    pub fn codes() -> String {
        Metric::ALL.map(Metric::code).join(", ")
    }

    pub fn set(self) -> CaseSet {
        match self {
            Metric::Received
            | Metric::Reopened
            | Metric::SocialReceived
            | Metric::SocialAnswered => CaseSet::Received,
            Metric::Disposed
            | Metric::DisposedInTime
            | Metric::DisposedLate
            | Metric::AtrUploaded
            | Metric::Relief
            | Metric::Verified
            | Metric::Satisfied
            | Metric::NotSatisfied
            | Metric::EtaDeclared
            | Metric::EtaKept
            | Metric::RtsDisposed
            | Metric::RtsInTime => CaseSet::Disposed,
            Metric::Pending
            | Metric::Overdue
            | Metric::Overdue0To7
            | Metric::Overdue8To21
            | Metric::Overdue22To50
            | Metric::Overdue51To100
            | Metric::OverdueOver100
            | Metric::EtaMissed
            | Metric::InterdepartmentalPending => CaseSet::Open,
            Metric::AuditFlagged => CaseSet::Flagged,
        }
    }

    /// The message naming the metric's list (its page title).
    pub fn message_key(self) -> &'static str {
        match self {
            Metric::Received => "metric-received",
            Metric::Disposed => "metric-disposed",
            Metric::Pending => "metric-pending",
            Metric::Overdue => "metric-overdue",
            Metric::Overdue0To7 => "metric-overdue-0-7",
            Metric::Overdue8To21 => "metric-overdue-8-21",
            Metric::Overdue22To50 => "metric-overdue-22-50",
            Metric::Overdue51To100 => "metric-overdue-51-100",
            Metric::OverdueOver100 => "metric-overdue-over-100",
            Metric::DisposedInTime => "metric-disposed-in-time",
            Metric::DisposedLate => "metric-disposed-late",
            Metric::AtrUploaded => "metric-atr-uploaded",
            Metric::Relief => "metric-relief",
            Metric::Verified => "metric-verified",
            Metric::Satisfied => "metric-satisfied",
            Metric::NotSatisfied => "metric-not-satisfied",
            Metric::AuditFlagged => "metric-audit-flagged",
            Metric::Reopened => "metric-reopened",
            Metric::EtaDeclared => "metric-eta-declared",
            Metric::EtaKept => "metric-eta-kept",
            Metric::EtaMissed => "metric-eta-missed",
            Metric::RtsDisposed => "metric-rts-disposed",
            Metric::RtsInTime => "metric-rts-in-time",
            Metric::SocialReceived => "metric-social-received",
            Metric::SocialAnswered => "metric-social-answered",
            Metric::InterdepartmentalPending => "metric-interdepartmental-pending",
        }
    }

    /// The metric's count in `f`.
    pub fn count(self, f: &Figures) -> i64 {
        let mut copy = *f;
        *self.count_mut(&mut copy)
    }

    /// Where the metric's count lives in `f`.
    pub fn count_mut(self, f: &mut Figures) -> &mut i64 {
        match self {
            Metric::Received => &mut f.received,
            Metric::Disposed => &mut f.disposed,
            Metric::Pending => &mut f.pending,
            Metric::Overdue => &mut f.overdue,
            Metric::Overdue0To7 => &mut f.overdue_by_age[0],
            Metric::Overdue8To21 => &mut f.overdue_by_age[1],
            Metric::Overdue22To50 => &mut f.overdue_by_age[2],
            Metric::Overdue51To100 => &mut f.overdue_by_age[3],
            Metric::OverdueOver100 => &mut f.overdue_by_age[4],
            Metric::DisposedInTime => &mut f.disposed_in_time,
            Metric::DisposedLate => &mut f.disposed_late,
            Metric::AtrUploaded => &mut f.atr_uploaded,
            Metric::Relief => &mut f.relief,
            Metric::Verified => &mut f.verified,
            Metric::Satisfied => &mut f.satisfied,
            Metric::NotSatisfied => &mut f.not_satisfied,
            Metric::AuditFlagged => &mut f.audit_flagged,
            Metric::Reopened => &mut f.reopened,
            Metric::EtaDeclared => &mut f.eta_declared,
            Metric::EtaKept => &mut f.eta_kept,
            Metric::EtaMissed => &mut f.eta_missed,
            Metric::RtsDisposed => &mut f.rts_disposed,
            Metric::RtsInTime => &mut f.rts_in_time,
            Metric::SocialReceived => &mut f.social_received,
            Metric::SocialAnswered => &mut f.social_answered,
            Metric::InterdepartmentalPending => &mut f.interdepartmental_pending,
        }
    }
}

/// A figure as a table shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Figure {
    Received,
    Disposed,
    Pending,
    Overdue,
    Age0To7,
    Age8To21,
    Age22To50,
    Age51To100,
    AgeOver100,
    DisposalRate,
    AverageDays,
    InTime,
    AtrShare,
    ReliefShare,
    Satisfaction,
    ReopenRate,
    EtaKept,
    EtaMissed,
    /// Right to Service cases disposed of within the notified time (seed 001).
    RtsInTime,
    /// Social-media cases answered (seed 001).
    SocialAnswered,
    /// Joint cases with a department's part pending (seed 004).
    InterdepartmentalPending,
}

/// A figure's value for one row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FigureValue {
    Count(i64),
    /// `part ÷ whole`; `None` when there is nothing to divide.
    Share {
        part: i64,
        whole: i64,
        share: Option<f64>,
    },
    Days(Option<f64>),
}

impl Figure {
    /// Every figure, in the order the dashboard, the reports and the open data show them.
    pub const ALL: [Figure; 21] = [
        Figure::Received,
        Figure::Disposed,
        Figure::Pending,
        Figure::Overdue,
        Figure::Age0To7,
        Figure::Age8To21,
        Figure::Age22To50,
        Figure::Age51To100,
        Figure::AgeOver100,
        Figure::DisposalRate,
        Figure::AverageDays,
        Figure::InTime,
        Figure::AtrShare,
        Figure::ReliefShare,
        Figure::Satisfaction,
        Figure::ReopenRate,
        Figure::EtaKept,
        Figure::EtaMissed,
        Figure::RtsInTime,
        Figure::SocialAnswered,
        Figure::InterdepartmentalPending,
    ];

    /// The message naming the figure (a column heading).
    pub fn message_key(self) -> &'static str {
        match self {
            Figure::Received => "dash-received",
            Figure::Disposed => "dash-disposed",
            Figure::Pending => "dash-pending",
            Figure::Overdue => "dash-overdue",
            Figure::Age0To7 => "dash-age-0-7",
            Figure::Age8To21 => "dash-age-8-21",
            Figure::Age22To50 => "dash-age-22-50",
            Figure::Age51To100 => "dash-age-51-100",
            Figure::AgeOver100 => "dash-age-over-100",
            Figure::DisposalRate => "dash-disposal-rate",
            Figure::AverageDays => "dash-average-days",
            Figure::InTime => "dash-in-time",
            Figure::AtrShare => "dash-atr",
            Figure::ReliefShare => "dash-relief",
            Figure::Satisfaction => "dash-satisfaction",
            Figure::ReopenRate => "dash-reopen-rate",
            Figure::EtaKept => "dash-eta-kept",
            Figure::EtaMissed => "dash-eta-missed",
            Figure::RtsInTime => "dash-rts-in-time",
            Figure::SocialAnswered => "dash-social-answered",
            Figure::InterdepartmentalPending => "dash-interdepartmental",
        }
    }

    /// The list of cases behind the figure (for a share, its part).
    pub fn metric(self) -> Metric {
        match self {
            Figure::Received => Metric::Received,
            Figure::Disposed | Figure::DisposalRate | Figure::AverageDays => Metric::Disposed,
            Figure::Pending => Metric::Pending,
            Figure::Overdue => Metric::Overdue,
            Figure::Age0To7 => Metric::Overdue0To7,
            Figure::Age8To21 => Metric::Overdue8To21,
            Figure::Age22To50 => Metric::Overdue22To50,
            Figure::Age51To100 => Metric::Overdue51To100,
            Figure::AgeOver100 => Metric::OverdueOver100,
            Figure::InTime => Metric::DisposedInTime,
            Figure::AtrShare => Metric::AtrUploaded,
            Figure::ReliefShare => Metric::Relief,
            Figure::Satisfaction => Metric::Satisfied,
            Figure::ReopenRate => Metric::Reopened,
            Figure::EtaKept => Metric::EtaKept,
            Figure::EtaMissed => Metric::EtaMissed,
            Figure::RtsInTime => Metric::RtsInTime,
            Figure::SocialAnswered => Metric::SocialAnswered,
            Figure::InterdepartmentalPending => Metric::InterdepartmentalPending,
        }
    }

    pub fn value(self, f: &Figures) -> FigureValue {
        let share =
            |part: i64, whole: i64, share: Option<f64>| FigureValue::Share { part, whole, share };
        match self {
            Figure::DisposalRate => share(f.disposed, f.received, f.disposal_rate()),
            Figure::AverageDays => FigureValue::Days(f.average_disposal_days()),
            Figure::InTime => share(f.disposed_in_time, f.disposed, f.in_time_rate()),
            Figure::AtrShare => share(f.atr_uploaded, f.disposed, f.atr_rate()),
            Figure::ReliefShare => share(f.relief, f.disposed, f.relief_rate()),
            Figure::Satisfaction => share(f.satisfied, f.verified, f.satisfaction_rate()),
            Figure::ReopenRate => share(f.reopened, f.received, f.reopen_rate()),
            Figure::EtaKept => share(f.eta_kept, f.eta_judged(), f.eta_kept_rate()),
            Figure::RtsInTime => share(f.rts_in_time, f.rts_disposed, f.rts_in_time_rate()),
            Figure::SocialAnswered => share(
                f.social_answered,
                f.social_received,
                f.social_answered_rate(),
            ),
            Figure::Received
            | Figure::Disposed
            | Figure::Pending
            | Figure::Overdue
            | Figure::Age0To7
            | Figure::Age8To21
            | Figure::Age22To50
            | Figure::Age51To100
            | Figure::AgeOver100
            | Figure::EtaMissed
            | Figure::InterdepartmentalPending => FigureValue::Count(self.metric().count(f)),
        }
    }

    /// Its column in the review report's department table (the first four age buckets are left
    /// out there, the summary has them, so that the table fits a landscape page).
    pub fn in_report_table(self) -> bool {
        // The portals' own shares are in the report's table of portals.
        !matches!(
            self,
            Figure::Age0To7
                | Figure::Age8To21
                | Figure::Age22To50
                | Figure::Age51To100
                | Figure::RtsInTime
                | Figure::SocialAnswered
        )
    }

    /// Its name in the published open data (CSV columns, JSON fields), if it is published.
    pub fn open_data_name(self) -> Option<&'static str> {
        match self {
            Figure::Received => Some("received"),
            Figure::Disposed => Some("disposed"),
            Figure::Pending => Some("pending"),
            Figure::Overdue => Some("overdue"),
            Figure::AgeOver100 => Some("overdue_over_100_days"),
            Figure::DisposalRate => Some("disposal_rate_percent"),
            Figure::AverageDays => Some("average_disposal_days"),
            Figure::InTime => Some("disposed_in_time_percent"),
            Figure::ReliefShare => Some("relief_percent"),
            Figure::Satisfaction => Some("satisfaction_percent"),
            Figure::Age0To7
            | Figure::Age8To21
            | Figure::Age22To50
            | Figure::Age51To100
            | Figure::AtrShare
            | Figure::ReopenRate
            | Figure::EtaKept
            | Figure::EtaMissed
            | Figure::RtsInTime
            | Figure::SocialAnswered
            | Figure::InterdepartmentalPending => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_has_its_own_code_and_place_in_the_figures() {
        let mut f = Figures::default();
        for (i, m) in Metric::ALL.into_iter().enumerate() {
            *m.count_mut(&mut f) = i as i64 + 1;
        }
        for (i, m) in Metric::ALL.into_iter().enumerate() {
            assert_eq!(m.count(&f), i as i64 + 1, "{m:?} shares a field");
            assert_eq!(Metric::parse(m.code()), Some(m));
        }
        let sets: usize = CaseSet::ALL.iter().map(|s| s.metrics().count()).sum();
        assert_eq!(sets, Metric::ALL.len());
    }
}
