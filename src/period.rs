//! Periods: the calendar month or quarter a value belongs to.
//!
//! Keys are always calendar periods (`2023-07`, `2024-Q2`); fiscal labels are a matter of formatting
//! (see `figures::format`). A dataset holds one granularity, so comparing a month with a quarter never
//! happens in a valid site; the derived order still sorts them deterministically.

use std::fmt;

/// Months or quarters: the one granularity a dataset uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Granularity {
    Month,
    Quarter,
}

impl Granularity {
    /// Periods in a year: 12 or 4, used to annualise a run rate.
    pub fn per_year(self) -> u32 {
        match self {
            Granularity::Month => 12,
            Granularity::Quarter => 4,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
        }
    }
}

/// A calendar month (`2023-07`) or quarter (`2024-Q2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// `month` is 1-12.
    Month { year: i32, month: u32 },
    /// `quarter` is 1-4.
    Quarter { year: i32, quarter: u32 },
}

impl Period {
    /// Parses `YYYY-MM` or `YYYY-Qn`, strictly: `2023-7`, `23-07`, `2023-13` and `2023-Q5` are errors.
    pub fn parse(text: &str) -> Result<Period, String> {
        let bad = || {
            format!("invalid period `{text}`: expected a month `YYYY-MM` (e.g. 2023-07) or a quarter `YYYY-Qn` (e.g. 2024-Q2)")
        };
        let (year, rest) = text.split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        if let Some(q) = rest.strip_prefix('Q') {
            return match q {
                "1" | "2" | "3" | "4" => Ok(Period::Quarter { year, quarter: q.parse().map_err(|_| bad())? }),
                _ => Err(format!("invalid quarter `{text}`: quarters are Q1 to Q4")),
            };
        }
        if rest.len() != 2 || !rest.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        match rest.parse::<u32>() {
            Ok(month @ 1..=12) => Ok(Period::Month { year, month }),
            _ => Err(format!("invalid month `{text}`: months are 01 to 12")),
        }
    }

    pub fn granularity(self) -> Granularity {
        match self {
            Period::Month { .. } => Granularity::Month,
            Period::Quarter { .. } => Granularity::Quarter,
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Month { year, .. } | Period::Quarter { year, .. } => year,
        }
    }

    /// A running number: consecutive periods of one granularity differ by one.
    pub fn ordinal(self) -> i64 {
        match self {
            Period::Month { year, month } => i64::from(year) * 12 + i64::from(month) - 1,
            Period::Quarter { year, quarter } => i64::from(year) * 4 + i64::from(quarter) - 1,
        }
    }

    /// The period after this one, of the same granularity.
    pub fn next(self) -> Period {
        match self {
            Period::Month { year, month: 12 } => Period::Month { year: year + 1, month: 1 },
            Period::Month { year, month } => Period::Month { year, month: month + 1 },
            Period::Quarter { year, quarter: 4 } => Period::Quarter { year: year + 1, quarter: 1 },
            Period::Quarter { year, quarter } => Period::Quarter { year, quarter: quarter + 1 },
        }
    }

    /// The same period a year earlier: `2023-07` for `2024-07`, `2023-Q2` for `2024-Q2`.
    pub fn year_earlier(self) -> Period {
        match self {
            Period::Month { year, month } => Period::Month { year: year - 1, month },
            Period::Quarter { year, quarter } => Period::Quarter { year: year - 1, quarter },
        }
    }

    /// The key as written in a dataset: `2023-07` or `2024-Q2`.
    pub fn key(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Years have four digits (the parser takes no other), so the key is written by hand: manifests
        // and downloads write many.
        let (year, rest) = match *self {
            Period::Month { year, month } => (year, [b'0' + (month / 10) as u8, b'0' + (month % 10) as u8]),
            Period::Quarter { year, quarter } => (year, [b'Q', b'0' + quarter as u8]),
        };
        if !(0..=9999).contains(&year) {
            return match self {
                Period::Month { month, .. } => write!(f, "{year:04}-{month:02}"),
                Period::Quarter { quarter, .. } => write!(f, "{year:04}-Q{quarter}"),
            };
        }
        let y = year as u32;
        let digit = |d: u32| b'0' + (d % 10) as u8;
        let key = [digit(y / 1000), digit(y / 100), digit(y / 10), digit(y), b'-', rest[0], rest[1]];
        f.write_str(std::str::from_utf8(&key).map_err(|_| fmt::Error)?)
    }
}

/// Written as its key (`2023-07`), as in a dataset and the figures manifest.
impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Period, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Period::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_months_and_quarters() {
        assert_eq!(Period::parse("2023-07"), Ok(Period::Month { year: 2023, month: 7 }));
        assert_eq!(Period::parse("2024-Q2"), Ok(Period::Quarter { year: 2024, quarter: 2 }));
        assert_eq!(Period::parse("2024-Q2").unwrap().to_string(), "2024-Q2");
    }

    #[test]
    fn rejects_malformed_periods() {
        for bad in ["2023-13", "2023-7", "2023-Q5", "23-07", "2023-00", "2023", "2023-Q0", "abcd-01", "2023-07-01"] {
            assert!(Period::parse(bad).is_err(), "{bad} should be rejected");
        }
        assert_eq!(Period::parse("2023-13").unwrap_err(), "invalid month `2023-13`: months are 01 to 12");
    }

    #[test]
    fn steps_across_year_ends() {
        assert_eq!(Period::parse("2023-12").unwrap().next(), Period::parse("2024-01").unwrap());
        assert_eq!(Period::parse("2023-Q4").unwrap().next(), Period::parse("2024-Q1").unwrap());
        let (a, b) = (Period::parse("2023-07").unwrap(), Period::parse("2024-05").unwrap());
        assert_eq!(b.ordinal() - a.ordinal(), 10);
    }
}
