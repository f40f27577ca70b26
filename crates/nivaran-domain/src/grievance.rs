//! A new grievance as typed by a citizen or an operator, and its validation. References to master
//! data (category, jurisdiction) are checked by storage, which knows them.

use crate::error_code::ErrorCode;
use crate::msg;
use crate::text::{
    Address, Description, Email, FieldError, GeoPoint, Mobile, PersonName, Reason, Subject,
};
use crate::types::{Channel, ExternalSystem, Kind, Language, Priority};
use serde::{Deserialize, Serialize};

/// The raw form: every field as it arrived, strings unparsed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// Operators only: departments (by code) that must act on the case too, each in a part of
    /// its own routed to its office (issue 17); at most [`MAX_JOINT_AT_FILING`].
    pub joint_departments: Vec<String>,
    /// Set by an integration (never read from a form) when the place it was given matched no
    /// jurisdiction: the case is filed under `jurisdiction` (the state) in the nodal office's
    /// unrouted queue, for a person to place it.
    #[serde(skip)]
    pub unlocated: bool,
    /// The other grievance system the case is also registered on (`cpgrams`, `cm_window`,
    /// `saral`, `e_office`, `gram_darshan`, `nagar_darshan`), with `external_reference`, its
    /// number there: both or neither.
    pub external_system: Option<String>,
    pub external_reference: Option<String>,
    /// Operators only: the SMGT desk's post (its id in the queue) this case is filed from; the
    /// post is settled as filed and its author told the number, in the filing's transaction.
    pub social_post: Option<i64>,
    /// Operators only: the helpline call (its id in the calls' record) the case is filed
    /// during; the call is the case's, in the filing's transaction.
    pub call: Option<i64>,
    /// Set by an integration (never read from a form) whose client gave no phone or no name,
    /// both optional in Open311: the citizen is reached only through that integration (and by
    /// e-mail when given), so neither is required.
    #[serde(skip)]
    pub reached_through_integration: bool,
}

/// A grievance whose every field has passed validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidGrievance {
    /// `None` only when the citizen is reached through an integration that gave no name.
    pub citizen_name: Option<PersonName>,
    /// `None` only when the citizen is reached through an integration that gave no phone: no
    /// SMS, no OTP, no verification call.
    pub mobile: Option<Mobile>,
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
    /// The joint departments' codes, each once (checked against master data by storage).
    #[serde(default)]
    pub joint_departments: Vec<String>,
    /// See [`GrievanceForm::unlocated`].
    #[serde(default)]
    pub unlocated: bool,
    /// The other system's reference, when the case carries one.
    #[serde(default)]
    pub external: Option<ExternalReference>,
}

/// A case's number on another grievance system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalReference {
    pub system: ExternalSystem,
    /// As that system writes it: letters, digits and `/ - _ .`, at most 60 characters.
    pub reference: String,
}

impl ExternalReference {
    /// Both fields or neither: the system by its code, the reference as that system writes it.
    pub fn parse(
        system: Option<&str>,
        reference: Option<&str>,
    ) -> Result<Option<ExternalReference>, FieldError> {
        let system = system.map(str::trim).filter(|s| !s.is_empty());
        let reference = reference.map(str::trim).filter(|r| !r.is_empty());
        let (system, reference) = match (system, reference) {
            (None, None) => return Ok(None),
            (Some(_), None) => return Err(FieldError::required("external_reference")),
            (None, Some(_)) => return Err(FieldError::required("external_system")),
            (Some(s), Some(r)) => (s, r),
        };
        let system = ExternalSystem::parse(system).ok_or_else(|| {
            FieldError::new(
                "external_system",
                ErrorCode::InvalidChoice,
                msg!(
                    "grievance-external-system",
                    choices = ExternalSystem::codes()
                ),
            )
        })?;
        let allowed = |c: char| c.is_ascii_alphanumeric() || "/-_.".contains(c);
        if reference.chars().count() > 60 || !reference.chars().all(allowed) {
            return Err(FieldError::new(
                "external_reference",
                ErrorCode::InvalidCode,
                msg!("grievance-external-reference"),
            ));
        }
        Ok(Some(ExternalReference {
            system,
            reference: reference.to_string(),
        }))
    }
}

impl ValidGrievance {
    /// The citizen's name as the register keeps it: empty when not given.
    pub fn name_as_kept(&self) -> &str {
        self.citizen_name.as_ref().map_or("", PersonName::as_str)
    }

    /// The citizen's mobile number as the register keeps it: empty when not given.
    pub fn mobile_as_kept(&self) -> &str {
        self.mobile.as_ref().map_or("", Mobile::as_str)
    }
}

/// The most joint departments a filing may name.
pub const MAX_JOINT_AT_FILING: usize = 5;

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Keeps the value of a check, or its error.
fn keep<T>(errors: &mut Vec<FieldError>, checked: Result<T, FieldError>) -> Option<T> {
    match checked {
        Ok(value) => Some(value),
        Err(error) => {
            errors.push(error);
            None
        }
    }
}

/// A subject for a case whose door gives none (an integration, a portal): the description's
/// first line when it says something (five characters or more, cut at 150), else `fallback`
/// (the category's name).
pub fn subject_from(description: &str, fallback: &str) -> String {
    let first_line = description.lines().next().unwrap_or("").trim();
    if first_line.chars().count() >= 5 {
        first_line.chars().take(150).collect()
    } else {
        fallback.to_string()
    }
}

/// The language to write to a citizen whose door does not say: Hindi when they wrote in
/// Devanagari, else English.
pub fn language_of(description: &str) -> Language {
    if description.chars().any(crate::search::is_devanagari) {
        Language::Hi
    } else {
        Language::En
    }
}

impl GrievanceForm {
    /// Checks every field; the first problem is returned with the field named.
    pub fn validate(&self) -> Result<ValidGrievance, FieldError> {
        self.validate_all().map_err(|mut errors| errors.remove(0))
    }

    /// Checks every field and reports every problem, in the order of the form, so a person
    /// can fix them all at once.
    pub fn validate_all(&self) -> Result<ValidGrievance, Vec<FieldError>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let optional = self.reached_through_integration;
        let citizen_name = if optional && self.citizen_name.trim().is_empty() {
            Some(None)
        } else {
            keep(e, PersonName::parse(&self.citizen_name)).map(Some)
        };
        let mobile = if optional && self.mobile.trim().is_empty() {
            Some(None)
        } else {
            keep(e, Mobile::parse(&self.mobile)).map(Some)
        };
        let email = keep(e, non_empty(&self.email).map(Email::parse).transpose());
        let address = keep(e, non_empty(&self.address).map(Address::parse).transpose());
        let jurisdiction_code = self.jurisdiction.trim().to_string();
        if jurisdiction_code.is_empty() {
            e.push(FieldError::required("jurisdiction"));
        }
        let location = keep(
            e,
            match (self.latitude, self.longitude) {
                (Some(lat), Some(lon)) => GeoPoint::new(lat, lon).map(Some),
                (None, None) => Ok(None),
                (Some(_), None) => Err(FieldError::required("longitude")),
                (None, Some(_)) => Err(FieldError::required("latitude")),
            },
        );
        let kind = keep(
            e,
            non_empty(&self.kind)
                .map(|k| {
                    Kind::parse(k).ok_or_else(|| {
                        FieldError::new(
                            "kind",
                            ErrorCode::InvalidChoice,
                            msg!("grievance-invalid-kind", codes = Kind::codes()),
                        )
                    })
                })
                .transpose(),
        );
        let category_code = self.category.trim().to_string();
        if category_code.is_empty() {
            e.push(FieldError::required("category"));
        }
        let subject = keep(e, Subject::parse(&self.subject));
        let description = keep(e, Description::parse(&self.description));
        let channel = keep(
            e,
            match non_empty(&self.channel) {
                None => Ok(Channel::Web),
                Some(c) => Channel::parse(c).ok_or_else(|| {
                    FieldError::new(
                        "channel",
                        ErrorCode::InvalidChoice,
                        msg!("grievance-invalid-channel", codes = Channel::codes()),
                    )
                }),
            },
        );
        let asked_priority = keep(
            e,
            non_empty(&self.priority)
                .map(|p| {
                    Priority::parse(p).ok_or_else(|| {
                        FieldError::new(
                            "priority",
                            ErrorCode::InvalidChoice,
                            msg!("grievance-invalid-priority", codes = Priority::codes()),
                        )
                    })
                })
                .transpose(),
        );
        let language = keep(
            e,
            match non_empty(&self.language) {
                None => Ok(Language::Hi),
                Some(l) => Language::parse(l).ok_or_else(|| {
                    FieldError::new(
                        "language",
                        ErrorCode::InvalidChoice,
                        msg!("grievance-invalid-language"),
                    )
                }),
            },
        );
        let limit_override_reason = keep(
            e,
            non_empty(&self.limit_override_reason)
                .map(|r| Reason::parse(r).map_err(|e| e.in_field("limit_override_reason")))
                .transpose(),
        );
        let mut joint_departments: Vec<String> = Vec::new();
        for code in &self.joint_departments {
            let code = code.trim();
            if !code.is_empty() && !joint_departments.iter().any(|c| c == code) {
                joint_departments.push(code.to_string());
            }
        }
        if joint_departments.len() > MAX_JOINT_AT_FILING {
            e.push(FieldError::new(
                "joint_departments",
                ErrorCode::OutOfRange,
                msg!("grievance-too-many-joint", max = MAX_JOINT_AT_FILING),
            ));
        }
        let external = keep(
            e,
            ExternalReference::parse(
                self.external_system.as_deref(),
                self.external_reference.as_deref(),
            ),
        );
        match (
            citizen_name,
            mobile,
            email,
            address,
            location,
            kind,
            subject,
            description,
            channel,
            asked_priority,
            language,
            limit_override_reason,
        ) {
            (
                Some(citizen_name),
                Some(mobile),
                Some(email),
                Some(address),
                Some(location),
                Some(kind),
                Some(subject),
                Some(description),
                Some(channel),
                Some(asked_priority),
                Some(language),
                Some(limit_override_reason),
            ) if errors.is_empty() => Ok(ValidGrievance {
                external: external.flatten(),
                limit_override_reason,
                joint_departments,
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
                // A CM or VIP cell case is top priority whatever the form says.
                priority: asked_priority
                    .map(|p| p.max(channel.default_priority()))
                    .unwrap_or_else(|| channel.default_priority()),
                channel,
                language,
                unlocated: self.unlocated,
            }),
            _ => Err(errors),
        }
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
        assert_eq!(valid.mobile.unwrap().as_str(), "9812012345");
        assert_eq!(valid.channel, Channel::Web);
        assert_eq!(valid.priority, Priority::Normal);
        assert_eq!(valid.language, Language::Hi);
    }

    #[test]
    fn an_external_reference_needs_its_system_and_a_plain_number() {
        let mut f = form();
        f.external_system = Some("cpgrams".into());
        f.external_reference = Some(" DARPG/E/2026/0001234 ".into());
        let valid = f.validate().unwrap();
        let external = valid.external.unwrap();
        assert_eq!(external.system, ExternalSystem::Cpgrams);
        assert_eq!(external.reference, "DARPG/E/2026/0001234");
        for (system, reference, field) in [
            (Some("cpgrams"), None, "external_reference"),
            (None, Some("DARPG/E/2026/1"), "external_system"),
            (Some("fax"), Some("1"), "external_system"),
            (Some("saral"), Some("12 34"), "external_reference"),
        ] {
            f.external_system = system.map(str::to_string);
            f.external_reference = reference.map(str::to_string);
            assert_eq!(
                f.validate().unwrap_err().field,
                field,
                "{system:?} {reference:?}"
            );
        }
        f.external_system = None;
        f.external_reference = None;
        assert_eq!(f.validate().unwrap().external, None);
    }

    #[test]
    fn only_an_integration_may_leave_out_the_phone_and_the_name() {
        let mut f = form();
        f.citizen_name = " ".into();
        f.mobile = "".into();
        let fields: Vec<String> = f
            .validate_all()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["citizen_name", "mobile"]);
        f.reached_through_integration = true;
        let valid = f.validate().unwrap();
        assert_eq!((valid.citizen_name, valid.mobile), (None, None));
        // What it does give is checked as ever.
        f.mobile = "12".into();
        assert_eq!(f.validate().unwrap_err().field, "mobile");
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
            assert_eq!(
                err.message
                    .args()
                    .iter()
                    .find(|(n, _)| *n == "field")
                    .map(|(_, v)| v.clone()),
                Some(crate::message::MessageArg::Field(field.to_string()))
            );
        }
    }

    #[test]
    fn every_problem_is_reported_at_once_in_form_order() {
        let mut f = form();
        f.citizen_name = "".into();
        f.subject = "x".into();
        f.mobile = "12".into();
        let errors = f.validate_all().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["citizen_name", "mobile", "subject"]);
        assert_eq!(f.validate().unwrap_err().field, "citizen_name");
    }

    #[test]
    fn cm_cell_cases_are_always_top_priority() {
        let mut f = form();
        f.channel = Some("cm_cell".into());
        f.priority = Some("normal".into());
        assert_eq!(f.validate().unwrap().priority, Priority::Top);
    }
}
