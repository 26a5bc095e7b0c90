//! Rendering: the site model to a list of output files, without touching the disk.
//!
//! Reports are expanded and checked in parallel first (their figures, claims and links), then every page
//! is rendered in parallel through the Tera templates. The result is sorted by path, so the output does
//! not depend on thread timing.

mod dataset;
mod feeds;
mod labels;
mod report;
mod templates;
mod views;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::Report;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::figures::format::{self, Lang, Style};
use crate::figures::stats;
use crate::output::OutputFile;
use crate::period::Period;
use crate::site::Site;

pub(crate) use report::{PreparedReport, Unprepared};
pub(crate) use templates::Templates;

use labels::Labels;
use views::*;

/// What a build made, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub reports: usize,
    pub datasets: usize,
    pub charts: usize,
    pub claims: usize,
}

/// Renders the whole site. Returns every file, sorted by path, or every error found.
pub(crate) fn render_site(site: &Site) -> Result<(Vec<OutputFile>, Stats), Diagnostics> {
    let templates = Templates::load(&site.config.root).map_err(Diagnostics::from_iter)?;
    let prepared: Vec<Result<PreparedReport, Unprepared>> =
        site.reports.par_iter().map(|r| report::prepare(site, r)).collect();
    let mut diags = Diagnostics::new();
    let mut reports = Vec::new();
    // Per broken dataset: the reports that read it, and how often.
    let mut broken_uses: BTreeMap<String, Vec<(&Report, usize)>> = BTreeMap::new();
    for (report, result) in site.reports.iter().zip(prepared) {
        match result {
            Ok(p) => reports.push((report, p)),
            Err(unprepared) => {
                diags.extend(unprepared.errors);
                for (id, uses) in unprepared.broken_uses {
                    broken_uses.entry(id).or_default().push((report, uses));
                }
            }
        }
    }
    for (id, uses) in broken_uses {
        diags.push(broken_note(site, &id, &uses));
    }
    if diags.has_errors() || diags.iter().any(|d| d.severity == Severity::Note) {
        diags.sort();
        return Err(diags);
    }
    let renderer = Renderer { site, templates: &templates, reports: order_newest_first(reports) };
    let files = renderer.files()?;
    let stats = Stats {
        reports: renderer.reports.len(),
        datasets: site.datasets.len(),
        charts: renderer.reports.iter().map(|(_, p)| p.charts).sum::<usize>() + site.datasets.len(),
        claims: renderer.reports.iter().map(|(_, p)| p.claims.len()).sum(),
    };
    Ok((files, stats))
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

fn order_newest_first(mut reports: Vec<(&Report, PreparedReport)>) -> Vec<(&Report, PreparedReport)> {
    reports.sort_by(|(a, _), (b, _)| b.date.cmp(&a.date).then(a.slug.cmp(&b.slug)));
    reports
}

struct Renderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    /// Newest first.
    reports: Vec<(&'a Report, PreparedReport)>,
}

/// A page to render: its path, template and view.
enum Page<'a> {
    Index,
    Report(usize),
    Dataset(&'a str),
    Tag(&'a str),
    NotFound,
}

impl<'a> Renderer<'a> {
    fn files(&self) -> Result<Vec<OutputFile>, Diagnostics> {
        let mut pages = vec![Page::Index, Page::NotFound];
        pages.extend((0..self.reports.len()).map(Page::Report));
        pages.extend(self.site.datasets.keys().map(|id| Page::Dataset(id)));
        pages.extend(self.tags().into_keys().map(Page::Tag));
        let known = self.known_paths(&pages);
        let mut diags = Diagnostics::new();
        for (report, prepared) in &self.reports {
            diags.extend(report::check_links(report, &prepared.links, &known));
        }
        for dataset in self.site.datasets.values() {
            diags.extend(dataset::check_links(dataset, &known));
        }
        let rendered: Vec<Result<Vec<OutputFile>, Diagnostic>> = pages.par_iter().map(|p| self.render(p)).collect();
        let mut files = Vec::new();
        for result in rendered {
            match result {
                Ok(f) => files.extend(f),
                Err(d) => diags.push(d),
            }
        }
        if diags.has_errors() {
            diags.sort();
            return Err(diags);
        }
        files.extend(self.static_files(&pages));
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    fn path(&self, page: &Page) -> String {
        match page {
            Page::Index => "index.html".into(),
            Page::NotFound => "404.html".into(),
            Page::Report(i) => self.reports[*i].0.output_path(),
            Page::Dataset(id) => format!("datasets/{id}.html"),
            Page::Tag(tag) => format!("tags/{tag}.html"),
        }
    }

    fn known_paths(&self, pages: &[Page]) -> BTreeSet<String> {
        let mut known: BTreeSet<String> = pages.iter().map(|p| self.path(p)).collect();
        for id in self.site.datasets.keys() {
            known.extend(["csv", "json", "svg"].map(|ext| format!("datasets/{id}.{ext}")));
        }
        // A dataset whose file has errors reports those; links to its files are not errors of their own.
        for id in self.site.broken_datasets.keys() {
            known.extend(["html", "csv", "json", "svg"].map(|ext| format!("datasets/{id}.{ext}")));
        }
        known.extend(["style.css", "feed.xml", "sitemap.xml"].map(String::from));
        known
    }

    fn static_files(&self, pages: &[Page]) -> Vec<OutputFile> {
        let config = &self.site.config;
        let entries: Vec<feeds::FeedEntry> = self
            .reports
            .iter()
            .map(|(r, p)| feeds::FeedEntry {
                title: &r.title,
                path: r.output_path(),
                date: r.date,
                summary: r.summary.as_deref(),
                lang: p.lang.code(),
            })
            .collect();
        let mut html: Vec<String> =
            pages.iter().filter(|p| !matches!(p, Page::NotFound)).map(|p| self.path(p)).collect();
        html.sort();
        vec![
            OutputFile::new("style.css", self.templates.raw("style.css")),
            OutputFile::new(".nojekyll", ""),
            OutputFile::new("feed.xml", feeds::atom(&config.title, &config.author, &config.base_url, &entries)),
            OutputFile::new("sitemap.xml", feeds::sitemap(&config.base_url, &html)),
        ]
    }

    fn render(&self, page: &Page) -> Result<Vec<OutputFile>, Diagnostic> {
        let path = self.path(page);
        let lang = self.site.config.language;
        let page_dir = Path::new(&path).parent().map(Path::to_path_buf).unwrap_or_default();
        let href = |target: &str| report::relative_href(&page_dir, target);
        match page {
            Page::Index => {
                let view = IndexView {
                    reports: self.reports.iter().map(|(r, p)| self.card(r, p, &href)).collect(),
                    datasets: self.dataset_cards(&href),
                    tags: self
                        .tags()
                        .keys()
                        .map(|t| LinkView { title: t.to_string(), href: href(&format!("tags/{t}.html")) })
                        .collect(),
                };
                self.page(PageMeta::new("index.html", path, lang, self.site.config.title.clone()), view)
            }
            Page::NotFound => {
                let title = Labels::for_lang(lang).not_found.to_owned();
                // Served for any missing address, at any depth: links must be absolute there.
                let meta = PageMeta::new("404.html", path, lang, title).with_root(self.site.config.base_url.clone());
                self.page(meta, EmptyView {})
            }
            Page::Report(i) => self.report_page(*i, path, &href),
            Page::Dataset(id) => self.dataset_page(id, path, &href),
            Page::Tag(tag) => {
                let reports = self
                    .reports
                    .iter()
                    .filter(|(r, _)| r.tags.iter().any(|t| t == tag))
                    .map(|(r, p)| self.card(r, p, &href))
                    .collect();
                let labels = Labels::for_lang(lang);
                let title = format!("{} {tag}", labels.tagged);
                self.page(PageMeta::new("tag.html", path, lang, title), TagView { tag: tag.to_string(), reports })
            }
        }
    }

    fn page<T: Serialize>(&self, meta: PageMeta, view: T) -> Result<Vec<OutputFile>, Diagnostic> {
        let PageMeta { template, path, root, lang, title, description } = meta;
        let config = &self.site.config;
        let view = PageView {
            site: SiteView {
                title: config.title.clone(),
                description: config.description.clone(),
                author: config.author.clone(),
                base_url: config.base_url.clone(),
            },
            canonical: format!("{}{path}", config.base_url),
            root,
            path: path.clone(),
            description: description.unwrap_or_else(|| config.description.clone()),
            title,
            lang: lang.code(),
            labels: Labels::for_lang(lang),
            page: view,
        };
        let html = self.templates.render(template, &view)?;
        Ok(vec![OutputFile::new(path, html)])
    }

    fn report_page(
        &self,
        i: usize,
        path: String,
        href: &dyn Fn(&str) -> String,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let (report, prepared) = &self.reports[i];
        let lang = prepared.lang;
        let labels = Labels::for_lang(lang);
        let link_to =
            |(r, _): &(&Report, PreparedReport)| LinkView { title: r.title.clone(), href: href(&r.output_path()) };
        let n = prepared.claims.len();
        let view = ReportView {
            date: long_date(report.date, lang),
            date_iso: report.date.format("%Y-%m-%d").to_string(),
            summary: report.summary.clone(),
            body_html: prepared.body_html.clone(),
            tags: report
                .tags
                .iter()
                .map(|t| LinkView { title: t.clone(), href: href(&format!("tags/{t}.html")) })
                .collect(),
            datasets: prepared.datasets.iter().filter_map(|id| self.dataset_link(id, href)).collect(),
            claims: prepared
                .claims
                .iter()
                .map(|(c, computed)| ClaimView {
                    says: c.says.clone(),
                    computed: computed.clone(),
                    expr: c.expr.clone(),
                    source: c.source.clone(),
                })
                .collect(),
            claims_heading: format!(
                "{} ({n} {})",
                labels.claims,
                if n == 1 { labels.claim_checked } else { labels.claims_checked }
            ),
            figures: prepared
                .shown
                .iter()
                .map(|s| FigureNote {
                    text: s.text.clone(),
                    how: format::describe(&s.figure, lang),
                    dataset: s
                        .figure
                        .inputs
                        .first()
                        .and_then(|i| self.dataset_link(i.split('/').next().unwrap_or(""), href))
                        .unwrap_or(LinkView { title: String::new(), href: href("index.html") }),
                })
                .collect(),
            // Newest first: the previous report is the older one.
            previous: self.reports.get(i + 1).map(link_to),
            next: i.checked_sub(1).map(|j| link_to(&self.reports[j])),
        };
        let meta = PageMeta::new("report.html", path, lang, report.title.clone()).with_description(&report.summary);
        self.page(meta, view)
    }

    fn dataset_page(
        &self,
        id: &str,
        path: String,
        href: &dyn Fn(&str) -> String,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let dataset = &self.site.datasets[id];
        let lang = self.site.config.language;
        let used_in = self
            .reports
            .iter()
            .filter(|(_, p)| p.datasets.iter().any(|d| d == id))
            .map(|(r, _)| LinkView { title: r.title.clone(), href: href(&r.output_path()) })
            .collect();
        let (view, svg) = dataset::view(dataset, lang, used_in).map_err(|e| Diagnostic::error(&dataset.path, e))?;
        let meta =
            PageMeta::new("dataset.html", path, lang, dataset.title.clone()).with_description(&dataset.description);
        let mut files = self.page(meta, view)?;
        files.extend(dataset::downloads(dataset, svg));
        Ok(files)
    }

    fn dataset_link(&self, id: &str, href: &dyn Fn(&str) -> String) -> Option<LinkView> {
        self.site
            .datasets
            .get(id)
            .map(|d| LinkView { title: d.title.clone(), href: href(&format!("datasets/{id}.html")) })
    }

    fn dataset_cards(&self, href: &dyn Fn(&str) -> String) -> Vec<DatasetCard> {
        let lang = self.site.config.language;
        let labels = Labels::for_lang(lang);
        self.site
            .datasets
            .values()
            .map(|d| {
                let periods: Vec<Period> = d.series.iter().flat_map(|s| s.points.iter().map(|p| p.period)).collect();
                let (first, last) = (periods.iter().min().copied(), periods.iter().max().copied());
                let span = match (first, last) {
                    (Some(a), Some(b)) => format::period_range(a, b, d.fiscal_year_start, Style::Short, lang),
                    _ => String::new(),
                };
                DatasetCard {
                    title: d.title.clone(),
                    href: href(&format!("datasets/{}.html", d.id)),
                    span,
                    caveats: stats::caveats(d.series.iter().flat_map(|s| &s.points))
                        .into_iter()
                        .map(|s| labels.status_word(s))
                        .collect(),
                }
            })
            .collect()
    }

    fn card(&self, report: &Report, prepared: &PreparedReport, href: &dyn Fn(&str) -> String) -> ReportCard {
        ReportCard {
            title: report.title.clone(),
            href: href(&report.output_path()),
            date: long_date(report.date, prepared.lang),
            date_iso: report.date.format("%Y-%m-%d").to_string(),
            summary: report.summary.clone(),
            headline: prepared.headline.clone(),
            lang: prepared.lang.code(),
        }
    }

    /// Every tag with the reports that carry it, newest first.
    fn tags(&self) -> BTreeMap<&str, Vec<usize>> {
        let mut tags: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, (report, _)) in self.reports.iter().enumerate() {
            for tag in &report.tags {
                tags.entry(tag.as_str()).or_default().push(i);
            }
        }
        tags
    }
}

/// `28 May 2025` / `28. Mai 2025`: the month name comes from the period formatter.
fn long_date(date: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    let month = Period::Month { year: date.year(), month: date.month() };
    let label = format::period(month, 1, Style::Long, lang);
    let name = label.rsplit_once(' ').map_or(label.as_str(), |(m, _)| m);
    match lang {
        Lang::En => format!("{} {name} {}", date.day(), date.year()),
        Lang::De => format!("{}. {name} {}", date.day(), date.year()),
    }
}
