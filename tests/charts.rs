//! Charts as readers and pages meet them: the SVG parses, says what it shows in words, marks estimated
//! and illustrative values, escapes dataset text, labels periods in the page's language, and is the same
//! bytes every time.
//!
//! Snapshots: one SVG per chart kind under `tests/snapshots/`. After an intended change, rewrite them with
//! `SPENDSITE_BLESS=1 cargo test --test integration charts` and review the diff (and the rendered chart).
//! `CHART_SAMPLES=/some/dir` additionally writes HTML pages with the figures, for looking at them.

use std::path::PathBuf;

use rust_decimal::Decimal;
use spendsite::chart::{self, Chart, ChartSpec, Highlight, Kind};
use spendsite::dataset::{Annotation, Currency, Dataset, Point, Series, Status, Unit};
use spendsite::lang::Lang;
use spendsite::period::{Granularity, Period};

use crate::support::assert_snapshot;

fn period(key: &str) -> Period {
    Period::parse(key).unwrap()
}

fn series(key: &str, label: &str, first: &str, values: &[(&str, Status)]) -> Series {
    let mut p = period(first);
    let mut points = Vec::new();
    for (i, (raw, status)) in values.iter().enumerate() {
        let value: Decimal = raw.parse().unwrap();
        points.push(Point { period: p, value, raw: raw.to_string(), status: *status, note: None, line: i + 10 });
        p = p.next();
    }
    Series { key: key.into(), label: label.into(), status: Status::Reported, points }
}

fn dataset(id: &str, title: &str, granularity: Granularity, series: Vec<Series>) -> Dataset {
    Dataset {
        id: id.into(),
        path: PathBuf::from(format!("data/{id}.yaml")),
        title: title.into(),
        description: None,
        currency: Currency("USD".into()),
        unit: Unit::Million,
        fiscal_year_start: 1,
        sources: Vec::new(),
        notes: None,
        revisions: Vec::new(),
        annotations: Vec::new(),
        allow_negative: false,
        series,
        granularity,
        table: None,
        fingerprint: 0,
    }
}

const R: Status = Status::Reported;
const I: Status = Status::Illustrative;
const E: Status = Status::Estimated;

/// 11 months, Jul 2023 – May 2024, peak 61.9 in 2023-11, the last three illustrative.
fn walmart() -> Dataset {
    let values = [
        ("40.1", R),
        ("42.3", R),
        ("45.0", R),
        ("50.2", R),
        ("61.9", R),
        ("55.4", R),
        ("48.0", R),
        ("47.5", R),
        ("52.0", I),
        ("53.1", I),
        ("55.20", I),
    ];
    dataset(
        "walmart-azure",
        "Azure spend by Walmart",
        Granularity::Month,
        vec![series("acr", "Azure consumption", "2023-07", &values)],
    )
}

/// Two quarterly series over two years, one estimated value, a fiscal year starting in July.
fn clouds() -> Dataset {
    let a = [("10", R), ("12", R), ("14.5", R), ("13", E), ("16", R), ("18", R), ("17", R), ("21", R)];
    let b = [("4", R), ("5", R), ("5.5", R), ("7", R), ("6", R), ("8", R), ("9.5", R), ("11", R)];
    let mut d = dataset(
        "clouds",
        "Cloud spend by provider",
        Granularity::Quarter,
        vec![series("azure", "Azure", "2023-Q1", &a), series("aws", "AWS", "2023-Q1", &b)],
    );
    d.fiscal_year_start = 7;
    d
}

fn spec() -> ChartSpec {
    ChartSpec::default()
}

fn draw(d: &Dataset, spec: &ChartSpec, lang: Lang) -> Chart {
    chart::draw(d, spec, lang).unwrap_or_else(|e| panic!("chart failed: {e}"))
}

/// The SVG parsed as XML, with the checks every chart must pass: role, labelled by its title and desc.
#[track_caller]
fn parse(svg: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG does not parse: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(root.attribute("width").is_none() && root.attribute("height").is_none());
    assert!(root.attribute("viewBox").is_some());
    for id in root.attribute("aria-labelledby").unwrap().split(' ') {
        assert!(doc.descendants().any(|n| n.attribute("id") == Some(id)), "no element with id {id}");
    }
    doc
}

fn texts<'a>(doc: &'a roxmltree::Document, tag: &str) -> Vec<&'a str> {
    doc.descendants().filter(|n| n.has_tag_name(tag)).map(|n| n.text().unwrap_or("")).collect()
}

fn with_class<'a, 'i>(doc: &'a roxmltree::Document<'i>, class: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    doc.descendants().filter(|n| n.attribute("class").is_some_and(|c| c.split(' ').any(|c| c == class))).collect()
}

#[test]
fn bar_chart_says_what_it_shows_and_labels_the_peak() {
    let spec = ChartSpec { highlight: vec![Highlight::Max], ..spec() };
    let chart = draw(&walmart(), &spec, Lang::En);
    let svg = chart.svg();
    let doc = parse(&svg);
    assert_eq!(texts(&doc, "title"), ["Azure spend by Walmart"]);
    let desc = "Bar chart of Azure spend by Walmart, monthly, July 2023 to May 2024; peak $61.9M in November 2023, low $40.1M in July 2023. 3 of 11 values are illustrative.";
    assert_eq!(texts(&doc, "desc"), [desc]);
    assert_eq!(chart.desc, desc);
    let labels: Vec<&str> = with_class(&doc, "ssc-label").iter().map(|n| n.text().unwrap()).collect();
    assert_eq!(labels, ["$61.9M"]);
    let axis = texts(&doc, "text");
    for tick in ["$0", "$20M", "$40M", "$60M", "$80M", "Jul 2023", "Jan 2024"] {
        assert!(axis.contains(&tick), "no axis label {tick} in {axis:?}");
    }
}

#[test]
fn illustrative_values_are_hatched_and_explained() {
    let chart = draw(&walmart(), &spec(), Lang::En);
    let svg = chart.svg();
    let doc = parse(&svg);
    // Three bars, plus the legend swatch.
    let hatched = with_class(&doc, "ssc-hatch");
    assert_eq!(hatched.len(), 4);
    assert!(hatched.iter().all(|n| n.attribute("fill") == Some("url(#spendsite-chart-hatch-0)")));
    assert!(doc
        .descendants()
        .any(|n| n.has_tag_name("pattern") && n.attribute("id") == Some("spendsite-chart-hatch-0")));
    // Eight bars, plus the solid legend swatch for the reported ones.
    assert_eq!(with_class(&doc, "ssc-bar").len(), 9);
    assert!(texts(&doc, "text").contains(&"illustrative"));
    assert!(texts(&doc, "text").contains(&"reported"));
    assert_eq!(
        chart.caption.as_deref(),
        Some("Hatched bars mark values that were not reported: illustrative (not published; chosen for illustration).")
    );
}

#[test]
fn lines_mark_estimated_values_with_dashes_and_hollow_markers() {
    let chart = draw(&clouds(), &spec(), Lang::En);
    let svg = chart.svg();
    let doc = parse(&svg);
    assert_eq!(with_class(&doc, "ssc-hollow").len(), 2, "the estimated value and its legend swatch");
    let dashed = with_class(&doc, "ssc-est");
    assert_eq!(dashed.len(), 2, "the pieces around the estimated value and the legend swatch");
    let legend = texts(&doc, "text");
    assert!(legend.contains(&"Azure") && legend.contains(&"AWS") && legend.contains(&"estimated"));
    assert!(chart.caption.unwrap().starts_with("Dashed lines and hollow markers mark values that were not reported"));
}

#[test]
fn fiscal_quarters_and_german_labels() {
    let spec_q = ChartSpec { from: Some(period("2023-Q4")), to: Some(period("2024-Q3")), ..spec() };
    let doc_text = draw(&clouds(), &spec_q, Lang::En).svg();
    let doc = parse(&doc_text);
    let labels = texts(&doc, "text");
    for label in ["FY24 Q2", "FY24 Q3", "FY24 Q4", "FY25 Q1"] {
        assert!(labels.contains(&label), "no {label} in {labels:?}");
    }
    let chart = draw(&walmart(), &ChartSpec { highlight: vec![Highlight::Max], ..spec() }, Lang::De);
    let svg = chart.svg();
    let doc = parse(&svg);
    let labels = texts(&doc, "text");
    // With the unit written once above the axis, the direct label is a bare number in it too.
    for label in ["Juli 2023", "61,9", "illustrativ"] {
        assert!(labels.contains(&label), "no {label} in {labels:?}");
    }
    // German money on every tick would take more than a sixth of the width: bare numbers, the unit once.
    let ticks: Vec<&str> =
        labels.iter().copied().filter(|l| l.parse::<u32>().is_ok() || l.contains("Mio.\u{a0}US")).collect();
    assert_eq!(ticks, ["0", "20", "40", "60", "80", "Mio.\u{a0}US-Dollar"]);
    assert_eq!(
        chart.desc,
        "Balkendiagramm: Azure spend by Walmart, monatlich, Juli 2023 bis Mai 2024; Höchstwert 61,9\u{a0}Mio.\u{a0}US-Dollar im November 2023, Tiefstwert 40,1\u{a0}Mio.\u{a0}US-Dollar im Juli 2023. 3 von 11 Werten sind illustrativ."
    );
    let html = chart::figure_html(&chart, "c1", Lang::De);
    assert!(html.contains("<summary>Datentabelle</summary>"));
    assert!(html.contains(
        "<tr><th scope=\"row\">Mai 2024</th><td>55,20\u{a0}Millionen\u{a0}US-Dollar (illustrativ)</td></tr>"
    ));
}

/// Every chart's caption ends with its dataset's sources, as links where they have a URL.
#[test]
fn the_caption_ends_with_the_sources() {
    use spendsite::dataset::Source;
    let mut d = walmart();
    let source =
        |title: &str, url: Option<&str>| Source { title: title.into(), url: url.map(Into::into), published: None };
    d.sources = vec![source("The <Information>", Some("https://example.com/a?b=1&c=2")), source("A filing", None)];
    let chart = draw(&d, &ChartSpec { caption: Some("Monthly.".into()), ..spec() }, Lang::En);
    let html = chart::figure_html(&chart, "c1", Lang::En);
    let caption = html.split("<figcaption>").nth(1).unwrap().split("</figcaption>").next().unwrap();
    assert!(caption.starts_with("Monthly. "), "{caption}");
    assert!(
        caption.ends_with(
            "<span class=\"chart-sources\">Sources: <a href=\"https://example.com/a?b=1&amp;c=2\">The \
             &lt;Information&gt;</a>; A filing.</span>"
        ),
        "{caption}"
    );
    d.sources.truncate(1);
    let html = chart::figure_html(&draw(&d, &spec(), Lang::De), "c1", Lang::De);
    assert!(
        html.contains("<span class=\"chart-sources\">Quelle: <a href=\"https://example.com/a?b=1&amp;c=2\">"),
        "{html}"
    );
}

#[test]
fn hostile_dataset_text_is_escaped_and_survives() {
    let hostile = "<script>alert('x')</script> & \"quotes\" 🚀 שלום";
    let mut d = walmart();
    d.title = hostile.into();
    d.series[0].label = hostile.into();
    d.series.push(series("b", hostile, "2023-07", &[("1", R), ("2", R)]));
    let spec = ChartSpec { caption: Some(hostile.into()), ..spec() };
    let chart = draw(&d, &spec, Lang::En);
    let svg = chart.svg();
    let doc = parse(&svg);
    assert_eq!(texts(&doc, "title"), [hostile]);
    assert!(texts(&doc, "desc")[0].contains(hostile));
    assert!(texts(&doc, "text").iter().any(|t| t.starts_with("<script>alert('x')")), "legend keeps the text");
    let html = chart::figure_html(&chart, "hostile", Lang::En);
    assert!(!html.contains("<script>"));
    let page = format!("<div>{}</div>", html.replace("<details>", "<details open=\"open\">"));
    let doc = roxmltree::Document::parse(&page).unwrap_or_else(|e| panic!("figure is not well-formed: {e}"));
    let caption = doc.descendants().find(|n| n.has_tag_name("figcaption")).unwrap();
    assert!(caption.text().unwrap().starts_with(hostile));
    let headers: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("th")).filter_map(|n| n.text()).collect();
    assert_eq!(&headers[..3], ["Period", hostile, hostile]);
}

#[test]
fn figure_ids_are_unique_per_page() {
    let chart = draw(&walmart(), &spec(), Lang::En);
    let html = chart::figure_html(&chart, "chart-2", Lang::En);
    assert!(html.starts_with("<figure class=\"chart\" id=\"chart-2\">\n<svg "));
    assert!(html.contains("aria-labelledby=\"chart-2-title chart-2-desc\""));
    assert!(html.contains("<title id=\"chart-2-title\">") && html.contains("<desc id=\"chart-2-desc\">"));
    assert!(html.contains("id=\"chart-2-hatch-0\"") && html.contains("fill=\"url(#chart-2-hatch-0)\""));
    assert!(!html.contains("spendsite-chart"));
    assert!(html.contains("<figcaption>Hatched bars mark"));
    assert!(html.contains("<details><summary>Data table</summary>\n<table>"));
    assert!(html.contains("<tr><th scope=\"row\">November 2023</th><td>$61.9\u{a0}million</td></tr>"));
    assert!(html.contains("<tr><th scope=\"row\">May 2024</th><td>$55.20\u{a0}million (illustrative)</td></tr>"));
}

/// 24 months from Jul 2023: Walmart's 11 values, then the same again.
fn two_years() -> Dataset {
    let mut d = walmart();
    for i in 0..13 {
        let mut p = d.series[0].points[i % 11].clone();
        p.period = d.series[0].points.last().unwrap().period.next();
        d.series[0].points.push(p);
    }
    d
}

/// The font sizes of the texts, each once.
fn font_sizes(doc: &roxmltree::Document) -> Vec<String> {
    let mut sizes: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.attribute("font-size").map(str::to_owned))
        .collect();
    sizes.sort_unstable();
    sizes.dedup();
    sizes
}

/// The texts of the period axis: `Jul 2023`, `Jan 2024`, …
fn period_labels<'a>(doc: &'a roxmltree::Document) -> Vec<&'a str> {
    let is_period = |t: &&str| t.len() == 8 && t.as_bytes()[3] == b' ' && t[4..].bytes().all(|b| b.is_ascii_digit());
    texts(doc, "text").into_iter().filter(is_period).collect()
}

#[test]
fn the_narrow_chart_is_the_same_chart_with_fewer_labels() {
    let spec = ChartSpec { highlight: vec![Highlight::Max], ..spec() };
    let chart = draw(&two_years(), &spec, Lang::En);
    let (wide, narrow) = (chart.svg(), chart.narrow.standalone());
    let (wide, narrow) = (parse(&wide), parse(&narrow));
    assert_eq!(wide.root_element().attribute("viewBox"), Some("0 0 560 330"));
    assert_eq!(narrow.root_element().attribute("viewBox"), Some("0 0 360 300"));
    assert_eq!(texts(&narrow, "title"), texts(&wide, "title"));
    assert_eq!(texts(&narrow, "desc"), [chart.desc.as_str()]);
    let labels: Vec<&str> = with_class(&narrow, "ssc-label").iter().map(|n| n.text().unwrap()).collect();
    assert_eq!(labels, ["$61.9M"]);
    let (wide_periods, narrow_periods) = (period_labels(&wide), period_labels(&narrow));
    assert!(!narrow_periods.is_empty(), "no period labels in the narrow chart");
    assert!(
        narrow_periods.len() < wide_periods.len(),
        "narrow {narrow_periods:?} is not fewer than wide {wide_periods:?}"
    );
    // The same font sizes: that is what keeps the narrow chart legible in a phone's column.
    assert_eq!(font_sizes(&narrow), font_sizes(&wide));
    assert!(texts(&narrow, "text").contains(&"illustrative"));
}

#[test]
fn a_long_title_wraps_in_the_narrow_chart() {
    let mut d = walmart();
    d.title = "Azure consumption of Walmart, month by month, as the leaked document has it".into();
    let chart = draw(&d, &spec(), Lang::En);
    let svg = chart.narrow.standalone();
    let doc = parse(&svg);
    let title: Vec<&str> = with_class(&doc, "ssc-title").iter().map(|n| n.text().unwrap()).collect();
    assert_eq!(title.len(), 2, "{title:?}");
    assert!(title[0].starts_with("Azure consumption") && title[1].ends_with('…'), "{title:?}");
    assert_eq!(texts(&doc, "title"), [d.title.as_str()], "the accessible name keeps the whole title");
}

/// Fitting a text costs time in proportion to its length: a megabyte of title, with spaces or without,
/// or of series label is cut to what fits (a fit that tried one length after another would not finish).
#[test]
fn a_megabyte_of_title_or_label_is_cut_to_what_fits() {
    let visible = |d: &Dataset, class: &str| -> Vec<String> {
        let chart = draw(d, &spec(), Lang::En);
        let svg = chart.wide.standalone();
        let doc = parse(&svg);
        with_class(&doc, class).iter().map(|n| n.text().unwrap_or_default().to_owned()).collect()
    };
    let mut d = walmart();
    d.title = "Azure spend ".repeat(90_000);
    assert_eq!(
        visible(&d, "ssc-title"),
        [
            "Azure spend Azure spend Azure spend Azure spend Azure",
            "spend Azure spend Azure spend Azure spend Azure spe…"
        ]
    );
    d.title = "A".repeat(1_000_000);
    assert_eq!(visible(&d, "ssc-title"), [format!("{}…", "A".repeat(38))]);
    let mut clouds = clouds();
    clouds.series[0].label = "Microsoft ".repeat(100_000);
    let svg = draw(&clouds, &spec(), Lang::En).wide.standalone();
    let doc = parse(&svg);
    let legend: Vec<&str> = texts(&doc, "text").into_iter().filter(|t| t.starts_with("Micro")).collect();
    assert_eq!(legend, ["Microsoft Microsoft Microsoft Micro…"]);
}

#[test]
fn a_figure_holds_both_charts_with_unique_ids() {
    let chart = draw(&walmart(), &spec(), Lang::En);
    let html = chart::figure_html(&chart, "c", Lang::En);
    let page = format!("<div>{}</div>", html.replace("<details>", "<details open=\"open\">"));
    let doc = roxmltree::Document::parse(&page).unwrap_or_else(|e| panic!("figure is not well-formed: {e}"));
    let svgs: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("svg")).collect();
    assert_eq!(svgs.len(), 2);
    assert_eq!(svgs[0].attribute("class"), Some("ssc chart-wide"));
    assert_eq!(svgs[0].attribute("display"), None);
    assert_eq!(svgs[1].attribute("class"), Some("ssc chart-narrow"));
    assert_eq!(svgs[1].attribute("display"), Some("none"), "hidden where the stylesheet does not show it");
    assert_eq!(svgs[0].attribute("aria-labelledby"), Some("c-title c-desc"));
    assert_eq!(svgs[1].attribute("aria-labelledby"), Some("c-n-title c-n-desc"));
    let mut ids: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("id")).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids in {ids:?}");
    for svg in &svgs {
        for id in svg.attribute("aria-labelledby").unwrap().split(' ') {
            assert!(svg.descendants().any(|n| n.attribute("id") == Some(id)), "no {id} inside its SVG");
        }
        for fill in svg.descendants().filter_map(|n| n.attribute("fill")).filter(|f| f.starts_with("url(#")) {
            let id = &fill[5..fill.len() - 1];
            assert!(svg.descendants().any(|n| n.attribute("id") == Some(id)), "no pattern {id} inside its SVG");
        }
    }
    assert!(!html.contains("spendsite-chart"));
}

#[test]
fn bad_specs_are_errors_with_messages() {
    let d = walmart();
    let err = |spec: ChartSpec| chart::draw(&d, &spec, Lang::En).unwrap_err();
    assert_eq!(
        err(ChartSpec { series: vec!["nope".into()], ..spec() }),
        "dataset `walmart-azure` has no series `nope` (it has: acr)"
    );
    assert_eq!(
        err(ChartSpec { from: Some(period("2024-05")), to: Some(period("2023-08")), ..spec() }),
        "`from=\"2024-05\"` is after `to=\"2023-08\"`"
    );
    assert_eq!(
        err(ChartSpec { from: Some(period("2022-01")), ..spec() }),
        "`from=\"2022-01\"` is outside the data of `walmart-azure` (it covers 2023-07 to 2024-05)"
    );
    assert_eq!(
        err(ChartSpec { to: Some(period("2024-Q1")), ..spec() }),
        "`to=\"2024-Q1\"` is a quarter, but `walmart-azure` has monthly values"
    );
    assert_eq!(
        err(ChartSpec {
            highlight: vec![Highlight::Period(period("2023-07"))],
            from: Some(period("2023-09")),
            ..spec()
        }),
        "highlight `2023-07` is outside the chart (2023-09 to 2024-05)"
    );
    assert_eq!(
        chart::draw(&clouds(), &ChartSpec { mean: true, ..spec() }, Lang::En).unwrap_err(),
        "`mean` needs a chart of one series, but this one has 2 (azure, aws)"
    );
    let mut negative = walmart();
    negative.series[0].points[1].value = "-3".parse().unwrap();
    negative.series[0].points[1].raw = "-3".into();
    assert_eq!(
        chart::draw(&negative, &ChartSpec { kind: Some(Kind::Stacked), ..spec() }, Lang::En).unwrap_err(),
        "a stacked chart cannot show the negative value -3 of `acr` in 2023-08; use kind=\"bar\" or kind=\"line\""
    );
}

#[test]
fn specs_parse() {
    assert_eq!(Kind::parse("stacked"), Some(Kind::Stacked));
    assert_eq!(Kind::parse("pie"), None);
    assert_eq!(Highlight::parse("max"), Some(Highlight::Max));
    assert_eq!(Highlight::parse("2023-11"), Some(Highlight::Period(period("2023-11"))));
    assert_eq!(Highlight::parse("peak"), None);
}

#[test]
fn negative_values_and_a_mean_line() {
    let mut d = walmart();
    d.series[0].points[1].value = "-12.5".parse().unwrap();
    let chart =
        draw(&d, &ChartSpec { mean: true, highlight: vec![Highlight::Min, Highlight::Last], ..spec() }, Lang::En);
    let svg = chart.svg();
    let doc = parse(&svg);
    let labels: Vec<&str> = with_class(&doc, "ssc-label").iter().map(|n| n.text().unwrap()).collect();
    assert_eq!(labels, ["-$12.5M", "$55.2M", "mean $45.1M"]);
    assert!(texts(&doc, "text").contains(&"-$20M"));
    assert_eq!(with_class(&doc, "ssc-mean").len(), 1);
}

#[test]
fn odd_data_draws_without_panicking() {
    let one = dataset("one", "One", Granularity::Month, vec![series("a", "A", "2024-01", &[("5", R)])]);
    let zeros = dataset("zeros", "Zeros", Granularity::Month, vec![series("a", "A", "2024-01", &[("0", R), ("0", R)])]);
    let below =
        dataset("below", "Below", Granularity::Month, vec![series("a", "A", "2024-01", &[("-5", R), ("-40.5", E)])]);
    let huge = dataset(
        "huge",
        "Huge",
        Granularity::Month,
        vec![series("a", "A", "2024-01", &[("79000000000000000000", R), ("1", R)])],
    );
    let mut gap = walmart();
    gap.series[0].points.remove(4);
    let mut tiny = walmart();
    tiny.unit = Unit::One;
    for p in &mut tiny.series[0].points {
        p.value /= Decimal::from(1000);
    }
    // A long callout at every period, and a shaded range over each: more than the band can hold.
    let crowded = |d: &Dataset| -> Vec<Annotation> {
        let periods = d.series[0].points.iter().map(|p| p.period);
        periods
            .flat_map(|p| {
                [
                    Annotation::parse(&format!("callout {p}: a long callout text that cannot fit beside another one")),
                    Annotation::parse(&format!("range {p} to {p}: and a range label as long as it")),
                ]
            })
            .map(Result::unwrap)
            .collect()
    };
    for d in [one, zeros, below, huge, gap, tiny] {
        for kind in [Kind::Bar, Kind::Line, Kind::Area, Kind::Stacked] {
            let spec = ChartSpec {
                kind: Some(kind),
                mean: true,
                highlight: vec![Highlight::Max, Highlight::Min, Highlight::Last],
                annotations: crowded(&d),
                ..spec()
            };
            match chart::draw(&d, &spec, Lang::De) {
                Ok(chart) => drop((parse(&chart.svg()), parse(&chart.narrow.standalone()))),
                Err(e) => assert!(kind == Kind::Stacked && e.contains("negative"), "{}: {e}", d.id),
            }
        }
    }
}

#[test]
fn a_gap_breaks_the_line() {
    let mut d = walmart();
    d.series[0].points.remove(4);
    let chart = draw(&d, &ChartSpec { kind: Some(Kind::Line), ..spec() }, Lang::En);
    let svg = chart.svg();
    let doc = parse(&svg);
    let lines = with_class(&doc, "ssc-line");
    // Before the gap, after it (solid), the dashed illustrative end, and the two legend swatches.
    assert_eq!(lines.len(), 5);
    assert!(chart.table_html.contains("<tr><th scope=\"row\">October 2023</th>"));
    assert!(!chart.table_html.contains("November 2023"));
}

#[test]
fn drawing_twice_gives_the_same_bytes() {
    for kind in [Kind::Bar, Kind::Line, Kind::Area, Kind::Stacked] {
        let spec = ChartSpec { kind: Some(kind), highlight: vec![Highlight::Max], ..spec() };
        assert_eq!(draw(&clouds(), &spec, Lang::En), draw(&clouds(), &spec, Lang::En));
    }
}

#[test]
fn one_snapshot_per_kind() {
    for (name, kind, data) in [
        ("bar", Kind::Bar, walmart()),
        ("line", Kind::Line, clouds()),
        ("area", Kind::Area, walmart()),
        ("stacked", Kind::Stacked, clouds()),
    ] {
        let spec = ChartSpec { kind: Some(kind), highlight: vec![Highlight::Max], ..spec() };
        let svg = draw(&data, &spec, Lang::En).svg();
        parse(&svg);
        assert_snapshot(&format!("snapshots/chart-{name}.svg"), &svg);
    }
}

/// One of each annotation on a bar chart with its mean, and on a stacked one in German.
fn annotated() -> [(&'static str, Dataset, ChartSpec, Lang); 2] {
    let a = |texts: &[&str]| texts.iter().map(|t| Annotation::parse(t).unwrap()).collect::<Vec<_>>();
    [
        (
            "annotated",
            walmart(),
            ChartSpec {
                mean: true,
                highlight: vec![Highlight::Max],
                annotations: a(&[
                    "line 60: budget",
                    "range 2023-09 to 2023-12: price change",
                    "callout 2024-03: contract signed",
                ]),
                ..spec()
            },
            Lang::En,
        ),
        (
            "annotated-stacked",
            clouds(),
            ChartSpec {
                kind: Some(Kind::Stacked),
                annotations: a(&[
                    "line 1.5: Ziel",
                    "range 2023-Q2 to 2023-Q3: Preisänderung",
                    "callout 2023-Q4: Vertrag unterzeichnet",
                ]),
                ..spec()
            },
            Lang::De,
        ),
    ]
}

#[test]
fn annotated_snapshots() {
    for (name, data, spec, lang) in annotated() {
        let chart = draw(&data, &spec, lang);
        for (fit, svg) in [("", chart.svg()), ("-narrow", chart.narrow.standalone())] {
            let doc = parse(&svg);
            assert_eq!(with_class(&doc, "ssc-shade").len(), 1, "{name}{fit}: the range is shaded");
            assert_eq!(with_class(&doc, "ssc-leader").len(), 1, "{name}{fit}: the callout has its leader");
            assert_eq!(with_class(&doc, "ssc-ref").len(), 1, "{name}{fit}: the reference line is drawn");
            assert_eq!(with_class(&doc, "ssc-note").len(), 2, "{name}{fit}: the range's and the callout's texts");
            assert_snapshot(&format!("snapshots/chart-{name}{fit}.svg"), &svg);
        }
    }
}

/// Writes HTML pages with every sample figure, for looking at them in a browser (not a check).
#[test]
fn sample_pages() {
    let Some(dir) = std::env::var_os("CHART_SAMPLES") else { return };
    write_samples(&PathBuf::from(dir));
}

/// Writes into `dir` one HTML page (and its SVG) per sample chart: each kind in both languages, the
/// annotated ones, and every [`hard_cases`] chart in its language; the browser suite checks them in the
/// page's real fonts.
pub(crate) fn write_samples(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    let long = two_years();
    let mut negative = walmart();
    for (i, p) in negative.series[0].points.iter_mut().enumerate() {
        p.value -= Decimal::from(10 * i as i64);
    }
    let samples = [
        ("bar", walmart(), ChartSpec { highlight: vec![Highlight::Max], ..spec() }),
        ("bar-mean", walmart(), ChartSpec { mean: true, highlight: vec![Highlight::Last], ..spec() }),
        ("bar24", long, ChartSpec { highlight: vec![Highlight::Max], ..spec() }),
        ("line", clouds(), ChartSpec { highlight: vec![Highlight::Max], ..spec() }),
        ("area", walmart(), ChartSpec { kind: Some(Kind::Area), highlight: vec![Highlight::Max], ..spec() }),
        ("stacked", clouds(), ChartSpec { kind: Some(Kind::Stacked), highlight: vec![Highlight::Max], ..spec() }),
        ("grouped", clouds(), ChartSpec { kind: Some(Kind::Bar), ..spec() }),
        ("negative", negative, ChartSpec { mean: true, highlight: vec![Highlight::Min, Highlight::Max], ..spec() }),
    ];
    let annotated = annotated().map(|(name, data, spec, _)| (name.to_owned(), data, spec));
    let both = samples.into_iter().map(|(name, data, spec)| (name.to_owned(), data, spec)).chain(annotated);
    let mut pages: Vec<(String, Dataset, ChartSpec, Lang)> = both
        .flat_map(|(name, data, spec)| {
            [Lang::En, Lang::De].map(|lang| (format!("{name}-{}", lang.code()), data.clone(), spec.clone(), lang))
        })
        .collect();
    let slug = |name: &str| name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect::<String>();
    pages.extend(
        hard_cases().into_iter().map(|(name, data, spec, lang)| (format!("hard-{}", slug(&name)), data, spec, lang)),
    );
    for (name, data, spec, lang) in pages {
        let chart = draw(&data, &spec, lang);
        let page = format!(
            "<!doctype html><meta charset=utf-8><meta name=viewport content=\"width=device-width\"><title>{name}</title><style>:root{{color-scheme:light dark}}body{{font-family:system-ui,sans-serif;margin:20px;background:Canvas}}@media (prefers-color-scheme:dark){{body{{background:#0f1418;color:#e6e9ec}}}}figure{{margin:0}}figure svg{{display:block;width:100%;height:auto}}figure svg.chart-narrow{{display:none}}@media (max-width:30rem){{figure svg.chart-wide{{display:none}}figure svg.chart-narrow{{display:block}}}}{}</style>{}",
            chart::stylesheet(),
            chart::figure_html(&chart, "c", lang)
        );
        std::fs::write(dir.join(format!("{name}.html")), page).unwrap();
        std::fs::write(dir.join(format!("{name}.svg")), chart.svg()).unwrap();
    }
}

/// A box on the chart: x0, y0, x1, y1.
type Box4 = [f64; 4];

fn overlap(a: &Box4, b: &Box4) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Every place where a direct label (a highlighted value, the mean) covers a bar, a line, a marker,
/// another text of the chart, or leaves the chart; with text boxes from the chart's own font metrics
/// (`chart::text_width`), 1 px of rounding forgiven.
fn collisions(svg: &str) -> Vec<String> {
    let doc = parse(svg);
    let root = doc.root_element();
    let view: Vec<f64> = root.attribute("viewBox").unwrap().split(' ').map(|v| v.parse().unwrap()).collect();
    let num = |n: &roxmltree::Node, a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    let class = |n: &roxmltree::Node| n.attribute("class").unwrap_or("").to_owned();
    let text_box = |n: &roxmltree::Node| -> Box4 {
        let (x, y, size) = (num(n, "x"), num(n, "y"), num(n, "font-size"));
        let text = n.text().unwrap_or("");
        let bold = class(n).contains("ssc-label") || class(n).contains("ssc-title");
        let width = chart::text_width(text, size, bold);
        let x0 = match n.attribute("text-anchor") {
            Some("middle") => x - width / 2.0,
            Some("end") => x - width,
            _ => x,
        };
        [x0 + 1.0, y - 0.55 * size + 1.0, x0 + width - 1.0, y + 0.5 * size - 1.0]
    };
    // Marks inside the plot: bars and outlines drawn below the header, lines and markers.
    let mut marks: Vec<(String, Box4)> = Vec::new();
    for n in doc.descendants().filter(|n| n.is_element()) {
        let c = class(&n);
        if n.has_tag_name("rect") && (c.contains("ssc-bar") || c.contains("ssc-outline") || c.contains("ssc-hatch")) {
            let (x, y) = (num(&n, "x"), num(&n, "y"));
            marks.push((c.clone(), [x, y, x + num(&n, "width"), y + num(&n, "height")]));
        }
        if n.has_tag_name("circle") {
            let (x, y, r) = (num(&n, "cx"), num(&n, "cy"), num(&n, "r"));
            marks.push((c.clone(), [x - r, y - r, x + r, y + r]));
        }
        let lined = ["ssc-line", "ssc-mean", "ssc-ref", "ssc-leader"];
        if n.has_tag_name("polyline") && lined.iter().any(|l| c.contains(l)) {
            let points: Vec<(f64, f64)> = n
                .attribute("points")
                .unwrap()
                .split(' ')
                .filter_map(|p| p.split_once(',').map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap())))
                .collect();
            for w in points.windows(2) {
                let steps = ((w[1].0 - w[0].0).hypot(w[1].1 - w[0].1) / 2.0).ceil().max(1.0) as usize;
                for k in 0..=steps {
                    let t = k as f64 / steps as f64;
                    let (x, y) = (w[0].0 + (w[1].0 - w[0].0) * t, w[0].1 + (w[1].1 - w[0].1) * t);
                    marks.push((c.clone(), [x - 1.0, y - 1.0, x + 1.0, y + 1.0]));
                }
            }
        }
    }
    let texts: Vec<(String, String, Box4)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| (class(&n), n.text().unwrap_or("").to_owned(), text_box(&n)))
        .collect();
    let mut found = Vec::new();
    let placed = |c: &String| c.contains("ssc-label") || c.contains("ssc-note");
    for (i, (c, text, b)) in texts.iter().enumerate().filter(|(_, (c, _, _))| placed(c)) {
        if b[0] < view[0] - 1.0 || b[2] > view[2] + 1.0 || b[1] < 0.0 || b[3] > view[3] {
            found.push(format!("`{text}` leaves the chart: {b:?}"));
        }
        let centre = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
        for (mc, m) in &marks {
            // A stacked segment's label stands inside its own segment.
            let own = m[0] <= centre.0 && centre.0 <= m[2] && m[1] <= centre.1 && centre.1 <= m[3];
            if overlap(b, m) && !own {
                found.push(format!("`{text}` covers a mark ({mc}) at {m:?}"));
                break;
            }
        }
        for (j, (oc, other, o)) in texts.iter().enumerate() {
            if i != j && overlap(b, o) && !(placed(oc) && j < i) {
                found.push(format!("`{text}` ({c}) covers the text `{other}` ({oc})"));
            }
        }
    }
    found
}

/// Charts made to be hard to label: ties, a highlighted last value beside a taller one, negative values,
/// 60 periods, long German labels, one period, a mean over bars, stacked quarters, crowded annotations.
fn hard_cases() -> Vec<(String, Dataset, ChartSpec, Lang)> {
    let h = |list: &[Highlight]| list.to_vec();
    let month_values = |n: usize, f: &dyn Fn(usize) -> String| -> Vec<(String, Status)> {
        (0..n).map(|i| (f(i), if i % 5 == 2 { I } else { R })).collect()
    };
    let monthly = |id: &str, title: &str, values: &[(String, Status)]| {
        let v: Vec<(&str, Status)> = values.iter().map(|(a, s)| (a.as_str(), *s)).collect();
        let mut d = dataset(id, title, Granularity::Month, vec![series("s", "Spend", "2020-01", &v)]);
        d.allow_negative = true;
        d
    };
    let mut cases: Vec<(String, Dataset, ChartSpec, Lang)> = Vec::new();
    let mut add = |name: &str, d: Dataset, spec: ChartSpec, lang: Lang| cases.push((name.to_owned(), d, spec, lang));
    add("walmart, max", walmart(), ChartSpec { highlight: h(&[Highlight::Max]), ..spec() }, Lang::En);
    add("walmart, last, de", walmart(), ChartSpec { highlight: h(&[Highlight::Last]), ..spec() }, Lang::De);
    add("walmart, mean", walmart(), ChartSpec { mean: true, highlight: h(&[Highlight::Max]), ..spec() }, Lang::En);
    add("walmart, mean, de", walmart(), ChartSpec { mean: true, ..spec() }, Lang::De);
    let tall_before_last = monthly(
        "a",
        "Tall then short",
        &month_values(8, &|i| {
            if i == 6 {
                "99.9".into()
            } else if i == 7 {
                "13.3".into()
            } else {
                "40".into()
            }
        }),
    );
    add(
        "last beside a peak",
        tall_before_last.clone(),
        ChartSpec { highlight: h(&[Highlight::Last, Highlight::Max]), ..spec() },
        Lang::De,
    );
    add(
        "last beside a peak, mean",
        tall_before_last,
        ChartSpec { mean: true, highlight: h(&[Highlight::Last]), ..spec() },
        Lang::En,
    );
    let ties = monthly("b", "Ties", &month_values(6, &|_| "50".into()));
    add(
        "ties",
        ties,
        ChartSpec { highlight: h(&[Highlight::Max, Highlight::Min, Highlight::Last]), ..spec() },
        Lang::En,
    );
    let negative = monthly("c", "Up and down", &month_values(10, &|i| format!("{}", (i as i64 - 5) * 7)));
    add(
        "negative",
        negative.clone(),
        ChartSpec { highlight: h(&[Highlight::Max, Highlight::Min]), mean: true, ..spec() },
        Lang::En,
    );
    add(
        "negative line",
        negative,
        ChartSpec { kind: Some(Kind::Line), highlight: h(&[Highlight::Min, Highlight::Last]), ..spec() },
        Lang::De,
    );
    let sixty = monthly("d", "Five years", &month_values(60, &|i| format!("{}.{}", 30 + (i * 7) % 40, i % 10)));
    add(
        "60 periods",
        sixty.clone(),
        ChartSpec { highlight: h(&[Highlight::Max, Highlight::Last]), mean: true, ..spec() },
        Lang::En,
    );
    add(
        "60 periods line, de",
        sixty,
        ChartSpec { kind: Some(Kind::Line), highlight: h(&[Highlight::Max, Highlight::Min]), ..spec() },
        Lang::De,
    );
    let one = monthly("e", "One month", &month_values(1, &|_| "12345.6".into()));
    add("one period", one, ChartSpec { highlight: h(&[Highlight::Max]), mean: true, ..spec() }, Lang::De);
    add(
        "stacked quarters",
        clouds(),
        ChartSpec { kind: Some(Kind::Stacked), highlight: h(&[Highlight::Max, Highlight::Last]), ..spec() },
        Lang::De,
    );
    add(
        "line of two series",
        clouds(),
        ChartSpec { kind: Some(Kind::Line), highlight: h(&[Highlight::Max, Highlight::Last]), ..spec() },
        Lang::En,
    );
    let a = |texts: &[&str]| texts.iter().map(|t| Annotation::parse(t).unwrap()).collect::<Vec<_>>();
    add(
        "annotations on a peak, de",
        walmart(),
        ChartSpec {
            highlight: h(&[Highlight::Max, Highlight::Last]),
            mean: true,
            annotations: a(&[
                "callout 2023-11: Höhepunkt im Weihnachtsgeschäft, der höchste Monat des Zeitraums",
                "callout 2023-12: gleich danach",
                "range 2023-10 to 2024-01: Winterquartal und mehr",
                "line 55: Budget",
                "line 56: Ziel",
            ]),
            ..spec()
        },
        Lang::De,
    );
    add(
        "annotations on lines",
        clouds(),
        ChartSpec {
            kind: Some(Kind::Line),
            highlight: h(&[Highlight::Max]),
            annotations: a(&["range 2023-Q1 to 2023-Q2: first half", "callout 2023-Q2: launch", "line 0.5: floor"]),
            ..spec()
        },
        Lang::En,
    );
    for (name, d, spec, lang) in annotated() {
        add(name, d, spec, lang);
    }
    cases
}

/// No direct label covers a bar, a line, another text or the edge: over the example site's charts
/// and charts made to be hard (ties, a highlighted last value beside a taller one, negative values,
/// 60 periods, long German labels, one period, a mean over bars, stacked quarters).
#[test]
fn no_label_covers_a_mark_another_text_or_the_edge() {
    let cases = hard_cases();
    let mut problems = Vec::new();
    for (name, d, spec, lang) in &cases {
        let chart = chart::draw(d, spec, *lang).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (size, drawing) in [("wide", &chart.wide), ("narrow", &chart.narrow)] {
            problems.extend(collisions(&drawing.standalone()).into_iter().map(|p| format!("{name} ({size}): {p}")));
        }
    }
    assert!(cases.len() >= 12);
    // And the example site's charts, as the build draws them.
    let site = crate::support::TestSite::example();
    site.build();
    let mut example = 0;
    for (rel, bytes) in crate::support::all_files(&site.out()) {
        if rel.ends_with(".svg") && rel != "favicon.svg" {
            example += 1;
            problems
                .extend(collisions(std::str::from_utf8(&bytes).unwrap()).into_iter().map(|p| format!("{rel}: {p}")));
        }
    }
    assert!(example >= 4);
    assert!(problems.is_empty(), "{} collisions:\n{}", problems.len(), problems.join("\n"));
}
