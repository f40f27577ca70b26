//! Accounts: users with roles bound to an office or an area, argon2 password hashes, sign-in
//! attempts throttled per account and client address, login sessions and API tokens (both stored
//! only as sha256 hashes).

use super::passwords;
use super::{Result, Store, StoreError};
use nivaran_domain::ErrorCode;
use nivaran_domain::Timestamp;
use nivaran_domain::msg;
use nivaran_domain::text::{FieldError, Mobile, PersonName};
use nivaran_domain::types::Role;
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub role: String,
    pub office_id: Option<i64>,
    pub jurisdiction_id: Option<i64>,
    pub mobile: Option<String>,
    #[serde(skip)]
    pub password_hash: String,
    pub active: i64,
    pub email: Option<String>,
    /// The language the user chose for the screens (`hi` or `en`), if they chose.
    pub language: Option<String>,
    /// When the holder proved the mobile number with a one-time password. A citizen account sees
    /// the cases filed with its number only once it has.
    #[serde(skip)]
    pub mobile_verified_at: Option<i64>,
}

impl User {
    /// A citizen account whose number was never proved: it sees no case until it is.
    pub fn is_unverified_citizen(&self) -> bool {
        self.role == Role::Citizen.code() && self.mobile_verified_at.is_none()
    }
}

const USER_COLUMNS: &str = "id, username, full_name, role, office_id, jurisdiction_id, mobile, password_hash, active, email, language, mobile_verified_at";

/// Who is acting: a signed-in user, an integration's token, the public, or the system itself.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub user_id: Option<i64>,
    /// How the actor appears in the event log.
    pub label: String,
    pub role: Option<Role>,
    pub office_id: Option<i64>,
    pub jurisdiction_id: Option<i64>,
    pub mobile: Option<String>,
}

impl Actor {
    pub fn system() -> Actor {
        Actor {
            user_id: None,
            label: "system".into(),
            role: None,
            office_id: None,
            jurisdiction_id: None,
            mobile: None,
        }
    }

    /// Someone signed out who has said nothing about themselves (a form being typed).
    pub fn anonymous() -> Actor {
        Actor {
            user_id: None,
            label: "public".into(),
            role: None,
            office_id: None,
            jurisdiction_id: None,
            mobile: None,
        }
    }

    /// A member of the public filing without an account.
    pub fn public(mobile: &Mobile) -> Actor {
        Actor {
            user_id: None,
            label: format!("citizen {}", mobile.masked()),
            role: None,
            office_id: None,
            jurisdiction_id: None,
            mobile: Some(mobile.as_str().to_string()),
        }
    }

    pub fn from_user(user: &User) -> Actor {
        Actor {
            user_id: Some(user.id),
            label: user.username.clone(),
            role: Role::parse(&user.role),
            office_id: user.office_id,
            jurisdiction_id: user.jurisdiction_id,
            // A citizen's cases are the ones filed with their number, so the number counts only
            // once its holder has proved it.
            mobile: if user.is_unverified_citizen() {
                None
            } else {
                user.mobile.clone()
            },
        }
    }

    pub fn is_system(&self) -> bool {
        self.user_id.is_none() && self.role.is_none() && self.label == "system"
    }
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub office_code: Option<String>,
    pub jurisdiction_code: Option<String>,
    pub mobile: Option<String>,
    /// For the daily digest (officers and supervisors).
    pub email: Option<String>,
    pub password: String,
    /// The mobile number was just proved with a one-time password (a citizen's sign-up).
    pub mobile_verified: bool,
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    username: String,
    kind: String,
    label: String,
    created_at: i64,
    expires_at: Option<i64>,
    last_used_at: Option<i64>,
    revoked: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TokenInfo {
    pub id: i64,
    pub username: String,
    pub kind: String,
    pub label: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub revoked: bool,
}

/// A staff account holds `mobile`: a citizen account with the same number stops seeing the
/// cases filed with it (they may be others', filed with an operator's phone) until it is proved
/// again, which a staff number never is.
pub(super) async fn withdraw_citizen_number(
    conn: &mut sqlx::AnyConnection,
    mobile: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE users SET mobile_verified_at = NULL WHERE role = 'citizen' AND mobile = $1",
    )
    .bind(mobile.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(super) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("nvr_{}", hex::encode(bytes))
}

fn validate_username(username: &str) -> Result<String> {
    let username = username.trim().to_lowercase();
    let ok = (3..=64).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if !ok {
        return Err(FieldError::new(
            "username",
            ErrorCode::InvalidUsername,
            msg!("store-users-bad-username"),
        )
        .into());
    }
    Ok(username)
}

impl Store {
    pub async fn add_user(&self, new: NewUser) -> Result<User> {
        let username = validate_username(&new.username)?;
        let full_name = PersonName::parse(&new.full_name).map_err(|e| e.in_field("full_name"))?;
        passwords::check_strength(&new.password)?;
        let master = self.master();
        let office_id = match new.office_code.as_deref().filter(|c| !c.trim().is_empty()) {
            Some(code) => Some(
                master
                    .office_by_code(code)
                    .ok_or_else(|| {
                        FieldError::new(
                            "office",
                            ErrorCode::Unknown,
                            msg!("store-users-no-office", code = code),
                        )
                    })?
                    .id,
            ),
            None => None,
        };
        if matches!(new.role, Role::Officer | Role::Supervisor) && office_id.is_none() {
            return Err(FieldError::new(
                "office",
                ErrorCode::Required,
                msg!("store-users-office-required"),
            )
            .into());
        }
        let jurisdiction_id = match new
            .jurisdiction_code
            .as_deref()
            .filter(|c| !c.trim().is_empty())
        {
            Some(code) => Some(
                master
                    .jurisdiction_by_code(code)
                    .ok_or_else(|| {
                        FieldError::new(
                            "jurisdiction",
                            ErrorCode::Unknown,
                            msg!("store-users-no-jurisdiction", code = code),
                        )
                    })?
                    .id,
            ),
            None => None,
        };
        let mobile = match new.mobile.as_deref().filter(|m| !m.trim().is_empty()) {
            Some(m) => Some(Mobile::parse(m)?.as_str().to_string()),
            None => None,
        };
        let email = match new.email.as_deref().filter(|e| !e.trim().is_empty()) {
            Some(e) => Some(nivaran_domain::text::Email::parse(e)?.as_str().to_string()),
            None => None,
        };
        if new.role == Role::Citizen && mobile.is_none() {
            return Err(FieldError::required("mobile").into());
        }
        let hash = passwords::hash(&new.password).await?;
        let mobile_for_check = mobile.clone();
        let result = sqlx::query_scalar::<_, i64>(
            "INSERT INTO users (username, full_name, role, office_id, jurisdiction_id, mobile, password_hash, created_at, email, mobile_verified_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(username.clone())
        .bind(full_name.into_inner())
        .bind(new.role.code())
        .bind(office_id)
        .bind(jurisdiction_id)
        .bind(mobile)
        .bind(hash)
        .bind(self.now().0)
        .bind(email)
        .bind(new.mobile_verified.then_some(self.now().0))
        .fetch_one(self.pool())
        .await;
        match result {
            Ok(id) => {
                if new.role != Role::Citizen
                    && let Some(mobile) = &mobile_for_check
                {
                    withdraw_citizen_number(&mut *self.pool().acquire().await?, mobile).await?;
                }
                if matches!(new.role, Role::Officer | Role::Supervisor) {
                    self.people_changed().await?;
                }
                self.user_by_id(id).await
            }
            Err(e) => {
                let e = StoreError::from(e);
                if e.is_unique_violation() {
                    Err(StoreError::Duplicate { field: "username" })
                } else {
                    Err(e)
                }
            }
        }
    }

    pub async fn user_by_id(&self, id: i64) -> Result<User> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("user"))
    }

    pub async fn user_by_username(&self, username: &str) -> Result<User> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1");
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(username.trim().to_lowercase())
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("user"))
    }

    pub async fn list_users(&self) -> Result<Vec<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY username");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(self.pool())
            .await?)
    }

    pub async fn set_password(&self, username: &str, password: &str) -> Result<()> {
        passwords::check_strength(password)?;
        let hash = passwords::hash(password).await?;
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE username = $2")
            .bind(hash)
            .bind(username.trim().to_lowercase())
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("user"));
        }
        Ok(())
    }

    /// Sets the same password on every user that has none yet (the demo users).
    pub async fn set_missing_passwords(&self, password: &str) -> Result<Vec<User>> {
        let hash = passwords::hash(password).await?;
        sqlx::query(
            "UPDATE users SET password_hash = $1 WHERE password_hash = '!' AND role <> 'citizen'",
        )
        .bind(hash)
        .execute(self.pool())
        .await?;
        self.list_users().await
    }

    /// Checks a password for a sign-in from `client` (its address). No account is ever locked
    /// by others' guesses: attempts are counted per account name and client address, the first
    /// few free, then each further one only after a growing delay (see [`LoginThrottle`]). The
    /// attempt is counted (one atomic statement) before the password is checked, so guesses
    /// sent together are checked at most as many times as are allowed. An unknown name is
    /// answered exactly as a known one with a wrong password: the same error, after the same
    /// hashing work, throttled the same way.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn authenticate(&self, username: &str, password: &str, client: &str) -> Result<User> {
        let limits = self.limits();
        self.hit_rate_limit(
            &format!("login-ip:{client}"),
            60_000,
            limits.logins_per_ip_per_minute,
        )
        .await?;
        let name: String = username.trim().to_lowercase().chars().take(100).collect();
        let throttle = LoginThrottle::from_limits(&limits);
        throttle.claim(self, &name, client).await?;
        let user = match self.user_by_username(&name).await {
            Ok(user) => Some(user),
            Err(StoreError::NotFound(_)) => None,
            Err(e) => return Err(e),
        };
        let matches = match &user {
            Some(user) => passwords::verify(password, &user.password_hash).await,
            None => passwords::verify_nothing(password).await,
        };
        match user {
            Some(user) if matches && user.active != 0 => {
                throttle.forget(self, &name, client).await?;
                Ok(user)
            }
            _ => Err(StoreError::BadCredentials),
        }
    }

    /// Issues a token; only its hash is kept. `kind` is `session` (expires) or `api`.
    pub async fn issue_token(
        &self,
        user_id: i64,
        kind: &str,
        label: &str,
        ttl_minutes: Option<i64>,
    ) -> Result<(String, Option<Timestamp>)> {
        let token = new_token();
        let now = self.now();
        let expires = ttl_minutes.map(|m| Timestamp(now.0 + m * 60_000));
        sqlx::query(
            "INSERT INTO auth_tokens (token_hash, user_id, kind, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(kind.to_string())
        .bind(label.to_string())
        .bind(now.0)
        .bind(expires.map(|e| e.0))
        .execute(self.pool())
        .await?;
        Ok((token, expires))
    }

    /// The user behind a token, if the token is live.
    pub async fn user_for_token(&self, token: &str) -> Result<Option<User>> {
        let now = self.now().0;
        let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT id, user_id, last_used_at FROM auth_tokens WHERE token_hash = $1 AND revoked = 0 \
             AND (expires_at IS NULL OR expires_at > $2)",
        )
        .bind(token_hash(token))
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        let Some((token_id, user_id, last_used)) = row else {
            return Ok(None);
        };
        // "Last used" to the minute is enough for an administrator, and it spares every read a
        // write (on SQLite, a turn at the one write lock).
        if last_used.is_none_or(|at| at < now - 60_000) {
            sqlx::query("UPDATE auth_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(token_id)
                .execute(self.pool())
                .await?;
        }
        let user = self.user_by_id(user_id).await?;
        Ok((user.active != 0).then_some(user))
    }

    pub async fn revoke_token(&self, token: &str) -> Result<()> {
        sqlx::query("UPDATE auth_tokens SET revoked = 1 WHERE token_hash = $1")
            .bind(token_hash(token))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Ends every login session of a user but `keep` (the one changing the password, if any):
    /// after a password change an attacker's session must not live on.
    pub async fn revoke_sessions(&self, user_id: i64, keep: Option<&str>) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE auth_tokens SET revoked = 1 WHERE user_id = $1 AND kind = 'session' AND revoked = 0 \
             AND token_hash <> $2",
        )
        .bind(user_id)
        .bind(keep.map(token_hash).unwrap_or_default())
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }

    pub async fn revoke_token_id(&self, id: i64) -> Result<()> {
        let done = sqlx::query("UPDATE auth_tokens SET revoked = 1 WHERE id = $1 AND kind = 'api'")
            .bind(id)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("token"));
        }
        Ok(())
    }

    pub async fn list_api_tokens(&self) -> Result<Vec<TokenInfo>> {
        let rows: Vec<TokenRow> = sqlx::query_as(
            "SELECT t.id, u.username, t.kind, t.label, t.created_at, t.expires_at, t.last_used_at, t.revoked \
             FROM auth_tokens t JOIN users u ON u.id = t.user_id WHERE t.kind = 'api' ORDER BY t.id",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| TokenInfo {
                id: r.id,
                username: r.username,
                kind: r.kind,
                label: r.label,
                created_at: Timestamp(r.created_at).to_rfc3339(),
                expires_at: r.expires_at.map(|e| Timestamp(e).to_rfc3339()),
                last_used_at: r.last_used_at.map(|e| Timestamp(e).to_rfc3339()),
                revoked: r.revoked != 0,
            })
            .collect())
    }
}

/// Sign-in attempts per (account name, client address): `free` attempts, then each further one
/// waits `base_ms` doubled for every attempt past the free ones, up to `max_ms`. Counted in the
/// database, so the limit holds across nodes and for guesses that arrive together.
pub(super) struct LoginThrottle {
    free: i64,
    base_ms: i64,
    max_ms: i64,
}

impl LoginThrottle {
    pub(super) fn from_limits(limits: &super::Limits) -> LoginThrottle {
        LoginThrottle {
            free: limits.login_attempts_before_delay.max(1),
            base_ms: 1_000,
            max_ms: limits.login_max_delay_seconds.max(1) * 1_000,
        }
    }

    /// The wait after the `attempt`-th attempt in a row, as SQL over the column `failures`
    /// (already counting this attempt): a CASE of constants, so the whole claim is one statement.
    fn delay_sql(&self) -> String {
        let mut sql = String::from("CASE");
        let mut delay = self.base_ms;
        let mut past = 0;
        while delay < self.max_ms {
            sql.push_str(&format!(
                " WHEN failures + 1 = {} THEN {delay}",
                self.free + past
            ));
            delay *= 2;
            past += 1;
        }
        sql.push_str(&format!(
            " WHEN failures + 1 < {} THEN 0 ELSE {} END",
            self.free, self.max_ms
        ));
        sql
    }

    /// Counts one attempt, or refuses it while the delay runs.
    pub(super) async fn claim(&self, store: &Store, name: &str, client: &str) -> Result<()> {
        let now = store.now().0;
        sqlx::query(
            "INSERT INTO login_throttle (username, client, failures, next_at, updated_at) \
             VALUES ($1, $2, 0, 0, $3) ON CONFLICT (username, client) DO NOTHING",
        )
        .bind(name.to_string())
        .bind(client.to_string())
        .bind(now)
        .execute(store.pool())
        .await?;
        // The numbers in the CASE are our own constants, not input.
        let sql = format!(
            "UPDATE login_throttle SET failures = failures + 1, updated_at = $3, next_at = $3 + ({}) \
             WHERE username = $1 AND client = $2 AND next_at <= $3 RETURNING failures",
            self.delay_sql()
        );
        let claimed: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(name.to_string())
            .bind(client.to_string())
            .bind(now)
            .fetch_optional(store.pool())
            .await?;
        if claimed.is_some() {
            return Ok(());
        }
        let next_at: i64 = sqlx::query_scalar(
            "SELECT next_at FROM login_throttle WHERE username = $1 AND client = $2",
        )
        .bind(name.to_string())
        .bind(client.to_string())
        .fetch_optional(store.pool())
        .await?
        .unwrap_or(now);
        let seconds = ((next_at - now + 999) / 1000).max(1);
        Err(StoreError::Throttled {
            retry_after_seconds: seconds,
        })
    }

    /// A right password: the count starts again.
    pub(super) async fn forget(&self, store: &Store, name: &str, client: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_throttle WHERE username = $1 AND client = $2")
            .bind(name.to_string())
            .bind(client.to_string())
            .execute(store.pool())
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::LoginThrottle;

    #[test]
    fn the_delay_doubles_after_the_free_attempts_and_stops_at_the_maximum() {
        let t = LoginThrottle {
            free: 3,
            base_ms: 1_000,
            max_ms: 5_000,
        };
        assert_eq!(
            t.delay_sql(),
            "CASE WHEN failures + 1 = 3 THEN 1000 WHEN failures + 1 = 4 THEN 2000 \
             WHEN failures + 1 = 5 THEN 4000 WHEN failures + 1 < 3 THEN 0 ELSE 5000 END"
        );
    }
}
