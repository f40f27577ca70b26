//! Reading forms and showing what was wrong with them: each message beside its field, in the
//! reader's language.

use super::i18n::Lang;
use crate::http::error::ApiError;
use axum::extract::{FromRequest, Request};
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

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
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

/// Validation messages name their field first, by its name on screen ("Mobile number must
/// be…"); beside the field the name is redundant, so it goes, and the sentence starts with a
/// capital.
fn without_field_name(message: &str, field: &str) -> String {
    let rest = message
        .strip_prefix(field)
        .map(str::trim_start)
        .filter(|r| !r.is_empty())
        .unwrap_or(message);
    let rest = rest.strip_prefix(':').map(str::trim_start).unwrap_or(rest);
    let mut chars = rest.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
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
        let message = lang.say(&error.message);
        let name = lang.field_name(&error.field);
        self.add(&error.field, without_field_name(&message, &name));
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
                self.add(field, without_field_name(&message, &lang.field_name(field)))
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
        assert_eq!(
            without_field_name(
                "citizen_name must be at least 2 characters long",
                "citizen_name"
            ),
            "Must be at least 2 characters long"
        );
        assert_eq!(
            without_field_name("citizen_name कम से कम 2 अक्षर का होना चाहिए", "citizen_name"),
            "कम से कम 2 अक्षर का होना चाहिए"
        );
        assert_eq!(without_field_name("Wrong code", "code"), "Wrong code");
    }

    #[test]
    fn repeated_fields_are_all_kept() {
        let form = Form::parse(b"place=06&place=06084&csrf=x&q=%E0%A4%9C%E0%A4%B2");
        assert_eq!(form.all("place"), ["06", "06084"]);
        assert_eq!(form.get("q"), "जल");
        assert_eq!(form.opt("missing"), None);
    }
}
