//! The writer's text around Tera: the tags rewritten before rendering (with the column shifts that map
//! positions back), and a failed tag blanked out so that the next one can be checked.
//!
//! Two rewrites, outside string literals, comments and `{% raw %}`:
//! - Tera 2 cannot take an attribute of a call's result (`max(…).period`), but can index it
//!   (`max(…)["period"]`), in `{{ … }}` and `{% … %}`;
//! - every printed expression (`{{ … }}`) goes through one last filter, `(…) | __shown`, which refuses
//!   to print a figure that no filter formatted;
//! - every loop's container, of `{% for x in … %}` and of `[… for x in … if …]`, goes through
//!   `(…) | __loop`, which counts it against the render's budget (see `budget`).

use std::ops::Range;

use super::budget::LOOP;
use super::functions::CHART;

/// The filter every printed expression ends in (registered by `functions`).
pub(super) const SHOWN: &str = "__shown";

/// `text` with the tag that holds `line`:`col` (or, failing that, the first one after it) replaced by
/// spaces, keeping its line breaks; `None` when there is no such tag. `tags` are the byte ranges of the
/// tags, as [`prepare`] found them.
pub(super) fn blank_tag(text: &str, tags: &[Range<usize>], line: usize, col: usize) -> Option<String> {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let line_text = text[line_start.min(text.len())..].split('\n').next().unwrap_or("");
    let at = line_start + line_text.char_indices().nth(col.saturating_sub(1)).map_or(line_text.len(), |(b, _)| b);
    let tag = tags.iter().find(|t| t.contains(&at)).or_else(|| tags.iter().find(|t| t.start >= at))?;
    let blank: String = text[tag.clone()].chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
    Some(format!("{}{blank}{}", &text[..tag.start], &text[tag.end..]))
}

/// One place where the rewrite inserted characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Insert {
    /// 1-based line and column, in the rewritten text, of the first inserted character.
    line: usize,
    col: usize,
    /// How many characters were inserted.
    len: usize,
    /// Where, in the writer's text, a position inside the inserted characters is reported: the tag's `{{`
    /// (line, column, and how many characters of that line the tag covers).
    anchor: (usize, usize, usize),
}

/// Where the rewrite moved columns, so that errors point at the writer's text.
#[derive(Debug, Default)]
pub(super) struct Shifts(Vec<Insert>);

impl Shifts {
    /// Maps a 1-based line and column of the rewritten text back to the writer's text; the third number is
    /// how many characters to mark there, when the position was one the rewrite inserted.
    pub(super) fn original(&self, line: usize, col: usize) -> (usize, usize, Option<usize>) {
        let mut moved = 0;
        for insert in self.0.iter().filter(|i| i.line == line && i.col <= col) {
            if col < insert.col + insert.len {
                let (line, col, width) = insert.anchor;
                return (line, col, Some(width));
            }
            moved += insert.len;
        }
        (line, col.saturating_sub(moved).max(1), None)
    }
}

/// What the scanner is inside of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inside {
    Text,
    /// `{{ … }}`, opened at this (line, col) of the writer's text; the index of its first insert.
    Print((usize, usize), usize),
    /// `{% … %}`.
    Statement,
    /// `{# … #}`.
    Comment,
    /// Between `{% raw %}` and `{% endraw %}`.
    Raw,
}

/// Where the scanner is in a loop of a tag, at one level of brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loop {
    None,
    /// After `for`, before its `in`.
    For,
    /// In the container after `in`, which starts at `anchor` (line, column) of the writer's text; `first`
    /// is the index of the insert that opened it.
    Target {
        anchor: (usize, usize),
        first: usize,
    },
}

/// A `{{ … }}` of the writer's text: where it opens (1-based line and column) and the expression inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PrintTag {
    pub line: usize,
    pub col: usize,
    /// Between the braces, with runs of whitespace made one space: `sum(data="x") | money`.
    pub expr: String,
}

/// The writer's text rewritten for Tera.
pub(super) struct Prepared {
    pub(super) text: String,
    pub(super) shifts: Shifts,
    /// The byte range of every tag in the writer's text.
    pub(super) tags: Vec<Range<usize>>,
    /// Every `{{ … }}`, in order; the `__shown` filter of the n-th says `tag=n`.
    pub(super) prints: Vec<PrintTag>,
    /// Where a `{{ chart(…) }}` shares its line with other text (line, column, width): its `<figure>`
    /// would land inside a paragraph.
    pub(super) inline_charts: Vec<(usize, usize, usize)>,
    /// The byte range of every `{{ … }}` in `text`, when the text has no other tags and none trims the
    /// whitespace around it: the text is then its prose with the output of each tag in between (see
    /// [`Prepared::printed_only`]).
    printed: Option<Vec<Range<usize>>>,
}

impl Prepared {
    /// The tags of a text whose only tags are `{{ … }}` without whitespace control, and the prose
    /// around them: `prose[0] tag[0] prose[1] … tag[n-1] prose[n]`.
    pub(super) fn printed_only(&self) -> Option<(Vec<&str>, Vec<&str>)> {
        let printed = self.printed.as_ref()?;
        let (mut prose, mut tags, mut last) = (Vec::new(), Vec::new(), 0);
        for tag in printed {
            prose.push(&self.text[last..tag.start]);
            tags.push(&self.text[tag.clone()]);
            last = tag.end;
        }
        prose.push(&self.text[last..]);
        Some((prose, tags))
    }
}

/// Whether the print tag `tag` (`{{ chart(…) }}`) calls `chart` and shares its line with other text.
fn inline_chart(text: &str, tag: &Range<usize>) -> bool {
    let inner = text[tag.clone()].trim_start_matches("{{").trim_start_matches('-').trim_start();
    let calls_chart = inner.strip_prefix(CHART).is_some_and(|rest| rest.trim_start().starts_with('('));
    let before = &text[text[..tag.start].rfind('\n').map_or(0, |i| i + 1)..tag.start];
    let after = text[tag.end..].split('\n').next().unwrap_or("");
    calls_chart && !(before.trim().is_empty() && after.trim().is_empty())
}

/// Which rewrites [`prepare`] makes, besides the attribute rewrite, which it always makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rewrite {
    /// The `__shown` filter and the loop budget: the text of a page, as rendered.
    Page,
    /// The loop budget only: a template.
    Template,
    /// Nothing more: the writer's own syntax errors and tags.
    Bare,
}

/// Rewrites the tags of `text` for Tera (see the module's docs), as `rewrite` says.
pub(super) fn prepare(text: &str, rewrite: Rewrite) -> Prepared {
    Scanner::new(text, rewrite).run()
}

/// Reads the writer's text once, character by character, writing the rewritten text as it goes: one
/// method per state ([`Inside`]), and one that bounds the loops of a tag.
struct Scanner<'t> {
    text: &'t str,
    /// Whether printed expressions go through [`SHOWN`], and loops through [`LOOP`].
    wrap: bool,
    bound_loops: bool,
    out: Writer,
    tags: Vec<Range<usize>>,
    inline_charts: Vec<(usize, usize, usize)>,
    prints: Vec<PrintTag>,
    /// See [`Prepared::printed`]; `None` once the text has another tag.
    printed: Option<Vec<Range<usize>>>,
    /// Where, in `out`, the `{{ … }}` being read starts.
    print_start: usize,
    inside: Inside,
    quote: Option<char>,
    /// The 1-based line and column of `byte`, and the byte offset of the tag being read.
    line: usize,
    col: usize,
    tag_start: usize,
    /// The loops of the tag being read, one level per open bracket (see [`Loop`]).
    loops: Vec<Loop>,
    /// The character before `byte`.
    prev: char,
    /// A byte offset of `text`, always at a character's start.
    byte: usize,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str, rewrite: Rewrite) -> Scanner<'t> {
        Scanner {
            text,
            wrap: rewrite == Rewrite::Page,
            bound_loops: rewrite != Rewrite::Bare,
            out: Writer { text: String::with_capacity(text.len() + 64), line: 1, col: 1, shifts: Shifts::default() },
            tags: Vec::new(),
            inline_charts: Vec::new(),
            prints: Vec::new(),
            printed: Some(Vec::new()),
            print_start: 0,
            inside: Inside::Text,
            quote: None,
            line: 1,
            col: 1,
            tag_start: 0,
            loops: vec![Loop::None],
            prev: ' ',
            byte: 0,
        }
    }

    fn run(mut self) -> Prepared {
        while self.byte < self.text.len() {
            let rest = &self.text[self.byte..];
            if self.inside == Inside::Text && !rest.starts_with('{') {
                // Prose, up to the next `{`, is copied as it is.
                let chunk = &rest[..rest.find('{').unwrap_or(rest.len())];
                self.out.push_str(chunk);
                self.advance(chunk.len());
                continue;
            }
            let mut chars = rest.chars();
            let (c, next) = (chars.next().unwrap_or_default(), chars.next());
            if self.inside == Inside::Text && c == '{' && matches!(next, Some('{' | '%')) {
                self.loops = vec![Loop::None];
            }
            let in_tag = matches!(self.inside, Inside::Print(..) | Inside::Statement);
            if self.bound_loops && self.quote.is_none() && in_tag && self.bound(c, rest) {
                continue;
            }
            let taken = match self.inside {
                Inside::Text => self.in_text(c, next),
                Inside::Raw => self.in_raw(c, next, rest),
                Inside::Comment => self.in_comment(c, next),
                Inside::Print(..) | Inside::Statement => self.in_tag(c, next, rest),
            };
            self.advance(taken);
        }
        // An unclosed tag is for Tera to report.
        if self.inside != Inside::Text {
            self.printed = None;
        }
        let Scanner { out, tags, prints, inline_charts, printed, .. } = self;
        Prepared { text: out.text, shifts: out.shifts, tags, prints, inline_charts, printed }
    }

    /// Moves past the next `taken` bytes of the text (already written).
    fn advance(&mut self, taken: usize) {
        let passed = &self.text[self.byte..self.byte + taken];
        advance(passed, &mut self.line, &mut self.col);
        self.byte += taken;
        self.prev = passed.chars().last().unwrap_or(self.prev);
    }

    /// Between tags: a tag may open at `c`. Returns the bytes taken.
    fn in_text(&mut self, c: char, next: Option<char>) -> usize {
        match next {
            Some('{') if c == '{' => return self.open_print(),
            Some('%') if c == '{' => {
                self.printed = None;
                self.inside = if raw_opens(&self.text[self.byte..]) { Inside::Raw } else { Inside::Statement };
                self.tag_start = self.byte;
            }
            Some('#') if c == '{' => {
                self.printed = None;
                self.inside = Inside::Comment;
            }
            _ => {}
        }
        self.out.push(c);
        c.len_utf8()
    }

    /// `{{` or `{{-` at the text's position.
    fn open_print(&mut self) -> usize {
        let dash = self.text[self.byte + 2..].starts_with('-');
        if dash {
            self.printed = None;
        }
        self.print_start = self.out.text.len();
        self.out.push_str(if dash { "{{-" } else { "{{" });
        self.inside = Inside::Print((self.line, self.col), self.out.shifts.0.len());
        self.tag_start = self.byte;
        if self.wrap {
            self.out.insert("(", (self.line, self.col, 2));
        }
        if dash {
            3
        } else {
            2
        }
    }

    /// Between `{% raw %}` and `{% endraw %}`: copied as it is, up to the `{% endraw %}`.
    fn in_raw(&mut self, c: char, next: Option<char>, rest: &str) -> usize {
        if c == '{' && next == Some('%') && raw_closes(rest) {
            self.inside = Inside::Statement;
            self.tag_start = self.byte;
        }
        self.out.push(c);
        c.len_utf8()
    }

    fn in_comment(&mut self, c: char, next: Option<char>) -> usize {
        if c == '#' && next == Some('}') {
            self.out.push_str("#}");
            self.inside = Inside::Text;
            return 2;
        }
        self.out.push(c);
        c.len_utf8()
    }

    /// Inside `{{ … }}` or `{% … %}`: strings, the tag's end, and `.name` after a call.
    fn in_tag(&mut self, c: char, next: Option<char>, rest: &str) -> usize {
        let starts = |s: &str| rest.starts_with(s);
        match (self.inside, self.quote) {
            (Inside::Print(open, first), None) if starts("-}}") || starts("}}") => {
                return self.close_print(open, first, if c == '-' { "-}}" } else { "}}" });
            }
            (Inside::Statement, None) if starts("%}") => {
                self.out.push_str("%}");
                self.inside = Inside::Text;
                self.tags.push(self.tag_start..self.byte + 2);
                return 2;
            }
            (_, None) if matches!(c, '"' | '\'' | '`') => self.quote = Some(c),
            // Tera's strings take backslash escapes: `"5\" screen"`.
            (_, Some(_)) if c == '\\' && next.is_some() => {
                let escaped = next.unwrap_or_default();
                self.out.push(c);
                self.out.push(escaped);
                return 1 + escaped.len_utf8();
            }
            (_, Some(q)) if c == q => self.quote = None,
            (_, None)
                if c == ')' && next == Some('.') && rest[2..].chars().next().is_some_and(|c| is_name_start(&c)) =>
            {
                let name: String = rest[2..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                self.out.push(')');
                // `.name` (1 + n characters) becomes `["name"]` (4 + n): 3 more, reported at the `.`.
                let at =
                    Insert { line: self.out.line, col: self.out.col, len: 3, anchor: (self.line, self.col + 1, 1) };
                self.out.shifts.0.push(at);
                self.out.push_str(&format!("[\"{name}\"]"));
                return 2 + name.len();
            }
            _ => {}
        }
        self.out.push(c);
        c.len_utf8()
    }

    /// The `close` (`}}` or `-}}`) of the `{{ … }}` opened at `open` (line, column), whose first insert
    /// is `first`. Returns the bytes taken.
    fn close_print(&mut self, (open_line, open_col): (usize, usize), first: usize, close: &str) -> usize {
        let (line, col) = (self.line, self.col);
        // Mark the whole tag when it is on one line.
        let width = if open_line == line { col + close.len() - open_col } else { 2 };
        if self.wrap {
            self.out.insert(&format!(") | {SHOWN}(tag={})", self.prints.len()), (open_line, open_col, width));
            self.out.shifts.0[first].anchor.2 = width;
        }
        self.out.push_str(close);
        if close.starts_with('-') {
            self.printed = None;
        }
        if let Some(printed) = self.printed.as_mut() {
            printed.push(self.print_start..self.out.text.len());
        }
        self.inside = Inside::Text;
        let tag = self.tag_start..self.byte + close.len();
        let inner = self.text[tag.clone()].trim_start_matches("{{").trim_end_matches("}}");
        let inner = inner.strip_prefix('-').unwrap_or(inner);
        let inner = inner.strip_suffix('-').unwrap_or(inner);
        let expr = inner.split_whitespace().collect::<Vec<_>>().join(" ");
        self.prints.push(PrintTag { line: open_line, col: open_col, expr });
        if inline_chart(self.text, &tag) {
            self.inline_charts.push((open_line, open_col, width));
        }
        self.tags.push(tag);
        close.len()
    }

    /// Follows the loops of the tag at `c` (`rest` from it): opens a loop's container after its `in`,
    /// and closes it where the container ends. Returns whether it took the `in` itself.
    fn bound(&mut self, c: char, rest: &str) -> bool {
        let starts = |s: &str| rest.starts_with(s);
        let prev = self.prev;
        let word = |w: &str| {
            !(prev.is_alphanumeric() || prev == '_')
                && rest
                    .strip_prefix(w)
                    .and_then(|r| r.chars().next())
                    .is_some_and(|n| n.is_whitespace() || n == '(' || n == '[')
        };
        let level = self.loops.len() - 1;
        let closes_tag = self.inside == Inside::Statement && (starts("%}") || starts("-%}"));
        let closes_bracket = matches!(c, ')' | ']') || (c == '}' && !starts("}}"));
        let ends_target = match self.loops[level] {
            Loop::Target { .. } if level == 0 => closes_tag,
            Loop::Target { .. } => closes_bracket || word("if"),
            _ => false,
        };
        if ends_target {
            if let Loop::Target { anchor, first } = self.loops[level] {
                let width = if anchor.0 == self.line { self.col.saturating_sub(anchor.1).max(1) } else { 1 };
                self.out.shifts.0[first].anchor.2 = width;
                self.out.insert(&format!(") | {LOOP} "), (anchor.0, anchor.1, width));
            }
            self.loops[level] = Loop::None;
        }
        if closes_bracket && level > 0 {
            self.loops.pop();
        } else if matches!(c, '(' | '[' | '{') && !starts("{{") {
            self.loops.push(Loop::None);
        } else if word("for") && self.loops[level] == Loop::None {
            self.loops[level] = Loop::For;
        } else if word("in") && self.loops[level] == Loop::For {
            self.out.push_str("in");
            let first = self.out.shifts.0.len();
            self.out.insert(" (", (self.line, self.col + 3, 1));
            self.loops[level] = Loop::Target { anchor: (self.line, self.col + 3), first };
            self.advance(2);
            return true;
        }
        false
    }
}

/// A template's text with its loops bounded, and the way back to the template's own positions.
pub(crate) struct TemplateText {
    pub(crate) text: String,
    shifts: Shifts,
}

impl TemplateText {
    /// The template's line, column and width of a position of [`TemplateText::text`] (see
    /// [`Shifts::original`]).
    pub(crate) fn original(&self, line: usize, col: usize, width: usize) -> (usize, usize, usize) {
        let (line, col, marked) = self.shifts.original(line, col);
        (line, col, marked.unwrap_or(width))
    }
}

/// `text`, a template, with the container of each loop counted against the render's budget.
pub(crate) fn prepare_template(text: &str) -> TemplateText {
    let prepared = prepare(text, Rewrite::Template);
    TemplateText { text: prepared.text, shifts: prepared.shifts }
}

/// Moves a 1-based line and column past `text`.
fn advance(text: &str, line: &mut usize, col: &mut usize) {
    match text.rfind('\n') {
        Some(last) => {
            *line += text.bytes().filter(|b| *b == b'\n').count();
            *col = text[last + 1..].chars().count() + 1;
        }
        None => *col += text.chars().count(),
    }
}

fn is_name_start(c: &char) -> bool {
    c.is_ascii_alphabetic() || *c == '_'
}

/// Whether `rest` starts with a `{% raw %}` tag (with optional `-` whitespace control).
fn raw_opens(rest: &str) -> bool {
    tag_word(rest).as_deref() == Some("raw")
}

/// Whether `rest` starts with a `{% endraw %}` tag.
fn raw_closes(rest: &str) -> bool {
    tag_word(rest).as_deref() == Some("endraw")
}

/// The first word of the `{% … %}` tag at the start of `rest`.
fn tag_word(rest: &str) -> Option<String> {
    let inner: String = rest.chars().skip(2).take(32).collect();
    let word = inner.trim_start_matches('-').trim_start();
    let word: String = word.chars().take_while(char::is_ascii_alphabetic).collect();
    Some(word).filter(|w| !w.is_empty())
}

/// The rewritten text, and where it is, in characters.
struct Writer {
    text: String,
    line: usize,
    col: usize,
    shifts: Shifts,
}

impl Writer {
    fn push(&mut self, c: char) {
        self.text.push(c);
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
    }

    fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
        advance(s, &mut self.line, &mut self.col);
    }

    /// Inserts `s` (one line), which is not in the writer's text; positions inside it map to `anchor`.
    fn insert(&mut self, s: &str, anchor: (usize, usize, usize)) {
        let len = s.chars().count();
        self.shifts.0.push(Insert { line: self.line, col: self.col, len, anchor });
        self.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_end_in_the_shown_filter_and_calls_take_attributes_by_index() {
        let p = prepare("a).b {{ max(data=\"x.y\").period | period }} {{ m(\").z\").y }}", Rewrite::Page);
        assert_eq!(
            p.text,
            "a).b {{( max(data=\"x.y\")[\"period\"] | period ) | __shown(tag=0)}} {{( m(\").z\")[\"y\"] ) | __shown(tag=1)}}"
        );
        // `| period` is at column 32 of the writer's text; the rewrite moved it by 1 + 3.
        assert_eq!(p.shifts.original(1, 36), (1, 32, None));
        assert_eq!(p.shifts.original(1, 3), (1, 3, None));
        // A position inside the inserted filter is reported at the tag's `{{`, marking the whole tag.
        assert_eq!(p.shifts.original(1, 48), (1, 6, Some(37)));
        assert_eq!(p.tags, [5..42, 43..59]);
        assert!(p.inline_charts.is_empty());
        // Without the wrapping, only the attribute rewrite.
        assert_eq!(prepare("{{ max(data=\"x\").period }}", Rewrite::Bare).text, "{{ max(data=\"x\")[\"period\"] }}");
    }

    #[test]
    fn statements_comments_raw_blocks_escapes_and_whitespace_control_are_kept() {
        let text = "{% if x %}{{- a -}}{% endif %}{# {{ b }} #}{% raw %}{{ c }}{% endraw %}\n{{ \"}}\" }}";
        assert_eq!(
            prepare(text, Rewrite::Page).text,
            "{% if x %}{{-( a ) | __shown(tag=0)-}}{% endif %}{# {{ b }} #}{% raw %}{{ c }}{% endraw %}\n{{( \"}}\" ) | __shown(tag=1)}}"
        );
        assert_eq!(
            prepare(r#"{% set p = max(data="x").period %}{{ "5\" }}" }}"#, Rewrite::Page).text,
            r#"{% set p = max(data="x")["period"] %}{{( "5\" }}" ) | __shown(tag=0)}}"#
        );
    }

    #[test]
    fn every_loops_container_goes_through_the_budget_filter() {
        let rewritten = |t: &str| prepare(t, Rewrite::Template).text;
        assert_eq!(rewritten("{% for x in items %}{% endfor %}"), "{% for x in ( items ) | __loop %}{% endfor %}");
        assert_eq!(
            rewritten("{%- for k, v in m | sort -%}{{ [a for a in (b) if a] }}{% if x in y %}"),
            "{%- for k, v in ( m | sort ) | __loop -%}{{ [a for a in ( (b) ) | __loop if a] }}{% if x in y %}"
        );
        // Not in strings, names that hold the words, or a page's text.
        assert_eq!(
            rewritten("for x in y {% set s = \"for x in y\" %}{{ for_x }}"),
            "for x in y {% set s = \"for x in y\" %}{{ for_x }}"
        );
        // An error in the filter is reported at the container.
        let p = prepare("{% for x in items %}", Rewrite::Template);
        assert_eq!(p.shifts.original(1, 28), (1, 13, Some(6)));
        assert_eq!(prepare("{% for x in items %}", Rewrite::Bare).text, "{% for x in items %}");
    }

    #[test]
    fn charts_must_have_their_line_to_themselves() {
        let charts = |text: &str| prepare(text, Rewrite::Page).inline_charts;
        assert_eq!(charts("See {{ chart(data=\"x\") }} here"), [(1, 5, 21)]);
        assert_eq!(charts("a\n  {{- chart (data=\"x\") }}\nb\n> {{ chart(data=\"y\") }}"), [(4, 3, 21)]);
        assert!(charts("{{ chart(data=\"x\") }}\n{{ charts }} and {{ sum(data=\"x\") | money }}").is_empty());
    }

    #[test]
    fn positions_on_later_lines_are_not_moved() {
        let p = prepare("{{ a\n  | b }} {{ c }}", Rewrite::Page);
        assert_eq!(p.shifts.original(2, 5), (2, 5, None));
        assert_eq!(p.shifts.original(2, 32), (2, 13, None));
        assert_eq!(p.shifts.original(2, 10), (1, 1, Some(2)));
    }

    #[test]
    fn blanks_the_failing_tag_and_keeps_lines_and_lengths() {
        let text = "a {{ x() }} ü{{ y( }}\nb {{ z\n | w }}";
        let tags = prepare(text, Rewrite::Page).tags;
        assert_eq!(blank_tag(text, &tags, 1, 4).as_deref(), Some("a           ü{{ y( }}\nb {{ z\n | w }}"));
        assert_eq!(blank_tag(text, &tags, 1, 14).as_deref(), Some("a {{ x() }} ü        \nb {{ z\n | w }}"));
        // An error on the second line of a tag blanks that tag.
        assert_eq!(blank_tag(text, &tags, 3, 4).as_deref(), Some("a {{ x() }} ü{{ y( }}\nb     \n       "));
        assert_eq!(blank_tag("no tags", &[], 1, 1), None);
    }
}
