//! Open311 GeoReport v2 at `/open311/v2`: what city apps, departments' systems and national
//! portals already speak. Services are our categories (the department is the `group`), a
//! service request is a grievance (its registration number is the `service_request_id`), and
//! a request filed here is a grievance like any other: routed, given its deadline, told to the
//! citizen by SMS, audited, with the channel `open311`.
//!
//! Every answer, errors included, is XML or JSON by the path's suffix (XML where there is
//! none to go by). Nothing personal is shown to the public: a request's description, address,
//! coordinates and answers are shown only to the integration that filed it (its `api_key`).

mod filing;
mod reading;
mod services;
use filing::*;
use reading::*;
use services::*;

mod format;

use super::AppState;
use super::error::{ApiError, wants_hindi};
use crate::present::i18n::Lang;
use crate::store::{
    Actor, CategoryAttribute, GrievanceView, IntegrationCase, IntegrationFilter, MasterData, Upload,
};
use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use format::{Document, Format, Node};
use nivaran_domain::clock::Timestamp;
use nivaran_domain::grievance::GrievanceForm;
use nivaran_domain::message::Message;
use nivaran_domain::msg;
use nivaran_domain::types::Role;
use sha2::Digest;
use std::collections::HashMap;
use std::sync::Arc;

const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";
/// The longest span `GET requests` covers, and the most requests one answer holds.
const MAX_SPAN_DAYS: i64 = 90;
const MAX_PAGE_SIZE: i64 = 1000;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/{file}",
            get(get_collection)
                .post(post_collection)
                .fallback(method_not_allowed),
        )
        .route(
            "/{collection}/{file}",
            get(get_item).fallback(method_not_allowed),
        )
        .fallback(no_such_resource)
}

/// The query string's (or a form's) fields; a field sent empty counts as not sent.
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(bytes: &[u8]) -> Params {
        Params(
            form_urlencoded::parse(bytes)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    /// A comma-separated list field, its parts trimmed, empty parts left out.
    fn list(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|v| {
                v.split(',')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `attribute[code]=v` and `attribute[code][]=v` (a multivaluelist, repeated).
    fn attributes(&self) -> HashMap<String, Vec<String>> {
        crate::store::answers_in(&self.0)
    }
}

/// An error in the specification's shape: `<errors><error><code/><description/></error>`.
fn error(format: Format, status: StatusCode, description: impl Into<String>) -> Document {
    Document {
        status,
        root: "errors",
        body: Node::List(
            "error",
            vec![Node::Object(vec![
                ("code", Node::Integer(status.as_u16() as i64)),
                ("description", Node::text(description)),
            ])],
        ),
        format,
    }
}

/// Our errors in Open311's terms: 404 stays 404, a refused key is 403, too many requests 429,
/// our own failure 503; every other problem with the request is the specification's 400.
fn from_api_error(format: Format, lang: Lang, e: ApiError) -> Document {
    let status = match e.status_code() {
        StatusCode::NOT_FOUND => StatusCode::NOT_FOUND,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => StatusCode::FORBIDDEN,
        StatusCode::TOO_MANY_REQUESTS => StatusCode::TOO_MANY_REQUESTS,
        s if s.is_server_error() => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::BAD_REQUEST,
    };
    let message = e.message_in(lang);
    let description = match e.field {
        Some(field) => format!("{field}: {message}"),
        None => message,
    };
    error(format, status, description)
}

/// What every handler starts from: the format, the language, the query's fields.
struct Call {
    format: Format,
    lang: Lang,
    query: Params,
}

impl Call {
    fn new(file: &str, uri: &Uri, headers: &HeaderMap) -> Result<(Call, String), Document> {
        let query = Params::parse(uri.query().unwrap_or("").as_bytes());
        let lang = lang_of(uri, headers);
        match Format::split(file) {
            Some((stem, format)) => Ok((
                Call {
                    format,
                    lang,
                    query,
                },
                stem.to_string(),
            )),
            None => Err(error(
                Format::Xml,
                StatusCode::NOT_FOUND,
                lang.say(&msg!("http-open311-format-suffix")),
            )),
        }
    }

    fn fail(&self, e: impl Into<ApiError>) -> Document {
        from_api_error(self.format, self.lang, e.into())
    }

    /// An error of ours (not one the store or the extractors made), in the caller's language.
    fn say(&self, status: StatusCode, message: Message) -> Document {
        error(self.format, status, self.lang.say(&message))
    }

    /// `jurisdiction_id`: we serve the states in our master data, so it is optional; when
    /// given it must name one of our jurisdictions (a state's code, usually). Empty is absent.
    fn jurisdiction(&self, master: &MasterData, fields: &Params) -> Result<Option<i64>, Document> {
        match fields.get("jurisdiction_id") {
            None => Ok(None),
            Some(code) => master
                .jurisdiction_by_code(code)
                .map(|j| Some(j.id))
                .ok_or_else(|| {
                    self.say(
                        StatusCode::NOT_FOUND,
                        msg!("http-open311-jurisdiction-not-found", code = code),
                    )
                }),
        }
    }
}

/// The format a path's last part asks for; XML where it names none.
fn format_of(uri: &Uri) -> Format {
    uri.path()
        .rsplit('/')
        .next()
        .and_then(Format::split)
        .map_or(Format::Xml, |(_, f)| f)
}

/// The language the caller asked for (`?lang=hi` or Accept-Language).
fn lang_of(uri: &Uri, headers: &HeaderMap) -> Lang {
    if wants_hindi(uri.query(), headers) {
        Lang::Hi
    } else {
        Lang::En
    }
}

async fn method_not_allowed(uri: Uri, headers: HeaderMap) -> Document {
    error(
        format_of(&uri),
        StatusCode::METHOD_NOT_ALLOWED,
        lang_of(&uri, &headers).say(&msg!("http-open311-method-not-allowed")),
    )
}

async fn no_such_resource(uri: Uri, headers: HeaderMap) -> Document {
    error(
        format_of(&uri),
        StatusCode::NOT_FOUND,
        lang_of(&uri, &headers).say(&msg!("http-open311-no-such-resource")),
    )
}

fn either(r: Result<Document, Document>) -> Response {
    match r {
        Ok(d) | Err(d) => d.into_response(),
    }
}

async fn get_collection(
    State(state): State<Arc<AppState>>,
    file: Result<Path<String>, PathRejection>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    // A path that does not decode (bad percent-escapes) is no resource of ours, in XML.
    let Ok(Path(file)) = file else {
        return no_such_resource(uri, headers).await.into_response();
    };
    either(
        async {
            let (call, stem) = Call::new(&file, &uri, &headers)?;
            match stem.as_str() {
                "discovery" => discovery(&state, &call, &headers).await,
                "services" => services(&state, &call).await,
                "requests" => requests(&state, &call).await,
                _ => Err(no_such_resource(uri.clone(), headers.clone()).await),
            }
        }
        .await,
    )
}

async fn get_item(
    State(state): State<Arc<AppState>>,
    path: Result<Path<(String, String)>, PathRejection>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let Ok(Path((collection, file))) = path else {
        return no_such_resource(uri, headers).await.into_response();
    };
    either(
        async {
            let (call, id) = Call::new(&file, &uri, &headers)?;
            match collection.as_str() {
                "services" => service_definition(&state, &call, &id).await,
                "requests" => request(&state, &call, &id).await,
                "tokens" => token(&state, &call, &id).await,
                _ => Err(no_such_resource(uri.clone(), headers.clone()).await),
            }
        }
        .await,
    )
}

async fn post_collection(
    State(state): State<Arc<AppState>>,
    file: Result<Path<String>, PathRejection>,
    request: Request,
) -> Response {
    let uri = request.uri().clone();
    let headers = request.headers().clone();
    let Ok(Path(file)) = file else {
        return no_such_resource(uri, headers).await.into_response();
    };
    either(
        async {
            let (call, stem) = Call::new(&file, &uri, &headers)?;
            if stem != "requests" {
                return Err(method_not_allowed(uri.clone(), headers.clone()).await);
            }
            file_request(&state, &call, request).await
        }
        .await,
    )
}

/// The address this server is reached at, for the discovery document.
fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}/open311/v2")
}
