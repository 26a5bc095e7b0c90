//! The figures manifest: `figures.json` in every built site, which lists every figure a report shows
//! (its expression, exact value, text, inputs, periods and statuses, and where it stands in the
//! source), every claim, every chart and every dataset value. `spendsite diff` compares two of them;
//! other tools can read it too (docs/manifest.md describes the format).
//!
//! A figure's identity is its report, its expression (whitespace runs made one space) and which
//! occurrence of that expression it is: editing the prose around it, or moving it, keeps it. The id is
//! made where the figure is shown (`expr`) and carried here.
//!
//! This module is the format alone, and imports no stage: `render` makes the entries, `diff` compares
//! them.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::period::Period;

/// What a manifest says it is; a reader checks both fields.
pub const FORMAT: &str = "spendsite-figures";
/// Raised when a field changes meaning or goes away; new fields do not raise it.
pub const VERSION: u32 = 1;

/// The file in the site root.
pub const FILE: &str = "figures.json";

/// How the file starts: its `format` and `version` (a test checks that they are [`FORMAT`] and
/// [`VERSION`]).
const HEAD: &str = "{\"format\":\"spendsite-figures\",\"version\":1,\"reports\":[";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// Sorted by slug.
    pub reports: Vec<Report>,
    /// Sorted by id.
    pub datasets: Vec<DatasetValues>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub slug: String,
    /// The report's file, from the project root: `content/walmart.md`.
    pub source: String,
    pub title: String,
    pub lang: String,
    pub date: String,
    pub draft: bool,
    /// Its `updates:`, oldest first.
    pub updates: Vec<Update>,
    /// The figures of the body, in the order they are shown.
    pub figures: Vec<Figure>,
    pub headline: Option<Figure>,
    pub claims: Vec<Claim>,
    pub charts: Vec<Chart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Update {
    pub date: String,
    pub note: String,
}

impl Update {
    pub(crate) fn new(date: chrono::NaiveDate, note: &str) -> Update {
        Update { date: date.format("%Y-%m-%d").to_string(), note: note.to_owned() }
    }
}

/// A file of the project as the manifest names it: from the root, `/`-separated.
pub(crate) fn source(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// A figure a build marks as revised where it stands: since when, and what it was.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Revision {
    pub date: chrono::NaiveDate,
    /// As the page showed it before.
    pub was: String,
}

/// The revised figures of each report, by slug and figure id.
pub type Revisions = BTreeMap<String, BTreeMap<String, Revision>>;

/// One shown figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// `expr#n`: the n-th figure (from 1) of this report shown by this expression.
    pub id: String,
    pub expr: String,
    /// 1-based, in `source`.
    pub line: usize,
    pub col: usize,
    /// `sum`, `mean`, …
    pub function: String,
    /// Exact, as a decimal string: in `unit`s of `currency` for money, percentage points for a percent.
    pub value: String,
    /// `money`, `percent` or `count`.
    pub quantity: String,
    pub currency: Option<String>,
    /// `one`, `thousand`, `million`, `billion`, for money.
    pub unit: Option<String>,
    /// As the page shows it: `$580.4 million`.
    pub text: String,
    /// `dataset/series` of every input.
    pub inputs: Vec<String>,
    /// Every period whose value went in: `2023-07`, `2023-Q3`.
    pub periods: Vec<Period>,
    /// The period the figure points at (where a maximum is, `value`'s `at`), if any.
    pub period: Option<Period>,
    /// The statuses of its inputs other than `reported`.
    pub caveats: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub says: String,
    pub expr: String,
    /// What the data gives; equal to `says` in a built site.
    pub computed: String,
    pub line: usize,
    pub col: usize,
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chart {
    pub id: String,
    pub dataset: String,
    /// The series it draws; their values are those of the dataset's entry from `from` to `to`.
    pub series: Vec<String>,
    pub from: Option<Period>,
    pub to: Option<Period>,
}

/// Every value of one dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetValues {
    pub id: String,
    pub source: String,
    pub title: String,
    pub currency: String,
    pub unit: String,
    /// Its `revisions:`, oldest first.
    pub revisions: Vec<Update>,
    pub series: Vec<SeriesValues>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesValues {
    pub key: String,
    pub label: String,
    /// By period, in order.
    pub values: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Value {
    pub period: Period,
    /// As written in the dataset.
    pub value: String,
    pub status: String,
}

impl Manifest {
    /// The file, as the pieces to write one after the other, from each report's line
    /// ([`Report::line`], in slug order) and each dataset's ([`DatasetValues::line`], in id order):
    /// compact JSON with each report and each dataset on a line of its own, so that a line diff of two
    /// manifests shows which changed; fields in a fixed order; ending in a newline. (In pieces, so that a
    /// build writes a large site's manifest without a copy of it in memory.)
    pub(crate) fn pieces<'l>(
        reports: impl Iterator<Item = &'l str>,
        datasets: impl Iterator<Item = &'l str>,
    ) -> Vec<&'l [u8]> {
        fn lines<'l>(out: &mut Vec<&'l [u8]>, items: impl Iterator<Item = &'l str>) {
            for (i, item) in items.enumerate() {
                out.push(if i == 0 { b"\n" } else { b",\n" });
                out.push(item.as_bytes());
            }
            out.push(b"\n]");
        }
        let mut out: Vec<&[u8]> = vec![HEAD.as_bytes()];
        lines(&mut out, reports);
        out.push(b",\"datasets\":[");
        lines(&mut out, datasets);
        out.push(b"}\n");
        out
    }

    /// Reads `figures.json` from a built site's folder (or the file itself).
    pub fn read(path: &Path) -> Result<Manifest, String> {
        let file = if path.is_dir() { path.join(FILE) } else { path.to_owned() };
        let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        Manifest::parse(&text).map_err(|e| format!("{}: {e}", file.display()))
    }

    /// A manifest from its text; refuses another format or version.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let manifest: Manifest = serde_json::from_str(text).map_err(|e| format!("not a figures manifest: {e}"))?;
        if manifest.format != FORMAT || manifest.version != VERSION {
            return Err(format!(
                "a `{}` manifest of version {}; this spendsite reads `{FORMAT}` version {VERSION}",
                manifest.format, manifest.version
            ));
        }
        Ok(manifest)
    }
}

impl Report {
    /// The report's line in the file.
    pub(crate) fn line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl DatasetValues {
    /// The dataset's line in the file.
    pub(crate) fn line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_starts_with_its_format_and_version_and_parses_back() {
        assert_eq!(
            HEAD,
            format!("{{\"format\":{},\"version\":{VERSION},\"reports\":[", serde_json::to_string(FORMAT).unwrap())
        );
        let empty: Vec<u8> = Manifest::pieces(std::iter::empty(), std::iter::empty()).concat();
        let text = String::from_utf8(empty).unwrap();
        assert_eq!(text, "{\"format\":\"spendsite-figures\",\"version\":1,\"reports\":[\n],\"datasets\":[\n]}\n");
        assert_eq!(Manifest::parse(&text).unwrap().reports, []);
        assert!(Manifest::parse(&text.replace(":1,", ":2,")).unwrap_err().contains("version 2"));
    }
}
