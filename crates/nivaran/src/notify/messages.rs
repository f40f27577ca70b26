//! What is said, to whom: the messages the service sends, rendered from their templates (SMS
//! under DLT, e-mail, webhook JSON) and ready for the outbox. Pure: the store gathers the facts,
//! writes these in the transaction of the change that caused them, and the worker delivers.

use super::Notifications;
use nivaran_domain::Timestamp;
use nivaran_domain::lifecycle::Action;
use nivaran_domain::sms;
use nivaran_domain::types::Language;

/// Every SMS the service sends: its template key, how many variables its text takes, and
/// whether citizens get it (then it must be registered in Hindi and in English; officers' are
/// in English). A deployment's templates file is checked against this list when the
/// configuration loads, so a missing or misshapen template stops the start, not the first case.
pub const SMS_KINDS: &[(&str, usize, bool)] = &[
    ("registered", 3, true),
    ("assigned", 2, true),
    ("accepted", 3, true),
    ("forwarded", 2, true),
    ("atr_submitted", 2, true),
    ("escalated", 2, true),
    ("closed", 1, true),
    ("transferred", 2, true),
    ("eta", 2, true),
    ("clarification", 2, true),
    ("disposed", 2, true),
    ("reopened", 2, true),
    ("appealed", 2, true),
    ("otp", 2, true),
    ("part_added", 2, true),
    ("part_atr_submitted", 2, true),
    ("duplicate", 2, true),
    ("joined", 1, true),
    ("unlinked", 1, true),
    ("officer_escalated", 3, false),
    ("officer_reminder", 2, false),
    ("officer_interim", 2, false),
];

/// The order in which the outbox delivers (lower first): a one-time password before anything
/// (the citizen is waiting for it, and it expires), then what a person's own action caused, then
/// bulk (a batch of petitions, officers' reminders and digests). After 7,200 Jan Samvad
/// petitions were entered, an OTP waited 567 s behind their registrations (it expires at 600).
pub mod priority {
    pub const OTP: i64 = 0;
    pub const PERSON: i64 = 1;
    pub const BULK: i64 = 2;

    /// The priority a message of `template_key` gets by its kind.
    pub fn of(template_key: &str) -> i64 {
        match template_key {
            "otp" => OTP,
            key if key.starts_with("officer_") || key.contains("digest") => BULK,
            _ => PERSON,
        }
    }
}

/// A message for the outbox, before it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Unique per message: the same key is never written twice, and is the gateway's reference.
    pub idempotency_key: String,
    pub channel: &'static str,
    pub recipient: String,
    pub grievance_id: Option<i64>,
    pub template_key: String,
    pub template_id: String,
    pub sender: String,
    pub language: String,
    pub subject: Option<String>,
    pub body: String,
    pub encoding: String,
    pub segments: i64,
    /// When it is delivered, relative to the rest ([`priority`]).
    pub priority: i64,
}

impl Message {
    /// The same message, delivered as bulk (part of a batch no one waits on one by one).
    pub fn as_bulk(mut self) -> Message {
        self.priority = self.priority.max(priority::BULK);
        self
    }
}

/// A message kind the templates do not have (a configuration that passed its check at start
/// cannot give this).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("SMS template {key}: {reason}")]
pub struct RenderError {
    pub key: String,
    pub reason: String,
}

/// A day as the SMS say it: 27-11-2026.
pub fn sms_date(t: Timestamp) -> String {
    let d = t.ist_date();
    format!("{:02}-{:02}-{}", d.day(), u8::from(d.month()), d.year())
}

impl Message {
    /// An SMS rendered from its DLT template.
    pub fn sms(
        notifications: &Notifications,
        key: &str,
        language: Language,
        to: &str,
        values: &[&str],
        grievance_id: Option<i64>,
        idempotency_key: &str,
    ) -> Result<Message, RenderError> {
        let (template, body) = notifications
            .templates
            .render(key, language, values)
            .map_err(|reason| RenderError {
                key: key.to_string(),
                reason: reason.to_string(),
            })?;
        let (encoding, segments) = sms::segments(&body);
        Ok(Message {
            idempotency_key: idempotency_key.to_string(),
            channel: "sms",
            recipient: to.to_string(),
            grievance_id,
            template_key: key.to_string(),
            template_id: template.template_id.clone(),
            sender: notifications.templates.sender.clone(),
            language: template.language.clone(),
            subject: None,
            body,
            encoding: encoding.code().to_string(),
            segments: segments as i64,
            priority: priority::of(key),
        })
    }

    /// An e-mail.
    pub fn email(
        key: &str,
        language: Language,
        to: &str,
        subject: &str,
        body: &str,
        grievance_id: Option<i64>,
        idempotency_key: &str,
    ) -> Message {
        Message {
            idempotency_key: idempotency_key.to_string(),
            channel: "email",
            recipient: to.to_string(),
            grievance_id,
            template_key: key.to_string(),
            template_id: String::new(),
            sender: String::new(),
            language: language.code().to_string(),
            subject: Some(subject.to_string()),
            body: body.to_string(),
            encoding: "utf8".into(),
            segments: 0,
            priority: priority::of(key),
        }
    }

    /// An office's message (SMS, in English) to one of its officers or supervisors.
    pub fn to_officer(
        notifications: &Notifications,
        key: &str,
        values: &[&str],
        grievance_id: i64,
        idempotency_base: &str,
        user_id: i64,
        mobile: &str,
    ) -> Result<Message, RenderError> {
        Message::sms(
            notifications,
            key,
            Language::En,
            mobile,
            values,
            Some(grievance_id),
            &format!("{idempotency_base}:u{user_id}"),
        )
    }

    /// A webhook message: `body` POSTed to `url` for subscription `subscription`, signed when
    /// sent (the secret may change meanwhile).
    pub fn webhook(
        subscription: i64,
        url: &str,
        grievance_id: i64,
        event_id: &str,
        body: &serde_json::Value,
    ) -> Message {
        Message {
            idempotency_key: event_id.to_string(),
            channel: "webhook",
            recipient: url.to_string(),
            grievance_id: Some(grievance_id),
            template_key: "grievance.status_changed".into(),
            template_id: subscription.to_string(),
            sender: "nivaran".into(),
            language: "en".into(),
            subject: None,
            body: body.to_string(),
            encoding: "json".into(),
            segments: 1,
            priority: priority::PERSON,
        }
    }
}

/// What the citizen's messages about a case need to say.
#[derive(Debug, Clone)]
pub struct CitizenCase<'a> {
    pub grievance_id: i64,
    pub regno: &'a str,
    pub language: Language,
    pub mobile: &'a str,
    pub email: Option<&'a str>,
    pub subject: &'a str,
    /// The holding office's name in the citizen's language.
    pub office: String,
    /// The office it was escalated to, in the citizen's language (empty when none).
    pub escalated_to: String,
    /// For a step of a joint department's part: that part's office, in the citizen's language
    /// (empty otherwise), so the citizen hears which department did what.
    pub part_office: String,
    pub due_at: Timestamp,
}

/// What the citizen is sent about step `seq` (`action`) of their case: an SMS, and an e-mail
/// when they gave an address; nothing for a step they are not told about.
pub fn for_citizen(
    notifications: &Notifications,
    case: &CitizenCase<'_>,
    action: &Action,
    seq: i64,
) -> Result<Vec<Message>, RenderError> {
    let regno = case.regno.to_string();
    let office = case.office.clone();
    let language = case.language;
    let (key, values): (&str, Vec<String>) = match action {
        Action::Assign { .. } if seq <= 2 => (
            "registered",
            vec![regno.clone(), office, sms_date(case.due_at)],
        ),
        Action::Assign { .. } => ("assigned", vec![regno.clone(), office]),
        Action::Accept => (
            "accepted",
            vec![regno.clone(), office, sms_date(case.due_at)],
        ),
        Action::Forward { .. } => ("forwarded", vec![regno.clone(), office]),
        Action::SubmitAtr { .. } => ("atr_submitted", vec![regno.clone(), office]),
        Action::AddJointDepartment {
            office: Some(_), ..
        } if !case.part_office.is_empty() => {
            ("part_added", vec![regno.clone(), case.part_office.clone()])
        }
        Action::UnlinkDuplicate { .. } => ("unlinked", vec![regno.clone()]),
        Action::PartSubmitAtr { .. } if !case.part_office.is_empty() => (
            "part_atr_submitted",
            vec![regno.clone(), case.part_office.clone()],
        ),
        Action::Escalate { .. } if !case.escalated_to.is_empty() => {
            ("escalated", vec![regno.clone(), case.escalated_to.clone()])
        }
        Action::Close => ("closed", vec![regno.clone()]),
        Action::Transfer { .. } => ("transferred", vec![regno.clone(), office]),
        Action::DeclareEta { eta, .. } => ("eta", vec![regno.clone(), sms_date(*eta)]),
        Action::AskClarification { .. } => ("clarification", vec![regno.clone(), office]),
        Action::Dispose { kind, .. } => {
            let label = match language {
                Language::Hi => kind.label_hi(),
                Language::En => kind.label_en(),
            };
            ("disposed", vec![regno.clone(), label.to_string()])
        }
        Action::Reopen { .. } | Action::AuditReopen { .. } => {
            ("reopened", vec![regno.clone(), office])
        }
        Action::Appeal { .. } | Action::RtsAppeal { .. } => {
            ("appealed", vec![regno.clone(), office])
        }
        _ => return Ok(Vec::new()),
    };
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    let idempotency_key = format!("g{}:e{}:{}", case.grievance_id, seq, key);
    // A citizen reached only through the integration that filed the case gave no number:
    // no SMS (the integration hears of the step by its webhooks).
    let mut messages = Vec::new();
    if !case.mobile.is_empty() {
        messages.push(Message::sms(
            notifications,
            key,
            language,
            case.mobile,
            &refs,
            Some(case.grievance_id),
            &idempotency_key,
        )?);
    }
    // Citizens who gave an e-mail address get the same news by mail.
    if let Some(email) = case.email.filter(|e| !e.is_empty()) {
        let (_, text) = notifications
            .templates
            .render(key, language, &refs)
            .map_err(|reason| RenderError {
                key: key.to_string(),
                reason: reason.to_string(),
            })?;
        let short: String = case.subject.chars().take(60).collect();
        let subject = match language {
            Language::Hi => format!("शिकायत {regno}: {short}"),
            Language::En => format!("Grievance {regno}: {short}"),
        };
        messages.push(Message::email(
            key,
            language,
            email,
            &subject,
            &text,
            Some(case.grievance_id),
            &format!("{idempotency_key}:mail"),
        ));
    }
    Ok(messages)
}
