//! Charts: a [`ChartSpec`] over a [`Dataset`] -> an accessible, self-contained SVG, plus the HTML wrapper
//! (`<figure>` with caption and data table) that a page embeds.
//!
//! `select` checks the spec against the data and picks the plotted values; `scale` does the axis maths
//! (nice ticks over exact decimals, how many period labels fit); `axis` words the value axis; `draw` lays
//! the chart out, at each `Fit` (wide for downloads and desktops, narrow for phones), on an `svg` canvas,
//! which writes the few SVG elements a chart needs directly (with role, title, desc, classes, hatch
//! patterns and a light/dark `<style>`); `text` writes the words (desc, caption, table, figure).
//! `drawings` keeps what was drawn for reuse; `style` is how each class looks, in an SVG's `<style>` and in
//! a raster drawing (`Drawing::marks`); `sparkline` draws the small line of a share card without a chart. Every number a reader sees is formatted from a `Decimal`
//! by `figures::format`; `f64` is used only for pixel positions.

mod annotate;
mod axis;
mod draw;
mod drawings;
mod marks;
mod scale;
mod select;
mod sparkline;
mod style;
mod svg;
mod text;

use crate::dataset::{Annotation, Dataset};
use crate::lang::Lang;
use crate::period::Period;

pub(crate) use drawings::Charts;
pub(crate) use select::MAX_SERIES;
pub(crate) use sparkline::{sparkline, Sparkline};
pub(crate) use style::{Look, Tone};
pub use svg::Drawing;
pub(crate) use svg::{Anchor, MarkShape};
/// The light-mode colours charts are drawn in, for drawings shown with a chart (a report's share card).
pub(crate) use svg::{BACKGROUND, GRID, INK, MUTED, PALETTE};

/// How values are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// One bar per period (grouped side by side for several series).
    Bar,
    /// A line with a marker per value.
    Line,
    /// A line over a filled area down to zero.
    Area,
    /// Bars with the series stacked on each other (values must not be negative).
    Stacked,
}

impl Kind {
    /// `bar`, `line`, `area` or `stacked`.
    pub fn parse(text: &str) -> Option<Kind> {
        match text {
            "bar" => Some(Kind::Bar),
            "line" => Some(Kind::Line),
            "area" => Some(Kind::Area),
            "stacked" => Some(Kind::Stacked),
            _ => None,
        }
    }
}

/// A value that gets a direct label on the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Highlight {
    /// The largest value of each series (the first, if it occurs twice).
    Max,
    /// The smallest value of each series.
    Min,
    /// The last value of each series.
    Last,
    /// The values at one period.
    Period(Period),
}

impl Highlight {
    /// `max`, `min`, `last` or a period key such as `2023-11`.
    pub fn parse(text: &str) -> Option<Highlight> {
        match text {
            "max" => Some(Highlight::Max),
            "min" => Some(Highlight::Min),
            "last" => Some(Highlight::Last),
            other => Period::parse(other).ok().map(Highlight::Period),
        }
    }
}

/// What to chart, as a report's `chart(...)` call or a dataset page asks for it.
#[derive(Debug, Clone, Default, PartialEq, Hash)]
pub struct ChartSpec {
    /// Series keys; empty means every series of the dataset.
    pub series: Vec<String>,
    /// Defaults to `Bar` for one series and `Line` for several.
    pub kind: Option<Kind>,
    /// First period shown (inclusive); defaults to the first period of the data.
    pub from: Option<Period>,
    /// Last period shown (inclusive); defaults to the last period of the data.
    pub to: Option<Period>,
    pub highlight: Vec<Highlight>,
    /// Draw the mean as a dashed reference line (one series only).
    pub mean: bool,
    /// Reference lines, shaded ranges and callouts, drawn after the dataset's own; each period must be
    /// on the chart.
    pub annotations: Vec<Annotation>,
    /// Defaults to the dataset's title.
    pub title: Option<String>,
    pub caption: Option<String>,
}

/// A drawn chart: its drawings and the words that go with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The chart 560 px wide: the `datasets/<id>.svg` download, and the chart in a wide column.
    pub wide: Drawing,
    /// The same chart drawn 360 px wide for a phone's column: the same font sizes, so its text is not
    /// scaled down to illegibility; fewer period labels and value ticks. Shown instead of `wide` in narrow
    /// columns by `figure_html` and the stylesheet.
    pub narrow: Drawing,
    /// A summary in words, as in the SVG's `<desc>`.
    pub desc: String,
    /// Every plotted value as an HTML `<table>`.
    pub table_html: String,
    /// The spec's caption and, when estimated or illustrative values are plotted, a sentence saying how
    /// they are marked and what they mean; `None` when there is neither. Plain text, not yet escaped.
    pub caption: Option<String>,
    /// The dataset's sources, as the caption's last sentence: `Source: <a href="…">…</a>.` HTML.
    pub sources_html: String,
    /// Each annotation drawn, in words (`Reference line: budget, $60M`), as the list under the table.
    pub notes: Vec<String>,
}

/// The width (px) that the chart gives a text at font `size`, bold or not: the font metrics the placement
/// of labels goes by, for tests that check a chart for overlaps.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    scale::text_width(text, size) * if bold { draw::BOLD } else { 1.0 }
}

/// Draws `spec` over `dataset` with labels in `lang`. A spec that does not fit the data (unknown series,
/// a range outside the data, `mean` over several series, …) is an error message, never a panic.
pub fn draw(dataset: &Dataset, spec: &ChartSpec, lang: Lang) -> Result<Chart, String> {
    let plot = select::plot(dataset, spec)?;
    let desc = text::desc(&plot, lang);
    let wide = draw::drawing(&plot, &desc, lang, draw::Fit::WIDE)?;
    let narrow = draw::drawing(&plot, &desc, lang, draw::Fit::NARROW)?;
    Ok(Chart {
        wide,
        narrow,
        desc,
        table_html: text::table_html(&plot, lang),
        caption: text::caption(&plot, spec.caption.as_deref(), lang),
        sources_html: text::sources_html(dataset, lang),
        notes: plot.annotations.iter().map(|a| text::annotation(&plot, a, lang)).collect(),
    })
}

impl Chart {
    /// The wide chart as a standalone SVG document.
    pub fn svg(&self) -> String {
        self.wide.standalone()
    }
}

/// The rules that colour an inline chart's classes, in light and dark mode: a page that shows charts
/// (`figure_html`) has them in its stylesheet. A standalone SVG carries them in its own `<style>`.
pub fn stylesheet() -> &'static str {
    style::css()
}

/// The accessible wrapper placed in a page: `<figure class="chart" id="{id}">` with both SVGs inline (the
/// wide one with class `chart-wide`, the narrow one with `chart-narrow` and `display="none"` until the
/// stylesheet shows it in a narrow column; their ids derived from `id`, with `-n` for the narrow one), the
/// data table in a `<details>`, then the `<figcaption>` (last, as HTML requires).
pub fn figure_html(chart: &Chart, id: &str, lang: Lang) -> String {
    text::figure_html(chart, id, lang)
}
