//! What officials measure, and the score and grade they rank by.
//!
//! [`Figures`] are counts of cases (each one a list a reviewer can open); the ratios are derived
//! from them here and nowhere else, so a dashboard, a report and a ranking cannot disagree about
//! what "satisfaction %" means. The score is a weighted formula modelled on the MP CM Helpline
//! grading (closed with satisfaction 60, old cases resolved 20, low-quality closures 10,
//! non-attended 10): each part is a share between 0 and 1 times its weight.

use serde::{Deserialize, Serialize};

/// Counts of cases for one place (or office, department, …) and period. Every field is the size
/// of a list of cases a dashboard links to; see the storage layer's metric definitions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Filed in the period.
    pub received: i64,
    /// Disposed of in the period (the current disposal).
    pub disposed: i64,
    /// Open now (filed before the period's end).
    pub pending: i64,
    /// Open now and past the deadline.
    pub overdue: i64,
    /// Overdue by 0–7, 8–21, 22–50, 51–100 and over 100 days.
    pub overdue_by_age: [i64; 5],
    /// Disposed in the period on or before the deadline.
    pub disposed_in_time: i64,
    /// Disposed in the period after the deadline had passed.
    pub disposed_late: i64,
    /// Disposed in the period with an Action Taken Report.
    pub atr_uploaded: i64,
    /// Disposed in the period with relief given.
    pub relief: i64,
    /// Disposed in the period and verified by a call (satisfied or not).
    pub verified: i64,
    pub satisfied: i64,
    /// Disposed in the period, and the citizen said they were not satisfied.
    pub not_satisfied: i64,
    /// Audited in the period and found a fake disposal or stalling.
    pub audit_flagged: i64,
    /// Filed in the period and reopened at least once.
    pub reopened: i64,
    /// Disposed in the period with an ETA declared, and of those on or before it.
    pub eta_declared: i64,
    pub eta_kept: i64,
    /// Open now and past the ETA its officer declared.
    pub eta_missed: i64,
    /// Disposed in the period of a Right to Service category, and of those within the
    /// notified time (the deadline).
    pub rts_disposed: i64,
    pub rts_in_time: i64,
    /// Filed in the period through social media, and of those answered (accepted or disposed).
    pub social_received: i64,
    pub social_answered: i64,
    /// Open now with a joint department's part pending.
    pub interdepartmental_pending: i64,
    /// Sum of the disposal times (filing to disposal) of the disposed cases, in days.
    pub disposal_days_total: f64,
}

/// `part ÷ whole` as a share, or `None` when there is nothing to divide.
pub fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl Figures {
    pub fn add(&mut self, other: &Figures) {
        for metric in crate::metrics::Metric::ALL {
            *metric.count_mut(self) += metric.count(other);
        }
        self.disposal_days_total += other.disposal_days_total;
    }

    /// Disposed ÷ received.
    pub fn disposal_rate(&self) -> Option<f64> {
        share(self.disposed, self.received)
    }

    pub fn average_disposal_days(&self) -> Option<f64> {
        (self.disposed > 0).then(|| self.disposal_days_total / self.disposed as f64)
    }

    pub fn in_time_rate(&self) -> Option<f64> {
        share(self.disposed_in_time, self.disposed)
    }

    pub fn atr_rate(&self) -> Option<f64> {
        share(self.atr_uploaded, self.disposed)
    }

    /// Relief ÷ disposed.
    pub fn relief_rate(&self) -> Option<f64> {
        share(self.relief, self.disposed)
    }

    /// Satisfied ÷ verified (Rajasthan: 4,222 ÷ 6,311 = 66.90%).
    pub fn satisfaction_rate(&self) -> Option<f64> {
        share(self.satisfied, self.verified)
    }

    /// Reopened ÷ received.
    pub fn reopen_rate(&self) -> Option<f64> {
        share(self.reopened, self.received)
    }

    /// RTS cases disposed within the notified time ÷ RTS cases disposed.
    pub fn rts_in_time_rate(&self) -> Option<f64> {
        share(self.rts_in_time, self.rts_disposed)
    }

    /// Social-media cases answered ÷ received.
    pub fn social_answered_rate(&self) -> Option<f64> {
        share(self.social_answered, self.social_received)
    }

    /// The promises that can be judged: disposed of with an ETA, and open past their ETA.
    pub fn eta_judged(&self) -> i64 {
        self.eta_declared + self.eta_missed
    }

    /// ETAs kept ÷ ETAs judged, over open and disposed cases: an ETA still running is neither
    /// kept nor missed yet.
    pub fn eta_kept_rate(&self) -> Option<f64> {
        share(self.eta_kept, self.eta_judged())
    }
}

/// The weights of the score's four parts (they need not add up to 100: the score is scaled to
/// 100 over the parts that could be measured).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ScoreFormula {
    /// Satisfied ÷ verified.
    pub satisfaction: f64,
    /// Of the cases that ran past their deadline, the share disposed of:
    /// disposed late ÷ (disposed late + overdue now).
    pub old_cases_resolved: f64,
    /// 1 − poor disposals ÷ disposed, where poor is the citizen not satisfied or an auditor's
    /// finding of a fake disposal or stalling (at most 1).
    pub quality: f64,
    /// 1 − overdue ÷ pending: the cases attended to in time.
    pub attended: f64,
    /// ETAs kept ÷ ETAs judged (the officer's own promises, seed 003); 0 leaves it out.
    pub eta_kept: f64,
    /// Points taken off an officer's score in the ranking for each adverse outcome of a
    /// disciplinary record (censure or penalty) dated in the period (seed 002); 0 leaves
    /// disciplinary records out of rankings.
    pub disciplinary: f64,
    /// The lowest score of grades A, B and C; below the last is D.
    pub grade_a: f64,
    pub grade_b: f64,
    pub grade_c: f64,
}

impl Default for ScoreFormula {
    fn default() -> Self {
        ScoreFormula {
            satisfaction: 60.0,
            old_cases_resolved: 20.0,
            quality: 10.0,
            attended: 10.0,
            eta_kept: 0.0,
            disciplinary: 0.0,
            grade_a: 80.0,
            grade_b: 60.0,
            grade_c: 40.0,
        }
    }
}

/// One part of a score, as shown beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScorePart {
    pub code: &'static str,
    pub weight: f64,
    /// The share measured (0–1), or `None` when there was nothing to measure: the part is then
    /// left out and the others are scaled up.
    pub share: Option<f64>,
    /// `share × weight`.
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// 0–100, or `None` when no part could be measured.
    pub value: Option<f64>,
    pub grade: Option<Grade>,
    pub parts: Vec<ScorePart>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
}

impl Grade {
    pub fn letter(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }
}

impl ScoreFormula {
    /// Rejects weights and grade bounds that would make scores meaningless.
    pub fn check(&self) -> Result<(), String> {
        let weights = [
            self.satisfaction,
            self.old_cases_resolved,
            self.quality,
            self.attended,
            self.eta_kept,
        ];
        if weights.iter().any(|w| !w.is_finite() || *w < 0.0) || weights.iter().sum::<f64>() <= 0.0
        {
            return Err("score weights must be zero or more, and not all zero".into());
        }
        if !(0.0..=100.0).contains(&self.disciplinary) {
            return Err("the points per disciplinary outcome must be between 0 and 100".into());
        }
        if !(self.grade_a >= self.grade_b && self.grade_b >= self.grade_c && self.grade_c >= 0.0)
            || self.grade_a > 100.0
        {
            return Err("grade bounds must satisfy 100 ≥ A ≥ B ≥ C ≥ 0".into());
        }
        Ok(())
    }

    pub fn grade(&self, score: f64) -> Grade {
        if score >= self.grade_a {
            Grade::A
        } else if score >= self.grade_b {
            Grade::B
        } else if score >= self.grade_c {
            Grade::C
        } else {
            Grade::D
        }
    }

    /// An officer's score in the ranking: the score less `adverse` disciplinary outcomes at
    /// their configured points each, never below 0.
    pub fn ranking_value(&self, f: &Figures, adverse: i64) -> Option<f64> {
        self.score(f)
            .value
            .map(|v| (v - self.disciplinary * adverse as f64).max(0.0))
    }

    pub fn score(&self, f: &Figures) -> Score {
        let parts_in = [
            ("satisfaction", self.satisfaction, f.satisfaction_rate()),
            (
                "old_cases_resolved",
                self.old_cases_resolved,
                share(f.disposed_late, f.disposed_late + f.overdue),
            ),
            (
                "quality",
                self.quality,
                share(f.not_satisfied + f.audit_flagged, f.disposed).map(|s| 1.0 - s.min(1.0)),
            ),
            (
                "attended",
                self.attended,
                share(f.overdue, f.pending).map(|s| 1.0 - s),
            ),
            ("eta_kept", self.eta_kept, f.eta_kept_rate()),
        ];
        let parts: Vec<ScorePart> = parts_in
            .iter()
            // A part weighed at nothing is not part of the formula (it is not shown either).
            .filter(|(_, weight, _)| *weight > 0.0)
            .map(|(code, weight, share)| ScorePart {
                code,
                weight: *weight,
                share: *share,
                points: share.unwrap_or(0.0) * weight,
            })
            .collect();
        let measured_weight: f64 = parts
            .iter()
            .filter(|p| p.share.is_some())
            .map(|p| p.weight)
            .sum();
        let value = (measured_weight > 0.0)
            .then(|| parts.iter().map(|p| p.points).sum::<f64>() * 100.0 / measured_weight);
        Score {
            value,
            grade: value.map(|v| self.grade(v)),
            parts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures() -> Figures {
        Figures {
            received: 200,
            disposed: 150,
            pending: 80,
            overdue: 20,
            disposed_late: 30,
            verified: 100,
            satisfied: 67,
            not_satisfied: 12,
            audit_flagged: 3,
            ..Default::default()
        }
    }

    #[test]
    fn the_default_formula_matches_a_hand_computed_score() {
        // satisfaction 67/100 × 60 = 40.2; old cases 30/(30+20) × 20 = 12;
        // quality (1 − (12 + 3)/150) × 10 = 9; attended (1 − 20/80) × 10 = 7.5. Total 68.7: grade B.
        let score = ScoreFormula::default().score(&figures());
        let v = score.value.unwrap();
        assert!((v - 68.7).abs() < 1e-9, "{v}");
        assert_eq!(score.grade, Some(Grade::B));
        let points: Vec<f64> = score.parts.iter().map(|p| p.points).collect();
        let expected = [40.2, 12.0, 9.0, 7.5];
        for (got, want) in points.iter().zip(expected) {
            assert!((got - want).abs() < 1e-9, "{points:?}");
        }
    }

    #[test]
    fn parts_with_nothing_to_measure_are_left_out_and_the_rest_scaled() {
        // Nothing verified, nothing late or overdue: satisfaction and old cases are unmeasured;
        // quality (1 − 15/150) × 10 = 9 and attended (1 − 0/80) × 10 = 10 make 19 of 20 = 95.
        let f = Figures {
            verified: 0,
            satisfied: 0,
            disposed_late: 0,
            overdue: 0,
            ..figures()
        };
        let score = ScoreFormula::default().score(&f);
        let v = score.value.unwrap();
        assert!((v - 95.0).abs() < 1e-9, "{v}");
        assert_eq!(score.grade, Some(Grade::A));
        assert!(score.parts[0].share.is_none() && score.parts[1].share.is_none());
        assert!(
            ScoreFormula::default()
                .score(&Figures::default())
                .value
                .is_none()
        );
    }

    #[test]
    fn custom_weights_and_grade_bounds_apply() {
        let formula = ScoreFormula {
            satisfaction: 100.0,
            old_cases_resolved: 0.0,
            quality: 0.0,
            attended: 0.0,
            eta_kept: 0.0,
            disciplinary: 0.0,
            grade_a: 90.0,
            grade_b: 70.0,
            grade_c: 66.0,
        };
        let score = formula.score(&figures());
        assert!((score.value.unwrap() - 67.0).abs() < 1e-9);
        assert_eq!(score.grade, Some(Grade::C));
        assert!(formula.check().is_ok());
        let bad = ScoreFormula {
            grade_a: 50.0,
            grade_b: 60.0,
            ..ScoreFormula::default()
        };
        assert!(bad.check().is_err());
    }

    #[test]
    fn etas_kept_count_over_open_and_disposed_cases_with_their_weight() {
        // 6 disposed by their ETA of 10 disposed with one, and 2 open past theirs: 6 of 12.
        let f = Figures {
            eta_declared: 10,
            eta_kept: 6,
            eta_missed: 2,
            ..figures()
        };
        assert_eq!(f.eta_kept_rate(), Some(0.5));
        let weighed = ScoreFormula {
            eta_kept: 20.0,
            ..ScoreFormula::default()
        };
        let score = weighed.score(&f);
        let part = score.parts.iter().find(|p| p.code == "eta_kept").unwrap();
        assert!((part.points - 10.0).abs() < 1e-9);
        // 68.7 of 100 before, and 10 of 20 more: (68.7 + 10) × 100 / 120.
        assert!((score.value.unwrap() - 78.7 * 100.0 / 120.0).abs() < 1e-9);
        // Unweighed, the part is not in the formula at all.
        assert!(
            ScoreFormula::default()
                .score(&f)
                .parts
                .iter()
                .all(|p| p.code != "eta_kept")
        );
    }

    #[test]
    fn rajasthan_satisfaction_rate() {
        let f = Figures {
            verified: 6311,
            satisfied: 4222,
            ..Default::default()
        };
        let pct = f.satisfaction_rate().unwrap() * 100.0;
        assert!((pct - 66.90).abs() < 0.005, "{pct}");
    }

    #[test]
    fn adverse_disciplinary_outcomes_cost_an_officer_points_where_configured() {
        let f = figures();
        let plain = ScoreFormula::default();
        let base = plain.score(&f).value.unwrap();
        // Left out by default.
        assert_eq!(plain.ranking_value(&f, 3), Some(base));
        let weighed = ScoreFormula {
            disciplinary: 10.0,
            ..ScoreFormula::default()
        };
        assert!(weighed.check().is_ok());
        assert!((weighed.ranking_value(&f, 2).unwrap() - (base - 20.0)).abs() < 1e-9);
        assert_eq!(weighed.ranking_value(&f, 50), Some(0.0));
        assert_eq!(weighed.ranking_value(&Figures::default(), 1), None);
        let bad = ScoreFormula {
            disciplinary: -1.0,
            ..ScoreFormula::default()
        };
        assert!(bad.check().is_err());
    }
}
