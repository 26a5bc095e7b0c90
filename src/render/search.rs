//! Search that works from disk: `search.html`, the script that runs it (`search.js`, a template copied as
//! it is), and `search-index.js`, the index it searches.
//!
//! A page opened from `file://` may not `fetch` a file beside it, so the index is a script that assigns
//! one global ([`GLOBAL`]), loaded with a `<script src>` tag as mdBook's local search does. It holds one
//! entry per report: what a reader recognises a report by (title, summary, tags, date, language, and the
//! titles of the datasets it uses), not its body, which would make the index grow with every word written
//! (docs/search.md has its size at 1,000 and 10,000 reports). Entries are arrays in the order of
//! [`FIELDS`], newest report first, one a line; dataset titles are written once and referred to by
//! position. Every string goes through [`script_json`], so no title can end the script or a string.

use std::collections::BTreeMap;

use serde::Serialize;

use super::views::{EmptyView, PageMeta};
use super::{Labels, Page, Plan, Summary};
use crate::markup::script_json;

/// The search page, at the site root.
pub(super) const PAGE: &str = "search.html";
/// The script that searches, a template of that name.
pub(super) const SCRIPT: &str = "search.js";
/// The index.
pub(super) const INDEX: &str = "search-index.js";
/// The global the index assigns: `window.spendsiteSearchIndex`.
pub(super) const GLOBAL: &str = "spendsiteSearchIndex";

/// What the index says it is; `version` is raised when a field changes meaning or goes away.
const FORMAT: &str = "spendsite-search";
const VERSION: u32 = 1;

/// The fields of an entry, in order. `date` is ISO 8601, `date_text` as the report's page shows it,
/// `url` from the site root, `datasets` positions in the index's `datasets`.
const FIELDS: [&str; 8] = ["title", "summary", "tags", "date", "date_text", "lang", "url", "datasets"];

/// One report in the index: the fields of [`FIELDS`], serialized as an array.
#[derive(Serialize)]
struct Entry<'a>(&'a str, &'a str, &'a [String], &'a str, &'a str, &'static str, String, Vec<usize>);

/// The search page.
pub(super) fn page<'a>(plan: &'a Plan) -> Page<'a> {
    let lang = plan.site.config().language;
    let title = Labels::for_lang(lang).search.title.to_owned();
    plan.page(PageMeta::new("search.html", PAGE.to_owned(), lang, title), EmptyView {})
}

/// `search-index.js`: every report (`summaries` in the plan's order, newest first).
pub(super) fn index(plan: &Plan, summaries: &[Summary]) -> String {
    let datasets = plan.site.datasets();
    // Dataset ids in order, so a title's position is its id's.
    let position: BTreeMap<&str, usize> = datasets.keys().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let titles: Vec<&str> = datasets.values().map(|d| d.title.as_str()).collect();
    let languages: BTreeMap<&str, &str> =
        summaries.iter().map(|s| s.lang).map(|l| (l.code(), l.native_name())).collect();
    let mut out = format!(
        "window.{GLOBAL} = {{\"format\":{},\"version\":{VERSION},\"fields\":{},\"languages\":{},\"datasets\":{},\"reports\":[",
        script_json(&FORMAT),
        script_json(&FIELDS),
        script_json(&languages),
        script_json(&titles),
    );
    for (i, (report, summary)) in plan.order.iter().zip(summaries).enumerate() {
        let entry = Entry(
            &report.title,
            report.summary.as_deref().unwrap_or(""),
            &report.tags,
            &summary.date_iso,
            &summary.date,
            summary.lang.code(),
            report.output_path(),
            summary.datasets.iter().filter_map(|id| position.get(id.as_str()).copied()).collect(),
        );
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&script_json(&entry));
    }
    out.push_str("\n]};\n");
    out
}
