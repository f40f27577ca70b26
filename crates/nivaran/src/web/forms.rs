//! Reading forms and showing what was wrong with them: each message beside its field, in the
//! reader's language.

use super::i18n::Lang;
use crate::http::error::ApiError;
use axum::extract::{FromRequest, Request};
use nivaran_domain::message::Message;
use nivaran_domain::text::FieldError;
use nivaran_domain::{ErrorCode, msg};

/// A URL-encoded form as ordered pairs: some fields repeat (the location picker's levels,
/// the inbox's check boxes), which a struct cannot hold.
#[derive(Debug, Clone, Default)]
pub struct Form(pub Vec<(String, String)>);

impl Form {
    pub fn parse(bytes: &[u8]) -> Form {
        Form(
            form_urlencoded::parse(bytes)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// The value of `name` if present and not blank.
    pub fn opt(&self, name: &str) -> Option<String> {
        let v = self.get(name);
        (!v.trim().is_empty()).then_some(v)
    }

    /// Refuses a parameter the page does not take: `known` are those it offers (named in the
    /// message), `quiet` those it also reads (a notice after a redirect). Never ignored.
    pub fn only(&self, known: &[&str], quiet: &[&str]) -> Result<(), ApiError> {
        let taken = |name: &str| known.contains(&name) || quiet.contains(&name);
        match self.0.iter().find(|(name, _)| !taken(name)) {
            None => Ok(()),
            Some((name, _)) => Err(ApiError::bad_request(
                ErrorCode::Unknown,
                Some(name),
                msg!(
                    "web-forms-unknown-parameter",
                    name = name.as_str(),
                    known = known.join(", ")
                ),
            )),
        }
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// `name` with this one value, whatever it had.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.retain(|(n, _)| n != name);
        self.push(name, value);
    }

    pub fn push(&mut self, name: &str, value: impl Into<String>) {
        self.0.push((name.to_string(), value.into()));
    }

    /// The form as the JSON object an API client would send (each field's first value, as a
    /// string), so a page reads its body into the API's own request type with serde.
    pub fn to_json(&self) -> serde_json::Value {
        let mut object = serde_json::Map::new();
        for (name, value) in &self.0 {
            object
                .entry(name.clone())
                .or_insert_with(|| serde_json::Value::String(value.clone()));
        }
        serde_json::Value::Object(object)
    }
}

impl<S: Send + Sync> FromRequest<S> for Form {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| {
                ApiError::bad_request(ErrorCode::InvalidForm, None, msg!("web-forms-unreadable"))
            })?;
        Ok(Form::parse(&bytes))
    }
}

/// The query string as a [`Form`].
pub fn query_form(uri: &axum::http::Uri) -> Form {
    Form::parse(uri.query().unwrap_or("").as_bytes())
}

pub fn url_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Messages for the fields of one form, plus one for the form as a whole.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors {
    fields: Vec<(String, String)>,
    pub general: Option<String>,
}

/// A message shown beside its field. Validation messages open with the field's name
/// (`{ $field } must be…`, said "Mobile number must be…"); beside the field its label says it,
/// so the name goes (found by saying the message with a mark for the field: only a message
/// that opens with the field loses it), as does a field's code written out at the start
/// ("eta must be a date…"); the rest starts with a capital.
fn beside_field(message: &Message, lang: Lang, field: &str) -> String {
    const MARK: &str = "\u{1}";
    let marked = lang.say(&message.clone().with_field_arg(MARK));
    let said = match marked.strip_prefix(MARK) {
        Some(rest) if !rest.trim().is_empty() => rest.to_string(),
        _ => without_code(&lang.say(message), field).to_string(),
    };
    let rest = said.trim_start();
    let rest = rest.strip_prefix(':').map(str::trim_start).unwrap_or(rest);
    let mut chars = rest.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// `message` without the field's code where it opens with it as a word, as written ("eta
/// must…"; a sentence that opens with a capitalised word of the same letters is not a code).
fn without_code<'a>(message: &'a str, field: &str) -> &'a str {
    match message.get(..field.len()) {
        Some(head) if head == field && message[field.len()..].starts_with([' ', ':']) => {
            &message[field.len()..]
        }
        _ => message,
    }
}

impl FieldErrors {
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_none()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    /// True when `field` has a message (for `aria-invalid`).
    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if !self.has(field) {
            self.fields.push((field.to_string(), message.into()));
        }
    }

    pub fn field_error(&mut self, error: &FieldError, lang: Lang) {
        if error.code == "required" {
            self.add(&error.field, lang.t("error-required"));
            return;
        }
        self.add(
            &error.field,
            beside_field(&error.message, lang, &error.field),
        );
    }

    /// Files an error from the store or the API beside its field when it names one the form
    /// shows (`fields`), or above the form otherwise.
    pub fn api_error(&mut self, error: &ApiError, lang: Lang, fields: &[&str]) {
        let message = lang.say(&error.message);
        match error.field.as_deref() {
            Some(field) if fields.contains(&field) && error.code == "required" => {
                self.add(field, lang.t("error-required"))
            }
            Some(field) if fields.contains(&field) => {
                self.add(field, beside_field(&error.message, lang, field))
            }
            _ => self.general = Some(message),
        }
    }

    /// Files the message of `from` under `to` instead (a form that names a field differently).
    pub fn rename(&mut self, from: &str, to: &str) {
        for (field, _) in self.fields.iter_mut() {
            if field == from {
                *field = to.to_string();
            }
        }
    }

    pub fn set_general(&mut self, message: impl Into<String>) {
        self.general = Some(message.into());
    }

    /// Fields with messages, in order (for the summary at the top of a long form).
    pub fn list(&self) -> &[(String, String)] {
        &self.fields
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_leave_messages_shown_beside_the_field() {
        use nivaran_domain::msg;
        let short = FieldError::new(
            "citizen_name",
            ErrorCode::TooShort,
            msg!("text-too-short", min = 2usize),
        );
        assert_eq!(
            beside_field(&short.message, Lang::En, "citizen_name"),
            "Must be at least 2 characters long"
        );
        assert_eq!(
            beside_field(&short.message, Lang::Hi, "citizen_name"),
            "कम से कम 2 अक्षर का होना चाहिए"
        );
        // A message that does not open with its field keeps its first word, even when that
        // word is the field's name ("Name the integration…" beside the field `name`).
        let naming = FieldError::new(
            "name",
            ErrorCode::InvalidLength,
            msg!("store-integrations-bad-key-name"),
        );
        assert!(
            beside_field(&naming.message, Lang::En, "name").starts_with("Name the"),
            "{}",
            beside_field(&naming.message, Lang::En, "name")
        );
        // A field's code written out at the start goes.
        assert_eq!(without_code("eta must be a date", "eta"), " must be a date");
        assert_eq!(without_code("Wrong code", "code"), "Wrong code");
    }

    #[test]
    fn repeated_fields_are_all_kept() {
        let form = Form::parse(b"place=06&place=06084&csrf=x&q=%E0%A4%9C%E0%A4%B2");
        assert_eq!(form.all("place"), ["06", "06084"]);
        assert_eq!(form.get("q"), "जल");
        assert_eq!(form.opt("missing"), None);
    }
}
