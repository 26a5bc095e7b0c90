//! Search: `search.html`, its script, and `search-index.js`, the index it loads with a `<script>` tag (so
//! that it works opened from disk). What the browser does with them is checked in `tests/browser/`.

use serde_json::{json, Value};

use crate::support::{assert_links_resolve, select, texts, TestSite};

const PREFIX: &str = "window.spendsiteSearchIndex = ";

/// The index a built site holds, parsed: the file is one assignment of a JSON value.
#[track_caller]
pub(crate) fn read_index(text: &str) -> Value {
    let json = text.strip_prefix(PREFIX).and_then(|t| t.strip_suffix(";\n"));
    let json = json.unwrap_or_else(|| panic!("the index is not `{PREFIX}<JSON>;`:\n{text}"));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("the index's value is not JSON: {e}\n{json}"))
}

#[test]
fn the_example_sites_index_holds_every_report_with_its_fields_and_relative_url() {
    let site = TestSite::example();
    site.build();
    let text = site.text("search-index.js");
    let index = read_index(&text);
    let customers = "Microsoft reports its cloud revenue every quarter but almost never what a single customer pays. \
                     An overview of the few customer figures that have come out, set against the reported totals.";
    let tiktok = "In March 2024 one customer, TikTok, paid for nearly a quarter of Microsoft's Azure OpenAI business. \
                  What that share rests on, which part is estimated, and why it is a risk.";
    let jahr = "Ein internes Microsoft-Papier beziffert, wie viel Azure-Leistung Walmart von Juli 2023 bis Mai 2024 \
                verbraucht hat. Was bekannt ist, was nicht, und wo die Spitze im Weihnachtsgeschäft liegt.";
    let year = "A leaked Microsoft document put a number on Walmart's Azure consumption from July 2023 to May 2024. \
                What was published, what was not, and where the holiday peak falls.";
    assert_eq!(
        index,
        json!({
            "format": "spendsite-search",
            "version": 1,
            "fields": ["title", "summary", "tags", "date", "date_text", "lang", "url", "datasets"],
            "languages": { "de": "Deutsch", "en": "English" },
            "datasets": [
                "Microsoft's Azure OpenAI revenue",
                "Microsoft Cloud revenue",
                "TikTok spending on Azure OpenAI",
                "Walmart spending on Microsoft Azure",
            ],
            "reports": [
                ["Microsoft's big cloud customers", customers, ["azure", "ai", "customers", "walmart", "tiktok"],
                 "2025-08-04", "4 August 2025", "en", "reports/microsoft-cloud-customers.html", [0, 1, 2, 3]],
                ["TikTok and the concentration risk in Azure OpenAI", tiktok, ["azure", "ai", "tiktok", "customers"],
                 "2025-06-04", "4 June 2025", "en", "reports/tiktok-azure-openai.html", [0, 2]],
                ["Walmarts Jahr auf Azure", jahr, ["azure", "walmart", "customers", "retail"],
                 "2025-06-03", "3. Juni 2025", "de", "reports/walmart-azure-jahr.html", [3]],
                ["Walmart's year on Azure", year, ["azure", "walmart", "customers", "retail"],
                 "2025-06-02", "2 June 2025", "en", "reports/walmart-azure-year.html", [3]],
            ],
        })
    );
    // One report a line, newest first; every URL is a page of the site, from its root.
    assert_eq!(text.lines().count(), 6, "{text}");
    for report in index["reports"].as_array().unwrap() {
        let url = report[6].as_str().unwrap();
        assert!(site.out().join(url).is_file(), "{url}");
    }
    // Two builds write the same bytes.
    site.build();
    assert_eq!(site.text("search-index.js"), text);
}

#[test]
fn no_title_can_end_the_index_script_or_one_of_its_strings() {
    let title = "</script><script>alert(1)</script> <!-- \u{2028}line\u{2029}paragraph \"q\" \\ & é";
    // A YAML double-quoted string, with the separators as escapes (typed as they are, YAML reads them as
    // line breaks and drops the space before them).
    let quoted = json!(title).to_string().replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029");
    let report = format!("---\ntitle: {quoted}\ndate: 2024-06-01\nsummary: {quoted}\n---\nText.\n");
    let site = TestSite::copy_of("basic").with("content/hostile.md", &report);
    site.build();
    let text = site.text("search-index.js");
    for raw in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
        assert!(!text.contains(raw), "{raw:?} is in the index as it is:\n{text}");
    }
    assert!(text.contains(r#"["\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e \u003c!-- \u2028line\u2029paragraph \"q\" \\ \u0026 é","#), "{text}");
    // The dataset's title (`Cloud <script>alert(1)</script> spend & "more"`) is escaped the same way.
    assert!(text.contains(r#""Cloud \u003cscript\u003ealert(1)\u003c/script\u003e spend \u0026 \"more\"""#), "{text}");
    let index = read_index(&text);
    let hostile = index["reports"].as_array().unwrap().iter().find(|r| r[6] == "reports/hostile.html").unwrap();
    assert_eq!((hostile[0].as_str(), hostile[1].as_str()), (Some(title), Some(title)));
    // A nested report's URL is from the site root, whatever the page that links it.
    let beta = index["reports"].as_array().unwrap().iter().find(|r| r[0] == "Beta").unwrap();
    assert_eq!((beta[5].as_str(), beta[6].as_str()), (Some("de"), Some("reports/notes/beta.html")));
}

#[test]
fn the_search_page_works_without_javascript_and_every_page_links_to_it() {
    let site = TestSite::example();
    site.build();
    let page = site.page("search.html");
    assert_eq!(texts(&page, "h1"), ["Search"]);
    // Without JavaScript: a note, and the lists of every report.
    assert_eq!(
        texts(&page, "noscript"),
        ["<p class=\"search-note\">Search runs in the browser and needs JavaScript, which is off here.</p>"]
    );
    let browse = select(&page, ".search-browse a");
    assert_eq!(browse[0].value().attr("href"), Some("index.html#reports"));
    // The form, which search.js shows: a labelled search field that submits to this page as ?q=.
    let form = &select(&page, "form[role=search]")[0];
    assert_eq!((form.value().attr("action"), form.value().attr("method")), (Some("search.html"), Some("get")));
    assert!(form.value().attr("hidden").is_some(), "hidden until the script runs");
    let input = &select(&page, "form[role=search] input[type=search][name=q]")[0];
    assert_eq!(texts(&page, &format!("label[for={}]", input.value().id().unwrap())), ["Search the reports"]);
    // The index, then the script that reads it; no inline handlers.
    let scripts: Vec<_> = select(&page, "main script").iter().map(|s| s.value().attr("src").unwrap()).collect();
    assert_eq!(scripts, ["search-index.js", "search.js"]);
    assert!(select(&page, "[oninput], [onsubmit], [onclick], [onload]").is_empty());
    assert_eq!(site.text("search.js"), include_str!("../src/render/templates/search.js"));
    // Every page links to it, relatively.
    let nav = |rel: &str| select(&site.page(rel), "nav[aria-label=Site] a")[2].value().attr("href").map(str::to_owned);
    assert_eq!(nav("index.html").as_deref(), Some("search.html"));
    assert_eq!(nav("reports/walmart-azure-jahr.html").as_deref(), Some("../search.html"));
    assert_links_resolve(&site.out());
    assert!(site.text("sitemap.xml").contains("search.html</loc>"));
}

#[test]
fn a_german_site_searches_in_german() {
    let site = TestSite::example();
    let yaml = site.source("site.yaml").replace("language: en", "language: de");
    let site = site.with("site.yaml", &yaml);
    site.build();
    let page = site.page("search.html");
    assert_eq!(texts(&page, "h1"), ["Suche"]);
    assert_eq!(texts(&page, "label[for=search-q]"), ["Berichte durchsuchen"]);
    assert_eq!(texts(&page, ".search-browse a"), ["Alle Berichte, die neuesten zuerst"]);
    let box_ = &select(&page, "#search")[0];
    assert_eq!(box_.value().attr("data-many"), Some("{n} Berichte gefunden."));
    assert_eq!(texts(&site.page("index.html"), "nav[aria-label=Site] a")[2], "Suche");
}

#[test]
fn the_search_page_and_its_script_are_templates_a_site_may_replace() {
    let page = "{% extends \"base.html\" %}{% block content %}<h1 class=\"own-search\">{{ labels.search.title }}</h1>\
                <script src=\"{{ root }}search-index.js\" defer></script><script src=\"{{ root }}search.js\" defer></script>{% endblock %}\n";
    let site =
        TestSite::example().with("templates/search.html", page).with("templates/search.js", "/* own search */\n");
    site.build();
    assert_eq!(texts(&site.page("search.html"), "h1.own-search"), ["Search"]);
    assert_eq!(site.text("search.js"), "/* own search */\n");
    // The index is made by the build, not a template.
    assert!(site.text("search-index.js").starts_with(PREFIX));
}
