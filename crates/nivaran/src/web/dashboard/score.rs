//! The score beside the figures it comes from, part by part, with each part's rule and numbers.

use super::*;

/// The score beside the figures it comes from, part by part.
pub struct ScoreView {
    pub value: String,
    pub grade: String,
    pub parts: Vec<ScorePartView>,
    pub bounds: String,
}

pub struct ScorePartView {
    pub label: String,
    pub rule: String,
    pub weight: String,
    pub share: String,
    pub points: String,
}

pub fn score_view(c: &Ctx, formula: &ScoreFormula, f: &Figures) -> ScoreView {
    let score: Score = formula.score(f);
    // Each part's rule with its numbers, by the part's code (a part weighed at nothing is not
    // in the score, so the parts are not always the same ones).
    let rule = |code: &str| {
        let (key, part, whole) = match code {
            "satisfaction" => ("score-rule-satisfaction", f.satisfied, f.verified),
            "old_cases_resolved" => (
                "score-rule-old",
                f.disposed_late,
                f.disposed_late + f.overdue,
            ),
            "quality" => (
                "score-rule-quality",
                f.not_satisfied + f.audit_flagged,
                f.disposed,
            ),
            "attended" => ("score-rule-attended", f.overdue, f.pending),
            _ => ("score-rule-eta-kept", f.eta_kept, f.eta_judged()),
        };
        c.t2(key, "part", c.num(&part), "whole", c.num(&whole))
    };
    ScoreView {
        value: score
            .value
            .map(|v| format!("{v:.1}"))
            .unwrap_or_else(|| "—".into()),
        grade: score
            .grade
            .map(|g| g.letter().to_string())
            .unwrap_or_else(|| "—".into()),
        parts: score
            .parts
            .iter()
            .map(|p| ScorePartView {
                label: c.t(&format!("score-part-{}", p.code.replace('_', "-"))),
                rule: rule(p.code),
                weight: format!("{}", p.weight),
                share: percent(p.share),
                points: if p.share.is_some() {
                    format!("{:.1}", p.points)
                } else {
                    c.t("score-not-measured")
                },
            })
            .collect(),
        bounds: format!(
            "A ≥ {}, B ≥ {}, C ≥ {}, D < {}",
            formula.grade_a, formula.grade_b, formula.grade_c, formula.grade_c
        ),
    }
}
