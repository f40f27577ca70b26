//! A case's timeline as people read it: each step's time, action, actor, office and the words
//! worth showing, in their language. The case page and Open311's notes both read it; a citizen
//! (or the public) sees less than an office does.

use super::i18n::Lang;
use crate::store::EventView;
use nivaran_domain::Timestamp;
use nivaran_domain::types::{DisposalKind, Verification};

/// One step of the timeline as the page shows it.
pub struct TimelineItem {
    pub when: String,
    pub action: String,
    pub actor: String,
    pub office: String,
    pub detail: String,
    pub detail_lang: &'static str,
}

/// The words of an event worth showing: the reason, the question, the report… A citizen sees
/// what was said to or by them and the outcome (questions, their answers, the ATR, disposal
/// remarks, their own reasons); what passes between offices (instructions, internal reports,
/// transfer and return reasons, special-closure requests) stays between them.
fn event_detail(event: &EventView, lang: Lang, for_citizen: bool) -> String {
    let d = &event.details;
    let text_fields: &[&str] = if !for_citizen {
        &[
            "question",
            "answer",
            "instructions",
            "report",
            "reason",
            "text",
            "remarks",
        ]
    } else {
        match event.action.as_str() {
            "ask_clarification" => &["question"],
            "receive_clarification" => &["answer"],
            "submit_atr" | "part_submit_atr" => &["text"],
            "dispose" | "record_verification" => &["remarks"],
            "reopen" | "appeal" => &["reason"],
            _ => &[],
        }
    };
    let mut parts = Vec::new();
    match event.action.as_str() {
        "dispose" => {
            if let Some(kind) = d["kind"].as_str().and_then(DisposalKind::parse) {
                parts.push(lang.pick(kind.label_en(), kind.label_hi()).to_string());
            }
        }
        "record_verification" => {
            if let Some(v) = d["outcome"].as_str().and_then(Verification::parse) {
                parts.push(lang.pick(v.label_en(), v.label_hi()).to_string());
            }
        }
        "declare_eta" => {
            if let Some(ms) = d["eta"].as_i64() {
                parts.push(super::i18n::date(Timestamp(ms).ist_date()));
            }
        }
        // Who holds the case now is between the offices.
        "assign_officer" if !for_citizen => {
            if let Some(name) = d["officer_name"].as_str() {
                parts.push(name.to_string());
            }
        }
        "add_attachment" => {
            if let Some(name) = d["filename"].as_str() {
                parts.push(name.to_string());
            }
        }
        // Which department did what (issue 17): the department's name on each of its steps.
        action if action == "add_joint_department" || action.starts_with("part_") => {
            match (
                d["department_name_en"].as_str(),
                d["department_name_hi"].as_str(),
            ) {
                (Some(en), Some(hi)) => parts.push(lang.pick(en, hi).to_string()),
                _ => {
                    if let Some(code) = d["department_code"].as_str() {
                        parts.push(code.to_string());
                    }
                }
            }
            if action == "part_declare_eta"
                && let Some(ms) = d["eta"].as_i64()
            {
                parts.push(super::i18n::date(Timestamp(ms).ist_date()));
            }
            if action == "part_assign_officer"
                && !for_citizen
                && let Some(name) = d["officer_name"].as_str()
            {
                parts.push(name.to_string());
            }
        }
        // The deadline stands still while the citizen is asked, and runs again on the reply.
        "ask_clarification" => parts.push(lang.t("timeline-deadline-paused")),
        _ => {}
    }
    // A new deadline on any other step is the one the pause left (a new round of work's
    // deadline is not shown as a resumption).
    let new_round = matches!(
        event.action.as_str(),
        "reopen" | "audit_reopen" | "appeal" | "rts_appeal"
    );
    if !new_round && let Some(ms) = d["due_at"].as_i64() {
        parts.push(lang.t_args(
            "timeline-deadline-resumed",
            &[("date", super::i18n::date(Timestamp(ms).ist_date()))],
        ));
    }
    for field in text_fields {
        if let Some(text) = d[*field].as_str().filter(|t| !t.is_empty()) {
            parts.push(text.to_string());
        }
    }
    parts.join(" — ")
}

pub fn timeline_items(events: &[EventView], lang: Lang, for_citizen: bool) -> Vec<TimelineItem> {
    events
        .iter()
        .map(|e| {
            let office = match (
                e.details["office_name_en"].as_str(),
                e.details["office_name_hi"].as_str(),
            ) {
                (Some(en), Some(hi)) => lang.pick(en, hi).to_string(),
                _ => String::new(),
            };
            let detail = event_detail(e, lang, for_citizen);
            TimelineItem {
                when: super::i18n::rfc3339(lang, &e.at),
                action: lang.t(&format!("event-{}", e.action.replace('_', "-"))),
                actor: if for_citizen {
                    String::new()
                } else {
                    e.actor.clone()
                },
                office,
                detail_lang: super::i18n::lang_of(&detail),
                detail,
            }
        })
        .collect()
}
