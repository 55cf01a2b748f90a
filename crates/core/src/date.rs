//! Partial calendar dates (`2025`, `2025-06`, `2025-06-13`) and the intervals they stand for.

use std::fmt;
use std::str::FromStr;

/// A day counted from 1970-01-01 (negative before it); used to compare date intervals.
pub type DayNumber = i32;

/// A date known to the year, the month or the day.
///
/// A partial date stands for the whole interval it names: `2025` is every day of 2025.
/// Dates order by the first day of their interval, then coarser before finer.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "(u16, u8, u8)", into = "(u16, u8, u8)"))]
pub struct PartialDate {
    year: u16,
    /// 1-12, or 0 when only the year is known.
    month: u8,
    /// 1-31, or 0 when the day is not known.
    day: u8,
}

/// Why a string is not a valid [`PartialDate`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("`{0}` is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")]
    Malformed(String),
    /// The year is outside 1..=9999.
    #[error("year {0} is out of range (1 to 9999)")]
    Year(u32),
    /// The month is outside 1..=12.
    #[error("month {0} does not exist (1 to 12)")]
    Month(u32),
    /// The day does not exist in that month.
    #[error("day {day} does not exist in {year:04}-{month:02}, which has {max} days")]
    Day {
        /// The year.
        year: u16,
        /// The month.
        month: u8,
        /// The day given.
        day: u32,
        /// The number of days in that month.
        max: u8,
    },
}

impl PartialDate {
    /// A year-only date.
    pub fn year(year: u16) -> Result<Self, DateError> {
        if !(1..=9999).contains(&year) {
            return Err(DateError::Year(year.into()));
        }
        Ok(Self { year, month: 0, day: 0 })
    }

    /// A year-and-month date.
    pub fn month(year: u16, month: u8) -> Result<Self, DateError> {
        let y = Self::year(year)?;
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month.into()));
        }
        Ok(Self { month, ..y })
    }

    /// A full date.
    pub fn day(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        let m = Self::month(year, month)?;
        let max = days_in_month(year, month);
        if day == 0 || day > max {
            return Err(DateError::Day { year, month, day: day.into(), max });
        }
        Ok(Self { day, ..m })
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let malformed = || DateError::Malformed(text.to_owned());
        let b = text.as_bytes();
        // The number written by the ASCII digits at `range`, if they all are.
        let number = |range: std::ops::Range<usize>| -> Result<u16, DateError> {
            b[range].iter().try_fold(0u16, |n, &c| {
                if c.is_ascii_digit() { Ok(n * 10 + u16::from(c - b'0')) } else { Err(malformed()) }
            })
        };
        let dash = |at: usize| if b[at] == b'-' { Ok(()) } else { Err(malformed()) };
        match b.len() {
            4 => Self::year(number(0..4)?),
            7 => {
                dash(4)?;
                // Two digits always fit in u8.
                Self::month(number(0..4)?, number(5..7)? as u8)
            }
            10 => {
                dash(4)?;
                dash(7)?;
                let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
                if !(1..=12).contains(&month) {
                    return Err(DateError::Month(month.into()));
                }
                Self::day(year, month as u8, day as u8)
            }
            _ => Err(malformed()),
        }
    }

    /// The year.
    pub fn year_part(self) -> u16 {
        self.year
    }

    /// The month, when known.
    pub fn month_part(self) -> Option<u8> {
        (self.month != 0).then_some(self.month)
    }

    /// The day of the month, when known.
    pub fn day_part(self) -> Option<u8> {
        (self.day != 0).then_some(self.day)
    }

    /// The first day of the interval this date stands for.
    pub fn first_day(self) -> DayNumber {
        days_from_civil(self.year, self.month.max(1), self.day.max(1))
    }

    /// The last day of the interval this date stands for.
    pub fn last_day(self) -> DayNumber {
        let month = if self.month == 0 { 12 } else { self.month };
        let day = if self.day == 0 { days_in_month(self.year, month) } else { self.day };
        days_from_civil(self.year, month, day)
    }

    /// Whether the intervals of two dates share at least one day.
    pub fn overlaps(self, other: PartialDate) -> bool {
        self.first_day() <= other.last_day() && other.first_day() <= self.last_day()
    }
}

impl FromStr for PartialDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, DateError> {
        Self::parse(s)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month != 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day != 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.year, self.month, self.day).cmp(&(other.year, other.month, other.day))
    }
}

/// A closed interval of days, either end open when unknown; what a relation's
/// `since`/`until` pair stands for.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Span {
    /// First day, or `None` for "since always".
    pub from: Option<DayNumber>,
    /// Last day, or `None` for "still".
    pub to: Option<DayNumber>,
}

impl Span {
    /// An empty interval, which holds at no date.
    pub const NEVER: Span = Span { from: Some(DayNumber::MAX), to: Some(DayNumber::MIN) };

    /// The interval from the start of `since` to the end of `until`.
    pub fn new(since: Option<PartialDate>, until: Option<PartialDate>) -> Self {
        Self { from: since.map(PartialDate::first_day), to: until.map(PartialDate::last_day) }
    }

    /// Whether this interval shares at least one day with the interval of `date`.
    pub fn holds_at(self, date: PartialDate) -> bool {
        self.from.is_none_or(|f| f <= date.last_day()) && self.to.is_none_or(|t| t >= date.first_day())
    }
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// The number of days in a month (1-12) of a year.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: u16, month: u8, day: u8) -> DayNumber {
    let y = i32::from(year) - i32::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i32::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i32::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl From<PartialDate> for (u16, u8, u8) {
    fn from(d: PartialDate) -> Self {
        (d.year, d.month, d.day)
    }
}

impl TryFrom<(u16, u8, u8)> for PartialDate {
    type Error = DateError;

    /// A date from its year, month (0 when unknown) and day (0 when unknown), checked.
    fn try_from((year, month, day): (u16, u8, u8)) -> Result<Self, DateError> {
        match (month, day) {
            (0, 0) => PartialDate::year(year),
            (m, 0) => PartialDate::month(year, m),
            (0, _) => Err(DateError::Malformed(format!("{year:04}-00-{day:02}"))),
            (m, d) => PartialDate::day(year, m, d),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The plain reading of the format, split at the dashes: the reference for `parse`.
    fn parse_by_parts(text: &str) -> Result<PartialDate, DateError> {
        let malformed = || DateError::Malformed(text.to_owned());
        let mut parts = text.split('-');
        let number = |part: Option<&str>, len: usize| -> Result<Option<u32>, DateError> {
            match part {
                None => Ok(None),
                Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => Ok(p.parse().ok()),
                Some(_) => Err(malformed()),
            }
        };
        let year = number(parts.next(), 4)?.ok_or_else(malformed)? as u16;
        let month = number(parts.next(), 2)?;
        let day = number(parts.next(), 2)?;
        if parts.next().is_some() {
            return Err(malformed());
        }
        match (month, day) {
            (None, _) => PartialDate::year(year),
            (Some(m), None) => PartialDate::month(year, m as u8),
            (Some(m), Some(d)) => {
                if !(1..=12).contains(&m) {
                    return Err(DateError::Month(m));
                }
                PartialDate::day(year, m as u8, d as u8)
            }
        }
    }

    proptest! {
        #[test]
        fn parse_agrees_with_the_reading_by_parts(text in "[0-9-]{0,11}|[0-9]{4}-[0-9]{2}(-[0-9]{2})?|.{0,10}") {
            prop_assert_eq!(PartialDate::parse(&text), parse_by_parts(&text));
        }
    }

    #[test]
    fn parses_the_three_precisions() {
        assert_eq!(PartialDate::parse("2025").unwrap().to_string(), "2025");
        assert_eq!(PartialDate::parse("2025-06").unwrap().to_string(), "2025-06");
        assert_eq!(PartialDate::parse("2025-06-13").unwrap().to_string(), "2025-06-13");
    }

    #[test]
    fn rejects_malformed_and_impossible_dates() {
        for bad in ["", "25", "2025/06", "2025-6", "2025-06-1", "2025-06-13-01", "２０２５", "-2025", "2025-"] {
            assert!(matches!(PartialDate::parse(bad), Err(DateError::Malformed(_))), "{bad:?}");
        }
        assert_eq!(PartialDate::parse("0000"), Err(DateError::Year(0)));
        assert_eq!(PartialDate::parse("2025-13"), Err(DateError::Month(13)));
        assert_eq!(PartialDate::parse("2025-00-10"), Err(DateError::Month(0)));
        assert!(matches!(PartialDate::parse("2025-02-29"), Err(DateError::Day { max: 28, .. })));
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert!(matches!(PartialDate::parse("2025-04-31"), Err(DateError::Day { max: 30, .. })));
    }

    #[test]
    fn day_numbers_match_known_dates() {
        assert_eq!(PartialDate::parse("1970-01-01").unwrap().first_day(), 0);
        assert_eq!(PartialDate::parse("2000-03-01").unwrap().first_day(), 11_017);
        let y = PartialDate::parse("2024").unwrap();
        assert_eq!(y.last_day() - y.first_day(), 365);
    }

    #[test]
    fn partial_dates_are_intervals() {
        let year = PartialDate::parse("2025").unwrap();
        let june = PartialDate::parse("2025-06").unwrap();
        assert!(year.overlaps(june) && june.overlaps(year));
        assert!(!PartialDate::parse("2024").unwrap().overlaps(june));
        let span = Span::new(Some(year), None);
        assert!(span.holds_at(june));
        assert!(!span.holds_at(PartialDate::parse("2024-12-31").unwrap()));
        let ended = Span::new(None, Some(PartialDate::parse("2024").unwrap()));
        assert!(!ended.holds_at(year));
        assert!(ended.holds_at(PartialDate::parse("1990").unwrap()));
    }

    #[test]
    fn every_day_round_trips_through_first_and_last() {
        for year in [1u16, 1900, 2000, 2023, 2024, 9999] {
            let mut previous = None;
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    let d = PartialDate::day(year, month, day).unwrap();
                    assert_eq!(d.first_day(), d.last_day());
                    if let Some(p) = previous {
                        assert_eq!(d.first_day(), p + 1, "{d}");
                    }
                    previous = Some(d.first_day());
                }
            }
        }
    }
}
