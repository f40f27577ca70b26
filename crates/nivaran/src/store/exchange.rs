//! The exchange's records (what was taken from each portal, filed or not and why) and the return
//! of a disposed case's ATR to the portal it came from, written into the outbox in the
//! disposal's transaction (the exchange module above reads the portals and delivers the returns).

use super::grievances::GrievanceRow;
use super::master::MasterData;
use super::outbox::insert_outbox;
use super::{Result, Store};
use crate::notify::ReturnLink;
use crate::notify::messages::{Message, priority};
use nivaran_domain::Timestamp;
use nivaran_domain::lifecycle::Action;
use nivaran_domain::text::FieldError;
use nivaran_domain::{ErrorCode, msg};
use serde::Serialize;
use sqlx::AnyConnection;

/// One portal record as the exchange last saw it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct ExchangeRecord {
    pub id: i64,
    pub exchange: String,
    pub external_reference: String,
    /// `filed` or `failed` (tried again at every pull while the portal still offers it).
    pub status: String,
    /// The case it was filed as.
    pub registration_number: Option<String>,
    /// Why it could not be filed.
    pub error: Option<String>,
    /// The record as the portal sent it.
    pub payload: String,
    pub attempts: i64,
    pub first_seen_at: i64,
    pub last_seen_at: i64,
}

impl Store {
    /// The case (id and number) already carrying `reference` on `system`, if any.
    pub async fn case_by_external_reference(
        &self,
        system: &str,
        reference: &str,
    ) -> Result<Option<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT id, regno FROM grievances WHERE external_reference = $1 \
             AND external_system = $2 ORDER BY id LIMIT 1",
        )
        .bind(reference.to_string())
        .bind(system.to_string())
        .fetch_optional(self.pool())
        .await?)
    }

    /// Notes that a portal record is a case (filed now, or found filed before).
    pub async fn record_exchange_filed(
        &self,
        exchange: &str,
        reference: &str,
        grievance_id: i64,
        payload: &str,
    ) -> Result<()> {
        let now = self.now().0;
        sqlx::query(
            "INSERT INTO exchange_records (exchange, external_reference, status, grievance_id, \
             payload, first_seen_at, last_seen_at) VALUES ($1, $2, 'filed', $3, $4, $5, $5) \
             ON CONFLICT (exchange, external_reference) DO UPDATE SET status = 'filed', \
             grievance_id = excluded.grievance_id, error = NULL, last_seen_at = excluded.last_seen_at \
             WHERE exchange_records.status <> 'filed'",
        )
        .bind(exchange.to_string())
        .bind(reference.to_string())
        .bind(grievance_id)
        .bind(payload.to_string())
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Notes that a portal record could not be filed, and why (kept with its words).
    pub async fn record_exchange_failed(
        &self,
        exchange: &str,
        reference: &str,
        error: &str,
        payload: &str,
    ) -> Result<()> {
        let now = self.now().0;
        sqlx::query(
            "INSERT INTO exchange_records (exchange, external_reference, status, error, payload, \
             first_seen_at, last_seen_at) VALUES ($1, $2, 'failed', $3, $4, $5, $5) \
             ON CONFLICT (exchange, external_reference) DO UPDATE SET error = excluded.error, \
             payload = excluded.payload, attempts = exchange_records.attempts + 1, \
             last_seen_at = excluded.last_seen_at WHERE exchange_records.status = 'failed'",
        )
        .bind(exchange.to_string())
        .bind(reference.to_string())
        .bind(error.to_string())
        .bind(payload.to_string())
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The records of every exchange, the latest seen first; `status` keeps one kind.
    pub async fn list_exchange_records(
        &self,
        status: Option<&str>,
        limit: i64,
    ) -> Result<Vec<ExchangeRecord>> {
        let mut sql = super::sql::Sql::new(
            "SELECT r.id, r.exchange, r.external_reference, r.status, g.regno AS registration_number, \
             r.error, r.payload, r.attempts, r.first_seen_at, r.last_seen_at \
             FROM exchange_records r LEFT JOIN grievances g ON g.id = r.grievance_id",
        );
        match status {
            None | Some("") => {}
            Some(status @ ("filed" | "failed")) => {
                sql.push(" WHERE r.status = ").bind(status.to_string());
            }
            Some(other) => {
                return Err(FieldError::new(
                    "status",
                    ErrorCode::InvalidChoice,
                    msg!("store-exchange-bad-status", value = other),
                )
                .into());
            }
        }
        sql.push(" ORDER BY r.last_seen_at DESC, r.id DESC LIMIT ")
            .bind(limit.clamp(1, 1000));
        let (text, args) = sql.into_parts();
        Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(self.pool())
            .await?)
    }
}

/// When a case that came from (or is registered on) a portal with a configured return is
/// disposed, writes the ATR and the disposal for that portal. The key names the exchange, the
/// case and the step, so a step is never queued twice, and a disposal after a reopening is
/// sent again.
pub(super) async fn notify_exchange(
    tx: &mut AnyConnection,
    links: &[ReturnLink],
    master: &MasterData,
    row: &GrievanceRow,
    action: &Action,
    seq: i64,
    at: Timestamp,
) -> Result<()> {
    let Action::Dispose { kind, remarks } = action else {
        return Ok(());
    };
    let (Some(system), Some(reference)) = (&row.external_system, &row.external_reference) else {
        return Ok(());
    };
    let links: Vec<&ReturnLink> = links
        .iter()
        .filter(|l| l.system.code() == system.as_str())
        .collect();
    if links.is_empty() {
        return Ok(());
    }
    // The action taken, as the officer reported it (none for a special closure).
    let atr: Option<String> = sqlx::query_scalar(
        "SELECT payload FROM events WHERE grievance_id = $1 AND action = 'submit_atr' \
         ORDER BY seq DESC LIMIT 1",
    )
    .bind(row.id)
    .fetch_optional(&mut *tx)
    .await?;
    let atr = atr
        .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok())
        .and_then(|p| p.get("text").and_then(|t| t.as_str()).map(str::to_string));
    let regno = row.regno.clone().unwrap_or_default();
    let office = row.holding_office_id.and_then(|id| master.offices.get(&id));
    let messages: Vec<Message> = links
        .into_iter()
        .map(|link| {
            let event_id = format!("exchange:{}:{regno}:{seq}", link.name);
            let body = serde_json::json!({
                "event_id": event_id,
                "type": "grievance.disposed",
                "external_system": system,
                "external_reference": reference,
                "registration_number": regno,
                "status": row.status,
                "disposal_kind": kind.code(),
                "disposal_label": kind.label_en(),
                "remarks": remarks,
                "atr": atr,
                "disposed_at": at.to_rfc3339(),
                "office": office.map(|o| serde_json::json!({
                    "code": o.code, "name_en": o.name_en, "name_hi": o.name_hi,
                })),
            });
            Message {
                idempotency_key: event_id,
                channel: "exchange",
                recipient: link.url.clone(),
                grievance_id: Some(row.id),
                template_key: "grievance.disposed".into(),
                template_id: link.name.clone(),
                sender: "nivaran".into(),
                language: "en".into(),
                subject: None,
                body: body.to_string(),
                encoding: "json".into(),
                segments: 1,
                priority: priority::PERSON,
            }
        })
        .collect();
    insert_outbox(tx, None, &messages, at).await
}
