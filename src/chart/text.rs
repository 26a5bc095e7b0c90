//! The words of a chart in English or German: its summary (`<desc>`), the caption note on estimated and
//! illustrative values, the data table, and the `<figure>` that holds them with the SVG.

use std::fmt::Write;

use crate::dataset::{Annotation, Mark, Point, Status};
use crate::figures::format::{self, Scale, Style};
use crate::lang::Lang;
use crate::markup::escape;
use crate::period::Granularity;

use super::draw::short_money;
use super::scale::{self, text_width};
use super::select::{extreme, Plot};
use super::{Chart, Kind};

/// Words that differ by language.
pub(super) struct Words {
    pub lang: Lang,
    pub mean: &'static str,
    pub or: &'static str,
}

impl Words {
    pub(super) fn new(lang: Lang) -> Words {
        match lang {
            Lang::En => Words { lang, mean: "mean", or: " or " },
            Lang::De => Words { lang, mean: "Mittelwert", or: " oder " },
        }
    }

    /// A status on its own: `illustrative`, `geschätzt`.
    pub(super) fn status(&self, status: Status) -> &'static str {
        format::status_name(status, self.lang)
    }
}

/// At most `max` characters, with `…` when cut.
pub(super) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// As many characters of `text` as fit in `width` px at `size` px, with `…` when cut (just `…` when not
/// even one character does). One pass over the text, however long it is.
pub(super) fn fit(text: &str, width: f64, size: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_owned();
    }
    // Widths only grow with each character, so the longest prefix that fits with `…` ends where the first
    // that does not would start; at most all characters but the last one are kept.
    let keep_at_most = text.chars().count().saturating_sub(2);
    let mut ems = 0.0;
    let mut end = 0;
    for (i, c) in text.char_indices().take(keep_at_most) {
        ems += scale::ems(c);
        if (ems + scale::ems('…')) * size > width {
            break;
        }
        end = i + c.len_utf8();
    }
    format!("{}…", &text[..end])
}

/// `text` in at most `lines` lines of `width` px at `size` px, broken at spaces; the last line cut with
/// `…` when the rest does not fit. A word longer than a line is cut too. Each line is one pass over the
/// text.
pub(super) fn wrap(text: &str, width: f64, size: f64, lines: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while out.len() + 1 < lines && text_width(rest, size) > width {
        // The last space before which the line still fits.
        let mut ems = 0.0;
        let mut cut = None;
        for (i, c) in rest.char_indices() {
            if c == ' ' {
                if ems * size > width {
                    break;
                }
                cut = Some(i);
            }
            ems += scale::ems(c);
        }
        let Some(cut) = cut else { break };
        out.push(rest[..cut].trim_end().to_owned());
        rest = rest[cut..].trim_start();
    }
    out.push(fit(rest, width, size));
    out
}

fn kind_name(kind: Kind, lang: Lang) -> &'static str {
    match (lang, kind) {
        (Lang::En, Kind::Bar) => "Bar chart of",
        (Lang::En, Kind::Line) => "Line chart of",
        (Lang::En, Kind::Area) => "Area chart of",
        (Lang::En, Kind::Stacked) => "Stacked bar chart of",
        (Lang::De, Kind::Bar) => "Balkendiagramm:",
        (Lang::De, Kind::Line) => "Liniendiagramm:",
        (Lang::De, Kind::Area) => "Flächendiagramm:",
        (Lang::De, Kind::Stacked) => "Gestapeltes Balkendiagramm:",
    }
}

/// The summary in words: `Bar chart of Azure spend, monthly, July 2023 to May 2024; peak $61.9M in
/// November 2023, low $40.1M in July 2023. 2 of 11 values are illustrative.`
pub(super) fn desc(plot: &Plot, lang: Lang) -> String {
    let de = lang == Lang::De;
    let fy = plot.dataset.fiscal_year_start;
    let long = |p| format::period(p, fy, Style::Long, lang);
    let (first, last) = (plot.periods[0], plot.periods[plot.periods.len() - 1]);
    let every = match (de, plot.dataset.granularity) {
        (false, Granularity::Month) => "monthly",
        (false, Granularity::Quarter) => "quarterly",
        (true, Granularity::Month) => "monatlich",
        (true, Granularity::Quarter) => "vierteljährlich",
    };
    let mut text = format!("{} {}, {every}, {}", kind_name(plot.kind, lang), plot.title, long(first));
    if first != last {
        text += &format!(" {} {}", if de { "bis" } else { "to" }, long(last));
    }
    let (at, peak, low) = if de { ("im", "Höchstwert", "Tiefstwert") } else { ("in", "peak", "low") };
    for (s, series) in plot.series.iter().enumerate() {
        let row = &plot.cells[s];
        let (Some(max), Some(min)) = (extreme(row, |best, v| v > best), extreme(row, |best, v| v < best)) else {
            continue;
        };
        let (Some(max), Some(min)) = (row[max], row[min]) else { continue };
        let money = |p: &Point| short_money(plot, p.value, Scale::Auto, None, lang);
        let name = if plot.series.len() > 1 { format!("{}: ", series.label) } else { String::new() };
        text += &format!("; {name}{peak} {} {at} {}", money(max), long(max.period));
        if row.iter().flatten().nth(1).is_some() {
            text += &format!(", {low} {} {at} {}", money(min), long(min.period));
        }
    }
    if let Some(mean) = plot.mean {
        text += &format!("; {} {}", Words::new(lang).mean, short_money(plot, mean, Scale::Auto, None, lang));
    }
    for a in &plot.annotations {
        text += "; ";
        text += &annotation(plot, a, lang);
    }
    text.push('.');
    text + &caveat_count(plot, lang)
}

/// An annotation in words, for the summary and the list under the table: `Reference line at $60M:
/// budget`, `Shaded, July 2023 – September 2023: contract signed`, `Callout at March 2024: price cut`.
pub(super) fn annotation(plot: &Plot, a: &Annotation, lang: Lang) -> String {
    let fy = plot.dataset.fiscal_year_start;
    let label = &a.label;
    match (a.mark, lang) {
        (Mark::Line(v), Lang::En) => {
            format!("Reference line at {}: {label}", short_money(plot, v, Scale::Auto, None, lang))
        }
        (Mark::Line(v), Lang::De) => {
            format!("Referenzlinie bei {}: {label}", short_money(plot, v, Scale::Auto, None, lang))
        }
        (Mark::Range(from, to), Lang::En) => {
            format!("Shaded, {}: {label}", format::period_range(from, to, fy, Style::Long, lang))
        }
        (Mark::Range(from, to), Lang::De) => {
            format!("Hinterlegt, {}: {label}", format::period_range(from, to, fy, Style::Long, lang))
        }
        (Mark::Callout(at), Lang::En) => format!("Callout at {}: {label}", format::period(at, fy, Style::Long, lang)),
        (Mark::Callout(at), Lang::De) => format!("Anmerkung zu {}: {label}", format::period(at, fy, Style::Long, lang)),
    }
}

/// ` 2 of 11 values are illustrative.`, or nothing when every value is reported.
fn caveat_count(plot: &Plot, lang: Lang) -> String {
    let caveats = plot.caveats();
    if caveats.is_empty() {
        return String::new();
    }
    let words = Words::new(lang);
    let total = plot.points().count();
    let marked = plot.points().filter(|(_, _, p)| p.status != Status::Reported).count();
    let statuses: Vec<&str> = caveats.iter().map(|s| words.status(*s)).collect();
    let statuses = statuses.join(words.or);
    match (lang, marked == 1) {
        (Lang::En, true) => format!(" 1 of {total} values is {statuses}."),
        (Lang::En, false) => format!(" {marked} of {total} values are {statuses}."),
        (Lang::De, true) => format!(" 1 von {total} Werten ist {statuses}."),
        (Lang::De, false) => format!(" {marked} von {total} Werten sind {statuses}."),
    }
}

/// The spec's caption, then (when estimated or illustrative values are plotted) how they are marked and
/// what they mean.
pub(super) fn caption(plot: &Plot, caption: Option<&str>, lang: Lang) -> Option<String> {
    let caveats = plot.caveats();
    let bars = matches!(plot.kind, Kind::Bar | Kind::Stacked);
    let note = (!caveats.is_empty()).then(|| {
        let meanings: Vec<&str> = caveats.iter().map(|s| meaning(*s, lang)).collect();
        let marking = match (lang, bars) {
            (Lang::En, true) => "Hatched bars mark values that were not reported",
            (Lang::En, false) => "Dashed lines and hollow markers mark values that were not reported",
            (Lang::De, true) => "Schraffierte Balken kennzeichnen Werte, die nicht berichtet wurden",
            (Lang::De, false) => {
                "Gestrichelte Linien und hohle Markierungen kennzeichnen Werte, die nicht berichtet wurden"
            }
        };
        format!("{marking}: {}.", meanings.join("; "))
    });
    match (caption.map(str::trim).filter(|c| !c.is_empty()), note) {
        (Some(c), Some(n)) => Some(format!("{c} {n}")),
        (Some(c), None) => Some(c.to_owned()),
        (None, n) => n,
    }
}

fn meaning(status: Status, lang: Lang) -> &'static str {
    match (lang, status) {
        (_, Status::Reported) => "",
        (Lang::En, Status::Estimated) => {
            "estimated (derived from published figures by the method in the dataset’s notes)"
        }
        (Lang::En, Status::Illustrative) => "illustrative (not published; chosen for illustration)",
        (Lang::De, Status::Estimated) => {
            "geschätzt (aus veröffentlichten Zahlen abgeleitet, Methode in den Anmerkungen zum Datensatz)"
        }
        (Lang::De, Status::Illustrative) => "illustrativ (nicht veröffentlicht; zur Veranschaulichung gewählt)",
    }
}

/// Every plotted value: a row per period (with any value), a column per series, exact values in words.
pub(super) fn table_html(plot: &Plot, lang: Lang) -> String {
    let mut html = String::from("<table>\n<thead><tr><th scope=\"col\">");
    html += if lang == Lang::De { "Zeitraum" } else { "Period" };
    html += "</th>";
    for series in &plot.series {
        let _ = write!(html, "<th scope=\"col\">{}</th>", escape(&series.label));
    }
    html += "</tr></thead>\n<tbody>\n";
    for (i, period) in plot.periods.iter().enumerate() {
        if plot.cells.iter().all(|row| row[i].is_none()) {
            continue;
        }
        let name = format::period(*period, plot.dataset.fiscal_year_start, Style::Long, lang);
        let _ = write!(html, "<tr><th scope=\"row\">{}</th>", escape(&name));
        for row in &plot.cells {
            let _ = write!(html, "<td>{}</td>", row[i].map_or("–".to_owned(), |p| escape(&cell(plot, p, lang))));
        }
        html += "</tr>\n";
    }
    html + "</tbody>\n</table>"
}

/// A value exactly as the dataset has it (`$55.20 million`), with its status and note when it has them.
fn cell(plot: &Plot, point: &Point, lang: Lang) -> String {
    let d = plot.dataset;
    let scale = Scale::from(d.unit);
    // The value's own decimal places keep it exact: `55.20` stays `$55.20 million`.
    let dp = Some(point.value.scale());
    let mut text = format::money(point.value, d.unit, &d.currency, scale, dp, Style::Long, lang);
    let status = (point.status != Status::Reported).then(|| Words::new(lang).status(point.status));
    match (status, point.note.as_deref()) {
        (Some(s), Some(n)) => text += &format!(" ({s}: {n})"),
        (Some(s), None) => text += &format!(" ({s})"),
        (None, Some(n)) => text += &format!(" ({n})"),
        (None, None) => {}
    }
    text
}

/// The dataset's sources as a sentence of links (a source without a URL is its title): `Source: <a
/// href="…">Annual report</a>.`, `Quellen: …, ….`
pub(super) fn sources_html(dataset: &crate::dataset::Dataset, lang: Lang) -> String {
    let links: Vec<String> = dataset
        .sources
        .iter()
        .map(|s| match s.url.as_deref().filter(|u| crate::markdown::is_allowed_url(u)) {
            Some(url) => format!("<a href=\"{}\">{}</a>", escape(url), escape(&s.title)),
            None => escape(&s.title),
        })
        .collect();
    if links.is_empty() {
        return String::new();
    }
    let label = match (lang, links.len()) {
        (Lang::En, 1) => "Source",
        (Lang::En, _) => "Sources",
        (Lang::De, 1) => "Quelle",
        (Lang::De, _) => "Quellen",
    };
    format!("<span class=\"chart-sources\">{label}: {}.</span>", links.join("; "))
}

/// The `<figure>`: both SVGs inline with ids derived from `id`, the data table, the caption.
pub(super) fn figure_html(chart: &Chart, id: &str, lang: Lang) -> String {
    let id = crate::names::html_id(id, "chart");
    // The classes' `<style>` is in the page's stylesheet (`stylesheet()`), not in every figure.
    let wide = chart.wide.write(&id, "class=\"ssc chart-wide\"", false);
    // Hidden by its presentation attribute, which any stylesheet rule overrides: a page whose stylesheet
    // lacks the narrow-column rule still shows exactly one chart, the wide one.
    let narrow = chart.narrow.write(&format!("{id}-n"), "class=\"ssc chart-narrow\" display=\"none\"", false);
    let mut html = format!("<figure class=\"chart\" id=\"{id}\">\n{wide}{narrow}");
    let summary = if lang == Lang::De { "Datentabelle" } else { "Data table" };
    let _ = writeln!(html, "<details><summary>{summary}</summary>\n{}\n</details>", chart.table_html);
    if !chart.notes.is_empty() {
        let label = if lang == Lang::De { "Anmerkungen im Diagramm" } else { "Annotations on the chart" };
        let _ = writeln!(html, "<ul class=\"chart-notes\" aria-label=\"{label}\">");
        for note in &chart.notes {
            let _ = writeln!(html, "<li>{}</li>", escape(note));
        }
        html.push_str("</ul>\n");
    }
    // A figcaption must be the figure's first or last child (the Nu HTML Checker rejects it between).
    let caption = chart.caption.as_deref().map(|c| format!("{} ", escape(c))).unwrap_or_default();
    let _ = writeln!(html, "<figcaption>{caption}{}</figcaption>", chart.sources_html);
    html.push_str("</figure>");
    html
}
