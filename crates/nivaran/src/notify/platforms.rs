//! The social-media platforms' settings (`[social]`): what the store, the HTTP layer and the
//! worker need to know of X, Meta (Facebook and Instagram) and the generic feed. The adapters
//! that use them are the social module's.

use serde::Deserialize;

/// `[social]` in the configuration.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SocialConfig {
    /// The bound of the "answered within" figure, in hours (default 24).
    pub answer_within_hours: Option<i64>,
    pub x: Option<XConfig>,
    pub meta: Option<MetaConfig>,
    pub feed: Option<FeedConfig>,
}

impl SocialConfig {
    pub fn answer_within_hours(&self) -> i64 {
        self.answer_within_hours.unwrap_or(24).clamp(1, 24 * 30)
    }

    pub fn check(&self) -> Result<(), String> {
        if let Some(x) = &self.x {
            x.check()?;
        }
        if let Some(meta) = &self.meta {
            meta.check()?;
        }
        if let Some(feed) = &self.feed {
            feed.check()?;
        }
        Ok(())
    }
}

/// `[social.x]`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct XConfig {
    /// The numeric id of the state's account whose mentions are read.
    pub user_id: String,
    /// An app's bearer token, to read mentions.
    pub bearer_token: String,
    /// A user-context OAuth 2.0 token of the state's account with `tweet.write`, to post
    /// replies; without it replies are kept for the desk to post by hand.
    #[serde(default)]
    pub reply_token: Option<String>,
    /// `https://api.x.com` unless a gateway stands between.
    #[serde(default = "api_base")]
    pub api_base: String,
    /// How often mentions are pulled (default 60 s; the API's rate limits allow it).
    #[serde(default = "interval")]
    pub interval_seconds: u64,
    #[serde(default = "timeout")]
    pub timeout_seconds: u64,
}

fn api_base() -> String {
    "https://api.x.com".into()
}
fn interval() -> u64 {
    60
}
/// Each call to a platform may take this long (20 s).
fn timeout() -> u64 {
    20
}

impl XConfig {
    pub fn check(&self) -> Result<(), String> {
        if self.user_id.is_empty() || !self.user_id.chars().all(|c| c.is_ascii_digit()) {
            return Err("[social.x] user_id is the account's numeric id".into());
        }
        check_url("social.x", &self.api_base)
    }

    pub fn base(&self) -> &str {
        self.api_base.trim_end_matches('/')
    }
}

/// `[social.meta]`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetaConfig {
    /// The app's secret: every webhook POST must be signed with it.
    pub app_secret: String,
    /// The token given to Meta when subscribing the callback URL.
    pub verify_token: String,
    /// A page access token (with `pages_manage_engagement`, and
    /// `instagram_manage_comments` for Instagram) to post replies; without it replies are
    /// kept for the desk to post by hand.
    #[serde(default)]
    pub page_token: Option<String>,
    /// `https://graph.facebook.com/v21.0` unless told otherwise.
    #[serde(default = "graph_base")]
    pub graph_base: String,
    #[serde(default = "timeout")]
    pub timeout_seconds: u64,
}

fn graph_base() -> String {
    "https://graph.facebook.com/v21.0".into()
}
impl MetaConfig {
    pub fn check(&self) -> Result<(), String> {
        if self.app_secret.len() < 8 || self.verify_token.len() < 8 {
            return Err(
                "[social.meta] app_secret and verify_token are at least 8 characters".into(),
            );
        }
        check_url("social.meta", &self.graph_base)
    }
}

/// `[social.feed]`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    /// Shared with the aggregator: it signs each POST with it, and replies are signed with it.
    pub secret: String,
    /// Where replies to the feed's posts are POSTed; without it they are kept for the desk.
    #[serde(default)]
    pub reply_url: Option<String>,
    #[serde(default = "timeout")]
    pub timeout_seconds: u64,
}

impl FeedConfig {
    pub fn check(&self) -> Result<(), String> {
        if self.secret.len() < 16 {
            return Err("[social.feed] secret is at least 16 characters".into());
        }
        match &self.reply_url {
            Some(url) => check_url("social.feed", url),
            None => Ok(()),
        }
    }
}

fn check_url(section: &str, url: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("[{section}] '{url}': {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "[{section}] '{url}' must be an http or https address"
        ));
    }
    Ok(())
}

/// `[telephony]`: the 181 helpline's call-centre system.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TelephonyConfig {
    /// Shared with the call-centre system: every call event and IVR request carries it, as
    /// `?token=` (Exotel's applets can only put it in the URL) or `X-Nivaran-Token`. Without it
    /// the telephony doors are closed.
    pub token: Option<String>,
    /// Where Asterisk's recordings are served: a recording's name is appended.
    pub recordings_base: Option<String>,
    /// Outbound verification calls.
    pub dial: Option<DialConfig>,
}

/// `[telephony.dial]`: how a verification call is placed.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(tag = "provider", rename_all = "snake_case", deny_unknown_fields)]
pub enum DialConfig {
    /// Exotel's connect-two-numbers call (`POST /v1/Accounts/{sid}/Calls/connect`): the
    /// verifier's phone rings first, then the citizen's.
    Exotel {
        account_sid: String,
        api_key: String,
        api_token: String,
        /// `https://api.exotel.com` (or the regional one, `https://api.in.exotel.com`).
        #[serde(default = "exotel_base")]
        api_base: String,
        /// The ExoPhone the citizen sees.
        caller_id: String,
    },
    /// Asterisk's REST interface (`POST /ari/channels`): the citizen's number is dialled on
    /// `endpoint` (with `{number}` in it) and connected to `extension` in `context` (the
    /// verifier's queue).
    Asterisk {
        ari_url: String,
        username: String,
        password: String,
        endpoint: String,
        context: String,
        extension: String,
        #[serde(default)]
        caller_id: Option<String>,
    },
    /// Any other system: a JSON POST of `{call_ref, from, to, registration_number}`.
    Http {
        url: String,
        #[serde(default)]
        auth_header: Option<String>,
        #[serde(default)]
        auth_value: Option<String>,
    },
}

fn exotel_base() -> String {
    "https://api.exotel.com".into()
}

impl TelephonyConfig {
    /// The provider verification calls are placed and recorded under, when dialling is set up.
    pub fn dial_provider(&self) -> Option<&'static str> {
        self.dial.as_ref().map(|d| match d {
            DialConfig::Exotel { .. } => "exotel",
            DialConfig::Asterisk { .. } => "asterisk",
            DialConfig::Http { .. } => "generic",
        })
    }

    pub fn check(&self) -> Result<(), String> {
        if let Some(token) = &self.token
            && token.len() < 16
        {
            return Err("[telephony] token is at least 16 characters".into());
        }
        if self.dial.is_some() && self.token.is_none() {
            return Err(
                "[telephony] dial needs a token: the call's progress comes back with it".into(),
            );
        }
        match &self.dial {
            Some(DialConfig::Exotel { api_base, .. }) => check_url("telephony.dial", api_base),
            Some(DialConfig::Asterisk {
                ari_url, endpoint, ..
            }) => {
                if !endpoint.contains("{number}") {
                    return Err("[telephony.dial] endpoint must hold {number}".into());
                }
                check_url("telephony.dial", ari_url)
            }
            Some(DialConfig::Http {
                url,
                auth_header,
                auth_value,
            }) => {
                if auth_header.is_some() != auth_value.is_some() {
                    return Err("[telephony.dial] auth_header and auth_value go together".into());
                }
                check_url("telephony.dial", url)
            }
            None => Ok(()),
        }
    }
}

/// `[whatsapp]`: the WhatsApp Business Cloud API.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WhatsAppConfig {
    /// The Meta app's secret: every webhook POST is signed with it (`X-Hub-Signature-256`).
    pub app_secret: String,
    /// The token given to Meta when subscribing the callback URL.
    pub verify_token: String,
    /// A system user's access token with `whatsapp_business_messaging`, to send.
    pub access_token: String,
    /// The business phone number's id, which messages are sent from.
    pub phone_number_id: String,
    /// `https://graph.facebook.com/v21.0` unless told otherwise.
    #[serde(default = "graph_base")]
    pub graph_base: String,
    /// An approved utility template with one body parameter (e.g. "Update on your grievance:
    /// {{1}}"): every SMS a citizen who opted in on WhatsApp is sent goes there too, as its
    /// text. Without it, only the conversation's own replies are sent.
    #[serde(default)]
    pub update_template: Option<String>,
    #[serde(default = "timeout")]
    pub timeout_seconds: u64,
}

impl WhatsAppConfig {
    pub fn check(&self) -> Result<(), String> {
        if self.app_secret.len() < 8 || self.verify_token.len() < 8 {
            return Err("[whatsapp] app_secret and verify_token are at least 8 characters".into());
        }
        if self.phone_number_id.is_empty()
            || !self.phone_number_id.chars().all(|c| c.is_ascii_digit())
        {
            return Err("[whatsapp] phone_number_id is the number's numeric id".into());
        }
        check_url("whatsapp", &self.graph_base)
    }
}

/// `[mailbox]`: a mailbox citizens write to, read over IMAP; each new message becomes a post
/// in the SMGT desk's queue (platform `email`), and the desk's replies go back by SMTP.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MailboxConfig {
    pub host: String,
    /// 993 for IMAP over TLS (the default), 143 for plain IMAP on a trusted network.
    #[serde(default = "imaps_port")]
    pub port: u16,
    /// Off only for a server on the same machine or network (`tls = false`).
    #[serde(default = "yes")]
    pub tls: bool,
    pub username: String,
    pub password: String,
    #[serde(default = "inbox")]
    pub mailbox: String,
    /// How often the mailbox is read (default 60 s).
    #[serde(default = "mailbox_interval")]
    pub interval_seconds: u64,
}

fn imaps_port() -> u16 {
    993
}
fn yes() -> bool {
    true
}
fn inbox() -> String {
    "INBOX".into()
}
fn mailbox_interval() -> u64 {
    60
}

impl MailboxConfig {
    pub fn check(&self) -> Result<(), String> {
        if self.host.trim().is_empty() || self.username.is_empty() {
            return Err("[mailbox] host and username are required".into());
        }
        if self.mailbox.contains(['"', '\\', '\r', '\n']) {
            return Err("[mailbox] mailbox is a plain name (INBOX, Grievances)".into());
        }
        Ok(())
    }
}
