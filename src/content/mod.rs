//! Reports: `content/**/*.md` files, their front matter, slugs and claims.
//!
//! A file goes `raw` (the front matter as serde reads it, split from the body) -> `validate` (every
//! value checked where it is written) -> [`Report`]; `collect` takes the reports of a project together
//! and `translations` groups the versions of one story.

mod raw;
mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::dataset::Source;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::fs::{Input, Sources};
use crate::lang::Lang;
use crate::layout::{Folder, REPORT_EXTS};
use crate::names::Name;

/// A dated note on a published report: a correction, or figures revised with the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Update {
    pub date: NaiveDate,
    pub note: String,
}

/// A figure quoted from a publication, which the build checks against the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Claim {
    /// Exactly what the prose or the source states, e.g. `$580.4 million`.
    pub says: String,
    /// An expression such as `sum(data="walmart-azure") | money`.
    pub expr: String,
    pub source: Option<Source>,
    /// Where `says:` is in the report file.
    pub says_at: Pos,
    /// Where the expression is in the report file.
    pub expr_at: Pos,
}

/// One report, parsed but not yet rendered.
#[derive(Debug, Clone)]
pub(crate) struct Report {
    /// The path under `content/` without `.md`, `/`-separated: `2024/walmart`.
    pub slug: String,
    /// The file, relative to the project root (`content/2024/walmart.md`).
    pub path: PathBuf,
    /// The whole file (shared with the sources that read it), for code frames.
    pub source: Arc<str>,
    pub title: String,
    pub date: NaiveDate,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub lang: Option<Lang>,
    pub headline: Option<String>,
    /// Where the headline's expression is in the file.
    pub headline_at: Pos,
    /// What the headline figure is, said before it on index cards: `Walmart's Azure spend, Jul 2023 – May
    /// 2024`.
    pub headline_label: Option<String>,
    /// Shared by a report and its translations: one story in several languages.
    pub translation_key: Option<String>,
    /// Where `translation_key` is in the file.
    pub translation_key_at: Pos,
    pub claims: Vec<Claim>,
    /// Oldest first.
    pub updates: Vec<Update>,
    /// Where the Markdown body is in `source` (see [`Report::body`]).
    body: std::ops::Range<usize>,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    /// Of the file's text: a report whose file is unchanged has the same one.
    pub fingerprint: u64,
}

impl Report {
    /// The date of its last update, or its own.
    pub(crate) fn last_changed(&self) -> NaiveDate {
        self.updates.last().map_or(self.date, |u| u.date)
    }

    /// The Markdown body, with expressions not yet expanded.
    pub(crate) fn body(&self) -> &str {
        &self.source[self.body.clone()]
    }

    /// The output file, relative to the site root: `reports/2024/walmart.html`.
    pub(crate) fn output_path(&self) -> String {
        page_of_slug(&self.slug)
    }

    /// The folder of its charts' embed pages and images: `embed/2024/walmart/`.
    pub(crate) fn embed_folder(&self) -> String {
        format!("embed/{}/", self.slug)
    }

    /// Its share image, beside the page: `reports/2024/walmart.png`.
    pub(crate) fn share_image_path(&self) -> String {
        format!("reports/{}.png", self.slug)
    }
}

/// The reports under `content/`: those that loaded, sorted by slug, and the slugs of those whose files
/// have errors.
pub(crate) struct Loaded {
    pub reports: Vec<Arc<Report>>,
    /// A link to one of these is not an error of its own: the report's errors are reported.
    pub broken: Vec<String>,
    pub diags: Diagnostics,
}

/// The report files of a project, in path order.
pub(crate) fn files(sources: &Sources) -> Result<Vec<(&Path, &Input)>, Diagnostics> {
    sources.under(Folder::Content, &REPORT_EXTS)
}

/// One report file (`rel`, from the project root) as read.
pub(crate) fn load_file(rel: &Path, input: &Input) -> Result<Arc<Report>, Diagnostics> {
    let text = input.text.clone().map_err(Diagnostics::from)?;
    validate::report(rel, text, input.fingerprint).map(Arc::new)
}

/// The reports of `results` (each file's, in path order), sorted by slug, with the problems of the
/// files and those of the reports taken together (two with one slug, claims without a source).
pub(crate) fn collect(results: Vec<(&Path, Result<Arc<Report>, Diagnostics>)>) -> Loaded {
    let mut diags = Diagnostics::new();
    let mut reports = Vec::new();
    let mut broken = Vec::new();
    for (rel, result) in results {
        match result {
            Ok(report) => reports.push(report),
            Err(errors) => {
                broken.extend(slug_for(rel).ok());
                diags.extend(errors);
            }
        }
    }
    reports.sort_by(|a, b| a.slug.cmp(&b.slug).then(a.path.cmp(&b.path)));
    for report in &reports {
        for claim in report.claims.iter().filter(|c| c.source.is_none()) {
            diags.push(
                Diagnostic::warning(&report.path, format!("the claim `{}` names no source", claim.says))
                    .placed(&report.source, claim.says_at)
                    .with_hint("say where the figure was published: `source: { title: …, url: https://…, published: YYYY-MM-DD }`"),
            );
        }
    }
    for pair in reports.windows(2) {
        if pair[0].slug == pair[1].slug {
            diags.push(
                Diagnostic::error(&pair[1].path, format!("two reports have the slug `{}`", pair[0].slug))
                    .with_hint(format!("{} already uses it; rename one of the files", pair[0].path.display())),
            );
        }
    }
    Loaded { reports, broken, diags }
}

/// The reports that share a `translation_key`, checked: each key is shared by at least two reports, in
/// different languages (a report without `lang` is in `site_lang`). By key, the positions in `reports`.
pub(crate) fn translations(reports: &[Arc<Report>], site_lang: Lang) -> (BTreeMap<String, Vec<usize>>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, report) in reports.iter().enumerate() {
        if let Some(key) = &report.translation_key {
            groups.entry(key.clone()).or_default().push(i);
        }
    }
    let at = |r: &Report| r.translation_key_at;
    groups.retain(|key, members| {
        if let [only] = members[..] {
            let r = &reports[only];
            diags.push(
                Diagnostic::error(&r.path, format!("no other report has the translation key `{key}`"))
                    .placed(&r.source, at(r))
                    .with_hint("give the report's translation the same `translation_key`, or remove it here"),
            );
            return false;
        }
        let lang = |i: usize| reports[i].lang.unwrap_or(site_lang);
        let mut ok = true;
        for (n, &i) in members.iter().enumerate() {
            if let Some(&first) = members[..n].iter().find(|&&j| lang(j) == lang(i)) {
                let r = &reports[i];
                let message = format!(
                    "{} and this report are both in `{}` with the translation key `{key}`",
                    reports[first].path.display(),
                    lang(i).code()
                );
                diags.push(
                    Diagnostic::error(&r.path, message)
                        .placed(&r.source, at(r))
                        .with_hint("a translation is in another language: set its `lang`, or give it its own key"),
                );
                ok = false;
            }
        }
        ok
    });
    (groups, diags)
}

/// Parses one report file; `path` is relative to the project root and starts with `content/`. Every
/// problem of the front matter's values is reported, not just the first.
#[cfg(test)]
pub(crate) fn parse(path: &Path, text: impl Into<Arc<str>>) -> Result<Report, Diagnostics> {
    let text: Arc<str> = text.into();
    let fingerprint = crate::fs::fingerprint(&&*text);
    validate::report(path, text, fingerprint)
}

/// The page of the report with `slug`: `reports/2024/walmart.html`.
fn page_of_slug(slug: &str) -> String {
    format!("reports/{slug}.html")
}

/// The page that the report file at `rel` (from the root: `content/2024/Walmart.md`) is built into,
/// `reports/2024/walmart.html`, without reading it.
pub(crate) fn page_of(rel: &Path) -> Result<String, Diagnostic> {
    slug_for(rel).map(|slug| page_of_slug(&slug))
}

/// `content/2024/Walmart.md` -> `2024/walmart`. Slugs are lowercased, so two files that differ only by
/// case collide here rather than overwrite each other on a case-insensitive disk; every segment must then be
/// a plain name, so a slug is a safe relative path inside `reports/`.
fn slug_for(path: &Path) -> Result<String, Diagnostic> {
    let rel = path.strip_prefix(Folder::Content.path()).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let slug = rel.strip_suffix(".md").unwrap_or(&rel).to_lowercase();
    let segments: Vec<&str> = slug.split('/').collect();
    if segments.iter().any(|s| s.starts_with('.')) {
        return Err(Diagnostic::error(path, format!("slug `{slug}` would leave the output folder"))
            .with_hint("report file names must not start with a dot"));
    }
    if segments.iter().all(|s| Name::Slug.is_valid(s)) {
        return Ok(slug);
    }
    let suggested: Vec<String> = segments.iter().map(|s| Name::Slug.suggest(s)).collect();
    Err(Diagnostic::error(path, format!("`{slug}` is not a valid report slug")).with_hint(format!(
        "name report files and folders with {} (e.g. `{}.md`)",
        Name::Slug.rule(),
        suggested.join("/")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---\ntitle: Walmart\ndate: 2025-06-01\ntags: [walmart, azure]\nclaims:\n  - says: \"$1\"\n    expr: 'x'\n  - says: \"$2\"\n    expr: 'y'\n---\n# Body\n";

    #[test]
    fn parses_front_matter_body_and_claim_lines() {
        let r = parse(Path::new("content/2024/walmart.md"), GOOD).unwrap();
        assert_eq!(r.slug, "2024/walmart");
        assert_eq!(r.output_path(), "reports/2024/walmart.html");
        assert_eq!(r.date, NaiveDate::from_ymd_opt(2025, 6, 1).unwrap());
        assert_eq!(r.tags, ["walmart", "azure"]);
        assert_eq!(r.body(), "# Body\n");
        assert_eq!(r.body_line, 11);
        assert_eq!(r.claims.iter().map(|c| (c.says_at.line, c.says_at.col)).collect::<Vec<_>>(), [(6, 5), (8, 5)]);
        assert_eq!(r.claims.iter().map(|c| (c.expr_at.line, c.expr_at.col)).collect::<Vec<_>>(), [(7, 11), (9, 11)]);
    }

    /// The first error of parsing `src` as `content/a.md`.
    fn first_error(path: &str, src: &str) -> Diagnostic {
        parse(Path::new(path), src).unwrap_err().into_iter().next().expect("an error")
    }

    #[test]
    fn front_matter_errors_point_into_the_md_file() {
        let e = first_error("content/a.md", "---\ntitle: A\ndate: 2025-13-01\n---\n");
        assert_eq!((e.location(), e.message.as_str()), ("content/a.md:3:7".into(), "invalid date `2025-13-01`"));
        let e = first_error("content/a.md", "---\ntitle: A\ndate: 2025-01-01\nsumary: x\n---\n");
        assert_eq!(e.location(), "content/a.md:4:1");
        assert_eq!(e.hint.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn every_bad_front_matter_value_is_reported() {
        let src = "---\ntitle: A\ndate: 2025-13-01\nlang: fr\ntags: [ok, Not OK]\n---\n";
        let errors = parse(Path::new("content/a.md"), src).unwrap_err();
        let got: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.location(), e.message)).collect();
        assert_eq!(
            got,
            [
                "content/a.md:3:7: invalid date `2025-13-01`",
                "content/a.md:4:7: unknown language `fr`",
                "content/a.md:5:12: tag `Not OK` is not a valid name"
            ]
        );
    }

    #[test]
    fn rejects_unsafe_or_ambiguous_slugs() {
        let e = first_error("content/My Report.md", GOOD);
        assert_eq!(e.message, "`my report` is not a valid report slug");
        assert!(e.hint.unwrap().contains("`my-report.md`"));
        let e = first_error("content/../x.md", GOOD);
        assert_eq!(e.message, "slug `../x` would leave the output folder");
        let e = first_error("content/..md", GOOD);
        assert_eq!(e.message, "slug `.` would leave the output folder");
        assert_eq!(parse(Path::new("content/Walmart.md"), GOOD).unwrap().slug, "walmart");
    }
}
