//! The category suggestion, for the administrator: the model in use (when trained, on how many
//! cases), how its suggestions fared at filing in the last 30 days, a box to try it, and
//! training it again now (otherwise the worker does it daily).

use super::*;
use crate::web::dashboard::percent;
use nivaran_domain::scoring::share;

#[derive(Template)]
#[template(path = "admin/suggest.html")]
pub(super) struct SuggestPage {
    c: Ctx,
    /// When the model in use was trained, on how many cases (or that it is not yet).
    model: String,
    /// Per channel: its name, filings shown suggestions, share choosing the first, any.
    uses: Vec<(String, i64, String, String)>,
    text: String,
    /// What the text tried suggests.
    tried: Vec<crate::web::suggest::SuggestionView>,
    trained: bool,
}

pub async fn suggest_page(
    State(state): State<Arc<AppState>>,
    c: Ctx,
    uri: Uri,
) -> Result<Response, ApiError> {
    admin(&c)?;
    let q = query_form(&uri);
    let info = state.store.suggestion_model_info().await?;
    let since = nivaran_domain::Timestamp(state.store.now().0 - 30 * 86_400_000);
    let lang = c.lang;
    let uses = state
        .store
        .suggestion_use(since)
        .await?
        .into_iter()
        .map(|u| {
            let channel = nivaran_domain::types::Channel::parse(&u.channel)
                .map(|ch| lang.pick(ch.label_en(), ch.label_hi()).to_string())
                .unwrap_or(u.channel.clone());
            (
                channel,
                u.shown,
                percent(share(u.chose_first, u.shown)),
                percent(share(u.chose_any, u.shown)),
            )
        })
        .collect();
    let text: String = q
        .get("text")
        .trim()
        .chars()
        .take(crate::store::SUGGEST_MAX_CHARS)
        .collect();
    let tried = crate::web::suggest::suggestions(&state, lang, &text).await;
    let model = match info.trained_at {
        Some(at) => c.t2(
            "admin-suggest-model",
            "when",
            lang.datetime(at),
            "cases",
            c.num(&(info.cases as i64)),
        ),
        None => c.t("admin-suggest-no-model"),
    };
    Ok(page(&SuggestPage {
        c,
        model,
        uses,
        text,
        tried,
        trained: q.get("trained") == "1",
    }))
}

/// Trains the model now, and records who asked in the administration log.
pub async fn suggest_train(
    State(state): State<Arc<AppState>>,
    c: Ctx,
) -> Result<Response, ApiError> {
    admin(&c)?;
    let report = state.store.train_suggestions().await?;
    state
        .store
        .log_admin(
            &c.actor()?,
            "train_suggestions",
            "category suggestion",
            serde_json::json!({ "cases": report.cases, "categories": report.categories }),
        )
        .await?;
    Ok(see_other("/admin/suggest?trained=1"))
}
