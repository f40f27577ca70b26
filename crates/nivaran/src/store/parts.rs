//! The parts of joint cases (issue 17, part 1): their rows in `case_parts`, kept in step with
//! the case's state by the one case-writing path (`apply_and_record`), shown on the case, and
//! routed to the joint department's office by the same rules as a case.

use super::grievances::LoadedCase;
use super::master::MasterData;
use super::outbox::{insert_outbox, office_recipients};
use super::sql::Sql;
use super::{Engine, Result, StoreError};
use crate::notify::Notifications;
use crate::notify::messages::{Message, sms_date};
use crate::store::grievances::CodeName;
use nivaran_domain::ErrorCode;
use nivaran_domain::Timestamp;
use nivaran_domain::lifecycle::Action;
use nivaran_domain::lifecycle::{Part, PartStatus};
use nivaran_domain::msg;
use nivaran_domain::text::FieldError;
use serde::Serialize;
use sqlx::AnyConnection;

pub(super) const PART_COLUMNS: &str = "grievance_id, department_id, office_id, status, holder_user_id, eta, \
    forwarded_to_id, escalation_level, escalated_to_id, due_at, added_at";

/// A part's row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(super) struct PartRow {
    pub grievance_id: i64,
    pub department_id: i64,
    pub office_id: i64,
    pub status: String,
    pub holder_user_id: Option<i64>,
    pub eta: Option<i64>,
    pub forwarded_to_id: Option<i64>,
    pub escalation_level: i64,
    pub escalated_to_id: Option<i64>,
    pub due_at: i64,
    pub added_at: i64,
}

impl PartRow {
    /// The part as the lifecycle knows it.
    pub fn part(&self) -> Part {
        Part {
            department: self.department_id,
            office: self.office_id,
            status: PartStatus::parse(&self.status).unwrap_or(PartStatus::Assigned),
            holder: self.holder_user_id,
            eta: self.eta.map(Timestamp),
            forwarded_to: self.forwarded_to_id,
            escalation_level: self.escalation_level.clamp(1, 4) as u8,
            escalated_to: self.escalated_to_id,
        }
    }
}

/// The parts of the cases `ids`, in the order they were added.
pub(super) async fn load(
    conn: &mut AnyConnection,
    engine: Engine,
    ids: &[i64],
) -> Result<Vec<PartRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::many(
        engine,
        &format!("SELECT {PART_COLUMNS} FROM case_parts WHERE grievance_id IN "),
    );
    sql.bind_in(ids)
        .push(" ORDER BY grievance_id, added_at, department_id");
    let (text, args) = sql.into_parts();
    Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
        .fetch_all(&mut *conn)
        .await?)
}

/// The parts of one case, in the order they were added.
pub(super) async fn load_one(conn: &mut AnyConnection, id: i64) -> Result<Vec<PartRow>> {
    let sql = format!(
        "SELECT {PART_COLUMNS} FROM case_parts WHERE grievance_id = $1 ORDER BY added_at, department_id"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?)
}

/// Writes what a step changed in a case's parts: a part added gets its row with its own
/// deadline (`due`), a part changed its new state (and, escalated, the time it was).
pub(super) async fn save(
    tx: &mut AnyConnection,
    grievance_id: i64,
    before: &[Part],
    after: &[Part],
    due: Timestamp,
    at: Timestamp,
    case_open: bool,
) -> Result<()> {
    for part in after {
        let old = before.iter().find(|p| p.department == part.department);
        if old == Some(part) {
            continue;
        }
        match old {
            None => {
                sqlx::query(
                    "INSERT INTO case_parts (grievance_id, department_id, office_id, status, holder_user_id, eta, \
                     forwarded_to_id, escalation_level, escalated_to_id, due_at, escalated_at, added_at, updated_at, case_open) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $11, $12)",
                )
                .bind(grievance_id)
                .bind(part.department)
                .bind(part.office)
                .bind(part.status.code())
                .bind(part.holder)
                .bind(part.eta.map(|t| t.0))
                .bind(part.forwarded_to)
                .bind(i64::from(part.escalation_level))
                .bind(part.escalated_to)
                .bind(due.0)
                .bind(at.0)
                .bind(i64::from(case_open))
                .execute(&mut *tx)
                .await?;
            }
            Some(old) => {
                let escalated = old.escalation_level != part.escalation_level;
                sqlx::query(
                    "UPDATE case_parts SET office_id = $1, status = $2, holder_user_id = $3, eta = $4, \
                     forwarded_to_id = $5, escalation_level = $6, escalated_to_id = $7, \
                     escalated_at = CASE WHEN $8 = 1 THEN $9 ELSE escalated_at END, updated_at = $9 \
                     WHERE grievance_id = $10 AND department_id = $11",
                )
                .bind(part.office)
                .bind(part.status.code())
                .bind(part.holder)
                .bind(part.eta.map(|t| t.0))
                .bind(part.forwarded_to)
                .bind(i64::from(part.escalation_level))
                .bind(part.escalated_to)
                .bind(i64::from(escalated))
                .bind(at.0)
                .bind(grievance_id)
                .bind(part.department)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    Ok(())
}

/// Notes on each of a case's parts whether the case is open, when it opens or closes: an
/// office's list of open cases asks for its parts of open cases only (see `scope`).
pub(super) async fn mark_case_open(
    tx: &mut AnyConnection,
    grievance_id: i64,
    open: bool,
) -> Result<()> {
    sqlx::query("UPDATE case_parts SET case_open = $1 WHERE grievance_id = $2")
        .bind(i64::from(open))
        .bind(grievance_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Tells a part's office's people, by SMS, what a step asks of them: a part given to them and
/// the lead office's reminder (`officer_reminder`, with the part's own deadline), a part
/// escalated (`officer_escalated`, to the office above).
pub(super) async fn notify_part_office(
    tx: &mut AnyConnection,
    notifications: &Notifications,
    master: &MasterData,
    case: &LoadedCase,
    action: &Action,
    seq: i64,
    at: Timestamp,
) -> Result<()> {
    let department = match action {
        Action::AddJointDepartment {
            department,
            office: Some(_),
            ..
        }
        | Action::PartRemind { department, .. }
        | Action::PartEscalate { department, .. } => *department,
        _ => return Ok(()),
    };
    let Some(row) = case.parts.iter().find(|p| p.department_id == department) else {
        return Ok(());
    };
    let regno = case.row.regno.clone().unwrap_or_default();
    let (key, office, values) = match action {
        Action::PartEscalate { .. } => {
            let Some(to) = row.escalated_to_id else {
                return Ok(());
            };
            (
                "officer_escalated",
                to,
                vec![
                    regno,
                    row.escalation_level.to_string(),
                    master.office_code(Some(to)).unwrap_or_default(),
                ],
            )
        }
        _ => (
            "officer_reminder",
            row.office_id,
            vec![regno, sms_date(Timestamp(row.due_at))],
        ),
    };
    let people = office_recipients(tx, &[office]).await?;
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    let mut messages = Vec::new();
    for (_, user_id, mobile) in &people {
        messages.push(Message::to_officer(
            notifications,
            key,
            &values,
            case.row.id,
            &format!("g{}:e{}:part", case.row.id, seq),
            *user_id,
            mobile,
        )?);
    }
    insert_outbox(tx, None, &messages, at).await
}

/// The office of `department` that must act on a case of `category_id` at `jurisdiction_id`:
/// the routing rules' choice for that department, as for a case of its own. A department no
/// rule places there gets no part (a nodal queue is for cases, not for parts).
pub(in crate::store) fn office_for(
    master: &MasterData,
    department: i64,
    category_id: i64,
    jurisdiction_id: i64,
) -> Result<i64> {
    if master
        .categories
        .get(&category_id)
        .is_some_and(|c| c.department_id == department)
    {
        return Err(FieldError::new(
            "department",
            ErrorCode::OwnDepartment,
            msg!("store-parts-own-department"),
        )
        .into());
    }
    master
        .part_office(department, category_id, jurisdiction_id)
        .ok_or_else(|| {
            FieldError::new(
                "department",
                ErrorCode::NoRoute,
                msg!(
                    "store-parts-no-office",
                    department = master
                        .departments
                        .get(&department)
                        .map(|d| d.code.clone())
                        .unwrap_or_default()
                ),
            )
            .into()
        })
}

/// The department of a part action named by code, which must have a part of the case.
pub(super) fn part_department(master: &MasterData, parts: &[Part], code: &str) -> Result<i64> {
    let department = master.department_by_code(code).ok_or_else(|| {
        StoreError::from(FieldError::new(
            "department",
            ErrorCode::Unknown,
            msg!("store-requests-no-department", code = code.trim()),
        ))
    })?;
    if !parts.iter().any(|p| p.department == department.id) {
        return Err(FieldError::new(
            "department",
            ErrorCode::NoPart,
            msg!("store-parts-no-part", department = department.code.clone()),
        )
        .into());
    }
    Ok(department.id)
}

/// A part as the case page and the API show it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PartView {
    pub department: CodeName,
    pub office: CodeName,
    pub status: String,
    pub status_label_en: String,
    pub status_label_hi: String,
    /// The officer of the part's office who answers for it by name (username), once named.
    pub holder: Option<String>,
    pub holder_name: Option<String>,
    pub eta: Option<String>,
    pub forwarded_to: Option<CodeName>,
    pub escalation_level: i64,
    pub escalated_to: Option<CodeName>,
    pub added_at: String,
    pub due_date: String,
    /// Pending and past its own deadline.
    pub overdue: bool,
}

pub(super) fn views(master: &MasterData, rows: &[PartRow], now: Timestamp) -> Vec<PartView> {
    let office = |id: i64| {
        master.offices.get(&id).map(|o| CodeName {
            code: o.code.clone(),
            name_en: o.name_en.clone(),
            name_hi: o.name_hi.clone(),
        })
    };
    rows.iter()
        .filter_map(|r| {
            let part = r.part();
            let department = master.departments.get(&r.department_id)?;
            let holder = r.holder_user_id.and_then(|h| master.people.get(&h));
            Some(PartView {
                department: CodeName {
                    code: department.code.clone(),
                    name_en: department.name_en.clone(),
                    name_hi: department.name_hi.clone(),
                },
                office: office(r.office_id)?,
                status: part.status.code().to_string(),
                status_label_en: part.status.label_en().to_string(),
                status_label_hi: part.status.label_hi().to_string(),
                holder: holder.map(|p| p.username.clone()),
                holder_name: holder.map(|p| p.full_name.clone()),
                eta: r.eta.map(|t| Timestamp(t).ist_date().to_string()),
                forwarded_to: r.forwarded_to_id.and_then(office),
                escalation_level: r.escalation_level,
                escalated_to: r.escalated_to_id.and_then(office),
                added_at: Timestamp(r.added_at).to_rfc3339(),
                due_date: Timestamp(r.due_at).ist_date().to_string(),
                overdue: part.status.is_pending() && r.due_at < now.0,
            })
        })
        .collect()
}
