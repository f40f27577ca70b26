//! A new grievance as typed by a citizen or an operator, and its validation. References to master
//! data (category, jurisdiction) are checked by storage, which knows them.

use crate::text::{
    Address, Description, Email, FieldError, GeoPoint, Mobile, PersonName, Reason, Subject,
};
use crate::types::{Channel, Kind, Language, Priority};
use serde::{Deserialize, Serialize};

/// The raw form: every field as it arrived, strings unparsed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GrievanceForm {
    pub citizen_name: String,
    pub mobile: String,
    pub email: Option<String>,
    pub address: Option<String>,
    /// Code of the jurisdiction (village, ward, block, … or district) where the problem is.
    pub jurisdiction: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// `complaint`, `demand` or `suggestion`; defaults to the category's kind.
    pub kind: Option<String>,
    /// Code of the category.
    pub category: String,
    pub subject: String,
    pub description: String,
    /// Defaults to `web`.
    pub channel: Option<String>,
    /// Defaults from the channel (top for CM and VIP cells).
    pub priority: Option<String>,
    /// `hi` or `en`: the language to write to the citizen in. Defaults to `hi`.
    pub language: Option<String>,
    /// An operator filing past the mobile number's monthly limit says why (audited).
    pub limit_override_reason: Option<String>,
}

/// A grievance whose every field has passed validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidGrievance {
    pub citizen_name: PersonName,
    pub mobile: Mobile,
    pub email: Option<Email>,
    pub address: Option<Address>,
    pub jurisdiction_code: String,
    pub location: Option<GeoPoint>,
    pub kind: Option<Kind>,
    pub category_code: String,
    pub subject: Subject,
    pub description: Description,
    pub channel: Channel,
    pub priority: Priority,
    pub language: Language,
    pub limit_override_reason: Option<Reason>,
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl GrievanceForm {
    /// Checks every field; the first problem is returned with the field named.
    pub fn validate(&self) -> Result<ValidGrievance, FieldError> {
        let citizen_name = PersonName::parse(&self.citizen_name)?;
        let mobile = Mobile::parse(&self.mobile)?;
        let email = non_empty(&self.email).map(Email::parse).transpose()?;
        let address = non_empty(&self.address).map(Address::parse).transpose()?;
        let jurisdiction_code = self.jurisdiction.trim().to_string();
        if jurisdiction_code.is_empty() {
            return Err(FieldError::required("jurisdiction"));
        }
        let location = match (self.latitude, self.longitude) {
            (Some(lat), Some(lon)) => Some(GeoPoint::new(lat, lon)?),
            (None, None) => None,
            (Some(_), None) => return Err(FieldError::required("longitude")),
            (None, Some(_)) => return Err(FieldError::required("latitude")),
        };
        let kind = non_empty(&self.kind)
            .map(|k| {
                Kind::parse(k).ok_or_else(|| {
                    FieldError::new(
                        "kind",
                        "invalid_choice",
                        format!("kind must be one of: {}", Kind::codes()),
                        format!("प्रकार इनमें से एक होना चाहिए: {}", Kind::codes()),
                    )
                })
            })
            .transpose()?;
        let category_code = self.category.trim().to_string();
        if category_code.is_empty() {
            return Err(FieldError::required("category"));
        }
        let subject = Subject::parse(&self.subject)?;
        let description = Description::parse(&self.description)?;
        let channel = match non_empty(&self.channel) {
            None => Channel::Web,
            Some(c) => Channel::parse(c).ok_or_else(|| {
                FieldError::new(
                    "channel",
                    "invalid_choice",
                    format!("channel must be one of: {}", Channel::codes()),
                    format!("माध्यम इनमें से एक होना चाहिए: {}", Channel::codes()),
                )
            })?,
        };
        let priority = match non_empty(&self.priority) {
            None => channel.default_priority(),
            Some(p) => {
                let asked = Priority::parse(p).ok_or_else(|| {
                    FieldError::new(
                        "priority",
                        "invalid_choice",
                        format!("priority must be one of: {}", Priority::codes()),
                        format!("प्राथमिकता इनमें से एक होनी चाहिए: {}", Priority::codes()),
                    )
                })?;
                // A CM or VIP cell case is top priority whatever the form says.
                asked.max(channel.default_priority())
            }
        };
        let language = match non_empty(&self.language) {
            None => Language::Hi,
            Some(l) => Language::parse(l).ok_or_else(|| {
                FieldError::new(
                    "language",
                    "invalid_choice",
                    "language must be hi or en",
                    "भाषा hi या en होनी चाहिए",
                )
            })?,
        };
        let limit_override_reason = non_empty(&self.limit_override_reason)
            .map(|r| {
                Reason::parse(r).map_err(|mut e| {
                    e.field = "limit_override_reason".into();
                    e
                })
            })
            .transpose()?;
        Ok(ValidGrievance {
            limit_override_reason,
            citizen_name,
            mobile,
            email,
            address,
            jurisdiction_code,
            location,
            kind,
            category_code,
            subject,
            description,
            channel,
            priority,
            language,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> GrievanceForm {
        GrievanceForm {
            citizen_name: "रामेश्वर दयाल".into(),
            mobile: "+91 98120 12345".into(),
            jurisdiction: "06081".into(),
            category: "PHED-NOWATER".into(),
            subject: "गांव में पेयजल आपूर्ति बंद".into(),
            description: "पिछले दस दिनों से गांव में पानी नहीं आ रहा है।".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_form_validates_with_defaults() {
        let valid = form().validate().unwrap();
        assert_eq!(valid.mobile.as_str(), "9812012345");
        assert_eq!(valid.channel, Channel::Web);
        assert_eq!(valid.priority, Priority::Normal);
        assert_eq!(valid.language, Language::Hi);
    }

    #[test]
    fn every_bad_field_is_named() {
        type Spoil = Box<dyn Fn(&mut GrievanceForm)>;
        let cases: Vec<(&str, Spoil)> = vec![
            ("citizen_name", Box::new(|f| f.citizen_name = "".into())),
            ("mobile", Box::new(|f| f.mobile = "12345".into())),
            ("email", Box::new(|f| f.email = Some("not-an-email".into()))),
            ("address", Box::new(|f| f.address = Some("ab".into()))),
            ("jurisdiction", Box::new(|f| f.jurisdiction = " ".into())),
            (
                "latitude",
                Box::new(|f| {
                    f.latitude = Some(95.0);
                    f.longitude = Some(76.0)
                }),
            ),
            ("longitude", Box::new(|f| f.latitude = Some(28.0))),
            ("kind", Box::new(|f| f.kind = Some("praise".into()))),
            ("category", Box::new(|f| f.category = "".into())),
            ("subject", Box::new(|f| f.subject = "x".into())),
            ("description", Box::new(|f| f.description = "छोटा".into())),
            ("channel", Box::new(|f| f.channel = Some("pigeon".into()))),
            (
                "priority",
                Box::new(|f| f.priority = Some("urgent!!".into())),
            ),
            ("language", Box::new(|f| f.language = Some("fr".into()))),
        ];
        for (field, spoil) in cases {
            let mut f = form();
            spoil(&mut f);
            let err = f.validate().unwrap_err();
            assert_eq!(err.field, field);
            assert!(!err.message_hi.is_empty());
        }
    }

    #[test]
    fn cm_cell_cases_are_always_top_priority() {
        let mut f = form();
        f.channel = Some("cm_cell".into());
        f.priority = Some("normal".into());
        assert_eq!(f.validate().unwrap().priority, Priority::Top);
    }
}
