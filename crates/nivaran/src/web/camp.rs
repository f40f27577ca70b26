//! Operators at a Samadhan camp or a Jan Samvad: "camp mode", a dense keyboard-only form for
//! entering many petitions in a row (the channel and the place stay set between entries), and
//! the upload of a camp's petitions as CSV, checked row by row before any is filed.

use super::filing::{self, filing_actor, grievance_form, problems};
use super::forms::{FieldErrors, Form, query_form, url_encode};
use super::i18n::Lang;
use super::{Ctx, page, page_with_status, see_other};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::{GrievanceFilter, GrievanceView, MasterData, SimilarQuery};
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use nivaran_domain::search::fold;
use nivaran_domain::text::normalize;
use nivaran_domain::types::{Channel, Language, Role};
use std::sync::Arc;

const OPERATORS: &[Role] = &[Role::Operator, Role::Admin];
/// Rows one upload may carry: a big camp, not a migration (that is `nivaran import`).
const MAX_ROWS: usize = 1000;

/// Places under `area` (or everywhere) for the camp's village list.
fn places_under(master: &MasterData, area: &str, lang: Lang) -> Vec<(String, String)> {
    let Some(root) = master.jurisdiction_by_code(area) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = master
        .jurisdiction_subtree(root.id)
        .iter()
        .filter_map(|id| master.jurisdictions.get(id))
        .map(|j| {
            let level = nivaran_domain::types::JurisdictionLevel::parse(&j.level)
                .map(|l| lang.pick(l.label_en(), l.label_hi()).to_string())
                .unwrap_or_default();
            (
                j.code.clone(),
                format!("{} ({level})", lang.pick(&j.name_en, &j.name_hi)),
            )
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// A place typed as its code or its name (either language), within the camp's area.
fn resolve_place(master: &MasterData, area: &str, typed: &str) -> String {
    let typed = normalize(typed);
    if master.jurisdiction_by_code(&typed).is_some() {
        return typed;
    }
    let lowered = typed.to_lowercase();
    let within: Vec<i64> = master
        .jurisdiction_by_code(area)
        .map(|root| master.jurisdiction_subtree(root.id))
        .unwrap_or_default();
    let matches: Vec<&crate::store::Jurisdiction> = within
        .iter()
        .filter_map(|id| master.jurisdictions.get(id))
        .filter(|j| j.name_en.to_lowercase() == lowered || j.name_hi == typed)
        .collect();
    // A village often shares its panchayat's name: one line of places means the deepest.
    // Two separate places of one name: the operator must pick by code from the list.
    let Some(deepest) = matches.iter().max_by_key(|j| j.depth) else {
        return typed;
    };
    let line = master.jurisdiction_path(deepest.id);
    if matches.iter().all(|j| line.contains(&j.id)) {
        deepest.code.clone()
    } else {
        typed
    }
}

/// A category typed as its code or its name (either language), however spelt: with or
/// without the nukta, chandrabindu or anusvara, in any case ("टूटी सडक / गड्ढे", "phed-ws-nosup").
fn resolve_category(master: &MasterData, typed: &str) -> String {
    let typed = normalize(typed);
    if master.category_by_code(&typed).is_some() {
        return typed;
    }
    let folded = fold(&typed);
    let matches: Vec<&String> = master
        .categories
        .values()
        .filter(|c| {
            fold(&c.code) == folded || fold(&c.name_en) == folded || fold(&c.name_hi) == folded
        })
        .map(|c| &c.code)
        .collect();
    match matches.as_slice() {
        [only] => (*only).clone(),
        _ => typed,
    }
}

fn category_list(master: &MasterData, lang: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = master
        .categories
        .values()
        .map(|c| {
            (
                c.code.clone(),
                format!(
                    "{} — {}",
                    lang.pick(&c.name_en, &c.name_hi),
                    lang.pick(&c.name_hi, &c.name_en)
                ),
            )
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

#[derive(Template)]
#[template(path = "camp.html")]
struct Camp {
    c: Ctx,
    v: Form,
    errors: FieldErrors,
    channel: String,
    area: String,
    area_name: String,
    channels: Vec<(String, String)>,
    places: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    filed: String,
    /// The case the last petitioner was attached to instead of filing again.
    attached: String,
    sitting: Vec<GrievanceView>,
    /// Open cases the petition being typed is likely the same as (see `web::duplicates`).
    similar: Vec<crate::store::SimilarCase>,
    attach_to_camp: bool,
    /// The categories suggested from the subject and description (see `web::suggest`).
    suggestions: Vec<super::suggest::SuggestionView>,
    shown: String,
    camp: bool,
    oob: bool,
}

async fn camp_page_with(
    state: &AppState,
    c: Ctx,
    setup: &Form,
    v: Form,
    errors: FieldErrors,
) -> Result<Camp, ApiError> {
    let user = c.require(OPERATORS)?;
    let master = state.store.master();
    let lang = c.lang;
    let channel = setup
        .opt("channel")
        .unwrap_or_else(|| "samadhan_camp".into());
    // The camp is held somewhere: by default the operator's own area.
    let area = setup.opt("area").unwrap_or_else(|| {
        user.jurisdiction_id
            .and_then(|id| master.jurisdictions.get(&id))
            .map(|j| j.code.clone())
            .unwrap_or_default()
    });
    let area_name = master
        .jurisdiction_by_code(&area)
        .map(|j| lang.pick(&j.name_en, &j.name_hi).to_string())
        .unwrap_or_default();
    let today = state.store.now().ist_date().to_string();
    let sitting = state
        .store
        .list(
            &GrievanceFilter {
                mine: Some(true),
                from: Some(today),
                channel: Some(channel.clone()),
                sort: Some("-filed".into()),
                per_page: Some(20),
                ..Default::default()
            },
            &c.actor()?,
        )
        .await?
        .items;
    let (suggestions, shown) = super::suggest::suggestions_for(state, lang, &v).await;
    let similar = super::duplicates::similar_to(state, &c, similar_query(&master, &area, &v)).await;
    Ok(Camp {
        similar,
        attach_to_camp: true,
        attached: setup.get("attached"),
        suggestions,
        shown,
        camp: true,
        oob: false,
        places: places_under(&master, &area, lang),
        categories: category_list(&master, lang),
        kinds: filing::kind_options(lang),
        channels: filing::channel_options(lang),
        filed: setup.get("filed"),
        channel,
        area,
        area_name,
        sitting,
        v,
        errors,
        c,
    })
}

pub async fn camp_page(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    let setup = query_form(&uri);
    let camp = camp_page_with(&state, c, &setup, Form::default(), FieldErrors::default()).await?;
    Ok(page(&camp))
}

#[derive(Template)]
#[template(path = "partials/camp_category.html")]
struct CampCategory {
    category: String,
    errors: FieldErrors,
}

/// htmx: the camp form's category field with a suggested category (`pick`) filled in.
pub async fn camp_category(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(OPERATORS)?;
    let pick = query_form(&uri).get("pick");
    let category = if state.store.master().category_by_code(&pick).is_some() {
        pick
    } else {
        String::new()
    };
    let mut response = page(&CampCategory {
        category,
        errors: FieldErrors::default(),
    });
    // The similar cases' block listens for this (a swapped field fires no change event).
    response.headers_mut().insert(
        "HX-Trigger-After-Settle",
        HeaderValue::from_static("categoryPicked"),
    );
    Ok(response)
}

/// What the camp form holds so far, to find similar open cases by (the place and category
/// as the operator typed them, resolved as the filing will resolve them).
fn similar_query(master: &MasterData, area: &str, v: &Form) -> SimilarQuery {
    SimilarQuery {
        jurisdiction: if v.get("place").trim().is_empty() {
            String::new()
        } else {
            resolve_place(master, area, &v.get("place"))
        },
        category: if v.get("category").trim().is_empty() {
            String::new()
        } else {
            resolve_category(master, &v.get("category"))
        },
        text: format!("{} {}", v.get("subject"), v.get("description")),
        mobile: v.opt("mobile"),
        latitude: None,
        longitude: None,
    }
}

/// `POST /camp/similar` (htmx): the open cases the petition being typed is likely the same as.
pub async fn camp_similar(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    form: Form,
) -> Result<Response, ApiError> {
    c.require(OPERATORS)?;
    let query = similar_query(&state.store.master(), &form.get("area"), &form);
    let similar = super::duplicates::similar_to(&state, &c, query).await;
    Ok(super::duplicates::similar_partial(c, similar, true))
}

/// `POST /camp/attach`: the petitioner's grievance is already open (a similar case shown), so
/// they are attached to it instead of filing it again: told its number now and its steps
/// later. Then back to the desk for the next petition.
pub async fn camp_attach(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    form: Form,
) -> Result<Response, ApiError> {
    c.require(OPERATORS)?;
    let actor = c.actor()?;
    let channel = Channel::parse(&form.get("channel")).unwrap_or(Channel::SamadhanCamp);
    let language = Language::parse(&form.get("language")).unwrap_or(Language::Hi);
    let attached = state
        .store
        .attach_follower(
            &form.get("attach_to"),
            &form.get("citizen_name"),
            &form.get("mobile"),
            language,
            channel.code(),
            &actor,
        )
        .await;
    match attached {
        Ok(regno) => Ok(see_other(&format!(
            "/camp?channel={}&area={}&attached={}",
            url_encode(&form.get("channel")),
            url_encode(&form.get("area")),
            url_encode(&regno)
        ))),
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.api_error(&ApiError::from(e), c.lang, CAMP_FIELDS);
            let camp = camp_page_with(&state, c, &form, form.clone(), errors).await?;
            Ok(page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &camp))
        }
    }
}

/// One petition; then straight back to an empty form for the next.
pub async fn camp_submit(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    form: Form,
) -> Result<Response, ApiError> {
    c.require(OPERATORS)?;
    let master = state.store.master();
    let area = form.get("area");
    let place = resolve_place(&master, &area, &form.get("place"));
    let mut gf = grievance_form(&form, place, Lang::Hi);
    gf.category = resolve_category(&master, &form.get("category"));
    let mut errors = problems(&master, &gf, c.lang);
    // The camp form calls the place "place".
    errors.rename("jurisdiction", "place");
    if errors.is_empty() {
        let actor = filing_actor(&c, &gf.mobile).ok_or_else(ApiError::unauthorized)?;
        let filing = crate::store::Filing {
            suggested: super::suggest::shown_codes(&master, &form),
            ..crate::store::Filing::new(gf.clone(), actor)
        };
        match state.intake.file(filing).await {
            Ok(registered) => {
                return Ok(see_other(&format!(
                    "/camp?channel={}&area={}&filed={}",
                    url_encode(&form.get("channel")),
                    url_encode(&area),
                    url_encode(&registered.registration_number)
                )));
            }
            Err(e) => {
                let mut e = ApiError::from(e);
                if e.field.as_deref() == Some("jurisdiction") {
                    e.field = Some("place".into());
                }
                errors.api_error(&e, c.lang, CAMP_FIELDS);
            }
        }
    }
    let camp = camp_page_with(&state, c, &form, form.clone(), errors).await?;
    Ok(page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &camp))
}

/// The fields the camp form shows; errors about any other (the channel set up for the camp)
/// go above the form.
const CAMP_FIELDS: &[&str] = &[
    "citizen_name",
    "mobile",
    "place",
    "category",
    "kind",
    "subject",
    "description",
    "limit_override_reason",
];

/// One row of an uploaded camp file, as checked.
pub struct RowReport {
    pub line: u64,
    pub name: String,
    pub ok: bool,
    pub message: String,
}

#[derive(Template)]
#[template(path = "camp_upload.html")]
struct Upload {
    c: Ctx,
    channels: Vec<(String, String)>,
    channel: String,
    rows: Vec<RowReport>,
    filed: usize,
    refused: bool,
    error: String,
}

pub async fn upload_page(c: Ctx) -> Result<Response, ApiError> {
    c.require(OPERATORS)?;
    let lang = c.lang;
    Ok(page(&Upload {
        c,
        channels: filing::channel_options(lang),
        channel: "samadhan_camp".into(),
        rows: Vec::new(),
        filed: 0,
        refused: false,
        error: String::new(),
    }))
}

/// The CSV's columns; the first six are required.
const COLUMNS: &[&str] = &[
    "citizen_name",
    "mobile",
    "jurisdiction",
    "category",
    "subject",
    "description",
    "kind",
    "address",
    "email",
    "language",
];

/// Reads the rows of a camp file into forms, one per line, or says why it cannot.
fn read_rows(bytes: &[u8], lang: Lang) -> Result<Vec<(u64, Form)>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| lang.t("upload-not-utf8"))?;
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    for required in &COLUMNS[..6] {
        if !headers.iter().any(|h| h == required) {
            return Err(lang.t_args("upload-missing-column", &[("column", required.to_string())]));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let mut form = Form::default();
        for (header, value) in headers.iter().zip(record.iter()) {
            if COLUMNS.contains(&header.as_str()) {
                form.push(header, value);
            }
        }
        rows.push((line, form));
        if rows.len() > MAX_ROWS {
            return Err(lang.t_args("upload-too-many", &[("max", MAX_ROWS.to_string())]));
        }
    }
    if rows.is_empty() {
        return Err(lang.t("upload-empty"));
    }
    Ok(rows)
}

/// Checks every row; files them all only when every row is right, so a corrected file can be
/// uploaded again without filing anything twice.
pub async fn upload_submit(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    c.require(OPERATORS)?;
    let lang = c.lang;
    let (form, files) = filing::read_multipart(multipart).await?;
    let channel = form
        .opt("channel")
        .unwrap_or_else(|| "samadhan_camp".into());
    let mut upload = Upload {
        channels: filing::channel_options(lang),
        channel: channel.clone(),
        rows: Vec::new(),
        filed: 0,
        refused: false,
        error: String::new(),
        c,
    };
    let Some(file) = files.first() else {
        upload.error = lang.t("upload-choose-file");
        return Ok(page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &upload));
    };
    let rows = match read_rows(&file.bytes, lang) {
        Ok(rows) => rows,
        Err(message) => {
            upload.error = message;
            return Ok(page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &upload));
        }
    };
    let master = state.store.master();
    let mut checked = Vec::new();
    for (line, row) in &rows {
        let mut gf = grievance_form(row, row.get("jurisdiction"), Lang::Hi);
        gf.channel = Some(channel.clone());
        // As at the desk: the category by its code or its name, however spelt.
        gf.category = resolve_category(&master, &row.get("category"));
        let errors = problems(&master, &gf, lang);
        let mut message = errors
            .list()
            .iter()
            .map(|(field, message)| format!("{field}: {message}"))
            .collect::<Vec<_>>()
            .join("; ");
        if errors.has("category") || gf.category.trim().is_empty() {
            // What the row's words suggest, so the operator can correct the file.
            let (suggested, _) = super::suggest::suggestions_for(&state, lang, row).await;
            if !suggested.is_empty() {
                let list = suggested
                    .iter()
                    .map(|s| format!("{} ({})", s.code, s.label()))
                    .collect::<Vec<_>>()
                    .join(", ");
                message.push_str(&format!(
                    "; {}",
                    lang.t_args("upload-suggested", &[("list", list)])
                ));
            }
        }
        upload.rows.push(RowReport {
            line: *line,
            name: gf.citizen_name.clone(),
            ok: errors.is_empty(),
            message,
        });
        checked.push(gf);
    }
    if upload.rows.iter().any(|r| !r.ok) {
        upload.refused = true;
        return Ok(page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &upload));
    }
    // All or nothing, in one transaction: what only the database can check (the monthly limit
    // of a mobile number, counting the file's own rows) refuses the whole file too.
    let actor = upload.c.actor()?;
    let filings = checked
        .into_iter()
        .map(|form| crate::store::Filing::new(form, actor.clone()))
        .collect();
    match state.intake.file_all_or_nothing(filings).await {
        Ok(registered) => {
            for (report, r) in upload.rows.iter_mut().zip(registered) {
                report.message = r.registration_number;
            }
            upload.filed = upload.rows.len();
            Ok(page(&upload))
        }
        Err((index, e)) => {
            let e = ApiError::from(e);
            let message = lang.say(&e.message);
            match upload.rows.get_mut(index) {
                Some(report) => {
                    report.ok = false;
                    report.message = message;
                }
                // Not any row's doing (the database, a restart): said above the table.
                None => upload.error = message,
            }
            upload.refused = true;
            Ok(page_with_status(StatusCode::UNPROCESSABLE_ENTITY, &upload))
        }
    }
}

/// A file to fill in: the columns, and one example row.
pub async fn template_csv() -> Response {
    let mut body = String::from("\u{feff}");
    body.push_str(&COLUMNS.join(","));
    body.push('\n');
    body.push_str("रामेश्वर दयाल,9812012345,06084010101,PHED-WS-NOSUP,गोकलगढ़ में पेयजल आपूर्ति बंद,पिछले दस दिनों से गांव में नलों में पानी नहीं आ रहा है।,complaint,,,hi\n");
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"camp-petitions.csv\""),
    );
    response
}
