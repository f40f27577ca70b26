//! Cross-site request forgery protection for every form, checked in one place so no route can
//! forget it. Each browser gets a random seed in an HttpOnly cookie; its forms carry
//! HMAC(secret, seed), which a page on another site can neither read nor compute. Unsafe requests
//! without the right token are refused before any handler runs.
//!
//! URL-encoded forms send the token as the field `csrf`; multipart forms (file uploads) send it
//! in the query string of their action, because reading a multi-megabyte body twice is waste;
//! htmx sends it as the `X-CSRF-Token` header.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

pub const CSRF_COOKIE: &str = "nivaran_csrf";
pub const CSRF_FIELD: &str = "csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The per-browser random value behind the token.
#[derive(Debug, Clone, Default)]
pub struct CsrfSeed(pub String);

impl CsrfSeed {
    pub fn fresh() -> CsrfSeed {
        let mut bytes = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        CsrfSeed(hex::encode(bytes))
    }

    /// A seed from a cookie, if it looks like one of ours.
    pub fn from_cookie(value: &str) -> Option<CsrfSeed> {
        let ok = value.len() == 48 && value.bytes().all(|b| b.is_ascii_hexdigit());
        ok.then(|| CsrfSeed(value.to_string()))
    }

    /// The token forms carry.
    pub fn token(&self, secret: &[u8]) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
        mac.update(b"csrf:");
        mac.update(self.0.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Compares in constant time.
    pub fn verify(&self, secret: &[u8], token: &str) -> bool {
        if self.0.is_empty() {
            return false;
        }
        let Ok(given) = hex::decode(token.trim()) else {
            return false;
        };
        let mut mac =
            Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
        mac.update(b"csrf:");
        mac.update(self.0.as_bytes());
        mac.verify_slice(&given).is_ok()
    }
}

/// A signature for a link that should work for whoever holds it and no one else (the
/// confirmation page after filing).
pub fn sign(secret: &[u8], purpose: &str, value: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(purpose.as_bytes());
    mac.update(b":");
    mac.update(value.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

pub fn verify_signature(secret: &[u8], purpose: &str, value: &str, signature: &str) -> bool {
    let Ok(given) = hex::decode(signature.trim()) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(purpose.as_bytes());
    mac.update(b":");
    mac.update(value.as_bytes());
    mac.verify_truncated_left(&given).is_ok() && given.len() == 16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_only_for_their_seed_and_secret() {
        let seed = CsrfSeed::fresh();
        let token = seed.token(b"secret");
        assert!(seed.verify(b"secret", &token));
        assert!(!seed.verify(b"other", &token));
        assert!(!CsrfSeed::fresh().verify(b"secret", &token));
        assert!(!seed.verify(b"secret", "nonsense"));
        assert!(!CsrfSeed::default().verify(b"secret", &token));
    }

    #[test]
    fn signed_links() {
        let sig = sign(b"k", "filed", "0626-0000001-5");
        assert!(verify_signature(b"k", "filed", "0626-0000001-5", &sig));
        assert!(!verify_signature(b"k", "filed", "0626-0000002-3", &sig));
        assert!(!verify_signature(
            b"k",
            "filed",
            "0626-0000001-5",
            &sig[..8]
        ));
    }
}
