//! Validation of `series` and their `values`: keys, periods, one granularity per dataset, duplicate periods,
//! exact values, statuses, and gaps (a warning, not an error).

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::model::{Point, Series, Status};
use super::number::{parse_decimal, NotANumber};
use super::raw::{Entries, RawSeries, RawValue, Scalar};
use super::validate::{choice_hint, Checker, Problem};
use crate::names::Name;
use crate::period::{Granularity, Period};
use crate::yaml::{Pos, Step};

/// What the series of one dataset share while they are checked.
pub(super) struct Shared {
    pub(super) allow_negative: bool,
    /// The first valid period of the dataset and its line: it fixes the granularity.
    first: Option<(Period, usize)>,
    /// A period of the other granularity was reported already (once per dataset is enough).
    mixed: bool,
}

impl Shared {
    pub(super) fn new(allow_negative: bool) -> Shared {
        Shared { allow_negative, first: None, mixed: false }
    }

    /// The granularity the first period fixed.
    pub(super) fn granularity(&self) -> Option<Granularity> {
        self.first.map(|(p, _)| p.granularity())
    }

    /// Checks that `period` (written `key`, on `line`) has the dataset's granularity; the first period fixes
    /// it. A mismatch is a problem once per dataset, `Err(None)` after that.
    pub(super) fn same_granularity(&mut self, key: &str, period: Period, line: usize) -> Result<(), Option<Problem>> {
        let Some((first, first_line)) = self.first else {
            self.first = Some((period, line));
            return Ok(());
        };
        if first.granularity() == period.granularity() {
            return Ok(());
        }
        if std::mem::replace(&mut self.mixed, true) {
            return Err(None);
        }
        let (is, uses) = (period.granularity().name(), first.granularity().name());
        Err(Some(Problem::new(
            format!("`{key}` is a {is}, but this dataset uses {uses}s (`{first}` on line {first_line})"),
            Some("a dataset holds one granularity: put these values in a dataset of their own".to_owned()),
        )))
    }
}

/// Every series of a dataset in file order, and the dataset's granularity; `None` when there is none.
pub(super) fn all(
    check: &mut Checker,
    raw: Option<Entries<RawSeries>>,
    allow_negative: bool,
) -> Option<(Vec<Series>, Granularity)> {
    let key = [Step::Key("series")];
    let entries = match raw {
        Some(entries) if !entries.0.is_empty() => entries.0,
        given => {
            let hint = Some("add a series:\n      series:\n        spend:\n          label: Spend".into());
            match given.is_some() || check.doc.find(&key).is_some() {
                true => check.error(check.doc.nearest(&key), "the dataset has no series", hint),
                false => check.error(check.doc.start(), "missing field `series`", hint),
            }
            return None;
        }
    };
    let mut shared = Shared::new(allow_negative);
    let mut lines: HashMap<String, usize> = HashMap::new();
    let mut all = Vec::new();
    for (name, raw) in entries {
        let nth = usize::from(lines.contains_key(&name));
        let pos = check.doc.nearest(&[key[0], Step::Nth(&name, nth)]);
        let first_line = *lines.entry(name.clone()).or_insert(pos.line);
        if nth > 0 {
            let hint = Some(format!("first given on line {first_line}"));
            check.error(pos, format!("duplicate series `{name}`"), hint);
        } else if !Name::Series.is_valid(&name) {
            let hint = format!("series keys use {}, e.g. `{}`", Name::Series.rule(), Name::Series.suggest(&name));
            check.error(pos, format!("invalid series key `{name}`"), Some(hint));
        }
        if let Some(series) = one(check, &name, nth, raw, &mut shared) {
            all.push(series);
        }
    }
    shared.first.map(|(period, _)| (all, period.granularity()))
}

/// One series, the `nth` of that name.
fn one(check: &mut Checker, name: &str, nth: usize, raw: RawSeries, shared: &mut Shared) -> Option<Series> {
    let base = [Step::Key("series"), Step::Nth(name, nth)];
    let at = check.doc.nearest(&base);
    let label = check.required(raw.label, "label", &[base[0], base[1], Step::Key("label")], at);
    let status = match raw.status {
        None => Some(Status::Reported),
        Some(text) => status(check, &text, check.value_pos(&[base[0], base[1], Step::Key("status")])),
    };
    let points = points(check, &base, raw.values, status.unwrap_or(Status::Reported), shared);
    let series = Series { key: name.to_owned(), label: label?, status: status?, points };
    finish(check, series, at)
}

/// The series, unless its values are too large to add up exactly; with a warning for each gap, at `at`.
pub(super) fn finish(check: &mut Checker, series: Series, at: Pos) -> Option<Series> {
    let fits = series.points.iter().try_fold(Decimal::ZERO, |total, p| total.checked_add(p.value.abs())).is_some();
    if !fits {
        let hint =
            Some("write the values in a larger `unit` (e.g. `unit: billion`) so that they add up exactly".into());
        check.error(at, format!("the values of series `{}` are too large to add up exactly", series.key), hint);
        return None;
    }
    gaps(check, &series.key, at, &series.points);
    Some(series)
}

/// A status name, or an error at `pos`.
fn status(check: &mut Checker, text: &str, pos: Pos) -> Option<Status> {
    read_status(text).map_err(|p| check.report(pos, p)).ok()
}

/// A status written `text`.
pub(super) fn read_status(text: &str) -> Result<Status, Problem> {
    Status::parse(text).ok_or_else(|| {
        let hint = choice_hint(text, &Status::ALL.map(Status::name), ("status", "statuses"));
        Problem::new(format!("unknown status `{text}`"), Some(hint))
    })
}

/// The valid points of one series, sorted by period.
fn points(
    check: &mut Checker,
    base: &[Step; 2],
    raw: Option<Entries<RawValue>>,
    default: Status,
    shared: &mut Shared,
) -> Vec<Point> {
    let values = [base[0], base[1], Step::Key("values")];
    let entries = match raw {
        Some(entries) if !entries.0.is_empty() => entries.0,
        given => {
            let hint = Some("add values such as `2023-07: 12.5`".into());
            match given.is_some() || check.doc.find(&values).is_some() {
                true => check.error(check.doc.nearest(&values), "the series has no values", hint),
                false => check.error(check.doc.nearest(base), "missing field `values`", hint),
            }
            return Vec::new();
        }
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut lines: HashMap<Period, usize> = HashMap::new();
    let mut points = Vec::new();
    for (key, value) in entries {
        let count = counts.entry(key.clone()).or_default();
        let path = [base[0], base[1], values[2], Step::Nth(&key, *count)];
        *count += 1;
        let pos = check.doc.nearest(&path);
        let period = period(check, &key, pos, shared).filter(|p| unique(check, *p, pos, &mut lines));
        let written = written(check, &path, value, default, shared.allow_negative);
        if let (Some(period), Some(Written { value, raw, status, note })) = (period, written) {
            points.push(Point { period, value, raw, status, note, line: pos.line });
        }
    }
    points.sort_by_key(|p| p.period);
    points
}

/// The period written as `key`, if valid and of the dataset's granularity.
fn period(check: &mut Checker, key: &str, pos: Pos, shared: &mut Shared) -> Option<Period> {
    let period = read_period(key).map_err(|p| check.report(pos, p)).ok()?;
    match shared.same_granularity(key, period, pos.line) {
        Ok(()) => Some(period),
        Err(problem) => {
            if let Some(p) = problem {
                check.report(pos, p);
            }
            None
        }
    }
}

/// The period written as `key`: `2023-07` or `2024-Q2`.
pub(super) fn read_period(key: &str) -> Result<Period, Problem> {
    Period::parse(key).map_err(|message| Problem::new(message, period_hint(key)))
}

/// How to write a near-miss period: `2023-7` as `2023-07`, `23-07` as `2023-07`.
fn period_hint(key: &str) -> Option<String> {
    let (year, rest) = key.split_once('-')?;
    let month: u32 = rest.parse().ok()?;
    let year = match year.len() {
        2 => format!("20{year}"),
        _ => year.to_owned(),
    };
    Period::parse(&format!("{year}-{month:02}")).ok().map(|p| format!("write `{p}`"))
}

/// Records the first line of `period`; a second one is an error pointing back at the first.
fn unique(check: &mut Checker, period: Period, pos: Pos, lines: &mut HashMap<Period, usize>) -> bool {
    first_time(period, pos.line, lines).map_err(|p| check.report(pos, p)).is_ok()
}

/// Records the first `line` of `period`; a second one is a problem pointing back at the first.
pub(super) fn first_time(period: Period, line: usize, lines: &mut HashMap<Period, usize>) -> Result<(), Problem> {
    match lines.get(&period) {
        Some(first) => {
            Err(Problem::new(format!("duplicate period `{period}`"), format!("first given on line {first}")))
        }
        None => {
            lines.insert(period, line);
            Ok(())
        }
    }
}

/// What one entry of `values` says besides its period.
struct Written {
    value: Decimal,
    raw: String,
    status: Status,
    note: Option<String>,
}

/// The value, status and note of one entry, each checked.
fn written(
    check: &mut Checker,
    path: &[Step; 4],
    value: RawValue,
    default: Status,
    allow_negative: bool,
) -> Option<Written> {
    let (raw, value_at, status, note) = match value {
        RawValue::Bare(scalar) => {
            let Some(text) = bare_text(check, path, scalar) else {
                let hint = "write one `period: value` per line (block style), e.g. `2023-07: 50.5`".to_owned();
                let message = "cannot read the exact digits of a number inside a `{ … }` or `[ … ]` collection";
                check.error(check.doc.nearest(path), message, Some(hint));
                return None;
            };
            (Some(text), check.value_pos(path), Some(default), None)
        }
        RawValue::Detailed(detail) => {
            let inner = |word| check.doc.inner(path, word).unwrap_or_else(|| check.doc.nearest(path));
            let (status_at, value_at) = (inner("status"), inner("value"));
            let status = match detail.status {
                Some(text) => status(check, &text, status_at),
                None => Some(default),
            };
            (detail.value.map(|t| t.0), value_at, status, detail.note)
        }
    };
    let Some(raw) = raw else {
        let hint = Some("write the number as `value`, e.g. `{ value: 12.5, status: estimated }`".into());
        check.error(check.doc.nearest(path), "missing field `value`", hint);
        return None;
    };
    let value = number(check, &raw, value_at, allow_negative);
    let note = note.filter(|n| !n.trim().is_empty());
    Some(Written { value: value?, raw, status: status?, note })
}

/// The exact text of a bare value: serde_yaml's for strings, the source's for numbers. `None` when the
/// line scanner cannot find a number's text (flow style): its digits went through f64 and are lost.
fn bare_text(check: &Checker, path: &[Step; 4], scalar: Scalar) -> Option<String> {
    match scalar {
        Scalar::Text(text) => Some(text),
        Scalar::Null => Some(String::new()),
        Scalar::Number | Scalar::Bool(_) => check.doc.scalar_text(path),
    }
}

/// `text` as an exact decimal, or an error at `pos`.
fn number(check: &mut Checker, text: &str, pos: Pos, allow_negative: bool) -> Option<Decimal> {
    read_value(text, allow_negative).map_err(|p| check.report(pos, p)).ok()
}

/// `text` as an exact decimal, refused when it is negative and the dataset does not allow that.
pub(super) fn read_value(text: &str, allow_negative: bool) -> Result<Decimal, Problem> {
    let value = parse_decimal(text).map_err(NotANumber::of_value)?;
    if value.is_sign_negative() && !value.is_zero() && !allow_negative {
        let message = format!("negative value `{}`, but the dataset does not allow negative values", text.trim());
        let hint = "for refunds and credits, add `allow_negative: true` at the top of the file";
        return Err(Problem::new(message, Some(hint.to_owned())));
    }
    Ok(value)
}

/// A warning for each run of missing periods between the first and the last value of a series.
fn gaps(check: &mut Checker, name: &str, at: Pos, points: &[Point]) {
    for pair in points.windows(2) {
        let (from, to) = (pair[0].period.next(), pair[1].period);
        if from == to {
            continue;
        }
        let mut last = from;
        while last.next() != to {
            last = last.next();
        }
        let range = if last == from { format!("{from}") } else { format!("{from} to {last}") };
        check.warn(at, format!("series `{name}` has no value for {range}"));
    }
}
