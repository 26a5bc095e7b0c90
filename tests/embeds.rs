//! Every chart travels: a page of its own under `embed/<report>/` for an `<iframe>` elsewhere, its
//! oEmbed description, its SVG and a 1,600 px PNG; the report offers them under the chart, with the
//! frame's code to copy. (The browser suite frames each page at 320 and 1,000 px.)

use crate::share_images::png_size;
use crate::support::{all_files, select, texts, TestSite};

const BASE: &str = "https://example.github.io/spendsite/";

#[test]
fn every_chart_of_the_example_site_has_a_page_an_oembed_description_an_svg_and_a_png() {
    let (site, again) = (TestSite::example(), TestSite::example());
    site.build();
    again.build();
    let files = all_files(&site.out());
    let embeds: Vec<&str> = files.keys().filter(|p| p.starts_with("embed/")).map(String::as_str).collect();
    let mut expected = Vec::new();
    for chart in [
        "microsoft-cloud-customers/chart-1",
        "microsoft-cloud-customers/chart-2",
        "walmart-azure-jahr/chart-1",
        "walmart-azure-year/chart-1",
    ] {
        for ext in ["html", "json", "png", "svg"] {
            expected.push(format!("embed/{chart}.{ext}"));
        }
    }
    assert_eq!(embeds, expected);
    let again = all_files(&again.out());
    for path in expected.iter().filter(|p| p.ends_with(".png")) {
        assert_eq!(png_size(&files[path]), (1600, 943), "{path}");
        assert!(files[path] == again[path], "{path} is the same in two builds");
    }
    // The chart's SVG is the dataset's download drawing of the same chart: a file of its own.
    let svg = std::str::from_utf8(&files["embed/walmart-azure-year/chart-1.svg"]).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
    roxmltree::Document::parse(svg).unwrap();
}

#[test]
fn under_each_chart_the_report_links_its_files_and_offers_the_frame_code() {
    let site = TestSite::example();
    site.build();
    let page = site.page("reports/walmart-azure-year.html");
    let links: Vec<(String, String)> = select(&page, ".chart-share .chart-files a")
        .iter()
        .map(|a| (a.text().collect(), a.value().attr("href").unwrap_or_default().to_owned()))
        .collect();
    let link = |text: &str, href: &str| (text.to_owned(), href.to_owned());
    assert_eq!(
        links,
        [
            link("SVG", "../embed/walmart-azure-year/chart-1.svg"),
            link("PNG", "../embed/walmart-azure-year/chart-1.png"),
            link("the chart on its own", "../embed/walmart-azure-year/chart-1.html"),
        ]
    );
    assert_eq!(texts(&page, ".chart-share details.embed-code > summary"), ["Embed this chart"]);
    assert!(select(&page, ".chart-share details.embed-code[open]").is_empty(), "collapsed");
    let code = texts(&page, ".chart-share details.embed-code pre code");
    let frame = format!(
        "<iframe src=\"{BASE}embed/walmart-azure-year/chart-1.html\" title=\"Walmart&#39;s Azure consumption by month\" \
         width=\"100%\" height=\"820\" loading=\"lazy\" style=\"border:0;width:100%;max-width:744px\"></iframe>"
    );
    assert_eq!(code, std::slice::from_ref(&frame));
    // The oEmbed description gives the same code, and the PNG as its thumbnail.
    let oembed: serde_json::Value = serde_json::from_str(&site.text("embed/walmart-azure-year/chart-1.json")).unwrap();
    assert_eq!(
        oembed,
        serde_json::json!({
            "version": "1.0",
            "type": "rich",
            "title": "Walmart's Azure consumption by month",
            "provider_name": "Cloud Spend Notes",
            "provider_url": BASE,
            "author_name": "The spendsite authors",
            "html": frame,
            "width": 744,
            "height": 820,
            "thumbnail_url": format!("{BASE}embed/walmart-azure-year/chart-1.png"),
            "thumbnail_width": 1600,
            "thumbnail_height": 943,
        })
    );
    // In German, in the report's language.
    let german = site.page("reports/walmart-azure-jahr.html");
    assert_eq!(texts(&german, ".chart-share details.embed-code > summary"), ["Diese Grafik einbetten"]);
    assert_eq!(texts(&german, ".chart-share .chart-files a"), ["SVG", "PNG", "die Grafik einzeln"]);
}

#[test]
fn a_charts_page_has_the_chart_its_words_and_the_report_it_is_from_and_no_navigation() {
    let site = TestSite::example();
    site.build();
    let page = site.page("embed/walmart-azure-year/chart-1.html");
    assert!(select(&page, "nav, header, footer, script").is_empty());
    assert_eq!(select(&page, "body.embed main figure.chart").len(), 1);
    assert_eq!(select(&page, "figure.chart details table").len(), 1, "the data table, collapsed");
    assert_eq!(texts(&page, "h1"), ["Walmart's Azure consumption by month"]);
    assert_eq!(texts(&page, ".embed-from"), ["From: Walmart's year on Azure, Cloud Spend Notes"]);
    let from = select(&page, ".embed-from a");
    assert_eq!(from[0].value().attr("href"), Some("../../reports/walmart-azure-year.html"));
    assert_eq!(from[0].value().attr("target"), Some("_blank"), "the report opens outside the frame");
    let head = |css: &str, attribute: &str| select(&page, css)[0].value().attr(attribute).map(str::to_owned);
    assert_eq!(head("link[rel=canonical]", "href"), Some(format!("{BASE}reports/walmart-azure-year.html")));
    assert_eq!(
        head("link[rel=alternate][type=\"application/json+oembed\"]", "href"),
        Some(format!("{BASE}embed/walmart-azure-year/chart-1.json"))
    );
    assert_eq!(head("link[rel=stylesheet]", "href").as_deref(), Some("../../style.css"));
}
