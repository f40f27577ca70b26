//! Loading and using the SMS templates file.

use nivaran_domain::sms::{self, DltError};
use nivaran_domain::types::Language;
use serde::Deserialize;
use std::collections::HashMap;

const BUILTIN: &str = include_str!("sms_templates.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct SmsTemplate {
    pub key: String,
    pub language: String,
    pub template_id: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
struct TemplateFile {
    sender: String,
    template: Vec<SmsTemplate>,
}

#[derive(Debug, Clone)]
pub struct SmsTemplates {
    pub sender: String,
    by_key: HashMap<(String, String), SmsTemplate>,
}

impl SmsTemplates {
    pub fn builtin(public_url: &str) -> Result<SmsTemplates, String> {
        SmsTemplates::parse(BUILTIN, public_url)
    }

    pub fn from_file(path: &std::path::Path, public_url: &str) -> Result<SmsTemplates, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        SmsTemplates::parse(&text, public_url).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(text: &str, public_url: &str) -> Result<SmsTemplates, String> {
        let file: TemplateFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let sender = file.sender.trim().to_string();
        if sender.len() != 6 || !sender.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(format!(
                "sender must be a 6-letter DLT header, not '{sender}'"
            ));
        }
        let public_url = public_url.trim_end_matches('/');
        let mut by_key = HashMap::new();
        for mut t in file.template {
            if t.template_id.len() < 10 || !t.template_id.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!(
                    "template {} ({}): template_id must be the DLT template id (digits)",
                    t.key, t.language
                ));
            }
            t.text = t.text.replace("{public_url}", public_url);
            by_key.insert((t.key.clone(), t.language.clone()), t);
        }
        let templates = SmsTemplates { sender, by_key };
        templates.check_kinds()?;
        Ok(templates)
    }

    /// Every message kind the service sends has its template, in the languages its readers
    /// need, with as many variables as the service fills; and no template is for a kind the
    /// service does not send (a misspelt key).
    fn check_kinds(&self) -> Result<(), String> {
        use super::messages::SMS_KINDS;
        for (key, variables, citizens) in SMS_KINDS {
            let languages: &[&str] = if *citizens { &["hi", "en"] } else { &["en"] };
            for language in languages {
                let Some(t) = self.by_key.get(&(key.to_string(), language.to_string())) else {
                    return Err(format!(
                        "no template for the message '{key}' in language '{language}'"
                    ));
                };
                let found = t.text.matches("{#var#}").count();
                if found != *variables {
                    return Err(format!(
                        "template {key} ({language}) has {found} {{#var#}} variables; the message fills {variables}"
                    ));
                }
            }
        }
        for (key, language) in self.by_key.keys() {
            if !SMS_KINDS.iter().any(|(k, _, _)| k == key) {
                return Err(format!(
                    "template {key} ({language}) is for no message the service sends"
                ));
            }
        }
        Ok(())
    }

    /// The template for `key` in `language`, falling back to English.
    pub fn get(&self, key: &str, language: Language) -> Option<&SmsTemplate> {
        self.by_key
            .get(&(key.to_string(), language.code().to_string()))
            .or_else(|| self.by_key.get(&(key.to_string(), "en".to_string())))
    }

    /// Renders a message; values longer than a DLT variable allows are shortened.
    pub fn render(
        &self,
        key: &str,
        language: Language,
        values: &[&str],
    ) -> Result<(SmsTemplate, String), DltError> {
        let template = self.get(key, language).ok_or(DltError::Mismatch)?.clone();
        let fitted: Vec<String> = values.iter().map(|v| sms::fit_variable(v)).collect();
        let refs: Vec<&str> = fitted.iter().map(String::as_str).collect();
        let text = sms::render(&template.text, &refs)?;
        Ok((template, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_templates_load_and_render_in_both_languages() {
        let t = SmsTemplates::builtin("https://nivaran.example.gov.in/").unwrap();
        assert_eq!(t.sender, "NIVRAN");
        let (template, text) = t
            .render(
                "registered",
                Language::Hi,
                &[
                    "0626-0000001-5",
                    "कनिष्ठ अभियंता, जन स्वास्थ्य अभियांत्रिकी विभाग, रेवाड़ी",
                    "27-11-2026",
                ],
            )
            .unwrap();
        assert!(
            text.contains("https://nivaran.example.gov.in/track"),
            "{text}"
        );
        assert!(sms::matches_template(&template.text, &text));
        // Officers' messages exist only in English: Hindi falls back.
        assert!(t.get("officer_reminder", Language::Hi).is_some());
        for key in [
            "registered",
            "assigned",
            "transferred",
            "eta",
            "clarification",
            "disposed",
            "reopened",
            "appealed",
            "otp",
        ] {
            for language in [Language::En, Language::Hi] {
                assert_eq!(
                    t.get(key, language).map(|t| t.language.as_str()),
                    Some(language.code()),
                    "{key}"
                );
            }
        }
    }
}

#[cfg(test)]
mod kind_tests {
    use super::SmsTemplates;

    #[test]
    fn a_templates_file_missing_a_message_or_a_variable_is_refused() {
        let builtin = include_str!("sms_templates.toml");
        assert!(SmsTemplates::parse(builtin, "https://x").is_ok());
        let without_eta_hi = builtin.replacen(
            "key = \"eta\"\nlanguage = \"hi\"",
            "key = \"eta\"\nlanguage = \"mr\"",
            1,
        );
        let e = SmsTemplates::parse(&without_eta_hi, "https://x").unwrap_err();
        assert!(e.contains("'eta'") && e.contains("'hi'"), "{e}");
        let misspelt = builtin.replacen("key = \"officer_interim\"", "key = \"officer_intrim\"", 1);
        assert!(SmsTemplates::parse(&misspelt, "https://x").is_err());
    }
}
