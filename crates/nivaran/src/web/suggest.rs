//! The categories suggested from what a person typed (issue 17, part 3), on the filing form
//! (citizens and the helpline's operators) and the camp desk: refreshed as the subject and
//! description are typed (posted, so the words stay out of addresses and access logs), each a
//! button that chooses it. The codes shown go back with the form (`suggested`), so the filing
//! records whether the category chosen was one of them. The case page of an unrouted case and
//! the administrator's page use the same suggestions.

use super::forms::Form;
use super::i18n::Lang;
use super::{Ctx, page};
use crate::http::AppState;
use crate::store::MasterData;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use std::sync::Arc;

/// How many categories are suggested.
const SHOWN: usize = 3;

/// A suggested category as a page shows it.
pub struct SuggestionView {
    pub code: String,
    pub name: String,
    pub department: String,
    /// The model's probability for it, as a percentage.
    pub probability: String,
}

impl SuggestionView {
    /// "Category · department".
    pub fn label(&self) -> String {
        format!("{} · {}", self.name, self.department)
    }
}

/// The three categories `text` points to, in `lang`. Nothing for fewer than three letters
/// (nothing said yet), and nothing when the suggestion cannot be made: it is a help, and the
/// page works without it.
pub async fn suggestions(state: &AppState, lang: Lang, text: &str) -> Vec<SuggestionView> {
    let text: String = text
        .trim()
        .chars()
        .take(crate::store::SUGGEST_MAX_CHARS)
        .collect();
    if text.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return Vec::new();
    }
    match state.store.suggest_categories(&text, SHOWN).await {
        Ok(list) => list
            .into_iter()
            .map(|s| SuggestionView {
                name: lang.pick(&s.name_en, &s.name_hi).to_string(),
                department: lang.pick(&s.department_en, &s.department_hi).to_string(),
                probability: super::dashboard::percent(Some(f64::from(s.probability))),
                code: s.code,
            })
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, "no category suggestion");
            Vec::new()
        }
    }
}

/// The suggestions for the subject and description in `v`, and their codes as the form sends
/// them back.
pub async fn suggestions_for(
    state: &AppState,
    lang: Lang,
    v: &Form,
) -> (Vec<SuggestionView>, String) {
    let text = format!("{} {}", v.get("subject"), v.get("description"));
    let views = suggestions(state, lang, &text).await;
    let shown = views
        .iter()
        .map(|s| s.code.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    (views, shown)
}

/// The codes a submitted form says it was shown (known categories only, at most three), for
/// [`crate::store::Filing::suggested`].
pub fn shown_codes(master: &MasterData, v: &Form) -> Vec<String> {
    v.get("suggested")
        .split_whitespace()
        .filter(|code| master.category_by_code(code).is_some())
        .take(SHOWN)
        .map(str::to_string)
        .collect()
}

#[derive(Template)]
#[template(path = "partials/suggestions.html")]
struct SuggestionsPartial {
    c: Ctx,
    suggestions: Vec<SuggestionView>,
    shown: String,
    camp: bool,
    /// Also tell screen readers, in the page's status line, what is now suggested.
    oob: bool,
}

/// htmx: `POST /file/suggest` with `subject` and `description` (and `camp=1` on the camp desk).
pub async fn partial(State(state): State<Arc<AppState>>, c: Ctx, v: Form) -> Response {
    let (suggestions, shown) = suggestions_for(&state, c.lang, &v).await;
    page(&SuggestionsPartial {
        camp: v.get("camp") == "1",
        oob: true,
        c,
        suggestions,
        shown,
    })
}
