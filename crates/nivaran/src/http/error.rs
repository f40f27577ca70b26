//! The HTTP layer's one error type. Every failure leaves the API in one shape,
//! `{"error":{"code","message","field"}}`, with a stable `code` for programs and a `message` in
//! the caller's language (see [`localize_errors`]).

use crate::store::StoreError;
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use nivaran_domain::ErrorCode;
use serde_json::json;

#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    pub code: ErrorCode,
    pub field: Option<String>,
    pub message_en: String,
    pub message_hi: String,
    /// Seconds after which trying again may succeed (`Retry-After`), for 429 and 503.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: ErrorCode,
        en: impl Into<String>,
        hi: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            code,
            field: None,
            message_en: en.into(),
            message_hi: hi.into(),
            retry_after: None,
        }
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn status_code(&self) -> StatusCode {
        self.status
    }

    pub fn unauthorized() -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "Sign in first: send 'Authorization: Bearer <token>'",
            "पहले साइन इन करें",
        )
    }

    pub fn forbidden(what_en: &str) -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            format!("Your role may not {what_en}"),
            "आपकी भूमिका को यह अनुमति नहीं है",
        )
    }

    pub fn not_found(what: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("No such {what}"),
            format!("ऐसा कोई {} नहीं मिला", hindi_noun(what)),
        )
    }

    pub fn bad_request(
        code: ErrorCode,
        field: Option<&str>,
        en: impl Into<String>,
        hi: impl Into<String>,
    ) -> Self {
        let mut e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, en, hi);
        e.field = field.map(str::to_string);
        e
    }

    fn body(&self, hindi: bool) -> serde_json::Value {
        json!({
            "error": {
                "code": self.code,
                "message": if hindi { &self.message_hi } else { &self.message_en },
                "field": self.field,
            }
        })
    }
}

fn hindi_noun(what: &str) -> &'static str {
    match what {
        "grievance" => "प्रकरण",
        "user" => "उपयोगकर्ता",
        "attachment" => "दस्तावेज़",
        "token" => "टोकन",
        _ => "संसाधन",
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Invalid(field) => {
                let mut e = ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    field.code,
                    field.message_en,
                    field.message_hi,
                );
                e.field = Some(field.field);
                e
            }
            StoreError::Lifecycle(lifecycle) => {
                let status = match lifecycle.code() {
                    ErrorCode::IllegalTransition => StatusCode::CONFLICT,
                    _ => StatusCode::UNPROCESSABLE_ENTITY,
                };
                let mut e = ApiError::new(
                    status,
                    lifecycle.code(),
                    lifecycle.to_string(),
                    lifecycle.message_hi(),
                );
                e.field = lifecycle.field().map(str::to_string);
                e
            }
            StoreError::NotFound(what) => ApiError::not_found(what),
            StoreError::Forbidden(what) => ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                format!("You may not {what} this case"),
                "आप इस प्रकरण पर यह कार्यवाही नहीं कर सकते",
            ),
            StoreError::Conflict { current } => ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::Conflict,
                format!(
                    "Someone else changed this case first (it is now at version {current}). Reload it and try again; nothing you sent was saved."
                ),
                format!(
                    "इस प्रकरण को किसी और ने पहले बदल दिया (अब संस्करण {current})। पुनः लोड करके फिर प्रयास करें; आपका कोई बदलाव सहेजा नहीं गया।"
                ),
            ),
            StoreError::Duplicate { field } => ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::Duplicate,
                format!("This {field} is already taken"),
                format!("यह {field} पहले से उपयोग में है"),
            )
            .with_field(field),
            StoreError::BadCredentials => ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::BadCredentials,
                "Wrong username or password",
                "उपयोगकर्ता नाम या पासवर्ड गलत है",
            ),
            StoreError::Throttled {
                retry_after_seconds,
            } => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::LoginThrottled,
                format!(
                    "Too many sign-in attempts for this account from here; try again in {retry_after_seconds} seconds"
                ),
                format!(
                    "यहां से इस खाते के लिए बहुत अधिक साइन-इन प्रयास; {retry_after_seconds} सेकंड बाद पुनः प्रयास करें"
                ),
            )
            .with_retry_after(retry_after_seconds.max(1) as u64),
            StoreError::Import {
                file,
                line,
                column,
                message,
                message_hi,
            } => {
                let hi = message_hi.unwrap_or_else(|| message.clone());
                let mut e = ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::ImportError,
                    format!("{file} line {line}: {message}"),
                    format!("{file} पंक्ति {line}: {hi}"),
                );
                e.field = column;
                e
            }
            StoreError::MasterData(message) | StoreError::Unsupported(message) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::Unsupported,
                message.clone(),
                message,
            ),
            StoreError::RateLimited {
                code,
                message_en,
                message_hi,
                retry_after_seconds,
            } => {
                let e = ApiError::new(StatusCode::TOO_MANY_REQUESTS, code, message_en, message_hi);
                match retry_after_seconds {
                    Some(seconds) => e.with_retry_after(seconds.max(1) as u64),
                    None => e,
                }
            }
            StoreError::BadOtp {
                message_en,
                message_hi,
            } => ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::InvalidOtp,
                message_en,
                message_hi,
            )
            .with_field("code"),
            StoreError::Database(e) => {
                tracing::error!(error = %e, "database error");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::DatabaseUnavailable,
                    "The service could not reach its database; nothing was saved. Try again shortly.",
                    "सेवा डेटाबेस तक नहीं पहुंच सकी; कुछ भी सहेजा नहीं गया। थोड़ी देर में पुनः प्रयास करें।",
                )
            }
            StoreError::FileMissing => ApiError::new(
                StatusCode::NOT_FOUND,
                ErrorCode::FileMissing,
                "This document is on record, but its file is missing from the file store. The administrator has to restore it from a backup.",
                "यह दस्तावेज़ रिकॉर्ड में है, पर इसकी फ़ाइल भंडार में नहीं मिली। प्रशासक को इसे बैकअप से वापस लाना होगा।",
            ),
            StoreError::ShuttingDown => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::ShuttingDown,
                "The service is restarting; nothing was saved. Try again in a few seconds.",
                "सेवा पुनः आरंभ हो रही है; कुछ भी सहेजा नहीं गया। कुछ सेकंड बाद पुनः प्रयास करें।",
            )
            .with_retry_after(5),
            StoreError::Template(e) => {
                tracing::error!(error = %e, "a message template is missing");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::Misconfigured,
                    "The service is misconfigured (a message template is missing); nothing was saved. The administrator has been told.",
                    "सेवा का विन्यास अधूरा है (एक संदेश टेम्पलेट नहीं है); कुछ भी सहेजा नहीं गया। प्रशासक को सूचित किया गया है।",
                )
            }
            StoreError::Io(e) => {
                tracing::error!(error = %e, "file error");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::StorageUnavailable,
                    "The service could not store the file; nothing was saved. Try again shortly.",
                    "सेवा फ़ाइल सहेज नहीं सकी; पुनः प्रयास करें।",
                )
            }
        }
    }
}

impl ApiError {
    fn response(self, hindi: bool) -> Response {
        let mut response = (self.status, Json(self.body(hindi))).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        response.extensions_mut().insert(self);
        response
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.response(false)
    }
}

/// True when the caller asked for Hindi: `?lang=hi`, or Accept-Language preferring `hi`.
pub fn wants_hindi(query: Option<&str>, headers: &HeaderMap) -> bool {
    if let Some(q) = query {
        for pair in q.split('&') {
            if let Some(lang) = pair.strip_prefix("lang=") {
                return lang == "hi";
            }
        }
    }
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|first| first.trim().to_lowercase().starts_with("hi"))
}

/// Rewrites error bodies in Hindi for callers who asked for Hindi.
pub async fn localize_errors(request: Request, next: Next) -> Response {
    let hindi = wants_hindi(request.uri().query(), request.headers());
    let response = next.run(request).await;
    if !hindi {
        return response;
    }
    match response.extensions().get::<ApiError>().cloned() {
        Some(error) => error.response(true),
        None => response,
    }
}

#[cfg(test)]
mod error_codes {
    use nivaran_domain::ErrorCode;
    use std::path::Path;

    fn sources(dir: &Path, text: &mut String) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, text);
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "error_code.rs")
            {
                text.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }

    /// Every stable code is in docs/API.md's table of codes and made somewhere: a code no one
    /// sends, or one programs cannot look up, fails here.
    #[test]
    fn every_error_code_is_documented_and_used() {
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let api = std::fs::read_to_string(crates.join("../docs/API.md")).unwrap();
        let table =
            &api[api.find("| status | codes |").unwrap()..api.find("## Signing in").unwrap()];
        let mut code = String::new();
        for dir in ["nivaran/src", "nivaran-domain/src"] {
            sources(&crates.join(dir), &mut code);
        }
        let mut wrong = Vec::new();
        for c in ErrorCode::ALL {
            if !table.contains(&format!("`{}`", c.code())) {
                wrong.push(format!("{c}: not in docs/API.md"));
            }
            let used = format!("ErrorCode::{}", c.variant());
            if !code.match_indices(&used).any(|(i, _)| {
                // Not a prefix of a longer name (`Unknown` in `UnknownOffice`).
                !code[i + used.len()..].starts_with(|ch: char| ch.is_ascii_alphanumeric())
            }) {
                wrong.push(format!("{c}: never made"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
