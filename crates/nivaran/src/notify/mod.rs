//! Notifications: the DLT-registered SMS templates, and the gateways that deliver what the outbox
//! holds (a file/log sink by default, or any HTTP SMS provider).

pub mod egress;
mod email;
mod gateway;
pub mod messages;
pub mod pace;
pub mod platforms;
pub mod social;
mod templates;

pub use egress::EgressPolicy;

/// The client an outside platform's API is called with (X, Meta, WhatsApp's Graph API, a
/// telephony system, a portal): a bound on each call, at most `redirects` redirects followed (a
/// request goes where it was configured to go), no proxy from the environment.
pub fn platform_client(timeout_seconds: u64, redirects: usize) -> Result<reqwest::Client, String> {
    crate::install_tls_provider();
    let redirect = match redirects {
        0 => reqwest::redirect::Policy::none(),
        n => reqwest::redirect::Policy::limited(n),
    };
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(
            timeout_seconds.clamp(1, 120),
        ))
        .redirect(redirect)
        .no_proxy()
        .build()
        .map_err(|e| e.to_string())
}

pub use email::{EmailConfig, EmailGateway, OutgoingEmail, build_email_gateway};
pub use gateway::{
    GatewayConfig, HttpGatewayConfig, OutgoingSms, SendOutcome, SmsGateway, build_gateway,
};
pub use templates::{SmsTemplate, SmsTemplates};

/// What the store needs to write notifications into the outbox.
#[derive(Debug, Clone)]
pub struct Notifications {
    pub templates: SmsTemplates,
    /// Deliveries tried before a message is dead-lettered.
    pub max_attempts: i64,
    /// The steps citizens are not told of, everywhere or in a state.
    pub citizen_steps: CitizenSteps,
    /// The portals a disposed case's ATR goes back to (`[[exchange]]` with a `return_url`).
    pub exchange_returns: Vec<ReturnLink>,
    /// The WhatsApp template a citizen's SMS also goes by, to those who opted in there.
    pub whatsapp_update: Option<String>,
}

impl Default for Notifications {
    fn default() -> Self {
        Notifications {
            templates: SmsTemplates::builtin("http://127.0.0.1:8080")
                .expect("built-in templates are valid"),
            max_attempts: 6,
            citizen_steps: CitizenSteps::default(),
            exchange_returns: Vec::new(),
            whatsapp_update: None,
        }
    }
}

/// A portal a disposed case's ATR goes back to: written when a case carrying `system`'s number
/// is disposed, for the exchange `name`, to `url` (the exchange module delivers it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnLink {
    pub name: String,
    pub system: nivaran_domain::types::ExternalSystem,
    pub url: String,
}

/// `[citizen_sms]`: the steps of a case a citizen is not sent a message about (seed 003 wants
/// every step told; a state may keep some quiet), by message kind (`accepted`, `forwarded`,
/// `atr_submitted`, `escalated`, `closed`, …): `off` everywhere, `states.<code>` in a state.
/// The registration (with its number) is always sent, and so is a one-time password.
#[derive(Debug, Clone, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CitizenSteps {
    pub off: Vec<String>,
    pub states: std::collections::BTreeMap<String, Vec<String>>,
}

impl CitizenSteps {
    /// Is a citizen of state `state_code` sent the message of `kind`?
    pub fn sends(&self, state_code: &str, kind: &str) -> bool {
        !self.off.iter().any(|k| k == kind)
            && !self
                .states
                .get(state_code)
                .is_some_and(|off| off.iter().any(|k| k == kind))
    }

    /// Refuses kinds that are not citizens' messages, and the two that cannot be kept quiet.
    pub fn check(&self) -> Result<(), String> {
        let citizens: Vec<&str> = messages::SMS_KINDS
            .iter()
            .filter(|(_, _, citizen)| *citizen)
            .map(|(kind, _, _)| *kind)
            .filter(|kind| !matches!(*kind, "registered" | "otp"))
            .collect();
        for kind in self.off.iter().chain(self.states.values().flatten()) {
            if !citizens.contains(&kind.as_str()) {
                return Err(format!(
                    "[citizen_sms] cannot turn off '{kind}': one of {}",
                    citizens.join(", ")
                ));
            }
        }
        Ok(())
    }
}
