//! Typed views: exactly what each template sees. Every string here is plain text unless its name ends
//! in `_html`, which the templates print with `| safe`.
//!
//! A view's fingerprint ([`std::hash::Hash`]) stands for the page it renders: a page whose view hashes
//! the same as in the memo's last run is not rendered again. Large texts made once per report are
//! [`Shared`], hashed by a fingerprint taken when they were made.

use std::hash::Hash;
use std::sync::Arc;

use serde::Serialize;

use super::labels::Labels;
use crate::figures::format::Lang;

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
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct PageView<T: Serialize + Hash> {
    pub site: SiteView,
    /// `""` on top-level pages, `"../"` one folder down; every internal link starts with it.
    pub root: String,
    /// This page's path from the site root, e.g. `reports/walmart.html`.
    pub path: String,
    /// Absolute URL of this page, from `base_url`.
    pub canonical: String,
    pub title: String,
    pub description: String,
    pub lang: &'static str,
    pub labels: Labels,
    pub page: T,
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
pub(super) struct IndexView {
    /// The newest reports.
    pub reports: Vec<ReportCard>,
    pub pager: Option<PagerView>,
    /// The page that lists every dataset.
    pub datasets: LinkView,
    pub tags: Vec<LinkView>,
}

/// The older reports, a page at a time: `reports/page-2.html`, …
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct ArchiveView {
    pub reports: Vec<ReportCard>,
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
pub(super) struct ReportCard {
    pub title: String,
    pub href: String,
    pub date: String,
    pub date_iso: String,
    pub summary: Option<String>,
    pub headline: Option<String>,
    pub lang: &'static str,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct DatasetCard {
    pub title: String,
    pub href: String,
    pub span: String,
    /// The words for the statuses other than reported among its values (`estimated`, `illustrative`).
    pub caveats: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct ReportView {
    pub date: String,
    pub date_iso: String,
    pub summary: Option<String>,
    pub body_html: Shared,
    pub tags: Vec<LinkView>,
    pub datasets: Vec<LinkView>,
    pub claims: Vec<ClaimView>,
    pub claims_heading: String,
    pub figures: Arc<Vec<FigureNote>>,
    pub previous: Option<LinkView>,
    pub next: Option<LinkView>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct ClaimView {
    pub says: String,
    pub computed: String,
    pub expr: String,
    pub source: Option<String>,
}

/// One figure shown on a report and how it was computed.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct FigureNote {
    pub text: String,
    pub how: String,
    pub dataset: LinkView,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct DatasetView {
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
    pub used_in: Vec<LinkView>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct SourceView {
    pub title: String,
    pub url: Option<String>,
    pub published: Option<String>,
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
pub(super) struct TagView {
    pub tag: String,
    pub reports: Vec<ReportCard>,
    pub pager: Option<PagerView>,
}

/// The 404 page has nothing of its own.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct EmptyView {}

/// A large text made once (a report's body), shared by the views that show it and hashed by the
/// fingerprint taken when it was made.
#[derive(Debug, Clone)]
pub(crate) struct Shared {
    text: Arc<str>,
    fingerprint: u64,
}

impl Shared {
    pub(crate) fn new(text: String) -> Shared {
        let fingerprint = crate::fs::fingerprint(&text);
        Shared { text: Arc::from(text), fingerprint }
    }
}

impl std::ops::Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl Hash for Shared {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.fingerprint.hash(state);
    }
}

impl Serialize for Shared {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}
