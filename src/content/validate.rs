//! A report file's front matter checked value by value, every problem reported (not just the first),
//! each at its place in the file; then the [`Report`] made of it.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use super::raw::{split_front_matter, ClaimFile, FrontMatter, SourceFile, UpdateFile};
use super::{slug_for, Claim, Report, Update};
use crate::dataset::Source;
use crate::diag::{Diagnostic, Diagnostics};
use crate::lang::Lang;
use crate::names::Name;
use crate::yaml::{Document, Step};

/// Parses and checks one report file; `path` is relative to the project root and starts with
/// `content/`; `fingerprint` is that of `text`.
pub(super) fn report(path: &Path, text: Arc<str>, fingerprint: u64) -> Result<Report, Diagnostics> {
    let source = &*text;
    let slug = slug_for(path)?;
    let (front, front_line, body, body_line) = split_front_matter(path, source)?;
    // The body runs to the end of the file.
    let body = source.len() - body.len()..source.len();
    let doc = Document::new(path, source, front, front_line);
    doc.precheck("front matter", "front matter needs at most two levels, as in `claims: [{ says: …, expr: … }]`")?;
    let fm: FrontMatter = doc.parse()?;
    let mut errors = Diagnostics::new();
    let date = date(&doc, &fm.date, &mut errors);
    let lang = lang(&doc, fm.lang.as_deref(), &mut errors);
    names(&doc, &fm, &mut errors);
    let sources: Vec<Option<Source>> =
        fm.claims.iter().enumerate().map(|(i, claim)| claim_source(&doc, i, claim, &mut errors)).collect();
    let updates = updates(&doc, &fm.updates, date, &mut errors);
    let (Some(date), false) = (date, errors.has_errors()) else { return Err(errors) };
    Ok(Report {
        slug,
        path: path.to_owned(),
        date,
        summary: fm.summary,
        draft: fm.draft,
        lang,
        headline_at: doc.value_or_nearest(&[Step::Key("headline")]),
        headline: fm.headline,
        headline_label: fm.headline_label.filter(|l| !l.trim().is_empty()),
        translation_key_at: doc.value_or_nearest(&[Step::Key("translation_key")]),
        translation_key: fm.translation_key,
        claims: claims(&doc, fm.claims, sources),
        updates,
        title: fm.title,
        tags: fm.tags,
        body,
        body_line,
        fingerprint,
        source: text,
    })
}

/// An error at `text` in the value of the top-level `key`, or at the value when the text is not there.
fn error_at(doc: &Document, key: &str, text: &str, message: String, hint: &str) -> Diagnostic {
    doc.error(doc.text_in_value(&[Step::Key(key)], text), message).with_hint(hint)
}

/// The report's `date`.
fn date(doc: &Document, text: &str, errors: &mut Diagnostics) -> Option<NaiveDate> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    if date.is_none() {
        let hint = "write the date as YYYY-MM-DD, e.g. 2025-05-28";
        errors.push(error_at(doc, "date", text, format!("invalid date `{text}`"), hint));
    }
    date
}

/// The report's own `lang`, when it has one.
fn lang(doc: &Document, code: Option<&str>, errors: &mut Diagnostics) -> Option<Lang> {
    let code = code?;
    let lang = Lang::parse(code);
    if lang.is_none() {
        let hint = format!("use {}", Lang::codes_hint());
        errors.push(error_at(doc, "lang", code, format!("unknown language `{code}`"), &hint));
    }
    lang
}

/// The names the report gives: its tags and its translation key.
fn names(doc: &Document, fm: &FrontMatter, errors: &mut Diagnostics) {
    for tag in fm.tags.iter().filter(|t| !Name::Tag.is_valid(t)) {
        let hint = format!("tags are {}, e.g. `{}`", Name::Tag.rule(), Name::Tag.suggest(tag));
        errors.push(error_at(doc, "tags", tag, format!("tag `{tag}` is not a valid name"), &hint));
    }
    if let Some(key) = fm.translation_key.as_deref().filter(|k| !Name::Slug.is_valid(k)) {
        let hint = format!("a translation key is {}, e.g. `{}`", Name::Slug.rule(), Name::Slug.suggest(key));
        let message = format!("translation key `{key}` is not a valid name");
        errors.push(error_at(doc, "translation_key", key, message, &hint));
    }
}

/// The source of claim `i`, with its link and date checked.
fn claim_source(doc: &Document, i: usize, claim: &ClaimFile, errors: &mut Diagnostics) -> Option<Source> {
    let at = |key| [Step::Key("claims"), Step::Item(i), Step::Key("source"), Step::Key(key)];
    let full = match claim.source.as_ref()? {
        SourceFile::Title(title) => return Some(Source { title: title.clone(), url: None, published: None }),
        SourceFile::Full(full) => full,
    };
    let url = full.url.clone().filter(|u| !u.trim().is_empty());
    if let Some(url) = url.as_deref().filter(|u| !Source::is_web_address(u)) {
        errors.push(
            doc.error(doc.text_in_value(&at("url"), url), format!("`{url}` is not a web address"))
                .with_hint("a source's `url` is a web address starting with `https://` or `http://`"),
        );
    }
    let published = full.published.as_deref().and_then(|date| {
        let parsed = Source::parse_date(date);
        if parsed.is_none() {
            let message = format!("`published` must be a date written YYYY-MM-DD, not `{date}`");
            errors.push(
                doc.error(doc.text_in_value(&at("published"), date), message).with_hint("e.g. `published: 2025-05-20`"),
            );
        }
        parsed
    });
    Some(Source { title: full.title.clone(), url, published })
}

/// The report's `updates`, oldest first: each dated, and none before the report's own `date`.
fn updates(doc: &Document, written: &[UpdateFile], date: Option<NaiveDate>, errors: &mut Diagnostics) -> Vec<Update> {
    let mut updates = Vec::new();
    for (i, update) in written.iter().enumerate() {
        let at = [Step::Key("updates"), Step::Item(i), Step::Key("date")];
        match NaiveDate::parse_from_str(&update.date, "%Y-%m-%d") {
            Ok(when) => updates.push((i, Update { date: when, note: update.note.clone() })),
            Err(_) => errors.push(
                doc.error(doc.text_in_value(&at, &update.date), format!("invalid update date `{}`", update.date))
                    .with_hint("write the date as YYYY-MM-DD, e.g. 2025-06-10"),
            ),
        }
    }
    // `early` is the index in the front matter's list, which skips no item.
    if let Some((date, &(early, _))) = date.and_then(|d| Some((d, updates.iter().find(|(_, u)| u.date < d)?))) {
        let at = [Step::Key("updates"), Step::Item(early), Step::Key("date")];
        let text = &written[early].date;
        errors.push(
            doc.error(doc.text_in_value(&at, text), format!("update dated {text} is before the report's date"))
                .with_hint(format!("an update comes after the report was published ({date})")),
        );
    }
    let mut updates: Vec<Update> = updates.into_iter().map(|(_, u)| u).collect();
    updates.sort_by_key(|u| u.date);
    updates
}

/// The claims, each with its source and where its `says:` and expression are in the file.
fn claims(doc: &Document, written: Vec<ClaimFile>, sources: Vec<Option<Source>>) -> Vec<Claim> {
    written
        .into_iter()
        .zip(sources)
        .enumerate()
        .map(|(i, (c, source))| {
            let item = |key| [Step::Key("claims"), Step::Item(i), Step::Key(key)];
            let says_at = doc.find(&item("says")).unwrap_or_else(|| doc.nearest(&item("says")));
            let expr_at = doc.value_or_nearest(&item("expr"));
            Claim { says: c.says, expr: c.expr, source, says_at, expr_at }
        })
        .collect()
}
