//! One-time passwords by SMS: how a citizen proves a mobile number, to track their cases without
//! an account, to open an account, or to set a new password. Short-lived, hashed at rest
//! (argon2), a few guesses each (counted before checking, so guesses sent together get no more),
//! and rate-limited per mobile number and per IP address in the database.

use super::outbox::enqueue_sms;
use super::passwords;
use super::users::{NewUser, User};
use super::{Result, Store, StoreError};
use nivaran_domain::Timestamp;
use nivaran_domain::msg;
use nivaran_domain::text::Mobile;
use nivaran_domain::text::PersonName;
use nivaran_domain::types::{Language, Role};
use rand::Rng;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct OtpIssued {
    pub mobile_masked: String,
    pub expires_in_seconds: i64,
}

impl Store {
    /// Sends a one-time password to `mobile`, if the limits allow.
    #[tracing::instrument(level = "debug", skip_all)]
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
        let hash = passwords::hash(&code).await?;
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
        self.ring_outbox();
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
        self.consume_otp(mobile, code, ip).await?;
        let user = self.citizen_for_mobile(mobile).await?;
        let (token, expires) = self
            .issue_token(user.id, "session", "otp", Some(session_minutes))
            .await?;
        Ok((token, expires, user))
    }

    /// Opens a citizen account for a number its holder has just proved with `code` (asked for
    /// through `request_otp`). A number that already has an account gets no second one: its
    /// holder signs in, or sets a new password with a new code ([`Store::reset_citizen_password`]).
    pub async fn signup_citizen(
        &self,
        full_name: &str,
        mobile: &Mobile,
        password: &str,
        code: &str,
        ip: &str,
    ) -> Result<User> {
        // Everything that can be refused without the code first, so a typo does not use it up.
        PersonName::parse(full_name).map_err(|e| e.in_field("full_name"))?;
        passwords::check_strength(password)?;
        self.consume_otp(mobile, code, ip).await?;
        self.refuse_staff_number(mobile).await?;
        // One account a number: whether it was made by sign-up, by a one-time password or by
        // an administrator under another user name.
        let taken: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM users WHERE username = $1 OR (role = 'citizen' AND mobile = $1)",
        )
        .bind(mobile.as_str().to_string())
        .fetch_one(self.pool())
        .await?;
        if taken > 0 {
            return Err(StoreError::Duplicate { field: "mobile" });
        }
        self.add_user(NewUser {
            username: mobile.as_str().to_string(),
            full_name: full_name.to_string(),
            role: Role::Citizen,
            office_code: None,
            jurisdiction_code: None,
            mobile: Some(mobile.as_str().to_string()),
            email: None,
            password: password.to_string(),
            mobile_verified: true,
        })
        .await
    }

    /// A citizen who proves the number with `code` sets a new password (account recovery). The
    /// account's sessions end: whoever held them before has to prove the number too.
    pub async fn reset_citizen_password(
        &self,
        mobile: &Mobile,
        code: &str,
        new_password: &str,
        ip: &str,
    ) -> Result<()> {
        passwords::check_strength(new_password)?;
        self.consume_otp(mobile, code, ip).await?;
        let user = self.citizen_for_mobile(mobile).await?;
        self.set_password(&user.username, new_password).await?;
        self.revoke_sessions(user.id, None).await?;
        Ok(())
    }

    /// Checks `code` against the newest live one-time password of `mobile` and uses it up. The
    /// try is counted first, in one statement that also refuses once the tries are spent, so
    /// any number of guesses arriving together are checked at most `otp_attempts` times.
    #[tracing::instrument(level = "debug", skip_all)]
    pub(super) async fn consume_otp(&self, mobile: &Mobile, code: &str, ip: &str) -> Result<()> {
        let limits = self.limits();
        self.hit_rate_limit(
            &format!("otp-verify-ip:{ip}"),
            3_600_000,
            limits.otps_per_ip_per_hour * 4,
        )
        .await?;
        let now = self.now();
        let latest: Option<(i64, i64)> = sqlx::query_as(
            "SELECT id, created_at FROM otps WHERE mobile = $1 AND consumed_at IS NULL AND expires_at > $2 \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(mobile.as_str().to_string())
        .bind(now.0)
        .fetch_optional(self.pool())
        .await?;
        let Some((id, created_at)) = latest else {
            return Err(StoreError::BadOtp {
                message: msg!("store-otp-expired"),
            });
        };
        // Tries from one address are counted apart first, so a stranger guessing from one
        // place cannot spend the code the citizen holds; all addresses together get
        // `otp_attempts`.
        let from_here: i64 = sqlx::query_scalar(
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits",
        )
        .bind(format!("otp-guess:{id}:{ip}"))
        .bind(created_at)
        .fetch_one(self.pool())
        .await?;
        if from_here > limits.otp_attempts_per_address {
            return Err(StoreError::BadOtp {
                message: msg!("store-otp-no-tries-left"),
            });
        }
        let claimed: Option<(String, i64)> = sqlx::query_as(
            "UPDATE otps SET attempts = attempts + 1 \
             WHERE id = $1 AND consumed_at IS NULL AND attempts < $2 RETURNING code_hash, attempts",
        )
        .bind(id)
        .bind(limits.otp_attempts)
        .fetch_optional(self.pool())
        .await?;
        let Some((hash, attempts)) = claimed else {
            return Err(StoreError::BadOtp {
                message: msg!("store-otp-no-tries-left"),
            });
        };
        let code: String = code.chars().filter(|c| c.is_ascii_digit()).collect();
        if !passwords::verify(&code, &hash).await {
            let used_up = attempts >= limits.otp_attempts;
            let left_here = limits.otp_attempts_per_address - from_here;
            if used_up {
                sqlx::query(
                    "UPDATE otps SET consumed_at = $1 WHERE id = $2 AND consumed_at IS NULL",
                )
                .bind(now.0)
                .bind(id)
                .execute(self.pool())
                .await?;
            }
            let left = (limits.otp_attempts - attempts).min(left_here).max(0);
            return Err(StoreError::BadOtp {
                message: if used_up || left == 0 {
                    msg!("store-otp-wrong-none-left")
                } else {
                    msg!("store-otp-wrong", left = left)
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
                message: msg!("store-otp-already-used"),
            });
        }
        Ok(())
    }

    /// A number a staff account holds never gets a citizen account: the cases filed with it
    /// may be others' (an operator's phone at a camp), and staff sign in with their user name.
    async fn refuse_staff_number(&self, mobile: &Mobile) -> Result<()> {
        let staff: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM users WHERE (mobile = $1 OR username = $1) AND role <> 'citizen'",
        )
        .bind(mobile.as_str().to_string())
        .fetch_one(self.pool())
        .await?;
        if staff > 0 {
            return Err(StoreError::BadOtp {
                message: msg!("store-otp-staff-number"),
            });
        }
        Ok(())
    }

    /// The citizen account of a mobile number its holder has just proved, made on first use (it
    /// has no password: it is reached only through one-time passwords, until the citizen sets
    /// one).
    async fn citizen_for_mobile(&self, mobile: &Mobile) -> Result<User> {
        self.refuse_staff_number(mobile).await?;
        let now = self.now().0;
        // The number's citizen account, whatever its user name (an administrator may have made
        // it under another); else one is made, named by the number.
        let existing: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM users WHERE role = 'citizen' AND mobile = $1 ORDER BY id LIMIT 1",
        )
        .bind(mobile.as_str().to_string())
        .fetch_optional(self.pool())
        .await?;
        if let Some(id) = existing {
            return self.prove_citizen(id, now).await;
        }
        sqlx::query(
            "INSERT INTO users (username, full_name, role, mobile, password_hash, created_at, mobile_verified_at) \
             VALUES ($1, $2, 'citizen', $1, '!', $3, $3) ON CONFLICT (username) DO NOTHING",
        )
        .bind(mobile.as_str().to_string())
        .bind(format!("Citizen {}", mobile.masked()))
        .bind(now)
        .execute(self.pool())
        .await?;
        let user = self.user_by_username(mobile.as_str()).await?;
        if user.role != "citizen" || user.mobile.as_deref() != Some(mobile.as_str()) {
            // The number is someone's staff username: never hand out a staff session by OTP.
            return Err(StoreError::BadOtp {
                message: msg!("store-otp-cannot-sign-in"),
            });
        }
        self.prove_citizen(user.id, now).await
    }

    /// The citizen account `id`, its number just proved. An account made before numbers had
    /// to be proved becomes the prover's: marked verified, its old password (set by whoever
    /// made it) wiped and its sessions ended.
    async fn prove_citizen(&self, id: i64, now: i64) -> Result<User> {
        let user = self.user_by_id(id).await?;
        if user.mobile_verified_at.is_none() {
            sqlx::query(
                "UPDATE users SET mobile_verified_at = $1, password_hash = '!' WHERE id = $2 AND mobile_verified_at IS NULL",
            )
            .bind(now)
            .bind(user.id)
            .execute(self.pool())
            .await?;
            self.revoke_sessions(user.id, None).await?;
            return self.user_by_id(user.id).await;
        }
        Ok(user)
    }
}
