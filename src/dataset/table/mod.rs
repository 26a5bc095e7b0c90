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

mod dates;
mod focus;
mod long;
mod options;
mod records;
mod wide;

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::model::{Point, Series, Status, Table};
use super::number::parse_table_decimal;
use super::raw::{Entries, RawSeries, RawTable};
use super::series::{self, first_time, read_period, read_status, Shared};
use super::validate::{Checker, Problem};
use crate::diag::{did_you_mean, Diagnostic, Pos};
use crate::fs::Tables;
use crate::names::Name;
use crate::period::{Granularity, Period};
use crate::yaml::Step;
use dates::Dates;
use options::{options, Options};
use records::{BadText, Record, Records};

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

/// One cell of a record: its text, and which it is (for placing a problem there).
#[derive(Debug, Clone, Copy)]
struct Cell<'r> {
    text: &'r str,
    index: usize,
    record: &'r Record,
}

/// A cell of the header: a column's name and where it is.
#[derive(Debug, Clone)]
struct Named {
    text: String,
    pos: Pos,
}

/// The table file being read: its path, and its header's line for the code frames of problems there.
struct File<'t> {
    path: &'t Path,
    header_line: Option<String>,
}

impl File<'_> {
    /// `problem` at `pos` of the header (or of the whole file, at line 0).
    fn problem(&self, check: &mut Checker, pos: Pos, problem: Problem) {
        check.push(problem.at_line(self.path, pos, self.header_line.clone().filter(|_| pos.line == 1)));
    }

    /// `problem` at cell `index` of `record`.
    fn cell_problem(&self, check: &mut Checker, record: &Record, index: usize, problem: Problem) {
        check.push(self.in_record(record, index, problem));
    }

    /// `problem` as an error at cell `index` of `record`.
    fn in_record(&self, record: &Record, index: usize, problem: Problem) -> Diagnostic {
        let pos = record.pos(index);
        problem.at_line(self.path, pos, record.source_line(pos.line))
    }
}

/// The series of a dataset whose values come from `raw`; `meta` holds the YAML's `series:` (labels,
/// statuses, and which column or rows each one is), when given; `currency` is the dataset's, which a
/// FOCUS export's rows must be in.
pub(super) fn all(
    check: &mut Checker,
    raw: RawTable,
    meta: Option<Entries<RawSeries>>,
    (allow_negative, currency): (bool, Option<&str>),
    tables: &dyn Tables,
) -> Option<FromTable> {
    let options = options(check, &raw, tables)?;
    let mut meta = Some(meta);
    let mut reader: Option<Reader> = None;
    for (path, format) in &options.files {
        let mut records = open(check, tables, path, *format, &options)?;
        let is_text = records.is_text();
        let header = match records.next() {
            Ok(Some(header)) => header,
            Ok(None) => {
                let problem = Problem::new("the table is empty", "its first row names the columns".to_owned());
                File { path, header_line: None }.problem(check, Pos::START, problem);
                return None;
            }
            Err(message) => {
                File { path, header_line: None }.problem(
                    check,
                    Pos { line: 0, col: 0, width: 1 },
                    Problem::new(message, None),
                );
                return None;
            }
        };
        let file = File { path, header_line: is_text.then(|| header.source_line(1)).flatten() };
        let columns = Columns::new(check, &file, header)?;
        if let Some(meta) = meta.take() {
            let specs = series_specs(check, &file, &columns, &options, meta)?;
            reader = Some(Reader::new(specs, allow_negative, currency, &options));
        }
        let reader = reader.as_mut()?;
        reader.file(check, &file, &columns, &mut records, &options)?;
    }
    let reader = reader?;
    reader.finish(check, &options)
}

/// Opens a table file to read its records; an error is placed where the YAML names the file.
fn open(
    check: &mut Checker,
    tables: &dyn Tables,
    path: &Path,
    format: records::Format,
    options: &Options,
) -> Option<Records> {
    let opened = tables.open(path).map(|(opened, _)| opened).and_then(|opened| {
        Records::open(opened, format, options.delimiter)
            .map_err(|e| Diagnostic::error(path, format!("cannot read: {e}")))
    });
    match opened {
        Ok(records) => Some(records),
        Err(diag) => {
            let key =
                if check.doc.find(&[Step::Key("table"), Step::Key("files")]).is_some() { "files" } else { "file" };
            let at = check.value_pos(&[Step::Key("table"), Step::Key(key)]);
            let hint = format!("tables are looked for beside the dataset: {}", path.display());
            check.error(at, format!("table {}: {}", path.display(), diag.message), Some(hint));
            None
        }
    }
}

/// The header: column names and where they are.
struct Columns {
    names: Vec<Named>,
}

impl Columns {
    /// Refuses a header that names a column twice.
    fn new(check: &mut Checker, file: &File, header: &Record) -> Option<Columns> {
        let mut names = Vec::with_capacity(header.len());
        for i in 0..header.len() {
            let text = match header.text(i) {
                Some(Ok(text)) => text.to_owned(),
                _ => {
                    let problem =
                        Problem::new("a column's name is not readable text", "save the file as UTF-8".to_owned());
                    file.problem(check, header.pos(i), problem);
                    return None;
                }
            };
            names.push(Named { text, pos: header.pos(i) });
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, cell) in names.iter().enumerate() {
            if let Some(first) = seen.insert(&cell.text, i) {
                let problem = Problem::new(
                    format!("the header names column `{}` twice", cell.text),
                    format!("first as column {}; give every column its own name", first + 1),
                );
                file.problem(check, cell.pos, problem);
                return None;
            }
        }
        if names.len() == 1 && names[0].text.contains([';', '\t']) {
            let hint =
                "the cells seem to be separated by `;` or tabs: add `delimiter: \";\"` (or `tab`) under `table:`";
            file.problem(check, names[0].pos, Problem::new("the header has one column", hint.to_owned()));
            return None;
        }
        Some(Columns { names })
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|c| c.text == name)
    }

    fn names(&self) -> String {
        self.names.iter().map(|c| format!("`{}`", c.text)).collect::<Vec<_>>().join(", ")
    }

    /// "did you mean `account`?" for a column that is not there, and the columns there are.
    fn hint(&self, name: &str) -> String {
        let close = did_you_mean(name, self.names.iter().map(|c| c.text.as_str()));
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
    ) -> Result<Option<Column>, ()> {
        match options.names.get(key) {
            Some((name, pos)) => match self.column(name) {
                Some(c) => Ok(Some(c)),
                None => {
                    let message = format!("{} has no column `{name}`", file.path.display());
                    let focus = if options.focus.is_some() { "; a FOCUS export (1.0 to 1.3) has it" } else { "" };
                    check.error(*pos, message, Some(format!("{}{focus}", self.hint(name))));
                    Err(())
                }
            },
            None => Ok(self.column(default)),
        }
    }

    /// The column `name`: a column of the header, or `Tags.<key>`, a key of the JSON object in a FOCUS
    /// export's `Tags` column.
    fn column(&self, name: &str) -> Option<Column> {
        if let Some(i) = self.find(name) {
            return Some(Column { index: i, tag: None });
        }
        let key = name.strip_prefix("Tags.")?;
        Some(Column { index: self.find("Tags")?, tag: Some(key.to_owned()) })
    }
}

/// Where a column's text is: a cell, or a key of the tags in a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    index: usize,
    tag: Option<String>,
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

/// Reads the rows of every file into points per series.
struct Reader {
    shared: Shared,
    /// The YAML's series, or, when it names none, those the table names (`discovering`).
    specs: Vec<SeriesSpec>,
    /// Each spec's position, by the text of its column or rows.
    by_source: HashMap<String, usize>,
    discovering: bool,
    /// Points collected per series (summed: added up in `sums` at the end).
    points: Collected,
    sums: std::collections::BTreeMap<(usize, Period), long::Sum>,
    orders: Vec<Order>,
    /// Rows read (under the headers), rows that went into the dataset, and how many files were read.
    records: usize,
    used: usize,
    files: usize,
    /// Rows whose cells were refused: what follows from them missing is not reported.
    refused: usize,
    /// The name of the series column, for messages.
    series_column: Option<String>,
    /// The last period cell read and its period (exports repeat the same instant row after row).
    last_period: Option<(String, Period)>,
    dates: Dates,
    /// Whether rows are added up (`sum:`).
    summed: bool,
    focus: Option<focus::Tally>,
}

/// Points collected per series, before they are checked as a series.
type Collected = Vec<Vec<Point>>;

impl Reader {
    fn new(specs: Vec<SeriesSpec>, allow_negative: bool, currency: Option<&str>, options: &Options) -> Reader {
        let by_source = specs.iter().enumerate().map(|(i, s)| (s.source.clone(), i)).collect();
        let discovering = specs.is_empty();
        Reader {
            shared: Shared::new(allow_negative),
            points: vec![Vec::new(); specs.len()],
            specs,
            by_source,
            discovering,
            sums: std::collections::BTreeMap::new(),
            orders: Vec::new(),
            records: 0,
            used: 0,
            files: 0,
            refused: 0,
            series_column: None,
            last_period: None,
            dates: options.dates.clone(),
            summed: options.sum.is_some(),
            focus: options.focus.map(|cost| focus::Tally::new(cost, currency)),
        }
    }

    /// Reads the rows of one file.
    fn file(
        &mut self,
        check: &mut Checker,
        file: &File,
        columns: &Columns,
        records: &mut Records,
        options: &Options,
    ) -> Option<()> {
        self.files += 1;
        let mut rows = Rows { check, file, columns };
        match options.shape {
            Shape::Wide => self.wide(&mut rows, records, options),
            Shape::Long => self.long(&mut rows, records, options),
        }
    }

    /// The series, their granularity and where they came from, once every file is read.
    fn finish(mut self, check: &mut Checker, options: &Options) -> Option<FromTable> {
        if self.records == 0 {
            let (path, _) = &options.files[0];
            let hint = "add one row per value under the header".to_owned();
            let problem = Problem::new("the table has no rows", hint);
            File { path, header_line: None }.problem(check, Pos { line: 1, col: 1, width: 1 }, problem);
            return None;
        }
        for ((s, period), sum) in std::mem::take(&mut self.sums) {
            self.points[s].push(sum.into_point(period));
        }
        let focus = match self.focus.take() {
            Some(tally) => Some(tally.finish(check)?),
            None => None,
        };
        if self.summed && !self.shared.allow_negative {
            self.no_negative_sums(check)?;
        }
        // A series with no rows is a root cause only when no row was refused (its rows may be those).
        if self.refused == 0 && options.shape == Shape::Long {
            self.every_named_series_has_rows(check, options)?;
        }
        let granularity = self.shared.granularity()?;
        let mut all = Vec::new();
        for (spec, points) in self.specs.into_iter().zip(self.points) {
            let series = Series { key: spec.key, label: spec.label, status: spec.status, points };
            all.extend(series::finish(check, series, spec.at));
        }
        let path = options.files[0].0.clone();
        let table = Table { path, files: self.files, rows: self.used, summed: options.sum, focus };
        Some(FromTable { series: all, granularity, table })
    }

    /// A summed month (or quarter) whose credits outweigh its charges is negative, which the dataset must
    /// allow.
    fn no_negative_sums(&self, check: &mut Checker) -> Option<()> {
        let negative = self.specs.iter().zip(&self.points).find_map(|(spec, points)| {
            points.iter().find(|p| p.value.is_sign_negative() && !p.value.is_zero()).map(|p| (spec, p))
        });
        let Some((spec, point)) = negative else { return Some(()) };
        let message = format!(
            "the charges of `{}` in {} add up to {}, but the dataset does not allow negative values",
            spec.source, point.period, point.value
        );
        let hint =
            "credits larger than the charges make a negative sum: add `allow_negative: true` at the top of the file";
        check.error(check.doc.nearest(&[Step::Key("table")]), message, Some(hint.to_owned()));
        None
    }

    /// A series the table names itself (a column or a series cell), when the YAML names none.
    fn discovered(&mut self, name: &str) -> Result<usize, Problem> {
        if let Some(&i) = self.by_source.get(name) {
            return Ok(i);
        }
        let key = Name::Series.suggest(name);
        if let Some(other) = self.specs.iter().find(|s| s.key == key) {
            return Err(Problem::new(
                format!("`{name}` and `{}` would both be series `{key}`", other.source),
                "name the series under `series:` with `column:` (wide) or `rows:` (long)".to_owned(),
            ));
        }
        self.specs.push(SeriesSpec {
            key,
            label: name.to_owned(),
            status: Status::Reported,
            source: name.to_owned(),
            at: Pos::START,
        });
        self.by_source.insert(name.to_owned(), self.specs.len() - 1);
        self.points.push(Vec::new());
        Ok(self.specs.len() - 1)
    }

    /// The period in `cell`, of the dataset's granularity (the one its day falls in, with `sum`).
    fn period(&mut self, cell: &Cell, sum: Option<Granularity>) -> Result<Period, Option<Problem>> {
        if let Some((text, period)) = &self.last_period {
            if text == cell.text {
                return Ok(*period);
            }
        }
        let period = self.read_period(cell.text, sum)?;
        self.shared.same_granularity(cell.text, period, cell.record.line())?;
        self.last_period = Some((cell.text.to_owned(), period));
        Ok(period)
    }

    fn read_period(&self, text: &str, sum: Option<Granularity>) -> Result<Period, Problem> {
        let period = match (sum, self.dates.day(text)) {
            (Some(into), Some(day)) => return Ok(period_of(day, into)),
            (None, Some(_)) => {
                let hint = "a row per day belongs in a long table with `sum: month` (or `sum: quarter`)".to_owned();
                return Err(Problem::new(format!("`{text}` is a date, not a month or a quarter"), hint));
            }
            (_, None) if self.dates != Dates::Periods => {
                let message = format!("`{text}` is not a date in the format `{}`", self.dates.name());
                let hint = "the table's `date_format:` says how its dates are written: write this one so, or change it";
                return Err(Problem::new(message, hint.to_owned()));
            }
            (_, None) => read_period(text).map_err(|p| period_hint(p, text, sum))?,
        };
        match (sum, period) {
            (Some(Granularity::Quarter), Period::Month { year, month }) => {
                Ok(Period::Quarter { year, quarter: (month - 1) / 3 + 1 })
            }
            (Some(Granularity::Month), Period::Quarter { .. }) => {
                let hint = "a quarter cannot be split into months: use `sum: quarter`".to_owned();
                Err(Problem::new(format!("`{text}` is a quarter, but the rows are summed by month"), hint))
            }
            (_, p) => Ok(p),
        }
    }

    fn value(&self, cell: &Cell, what: impl FnOnce() -> String) -> Result<Decimal, Problem> {
        if cell.text.is_empty() {
            return Err(Problem::new(
                format!("empty cell: no value for {}", what()),
                "write a number; a value that does not exist is left out of a long table (one row per value)"
                    .to_owned(),
            ));
        }
        let value = parse_table_decimal(cell.text).map_err(|e| e.of_value())?;
        // Credits and refunds are negative rows of a billing export; only a negative sum needs allowing.
        let credit = self.summed;
        if value.is_sign_negative() && !value.is_zero() && !self.shared.allow_negative && !credit {
            let message = format!("negative value `{}`, but the dataset does not allow negative values", cell.text);
            let hint = "for refunds and credits, add `allow_negative: true` at the top of the file";
            return Err(Problem::new(message, Some(hint.to_owned())));
        }
        Ok(value)
    }

    /// Checks that `period` comes after those before it in series `s`.
    fn in_order(&mut self, s: usize, period: Period, line: usize) -> Result<(), Problem> {
        self.orders.resize_with(self.specs.len().max(1), Order::default);
        self.orders[s].next(period, line)
    }
}

/// What a reader needs at hand while it goes through the records of one file: where problems go, the
/// file, its columns.
struct Rows<'a, 'd> {
    check: &'a mut Checker<'d>,
    file: &'a File<'a>,
    columns: &'a Columns,
}

impl Rows<'_, '_> {
    /// A cell the record must have, with readable text; else the problem is placed and `None`.
    fn cell<'r>(&mut self, record: &'r Record, column: usize) -> Option<Cell<'r>> {
        match record.text(column) {
            Some(Ok(text)) => Some(Cell { text, index: column, record }),
            Some(Err(bad)) => {
                let message = match bad {
                    BadText::NotUtf8 => "the cell is not valid UTF-8".to_owned(),
                    BadText::Char(c) => {
                        let kind = if c.is_control() { "the control character" } else { "the noncharacter" };
                        format!("file holds {kind} U+{:04X}, which no page can show", c as u32)
                    }
                };
                let hint = match bad {
                    BadText::NotUtf8 => "save the file as UTF-8",
                    BadText::Char(_) => {
                        "delete it: the editor may show it as nothing at all; tabs and line breaks are fine"
                    }
                };
                self.file.cell_problem(self.check, record, column, Problem::new(message, hint.to_owned()));
                None
            }
            None => {
                let problem = Problem::new(
                    format!("the row has {} cells, but the header has {}", record.len(), self.columns.names.len()),
                    format!(
                        "add the missing `{}` cell (empty cells need their commas)",
                        self.columns.names[column].text
                    ),
                );
                self.file.cell_problem(self.check, record, column, problem);
                None
            }
        }
    }

    fn problem(&mut self, cell: &Cell, problem: Problem) {
        self.file.cell_problem(self.check, cell.record, cell.index, problem);
    }

    /// The next record of `records`; `None` at the end, or when the file cannot be read on (placed).
    fn next<'r>(&mut self, records: &'r mut Records) -> Result<Option<&'r Record>, ()> {
        records.next().map_err(|message| {
            self.file.problem(self.check, Pos { line: 0, col: 0, width: 1 }, Problem::new(message, None))
        })
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

/// How a value of `cell` is written on a page: as the cell has it, or, in E notation, written out.
fn shown(cell: &Cell, value: Decimal) -> String {
    if cell.text.contains(['e', 'E']) {
        value.to_string()
    } else {
        cell.text.to_owned()
    }
}

/// The problem of a period cell that is none, with what a table can hold there.
fn period_hint(mut problem: Problem, text: &str, sum: Option<Granularity>) -> Problem {
    let iso = text.len() > 10 && text.is_char_boundary(10) && Dates::Iso8601.day(text).is_some();
    let hint = if iso {
        "it is a date-time: declare it with `date_format: ISO 8601` under `table:` (with `sum: month`)".to_owned()
    } else if text.contains(['/', '.']) {
        "declare how the table writes its dates, e.g. `date_format: MM/DD/YYYY` (or `DD.MM.YYYY`, `M/D/YY`) under `table:`"
            .to_owned()
    } else if sum.is_some() {
        "write a month `YYYY-MM`, a quarter `YYYY-Q1` or, as the rows are summed, a day `YYYY-MM-DD`".to_owned()
    } else {
        problem
            .hint
            .take()
            .unwrap_or_else(|| "write a month `YYYY-MM` or a quarter `YYYY-Q1`; days need `sum: month`".to_owned())
    };
    problem.hint = Some(hint);
    problem
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

    use crate::dataset::load::parse_with;
    use crate::dataset::Dataset;
    use crate::fs::Sources;

    /// The dataset of `data/t.yaml` with `table` (the lines under `table:`) and `series` (the lines of
    /// `series:`, or empty) over `csv` as `data/t.csv`: its points as `series period=raw/status@line`, or
    /// its errors as `path:line:col: message`.
    pub(in crate::dataset::table) fn read(table: &str, series: &str, csv: &str) -> Result<Vec<String>, Vec<String>> {
        let series = if series.is_empty() { String::new() } else { format!("series:\n{series}") };
        let yaml = format!("title: T\ncurrency: USD\nsources:\n  - title: S\ntable:\n{table}{series}");
        let tables = Sources::in_memory([(Path::new("data/t.csv").to_owned(), csv.as_bytes().to_vec())]);
        match parse_with(Path::new("data/t.yaml"), &yaml, &tables) {
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
