//! A case's lifecycle state ([`CaseState`]) as the columns of its `grievances` row: the one
//! mapping, both ways. Filing writes it, every step updates it, loading reads it back; a field
//! added to `CaseState` is added here and nowhere else (joint departments live in their own
//! table, `grievance_departments`, and their parts in `case_parts`).

use super::grievances::GrievanceRow;
use super::sql::Sql;
use nivaran_domain::Timestamp;
use nivaran_domain::lifecycle::{CaseState, SpecialClose, Status};
use nivaran_domain::types::{DisposalKind, Verification};

/// The `status` value (as SQL) of the open cases whose deadline stands still
/// (`lifecycle::deadline_runs`): waiting for the citizen's clarification. The figures, lists
/// and the deadline sweep leave them out of "overdue".
pub const PAUSED_STATUS: &str = "'awaiting_clarification'";

/// The order of every list of cases to work (an inbox, the cases behind a pending figure):
/// CM-cell and VIP-cell cases (top priority), then high priority, head it (seed 004), each by
/// the soonest deadline. The inbox index holds the priority (migration 14).
pub const WORK_ORDER: &str = " ORDER BY CASE g.priority WHEN 'top' THEN 0 WHEN 'high' THEN 1 ELSE 2 END, g.due_at ASC, g.id ASC";

/// The columns, in the order [`StateColumns::bind`] binds them.
pub(super) const NAMES: [&str; 20] = [
    "status",
    "holding_office_id",
    "holder_user_id",
    "unrouted",
    "forwarded_to_id",
    "escalation_level",
    "escalated_to_id",
    "transfer_count",
    "reopen_count",
    "appealed",
    "eta",
    "eta_changes",
    "atr_submitted",
    "atr_approved",
    "special_close",
    "disposal",
    "disposed_at",
    "verification",
    "duplicate_of",
    "status_before_link",
];

/// A state's column values.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct StateColumns {
    pub status: &'static str,
    pub holding_office_id: Option<i64>,
    pub holder_user_id: Option<i64>,
    pub unrouted: i64,
    pub forwarded_to_id: Option<i64>,
    pub escalation_level: i64,
    pub escalated_to_id: Option<i64>,
    pub transfer_count: i64,
    pub reopen_count: i64,
    pub appealed: i64,
    pub eta: Option<i64>,
    pub eta_changes: i64,
    pub atr_submitted: i64,
    pub atr_approved: i64,
    pub special_close: &'static str,
    pub disposal: Option<&'static str>,
    pub disposed_at: Option<i64>,
    pub verification: Option<&'static str>,
    pub duplicate_of: Option<i64>,
    pub status_before_link: Option<&'static str>,
}

impl StateColumns {
    pub fn of(s: &CaseState) -> StateColumns {
        StateColumns {
            status: s.status.code(),
            holding_office_id: s.holding_office,
            holder_user_id: s.holder,
            unrouted: s.unrouted as i64,
            forwarded_to_id: s.forwarded_to,
            escalation_level: s.escalation_level as i64,
            escalated_to_id: s.escalated_to,
            transfer_count: s.transfer_count as i64,
            reopen_count: s.reopen_count as i64,
            appealed: s.appealed as i64,
            eta: s.eta.map(|t| t.0),
            eta_changes: s.eta_changes as i64,
            atr_submitted: s.atr_submitted as i64,
            atr_approved: s.atr_approved as i64,
            special_close: s.special_close.code(),
            disposal: s.disposal.map(|d| d.code()),
            disposed_at: s.disposed_at.map(|t| t.0),
            verification: s.verification.map(|v| v.code()),
            duplicate_of: s.duplicate_of,
            status_before_link: s.before_link.map(|b| b.code()),
        }
    }

    /// Sets a loaded row's columns to these (the row then reads as written).
    pub fn apply_to(&self, row: &mut super::grievances::GrievanceRow) {
        row.status = self.status.to_string();
        row.holding_office_id = self.holding_office_id;
        row.holder_user_id = self.holder_user_id;
        row.unrouted = self.unrouted;
        row.forwarded_to_id = self.forwarded_to_id;
        row.escalation_level = self.escalation_level;
        row.escalated_to_id = self.escalated_to_id;
        row.transfer_count = self.transfer_count;
        row.reopen_count = self.reopen_count;
        row.appealed = self.appealed;
        row.eta = self.eta;
        row.eta_changes = self.eta_changes;
        row.atr_submitted = self.atr_submitted;
        row.atr_approved = self.atr_approved;
        row.special_close = self.special_close.to_string();
        row.disposal = self.disposal.map(str::to_string);
        row.disposed_at = self.disposed_at;
        row.verification = self.verification.map(str::to_string);
        row.duplicate_of = self.duplicate_of;
        row.status_before_link = self.status_before_link.map(str::to_string);
    }

    /// Binds the values in the order of [`NAMES`], separated by `", "` (for a VALUES list).
    pub fn bind(&self, sql: &mut Sql) {
        self.bind_each(sql, |sql, i, _| {
            if i > 0 {
                sql.push(", ");
            }
        });
    }

    /// `status = $n, holding_office_id = $m, ...` (for an UPDATE).
    pub fn set(&self, sql: &mut Sql) {
        self.bind_each(sql, |sql, i, name| {
            if i > 0 {
                sql.push(", ");
            }
            sql.push(name).push(" = ");
        });
    }

    /// Binds each value after `lead` has written what goes before it (no text is allocated:
    /// an officer's every action runs this).
    fn bind_each(&self, sql: &mut Sql, lead: impl Fn(&mut Sql, usize, &str)) {
        let mut i = 0;
        let mut next = |sql: &mut Sql| {
            lead(sql, i, NAMES[i]);
            i += 1;
        };
        next(sql);
        sql.bind(self.status.to_string());
        next(sql);
        sql.bind(self.holding_office_id);
        next(sql);
        sql.bind(self.holder_user_id);
        next(sql);
        sql.bind(self.unrouted);
        next(sql);
        sql.bind(self.forwarded_to_id);
        next(sql);
        sql.bind(self.escalation_level);
        next(sql);
        sql.bind(self.escalated_to_id);
        next(sql);
        sql.bind(self.transfer_count);
        next(sql);
        sql.bind(self.reopen_count);
        next(sql);
        sql.bind(self.appealed);
        next(sql);
        sql.bind(self.eta);
        next(sql);
        sql.bind(self.eta_changes);
        next(sql);
        sql.bind(self.atr_submitted);
        next(sql);
        sql.bind(self.atr_approved);
        next(sql);
        sql.bind(self.special_close.to_string());
        next(sql);
        sql.bind(self.disposal.map(str::to_string));
        next(sql);
        sql.bind(self.disposed_at);
        next(sql);
        sql.bind(self.verification.map(str::to_string));
        next(sql);
        sql.bind(self.duplicate_of);
        next(sql);
        sql.bind(self.status_before_link.map(str::to_string));
        debug_assert_eq!(i, NAMES.len());
    }

    /// Writes the values into a row.
    pub fn write_into(&self, row: &mut GrievanceRow) {
        row.status = self.status.to_string();
        row.holding_office_id = self.holding_office_id;
        row.holder_user_id = self.holder_user_id;
        row.unrouted = self.unrouted;
        row.forwarded_to_id = self.forwarded_to_id;
        row.escalation_level = self.escalation_level;
        row.escalated_to_id = self.escalated_to_id;
        row.transfer_count = self.transfer_count;
        row.reopen_count = self.reopen_count;
        row.appealed = self.appealed;
        row.eta = self.eta;
        row.eta_changes = self.eta_changes;
        row.atr_submitted = self.atr_submitted;
        row.atr_approved = self.atr_approved;
        row.special_close = self.special_close.to_string();
        row.disposal = self.disposal.map(str::to_string);
        row.disposed_at = self.disposed_at;
        row.verification = self.verification.map(str::to_string);
        row.duplicate_of = self.duplicate_of;
        row.status_before_link = self.status_before_link.map(str::to_string);
    }
}

/// The state a row holds (its joint departments read from their table; its parts, from
/// `case_parts`, are put in by the loader).
pub(super) fn state_of(row: &GrievanceRow, joint_departments: Vec<i64>) -> CaseState {
    CaseState {
        status: Status::parse(&row.status).unwrap_or(Status::Received),
        holding_office: row.holding_office_id,
        holder: row.holder_user_id,
        unrouted: row.unrouted != 0,
        forwarded_to: row.forwarded_to_id,
        escalation_level: row.escalation_level.clamp(1, 4) as u8,
        escalated_to: row.escalated_to_id,
        transfer_count: row.transfer_count.clamp(0, 255) as u8,
        reopen_count: row.reopen_count.clamp(0, 255) as u8,
        appealed: row.appealed != 0,
        joint_departments,
        parts: Vec::new(),
        eta: row.eta.map(Timestamp),
        eta_changes: row.eta_changes.clamp(0, 255) as u8,
        atr_submitted: row.atr_submitted != 0,
        atr_approved: row.atr_approved != 0,
        special_close: SpecialClose::parse(&row.special_close).unwrap_or_default(),
        disposal: row.disposal.as_deref().and_then(DisposalKind::parse),
        disposed_at: row.disposed_at.map(Timestamp),
        verification: row.verification.as_deref().and_then(Verification::parse),
        duplicate_of: row.duplicate_of,
        before_link: row.status_before_link.as_deref().and_then(Status::parse),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_paused_status_is_the_domain_s() {
        let paused: Vec<String> = Status::ALL
            .iter()
            .filter(|s| s.is_open() && !nivaran_domain::lifecycle::deadline_runs(**s))
            .map(|s| format!("'{}'", s.code()))
            .collect();
        assert_eq!(paused, [super::PAUSED_STATUS]);
    }

    use super::*;

    #[test]
    fn a_state_reads_back_from_its_columns() {
        let received = CaseState::received();
        let mut worked = CaseState::received();
        worked.status = Status::Disposed;
        worked.holding_office = Some(7);
        worked.holder = Some(70);
        worked.eta_changes = 2;
        worked.unrouted = true;
        worked.forwarded_to = Some(9);
        worked.escalation_level = 3;
        worked.escalated_to = Some(11);
        worked.transfer_count = 2;
        worked.reopen_count = 1;
        worked.appealed = true;
        worked.eta = Some(Timestamp(1_790_000_000_000));
        worked.atr_submitted = true;
        worked.atr_approved = true;
        worked.special_close = SpecialClose::Approved;
        worked.disposal = Some(DisposalKind::PartialRelief);
        worked.disposed_at = Some(Timestamp(1_790_000_100_000));
        worked.verification = Some(Verification::NotSatisfied);
        worked.duplicate_of = Some(41);
        worked.before_link = Some(Status::InProgress);
        for state in [received, worked] {
            let mut row = GrievanceRow::default();
            StateColumns::of(&state).write_into(&mut row);
            assert_eq!(state_of(&row, state.joint_departments.clone()), state);
        }
    }
}
