//! Master data (jurisdictions, departments, offices, categories, routing rules, holidays), held in
//! memory after loading: it is small (thousands of rows), read on every request and changed only
//! by `nivaran import` and the administration pages.

use super::Result;
use nivaran_domain::calendar::WorkingCalendar;
use nivaran_domain::lifecycle::{DeadlineRule, OfficeId, OfficeTree};
use nivaran_domain::message::Message;
use nivaran_domain::msg;
use nivaran_domain::routing::{self, Route, RouteQuery, RoutingRule};
use nivaran_domain::types::{JurisdictionLevel, Kind};
use serde::Serialize;
use sqlx::AnyConnection;
use std::collections::HashMap;
use time::Date;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Jurisdiction {
    pub id: i64,
    pub code: String,
    pub parent_id: Option<i64>,
    pub level: String,
    pub depth: i64,
    pub state_id: Option<i64>,
    pub district_id: Option<i64>,
    pub name_en: String,
    pub name_hi: String,
    /// Its headquarters, where known.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Department {
    pub id: i64,
    pub code: String,
    pub name_en: String,
    pub name_hi: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Office {
    pub id: i64,
    pub code: String,
    pub department_id: i64,
    pub jurisdiction_id: i64,
    pub parent_id: Option<i64>,
    pub level: i64,
    pub nodal: i64,
    pub name_en: String,
    pub name_hi: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Category {
    pub id: i64,
    pub code: String,
    pub department_id: i64,
    pub parent_id: Option<i64>,
    pub kind: String,
    pub deadline_days: i64,
    pub rts: i64,
    pub name_en: String,
    pub name_hi: String,
    /// Words people use for it, in both languages, separated by `;`.
    pub synonyms: String,
}

/// An officer or supervisor of an office: the people figures and lists name as cases'
/// holders. Kept with master data (a few thousand) and reloaded when an account changes.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Person {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    /// `officer` or `supervisor`.
    pub role: String,
    pub office_id: Option<i64>,
    pub active: i64,
}

#[derive(sqlx::FromRow)]
struct RuleRow {
    department_id: i64,
    category_id: Option<i64>,
    jurisdiction_id: i64,
    office_id: i64,
}

#[derive(Debug, Default)]
pub struct MasterData {
    pub jurisdictions: HashMap<i64, Jurisdiction>,
    pub departments: HashMap<i64, Department>,
    pub offices: HashMap<i64, Office>,
    pub categories: HashMap<i64, Category>,
    /// Officers and supervisors by account id.
    pub people: HashMap<i64, Person>,
    /// The categories under Right to Service (a notified time limit), in id order.
    pub rts_categories: Vec<i64>,
    jurisdiction_codes: HashMap<String, i64>,
    department_codes: HashMap<String, i64>,
    office_codes: HashMap<String, i64>,
    category_codes: HashMap<String, i64>,
    children_offices: HashMap<i64, Vec<i64>>,
    children_jurisdictions: HashMap<i64, Vec<i64>>,
    rules_at: HashMap<i64, Vec<RoutingRule>>,
    nodal_at: HashMap<i64, i64>,
    calendars: HashMap<i64, WorkingCalendar>,
    pub rule_count: usize,
    /// What each category is known by, for the category search.
    pub(super) category_keys: HashMap<i64, super::category_search::CategoryKeys>,
}

impl MasterData {
    pub async fn load(conn: &mut AnyConnection) -> Result<MasterData> {
        let jurisdictions: Vec<Jurisdiction> = sqlx::query_as(
            "SELECT id, code, parent_id, level, depth, state_id, district_id, name_en, name_hi, latitude, \
             longitude FROM jurisdictions",
        )
        .fetch_all(&mut *conn)
        .await?;
        let departments: Vec<Department> =
            sqlx::query_as("SELECT id, code, name_en, name_hi FROM departments")
                .fetch_all(&mut *conn)
                .await?;
        let offices: Vec<Office> = sqlx::query_as(
            "SELECT id, code, department_id, jurisdiction_id, parent_id, level, nodal, name_en, name_hi FROM offices",
        )
        .fetch_all(&mut *conn)
        .await?;
        let categories: Vec<Category> = sqlx::query_as(
            "SELECT id, code, department_id, parent_id, kind, deadline_days, rts, name_en, name_hi, synonyms FROM categories",
        )
        .fetch_all(&mut *conn)
        .await?;
        let rules: Vec<RuleRow> = sqlx::query_as(
            "SELECT department_id, category_id, jurisdiction_id, office_id FROM routing_rules",
        )
        .fetch_all(&mut *conn)
        .await?;
        let holidays: Vec<(i64, String)> = sqlx::query_as("SELECT state_id, day FROM holidays")
            .fetch_all(&mut *conn)
            .await?;
        let people: Vec<Person> = sqlx::query_as(
            "SELECT id, username, full_name, role, office_id, active FROM users \
             WHERE role IN ('officer', 'supervisor')",
        )
        .fetch_all(&mut *conn)
        .await?;

        let mut data = MasterData::default();
        for j in jurisdictions {
            data.jurisdiction_codes.insert(j.code.clone(), j.id);
            if let Some(parent) = j.parent_id {
                data.children_jurisdictions
                    .entry(parent)
                    .or_default()
                    .push(j.id);
            }
            data.jurisdictions.insert(j.id, j);
        }
        for d in departments {
            data.department_codes.insert(d.code.clone(), d.id);
            data.departments.insert(d.id, d);
        }
        for o in offices {
            data.office_codes.insert(o.code.clone(), o.id);
            if let Some(parent) = o.parent_id {
                data.children_offices.entry(parent).or_default().push(o.id);
            }
            if o.nodal != 0 {
                data.nodal_at.insert(o.jurisdiction_id, o.id);
            }
            data.offices.insert(o.id, o);
        }
        for c in categories {
            if c.rts != 0 {
                data.rts_categories.push(c.id);
            }
            data.category_codes.insert(c.code.clone(), c.id);
            data.categories.insert(c.id, c);
        }
        data.rts_categories.sort_unstable();
        data.category_keys = super::category_search::keys_of(&data);
        data.people = people.into_iter().map(|p| (p.id, p)).collect();
        data.rule_count = rules.len();
        for r in rules {
            data.rules_at
                .entry(r.jurisdiction_id)
                .or_default()
                .push(RoutingRule {
                    department: r.department_id,
                    category: r.category_id,
                    jurisdiction: r.jurisdiction_id,
                    office: r.office_id,
                });
        }
        let mut by_state: HashMap<i64, Vec<Date>> = HashMap::new();
        for (state, day) in holidays {
            if let Ok(date) =
                Date::parse(&day, &time::format_description::well_known::Iso8601::DATE)
            {
                by_state.entry(state).or_default().push(date);
            }
        }
        for (state, days) in by_state {
            data.calendars.insert(state, WorkingCalendar::new(days));
        }
        Ok(data)
    }

    /// An officer or supervisor by username.
    pub fn person_by_username(&self, username: &str) -> Option<&Person> {
        self.people.values().find(|p| p.username == username)
    }

    /// The jurisdictions directly under `parent` (the states, for `None`), by English name.
    pub fn children_of(&self, parent: Option<i64>) -> Vec<&Jurisdiction> {
        let mut children: Vec<&Jurisdiction> = match parent {
            Some(p) => self
                .children_jurisdictions
                .get(&p)
                .map(|ids| {
                    ids.iter()
                        .filter_map(|id| self.jurisdictions.get(id))
                        .collect()
                })
                .unwrap_or_default(),
            None => self
                .jurisdictions
                .values()
                .filter(|j| j.parent_id.is_none())
                .collect(),
        };
        children.sort_by(|a, b| a.name_en.cmp(&b.name_en).then(a.code.cmp(&b.code)));
        children
    }

    /// Where a case that an integration could not place is filed, to wait in the nodal
    /// office's unrouted queue: the state `within` lies in, or else the first state by code.
    pub fn state_for_unplaced(&self, within: Option<i64>) -> Option<i64> {
        within
            .and_then(|w| self.jurisdiction_path(w).last().copied())
            .or_else(|| {
                let mut states = self.children_of(None);
                states.sort_by(|a, b| a.code.cmp(&b.code));
                states.first().map(|j| j.id)
            })
    }

    pub fn jurisdiction_by_code(&self, code: &str) -> Option<&Jurisdiction> {
        self.jurisdiction_codes
            .get(code.trim())
            .and_then(|id| self.jurisdictions.get(id))
    }
    pub fn department_by_code(&self, code: &str) -> Option<&Department> {
        self.department_codes
            .get(code.trim())
            .and_then(|id| self.departments.get(id))
    }
    pub fn office_by_code(&self, code: &str) -> Option<&Office> {
        self.office_codes
            .get(code.trim())
            .and_then(|id| self.offices.get(id))
    }
    pub fn category_by_code(&self, code: &str) -> Option<&Category> {
        self.category_codes
            .get(code.trim())
            .and_then(|id| self.categories.get(id))
    }

    pub fn office_code(&self, id: Option<i64>) -> Option<String> {
        id.and_then(|id| self.offices.get(&id))
            .map(|o| o.code.clone())
    }

    /// The place an address names, from the jurisdictions' English and Hindi names found in it
    /// as whole words ("Ward 4, Dharuhera, Rewari"): the deepest one named, preferring one whose
    /// district or state is named too; where two equally good ones are named, the area that
    /// holds both. `within` keeps the search to one area (a state). `None` when no name is found.
    pub fn place_in_address(&self, address: &str, within: Option<i64>) -> Option<i64> {
        fn words(text: &str) -> String {
            let cleaned: String = text
                .to_lowercase()
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || is_mark(c) {
                        c
                    } else {
                        ' '
                    }
                })
                .collect();
            format!(
                " {} ",
                cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
            )
        }
        // Devanagari vowel signs and viramas are marks, part of the word they sit in.
        fn is_mark(c: char) -> bool {
            matches!(c as u32, 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957 | 0x0962..=0x0963)
        }
        let address = words(address);
        let allowed: Option<std::collections::HashSet<i64>> =
            within.map(|w| self.jurisdiction_subtree(w).into_iter().collect());
        let named: Vec<&Jurisdiction> = self
            .jurisdictions
            .values()
            .filter(|j| allowed.as_ref().is_none_or(|a| a.contains(&j.id)))
            .filter(|j| {
                [&j.name_en, &j.name_hi].iter().any(|name| {
                    let name = words(name);
                    name.trim().chars().count() >= 3 && address.contains(&name)
                })
            })
            .collect();
        let named_ids: Vec<i64> = named.iter().map(|j| j.id).collect();
        // Rank: deeper first, then more of its ancestors named.
        let rank = |j: &Jurisdiction| {
            let ancestors = self
                .jurisdiction_path(j.id)
                .iter()
                .skip(1)
                .filter(|a| named_ids.contains(a))
                .count();
            (j.depth, ancestors)
        };
        let best = named.iter().map(|j| rank(j)).max()?;
        let mut chosen: Vec<i64> = named
            .iter()
            .filter(|j| rank(j) == best)
            .map(|j| j.id)
            .collect();
        chosen.sort_unstable();
        // Several equally good: the nearest area that holds them all.
        let first = self.jurisdiction_path(chosen[0]);
        first.into_iter().find(|candidate| {
            chosen
                .iter()
                .all(|id| self.jurisdiction_path(*id).contains(candidate))
        })
    }

    /// The jurisdiction whose headquarters is nearest a point, if one is within `PLACE_RADIUS_KM`
    /// (and inside `within`). Headquarters are points, not boundaries: near a border the nearest
    /// one may be across it, which is why the radius is small and the coordinates stay on the
    /// case for the office to see (and transfer it).
    pub fn place_at(&self, latitude: f64, longitude: f64, within: Option<i64>) -> Option<i64> {
        let allowed: Option<std::collections::HashSet<i64>> =
            within.map(|w| self.jurisdiction_subtree(w).into_iter().collect());
        self.jurisdictions
            .values()
            .filter(|j| allowed.as_ref().is_none_or(|a| a.contains(&j.id)))
            .filter_map(|j| {
                let (lat, lon) = (j.latitude?, j.longitude?);
                Some((haversine_km(latitude, longitude, lat, lon), j.id))
            })
            .filter(|(km, _)| *km <= PLACE_RADIUS_KM)
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
            .map(|(_, id)| id)
    }

    /// The jurisdiction and its ancestors, nearest first.
    pub fn jurisdiction_path(&self, id: i64) -> Vec<i64> {
        let mut path = Vec::new();
        let mut current = Some(id);
        while let Some(j) = current.and_then(|id| self.jurisdictions.get(&id)) {
            if path.contains(&j.id) || path.len() > 16 {
                break;
            }
            path.push(j.id);
            current = j.parent_id;
        }
        path
    }

    pub fn category_path(&self, id: i64) -> Vec<i64> {
        let mut path = Vec::new();
        let mut current = Some(id);
        while let Some(c) = current.and_then(|id| self.categories.get(&id)) {
            if path.contains(&c.id) || path.len() > 16 {
                break;
            }
            path.push(c.id);
            current = c.parent_id;
        }
        path
    }

    /// `office` and every office below it.
    pub fn office_subtree(&self, office: i64) -> Vec<i64> {
        let mut out = vec![office];
        let mut i = 0;
        while i < out.len() {
            if let Some(children) = self.children_offices.get(&out[i]) {
                for child in children {
                    if !out.contains(child) {
                        out.push(*child);
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// `jurisdiction` and every jurisdiction below it.
    pub fn jurisdiction_subtree(&self, jurisdiction: i64) -> Vec<i64> {
        let mut out = vec![jurisdiction];
        let mut i = 0;
        while i < out.len() {
            if let Some(children) = self.children_jurisdictions.get(&out[i]) {
                out.extend(children.iter().copied());
            }
            i += 1;
        }
        out
    }

    pub fn calendar(&self, state_id: i64) -> WorkingCalendar {
        self.calendars.get(&state_id).cloned().unwrap_or_default()
    }

    /// The deadline rule of a case of `category_id` in `state_id` (21 working days for a
    /// category no longer known).
    pub fn deadline_rule(&self, category_id: i64, state_id: i64) -> DeadlineRule<'_> {
        let days = self
            .categories
            .get(&category_id)
            .map(|c| c.deadline_days)
            .unwrap_or(21);
        DeadlineRule {
            working_days: days.clamp(1, i64::from(u32::MAX)) as u32,
            calendar: self
                .calendars
                .get(&state_id)
                .unwrap_or(&nivaran_domain::calendar::NO_HOLIDAYS),
        }
    }

    /// The routing rules rooted at jurisdiction `j`.
    pub fn rules_for(&self, j: i64) -> &[nivaran_domain::routing::RoutingRule] {
        self.rules_at.get(&j).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The office of `department` that routing gives a case of `category_id` at
    /// `jurisdiction_id`, for that department's part of a joint case: the department's own
    /// rules, as for a case of its own; `None` where no rule of it covers the place (a nodal
    /// queue is for cases, not for parts).
    pub fn part_office(
        &self,
        department: i64,
        category_id: i64,
        jurisdiction_id: i64,
    ) -> Option<i64> {
        let category_path = self.category_path(category_id);
        let jurisdiction_path = self.jurisdiction_path(jurisdiction_id);
        match routing::route(
            &RouteQuery {
                department,
                category_path: &category_path,
                jurisdiction_path: &jurisdiction_path,
            },
            |j| self.rules_for(j),
            |_| None,
        ) {
            Some(Route::Office(office)) => Some(office),
            _ => None,
        }
    }

    pub fn route(&self, category_id: i64, jurisdiction_id: i64) -> Option<Route> {
        let category = self.categories.get(&category_id)?;
        let category_path = self.category_path(category_id);
        let jurisdiction_path = self.jurisdiction_path(jurisdiction_id);
        routing::route(
            &RouteQuery {
                department: category.department_id,
                category_path: &category_path,
                jurisdiction_path: &jurisdiction_path,
            },
            |j| self.rules_at.get(&j).map(Vec::as_slice).unwrap_or(&[]),
            |j| self.nodal_at.get(&j).copied(),
        )
    }

    /// The nearest nodal office at or above a jurisdiction: where a case nobody can place waits.
    pub fn nodal_for(&self, jurisdiction_id: i64) -> Option<i64> {
        self.jurisdiction_path(jurisdiction_id)
            .into_iter()
            .find_map(|j| self.nodal_at.get(&j).copied())
    }

    pub fn category_kind(&self, category_id: i64) -> Kind {
        self.categories
            .get(&category_id)
            .and_then(|c| Kind::parse(&c.kind))
            .unwrap_or(Kind::Complaint)
    }

    /// Rules the rest of the system relies on; `nivaran import` refuses data that breaks them.
    /// The error names every problem found (the first twenty), one after another.
    pub fn check(&self) -> std::result::Result<(), Message> {
        let mut problems: Vec<Message> = Vec::new();
        for j in self.jurisdictions.values() {
            let level = JurisdictionLevel::parse(&j.level);
            if matches!(
                level,
                Some(JurisdictionLevel::State | JurisdictionLevel::District)
            ) && !self.nodal_at.contains_key(&j.id)
            {
                problems.push(
                    msg!("store-master-no-nodal-office", code = &j.code)
                        .label(
                            "level",
                            &j.level,
                            level.map(|l| l.label_hi()).unwrap_or(j.level.as_str()),
                        )
                        .label("name", &j.name_en, &j.name_hi),
                );
            }
        }
        let mut nodal_count: HashMap<i64, usize> = HashMap::new();
        for o in self.offices.values().filter(|o| o.nodal != 0) {
            *nodal_count.entry(o.jurisdiction_id).or_default() += 1;
        }
        for (j, count) in nodal_count {
            if count > 1 {
                let code = self
                    .jurisdictions
                    .get(&j)
                    .map(|j| j.code.as_str())
                    .unwrap_or("?");
                problems.push(msg!(
                    "store-master-many-nodal-offices",
                    code = code,
                    count = count
                ));
            }
        }
        for o in self.offices.values() {
            let mut seen = vec![o.id];
            let mut up = o.parent_id;
            while let Some(p) = up {
                if seen.contains(&p) {
                    problems.push(msg!("store-master-office-cycle", code = &o.code));
                    break;
                }
                seen.push(p);
                up = self.offices.get(&p).and_then(|p| p.parent_id);
            }
        }
        problems.sort_by_cached_key(Message::to_string);
        problems.truncate(20);
        // "first; rest", from the last problem back.
        let mut problems = problems.into_iter().rev();
        match problems.next() {
            None => Ok(()),
            Some(last) => Err(problems.fold(last, |rest, problem| {
                msg!("store-master-problems")
                    .nested("first", problem)
                    .nested("rest", rest)
            })),
        }
    }
}

impl OfficeTree for MasterData {
    fn parent(&self, office: OfficeId) -> Option<OfficeId> {
        self.offices.get(&office).and_then(|o| o.parent_id)
    }
    fn exists(&self, office: OfficeId) -> bool {
        self.offices.contains_key(&office)
    }
}

/// How far from a jurisdiction's headquarters a point is still placed in it.
pub const PLACE_RADIUS_KM: f64 = 25.0;

/// The great-circle distance between two points, in kilometres.
fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

#[cfg(test)]
mod place_tests {
    use super::haversine_km;

    #[test]
    fn distances_between_known_towns() {
        // Rewari to Gurugram: about 50 km as the crow flies.
        let km = haversine_km(28.20, 76.62, 28.46, 77.03);
        assert!((45.0..52.0).contains(&km), "{km}");
        assert_eq!(haversine_km(28.2, 76.6, 28.2, 76.6), 0.0);
    }
}
