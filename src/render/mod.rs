//! Rendering: the site model to output files, handed one by one to a [`Sink`], without touching the disk.
//!
//! One parallel pass prepares each report (expressions expanded, claims checked, Markdown rendered),
//! checks its links and renders its page, so that a build holds the pages of a few reports at a time,
//! not the whole site; what the lists need of a report (its headline, language, datasets) is kept as a
//! [`Summary`]. Then the dataset pages, the paged lists (`lists`), the search page and its index
//! (`search`), the feed and the sitemap follow.
//!
//! Every page is rendered from a typed view. With a memo that keeps results (`serve`), a prepared report
//! whose file and datasets are unchanged is reused, and so is a page whose view has the same fingerprint
//! as in the last run: an edit costs the pages it changes.

mod dataset;
mod feeds;
mod labels;
mod lists;
mod report;
mod search;
mod share;
mod templates;
mod views;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::Report;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::figures::format::Lang;
use crate::fs::{fingerprint, Sources};
use crate::manifest;
use crate::memo::{Memo, PreparedEntry, ReportPageEntry};
use crate::output::{OutputFile, Sink};
use crate::site::Site;

pub(crate) use dataset::DatasetPage;
pub(crate) use report::{PreparedReport, Unprepared};
pub(crate) use share::ShareView;
pub(crate) use templates::Templates;

use labels::Labels;
use views::*;

/// Files every site has as they are: the icon browsers show in tabs and bookmarks, as SVG (linked from
/// every page) and as `favicon.ico` at the site root, where browsers look without a link (the same
/// drawing, 32 × 32 px).
const ASSETS: [(&str, &[u8]); 2] =
    [("favicon.svg", include_bytes!("assets/favicon.svg")), ("favicon.ico", include_bytes!("assets/favicon.ico"))];

/// What a build made, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub reports: usize,
    pub datasets: usize,
    pub charts: usize,
    pub claims: usize,
    /// Files written.
    pub files: usize,
}

/// What the lists, the feed, the dataset pages and the manifest need of a report once its page is
/// written: a few fields of its prepared form, not its body.
#[derive(Debug, Clone)]
pub(crate) struct Summary {
    lang: Lang,
    /// `28 May 2025`, `2025-05-28`.
    date: String,
    date_iso: String,
    headline: Option<report::Headline>,
    datasets: Vec<String>,
    charts: usize,
    claims: usize,
    /// The report's line of the figures manifest, when the run writes one.
    manifest: Option<String>,
}

impl Summary {
    /// Takes the fields from `prepared`, without copies when nothing else holds it (a build).
    fn of(prepared: Arc<PreparedReport>) -> Summary {
        match Arc::try_unwrap(prepared) {
            Ok(p) => Summary {
                lang: p.lang,
                date: p.date,
                date_iso: p.date_iso,
                headline: p.headline,
                datasets: p.datasets,
                charts: p.charts,
                claims: p.claims.len(),
                manifest: p.manifest,
            },
            Err(p) => Summary {
                lang: p.lang,
                date: p.date.clone(),
                date_iso: p.date_iso.clone(),
                headline: p.headline.clone(),
                datasets: p.datasets.clone(),
                charts: p.charts,
                claims: p.claims.len(),
                manifest: p.manifest.clone(),
            },
        }
    }
}

/// Renders the whole site into `sink`, or returns every error found (the sink may then have some of the
/// files: a build discards them).
/// `figures` says whether to write the figures manifest.
pub(crate) fn render_site(
    site: &Site,
    sources: &Sources,
    memo: &Memo,
    sink: &dyn Sink,
    figures: bool,
) -> Result<Stats, Diagnostics> {
    let templates = Templates::load(sources)?;
    let renderer = Renderer::new(site, &templates, memo, sink, figures);
    let summaries = renderer.reports()?;
    renderer.rest(&summaries)?;
    let files = renderer.files.load(std::sync::atomic::Ordering::Relaxed);
    Ok(Stats {
        reports: summaries.len(),
        datasets: site.datasets.len(),
        charts: summaries.iter().map(|s| s.charts).sum::<usize>() + site.datasets.len(),
        claims: summaries.iter().map(|s| s.claims).sum(),
        files,
    })
}

/// One note for a dataset whose file has errors, at that file: which reports read it, so that a writer
/// knows what the fix will unblock, instead of one error per use.
fn broken_note(site: &Site, id: &str, uses: &[(&Report, usize)]) -> Diagnostic {
    let path = site.broken_datasets.get(id).cloned().unwrap_or_default();
    let reports: Vec<String> = uses
        .iter()
        .map(|(r, n)| format!("{} ({n} {})", r.path.display(), if *n == 1 { "use" } else { "uses" }))
        .collect();
    let (n, what) = if uses.len() == 1 { (1, "report uses") } else { (uses.len(), "reports use") };
    Diagnostic::note(path, format!("{n} {what} `{id}`, so its figures were not checked: {}", reports.join(", ")))
}

struct Renderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    memo: &'a Memo,
    sink: &'a dyn Sink,
    /// Reports, newest first.
    order: Vec<&'a Arc<Report>>,
    /// Per report (position in `order`): the story's versions in every language (positions in `order`,
    /// the site's language first, then by language code), or none when it has no translation.
    versions: Vec<Vec<usize>>,
    /// The reports the lists show (positions in `order`, newest first): one per story, in the site's
    /// language when the story has a version in it.
    listed: Vec<usize>,
    /// Every file the site will have, for checking links.
    known: BTreeSet<String>,
    /// The tags and the reports (positions in `order`) that carry each.
    tags: BTreeMap<&'a str, Vec<usize>>,
    site_view: SiteView,
    /// Whether the run writes `figures.json` (and so prepares each report's line of it).
    figures: bool,
    /// Of what every page shows besides its own view (the site, the templates).
    site_fingerprint: u64,
    files: std::sync::atomic::AtomicUsize,
}

impl<'a> Renderer<'a> {
    fn new(
        site: &'a Site,
        templates: &'a Templates,
        memo: &'a Memo,
        sink: &'a dyn Sink,
        figures: bool,
    ) -> Renderer<'a> {
        let mut by_date: Vec<usize> = (0..site.reports.len()).collect();
        let reports = &site.reports;
        by_date.sort_by(|&a, &b| reports[b].date.cmp(&reports[a].date).then(reports[a].slug.cmp(&reports[b].slug)));
        let order: Vec<&Arc<Report>> = by_date.iter().map(|&i| &reports[i]).collect();
        let mut position = vec![0; reports.len()];
        for (k, &i) in by_date.iter().enumerate() {
            position[i] = k;
        }
        let config = &site.config;
        let lang_of = |k: usize| order[k].lang.unwrap_or(config.language);
        let mut versions = vec![Vec::new(); order.len()];
        for members in site.translations.values() {
            let mut story: Vec<usize> = members.iter().map(|&i| position[i]).collect();
            story.sort_by_key(|&k| (lang_of(k) != config.language, lang_of(k).code()));
            for &k in &story {
                versions[k] = story.clone();
            }
        }
        // A story is listed once: the version in the site's language, else its newest.
        let listed: Vec<usize> = (0..order.len())
            .filter(|&k| match versions[k].as_slice() {
                [] => true,
                story if lang_of(story[0]) == config.language => story[0] == k,
                story => story.iter().min() == Some(&k),
            })
            .collect();
        // A listed story carries the tags of every version.
        let mut tags: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &k in &listed {
            let story = if versions[k].is_empty() { std::slice::from_ref(&k) } else { versions[k].as_slice() };
            let mut own: Vec<&str> = story.iter().flat_map(|&v| order[v].tags.iter().map(String::as_str)).collect();
            own.sort_unstable();
            own.dedup();
            for tag in own {
                tags.entry(tag).or_default().push(k);
            }
        }
        let site_view = SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            author: config.author.clone(),
            base_url: config.base_url.clone(),
        };
        let site_fingerprint =
            fingerprint(&(&site_view, config.language.code(), config.share_images, templates.fingerprint));
        let mut renderer = Renderer {
            site,
            templates,
            memo,
            sink,
            order,
            versions,
            listed,
            known: BTreeSet::new(),
            tags,
            site_view,
            figures,
            site_fingerprint,
            files: Default::default(),
        };
        renderer.known = renderer.known_paths();
        renderer
    }

    fn known_paths(&self) -> BTreeSet<String> {
        let mut known: BTreeSet<String> = self.order.iter().map(|r| r.output_path()).collect();
        // A report whose file has errors reports those; links to its page are not errors of their own.
        known.extend(self.site.broken_reports.iter().map(|slug| format!("reports/{slug}.html")));
        if self.site.config.share_images {
            known.extend(self.order.iter().map(|r| r.share_image_path()));
        }
        known.extend(lists::paths(self.listed.len(), &self.tags));
        for id in self.site.datasets.keys() {
            known.extend(["html", "csv", "json", "svg"].map(|ext| format!("datasets/{id}.{ext}")));
        }
        // A dataset whose file has errors reports those; links to its files are not errors of their own.
        for id in self.site.broken_datasets.keys() {
            known.extend(["html", "csv", "json", "svg"].map(|ext| format!("datasets/{id}.{ext}")));
        }
        known.extend(
            ["index.html", "404.html", "datasets/index.html", "style.css", "feed.xml", "sitemap.xml"].map(String::from),
        );
        known.extend(ASSETS.map(|(path, _)| path.to_owned()));
        known.extend([search::PAGE, search::SCRIPT, search::INDEX].map(String::from));
        known
    }

    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.files.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.sink.put(file)
    }

    /// [`Renderer::put`] for a file given as pieces.
    fn put_pieces(&self, path: &str, pieces: &[&[u8]]) -> Result<(), Diagnostic> {
        self.files.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.sink.put_pieces(path, pieces)
    }

    /// Prepares every report and renders its page; the summaries in newest-first order, or every error.
    fn reports(&self) -> Result<Vec<Summary>, Diagnostics> {
        let results: Vec<Result<Summary, Unprepared>> =
            (0..self.order.len()).into_par_iter().map(|i| self.report(i)).collect();
        let mut diags = Diagnostics::new();
        let mut summaries = Vec::with_capacity(results.len());
        // Per broken dataset: the reports that read it, and how often.
        let mut broken_uses: BTreeMap<String, Vec<(&Report, usize)>> = BTreeMap::new();
        for (i, result) in results.into_iter().enumerate() {
            match result {
                Ok(summary) => summaries.push(summary),
                Err(unprepared) => {
                    diags.extend(unprepared.errors);
                    for (id, uses) in unprepared.broken_uses {
                        broken_uses.entry(id).or_default().push((self.order[i], uses));
                    }
                }
            }
        }
        for (id, uses) in broken_uses {
            let mut uses = uses;
            uses.sort_by(|a, b| a.0.path.cmp(&b.0.path));
            diags.push(broken_note(self.site, &id, &uses));
        }
        if diags.has_errors() || diags.iter().any(|d| d.severity == Severity::Note) {
            diags.sort();
            return Err(diags);
        }
        Ok(summaries)
    }

    /// One report: prepared (or reused), its links checked, its page rendered.
    fn report(&self, i: usize) -> Result<Summary, Unprepared> {
        let report = self.order[i];
        let prepared = self.prepared(report)?;
        let links = report::check_links(report, &prepared.links, &self.known);
        if !links.is_empty() {
            return Err(Unprepared { errors: links, ..Unprepared::default() });
        }
        let page = self.share_image(report, &prepared).and_then(|share| self.report_page(i, &prepared, share));
        page.map_err(|d| Unprepared { errors: d.into(), ..Unprepared::default() })?;
        Ok(Summary::of(prepared))
    }

    /// The prepared report from the memo when its file, language and datasets are unchanged.
    fn prepared(&self, report: &Report) -> Result<Arc<PreparedReport>, Unprepared> {
        let lang = report.lang.unwrap_or(self.site.config.language);
        let datasets = &self.site.datasets;
        let current = |(id, fp): &(String, u64)| datasets.get(id).is_some_and(|d| d.fingerprint == *fp);
        let valid = |e: &PreparedEntry| {
            e.source == report.fingerprint
                && e.lang == lang
                && e.inputs.iter().all(current)
                && (e.prepared.manifest.is_some() || !self.figures)
        };
        if let Some(entry) = self.memo.prepared.get(&report.path, valid) {
            return Ok(entry.prepared);
        }
        let prepared = Arc::new(report::prepare(self.site, report, &self.memo.charts, self.figures)?);
        let inputs =
            prepared.datasets.iter().filter_map(|id| Some((id.clone(), datasets.get(id)?.fingerprint))).collect();
        let entry = PreparedEntry { source: report.fingerprint, inputs, lang, prepared: Arc::clone(&prepared) };
        self.memo.prepared.put(report.path.clone(), entry);
        Ok(prepared)
    }

    /// Renders `template` with `view` into the file `meta.path`, unless the memo has the page for this
    /// very view.
    /// Returns the page's bytes.
    fn page<T: Serialize + std::hash::Hash>(&self, meta: PageMeta, view: T) -> Result<Arc<[u8]>, Diagnostic> {
        let PageMeta { template, path, root, lang, title, description } = meta;
        let config = &self.site.config;
        let view = PageView {
            site: &self.site_view,
            canonical: format!("{}{path}", config.base_url),
            root,
            path: path.clone(),
            description: description.unwrap_or_else(|| config.description.clone()),
            title,
            lang: lang.code(),
            labels: Labels::for_lang(lang),
            page: view,
        };
        let pages = &self.memo.pages;
        let key = if pages.keeps() { fingerprint(&(template, self.site_fingerprint, &view)) } else { 0 };
        let bytes = match pages.get(&path, |(k, _)| pages.keeps() && *k == key) {
            Some((_, bytes)) => bytes,
            None => {
                let bytes: Arc<[u8]> = Arc::from(self.templates.render(template, &view)?.into_bytes());
                self.memo.pages.put(path.clone(), (key, Arc::clone(&bytes)));
                bytes
            }
        };
        self.put(OutputFile { path, bytes: Arc::clone(&bytes) })?;
        Ok(bytes)
    }

    /// `share`: what the page's head says about its share image.
    fn report_page(
        &self,
        i: usize,
        prepared: &Arc<PreparedReport>,
        share: Option<ShareView>,
    ) -> Result<(), Diagnostic> {
        let report = self.order[i];
        // Newest first: the previous report is the older one.
        let (previous, next) = (self.order.get(i + 1).copied(), i.checked_sub(1).map(|j| self.order[j]));
        let path = report.output_path();
        let pages = &self.memo.report_pages;
        let page_dir = Path::new(&path).parent().map(Path::to_path_buf).unwrap_or_default();
        let languages = self.languages(i, &page_dir);
        let versions = fingerprint(&languages);
        let made_from =
            |e: &ReportPageEntry| e.made_from(report, prepared, previous, next, self.site_fingerprint, versions);
        if let Some(entry) = pages.get(&path, |e| pages.keeps() && made_from(e)) {
            return self.put(OutputFile { path, bytes: entry.bytes });
        }
        let lang = prepared.lang;
        let labels = Labels::for_lang(lang);
        let href = |target: &str| report::relative_href(&page_dir, target);
        let link_to = |r: &Report| LinkView { title: r.title.clone(), href: href(&r.output_path()) };
        let n = prepared.claims.len();
        let view = ReportView {
            date: prepared.date.clone(),
            date_iso: prepared.date_iso.clone(),
            summary: report.summary.clone(),
            body_html: prepared.body_html.clone(),
            tags: report
                .tags
                .iter()
                .map(|t| LinkView { title: t.clone(), href: href(&format!("tags/{t}.html")) })
                .collect(),
            datasets: prepared.datasets.iter().filter_map(|id| self.dataset_link(id, &href)).collect(),
            claims: prepared
                .claims
                .iter()
                .map(|c| ClaimView {
                    says: c.claim.says.clone(),
                    computed: c.computed.clone(),
                    how: c.how.clone(),
                    expr: c.claim.expr.clone(),
                    source: c.claim.source.as_ref().map(|s| SourceView::new(s, lang)),
                })
                .collect(),
            claims_heading: format!(
                "{} ({n} {})",
                labels.claims,
                if n == 1 { labels.claim_checked } else { labels.claims_checked }
            ),
            figures: Arc::clone(&prepared.figure_notes),
            previous: previous.map(|r| link_to(r)),
            next: next.map(|r| link_to(r)),
            updates: report.updates.iter().map(|u| UpdateView::new(u.date, &u.note, lang)).collect(),
            languages,
            share,
        };
        let meta =
            PageMeta::new("report.html", path.clone(), lang, report.title.clone()).with_description(&report.summary);
        let bytes = self.page(meta, view)?;
        let entry = ReportPageEntry {
            report: Arc::clone(report),
            prepared: Arc::clone(prepared),
            previous: previous.cloned(),
            next: next.cloned(),
            site: self.site_fingerprint,
            versions,
            bytes,
        };
        pages.put(path, entry);
        Ok(())
    }

    fn dataset_link(&self, id: &str, href: &dyn Fn(&str) -> String) -> Option<LinkView> {
        self.site
            .datasets
            .get(id)
            .map(|d| LinkView { title: d.title.clone(), href: href(&format!("datasets/{id}.html")) })
    }

    /// Everything after the reports: dataset pages and their downloads, the lists, 404, search, feed,
    /// sitemap.
    fn rest(&self, summaries: &[Summary]) -> Result<(), Diagnostics> {
        let mut diags = Diagnostics::new();
        for dataset in self.site.datasets.values() {
            diags.extend(dataset::check_links(dataset, &self.known));
        }
        // Per dataset, the reports (positions in `order`) that use it.
        let mut users: lists::Users = BTreeMap::new();
        for (i, summary) in summaries.iter().enumerate() {
            for id in &summary.datasets {
                users.entry(id.as_str()).or_default().push(i);
            }
        }
        let datasets: Vec<&str> = self.site.datasets.keys().map(String::as_str).collect();
        let dataset_results: Vec<Result<Arc<DatasetPage>, Diagnostic>> =
            datasets.par_iter().map(|id| self.dataset_page(id, users.get(id).map_or(&[], Vec::as_slice))).collect();
        let list_results = lists::render(self, summaries, &users);
        let mut pages = Vec::with_capacity(dataset_results.len());
        for result in dataset_results {
            match result {
                Ok(page) => pages.push(page),
                Err(e) => diags.push(e),
            }
        }
        diags.extend(list_results.into_iter().filter_map(Result::err));
        if diags.has_errors() {
            diags.sort();
            return Err(diags);
        }
        self.static_files(summaries, &pages).map_err(Diagnostics::from)
    }

    /// The page of dataset `id`, which the reports at positions `users` of `order` use.
    /// Returns what the page was made of (the same for as long as the dataset is).
    fn dataset_page(&self, id: &str, users: &[usize]) -> Result<Arc<DatasetPage>, Diagnostic> {
        let dataset = &self.site.datasets[id];
        let lang = self.site.config.language;
        let used_in: Vec<LinkView> = users
            .iter()
            .map(|&i| self.order[i])
            .map(|r| LinkView {
                title: r.title.clone(),
                href: report::relative_href(Path::new("datasets"), &r.output_path()),
            })
            .collect();
        let key = fingerprint(&(dataset.fingerprint, lang));
        let parts = match self.memo.dataset_pages.get(&id.to_owned(), |(k, _)| *k == key) {
            Some((_, parts)) => parts,
            None => {
                let parts =
                    dataset::page(dataset, lang, &self.memo.charts).map_err(|e| Diagnostic::error(&dataset.path, e))?;
                let parts = Arc::new(parts);
                self.memo.dataset_pages.put(id.to_owned(), (key, Arc::clone(&parts)));
                parts
            }
        };
        let view = DatasetView { content: parts.content.clone(), used_in };
        let meta = PageMeta::new("dataset.html", format!("datasets/{id}.html"), lang, dataset.title.clone())
            .with_description(&dataset.description);
        self.page(meta, view)?;
        parts.downloads.iter().try_for_each(|file| self.put(file.clone()))?;
        Ok(parts)
    }

    /// `datasets`: every dataset's page parts, in id order.
    fn static_files(&self, summaries: &[Summary], datasets: &[Arc<DatasetPage>]) -> Result<(), Diagnostic> {
        let config = &self.site.config;
        let entries: Vec<feeds::FeedEntry> = self
            .order
            .iter()
            .zip(summaries)
            .take(lists::FEED_ENTRIES)
            .enumerate()
            .map(|(i, (r, s))| feeds::FeedEntry {
                title: &r.title,
                path: r.output_path(),
                date: r.date,
                updated: r.last_changed(),
                summary: r.summary.as_deref(),
                lang: s.lang.code(),
                translations: self.alternates(i).into_iter().filter(|(_, p)| *p != r.output_path()).collect(),
            })
            .collect();
        let reports: BTreeMap<String, usize> =
            self.order.iter().enumerate().map(|(i, r)| (r.output_path(), i)).collect();
        let html: Vec<feeds::SitemapPage> = self
            .known
            .iter()
            .filter(|p| p.ends_with(".html") && *p != "404.html")
            .map(|p| {
                let report = reports.get(p).copied();
                feeds::SitemapPage {
                    path: p.clone(),
                    changed: report.map(|i| self.order[i].last_changed()),
                    alternates: report.map(|i| self.alternates(i)).unwrap_or_default(),
                }
            })
            .collect();
        if self.figures {
            self.put_pieces(manifest::FILE, &self.manifest(summaries, datasets))?;
        }
        self.put(OutputFile::new("style.css", self.templates.raw("style.css")))?;
        search::files(self, summaries)?;
        for (path, bytes) in ASSETS {
            self.put(OutputFile { path: path.to_owned(), bytes: Arc::from(bytes) })?;
        }
        self.put(OutputFile::new(".nojekyll", ""))?;
        self.put(OutputFile::new("feed.xml", feeds::atom(&config.title, &config.author, &config.base_url, &entries)))?;
        self.put(OutputFile::new("sitemap.xml", feeds::sitemap(&config.base_url, &html)))
    }

    /// The story of the report at `i` in every language: (language code, path from the site root); empty
    /// without translations.
    fn alternates(&self, i: usize) -> Vec<(&'static str, String)> {
        self.versions[i].iter().map(|&k| (self.lang_of(k).code(), self.order[k].output_path())).collect()
    }

    /// The language of the report at `k` (position in `order`): its own, else the site's.
    fn lang_of(&self, k: usize) -> Lang {
        self.order[k].lang.unwrap_or(self.site.config.language)
    }

    /// Every figure, claim and chart of the reports (in slug order), and every dataset value.
    fn manifest<'s>(&'s self, summaries: &'s [Summary], datasets: &'s [Arc<DatasetPage>]) -> Vec<&'s [u8]> {
        let mut reports: Vec<(&str, &str)> = self
            .order
            .iter()
            .zip(summaries)
            .map(|(r, s)| (r.slug.as_str(), s.manifest.as_deref().unwrap_or("")))
            .collect();
        reports.sort_unstable();
        let datasets = datasets.iter().map(|d| d.manifest.as_str());
        manifest::Manifest::pieces(reports.into_iter().map(|(_, line)| line), datasets)
    }

    /// The versions of the story of the report at `i` (position in `order`), linked from a page in
    /// `page_dir`; empty when it has no translation.
    fn languages(&self, i: usize, page_dir: &Path) -> Vec<LanguageLink> {
        let mut story = self.versions[i].clone();
        // This version first.
        story.sort_by_key(|&k| k != i);
        story
            .into_iter()
            .map(|k| {
                let path = self.order[k].output_path();
                LanguageLink {
                    lang: self.lang_of(k).code(),
                    name: self.lang_of(k).native_name(),
                    href: report::relative_href(page_dir, &path),
                    url: format!("{}{path}", self.site.config.base_url),
                }
            })
            .collect()
    }

    /// The report at `i` (position in `order`) in a list on a page in `page_dir`.
    fn card<'s>(&'s self, i: usize, summary: &'s Summary, page_dir: &Path) -> ReportCard<'s> {
        let report = self.order[i];
        ReportCard {
            title: &report.title,
            href: report::relative_href(page_dir, &report.output_path()),
            date: &summary.date,
            date_iso: &summary.date_iso,
            summary: report.summary.as_deref(),
            headline: summary.headline.as_ref().map(|h| h.figure.as_str()),
            headline_label: summary.headline.as_ref().map(|h| h.label.as_str()).filter(|l| !l.is_empty()),
            lang: summary.lang.code(),
            languages: self.languages(i, page_dir),
        }
    }
}
