//! Bulk import of historical grievances, for states moving from an older portal and for the
//! benchmark's generated years: each case keeps its original dates and its events, replayed
//! through the lifecycle so the history is consistent and chained like any other.
//!
//! The replay happens in memory (the lifecycle is pure), so a case costs one row and a handful of
//! event rows written many at a time, not a round trip per event: millions of cases import in
//! minutes. It is the same code that writes a live filing ([`super::filing`]): the result is what
//! the live path would have written (same rows, same payloads, same hash chains, versions and
//! deadlines); a test replays live cases through it to keep it so.
//!
//! `nivaran import --grievances FILE` is all or nothing: one transaction, and a bad line is
//! reported by its number. The benchmark generator commits batch by batch.

use super::filing::{Replayed, replay_valid, write_cases};
use super::master::MasterData;
use super::requests::ActionRequest;
use super::{Result, Store, StoreError};
use nivaran_domain::Timestamp;
use nivaran_domain::grievance::GrievanceForm;
use nivaran_domain::message::Message;
use nivaran_domain::msg;
use serde::{Deserialize, Serialize};
use std::path::Path;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Cases per batch when reading an import file.
const FILE_BATCH: usize = 1000;

/// One historical case as a JSON line.
#[derive(Debug, Clone, Deserialize)]
struct HistoricalLine {
    legacy_number: Option<String>,
    filed_at: String,
    #[serde(flatten)]
    form: GrievanceForm,
    #[serde(default)]
    events: Vec<HistoricalLineEvent>,
}

#[derive(Debug, Clone, Deserialize)]
struct HistoricalLineEvent {
    at: String,
    #[serde(default)]
    actor: Option<String>,
    #[serde(flatten)]
    request: ActionRequest,
}

/// A historical case ready to import.
#[derive(Debug, Clone)]
pub struct HistoricalCase {
    pub legacy_number: Option<String>,
    pub filed_at: Timestamp,
    pub form: GrievanceForm,
    pub events: Vec<HistoricalEvent>,
}

/// One step of a historical case; `actor` is the label the event log shows (prefixed `import:`).
#[derive(Debug, Clone)]
pub struct HistoricalEvent {
    pub at: Timestamp,
    pub actor: Option<String>,
    pub request: ActionRequest,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct BulkReport {
    pub grievances: usize,
    pub events: usize,
    pub registration_numbers: Vec<String>,
}

fn parse_time(file: &str, line: u64, field: &str, value: &str) -> Result<Timestamp> {
    OffsetDateTime::parse(value.trim(), &Rfc3339)
        .map(Timestamp::from_datetime)
        .map_err(|_| {
            StoreError::import(
                file,
                line,
                msg!("store-bulk-bad-time", value = value, field = field),
            )
        })
}

pub(super) fn actor_label(label: Option<&str>) -> String {
    format!("import:{}", label.unwrap_or("legacy-portal"))
}

/// Replays one case through the lifecycle, as the live path would have recorded it. The error
/// is a message for the import report.
fn replay(master: &MasterData, case: &HistoricalCase) -> std::result::Result<Replayed, Message> {
    let valid = case.form.validate().map_err(|e| {
        // The file's keys as the file writes them (citizen_name), not their names on screen.
        msg!("store-bulk-invalid-form", field = e.field)
            .nested("detail", e.message.field_as_written())
    })?;
    replay_valid(
        master,
        valid,
        case.legacy_number.clone(),
        case.filed_at,
        &case.events,
        actor_label(None),
        None,
    )
}

impl Store {
    /// `nivaran import --grievances FILE`: every line is read and replayed first, so a bad line
    /// anywhere stops before anything is written; then all of it goes in one transaction.
    pub async fn import_grievances(&self, path: &Path) -> Result<BulkReport> {
        let file = path.display().to_string();
        let text = tokio::fs::read_to_string(path).await?;
        let master = self.master();
        let mut replayed = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index as u64 + 1;
            if raw.trim().is_empty() {
                continue;
            }
            let parsed: HistoricalLine = serde_json::from_str(raw).map_err(|e| {
                StoreError::import(
                    &file,
                    line,
                    msg!("store-bulk-bad-json", detail = e.to_string()),
                )
            })?;
            let filed_at = parse_time(&file, line, "filed_at", &parsed.filed_at)?;
            let mut events = Vec::with_capacity(parsed.events.len());
            for (n, e) in parsed.events.into_iter().enumerate() {
                events.push(HistoricalEvent {
                    at: parse_time(&file, line, &format!("events[{n}].at"), &e.at)?,
                    actor: e.actor,
                    request: e.request,
                });
            }
            let case = HistoricalCase {
                legacy_number: parsed.legacy_number,
                filed_at,
                form: parsed.form,
                events,
            };
            replayed.push(replay(&master, &case).map_err(|e| StoreError::import(&file, line, e))?);
        }
        let mut report = BulkReport::default();
        let mut tx = self.begin_write().await?;
        for batch in replayed.chunks(FILE_BATCH) {
            write_cases(&mut tx, self.engine(), &master, batch, &mut report).await?;
        }
        tx.commit().await?;
        Ok(report)
    }

    /// Imports a batch of cases in its own transaction (the benchmark generator's path). A case
    /// the lifecycle refuses is reported with its index in the batch, and nothing is written.
    pub async fn import_batch(&self, cases: &[HistoricalCase]) -> Result<BulkReport> {
        let master = self.master();
        let mut replayed = Vec::with_capacity(cases.len());
        for (i, case) in cases.iter().enumerate() {
            replayed
                .push(replay(&master, case).map_err(|e| StoreError::import("batch", i as u64, e))?);
        }
        let mut report = BulkReport::default();
        let mut tx = self.begin_write().await?;
        write_cases(&mut tx, self.engine(), &master, &replayed, &mut report).await?;
        tx.commit().await?;
        Ok(report)
    }
}
