//! WhatsApp's records: each citizen's conversation (its step and what was said so far, saved
//! with its replies in one transaction, a version guarding against two nodes taking one
//! citizen's messages at once), the messages already taken, and the citizens who opted in to
//! hear of their cases there, whose SMS are mirrored as template messages.

use super::outbox::insert_outbox;
use super::sql::Sql;
use super::{Result, Store};
use crate::notify::Notifications;
use crate::notify::messages::{Message, priority};
use nivaran_domain::types::Language;
use serde_json::{Value, json};
use sqlx::AnyConnection;

/// One citizen's conversation as it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    pub wa_id: String,
    pub language: Language,
    /// Where it is: `menu`, `name`, `place`, `description`, `category`, `attachment`,
    /// `feedback`.
    pub step: String,
    /// What was said so far (name, place, description, the categories offered, …).
    pub data: Value,
    /// 0 for a conversation not yet saved.
    pub version: i64,
}

/// A text message for the Cloud API.
fn text_message(wa_id: &str, body: &str) -> Value {
    json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": wa_id,
           "type": "text", "text": {"preview_url": false, "body": body}})
}

fn outgoing(
    wa_id: &str,
    key: String,
    body: &Value,
    language: Language,
    grievance: Option<i64>,
) -> Message {
    Message {
        idempotency_key: key,
        channel: "whatsapp",
        recipient: wa_id.to_string(),
        grievance_id: grievance,
        template_key: body["type"].as_str().unwrap_or("text").to_string(),
        template_id: "whatsapp".into(),
        sender: "nivaran".into(),
        language: language.code().into(),
        subject: None,
        body: body.to_string(),
        encoding: "json".into(),
        segments: 1,
        priority: priority::PERSON,
    }
}

impl Store {
    /// Takes an inbound message once: `false` when it was taken before.
    pub async fn take_whatsapp_message(&self, message_id: &str, wa_id: &str) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO whatsapp_inbound (message_id, wa_id, received_at) VALUES ($1, $2, $3) \
             ON CONFLICT (message_id) DO NOTHING",
        )
        .bind(message_id.to_string())
        .bind(wa_id.to_string())
        .bind(self.now().0)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A message taken whose handling failed is offered again by Meta: let it be taken.
    pub async fn release_whatsapp_message(&self, message_id: &str) -> Result<()> {
        sqlx::query("DELETE FROM whatsapp_inbound WHERE message_id = $1")
            .bind(message_id.to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn conversation(&self, wa_id: &str) -> Result<Option<Conversation>> {
        let row: Option<(String, String, String, i64)> = sqlx::query_as(
            "SELECT language, step, data, version FROM whatsapp_conversations WHERE wa_id = $1",
        )
        .bind(wa_id.to_string())
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|(language, step, data, version)| Conversation {
            wa_id: wa_id.to_string(),
            language: Language::parse(&language).unwrap_or_default(),
            step,
            data: serde_json::from_str(&data).unwrap_or_else(|_| json!({})),
            version,
        }))
    }

    /// Saves the conversation and writes its replies (keyed by the message answered, so a
    /// message handled twice is answered once), in one transaction; `false` when another node
    /// moved the conversation on meanwhile (the caller reads it again and handles the message
    /// anew).
    pub async fn save_conversation(
        &self,
        conversation: &Conversation,
        answering: &str,
        replies: &[String],
        grievance: Option<i64>,
    ) -> Result<bool> {
        let now = self.now();
        let mut tx = self.begin_write().await?;
        let saved = if conversation.version == 0 {
            sqlx::query(
                "INSERT INTO whatsapp_conversations (wa_id, language, step, data, version, updated_at) \
                 VALUES ($1, $2, $3, $4, 1, $5) ON CONFLICT (wa_id) DO NOTHING",
            )
            .bind(conversation.wa_id.clone())
            .bind(conversation.language.code())
            .bind(conversation.step.clone())
            .bind(conversation.data.to_string())
            .bind(now.0)
            .execute(&mut *tx)
            .await?
        } else {
            sqlx::query(
                "UPDATE whatsapp_conversations SET language = $1, step = $2, data = $3, \
                 version = version + 1, updated_at = $4 WHERE wa_id = $5 AND version = $6",
            )
            .bind(conversation.language.code())
            .bind(conversation.step.clone())
            .bind(conversation.data.to_string())
            .bind(now.0)
            .bind(conversation.wa_id.clone())
            .bind(conversation.version)
            .execute(&mut *tx)
            .await?
        };
        if saved.rows_affected() != 1 {
            return Ok(false);
        }
        let messages: Vec<Message> = replies
            .iter()
            .enumerate()
            .map(|(n, text)| {
                outgoing(
                    &conversation.wa_id,
                    format!("whatsapp:{answering}:{n}"),
                    &text_message(&conversation.wa_id, text),
                    conversation.language,
                    grievance,
                )
            })
            .collect();
        insert_outbox(&mut tx, None, &messages, now).await?;
        tx.commit().await?;
        self.ring_outbox();
        Ok(true)
    }

    /// The citizen of `mobile` hears of their cases on WhatsApp too, at `wa_id`.
    pub async fn opt_in_whatsapp(&self, mobile: &str, wa_id: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO whatsapp_optins (mobile, wa_id, opted_in_at) VALUES ($1, $2, $3) \
             ON CONFLICT (mobile) DO UPDATE SET wa_id = excluded.wa_id",
        )
        .bind(mobile.to_string())
        .bind(wa_id.to_string())
        .bind(self.now().0)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}

/// The WhatsApp template messages mirroring `sms` (a citizen's SMS, not a one-time password
/// nor an officer's) for the citizens who opted in, when a template is configured: written
/// with the SMS, in the same transaction.
pub(super) async fn mirror(
    tx: &mut AnyConnection,
    notifications: &Notifications,
    sms: &[Message],
) -> Result<Vec<Message>> {
    let Some(template) = &notifications.whatsapp_update else {
        return Ok(Vec::new());
    };
    let citizens: Vec<&Message> = sms
        .iter()
        .filter(|m| {
            m.channel == "sms"
                && !m.recipient.is_empty()
                && m.template_key != "otp"
                && !m.template_key.starts_with("officer_")
        })
        .collect();
    if citizens.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT mobile, wa_id FROM whatsapp_optins WHERE mobile IN (");
    for (i, m) in citizens.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(m.recipient.clone());
    }
    sql.push(")");
    let (text, args) = sql.into_parts();
    let opted: Vec<(String, String)> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
        .fetch_all(&mut *tx)
        .await?;
    Ok(citizens
        .into_iter()
        .filter_map(|m| {
            let (_, wa_id) = opted.iter().find(|(mobile, _)| *mobile == m.recipient)?;
            let language = Language::parse(&m.language).unwrap_or_default();
            let body = json!({"messaging_product": "whatsapp", "to": wa_id, "type": "template",
                "template": {"name": template, "language": {"code": language.code()},
                    "components": [{"type": "body", "parameters": [{"type": "text", "text": m.body}]}]}});
            Some(outgoing(
                wa_id,
                format!("whatsapp:{}", m.idempotency_key),
                &body,
                language,
                m.grievance_id,
            ))
        })
        .collect())
}

/// When the outbox takes a citizen's SMS, the same words for WhatsApp (see [`mirror`]).
pub(super) async fn with_mirror(
    tx: &mut AnyConnection,
    notifications: &Notifications,
    mut messages: Vec<Message>,
) -> Result<Vec<Message>> {
    let mirrored = mirror(tx, notifications, &messages).await?;
    messages.extend(mirrored);
    Ok(messages)
}

impl Store {
    /// The citizen's latest disposed case they have not yet given their word on.
    pub async fn awaiting_feedback(&self, mobile: &str) -> Result<Option<String>> {
        if mobile.is_empty() {
            return Ok(None);
        }
        Ok(sqlx::query_scalar(
            "SELECT regno FROM grievances WHERE mobile = $1 AND status = 'disposed' \
             AND verification IS NULL ORDER BY disposed_at DESC LIMIT 1",
        )
        .bind(mobile.to_string())
        .fetch_optional(self.pool())
        .await?)
    }
}
