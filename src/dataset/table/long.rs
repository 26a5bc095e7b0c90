//! A long table: one row per value, with columns for the period, the series, the value and optionally
//! its status and note (a database's or billing export's layout). It can `sum` its rows into months or
//! quarters (dates such as `2024-03-17` fall into theirs) and keep only the rows `where` a column has a
//! value.

use std::borrow::Cow;

use rust_decimal::Decimal;

use super::focus::FocusColumns;
use super::{read_status, shown, Cell, Column, Options, Reader, Rows};
use crate::dataset::model::{Point, Status};
use crate::dataset::table::records::{Record, Records};
use crate::dataset::validate::{Checker, Problem};
use crate::period::Period;
use crate::yaml::Step;

/// What became of a row.
enum Fate {
    /// Its value went into the dataset.
    Used,
    /// It is not part of the dataset (another series, another currency).
    Left,
    /// A cell of it was refused (the problem is placed).
    Refused,
}

impl Reader {
    pub(super) fn long(&mut self, rows: &mut Rows, records: &mut Records, options: &Options) -> Option<()> {
        let layout = self.long_columns(rows, options)?;
        if let Err(message) = records.only(&layout.read()) {
            rows.file.problem(rows.check, crate::diag::Pos { line: 0, col: 0, width: 1 }, Problem::new(message, None));
            return None;
        }
        while let Some(record) = rows.next(records).ok()? {
            self.records += 1;
            match self.long_row(rows, record, &layout, options) {
                Fate::Used => self.used += 1,
                Fate::Left => {}
                Fate::Refused => self.refused += 1,
            }
        }
        Some(())
    }

    /// Reads one row of a long table.
    fn long_row(&mut self, rows: &mut Rows, record: &Record, layout: &LongColumns, options: &Options) -> Fate {
        for (column, want) in &layout.filter {
            match text(rows, record, column) {
                Some(text) if text == *want => {}
                Some(_) => return Fate::Left,
                None => return Fate::Refused,
            }
        }
        let s = match &layout.series {
            None => 0,
            Some(column) => {
                let Some(text) = text(rows, record, column) else { return Fate::Refused };
                match self.by_source.get(&*text) {
                    Some(&s) => s,
                    // The YAML names the series it wants; other rows are not part of the dataset.
                    None if !self.discovering => return Fate::Left,
                    None => match self.discovered(&text) {
                        Ok(s) => s,
                        Err(problem) => {
                            rows.file.cell_problem(rows.check, record, column.index, problem);
                            return Fate::Refused;
                        }
                    },
                }
            }
        };
        let (Some(period_cell), Some(value_cell)) = (rows.cell(record, layout.period), rows.cell(record, layout.value))
        else {
            return Fate::Refused;
        };
        let period = match self.period(&period_cell, options.sum) {
            Ok(period) => period,
            Err(problem) => {
                if let Some(problem) = problem {
                    rows.problem(&period_cell, problem);
                }
                return Fate::Refused;
            }
        };
        if let (Some(tally), Some(columns)) = (self.focus.as_mut(), &layout.focus) {
            match tally.in_currency(rows, record, columns) {
                Some(true) => {}
                Some(false) => return Fate::Left,
                None => return Fate::Refused,
            }
        }
        let what = || format!("`{}` in {}", self.specs[s].source, period_cell.text);
        let value = match self.value(&value_cell, what) {
            Ok(value) => value,
            Err(problem) => {
                rows.problem(&value_cell, problem);
                return Fate::Refused;
            }
        };
        let Some(status) = self.row_status(rows, record, layout.status, s) else { return Fate::Refused };
        if options.sum.is_some() {
            let fate = self.add(rows, s, (period, value, status, record.line()), &value_cell);
            if let (Fate::Used, Some(tally), Some(columns)) = (&fate, self.focus.as_mut(), &layout.focus) {
                tally.count(record, columns);
            }
            return fate;
        }
        match self.in_order(s, period, record.line()) {
            Ok(()) => {
                let note = layout.note.and_then(|c| record.text(c)).and_then(Result::ok).filter(|t| !t.is_empty());
                let (note, raw) = (note.map(str::to_owned), shown(&value_cell, value));
                self.points[s].push(Point { period, value, raw, status, note, line: record.line() });
                Fate::Used
            }
            Err(problem) => {
                rows.problem(&period_cell, problem);
                Fate::Refused
            }
        }
    }

    /// Adds a row's value (in `period`, with `status`, on `line`) to its series' sum for the period;
    /// refused when the sum cannot be exact.
    fn add(&mut self, rows: &mut Rows, s: usize, row: (Period, Decimal, Status, usize), value_cell: &Cell) -> Fate {
        let (period, value, status, line) = row;
        let entry =
            self.sums.entry((s, period)).or_insert(Sum { total: Decimal::ZERO, status, line, overflowed: false });
        if entry.overflowed {
            return Fate::Refused;
        }
        let Some(total) = entry.total.checked_add(value) else {
            entry.overflowed = true;
            let hint = "write the values in a larger `unit` so that they add up exactly".to_owned();
            let message = format!("the rows of `{}` in {period} are too large to add up exactly", self.specs[s].source);
            rows.problem(value_cell, Problem::new(message, hint));
            return Fate::Refused;
        };
        entry.total = total;
        // A month is only reported when every row in it is.
        entry.status = entry.status.max(status);
        Fate::Used
    }

    /// The status cell of a row, or the series' status when the table has none there.
    fn row_status(&mut self, rows: &mut Rows, record: &Record, column: Option<usize>, s: usize) -> Option<Status> {
        match column.and_then(|c| rows.cell(record, c)).filter(|c| !c.text.is_empty()) {
            Some(cell) => read_status(cell.text).map_err(|p| rows.problem(&cell, p)).ok(),
            None => Some(self.specs[s].status),
        }
    }

    /// The columns of a long table, and the `where` filter; a FOCUS export's own columns too.
    fn long_columns(&mut self, rows: &mut Rows, options: &Options) -> Option<LongColumns> {
        let (columns, file) = (rows.columns, rows.file);
        let mut named = |key: &str| columns.named(rows.check, file, options, key, key);
        let (period, series, value) = (named("period").ok()?, named("series").ok()?, named("value").ok()?);
        let (status, note) = (named("status").ok()?, named("note").ok()?);
        let table = rows.check.doc.nearest(&[Step::Key("table")]);
        let missing = match (&period, &value, &series) {
            (None, _, _) => Some("period"),
            (_, None, _) => Some("value"),
            (_, _, None) if self.specs.len() != 1 => Some(if options.focus.is_some() { "by" } else { "series" }),
            _ => None,
        };
        if let Some(missing) = missing {
            let message = format!("{} has no column `{missing}`", file.path.display());
            let hint = format!(
                "its columns are {}; name the {missing} column under `table:` (`{missing}: …`)",
                columns.names()
            );
            rows.check.error(table, message, Some(hint));
            return None;
        }
        let single = |check: &mut Checker, c: Option<Column>, key: &str| match c {
            Some(Column { index, tag: None }) => Some(Some(index)),
            None => Some(None),
            Some(_) => {
                let at = check.value_pos(&[Step::Key("table"), Step::Key(key)]);
                check.error(at, format!("the {key} column cannot be a tag"), Some("name a column of the table".into()));
                None
            }
        };
        let (period, value) = (single(rows.check, period, "period")??, single(rows.check, value, "value")??);
        let (status, note) = (single(rows.check, status, "status")?, single(rows.check, note, "note")?);
        let mut filter = Vec::new();
        for (name, want, pos) in &options.filter {
            let Some(c) = columns.column(name) else {
                let message = format!("{} has no column `{name}` to pick rows by", file.path.display());
                rows.check.error(*pos, message, Some(columns.hint(name)));
                return None;
            };
            filter.push((c, want.clone()));
        }
        self.series_column = series.as_ref().map(|c| {
            options.names.get("series").map_or_else(|| columns.names[c.index].text.clone(), |(n, _)| n.clone())
        });
        let focus = match options.focus {
            Some(_) => Some(FocusColumns::find(rows)?),
            None => None,
        };
        Some(LongColumns { period, series, value, status, note, filter, focus })
    }

    /// A series the YAML names must have rows: a misspelt `rows:` would otherwise leave it empty.
    pub(super) fn every_named_series_has_rows(&self, check: &mut Checker, options: &Options) -> Option<()> {
        let empty = self.specs.iter().zip(&self.points).find(|(_, p)| p.is_empty()).map(|(spec, _)| spec);
        let Some(spec) = empty else { return Some(()) };
        let column = self.series_column.as_ref().map_or(String::new(), |c| format!(" in column `{c}`"));
        let files = match options.files.as_slice() {
            [(one, _)] => one.display().to_string(),
            many => format!("the {} files", many.len()),
        };
        let message = format!("no row of {files} has `{}`{column}", spec.source);
        let hint = "name the series' rows with `rows:` under the series".to_owned();
        check.error(spec.at, message, Some(hint));
        None
    }
}

/// The text of `column` in `record` (a cell, or a key of its tags); `None` when it is refused (placed).
fn text<'r>(rows: &mut Rows, record: &'r Record, column: &Column) -> Option<Cow<'r, str>> {
    let cell = rows.cell(record, column.index)?;
    let Some(key) = &column.tag else { return Some(Cow::Borrowed(cell.text)) };
    if cell.text.is_empty() {
        return Some(Cow::Borrowed(UNTAGGED));
    }
    match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(cell.text) {
        Ok(tags) => Some(match tags.get(key) {
            None | Some(serde_json::Value::Null) => Cow::Borrowed(UNTAGGED),
            Some(serde_json::Value::String(value)) => Cow::Owned(value.clone()),
            Some(other) => Cow::Owned(other.to_string()),
        }),
        Err(e) => {
            let hint = "FOCUS writes a row's tags as a JSON object: `{\"env\": \"prod\"}`".to_owned();
            rows.problem(&cell, Problem::new(format!("the tags are not a JSON object: {e}"), hint));
            None
        }
    }
}

/// The series text of a row without the tag a series is made by.
const UNTAGGED: &str = "(untagged)";

/// Where a long table's columns are.
struct LongColumns {
    period: usize,
    series: Option<Column>,
    value: usize,
    status: Option<usize>,
    note: Option<usize>,
    /// (column, text a row must have there).
    filter: Vec<(Column, String)>,
    focus: Option<FocusColumns>,
}

impl LongColumns {
    /// Every column a row is read from.
    fn read(&self) -> Vec<usize> {
        let mut read = vec![self.period, self.value];
        read.extend(self.series.iter().map(|c| c.index));
        read.extend(self.status.iter().chain(&self.note).copied());
        read.extend(self.filter.iter().map(|(c, _)| c.index));
        read.extend(self.focus.iter().flat_map(FocusColumns::read));
        read.sort_unstable();
        read.dedup();
        read
    }
}

/// The rows of one series in one period, added up.
pub(super) struct Sum {
    total: Decimal,
    /// The least certain status among the rows.
    status: Status,
    /// The first row's line.
    line: usize,
    /// The rows were too large to add up exactly (said once, at the row that overflowed).
    overflowed: bool,
}

impl Sum {
    pub(super) fn into_point(self, period: Period) -> Point {
        Point {
            period,
            value: self.total,
            raw: self.total.to_string(),
            status: self.status,
            note: None,
            line: self.line,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::read;

    const SUMMED: &str =
        "  file: t.csv\n  shape: long\n  period: day\n  series: service\n  value: cost\n  sum: month\n";

    #[test]
    fn rows_are_summed_into_their_month_exactly_and_the_least_certain_status_wins() {
        let csv = "day,service,cost,status\n2024-01-01,S3,0.5,\n2024-01-31,S3,0.25,estimated\n2024-01-02,EC2,1.10,\n\
                   2024-02-01,S3,1,\n";
        assert_eq!(
            read(SUMMED, "", csv).unwrap(),
            ["s3 2024-01=0.75/estimated@2", "s3 2024-02=1/reported@5", "ec2 2024-01=1.10/reported@4"]
        );
        let quarters = SUMMED.replace("sum: month", "sum: quarter");
        assert_eq!(read(&quarters, "", csv).unwrap(), ["s3 2024-Q1=1.75/estimated@2", "ec2 2024-Q1=1.10/reported@4"]);
    }

    #[test]
    fn where_keeps_the_rows_of_a_value_and_named_series_take_their_rows() {
        let csv = "day,account,service,cost\n2024-01-01,prod,S3,1\n2024-01-01,test,S3,100\n2024-01-01,prod,EC2,2\n";
        let table = format!("{SUMMED}  where:\n    account: prod\n");
        let named = "  storage:\n    label: Storage\n    rows: S3\n";
        assert_eq!(read(&table, named, csv).unwrap(), ["storage 2024-01=1/reported@2"]);
        let misspelt = "  storage:\n    label: Storage\n    rows: s3\n";
        assert_eq!(
            read(&table, misspelt, csv).unwrap_err(),
            ["data/t.yaml:15:3: no row of data/t.csv has `s3` in column `service`"]
        );
    }

    #[test]
    fn rows_not_summed_are_one_value_each_in_order() {
        let table = "  file: t.csv\n  shape: long\n  series: s\n";
        let csv = "period,s,value,note\n2023-07,a,1,first\n2023-08,a,2,\n";
        assert_eq!(read(table, "", csv).unwrap(), ["a 2023-07=1/reported@2", "a 2023-08=2/reported@3"]);
        assert_eq!(
            read(table, "", "period,s,value\n2023-08,a,1\n2023-07,a,2\n").unwrap_err(),
            ["data/t.csv:3:1: `2023-07` is out of order: it follows `2023-08` (line 2)"]
        );
        assert_eq!(
            read("  file: t.csv\n  shape: long\n", "", "period,amount\n2023-07,1\n").unwrap_err(),
            ["data/t.yaml:5:1: data/t.csv has no column `value`"]
        );
    }

    #[test]
    fn a_sum_that_cannot_be_exact_is_an_error_at_the_row() {
        // The largest value of 28 digits, 9 times: more than the largest exact decimal.
        let big = "9".repeat(28);
        let rows: String = (1..=9).map(|day| format!("2024-01-{day:02},S3,{big}\n")).collect();
        assert_eq!(
            read(SUMMED, "", &format!("day,service,cost\n{rows}")).unwrap_err(),
            ["data/t.csv:9:15: the rows of `S3` in 2024-01 are too large to add up exactly"]
        );
    }
}
