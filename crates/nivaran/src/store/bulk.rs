//! Bulk import of historical grievances (JSON lines) for states moving from an older portal: each
//! case keeps its original dates and its events, replayed through the lifecycle so the history is
//! consistent and chained like any other. One transaction: a bad line is reported by number and
//! nothing of the file remains.

use super::grievances::{apply_and_record, load_case};
use super::requests::ActionRequest;
use super::users::Actor;
use super::{Result, Store, StoreError};
use nivaran_domain::Timestamp;
use nivaran_domain::grievance::GrievanceForm;
use serde::{Deserialize, Serialize};
use std::path::Path;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[derive(Debug, Deserialize)]
struct HistoricalCase {
    legacy_number: Option<String>,
    filed_at: String,
    #[serde(flatten)]
    form: GrievanceForm,
    #[serde(default)]
    events: Vec<HistoricalEvent>,
}

#[derive(Debug, Deserialize)]
struct HistoricalEvent {
    at: String,
    #[serde(default)]
    actor: Option<String>,
    #[serde(flatten)]
    request: ActionRequest,
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
        .map_err(|_| StoreError::import(file, line, format!("{field} must be an RFC 3339 time such as 2024-05-01T10:30:00+05:30, found '{value}'")))
}

fn historical_actor(label: Option<&str>) -> Actor {
    let mut actor = Actor::system();
    actor.label = format!("import:{}", label.unwrap_or("legacy-portal"));
    actor
}

impl Store {
    pub async fn import_grievances(&self, path: &Path) -> Result<BulkReport> {
        let file = path.display().to_string();
        let text = tokio::fs::read_to_string(path).await?;
        // Parse everything first: a syntax error anywhere stops before any write.
        let mut cases = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index as u64 + 1;
            if raw.trim().is_empty() {
                continue;
            }
            let case: HistoricalCase = serde_json::from_str(raw)
                .map_err(|e| StoreError::import(&file, line, e.to_string()))?;
            cases.push((line, case));
        }
        let master = self.master();
        let mut report = BulkReport::default();
        let mut tx = self.begin_write().await?;
        for (line, case) in cases {
            let valid = case.form.validate().map_err(|e| {
                StoreError::import(&file, line, format!("{}: {}", e.field, e.message_en))
            })?;
            let filed_at = parse_time(&file, line, "filed_at", &case.filed_at)?;
            let filer = historical_actor(None);
            let (id, regno) = self
                .insert_registration(
                    &mut tx,
                    &valid,
                    &filer,
                    filed_at,
                    case.legacy_number.as_deref(),
                )
                .await
                .map_err(|e| StoreError::import(&file, line, e.to_string()))?;
            let explicit_assign = matches!(
                case.events.first().map(|e| &e.request),
                Some(ActionRequest::Assign { .. })
            );
            if !explicit_assign {
                self.route_new_case(&mut tx, id, &filer, filed_at, false)
                    .await
                    .map_err(|e| StoreError::import(&file, line, e.to_string()))?;
            }
            let mut loaded = load_case(&mut tx, id).await?;
            let mut previous = filed_at;
            for (n, event) in case.events.iter().enumerate() {
                let at = parse_time(&file, line, &format!("events[{n}].at"), &event.at)?;
                if at < previous {
                    return Err(StoreError::import(
                        &file,
                        line,
                        format!("events[{n}] is earlier than the event before it"),
                    ));
                }
                previous = at;
                let documents = self.files_known(&mut tx, id).await?;
                let action = event
                    .request
                    .to_action(&master, &loaded.state, documents)
                    .map_err(|e| StoreError::import(&file, line, format!("events[{n}]: {e}")))?;
                apply_and_record(
                    &mut tx,
                    &master,
                    &mut loaded,
                    &action,
                    &historical_actor(event.actor.as_deref()),
                    at,
                    None,
                    None, // history is not news: no SMS for imported events
                )
                .await
                .map_err(|e| {
                    StoreError::import(&file, line, format!("events[{n}] ({}): {e}", action.code()))
                })?;
                report.events += 1;
            }
            report.grievances += 1;
            report.registration_numbers.push(regno.to_string());
        }
        tx.commit().await?;
        Ok(report)
    }
}
