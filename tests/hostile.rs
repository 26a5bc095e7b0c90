//! Hostile text: whatever a writer types into any field, every file the site writes parses with a strict
//! parser of its format; and the characters that no page can hold are refused where they are.

use std::path::Path;

use crate::support::{all_files, TestSite};

/// Text that is hard on every output format: markup, entities, CDATA and comment ends, quotes, line and
/// paragraph separators, bidi controls, a replacement character, combining marks, emoji, and character
/// references to controls and noncharacters (which Markdown decodes).
const HOSTILE: &str = "Hostile <b>&amp; \"q\" 'a' ]]> --> <!-- \u{2028}\u{2029} \u{202e}RTL\u{202c} \u{fffd} e\u{301} 🙂 &#27;&#xFFFE;&#0; ﻿x";

/// `text` as a YAML double-quoted string.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn hostile_site() -> TestSite {
    let h = quoted(HOSTILE);
    // In Markdown, `<b>` is the writer's own HTML, which a page keeps as it is (see docs/reports.md): there
    // the same text is typed with `\<`.
    let body = HOSTILE.replace('<', "\\<");
    let site = format!("title: {h}\ndescription: {h}\nauthor: {h}\nbase_url: https://example.github.io/x/\n");
    let data = format!(
        "title: {h}\ndescription: {h}\ncurrency: USD\nunit: million\nallow_negative: true\nnotes: {h}\nsources:\n  - title: {h}\n    \
         url: https://example.com/?a=1&b=<2>\nseries:\n  spend:\n    label: {h}\n    values:\n      \
         2024-01: 05\n      2024-02: {{ value: \"007.50\", status: estimated, note: {h} }}\n      2024-03: -05\n"
    );
    let csv = format!("period,spend\n2024-01,0010\n2024-02,{}\n", "1.5");
    let table = format!("title: {h}\ncurrency: USD\nunit: million\nsources:\n  - title: {h}\ntable:\n  file: table.csv\nseries:\n  spend:\n    label: {h}\n");
    let report = format!(
        "---\ntitle: {h}\ndate: 2024-06-01\nsummary: {h}\ntags: [cloud]\nheadline: 'sum(data=\"spend\") | money'\n\
         claims:\n  - says: \"$7.5\u{a0}million\"\n    expr: 'sum(data=\"spend\") | money'\n    source: {h}\n\
         updates:\n  - date: 2024-07-01\n    note: {h}\n---\n# {body}\n\n{body}\n\n\
         | {body} |\n|---|\n| `{HOSTILE}` |\n\n[{body}](https://example.com/ \"{body}\") ![{body}](x.png)\n\n\
         Footnote[^1].\n\n[^1]: {body}\n\n\
         {{{{ chart(data=\"spend\", title=\"Spend &amp; <b>\", caption=\"A caption ]]> -->\") }}}}\n"
    );
    TestSite::of_files(&[
        ("site.yaml", site.as_bytes()),
        ("data/spend.yaml", data.as_bytes()),
        ("data/table.yaml", table.as_bytes()),
        ("data/table.csv", csv.as_bytes()),
        ("content/hostile.md", report.as_bytes()),
    ])
}

/// Whether `c` may stand in an XML 1.0 document and in HTML without a parse error.
fn well_formed_char(c: char) -> bool {
    let noncharacter = matches!(c as u32, 0xFDD0..=0xFDEF) || (c as u32) & 0xFFFE == 0xFFFE;
    matches!(c, '\t' | '\n' | '\r') || !(c.is_control() || noncharacter)
}

#[test]
fn every_file_written_parses_whatever_text_a_writer_typed_in_every_field() {
    let site = hostile_site();
    site.build();
    let files = all_files(&site.out());
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for (rel, bytes) in &files {
        let ext = Path::new(rel).extension().and_then(|e| e.to_str()).unwrap_or("");
        // Images are bytes, drawn by the build whatever the writer typed: each begins as its format says.
        match ext {
            "ico" => assert!(bytes.starts_with(&[0, 0, 1, 0]), "{rel}"),
            "png" if rel.starts_with("embed/") => assert_eq!(crate::share_images::png_size(bytes).0, 1600, "{rel}"),
            "png" => assert_eq!(crate::share_images::png_size(bytes), (1200, 630), "{rel}"),
            _ => {}
        }
        if ["ico", "png"].contains(&ext) {
            *counts.entry(ext).or_default() += 1;
            continue;
        }
        let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{rel} is not UTF-8: {e}"));
        if let Some(c) = text.chars().find(|c| !well_formed_char(*c)) {
            panic!("{rel} holds U+{:04X}", c as u32);
        }
        match ext {
            "html" => {
                let page = scraper::Html::parse_document(text);
                assert!(page.errors.is_empty(), "{rel}: {:?}", page.errors);
            }
            "svg" | "xml" => {
                roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{rel}: {e}"));
            }
            "json" => {
                serde_json::from_str::<serde_json::Value>(text).unwrap_or_else(|e| panic!("{rel}: {e}"));
            }
            "csv" => {
                let mut reader = csv::Reader::from_reader(bytes.as_slice());
                let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
                assert!(!records.is_empty(), "{rel}");
            }
            // The search index is one JSON value assigned to a global; `search.js` is the same in every site.
            "js" if rel == "search-index.js" => {
                crate::search::read_index(text);
            }
            _ => continue,
        }
        *counts.entry(ext).or_default() += 1;
    }
    assert_eq!(
        counts,
        // The chart has files of its own: its page, oEmbed description, SVG and PNG.
        [("csv", 2), ("html", 9), ("ico", 1), ("js", 1), ("json", 4), ("png", 2), ("svg", 4), ("xml", 2)].into()
    );
    // The page shows the writer's text, with character references to what no page can hold replaced.
    let page = site.text("reports/hostile.html");
    assert!(page.contains("Hostile &lt;b&gt;&amp;amp; &quot;q&quot;"), "{page}");
    assert!(page.contains("\u{fffd}\u{fffd}\u{fffd}"), "three references replaced");
    // Leading zeros are normalised where JSON needs it, and kept in the table as written.
    let json = site.text("datasets/spend.json");
    let values: Vec<&str> = json.split("\"value\": ").skip(1).map(|v| v.split(',').next().unwrap()).collect();
    assert_eq!(values, ["5", "7.50", "-5"], "{json}");
    assert!(site.text("datasets/table.json").contains("\"value\": 10,"));
}

/// A character that no page can hold, typed into any input file or made by a YAML escape, is an error
/// where it is: the file is not built into a page that differs from it.
#[test]
fn characters_no_page_can_hold_are_refused_where_they_are_in_every_kind_of_file() {
    let site = hostile_site()
        .with("data/table.csv", "period,spend\n2024-01,1\n2024-02,\u{0}2\n")
        .with("data/spend.yaml", "title: \"Spend \\e[31m\"\ncurrency: USD\nunit: million\nsources: [{ title: x }]\nseries: { spend: { label: \"S\\uFFFE\", values: { 2024-01: 1 } } }\n")
        .with("content/hostile.md", "---\ntitle: Hostile\ndate: 2024-06-01\n---\nBody \u{7f} and\n\u{fffe}\n")
        .with("templates/base.html", "<!doctype html>\u{85}{% block content %}{% endblock %}\n");
    let errors: Vec<String> = site.check_err().iter().map(|d| format!("{}: {}", d.location(), d.message)).collect();
    assert_eq!(
        errors,
        [
            "content/hostile.md:5:6: file holds the control character U+007F (and 1 more such character), which no page can show",
            "data/spend.yaml:1:15: an escape here gives the control character U+001B, which no page can show",
            "data/table.csv:3:9: file holds the control character U+0000, which no page can show",
            "templates/base.html:1:16: file holds the control character U+0085, which no page can show",
        ]
    );
    // A broken `site.yaml` stops the run before the rest is read.
    let site = site.with("site.yaml", "title: Spend\u{1b}[2J\n");
    let errors: Vec<String> = site.check_err().iter().map(|d| d.to_string()).collect();
    assert_eq!(
        errors[errors.len() - 1],
        "site.yaml:1:13: error: file holds the control character U+001B, which no page can show\n  |\n\
         1 | title: Spend\\u{1b}[2J\n  |             ^^^^^^\n\
         \x20 = hint: delete it: the editor may show it as nothing at all; tabs and line breaks are fine\n"
    );
}
