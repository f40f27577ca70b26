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

    /// The deadline of a case whose clock stood still from `paused_at` to `now` (it waited for
    /// the citizen's clarification): the working days that were left when it paused, counted
    /// again from `now`. A case already past its deadline when it paused is as late after the
    /// pause as it was before it.
    pub fn resumed_due(&self, due: Timestamp, paused_at: Timestamp, now: Timestamp) -> Timestamp {
        if due.0 <= paused_at.0 {
            return Timestamp(due.0 + (now.0 - paused_at.0).max(0));
        }
        let left = self
            .calendar
            .working_days_between(paused_at.ist_date(), due.ist_date());
        Timestamp::end_of_ist_day(self.calendar.add_working_days(now.ist_date(), left))
    }
}

/// Where a case's deadline stands when a step is taken: when it falls due, and since when it
/// has stood still, if it has (a question to the citizen waiting for the reply).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub due: Timestamp,
    pub paused_since: Option<Timestamp>,
}

/// True when the deadline of a case in `status` runs: it is open and not waiting for the
/// citizen's clarification (while it waits, neither reminders, escalation nor "overdue" apply).
pub fn deadline_runs(status: Status) -> bool {
    status.is_open() && status != Status::AwaitingClarification
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

/// What one step does to a case: its next state and, when the step starts a new round of work
/// or ends a pause of the deadline, the new deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub state: CaseState,
    pub renewed_due: Option<Timestamp>,
}

/// [`apply`], with the deadline a new round of work gets under `deadline`, and the deadline a
/// case gets back when it stops waiting for the citizen (`clock` says where it stood).
pub fn step(
    state: &CaseState,
    action: &Action,
    now: Timestamp,
    offices: &dyn OfficeTree,
    deadline: &DeadlineRule<'_>,
    clock: Clock,
) -> Result<Step, LifecycleError> {
    // A promise beyond the deadline is the officer's to explain: the citizen was told the
    // deadline when the case was registered.
    if let Action::DeclareEta { eta, reason } = action
        && eta.0 > clock.due.0
        && state.allows(action)
        && reason.trim().chars().count() < 5
    {
        return Err(LifecycleError::Rule {
            code: crate::ErrorCode::ReasonRequired,
            field: Some("reason"),
            message: crate::msg!("lifecycle-eta-past-deadline").field("field", "reason"),
        });
    }
    let next = apply(state, action, now, offices)?;
    let resumes = !deadline_runs(state.status) && deadline_runs(next.status);
    let renewed_due = match (action, clock.paused_since) {
        (Action::Appeal { .. } | Action::RtsAppeal { .. }, _) => Some(Timestamp::end_of_ist_day(
            now.plus_days(APPEAL_WINDOW_DAYS).ist_date(),
        )),
        _ if renews_deadline(action) => Some(deadline.due_at(now)),
        (_, Some(paused_at)) if resumes => Some(deadline.resumed_due(clock.due, paused_at, now)),
        _ => None,
    };
    Ok(Step {
        state: next,
        renewed_due,
    })
}
