//! Expressions in Markdown: `{{ sum(data="walmart-azure") | money }}` and friends, evaluated with Tera.
//!
//! An [`Expander`] is made per page, so that the figures and charts it computes can be collected for that
//! page without any shared state. Figures stay exact: a function returns a small map holding an index into
//! the page's figure log, and the filters format the logged [`Figure`]'s `Decimal`; no value ever passes
//! through a float on its way into the page.
//!
//! `functions` holds what a template can call (the figure functions of `figures::Function`, charts,
//! filters); `text` the work on the writer's text around Tera: the rewrite of its tags, error positions,
//! blanking a failed tag; `tera_error` reads Tera's errors.
//!
//! Nothing here decides what went wrong by reading a message: a function that fails records why in the
//! page's log (for instance that it read a dataset whose file has errors) before Tera turns its error into
//! text, and [`Expander::expand`] takes that record back.

mod budget;
mod functions;
mod tera_error;
mod text;

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

use tera::{Context, Tera};

use crate::chart::{Chart, Charts};
use crate::figures::Figure;
use crate::lang::Lang;
use crate::manifest::Revision;
use crate::site::Reader;

pub(crate) use budget::Budget;
use functions::{register, Env};
pub(crate) use tera_error::{read as read_tera_error, TeraKind, TeraProblem};
use text::{blank_tag, prepare, Prepared, Rewrite};
pub(crate) use text::{prepare_template, PrintTag, TemplateText};

/// Where expanded text goes, which decides how figures are written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum Mode {
    /// Into an HTML page whose site root is `root` away (`""`, `"../"`): figures become links to their
    /// dataset page with a note on how they were computed.
    Page { root: String },
    /// Plain text, for claims and headlines: figures are just their formatted text; charts are not allowed.
    #[default]
    Plain,
}

/// A figure as shown on a page, with what a reader needs to trace it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ShownFigure {
    pub text: String,
    pub figure: Figure,
    /// The printed expression that showed it: an index into [`Expansion::prints`].
    pub tag: Option<usize>,
    /// `expr#n`: the n-th figure of the text shown by the expression `expr` (whitespace runs made one
    /// space), its id in the figures manifest; `#n` for a figure no printed expression showed.
    pub id: String,
}

/// The result of expanding one text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Expansion {
    pub text: String,
    /// Figures in the order the filters formatted them.
    pub shown: Vec<ShownFigure>,
    /// Every `{{ … }}` of the text, in order.
    pub prints: Vec<PrintTag>,
    /// Ids of every dataset an expression read, sorted.
    pub datasets: Vec<String>,
    /// The `<figure>` of each chart, in order; `text` holds [`Expansion::chart_marker`] in its place, so
    /// that a page's body can share the figure with the drawings kept for reuse (`chart::Charts`)
    /// instead of holding a copy.
    pub charts: Vec<Arc<str>>,
    /// Each chart as drawn, in order (shared with `chart::Charts`).
    pub drawings: Vec<Arc<Chart>>,
    /// What each chart draws.
    pub chart_uses: Vec<crate::manifest::Chart>,
    /// Makes the markers of this text's charts unlike anything the writer wrote (see [`nonce`]).
    nonce: u64,
}

impl Expansion {
    /// What stands for chart `i` in `text`: an empty `<figure>` on its own line, an HTML block of the
    /// same kind as the figure it stands for, so that Markdown treats the lines around it the same way.
    pub(crate) fn chart_marker(&self, i: usize) -> String {
        chart_marker(self.nonce, i)
    }
}

fn chart_marker(nonce: u64, i: usize) -> String {
    format!("<figure {MARKER_ATTRIBUTE}=\"{nonce:016x}-{i}\"></figure>")
}

const MARKER_ATTRIBUTE: &str = "data-spendsite-chart";

/// A nonce for the chart markers of `text` that no marker already in `text` has: 0, unless the text
/// names the marker's attribute; then its fingerprint (which the text cannot contain).
fn nonce(text: &str) -> u64 {
    if text.contains(MARKER_ATTRIBUTE) {
        crate::fs::fingerprint(&text)
    } else {
        0
    }
}

/// An error in an expression, positioned within the expanded text (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExprError {
    pub line: usize,
    pub col: usize,
    pub width: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The dataset whose file has errors, when the expression failed because it read it: the error is a
    /// consequence of those in the dataset's file.
    pub broken_dataset: Option<String>,
}

#[derive(Default)]
struct Log {
    figures: Vec<Figure>,
    shown: Vec<ShownFigure>,
    datasets: Vec<String>,
    /// The figures of the charts drawn so far in this text, and its nonce (see [`Expansion`]).
    charts: Vec<Arc<str>>,
    drawings: Vec<Arc<Chart>>,
    nonce: u64,
    /// What each chart draws, for the manifest.
    chart_uses: Vec<crate::manifest::Chart>,
    /// The expression of each `{{ … }}` of the text, and how often each has shown a figure so far: a
    /// figure's id in the manifest.
    prints: Vec<String>,
    seen: BTreeMap<String, usize>,
    /// The page's revised figures by id, marked where they are printed.
    revisions: BTreeMap<String, Revision>,
    /// Why the call that stopped the render failed, as the function said it.
    failure: Option<Failure>,
    /// How the text being expanded is written.
    mode: Mode,
}

impl Log {
    /// The id of the next figure shown by the printed expression `expr`: `expr#1`, `expr#2`, …
    fn next_id(&mut self, expr: &str) -> String {
        let n = self.seen.entry(expr.to_owned()).or_default();
        *n += 1;
        format!("{expr}#{n}")
    }
}

/// A function's or filter's error, recorded before Tera turns it into text.
#[derive(Debug, Clone, Default)]
struct Failure {
    message: String,
    hint: Option<String>,
    broken_dataset: Option<String>,
}

/// Evaluates expressions for one page: its body, claims and headline.
pub(crate) struct Expander {
    /// Borrowed by one render at a time, which gives it a loop budget of its own.
    tera: RefCell<Tera>,
    log: Arc<Mutex<Log>>,
    /// Whether the last render stopped because its loops ran out of budget.
    exceeded: Cell<bool>,
}

impl Expander {
    /// An expander for one page in `lang` that reads the site through `reader`, drawing its charts
    /// through `charts`; `revisions` are the page's figures to mark as revised.
    pub(crate) fn new(
        reader: &Reader,
        lang: Lang,
        charts: &Arc<Charts>,
        revisions: BTreeMap<String, Revision>,
    ) -> Expander {
        let log = Arc::new(Mutex::new(Log { revisions, ..Log::default() }));
        let mut tera = Tera::new();
        tera.set_escape_fn(crate::markup::tera_escape);
        let env = Env { reader: reader.clone(), lang, log: log.clone(), charts: Arc::clone(charts) };
        register(&mut tera, Arc::new(env));
        Expander { tera: RefCell::new(tera), log, exceeded: Cell::new(false) }
    }

    /// Renders `text` (rewritten for Tera) with a loop budget of its own.
    fn render(&self, text: &str, autoescape: bool) -> Result<String, tera::Error> {
        let mut tera = self.tera.borrow_mut();
        let budget = Budget::start(&mut tera);
        let rendered = tera.render_str(text, &Context::new(), autoescape);
        self.exceeded.set(budget.exceeded());
        rendered
    }

    /// Expands every `{{ … }}` and `{% … %}` in `text`, written as `mode` says. In a page, output of
    /// expressions is HTML-escaped unless it is a figure or chart this module wrote.
    pub(crate) fn expand(&self, text: &str, mode: &Mode) -> Result<Expansion, ExprError> {
        let autoescape = *mode != Mode::Plain;
        let prepared = prepare(text, Rewrite::Page);
        if let Some(&(line, col, width)) = prepared.inline_charts.first() {
            return Err(inline_chart_error(line, col, width));
        }
        let start = || {
            let mut log = self.log();
            log.failure = None;
            log.shown.clear();
            log.datasets.clear();
            log.charts.clear();
            log.drawings.clear();
            log.chart_uses.clear();
            log.prints = prepared.prints.iter().map(|p| p.expr.clone()).collect();
            log.seen.clear();
            log.nonce = nonce(text);
            log.mode = mode.clone();
        };
        start();
        let rendered = match self.expand_printed(&prepared, autoescape) {
            Some(rendered) => Ok(rendered),
            None => {
                start();
                self.render(&prepared.text, autoescape)
            }
        };
        let mut log = self.log();
        let rendered = rendered.map_err(|e| {
            let mut problem = first_problem(&e);
            let mut shifts = &prepared.shifts;
            // The wrapping would show in a syntax error ("expected `)`"): report the writer's text's own.
            let unwrapped = prepare(text, Rewrite::Bare);
            if problem.kind == TeraKind::Syntax {
                if let Err(e) = self.tera.borrow().render_str(&unwrapped.text, &Context::new(), autoescape) {
                    problem = first_problem(&e);
                    shifts = &unwrapped.shifts;
                }
            }
            let (line, col, marked) = problem.at.map_or((1, 1, None), |(line, col)| shifts.original(line, col));
            let failure = log.failure.take().unwrap_or_else(|| Failure {
                hint: functions::unknown_name_hint(&problem.kind),
                message: problem.message,
                broken_dataset: None,
            });
            let Failure { message, hint, broken_dataset } = failure;
            ExprError { line, col, width: marked.unwrap_or(problem.width), message, hint, broken_dataset }
        })?;
        let mut datasets = std::mem::take(&mut log.datasets);
        datasets.sort();
        datasets.dedup();
        let mut shown = std::mem::take(&mut log.shown);
        for figure in shown.iter_mut().filter(|f| f.tag.is_none()) {
            figure.id = log.next_id("");
        }
        Ok(Expansion {
            text: rendered,
            shown,
            prints: prepared.prints,
            datasets,
            charts: std::mem::take(&mut log.charts),
            drawings: std::mem::take(&mut log.drawings),
            chart_uses: std::mem::take(&mut log.chart_uses),
            nonce: log.nonce,
        })
    }

    fn log(&self) -> std::sync::MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The fast way to expand a text whose only tags are `{{ … }}`: Tera renders just the tags, one
    /// after another with a NUL between them, and their outputs are put back between the prose. A body
    /// is mostly prose, which Tera would otherwise scan and copy. `None` when this does not apply or
    /// fails; the caller then renders the whole text, which gives the same result or the error with its
    /// position. An output that holds a NUL itself shows as one piece too many, so it cannot be split
    /// wrongly.
    fn expand_printed(&self, prepared: &Prepared, autoescape: bool) -> Option<String> {
        let (prose, tags) = prepared.printed_only()?;
        if tags.is_empty() {
            return Some(prepared.text.clone());
        }
        if tags.iter().any(|t| t.contains('\0')) {
            return None;
        }
        let rendered = self.render(&tags.join("\0"), autoescape).ok()?;
        let outputs: Vec<&str> = rendered.split('\0').collect();
        if outputs.len() != tags.len() {
            return None;
        }
        let mut text = String::with_capacity(prepared.text.len() + rendered.len());
        for (prose, output) in prose.iter().zip(&outputs) {
            text.push_str(prose);
            text.push_str(output);
        }
        text.push_str(prose.last().copied().unwrap_or_default());
        Some(text)
    }
}

/// The error of a chart that shares its line with other text, at `line`:`col`, `width` characters.
fn inline_chart_error(line: usize, col: usize, width: usize) -> ExprError {
    let message = "a chart must be on a line of its own".to_owned();
    let hint = Some("put `{{ chart(…) }}` on a line by itself, with an empty line before and after it".to_owned());
    ExprError { line, col, width, message, hint, broken_dataset: None }
}

/// The first problem Tera reports.
fn first_problem(error: &tera::Error) -> TeraProblem {
    read_tera_error(error).into_iter().next().unwrap_or_else(|| TeraProblem {
        message: error.to_string(),
        template: None,
        at: None,
        width: 1,
        kind: TeraKind::Other,
    })
}

/// At most this many expression errors are reported for one text.
pub(crate) const MAX_ERRORS: usize = 50;

/// How much text, in bytes, is expanded again to find the errors after the first in a text with
/// `{% … %}` tags: the first [`MAX_ERRORS`] errors of a short text, fewer of a long one.
const MAX_RECHECKED: usize = 1 << 20;

/// Why a text did not expand: its first [`MAX_ERRORS`] errors, in order, and what was left out.
#[derive(Debug, Default)]
pub(crate) struct Failed {
    pub errors: Vec<ExprError>,
    /// How many more expressions failed, past the first [`MAX_ERRORS`].
    pub more: usize,
    /// How many tags after the last error were not checked: a text with `{% … %}` tags is expanded again
    /// after each error, and that stops at [`MAX_ERRORS`], after [`MAX_RECHECKED`] bytes, or at a loop
    /// that ran out of budget.
    pub unchecked: usize,
}

impl Expander {
    /// Like [`Expander::expand`], but reports every failing expression, with work in proportion to the
    /// text however many fail. A text whose only tags are `{{ … }}` has each of them expanded on its
    /// own. Otherwise, after an error, the tag that failed is blanked out (same length, same lines) and
    /// the text is expanded again, up to [`MAX_ERRORS`] times and [`MAX_RECHECKED`] bytes in all.
    pub(crate) fn expand_all(&self, text: &str, mode: &Mode) -> Result<Expansion, Failed> {
        let first = match self.expand(text, mode) {
            Ok(expansion) => return Ok(expansion),
            Err(e) => e,
        };
        let bare = prepare(text, Rewrite::Bare);
        if !self.exceeded.get() && bare.printed_only().is_some() {
            return Err(self.each_tag(text, &bare, mode));
        }
        let mut errors = vec![first];
        let mut text = text.to_owned();
        let mut rechecked = 0;
        loop {
            let last = &errors[errors.len() - 1];
            let blanked = blank_tag(&text, &bare.tags, last.line, last.col);
            let stop = self.exceeded.get() || errors.len() == MAX_ERRORS || rechecked + text.len() > MAX_RECHECKED;
            let (Some(next), false) = (blanked, stop) else {
                let after = line_starts(&text, &bare.tags).filter(|&(line, col)| (line, col) > (last.line, last.col));
                let unchecked = if stop { after.count() } else { 0 };
                return Err(Failed { errors, more: 0, unchecked });
            };
            rechecked += text.len();
            text = next;
            match self.expand(&text, mode) {
                Ok(_) => return Err(Failed { errors, ..Failed::default() }),
                Err(e) => errors.push(e),
            }
        }
    }

    /// The errors of a text whose only tags are `{{ … }}` (as `bare`, its [`Rewrite::Bare`], has them), each
    /// expanded on its own: they cannot depend on one another.
    fn each_tag(&self, text: &str, bare: &Prepared, mode: &Mode) -> Failed {
        let mut failed = Failed::default();
        let inline = &bare.inline_charts;
        failed.errors.extend(inline.iter().map(|&(line, col, width)| inline_chart_error(line, col, width)));
        for (range, (line, col)) in bare.tags.iter().zip(line_starts(text, &bare.tags)) {
            if inline.iter().any(|&(l, c, _)| (l, c) == (line, col)) {
                continue;
            }
            if let Err(mut e) = self.expand(&text[range.clone()], mode) {
                if e.line == 1 {
                    e.col += col - 1;
                }
                e.line += line - 1;
                failed.errors.push(e);
            }
        }
        failed.errors.sort_by_key(|e| (e.line, e.col));
        failed.more = failed.errors.len().saturating_sub(MAX_ERRORS);
        failed.errors.truncate(MAX_ERRORS);
        failed
    }
}

/// The 1-based line and column where each of `tags` (byte ranges of `text`, in order) starts, found in
/// one pass over the text.
fn line_starts<'t>(text: &'t str, tags: &'t [Range<usize>]) -> impl Iterator<Item = (usize, usize)> + 't {
    let (mut line, mut col, mut at) = (1, 1, 0);
    tags.iter().map(move |tag| {
        let between = &text[at..tag.start];
        match between.rfind('\n') {
            Some(last) => {
                line += between.matches('\n').count();
                col = between[last + 1..].chars().count() + 1;
            }
            None => col += between.chars().count(),
        }
        at = tag.start;
        (line, col)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::Site;

    /// Every way a text can be written gives, through the fast way for texts with only `{{ … }}`, what
    /// Tera gives for the whole text.
    #[test]
    fn printed_tags_expand_as_the_whole_text_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/basic");
        let site = Site::of_folder(&root);
        let expander = Expander::new(&site.reader(Arc::default()), Lang::En, &Arc::default(), BTreeMap::new());
        let page = Mode::Page { root: String::new() };
        let texts = [
            "No tags at all.\n",
            "Spent {{ sum(data=\"cloud\") | money }} in all.\n\nPeak {{ max(data=\"cloud\") | money }}.",
            "{{ \"<b>\" }} & {{ 1 + 2 }}{{ \"x\" }}",
            "Trimmed   {{- \" a \" -}}   here",
            "{% if true %}yes{% endif %} {{ \"z\" }}",
            "{# a comment #}{{ \"after\" }}",
            "{% raw %}{{ kept }}{% endraw %}",
            "A NUL \u{0} in prose {{ \"x\" }}",
            "A NUL in a tag {{ \"\u{0}\" }}",
        ];
        for text in texts {
            let fast = expander.expand(text, &page).map(|e| e.text);
            let whole = expander.tera.borrow().render_str(&prepare(text, Rewrite::Page).text, &Context::new(), true);
            assert!(fast.is_ok(), "{text:?}: {:?}", fast.err());
            assert_eq!(fast.ok(), whole.ok(), "{text:?}");
        }
        assert!(prepare(texts[1], Rewrite::Page).printed_only().is_some());
        for text in &texts[3..7] {
            assert!(prepare(text, Rewrite::Page).printed_only().is_none(), "{text:?}");
        }
    }
}
