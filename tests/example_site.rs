//! The repository's own example site: its data holds the published figures exactly, and it builds with
//! every claim checked and every link resolving.

use rust_decimal::Decimal;
use spendsite::build;
use spendsite::config::Options;
use spendsite::dataset::{self, Status};
use spendsite::figures::stats::{self, Selection};
use spendsite::period::Period;

use crate::build::{assert_links_resolve, copy_dir, texts};
use crate::support::{read, repo_root};

fn period(text: &str) -> Period {
    Period::parse(text).unwrap()
}

/// A copy of the example site (not the tool's sources) in a temporary folder.
fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["data", "content", "templates"] {
        if repo_root().join(sub).is_dir() {
            copy_dir(&repo_root().join(sub), &dir.path().join(sub));
        }
    }
    std::fs::copy(repo_root().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    dir
}

#[test]
fn walmart_data_holds_the_published_total_and_peak_exactly() {
    let dataset::Loaded { datasets, diags, .. } = dataset::load_dir(&repo_root());
    assert!(!diags.has_errors(), "{}", diags.render(false));
    let walmart = datasets.iter().find(|d| d.id == "walmart-azure").expect("walmart-azure dataset");
    let sel = Selection::new(walmart, None, Some(period("2023-07")), Some(period("2024-05"))).unwrap();
    assert_eq!(sel.points.len(), 11);
    let total = stats::sum(&sel).unwrap();
    assert_eq!(total.value, Decimal::new(5804, 1), "the reported 11-month total is 580.4 million");
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
    let dir = example_copy();
    let outcome = build::build(&Options { root: dir.path().to_owned(), ..Options::default() })
        .unwrap_or_else(|d| panic!("the example site does not build:\n{}", d.render(false)));
    assert_eq!(outcome.stats.summary(), "4 reports, 4 datasets, 8 charts, 18 claims checked");
    let out = dir.path().join("public");
    assert_links_resolve(&out);

    let page = |rel: &str| scraper::Html::parse_document(&read(&out.join(rel)));
    let index = page("index.html");
    assert_eq!(
        texts(&index, ".card .headline"),
        ["$46.7 billion", "24.0%", "580,4 Millionen US-Dollar", "$580.4 million"]
    );
    assert_eq!(texts(&index, ".datasets .badge"), ["estimated", "illustrative"], "each dataset names its caveats");
    let walmart = page("reports/walmart-azure-year.html");
    let figures = texts(&walmart, ".prose a.figure");
    assert_eq!(&figures[..2], ["11", "$580.4 million"]);
    assert!(figures.contains(&"$61.9 million".to_owned()) && figures.contains(&"$52.8 million".to_owned()));
    let jahr = page("reports/walmart-azure-jahr.html");
    assert!(texts(&jahr, ".prose a.figure").contains(&"580,4 Millionen US-Dollar".to_owned()));
    let tiktok = page("reports/tiktok-azure-openai.html");
    assert!(texts(&tiktok, ".prose a.figure").contains(&"$20 million".to_owned()));
}
