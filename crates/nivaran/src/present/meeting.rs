//! A review meeting's agenda, generated from the figures at the moment the meeting is made and
//! frozen with it (seed 000's and 004's weekly reviews): pending by portal and by department,
//! the CM-cell and VIP-cell cases pending, the oldest overdue, the ETAs missed, the
//! inter-departmental cases pending (seed 004) with the departments still to report, the offices and
//! officers with the lowest scores, and the directions of earlier meetings that are due. Made
//! in both languages at once, from one set of reads; the minutes' PDF and XLSX are the agenda
//! with the attendance, the minutes and the directions after it.

use super::i18n::Lang;
use super::names::key_name;
use crate::store::{
    Agenda, Breakdown, Direction, FrozenTable, GrievanceView, Interdepartmental, Meeting, Period,
    Row, Scope, Store, StoreError,
};
use nivaran_domain::metrics::Metric;
use nivaran_domain::scoring::Figures;
use nivaran_domain::types::Cell;
use time::Date;

const LANGS: [Lang; 2] = [Lang::En, Lang::Hi];

/// The cases listed in one agenda item, at most.
const LISTED: i64 = 15;

fn num(n: i64) -> String {
    nivaran_reports::indian_number(n)
}

fn holder_text(lang: Lang, g: &GrievanceView) -> String {
    let office = g
        .holding_office
        .as_ref()
        .map(|o| lang.pick(&o.name_en, &o.name_hi).to_string())
        .unwrap_or_default();
    match &g.holder {
        Some(h) => format!("{}, {office}", h.full_name),
        None => office,
    }
}

/// The table of a list of cases (number, subject, who holds it, and `last`'s column).
fn cases_table(
    lang: Lang,
    title: &str,
    cases: &[GrievanceView],
    last: (&str, &dyn Fn(&GrievanceView) -> String),
) -> FrozenTable {
    FrozenTable {
        title: lang.t(title),
        headers: vec![
            lang.t("col-number"),
            lang.t("col-subject"),
            lang.t("col-holder"),
            lang.t("col-age"),
            lang.t(last.0),
        ],
        rows: cases
            .iter()
            .map(|g| {
                vec![
                    g.registration_number.clone(),
                    g.subject.clone(),
                    holder_text(lang, g),
                    num(g.age_days),
                    (last.1)(g),
                ]
            })
            .collect(),
    }
}

/// The joint cases pending with the departments still to report, oldest part first.
fn interdepartmental_table(lang: Lang, pending: &Interdepartmental) -> FrozenTable {
    FrozenTable {
        title: lang.t("dash-interdepartmental"),
        headers: vec![
            lang.t("col-number"),
            lang.t("col-subject"),
            lang.t("interdept-lead"),
            lang.t("interdept-pending-parts"),
            lang.t("interdept-oldest"),
        ],
        rows: pending
            .items
            .iter()
            .take(LISTED as usize)
            .map(|g| {
                let lead = g
                    .holding_office
                    .as_ref()
                    .map(|o| lang.pick(&o.name_en, &o.name_hi).to_string())
                    .unwrap_or_default();
                let parts = g
                    .parts
                    .iter()
                    .map(|p| {
                        format!(
                            "{} ({}, {})",
                            lang.pick(&p.department.name_en, &p.department.name_hi),
                            lang.pick(&p.office.name_en, &p.office.name_hi),
                            lang.pick(&p.status_label_en, &p.status_label_hi)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                vec![
                    g.registration_number.clone(),
                    g.subject.clone(),
                    lead,
                    parts,
                    num(g.oldest_part_days),
                ]
            })
            .collect(),
    }
}

/// The lowest-scoring rows of a breakdown among those with cases pending.
fn lowest(
    store: &Store,
    lang: Lang,
    title: &str,
    breakdown: Breakdown,
    rows: &[crate::store::FigureRow],
) -> FrozenTable {
    let master = store.master();
    let formula = store.scoring();
    let mut scored: Vec<(f64, &Figures, Option<i64>)> = rows
        .iter()
        .filter(|r| r.key.is_some() && r.figures.pending > 0)
        .filter_map(|r| Some((formula.score(&r.figures).value?, &r.figures, r.key)))
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    FrozenTable {
        title: lang.t(title),
        headers: vec![
            lang.t(&format!("dash-by-{}", breakdown.code())),
            lang.t("dash-score"),
            lang.t("dash-grade"),
            lang.t("dash-pending"),
            lang.t("dash-overdue"),
        ],
        rows: scored
            .into_iter()
            .take(5)
            .map(|(score, f, key)| {
                vec![
                    key_name(lang == Lang::Hi, &master, breakdown, key),
                    format!("{score:.1}"),
                    formula.grade(score).letter().to_string(),
                    num(f.pending),
                    num(f.overdue),
                ]
            })
            .collect(),
    }
}

/// The owner of a direction, by name.
pub fn owner_name(store: &Store, lang: Lang, d: &Direction) -> String {
    let master = store.master();
    let person = d
        .owner_user_id
        .and_then(|u| master.people.get(&u))
        .map(|p| p.full_name.clone());
    let office = d
        .owner_office_id
        .and_then(|o| master.offices.get(&o))
        .map(|o| lang.pick(&o.name_en, &o.name_hi).to_string());
    match (person, office) {
        (Some(p), Some(o)) => format!("{p}, {o}"),
        (Some(p), None) => p,
        (None, Some(o)) => o,
        (None, None) => String::new(),
    }
}

/// A direction's state on `day` in words, with its counts ("partly met: 3 of 5").
pub fn status_text(lang: Lang, d: &Direction, day: Date) -> String {
    let status = d.status(day);
    let word = lang.t(&format!(
        "meeting-status-{}",
        status.code().replace('_', "-")
    ));
    if d.cases > 0 {
        lang.t_args(
            "meeting-status-counts",
            &[
                ("status", word),
                ("done", d.done_by_target.to_string()),
                ("cases", d.cases.to_string()),
            ],
        )
    } else {
        word
    }
}

/// The table of directions and where each stands on `day`.
pub fn directions_table(
    store: &Store,
    lang: Lang,
    title: &str,
    directions: &[Direction],
    day: Date,
) -> FrozenTable {
    FrozenTable {
        title: lang.t(title),
        headers: vec![
            lang.t("meeting-given-on"),
            lang.t("meeting-direction"),
            lang.t("meeting-owner"),
            lang.t("meeting-target"),
            lang.t("meeting-status"),
        ],
        rows: directions
            .iter()
            .map(|d| {
                vec![
                    super::i18n::iso_date(&d.held_on),
                    d.text.clone(),
                    owner_name(store, lang, d),
                    super::i18n::iso_date(&d.target_date),
                    status_text(lang, d, day),
                ]
            })
            .collect(),
    }
}

/// The agenda of a meeting of `scope` on `held_on`, as the figures stand now (the last 30
/// days), in both languages.
pub async fn agenda(store: &Store, scope: &Scope, held_on: Date) -> Result<Agenda, StoreError> {
    let today = store.now().ist_date();
    let period = Period::last_days(today, 30);
    let cell = |c: Cell| Row {
        breakdown: Breakdown::Cell,
        key: Cell::ALL.iter().position(|x| *x == c).map(|i| i as i64),
    };
    let (cm, vip) = ([cell(Cell::CmCell)], [cell(Cell::VipCell)]);
    let (by_portal, by_department, by_office, by_officer) = tokio::try_join!(
        store.dashboard(scope, &period, Breakdown::Channel, &[]),
        store.dashboard(scope, &period, Breakdown::Department, &[]),
        store.dashboard(scope, &period, Breakdown::Office, &[]),
        store.dashboard(scope, &period, Breakdown::Officer, &[]),
    )?;
    let (cm_cases, vip_cases, overdue, eta_missed, joint) = tokio::try_join!(
        store.dashboard_cases(scope, &period, Metric::Pending, &cm, 1, LISTED),
        store.dashboard_cases(scope, &period, Metric::Pending, &vip, 1, LISTED),
        store.dashboard_cases(scope, &period, Metric::Overdue, &[], 1, LISTED),
        store.dashboard_cases(scope, &period, Metric::EtaMissed, &[], 1, LISTED),
        store.interdepartmental(scope),
    )?;
    // The directions of the scope's earlier meetings, as they stand on the meeting's day.
    let anchor = Meeting {
        id: i64::MAX,
        scope: scope.code(&store.master()),
        held_on: held_on.to_string(),
        title: String::new(),
        chaired_by: 0,
        agenda: String::new(),
        minutes: String::new(),
        created_at: 0,
    };
    let due: Vec<Direction> = store
        .directions_before(&anchor)
        .await?
        .into_iter()
        // What is still to be answered for: not yet met (a running one with cases open too).
        .filter(|d| d.status(held_on) != crate::store::DirectionStatus::Met)
        .collect();
    let master = store.master();
    let mut out = Agenda::default();
    for lang in LANGS {
        let hi = lang == Lang::Hi;
        let counts = |breakdown: Breakdown, rows: &[crate::store::FigureRow], title: &str| {
            let mut rows: Vec<(String, Vec<String>)> = rows
                .iter()
                .filter(|r| r.figures.pending > 0 || r.figures.received > 0)
                .map(|r| {
                    let name = key_name(hi, &master, breakdown, r.key);
                    let f = &r.figures;
                    (
                        name.clone(),
                        vec![
                            name,
                            num(f.received),
                            num(f.disposed),
                            num(f.pending),
                            num(f.overdue),
                            num(f.overdue_by_age[4]),
                        ],
                    )
                })
                .collect();
            rows.sort_by(|a, b| a.0.cmp(&b.0));
            FrozenTable {
                title: lang.t(title),
                headers: vec![
                    lang.t(&format!("dash-by-{}", breakdown.code())),
                    lang.t("dash-received"),
                    lang.t("dash-disposed"),
                    lang.t("dash-pending"),
                    lang.t("dash-overdue"),
                    lang.t("dash-age-over-100"),
                ],
                rows: rows.into_iter().map(|(_, r)| r).collect(),
            }
        };
        let mut top = cm_cases.items.clone();
        top.extend(vip_cases.items.iter().cloned());
        let due_date = |g: &GrievanceView| super::i18n::iso_date(&g.due_date);
        let eta = |g: &GrievanceView| {
            g.eta
                .as_deref()
                .map(|e| super::i18n::iso_date(&e[..e.len().min(10)]))
                .unwrap_or_default()
        };
        let tables = vec![
            counts(Breakdown::Channel, &by_portal, "meeting-by-portal"),
            counts(
                Breakdown::Department,
                &by_department,
                "meeting-by-department",
            ),
            cases_table(lang, "meeting-cm-vip", &top, ("col-due", &due_date)),
            cases_table(
                lang,
                "report-oldest",
                &overdue.items,
                ("col-due", &due_date),
            ),
            cases_table(
                lang,
                "meeting-eta-missed",
                &eta_missed.items,
                ("case-eta", &eta),
            ),
            interdepartmental_table(lang, &joint),
            lowest(
                store,
                lang,
                "report-worst-offices",
                Breakdown::Office,
                &by_office,
            ),
            lowest(
                store,
                lang,
                "meeting-worst-officers",
                Breakdown::Officer,
                &by_officer,
            ),
            directions_table(store, lang, "meeting-directions-due", &due, held_on),
        ];
        if hi {
            out.hi = tables;
        } else {
            out.en = tables;
        }
    }
    Ok(out)
}
