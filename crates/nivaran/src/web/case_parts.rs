//! The parts of a joint case on its page (issue 17, part 1): each joint department's office,
//! status, holder, ETA and deadline, for the lead office to follow and remind, and the forms
//! each reader may use on each part (the part's office works it; a supervisor above the lead
//! office may waive it).

use super::cases::{officers_of, offices_below};
use super::i18n::Lang;
use crate::store::{GrievanceView, MasterData, PartView};

/// One part as the page shows it, with what this reader may do to it.
pub struct PartPanel {
    pub part: PartView,
    /// Part action codes this reader may take now.
    pub actions: Vec<&'static str>,
    /// The officers of the part's office it may be given to (username, name).
    pub officers: Vec<(String, String)>,
    /// The offices below the part's office it may be forwarded to.
    pub forward_to: Vec<(String, String)>,
}

impl PartPanel {
    pub fn may(&self, action: &str) -> bool {
        self.actions.contains(&action)
    }

    /// The text-only part actions, each with its field and label key.
    pub fn text_forms(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        [
            ("part_submit_atr", "text", "case-atr-text"),
            ("part_return_report", "report", "case-report"),
            ("part_return_atr", "reason", "case-reason"),
            ("part_waive", "reason", "case-part-waive-reason"),
            ("part_remind", "text", "case-part-reminder"),
        ]
        .into_iter()
        .filter(|(action, _, _)| self.may(action))
        .collect()
    }
}

pub fn panels(
    master: &MasterData,
    g: &GrievanceView,
    actions: Vec<(String, Vec<&'static str>)>,
    lang: Lang,
) -> Vec<PartPanel> {
    g.parts
        .iter()
        .map(|part| {
            let actions = actions
                .iter()
                .find(|(code, _)| *code == part.department.code)
                .map(|(_, a)| a.clone())
                .unwrap_or_default();
            let office = master.office_by_code(&part.office.code).map(|o| o.id);
            PartPanel {
                officers: office
                    .filter(|_| actions.contains(&"part_assign_officer"))
                    .map(|o| officers_of(master, o, part.holder.as_deref()))
                    .unwrap_or_default(),
                forward_to: office
                    .filter(|_| actions.contains(&"part_forward"))
                    .map(|o| offices_below(master, o, lang))
                    .unwrap_or_default(),
                part: part.clone(),
                actions,
            }
        })
        .collect()
}
