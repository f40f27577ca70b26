//! Static assets, compiled into the binary (no CDN, nothing to deploy beside it). Their names
//! carry a hash of their content, so browsers may keep them for a year and still never see a
//! stale one after an upgrade.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

const CSS: &[u8] = include_bytes!("../../static/app.css");
const HTMX: &[u8] = include_bytes!("../../static/htmx-2.0.11.min.js");

struct Asset {
    name: String,
    bytes: &'static [u8],
    content_type: &'static str,
}

fn hashed(stem: &str, ext: &str, bytes: &'static [u8], content_type: &'static str) -> Asset {
    let hash = hex::encode(&Sha256::digest(bytes)[..5]);
    Asset {
        name: format!("{stem}-{hash}.{ext}"),
        bytes,
        content_type,
    }
}

fn assets() -> &'static [Asset; 2] {
    static ASSETS: OnceLock<[Asset; 2]> = OnceLock::new();
    ASSETS.get_or_init(|| {
        [
            hashed("app", "css", CSS, "text/css; charset=utf-8"),
            hashed("htmx", "js", HTMX, "text/javascript; charset=utf-8"),
        ]
    })
}

/// The URL of the style sheet.
pub fn css_url() -> String {
    format!("/static/{}", assets()[0].name)
}

/// The URL of htmx.
pub fn htmx_url() -> String {
    format!("/static/{}", assets()[1].name)
}

pub async fn serve(Path(name): Path<String>) -> Response {
    let Some(asset) = assets().iter().find(|a| a.name == name) else {
        let message = super::both_languages(&nivaran_domain::msg!("web-assets-no-such-file"));
        return (StatusCode::NOT_FOUND, message).into_response();
    };
    let mut response = asset.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    response
}
