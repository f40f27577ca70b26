//! Deadlines: a new round of work renews one, a question to the citizen pauses it.

use super::*;

#[test]
fn a_step_renews_the_deadline_only_for_a_new_round_of_work() {
    let rule = DeadlineRule {
        working_days: 7,
        calendar: &crate::calendar::NO_HOLIDAYS,
    };
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
    let at = T0.plus_days(3);
    let reopen = Action::Reopen {
        reason: "Water still not coming".into(),
    };
    let reopened = step(&disposed, &reopen, at, &Tree, &rule, still(at)).unwrap();
    assert_eq!(
        reopened.state,
        apply(&disposed, &reopen, at, &Tree).unwrap()
    );
    assert_eq!(
        reopened.renewed_due,
        Some(Timestamp::end_of_ist_day(
            rule.calendar.add_working_days(at.ist_date(), 7)
        ))
    );
    // An appeal gets the appeal window, whatever the category allows.
    let appeal = Action::Appeal {
        office: 3,
        reason: "The relief given is not enough".into(),
    };
    let appealed = step(&disposed, &appeal, at, &Tree, &rule, still(at)).unwrap();
    assert_eq!(
        appealed.renewed_due,
        Some(Timestamp::end_of_ist_day(
            at.plus_days(APPEAL_WINDOW_DAYS).ist_date()
        ))
    );
    assert!(renews_deadline(&appeal) && renews_deadline(&reopen));
    // Any other step keeps the deadline.
    let received = CaseState::received();
    let assign = Action::Assign {
        office: 4,
        unrouted: false,
    };
    assert_eq!(
        step(&received, &assign, at, &Tree, &rule, still(at))
            .unwrap()
            .renewed_due,
        None
    );
    assert!(!renews_deadline(&assign));
}

/// A running clock due at `due`.
fn still(due: Timestamp) -> Clock {
    Clock {
        due,
        paused_since: None,
    }
}

#[test]
fn a_question_to_the_citizen_pauses_the_deadline_and_the_reply_resumes_it() {
    let calendar = crate::calendar::WorkingCalendar::new([]);
    let rule = DeadlineRule {
        working_days: 7,
        calendar: &calendar,
    };
    let asking = run(&[
        Action::Assign {
            office: 4,
            unrouted: false,
        },
        Action::Accept,
    ])
    .unwrap();
    // Asked on T0 with the deadline five working days away.
    let due = Timestamp::end_of_ist_day(calendar.add_working_days(T0.ist_date(), 5));
    let ask = Action::AskClarification {
        question: "Which hand pump is broken?".into(),
    };
    let asked = step(&asking, &ask, T0, &Tree, &rule, still(due)).unwrap();
    assert_eq!(asked.state.status, Status::AwaitingClarification);
    assert_eq!(asked.renewed_due, None, "asking keeps the deadline");
    assert!(!deadline_runs(asked.state.status));
    // The reply comes twelve days later: five working days are left again from then.
    let later = T0.plus_days(12);
    let reply = Action::ReceiveClarification {
        answer: "The one near the school".into(),
    };
    let paused = Clock {
        due,
        paused_since: Some(T0),
    };
    let resumed = step(&asked.state, &reply, later, &Tree, &rule, paused).unwrap();
    assert_eq!(
        resumed.renewed_due,
        Some(Timestamp::end_of_ist_day(
            calendar.add_working_days(later.ist_date(), 5)
        ))
    );
    assert!(deadline_runs(resumed.state.status));
    // A case already late when it paused is exactly as late after the pause.
    let late = T0.plus_days(-2);
    assert_eq!(
        rule.resumed_due(late, T0, later),
        Timestamp(late.0 + (later.0 - T0.0))
    );
}
