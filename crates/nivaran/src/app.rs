//! The whole service as one router: the JSON API, Open311, the web pages and the health probes,
//! under the headers and limits every answer gets. The top of the HTTP layers: it alone knows
//! them all (the API and the pages do not know each other).

use crate::http::{self, AppState, body_deadline, error};
use crate::store::MAX_ATTACHMENT_BYTES;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tracing::Instrument;

/// The Content-Security-Policy of every answer: nothing from elsewhere, no inline scripts or
/// styles, no framing.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub fn router(state: Arc<AppState>) -> Router {
    // Answers that may carry a citizen's name, number or words are kept by no cache on the way.
    let no_store = || {
        SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        )
    };
    let mut routes = Router::new()
        .nest("/api/v1", http::api_router().layer(no_store()))
        .nest("/open311/v2", http::open311_router().layer(no_store()))
        .route("/healthz", get(http::healthz))
        .route("/readyz", get(http::readyz));
    if state.config.metrics_on_main_port {
        routes = routes.route("/metrics", get(http::metrics::metrics));
    }
    routes
        .merge(crate::web::router(state.clone()))
        // Each answer says which route it came from, for the count of requests by route.
        .route_layer(middleware::from_fn(http::metrics::mark_route))
        .layer(middleware::from_fn(error::localize_errors))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(self)"),
        ))
        // Pages, styles and scripts travel gzipped: a cheap phone on 2G counts every byte.
        .layer(CompressionLayer::new())
        // Attachments are the largest bodies we take; the multipart envelope adds a little.
        .layer(DefaultBodyLimit::max(MAX_ATTACHMENT_BYTES + 64 * 1024))
        // A body that trickles in is given up on: a 10 MB upload on 2G takes a couple of
        // minutes at worst, the configured bound (two by default) more than that.
        .layer(middleware::from_fn_with_state(
            state.config.request_body_timeout,
            body_deadline::limit_body_time,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), trace_request))
        .with_state(state)
}

/// The request id: the caller's `X-Request-Id` (a proxy's or a client's) when it is a sane
/// token, else a new one.
fn request_id(request: &Request) -> String {
    request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|id| {
            !id.is_empty()
                && id.len() <= 64
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        })
        .map(str::to_string)
        .unwrap_or_else(new_request_id)
}

/// A new request id: this process's random prefix (drawn once) and a counter, unique across
/// nodes and restarts without asking the kernel for randomness on every request.
fn new_request_id() -> String {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU64, Ordering};
    static PREFIX: OnceLock<String> = OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let prefix = PREFIX.get_or_init(|| {
        let mut bytes = [0u8; 6];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        hex::encode(bytes)
    });
    format!("{prefix}-{:x}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Every request runs in a span carrying its id, method and route (the template, not the
/// path, which holds numbers), so each log line of it says which request it belongs to; the
/// answer carries the id back; and one line at INFO says how it ended and how long it took.
async fn trace_request(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let id = request_id(&request);
    // The fields are only worked out when the span is recorded (INFO is on).
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        route = %request
            .extensions()
            .get::<axum::extract::MatchedPath>()
            .map(|p| p.as_str())
            .unwrap_or_else(|| request.uri().path()),
    );
    let id = HeaderValue::from_str(&id).ok();
    if let Some(value) = &id {
        request.headers_mut().insert("x-request-id", value.clone());
    }
    let began = std::time::Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let took = began.elapsed();
    let millis = took.as_secs_f64() * 1000.0;
    let route = response
        .extensions()
        .get::<http::metrics::RouteTemplate>()
        .map(|r| r.0.clone());
    state.store.metrics().request(
        route.as_deref().unwrap_or("unmatched"),
        method.as_str(),
        status,
        took,
    );
    span.in_scope(|| {
        if status >= 500 {
            tracing::warn!(status, millis, "answered");
        } else {
            tracing::info!(status, millis, "answered");
        }
    });
    if let Some(value) = id {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}
