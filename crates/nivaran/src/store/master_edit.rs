//! Master data changed one row at a time from the administration pages. Each change goes through
//! the same code as `nivaran import` (so the same rules hold), is checked as a whole before it
//! commits, is recorded in the administration log, and tells the other nodes to reload.

use super::import::{
    self, CategoryRow, DepartmentRow, HolidayRow, JurisdictionRow, OfficeRow, RoutingRow,
};
use super::master::MasterData;
use super::settings::{bump_master_version, log_admin};
use super::users::Actor;
use super::{Result, Store, StoreError};
use serde::Serialize;

/// One change to master data.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum MasterChange {
    Jurisdiction(JurisdictionRow),
    Department(DepartmentRow),
    Office(OfficeRow),
    Category(CategoryRow),
    Routing(RoutingRow),
    Holiday(HolidayRow),
    RemoveRouting { id: i64 },
    RemoveHoliday { id: i64 },
}

impl MasterChange {
    fn describe(&self) -> (&'static str, String) {
        match self {
            MasterChange::Jurisdiction(r) => ("save_jurisdiction", r.code.clone()),
            MasterChange::Department(r) => ("save_department", r.code.clone()),
            MasterChange::Office(r) => ("save_office", r.code.clone()),
            MasterChange::Category(r) => ("save_category", r.code.clone()),
            MasterChange::Routing(r) => (
                "save_routing_rule",
                format!(
                    "{}/{}/{}",
                    r.department_code, r.category_code, r.jurisdiction_code
                ),
            ),
            MasterChange::Holiday(r) => ("save_holiday", format!("{} {}", r.state_code, r.date)),
            MasterChange::RemoveRouting { id } => ("remove_routing_rule", id.to_string()),
            MasterChange::RemoveHoliday { id } => ("remove_holiday", id.to_string()),
        }
    }
}

/// A routing rule as the administration page lists it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RoutingRuleRow {
    pub id: i64,
    pub department_id: i64,
    pub category_id: Option<i64>,
    pub jurisdiction_id: i64,
    pub office_id: i64,
}

/// A holiday as the administration page lists it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct HolidayListRow {
    pub id: i64,
    pub state_id: i64,
    pub day: String,
    pub name_en: String,
    pub name_hi: String,
}

impl Store {
    /// Applies one change to master data for an administrator.
    pub async fn change_master(&self, change: &MasterChange, actor: &Actor) -> Result<()> {
        let mut tx = self.begin_write().await?;
        // Line 1: a form is a file of one row.
        match change.clone() {
            MasterChange::Jurisdiction(row) => {
                import::upsert_jurisdictions(&mut tx, vec![(1, row)]).await?;
            }
            MasterChange::Department(row) => {
                import::upsert_departments(&mut tx, vec![(1, row)]).await?;
            }
            MasterChange::Office(row) => {
                import::upsert_offices(&mut tx, vec![(1, row)]).await?;
            }
            MasterChange::Category(row) => {
                import::upsert_categories(&mut tx, vec![(1, row)]).await?;
            }
            MasterChange::Routing(row) => {
                import::upsert_routing(&mut tx, vec![(1, row)]).await?;
            }
            MasterChange::Holiday(row) => {
                import::upsert_holidays(&mut tx, vec![(1, row)]).await?;
            }
            MasterChange::RemoveRouting { id } => {
                let done = sqlx::query("DELETE FROM routing_rules WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound("routing rule"));
                }
            }
            MasterChange::RemoveHoliday { id } => {
                let done = sqlx::query("DELETE FROM holidays WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound("holiday"));
                }
            }
        }
        let loaded = MasterData::load(&mut tx).await?;
        loaded.check().map_err(StoreError::MasterData)?;
        let (action, object) = change.describe();
        log_admin(
            &mut tx,
            actor,
            self.now(),
            action,
            &object,
            &serde_json::to_value(change).unwrap_or_default(),
        )
        .await?;
        bump_master_version(&mut tx).await?;
        tx.commit().await?;
        self.reload_master().await
    }

    /// Routing rules, optionally of one department, in a stable order.
    pub async fn list_routing_rules(&self, department: Option<i64>) -> Result<Vec<RoutingRuleRow>> {
        Ok(sqlx::query_as(
            "SELECT id, department_id, category_id, jurisdiction_id, office_id FROM routing_rules \
             WHERE (CAST($1 AS BIGINT) IS NULL OR department_id = $1) ORDER BY department_id, jurisdiction_id, category_id, id",
        )
        .bind(department)
        .fetch_all(self.pool())
        .await?)
    }

    /// Holidays of one state, or all, by date.
    pub async fn list_holidays(&self, state: Option<i64>) -> Result<Vec<HolidayListRow>> {
        Ok(sqlx::query_as(
            "SELECT id, state_id, day, name_en, name_hi FROM holidays \
             WHERE (CAST($1 AS BIGINT) IS NULL OR state_id = $1) ORDER BY day, state_id",
        )
        .bind(state)
        .fetch_all(self.pool())
        .await?)
    }
}
