//! Rendering: the site model to output files, without touching the disk.
//!
//! A [`Plan`] lays the site out: the reports newest first, their translations, the lists and tags, and
//! every file the site will have ([`Outputs`], the one registry of output paths). Then each report is
//! prepared ([`prepare`]: expressions expanded, claims checked, Markdown rendered), its links checked and
//! its page made; what the lists need of a report afterwards (its headline, language, datasets) is kept
//! as a [`Summary`]. Then the dataset pages, the paged lists (`lists`), the search page and its index
//! (`search`), the feed and the sitemap follow.
//!
//! Every function here is a plain function of what it is given; which results a run keeps from the last
//! is decided above, where `build::pipeline` calls them. A page is handed over as a [`Page`]: its path,
//! the fingerprint of everything it is made of, and how to render it, so that a page with the same
//! fingerprint need not be rendered again.

mod dataset;
mod embed;
mod feeds;
mod labels;
mod lists;
mod manifest;
mod outputs;
mod report;
mod search;
mod share;
mod templates;
mod views;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::content::Report;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::fs::fingerprint;
use crate::lang::Lang;
use crate::site::Site;
use crate::track::{Read, Reads};

pub(crate) use dataset::{dataset_page as dataset_content, DatasetPage};
pub(crate) use embed::ChartEmbed;
pub(crate) use lists::Users;
pub(crate) use outputs::Outputs;
pub(crate) use report::{prepare, PreparedReport, Unprepared};
pub(crate) use share::{share_card, ShareView};
pub(crate) use templates::Templates;

use labels::Labels;
use outputs::Maker;
use views::*;

/// Files every site has as they are: the icon browsers show in tabs and bookmarks, as SVG (linked from
/// every page) and as `favicon.ico` at the site root, where browsers look without a link (the same
/// drawing, 32 × 32 px).
const ASSETS: [(&str, &[u8]); 2] =
    [("favicon.svg", include_bytes!("assets/favicon.svg")), ("favicon.ico", include_bytes!("assets/favicon.ico"))];

/// A file of the generated site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutputFile {
    /// Relative to the site root, `/`-separated: `reports/walmart.html`.
    pub path: String,
    pub bytes: Arc<[u8]>,
}

impl OutputFile {
    pub(crate) fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile { path: path.into(), bytes: Arc::from(bytes.into()) }
    }
}

/// The files every site has besides its list pages and icons, with what each is.
const GENERATED: [(&str, &str); 9] = [
    ("404.html", "the page for addresses the site does not have"),
    ("style.css", "the stylesheet"),
    ("feed.xml", "the feed"),
    ("sitemap.xml", "the sitemap"),
    (search::PAGE, "the search page"),
    (search::SCRIPT, "the search script"),
    (search::INDEX, "the search index"),
    (crate::manifest::FILE, "the figures manifest"),
    (".nojekyll", "the file that tells GitHub Pages to serve the site as it is"),
];

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
    datasets: Arc<[String]>,
    charts: usize,
    claims: usize,
    /// The report's line of the figures manifest, when the run writes one.
    manifest: Option<Arc<str>>,
}

impl Summary {
    /// Of `prepared`: each field is small, or shared.
    pub(crate) fn of(prepared: &PreparedReport) -> Summary {
        Summary {
            lang: prepared.lang,
            date: prepared.date.clone(),
            date_iso: prepared.date_iso.clone(),
            headline: prepared.headline.clone(),
            datasets: Arc::clone(&prepared.datasets),
            charts: prepared.charts,
            claims: prepared.claims.len(),
            manifest: prepared.manifest.clone(),
        }
    }
}

/// A page to render: where it goes, and the view it is rendered from with its template. Its key is the
/// fingerprint of everything it is made of (the template, the site's part of every page, and its view):
/// two pages with one key are the same bytes.
pub(crate) struct Page<'a> {
    pub(crate) path: String,
    view: Box<dyn Renderable + 'a>,
}

impl Page<'_> {
    pub(crate) fn key(&self) -> u64 {
        self.view.key()
    }

    /// The page's bytes.
    pub(crate) fn render(&self) -> Result<Vec<u8>, Diagnostic> {
        self.view.render()
    }
}

/// A view with what renders it.
trait Renderable: Send {
    fn key(&self) -> u64;
    fn render(&self) -> Result<Vec<u8>, Diagnostic>;
}

struct ViewOf<'a, T: Serialize + std::hash::Hash> {
    templates: &'a Templates,
    template: &'static str,
    site_fingerprint: u64,
    view: PageView<'a, T>,
}

impl<T: Serialize + std::hash::Hash + Send> Renderable for ViewOf<'_, T> {
    fn key(&self) -> u64 {
        fingerprint(&(self.template, self.site_fingerprint, &self.view))
    }

    fn render(&self) -> Result<Vec<u8>, Diagnostic> {
        Ok(self.templates.render(self.template, &self.view)?.into_bytes())
    }
}

/// One note for a dataset whose file has errors, at that file: which reports read it, so that a writer
/// knows what the fix will unblock, instead of one error per use.
fn broken_note(site: &Site, id: &str, uses: &[(&Report, usize)]) -> Diagnostic {
    let path = site.broken_datasets().get(id).cloned().unwrap_or_default();
    let reports: Vec<String> = uses
        .iter()
        .map(|(r, n)| format!("{} ({n} {})", r.path.display(), if *n == 1 { "use" } else { "uses" }))
        .collect();
    let (n, what) = if uses.len() == 1 { (1, "report uses") } else { (uses.len(), "reports use") };
    Diagnostic::note(path, format!("{n} {what} `{id}`, so its figures were not checked: {}", reports.join(", ")))
}

/// The site laid out: which report comes where, which are one story, what the lists and tags hold, and
/// every file the site will have.
pub(crate) struct Plan<'a> {
    site: &'a Site,
    templates: &'a Templates,
    /// Reports, newest first.
    order: Vec<&'a Arc<Report>>,
    /// Per report (position in `order`): the story's versions in every language (positions in `order`,
    /// the site's language first, then by language code), or none when it has no translation.
    versions: Vec<Vec<usize>>,
    /// The reports the lists show (positions in `order`, newest first): one per story, in the site's
    /// language when the story has a version in it.
    listed: Vec<usize>,
    /// Every file the site will have.
    outputs: Outputs,
    /// The tags and the reports (positions in `order`) that carry each.
    tags: BTreeMap<&'a str, Vec<usize>>,
    site_view: SiteView,
    /// Of what every page shows besides its own view (the site, the templates).
    site_fingerprint: u64,
    /// Each report's position in `order`, by slug.
    positions: rustc_hash::FxHashMap<&'a str, usize>,
}

impl<'a> Plan<'a> {
    /// Lays out `site`, rendered with `templates`; the errors of two sources that would write one file.
    pub(crate) fn new(site: &'a Site, templates: &'a Templates) -> Result<Plan<'a>, Diagnostics> {
        let reports = &site.reports;
        let mut by_date: Vec<usize> = (0..reports.len()).collect();
        by_date.sort_by(|&a, &b| reports[b].date.cmp(&reports[a].date).then(reports[a].slug.cmp(&reports[b].slug)));
        let order: Vec<&Arc<Report>> = by_date.iter().map(|&i| &reports[i]).collect();
        let versions = versions(site, &order, &by_date);
        let listed = listed(site, &order, &versions);
        let tags = tags(&order, &versions, &listed);
        let config = site.config();
        let site_view = SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            author: config.author.clone(),
            base_url: config.base_url.clone(),
        };
        let site_fingerprint =
            fingerprint(&(&site_view, config.language.code(), config.share_images, templates.fingerprint));
        let positions = order.iter().enumerate().map(|(i, r)| (r.slug.as_str(), i)).collect();
        let mut plan = Plan {
            site,
            templates,
            order,
            versions,
            listed,
            outputs: Outputs::default(),
            tags,
            site_view,
            site_fingerprint,
            positions,
        };
        plan.outputs = plan.register()?;
        Ok(plan)
    }

    /// Every file the site will have, what makes it generated first: a writer's file that would take
    /// one of them is the error.
    fn register(&self) -> Result<Outputs, Diagnostics> {
        let mut outputs = Outputs::default();
        let mut errors = Diagnostics::new();
        let mut add = |path: String, maker: Maker| {
            if let Err(e) = outputs.register(path, maker) {
                errors.push(e);
            }
        };
        let generated = |what: &str| Maker::Generated(what.to_owned());
        for (path, what) in lists::generated(self.listed.len()) {
            add(path, generated(&what));
        }
        for (path, what) in GENERATED.into_iter().chain(ASSETS.map(|(path, _)| (path, "the site's icon"))) {
            add(path.to_owned(), generated(what));
        }
        for dataset in self.site.datasets().values() {
            for path in dataset::files(&dataset.id) {
                add(path, Maker::Dataset(dataset.path.clone()));
            }
        }
        // Two reports with one slug are an error of their own (see `content`): the first registers it.
        let mut slugs = std::collections::BTreeSet::new();
        for report in self.order.iter().filter(|r| slugs.insert(r.slug.as_str())) {
            add(report.output_path(), Maker::Report(report.path.clone()));
            if self.site.config().share_images {
                add(report.share_image_path(), Maker::Report(report.path.clone()));
            }
        }
        for (tag, members) in &self.tags {
            let report = members.iter().map(|&i| self.order[i]).min_by_key(|r| &r.slug).map(|r| r.path.clone());
            let maker = Maker::Tag { tag: tag.to_string(), report: report.unwrap_or_default() };
            for path in lists::tag_pages(tag, members.len()) {
                add(path, maker.clone());
            }
        }
        for report in self.order.iter() {
            outputs.register_folder(report.embed_folder(), Maker::Report(report.path.clone()));
        }
        // Pages of sources with errors: their errors are reported, so links to them are not errors.
        for slug in self.site.broken_reports.iter() {
            outputs.expect(format!("reports/{slug}.html"));
        }
        for id in self.site.broken_datasets().keys() {
            dataset::files(id).into_iter().for_each(|path| outputs.expect(path));
        }
        if errors.has_errors() {
            errors.sort();
            return Err(errors);
        }
        Ok(outputs)
    }

    /// Reports, newest first.
    pub(crate) fn order(&self) -> &[&'a Arc<Report>] {
        &self.order
    }

    /// Every file the site will have.
    pub(crate) fn outputs(&self) -> &Outputs {
        &self.outputs
    }

    /// The problems of the links of the report at `i` (position in [`Plan::order`]).
    pub(crate) fn report_links(&self, i: usize, prepared: &PreparedReport) -> Diagnostics {
        report::check_links(self.order[i], &prepared.links, &self.outputs)
    }

    /// The problems of the links in every dataset's description and notes.
    pub(crate) fn dataset_links(&self) -> Diagnostics {
        self.site.datasets().values().flat_map(|d| dataset::check_links(d, &self.outputs)).collect()
    }

    /// The reports' summaries (each report's, in [`Plan::order`]), or every error: the reports' own,
    /// then a note for each dataset with errors that reports read.
    pub(crate) fn summaries(&self, results: Vec<Result<Summary, Unprepared>>) -> Result<Vec<Summary>, Diagnostics> {
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
        for (id, mut uses) in broken_uses {
            uses.sort_by(|a, b| a.0.path.cmp(&b.0.path));
            diags.push(broken_note(self.site, &id, &uses));
        }
        if diags.has_errors() || diags.iter().any(|d| d.severity == Severity::Note) {
            diags.sort();
            return Err(diags);
        }
        Ok(summaries)
    }

    /// What the run made, for the summary line.
    pub(crate) fn stats(&self, summaries: &[Summary], files: usize) -> Stats {
        let datasets = self.site.datasets().len();
        Stats {
            reports: summaries.len(),
            datasets,
            charts: summaries.iter().map(|s| s.charts).sum::<usize>() + datasets,
            claims: summaries.iter().map(|s| s.claims).sum(),
            files,
        }
    }

    /// The page that renders `template` with `view` into the file `meta.path`.
    fn page<T: Serialize + std::hash::Hash + Send + 'a>(&'a self, meta: PageMeta, view: T) -> Page<'a> {
        let PageMeta { template, path, root, lang, title, description } = meta;
        let config = self.site.config();
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
        let view = ViewOf { templates: self.templates, template, site_fingerprint: self.site_fingerprint, view };
        Page { path, view: Box::new(view) }
    }

    /// What `read` gives now, as [`LayoutReader`] records it: the plan answers for the layout, the site
    /// for the rest. A report's links are fingerprinted by the slugs they are made from (a page's path
    /// is its slug's), which takes no allocation: every report page asks this on every `serve` rebuild.
    pub(crate) fn fingerprint(&self, read: &Read) -> Option<u64> {
        let at = |slug: &str| self.positions.get(slug).copied();
        match read {
            Read::Neighbours(slug) => {
                Some(at(slug).map_or(0, |i| fingerprint(&self.neighbours(i).map(|n| n.map(|r| (&r.slug, &r.title))))))
            }
            Read::Story(slug) => Some(at(slug).map_or(0, |i| {
                let versions = self.versions[i].iter().map(|&k| (self.lang_of(k), &self.order[k].slug));
                fingerprint(&versions.collect::<Vec<_>>())
            })),
            Read::Layout => Some(self.site_fingerprint),
            other => self.site.fingerprint(other),
        }
    }

    /// The reports before (older) and after (newer) the one at `i`.
    fn neighbours(&self, i: usize) -> [Option<&'a Report>; 2] {
        // Newest first: the previous report is the older one.
        [self.order.get(i + 1).map(|r| &***r), i.checked_sub(1).map(|j| &**self.order[j])]
    }

    /// The page of the report at `i` (position in [`Plan::order`]), prepared as `prepared`; `share` is
    /// what its head says about its share image. What it reads of the layout of the site (its
    /// neighbours, its story, the datasets' titles, every page's part) is recorded in `reads`.
    pub(crate) fn report_page(
        &'a self,
        reads: &Reads,
        i: usize,
        prepared: &PreparedReport,
        share: Option<ShareView>,
    ) -> Page<'a> {
        LayoutReader { plan: self, reads }.report_page(i, prepared, share)
    }

    /// The page of its own of chart `embed` of `report`, prepared as `prepared`.
    pub(crate) fn embed_page(&'a self, report: &Report, prepared: &PreparedReport, embed: &ChartEmbed) -> Page<'a> {
        let view = embed::EmbedView::new(report, embed, &self.site.config().base_url);
        let title = embed::title(&embed.chart).to_owned();
        let meta = PageMeta::new("embed.html", embed.path(report, "html"), prepared.lang, title)
            .with_description(&Some(embed.chart.desc.clone()));
        self.page(meta, view)
    }

    /// The oEmbed description of chart `embed` of `report`: it names the site and its author, which the
    /// report's preparation does not read.
    pub(crate) fn embed_json(&self, report: &Report, embed: &ChartEmbed) -> Vec<u8> {
        let config = self.site.config();
        let site = embed::EmbedSite { base_url: &config.base_url, png: config.share_images };
        let author = Some(config.author.as_str()).filter(|a| !a.is_empty());
        embed::oembed(report, embed, site, (&config.title, author)).into_bytes()
    }

    /// Per dataset, the reports (positions in [`Plan::order`]) that use it.
    pub(crate) fn users<'s>(&self, summaries: &'s [Summary]) -> Users<'s> {
        let mut users: Users = BTreeMap::new();
        for (i, summary) in summaries.iter().enumerate() {
            for id in summary.datasets.iter() {
                users.entry(id.as_str()).or_default().push(i);
            }
        }
        users
    }

    /// The page of dataset `id`, made of `parts`, which the reports at positions `users` of the order use.
    pub(crate) fn dataset_page(&'a self, id: &str, parts: &DatasetPage, users: &[usize]) -> Page<'a> {
        let dataset = &self.site.datasets()[id];
        let lang = self.site.config().language;
        let used_in: Vec<LinkView> = users
            .iter()
            .map(|&i| self.order[i])
            .map(|r| LinkView {
                title: r.title.clone(),
                href: report::relative_href(Path::new("datasets"), &r.output_path()),
            })
            .collect();
        let view = DatasetView { content: parts.content.clone(), used_in };
        let meta = PageMeta::new("dataset.html", format!("datasets/{id}.html"), lang, dataset.title.clone())
            .with_description(&dataset.description);
        self.page(meta, view)
    }

    /// Every list page: the index and the older reports' pages, each tag's, the datasets index and 404.
    pub(crate) fn list_pages(&'a self, summaries: &'a [Summary], users: &'a Users) -> Vec<Page<'a>> {
        lists::list_pages(self, summaries, users)
    }

    /// The search page.
    pub(crate) fn search_page(&'a self) -> Page<'a> {
        search::page(self)
    }

    /// The files that are not pages: the stylesheet, the search script and index, the icons, the feed
    /// and the sitemap.
    pub(crate) fn static_files(&self, summaries: &[Summary]) -> Vec<OutputFile> {
        let config = self.site.config();
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
            .outputs
            .written()
            .filter(|p| p.ends_with(".html") && *p != "404.html")
            .map(|p| {
                let report = reports.get(p).copied();
                feeds::SitemapPage {
                    path: p.to_owned(),
                    changed: report.map(|i| self.order[i].last_changed()),
                    alternates: report.map(|i| self.alternates(i)).unwrap_or_default(),
                }
            })
            .collect();
        let mut files = vec![
            // The charts' rules first, so that the site's own stylesheet (a writer's, if there is one) can
            // override them.
            OutputFile::new("style.css", format!("{}{}", crate::chart::stylesheet(), self.templates.raw("style.css"))),
            OutputFile::new(search::SCRIPT, self.templates.raw(search::SCRIPT)),
            OutputFile::new(search::INDEX, search::index(self, summaries)),
        ];
        files.extend(ASSETS.map(|(path, bytes)| OutputFile { path: path.to_owned(), bytes: Arc::from(bytes) }));
        files.push(OutputFile::new(".nojekyll", ""));
        files.push(OutputFile::new("feed.xml", feeds::atom(&config.title, &config.author, &config.base_url, &entries)));
        files.push(OutputFile::new("sitemap.xml", feeds::sitemap(&config.base_url, &html)));
        files
    }

    /// The story of the report at `i` in every language: (language code, path from the site root); empty
    /// without translations.
    fn alternates(&self, i: usize) -> Vec<(&'static str, String)> {
        self.versions[i].iter().map(|&k| (self.lang_of(k).code(), self.order[k].output_path())).collect()
    }

    /// The language of the report at `k` (position in `order`): its own, else the site's.
    fn lang_of(&self, k: usize) -> Lang {
        self.order[k].lang.unwrap_or(self.site.config().language)
    }

    /// `figures.json`, as pieces to write one after the other: every figure, claim and chart of the
    /// reports (in slug order), and every dataset value (`datasets`, each dataset's page parts in id
    /// order).
    pub(crate) fn manifest<'s>(&'s self, summaries: &'s [Summary], datasets: &'s [Arc<DatasetPage>]) -> Vec<&'s [u8]> {
        let mut reports: Vec<(&str, &str)> = self
            .order
            .iter()
            .zip(summaries)
            .map(|(r, s)| (r.slug.as_str(), s.manifest.as_deref().unwrap_or("")))
            .collect();
        reports.sort_unstable();
        let datasets = datasets.iter().map(|d| d.manifest.as_str());
        crate::manifest::Manifest::pieces(reports.into_iter().map(|(_, line)| line), datasets)
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
                    url: format!("{}{path}", self.site.config().base_url),
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

/// The plan as one report's page reads it: each part of the site's layout it hands out is recorded,
/// with the fingerprint [`Plan::fingerprint`] (or the site) gives for it.
struct LayoutReader<'a, 'r> {
    plan: &'a Plan<'a>,
    reads: &'r Reads,
}

impl<'a> LayoutReader<'a, '_> {
    fn record(&self, read: Read) {
        let fingerprint = self.plan.fingerprint(&read).unwrap_or_default();
        self.reads.record(read, fingerprint);
    }

    fn report_page(&self, i: usize, prepared: &PreparedReport, share: Option<ShareView>) -> Page<'a> {
        let plan = self.plan;
        let report = plan.order[i];
        let path = report.output_path();
        let page_dir = Path::new(&path).parent().map(Path::to_path_buf).unwrap_or_default();
        let lang = prepared.lang;
        let labels = Labels::for_lang(lang);
        let href = |target: &str| report::relative_href(&page_dir, target);
        self.record(Read::Neighbours(report.slug.clone()));
        let [previous, next] =
            plan.neighbours(i).map(|n| n.map(|r| LinkView { title: r.title.clone(), href: href(&r.output_path()) }));
        self.record(Read::Story(report.slug.clone()));
        let languages = plan.languages(i, &page_dir);
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
            claims: prepared.claims.iter().map(|c| ClaimView::new(c, lang)).collect(),
            claims_heading: format!(
                "{} ({n} {})",
                labels.claims,
                if n == 1 { labels.claim_checked } else { labels.claims_checked }
            ),
            figures: Arc::clone(&prepared.figure_notes),
            previous,
            next,
            updates: report.updates.iter().map(|u| UpdateView::new(u.date, &u.note, lang)).collect(),
            languages,
            share,
        };
        let meta = PageMeta::new("report.html", path, lang, report.title.clone()).with_description(&report.summary);
        self.record(Read::Layout);
        plan.page(meta, view)
    }

    fn dataset_link(&self, id: &str, href: &dyn Fn(&str) -> String) -> Option<LinkView> {
        self.record(Read::DatasetTitle(id.to_owned()));
        let dataset = self.plan.site.datasets().get(id)?;
        Some(LinkView { title: dataset.title.clone(), href: href(&format!("datasets/{id}.html")) })
    }
}

/// Per report (position in `order`), the story's versions in every language: positions in `order`, the
/// site's language first, then by language code; none when it has no translation. `by_date` maps
/// positions in `order` to those in `site.reports`.
fn versions(site: &Site, order: &[&Arc<Report>], by_date: &[usize]) -> Vec<Vec<usize>> {
    let mut position = vec![0; by_date.len()];
    for (k, &i) in by_date.iter().enumerate() {
        position[i] = k;
    }
    let language = site.config().language;
    let lang_of = |k: usize| order[k].lang.unwrap_or(language);
    let mut versions = vec![Vec::new(); order.len()];
    for members in site.translations.values() {
        let mut story: Vec<usize> = members.iter().map(|&i| position[i]).collect();
        story.sort_by_key(|&k| (lang_of(k) != language, lang_of(k).code()));
        for &k in &story {
            versions[k] = story.clone();
        }
    }
    versions
}

/// The reports the lists show (positions in `order`): a story once, the version in the site's language,
/// else its newest.
fn listed(site: &Site, order: &[&Arc<Report>], versions: &[Vec<usize>]) -> Vec<usize> {
    let language = site.config().language;
    let lang_of = |k: usize| order[k].lang.unwrap_or(language);
    (0..order.len())
        .filter(|&k| match versions[k].as_slice() {
            [] => true,
            story if lang_of(story[0]) == language => story[0] == k,
            story => story.iter().min() == Some(&k),
        })
        .collect()
}

/// The tags and the listed reports that carry each: a listed story carries the tags of every version.
fn tags<'a>(order: &[&'a Arc<Report>], versions: &[Vec<usize>], listed: &[usize]) -> BTreeMap<&'a str, Vec<usize>> {
    let mut tags: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &k in listed {
        let story = if versions[k].is_empty() { std::slice::from_ref(&k) } else { versions[k].as_slice() };
        let mut own: Vec<&str> = story.iter().flat_map(|&v| order[v].tags.iter().map(String::as_str)).collect();
        own.sort_unstable();
        own.dedup();
        for tag in own {
            tags.entry(tag).or_default().push(k);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer's names reach the files under `reports/` (a report's slug), `datasets/` (a dataset's id)
    /// and `tags/` (a tag). The pages spendsite writes there itself are these, and
    /// tests/site_errors.rs has a case of a name taking each kind: one written there anew needs a case.
    #[test]
    fn the_generated_pages_a_writers_name_can_reach_are_known() {
        let lists = lists::generated(45).into_iter().map(|(path, _)| path);
        let fixed = GENERATED.map(|(path, _)| path).into_iter().chain(ASSETS.map(|(path, _)| path)).map(String::from);
        let reachable: Vec<String> = lists
            .chain(fixed)
            .filter(|path| ["reports/", "datasets/", "tags/"].iter().any(|dir| path.starts_with(dir)))
            .collect();
        assert_eq!(reachable, ["reports/page-2.html", "reports/page-3.html", "datasets/index.html"]);
    }
}
