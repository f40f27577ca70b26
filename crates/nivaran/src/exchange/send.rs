//! Delivering the returns: each ATR and disposal the store wrote into the outbox is POSTed to
//! its exchange's `return_url` as it is configured now, with the exchange's authentication and
//! the message's key as `Idempotency-Key` (a portal that already took it takes nothing new).
//! A portal that does not answer 2xx is tried again after the outbox's backoff, and the message
//! is dead-lettered after the configured number of attempts, in the outbox's admin view.

use super::{Exchanges, authorised};
use crate::store::{DeliveryReport, Store, StoreError};

/// One round: the due returns, a few at a time (each may wait for its portal, and all must be
/// answered within the claim's lease).
pub async fn deliver_returns(
    store: &Store,
    exchanges: &Exchanges,
    worker: &str,
) -> Result<DeliveryReport, StoreError> {
    let max_attempts = store.notifications().max_attempts;
    let mut report = DeliveryReport::default();
    for message in store.claim_outbox(worker, "exchange", 5).await? {
        let configured = exchanges
            .by_name(&message.template_id)
            .and_then(|(config, client)| Some((config, client, config.return_url.as_ref()?)));
        let Some((config, client, url)) = configured else {
            store
                .finish_message(
                    message.id,
                    "rejected",
                    message.attempts,
                    Some("the exchange has no return_url in the configuration any more"),
                    None,
                )
                .await?;
            report.rejected += 1;
            continue;
        };
        let outcome = authorised(config, client.post(url))
            .header("content-type", "application/json")
            .header("idempotency-key", &message.idempotency_key)
            .body(message.body.clone())
            .send()
            .await;
        let outcome = match outcome {
            Ok(response) if response.status().is_success() => {
                let answer = response.text().await.unwrap_or_default();
                Ok(Some(answer.chars().take(120).collect()))
            }
            Ok(response) => Err(format!("the portal answered {}", response.status())),
            Err(e) => Err(format!("the portal could not be reached: {e}")),
        };
        store
            .record_attempt(&message, outcome, max_attempts, &mut report)
            .await?;
    }
    Ok(report)
}
