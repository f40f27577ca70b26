//! Parts of a joint (inter-departmental) case (issue 17, part 1; seeds 000 and 004).
//!
//! A joint department added to a case with an office gets a **part**: its own office, holder,
//! ETA, forwarding, Action Taken Report and escalation, while the case keeps its one holding
//! (lead) office and its one chain of events. The case cannot be disposed of while a part is
//! pending; a part ends with its ATR or when a supervisor above the lead office waives it.

use super::*;
use crate::msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartStatus {
    Assigned,
    InProgress,
    Forwarded,
    AtrSubmitted,
    Waived,
}

impl PartStatus {
    pub const ALL: &'static [PartStatus] = &[
        PartStatus::Assigned,
        PartStatus::InProgress,
        PartStatus::Forwarded,
        PartStatus::AtrSubmitted,
        PartStatus::Waived,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PartStatus::Assigned => "assigned",
            PartStatus::InProgress => "in_progress",
            PartStatus::Forwarded => "forwarded",
            PartStatus::AtrSubmitted => "atr_submitted",
            PartStatus::Waived => "waived",
        }
    }

    pub fn parse(code: &str) -> Option<PartStatus> {
        PartStatus::ALL.iter().copied().find(|s| s.code() == code)
    }

    pub fn label_en(self) -> &'static str {
        match self {
            PartStatus::Assigned => "assigned",
            PartStatus::InProgress => "in progress",
            PartStatus::Forwarded => "forwarded",
            PartStatus::AtrSubmitted => "ATR submitted",
            PartStatus::Waived => "waived",
        }
    }

    pub fn label_hi(self) -> &'static str {
        match self {
            PartStatus::Assigned => "आवंटित",
            PartStatus::InProgress => "कार्यवाही जारी",
            PartStatus::Forwarded => "अधीनस्थ को अग्रेषित",
            PartStatus::AtrSubmitted => "एटीआर प्रस्तुत",
            PartStatus::Waived => "छूट दी गई",
        }
    }

    /// A pending part still owes its report: it holds up the case's disposal, counts as
    /// "inter-departmental pending" and runs against its deadline.
    pub fn is_pending(self) -> bool {
        !matches!(self, PartStatus::AtrSubmitted | PartStatus::Waived)
    }

    /// The SQL list of the pending codes, for the figures and the sweep.
    pub const PENDING_SQL: &'static str = "('assigned', 'in_progress', 'forwarded')";
}

/// One joint department's share of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub department: DepartmentId,
    /// The department's office routing chose for the case's place.
    pub office: OfficeId,
    pub status: PartStatus,
    pub holder: Option<UserId>,
    pub eta: Option<Timestamp>,
    pub forwarded_to: Option<OfficeId>,
    /// 1 = with the part's office; 2..=4 = escalated to that level.
    pub escalation_level: u8,
    pub escalated_to: Option<OfficeId>,
}

impl Part {
    pub fn new(department: DepartmentId, office: OfficeId) -> Part {
        Part {
            department,
            office,
            status: PartStatus::Assigned,
            holder: None,
            eta: None,
            forwarded_to: None,
            escalation_level: 1,
            escalated_to: None,
        }
    }
}

impl CaseState {
    pub fn part(&self, department: DepartmentId) -> Option<&Part> {
        self.parts.iter().find(|p| p.department == department)
    }

    /// The parts that still owe their report.
    pub fn pending_parts(&self) -> impl Iterator<Item = &Part> {
        self.parts.iter().filter(|p| p.status.is_pending())
    }
}

impl CaseState {
    /// The actions the state admits now on the part of `department`, by code (for offering
    /// them beside the part; who may take them is the access rules' question).
    pub fn part_actions(&self, department: DepartmentId) -> Vec<&'static str> {
        Action::CODES
            .iter()
            .copied()
            .filter(|code| code.starts_with("part_"))
            .filter(|code| {
                Action::sample(code)
                    .map(|a| a.for_department(department))
                    .is_some_and(|a| self.allows(&a))
            })
            .collect()
    }
}

impl Action {
    /// The same part action for the part of `department` (other actions are returned as
    /// they are).
    pub fn for_department(mut self, d: DepartmentId) -> Action {
        match &mut self {
            Action::PartAccept { department }
            | Action::PartAssignOfficer { department, .. }
            | Action::PartDeclareEta { department, .. }
            | Action::PartForward { department, .. }
            | Action::PartReturnReport { department, .. }
            | Action::PartSubmitAtr { department, .. }
            | Action::PartReturnAtr { department, .. }
            | Action::PartWaive { department, .. }
            | Action::PartRemind { department, .. }
            | Action::PartEscalate { department, .. } => *department = d,
            _ => {}
        }
        self
    }

    /// The department whose part this action works on, for the part actions.
    pub fn part_department(&self) -> Option<DepartmentId> {
        match self {
            Action::PartAccept { department }
            | Action::PartAssignOfficer { department, .. }
            | Action::PartDeclareEta { department, .. }
            | Action::PartForward { department, .. }
            | Action::PartReturnReport { department, .. }
            | Action::PartSubmitAtr { department, .. }
            | Action::PartReturnAtr { department, .. }
            | Action::PartWaive { department, .. }
            | Action::PartRemind { department, .. }
            | Action::PartEscalate { department, .. } => Some(*department),
            _ => None,
        }
    }
}

/// Does the part's state admit the part action at all?
pub(super) fn part_allows(part: &Part, action: &Action) -> bool {
    use PartStatus::*;
    let status = part.status;
    match action {
        Action::PartAccept { .. } => status == Assigned,
        Action::PartAssignOfficer { .. } | Action::PartRemind { .. } => status.is_pending(),
        Action::PartDeclareEta { .. } => matches!(status, InProgress | Forwarded),
        Action::PartForward { .. } | Action::PartSubmitAtr { .. } => status == InProgress,
        Action::PartReturnReport { .. } => status == Forwarded,
        Action::PartReturnAtr { .. } => status == AtrSubmitted,
        Action::PartWaive { .. } => status.is_pending(),
        Action::PartEscalate { .. } => status.is_pending(),
        _ => false,
    }
}

/// Applies a part action to the part (already found and admitted by [`part_allows`]).
pub(super) fn apply_to_part(
    part: &mut Part,
    action: &Action,
    now: Timestamp,
    offices: &dyn OfficeTree,
) -> Result<(), LifecycleError> {
    use super::steps::{check_eta, ensure_office, escalation_target, require_text, rule};
    match action {
        Action::PartAccept { .. } => part.status = PartStatus::InProgress,
        Action::PartAssignOfficer {
            officer, reason, ..
        } => {
            if part.holder == Some(*officer) {
                return Err(rule(
                    ErrorCode::AlreadyHolder,
                    Some("officer"),
                    msg!("lifecycle-already-holder"),
                ));
            }
            if part.holder.is_some() {
                require_text("reason", reason, "reassignment")?;
            }
            part.holder = Some(*officer);
        }
        Action::PartDeclareEta { eta, reason, .. } => {
            check_eta(part.eta, *eta, reason, now)?;
            part.eta = Some(*eta);
        }
        Action::PartForward {
            office,
            instructions,
            ..
        } => {
            ensure_office(offices, *office)?;
            if !offices.is_below(*office, part.office) {
                return Err(rule(
                    ErrorCode::NotSubordinate,
                    Some("office"),
                    msg!("lifecycle-not-subordinate"),
                ));
            }
            require_text("instructions", instructions, "instructions")?;
            part.status = PartStatus::Forwarded;
            part.forwarded_to = Some(*office);
        }
        Action::PartReturnReport { report, .. } => {
            require_text("report", report, "report")?;
            part.status = PartStatus::InProgress;
            part.forwarded_to = None;
        }
        Action::PartSubmitAtr { text, .. } => {
            require_text("text", text, "atr")?;
            part.status = PartStatus::AtrSubmitted;
        }
        Action::PartReturnAtr { reason, .. } => {
            require_text("reason", reason, "return-atr")?;
            part.status = PartStatus::InProgress;
        }
        Action::PartWaive { reason, .. } => {
            require_text("reason", reason, "waiver")?;
            part.status = PartStatus::Waived;
            part.forwarded_to = None;
        }
        Action::PartRemind { text, .. } => require_text("text", text, "reminder")?,
        Action::PartEscalate { manual, .. } => {
            let from = part.escalated_to.unwrap_or(part.office);
            let up = escalation_target(part.escalation_level, *manual, from, offices)?;
            part.escalation_level += 1;
            part.escalated_to = Some(up);
        }
        _ => {}
    }
    Ok(())
}

/// The rule a disposal must pass: no part still owes its report.
pub(super) fn ensure_parts_done(state: &CaseState) -> Result<(), LifecycleError> {
    let pending = state.pending_parts().count();
    if pending > 0 {
        return Err(super::steps::rule(
            ErrorCode::PartsPending,
            None,
            msg!("lifecycle-parts-pending", count = pending),
        ));
    }
    Ok(())
}
