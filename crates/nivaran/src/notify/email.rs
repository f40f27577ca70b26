//! E-mail through SMTP, or into a log file when no SMTP server is configured (the zero-set-up
//! default, as for SMS).

use super::pace::{PaceConfig, Pacer};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Deserialize;
use std::path::PathBuf;
use tokio::io::AsyncWriteExt;

/// `[email]` in the configuration.
#[derive(Debug, Clone, Deserialize, Default, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EmailConfig {
    /// The SMTP server; without it, e-mails go to DATA_DIR/email.log.
    pub smtp_host: Option<String>,
    pub smtp_port: Option<u16>,
    /// `starttls` (default), `tls` (implicit, port 465) or `none` (a relay on the same network).
    pub security: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The From address, e.g. `Nivaran <no-reply@samadhan.example.gov.in>`.
    pub from: Option<String>,
    pub log_file: Option<PathBuf>,
    /// Messages handed to the server a second, at most (default 100; see `notify::pace`).
    pub rate_per_second: Option<u32>,
    /// Messages being sent at once, at most (default 16).
    pub parallel: Option<u32>,
}

/// Where e-mail goes, and how fast.
pub struct EmailGateway {
    link: EmailLink,
    pacer: Pacer,
}

enum EmailLink {
    Log(PathBuf, Mailbox),
    Smtp(AsyncSmtpTransport<Tokio1Executor>, Mailbox),
}

/// How long one message may take (the SMTP transport's timeout).
const SMTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

pub struct OutgoingEmail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub reference: &'a str,
    /// A file sent with the message: its name and bytes.
    pub attachment: Option<(&'a str, &'a [u8])>,
}

pub fn build_email_gateway(
    config: &EmailConfig,
    data_dir: &std::path::Path,
) -> Result<EmailGateway, String> {
    let from: Mailbox = config
        .from
        .as_deref()
        .unwrap_or("Nivaran <no-reply@localhost>")
        .parse()
        .map_err(|e| format!("email.from: {e}"))?;
    let pacer = Pacer::new(PaceConfig::from_section(
        "email",
        config.rate_per_second,
        config.parallel,
    )?);
    let Some(host) = &config.smtp_host else {
        return Ok(EmailGateway {
            link: EmailLink::Log(
                config
                    .log_file
                    .clone()
                    .unwrap_or_else(|| data_dir.join("email.log")),
                from,
            ),
            pacer,
        });
    };
    crate::install_tls_provider();
    let builder = match config.security.as_deref().unwrap_or("starttls") {
        "starttls" => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host).map_err(|e| e.to_string())?
        }
        "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(|e| e.to_string())?,
        "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        other => {
            return Err(format!(
                "email.security must be starttls, tls or none, not '{other}'"
            ));
        }
    };
    let mut builder = builder.timeout(Some(SMTP_TIMEOUT));
    if let Some(port) = config.smtp_port {
        builder = builder.port(port);
    }
    if let (Some(user), Some(password)) = (&config.username, &config.password) {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(EmailGateway {
        link: EmailLink::Smtp(builder.build(), from),
        pacer,
    })
}

impl EmailGateway {
    /// The gateway's pace: every send waits for its slot.
    pub fn pacer(&self) -> &Pacer {
        &self.pacer
    }

    /// How long one send may take.
    pub fn timeout(&self) -> std::time::Duration {
        SMTP_TIMEOUT
    }

    pub async fn send(&self, email: &OutgoingEmail<'_>) -> Result<(), String> {
        match &self.link {
            EmailLink::Log(path, from) => {
                let line = serde_json::json!({
                    "from": from.to_string(), "to": email.to, "subject": email.subject,
                    "body": email.body, "reference": email.reference,
                    "attachment": email.attachment.map(|(name, bytes)| {
                        serde_json::json!({"name": name, "bytes": bytes.len()})
                    }),
                });
                if let Some(dir) = path.parent() {
                    tokio::fs::create_dir_all(dir)
                        .await
                        .map_err(|e| e.to_string())?;
                }
                let mut file = tokio::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .await
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                file.write_all(format!("{line}\n").as_bytes())
                    .await
                    .map_err(|e| e.to_string())?;
                // tokio hands the write to a blocking thread and returns: only a flush waits
                // until it is in the file (so "sent" means written).
                file.flush().await.map_err(|e| e.to_string())
            }
            EmailLink::Smtp(transport, from) => {
                let to: Mailbox = email
                    .to
                    .parse()
                    .map_err(|e| format!("bad address {}: {e}", email.to))?;
                let builder = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(email.subject)
                    // Our reference as the Message-ID's local part, so a resend is recognisable.
                    .message_id(Some(format!(
                        "<{}@nivaran>",
                        email.reference.replace([' ', '<', '>', '@'], "-")
                    )));
                let message = match email.attachment {
                    None => builder
                        .header(ContentType::TEXT_PLAIN)
                        .body(email.body.to_string()),
                    Some((name, bytes)) => {
                        let kind = if name.ends_with(".pdf") {
                            "application/pdf"
                        } else {
                            "application/octet-stream"
                        };
                        let kind = ContentType::parse(kind).map_err(|e| e.to_string())?;
                        builder.multipart(
                            MultiPart::mixed()
                                .singlepart(SinglePart::plain(email.body.to_string()))
                                .singlepart(
                                    Attachment::new(name.to_string()).body(bytes.to_vec(), kind),
                                ),
                        )
                    }
                }
                .map_err(|e| e.to_string())?;
                transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("SMTP: {e}"))
            }
        }
    }
}
