//! Axis maths: "nice" value ticks (1, 2 or 5 × 10ⁿ) computed over exact decimals, how many period labels
//! fit side by side, and a font-free estimate of how wide a text is.

use rust_decimal::Decimal;

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

/// Which of `n` periods, each `slot` px wide, get a label on the period axis: all of them when at most
/// `max_labels` labels of the widest (`widest` px) fit side by side; otherwise a subset spread evenly from
/// the first period to the last, both included: every `k`th period when `k` divides the span and leaves
/// at least half the labels that would fit, else the periods nearest to equal steps (which differ by one
/// period at most).
pub(super) fn label_indices(n: usize, slot: f64, widest: f64, max_labels: usize) -> Vec<usize> {
    if n <= 1 {
        return vec![0; n];
    }
    let span = n - 1;
    // The fewest periods between two labels that keeps them apart.
    let apart = ((widest + 12.0) / slot).ceil().max(1.0) as usize;
    let most = max_labels.saturating_sub(1).min(span / apart);
    if most == 0 {
        return vec![0];
    }
    let intervals = (most.div_ceil(2)..=most).rev().find(|m| span % m == 0).unwrap_or(most);
    (0..=intervals).map(|k| (k * span + intervals / 2) / intervals).collect()
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
    fn period_labels_include_the_first_and_the_last() {
        // Every period when they fit.
        assert_eq!(label_indices(8, 62.0, 45.0, 8), (0..8).collect::<Vec<_>>());
        assert_eq!(label_indices(1, 62.0, 45.0, 8), [0]);
        // 24 months, 20 px each, labels 45 px: at least 3 periods apart; 23 = prime, so equal steps.
        assert_eq!(label_indices(24, 20.0, 45.0, 8), [0, 3, 7, 10, 13, 16, 20, 23]);
        // 11 months: every 5th (0, 5, 10) rather than steps of 3 and 4.
        assert_eq!(label_indices(11, 20.0, 45.0, 4), [0, 5, 10]);
        assert_eq!(label_indices(13, 20.0, 45.0, 8), [0, 3, 6, 9, 12]);
        // 12 quarters whose labels need two slots: 11 is prime.
        assert_eq!(label_indices(12, 40.0, 60.0, 8), [0, 2, 4, 7, 9, 11]);
        // Room for one label only.
        assert_eq!(label_indices(2, 20.0, 45.0, 8), [0]);
        for n in 2..80 {
            for max in [4, 8] {
                let got = label_indices(n, 300.0 / n as f64, 45.0, max);
                assert_eq!(got[0], 0);
                assert!(got.len() == 1 || got[got.len() - 1] == n - 1, "{n}: {got:?}");
                assert!(got.len() <= max);
                let apart = (57.0 / (300.0 / n as f64)).ceil() as usize;
                assert!(got.windows(2).all(|w| w[1] - w[0] >= apart), "{n}: {got:?}");
            }
        }
    }
}
