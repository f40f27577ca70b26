//! Disciplinary records (seed 002): what follows when audits or reviews find an officer's work
//! fake or stalled. The reviewing authority (a supervisor of the officer's office or one above
//! it) opens a record on the officer and enters its steps as they happen: a warning, a
//! show-cause notice, the officer's reply, a charge-sheet, and the outcome that closes it, each
//! dated with its documents. Only that authority and auditors (of the officer's area) see a
//! record; to anyone else it does not exist. Each change is in `admin_log`, without its words.

use super::attachments::Upload;
use super::settings::log_admin;
use super::users::Actor;
use super::{Result, Store, StoreError};
use nivaran_domain::ErrorCode;
use nivaran_domain::msg;
use nivaran_domain::text::FieldError;
use nivaran_domain::types::Role;
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use time::Date;

/// The steps of a record, in the order they usually come.
pub const STEP_KINDS: [&str; 5] = ["warning", "show_cause", "reply", "charge_sheet", "outcome"];

/// How a record can end; all but the first count against the officer.
pub const OUTCOMES: [&str; 4] = ["exonerated", "censure", "minor_penalty", "major_penalty"];

/// The outcomes that count against the officer (in the ranking, where the state weighs them).
pub const ADVERSE_OUTCOMES: &str = "('censure', 'minor_penalty', 'major_penalty')";

/// Most case numbers one record names.
const MAX_CASES: usize = 50;

/// A record as listed.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RecordSummary {
    pub id: i64,
    pub officer_user_id: i64,
    pub officer_username: String,
    pub officer_name: String,
    pub office_id: Option<i64>,
    pub authority_user_id: i64,
    pub authority_name: String,
    pub grounds: String,
    pub cases: String,
    pub opened_at: i64,
    pub outcome: Option<String>,
    pub outcome_on: Option<String>,
    pub steps: i64,
}

impl RecordSummary {
    pub fn is_open(&self) -> bool {
        self.outcome.is_none()
    }

    /// The case numbers it names.
    pub fn case_numbers(&self) -> Vec<&str> {
        self.cases.split_whitespace().collect()
    }

    /// The grounds' first words, for a list.
    pub fn grounds_short(&self) -> String {
        let mut short: String = self.grounds.chars().take(80).collect();
        if self.grounds.chars().count() > 80 {
            short.push('…');
        }
        short
    }
}

/// One step of a record.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Step {
    pub id: i64,
    pub kind: String,
    pub on_date: String,
    pub text: String,
    pub recorded_by: String,
    pub recorded_at: i64,
    #[sqlx(skip)]
    pub documents: Vec<Document>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Document {
    pub step_id: i64,
    pub sha256: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
}

/// A record with its steps, for someone who may see it.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub summary: RecordSummary,
    pub steps: Vec<Step>,
    /// The one who may add steps (the authority who opened it), while it is open.
    pub may_add: bool,
}

/// A step as entered.
#[derive(Debug, Clone, Default)]
pub struct NewStep {
    pub kind: String,
    pub on_date: String,
    pub text: String,
    /// For the outcome step.
    pub outcome: String,
    pub documents: Vec<Upload>,
}

const SUMMARY: &str = "SELECT r.id, r.officer_user_id, o.username AS officer_username, \
     o.full_name AS officer_name, r.office_id, r.authority_user_id, a.full_name AS authority_name, r.grounds, r.cases, \
     r.opened_at, r.outcome, r.outcome_on, \
     (SELECT COUNT(*) FROM disciplinary_steps s WHERE s.record_id = r.id) AS steps \
     FROM disciplinary_records r JOIN users o ON o.id = r.officer_user_id \
     JOIN users a ON a.id = r.authority_user_id";

fn invalid(field: &str, code: ErrorCode, message: nivaran_domain::message::Message) -> StoreError {
    FieldError::new(field, code, message).into()
}

fn parse_date(field: &str, text: &str) -> Result<Date> {
    Date::parse(
        text.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| {
        invalid(
            field,
            ErrorCode::InvalidDate,
            msg!("store-reviews-bad-date"),
        )
    })
}

impl Store {
    /// May `actor` see a record on an officer of `office`, opened by `authority`?
    fn may_see_record(&self, actor: &Actor, authority: i64, office: Option<i64>) -> bool {
        if actor.user_id == Some(authority) {
            return true;
        }
        if actor.role != Some(Role::Auditor) {
            return false;
        }
        // An auditor posted to an area sees the records of its offices; one without a posting,
        // every record.
        let Some(area) = actor.jurisdiction_id else {
            return true;
        };
        let master = self.master();
        office
            .and_then(|o| master.offices.get(&o))
            .is_some_and(|o| {
                master
                    .jurisdiction_subtree(area)
                    .contains(&o.jurisdiction_id)
            })
    }

    /// The officers `actor` is the reviewing authority of: the active officers of their office,
    /// and the active officers and supervisors of every office under it (not the supervisors of
    /// their own office: peers are not each other's authority). (id, username, name).
    pub fn officers_under(&self, actor: &Actor) -> Vec<(i64, String, String)> {
        if actor.role != Some(Role::Supervisor) {
            return Vec::new();
        }
        let Some(office) = actor.office_id else {
            return Vec::new();
        };
        let master = self.master();
        let offices = master.office_subtree(office);
        let mut people: Vec<(i64, String, String)> = master
            .people
            .values()
            .filter(|p| p.active != 0 && Some(p.id) != actor.user_id)
            .filter(|p| p.office_id.is_some_and(|o| offices.contains(&o)))
            .filter(|p| p.role == "officer" || p.office_id != Some(office))
            .map(|p| (p.id, p.username.clone(), p.full_name.clone()))
            .collect();
        people.sort_by(|a, b| a.2.cmp(&b.2).then(a.1.cmp(&b.1)));
        people
    }

    /// Opens a record on `officer` (a username) for `actor`, its reviewing authority, on
    /// `grounds`, naming `cases` (registration numbers, space- or comma-separated). Returns its
    /// id.
    pub async fn open_disciplinary_record(
        &self,
        actor: &Actor,
        officer: &str,
        grounds: &str,
        cases: &str,
    ) -> Result<i64> {
        let authority = actor
            .user_id
            .ok_or(StoreError::Forbidden("keep records on"))?;
        if actor.role != Some(Role::Supervisor) {
            return Err(StoreError::Forbidden("keep records on"));
        }
        let officer = officer.trim();
        let Some((officer_id, _, _)) = self
            .officers_under(actor)
            .into_iter()
            .find(|(_, username, _)| username == officer)
        else {
            return Err(invalid(
                "officer",
                ErrorCode::Unknown,
                msg!("store-discipline-not-under-you", officer = officer),
            ));
        };
        let grounds = nivaran_domain::text::bounded("grounds", grounds, 5, 4000)?;
        let mut numbers: Vec<String> = Vec::new();
        for number in cases
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|n| !n.is_empty())
        {
            let number = number.trim().to_uppercase();
            if !numbers.contains(&number) {
                numbers.push(number);
            }
        }
        if numbers.len() > MAX_CASES {
            return Err(invalid(
                "cases",
                ErrorCode::TooLong,
                msg!("store-discipline-too-many-cases", max = MAX_CASES),
            ));
        }
        // Only cases the authority may see: one it may not is answered as one that is not.
        for number in &numbers {
            if self.grievance_for(number, actor).await.is_err() {
                return Err(invalid(
                    "cases",
                    ErrorCode::Unknown,
                    msg!("store-discipline-no-case", number = number.as_str()),
                ));
            }
        }
        let office = self
            .master()
            .people
            .get(&officer_id)
            .and_then(|p| p.office_id);
        let now = self.now();
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO disciplinary_records (officer_user_id, office_id, authority_user_id, grounds, cases, opened_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(officer_id)
        .bind(office)
        .bind(authority)
        .bind(grounds)
        .bind(numbers.join(" "))
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        log_admin(
            &mut tx,
            actor,
            now,
            "open_disciplinary_record",
            &format!("disciplinary record {id}"),
            &json!({"cases": numbers.len()}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The records `actor` may see, newest first; of one officer (a user id) if given.
    pub async fn disciplinary_records(
        &self,
        actor: &Actor,
        officer: Option<i64>,
    ) -> Result<Vec<RecordSummary>> {
        if actor.user_id.is_none() {
            return Ok(Vec::new());
        }
        let mut sql = super::sql::Sql::new(SUMMARY);
        sql.push(" WHERE 1 = 1");
        if actor.role != Some(Role::Auditor) {
            sql.push(" AND r.authority_user_id = ").bind(actor.user_id);
        } else if let Some(area) = actor.jurisdiction_id {
            // An auditor posted to an area: the records of its offices.
            let master = self.master();
            let places = master.jurisdiction_subtree(area);
            let offices: Vec<String> = master
                .offices
                .values()
                .filter(|o| places.contains(&o.jurisdiction_id))
                .map(|o| o.id.to_string())
                .collect();
            if offices.is_empty() {
                return Ok(Vec::new());
            }
            sql.push(&format!(" AND r.office_id IN ({})", offices.join(",")));
        }
        if let Some(officer) = officer {
            sql.push(" AND r.officer_user_id = ").bind(officer);
        }
        sql.push(" ORDER BY r.id DESC LIMIT 500");
        let (text, args) = sql.into_parts();
        let rows: Vec<RecordSummary> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .into_iter()
            .filter(|r| self.may_see_record(actor, r.authority_user_id, r.office_id))
            .collect())
    }

    /// One record with its steps, for someone who may see it.
    pub async fn disciplinary_record(&self, actor: &Actor, id: i64) -> Result<Record> {
        let found: Option<(i64, Option<i64>)> = sqlx::query_as(
            "SELECT authority_user_id, office_id FROM disciplinary_records WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        let Some((authority, office)) = found else {
            return Err(StoreError::NotFound("disciplinary-record"));
        };
        if !self.may_see_record(actor, authority, office) {
            return Err(StoreError::NotFound("disciplinary-record"));
        }
        let summary: RecordSummary =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{SUMMARY} WHERE r.id = $1")))
                .bind(id)
                .fetch_one(self.pool())
                .await?;
        let mut steps: Vec<Step> = sqlx::query_as(
            "SELECT s.id, s.kind, s.on_date, s.text, u.full_name AS recorded_by, s.recorded_at \
             FROM disciplinary_steps s JOIN users u ON u.id = s.recorded_by \
             WHERE s.record_id = $1 ORDER BY s.id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let documents: Vec<Document> = sqlx::query_as(
            "SELECT d.step_id, d.sha256, d.filename, d.content_type, d.size_bytes \
             FROM disciplinary_documents d JOIN disciplinary_steps s ON s.id = d.step_id \
             WHERE s.record_id = $1 ORDER BY d.filename",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        for step in &mut steps {
            step.documents = documents
                .iter()
                .filter(|d| d.step_id == step.id)
                .cloned()
                .collect();
        }
        Ok(Record {
            may_add: actor.user_id == Some(authority) && summary.is_open(),
            summary,
            steps,
        })
    }

    /// Adds a step to record `id`, for its authority, while it is open; the outcome closes it.
    pub async fn add_disciplinary_step(&self, actor: &Actor, id: i64, new: NewStep) -> Result<()> {
        let record = self.disciplinary_record(actor, id).await?;
        if actor.user_id.is_none() || !record.may_add {
            return Err(if record.summary.is_open() {
                StoreError::Forbidden("add steps to")
            } else {
                invalid(
                    "kind",
                    ErrorCode::AlreadyDecided,
                    msg!("store-discipline-closed"),
                )
            });
        }
        let kind = new.kind.trim();
        if !STEP_KINDS.contains(&kind) {
            return Err(invalid(
                "kind",
                ErrorCode::InvalidChoice,
                msg!("store-discipline-bad-kind"),
            ));
        }
        let on = parse_date("on_date", &new.on_date)?;
        if on > self.now().ist_date() {
            return Err(invalid(
                "on_date",
                ErrorCode::OutOfRange,
                msg!("store-discipline-future-date"),
            ));
        }
        let text = nivaran_domain::text::bounded("text", &new.text, 5, 4000)?;
        // A reply answers a notice: there must be one to answer.
        if kind == "reply"
            && !record
                .steps
                .iter()
                .any(|s| matches!(s.kind.as_str(), "show_cause" | "charge_sheet"))
        {
            return Err(invalid(
                "kind",
                ErrorCode::InvalidChoice,
                msg!("store-discipline-reply-needs-notice"),
            ));
        }
        let outcome = new.outcome.trim();
        // An outcome chosen on another step would be lost without a word.
        if kind != "outcome" && !outcome.is_empty() {
            return Err(invalid(
                "outcome",
                ErrorCode::InvalidChoice,
                msg!("store-discipline-outcome-on-outcome-step"),
            ));
        }
        if kind == "outcome" && !OUTCOMES.contains(&outcome) {
            return Err(invalid(
                "outcome",
                ErrorCode::InvalidChoice,
                msg!("store-discipline-bad-outcome"),
            ));
        }
        // Every document is checked before any is stored, then stored before the rows that
        // name it are committed.
        let mut files = Vec::with_capacity(new.documents.len());
        for upload in &new.documents {
            files.push(Store::check_blob(&upload.filename, &upload.bytes)?);
        }
        for (file, upload) in files.iter().zip(&new.documents) {
            self.write_blob(file, &upload.bytes).await?;
        }
        let now = self.now();
        let mut tx = self.begin_write().await?;
        let step: i64 = sqlx::query_scalar(
            "INSERT INTO disciplinary_steps (record_id, kind, on_date, text, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(id)
        .bind(kind)
        .bind(on.to_string())
        .bind(text)
        .bind(actor.user_id)
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        for file in &files {
            file.record_for_step(&mut tx, step).await?;
        }
        if kind == "outcome" {
            // Closed once: a second outcome racing this one finds it closed.
            let closed = sqlx::query(
                "UPDATE disciplinary_records SET outcome = $1, outcome_on = $2, closed_at = $3 \
                 WHERE id = $4 AND outcome IS NULL",
            )
            .bind(outcome)
            .bind(on.to_string())
            .bind(now.0)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if closed == 0 {
                return Err(invalid(
                    "kind",
                    ErrorCode::AlreadyDecided,
                    msg!("store-discipline-closed"),
                ));
            }
        }
        log_admin(
            &mut tx,
            actor,
            now,
            "disciplinary_step",
            &format!("disciplinary record {id}"),
            &json!({"kind": kind, "on": on.to_string(), "documents": files.len()}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A document of a record, for someone who may see the record.
    pub async fn disciplinary_document(
        &self,
        actor: &Actor,
        id: i64,
        sha256: &str,
    ) -> Result<(Document, Vec<u8>)> {
        let record = self.disciplinary_record(actor, id).await?;
        let document = record
            .steps
            .iter()
            .flat_map(|s| s.documents.iter())
            .find(|d| d.sha256 == sha256)
            .cloned()
            .ok_or(StoreError::NotFound("attachment"))?;
        let bytes = self.read_blob(&document.sha256).await?;
        Ok((document, bytes))
    }

    /// Adverse outcomes recorded on each officer (by user id) dated from `from` to `to`
    /// (inclusive): what the ranking weighs where the state says so.
    pub async fn adverse_outcomes(&self, from: Date, to: Date) -> Result<HashMap<i64, i64>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT officer_user_id, COUNT(*) FROM disciplinary_records \
             WHERE outcome IN {ADVERSE_OUTCOMES} AND outcome_on >= $1 AND outcome_on <= $2 \
             GROUP BY officer_user_id"
        )))
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().collect())
    }
}
