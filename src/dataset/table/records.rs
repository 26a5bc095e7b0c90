//! The records of a CSV file, each cell with its text and where it is (line, column and width), for
//! placing a problem at the cell the writer wrote.

use super::{Cell, File, Row};
use crate::dataset::validate::{Checker, Problem};
use crate::diag::{char_column, Pos};

/// Every record of the file, each cell with its line and column.
pub(super) fn records(check: &mut Checker, file: &File, delimiter: u8) -> Option<Vec<Row>> {
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
