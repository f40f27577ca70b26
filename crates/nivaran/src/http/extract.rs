//! Extractors that turn every kind of bad request into an [`ApiError`] naming the field, instead
//! of axum's plain-text rejections.

use super::AppState;
use super::error::ApiError;
use crate::store::{Actor, User};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use nivaran_domain::{ErrorCode, msg};
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// Pulls a field name out of serde's "missing field `x`" / "unknown variant" messages.
fn field_from_message(message: &str) -> Option<String> {
    let start = message.find('`')?;
    let rest = &message[start + 1..];
    let end = rest.find('`')?;
    Some(rest[..end].to_string())
}

/// `what`: `json` (a body) or `query` (a query string).
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
    let said = match &field {
        Some(f) => msg!(
            "http-extract-bad-field",
            what = what,
            name = f,
            detail = message
        ),
        None => msg!("http-extract-bad-format", what = what, detail = message),
    };
    let mut e = ApiError::bad_request(ErrorCode::InvalidRequest, None, said);
    e.field = field;
    e
}

/// A body that could not be read: too large (413), too slow (408), or cut off.
pub fn body_error(
    error: &(dyn std::error::Error + 'static),
    status: axum::http::StatusCode,
    text: String,
) -> ApiError {
    use axum::http::StatusCode;
    if super::body_deadline::is_deadline(error) {
        return ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            ErrorCode::RequestTimeout,
            msg!("http-extract-body-timeout"),
        );
    }
    if status == StatusCode::PAYLOAD_TOO_LARGE || text.contains("length limit") {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BodyTooLarge,
            msg!("http-extract-body-too-large", detail = text),
        );
    }
    ApiError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::InvalidBody,
        msg!("http-extract-body-unreadable", detail = text),
    )
}

/// A multipart body that could not be read: too large (413), too slow (408), or malformed (422,
/// `invalid_upload`).
pub fn multipart_error(error: &axum::extract::multipart::MultipartError) -> ApiError {
    let e = body_error(error, error.status(), error.body_text());
    if e.code == "invalid_body" {
        return ApiError::bad_request(
            ErrorCode::InvalidUpload,
            None,
            msg!("http-extract-upload-unreadable", detail = error.body_text()),
        );
    }
    e
}

/// What a multipart form held: its text fields in order, and its files (parts with a file
/// name, or named `file` or `media`; empty ones left out, as a form's untouched file input
/// sends one, but their names kept in `empty`). The one reader of multipart bodies for the API
/// (filing and documents), Open311 and the web pages.
pub struct MultipartBody {
    pub fields: Vec<(String, String)>,
    pub files: Vec<crate::store::Upload>,
    /// The names of the files sent with nothing in them.
    pub empty: Vec<String>,
}

impl MultipartBody {
    pub async fn read(request: Request) -> Result<MultipartBody, ApiError> {
        let mut multipart = axum::extract::Multipart::from_request(request, &())
            .await
            .map_err(|e| {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    body_error(&e, e.status(), e.body_text())
                } else {
                    ApiError::bad_request(
                        ErrorCode::InvalidUpload,
                        None,
                        msg!("http-extract-form-malformed", detail = e.body_text()),
                    )
                }
            })?;
        Self::from_multipart(&mut multipart).await
    }

    pub async fn from_multipart(
        multipart: &mut axum::extract::Multipart,
    ) -> Result<MultipartBody, ApiError> {
        let mut body = MultipartBody {
            fields: Vec::new(),
            files: Vec::new(),
            empty: Vec::new(),
        };
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| multipart_error(&e))?
        {
            let name = field.name().unwrap_or_default().to_string();
            if field.file_name().is_some() || name == "file" || name == "media" {
                let filename = field.file_name().unwrap_or("document").to_string();
                let bytes = field.bytes().await.map_err(|e| multipart_error(&e))?;
                if bytes.is_empty() {
                    body.empty.push(filename);
                } else {
                    body.files.push(crate::store::Upload {
                        filename,
                        bytes: bytes.to_vec(),
                    });
                }
            } else {
                let value = field.text().await.map_err(|e| multipart_error(&e))?;
                body.fields.push((name, value));
            }
        }
        Ok(body)
    }
}

/// True when the request's body is `multipart/form-data`.
pub fn is_multipart(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
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
                ErrorCode::UnsupportedMediaType,
                msg!("http-extract-send-json"),
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| body_error(&e, e.status(), e.body_text()))?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| deserialize_error(e.path().to_string(), e.inner().to_string(), "json"))?;
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
        let value = serde_path_to_error::deserialize(de)
            .map_err(|e| deserialize_error(e.path().to_string(), e.inner().to_string(), "query"))?;
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
                ErrorCode::InvalidToken,
                msg!("http-extract-token-invalid"),
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
            return Err(ApiError::forbidden("administer"));
        }
        Ok(AdminUser(user))
    }
}

/// The caller's IP address, for rate limits: the peer's, or, when the peer is a trusted reverse
/// proxy, the address that proxy saw: the right-most `X-Forwarded-For` entry that is not itself
/// a trusted proxy. Entries further left were written by the client and prove nothing (taking
/// the left-most let anyone choose their address, and so escape every limit).
pub struct ClientIp(pub String);

/// See [`ClientIp`]. An IPv6 client is its /64 (one subscriber's network), so that one
/// household cannot try again from each of its addresses.
pub fn client_address(parts: &Parts, config: &super::HttpConfig) -> String {
    let Some(peer) = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_canonical())
    else {
        return "unknown".into();
    };
    if !config.is_trusted_proxy(peer) {
        return as_client(peer);
    }
    let mut seen = peer;
    // Every X-Forwarded-For header, in order, read as one list from the right. Bytes that are
    // not ASCII (the client's part) do not hide the entries the proxies appended.
    let entries: Vec<String> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .split(',')
                .map(|e| e.trim().trim_matches('"').to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    for entry in entries.iter().rev() {
        let address = entry
            .parse::<std::net::IpAddr>()
            .or_else(|_| entry.parse::<std::net::SocketAddr>().map(|s| s.ip()))
            .map(|ip| ip.to_canonical());
        match address {
            Ok(address) if config.is_trusted_proxy(address) => seen = address,
            Ok(address) => return as_client(address),
            // Garbage from the client's side of the list: the last address is what we know.
            Err(_) => break,
        }
    }
    as_client(seen)
}

/// The key limits count a client by: an IPv4 address, or an IPv6 address's /64.
fn as_client(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => {
            let s = v6.segments();
            let network = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
            format!("{network}/64")
        }
    }
}

impl FromRequestParts<Arc<AppState>> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_address(parts, &state.config)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(peer: &str, forwarded: &[&str]) -> Parts {
        let mut request = axum::http::Request::builder();
        for value in forwarded {
            request = request.header("x-forwarded-for", *value);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        parts.extensions.insert(axum::extract::ConnectInfo(
            format!("{peer}:4000")
                .parse::<std::net::SocketAddr>()
                .unwrap(),
        ));
        parts
    }

    #[test]
    fn the_address_is_the_one_the_trusted_proxy_saw() {
        let config = super::super::HttpConfig {
            trusted_proxies: vec![
                "10.0.0.0/8".parse().unwrap(),
                "127.0.0.1/32".parse().unwrap(),
            ],
            ..Default::default()
        };
        // Straight from the internet: the peer, whatever it writes.
        assert_eq!(
            client_address(&parts("203.0.113.9", &["1.2.3.4"]), &config),
            "203.0.113.9"
        );
        // Through the proxy: what the proxy appended, not what the client wrote before it.
        assert_eq!(
            client_address(&parts("10.0.0.2", &["6.6.6.6, 203.0.113.9"]), &config),
            "203.0.113.9"
        );
        // Through two proxies of ours, and with the header given twice.
        assert_eq!(
            client_address(
                &parts("127.0.0.1", &["6.6.6.6, 198.51.100.4", "10.1.1.1"]),
                &config
            ),
            "198.51.100.4"
        );
        // Nothing usable: the last proxy seen.
        assert_eq!(
            client_address(&parts("10.0.0.2", &["not-an-address"]), &config),
            "10.0.0.2"
        );
        assert_eq!(client_address(&parts("10.0.0.2", &[]), &config), "10.0.0.2");
    }
}
