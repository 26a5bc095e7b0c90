//! `spendsite diff`: what changed between two figures manifests — figures whose value or caveats
//! changed, figures added and removed, claims the data no longer gives, and dataset values revised.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::manifest::{Claim, DatasetValues, Figure, Manifest, Report, Value};
use crate::period::Period;

/// Everything that changed from an old manifest to a new one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub changed: Vec<Changed>,
    pub added: Vec<Placed>,
    pub removed: Vec<Placed>,
    pub claims: Vec<ClaimChange>,
    pub failing_claims: Vec<FailingClaim>,
    pub datasets: Vec<DatasetChange>,
}

/// A claim whose quoted text is not what it was (or that is new, or gone); a claim is known by its
/// expression and which occurrence of it in the report it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimChange {
    pub report: String,
    pub source: String,
    pub line: usize,
    pub col: usize,
    pub expr: String,
    /// `None` for a new claim.
    pub old: Option<Claim>,
    /// `None` for a claim taken out.
    pub new: Option<Claim>,
}

/// A figure in both, with another value or other caveats; placed where it stands in the new sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    pub report: String,
    pub source: String,
    pub line: usize,
    pub col: usize,
    pub id: String,
    pub expr: String,
    pub old: Figure,
    pub new: Figure,
}

/// A figure in only one of the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placed {
    pub report: String,
    pub source: String,
    pub figure: Figure,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailingClaim {
    pub report: String,
    pub source: String,
    pub line: usize,
    pub col: usize,
    pub says: String,
    pub computed: String,
    pub expr: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatasetChange {
    pub id: String,
    pub source: String,
    pub values: Vec<ValueChange>,
}

/// One period of one series: `None` on the side that does not have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueChange {
    pub series: String,
    pub period: Period,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }
}

/// Compares `old` with `new`.
pub fn compare(old: &Manifest, new: &Manifest) -> Changes {
    let mut changes = Changes::default();
    let old_reports: BTreeMap<&str, &Report> = old.reports.iter().map(|r| (r.slug.as_str(), r)).collect();
    let new_slugs: std::collections::BTreeSet<&str> = new.reports.iter().map(|r| r.slug.as_str()).collect();
    for report in &new.reports {
        let before: BTreeMap<&str, &Figure> =
            old_reports.get(report.slug.as_str()).map_or_else(BTreeMap::new, |r| by_id(r));
        let after = by_id(report);
        let placed = |figure: &Figure| Placed {
            report: report.slug.clone(),
            source: report.source.clone(),
            figure: figure.clone(),
        };
        for (id, figure) in &after {
            match before.get(id) {
                Some(was) if !same(was, figure) => changes.changed.push(Changed {
                    report: report.slug.clone(),
                    source: report.source.clone(),
                    line: figure.line,
                    col: figure.col,
                    id: figure.id.clone(),
                    expr: figure.expr.clone(),
                    old: (*was).clone(),
                    new: (*figure).clone(),
                }),
                Some(_) => {}
                None => changes.added.push(placed(figure)),
            }
        }
        changes.removed.extend(before.iter().filter(|(id, _)| !after.contains_key(*id)).map(|(_, f)| placed(f)));
        let old_claims = old_reports.get(report.slug.as_str()).map_or_else(BTreeMap::new, |r| claims_by_id(r));
        let new_claims = claims_by_id(report);
        let keys: std::collections::BTreeSet<&(String, usize)> = old_claims.keys().chain(new_claims.keys()).collect();
        for key in keys {
            let (was, is) = (old_claims.get(key), new_claims.get(key));
            // A claim whose data changed under it is in `failing_claims`; here, the claims a writer edited.
            if was.map(|c| &c.says) != is.map(|c| &c.says) {
                let at = is.or(was).map_or((0, 0), |c| (c.line, c.col));
                changes.claims.push(ClaimChange {
                    report: report.slug.clone(),
                    source: report.source.clone(),
                    line: at.0,
                    col: at.1,
                    expr: key.0.clone(),
                    old: was.map(|c| (*c).clone()),
                    new: is.map(|c| (*c).clone()),
                });
            }
        }
        changes.failing_claims.extend(
            report.claims.iter().filter(|c| !crate::figures::format::same_text(&c.computed, &c.says)).map(|c| {
                FailingClaim {
                    report: report.slug.clone(),
                    source: report.source.clone(),
                    line: c.line,
                    col: c.col,
                    says: c.says.clone(),
                    computed: c.computed.clone(),
                    expr: c.expr.clone(),
                }
            }),
        );
    }
    for report in old.reports.iter().filter(|r| !new_slugs.contains(r.slug.as_str())) {
        let placed =
            |f: &Figure| Placed { report: report.slug.clone(), source: report.source.clone(), figure: f.clone() };
        changes.removed.extend(figures_of(report).map(placed));
    }
    let sort = |v: &mut Vec<Placed>| {
        v.sort_by(|a, b| (&a.source, a.figure.line, a.figure.col).cmp(&(&b.source, b.figure.line, b.figure.col)))
    };
    sort(&mut changes.added);
    sort(&mut changes.removed);
    changes.changed.sort_by(|a, b| (&a.source, a.line, a.col).cmp(&(&b.source, b.line, b.col)));
    changes.claims.sort_by(|a, b| (&a.source, a.line, a.col).cmp(&(&b.source, b.line, b.col)));
    changes.datasets = datasets(old, new);
    changes
}

/// The figures of published (non-draft) reports that changed or went since a revision dated `since`
/// (`YYYY-MM-DD`) with no update dated on or after it, by report (as `changes` lists them).
pub fn unexplained<'c>(
    changes: &'c Changes,
    new: &Manifest,
    since: &str,
) -> Vec<(&'c str, Vec<String>, (usize, usize))> {
    let explained = |slug: &str| {
        // A report taken out has no front matter to explain it in.
        new.reports
            .iter()
            .find(|r| r.slug == slug)
            .is_none_or(|r| r.draft || r.updates.iter().any(|u| u.date.as_str() >= since))
    };
    let mut out: Vec<(&str, Vec<String>, (usize, usize))> = Vec::new();
    let mut note = |source: &'c str, slug: &str, at: (usize, usize), what: String| {
        if explained(slug) {
            return;
        }
        match out.iter_mut().find(|(s, ..)| *s == source) {
            Some((_, list, _)) => list.push(what),
            None => out.push((source, vec![what], at)),
        }
    };
    for c in &changes.changed {
        let what = format!("line {}: {}: {} → {}", c.line, c.expr, c.old.text, c.new.text);
        note(&c.source, &c.report, (c.line, c.col), what);
    }
    for p in &changes.removed {
        let what = format!("line {}: {}: {} removed", p.figure.line, p.figure.expr, p.figure.text);
        note(&p.source, &p.report, (p.figure.line, p.figure.col), what);
    }
    out
}

/// The changed figures that an update dated on or after `since` explains, to mark where they stand:
/// each with the date of the report's last such update and what the figure was.
pub fn revisions(changes: &Changes, new: &Manifest, since: &str) -> crate::manifest::Revisions {
    let mut out = crate::manifest::Revisions::new();
    for c in &changes.changed {
        let Some(report) = new.reports.iter().find(|r| r.slug == c.report) else { continue };
        let update = report.updates.iter().rev().find(|u| u.date.as_str() >= since);
        let date = update.and_then(|u| chrono::NaiveDate::parse_from_str(&u.date, "%Y-%m-%d").ok());
        if let Some(date) = date {
            let revision = crate::manifest::Revision { date, was: c.old.text.clone() };
            out.entry(c.report.clone()).or_default().insert(c.id.clone(), revision);
        }
    }
    out
}

/// A report's figures, the headline's included.
fn figures_of(report: &Report) -> impl Iterator<Item = &Figure> {
    report.headline.iter().chain(&report.figures)
}

fn claims_by_id(report: &Report) -> BTreeMap<(String, usize), &Claim> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    report
        .claims
        .iter()
        .map(|c| {
            let n = seen.entry(c.expr.as_str()).or_default();
            *n += 1;
            ((c.expr.clone(), *n), c)
        })
        .collect()
}

fn by_id(report: &Report) -> BTreeMap<&str, &Figure> {
    figures_of(report).map(|f| (f.id.as_str(), f)).collect()
}

/// The same value (as a number: `580.40` is `580.4`), quantity and caveats.
fn same(a: &Figure, b: &Figure) -> bool {
    let number = |f: &Figure| Decimal::from_str(&f.value).ok();
    number(a) == number(b)
        && (&a.quantity, &a.currency, &a.unit, &a.caveats) == (&b.quantity, &b.currency, &b.unit, &b.caveats)
}

fn datasets(old: &Manifest, new: &Manifest) -> Vec<DatasetChange> {
    fn values(d: &DatasetValues) -> BTreeMap<(&str, Period), &Value> {
        d.series.iter().flat_map(|s| s.values.iter().map(move |v| ((s.key.as_str(), v.period), v))).collect()
    }
    let old_sets: BTreeMap<&str, _> = old.datasets.iter().map(|d| (d.id.as_str(), d)).collect();
    let new_sets: BTreeMap<&str, _> = new.datasets.iter().map(|d| (d.id.as_str(), d)).collect();
    let ids: std::collections::BTreeSet<&str> = old_sets.keys().chain(new_sets.keys()).copied().collect();
    let mut out = Vec::new();
    for id in ids {
        let (a, b) = (old_sets.get(id), new_sets.get(id));
        let before = a.map(|d| values(d)).unwrap_or_default();
        let after = b.map(|d| values(d)).unwrap_or_default();
        let keys: std::collections::BTreeSet<(&str, Period)> = before.keys().chain(after.keys()).copied().collect();
        let revised: Vec<ValueChange> = keys
            .into_iter()
            .filter_map(|key| {
                let (was, is) = (before.get(&key), after.get(&key));
                let number = |v: &&Value| Decimal::from_str(&v.value).ok();
                let same = match (was, is) {
                    (Some(x), Some(y)) => number(x) == number(y) && x.status == y.status,
                    _ => false,
                };
                (!same).then(|| ValueChange {
                    series: key.0.to_owned(),
                    period: key.1,
                    old: was.map(|v| (*v).clone()),
                    new: is.map(|v| (*v).clone()),
                })
            })
            .collect();
        if !revised.is_empty() {
            let source = b.or(a).map_or(String::new(), |d| d.source.clone());
            out.push(DatasetChange { id: id.to_owned(), source, values: revised });
        }
    }
    out
}

/// One kind of change, as both reports list it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Changed,
    Added,
    Removed,
    Claims,
    Failing,
    Values,
}

impl Kind {
    /// The section's title in the text report (the Markdown one capitalises it).
    fn title(self) -> &'static str {
        match self {
            Kind::Changed => "figures changed",
            Kind::Added => "figures added",
            Kind::Removed => "figures removed",
            Kind::Claims => "claims changed",
            Kind::Failing => "claims that now fail",
            Kind::Values => "dataset values changed",
        }
    }

    /// The Markdown table's columns: report, where, expression, old, new.
    fn columns(self) -> [&'static str; 5] {
        match self {
            Kind::Failing => ["Report", "Where", "Expression", "Says", "The data gives"],
            Kind::Values => ["Dataset", "Where", "Series and period", "Old", "New"],
            _ => ["Report", "Where", "Expression", "Old", "New"],
        }
    }
}

/// One line of a section: what changed, where, and its two sides (`None` where a side has none).
struct Row {
    report: String,
    place: String,
    expr: String,
    old: Option<String>,
    new: Option<String>,
    /// The caveats' change, for a figure whose caveats changed.
    note: Option<String>,
}

/// The sections with their rows, in the order both reports list them; a kind with no change has none.
fn sections(changes: &Changes) -> Vec<(Kind, Vec<Row>)> {
    let at = |source: &str, line: usize, col: usize| format!("{source}:{line}:{col}");
    let changed = changes.changed.iter().map(|c| Row {
        report: c.report.clone(),
        place: at(&c.source, c.line, c.col),
        expr: c.expr.clone(),
        old: Some(c.old.text.clone()),
        new: Some(c.new.text.clone()),
        note: (c.old.caveats != c.new.caveats)
            .then(|| format!("caveats: {} → {}", caveat_list(&c.old), caveat_list(&c.new))),
    });
    let placed = |p: &Placed, added: bool| Row {
        report: p.report.clone(),
        place: at(&p.source, p.figure.line, p.figure.col),
        expr: p.figure.expr.clone(),
        old: (!added).then(|| p.figure.text.clone()),
        new: added.then(|| p.figure.text.clone()),
        note: None,
    };
    let claims = changes.claims.iter().map(|c| {
        let side = |c: &Option<Claim>| c.as_ref().map(|c| format!("says {}", c.says));
        Row {
            report: c.report.clone(),
            place: at(&c.source, c.line, c.col),
            expr: c.expr.clone(),
            old: side(&c.old),
            new: side(&c.new),
            note: None,
        }
    });
    let failing = changes.failing_claims.iter().map(|c| Row {
        report: c.report.clone(),
        place: at(&c.source, c.line, c.col),
        expr: c.expr.clone(),
        old: Some(c.says.clone()),
        new: Some(c.computed.clone()),
        note: None,
    });
    let values = changes.datasets.iter().flat_map(|d| {
        let side = |v: &Option<Value>| v.as_ref().map(|v| format!("{} ({})", v.value, v.status));
        d.values.iter().map(move |v| Row {
            report: d.id.clone(),
            place: d.source.clone(),
            expr: format!("{} {}", v.series, v.period),
            old: side(&v.old),
            new: side(&v.new),
            note: None,
        })
    });
    let all: [(Kind, Vec<Row>); 6] = [
        (Kind::Changed, changed.collect()),
        (Kind::Added, changes.added.iter().map(|p| placed(p, true)).collect()),
        (Kind::Removed, changes.removed.iter().map(|p| placed(p, false)).collect()),
        (Kind::Claims, claims.collect()),
        (Kind::Failing, failing.collect()),
        (Kind::Values, values.collect()),
    ];
    all.into_iter().filter(|(_, rows)| !rows.is_empty()).collect()
}

/// The human report: one section per kind of change, each line starting with `file:line:col`.
pub fn render(changes: &Changes) -> String {
    if changes.is_empty() {
        return "no figures changed\n".into();
    }
    let mut out = String::new();
    for (kind, rows) in sections(changes) {
        out.push_str(&format!("{} ({}):\n", kind.title(), rows.len()));
        let mut dataset = None;
        for row in rows {
            let side = |s: &Option<String>| s.clone().unwrap_or_else(|| "none".into());
            let (place, report, expr) = (&row.place, &row.report, &row.expr);
            let line = match kind {
                Kind::Changed => {
                    let note = row.note.as_ref().map_or(String::new(), |n| format!(" ({n})"));
                    format!("{place}: {report}: {expr}: {} → {}{note}", side(&row.old), side(&row.new))
                }
                Kind::Added | Kind::Removed => format!("{place}: {report}: {expr}: {}", side(&row.new.or(row.old))),
                Kind::Claims => format!("{place}: {report}: {expr}: {} → {}", side(&row.old), side(&row.new)),
                Kind::Failing => {
                    format!("{place}: {report}: says {} but the data gives {} ({expr})", side(&row.old), side(&row.new))
                }
                Kind::Values => {
                    if dataset.as_ref() != Some(report) {
                        out.push_str(&format!("  {place}: {report}\n"));
                        dataset = Some(report.clone());
                    }
                    format!("  {expr}: {} → {}", side(&row.old), side(&row.new))
                }
            };
            out.push_str(&format!("  {line}\n"));
        }
    }
    out
}

/// The report as Markdown, for a pull request's summary: a heading, then one table per kind of change
/// with the columns report, `file:line:col`, expression, old and new.
pub fn render_markdown(changes: &Changes) -> String {
    let mut out = String::from("### What this change does to the published figures\n\n");
    if changes.is_empty() {
        out.push_str("No figure, claim or dataset value changed.\n");
        return out;
    }
    for (kind, rows) in sections(changes) {
        let mut title = kind.title().to_owned();
        title[..1].make_ascii_uppercase();
        out.push_str(&format!("#### {title} ({})\n\n", rows.len()));
        let columns = kind.columns();
        out.push_str(&format!("| {} |\n|{}\n", columns.join(" | "), " --- |".repeat(columns.len())));
        for row in rows {
            let side = |s: &Option<String>| s.as_deref().map_or("—".to_owned(), markdown_text);
            let note = row.note.as_deref().map_or(String::new(), |n| format!(" ({})", markdown_text(n)));
            out.push_str(&format!(
                "| {} | `{}` | {} | {} | {}{note} |\n",
                markdown_text(&row.report),
                row.place.replace('|', "\\|").replace('`', "'"),
                markdown_code(&row.expr),
                side(&row.old),
                side(&row.new),
            ));
        }
        out.push('\n');
    }
    out
}

/// Text for a Markdown table cell: the characters Markdown would read as markup (or GitHub as the start
/// of a formula, `$`) are escaped, and a line break would end the row.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '$' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '~' | '#' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// An expression as a code span in a table cell: a `|` is escaped (GitHub reads `\|` as `|` even in
/// code), and the fence is longer than any run of backticks inside.
fn markdown_code(expr: &str) -> String {
    let flat = expr.replace(['\n', '\r'], " ").replace('|', "\\|");
    let mut longest = 0;
    let mut run = 0;
    for c in flat.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if flat.starts_with('`') || flat.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

fn caveat_list(figure: &Figure) -> String {
    if figure.caveats.is_empty() {
        "none".into()
    } else {
        figure.caveats.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_keep_their_text_and_cannot_end_the_row() {
        assert_eq!(markdown_text("a|b $5 *x* <i> [l](u)\nnext"), "a\\|b \\$5 \\*x\\* \\<i\\> \\[l\\](u) next");
        assert_eq!(markdown_code("sum(data=\"a\") | money"), "`sum(data=\"a\") \\| money`");
        assert_eq!(markdown_code("a `b` c"), "``a `b` c``");
        assert_eq!(markdown_code("`x`"), "`` `x` ``");
    }
}
