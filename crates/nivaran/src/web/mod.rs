//! The web application: server-rendered pages in Hindi and English for every role, with htmx
//! for partial updates where JavaScript runs and plain forms and links where it does not.
//!
//! Handlers are as thin as the JSON API's: they read a form, call the store, and render a
//! template. Failures are the HTTP layer's one error type, [`ApiError`]; the [`guard`] layer
//! turns them into pages in the reader's language (or a trip to the sign-in page).

mod admin;
mod assets;
mod camp;
mod case_parts;
pub(crate) mod cases;
mod chart;
mod csrf;
mod ctx;
mod dashboard;
mod discipline;
mod duplicates;
mod filing;
mod forms;
pub use crate::present::i18n;
mod helpline;
mod inbox;
mod interdepartmental;
mod monitoring;
mod open_data;
mod public;
mod reports;
mod review_schedules;
mod reviews;
mod smgt;
mod suggest;
mod views;

use crate::http::AppState;
pub use crate::http::cookies::{cookie, cookie_header};
use crate::http::error::ApiError;
use askama::Template;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
pub use csrf::{CSRF_COOKIE, CsrfSeed, sign, verify_signature};
pub use ctx::{Ctx, LANG_COOKIE, request_lang};
use nivaran_domain::{ErrorCode, msg};
use std::sync::Arc;

/// The biggest URL-encoded form we read (descriptions are long, files go as multipart).
const FORM_LIMIT: usize = 256 * 1024;

pub fn router(state: Arc<AppState>) -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(public::home))
        .route("/lang", post(public::switch_language))
        .route("/login", get(public::login_page).post(public::login))
        .route("/logout", post(public::logout))
        .route(
            "/account/password",
            get(public::password_page).post(public::change_password),
        )
        .route("/file", get(filing::form).post(filing::submit))
        .route("/file/categories", get(filing::category_options))
        .route("/file/questions", get(filing::questions))
        .route("/file/suggest", post(suggest::partial))
        .route("/file/similar", post(duplicates::partial))
        .route("/file/attach", post(duplicates::attach))
        .route("/duplicates", get(duplicates::review))
        .route("/duplicates/dismiss", post(duplicates::dismiss))
        .route("/file/places", get(filing::location_picker))
        .route("/filed/{regno}", get(filing::filed))
        .route("/track", get(public::track_page).post(public::track_send))
        .route("/track/verify", post(public::track_verify))
        .route("/my", get(public::my_cases))
        .route("/cases/{regno}", get(cases::show))
        .route("/cases/{regno}/act", post(cases::act))
        .route("/cases/{regno}/atr", post(cases::submit_atr))
        .route("/cases/{regno}/documents", post(cases::upload))
        .route("/cases/{regno}/documents/{sha256}", get(cases::download))
        .route("/helpline", get(helpline::screen))
        .route("/helpline/calls", get(helpline::calls))
        .route("/verify/dial", post(helpline::dial))
        .route("/inbox", get(inbox::inbox))
        .route("/inbox/bulk", post(inbox::bulk))
        .route("/supervisor", get(inbox::supervisor))
        .route("/dashboard", get(dashboard::dashboard))
        .route("/dashboard/cases", get(dashboard::cases))
        .route("/rankings", get(dashboard::rankings))
        .route(
            "/interdepartmental",
            get(interdepartmental::interdepartmental),
        )
        .route(
            "/verify",
            get(monitoring::verify_page).post(monitoring::verify_submit),
        )
        .route("/audit", get(monitoring::audit_page))
        .route("/audit/sample", post(monitoring::audit_sample))
        .route("/audit/report", get(monitoring::audit_report))
        .route("/audit/{id}", post(monitoring::audit_submit))
        .route("/reports", get(reports::reports_page))
        .route("/reviews", get(reviews::list).post(reviews::create))
        .route("/reviews/agenda", get(reviews::agenda))
        .route("/reviews/schedules/{id}/stop", post(review_schedules::stop))
        .route("/reviews/{id}", get(reviews::show))
        .route("/reviews/{id}/attendance", post(reviews::attendance))
        .route("/reviews/{id}/minutes", post(reviews::minutes))
        .route("/reviews/{id}/send", post(reviews::send))
        .route("/reviews/{id}/directions", post(reviews::direction))
        .route(
            "/reviews/{id}/directions/{direction}/outcome",
            post(reviews::outcome),
        )
        .route("/reviews/{id}/{file}", get(reviews::download))
        .route("/directions", get(reviews::mine))
        .route("/discipline", get(discipline::list).post(discipline::open))
        .route("/discipline/{id}", get(discipline::show))
        .route("/discipline/{id}/steps", post(discipline::add_step))
        .route(
            "/discipline/{id}/documents/{sha256}",
            get(discipline::document),
        )
        .route("/reports/{file}", get(reports::download))
        .route("/public", get(open_data::page_handler))
        .route("/public/data.csv", get(open_data::csv))
        .route("/public/data.json", get(open_data::json))
        .route(
            "/public/audit/checkpoints",
            get(open_data::audit_checkpoints),
        )
        .route("/camp", get(camp::camp_page).post(camp::camp_submit))
        .route(
            "/camp/upload",
            get(camp::upload_page).post(camp::upload_submit),
        )
        .route("/camp/template.csv", get(camp::template_csv))
        .route("/camp/category", get(camp::camp_category))
        .route("/camp/similar", post(camp::camp_similar))
        .route("/camp/attach", post(camp::camp_attach))
        .merge(admin::router())
        .merge(smgt::routes())
        .route("/static/{name}", get(assets::serve))
        .layer(middleware::from_fn_with_state(state, guard))
}

/// A rendered page.
pub fn page(template: &impl Template) -> Response {
    page_with_status(StatusCode::OK, template)
}

pub fn page_with_status(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            // The page that failed held the reader's language; say it in both.
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                both_languages(&nivaran_domain::msg!("web-mod-page-failed")),
            )
                .into_response()
        }
    }
}

/// A message in English and Hindi, for an answer that knows no reader's language.
pub fn both_languages(message: &nivaran_domain::Message) -> String {
    format!(
        "{} / {}",
        i18n::Lang::En.say(message),
        i18n::Lang::Hi.say(message)
    )
}

/// After a form that changed something: back to a page with GET (so a reload does not repeat it).
/// A target that cannot be a header (it never should be: callers build it) goes home instead.
pub fn see_other(to: &str) -> Response {
    let location = HeaderValue::from_str(to).unwrap_or_else(|_| HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// Every request to a page passes here: it gets its CSRF seed, unsafe methods are checked for
/// the token, and errors come back as pages in the reader's language.
async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let headers = request.headers().clone();
    let existing = cookie(&headers, CSRF_COOKIE).and_then(|v| CsrfSeed::from_cookie(&v));
    let seed = existing.clone().unwrap_or_else(CsrfSeed::fresh);
    let lang = request_lang(&headers);
    let here = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let is_static = request.uri().path().starts_with("/static/");
    let htmx = headers.contains_key("hx-request");
    let method = request.method().clone();
    // Where to come back to after signing in: this page, or for a form the page it was on.
    let here = if method == Method::GET {
        here
    } else {
        headers
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
            .and_then(|rest| rest.find('/').map(|at| rest[at..].to_string()))
            .unwrap_or_else(|| "/".into())
    };

    let mut request = request;
    request.extensions_mut().insert(seed.clone());
    let response = if method == Method::GET || method == Method::HEAD {
        next.run(request).await
    } else {
        match check_csrf(&state, &seed, request).await {
            Ok(request) => next.run(request).await,
            Err(error) => error.into_response(),
        }
    };

    let mut response = match response.extensions().get::<ApiError>().cloned() {
        Some(error) => {
            let token = seed.token(&state.secret);
            error_page(&state, &headers, error, lang, token, here, htmx).await
        }
        None => response,
    };
    let headers = response.headers_mut();
    if existing.is_none() {
        headers.append(
            header::SET_COOKIE,
            cookie_header(CSRF_COOKIE, &seed.0, None, state.config.secure_cookies),
        );
    }
    if !is_static && !headers.contains_key(header::CACHE_CONTROL) {
        // Pages carry personal data: no shared caches, no copies on disk.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn csrf_refused() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::Csrf,
        msg!("web-mod-csrf-refused"),
    )
}

/// Lets the request through when it carries the token of its browser's seed.
async fn check_csrf(
    state: &AppState,
    seed: &CsrfSeed,
    request: Request,
) -> Result<Request, ApiError> {
    // A browser says where a form came from; a form from another site stops here.
    if let (Some(origin), Some(host)) = (
        request
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok()),
        request
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok()),
    ) {
        let origin_host = origin.split("://").nth(1).unwrap_or(origin);
        // Behind a trusted proxy the browser's host is the one the proxy says it forwarded.
        let forwarded = request
            .headers()
            .get("x-forwarded-host")
            .and_then(|v| v.to_str().ok())
            .filter(|_| {
                request
                    .extensions()
                    .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                    .is_some_and(|peer| state.config.is_trusted_proxy(peer.0.ip()))
            });
        if origin != "null" && origin_host != host && Some(origin_host) != forwarded {
            return Err(csrf_refused());
        }
    }
    let secret = &state.secret;
    if let Some(token) = request
        .headers()
        .get(csrf::CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        && seed.verify(secret, token)
    {
        return Ok(request);
    }
    if let Some(query) = request.uri().query()
        && let Some(token) = form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == csrf::CSRF_FIELD)
            .map(|(_, v)| v.into_owned())
        && seed.verify(secret, &token)
    {
        return Ok(request);
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(csrf_refused());
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_LIMIT).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BodyTooLarge,
            msg!("web-mod-form-too-large"),
        )
    })?;
    let token = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == csrf::CSRF_FIELD)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    if !seed.verify(secret, &token) {
        return Err(csrf_refused());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Ctx,
    status: u16,
    message: String,
}

/// An error as a page: the sign-in page for those who must sign in, else the message (with the
/// reader's own menu, so they can go on from there).
async fn error_page(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    error: ApiError,
    lang: i18n::Lang,
    csrf: String,
    here: String,
    htmx: bool,
) -> Response {
    if matches!(
        error.code,
        ErrorCode::Unauthorized | ErrorCode::InvalidToken
    ) {
        let expired = error.code == "invalid_token";
        let next = public::local_path(&here).unwrap_or_else(|| "/".into());
        let to = format!(
            "/login?{}next={}",
            if expired { "expired=1&" } else { "" },
            forms::url_encode(&next)
        );
        let mut response = if htmx {
            let mut r = StatusCode::OK.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert("hx-redirect", v);
            }
            r
        } else {
            see_other(&to)
        };
        if expired {
            response.headers_mut().append(
                header::SET_COOKIE,
                cookie_header("nivaran_session", "", Some(0), state.config.secure_cookies),
            );
        }
        return response;
    }
    let status = error.status_code();
    let message = lang.say(&error.message);
    let mut c = Ctx::anonymous(lang, csrf, here);
    if let Some(token) = cookie(headers, public::SESSION_COOKIE)
        && let Ok(Some(user)) = state.store.user_for_token(&token).await
    {
        c.role = nivaran_domain::types::Role::parse(&user.role);
        c.user = Some(user);
    }
    page_with_status(
        status,
        &ErrorPage {
            c,
            status: status.as_u16(),
            message,
        },
    )
}
