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
    Accept,
    DeclareEta {
        eta: String,
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
    AddJointDepartment {
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
    /// Without `office`, the appeal goes to the office above the one that disposed of the case.
    Appeal {
        reason: String,
        #[serde(default)]
        office: Option<String>,
    },
    Close,
    Escalate,
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

/// The longest free text a lifecycle step may carry, in letters.
pub const MAX_STEP_TEXT: usize = 5000;

impl ActionRequest {
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
        Ok(match self {
            ActionRequest::Assign { office: code } => Action::Assign {
                office: office(master, code)?,
                unrouted: false,
            },
            ActionRequest::Accept => Action::Accept,
            ActionRequest::DeclareEta { eta } => {
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
                Action::DeclareEta {
                    eta: Timestamp::end_of_ist_day(date),
                }
            }
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
            ActionRequest::AddJointDepartment { department } => Action::AddJointDepartment {
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
            },
            ActionRequest::SubmitAtr { text, documents } => {
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
        })
    }
}
