//! `nivaran audit verify`: walks every case's event chain and names the first broken link.

use super::{Result, Store};
use nivaran_domain::chain::{EventContent, LinkFault, first_broken_link};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ChainReport {
    pub grievances: i64,
    pub events: i64,
    /// The first broken link found, described for a person.
    pub first_broken: Option<String>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    grievance_id: i64,
    seq: i64,
    at: i64,
    actor: String,
    action: String,
    from_status: String,
    to_status: String,
    payload: String,
    prev_hash: String,
    hash: String,
}

impl Store {
    pub async fn verify_chains(&self) -> Result<ChainReport> {
        let mut report = ChainReport {
            grievances: 0,
            events: 0,
            first_broken: None,
        };
        let mut after = 0i64;
        loop {
            // In batches of cases, so memory stays flat however large the log.
            let ids: Vec<(i64, Option<String>)> = sqlx::query_as(
                "SELECT id, regno FROM grievances WHERE id > $1 ORDER BY id LIMIT 500",
            )
            .bind(after)
            .fetch_all(self.pool())
            .await?;
            let Some(last) = ids.last() else { break };
            after = last.0;
            for (id, regno) in ids {
                let rows: Vec<EventRow> = sqlx::query_as(
                    "SELECT id, grievance_id, seq, at, actor, action, from_status, to_status, payload, prev_hash, hash \
                     FROM events WHERE grievance_id = $1 ORDER BY seq",
                )
                .bind(id)
                .fetch_all(self.pool())
                .await?;
                report.grievances += 1;
                report.events += rows.len() as i64;
                let broken = first_broken_link(rows.iter().map(|r| {
                    (
                        EventContent {
                            grievance_id: r.grievance_id,
                            seq: r.seq,
                            at_millis: r.at,
                            actor: &r.actor,
                            action: &r.action,
                            from_status: &r.from_status,
                            to_status: &r.to_status,
                            payload: &r.payload,
                        },
                        r.prev_hash.as_str(),
                        r.hash.as_str(),
                    )
                }));
                let empty = rows.is_empty();
                if let Some((index, fault)) = broken {
                    let row = &rows[index];
                    let why = match fault {
                        LinkFault::ContentChanged => {
                            "its content does not match its hash (the event was altered)"
                        }
                        LinkFault::BrokenPrev => {
                            "it does not point at the event before it (an event was removed or reordered)"
                        }
                        LinkFault::Gap => "its sequence number skips (an event was removed)",
                    };
                    report.first_broken = Some(format!(
                        "grievance {} event #{} (event id {}, action {}): {why}",
                        regno.unwrap_or_else(|| id.to_string()),
                        row.seq,
                        row.id,
                        row.action
                    ));
                    return Ok(report);
                }
                if empty {
                    report.first_broken = Some(format!(
                        "grievance {} has no events at all (its registration event was removed)",
                        regno.unwrap_or_else(|| id.to_string())
                    ));
                    return Ok(report);
                }
            }
        }
        Ok(report)
    }
}
