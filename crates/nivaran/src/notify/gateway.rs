//! SMS gateways. `log` writes each message as a JSON line to a file (the zero-set-up default, and
//! what a pilot runs before its DLT registration is through); `http` talks to any HTTP SMS provider,
//! with the URL, method, parameter names, auth header and success pattern in configuration.

use super::pace::{PaceConfig, Pacer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// One message as handed to a gateway.
#[derive(Debug, Clone, Serialize)]
pub struct OutgoingSms {
    /// The outbox's idempotency key: the same message always carries the same reference, so a
    /// provider that deduplicates by reference never sends a retry twice.
    pub reference: String,
    pub to: String,
    pub sender: String,
    pub template_id: String,
    pub text: String,
    pub unicode: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    Accepted { gateway_reference: Option<String> },
    Failed { error: String },
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct GatewayConfig {
    /// `log` (default) or `http`.
    pub kind: Option<String>,
    /// For `log`: the file to append to (default DATA_DIR/sms.log).
    pub log_file: Option<PathBuf>,
    pub http: Option<HttpGatewayConfig>,
    /// Messages handed to the gateway a second, at most (default 100; see `notify::pace`).
    pub rate_per_second: Option<u32>,
    /// Messages waiting for the gateway's answer at once, at most (default 16).
    pub parallel: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HttpGatewayConfig {
    pub url: String,
    /// `POST` (form-encoded body, default) or `GET` (query string).
    #[serde(default = "default_method")]
    pub method: String,
    #[serde(default = "default_to")]
    pub to_param: String,
    #[serde(default = "default_text")]
    pub text_param: String,
    #[serde(default = "default_sender")]
    pub sender_param: String,
    #[serde(default = "default_template")]
    pub template_param: String,
    #[serde(default = "default_reference")]
    pub reference_param: String,
    /// Sent as `unicode_param=1` for Devanagari messages when set (some providers need it).
    #[serde(default)]
    pub unicode_param: Option<String>,
    /// Fixed parameters every request carries (route, entity id, …).
    #[serde(default)]
    pub extra: BTreeMap<String, String>,
    /// e.g. `Authorization` with `Bearer …`, or `apikey` with the key.
    #[serde(default)]
    pub auth_header: Option<String>,
    #[serde(default)]
    pub auth_value: Option<String>,
    /// The response body must contain this for the message to count as accepted.
    #[serde(default)]
    pub success_pattern: Option<String>,
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
}

fn default_method() -> String {
    "POST".into()
}
fn default_to() -> String {
    "to".into()
}
fn default_text() -> String {
    "text".into()
}
fn default_sender() -> String {
    "sender".into()
}
fn default_template() -> String {
    "template_id".into()
}
fn default_reference() -> String {
    "reference".into()
}
fn default_timeout() -> u64 {
    10
}

/// Where SMS go, and how fast.
pub struct SmsGateway {
    link: SmsLink,
    pacer: Pacer,
    timeout: Duration,
}

enum SmsLink {
    Log(PathBuf),
    Http(Box<HttpGatewayConfig>, reqwest::Client),
}

pub fn build_gateway(
    config: &GatewayConfig,
    data_dir: &std::path::Path,
) -> Result<SmsGateway, String> {
    let pace = PaceConfig::from_section("sms", config.rate_per_second, config.parallel)?;
    let link = match config.kind.as_deref().unwrap_or("log") {
        "log" => SmsLink::Log(
            config
                .log_file
                .clone()
                .unwrap_or_else(|| data_dir.join("sms.log")),
        ),
        "http" => {
            let http = config
                .http
                .clone()
                .ok_or("sms gateway 'http' needs an [sms.http] section")?;
            if !matches!(http.method.to_uppercase().as_str(), "GET" | "POST") {
                return Err(format!(
                    "sms.http.method must be GET or POST, not '{}'",
                    http.method
                ));
            }
            crate::install_tls_provider();
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(http.timeout_seconds.max(1)))
                .build()
                .map_err(|e| e.to_string())?;
            SmsLink::Http(Box::new(http), client)
        }
        other => {
            return Err(format!(
                "sms gateway must be 'log' or 'http', not '{other}'"
            ));
        }
    };
    let timeout = match &link {
        SmsLink::Http(http, _) => Duration::from_secs(http.timeout_seconds.max(1)),
        SmsLink::Log(_) => Duration::from_secs(1),
    };
    Ok(SmsGateway {
        link,
        pacer: Pacer::new(pace),
        timeout,
    })
}

impl SmsGateway {
    /// The gateway's pace: every send waits for its slot.
    pub fn pacer(&self) -> &Pacer {
        &self.pacer
    }

    /// How long one send may wait for the gateway's answer.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    pub async fn send(&self, sms: &OutgoingSms) -> SendOutcome {
        match &self.link {
            SmsLink::Log(path) => {
                let line = format!("{}\n", serde_json::to_string(sms).unwrap_or_default());
                let result = async {
                    if let Some(dir) = path.parent() {
                        tokio::fs::create_dir_all(dir).await?;
                    }
                    let mut file = tokio::fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(path)
                        .await?;
                    file.write_all(line.as_bytes()).await?;
                    // tokio hands the write to a blocking thread and returns: only a flush
                    // waits until it is in the file (so "sent" means written).
                    file.flush().await
                }
                .await;
                match result {
                    Ok(()) => {
                        tracing::info!(to = %mask(&sms.to), template_id = %sms.template_id, reference = %sms.reference, "sms written to the log sink");
                        SendOutcome::Accepted {
                            gateway_reference: None,
                        }
                    }
                    Err(e) => SendOutcome::Failed {
                        error: format!("cannot write {}: {e}", path.display()),
                    },
                }
            }
            SmsLink::Http(config, client) => send_http(config, client, sms).await,
        }
    }
}

fn mask(mobile: &str) -> String {
    let keep = mobile.len().saturating_sub(4);
    format!("{}{}", "X".repeat(keep), &mobile[keep..])
}

async fn send_http(
    config: &HttpGatewayConfig,
    client: &reqwest::Client,
    sms: &OutgoingSms,
) -> SendOutcome {
    let mut params: Vec<(String, String)> = vec![
        (config.to_param.clone(), format!("91{}", sms.to)),
        (config.text_param.clone(), sms.text.clone()),
        (config.sender_param.clone(), sms.sender.clone()),
        (config.template_param.clone(), sms.template_id.clone()),
        (config.reference_param.clone(), sms.reference.clone()),
    ];
    if let (Some(name), true) = (&config.unicode_param, sms.unicode) {
        params.push((name.clone(), "1".into()));
    }
    params.extend(config.extra.iter().map(|(k, v)| (k.clone(), v.clone())));
    let mut request = if config.method.eq_ignore_ascii_case("GET") {
        client.get(&config.url).query(&params)
    } else {
        client.post(&config.url).form(&params)
    };
    if let (Some(header), Some(value)) = (&config.auth_header, &config.auth_value) {
        request = request.header(header.as_str(), value.as_str());
    }
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) if e.is_timeout() => {
            return SendOutcome::Failed {
                error: "gateway timed out".into(),
            };
        }
        Err(e) => {
            return SendOutcome::Failed {
                error: format!("gateway unreachable: {e}"),
            };
        }
    };
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if !status.is_success() {
        return SendOutcome::Failed {
            error: format!(
                "gateway answered {status}: {}",
                body.chars().take(200).collect::<String>()
            ),
        };
    }
    if let Some(pattern) = &config.success_pattern
        && !body.contains(pattern.as_str())
    {
        return SendOutcome::Failed {
            error: format!(
                "gateway answer lacks '{pattern}': {}",
                body.chars().take(200).collect::<String>()
            ),
        };
    }
    SendOutcome::Accepted {
        gateway_reference: Some(body.chars().take(120).collect()),
    }
}
