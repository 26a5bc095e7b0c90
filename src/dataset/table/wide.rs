//! A wide table: one row per period, one column per series (a spreadsheet's layout).

use super::{Cell, Collected, Columns, Options, Order, Reader, Row};
use crate::dataset::model::Point;

impl Reader<'_, '_, '_> {
    pub(super) fn wide(&mut self, columns: &Columns, options: &Options, body: &[Row]) -> Option<Collected> {
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
        assert_eq!(read("period,a\n2023-01\n"), ["data/t.csv:2:1: the row has 1 cells, but the header has 2"]);
    }
}
