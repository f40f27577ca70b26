//! [`apply`]: the rules of every action, one `match`, pure and total.

use super::*;
use crate::error_code::ErrorCode;
use crate::message::Message;
use crate::msg;

pub(super) fn rule(
    code: ErrorCode,
    field: Option<&'static str>,
    message: Message,
) -> LifecycleError {
    let message = match field {
        Some(field) if !message.args().iter().any(|(name, _)| *name == "field") => {
            message.field("field", field)
        }
        _ => message,
    };
    LifecycleError::Rule {
        code,
        field,
        message,
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

/// `what` names the text in the message (`lifecycle-text-required` says it in each language).
pub(super) fn require_text(
    field: &'static str,
    text: &str,
    what: &'static str,
) -> Result<(), LifecycleError> {
    if text.trim().chars().count() < 5 {
        return Err(rule(
            ErrorCode::ReasonRequired,
            Some(field),
            msg!("lifecycle-text-required", what = what),
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
            next.holder = None;
            next.unrouted = *unrouted;
        }
        Action::Accept => {
            next.status = InProgress;
            next.unrouted = false;
        }
        Action::AssignOfficer { officer, reason } => {
            if state.holder == Some(*officer) {
                return Err(rule(
                    ErrorCode::AlreadyHolder,
                    Some("officer"),
                    msg!("lifecycle-already-holder"),
                ));
            }
            if state.holder.is_some() {
                require_text("reason", reason, "reassignment")?;
            }
            next.holder = Some(*officer);
        }
        Action::DeclareEta { eta, reason } => {
            if check_eta(state.eta, *eta, reason, now)? {
                next.eta_changes = state.eta_changes.saturating_add(1);
            }
            next.eta = Some(*eta);
        }
        Action::AskClarification { question } => {
            require_text("question", question, "question")?;
            next.status = AwaitingClarification;
        }
        Action::ReceiveClarification { answer } => {
            require_text("answer", answer, "clarification")?;
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
                    msg!("lifecycle-not-subordinate"),
                ));
            }
            require_text("instructions", instructions, "instructions")?;
            next.status = Forwarded;
            next.forwarded_to = Some(*office);
        }
        Action::ReturnReport { report } => {
            require_text("report", report, "report")?;
            next.status = InProgress;
            next.forwarded_to = None;
        }
        Action::Transfer { office, reason } => {
            ensure_office(offices, *office)?;
            if state.holding_office == Some(*office) {
                return Err(rule(
                    ErrorCode::SameOffice,
                    Some("office"),
                    msg!("lifecycle-same-office"),
                ));
            }
            require_text("reason", reason, "transfer")?;
            // Sending an unrouted case from the nodal queue to the right office is routing, not a
            // transfer, and does not use up the citizen's case's transfer allowance.
            if !state.unrouted {
                if state.transfer_count >= MAX_TRANSFERS {
                    return Err(rule(
                        ErrorCode::TransferLimit,
                        None,
                        msg!(
                            "lifecycle-transfer-limit",
                            max = MAX_TRANSFERS,
                            count = state.transfer_count
                        ),
                    ));
                }
                next.transfer_count += 1;
            }
            next.status = Assigned;
            next.holding_office = Some(*office);
            next.holder = None;
            next.unrouted = false;
            next.forwarded_to = None;
            next.escalation_level = 1;
            next.escalated_to = None;
            next.eta = None;
            next.special_close = SpecialClose::None;
        }
        Action::AddJointDepartment {
            department,
            office,
            reason,
        } => {
            if state.joint_departments.contains(department) {
                return Err(rule(
                    ErrorCode::AlreadyJoint,
                    Some("department"),
                    msg!("lifecycle-already-joint"),
                ));
            }
            next.joint_departments.push(*department);
            if let Some(office) = office {
                ensure_office(offices, *office)?;
                require_text("reason", reason, "joint-reason")?;
                next.parts.push(Part::new(*department, *office));
            }
        }
        Action::PartAccept { department }
        | Action::PartAssignOfficer { department, .. }
        | Action::PartDeclareEta { department, .. }
        | Action::PartForward { department, .. }
        | Action::PartReturnReport { department, .. }
        | Action::PartSubmitAtr { department, .. }
        | Action::PartReturnAtr { department, .. }
        | Action::PartWaive { department, .. }
        | Action::PartRemind { department, .. }
        | Action::PartEscalate { department, .. } => {
            // `allows` found the part.
            if let Some(part) = next.parts.iter_mut().find(|p| p.department == *department) {
                parts::apply_to_part(part, action, now, offices)?;
            }
        }
        Action::SubmitAtr { text, .. } => {
            require_text("text", text, "atr")?;
            next.status = AtrSubmitted;
            next.atr_submitted = true;
            next.atr_approved = false;
        }
        Action::ApproveAtr => {
            next.atr_approved = true;
        }
        Action::ReturnAtr { reason } => {
            require_text("reason", reason, "return-atr")?;
            next.status = InProgress;
            next.atr_submitted = false;
            next.atr_approved = false;
        }
        Action::RequestSpecialClose { reason } => {
            require_text("reason", reason, "special-close")?;
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
                    msg!("lifecycle-special-close-not-approved"),
                ));
            }
            require_text("remarks", remarks, "disposal-remarks")?;
            // A joint case ends when every department has reported (or was let off).
            parts::ensure_parts_done(state)?;
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
                    msg!("lifecycle-citizen-satisfied"),
                ));
            }
            within_window(
                state,
                now,
                REOPEN_WINDOW_DAYS,
                ErrorCode::ReopenWindowOver,
                "reopened",
            )?;
            require_text("reason", reason, "reopen")?;
            next.status = Assigned;
            next.reopen_count += 1;
            reset_for_new_round(&mut next);
        }
        Action::AuditReopen { reason } => {
            require_text("reason", reason, "audit-finding")?;
            next.status = Assigned;
            next.reopen_count += 1;
            reset_for_new_round(&mut next);
        }
        Action::Appeal { office, reason } => {
            if state.appealed {
                return Err(rule(
                    ErrorCode::AlreadyAppealed,
                    None,
                    msg!("lifecycle-already-appealed"),
                ));
            }
            ensure_office(offices, *office)?;
            within_window(
                state,
                now,
                APPEAL_WINDOW_DAYS,
                ErrorCode::AppealWindowOver,
                "appealed",
            )?;
            require_text("reason", reason, "appeal")?;
            next.status = Assigned;
            next.appealed = true;
            next.holding_office = Some(*office);
            next.holder = None;
            reset_for_new_round(&mut next);
        }
        Action::RtsAppeal { office } => {
            if state.appealed {
                return Err(rule(
                    ErrorCode::AlreadyAppealed,
                    None,
                    msg!("lifecycle-already-appealed"),
                ));
            }
            ensure_office(offices, *office)?;
            next.status = Assigned;
            next.appealed = true;
            next.holding_office = Some(*office);
            next.holder = None;
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
                    msg!("lifecycle-not-verified"),
                ));
            }
            next.status = Closed;
        }
        Action::Remark { text } => {
            require_text("text", text, "remark")?;
        }
        Action::LinkDuplicate { original, .. } => {
            next.before_link = Some(status);
            next.status = Closed;
            next.duplicate_of = Some(*original);
            next.forwarded_to = None;
        }
        Action::UnlinkDuplicate { reason } => {
            require_text("reason", reason, "unlink")?;
            // Its forwarding ended when it was linked: it is back with its office.
            next.status = match state.before_link {
                Some(Forwarded) => InProgress,
                Some(before) => before,
                None => Assigned,
            };
            next.duplicate_of = None;
            next.before_link = None;
        }
        Action::AuditFlag { reason } => {
            require_text("reason", reason, "audit-finding")?;
        }
        Action::Escalate { manual } => {
            let from = state
                .escalated_to
                .or(state.holding_office)
                .unwrap_or_default();
            let up = escalation_target(state.escalation_level, *manual, from, offices)?;
            next.escalation_level += 1;
            next.escalated_to = Some(up);
        }
    }
    Ok(next)
}

/// A date promised (the case's or a part's ETA): not in the past, not the date already
/// promised, and a change of an earlier promise needs its reason (the citizen hears of it
/// again). True when it changes an earlier promise.
pub(super) fn check_eta(
    before: Option<Timestamp>,
    eta: Timestamp,
    reason: &str,
    now: Timestamp,
) -> Result<bool, LifecycleError> {
    if eta < now {
        return Err(rule(
            ErrorCode::EtaInPast,
            Some("eta"),
            msg!("lifecycle-eta-in-past"),
        ));
    }
    let Some(before) = before else {
        return Ok(false);
    };
    if before == eta {
        return Err(rule(
            ErrorCode::SameEta,
            Some("eta"),
            msg!("lifecycle-same-eta"),
        ));
    }
    require_text("reason", reason, "eta_change")?;
    Ok(true)
}

/// The office an escalation from `from` at `level` goes to: one level up, within the limits
/// (the sweep stops at [`MAX_AUTO_LEVEL`], a supervisor's manual escalation at [`MAX_LEVEL`]).
pub(super) fn escalation_target(
    level: u8,
    manual: bool,
    from: OfficeId,
    offices: &dyn OfficeTree,
) -> Result<OfficeId, LifecycleError> {
    let limit = if manual { MAX_LEVEL } else { MAX_AUTO_LEVEL };
    if level >= limit {
        return Err(rule(
            ErrorCode::EscalationLimit,
            None,
            if manual {
                msg!("lifecycle-at-highest-level")
            } else {
                msg!("lifecycle-auto-escalation-stops")
            },
        ));
    }
    offices.parent(from).ok_or_else(|| {
        rule(
            ErrorCode::NoHigherOffice,
            None,
            msg!("lifecycle-no-higher-office"),
        )
    })
}

pub(super) fn ensure_office(
    offices: &dyn OfficeTree,
    office: OfficeId,
) -> Result<(), LifecycleError> {
    if offices.exists(office) {
        Ok(())
    } else {
        Err(rule(
            ErrorCode::UnknownOffice,
            Some("office"),
            msg!("lifecycle-unknown-office"),
        ))
    }
}

fn within_window(
    state: &CaseState,
    now: Timestamp,
    days: i64,
    code: ErrorCode,
    what: &'static str,
) -> Result<(), LifecycleError> {
    let disposed = state.disposed_at.unwrap_or(now);
    if disposed.days_until(now) >= days {
        return Err(rule(
            code,
            None,
            msg!("lifecycle-window-over", what = what, days = days),
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
