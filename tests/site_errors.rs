//! Bad content and templates: each case breaks one file of the fixture site and expects one error,
//! at the right file, line and column, with a message a writer can act on, and never a panic.

use crate::support::TestSite;

/// (what, file to write, its text, expected `path:line:col: error: message` first line)
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "unknown front matter key",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\nsumary: typo\n---\nBody\n",
        "content/gamma.md:4:1: error: unknown field `sumary`",
    ),
    (
        "missing title",
        "content/gamma.md",
        "---\ndate: 2024-01-01\n---\nBody\n",
        "content/gamma.md:2:1: error: missing field `title`",
    ),
    (
        "bad date",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-02-30\n---\n",
        "content/gamma.md:3:7: error: invalid date `2024-02-30`",
    ),
    ("no front matter", "content/gamma.md", "# Just text\n", "content/gamma.md:1:1: error: missing front matter"),
    (
        "unknown function",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\nLine one.\nTotal {{ summ(data=\"cloud\") | money }}.\n",
        "content/gamma.md:6:10: error: Unknown function `summ`",
    ),
    (
        "unknown filter",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\nTotal {{ sum(data=\"cloud\") | mony }}.\n",
        "content/gamma.md:5:30: error: Unknown filter `mony`",
    ),
    (
        "unknown dataset",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\n\nTotal {{ sum(data=\"clod\") | money }}.\n",
        "content/gamma.md:6:10: error: unknown dataset `clod`; did you mean `cloud`?",
    ),
    (
        "unknown series",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\nTotal {{ sum(data=\"cloud\", series=\"spent\") | money }}.\n",
        "content/gamma.md:5:10: error: dataset `cloud` has no series `spent` (it has: spend)",
    ),
    (
        "bad period argument",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\nTotal {{ sum(data=\"cloud\", from=\"2023-13\") | money }}.\n",
        "content/gamma.md:5:10: error: `sum`: invalid month `2023-13`: months are 01 to 12",
    ),
    (
        "unknown argument",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\nTotal {{ sum(data=\"cloud\", form=\"2023-07\") | money }}.\n",
        "content/gamma.md:5:10: error: `sum` has no argument `form`; did you mean `from`?",
    ),
    (
        "expression syntax error",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\nTotal {{ sum(data=\"cloud\" }}.\n",
        "content/gamma.md:5:27: error: Found `}}` but expected ,",
    ),
    (
        "attribute access keeps the writer's columns",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\n{{ max(data=\"cloud\").period | period }} {{ sum(data=\"x\") }}\n",
        "content/gamma.md:5:44: error: unknown dataset `x`",
    ),
    (
        "figure without a filter",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\nOne.\n\nTotal {{ sum(data=\"cloud\") }}.\n",
        "content/gamma.md:7:7: error: a figure is printed without a filter\n  |\n7 | Total {{ sum(data=\"cloud\") }}.\n  |       ^^^^^^^^^^^^^^^^^^^^^^^\n",
    ),
    (
        "a figure inside a list, printed without a filter",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\n{{ [max(data=\"cloud\")] }}\n",
        "content/gamma.md:5:1: error: a figure is printed without a filter",
    ),
    (
        "headline with an unknown filter, pointed at inside the quotes",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\nheadline: 'sum(data=\"cloud\") | mony'\n---\n",
        "content/gamma.md:4:32: error: Unknown filter `mony`\n  |\n4 | headline: 'sum(data=\"cloud\") | mony'\n  |                                ^^^^\n",
    ),
    (
        "a chart inside a paragraph",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\nAs the chart {{ chart(data=\"cloud\") }} shows.\n",
        "content/gamma.md:5:14: error: a chart must be on a line of its own",
    ),
    (
        "link to a missing report",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\nSee [delta](delta.html).\n",
        "content/gamma.md:5:13: error: link `delta.html` points at no page of the site",
    ),
    (
        "link to a folder",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\nSee [notes](notes/).\n",
        "content/gamma.md:5:13: error: link `notes/` points at a folder",
    ),
    (
        "root-absolute link",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\nSee [a](/reports/alpha.html).\n",
        "content/gamma.md:5:9: error: link `/reports/alpha.html` starts at the domain root",
    ),
    (
        "two reports with the same slug",
        "content/Alpha.md",
        "---\ntitle: A2\ndate: 2024-01-01\n---\n",
        "content/alpha.md: error: two reports have the slug `alpha`",
    ),
    (
        "claim whose expression fails",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\nclaims:\n  - says: \"$1\"\n    expr: 'sum(data=\"nope\") | money'\n    source: S\n---\n",
        "content/gamma.md:6:12: error: unknown dataset `nope`",
    ),
    (
        "chart with a bad kind",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\n{{ chart(data=\"cloud\", kind=\"pie\") }}\n",
        "content/gamma.md:5:4: error: `chart`: unknown kind `pie`; use bar, line, area or stacked",
    ),
    (
        "template syntax error",
        "templates/tag.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.tag }</h1>\n{% endblock %}\n",
        "templates/tag.html:3:",
    ),
    (
        "template with an unknown variable",
        "templates/tag.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.nope.deeper }}</h1>\n{% endblock %}\n",
        "templates/tag.html:3:",
    ),
    (
        "link in a dataset's description to a folder",
        "data/extra.yaml",
        "title: E\ndescription: See [the reports](../reports/).\ncurrency: USD\nsources:\n  - title: S\nseries:\n  a:\n    label: A\n    values:\n      2023-07: 1\n",
        "data/extra.yaml: error: in `description`: link `../reports/` points at a folder",
    ),
    (
        "broken link after a figure on the same line",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\nTotal {{ sum(data=\"cloud\") | money }} see [bad](nope.html).\n",
        "content/gamma.md:5:49: error: link `nope.html` points at no page of the site",
    ),
    (
        "a figure's raw value printed without a filter",
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\nTotal {{ sum(data=\"cloud\").value }}.\n",
        "content/gamma.md:5:",
    ),
    (
        "bad site language",
        "site.yaml",
        "title: T\nbase_url: https://x.org/\nlanguage: fr\n",
        "site.yaml:3:11: error: unknown language `fr`",
    ),
    (
        "relative base_url",
        "site.yaml",
        "title: T\nbase_url: /repo/\n",
        "site.yaml:2:11: error: base_url `/repo/` is not an absolute http(s) URL",
    ),
];

#[test]
fn each_bad_input_gives_one_precise_error() {
    let mut failures = Vec::new();
    for (what, file, text, expected) in CASES {
        let site = TestSite::copy_of("basic");
        site.write(file, text);
        let result = std::panic::catch_unwind(|| spendsite::build::check(&site.options()));
        let report = match result {
            Err(_) => "PANIC".to_owned(),
            Ok(Ok(_)) => "no error".to_owned(),
            Ok(Err(diags)) => diags.render(false),
        };
        if !report.starts_with(expected) {
            failures.push(format!("{what}: expected `{expected}…`, got:\n{report}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

#[test]
fn all_errors_of_a_run_are_reported() {
    let site = TestSite::copy_of("basic");
    site.write(
        "content/one.md",
        "---\ntitle: 1\ndate: 2024-01-01\n---\n{{ sum(data=\"x\") | money }} and {{ summ(data=\"cloud\") | money }}\n\
         {{ sum(data=\"cloud\" }}\n",
    );
    site.write("content/two.md", "---\ntitle: 2\ndate: 2024-13-01\n---\n");
    site.write("data/broken.yaml", "title: B\ncurrency: USD\n");
    let diags = spendsite::build::check(&site.options()).unwrap_err();
    let locations: Vec<String> = diags.iter().filter(|d| d.is_error()).map(|d| d.location()).collect();
    assert!(locations.contains(&"content/two.md:3:7".to_owned()), "{locations:?}");
    assert!(locations.iter().any(|l| l.starts_with("data/broken.yaml")), "{locations:?}");
    // With the data fixed, every failing expression of a report body is reported, not just the first.
    std::fs::remove_file(site.root().join("data/broken.yaml")).unwrap();
    site.write("content/two.md", "---\ntitle: 2\ndate: 2024-12-01\n---\n");
    let diags = spendsite::build::check(&site.options()).unwrap_err();
    let locations: Vec<String> = diags.iter().filter(|d| d.is_error()).map(|d| d.location()).collect();
    assert_eq!(locations, ["content/one.md:5:4", "content/one.md:5:36", "content/one.md:6:21"]);
}

#[test]
fn a_broken_dataset_does_not_hide_the_errors_of_reports() {
    let site = TestSite::copy_of("basic");
    // cloud.yaml gets a bad value; alpha.md uses it, and gamma.md has an error of its own.
    let cloud = std::fs::read_to_string(site.root().join("data/cloud.yaml")).unwrap();
    site.write("data/cloud.yaml", &cloud.replace("2023-07: 50", "2023-07: 5o"));
    site.write(
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\nSee {{ summ(data=\"quarters\") | money }}.\n",
    );
    site.write("content/delta.md", "---\ntitle: D\ndate: 2024-01-01\n---\n{{ sum(data=\"cloud\") | money }}\n");
    let diags = spendsite::build::check(&site.options()).unwrap_err();
    let all: Vec<String> = diags.iter().map(|d| format!("{}: {:?}: {}", d.location(), d.severity, d.message)).collect();
    // The root causes, each once; then, after the dataset's error, one note on what it kept from being
    // checked, instead of an error per use. No link errors for the broken dataset's page.
    assert_eq!(
        all,
        [
            "content/gamma.md:5:8: Error: Unknown function `summ`",
            "data/cloud.yaml:16:16: Error: value `5o` is not a number",
            "data/cloud.yaml: Note: 3 reports use `cloud`, so its figures were not checked: content/alpha.md (7 uses), \
             content/delta.md (1 use), content/notes/beta.md (2 uses)",
        ]
    );
    assert_eq!(diags.error_count(), 2);
}

/// A writer's name can reach two of the pages spendsite writes itself: a report named `page-N` (when the
/// report list has that many pages) and a dataset named `index`. Each is an error at the writer's file
/// that names the page it would take, and nothing is written: the last build stays as it was.
#[test]
fn a_name_that_would_take_a_generated_page_is_an_error_and_nothing_is_written() {
    let site = TestSite::copy_of("basic");
    // With alpha and notes/beta, 21 listed reports: the list has a second page, reports/page-2.html.
    for i in 0..19 {
        site.write(
            &format!("content/more/m{i}.md"),
            &format!("---\ntitle: More {i}\ndate: 2024-01-{:02}\n---\nText.\n", i + 1),
        );
    }
    site.build();
    let before = crate::support::all_files(&site.out());
    assert!(before.contains_key("reports/page-2.html"));
    site.write("content/page-2.md", "---\ntitle: Page two\ndate: 2024-02-02\n---\nA report of its own.\n");
    site.write("data/index.yaml", &site.source("data/quarters.yaml"));
    assert_eq!(
        site.build_err(),
        "content/page-2.md: error: this report would be written to `reports/page-2.html`, which is page 2 of the report list\n  \
         = hint: rename the file: spendsite writes that page itself\n\n\
         data/index.yaml: error: this dataset would be written to `datasets/index.html`, which is the index of datasets\n  \
         = hint: rename the file: spendsite writes that page itself\n"
    );
    assert!(crate::support::all_files(&site.out()) == before, "the last build's files are as they were");
    // With fewer than 21 listed reports there is no second page, and the name is free.
    std::fs::remove_file(site.root().join("data/index.yaml")).unwrap();
    std::fs::remove_dir_all(site.root().join("content/more")).unwrap();
    site.build();
    assert!(site.text("reports/page-2.html").contains("A report of its own."));
}
