//! The repository's own example site: its data holds the published figures exactly, and it builds with
//! every claim checked and every link resolving.

use rust_decimal::Decimal;
use spendsite::dataset::{self, Status};
use spendsite::figures::stats::{self, Selection};
use spendsite::period::Period;

use crate::support::{assert_links_resolve, repo_root, select, texts, TestSite};

fn period(text: &str) -> Period {
    Period::parse(text).unwrap()
}

#[test]
fn walmart_data_holds_the_published_total_and_peak_exactly() {
    let dataset::Loaded { datasets, diags, .. } = dataset::load_dir(&repo_root());
    assert!(!diags.has_errors(), "{}", diags.render(false));
    let walmart = datasets.iter().find(|d| d.id == "walmart-azure").expect("walmart-azure dataset");
    let sel = Selection::new(walmart, None, Some(period("2023-07")), Some(period("2024-05"))).unwrap();
    assert_eq!(sel.points.len(), 11);
    let total = stats::sum(&sel).unwrap();
    assert_eq!(total.value, Decimal::new(5804, 1), "the reported 11-month total is 580.4\u{a0}million");
    assert_eq!((walmart.currency.code(), walmart.unit.name()), ("USD", "million"));
    let peak = stats::max(&sel).unwrap();
    assert_eq!((peak.value, peak.period), (Decimal::new(619, 1), Some(period("2023-11"))));
    let reported: Vec<String> =
        sel.points.iter().filter(|p| p.status == Status::Reported).map(|p| format!("{}={}", p.period, p.raw)).collect();
    assert_eq!(reported, ["2023-07=50", "2023-11=61.9", "2024-05=45"]);
    assert!(sel.points.iter().filter(|p| p.status != Status::Reported).all(|p| p.value < peak.value));
}

#[test]
fn example_site_builds_with_every_claim_checked_and_every_link_resolving() {
    let site = TestSite::example();
    let outcome = site.build();
    assert_eq!(outcome.stats.summary(), "4 reports, 4 datasets, 8 charts, 18 claims checked");
    assert_links_resolve(&site.out());

    let page = |rel: &str| site.page(rel);
    let index = page("index.html");
    assert_eq!(
        texts(&index, ".card .headline"),
        [
            "Microsoft Cloud revenue, FY25 Q4: $46.7\u{a0}billion",
            "TikTok's share of Azure OpenAI revenue, March 2024: 24.0%",
            "Walmart's Azure spend, Jul 2023 – May 2024: $580.4\u{a0}million"
        ]
    );
    let datasets = page("datasets/index.html");
    // Each dataset with its coverage, how its values were obtained, where from, its use and its files.
    let column = |label: &str| texts(&datasets, &format!(".datasets-index td[data-label=\"{label}\"]"));
    assert_eq!(
        texts(&datasets, ".datasets-index tbody th"),
        [
            "Microsoft's Azure OpenAI revenue",
            "Microsoft Cloud revenue",
            "TikTok spending on Azure OpenAI",
            "Walmart spending on Microsoft Azure"
        ]
    );
    assert_eq!(
        column("Coverage"),
        [
            "Mar 2024monthly, 1 month",
            "FY23 Q1 – FY25 Q4quarterly, 12 quarters",
            "Mar 2024monthly, 1 month",
            "Jul 2023 – May 2024monthly, 11 months"
        ]
    );
    assert_eq!(column("Values"), ["1 estimated", "12 reported", "1 reported", "3 reported8 illustrative"]);
    assert_eq!(column("Used in"), ["2 reports", "1 report", "2 reports", "3 reports"]);
    assert_eq!(column("Downloads")[3], "CSV JSON SVG");
    assert_eq!(column("Sources")[1], "Microsoft earnings releases, fiscal years 2023 to 2025");
    assert!(select(&index, "nav a").iter().any(|a| a.value().attr("href") == Some("datasets/index.html")));
    // The site's icon, linked relatively from every page, and at the root where browsers look for it.
    let icons = |page: &scraper::Html| -> Vec<String> {
        select(page, "link[rel=icon]").iter().map(|l| l.value().attr("href").unwrap_or("").to_owned()).collect()
    };
    assert_eq!(icons(&index), ["favicon.svg", "favicon.ico"]);
    assert_eq!(icons(&page("reports/walmart-azure-year.html")), ["../favicon.svg", "../favicon.ico"]);
    let ico = std::fs::read(site.out().join("favicon.ico")).unwrap();
    // One 32 x 32 image.
    assert_eq!((&ico[..6], ico[6], ico[7]), (&[0u8, 0, 1, 0, 1, 0][..], 32, 32));
    let walmart = page("reports/walmart-azure-year.html");
    let figures = texts(&walmart, ".prose a.figure");
    assert_eq!(&figures[..2], ["11", "$580.4\u{a0}million"]);
    assert!(figures.contains(&"$61.9\u{a0}million".to_owned()) && figures.contains(&"$52.8\u{a0}million".to_owned()));
    let jahr = page("reports/walmart-azure-jahr.html");
    assert!(texts(&jahr, ".prose a.figure").contains(&"580,4\u{a0}Millionen\u{a0}US-Dollar".to_owned()));
    let cloud = page("datasets/microsoft-cloud.html");
    assert_eq!(texts(&cloud, ".origin"), ["Values read from microsoft-cloud.csv (12 rows)."]);
    let customers = texts(&page("reports/microsoft-cloud-customers.html"), ".prose a.figure");
    assert!(customers.contains(&"5.6%".to_owned()), "the compound quarterly growth: {customers:?}");
    let tiktok = page("reports/tiktok-azure-openai.html");
    assert!(texts(&tiktok, ".prose a.figure").contains(&"$20\u{a0}million".to_owned()));
}

#[test]
fn one_bad_value_in_a_dataset_gives_one_error_and_one_note_about_its_uses() {
    let site = TestSite::example();
    let data = site.source("data/walmart-azure.yaml").replace("2023-08: 51.8", "2023-08: 51,8");
    let site = site.with("data/walmart-azure.yaml", &data);
    let diags = site.check_err();
    let rendered = diags.render(false);
    let heads: Vec<&str> = rendered.lines().filter(|l| l.contains(": error: ") || l.contains(": note: ")).collect();
    assert_eq!(
        heads,
        [
            "data/walmart-azure.yaml:31:16: error: value `51,8` is not a number",
            "data/walmart-azure.yaml: note: 3 reports use `walmart-azure`, so its figures were not checked: \
             content/microsoft-cloud-customers.md (2 uses), content/walmart-azure-jahr.md (20 uses), \
             content/walmart-azure-year.md (21 uses)",
        ],
        "{rendered}"
    );
    assert_eq!(diags.error_count(), 1);
}

#[test]
fn the_manifest_lists_every_figure_with_its_value_source_and_inputs() {
    let site = TestSite::example();
    site.build();
    let manifest = spendsite::manifest::Manifest::read(&site.out()).unwrap();
    assert_eq!((manifest.format.as_str(), manifest.version), ("spendsite-figures", 1));
    let slugs: Vec<&str> = manifest.reports.iter().map(|r| r.slug.as_str()).collect();
    assert_eq!(slugs, ["microsoft-cloud-customers", "tiktok-azure-openai", "walmart-azure-jahr", "walmart-azure-year"]);
    let year = &manifest.reports[3];
    assert_eq!((year.source.as_str(), year.lang.as_str()), ("content/walmart-azure-year.md", "en"));
    let total = year
        .figures
        .iter()
        .find(|f| f.id == "sum(data=\"walmart-azure\", from=\"2023-07\", to=\"2024-05\") | money#1")
        .expect("the 11-month total");
    assert_eq!((total.line, total.col), (37, 1));
    assert_eq!((total.value.as_str(), total.text.as_str()), ("580.4", "$580.4\u{a0}million"));
    assert_eq!((total.currency.as_deref(), total.unit.as_deref()), (Some("USD"), Some("million")));
    assert_eq!(total.inputs, ["walmart-azure/acr"]);
    assert_eq!(total.periods.first().map(|p| p.key()), Some("2023-07".to_owned()));
    assert_eq!(total.periods.len(), 11);
    assert_eq!(total.caveats, ["illustrative"]);
    assert_eq!(year.headline.as_ref().map(|h| h.text.as_str()), Some("$580.4\u{a0}million"));
    assert_eq!(year.claims.len(), 6);
    assert_eq!((year.claims[0].says.as_str(), year.claims[0].line), ("$580.4 million", 14));
    assert_eq!(year.charts.len(), 1);
    assert_eq!((year.charts[0].id.as_str(), year.charts[0].dataset.as_str()), ("chart-1", "walmart-azure"));
    // The German report's figures are the same values in German.
    let jahr = &manifest.reports[2];
    let summe = jahr.figures.iter().find(|f| f.expr == total.expr).unwrap();
    assert_eq!((summe.value.as_str(), summe.text.as_str()), ("580.4", "580,4\u{a0}Millionen\u{a0}US-Dollar"));
    let walmart = manifest.datasets.iter().find(|d| d.id == "walmart-azure").unwrap();
    let july = &walmart.series[0].values[0];
    assert_eq!((july.period.key(), july.value.as_str(), july.status.as_str()), ("2023-07".into(), "50", "reported"));
    // Two builds write the same bytes.
    let first = std::fs::read(site.out().join("figures.json")).unwrap();
    site.build();
    assert_eq!(std::fs::read(site.out().join("figures.json")).unwrap(), first);
}
