//! Where things are in a YAML document: line and column of a key path, found by a line scanner.
//!
//! serde_yaml reports positions only for its own errors, not for duplicate keys or for problems found by
//! validation, so this module finds them in the text. It is not a YAML parser: it reads block-style mappings
//! and sequences by indentation (the way spendsite's files are written), skips comments and block scalars
//! (`notes: |`), and looks inside a one-line flow map (`{ value: 1, status: x }`) only when asked for a word.

use std::collections::HashMap;

use crate::diag::{char_column, Pos};

/// One step of a key path.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'k> {
    /// The first key with this text.
    Key(&'k str),
    /// The `n`th (0-based) key with this text, for duplicates.
    Nth(&'k str, usize),
    /// The `n`th (0-based) item of a sequence.
    Item(usize),
}

/// A key found on a line.
#[derive(Debug)]
struct Entry<'t> {
    line: usize,
    /// 0-based column of the key: its indentation.
    indent: usize,
    key: &'t str,
    /// Characters of the key as written (with quotes).
    width: usize,
    /// Byte offset just after the key's `:` in its line.
    after: usize,
    /// The key opens a sequence item (`- title: …`).
    item: bool,
}

/// The keys of one file, in order.
pub(super) struct Index<'t> {
    lines: Vec<&'t str>,
    entries: Vec<Entry<'t>>,
    /// For each entry, the index of the first later entry not nested under it (its next sibling, or beyond).
    ends: Vec<usize>,
    /// Entry indices by parent entry (`None` at the top level) and key, in file order: finding one of the
    /// thousands of periods of a series must not scan them all.
    children: HashMap<Option<usize>, HashMap<&'t str, Vec<usize>>>,
    parents: Vec<Option<usize>>,
    /// 1-based numbers of the lines inside block scalars (`notes: |`), which hold text, not YAML.
    text_lines: Vec<usize>,
}

impl<'t> Index<'t> {
    /// Scans `text` for block-style keys.
    pub(super) fn new(text: &'t str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let mut entries = Vec::new();
        let mut block_scalar_of: Option<usize> = None;
        let mut text_lines = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let indent = line.len() - line.trim_start_matches(' ').len();
            let body = &line[indent..];
            if body.trim().is_empty() || body.starts_with('#') {
                continue;
            }
            match block_scalar_of {
                Some(owner) if indent > owner => {
                    text_lines.push(i + 1);
                    continue;
                }
                _ => block_scalar_of = None,
            }
            if let Some(entry) = scan_line(i + 1, line, indent) {
                let rest = line[entry.after..].trim_start();
                if rest.starts_with('|') || rest.starts_with('>') {
                    block_scalar_of = Some(entry.indent);
                }
                entries.push(entry);
            }
        }
        let (ends, parents) = scope_ends(&entries);
        let mut children: HashMap<Option<usize>, HashMap<&str, Vec<usize>>> = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            children.entry(parents[i]).or_default().entry(entry.key).or_default().push(i);
        }
        Index { lines, entries, ends, children, parents, text_lines }
    }

    /// Where flow collections (`[`, `{`) first nest deeper than `limit`, outside quotes and comments.
    ///
    /// The YAML parser slows down badly on deep nesting (100 000 levels take half a minute), and no dataset
    /// needs more than a few levels, so this is checked before parsing.
    pub(super) fn first_too_deep(&self, limit: usize) -> Option<Pos> {
        let mut depth = 0usize;
        for (i, line) in self.lines.iter().enumerate() {
            if self.text_lines.binary_search(&(i + 1)).is_ok() {
                continue;
            }
            let mut quote: Option<char> = None;
            let mut prev = ' ';
            for (byte, c) in line.char_indices() {
                match (quote, c) {
                    (Some(q), _) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, '#') if prev == ' ' => break,
                    (None, '"' | '\'') if matches!(prev, ' ' | '[' | '{' | ',' | ':') => quote = Some(c),
                    (None, '[' | '{') => depth += 1,
                    (None, ']' | '}') => depth = depth.saturating_sub(1),
                    _ => {}
                }
                if depth > limit {
                    return Some(Pos { line: i + 1, col: char_column(line, byte), width: 1 });
                }
                prev = c;
            }
        }
        None
    }

    /// The first YAML anchor (`&a`) or alias (`*a`) outside comments, quotes and block scalars.
    pub(super) fn first_anchor_or_alias(&self) -> Option<Pos> {
        let lines = self.lines.iter().enumerate().filter(|(i, _)| self.text_lines.binary_search(&(i + 1)).is_err());
        lines.into_iter().find_map(|(i, line)| {
            let byte = anchor_in_line(line)?;
            let width = line[byte..].find([' ', ',', ']', '}']).unwrap_or(line.len() - byte);
            Some(Pos { line: i + 1, col: char_column(line, byte), width: line[byte..byte + width].chars().count() })
        })
    }

    /// The position of the key at `path`, if the scanner finds it.
    pub(super) fn find(&self, path: &[Step]) -> Option<Pos> {
        self.entry_at(path).map(|(index, _)| self.pos(index))
    }

    /// The position of the deepest key of `path` that exists, or the start of the file.
    pub(super) fn nearest(&self, path: &[Step]) -> Pos {
        self.locate(path).and_then(|found| found.last().map(|&i| self.pos(i))).unwrap_or(Pos::START)
    }

    /// The entry of the key at `path` and the line after its value ends (where the next key at its level
    /// or above starts).
    fn entry_at(&self, path: &[Step]) -> Option<(usize, usize)> {
        let index = *self.locate(path).filter(|found| found.len() == path.len())?.last()?;
        let end = self.entries.get(self.ends[index]).map_or(self.lines.len() + 1, |next| next.line);
        Some((index, end))
    }

    /// The first place in the value of the key at `path` (after the key on its line, or on the lines
    /// nested under it) where `find` finds something in a line's text: its byte offset and width.
    fn in_value(&self, path: &[Step], find: impl Fn(&str) -> Option<(usize, usize)>) -> Option<Pos> {
        let (index, end) = self.entry_at(path)?;
        let entry = &self.entries[index];
        (entry.line..end).find_map(|line| {
            let from = if line == entry.line { entry.after } else { 0 };
            let text = self.lines[line - 1];
            let (byte, width) = find(&text[from..])?;
            Some(Pos { line, col: char_column(text, from + byte), width })
        })
    }

    /// The position of `word:` inside the value of the key at `path` (e.g. `status` in a flow map).
    pub(super) fn inner(&self, path: &[Step], word: &str) -> Option<Pos> {
        self.in_value(path, |text| Some((find_word(text, word)?, word.chars().count())))
    }

    /// Where `text` first occurs in the value of the key at `path` (a block list's items included).
    pub(super) fn find_text(&self, path: &[Step], text: &str) -> Option<Pos> {
        self.in_value(path, |line| Some((line.find(text)?, text.chars().count())))
    }

    /// The position of the value written after the key at `path` on the key's line (`million` in
    /// `unit: million`), or of the key when nothing follows it there.
    pub(super) fn value(&self, path: &[Step]) -> Option<Pos> {
        let (index, _) = self.entry_at(path)?;
        let entry = &self.entries[index];
        let line = self.lines[entry.line - 1];
        let text = strip_comment(&line[entry.after..]);
        if text.is_empty() {
            return Some(self.pos(index));
        }
        let byte = entry.after + line[entry.after..].find(text)?;
        Some(Pos { line: entry.line, col: char_column(line, byte), width: text.chars().count() })
    }

    /// The text of the plain scalar after the key at `path` (`52.4` in `2023-08: 52.4  # note`).
    pub(super) fn scalar_text(&self, path: &[Step]) -> Option<String> {
        let (index, end) = self.entry_at(path)?;
        let entry = &self.entries[index];
        // No anchors to skip: `Document::precheck` refuses them before any lookup.
        let text = strip_comment(&self.lines[entry.line - 1][entry.after..]);
        if !text.is_empty() {
            return Some(text.to_owned());
        }
        let next = (entry.line + 1..end).map(|l| strip_comment(self.lines[l - 1])).find(|t| !t.is_empty());
        next.map(str::to_owned)
    }

    /// Indices of the entries matched by each step of `path`, as far as they are found.
    fn locate(&self, path: &[Step]) -> Option<Vec<usize>> {
        let mut found = Vec::new();
        let (mut start, mut end) = (0, self.entries.len());
        for step in path {
            let (key, n) = match *step {
                Step::Key(key) => (Some(key), 0),
                Step::Nth(key, n) => (Some(key), n),
                Step::Item(n) => (None, n),
            };
            let hit = match key {
                Some(key) => self.nth_child(start, end, key, n),
                None => self.siblings(start, end).filter(|&i| self.entries[i].item).nth(n),
            };
            let Some(i) = hit else { break };
            found.push(i);
            (start, end) = match step {
                Step::Item(_) => (i, self.siblings(self.ends[i], end).find(|&j| self.entries[j].item).unwrap_or(end)),
                _ => (i + 1, self.ends[i].min(end)),
            };
        }
        (!found.is_empty()).then_some(found)
    }

    /// The `n`th entry `key` in `start..end` that is nested under the same entry as `start`.
    fn nth_child(&self, start: usize, end: usize, key: &str, n: usize) -> Option<usize> {
        let list = self.children.get(self.parents.get(start)?)?.get(key)?;
        let from = list.partition_point(|&i| i < start);
        list[from..].iter().copied().take_while(|&i| i < end).nth(n)
    }

    /// `start` and the entries at its level after it, up to `end`.
    fn siblings(&self, start: usize, end: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(start), |&i| self.ends.get(i).copied()).take_while(move |&i| i < end)
    }

    fn pos(&self, i: usize) -> Pos {
        let entry = &self.entries[i];
        Pos { line: entry.line, col: entry.indent + 1, width: entry.width }
    }
}

/// For each entry, the first later entry indented no deeper, and the entry it is nested under (one pass with
/// a stack).
fn scope_ends(entries: &[Entry]) -> (Vec<usize>, Vec<Option<usize>>) {
    let mut ends = vec![entries.len(); entries.len()];
    let mut parents = vec![None; entries.len()];
    let mut open: Vec<usize> = Vec::new();
    for (j, entry) in entries.iter().enumerate() {
        while let Some(&top) = open.last().filter(|&&top| entries[top].indent >= entry.indent) {
            ends[top] = j;
            open.pop();
        }
        parents[j] = open.last().copied();
        open.push(j);
    }
    (ends, parents)
}

/// Reads `key:` (after any `- ` sequence markers) at the start of a line.
fn scan_line(line_no: usize, line: &str, indent: usize) -> Option<Entry<'_>> {
    let mut col = indent;
    let mut item = false;
    while let Some(rest) = line[col..].strip_prefix('-').filter(|r| r.is_empty() || r.starts_with(' ')) {
        item = true;
        col = line.len() - rest.trim_start_matches(' ').len();
    }
    let body = &line[col..];
    let (key, key_bytes) = match body.chars().next()? {
        quote @ ('"' | '\'') => {
            let close = body[1..].find(quote)? + 1;
            (&body[1..close], close + 1)
        }
        '{' | '[' | '#' | '&' | '*' | '!' | '|' | '>' | '?' => return None,
        _ => {
            let colon = body.match_indices(':').map(|(i, _)| i).find(|&i| is_key_end(body, i))?;
            let key = body[..colon].trim_end();
            (key, key.len())
        }
    };
    let width = body[..key_bytes].chars().count();
    let colon = col + key_bytes + (body[key_bytes..].len() - body[key_bytes..].trim_start_matches(' ').len());
    if !is_key_end(line, colon) || key.contains(" #") {
        return None;
    }
    Some(Entry { line: line_no, indent: col, key, width, after: colon + 1, item })
}

/// A `:` at byte `i` ends a key when a space or the end of the line follows.
fn is_key_end(text: &str, i: usize) -> bool {
    text[i..].starts_with(':') && text[i + 1..].chars().next().is_none_or(|c| c == ' ' || c == '\t')
}

/// The byte offset of `word` followed by `:` as a flow-map key (after `{`, `,` or a space).
fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before_ok = text[..i].chars().next_back().is_none_or(|c| c == '{' || c == ',' || c == ' ');
        let after = text[i + word.len()..].trim_start_matches(' ');
        before_ok && after.starts_with(':')
    })
}

/// The byte offset of `&name` or `*name` where a YAML node starts (after indentation, `- `, `: `, `[`, `{`
/// or `,`), outside quotes; `R&D` or `a *b*` in a plain scalar are text.
fn anchor_in_line(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut prev_token: Option<char> = None;
    let mut prev_char = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '#' && prev_char == ' ' => return None,
            None if c == '"' || c == '\'' => quote = Some(c).filter(|_| node_start(prev_token, prev_char)),
            None if c == '&' || c == '*' => {
                let next = line[i + 1..].chars().next().filter(|n| !matches!(n, ' ' | ',' | '[' | ']' | '{' | '}'));
                if next.is_some() && node_start(prev_token, prev_char) {
                    return Some(i);
                }
            }
            None => {}
        }
        if c != ' ' {
            prev_token = Some(c);
        }
        prev_char = c;
    }
    None
}

/// Whether a node may start after the last non-space character `token` (and the character just before).
fn node_start(token: Option<char>, prev_char: char) -> bool {
    match token {
        None | Some('[' | '{' | ',') => true,
        Some(':' | '-' | '?') => prev_char == ' ',
        _ => false,
    }
}

/// A line's text without a trailing ` # comment`, trimmed.
fn strip_comment(text: &str) -> &str {
    let text = text.trim();
    if text.starts_with('#') {
        return "";
    }
    text.find(" #").map_or(text, |i| &text[..i]).trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
title: T   # a comment
notes: |
  series: not a key
  values: nor this
sources:
  - title: A
    url: https://a
  - title: B
    published: 2025-01-02
series:
  acr:
    label: L
    values:
      2023-07: { value: 50, status: reportd }
      \"2023-08\": 52.4  # peak
      2023-07: 61.90
      2023-09:
        55.20
  other:
    values:
      2023-07: 1
";

    fn at(path: &[Step]) -> (usize, usize) {
        let pos = Index::new(FILE).find(path).unwrap();
        (pos.line, pos.col)
    }

    #[test]
    fn finds_keys_by_path_skipping_block_scalars() {
        use Step::*;
        assert_eq!(at(&[Key("title")]), (1, 1));
        assert_eq!(at(&[Key("series")]), (10, 1));
        assert_eq!(at(&[Key("series"), Key("acr"), Key("values"), Key("2023-07")]), (14, 7));
        assert_eq!(at(&[Key("series"), Key("acr"), Key("values"), Nth("2023-07", 1)]), (16, 7));
        assert_eq!(at(&[Key("series"), Key("other"), Key("values"), Key("2023-07")]), (21, 7));
        assert_eq!(at(&[Key("sources"), Item(1), Key("published")]), (9, 5));
        assert_eq!(at(&[Key("sources"), Item(1), Key("title")]), (8, 5));
        assert!(Index::new(FILE).find(&[Key("sources"), Item(0), Key("published")]).is_none());
        assert!(Index::new(FILE).find(&[Key("values")]).is_none());
    }

    #[test]
    fn quoted_keys_are_found_without_quotes() {
        let spans = Index::new(FILE);
        let path = [Step::Key("series"), Step::Key("acr"), Step::Key("values"), Step::Key("2023-08")];
        assert_eq!(spans.find(&path), Some(Pos { line: 15, col: 7, width: 9 }));
        assert_eq!(spans.scalar_text(&path).as_deref(), Some("52.4"));
    }

    #[test]
    fn reads_words_and_scalars_after_keys() {
        use Step::*;
        let spans = Index::new(FILE);
        let values = |k| [Key("series"), Key("acr"), Key("values"), k];
        assert_eq!(spans.inner(&values(Key("2023-07")), "status"), Some(Pos { line: 14, col: 29, width: 6 }));
        assert_eq!(spans.inner(&values(Key("2023-07")), "value"), Some(Pos { line: 14, col: 18, width: 5 }));
        assert_eq!(spans.scalar_text(&values(Nth("2023-07", 1))).as_deref(), Some("61.90"));
        assert_eq!(spans.scalar_text(&values(Key("2023-09"))).as_deref(), Some("55.20"));
    }

    #[test]
    fn finds_values_after_keys() {
        let spans = Index::new(FILE);
        assert_eq!(spans.value(&[Step::Key("title")]), Some(Pos { line: 1, col: 8, width: 1 }));
        assert_eq!(spans.value(&[Step::Key("series")]), Some(Pos { line: 10, col: 1, width: 6 }));
    }

    #[test]
    fn finds_anchors_and_aliases_but_not_text() {
        let first = |text: &str| Index::new(text).first_anchor_or_alias().map(|p| (p.line, p.col, p.width));
        assert_eq!(first("a: &a [1,1]\nb: [*a, *a]\n"), Some((1, 4, 2)));
        assert_eq!(first("a: [1, *x]\n"), Some((1, 8, 2)));
        assert_eq!(first("- *x\n"), Some((1, 3, 2)));
        assert_eq!(first("title: R&D *costs* & more\nnote: \"*a\" # *b\n"), None);
        assert_eq!(first("notes: |\n  - *emphasis* in Markdown\n  &amp;\ntitle: x\n"), None);
    }

    #[test]
    fn finds_deep_flow_nesting() {
        let deep = |text: &str| Index::new(text).first_too_deep(3).map(|p| (p.line, p.col));
        assert_eq!(deep("a: [[[1]]]\nb: {x: [{y: [2]}]}\n"), Some((2, 13)));
        assert_eq!(deep("a: \"[[[[\" # [[[[\nnotes: |\n  [[[[[\n"), None);
    }

    #[test]
    fn nearest_falls_back_to_the_deepest_found_key() {
        use Step::*;
        let spans = Index::new(FILE);
        assert_eq!(spans.nearest(&[Key("series"), Key("acr"), Key("status")]).line, 11);
        assert_eq!(spans.nearest(&[Key("nothing")]), Pos::START);
    }
}
