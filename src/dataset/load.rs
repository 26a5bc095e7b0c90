//! Loading datasets: every `data/*.yaml` file of a site into a validated [`Dataset`], with all diagnostics.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use super::model::Dataset;
use super::raw::RawDataset;
use super::validate;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs::{fingerprint, Input, Opened, Sources, Tables};
use crate::layout::{Folder, DATASET_EXTS};
use crate::yaml::Document;

/// Parses and validates one dataset file whose values are in it (not in a table). `path` is the path shown
/// in diagnostics and kept in [`Dataset::path`]; its file stem is the dataset id.
///
/// Returns the dataset with its warnings (gaps), or every error found in the file, each list sorted by
/// position. A file with errors gets no gap warnings: a value that failed to parse would show up as a gap.
pub fn parse(path: &Path, text: &str) -> Result<(Dataset, Diagnostics), Diagnostics> {
    parse_with(path, text, &NoTables)
}

/// No tables: a dataset parsed on its own.
struct NoTables;

impl Tables for NoTables {
    fn list(&self, _: &Path) -> Vec<PathBuf> {
        Vec::new()
    }

    fn open(&self, rel: &Path) -> Result<(Opened, u64), Diagnostic> {
        Err(Diagnostic::error(rel, "tables are read only when the dataset is loaded from a project folder"))
    }
}

/// [`parse`], reading the files a `table:` names from `tables`.
pub(crate) fn parse_with(path: &Path, text: &str, tables: &dyn Tables) -> Result<(Dataset, Diagnostics), Diagnostics> {
    if is_blank(text) {
        let hint = "a dataset needs at least `title`, `currency`, `sources` and `series`; see docs/format.md";
        return Err(Diagnostic::error(path, "the file is empty").with_hint(hint).into());
    }
    // One scan of the lines serves the precheck, the placing of serde's errors and the validation.
    let doc = Document::whole(path, text);
    doc.precheck("datasets", "a dataset needs at most two levels, as in `2023-07: { value: 1, note: x }`")?;
    let raw: RawDataset = doc.parse()?;
    match validate::dataset(doc, raw, tables) {
        Ok((dataset, mut warnings)) => {
            warnings.sort();
            Ok((dataset, warnings))
        }
        // Collecting into `Diagnostics` sorts them.
        Err(errors) => Err(errors.into_iter().filter(Diagnostic::is_error).collect()),
    }
}

/// What [`load_dir`] found: the valid datasets, the files that had errors, and every diagnostic.
#[derive(Debug, Default)]
pub struct Loaded {
    pub datasets: Vec<Arc<Dataset>>,
    /// The id (file stem) and path of every dataset file with errors.
    pub broken: BTreeMap<String, PathBuf>,
    /// Sorted by file and position.
    pub diags: Diagnostics,
}

/// A dataset file's result: the dataset with its warnings, or its errors.
pub(crate) type FileResult = Result<(Arc<Dataset>, Diagnostics), Diagnostics>;

/// Loads every `root/data/*.yaml` (and `*.yml`) file, in file-name order.
///
/// A site without a `data/` folder has no datasets, which is not an error.
pub fn load_dir(root: &Path) -> Loaded {
    let sources = Sources::scan(root);
    let files = match files(&sources) {
        Ok(files) => files,
        Err(diags) => return Loaded { diags, ..Loaded::default() },
    };
    let results = files.par_iter().map(|(rel, input)| (*rel, load_file(rel, input, &sources))).collect();
    collect(results)
}

/// The dataset files of a project: those directly in `data/`, in path order.
pub(crate) fn files(sources: &Sources) -> Result<Vec<(&Path, &Input)>, Diagnostics> {
    let files = sources.under(Folder::Data, &DATASET_EXTS)?;
    Ok(files.into_iter().filter(|(rel, _)| rel.parent() == Some(Folder::Data.path())).collect())
}

/// One dataset file as read (`input`), with the tables it names read from `tables`. Its fingerprint is
/// that of its text and of the stamp of every table it read.
pub(crate) fn load_file(rel: &Path, input: &Input, tables: &dyn Tables) -> FileResult {
    let text = input.text.clone().map_err(Diagnostics::from)?;
    let opened = Opening { tables, stamps: Mutex::new(Vec::new()) };
    let (mut dataset, warnings) = parse_with(rel, &text, &opened)?;
    let stamps = opened.stamps.into_inner().unwrap_or_else(PoisonError::into_inner);
    dataset.fingerprint = fingerprint(&(input.fingerprint, stamps));
    Ok((Arc::new(dataset), warnings))
}

/// Tables, with the stamp of each one opened kept.
struct Opening<'t> {
    tables: &'t dyn Tables,
    stamps: Mutex<Vec<(PathBuf, u64)>>,
}

impl Tables for Opening<'_> {
    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        self.tables.list(dir)
    }

    fn open(&self, rel: &Path) -> Result<(Opened, u64), Diagnostic> {
        let (opened, stamp) = self.tables.open(rel)?;
        self.stamps.lock().unwrap_or_else(PoisonError::into_inner).push((rel.to_owned(), stamp));
        Ok((opened, stamp))
    }
}

/// The datasets of `results` (each file's, in path order): the first of each id, and the files that had
/// errors, with every diagnostic sorted.
pub(crate) fn collect(results: Vec<(&Path, FileResult)>) -> Loaded {
    let mut loaded = Loaded::default();
    for (rel, result) in results {
        match result {
            Ok((dataset, warnings)) => {
                loaded.diags.extend(warnings);
                match loaded.datasets.iter().find(|d| d.id == dataset.id) {
                    Some(first) => loaded.diags.push(same_id(&dataset, first)),
                    None => loaded.datasets.push(dataset),
                }
            }
            Err(errors) => {
                let id = rel.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
                loaded.broken.insert(id, rel.to_owned());
                loaded.diags.extend(errors);
            }
        }
    }
    loaded.diags.sort();
    loaded
}

fn same_id(dataset: &Dataset, first: &Dataset) -> Diagnostic {
    let message = format!("dataset id `{}` is already used by {}", dataset.id, first.path.display());
    Diagnostic::error(&dataset.path, message).with_hint("rename or remove one of the two files")
}

/// Nothing but blank lines, comments and document markers.
fn is_blank(text: &str) -> bool {
    text.lines().map(str::trim).all(|l| l.is_empty() || l.starts_with('#') || l == "---" || l == "...")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Status;
    use crate::period::{Granularity, Period};

    const EXAMPLE: &str = "\
# data/walmart-azure.yaml
title: Walmart spending on Microsoft Azure
description: Monthly Azure Consumed Revenue
currency: USD
unit: million
fiscal_year_start: 7
allow_negative: true
sources:
  - title: Business Insider, May 2025
    url: https://www.businessinsider.com/x
    published: 2025-05-20
notes: |
  Three months and the total were published.
  series: this is not a key
series:
  acr:
    label: Azure consumed revenue (ACR)
    status: illustrative
    values:
      2023-07: { value: 50, status: reported }
      2023-08: 52.4
      2023-09: 61.90   # trailing zero kept
      2023-10: 12345678901234567.89
      2023-11: { value: 61.9, status: reported, note: Holiday-season peak }
      2023-12: \"55.20\"
  other_one:
    label: Other
    values:
      2024-01: -3
      2023-12: 0
";

    fn example() -> (Dataset, Diagnostics) {
        parse(Path::new("data/walmart-azure.yaml"), EXAMPLE).unwrap_or_else(|e| panic!("{}", e.render(false)))
    }

    #[test]
    fn reads_every_field() {
        let (dataset, warnings) = example();
        assert!(warnings.is_empty(), "{}", warnings.render(false));
        assert_eq!(dataset.id, "walmart-azure");
        assert_eq!(dataset.path, Path::new("data/walmart-azure.yaml"));
        assert_eq!((dataset.currency.code(), dataset.unit.name(), dataset.fiscal_year_start), ("USD", "million", 7));
        assert_eq!(dataset.granularity, Granularity::Month);
        assert_eq!(dataset.sources[0].published.unwrap().to_string(), "2025-05-20");
        assert!(dataset.allow_negative && dataset.notes.unwrap().contains("published."));
        let keys: Vec<&str> = dataset.series.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["acr", "other_one"]);
    }

    #[test]
    fn values_are_exact_with_their_text_line_and_status() {
        let (dataset, _) = example();
        let acr = &dataset.series[0];
        let got: Vec<(String, String, &str, usize)> =
            acr.points.iter().map(|p| (p.raw.clone(), p.value.to_string(), p.status.name(), p.line)).collect();
        let want = [
            ("50", "50", "reported", 20),
            ("52.4", "52.4", "illustrative", 21),
            ("61.90", "61.90", "illustrative", 22),
            ("12345678901234567.89", "12345678901234567.89", "illustrative", 23),
            ("61.9", "61.9", "reported", 24),
            ("55.20", "55.20", "illustrative", 25),
        ];
        let want: Vec<_> = want.iter().map(|(r, v, s, l)| (r.to_string(), v.to_string(), *s, *l)).collect();
        assert_eq!(got, want);
        assert_eq!(acr.points[4].note.as_deref(), Some("Holiday-season peak"));
        assert_eq!(acr.status, Status::Illustrative);
    }

    #[test]
    fn points_are_sorted_by_period() {
        let (dataset, _) = example();
        let periods: Vec<String> = dataset.series[1].points.iter().map(|p| p.period.to_string()).collect();
        assert_eq!(periods, ["2023-12", "2024-01"]);
        assert_eq!(dataset.series[1].point(Period::parse("2024-01").unwrap()).unwrap().raw, "-3");
    }

    #[test]
    fn gaps_are_warnings_at_the_series_key() {
        let text =
            "title: T\ncurrency: EUR\nsources: [{ title: S }]\nseries:\n  acr:\n    label: L\n    values:\n      \
                    2023-07: 1\n      2023-10: 2\n      2023-12: 3\n";
        let (dataset, warnings) = parse(Path::new("data/g.yaml"), text).unwrap();
        assert_eq!(dataset.series[0].points.len(), 3);
        let got: Vec<String> = warnings.iter().map(|w| format!("{}: {}", w.location(), w.message)).collect();
        assert_eq!(
            got,
            [
                "data/g.yaml:5:3: series `acr` has no value for 2023-08 to 2023-09",
                "data/g.yaml:5:3: series `acr` has no value for 2023-11"
            ]
        );
    }

    #[test]
    fn duplicate_periods_point_at_the_second() {
        let text = "title: T\ncurrency: EUR\nsources:\n  - title: S\nseries:\n  a:\n    label: L\n    values:\n      \
                    2023-07: 1\n      2023-08: 2\n      2023-07: 3\n";
        let errors = parse(Path::new("data/d.yaml"), text).unwrap_err();
        let first = errors.iter().next().unwrap();
        assert_eq!(first.location(), "data/d.yaml:11:7");
        assert_eq!(first.message, "duplicate period `2023-07`");
        assert_eq!(first.hint.as_deref(), Some("first given on line 9"));
    }

    #[test]
    fn quarters_and_defaults() {
        let text = "title: Q\ncurrency: USD\nsources:\n  - title: S\nseries:\n  r:\n    label: R\n    values:\n      \
                    2022-Q3: 25.7\n      2022-Q4: 27.1\n";
        let (dataset, _) = parse(Path::new("q.yaml"), text).unwrap();
        assert_eq!(
            (dataset.granularity, dataset.unit.name(), dataset.fiscal_year_start),
            (Granularity::Quarter, "one", 1)
        );
        assert!(!dataset.allow_negative && dataset.series[0].status == Status::Reported);
    }
}
