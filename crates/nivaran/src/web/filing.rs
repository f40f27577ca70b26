//! Filing a grievance from the browser: a citizen for themselves, an operator for a citizen on
//! any channel. The category picker searches in Hindi and English; the location picker goes
//! down the tree (state → district → … → village) one level at a time. Both work without
//! JavaScript (a "show" button reloads the form) and with htmx (the lists update in place).

use super::forms::{FieldErrors, Form, query_form};
use super::i18n::Lang;
use super::{Ctx, page, page_with_status, see_other, sign, verify_signature};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::{Actor, MasterData, Upload};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use nivaran_domain::access;
use nivaran_domain::grievance::GrievanceForm;
use nivaran_domain::text::Mobile;
use nivaran_domain::types::{Channel, JurisdictionLevel, Kind, Priority, Role};
use std::sync::Arc;

/// One level of the location picker: the places under the one chosen above.
pub struct PlaceLevel {
    /// Field id, `place-N`.
    pub id: String,
    pub label: String,
    pub options: Vec<(String, String)>,
    pub selected: String,
}

/// The picker's levels for the choices made so far (each a code, top down). A choice that is
/// not a child of the one above is dropped with everything below it.
pub fn place_levels(master: &MasterData, chosen: &[String], lang: Lang) -> Vec<PlaceLevel> {
    let mut levels = Vec::new();
    let mut parent: Option<i64> = None;
    for depth in 0..8 {
        let children = master.children_of(parent);
        if children.is_empty() {
            break;
        }
        let wanted = chosen.get(depth).map(|c| c.trim()).unwrap_or("");
        let selected = children.iter().find(|j| j.code == wanted);
        // Under a subdivision, blocks and municipalities sit side by side: name every kind.
        let mut kinds: Vec<String> = Vec::new();
        for child in &children {
            let label = JurisdictionLevel::parse(&child.level)
                .map(|l| lang.pick(l.label_en(), l.label_hi()).to_string())
                .unwrap_or_else(|| child.level.clone());
            if !kinds.contains(&label) {
                kinds.push(label);
            }
        }
        levels.push(PlaceLevel {
            id: format!("place-{depth}"),
            label: kinds.join(" / "),
            options: children
                .iter()
                .map(|j| {
                    (
                        j.code.clone(),
                        lang.pick(&j.name_en, &j.name_hi).to_string(),
                    )
                })
                .collect(),
            selected: selected.map(|j| j.code.clone()).unwrap_or_default(),
        });
        match selected {
            Some(j) => parent = Some(j.id),
            None => break,
        }
    }
    levels
}

/// The deepest place chosen, which is where the grievance is.
pub fn chosen_place(levels: &[PlaceLevel]) -> String {
    levels
        .iter()
        .rev()
        .find(|l| !l.selected.is_empty())
        .map(|l| l.selected.clone())
        .unwrap_or_default()
}

/// The path from the top to `code`, for starting the picker at a known place.
pub fn path_to(master: &MasterData, code: &str) -> Vec<String> {
    match master.jurisdiction_by_code(code) {
        Some(j) => master
            .jurisdiction_path(j.id)
            .iter()
            .rev()
            .filter_map(|id| master.jurisdictions.get(id))
            .map(|j| j.code.clone())
            .collect(),
        None => Vec::new(),
    }
}

/// A department's categories in the picker.
pub struct CategoryGroup {
    pub department: String,
    pub options: Vec<(String, String)>,
}

/// The categories `q` names (by their names in either language, code, department, synonyms,
/// however spelt: `MasterData::category_matches`), by department.
pub fn category_groups(master: &MasterData, q: &str, lang: Lang) -> Vec<CategoryGroup> {
    let query = crate::store::CategoryQuery::parse(q);
    let mut departments: Vec<_> = master.departments.values().collect();
    departments.sort_by(|a, b| {
        lang.pick(&a.name_en, &a.name_hi)
            .cmp(lang.pick(&b.name_en, &b.name_hi))
    });
    departments
        .into_iter()
        .filter_map(|d| {
            let mut options: Vec<_> = master
                .categories
                .values()
                .filter(|c| c.department_id == d.id)
                .filter(|c| master.category_matches(c, &query))
                .map(|c| {
                    // Both names, so a search by either finds it and either reader knows it.
                    let (first, second) = match lang {
                        Lang::Hi => (&c.name_hi, &c.name_en),
                        Lang::En => (&c.name_en, &c.name_hi),
                    };
                    (c.code.clone(), format!("{first} — {second}"))
                })
                .collect();
            options.sort_by(|a, b| a.1.cmp(&b.1));
            (!options.is_empty()).then(|| CategoryGroup {
                department: lang.pick(&d.name_en, &d.name_hi).to_string(),
                options,
            })
        })
        .collect()
}

/// The channels an operator may record.
/// The other grievance systems whose reference a case may carry (code, name).
fn external_system_options(lang: Lang) -> Vec<(String, String)> {
    nivaran_domain::types::ExternalSystem::ALL
        .iter()
        .map(|s| {
            (
                s.code().to_string(),
                lang.pick(s.label_en(), s.label_hi()).to_string(),
            )
        })
        .collect()
}

pub fn channel_options(lang: Lang) -> Vec<(String, String)> {
    Channel::ALL
        .iter()
        .filter(|c| !matches!(c, Channel::Open311 | Channel::Cpgrams | Channel::Whatsapp))
        .map(|c| {
            (
                c.code().to_string(),
                lang.pick(c.label_en(), c.label_hi()).to_string(),
            )
        })
        .collect()
}

pub fn kind_options(lang: Lang) -> Vec<(String, String)> {
    Kind::ALL
        .iter()
        .map(|k| {
            (
                k.code().to_string(),
                lang.pick(k.label_en(), k.label_hi()).to_string(),
            )
        })
        .collect()
}

pub fn priority_options(lang: Lang) -> Vec<(String, String)> {
    Priority::ALL
        .iter()
        .map(|p| {
            (
                p.code().to_string(),
                lang.pick(p.label_en(), p.label_hi()).to_string(),
            )
        })
        .collect()
}

/// The grievance as typed into the form's fields.
pub fn grievance_form(form: &Form, jurisdiction: String, default_language: Lang) -> GrievanceForm {
    // The API's own type, read by serde from the form as the JSON API reads a body. What a page
    // cannot say (coordinates, an unlocated case) is not taken from it; the place comes from
    // the page's picker.
    let mut body = form.to_json();
    if let Some(fields) = body.as_object_mut() {
        fields.retain(|name, _| FORM_FIELDS.contains(&name.as_str()));
    }
    // Every field kept is text into a text field, which cannot fail.
    let mut filed: GrievanceForm = serde_json::from_value(body).unwrap_or_default();
    filed.jurisdiction = jurisdiction;
    // The SMGT desk's post it is filed from: a value that is not a post's id is refused by the
    // store as no such post, never dropped.
    filed.social_post = form
        .opt("social_post")
        .map(|id| id.trim().parse().unwrap_or(-1));
    filed.call = form.opt("call").map(|id| id.trim().parse().unwrap_or(-1));
    // Checkboxes: each one ticked is a value of its own.
    filed.joint_departments = form.all("joint_departments");
    if filed
        .language
        .as_deref()
        .is_none_or(|l| l.trim().is_empty())
    {
        filed.language = Some(default_language.code().to_string());
    }
    filed
}

/// The filing fields a page's form may carry, as the JSON API names them.
const FORM_FIELDS: &[&str] = &[
    "citizen_name",
    "mobile",
    "email",
    "address",
    "kind",
    "category",
    "subject",
    "description",
    "channel",
    "priority",
    "language",
    "limit_override_reason",
    "external_system",
    "external_reference",
];

/// Every problem of the form, with the references to master data checked too.
pub fn problems(master: &MasterData, form: &GrievanceForm, lang: Lang) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if let Err(list) = form.validate_all() {
        for e in &list {
            errors.field_error(e, lang);
        }
    }
    if !form.category.trim().is_empty() && master.category_by_code(&form.category).is_none() {
        errors.add("category", lang.t("file-unknown-category"));
    }
    if !form.jurisdiction.trim().is_empty()
        && master.jurisdiction_by_code(&form.jurisdiction).is_none()
    {
        errors.add("jurisdiction", lang.t("file-unknown-place"));
    }
    errors
}

/// Who files: the signed-in user, or a member of the public known by the mobile number.
pub fn filing_actor(c: &Ctx, mobile: &str) -> Option<Actor> {
    match &c.user {
        Some(user) => Some(Actor::from_user(user)),
        None => Mobile::parse(mobile).ok().map(|m| Actor::public(&m)),
    }
}

/// Form fields the filing page shows (errors on others go above the form).
pub const FIELDS: &[&str] = &[
    "citizen_name",
    "mobile",
    "email",
    "address",
    "jurisdiction",
    "kind",
    "category",
    "subject",
    "description",
    "channel",
    "priority",
    "language",
    "limit_override_reason",
    "joint_departments",
    "external_system",
    "external_reference",
    "file",
];

#[derive(Template)]
#[template(path = "file.html")]
struct FilePage {
    c: Ctx,
    v: Form,
    errors: FieldErrors,
    places: Vec<PlaceLevel>,
    groups: Vec<CategoryGroup>,
    kinds: Vec<(String, String)>,
    channels: Vec<(String, String)>,
    /// The departments an operator may name as joint (code, name, ticked).
    departments: Vec<(String, String, bool)>,
    /// The other systems whose number an operator may record (code, name).
    external_systems: Vec<(String, String)>,
    priorities: Vec<(String, String)>,
    for_others: bool,
    files_dropped: bool,
    channel: String,
    questions: Vec<QuestionView>,
    /// The categories suggested from the subject and description (see `web::suggest`).
    suggestions: Vec<super::suggest::SuggestionView>,
    /// Open cases the grievance is likely the same as (see `web::duplicates`).
    similar: Vec<crate::store::SimilarCase>,
    attach_to_camp: bool,
    shown: String,
    camp: bool,
    oob: bool,
}

/// One of a category's own questions, as the form shows it.
pub struct QuestionView {
    id: String,
    name: String,
    label: String,
    required: bool,
    /// `text`, `number`, `date`, `textarea`, `select` or `checkboxes`.
    kind: &'static str,
    value: String,
    choices: Vec<(String, String, bool)>,
}

#[derive(Template)]
#[template(path = "partials/questions.html")]
struct QuestionsPartial {
    c: Ctx,
    questions: Vec<QuestionView>,
}

/// The questions the chosen category asks, with what was typed into them so far.
async fn questions_for(state: &AppState, lang: Lang, v: &Form) -> Vec<QuestionView> {
    let Some(category) = state
        .store
        .master()
        .category_by_code(&v.get("category"))
        .map(|c| c.id)
    else {
        return Vec::new();
    };
    let questions = state
        .store
        .category_attributes(category)
        .await
        .unwrap_or_default();
    questions
        .into_iter()
        .map(|q| {
            let multi = q.datatype == "multivaluelist";
            let name = if multi {
                format!("attribute[{}][]", q.code)
            } else {
                format!("attribute[{}]", q.code)
            };
            let given = v.all(&name);
            QuestionView {
                id: format!("f-attr-{}", q.code),
                label: lang.pick(&q.question_en, &q.question_hi).to_string(),
                required: q.required,
                kind: match q.datatype.as_str() {
                    "number" => "number",
                    "datetime" => "date",
                    "text" => "textarea",
                    "singlevaluelist" => "select",
                    "multivaluelist" => "checkboxes",
                    _ => "text",
                },
                value: given.first().cloned().unwrap_or_default(),
                choices: q
                    .choices
                    .iter()
                    .map(|c| {
                        (
                            c.key.clone(),
                            lang.pick(&c.name_en, &c.name_hi).to_string(),
                            given.contains(&c.key),
                        )
                    })
                    .collect(),
                name,
            }
        })
        .collect()
}

/// htmx: the chosen category's questions.
pub async fn questions(State(state): State<Arc<AppState>>, c: Ctx, uri: Uri) -> Response {
    let v = query_form(&uri);
    let questions = questions_for(&state, c.lang, &v).await;
    page(&QuestionsPartial { c, questions })
}

#[derive(Template)]
#[template(path = "partials/places.html")]
struct PlacesPartial {
    c: Ctx,
    places: Vec<PlaceLevel>,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "partials/category_options.html")]
struct CategoryOptions {
    c: Ctx,
    groups: Vec<CategoryGroup>,
    selected: String,
}

/// The departments, by name, for naming joint ones at filing.
fn department_options(
    master: &MasterData,
    ticked: &[String],
    lang: Lang,
) -> Vec<(String, String, bool)> {
    let mut out: Vec<(String, String, bool)> = master
        .departments
        .values()
        .map(|d| {
            (
                d.code.clone(),
                lang.pick(&d.name_en, &d.name_hi).to_string(),
                ticked.contains(&d.code),
            )
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

fn may_file_for_others(c: &Ctx) -> bool {
    c.role.is_some_and(access::may_file_for_others)
}

async fn file_page(
    state: &AppState,
    c: Ctx,
    v: Form,
    errors: FieldErrors,
    files_dropped: bool,
) -> FilePage {
    let questions = questions_for(state, c.lang, &v).await;
    let (suggestions, shown) = super::suggest::suggestions_for(state, c.lang, &v).await;
    let similar = super::duplicates::similar_for(state, &c, &v).await;
    let master = state.store.master();
    let mut chosen = v.all("place");
    // Operators start at their own area.
    if chosen.is_empty()
        && let Some(area) = c
            .user
            .as_ref()
            .and_then(|u| u.jurisdiction_id)
            .and_then(|id| master.jurisdictions.get(&id))
    {
        chosen = path_to(&master, &area.code);
    }
    let lang = c.lang;
    let channel = v
        .opt("channel")
        .unwrap_or_else(|| default_channel(&c).to_string());
    FilePage {
        channel,
        places: place_levels(&master, &chosen, lang),
        groups: category_groups(&master, &v.get("cq"), lang),
        kinds: kind_options(lang),
        channels: channel_options(lang),
        departments: department_options(&master, &v.all("joint_departments"), lang),
        external_systems: external_system_options(lang),
        priorities: priority_options(lang),
        for_others: may_file_for_others(&c),
        c,
        v,
        errors,
        files_dropped,
        questions,
        suggestions,
        shown,
        similar,
        attach_to_camp: false,
        camp: false,
        oob: false,
    }
}

/// The filing form. Its query string may carry what was typed so far (the no-JavaScript way of
/// narrowing the category list or going down the location tree).
pub async fn form(State(state): State<Arc<AppState>>, c: Ctx, uri: Uri) -> Response {
    let mut v = query_form(&uri);
    // Opened from the SMGT desk: the post's words, its author and its link, as the case's.
    if may_file_for_others(&c)
        && v.opt("description").is_none()
        && let Some(post) = v.opt("social_post").and_then(|id| id.trim().parse().ok())
        && let Ok(post) = state.store.social_post(post).await
    {
        v.set("description", super::smgt::as_description(&post));
        v.set("channel", "social_media");
        if let Some(name) = &post.author_name {
            v.set("citizen_name", name);
        }
    }
    // Opened from the helpline screen: the caller's number, on the helpline's channel.
    if may_file_for_others(&c)
        && v.opt("mobile").is_none()
        && let Some(call) = v.opt("call").and_then(|id| id.trim().parse().ok())
        && let Ok(call) = state.store.call(call).await
    {
        if nivaran_domain::text::mobile_digits(&call.caller).as_deref() == Some(&call.caller) {
            v.set("mobile", call.caller.clone());
        }
        v.set("channel", "helpline");
    }
    // A suggested category chosen without JavaScript: the whole list, with it chosen.
    if let Some(pick) = v.opt("pick") {
        v.set("category", pick);
        v.set("cq", "");
    }
    page(&file_page(&state, c, v, FieldErrors::default(), false).await)
}

/// htmx: the category list for a search, or every category with a suggested one chosen
/// (`pick`; the form's questions then follow the choice).
pub async fn category_options(State(state): State<Arc<AppState>>, c: Ctx, uri: Uri) -> Response {
    let q = query_form(&uri);
    let master = state.store.master();
    let picked = q
        .opt("pick")
        .filter(|code| master.category_by_code(code).is_some());
    let search = if picked.is_some() {
        String::new()
    } else {
        q.get("cq")
    };
    let groups = category_groups(&master, &search, c.lang);
    // One match is as good as chosen.
    let selected = match (&picked, groups.as_slice()) {
        (Some(code), _) => code.clone(),
        (None, [only]) if only.options.len() == 1 => only.options[0].0.clone(),
        _ => q.get("category"),
    };
    let mut response = page(&CategoryOptions {
        c,
        groups,
        selected,
    });
    if picked.is_some() {
        // The questions' block listens for this (a swapped list fires no change event).
        response.headers_mut().insert(
            "HX-Trigger-After-Settle",
            axum::http::HeaderValue::from_static("categoryPicked"),
        );
    }
    response
}

/// htmx: the location picker after a choice.
pub async fn location_picker(State(state): State<Arc<AppState>>, c: Ctx, uri: Uri) -> Response {
    let q = query_form(&uri);
    let master = state.store.master();
    let places = place_levels(&master, &q.all("place"), c.lang);
    page(&PlacesPartial {
        c,
        places,
        errors: FieldErrors::default(),
    })
}

/// Reads a multipart form: its fields, and its files.
pub async fn read_multipart(mut multipart: Multipart) -> Result<(Form, Vec<Upload>), ApiError> {
    let body = crate::http::extract::MultipartBody::from_multipart(&mut multipart).await?;
    let mut form = Form::default();
    for (name, value) in body.fields {
        form.push(&name, value);
    }
    Ok((form, body.files))
}

pub async fn submit(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let (v, files) = read_multipart(multipart).await?;
    let master = state.store.master();
    let places = place_levels(&master, &v.all("place"), c.lang);
    let mut gf = grievance_form(&v, chosen_place(&places), c.lang);
    if !may_file_for_others(&c) {
        // Citizens file on the web channel, with the priority their channel gives.
        gf.channel = None;
        gf.priority = None;
        gf.limit_override_reason = None;
        gf.joint_departments.clear();
        gf.social_post = None;
        gf.call = None;
    }
    let mut errors = problems(&master, &gf, c.lang);
    let dropped = !files.is_empty();
    if errors.is_empty() {
        let actor = filing_actor(&c, &gf.mobile).ok_or_else(ApiError::unauthorized)?;
        let filing = crate::store::Filing {
            answers: Some(crate::store::answers_in(&v.0)),
            files,
            suggested: super::suggest::shown_codes(&master, &v),
            ..crate::store::Filing::new(gf.clone(), actor)
        };
        match state.intake.file(filing).await {
            Ok(registered) => {
                let regno = registered.registration_number;
                let sig = sign(&state.secret, "filed", &regno);
                return Ok(see_other(&format!("/filed/{regno}?sig={sig}")));
            }
            Err(e) => errors.api_error(&ApiError::from(e), c.lang, FIELDS),
        }
    }
    Ok(page_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &file_page(&state, c, v, errors, dropped).await,
    ))
}

#[derive(Template)]
#[template(path = "filed.html")]
struct Filed {
    c: Ctx,
    regno: String,
    office: String,
    due_date: String,
    unrouted: bool,
    category: String,
}

/// The confirmation after filing. The link is signed, so only the person who filed (who was
/// sent there) sees where the case went.
pub async fn filed(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(regno): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let sig = query_form(&uri).get("sig");
    if !verify_signature(&state.secret, "filed", &regno, &sig) {
        return Err(ApiError::not_found("grievance"));
    }
    let detail = state.store.case_detail(&regno, &Actor::system()).await?;
    let g = detail.grievance;
    let lang = c.lang;
    Ok(page(&Filed {
        office: g
            .holding_office
            .map(|o| lang.pick(&o.name_en, &o.name_hi).to_string())
            .unwrap_or_default(),
        due_date: c.date(&g.due_date),
        unrouted: g.unrouted,
        category: lang
            .pick(&g.category.name_en, &g.category.name_hi)
            .to_string(),
        regno: g.registration_number,
        c,
    }))
}

/// Operators file from the helpline unless they choose otherwise.
pub fn default_channel(c: &Ctx) -> &'static str {
    match c.role {
        Some(Role::Operator) => "helpline",
        _ => "web",
    }
}
