//! YAML input: the one module that calls the YAML parser (`serde_yaml`, deprecated upstream), and the one
//! index of where things are in YAML text. Datasets, report front matter, claims and `site.yaml` all go
//! through a [`Document`], so their errors carry a file, line and column the same way.
//!
//! `index` finds keys, values and items by path in the text (serde_yaml reports positions only for its
//! own errors); `error` is the one place that reads serde_yaml's printed errors.

mod error;
mod index;

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::Diagnostic;
use error::Kind;
use index::Index;

pub(crate) use crate::diag::Pos;
pub(crate) use index::Step;

/// Flow collections (`[`, `{`) nested deeper than this are refused before parsing: the parser slows down
/// badly on deep nesting (100,000 levels take half a minute), and no spendsite file needs more than a few.
const MAX_FLOW_DEPTH: usize = 16;

/// One YAML document: the whole file it is part of (a report's front matter starts on line 2 of its
/// `.md` file), and the index of its keys. Every position it returns is a position in the file.
pub(crate) struct Document<'t> {
    path: &'t Path,
    source: &'t str,
    text: &'t str,
    /// The file's line number of the document's first line (1-based).
    first_line: usize,
    index: Index<'t>,
}

impl<'t> Document<'t> {
    /// `text` is the YAML, found at line `first_line` of `source`, the file at `path`.
    pub(crate) fn new(path: &'t Path, source: &'t str, text: &'t str, first_line: usize) -> Self {
        Document { path, source, text, first_line, index: Index::new(text) }
    }

    /// A whole file of YAML.
    pub(crate) fn whole(path: &'t Path, source: &'t str) -> Self {
        Document::new(path, source, source, 1)
    }

    pub(crate) fn path(&self) -> &'t Path {
        self.path
    }

    /// The whole file the document is part of.
    pub(crate) fn source(&self) -> &'t str {
        self.source
    }

    /// The document's first line and column, for problems that belong to no key (a missing field).
    pub(crate) fn start(&self) -> Pos {
        self.shift(Pos::START)
    }

    /// Refuses what would make the parser slow or let a small file expand into a huge one: deep nesting,
    /// and anchors and aliases (an "alias bomb"; no spendsite file has a use for them). `kind` names this
    /// kind of file in the message ("datasets"), `depth_hint` says how deep it needs to go.
    pub(crate) fn precheck(&self, kind: &str, depth_hint: &str) -> Result<(), Diagnostic> {
        let (pos, message, hint) = if let Some(pos) = self.index.first_too_deep(MAX_FLOW_DEPTH) {
            let message = format!("the YAML is nested too deeply (more than {MAX_FLOW_DEPTH} levels of `[` and `{{`)");
            (pos, message, depth_hint)
        } else if let Some(pos) = self.index.first_anchor_or_alias() {
            let message = format!("YAML anchors and aliases (`&name`, `*name`) are not allowed in {kind}");
            (pos, message, "write each value out in full")
        } else if let Some(line) = second_document(self.text) {
            let message = "a second YAML document starts here; spendsite reads one per file".to_owned();
            (
                Pos { line, col: 1, width: 3 },
                message,
                "remove this line, or move what follows it into a file of its own",
            )
        } else {
            return Ok(());
        };
        Err(self.error(self.shift(pos), message).with_hint(hint))
    }

    /// Deserializes the document. serde's errors become diagnostics at their line and column, with a
    /// "did you mean" hint for a misspelt field and the second place of a duplicate one.
    pub(crate) fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        // An empty document deserializes as unit; give the same error as a missing field would.
        let text = if self.text.trim().is_empty() { "{}" } else { self.text };
        let parsed = serde_yaml::from_str(text).map_err(|e| self.parse_error(&e))?;
        // The file holds no character a page cannot show (`fs::decode`), but a double-quoted YAML
        // string can still make one with an escape (`"\e"`, `"\x00"`, `"\uFFFE"`): refused the same way.
        if text.contains('\\') {
            if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(text) {
                self.check_escapes(&value)?;
            }
        }
        Ok(parsed)
    }

    /// Refuses the first string (key or value) of `value` that holds a character no page can show, at the
    /// escape that made it.
    fn check_escapes(&self, value: &serde_yaml::Value) -> Result<(), Diagnostic> {
        let Some((path, c)) = unshowable(value) else { return Ok(()) };
        let steps: Vec<Step> = path
            .iter()
            .map(|step| match step {
                OwnedStep::Key(key) => Step::Key(key),
                OwnedStep::Item(i) => Step::Item(*i),
            })
            .collect();
        let kind = if c.is_control() { "the control character" } else { "the noncharacter" };
        let message = format!("an escape here gives {kind} U+{:04X}, which no page can show", c as u32);
        Err(self.error(self.text_in_value(&steps, "\\"), message).with_hint("leave the escape out"))
    }

    fn parse_error(&self, error: &serde_yaml::Error) -> Diagnostic {
        let reading = error::read(error);
        let at = match reading.at {
            Some((line, col)) => self.shift(Pos { line, col, width: 1 }),
            None if self.first_line > 1 => Pos { line: self.first_line - 1, col: 1, width: 1 },
            None => Pos { line: 0, col: 0, width: 1 },
        };
        let mut diag = self.error(at, reading.message.clone());
        let hint = match &reading.kind {
            Kind::UnknownField { field, expected } => Some(error::unknown_field_hint(field, expected)),
            Kind::DuplicateField(field) => {
                if let Some(second) = self.find(&[Step::Nth(field, 1)]) {
                    let first = self.find(&[Step::Key(field)]).map_or(second.line, |p| p.line);
                    diag = self.error(second, reading.message.clone());
                    Some(format!("first given on line {first}"))
                } else {
                    None
                }
            }
            Kind::CannotStart => match self.char_at(at) {
                Some('\t') => Kind::Tab.hint().map(str::to_owned),
                Some(c) => Some(format!("quote a value that starts with `{c}`, e.g. \"{c}…\"")),
                None => None,
            },
            kind => kind.hint().map(str::to_owned),
        };
        let hint = hint.or_else(|| {
            let (what, line, col) = reading.context.as_ref()?;
            let line = line + self.first_line - 1;
            Some(format!("while {what} that starts at line {line}, column {col}"))
        });
        match hint {
            Some(hint) => diag.with_hint(hint),
            None => diag,
        }
    }

    /// An error at `pos` (a file position), with the line as its code frame.
    pub(crate) fn error(&self, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path, message).placed(self.source, pos)
    }

    /// The character at `pos` of the file.
    fn char_at(&self, pos: Pos) -> Option<char> {
        self.source.lines().nth(pos.line.checked_sub(1)?)?.chars().nth(pos.col.checked_sub(1)?)
    }

    fn shift(&self, pos: Pos) -> Pos {
        Pos { line: pos.line + self.first_line - 1, ..pos }
    }

    /// The position of the key at `path`.
    pub(crate) fn find(&self, path: &[Step]) -> Option<Pos> {
        self.index.find(path).map(|p| self.shift(p))
    }

    /// The position of the deepest key of `path` that exists, or the document's start.
    pub(crate) fn nearest(&self, path: &[Step]) -> Pos {
        self.shift(self.index.nearest(path))
    }

    /// The position of `word:` inside the value of the key at `path` (e.g. `status` in a flow map).
    pub(crate) fn inner(&self, path: &[Step], word: &str) -> Option<Pos> {
        self.index.inner(path, word).map(|p| self.shift(p))
    }

    /// The position of the value after the key at `path` on the key's line, or of the key.
    pub(crate) fn value(&self, path: &[Step]) -> Option<Pos> {
        self.index.value(path).map(|p| self.shift(p))
    }

    /// Where the value of the key at `path` is written, falling back to the nearest key found.
    pub(crate) fn value_or_nearest(&self, path: &[Step]) -> Pos {
        self.value(path).unwrap_or_else(|| self.nearest(path))
    }

    /// The text of the plain scalar after the key at `path`.
    pub(crate) fn scalar_text(&self, path: &[Step]) -> Option<String> {
        self.index.scalar_text(path)
    }

    /// Where `text` is written in the value of the key at `path` (a tag in `tags: [a, B]`), or the value.
    pub(crate) fn text_in_value(&self, path: &[Step], text: &str) -> Pos {
        self.index.find_text(path, text).map_or_else(|| self.value_or_nearest(path), |p| self.shift(p))
    }
}

/// A step of the path to a value in a parsed document.
enum OwnedStep {
    Key(String),
    Item(usize),
}

/// The path to the first string (a key, or a value) under `value` that holds a character no page can
/// show, and that character.
fn unshowable(value: &serde_yaml::Value) -> Option<(Vec<OwnedStep>, char)> {
    use serde_yaml::Value;
    let bad = |text: &str| text.chars().find(|c| !crate::fs::is_allowed_char(*c));
    let within = |step: OwnedStep, value: &Value| {
        unshowable(value).map(|(mut path, c)| {
            path.insert(0, step);
            (path, c)
        })
    };
    match value {
        Value::String(text) => bad(text).map(|c| (Vec::new(), c)),
        Value::Sequence(items) => items.iter().enumerate().find_map(|(i, item)| within(OwnedStep::Item(i), item)),
        Value::Mapping(map) => map.iter().find_map(|(key, item)| {
            let key = match key {
                Value::String(key) => key.clone(),
                other => serde_yaml::to_string(other).unwrap_or_default().trim_end().to_owned(),
            };
            match bad(&key) {
                Some(c) => Some((vec![OwnedStep::Key(key)], c)),
                None => within(OwnedStep::Key(key), item),
            }
        }),
        Value::Tagged(tagged) => unshowable(&tagged.value),
        Value::Null | Value::Bool(_) | Value::Number(_) => None,
    }
}

/// The 1-based line of `text` where a second document starts: a `---` marker at the start of a line
/// after content, or content after a `...` end marker. (A marker cannot be inside a value: a line at
/// column 1 ends any block scalar, and markers end quoted ones.)
fn second_document(text: &str) -> Option<usize> {
    let (mut content, mut ended) = (false, false);
    for (i, line) in text.lines().enumerate() {
        let is = |m: &str| line.strip_prefix(m).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
        let trimmed = line.trim();
        let blank = trimmed.is_empty() || trimmed.starts_with('#');
        if is("---") && (content || ended) {
            return Some(i + 1);
        } else if is("...") {
            ended = true;
        } else if !is("---") && !blank {
            if ended {
                return Some(i + 1);
            }
            content = true;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_document_is_found_where_it_starts() {
        assert_eq!(second_document("a: 1\n---\nb: 2\n"), Some(2));
        assert_eq!(second_document("---\na: 1\n"), None, "one document with its start marker");
        assert_eq!(second_document("# c\n---\na: 1\n...\n"), None, "an end marker with nothing after it");
        assert_eq!(second_document("a: 1\n...\n# c\nb: 2\n"), Some(4));
        assert_eq!(second_document("a: |\n  ---\n  text\nb: ----\n"), None);
        assert_eq!(second_document("a: 1\n--- # next\n"), Some(2));
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        title: String,
        date: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    const MD: &str = "---\ntitle: A\ndaet: 2024-01-01\n---\nbody\n";

    fn front(source: &str) -> Document<'_> {
        let end = source[4..].find("---").map_or(source.len(), |i| i + 4);
        Document::new(Path::new("content/a.md"), source, &source[4..end], 2)
    }

    #[test]
    fn unknown_field_points_at_the_file_line_with_a_hint() {
        let err = front(MD).parse::<Front>().unwrap_err();
        assert_eq!(err.location(), "content/a.md:3:1");
        assert!(err.message.starts_with("unknown field `daet`"), "{}", err.message);
        assert_eq!(err.hint.as_deref(), Some("did you mean `date`?"));
    }

    #[test]
    fn missing_field_is_named() {
        let err = Document::whole(Path::new("site.yaml"), "title: A\n").parse::<Front>().unwrap_err();
        assert_eq!(err.message, "missing field `date`");
    }

    #[test]
    fn duplicate_fields_point_at_the_second() {
        let source = "---\ntitle: A\ndate: x\ntitle: B\n---\n";
        let err = front(source).parse::<Front>().unwrap_err();
        assert_eq!((err.location(), err.message.as_str()), ("content/a.md:4:1".into(), "duplicate field `title`"));
        assert_eq!(err.hint.as_deref(), Some("first given on line 2"));
    }

    #[test]
    fn positions_are_file_positions() {
        let source = "---\ntitle: A\ntags: [ok, Not OK]\n---\n";
        let doc = front(source);
        assert_eq!(doc.find(&[Step::Key("tags")]), Some(Pos { line: 3, col: 1, width: 4 }));
        assert_eq!(doc.text_in_value(&[Step::Key("tags")], "Not OK"), Pos { line: 3, col: 12, width: 6 });
        assert_eq!(doc.start(), Pos { line: 2, col: 1, width: 1 });
    }

    #[test]
    fn deep_nesting_and_aliases_are_refused_before_parsing() {
        let deep = format!("title: {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let err = Document::whole(Path::new("site.yaml"), &deep).precheck("site.yaml", "flatten it").unwrap_err();
        assert_eq!(err.location(), "site.yaml:1:24");
        assert_eq!(err.hint.as_deref(), Some("flatten it"));
        let alias = "a: &x 1\nb: *x\n";
        let err = Document::whole(Path::new("site.yaml"), alias).precheck("site.yaml", "").unwrap_err();
        assert_eq!(err.location(), "site.yaml:1:4");
    }
}
