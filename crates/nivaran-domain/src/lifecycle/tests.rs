use super::*;
use crate::types::{DisposalKind, Verification};

/// Offices 1 (state) ← 2 (district) ← 3 (subdivision) ← 4 (block); 5 is a second block under 3;
/// 9 is an unrelated office with no parent.
struct Tree;
impl OfficeTree for Tree {
    fn parent(&self, office: OfficeId) -> Option<OfficeId> {
        match office {
            2 => Some(1),
            3 => Some(2),
            4 | 5 => Some(3),
            _ => None,
        }
    }
    fn exists(&self, office: OfficeId) -> bool {
        matches!(office, 1..=5 | 9)
    }
}

const T0: Timestamp = Timestamp(1_790_000_000_000);

fn run(actions: &[Action]) -> Result<CaseState, LifecycleError> {
    let mut state = CaseState::received();
    for action in actions {
        state = apply(&state, action, T0, &Tree)?;
    }
    Ok(state)
}

fn atr() -> Action {
    Action::SubmitAtr {
        text: "Pipeline repaired, supply restored".into(),
        documents: vec![],
    }
}

fn dispose(kind: DisposalKind) -> Action {
    Action::Dispose {
        kind,
        remarks: "Work done on site".into(),
    }
}

#[test]
fn the_main_road_from_registration_to_closure() {
    let state = run(&[
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        Action::Accept,
        Action::DeclareEta {
            eta: T0.plus_days(3),
            reason: String::new(),
        },
        atr(),
        Action::ApproveAtr,
        dispose(DisposalKind::Relief),
        Action::RecordVerification {
            outcome: Verification::Satisfied,
            remarks: String::new(),
        },
        Action::Close,
    ])
    .unwrap();
    assert_eq!(state.status, Status::Closed);
    assert_eq!(state.disposal, Some(DisposalKind::Relief));
    assert!(state.atr_approved);
}

#[test]
fn an_illegal_action_names_the_state_and_the_action() {
    let err = run(&[
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        dispose(DisposalKind::Relief),
    ])
    .unwrap_err();
    assert_eq!(err.code(), "illegal_transition");
    assert_eq!(err.to_string(), "cannot dispose of a case that is assigned");
    // The message names the action and the status in both languages.
    let message = err.message();
    assert_eq!(message.id(), "lifecycle-not-allowed");
    let labels: Vec<String> = message
        .args()
        .iter()
        .filter_map(|(_, arg)| match arg {
            crate::message::MessageArg::Label { hi, .. } => Some(hi.clone()),
            _ => None,
        })
        .collect();
    assert!(labels.iter().any(|l| l.contains("आवंटित")), "{labels:?}");
    assert!(labels.iter().any(|l| l.contains("निस्तारण")), "{labels:?}");
}

#[test]
fn transfers_are_limited_to_three_and_need_a_reason() {
    let t = |office| Action::Transfer {
        office,
        reason: "Pertains to another block".into(),
    };
    let state = run(&[
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        t(5),
        t(4),
        t(5),
    ])
    .unwrap();
    assert_eq!(state.transfer_count, 3);
    let err = apply(&state, &t(4), T0, &Tree).unwrap_err();
    assert_eq!(err.code(), "transfer_limit");
    let no_reason = Action::Transfer {
        office: 4,
        reason: " ".into(),
    };
    let fresh = run(&[Action::Assign {
        office: 5,
        unrouted: false,
    }])
    .unwrap();
    assert_eq!(
        apply(&fresh, &no_reason, T0, &Tree).unwrap_err().field(),
        Some("reason")
    );
}

#[test]
fn moving_an_unrouted_case_from_the_nodal_queue_is_not_a_transfer() {
    let state = run(&[
        Action::Assign {
            office: 2,
            unrouted: true,
        },
        Action::Transfer {
            office: 4,
            reason: "Routed by nodal officer".into(),
        },
    ])
    .unwrap();
    assert_eq!(state.transfer_count, 0);
    assert!(!state.unrouted);
    assert_eq!(state.holding_office, Some(4));
}

#[test]
fn forwarding_only_goes_down_and_the_report_comes_back() {
    let base = run(&[
        Action::Assign {
            office: 3,
            unrouted: false,
        },
        Action::Accept,
    ])
    .unwrap();
    let up = Action::Forward {
        office: 2,
        instructions: "Please inspect".into(),
    };
    assert_eq!(
        apply(&base, &up, T0, &Tree).unwrap_err().code(),
        "not_subordinate"
    );
    let down = Action::Forward {
        office: 4,
        instructions: "Please inspect".into(),
    };
    let forwarded = apply(&base, &down, T0, &Tree).unwrap();
    assert_eq!(forwarded.status, Status::Forwarded);
    assert_eq!(forwarded.forwarded_to, Some(4));
    let back = apply(
        &forwarded,
        &Action::ReturnReport {
            report: "Inspected, leak found".into(),
        },
        T0,
        &Tree,
    )
    .unwrap();
    assert_eq!(back.status, Status::InProgress);
    assert_eq!(back.forwarded_to, None);
}

#[test]
fn clarification_round_trip() {
    let state = run(&[
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        Action::Accept,
        Action::AskClarification {
            question: "Which ward exactly?".into(),
        },
    ])
    .unwrap();
    assert_eq!(state.status, Status::AwaitingClarification);
    assert_eq!(
        apply(&state, &atr(), T0, &Tree).unwrap_err().code(),
        "illegal_transition"
    );
    let state = apply(
        &state,
        &Action::ReceiveClarification {
            answer: "Ward 7, near temple".into(),
        },
        T0,
        &Tree,
    )
    .unwrap();
    assert_eq!(state.status, Status::InProgress);
}

#[test]
fn special_closure_needs_approval() {
    let base = run(&[
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        Action::Accept,
    ])
    .unwrap();
    let special = dispose(DisposalKind::SpecialClose);
    assert_eq!(
        apply(&base, &special, T0, &Tree).unwrap_err().code(),
        "special_close_not_approved"
    );
    let requested = apply(
        &base,
        &Action::RequestSpecialClose {
            reason: "Matter is sub judice".into(),
        },
        T0,
        &Tree,
    )
    .unwrap();
    assert_eq!(
        apply(&requested, &special, T0, &Tree).unwrap_err().code(),
        "special_close_not_approved"
    );
    let approved = apply(&requested, &Action::ApproveSpecialClose, T0, &Tree).unwrap();
    let done = apply(&approved, &special, T0, &Tree).unwrap();
    assert_eq!(done.status, Status::Disposed);
    // An ordinary disposal still needs an ATR.
    assert_eq!(
        apply(&approved, &dispose(DisposalKind::Relief), T0, &Tree)
            .unwrap_err()
            .code(),
        "illegal_transition"
    );
}

#[test]
fn reopen_only_when_not_satisfied_and_within_thirty_days() {
    let disposed = run(&[
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        Action::Accept,
        atr(),
        dispose(DisposalKind::PartialRelief),
    ])
    .unwrap();
    let reopen = Action::Reopen {
        reason: "Water still not coming".into(),
    };
    let reopened = apply(&disposed, &reopen, T0.plus_days(29), &Tree).unwrap();
    assert_eq!(reopened.status, Status::Assigned);
    assert_eq!(reopened.reopen_count, 1);
    assert_eq!(reopened.disposal, None);
    assert_eq!(
        apply(&disposed, &reopen, T0.plus_days(30), &Tree)
            .unwrap_err()
            .code(),
        "reopen_window_over"
    );
    let satisfied = apply(
        &disposed,
        &Action::RecordVerification {
            outcome: Verification::Satisfied,
            remarks: String::new(),
        },
        T0,
        &Tree,
    )
    .unwrap();
    assert_eq!(
        apply(&satisfied, &reopen, T0, &Tree).unwrap_err().code(),
        "citizen_satisfied"
    );
}

#[test]
fn appeal_goes_to_the_appellate_office_once() {
    let disposed = run(&[
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        Action::Accept,
        atr(),
        dispose(DisposalKind::Rejected),
    ])
    .unwrap();
    let appeal = Action::Appeal {
        office: 3,
        reason: "Rejection was wrong".into(),
    };
    let appealed = apply(&disposed, &appeal, T0.plus_days(10), &Tree).unwrap();
    assert_eq!(appealed.holding_office, Some(3));
    assert!(appealed.appealed);
    let again = run(&[
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        Action::Accept,
        atr(),
        dispose(DisposalKind::Rejected),
        appeal.clone(),
        Action::Accept,
        atr(),
        dispose(DisposalKind::Rejected),
    ])
    .unwrap();
    assert_eq!(
        apply(&again, &appeal, T0, &Tree).unwrap_err().code(),
        "already_appealed"
    );
    assert_eq!(
        apply(&disposed, &appeal, T0.plus_days(31), &Tree)
            .unwrap_err()
            .code(),
        "appeal_window_over"
    );
}

#[test]
fn escalation_climbs_one_level_at_a_time_and_stops_at_l3_automatically() {
    let auto = Action::Escalate { manual: false };
    let state = run(&[
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        auto.clone(),
        auto.clone(),
    ])
    .unwrap();
    assert_eq!(state.escalation_level, 3);
    assert_eq!(state.escalated_to, Some(2));
    assert_eq!(
        apply(&state, &auto, T0, &Tree).unwrap_err().code(),
        "escalation_limit"
    );
    let l4 = apply(&state, &Action::Escalate { manual: true }, T0, &Tree).unwrap();
    assert_eq!(l4.escalation_level, 4);
    assert_eq!(l4.escalated_to, Some(1));
    assert_eq!(
        apply(&l4, &Action::Escalate { manual: true }, T0, &Tree)
            .unwrap_err()
            .code(),
        "escalation_limit"
    );
}

#[test]
fn closing_needs_a_final_verification_or_the_window_to_pass() {
    let disposed = run(&[
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        Action::Accept,
        atr(),
        dispose(DisposalKind::Relief),
    ])
    .unwrap();
    assert_eq!(
        apply(&disposed, &Action::Close, T0, &Tree)
            .unwrap_err()
            .code(),
        "not_verified"
    );
    assert!(apply(&disposed, &Action::Close, T0.plus_days(30), &Tree).is_ok());
    let unreachable = apply(
        &disposed,
        &Action::RecordVerification {
            outcome: Verification::Unreachable,
            remarks: String::new(),
        },
        T0,
        &Tree,
    )
    .unwrap();
    assert!(apply(&unreachable, &Action::Close, T0, &Tree).is_ok());
}

#[test]
fn eta_cannot_be_in_the_past() {
    let state = run(&[
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        Action::Accept,
    ])
    .unwrap();
    let err = apply(
        &state,
        &Action::DeclareEta {
            eta: Timestamp(T0.0 - 1),
            reason: String::new(),
        },
        T0,
        &Tree,
    )
    .unwrap_err();
    assert_eq!(err.code(), "eta_in_past");
    assert_eq!(err.field(), Some("eta"));
}

#[test]
fn special_closure_codes_read_back() {
    for s in [
        SpecialClose::None,
        SpecialClose::Requested,
        SpecialClose::Approved,
    ] {
        assert_eq!(SpecialClose::parse(s.code()), Some(s));
    }
    assert_eq!(SpecialClose::parse("closed"), None);
}

/// Deadlines a step renews or gives back after a pause.
mod deadline;
mod holder;
/// Joint cases' parts and duplicates' links.
mod joint;
/// The transition matrix and the properties of any sequence of actions.
mod matrix;
