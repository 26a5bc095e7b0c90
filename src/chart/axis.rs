//! The words of the value axis: money on every tick (`$20M`, `20 Mio. US-Dollar`), or, where those are
//! too wide for a narrow chart, bare numbers (`20`) with the unit written once above the axis
//! (`Mio. US-Dollar`), so that the plot keeps most of the width.

use rust_decimal::Decimal;

use crate::dataset::Unit;
use crate::figures::format::{self, Scale};
use crate::lang::Lang;

use super::draw::short_money;
use super::scale::{self, Ticks};
use super::select::Plot;

/// The label of each tick, and the unit when the labels are bare numbers.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct AxisLabels {
    pub ticks: Vec<String>,
    pub unit: Option<String>,
    /// With the unit written once: what one of the numbers is worth, in units of one.
    shown: Option<Decimal>,
}

impl AxisLabels {
    /// Money on each tick, unless the widest is more than `max_width` px at `size` px and the unit can be
    /// told apart from the numbers.
    pub(super) fn new(plot: &Plot, ticks: &Ticks, lang: Lang, max_width: f64, size: f64) -> AxisLabels {
        let (scale, shown, dp) = tick_scale(plot, ticks);
        let money: Vec<String> = ticks.values.iter().map(|t| tick_label(plot, *t, scale, dp, lang)).collect();
        let widest = money.iter().map(|l| scale::text_width(l, size)).fold(0.0, f64::max);
        if widest <= max_width {
            return AxisLabels { ticks: money, unit: None, shown: None };
        }
        let multiplier = plot.dataset.unit.multiplier();
        let number = |t: &Decimal| t.checked_mul(multiplier).map(|v| format::number(v / shown, dp, lang));
        let Some(numbers) = ticks.values.iter().map(number).collect::<Option<Vec<String>>>() else {
            return AxisLabels { ticks: money, unit: None, shown: None };
        };
        // The unit is what the money text of the tick farthest from zero says besides its number.
        let far = if ticks.hi().is_zero() { 0 } else { ticks.values.len() - 1 };
        let unit = money[far].replacen(&numbers[far], "", 1).trim().to_owned();
        if unit.is_empty() || unit == money[far] || unit.contains(char::is_numeric) {
            return AxisLabels { ticks: money, unit: None, shown: None };
        }
        AxisLabels { ticks: numbers, unit: Some(unit), shown: Some(shown) }
    }

    /// A value as the chart's direct labels write it: money (`61,9 Mio. US-Dollar`), or, when the unit is
    /// written once above the axis, a bare number in that unit (`61,9`), short enough to stand above its
    /// own bar.
    pub(super) fn value(&self, plot: &Plot, v: Decimal, lang: Lang) -> String {
        let bare = self.shown.and_then(|shown| v.checked_mul(plot.dataset.unit.multiplier()).map(|b| b / shown));
        match bare {
            Some(number) => format::number(number, None, lang),
            None => short_money(plot, v, Scale::Auto, None, lang),
        }
    }

    /// The width of the widest tick label at `size` px.
    pub(super) fn widest(&self, size: f64) -> f64 {
        self.ticks.iter().map(|l| scale::text_width(l, size)).fold(0.0, f64::max)
    }
}

/// The scale every tick is shown in (that of the largest), what one of it is worth, and the decimal
/// places the step needs (`None` when at most one).
fn tick_scale(plot: &Plot, ticks: &Ticks) -> (Scale, Decimal, Option<u32>) {
    let largest = ticks.lo().abs().max(ticks.hi().abs()).checked_mul(plot.dataset.unit.multiplier());
    let unit = largest.map_or(Unit::One, |v| Scale::Auto.resolve(v));
    let shown = unit.multiplier();
    let step = ticks.step.checked_mul(plot.dataset.unit.multiplier()).map(|s| (s / shown).normalize());
    let dp = step.map(|s| s.scale()).filter(|dp| *dp > 1);
    (Scale::from(unit), shown, dp)
}

/// A value-axis label in the ticks' common scale, `$0` for zero.
fn tick_label(plot: &Plot, tick: Decimal, scale: Scale, dp: Option<u32>, lang: Lang) -> String {
    if tick.is_zero() {
        return short_money(plot, tick, Scale::One, None, lang);
    }
    short_money(plot, tick, scale, dp, lang)
}
