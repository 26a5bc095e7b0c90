//! A dataset's page view and its downloads (CSV, JSON, SVG), with the exact numbers of the YAML.

use std::path::Path;

use super::OutputFile;
use crate::chart::{self, ChartSpec, Charts};
use crate::dataset::{Cost, Dataset, FocusRows, Series, Status, Table};
use crate::diag::{Diagnostic, Diagnostics};
use crate::figures::format::{self, Scale, Style};
use crate::figures::{stats, Figure};
use crate::lang::Lang;
use crate::period::Granularity;
use crate::site::Reader;
use rust_decimal::Decimal;

use super::labels::Labels;
use super::outputs::Outputs;
use super::views::{DatasetContent, LinkView, RowView, SeriesView, Shared, SourceView, UpdateView};

/// What a dataset's page and downloads are made of, besides the reports that use it: the same for as long
/// as the dataset's files are.
#[derive(Debug)]
pub(crate) struct DatasetPage {
    pub(super) content: Shared<DatasetContent>,
    /// The dataset's line in the figures manifest.
    pub(super) manifest: String,
    pub(crate) downloads: Vec<OutputFile>,
}

/// The files of the dataset `id`: its page and downloads.
pub(super) fn files(id: &str) -> Vec<String> {
    ["html"].iter().chain(&DOWNLOADS).map(|ext| format!("datasets/{id}.{ext}")).collect()
}

/// The endings of a dataset's downloads.
pub(super) const DOWNLOADS: [&str; 3] = ["csv", "json", "svg"];

/// The dataset page's own content in the site's language (links are relative to `datasets/`), and its
/// downloads.
pub(crate) fn dataset_page(reader: &Reader, dataset: &Dataset, charts: &Charts) -> Result<DatasetPage, Diagnostic> {
    page(dataset, reader.language(), charts).map_err(|e| Diagnostic::error(&dataset.path, e))
}

fn page(dataset: &Dataset, lang: Lang, charts: &Charts) -> Result<DatasetPage, String> {
    let labels = Labels::for_lang(lang);
    let (shown, caption) = charted(dataset, lang);
    let spec = ChartSpec {
        series: shown,
        kind: None,
        from: None,
        to: None,
        highlight: if dataset.series.len() == 1 { vec![chart::Highlight::Max] } else { Vec::new() },
        mean: false,
        annotations: Vec::new(),
        title: None,
        caption,
    };
    let chart = charts.draw(dataset, &spec, lang)?;
    let series = dataset.series.iter().map(|s| series_view(dataset, s, lang, labels)).collect::<Result<Vec<_>, _>>()?;
    let id = &dataset.id;
    let content = DatasetContent {
        id: id.clone(),
        description_html: dataset.description.as_deref().map(markdown_html),
        notes_html: dataset.notes.as_deref().map(markdown_html),
        currency: dataset.currency.code().to_owned(),
        unit_text: unit_text(dataset, lang),
        origin: dataset.table.as_ref().map(|t| origin(t, lang)),
        sources: dataset.sources.iter().map(|s| SourceView::new(s, lang)).collect(),
        series,
        chart_html: chart::figure_html(&chart, "chart", lang),
        has_caveats: dataset.series.iter().flat_map(|s| &s.points).any(|p| p.status != Status::Reported),
        downloads: DOWNLOADS.map(|ext| LinkView { title: format!("{id}.{ext}"), href: format!("{id}.{ext}") }).to_vec(),
        revisions: dataset.revisions.iter().map(|r| UpdateView::new(r.date, &r.note, lang)).collect(),
    };
    let manifest = super::manifest::dataset_values(dataset).line();
    Ok(DatasetPage { content: Shared::of(content), manifest, downloads: downloads(dataset, chart.svg()) })
}

fn series_view(dataset: &Dataset, series: &Series, lang: Lang, labels: &Labels) -> Result<SeriesView, String> {
    let sel = stats::Selection::new(dataset, Some(&series.key), None, None)?;
    let money = |f: &Figure| format::figure(f, lang);
    let peak = stats::max(&sel)?;
    let peak_period =
        peak.period.map_or(String::new(), |p| format::period(p, dataset.fiscal_year_start, Style::Long, lang));
    let rows = series
        .points
        .iter()
        .map(|p| RowView {
            id: format!("{}-{}", series.key, p.period.key()),
            period: format::period(p.period, dataset.fiscal_year_start, Style::Long, lang),
            period_key: p.period.key(),
            datetime: matches!(p.period, crate::period::Period::Month { .. }).then(|| p.period.key()),
            raw: p.raw.clone(),
            value: format::money(p.value, dataset.unit, &dataset.currency, Scale::Auto, None, Style::Long, lang),
            status: p.status.name(),
            status_word: labels.status_word(p.status),
            note: p.note.clone(),
        })
        .collect();
    Ok(SeriesView {
        key: series.key.clone(),
        label: series.label.clone(),
        rows,
        total: money(&stats::sum(&sel)?),
        peak: money(&peak),
        peak_period,
        mean: money(&stats::mean(&sel)?),
    })
}

/// The series the page's chart shows: all of them, or, when there are more than a chart can show (a cost
/// export by service often has dozens), the largest by the sum of their values' sizes, with a caption
/// that says so. The table under the chart lists every series.
fn charted(dataset: &Dataset, lang: Lang) -> (Vec<String>, Option<String>) {
    let n = dataset.series.len();
    if n <= chart::MAX_SERIES {
        return (Vec::new(), None);
    }
    let size = |s: &Series| s.points.iter().try_fold(Decimal::ZERO, |t, p| t.checked_add(p.value.abs()));
    let mut by_size: Vec<(&Series, Option<Decimal>)> = dataset.series.iter().map(|s| (s, size(s))).collect();
    // Largest first (a sum too large to add up counts as largest), then in file order.
    by_size.sort_by(|a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => y.cmp(&x),
        (x, y) => x.is_some().cmp(&y.is_some()),
    });
    let mut shown: Vec<&Series> = by_size.into_iter().take(chart::MAX_SERIES).map(|(s, _)| s).collect();
    shown.sort_by_key(|s| dataset.series.iter().position(|d| d.key == s.key));
    let max = chart::MAX_SERIES;
    let caption = match lang {
        Lang::En => format!("The {max} largest of {n} series; the table below lists all of them."),
        Lang::De => format!("Die {max} größten von {n} Reihen; die Tabelle unten enthält alle."),
    };
    (shown.into_iter().map(|s| s.key.clone()).collect(), Some(caption))
}

/// Where a dataset's values came from: `Values added up by month from 273 rows of cloud-bill.csv.`, or
/// for a FOCUS export which cost was summed and what kinds of charge the rows were.
fn origin(table: &Table, lang: Lang) -> String {
    let count = |n: usize| format::number(Decimal::from(n), Some(0), lang);
    let rows = count(table.rows);
    let one = table.rows == 1;
    let file = table.path.file_name().map_or_else(String::new, |f| f.to_string_lossy().into_owned());
    let of = match (lang, table.files) {
        (_, 1) => file,
        (Lang::En, n) => format!("{} files", count(n)),
        (Lang::De, n) => format!("{} Dateien", count(n)),
    };
    let (row_word, rows_word) = match lang {
        Lang::En => ("row", "rows"),
        Lang::De => ("Zeile", "Zeilen"),
    };
    let rows = format!("{rows} {}", if one { row_word } else { rows_word });
    if let (Some(focus), Some(g)) = (&table.focus, table.summed) {
        return focus_origin(focus, g, &rows, &of, lang);
    }
    match (lang, table.summed) {
        (Lang::En, None) => format!("Values read from {of} ({rows})."),
        (Lang::En, Some(g)) => format!("Values added up by {} from {rows} of {of}.", g.name()),
        (Lang::De, None) => format!("Werte aus {of} ({rows})."),
        (Lang::De, Some(g)) => format!("Werte: {} aus {rows} von {of}.", sums_de(g)),
    }
}

fn sums_de(g: Granularity) -> &'static str {
    if g == Granularity::Month {
        "Monatssummen"
    } else {
        "Quartalssummen"
    }
}

/// `Billed cost (cash basis), summed by month from 1,204,331 rows of 12 files. Of them: …`
fn focus_origin(focus: &FocusRows, g: Granularity, rows: &str, of: &str, lang: Lang) -> String {
    let count = |n: usize| format::number(Decimal::from(n), Some(0), lang);
    let of_kind = |name: &str| focus.categories.iter().find(|(c, _)| c == name).map_or(0, |(_, n)| *n);
    let kinds = ["Usage", "Purchase", "Tax", "Credit", "Adjustment"];
    let mut counted: Vec<String> = kinds.iter().map(|k| format!("{} {k}", count(of_kind(k)))).collect();
    counted.extend(
        focus
            .categories
            .iter()
            .filter(|(c, _)| !kinds.contains(&c.as_str()))
            .map(|(c, n)| format!("{} {c}", count(*n))),
    );
    let corrections = count(focus.corrections);
    match lang {
        Lang::En => {
            let cost = match focus.cost {
                Cost::Billed => "Billed cost (cash basis, as invoiced)",
                Cost::Effective => "Effective cost (amortised)",
            };
            format!(
                "{cost}, summed by {} from {rows} of {of}. By ChargeCategory: {}. Corrections (ChargeClass: \
                 Correction): {corrections}, each in the charge period it corrects.",
                g.name(),
                counted.join(", ")
            )
        }
        Lang::De => {
            let cost = match focus.cost {
                Cost::Billed => "In Rechnung gestellte Kosten (BilledCost, wie fakturiert)",
                Cost::Effective => "Effektive Kosten (EffectiveCost, abgegrenzt)",
            };
            format!(
                "{cost}: {} aus {rows} von {of}. Nach ChargeCategory: {}. Korrekturen (ChargeClass: Correction): \
                 {corrections}, jede in der Abrechnungsperiode, die sie korrigiert.",
                sums_de(g),
                counted.join(", ")
            )
        }
    }
}

fn unit_text(dataset: &Dataset, lang: Lang) -> String {
    let unit = match (lang, dataset.unit.name()) {
        (Lang::De, "one") => "Einheiten",
        (Lang::De, "thousand") => "Tausend",
        (Lang::De, "million") => "Millionen",
        (Lang::De, "billion") => "Milliarden",
        (_, "one") => "units of",
        (_, name) => name,
    };
    format!("{unit} {}", dataset.currency.code())
}

/// Markdown from a dataset (description, notes) to HTML. Raw HTML in it is escaped: dataset text is data,
/// not markup written for the page.
pub(super) fn markdown_html(text: &str) -> String {
    use pulldown_cmark::{html, CowStr, Event, Parser, Tag};
    // Dataset text may come from anywhere: raw HTML shows as text, and a link or image the site does not
    // write (`javascript:`, `data:`, …) points nowhere.
    let safe = |dest: CowStr<'static>| -> CowStr<'static> {
        if crate::markdown::is_allowed_url(&dest) {
            dest
        } else {
            CowStr::Borrowed("#")
        }
    };
    let events = Parser::new(text).map(crate::markdown::showable).map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: safe(dest_url.into_static()), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: safe(dest_url.into_static()), title, id })
        }
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// Local links in a dataset's description and notes must point at a file of the site, and no link may
/// have a scheme the site does not write, as in reports.
pub(super) fn check_links(dataset: &Dataset, known: &Outputs) -> Diagnostics {
    let texts = [("description", &dataset.description), ("notes", &dataset.notes)];
    let links =
        texts.into_iter().filter_map(|(field, text)| Some((field, crate::markdown::to_html(text.as_deref()?).1)));
    links
        .flat_map(|(field, links)| links.into_iter().map(move |link| (field, link)))
        .filter_map(|(field, link)| {
            let (message, hint) = super::report::check_link(Path::new("datasets"), &link, known).err()?;
            Some(Diagnostic::error(&dataset.path, format!("in `{field}`: {message}")).with_hint(hint))
        })
        .collect()
}

/// `datasets/<id>.csv`, `.json` and `.svg`.
fn downloads(dataset: &Dataset, svg: String) -> Vec<OutputFile> {
    let id = &dataset.id;
    vec![
        OutputFile::new(format!("datasets/{id}.csv"), csv(dataset)),
        OutputFile::new(format!("datasets/{id}.json"), json(dataset)),
        OutputFile::new(format!("datasets/{id}.svg"), svg),
    ]
}

/// One row per value: `series,period,value,status,note`, values exactly as written in the YAML.
pub(super) fn csv(dataset: &Dataset) -> String {
    let mut out = String::from("series,period,value,currency,unit,status,note\r\n");
    for series in &dataset.series {
        for p in &series.points {
            let cells = [
                csv_text(&series.key),
                p.period.key(),
                p.raw.clone(),
                dataset.currency.code().to_owned(),
                dataset.unit.name().to_owned(),
                p.status.name().to_owned(),
                csv_text(p.note.as_deref().unwrap_or("")),
            ];
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// Quotes a text cell (RFC 4180) and defuses spreadsheet formulas (`=`, `+`, `-`, `@` at the start).
fn csv_text(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() };
    if defused.contains([',', '"', '\n', '\r']) || defused != text {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// The dataset as JSON; values are JSON numbers written with the YAML's exact digits.
pub(super) fn json(dataset: &Dataset) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut out = String::from("{\n");
    out.push_str(&format!("  \"id\": {},\n  \"title\": {},\n", quote(&dataset.id), quote(&dataset.title)));
    out.push_str(&format!(
        "  \"currency\": {},\n  \"unit\": {},\n",
        quote(dataset.currency.code()),
        quote(dataset.unit.name())
    ));
    out.push_str(&format!("  \"fiscal_year_start\": {},\n  \"sources\": [", dataset.fiscal_year_start));
    let sources: Vec<String> = dataset
        .sources
        .iter()
        .map(|s| {
            let url = s.url.as_deref().map_or("null".into(), quote);
            let published = s.published.map_or("null".into(), |d| quote(&d.format("%Y-%m-%d").to_string()));
            format!("\n    {{\"title\": {}, \"url\": {url}, \"published\": {published}}}", quote(&s.title))
        })
        .collect();
    out.push_str(&sources.join(","));
    out.push_str("\n  ],\n  \"series\": [");
    let series: Vec<String> = dataset.series.iter().map(|s| series_json(s, &quote)).collect();
    out.push_str(&series.join(","));
    out.push_str("\n  ]\n}\n");
    out
}

fn series_json(series: &Series, quote: &impl Fn(&str) -> String) -> String {
    let values: Vec<String> = series
        .points
        .iter()
        .map(|p| {
            let note = p.note.as_deref().map_or("null".into(), quote);
            format!(
                "\n        {{\"period\": {}, \"value\": {}, \"status\": {}, \"note\": {note}}}",
                quote(&p.period.key()),
                json_number(&p.raw),
                quote(p.status.name())
            )
        })
        .collect();
    format!(
        "\n    {{\n      \"key\": {},\n      \"label\": {},\n      \"values\": [{}\n      ]\n    }}",
        quote(&series.key),
        quote(&series.label),
        values.join(",")
    )
}

/// The YAML's digits as a JSON number, normalised where the writing is not JSON: `+5` and `.5`, and
/// leading zeros (`007.50`, `-05`), which JSON refuses. The digits that count, and so the scale, are kept.
fn json_number(raw: &str) -> String {
    let text = raw.trim().trim_start_matches('+');
    let (sign, digits) = text.strip_prefix('-').map_or(("", text), |d| ("-", d));
    let (whole, fraction) = digits.split_once('.').map_or((digits, None), |(w, f)| (w, Some(f)));
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    match fraction {
        Some("") => format!("{sign}{whole}.0"),
        Some(fraction) => format!("{sign}{whole}.{fraction}"),
        None => format!("{sign}{whole}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(csv_text("plain"), "plain");
        assert_eq!(csv_text("a,b"), "\"a,b\"");
        assert_eq!(csv_text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_text("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
    }

    #[test]
    fn json_numbers_keep_digits() {
        assert_eq!(json_number("55.20"), "55.20");
        assert_eq!(json_number("+.5"), "0.5");
        assert_eq!(json_number("-3."), "-3.0");
        assert_eq!(json_number("05"), "5");
        assert_eq!(json_number("007.50"), "7.50");
        assert_eq!(json_number("-05"), "-5");
        assert_eq!(json_number("000"), "0");
        assert_eq!(json_number("-00.0"), "-0.0");
        assert_eq!(json_number("100"), "100");
    }

    #[test]
    fn dataset_markdown_escapes_raw_html() {
        assert_eq!(markdown_html("a <script>x</script>"), "<p>a &lt;script&gt;x&lt;/script&gt;</p>\n");
    }
}
