//! The figures a report can quote, computed exactly over one series and an inclusive period range.
//!
//! Every function returns a [`Figure`] that remembers its inputs, or a message saying what was wrong
//! (a period outside the data, an empty range, a currency mismatch, …); nothing here panics on data.
//!
//! Exact or an error: a sum, difference or product is exact, or the figure is an error that says so
//! ([`add`], [`sub`], [`mul`]); `rust_decimal`'s own checked operations would round a result that needs
//! more than 28 significant digits without a word. A quotient (mean, median of two, share, a change in
//! percent) cannot always be exact: it is computed to 28 significant digits and rounded half away from
//! zero to [`QUOTIENT_DP`] places ([`quotient`]).

use std::collections::BTreeSet;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::dataset::{Dataset, Point, Series, Status};
use crate::period::Period;

use super::{Figure, Function, Quantity};

/// The values of one series between two periods (both inclusive), checked against the data.
#[derive(Debug, Clone, Copy)]
pub struct Selection<'a> {
    pub dataset: &'a Dataset,
    pub series: &'a Series,
    /// The points in the range, in period order; never empty.
    pub points: &'a [Point],
}

impl<'a> Selection<'a> {
    /// Selects `series` (or the dataset's only series) from `from` to `to`; a missing end means the
    /// series' own first or last period. An end outside the series' periods is an error, not a silent
    /// partial sum.
    pub fn new(
        dataset: &'a Dataset,
        series: Option<&str>,
        from: Option<Period>,
        to: Option<Period>,
    ) -> Result<Selection<'a>, String> {
        let series = dataset.series(series)?;
        let name = || format!("{}/{}", dataset.id, series.key);
        let (Some(first), Some(last)) = (series.points.first(), series.points.last()) else {
            return Err(format!("`{}` has no values", name()));
        };
        let covers = || format!("it covers {} to {}", first.period, last.period);
        for (arg, p) in [("from", from), ("to", to)] {
            let Some(p) = p else { continue };
            if p.granularity() != dataset.granularity {
                dataset.check_granularity(&format!("`{arg}=\"{p}\"`"), p)?;
            }
            if p < first.period || p > last.period {
                return Err(format!("`{arg}=\"{p}\"` is outside the data of `{}` ({})", name(), covers()));
            }
        }
        let (from, to) = (from.unwrap_or(first.period), to.unwrap_or(last.period));
        if from > to {
            return Err(format!("`from=\"{from}\"` is after `to=\"{to}\"`"));
        }
        let start = series.points.partition_point(|p| p.period < from);
        let end = series.points.partition_point(|p| p.period <= to);
        if start == end {
            return Err(format!("`{}` has no values from {from} to {to} ({})", name(), covers()));
        }
        Ok(Selection { dataset, series, points: &series.points[start..end] })
    }

    /// `dataset/series`, as figures name their inputs.
    pub fn name(&self) -> String {
        format!("{}/{}", self.dataset.id, self.series.key)
    }

    fn point(&self, at: Period) -> Result<&'a Point, String> {
        self.series.point(at).ok_or_else(|| {
            let (first, last) = (&self.series.points[0], &self.series.points[self.series.points.len() - 1]);
            format!("`{}` has no value for {at} (it covers {} to {})", self.name(), first.period, last.period)
        })
    }

    /// A money figure over `points`, with their periods and caveats.
    fn figure(&self, function: Function, value: Decimal, points: &[&Point], period: Option<Period>) -> Figure {
        Figure {
            value,
            quantity: Quantity::Money { currency: self.dataset.currency.clone(), unit: self.dataset.unit },
            function,
            inputs: vec![self.name()],
            periods: points.iter().map(|p| p.period).collect(),
            period,
            fiscal_year_start: self.dataset.fiscal_year_start,
            caveats: caveats(points.iter().copied()),
            percent: None,
        }
    }

    fn all(&self) -> Vec<&'a Point> {
        self.points.iter().collect()
    }
}

/// The statuses other than `reported` among `points`.
pub fn caveats<'p>(points: impl Iterator<Item = &'p Point>) -> BTreeSet<Status> {
    points.map(|p| p.status).filter(|s| *s != Status::Reported).collect()
}

/// Decimal places to which a quotient is rounded, half away from zero.
pub const QUOTIENT_DP: u32 = 20;

/// The places after the point that `x` needs: its scale without trailing zeros.
fn places(x: Decimal) -> u32 {
    x.normalize().scale()
}

/// `a + b`, exactly: `None` when the sum needs more than 28 significant digits. (An exact sum has no
/// digit that counts past the places its terms need; a result with fewer places was rounded.)
pub(crate) fn add(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_add(b).filter(|r| r.scale() >= places(a).max(places(b)))
}

/// `a - b`, exactly, as [`add`].
pub(crate) fn sub(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_sub(b).filter(|r| r.scale() >= places(a).max(places(b)))
}

/// `a × b`, exactly, as [`add`]: a product needs the places of both factors.
pub(crate) fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_mul(b).filter(|r| r.scale() >= places(a) + places(b))
}

/// `a / b` to 28 significant digits, rounded half away from zero to [`QUOTIENT_DP`] places, without
/// trailing zeros; `None` when `b` is zero or the quotient is too large.
pub(crate) fn quotient(a: Decimal, b: Decimal) -> Option<Decimal> {
    Some(a.checked_div(b)?.round_dp_with_strategy(QUOTIENT_DP, RoundingStrategy::MidpointAwayFromZero).normalize())
}

/// Why a figure cannot be exact.
fn inexact(what: &str) -> String {
    format!("the {what} needs more than 28 significant digits, so it cannot be computed exactly")
}

fn total(points: &[Point]) -> Result<Decimal, String> {
    points.iter().try_fold(Decimal::ZERO, |acc, p| add(acc, p.value)).ok_or_else(|| inexact("sum"))
}

/// The value at one period.
pub fn value(sel: &Selection, at: Period) -> Result<Figure, String> {
    let point = sel.point(at)?;
    Ok(sel.figure(Function::Value, point.value, &[point], Some(at)))
}

/// A period's value annualised: x12 for a month, x4 for a quarter.
pub fn runrate(sel: &Selection, at: Period) -> Result<Figure, String> {
    let point = sel.point(at)?;
    let per_year = Decimal::from(sel.dataset.granularity.per_year());
    let annual = mul(point.value, per_year).ok_or_else(|| inexact("run rate"))?;
    Ok(sel.figure(Function::Runrate, annual, &[point], Some(at)))
}

pub fn sum(sel: &Selection) -> Result<Figure, String> {
    Ok(sel.figure(Function::Sum, total(sel.points)?, &sel.all(), None))
}

pub fn mean(sel: &Selection) -> Result<Figure, String> {
    let mean = quotient(total(sel.points)?, Decimal::from(sel.points.len())).ok_or_else(|| inexact("mean"))?;
    Ok(sel.figure(Function::Mean, mean, &sel.all(), None))
}

/// The middle value, or the mean of the two middle values for an even count.
pub fn median(sel: &Selection) -> Result<Figure, String> {
    let mut values: Vec<Decimal> = sel.points.iter().map(|p| p.value).collect();
    values.sort();
    let mid = values.len() / 2;
    let median = if values.len() % 2 == 1 {
        values[mid]
    } else {
        let pair = add(values[mid - 1], values[mid]).ok_or_else(|| inexact("median"))?;
        quotient(pair, Decimal::TWO).ok_or_else(|| inexact("median"))?
    };
    Ok(sel.figure(Function::Median, median, &sel.all(), None))
}

/// The smallest value and where it occurs (the first period on a tie).
pub fn min(sel: &Selection) -> Result<Figure, String> {
    extreme(sel, Function::Min, |candidate, best| candidate < best)
}

/// The largest value and where it occurs (the first period on a tie).
pub fn max(sel: &Selection) -> Result<Figure, String> {
    extreme(sel, Function::Max, |candidate, best| candidate > best)
}

fn extreme(sel: &Selection, function: Function, better: fn(Decimal, Decimal) -> bool) -> Result<Figure, String> {
    let best =
        sel.points.iter().skip(1).fold(&sel.points[0], |best, p| if better(p.value, best.value) { p } else { best });
    // Caveats cover the whole range: a peak is only a peak if the unpublished values are lower.
    Ok(sel.figure(function, best.value, &sel.all(), Some(best.period)))
}

pub fn first(sel: &Selection) -> Result<Figure, String> {
    let p = &sel.points[0];
    Ok(sel.figure(Function::First, p.value, &[p], Some(p.period)))
}

pub fn last(sel: &Selection) -> Result<Figure, String> {
    let p = &sel.points[sel.points.len() - 1];
    Ok(sel.figure(Function::Last, p.value, &[p], Some(p.period)))
}

/// How many values the range holds (gaps are not counted).
pub fn count(sel: &Selection) -> Result<Figure, String> {
    let mut figure = sel.figure(Function::Count, Decimal::from(sel.points.len()), &sel.all(), None);
    figure.quantity = Quantity::Count;
    Ok(figure)
}

/// The absolute change from one period's value to another's, with the relative change in percent
/// when the start is not zero.
pub fn change(sel: &Selection, from: Period, to: Period) -> Result<Figure, String> {
    difference(sel, Function::Change, sel.point(from)?, sel.point(to)?)
}

/// The change from the same period a year earlier to `at` (12 months or 4 quarters before), with the
/// relative change in percent when the earlier value is not zero.
pub fn yoy(sel: &Selection, at: Period) -> Result<Figure, String> {
    let earlier = at.year_earlier();
    let a = sel.point(earlier).map_err(|e| format!("`yoy` compares {at} with {earlier}, a year earlier, but {e}"))?;
    difference(sel, Function::Yoy, a, sel.point(at)?)
}

/// `b` minus `a`, and the change relative to `a` in percent when `a` is not zero.
fn difference(sel: &Selection, function: Function, a: &Point, b: &Point) -> Result<Figure, String> {
    let delta = sub(b.value, a.value).ok_or_else(|| inexact("change"))?;
    let mut figure = sel.figure(function, delta, &[a, b], None);
    if !a.value.is_zero() {
        let relative = delta.checked_mul(Decimal::ONE_HUNDRED).and_then(|d| quotient(d, a.value));
        if let Some(relative) = relative {
            let mut percent = figure.clone();
            percent.value = relative;
            percent.quantity = Quantity::Percent;
            figure.percent = Some(Box::new(percent));
        }
    }
    Ok(figure)
}

/// Decimal places of a percentage to which [`growth`] is computed (rounded half away from zero).
pub const GROWTH_DP: u32 = 20;

/// The compound growth rate per period from the first to the last value of the range, in percent:
/// `((last / first) ^ (1 / n) - 1) × 100`, where `n` is the number of periods between them (gaps count).
/// A root is not exact, so it is found by bisection in decimal arithmetic (never through a float) and
/// rounded to [`GROWTH_DP`] places; a rate whose root is exact (121 over 100 in two periods: 10%) is exact.
pub fn growth(sel: &Selection) -> Result<Figure, String> {
    let (a, b) = (&sel.points[0], &sel.points[sel.points.len() - 1]);
    let periods = u32::try_from(b.period.ordinal() - a.period.ordinal()).unwrap_or(0);
    if periods == 0 {
        return Err(format!("`growth` needs two periods with values; `{}` has one in this range", sel.name()));
    }
    if !a.value.is_sign_positive() || a.value.is_zero() {
        return Err(format!("growth from {} is undefined: the first value ({}) must be above zero", a.period, a.raw));
    }
    if b.value.is_sign_negative() && !b.value.is_zero() {
        return Err(format!("growth to {} is undefined: the last value ({}) is negative", b.period, b.raw));
    }
    let ratio = b.value.checked_div(a.value).ok_or("the growth rate is too large to compute")?;
    let root = nth_root(ratio, periods).ok_or("the growth rate is too large to compute")?;
    let rate = (root - Decimal::ONE)
        .checked_mul(Decimal::ONE_HUNDRED)
        .ok_or("the growth rate is too large to compute")?
        .round_dp_with_strategy(GROWTH_DP, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    let mut figure = sel.figure(Function::Growth, rate, &[a, b], None);
    figure.quantity = Quantity::Percent;
    Ok(figure)
}

/// The `n`th root of `x` (not negative), to about 26 decimal places; exact when the root has at most 20.
fn nth_root(x: Decimal, n: u32) -> Option<Decimal> {
    if n == 1 || x.is_zero() || x == Decimal::ONE {
        return Some(x);
    }
    // The root lies between 1 and 1 + (x - 1) / n (Bernoulli's inequality) for x > 1, else in 0..1.
    let (mut lo, mut hi) = if x > Decimal::ONE {
        (Decimal::ONE, Decimal::ONE + (x - Decimal::ONE) / Decimal::from(n))
    } else {
        (Decimal::ZERO, Decimal::ONE)
    };
    // `None` from `power` means the power overflowed: far above `x`.
    let above = |y: Decimal| power(y, n).is_none_or(|p| p > x);
    let tolerance = Decimal::new(1, 26);
    for _ in 0..400 {
        if hi - lo <= tolerance {
            break;
        }
        let mid = (lo + hi) / Decimal::TWO;
        if above(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let estimate = (lo + hi) / Decimal::TWO;
    let snapped = estimate.round_dp(20);
    Some(if power(snapped, n) == Some(x) { snapped } else { estimate })
}

/// `y` to the power `n` by repeated squaring; `None` on overflow.
fn power(y: Decimal, mut n: u32) -> Option<Decimal> {
    let (mut result, mut base) = (Decimal::ONE, y);
    while n > 0 {
        if n & 1 == 1 {
            result = result.checked_mul(base)?;
        }
        n >>= 1;
        if n > 0 {
            base = base.checked_mul(base)?;
        }
    }
    Some(result)
}

/// `part` as a percentage of `whole` over the same periods; both must be in the same currency.
pub fn share(part: &Selection, whole: &Selection) -> Result<Figure, String> {
    let (pc, wc) = (part.dataset.currency.code(), whole.dataset.currency.code());
    if pc != wc {
        return Err(format!(
            "`{}` is in {pc} but `{}` is in {wc}; a share needs one currency",
            part.name(),
            whole.name()
        ));
    }
    let periods = |s: &Selection| s.points.iter().map(|p| p.period).collect::<Vec<_>>();
    if periods(part) != periods(whole) {
        return Err(format!(
            "`{}` and `{}` do not have values for the same periods in this range; choose a range both cover",
            part.name(),
            whole.name()
        ));
    }
    let in_units = |s: &Selection| -> Result<Decimal, String> {
        mul(total(s.points)?, s.dataset.unit.multiplier()).ok_or_else(|| inexact("share"))
    };
    let (p, w) = (in_units(part)?, in_units(whole)?);
    if w.is_zero() {
        return Err(format!("`{}` is zero over this range, so a share of it is undefined", whole.name()));
    }
    let value = p.checked_mul(Decimal::ONE_HUNDRED).and_then(|p| quotient(p, w)).ok_or_else(|| inexact("share"))?;
    let mut figure = part.figure(Function::Share, value, &part.all(), None);
    figure.quantity = Quantity::Percent;
    figure.inputs.push(whole.name());
    figure.caveats.extend(caveats(whole.points.iter()));
    Ok(figure)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::dataset::{Currency, Unit};
    use crate::figures::format::{self, Scale, Style};
    use crate::lang::Lang;
    use crate::period::Granularity;

    fn point(period: &str, raw: &str, status: Status) -> Point {
        Point {
            period: Period::parse(period).unwrap(),
            value: raw.parse().unwrap(),
            raw: raw.into(),
            status,
            note: None,
            line: 1,
        }
    }

    fn dataset(id: &str, currency: &str, values: &[(&str, &str)]) -> Dataset {
        let points: Vec<Point> = values
            .iter()
            .map(|(p, v)| point(p, v, if p.ends_with("-08") { Status::Illustrative } else { Status::Reported }))
            .collect();
        Dataset {
            id: id.into(),
            path: PathBuf::from(format!("data/{id}.yaml")),
            title: id.into(),
            description: None,
            currency: Currency(currency.into()),
            unit: Unit::Million,
            fiscal_year_start: 1,
            sources: Vec::new(),
            notes: None,
            revisions: Vec::new(),
            annotations: Vec::new(),
            allow_negative: true,
            granularity: points[0].period.granularity(),
            series: vec![Series { key: "spend".into(), label: "Spend".into(), status: Status::Reported, points }],
            table: None,
            fingerprint: 0,
        }
    }

    fn p(text: &str) -> Period {
        Period::parse(text).unwrap()
    }

    fn spend() -> Dataset {
        dataset("spend", "USD", &[("2023-07", "50"), ("2023-08", "61.9"), ("2023-09", "45"), ("2023-11", "61.9")])
    }

    /// The figure as a page shows it, with plain spaces (typography is `format`'s test).
    fn money(f: &Figure) -> String {
        format::figure(f, Lang::En).replace(format::NBSP, " ")
    }

    /// Exact or an error: what `rust_decimal` alone would round (to `10000000000000000000000000000`, or by
    /// half a unit) is an error; what fits is exact; quotients are rounded half away from zero.
    #[test]
    fn results_beyond_28_digits_are_errors_and_quotients_round_half_away_from_zero() {
        let big = "9999999999999999999999999999";
        let d = dataset("big", "USD", &[("2023-01", big), ("2023-02", "0.5"), ("2023-03", "-0.5")]);
        let all = Selection::new(&d, None, None, None).unwrap();
        let first_two = Selection::new(&d, None, Some(p("2023-01")), Some(p("2023-02"))).unwrap();
        let message =
            |what: &str| format!("the {what} needs more than 28 significant digits, so it cannot be computed exactly");
        assert_eq!(sum(&first_two).unwrap_err(), message("sum"));
        assert_eq!(mean(&first_two).unwrap_err(), message("sum"));
        assert_eq!(change(&all, p("2023-03"), p("2023-01")).unwrap_err(), message("change"));
        assert_eq!(median(&first_two).unwrap_err(), message("median"));
        // The whole range cancels out exactly: 9999999999999999999999999999 + 0.5 - 0.5 is first rounded.
        assert_eq!(sum(&all).unwrap_err(), message("sum"));
        let d = dataset("big", "USD", &[("2023-01", big), ("2023-02", "-9999999999999999999999999998")]);
        let sel = Selection::new(&d, None, None, None).unwrap();
        assert_eq!(sum(&sel).unwrap().value.to_string(), "1");
        assert_eq!(runrate(&sel, p("2023-01")).unwrap_err(), message("run rate"));
        assert_eq!(add("0.5".parse().unwrap(), "0.5".parse().unwrap()).unwrap().to_string(), "1.0");
        assert_eq!(mul("1.50".parse().unwrap(), "12".parse().unwrap()).unwrap().to_string(), "18.00");
        // Quotients: 20 places, half away from zero, trailing zeros dropped.
        let q = |a: &str, b: &str| quotient(a.parse().unwrap(), b.parse().unwrap()).unwrap().to_string();
        assert_eq!(q("2", "3"), "0.66666666666666666667");
        assert_eq!(q("-2", "3"), "-0.66666666666666666667");
        assert_eq!(q("1", "8"), "0.125");
        assert_eq!(q("5", "4"), "1.25");
        assert_eq!(q("1", "400000000000000000000000"), "0");
        assert_eq!(q("1", "200000000000000000000"), "0.00000000000000000001");
        assert_eq!(q("1", "250000000000000000000"), "0");
        let d = dataset("thirds", "USD", &[("2023-01", "1"), ("2023-02", "1"), ("2023-03", "2")]);
        let sel = Selection::new(&d, None, None, None).unwrap();
        assert_eq!(mean(&sel).unwrap().value.to_string(), "1.33333333333333333333");
    }

    #[test]
    fn tenths_sum_exactly() {
        let d = dataset("tiny", "USD", &[("2023-01", "0.1"), ("2023-02", "0.2"), ("2023-03", "61.9")]);
        let sel = Selection::new(&d, None, None, None).unwrap();
        let total = sum(&sel).unwrap();
        assert_eq!(total.value.to_string(), "62.2");
        assert_eq!(money(&total), "$62.2 million");
        assert_eq!(
            format::money(total.value, Unit::Million, &d.currency, Scale::One, None, Style::Long, Lang::En),
            "$62,200,000"
        );
    }

    #[test]
    fn range_figures_with_periods_and_caveats() {
        let d = spend();
        let sel = Selection::new(&d, Some("spend"), Some(p("2023-07")), Some(p("2023-09"))).unwrap();
        let total = sum(&sel).unwrap();
        assert_eq!(total.value.to_string(), "156.9");
        assert_eq!(total.periods, [p("2023-07"), p("2023-08"), p("2023-09")]);
        assert_eq!(total.inputs, ["spend/spend"]);
        assert_eq!(total.caveats.iter().copied().collect::<Vec<_>>(), [Status::Illustrative]);
        assert_eq!(mean(&sel).unwrap().value.to_string(), "52.3");
        assert_eq!(median(&sel).unwrap().value.to_string(), "50");
        assert_eq!(count(&sel).unwrap().value, Decimal::from(3));
        assert_eq!(count(&sel).unwrap().quantity, Quantity::Count);
        assert_eq!(first(&sel).unwrap().period, Some(p("2023-07")));
        assert_eq!(last(&sel).unwrap().value.to_string(), "45");
        assert_eq!(
            format::describe(&total, Lang::En),
            "sum of spend/spend, Jul 2023 – Sep 2023 (3 months); includes illustrative values"
        );
    }

    #[test]
    fn extremes_take_the_first_period_on_a_tie() {
        let d = spend();
        let sel = Selection::new(&d, None, None, None).unwrap();
        let top = max(&sel).unwrap();
        assert_eq!((top.value.to_string(), top.period), ("61.9".into(), Some(p("2023-08"))));
        let low = min(&sel).unwrap();
        assert_eq!((low.value.to_string(), low.period), ("45".into(), Some(p("2023-09"))));
        assert_eq!(
            format::describe(&low, Lang::De),
            "Minimum von spend/spend, Juli 2023 – Nov. 2023 (4 Monate), in Sept. 2023; enthält illustrative Werte"
        );
        assert_eq!(median(&sel).unwrap().value.to_string(), "55.95");
    }

    #[test]
    fn value_runrate_and_change() {
        let d = spend();
        let sel = Selection::new(&d, None, None, None).unwrap();
        assert_eq!(value(&sel, p("2023-09")).unwrap().value.to_string(), "45");
        assert_eq!(money(&runrate(&sel, p("2023-09")).unwrap()), "$540 million");
        let c = change(&sel, p("2023-07"), p("2023-09")).unwrap();
        assert_eq!(c.value.to_string(), "-5");
        assert_eq!(format::percent(c.percent.unwrap().value, None, Lang::En), "-10%");
        assert_eq!(
            value(&sel, p("2023-10")).unwrap_err(),
            "`spend/spend` has no value for 2023-10 (it covers 2023-07 to 2023-11)"
        );
    }

    #[test]
    fn year_on_year_compares_the_same_month_a_year_earlier() {
        let d = dataset("yoy", "USD", &[("2023-03", "40"), ("2023-04", "41"), ("2024-03", "50"), ("2024-04", "0")]);
        let sel = Selection::new(&d, None, None, None).unwrap();
        let y = yoy(&sel, p("2024-03")).unwrap();
        assert_eq!((y.value.to_string(), y.periods.clone()), ("10".into(), vec![p("2023-03"), p("2024-03")]));
        assert_eq!(y.percent.as_ref().unwrap().value.to_string(), "25");
        assert_eq!(money(&y), "$10 million");
        let down = yoy(&sel, p("2024-04")).unwrap();
        assert_eq!((down.value.to_string(), down.percent.unwrap().value.to_string()), ("-41".into(), "-100".into()));
        assert_eq!(
            yoy(&sel, p("2023-04")).unwrap_err(),
            "`yoy` compares 2023-04 with 2022-04, a year earlier, but `yoy/spend` has no value for 2022-04 \
             (it covers 2023-03 to 2024-04)"
        );
        let q = dataset("q", "USD", &[("2023-Q1", "8"), ("2024-Q1", "6")]);
        let sel = Selection::new(&q, None, None, None).unwrap();
        assert_eq!(yoy(&sel, p("2024-Q1")).unwrap().percent.unwrap().value.to_string(), "-25");
    }

    #[test]
    fn growth_is_a_compound_rate_per_period_to_ten_places() {
        let growth_of = |values: &[(&str, &str)]| {
            let d = dataset("g", "USD", values);
            growth(&Selection::new(&d, None, None, None).unwrap()).map(|f| f.value.to_string())
        };
        // Exact roots stay exact.
        assert_eq!(growth_of(&[("2023-01", "100"), ("2023-02", "110"), ("2023-03", "121")]).unwrap(), "10");
        assert_eq!(growth_of(&[("2023-01", "1"), ("2023-03", "0.25")]).unwrap(), "-50");
        // Others to 20 decimal places, half away from zero (references computed to 80 digits), so that a
        // page's rounding to a few places is not a second rounding of a rounded value.
        assert_eq!(growth_of(&[("2023-07", "50"), ("2023-11", "45")]).unwrap(), "-2.59962535747032355773");
        assert_eq!(growth_of(&[("2023-01", "40.1"), ("2023-11", "45")]).unwrap(), "1.15953261477962643491");
        assert_eq!(growth_of(&[("2023-01", "1"), ("2024-01", "2")]).unwrap(), "5.94630943592952645618");
        assert_eq!(growth_of(&[("2022-Q1", "20"), ("2023-Q2", "83.3")]).unwrap(), "33.0218554098967509975");
        assert_eq!(growth_of(&[("2023-01", "5"), ("2023-02", "0")]).unwrap(), "-100");
        assert_eq!(
            growth_of(&[("2023-01", "0"), ("2023-02", "3")]).unwrap_err(),
            "growth from 2023-01 is undefined: the first value (0) must be above zero"
        );
        assert_eq!(
            growth_of(&[("2023-01", "3")]).unwrap_err(),
            "`growth` needs two periods with values; `g/spend` has one in this range"
        );
        let d = dataset("g", "USD", &[("2023-01", "100"), ("2023-02", "110"), ("2023-03", "121")]);
        let g = growth(&Selection::new(&d, None, None, None).unwrap()).unwrap();
        assert_eq!((&g.quantity, &g.periods), (&Quantity::Percent, &vec![p("2023-01"), p("2023-03")]));
        assert_eq!(
            format::describe(&g, Lang::En),
            "compound growth rate per month of g/spend, from Jan 2023 to Mar 2023; all values reported"
        );
        assert_eq!(
            format::describe(&g, Lang::De),
            "durchschnittliche Wachstumsrate pro Monat von g/spend, Jan. 2023 bis März 2023; alle Werte berichtet"
        );
    }

    #[test]
    fn shares_need_one_currency_and_a_non_zero_whole() {
        let part = dataset("tiktok", "USD", &[("2024-03", "20")]);
        let whole = dataset("azure", "USD", &[("2024-03", "83.3")]);
        let at = Some(p("2024-03"));
        let s = share(&Selection::new(&part, None, at, at).unwrap(), &Selection::new(&whole, None, at, at).unwrap())
            .unwrap();
        assert_eq!(format::percent(s.value, Some(1), Lang::En), "24.0%");
        assert_eq!(s.inputs, ["tiktok/spend", "azure/spend"]);
        let euros = dataset("eur", "EUR", &[("2024-03", "1")]);
        let err = share(&Selection::new(&part, None, at, at).unwrap(), &Selection::new(&euros, None, at, at).unwrap());
        assert_eq!(err.unwrap_err(), "`tiktok/spend` is in USD but `eur/spend` is in EUR; a share needs one currency");
        let zero = dataset("zero", "USD", &[("2024-03", "0")]);
        let err = share(&Selection::new(&part, None, at, at).unwrap(), &Selection::new(&zero, None, at, at).unwrap());
        assert_eq!(err.unwrap_err(), "`zero/spend` is zero over this range, so a share of it is undefined");
    }

    #[test]
    fn bad_ranges_are_messages() {
        let d = spend();
        let err = |from: &str, to: &str| Selection::new(&d, None, Some(p(from)), Some(p(to))).unwrap_err();
        assert_eq!(
            err("2023-06", "2023-09"),
            "`from=\"2023-06\"` is outside the data of `spend/spend` (it covers 2023-07 to 2023-11)"
        );
        assert_eq!(err("2023-09", "2023-07"), "`from=\"2023-09\"` is after `to=\"2023-07\"`");
        assert_eq!(
            err("2023-10", "2023-10"),
            "`spend/spend` has no values from 2023-10 to 2023-10 (it covers 2023-07 to 2023-11)"
        );
        assert_eq!(err("2023-Q3", "2023-Q3"), "`from=\"2023-Q3\"` is a quarter, but `spend` has monthly values");
        assert!(Selection::new(&d, Some("nope"), None, None).unwrap_err().contains("has no series `nope`"));
        assert_eq!(d.granularity, Granularity::Month);
    }
}
