//! Configuration: command-line flags override environment variables, which override the config
//! file, which overrides the defaults. Documented in docs/CONFIGURATION.md.

mod env_overlay;

use crate::notify::{EmailConfig, GatewayConfig, Notifications, SmsTemplates};
use crate::store::{AuditPolicy, DeadlinePolicy, Limits, VerificationPolicy};
use nivaran_domain::scoring::ScoreFormula;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The optional `nivaran.toml` (in the data directory, or named by `--config`).
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    /// How long the service waits on the database.
    pub database: DatabaseSection,
    /// Where `/metrics` is served, and with what token.
    pub metrics: MetricsSection,
    /// Traces sent to an OpenTelemetry collector.
    pub telemetry: crate::telemetry::TelemetryConfig,
    pub port: Option<u16>,
    pub bind: Option<String>,
    pub session_minutes: Option<i64>,
    pub secure_cookies: Option<bool>,
    /// The address citizens reach the service at; used in SMS links.
    pub public_url: Option<String>,
    /// Behind one reverse proxy on the same machine or network: believe the address it appends
    /// to X-Forwarded-For (the peer becomes a trusted proxy). `trusted_proxies` names them.
    pub trust_proxy: Option<bool>,
    /// The networks of the reverse proxies whose X-Forwarded-For is believed, e.g.
    /// `["10.0.0.0/8"]`: the client is the right-most address in it that is not one of them.
    pub trusted_proxies: Option<Vec<String>>,
    /// Connection limits and timeouts.
    pub server: ServerSection,
    pub webhooks: WebhooksSection,
    /// Signed checkpoints of the audit log.
    pub audit_log: crate::audit_log::AuditLogConfig,
    pub limits: Limits,
    /// A DLT templates file replacing the built-in one.
    pub sms_templates: Option<PathBuf>,
    pub sms: SmsSection,
    /// The steps citizens are not told of.
    pub citizen_sms: crate::notify::CitizenSteps,
    pub email: EmailConfig,
    pub deadlines: DeadlinePolicy,
    pub worker: WorkerSection,
    /// The weights and grade bounds of the rankings' score.
    pub scoring: ScoreFormula,
    /// What officers must declare when they take a case.
    pub officers: crate::store::OfficerPolicy,
    pub verification: VerificationPolicy,
    pub audit: AuditPolicy,
    /// The weekly review reports e-mailed to collectors and the state.
    pub reports: ReportsConfig,
    pub dashboards: DashboardsSection,
    /// Other grievance portals cases are pulled from and ATRs returned to (`[[exchange]]`).
    pub exchange: Vec<crate::exchange::ExchangeConfig>,
    /// Social-media platforms (SMGT).
    pub social: crate::social::SocialConfig,
    /// The 181 helpline's call-centre system.
    pub telephony: crate::notify::platforms::TelephonyConfig,
    /// The WhatsApp Business Cloud API.
    pub whatsapp: Option<crate::notify::platforms::WhatsAppConfig>,
    /// A mailbox citizens write to, read over IMAP.
    pub mailbox: Option<crate::notify::platforms::MailboxConfig>,
}

/// `[reports]` in the configuration.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReportsConfig {
    /// The day the reports go out (IST), in English: `monday` … `sunday`.
    pub weekday: String,
    pub recipients: Vec<Recipient>,
}

impl Default for ReportsConfig {
    fn default() -> Self {
        ReportsConfig {
            weekday: "monday".into(),
            recipients: Vec::new(),
        }
    }
}

/// Who gets which report.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// As on the dashboard: `all`, `area:CODE`, `office:CODE`.
    pub scope: String,
    pub emails: Vec<String>,
    /// `hi` (default) or `en`.
    #[serde(default = "hindi")]
    pub lang: String,
}

fn hindi() -> String {
    "hi".into()
}

impl ReportsConfig {
    pub fn weekday(&self) -> Result<time::Weekday, String> {
        use time::Weekday::*;
        Ok(match self.weekday.to_ascii_lowercase().as_str() {
            "monday" => Monday,
            "tuesday" => Tuesday,
            "wednesday" => Wednesday,
            "thursday" => Thursday,
            "friday" => Friday,
            "saturday" => Saturday,
            "sunday" => Sunday,
            other => {
                return Err(format!(
                    "[reports] weekday '{other}' is not a day of the week"
                ));
            }
        })
    }

    pub fn check(&self) -> Result<(), String> {
        self.weekday()?;
        for r in &self.recipients {
            if crate::present::i18n::Lang::parse(&r.lang).is_none() {
                return Err(format!("[reports] lang '{}' must be hi or en", r.lang));
            }
        }
        Ok(())
    }
}

/// `[dashboards]` in the configuration.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DashboardsSection {
    /// Departments (codes) whose supervisors review every department of their office's area,
    /// as a collector does; empty means `["REVENUE"]`. Grievance cells (nodal offices) always do.
    pub area_reviewers: Vec<String>,
    /// How long each node keeps the public page's and open data's figures for a period before
    /// counting them again (0: every request counts).
    pub public_cache_seconds: u64,
}

impl Default for DashboardsSection {
    fn default() -> Self {
        DashboardsSection {
            area_reviewers: Vec::new(),
            public_cache_seconds: 300,
        }
    }
}

impl DashboardsSection {
    pub fn public_cache(&self) -> Duration {
        Duration::from_secs(self.public_cache_seconds)
    }
}

/// `[webhooks]` in the configuration.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct WebhooksSection {
    /// Networks beyond the public internet that webhooks may reach (a receiver inside the
    /// state's own network, say): `["10.20.0.0/16"]`. None by default.
    pub allowed_networks: Vec<String>,
}

/// `[server]` in the configuration: what one connection may cost.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSection {
    /// From a connection's opening (or its previous answer) to a request's complete headers.
    pub header_read_timeout_seconds: u64,
    /// For a request's whole body to arrive.
    pub request_body_timeout_seconds: u64,
    /// With no byte moving either way.
    pub idle_timeout_seconds: u64,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// On SIGTERM, how long requests in flight may take to finish before the process exits.
    pub shutdown_grace_seconds: u64,
}

impl Default for ServerSection {
    fn default() -> Self {
        ServerSection {
            header_read_timeout_seconds: 10,
            request_body_timeout_seconds: 120,
            idle_timeout_seconds: 60,
            max_connections: 1024,
            shutdown_grace_seconds: 10,
        }
    }
}

/// The `[server]` section as the server uses it.
#[derive(Debug, Clone)]
pub struct ServerLimits {
    pub header_read_timeout: Duration,
    pub request_body_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
    pub shutdown_grace: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerSection::default()
            .limits()
            .expect("the defaults are valid")
    }
}

impl ServerSection {
    pub fn limits(&self) -> Result<ServerLimits, String> {
        let positive = |name: &str, value: u64| {
            if value == 0 {
                Err(format!("[server] {name} must be at least 1"))
            } else {
                Ok(Duration::from_secs(value))
            }
        };
        if self.max_connections == 0 {
            return Err("[server] max_connections must be at least 1".into());
        }
        Ok(ServerLimits {
            header_read_timeout: positive(
                "header_read_timeout_seconds",
                self.header_read_timeout_seconds,
            )?,
            request_body_timeout: positive(
                "request_body_timeout_seconds",
                self.request_body_timeout_seconds,
            )?,
            idle_timeout: positive("idle_timeout_seconds", self.idle_timeout_seconds)?,
            max_connections: self.max_connections,
            shutdown_grace: positive("shutdown_grace_seconds", self.shutdown_grace_seconds)?,
        })
    }
}

/// The trusted proxies' networks; `trust_proxy = true` alone trusts the loopback addresses (a
/// proxy on the same machine).
fn trusted_proxies(trust_proxy: bool, listed: &[String]) -> Result<Vec<ipnet::IpNet>, String> {
    let mut networks = Vec::new();
    for text in listed {
        let text = text.trim();
        let network = text
            .parse::<ipnet::IpNet>()
            .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
            .map_err(|_| {
                format!("trusted_proxies: '{text}' is not an address or network (10.0.0.0/8)")
            })?;
        networks.push(network);
    }
    if trust_proxy && networks.is_empty() {
        networks.push("127.0.0.0/8".parse().expect("a network"));
        networks.push("::1/128".parse().expect("a network"));
    }
    Ok(networks)
}

/// `[sms]`: the gateway's settings (see [`GatewayConfig`]) beside the delivery's. Its keys are
/// written out rather than flattened from the gateway's, so that an unknown key is refused
/// here as in every other section.
#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SmsSection {
    /// `log` (default) or `http`.
    pub kind: Option<String>,
    /// For `log`: the file to append to (default DATA_DIR/sms.log).
    pub log_file: Option<PathBuf>,
    pub http: Option<crate::notify::HttpGatewayConfig>,
    /// Messages handed to the gateway a second, at most (default 100).
    pub rate_per_second: Option<u32>,
    /// Messages waiting for the gateway's answer at once, at most (default 16).
    pub parallel: Option<u32>,
    /// Deliveries tried before a message is dead-lettered (default 6).
    pub max_attempts: Option<i64>,
    /// Shared secret the gateway must send with delivery reports (`token` parameter).
    pub callback_token: Option<String>,
}

impl SmsSection {
    /// The gateway the worker sends through.
    pub fn gateway(&self) -> GatewayConfig {
        GatewayConfig {
            kind: self.kind.clone(),
            log_file: self.log_file.clone(),
            http: self.http.clone(),
            rate_per_second: self.rate_per_second,
            parallel: self.parallel,
        }
    }
}

/// `[metrics]` in the configuration: `/metrics` for Prometheus.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsSection {
    /// An address of its own (`127.0.0.1:9090`) for `/metrics`, off the public port; on the
    /// main port when absent.
    pub listen: Option<String>,
    /// A bearer token `/metrics` asks for; none when absent.
    pub token: Option<String>,
}

impl MetricsSection {
    fn resolved(self) -> Result<MetricsSection, String> {
        if let Some(listen) = &self.listen
            && listen.parse::<std::net::SocketAddr>().is_err()
        {
            return Err(format!(
                "[metrics] listen must be an address and port (127.0.0.1:9090), not '{listen}'"
            ));
        }
        if self.token.as_ref().is_some_and(|t| t.len() < 16) {
            return Err("[metrics] token must be at least 16 characters".into());
        }
        Ok(self)
    }
}

/// `[database]` in the configuration: the bounds on waiting for the database, so that a request
/// the database cannot serve is answered 503 within seconds rather than held (issue 19).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSection {
    /// For a connection from the pool (including connecting anew when the database was away).
    pub acquire_timeout_seconds: u64,
    /// For one statement of a request or a worker's job (PostgreSQL's `statement_timeout`).
    /// The command-line tools (migrate, import, stats) are not bounded.
    pub statement_timeout_seconds: u64,
    /// A streaming standby of the (PostgreSQL) database: dashboards, reports, search, open data
    /// and exports read from it while it is at most `replica_max_lag_seconds` behind.
    pub read_url: Option<String>,
    /// How far behind the standby may be and still be read; beyond, the primary is read.
    pub replica_max_lag_seconds: u64,
}

impl Default for DatabaseSection {
    fn default() -> Self {
        DatabaseSection {
            acquire_timeout_seconds: 3,
            statement_timeout_seconds: 10,
            read_url: None,
            replica_max_lag_seconds: 30,
        }
    }
}

impl DatabaseSection {
    /// The section checked, for the database at `url`.
    fn resolved_for(self, url: &str) -> Result<DatabaseSection, String> {
        if self.read_url.is_some() && !url.starts_with("postgres") {
            return Err(
                "[database] read_url needs PostgreSQL: a SQLite database has no replica".into(),
            );
        }
        if !(1..=600).contains(&self.acquire_timeout_seconds) {
            return Err("[database] acquire_timeout_seconds must be from 1 to 600".into());
        }
        if !(1..=3600).contains(&self.statement_timeout_seconds) {
            return Err("[database] statement_timeout_seconds must be from 1 to 3600".into());
        }
        if !(1..=86_400).contains(&self.replica_max_lag_seconds) {
            return Err("[database] replica_max_lag_seconds must be from 1 to 86400".into());
        }
        if let Some(url) = &self.read_url
            && !(url.starts_with("postgres://") || url.starts_with("postgresql://"))
        {
            return Err(
                "[database] read_url must be a postgres:// URL (a streaming standby)".into(),
            );
        }
        Ok(self)
    }

    pub fn acquire_timeout(&self) -> Duration {
        Duration::from_secs(self.acquire_timeout_seconds)
    }

    pub fn replica_max_lag(&self) -> Duration {
        Duration::from_secs(self.replica_max_lag_seconds)
    }

    pub fn statement_timeout(&self) -> Duration {
        Duration::from_secs(self.statement_timeout_seconds)
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct WorkerSection {
    /// Seconds between outbox deliveries.
    pub poll_seconds: u64,
    /// Minutes between deadline sweeps.
    pub sweep_minutes: u64,
    /// A worker whose loop has not come round for this long is stalled, and `/readyz` says
    /// so (a round may run a long job: the default is 15 minutes).
    pub stall_seconds: u64,
}

impl Default for WorkerSection {
    fn default() -> Self {
        WorkerSection {
            poll_seconds: 5,
            sweep_minutes: 15,
            stall_seconds: 900,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub database: DatabaseSection,
    pub metrics: MetricsSection,
    pub telemetry: crate::telemetry::TelemetryConfig,
    pub port: u16,
    pub bind: String,
    pub session_minutes: i64,
    pub secure_cookies: bool,
    pub public_url: String,
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub server: ServerLimits,
    /// Where webhooks may be sent.
    pub egress: crate::notify::EgressPolicy,
    pub audit_log: crate::audit_log::AuditLogConfig,
    pub limits: Limits,
    pub sms_templates: Option<PathBuf>,
    pub sms: SmsSection,
    pub citizen_sms: crate::notify::CitizenSteps,
    pub email: EmailConfig,
    pub deadlines: DeadlinePolicy,
    pub worker: WorkerSection,
    pub scoring: ScoreFormula,
    pub officers: crate::store::OfficerPolicy,
    pub verification: VerificationPolicy,
    pub audit: AuditPolicy,
    pub reports: ReportsConfig,
    pub dashboards: DashboardsSection,
    pub exchange: Vec<crate::exchange::ExchangeConfig>,
    pub social: crate::social::SocialConfig,
    pub telephony: crate::notify::platforms::TelephonyConfig,
    pub whatsapp: Option<crate::notify::platforms::WhatsAppConfig>,
    pub mailbox: Option<crate::notify::platforms::MailboxConfig>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    /// Resolves the configuration for `data_dir` (already resolved from flag, env or default).
    pub fn load(data_dir: &Path, config_file: Option<&Path>) -> Result<Config, String> {
        let default_file = data_dir.join("nivaran.toml");
        let file_path = config_file
            .map(Path::to_path_buf)
            .or_else(|| default_file.exists().then_some(default_file));
        let mut table: toml::Table = match &file_path {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
            }
            None => toml::Table::new(),
        };
        // Every setting may also come from the environment (docs/CONFIGURATION.md).
        let from_env = env_overlay::apply(&mut table, std::env::vars())?;
        let file: FileConfig = toml::Value::Table(table).try_into().map_err(|e| {
            let file = file_path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "the configuration".into());
            if from_env.is_empty() {
                format!("{file}: {e}")
            } else {
                format!("{file} with {}: {e}", from_env.join(", "))
            }
        })?;
        let database_url = env("NIVARAN_DATABASE_URL")
            .or(file.database_url)
            .unwrap_or_else(|| {
                format!(
                    "sqlite://{}?mode=rwc",
                    data_dir.join("nivaran.db").display()
                )
            });
        let port = match env("NIVARAN_PORT") {
            Some(p) => p
                .parse()
                .map_err(|_| format!("NIVARAN_PORT must be a port number, not '{p}'"))?,
            None => file.port.unwrap_or(8080),
        };
        let session_minutes = match env("NIVARAN_SESSION_MINUTES") {
            Some(m) => m
                .parse()
                .map_err(|_| format!("NIVARAN_SESSION_MINUTES must be a number, not '{m}'"))?,
            None => file.session_minutes.unwrap_or(12 * 60),
        };
        let bind = env("NIVARAN_BIND")
            .or(file.bind)
            .unwrap_or_else(|| "127.0.0.1".into());
        let public_url = env("NIVARAN_PUBLIC_URL")
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://{bind}:{port}"));
        // Served over HTTPS, cookies never travel in the clear unless someone insists.
        let secure_cookies = match env("NIVARAN_SECURE_COOKIES") {
            Some(v) => matches!(v.as_str(), "1" | "true" | "yes"),
            None => file
                .secure_cookies
                .unwrap_or_else(|| public_url.starts_with("https://")),
        };
        let mut sms = file.sms;
        if let Some(kind) = env("NIVARAN_SMS_GATEWAY") {
            sms.kind = Some(kind);
        }
        Ok(Config {
            public_url,
            trusted_proxies: trusted_proxies(
                file.trust_proxy.unwrap_or(false),
                file.trusted_proxies.as_deref().unwrap_or_default(),
            )?,
            server: file.server.limits()?,
            audit_log: file.audit_log,
            egress: crate::notify::EgressPolicy {
                allowed: file
                    .webhooks
                    .allowed_networks
                    .iter()
                    .map(|n| {
                        n.trim().parse::<ipnet::IpNet>().map_err(|_| {
                            format!(
                                "[webhooks] allowed_networks: '{n}' is not a network (10.20.0.0/16)"
                            )
                        })
                    })
                    .collect::<Result<_, _>>()?,
            },
            limits: file.limits,
            sms_templates: file.sms_templates,
            sms,
            citizen_sms: file.citizen_sms,
            email: file.email,
            deadlines: file.deadlines,
            worker: file.worker,
            scoring: {
                file.scoring
                    .check()
                    .map_err(|e| format!("[scoring]: {e}"))?;
                file.scoring
            },
            officers: file.officers,
            verification: {
                if !matches!(file.verification.not_satisfied.as_str(), "reopen" | "none") {
                    return Err(
                        "[verification] not_satisfied must be \"reopen\" or \"none\"".into(),
                    );
                }
                file.verification
            },
            audit: file.audit,
            reports: {
                file.reports.check()?;
                file.reports
            },
            dashboards: file.dashboards,
            exchange: {
                crate::exchange::check_all(&file.exchange)?;
                file.exchange
            },
            social: {
                file.social.check()?;
                file.social
            },
            telephony: {
                file.telephony.check()?;
                file.telephony
            },
            whatsapp: {
                if let Some(w) = &file.whatsapp {
                    w.check()?;
                }
                file.whatsapp
            },
            mailbox: {
                if let Some(m) = &file.mailbox {
                    m.check()?;
                }
                file.mailbox
            },
            data_dir: data_dir.to_path_buf(),
            database: file.database.resolved_for(&database_url)?,
            database_url,
            metrics: file.metrics.resolved()?,
            telemetry: file.telemetry.resolved()?,
            port,
            bind,
            session_minutes,
            secure_cookies,
        })
    }
}

impl Config {
    /// The notification settings the store writes messages with.
    pub fn notifications(&self) -> Result<Notifications, String> {
        let templates = match &self.sms_templates {
            Some(path) => SmsTemplates::from_file(path, &self.public_url)?,
            None => SmsTemplates::builtin(&self.public_url)?,
        };
        self.citizen_sms.check()?;
        Ok(Notifications {
            templates,
            max_attempts: self.sms.max_attempts.unwrap_or(6).max(1),
            citizen_steps: self.citizen_sms.clone(),
            exchange_returns: self
                .exchange
                .iter()
                .filter_map(crate::exchange::ExchangeConfig::return_link)
                .collect(),
            whatsapp_update: self
                .whatsapp
                .as_ref()
                .and_then(|w| w.update_template.clone()),
        })
    }
}

#[cfg(test)]
mod tests;
