//! Building sites end to end: the fixture site, its pages, links, downloads, escaping and atomicity.

use spendsite::build;
use spendsite::config::Options;

use crate::support::{all_files, assert_links_resolve, read, select, texts, TestSite};

#[test]
fn fixture_site_builds_with_exact_figures() {
    let site = TestSite::copy_of("basic");
    let outcome = site.build();
    assert_eq!(outcome.stats.summary(), "2 reports, 2 datasets, 3 charts, 2 claims checked");
    let alpha = site.page("reports/alpha.html");
    let figures = texts(&alpha, ".prose a.figure");
    assert_eq!(figures, ["$164.4\u{a0}million", "$61.9\u{a0}million", "$30.3\u{a0}billion"]);
    let prose = texts(&alpha, ".prose p").join("\n");
    assert!(prose.contains("Total: $164.4\u{a0}million. Peak $61.9\u{a0}million in September 2023."), "{prose}");
    assert!(prose.contains("Fiscal: FY23 Q1; last $30.3\u{a0}billion."), "{prose}");
    let beta = site.page("reports/notes/beta.html");
    assert_eq!(texts(&beta, ".prose p")[0], "Summe: 164,4\u{a0}Millionen\u{a0}US-Dollar; Spitze im September 2023.");
    assert_eq!(select(&beta, "html")[0].value().attr("lang"), Some("de"));
}

#[test]
fn figures_link_to_their_dataset_and_say_how_they_were_computed() {
    let site = TestSite::copy_of("basic");
    site.build();
    let alpha = site.page("reports/alpha.html");
    let first = select(&alpha, ".prose a.figure")[0];
    assert_eq!(first.value().attr("href"), Some("../datasets/cloud.html"));
    let how = first.value().attr("title").unwrap();
    assert!(how.contains("cloud/spend") && how.contains("illustrative"), "{how}");
    let notes = texts(&alpha, ".figure-notes li");
    assert_eq!(notes.len(), 3);
    assert!(notes[0].starts_with("$164.4\u{a0}million:"), "{}", notes[0]);
    assert_eq!(texts(&alpha, "#claims-heading"), ["Checked claims (2 figures checked against the data)"]);
    assert_eq!(texts(&alpha, ".claims tbody td:first-child"), ["$164.4 million", "$61.9M"], "as the claim says it");
    assert_eq!(select(&alpha, ".raw-html").len(), 1, "raw HTML written in the Markdown is kept");
}

#[test]
fn every_internal_link_resolves_to_a_file() {
    let site = TestSite::copy_of("basic");
    site.build();
    assert_links_resolve(&site.out());
    for page in
        ["index.html", "reports/alpha.html", "reports/notes/beta.html", "datasets/cloud.html", "tags/cloud.html"]
    {
        assert!(site.out().join(page).is_file(), "{page}");
    }
    for file in [
        ".nojekyll",
        "style.css",
        "feed.xml",
        "sitemap.xml",
        "404.html",
        "datasets/cloud.csv",
        "datasets/cloud.json",
        "datasets/cloud.svg",
    ] {
        assert!(site.out().join(file).is_file(), "{file}");
    }
}

#[test]
fn index_lists_reports_newest_first_with_headlines_and_datasets() {
    let site = TestSite::copy_of("basic");
    site.build();
    let index = site.page("index.html");
    assert_eq!(texts(&index, ".card h3"), ["Beta", "Alpha <report>"]);
    // Without `headline_label`, the headline says what it is: its dataset and periods.
    assert_eq!(
        texts(&index, ".card .headline"),
        ["Cloud <script>alert(1)</script> spend & \"more\", Jul 2023 – Oct 2023: $164.4\u{a0}million"]
    );
    assert_eq!(texts(&index, "#datasets a"), ["All datasets (2)"]);
    let datasets = site.page("datasets/index.html");
    assert_eq!(
        texts(&datasets, ".datasets-index tbody th a"),
        ["Cloud <script>alert(1)</script> spend & \"more\"", "Quarterly revenue"]
    );
    let alpha = site.page("reports/alpha.html");
    assert_eq!(texts(&alpha, ".pager a[rel=next]"), ["Beta →"]);
    assert!(texts(&alpha, ".pager a[rel=prev]").is_empty());
    assert_eq!(texts(&alpha, ".report-footer a.tag"), ["cloud", "test-tag"]);
}

#[test]
fn dataset_page_table_and_downloads_match_the_yaml() {
    let site = TestSite::copy_of("basic");
    site.build();
    let page = site.page("datasets/cloud.html");
    let raw: Vec<&str> =
        select(&page, "table.values td.num").iter().map(|e| e.value().attr("title").unwrap()).collect();
    assert_eq!(raw, ["50", "52.40", "61.9", "0.1"]);
    assert_eq!(
        texts(&page, "table.values th[scope=row]"),
        ["July 2023", "August 2023", "September 2023", "October 2023"]
    );
    let classes: Vec<&str> =
        select(&page, "table.values tbody tr").iter().map(|e| e.value().attr("class").unwrap()).collect();
    assert_eq!(classes, ["status-reported", "status-illustrative", "status-reported", "status-estimated"]);
    assert_eq!(
        texts(&page, ".summary dd"),
        ["$164.4\u{a0}million", "$61.9\u{a0}million (September 2023)", "$41.1\u{a0}million"]
    );
    assert_eq!(texts(&page, ".used-in a, section[aria-labelledby=used-heading] a"), ["Beta", "Alpha <report>"]);
    assert_eq!(
        site.text("datasets/cloud.csv"),
        "series,period,value,currency,unit,status,note\r\n\
         spend,2023-07,50,USD,million,reported,\r\n\
         spend,2023-08,52.40,USD,million,illustrative,\"'=cmd|' /C calc'!A0, <note>\"\r\n\
         spend,2023-09,61.9,USD,million,reported,Peak\r\n\
         spend,2023-10,0.1,USD,million,estimated,\r\n"
    );
    let json = site.text("datasets/cloud.json");
    assert!(json.contains("{\"period\": \"2023-08\", \"value\": 52.40, \"status\": \"illustrative\""), "{json}");
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["series"][0]["values"].as_array().unwrap().len(), 4);
    assert_eq!(parsed["title"], "Cloud <script>alert(1)</script> spend & \"more\"");
}

#[test]
fn hostile_dataset_strings_are_escaped_everywhere() {
    let site = TestSite::copy_of("basic");
    site.build();
    let page = site.page("datasets/cloud.html");
    assert!(select(&page, "main script, main i, h1 b").is_empty(), "no element came from dataset text");
    assert_eq!(texts(&page, "h1"), ["Cloud <script>alert(1)</script> spend & \"more\""]);
    let html = site.text("datasets/cloud.html");
    assert!(!html.contains("<script>alert(1)"), "raw script tag in HTML");
    let svg = site.text("datasets/cloud.svg");
    assert!(!svg.contains("<script>") && !svg.contains("<label>"), "raw markup in SVG");
    let doc = roxmltree::Document::parse(&svg).expect("the SVG download is well-formed XML");
    let title = doc.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text());
    assert_eq!(title, Some("Cloud <script>alert(1)</script> spend & \"more\""), "the title survives as text");
    let feed = site.text("feed.xml");
    assert!(feed.contains("<title>Alpha &lt;report&gt;</title>"), "{feed}");
    assert!(feed.contains("<title>Test &lt;Spend&gt; &amp; Co</title>"));
}

#[test]
fn feed_and_sitemap_use_absolute_urls_from_base_url() {
    let site = TestSite::copy_of("basic");
    let options = Options { base_url: Some("http://127.0.0.1:8080/spendsite-demo".into()), ..site.options() };
    build::build(&options).unwrap();
    let feed = site.text("feed.xml");
    assert!(feed.contains("<id>http://127.0.0.1:8080/spendsite-demo/reports/alpha.html</id>"), "{feed}");
    assert!(feed.contains("<updated>2024-07-01T00:00:00Z</updated>"));
    let sitemap = site.text("sitemap.xml");
    assert!(sitemap.contains("<loc>http://127.0.0.1:8080/spendsite-demo/datasets/cloud.html</loc>"));
    assert!(!sitemap.contains("404.html"));
    let alpha = site.page("reports/alpha.html");
    let canonical = select(&alpha, "link[rel=canonical]")[0].value().attr("href");
    assert_eq!(canonical, Some("http://127.0.0.1:8080/spendsite-demo/reports/alpha.html"));
}

#[test]
fn drafts_only_with_the_flag_and_templates_override_by_name() {
    let site = TestSite::copy_of("basic");
    site.build();
    assert!(!site.out().join("reports/draft.html").exists());
    assert_eq!(texts(&site.page("tags/cloud.html"), "h1.custom-tag-page"), ["#cloud"]);
    build::build(&Options { drafts: true, ..site.options() }).unwrap();
    assert!(site.out().join("reports/draft.html").is_file());
}

#[test]
fn two_builds_are_byte_identical_whatever_the_number_of_threads() {
    let site = TestSite::copy_of("basic");
    site.build();
    let first = all_files(&site.out());
    for threads in [1, 3] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| site.build());
        assert_eq!(all_files(&site.out()), first, "a build on {threads} thread(s) differs");
    }
}

#[test]
fn a_failing_claim_fails_the_build_and_keeps_the_old_site() {
    let site = TestSite::copy_of("basic");
    site.build();
    let before = all_files(&site.out());
    let alpha =
        read(&site.root().join("content/alpha.md")).replace("says: \"$164.4 million\"", "says: \"$164.5 million\"");
    site.write("content/alpha.md", &alpha);
    let err = site.build_err();
    assert!(
        err.starts_with(
            "content/alpha.md:8:5: error: claim says `$164.5 million` but the data gives `$164.4\u{a0}million`\n"
        ),
        "{err}"
    );
    assert_eq!(all_files(&site.out()), before, "the previous public/ is untouched");
}

#[test]
fn a_change_from_zero_has_no_percentage_and_says_so() {
    let site = TestSite::copy_of("basic");
    site.write(
        "data/zero.yaml",
        "title: Z\ncurrency: USD\nsources:\n  - title: S\nseries:\n  a:\n    label: A\n    values:\n      2023-07: 0\n      2023-08: 5\n",
    );
    site.write(
        "content/gamma.md",
        "---\ntitle: G\ndate: 2024-01-01\n---\nUp {{ change(data=\"zero\", from=\"2023-07\", to=\"2023-08\").percent | percent }}.\n",
    );
    let err = site.build_err();
    assert!(
        err.starts_with("content/gamma.md:5:67: error: this change starts from zero, so it has no percentage"),
        "{err}"
    );
}

#[test]
fn no_markdown_link_can_run_script() {
    let site = TestSite::copy_of("basic");
    site.write(
        "data/links.yaml",
        "title: L\ndescription: \"[x](javascript:alert(1)) [y](JaVaScRiPt:alert(2)) [ok](https://example.org/)\"\ncurrency: USD\nsources:\n  - title: S\nseries:\n  a:\n    label: A\n    values:\n      2023-07: 1\n",
    );
    site.write(
        "content/links.md",
        "---\ntitle: Links\ndate: 2025-01-01\n---\n[a](JavaScript:alert(1)) and <vbscript:msgbox>\n\n![i](data:image/svg+xml,x) [r][ref] [e](&#106;avascript:alert(3))\n\n[ref]: JAVASCRIPT:alert(4)\n[ok](https://example.org/) [mail](mailto:a@example.org)\n",
    );
    let err = site.build_err();
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            "content/links.md:5:5: error: link `JavaScript:alert(1)` uses a scheme the site does not write",
            "content/links.md:5:31: error: link `vbscript:msgbox` uses a scheme the site does not write",
            "content/links.md:7:6: error: link `data:image/svg+xml,x` uses a scheme the site does not write",
            "content/links.md:7:28: error: link `JAVASCRIPT:alert(4)` uses a scheme the site does not write",
            // Written as a character reference, which the destination does not show: at the link.
            "content/links.md:7:37: error: link `javascript:alert(3)` uses a scheme the site does not write",
        ],
        "{err}"
    );
    assert!(
        err.contains("= hint: link to a page of the site, the web (`https://…`) or a mail address (`mailto:`)"),
        "{err}"
    );
    // Dataset text is held to the same rule.
    std::fs::remove_file(site.root().join("content/links.md")).unwrap();
    let err = site.build_err();
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            "data/links.yaml: error: in `description`: link `JaVaScRiPt:alert(2)` uses a scheme the site does not write",
            "data/links.yaml: error: in `description`: link `javascript:alert(1)` uses a scheme the site does not write",
        ]
    );
}

#[test]
fn long_lists_are_paged_and_the_feed_holds_the_newest() {
    let mut site = TestSite::copy_of("basic");
    for i in 0..60 {
        let text = format!("---\ntitle: Note {i:02}\ndate: 2025-01-{:02}\ntags: [notes]\n---\nText.\n", i % 28 + 1);
        site = site.with(&format!("content/notes/n{i:02}.md"), &text);
    }
    site.build();
    let index = site.page("index.html");
    assert_eq!(texts(&index, ".card").len(), 20);
    assert_eq!(texts(&index, "nav.pager .meta"), ["Page 1 of 4"]);
    assert_eq!(select(&index, "nav.pager a[rel=next]")[0].value().attr("href"), Some("reports/page-2.html"));
    let last = site.page("reports/page-4.html");
    // 62 reports: the last page holds the two oldest, the fixture's own.
    assert_eq!(texts(&last, ".card h2"), ["Beta", "Alpha <report>"]);
    assert_eq!(select(&last, "nav.pager a[rel=prev]")[0].value().attr("href"), Some("page-3.html"));
    assert!(select(&last, "nav.pager a[rel=next]").is_empty());
    // The fixture's own tag template lists a page's reports (and has no pager).
    let tag = site.page("tags/notes/page-3.html");
    assert_eq!(texts(&tag, "main li").len(), 20);
    assert_eq!(site.text("feed.xml").matches("<entry").count(), 50);
    assert!(site.text("sitemap.xml").contains("reports/page-4.html</loc>"));
    assert_links_resolve(&site.out());
}

#[test]
fn files_that_start_with_a_byte_order_mark_read_as_without_it() {
    let site = TestSite::copy_of("basic");
    let bom = |rel: &str| {
        let text = site.source(rel);
        std::fs::write(site.root().join(rel), format!("\u{feff}{text}")).unwrap();
    };
    for rel in ["site.yaml", "data/cloud.yaml", "content/alpha.md", "data/quarters.yaml"] {
        bom(rel);
    }
    site.build();
    assert!(site.source("public/reports/alpha.html").contains("<h1>Alpha &lt;report&gt;</h1>"));
    // Errors keep the positions an editor shows, line 1 included.
    let text = site.source("data/cloud.yaml");
    site.write("data/cloud.yaml", &text.replacen("title: Cloud", "titel: Cloud", 1));
    let err = site.build_err();
    assert!(err.starts_with("data/cloud.yaml:1:1: error: unknown field `titel`"), "{err}");
}

#[test]
fn a_build_removes_the_staging_folders_that_killed_builds_left() {
    let site = TestSite::copy_of("basic");
    site.build();
    // A process that has ended: its folders are abandoned.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let abandoned = [format!(".public.new-{pid}"), format!(".public.old-{pid}")];
    for dir in &abandoned {
        site.write(&format!("{dir}/reports/alpha.html"), "half a site");
    }
    // A running build's folder (here, a running process's) and other folders are left alone.
    let mut sleeper = std::process::Command::new("sleep").arg("30").spawn().unwrap();
    let running = format!(".public.new-{}", sleeper.id());
    site.write(&format!("{running}/x.html"), "x");
    site.write(".public.new-notes/keep.txt", "mine");
    site.build();
    let _ = sleeper.kill();
    let _ = sleeper.wait();
    for dir in &abandoned {
        assert!(!site.root().join(dir).exists(), "{dir} is still there");
    }
    assert!(site.root().join(&running).join("x.html").exists());
    assert!(site.root().join(".public.new-notes/keep.txt").exists());
}

#[test]
fn site_yaml_is_held_to_the_input_limits_and_says_why_it_cannot_be_read() {
    let site = TestSite::copy_of("basic");
    let text = site.source("site.yaml");
    site.write("site.yaml", &format!("{text}# {}\n", "x".repeat(17 * 1024 * 1024)));
    let err = site.build_err();
    assert!(err.starts_with("site.yaml: error: file is 17825"), "{err}");
    assert!(err.contains("the limit is 16777216 (16 MiB)"), "{err}");
    std::fs::write(site.root().join("site.yaml"), b"title: \xff\n").unwrap();
    assert!(site.build_err().starts_with("site.yaml:1:8: error: file is not valid UTF-8"));
}

/// What is not read is said, with its path; links are read only when they stay inside the project.
#[test]
fn entries_named_like_inputs_that_are_skipped_are_warned_about_and_links_never_leave_the_project() {
    use std::os::unix::fs::symlink;
    let site = TestSite::copy_of("basic");
    let root = site.root().to_owned();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "---\ntitle: Secret\ndate: 2024-01-01\n---\nsecret\n").unwrap();
    std::fs::create_dir_all(root.join("content/folder.md")).unwrap();
    symlink(outside.path().join("secret.md"), root.join("content/out.md")).unwrap();
    symlink(outside.path(), root.join("content/outdir")).unwrap();
    symlink(root.join("content/loop.md"), root.join("content/loop.md.tmp")).unwrap();
    std::fs::rename(root.join("content/loop.md.tmp"), root.join("content/loop.md")).unwrap();
    symlink(root.join("content/missing.md"), root.join("data/gone.yaml")).unwrap();
    symlink(root.join("content/alpha.md"), root.join("content/alias.md")).unwrap();
    symlink(root.join("content/notes"), root.join("content/notes-link")).unwrap();
    let fifo = std::ffi::CString::new(root.join("content/pipe.md").into_os_string().into_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);

    let outcome = site.build();
    let warnings: Vec<String> = outcome.warnings.iter().map(|d| format!("{}: {}", d.location(), d.message)).collect();
    assert_eq!(
        warnings,
        [
            "content/folder.md: is a folder, not a file: skipped (the files in it are read)",
            "content/loop.md: is a symbolic link that leads nowhere (its target is missing, or it is a loop): skipped",
            "content/notes-link: is a symbolic link to a folder: not followed",
            "content/out.md: is a symbolic link out of its folder: skipped, since nothing outside the project's input folders is read",
            "content/outdir: is a symbolic link out of its folder: skipped, since nothing outside the project's input folders is read",
            "content/pipe.md: is not a regular file (a FIFO, socket or device): skipped",
            "data/gone.yaml: is a symbolic link that leads nowhere (its target is missing, or it is a loop): skipped",
        ]
    );
    // The link inside the project is a report like any other; nothing from outside was read.
    assert!(site.out().join("reports/alias.html").is_file());
    assert!(!site.out().join("reports/out.html").exists());
    let all = crate::support::all_files(&site.out());
    assert!(all.values().all(|bytes| !String::from_utf8_lossy(bytes).contains("secret")));
}
