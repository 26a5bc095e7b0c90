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

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::model::{Point, Series, Status, Table};
use super::raw::{Entries, RawSeries, RawTable};
use std::sync::Arc;

use super::series::{self, first_time, read_period, read_status, read_value, Shared};
use super::validate::{choice_hint, Checker, Problem};
use crate::diag::{char_column, did_you_mean, Diagnostic, Pos};
use crate::names::Name;
use crate::period::{Granularity, Period};
use crate::yaml::Step;

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

/// What `table:` says, checked.
struct Options {
    path: PathBuf,
    shape: Shape,
    delimiter: u8,
    sum: Option<Granularity>,
    /// Column names the YAML gave (period, series, value, status, note), with where they were given.
    names: BTreeMap<&'static str, (String, Pos)>,
    /// `where`: (column, required text, where it was given).
    filter: Vec<(String, String, Pos)>,
}

fn options(check: &mut Checker, raw: &RawTable) -> Option<Options> {
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

/// Every record of the file, each cell with its line and column.
fn records(check: &mut Checker, file: &File, delimiter: u8) -> Option<Vec<Row>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(file.text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                let problem = Problem::new(format!("cannot read the table: {e}"), None);
                file.problem(check, Pos { line, col: 1, width: 1 }, problem);
                return None;
            }
        };
        let Some(start) = record.position() else { continue };
        let places = cell_places(file.text, start.byte() as usize, start.line() as usize, delimiter, record.len());
        let cells = record.iter().zip(places).map(|(text, pos)| Cell { text: text.trim().to_owned(), pos }).collect();
        rows.push(Row { line: start.line() as usize, cells });
    }
    Some(rows)
}

/// Where each of the `n` cells of the record starting at byte `start` (on `line`) begins: the CSV reader
/// says where a record starts, not where its cells are.
fn cell_places(text: &str, start: usize, line: usize, delimiter: u8, n: usize) -> Vec<Pos> {
    let bytes = text.as_bytes();
    let (mut at, mut line) = (start, line);
    let mut line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut places = Vec::with_capacity(n);
    for _ in 0..n {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        let col = char_column(&text[line_start..line_end], at - line_start);
        let cell_line = line;
        let mut quoted = bytes.get(at) == Some(&b'"');
        let mut i = at + usize::from(quoted);
        while i < bytes.len() {
            match bytes[i] {
                b'"' if quoted && bytes.get(i + 1) == Some(&b'"') => i += 1,
                b'"' if quoted => quoted = false,
                b'\n' if quoted => {
                    line += 1;
                    line_start = i + 1;
                }
                b if !quoted && (b == delimiter || b == b'\n' || b == b'\r') => break,
                _ => {}
            }
            i += 1;
        }
        let width = text[at..i].split('\n').next().map_or(1, |t| t.chars().count().max(1));
        places.push(Pos { line: cell_line, col, width });
        at = (i + 1).min(bytes.len());
    }
    places
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

    fn wide(&mut self, columns: &Columns, options: &Options, body: &[Row]) -> Option<Collected> {
        let period_column = columns.named(self.check, self.file, options, "period", "period").ok()?.unwrap_or(0);
        let header = columns.header;
        let sources: Vec<(usize, usize)> = if self.specs.is_empty() {
            let named: Vec<&Cell> =
                header.cells.iter().enumerate().filter(|(i, _)| *i != period_column).map(|(_, c)| c).collect();
            named
                .into_iter()
                .filter_map(|c| Some((self.discovered(&c.text.clone(), c.pos)?, columns.find(&c.text)?)))
                .collect()
        } else {
            self.specs.iter().enumerate().filter_map(|(s, spec)| Some((s, columns.find(&spec.source)?))).collect()
        };
        let mut points: Collected = vec![Vec::new(); self.specs.len()];
        let mut order = Order::default();
        for row in body {
            let Some(cell) = self.cell(row, period_column, header) else { continue };
            let Some(period) = self.period(&cell.clone(), None) else { continue };
            if !self.in_order(period, cell, &mut order) {
                continue;
            }
            self.used += 1;
            for &(s, column) in &sources {
                let Some(cell) = self.cell(row, column, header).cloned() else { break };
                let what = format!("`{}` in {period}", self.specs[s].source);
                if let Some(value) = self.value(&cell, &what) {
                    let status = self.specs[s].status;
                    points[s].push(Point { period, value, raw: cell.text.clone(), status, note: None, line: row.line });
                }
            }
        }
        Some(points)
    }

    /// Checks that the period in `cell` comes after those before it in `order`.
    fn in_order(&mut self, period: Period, cell: &Cell, order: &mut Order) -> bool {
        order.next(period, cell.pos.line).map_err(|p| self.problem(cell.pos, p)).is_ok()
    }

    fn long(&mut self, columns: &Columns, options: &Options, body: &[Row]) -> Option<Collected> {
        let header = columns.header;
        let layout = self.long_columns(columns, options)?;
        let mut sums: BTreeMap<(usize, Period), Sum> = BTreeMap::new();
        let mut points: Collected = vec![Vec::new(); self.specs.len()];
        let mut order: Vec<Order> = Vec::new();
        for row in body {
            if !layout.filter.iter().all(|(c, want)| row.cell(*c).is_some_and(|cell| cell.text == *want)) {
                continue;
            }
            let s = match layout.series {
                None => 0,
                Some(c) => {
                    let Some(cell) = self.cell(row, c, header).cloned() else { continue };
                    match self.specs.iter().position(|spec| spec.source == cell.text) {
                        Some(s) => s,
                        // The YAML names the series it wants; other rows are not part of the dataset.
                        None if !self.discovering => continue,
                        None => {
                            let Some(s) = self.discovered(&cell.text, cell.pos) else { continue };
                            points.resize_with(self.specs.len(), Vec::new);
                            s
                        }
                    }
                }
            };
            let period_cell = self.cell(row, layout.period, header).cloned();
            let value_cell = self.cell(row, layout.value, header).cloned();
            let (Some(period_cell), Some(value_cell)) = (period_cell, value_cell) else { continue };
            let Some(p) = self.period(&period_cell, options.sum) else { continue };
            let what = format!("`{}` in {}", self.specs[s].source, period_cell.text);
            let Some(amount) = self.value(&value_cell, &what) else { continue };
            let Some(status) = self.row_status(row, layout.status, s) else { continue };
            let note = layout.note.and_then(|c| row.cell(c)).map(|c| c.text.clone()).filter(|t| !t.is_empty());
            self.used += 1;
            if options.sum.is_some() {
                let entry = sums.entry((s, p)).or_insert(Sum { total: Decimal::ZERO, status, line: row.line });
                let Some(total) = entry.total.checked_add(amount) else {
                    let hint = "write the values in a larger `unit` so that they add up exactly".to_owned();
                    let message =
                        format!("the rows of `{}` in {p} are too large to add up exactly", self.specs[s].source);
                    self.problem(value_cell.pos, Problem::new(message, hint));
                    return None;
                };
                entry.total = total;
                // A month is only reported when every row in it is.
                entry.status = entry.status.max(status);
                continue;
            }
            order.resize_with(self.specs.len(), Order::default);
            if self.in_order(p, &period_cell, &mut order[s]) {
                points[s].push(Point {
                    period: p,
                    value: amount,
                    raw: value_cell.text.clone(),
                    status,
                    note,
                    line: row.line,
                });
            }
        }
        for ((s, period), sum) in sums {
            let raw = sum.total.to_string();
            points[s].push(Point { period, value: sum.total, raw, status: sum.status, note: None, line: sum.line });
        }
        self.every_named_series_has_rows(columns, &layout, &points)?;
        Some(points)
    }

    /// The status cell of a row, or the series' status when the table has none there.
    fn row_status(&mut self, row: &Row, column: Option<usize>, s: usize) -> Option<Status> {
        match column.and_then(|c| row.cell(c)).filter(|c| !c.text.is_empty()) {
            Some(cell) => read_status(&cell.text).map_err(|p| self.problem(cell.pos, p)).ok(),
            None => Some(self.specs[s].status),
        }
    }

    /// The columns of a long table, and the `where` filter as column numbers.
    fn long_columns(&mut self, columns: &Columns, options: &Options) -> Option<LongColumns> {
        let mut named = |key: &str| columns.named(self.check, self.file, options, key, key);
        let (period, series, value) = (named("period").ok()?, named("series").ok()?, named("value").ok()?);
        let (status, note) = (named("status").ok()?, named("note").ok()?);
        let table = self.check.doc.nearest(&[Step::Key("table")]);
        let missing = match (period, value, series) {
            (None, _, _) => Some("period"),
            (_, None, _) => Some("value"),
            (_, _, None) if self.specs.len() != 1 => Some("series"),
            _ => None,
        };
        if let Some(missing) = missing {
            let message = format!("{} has no column `{missing}`", self.file.path.display());
            let hint = format!(
                "its columns are {}; name the {missing} column under `table:` (`{missing}: …`)",
                columns.names()
            );
            self.check.error(table, message, Some(hint));
            return None;
        }
        let mut filter = Vec::new();
        for (column, want, pos) in &options.filter {
            let Some(c) = columns.find(column) else {
                let message = format!("{} has no column `{column}` to pick rows by", self.file.path.display());
                self.check.error(*pos, message, Some(columns.hint(column)));
                return None;
            };
            filter.push((c, want.clone()));
        }
        Some(LongColumns { period: period?, series, value: value?, status, note, filter })
    }

    /// A series the YAML names must have rows: a misspelt `rows:` would otherwise leave it empty.
    fn every_named_series_has_rows(
        &mut self,
        columns: &Columns,
        layout: &LongColumns,
        points: &Collected,
    ) -> Option<()> {
        let empty = self.specs.iter().zip(points).find(|(_, p)| p.is_empty()).map(|(spec, _)| spec);
        let Some(spec) = empty else { return Some(()) };
        let column = layout.series.map_or(String::new(), |c| format!(" in column `{}`", columns.header.cells[c].text));
        let message = format!("no row of {} has `{}`{column}", self.file.path.display(), spec.source);
        let hint = "name the series' rows with `rows:` under the series".to_owned();
        self.check.error(spec.at, message, Some(hint));
        None
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

/// Where a long table's columns are.
struct LongColumns {
    period: usize,
    series: Option<usize>,
    value: usize,
    status: Option<usize>,
    note: Option<usize>,
    /// (column, text a row must have there).
    filter: Vec<(usize, String)>,
}

/// The rows of one series in one period, added up.
struct Sum {
    total: Decimal,
    /// The least certain status among the rows.
    status: Status,
    /// The first row's line.
    line: usize,
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
