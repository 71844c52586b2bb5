//! Dates for Liquid's `date` filters, on the ISO strings Quire keeps
//! (`2024-01-15`, `2024-01-15T10:30:00+01:00`, Jekyll's
//! `2024-01-15 10:30:00 +0100`) — no clock, no time zone database: a date
//! prints in the offset it was written with.

/// A calendar date and time with its UTC offset in minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct DateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// Minutes east of UTC; `None` when the text had no offset.
    pub offset: Option<i32>,
}

use crate::calendar::{DAYS, MONTHS, civil_from_days, days_from_civil, days_in_month, weekday};

fn digits(text: &str, from: usize, max: usize) -> Option<(u32, usize)> {
    let bytes = text.as_bytes();
    let mut at = from;
    let mut value: u32 = 0;
    while at < bytes.len() && at - from < max && bytes[at].is_ascii_digit() {
        value = value * 10 + u32::from(bytes[at] - b'0');
        at += 1;
    }
    (at > from).then_some((value, at))
}

/// Parses `YYYY-MM-DD` with an optional `[T ]HH:MM[:SS[.fff]]` and an
/// optional `Z`/`±HH:MM`/`±HHMM` offset. Also a Unix time in seconds.
pub(super) fn parse(text: &str) -> Option<DateTime> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.len() > 8 {
        let seconds: i64 = text.parse().ok()?;
        return Some(from_unix(seconds, Some(0)));
    }
    let (year, at) = digits(text, 0, 4)?;
    if at != 4 || text.as_bytes().get(at) != Some(&b'-') {
        return None;
    }
    let (month, at) = digits(text, at + 1, 2)?;
    if text.as_bytes().get(at) != Some(&b'-') {
        return None;
    }
    let (day, mut at) = digits(text, at + 1, 2)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(i64::from(year), month) {
        return None;
    }
    let mut date = DateTime {
        year: i64::from(year),
        month,
        day,
        hour: 0,
        minute: 0,
        second: 0,
        offset: None,
    };
    let bytes = text.as_bytes();
    if matches!(bytes.get(at), Some(b'T' | b't' | b' '))
        && let Some((hour, next)) = digits(text, at + 1, 2)
        && bytes.get(next) == Some(&b':')
        && let Some((minute, next)) = digits(text, next + 1, 2)
    {
        date.hour = hour.min(23);
        date.minute = minute.min(59);
        at = next;
        if bytes.get(at) == Some(&b':')
            && let Some((second, next)) = digits(text, at + 1, 2)
        {
            date.second = second.min(60);
            at = next;
            if bytes.get(at) == Some(&b'.') {
                at = digits(text, at + 1, 9).map_or(at + 1, |(_, next)| next);
            }
        }
        while bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        match bytes.get(at) {
            Some(b'Z' | b'z') => date.offset = Some(0),
            Some(&sign @ (b'+' | b'-')) => {
                if let Some((hours, next)) = digits(text, at + 1, 2) {
                    let minutes = match bytes.get(next) {
                        Some(b':') => digits(text, next + 1, 2).map_or(0, |(m, _)| m),
                        _ => digits(text, next, 2).map_or(0, |(m, _)| m),
                    };
                    let total = (hours * 60 + minutes) as i32;
                    date.offset = Some(if sign == b'-' { -total } else { total });
                }
            }
            _ => {}
        }
    }
    Some(date)
}

fn from_unix(seconds: i64, offset: Option<i32>) -> DateTime {
    let local = seconds + i64::from(offset.unwrap_or(0)) * 60;
    let secs = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    DateTime {
        year,
        month,
        day,
        hour: (secs / 3600) as u32,
        minute: (secs % 3600 / 60) as u32,
        second: (secs % 60) as u32,
        offset,
    }
}

impl DateTime {
    fn days(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// 1 (Monday) to 7 (Sunday).
    fn weekday(&self) -> u32 {
        weekday(self.days())
    }

    fn day_name(&self) -> &'static str {
        DAYS[self.weekday() as usize - 1]
    }

    fn day_of_year(&self) -> i64 {
        self.days() - days_from_civil(self.year, 1, 1) + 1
    }

    fn unix(&self) -> i64 {
        self.days() * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(self.offset.unwrap_or(0)) * 60
    }

    fn month_name(&self) -> &'static str {
        MONTHS[(self.month as usize).clamp(1, 12) - 1]
    }

    fn zone(&self, colon: bool) -> String {
        let offset = self.offset.unwrap_or(0);
        let sign = if offset < 0 { '-' } else { '+' };
        let (h, m) = (offset.abs() / 60, offset.abs() % 60);
        if colon {
            format!("{sign}{h:02}:{m:02}")
        } else {
            format!("{sign}{h:02}{m:02}")
        }
    }

    /// Ruby's `strftime` for the directives themes use; others print as
    /// written.
    pub fn format(&self, pattern: &str) -> String {
        let mut out = String::new();
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let mut flag = None;
            if let Some(&f @ ('-' | '_' | '0' | '^')) = chars.peek() {
                flag = Some(f);
                chars.next();
            }
            let Some(d) = chars.next() else {
                out.push('%');
                break;
            };
            let num = |value: i64, width: usize| -> String {
                match flag {
                    Some('-') => value.to_string(),
                    Some('_') => format!("{value:>width$}"),
                    _ => format!("{value:0width$}"),
                }
            };
            let hour12 = match self.hour % 12 {
                0 => 12,
                h => h,
            };
            let piece = match d {
                'Y' => self.year.to_string(),
                'C' => num(self.year / 100, 2),
                'y' => num(self.year.rem_euclid(100), 2),
                'm' => num(i64::from(self.month), 2),
                'd' => num(i64::from(self.day), 2),
                'e' => match flag {
                    Some('-') => self.day.to_string(),
                    _ => format!("{:>2}", self.day),
                },
                'j' => num(self.day_of_year(), 3),
                'B' => self.month_name().to_string(),
                'b' | 'h' => self.month_name()[..3].to_string(),
                'A' => self.day_name().to_string(),
                'a' => self.day_name()[..3].to_string(),
                'u' => self.weekday().to_string(),
                'w' => (self.weekday() % 7).to_string(),
                'H' => num(i64::from(self.hour), 2),
                'k' => format!("{:>2}", self.hour),
                'I' => num(i64::from(hour12), 2),
                'l' => match flag {
                    Some('-') => hour12.to_string(),
                    _ => format!("{hour12:>2}"),
                },
                'M' => num(i64::from(self.minute), 2),
                'S' => num(i64::from(self.second), 2),
                'L' => "000".to_string(),
                'p' => (if self.hour < 12 { "AM" } else { "PM" }).to_string(),
                'P' => (if self.hour < 12 { "am" } else { "pm" }).to_string(),
                'Z' => match self.offset {
                    Some(0) | None => "UTC".to_string(),
                    Some(_) => self.zone(false),
                },
                'z' => self.zone(false),
                's' => self.unix().to_string(),
                'F' => self.format("%Y-%m-%d"),
                'D' | 'x' => self.format("%m/%d/%y"),
                'T' | 'X' => self.format("%H:%M:%S"),
                'R' => self.format("%H:%M"),
                'r' => self.format("%I:%M:%S %p"),
                'c' => self.format("%a %b %e %H:%M:%S %Y"),
                'n' => "\n".to_string(),
                't' => "\t".to_string(),
                '%' => "%".to_string(),
                other => format!("%{}{other}", flag.map(String::from).unwrap_or_default()),
            };
            if flag == Some('^') {
                out.push_str(&piece.to_uppercase());
            } else {
                out.push_str(&piece);
            }
        }
        out
    }

    /// `2024-01-15T10:30:00+01:00`.
    pub fn xmlschema(&self) -> String {
        self.format("%Y-%m-%dT%H:%M:%S") + &self.zone(true)
    }

    /// `Mon, 15 Jan 2024 10:30:00 +0100`.
    pub fn rfc822(&self) -> String {
        self.format("%a, %d %b %Y %H:%M:%S %z")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_format_with_strftime_directives() {
        let date = parse("2024-01-15T10:30:05+01:00").unwrap();
        assert_eq!(
            date.format("%A %-d %B %Y, %H:%M:%S %z %j %a %b %e %I %p %y %m %d %%"),
            "Monday 15 January 2024, 10:30:05 +0100 015 Mon Jan 15 10 AM 24 01 15 %"
        );
        assert_eq!(date.format("%s"), "1705311005");
        assert_eq!(date.xmlschema(), "2024-01-15T10:30:05+01:00");
        assert_eq!(date.rfc822(), "Mon, 15 Jan 2024 10:30:05 +0100");
    }

    #[test]
    fn jekyll_style_dates_with_a_space_and_a_bare_offset_parse() {
        let date = parse("2020-05-27 15:20:30 +0530").unwrap();
        assert_eq!(date.offset, Some(330));
        assert_eq!(date.format("%c"), "Wed May 27 15:20:30 2020");
        assert_eq!(
            parse("2010-10-25").unwrap().format("%-m/%-d %e"),
            "10/25 25"
        );
    }

    #[test]
    fn a_unix_time_reads_as_a_utc_date_and_sunday_is_day_seven_or_zero() {
        let date = parse("1709424000").unwrap();
        assert_eq!(date.format("%Y-%m-%d %H:%M %z"), "2024-03-03 00:00 +0000");
        assert_eq!(date.format("%A %u %w %j"), "Sunday 7 0 063");
        assert_eq!(parse("-1").map(|d| d.year), None);
        assert_eq!(
            parse("1999-12-31T23:59:59-01:00").unwrap().format("%A %s"),
            "Friday 946688399"
        );
    }

    #[test]
    fn nonsense_is_not_a_date() {
        assert!(parse("yesterday").is_none());
        assert!(parse("2024-13-01").is_none());
        assert!(parse("2023-02-29").is_none());
        assert!(parse("é2024-01-01").is_none());
    }
}
