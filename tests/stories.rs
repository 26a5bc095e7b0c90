//! A story as an editor publishes it: its translations linked both ways and listed once, its headline
//! with a label, and its quoted figures with their sources.

use std::process::Command;

use crate::support::{select, texts, TestSite};

fn attrs(html: &scraper::Html, css: &str, attr: &str) -> Vec<String> {
    select(html, css).iter().map(|e| e.value().attr(attr).unwrap_or("").to_owned()).collect()
}

const BASE: &str = "https://example.github.io/spendsite/";

#[test]
fn translations_link_to_each_other_and_are_one_story_in_the_lists() {
    let site = TestSite::example();
    site.build();
    let year = site.page("reports/walmart-azure-year.html");
    let jahr = site.page("reports/walmart-azure-jahr.html");
    // Both pages name both versions, for search engines: this page first.
    let alternates = |page: &scraper::Html| {
        let langs = attrs(page, "link[rel=alternate][hreflang]", "hreflang");
        let hrefs = attrs(page, "link[rel=alternate][hreflang]", "href");
        langs.into_iter().zip(hrefs).collect::<Vec<_>>()
    };
    let en = ("en".to_owned(), format!("{BASE}reports/walmart-azure-year.html"));
    let de = ("de".to_owned(), format!("{BASE}reports/walmart-azure-jahr.html"));
    assert_eq!(alternates(&year), [en.clone(), de.clone()]);
    assert_eq!(alternates(&jahr), [de, en]);
    // And readers get a switch, in the other language's own name.
    assert_eq!(texts(&year, "nav.languages p"), ["Also in: Deutsch"]);
    assert_eq!(attrs(&year, "nav.languages a", "href"), ["walmart-azure-jahr.html"]);
    assert_eq!(texts(&jahr, "nav.languages p"), ["Auch auf: English"]);
    assert_eq!(attrs(&jahr, "nav.languages a", "lang"), ["en"]);
    // A report without a translation has none.
    assert!(select(&site.page("reports/tiktok-azure-openai.html"), "nav.languages").is_empty());

    // The index and the tag pages list the story once, in the site's language, with its languages.
    let index = site.page("index.html");
    assert_eq!(
        texts(&index, ".card h3"),
        [
            "Microsoft's big cloud customers",
            "TikTok and the concentration risk in Azure OpenAI",
            "Walmart's year on Azure"
        ]
    );
    assert_eq!(texts(&index, ".card:nth-child(3) .meta"), ["2 June 2025 · English, Deutsch"]);
    assert_eq!(attrs(&index, ".card:nth-child(3) .meta a", "href"), ["reports/walmart-azure-jahr.html"]);
    assert_eq!(texts(&site.page("tags/retail.html"), ".card h2"), ["Walmart's year on Azure"]);

    // The feed keeps an entry per report, each pointing at the other; the sitemap names both versions.
    let feed = site.text("feed.xml");
    let link = |lang: &str, slug: &str| {
        format!("<link rel=\"alternate\" type=\"text/html\" hreflang=\"{lang}\" href=\"{BASE}reports/{slug}.html\"/>")
    };
    assert_eq!(feed.matches(&link("de", "walmart-azure-jahr")).count(), 1);
    assert_eq!(feed.matches(&link("en", "walmart-azure-year")).count(), 1);
    assert_eq!(feed.matches("<entry").count(), 4);
    let sitemap = site.text("sitemap.xml");
    let both = format!(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"{BASE}reports/walmart-azure-year.html\"/>\
         <xhtml:link rel=\"alternate\" hreflang=\"de\" href=\"{BASE}reports/walmart-azure-jahr.html\"/></url>"
    );
    assert_eq!(sitemap.matches(&both).count(), 2, "{sitemap}");
}

#[test]
fn a_translation_key_needs_a_second_report_in_another_language() {
    let lonely = TestSite::copy_of("basic").with(
        "content/alpha.md",
        &TestSite::copy_of("basic").source("content/alpha.md").replace("date:", "translation_key: alpha\ndate:"),
    );
    let errors: Vec<String> = lonely.check_err().iter().map(|d| format!("{}: {}", d.location(), d.message)).collect();
    assert_eq!(errors, ["content/alpha.md:3:18: no other report has the translation key `alpha`"]);

    let site = TestSite::copy_of("basic");
    let original = |rel: &str| TestSite::copy_of("basic").source(rel).replace("lang: de\n", "");
    let keyed = |rel: &str, lang: &str| {
        site.write(rel, &original(rel).replacen("---\n", &format!("---\ntranslation_key: story\nlang: {lang}\n"), 1))
    };
    keyed("content/alpha.md", "en");
    keyed("content/notes/beta.md", "en");
    let errors: Vec<String> = site.check_err().iter().map(|d| format!("{}: {}", d.location(), d.message)).collect();
    assert_eq!(
        errors,
        ["content/notes/beta.md:2:18: content/alpha.md and this report are both in `en` with the translation key `story`"]
    );
    keyed("content/notes/beta.md", "de");
    site.build();
    // A key that is not a name.
    let bad = TestSite::copy_of("basic");
    bad.write(
        "content/alpha.md",
        &bad.source("content/alpha.md").replacen("---\n", "---\ntranslation_key: Big Story\n", 1),
    );
    let errors: Vec<String> = bad.check_err().iter().map(|d| format!("{}: {}", d.location(), d.message)).collect();
    assert_eq!(errors, ["content/alpha.md:2:18: translation key `Big Story` is not a valid name"]);
}

#[test]
fn claims_show_the_figure_how_it_was_computed_and_a_linked_dated_source() {
    let site = TestSite::copy_of("basic");
    site.build();
    let page = site.page("reports/alpha.html");
    let rows = select(&page, ".claims tbody tr");
    assert_eq!(rows.len(), 2);
    assert_eq!(texts(&page, ".claims tbody tr:nth-child(2) td:first-child"), ["$61.9M"]);
    assert_eq!(texts(&page, ".claims tbody tr:nth-child(2) strong"), ["$61.9M"]);
    assert_eq!(
        texts(&page, ".claims tbody tr .how"),
        [
            "sum of 4 months, Jul 2023 – Oct 2023; includes estimated and illustrative values",
            "maximum of 4 months, Jul 2023 – Oct 2023, in Sep 2023; includes estimated and illustrative values"
        ]
    );
    // The expression is there for who wants it, collapsed.
    assert_eq!(texts(&page, ".claims details.expression summary"), ["Expression", "Expression"]);
    assert_eq!(texts(&page, ".claims details.expression code")[1], "max(data=\"cloud\") | money(style=\"short\")");
    // A source with a URL is a link, with its date.
    assert_eq!(texts(&page, ".claims tbody tr:nth-child(1) td:last-child"), ["A publication"]);
    assert_eq!(texts(&page, ".claims tbody tr:nth-child(2) td:last-child"), ["The cloud bill, 20 May 2024"]);
    assert_eq!(attrs(&page, ".claims td a[rel=external]", "href"), ["https://example.com/cloud-bill"]);
    assert_eq!(attrs(&page, ".claims td time", "datetime"), ["2024-05-20"]);
}

#[test]
fn a_claim_without_a_source_is_a_warning_that_strict_makes_an_error() {
    let site = TestSite::copy_of("basic");
    let alpha = site.source("content/alpha.md").replace("    source: A publication\n", "");
    site.write("content/alpha.md", &alpha);
    let outcome = site.build();
    let warnings: Vec<String> = outcome.warnings.iter().map(|d| format!("{}: {}", d.location(), d.message)).collect();
    assert_eq!(warnings, ["content/alpha.md:8:5: the claim `$164.4 million` names no source"]);

    let run =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_spendsite")).args(args).current_dir(site.root()).output();
    let check = run(&["check"]).unwrap();
    assert_eq!(check.status.code(), Some(0));
    let strict = run(&["check", "--strict"]).unwrap();
    assert_eq!(strict.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(
        stderr.starts_with("content/alpha.md:8:5: error: the claim `$164.4 million` names no source\n"),
        "{stderr}"
    );
    // A source's link and date are checked like a dataset's.
    let bad =
        alpha.replace("url: https://example.com/cloud-bill", "url: example.com").replace("2024-05-20", "20.5.2024");
    site.write("content/alpha.md", &bad);
    let errors: Vec<String> = site.check_err().iter().map(|d| format!("{}: {}", d.location(), d.message)).collect();
    assert_eq!(
        errors,
        [
            "content/alpha.md:14:12: `example.com` is not a web address",
            "content/alpha.md:15:18: `published` must be a date written YYYY-MM-DD, not `20.5.2024`"
        ]
    );
}
