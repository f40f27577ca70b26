//! The officer who answers for a case by name, and the date they promise.

use super::*;

#[test]
fn a_case_is_held_by_a_named_officer_and_reassigned_only_with_a_reason() {
    let state = run(&[
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        Action::AssignOfficer {
            officer: 70,
            reason: String::new(),
        },
    ])
    .unwrap();
    assert_eq!(state.holder, Some(70));
    let again = apply(
        &state,
        &Action::AssignOfficer {
            officer: 70,
            reason: String::new(),
        },
        T0,
        &Tree,
    )
    .unwrap_err();
    assert_eq!(again.code(), "already_holder");
    let unexplained = apply(
        &state,
        &Action::AssignOfficer {
            officer: 71,
            reason: " ".into(),
        },
        T0,
        &Tree,
    )
    .unwrap_err();
    assert_eq!(unexplained.code(), "reason_required");
    assert_eq!(unexplained.field(), Some("reason"));
    let moved = apply(
        &state,
        &Action::AssignOfficer {
            officer: 71,
            reason: "Ashok is on leave this month".into(),
        },
        T0,
        &Tree,
    )
    .unwrap();
    assert_eq!(moved.holder, Some(71));
    // A transfer to another office leaves the case with that office and no one named yet.
    let transferred = apply(
        &apply(&moved, &Action::Accept, T0, &Tree).unwrap(),
        &Action::Transfer {
            office: 5,
            reason: "Belongs to the other block".into(),
        },
        T0,
        &Tree,
    )
    .unwrap();
    assert_eq!(transferred.holder, None);
}

#[test]
fn an_eta_past_the_deadline_or_changed_needs_a_reason_and_changes_are_counted() {
    let state = run(&[
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        Action::Accept,
    ])
    .unwrap();
    let rule = DeadlineRule {
        working_days: 7,
        calendar: &crate::calendar::NO_HOLIDAYS,
    };
    let clock = Clock {
        due: T0.plus_days(7),
        paused_since: None,
    };
    let eta = |days: i64, reason: &str| Action::DeclareEta {
        eta: T0.plus_days(days),
        reason: reason.into(),
    };
    let late = step(&state, &eta(10, ""), T0, &Tree, &rule, clock).unwrap_err();
    assert_eq!(late.code(), "reason_required");
    assert_eq!(late.field(), Some("reason"));
    let explained = step(
        &state,
        &eta(10, "Pipe to be ordered from the circle store"),
        T0,
        &Tree,
        &rule,
        clock,
    )
    .unwrap()
    .state;
    assert_eq!(
        (explained.eta, explained.eta_changes),
        (Some(T0.plus_days(10)), 0)
    );
    let first = step(&state, &eta(3, ""), T0, &Tree, &rule, clock)
        .unwrap()
        .state;
    assert_eq!(first.eta_changes, 0);
    let unexplained = step(&first, &eta(5, ""), T0, &Tree, &rule, clock).unwrap_err();
    assert_eq!(unexplained.field(), Some("reason"));
    let same = step(&first, &eta(3, "same again"), T0, &Tree, &rule, clock).unwrap_err();
    assert_eq!(same.code(), "same_eta");
    let changed = step(
        &first,
        &eta(5, "Contractor delayed"),
        T0,
        &Tree,
        &rule,
        clock,
    )
    .unwrap()
    .state;
    assert_eq!(
        (changed.eta, changed.eta_changes),
        (Some(T0.plus_days(5)), 1)
    );
}
