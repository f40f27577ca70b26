//! The pages around the cases: home, language, signing in and out, passwords, and a citizen
//! tracking a case with a one-time password.

use super::forms::{FieldErrors, Form, query_form};
use super::{Ctx, LANG_COOKIE, cookie_header, page, page_with_status, see_other};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::ClientIp;
use crate::store::{FiledFrom, GrievanceFilter, GrievanceView, StoreError, User};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::Response;
use nivaran_domain::regno::RegistrationNumber;
use nivaran_domain::text::Mobile;
use nivaran_domain::types::{Language, Role};
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "nivaran_session";

/// Only paths of this site are followed after a form, never another site's address: one
/// leading slash, then no second slash, backslash, space or control character that a browser
/// might drop or reinterpret (`/\t/evil.example` becomes `//evil.example`).
pub fn local_path(next: &str) -> Option<String> {
    let mut chars = next.chars();
    let ok = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !next
            .chars()
            .any(|c| c == '\\' || c.is_whitespace() || c.is_control());
    ok.then(|| next.to_string())
}

/// Where each role starts.
pub fn home_of(user: &User) -> &'static str {
    match Role::parse(&user.role) {
        Some(Role::Citizen) => "/my",
        Some(Role::Admin) => "/admin",
        Some(Role::Supervisor) => "/supervisor",
        Some(Role::Operator) => "/camp",
        _ => "/inbox",
    }
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    c: Ctx,
}

pub async fn home(c: Ctx) -> Response {
    page(&Home { c })
}

/// The language switch on every page. Remembered in a cookie, and for a signed-in user in
/// their account, so it follows them to other devices.
pub async fn switch_language(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    form: Form,
) -> Result<Response, ApiError> {
    let lang = super::i18n::Lang::parse(&form.get("lang")).unwrap_or(c.lang.other());
    if let Some(user) = &c.user {
        state.store.set_user_language(user.id, lang.code()).await?;
    }
    let next = local_path(&form.get("next")).unwrap_or_else(|| "/".into());
    let mut response = see_other(&next);
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(
            LANG_COOKIE,
            lang.code(),
            Some(365 * 86_400),
            state.config.secure_cookies,
        ),
    );
    Ok(response)
}

#[derive(Template)]
#[template(path = "login.html")]
struct Login {
    c: Ctx,
    username: String,
    next: String,
    expired: bool,
    errors: FieldErrors,
}

pub async fn login_page(c: Ctx, uri: Uri) -> Response {
    let query = query_form(&uri);
    page(&Login {
        c,
        username: String::new(),
        next: local_path(&query.get("next")).unwrap_or_default(),
        expired: query.get("expired") == "1",
        errors: FieldErrors::default(),
    })
}

pub async fn login(
    State(state): State<Arc<AppState>>,
    ClientIp(ip): ClientIp,
    c: Ctx,
    form: Form,
) -> Result<Response, ApiError> {
    let username = form.get("username");
    let next = local_path(&form.get("next")).unwrap_or_default();
    let user = match state
        .store
        .authenticate(&username, &form.get("password"), &ip)
        .await
    {
        Ok(user) => user,
        Err(
            e @ (StoreError::BadCredentials
            | StoreError::Throttled { .. }
            | StoreError::RateLimited { .. }),
        ) => {
            let mut errors = FieldErrors::default();
            let (message, status) = match &e {
                StoreError::BadCredentials => {
                    (c.t("login-bad-credentials"), StatusCode::UNAUTHORIZED)
                }
                StoreError::Throttled {
                    retry_after_seconds,
                } => (
                    c.t1(
                        "login-throttled",
                        "seconds",
                        retry_after_seconds.to_string(),
                    ),
                    StatusCode::TOO_MANY_REQUESTS,
                ),
                _ => {
                    let e = ApiError::from(e);
                    (c.lang.say(&e.message), StatusCode::TOO_MANY_REQUESTS)
                }
            };
            errors.set_general(message);
            return Ok(page_with_status(
                status,
                &Login {
                    c,
                    username,
                    next,
                    expired: false,
                    errors,
                },
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let minutes = state.config.session_minutes;
    let (token, _) = state
        .store
        .issue_token(user.id, "session", "web login", Some(minutes))
        .await?;
    let to = if next.is_empty() || next.starts_with("/login") {
        home_of(&user).to_string()
    } else {
        next
    };
    let mut response = see_other(&to);
    let headers = response.headers_mut();
    headers.append(
        header::SET_COOKIE,
        cookie_header(
            SESSION_COOKIE,
            &token,
            Some(minutes * 60),
            state.config.secure_cookies,
        ),
    );
    if let Some(lang) = user.language.as_deref() {
        headers.append(
            header::SET_COOKIE,
            cookie_header(
                LANG_COOKIE,
                lang,
                Some(365 * 86_400),
                state.config.secure_cookies,
            ),
        );
    }
    Ok(response)
}

pub async fn logout(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = super::cookie(&headers, SESSION_COOKIE) {
        state.store.revoke_token(&token).await?;
    }
    let mut response = see_other("/");
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(SESSION_COOKIE, "", Some(0), state.config.secure_cookies),
    );
    Ok(response)
}

#[derive(Template)]
#[template(path = "password.html")]
struct Password {
    c: Ctx,
    done: bool,
    errors: FieldErrors,
}

pub async fn password_page(c: Ctx) -> Result<Response, ApiError> {
    c.user()?;
    Ok(page(&Password {
        c,
        done: false,
        errors: FieldErrors::default(),
    }))
}

pub async fn change_password(
    State(state): State<Arc<AppState>>,
    ClientIp(ip): ClientIp,
    c: Ctx,
    headers: HeaderMap,
    form: Form,
) -> Result<Response, ApiError> {
    let username = c.user()?.username.clone();
    let user_id = c.user()?.id;
    let mut errors = FieldErrors::default();
    let new = form.get("new_password");
    if new != form.get("confirm_password") {
        errors.add("confirm_password", c.t("password-mismatch"));
    } else {
        match state
            .store
            .authenticate(&username, &form.get("current_password"), &ip)
            .await
        {
            Err(StoreError::BadCredentials) => {
                errors.add("current_password", c.t("password-wrong-current"))
            }
            Err(e @ (StoreError::Throttled { .. } | StoreError::RateLimited { .. })) => {
                errors.api_error(&ApiError::from(e), c.lang, &[])
            }
            Err(e) => return Err(e.into()),
            Ok(_) => {
                if let Err(e) = state.store.set_password(&username, &new).await {
                    let e = ApiError::from(e);
                    let mut mapped = e.clone();
                    if mapped.field.as_deref() == Some("password") {
                        mapped.field = Some("new_password".into());
                    }
                    errors.api_error(&mapped, c.lang, &["new_password"]);
                } else {
                    // Whoever else holds a session of this account loses it; this one stays.
                    let current = super::cookie(&headers, SESSION_COOKIE);
                    state
                        .store
                        .revoke_sessions(user_id, current.as_deref())
                        .await?;
                }
            }
        }
    }
    let done = errors.is_empty();
    let status = if done {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(page_with_status(status, &Password { c, done, errors }))
}

#[derive(Template)]
#[template(path = "track.html")]
struct Track {
    c: Ctx,
    regno: String,
    mobile: String,
    /// The code was sent; ask for it.
    code_sent: bool,
    masked: String,
    errors: FieldErrors,
}

pub async fn track_page(c: Ctx, uri: Uri) -> Response {
    let query = query_form(&uri);
    page(&Track {
        c,
        regno: query.get("regno"),
        mobile: String::new(),
        code_sent: false,
        masked: String::new(),
        errors: FieldErrors::default(),
    })
}

/// Checks the number and the mobile belong together, then sends the code.
pub async fn track_send(
    State(state): State<Arc<AppState>>,
    ClientIp(ip): ClientIp,
    c: Ctx,
    form: Form,
) -> Result<Response, ApiError> {
    let regno = form.get("regno").trim().to_string();
    let mobile_text = form.get("mobile");
    let mut errors = FieldErrors::default();
    let parsed_regno = RegistrationNumber::parse(&regno);
    if parsed_regno.is_err() {
        errors.add("regno", c.t("track-bad-number"));
    }
    let mobile = match Mobile::parse(&mobile_text) {
        Ok(m) => Some(m),
        Err(e) => {
            errors.field_error(&e, c.lang);
            None
        }
    };
    if let (Ok(number), Some(mobile)) = (&parsed_regno, &mobile) {
        match state
            .store
            .case_filed_from(number.as_str(), mobile, &ip)
            .await
        {
            Ok(FiledFrom::ThisMobile) => {}
            Ok(FiledFrom::NoMatch) => errors.set_general(c.t("track-no-match")),
            Ok(FiledFrom::NoMobile) => errors.set_general(c.t("track-no-mobile")),
            Err(e) => errors.api_error(&ApiError::from(e), c.lang, &[]),
        }
    }
    if let (true, Some(mobile)) = (errors.is_empty(), &mobile) {
        let language = match c.lang {
            super::i18n::Lang::Hi => Language::Hi,
            super::i18n::Lang::En => Language::En,
        };
        match state.store.request_otp(mobile, &ip, language).await {
            Ok(issued) => {
                return Ok(page(&Track {
                    c,
                    regno,
                    mobile: mobile.as_str().to_string(),
                    code_sent: true,
                    masked: issued.mobile_masked,
                    errors,
                }));
            }
            Err(e) => errors.api_error(&ApiError::from(e), c.lang, &[]),
        }
    }
    Ok(page_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &Track {
            c,
            regno,
            mobile: mobile_text,
            code_sent: false,
            masked: String::new(),
            errors,
        },
    ))
}

/// The code is right: the citizen gets a session that sees their cases, and the case.
pub async fn track_verify(
    State(state): State<Arc<AppState>>,
    ClientIp(ip): ClientIp,
    c: Ctx,
    form: Form,
) -> Result<Response, ApiError> {
    let regno = form.get("regno").trim().to_string();
    let mobile = Mobile::parse(&form.get("mobile")).map_err(StoreError::from)?;
    match state
        .store
        .verify_otp(
            &mobile,
            &form.get("code"),
            &ip,
            state.config.session_minutes,
        )
        .await
    {
        Ok((token, _, _)) => {
            let to = match RegistrationNumber::parse(&regno) {
                Ok(n) => format!("/cases/{}", n.as_str()),
                Err(_) => "/my".into(),
            };
            let mut response = see_other(&to);
            response.headers_mut().append(
                header::SET_COOKIE,
                cookie_header(
                    SESSION_COOKIE,
                    &token,
                    Some(state.config.session_minutes * 60),
                    state.config.secure_cookies,
                ),
            );
            Ok(response)
        }
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.api_error(&ApiError::from(e), c.lang, &["code"]);
            Ok(page_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &Track {
                    masked: mobile.masked(),
                    c,
                    regno,
                    mobile: mobile.as_str().to_string(),
                    code_sent: true,
                    errors,
                },
            ))
        }
    }
}

#[derive(Template)]
#[template(path = "my_cases.html")]
struct MyCases {
    c: Ctx,
    cases: Vec<GrievanceView>,
}

pub async fn my_cases(State(state): State<Arc<AppState>>, c: Ctx) -> Result<Response, ApiError> {
    let actor = c.actor()?;
    let filter = GrievanceFilter {
        sort: Some("-filed".into()),
        per_page: Some(100),
        ..Default::default()
    };
    let cases = state.store.list(&filter, &actor).await?.items;
    Ok(page(&MyCases { c, cases }))
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_this_site_s_paths_are_followed() {
        for good in ["/", "/inbox", "/cases/0626-0000001-5?done=accept"] {
            assert_eq!(local_path(good).as_deref(), Some(good));
        }
        for bad in [
            "",
            "inbox",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/ /evil.example",
            "/inbox\r\nSet-Cookie: x=1",
            "https://evil.example/",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }
}
