//! What a case adds to the counted figures: the one place that says which of a row's c1..c14
//! counts what, in each set. The counted figures of a set of cases are the sum of their
//! cases' contributions; a change to a case adds its contribution after and takes away its
//! contribution before.
//!
//! Each column is the same condition as the figure's in `conditions::metric_condition` (the
//! figure's list), on one case: the "every figure equals its list" tests hold the two together.

use super::super::DAY_MS;

/// The IST day an instant falls on (days since 1970-01-01 in India).
pub fn ist_day(at: i64) -> i64 {
    (at + IST_OFFSET_MS).div_euclid(DAY_MS)
}

/// The first instant of an IST day.
pub fn day_start(day: i64) -> i64 {
    day * DAY_MS - IST_OFFSET_MS
}

const IST_OFFSET_MS: i64 = 19_800_000;

/// The columns a set's rows have.
pub const COLUMNS: usize = 14;

/// A set of cases the counted rows hold, each on a day of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CountedSet {
    /// Filed that day: c1 received (a linked duplicate counted once, as its original), c2
    /// reopened, c3 received through social media, c4 of those answered, c5 open now, c6
    /// settled (disposed or closed, with a disposal time: the trend's pending).
    Filed,
    /// Disposed of that day: c1 disposed, c2 in time, c3 late, c4 with an ATR, c5 relief, c6
    /// verified, c7 satisfied, c8 not satisfied, c9 with an ETA, c10 ETA kept, c11 of a Right
    /// to Service category, c12 of those in time, c13 milliseconds from filing to disposal,
    /// c14 settled (as c6 of `Filed`).
    Disposed,
    /// Open and due that day: c1 open, c2 of those waiting for the citizen (deadline paused),
    /// c3 of those with a joint department's part still pending.
    Due,
    /// Open, not paused, and promised (ETA) for that day: c1.
    Promised,
}

impl CountedSet {
    pub const ALL: [CountedSet; 4] = [
        CountedSet::Filed,
        CountedSet::Disposed,
        CountedSet::Due,
        CountedSet::Promised,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CountedSet::Filed => "r",
            CountedSet::Disposed => "d",
            CountedSet::Due => "o",
            CountedSet::Promised => "e",
        }
    }

    pub fn parse(code: &str) -> Option<CountedSet> {
        CountedSet::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The columns of a case that the counted figures read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CaseFacts<'a> {
    pub state_id: i64,
    pub district_id: Option<i64>,
    pub department_id: i64,
    pub category_id: i64,
    pub channel: &'a str,
    pub filed_at: i64,
    pub due_at: i64,
    pub status: &'a str,
    pub duplicate_of: Option<i64>,
    pub reopen_count: i64,
    pub eta: Option<i64>,
    pub atr_submitted: i64,
    pub disposal: Option<&'a str>,
    pub disposed_at: Option<i64>,
    pub verification: Option<&'a str>,
    /// Has a joint department's part still pending (`PartStatus::is_pending`).
    pub parts_pending: bool,
}

/// Which of a table's keys a row keeps; the others are added up in it. Each table holds its
/// rows four times over, so that a page reads the few rows it shows: a state's page its
/// districts' rows and, apart, its portals', not one row for each district and portal.
/// The row's set code is the set's letter and this one's suffix ("o", "oa", "oc", "ot").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Margin {
    /// Every key: by district (or department) and portal.
    Both,
    /// By district (or department), every portal together (channel '').
    Place,
    /// By portal, every district (or department) together (0).
    Portal,
    /// Neither: the whole state's (or district's) day.
    Total,
}

impl Margin {
    pub const ALL: [Margin; 4] = [Margin::Both, Margin::Place, Margin::Portal, Margin::Total];

    pub fn suffix(self) -> &'static str {
        match self {
            Margin::Both => "",
            Margin::Place => "a",
            Margin::Portal => "c",
            Margin::Total => "t",
        }
    }

    /// The margin that keeps what a reading needs: the table's place (district or
    /// department) and the portal.
    pub fn keeping(place: bool, portal: bool) -> Margin {
        match (place, portal) {
            (true, true) => Margin::Both,
            (true, false) => Margin::Place,
            (false, true) => Margin::Portal,
            (false, false) => Margin::Total,
        }
    }
}

/// A row's set code: the set's letter and the margin's suffix.
pub fn set_code(set: CountedSet, margin: Margin) -> String {
    format!("{}{}", set.code(), margin.suffix())
}

/// The set and margin of a set code.
pub fn parse_set_code(code: &str) -> Option<(CountedSet, Margin)> {
    let (set, suffix) = code.split_at_checked(1)?;
    let set = CountedSet::parse(set)?;
    let margin = Margin::ALL.into_iter().find(|m| m.suffix() == suffix)?;
    Some((set, margin))
}

/// Where a contribution is counted: the set, its day, and the row's keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    pub state_id: i64,
    /// 0: a case filed at state level (or, in a row of every district, none).
    pub district_id: i64,
    pub set: CountedSet,
    pub margin: Margin,
    pub day: i64,
    pub department_id: i64,
    pub channel: String,
}

/// One row's worth of counts.
pub type Counts = [i64; COLUMNS];

impl CaseFacts<'_> {
    fn open(&self) -> bool {
        !matches!(self.status, "disposed" | "closed")
    }

    fn paused(&self) -> bool {
        self.status == "awaiting_clarification"
    }

    /// What the case adds to each set it is in: (set, day, counts).
    pub fn contributions(&self, rts: &[i64]) -> Vec<(CountedSet, i64, Counts)> {
        let n = |b: bool| i64::from(b);
        let once = self.duplicate_of.is_none();
        let social = once && self.channel == "social_media";
        let settled = !self.open() && self.disposed_at.is_some();
        let mut out = Vec::with_capacity(4);
        let mut filed = [0; COLUMNS];
        filed[0] = n(once);
        filed[1] = n(once && self.reopen_count > 0);
        filed[2] = n(social);
        filed[3] = n(social && !matches!(self.status, "received" | "assigned"));
        filed[4] = n(self.open());
        filed[5] = n(settled);
        out.push((CountedSet::Filed, ist_day(self.filed_at), filed));
        if let Some(at) = self.disposed_at {
            let in_time = at <= self.due_at;
            let rts = rts.binary_search(&self.category_id).is_ok();
            let verification = self.verification.unwrap_or("");
            let mut d = [0; COLUMNS];
            d[0] = 1;
            d[1] = n(in_time);
            d[2] = n(!in_time);
            d[3] = n(self.atr_submitted == 1);
            d[4] = n(self.disposal == Some("relief"));
            d[5] = n(matches!(verification, "satisfied" | "not_satisfied"));
            d[6] = n(verification == "satisfied");
            d[7] = n(verification == "not_satisfied");
            d[8] = n(self.eta.is_some());
            d[9] = n(self.eta.is_some_and(|eta| at <= eta));
            d[10] = n(rts);
            d[11] = n(rts && in_time);
            d[12] = at - self.filed_at;
            d[13] = n(settled);
            out.push((CountedSet::Disposed, ist_day(at), d));
        }
        if self.open() {
            let mut due = [0; COLUMNS];
            due[0] = 1;
            due[1] = n(self.paused());
            due[2] = n(self.parts_pending);
            out.push((CountedSet::Due, ist_day(self.due_at), due));
            if let (Some(eta), false) = (self.eta, self.paused()) {
                let mut promised = [0; COLUMNS];
                promised[0] = 1;
                out.push((CountedSet::Promised, ist_day(eta), promised));
            }
        }
        out
    }

    pub fn place(&self, set: CountedSet, day: i64) -> Place {
        Place {
            state_id: self.state_id,
            district_id: self.district_id.unwrap_or(0),
            set,
            margin: Margin::Both,
            day,
            department_id: self.department_id,
            channel: self.channel.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case() -> CaseFacts<'static> {
        CaseFacts {
            state_id: 1,
            district_id: Some(2),
            department_id: 3,
            category_id: 4,
            channel: "social_media",
            filed_at: 0,
            due_at: 10 * DAY_MS,
            status: "received",
            duplicate_of: None,
            reopen_count: 0,
            eta: None,
            atr_submitted: 0,
            disposal: None,
            disposed_at: None,
            verification: None,
            parts_pending: true,
        }
    }

    #[test]
    fn an_ist_day_begins_at_midnight_in_india() {
        // 1970-01-01 18:30 UTC is midnight of the 2nd in India.
        assert_eq!(ist_day(18 * 3_600_000 + 30 * 60_000 - 1), 0);
        assert_eq!(ist_day(18 * 3_600_000 + 30 * 60_000), 1);
        assert_eq!(ist_day(-IST_OFFSET_MS - 1), -1);
        assert_eq!(day_start(1), 18 * 3_600_000 + 30 * 60_000);
    }

    #[test]
    fn an_open_case_is_filed_and_due_and_a_disposed_one_filed_and_disposed() {
        let open = case().contributions(&[]);
        let sets: Vec<_> = open.iter().map(|(s, _, _)| *s).collect();
        assert_eq!(sets, [CountedSet::Filed, CountedSet::Due]);
        assert_eq!(open[0].2[..6], [1, 0, 1, 0, 1, 0]);
        assert_eq!(
            open[1].2[..3],
            [1, 0, 1],
            "open, not paused, a part pending"
        );
        let disposed = CaseFacts {
            status: "disposed",
            disposed_at: Some(12 * DAY_MS),
            disposal: Some("relief"),
            eta: Some(11 * DAY_MS),
            ..case()
        }
        .contributions(&[4]);
        let sets: Vec<_> = disposed.iter().map(|(s, _, _)| *s).collect();
        assert_eq!(sets, [CountedSet::Filed, CountedSet::Disposed]);
        assert_eq!(disposed[0].2[..6], [1, 0, 1, 1, 0, 1]);
        // Late, relief, an ETA not kept, Right to Service, 12 days.
        assert_eq!(
            disposed[1].2,
            [1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 12 * DAY_MS, 1]
        );
    }

    #[test]
    fn a_set_code_is_read_back_as_its_set_and_margin() {
        for set in CountedSet::ALL {
            for margin in Margin::ALL {
                assert_eq!(parse_set_code(&set_code(set, margin)), Some((set, margin)));
            }
        }
        assert_eq!(parse_set_code("ox"), None);
        assert_eq!(parse_set_code(""), None);
    }

    #[test]
    fn a_linked_duplicate_is_not_received_and_a_paused_case_has_no_promise_due() {
        let linked = CaseFacts {
            status: "closed",
            duplicate_of: Some(9),
            ..case()
        }
        .contributions(&[]);
        assert_eq!(linked.len(), 1);
        assert_eq!(linked[0].2, [0; COLUMNS]);
        let paused = CaseFacts {
            status: "awaiting_clarification",
            eta: Some(DAY_MS),
            ..case()
        }
        .contributions(&[]);
        let sets: Vec<_> = paused.iter().map(|(s, _, _)| *s).collect();
        assert_eq!(sets, [CountedSet::Filed, CountedSet::Due]);
        assert_eq!(paused[1].2[..2], [1, 1]);
    }
}
