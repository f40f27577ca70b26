//! The grievance lifecycle as a pure state machine.
//!
//! received → assigned → in progress → ATR submitted → disposed → closed, with the side paths of
//! DOMAIN.md: clarification from the citizen, forwarding down and the report coming back up,
//! transfer (at most [`MAX_TRANSFERS`] times), joint departments, supervisor approval of ATRs and of
//! special closures, verification calls, reopening within [`REOPEN_WINDOW_DAYS`] days, appeal, and
//! escalation one level at a time.
//!
//! [`apply`] is the only way a case changes. It returns the new state or an error naming the state
//! and the action, and never panics. Storage records every applied [`Action`] as an event, so
//! replaying a case's events through [`apply`] rebuilds the case.

mod deadline;
mod steps;
pub use deadline::{Clock, DeadlineRule, Step, deadline_runs, renews_deadline, step};
pub use steps::apply;

use crate::clock::Timestamp;
use crate::error_code::ErrorCode;
use crate::message::Message;
use crate::types::{DisposalKind, Verification};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const MAX_TRANSFERS: u8 = 3;
/// A citizen may reopen or appeal within this many days of disposal.
pub const REOPEN_WINDOW_DAYS: i64 = 30;
pub const APPEAL_WINDOW_DAYS: i64 = 30;
/// Levels run from L1 (the field office) to L4 (the state); L3 → L4 is by hand only.
pub const MAX_AUTO_LEVEL: u8 = 3;
pub const MAX_LEVEL: u8 = 4;

pub type OfficeId = i64;
pub type DepartmentId = i64;
/// A person's account (an officer of the holding office, for a case's named holder).
pub type UserId = i64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Received,
    Assigned,
    InProgress,
    AwaitingClarification,
    Forwarded,
    AtrSubmitted,
    Disposed,
    Closed,
}

impl Status {
    pub const ALL: &'static [Status] = &[
        Status::Received,
        Status::Assigned,
        Status::InProgress,
        Status::AwaitingClarification,
        Status::Forwarded,
        Status::AtrSubmitted,
        Status::Disposed,
        Status::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Assigned => "assigned",
            Status::InProgress => "in_progress",
            Status::AwaitingClarification => "awaiting_clarification",
            Status::Forwarded => "forwarded",
            Status::AtrSubmitted => "atr_submitted",
            Status::Disposed => "disposed",
            Status::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL
            .iter()
            .copied()
            .find(|s| s.code() == code.trim())
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Assigned => "assigned",
            Status::InProgress => "in progress",
            Status::AwaitingClarification => "awaiting clarification",
            Status::Forwarded => "forwarded",
            Status::AtrSubmitted => "ATR submitted",
            Status::Disposed => "disposed",
            Status::Closed => "closed",
        }
    }

    pub fn label_hi(self) -> &'static str {
        match self {
            Status::Received => "प्राप्त",
            Status::Assigned => "आवंटित",
            Status::InProgress => "कार्यवाही जारी",
            Status::AwaitingClarification => "स्पष्टीकरण प्रतीक्षित",
            Status::Forwarded => "अधीनस्थ को अग्रेषित",
            Status::AtrSubmitted => "एटीआर प्रस्तुत",
            Status::Disposed => "निस्तारित",
            Status::Closed => "बंद",
        }
    }

    /// Open cases count towards pendency and run against their deadline.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Disposed | Status::Closed)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where a special closure request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SpecialClose {
    #[default]
    None,
    Requested,
    Approved,
}

impl SpecialClose {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            SpecialClose::None => "none",
            SpecialClose::Requested => "requested",
            SpecialClose::Approved => "approved",
        }
    }

    pub fn parse(code: &str) -> Option<SpecialClose> {
        match code {
            "none" => Some(SpecialClose::None),
            "requested" => Some(SpecialClose::Requested),
            "approved" => Some(SpecialClose::Approved),
            _ => None,
        }
    }
}

/// Everything about a case that the lifecycle rules look at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseState {
    pub status: Status,
    pub holding_office: Option<OfficeId>,
    /// The officer of the holding office answerable for the case by name (seed 002), once the
    /// office's head assigned it or an officer accepted it; cleared when the office changes.
    pub holder: Option<UserId>,
    /// True while the case sits in a nodal officer's queue because no routing rule covered it.
    pub unrouted: bool,
    pub forwarded_to: Option<OfficeId>,
    /// 1 = with the field office (L1); 2..=4 = escalated to that level.
    pub escalation_level: u8,
    pub escalated_to: Option<OfficeId>,
    pub transfer_count: u8,
    pub reopen_count: u8,
    pub appealed: bool,
    pub joint_departments: Vec<DepartmentId>,
    pub eta: Option<Timestamp>,
    /// How many times the declared ETA was changed (each with a reason).
    pub eta_changes: u8,
    pub atr_submitted: bool,
    pub atr_approved: bool,
    pub special_close: SpecialClose,
    pub disposal: Option<DisposalKind>,
    pub disposed_at: Option<Timestamp>,
    pub verification: Option<Verification>,
}

impl CaseState {
    /// A case just registered: not yet with any office.
    pub fn received() -> Self {
        CaseState {
            status: Status::Received,
            holding_office: None,
            holder: None,
            unrouted: false,
            forwarded_to: None,
            escalation_level: 1,
            escalated_to: None,
            transfer_count: 0,
            reopen_count: 0,
            appealed: false,
            joint_departments: Vec::new(),
            eta: None,
            eta_changes: 0,
            atr_submitted: false,
            atr_approved: false,
            special_close: SpecialClose::None,
            disposal: None,
            disposed_at: None,
            verification: None,
        }
    }
}

impl CaseState {
    /// Does the case's state admit `action` at all? (The action's own rules — reasons, dates,
    /// limits, windows — are checked by [`apply`] after this.)
    pub fn allows(&self, action: &Action) -> bool {
        use Status::*;
        let status = self.status;
        let open_and_routed = status.is_open() && status != Received;
        match action {
            Action::Assign { .. } => status == Received,
            Action::Accept => status == Assigned,
            Action::AssignOfficer { .. } => open_and_routed && status != Received,
            Action::DeclareEta { .. } => {
                matches!(status, InProgress | Forwarded | AwaitingClarification)
            }
            Action::AskClarification { .. } => status == InProgress,
            Action::ReceiveClarification { .. } => status == AwaitingClarification,
            Action::Forward { .. } => status == InProgress,
            Action::ReturnReport { .. } => status == Forwarded,
            Action::Transfer { .. } => matches!(status, Assigned | InProgress),
            Action::AddJointDepartment { .. } => matches!(
                status,
                Assigned | InProgress | Forwarded | AwaitingClarification
            ),
            Action::SubmitAtr { .. } => status == InProgress,
            Action::ApproveAtr | Action::ReturnAtr { .. } => status == AtrSubmitted,
            Action::RequestSpecialClose { .. } => {
                matches!(status, InProgress | AtrSubmitted)
                    && self.special_close == SpecialClose::None
            }
            Action::ApproveSpecialClose => {
                self.special_close == SpecialClose::Requested
                    && matches!(
                        status,
                        InProgress | AwaitingClarification | Forwarded | AtrSubmitted
                    )
            }
            // Disposal needs an Action Taken Report, except a special closure (which `apply`
            // then checks was approved).
            Action::Dispose { kind, .. } => {
                status == AtrSubmitted
                    || (*kind == DisposalKind::SpecialClose && status == InProgress)
            }
            Action::RecordVerification { .. } | Action::Reopen { .. } | Action::Close => {
                status == Disposed
            }
            Action::AuditReopen { .. } => matches!(status, Disposed | Closed),
            Action::AuditFlag { .. } => open_and_routed,
            Action::Appeal { .. } => matches!(status, Disposed | Closed),
            Action::RtsAppeal { .. } | Action::Escalate { .. } => open_and_routed,
            // A remark may be made on any case, whatever its state.
            Action::Remark { .. } => true,
        }
    }

    /// The actions a person could take on the case now, by code, for offering them on screen:
    /// those the state admits, less the ones only the system takes and the ones already done.
    pub fn available_actions(&self) -> Vec<&'static str> {
        Action::CODES
            .iter()
            .copied()
            // Audits reopen cases from the audit screen, with their finding.
            .filter(|code| {
                !matches!(
                    *code,
                    "assign" | "rts_appeal" | "audit_reopen" | "audit_flag"
                )
            })
            .filter(|code| {
                let Some(sample) = Action::sample(code) else {
                    return false;
                };
                match sample {
                    Action::ApproveAtr => self.allows(&sample) && !self.atr_approved,
                    Action::Dispose { .. } => {
                        self.allows(&sample)
                            || (self.special_close == SpecialClose::Approved
                                && self.allows(&Action::Dispose {
                                    kind: DisposalKind::SpecialClose,
                                    remarks: String::new(),
                                }))
                    }
                    Action::RecordVerification { .. } => {
                        self.allows(&sample) && self.verification.is_none()
                    }
                    _ => self.allows(&sample),
                }
            })
            .collect()
    }
}

/// Every action the lifecycle knows. Serialised as the payload of its event, so the fields carry
/// the "why" (reasons, remarks, texts) as well as the "what".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Give the case to an office: by routing, or to the nodal officer when no rule covers it.
    Assign {
        office: OfficeId,
        unrouted: bool,
    },
    Accept,
    /// The office head (or a supervisor above) names the officer who holds the case; a
    /// reassignment says why.
    AssignOfficer {
        officer: UserId,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reason: String,
    },
    /// The officer's own date for resolving the case (seed 003). A date past the deadline, or
    /// a change of a date already declared, says why.
    DeclareEta {
        eta: Timestamp,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reason: String,
    },
    AskClarification {
        question: String,
    },
    ReceiveClarification {
        answer: String,
    },
    Forward {
        office: OfficeId,
        instructions: String,
    },
    ReturnReport {
        report: String,
    },
    Transfer {
        office: OfficeId,
        reason: String,
    },
    AddJointDepartment {
        department: DepartmentId,
    },
    SubmitAtr {
        text: String,
        documents: Vec<String>,
    },
    ApproveAtr,
    ReturnAtr {
        reason: String,
    },
    RequestSpecialClose {
        reason: String,
    },
    ApproveSpecialClose,
    Dispose {
        kind: DisposalKind,
        remarks: String,
    },
    RecordVerification {
        outcome: Verification,
        remarks: String,
    },
    Reopen {
        reason: String,
    },
    /// An auditor found the disposal fake or stalling: the case goes back to work, even if
    /// already closed or the citizen was satisfied (the citizen may have been misled).
    AuditReopen {
        reason: String,
    },
    /// An auditor found an open case stalled (seed 002): recorded on its timeline for its
    /// offices, where its holder reads it; the case goes on as it was.
    AuditFlag {
        reason: String,
    },
    Appeal {
        office: OfficeId,
        reason: String,
    },
    /// Right to Service: the notified time passed without the service, so the case goes to the
    /// first appellate officer by itself.
    RtsAppeal {
        office: OfficeId,
    },
    Close,
    Escalate {
        manual: bool,
    },
    /// A reviewer's remark on the case (a collector's on another department's case, a
    /// supervisor's): recorded on the timeline for its offices, the case itself unchanged.
    Remark {
        text: String,
    },
}

impl Action {
    pub const CODES: &'static [&'static str] = &[
        "assign",
        "accept",
        "assign_officer",
        "declare_eta",
        "ask_clarification",
        "receive_clarification",
        "forward",
        "return_report",
        "transfer",
        "add_joint_department",
        "submit_atr",
        "approve_atr",
        "return_atr",
        "request_special_close",
        "approve_special_close",
        "dispose",
        "record_verification",
        "reopen",
        "audit_reopen",
        "audit_flag",
        "appeal",
        "rts_appeal",
        "close",
        "escalate",
        "remark",
    ];

    /// An action of the kind `code` with placeholder details, for asking "may this kind of
    /// action be taken?" of [`CaseState::allows`] and of the access rules.
    pub fn sample(code: &str) -> Option<Action> {
        Some(match code {
            "assign" => Action::Assign {
                office: 0,
                unrouted: false,
            },
            "accept" => Action::Accept,
            "assign_officer" => Action::AssignOfficer {
                officer: 0,
                reason: String::new(),
            },
            "declare_eta" => Action::DeclareEta {
                eta: Timestamp(0),
                reason: String::new(),
            },
            "ask_clarification" => Action::AskClarification {
                question: String::new(),
            },
            "receive_clarification" => Action::ReceiveClarification {
                answer: String::new(),
            },
            "forward" => Action::Forward {
                office: 0,
                instructions: String::new(),
            },
            "return_report" => Action::ReturnReport {
                report: String::new(),
            },
            "transfer" => Action::Transfer {
                office: 0,
                reason: String::new(),
            },
            "add_joint_department" => Action::AddJointDepartment { department: 0 },
            "submit_atr" => Action::SubmitAtr {
                text: String::new(),
                documents: Vec::new(),
            },
            "approve_atr" => Action::ApproveAtr,
            "return_atr" => Action::ReturnAtr {
                reason: String::new(),
            },
            "request_special_close" => Action::RequestSpecialClose {
                reason: String::new(),
            },
            "approve_special_close" => Action::ApproveSpecialClose,
            "dispose" => Action::Dispose {
                kind: DisposalKind::Relief,
                remarks: String::new(),
            },
            "record_verification" => Action::RecordVerification {
                outcome: Verification::Satisfied,
                remarks: String::new(),
            },
            "reopen" => Action::Reopen {
                reason: String::new(),
            },
            "audit_reopen" => Action::AuditReopen {
                reason: String::new(),
            },
            "audit_flag" => Action::AuditFlag {
                reason: String::new(),
            },
            "appeal" => Action::Appeal {
                office: 0,
                reason: String::new(),
            },
            "rts_appeal" => Action::RtsAppeal { office: 0 },
            "close" => Action::Close,
            "escalate" => Action::Escalate { manual: true },
            "remark" => Action::Remark {
                text: String::new(),
            },
            _ => return None,
        })
    }

    pub fn code(&self) -> &'static str {
        match self {
            Action::Assign { .. } => "assign",
            Action::Accept => "accept",
            Action::AssignOfficer { .. } => "assign_officer",
            Action::DeclareEta { .. } => "declare_eta",
            Action::AskClarification { .. } => "ask_clarification",
            Action::ReceiveClarification { .. } => "receive_clarification",
            Action::Forward { .. } => "forward",
            Action::ReturnReport { .. } => "return_report",
            Action::Transfer { .. } => "transfer",
            Action::AddJointDepartment { .. } => "add_joint_department",
            Action::SubmitAtr { .. } => "submit_atr",
            Action::ApproveAtr => "approve_atr",
            Action::ReturnAtr { .. } => "return_atr",
            Action::RequestSpecialClose { .. } => "request_special_close",
            Action::ApproveSpecialClose => "approve_special_close",
            Action::Dispose { .. } => "dispose",
            Action::RecordVerification { .. } => "record_verification",
            Action::Reopen { .. } => "reopen",
            Action::AuditReopen { .. } => "audit_reopen",
            Action::AuditFlag { .. } => "audit_flag",
            Action::Appeal { .. } => "appeal",
            Action::RtsAppeal { .. } => "rts_appeal",
            Action::Close => "close",
            Action::Escalate { .. } => "escalate",
            Action::Remark { .. } => "remark",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            Action::Assign { .. } => "assign",
            Action::Accept => "accept",
            Action::AssignOfficer { .. } => "assign an officer to",
            Action::DeclareEta { .. } => "declare an ETA for",
            Action::AskClarification { .. } => "ask for clarification on",
            Action::ReceiveClarification { .. } => "record a clarification on",
            Action::Forward { .. } => "forward",
            Action::ReturnReport { .. } => "return a report on",
            Action::Transfer { .. } => "transfer",
            Action::AddJointDepartment { .. } => "add a joint department to",
            Action::SubmitAtr { .. } => "submit an ATR for",
            Action::ApproveAtr => "approve the ATR of",
            Action::ReturnAtr { .. } => "return the ATR of",
            Action::RequestSpecialClose { .. } => "request special closure of",
            Action::ApproveSpecialClose => "approve special closure of",
            Action::Dispose { .. } => "dispose of",
            Action::RecordVerification { .. } => "record verification of",
            Action::Reopen { .. } => "reopen",
            Action::AuditReopen { .. } => "reopen after audit",
            Action::AuditFlag { .. } => "record an audit finding on",
            Action::Appeal { .. } => "appeal",
            Action::RtsAppeal { .. } => "send to the first appellate officer",
            Action::Close => "close",
            Action::Escalate { .. } => "escalate",
            Action::Remark { .. } => "add a remark to",
        }
    }

    pub fn label_hi(&self) -> &'static str {
        match self {
            Action::Assign { .. } => "आवंटन",
            Action::Accept => "स्वीकार करना",
            Action::AssignOfficer { .. } => "अधिकारी को सौंपना",
            Action::DeclareEta { .. } => "अनुमानित समय घोषित करना",
            Action::AskClarification { .. } => "स्पष्टीकरण मांगना",
            Action::ReceiveClarification { .. } => "स्पष्टीकरण दर्ज करना",
            Action::Forward { .. } => "अधीनस्थ को अग्रेषित करना",
            Action::ReturnReport { .. } => "रिपोर्ट लौटाना",
            Action::Transfer { .. } => "स्थानांतरण",
            Action::AddJointDepartment { .. } => "संयुक्त विभाग जोड़ना",
            Action::SubmitAtr { .. } => "एटीआर प्रस्तुत करना",
            Action::ApproveAtr => "एटीआर अनुमोदन",
            Action::ReturnAtr { .. } => "एटीआर लौटाना",
            Action::RequestSpecialClose { .. } => "विशेष निस्तारण का अनुरोध",
            Action::ApproveSpecialClose => "विशेष निस्तारण का अनुमोदन",
            Action::Dispose { .. } => "निस्तारण",
            Action::RecordVerification { .. } => "सत्यापन दर्ज करना",
            Action::Reopen { .. } => "पुनः खोलना",
            Action::AuditReopen { .. } => "लेखा परीक्षा के बाद पुनः खोलना",
            Action::AuditFlag { .. } => "लेखा परीक्षा का निष्कर्ष दर्ज करना",
            Action::Appeal { .. } => "अपील",
            Action::RtsAppeal { .. } => "प्रथम अपील अधिकारी को भेजना",
            Action::Close => "बंद करना",
            Action::Escalate { .. } => "उच्च स्तर पर भेजना",
            Action::Remark { .. } => "टिप्पणी जोड़ना",
        }
    }
}

/// Facts about offices that some rules need; storage answers them from master data.
pub trait OfficeTree {
    /// The office a case escalates to from `office`, if any.
    fn parent(&self, office: OfficeId) -> Option<OfficeId>;
    /// True when `office` is strictly below `ancestor` in the escalation tree.
    fn is_below(&self, office: OfficeId, ancestor: OfficeId) -> bool {
        let mut current = self.parent(office);
        let mut hops = 0;
        while let Some(up) = current {
            if up == ancestor {
                return true;
            }
            hops += 1;
            if hops > 32 {
                return false; // a cycle in bad master data must not hang us
            }
            current = self.parent(up);
        }
        false
    }
    fn exists(&self, office: OfficeId) -> bool;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    /// The action is not allowed in the case's current state.
    #[error("cannot {action} a case that is {status}", action = .action_en, status = .status.label_en())]
    NotAllowed {
        action: &'static str,
        action_en: &'static str,
        action_hi: &'static str,
        status: Status,
    },
    /// The state allows the action but a rule forbids it now; `code` is stable, the message
    /// explains.
    #[error("{message}")]
    Rule {
        code: ErrorCode,
        field: Option<&'static str>,
        message: Message,
    },
}

impl LifecycleError {
    pub fn code(&self) -> ErrorCode {
        match self {
            LifecycleError::NotAllowed { .. } => ErrorCode::IllegalTransition,
            LifecycleError::Rule { code, .. } => *code,
        }
    }

    /// What to tell the person, said in their language where it is shown.
    pub fn message(&self) -> Message {
        match self {
            LifecycleError::NotAllowed {
                action_en,
                action_hi,
                status,
                ..
            } => crate::msg!("lifecycle-not-allowed")
                .label("action", *action_en, *action_hi)
                .label("status", status.label_en(), status.label_hi()),
            LifecycleError::Rule { message, .. } => message.clone(),
        }
    }

    pub fn field(&self) -> Option<&'static str> {
        match self {
            LifecycleError::NotAllowed { .. } => None,
            LifecycleError::Rule { field, .. } => *field,
        }
    }
}

#[cfg(test)]
mod tests;
