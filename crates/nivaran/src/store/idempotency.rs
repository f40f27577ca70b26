//! Idempotent filing: a client that lost the answer to a filing (a reset as the server was
//! killed, a dropped mobile connection) sends it again with the same `Idempotency-Key` and gets
//! the first registration back instead of a second case. A key is kept 24 hours per filer (a
//! signed-in user, an integration's API key, or for the anonymous web channel the mobile number
//! filed with), written in the same transaction as the case it names, so a case and its key are
//! committed together or not at all.

use super::{Result, StoreError};
use nivaran_domain::ErrorCode;
use nivaran_domain::Timestamp;
use nivaran_domain::msg;
use nivaran_domain::text::FieldError;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

/// How long a key answers with its first registration.
pub const KEPT_MILLIS: i64 = 24 * 3_600_000;

/// A filing's idempotency key, with who filed and what they sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey {
    pub filer: String,
    pub key: String,
    /// sha256 of what was sent: the same key with another request is a client's mistake.
    pub fingerprint: String,
}

impl IdempotencyKey {
    /// Checks the header's value (1 to 255 visible ASCII characters, as the IETF draft and the
    /// common APIs allow) and binds it to the filer and the request.
    pub fn new(value: &str, filer: String, request: &[u8]) -> Result<IdempotencyKey> {
        let key = value.trim();
        if key.is_empty() || key.len() > 255 || !key.chars().all(|c| c.is_ascii_graphic()) {
            return Err(FieldError::new(
                "Idempotency-Key",
                ErrorCode::InvalidIdempotencyKey,
                msg!("store-idempotency-bad-key"),
            )
            .into());
        }
        Ok(IdempotencyKey {
            filer,
            key: key.to_string(),
            fingerprint: hex::encode(Sha256::digest(request)),
        })
    }

    /// The case this key filed within the last day, if any; an error when the key came with a
    /// different request.
    pub(super) async fn filed(
        &self,
        conn: &mut AnyConnection,
        now: Timestamp,
    ) -> Result<Option<i64>> {
        let found: Option<(i64, String)> = sqlx::query_as(
            "SELECT grievance_id, request_sha256 FROM idempotency_keys \
             WHERE filer = $1 AND idem_key = $2 AND created_at > $3",
        )
        .bind(self.filer.clone())
        .bind(self.key.clone())
        .bind(now.0 - KEPT_MILLIS)
        .fetch_optional(&mut *conn)
        .await?;
        match found {
            None => Ok(None),
            Some((id, fingerprint)) if fingerprint == self.fingerprint => Ok(Some(id)),
            Some(_) => Err(self.reused()),
        }
    }

    /// The refusal of a key sent again with a different request.
    pub(super) fn reused(&self) -> StoreError {
        FieldError::new(
            "Idempotency-Key",
            ErrorCode::IdempotencyKeyReused,
            msg!("store-idempotency-key-reused"),
        )
        .into()
    }

    /// Records that this key filed `grievance_id` (in the filing's transaction). Any expired
    /// row of the same key is replaced.
    pub(super) async fn remember(
        &self,
        conn: &mut AnyConnection,
        grievance_id: i64,
        now: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE filer = $1 AND idem_key = $2 AND created_at <= $3",
        )
        .bind(self.filer.clone())
        .bind(self.key.clone())
        .bind(now.0 - KEPT_MILLIS)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO idempotency_keys (filer, idem_key, request_sha256, grievance_id, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(self.filer.clone())
        .bind(self.key.clone())
        .bind(self.fingerprint.clone())
        .bind(grievance_id)
        .bind(now.0)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

impl super::Store {
    /// Forgets keys older than a day.
    pub async fn prune_idempotency_keys(&self) -> Result<u64> {
        let done = sqlx::query("DELETE FROM idempotency_keys WHERE created_at <= $1")
            .bind(self.now().0 - KEPT_MILLIS)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_short_visible_ascii() {
        assert!(IdempotencyKey::new("7f1c-22", "user:1".into(), b"{}").is_ok());
        assert!(IdempotencyKey::new("", "user:1".into(), b"{}").is_err());
        assert!(IdempotencyKey::new("with space", "user:1".into(), b"{}").is_err());
        assert!(IdempotencyKey::new("कुंजी", "user:1".into(), b"{}").is_err());
        assert!(IdempotencyKey::new(&"k".repeat(256), "user:1".into(), b"{}").is_err());
        let a = IdempotencyKey::new("k", "user:1".into(), b"{\"a\":1}").unwrap();
        let b = IdempotencyKey::new("k", "user:1".into(), b"{\"a\":2}").unwrap();
        assert_ne!(a.fingerprint, b.fingerprint);
    }
}
