//! The period a dashboard covers: whole IST days, parsed from what people type.

use super::*;
use nivaran_domain::ErrorCode;
use nivaran_domain::msg;

/// A period of whole days (IST), both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    pub fn start(&self) -> Timestamp {
        Timestamp::start_of_ist_day(self.from)
    }

    /// The first instant after the period.
    pub fn end(&self) -> Timestamp {
        Timestamp::start_of_ist_day(self.to).plus_days(1)
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).whole_days() + 1
    }

    /// The period of the same length just before this one (for "change since last period").
    pub fn previous(&self) -> Period {
        let days = time::Duration::days(self.days());
        Period {
            from: self.from - days,
            to: self.to - days,
        }
    }

    /// The last `days` days up to and including `today`.
    pub fn last_days(today: Date, days: i64) -> Period {
        Period {
            from: today - time::Duration::days(days - 1),
            to: today,
        }
    }

    /// Reads a period from its two ends; an end left empty is that of the last `default_days`.
    pub fn parse(from: &str, to: &str, today: Date, default_days: i64) -> Result<Period> {
        let date = crate::store::grievances::date_filter;
        let default = Period::last_days(today, default_days);
        let from = if from.trim().is_empty() {
            default.from
        } else {
            date("from", from)?
        };
        let to = if to.trim().is_empty() {
            default.to
        } else {
            date("to", to)?
        };
        if from > to {
            return Err(FieldError::new(
                "to",
                ErrorCode::PeriodReversed,
                msg!("store-stats-period-reversed"),
            )
            .into());
        }
        let earliest =
            time::Date::from_calendar_date(2000, time::Month::January, 1).expect("a valid date");
        if from < earliest || to > today + time::Duration::days(366) {
            return Err(FieldError::new(
                "from",
                ErrorCode::PeriodOutOfRange,
                msg!("store-stats-period-out-of-range"),
            )
            .into());
        }
        if (to - from).whole_days() > 3 * 366 {
            return Err(FieldError::new(
                "from",
                ErrorCode::PeriodTooLong,
                msg!("store-stats-period-too-long"),
            )
            .into());
        }
        Ok(Period { from, to })
    }
}
