//! The pure domain core of Nivaran.
//!
//! Nothing in this crate does I/O or reads the system time: the current instant is always passed
//! in (see [`clock`]), so every rule here can be tested exhaustively and deterministically.

pub mod access;
pub mod calendar;
pub mod chain;
pub mod clock;
pub mod duplicates;
pub mod error_code;
pub mod grievance;
pub mod lifecycle;
pub mod message;
pub mod metrics;
pub mod regno;
pub mod routing;
pub mod scoring;
pub mod search;
pub mod sms;
pub mod suggest;
pub mod text;
pub mod types;

pub use clock::{Clock, ManualClock, SystemClock, Timestamp};
pub use error_code::ErrorCode;
pub use message::{Message, MessageArg};
