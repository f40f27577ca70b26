//! Validated text and contact details. Everything a person types is NFC-normalised (nukta letters
//! such as ड़ have two encodings) and measured in graphemes, the unit a person counts.

use crate::error_code::ErrorCode;
use crate::message::Message;
use crate::msg;
use serde::{Deserialize, Serialize};
use std::fmt;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// A field that failed validation: which field, a stable code, and what to tell the person
/// (said in their language by the presentation layer; the field's name is the message's
/// `$field` argument).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: String,
    /// Stable machine-readable reason, e.g. `too_long`.
    pub code: ErrorCode,
    pub message: Message,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: ErrorCode, message: Message) -> Self {
        let field = field.into();
        let message = if message.args().iter().any(|(name, _)| *name == "field") {
            message
        } else {
            message.field("field", field.clone())
        };
        FieldError {
            field,
            code,
            message,
        }
    }

    /// The same error said of another field (a shared check reused for a field of its own).
    pub fn in_field(self, field: impl Into<String>) -> Self {
        let field = field.into();
        FieldError {
            message: self.message.with_field_arg(field.clone()),
            field,
            code: self.code,
        }
    }

    pub fn required(field: &str) -> Self {
        FieldError::new(field, ErrorCode::Required, msg!("field-required"))
    }
}

/// NFC-normalise, trim (whitespace and the invisible joiners and marks that may pad it), and
/// turn control characters other than newlines and tabs into spaces.
pub fn normalize(input: &str) -> String {
    let cleaned: String = input
        .nfc()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    cleaned
        .trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
        .to_string()
}

/// Characters that take no space and show nothing: zero-width space and joiners, word joiner,
/// byte-order mark, soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Most code points one letter (grapheme) may carry after its first: Devanagari conjuncts take
/// a few (स्त्री: five), the longest emoji sequences ten; runs of combining marks piled on a
/// letter take thousands, and made a 200-letter subject 10,000 code points long.
pub const MAX_MARKS_PER_LETTER: usize = 15;

pub fn grapheme_len(text: &str) -> usize {
    text.graphemes(true).count()
}

/// Normalises `input` and checks its length in graphemes (what a person counts), and also in
/// code points (at most four a letter) and bytes (at most twelve a letter: what is stored), the
/// marks piled on any one letter, and that there is a visible letter or digit at all.
pub fn bounded(field: &str, input: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let text = normalize(input);
    if text.len() > max.saturating_mul(12) || text.chars().count() > max.saturating_mul(4) {
        return Err(FieldError::new(
            field,
            ErrorCode::TooLong,
            msg!("text-too-long-to-store", bytes = text.len(), max = max),
        ));
    }
    // One pass: the letters, and the marks on each.
    let mut len = 0;
    for letter in text.graphemes(true) {
        len += 1;
        if letter.chars().count() > MAX_MARKS_PER_LETTER + 1 {
            return Err(FieldError::new(
                field,
                ErrorCode::TooManyMarks,
                msg!("text-too-many-marks", marks = MAX_MARKS_PER_LETTER),
            ));
        }
    }
    if len == 0 && min > 0 {
        return Err(FieldError::required(field));
    }
    if len > 0 && !text.chars().any(char::is_alphanumeric) {
        return Err(FieldError::new(
            field,
            ErrorCode::NoLetters,
            msg!("text-no-letters"),
        ));
    }
    if len < min {
        return Err(FieldError::new(
            field,
            ErrorCode::TooShort,
            msg!("text-too-short", min = min),
        ));
    }
    if len > max {
        return Err(FieldError::new(
            field,
            ErrorCode::TooLong,
            msg!("text-too-long", max = max, len = len),
        ));
    }
    Ok(text)
}

macro_rules! bounded_text {
    ($(#[$meta:meta])* $name:ident, $field:literal, $min:expr, $max:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub const MIN: usize = $min;
            pub const MAX: usize = $max;
            pub fn parse(input: &str) -> Result<Self, FieldError> {
                bounded($field, input, $min, $max).map($name)
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

bounded_text!(
    /// A citizen's or officer's name.
    PersonName, "citizen_name", 2, 100
);
bounded_text!(
    /// The one-line subject of a grievance.
    Subject, "subject", 5, 200
);
bounded_text!(
    /// The full text of a grievance.
    Description, "description", 10, 5000
);
bounded_text!(
    /// A postal address.
    Address, "address", 5, 500
);
bounded_text!(
    /// A reason or remark an officer must give (transfer, rejection, return of an ATR).
    Reason, "reason", 5, 2000
);

/// A 10-digit Indian mobile number (starting 6–9). Accepts `+91`, `91` or `0` prefixes,
/// spaces and dashes, and stores the bare 10 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Mobile(String);

impl Mobile {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        Self::parse_field("mobile", input)
    }

    pub fn parse_field(field: &str, input: &str) -> Result<Self, FieldError> {
        let normalized = normalize(input);
        if normalized.is_empty() {
            return Err(FieldError::required(field));
        }
        let mut digits: String = String::with_capacity(12);
        for c in normalized.chars() {
            match c {
                '0'..='9' => digits.push(c),
                // Devanagari digits are common on Hindi keyboards.
                '०'..='९' => digits.push(char::from(b'0' + (c as u32 - '०' as u32) as u8)),
                ' ' | '-' | '+' | '(' | ')' => {}
                _ => return Err(Self::invalid(field)),
            }
        }
        let bare = match digits.len() {
            10 => digits.as_str(),
            11 if digits.starts_with('0') => &digits[1..],
            12 if digits.starts_with("91") => &digits[2..],
            _ => return Err(Self::invalid(field)),
        };
        if !matches!(bare.as_bytes()[0], b'6'..=b'9') {
            return Err(Self::invalid(field));
        }
        Ok(Mobile(bare.to_string()))
    }

    fn invalid(field: &str) -> FieldError {
        FieldError::new(field, ErrorCode::InvalidMobile, msg!("text-invalid-mobile"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number with all but the last four digits hidden, for public pages and logs.
    pub fn masked(&self) -> String {
        format!("XXXXXX{}", &self.0[6..])
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An email address, checked for shape only (delivery proves the rest).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let text = normalize(input).to_lowercase();
        let invalid =
            || FieldError::new("email", ErrorCode::InvalidEmail, msg!("text-invalid-email"));
        if text.len() > 254 || text.chars().any(|c| c.is_whitespace()) {
            return Err(invalid());
        }
        let (local, domain) = text.split_once('@').ok_or_else(invalid)?;
        if local.is_empty()
            || domain.len() < 3
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain.contains('@')
        {
            return Err(invalid());
        }
        Ok(Email(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A point inside India's bounding box.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub latitude: f64,
    pub longitude: f64,
}

impl GeoPoint {
    pub fn new(latitude: f64, longitude: f64) -> Result<Self, FieldError> {
        if !(6.0..=38.0).contains(&latitude) || !latitude.is_finite() {
            return Err(FieldError::new(
                "latitude",
                ErrorCode::OutOfRange,
                msg!("text-latitude-out-of-range"),
            ));
        }
        if !(68.0..=98.0).contains(&longitude) || !longitude.is_finite() {
            return Err(FieldError::new(
                "longitude",
                ErrorCode::OutOfRange,
                msg!("text-longitude-out-of-range"),
            ));
        }
        Ok(GeoPoint {
            latitude,
            longitude,
        })
    }
}

/// An Indian mobile number as portals and telephone systems write it (`+91-98120 55501`,
/// `09812055501`), as its ten digits; `None` when it is not one.
pub fn mobile_digits(given: &str) -> Option<String> {
    let digits: String = given.chars().filter(char::is_ascii_digit).collect();
    let ten = match digits.len() {
        10 => digits.as_str(),
        11 if digits.starts_with('0') => &digits[1..],
        12 if digits.starts_with("91") => &digits[2..],
        _ => return None,
    };
    matches!(ten.as_bytes()[0], b'6'..=b'9').then(|| ten.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_is_measured_as_stored_too() {
        // A 200-letter subject of ten thousand code points: marks piled on a few letters.
        let piled = format!("क{}", "\u{0301}".repeat(10_000));
        let e = Subject::parse(&format!("{piled} पानी")).unwrap_err();
        assert!(
            matches!(e.code.code(), "too_long" | "too_many_marks"),
            "{e:?}"
        );
        let e = Subject::parse(&format!("पानी नहीं{}", "\u{0301}".repeat(20))).unwrap_err();
        assert_eq!(e.code, "too_many_marks");
        // 800,000 code points in a few letters: refused on its size before anything else.
        let huge = format!("ab{}", "\u{093F}".repeat(800_000));
        assert_eq!(Description::parse(&huge).unwrap_err().code, "too_long");
        // Names of nothing visible.
        for invisible in [
            "\u{200B}\u{200B}\u{200B}",
            "\u{200D}\u{200C}\u{2060}\u{FEFF}",
        ] {
            let e = PersonName::parse(invisible).unwrap_err();
            assert!(matches!(e.code.code(), "required" | "no_letters"), "{e:?}");
        }
        assert_eq!(PersonName::parse("★★★").unwrap_err().code, "no_letters");
        // Real Hindi with its conjuncts and joiners passes, and is trimmed of invisible padding.
        assert_eq!(
            PersonName::parse("\u{200B}श्रीमती स्त्री क्ष\u{200D}त्र\u{200B}")
                .unwrap()
                .as_str(),
            "श्रीमती स्त्री क्ष\u{200D}त्र"
        );
        assert!(Subject::parse("👨\u{200D}👩\u{200D}👧\u{200D}👦 परिवार पेंशन नहीं मिली").is_ok());
    }

    #[test]
    fn nukta_letters_normalise_to_one_form() {
        let decomposed = "\u{0921}\u{093C}"; // ड + nukta
        let composed = "\u{095C}"; // ड़ precomposed
        assert_eq!(normalize(decomposed), normalize(composed));
    }

    #[test]
    fn hindi_length_counts_graphemes_not_bytes() {
        // "शिकायत" is 6 code points but 4 graphemes (शि, का, य, त).
        assert_eq!(grapheme_len("शिकायत"), 4);
        assert!(Subject::parse("पानी नहीं आ रहा").is_ok());
        let too_long = "क".repeat(201);
        let err = Subject::parse(&too_long).unwrap_err();
        assert_eq!(err.code, "too_long");
        assert_eq!(err.field, "subject");
    }

    #[test]
    fn mobiles() {
        for ok in [
            "9876543210",
            "+91 98765 43210",
            "09876543210",
            "91-9876543210",
            "९८७६५४३२१०",
        ] {
            assert_eq!(Mobile::parse(ok).unwrap().as_str(), "9876543210", "{ok}");
        }
        for bad in [
            "",
            "12345",
            "5876543210",
            "98765432101",
            "98765abcde",
            "+1 9876543210x",
        ] {
            assert!(Mobile::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Mobile::parse("9876543210").unwrap().masked(), "XXXXXX3210");
    }

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse(" Ram@Example.IN ").unwrap().as_str(),
            "ram@example.in"
        );
        for bad in ["", "ram", "ram@", "@x.in", "ram@x", "ram @x.in", "a@b@c.in"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn coordinates_must_be_in_india() {
        assert!(GeoPoint::new(28.19, 76.62).is_ok()); // Rewari
        assert!(GeoPoint::new(51.5, -0.1).is_err());
        assert!(GeoPoint::new(f64::NAN, 76.0).is_err());
    }

    proptest! {
        #[test]
        fn normalize_is_idempotent(s in "\\PC{0,60}") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once.clone());
        }

        #[test]
        fn mobile_parse_never_panics(s in "\\PC{0,20}") {
            let _ = Mobile::parse(&s);
        }
    }
}
