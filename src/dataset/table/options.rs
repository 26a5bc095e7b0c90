//! What `table:` in a dataset's YAML says, checked: the file, its shape and delimiter, how rows are
//! summed and picked, and which columns hold what.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use super::Shape;
use crate::dataset::raw::RawTable;
use crate::dataset::validate::{choice_hint, Checker};
use crate::diag::Pos;
use crate::period::Granularity;
use crate::yaml::Step;

/// What `table:` says, checked.
pub(super) struct Options {
    pub(super) path: PathBuf,
    pub(super) shape: Shape,
    pub(super) delimiter: u8,
    pub(super) sum: Option<Granularity>,
    /// Column names the YAML gave (period, series, value, status, note), with where they were given.
    pub(super) names: BTreeMap<&'static str, (String, Pos)>,
    /// `where`: (column, required text, where it was given).
    pub(super) filter: Vec<(String, String, Pos)>,
}

pub(super) fn options(check: &mut Checker, raw: &RawTable) -> Option<Options> {
    let at = |check: &Checker, key: &str| check.value_pos(&[Step::Key("table"), Step::Key(key)]);
    let table_at = check.doc.nearest(&[Step::Key("table")]);
    let Some(file) = raw.file.as_deref().filter(|f| !f.trim().is_empty()) else {
        check.error(table_at, "missing field `file`", Some("name the CSV file: `file: values.csv`".into()));
        return None;
    };
    let relative = Path::new(file);
    let inside = relative.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside || relative.extension().is_none_or(|e| e != "csv") {
        let hint = "a table is a `.csv` file in the dataset's folder or below it, e.g. `file: cloud-bill.csv`";
        check.error(at(check, "file"), format!("`{file}` is not a CSV file beside the dataset"), Some(hint.into()));
        return None;
    }
    let path = check.path().parent().unwrap_or(Path::new("")).join(relative);
    let shape = match raw.shape.as_deref() {
        None | Some("wide") => Shape::Wide,
        Some("long") => Shape::Long,
        Some(other) => {
            let hint = choice_hint(other, &["wide", "long"], ("shape", "shapes"));
            check.error(at(check, "shape"), format!("unknown table shape `{other}`"), Some(hint));
            return None;
        }
    };
    let sum = match raw.sum.as_deref() {
        None => None,
        Some("month") => Some(Granularity::Month),
        Some("quarter") => Some(Granularity::Quarter),
        Some(other) => {
            let hint = choice_hint(other, &["month", "quarter"], ("period", "periods"));
            check.error(at(check, "sum"), format!("cannot sum rows by `{other}`"), Some(hint));
            return None;
        }
    };
    let delimiter = match raw.delimiter.as_deref() {
        None => b',',
        Some(d) if d.len() == 1 && d.is_ascii() && d != "\"" => d.as_bytes()[0],
        Some("\\t" | "tab") => b'\t',
        Some(other) => {
            let hint = "one character, such as `,`, `;` or `tab`".to_owned();
            check.error(at(check, "delimiter"), format!("`{other}` cannot separate cells"), Some(hint));
            return None;
        }
    };
    let wide_only_long = [("series", &raw.series), ("value", &raw.value), ("status", &raw.status), ("note", &raw.note)];
    if shape == Shape::Wide {
        let long_only = wide_only_long.iter().find(|(_, v)| v.is_some()).map(|(k, _)| *k);
        let long_only = long_only.or(raw.sum.as_ref().map(|_| "sum")).or(raw.filter.as_ref().map(|_| "where"));
        if let Some(key) = long_only {
            let hint = "add `shape: long` for a table with one row per value".to_owned();
            check.error(at(check, key), format!("`{key}` is for long tables"), Some(hint));
            return None;
        }
    }
    let mut names = BTreeMap::new();
    for (key, value) in [("period", &raw.period)].into_iter().chain(wide_only_long) {
        if let Some(name) = value {
            names.insert(key, (name.clone(), at(check, key)));
        }
    }
    let filter = raw.filter.iter().flat_map(|f| &f.0).map(|(column, value)| {
        let pos = check.doc.nearest(&[Step::Key("table"), Step::Key("where"), Step::Key(column)]);
        (column.clone(), value.0.clone(), pos)
    });
    let filter = filter.collect();
    Some(Options { path, shape, delimiter, sum, names, filter })
}
