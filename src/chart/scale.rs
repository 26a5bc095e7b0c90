//! Axis maths: "nice" value ticks (1, 2 or 5 × 10ⁿ) computed over exact decimals, how many period labels
//! fit side by side, and a font-free estimate of how wide a text is.

use rust_decimal::Decimal;

use crate::period::Granularity;

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

/// Which of `n` periods of `granularity`, each `slot` px wide, get a label on the period axis: all of them
/// when at most `max_labels` labels of the widest (`widest` px) fit side by side; otherwise every `k`th
/// period from the first, with `k` the smallest step of the calendar ([`steps`]: 2, 3, 6 or 12 months; 2
/// or 4 quarters; then whole multiples) that keeps the labels apart and within `max_labels`. The last
/// period is labelled too: after the last regular label, or instead of it when the two would touch.
pub(super) fn label_indices(
    n: usize,
    slot: f64,
    widest: f64,
    max_labels: usize,
    granularity: Granularity,
) -> Vec<usize> {
    if n <= 1 {
        return vec![0; n];
    }
    let span = n - 1;
    // The fewest periods between two labels that keeps them apart.
    let apart = ((widest + 12.0) / slot).ceil().max(1.0) as usize;
    if span < apart || max_labels < 2 {
        return vec![0];
    }
    let every = |k: usize| {
        let mut labels: Vec<usize> = (0..=span).step_by(k).collect();
        match labels.last() {
            Some(&last) if last == span => {}
            Some(&last) if span - last >= apart => labels.push(span),
            _ => *labels.last_mut().expect("0 is labelled") = span,
        }
        labels
    };
    let natural = steps(granularity);
    let largest = natural[natural.len() - 1];
    // Ends: a step beyond the span labels the first and the last period only.
    let k = natural
        .iter()
        .copied()
        .chain((2..).map(|m| m * largest))
        .find(|&k| k >= apart && every(k).len() <= max_labels)
        .expect("a step longer than the span labels two periods");
    every(k)
}

/// The steps between labelled periods that follow the calendar, shortest first.
fn steps(granularity: Granularity) -> &'static [usize] {
    match granularity {
        Granularity::Month => &[1, 2, 3, 6, 12],
        Granularity::Quarter => &[1, 2, 4],
    }
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
    fn period_labels_follow_the_calendar_and_include_the_first_and_the_last() {
        use Granularity::{Month, Quarter};
        // Every period when they fit.
        assert_eq!(label_indices(8, 62.0, 45.0, 8, Quarter), (0..8).collect::<Vec<_>>());
        assert_eq!(label_indices(1, 62.0, 45.0, 8, Month), [0]);
        // 24 months, 20 px each, labels 45 px: at least 3 periods apart, so every quarter; the last
        // (23) would touch 21, and stands instead of it.
        assert_eq!(label_indices(24, 20.0, 45.0, 8, Month), [0, 3, 6, 9, 12, 15, 18, 23]);
        // 11 months and room for 4 labels: every quarter, the last instead of the 10th month.
        assert_eq!(label_indices(11, 20.0, 45.0, 4, Month), [0, 3, 6, 10]);
        assert_eq!(label_indices(13, 20.0, 45.0, 8, Month), [0, 3, 6, 9, 12]);
        // 12 quarters whose labels need two slots: every other quarter, the last instead of the 11th.
        assert_eq!(label_indices(12, 40.0, 60.0, 8, Quarter), [0, 2, 4, 6, 8, 11]);
        // 8 quarters with room for 4 labels: every other one, the last instead of the 7th.
        assert_eq!(label_indices(8, 40.0, 60.0, 4, Quarter), [0, 2, 4, 7]);
        // 9 quarters with room for 3 labels: every year.
        assert_eq!(label_indices(9, 40.0, 60.0, 3, Quarter), [0, 4, 8]);
        // Room for one label only.
        assert_eq!(label_indices(2, 20.0, 45.0, 8, Month), [0]);
        for granularity in [Month, Quarter] {
            for n in 2..80 {
                for max in [4, 8] {
                    let got = label_indices(n, 300.0 / n as f64, 45.0, max, granularity);
                    assert_eq!(got[0], 0);
                    assert!(got.len() == 1 || got[got.len() - 1] == n - 1, "{n}: {got:?}");
                    assert!(got.len() <= max);
                    let apart = (57.0 / (300.0 / n as f64)).ceil() as usize;
                    assert!(got.windows(2).all(|w| w[1] - w[0] >= apart), "{n}: {got:?}");
                    // Regular but for the last step.
                    let k = got.get(1).copied().unwrap_or(1);
                    assert!(got[..got.len() - 1].iter().all(|i| i % k == 0), "{n}: {got:?}");
                }
            }
        }
    }
}
