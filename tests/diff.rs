//! `spendsite diff` over real git repositories: each kind of change to data and reports, with the exact
//! output, for a report in English and one in German over the same dataset.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::TestSite;

const SITE: &str = "title: Diff\nbase_url: https://example.com/\n";
const DATA: &str = "title: Cloud\ncurrency: USD\nunit: million\nsources:\n  - title: The bill\nseries:\n  spend:\n    label: Spend\n    status: reported\n    values:\n      2024-01: 10\n      2024-02: 20.5\n      2024-03: 30\n";
const EN: &str = "---\ntitle: Cloud\ndate: 2024-04-01\nclaims:\n  - says: \"$60.5\u{a0}million\"\n    expr: 'sum(data=\"cloud\") | money'\n    source: Invoices\n---\nIn all {{ sum(data=\"cloud\") | money }}.\n\nAt most {{ max(data=\"cloud\") | money }}.\n";
const DE: &str = "---\ntitle: Wolke\ndate: 2024-04-02\nlang: de\n---\nInsgesamt {{ sum(data=\"cloud\") | money }}.\n";

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A committed project with the English and the German report.
fn repository() -> TestSite {
    let site = TestSite::of_files(&[
        ("site.yaml", SITE.as_bytes()),
        ("data/cloud.yaml", DATA.as_bytes()),
        ("content/en.md", EN.as_bytes()),
        ("content/de.md", DE.as_bytes()),
    ]);
    git(site.root(), &["init", "-q"]);
    git(site.root(), &["add", "."]);
    git(site.root(), &["commit", "-qm", "first"]);
    site
}

fn diff(site: &TestSite, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spendsite")).arg("diff").args(args).current_dir(site.root()).output().unwrap()
}

/// The output of `diff --git HEAD` after `edit`, and its exit code.
#[track_caller]
fn after(edit: impl Fn(&TestSite)) -> (String, Option<i32>) {
    let site = repository();
    edit(&site);
    let out = diff(&site, &["--git", "HEAD"]);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

fn replace(site: &TestSite, rel: &str, from: &str, to: &str) {
    let text = site.source(rel);
    assert!(text.contains(from), "{rel} has no `{from}`");
    site.write(rel, &text.replacen(from, to, 1));
}

#[test]
fn a_restated_value_changes_figures_fails_the_claim_and_shows_in_the_dataset() {
    let (out, code) = after(|s| replace(s, "data/cloud.yaml", "2024-02: 20.5", "2024-02: 21.5"));
    assert_eq!(
        out,
        "figures changed (2):\n\
         \x20 content/de.md:6:11: de: sum(data=\"cloud\") | money: 60,5\u{a0}Millionen\u{a0}US-Dollar → 61,5\u{a0}Millionen\u{a0}US-Dollar\n\
         \x20 content/en.md:9:8: en: sum(data=\"cloud\") | money: $60.5\u{a0}million → $61.5\u{a0}million\n\
         claims that now fail (1):\n\
         \x20 content/en.md:5:5: en: says $60.5\u{a0}million but the data gives $61.5\u{a0}million (sum(data=\"cloud\") | money)\n\
         dataset values changed (1):\n\
         \x20 data/cloud.yaml: cloud\n\
         \x20   spend 2024-02: 20.5 (reported) → 21.5 (reported)\n"
    );
    assert_eq!(code, Some(1));
}

#[test]
fn a_status_change_shows_as_new_caveats() {
    let (out, code) =
        after(|s| replace(s, "data/cloud.yaml", "2024-03: 30", "2024-03: { value: 30, status: estimated }"));
    assert_eq!(
        out,
        "figures changed (3):\n\
         \x20 content/de.md:6:11: de: sum(data=\"cloud\") | money: 60,5\u{a0}Millionen\u{a0}US-Dollar → 60,5\u{a0}Millionen\u{a0}US-Dollar (caveats: none → estimated)\n\
         \x20 content/en.md:9:8: en: sum(data=\"cloud\") | money: $60.5\u{a0}million → $60.5\u{a0}million (caveats: none → estimated)\n\
         \x20 content/en.md:11:9: en: max(data=\"cloud\") | money: $30\u{a0}million → $30\u{a0}million (caveats: none → estimated)\n\
         dataset values changed (1):\n\
         \x20 data/cloud.yaml: cloud\n\
         \x20   spend 2024-03: 30 (reported) → 30 (estimated)\n"
    );
    assert_eq!(code, Some(1));
}

#[test]
fn a_removed_period_changes_every_figure_over_it() {
    let (out, code) = after(|s| {
        replace(s, "data/cloud.yaml", "      2024-03: 30\n", "");
        replace(s, "content/en.md", "$60.5\u{a0}million", "$30.5\u{a0}million");
    });
    assert_eq!(
        out,
        "figures changed (3):\n\
         \x20 content/de.md:6:11: de: sum(data=\"cloud\") | money: 60,5\u{a0}Millionen\u{a0}US-Dollar → 30,5\u{a0}Millionen\u{a0}US-Dollar\n\
         \x20 content/en.md:9:8: en: sum(data=\"cloud\") | money: $60.5\u{a0}million → $30.5\u{a0}million\n\
         \x20 content/en.md:11:9: en: max(data=\"cloud\") | money: $30\u{a0}million → $20.5\u{a0}million\n\
         claims changed (1):\n\
         \x20 content/en.md:5:5: en: sum(data=\"cloud\") | money: says $60.5\u{a0}million → says $30.5\u{a0}million\n\
         dataset values changed (1):\n\
         \x20 data/cloud.yaml: cloud\n\
         \x20   spend 2024-03: 30 (reported) → none\n"
    );
    assert_eq!(code, Some(1));
}

#[test]
fn an_edited_claim_and_new_and_removed_figures_are_listed() {
    let (out, code) = after(|s| {
        replace(s, "content/en.md", "$60.5\u{a0}million", "$61\u{a0}million");
        replace(
            s,
            "content/en.md",
            "At most {{ max(data=\"cloud\") | money }}.",
            "At least {{ min(data=\"cloud\") | money }}.",
        );
        replace(s, "content/de.md", "Insgesamt", "Höchstens {{ max(data=\"cloud\") | money }}, insgesamt");
    });
    assert_eq!(
        out,
        "figures added (2):\n\
         \x20 content/de.md:6:11: de: max(data=\"cloud\") | money: 30\u{a0}Millionen\u{a0}US-Dollar\n\
         \x20 content/en.md:11:10: en: min(data=\"cloud\") | money: $10\u{a0}million\n\
         figures removed (1):\n\
         \x20 content/en.md:11:9: en: max(data=\"cloud\") | money: $30\u{a0}million\n\
         claims changed (1):\n\
         \x20 content/en.md:5:5: en: sum(data=\"cloud\") | money: says $60.5\u{a0}million → says $61\u{a0}million\n\
         claims that now fail (1):\n\
         \x20 content/en.md:5:5: en: says $61\u{a0}million but the data gives $60.5\u{a0}million (sum(data=\"cloud\") | money)\n"
    );
    assert_eq!(code, Some(1));
}

#[test]
fn two_revisions_compare_with_each_other() {
    let site = repository();
    replace(&site, "data/cloud.yaml", "2024-02: 20.5", "2024-02: 21.5");
    replace(&site, "content/en.md", "$60.5\u{a0}million", "$61.5\u{a0}million");
    git(site.root(), &["commit", "-qam", "restated"]);
    // The work tree changes again; two revisions ignore it.
    replace(&site, "data/cloud.yaml", "2024-01: 10", "2024-01: 11");
    let out = diff(&site, &["--git", "HEAD~1", "--git", "HEAD"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout
            .contains("content/en.md:9:8: en: sum(data=\"cloud\") | money: $60.5\u{a0}million → $61.5\u{a0}million\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("spend 2024-02: 20.5 (reported) → 21.5 (reported)\n") && !stdout.contains("2024-01"),
        "{stdout}"
    );
}

#[test]
fn prose_edits_change_no_figure() {
    let (out, code) = after(|s| {
        replace(s, "content/en.md", "In all", "A new first paragraph.\n\nAltogether, the bill came to");
        replace(s, "content/de.md", "Insgesamt", "Alles in allem");
    });
    assert_eq!((out.as_str(), code), ("no figures changed\n", Some(0)));
}

#[test]
fn two_built_sites_compare_by_their_manifests_and_json_is_offered() {
    let site = repository();
    site.build();
    std::fs::rename(site.out(), site.root().join("old")).unwrap();
    // The same number written another way is no change.
    replace(&site, "data/cloud.yaml", "2024-01: 10", "2024-01: 10.0");
    site.build();
    let out = diff(&site, &["old", "public"]);
    assert_eq!((String::from_utf8_lossy(&out.stdout).as_ref(), out.status.code()), ("no figures changed\n", Some(0)));
    replace(&site, "data/cloud.yaml", "2024-01: 10.0", "2024-01: 12");
    replace(&site, "content/en.md", "$60.5\u{a0}million", "$62.5\u{a0}million");
    site.build();
    let out = diff(&site, &["old", "public/figures.json", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changed = json["changed"].as_array().unwrap();
    let texts: Vec<(&str, &str)> =
        changed.iter().map(|c| (c["old"]["text"].as_str().unwrap(), c["new"]["text"].as_str().unwrap())).collect();
    assert_eq!(
        texts,
        [
            ("60,5\u{a0}Millionen\u{a0}US-Dollar", "62,5\u{a0}Millionen\u{a0}US-Dollar"),
            ("$60.5\u{a0}million", "$62.5\u{a0}million")
        ]
    );
    assert_eq!((changed[1]["new"]["value"].as_str(), changed[1]["line"].as_u64()), (Some("62.5"), Some(9)));
    assert_eq!(json["datasets"][0]["values"][0]["new"]["value"], "12");
    // Not two sites and no revision: an error, exit 2.
    let out = diff(&site, &["old"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("give two built sites (OLD NEW), --git REV, or --git OLD --git NEW"));
}

fn check_since(site: &TestSite, rev: &str) -> (String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_spendsite"))
        .args(["check", "--since", rev])
        .current_dir(site.root())
        .output()
        .unwrap();
    (String::from_utf8_lossy(&out.stderr).into_owned(), out.status.code())
}

#[test]
fn check_since_fails_on_an_unexplained_change_until_an_update_explains_it() {
    let site = repository();
    replace(&site, "data/cloud.yaml", "2024-02: 20.5", "2024-02: 21.5");
    replace(&site, "content/en.md", "$60.5\u{a0}million", "$61.5\u{a0}million");
    let (stderr, code) = check_since(&site, "HEAD");
    assert_eq!(code, Some(1));
    let date = String::from_utf8(
        Command::new("git").args(["log", "-1", "--format=%cs"]).current_dir(site.root()).output().unwrap().stdout,
    )
    .unwrap();
    let date = date.trim();
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            format!("content/de.md:6:11: error: 1 published figure changed since HEAD ({date}) with no update: line 6: sum(data=\"cloud\") | money: 60,5\u{a0}Millionen\u{a0}US-Dollar → 61,5\u{a0}Millionen\u{a0}US-Dollar"),
            format!("content/en.md:9:8: error: 1 published figure changed since HEAD ({date}) with no update: line 9: sum(data=\"cloud\") | money: $60.5\u{a0}million → $61.5\u{a0}million"),
        ]
    );
    assert!(stderr.contains(&format!(
        "= hint: say what changed in the front matter: `updates: [{{ date: {date}, note: \"…\" }}]`"
    )));
    // An update dated on the revision's day explains the English report's change; the German one is
    // a draft, which is exempt.
    let update = format!("date: 2024-04-01\nupdates:\n  - date: {date}\n    note: February was restated.\n");
    replace(&site, "content/en.md", "date: 2024-04-01\n", &update);
    replace(&site, "content/de.md", "lang: de\n", "lang: de\ndraft: true\n");
    let (stderr, code) = check_since(&site, "HEAD");
    assert_eq!((stderr.as_str(), code), ("", Some(0)));
    // A build since the revision marks the figure the update explains, where it stands.
    let out = Command::new(env!("CARGO_BIN_EXE_spendsite"))
        .args(["build", "--since", "HEAD"])
        .current_dir(site.root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = site.source("public/reports/en.html");
    let revised = format!(
        "$61.5\u{a0}million</a> <span class=\"revised\">(revised on {}; was $60.5\u{a0}million)</span>.",
        spendsite::figures::format::date(
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            spendsite::lang::Lang::En
        )
    );
    assert!(page.contains(&revised), "{page}");
    assert_eq!(page.matches("class=\"revised\"").count(), 1);
    // An update dated before the revision explains nothing.
    replace(&site, "content/en.md", &format!("  - date: {date}"), "  - date: 2024-04-02");
    assert_eq!(check_since(&site, "HEAD").1, Some(1));
    // Without --since, nothing changes for a writer.
    let out = Command::new(env!("CARGO_BIN_EXE_spendsite")).arg("check").current_dir(site.root()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn updates_show_on_the_page_and_date_the_feed_and_sitemap() {
    let site = repository();
    let update = "date: 2024-04-01\nupdates:\n  - date: 2024-06-10\n    note: February was <restated>.\n  - date: 2024-05-01\n    note: A typo.\n";
    replace(&site, "content/en.md", "date: 2024-04-01\n", update);
    site.build();
    let page = site.source("public/reports/en.html");
    assert!(page.contains(
        "<h2 id=\"updates-heading\">Updates and corrections</h2>\n<ul>\n\
         <li><time datetime=\"2024-05-01\">1 May 2024</time>: A typo.</li>\n\
         <li><time datetime=\"2024-06-10\">10 June 2024</time>: February was &lt;restated&gt;.</li>\n</ul>"
    ));
    let feed = site.source("public/feed.xml");
    assert!(feed.contains("<published>2024-04-01T00:00:00Z</published>\n    <updated>2024-06-10T00:00:00Z</updated>"));
    let sitemap = site.source("public/sitemap.xml");
    assert!(sitemap.contains("reports/en.html</loc><lastmod>2024-06-10</lastmod>"));
    assert!(sitemap.contains("reports/de.html</loc><lastmod>2024-04-02</lastmod>"));
    let figures = spendsite::manifest::Manifest::read(&site.out()).unwrap();
    assert_eq!(figures.reports[1].updates.len(), 2);
    // A dataset's revisions show on its page, oldest first.
    let revisions = "sources:\n  - title: The bill\nrevisions:\n  - date: 2024-06-10\n    note: February restated.\n  - date: 2024-05-02\n    note: March added.\n";
    replace(&site, "data/cloud.yaml", "sources:\n  - title: The bill\n", revisions);
    site.build();
    assert!(site.source("public/datasets/cloud.html").contains(
        "<h2 id=\"revisions-heading\">Revisions</h2><ul>\
         <li><time datetime=\"2024-05-02\">2 May 2024</time>: March added.</li>\
         <li><time datetime=\"2024-06-10\">10 June 2024</time>: February restated.</li></ul>"
    ));
    replace(&site, "data/cloud.yaml", "  - date: 2024-05-02", "  - date: 2024-5-2");
    let err = site.build_err();
    assert!(
        err.starts_with("data/cloud.yaml:9:11: error: a revision's `date` must be written YYYY-MM-DD, not `2024-5-2`"),
        "{err}"
    );
    replace(&site, "data/cloud.yaml", "  - date: 2024-5-2", "  - date: 2024-05-02");
    // An update from before the report was published is an error at its date.
    replace(&site, "content/en.md", "  - date: 2024-05-01", "  - date: 2024-03-01");
    let err = site.build_err();
    assert!(err.starts_with("content/en.md:7:11: error: update dated 2024-03-01 is before the report's date"), "{err}");
    // With an invalid date before it, the early one is still found where it is.
    replace(&site, "content/en.md", "  - date: 2024-06-10", "  - date: 2024-13-10");
    let err = site.build_err();
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            "content/en.md:5:11: error: invalid update date `2024-13-10`",
            "content/en.md:7:11: error: update dated 2024-03-01 is before the report's date",
        ]
    );
}

#[test]
fn markdown_lists_a_restated_value_as_tables_for_a_pull_request() {
    let site = repository();
    replace(&site, "data/cloud.yaml", "2024-02: 20.5", "2024-02: 21.5");
    let out = diff(&site, &["--git", "HEAD", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(1));
    let out = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out,
        "### What this change does to the published figures\n\n\
         #### Figures changed (2)\n\n\
         | Report | Where | Expression | Old | New |\n\
         | --- | --- | --- | --- | --- |\n\
         | de | `content/de.md:6:11` | `sum(data=\"cloud\") \\| money` | 60,5\u{a0}Millionen\u{a0}US-Dollar | 61,5\u{a0}Millionen\u{a0}US-Dollar |\n\
         | en | `content/en.md:9:8` | `sum(data=\"cloud\") \\| money` | \\$60.5\u{a0}million | \\$61.5\u{a0}million |\n\n\
         #### Claims that now fail (1)\n\n\
         | Report | Where | Expression | Says | The data gives |\n\
         | --- | --- | --- | --- | --- |\n\
         | en | `content/en.md:5:5` | `sum(data=\"cloud\") \\| money` | \\$60.5\u{a0}million | \\$61.5\u{a0}million |\n\n\
         #### Dataset values changed (1)\n\n\
         | Dataset | Where | Series and period | Old | New |\n\
         | --- | --- | --- | --- | --- |\n\
         | cloud | `data/cloud.yaml` | `spend 2024-02` | 20.5 (reported) | 21.5 (reported) |\n\n"
    );
    let out = diff(&site, &["--git", "HEAD", "--git", "HEAD", "--format", "markdown"]);
    assert_eq!(
        (String::from_utf8(out.stdout).unwrap().as_str(), out.status.code()),
        ("### What this change does to the published figures\n\nNo figure, claim or dataset value changed.\n", Some(0))
    );
}
