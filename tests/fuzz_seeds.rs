//! The fuzz targets' entry points (`spendsite::fuzzing`, run by `cargo fuzz` from `fuzz/`) over their seed
//! corpus, as `fuzz/seed` makes it: every file must pass through them without a panic. This keeps the
//! targets building and their checks true between fuzzing runs.

use std::path::{Path, PathBuf};

use crate::support::repo_root;

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    found.sort();
    found
}

#[test]
fn every_seed_passes_through_its_fuzz_target() {
    let root = repo_root();
    let mut datasets = files(&root.join("tests/bad_data"), "yaml");
    datasets.extend(files(&root.join("tests/bad_tables"), "yaml"));
    datasets.extend(files(&root.join("data"), "yaml"));
    let mut reports = files(&root.join("tests/sites"), "md");
    reports.extend(files(&root.join("content"), "md"));
    for path in &datasets {
        spendsite::fuzzing::dataset(&std::fs::read(path).unwrap());
    }
    for path in &reports {
        spendsite::fuzzing::report(&std::fs::read(path).unwrap());
    }
    // Whole projects: each fixture site's first dataset and report, as the `check` target splits them.
    for site in ["basic", "tables", "yearly"] {
        let dir = root.join("tests/sites").join(site);
        let read = |p: Option<&PathBuf>| p.map(|p| std::fs::read(p).unwrap()).unwrap_or_default();
        let parts = [
            std::fs::read(dir.join("site.yaml")).unwrap(),
            read(files(&dir.join("data"), "yaml").first()),
            read(files(&dir.join("data"), "csv").first()),
            read(files(&dir.join("content"), "md").first()),
            b"{% extends \"base.html\" %}{% block content %}{{ page.body_html | safe }}{% endblock %}".to_vec(),
        ];
        spendsite::fuzzing::check(&parts.join(&0u8));
    }
    // Every input a fuzz run found to fail is kept under tests/fuzz_crashes/, named for its target.
    let mut crashes = 0;
    for path in
        files(&root.join("tests/fuzz_crashes"), "yaml").into_iter().chain(files(&root.join("tests/fuzz_crashes"), "md"))
    {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match name.split('-').next() {
            Some("dataset") => spendsite::fuzzing::dataset(&bytes),
            Some("report") => spendsite::fuzzing::report(&bytes),
            Some("check") => spendsite::fuzzing::check(&bytes),
            _ => panic!("{name}: a crash is named for its target, `dataset-…`, `report-…` or `check-…`"),
        }
        crashes += 1;
    }
    assert!(crashes >= 1);
    assert!(datasets.len() > 50 && reports.len() >= 10, "{} datasets, {} reports", datasets.len(), reports.len());
}
