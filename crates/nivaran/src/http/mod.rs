//! The HTTP layer: the JSON API under /api/v1, the web pages (module `web`) and the health
//! probes. Handlers are thin: they
//! extract, call the store, and shape the answer; rules live in the domain and the store.

mod admin;
mod auth;
pub mod body_deadline;
pub mod cookies;
mod duplicates;
pub mod error;
pub(crate) mod extract;
mod grievances;
mod master;
pub mod metrics;
mod open311;
mod openapi;
mod otp;
pub mod social;
mod telephony;
mod whatsapp;

use crate::store::Store;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use error::ApiError;
use nivaran_domain::{ErrorCode, msg};
use std::sync::Arc;

/// Settings the HTTP layer needs.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// How long a login session lasts.
    pub session_minutes: i64,
    /// Mark cookies Secure (on behind HTTPS; off only for plain-HTTP local use).
    pub secure_cookies: bool,
    /// The secret SMS delivery reports must carry; reports are refused without one configured.
    pub sms_callback_token: Option<String>,
    /// The reverse proxies whose `X-Forwarded-For` is believed (see [`extract::client_address`]).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// How long a request's body may take to arrive.
    pub request_body_timeout: std::time::Duration,
    /// `/metrics` on the main port (else on `[metrics] listen` alone).
    pub metrics_on_main_port: bool,
    /// The bearer token `/metrics` asks for, if any.
    pub metrics_token: Option<String>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            session_minutes: 12 * 60,
            secure_cookies: true,
            sms_callback_token: None,
            trusted_proxies: Vec::new(),
            request_body_timeout: std::time::Duration::from_secs(60),
            metrics_on_main_port: true,
            metrics_token: None,
        }
    }
}

impl HttpConfig {
    pub fn from_config(config: &crate::config::Config) -> HttpConfig {
        HttpConfig {
            session_minutes: config.session_minutes,
            secure_cookies: config.secure_cookies,
            sms_callback_token: config.sms.callback_token.clone(),
            trusted_proxies: config.trusted_proxies.clone(),
            request_body_timeout: config.server.request_body_timeout,
            metrics_on_main_port: config.metrics.listen.is_none(),
            metrics_token: config.metrics.token.clone(),
        }
    }

    /// True when `peer` is one of the trusted reverse proxies.
    pub fn is_trusted_proxy(&self, peer: std::net::IpAddr) -> bool {
        self.trusted_proxies.iter().any(|net| net.contains(&peer))
    }
}

pub struct AppState {
    pub store: Arc<Store>,
    pub config: HttpConfig,
    /// The key that signs the web pages' CSRF tokens and links (shared by all nodes).
    pub secret: Vec<u8>,
    /// New grievances, committed in groups.
    pub intake: crate::intake::Intake,
}

impl AppState {
    pub async fn new(
        store: Arc<Store>,
        config: HttpConfig,
    ) -> Result<AppState, crate::store::StoreError> {
        let secret = store.web_secret().await?;
        Ok(AppState {
            intake: crate::intake::Intake::start(store.clone()),
            store,
            config,
            secret,
        })
    }
}

/// The JSON API, to be nested at `/api/v1`.
pub fn api_router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/openapi.json", get(openapi_json))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/password", post(auth::change_password))
        .route("/auth/signup", post(auth::signup))
        .route("/auth/password/reset", post(auth::reset_password))
        .route("/me", get(auth::me))
        .route("/otp/request", post(otp::request))
        .route("/otp/verify", post(otp::verify))
        .route("/jurisdictions", get(master::jurisdictions))
        .route("/departments", get(master::departments))
        .route("/categories", get(master::categories))
        .route("/categories/suggest", get(master::suggest_categories))
        .route("/offices", get(master::offices))
        .route(
            "/grievances",
            post(grievances::register).get(grievances::list),
        )
        .route("/interdepartmental", get(grievances::interdepartmental))
        .route("/grievances/similar", get(duplicates::similar))
        .route("/grievances/{regno}/followers", post(duplicates::attach))
        .route("/duplicates", get(duplicates::review))
        .route("/duplicates/dismiss", post(duplicates::dismiss))
        .route("/grievances/{regno}", get(grievances::show))
        .route("/grievances/{regno}/actions", post(grievances::act))
        .route(
            "/grievances/{regno}/attachments",
            post(grievances::upload).get(grievances::attachments),
        )
        .route(
            "/grievances/{regno}/attachments/{sha256}",
            get(grievances::download),
        )
        .route("/admin/users", get(admin::list_users).post(admin::add_user))
        .route(
            "/admin/tokens",
            get(admin::list_tokens).post(admin::issue_token),
        )
        .route(
            "/admin/tokens/{id}",
            axum::routing::delete(admin::revoke_token),
        )
        .route(
            "/admin/api-keys",
            get(admin::list_api_keys).post(admin::issue_api_key),
        )
        .route(
            "/admin/api-keys/{id}",
            axum::routing::delete(admin::revoke_api_key),
        )
        .route(
            "/admin/webhooks",
            get(admin::list_webhooks).post(admin::add_webhook),
        )
        .route(
            "/admin/webhooks/{id}",
            axum::routing::delete(admin::remove_webhook),
        )
        .route(
            "/categories/{code}/attributes",
            get(admin::category_attributes).put(admin::set_category_attributes),
        )
        .route("/admin/outbox", get(admin::outbox))
        .route("/admin/outbox/{id}/retry", post(admin::retry_outbox))
        .route("/admin/exchange-records", get(admin::exchange_records))
        .route(
            "/social/meta/webhook",
            get(social::meta_verify).post(social::meta_webhook),
        )
        .route("/social/feed", post(social::feed))
        .route("/social/posts", get(social::posts))
        .route("/social/posts/{id}", get(social::post))
        .route("/social/posts/{id}/triage", post(social::triage))
        .route("/social/figures", get(social::figures))
        .route("/telephony/calls", post(telephony::generic))
        .route(
            "/telephony/exotel",
            get(telephony::exotel_passthru).post(telephony::exotel_status),
        )
        .route("/telephony/asterisk", post(telephony::asterisk))
        .route("/telephony/ivr/status", get(telephony::ivr_status))
        .route(
            "/whatsapp/webhook",
            get(whatsapp::verify).post(whatsapp::webhook),
        )
        .route("/sms/delivery-report", get(admin::delivery_report))
        .fallback(api_not_found)
}

/// Open311 GeoReport v2, to be nested at `/open311/v2`.
pub fn open311_router() -> Router<Arc<AppState>> {
    open311::router()
}

/// The OpenAPI 3.1 description of this API (made once: it depends only on the code).
async fn openapi_json() -> Json<serde_json::Value> {
    static DOCUMENT: std::sync::LazyLock<serde_json::Value> =
        std::sync::LazyLock::new(openapi::document);
    Json(DOCUMENT.clone())
}

async fn api_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NoRoute,
        msg!("http-mod-no-endpoint"),
    )
}

/// Liveness: the process answers.
pub async fn healthz() -> impl IntoResponse {
    Json(serde_json::json!({"status": "ok"}))
}

/// Readiness: the database answers, the file store can be read and written, and this node's
/// worker (when it runs one) is coming round; each checked within a second. Unready, the answer
/// is 503 with `Retry-After`, so a load balancer sends requests elsewhere meanwhile.
pub async fn readyz(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    let within = std::time::Duration::from_secs(1);
    let (database, files) = tokio::join!(
        tokio::time::timeout(within, state.store.ping()),
        tokio::time::timeout(within, state.store.files_usable()),
    );
    let database = matches!(database, Ok(true));
    let files = matches!(files, Ok(Ok(())));
    let worker = state.store.worker_health();
    let ready = database && files && worker != crate::store::WorkerHealth::Stalled;
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let word = |ok: bool| if ok { "ok" } else { "unavailable" };
    let retry_after = (!ready).then_some([(axum::http::header::RETRY_AFTER, "5")]);
    let mut checks = serde_json::json!({
        "database": word(database),
        "files": word(files),
        "worker": worker.word(),
    });
    // Said, never a reason to be unready: without it the node reads the primary.
    if let Some(replica) = state.store.replica_check().await {
        checks["replica"] = replica.into();
    }
    (
        status,
        retry_after,
        Json(serde_json::json!({
            "status": if ready { "ready" } else { "unavailable" },
            "database": state.store.engine().name(),
            "checks": checks,
        })),
    )
}
