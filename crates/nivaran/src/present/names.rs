//! The names a breakdown row, a scope or a figure goes by, in a reader's language.

use super::i18n::Lang;
use crate::store::{Breakdown, MasterData, Scope};
use nivaran_domain::types::{Cell, Channel, Kind};

/// The code a breakdown row goes by in links (`none` for cases without one).
pub fn key_code(master: &MasterData, breakdown: Breakdown, key: Option<i64>) -> String {
    let Some(id) = key else {
        return "none".into();
    };
    match breakdown {
        Breakdown::Department => master.departments.get(&id).map(|d| d.code.clone()),
        Breakdown::Category => master.categories.get(&id).map(|d| d.code.clone()),
        Breakdown::District => master.jurisdictions.get(&id).map(|d| d.code.clone()),
        Breakdown::Office => master.offices.get(&id).map(|d| d.code.clone()),
        Breakdown::Officer => master.people.get(&id).map(|p| p.username.clone()),
        Breakdown::Channel | Breakdown::Cell | Breakdown::Kind => breakdown
            .vocabulary()
            .and_then(|codes| usize::try_from(id).ok().and_then(|i| codes.get(i).copied()))
            .map(str::to_string),
    }
    .unwrap_or_else(|| id.to_string())
}

/// A row's name in the reader's language.
pub fn key_name(
    c_lang_hi: bool,
    master: &MasterData,
    breakdown: Breakdown,
    key: Option<i64>,
) -> String {
    let pick = |en: &str, hi: &str| {
        if c_lang_hi {
            hi.to_string()
        } else {
            en.to_string()
        }
    };
    let Some(id) = key else {
        return pick("(none)", "(कोई नहीं)");
    };
    match breakdown {
        Breakdown::Department => master
            .departments
            .get(&id)
            .map(|d| pick(&d.name_en, &d.name_hi)),
        Breakdown::Category => master
            .categories
            .get(&id)
            .map(|d| pick(&d.name_en, &d.name_hi)),
        Breakdown::District => master
            .jurisdictions
            .get(&id)
            .map(|d| pick(&d.name_en, &d.name_hi)),
        Breakdown::Office => master
            .offices
            .get(&id)
            .map(|d| pick(&d.name_en, &d.name_hi)),
        Breakdown::Officer => master.people.get(&id).map(|p| {
            let office = p
                .office_id
                .and_then(|o| master.offices.get(&o))
                .map(|o| pick(&o.name_en, &o.name_hi))
                .unwrap_or_default();
            format!("{} ({office})", p.full_name)
        }),
        Breakdown::Channel => {
            vocabulary_entry(Channel::ALL, id).map(|c| pick(c.label_en(), c.label_hi()))
        }
        Breakdown::Cell => {
            vocabulary_entry(Cell::ALL, id).map(|c| pick(c.label_en(), c.label_hi()))
        }
        Breakdown::Kind => {
            vocabulary_entry(Kind::ALL, id).map(|c| pick(c.label_en(), c.label_hi()))
        }
    }
    .unwrap_or_else(|| id.to_string())
}

/// The value a vocabulary breakdown's row key stands for.
fn vocabulary_entry<T: Copy>(all: &[T], key: i64) -> Option<T> {
    usize::try_from(key).ok().and_then(|i| all.get(i).copied())
}

/// The same without a reader's context (the scheduler's reports have none).
pub fn scope_name_in(
    lang: Lang,
    master: &MasterData,
    scope: &Scope,
    officer_name: Option<&str>,
) -> String {
    match scope {
        Scope::All => lang.t("dash-scope-all"),
        Scope::Area(id) => master
            .jurisdictions
            .get(id)
            .map(|j| lang.pick(&j.name_en, &j.name_hi).to_string())
            .unwrap_or_default(),
        Scope::Office(id) => master
            .offices
            .get(id)
            .map(|o| lang.pick(&o.name_en, &o.name_hi).to_string())
            .unwrap_or_default(),
        Scope::Officer {
            username,
            office_id,
            ..
        } => {
            let office = master
                .offices
                .get(office_id)
                .map(|o| lang.pick(&o.name_en, &o.name_hi).to_string())
                .unwrap_or_default();
            format!("{} ({office})", officer_name.unwrap_or(username))
        }
    }
}
