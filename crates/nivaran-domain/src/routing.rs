//! Routing: which office must act on a case, from its category and location.
//!
//! A rule covers a department's cases (or one category's and its sub-categories') filed anywhere in
//! a jurisdiction's subtree. The most specific rule wins: the deepest jurisdiction first, then a rule
//! naming the category (the nearest one) over a department-wide rule. A case no rule covers goes to
//! the nearest nodal office above its location: never nowhere.

use crate::lifecycle::OfficeId;

pub type JurisdictionId = i64;
pub type CategoryId = i64;
pub type DepartmentId = i64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoutingRule {
    pub department: DepartmentId,
    /// `None` for a rule that covers every category of the department.
    pub category: Option<CategoryId>,
    pub jurisdiction: JurisdictionId,
    pub office: OfficeId,
}

/// The outcome of routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// A rule covered the case.
    Office(OfficeId),
    /// No rule did; the case waits in this nodal office's "unrouted" queue.
    Unrouted(OfficeId),
}

/// What routing needs to know about one case.
pub struct RouteQuery<'a> {
    pub department: DepartmentId,
    /// The case's category followed by its ancestors, nearest first.
    pub category_path: &'a [CategoryId],
    /// The case's jurisdiction followed by its ancestors up to the state, nearest first.
    pub jurisdiction_path: &'a [JurisdictionId],
}

/// Picks the office. `rules_at(j)` lists the rules rooted at jurisdiction `j`; `nodal_at(j)` the
/// nodal office sitting at `j`, if any. Returns `None` only when no nodal office exists anywhere on
/// the path — master data that the import refuses.
pub fn route<'r>(
    query: &RouteQuery<'_>,
    rules_at: impl Fn(JurisdictionId) -> &'r [RoutingRule],
    nodal_at: impl Fn(JurisdictionId) -> Option<OfficeId>,
) -> Option<Route> {
    for &jurisdiction in query.jurisdiction_path {
        let rules = rules_at(jurisdiction);
        let mut best: Option<(usize, OfficeId)> = None;
        for rule in rules.iter().filter(|r| r.department == query.department) {
            // Rank: 0 = the category itself, 1 = its parent, …; department-wide ranks last.
            let rank = match rule.category {
                Some(category) => match query.category_path.iter().position(|c| *c == category) {
                    Some(position) => position,
                    None => continue,
                },
                None => usize::MAX,
            };
            if best.is_none_or(|(best_rank, _)| rank < best_rank) {
                best = Some((rank, rule.office));
            }
        }
        if let Some((_, office)) = best {
            return Some(Route::Office(office));
        }
    }
    query
        .jurisdiction_path
        .iter()
        .find_map(|j| nodal_at(*j))
        .map(Route::Unrouted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    // Jurisdictions: 1 state > 10 district > 100 subdivision > 1000 block > 10000 village.
    // Department 5 (water); categories 50 (supply) > 51 (no water).
    fn rules() -> HashMap<JurisdictionId, Vec<RoutingRule>> {
        let rule = |category, jurisdiction, office| RoutingRule {
            department: 5,
            category,
            jurisdiction,
            office,
        };
        let mut map: HashMap<JurisdictionId, Vec<RoutingRule>> = HashMap::new();
        for r in [
            rule(None, 10, 900),       // district water office
            rule(None, 1000, 901),     // block water office
            rule(Some(50), 1000, 902), // supply cases of that block: the JE
            rule(Some(51), 100, 903),  // no-water cases anywhere in the subdivision
        ] {
            map.entry(r.jurisdiction).or_default().push(r);
        }
        map
    }

    fn go(
        category_path: &[CategoryId],
        jurisdiction_path: &[JurisdictionId],
        department: DepartmentId,
    ) -> Option<Route> {
        let rules = rules();
        route(
            &RouteQuery {
                department,
                category_path,
                jurisdiction_path,
            },
            |j| rules.get(&j).map(Vec::as_slice).unwrap_or(&[]),
            |j| (j == 10).then_some(777),
        )
    }

    #[test]
    fn deepest_jurisdiction_wins_then_the_nearest_category() {
        // In the village: block rules apply; the category-50 rule beats the department-wide one,
        // and its child 51 matches through the parent.
        assert_eq!(
            go(&[51, 50], &[10000, 1000, 100, 10, 1], 5),
            Some(Route::Office(902))
        );
        // A different category of the same department in that block: department-wide block rule.
        assert_eq!(
            go(&[60], &[10000, 1000, 100, 10, 1], 5),
            Some(Route::Office(901))
        );
        // Elsewhere in the subdivision, "no water" goes to the subdivision's rule.
        assert_eq!(
            go(&[51, 50], &[2000, 100, 10, 1], 5),
            Some(Route::Office(903))
        );
        // Elsewhere in the district, the district office.
        assert_eq!(go(&[60], &[3000, 200, 10, 1], 5), Some(Route::Office(900)));
    }

    #[test]
    fn uncovered_cases_go_to_the_nodal_office_never_nowhere() {
        assert_eq!(
            go(&[70], &[3000, 200, 10, 1], 6),
            Some(Route::Unrouted(777))
        );
        assert_eq!(go(&[70], &[1], 6), None);
    }
}
