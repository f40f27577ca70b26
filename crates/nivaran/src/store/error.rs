//! The storage layer's one error type. The HTTP layer maps each variant to a status code and a
//! stable error code; nothing here knows about HTTP.

use nivaran_domain::lifecycle::LifecycleError;
use nivaran_domain::message::Message;
use nivaran_domain::msg;
use nivaran_domain::text::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    /// A document is on record but its file is not in the file store.
    #[error("the document's file is missing from the file store")]
    FileMissing,
    /// Bad input, with the field named and messages in both languages.
    #[error(transparent)]
    Invalid(#[from] FieldError),
    /// The lifecycle refused the action.
    #[error(transparent)]
    Lifecycle(#[from] LifecycleError),
    /// Not there, or not for this user: the two are never told apart for cases.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The user may see the case but not do this to it.
    #[error("you may not {0} this case")]
    Forbidden(&'static str),
    /// Someone else changed the case first.
    #[error(
        "the case was changed by someone else (now version {current}); reload it and try again"
    )]
    Conflict { current: i64 },
    /// A unique value is taken.
    #[error("{field} is already taken")]
    Duplicate { field: &'static str },
    #[error("wrong username or password")]
    BadCredentials,
    /// Too many sign-in attempts for this account from this address: the next is allowed in
    /// `retry_after_seconds`.
    #[error("too many sign-in attempts; try again in {retry_after_seconds} seconds")]
    Throttled { retry_after_seconds: i64 },
    /// A row of an import file is wrong; nothing was written.
    #[error("{file} line {line}: {message}")]
    Import {
        file: String,
        line: u64,
        /// The column (or form field) at fault, when one is.
        column: Option<String>,
        message: Message,
    },
    /// Master data breaks a rule the system relies on.
    #[error("master data: {0}")]
    MasterData(Message),
    /// A request the data cannot serve (the refusal of another filing in the same group,
    /// repeated).
    #[error("{0}")]
    Unsupported(Message),
    /// The database did not answer in time (no connection within the acquire timeout, the
    /// connection lost, a statement past its bound): nothing was done; try again shortly.
    #[error("the database is not answering; nothing was done")]
    Unavailable,
    /// The service is stopping: nothing was done; another node (or this one, restarted) will.
    #[error("the service is shutting down; nothing was done")]
    ShuttingDown,
    /// A message kind the configured templates lack (the configuration's check at start
    /// prevents it).
    #[error(transparent)]
    Template(#[from] crate::notify::messages::RenderError),
    /// An abuse limit was reached; `code` says which.
    #[error("{message}")]
    RateLimited {
        code: nivaran_domain::ErrorCode,
        message: Message,
        /// When the window ends, if a retry then may succeed.
        retry_after_seconds: Option<i64>,
    },
    /// A one-time password was wrong, expired or used up.
    #[error("{message}")]
    BadOtp { message: Message },
}

impl StoreError {
    pub fn import(file: &str, line: u64, message: Message) -> StoreError {
        StoreError::Import {
            file: file.to_string(),
            line,
            column: None,
            message,
        }
    }

    /// A bad value in a named column.
    pub fn import_field(file: &str, line: u64, column: &str, message: Message) -> StoreError {
        StoreError::Import {
            file: file.to_string(),
            line,
            column: Some(column.to_string()),
            // The column as the file heads it (a person looks for it there), not a screen name.
            message: message.arg("field", column),
        }
    }

    /// The same refusal once more, for a filing sent twice in one group (errors from the
    /// database or the disk, which cannot be copied, are said by their kind).
    pub fn again(&self) -> StoreError {
        match self {
            StoreError::Invalid(e) => StoreError::Invalid(e.clone()),
            StoreError::RateLimited {
                code,
                message,
                retry_after_seconds,
            } => StoreError::RateLimited {
                code: *code,
                message: message.clone(),
                retry_after_seconds: *retry_after_seconds,
            },
            StoreError::MasterData(m) => StoreError::MasterData(m.clone()),
            e if e.is_unavailable() => StoreError::Unavailable,
            StoreError::Unsupported(m) => StoreError::Unsupported(m.clone()),
            StoreError::Lifecycle(e) => StoreError::Lifecycle(e.clone()),
            StoreError::Import {
                file,
                line,
                column,
                message,
            } => StoreError::Import {
                file: file.clone(),
                line: *line,
                column: column.clone(),
                message: message.clone(),
            },
            other => {
                StoreError::Unsupported(msg!("store-failed-before", detail = other.to_string()))
            }
        }
    }

    /// Whether the database could not be reached or did not answer in time, rather than
    /// refusing what was asked: trying again later may succeed, and trying again now will not.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Unavailable => true,
            StoreError::Database(e) => match e {
                sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::Io(_)
                | sqlx::Error::Tls(_)
                | sqlx::Error::Protocol(_) => true,
                // PostgreSQL: a connection exception (class 08), the server shutting down
                // (57P01-57P03), a statement cancelled at its timeout (57014); SQLite: the file
                // locked past the busy timeout (5, 261, 517) or the disk failing (10, 13).
                sqlx::Error::Database(db) => db.code().is_some_and(|code| {
                    code.starts_with("08")
                        || code.starts_with("57P0")
                        || matches!(&*code, "57014" | "5" | "261" | "517" | "10" | "13")
                }),
                _ => false,
            },
            _ => false,
        }
    }

    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Database(sqlx::Error::Database(db)) if db.kind() == sqlx::error::ErrorKind::UniqueViolation)
    }
}
