//! The chart of a card whose report has none: a sparkline of the series its headline reads, with the
//! periods the headline figure covers marked, in the drawing style of the charts (a value that was not
//! reported has a hollow marker, and the line to it is dashed).

use std::fmt::Write;

use rust_decimal::prelude::ToPrimitive;

use crate::chart::{BACKGROUND, INK, MUTED, PALETTE};
use crate::dataset::{Dataset, Status};
use crate::figures::format::{self, Style};
use crate::lang::Lang;
use crate::markup::escape;
use crate::period::Period;

/// The drawing's size, that of a chart's wide drawing.
const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 330.0;
/// The plot's edges: room for the dataset's title above and the first and last period below.
const LEFT: f64 = 10.0;
const RIGHT: f64 = WIDTH - 10.0;
const TOP: f64 = 64.0;
const BOTTOM: f64 = 276.0;
const TEXT_SIZE: f64 = 22.0;

/// A sparkline: a standalone SVG, and what it shows in words.
pub(crate) struct Sparkline {
    pub svg: String,
    /// `Sparkline of TikTok's Azure OpenAI spend, monthly, January 2023 to June 2024.`
    pub desc: String,
}

/// A sparkline of `series` of `dataset`, the points at `marked` drawn large; `None` when the dataset
/// has no such series, or it has fewer than two values (a line of one point shows nothing).
pub(crate) fn sparkline(dataset: &Dataset, series: &str, marked: &[Period], lang: Lang) -> Option<Sparkline> {
    let series = dataset.series.iter().find(|s| s.key == series).filter(|s| s.points.len() > 1)?;
    let (first, last) = (series.points.first()?.period, series.points.last()?.period);
    let values: Vec<f64> = series.points.iter().map(|p| p.value.to_f64().unwrap_or(0.0)).collect();
    let low = values.iter().copied().fold(0.0, f64::min);
    let high = values.iter().copied().fold(0.0, f64::max);
    let span = if high > low { high - low } else { 1.0 };
    let periods = (last.ordinal() - first.ordinal()).max(1) as f64;
    let at = |period: Period, value: f64| {
        let x = LEFT + (RIGHT - LEFT) * (period.ordinal() - first.ordinal()) as f64 / periods;
        (x, BOTTOM - (BOTTOM - TOP) * (value - low) / span)
    };
    let points: Vec<((f64, f64), Status)> =
        series.points.iter().zip(&values).map(|(p, &v)| (at(p.period, v), p.status)).collect();
    let [full, soft, ..] = PALETTE[0];
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"sans-serif\" font-size=\"{TEXT_SIZE}\">\n<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{BACKGROUND}\"/>\n"
    );
    let _ = writeln!(
        svg,
        "<text x=\"{LEFT}\" y=\"30\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
        escape(&series.label)
    );
    let zero = at(first, 0.0).1;
    let mut area = format!("{LEFT:.1},{zero:.1}");
    for ((x, y), _) in &points {
        let _ = write!(area, " {x:.1},{y:.1}");
    }
    let _ = writeln!(
        svg,
        "<polygon points=\"{area} {:.1},{zero:.1}\" fill=\"{soft}\"/>\n<line x1=\"{LEFT}\" y1=\"{zero:.1}\" x2=\"{RIGHT}\" y2=\"{zero:.1}\" stroke=\"{MUTED}\" stroke-width=\"2\"/>",
        points.last().map_or(RIGHT, |((x, _), _)| *x)
    );
    for pair in points.windows(2) {
        let (((x1, y1), a), ((x2, y2), b)) = (pair[0], pair[1]);
        let dash = if a == Status::Reported && b == Status::Reported { "" } else { " stroke-dasharray=\"10 7\"" };
        let _ = writeln!(
            svg,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{full}\" stroke-width=\"5\" stroke-linecap=\"round\"{dash}/>"
        );
    }
    for (point, ((x, y), status)) in series.points.iter().zip(&points) {
        let radius = if marked.contains(&point.period) { 9 } else { 5 };
        let fill = if *status == Status::Reported { full } else { BACKGROUND };
        let _ = writeln!(
            svg,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{radius}\" fill=\"{fill}\" stroke=\"{full}\" stroke-width=\"3\"/>"
        );
    }
    let name = |p: Period| escape(&format::period(p, dataset.fiscal_year_start, Style::Short, lang));
    let _ = writeln!(svg, "<text x=\"{LEFT}\" y=\"316\" fill=\"{MUTED}\">{}</text>", name(first));
    let _ = writeln!(svg, "<text x=\"{RIGHT}\" y=\"316\" text-anchor=\"end\" fill=\"{MUTED}\">{}</text>", name(last));
    svg.push_str("</svg>\n");
    let long = |p: Period| format::period(p, dataset.fiscal_year_start, Style::Long, lang);
    let desc = match lang {
        Lang::En => format!("Sparkline of {}, {} to {}.", series.label, long(first), long(last)),
        Lang::De => format!("Verlaufslinie: {}, {} bis {}.", series.label, long(first), long(last)),
    };
    Some(Sparkline { svg, desc })
}
