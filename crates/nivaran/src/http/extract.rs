//! Extractors that turn every kind of bad request into an [`ApiError`] naming the field, instead
//! of axum's plain-text rejections.

use super::AppState;
use super::error::ApiError;
use crate::store::{Actor, User};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// Pulls a field name out of serde's "missing field `x`" / "unknown variant" messages.
fn field_from_message(message: &str) -> Option<String> {
    let start = message.find('`')?;
    let rest = &message[start + 1..];
    let end = rest.find('`')?;
    Some(rest[..end].to_string())
}

fn deserialize_error(path: String, message: String, what: &str) -> ApiError {
    let field = if path.is_empty() || path == "." {
        if message.starts_with("missing field") {
            field_from_message(&message)
        } else {
            None
        }
    } else {
        Some(path)
    };
    let en = match &field {
        Some(f) => format!("{what}: field '{f}': {message}"),
        None => format!("{what}: {message}"),
    };
    let hi = match &field {
        Some(f) => format!("अनुरोध में '{f}' गलत या अनुपस्थित है"),
        None => "अनुरोध का प्रारूप गलत है".to_string(),
    };
    let mut e = ApiError::bad_request("invalid_request", None, en, hi);
    e.field = field;
    e
}

/// A JSON body.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(ApiError::new(
                axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Send the body as JSON with 'Content-Type: application/json'",
                "अनुरोध JSON रूप में 'Content-Type: application/json' के साथ भेजें",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            ApiError::new(
                e.status(),
                "body_too_large",
                e.body_text(),
                "अनुरोध बहुत बड़ा है",
            )
        })?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            deserialize_error(e.path().to_string(), e.inner().to_string(), "invalid JSON")
        })?;
        Ok(ApiJson(value))
    }
}

/// A query string.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        let value = serde_path_to_error::deserialize(de).map_err(|e| {
            deserialize_error(
                e.path().to_string(),
                e.inner().to_string(),
                "invalid query parameter",
            )
        })?;
        Ok(ApiQuery(value))
    }
}

/// A path's parameters; one that does not read as its type (an id that is not a number, bytes
/// that are not UTF-8) is "no such thing" in the API's error shape, not axum's plain text.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(_) => Err(ApiError::not_found("resource")),
        }
    }
}

/// The bearer token of the request, from `Authorization: Bearer …` or the session cookie.
pub fn bearer_token(parts: &Parts) -> Option<String> {
    if let Some(value) = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        && let Some(token) = value.strip_prefix("Bearer ")
    {
        return Some(token.trim().to_string());
    }
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            pair.trim()
                .strip_prefix("nivaran_session=")
                .map(str::to_string)
        })
}

/// The signed-in user, if any. A bad or expired token is an error, not anonymity, so a client
/// learns at once that its token no longer works.
pub struct MaybeUser(pub Option<User>);

impl FromRequestParts<Arc<AppState>> for MaybeUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = bearer_token(parts) else {
            return Ok(MaybeUser(None));
        };
        match state.store.user_for_token(&token).await? {
            Some(user) => Ok(MaybeUser(Some(user))),
            None => Err(ApiError::new(
                axum::http::StatusCode::UNAUTHORIZED,
                "invalid_token",
                "The token is unknown, expired or revoked; sign in again",
                "टोकन अमान्य या समाप्त है; फिर से साइन इन करें",
            )),
        }
    }
}

/// A signed-in user, required.
pub struct CurrentUser(pub User);

impl CurrentUser {
    pub fn actor(&self) -> Actor {
        Actor::from_user(&self.0)
    }
}

impl FromRequestParts<Arc<AppState>> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        match MaybeUser::from_request_parts(parts, state).await? {
            MaybeUser(Some(user)) => Ok(CurrentUser(user)),
            MaybeUser(None) => Err(ApiError::unauthorized()),
        }
    }
}

/// A signed-in administrator.
pub struct AdminUser(pub User);

impl AdminUser {
    pub fn actor(&self) -> Actor {
        Actor::from_user(&self.0)
    }
}

impl FromRequestParts<Arc<AppState>> for AdminUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let CurrentUser(user) = CurrentUser::from_request_parts(parts, state).await?;
        if user.role != "admin" {
            return Err(ApiError::forbidden("administer the system"));
        }
        Ok(AdminUser(user))
    }
}

/// The caller's IP address, for rate limits: the peer address, or the first `X-Forwarded-For`
/// entry when the service is configured to trust its reverse proxy.
pub struct ClientIp(pub String);

impl FromRequestParts<Arc<AppState>> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        if state.config.trust_forwarded_for
            && let Some(forwarded) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
            && let Some(first) = forwarded.split(',').next()
        {
            return Ok(ClientIp(first.trim().to_string()));
        }
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        Ok(ClientIp(peer))
    }
}
