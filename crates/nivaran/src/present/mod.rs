//! Presentation: what the store's data looks like to people, shared by the JSON API, Open311, the
//! web pages and the worker's e-mailed reports. Languages (Fluent, IST dates, Indian digit
//! grouping), a case's timeline as read, and the review report's contents. Depends on the store
//! and the domain, never on the HTTP layers that use it.

pub mod i18n;
pub mod names;
pub mod review;
pub mod timeline;
