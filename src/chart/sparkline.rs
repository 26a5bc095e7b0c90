//! The chart of a share card whose report has none: a sparkline of the series its headline reads, with
//! the periods the headline figure covers marked, in the drawing style of the charts (a value that was
//! not reported has a hollow marker, and the line to it is dashed).

use rust_decimal::prelude::ToPrimitive;

use super::svg::{self, Anchor, Drawing, Head, Size, BACKGROUND, MUTED};
use crate::dataset::{Dataset, Status};
use crate::figures::format::{self, Style};
use crate::lang::Lang;
use crate::period::Period;

/// The drawing's size, that of a chart's wide drawing.
const SIZE: Size = Size::WIDE;
/// The plot's edges: room for the dataset's title above and the first and last period below.
const LEFT: f64 = 10.0;
const RIGHT: f64 = SIZE.width as f64 - 10.0;
const TOP: f64 = 64.0;
const BOTTOM: f64 = 276.0;
const TEXT_SIZE: u32 = 22;

/// A sparkline and what it shows in words.
pub(crate) struct Sparkline {
    pub drawing: Drawing,
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
        (x.round() as i32, (BOTTOM - (BOTTOM - TOP) * (value - low) / span).round() as i32)
    };
    let points: Vec<((i32, i32), Status)> =
        series.points.iter().zip(&values).map(|(p, &v)| (at(p.period, v), p.status)).collect();
    let name = |p: Period| format::period(p, dataset.fiscal_year_start, Style::Short, lang);
    let long = |p: Period| format::period(p, dataset.fiscal_year_start, Style::Long, lang);
    let desc = match lang {
        Lang::En => format!("Sparkline of {}, {} to {}.", series.label, long(first), long(last)),
        Lang::De => format!("Verlaufslinie: {}, {} bis {}.", series.label, long(first), long(last)),
    };
    let head = Head { title: &series.label, desc: &desc };
    let drawing = svg::render(&head, SIZE, |c| {
        let (width, height) = (SIZE.width, SIZE.height);
        c.rect("bg", [(0, 0), (width, height)], BACKGROUND, true);
        c.text("title", &series.label, (LEFT as i32, 24), TEXT_SIZE, Anchor::Start);
        let zero = at(first, 0.0).1;
        let mut area = vec![(LEFT as i32, zero)];
        area.extend(points.iter().map(|(p, _)| *p));
        area.push((points.last().map_or(RIGHT as i32, |(p, _)| p.0), zero));
        c.polygon("soft0", area, super::svg::PALETTE[0][1]);
        c.polyline("axis", vec![(LEFT as i32, zero), (RIGHT as i32, zero)], MUTED, 2);
        for pair in points.windows(2) {
            let ((a, sa), (b, sb)) = (pair[0], pair[1]);
            let class =
                if sa == Status::Reported && sb == Status::Reported { "line stroke0" } else { "line stroke0 est" };
            c.polyline(class, vec![a, b], super::svg::color(0), 5);
        }
        for (point, (at, status)) in series.points.iter().zip(&points) {
            let radius = if marked.contains(&point.period) { 9 } else { 5 };
            let class = if *status == Status::Reported { "f0" } else { "hollow stroke0" };
            c.circle(class, *at, radius, super::svg::color(0));
        }
        c.text("muted", &name(first), (LEFT as i32, 310), TEXT_SIZE, Anchor::Start);
        c.text("muted", &name(last), (RIGHT as i32, 310), TEXT_SIZE, Anchor::End);
    });
    Some(Sparkline { drawing, desc })
}
