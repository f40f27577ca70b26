//! Delivery: the worker takes due messages from the outbox (claimed with a lease, so several
//! nodes share the work and none sends twice) and hands each to its gateway: SMS (after
//! checking its text against the registered DLT template), e-mail (with any attachment), and
//! webhooks (signed, to an address the egress policy still allows). A round claims what is due,
//! most urgent first (`notify::messages::priority`), and sends it several at a time within the
//! gateway's rate (`notify::pace`). The store records each outcome; retries, backoff and the
//! dead letter are its.

use crate::notify::pace::Pacer;
use crate::notify::{EmailGateway, OutgoingEmail, OutgoingSms, SendOutcome, SmsGateway};
use crate::store::{DeliveryReport, OutboxMessage, Store, StoreError, webhook_signature};
use futures_util::StreamExt;
use nivaran_domain::sms;
use nivaran_domain::types::Language;
use std::future::Future;

type Result<T> = std::result::Result<T, StoreError>;

/// Sends a claimed round `pacer.parallel()` at a time, each message when its slot comes (the
/// rate is kept across rounds), and adds up what became of them.
async fn in_parallel<F, Fut>(
    messages: Vec<OutboxMessage>,
    pacer: &Pacer,
    deliver: F,
) -> Result<DeliveryReport>
where
    F: Fn(OutboxMessage) -> Fut,
    Fut: Future<Output = Result<DeliveryReport>>,
{
    let mut report = DeliveryReport::default();
    let mut outcomes = futures_util::stream::iter(messages)
        .map(|message| {
            let sent = deliver(message);
            async move {
                pacer.turn().await;
                sent.await
            }
        })
        .buffer_unordered(pacer.parallel());
    while let Some(outcome) = outcomes.next().await {
        report.add(&outcome?);
    }
    Ok(report)
}

/// One delivery round: claim, check each text against its DLT template, send, record.
pub async fn deliver_sms(
    store: &Store,
    gateway: &SmsGateway,
    worker: &str,
) -> Result<DeliveryReport> {
    let notifications = store.notifications();
    let batch = gateway.pacer().batch(gateway.timeout());
    let claimed = store.claim_outbox(worker, "sms", batch).await?;
    in_parallel(claimed, gateway.pacer(), |message| {
        let notifications = notifications.clone();
        async move {
            let mut report = DeliveryReport::default();
            let template = notifications
                .templates
                .get(
                    &message.template_key,
                    Language::parse(&message.language).unwrap_or_default(),
                )
                .filter(|t| t.template_id == message.template_id);
            let matches = template.is_some_and(|t| sms::matches_template(&t.text, &message.body));
            if !matches {
                tracing::error!(
                    outbox_id = message.id,
                    template_id = %message.template_id,
                    template_key = %message.template_key,
                    "DLT: message text does not match its registered template; refused before sending"
                );
                store
                    .finish_message(
                        message.id,
                        "rejected",
                        message.attempts,
                        Some("text does not match its registered DLT template"),
                        None,
                    )
                    .await?;
                report.rejected += 1;
                return Ok(report);
            }
            let outcome = gateway
                .send(&OutgoingSms {
                    reference: message.idempotency_key.clone(),
                    to: message.recipient.clone(),
                    sender: message.sender.clone(),
                    template_id: message.template_id.clone(),
                    text: message.body.clone(),
                    unicode: message.encoding == "ucs2",
                })
                .await;
            let result = match outcome {
                SendOutcome::Accepted { gateway_reference } => Ok(gateway_reference),
                SendOutcome::Failed { error } => Err(error),
            };
            store
                .record_attempt(&message, result, notifications.max_attempts, &mut report)
                .await?;
            Ok(report)
        }
    })
    .await
}

/// One delivery round of e-mail.
pub async fn deliver_email(
    store: &Store,
    gateway: &EmailGateway,
    worker: &str,
) -> Result<DeliveryReport> {
    let notifications = store.notifications();
    let batch = gateway.pacer().batch(gateway.timeout());
    let claimed = store.claim_outbox(worker, "email", batch).await?;
    in_parallel(claimed, gateway.pacer(), |message| {
        let max_attempts = notifications.max_attempts;
        async move {
            let mut report = DeliveryReport::default();
            // A missing file fails the attempt (and is retried) rather than sending without it.
            let attachment = match &message.attachment {
                Some(path) => match tokio::fs::read(store.files_dir().join(path)).await {
                    Ok(bytes) => Some((path.rsplit('/').next().unwrap_or(path).to_string(), bytes)),
                    Err(e) => {
                        store
                            .record_attempt(
                                &message,
                                Err(format!("attachment {path}: {e}")),
                                max_attempts,
                                &mut report,
                            )
                            .await?;
                        return Ok(report);
                    }
                },
                None => None,
            };
            let outcome = gateway
                .send(&OutgoingEmail {
                    to: &message.recipient,
                    subject: message.subject.as_deref().unwrap_or("Nivaran"),
                    body: &message.body,
                    reference: &message.idempotency_key,
                    attachment: attachment
                        .as_ref()
                        .map(|(name, bytes)| (name.as_str(), bytes.as_slice())),
                })
                .await
                .map(|()| None);
            let sent = outcome.is_ok();
            store
                .record_attempt(&message, outcome, max_attempts, &mut report)
                .await?;
            // A reply to an e-mail in the SMGT desk's queue: its post is answered.
            if sent
                && let Some(post) = message
                    .idempotency_key
                    .strip_prefix("social:")
                    .and_then(|rest| rest.split(':').next())
                    .and_then(|id| id.parse::<i64>().ok())
            {
                store.mark_post_answered(post).await?;
            }
            Ok(report)
        }
    })
    .await
}

/// Delivers due webhook messages: each POSTed to its receiver, signed. A receiver that does
/// not answer 2xx is tried again after a backoff, and dead-lettered after the configured
/// number of attempts; a removed subscription's messages are not sent.
pub async fn deliver_webhooks(
    store: &Store,
    client: &reqwest::Client,
    worker: &str,
) -> Result<DeliveryReport> {
    let notifications = store.notifications();
    let mut report = DeliveryReport::default();
    // A few at a time: each may wait 10 s for its receiver, and all must be answered
    // within the claim's lease, or another node would claim and send them again.
    for message in store.claim_outbox(worker, "webhook", 5).await? {
        let secret = match message.template_id.parse::<i64>() {
            Ok(id) => store.webhook_secret(id).await?,
            Err(_) => None,
        };
        let Some(secret) = secret else {
            store
                .finish_message(
                    message.id,
                    "rejected",
                    message.attempts,
                    Some("the subscription was removed"),
                    None,
                )
                .await?;
            report.rejected += 1;
            continue;
        };
        // Where the address points now (DNS may have changed since it was subscribed):
        // never inside the deployment's network.
        if let Err(why) = store.egress().check_url(&message.recipient).await {
            tracing::warn!(outbox_id = message.id, %why, "webhook address refused");
            store
                .finish_message(
                    message.id,
                    "rejected",
                    message.attempts,
                    Some(&format!("the receiver's address is refused: {why}")),
                    None,
                )
                .await?;
            report.rejected += 1;
            continue;
        }
        let timestamp = store.now().0 / 1000;
        let signature = webhook_signature(&secret, timestamp, &message.body);
        let outcome = client
            .post(&message.recipient)
            .header("content-type", "application/json")
            .header("x-nivaran-event-id", &message.idempotency_key)
            .header("x-nivaran-timestamp", timestamp.to_string())
            .header("x-nivaran-signature", format!("sha256={signature}"))
            .body(message.body.clone())
            .send()
            .await;
        let outcome = match outcome {
            Ok(response) if response.status().is_success() => Ok(None),
            Ok(response) => Err(format!("the receiver answered {}", response.status())),
            Err(e) => Err(format!("the receiver could not be reached: {e}")),
        };
        store
            .record_attempt(&message, outcome, notifications.max_attempts, &mut report)
            .await?;
    }
    Ok(report)
}
