//! Rankings: offices (or officers, districts) ordered by the configured score, with their grade.

use super::*;
use nivaran_domain::{ErrorCode, msg};

/// One place in a ranking.
pub struct Ranked {
    pub rank: usize,
    pub name: String,
    pub href: String,
    pub score: String,
    pub grade: String,
    /// Places moved since the previous period (+ up, − down), or empty when unranked then.
    pub change: String,
    pub received: String,
    pub disposed: String,
    pub pending: String,
    pub overdue: String,
    pub satisfaction: String,
}

#[derive(Template)]
#[template(path = "rankings.html")]
pub(super) struct RankingsPage {
    c: Ctx,
    title: String,
    level: String,
    view_scope: String,
    filters: Vec<(String, String)>,
    from: String,
    to: String,
    previous: String,
    ranked: Vec<Ranked>,
    formula: ScoreView,
    /// How disciplinary outcomes count, where they do.
    discipline_rule: String,
    /// How joint departments' parts count, where they do (offices and officers).
    parts_rule: String,
}

/// What is ranked: an id (district or office) with a name, its figures now and before.
pub(super) struct Entry {
    name: String,
    href: String,
    now: Figures,
    before: Figures,
    /// An officer's adverse disciplinary outcomes dated in the period and the one before.
    adverse_now: i64,
    adverse_before: i64,
}

/// Sorts scores already worked out (best first; those without a score last) and numbers the
/// places.
pub(super) fn rank(mut scored: Vec<(String, Option<f64>)>) -> Vec<(String, Option<f64>, usize)> {
    scored.sort_by(|a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => y.total_cmp(&x).then(a.0.cmp(&b.0)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.0.cmp(&b.0),
    });
    scored
        .into_iter()
        .enumerate()
        .map(|(i, (k, s))| (k, s, i + 1))
        .collect()
}

pub async fn rankings(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(REVIEWERS)?;
    let q = query_form(&uri);
    let view = View::from_query(&state, &c, &q, &["level"]).await?;
    let store = &state.store;
    let master = store.master();
    let level = q.opt("level").unwrap_or_else(|| "district".into());
    let breakdown = match level.as_str() {
        "district" => Breakdown::District,
        "office" => Breakdown::Office,
        // Each officer by the cases they held themselves, not their office's copied (seed 002).
        "officer" => Breakdown::Officer,
        _ => {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidChoice,
                Some("level"),
                msg!("web-rankings-level"),
            ));
        }
    };
    let previous = view.period.previous();
    let now_rows = store
        .dashboard(&view.scope, &view.period, breakdown, &view.filters)
        .await?;
    let before_rows = store
        .dashboard(&view.scope, &previous, breakdown, &view.filters)
        .await?;
    let before_of = |key: Option<i64>| {
        before_rows
            .iter()
            .find(|r| r.key == key)
            .map(|r| r.figures)
            .unwrap_or_default()
    };
    // Where the state weighs them, an officer's adverse disciplinary outcomes cost points.
    let formula = store.scoring();
    let weighs_discipline = breakdown == Breakdown::Officer && formula.disciplinary > 0.0;
    let (adverse_now, adverse_before) = if weighs_discipline {
        (
            store
                .adverse_outcomes(view.period.from, view.period.to)
                .await?,
            store.adverse_outcomes(previous.from, previous.to).await?,
        )
    } else {
        Default::default()
    };
    // A joint department's part counts for its own office (and the officer holding it): what
    // it owes is added to the office's pending and overdue before the score is worked out.
    let parts_level = matches!(breakdown, Breakdown::Office | Breakdown::Officer);
    let (owed_now, owed_before) = if parts_level {
        let by_officer = breakdown == Breakdown::Officer;
        (
            store
                .parts_owed(&view.scope, by_officer, view.period.end().0)
                .await?,
            store
                .parts_owed(&view.scope, by_officer, previous.end().0)
                .await?,
        )
    } else {
        Default::default()
    };
    let with_parts = |mut f: Figures, owed: Option<&(i64, i64)>| {
        if let Some((pending, overdue)) = owed {
            f.pending += pending;
            f.overdue += overdue;
        }
        f
    };
    let mut entries: Vec<Entry> = Vec::new();
    // An office (or officer) that owes only parts is ranked too, with what it owes.
    let mut keys: Vec<(i64, Figures)> = now_rows
        .iter()
        .filter_map(|r| r.key.map(|k| (k, r.figures)))
        .collect();
    for id in owed_now.keys() {
        if !keys.iter().any(|(k, _)| k == id) {
            keys.push((*id, Figures::default()));
        }
    }
    for (id, figures) in keys {
        let code = key_code(&master, breakdown, Some(id));
        let scope = match breakdown {
            Breakdown::District => format!("area:{code}"),
            Breakdown::Officer => format!("officer:{code}"),
            _ => format!("office:{code}"),
        };
        entries.push(Entry {
            name: key_name(c.is_hi(), &master, breakdown, Some(id)),
            href: dashboard_href(&scope, &view.period),
            now: with_parts(figures, owed_now.get(&id)),
            before: with_parts(before_of(Some(id)), owed_before.get(&id)),
            adverse_now: adverse_now.get(&id).copied().unwrap_or(0),
            adverse_before: adverse_before.get(&id).copied().unwrap_or(0),
        });
    }
    let now_ranks = rank(
        entries
            .iter()
            .map(|e| (e.href.clone(), formula.ranking_value(&e.now, e.adverse_now)))
            .collect(),
    );
    let before_ranks = rank(
        entries
            .iter()
            .map(|e| {
                (
                    e.href.clone(),
                    formula.ranking_value(&e.before, e.adverse_before),
                )
            })
            .collect(),
    );
    let mut ranked = Vec::new();
    for (href, score, place) in now_ranks {
        let Some(e) = entries.iter().find(|e| e.href == href) else {
            continue;
        };
        let before = before_ranks
            .iter()
            .find(|(h, s, _)| *h == href && s.is_some())
            .map(|(_, _, p)| *p);
        let change = match (score, before) {
            (Some(_), Some(b)) if b > place => format!("▲ {}", b - place),
            (Some(_), Some(b)) if b < place => format!("▼ {}", place - b),
            (Some(_), Some(_)) => "=".into(),
            _ => String::new(),
        };
        let grade = score.map(|v| formula.grade(v).letter().to_string());
        ranked.push(Ranked {
            rank: place,
            name: e.name.clone(),
            href: e.href.clone(),
            score: score
                .map(|v| format!("{v:.1}"))
                .unwrap_or_else(|| "—".into()),
            grade: grade.unwrap_or_else(|| "—".into()),
            change,
            received: c.num(&e.now.received),
            disposed: c.num(&e.now.disposed),
            pending: c.num(&e.now.pending),
            overdue: c.num(&e.now.overdue),
            satisfaction: percent(e.now.satisfaction_rate()),
        });
    }
    let officer_name = officer_full_name(store, &view.scope).await;
    let place = scope_name(&c, &master, &view.scope, officer_name.as_deref());
    let mut total = Figures::default();
    for row in &now_rows {
        total.add(&row.figures);
    }
    let parts_rule = if parts_level {
        c.t("rank-parts-rule")
    } else {
        String::new()
    };
    let discipline_rule = if weighs_discipline {
        c.t1(
            "rank-discipline-rule",
            "points",
            format!("{}", formula.disciplinary),
        )
    } else {
        String::new()
    };
    let page_data = RankingsPage {
        discipline_rule,
        parts_rule,
        title: c.t2(
            "rank-title",
            "level",
            c.t(&format!("rank-level-{level}")),
            "place",
            place,
        ),
        formula: score_view(&c, &formula, &total),
        level,
        view_scope: view.scope_code.clone(),
        filters: view.filter_pairs(),
        from: view.period.from.to_string(),
        to: view.period.to.to_string(),
        previous: format!(
            "{} – {}",
            super::super::i18n::date(previous.from),
            super::super::i18n::date(previous.to)
        ),
        ranked,
        c,
    };
    Ok(page(&page_data))
}
