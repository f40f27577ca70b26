//! The transactional outbox. Notifications are written in the same transaction as the change that
//! causes them (so a message exists if and only if the change committed), then delivered by
//! workers: claimed with a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, inside an immediate
//! transaction on SQLite), retried with exponential backoff, dead-lettered after the configured
//! number of tries. Each message carries an idempotency key that goes to the gateway as its
//! reference, so a provider that already accepted it does not send it again.

use super::grievances::GrievanceRow;
use super::master::MasterData;
use super::sql::Sql;
use super::{Result, Store, StoreError};
use crate::notify::Notifications;
use crate::notify::messages::{self, Message};
use nivaran_domain::ErrorCode;
use nivaran_domain::Timestamp;
use nivaran_domain::lifecycle::Action;
use nivaran_domain::msg;
use nivaran_domain::types::Language;
use serde::Serialize;
use sqlx::AnyConnection;

/// What lists of the outbox show instead of a one-time password.
pub const OTP_HIDDEN: &str = "[one-time password, not shown]";

/// How long a claimed message stays with one worker before another may take it over.
const LEASE_MILLIS: i64 = 60_000;
/// First retry after 30 s, doubling, at most an hour apart.
const BACKOFF_BASE_MILLIS: i64 = 30_000;
const BACKOFF_MAX_MILLIS: i64 = 3_600_000;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: i64,
    pub idempotency_key: String,
    pub channel: String,
    pub recipient: String,
    pub grievance_id: Option<i64>,
    pub template_key: String,
    pub template_id: String,
    pub sender: String,
    pub language: String,
    pub subject: Option<String>,
    pub body: String,
    pub encoding: String,
    pub segments: i64,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub gateway_reference: Option<String>,
    pub delivery_status: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    /// A file to send with an e-mail, under the files directory.
    pub attachment: Option<String>,
    /// Delivered before messages of a higher number (`notify::messages::priority`).
    pub priority: i64,
}

const OUTBOX_COLUMNS: &str = "id, idempotency_key, channel, recipient, grievance_id, template_key, template_id, sender, \
    language, subject, body, encoding, segments, status, attempts, next_attempt_at, last_error, gateway_reference, \
    delivery_status, created_at, sent_at, attachment, priority";

/// What one delivery round did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DeliveryReport {
    pub sent: usize,
    pub failed: usize,
    pub dead: usize,
    pub rejected: usize,
}

impl DeliveryReport {
    /// Messages the round dealt with, whatever became of them.
    pub fn handled(&self) -> usize {
        self.sent + self.failed + self.dead + self.rejected
    }

    pub fn add(&mut self, other: &DeliveryReport) {
        self.sent += other.sent;
        self.failed += other.failed;
        self.dead += other.dead;
        self.rejected += other.rejected;
    }
}

fn backoff(attempts: i64) -> i64 {
    let shift = (attempts - 1).clamp(0, 20) as u32;
    (BACKOFF_BASE_MILLIS.saturating_mul(1i64 << shift)).min(BACKOFF_MAX_MILLIS)
}

/// Writes messages into the outbox; one already there (by its key) is not written twice. With
/// `engine`, many rows go in one statement (see [`Sql::many`]).
pub(super) async fn insert_outbox(
    tx: &mut AnyConnection,
    engine: Option<super::Engine>,
    rows: &[Message],
    now: Timestamp,
) -> Result<()> {
    // A message with nobody to go to (an SMS to a citizen who gave no number) is not a message.
    let rows: Vec<&Message> = rows.iter().filter(|m| !m.recipient.is_empty()).collect();
    for chunk in rows.chunks(500) {
        let head = "INSERT INTO outbox (idempotency_key, channel, recipient, grievance_id, template_key, template_id, \
            sender, language, subject, body, encoding, segments, priority, status, next_attempt_at, created_at) VALUES ";
        let mut sql = match engine {
            Some(engine) => Sql::many(engine, head),
            None => Sql::new(head),
        };
        for (i, r) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(r.idempotency_key.clone()).push(", ");
            sql.bind(r.channel.to_string()).push(", ");
            sql.bind(r.recipient.clone()).push(", ");
            sql.bind(r.grievance_id).push(", ");
            sql.bind(r.template_key.clone()).push(", ");
            sql.bind(r.template_id.clone()).push(", ");
            sql.bind(r.sender.clone()).push(", ");
            sql.bind(r.language.clone()).push(", ");
            sql.bind(r.subject.clone()).push(", ");
            sql.bind(r.body.clone()).push(", ");
            sql.bind(r.encoding.clone()).push(", ");
            sql.bind(r.segments).push(", ");
            sql.bind(r.priority).push(", 'pending', ");
            sql.bind(now.0).push(", ");
            sql.bind(now.0).push(")");
        }
        sql.push(" ON CONFLICT (idempotency_key) DO NOTHING");
        let (text, args) = sql.into_parts();
        sqlx::query_with(sqlx::AssertSqlSafe(text), args)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Writes a message per subscription to a case's status change (the integration that filed the
/// case, and those following its department), in the transaction of the change. Its key, the
/// event's id, names the subscription and the step, so a step is never queued twice for one
/// subscription; the body is signed when it is sent (the secret can be rotated meanwhile).
pub(super) async fn notify_webhooks(
    tx: &mut AnyConnection,
    master: &MasterData,
    row: &GrievanceRow,
    from_status: &str,
    action: &str,
    seq: i64,
    at: Timestamp,
) -> Result<()> {
    let hooks: Vec<(i64, String)> = sqlx::query_as(
        "SELECT w.id, w.url FROM webhooks w JOIN api_keys k ON k.id = w.api_key_id \
         WHERE w.revoked_at IS NULL AND k.revoked_at IS NULL AND (w.department_id = $1 \
         OR (w.department_id IS NULL AND EXISTS (SELECT 1 FROM integration_cases ic \
         WHERE ic.grievance_id = $2 AND ic.api_key_id = w.api_key_id)))",
    )
    .bind(row.department_id)
    .bind(row.id)
    .fetch_all(&mut *tx)
    .await?;
    if hooks.is_empty() {
        return Ok(());
    }
    let regno = row.regno.clone().unwrap_or_default();
    let rows: Vec<Message> = hooks
        .into_iter()
        .map(|(id, url)| {
            let event_id = format!("webhook:{id}:{regno}:{seq}");
            let body = serde_json::json!({
                "event_id": event_id,
                "type": "grievance.status_changed",
                "occurred_at": at.to_rfc3339(),
                "service_request_id": regno,
                "action": action,
                "from_status": from_status,
                "status": row.status,
                "open311_status": if matches!(row.status.as_str(), "disposed" | "closed") { "closed" } else { "open" },
                "service_code": master.categories.get(&row.category_id).map(|c| c.code.clone()),
                "agency_responsible": master.office_code(row.holding_office_id),
            });
            Message::webhook(id, &url, row.id, &event_id, &body)
        })
        .collect();
    insert_outbox(tx, None, &rows, at).await
}

/// Writes one SMS into the outbox, rendered from its template. A message whose key is already in
/// the outbox is not written twice.
#[allow(clippy::too_many_arguments)]
pub(super) async fn enqueue_sms(
    tx: &mut AnyConnection,
    notifications: &Notifications,
    key: &str,
    language: Language,
    to: &str,
    values: &[&str],
    grievance_id: Option<i64>,
    idempotency_key: &str,
    now: Timestamp,
) -> Result<()> {
    let row = Message::sms(
        notifications,
        key,
        language,
        to,
        values,
        grievance_id,
        idempotency_key,
    )?;
    insert_outbox(tx, None, &[row], now).await
}

/// Writes one e-mail into the outbox.
#[allow(clippy::too_many_arguments)]
pub(super) async fn enqueue_email(
    tx: &mut AnyConnection,
    key: &str,
    language: Language,
    to: &str,
    subject: &str,
    body: &str,
    grievance_id: Option<i64>,
    idempotency_key: &str,
    now: Timestamp,
) -> Result<()> {
    insert_outbox(
        tx,
        None,
        &[Message::email(
            key,
            language,
            to,
            subject,
            body,
            grievance_id,
            idempotency_key,
        )],
        now,
    )
    .await
}

/// The officers and supervisors of each of `offices` who have a mobile number: (office, user
/// id, mobile), for writing many offices' messages at once.
pub(super) async fn office_recipients(
    tx: &mut AnyConnection,
    offices: &[i64],
) -> Result<Vec<(i64, i64, String)>> {
    if offices.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT office_id, id, mobile FROM users WHERE active = 1 AND mobile IS NOT NULL \
         AND role IN ('officer', 'supervisor') AND office_id IN ",
    );
    sql.bind_in(offices).push(" ORDER BY office_id, id");
    let (text, args) = sql.into_parts();
    Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
        .fetch_all(&mut *tx)
        .await?)
}

/// The SMS a citizen gets for a step of their case, if that step is one they are told about.
#[allow(clippy::too_many_arguments)] // the step, where it happened, and what it is told with
pub(super) async fn notify_citizen(
    tx: &mut AnyConnection,
    notifications: &Notifications,
    master: &MasterData,
    row: &GrievanceRow,
    action: &Action,
    part_office: Option<i64>,
    seq: i64,
    now: Timestamp,
) -> Result<()> {
    let rows = citizen_messages(notifications, master, row, action, part_office, seq)?;
    let rows = super::whatsapp::with_mirror(tx, notifications, rows).await?;
    insert_outbox(tx, None, &rows, now).await
}

/// What the citizen is sent about `action` on their case, rendered from the case's facts.
pub(super) fn citizen_messages(
    notifications: &Notifications,
    master: &MasterData,
    row: &GrievanceRow,
    action: &Action,
    part_office: Option<i64>,
    seq: i64,
) -> Result<Vec<Message>> {
    let language = Language::parse(&row.language).unwrap_or_default();
    let office = row
        .holding_office_id
        .and_then(|id| master.offices.get(&id))
        .map(|o| match language {
            Language::Hi => o.name_hi.clone(),
            Language::En => o.name_en.clone(),
        })
        .unwrap_or_default();
    let name_of = |id: Option<i64>| {
        id.and_then(|id| master.offices.get(&id))
            .map(|o| match language {
                Language::Hi => o.name_hi.clone(),
                Language::En => o.name_en.clone(),
            })
            .unwrap_or_default()
    };
    let case = messages::CitizenCase {
        grievance_id: row.id,
        regno: row.regno.as_deref().unwrap_or_default(),
        language,
        mobile: &row.mobile,
        email: row.email.as_deref(),
        subject: &row.subject,
        office,
        escalated_to: name_of(row.escalated_to_id),
        part_office: name_of(part_office),
        due_at: Timestamp(row.due_at),
    };
    let mut sent = messages::for_citizen(notifications, &case, action, seq)?;
    // The steps the state keeps quiet are not sent (by their kind).
    let state = master
        .jurisdictions
        .get(&row.state_id)
        .map(|j| j.code.as_str())
        .unwrap_or_default();
    sent.retain(|m| notifications.citizen_steps.sends(state, &m.template_key));
    Ok(sent)
}

impl Store {
    /// Claims up to `limit` due messages for `worker`: one-time passwords first, then what a
    /// person's action caused, then bulk (`notify::messages::priority`), each oldest first.
    pub async fn claim_outbox(
        &self,
        worker: &str,
        channel: &str,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>> {
        let now = self.now().0;
        let mut tx = self.begin_write().await?;
        let lock = self.engine().skip_locked();
        let sql = format!(
            "UPDATE outbox SET locked_by = $1, locked_until = $2 WHERE id IN (\
               SELECT id FROM outbox WHERE status = 'pending' AND channel = $5 AND next_attempt_at <= $3 \
               AND (locked_until IS NULL OR locked_until < $3) ORDER BY priority, next_attempt_at, id LIMIT $4{lock}) \
             RETURNING {OUTBOX_COLUMNS}"
        );
        let mut claimed: Vec<OutboxMessage> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(worker.to_string())
            .bind(now + LEASE_MILLIS)
            .bind(now)
            .bind(limit)
            .bind(channel.to_string())
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        // RETURNING keeps no order: sent in the order they were chosen.
        claimed.sort_by_key(|m| (m.priority, m.next_attempt_at, m.id));
        Ok(claimed)
    }

    /// Records a delivery attempt: sent; or failed, to be retried after a backoff; or dead.
    pub async fn record_attempt(
        &self,
        message: &OutboxMessage,
        outcome: std::result::Result<Option<String>, String>,
        max_attempts: i64,
        report: &mut DeliveryReport,
    ) -> Result<()> {
        let attempts = message.attempts + 1;
        match outcome {
            Ok(gateway_reference) => {
                self.finish_message(
                    message.id,
                    "sent",
                    attempts,
                    None,
                    gateway_reference.as_deref(),
                )
                .await?;
                report.sent += 1;
                let waited = self.now().0.saturating_sub(message.created_at).max(0);
                self.metrics().sent_after(
                    &message.channel,
                    std::time::Duration::from_millis(u64::try_from(waited).unwrap_or(0)),
                );
            }
            Err(error) if attempts >= max_attempts => {
                tracing::error!(outbox_id = message.id, attempts, %error, "message dead-lettered");
                self.finish_message(message.id, "dead", attempts, Some(&error), None)
                    .await?;
                report.dead += 1;
            }
            Err(error) => {
                tracing::warn!(outbox_id = message.id, attempts, %error, "delivery failed; will retry");
                sqlx::query(
                    "UPDATE outbox SET attempts = $1, last_error = $2, next_attempt_at = $3, locked_by = NULL, \
                     locked_until = NULL WHERE id = $4",
                )
                .bind(attempts)
                .bind(error)
                .bind(self.now().0 + backoff(attempts))
                .bind(message.id)
                .execute(self.pool())
                .await?;
                report.failed += 1;
            }
        }
        Ok(())
    }

    /// Ends a message's delivery: `sent`, `dead` or `rejected` (a one-time password's text is
    /// wiped once it is out).
    pub async fn finish_message(
        &self,
        id: i64,
        status: &str,
        attempts: i64,
        error: Option<&str>,
        reference: Option<&str>,
    ) -> Result<()> {
        let now = self.now().0;
        sqlx::query(
            "UPDATE outbox SET status = $1, attempts = $2, last_error = $3, gateway_reference = $4, \
             sent_at = CASE WHEN $1 = 'sent' THEN $5 ELSE sent_at END, locked_by = NULL, locked_until = NULL, \
             body = CASE WHEN template_key = 'otp' THEN '[one-time password removed after delivery]' ELSE body END \
             WHERE id = $6",
        )
        .bind(status.to_string())
        .bind(attempts)
        .bind(error.map(str::to_string))
        .bind(reference.map(str::to_string))
        .bind(now)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The replies written to one post (`platform:id`), by the partial index on them.
    pub async fn outbox_to_post(&self, recipient: &str) -> Result<Vec<OutboxMessage>> {
        let sql = format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE channel = 'social' AND recipient = $1 ORDER BY id"
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(recipient.to_string())
            .fetch_all(self.pool())
            .await?)
    }

    /// Messages by status (`pending`, `sent`, `failed` = pending with errors, `dead`, `rejected`).
    pub async fn list_outbox(
        &self,
        status: Option<&str>,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>> {
        let condition = match status {
            None | Some("") => "1 = 1",
            Some("pending") => "status = 'pending'",
            Some("failed") => "status = 'pending' AND attempts > 0",
            Some("sent") => "status = 'sent'",
            Some("dead") => "status = 'dead'",
            Some("rejected") => "status = 'rejected'",
            Some(other) => {
                return Err(nivaran_domain::text::FieldError::new(
                    "status",
                    ErrorCode::InvalidChoice,
                    msg!("store-outbox-bad-status", value = other),
                )
                .into());
            }
        };
        let sql = format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE {condition} ORDER BY id DESC LIMIT $1"
        );
        let mut messages: Vec<OutboxMessage> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(limit.clamp(1, 500))
            .fetch_all(self.pool())
            .await?;
        // One-time passwords are the citizen's alone, even before they are delivered.
        for m in &mut messages {
            if m.template_key == "otp" {
                m.body = OTP_HIDDEN.to_string();
            }
        }
        Ok(messages)
    }

    /// Puts a dead, rejected or failing message back in the queue for another full set of tries.
    pub async fn retry_outbox(&self, id: i64) -> Result<()> {
        let done = sqlx::query(
            "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1, locked_by = NULL, \
             locked_until = NULL WHERE id = $2 AND status <> 'sent'",
        )
        .bind(self.now().0)
        .bind(id)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("message"));
        }
        Ok(())
    }

    /// Records a delivery report from the gateway, matched by our reference (idempotency key).
    pub async fn record_delivery_report(&self, reference: &str, status: &str) -> Result<()> {
        let done = sqlx::query(
            "UPDATE outbox SET delivery_status = $1, delivered_at = $2 WHERE idempotency_key = $3",
        )
        .bind(status.chars().take(40).collect::<String>())
        .bind(self.now().0)
        .bind(reference.to_string())
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("message"));
        }
        Ok(())
    }
}

impl Store {
    /// The officers' daily digest: for every officer and supervisor with an e-mail address whose
    /// office (or offices below, for supervisors) holds open cases, one mail with the pending and
    /// overdue counts and the oldest overdue cases. Once per person per day.
    /// Queues an e-mail with a file (a review report): the file is kept under the files
    /// directory until sent. Queuing the same `idempotency_key` twice queues it once.
    #[allow(clippy::too_many_arguments)]
    pub async fn enqueue_email_with_file(
        &self,
        to: &str,
        language: Language,
        subject: &str,
        body: &str,
        idempotency_key: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<bool> {
        let safe: String = file_name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        if self.outbox_has(idempotency_key).await? {
            return Ok(false);
        }
        let relative = format!("reports/{safe}");
        let path = self.files_dir().join(&relative);
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        // Written aside and renamed, so a delivery never reads half a file.
        let partial = path.with_extension("partial");
        tokio::fs::write(&partial, bytes).await?;
        tokio::fs::rename(&partial, &path).await?;
        let now = self.now();
        let mut tx = self.begin_write().await?;
        let before: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE idempotency_key = $1")
                .bind(idempotency_key)
                .fetch_one(&mut *tx)
                .await?;
        enqueue_email(
            &mut tx,
            "review_report",
            language,
            to,
            subject,
            body,
            None,
            idempotency_key,
            now,
        )
        .await?;
        sqlx::query(
            "UPDATE outbox SET attachment = $1 WHERE idempotency_key = $2 AND attachment IS NULL",
        )
        .bind(&relative)
        .bind(idempotency_key)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(before == 0)
    }

    /// Queues a plain e-mail of the kind `key` (once per `idempotency_key`).
    pub async fn enqueue_plain_email(
        &self,
        key: &str,
        language: Language,
        to: &str,
        subject: &str,
        body: &str,
        idempotency_key: &str,
    ) -> Result<()> {
        let now = self.now();
        let mut tx = self.begin_write().await?;
        enqueue_email(
            &mut tx,
            key,
            language,
            to,
            subject,
            body,
            None,
            idempotency_key,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Is a message with this idempotency key queued (or sent) already?
    pub async fn outbox_has(&self, idempotency_key: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE idempotency_key = $1")
            .bind(idempotency_key)
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }

    pub async fn enqueue_officer_digests(&self) -> Result<usize> {
        let now = self.now();
        let master = self.master();
        let people: Vec<(i64, String, String, i64, String)> = sqlx::query_as(
            "SELECT id, full_name, email, office_id, role FROM users WHERE role IN ('officer', 'supervisor') \
             AND active = 1 AND email IS NOT NULL AND office_id IS NOT NULL ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?;
        let today = now.ist_date();
        let mut queued = 0;
        for (user_id, name, email, office, role) in people {
            let offices = if role == "supervisor" {
                master.office_subtree(office)
            } else {
                vec![office]
            };
            let mut count =
                super::sql::Sql::new("SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_at < ");
            count
                .bind(now.0)
                .push(" AND status <> ")
                .push(crate::store::PAUSED_STATUS)
                .push(" THEN 1 ELSE 0 END), 0) FROM grievances WHERE status NOT IN ('disposed', 'closed', 'received') AND holding_office_id IN ");
            count.bind_in(&offices);
            let (text, args) = count.into_parts();
            let (pending, overdue): (i64, i64) =
                sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
                    .fetch_one(self.pool())
                    .await?;
            if pending == 0 {
                continue;
            }
            let mut oldest = super::sql::Sql::new(
                "SELECT regno, subject, due_at FROM grievances WHERE status NOT IN ('disposed', 'closed', 'received', 'awaiting_clarification') AND due_at < ",
            );
            oldest.bind(now.0).push(" AND holding_office_id IN ");
            oldest.bind_in(&offices);
            oldest.push(" ORDER BY due_at LIMIT 10");
            let (text, args) = oldest.into_parts();
            let rows: Vec<(Option<String>, String, i64)> =
                sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
                    .fetch_all(self.pool())
                    .await?;
            let office_name = master
                .offices
                .get(&office)
                .map(|o| o.name_en.clone())
                .unwrap_or_default();
            let mut body = format!(
                "Dear {name},\n\n{office_name}: {pending} grievances pending, {overdue} of them past their deadline.\n\
                 (लंबित: {pending}, समय-सीमा पार: {overdue})\n"
            );
            if !rows.is_empty() {
                body.push_str("\nOldest overdue (सबसे पुराने समय-सीमा पार प्रकरण):\n");
                for (regno, subject, due_at) in &rows {
                    let days = Timestamp(*due_at).days_until(now);
                    body.push_str(&format!(
                        "  {}  {} days overdue  {}\n",
                        regno.as_deref().unwrap_or("?"),
                        days,
                        subject
                    ));
                }
            }
            body.push_str("\nOpen your inbox in Nivaran to act on them.\n");
            let subject = format!("Nivaran digest {today}: {pending} pending, {overdue} overdue");
            let key = format!("digest:u{user_id}:{today}");
            let mut conn = self.pool().acquire().await?;
            enqueue_email(
                &mut conn,
                "officer_digest",
                Language::En,
                &email,
                &subject,
                &body,
                None,
                &key,
                now,
            )
            .await?;
            queued += 1;
        }
        Ok(queued)
    }
}

/// The signature a webhook carries: HMAC-SHA256 with the subscription's secret over
/// "{timestamp}.{body}", in hex. The timestamp (Unix seconds, also sent in its own header) is
/// signed so that a receiver can refuse an old message replayed.
pub fn webhook_signature(secret: &str, timestamp: i64, body: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}
