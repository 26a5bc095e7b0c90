//! The records of a table file, one at a time: CSV (plain, or gzip-compressed as `.csv.gz`) read as it
//! streams in, and Parquet read row by row. One record is held at a time, so a file of any size is read
//! in the memory of its longest row. A record's cells are texts; where a cell is (its line and column, in
//! the characters an editor shows, for every line ending) is worked out only when a problem is placed
//! there, so the rows that have none cost nothing for it.

use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::reader::RowIter;
use parquet::record::Field;
use parquet::schema::types::Type;

use crate::diag::Pos;
use crate::fs::{is_allowed_char, Opened};

/// The kind of a table file, by its name's ending: one entry per format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Csv,
    CsvGz,
    Parquet,
}

impl Format {
    /// Every format with the ending that names it.
    const ALL: [(Format, &'static str); 3] =
        [(Format::Csv, ".csv"), (Format::CsvGz, ".csv.gz"), (Format::Parquet, ".parquet")];

    /// The format of a file named `name`, if it is a table.
    pub(super) fn of(name: &str) -> Option<Format> {
        // No ending is the end of another (`.csv.gz` does not end in `.csv`), so the first is the one.
        Format::ALL.iter().find(|(_, ending)| name.ends_with(ending)).map(|(format, _)| *format)
    }

    /// The endings of table files, for messages: `.csv`, `.csv.gz` or `.parquet`.
    pub(super) fn endings() -> String {
        let endings: Vec<String> = Format::ALL.iter().map(|(_, e)| format!("`{e}`")).collect();
        let (last, rest) = endings.split_last().expect("there are formats");
        format!("{} or {last}", rest.join(", "))
    }
}

/// One record: its cells and where it is.
#[derive(Debug, Default)]
pub(super) struct Record {
    /// The cells' texts, one after another, as the reader decoded them (quotes removed).
    fields: Vec<u8>,
    /// Where each cell ends in `fields`.
    ends: Vec<usize>,
    len: usize,
    /// CSV: the record's bytes as written, from its first line's start. Empty for Parquet.
    raw: Vec<u8>,
    /// Where the record starts in `raw` (after the blank lines before it).
    lead: usize,
    /// The line it starts on (CSV), or its row number (Parquet: the first row after the names is 1).
    line: usize,
    /// The CSV delimiter; `None` for a file that is not text (Parquet), whose cells are placed by row and
    /// column number.
    delimiter: Option<u8>,
}

/// Why a cell's text cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BadText {
    /// The bytes are not UTF-8.
    NotUtf8,
    /// It holds a character no page can hold (see `fs::decode`).
    Char(char),
}

impl Record {
    /// How many cells it has.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The line it starts on (its row number in a Parquet file).
    pub(super) fn line(&self) -> usize {
        self.line
    }

    /// The text of cell `i`, trimmed of spaces; `None` when the record has no such cell.
    pub(super) fn text(&self, i: usize) -> Option<Result<&str, BadText>> {
        if i >= self.len {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        let bytes = &self.fields[start..self.ends[i]];
        // Most cells are printable ASCII.
        if bytes.iter().all(|&b| (0x20..0x7f).contains(&b) || b == b'\t') {
            // Every byte is ASCII.
            return Some(Ok(std::str::from_utf8(bytes).map_or("", str::trim)));
        }
        Some(match std::str::from_utf8(bytes) {
            Err(_) => Err(BadText::NotUtf8),
            Ok(text) => match text.chars().find(|c| !is_allowed_char(*c)) {
                Some(c) => Err(BadText::Char(c)),
                None => Ok(text.trim()),
            },
        })
    }

    /// Where cell `i` is written: its line, its column (in characters) and its width. For a cell past
    /// the end of the record, just after its last cell.
    pub(super) fn pos(&self, i: usize) -> Pos {
        let Some(delimiter) = self.delimiter else {
            return Pos { line: self.line, col: i + 1, width: 1 };
        };
        let raw = &self.raw;
        let (mut at, mut line, mut line_start) = (self.lead, self.line, self.lead);
        for _ in 0..i.min(self.len.saturating_sub(1)) {
            let end = self.cell_end(at, delimiter, &mut line, &mut line_start);
            at = (end + 1).min(raw.len());
        }
        let start_line = (line, line_start);
        let end = self.cell_end(at, delimiter, &mut line, &mut line_start);
        let (line, line_start) = start_line;
        let col = chars(&raw[line_start..at]) + 1;
        if i >= self.len {
            return Pos { line, col: col + chars(&raw[at..end]), width: 1 };
        }
        let first_line_end = raw[at..end].iter().position(|&b| b == b'\n' || b == b'\r').map_or(end, |n| at + n);
        Pos { line, col, width: chars(&raw[at..first_line_end]).max(1) }
    }

    /// Where the cell that starts at `at` ends (at its delimiter or line end), counting the lines of
    /// a quoted cell that spans several.
    fn cell_end(&self, at: usize, delimiter: u8, line: &mut usize, line_start: &mut usize) -> usize {
        let raw = &self.raw;
        let mut quoted = raw.get(at) == Some(&b'"');
        let mut i = at + usize::from(quoted);
        while i < raw.len() {
            match raw[i] {
                b'"' if quoted && raw.get(i + 1) == Some(&b'"') => i += 1,
                b'"' if quoted => quoted = false,
                b @ (b'\r' | b'\n') if quoted => {
                    if b == b'\r' && raw.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    *line += 1;
                    *line_start = i + 1;
                }
                b if !quoted && (b == delimiter || b == b'\n' || b == b'\r') => break,
                _ => {}
            }
            i += 1;
        }
        i.min(raw.len())
    }

    /// The text of line `line` of the record, for a problem's code frame; `None` for Parquet.
    pub(super) fn source_line(&self, line: usize) -> Option<String> {
        self.delimiter?;
        let mut current = self.line;
        let mut rest = &self.raw[self.lead..];
        loop {
            let end = rest.iter().position(|&b| b == b'\n' || b == b'\r').unwrap_or(rest.len());
            if current == line {
                return Some(String::from_utf8_lossy(&rest[..end]).into_owned());
            }
            let skip = if rest[end..].starts_with(b"\r\n") { 2 } else { 1 };
            if end + skip > rest.len() {
                return None;
            }
            rest = &rest[end + skip..];
            current += 1;
        }
    }
}

/// The characters of `bytes` (UTF-8, or counted as if it were).
fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// The records of one table file.
pub(super) enum Records {
    Csv(Box<Piped>),
    Parquet(Box<ParquetRecords>),
}

impl Records {
    /// Opens `file` (of `format`) to read its records; the error says why it cannot be read.
    pub(super) fn open(file: Opened, format: Format, delimiter: u8) -> Result<Records, String> {
        Ok(match format {
            Format::Csv => Records::Csv(Box::new(Piped::start(file.into_read(), delimiter))),
            Format::CsvGz => {
                let gz = flate2::bufread::MultiGzDecoder::new(BufReader::with_capacity(1 << 16, file.into_read()));
                Records::Csv(Box::new(Piped::start(Box::new(ReadAhead::start(gz)), delimiter)))
            }
            Format::Parquet => Records::Parquet(Box::new(ParquetRecords::new(file)?)),
        })
    }

    /// The next record, or `None` at the end; the error says why the file cannot be read on.
    pub(super) fn next(&mut self) -> Result<Option<&Record>, String> {
        match self {
            Records::Csv(csv) => csv.next(),
            Records::Parquet(parquet) => parquet.next(),
        }
    }

    /// Reads only the cells of `columns` (positions in the first record) from here on; the others are
    /// empty. Parquet then decodes just those columns; a CSV file reads every cell anyway.
    pub(super) fn only(&mut self, columns: &[usize]) -> Result<(), String> {
        match self {
            Records::Csv(_) => Ok(()),
            Records::Parquet(parquet) => parquet.only(columns),
        }
    }

    /// Whether a problem at a cell has a code frame (the file is text).
    pub(super) fn is_text(&self) -> bool {
        matches!(self, Records::Csv(_))
    }
}

/// A CSV file's records, read as the bytes come in.
pub(super) struct CsvRecords {
    input: Box<dyn BufRead + Send>,
    core: csv_core::Reader,
    /// Line breaks read so far.
    breaks: usize,
    /// Whether the last byte read was a carriage return (a line feed after it ends no second line).
    after_cr: bool,
    started: bool,
    done: bool,
    delimiter: u8,
}

impl CsvRecords {
    fn new(input: Box<dyn Read + Send>, delimiter: u8) -> CsvRecords {
        CsvRecords {
            input: Box::new(BufReader::with_capacity(1 << 16, input)),
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            breaks: 0,
            after_cr: false,
            started: false,
            done: false,
            delimiter,
        }
    }

    /// An empty record to read into.
    fn record(&self) -> Record {
        Record { fields: vec![0; 1024], ends: vec![0; 64], delimiter: Some(self.delimiter), ..Record::default() }
    }

    /// Reads the next record into `record`; `false` at the end.
    fn read_into(&mut self, record: &mut Record) -> std::io::Result<bool> {
        use csv_core::ReadRecordResult as R;
        if self.done {
            return Ok(false);
        }
        if !self.started {
            self.started = true;
            // The byte-order mark some tools write first is no text: columns are counted after it.
            let head = self.input.fill_buf()?;
            if head.starts_with("\u{feff}".as_bytes()) {
                self.input.consume(3);
            }
        }
        record.raw.clear();
        let (mut out, mut ends) = (0, 0);
        loop {
            let input = self.input.fill_buf()?;
            let (result, read, written, ended) =
                self.core.read_record(input, &mut record.fields[out..], &mut record.ends[ends..]);
            record.raw.extend_from_slice(&input[..read]);
            self.input.consume(read);
            out += written;
            ends += ended;
            match result {
                R::InputEmpty => {}
                R::OutputFull => record.fields.resize(record.fields.len() * 2, 0),
                R::OutputEndsFull => record.ends.resize(record.ends.len() * 2, 0),
                R::Record => break,
                R::End => {
                    self.done = true;
                    return Ok(false);
                }
            }
        }
        record.len = ends;
        record.lead = record.raw.iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
        self.breaks += line_breaks(&record.raw[..record.lead], &mut self.after_cr);
        record.line = self.breaks + 1;
        self.breaks += line_breaks(&record.raw[record.lead..], &mut self.after_cr);
        Ok(true)
    }
}

/// Records parsed on a thread of their own, handed over in batches, so that reading a large table takes
/// two cores: one splits the bytes into cells, the other adds them up. The order is the file's.
pub(super) struct Piped {
    batches: Receiver<Result<Vec<Record>, String>>,
    /// Read batches go back to be filled again, with their buffers.
    spent: SyncSender<Vec<Record>>,
    batch: Vec<Record>,
    at: usize,
}

/// Records per batch.
const BATCH: usize = 512;

impl Piped {
    fn start(input: Box<dyn Read + Send>, delimiter: u8) -> Piped {
        let (full, batches) = sync_channel(4);
        let (spent, empty) = sync_channel::<Vec<Record>>(8);
        std::thread::spawn(move || {
            let mut csv = CsvRecords::new(input, delimiter);
            loop {
                let mut batch = empty.try_recv().unwrap_or_default();
                let mut n = 0;
                let read = loop {
                    if n == BATCH {
                        break Ok(true);
                    }
                    if n == batch.len() {
                        batch.push(csv.record());
                    }
                    match csv.read_into(&mut batch[n]) {
                        Ok(true) => n += 1,
                        Ok(false) => break Ok(false),
                        Err(e) => break Err(format!("cannot read the table: {e}")),
                    }
                };
                batch.truncate(n);
                let more = matches!(read, Ok(true));
                let sent = match read {
                    Err(e) => full.send(Err(e)),
                    Ok(_) => full.send(Ok(batch)),
                };
                // Stopped when the file ends, or when the reader is gone (it stopped at an error).
                if !more || sent.is_err() {
                    return;
                }
            }
        });
        Piped { batches, spent, batch: Vec::new(), at: 0 }
    }

    fn next(&mut self) -> Result<Option<&Record>, String> {
        if self.at == self.batch.len() {
            let _ = self.spent.try_send(std::mem::take(&mut self.batch));
            self.at = 0;
            match self.batches.recv() {
                Ok(Ok(batch)) => self.batch = batch,
                Ok(Err(e)) => return Err(e),
                Err(_) => return Ok(None),
            }
            if self.batch.is_empty() {
                return Ok(None);
            }
        }
        self.at += 1;
        Ok(Some(&self.batch[self.at - 1]))
    }
}

/// Bytes read ahead on a thread of their own (a decompressor's), so that decompressing and parsing
/// overlap.
struct ReadAhead {
    chunks: Receiver<std::io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    at: usize,
}

impl ReadAhead {
    fn start(mut input: impl Read + Send + 'static) -> ReadAhead {
        let (send, chunks) = sync_channel(4);
        std::thread::spawn(move || loop {
            let mut chunk = vec![0; 1 << 18];
            let read = match input.read(&mut chunk) {
                Ok(n) => n,
                Err(e) => {
                    let _ = send.send(Err(e));
                    return;
                }
            };
            chunk.truncate(read);
            if send.send(Ok(chunk)).is_err() || read == 0 {
                return;
            }
        });
        ReadAhead { chunks, chunk: Vec::new(), at: 0 }
    }
}

impl Read for ReadAhead {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.chunk.len() {
            match self.chunks.recv() {
                Ok(chunk) => self.chunk = chunk?,
                Err(_) => return Ok(0),
            }
            self.at = 0;
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The line breaks in `bytes`: each `\n`, `\r\n` and lone `\r` once. `after_cr` carries whether the byte
/// before `bytes` was a `\r`, and is left saying whether the last one is.
fn line_breaks(bytes: &[u8], after_cr: &mut bool) -> usize {
    let Some(&last) = bytes.last() else { return 0 };
    let feeds = memchr::memchr_iter(b'\n', bytes).count();
    let returns = memchr::memchr_iter(b'\r', bytes).count();
    let mut pairs = 0;
    if returns > 0 || *after_cr {
        pairs = bytes.windows(2).filter(|w| w == b"\r\n").count() + usize::from(*after_cr && bytes[0] == b'\n');
    }
    *after_cr = last == b'\r';
    feeds + returns - pairs
}

/// A Parquet file's rows, each as a record of texts (see [`cell_text`]); the first record is the names
/// of the columns.
pub(super) struct ParquetRecords {
    file: Option<Box<dyn FileReader>>,
    rows: Option<RowIter<'static>>,
    /// The columns read, by position among the names.
    columns: Vec<usize>,
    names: Vec<String>,
    /// Whether the names were given (as the first record).
    named: bool,
    record: Record,
    texts: Vec<String>,
}

impl ParquetRecords {
    fn new(file: Opened) -> Result<ParquetRecords, String> {
        let reader: Box<dyn FileReader> = match file {
            Opened::File(file) => Box::new(SerializedFileReader::new(file).map_err(|e| e.to_string())?),
            Opened::Bytes(bytes) => {
                Box::new(SerializedFileReader::new(bytes::Bytes::from(bytes.to_vec())).map_err(|e| e.to_string())?)
            }
        };
        let schema = reader.metadata().file_metadata().schema_descr_ptr();
        let names = schema.root_schema().get_fields().iter().map(|f| f.name().to_owned()).collect::<Vec<_>>();
        let columns = (0..names.len()).collect();
        Ok(ParquetRecords {
            file: Some(reader),
            rows: None,
            columns,
            names,
            named: false,
            record: Record::default(),
            texts: Vec::new(),
        })
    }

    fn only(&mut self, columns: &[usize]) -> Result<(), String> {
        let Some(file) = self.file.take() else { return Ok(()) };
        let schema = file.metadata().file_metadata().schema_descr_ptr();
        let fields = schema.root_schema().get_fields();
        let picked: Vec<_> = columns.iter().filter_map(|&c| fields.get(c).cloned()).collect();
        // The projection's root has the file's root name (`schema`, `spark_schema`, …), or it is refused.
        let root = schema.root_schema().name();
        let projection = Type::group_type_builder(root).with_fields(picked).build().map_err(|e| e.to_string())?;
        self.columns = columns.to_vec();
        self.rows = Some(RowIter::from_file_into(file).project(Some(projection)).map_err(|e| e.to_string())?);
        Ok(())
    }

    fn next(&mut self) -> Result<Option<&Record>, String> {
        if !self.named {
            // The names of the columns, as a CSV file's header; about the whole file (line 0).
            self.named = true;
            self.texts = self.names.clone();
            self.fill(0);
            return Ok(Some(&self.record));
        }
        if self.rows.is_none() {
            let all: Vec<usize> = (0..self.names.len()).collect();
            self.only(&all)?;
        }
        let Some(rows) = self.rows.as_mut() else { return Ok(None) };
        let Some(row) = rows.next() else { return Ok(None) };
        let row = row.map_err(|e| format!("cannot read the table: {e}"))?;
        self.texts.iter_mut().for_each(String::clear);
        self.texts.resize(self.names.len(), String::new());
        for (&column, (_, field)) in self.columns.iter().zip(row.get_column_iter()) {
            cell_text(field, &mut self.texts[column]);
        }
        let line = self.record.line + 1;
        self.fill(line);
        Ok(Some(&self.record))
    }

    fn fill(&mut self, line: usize) {
        let record = &mut self.record;
        record.fields.clear();
        record.ends.clear();
        for text in &self.texts {
            record.fields.extend_from_slice(text.as_bytes());
            record.ends.push(record.fields.len());
        }
        record.len = self.texts.len();
        record.line = line;
    }
}

/// A Parquet value as the text a CSV export would hold (docs/format.md, "Parquet"): a DECIMAL exactly, a
/// DOUBLE or FLOAT by its shortest text that reads back as the same number, a timestamp as an ISO 8601
/// date-time in UTC, a date as `YYYY-MM-DD`, a map (tags) as a JSON object, a null as an empty cell.
fn cell_text(field: &Field, out: &mut String) {
    use std::fmt::Write;
    let _ = match field {
        Field::Null => Ok(()),
        Field::Str(text) => {
            out.push_str(text);
            Ok(())
        }
        Field::Decimal(decimal) => {
            out.push_str(&decimal_text(decimal.data(), decimal.scale()));
            Ok(())
        }
        // Rust writes the shortest decimal that reads back as the same binary number, with no exponent.
        Field::Double(x) => write!(out, "{x}"),
        Field::Float(x) => write!(out, "{x}"),
        Field::Date(days) => {
            let day = days.checked_add(719_163).and_then(chrono::NaiveDate::from_num_days_from_ce_opt);
            write!(out, "{}", day.map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string()))
        }
        Field::TimestampMillis(ms) => write!(out, "{}", timestamp(*ms, 1_000)),
        Field::TimestampMicros(us) => write!(out, "{}", timestamp(*us, 1_000_000)),
        Field::MapInternal(map) => {
            let entries = map.entries().iter().map(|(k, v)| (plain(k), serde_json::Value::String(plain(v))));
            write!(out, "{}", serde_json::Value::Object(entries.collect()))
        }
        other => write!(out, "{}", plain(other)),
    };
}

/// A field's text without the quotes Parquet's display puts around strings.
fn plain(field: &Field) -> String {
    let mut out = String::new();
    match field {
        Field::Str(text) => text.clone(),
        Field::MapInternal(_) | Field::Decimal(_) | Field::Double(_) | Field::Float(_) | Field::Null => {
            cell_text(field, &mut out);
            out
        }
        other => other.to_string(),
    }
}

/// `ticks` (per `per_second`) since 1970 in UTC, as `2025-04-01T00:00:00Z`.
fn timestamp(ticks: i64, per_second: i64) -> String {
    let (seconds, rest) = (ticks.div_euclid(per_second), ticks.rem_euclid(per_second));
    let nanos = u32::try_from(rest * (1_000_000_000 / per_second)).unwrap_or(0);
    chrono::DateTime::from_timestamp(seconds, nanos)
        .map_or_else(String::new, |t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

/// The exact decimal text of a Parquet DECIMAL: its unscaled value (big-endian two's complement bytes)
/// with the point `scale` digits from the right.
fn decimal_text(bytes: &[u8], scale: i32) -> String {
    // No exact decimal has more than 38 digits (a file may claim anything).
    if bytes.is_empty() || bytes.len() > 16 || !(0..=38).contains(&scale) {
        return "NaN".to_owned();
    }
    let fill = if bytes[0] & 0x80 != 0 { 0xff } else { 0 };
    let mut wide = [fill; 16];
    wide[16 - bytes.len()..].copy_from_slice(bytes);
    let unscaled = i128::from_be_bytes(wide);
    let digits = unscaled.unsigned_abs().to_string();
    let sign = if unscaled < 0 { "-" } else { "" };
    match usize::try_from(scale) {
        Ok(0) | Err(_) => format!("{sign}{digits}"),
        Ok(scale) => {
            let padded = format!("{digits:0>width$}", width = scale + 1);
            let (whole, fraction) = padded.split_at(padded.len() - scale);
            format!("{sign}{whole}.{fraction}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// Every record of `csv` as `line: cell|cell`, and where each cell of the record on `line` is.
    fn read(csv: &str) -> Vec<String> {
        let mut records = Records::open(Opened::Bytes(Arc::from(csv.as_bytes())), Format::Csv, b',').unwrap();
        let mut out = Vec::new();
        while let Some(record) = records.next().unwrap() {
            let cells: Vec<String> = (0..record.len())
                .map(|i| {
                    let pos = record.pos(i);
                    format!("{}@{}:{}+{}", record.text(i).unwrap().unwrap(), pos.line, pos.col, pos.width)
                })
                .collect();
            out.push(cells.join(" "));
        }
        out
    }

    #[test]
    fn every_line_ending_gives_the_lines_and_columns_an_editor_shows() {
        let expected = ["a@1:1+1 b@1:3+1", "1@2:1+1 xyz@2:3+3", "2@3:1+1 é@3:3+1"];
        for ending in ["\n", "\r\n", "\r"] {
            let csv = ["a,b", "1,xyz", "2,é", ""].join(ending);
            assert_eq!(read(&csv), expected, "{ending:?}");
            let csv = format!("\u{feff}{}", csv.trim_end());
            assert_eq!(read(&csv), expected, "with a byte-order mark and no last line end, {ending:?}");
        }
    }

    #[test]
    fn quoted_cells_may_span_lines_and_blank_lines_are_counted() {
        let csv = "a,b\r\n\r\n\"x\r\ny\",\"q\"\"\"\r\n3,4\r\n";
        assert_eq!(read(csv), ["a@1:1+1 b@1:3+1", "x\r\ny@3:1+2 q\"@4:4+5", "3@5:1+1 4@5:3+1"]);
    }

    #[test]
    fn a_cell_past_the_end_is_placed_after_the_last() {
        let mut records = Records::open(Opened::Bytes(Arc::from(&b"ab,cd\n"[..])), Format::Csv, b',').unwrap();
        let record = records.next().unwrap().unwrap();
        assert_eq!(record.pos(2), Pos { line: 1, col: 6, width: 1 });
        assert_eq!(record.source_line(1).as_deref(), Some("ab,cd"));
    }

    #[test]
    fn formats_are_known_by_their_endings() {
        assert_eq!(Format::of("a.csv.gz"), Some(Format::CsvGz));
        assert_eq!(Format::of("cur-00001.csv"), Some(Format::Csv));
        assert_eq!(Format::of("part-0.parquet"), Some(Format::Parquet));
        assert_eq!(Format::of("a.gz"), None);
        for ext in crate::layout::TABLE_EXTS {
            assert!(Format::ALL.iter().any(|(_, ending)| ending.ends_with(&format!(".{ext}"))), "{ext}");
        }
    }

    #[test]
    fn parquet_decimals_are_exact() {
        assert_eq!(decimal_text(&[0x01, 0x00], 2), "2.56");
        assert_eq!(decimal_text(&[0xff, 0xff], 3), "-0.001");
        assert_eq!(decimal_text(&[0x30, 0x39], 0), "12345");
        assert_eq!(timestamp(1_743_465_600_000, 1_000), "2025-04-01T00:00:00Z");
    }
}
