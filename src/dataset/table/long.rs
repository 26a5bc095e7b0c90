//! A long table: one row per value, with columns for the period, the series, the value and optionally
//! its status and note (a database's or billing export's layout). It can `sum` its rows into months or
//! quarters (dates such as `2024-03-17` fall into theirs) and keep only the rows `where` a column has a
//! value.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{read_status, Cell, Collected, Columns, Options, Order, Reader, Row};
use crate::dataset::model::{Point, Status};
use crate::dataset::validate::Problem;
use crate::period::{Granularity, Period};
use crate::yaml::Step;

impl Reader<'_, '_, '_> {
    pub(super) fn long(&mut self, columns: &Columns, options: &Options, body: &[Row]) -> Option<Collected> {
        let layout = self.long_columns(columns, options)?;
        let mut sums: BTreeMap<(usize, Period), Sum> = BTreeMap::new();
        let mut points: Collected = vec![Vec::new(); self.specs.len()];
        let mut order: Vec<Order> = Vec::new();
        for row in body.iter().filter(|row| layout.picks(row)) {
            let Some(s) = self.row_series(row, &layout, columns.header) else { continue };
            points.resize_with(self.specs.len(), Vec::new);
            let Some(value) = self.row_value(row, &layout, columns.header, s, options.sum) else { continue };
            self.used += 1;
            if options.sum.is_some() {
                self.add(&mut sums, s, value)?;
                continue;
            }
            order.resize_with(self.specs.len(), Order::default);
            if self.in_order(value.period, &value.period_cell, &mut order[s]) {
                points[s].push(value.point);
            }
        }
        for ((s, period), sum) in sums {
            let raw = sum.total.to_string();
            points[s].push(Point { period, value: sum.total, raw, status: sum.status, note: None, line: sum.line });
        }
        self.every_named_series_has_rows(columns, &layout, &points)?;
        Some(points)
    }

    /// The series (position in `specs`) of `row`: the only one when the table has no series column. `None`
    /// for a row that is not part of the dataset, or whose series cell has a problem.
    fn row_series(&mut self, row: &Row, layout: &LongColumns, header: &Row) -> Option<usize> {
        let Some(column) = layout.series else { return Some(0) };
        let cell = self.cell(row, column, header)?.clone();
        match self.specs.iter().position(|spec| spec.source == cell.text) {
            Some(s) => Some(s),
            // The YAML names the series it wants; other rows are not part of the dataset.
            None if !self.discovering => None,
            None => self.discovered(&cell.text, cell.pos),
        }
    }

    /// The value of `row`, of series `s`, in its period (the period its date falls in when rows are
    /// summed into `sum`); `None` when a cell has a problem.
    fn row_value(
        &mut self,
        row: &Row,
        layout: &LongColumns,
        header: &Row,
        s: usize,
        sum: Option<Granularity>,
    ) -> Option<RowValue> {
        let period_cell = self.cell(row, layout.period, header).cloned();
        let value_cell = self.cell(row, layout.value, header).cloned();
        let (period_cell, value_cell) = (period_cell?, value_cell?);
        let period = self.period(&period_cell, sum)?;
        let what = format!("`{}` in {}", self.specs[s].source, period_cell.text);
        let value = self.value(&value_cell, &what)?;
        let status = self.row_status(row, layout.status, s)?;
        let note = layout.note.and_then(|c| row.cell(c)).map(|c| c.text.clone()).filter(|t| !t.is_empty());
        let point = Point { period, value, raw: value_cell.text.clone(), status, note, line: row.line };
        Some(RowValue { period, period_cell, value_cell, point })
    }

    /// Adds a row's value to its series' sum for its period; `None` when the sum cannot be exact.
    fn add(&mut self, sums: &mut BTreeMap<(usize, Period), Sum>, s: usize, row: RowValue) -> Option<()> {
        let RowValue { period, value_cell, point, .. } = row;
        let entry =
            sums.entry((s, period)).or_insert(Sum { total: Decimal::ZERO, status: point.status, line: point.line });
        let Some(total) = entry.total.checked_add(point.value) else {
            let hint = "write the values in a larger `unit` so that they add up exactly".to_owned();
            let message = format!("the rows of `{}` in {period} are too large to add up exactly", self.specs[s].source);
            self.problem(value_cell.pos, Problem::new(message, hint));
            return None;
        };
        entry.total = total;
        // A month is only reported when every row in it is.
        entry.status = entry.status.max(point.status);
        Some(())
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

impl LongColumns {
    /// Whether `row` is one the `where` filter keeps.
    fn picks(&self, row: &Row) -> bool {
        self.filter.iter().all(|(c, want)| row.cell(*c).is_some_and(|cell| cell.text == *want))
    }
}

/// One row's value, read.
struct RowValue {
    period: Period,
    period_cell: Cell,
    value_cell: Cell,
    point: Point,
}

/// The rows of one series in one period, added up.
struct Sum {
    total: Decimal,
    /// The least certain status among the rows.
    status: Status,
    /// The first row's line.
    line: usize,
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
