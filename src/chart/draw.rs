//! Laying a [`Plot`] out on a canvas: header (title and legend), value axis with grid, period axis,
//! the marks of each kind, the mean line and the direct labels of highlighted values.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::dataset::{Mark, Status};
use crate::figures::format::{self, Scale, Style};
use crate::lang::Lang;

use super::annotate::Band;
use super::axis::AxisLabels;
use super::marks::{Away, Label, Rect};
use super::scale::{self, Ticks};
use super::select::Plot;
use super::svg::{self, Anchor, Canvas, Drawing, Head, Size, GRID, INK, MUTED};
use super::text::{self as words, Words};
use super::Kind;

/// Font sizes in viewBox px, the same at every [`Fit`]: the narrow chart is drawn for phones so that
/// they are not scaled down much there (15 px is ~14 px in a 343 px column).
const TEXT: u32 = 15;
const TITLE: u32 = 16;
/// Direct value labels, bold.
pub(super) const LABEL: u32 = 15;
/// How much wider bold text is than the estimate for regular text (DejaVu Sans Bold, the widest face
/// of the font stack, measures up to 1.17 times it).
pub(super) const BOLD: f64 = 1.18;
pub(super) const MARGIN: i32 = 8;
const LEGEND_ROW: i32 = 22;
/// The height of the line with the value axis's unit, when it has one.
const UNIT_ROW: i32 = 18;
/// The height of a title line.
const TITLE_ROW: i32 = 20;
/// How much wider a bold title is than the estimate for regular text: a little more than [`BOLD`], as a
/// title is long enough to reach the edge (DejaVu Sans Bold measures 1.17 times the estimate).
const TITLE_BOLD: f64 = 1.2;

type Result<T> = std::result::Result<T, String>;

/// What one size of chart holds: its canvas, at most how many period labels and value intervals, and
/// how many characters of a series name its legend shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Fit {
    pub size: Size,
    period_labels: usize,
    value_ticks: u32,
    legend_chars: usize,
    /// The widest the value axis's money labels may be (px) before they become bare numbers with the
    /// unit written once: a fixed share, [`TICK_SHARE`], of the chart's width.
    tick_width: i32,
}

/// At most this share of a chart's width goes to the value axis's labels (1 in 6).
const TICK_SHARE: i32 = 6;

impl Fit {
    /// The standalone chart, and the one shown in a wide column.
    pub(super) const WIDE: Fit = Fit {
        size: Size::WIDE,
        period_labels: 8,
        value_ticks: 5,
        legend_chars: 36,
        tick_width: Size::WIDE.width / TICK_SHARE,
    };
    /// The chart shown in a phone's column: fewer labels and ticks, shorter legend entries.
    pub(super) const NARROW: Fit = Fit {
        size: Size::NARROW,
        period_labels: 4,
        value_ticks: 4,
        legend_chars: 20,
        tick_width: Size::NARROW.width / TICK_SHARE,
    };
}

/// Where things go: the plot rectangle and the value scale.
pub(super) struct Layout {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub ticks: Ticks,
    pub axis: AxisLabels,
    pub fit: Fit,
    title: Vec<String>,
    legend: Vec<LegendItem>,
    /// Where the band of range labels and callouts starts (below the header and the unit).
    pub band_top: f64,
    pub band: Band,
    /// The room right of the plot kept for the labels of lines at their end.
    end_room: f64,
}

impl Layout {
    /// The width of one period's slot.
    pub(super) fn slot(&self, n: usize) -> f64 {
        (self.right - self.left) / n as f64
    }

    /// The centre of period `i` of `n`.
    pub(super) fn x(&self, i: usize, n: usize) -> f64 {
        self.left + self.slot(n) * (i as f64 + 0.5)
    }

    pub(super) fn y(&self, v: Decimal) -> f64 {
        let (lo, hi) = (px(self.ticks.lo()), px(self.ticks.hi()));
        self.bottom - (px(v) - lo) / (hi - lo) * (self.bottom - self.top)
    }
}

/// A decimal as a pixel quantity (never shown as a number).
fn px(v: Decimal) -> f64 {
    v.to_f64().unwrap_or(0.0)
}

/// Rounds a pixel position to the backend's integer grid.
pub(super) fn at(x: f64, y: f64) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

/// The chart at `fit`.
pub(super) fn drawing(plot: &Plot, desc: &str, lang: Lang, fit: Fit) -> Result<Drawing> {
    let words = Words::new(lang);
    let mut layout = layout(plot, &words, fit, 0.0)?;
    let mut direct = direct_labels(plot, &layout, &words);
    // A reference line with no free place for its label near the line (one that crosses every bar) is
    // labelled at its end, right of the plot: laid out again with room for the widest such label there.
    if direct.unplaced {
        let widest = direct.lines.iter().map(|(_, text, _)| scale::text_width(text, f64::from(LABEL)) * BOLD);
        layout = self::layout(plot, &words, fit, widest.fold(0.0, f64::max).ceil() + 10.0)?;
        direct = direct_labels(plot, &layout, &words);
    }
    let head = Head { title: &plot.title, desc };
    let Size { width, height } = fit.size;
    Ok(svg::render(&head, fit.size, |c| {
        c.rect("bg", [(0, 0), (width, height)], svg::BACKGROUND, true);
        header(c, plot, &layout);
        layout.band.shades(c, &layout);
        value_axis(c, &layout);
        period_axis(c, plot, &layout, lang);
        match plot.kind {
            Kind::Bar | Kind::Stacked => super::marks::bars(c, plot, &layout),
            Kind::Line | Kind::Area => super::marks::lines(c, plot, &layout),
        }
        let zero = layout.y(Decimal::ZERO).round() as i32;
        c.polyline("axis", vec![(layout.left as i32, zero), (layout.right as i32, zero)], MUTED, 1);
        for (value, _, class) in &direct.lines {
            let y = layout.y(*value);
            c.polyline(class, vec![at(layout.left, y), at(layout.right, y)], INK, 2);
        }
        layout.band.texts(c, &layout, &direct.leaders);
        direct.labels.iter().for_each(|label| label.draw(c));
    }))
}

/// The horizontal lines and the direct labels, placed before anything is drawn.
struct DirectLabels {
    /// The mean and each reference line: value, label and class.
    lines: Vec<(Decimal, String, &'static str)>,
    /// The highlighted values' labels, then the lines'.
    labels: Vec<Label>,
    /// The callouts' leaders, down to the marks and the highlighted values' labels; the lines' labels
    /// avoid them.
    leaders: Vec<Rect>,
    /// Whether a line's label found no free place near the line.
    unplaced: bool,
}

fn direct_labels(plot: &Plot, layout: &Layout, words: &Words) -> DirectLabels {
    let lines = reference_lines(plot, layout, words);
    let mut marks = super::marks::mark_rects(plot, layout);
    marks.extend(lines.iter().map(|(v, _, _)| {
        let y = layout.y(*v);
        Rect { x0: layout.left, y0: y - 1.5, x1: layout.right, y1: y + 1.5 }
    }));
    let mut labels = super::marks::highlights(plot, layout, words.lang, &marks);
    let mut taken = marks.clone();
    taken.extend(labels.iter().map(Label::rect));
    let leaders = layout.band.leaders(layout, &taken);
    marks.extend(leaders.iter().copied());
    let mut unplaced = false;
    for (value, text, _) in &lines {
        let label = reference_label(layout, *value, text, &labels, &marks).unwrap_or_else(|label| {
            unplaced = true;
            label
        });
        labels.push(label);
    }
    DirectLabels { lines, labels, leaders, unplaced }
}

/// The money text of a value on the chart: `$61.9M`, `61,9 Mio. US-Dollar`.
pub(super) fn short_money(plot: &Plot, value: Decimal, scale: Scale, dp: Option<u32>, lang: Lang) -> String {
    let d = plot.dataset;
    format::money(value, d.unit, &d.currency, scale, dp, Style::Short, lang)
}

/// The layout at `fit`, keeping `end_room` px right of the plot for the labels of lines at their end.
fn layout(plot: &Plot, words: &Words, fit: Fit, end_room: f64) -> Result<Layout> {
    let (min, max) = extent(plot)?;
    let ticks = scale::nice_ticks(min, max, fit.value_ticks).ok_or("the values are too large to chart")?;
    let axis = AxisLabels::new(plot, &ticks, words.lang, f64::from(fit.tick_width), f64::from(TEXT));
    let widest = axis.widest(f64::from(TEXT));
    let legend = legend_items(plot, words, fit.legend_chars);
    let rows = legend_rows(&legend, fit.size.width);
    let title = title_lines(&plot.title, fit.size.width);
    let header = header_height(&title, &rows);
    let left = (f64::from(MARGIN) + widest + 10.0).max(40.0).round();
    let right = f64::from(fit.size.width - 16) - end_room;
    let band = Band::new(plot, (left, right), fit.size.width);
    // 4 px below the legend, when there is a band.
    let band_top = f64::from(header + if axis.unit.is_some() { UNIT_ROW } else { 0 })
        + if band.height() > 0.0 { 4.0 } else { 0.0 };
    Ok(Layout {
        left,
        right,
        // Room above the plot for the label of a highlighted value at the top tick.
        top: (band_top + band.height()).round() + 26.0,
        bottom: f64::from(fit.size.height - 34),
        ticks,
        axis,
        fit,
        title,
        legend,
        band_top,
        band,
        end_room,
    })
}

/// The smallest and largest value the value axis must show: every value, stacked totals, the mean.
fn extent(plot: &Plot) -> Result<(Decimal, Decimal)> {
    let mut values: Vec<Decimal> = plot.points().map(|(_, _, p)| p.value).collect();
    if plot.kind == Kind::Stacked {
        for i in 0..plot.periods.len() {
            let total =
                plot.cells.iter().filter_map(|row| row[i]).try_fold(Decimal::ZERO, |a, p| a.checked_add(p.value));
            values.push(total.ok_or("the stacked values are too large to chart")?);
        }
    }
    values.extend(plot.mean);
    values.extend(plot.annotations.iter().filter_map(|a| match a.mark {
        Mark::Line(v) => Some(v),
        _ => None,
    }));
    let min = values.iter().copied().min().unwrap_or_default();
    let max = values.iter().copied().max().unwrap_or_default();
    Ok((min, max))
}

fn value_axis(c: &mut Canvas, layout: &Layout) {
    for (tick, label) in layout.ticks.values.iter().zip(&layout.axis.ticks) {
        let y = layout.y(*tick).round() as i32;
        if !tick.is_zero() {
            c.polyline("grid", vec![(layout.left as i32, y), (layout.right as i32, y)], GRID, 1);
        }
        c.text("muted", label, (layout.left as i32 - 8, y), TEXT, Anchor::End);
    }
    if let Some(unit) = &layout.axis.unit {
        let y = layout.band_top as i32 - UNIT_ROW / 2;
        c.text("muted", unit, (MARGIN, y), TEXT, Anchor::Start);
    }
}

fn period_axis(c: &mut Canvas, plot: &Plot, layout: &Layout, lang: Lang) {
    let fy = plot.dataset.fiscal_year_start;
    let labels: Vec<String> = plot.periods.iter().map(|p| format::period(*p, fy, Style::Short, lang)).collect();
    let widest = labels.iter().map(|l| scale::text_width(l, f64::from(TEXT))).fold(0.0, f64::max);
    let n = plot.periods.len();
    let right = f64::from(layout.fit.size.width - MARGIN);
    for i in scale::label_indices(n, layout.slot(n), widest, layout.fit.period_labels, plot.dataset.granularity) {
        let half = scale::text_width(&labels[i], f64::from(TEXT)) / 2.0;
        let x = layout.x(i, n).min(right - half).max(f64::from(MARGIN) + half);
        c.text("muted", &labels[i], at(x, layout.bottom + 20.0), TEXT, Anchor::Middle);
    }
}

/// The horizontal lines across the plot: the mean, then each reference line; with their value, label
/// and class.
fn reference_lines(plot: &Plot, layout: &Layout, words: &Words) -> Vec<(Decimal, String, &'static str)> {
    let money = |v: Decimal| layout.axis.value(plot, v, words.lang);
    let mut lines: Vec<(Decimal, String, &'static str)> =
        plot.mean.iter().map(|m| (*m, format!("{} {}", words.mean, money(*m)), "mean")).collect();
    for a in &plot.annotations {
        if let Mark::Line(v) = a.mark {
            lines.push((v, format!("{} {}", a.label, money(v)), "ref"));
        }
    }
    lines
}

/// The label of the line at `value`: at the line's right or left end, above or below it, else anywhere
/// along it, wherever it covers no mark and no label placed before. Failing that, `Err` with the label
/// at the line's end right of the plot when the layout keeps room there, else as near the line's right
/// end as is free above the marks.
fn reference_label(
    layout: &Layout,
    value: Decimal,
    text: &str,
    labels: &[Label],
    marks: &[Rect],
) -> std::result::Result<Label, Label> {
    let y = layout.y(value);
    let width = scale::text_width(text, f64::from(LABEL)) * BOLD;
    let (left, right) = (layout.left + width / 2.0 + 4.0, layout.right - width / 2.0 - 4.0);
    let along = (1..).map(|k| right - 8.0 * f64::from(k)).take_while(|x| *x > left);
    let xs: Vec<f64> = [right, left].into_iter().chain(along).collect();
    let room = Label::across(layout.fit.size.width);
    let candidates: Vec<Label> = xs
        .iter()
        .flat_map(|x| [(*x, y - 12.0), (*x, y + 14.0)])
        .map(|at| Label::new(text.to_owned(), at, room))
        .collect();
    let mut taken: Vec<Rect> = marks.to_vec();
    taken.extend(labels.iter().map(Label::rect));
    // Inside the plot's room: the highest label stands where a highlighted top value's would.
    let (top, bottom) = (layout.top - 24.0, layout.bottom);
    let free = |r: Rect| r.y0 >= top && r.y1 <= bottom && !taken.iter().any(|t| t.overlaps(&r));
    if let Some(label) = candidates.iter().find(|m| free(m.rect())) {
        return Ok(label.clone());
    }
    let (label, away) = if layout.end_room > 0.0 {
        (Label::new(text.to_owned(), (layout.right + 6.0 + width / 2.0, y), room), Away::Either)
    } else {
        (candidates[0].clone(), Away::Up)
    };
    Err(super::marks::place(label, &taken, top, bottom, away))
}

/// One legend entry: a series, or the marking of estimated/illustrative values.
struct LegendItem {
    text: String,
    /// The palette entry of the swatch.
    series: usize,
    caveat: bool,
    width: i32,
}

fn legend_items(plot: &Plot, words: &Words, chars: usize) -> Vec<LegendItem> {
    let mut items = Vec::new();
    if plot.series.len() > 1 {
        for (s, series) in plot.series.iter().enumerate() {
            items.push((words::truncate(&series.label, chars), s, false));
        }
    }
    let caveats = plot.caveats();
    if !caveats.is_empty() {
        // Every swatch is a mark the chart draws, in its series' colour: the hatched one is that of the
        // first series with an estimated or illustrative value.
        let series = plot.points().find(|(_, _, p)| p.status != Status::Reported).map_or(0, |(s, _, _)| s);
        // With a hatched swatch alone, a reader has to guess what the solid marks are; with several
        // series, their swatches are the solid marks.
        if plot.series.len() == 1 && plot.points().any(|(_, _, p)| p.status == Status::Reported) {
            items.push((words.status(Status::Reported).to_owned(), series, false));
        }
        let statuses: Vec<&str> = caveats.iter().map(|s| words.status(*s)).collect();
        items.push((statuses.join(words.or), series, true));
    }
    items
        .into_iter()
        .map(|(text, series, caveat)| {
            let width = 26 + scale::text_width(&text, f64::from(TEXT)).ceil() as i32 + 18;
            LegendItem { text, series, caveat, width }
        })
        .collect()
}

/// The row of each legend item when they flow left to right and wrap at the chart's `width`.
fn legend_rows(items: &[LegendItem], width: i32) -> Vec<i32> {
    let (mut x, mut row) = (MARGIN, 0);
    items
        .iter()
        .map(|item| {
            if x > MARGIN && x + item.width > width - MARGIN {
                x = MARGIN;
                row += 1;
            }
            x += item.width;
            row
        })
        .collect()
}

/// The title in one line, or two when it is too long for the chart's `width` (then cut with `…`).
fn title_lines(title: &str, width: i32) -> Vec<String> {
    words::wrap(title, f64::from(width - 2 * MARGIN) / TITLE_BOLD, f64::from(TITLE), 2)
}

/// Where the legend's rows start: below the title's lines.
fn legend_top(title: &[String]) -> i32 {
    MARGIN + TITLE_ROW * title.len().max(1) as i32
}

/// The height of the title and legend rows.
fn header_height(title: &[String], rows: &[i32]) -> i32 {
    legend_top(title) + rows.iter().max().map_or(0, |r| (r + 1) * LEGEND_ROW)
}

fn header(c: &mut Canvas, plot: &Plot, layout: &Layout) {
    for (i, line) in layout.title.iter().enumerate() {
        c.text("title", line, (MARGIN, MARGIN + 10 + TITLE_ROW * i as i32), TITLE, Anchor::Start);
    }
    let top = legend_top(&layout.title);
    let rows = legend_rows(&layout.legend, layout.fit.size.width);
    let (mut x, mut current) = (MARGIN, 0);
    for (item, row) in layout.legend.iter().zip(rows) {
        if row != current {
            (x, current) = (MARGIN, row);
        }
        let y = top + row * LEGEND_ROW + LEGEND_ROW / 2;
        super::marks::swatch(c, plot.kind, item.series, item.caveat, (x, y));
        c.text("legend", &item.text, (x + 26, y), TEXT, Anchor::Start);
        x += item.width;
    }
}

/// Whether a value is drawn as not reported.
pub(super) fn marked(status: Status) -> bool {
    status != Status::Reported
}
