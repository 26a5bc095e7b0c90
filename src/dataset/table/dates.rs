//! How a table writes its dates, as `date_format:` declares it: never guessed, since `09/10/2023` is a
//! day in September in one export and in October in another. The day a cell names is the one it falls
//! on in UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// How a table's period cells are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Dates {
    /// Not declared: months (`2024-03`), quarters (`2024-Q1`) and days written `YYYY-MM-DD`.
    Periods,
    /// `ISO 8601`: a day (`2024-03-17`) or a date-time (`2024-03-17T00:00:00Z`, with `Z` or an offset,
    /// which is converted to UTC; one without a zone is in UTC), as FOCUS and the clouds write them.
    Iso8601,
    /// A pattern such as `MM/DD/YYYY`, `M/D/YY` or `DD.MM.YYYY`.
    Pattern { text: String, parts: Vec<Part> },
}

/// One part of a date pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    /// `YYYY`: four digits.
    Year,
    /// `YY`: two digits, in 2000–2099.
    ShortYear,
    /// `MM` (two digits) or `M` (one or two).
    Month { padded: bool },
    /// `DD` (two digits) or `D` (one or two).
    Day { padded: bool },
    /// Any other character, written as it is.
    Literal(char),
}

/// The name `date_format:` gives ISO 8601 by.
pub(super) const ISO_8601: &str = "ISO 8601";

impl Dates {
    /// The format `text` declares; the error is the hint of what can be declared.
    pub(super) fn declared(text: &str) -> Result<Dates, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case(ISO_8601) || text.eq_ignore_ascii_case("ISO8601") {
            return Ok(Dates::Iso8601);
        }
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            let (part, len) = match rest {
                r if r.starts_with("YYYY") => (Part::Year, 4),
                r if r.starts_with("YY") => (Part::ShortYear, 2),
                r if r.starts_with("MM") => (Part::Month { padded: true }, 2),
                r if r.starts_with('M') => (Part::Month { padded: false }, 1),
                r if r.starts_with("DD") => (Part::Day { padded: true }, 2),
                r if r.starts_with('D') => (Part::Day { padded: false }, 1),
                _ if c.is_ascii_alphanumeric() => return Err(Dates::choices()),
                _ => (Part::Literal(c), c.len_utf8()),
            };
            parts.push(part);
            rest = &rest[len..];
        }
        let count = |want: fn(&Part) -> bool| parts.iter().filter(|p| want(p)).count();
        let years = count(|p| matches!(p, Part::Year | Part::ShortYear));
        let (months, days) = (count(|p| matches!(p, Part::Month { .. })), count(|p| matches!(p, Part::Day { .. })));
        if (years, months, days) != (1, 1, 1) {
            return Err(Dates::choices());
        }
        Ok(Dates::Pattern { text: text.to_owned(), parts })
    }

    fn choices() -> String {
        format!(
            "a date format is `{ISO_8601}` or a pattern of `YYYY` (or `YY`), `MM` (or `M`) and `DD` (or `D`), \
             such as `MM/DD/YYYY`, `M/D/YY`, `DD.MM.YYYY` or `YYYY-MM-DD`"
        )
    }

    /// The format as `date_format:` would name it.
    pub(super) fn name(&self) -> &str {
        match self {
            Dates::Periods => "YYYY-MM-DD",
            Dates::Iso8601 => ISO_8601,
            Dates::Pattern { text, .. } => text,
        }
    }

    /// The day `text` names, if it is written in this format (`Periods`: `YYYY-MM-DD`).
    pub(super) fn day(&self, text: &str) -> Option<NaiveDate> {
        match self {
            Dates::Periods => plain_day(text),
            Dates::Iso8601 => plain_day(text).or_else(|| utc_day(text)),
            Dates::Pattern { parts, .. } => pattern_day(parts, text),
        }
    }
}

/// A day written `YYYY-MM-DD`.
fn plain_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shaped = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    shaped.then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()).flatten()
}

/// The day in UTC of an ISO 8601 date-time: with `Z`, an offset, ` UTC` (BigQuery's way), or no zone.
fn utc_day(text: &str) -> Option<NaiveDate> {
    // `T` or a space between the day and the time, as RFC 3339 allows.
    if text.len() < 16 || !matches!(text.as_bytes()[10], b'T' | b't' | b' ') {
        return None;
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.with_timezone(&Utc).date_naive());
    }
    let bare = text.strip_suffix(" UTC").or_else(|| text.strip_suffix(['Z', 'z'])).unwrap_or(text);
    let (day, time) = (&bare[..10], &bare[11..]);
    let time = if time.len() == 5 { format!("{time}:00") } else { time.to_owned() };
    NaiveDateTime::parse_from_str(&format!("{day}T{time}"), "%Y-%m-%dT%H:%M:%S%.f").ok().map(|t| t.date())
}

/// The day `text` names in the pattern of `parts`.
fn pattern_day(parts: &[Part], text: &str) -> Option<NaiveDate> {
    let (mut year, mut month, mut day) = (None, None, None);
    let mut rest = text;
    for (i, part) in parts.iter().enumerate() {
        // A part of one or two digits takes two only when the next part is not a digit.
        let digits = |n: usize| {
            let taken = rest.bytes().take(n).take_while(u8::is_ascii_digit).count();
            (taken > 0).then(|| (rest[..taken].parse::<u32>().ok(), taken))
        };
        let (value, len) = match part {
            Part::Literal(c) => {
                rest = rest.strip_prefix(*c)?;
                continue;
            }
            Part::Year => exact(digits(4)?, 4)?,
            Part::ShortYear => exact(digits(2)?, 2).map(|(y, n)| (y + 2000, n))?,
            Part::Month { padded } | Part::Day { padded } => {
                let found = digits(2)?;
                let next_is_digit = matches!(parts.get(i + 1), Some(p) if !matches!(p, Part::Literal(_)));
                if next_is_digit && !padded {
                    return None;
                }
                if *padded {
                    exact(found, 2)?
                } else {
                    (found.0?, found.1)
                }
            }
        };
        match part {
            Part::Year | Part::ShortYear => year = Some(value),
            Part::Month { .. } => month = Some(value),
            _ => day = Some(value),
        }
        rest = &rest[len..];
    }
    if !rest.is_empty() {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year?).ok()?, month?, day?)
}

/// `found` (a number and its digits) when it has exactly `n` digits.
fn exact(found: (Option<u32>, usize), n: usize) -> Option<(u32, usize)> {
    (found.1 == n).then_some(found.0).flatten().map(|v| (v, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(format: &str, text: &str) -> Option<String> {
        Dates::declared(format).unwrap().day(text).map(|d| d.to_string())
    }

    #[test]
    fn patterns_read_the_days_they_declare_and_nothing_else() {
        assert_eq!(day("MM/DD/YYYY", "09/21/2023").as_deref(), Some("2023-09-21"));
        assert_eq!(day("MM/DD/YYYY", "9/21/2023"), None, "MM is two digits");
        assert_eq!(day("M/D/YY", "4/1/25").as_deref(), Some("2025-04-01"));
        assert_eq!(day("M/D/YY", "12/31/25").as_deref(), Some("2025-12-31"));
        assert_eq!(day("M/D/YY", "4/1/2025"), None);
        assert_eq!(day("DD.MM.YYYY", "21.09.2023").as_deref(), Some("2023-09-21"));
        assert_eq!(day("DD.MM.YYYY", "09/21/2023"), None);
        assert_eq!(day("YYYY-MM-DD", "2023-02-30"), None, "no such day");
        assert_eq!(day("MM/DD/YYYY", "09/21/2023 "), None);
        for refused in ["MM/YYYY", "DD/MM/YYYY/DD", "mm/dd/yyyy", "US"] {
            assert!(Dates::declared(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn iso_8601_days_are_those_of_the_instant_in_utc() {
        let iso = |text: &str| day("ISO 8601", text);
        assert_eq!(iso("2025-04-01T00:00:00Z").as_deref(), Some("2025-04-01"));
        assert_eq!(iso("2025-04-30T23:30:00-02:00").as_deref(), Some("2025-05-01"), "an offset is made UTC");
        assert_eq!(iso("2025-04-01T00:30:00+01:00").as_deref(), Some("2025-03-31"));
        assert_eq!(iso("2025-04-01 00:00:00 UTC").as_deref(), Some("2025-04-01"));
        assert_eq!(iso("2025-04-01T00:00:00.0000000Z").as_deref(), Some("2025-04-01"));
        assert_eq!(iso("2025-04-01T10:00").as_deref(), Some("2025-04-01"));
        assert_eq!(iso("2025-04-01").as_deref(), Some("2025-04-01"));
        assert_eq!(iso("04/01/2025"), None);
        assert_eq!(iso("2025-04-01X00:00:00Z"), None);
    }
}
