//! Password hashing (argon2) off the async workers, and the rules a new password must meet.
//!
//! argon2 is meant to be slow (tens of milliseconds of a core each): run on the async runtime, a
//! flood of sign-ins would hold up every other request, `/healthz` included. Hashes are computed
//! on tokio's blocking threads, at most half the cores at a time (at least one), so a flood waits
//! in this queue and the rest of the service keeps a core.

use super::{Result, StoreError};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use nivaran_domain::ErrorCode;
use nivaran_domain::msg;
use nivaran_domain::text::FieldError;
use std::sync::LazyLock;
use tokio::sync::Semaphore;

/// The shortest password accepted (NIST SP 800-63B asks for at least 8; we ask for 10).
pub const MIN_PASSWORD_LEN: usize = 10;

/// Passwords of 10 characters or more that people choose most often, lower-cased: the
/// 20,000-entry list Django ships (django/contrib/auth/common-passwords.txt.gz, BSD licence),
/// kept to the ones long enough to pass the length rule, with a few common Indian patterns.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

static HASHING: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Semaphore::new((cores / 2).max(1))
});

/// A real hash of a random secret, made once: checking a password against it costs what a real
/// check costs, so an unknown user name (or an account without a password) answers as slowly as
/// a known one.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let mut secret = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut secret);
    hash_now(&hex::encode(secret)).expect("hashing a random secret")
});

fn hash_now(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            StoreError::Unsupported(msg!(
                "store-passwords-hashing-failed",
                detail = e.to_string()
            ))
        })
}

fn verify_now(password: &str, hash: &str) -> bool {
    let parsed = match PasswordHash::new(hash) {
        Ok(parsed) => parsed,
        Err(_) => {
            // No usable hash ('!' marks an account reached only by one-time passwords): spend
            // the time anyway, then refuse.
            let dummy = PasswordHash::new(&DUMMY_HASH).expect("the dummy hash parses");
            let _ = Argon2::default().verify_password(password.as_bytes(), &dummy);
            return false;
        }
    };
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// Runs `work` on a blocking thread once a hashing slot is free.
async fn on_hashing_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let _slot = HASHING
        .acquire()
        .await
        .expect("the semaphore is never closed");
    tokio::task::spawn_blocking(work)
        .await
        .expect("argon2 does not panic")
}

/// The argon2id hash of `password`, for storing.
pub async fn hash(password: &str) -> Result<String> {
    let password = password.to_string();
    on_hashing_thread(move || hash_now(&password)).await
}

/// True when `password` matches `hash`; as slow when `hash` is not a hash at all.
pub async fn verify(password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_string(), hash.to_string());
    on_hashing_thread(move || verify_now(&password, &hash)).await
}

/// Checks `password` against a hash nobody has: for an unknown user, the cost of a check.
pub async fn verify_nothing(password: &str) -> bool {
    let password = password.to_string();
    on_hashing_thread(move || verify_now(&password, &DUMMY_HASH)).await
}

/// The rules a new password must meet: long enough, and not one everybody tries first.
pub fn check_strength(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(FieldError::new(
            "password",
            ErrorCode::TooShort,
            msg!("store-passwords-too-short", min = MIN_PASSWORD_LEN),
        )
        .into());
    }
    let lower = password.trim().to_lowercase();
    let one_repeated = lower.chars().all(|c| lower.starts_with(c));
    if one_repeated || COMMON_PASSWORDS.lines().any(|common| common == lower) {
        return Err(FieldError::new(
            "password",
            ErrorCode::CommonPassword,
            msg!("store-passwords-common"),
        )
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_common_passwords_are_refused() {
        assert!(check_strength("short-one").is_err());
        for common in ["1234567890", "Password@123", "qwertyuiop", "aaaaaaaaaaaa"] {
            let Err(StoreError::Invalid(e)) = check_strength(common) else {
                panic!("{common}: not refused as invalid");
            };
            assert_eq!(e.message.id(), "store-passwords-common", "{common}");
        }
        assert!(check_strength("nivaran-demo-2026").is_ok());
        assert!(check_strength("गोकलगढ़-का-पानी").is_ok());
    }

    #[tokio::test]
    async fn hashes_verify_and_non_hashes_do_not() {
        let h = hash("a-long-secret-1").await.unwrap();
        assert!(verify("a-long-secret-1", &h).await);
        assert!(!verify("a-long-secret-2", &h).await);
        assert!(!verify("a-long-secret-1", "!").await);
        assert!(!verify_nothing("anything at all").await);
    }
}
