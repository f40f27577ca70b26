//! The SMGT desk (issue 18, part 1): the queue of social-media posts addressed to the state's
//! accounts, one post with what was said back to it and what the desk may do with it (file it
//! through the filing form, link it to a case, ask its author for a number, dismiss it with a
//! reason, note a reply posted by hand), and the desk's figures by platform.

use super::forms::{FieldErrors, Form, query_form};
use super::{Ctx, page, page_with_status, see_other};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::social;
use crate::store::{OutboxMessage, Period, Scope, SocialFigures, SocialPost, Triage};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use nivaran_domain::types::Role;
use std::sync::Arc;

/// A post's words as a case's description: what was written, who wrote it where, and its link.
pub fn as_description(post: &SocialPost) -> String {
    let link = post.url.as_deref().unwrap_or_default();
    format!(
        "{}\n\n{} ({}) {link}",
        post.text, post.author_handle, post.platform
    )
    .trim_end()
    .to_string()
}

#[derive(Template)]
#[template(path = "smgt.html")]
struct Queue {
    c: Ctx,
    status: String,
    platform: String,
    posts: Vec<SocialPost>,
}

/// `GET /smgt`: the queue, waiting posts first by default.
pub async fn queue(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(&[Role::Operator])?;
    let q = query_form(&uri);
    q.only(&["status", "platform"], &[])?;
    let status = q.opt("status").unwrap_or_else(|| "new".into());
    let platform = q.get("platform");
    let posts = state
        .store
        .social_posts(
            Some(status.as_str()).filter(|s| *s != "all"),
            Some(platform.as_str()),
            200,
        )
        .await?;
    Ok(page(&Queue {
        c,
        status,
        platform,
        posts,
    }))
}

#[derive(Template)]
#[template(path = "smgt_post.html")]
struct PostPage {
    c: Ctx,
    post: SocialPost,
    replies: Vec<OutboxMessage>,
    /// An e-mail's attachments, which a case filed from it takes.
    files: Vec<crate::store::PostFile>,
    errors: FieldErrors,
    v: Form,
}

impl PostPage {
    fn waiting(&self) -> bool {
        matches!(self.post.status.as_str(), "new" | "asked")
    }

    /// A reply the platforms could not take by API: the desk posts it.
    fn by_hand(&self, reply: &OutboxMessage) -> bool {
        reply.last_error.as_deref() == Some(crate::notify::social::BY_HAND)
    }
}

async fn post_page(
    state: &AppState,
    c: Ctx,
    id: i64,
    errors: FieldErrors,
    v: Form,
) -> Result<Response, ApiError> {
    let post = state.store.social_post(id).await?;
    let replies = state.store.social_replies(&post).await?;
    let files = state.store.post_files(post.id).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(page_with_status(
        status,
        &PostPage {
            c,
            post,
            replies,
            files,
            errors,
            v,
        },
    ))
}

/// `GET /smgt/{id}`.
pub async fn show(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    c.require(&[Role::Operator])?;
    post_page(&state, c, id, FieldErrors::default(), Form::default()).await
}

/// `POST /smgt/{id}`: link, dismiss, ask or note a reply by hand (`action`).
pub async fn triage(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    Path(id): Path<i64>,
    v: Form,
) -> Result<Response, ApiError> {
    c.require(&[Role::Operator])?;
    let triage = match v.get("action").as_str() {
        "link" => Triage::Link {
            registration_number: v.get("registration_number"),
        },
        "dismiss" => Triage::Dismiss {
            reason: v.get("reason"),
        },
        "ask_mobile" => Triage::AskMobile,
        "answered_by_hand" => Triage::AnsweredByHand,
        _ => return Err(ApiError::not_found("page")),
    };
    match state.store.triage_post(id, triage, &c.actor()?).await {
        Ok(_) => Ok(see_other(&format!("/smgt/{id}"))),
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.api_error(
                &ApiError::from(e),
                c.lang,
                &["registration_number", "reason", "status"],
            );
            post_page(&state, c, id, errors, v).await
        }
    }
}

#[derive(Template)]
#[template(path = "smgt_figures.html")]
struct FiguresPage {
    c: Ctx,
    from: String,
    to: String,
    within_hours: i64,
    /// The scope's code (empty for the whole desk) and its name.
    scope: String,
    scope_name: String,
    figures: Vec<SocialFigures>,
    total: SocialFigures,
}

/// `GET /smgt/figures`: by platform, for a period (the last 30 days by default).
pub async fn figures(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    c.require(&[Role::Operator, Role::Supervisor, Role::Admin])?;
    let q = query_form(&uri);
    q.only(&["from", "to", "scope"], &[])?;
    let today = state.store.now().ist_date();
    let period = Period::parse(&q.get("from"), &q.get("to"), today, 30)?;
    let code = q.get("scope");
    let scope = social::figures_scope(&state, &c.actor()?, Some(&code)).await?;
    let (figures, within_hours) =
        social::social_figures(&state, &scope, period.from, period.to).await?;
    let total = SocialFigures::total(&figures);
    let scope_name = if scope == Scope::All {
        String::new()
    } else {
        crate::present::review::place_name(c.lang, &state.store, &scope)
    };
    Ok(page(&FiguresPage {
        c,
        from: period.from.to_string(),
        to: period.to.to_string(),
        within_hours,
        scope: if scope == Scope::All {
            String::new()
        } else {
            code
        },
        scope_name,
        figures,
        total,
    }))
}

/// The desk's pages.
pub fn routes() -> axum::Router<Arc<AppState>> {
    use axum::routing::get;
    axum::Router::new()
        .route("/smgt", get(queue))
        .route("/smgt/figures", get(figures))
        .route("/smgt/{id}", get(show).post(triage))
}
