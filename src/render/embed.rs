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

/// One chart of a report's body, with what its own files are made of: made once, with the report.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChartEmbed {
    /// The name of its files in the report's embed folder: `chart-1`.
    pub stem: String,
    pub chart: Arc<Chart>,
    /// Its `<figure>`, as the report shows it.
    pub figure: Arc<str>,
    /// The `<iframe>` that shows its page elsewhere, and its height (px).
    pub frame: (String, u32),
    /// Its SVG file (`<stem>.svg`).
    pub svg: Arc<[u8]>,
}

impl ChartEmbed {
    /// Chart `chart` of `report`, shown as `figure`, with its files named `stem`, on `site`.
    pub(crate) fn new(report: &Report, stem: String, (chart, figure): (Arc<Chart>, Arc<str>), site: EmbedSite) -> Self {
        let svg = Arc::from(chart.svg().into_bytes());
        let mut embed = ChartEmbed { stem, chart, figure, frame: (String::new(), 0), svg };
        embed.frame = iframe(report, &embed, site);
        embed
    }

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

/// What the files of a site's charts take from its settings: where it is, and whether it has PNGs
/// (`share_images`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct EmbedSite<'a> {
    pub base_url: &'a str,
    pub png: bool,
}

/// The widest a chart is drawn on its own page (px): the page's stylesheet says so too (`.embed`).
const EMBED_MAX: f64 = 720.0;
/// The frame widths (px) where the page is tallest: the narrowest an embed is made for (a phone's
/// column of 320 px less the host's margins), the widest that shows the narrow drawing (the stylesheet's
/// 30rem), the narrowest that shows the wide one, and the widest the page gets.
const WIDTHS: [(f64, bool); 4] = [(280.0, true), (480.0, true), (481.0, false), (EMBED_MAX + 2.0 * PADDING, false)];
/// The page's padding on each side (px; `body.embed main`).
const PADDING: f64 = 12.0;
/// A line of the page's text (px): 16 px type, 1.5 apart.
const LINE: f64 = 24.0;
/// The most a character of text takes on a line (px), wrapping at words (long German words wrap early).
const CHAR: f64 = 9.5;
/// Height (px) besides the chart and the lines of text: the data table's summary, the space between the
/// blocks of text, the page's padding above and below.
const FIXED: f64 = 40.0 + 4.0 * 16.0 + 16.0;

/// The characters counted for the site's title on the line that names the report: the frame's height
/// does not read the title, so that a report is not prepared again when the title changes.
const SITE_TITLE: usize = 24;

/// The height (px) of a frame that shows chart `embed` of `report` on its own page without scrolling,
/// at any width from 280 px up: the larger of the heights at the narrowest and at the widest, each block
/// of text (caption and sources, every note, the line that names the report) counted in the lines it
/// takes there.
fn frame_height(report: &Report, embed: &ChartEmbed) -> u32 {
    let chart = &embed.chart;
    let caption = chart.caption.as_deref().map_or(0, |c| c.chars().count()) + text_len(&chart.sources_html);
    let from = report.title.chars().count() + SITE_TITLE + 8;
    let notes = chart.notes.iter().map(|n| text_len(n) + 24);
    let blocks: Vec<usize> = [caption, from].into_iter().chain(notes).collect();
    let at = |(width, narrow): (f64, bool)| {
        let (w, h) = if narrow { chart.narrow.size() } else { chart.wide.size() };
        let column = width - 2.0 * PADDING;
        let per_line = (column / CHAR).floor().max(1.0);
        let lines: f64 = blocks.iter().map(|&n| (n as f64 / per_line).ceil()).sum();
        column * h / w.max(1.0) + LINE * lines + FIXED
    };
    let tallest = WIDTHS.into_iter().map(at).fold(0.0, f64::max);
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

/// The `<iframe>` that shows chart `embed` of `report` on `site`, as wide as the column and as high as
/// its page ([`frame_height`]), and that height.
fn iframe(report: &Report, embed: &ChartEmbed, site: EmbedSite) -> (String, u32) {
    let height = frame_height(report, embed);
    let code = format!(
        "<iframe src=\"{}{}\" title=\"{}\" width=\"100%\" height=\"{height}\" loading=\"lazy\" \
         style=\"border:0;width:100%;max-width:{}px\"></iframe>",
        escape(site.base_url),
        escape(&embed.path(report, "html")),
        escape(title(&embed.chart)),
        EMBED_MAX + 2.0 * PADDING,
    );
    (code, height)
}

/// The chart's title (its drawing's), for the frame's `title` and the oEmbed's.
pub(crate) fn title(chart: &Chart) -> &str {
    chart.wide.title()
}

/// What goes under chart `embed` on the page of `report` (in `lang`, on `site`): its files (the PNG when
/// the site has PNGs), and the code that embeds it, collapsed.
pub(crate) fn under_chart(report: &Report, embed: &ChartEmbed, lang: Lang, site: EmbedSite) -> String {
    let labels = Labels::for_lang(lang);
    let page_dir = Path::new(&report.output_path()).parent().map(Path::to_path_buf).unwrap_or_default();
    let href = |ext: &str| escape(&relative_href(&page_dir, &embed.path(report, ext)));
    let png = if site.png { format!(" · <a href=\"{}\" download>PNG</a>", href("png")) } else { String::new() };
    format!(
        "<div class=\"chart-share\">\n<p class=\"chart-files\">{}: <a href=\"{}\" download>SVG</a>{png} · \
         <a href=\"{}\">{}</a></p>\n<details class=\"embed-code\"><summary>{}</summary>\n<p>{}</p>\n\
         <pre><code>{}</code></pre>\n</details>\n</div>\n",
        labels.downloads,
        href("svg"),
        href("html"),
        labels.chart_alone,
        labels.embed,
        labels.embed_hint,
        escape(&embed.frame.0),
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
    #[serde(flatten)]
    thumbnail: Option<Thumbnail>,
}

/// The chart's PNG, as an oEmbed thumbnail.
#[derive(Debug, Serialize)]
struct Thumbnail {
    thumbnail_url: String,
    thumbnail_width: u32,
    thumbnail_height: u32,
}

/// The oEmbed JSON of chart `embed` of `report` on `site`, titled `site_title`, by `author` (with the
/// chart's PNG as its thumbnail when the site has PNGs).
pub(crate) fn oembed(
    report: &Report,
    embed: &ChartEmbed,
    site: EmbedSite,
    (site_title, author): (&str, Option<&str>),
) -> String {
    let (html, height) = embed.frame.clone();
    let description = OEmbed {
        version: "1.0",
        kind: "rich",
        title: title(&embed.chart),
        provider_name: site_title,
        provider_url: site.base_url,
        author_name: author,
        html,
        width: (EMBED_MAX + 2.0 * PADDING) as u32,
        height,
        thumbnail: site.png.then(|| Thumbnail {
            thumbnail_url: format!("{}{}", site.base_url, embed.path(report, "png")),
            thumbnail_width: share::CHART_WIDTH,
            thumbnail_height: share::chart_height(&embed.chart.wide, share::CHART_WIDTH),
        }),
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
