//! Abuse limits, counted in the database so they hold across nodes: filings per mobile number per
//! month (UP allows 10), one-time passwords per mobile and per IP address.

use super::{Result, Store, StoreError};
use nivaran_domain::ErrorCode;
use nivaran_domain::Timestamp;
use nivaran_domain::msg;
use serde::Deserialize;

/// `[limits]` in the configuration.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Grievances one mobile number may file in a calendar month (0 = no limit).
    pub filings_per_mobile_per_month: i64,
    /// One-time passwords a mobile number may request in 15 minutes, and in a day.
    pub otps_per_mobile_per_15_minutes: i64,
    pub otps_per_mobile_per_day: i64,
    /// One-time passwords one IP address may request in an hour.
    pub otps_per_ip_per_hour: i64,
    /// How long a one-time password lives, and how many wrong guesses it survives: from all
    /// addresses together, and from any one address.
    pub otp_minutes: i64,
    pub otp_attempts: i64,
    pub otp_attempts_per_address: i64,
    /// Sign-in attempts one IP address may make in a minute, whatever the accounts.
    pub logins_per_ip_per_minute: i64,
    /// Sign-in attempts per account and client address before each further one must wait; the
    /// wait starts at a second and doubles with every attempt, up to `login_max_delay_seconds`.
    pub login_attempts_before_delay: i64,
    pub login_max_delay_seconds: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            filings_per_mobile_per_month: 10,
            otps_per_mobile_per_15_minutes: 3,
            otps_per_mobile_per_day: 10,
            otps_per_ip_per_hour: 30,
            otp_minutes: 10,
            otp_attempts: 10,
            otp_attempts_per_address: 5,
            logins_per_ip_per_minute: 60,
            login_attempts_before_delay: 5,
            login_max_delay_seconds: 900,
        }
    }
}

impl Store {
    /// Counts one hit in `bucket`'s current window; refuses once `max` is passed.
    pub(super) async fn hit_rate_limit(
        &self,
        bucket: &str,
        window_millis: i64,
        max: i64,
    ) -> Result<()> {
        let now = self.now().0;
        let window_start = now - now.rem_euclid(window_millis);
        let hits: i64 = sqlx::query_scalar(
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits",
        )
        .bind(bucket.to_string())
        .bind(window_start)
        .fetch_one(self.pool())
        .await?;
        if hits > max {
            let wait_minutes = ((window_start + window_millis - now) / 60_000).max(1);
            return Err(StoreError::RateLimited {
                retry_after_seconds: Some(((window_start + window_millis - now) / 1000).max(1)),
                code: ErrorCode::RateLimited,
                message: msg!("store-limits-too-many-requests", minutes = wait_minutes),
            });
        }
        Ok(())
    }

    /// Refuses a filing once the mobile number has reached the month's limit.
    pub(super) async fn check_filing_limit(
        &self,
        conn: &mut sqlx::AnyConnection,
        mobile: &str,
        now: Timestamp,
    ) -> Result<()> {
        let limit = self.limits().filings_per_mobile_per_month;
        if limit <= 0 {
            return Ok(());
        }
        let today = now.ist_date();
        let month_start = Timestamp::start_of_ist_day(today.replace_day(1).expect("day 1 exists"));
        let filed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM grievances WHERE mobile = $1 AND filed_at >= $2",
        )
        .bind(mobile.to_string())
        .bind(month_start.0)
        .fetch_one(&mut *conn)
        .await?;
        if filed >= limit {
            return Err(filing_limit_reached(filed, limit));
        }
        Ok(())
    }

    /// How many grievances each of `mobiles` filed this month (those with none are absent), for
    /// checking a group of filings at once.
    pub(super) async fn filings_this_month(
        &self,
        conn: &mut sqlx::AnyConnection,
        mobiles: &[String],
        now: Timestamp,
    ) -> Result<std::collections::HashMap<String, i64>> {
        let mut counts = std::collections::HashMap::new();
        if mobiles.is_empty() || self.limits().filings_per_mobile_per_month <= 0 {
            return Ok(counts);
        }
        let month_start =
            Timestamp::start_of_ist_day(now.ist_date().replace_day(1).expect("day 1 exists"));
        for chunk in mobiles.chunks(500) {
            let mut sql = super::sql::Sql::many(
                self.engine(),
                "SELECT mobile, COUNT(*) FROM grievances WHERE filed_at >= ",
            );
            sql.bind(month_start.0).push(" AND mobile IN (");
            for (i, m) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.bind(m.clone());
            }
            sql.push(") GROUP BY mobile");
            let (text, args) = sql.into_parts();
            let rows: Vec<(String, i64)> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
                .fetch_all(&mut *conn)
                .await?;
            counts.extend(rows);
        }
        Ok(counts)
    }

    /// Forgets rate-limit windows older than two days, and sign-in attempts not repeated for a
    /// day.
    pub async fn prune_rate_limits(&self) -> Result<u64> {
        let done = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
            .bind(self.now().0 - 2 * 86_400_000)
            .execute(self.pool())
            .await?;
        let attempts = sqlx::query("DELETE FROM login_throttle WHERE updated_at < $1")
            .bind(self.now().0 - 86_400_000)
            .execute(self.pool())
            .await?;
        let keys = self.prune_idempotency_keys().await?;
        Ok(done.rows_affected() + attempts.rows_affected() + keys)
    }
}

/// The refusal once a mobile number has filed `filed` grievances this month, the most allowed.
pub(super) fn filing_limit_reached(filed: i64, limit: i64) -> StoreError {
    StoreError::RateLimited {
        retry_after_seconds: None,
        code: ErrorCode::FilingLimit,
        message: msg!("store-limits-filing-limit", filed = filed, limit = limit),
    }
}

/// The refusal at the month's limit, telling an operator (who may) how to file anyway.
pub(super) fn with_override_hint(refusal: StoreError, actor: &super::Actor) -> StoreError {
    let may_override = actor
        .role
        .is_some_and(nivaran_domain::access::may_file_for_others);
    match refusal {
        StoreError::RateLimited {
            code,
            message,
            retry_after_seconds,
        } if may_override => StoreError::RateLimited {
            code,
            retry_after_seconds,
            message: msg!("store-limits-operator-may-override").nested("detail", message),
        },
        other => other,
    }
}
