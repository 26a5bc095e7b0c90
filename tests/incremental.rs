//! Rebuilding after edits, as `serve` does, gives exactly the files of a clean build of the same inputs:
//! after every step of a scripted series of edits (reports, datasets, a CSV table, templates, `site.yaml`,
//! renames, deletions, a broken file and its fix), the session's files are compared byte for byte with a
//! fresh build's, and a broken step must fail with the same errors. (`figures.json`, which lists every
//! figure of the site, is left out of rebuilds and made on request.)

use std::path::PathBuf;

use spendsite::build::Session;

use crate::support::TestSite;

/// Checks the session against a clean build after `changed` (paths relative to the root).
#[track_caller]
fn step(site: &TestSite, session: &mut Session, changed: &[&str], what: &str) {
    let changed: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
    let incremental = session.rebuild(Some(&changed));
    let clean = Session::new(site.options()).rebuild(None);
    match (incremental, clean) {
        (Ok((_, got)), Ok((_, want))) => {
            let paths = |files: &spendsite::build::Files| files.keys().cloned().collect::<Vec<_>>();
            assert_eq!(paths(&got), paths(&want), "{what}: the same files");
            for (path, bytes) in &want {
                assert!(got[path] == *bytes, "{what}: {path} differs from a clean build");
            }
        }
        (Err(got), Err(want)) => assert_eq!(got.render(false), want.render(false), "{what}: the same errors"),
        (got, want) => panic!("{what}: incremental {:?}, clean {:?}", got.map(|_| "ok"), want.map(|_| "ok")),
    }
}

fn edit(site: &TestSite, rel: &str, from: &str, to: &str) {
    let text = site.source(rel);
    assert!(text.contains(from), "{rel} has no `{from}`");
    site.write(rel, &text.replacen(from, to, 1));
}

#[test]
fn every_rebuild_equals_a_clean_build() {
    let site = TestSite::copy_of("basic");
    let mut session = Session::new(site.options());
    step(&site, &mut session, &[], "first build");
    edit(&site, "content/alpha.md", "Total:", "In all:");
    step(&site, &mut session, &["content/alpha.md"], "a report's prose");
    edit(&site, "content/alpha.md", "title: Alpha <report>", "title: Alpha, renamed");
    step(&site, &mut session, &["content/alpha.md"], "a report's title (its neighbour links to it)");
    edit(&site, "data/cloud.yaml", "2023-07: 50", "2023-07: 51");
    edit(&site, "content/alpha.md", "$164.4 million", "$165.4 million");
    step(&site, &mut session, &["data/cloud.yaml", "content/alpha.md"], "a dataset's value and the claim on it");
    edit(&site, "data/cloud.yaml", "title: Cloud", "title: Clouds");
    step(&site, &mut session, &["data/cloud.yaml"], "a dataset's title (reports link to it by name)");
    edit(&site, "templates/tag.html", "<h1 class=\"custom-tag-page\">", "<h1 class=\"tagged\">");
    step(&site, &mut session, &["templates/tag.html"], "a template");
    edit(&site, "site.yaml", "title: Test <Spend> & Co", "title: Test Spend");
    step(&site, &mut session, &["site.yaml"], "site.yaml");
    std::fs::rename(site.root().join("content/notes/beta.md"), site.root().join("content/gamma.md")).unwrap();
    edit(&site, "content/alpha.md", "(notes/beta.html)", "(gamma.html)");
    edit(&site, "content/gamma.md", "(../alpha.html)", "(alpha.html)");
    step(&site, &mut session, &["content/notes/beta.md", "content/gamma.md", "content/alpha.md"], "a rename");
    edit(&site, "data/cloud.yaml", "2023-07: 51", "2023-07: 5l");
    step(&site, &mut session, &["data/cloud.yaml"], "a broken dataset");
    edit(&site, "data/cloud.yaml", "2023-07: 5l", "2023-07: 51");
    step(&site, &mut session, &["data/cloud.yaml"], "the dataset fixed");
    site.write(
        "content/delta.md",
        "---\ntitle: Delta\ndate: 2025-01-01\ntags: [new-tag]\n---\nPeak {{ max(data=\"quarters\") | money }}.\n",
    );
    step(&site, &mut session, &["content/delta.md"], "a new report with a new tag");
    std::fs::remove_file(site.root().join("content/delta.md")).unwrap();
    step(&site, &mut session, &["content/delta.md"], "a deleted report");
    std::fs::remove_dir_all(site.root().join("content/notes")).unwrap();
    step(&site, &mut session, &["content/notes"], "a deleted folder");
    std::fs::remove_file(site.root().join("templates/tag.html")).unwrap();
    step(&site, &mut session, &["templates/tag.html"], "a template override removed");
    // Rebuilds leave out the figures manifest; the session makes it on request, as a build writes it.
    site.build();
    assert_eq!(*session.figures().unwrap(), *std::fs::read(site.out().join("figures.json")).unwrap());
}

#[test]
fn tables_and_many_reports_rebuild_like_a_clean_build() {
    let site = TestSite::copy_of("tables");
    // Enough reports for list pages to page.
    for i in 0..45 {
        let text = format!(
            "---\ntitle: Note {i}\ndate: 2024-02-{:02}\ntags: [notes]\n---\nTotal {{{{ sum(data=\"regions\", series=\"north\") | money }}}}.\n",
            i % 28 + 1
        );
        site.write(&format!("content/notes/n{i}.md"), &text);
    }
    let mut session = Session::new(site.options());
    step(&site, &mut session, &[], "first build");
    edit(&site, "data/regions.csv", "2023-Q2,11,4.5", "2023-Q2,11.5,4.5");
    edit(&site, "content/tables.md", "€21.50 million", "€22.00 million");
    step(&site, &mut session, &["data/regions.csv", "content/tables.md"], "a CSV table's cell");
    edit(&site, "content/notes/n7.md", "date: 2024-02-08", "date: 2024-05-08");
    step(&site, &mut session, &["content/notes/n7.md"], "a report moving to the front of every list");
    edit(
        &site,
        "data/cloud-bill.csv",
        "2024-01-01,production,AmazonS3,0.3955",
        "2024-01-01,production,AmazonS3,1.3955",
    );
    step(&site, &mut session, &["data/cloud-bill.csv"], "a billing export's row");
    std::fs::remove_file(site.root().join("content/notes/n0.md")).unwrap();
    step(&site, &mut session, &["content/notes/n0.md"], "a report gone from the middle of a list");
    // A whole project read again (the watcher lost track) changes nothing.
    let again = session.rebuild(None).unwrap().1;
    assert_eq!(again, Session::new(site.options()).rebuild(None).unwrap().1);
}

/// A site of `n` short reports over ten datasets `d0` … `d9` of 24 months each: report `i` reads
/// `d{i % 10}` in its body, a claim or its headline (by `i % 3`). No share images: this is about what a
/// run reads, and drawing a thousand cards in a debug build is slow.
fn many_reports(n: usize) -> TestSite {
    let site = TestSite::of_files(&[(
        "site.yaml",
        b"title: Many\nbase_url: https://example.github.io/many/\nshare_images: false\n" as &[u8],
    )]);
    for d in 0..10 {
        let values: String = (0..24).map(|m| format!("      {}-{:02}: 1\n", 2023 + m / 12, m % 12 + 1)).collect();
        site.write(
            &format!("data/d{d}.yaml"),
            &format!("title: Dataset {d}\ncurrency: USD\nunit: million\nsources:\n  - title: A bill\nseries:\n  spend:\n    label: Spend\n    values:\n{values}"),
        );
    }
    for i in 0..n {
        let d = i % 10;
        let expr = format!("sum(data=\"d{d}\") | money");
        let (front, body) = match i % 3 {
            0 => (String::new(), format!("In all, {{{{ {expr} }}}}.")),
            1 => (
                format!("claims:\n  - says: \"$24 million\"\n    expr: '{expr}'\n    source: A bill\n"),
                "No figures.".into(),
            ),
            _ => (format!("headline: '{expr}'\n"), "No figures here either.".into()),
        };
        let date = format!("2024-{:02}-{:02}", i % 12 + 1, i % 28 + 1);
        site.write(
            &format!("content/r{i:04}.md"),
            &format!("---\ntitle: Report {i}\ndate: {date}\n{front}---\n{body}\n"),
        );
    }
    site
}

/// The report files that read dataset `d`, of a site made by [`many_reports`].
fn readers(n: usize, d: usize) -> Vec<PathBuf> {
    (0..n).filter(|i| i % 10 == d).map(|i| PathBuf::from(format!("content/r{i:04}.md"))).collect()
}

#[test]
fn an_edit_recomputes_only_what_read_it() {
    const N: usize = 1_000;
    let site = many_reports(N);
    let mut session = Session::new(site.options());
    step(&site, &mut session, &[], "first build");
    assert_eq!(session.recomputed().prepared.len(), N, "the first build prepares every report");

    edit(&site, "content/r0501.md", "In all,", "Altogether,");
    step(&site, &mut session, &["content/r0501.md"], "one report's prose");
    let made = session.recomputed();
    assert_eq!(made.reports, [PathBuf::from("content/r0501.md")]);
    assert_eq!(made.prepared, [PathBuf::from("content/r0501.md")]);
    assert_eq!(made.pages, ["reports/r0501.html"]);
    assert_eq!((made.datasets.len(), made.dataset_pages.len()), (0, 0));

    // The same values, written differently: the dataset changed, its figures did not.
    edit(&site, "data/d3.yaml", "2023-01: 1\n", "2023-01: 1.0\n");
    step(&site, &mut session, &["data/d3.yaml"], "one dataset's value");
    let made = session.recomputed();
    assert_eq!(made.datasets, [PathBuf::from("data/d3.yaml")]);
    assert_eq!(made.prepared, readers(N, 3), "the reports that read d3, in their body, a claim or a headline");
    assert_eq!(made.dataset_pages, ["d3"]);
    assert_eq!(made.pages, ["datasets/d3.html"], "no report shows the value that changed");

    edit(&site, "site.yaml", "title: Many", "title: Many more");
    step(&site, &mut session, &["site.yaml"], "the site's title");
    let made = session.recomputed();
    assert_eq!(made.prepared.len(), 0, "no report's figures read the site's title");
    // The reports, the index and 49 pages of older reports, 10 dataset pages, the datasets index, 404 and
    // search.
    assert_eq!(made.pages.len(), N + 50 + 10 + 3, "every page shows the site's title");

    let css = "/* one change */\n";
    site.write("templates/style.css", css);
    step(&site, &mut session, &["templates/style.css"], "a stylesheet of the project's");
    let made = session.recomputed();
    assert_eq!((made.prepared.len(), made.pages.len()), (0, 0), "the stylesheet is copied, no page changes");

    edit(
        &site,
        "site.yaml",
        "base_url: https://example.github.io/many/",
        "base_url: https://example.github.io/many/\nlanguage: de",
    );
    step(&site, &mut session, &["site.yaml"], "the site's language");
    assert_eq!(session.recomputed().prepared.len(), N, "every report is in the site's language");
}

#[test]
fn a_dataset_that_comes_or_is_fixed_recomputes_the_reports_that_wanted_it() {
    let site = many_reports(30);
    site.write(
        "content/wants.md",
        "---\ntitle: Wants\ndate: 2024-01-01\n---\nSoon {{ sum(data=\"later\") | money }}.\n",
    );
    let mut session = Session::new(site.options());
    step(&site, &mut session, &[], "a report reads a dataset that is not there");
    let later = site.source("data/d0.yaml").replace("Dataset 0", "Later");
    site.write("data/later.yaml", &later);
    step(&site, &mut session, &["data/later.yaml"], "the dataset is added");
    let made = session.recomputed();
    assert_eq!(made.prepared, [PathBuf::from("content/wants.md")], "only the report that asked for it");
    site.write("data/later.yaml", &later.replace("2023-01: 1\n", "2023-01: x\n"));
    step(&site, &mut session, &["data/later.yaml"], "the dataset broken");
    assert_eq!(session.recomputed().prepared, [PathBuf::from("content/wants.md")]);
    site.write("data/later.yaml", &later);
    step(&site, &mut session, &["data/later.yaml"], "the dataset fixed");
    assert_eq!(session.recomputed().prepared, [PathBuf::from("content/wants.md")]);
}

#[test]
fn a_share_image_is_drawn_again_only_when_its_card_changes() {
    let site = TestSite::copy_of("basic");
    let mut session = Session::new(site.options());
    step(&site, &mut session, &[], "first build");
    let drawn = session.recomputed().share_images;
    assert_eq!(drawn, ["reports/alpha.png", "reports/notes/beta.png"]);
    edit(&site, "content/alpha.md", "Total:", "In all:");
    step(&site, &mut session, &["content/alpha.md"], "a report's prose");
    let made = session.recomputed();
    assert_eq!(made.prepared, [PathBuf::from("content/alpha.md")]);
    assert_eq!(made.share_images, Vec::<String>::new(), "the card shows no prose");
    edit(&site, "content/alpha.md", "title: Alpha <report>", "title: Alpha, renamed");
    step(&site, &mut session, &["content/alpha.md"], "a report's title");
    assert_eq!(session.recomputed().share_images, ["reports/alpha.png"]);
    edit(&site, "site.yaml", "title: Test <Spend> & Co", "title: Test Spend");
    step(&site, &mut session, &["site.yaml"], "the site's title");
    assert_eq!(session.recomputed().share_images, drawn, "every card shows the site's title");
    assert_eq!(session.recomputed().prepared, Vec::<PathBuf>::new());
}

#[test]
fn an_export_is_read_again_only_when_it_or_its_folder_changes() {
    let site = TestSite::copy_of("focus");
    let mut session = Session::new(site.options());
    step(&site, &mut session, &[], "the cost exports");
    // Two datasets read the FOCUS parts; an edit of the report reads no export again.
    edit(&site, "content/cloud.md", "this quarter", "in the second quarter");
    step(&site, &mut session, &["content/cloud.md"], "a report edit");
    assert_eq!(session.recomputed().datasets, Vec::<PathBuf>::new(), "no table is read again");
    let part = "data/exports/2025-05/part-00001.csv";
    let text = site.source(part);
    assert!(text.contains("\n-1.8432160000,"), "{part}");
    site.write(part, &text.replacen("\n-1.8432160000,", "\n-1.8432170000,", 1));
    step(&site, &mut session, &[part], "a restated charge in one part");
    let restated = ["data/cloud-amortised.yaml", "data/cloud.yaml"].map(PathBuf::from);
    assert_eq!(session.recomputed().datasets, restated, "the datasets whose pattern matches it");
    // A new part in a folder the pattern matches is read by the datasets of that pattern only.
    let new = "data/exports/2025-06/part-00001.csv";
    site.write(new, text.lines().next().unwrap());
    step(&site, &mut session, &[new], "a part without rows");
    assert_eq!(session.recomputed().datasets, restated);
    std::fs::remove_file(site.root().join(new)).unwrap();
    step(&site, &mut session, &[new], "the part removed");
    assert_eq!(session.recomputed().datasets, restated);
}
