//! The 181 helpline's telephony (issue 18, part 3). The call centre's system tells Nivaran of
//! each call (a generic JSON webhook, Exotel's Passthru applet and status callbacks, Asterisk's
//! ARI events): the caller's number and the call's id open the operator's helpline screen with
//! the caller's earlier cases and a filing form filled in; the recording's link comes with a
//! later event. The IVR asks a case's status by the digits the caller keyed (a registration
//! number or a mobile number) and reads back a short text. Verification calls are placed through
//! the same system (`dial`). `docs/CHANNELS.md` says how a state connects one.

pub mod dial;
pub mod events;
pub mod ivr;

pub use dial::{Dialer, deliver_calls};
pub use events::{read_asterisk, read_exotel, read_generic};
pub use ivr::{Speech, status_text};

/// Does a request carry the configured token (as `?token=` or `X-Nivaran-Token`)? Compared in
/// constant time; no token configured: no.
pub fn token_holds(configured: Option<&str>, given: Option<&str>) -> bool {
    use subtle_compare::equal;
    match (configured, given) {
        (Some(configured), Some(given)) => equal(configured.as_bytes(), given.as_bytes()),
        _ => false,
    }
}

mod subtle_compare {
    /// Equal bytes, in time that does not depend on where they differ.
    pub fn equal(a: &[u8], b: &[u8]) -> bool {
        use hmac::Mac;
        // Comparing MACs of both is constant-time by `verify_slice`, whatever the lengths.
        let mac = |bytes: &[u8]| {
            let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"nivaran-token-compare")
                .expect("HMAC takes any key");
            m.update(bytes);
            m
        };
        let expected = mac(a).finalize().into_bytes();
        mac(b).verify_slice(&expected).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_holds_only_when_configured_and_equal() {
        assert!(token_holds(
            Some("0123456789abcdef"),
            Some("0123456789abcdef")
        ));
        assert!(!token_holds(
            Some("0123456789abcdef"),
            Some("0123456789abcdeX")
        ));
        assert!(!token_holds(Some("0123456789abcdef"), None));
        assert!(!token_holds(None, Some("anything")));
    }
}
