//! Who stands how to a case: the capacity of a user (holding office, part office, supervisor,
//! citizen, …) and the condition a list of cases puts on the cases a user may see.

use super::*;

/// The capacity in which `actor` stands to a case (with its `parts`), or `None` when the case
/// is none of theirs.
pub(in crate::store) fn capacity(
    master: &MasterData,
    actor: &Actor,
    row: &GrievanceRow,
    parts: &[lifecycle::Part],
) -> Option<Capacity> {
    if actor.is_system() {
        return Some(Capacity::System);
    }
    let in_area = |area: Option<i64>| match area {
        None => true,
        Some(area) => master
            .jurisdiction_path(row.jurisdiction_id)
            .contains(&area),
    };
    match actor.role {
        None => None, // the public sees cases only through the citizen tracking flow
        Some(Role::Admin) => Some(Capacity::Admin),
        Some(Role::Citizen) => (!row.mobile.is_empty()
            && actor.mobile.as_deref() == Some(row.mobile.as_str()))
        .then_some(Capacity::Citizen),
        Some(Role::Operator) => in_area(actor.jurisdiction_id).then_some(Capacity::Operator),
        Some(Role::Verifier) => in_area(actor.jurisdiction_id).then_some(Capacity::Verifier),
        Some(Role::Auditor) => in_area(actor.jurisdiction_id).then_some(Capacity::Auditor),
        Some(Role::Officer) => {
            let office = actor.office_id?;
            if row.holding_office_id == Some(office) {
                Some(Capacity::HoldingOffice)
            } else if row.forwarded_to_id == Some(office) {
                Some(Capacity::ForwardedOffice)
            } else {
                part_capacity(master, actor, parts)
            }
        }
        Some(Role::Supervisor) => {
            let office = actor.office_id?;
            let holding_below = row
                .holding_office_id
                .is_some_and(|h| master.office_subtree(office).contains(&h));
            if holding_below || row.escalated_to_id == Some(office) {
                Some(Capacity::Supervisor)
            } else if let Some(standing) = part_capacity(master, actor, parts) {
                Some(standing)
            } else {
                // A collector or grievance cell sees the area's cases of every department.
                let area = master.offices.get(&office).map(|o| o.jurisdiction_id);
                (area.is_some()
                    && crate::store::stats::reviews_area(master, office)
                    && in_area(area))
                .then_some(Capacity::Reviewer)
            }
        }
    }
}

/// The capacity in which `actor` stands to one of a case's parts: an officer of the part's
/// office or of the office it was forwarded to, a supervisor at or above the part's office or
/// where it was escalated.
pub(in crate::store) fn part_capacity(
    master: &MasterData,
    actor: &Actor,
    parts: &[lifecycle::Part],
) -> Option<Capacity> {
    let office = actor.office_id?;
    match actor.role {
        Some(Role::Officer) => {
            if parts.iter().any(|p| p.office == office) {
                Some(Capacity::PartOffice)
            } else if parts.iter().any(|p| p.forwarded_to == Some(office)) {
                Some(Capacity::PartForwardedOffice)
            } else {
                None
            }
        }
        Some(Role::Supervisor) => {
            let below = master.office_subtree(office);
            parts
                .iter()
                .any(|p| below.contains(&p.office) || p.escalated_to == Some(office))
                .then_some(Capacity::PartSupervisor)
        }
        _ => None,
    }
}

/// May `actor`, standing in `capacity` to a case, take the part action `action` on `part`?
/// A part's own office (and those above or below it) works it; the lead office and the
/// supervisors above it follow it. Standing to one part gives nothing on another.
pub(in crate::store) fn may_act_on_part(
    master: &MasterData,
    actor: &Actor,
    capacity: Capacity,
    part: &lifecycle::Part,
    action: &Action,
) -> bool {
    let by_the_case = !matches!(
        capacity,
        Capacity::PartOffice | Capacity::PartForwardedOffice | Capacity::PartSupervisor
    ) && access::may_perform(capacity, action);
    by_the_case
        || part_capacity(master, actor, std::slice::from_ref(part))
            .is_some_and(|standing| access::may_perform(standing, action))
}

/// Adds the access condition for `actor` to a WHERE clause (on table alias `g`). `open_only`
/// says the clause also keeps open cases only: the cases an office has a part in are then
/// looked for among its parts of open cases, not among every part it ever had (one case row
/// read for each, which cost the officer's inbox a fifth of its speed on 2 million cases).
pub(in crate::store) fn scope(
    sql: &mut Sql,
    engine: Engine,
    master: &MasterData,
    actor: &Actor,
    open_only: bool,
) {
    // Each alternative names its index's columns in full, so that both engines look each up
    // in its own index and read no part they will not keep.
    let open = if open_only {
        " AND p.case_open = 1"
    } else {
        ""
    };
    let (ids_open, ids_close) = engine.ids_from_subquery();
    let area =
        |sql: &mut Sql, area: Option<i64>| match area.and_then(|a| master.jurisdictions.get(&a)) {
            None => {}
            Some(j) if j.level == "state" => {
                sql.push(" AND g.state_id = ").bind(j.id);
            }
            Some(j) if j.level == "district" => {
                sql.push(" AND g.district_id = ").bind(j.id);
            }
            Some(j) => {
                sql.push(" AND g.jurisdiction_id IN ")
                    .bind_in(&master.jurisdiction_subtree(j.id));
            }
        };
    match actor.role {
        _ if actor.is_system() => {}
        Some(Role::Admin) => {}
        Some(Role::Operator) | Some(Role::Verifier) | Some(Role::Auditor) => {
            area(sql, actor.jurisdiction_id)
        }
        // A citizen sees the cases filed with their verified number; an account without one
        // sees none (not the cases filed with no number at all).
        Some(Role::Citizen) => match actor.mobile.clone().filter(|m| !m.is_empty()) {
            Some(mobile) => {
                sql.push(" AND g.mobile = ").bind(mobile);
            }
            None => {
                sql.push(" AND 1 = 0");
            }
        },
        Some(Role::Officer) => {
            let office = actor.office_id.unwrap_or(-1);
            sql.push(" AND (g.holding_office_id = ").bind(office);
            sql.push(" OR g.forwarded_to_id = ").bind(office);
            // The cases in which the office has a part to work.
            sql.push(" OR g.id ")
                .push(ids_open)
                .push("SELECT p.grievance_id FROM case_parts p WHERE (p.office_id = ")
                .bind(office)
                .push(open)
                .push(") OR (p.forwarded_to_id = ")
                .bind(office)
                .push(open)
                .push(")")
                .push(ids_close)
                .push(")");
        }
        Some(Role::Supervisor) => {
            let office = actor.office_id.unwrap_or(-1);
            let below = master.office_subtree(office);
            sql.push(" AND (g.holding_office_id IN ").bind_in(&below);
            sql.push(" OR g.escalated_to_id = ").bind(office);
            sql.push(" OR g.id ")
                .push(ids_open)
                .push("SELECT p.grievance_id FROM case_parts p WHERE (p.office_id IN ")
                .bind_in(&below)
                .push(open)
                .push(") OR (p.escalated_to_id = ")
                .bind(office)
                .push(open)
                .push(")")
                .push(ids_close)
                .push(")");
        }
        None => {
            sql.push(" AND 1 = 0");
        }
    }
}
