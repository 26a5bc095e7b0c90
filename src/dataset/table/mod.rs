//! Values from a CSV table: `table:` in a dataset's YAML names a file beside it and says how to read it.
//!
//! Two shapes. *Wide*: one row per period, one column per series (a spreadsheet's layout). *Long*: one
//! row per value, with columns for the period, the series, the value and optionally its status and note
//! (a database's or billing export's layout). A long table can `sum` its rows into months or quarters
//! (dates such as `2024-03-17` fall into theirs) and keep only the rows `where` a column has a value.
//!
//! Every cell is read from its text, as exactly as a YAML value and with the same messages; a problem
//! points at the cell's line and column in the CSV file. The metadata (title, currency, sources, labels)
//! stays in the YAML file.
//!
//! `options` checks what `table:` says, `records` reads the file's cells with their places, and the
//! [`Reader`] turns rows into points: `wide` for one row per period, `long` for one row per value.

mod long;
mod options;
mod records;
mod wide;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::model::{Point, Series, Status, Table};
use super::raw::{Entries, RawSeries, RawTable};
use super::series::{self, first_time, read_period, read_status, read_value, Shared};
use super::validate::{Checker, Problem};
use crate::diag::{did_you_mean, Diagnostic, Pos};
use crate::names::Name;
use crate::period::{Granularity, Period};
use crate::yaml::Step;
use options::{options, Options};
use records::records;

/// Reads a table's file: `path` is relative to the project root.
pub(super) type ReadFile<'r> = &'r dyn Fn(&Path) -> Result<Arc<str>, Diagnostic>;

/// A dataset's series as its table gives them, with their granularity and where they came from.
pub(super) struct FromTable {
    pub(super) series: Vec<Series>,
    pub(super) granularity: Granularity,
    pub(super) table: Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Wide,
    Long,
}

/// One cell: its text and where it is.
#[derive(Debug, Clone)]
struct Cell {
    text: String,
    pos: Pos,
}

/// One record of the file.
#[derive(Debug)]
struct Row {
    line: usize,
    cells: Vec<Cell>,
}

impl Row {
    fn cell(&self, column: usize) -> Option<&Cell> {
        self.cells.get(column)
    }
}

/// The CSV file being read: its path and text, for placing problems.
struct File<'t> {
    path: &'t Path,
    text: &'t str,
}

impl File<'_> {
    fn problem(&self, check: &mut Checker, pos: Pos, problem: Problem) {
        check.push(problem.at(self.path, self.text, pos));
    }
}

/// The series of a dataset whose values come from `raw`; `meta` holds the YAML's `series:` (labels,
/// statuses, and which column or rows each one is), when given.
pub(super) fn all(
    check: &mut Checker,
    raw: RawTable,
    meta: Option<Entries<RawSeries>>,
    allow_negative: bool,
    read: ReadFile,
) -> Option<FromTable> {
    let options = options(check, &raw)?;
    let text = match read(&options.path) {
        Ok(text) => text,
        // A file that cannot be opened is blamed where the YAML names it; one that cannot be read as
        // text has a position of its own.
        Err(diag) if diag.line == 0 => {
            let at = check.value_pos(&[Step::Key("table"), Step::Key("file")]);
            let hint = format!("the table is looked for beside the dataset: {}", options.path.display());
            check.error(at, format!("table {}: {}", options.path.display(), diag.message), Some(hint));
            return None;
        }
        Err(diag) => {
            check.push(diag);
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let file = File { path: &options.path, text };
    let rows = records(check, &file, options.delimiter)?;
    let Some((header, body)) = rows.split_first() else {
        file.problem(
            check,
            Pos::START,
            Problem::new("the table is empty", "its first row names the columns".to_owned()),
        );
        return None;
    };
    if body.is_empty() {
        let hint = "add one row per value under the header".to_owned();
        file.problem(check, Pos { line: header.line, col: 1, width: 1 }, Problem::new("the table has no rows", hint));
        return None;
    }
    let columns = Columns::new(check, &file, header)?;
    let specs = series_specs(check, &file, &columns, &options, meta)?;
    let discovering = specs.is_empty();
    let mut reader = Reader { check, file: &file, shared: Shared::new(allow_negative), specs, discovering, used: 0 };
    let collected = match options.shape {
        Shape::Wide => reader.wide(&columns, &options, body),
        Shape::Long => reader.long(&columns, &options, body),
    }?;
    let Reader { check, shared, specs, used, .. } = reader;
    let granularity = shared.granularity()?;
    let mut all = Vec::new();
    for (spec, points) in specs.into_iter().zip(collected) {
        let series = Series { key: spec.key, label: spec.label, status: spec.status, points };
        all.extend(series::finish(check, series, spec.at));
    }
    let table = Table { path: options.path, rows: used, summed: options.sum };
    Some(FromTable { series: all, granularity, table })
}

/// The header: column names and where they are.
struct Columns<'h> {
    header: &'h Row,
}

impl<'h> Columns<'h> {
    /// Refuses a header that names a column twice.
    fn new(check: &mut Checker, file: &File, header: &'h Row) -> Option<Columns<'h>> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, cell) in header.cells.iter().enumerate() {
            if let Some(first) = seen.insert(&cell.text, i) {
                let problem = Problem::new(
                    format!("the header names column `{}` twice", cell.text),
                    format!("first as column {}; give every column its own name", first + 1),
                );
                file.problem(check, cell.pos, problem);
                return None;
            }
        }
        if header.cells.len() == 1 && header.cells[0].text.contains([';', '\t']) {
            let hint =
                "the cells seem to be separated by `;` or tabs: add `delimiter: \";\"` (or `tab`) under `table:`";
            file.problem(check, header.cells[0].pos, Problem::new("the header has one column", hint.to_owned()));
            return None;
        }
        Some(Columns { header })
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.header.cells.iter().position(|c| c.text == name)
    }

    fn names(&self) -> String {
        self.header.cells.iter().map(|c| format!("`{}`", c.text)).collect::<Vec<_>>().join(", ")
    }

    /// "did you mean `account`?" for a column that is not there, and the columns there are.
    fn hint(&self, name: &str) -> String {
        let close = did_you_mean(name, self.header.cells.iter().map(|c| c.text.as_str()));
        let columns = format!("its columns are {}", self.names());
        close.map_or(columns.clone(), |c| format!("did you mean `{c}`? ({columns})"))
    }

    /// The column `key` names: given in the YAML (then it must exist), else `default` if there is one.
    fn named(
        &self,
        check: &mut Checker,
        file: &File,
        options: &Options,
        key: &str,
        default: &str,
    ) -> Result<Option<usize>, ()> {
        match options.names.get(key) {
            Some((name, pos)) => match self.find(name) {
                Some(i) => Ok(Some(i)),
                None => {
                    let message = format!("{} has no column `{name}`", file.path.display());
                    check.error(*pos, message, Some(self.hint(name)));
                    Err(())
                }
            },
            None => Ok(self.find(default)),
        }
    }
}

/// What one series of the table is: its key, label and default status, and where its values are.
struct SeriesSpec {
    key: String,
    label: String,
    status: Status,
    /// Wide: its column. Long: the text of its rows in the series column.
    source: String,
    /// Where to report problems of the whole series (gaps, totals): its YAML key, or the table.
    at: Pos,
}

/// The series: those the YAML names, or else one per column (wide) or per distinct series (long).
fn series_specs(
    check: &mut Checker,
    file: &File,
    columns: &Columns,
    options: &Options,
    meta: Option<Entries<RawSeries>>,
) -> Option<Vec<SeriesSpec>> {
    let Some(meta) = meta.filter(|m| !m.0.is_empty()) else { return Some(Vec::new()) };
    let mut specs = Vec::new();
    let mut failed = false;
    for (key, raw) in meta.0 {
        let base = [Step::Key("series"), Step::Key(&key)];
        let at = check.doc.nearest(&base);
        let field = |k| [base[0], base[1], Step::Key(k)];
        if !Name::Series.is_valid(&key) {
            let hint = format!("series keys use {}, e.g. `{}`", Name::Series.rule(), Name::Series.suggest(&key));
            check.error(at, format!("invalid series key `{key}`"), Some(hint));
            failed = true;
        }
        if raw.values.is_some() {
            let hint = "remove `values`, or remove `table:` and write every value here".to_owned();
            check.error(check.doc.nearest(&field("values")), "this series takes its values from the table", Some(hint));
            failed = true;
        }
        let (own, other) = match options.shape {
            Shape::Wide => (raw.column, raw.rows.map(|_| "rows")),
            Shape::Long => (raw.rows, raw.column.map(|_| "column")),
        };
        if let Some(other) = other {
            let right = if other == "rows" { "column" } else { "rows" };
            check.error(
                check.doc.nearest(&field(other)),
                format!("`{other}` is not for this shape of table; use `{right}`"),
                None,
            );
            failed = true;
        }
        let source = own.unwrap_or_else(|| key.clone());
        if options.shape == Shape::Wide && columns.find(&source).is_none() {
            let message = format!("{} has no column `{source}` for series `{key}`", file.path.display());
            let hint = format!("{}; name the column with `column:`", columns.hint(&source));
            check.error(check.doc.value_or_nearest(&field("column")), message, Some(hint));
            failed = true;
        }
        let label = check.required(raw.label, "label", &field("label"), at);
        let status = match raw.status {
            None => Some(Status::Reported),
            Some(text) => read_status(&text).map_err(|p| check.report(check.value_pos(&field("status")), p)).ok(),
        };
        match (label, status) {
            (Some(label), Some(status)) => specs.push(SeriesSpec { key, label, status, source, at }),
            _ => failed = true,
        }
    }
    (!failed).then_some(specs)
}

/// Reads the rows into points per series.
struct Reader<'c, 'd, 'f> {
    check: &'c mut Checker<'d>,
    file: &'f File<'f>,
    shared: Shared,
    /// The YAML's series, or, when it names none, those the table names (`discovering`).
    specs: Vec<SeriesSpec>,
    discovering: bool,
    /// Rows that went into the dataset.
    used: usize,
}

/// Points collected per series, before they are checked as a series.
type Collected = Vec<Vec<Point>>;

impl Reader<'_, '_, '_> {
    fn problem(&mut self, pos: Pos, problem: Problem) {
        self.file.problem(self.check, pos, problem);
    }

    /// A series the table names itself (a column or a series cell), when the YAML names none.
    fn discovered(&mut self, name: &str, pos: Pos) -> Option<usize> {
        let key = Name::Series.suggest(name);
        if let Some(i) = self.specs.iter().position(|s| s.key == key) {
            if self.specs[i].source != name {
                let problem = Problem::new(
                    format!("`{name}` and `{}` would both be series `{key}`", self.specs[i].source),
                    "name the series under `series:` with `column:` (wide) or `rows:` (long)".to_owned(),
                );
                self.problem(pos, problem);
                return None;
            }
            return Some(i);
        }
        let at = self.check.doc.nearest(&[Step::Key("table")]);
        self.specs.push(SeriesSpec {
            key,
            label: name.to_owned(),
            status: Status::Reported,
            source: name.to_owned(),
            at,
        });
        Some(self.specs.len() - 1)
    }

    /// The period in `cell`, of the dataset's granularity.
    fn period(&mut self, cell: &Cell, sum: Option<Granularity>) -> Option<Period> {
        let period = match (sum, date(&cell.text)) {
            (Some(into), Some(day)) => Some(period_of(day, into)),
            (None, Some(_)) => {
                let hint = "a row per day belongs in a long table with `sum: month` (or `sum: quarter`)".to_owned();
                self.problem(
                    cell.pos,
                    Problem::new(format!("`{}` is a date, not a month or a quarter", cell.text), hint),
                );
                return None;
            }
            (_, None) => read_period(&cell.text).map_err(|p| self.problem(cell.pos, p)).ok(),
        }?;
        let period = match (sum, period) {
            (Some(Granularity::Quarter), Period::Month { year, month }) => {
                Period::Quarter { year, quarter: (month - 1) / 3 + 1 }
            }
            (Some(Granularity::Month), Period::Quarter { .. }) => {
                let hint = "a quarter cannot be split into months: use `sum: quarter`".to_owned();
                self.problem(
                    cell.pos,
                    Problem::new(format!("`{}` is a quarter, but the rows are summed by month", cell.text), hint),
                );
                return None;
            }
            (_, p) => p,
        };
        match self.shared.same_granularity(&cell.text, period, cell.pos.line) {
            Ok(()) => Some(period),
            Err(problem) => {
                if let Some(p) = problem {
                    self.problem(cell.pos, p);
                }
                None
            }
        }
    }

    fn value(&mut self, cell: &Cell, what: &str) -> Option<Decimal> {
        if cell.text.is_empty() {
            let problem = Problem::new(
                format!("empty cell: no value for {what}"),
                "write a number; a value that does not exist is left out of a long table (one row per value)"
                    .to_owned(),
            );
            self.problem(cell.pos, problem);
            return None;
        }
        read_value(&cell.text, self.shared.allow_negative).map_err(|p| self.problem(cell.pos, p)).ok()
    }

    /// A cell the row must have.
    fn cell<'r>(&mut self, row: &'r Row, column: usize, header: &Row) -> Option<&'r Cell> {
        let cell = row.cell(column);
        if cell.is_none() {
            let problem = Problem::new(
                format!("the row has {} cells, but the header has {}", row.cells.len(), header.cells.len()),
                format!("add the missing `{}` cell (empty cells need their commas)", header.cells[column].text),
            );
            let end = row.cells.last().map_or(Pos { line: row.line, col: 1, width: 1 }, |c| c.pos);
            self.problem(end, problem);
        }
        cell
    }

    /// Checks that the period in `cell` comes after those before it in `order`.
    fn in_order(&mut self, period: Period, cell: &Cell, order: &mut Order) -> bool {
        order.next(period, cell.pos.line).map_err(|p| self.problem(cell.pos, p)).is_ok()
    }
}

/// The periods of one series' rows so far: each once, oldest first.
#[derive(Default)]
struct Order {
    lines: HashMap<Period, usize>,
    last: Option<(Period, usize)>,
}

impl Order {
    /// Records `period`, on `line`, unless it came before or is earlier than the last one.
    fn next(&mut self, period: Period, line: usize) -> Result<(), Problem> {
        first_time(period, line, &mut self.lines)?;
        if let Some((previous, previous_line)) = self.last.filter(|(previous, _)| period < *previous) {
            return Err(Problem::new(
                format!("`{period}` is out of order: it follows `{previous}` (line {previous_line})"),
                "sort the rows by period, oldest first".to_owned(),
            ));
        }
        self.last = Some((period, line));
        Ok(())
    }
}

/// A day written `YYYY-MM-DD` (the period of a billing export's row).
fn date(text: &str) -> Option<NaiveDate> {
    let shaped = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    shaped.then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()).flatten()
}

/// The month or quarter a day falls into.
fn period_of(day: NaiveDate, into: Granularity) -> Period {
    match into {
        Granularity::Month => Period::Month { year: day.year(), month: day.month() },
        Granularity::Quarter => Period::Quarter { year: day.year(), quarter: (day.month() - 1) / 3 + 1 },
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::path::Path;

    use crate::dataset::{parse_with, Dataset};

    /// The dataset of `data/t.yaml` with `table` (the lines under `table:`) and `series` (the lines of
    /// `series:`, or empty) over `csv` as `data/t.csv`: its points as `series period=raw/status@line`, or
    /// its errors as `path:line:col: message`.
    pub(in crate::dataset::table) fn read(table: &str, series: &str, csv: &str) -> Result<Vec<String>, Vec<String>> {
        let series = if series.is_empty() { String::new() } else { format!("series:\n{series}") };
        let yaml = format!("title: T\ncurrency: USD\nsources:\n  - title: S\ntable:\n{table}{series}");
        let csv: std::sync::Arc<str> = csv.into();
        let read = |path: &Path| {
            assert_eq!(path, Path::new("data/t.csv"));
            Ok(csv.clone())
        };
        match parse_with(Path::new("data/t.yaml"), &yaml, &read) {
            Ok((dataset, _)) => Ok(points(&dataset)),
            Err(errors) => Err(errors.iter().map(|e| format!("{}: {}", e.location(), e.message)).collect()),
        }
    }

    fn points(dataset: &Dataset) -> Vec<String> {
        let point = |key: &str, p: &crate::dataset::Point| {
            format!("{key} {}={}/{}@{}", p.period, p.raw, p.status.name(), p.line)
        };
        dataset.series.iter().flat_map(|s| s.points.iter().map(|p| point(&s.key, p))).collect()
    }
}
