//! Share images: a PNG of 1,200 × 630 px per report, the same bytes on every build, announced in the
//! report page's head with absolute URLs; `share_images: false` turns them off; a rebuild draws only the
//! images whose card changed.

use std::path::PathBuf;
use std::sync::Arc;

use spendsite::build::Session;

use crate::support::{all_files, select, TestSite};

/// Width and height from a PNG's header.
#[track_caller]
pub(crate) fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(png.get(..8), Some(&b"\x89PNG\r\n\x1a\n"[..]), "a PNG signature");
    assert_eq!(png.get(12..16), Some(&b"IHDR"[..]), "the header chunk first");
    let word = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

/// The PNGs of a built site, by path: share images and the charts' (`embed/`).
fn pngs(site: &TestSite) -> Vec<(String, Vec<u8>)> {
    all_files(&site.out()).into_iter().filter(|(path, _)| path.ends_with(".png")).collect()
}

/// The share images of a built site, by path.
fn share_images(site: &TestSite) -> Vec<(String, Vec<u8>)> {
    pngs(site).into_iter().filter(|(path, _)| !path.starts_with("embed/")).collect()
}

#[test]
fn every_report_has_a_png_of_1200_by_630_that_two_builds_make_byte_for_byte_alike() {
    let (first, second) = (TestSite::example(), TestSite::example());
    first.build();
    second.build();
    let images = share_images(&first);
    let paths: Vec<&str> = images.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "reports/microsoft-cloud-customers.png",
            "reports/tiktok-azure-openai.png",
            "reports/walmart-azure-jahr.png",
            "reports/walmart-azure-year.png"
        ]
    );
    for (path, bytes) in &images {
        assert_eq!(png_size(bytes), (1200, 630), "{path}");
        assert!(bytes.len() < 100_000, "{path} is {} bytes", bytes.len());
    }
    assert!(images == share_images(&second), "two builds give the same bytes");
}

#[test]
fn the_walmart_report_announces_its_image_with_absolute_urls_and_says_what_it_shows() {
    let site = TestSite::example();
    site.build();
    let page = site.page("reports/walmart-azure-year.html");
    let meta = |attribute: &str, name: &str| -> Vec<String> {
        select(&page, &format!("head meta[{attribute}=\"{name}\"]"))
            .iter()
            .map(|m| m.value().attr("content").unwrap_or_default().to_owned())
            .collect()
    };
    let base = "https://example.github.io/spendsite/";
    let expected = [
        ("og:title", "Walmart's year on Azure".to_owned()),
        (
            "og:description",
            "A leaked Microsoft document put a number on Walmart's Azure consumption from July 2023 to May 2024. \
             What was published, what was not, and where the holiday peak falls."
                .to_owned(),
        ),
        ("og:type", "article".to_owned()),
        ("og:url", format!("{base}reports/walmart-azure-year.html")),
        ("og:image", format!("{base}reports/walmart-azure-year.png")),
        ("og:image:type", "image/png".to_owned()),
        ("og:image:width", "1200".to_owned()),
        ("og:image:height", "630".to_owned()),
        (
            "og:image:alt",
            "“Walmart's year on Azure”, Cloud Spend Notes: $580.4\u{a0}million, Walmart's Azure spend, Jul 2023 – May 2024. Bar chart of Walmart's Azure \
             consumption by month, monthly, July 2023 to May 2024; peak $61.9M in November 2023, low $45M in May \
             2024; Callout at November 2023: holiday season. 8 of 11 values are illustrative."
                .to_owned(),
        ),
    ];
    for (property, content) in expected {
        assert_eq!(meta("property", property), [content], "exactly one {property}");
    }
    assert_eq!(meta("name", "twitter:card"), ["summary_large_image"]);
    // Nothing else on the page is absolute: the image is beside the page, for a reader's own links.
    let canonical: Vec<&str> =
        select(&page, "link[rel=canonical]").iter().filter_map(|l| l.value().attr("href")).collect();
    assert_eq!(canonical, [format!("{base}reports/walmart-azure-year.html")]);
    // A German report says it in German.
    let jahr = site.page("reports/walmart-azure-jahr.html");
    let alt: Vec<&str> =
        select(&jahr, "meta[property=\"og:image:alt\"]").iter().filter_map(|m| m.value().attr("content")).collect();
    assert!(
        alt[0].starts_with(
            "„Walmarts Jahr auf Azure“, Cloud Spend Notes: 580,4\u{a0}Millionen\u{a0}US-Dollar, Walmarts Azure-Ausgaben, \
             Juli 2023 – Mai 2024. Balkendiagramm:"
        ),
        "{alt:?}"
    );
    // A report without a chart shows what its headline's data can: TikTok's datasets have one month each,
    // too little for a line, so its card shows the figure alone.
    let tiktok = site.page("reports/tiktok-azure-openai.html");
    let alt: Vec<&str> =
        select(&tiktok, "meta[property=\"og:image:alt\"]").iter().filter_map(|m| m.value().attr("content")).collect();
    assert_eq!(alt, ["“TikTok and the concentration risk in Azure OpenAI”, Cloud Spend Notes: 24.0%, TikTok's share of Azure OpenAI revenue, March 2024."]);
}

#[test]
fn share_images_false_makes_no_png_and_no_image_meta() {
    let site = TestSite::example();
    site.write("site.yaml", &format!("{}share_images: false\n", site.source("site.yaml")));
    site.build();
    assert!(pngs(&site).is_empty(), "neither share images nor the charts' PNGs");
    let page = site.page("reports/walmart-azure-year.html");
    assert!(select(&page, "meta[property^=\"og:image\"], meta[name=\"twitter:card\"]").is_empty());
    // The chart's downloads offer its SVG and its page, and its oEmbed description has no thumbnail.
    let downloads: Vec<String> = select(&page, ".chart-files a").iter().map(|a| a.text().collect()).collect();
    assert_eq!(downloads, ["SVG", "the chart on its own"]);
    let oembed: serde_json::Value = serde_json::from_str(&site.text("embed/walmart-azure-year/chart-1.json")).unwrap();
    assert_eq!(oembed.get("thumbnail_url"), None);
    assert_eq!(oembed["type"], "rich");
    assert_eq!(select(&page, "meta[property=\"og:type\"]")[0].value().attr("content"), Some("article"));
}

#[test]
fn share_images_takes_true_or_false_only() {
    let site = TestSite::example();
    site.write("site.yaml", &format!("{}share_images: sometimes\n", site.source("site.yaml")));
    let errors: Vec<String> = site.check_err().iter().map(|d| format!("{}: {}", d.location(), d.message)).collect();
    assert_eq!(errors, ["site.yaml:6:15: invalid type: string \"sometimes\", expected a boolean"]);
}

#[test]
fn a_title_in_scripts_the_bundled_fonts_lack_is_drawn_without_a_panic() {
    let site = TestSite::example().with(
        "content/cjk.md",
        "---\ntitle: \"クラウド支出の年 🚀☁️ — 雲の請求書 and more\"\ndate: 2025-07-01\nheadline: 'sum(data=\"walmart-azure\") | money'\n---\n\
         {{ chart(data=\"walmart-azure\") }}\n",
    );
    site.build();
    assert_eq!(png_size(&std::fs::read(site.out().join("reports/cjk.png")).unwrap()), (1200, 630));
}

/// A build keeps the image of the site it replaces when that was drawn from the same card (the PNG says
/// which), and draws it again when the card changed.
#[test]
fn a_build_keeps_the_last_builds_image_of_an_unchanged_card() {
    let site = TestSite::example();
    site.build();
    let png = site.out().join("reports/walmart-azure-year.png");
    let drawn = std::fs::read(&png).unwrap();
    // Bytes after the end of the PNG, which a kept file still has.
    let mut marked = drawn.clone();
    marked.extend_from_slice(b"kept");
    std::fs::write(&png, &marked).unwrap();
    site.build();
    assert_eq!(std::fs::read(&png).unwrap(), marked, "the same card: the file is kept");
    let text = site.source("content/walmart-azure-year.md");
    site.write(
        "content/walmart-azure-year.md",
        &text.replacen("title: Walmart's year on Azure", "title: Walmart on Azure", 1),
    );
    site.build();
    let redrawn = std::fs::read(&png).unwrap();
    assert!(redrawn != marked && redrawn != drawn, "another title: drawn again");
    assert_eq!(png_size(&redrawn), (1200, 630));
}

/// `serve` draws an image again only when its card changed: other reports' images are the very bytes
/// of the last rebuild.
#[test]
fn a_rebuild_draws_only_the_images_whose_card_changed() {
    let site = TestSite::example();
    let mut session = Session::new(site.options());
    let (_, before) = session.rebuild(None).unwrap();
    let mut rebuild = |changed: &str| session.rebuild(Some(&[PathBuf::from(changed)])).unwrap().1;
    let same = |a: &spendsite::build::Files, b: &spendsite::build::Files, path: &str| a[path].is(&b[path]);
    let (year, jahr) = ("reports/walmart-azure-year.png", "reports/walmart-azure-jahr.png");

    let text = site.source("content/walmart-azure-year.md");
    site.write(
        "content/walmart-azure-year.md",
        &text.replacen("Cloud providers almost never", "Cloud providers rarely", 1),
    );
    let prose = rebuild("content/walmart-azure-year.md");
    assert!(same(&before, &prose, year), "the prose changed, not the card");
    assert!(same(&before, &prose, jahr));

    site.write(
        "content/walmart-azure-year.md",
        &text.replacen("title: Walmart's year on Azure", "title: Walmart on Azure", 1),
    );
    let title = rebuild("content/walmart-azure-year.md");
    assert!(!same(&prose, &title, year) && title[year] != prose[year], "a new title: drawn again");
    assert!(same(&prose, &title, jahr), "the other reports' images are kept");
    assert!(same(&prose, &title, "reports/tiktok-azure-openai.png"));
}

/// `serve` draws a share image only when it is asked for (a writer's browser asks for one only when a
/// page is shared): its files hold what draws each image, and what that draws is the clean build's file.
#[test]
fn serve_draws_a_share_image_when_it_is_asked_for() {
    let site = TestSite::example();
    let (_, files) = Session::new(site.options()).rebuild(None).unwrap();
    let later = |path: &str| match &files[path] {
        spendsite::build::File::Later(later) => Arc::clone(later),
        made => panic!("{path} is drawn before it is asked for: {made:?}"),
    };
    let image = later("reports/walmart-azure-year.png");
    assert_eq!(format!("{:?}", files["reports/walmart-azure-year.png"]), "File::Later(not made yet)");
    site.build();
    let built = std::fs::read(site.out().join("reports/walmart-azure-year.png")).unwrap();
    assert_eq!(&*image.bytes().unwrap(), &built[..]);
    assert!(matches!(files["reports/walmart-azure-year.html"], spendsite::build::File::Made(_)), "pages are made");
}
