//! Validation of a whole dataset file: from [`RawDataset`] to [`Dataset`], reporting every problem.
//!
//! Each check records a diagnostic and goes on, so that one run lists all the problems of a file. Positions
//! come from the YAML [`Document`]'s index, because serde_yaml knows nothing about problems it did not find
//! itself.

use std::path::Path;

use super::annotation::{self, Annotation, Mark};
use super::model::{Currency, Dataset, Revision, Series, Source, Unit};
use super::raw::{Entries, RawDataset, RawRevision, RawSource, Text};
use super::table;
use super::{currency, series};
use crate::diag::{did_you_mean, Diagnostic, Diagnostics};
use crate::fs::Tables;
use crate::names::Name;
use crate::period::Granularity;
use crate::yaml::{Document, Pos, Step};

/// What is wrong with one value and how to fix it, before it is placed in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    pub(super) message: String,
    pub(super) hint: Option<String>,
}

impl Problem {
    pub(super) fn new(message: impl Into<String>, hint: impl Into<Option<String>>) -> Problem {
        Problem { message: message.into(), hint: hint.into() }
    }

    /// The problem as an error at `pos` of `source`, the file at `path`.
    pub(super) fn at(self, path: &Path, source: &str, pos: Pos) -> Diagnostic {
        self.hinted(Diagnostic::error(path, String::new()).placed(source, pos))
    }

    /// The problem as an error at `pos` of the file at `path`, whose text on that line is `line` (the
    /// code frame; a streamed table keeps only the lines of the record it reads). A `pos` on line 0 is
    /// about the whole file.
    pub(super) fn at_line(self, path: &Path, pos: Pos, line: Option<String>) -> Diagnostic {
        let mut diag = Diagnostic::error(path, String::new());
        if pos.line > 0 {
            diag = diag.at(pos.line, pos.col).spanning(pos.width);
            diag.source_line = line;
        }
        self.hinted(diag)
    }

    /// `diag` saying this problem.
    fn hinted(self, mut diag: Diagnostic) -> Diagnostic {
        diag.message = self.message;
        match self.hint {
            Some(hint) => diag.with_hint(hint),
            None => diag,
        }
    }
}

/// Collects the diagnostics of one file, placed with its [`Document`]'s index.
pub(super) struct Checker<'t> {
    pub(super) doc: Document<'t>,
    pub(super) diags: Diagnostics,
    /// Errors and warnings beyond [`MAX_DIAGNOSTICS`], counted only.
    dropped: (usize, usize),
}

/// At most this many diagnostics are kept per file.
const MAX_DIAGNOSTICS: usize = 100;

impl<'t> Checker<'t> {
    pub(super) fn new(doc: Document<'t>) -> Self {
        Checker { doc, diags: Diagnostics::new(), dropped: (0, 0) }
    }

    pub(super) fn path(&self) -> &'t Path {
        self.doc.path()
    }

    /// Records an error at `pos`.
    pub(super) fn error(&mut self, pos: Pos, message: impl Into<String>, hint: Option<String>) {
        self.report(pos, Problem::new(message, hint));
    }

    /// Records `problem` at `pos` of the dataset's file.
    pub(super) fn report(&mut self, pos: Pos, problem: Problem) {
        let diag = problem.at(self.doc.path(), self.doc.source(), pos);
        self.push(diag);
    }

    /// Records an error placed in any file (a dataset's table, say).
    pub(super) fn push(&mut self, diag: Diagnostic) {
        if !self.full(diag.is_error()) {
            self.diags.push(diag);
        }
    }

    /// Records a warning at `pos`.
    pub(super) fn warn(&mut self, pos: Pos, message: impl Into<String>) {
        if self.full(false) {
            return;
        }
        let diag = Diagnostic::warning(self.doc.path(), message).placed(self.doc.source(), pos);
        self.diags.push(diag);
    }

    /// Whether this file has as many diagnostics as are worth reading; the rest are counted, not kept.
    fn full(&mut self, error: bool) -> bool {
        let full = self.diags.iter().count() >= MAX_DIAGNOSTICS;
        if full {
            let (errors, warnings) = &mut self.dropped;
            *(if error { errors } else { warnings }) += 1;
        }
        full
    }

    /// The diagnostics, with a note on how many more there were (an error if any of them was one).
    pub(super) fn finish(mut self) -> Diagnostics {
        let (errors, warnings) = self.dropped;
        let message = format!("{} more problems in this file are not shown", errors + warnings);
        if errors > 0 {
            self.diags.push(Diagnostic::error(self.path(), message).with_hint("fix the ones above and run again"));
        } else if warnings > 0 {
            self.diags.push(Diagnostic::warning(self.path(), message));
        }
        self.diags
    }

    /// Where the value of the key at `path` is written, falling back to the nearest key found.
    pub(super) fn value_pos(&self, path: &[Step]) -> Pos {
        self.doc.value_or_nearest(path)
    }

    /// `value`, or an error saying that `field` is missing (at the parent `at`) or empty.
    pub(super) fn required(&mut self, value: Option<String>, field: &str, path: &[Step], at: Pos) -> Option<String> {
        match value {
            Some(text) if !text.trim().is_empty() => Some(text),
            Some(_) => {
                self.error(self.doc.nearest(path), format!("`{field}` is empty"), None);
                None
            }
            None if self.doc.find(path).is_some() => {
                self.error(self.doc.nearest(path), format!("`{field}` is empty"), None);
                None
            }
            None => {
                self.error(at, format!("missing field `{field}`"), Some(format!("add `{field}: …`")));
                None
            }
        }
    }
}

/// Validates `raw`, read from `doc` (whose file stem is the id); warnings come back with the dataset.
pub(super) fn dataset(
    doc: Document,
    raw: RawDataset,
    tables: &dyn Tables,
) -> Result<(Dataset, Diagnostics), Diagnostics> {
    let path = doc.path();
    let start = doc.start();
    let mut check = Checker::new(doc);
    let id = dataset_id(&mut check);
    let title = check.required(raw.title, "title", &[Step::Key("title")], start);
    let currency = currency_code(&mut check, raw.currency);
    let unit = unit(&mut check, raw.unit.as_deref());
    let fiscal_year_start = fiscal_year_start(&mut check, raw.fiscal_year_start.map(|t| t.0));
    let sources = sources(&mut check, raw.sources);
    let revisions = revisions(&mut check, raw.revisions);
    let annotations = annotations(&mut check, raw.annotations);
    let allow_negative = raw.allow_negative.unwrap_or(false);
    let all = match raw.table {
        Some(table) => {
            let code = currency.as_ref().map(|c| c.code());
            table::all(&mut check, table, raw.series, (allow_negative, code), tables)
        }
        .map(|t| (t.series, t.granularity, Some(t.table))),
        None => series::all(&mut check, raw.series, allow_negative).map(|(series, g)| (series, g, None)),
    };
    if let (Some(month), Some((_, Granularity::Quarter, _))) = (fiscal_year_start, &all) {
        if month % 3 != 1 {
            let pos = check.value_pos(&[Step::Key("fiscal_year_start")]);
            let message = format!(
                "a quarterly dataset's fiscal year starts with a calendar quarter, in month 1, 4, 7 or 10, not {month}"
            );
            let hint = "its values are calendar quarters (`2023-Q3`), which a fiscal year starting in another month \
                        cuts apart; give monthly values, or the month its first quarter starts";
            check.error(pos, message, Some(hint.into()));
        }
    }
    let annotations = match &all {
        Some((series, granularity, _)) => placed_annotations(&mut check, annotations, series, *granularity),
        None => Vec::new(),
    };
    let diags = check.finish();
    match (id, title, currency, unit, fiscal_year_start, all) {
        (
            Some(id),
            Some(title),
            Some(currency),
            Some(unit),
            Some(fiscal_year_start),
            Some((series, granularity, table)),
        ) if !diags.has_errors() => {
            let dataset = Dataset {
                id,
                path: path.to_owned(),
                title,
                description: raw.description.filter(|d| !d.trim().is_empty()),
                currency,
                unit,
                fiscal_year_start,
                sources,
                notes: raw.notes.filter(|n| !n.trim().is_empty()),
                revisions,
                annotations,
                allow_negative,
                series,
                granularity,
                table,
                fingerprint: 0,
            };
            Ok((dataset, diags))
        }
        _ => Err(diags),
    }
}

/// The file stem, if it is a valid dataset id.
fn dataset_id(check: &mut Checker) -> Option<String> {
    let stem = check.path().file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if Name::Dataset.is_valid(&stem) {
        return Some(stem);
    }
    let hint = format!("rename the file to `{}.yaml`: ids use {}", Name::Dataset.suggest(&stem), Name::Dataset.rule());
    let message = format!("invalid dataset id `{stem}`: the id is the file name");
    check.diags.push(Diagnostic::error(check.path(), message).with_hint(hint));
    None
}

fn currency_code(check: &mut Checker, raw: Option<String>) -> Option<Currency> {
    let path = [Step::Key("currency")];
    let start = check.doc.start();
    let code = check.required(raw, "currency", &path, start)?;
    if currency::is_known(&code) {
        return Some(Currency(code));
    }
    let hint = currency::hint(&code);
    check.error(check.value_pos(&path), format!("unknown currency code `{code}`"), Some(hint));
    None
}

/// The hint for a word that is not one of `names` (`what` says what they are, singular and plural):
/// the closest one, or all of them.
pub(super) fn choice_hint(word: &str, names: &[&str], (one, many): (&str, &str)) -> String {
    match did_you_mean(word, names.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? ({many}: {})", names.join(", ")),
        None => format!("the {one} is one of: {}", names.join(", ")),
    }
}

fn unit(check: &mut Checker, raw: Option<&str>) -> Option<Unit> {
    let Some(name) = raw else { return Some(Unit::One) };
    if let Some(unit) = Unit::parse(name) {
        return Some(unit);
    }
    let hint = choice_hint(name, &Unit::ALL.map(Unit::name), ("unit", "units"));
    check.error(check.value_pos(&[Step::Key("unit")]), format!("unknown unit `{name}`"), Some(hint));
    None
}

fn fiscal_year_start(check: &mut Checker, raw: Option<String>) -> Option<u32> {
    let Some(text) = raw else { return Some(1) };
    match text.trim().parse::<u32>() {
        Ok(month @ 1..=12) => Some(month),
        _ => {
            let other = text.trim();
            let pos = check.value_pos(&[Step::Key("fiscal_year_start")]);
            let message = format!("`fiscal_year_start` must be a month from 1 to 12, not {other}");
            check.error(pos, message, Some("e.g. 7 for a fiscal year that starts in July".into()));
            None
        }
    }
}

fn sources(check: &mut Checker, raw: Option<Vec<RawSource>>) -> Vec<Source> {
    let key = [Step::Key("sources")];
    let hint = || Some("name at least one source:\n      sources:\n        - title: Annual report 2024".into());
    let raw = match raw {
        Some(list) if !list.is_empty() => list,
        given => {
            match given.is_some() || check.doc.find(&key).is_some() {
                true => check.error(check.doc.nearest(&key), "`sources` is empty", hint()),
                false => check.error(check.doc.start(), "missing field `sources`", hint()),
            }
            return Vec::new();
        }
    };
    let mut sources = Vec::new();
    for (i, source) in raw.into_iter().enumerate() {
        let item = [Step::Key("sources"), Step::Item(i)];
        let at = check.doc.nearest(&item);
        let title = check.required(source.title, "title", &[item[0], item[1], Step::Key("title")], at);
        let published = source.published.and_then(|date| {
            let parsed = Source::parse_date(&date);
            if parsed.is_none() {
                let pos = check.value_pos(&[item[0], item[1], Step::Key("published")]);
                let message = format!("`published` must be a date written YYYY-MM-DD, not `{date}`");
                check.error(pos, message, Some("e.g. `published: 2025-05-20`".into()));
            }
            parsed
        });
        let url = source.url.filter(|u| !u.trim().is_empty());
        if let Some(url) = url.as_deref().filter(|u| !Source::is_web_address(u)) {
            let pos = check.value_pos(&[item[0], item[1], Step::Key("url")]);
            let hint = Some("a source's `url` is a web address starting with `https://` or `http://`".into());
            check.error(pos, format!("`{url}` is not a web address"), hint);
        }
        if let Some(title) = title {
            sources.push(Source { title, url, published });
        }
    }
    sources
}

/// `revisions:`, oldest first; each needs a date and a note.
fn revisions(check: &mut Checker, raw: Option<Vec<RawRevision>>) -> Vec<Revision> {
    let mut revisions = Vec::new();
    for (i, revision) in raw.unwrap_or_default().into_iter().enumerate() {
        let item = [Step::Key("revisions"), Step::Item(i)];
        let at = check.doc.nearest(&item);
        let note = check.required(revision.note, "note", &[item[0], item[1], Step::Key("note")], at);
        let date = check.required(revision.date, "date", &[item[0], item[1], Step::Key("date")], at);
        let parsed = date.as_deref().and_then(Source::parse_date);
        if let (Some(text), None) = (&date, parsed) {
            let pos = check.value_pos(&[item[0], item[1], Step::Key("date")]);
            let message = format!("a revision's `date` must be written YYYY-MM-DD, not `{text}`");
            check.error(pos, message, Some("e.g. `date: 2025-06-10`".into()));
        }
        if let (Some(date), Some(note)) = (parsed, note) {
            revisions.push(Revision { date, note });
        }
    }
    revisions.sort_by_key(|r| r.date);
    revisions
}

/// `annotations:`, each a map of one kind (`line`, `range`, `callout`) and a `label`; with the index of
/// its item, for placing errors about its periods.
fn annotations(check: &mut Checker, raw: Option<Vec<Entries<Text>>>) -> Vec<(usize, Annotation)> {
    let mut found = Vec::new();
    let shape = || {
        let kinds: Vec<String> = Mark::KINDS.iter().map(|k| format!("`{k}: …`")).collect();
        format!("an annotation is one of {} with a `label: …`", kinds.join(", "))
    };
    for (i, Entries(entries)) in raw.unwrap_or_default().into_iter().enumerate() {
        let item = [Step::Key("annotations"), Step::Item(i)];
        let at = check.doc.nearest(&item);
        let (mut mark, mut label, mut broken, mut unknown) = (None, None, false, false);
        for (n, (key, Text(value))) in entries.iter().enumerate() {
            let path = [item[0], item[1], Step::Nth(key, entries[..n].iter().filter(|(k, _)| k == key).count())];
            let pos = check.value_pos(&path);
            let repeated = entries[..n].iter().any(|(k, _)| k == key);
            let first_kind = entries[..n].iter().map(|(k, _)| k.as_str()).find(|k| Mark::KINDS.contains(k));
            if repeated || first_kind.is_some() && Mark::KINDS.contains(&key.as_str()) {
                let message = match first_kind.filter(|_| !repeated) {
                    Some(first) => {
                        format!("this annotation is a `{first}` and a `{key}`: an annotation marks one thing")
                    }
                    None => format!("`{key}` is given twice in this annotation"),
                };
                let hint = "write each as its own item, with its own `label`".to_owned();
                check.error(check.doc.nearest(&path), message, Some(hint));
                broken = true;
            } else if key == "label" {
                match annotation::check_label(value) {
                    Ok(text) => label = Some(text),
                    Err(e) => {
                        check.error(pos, e, None);
                        broken = true;
                    }
                }
            } else if Mark::KINDS.contains(&key.as_str()) {
                match Mark::parse(key, value) {
                    Ok(m) => mark = Some(m),
                    Err(problem) => {
                        check.report(pos, problem);
                        broken = true;
                    }
                }
            } else {
                let mut names = Mark::KINDS.to_vec();
                names.push("label");
                let hint = choice_hint(key, &names, ("field", "fields"));
                check.error(check.doc.nearest(&path), format!("unknown field `{key}` in an annotation"), Some(hint));
                (broken, unknown) = (true, true);
            }
        }
        let kind_given = entries.iter().any(|(k, _)| Mark::KINDS.contains(&k.as_str()));
        // An unknown field is the likelier mistake (`lien: 60`): said once, above.
        if !kind_given && !unknown {
            check.error(at, "this annotation says neither where nor what it marks", Some(shape()));
        } else if label.is_none() && !entries.iter().any(|(k, _)| k == "label") {
            check.error(at, "missing field `label`", Some("say what is marked: `label: budget`".into()));
        }
        if let (Some(mark), Some(label), false) = (mark, label, broken) {
            found.push((i, Annotation { mark, label }));
        }
    }
    found
}

/// The annotations whose periods are of the values' granularity and inside their range.
fn placed_annotations(
    check: &mut Checker,
    annotations: Vec<(usize, Annotation)>,
    series: &[Series],
    granularity: Granularity,
) -> Vec<Annotation> {
    let first = series.iter().filter_map(|s| s.points.first()).map(|p| p.period).min();
    let last = series.iter().filter_map(|s| s.points.last()).map(|p| p.period).max();
    let mut placed = Vec::new();
    for (i, a) in annotations {
        let kind = a.mark.kind();
        let pos = check.value_pos(&[Step::Key("annotations"), Step::Item(i), Step::Key(kind)]);
        if let Err(e) = a.mark.check_granularity(granularity) {
            check.error(pos, e, None);
            continue;
        }
        let (Some(first), Some(last)) = (first, last) else { continue };
        if let Some(p) = a.mark.periods().into_iter().find(|p| *p < first || *p > last) {
            let message = format!("the {kind} is at {p}, outside the values ({first} to {last})");
            check.error(pos, message, Some("an annotation marks periods the dataset has values for".into()));
            continue;
        }
        placed.push(a);
    }
    placed
}
