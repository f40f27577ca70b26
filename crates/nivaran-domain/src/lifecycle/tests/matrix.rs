//! The transition matrix, checked exhaustively for every action in every status, and the
//! properties no sequence of actions may break (invariants, the hash chain, JSON round trips,
//! `allows` agreeing with `apply`).

use super::*;
use proptest::prelude::*;

/// Every action, with valid payloads, for the exhaustive matrix and the property tests.
fn all_actions() -> Vec<Action> {
    vec![
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        Action::Accept,
        Action::AssignOfficer {
            officer: 77,
            reason: String::new(),
        },
        Action::DeclareEta {
            eta: T0.plus_days(5),
            reason: String::new(),
        },
        Action::AskClarification {
            question: "Which house number?".into(),
        },
        Action::ReceiveClarification {
            answer: "House number 12".into(),
        },
        Action::Forward {
            office: 4,
            instructions: "Inspect and report".into(),
        },
        Action::ReturnReport {
            report: "Inspection done".into(),
        },
        Action::Transfer {
            office: 5,
            reason: "Belongs to the other block".into(),
        },
        Action::Transfer {
            office: 4,
            reason: "Belongs to this block again".into(),
        },
        Action::AddJointDepartment {
            department: 7,
            office: None,
            reason: String::new(),
        },
        Action::AddJointDepartment {
            department: 8,
            office: Some(5),
            reason: "Road cut by the water line".into(),
        },
        Action::PartAccept { department: 8 },
        Action::PartSubmitAtr {
            department: 8,
            text: "Road restored".into(),
            documents: vec![],
        },
        Action::PartWaive {
            department: 8,
            reason: "Not needed after all".into(),
        },
        atr(),
        Action::ApproveAtr,
        Action::ReturnAtr {
            reason: "Photos missing".into(),
        },
        Action::RequestSpecialClose {
            reason: "Court case pending".into(),
        },
        Action::ApproveSpecialClose,
        dispose(DisposalKind::Relief),
        dispose(DisposalKind::SpecialClose),
        Action::RecordVerification {
            outcome: Verification::Satisfied,
            remarks: String::new(),
        },
        Action::RecordVerification {
            outcome: Verification::NotSatisfied,
            remarks: String::new(),
        },
        Action::RecordVerification {
            outcome: Verification::Unreachable,
            remarks: String::new(),
        },
        Action::Reopen {
            reason: "Still not fixed".into(),
        },
        Action::Appeal {
            office: 3,
            reason: "Not satisfied with disposal".into(),
        },
        Action::RtsAppeal { office: 2 },
        Action::Close,
        Action::Escalate { manual: false },
        Action::Escalate { manual: true },
        Action::Remark {
            text: "Expedite: the village has had no water for a month".into(),
        },
        Action::LinkDuplicate {
            original: 41,
            reason: String::new(),
        },
        Action::UnlinkDuplicate {
            reason: "Another village's pipeline".into(),
        },
    ]
}

/// Which statuses admit each action code at all (before the finer rules).
fn expected_statuses(code: &str) -> &'static [Status] {
    use Status::*;
    match code {
        "assign" => &[Received],
        "accept" => &[Assigned],
        "declare_eta" => &[InProgress, Forwarded, AwaitingClarification],
        "ask_clarification" => &[InProgress],
        "receive_clarification" => &[AwaitingClarification],
        "forward" => &[InProgress],
        "return_report" => &[Forwarded],
        "transfer" => &[Assigned, InProgress],
        "add_joint_department" => &[Assigned, InProgress, Forwarded, AwaitingClarification],
        "submit_atr" => &[InProgress],
        "approve_atr" | "return_atr" => &[AtrSubmitted],
        "request_special_close" => &[InProgress, AtrSubmitted],
        "approve_special_close" => &[InProgress, AwaitingClarification, Forwarded, AtrSubmitted],
        "dispose" => &[InProgress, AtrSubmitted],
        "record_verification" | "reopen" | "close" => &[Disposed],
        "appeal" | "audit_reopen" => &[Disposed, Closed],
        "rts_appeal" | "assign_officer" | "audit_flag" => &[
            Assigned,
            InProgress,
            AwaitingClarification,
            Forwarded,
            AtrSubmitted,
        ],
        "remark" => Status::ALL,
        "link_duplicate" => &[
            Assigned,
            InProgress,
            AwaitingClarification,
            Forwarded,
            AtrSubmitted,
        ],
        // Only a case linked as a duplicate (and so closed).
        "unlink_duplicate" => &[Closed],
        // A joint department's part is worked while the case is open and routed.
        code if code.starts_with("part_") => &[
            Assigned,
            InProgress,
            AwaitingClarification,
            Forwarded,
            AtrSubmitted,
        ],
        "escalate" => &[
            Assigned,
            InProgress,
            AwaitingClarification,
            Forwarded,
            AtrSubmitted,
        ],
        other => panic!("unknown action {other}"),
    }
}

/// A state in `status` that satisfies every finer rule as far as possible, to probe the matrix.
fn permissive_state(status: Status) -> CaseState {
    let mut state = CaseState::received();
    state.status = status;
    if status != Status::Received {
        state.holding_office = Some(3);
    }
    if status == Status::Forwarded {
        state.forwarded_to = Some(4);
    }
    if status == Status::AtrSubmitted {
        state.atr_submitted = true;
    }
    if matches!(status, Status::Disposed | Status::Closed) {
        state.disposal = Some(DisposalKind::Relief);
        state.disposed_at = Some(T0);
        state.verification = Some(Verification::Unreachable);
    }
    state
}

#[test]
fn the_transition_matrix_is_exactly_as_specified() {
    for status in Status::ALL {
        for action in all_actions() {
            let mut state = permissive_state(*status);
            if action == Action::ApproveSpecialClose {
                state.special_close = SpecialClose::Requested;
            }
            if matches!(
                action,
                Action::Dispose {
                    kind: DisposalKind::SpecialClose,
                    ..
                }
            ) {
                state.special_close = SpecialClose::Approved;
            }
            if matches!(action, Action::Reopen { .. }) {
                state.verification = Some(Verification::NotSatisfied);
            }
            if matches!(action, Action::UnlinkDuplicate { .. }) && *status == Status::Closed {
                state.duplicate_of = Some(41);
                state.before_link = Some(Status::InProgress);
            }
            // A part in the state its action needs, held by an office with one below it.
            if let Some(department) = action.part_department() {
                let mut part = Part::new(department, 3);
                part.status = match action {
                    Action::PartAccept { .. } => PartStatus::Assigned,
                    Action::PartReturnReport { .. } => PartStatus::Forwarded,
                    Action::PartReturnAtr { .. } => PartStatus::AtrSubmitted,
                    _ => PartStatus::InProgress,
                };
                state.parts.push(part);
            }
            let result = apply(&state, &action, T0, &Tree);
            let admitted = !matches!(result, Err(LifecycleError::NotAllowed { .. }));
            let mut expected = expected_statuses(action.code()).contains(status);
            // An ordinary disposal needs the ATR first.
            if matches!(
                action,
                Action::Dispose {
                    kind: DisposalKind::Relief,
                    ..
                }
            ) {
                expected = *status == Status::AtrSubmitted;
            }
            assert_eq!(admitted, expected, "{action:?} in {status:?}: {result:?}");
        }
    }
}

fn any_action() -> impl Strategy<Value = Action> {
    let actions = all_actions();
    (0..actions.len()).prop_map(move |i| actions[i].clone())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Whatever sequence of actions is tried, rejected ones change nothing and no illegal state
    /// is ever reached.
    #[test]
    fn no_sequence_reaches_an_illegal_state(actions in proptest::collection::vec(any_action(), 0..40), days in proptest::collection::vec(0i64..12, 40)) {
        let mut state = CaseState::received();
        let mut now = T0;
        for (i, action) in actions.iter().enumerate() {
            now = now.plus_days(days[i % days.len()]);
            match apply(&state, action, now, &Tree) {
                Ok(next) => state = next,
                Err(err) => {
                    prop_assert!(!err.to_string().is_empty());
                    prop_assert!(!err.message().id().is_empty());
                }
            }
            prop_assert!(state.transfer_count <= MAX_TRANSFERS);
            prop_assert!((1..=MAX_LEVEL).contains(&state.escalation_level));
            prop_assert_eq!(state.status == Status::Received, state.holding_office.is_none());
            prop_assert_eq!(state.status == Status::Forwarded, state.forwarded_to.is_some());
            // A case ends disposed of, or closed as another's duplicate (with no disposal).
            prop_assert_eq!(state.status.is_open(), state.disposal.is_none() && state.duplicate_of.is_none());
            prop_assert_eq!(state.duplicate_of.is_some(), state.before_link.is_some());
            prop_assert_eq!(state.disposal.is_some(), state.disposed_at.is_some());
            prop_assert!(state.verification.is_none() || state.status == Status::Disposed || state.status == Status::Closed);
            prop_assert!(state.status != Status::AtrSubmitted || state.atr_submitted);
            prop_assert!(state.escalated_to.is_some() == (state.escalation_level > 1));
            let mut departments = state.joint_departments.clone();
            departments.dedup();
            prop_assert_eq!(departments.len(), state.joint_departments.len());
            if state.disposal == Some(DisposalKind::SpecialClose) {
                prop_assert_eq!(state.special_close, SpecialClose::Approved);
            }
        }
    }

    /// The events of any accepted sequence form a chain that verifies, and changing any one of
    /// them is detected at exactly that event.
    #[test]
    fn every_chain_verifies_and_any_tampering_is_pinned(actions in proptest::collection::vec(any_action(), 1..30), victim in 0usize..30) {
        use crate::chain::{event_hash, first_broken_link, EventContent, GENESIS_HASH};
        let mut state = CaseState::received();
        let mut events: Vec<(i64, String, String, String, String)> = Vec::new(); // seq, from, to, action, payload
        let assign = Action::Assign { office: 4, unrouted: false };
        for action in std::iter::once(&assign).chain(actions.iter()) {
            if let Ok(next) = apply(&state, action, T0, &Tree) {
                let seq = events.len() as i64 + 1;
                events.push((seq, state.status.code().into(), next.status.code().into(), action.code().into(), serde_json::to_string(action).unwrap()));
                state = next;
            }
        }
        let mut hashes: Vec<(String, String)> = Vec::new();
        let mut prev = GENESIS_HASH.to_string();
        for e in &events {
            let c = EventContent { grievance_id: 1, seq: e.0, at_millis: T0.0, actor: "x", action: &e.3, from_status: &e.1, to_status: &e.2, payload: &e.4 };
            let h = event_hash(&prev, &c);
            hashes.push((prev.clone(), h.clone()));
            prev = h;
        }
        let check = |payloads: &Vec<String>| {
            first_broken_link(events.iter().zip(payloads).zip(&hashes).map(|((e, p), (prev, h))| {
                (EventContent { grievance_id: 1, seq: e.0, at_millis: T0.0, actor: "x", action: &e.3, from_status: &e.1, to_status: &e.2, payload: p }, prev.as_str(), h.as_str())
            }).collect::<Vec<_>>())
        };
        let mut payloads: Vec<String> = events.iter().map(|e| e.4.clone()).collect();
        prop_assert_eq!(check(&payloads), None);
        let victim = victim % payloads.len();
        payloads[victim].push(' ');
        prop_assert_eq!(check(&payloads).map(|(i, _)| i), Some(victim));
    }

    /// Actions survive the trip through their JSON event payload unchanged.
    #[test]
    fn actions_round_trip_through_json(action in any_action()) {
        let json = serde_json::to_string(&action).unwrap();
        let back: Action = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, action);
    }
}

#[test]
fn every_code_has_a_sample_of_that_code() {
    for code in Action::CODES {
        assert_eq!(Action::sample(code).map(|a| a.code()), Some(*code));
    }
    assert_eq!(Action::sample("teleport"), None);
}

#[test]
fn a_new_case_offers_acceptance_and_a_disposed_one_feedback() {
    let assigned = run(&[Action::Assign {
        office: 4,
        unrouted: false,
    }])
    .unwrap();
    let offered = assigned.available_actions();
    assert!(offered.contains(&"accept"));
    assert!(offered.contains(&"transfer"));
    assert!(!offered.contains(&"dispose"));
    assert!(!offered.contains(&"assign"), "routing is the system's");
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
    let offered = disposed.available_actions();
    for code in ["record_verification", "reopen", "appeal", "close"] {
        assert!(offered.contains(&code), "{code} in {offered:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// `allows` is exactly the state check of `apply`: an action is refused as "not allowed in
    /// this state" if and only if `allows` says no. The screens offer actions by `allows`.
    #[test]
    fn allows_agrees_with_apply(actions in proptest::collection::vec(any_action(), 0..30), probe in any_action()) {
        let mut state = CaseState::received();
        for action in &actions {
            if let Ok(next) = apply(&state, action, T0, &Tree) {
                state = next;
            }
        }
        let refused_for_state = matches!(apply(&state, &probe, T0, &Tree), Err(LifecycleError::NotAllowed { .. }));
        prop_assert_eq!(refused_for_state, !state.allows(&probe));
        // Whatever is offered on screen, the state admits.
        for code in state.available_actions() {
            let sample = Action::sample(code).unwrap();
            let special = Action::Dispose { kind: DisposalKind::SpecialClose, remarks: String::new() };
            prop_assert!(state.allows(&sample) || (code == "dispose" && state.allows(&special)));
        }
    }
}
