//! Diagnostics: one error type for every input problem a user can fix.
//!
//! A [`Diagnostic`] names the file, the 1-based line and column, says what is wrong and, where it helps,
//! how to fix it. [`Diagnostics`] collects all of them for a run, because a writer fixing a site wants the
//! whole list at once, not one error per build.

use std::fmt;
use std::path::PathBuf;

/// How bad a diagnostic is: errors fail the run, warnings are printed and the run goes on, notes say
/// what else an error stopped (and are sorted after the errors of their file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// A place in a file: 1-based line and column (in characters), and how many characters it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
    pub width: usize,
}

impl Pos {
    /// The start of a file.
    pub const START: Pos = Pos { line: 1, col: 1, width: 1 };
}

/// The 1-based character column of byte offset `byte` (a char boundary) in `line`.
pub fn char_column(line: &str, byte: usize) -> usize {
    line[..byte.min(line.len())].chars().count() + 1
}

/// The 1-based character column where `text` first occurs in `line`.
pub fn column_of(line: &str, text: &str) -> Option<usize> {
    line.find(text).map(|byte| char_column(line, byte))
}

/// The widest code frame shown; longer lines are cut around the error.
const FRAME_WIDTH: usize = 100;

/// At most [`FRAME_WIDTH`] characters of a long source line around character `col` (0-based), with `…`
/// where it was cut, and where `col` ends up in the excerpt.
fn excerpt(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= FRAME_WIDTH {
        return (line.to_owned(), col);
    }
    let start = col.saturating_sub(FRAME_WIDTH / 2).min(chars.len() - FRAME_WIDTH);
    let end = start + FRAME_WIDTH;
    let mut shown: String = chars[start..end].iter().collect();
    let mut offset = col.saturating_sub(start);
    if start > 0 {
        shown.insert(0, '…');
        offset += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, offset)
}

/// One problem in the user's input, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub col: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The offending source line, shown under the message with a caret.
    pub source_line: Option<String>,
    /// How many characters the caret marks (at least one).
    pub width: usize,
}

impl Diagnostic {
    /// An error about a whole file; add a position with [`Diagnostic::at`].
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            hint: None,
            source_line: None,
            width: 1,
        }
    }

    /// A warning: printed, but the run succeeds.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, message) }
    }

    /// A note: what an error elsewhere kept from being checked.
    pub fn note(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Note, ..Diagnostic::error(path, message) }
    }

    /// Places the diagnostic at `line:col` (both 1-based).
    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self
    }

    /// Places the diagnostic at `line:col` and copies that line out of `source` for the code frame.
    pub fn at_in(self, source: &str, line: usize, col: usize) -> Self {
        let text = source.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        let mut diag = self.at(line, col);
        diag.source_line = text;
        diag
    }

    /// Places the diagnostic at `pos` in `source`, with its code frame; a `pos` on line 0 leaves it
    /// about the whole file.
    pub fn placed(self, source: &str, pos: Pos) -> Self {
        if pos.line == 0 {
            return self;
        }
        self.at_in(source, pos.line, pos.col).spanning(pos.width)
    }

    /// Marks `width` characters from the column with carets.
    pub fn spanning(mut self, width: usize) -> Self {
        self.width = width.max(1);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col` (or just `path` when the position is unknown).
    pub fn location(&self) -> String {
        let path = self.path.display();
        match (self.line, self.col) {
            (0, _) => format!("{path}"),
            (line, 0) => format!("{path}:{line}"),
            (line, col) => format!("{path}:{line}:{col}"),
        }
    }

    /// The full report: `path:line:col: error: message`, the code frame with a caret, the hint.
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_owned()
            }
        };
        let label = match self.severity {
            Severity::Error => paint("1;31", "error"),
            Severity::Warning => paint("1;33", "warning"),
            Severity::Note => paint("1;36", "note"),
        };
        let mut out = format!("{}: {label}: {}\n", paint("1", &self.location()), self.message);
        if let (Some(text), true) = (&self.source_line, self.line > 0) {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            let (shown, offset) = excerpt(&text.replace('\t', " "), self.col.saturating_sub(1));
            out.push_str(&format!("{gutter} |\n{number} | {shown}\n"));
            if self.col > 0 {
                let pad = " ".repeat(offset);
                let carets = paint("1;31", &"^".repeat(self.width));
                out.push_str(&format!("{gutter} | {pad}{carets}\n"));
            }
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("  = {}: {hint}\n", paint("1;36", "hint")));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// All diagnostics of a run, errors and warnings, kept in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diag: Diagnostic) {
        self.0.push(diag);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Sorts by file, then position (a file's notes last), so that parallel stages report in a
    /// deterministic order and a note comes after the errors it is about.
    pub fn sort(&mut self) {
        let key = |d: &Diagnostic| (d.severity == Severity::Note, d.line, d.col, d.severity);
        self.0.sort_by(|a, b| (&a.path, key(a), &a.message).cmp(&(&b.path, key(b), &b.message)));
    }

    /// Every diagnostic rendered, one after another.
    pub fn render(&self, color: bool) -> String {
        self.0.iter().map(|d| d.render(color)).collect::<Vec<_>>().join("\n")
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        let mut diags = Diagnostics(iter.into_iter().collect());
        diags.sort();
        diags
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diag: Diagnostic) -> Self {
        Diagnostics(vec![diag])
    }
}

/// The closest candidate to a misspelt name, for "did you mean" hints.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_frame_and_hint() {
        let source = "title: x\nseries:\n  a: { vaule: 1 }\n";
        let diag = Diagnostic::error("data/x.yaml", "unknown field `vaule`")
            .at_in(source, 3, 8)
            .spanning(5)
            .with_hint("did you mean `value`?");
        assert_eq!(
            diag.render(false),
            "data/x.yaml:3:8: error: unknown field `vaule`\n  |\n3 |   a: { vaule: 1 }\n  |        ^^^^^\n  = hint: did you mean `value`?\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_error() {
        let line = format!("{}X{}", "a".repeat(300), "b".repeat(300));
        let d = Diagnostic::error("data/x.yaml", "bad").at_in(&line, 1, 301);
        let frame: Vec<String> = d.render(false).lines().map(str::to_owned).collect();
        assert_eq!(frame[2], format!("1 | …{}X{}…", "a".repeat(50), "b".repeat(49)));
        assert_eq!(frame[3], format!("  | {}^", " ".repeat(51)));
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("vaule", ["value", "status", "note"]), Some("value"));
        assert_eq!(did_you_mean("xyz", ["value", "status"]), None);
    }
}
