//! What every page needs to know about the request: the language, the signed-in user, the CSRF
//! token for its forms, and whether htmx asked for a fragment.

use super::csrf::CsrfSeed;
use super::i18n::Lang;
use crate::http::AppState;
use crate::http::cookies::cookie;
use crate::http::error::ApiError;
use crate::http::extract::bearer_token;
use crate::store::{Actor, User};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use nivaran_domain::types::Role;
use nivaran_domain::{ErrorCode, msg};
use std::sync::Arc;

pub const LANG_COOKIE: &str = "nivaran_lang";

/// The language for a request without looking up its user: the cookie, else the browser's
/// first choice, else Hindi.
pub fn request_lang(headers: &HeaderMap) -> Lang {
    if let Some(lang) = cookie(headers, LANG_COOKIE).and_then(|c| Lang::parse(&c)) {
        return lang;
    }
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|first| first.trim().to_ascii_lowercase())
        .map(|first| {
            if first.starts_with("en") {
                Lang::En
            } else {
                Lang::Hi
            }
        })
        .unwrap_or(Lang::Hi)
}

/// The request as pages see it.
pub struct Ctx {
    pub lang: Lang,
    pub user: Option<User>,
    pub role: Option<Role>,
    /// The token every form of the page carries.
    pub csrf: String,
    /// Path and query of this page, for coming back after a language switch or sign-in.
    pub here: String,
    /// htmx asked for a fragment, not a whole page.
    pub htmx: bool,
    /// A session cookie came but its session is over.
    pub session_expired: bool,
}

impl FromRequestParts<Arc<AppState>> for Ctx {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let seed = parts
            .extensions
            .get::<CsrfSeed>()
            .cloned()
            .unwrap_or_default();
        let (user, session_expired) = match bearer_token(parts) {
            None => (None, false),
            Some(token) => match state.store.user_for_token(&token).await? {
                Some(user) => (Some(user), false),
                None => (None, true),
            },
        };
        let lang = user
            .as_ref()
            .and_then(|u| u.language.as_deref())
            .and_then(Lang::parse)
            .unwrap_or_else(|| request_lang(&parts.headers));
        let role = user.as_ref().and_then(|u| Role::parse(&u.role));
        Ok(Ctx {
            lang,
            role,
            user,
            csrf: seed.token(&state.secret),
            here: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into()),
            // A history restore wants the whole page back, not a fragment.
            htmx: parts.headers.contains_key("hx-request")
                && !parts.headers.contains_key("hx-history-restore-request"),
            session_expired,
        })
    }
}

impl Ctx {
    /// The context of a page rendered outside a handler (error pages).
    pub fn anonymous(lang: Lang, csrf: String, here: String) -> Ctx {
        Ctx {
            lang,
            user: None,
            role: None,
            csrf,
            here,
            htmx: false,
            session_expired: false,
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// A message with one argument.
    pub fn t1(&self, key: &str, name: &'static str, value: impl ToString) -> String {
        self.lang.t_args(key, &[(name, value.to_string())])
    }

    /// A message with two arguments.
    pub fn t2(
        &self,
        key: &str,
        a: &'static str,
        av: impl ToString,
        b: &'static str,
        bv: impl ToString,
    ) -> String {
        self.lang
            .t_args(key, &[(a, av.to_string()), (b, bv.to_string())])
    }

    /// A message about `n` things: Fluent picks the plural form from `$n`, and `$count` is `n`
    /// written with Indian digit grouping.
    pub fn tn(&self, key: &str, n: &i64) -> String {
        self.lang.t_args(
            key,
            &[
                ("n", n.to_string()),
                ("count", super::i18n::indian_number(*n)),
            ],
        )
    }

    /// The text in the page's language, of a pair kept in data.
    /// Why a case is a likely duplicate, by its reason's code (`same_mobile`, …).
    pub fn dup_reason(&self, code: &str) -> String {
        self.t(&format!("dup-reason-{}", code.replace('_', "-")))
    }

    pub fn pick<'a>(&self, en: &'a str, hi: &'a str) -> &'a str {
        self.lang.pick(en, hi)
    }

    pub fn is_hi(&self) -> bool {
        self.lang == Lang::Hi
    }

    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }

    pub fn has_role(&self, role: &str) -> bool {
        self.role.is_some_and(|r| r.code() == role)
    }

    /// Staff who work cases from an inbox.
    pub fn works_inbox(&self) -> bool {
        matches!(
            self.role,
            Some(
                Role::Officer
                    | Role::Supervisor
                    | Role::Operator
                    | Role::Verifier
                    | Role::Auditor
                    | Role::Admin
            )
        )
    }

    pub fn username(&self) -> &str {
        self.user
            .as_ref()
            .map(|u| u.username.as_str())
            .unwrap_or("")
    }

    pub fn full_name(&self) -> &str {
        self.user
            .as_ref()
            .map(|u| u.full_name.as_str())
            .unwrap_or("")
    }

    pub fn role_label(&self) -> &str {
        self.role
            .map(|r| self.lang.pick(r.label_en(), r.label_hi()))
            .unwrap_or("")
    }

    /// The signed-in user, or the answer that sends the browser to the sign-in page.
    pub fn user(&self) -> Result<&User, ApiError> {
        match &self.user {
            Some(user) => Ok(user),
            None if self.session_expired => Err(ApiError::new(
                axum::http::StatusCode::UNAUTHORIZED,
                ErrorCode::InvalidToken,
                msg!("web-ctx-session-ended"),
            )),
            None => Err(ApiError::unauthorized()),
        }
    }

    pub fn actor(&self) -> Result<Actor, ApiError> {
        Ok(Actor::from_user(self.user()?))
    }

    /// The signed-in user, who must hold one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<&User, ApiError> {
        let user = self.user()?;
        if self.role.is_some_and(|r| roles.contains(&r)) {
            Ok(user)
        } else {
            Err(ApiError::forbidden("open-page"))
        }
    }
}
