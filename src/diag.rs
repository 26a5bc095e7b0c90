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

/// The longest message or hint shown: a value quoted from a huge line is cut.
const TEXT_WIDTH: usize = 300;

/// At most [`FRAME_WIDTH`] characters of a long source line around character `col` (0-based), with `…`
/// where it was cut and every character made safe to print ([`push_printable`]); where `col` ends up in
/// the excerpt, and how many of its characters the `width` characters from `col` cover there (at least
/// one).
fn excerpt(line: &str, col: usize, width: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let (start, end) = if chars.len() <= FRAME_WIDTH {
        (0, chars.len())
    } else {
        let start = col.saturating_sub(FRAME_WIDTH / 2).min(chars.len() - FRAME_WIDTH);
        (start, start + FRAME_WIDTH)
    };
    let mut shown = String::new();
    let mut len = 0;
    if start > 0 {
        shown.push('…');
        len += 1;
    }
    let (mut offset, mut marked) = (None, 0);
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        if i == col {
            offset = Some(len);
        }
        let added = if c == '\t' { push_printable(' ', &mut shown) } else { push_printable(c, &mut shown) };
        if (col..col + width).contains(&i) {
            marked += added;
        }
        len += added;
    }
    // A position past the end of the line (an unclosed tag) is shown past it.
    let offset = offset.unwrap_or(len + col.saturating_sub(end));
    if end < chars.len() {
        shown.push('…');
    }
    (shown, offset, marked.max(1))
}

/// Pushes `c` onto `out` as it is safe to print to a terminal, and says how many characters that took:
/// a control character (ESC, a line break in a message) or a character that reorders text is written
/// as its escape, `\u{1b}`, so that nothing a file or its name holds can move the cursor or hide text.
fn push_printable(c: char, out: &mut String) -> usize {
    let reorders = matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if c.is_control() || reorders {
        let escaped: String = c.escape_unicode().collect();
        out.push_str(&escaped);
        escaped.len()
    } else {
        out.push(c);
        1
    }
}

/// `text` safe to print (see [`push_printable`]), keeping its line breaks when `lines` is set, and cut
/// after [`TEXT_WIDTH`] characters.
fn printable(text: &str, lines: bool) -> String {
    let mut out = String::with_capacity(text.len().min(TEXT_WIDTH * 2));
    let mut len = 0;
    for (i, c) in text.chars().enumerate() {
        if len >= TEXT_WIDTH {
            let rest = text.chars().count() - i;
            out.push_str(&format!("… ({rest} more characters)"));
            break;
        }
        len += if lines && c == '\n' {
            out.push(c);
            1
        } else {
            push_printable(c, &mut out)
        };
    }
    out
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

    /// A warning as an error, for a run that allows none (`--strict`); errors and notes unchanged.
    pub fn strict(self) -> Self {
        match self.severity {
            Severity::Warning => Diagnostic { severity: Severity::Error, ..self },
            _ => self,
        }
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
        let path = printable(&self.path.to_string_lossy(), false);
        match (self.line, self.col) {
            (0, _) => path,
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
        let message = printable(&self.message, false);
        let mut out = format!("{}: {label}: {message}\n", paint("1", &self.location()));
        if let (Some(text), true) = (&self.source_line, self.line > 0) {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            let (shown, offset, marked) = excerpt(text, self.col.saturating_sub(1), self.width);
            out.push_str(&format!("{gutter} |\n{number} | {shown}\n"));
            if self.col > 0 {
                let pad = " ".repeat(offset);
                let carets = paint("1;31", &"^".repeat(marked));
                out.push_str(&format!("{gutter} | {pad}{carets}\n"));
            }
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("  = {}: {}\n", paint("1;36", "hint"), printable(hint, true)));
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
    /// deterministic order and a note comes after the errors it is about; a diagnostic found again (an
    /// error of a template, once per page it renders) is kept once.
    pub fn sort(&mut self) {
        let key = |d: &Diagnostic| (d.severity == Severity::Note, d.line, d.col, d.severity);
        self.0.sort_by(|a, b| (&a.path, key(a), &a.message).cmp(&(&b.path, key(b), &b.message)));
        self.0.dedup();
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
    fn a_huge_mark_and_a_huge_quoted_value_are_cut_too() {
        let line = "x".repeat(1_000_000);
        let d = Diagnostic::error("data/x.yaml", format!("value `{line}` is not a number"))
            .at_in(&line, 1, 1)
            .spanning(1_000_000)
            .with_hint(line.clone());
        let text = d.render(false);
        let lines: Vec<&str> = text.lines().collect();
        let rest = "… (999724 more characters)";
        assert_eq!(lines[0], format!("data/x.yaml:1:1: error: value `{}{rest}", "x".repeat(293)));
        assert_eq!(lines[2], format!("1 | {}…", "x".repeat(100)));
        assert_eq!(lines[3], format!("  | {}", "^".repeat(100)));
        assert_eq!(lines[4], format!("  = hint: {}… (999700 more characters)", "x".repeat(300)));
        assert_eq!(
            text.len(),
            1 + [lines[0], lines[1], lines[2], lines[3], lines[4]].map(str::len).iter().sum::<usize>() + 4
        );
    }

    #[test]
    fn control_characters_are_escaped_wherever_they_come_from() {
        let d = Diagnostic::error("data/\u{1b}[2Jevil\nname.yaml", "value `a\u{1b}[31mred\rb` is bad")
            .at_in("  a: \u{1b}[2J\u{202e}x\ty", 1, 8)
            .spanning(3)
            .with_hint("write `1`\nor leave it out: \u{7}");
        assert_eq!(
            d.render(false),
            "data/\\u{1b}[2Jevil\\u{a}name.yaml:1:8: error: value `a\\u{1b}[31mred\\u{d}b` is bad\n  |\n\
             1 |   a: \\u{1b}[2J\\u{202e}x y\n  |             ^^^^^^^^^^\n\
             \x20 = hint: write `1`\nor leave it out: \\u{7}\n"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("vaule", ["value", "status", "note"]), Some("value"));
        assert_eq!(did_you_mean("xyz", ["value", "status"]), None);
    }
}
