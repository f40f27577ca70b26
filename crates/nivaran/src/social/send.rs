//! Delivering replies: each reply the store wrote into the outbox (channel `social`, recipient
//! `platform:id`, the adapter the post came through as `template_id`) goes back the way it came:
//! the X API or the Graph API where their reply token is configured, the generic feed's
//! `reply_url` where that is configured; else it is kept for the desk to post by hand (finished
//! as `rejected`, with that said). A reply sent marks its post
//! answered. Failures are retried with the outbox's backoff and dead-lettered like any message.

use super::SocialConfig;
use crate::store::{DeliveryReport, OutboxMessage, Store, StoreError};

/// The platforms' settings and the client replies go with.
pub struct Replies {
    pub config: SocialConfig,
    pub client: reqwest::Client,
}

impl Replies {
    pub fn new(config: &SocialConfig) -> Result<Replies, String> {
        Ok(Replies {
            config: config.clone(),
            client: super::client(20)?,
        })
    }
}

/// One round of replies.
pub async fn deliver_replies(
    store: &Store,
    replies: &Replies,
    worker: &str,
) -> Result<DeliveryReport, StoreError> {
    let max_attempts = store.notifications().max_attempts;
    let mut report = DeliveryReport::default();
    for message in store.claim_outbox(worker, "social", 5).await? {
        let Some((platform, to)) = message.recipient.split_once(':') else {
            store
                .finish_message(
                    message.id,
                    "rejected",
                    message.attempts,
                    Some("no post to reply to"),
                    None,
                )
                .await?;
            report.rejected += 1;
            continue;
        };
        let Some(outcome) = send(replies, platform, to, &message).await else {
            store
                .finish_message(
                    message.id,
                    "rejected",
                    message.attempts,
                    Some(super::BY_HAND),
                    None,
                )
                .await?;
            report.rejected += 1;
            continue;
        };
        let sent = outcome.is_ok();
        store
            .record_attempt(&message, outcome, max_attempts, &mut report)
            .await?;
        if sent {
            store.mark_social_answered(platform, to).await?;
        }
    }
    Ok(report)
}

/// Sends back the way the post came; `None` when that way is not configured.
async fn send(
    replies: &Replies,
    platform: &str,
    to: &str,
    message: &OutboxMessage,
) -> Option<Result<Option<String>, String>> {
    let config = &replies.config;
    let client = &replies.client;
    let text = message.body.as_str();
    // The way back is the way the post came (`template_id`): an aggregator's X or Facebook
    // post is answered through the aggregator, not through an API it did not come from.
    match message.template_id.as_str() {
        "x" => {
            let x = config.x.as_ref()?;
            let token = x.reply_token.as_ref()?;
            return Some(super::x::reply(client, x, token, to, text).await);
        }
        "meta" => {
            let meta = config.meta.as_ref()?;
            let token = meta.page_token.as_ref()?;
            return Some(super::meta::reply(client, meta, token, platform, to, text).await);
        }
        _ => {}
    }
    let feed = config.feed.as_ref()?;
    let url = feed.reply_url.as_ref()?;
    let body = serde_json::json!({
        "event_id": message.idempotency_key,
        "platform": platform,
        "in_reply_to": to,
        "text": text,
    })
    .to_string();
    let sent = client
        .post(url)
        .header("content-type", "application/json")
        .header(
            "x-hub-signature-256",
            super::signature_of(&feed.secret, body.as_bytes()),
        )
        .header("idempotency-key", &message.idempotency_key)
        .body(body)
        .send()
        .await;
    Some(match sent {
        Ok(response) if response.status().is_success() => Ok(None),
        Ok(response) => Err(format!("the feed answered {}", response.status())),
        Err(e) => Err(format!("the feed could not be reached: {e}")),
    })
}
