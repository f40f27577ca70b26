//! The helpline's calls (issue 18, part 3): each call the call centre's system told of, kept by
//! its provider and call id as it rings, is answered and ends (never going back a step), with its
//! recording; the case filed during it (linked in the filing's transaction); and the outbound
//! verification calls placed for a disposed case (an outbox message of the channel `call`, sent
//! at once by the telephony module above).

use super::outbox::insert_outbox;
use super::{Actor, Result, Store, StoreError};
use crate::notify::messages::{Message, priority};
use nivaran_domain::text::FieldError;
use nivaran_domain::{ErrorCode, msg};
use serde::Serialize;
use sqlx::AnyConnection;

/// How far a call has got; a later event never moves it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CallStatus {
    Dialing,
    Ringing,
    Answered,
    Ended,
    Failed,
}

impl CallStatus {
    pub fn code(self) -> &'static str {
        match self {
            CallStatus::Dialing => "dialing",
            CallStatus::Ringing => "ringing",
            CallStatus::Answered => "answered",
            CallStatus::Ended => "ended",
            CallStatus::Failed => "failed",
        }
    }

    fn parse(code: &str) -> CallStatus {
        match code {
            "dialing" => CallStatus::Dialing,
            "ringing" => CallStatus::Ringing,
            "answered" => CallStatus::Answered,
            "failed" => CallStatus::Failed,
            _ => CallStatus::Ended,
        }
    }

    fn is_over(self) -> bool {
        matches!(self, CallStatus::Ended | CallStatus::Failed)
    }
}

/// One event of a call, as an adapter read it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallEvent {
    /// `generic`, `exotel` or `asterisk`.
    pub provider: String,
    pub call_id: String,
    /// `inbound` or `outbound`.
    pub direction: String,
    /// The caller's number, as ten digits where it is an Indian mobile.
    pub caller: String,
    pub called: Option<String>,
    /// The operator it rang for: a username, or the phone the call went to.
    pub agent: Option<String>,
    pub status: CallStatus,
    pub recording_url: Option<String>,
    pub payload: String,
}

/// A call as the helpline screen and the case page show it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct Call {
    pub id: i64,
    pub provider: String,
    pub call_id: String,
    pub direction: String,
    pub caller: String,
    pub called: Option<String>,
    pub agent: Option<String>,
    pub status: String,
    pub started_at: i64,
    pub answered_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub recording_url: Option<String>,
    /// The case filed during it, or the case a verification call was for.
    pub registration_number: Option<String>,
}

const CALL_COLUMNS: &str = "c.id, c.provider, c.call_id, c.direction, c.caller, c.called, c.agent, \
    c.status, c.started_at, c.answered_at, c.ended_at, c.recording_url, g.regno AS registration_number";

/// One of a caller's earlier cases, for the helpline screen.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct EarlierCase {
    pub registration_number: String,
    pub status: String,
    pub subject: String,
    pub filed_at: i64,
}

impl Store {
    /// Records an event of a call: a call not seen before is added, a known one moves forward
    /// (its recording, agent and number kept once known).
    pub async fn record_call_event(&self, event: &CallEvent) -> Result<Call> {
        let now = self.now().0;
        let mut tx = self.begin_write().await?;
        let known: Option<(i64, String)> =
            sqlx::query_as("SELECT id, status FROM calls WHERE provider = $1 AND call_id = $2")
                .bind(event.provider.clone())
                .bind(event.call_id.clone())
                .fetch_optional(&mut *tx)
                .await?;
        let answered = (event.status == CallStatus::Answered).then_some(now);
        let ended = event.status.is_over().then_some(now);
        let id = match known {
            None => {
                sqlx::query(
                    "INSERT INTO calls (provider, call_id, direction, caller, called, agent, status, \
                     started_at, answered_at, ended_at, recording_url, payload) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(event.provider.clone())
                .bind(event.call_id.clone())
                .bind(event.direction.clone())
                .bind(event.caller.clone())
                .bind(event.called.clone())
                .bind(event.agent.clone())
                .bind(event.status.code())
                .bind(now)
                .bind(answered)
                .bind(ended)
                .bind(event.recording_url.clone())
                .bind(event.payload.clone())
                .execute(&mut *tx)
                .await?;
                sqlx::query_scalar::<_, i64>(
                    "SELECT id FROM calls WHERE provider = $1 AND call_id = $2",
                )
                .bind(event.provider.clone())
                .bind(event.call_id.clone())
                .fetch_one(&mut *tx)
                .await?
            }
            Some((id, status)) => {
                let status = CallStatus::parse(&status).max(event.status);
                sqlx::query(
                    "UPDATE calls SET status = $1, answered_at = COALESCE(answered_at, $2), \
                     ended_at = COALESCE(ended_at, $3), recording_url = COALESCE($4, recording_url), \
                     agent = COALESCE(agent, $5), caller = CASE WHEN caller = '' THEN $6 ELSE caller END \
                     WHERE id = $7",
                )
                .bind(status.code())
                .bind(answered)
                .bind(ended)
                .bind(event.recording_url.clone())
                .bind(event.agent.clone())
                .bind(event.caller.clone())
                .bind(id)
                .execute(&mut *tx)
                .await?;
                id
            }
        };
        tx.commit().await?;
        self.call(id).await
    }

    pub async fn call(&self, id: i64) -> Result<Call> {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {CALL_COLUMNS} FROM calls c LEFT JOIN grievances g ON g.id = c.grievance_id WHERE c.id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("call"))
    }

    /// The calls on an operator's helpline screen: inbound, ringing or answered, started since
    /// `since`, rung for them (by username or phone) or for nobody in particular.
    pub async fn helpline_calls(
        &self,
        username: &str,
        mobile: Option<&str>,
        since: i64,
    ) -> Result<Vec<Call>> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {CALL_COLUMNS} FROM calls c LEFT JOIN grievances g ON g.id = c.grievance_id \
             WHERE c.direction = 'inbound' AND c.status IN ('ringing', 'answered') AND c.started_at >= $1 \
             AND (c.agent IS NULL OR c.agent = $2 OR c.agent = $3) ORDER BY c.started_at DESC, c.id DESC LIMIT 20"
        )))
        .bind(since)
        .bind(username.to_string())
        .bind(mobile.unwrap_or("\u{0}").to_string())
        .fetch_all(self.pool())
        .await?)
    }

    /// The calls of a case: the one it was filed during, and its verification calls.
    pub async fn calls_of_case(&self, grievance_id: i64) -> Result<Vec<Call>> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {CALL_COLUMNS} FROM calls c LEFT JOIN grievances g ON g.id = c.grievance_id \
             WHERE c.grievance_id = $1 ORDER BY c.started_at"
        )))
        .bind(grievance_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The calls of the case numbered `regno`.
    pub async fn calls_of_registration(&self, regno: &str) -> Result<Vec<Call>> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {CALL_COLUMNS} FROM calls c JOIN grievances g ON g.id = c.grievance_id \
             WHERE g.regno = $1 ORDER BY c.started_at"
        )))
        .bind(regno.to_string())
        .fetch_all(self.pool())
        .await?)
    }

    /// A caller's latest cases (at most ten), for the operator who takes the call.
    pub async fn earlier_cases(&self, mobile: &str) -> Result<Vec<EarlierCase>> {
        if mobile.is_empty() {
            return Ok(Vec::new());
        }
        Ok(sqlx::query_as(
            "SELECT regno AS registration_number, status, subject, filed_at FROM grievances \
             WHERE mobile = $1 ORDER BY filed_at DESC LIMIT 10",
        )
        .bind(mobile.to_string())
        .fetch_all(self.pool())
        .await?)
    }

    /// A filing may name the call it is filed during only while the call is not another
    /// case's.
    pub(super) async fn check_call_to_link(&self, id: i64) -> Result<()> {
        let linked: Option<Option<i64>> =
            sqlx::query_scalar("SELECT grievance_id FROM calls WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        match linked {
            Some(None) => Ok(()),
            Some(Some(_)) => {
                Err(
                    FieldError::new("call", ErrorCode::InvalidChoice, msg!("store-calls-linked"))
                        .into(),
                )
            }
            None => {
                Err(
                    FieldError::new("call", ErrorCode::NotFound, msg!("store-calls-not-found"))
                        .into(),
                )
            }
        }
    }

    /// Places a verification call for a disposed case: the call is recorded as dialling, and
    /// the request to the call-centre system written into the outbox (sent at once, never
    /// late: a call that cannot be placed is not tried again).
    pub async fn place_verification_call(
        &self,
        regno: &str,
        provider: &str,
        actor: &Actor,
    ) -> Result<Call> {
        let now = self.now();
        let case: Option<(i64, String, String)> =
            sqlx::query_as("SELECT id, mobile, status FROM grievances WHERE regno = $1")
                .bind(regno.to_string())
                .fetch_optional(self.pool())
                .await?;
        let Some((grievance, mobile, status)) = case else {
            return Err(StoreError::NotFound("grievance"));
        };
        if status != "disposed" || mobile.is_empty() {
            return Err(FieldError::new(
                "regno",
                ErrorCode::InvalidChoice,
                msg!("store-calls-not-callable"),
            )
            .into());
        }
        let verifier = actor
            .mobile
            .clone()
            .filter(|m| !m.is_empty())
            .ok_or_else(|| {
                StoreError::from(FieldError::new(
                    "mobile",
                    ErrorCode::Required,
                    msg!("store-calls-verifier-no-phone"),
                ))
            })?;
        let reference = format!("nivaran-{grievance}-{}", now.0);
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO calls (provider, call_id, direction, caller, called, agent, status, started_at, \
             grievance_id, placed_by, payload) VALUES ($1, $2, 'outbound', $3, $4, $5, 'dialing', $6, $7, $8, '{}')",
        )
        .bind(provider.to_string())
        .bind(reference.clone())
        .bind(verifier.clone())
        .bind(mobile.clone())
        .bind(actor.label.clone())
        .bind(now.0)
        .bind(grievance)
        .bind(actor.user_id)
        .execute(&mut *tx)
        .await?;
        let body = serde_json::json!({
            "call_ref": reference, "from": verifier, "to": mobile, "registration_number": regno,
        });
        let message = Message {
            idempotency_key: format!("call:{reference}"),
            channel: "call",
            recipient: mobile,
            grievance_id: Some(grievance),
            template_key: "verification_call".into(),
            template_id: provider.to_string(),
            sender: "nivaran".into(),
            language: "en".into(),
            subject: None,
            body: body.to_string(),
            encoding: "json".into(),
            segments: 1,
            priority: priority::OTP,
        };
        insert_outbox(&mut tx, None, &[message], now).await?;
        tx.commit().await?;
        self.ring_outbox();
        let id: i64 =
            sqlx::query_scalar("SELECT id FROM calls WHERE provider = $1 AND call_id = $2")
                .bind(provider.to_string())
                .bind(reference)
                .fetch_one(self.pool())
                .await?;
        self.call(id).await
    }

    /// The call-centre system took a placed call and named it: its events come by that name.
    pub async fn name_placed_call(&self, reference: &str, provider_id: &str) -> Result<()> {
        sqlx::query(
            "UPDATE calls SET call_id = $1, status = 'ringing' WHERE call_id = $2 AND status = 'dialing'",
        )
        .bind(provider_id.to_string())
        .bind(reference.to_string())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// A placed call could not be made.
    pub async fn fail_placed_call(&self, reference: &str) -> Result<()> {
        sqlx::query(
            "UPDATE calls SET status = 'failed', ended_at = $1 WHERE call_id = $2 AND status = 'dialing'",
        )
        .bind(self.now().0)
        .bind(reference.to_string())
        .execute(self.pool())
        .await?;
        Ok(())
    }
}

/// In the filing's transaction: the call the case was filed during is the case's.
pub(super) async fn link_call(tx: &mut AnyConnection, call: i64, grievance_id: i64) -> Result<()> {
    sqlx::query("UPDATE calls SET grievance_id = $1 WHERE id = $2 AND grievance_id IS NULL")
        .bind(grievance_id)
        .bind(call)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// A case as the IVR reads it out.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IvrCase {
    pub registration_number: String,
    pub status: String,
    pub holding_office_id: Option<i64>,
    pub due_at: i64,
    /// The date the officer said it would be resolved by (milliseconds).
    pub eta: Option<i64>,
}

impl Store {
    /// The cases the digits a caller keyed name: the case of that registration number, or the
    /// latest three of that mobile number (open ones first).
    pub async fn ivr_cases(&self, digits: &str) -> Result<Vec<IvrCase>> {
        const COLUMNS: &str =
            "regno AS registration_number, status, holding_office_id, due_at, eta";
        if let Some(mobile) =
            nivaran_domain::text::mobile_digits(digits).filter(|_| digits.len() <= 12)
            && nivaran_domain::regno::RegistrationNumber::parse(digits).is_err()
        {
            return Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM grievances WHERE mobile = $1 \
                 ORDER BY CASE WHEN status IN ('disposed', 'closed') THEN 1 ELSE 0 END, filed_at DESC LIMIT 3"
            )))
            .bind(mobile)
            .fetch_all(self.pool())
            .await?);
        }
        let Ok(regno) = nivaran_domain::regno::RegistrationNumber::parse(digits) else {
            return Ok(Vec::new());
        };
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM grievances WHERE regno = $1"
        )))
        .bind(regno.as_str().to_string())
        .fetch_all(self.pool())
        .await?)
    }
}
