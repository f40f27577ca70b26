//! The HTTP layer's one error type. Every failure leaves the API in one shape,
//! `{"error":{"code","message","field"}}`, with a stable `code` for programs and a `message` in
//! the caller's language (see [`localize_errors`]), said from the Fluent files
//! (`locales/{en,hi}/errors*.ftl`) when the response is written.

use crate::present::i18n::Lang;
use crate::store::StoreError;
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use nivaran_domain::message::Message;
use nivaran_domain::{ErrorCode, msg};
use serde_json::json;

#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    pub code: ErrorCode,
    pub field: Option<String>,
    /// What to tell the caller, said in their language when the response is written.
    pub message: Message,
    /// Seconds after which trying again may succeed (`Retry-After`), for 429 and 503.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: Message) -> Self {
        ApiError {
            status,
            code,
            field: None,
            message,
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

    /// The message in the caller's language.
    pub fn message_in(&self, lang: Lang) -> String {
        lang.say(&self.message)
    }

    pub fn unauthorized() -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            msg!("api-sign-in-first"),
        )
    }

    /// The caller's role may not do `what`: a key the files say as a phrase
    /// (`open-page`, `bulk-action`, `see-figures`, `administer`).
    pub fn forbidden(what: &'static str) -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            msg!("api-role-may-not", what = what),
        )
    }

    /// No such `what` (`grievance`, `user`, `attachment`, `token`, `page`, `report`, …).
    pub fn not_found(what: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            // Fluent's variant keys are words joined by dashes ("routing rule" → routing-rule).
            msg!("api-no-such", what = what.replace(' ', "-")),
        )
    }

    pub fn bad_request(code: ErrorCode, field: Option<&str>, message: Message) -> Self {
        let mut e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message);
        e.field = field.map(str::to_string);
        if let Some(field) = field
            && !e.message.args().iter().any(|(name, _)| *name == "field")
        {
            e.message = e.message.field("field", field);
        }
        e
    }

    fn body(&self, lang: Lang) -> serde_json::Value {
        json!({
            "error": {
                "code": self.code,
                "message": self.message_in(lang),
                "field": self.field,
            }
        })
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Invalid(field) => {
                let mut e =
                    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, field.code, field.message);
                e.field = Some(field.field);
                e
            }
            StoreError::Lifecycle(lifecycle) => {
                let status = match lifecycle.code() {
                    ErrorCode::IllegalTransition | ErrorCode::PartsPending => StatusCode::CONFLICT,
                    _ => StatusCode::UNPROCESSABLE_ENTITY,
                };
                let mut e = ApiError::new(status, lifecycle.code(), lifecycle.message());
                e.field = lifecycle.field().map(str::to_string);
                e
            }
            StoreError::NotFound(what) => ApiError::not_found(what),
            StoreError::Forbidden(what) => ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                msg!("api-may-not-on-case", what = what),
            ),
            StoreError::Conflict { current } => ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::Conflict,
                msg!("api-conflict", current = current),
            ),
            StoreError::Duplicate { field } => ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::Duplicate,
                msg!("api-duplicate").field("field", field),
            )
            .with_field(field),
            StoreError::BadCredentials => ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::BadCredentials,
                msg!("api-bad-credentials"),
            ),
            StoreError::Throttled {
                retry_after_seconds,
            } => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::LoginThrottled,
                msg!("api-login-throttled", seconds = retry_after_seconds),
            )
            .with_retry_after(retry_after_seconds.max(1) as u64),
            StoreError::Import {
                file,
                line,
                column,
                message,
            } => {
                let mut e = ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::ImportError,
                    msg!("api-import-row", file = file, line = line).nested("detail", message),
                );
                e.field = column;
                e
            }
            StoreError::MasterData(message) | StoreError::Unsupported(message) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::Unsupported,
                message,
            ),
            StoreError::RateLimited {
                code,
                message,
                retry_after_seconds,
            } => {
                let e = ApiError::new(StatusCode::TOO_MANY_REQUESTS, code, message);
                match retry_after_seconds {
                    Some(seconds) => e.with_retry_after(seconds.max(1) as u64),
                    None => e,
                }
            }
            StoreError::BadOtp { message } => {
                ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::InvalidOtp, message)
                    .with_field("code")
            }
            StoreError::Database(e) => {
                tracing::error!(error = %e, "database error");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::DatabaseUnavailable,
                    ErrorCode::DatabaseUnavailable.into(),
                )
                .with_retry_after(5)
            }
            StoreError::FileMissing => ApiError::new(
                StatusCode::NOT_FOUND,
                ErrorCode::FileMissing,
                ErrorCode::FileMissing.into(),
            ),
            StoreError::Unavailable => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::DatabaseUnavailable,
                ErrorCode::DatabaseUnavailable.into(),
            )
            .with_retry_after(5),
            StoreError::ShuttingDown => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::ShuttingDown,
                ErrorCode::ShuttingDown.into(),
            )
            .with_retry_after(5),
            StoreError::Template(e) => {
                tracing::error!(error = %e, "a message template is missing");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::Misconfigured,
                    ErrorCode::Misconfigured.into(),
                )
            }
            StoreError::Io(e) => {
                tracing::error!(error = %e, "file error");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::StorageUnavailable,
                    ErrorCode::StorageUnavailable.into(),
                )
                .with_retry_after(5)
            }
        }
    }
}

impl ApiError {
    fn response(self, lang: Lang) -> Response {
        let mut response = (self.status, Json(self.body(lang))).into_response();
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
        self.response(Lang::En)
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
        Some(error) => error.response(Lang::Hi),
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
