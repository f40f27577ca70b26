//! The field mapping: where in a portal's JSON record each of a case's fields is, as a JSON
//! Pointer (RFC 6901: `/applicant/mobile`; a bare name `mobile` means `/mobile`), and what the
//! portal's category and place values are in Nivaran's codes. Pure: reading a record needs no
//! database; whether the codes exist is checked when it is filed.

use nivaran_domain::text::mobile_digits;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// `[exchange.fields]`: the record's fields, by pointer.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldMapping {
    /// The record's number on the portal (required): kept on the case, and how a record seen
    /// again is known.
    pub external_reference: String,
    /// The grievance's text (required).
    pub description: String,
    /// The portal's category, turned into a Nivaran category code by `[exchange.categories]`
    /// (or taken as one where that table does not name it).
    pub category: String,
    /// The subject; the description's first line where not mapped or empty.
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub citizen_name: Option<String>,
    #[serde(default)]
    pub mobile: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// The citizen's address: also where the place is looked for when `jurisdiction` is not
    /// mapped or not known.
    #[serde(default)]
    pub address: Option<String>,
    /// The portal's place code, turned into a jurisdiction code by `[exchange.places]` (or taken
    /// as one).
    #[serde(default)]
    pub jurisdiction: Option<String>,
}

/// A portal record read through the mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct PortalRecord {
    pub reference: String,
    pub description: String,
    /// A Nivaran category code (not yet checked against master data).
    pub category: String,
    pub subject: Option<String>,
    pub citizen_name: String,
    /// Ten digits, or empty: the citizen is then reached through the portal.
    pub mobile: String,
    /// A phone the portal gave that is not an Indian mobile number, kept for the officer.
    pub unusable_phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    /// A jurisdiction code (not yet checked).
    pub jurisdiction: Option<String>,
}

/// Why a record could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappingError {
    /// A required field is absent or empty: the mapping's name for it.
    Missing(&'static str),
}

impl std::fmt::Display for MappingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MappingError::Missing(field) => {
                write!(
                    f,
                    "the record has no {field} where the mapping looks for it"
                )
            }
        }
    }
}

/// A bare name is a pointer to a top-level field.
fn pointer(path: &str) -> String {
    if path.is_empty() || path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

/// The text at `path`: a string as it is, a number written out; anything else (absent, null,
/// an object) is no text.
pub fn text_at(record: &Value, path: &str) -> Option<String> {
    let text = match record.pointer(&pointer(path))? {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

impl FieldMapping {
    /// Pointers that are not pointers are refused when the configuration is read.
    pub fn check(&self) -> Result<(), String> {
        let all = [
            Some(&self.external_reference),
            Some(&self.description),
            Some(&self.category),
            self.subject.as_ref(),
            self.citizen_name.as_ref(),
            self.mobile.as_ref(),
            self.email.as_ref(),
            self.address.as_ref(),
            self.jurisdiction.as_ref(),
        ];
        for path in all.into_iter().flatten() {
            if path.trim().is_empty() || path.contains(char::is_whitespace) {
                return Err(format!(
                    "'{path}' is not a JSON Pointer (write /applicant/mobile, or a field's name)"
                ));
            }
        }
        Ok(())
    }

    /// Reads one record; `categories` and `places` turn the portal's values into codes.
    pub fn read(
        &self,
        record: &Value,
        categories: &BTreeMap<String, String>,
        places: &BTreeMap<String, String>,
    ) -> Result<PortalRecord, MappingError> {
        let at = |path: &Option<String>| path.as_deref().and_then(|p| text_at(record, p));
        let reference = text_at(record, &self.external_reference)
            .ok_or(MappingError::Missing("external_reference"))?;
        let description =
            text_at(record, &self.description).ok_or(MappingError::Missing("description"))?;
        let category = text_at(record, &self.category).ok_or(MappingError::Missing("category"))?;
        let category = categories.get(&category).cloned().unwrap_or(category);
        let jurisdiction = at(&self.jurisdiction).map(|p| places.get(&p).cloned().unwrap_or(p));
        let phone = at(&self.mobile);
        let mobile = phone.as_deref().and_then(mobile_digits);
        Ok(PortalRecord {
            reference,
            description,
            category,
            subject: at(&self.subject),
            citizen_name: at(&self.citizen_name).unwrap_or_default(),
            unusable_phone: phone.filter(|_| mobile.is_none()),
            mobile: mobile.unwrap_or_default(),
            email: at(&self.email),
            address: at(&self.address),
            jurisdiction,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mapping() -> FieldMapping {
        FieldMapping {
            external_reference: "registration_no".into(),
            description: "/grievance/text".into(),
            category: "/grievance/category".into(),
            subject: Some("/grievance/subject".into()),
            citizen_name: Some("/applicant/name".into()),
            mobile: Some("/applicant/mobile".into()),
            email: None,
            address: Some("/applicant/address".into()),
            jurisdiction: Some("/grievance/location".into()),
        }
    }

    #[test]
    fn a_record_is_read_through_its_pointers_and_tables() {
        let record = json!({
            "registration_no": "DARPG/E/2026/0001234",
            "applicant": {"name": "Sunita Devi", "mobile": "+91-98120 55501", "address": "Gokalgarh"},
            "grievance": {"text": "No water for ten days", "category": 417, "location": "RWR-01"}
        });
        let categories = BTreeMap::from([("417".to_string(), "PHED-WS-NOSUP".to_string())]);
        let places = BTreeMap::from([("RWR-01".to_string(), "06084010101".to_string())]);
        let read = mapping().read(&record, &categories, &places).unwrap();
        assert_eq!(read.reference, "DARPG/E/2026/0001234");
        assert_eq!(read.category, "PHED-WS-NOSUP");
        assert_eq!(read.jurisdiction.as_deref(), Some("06084010101"));
        assert_eq!(read.mobile, "9812055501");
        assert_eq!(read.unusable_phone, None);
        assert_eq!(read.subject, None);
        assert_eq!(read.citizen_name, "Sunita Devi");
    }

    #[test]
    fn a_record_without_a_required_field_says_which() {
        let record = json!({"registration_no": "X/1", "grievance": {"category": "A"}});
        let none = BTreeMap::new();
        assert_eq!(
            mapping().read(&record, &none, &none),
            Err(MappingError::Missing("description"))
        );
        let blank = json!({"registration_no": "  ", "grievance": {"text": "t", "category": "A"}});
        assert_eq!(
            mapping().read(&blank, &none, &none),
            Err(MappingError::Missing("external_reference"))
        );
    }

    #[test]
    fn phones_that_are_not_mobiles_are_kept_apart() {
        assert_eq!(mobile_digits("09812055501").as_deref(), Some("9812055501"));
        assert_eq!(mobile_digits("919812055501").as_deref(), Some("9812055501"));
        assert_eq!(mobile_digits("01274-222333"), None);
        assert_eq!(mobile_digits("5812055501"), None);
        let record = json!({"registration_no": "X/2", "applicant": {"mobile": "01274-222333"},
            "grievance": {"text": "t", "category": "A"}});
        let none = BTreeMap::new();
        let read = mapping().read(&record, &none, &none).unwrap();
        assert_eq!(read.mobile, "");
        assert_eq!(read.unusable_phone.as_deref(), Some("01274-222333"));
    }

    #[test]
    fn a_pointer_with_spaces_is_refused() {
        let mut m = mapping();
        m.subject = Some("grievance subject".into());
        assert!(m.check().is_err());
        assert!(mapping().check().is_ok());
    }
}
