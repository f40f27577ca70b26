//! One-time passwords by SMS, for citizens to track their cases and give feedback without an
//! account: short-lived, hashed at rest (argon2), a few guesses each, and rate-limited per mobile
//! number and per IP address in the database.

use super::outbox::enqueue_sms;
use super::users::{User, hash_password, verify_password};
use super::{Result, Store, StoreError};
use nivaran_domain::Timestamp;
use nivaran_domain::text::Mobile;
use nivaran_domain::types::Language;
use rand::Rng;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct OtpIssued {
    pub mobile_masked: String,
    pub expires_in_seconds: i64,
}

impl Store {
    /// Sends a one-time password to `mobile`, if the limits allow.
    pub async fn request_otp(
        &self,
        mobile: &Mobile,
        ip: &str,
        language: Language,
    ) -> Result<OtpIssued> {
        let limits = self.limits();
        self.hit_rate_limit(
            &format!("otp-ip:{ip}"),
            3_600_000,
            limits.otps_per_ip_per_hour,
        )
        .await?;
        self.hit_rate_limit(
            &format!("otp-mobile:{mobile}"),
            15 * 60_000,
            limits.otps_per_mobile_per_15_minutes,
        )
        .await?;
        self.hit_rate_limit(
            &format!("otp-mobile-day:{mobile}"),
            86_400_000,
            limits.otps_per_mobile_per_day,
        )
        .await?;
        let code = format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000));
        let hash = hash_password(&code)?;
        let now = self.now();
        let expires = Timestamp(now.0 + limits.otp_minutes.max(1) * 60_000);
        let notifications = self.notifications();
        let mut tx = self.begin_write().await?;
        // A new code replaces any earlier one still waiting.
        sqlx::query("UPDATE otps SET consumed_at = $1 WHERE mobile = $2 AND consumed_at IS NULL")
            .bind(now.0)
            .bind(mobile.as_str().to_string())
            .execute(&mut *tx)
            .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO otps (mobile, purpose, code_hash, created_at, expires_at) VALUES ($1, 'track', $2, $3, $4) RETURNING id",
        )
        .bind(mobile.as_str().to_string())
        .bind(hash)
        .bind(now.0)
        .bind(expires.0)
        .fetch_one(&mut *tx)
        .await?;
        let minutes = limits.otp_minutes.max(1).to_string();
        enqueue_sms(
            &mut tx,
            &notifications,
            "otp",
            language,
            mobile.as_str(),
            &[&code, &minutes],
            None,
            &format!("otp:{id}"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(OtpIssued {
            mobile_masked: mobile.masked(),
            expires_in_seconds: limits.otp_minutes.max(1) * 60,
        })
    }

    /// Checks a code. On success the citizen gets a session that sees the cases filed with this
    /// mobile number (a citizen account is made for the number the first time).
    pub async fn verify_otp(
        &self,
        mobile: &Mobile,
        code: &str,
        ip: &str,
        session_minutes: i64,
    ) -> Result<(String, Option<Timestamp>, User)> {
        let limits = self.limits();
        self.hit_rate_limit(
            &format!("otp-verify-ip:{ip}"),
            3_600_000,
            limits.otps_per_ip_per_hour * 4,
        )
        .await?;
        let now = self.now();
        let latest: Option<(i64, String, i64)> = sqlx::query_as(
            "SELECT id, code_hash, attempts FROM otps WHERE mobile = $1 AND consumed_at IS NULL AND expires_at > $2 \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(mobile.as_str().to_string())
        .bind(now.0)
        .fetch_optional(self.pool())
        .await?;
        let Some((id, hash, attempts)) = latest else {
            return Err(StoreError::BadOtp {
                message_en:
                    "This one-time password has expired or was never sent; ask for a new one".into(),
                message_hi: "यह वन-टाइम पासवर्ड समाप्त हो गया है या भेजा नहीं गया; नया मंगाएं".into(),
            });
        };
        let code: String = code.chars().filter(|c| c.is_ascii_digit()).collect();
        if !verify_password(&code, &hash) {
            let attempts = attempts + 1;
            let used_up = attempts >= limits.otp_attempts;
            sqlx::query("UPDATE otps SET attempts = $1, consumed_at = $2 WHERE id = $3")
                .bind(attempts)
                .bind(used_up.then_some(now.0))
                .bind(id)
                .execute(self.pool())
                .await?;
            let left = (limits.otp_attempts - attempts).max(0);
            return Err(StoreError::BadOtp {
                message_en: if used_up {
                    "Wrong one-time password, and no tries are left; ask for a new one".into()
                } else {
                    format!("Wrong one-time password; {left} tries left")
                },
                message_hi: if used_up {
                    "गलत वन-टाइम पासवर्ड, और कोई प्रयास शेष नहीं; नया मंगाएं".into()
                } else {
                    format!("गलत वन-टाइम पासवर्ड; {left} प्रयास शेष")
                },
            });
        }
        // Consume it exactly once even if two requests race with the right code.
        let consumed =
            sqlx::query("UPDATE otps SET consumed_at = $1 WHERE id = $2 AND consumed_at IS NULL")
                .bind(now.0)
                .bind(id)
                .execute(self.pool())
                .await?;
        if consumed.rows_affected() == 0 {
            return Err(StoreError::BadOtp {
                message_en: "This one-time password has already been used".into(),
                message_hi: "यह वन-टाइम पासवर्ड पहले ही उपयोग हो चुका है".into(),
            });
        }
        let user = self.citizen_for_mobile(mobile).await?;
        let (token, expires) = self
            .issue_token(user.id, "session", "otp", Some(session_minutes))
            .await?;
        Ok((token, expires, user))
    }

    /// The citizen account of a mobile number, made on first use (it has no password: it is
    /// reached only through one-time passwords, until the citizen sets one).
    async fn citizen_for_mobile(&self, mobile: &Mobile) -> Result<User> {
        sqlx::query(
            "INSERT INTO users (username, full_name, role, mobile, password_hash, created_at) \
             VALUES ($1, $2, 'citizen', $1, '!', $3) ON CONFLICT (username) DO NOTHING",
        )
        .bind(mobile.as_str().to_string())
        .bind(format!("Citizen {}", mobile.masked()))
        .bind(self.now().0)
        .execute(self.pool())
        .await?;
        let user = self.user_by_username(mobile.as_str()).await?;
        if user.role != "citizen" || user.mobile.as_deref() != Some(mobile.as_str()) {
            // The number is someone's staff username: never hand out a staff session by OTP.
            return Err(StoreError::BadOtp {
                message_en: "This number cannot sign in with a one-time password".into(),
                message_hi: "इस नंबर से वन-टाइम पासवर्ड द्वारा साइन इन नहीं हो सकता".into(),
            });
        }
        Ok(user)
    }
}
