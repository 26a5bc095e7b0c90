//! The pages that list reports and datasets, a page at a time so that no page grows with the site: the
//! index (the newest reports), `reports/page-2.html` and on (the older ones), each tag's pages
//! (`tags/azure.html`, `tags/azure/page-2.html`), `datasets/index.html`, and the 404 page.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use super::labels::Labels;
use super::report::relative_href;
use super::views::{
    ArchiveView, DatasetCard, DatasetsView, EmptyView, IndexView, LinkView, PageMeta, PagerView, SourceView, TagView,
};
use super::{Page, Plan, Summary};
use crate::dataset::Status;
use crate::figures::format::{self, Style};
use crate::figures::stats;
use crate::period::Granularity;

/// Reports on one page of a list.
pub(super) const PAGE_SIZE: usize = 20;

/// Reports in the feed: the newest.
pub(super) const FEED_ENTRIES: usize = 50;

/// How many pages a list of `n` reports takes (at least one).
fn pages(n: usize) -> usize {
    n.div_ceil(PAGE_SIZE).max(1)
}

/// The file of page `page` (1-based) of the report list.
fn report_page(page: usize) -> String {
    if page == 1 {
        "index.html".into()
    } else {
        format!("reports/page-{page}.html")
    }
}

/// The file of page `page` of a tag's list.
fn tag_page(tag: &str, page: usize) -> String {
    if page == 1 {
        format!("tags/{tag}.html")
    } else {
        format!("tags/{tag}/page-{page}.html")
    }
}

/// The list pages the site has whatever its writer names, for a list of `reports` reports: the index,
/// the pages of older reports and the datasets index, each with what it is.
pub(super) fn generated(reports: usize) -> Vec<(String, String)> {
    let mut paths: Vec<(String, String)> = (1..=pages(reports))
        .map(|page| match page {
            1 => (report_page(page), "the index page".to_owned()),
            n => (report_page(n), format!("page {n} of the report list")),
        })
        .collect();
    paths.push((DATASETS_PAGE.to_owned(), "the index of datasets".to_owned()));
    paths
}

/// The files of the pages of a tag that `reports` reports carry.
pub(super) fn tag_pages(tag: &str, reports: usize) -> Vec<String> {
    (1..=pages(reports)).map(|p| tag_page(tag, p)).collect()
}

/// Where the index of datasets is.
const DATASETS_PAGE: &str = "datasets/index.html";

/// The reports (positions in `order`) that use each dataset, by id.
pub(crate) type Users<'a> = BTreeMap<&'a str, Vec<usize>>;

/// Every list page. `users` says which reports use each dataset.
pub(super) fn list_pages<'a>(plan: &'a Plan, summaries: &'a [Summary], users: &'a Users) -> Vec<Page<'a>> {
    let all = &plan.listed;
    let mut jobs: Vec<Job> = (1..=pages(all.len())).map(|page| Job::Reports { page }).collect();
    for (tag, members) in &plan.tags {
        jobs.extend((1..=pages(members.len())).map(|page| Job::Tag { tag, members, page }));
    }
    jobs.push(Job::Datasets);
    jobs.push(Job::NotFound);
    jobs.into_par_iter().map(|job| job.page(plan, summaries, all, users)).collect()
}

/// One list page.
enum Job<'t> {
    Reports { page: usize },
    Tag { tag: &'t str, members: &'t [usize], page: usize },
    Datasets,
    NotFound,
}

impl<'a> Job<'a> {
    fn page(self, plan: &'a Plan, summaries: &'a [Summary], all: &'a [usize], users: &Users) -> Page<'a> {
        let lang = plan.site.config().language;
        let labels = Labels::for_lang(lang);
        match self {
            Job::Reports { page } => {
                let path = report_page(page);
                let dir = parent(&path);
                let reports = cards(plan, summaries, all, page, &dir);
                let pager = pager(labels, all.len(), page, &dir, report_page);
                if page == 1 {
                    let datasets = LinkView {
                        title: format!("{} ({})", labels.all_datasets, plan.site.datasets().len()),
                        href: DATASETS_PAGE.into(),
                    };
                    let tags = plan
                        .tags
                        .keys()
                        .map(|t| LinkView { title: t.to_string(), href: relative_href(&dir, &tag_page(t, 1)) })
                        .collect();
                    let view = IndexView { reports, pager, datasets, tags };
                    plan.page(PageMeta::new("index.html", path, lang, plan.site.config().title.clone()), view)
                } else {
                    let title = format!("{}, {} {page}", labels.older_reports, labels.page_of[0]);
                    plan.page(PageMeta::new("archive.html", path, lang, title), ArchiveView { reports, pager })
                }
            }
            Job::Tag { tag, members, page } => {
                let path = tag_page(tag, page);
                let dir = parent(&path);
                let reports = cards(plan, summaries, members, page, &dir);
                let pager = pager(labels, members.len(), page, &dir, |p| tag_page(tag, p));
                let title = format!("{} {tag}", labels.tagged);
                plan.page(PageMeta::new("tag.html", path, lang, title), TagView { tag, reports, pager })
            }
            Job::Datasets => {
                let view = DatasetsView { datasets: dataset_cards(plan, users, labels) };
                plan.page(PageMeta::new("datasets.html", DATASETS_PAGE.into(), lang, labels.datasets.into()), view)
            }
            Job::NotFound => {
                // Served for any missing address, at any depth: links must be absolute there.
                let meta = PageMeta::new("404.html", "404.html".into(), lang, labels.not_found.to_owned())
                    .with_root(plan.site.config().base_url.clone());
                plan.page(meta, EmptyView {})
            }
        }
    }
}

fn parent(path: &str) -> std::path::PathBuf {
    Path::new(path).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The cards of page `page` of the reports `members` (positions in `order`, newest first).
fn cards<'s>(
    plan: &'s Plan,
    summaries: &'s [Summary],
    members: &[usize],
    page: usize,
    dir: &Path,
) -> Vec<super::views::ReportCard<'s>> {
    let start = (page - 1) * PAGE_SIZE;
    let shown = members.iter().skip(start).take(PAGE_SIZE);
    shown.map(|&i| plan.card(i, &summaries[i], dir)).collect()
}

/// The links to the newer and older pages of a list of `n` reports, when it has more than one page.
fn pager(labels: &Labels, n: usize, page: usize, dir: &Path, file: impl Fn(usize) -> String) -> Option<PagerView> {
    let total = pages(n);
    if total == 1 {
        return None;
    }
    let link = |title: &str, p: usize| LinkView { title: title.to_owned(), href: relative_href(dir, &file(p)) };
    Some(PagerView {
        newer: (page > 1).then(|| link(labels.newer, page - 1)),
        older: (page < total).then(|| link(labels.older, page + 1)),
        position: format!("{} {page} {} {total}", labels.page_of[0], labels.page_of[1]),
    })
}

/// Every dataset, for `datasets/index.html`: what it covers, how its values were obtained, where they
/// come from, how many reports use it (`users`), and its downloads.
fn dataset_cards(plan: &Plan, users: &Users, labels: &Labels) -> Vec<DatasetCard> {
    let lang = plan.site.config().language;
    plan.site
        .datasets()
        .values()
        .map(|d| {
            let points = || d.series.iter().flat_map(|s| &s.points);
            let periods = points().map(|p| p.period);
            let (first, last) = (periods.clone().min(), periods.max());
            let span = match (first, last) {
                (Some(a), Some(b)) => format::period_range(a, b, d.fiscal_year_start, Style::Short, lang),
                _ => String::new(),
            };
            let count = match (first, last) {
                (Some(a), Some(b)) => (b.ordinal() - a.ordinal() + 1) as usize,
                _ => 0,
            };
            let every = match d.granularity {
                Granularity::Month => labels.monthly,
                Granularity::Quarter => labels.quarterly,
            };
            let statuses = [Status::Reported, Status::Estimated, Status::Illustrative]
                .into_iter()
                .map(|s| (s, points().filter(|p| p.status == s).count()))
                .filter(|(_, n)| *n > 0)
                .map(|(s, n)| format!("{n} {}", labels.status_word(s)))
                .collect();
            let used_in = match users.get(d.id.as_str()).map_or(0, Vec::len) {
                0 => String::new(),
                n => format!("{n} {}", labels.report_count[usize::from(n != 1)]),
            };
            DatasetCard {
                title: d.title.clone(),
                href: format!("{}.html", d.id),
                span,
                periods: format!("{every}, {count} {}", format::period_noun(d.granularity, count, lang)),
                statuses,
                caveats: stats::caveats(points()).into_iter().map(|s| labels.status_word(s)).collect(),
                sources: d.sources.iter().map(|s| SourceView::new(s, lang)).collect(),
                used_in,
                downloads: super::dataset::DOWNLOADS
                    .map(|ext| LinkView { title: ext.to_uppercase(), href: format!("{}.{ext}", d.id) })
                    .to_vec(),
            }
        })
        .collect()
}
