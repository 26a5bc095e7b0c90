//! FOCUS cost exports (`format: focus`), as AWS, Azure, Google Cloud and Oracle Cloud write them: the
//! columns the FinOps Foundation's spec names (versions 1.0 to 1.3), so that a dataset needs no column
//! mapping. A charge falls in the period its `ChargePeriodStart` instant falls in, in UTC; a correction
//! (`ChargeClass: Correction`) keeps the charge period of what it corrects, as the spec says, so it is
//! summed like any other row. Every row must be in the dataset's currency (`BillingCurrency`). What kinds
//! of charge went into the sums (`ChargeCategory`) is counted for the dataset's page.

use std::collections::BTreeMap;

use super::options::{BILLING_CURRENCY, CHARGE_CATEGORY, CHARGE_CLASS};
use super::records::Record;
use super::Rows;
use crate::dataset::model::{Cost, FocusRows};
use crate::dataset::validate::{Checker, Problem};
use crate::diag::Diagnostic;
use crate::yaml::Step;

/// The columns of a FOCUS export that say what a charge is.
pub(super) struct FocusColumns {
    currency: usize,
    category: Option<usize>,
    class: Option<usize>,
}

impl FocusColumns {
    pub(super) fn find(rows: &mut Rows) -> Option<FocusColumns> {
        let Some(currency) = rows.columns.find(BILLING_CURRENCY) else {
            let table = rows.check.doc.nearest(&[Step::Key("table")]);
            let message = format!("{} has no column `{BILLING_CURRENCY}`", rows.file.path.display());
            let hint = format!(
                "every FOCUS export (1.0 to 1.3) says each charge's currency there; {}",
                rows.columns.hint(BILLING_CURRENCY)
            );
            rows.check.error(table, message, Some(hint));
            return None;
        };
        Some(FocusColumns {
            currency,
            category: rows.columns.find(CHARGE_CATEGORY),
            class: rows.columns.find(CHARGE_CLASS),
        })
    }

    /// The columns read.
    pub(super) fn read(&self) -> Vec<usize> {
        [Some(self.currency), self.category, self.class].into_iter().flatten().collect()
    }
}

/// What the rows of a FOCUS export were, counted as they are read.
pub(super) struct Tally {
    cost: Cost,
    /// The dataset's currency.
    currency: Option<String>,
    /// Rows in another currency: per currency, how many, and an error at the first (its words are
    /// made at the end, when the count is known).
    others: BTreeMap<String, (usize, Diagnostic)>,
    categories: BTreeMap<String, usize>,
    corrections: usize,
}

impl Tally {
    pub(super) fn new(cost: Cost, currency: Option<&str>) -> Tally {
        Tally {
            cost,
            currency: currency.map(str::to_owned),
            others: BTreeMap::new(),
            categories: BTreeMap::new(),
            corrections: 0,
        }
    }

    /// Whether the charge in `record` is in the dataset's currency (a row in another is counted); `None`
    /// when a cell of it is refused.
    pub(super) fn in_currency(&mut self, rows: &mut Rows, record: &Record, columns: &FocusColumns) -> Option<bool> {
        let currency = rows.cell(record, columns.currency)?;
        if self.currency.as_deref().is_some_and(|c| c != currency.text) {
            let first = || rows.file.in_record(record, columns.currency, Problem::new(String::new(), None));
            self.others.entry(currency.text.to_owned()).or_insert_with(|| (0, first())).0 += 1;
            return Some(false);
        }
        Some(true)
    }

    /// Counts the kind of the charge in `record`, which went into the dataset.
    pub(super) fn count(&mut self, record: &Record, columns: &FocusColumns) {
        let text = |c: Option<usize>| c.and_then(|c| record.text(c)).and_then(Result::ok).unwrap_or("");
        let category = text(columns.category);
        if !category.is_empty() {
            match self.categories.get_mut(category) {
                Some(n) => *n += 1,
                None => {
                    self.categories.insert(category.to_owned(), 1);
                }
            }
        }
        self.corrections += usize::from(text(columns.class) == "Correction");
    }

    /// What the rows were; an error for each other currency that rows were in.
    pub(super) fn finish(self, check: &mut Checker) -> Option<FocusRows> {
        let currency = self.currency.unwrap_or_default();
        let failed = !self.others.is_empty();
        for (other, (count, diag)) in self.others {
            let rows = if count == 1 { "1 row is".to_owned() } else { format!("{count} rows are") };
            let mut diag = diag.with_hint(format!(
                "keep the rows of one currency with `where:` under `table:` (`{BILLING_CURRENCY}: {currency}`), \
                 and make a dataset for each other"
            ));
            diag.message = format!("{rows} in {other}, but the dataset's currency is {currency}");
            check.push(diag);
        }
        if failed {
            return None;
        }
        Some(FocusRows {
            cost: self.cost,
            categories: self.categories.into_iter().collect(),
            corrections: self.corrections,
        })
    }
}
