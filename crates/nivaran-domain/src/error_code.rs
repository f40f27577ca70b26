//! The stable codes of every error the service answers with: programs branch on them (the JSON
//! API's `error.code`, Open311's `<code>`, the pages' messages beside a field), so they are one
//! closed list here rather than strings written at each place an error is made. A code that is
//! added is documented in docs/API.md and used somewhere (a test in the `nivaran` crate checks
//! both).

use serde::{Serialize, Serializer};
use std::fmt;

macro_rules! error_codes {
    ($($variant:ident => $code:literal,)*) => {
        /// A stable error code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            /// Every code, in the order of the list.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code as it is sent.
            pub fn code(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// The id of the code's general message in the Fluent files (`error-<code>`).
            pub fn message_id(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => concat!("error-", $code),)*
                }
            }

            /// The enum variant's name, as the sources write it (for the test that each is used).
            pub fn variant(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => stringify!($variant),)*
                }
            }
        }
    };
}

error_codes! {
    AddressRefused => "address_refused",
    AlreadyAppealed => "already_appealed",
    AlreadyDecided => "already_decided",
    AlreadyHolder => "already_holder",
    AlreadyJoint => "already_joint",
    AppealWindowOver => "appeal_window_over",
    BadCredentials => "bad_credentials",
    BodyTooLarge => "body_too_large",
    CitizenSatisfied => "citizen_satisfied",
    CommonPassword => "common_password",
    Conflict => "conflict",
    Csrf => "csrf",
    DatabaseUnavailable => "database_unavailable",
    Duplicate => "duplicate",
    Empty => "empty",
    EscalationLimit => "escalation_limit",
    EtaInPast => "eta_in_past",
    FileMissing => "file_missing",
    FilingLimit => "filing_limit",
    Forbidden => "forbidden",
    IdempotencyKeyReused => "idempotency_key_reused",
    IllegalTransition => "illegal_transition",
    ImportError => "import_error",
    InvalidAnswer => "invalid_answer",
    InvalidBody => "invalid_body",
    InvalidChoice => "invalid_choice",
    InvalidChoices => "invalid_choices",
    InvalidCode => "invalid_code",
    InvalidDate => "invalid_date",
    InvalidEmail => "invalid_email",
    InvalidForm => "invalid_form",
    InvalidIdempotencyKey => "invalid_idempotency_key",
    InvalidLength => "invalid_length",
    InvalidMobile => "invalid_mobile",
    InvalidNumber => "invalid_number",
    InvalidOtp => "invalid_otp",
    InvalidRequest => "invalid_request",
    InvalidToken => "invalid_token",
    InvalidUpload => "invalid_upload",
    InvalidUrl => "invalid_url",
    InvalidUsername => "invalid_username",
    LoginThrottled => "login_throttled",
    Misconfigured => "misconfigured",
    NoAppellateOffice => "no_appellate_office",
    NoHigherOffice => "no_higher_office",
    NoLetters => "no_letters",
    NoOffice => "no_office",
    NoPart => "no_part",
    NoRoute => "no_route",
    NotAwaitingCall => "not_awaiting_call",
    NotFound => "not_found",
    NotOfTheOffice => "not_of_the_office",
    NotSubordinate => "not_subordinate",
    NotVerified => "not_verified",
    OperatorOnly => "operator_only",
    OriginalDisposed => "original_disposed",
    OutOfRange => "out_of_range",
    OwnDepartment => "own_department",
    PartsPending => "parts_pending",
    PeriodOutOfRange => "period_out_of_range",
    PeriodReversed => "period_reversed",
    PeriodTooLong => "period_too_long",
    RateLimited => "rate_limited",
    ReasonRequired => "reason_required",
    ReopenWindowOver => "reopen_window_over",
    ReportFailed => "report_failed",
    RequestTimeout => "request_timeout",
    Required => "required",
    SameEta => "same_eta",
    SameOffice => "same_office",
    ShuttingDown => "shutting_down",
    SpecialCloseNotApproved => "special_close_not_approved",
    StorageUnavailable => "storage_unavailable",
    TooLarge => "too_large",
    TooLong => "too_long",
    TooManyFiles => "too_many_files",
    TooManyMarks => "too_many_marks",
    TooShort => "too_short",
    TransferLimit => "transfer_limit",
    Unauthorized => "unauthorized",
    Unknown => "unknown",
    UnknownDocument => "unknown_document",
    UnknownOffice => "unknown_office",
    Unsupported => "unsupported",
    UnsupportedMediaType => "unsupported_media_type",
    UnsupportedType => "unsupported_type",
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// Codes compare with the text they are sent as (tests and clients speak in strings).
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.code() == *other
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.code() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_snake_case_words() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.code()), "{code} twice");
            assert!(
                code.code()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}"
            );
        }
    }
}
