//! Placing verification calls: each request the store wrote into the outbox (channel `call`) is
//! put to the call-centre system at once: Exotel's connect-two-numbers call (the verifier's phone
//! rings first, then the citizen's; its progress comes back to the status callback), Asterisk's
//! `POST /ari/channels` (the citizen's number dialled into the verifiers' extension, the channel
//! named by Nivaran so its events find the call), or any system's HTTP endpoint. A call that
//! cannot be placed is never tried again later (a verifier has moved on): its message is dead,
//! with why, and the call failed.

use crate::notify::platforms::{DialConfig, TelephonyConfig};
use crate::store::{DeliveryReport, OutboxMessage, Store, StoreError};
use serde_json::Value;

/// The call-centre system's dialling, as configured.
pub struct Dialer {
    dial: Option<DialConfig>,
    client: reqwest::Client,
    /// Where Exotel reports the call's progress (with the token).
    status_callback: Option<String>,
}

impl Dialer {
    pub fn new(config: &TelephonyConfig, public_url: &str) -> Result<Dialer, String> {
        Ok(Dialer {
            dial: config.dial.clone(),
            client: crate::notify::platform_client(15, 0)?,
            status_callback: config.token.as_ref().map(|token| {
                format!(
                    "{}/api/v1/telephony/exotel?token={token}",
                    public_url.trim_end_matches('/')
                )
            }),
        })
    }
}

/// One round of calls to place.
pub async fn deliver_calls(
    store: &Store,
    dialer: &Dialer,
    worker: &str,
) -> Result<DeliveryReport, StoreError> {
    let mut report = DeliveryReport::default();
    for message in store.claim_outbox(worker, "call", 5).await? {
        let request: Value = serde_json::from_str(&message.body).unwrap_or_default();
        let reference = request["call_ref"].as_str().unwrap_or_default().to_string();
        let placed = match &dialer.dial {
            Some(dial) => place(dialer, dial, &request, &message).await,
            None => Err("dialling is not configured any more".into()),
        };
        match placed {
            Ok(provider_id) => {
                store
                    .name_placed_call(&reference, provider_id.as_deref().unwrap_or(&reference))
                    .await?;
                store
                    .finish_message(
                        message.id,
                        "sent",
                        message.attempts + 1,
                        None,
                        provider_id.as_deref(),
                    )
                    .await?;
                report.sent += 1;
            }
            Err(why) => {
                tracing::warn!(call = %reference, %why, "a verification call could not be placed");
                store.fail_placed_call(&reference).await?;
                store
                    .finish_message(message.id, "dead", message.attempts + 1, Some(&why), None)
                    .await?;
                report.dead += 1;
            }
        }
    }
    Ok(report)
}

/// Puts one call to the system; the system's id for it, where it gives one.
async fn place(
    dialer: &Dialer,
    dial: &DialConfig,
    request: &Value,
    message: &OutboxMessage,
) -> Result<Option<String>, String> {
    let text = |name: &str| request[name].as_str().unwrap_or_default().to_string();
    let (from, to, reference) = (text("from"), text("to"), text("call_ref"));
    let answered = |response: Result<reqwest::Response, reqwest::Error>| async {
        let response =
            response.map_err(|e| format!("the call-centre system could not be reached: {e}"))?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("the call-centre system answered {status}"));
        }
        Ok::<Value, String>(response.json().await.unwrap_or_default())
    };
    match dial {
        DialConfig::Exotel {
            account_sid,
            api_key,
            api_token,
            api_base,
            caller_id,
        } => {
            let url = format!(
                "{}/v1/Accounts/{account_sid}/Calls/connect.json",
                api_base.trim_end_matches('/')
            );
            let mut form = vec![
                ("From", format!("0{from}")),
                ("To", format!("0{to}")),
                ("CallerId", caller_id.clone()),
                ("CustomField", reference),
                (
                    "StatusCallbackContentType",
                    "multipart/form-data".to_string(),
                ),
            ];
            if let Some(callback) = &dialer.status_callback {
                form.push(("StatusCallback", callback.clone()));
            }
            let answer = answered(
                dialer
                    .client
                    .post(url)
                    .basic_auth(api_key, Some(api_token))
                    .form(&form)
                    .send()
                    .await,
            )
            .await?;
            Ok(answer["Call"]["Sid"].as_str().map(str::to_string))
        }
        DialConfig::Asterisk {
            ari_url,
            username,
            password,
            endpoint,
            context,
            extension,
            caller_id,
        } => {
            let mut query = vec![
                ("endpoint", endpoint.replace("{number}", &to)),
                ("context", context.clone()),
                ("extension", extension.clone()),
                ("priority", "1".to_string()),
                // The channel is named by Nivaran, so its ARI events find this call.
                ("channelId", reference.clone()),
                ("timeout", "30".to_string()),
            ];
            if let Some(id) = caller_id {
                query.push(("callerId", id.clone()));
            }
            answered(
                dialer
                    .client
                    .post(format!("{}/ari/channels", ari_url.trim_end_matches('/')))
                    .basic_auth(username, Some(password))
                    .query(&query)
                    .send()
                    .await,
            )
            .await?;
            Ok(Some(reference))
        }
        DialConfig::Http {
            url,
            auth_header,
            auth_value,
        } => {
            let mut post = dialer
                .client
                .post(url)
                .header("idempotency-key", &message.idempotency_key)
                .json(request);
            if let (Some(h), Some(v)) = (auth_header, auth_value) {
                post = post.header(h.as_str(), v.as_str());
            }
            answered(post.send().await).await?;
            Ok(Some(reference))
        }
    }
}
