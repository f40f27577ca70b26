//! Pulling a portal's transferred grievances: from its JSON endpoint and from its folder, each
//! record read through the mapping and filed through the one case-writing path, unless a case
//! already carries its number (so a record offered again, or a pull repeated after a crash
//! between filing and noting, files nothing new).

use super::mapping::PortalRecord;
use super::{ExchangeConfig, authorised};
use crate::store::{Actor, Filing, Store, StoreError};
use nivaran_domain::grievance::{GrievanceForm, language_of, subject_from};
use nivaran_domain::types::Role;
use serde::Serialize;
use serde_json::Value;
use std::path::Path;

/// What one pull did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PullReport {
    /// Records filed as new cases.
    pub filed: usize,
    /// Records a case already carried.
    pub already: usize,
    /// Records kept as failed, with why (shown to administrators, tried again next pull).
    pub failed: usize,
    /// Records without a number where the mapping looks for it (logged; their file, if any,
    /// goes to `failed/`).
    pub unreadable: usize,
}

/// One pull of `exchange`: its endpoint, then its folder. An endpoint that cannot be reached
/// or read, or a database error, ends the pull with the error (the job records it and the next
/// pull tries again); a record that cannot be filed does not.
pub async fn pull(
    store: &Store,
    client: &reqwest::Client,
    exchange: &ExchangeConfig,
) -> Result<PullReport, String> {
    let mut report = PullReport::default();
    if let Some(url) = &exchange.pull_url {
        for record in fetch(client, exchange, url).await? {
            import(store, exchange, &record, &mut report).await?;
        }
    }
    if let Some(folder) = &exchange.folder {
        pull_folder(store, exchange, folder, &mut report).await?;
    }
    Ok(report)
}

async fn fetch(
    client: &reqwest::Client,
    exchange: &ExchangeConfig,
    url: &str,
) -> Result<Vec<Value>, String> {
    let response = authorised(exchange, client.get(url))
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|e| format!("{url} could not be reached: {e}"))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("{url} answered {status}"));
    }
    let answer: Value = response
        .json()
        .await
        .map_err(|e| format!("{url} did not answer JSON: {e}"))?;
    records_in(answer, exchange.items.as_deref()).ok_or_else(|| match &exchange.items {
        Some(items) => format!("{url}: no array of records at {items}"),
        None => format!("{url}: the answer is not an array of records (set items)"),
    })
}

/// The records in a pull's answer or a dropped file: the array at `items`, or the whole
/// document when it is an array; a file may also hold one record.
fn records_in(document: Value, items: Option<&str>) -> Option<Vec<Value>> {
    let found = match items {
        Some(pointer) => document.pointer(pointer).cloned()?,
        None => document,
    };
    match found {
        Value::Array(records) => Some(records),
        _ => None,
    }
}

/// Imports every `*.json` file in the folder, in name order, each moved to `done/` once every
/// record in it is a case or a failed record, or to `failed/` when it is not JSON or holds a
/// record without a number.
async fn pull_folder(
    store: &Store,
    exchange: &ExchangeConfig,
    folder: &Path,
    report: &mut PullReport,
) -> Result<(), String> {
    let mut names = Vec::new();
    let mut entries = tokio::fs::read_dir(folder)
        .await
        .map_err(|e| format!("{}: {e}", folder.display()))?;
    while let Some(entry) = entries
        .next_entry()
        .await
        .map_err(|e| format!("{}: {e}", folder.display()))?
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") && path.is_file() {
            names.push(path);
        }
    }
    names.sort();
    for path in names {
        let text = tokio::fs::read(&path)
            .await
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let records =
            serde_json::from_slice::<Value>(&text)
                .ok()
                .and_then(|document| match document {
                    Value::Object(_) if exchange.items.is_none() => Some(vec![document]),
                    document => records_in(document, exchange.items.as_deref()),
                });
        let mut whole = records.is_some();
        for record in records.unwrap_or_default() {
            whole &= import(store, exchange, &record, report).await?;
        }
        if !whole {
            tracing::warn!(exchange = %exchange.name, file = %path.display(),
                "a dropped file is not JSON records, or a record has no number: moved to failed/");
        }
        set_aside(&path, if whole { "done" } else { "failed" })?;
    }
    Ok(())
}

fn set_aside(path: &Path, to: &str) -> Result<(), String> {
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        return Ok(());
    };
    let target = folder.join(to);
    std::fs::create_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
    std::fs::rename(path, target.join(name)).map_err(|e| format!("{}: {e}", path.display()))
}

/// Files one record unless a case carries its number; `false` when it has no number to know
/// it by. Only a database error is an error.
async fn import(
    store: &Store,
    exchange: &ExchangeConfig,
    record: &Value,
    report: &mut PullReport,
) -> Result<bool, String> {
    let payload = record.to_string();
    let Some(reference) = super::mapping::text_at(record, &exchange.fields.external_reference)
    else {
        report.unreadable += 1;
        return Ok(false);
    };
    let system = exchange.system().code();
    let name = exchange.name.as_str();
    let database = |e: StoreError| format!("database: {e}");
    if let Some((id, _)) = store
        .case_by_external_reference(system, &reference)
        .await
        .map_err(database)?
    {
        store
            .record_exchange_filed(name, &reference, id, &payload)
            .await
            .map_err(database)?;
        report.already += 1;
        return Ok(true);
    }
    let read = match exchange
        .fields
        .read(record, &exchange.categories, &exchange.places)
    {
        Ok(read) => read,
        Err(why) => {
            store
                .record_exchange_failed(name, &reference, &why.to_string(), &payload)
                .await
                .map_err(database)?;
            report.failed += 1;
            return Ok(true);
        }
    };
    let filing = match filing_of(store, exchange, read) {
        Ok(filing) => filing,
        Err(why) => {
            store
                .record_exchange_failed(name, &reference, &why, &payload)
                .await
                .map_err(database)?;
            report.failed += 1;
            return Ok(true);
        }
    };
    match store.file_now(filing).await {
        Ok(registered) => {
            let (id, _) = store
                .case_by_external_reference(system, &reference)
                .await
                .map_err(database)?
                .ok_or_else(|| {
                    format!("{} was filed but not found", registered.registration_number)
                })?;
            store
                .record_exchange_filed(name, &reference, id, &payload)
                .await
                .map_err(database)?;
            tracing::info!(exchange = name, %reference, registration = %registered.registration_number,
                "filed from the portal");
            report.filed += 1;
        }
        Err(e @ (StoreError::Database(_) | StoreError::Io(_))) => return Err(database(e)),
        Err(refused) => {
            store
                .record_exchange_failed(name, &reference, &in_english(&refused), &payload)
                .await
                .map_err(database)?;
            report.failed += 1;
        }
    }
    Ok(true)
}

/// The filing a portal record makes: its place found as Open311's is (the code, else the
/// address; else the state, in the nodal office's unrouted queue), its citizen reached through
/// the portal where the portal gave no mobile number or name.
fn filing_of(
    store: &Store,
    exchange: &ExchangeConfig,
    read: PortalRecord,
) -> Result<Filing, String> {
    let master = store.master();
    let category = master.category_by_code(&read.category).ok_or_else(|| {
        format!(
            "category '{}' is not known (map it in [exchange.categories])",
            read.category
        )
    })?;
    let placed = read
        .jurisdiction
        .as_deref()
        .and_then(|code| master.jurisdiction_by_code(code))
        .map(|j| j.id)
        .or_else(|| {
            read.address
                .as_deref()
                .and_then(|a| master.place_in_address(a, None))
        });
    let (jurisdiction, unlocated) = match placed {
        Some(id) => (id, false),
        None => (
            master
                .state_for_unplaced(None)
                .ok_or("no jurisdictions are set up")?,
            true,
        ),
    };
    let mut description = read.description;
    if let Some(phone) = &read.unusable_phone {
        // Not a mobile number (no SMS can go to it), but the officer may still call it.
        description.push_str(&format!("\n\nphone on the portal: {phone}"));
    }
    let subject = match read.subject {
        Some(subject) => subject.chars().take(150).collect(),
        None => subject_from(&description, &category.name_en),
    };
    let form = GrievanceForm {
        reached_through_integration: read.mobile.is_empty() || read.citizen_name.is_empty(),
        citizen_name: read.citizen_name,
        mobile: read.mobile,
        email: read.email,
        address: read.address,
        jurisdiction: master
            .jurisdictions
            .get(&jurisdiction)
            .map(|j| j.code.clone())
            .unwrap_or_default(),
        category: category.code.clone(),
        subject,
        language: Some(language_of(&description).code().into()),
        description,
        channel: Some(exchange.channel().code().into()),
        unlocated,
        external_system: Some(exchange.system().code().into()),
        external_reference: Some(read.reference),
        ..Default::default()
    };
    let actor = Actor {
        user_id: None,
        label: format!("exchange {}", exchange.name),
        role: Some(Role::Operator),
        office_id: None,
        jurisdiction_id: None,
        mobile: None,
    };
    Ok(Filing::new(form, actor))
}

/// Why a filing was refused, as an administrator reads it (a field's message in English).
fn in_english(refused: &StoreError) -> String {
    match refused {
        StoreError::Invalid(field) => format!(
            "{}: {}",
            field.field,
            crate::present::i18n::Lang::En.say(&field.message)
        ),
        other => other.to_string(),
    }
}
