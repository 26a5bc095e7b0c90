//! Annotations: what a writer points out on a chart. A reference line at a value (`line 60: budget`), a
//! shaded range of periods (`range 2023-07 to 2023-09: contract signed`), a callout at one period
//! (`callout 2024-03: price cut`).
//!
//! A chart expression writes one as a string, `annotate=["line 60: budget"]`; a dataset file as a map,
//! `- line: 60` with `label: budget`, which every chart of the dataset shows. Both are read by
//! [`Mark::parse`], whose kinds are the variants of [`Mark`] and the names in [`Mark::KINDS`].

use rust_decimal::Decimal;

use super::number::parse_decimal;
use super::validate::Problem;
use crate::period::{Granularity, Period};

/// A note drawn on a chart, with its label.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Annotation {
    pub mark: Mark,
    /// What the writer calls it: `budget`, `contract signed`.
    pub label: String,
}

/// What an annotation marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    /// A horizontal line at a value, in the dataset's unit (as the values are written).
    Line(Decimal),
    /// The periods from the first to the second (inclusive), shaded.
    Range(Period, Period),
    /// A text pointing at one period.
    Callout(Period),
}

/// The most characters an annotation's label may have: it is drawn on a chart.
const MAX_LABEL: usize = 120;

impl Mark {
    /// The kinds, as written before the target: `line 60`, `range 2023-07 to 2023-09`, `callout 2024-03`.
    pub const KINDS: [&'static str; 3] = ["line", "range", "callout"];

    /// The kind's name, one of [`Mark::KINDS`].
    pub fn kind(&self) -> &'static str {
        match self {
            Mark::Line(_) => Mark::KINDS[0],
            Mark::Range(..) => Mark::KINDS[1],
            Mark::Callout(_) => Mark::KINDS[2],
        }
    }

    /// How the target of each kind is written, for hints.
    fn example(kind: &str) -> &'static str {
        match kind {
            "line" => "line 60 (a value in the dataset's unit)",
            "range" => "range 2023-07 to 2023-09",
            _ => "callout 2024-03",
        }
    }

    /// The mark of `kind` (one of [`Mark::KINDS`]) at `target`: a value for a line, `<period> to <period>`
    /// for a range, a period for a callout.
    pub(super) fn parse(kind: &str, target: &str) -> Result<Mark, Problem> {
        let target = target.trim();
        let period = |text: &str| Period::parse(text.trim()).map_err(|e| Problem::new(e, None));
        let mark = match kind {
            "line" => {
                let value = parse_decimal(target).map_err(|e| {
                    let hint = e.fix().unwrap_or_else(|| {
                        "write a plain number in the dataset's unit: `60` for 60 million in a dataset of unit million"
                            .into()
                    });
                    Problem::new(format!("a reference line's value {}", e.what()), Some(hint))
                })?;
                Mark::Line(value)
            }
            "range" => {
                let Some((from, to)) = target.split_once(" to ") else {
                    return Err(Problem::new(
                        format!("a range is written `<first period> to <last period>`, not `{target}`"),
                        Some(format!("e.g. `{}`", Mark::example(kind))),
                    ));
                };
                let (from, to) = (period(from)?, period(to)?);
                if from.granularity() != to.granularity() {
                    return Err(Problem::new(
                        format!(
                            "the range `{target}` mixes a {} and a {}",
                            from.granularity().name(),
                            to.granularity().name()
                        ),
                        None,
                    ));
                }
                if from > to {
                    return Err(Problem::new(format!("the range `{target}` ends before it starts"), None));
                }
                Mark::Range(from, to)
            }
            "callout" => Mark::Callout(period(target)?),
            other => {
                let hint = super::validate::choice_hint(other, &Mark::KINDS, ("kind", "kinds"));
                return Err(Problem::new(format!("unknown annotation `{other}`"), Some(hint)));
            }
        };
        Ok(mark)
    }

    /// The periods the mark refers to (none for a line).
    pub fn periods(&self) -> Vec<Period> {
        match *self {
            Mark::Line(_) => Vec::new(),
            Mark::Range(from, to) => vec![from, to],
            Mark::Callout(at) => vec![at],
        }
    }

    /// An error when a period of the mark is not of `granularity`.
    pub(crate) fn check_granularity(&self, granularity: Granularity) -> Result<(), String> {
        match self.periods().into_iter().find(|p| p.granularity() != granularity) {
            Some(p) => Err(format!(
                "the {} is at {p}, a {}, but the values are {}s",
                self.kind(),
                p.granularity().name(),
                granularity.name()
            )),
            None => Ok(()),
        }
    }
}

impl Annotation {
    /// An annotation as a chart expression writes it: `line 60: budget`, `range 2023-07 to 2023-09:
    /// contract signed`, `callout 2024-03: price cut`.
    pub fn parse(text: &str) -> Result<Annotation, String> {
        let shape = || {
            format!(
                "an annotation is written `<kind> <where>: <label>`, e.g. `line 60: budget`, `{}: contract signed` or `{}: price cut`",
                Mark::example("range"),
                Mark::example("callout")
            )
        };
        let Some((head, label)) = text.split_once(':') else { return Err(format!("annotation `{text}`: {}", shape())) };
        let (kind, target) = head.trim().split_once(' ').unwrap_or((head.trim(), ""));
        let mark = Mark::parse(kind, target).map_err(|p| match p.hint {
            Some(hint) => format!("annotation `{text}`: {} ({hint})", p.message),
            None => format!("annotation `{text}`: {}", p.message),
        })?;
        let label = check_label(label).map_err(|e| format!("annotation `{text}`: {e}"))?;
        Ok(Annotation { mark, label })
    }
}

impl std::fmt::Display for Annotation {
    /// As a chart expression writes it: `line 60: budget`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.mark {
            Mark::Line(v) => write!(f, "line {v}: {}", self.label),
            Mark::Range(from, to) => write!(f, "range {from} to {to}: {}", self.label),
            Mark::Callout(at) => write!(f, "callout {at}: {}", self.label),
        }
    }
}

/// The label trimmed, or why it cannot be drawn.
pub(super) fn check_label(label: &str) -> Result<String, String> {
    let label = label.trim();
    if label.is_empty() {
        return Err("the label is empty; say what is marked, e.g. `budget`".into());
    }
    let chars = label.chars().count();
    if chars > MAX_LABEL {
        return Err(format!("the label has {chars} characters; a chart has room for at most {MAX_LABEL}"));
    }
    Ok(label.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Period {
        Period::parse(text).unwrap()
    }

    #[test]
    fn each_kind_parses_from_an_expression() {
        let parsed = |t: &str| Annotation::parse(t).unwrap();
        assert_eq!(
            parsed("line 60: budget"),
            Annotation { mark: Mark::Line(Decimal::new(60, 0)), label: "budget".into() }
        );
        assert_eq!(parsed(" line 12.50 :  target: Q3 ").mark, Mark::Line(Decimal::new(1250, 2)));
        assert_eq!(parsed(" line 12.50 :  target: Q3 ").label, "target: Q3");
        assert_eq!(parsed("range 2023-07 to 2023-09: signed").mark, Mark::Range(p("2023-07"), p("2023-09")));
        assert_eq!(parsed("callout 2024-Q1: launch").mark, Mark::Callout(p("2024-Q1")));
        for text in ["line -1.50: floor", "range 2023-Q1 to 2023-Q2: a: b", "callout 2024-03: launch"] {
            assert_eq!(parsed(text).to_string(), text);
        }
        for kind in Mark::KINDS {
            let text = Mark::example(kind);
            assert_eq!(parsed(&format!("{}: x", text.split(" (").next().unwrap())).mark.kind(), kind);
        }
    }

    #[test]
    fn mistakes_say_what_is_wrong() {
        let err = |t: &str| Annotation::parse(t).unwrap_err();
        assert_eq!(err("lin 60: budget"), "annotation `lin 60: budget`: unknown annotation `lin` (did you mean `line`? (kinds: line, range, callout))");
        assert_eq!(err("line 1e3: x"), "annotation `line 1e3: x`: a reference line's value `1e3` is not a number (exponents are not accepted; write the number out: `1000`)");
        // A line's value has no period to leave out: the hint says how to write one instead.
        assert_eq!(err("line n/a: x"), "annotation `line n/a: x`: a reference line's value `n/a` is not a number (write a plain number in the dataset's unit: `60` for 60 million in a dataset of unit million)");
        assert_eq!(
            err("line 1,5: x"),
            "annotation `line 1,5: x`: a reference line's value `1,5` is not a number (use a decimal point: `1.5`)"
        );
        assert_eq!(
            err("range 2023-09 to 2023-07: x"),
            "annotation `range 2023-09 to 2023-07: x`: the range `2023-09 to 2023-07` ends before it starts"
        );
        assert_eq!(
            err("range 2023-07 to 2023-Q3: x"),
            "annotation `range 2023-07 to 2023-Q3: x`: the range `2023-07 to 2023-Q3` mixes a month and a quarter"
        );
        assert_eq!(err("range 2023-07: x"), "annotation `range 2023-07: x`: a range is written `<first period> to <last period>`, not `2023-07` (e.g. `range 2023-07 to 2023-09`)");
        assert_eq!(
            err("callout 2024-13: x"),
            "annotation `callout 2024-13: x`: invalid month `2024-13`: months are 01 to 12"
        );
        assert_eq!(
            err("callout 2024-03:  "),
            "annotation `callout 2024-03:  `: the label is empty; say what is marked, e.g. `budget`"
        );
        assert!(err("budget").starts_with("annotation `budget`: an annotation is written `<kind> <where>: <label>`"));
        let long = format!("callout 2024-03: {}", "x".repeat(121));
        assert!(err(&long).ends_with("the label has 121 characters; a chart has room for at most 120"));
    }

    #[test]
    fn granularity_is_checked() {
        let m = Mark::Range(p("2023-07"), p("2023-09"));
        assert_eq!(m.check_granularity(Granularity::Month), Ok(()));
        assert_eq!(
            m.check_granularity(Granularity::Quarter).unwrap_err(),
            "the range is at 2023-07, a month, but the values are quarters"
        );
        assert_eq!(Mark::Line(Decimal::ONE).check_granularity(Granularity::Quarter), Ok(()));
    }
}
