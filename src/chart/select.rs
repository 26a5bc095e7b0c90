//! Checking a [`ChartSpec`] against a dataset and picking what is plotted: the periods, the series,
//! the highlighted values and the mean. Every mistake in a spec is reported here, before any drawing.

use rust_decimal::Decimal;

use crate::dataset::{Annotation, Dataset, Mark, Point, Series, Status};
use crate::figures::stats;
use crate::period::Period;

use super::{ChartSpec, Highlight, Kind};

/// The most series one chart tells apart (by colour, marker and legend).
pub(crate) const MAX_SERIES: usize = 6;

/// Everything the drawing and the words need, checked.
#[derive(Debug)]
pub(super) struct Plot<'a> {
    pub dataset: &'a Dataset,
    pub kind: Kind,
    pub title: String,
    /// Every period from the first to the last shown, consecutive.
    pub periods: Vec<Period>,
    pub series: Vec<&'a Series>,
    /// `cells[s][i]`: the value of series `s` at `periods[i]`, if it has one.
    pub cells: Vec<Vec<Option<&'a Point>>>,
    /// `(series, period index)` of every value that gets a direct label, in order, without repeats.
    pub highlights: Vec<(usize, usize)>,
    pub mean: Option<Decimal>,
    /// The dataset's annotations that fall on the chart (ranges cut to it), then the spec's.
    pub annotations: Vec<Annotation>,
}

impl Plot<'_> {
    /// Every plotted point with its series and period index.
    pub(super) fn points(&self) -> impl Iterator<Item = (usize, usize, &Point)> + '_ {
        self.cells
            .iter()
            .enumerate()
            .flat_map(|(s, row)| row.iter().enumerate().filter_map(move |(i, p)| p.map(|p| (s, i, p))))
    }

    /// The statuses other than `reported` among the plotted values, in order.
    pub(super) fn caveats(&self) -> Vec<Status> {
        stats::caveats(self.points().map(|(_, _, p)| p)).into_iter().collect()
    }
}

/// Checks `spec` against `dataset` and selects the plotted values.
pub(super) fn plot<'a>(dataset: &'a Dataset, spec: &ChartSpec) -> Result<Plot<'a>, String> {
    let series = pick_series(dataset, &spec.series)?;
    let kind = spec.kind.unwrap_or(if series.len() == 1 { Kind::Bar } else { Kind::Line });
    let (from, to) = range(dataset, &series, spec.from, spec.to)?;
    let periods = consecutive(from, to);
    let cells: Vec<Vec<Option<&Point>>> =
        series.iter().map(|s| periods.iter().map(|p| s.point(*p)).collect()).collect();
    if cells.iter().flatten().all(Option::is_none) {
        return Err(format!("`{}` has no values from {from} to {to}", dataset.id));
    }
    if kind == Kind::Stacked {
        check_stackable(&series, &cells)?;
    }
    let mut plot = Plot {
        dataset,
        kind,
        title: spec.title.clone().unwrap_or_else(|| dataset.title.clone()),
        periods,
        series,
        cells,
        highlights: Vec::new(),
        mean: None,
        annotations: Vec::new(),
    };
    plot.highlights = highlights(&plot, &spec.highlight)?;
    if spec.mean {
        plot.mean = Some(mean(&plot)?);
    }
    plot.annotations = annotations(&plot, &spec.annotations)?;
    Ok(plot)
}

fn pick_series<'a>(dataset: &'a Dataset, keys: &[String]) -> Result<Vec<&'a Series>, String> {
    let mut picked: Vec<&Series> = Vec::new();
    for key in keys {
        let series = dataset.series(Some(key))?;
        if picked.iter().any(|s| s.key == series.key) {
            return Err(format!("series `{key}` is listed twice"));
        }
        picked.push(series);
    }
    if picked.is_empty() {
        picked = dataset.series.iter().collect();
    }
    if picked.len() > MAX_SERIES {
        return Err(format!(
            "a chart shows at most {MAX_SERIES} series, but this one would have {}; name some with series=[…]",
            picked.len()
        ));
    }
    Ok(picked)
}

/// The inclusive range shown: the spec's ends, checked, or the ends of the selected series' data.
fn range(
    dataset: &Dataset,
    series: &[&Series],
    from: Option<Period>,
    to: Option<Period>,
) -> Result<(Period, Period), String> {
    let first = series.iter().filter_map(|s| s.points.first()).map(|p| p.period).min();
    let last = series.iter().filter_map(|s| s.points.last()).map(|p| p.period).max();
    let (Some(first), Some(last)) = (first, last) else {
        return Err(format!("`{}` has no values", dataset.id));
    };
    for (arg, p) in [("from", from), ("to", to)] {
        let Some(p) = p else { continue };
        dataset.check_granularity(&format!("`{arg}=\"{p}\"`"), p)?;
        if p < first || p > last {
            return Err(format!(
                "`{arg}=\"{p}\"` is outside the data of `{}` (it covers {first} to {last})",
                dataset.id
            ));
        }
    }
    let (from, to) = (from.unwrap_or(first), to.unwrap_or(last));
    if from > to {
        return Err(format!("`from=\"{from}\"` is after `to=\"{to}\"`"));
    }
    Ok((from, to))
}

fn consecutive(from: Period, to: Period) -> Vec<Period> {
    let mut periods = vec![from];
    let mut p = from;
    while p < to {
        p = p.next();
        periods.push(p);
    }
    periods
}

fn check_stackable(series: &[&Series], cells: &[Vec<Option<&Point>>]) -> Result<(), String> {
    for (s, row) in cells.iter().enumerate() {
        if let Some(p) = row.iter().flatten().find(|p| p.value.is_sign_negative() && !p.value.is_zero()) {
            return Err(format!(
                "a stacked chart cannot show the negative value {} of `{}` in {}; use kind=\"bar\" or kind=\"line\"",
                p.raw, series[s].key, p.period
            ));
        }
    }
    Ok(())
}

fn highlights(plot: &Plot, asked: &[Highlight]) -> Result<Vec<(usize, usize)>, String> {
    let mut found: Vec<(usize, usize)> = Vec::new();
    for highlight in asked {
        let at = match highlight {
            Highlight::Period(p) => Some(period_index(plot, *p)?),
            _ => None,
        };
        if let (Highlight::Period(p), Some(i)) = (highlight, at) {
            if plot.cells.iter().all(|row| row[i].is_none()) {
                return Err(format!("highlight `{p}`: the chart has no value for {p}"));
            }
        }
        for (s, row) in plot.cells.iter().enumerate() {
            let index = match (highlight, at) {
                (Highlight::Max, _) => extreme(row, |best, v| v > best),
                (Highlight::Min, _) => extreme(row, |best, v| v < best),
                (Highlight::Last, _) => row.iter().rposition(Option::is_some),
                (Highlight::Period(_), at) => at.filter(|i| row[*i].is_some()),
            };
            if let Some(i) = index.filter(|i| !found.contains(&(s, *i))) {
                found.push((s, i));
            }
        }
    }
    Ok(found)
}

/// The index of the first value that no later value `beats`.
pub(super) fn extreme(row: &[Option<&Point>], beats: impl Fn(Decimal, Decimal) -> bool) -> Option<usize> {
    let mut best: Option<(usize, Decimal)> = None;
    for (i, p) in row.iter().enumerate() {
        let Some(p) = p else { continue };
        if best.is_none_or(|(_, b)| beats(b, p.value)) {
            best = Some((i, p.value));
        }
    }
    best.map(|(i, _)| i)
}

/// Where `p` is on the period axis; an error when it is of the wrong granularity or outside the chart.
fn period_index(plot: &Plot, p: Period) -> Result<usize, String> {
    plot.dataset.check_granularity(&format!("highlight `{p}`"), p)?;
    let (first, last) = (plot.periods[0], plot.periods[plot.periods.len() - 1]);
    if p < first || p > last {
        return Err(format!("highlight `{p}` is outside the chart ({first} to {last})"));
    }
    Ok((p.ordinal() - first.ordinal()) as usize)
}

/// The dataset's annotations on the shown periods (a range cut to them), then `asked`, which must be.
fn annotations(plot: &Plot, asked: &[Annotation]) -> Result<Vec<Annotation>, String> {
    let (first, last) = (plot.periods[0], plot.periods[plot.periods.len() - 1]);
    let mut shown: Vec<Annotation> = plot
        .dataset
        .annotations
        .iter()
        .filter_map(|a| {
            let mark = match a.mark {
                Mark::Line(v) => Mark::Line(v),
                Mark::Range(from, to) if from <= last && to >= first => Mark::Range(from.max(first), to.min(last)),
                Mark::Callout(at) if first <= at && at <= last => Mark::Callout(at),
                Mark::Range(..) | Mark::Callout(_) => return None,
            };
            Some(Annotation { mark, label: a.label.clone() })
        })
        .collect();
    for a in asked {
        let name = format!("annotation `{a}`");
        a.mark.check_granularity(plot.dataset.granularity).map_err(|e| format!("{name}: {e}"))?;
        if let Some(p) = a.mark.periods().into_iter().find(|p| *p < first || *p > last) {
            return Err(format!("{name}: {p} is outside the chart ({first} to {last})"));
        }
        if !shown.contains(a) {
            shown.push(a.clone());
        }
    }
    Ok(shown)
}

fn mean(plot: &Plot) -> Result<Decimal, String> {
    if plot.series.len() != 1 {
        let keys: Vec<&str> = plot.series.iter().map(|s| s.key.as_str()).collect();
        return Err(format!(
            "`mean` needs a chart of one series, but this one has {} ({})",
            keys.len(),
            keys.join(", ")
        ));
    }
    // The same mean a report quotes with `mean(data=…, from=…, to=…)`.
    let (first, last) = (plot.periods[0], plot.periods[plot.periods.len() - 1]);
    let sel = stats::Selection::new(plot.dataset, Some(&plot.series[0].key), Some(first), Some(last))?;
    Ok(stats::mean(&sel)?.value)
}
