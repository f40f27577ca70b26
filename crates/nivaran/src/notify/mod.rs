//! Notifications: the DLT-registered SMS templates, and the gateways that deliver what the outbox
//! holds (a file/log sink by default, or any HTTP SMS provider).

pub mod egress;
mod email;
mod gateway;
pub mod messages;
mod templates;

pub use egress::EgressPolicy;
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
}

impl Default for Notifications {
    fn default() -> Self {
        Notifications {
            templates: SmsTemplates::builtin("http://127.0.0.1:8080")
                .expect("built-in templates are valid"),
            max_attempts: 6,
        }
    }
}
