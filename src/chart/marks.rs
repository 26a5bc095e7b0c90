//! The marks of each kind: bars (single, grouped, stacked), lines with markers, areas, legend swatches
//! and the direct labels of highlighted values.
//!
//! Values that are not reported are drawn differently in every kind, so that the difference does not
//! rest on colour: bars get a hatch pattern on a lighter fill and an outline; lines turn dashed where they
//! touch such a value and its marker is hollow. Series differ by colour and by marker shape.

use rust_decimal::Decimal;

use crate::dataset::Point;
use crate::lang::Lang;

use super::draw::{at, marked, Layout};
use super::draw::{BOLD, LABEL, MARGIN};
use super::scale;
use super::select::Plot;
use super::svg::{color, Anchor, Canvas};
use super::Kind;

/// The horizontal extent of series `s`'s bar at period `i`: side by side for `Bar`, one column for `Stacked`.
fn bar_span(plot: &Plot, layout: &Layout, s: usize) -> (f64, f64) {
    let n = plot.periods.len();
    let slot = layout.slot(n);
    let (k, s) = if plot.kind == Kind::Stacked { (1, 0) } else { (plot.series.len(), s) };
    let group = slot * if k == 1 { 0.64 } else { 0.8 };
    let width = group / k as f64;
    let gap = if k > 1 && width > 4.0 { 1.0 } else { 0.0 };
    let x0 = -group / 2.0 + s as f64 * width;
    (x0, x0 + width - gap)
}

/// The bottom and top value of series `s`'s bar at period `i`: from zero, or from the series below it.
fn bar_values(plot: &Plot, s: usize, i: usize, value: Decimal) -> (Decimal, Decimal) {
    if plot.kind != Kind::Stacked {
        return (Decimal::ZERO, value);
    }
    // Checked in `draw::extent`: the totals of a stacked chart do not overflow.
    let below = plot.cells[..s].iter().filter_map(|row| row[i]).fold(Decimal::ZERO, |a, p| a.saturating_add(p.value));
    (below, below.saturating_add(value))
}

pub(super) fn bars(c: &mut Canvas, plot: &Plot, layout: &Layout) {
    let n = plot.periods.len();
    for (s, i, point) in plot.points() {
        let (dx0, dx1) = bar_span(plot, layout, s);
        let x = layout.x(i, n);
        let (v0, v1) = bar_values(plot, s, i, point.value);
        let (a, b) = (at(x + dx0, layout.y(v0)), at((x + dx1).max(x + dx0 + 1.0), layout.y(v1)));
        let corners = [(a.0, a.1.min(b.1)), (b.0, a.1.max(b.1))];
        if corners[0].1 == corners[1].1 {
            continue;
        }
        let seg = if plot.kind == Kind::Stacked { " seg" } else { "" };
        if marked(point.status) {
            c.hatch(s, corners);
            c.rect(&format!("outline stroke{s}"), corners, color(s), false);
        } else {
            c.rect(&format!("bar f{s}{seg}"), corners, color(s), true);
        }
    }
}

pub(super) fn lines(c: &mut Canvas, plot: &Plot, layout: &Layout) {
    let n = plot.periods.len();
    let pos = |i: usize, p: &Point| at(layout.x(i, n), layout.y(p.value));
    for (s, row) in plot.cells.iter().enumerate() {
        if plot.kind == Kind::Area {
            area(c, s, row, layout, &pos);
        }
        for run in runs(row, &pos) {
            let class = format!("line stroke{s}{}", if run.dashed { " est" } else { "" });
            c.polyline(&class, run.points, color(s), 2);
        }
    }
    for (s, i, p) in plot.points() {
        marker(c, s, marked(p.status), pos(i, p));
    }
}

/// A piece of a series' line.
struct Run {
    dashed: bool,
    points: Vec<(i32, i32)>,
    /// The period index of its last point.
    end: usize,
}

/// The line pieces of one series: consecutive periods with values are joined; a piece touching a value
/// that is not reported is dashed.
fn runs(row: &[Option<&Point>], pos: &dyn Fn(usize, &Point) -> (i32, i32)) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for i in 1..row.len() {
        let (Some(a), Some(b)) = (row[i - 1], row[i]) else { continue };
        let dashed = marked(a.status) || marked(b.status);
        match runs.last_mut() {
            Some(run) if run.dashed == dashed && run.end == i - 1 => {
                run.points.push(pos(i, b));
                run.end = i;
            }
            _ => runs.push(Run { dashed, points: vec![pos(i - 1, a), pos(i, b)], end: i }),
        }
    }
    runs
}

/// The filled areas under one series, one per run of consecutive values.
fn area(c: &mut Canvas, s: usize, row: &[Option<&Point>], layout: &Layout, pos: &dyn Fn(usize, &Point) -> (i32, i32)) {
    let zero = layout.y(Decimal::ZERO).round() as i32;
    let mut i = 0;
    while i < row.len() {
        let start = i;
        let mut points = Vec::new();
        while let Some(Some(p)) = row.get(i) {
            points.push(pos(i, p));
            i += 1;
        }
        if points.len() > 1 {
            let (first, last) = (points[0].0, points[points.len() - 1].0);
            points.insert(0, (first, zero));
            points.push((last, zero));
            c.polygon(&format!("area f{s}"), points, color(s));
        }
        i = i.max(start + 1);
    }
}

/// Series `s`'s marker at `(x, y)`: circle, square, triangle, diamond, inverted triangle, hexagon;
/// hollow for a value that is not reported.
fn marker(c: &mut Canvas, s: usize, hollow: bool, (x, y): (i32, i32)) {
    let class = if hollow { format!("hollow stroke{s}") } else { format!("f{s}") };
    let shape = match s % 6 {
        1 => vec![(x - 4, y - 4), (x + 4, y - 4), (x + 4, y + 4), (x - 4, y + 4)],
        2 => vec![(x, y - 6), (x + 5, y + 4), (x - 5, y + 4)],
        3 => vec![(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)],
        4 => vec![(x, y + 6), (x + 5, y - 4), (x - 5, y - 4)],
        5 => vec![(x - 3, y - 5), (x + 3, y - 5), (x + 6, y), (x + 3, y + 5), (x - 3, y + 5), (x - 6, y)],
        _ => return c.circle(&class, (x, y), 4, color(s)),
    };
    c.polygon(&class, shape, color(s))
}

/// A legend swatch with its left edge at `x`, vertically centred on `y`, 20 px wide.
pub(super) fn swatch(c: &mut Canvas, kind: Kind, s: usize, caveat: bool, (x, y): (i32, i32)) {
    match kind {
        Kind::Bar | Kind::Stacked if caveat => {
            c.hatch(s, [(x, y - 7), (x + 20, y + 7)]);
            c.rect(&format!("outline stroke{s}"), [(x, y - 7), (x + 20, y + 7)], color(s), false)
        }
        Kind::Bar | Kind::Stacked => c.rect(&format!("bar f{s}"), [(x, y - 7), (x + 20, y + 7)], color(s), true),
        Kind::Line | Kind::Area => {
            let class = format!("line stroke{s}{}", if caveat { " est" } else { "" });
            c.polyline(&class, vec![(x - 2, y), (x + 22, y)], color(s), 2);
            marker(c, s, caveat, (x + 10, y))
        }
    }
}

/// A rectangle on the chart (`x0 < x1`, `y0 < y1`, in px): what a mark or a label covers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub(super) fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }
}

/// What the marks of the chart cover: each bar or stacked segment, and for lines each marker and the
/// path between them (as small boxes along each segment).
pub(super) fn mark_rects(plot: &Plot, layout: &Layout) -> Vec<Rect> {
    let n = plot.periods.len();
    let mut rects = Vec::new();
    match plot.kind {
        Kind::Bar | Kind::Stacked => {
            rects.extend(plot.points().map(|(s, i, point)| bar_rect(plot, layout, s, i, point.value)));
        }
        Kind::Line | Kind::Area => {
            for row in &plot.cells {
                let at = |i: usize, p: &Point| (layout.x(i, n), layout.y(p.value));
                let points: Vec<(f64, f64)> = row.iter().enumerate().filter_map(|(i, p)| p.map(|p| at(i, p))).collect();
                for &(x, y) in &points {
                    rects.push(Rect { x0: x - 5.0, y0: y - 5.0, x1: x + 5.0, y1: y + 5.0 });
                }
                for pair in points.windows(2) {
                    let ((xa, ya), (xb, yb)) = (pair[0], pair[1]);
                    let steps = ((xb - xa).hypot(yb - ya) / 4.0).ceil().max(1.0) as usize;
                    for k in 0..=steps {
                        let t = k as f64 / steps as f64;
                        let (x, y) = (xa + (xb - xa) * t, ya + (yb - ya) * t);
                        rects.push(Rect { x0: x - 1.5, y0: y - 1.5, x1: x + 1.5, y1: y + 1.5 });
                    }
                }
            }
        }
    }
    rects
}

/// Which way [`place`] moves a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Away {
    /// Up: above a bar's end.
    Up,
    /// Down: below a negative bar's end.
    Down,
    /// Up, then down: beside a line.
    Either,
}

/// Moves `label` (as `away` says) in 4 px steps until it covers no rect of `taken` and stays inside the
/// plot's room (`top` to `bottom`); unmoved when no place is free.
pub(super) fn place(label: Label, taken: &[Rect], top: f64, bottom: f64, away: Away) -> Label {
    let free = |l: &Label| {
        let r = l.rect();
        r.y0 >= top && r.y1 <= bottom && !taken.iter().any(|t| t.overlaps(&r))
    };
    let up = (0..).map(|k| -4.0 * f64::from(k)).take_while(|dy| label.y + dy - f64::from(LABEL) >= top - 4.0);
    let down = (1..).map(|k| 4.0 * f64::from(k)).take_while(|dy| label.y + dy + f64::from(LABEL) <= bottom + 4.0);
    let offsets: Vec<f64> = match away {
        Away::Up => up.collect(),
        Away::Down => std::iter::once(0.0).chain(down).collect(),
        Away::Either => up.chain(down).collect(),
    };
    offsets.into_iter().map(|dy| Label { y: label.y + dy, ..label.clone() }).find(free).unwrap_or(label)
}

/// A direct label: its text, centre and estimated width.
#[derive(Debug, Clone)]
pub(super) struct Label {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
}

impl Label {
    /// A bold label centred at `(x, y)`, moved left or right to stay between `lo` and `hi` (px).
    pub(super) fn new(text: String, (x, y): (f64, f64), (lo, hi): (f64, f64)) -> Label {
        let width = scale::text_width(&text, f64::from(LABEL)) * BOLD;
        let half = width / 2.0 + 2.0;
        // Not `clamp`, which panics when a label is wider than the room: such a label is cut on the right.
        let x = x.min(hi - half).max(lo + half);
        Label { text, x, y, width }
    }

    /// The room of a label that may go anywhere across a chart `chart_width` wide.
    pub(super) fn across(chart_width: i32) -> (f64, f64) {
        (f64::from(MARGIN), f64::from(chart_width - MARGIN))
    }

    /// What the label covers, with 2 px to spare around it: the text is centred on `y` (`dy="0.5ex"`),
    /// from its capitals' top to its descenders.
    pub(super) fn rect(&self) -> Rect {
        let size = f64::from(LABEL);
        Rect {
            x0: self.x - self.width / 2.0 - 2.0,
            y0: self.y - 0.55 * size,
            x1: self.x + self.width / 2.0 + 2.0,
            y1: self.y + 0.5 * size,
        }
    }

    pub(super) fn draw(&self, c: &mut Canvas) {
        c.text("label", &self.text, at(self.x, self.y), LABEL, Anchor::Middle)
    }
}

/// The direct labels of highlighted values: above a bar's end or a marker (below a negative bar), in a
/// stacked bar inside its segment unless it is the top one.
pub(super) fn highlights(plot: &Plot, layout: &Layout, lang: Lang, marks: &[Rect]) -> Vec<Label> {
    let n = plot.periods.len();
    let mut labels: Vec<Label> = Vec::new();
    for &(s, i) in &plot.highlights {
        let Some(point) = plot.cells[s][i] else { continue };
        let text = layout.axis.value(plot, point.value, lang);
        let own = matches!(plot.kind, Kind::Bar | Kind::Stacked).then(|| bar_rect(plot, layout, s, i, point.value));
        let (x, y) = match own {
            None => (layout.x(i, n), layout.y(point.value) - 16.0),
            Some(bar) => {
                let top_of_stack = plot.cells[s + 1..].iter().all(|row| row[i].is_none());
                let y = match (plot.kind, point.value.is_sign_negative()) {
                    (Kind::Stacked, _) if !top_of_stack => (bar.y0 + bar.y1) / 2.0,
                    (_, true) => bar.y1 + 14.0,
                    _ => bar.y0 - 12.0,
                };
                ((bar.x0 + bar.x1) / 2.0, y)
            }
        };
        // Inside the plot, clear of the value axis's labels on its left.
        let label = Label::new(text, (x, y), (layout.left, layout.right));
        // Not over another bar or segment (a label wider than its bar reaches over its neighbours), nor
        // over the line, nor over a label placed before it; inside its own stacked segment is its place.
        let mut taken: Vec<Rect> = marks.iter().copied().filter(|r| Some(*r) != own).collect();
        taken.extend(labels.iter().map(Label::rect));
        let away = match plot.kind {
            Kind::Line | Kind::Area => Away::Either,
            _ if point.value.is_sign_negative() => Away::Down,
            _ => Away::Up,
        };
        labels.push(place(label, &taken, layout.top - 24.0, layout.bottom + 30.0, away));
    }
    labels
}

/// The rect of series `s`'s bar or segment of `value` at period `i`.
fn bar_rect(plot: &Plot, layout: &Layout, s: usize, i: usize, value: Decimal) -> Rect {
    let (dx0, dx1) = bar_span(plot, layout, s);
    let (v0, v1) = bar_values(plot, s, i, value);
    let (ya, yb) = (layout.y(v0), layout.y(v1));
    let x = layout.x(i, plot.periods.len());
    Rect { x0: x + dx0, y0: ya.min(yb), x1: x + dx1, y1: ya.max(yb) }
}
