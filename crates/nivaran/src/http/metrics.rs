//! `/metrics` for Prometheus: on the main port, or on a port of its own (`[metrics] listen`),
//! optionally behind a bearer token (`[metrics] token`). Each request is counted by its route's
//! template, which the router marks on the answer (see [`mark_route`]).

use super::AppState;
use super::error::ApiError;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use nivaran_domain::{ErrorCode, msg};
use std::sync::Arc;

/// The route template a request matched, carried on its answer to the layer that counts it
/// (which runs outside the router and sees only the path).
#[derive(Clone)]
pub struct RouteTemplate(pub Arc<str>);

/// Marks the answer with the template of the route the request matched.
pub async fn mark_route(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| RouteTemplate(Arc::from(p.as_str())));
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

/// `GET /metrics`: the node's metrics in Prometheus's text format.
pub async fn metrics(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = &state.config.metrics_token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        // The same constant-time comparison as the telephony system's token.
        if !crate::telephony::token_holds(Some(token), given) {
            return Err(ApiError::new(
                axum::http::StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthorized,
                msg!("http-metrics-token"),
            ));
        }
    }
    state.store.refresh_metrics().await;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(crate::metrics::CONTENT_TYPE),
        )],
        state.store.metrics().encode(),
    )
        .into_response())
}

/// The router of the separate metrics port: `/metrics` alone.
pub fn admin_router(state: Arc<AppState>) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(metrics))
        .with_state(state)
}
