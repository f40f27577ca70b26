//! What administrators do to accounts, tokens and the outbox, each change recorded in the
//! administration log with who made it. The JSON API and the web pages both come through here.

use super::passwords;
use super::users::{Actor, NewUser, User};
use super::{Result, Store, StoreError};
use nivaran_domain::ErrorCode;
use nivaran_domain::msg;
use nivaran_domain::text::{Email, FieldError, Mobile, PersonName};
use nivaran_domain::types::Role;
use serde::Serialize;
use serde_json::json;

/// Changes to an existing account; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UserEdit {
    pub full_name: Option<String>,
    pub role: Option<Role>,
    /// Empty string: no office.
    pub office_code: Option<String>,
    /// Empty string: no area.
    pub jurisdiction_code: Option<String>,
    /// Empty string: no mobile number.
    pub mobile: Option<String>,
    /// Empty string: no e-mail address.
    pub email: Option<String>,
    pub active: Option<bool>,
}

impl Store {
    pub async fn admin_add_user(&self, new: NewUser, actor: &Actor) -> Result<User> {
        let user = self.add_user(new).await?;
        self.log_admin(
            actor,
            "add_user",
            &user.username,
            json!({"role": user.role, "office_id": user.office_id, "jurisdiction_id": user.jurisdiction_id}),
        )
        .await?;
        Ok(user)
    }

    /// Edits an account. Officers and supervisors keep needing an office.
    pub async fn admin_update_user(
        &self,
        username: &str,
        edit: &UserEdit,
        actor: &Actor,
    ) -> Result<User> {
        let user = self.user_by_username(username).await?;
        let master = self.master();
        let full_name = match &edit.full_name {
            Some(name) => PersonName::parse(name)
                .map_err(|e| e.in_field("full_name"))?
                .into_inner(),
            None => user.full_name.clone(),
        };
        let role = edit
            .role
            .or_else(|| Role::parse(&user.role))
            .unwrap_or(Role::Citizen);
        let office_id = match edit.office_code.as_deref().map(str::trim) {
            None => user.office_id,
            Some("") => None,
            Some(code) => Some(
                master
                    .office_by_code(code)
                    .ok_or_else(|| {
                        FieldError::new(
                            "office",
                            ErrorCode::Unknown,
                            msg!("store-admin-no-office", code = code),
                        )
                    })?
                    .id,
            ),
        };
        if matches!(role, Role::Officer | Role::Supervisor) && office_id.is_none() {
            return Err(FieldError::new(
                "office",
                ErrorCode::Required,
                msg!("store-admin-office-required"),
            )
            .into());
        }
        let jurisdiction_id = match edit.jurisdiction_code.as_deref().map(str::trim) {
            None => user.jurisdiction_id,
            Some("") => None,
            Some(code) => Some(
                master
                    .jurisdiction_by_code(code)
                    .ok_or_else(|| {
                        FieldError::new(
                            "jurisdiction",
                            ErrorCode::Unknown,
                            msg!("store-admin-no-jurisdiction", code = code),
                        )
                    })?
                    .id,
            ),
        };
        let mobile = match edit.mobile.as_deref().map(str::trim) {
            None => user.mobile.clone(),
            Some("") => None,
            Some(m) => Some(Mobile::parse(m)?.as_str().to_string()),
        };
        let email = match edit.email.as_deref().map(str::trim) {
            None => user.email.clone(),
            Some("") => None,
            Some(e) => Some(Email::parse(e)?.as_str().to_string()),
        };
        let active = edit.active.map(i64::from).unwrap_or(user.active);
        // A new number has not been proved by anyone yet.
        let verified_at = if mobile == user.mobile {
            user.mobile_verified_at
        } else {
            None
        };
        sqlx::query(
            "UPDATE users SET full_name = $1, role = $2, office_id = $3, jurisdiction_id = $4, mobile = $5, \
             email = $6, active = $7, mobile_verified_at = $9 WHERE id = $8",
        )
        .bind(full_name)
        .bind(role.code())
        .bind(office_id)
        .bind(jurisdiction_id)
        .bind(mobile.clone())
        .bind(email)
        .bind(active)
        .bind(user.id)
        .bind(verified_at)
        .execute(self.pool())
        .await?;
        if role != Role::Citizen
            && let Some(mobile) = &mobile
        {
            super::users::withdraw_citizen_number(&mut *self.pool().acquire().await?, mobile)
                .await?;
        }
        if active == 0 {
            // A deactivated account's sessions end now, not when they expire.
            sqlx::query(
                "UPDATE auth_tokens SET revoked = 1 WHERE user_id = $1 AND kind = 'session'",
            )
            .bind(user.id)
            .execute(self.pool())
            .await?;
        }
        self.log_admin(actor, "update_user", &user.username, json!(edit))
            .await?;
        self.people_changed().await?;
        self.user_by_id(user.id).await
    }

    /// Sets a new password; the account's sessions end.
    pub async fn admin_set_password(
        &self,
        username: &str,
        password: &str,
        actor: &Actor,
    ) -> Result<()> {
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
        let user = self.user_by_username(username).await?;
        self.revoke_sessions(user.id, None).await?;
        self.log_admin(actor, "set_password", username, json!({}))
            .await
    }

    /// Issues an API token for an integration; returns the token, shown once.
    pub async fn admin_issue_token(
        &self,
        username: &str,
        label: &str,
        actor: &Actor,
    ) -> Result<(String, User)> {
        let user = self.user_by_username(username).await.map_err(|_| {
            FieldError::new(
                "username",
                ErrorCode::Unknown,
                msg!("store-admin-no-user", username = username),
            )
        })?;
        let label = label.trim();
        if label.is_empty() {
            return Err(FieldError::new(
                "label",
                ErrorCode::Required,
                msg!("store-admin-label-required"),
            )
            .into());
        }
        let (token, _) = self.issue_token(user.id, "api", label, None).await?;
        self.log_admin(
            actor,
            "issue_token",
            &user.username,
            json!({ "label": label }),
        )
        .await?;
        Ok((token, user))
    }

    pub async fn admin_revoke_token(&self, id: i64, actor: &Actor) -> Result<()> {
        self.revoke_token_id(id).await?;
        self.log_admin(actor, "revoke_token", &id.to_string(), json!({}))
            .await
    }

    pub async fn admin_retry_outbox(&self, id: i64, actor: &Actor) -> Result<()> {
        self.retry_outbox(id).await?;
        self.log_admin(actor, "retry_outbox", &id.to_string(), json!({}))
            .await
    }
}
