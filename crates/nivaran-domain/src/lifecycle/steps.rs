//! [`apply`]: the rules of every action, one `match`, pure and total.

use super::*;
use crate::error_code::ErrorCode;

fn rule(
    code: ErrorCode,
    field: Option<&'static str>,
    en: impl Into<String>,
    hi: impl Into<String>,
) -> LifecycleError {
    LifecycleError::Rule {
        code,
        field,
        message_en: en.into(),
        message_hi: hi.into(),
    }
}

fn not_allowed(action: &Action, status: Status) -> LifecycleError {
    LifecycleError::NotAllowed {
        action: action.code(),
        action_en: action.label_en(),
        action_hi: action.label_hi(),
        status,
    }
}

fn require_text(
    field: &'static str,
    text: &str,
    what_en: &str,
    what_hi: &str,
) -> Result<(), LifecycleError> {
    if text.trim().chars().count() < 5 {
        return Err(rule(
            ErrorCode::ReasonRequired,
            Some(field),
            format!("{what_en} is required (at least 5 characters)"),
            format!("{what_hi} आवश्यक है (कम से कम 5 अक्षर)"),
        ));
    }
    Ok(())
}

/// Applies `action` to `state` at time `now`. Pure: the same inputs always give the same answer.
pub fn apply(
    state: &CaseState,
    action: &Action,
    now: Timestamp,
    offices: &dyn OfficeTree,
) -> Result<CaseState, LifecycleError> {
    use Status::*;
    let status = state.status;
    if !state.allows(action) {
        return Err(not_allowed(action, status));
    }
    let mut next = state.clone();
    match action {
        Action::Assign { office, unrouted } => {
            ensure_office(offices, *office)?;
            next.status = Assigned;
            next.holding_office = Some(*office);
            next.unrouted = *unrouted;
        }
        Action::Accept => {
            next.status = InProgress;
            next.unrouted = false;
        }
        Action::DeclareEta { eta } => {
            if *eta < now {
                return Err(rule(
                    ErrorCode::EtaInPast,
                    Some("eta"),
                    "The expected date of redress cannot be in the past",
                    "निवारण की अनुमानित तिथि भूतकाल में नहीं हो सकती",
                ));
            }
            next.eta = Some(*eta);
        }
        Action::AskClarification { question } => {
            require_text(
                "question",
                question,
                "The question to the citizen",
                "नागरिक से प्रश्न",
            )?;
            next.status = AwaitingClarification;
        }
        Action::ReceiveClarification { answer } => {
            require_text("answer", answer, "The clarification", "स्पष्टीकरण")?;
            next.status = InProgress;
        }
        Action::Forward {
            office,
            instructions,
        } => {
            ensure_office(offices, *office)?;
            let holding = state.holding_office.unwrap_or_default();
            if !offices.is_below(*office, holding) {
                return Err(rule(
                    ErrorCode::NotSubordinate,
                    Some("office"),
                    "A case can only be forwarded to an office below the one holding it",
                    "प्रकरण केवल अधीनस्थ कार्यालय को ही अग्रेषित किया जा सकता है",
                ));
            }
            require_text(
                "instructions",
                instructions,
                "Instructions for the subordinate office",
                "अधीनस्थ कार्यालय हेतु निर्देश",
            )?;
            next.status = Forwarded;
            next.forwarded_to = Some(*office);
        }
        Action::ReturnReport { report } => {
            require_text("report", report, "The report", "रिपोर्ट")?;
            next.status = InProgress;
            next.forwarded_to = None;
        }
        Action::Transfer { office, reason } => {
            ensure_office(offices, *office)?;
            if state.holding_office == Some(*office) {
                return Err(rule(
                    ErrorCode::SameOffice,
                    Some("office"),
                    "The case is already with this office",
                    "प्रकरण पहले से इसी कार्यालय के पास है",
                ));
            }
            require_text(
                "reason",
                reason,
                "A reason for the transfer",
                "स्थानांतरण का कारण",
            )?;
            // Sending an unrouted case from the nodal queue to the right office is routing, not a
            // transfer, and does not use up the citizen's case's transfer allowance.
            if !state.unrouted {
                if state.transfer_count >= MAX_TRANSFERS {
                    return Err(rule(
                        ErrorCode::TransferLimit,
                        None,
                        format!(
                            "A case may be transferred at most {MAX_TRANSFERS} times; this one has been transferred {} times",
                            state.transfer_count
                        ),
                        format!(
                            "किसी प्रकरण का स्थानांतरण अधिकतम {MAX_TRANSFERS} बार हो सकता है; यह {} बार हो चुका है",
                            state.transfer_count
                        ),
                    ));
                }
                next.transfer_count += 1;
            }
            next.status = Assigned;
            next.holding_office = Some(*office);
            next.unrouted = false;
            next.forwarded_to = None;
            next.escalation_level = 1;
            next.escalated_to = None;
            next.eta = None;
            next.special_close = SpecialClose::None;
        }
        Action::AddJointDepartment { department } => {
            if state.joint_departments.contains(department) {
                return Err(rule(
                    ErrorCode::AlreadyJoint,
                    Some("department"),
                    "This department is already a joint department of the case",
                    "यह विभाग पहले से इस प्रकरण का संयुक्त विभाग है",
                ));
            }
            next.joint_departments.push(*department);
        }
        Action::SubmitAtr { text, .. } => {
            require_text(
                "text",
                text,
                "The Action Taken Report",
                "की गई कार्यवाही की रिपोर्ट (एटीआर)",
            )?;
            next.status = AtrSubmitted;
            next.atr_submitted = true;
            next.atr_approved = false;
        }
        Action::ApproveAtr => {
            next.atr_approved = true;
        }
        Action::ReturnAtr { reason } => {
            require_text(
                "reason",
                reason,
                "A reason for returning the ATR",
                "एटीआर लौटाने का कारण",
            )?;
            next.status = InProgress;
            next.atr_submitted = false;
            next.atr_approved = false;
        }
        Action::RequestSpecialClose { reason } => {
            require_text(
                "reason",
                reason,
                "A reason for special closure",
                "विशेष निस्तारण का कारण",
            )?;
            next.special_close = SpecialClose::Requested;
        }
        Action::ApproveSpecialClose => {
            next.special_close = SpecialClose::Approved;
        }
        Action::Dispose { kind, remarks } => {
            // Disposal needs an Action Taken Report, except a special closure a supervisor approved.
            let special = *kind == DisposalKind::SpecialClose;
            if special && state.special_close != SpecialClose::Approved {
                return Err(rule(
                    ErrorCode::SpecialCloseNotApproved,
                    Some("kind"),
                    "Special closure needs a supervisor's approval first",
                    "विशेष निस्तारण के लिए पहले पर्यवेक्षक का अनुमोदन आवश्यक है",
                ));
            }
            require_text(
                "remarks",
                remarks,
                "Disposal remarks (the reason, for a rejection)",
                "निस्तारण टिप्पणी (अस्वीकृति हेतु कारण)",
            )?;
            next.status = Disposed;
            next.disposal = Some(*kind);
            next.disposed_at = Some(now);
            next.verification = None;
            next.forwarded_to = None;
        }
        Action::RecordVerification { outcome, .. } => {
            next.verification = Some(*outcome);
        }
        Action::Reopen { reason } => {
            if state.verification == Some(Verification::Satisfied) {
                return Err(rule(
                    ErrorCode::CitizenSatisfied,
                    None,
                    "The citizen said they were satisfied, so the case cannot be reopened",
                    "नागरिक ने संतुष्टि दर्ज की है, इसलिए प्रकरण पुनः नहीं खोला जा सकता",
                ));
            }
            within_window(
                state,
                now,
                REOPEN_WINDOW_DAYS,
                ErrorCode::ReopenWindowOver,
                "reopened",
                "पुनः खोला",
            )?;
            require_text(
                "reason",
                reason,
                "A reason for reopening",
                "पुनः खोलने का कारण",
            )?;
            next.status = Assigned;
            next.reopen_count += 1;
            reset_for_new_round(&mut next);
        }
        Action::AuditReopen { reason } => {
            require_text(
                "reason",
                reason,
                "The auditor's finding",
                "लेखा परीक्षक का निष्कर्ष",
            )?;
            next.status = Assigned;
            next.reopen_count += 1;
            reset_for_new_round(&mut next);
        }
        Action::Appeal { office, reason } => {
            if state.appealed {
                return Err(rule(
                    ErrorCode::AlreadyAppealed,
                    None,
                    "This case has already been appealed once",
                    "इस प्रकरण पर पहले ही अपील की जा चुकी है",
                ));
            }
            ensure_office(offices, *office)?;
            within_window(
                state,
                now,
                APPEAL_WINDOW_DAYS,
                ErrorCode::AppealWindowOver,
                "appealed",
                "अपील",
            )?;
            require_text("reason", reason, "Grounds of appeal", "अपील का आधार")?;
            next.status = Assigned;
            next.appealed = true;
            next.holding_office = Some(*office);
            reset_for_new_round(&mut next);
        }
        Action::RtsAppeal { office } => {
            if state.appealed {
                return Err(rule(
                    ErrorCode::AlreadyAppealed,
                    None,
                    "This case has already been appealed once",
                    "इस प्रकरण पर पहले ही अपील की जा चुकी है",
                ));
            }
            ensure_office(offices, *office)?;
            next.status = Assigned;
            next.appealed = true;
            next.holding_office = Some(*office);
            reset_for_new_round(&mut next);
        }
        Action::Close => {
            let window_over = state
                .disposed_at
                .is_some_and(|at| at.days_until(now) >= REOPEN_WINDOW_DAYS);
            let verified_final = matches!(
                state.verification,
                Some(Verification::Satisfied) | Some(Verification::Unreachable)
            );
            if !(verified_final || window_over) {
                return Err(rule(
                    ErrorCode::NotVerified,
                    None,
                    "A disposed case closes once the citizen is verified satisfied or unreachable, or the 30-day reopening window has passed",
                    "निस्तारित प्रकरण तभी बंद होता है जब नागरिक संतुष्ट या असंपर्कित दर्ज हो, या 30 दिन की अवधि बीत जाए",
                ));
            }
            next.status = Closed;
        }
        Action::Escalate { manual } => {
            let limit = if *manual { MAX_LEVEL } else { MAX_AUTO_LEVEL };
            if state.escalation_level >= limit {
                return Err(rule(
                    ErrorCode::EscalationLimit,
                    None,
                    if *manual {
                        "The case is already at the highest level (L4)".to_string()
                    } else {
                        "Automatic escalation stops at L3; L3 → L4 is by hand only".to_string()
                    },
                    if *manual {
                        "प्रकरण पहले से उच्चतम स्तर (L4) पर है".to_string()
                    } else {
                        "स्वचालित रूप से केवल L3 तक भेजा जाता है; L4 पर हाथ से भेजें".to_string()
                    },
                ));
            }
            let from = state
                .escalated_to
                .or(state.holding_office)
                .unwrap_or_default();
            let Some(up) = offices.parent(from) else {
                return Err(rule(
                    ErrorCode::NoHigherOffice,
                    None,
                    "There is no higher office to escalate to",
                    "उच्च स्तर पर कोई कार्यालय नहीं है",
                ));
            };
            next.escalation_level += 1;
            next.escalated_to = Some(up);
        }
    }
    Ok(next)
}

fn ensure_office(offices: &dyn OfficeTree, office: OfficeId) -> Result<(), LifecycleError> {
    if offices.exists(office) {
        Ok(())
    } else {
        Err(rule(
            ErrorCode::UnknownOffice,
            Some("office"),
            "No such office",
            "ऐसा कोई कार्यालय नहीं है",
        ))
    }
}

fn within_window(
    state: &CaseState,
    now: Timestamp,
    days: i64,
    code: ErrorCode,
    what_en: &str,
    what_hi: &str,
) -> Result<(), LifecycleError> {
    let disposed = state.disposed_at.unwrap_or(now);
    if disposed.days_until(now) >= days {
        return Err(rule(
            code,
            None,
            format!("A case can be {what_en} only within {days} days of its disposal"),
            format!("प्रकरण निस्तारण के {days} दिन के भीतर ही {what_hi} जा सकता है"),
        ));
    }
    Ok(())
}

/// A reopened or appealed case starts a new round of work.
fn reset_for_new_round(next: &mut CaseState) {
    next.disposal = None;
    next.disposed_at = None;
    next.verification = None;
    next.atr_submitted = false;
    next.atr_approved = false;
    next.special_close = SpecialClose::None;
    next.eta = None;
    next.forwarded_to = None;
    next.escalation_level = 1;
    next.escalated_to = None;
    next.unrouted = false;
}
