//! `nivaran import DIR`: master data from the CSV files documented in docs/MASTER-DATA.md.
//! Everything happens in one transaction: a bad row anywhere leaves the database as it was, and the
//! error names the file, the line and what is wrong.

use super::master::MasterData;
use super::{Result, Store, StoreError};
use nivaran_domain::msg;
use nivaran_domain::text::{Mobile, normalize};
use nivaran_domain::types::{JurisdictionLevel, Kind, Role};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct ImportReport {
    pub jurisdictions: usize,
    pub departments: usize,
    pub offices: usize,
    pub categories: usize,
    pub routing_rules: usize,
    pub holidays: usize,
    pub users: usize,
}

/// One jurisdiction, as a row of jurisdictions.csv or the administration form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct JurisdictionRow {
    pub code: String,
    pub parent_code: String,
    pub level: String,
    pub name_en: String,
    pub name_hi: String,
    /// Its headquarters (optional columns): where requests bringing only coordinates go.
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct DepartmentRow {
    pub code: String,
    pub name_en: String,
    pub name_hi: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct OfficeRow {
    pub code: String,
    pub department_code: String,
    pub jurisdiction_code: String,
    pub parent_code: String,
    pub level: String,
    pub name_en: String,
    pub name_hi: String,
    pub nodal: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CategoryRow {
    pub code: String,
    pub department_code: String,
    pub parent_code: String,
    pub kind: String,
    pub name_en: String,
    pub name_hi: String,
    pub deadline_days: String,
    pub rts: String,
    /// Words people use for the category, `;`-separated (a file without the column has none).
    #[serde(default)]
    pub synonyms: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct RoutingRow {
    pub department_code: String,
    pub category_code: String,
    pub jurisdiction_code: String,
    pub office_code: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct HolidayRow {
    pub state_code: String,
    pub date: String,
    pub name_en: String,
    pub name_hi: String,
}

#[derive(Deserialize)]
pub(super) struct UserRow {
    pub username: String,
    pub full_name: String,
    pub role: String,
    pub office_code: String,
    pub jurisdiction_code: String,
    #[serde(default)]
    pub mobile: String,
    #[serde(default)]
    pub email: String,
}

/// Reads `dir/name` if it exists: each row with its line number.
fn read_csv<T: DeserializeOwned>(dir: &Path, name: &str) -> Result<Vec<(u64, T)>> {
    let path = dir.join(name);
    if !path.exists() {
        return Ok(Vec::new());
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(&path)
        .map_err(|e| {
            StoreError::import(
                name,
                0,
                msg!("store-import-unreadable", detail = e.to_string()),
            )
        })?;
    let mut rows = Vec::new();
    for record in reader.deserialize::<T>() {
        match record {
            Ok(row) => rows.push((rows.len() as u64 + 2, row)),
            Err(err) => {
                let line = err.position().map(|p| p.line()).unwrap_or(0);
                return Err(StoreError::import(
                    name,
                    line,
                    msg!("store-import-bad-row", detail = err.to_string()),
                ));
            }
        }
    }
    Ok(rows)
}

fn flag(file: &str, line: u64, column: &str, value: &str) -> Result<i64> {
    match value.trim().to_lowercase().as_str() {
        "true" | "yes" | "1" | "on" => Ok(1),
        "false" | "no" | "0" | "" | "off" => Ok(0),
        other => Err(StoreError::import_field(
            file,
            line,
            column,
            msg!("store-import-bad-flag", value = other),
        )),
    }
}

fn text(file: &str, line: u64, column: &str, value: &str) -> Result<String> {
    let value = normalize(value);
    if value.is_empty() {
        return Err(StoreError::import_field(
            file,
            line,
            column,
            msg!("store-import-empty"),
        ));
    }
    Ok(value)
}

/// Looks a code up in the current transaction.
async fn id_of(tx: &mut AnyConnection, table: &'static str, code: &str) -> Result<Option<i64>> {
    let sql = format!("SELECT id FROM {table} WHERE code = $1");
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(code.trim().to_string())
        .fetch_optional(&mut *tx)
        .await?)
}

async fn require_id(
    tx: &mut AnyConnection,
    table: &'static str,
    code: &str,
    file: &str,
    line: u64,
    column: &str,
) -> Result<i64> {
    id_of(tx, table, code).await?.ok_or_else(|| {
        StoreError::import_field(
            file,
            line,
            column,
            msg!("store-import-unknown-code", code = code.trim()),
        )
    })
}

async fn optional_id(
    tx: &mut AnyConnection,
    table: &'static str,
    code: &str,
    file: &str,
    line: u64,
    column: &str,
) -> Result<Option<i64>> {
    if code.trim().is_empty() {
        return Ok(None);
    }
    require_id(tx, table, code, file, line, column)
        .await
        .map(Some)
}

impl Store {
    /// Imports every master-data file found in `dir`, then reloads the in-memory copy.
    pub async fn import_master_data(&self, dir: &Path) -> Result<ImportReport> {
        if !dir.is_dir() {
            return Err(StoreError::import(
                &dir.display().to_string(),
                0,
                msg!("store-import-not-a-directory"),
            ));
        }
        let mut tx = self.begin_write().await?;
        let report = import_in_tx(&mut tx, dir).await?;
        let users: Vec<(u64, UserRow)> = read_csv(dir, "users.csv")?;
        let mut report = report;
        report.users = users.len();
        for (line, row) in &users {
            self.upsert_user_row(&mut tx, row, *line).await?;
        }
        let loaded = MasterData::load(&mut tx).await?;
        loaded.check().map_err(StoreError::MasterData)?;
        let mut actor = super::Actor::system();
        actor.label = "nivaran import".into();
        super::settings::log_admin(
            &mut tx,
            &actor,
            self.now(),
            "import_master_data",
            &dir.display().to_string(),
            &serde_json::to_value(&report).unwrap_or_default(),
        )
        .await?;
        super::settings::bump_master_version(&mut tx).await?;
        tx.commit().await?;
        self.reload_master().await?;
        Ok(report)
    }

    async fn upsert_user_row(
        &self,
        tx: &mut AnyConnection,
        row: &UserRow,
        line: u64,
    ) -> Result<()> {
        const FILE: &str = "users.csv";
        let username = text(FILE, line, "username", &row.username)?.to_lowercase();
        let role = Role::parse(&row.role).ok_or_else(|| {
            StoreError::import(
                FILE,
                line,
                msg!("store-import-bad-role", codes = Role::codes()),
            )
        })?;
        let office =
            optional_id(tx, "offices", &row.office_code, FILE, line, "office_code").await?;
        let jurisdiction = optional_id(
            tx,
            "jurisdictions",
            &row.jurisdiction_code,
            FILE,
            line,
            "jurisdiction_code",
        )
        .await?;
        if matches!(role, Role::Officer | Role::Supervisor) && office.is_none() {
            return Err(StoreError::import(
                FILE,
                line,
                msg!("store-import-office-required"),
            ));
        }
        let mobile = if row.mobile.trim().is_empty() {
            None
        } else {
            Some(
                Mobile::parse(&row.mobile)
                    .map_err(|e| StoreError::import(FILE, line, e.message))?
                    .as_str()
                    .to_string(),
            )
        };
        let email = if row.email.trim().is_empty() {
            None
        } else {
            Some(
                nivaran_domain::text::Email::parse(&row.email)
                    .map_err(|e| StoreError::import(FILE, line, e.message))?
                    .as_str()
                    .to_string(),
            )
        };
        let mobile_for_check = mobile.clone();
        // Users imported from a file have no password until one is set; "!" never verifies.
        sqlx::query(
            "INSERT INTO users (username, full_name, role, office_id, jurisdiction_id, mobile, password_hash, created_at, email) \
             VALUES ($1, $2, $3, $4, $5, $6, '!', $7, $8) \
             ON CONFLICT (username) DO UPDATE SET full_name = excluded.full_name, role = excluded.role, \
             office_id = excluded.office_id, jurisdiction_id = excluded.jurisdiction_id, mobile = excluded.mobile, \
             email = excluded.email",
        )
        .bind(username)
        .bind(text(FILE, line, "full_name", &row.full_name)?)
        .bind(role.code())
        .bind(office)
        .bind(jurisdiction)
        .bind(mobile)
        .bind(self.now().0)
        .bind(email)
        .execute(&mut *tx)
        .await?;
        if role != Role::Citizen
            && let Some(mobile) = &mobile_for_check
        {
            super::users::withdraw_citizen_number(tx, mobile).await?;
        }
        Ok(())
    }
}

async fn import_in_tx(tx: &mut AnyConnection, dir: &Path) -> Result<ImportReport> {
    Ok(ImportReport {
        jurisdictions: upsert_jurisdictions(tx, read_csv(dir, JF)?).await?,
        departments: upsert_departments(tx, read_csv(dir, DF)?).await?,
        offices: upsert_offices(tx, read_csv(dir, OF)?).await?,
        categories: upsert_categories(tx, read_csv(dir, CF)?).await?,
        routing_rules: upsert_routing(tx, read_csv(dir, RF)?).await?,
        holidays: upsert_holidays(tx, read_csv(dir, HF)?).await?,
        users: 0,
    })
}

pub(super) const JF: &str = "jurisdictions.csv";
pub(super) const DF: &str = "departments.csv";
pub(super) const OF: &str = "offices.csv";
pub(super) const CF: &str = "categories.csv";
pub(super) const RF: &str = "routing.csv";
pub(super) const HF: &str = "holidays.csv";

/// Adds or updates jurisdictions (by code), parents before children whatever the row order.
pub(super) async fn upsert_jurisdictions(
    tx: &mut AnyConnection,
    mut rows: Vec<(u64, JurisdictionRow)>,
) -> Result<usize> {
    let mut depth_of: HashMap<String, u8> = HashMap::new();
    for (line, row) in &rows {
        let level = JurisdictionLevel::parse(&row.level).ok_or_else(|| {
            StoreError::import_field(
                JF,
                *line,
                "level",
                msg!(
                    "store-import-bad-jurisdiction-level",
                    codes = JurisdictionLevel::codes()
                ),
            )
        })?;
        depth_of.insert(row.code.clone(), level.depth());
    }
    rows.sort_by_key(|(line, row)| (depth_of.get(&row.code).copied().unwrap_or(0), *line));
    for (line, row) in &rows {
        let line = *line;
        let level = JurisdictionLevel::parse(&row.level).expect("checked above");
        let code = text(JF, line, "code", &row.code)?;
        let parent: Option<(i64, String, Option<i64>, Option<i64>)> =
            if row.parent_code.trim().is_empty() {
                None
            } else {
                let found: Option<(i64, String, Option<i64>, Option<i64>)> = sqlx::query_as(
                    "SELECT id, level, state_id, district_id FROM jurisdictions WHERE code = $1",
                )
                .bind(row.parent_code.trim().to_string())
                .fetch_optional(&mut *tx)
                .await?;
                Some(found.ok_or_else(|| {
                    StoreError::import_field(
                        JF,
                        line,
                        "parent_code",
                        msg!("store-import-unknown-code", code = row.parent_code.trim()),
                    )
                })?)
            };
        let allowed = level.allowed_parents();
        match &parent {
            None if level != JurisdictionLevel::State => {
                return Err(StoreError::import_field(
                    JF,
                    line,
                    "parent_code",
                    msg!("store-import-parent-required").label(
                        "level",
                        level.code(),
                        level.label_hi(),
                    ),
                ));
            }
            Some((_, parent_level, _, _)) => {
                let parent_level = JurisdictionLevel::parse(parent_level);
                if !parent_level.is_some_and(|p| allowed.contains(&p)) {
                    return Err(StoreError::import_field(
                        JF,
                        line,
                        "parent_code",
                        msg!("store-import-bad-parent-level")
                            .label("level", level.code(), level.label_hi())
                            .label(
                                "parent",
                                parent_level.map(|p| p.code()).unwrap_or("?"),
                                parent_level.map(|p| p.label_hi()).unwrap_or("?"),
                            ),
                    ));
                }
            }
            None => {}
        }
        let (parent_id, state_id, district_id) = match &parent {
            None => (None, None, None),
            Some((pid, plevel, pstate, pdistrict)) => {
                let state = if plevel == "state" {
                    Some(*pid)
                } else {
                    *pstate
                };
                let district = if plevel == "district" {
                    Some(*pid)
                } else {
                    *pdistrict
                };
                (Some(*pid), state, district)
            }
        };
        let point = match (row.latitude, row.longitude) {
            (None, None) => None,
            (Some(lat), Some(lon))
                if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
            {
                Some((lat, lon))
            }
            _ => {
                return Err(StoreError::import_field(
                    JF,
                    line,
                    "latitude",
                    msg!("store-import-bad-coordinates"),
                ));
            }
        };
        // A change without coordinates (the administration form) keeps those it had.
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO jurisdictions (code, parent_id, level, depth, state_id, district_id, name_en, name_hi, \
             latitude, longitude) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (code) DO UPDATE SET parent_id = excluded.parent_id, level = excluded.level, \
             depth = excluded.depth, state_id = excluded.state_id, district_id = excluded.district_id, \
             name_en = excluded.name_en, name_hi = excluded.name_hi, \
             latitude = COALESCE(excluded.latitude, jurisdictions.latitude), \
             longitude = COALESCE(excluded.longitude, jurisdictions.longitude) RETURNING id",
        )
        .bind(code.clone())
        .bind(parent_id)
        .bind(level.code())
        .bind(level.depth() as i64)
        .bind(state_id)
        .bind(district_id)
        .bind(text(JF, line, "name_en", &row.name_en)?)
        .bind(text(JF, line, "name_hi", &row.name_hi)?)
        .bind(point.map(|p| p.0))
        .bind(point.map(|p| p.1))
        // Not kept prepared: PostgreSQL would fix the coordinates' type from the first row,
        // whose NULLs carry none, and refuse the next row's numbers.
        .persistent(false)
        .fetch_one(&mut *tx)
        .await?;
        // A state is its own state; a district its own district: makes scoping queries uniform.
        if level == JurisdictionLevel::State {
            sqlx::query("UPDATE jurisdictions SET state_id = $1 WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        if level == JurisdictionLevel::District {
            sqlx::query("UPDATE jurisdictions SET district_id = $1 WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    Ok(rows.len())
}

pub(super) async fn upsert_departments(
    tx: &mut AnyConnection,
    rows: Vec<(u64, DepartmentRow)>,
) -> Result<usize> {
    for (line, row) in &rows {
        sqlx::query(
            "INSERT INTO departments (code, name_en, name_hi) VALUES ($1, $2, $3) \
             ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en, name_hi = excluded.name_hi",
        )
        .bind(text(DF, *line, "code", &row.code)?)
        .bind(text(DF, *line, "name_en", &row.name_en)?)
        .bind(text(DF, *line, "name_hi", &row.name_hi)?)
        .execute(&mut *tx)
        .await?;
    }
    Ok(rows.len())
}

/// Offices: all inserted first without parents, then parents linked, so row order is free.
pub(super) async fn upsert_offices(
    tx: &mut AnyConnection,
    rows: Vec<(u64, OfficeRow)>,
) -> Result<usize> {
    for (line, row) in &rows {
        let line = *line;
        let code = text(OF, line, "code", &row.code)?;
        let department = require_id(
            tx,
            "departments",
            &row.department_code,
            OF,
            line,
            "department_code",
        )
        .await?;
        let jurisdiction = require_id(
            tx,
            "jurisdictions",
            &row.jurisdiction_code,
            OF,
            line,
            "jurisdiction_code",
        )
        .await?;
        let level: i64 = row
            .level
            .trim()
            .parse()
            .ok()
            .filter(|l| (1..=4).contains(l))
            .ok_or_else(|| {
                StoreError::import_field(
                    OF,
                    line,
                    "level",
                    msg!("store-import-bad-office-level", value = row.level.trim()),
                )
            })?;
        sqlx::query(
            "INSERT INTO offices (code, department_id, jurisdiction_id, level, nodal, name_en, name_hi) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (code) DO UPDATE SET department_id = excluded.department_id, \
             jurisdiction_id = excluded.jurisdiction_id, level = excluded.level, nodal = excluded.nodal, \
             name_en = excluded.name_en, name_hi = excluded.name_hi",
        )
        .bind(code)
        .bind(department)
        .bind(jurisdiction)
        .bind(level)
        .bind(flag(OF, line, "nodal", &row.nodal)?)
        .bind(text(OF, line, "name_en", &row.name_en)?)
        .bind(text(OF, line, "name_hi", &row.name_hi)?)
        .execute(&mut *tx)
        .await?;
    }
    for (line, row) in &rows {
        let parent = optional_id(tx, "offices", &row.parent_code, OF, *line, "parent_code").await?;
        if row.parent_code.trim() == row.code.trim() && parent.is_some() {
            return Err(StoreError::import_field(
                OF,
                *line,
                "parent_code",
                msg!("store-import-office-own-parent"),
            ));
        }
        sqlx::query("UPDATE offices SET parent_id = $1 WHERE code = $2")
            .bind(parent)
            .bind(row.code.trim().to_string())
            .execute(&mut *tx)
            .await?;
    }
    Ok(rows.len())
}

/// Categories, in the same two passes as offices.
pub(super) async fn upsert_categories(
    tx: &mut AnyConnection,
    rows: Vec<(u64, CategoryRow)>,
) -> Result<usize> {
    for (line, row) in &rows {
        let line = *line;
        let code = text(CF, line, "code", &row.code)?;
        let department = require_id(
            tx,
            "departments",
            &row.department_code,
            CF,
            line,
            "department_code",
        )
        .await?;
        let kind = Kind::parse(&row.kind).ok_or_else(|| {
            StoreError::import_field(
                CF,
                line,
                "kind",
                msg!("store-import-bad-kind", codes = Kind::codes()),
            )
        })?;
        let days: i64 = row
            .deadline_days
            .trim()
            .parse()
            .ok()
            .filter(|d| (1..=365).contains(d))
            .ok_or_else(|| {
                StoreError::import_field(
                    CF,
                    line,
                    "deadline_days",
                    msg!(
                        "store-import-bad-deadline-days",
                        value = row.deadline_days.trim()
                    ),
                )
            })?;
        sqlx::query(
            "INSERT INTO categories (code, department_id, kind, deadline_days, rts, name_en, name_hi, synonyms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (code) DO UPDATE SET department_id = excluded.department_id, kind = excluded.kind, \
             deadline_days = excluded.deadline_days, rts = excluded.rts, name_en = excluded.name_en, \
             name_hi = excluded.name_hi, synonyms = excluded.synonyms",
        )
        .bind(code)
        .bind(department)
        .bind(kind.code())
        .bind(days)
        .bind(flag(CF, line, "rts", &row.rts)?)
        .bind(text(CF, line, "name_en", &row.name_en)?)
        .bind(text(CF, line, "name_hi", &row.name_hi)?)
        .bind(
            super::category_search::clean_synonyms(&row.synonyms).ok_or_else(|| {
                StoreError::import_field(
                    CF,
                    line,
                    "synonyms",
                    msg!(
                        "store-import-synonyms-too-long",
                        max = super::category_search::MAX_SYNONYMS
                    ),
                )
            })?,
        )
        .execute(&mut *tx)
        .await?;
    }
    for (line, row) in &rows {
        let parent =
            optional_id(tx, "categories", &row.parent_code, CF, *line, "parent_code").await?;
        if let Some(parent) = parent {
            let (parent_department,): (i64,) =
                sqlx::query_as("SELECT department_id FROM categories WHERE id = $1")
                    .bind(parent)
                    .fetch_one(&mut *tx)
                    .await?;
            let own = require_id(
                tx,
                "departments",
                &row.department_code,
                CF,
                *line,
                "department_code",
            )
            .await?;
            if parent_department != own || row.parent_code.trim() == row.code.trim() {
                return Err(StoreError::import_field(
                    CF,
                    *line,
                    "parent_code",
                    msg!("store-import-bad-category-parent"),
                ));
            }
        }
        sqlx::query("UPDATE categories SET parent_id = $1 WHERE code = $2")
            .bind(parent)
            .bind(row.code.trim().to_string())
            .execute(&mut *tx)
            .await?;
    }
    Ok(rows.len())
}

pub(super) async fn upsert_routing(
    tx: &mut AnyConnection,
    rows: Vec<(u64, RoutingRow)>,
) -> Result<usize> {
    for (line, row) in &rows {
        let line = *line;
        let department = require_id(
            tx,
            "departments",
            &row.department_code,
            RF,
            line,
            "department_code",
        )
        .await?;
        let category = optional_id(
            tx,
            "categories",
            &row.category_code,
            RF,
            line,
            "category_code",
        )
        .await?;
        if let Some(category) = category {
            let (owner,): (i64,) =
                sqlx::query_as("SELECT department_id FROM categories WHERE id = $1")
                    .bind(category)
                    .fetch_one(&mut *tx)
                    .await?;
            if owner != department {
                return Err(StoreError::import_field(
                    RF,
                    line,
                    "category_code",
                    msg!("store-import-category-of-other-department"),
                ));
            }
        }
        let jurisdiction = require_id(
            tx,
            "jurisdictions",
            &row.jurisdiction_code,
            RF,
            line,
            "jurisdiction_code",
        )
        .await?;
        let office = require_id(tx, "offices", &row.office_code, RF, line, "office_code").await?;
        let key = format!("{department}:{}:{jurisdiction}", category.unwrap_or(0));
        sqlx::query(
            "INSERT INTO routing_rules (rule_key, department_id, category_id, jurisdiction_id, office_id) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (rule_key) DO UPDATE SET office_id = excluded.office_id",
        )
        .bind(key)
        .bind(department)
        .bind(category)
        .bind(jurisdiction)
        .bind(office)
        .execute(&mut *tx)
        .await?;
    }
    Ok(rows.len())
}

pub(super) async fn upsert_holidays(
    tx: &mut AnyConnection,
    rows: Vec<(u64, HolidayRow)>,
) -> Result<usize> {
    for (line, row) in &rows {
        let line = *line;
        let state =
            require_id(tx, "jurisdictions", &row.state_code, HF, line, "state_code").await?;
        let day = time::Date::parse(
            row.date.trim(),
            &time::format_description::well_known::Iso8601::DATE,
        )
        .map_err(|_| {
            StoreError::import_field(
                HF,
                line,
                "date",
                msg!("store-import-bad-date", value = row.date.trim()),
            )
        })?;
        sqlx::query(
            "INSERT INTO holidays (state_id, day, name_en, name_hi) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (state_id, day) DO UPDATE SET name_en = excluded.name_en, name_hi = excluded.name_hi",
        )
        .bind(state)
        .bind(day.to_string())
        .bind(text(HF, line, "name_en", &row.name_en)?)
        .bind(text(HF, line, "name_hi", &row.name_hi)?)
        .execute(&mut *tx)
        .await?;
    }
    Ok(rows.len())
}
