//! The figure functions a report can call (`sum`, `growth`, …), in one table.
//!
//! A function is one variant of [`Function`] and one arm of [`Function::spec`]: its name, which arguments
//! it reads (given by the kind of its computation), what it computes, and the words that describe it.
//! Every part is a required field, so a function without a computation or a description does not
//! compile; the tests check that docs/reports.md lists each one. Expressions (`expr`) register every
//! function of [`Function::ALL`] with the template engine and call it through its spec; `format::describe`
//! words a figure from the spec of the function that computed it.

use crate::period::Period;

use super::stats::{self, Selection};
use super::Figure;

/// Declares the enum and the list of all its variants from one list of names.
macro_rules! functions {
    ($($variant:ident),* $(,)?) => {
        /// A function that computes a [`Figure`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Function {
            $($variant),*
        }

        impl Function {
            /// Every function, in the order the docs list them.
            pub const ALL: &'static [Function] = &[$(Function::$variant),*];
        }
    };
}

functions!(Value, Sum, Mean, Median, Min, Max, First, Last, Count, Change, Yoy, Growth, Share, Runrate);

/// The result of a computation: a figure, or a message saying what in the data or the arguments is wrong.
pub type Computed = Result<Figure, String>;

/// What a function computes, and so which arguments it reads.
#[derive(Clone, Copy)]
pub enum Compute {
    /// `data`, `series`, and an optional range `from`, `to` (inclusive; default the whole series).
    Range(fn(&Selection) -> Computed),
    /// `data`, `series` and one period `at`.
    At(fn(&Selection, Period) -> Computed),
    /// `data`, `series` and two periods `from` and `to`, both required.
    Between(fn(&Selection, Period, Period) -> Computed),
    /// `part` and `whole` (each `dataset` or `dataset/series`) over the same periods: `at`, or `from`/`to`.
    Share(fn(&Selection, &Selection) -> Computed),
}

impl Compute {
    /// The keyword arguments the function accepts, in the order the docs give them.
    pub fn arguments(self) -> &'static [&'static str] {
        match self {
            Compute::Range(_) => &["data", "series", "from", "to"],
            Compute::At(_) => &["data", "series", "at"],
            Compute::Between(_) => &["data", "series", "from", "to"],
            Compute::Share(_) => &["part", "whole", "at", "from", "to"],
        }
    }
}

/// How a description names the periods a figure read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Every value of a range: `Jul 2023 – May 2024 (11 months)`.
    Values,
    /// Two values compared: `from Jul 2023 to May 2024`.
    Ends,
}

/// Everything spendsite knows about one function.
#[derive(Clone, Copy)]
pub struct Spec {
    /// As written in an expression: `sum`.
    pub name: &'static str,
    pub compute: Compute,
    /// What a description calls it, in English and German: `sum`, `Summe`. `{period}` stands for the
    /// dataset's period (`month`, `Monat`).
    pub noun: [&'static str; 2],
    pub span: Span,
    /// Whether its figure offers `.percent`, the change relative to its start.
    pub relative: bool,
}

impl Function {
    /// The function's entry in the table.
    pub fn spec(self) -> Spec {
        use Compute::{At, Between, Range, Share};
        use Span::{Ends, Values};
        let spec = |name, compute, noun, span, relative| Spec { name, compute, noun, span, relative };
        match self {
            Function::Value => spec("value", At(stats::value), ["value", "Wert"], Values, false),
            Function::Sum => spec("sum", Range(stats::sum), ["sum", "Summe"], Values, false),
            Function::Mean => spec("mean", Range(stats::mean), ["mean", "Mittelwert"], Values, false),
            Function::Median => spec("median", Range(stats::median), ["median", "Median"], Values, false),
            Function::Min => spec("min", Range(stats::min), ["minimum", "Minimum"], Values, false),
            Function::Max => spec("max", Range(stats::max), ["maximum", "Maximum"], Values, false),
            Function::First => spec("first", Range(stats::first), ["first value", "erster Wert"], Values, false),
            Function::Last => spec("last", Range(stats::last), ["last value", "letzter Wert"], Values, false),
            Function::Count => {
                spec("count", Range(stats::count), ["number of values", "Anzahl der Werte"], Values, false)
            }
            Function::Change => spec("change", Between(stats::change), ["change", "Veränderung"], Ends, true),
            Function::Yoy => {
                let noun = ["change against a year earlier", "Veränderung zum Vorjahr"];
                spec("yoy", At(stats::yoy), noun, Ends, true)
            }
            Function::Growth => {
                let noun = ["compound growth rate per {period}", "durchschnittliche Wachstumsrate pro {period}"];
                spec("growth", Range(stats::growth), noun, Ends, false)
            }
            Function::Share => spec("share", Share(stats::share), ["share", "Anteil"], Values, false),
            Function::Runrate => {
                spec("runrate", At(stats::runrate), ["annual run rate", "Jahreshochrechnung"], Values, false)
            }
        }
    }

    /// As written in an expression.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The function called `name`, if there is one.
    pub fn parse(name: &str) -> Option<Function> {
        Function::ALL.iter().copied().find(|f| f.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_has_a_unique_name_and_words_in_both_languages() {
        let mut names: Vec<&str> = Function::ALL.iter().map(|f| f.name()).collect();
        for f in Function::ALL {
            let spec = f.spec();
            assert_eq!(Function::parse(spec.name), Some(*f));
            assert!(spec.name.chars().all(|c| c.is_ascii_lowercase()), "{}", spec.name);
            assert!(spec.noun.iter().all(|n| !n.trim().is_empty()), "{} needs a description", spec.name);
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Function::ALL.len());
        assert_eq!(Function::parse("growht"), None);
    }
}
