//! Open311 GeoReport v2 at `/open311/v2`: what city apps, departments' systems and national
//! portals already speak. Services are our categories (the department is the `group`), a
//! service request is a grievance (its registration number is the `service_request_id`), and
//! a request filed here is a grievance like any other: routed, given its deadline, told to the
//! citizen by SMS, audited, with the channel `open311`.
//!
//! Every answer, errors included, is XML or JSON by the path's suffix (XML where there is
//! none to go by). Nothing personal is shown to the public: a request's description, address,
//! coordinates and answers are shown only to the integration that filed it (its `api_key`).

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
fn from_api_error(format: Format, hindi: bool, e: ApiError) -> Document {
    let status = match e.status_code() {
        StatusCode::NOT_FOUND => StatusCode::NOT_FOUND,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => StatusCode::FORBIDDEN,
        StatusCode::TOO_MANY_REQUESTS => StatusCode::TOO_MANY_REQUESTS,
        s if s.is_server_error() => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::BAD_REQUEST,
    };
    let message = if hindi { e.message_hi } else { e.message_en };
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
        let hindi = wants_hindi(uri.query(), headers);
        let query = Params::parse(uri.query().unwrap_or("").as_bytes());
        let lang = if hindi { Lang::Hi } else { Lang::En };
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
                "Ask for a format by the path's suffix: .xml or .json",
            )),
        }
    }

    fn hindi(&self) -> bool {
        self.lang == Lang::Hi
    }

    fn fail(&self, e: impl Into<ApiError>) -> Document {
        from_api_error(self.format, self.hindi(), e.into())
    }

    fn say(&self, status: StatusCode, en: &str, hi: &str) -> Document {
        error(self.format, status, if self.hindi() { hi } else { en })
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
                        &format!("jurisdiction_id '{code}' was not found"),
                        &format!("jurisdiction_id '{code}' नहीं मिला"),
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

async fn method_not_allowed(uri: Uri) -> Document {
    error(
        format_of(&uri),
        StatusCode::METHOD_NOT_ALLOWED,
        "This resource does not take that method",
    )
}

async fn no_such_resource(uri: Uri) -> Document {
    error(
        format_of(&uri),
        StatusCode::NOT_FOUND,
        "There is no such Open311 resource: see discovery.xml",
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
        return no_such_resource(uri).await.into_response();
    };
    either(
        async {
            let (call, stem) = Call::new(&file, &uri, &headers)?;
            match stem.as_str() {
                "discovery" => discovery(&state, &call, &headers).await,
                "services" => services(&state, &call).await,
                "requests" => requests(&state, &call).await,
                _ => Err(no_such_resource(uri.clone()).await),
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
        return no_such_resource(uri).await.into_response();
    };
    either(
        async {
            let (call, id) = Call::new(&file, &uri, &headers)?;
            match collection.as_str() {
                "services" => service_definition(&state, &call, &id).await,
                "requests" => request(&state, &call, &id).await,
                "tokens" => token(&state, &call, &id).await,
                _ => Err(no_such_resource(uri.clone()).await),
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
    let Ok(Path(file)) = file else {
        return no_such_resource(uri).await.into_response();
    };
    let headers = request.headers().clone();
    either(
        async {
            let (call, stem) = Call::new(&file, &uri, &headers)?;
            if stem != "requests" {
                return Err(method_not_allowed(uri.clone()).await);
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

async fn discovery(
    state: &AppState,
    call: &Call,
    headers: &HeaderMap,
) -> Result<Document, Document> {
    let changeset = state
        .store
        .services_changed_at()
        .await
        .map_err(|e| call.fail(e))?
        .to_rfc3339_ist();
    let endpoint = Node::Object(vec![
        ("specification", Node::text(SPECIFICATION)),
        ("url", Node::text(base_url(state, headers))),
        ("changeset", Node::text(changeset.clone())),
        ("type", Node::text("production")),
        (
            "formats",
            Node::List(
                "format",
                vec![Node::text("text/xml"), Node::text("application/json")],
            ),
        ),
    ]);
    Ok(Document::ok(
        call.format,
        "discovery",
        Node::Object(vec![
            ("changeset", Node::text(changeset)),
            (
                "contact",
                Node::text(
                    "The state's Nivaran administrator (the grievance cell of the Chief Minister's office)",
                ),
            ),
            (
                "key_service",
                Node::text(
                    "API keys are issued to each integration by a Nivaran administrator (POST /api/v1/admin/api-keys)",
                ),
            ),
            ("endpoints", Node::List("endpoint", vec![endpoint])),
        ]),
    ))
}

async fn services(state: &AppState, call: &Call) -> Result<Document, Document> {
    let master = state.store.master();
    call.jurisdiction(&master, &call.query)?;
    let asking = state
        .store
        .categories_with_attributes()
        .await
        .map_err(|e| call.fail(e))?;
    let mut categories: Vec<_> = master.categories.values().collect();
    categories.sort_by(|a, b| a.code.cmp(&b.code));
    let lang = call.lang;
    let items = categories
        .into_iter()
        .map(|c| {
            let department = master.departments.get(&c.department_id);
            let group = department
                .map(|d| lang.pick(&d.name_en, &d.name_hi).to_string())
                .unwrap_or_default();
            let description = match lang {
                Lang::En => format!(
                    "{} ({group}): acted on within {} working days",
                    c.name_en, c.deadline_days
                ),
                Lang::Hi => format!(
                    "{} ({group}): {} कार्य दिवसों में कार्रवाई",
                    c.name_hi, c.deadline_days
                ),
            };
            Node::Object(vec![
                ("service_code", Node::text(c.code.clone())),
                (
                    "service_name",
                    Node::text(lang.pick(&c.name_en, &c.name_hi)),
                ),
                ("description", Node::text(description)),
                ("metadata", Node::Bool(asking.contains(&c.id))),
                ("type", Node::text("realtime")),
                // The other language's name: a search in either finds the service.
                (
                    "keywords",
                    Node::text(format!("{}, {}", c.name_en, c.name_hi)),
                ),
                ("group", Node::text(group)),
            ])
        })
        .collect();
    Ok(Document::ok(
        call.format,
        "services",
        Node::List("service", items),
    ))
}

fn attribute_node(lang: Lang, order: usize, a: &CategoryAttribute) -> Node {
    let mut fields = vec![
        ("variable", Node::Bool(true)),
        ("code", Node::text(a.code.clone())),
        ("datatype", Node::text(a.datatype.clone())),
        ("required", Node::Bool(a.required)),
        (
            "datatype_description",
            match a.datatype.as_str() {
                "number" => Node::text(lang.pick("A number", "एक संख्या")),
                "datetime" => Node::text(lang.pick(
                    "A date (YYYY-MM-DD) or a date and time with its offset",
                    "तारीख (YYYY-MM-DD) या समय सहित तारीख",
                )),
                "multivaluelist" => Node::text(lang.pick(
                    "One or more of the values' keys",
                    "मानों की एक या अधिक कुंजियाँ",
                )),
                _ => Node::Null,
            },
        ),
        ("order", Node::Integer(order as i64 + 1)),
        (
            "description",
            Node::text(lang.pick(&a.question_en, &a.question_hi)),
        ),
    ];
    if a.datatype.ends_with("valuelist") {
        fields.push((
            "values",
            Node::List(
                "value",
                a.choices
                    .iter()
                    .map(|c| {
                        Node::Object(vec![
                            ("key", Node::text(c.key.clone())),
                            ("name", Node::text(lang.pick(&c.name_en, &c.name_hi))),
                        ])
                    })
                    .collect(),
            ),
        ));
    }
    Node::Object(fields)
}

async fn service_definition(
    state: &AppState,
    call: &Call,
    code: &str,
) -> Result<Document, Document> {
    let master = state.store.master();
    call.jurisdiction(&master, &call.query)?;
    let category = master.category_by_code(code).ok_or_else(|| {
        call.say(
            StatusCode::NOT_FOUND,
            &format!("service_code '{code}' was not found"),
            &format!("service_code '{code}' नहीं मिला"),
        )
    })?;
    let attributes = state
        .store
        .category_attributes(category.id)
        .await
        .map_err(|e| call.fail(e))?;
    Ok(Document::ok(
        call.format,
        "service_definition",
        Node::Object(vec![
            ("service_code", Node::text(category.code.clone())),
            (
                "attributes",
                Node::List(
                    "attribute",
                    attributes
                        .iter()
                        .enumerate()
                        .map(|(i, a)| attribute_node(call.lang, i, a))
                        .collect(),
                ),
            ),
        ]),
    ))
}

/// A POST's fields and files, from a urlencoded body or a multipart one (where `media` is a
/// photo of the problem).
async fn read_post(state: &AppState, request: Request) -> Result<(Params, Vec<Upload>), ApiError> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let bad = |detail: String| {
        ApiError::bad_request(
            "invalid_body",
            None,
            format!("The request body could not be read: {detail}"),
            "अनुरोध का मुख्य भाग पढ़ा नहीं जा सका",
        )
    };
    if !multipart {
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|e| match e.status() {
                StatusCode::PAYLOAD_TOO_LARGE => {
                    crate::http::extract::body_error(&e, e.status(), e.body_text())
                }
                _ if crate::http::body_deadline::is_deadline(&e) => {
                    crate::http::extract::body_error(&e, e.status(), e.body_text())
                }
                _ => bad(e.body_text()),
            })?;
        return Ok((Params::parse(&bytes), Vec::new()));
    }
    let body = crate::http::extract::MultipartBody::read(request).await?;
    Ok((Params(body.fields), body.files))
}

/// Where a request is: the jurisdiction named by `address_id` (our jurisdiction code), found
/// in `address_string`, or whose headquarters is nearest `lat`/`long` (within 25 km); `None`
/// when none of them places it.
fn locate(master: &MasterData, fields: &Params, within: Option<i64>) -> Option<i64> {
    let inside = |id: i64| within.is_none_or(|w| master.jurisdiction_path(id).contains(&w));
    if let Some(j) = fields
        .get("address_id")
        .and_then(|code| master.jurisdiction_by_code(code))
        .filter(|j| inside(j.id))
    {
        return Some(j.id);
    }
    let by_address = fields
        .get("address_string")
        .and_then(|a| master.place_in_address(a, within));
    by_address.or_else(|| {
        let lat = fields.get("lat")?.parse::<f64>().ok()?;
        let long = fields.get("long")?.parse::<f64>().ok()?;
        master.place_at(lat, long, within)
    })
}

fn has_devanagari(text: &str) -> bool {
    text.chars().any(|c| ('\u{0900}'..='\u{097F}').contains(&c))
}

async fn file_request(
    state: &AppState,
    call: &Call,
    request: Request,
) -> Result<Document, Document> {
    let idempotency_key = request
        .headers()
        .get("idempotency-key")
        .map(|v| v.to_str().unwrap_or("\u{0}").to_string());
    let (body, files) = read_post(state, request).await.map_err(|e| call.fail(e))?;
    // Fields may come in the body or the query string (the key, especially): the body wins.
    let mut all = body.0;
    all.extend(call.query.0.iter().cloned());
    let fields = Params(all);
    let Some(secret) = fields.get("api_key") else {
        return Err(call.say(
            StatusCode::FORBIDDEN,
            "An api_key is required to file a request",
            "अनुरोध दर्ज करने के लिए api_key आवश्यक है",
        ));
    };
    let key = state
        .store
        .api_key_by_secret(secret)
        .await
        .map_err(|e| call.fail(e))?
        .ok_or_else(|| {
            call.say(
                StatusCode::FORBIDDEN,
                "The api_key is not valid (unknown or revoked)",
                "api_key मान्य नहीं है (अज्ञात या रद्द)",
            )
        })?;
    let master = state.store.master();
    let within = call.jurisdiction(&master, &fields)?;
    let Some(service_code) = fields.get("service_code") else {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            "service_code is required",
            "service_code आवश्यक है",
        ));
    };
    let Some(category) = master.category_by_code(service_code) else {
        return Err(call.say(
            StatusCode::NOT_FOUND,
            &format!("service_code '{service_code}' was not found"),
            &format!("service_code '{service_code}' नहीं मिला"),
        ));
    };
    let number = |name: &str| -> Result<Option<f64>, Document> {
        match fields.get(name) {
            None => Ok(None),
            Some(v) => v.parse::<f64>().map(Some).map_err(|_| {
                call.say(
                    StatusCode::BAD_REQUEST,
                    &format!("{name} must be a number"),
                    &format!("{name} एक संख्या होनी चाहिए"),
                )
            }),
        }
    };
    let (lat, long) = (number("lat")?, number("long")?);
    if lat.is_some() != long.is_some() {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            "lat and long are sent together",
            "lat और long साथ भेजें",
        ));
    }
    if lat.is_none() && fields.get("address_string").is_none() && fields.get("address_id").is_none()
    {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            "A location is required: lat and long, address_string or address_id",
            "स्थान आवश्यक है: lat और long, address_string या address_id",
        ));
    }
    let Some(phone) = fields.get("phone") else {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            "phone is required: the citizen is told of every step by SMS",
            "phone आवश्यक है: नागरिक को हर चरण की सूचना SMS से दी जाती है",
        ));
    };
    let name = [fields.get("first_name"), fields.get("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if name.chars().count() < 2 {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            "first_name or last_name is required: the citizen's name goes on the case",
            "first_name या last_name आवश्यक है: नागरिक का नाम प्रकरण पर दर्ज होता है",
        ));
    }
    let Some(description) = fields.get("description") else {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            "description is required: say what is wrong",
            "description आवश्यक है: समस्या बताएं",
        ));
    };
    if description.chars().count() > 4000 {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            "description is at most 4,000 characters",
            "description अधिकतम 4,000 अक्षर का हो सकता है",
        ));
    }
    let mut description = description.to_string();
    if let Some(url) = fields.get("media_url") {
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() > 500 {
            return Err(call.say(
                StatusCode::BAD_REQUEST,
                "media_url must be an http(s) address of at most 500 characters",
                "media_url 500 अक्षरों तक का http(s) पता होना चाहिए",
            ));
        }
        // Kept with the description, where the officer reads it.
        description.push_str(&format!("\n\nmedia_url: {url}"));
    }
    let located = locate(&master, &fields, within);
    // A request nothing places is filed under its state (the one asked for, or the first) and
    // waits in the nodal office's unrouted queue with what it was given.
    let (jurisdiction, unlocated) = match located {
        Some(j) => (j, false),
        None => {
            let state_id = within
                .and_then(|w| master.jurisdiction_path(w).last().copied())
                .or_else(|| {
                    let mut states = master.children_of(None);
                    states.sort_by(|a, b| a.code.cmp(&b.code));
                    states.first().map(|j| j.id)
                });
            match state_id {
                Some(s) => (s, true),
                None => {
                    return Err(call.say(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "No jurisdictions are set up yet",
                        "अभी कोई क्षेत्र स्थापित नहीं है",
                    ));
                }
            }
        }
    };
    let jurisdiction_code = master
        .jurisdictions
        .get(&jurisdiction)
        .map(|j| j.code.clone())
        .unwrap_or_default();
    let first_line = description.lines().next().unwrap_or("").trim();
    let subject: String = if first_line.chars().count() >= 5 {
        first_line.chars().take(150).collect()
    } else {
        category.name_en.clone()
    };
    let language = if has_devanagari(&description) {
        "hi"
    } else {
        "en"
    };
    let form = GrievanceForm {
        citizen_name: name,
        mobile: phone.to_string(),
        email: fields.get("email").map(str::to_string),
        address: fields.get("address_string").map(str::to_string),
        jurisdiction: jurisdiction_code,
        latitude: lat,
        longitude: long,
        category: category.code.clone(),
        subject,
        description,
        channel: Some("open311".into()),
        language: Some(language.into()),
        unlocated,
        ..Default::default()
    };
    let actor = Actor {
        user_id: None,
        label: format!("integration {} (#{})", key.name, key.id),
        role: Some(Role::Operator),
        office_id: None,
        jurisdiction_id: None,
        mobile: None,
    };
    // A retry of a request whose answer was lost files nothing new (the key's other fields, but
    // the key itself, are what was asked).
    let idempotency = match idempotency_key {
        None => None,
        Some(value) => {
            let mut asked: Vec<&(String, String)> =
                fields.0.iter().filter(|(k, _)| k != "api_key").collect();
            asked.sort();
            let mut request = serde_json::to_vec(&asked).unwrap_or_default();
            for file in &files {
                request.extend_from_slice(&sha2::Sha256::digest(&file.bytes));
            }
            Some(
                crate::store::IdempotencyKey::new(&value, format!("key:{}", key.id), &request)
                    .map_err(|e| call.fail(e))?,
            )
        }
    };
    let registered = state
        .intake
        .file(crate::store::Filing {
            form,
            actor,
            answers: Some(fields.attributes()),
            api_key_id: Some(key.id),
            files,
            idempotency,
        })
        .await
        .map_err(|e| call.fail(e))?;
    let g = &registered.grievance;
    let office = g
        .holding_office
        .as_ref()
        .map(|o| call.lang.pick(&o.name_en, &o.name_hi).to_string())
        .unwrap_or_default();
    let notice = match call.lang {
        Lang::En => format!(
            "Registered as {}. {office} must act by {}; the citizen is told of every step by SMS.",
            g.registration_number, g.due_date
        ),
        Lang::Hi => format!(
            "{} के रूप में दर्ज। {office} को {} तक कार्रवाई करनी है; नागरिक को हर चरण की सूचना SMS से मिलेगी।",
            g.registration_number, g.due_date
        ),
    };
    let mut document = Document::ok(
        call.format,
        "service_requests",
        Node::List(
            "request",
            vec![Node::Object(vec![
                (
                    "service_request_id",
                    Node::text(g.registration_number.clone()),
                ),
                ("service_notice", Node::text(notice)),
                (
                    "account_id",
                    Node::opt(fields.get("account_id").map(str::to_string)),
                ),
            ])],
        ),
    );
    document.status = StatusCode::CREATED;
    Ok(document)
}

/// The IST form of one of our RFC 3339 (UTC) times.
fn ist(rfc3339: &str) -> Node {
    Node::opt(Timestamp::parse_rfc3339(rfc3339).map(Timestamp::to_rfc3339_ist))
}

fn is_closed(status: &str) -> bool {
    matches!(status, "disposed" | "closed")
}

/// One request as Open311 shows it. `owner`: the integration that filed it is asking, and sees
/// the citizen's own words and place; everybody else sees the subject and the village or ward.
fn request_node(
    lang: Lang,
    case: &IntegrationCase,
    owner: bool,
    notes: Option<Vec<Node>>,
    questions: &[CategoryAttribute],
) -> Node {
    let g: &GrievanceView = &case.view;
    let mut place = [Some(&g.jurisdiction), g.district.as_ref()]
        .into_iter()
        .flatten()
        .map(|j| lang.pick(&j.name_en, &j.name_hi).to_string())
        .collect::<Vec<_>>();
    place.dedup();
    let place = place.join(", ");
    let expected = match &g.eta {
        Some(eta) => time::Date::parse(eta, &time::format_description::well_known::Iso8601::DATE)
            .ok()
            .map(|d| Node::text(Timestamp::end_of_ist_day(d).to_rfc3339_ist()))
            .unwrap_or_else(|| ist(&g.due_at)),
        None => ist(&g.due_at),
    };
    let mut status_notes = lang
        .pick(&g.status_label_en, &g.status_label_hi)
        .to_string();
    if let Some(disposal) = g
        .disposal
        .as_deref()
        .and_then(nivaran_domain::types::DisposalKind::parse)
        .filter(|_| is_closed(&g.status))
    {
        status_notes = format!(
            "{status_notes}: {}",
            lang.pick(disposal.label_en(), disposal.label_hi())
        );
    }
    let mut fields = vec![
        (
            "service_request_id",
            Node::text(g.registration_number.clone()),
        ),
        (
            "status",
            Node::text(if is_closed(&g.status) {
                "closed"
            } else {
                "open"
            }),
        ),
        ("status_notes", Node::text(status_notes)),
        (
            "service_name",
            Node::text(lang.pick(&g.category.name_en, &g.category.name_hi)),
        ),
        ("service_code", Node::text(g.category.code.clone())),
        (
            "description",
            // The citizen's words are theirs: the public is told what kind of problem it is.
            Node::text(if owner {
                g.description.clone()
            } else {
                lang.pick(&g.category.name_en, &g.category.name_hi)
                    .to_string()
            }),
        ),
        (
            "agency_responsible",
            Node::opt(
                g.holding_office
                    .as_ref()
                    .map(|o| lang.pick(&o.name_en, &o.name_hi).to_string()),
            ),
        ),
        ("service_notice", Node::Null),
        ("requested_datetime", ist(&g.filed_at)),
        ("updated_datetime", ist(&g.updated_at)),
        ("expected_datetime", expected),
        (
            "address",
            Node::text(match (&g.address, owner) {
                (Some(address), true) => address.clone(),
                _ => place,
            }),
        ),
        ("address_id", Node::text(g.jurisdiction.code.clone())),
        ("zipcode", Node::Null),
        (
            "lat",
            g.latitude
                .filter(|_| owner)
                .map_or(Node::Null, Node::Number),
        ),
        (
            "long",
            g.longitude
                .filter(|_| owner)
                .map_or(Node::Null, Node::Number),
        ),
        ("media_url", Node::Null),
    ];
    if let Some(notes) = notes {
        if owner {
            fields.push((
                "attributes",
                Node::List(
                    "attribute",
                    case.answers
                        .iter()
                        .map(|(code, value)| {
                            let question = questions.iter().find(|q| &q.code == code);
                            Node::Object(vec![
                                (
                                    "label",
                                    Node::opt(question.map(|q| {
                                        lang.pick(&q.question_en, &q.question_hi).to_string()
                                    })),
                                ),
                                ("name", Node::text(code.clone())),
                                ("value", Node::text(value.clone())),
                                ("code", Node::text(code.clone())),
                            ])
                        })
                        .collect(),
                ),
            ));
        }
        fields.push((
            "extended_attributes",
            Node::Object(vec![("channel", Node::text(g.channel.clone()))]),
        ));
        fields.push(("notes", Node::List("note", notes)));
    }
    Node::Object(fields)
}

/// The timeline as Open311 notes: what was done and by which office; the words said (the
/// citizen's answers, the officer's report, file names) only to the integration that filed it.
fn notes(lang: Lang, events: &[crate::store::EventView], owner: bool) -> Vec<Node> {
    let items = crate::present::timeline::timeline_items(events, lang, true);
    events
        .iter()
        .zip(items)
        .map(|(e, item)| {
            let mut description = item.action;
            if !item.office.is_empty() {
                description = format!("{description} ({})", item.office);
            }
            if owner && !item.detail.is_empty() {
                description = format!("{description} — {}", item.detail);
            }
            Node::Object(vec![
                ("datetime", ist(&e.at)),
                ("description", Node::text(description)),
                ("type", Node::text(e.action.clone())),
            ])
        })
        .collect()
}

/// True when the case lies in the area `jurisdiction_id` named (or none was named).
fn in_area(master: &MasterData, case: &IntegrationCase, within: Option<i64>) -> bool {
    let Some(area) = within else { return true };
    master
        .jurisdiction_by_code(&case.view.jurisdiction.code)
        .is_some_and(|j| master.jurisdiction_path(j.id).contains(&area))
}

/// The integration asking, when it sent its key (optional on the GETs).
async fn asking_key(state: &AppState, call: &Call) -> Result<Option<i64>, Document> {
    match call.query.get("api_key") {
        None => Ok(None),
        Some(secret) => state
            .store
            .api_key_by_secret(secret)
            .await
            .map_err(|e| call.fail(e))?
            .map(|k| Some(k.id))
            .ok_or_else(|| {
                call.say(
                    StatusCode::FORBIDDEN,
                    "The api_key is not valid (unknown or revoked)",
                    "api_key मान्य नहीं है (अज्ञात या रद्द)",
                )
            }),
    }
}

async fn requests(state: &AppState, call: &Call) -> Result<Document, Document> {
    let master = state.store.master();
    let within = call.jurisdiction(&master, &call.query)?;
    let key = asking_key(state, call).await?;
    let q = &call.query;
    let date = |name: &str| -> Result<Option<Timestamp>, Document> {
        match q.get(name) {
            None => Ok(None),
            Some(v) => Timestamp::parse_rfc3339(v).map(Some).ok_or_else(|| {
                call.say(
                    StatusCode::BAD_REQUEST,
                    &format!("{name} must be a W3C date-time with its offset, as 2026-11-01T00:00:00+05:30"),
                    &format!("{name} समय-क्षेत्र सहित W3C तारीख-समय हो, जैसे 2026-11-01T00:00:00+05:30"),
                )
            }),
        }
    };
    let span = MAX_SPAN_DAYS * 86_400_000;
    let (start, end) = match (date("start_date")?, date("end_date")?) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, Timestamp(s.0 + span)),
        (None, Some(e)) => (Timestamp(e.0 - span), e),
        (None, None) => {
            let now = state.store.now();
            (Timestamp(now.0 - span), now)
        }
    };
    if end.0 < start.0 {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            "end_date is before start_date",
            "end_date, start_date से पहले है",
        ));
    }
    if end.0 - start.0 > span {
        return Err(call.say(
            StatusCode::BAD_REQUEST,
            "start_date and end_date may not span more than 90 days",
            "start_date और end_date के बीच 90 दिन से अधिक नहीं हो सकते",
        ));
    }
    let mut open = None;
    let statuses = q.list("status");
    for s in &statuses {
        if s != "open" && s != "closed" {
            return Err(call.say(
                StatusCode::BAD_REQUEST,
                "status is open, closed or both (comma-separated)",
                "status open, closed या दोनों (अल्पविराम से) हो",
            ));
        }
    }
    if statuses.iter().any(|s| s == "open") != statuses.iter().any(|s| s == "closed") {
        open = Some(statuses.iter().any(|s| s == "open"));
    }
    let whole = |name: &str, default: i64, max: i64| -> Result<i64, Document> {
        match q.get(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=max).contains(n))
                .ok_or_else(|| {
                    call.say(
                        StatusCode::BAD_REQUEST,
                        &format!("{name} must be a whole number from 0 to {max}"),
                        &format!("{name} 0 से {max} तक की पूर्ण संख्या हो"),
                    )
                }),
        }
    };
    let extensions = q.get("extensions") == Some("true");
    // With notes and answers each request costs a few reads more: fewer to a page.
    let most = if extensions { 100 } else { MAX_PAGE_SIZE };
    let page_size = whole("page_size", most, most)?.max(1);
    // Pages count from 1; page 0, which some clients send for the first, is the first too.
    let page = whole("page", 1, 1_000_000)?.max(1);
    let filter = IntegrationFilter {
        numbers: q.list("service_request_id"),
        categories: q.list("service_code"),
        filed_from: Some(start),
        // end_date is the latest time a request may have been made: inclusive.
        filed_before: Some(Timestamp(end.0 + 1)),
        open,
        within,
        offset: (page - 1) * page_size,
        limit: page_size,
    };
    let cases = state
        .store
        .integration_cases(&filter)
        .await
        .map_err(|e| call.fail(e))?;
    let mut items = Vec::with_capacity(cases.len());
    for case in &cases {
        items.push(request_with_extras(state, call, case, key, extensions).await?);
    }
    Ok(Document::ok(
        call.format,
        "service_requests",
        Node::List("request", items),
    ))
}

async fn request_with_extras(
    state: &AppState,
    call: &Call,
    case: &IntegrationCase,
    key: Option<i64>,
    extensions: bool,
) -> Result<Node, Document> {
    let owner = key.is_some() && case.api_key_id == key;
    if !extensions {
        return Ok(request_node(call.lang, case, owner, None, &[]));
    }
    let (_, events) = state
        .store
        .integration_case(&case.view.registration_number)
        .await
        .map_err(|e| call.fail(e))?;
    let questions = match state
        .store
        .master()
        .category_by_code(&case.view.category.code)
    {
        Some(c) => state
            .store
            .category_attributes(c.id)
            .await
            .map_err(|e| call.fail(e))?,
        None => Vec::new(),
    };
    Ok(request_node(
        call.lang,
        case,
        owner,
        Some(notes(call.lang, &events, owner)),
        &questions,
    ))
}

async fn request(state: &AppState, call: &Call, id: &str) -> Result<Document, Document> {
    let master = state.store.master();
    let within = call.jurisdiction(&master, &call.query)?;
    let key = asking_key(state, call).await?;
    let not_found = || {
        call.say(
            StatusCode::NOT_FOUND,
            &format!("service_request_id '{id}' was not found"),
            &format!("service_request_id '{id}' नहीं मिला"),
        )
    };
    let (case, _) = state
        .store
        .integration_case(id)
        .await
        .map_err(|e| match e {
            crate::store::StoreError::NotFound(_) => not_found(),
            other => call.fail(other),
        })?;
    if !in_area(&master, &case, within) {
        return Err(not_found());
    }
    // One request always comes with its notes and answers: it is read one at a time.
    let node = request_with_extras(state, call, &case, key, true).await?;
    Ok(Document::ok(
        call.format,
        "service_requests",
        Node::List("request", vec![node]),
    ))
}

/// Nivaran files in real time, so a request's token is its own number: a client that kept
/// the token gets the number back.
async fn token(state: &AppState, call: &Call, token: &str) -> Result<Document, Document> {
    let master = state.store.master();
    let within = call.jurisdiction(&master, &call.query)?;
    let found = state
        .store
        .integration_case(token)
        .await
        .and_then(|(case, _)| {
            if in_area(&master, &case, within) {
                Ok(case.view.registration_number)
            } else {
                Err(crate::store::StoreError::NotFound("grievance"))
            }
        });
    match found {
        Ok(number) => Ok(Document::ok(
            call.format,
            "service_requests",
            Node::List(
                "request",
                vec![Node::Object(vec![
                    ("service_request_id", Node::text(number)),
                    ("token", Node::text(token)),
                ])],
            ),
        )),
        Err(crate::store::StoreError::NotFound(_)) => Err(call.say(
            StatusCode::NOT_FOUND,
            &format!("token '{token}' was not found"),
            &format!("token '{token}' नहीं मिला"),
        )),
        Err(e) => Err(call.fail(e)),
    }
}
