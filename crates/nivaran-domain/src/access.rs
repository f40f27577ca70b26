//! Who may do what to a case. The storage layer works out the capacity in which a user stands to
//! a case (holding officer, supervisor above it, the citizen who filed it, …); this module says what
//! each capacity may see and do. A user with no capacity is told the case does not exist.

use crate::lifecycle::Action;
use crate::types::Role;

/// The ways a user can stand in relation to one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capacity {
    /// The system itself: routing, automatic escalation, scheduled closure.
    System,
    /// The citizen who filed the case (matched by mobile number).
    Citizen,
    /// An operator or call-centre agent whose area covers the case, acting for the citizen.
    Operator,
    /// An officer of the office holding the case.
    HoldingOffice,
    /// An officer of the subordinate office the case was forwarded to.
    ForwardedOffice,
    /// A supervisor of an office at or above the holding office (or where it was escalated).
    Supervisor,
    /// An officer of the office that holds one of the case's parts (a joint department's).
    PartOffice,
    /// An officer of the subordinate office a part was forwarded to.
    PartForwardedOffice,
    /// A supervisor at or above a part's office (or where the part was escalated).
    PartSupervisor,
    /// A verifier whose area covers the case.
    Verifier,
    /// An auditor whose area covers the case: sees everything, changes nothing.
    Auditor,
    /// A supervisor whose office's area covers the case but who is not above its office (a
    /// collector and another department's case in the district): sees it behind the
    /// dashboards' numbers, changes nothing.
    Reviewer,
    Admin,
}

/// May a user standing in `capacity` perform `action`?
pub fn may_perform(capacity: Capacity, action: &Action) -> bool {
    use Capacity::*;
    match action {
        Action::Assign { .. } => matches!(capacity, System | Admin),
        // A part is its office's to work; the lead office (the case's holder) reminds it and
        // sends back a report that is not enough; a supervisor above the lead office lets the
        // case go on without it.
        Action::PartAccept { .. }
        | Action::PartDeclareEta { .. }
        | Action::PartForward { .. }
        | Action::PartSubmitAtr { .. }
        | Action::PartAssignOfficer { .. } => matches!(capacity, PartOffice | PartSupervisor),
        Action::PartReturnReport { .. } => capacity == PartForwardedOffice,
        Action::PartReturnAtr { .. } | Action::PartRemind { .. } => {
            matches!(capacity, HoldingOffice | Supervisor)
        }
        Action::PartWaive { .. } => capacity == Supervisor,
        Action::PartEscalate { manual: false, .. } => capacity == System,
        Action::PartEscalate { manual: true, .. } => matches!(capacity, PartSupervisor | Admin),
        Action::Accept
        | Action::DeclareEta { .. }
        | Action::AskClarification { .. }
        | Action::Forward { .. }
        | Action::Transfer { .. }
        | Action::AddJointDepartment { .. }
        | Action::SubmitAtr { .. }
        | Action::RequestSpecialClose { .. }
        | Action::Dispose { .. } => matches!(capacity, HoldingOffice | Supervisor),
        // An officer of the holding office only where the office has no head of its own
        // (storage checks that); a supervisor of the office or above always.
        Action::AssignOfficer { .. } => matches!(capacity, HoldingOffice | Supervisor | Admin),
        Action::ReturnReport { .. } => matches!(capacity, ForwardedOffice),
        Action::ReceiveClarification { .. } => {
            matches!(capacity, Citizen | Operator | HoldingOffice)
        }
        Action::ApproveAtr | Action::ReturnAtr { .. } | Action::ApproveSpecialClose => {
            matches!(capacity, Supervisor)
        }
        // The call centre records what the citizen said; the citizen may also say it directly,
        // from the case page, but cannot be "unreachable" to themselves.
        Action::RecordVerification { outcome, .. } => {
            capacity == Verifier
                || (capacity == Citizen && *outcome != crate::types::Verification::Unreachable)
        }
        Action::Reopen { .. } => matches!(capacity, Citizen | Operator | Verifier),
        // The one change an auditor makes: sending back a disposal found fake or stalling.
        Action::AuditReopen { .. } => matches!(capacity, Auditor),
        // And recording on an open case that it was found stalled.
        Action::AuditFlag { .. } => matches!(capacity, Auditor),
        Action::Appeal { .. } => matches!(capacity, Citizen | Operator),
        Action::RtsAppeal { .. } => matches!(capacity, System),
        Action::Close => matches!(capacity, System | Verifier | Supervisor | Admin),
        Action::Escalate { manual: false } => matches!(capacity, System),
        Action::Escalate { manual: true } => matches!(capacity, Supervisor | Admin),
        // A collector reviewing the district records what he says on any department's case.
        Action::Remark { .. } => matches!(capacity, Reviewer | Supervisor | Admin),
        // The office working a case, a supervisor above it, or a grievance cell (nodal officer)
        // reviewing its area finds it to be another's duplicate, or undoes that.
        Action::LinkDuplicate { .. } | Action::UnlinkDuplicate { .. } => {
            matches!(capacity, HoldingOffice | Supervisor | Reviewer | Admin)
        }
    }
}

/// The capacity a role gives when the user's office or area covers the case. Officers stand as
/// the holding or forwarded office depending on which office they belong to; storage decides that.
pub fn capacity_for_role(role: Role) -> Capacity {
    match role {
        Role::Citizen => Capacity::Citizen,
        Role::Operator => Capacity::Operator,
        Role::Officer => Capacity::HoldingOffice,
        Role::Supervisor => Capacity::Supervisor,
        Role::Verifier => Capacity::Verifier,
        Role::Auditor => Capacity::Auditor,
        Role::Admin => Capacity::Admin,
    }
}

/// May this role file grievances on behalf of others, with a channel other than `web`?
pub fn may_file_for_others(role: Role) -> bool {
    matches!(role, Role::Operator | Role::Admin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{DisposalKind, Verification};

    #[test]
    fn auditors_change_nothing() {
        let actions = [
            Action::Accept,
            Action::Dispose {
                kind: DisposalKind::Relief,
                remarks: "done".into(),
            },
            Action::Close,
            Action::Reopen {
                reason: "again".into(),
            },
        ];
        for action in &actions {
            assert!(!may_perform(Capacity::Auditor, action), "{action:?}");
        }
    }

    #[test]
    fn only_supervisors_approve_and_only_verifiers_verify() {
        for capacity in [
            Capacity::HoldingOffice,
            Capacity::Citizen,
            Capacity::Operator,
            Capacity::Verifier,
        ] {
            assert!(!may_perform(capacity, &Action::ApproveSpecialClose));
            assert!(!may_perform(capacity, &Action::ApproveAtr));
        }
        assert!(may_perform(
            Capacity::Supervisor,
            &Action::ApproveSpecialClose
        ));
        let verify = Action::RecordVerification {
            outcome: Verification::Satisfied,
            remarks: String::new(),
        };
        assert!(may_perform(Capacity::Verifier, &verify));
        assert!(!may_perform(Capacity::HoldingOffice, &verify));
        // Citizens give their own feedback, but only satisfied or not.
        assert!(may_perform(Capacity::Citizen, &verify));
        let unreachable = Action::RecordVerification {
            outcome: Verification::Unreachable,
            remarks: String::new(),
        };
        assert!(!may_perform(Capacity::Citizen, &unreachable));
    }

    #[test]
    fn citizens_reopen_and_appeal_but_cannot_dispose() {
        assert!(may_perform(
            Capacity::Citizen,
            &Action::Reopen {
                reason: "not fixed".into()
            }
        ));
        assert!(may_perform(
            Capacity::Citizen,
            &Action::Appeal {
                office: 1,
                reason: "wrong".into()
            }
        ));
        assert!(!may_perform(Capacity::Citizen, &Action::Accept));
        assert!(!may_perform(
            Capacity::Citizen,
            &Action::Escalate { manual: true }
        ));
    }

    #[test]
    fn automatic_escalation_is_the_system_s_alone() {
        assert!(may_perform(
            Capacity::System,
            &Action::Escalate { manual: false }
        ));
        assert!(!may_perform(
            Capacity::Supervisor,
            &Action::Escalate { manual: false }
        ));
        assert!(may_perform(
            Capacity::Supervisor,
            &Action::Escalate { manual: true }
        ));
    }
}
