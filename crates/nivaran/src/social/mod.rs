//! Social media as a door (SMGT, the social-media grievance tracker of seeds 000 and 001), issue
//! 18 part 1. Posts and comments addressed to the state's accounts come in from three adapters:
//! the X API v2 mentions of the state's account (pulled, `x`), the Facebook and Instagram Graph
//! API webhooks for page posts and comments (pushed and signed, `meta`), and a generic JSON feed
//! any other aggregator can push (signed the same way, `feed`). Each becomes a post in the SMGT
//! desk's queue, where an operator files it as a grievance, links it to a case, asks the citizen
//! for a mobile number, or dismisses it with a reason. Replies (the acknowledgement with the
//! number, the final disposal) go back through the platform's API from the outbox; where a
//! platform's replies are not configured they are kept for the desk to post by hand.
//! `docs/CHANNELS.md` says how a state connects each platform.

pub mod feed;
pub mod meta;
mod send;
pub mod x;

pub use crate::notify::platforms::{FeedConfig, MetaConfig, SocialConfig, XConfig};
pub use crate::notify::social::{BY_HAND, ReplyKind, reply_text};
pub use crate::store::{IncomingPost, valid_platform};
pub use send::{Replies, deliver_replies};

use hmac::{Hmac, Mac};

/// Checks `X-Hub-Signature-256` (`sha256=` and the hex HMAC-SHA256 of the raw body with the
/// shared secret), as Meta signs its webhooks and the generic feed signs its posts; compared in
/// constant time.
pub fn signature_holds(secret: &str, body: &[u8], header: Option<&str>) -> bool {
    let Some(hex_signature) = header.and_then(|h| h.trim().strip_prefix("sha256=")) else {
        return false;
    };
    let Ok(given) = hex::decode(hex_signature) else {
        return false;
    };
    let mut mac =
        Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

/// `sha256=…` for `body`: what a sender puts in `X-Hub-Signature-256` (the tests' fakes, and
/// docs/CHANNELS.md's example).
pub fn signature_of(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// The client the platforms' APIs are called with: no redirects followed.
pub fn client(timeout_seconds: u64) -> Result<reqwest::Client, String> {
    crate::notify::platform_client(timeout_seconds, 0)
}

/// Milliseconds of an RFC 3339 time, as platforms write them.
fn millis_of(text: &str) -> Option<i64> {
    let at =
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    Some((at.unix_timestamp_nanos() / 1_000_000) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_only_for_its_body_and_secret() {
        let body = br#"{"object":"page"}"#;
        let signed = signature_of("app-secret", body);
        assert!(signature_holds("app-secret", body, Some(&signed)));
        assert!(!signature_holds("other", body, Some(&signed)));
        assert!(!signature_holds("app-secret", b"{}", Some(&signed)));
        assert!(!signature_holds("app-secret", body, None));
        assert!(!signature_holds("app-secret", body, Some("sha1=abc")));
        assert!(!signature_holds("app-secret", body, Some("sha256=zz")));
    }
}
