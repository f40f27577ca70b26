//! Deadlines a step renews: a reopening gets the category's working days again, an appeal the
//! appeal window; [`step`] is [`apply`] with that deadline.

use super::*;

/// A case's deadline rule: the working days its category allows, counted on its state's
/// calendar (borrowed: a step asks for the rule whether or not it renews the deadline).
#[derive(Debug, Clone, Copy)]
pub struct DeadlineRule<'a> {
    pub working_days: u32,
    pub calendar: &'a crate::calendar::WorkingCalendar,
}

impl DeadlineRule<'_> {
    /// The day a round of work that starts on `from` is due (at least one working day).
    pub fn due_date(&self, from: time::Date) -> time::Date {
        self.calendar
            .add_working_days(from, self.working_days.max(1))
    }

    /// The end of that day.
    pub fn due_at(&self, from: Timestamp) -> Timestamp {
        Timestamp::end_of_ist_day(self.due_date(from.ist_date()))
    }
}

/// True when `action` starts a new round of work with a deadline of its own: a reopening (by
/// the citizen or an audit) gets the category's working days again, an appeal the appeal window.
pub fn renews_deadline(action: &Action) -> bool {
    matches!(
        action,
        Action::Reopen { .. }
            | Action::AuditReopen { .. }
            | Action::Appeal { .. }
            | Action::RtsAppeal { .. }
    )
}

/// What one step does to a case: its next state and, when the step starts a new round of work,
/// the new deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub state: CaseState,
    pub renewed_due: Option<Timestamp>,
}

/// [`apply`], with the deadline a new round of work gets under `deadline`.
pub fn step(
    state: &CaseState,
    action: &Action,
    now: Timestamp,
    offices: &dyn OfficeTree,
    deadline: &DeadlineRule<'_>,
) -> Result<Step, LifecycleError> {
    let next = apply(state, action, now, offices)?;
    let renewed_due = match action {
        Action::Appeal { .. } | Action::RtsAppeal { .. } => Some(Timestamp::end_of_ist_day(
            now.plus_days(APPEAL_WINDOW_DAYS).ist_date(),
        )),
        _ if renews_deadline(action) => Some(deadline.due_at(now)),
        _ => None,
    };
    Ok(Step {
        state: next,
        renewed_due,
    })
}
