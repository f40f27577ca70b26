//! Delivering WhatsApp messages: each reply and mirrored notification the store wrote into the
//! outbox (channel `whatsapp`, its body the Cloud API's message JSON) is POSTed to
//! `/{phone-number-id}/messages`; failures are retried with the outbox's backoff and
//! dead-lettered like any message.

use super::Media;
use crate::store::{DeliveryReport, Store, StoreError};
use serde_json::Value;

/// One round. Without `[whatsapp]` nothing is claimed (messages wait for it to be configured).
pub async fn deliver_whatsapp(
    store: &Store,
    media: Option<&Media>,
    worker: &str,
) -> Result<DeliveryReport, StoreError> {
    let mut report = DeliveryReport::default();
    let Some(media) = media else {
        return Ok(report);
    };
    let max_attempts = store.notifications().max_attempts;
    let url = media.graph(&format!("{}/messages", media.config.phone_number_id));
    for message in store.claim_outbox(worker, "whatsapp", 10).await? {
        let sent = media
            .client
            .post(&url)
            .bearer_auth(&media.config.access_token)
            .header("content-type", "application/json")
            .body(message.body.clone())
            .send()
            .await;
        let outcome = match sent {
            Ok(response) if response.status().is_success() => {
                let answer: Value = response.json().await.unwrap_or_default();
                Ok(answer["messages"][0]["id"].as_str().map(str::to_string))
            }
            Ok(response) => Err(format!("the Cloud API answered {}", response.status())),
            Err(e) => Err(format!("the Cloud API could not be reached: {e}")),
        };
        store
            .record_attempt(&message, outcome, max_attempts, &mut report)
            .await?;
    }
    Ok(report)
}
