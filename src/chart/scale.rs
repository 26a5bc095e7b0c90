//! Axis maths: "nice" value ticks (1, 2 or 5 × 10ⁿ) computed over exact decimals, how many period labels
//! fit side by side, and a font-free estimate of how wide a text is.

use rust_decimal::Decimal;

use crate::period::{Granularity, Period};

/// The ticks of the value axis: `lo` and `hi` are the first and last tick, and always include zero.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Ticks {
    pub values: Vec<Decimal>,
    pub step: Decimal,
}

impl Ticks {
    pub(super) fn lo(&self) -> Decimal {
        self.values[0]
    }

    pub(super) fn hi(&self) -> Decimal {
        self.values[self.values.len() - 1]
    }
}

/// About `target` intervals covering `min..=max` and zero; `None` only when the values are too large for
/// exact arithmetic.
pub(super) fn nice_ticks(min: Decimal, max: Decimal, target: u32) -> Option<Ticks> {
    let lo = min.min(Decimal::ZERO);
    let mut hi = max.max(Decimal::ZERO);
    if lo == hi {
        hi = Decimal::ONE;
    }
    let raw = hi.checked_sub(lo)?.checked_div(Decimal::from(target.max(1)))?;
    // A range of a few units in the 28th decimal place divides down to zero: use the smallest step.
    let step = nice_step(raw.max(Decimal::new(1, 28)))?;
    let first = lo.checked_div(step)?.floor().checked_mul(step)?;
    let last = hi.checked_div(step)?.ceil().checked_mul(step)?;
    let mut values = vec![first];
    let mut v = first;
    while v < last && values.len() <= 2 * target as usize + 2 {
        v = v.checked_add(step)?;
        values.push(v.normalize());
    }
    values[0] = values[0].normalize();
    Some(Ticks { values, step: step.normalize() })
}

/// The smallest of 1, 2, 5 and 10 × 10ⁿ that is at least `raw` (which is positive).
fn nice_step(raw: Decimal) -> Option<Decimal> {
    let ten = Decimal::TEN;
    let mut magnitude = Decimal::ONE;
    // Bounded: a `Decimal` has at most 28 digits either side of the point.
    for _ in 0..30 {
        if magnitude <= raw {
            break;
        }
        magnitude /= ten;
    }
    for _ in 0..30 {
        match magnitude.checked_mul(ten) {
            Some(next) if next <= raw => magnitude = next,
            _ => break,
        }
    }
    let step = [1, 2, 5, 10]
        .into_iter()
        .map(|f| magnitude.checked_mul(Decimal::from(f)))
        .find(|s| s.is_some_and(|s| s >= raw))??;
    (!step.is_zero()).then_some(step)
}

/// How many periods apart the labels of the period axis are, and which period gets the first one:
/// at most `max_labels`, each with room for the widest label, on calendar boundaries where possible
/// (every 3rd month starting in January, April, July or October; every 2nd quarter starting in the first
/// quarter of the year, or of the fiscal year when quarters start `shift` quarters after January).
pub(super) fn label_step(periods: &[Period], shift: i64, slot: f64, widest: f64, max_labels: usize) -> (usize, usize) {
    const MONTHS: [usize; 13] = [1, 2, 3, 4, 6, 12, 24, 36, 60, 120, 240, 600, 1200];
    const QUARTERS: [usize; 10] = [1, 2, 4, 8, 12, 20, 40, 80, 200, 400];
    let n = periods.len();
    let candidates: &[usize] = match periods[0].granularity() {
        Granularity::Month => &MONTHS,
        Granularity::Quarter => &QUARTERS,
    };
    let step = candidates
        .iter()
        .copied()
        .find(|step| n.div_ceil(*step) <= max_labels && *step as f64 * slot >= widest + 12.0)
        .unwrap_or(n.max(1));
    let cycle = match periods[0].granularity() {
        Granularity::Month => 12,
        Granularity::Quarter => 4,
    };
    let shift = if cycle == 4 { shift } else { 0 };
    let offset = if cycle % step == 0 {
        (0..step.min(n)).find(|i| (periods[*i].ordinal() - shift).rem_euclid(step as i64) == 0).unwrap_or(0)
    } else {
        0
    };
    (step, offset)
}

/// An estimate of the width of `text` at `size` px in a common sans-serif font: generous, so that texts
/// placed by it do not overlap in any usual font. Wide characters (CJK, emoji) count as one em.
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(ems).sum::<f64>() * size
}

/// The width of `c` in ems, as [`text_width`] counts it.
pub(super) fn ems(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | '\'' | '|' | '!' | ':' | ';' | ' ' => 0.3,
        'f' | 't' | 'r' | 'I' | '(' | ')' | '-' | '/' => 0.4,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.9,
        c if c.is_ascii_uppercase() => 0.7,
        c if c.is_ascii() => 0.58,
        c if (c as u32) >= 0x1100 => 1.05,
        _ => 0.62,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_below_the_smallest_decimal_step_still_has_ticks() {
        let tiny = Decimal::new(1, 28);
        let ticks = nice_ticks(Decimal::ZERO, tiny, 5).unwrap();
        assert_eq!((ticks.lo(), ticks.hi(), ticks.step), (Decimal::ZERO, tiny, tiny));
    }

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn ticks(min: &str, max: &str) -> Vec<String> {
        nice_ticks(d(min), d(max), 5).unwrap().values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn ticks_are_nice_and_include_zero() {
        assert_eq!(ticks("40.1", "61.9"), ["0", "20", "40", "60", "80"]);
        assert_eq!(ticks("-3", "12"), ["-5", "0", "5", "10", "15"]);
        assert_eq!(ticks("0", "0"), ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
        assert_eq!(ticks("0.01", "0.07"), ["0", "0.02", "0.04", "0.06", "0.08"]);
        assert_eq!(ticks("-50", "-10"), ["-50", "-40", "-30", "-20", "-10", "0"]);
    }

    #[test]
    fn crowded_monthly_labels_are_thinned_on_quarter_months() {
        let mut periods = vec![Period::Month { year: 2023, month: 1 }];
        for _ in 1..24 {
            periods.push(periods[periods.len() - 1].next());
        }
        assert_eq!(label_step(&periods, 0, 20.0, 45.0, 8), (3, 0));
        assert_eq!(label_step(&periods[1..], 0, 20.0, 45.0, 8), (3, 2));
        assert_eq!(label_step(&periods[..6], 0, 80.0, 50.0, 8), (1, 0));
    }

    #[test]
    fn quarter_labels_start_fiscal_years() {
        let mut periods = vec![Period::Quarter { year: 2023, quarter: 1 }];
        for _ in 1..12 {
            periods.push(periods[periods.len() - 1].next());
        }
        assert_eq!(label_step(&periods, 0, 15.0, 45.0, 8), (4, 0));
        // A fiscal year from July: its first quarter is the calendar's third.
        assert_eq!(label_step(&periods, 2, 15.0, 45.0, 8), (4, 2));
    }
}
