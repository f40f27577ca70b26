//! Presentation: what the store's data looks like to people, shared by the JSON API, Open311, the
//! web pages and the worker's e-mailed reports. Languages (Fluent, IST dates, Indian digit
//! grouping), a case's timeline as read, and the review report's contents. Depends on the store
//! and the domain, never on the HTTP layers that use it.

pub mod i18n;
pub mod meeting;
pub mod names;
pub mod review;
pub mod timeline;

use crate::store::StoreError;
use i18n::Lang;

/// A store error said to a person in `lang` (the command line says it in English): the message
/// the error carries, or, for failures of the machine (database, disk), their own description.
pub fn store_error(error: &StoreError, lang: Lang) -> String {
    match error {
        StoreError::Invalid(field) => format!(
            "{}: {}",
            field.field,
            lang.say(&field.message.clone().field_as_written())
        ),
        StoreError::Lifecycle(refusal) => lang.say(&refusal.message()),
        StoreError::Import {
            file,
            line,
            message,
            ..
        } => lang.say(
            &nivaran_domain::msg!("api-import-row", file = file, line = *line)
                .nested("detail", message.clone()),
        ),
        StoreError::MasterData(message)
        | StoreError::Unsupported(message)
        | StoreError::RateLimited { message, .. }
        | StoreError::BadOtp { message } => lang.say(message),
        other => other.to_string(),
    }
}
