//! A report's charts as they travel: each chart's page of its own (`embed/<slug>/<chart>.html`, for an
//! `<iframe>` on another site), its oEmbed description beside it (`.json`), and its SVG and PNG; and,
//! under the chart on the report, the links to them and the `<iframe>` code to copy.
//!
//! The files of a report's charts are in its folder (`Report::embed_folder`), named after each chart's
//! id (`chart-1`, or the `id` the writer gave it), so that an embed stays where it is when the report
//! changes around it.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use super::labels::Labels;
use super::report::relative_href;
use crate::chart::Chart;
use crate::content::Report;
use crate::lang::Lang;
use crate::markup::escape;
use crate::share;

/// One chart of a report's body, with what its own files are made of.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChartEmbed {
    /// The name of its files in the report's embed folder: `chart-1`.
    pub stem: String,
    pub chart: Arc<Chart>,
    /// Its `<figure>`, as the report shows it.
    pub figure: Arc<str>,
}

impl ChartEmbed {
    /// The path of its file with `ext` (`html`, `json`, `svg`, `png`) from the site root.
    pub(crate) fn path(&self, report: &Report, ext: &str) -> String {
        format!("{}{}.{ext}", report.embed_folder(), self.stem)
    }
}

/// The file names of a report's charts, from their ids (`chart-1`, or the writer's `id`): the letters,
/// digits, `-` and `_` of each, the rest as `-`; an id with nothing left, or taken by an earlier chart,
/// is `chart-N` (N its position), with `-2`, `-3`… while that too is taken.
pub(crate) fn stems<'i>(ids: impl Iterator<Item = &'i str>) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    for (i, id) in ids.enumerate() {
        let clean: String =
            id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
        let clean = clean.trim_matches('-').to_ascii_lowercase();
        let mut stem = if clean.is_empty() || taken.contains(&clean) { format!("chart-{}", i + 1) } else { clean };
        let base = stem.clone();
        let mut n = 1;
        while taken.contains(&stem) {
            n += 1;
            stem = format!("{base}-{n}");
        }
        taken.push(stem);
    }
    taken
}

/// The widest a chart is drawn on its own page (px): the page's stylesheet says so too (`.embed`).
const EMBED_MAX: f64 = 720.0;
/// The narrowest column an embed is made for, less the page's padding (px).
const EMBED_MIN: f64 = 296.0;

/// The height (px) of a frame that shows the chart's page without scrolling, from 280 px wide up: the
/// larger of its height at the widest and at the narrowest, the caption's lines counted at the
/// characters a line holds there.
pub(crate) fn frame_height(chart: &Chart) -> u32 {
    let words = chart.caption.as_deref().map_or(0, str::len) + text_len(&chart.sources_html);
    let notes = chart.notes.len() as f64;
    let at = |width: f64, drawing: &crate::chart::Drawing, per_line: f64| {
        let (w, h) = drawing.size();
        let lines = (words as f64 / per_line).ceil() + notes * (60.0 / per_line).ceil();
        width * h / w.max(1.0) + 22.0 * lines + 120.0
    };
    let tallest = at(EMBED_MAX, &chart.wide, 95.0).max(at(EMBED_MIN, &chart.narrow, 38.0));
    ((tallest / 10.0).ceil() * 10.0) as u32
}

/// The characters of `html`'s text, tags left out.
fn text_len(html: &str) -> usize {
    let mut inside = false;
    html.chars()
        .filter(|&c| {
            let counted = !inside && c != '<';
            inside = (inside || c == '<') && c != '>';
            counted
        })
        .count()
}

/// The `<iframe>` that shows the chart page at `src`: as wide as the column, as high as the chart.
pub(crate) fn iframe(src: &str, title: &str, height: u32) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" loading=\"lazy\" \
         style=\"border:0;width:100%;max-width:{EMBED_MAX}px\"></iframe>",
        escape(src),
        escape(title)
    )
}

/// The chart's title (its drawing's), for the frame's `title` and the oEmbed's.
pub(crate) fn title(chart: &Chart) -> &str {
    chart.wide.title()
}

/// What goes under chart `embed` on the page of `report` (in `lang`, at `base_url`): its files, and the
/// code that embeds it, collapsed.
pub(crate) fn under_chart(report: &Report, embed: &ChartEmbed, lang: Lang, base_url: &str) -> String {
    let labels = Labels::for_lang(lang);
    let page_dir = Path::new(&report.output_path()).parent().map(Path::to_path_buf).unwrap_or_default();
    let href = |ext: &str| escape(&relative_href(&page_dir, &embed.path(report, ext)));
    let code =
        iframe(&format!("{base_url}{}", embed.path(report, "html")), title(&embed.chart), frame_height(&embed.chart));
    format!(
        "<div class=\"chart-share\">\n<p class=\"chart-files\">{}: <a href=\"{}\" download>SVG</a> · <a href=\"{}\" \
         download>PNG</a> · <a href=\"{}\">{}</a></p>\n<details class=\"embed-code\"><summary>{}</summary>\n<p>{}</p>\n\
         <pre><code>{}</code></pre>\n</details>\n</div>\n",
        labels.downloads,
        href("svg"),
        href("png"),
        href("html"),
        labels.chart_alone,
        labels.embed,
        labels.embed_hint,
        escape(&code),
    )
}

/// What the chart's own page shows besides the site's words (see `templates/embed.html`).
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct EmbedView {
    /// The chart's `<figure>`.
    pub figure: Arc<str>,
    pub report_title: String,
    /// The report's page, from the chart's.
    pub report_href: String,
    /// The report's page, absolute: the canonical address of what the chart is from.
    pub report_url: String,
    /// The oEmbed description, absolute (consumers fetch it from anywhere).
    pub oembed_url: String,
}

impl EmbedView {
    pub(super) fn new(report: &Report, embed: &ChartEmbed, base_url: &str) -> EmbedView {
        let path = embed.path(report, "html");
        let dir = Path::new(&path).parent().map(Path::to_path_buf).unwrap_or_default();
        EmbedView {
            figure: Arc::clone(&embed.figure),
            report_title: report.title.clone(),
            report_href: relative_href(&dir, &report.output_path()),
            report_url: format!("{base_url}{}", report.output_path()),
            oembed_url: format!("{base_url}{}", embed.path(report, "json")),
        }
    }
}

/// The oEmbed description of a chart (type `rich`): the frame's code, its size, the chart's PNG.
#[derive(Debug, Serialize)]
struct OEmbed<'a> {
    version: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    provider_name: &'a str,
    provider_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author_name: Option<&'a str>,
    html: String,
    width: u32,
    height: u32,
    thumbnail_url: String,
    thumbnail_width: u32,
    thumbnail_height: u32,
}

/// The oEmbed JSON of chart `embed` of `report`, on the site `site_title` at `base_url`.
pub(crate) fn oembed(report: &Report, embed: &ChartEmbed, site: (&str, &str, Option<&str>)) -> String {
    let (site_title, base_url, author) = site;
    let height = frame_height(&embed.chart);
    let description = OEmbed {
        version: "1.0",
        kind: "rich",
        title: title(&embed.chart),
        provider_name: site_title,
        provider_url: base_url,
        author_name: author,
        html: iframe(&format!("{base_url}{}", embed.path(report, "html")), title(&embed.chart), height),
        width: EMBED_MAX as u32,
        height,
        thumbnail_url: format!("{base_url}{}", embed.path(report, "png")),
        thumbnail_width: share::CHART_WIDTH,
        thumbnail_height: share::chart_height(&embed.chart.wide, share::CHART_WIDTH),
    };
    let mut json = serde_json::to_string_pretty(&description).unwrap_or_default();
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_files_are_named_after_their_ids_once_each() {
        let ids = ["chart-1", "Monthly spend!", "chart-1", "", "über", "chart-5"];
        assert_eq!(stems(ids.into_iter()), ["chart-1", "monthly-spend", "chart-3", "chart-4", "ber", "chart-5"]);
        assert_eq!(stems(["a", "a", "chart-2"].into_iter()), ["a", "chart-2", "chart-3"]);
        assert_eq!(stems(["chart-2", "x", "chart-2"].into_iter()), ["chart-2", "x", "chart-3"]);
    }

    #[test]
    fn a_tag_is_not_text() {
        assert_eq!(text_len("Source: <a href=\"https://x.example/\">The bill</a>."), "Source: The bill.".len());
    }
}
