//! The exchange with other grievance portals (CPGRAMS, CM Window, Saral, e-Office, Gram and
//! Nagar Darshan), issue 18 part 4. Grievances transferred from a portal are pulled from its
//! JSON endpoint or from files dropped in a folder, read through the configured field mapping
//! and filed like any other case, carrying the portal's number. When such a case is disposed,
//! its ATR and disposal go back to the portal through the outbox: written in the disposal's
//! transaction, retried with backoff, dead-lettered, and shown in the outbox's admin view.
//! `docs/CHANNELS.md` says how a state configures one.

pub mod mapping;
mod pull;
mod send;

pub use mapping::{FieldMapping, PortalRecord};
pub use pull::{PullReport, pull};
pub use send::deliver_returns;

pub use crate::notify::ReturnLink;
use nivaran_domain::types::{Channel, ExternalSystem};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// One `[[exchange]]` in the configuration.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExchangeConfig {
    /// Names this exchange in the records, the outbox and the worker's jobs: `cpgrams`,
    /// `saral-rewari`, … (letters, digits, `-` and `_`).
    pub name: String,
    /// The portal's system: `cpgrams`, `cm_window`, `saral`, `e_office`, `gram_darshan` or
    /// `nagar_darshan`. Cases filed from it carry it with their number there.
    pub system: String,
    /// The channel its cases are counted under (default `cpgrams` for CPGRAMS; required for
    /// the others, as a state counts, say, CM Window cases as `cm_cell`).
    #[serde(default)]
    pub channel: Option<String>,
    /// Pulled with GET: its answer is a JSON array of records, or an object with the array at
    /// `items`.
    #[serde(default)]
    pub pull_url: Option<String>,
    /// A JSON Pointer to the array of records in the pull's answer (`/data/grievances`).
    #[serde(default)]
    pub items: Option<String>,
    /// A folder the portal's files are dropped in: each `*.json` file (one record or an array)
    /// is imported and moved to `done/`, or to `failed/` when it cannot be read.
    #[serde(default)]
    pub folder: Option<PathBuf>,
    /// How often it is pulled (default 300 s).
    #[serde(default = "default_interval")]
    pub interval_seconds: u64,
    /// Where the ATR and disposal of its cases are POSTed (none: nothing is sent back).
    #[serde(default)]
    pub return_url: Option<String>,
    /// Sent with every request to the portal, e.g. `Authorization` with `Bearer …`.
    #[serde(default)]
    pub auth_header: Option<String>,
    #[serde(default)]
    pub auth_value: Option<String>,
    /// How long one request to the portal may take (default 20 s).
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
    pub fields: FieldMapping,
    /// The portal's category values → Nivaran category codes.
    #[serde(default)]
    pub categories: BTreeMap<String, String>,
    /// The portal's place values → jurisdiction codes.
    #[serde(default)]
    pub places: BTreeMap<String, String>,
}

fn default_interval() -> u64 {
    300
}

fn default_timeout() -> u64 {
    20
}

impl ExchangeConfig {
    pub fn system(&self) -> ExternalSystem {
        ExternalSystem::parse(&self.system).unwrap_or(ExternalSystem::Cpgrams)
    }

    /// The channel its cases are filed under.
    pub fn channel(&self) -> Channel {
        self.channel
            .as_deref()
            .and_then(Channel::parse)
            .unwrap_or(Channel::Cpgrams)
    }

    pub fn interval(&self) -> Duration {
        Duration::from_secs(self.interval_seconds.max(10))
    }

    /// The worker's job that pulls this exchange (one node at a time).
    pub fn job_name(&self) -> String {
        format!("exchange_pull:{}", self.name)
    }

    pub fn return_link(&self) -> Option<ReturnLink> {
        self.return_url.as_ref().map(|url| ReturnLink {
            name: self.name.clone(),
            system: self.system(),
            url: url.clone(),
        })
    }

    fn check(&self) -> Result<(), String> {
        let at = format!("[[exchange]] '{}'", self.name);
        if self.name.is_empty()
            || self.name.len() > 40
            || !self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "{at}: name must be 1 to 40 letters, digits, '-' or '_'"
            ));
        }
        if ExternalSystem::parse(&self.system).is_none() {
            return Err(format!(
                "{at}: system must be one of {}",
                ExternalSystem::ALL
                    .iter()
                    .map(|s| s.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        match self.channel.as_deref() {
            Some(c) if Channel::parse(c).is_none() => {
                return Err(format!("{at}: channel '{c}' is not a channel"));
            }
            None if self.system() != ExternalSystem::Cpgrams => {
                return Err(format!(
                    "{at}: say which channel its cases are counted under (channel = \"cm_cell\", …)"
                ));
            }
            _ => {}
        }
        if self.pull_url.is_none() && self.folder.is_none() && self.return_url.is_none() {
            return Err(format!(
                "{at}: give a pull_url, a folder or a return_url (or remove it)"
            ));
        }
        for url in [&self.pull_url, &self.return_url].into_iter().flatten() {
            let parsed = url::Url::parse(url).map_err(|e| format!("{at}: '{url}': {e}"))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(format!("{at}: '{url}' must be an http or https address"));
            }
        }
        if self.auth_header.is_some() != self.auth_value.is_some() {
            return Err(format!("{at}: auth_header and auth_value go together"));
        }
        if let Some(items) = &self.items
            && !items.starts_with('/')
        {
            return Err(format!(
                "{at}: items '{items}' must be a JSON Pointer (/data)"
            ));
        }
        self.fields.check().map_err(|e| format!("{at}: {e}"))
    }
}

/// Checks every exchange, and that names are not used twice.
pub fn check_all(exchanges: &[ExchangeConfig]) -> Result<(), String> {
    let mut names = std::collections::BTreeSet::new();
    for exchange in exchanges {
        exchange.check()?;
        if !names.insert(exchange.name.as_str()) {
            return Err(format!("[[exchange]] '{}' is named twice", exchange.name));
        }
    }
    Ok(())
}

/// The client requests to portals go with: the configured timeout, no redirects followed (a
/// return goes where it was configured to go).
pub fn client(exchange: &ExchangeConfig) -> Result<reqwest::Client, String> {
    crate::notify::platform_client(exchange.timeout_seconds, 0)
}

/// The configured exchanges, each with its client.
pub struct Exchanges {
    pub all: Vec<(ExchangeConfig, reqwest::Client)>,
}

impl Exchanges {
    pub fn new(configs: &[ExchangeConfig]) -> Result<Exchanges, String> {
        Ok(Exchanges {
            all: configs
                .iter()
                .map(|c| Ok((c.clone(), client(c)?)))
                .collect::<Result<_, String>>()?,
        })
    }

    pub fn by_name(&self, name: &str) -> Option<&(ExchangeConfig, reqwest::Client)> {
        self.all.iter().find(|(c, _)| c.name == name)
    }
}

/// A request to the portal, with its authentication.
fn authorised(
    exchange: &ExchangeConfig,
    request: reqwest::RequestBuilder,
) -> reqwest::RequestBuilder {
    match (&exchange.auth_header, &exchange.auth_value) {
        (Some(header), Some(value)) => request.header(header.as_str(), value.as_str()),
        _ => request,
    }
}
