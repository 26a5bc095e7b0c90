//! Typed views: exactly what each template sees. Every string here is plain text unless its name ends
//! in `_html`, which the templates print with `| safe`.
//!
//! A view's fingerprint ([`std::hash::Hash`]) stands for the page it renders: a page whose view hashes
//! the same as in the last run is not rendered again (see `build::memo`). Large texts made once per
//! report are [`Shared`], hashed by a fingerprint taken when they were made.

use std::hash::Hash;
use std::sync::Arc;

use serde::Serialize;

use super::labels::Labels;
use crate::lang::Lang;

/// What every page needs besides its own view: which template, where it goes, its language and head.
pub(crate) struct PageMeta {
    pub(crate) template: &'static str,
    /// From the site root, e.g. `reports/a.html`.
    pub(crate) path: String,
    /// `""` or `"../"`: the way back to the site root.
    pub(crate) root: String,
    pub(crate) lang: Lang,
    pub(crate) title: String,
    /// `None` for the site's own description.
    pub(crate) description: Option<String>,
}

impl PageMeta {
    /// A page at `path` (from the site root), rendered with `template`; its links lead back to the site
    /// root relatively.
    pub(crate) fn new(template: &'static str, path: String, lang: Lang, title: String) -> PageMeta {
        let root = "../".repeat(path.matches('/').count());
        PageMeta { template, path, root, lang, title, description: None }
    }

    /// The page's own description, when it has one.
    pub(crate) fn with_description(self, description: &Option<String>) -> PageMeta {
        PageMeta { description: description.clone().filter(|d| !d.trim().is_empty()), ..self }
    }

    /// Links that start at `root` (an absolute URL) instead of leading back relatively.
    pub(crate) fn with_root(self, root: String) -> PageMeta {
        PageMeta { root, ..self }
    }
}

/// What every page has: the site, where the site root is from this page, and the interface words.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PageView<'a, T: Serialize + Hash> {
    pub site: &'a SiteView,
    /// `""` on top-level pages, `"../"` one folder down; every internal link starts with it.
    pub root: String,
    /// This page's path from the site root, e.g. `reports/walmart.html`.
    pub path: String,
    /// Absolute URL of this page, from `base_url`.
    pub canonical: String,
    pub title: String,
    pub description: String,
    pub lang: &'static str,
    pub labels: &'static Labels,
    pub page: T,
}

/// Leaves out `site`, which the renderer's site fingerprint stands for, and `labels`, which `lang`
/// determines.
impl<T: Serialize + Hash> Hash for PageView<'_, T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let PageView { site: _, root, path, canonical, title, description, lang, labels: _, page } = self;
        (root, path, canonical, title, description, lang, page).hash(state);
    }
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct SiteView {
    pub title: String,
    pub description: String,
    pub author: String,
    pub base_url: String,
}

/// A link: `href` is relative to the page that shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub(crate) struct LinkView {
    pub title: String,
    pub href: String,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct IndexView<'a> {
    /// The newest reports.
    pub reports: Vec<ReportCard<'a>>,
    pub pager: Option<PagerView>,
    /// The page that lists every dataset.
    pub datasets: LinkView,
    pub tags: Vec<LinkView>,
}

/// The older reports, a page at a time: `reports/page-2.html`, …
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct ArchiveView<'a> {
    pub reports: Vec<ReportCard<'a>>,
    pub pager: Option<PagerView>,
}

/// Links between the pages of a long list.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct PagerView {
    pub newer: Option<LinkView>,
    pub older: Option<LinkView>,
    /// `Page 2 of 500`.
    pub position: String,
}

/// `datasets/index.html`: every dataset.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct DatasetsView {
    pub datasets: Vec<DatasetCard>,
}

/// A report in a list: index and tag pages.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct ReportCard<'a> {
    pub title: &'a str,
    pub href: String,
    pub date: &'a str,
    pub date_iso: &'a str,
    pub summary: Option<&'a str>,
    pub headline: Option<&'a str>,
    /// What the headline figure is: `Walmart spending on Microsoft Azure, Jul 2023 – May 2024`.
    pub headline_label: Option<&'a str>,
    pub lang: &'static str,
    /// Every language the story is in, this one first, when it has translations.
    pub languages: Vec<LanguageLink>,
}

/// A version of a story in one language: `Deutsch`, linked from a page in another.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub(crate) struct LanguageLink {
    /// `de`.
    pub lang: &'static str,
    /// The language's own name: `Deutsch`, `English`.
    pub name: &'static str,
    /// Relative to the page that shows it.
    pub href: String,
    /// The version's public address, for `<link rel="alternate" hreflang>`.
    pub url: String,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct DatasetCard {
    pub title: String,
    pub href: String,
    /// `Jul 2023 – May 2024`.
    pub span: String,
    /// `monthly, 11 months`.
    pub periods: String,
    /// How many values of each status it has: `3 reported`, `8 illustrative`.
    pub statuses: Vec<String>,
    /// The words for the statuses other than reported among its values (`estimated`, `illustrative`).
    pub caveats: Vec<&'static str>,
    pub sources: Vec<SourceView>,
    /// `2 reports`; empty when no report uses it.
    pub used_in: String,
    pub downloads: Vec<LinkView>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct ReportView {
    pub date: String,
    pub date_iso: String,
    pub summary: Option<String>,
    pub body_html: Shared<Body>,
    pub tags: Vec<LinkView>,
    pub datasets: Vec<LinkView>,
    pub claims: Vec<ClaimView>,
    pub claims_heading: String,
    pub figures: Arc<Vec<FigureNote>>,
    pub previous: Option<LinkView>,
    pub next: Option<LinkView>,
    /// Oldest first.
    pub updates: Vec<UpdateView>,
    /// The story in every language it is in, this page's first; empty without translations.
    pub languages: Vec<LanguageLink>,
    /// The share image, for the page's head.
    pub share: Option<super::share::ShareView>,
}

/// A dated note: a report's update, a dataset's revision.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct UpdateView {
    pub date: String,
    pub date_iso: String,
    pub note: String,
}

impl UpdateView {
    pub(super) fn new(date: chrono::NaiveDate, note: &str, lang: Lang) -> UpdateView {
        UpdateView {
            date: crate::figures::format::date(date, lang),
            date_iso: date.format("%Y-%m-%d").to_string(),
            note: note.to_owned(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct ClaimView {
    pub says: String,
    pub computed: String,
    /// How the data gives it, in words: `sum of 11 months, Jul 2023 – May 2024; …`.
    pub how: String,
    pub expr: String,
    pub source: Option<SourceView>,
}

impl ClaimView {
    /// A checked claim as a report in `lang` shows it.
    pub(super) fn new(checked: &super::report::CheckedClaim, lang: Lang) -> ClaimView {
        let claim = &checked.claim;
        ClaimView {
            says: claim.says.clone(),
            computed: checked.computed.clone(),
            how: checked.how.clone(),
            expr: claim.expr.clone(),
            source: claim.source.as_ref().map(|s| SourceView::new(s, lang)),
        }
    }
}

/// Where a claim or a dataset's values were published: its title, linked when it has a URL, and the date.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct SourceView {
    pub title: String,
    pub url: Option<String>,
    /// `20 May 2025`, `20. Mai 2025`.
    pub published: Option<String>,
    pub published_iso: Option<String>,
}

impl SourceView {
    pub(super) fn new(source: &crate::dataset::Source, lang: Lang) -> SourceView {
        SourceView {
            title: source.title.clone(),
            url: source.url.clone(),
            published: source.published.map(|d| crate::figures::format::date(d, lang)),
            published_iso: source.published.map(|d| d.format("%Y-%m-%d").to_string()),
        }
    }
}

/// One figure shown on a report and how it was computed.
#[derive(Debug, Clone, Serialize, Hash, PartialEq)]
pub(crate) struct FigureNote {
    pub text: String,
    pub how: String,
    pub dataset: LinkView,
}

/// A dataset's page: what the dataset's files give, and the reports that use it.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct DatasetView {
    #[serde(flatten)]
    pub content: Shared<DatasetContent>,
    pub used_in: Vec<LinkView>,
}

/// A dataset page's own content: the same for as long as the dataset's files are.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct DatasetContent {
    pub id: String,
    pub description_html: Option<String>,
    pub notes_html: Option<String>,
    pub currency: String,
    pub unit_text: String,
    /// Where the values came from when they were read from a table: `Values added up by month from 273
    /// rows of cloud-bill.csv.`
    pub origin: Option<String>,
    pub sources: Vec<SourceView>,
    pub series: Vec<SeriesView>,
    pub chart_html: String,
    pub has_caveats: bool,
    pub downloads: Vec<LinkView>,
    /// Oldest first.
    pub revisions: Vec<UpdateView>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct SeriesView {
    pub key: String,
    pub label: String,
    pub rows: Vec<RowView>,
    pub total: String,
    pub peak: String,
    pub peak_period: String,
    pub mean: String,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct RowView {
    /// Anchor: `acr-2023-07`.
    pub id: String,
    pub period: String,
    pub period_key: String,
    /// A `<time datetime>` value: months only (HTML has no form for a quarter).
    pub datetime: Option<String>,
    /// The number as written in the dataset.
    pub raw: String,
    /// Formatted in the page's language with the dataset's money.
    pub value: String,
    pub status: &'static str,
    pub status_word: &'static str,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct TagView<'a> {
    pub tag: &'a str,
    pub reports: Vec<ReportCard<'a>>,
    pub pager: Option<PagerView>,
}

/// The 404 page has nothing of its own.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct EmptyView {}

/// A report's body as HTML: its text with the charts' figures in between, which are shared with the
/// drawings kept for reuse (`chart::Charts`), not copied into every body (a figure is most of a body's
/// size).
#[derive(Debug, Hash, PartialEq)]
pub(crate) struct Body {
    parts: Vec<BodyPart>,
}

#[derive(Debug, Hash, PartialEq)]
enum BodyPart {
    Html(String),
    Chart(Arc<str>),
}

impl Body {
    /// The body from `html`, rendered from a text whose chart `i` was `marker(i)`: each marker is replaced
    /// by `charts[i]`. `None` when a marker is not in `html` as it was written (a chart inside a code
    /// block): the caller then renders the text with the figures in it.
    /// Each chart is followed by `under[i]`.
    pub(crate) fn assemble(
        html: &str,
        charts: &[Arc<str>],
        marker: impl Fn(usize) -> String,
        under: &[String],
    ) -> Option<Body> {
        let mut parts = Vec::with_capacity(2 * charts.len() + 1);
        let mut rest = html;
        for (i, chart) in charts.iter().enumerate() {
            let (before, after) = rest.split_once(marker(i).as_str())?;
            parts.push(BodyPart::Html(before.to_owned()));
            parts.push(BodyPart::Chart(Arc::clone(chart)));
            rest = after;
            if let Some(under) = under.get(i) {
                parts.push(BodyPart::Html(format!("\n{under}")));
            }
        }
        parts.push(BodyPart::Html(rest.to_owned()));
        Some(Body { parts })
    }

    /// A body without shared figures.
    pub(crate) fn html(html: String) -> Body {
        Body { parts: vec![BodyPart::Html(html)] }
    }
}

impl std::fmt::Display for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.parts.iter().try_for_each(|part| match part {
            BodyPart::Html(text) => f.write_str(text),
            BodyPart::Chart(html) => f.write_str(html),
        })
    }
}

impl Serialize for Body {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A large value made once (a report's body, a dataset page's content), shared by the views that show it
/// and hashed by its fingerprint, taken the first time it is hashed (a build that keeps no pages never
/// takes it).
#[derive(Debug)]
pub(crate) struct Shared<T> {
    value: Arc<T>,
    fingerprint: Arc<std::sync::OnceLock<u64>>,
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared { value: Arc::clone(&self.value), fingerprint: Arc::clone(&self.fingerprint) }
    }
}

impl<T: Hash> Shared<T> {
    pub(crate) fn of(value: T) -> Shared<T> {
        Shared { value: Arc::new(value), fingerprint: Arc::default() }
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.value, &other.value) || self.value == other.value
    }
}

impl<T: Hash> Hash for Shared<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.fingerprint.get_or_init(|| crate::fs::fingerprint(&*self.value)).hash(state);
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_shares_its_figures_and_reads_as_one_text() {
        let charts: Vec<Arc<str>> = vec![Arc::from("<figure>A</figure>"), Arc::from("<figure>B</figure>")];
        let marker = |i: usize| format!("<m{i}>");
        let under = ["<div>a</div>".to_owned(), "<div>b</div>".to_owned()];
        let body = Body::assemble("<p>x</p>\n<m0>\n<p>y</p>\n<m1>\n", &charts, marker, &under).unwrap();
        assert_eq!(
            body.to_string(),
            "<p>x</p>\n<figure>A</figure>\n<div>a</div>\n<p>y</p>\n<figure>B</figure>\n<div>b</div>\n"
        );
        assert!(matches!(&body.parts[1], BodyPart::Chart(c) if Arc::ptr_eq(c, &charts[0])));
        assert_eq!(serde_json::to_string(&body).unwrap(), serde_json::to_string(&body.to_string()).unwrap());
        // A marker that Markdown escaped (a chart inside a code block) is not found.
        assert!(Body::assemble("<pre>&lt;m0&gt;</pre>\n<m1>\n", &charts, marker, &under).is_none());
    }
}
