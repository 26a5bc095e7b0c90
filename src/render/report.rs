//! One report's body: expressions expanded, claims checked, Markdown rendered, links collected.

use std::collections::BTreeSet;
use std::path::Path;

use crate::content::{Claim, Report};
use crate::dataset::DATA_DIR;
use crate::diag::{column_of, Diagnostic, Diagnostics};
use crate::expr::{unavailable, Expander, ExprError, Mode, ShownFigure};
use crate::figures::format::Lang;
use crate::markdown::{self, LocalLink};
use crate::site::Site;

/// A report ready to be placed in its page.
#[derive(Debug, Clone)]
pub struct PreparedReport {
    pub lang: Lang,
    pub body_html: String,
    /// Local links in the body, with lines in the `.md` file.
    pub links: Vec<LocalLink>,
    /// Ids of the datasets its body, claims and headline read, sorted.
    pub datasets: Vec<String>,
    pub shown: Vec<ShownFigure>,
    pub charts: usize,
    /// Each claim with the text the data gives (equal to `says`, or the build failed).
    pub claims: Vec<(Claim, String)>,
    /// The headline figure as plain text.
    pub headline: Option<String>,
}

/// `"../"` for every folder between a report page and the site root.
pub fn root_for(report: &Report) -> String {
    "../".repeat(report.slug.matches('/').count() + 1)
}

/// Expands, checks and renders one report; returns every problem found in it.
pub fn prepare(site: &Site, report: &Report) -> Result<PreparedReport, Diagnostics> {
    let lang = report.lang.unwrap_or(site.config.language);
    let mut diags = Diagnostics::new();
    let page = Expander::new(site, lang, Mode::Page { root: root_for(report) });
    // Claims and the headline are single expressions, written as plain text.
    let plain = Expander::new(site, lang, Mode::Plain);
    let body = page.expand_all(&report.body).map_err(|errors| {
        for e in errors {
            let line = report.body_line + e.line - 1;
            diags.push(expr_diagnostic(report, &e, line, e.col));
        }
    });
    let mut datasets = Vec::new();
    let claims = check_claims(&plain, report, &mut datasets, &mut diags);
    let headline = report.headline.as_deref().and_then(|expr| {
        let line = key_line(report, "headline");
        evaluate(&plain, expr, &mut datasets)
            .map_err(|e| {
                diags.push(
                    expr_diagnostic(report, &e, line, 1)
                        .with_hint_if_none("headline is an expression such as sum(data=\"…\") | money"),
                )
            })
            .ok()
    });
    let Ok(body) = body else { return Err(count_broken_uses(diags, &site.broken_datasets)) };
    if diags.has_errors() {
        return Err(count_broken_uses(diags, &site.broken_datasets));
    }
    datasets.extend(body.datasets.iter().cloned());
    datasets.sort();
    datasets.dedup();
    let (body_html, links) = markdown::to_html(&body.text);
    Ok(PreparedReport { lang, body_html, links, datasets, shown: body.shown, charts: body.charts, claims, headline })
}

/// A report that uses a dataset whose file has errors gets one error for it, at its first use, saying how
/// often it is used, rather than one per use.
fn count_broken_uses(mut diags: Diagnostics, broken: &BTreeSet<String>) -> Diagnostics {
    diags.sort();
    let mut kept: Vec<Diagnostic> = Vec::new();
    let mut firsts: Vec<(usize, &String, usize)> = Vec::new(); // (index in `kept`, id, uses)
    for d in diags {
        let Some(id) = broken.iter().find(|id| d.message == unavailable(id)) else {
            kept.push(d);
            continue;
        };
        match firsts.iter_mut().find(|(_, seen, _)| *seen == id) {
            Some((_, _, uses)) => *uses += 1,
            None => {
                firsts.push((kept.len(), id, 1));
                kept.push(d.with_hint(format!("fix the errors in {DATA_DIR}/{id}.yaml listed here")));
            }
        }
    }
    for (i, _, uses) in firsts.into_iter().filter(|(_, _, uses)| *uses > 1) {
        kept[i].message.push_str(&format!(" (used {uses} times in this file)"));
    }
    kept.into_iter().collect()
}

fn check_claims(
    plain: &Expander,
    report: &Report,
    used: &mut Vec<String>,
    diags: &mut Diagnostics,
) -> Vec<(Claim, String)> {
    let mut checked = Vec::new();
    for claim in &report.claims {
        match evaluate(plain, &claim.expr, used) {
            Ok(computed) if computed == claim.says => checked.push((claim.clone(), computed)),
            Ok(computed) => diags.push(
                Diagnostic::error(&report.path, format!("claim says `{}` but the data gives `{computed}`", claim.says))
                    .at_in(&report.source, claim.line, column_in_source(report, claim.line, "says").unwrap_or(1))
                    .with_hint(format!("expr: {}; fix the dataset, the expression, or the quoted figure", claim.expr)),
            ),
            Err(e) => diags.push(expr_diagnostic(report, &e, claim.line + 1, 1)),
        }
    }
    checked
}

/// Evaluates one expression (`sum(data="x") | money`) as plain text.
fn evaluate(plain: &Expander, expr: &str, used: &mut Vec<String>) -> Result<String, ExprError> {
    let expansion = plain.expand(&format!("{{{{ {expr} }}}}")).map_err(|e| ExprError { line: 1, col: 1, ..e })?;
    used.extend(expansion.datasets);
    Ok(expansion.text.trim().to_owned())
}

fn expr_diagnostic(report: &Report, e: &ExprError, line: usize, col: usize) -> Diagnostic {
    let diag = Diagnostic::error(&report.path, e.message.clone()).at_in(&report.source, line, col).spanning(e.width);
    match &e.hint {
        Some(hint) => diag.with_hint(hint.clone()),
        None => diag,
    }
}

/// The 1-based line of `key:` in the front matter (1 when absent).
fn key_line(report: &Report, key: &str) -> usize {
    report
        .source
        .lines()
        .take(report.body_line.saturating_sub(1))
        .position(|l| l.trim_start().starts_with(&format!("{key}:")))
        .map_or(1, |i| i + 1)
}

/// The 1-based character column of `text` on `line` of the report's source.
fn column_in_source(report: &Report, line: usize, text: &str) -> Option<usize> {
    column_of(report.source.lines().nth(line.saturating_sub(1))?, text)
}

/// Checks that every local link of a report lands on a file the site has.
pub fn check_links(report: &Report, links: &[LocalLink], known: &std::collections::BTreeSet<String>) -> Diagnostics {
    let page_dir = Path::new(&report.output_path()).parent().map(Path::to_path_buf).unwrap_or_default();
    let mut diags = Diagnostics::new();
    for link in links {
        if let Err((message, hint)) = resolve(&page_dir, &link.dest, known) {
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

/// Resolves `dest` from `page_dir` to a path in the site; errors are (message, hint).
pub fn resolve(
    page_dir: &Path,
    dest: &str,
    known: &std::collections::BTreeSet<String>,
) -> Result<String, (String, String)> {
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
    let best = crate::diag::did_you_mean(&path, known.iter().map(String::as_str));
    let hint = match best {
        Some(best) => format!("did you mean `{}`?", relative_href(page_dir, best)),
        None => "reports are at reports/<slug>.html and datasets at datasets/<id>.html".into(),
    };
    Err((format!("link `{dest}` points at no page of the site"), hint))
}

/// The relative href from a page in `page_dir` to `path` (both from the site root): `b.html` beside it,
/// `../datasets/x.html` from `reports/`.
pub fn relative_href(page_dir: &Path, path: &str) -> String {
    let from: Vec<String> = page_dir.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let to: Vec<&str> = path.split('/').collect();
    let dirs = &to[..to.len() - 1];
    let common = from.iter().zip(dirs).take_while(|(a, b)| a.as_str() == **b).count();
    format!("{}{}", "../".repeat(from.len() - common), to[common..].join("/"))
}

trait WithHintIfNone {
    fn with_hint_if_none(self, hint: &str) -> Self;
}

impl WithHintIfNone for Diagnostic {
    fn with_hint_if_none(self, hint: &str) -> Self {
        if self.hint.is_some() {
            self
        } else {
            self.with_hint(hint)
        }
    }
}
