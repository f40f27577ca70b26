//! Time: a [`Timestamp`] newtype (milliseconds since the Unix epoch, UTC) and the [`Clock`] that
//! hands out "now". Storage keeps timestamps as integers so they order the same on every engine.

use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicI64, Ordering};
use time::{Date, OffsetDateTime, UtcOffset};

/// India Standard Time; deadlines and dates shown to people are in IST.
pub const IST: UtcOffset = match UtcOffset::from_hms(5, 30, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("IST offset is valid"),
};

/// An instant, in milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn from_datetime(datetime: OffsetDateTime) -> Self {
        Timestamp((datetime.unix_timestamp_nanos() / 1_000_000) as i64)
    }

    pub fn to_datetime(self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp_nanos(self.0 as i128 * 1_000_000)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// The calendar date of this instant in India.
    pub fn ist_date(self) -> Date {
        self.to_datetime().to_offset(IST).date()
    }

    /// The last millisecond of `date` in India: a deadline "on" a day lasts the whole day.
    pub fn end_of_ist_day(date: Date) -> Self {
        let end = date
            .with_hms_milli(23, 59, 59, 999)
            .expect("23:59:59.999 is a valid time")
            .assume_offset(IST);
        Timestamp::from_datetime(end)
    }

    /// The first millisecond of `date` in India.
    pub fn start_of_ist_day(date: Date) -> Self {
        Timestamp::from_datetime(date.midnight().assume_offset(IST))
    }

    pub fn plus_days(self, days: i64) -> Self {
        Timestamp(self.0 + days * 86_400_000)
    }

    /// RFC 3339 in UTC, for JSON.
    pub fn to_rfc3339(self) -> String {
        self.to_datetime()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    }

    /// Reads an RFC 3339 / W3C date-time, which must carry its offset (Z or ±HH:MM).
    pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
        OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
            .ok()
            .map(Timestamp::from_datetime)
    }

    /// RFC 3339 in Indian time (+05:30): what Open311 clients show to people.
    pub fn to_rfc3339_ist(self) -> String {
        self.to_datetime()
            .to_offset(IST)
            .replace_nanosecond(0)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Timestamp) -> i64 {
        (later.0 - self.0).div_euclid(86_400_000)
    }
}

/// Where "now" comes from. Production uses [`SystemClock`]; tests use [`ManualClock`].
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Timestamp;
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_datetime(OffsetDateTime::now_utc())
    }
}

/// A clock that only moves when told to.
#[derive(Debug)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(start: Timestamp) -> Self {
        ManualClock(AtomicI64::new(start.0))
    }
    pub fn set(&self, to: Timestamp) {
        self.0.store(to.0, Ordering::SeqCst);
    }
    pub fn advance_days(&self, days: i64) {
        self.0.fetch_add(days * 86_400_000, Ordering::SeqCst);
    }
    pub fn advance_millis(&self, millis: i64) {
        self.0.fetch_add(millis, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.0.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn ist_day_boundaries() {
        // 2026-03-31 20:00 UTC is already 1 April in India.
        let t = Timestamp::from_datetime(datetime!(2026-03-31 20:00 UTC));
        assert_eq!(t.ist_date(), date!(2026 - 04 - 01));
        let end = Timestamp::end_of_ist_day(date!(2026 - 04 - 01));
        assert_eq!(end.ist_date(), date!(2026 - 04 - 01));
        assert_eq!(Timestamp(end.0 + 1).ist_date(), date!(2026 - 04 - 02));
        assert_eq!(
            Timestamp::start_of_ist_day(date!(2026 - 04 - 02)),
            Timestamp(end.0 + 1)
        );
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::new(Timestamp(1000));
        assert_eq!(clock.now(), Timestamp(1000));
        clock.advance_days(1);
        assert_eq!(clock.now(), Timestamp(1000 + 86_400_000));
    }
}
