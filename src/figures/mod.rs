//! Figures: pure computations over datasets (no I/O), and formatting them for readers.
//!
//! `stats` computes a [`Figure`] from a dataset and a period range; `format` turns figures, periods and
//! plain numbers into text in `en` or `de`. Every figure remembers how it was computed, so a page can say
//! which function, dataset, series and periods it came from and whether any input was not reported.

pub mod format;
pub mod function;
pub mod stats;

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use crate::dataset::{Currency, Status, Unit};
use crate::period::Period;

pub use function::Function;

/// What a figure's value measures, which decides how it is formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Quantity {
    /// An amount of money, in `unit`s of `currency` (e.g. 580.4 million USD).
    Money { currency: Currency, unit: Unit },
    /// Percentage points: 24.1 means 24.1 %.
    Percent,
    /// A plain count, e.g. of periods.
    Count,
}

/// A computed number with everything needed to say how it was computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Exact.
    pub value: Decimal,
    pub quantity: Quantity,
    /// The function that computed it.
    pub function: Function,
    /// `dataset/series` of every input, in argument order (two for `share`).
    pub inputs: Vec<String>,
    /// Every period whose value went into the figure, in order.
    pub periods: Vec<Period>,
    /// The period a figure points at: where `min`/`max` occur, `value`'s and `runrate`'s `at`, `first`/`last`.
    pub period: Option<Period>,
    /// The fiscal year start (1-12) of the dataset, for labelling `period` and `periods`.
    pub fiscal_year_start: u32,
    /// Statuses of the input values other than `reported` (empty when every input was reported).
    pub caveats: BTreeSet<Status>,
    /// For the functions that offer `.percent` (`change`, `yoy`): the relative change in percent, when
    /// the start value is not zero.
    pub percent: Option<Box<Figure>>,
}
