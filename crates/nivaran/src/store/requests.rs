//! Lifecycle actions as people and integrations send them: offices and departments by code,
//! dates as `YYYY-MM-DD`, documents by the sha256 of an uploaded attachment. Turned into the
//! domain's [`Action`] against master data and the case's current state.

use super::master::MasterData;
use super::{Result, StoreError};
use nivaran_domain::ErrorCode;
use nivaran_domain::Timestamp;
use nivaran_domain::lifecycle::{Action, CaseState, OfficeTree};
use nivaran_domain::msg;
use nivaran_domain::text::FieldError;
use nivaran_domain::types::{DisposalKind, Verification};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ActionRequest {
    Assign {
        office: String,
    },
    /// Where the state requires it (`[officers] eta_required_states`), with the date the
    /// officer will resolve the case by; a date past the deadline says why in `eta_reason`.
    Accept {
        #[serde(default)]
        eta: Option<String>,
        #[serde(default)]
        eta_reason: String,
    },
    /// The office head names the officer (by username) who holds the case; a reassignment says
    /// why.
    AssignOfficer {
        officer: String,
        #[serde(default)]
        reason: String,
    },
    /// A date past the deadline, or a change of the date, says why in `reason`.
    DeclareEta {
        eta: String,
        #[serde(default)]
        reason: String,
    },
    AskClarification {
        question: String,
    },
    ReceiveClarification {
        answer: String,
    },
    Forward {
        office: String,
        instructions: String,
    },
    ReturnReport {
        report: String,
    },
    Transfer {
        office: String,
        reason: String,
    },
    /// The joint department gets a part of the case, routed to its office; why, in `reason`.
    AddJointDepartment {
        department: String,
        #[serde(default)]
        reason: String,
    },
    /// A joint department's office takes up its part (`department` names the part).
    PartAccept {
        department: String,
        #[serde(default)]
        eta: Option<String>,
    },
    PartAssignOfficer {
        department: String,
        officer: String,
        #[serde(default)]
        reason: String,
    },
    PartDeclareEta {
        department: String,
        eta: String,
        #[serde(default)]
        reason: String,
    },
    PartForward {
        department: String,
        office: String,
        instructions: String,
    },
    PartReturnReport {
        department: String,
        report: String,
    },
    /// The part's Action Taken Report.
    PartSubmitAtr {
        department: String,
        text: String,
        #[serde(default)]
        documents: Vec<String>,
    },
    /// The lead office sends the part's report back.
    PartReturnAtr {
        department: String,
        reason: String,
    },
    /// A supervisor above the lead office lets the case go on without the part.
    PartWaive {
        department: String,
        reason: String,
    },
    /// The lead office reminds the part's office.
    PartRemind {
        department: String,
        text: String,
    },
    PartEscalate {
        department: String,
    },
    SubmitAtr {
        text: String,
        #[serde(default)]
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
        kind: String,
        remarks: String,
    },
    RecordVerification {
        outcome: String,
        #[serde(default)]
        remarks: String,
    },
    Reopen {
        reason: String,
    },
    /// An auditor's finding of a fake disposal or stalling: only from the audit screen, with
    /// its audit recorded (so never read from an API request).
    #[serde(skip)]
    AuditReopen {
        reason: String,
    },
    /// An auditor's finding that an open case stalls: only from the audit screen, as above.
    #[serde(skip)]
    AuditFlag {
        reason: String,
    },
    /// Without `office`, the appeal goes to the office above the one that disposed of the case.
    Appeal {
        reason: String,
        #[serde(default)]
        office: Option<String>,
    },
    Close,
    Escalate,
    /// A reviewer's remark on the case, which changes nothing else.
    Remark {
        text: String,
    },
    /// The case is the same grievance as `original` (its registration number): closed as its
    /// duplicate. The same citizen's case already disposed of is reopened instead (a repeat).
    LinkDuplicate {
        original: String,
        #[serde(default)]
        reason: String,
    },
    /// The duplicate link was a mistake; why in `reason`.
    UnlinkDuplicate {
        reason: String,
    },
}

fn office(master: &MasterData, code: &str) -> Result<i64> {
    master.office_by_code(code).map(|o| o.id).ok_or_else(|| {
        FieldError::new(
            "office",
            ErrorCode::Unknown,
            msg!("store-requests-no-office", code = code.trim()),
        )
        .into()
    })
}

fn choice<T>(
    field: &'static str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    codes: String,
) -> Result<T> {
    parse(value).ok_or_else(|| {
        FieldError::new(
            field,
            ErrorCode::InvalidChoice,
            msg!("store-requests-bad-choice", choices = &codes),
        )
        .into()
    })
}

/// The account an office head names as a case's holder: an active officer or supervisor of
/// the office holding the case.
fn officer_of_office(master: &MasterData, username: &str, holding: Option<i64>) -> Result<i64> {
    let username = username.trim();
    let Some(person) = master.person_by_username(username) else {
        return Err(FieldError::new(
            "officer",
            ErrorCode::Unknown,
            msg!("store-act-no-officer", officer = username),
        )
        .into());
    };
    if person.active != 1 || person.office_id.is_none() || person.office_id != holding {
        return Err(FieldError::new(
            "officer",
            ErrorCode::NotOfTheOffice,
            msg!("store-act-not-of-the-office", officer = username),
        )
        .into());
    }
    Ok(person.id)
}

/// A date as people give it (`YYYY-MM-DD`), as the end of that day in India.
fn eta_date(eta: &str) -> Result<Timestamp> {
    let date = time::Date::parse(
        eta.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| {
        StoreError::from(FieldError::new(
            "eta",
            ErrorCode::InvalidDate,
            msg!("store-requests-bad-eta"),
        ))
    })?;
    Ok(Timestamp::end_of_ist_day(date))
}

/// Who accepts a case, for what an acceptance brings with it: an officer or supervisor's
/// account and the office they work in.
#[derive(Debug, Clone, Copy)]
pub struct Accepter {
    pub user_id: i64,
    pub office_id: Option<i64>,
}

/// The longest free text a lifecycle step may carry, in letters.
pub const MAX_STEP_TEXT: usize = 5000;

impl ActionRequest {
    /// The steps this request makes on a case, in order: its own action, then what an
    /// acceptance brings with it (the same live and in an imported history): an officer of the
    /// holding office who accepts a case no one holds holds it by name from then on, and the
    /// date they gave is their ETA (the citizen is told it).
    pub fn to_steps(
        &self,
        master: &MasterData,
        state: &CaseState,
        known_documents: Vec<String>,
        accepter: Option<Accepter>,
    ) -> Result<Vec<Action>> {
        let mut steps = vec![self.to_action(master, state, known_documents)?];
        // An officer of a part's office who takes up a part no one holds holds it by name,
        // and may give its date with it, as for a case.
        if let (ActionRequest::PartAccept { .. }, Some(accepter)) = (self, accepter)
            && let Some(part) = steps[0].part_department().and_then(|d| state.part(d))
            && part.holder.is_none()
            && accepter.office_id == Some(part.office)
        {
            steps.push(Action::PartAssignOfficer {
                department: part.department,
                officer: accepter.user_id,
                reason: String::new(),
            });
        }
        if let ActionRequest::PartAccept {
            department,
            eta: Some(eta),
        } = self
            && !eta.trim().is_empty()
        {
            steps.push(
                ActionRequest::PartDeclareEta {
                    department: department.clone(),
                    eta: eta.clone(),
                    reason: String::new(),
                }
                .to_action(master, state, Vec::new())?,
            );
        }
        if let ActionRequest::Accept { eta, eta_reason } = self {
            if let Some(accepter) = accepter
                && state.holder.is_none()
                && accepter.office_id.is_some()
                && accepter.office_id == state.holding_office
            {
                steps.push(Action::AssignOfficer {
                    officer: accepter.user_id,
                    reason: String::new(),
                });
            }
            if let Some(eta) = eta.as_deref().filter(|e| !e.trim().is_empty()) {
                steps.push(
                    ActionRequest::DeclareEta {
                        eta: eta.to_string(),
                        reason: eta_reason.clone(),
                    }
                    .to_action(master, state, Vec::new())?,
                );
            }
        }
        Ok(steps)
    }

    pub fn to_action(
        &self,
        master: &MasterData,
        state: &CaseState,
        known_documents: Vec<String>,
    ) -> Result<Action> {
        // Every free text a step carries is measured as the filing's fields are (letters, code
        // points, bytes, marks on a letter); whether it may be empty is the lifecycle's rule.
        let t = |field: &str, s: &str| -> Result<String> {
            Ok(nivaran_domain::text::bounded(field, s, 0, MAX_STEP_TEXT)?)
        };
        let part = |code: &str| crate::store::parts::part_department(master, &state.parts, code);
        // An ATR's documents are files already uploaded to the case.
        let known = |documents: &[String]| -> Result<()> {
            for document in documents {
                if !known_documents.contains(document) {
                    return Err(FieldError::new(
                        "documents",
                        ErrorCode::UnknownDocument,
                        msg!("store-requests-unknown-document", document = document),
                    )
                    .into());
                }
            }
            Ok(())
        };
        Ok(match self {
            ActionRequest::Assign { office: code } => Action::Assign {
                office: office(master, code)?,
                unrouted: false,
            },
            ActionRequest::Accept { .. } => Action::Accept,
            ActionRequest::AssignOfficer {
                officer: username,
                reason,
            } => Action::AssignOfficer {
                officer: officer_of_office(master, username, state.holding_office)?,
                reason: t("reason", reason)?,
            },
            ActionRequest::DeclareEta { eta, reason } => Action::DeclareEta {
                eta: eta_date(eta)?,
                reason: t("reason", reason)?,
            },
            ActionRequest::AskClarification { question } => Action::AskClarification {
                question: t("question", question)?,
            },
            ActionRequest::ReceiveClarification { answer } => Action::ReceiveClarification {
                answer: t("answer", answer)?,
            },
            ActionRequest::Forward {
                office: code,
                instructions,
            } => Action::Forward {
                office: office(master, code)?,
                instructions: t("instructions", instructions)?,
            },
            ActionRequest::ReturnReport { report } => Action::ReturnReport {
                report: t("report", report)?,
            },
            ActionRequest::Transfer {
                office: code,
                reason,
            } => Action::Transfer {
                office: office(master, code)?,
                reason: t("reason", reason)?,
            },
            // The office is routing's choice, made where the case's place is known (`Store::act`).
            ActionRequest::AddJointDepartment { department, reason } => {
                Action::AddJointDepartment {
                    department: master
                        .department_by_code(department)
                        .map(|d| d.id)
                        .ok_or_else(|| {
                            StoreError::from(FieldError::new(
                                "department",
                                ErrorCode::Unknown,
                                msg!("store-requests-no-department", code = department.trim()),
                            ))
                        })?,
                    office: None,
                    reason: t("reason", reason)?,
                }
            }
            // The original is read by number where the database is at hand (`Store::act`).
            ActionRequest::LinkDuplicate { reason, .. } => Action::LinkDuplicate {
                original: 0,
                reason: t("reason", reason)?,
            },
            ActionRequest::UnlinkDuplicate { reason } => Action::UnlinkDuplicate {
                reason: t("reason", reason)?,
            },
            ActionRequest::PartAccept { department, .. } => Action::PartAccept {
                department: part(department)?,
            },
            ActionRequest::PartAssignOfficer {
                department,
                officer,
                reason,
            } => {
                let department = part(department)?;
                let office = state.part(department).map(|p| p.office);
                Action::PartAssignOfficer {
                    department,
                    officer: officer_of_office(master, officer, office)?,
                    reason: t("reason", reason)?,
                }
            }
            ActionRequest::PartDeclareEta {
                department,
                eta,
                reason,
            } => Action::PartDeclareEta {
                department: part(department)?,
                eta: eta_date(eta)?,
                reason: t("reason", reason)?,
            },
            ActionRequest::PartForward {
                department,
                office: code,
                instructions,
            } => Action::PartForward {
                department: part(department)?,
                office: office(master, code)?,
                instructions: t("instructions", instructions)?,
            },
            ActionRequest::PartReturnReport { department, report } => Action::PartReturnReport {
                department: part(department)?,
                report: t("report", report)?,
            },
            ActionRequest::PartSubmitAtr {
                department,
                text,
                documents,
            } => {
                known(documents)?;
                Action::PartSubmitAtr {
                    department: part(department)?,
                    text: t("text", text)?,
                    documents: documents.clone(),
                }
            }
            ActionRequest::PartReturnAtr { department, reason } => Action::PartReturnAtr {
                department: part(department)?,
                reason: t("reason", reason)?,
            },
            ActionRequest::PartWaive { department, reason } => Action::PartWaive {
                department: part(department)?,
                reason: t("reason", reason)?,
            },
            ActionRequest::PartRemind { department, text } => Action::PartRemind {
                department: part(department)?,
                text: t("text", text)?,
            },
            ActionRequest::PartEscalate { department } => Action::PartEscalate {
                department: part(department)?,
                manual: true,
            },
            ActionRequest::SubmitAtr { text, documents } => {
                known(documents)?;
                Action::SubmitAtr {
                    text: t("text", text)?,
                    documents: documents.clone(),
                }
            }
            ActionRequest::ApproveAtr => Action::ApproveAtr,
            ActionRequest::ReturnAtr { reason } => Action::ReturnAtr {
                reason: t("reason", reason)?,
            },
            ActionRequest::RequestSpecialClose { reason } => Action::RequestSpecialClose {
                reason: t("reason", reason)?,
            },
            ActionRequest::ApproveSpecialClose => Action::ApproveSpecialClose,
            ActionRequest::Dispose { kind, remarks } => Action::Dispose {
                kind: choice("kind", kind, DisposalKind::parse, DisposalKind::codes())?,
                remarks: t("remarks", remarks)?,
            },
            ActionRequest::RecordVerification { outcome, remarks } => Action::RecordVerification {
                outcome: choice(
                    "outcome",
                    outcome,
                    Verification::parse,
                    Verification::codes(),
                )?,
                remarks: t("remarks", remarks)?,
            },
            ActionRequest::Reopen { reason } => Action::Reopen {
                reason: t("reason", reason)?,
            },
            ActionRequest::AuditFlag { reason } => Action::AuditFlag {
                reason: t("reason", reason)?,
            },
            ActionRequest::AuditReopen { reason } => Action::AuditReopen {
                reason: t("reason", reason)?,
            },
            ActionRequest::Appeal {
                reason,
                office: code,
            } => {
                let target = match code.as_deref().filter(|c| !c.trim().is_empty()) {
                    Some(code) => office(master, code)?,
                    None => state
                        .holding_office
                        .and_then(|held| master.parent(held))
                        .ok_or_else(|| {
                            StoreError::from(FieldError::new(
                                "office",
                                ErrorCode::NoAppellateOffice,
                                msg!("store-requests-no-appellate-office"),
                            ))
                        })?,
                };
                Action::Appeal {
                    office: target,
                    reason: t("reason", reason)?,
                }
            }
            ActionRequest::Close => Action::Close,
            ActionRequest::Escalate => Action::Escalate { manual: true },
            ActionRequest::Remark { text } => Action::Remark {
                text: t("text", text)?,
            },
        })
    }
}
