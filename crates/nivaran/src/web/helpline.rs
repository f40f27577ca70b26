//! The helpline screen (issue 18, part 3): the calls ringing or taken for this operator (or for
//! nobody in particular) in the last quarter of an hour, each with the caller's earlier cases and
//! a filing form filled in for them; it follows the calls by itself (htmx, every few seconds),
//! and without JavaScript by its refresh link. Verification calls are placed from the verifier's
//! screen (`POST /verify/dial`).

use super::forms::Form;
use super::{Ctx, page, see_other};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::{Call, EarlierCase};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use nivaran_domain::types::Role;
use std::sync::Arc;

/// How far back the screen looks for calls still ringing or taken.
const RECENT_MILLIS: i64 = 15 * 60_000;

pub struct CallView {
    pub call: Call,
    pub earlier: Vec<EarlierCase>,
}

#[derive(Template)]
#[template(path = "helpline.html")]
struct Screen {
    c: Ctx,
    calls: Vec<CallView>,
}

#[derive(Template)]
#[template(path = "partials/helpline_calls.html")]
struct CallsPartial {
    c: Ctx,
    calls: Vec<CallView>,
}

async fn calls_for(state: &AppState, c: &Ctx) -> Result<Vec<CallView>, ApiError> {
    let user = c.require(&[Role::Operator])?;
    let since = state.store.now().0 - RECENT_MILLIS;
    let calls = state
        .store
        .helpline_calls(&user.username, user.mobile.as_deref(), since)
        .await?;
    let mut views = Vec::with_capacity(calls.len());
    for call in calls {
        let earlier = state.store.earlier_cases(&call.caller).await?;
        views.push(CallView { call, earlier });
    }
    Ok(views)
}

/// `GET /helpline`.
pub async fn screen(State(state): State<Arc<AppState>>, c: Ctx) -> Result<Response, ApiError> {
    let calls = calls_for(&state, &c).await?;
    Ok(page(&Screen { c, calls }))
}

/// `GET /helpline/calls`: the calls alone, for the screen to follow them.
pub async fn calls(State(state): State<Arc<AppState>>, c: Ctx) -> Result<Response, ApiError> {
    let calls = calls_for(&state, &c).await?;
    Ok(page(&CallsPartial { c, calls }))
}

/// `POST /verify/dial`: the verifier's call to the citizen of `regno`, placed through the
/// call-centre system; back to the verifier's screen, which shows it.
pub async fn dial(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    form: Form,
) -> Result<Response, ApiError> {
    c.require(&[Role::Verifier])?;
    let Some(provider) = state.store.telephony().dial_provider() else {
        return Err(ApiError::not_found("page"));
    };
    let regno = form.get("regno");
    state
        .store
        .place_verification_call(&regno, provider, &c.actor()?)
        .await?;
    let mut back = format!(
        "/verify?done=dialled&regno={}",
        super::forms::url_encode(&regno)
    );
    for name in ["district", "department"] {
        if let Some(value) = form.opt(name) {
            back.push_str(&format!("&{name}={}", super::forms::url_encode(&value)));
        }
    }
    Ok(see_other(&back))
}
