//! "Inter-departmental pending" (seed 004: "pending inter-departmental issues at district
//! level"): the joint cases whose departments' parts still owe their Action Taken Reports, at
//! any scope, with the departments involved and the oldest part. A part counts for its own
//! office: an office's (or officer's) list holds the parts it owes as well as the joint cases
//! it leads.

use super::grievances::{self, CodeName};
use super::master::MasterData;
use super::sql::Sql;
use super::stats::Scope;
use super::{Result, Store};
use nivaran_domain::Timestamp;
use nivaran_domain::lifecycle::PartStatus;
use serde::Serialize;

/// The most cases a list shows (oldest part first); the figures count them all.
pub const MAX_LISTED: usize = 500;
const DAY_MS: i64 = 86_400_000;

/// One pending part in a list.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PendingPart {
    pub department: CodeName,
    pub office: CodeName,
    pub status: String,
    pub status_label_en: String,
    pub status_label_hi: String,
    pub added_at: String,
    /// Whole days since the part was added.
    pub age_days: i64,
    pub due_date: String,
    pub overdue: bool,
}

/// A joint case with its pending parts.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct JointCase {
    pub registration_number: String,
    pub subject: String,
    pub status: String,
    /// The lead department and the office holding the case.
    pub department: CodeName,
    pub holding_office: Option<CodeName>,
    pub parts: Vec<PendingPart>,
    /// The age in days of its oldest pending part.
    pub oldest_part_days: i64,
}

/// Pending parts of one department.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DepartmentParts {
    pub department: CodeName,
    pub pending: i64,
    pub overdue: i64,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Interdepartmental {
    /// Joint cases with at least one part pending.
    pub cases: i64,
    /// Parts pending, and of those past their own deadline.
    pub parts: i64,
    pub parts_overdue: i64,
    /// The age in days of the oldest pending part.
    pub oldest_part_days: Option<i64>,
    pub by_department: Vec<DepartmentParts>,
    /// The cases, oldest part first (at most [`MAX_LISTED`]).
    pub items: Vec<JointCase>,
}

#[derive(sqlx::FromRow)]
struct PartLine {
    grievance_id: i64,
    regno: Option<String>,
    subject: String,
    case_status: String,
    case_department_id: i64,
    holding_office_id: Option<i64>,
    department_id: i64,
    office_id: i64,
    status: String,
    added_at: i64,
    due_at: i64,
}

/// The office by its code and names (its id when master data no longer has it).
fn code_name_office(master: &MasterData, id: i64) -> CodeName {
    grievances::code_name_office(master, Some(id)).unwrap_or_else(|| grievances::unknown(id))
}

/// The condition on `g` (the case) and `p` (its part) for the parts a scope answers for: an
/// area's cases' parts; an office's own parts (and those of the offices under it) and the parts
/// of the cases it leads; an officer's parts held by name and those of the cases they hold.
fn scope_condition(sql: &mut Sql, master: &MasterData, scope: &Scope) {
    match scope {
        Scope::All | Scope::Area(_) => scope.condition(sql, master),
        Scope::Office(office) => {
            let below = master.office_subtree(*office);
            sql.push(" AND (p.office_id IN ").bind_in(&below);
            sql.push(" OR g.holding_office_id IN ")
                .bind_in(&below)
                .push(")");
        }
        Scope::Officer { user_id, .. } => {
            sql.push(" AND (p.holder_user_id = ").bind(*user_id);
            sql.push(" OR g.holder_user_id = ").bind(*user_id).push(")");
        }
    }
}

impl Store {
    /// The inter-departmental pending that `actor` (signed in as `username`) may see: of
    /// `scope` (a dashboard's scope code), or of their own scope; `None` when the scope is
    /// not theirs to see.
    pub async fn interdepartmental_for(
        &self,
        actor: &super::Actor,
        username: &str,
        scope: Option<&str>,
    ) -> Result<Option<(Scope, Interdepartmental)>> {
        let master = self.master();
        let scope = match scope.map(str::trim).filter(|s| !s.is_empty()) {
            Some(code) => Scope::parse(self, code).await?,
            // An officer follows the parts their office owes, whoever holds them.
            None => match (actor.role, actor.office_id) {
                (Some(nivaran_domain::types::Role::Officer), Some(office)) => Scope::Office(office),
                _ => Scope::home_of(actor, &master, username),
            },
        };
        if !scope.visible_to(actor, &master) {
            return Ok(None);
        }
        let figures = self.interdepartmental(&scope).await?;
        Ok(Some((scope, figures)))
    }

    /// The parts each office (or, `by_officer`, each officer holding parts by name) owes now
    /// within `scope`, of those added before `before`: (pending, of those past their own
    /// deadline). What the rankings count for the part's own office.
    pub async fn parts_owed(
        &self,
        scope: &Scope,
        by_officer: bool,
        before: i64,
    ) -> Result<std::collections::HashMap<i64, (i64, i64)>> {
        let master = self.master();
        let now = self.now();
        let key = if by_officer {
            "p.holder_user_id"
        } else {
            "p.office_id"
        };
        let mut sql = Sql::new(&format!(
            "SELECT {key}, COUNT(*), SUM(CASE WHEN p.due_at < "
        ));
        sql.bind(now.0);
        sql.push(
            " THEN 1 ELSE 0 END) FROM case_parts p JOIN grievances g ON g.id = p.grievance_id \
             WHERE g.status NOT IN ('disposed', 'closed') AND p.status IN ",
        );
        sql.push(PartStatus::PENDING_SQL);
        sql.push(" AND p.added_at < ").bind(before);
        sql.push(&format!(" AND {key} IS NOT NULL"));
        scope_condition(&mut sql, &master, scope);
        sql.push(&format!(" GROUP BY {key}"));
        let (text, args) = sql.into_parts();
        let rows: Vec<(i64, i64, i64)> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .into_iter()
            .map(|(k, pending, overdue)| (k, (pending, overdue)))
            .collect())
    }

    /// The inter-departmental pending of `scope` now.
    pub async fn interdepartmental(&self, scope: &Scope) -> Result<Interdepartmental> {
        let master = self.master();
        let now = self.now();
        let mut sql = Sql::new(
            "SELECT g.id AS grievance_id, g.regno, g.subject, g.status AS case_status, \
             g.department_id AS case_department_id, g.holding_office_id, p.department_id, \
             p.office_id, p.status, p.added_at, p.due_at \
             FROM case_parts p JOIN grievances g ON g.id = p.grievance_id \
             WHERE g.status NOT IN ('disposed', 'closed') AND p.status IN ",
        );
        sql.push(PartStatus::PENDING_SQL);
        scope_condition(&mut sql, &master, scope);
        sql.push(" ORDER BY p.added_at, g.id, p.department_id");
        let (text, args) = sql.into_parts();
        let lines: Vec<PartLine> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(self.pool())
            .await?;
        Ok(summarise(&master, lines, now))
    }
}

fn summarise(master: &MasterData, lines: Vec<PartLine>, now: Timestamp) -> Interdepartmental {
    let age = |at: i64| ((now.0 - at).max(0)) / DAY_MS;
    let mut items: Vec<JointCase> = Vec::new();
    let mut index: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    let mut by_department: Vec<DepartmentParts> = Vec::new();
    let mut parts_overdue = 0;
    for line in &lines {
        let status = PartStatus::parse(&line.status).unwrap_or(PartStatus::Assigned);
        let overdue = line.due_at < now.0;
        parts_overdue += i64::from(overdue);
        let department = grievances::code_name_department(master, line.department_id);
        match by_department
            .iter_mut()
            .find(|d| d.department.code == department.code)
        {
            Some(d) => {
                d.pending += 1;
                d.overdue += i64::from(overdue);
            }
            None => by_department.push(DepartmentParts {
                department: department.clone(),
                pending: 1,
                overdue: i64::from(overdue),
            }),
        }
        let part = PendingPart {
            department,
            office: code_name_office(master, line.office_id),
            status: status.code().into(),
            status_label_en: status.label_en().into(),
            status_label_hi: status.label_hi().into(),
            added_at: Timestamp(line.added_at).to_rfc3339(),
            age_days: age(line.added_at),
            due_date: Timestamp(line.due_at).ist_date().to_string(),
            overdue,
        };
        // Lines come oldest part first, so a case's first line is its oldest part.
        match index.get(&line.grievance_id) {
            Some(i) => items[*i].parts.push(part),
            None => {
                index.insert(line.grievance_id, items.len());
                items.push(JointCase {
                    registration_number: line.regno.clone().unwrap_or_default(),
                    subject: line.subject.clone(),
                    status: line.case_status.clone(),
                    department: grievances::code_name_department(master, line.case_department_id),
                    holding_office: line.holding_office_id.map(|o| code_name_office(master, o)),
                    oldest_part_days: part.age_days,
                    parts: vec![part],
                });
            }
        }
    }
    by_department.sort_by(|a, b| {
        b.pending
            .cmp(&a.pending)
            .then(a.department.code.cmp(&b.department.code))
    });
    let cases = items.len() as i64;
    items.truncate(MAX_LISTED);
    Interdepartmental {
        cases,
        parts: lines.len() as i64,
        parts_overdue,
        oldest_part_days: lines.first().map(|l| age(l.added_at)),
        by_department,
        items,
    }
}
