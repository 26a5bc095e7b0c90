//! The entries of the figures manifest (the format is `crate::manifest`'s): a report's shown figures,
//! as the expressions that showed them named them, and a dataset's values.

use crate::dataset::Dataset;
use crate::expr::{PrintTag, ShownFigure};
use crate::figures::{Figure as Computed, Quantity};
use crate::manifest::{source, DatasetValues, Figure, SeriesValues, Update, Value};

/// The manifest entries of a text's shown figures. `prints` are the text's `{{ … }}` tags; `line0` is
/// the line of the file the text starts on.
pub(super) fn figures(shown: &[ShownFigure], prints: &[PrintTag], line0: usize) -> Vec<Figure> {
    shown
        .iter()
        .map(|s| {
            let tag = s.tag.and_then(|t| prints.get(t));
            let expr = tag.map_or("", |t| t.expr.as_str());
            let (line, col) = tag.map_or((line0, 1), |t| (line0 + t.line - 1, t.col));
            figure(s.id.clone(), expr.to_owned(), line, col, s)
        })
        .collect()
}

/// One figure's entry.
pub(super) fn figure(id: String, expr: String, line: usize, col: usize, shown: &ShownFigure) -> Figure {
    let f: &Computed = &shown.figure;
    let (quantity, currency, unit) = match &f.quantity {
        Quantity::Money { currency, unit } => ("money", Some(currency.code().to_owned()), Some(unit.name().to_owned())),
        Quantity::Percent => ("percent", None, None),
        Quantity::Count => ("count", None, None),
    };
    Figure {
        id,
        expr,
        line,
        col,
        function: f.function.name().to_owned(),
        value: f.value.normalize().to_string(),
        quantity: quantity.to_owned(),
        currency,
        unit,
        text: shown.text.clone(),
        inputs: f.inputs.clone(),
        periods: f.periods.clone(),
        period: f.period,
        caveats: f.caveats.iter().map(|s| s.name().to_owned()).collect(),
    }
}

/// Every value of `dataset`.
pub(super) fn dataset_values(dataset: &Dataset) -> DatasetValues {
    DatasetValues {
        id: dataset.id.clone(),
        source: source(&dataset.path),
        title: dataset.title.clone(),
        currency: dataset.currency.code().to_owned(),
        unit: dataset.unit.name().to_owned(),
        revisions: dataset.revisions.iter().map(|r| Update::new(r.date, &r.note)).collect(),
        series: dataset
            .series
            .iter()
            .map(|s| SeriesValues {
                key: s.key.clone(),
                label: s.label.clone(),
                values: s
                    .points
                    .iter()
                    .map(|p| Value { period: p.period, value: p.raw.clone(), status: p.status.name().to_owned() })
                    .collect(),
            })
            .collect(),
    }
}
