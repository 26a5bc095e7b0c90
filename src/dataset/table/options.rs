//! What `table:` in a dataset's YAML says, checked: the files, their shape, format and delimiter, how
//! rows are summed and picked, how dates are written, and which columns hold what.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use super::dates::Dates;
use super::records::Format;
use super::Shape;
use crate::dataset::model::Cost;
use crate::dataset::raw::RawTable;
use crate::dataset::validate::{choice_hint, Checker};
use crate::diag::Pos;
use crate::fs::Tables;
use crate::period::Granularity;
use crate::yaml::Step;

/// What `table:` says, checked.
pub(super) struct Options {
    /// The files, in path order, each with its format.
    pub(super) files: Vec<(PathBuf, Format)>,
    pub(super) shape: Shape,
    pub(super) delimiter: u8,
    pub(super) sum: Option<Granularity>,
    /// Column names (period, series, value, status, note), with where they were given: by the YAML, or
    /// by the FOCUS format (then at `table:`).
    pub(super) names: BTreeMap<&'static str, (String, Pos)>,
    /// `where`: (column, required text, where it was given).
    pub(super) filter: Vec<(String, String, Pos)>,
    /// For a FOCUS export, the cost it sums.
    pub(super) focus: Option<Cost>,
    pub(super) dates: Dates,
}

/// The FOCUS columns of a charge's period and currency, and of its kind.
pub(super) const CHARGE_PERIOD_START: &str = "ChargePeriodStart";
pub(super) const BILLING_CURRENCY: &str = "BillingCurrency";
pub(super) const CHARGE_CATEGORY: &str = "ChargeCategory";
pub(super) const CHARGE_CLASS: &str = "ChargeClass";

pub(super) fn options(check: &mut Checker, raw: &RawTable, tables: &dyn Tables) -> Option<Options> {
    let at = |check: &Checker, key: &str| check.value_pos(&[Step::Key("table"), Step::Key(key)]);
    let focus = focus(check, raw)?;
    let files = files(check, raw, tables)?;
    let shape = match (raw.shape.as_deref(), focus) {
        (None | Some("long"), Some(_)) => Shape::Long,
        (Some(_), Some(_)) => {
            let hint = "a FOCUS export has one row per charge: remove `shape:`".to_owned();
            check.error(at(check, "shape"), "a FOCUS export is a long table", Some(hint));
            return None;
        }
        (None | Some("wide"), None) => Shape::Wide,
        (Some("long"), None) => Shape::Long,
        (Some(other), None) => {
            let hint = choice_hint(other, &["wide", "long"], ("shape", "shapes"));
            check.error(at(check, "shape"), format!("unknown table shape `{other}`"), Some(hint));
            return None;
        }
    };
    let sum = match raw.sum.as_deref() {
        // A FOCUS export's rows are charges, which are always added up.
        None => focus.map(|_| Granularity::Month),
        Some("month") => Some(Granularity::Month),
        Some("quarter") => Some(Granularity::Quarter),
        Some(other) => {
            let hint = choice_hint(other, &["month", "quarter"], ("period", "periods"));
            check.error(at(check, "sum"), format!("cannot sum rows by `{other}`"), Some(hint));
            return None;
        }
    };
    let delimiter = delimiter(check, raw)?;
    let dates = match raw.date_format.as_deref() {
        None if focus.is_some() => Dates::Iso8601,
        None => Dates::Periods,
        Some(text) => match Dates::declared(text) {
            Ok(dates) => dates,
            Err(hint) => {
                check.error(at(check, "date_format"), format!("unknown date format `{text}`"), Some(hint));
                return None;
            }
        },
    };
    let long_only = [("series", &raw.series), ("value", &raw.value), ("status", &raw.status), ("note", &raw.note)];
    if shape == Shape::Wide {
        let given = long_only.iter().find(|(_, v)| v.is_some()).map(|(k, _)| *k);
        let given = given.or(raw.sum.as_ref().map(|_| "sum")).or(raw.filter.as_ref().map(|_| "where"));
        let given = given.or(raw.date_format.as_ref().map(|_| "date_format"));
        if let Some(key) = given {
            let hint = "add `shape: long` for a table with one row per value".to_owned();
            check.error(at(check, key), format!("`{key}` is for long tables"), Some(hint));
            return None;
        }
    }
    if let Some(key) = [("by", &raw.by), ("cost", &raw.cost)].iter().find(|(_, v)| v.is_some() && focus.is_none()) {
        let hint = match key.0 {
            "by" => "`by:` names the series column of a FOCUS export (`format: focus`); a long table names it with `series:`",
            _ => "`cost:` picks the cost a FOCUS export sums (`format: focus`); a long table names it with `value:`",
        };
        check.error(at(check, key.0), format!("`{}` is for FOCUS exports", key.0), Some(hint.to_owned()));
        return None;
    }
    let names = names(check, raw, focus);
    let filter = raw.filter.iter().flat_map(|f| &f.0).map(|(column, value)| {
        let pos = check.doc.nearest(&[Step::Key("table"), Step::Key("where"), Step::Key(column)]);
        (column.clone(), value.0.clone(), pos)
    });
    let filter = filter.collect();
    Some(Options { files, shape, delimiter, sum, names, filter, focus, dates })
}

/// `format: focus` and its `cost:`; `Some(None)` for a table that is no FOCUS export.
fn focus(check: &mut Checker, raw: &RawTable) -> Option<Option<Cost>> {
    let at = |check: &Checker, key: &str| check.value_pos(&[Step::Key("table"), Step::Key(key)]);
    match raw.format.as_deref() {
        None => return Some(None),
        Some("focus") => {}
        Some(other) => {
            let hint = "`format: focus` reads a FOCUS cost export; leave `format:` out for any other table";
            check.error(at(check, "format"), format!("unknown table format `{other}`"), Some(hint.to_owned()));
            return None;
        }
    }
    let Some(cost) = raw.cost.as_deref() else { return Some(Some(Cost::Billed)) };
    match Cost::ALL.iter().find(|(_, name, _)| *name == cost) {
        Some((cost, _, _)) => Some(Some(*cost)),
        None => {
            let names: Vec<&str> = Cost::ALL.iter().map(|(_, name, _)| *name).collect();
            let hint = format!(
                "{}: `billed` sums BilledCost (cash basis, as invoiced), `effective` sums EffectiveCost (amortised)",
                choice_hint(cost, &names, ("cost", "costs"))
            );
            check.error(at(check, "cost"), format!("unknown cost `{cost}`"), Some(hint));
            None
        }
    }
}

/// The column names the YAML gives, and for a FOCUS export those its format gives.
fn names(check: &Checker, raw: &RawTable, focus: Option<Cost>) -> BTreeMap<&'static str, (String, Pos)> {
    let at = |key: &str| check.value_pos(&[Step::Key("table"), Step::Key(key)]);
    let mut names = BTreeMap::new();
    let given = [("period", &raw.period), ("series", &raw.series), ("value", &raw.value)];
    let given = given.into_iter().chain([("status", &raw.status), ("note", &raw.note)]);
    for (key, value) in given {
        if let Some(name) = value {
            names.insert(key, (name.clone(), at(key)));
        }
    }
    if let Some(cost) = focus {
        let table = check.doc.nearest(&[Step::Key("table")]);
        names.entry("period").or_insert((CHARGE_PERIOD_START.to_owned(), table));
        names.entry("value").or_insert((cost.column().to_owned(), table));
        if let Some(by) = &raw.by {
            names.insert("series", (by.clone(), at("by")));
        }
    }
    names
}

fn delimiter(check: &mut Checker, raw: &RawTable) -> Option<u8> {
    Some(match raw.delimiter.as_deref() {
        None => b',',
        Some(d) if d.len() == 1 && d.is_ascii() && d != "\"" => d.as_bytes()[0],
        Some("\\t" | "tab") => b'\t',
        Some(other) => {
            let hint = "one character, such as `,`, `;` or `tab`".to_owned();
            let at = check.value_pos(&[Step::Key("table"), Step::Key("delimiter")]);
            check.error(at, format!("`{other}` cannot separate cells"), Some(hint));
            return None;
        }
    })
}

/// The table files `file:` or `files:` names, beside the dataset or below it, in path order.
fn files(check: &mut Checker, raw: &RawTable, tables: &dyn Tables) -> Option<Vec<(PathBuf, Format)>> {
    let at = |check: &Checker, key: &str| check.value_pos(&[Step::Key("table"), Step::Key(key)]);
    let table_at = check.doc.nearest(&[Step::Key("table")]);
    let dir = check.path().parent().unwrap_or(Path::new("")).to_owned();
    let (key, written) = match (raw.file.as_deref(), raw.files.as_deref()) {
        (Some(_), Some(_)) => {
            let hint =
                "`file:` names one file, `files:` a pattern of many (`exports/**/*.csv.gz`): keep one".to_owned();
            check.error(at(check, "files"), "`file` and `files` cannot both be given", Some(hint));
            return None;
        }
        (Some(file), None) => ("file", file),
        (None, Some(files)) => ("files", files),
        (None, None) => {
            let hint = "name the table: `file: values.csv`, or `files: exports/*.csv.gz` for many".to_owned();
            check.error(table_at, "missing field `file`", Some(hint));
            return None;
        }
    };
    let relative = Path::new(written.trim());
    let inside = !written.trim().is_empty() && relative.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        let hint = format!("tables are named from the dataset's folder ({}) and lie in it or below", dir.display());
        check.error(at(check, key), format!("`{written}` is not a path inside the dataset's folder"), Some(hint));
        return None;
    }
    if key == "file" {
        let path = dir.join(relative);
        let Some(format) = Format::of(&path.to_string_lossy()) else {
            let hint = format!("a table file ends in {}", Format::endings());
            check.error(at(check, key), format!("`{written}` is not a table file"), Some(hint));
            return None;
        };
        return Some(vec![(path, format)]);
    }
    glob(check, &dir, written.trim(), tables)
}

/// The table files below `dir` that `pattern` (relative to it) matches, in path order: the order never
/// depends on how the file system lists them.
fn glob(check: &mut Checker, dir: &Path, pattern: &str, tables: &dyn Tables) -> Option<Vec<(PathBuf, Format)>> {
    let at = check.value_pos(&[Step::Key("table"), Step::Key("files")]);
    let compiled = match glob::Pattern::new(pattern) {
        Ok(p) => p,
        Err(e) => {
            let hint = "`*` matches within a folder, `**` any folders, `?` one character".to_owned();
            check.error(at, format!("`{pattern}` is not a pattern of files: {}", e.msg), Some(hint));
            return None;
        }
    };
    let options =
        glob::MatchOptions { case_sensitive: true, require_literal_separator: true, require_literal_leading_dot: true };
    let mut found = Vec::new();
    for path in tables.list(dir) {
        let rel = path.strip_prefix(dir).unwrap_or(&path);
        if let (true, Some(format)) = (compiled.matches_path_with(rel, options), Format::of(&path.to_string_lossy())) {
            found.push((path, format));
        }
    }
    if found.is_empty() {
        let there: Vec<String> = tables
            .list(dir)
            .iter()
            .take(5)
            .map(|p| format!("`{}`", p.strip_prefix(dir).unwrap_or(p).display()))
            .collect();
        let there =
            if there.is_empty() { "there are none".to_owned() } else { format!("there are {}", there.join(", ")) };
        let hint = format!(
            "the pattern is matched from {} against table files ending in {}; {there}",
            dir.display(),
            Format::endings()
        );
        check.error(at, format!("no table file matches `{pattern}`"), Some(hint));
        return None;
    }
    Some(found)
}
