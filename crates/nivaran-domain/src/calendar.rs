//! Working days. Deadlines in Indian government are counted in working days: Sundays, the second
//! and fourth Saturday of each month, and the state's listed holidays do not count.

use std::collections::BTreeSet;
use time::{Date, Duration, Weekday};

/// A state's calendar of non-working days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkingCalendar {
    holidays: BTreeSet<Date>,
}

/// A calendar with no listed holidays (Sundays and the 2nd and 4th Saturdays still rest).
pub static NO_HOLIDAYS: WorkingCalendar = WorkingCalendar {
    holidays: BTreeSet::new(),
};

impl WorkingCalendar {
    pub fn new(holidays: impl IntoIterator<Item = Date>) -> Self {
        WorkingCalendar {
            holidays: holidays.into_iter().collect(),
        }
    }

    pub fn is_holiday(&self, date: Date) -> bool {
        self.holidays.contains(&date)
    }

    pub fn is_working_day(&self, date: Date) -> bool {
        match date.weekday() {
            Weekday::Sunday => false,
            // The 2nd and 4th Saturdays fall on days 8–14 and 22–28.
            Weekday::Saturday if matches!(date.day(), 8..=14 | 22..=28) => false,
            _ => !self.holidays.contains(&date),
        }
    }

    /// The date `days` working days after `start`; `start` itself never counts, so a case filed
    /// on a holiday with a one-day deadline is due on the next working day.
    /// With `days == 0` the answer is `start`.
    pub fn add_working_days(&self, start: Date, days: u32) -> Date {
        let mut date = start;
        let mut left = days;
        while left > 0 {
            date = date.next_day().unwrap_or(date + Duration::days(1));
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// Working days in `(from, to]`; zero when `to <= from`.
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut count = 0;
        let mut date = from;
        while date < to {
            date = date.next_day().unwrap_or(date + Duration::days(1));
            if self.is_working_day(date) {
                count += 1;
            }
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn sundays_and_second_fourth_saturdays_are_off() {
        let cal = WorkingCalendar::default();
        // November 2026: Saturdays are 7, 14, 21, 28.
        assert!(cal.is_working_day(date!(2026 - 11 - 07)));
        assert!(!cal.is_working_day(date!(2026 - 11 - 14)));
        assert!(cal.is_working_day(date!(2026 - 11 - 21)));
        assert!(!cal.is_working_day(date!(2026 - 11 - 28)));
        assert!(!cal.is_working_day(date!(2026 - 11 - 22))); // Sunday
        assert!(cal.is_working_day(date!(2026 - 11 - 23))); // Monday
    }

    #[test]
    fn listed_holidays_are_off() {
        let cal = WorkingCalendar::new([date!(2026 - 01 - 26)]);
        assert!(!cal.is_working_day(date!(2026 - 01 - 26)));
        // Filed Friday 23 Jan; Sat 24 is the 4th Saturday, Sun 25, Mon 26 holiday → Tue 27.
        assert_eq!(
            cal.add_working_days(date!(2026 - 01 - 23), 1),
            date!(2026 - 01 - 27)
        );
    }

    #[test]
    fn month_and_year_ends() {
        let cal = WorkingCalendar::new([date!(2026 - 12 - 25), date!(2027 - 01 - 01)]);
        // Thu 24 Dec 2026 + 3: Fri 25 holiday, Sat 26 (4th Sat) off, Sun 27 off,
        // Mon 28, Tue 29, Wed 30.
        assert_eq!(
            cal.add_working_days(date!(2026 - 12 - 24), 3),
            date!(2026 - 12 - 30)
        );
        // Wed 30 Dec + 2: Thu 31, Fri 1 Jan holiday, Sat 2 Jan (1st Sat) works.
        assert_eq!(
            cal.add_working_days(date!(2026 - 12 - 30), 2),
            date!(2027 - 01 - 02)
        );
        // End of April (30 days) into May.
        assert_eq!(
            cal.add_working_days(date!(2026 - 04 - 30), 1),
            date!(2026 - 05 - 01)
        );
    }

    #[test]
    fn leap_years() {
        let cal = WorkingCalendar::default();
        // 2028 is a leap year: Mon 28 Feb → Tue 29 Feb.
        assert_eq!(
            cal.add_working_days(date!(2028 - 02 - 28), 1),
            date!(2028 - 02 - 29)
        );
        // 2027 is not: Fri 26 Feb + 1 → Sat 27 Feb is the 4th Saturday, so Mon 1 Mar.
        assert_eq!(
            cal.add_working_days(date!(2027 - 02 - 26), 1),
            date!(2027 - 03 - 01)
        );
        // 2100 is not a leap year although divisible by 4.
        assert_eq!(
            cal.add_working_days(date!(2100 - 02 - 26), 1),
            date!(2100 - 03 - 01)
        );
    }

    #[test]
    fn twenty_one_working_days_span_about_a_month() {
        let cal = WorkingCalendar::default();
        let due = cal.add_working_days(date!(2026 - 11 - 02), 21);
        assert_eq!(due, date!(2026 - 11 - 27));
        assert_eq!(cal.working_days_between(date!(2026 - 11 - 02), due), 21);
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (0i64..4000).prop_map(|offset| date!(2024 - 01 - 01) + Duration::days(offset))
    }

    proptest! {
        #[test]
        fn adding_then_counting_round_trips(start in any_date(), days in 0u32..120) {
            let cal = WorkingCalendar::new([date!(2026 - 08 - 15), date!(2026 - 10 - 02)]);
            let due = cal.add_working_days(start, days);
            prop_assert_eq!(cal.working_days_between(start, due), days);
            prop_assert!(days == 0 || cal.is_working_day(due));
            // Never more than 7 calendar days per 4 working days in the worst month.
            prop_assert!(due - start <= Duration::days(days as i64 * 2 + 7));
        }
    }
}
