//! The validated, immutable dataset model that every later stage reads.

use std::path::PathBuf;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::annotation::Annotation;
use crate::period::{Granularity, Period};

/// One spend dataset: `data/<id>.yaml`, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The file stem: lowercase letters, digits and `-`.
    pub id: String,
    /// The file it was read from, as given to the loader (relative to the project root).
    pub path: PathBuf,
    pub title: String,
    /// Markdown.
    pub description: Option<String>,
    pub currency: Currency,
    pub unit: Unit,
    /// 1-12; quarters are labelled fiscally when it is not 1.
    pub fiscal_year_start: u32,
    pub sources: Vec<Source>,
    /// Markdown.
    pub notes: Option<String>,
    /// Dated notes on changes to the values, oldest first.
    pub revisions: Vec<Revision>,
    /// Drawn on every chart of the dataset (where their periods are shown), in file order.
    pub annotations: Vec<Annotation>,
    pub allow_negative: bool,
    /// At least one, in file order.
    pub series: Vec<Series>,
    /// The one granularity of every period in the dataset.
    pub granularity: Granularity,
    /// The CSV file the values were read from, when they are not in the YAML.
    pub table: Option<Table>,
    /// Of the files it was read from: a dataset whose files are unchanged has the same one.
    pub fingerprint: u64,
}

/// A dated note on a change to a dataset's values (a month restated, an estimate replaced).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub date: chrono::NaiveDate,
    pub note: String,
}

/// Where a dataset's values came from when they are in a table file (or several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The first file, relative to the project root, like [`Dataset::path`].
    pub path: PathBuf,
    /// How many files were read (a glob of `files:` may match many).
    pub files: usize,
    /// How many rows went into the values.
    pub rows: usize,
    /// When the rows were added up into months or quarters.
    pub summed: Option<Granularity>,
    /// For a FOCUS export: which cost was summed, and what kinds of charge the rows were.
    pub focus: Option<FocusRows>,
}

/// Which cost of a FOCUS export a dataset sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cost {
    /// `BilledCost`: what the invoice charges, when it charges it (cash basis).
    Billed,
    /// `EffectiveCost`: with prepaid commitments spread over the periods they cover (amortised).
    Effective,
}

impl Cost {
    /// The value under `cost:`, and the FOCUS column it sums.
    pub const ALL: [(Cost, &'static str, &'static str); 2] =
        [(Cost::Billed, "billed", "BilledCost"), (Cost::Effective, "effective", "EffectiveCost")];

    /// The FOCUS column: `BilledCost`.
    pub fn column(self) -> &'static str {
        Cost::ALL.iter().find(|(c, _, _)| *c == self).map_or("", |(_, _, column)| column)
    }
}

/// What the rows of a FOCUS export that went into a dataset were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FocusRows {
    pub cost: Cost,
    /// How many rows had each `ChargeCategory` (`Usage`, `Purchase`, `Tax`, `Credit`, `Adjustment`), by name.
    pub categories: Vec<(String, usize)>,
    /// How many rows were `ChargeClass: Correction` (each kept in its own charge period).
    pub corrections: usize,
}

impl Dataset {
    /// The file the values' line numbers ([`Point::line`]) refer to: the table, or the dataset's YAML.
    pub fn values_path(&self) -> &std::path::Path {
        self.table.as_ref().map_or(&self.path, |t| &t.path)
    }

    /// An error when `p` (named `what` in the message) is a month and the dataset has quarters, or the
    /// other way round.
    pub fn check_granularity(&self, what: &str, p: Period) -> Result<(), String> {
        if p.granularity() == self.granularity {
            return Ok(());
        }
        let values = match self.granularity {
            Granularity::Month => "monthly",
            Granularity::Quarter => "quarterly",
        };
        Err(format!("{what} is a {}, but `{}` has {values} values", p.granularity().name(), self.id))
    }

    /// The series named `key`, or the only series when `key` is `None`.
    pub fn series(&self, key: Option<&str>) -> Result<&Series, String> {
        match key {
            Some(key) => self.series.iter().find(|s| s.key == key).ok_or_else(|| {
                let known: Vec<&str> = self.series.iter().map(|s| s.key.as_str()).collect();
                format!("dataset `{}` has no series `{key}` (it has: {})", self.id, known.join(", "))
            }),
            None if self.series.len() == 1 => Ok(&self.series[0]),
            None => {
                let known: Vec<&str> = self.series.iter().map(|s| s.key.as_str()).collect();
                Err(format!(
                    "dataset `{}` has {} series; name one with series=\"…\" (one of: {})",
                    self.id,
                    known.len(),
                    known.join(", ")
                ))
            }
        }
    }
}

/// A source the values (or a report's claim) come from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    pub title: String,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
}

impl Source {
    /// Whether `url` is a web address a page may link to: `https://…` or `http://…`.
    pub fn is_web_address(url: &str) -> bool {
        ["http://", "https://"].iter().any(|p| url.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p)))
    }

    /// A strict `YYYY-MM-DD` date, as `published:` is written.
    pub fn parse_date(text: &str) -> Option<NaiveDate> {
        let shaped = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
        shaped.then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()).flatten()
    }
}

/// One named series of values, e.g. `acr`.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Lowercase letters, digits, `-` and `_`.
    pub key: String,
    pub label: String,
    /// The default status of its values.
    pub status: Status,
    /// Sorted by period, no duplicates, at least one.
    pub points: Vec<Point>,
}

impl Series {
    /// The point for `period`, if the series has one.
    pub fn point(&self, period: Period) -> Option<&Point> {
        self.points.binary_search_by(|p| p.period.cmp(&period)).ok().map(|i| &self.points[i])
    }
}

/// One value of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub period: Period,
    /// Exact, in the dataset's `unit` (e.g. `61.9` million).
    pub value: Decimal,
    /// The number exactly as written in the YAML (`55.20` keeps its trailing zero), for tables and downloads.
    pub raw: String,
    pub status: Status,
    pub note: Option<String>,
    /// 1-based line of the value in the dataset file.
    pub line: usize,
}

/// How a value is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Published by a source.
    Reported,
    /// Derived from published figures by a method given in the dataset's notes.
    Estimated,
    /// Not published: chosen to illustrate, e.g. so that a published total holds.
    Illustrative,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Reported, Status::Estimated, Status::Illustrative];

    pub const fn name(self) -> &'static str {
        match self {
            Status::Reported => "reported",
            Status::Estimated => "estimated",
            Status::Illustrative => "illustrative",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.name() == text)
    }
}

/// The scale every value of a dataset is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    One,
    Thousand,
    Million,
    Billion,
}

impl Unit {
    pub const ALL: [Unit; 4] = [Unit::One, Unit::Thousand, Unit::Million, Unit::Billion];

    pub fn name(self) -> &'static str {
        match self {
            Unit::One => "one",
            Unit::Thousand => "thousand",
            Unit::Million => "million",
            Unit::Billion => "billion",
        }
    }

    pub fn parse(text: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.name() == text)
    }

    /// What one value in this unit is worth in units of one: 1, 1 000, 1 000 000 or 1 000 000 000.
    pub fn multiplier(self) -> Decimal {
        match self {
            Unit::One => Decimal::ONE,
            Unit::Thousand => Decimal::from(1_000),
            Unit::Million => Decimal::from(1_000_000),
            Unit::Billion => Decimal::from(1_000_000_000),
        }
    }
}

/// An ISO 4217 currency code such as `USD`, checked against the list of codes on load.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(pub String);

impl Currency {
    pub fn code(&self) -> &str {
        &self.0
    }

    /// How many decimals an amount has in units of one (ISO 4217): 2 for USD, 0 for JPY, 3 for BHD.
    pub fn minor_units(&self) -> u32 {
        super::currency::minor_units(&self.0)
    }
}
