//! Duplicates on the pages (issue 17, part 2): the "similar open cases" a filing form shows
//! before it is submitted (an htmx partial, and rendered with the form where JavaScript does
//! not run), attaching the citizen to one of them instead of filing again, and the nodal
//! officer's page of likely duplicates to link or dismiss, with its figures.

use super::filing::{chosen_place, filing_actor, place_levels, read_multipart};
use super::forms::{Form, query_form};
use super::{Ctx, page, see_other};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::{DuplicateReview, Period, SimilarCase, SimilarQuery, works_duplicates};
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::Uri;
use axum::response::Response;
use nivaran_domain::access;
use nivaran_domain::types::{Channel, Language};
use std::sync::Arc;

/// The similar cases of what a filing form holds so far (none until it has a category, a
/// place and some words).
pub async fn similar_for(state: &AppState, c: &Ctx, v: &Form) -> Vec<SimilarCase> {
    let master = state.store.master();
    let place = chosen_place(&place_levels(&master, &v.all("place"), c.lang));
    similar_to(
        state,
        c,
        SimilarQuery {
            jurisdiction: place,
            category: v.get("category"),
            text: format!("{} {}", v.get("subject"), v.get("description")),
            mobile: v.opt("mobile"),
            latitude: None,
            longitude: None,
        },
    )
    .await
}

/// The similar cases of `query`, as its reader may see them; none while the form lacks a
/// place, a category or words (a form half typed is no error).
pub async fn similar_to(state: &AppState, c: &Ctx, query: SimilarQuery) -> Vec<SimilarCase> {
    if query.jurisdiction.trim().is_empty()
        || query.category.trim().is_empty()
        || query.text.trim().is_empty()
    {
        return Vec::new();
    }
    let actor = match &c.user {
        Some(user) => crate::store::Actor::from_user(user),
        None => crate::store::Actor::anonymous(),
    };
    state
        .store
        .similar_cases(&query, &actor)
        .await
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "partials/similar.html")]
struct SimilarPartial {
    c: Ctx,
    similar: Vec<SimilarCase>,
    /// The camp desk's form attaches through `/camp/attach` and comes back to the desk.
    attach_to_camp: bool,
}

/// The similar cases' block alone (for htmx).
pub fn similar_partial(c: Ctx, similar: Vec<SimilarCase>, attach_to_camp: bool) -> Response {
    page(&SimilarPartial {
        c,
        similar,
        attach_to_camp,
    })
}

/// `POST /file/similar`: the filing form's similar cases, as it is typed.
pub async fn partial(State(state): State<Arc<AppState>>, c: Ctx, form: Form) -> Response {
    let similar = similar_for(&state, &c, &form).await;
    similar_partial(c, similar, false)
}

#[derive(Template)]
#[template(path = "attached.html")]
struct AttachedPage {
    c: Ctx,
    regno: String,
}

/// `POST /file/attach`: the filing form submitted to attach its citizen to a similar case
/// (`attach_to`) instead of filing the same grievance again.
pub async fn attach(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let (v, _) = read_multipart(multipart).await?;
    let mobile = v.get("mobile");
    let Some(actor) = filing_actor(&c, &mobile) else {
        let refused = nivaran_domain::text::Mobile::parse(&mobile)
            .err()
            .unwrap_or_else(|| nivaran_domain::text::FieldError::required("mobile"));
        return Err(crate::store::StoreError::from(refused).into());
    };
    let language = Language::parse(&v.get("language")).unwrap_or(match c.lang {
        super::i18n::Lang::Hi => Language::Hi,
        super::i18n::Lang::En => Language::En,
    });
    // An operator says which door the citizen came through; a citizen comes by the web.
    let channel = match Channel::parse(&v.get("channel")) {
        Some(channel) if actor.role.is_some_and(access::may_file_for_others) => channel,
        _ => Channel::Web,
    };
    let regno = state
        .store
        .attach_follower(
            &v.get("attach_to"),
            &v.get("citizen_name"),
            &mobile,
            language,
            channel.code(),
            &actor,
        )
        .await?;
    Ok(page(&AttachedPage { c, regno }))
}

#[derive(Template)]
#[template(path = "duplicates.html")]
struct DuplicatesPage {
    c: Ctx,
    review: DuplicateReview,
    from: String,
    to: String,
    done: String,
}

/// `GET /duplicates`: the likely duplicates among the reader's cases, to link or dismiss.
pub async fn review(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    let q = query_form(&uri);
    q.only(&["from", "to"], &["done"])?;
    let actor = c.actor()?;
    if !works_duplicates(actor.role) {
        return Err(ApiError::forbidden("see-duplicates"));
    }
    let today = state.store.now().ist_date();
    let period = Period::parse(&q.get("from"), &q.get("to"), today, 30)?;
    let review = state.store.duplicate_review(&actor, &period).await?;
    Ok(page(&DuplicatesPage {
        review,
        from: period.from.to_string(),
        to: period.to.to_string(),
        done: q.get("done"),
        c,
    }))
}

/// `POST /duplicates/dismiss`: not a duplicate, with the reason.
pub async fn dismiss(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    form: Form,
) -> Result<Response, ApiError> {
    let actor = c.actor()?;
    state
        .store
        .dismiss_candidate(
            &form.get("registration_number"),
            &form.get("original"),
            &form.get("reason"),
            &actor,
        )
        .await?;
    Ok(see_other("/duplicates?done=dismissed"))
}
