//! Accounts: users with roles bound to an office or an area, argon2 password hashes, lockout after
//! repeated failures, login sessions and API tokens (both stored only as sha256 hashes).

use super::{Result, Store, StoreError};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use nivaran_domain::Timestamp;
use nivaran_domain::text::{FieldError, Mobile, PersonName};
use nivaran_domain::types::Role;
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Failed logins before the account locks, and for how long.
pub const MAX_FAILED_LOGINS: i64 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;
pub const MIN_PASSWORD_LEN: usize = 8;

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
    #[serde(skip)]
    pub failed_logins: i64,
    #[serde(skip)]
    pub locked_until: Option<i64>,
    pub active: i64,
    pub email: Option<String>,
    /// The language the user chose for the screens (`hi` or `en`), if they chose.
    pub language: Option<String>,
}

const USER_COLUMNS: &str = "id, username, full_name, role, office_id, jurisdiction_id, mobile, password_hash, failed_logins, locked_until, active, email, language";

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
            mobile: user.mobile.clone(),
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

pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Unsupported(format!("password hashing failed: {e}")))
}

pub(super) fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

pub(super) fn check_password_strength(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(FieldError::new(
            "password",
            "too_short",
            format!("The password must be at least {MIN_PASSWORD_LEN} characters long"),
            format!("पासवर्ड कम से कम {MIN_PASSWORD_LEN} अक्षर का होना चाहिए"),
        )
        .into());
    }
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
            "invalid_username",
            "A username has 3 to 64 characters: lower-case letters, digits, dots, dashes and underscores",
            "उपयोगकर्ता नाम में 3 से 64 अक्षर हों: छोटे अंग्रेज़ी अक्षर, अंक, बिंदु, डैश और अंडरस्कोर",
        )
        .into());
    }
    Ok(username)
}

impl Store {
    pub async fn add_user(&self, new: NewUser) -> Result<User> {
        let username = validate_username(&new.username)?;
        let full_name = PersonName::parse(&new.full_name).map_err(|mut e| {
            e.field = "full_name".into();
            e
        })?;
        check_password_strength(&new.password)?;
        let master = self.master();
        let office_id = match new.office_code.as_deref().filter(|c| !c.trim().is_empty()) {
            Some(code) => Some(
                master
                    .office_by_code(code)
                    .ok_or_else(|| {
                        FieldError::new(
                            "office",
                            "unknown",
                            format!("no office with code {code}"),
                            format!("कोड {code} का कोई कार्यालय नहीं है"),
                        )
                    })?
                    .id,
            ),
            None => None,
        };
        if matches!(new.role, Role::Officer | Role::Supervisor) && office_id.is_none() {
            return Err(FieldError::new(
                "office",
                "required",
                "Officers and supervisors must belong to an office",
                "अधिकारी और पर्यवेक्षक किसी कार्यालय से जुड़े होने चाहिए",
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
                            "unknown",
                            format!("no jurisdiction with code {code}"),
                            format!("कोड {code} का कोई क्षेत्र नहीं है"),
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
        let hash = hash_password(&new.password)?;
        let result = sqlx::query_scalar::<_, i64>(
            "INSERT INTO users (username, full_name, role, office_id, jurisdiction_id, mobile, password_hash, created_at, email) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
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
        .fetch_one(self.pool())
        .await;
        match result {
            Ok(id) => self.user_by_id(id).await,
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
        check_password_strength(password)?;
        let hash = hash_password(password)?;
        let done = sqlx::query("UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL WHERE username = $2")
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
        let hash = hash_password(password)?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE password_hash = '!'")
            .bind(hash)
            .execute(self.pool())
            .await?;
        self.list_users().await
    }

    /// Checks a password. Five failures in a row lock the account for fifteen minutes; the error
    /// never says whether the username exists.
    pub async fn authenticate(&self, username: &str, password: &str) -> Result<User> {
        let now = self.now();
        let user = match self.user_by_username(username).await {
            Ok(user) => user,
            Err(StoreError::NotFound(_)) => {
                // Spend the same time as a real check so timing does not reveal usernames.
                let _ = verify_password(
                    password,
                    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
                );
                return Err(StoreError::BadCredentials);
            }
            Err(e) => return Err(e),
        };
        if let Some(until) = user.locked_until.filter(|u| *u > now.0) {
            return Err(StoreError::Locked {
                until_rfc3339: Timestamp(until).to_rfc3339(),
            });
        }
        if user.active == 0 || !verify_password(password, &user.password_hash) {
            let failures = user.failed_logins + 1;
            let locked_until =
                (failures >= MAX_FAILED_LOGINS).then(|| now.0 + LOCKOUT_MINUTES * 60_000);
            sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3")
                .bind(if locked_until.is_some() { 0 } else { failures })
                .bind(locked_until)
                .bind(user.id)
                .execute(self.pool())
                .await?;
            if let Some(until) = locked_until {
                return Err(StoreError::Locked {
                    until_rfc3339: Timestamp(until).to_rfc3339(),
                });
            }
            return Err(StoreError::BadCredentials);
        }
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1")
            .bind(user.id)
            .execute(self.pool())
            .await?;
        Ok(user)
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
