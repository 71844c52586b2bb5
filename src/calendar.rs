//! Calendar arithmetic, the one home of it: days since the epoch and back,
//! leap years, day of the year, ISO weeks, on the dates the core writes
//! (`quire::normalize_date`) and on Liquid's dates. By hand, so the core
//! needs no date library (the reader's wasm stays small).

/// English month names, January first (`:long_month`, Liquid's `%B`).
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// English day names in ISO order, Monday (day 1) first.
pub(crate) const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A date as written, read into its parts: `2024-01-15`,
/// `2024-01-15T10:30:00`, `2024-01-15T10:30:00.5+01:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateParts {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// Whether a time of day was written.
    pub has_time: bool,
    /// A fraction of a second was written and is not zero.
    pub has_fraction: bool,
    /// The written offset east of UTC, in seconds (`Z` is 0).
    pub offset_seconds: Option<i32>,
}

impl DateParts {
    /// Reads any date `normalize_date` accepts; `None` if it is not a real
    /// calendar date and time.
    pub fn parse(text: &str) -> Option<DateParts> {
        let iso = crate::normalize_date(text)?;
        let b = iso.as_bytes();
        let digits = |from: usize, to: usize| -> Option<u32> {
            let part = iso.get(from..to)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = digits(0, 4)? as i32;
        let month = digits(5, 7)?;
        let day = digits(8, 10)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year.into(), month) {
            return None;
        }
        let mut parts = DateParts {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
            has_time: false,
            has_fraction: false,
            offset_seconds: None,
        };
        let rest = &iso[10..];
        if rest.is_empty() {
            return Some(parts);
        }
        let time = rest.strip_prefix('T')?;
        let tb = time.as_bytes();
        if tb.len() < 8 || tb[2] != b':' || tb[5] != b':' {
            return None;
        }
        parts.hour = digits(11, 13)?;
        parts.minute = digits(14, 16)?;
        parts.second = digits(17, 19)?;
        if parts.hour > 23 || parts.minute > 59 || parts.second > 60 {
            return None;
        }
        parts.has_time = true;
        let mut zone = &time[8..];
        if let Some(fraction) = zone.strip_prefix('.') {
            let end = fraction
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(fraction.len());
            if end == 0 {
                return None;
            }
            parts.has_fraction = fraction[..end].bytes().any(|c| c != b'0');
            zone = &fraction[end..];
        }
        parts.offset_seconds = match zone {
            "" => None,
            "Z" => Some(0),
            _ => {
                let zb = zone.as_bytes();
                let sign = match zb.first() {
                    Some(b'+') => 1,
                    Some(b'-') => -1,
                    _ => return None,
                };
                if zb.len() != 6 || zb[3] != b':' {
                    return None;
                }
                let number = |s: &str| {
                    s.bytes()
                        .all(|c| c.is_ascii_digit())
                        .then(|| s.parse::<i32>().ok())?
                };
                let (h, m) = (number(&zone[1..3])?, number(&zone[4..6])?);
                if h > 23 || m > 59 {
                    return None;
                }
                Some(sign * (h * 3600 + m * 60))
            }
        };
        Some(parts)
    }

    /// Seconds since 1970-01-01T00:00:00 of the wall-clock time as written,
    /// its offset ignored.
    pub fn wall_seconds(&self) -> i64 {
        days_from_civil(self.year.into(), self.month, self.day) * 86_400
            + i64::from(self.hour * 3600 + self.minute * 60 + self.second)
    }

    /// The day of the year, 1 to 366.
    pub fn ordinal(&self) -> u32 {
        let year = i64::from(self.year);
        (days_from_civil(year, self.month, self.day) - days_from_civil(year, 1, 1)) as u32 + 1
    }

    /// The day of the week, 1 (Monday) to 7 (Sunday).
    pub fn weekday(&self) -> u32 {
        weekday(days_from_civil(self.year.into(), self.month, self.day))
    }

    /// The ISO 8601 week-numbering year and week (1 to 53).
    pub fn iso_week(&self) -> (i32, u32) {
        let week = (self.ordinal() as i32 - self.weekday() as i32 + 10) / 7;
        if week < 1 {
            (self.year - 1, weeks_in_year(i64::from(self.year) - 1))
        } else if week as u32 > weeks_in_year(self.year.into()) {
            (self.year + 1, 1)
        } else {
            (self.year, week as u32)
        }
    }
}

/// Whether a (proleptic Gregorian) year has a February 29.
pub(crate) fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The days of `month` (1 to 12) in `year`.
pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// 1 (Monday) to 7 (Sunday) for a day counted from 1970-01-01 (a Thursday).
pub(crate) fn weekday(days: i64) -> u32 {
    ((days + 3).rem_euclid(7) + 1) as u32
}

/// 53 when the year starts on a Thursday, or is a leap year starting on a Wednesday.
fn weeks_in_year(year: i64) -> u32 {
    let first = weekday(days_from_civil(year, 1, 1));
    if first == 4 || (first == 3 && is_leap(year)) {
        53
    } else {
        52
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = year - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day counted from 1970-01-01: (year, month, day).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_dates_convert_both_ways_across_leap_years_and_the_epoch() {
        for days in [-800_000, -1, 0, 1, 59, 365, 11_016, 19_782, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
    }

    #[test]
    fn a_date_is_read_with_its_time_fraction_and_offset() {
        let d = DateParts::parse("2024-01-15 10:30:00.250 +0530").unwrap();
        assert_eq!((d.year, d.month, d.day), (2024, 1, 15));
        assert_eq!((d.hour, d.minute, d.second), (10, 30, 0));
        assert!(d.has_time && d.has_fraction);
        assert_eq!(d.offset_seconds, Some(5 * 3600 + 30 * 60));
        assert_eq!(
            DateParts::parse("2024-07-15T10:30:00Z")
                .unwrap()
                .offset_seconds,
            Some(0)
        );
        assert_eq!(DateParts::parse("2024-07-15").unwrap().offset_seconds, None);
    }

    #[test]
    fn impossible_dates_are_not_dates() {
        for text in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-01-15T25:00:00",
            "soon",
            "",
        ] {
            assert_eq!(DateParts::parse(text), None, "{text}");
        }
        assert!(DateParts::parse("2024-02-29").is_some());
    }

    #[test]
    fn iso_weeks_at_year_ends_belong_to_the_neighbouring_year() {
        let week = |t: &str| DateParts::parse(t).unwrap().iso_week();
        assert_eq!(week("2021-01-03"), (2020, 53));
        assert_eq!(week("2024-12-30"), (2025, 1));
        assert_eq!(week("2024-03-07"), (2024, 10));
        assert_eq!(DateParts::parse("2024-03-07").unwrap().weekday(), 4);
        assert_eq!(DateParts::parse("2024-12-31").unwrap().ordinal(), 366);
    }
}
