//! Joint cases (a part per joint department, each with its own lifecycle) and duplicates (a case
//! closed while linked to its original, back where it was when the link is undone).

use super::*;

fn joint(department: DepartmentId, office: OfficeId) -> Action {
    Action::AddJointDepartment {
        department,
        office: Some(office),
        reason: "The road was cut for the pipeline".into(),
    }
}

fn routed_and_accepted() -> Vec<Action> {
    vec![
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        Action::Accept,
    ]
}

#[test]
fn a_joint_case_is_disposed_only_when_every_part_has_its_atr_or_is_waived() {
    let mut steps = routed_and_accepted();
    steps.push(joint(7, 5));
    steps.push(joint(8, 9));
    steps.push(atr());
    let state = run(&steps).unwrap();
    assert_eq!(state.parts.len(), 2);
    assert_eq!(state.pending_parts().count(), 2);
    let refused = apply(&state, &dispose(DisposalKind::Relief), T0, &Tree).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::PartsPending);

    // Department 7's office takes up its part, forwards it below and reports.
    steps.extend([
        Action::PartAccept { department: 7 },
        Action::PartSubmitAtr {
            department: 7,
            text: "Road patched".into(),
            documents: vec![],
        },
    ]);
    let state = run(&steps).unwrap();
    assert_eq!(state.part(7).unwrap().status, PartStatus::AtrSubmitted);
    assert!(apply(&state, &dispose(DisposalKind::Relief), T0, &Tree).is_err());

    // A supervisor lets the case go on without department 8's part, with a reason.
    let short = Action::PartWaive {
        department: 8,
        reason: "no".into(),
    };
    assert_eq!(
        apply(&state, &short, T0, &Tree).unwrap_err().code(),
        ErrorCode::ReasonRequired
    );
    steps.push(Action::PartWaive {
        department: 8,
        reason: "The other office has no work here".into(),
    });
    steps.push(dispose(DisposalKind::Relief));
    let state = run(&steps).unwrap();
    assert_eq!(state.status, Status::Disposed);
    assert_eq!(state.part(8).unwrap().status, PartStatus::Waived);
}

#[test]
fn a_part_runs_its_own_lifecycle() {
    let mut steps = routed_and_accepted();
    steps.push(joint(7, 3));
    let state = run(&steps).unwrap();
    let part = state.part(7).unwrap();
    assert_eq!((part.office, part.status), (3, PartStatus::Assigned));
    // Not accepted yet: no report, no forwarding.
    let early = Action::PartSubmitAtr {
        department: 7,
        text: "Done already".into(),
        documents: vec![],
    };
    assert!(apply(&state, &early, T0, &Tree).is_err());
    steps.extend([
        Action::PartAccept { department: 7 },
        Action::PartDeclareEta {
            department: 7,
            eta: T0.plus_days(2),
            reason: String::new(),
        },
        Action::PartForward {
            department: 7,
            office: 4,
            instructions: "Inspect the road".into(),
        },
    ]);
    let state = run(&steps).unwrap();
    let part = state.part(7).unwrap();
    assert_eq!(part.status, PartStatus::Forwarded);
    assert_eq!(part.forwarded_to, Some(4));
    assert_eq!(part.eta, Some(T0.plus_days(2)));
    // Forwarding goes down only.
    let up = Action::PartForward {
        department: 7,
        office: 1,
        instructions: "Inspect the road".into(),
    };
    let mut back = state.clone();
    back.parts[0].status = PartStatus::InProgress;
    assert_eq!(
        apply(&back, &up, T0, &Tree).unwrap_err().code(),
        ErrorCode::NotSubordinate
    );
    steps.extend([
        Action::PartReturnReport {
            department: 7,
            report: "Road inspected".into(),
        },
        Action::PartEscalate {
            department: 7,
            manual: false,
        },
        Action::PartSubmitAtr {
            department: 7,
            text: "Road patched".into(),
            documents: vec![],
        },
        Action::PartReturnAtr {
            department: 7,
            reason: "Photos of the road missing".into(),
        },
    ]);
    let state = run(&steps).unwrap();
    let part = state.part(7).unwrap();
    assert_eq!(part.status, PartStatus::InProgress);
    assert_eq!((part.escalation_level, part.escalated_to), (2, Some(2)));
    // The lead office's own work is untouched by the part's.
    assert_eq!(state.status, Status::InProgress);
    assert_eq!(state.holding_office, Some(4));
}

#[test]
fn a_part_needs_a_reason_a_known_office_and_a_department_not_already_joint() {
    let mut steps = routed_and_accepted();
    steps.push(Action::AddJointDepartment {
        department: 7,
        office: Some(5),
        reason: String::new(),
    });
    assert_eq!(run(&steps).unwrap_err().code(), ErrorCode::ReasonRequired);
    steps.pop();
    steps.push(joint(7, 42));
    assert_eq!(run(&steps).unwrap_err().code(), ErrorCode::UnknownOffice);
    steps.pop();
    steps.push(joint(7, 5));
    steps.push(joint(7, 5));
    assert_eq!(run(&steps).unwrap_err().code(), ErrorCode::AlreadyJoint);
    // A part action for a department without a part is not admitted.
    steps.pop();
    steps.push(Action::PartAccept { department: 8 });
    assert!(matches!(
        run(&steps).unwrap_err(),
        LifecycleError::NotAllowed { .. }
    ));
}

#[test]
fn part_actions_are_offered_beside_their_part_not_for_the_case() {
    let mut steps = routed_and_accepted();
    steps.push(joint(7, 5));
    let state = run(&steps).unwrap();
    assert!(
        state
            .available_actions()
            .iter()
            .all(|a| !a.starts_with("part_"))
    );
    let offered = state.part_actions(7);
    assert!(offered.contains(&"part_accept"));
    assert!(offered.contains(&"part_waive"));
    assert!(!offered.contains(&"part_submit_atr"));
    assert!(state.part_actions(8).is_empty());
}

#[test]
fn a_duplicate_is_closed_while_linked_and_goes_back_when_the_link_is_undone() {
    let mut steps = vec![
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        Action::Accept,
        Action::LinkDuplicate {
            original: 41,
            reason: String::new(),
        },
    ];
    let state = run(&steps).unwrap();
    assert_eq!(state.status, Status::Closed);
    assert_eq!(state.duplicate_of, Some(41));
    // Closed as a duplicate: nothing else is done to it but undoing the link.
    assert!(run(&[steps.clone(), vec![atr()]].concat()).is_err());
    let short = Action::UnlinkDuplicate {
        reason: "no".into(),
    };
    assert_eq!(
        apply(&state, &short, T0, &Tree).unwrap_err().code(),
        ErrorCode::ReasonRequired
    );
    steps.push(Action::UnlinkDuplicate {
        reason: "A different street's pipeline".into(),
    });
    let state = run(&steps).unwrap();
    assert_eq!(state.status, Status::InProgress);
    assert_eq!((state.duplicate_of, state.before_link), (None, None));
}

#[test]
fn a_forwarded_case_linked_and_unlinked_is_back_with_its_office() {
    let state = run(&[
        Action::Assign {
            office: 3,
            unrouted: false,
        },
        Action::Accept,
        Action::Forward {
            office: 4,
            instructions: "Inspect and report".into(),
        },
        Action::LinkDuplicate {
            original: 41,
            reason: String::new(),
        },
        Action::UnlinkDuplicate {
            reason: "Another village's pipeline".into(),
        },
    ])
    .unwrap();
    assert_eq!(state.status, Status::InProgress);
    assert_eq!(state.forwarded_to, None);
}
