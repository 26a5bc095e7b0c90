//! One report's body: expressions expanded, claims checked, Markdown rendered, links collected.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::embed::{self, ChartEmbed};
use super::views::{Body, FigureNote, LinkView, Shared};

use super::manifest as figures;
use super::outputs::Outputs;
use crate::chart::Charts;
use crate::content::{Claim, Report};
use crate::diag::{column_of, Diagnostic, Diagnostics, Pos};
use crate::expr::{Expander, Expansion, ExprError, Mode, ShownFigure, MAX_ERRORS};
use crate::figures::format;
use crate::figures::Figure;
use crate::lang::Lang;
use crate::manifest;
use crate::markdown::{self, LocalLink};
use crate::site::{Lookup, Reader};

/// A report ready to be placed in its page.
/// Equal to another when a page made of either is the same (the memo keeps the versions of what was made
/// from it when a report prepared again comes out the same).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PreparedReport {
    pub lang: Lang,
    /// The report's date as its page and the lists show it: `28 May 2025`.
    pub date: String,
    /// `2025-05-28`.
    pub date_iso: String,
    pub body_html: Shared<Body>,
    /// Local links in the body, with lines in the `.md` file.
    pub links: Vec<LocalLink>,
    /// Ids of the datasets its body, claims and headline read, sorted.
    pub datasets: Arc<[String]>,
    /// Each figure the body shows and how it was computed, for the end of the page.
    pub figure_notes: Arc<Vec<FigureNote>>,
    pub charts: usize,
    /// Each claim with the text the data gives (equal to `says`, or the build failed).
    pub claims: Vec<CheckedClaim>,
    /// The headline figure, with what it is.
    pub headline: Option<Headline>,
    /// The figure the headline shows, and how it was computed (for the sparkline of its data).
    pub headline_figure: Option<Figure>,
    /// The body's charts, with what their own files (embed page, images) are made of; the first is the
    /// share image's.
    pub embeds: Arc<[ChartEmbed]>,
    /// The report's line in the figures manifest (its figures, headline, claims and charts), when the
    /// run writes one.
    pub manifest: Option<Arc<str>>,
}

/// A claim, checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CheckedClaim {
    pub claim: Claim,
    /// The text the data gives: equal to `says`, or the build failed (unless failing claims are recorded).
    pub computed: String,
    /// How the figure was computed, in words: `sum of 11 months, Jul 2023 – May 2024; …`.
    pub how: String,
}

/// The figure an index card shows for a report, and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Headline {
    /// `$580.4 million`.
    pub figure: String,
    /// The report's `headline_label`, else the figure's dataset and periods: `Walmart spending on
    /// Microsoft Azure, Jul 2023 – May 2024`.
    pub label: String,
}

/// `"../"` for every folder between a report page and the site root.
pub(super) fn root_for(report: &Report) -> String {
    "../".repeat(report.slug.matches('/').count() + 1)
}

/// Why a report could not be prepared: its own errors, and how often it read each dataset whose file
/// has errors (those uses are consequences of the dataset's errors, reported once for the whole site).
#[derive(Debug, Clone, Default)]
pub(crate) struct Unprepared {
    pub errors: Diagnostics,
    pub broken_uses: BTreeMap<String, usize>,
}

impl Unprepared {
    /// Records `e`, found at `at` (whose width it already has).
    fn push(&mut self, report: &Report, e: ExprError, at: Pos) {
        match e.broken_dataset {
            Some(id) => *self.broken_uses.entry(id).or_default() += 1,
            None => self.errors.push(expr_diagnostic(report, &e, at)),
        }
    }

    fn failed(&self) -> bool {
        self.errors.has_errors() || !self.broken_uses.is_empty()
    }
}

/// Expands, checks and renders `report`, reading the site through `reader` and drawing its charts
/// through `charts`; returns every problem found in it. The figures manifest's line is made when the run
/// writes the manifest.
pub(crate) fn prepare(reader: &Reader, report: &Report, charts: &Arc<Charts>) -> Result<PreparedReport, Unprepared> {
    let lang = reader.language_of(report);
    let mut failed = Unprepared::default();
    let expander = Expander::new(reader, lang, charts, reader.revisions(&report.slug));
    let body = expand_body(&expander, report, &mut failed);
    let mut datasets = Vec::new();
    let claims = check_claims(&expander, report, &mut datasets, &mut failed, reader.record_failing_claims(), lang);
    let headline = headline(&expander, reader, report, lang, &mut datasets, &mut failed);
    let Some(body) = body else { return Err(failed) };
    if failed.failed() {
        return Err(failed);
    }
    datasets.extend(body.datasets.iter().cloned());
    datasets.sort();
    datasets.dedup();
    let date_iso = report.date.format("%Y-%m-%d").to_string();
    let (html, links) = markdown::to_html(&body.text);
    let (embeds, under) = chart_embeds(reader, &body, report, lang);
    let manifest = reader.writes_manifest().then(|| {
        let headline = headline.as_ref().and_then(|h| h.entry.clone());
        Arc::from(manifest_line(report, lang, &date_iso, &body, headline, &claims))
    });
    Ok(PreparedReport {
        lang,
        date: format::date(report.date, lang),
        date_iso,
        body_html: Shared::of(body_html(&body, &html, &under)),
        links,
        datasets: datasets.into(),
        figure_notes: Arc::new(figure_notes(reader, report, &body.shown, lang)),
        charts: body.charts.len(),
        claims,
        embeds,
        headline_figure: headline.as_ref().and_then(|h| h.figure.clone()),
        headline: headline.map(|h| h.shown),
        manifest,
    })
}

/// The body expanded, or `None` with its errors (and a note on those left out) in `failed`.
fn expand_body(expander: &Expander, report: &Report, failed: &mut Unprepared) -> Option<Expansion> {
    let page = Mode::Page { root: root_for(report) };
    let body = match expander.expand_all(report.body(), &page) {
        Ok(body) => return Some(body),
        Err(body) => body,
    };
    let last = body.errors.last().map_or(report.body_line, |e| report.body_line + e.line - 1);
    for e in body.errors {
        let at = Pos { line: report.body_line + e.line - 1, col: e.col, width: e.width };
        failed.push(report, e, at);
    }
    let left_out = match (body.more, body.unchecked) {
        (0, 0) => None,
        (1, _) => Some(format!("1 more expression fails after these; a file lists its first {MAX_ERRORS}")),
        (more, 0) => Some(format!("{more} more expressions fail after these; a file lists its first {MAX_ERRORS}")),
        (_, unchecked) => Some(format!(
            "the {unchecked} tags after the last error were not checked; fix the errors above and check again"
        )),
    };
    if let Some(message) = left_out {
        failed.errors.push(Diagnostic::note(&report.path, message).at(last, 0));
    }
    None
}

/// The body's charts of `report` (in `lang`), each with its files, and what goes under each on the page.
/// The site's settings that these show are read only for a report with charts, so that a report without
/// any is not prepared again when they change.
fn chart_embeds(reader: &Reader, body: &Expansion, report: &Report, lang: Lang) -> (Arc<[ChartEmbed]>, Vec<String>) {
    if body.charts.is_empty() {
        return (Arc::from([]), Vec::new());
    }
    let site = embed::EmbedSite { base_url: reader.base_url(), png: reader.share_images() };
    let stems = embed::stems(body.chart_uses.iter().map(|c| c.id.as_str()));
    let embeds: Arc<[ChartEmbed]> = stems
        .into_iter()
        .zip(body.drawings.iter().zip(&body.charts))
        .map(|(stem, (chart, figure))| ChartEmbed::new(report, stem, (Arc::clone(chart), Arc::clone(figure)), site))
        .collect();
    let under = embeds.iter().map(|e| embed::under_chart(report, e, lang, site)).collect();
    (embeds, under)
}

/// The body's HTML (`html`, rendered from its expanded text), its charts put in place of their markers,
/// each followed by `under[i]` (its files and embed code).
fn body_html(body: &Expansion, html: &str, under: &[String]) -> Body {
    Body::assemble(html, &body.charts, |i| body.chart_marker(i), under).unwrap_or_else(|| {
        let mut text = body.text.clone();
        for (i, chart) in body.charts.iter().enumerate() {
            let after = under.get(i).map_or("", String::as_str);
            text = text.replacen(&body.chart_marker(i), &format!("{chart}\n{after}"), 1);
        }
        Body::html(markdown::to_html(&text).0)
    })
}

/// A report's headline, evaluated: what cards show, its figure, and its manifest entry.
struct EvaluatedHeadline {
    shown: Headline,
    figure: Option<Figure>,
    entry: Option<manifest::Figure>,
}

/// The report's `headline`, evaluated; its error goes into `failed`.
fn headline(
    expander: &Expander,
    reader: &Reader,
    report: &Report,
    lang: Lang,
    datasets: &mut Vec<String>,
    failed: &mut Unprepared,
) -> Option<EvaluatedHeadline> {
    let expr = report.headline.as_deref()?;
    match evaluate_shown(expander, expr, datasets) {
        Ok((text, shown)) => {
            let at = report.headline_at;
            let first = shown.into_iter().next();
            let entry = first.as_ref().map(|s| figures::figure("headline".into(), expr.to_owned(), at.line, at.col, s));
            let label = match (&report.headline_label, &first) {
                (Some(label), _) => label.clone(),
                (None, Some(s)) => figure_label(reader, &s.figure, lang),
                (None, None) => String::new(),
            };
            Some(EvaluatedHeadline { shown: Headline { figure: text, label }, figure: first.map(|s| s.figure), entry })
        }
        Err(mut e) => {
            e.hint.get_or_insert_with(|| "headline is an expression such as sum(data=\"…\") | money".into());
            let at = within(report, &e, report.headline_at, expr);
            failed.push(report, e, at);
            None
        }
    }
}

/// The report's line in the figures manifest.
fn manifest_line(
    report: &Report,
    lang: Lang,
    date_iso: &str,
    body: &Expansion,
    headline: Option<manifest::Figure>,
    claims: &[CheckedClaim],
) -> String {
    manifest::Report {
        slug: report.slug.clone(),
        source: manifest::source(&report.path),
        title: report.title.clone(),
        lang: lang.code().to_owned(),
        date: date_iso.to_owned(),
        draft: report.draft,
        updates: report.updates.iter().map(|u| manifest::Update::new(u.date, &u.note)).collect(),
        figures: figures::figures(&body.shown, &body.prints, report.body_line),
        headline,
        claims: claims
            .iter()
            .map(|CheckedClaim { claim: c, computed, .. }| manifest::Claim {
                says: c.says.clone(),
                expr: c.expr.clone(),
                computed: computed.clone(),
                line: c.says_at.line,
                col: c.says_at.col,
                source: c.source.as_ref().map(|s| s.title.clone()),
            })
            .collect(),
        charts: body.chart_uses.clone(),
    }
    .line()
}

/// How each figure of the body was computed, with a link to its dataset.
fn figure_notes(reader: &Reader, report: &Report, shown: &[ShownFigure], lang: Lang) -> Vec<FigureNote> {
    let path = report.output_path();
    let page_dir = Path::new(&path).parent().unwrap_or(Path::new(""));
    shown
        .iter()
        .map(|s| {
            let id = s.figure.inputs.first().and_then(|i| i.split('/').next()).unwrap_or("");
            let dataset = match reader.dataset(id) {
                Lookup::Found(d) => {
                    LinkView { title: d.title.clone(), href: relative_href(page_dir, &format!("datasets/{id}.html")) }
                }
                _ => LinkView { title: String::new(), href: relative_href(page_dir, "index.html") },
            };
            FigureNote { text: s.text.clone(), how: format::describe(&s.figure, lang), dataset }
        })
        .collect()
}

/// What a figure is, said before it when no `headline_label` says so: its dataset's title and its
/// periods (`Walmart spending on Microsoft Azure, Jul 2023 – May 2024`).
fn figure_label(reader: &Reader, figure: &Figure, lang: Lang) -> String {
    let id = figure.inputs.first().and_then(|i| i.split('/').next()).unwrap_or("");
    let title = match reader.dataset(id) {
        Lookup::Found(d) => d.title.as_str(),
        _ => id,
    };
    let fy = figure.fiscal_year_start;
    let periods = match (figure.periods.first(), figure.periods.last()) {
        (Some(a), Some(b)) if a == b => format::period(*a, fy, format::Style::Short, lang),
        (Some(a), Some(b)) => format::period_range(*a, *b, fy, format::Style::Short, lang),
        _ => return title.to_owned(),
    };
    format!("{title}, {periods}")
}

fn check_claims(
    plain: &Expander,
    report: &Report,
    used: &mut Vec<String>,
    failed: &mut Unprepared,
    record_failing: bool,
    lang: Lang,
) -> Vec<CheckedClaim> {
    let mut checked = Vec::new();
    for claim in &report.claims {
        match evaluate_shown(plain, &claim.expr, used) {
            Ok((computed, shown)) if format::same_text(&computed, &claim.says) || record_failing => {
                let how = shown.first().map(|s| format::describe_briefly(&s.figure, lang)).unwrap_or_default();
                checked.push(CheckedClaim { claim: claim.clone(), computed, how })
            }
            Ok((computed, _)) => failed.errors.push(
                Diagnostic::error(&report.path, format!("claim says `{}` but the data gives `{computed}`", claim.says))
                    .placed(&report.source, claim.says_at)
                    .with_hint(format!("expr: {}; fix the dataset, the expression, or the quoted figure", claim.expr)),
            ),
            Err(e) => {
                let at = within(report, &e, claim.expr_at, &claim.expr);
                failed.push(report, e, at);
            }
        }
    }
    checked
}

/// Where an error in the one-line expression `expr`, written in the front matter at `at` (quoted or not),
/// is in the file: [`evaluate`] wraps the expression in `{{ … }}`, so its first character is column 4.
fn within(report: &Report, e: &ExprError, at: Pos, expr: &str) -> Pos {
    let line = report.source.lines().nth(at.line.saturating_sub(1)).unwrap_or("");
    let quoted = line.chars().nth(at.col.saturating_sub(1)).is_some_and(|c| c == '\'' || c == '"');
    let length = expr.chars().count().max(1);
    let offset = e.col.saturating_sub(4).min(length - 1);
    let offset = if e.line == 1 { offset } else { 0 };
    Pos { line: at.line, col: at.col + usize::from(quoted) + offset, width: e.width.clamp(1, length - offset) }
}

/// Evaluates one expression (`sum(data="x") | money`) as plain text, with the figures it showed.
fn evaluate_shown(
    plain: &Expander,
    expr: &str,
    used: &mut Vec<String>,
) -> Result<(String, Vec<ShownFigure>), ExprError> {
    let expansion = plain.expand(&format!("{{{{ {expr} }}}}"), &Mode::Plain)?;
    used.extend(expansion.datasets);
    Ok((expansion.text.trim().to_owned(), expansion.shown))
}

/// An expression's error at `at` in the report's file.
fn expr_diagnostic(report: &Report, e: &ExprError, at: Pos) -> Diagnostic {
    let diag = Diagnostic::error(&report.path, e.message.clone()).placed(&report.source, at);
    match &e.hint {
        Some(hint) => diag.with_hint(hint.clone()),
        None => diag,
    }
}

/// The 1-based character column of `text` on `line` of the report's source.
fn column_in_source(report: &Report, line: usize, text: &str) -> Option<usize> {
    column_of(report.source.lines().nth(line.saturating_sub(1))?, text)
}

/// Checks that every local link of a report lands on a file the site has.
pub(super) fn check_links(report: &Report, links: &[LocalLink], known: &Outputs) -> Diagnostics {
    let page_dir = Path::new(&report.output_path()).parent().map(Path::to_path_buf).unwrap_or_default();
    let mut diags = Diagnostics::new();
    for link in links {
        if let Err((message, hint)) = check_link(&page_dir, link, known) {
            let line = report.body_line + link.line - 1;
            // The link's column in the expanded text shifts with every figure before it on the line.
            let col = column_in_source(report, line, &link.dest).unwrap_or(link.col);
            diags.push(
                Diagnostic::error(&report.path, message)
                    .at_in(&report.source, line, col)
                    .spanning(link.dest.chars().count())
                    .with_hint(hint),
            );
        }
    }
    diags
}

/// Whether the page in `page_dir` may have `link`: a local one must resolve to a file of the site, and a
/// refused one never may. Errors are (message, hint).
pub(super) fn check_link(page_dir: &Path, link: &LocalLink, known: &Outputs) -> Result<(), (String, String)> {
    if link.refused {
        return Err((
            format!("link `{}` uses a scheme the site does not write", link.dest),
            "link to a page of the site, the web (`https://…`) or a mail address (`mailto:`); a `javascript:`, \
             `data:` or `vbscript:` URL would run script in the reader's browser (raw HTML `<a>` is kept as written)"
                .into(),
        ));
    }
    resolve(page_dir, &link.dest, known).map(drop)
}

/// Resolves `dest` from `page_dir` to a path in the site; errors are (message, hint).
pub(super) fn resolve(page_dir: &Path, dest: &str, known: &Outputs) -> Result<String, (String, String)> {
    let target = dest.split(['#', '?']).next().unwrap_or("");
    if target.is_empty() {
        return Ok(String::new());
    }
    if target.starts_with('/') {
        return Err((
            format!("link `{dest}` starts at the domain root"),
            "use a relative link (e.g. `../datasets/x.html`) so the site works from disk and under a subpath".into(),
        ));
    }
    let mut parts: Vec<String> = page_dir.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." if parts.pop().is_some() => {}
            ".." => return Err((format!("link `{dest}` leaves the site"), "remove a `../`".into())),
            s => parts.push(s.to_owned()),
        }
    }
    let path = parts.join("/");
    if target.ends_with('/') || (!known.contains(&path) && known.contains(&format!("{path}/index.html"))) {
        return Err((format!("link `{dest}` points at a folder"), "link to the page's file, ending in `.html`".into()));
    }
    if known.contains(&path) {
        return Ok(path);
    }
    let best = crate::diag::did_you_mean(&path, known.known());
    let hint = match best {
        Some(best) => format!("did you mean `{}`?", relative_href(page_dir, best)),
        None => "reports are at reports/<slug>.html and datasets at datasets/<id>.html".into(),
    };
    Err((format!("link `{dest}` points at no page of the site"), hint))
}

/// The relative href from a page in `page_dir` to `path` (both from the site root): `b.html` beside it,
/// `../datasets/x.html` from `reports/`.
pub(super) fn relative_href(page_dir: &Path, path: &str) -> String {
    let from: Vec<String> = page_dir.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let to: Vec<&str> = path.split('/').collect();
    let dirs = &to[..to.len() - 1];
    let common = from.iter().zip(dirs).take_while(|(a, b)| a.as_str() == **b).count();
    format!("{}{}", "../".repeat(from.len() - common), to[common..].join("/"))
}
