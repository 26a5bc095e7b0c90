//! A wide table: one row per period, one column per series (a spreadsheet's layout).

use super::{shown, Options, Reader, Rows};
use crate::dataset::model::Point;
use crate::dataset::table::records::Records;

impl Reader {
    pub(super) fn wide(&mut self, rows: &mut Rows, records: &mut Records, options: &Options) -> Option<()> {
        let columns = rows.columns;
        let period_column = columns.named(rows.check, rows.file, options, "period", "period").ok()?;
        let period_column = period_column.map_or(0, |c| c.index);
        let sources: Vec<(usize, usize)> = if self.discovering {
            let mut sources = Vec::new();
            for (i, name) in columns.names.iter().enumerate().filter(|(i, _)| *i != period_column) {
                match self.discovered(&name.text) {
                    Ok(s) => sources.push((s, i)),
                    Err(problem) => rows.file.problem(rows.check, name.pos, problem),
                }
            }
            sources
        } else {
            self.specs.iter().enumerate().filter_map(|(s, spec)| Some((s, columns.find(&spec.source)?))).collect()
        };
        while let Some(record) = rows.next(records).ok()? {
            self.records += 1;
            let Some(cell) = rows.cell(record, period_column) else { continue };
            let period = match self.period(&cell, None) {
                Ok(period) => period,
                Err(problem) => {
                    if let Some(problem) = problem {
                        rows.problem(&cell, problem);
                    }
                    self.refused += 1;
                    continue;
                }
            };
            if let Err(problem) = self.in_order(0, period, record.line()) {
                rows.problem(&cell, problem);
                self.refused += 1;
                continue;
            }
            self.used += 1;
            for &(s, column) in &sources {
                let Some(cell) = rows.cell(record, column) else { break };
                match self.value(&cell, || format!("`{}` in {period}", self.specs[s].source)) {
                    Ok(value) => {
                        let (status, raw) = (self.specs[s].status, shown(&cell, value));
                        self.points[s].push(Point { period, value, raw, status, note: None, line: record.line() });
                    }
                    Err(problem) => {
                        self.refused += 1;
                        rows.problem(&cell, problem);
                    }
                }
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::read;

    #[test]
    fn each_column_is_a_series_and_each_row_a_period() {
        let csv = "period,North,south\n2023-Q1,10,4.50\n2023-Q2,11,5\n";
        assert_eq!(
            read("  file: t.csv\n", "", csv).unwrap(),
            [
                "north 2023-Q1=10/reported@2",
                "north 2023-Q2=11/reported@3",
                "south 2023-Q1=4.50/reported@2",
                "south 2023-Q2=5/reported@3"
            ]
        );
        let named = "  n:\n    label: North\n    column: North\n    status: estimated\n";
        assert_eq!(
            read("  file: t.csv\n", named, csv).unwrap(),
            ["n 2023-Q1=10/estimated@2", "n 2023-Q2=11/estimated@3"]
        );
    }

    #[test]
    fn a_cells_problem_is_at_the_cell() {
        let read = |csv: &str| read("  file: t.csv\n", "", csv).unwrap_err();
        assert_eq!(
            read("period,a\n2023-01,1\n2023-02,\n"),
            ["data/t.csv:3:9: empty cell: no value for `a` in 2023-02"]
        );
        assert_eq!(
            read("period,a\n2023-01-05,1\n"),
            ["data/t.csv:2:1: `2023-01-05` is a date, not a month or a quarter"]
        );
        assert_eq!(
            read("period,a\n2023-02,1\n2023-01,2\n"),
            ["data/t.csv:3:1: `2023-01` is out of order: it follows `2023-02` (line 2)"]
        );
        assert_eq!(read("period,a\n2023-01\n"), ["data/t.csv:2:8: the row has 1 cells, but the header has 2"]);
    }
}
