//! Datasets as a user meets them: broken files in `tests/bad_data/` must each give one clear error at the
//! right line and column, and a site's `data/` folder loads with the diagnostics of every file.
//!
//! `tests/bad_data/expected.txt` holds, for each case, the first line of its first error as rendered
//! (`case.yaml:line:col: error: message`) and the hint on the next line. Run with `SPENDSITE_BLESS=1` to
//! rewrite it after a deliberate change, and review the diff.

use std::path::Path;

use spendsite::dataset::{load_dir, parse};
use spendsite::diag::Diagnostics;

use crate::support::{assert_snapshot, fixture, read, TestSite};

/// The first error of `diags`, as `location: error: message` and its hint.
fn first_error(diags: &Diagnostics) -> String {
    let error = diags.iter().find(|d| d.is_error()).expect("an error");
    let first_line = error.render(false).lines().next().unwrap_or_default().to_owned();
    match &error.hint {
        Some(hint) => format!("{first_line}\n  hint: {}\n", hint.replace('\n', "\\n")),
        None => format!("{first_line}\n"),
    }
}

#[test]
fn every_bad_case_reports_its_first_error_where_expected() {
    let dir = fixture("bad_data");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 25, "only {} cases", cases.len());
    let mut actual = String::new();
    for case in &cases {
        let text = read(&dir.join(case));
        match parse(Path::new(case), &text) {
            Ok(_) => actual.push_str(&format!("{case}: parsed without errors\n")),
            Err(errors) => actual.push_str(&first_error(&errors)),
        }
    }
    assert_snapshot("bad_data/expected.txt", &actual);
}

#[test]
fn errors_come_with_the_offending_line_and_a_caret() {
    let text = read(&fixture("bad_data/duplicate-period.yaml"));
    let errors = parse(Path::new("data/duplicate-period.yaml"), &text).unwrap_err();
    assert_eq!(
        errors.render(false),
        "data/duplicate-period.yaml:11:7: error: duplicate period `2023-07`\n   |\n11 |       2023-07: 3\n   |       \
         ^^^^^^^\n  = hint: first given on line 9\n"
    );
}

#[test]
fn one_file_reports_all_its_problems() {
    let text =
        "title: T\ncurrency: usd\nunit: millions\nsources: []\nseries:\n  Acr:\n    label: L\n    values:\n      \
                2023-13: 1\n      2023-08: n/a\n      2023-09: -1\n";
    let errors = parse(Path::new("data/many.yaml"), text).unwrap_err();
    let got: Vec<String> = errors.iter().map(|d| format!("{}: {}", d.location(), d.message)).collect();
    assert_eq!(
        got,
        [
            "data/many.yaml:2:11: unknown currency code `usd`",
            "data/many.yaml:3:7: unknown unit `millions`",
            "data/many.yaml:4:1: `sources` is empty",
            "data/many.yaml:6:3: invalid series key `Acr`",
            "data/many.yaml:9:7: invalid month `2023-13`: months are 01 to 12",
            "data/many.yaml:10:16: value `n/a` is not a number",
            "data/many.yaml:11:16: negative value `-1`, but the dataset does not allow negative values",
        ]
    );
}

#[test]
fn a_site_with_two_broken_files_reports_both_and_loads_the_rest() {
    let good = read(&fixture("sites/basic/data/quarters.yaml"));
    let site = TestSite::of_files(&[
        ("data/b-broken.yaml", read(&fixture("bad_data/duplicate-period.yaml")).as_bytes()),
        ("data/a-good.yaml", good.as_bytes()),
        ("data/c-broken.yml", read(&fixture("bad_data/unknown-unit.yaml")).as_bytes()),
        ("data/notes.txt", b"not a dataset"),
        ("data/sub/ignored.yaml", b"not: loaded"),
    ]);
    let spendsite::dataset::Loaded { datasets, diags, .. } = load_dir(site.root());
    let ids: Vec<&str> = datasets.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a-good"]);
    assert_eq!(datasets[0].path, Path::new("data/a-good.yaml"));
    let errors: Vec<String> = diags.iter().filter(|d| d.is_error()).map(|d| d.location()).collect();
    assert_eq!(errors, ["data/b-broken.yaml:11:7", "data/c-broken.yml:3:7"]);
}

#[test]
fn a_site_without_data_has_no_datasets_and_no_errors() {
    let site = TestSite::of_files(&[("site.yaml", b"title: x\n")]);
    let spendsite::dataset::Loaded { datasets, diags, .. } = load_dir(site.root());
    assert!(datasets.is_empty() && diags.is_empty());
}

#[test]
fn the_example_site_loads_in_file_order() {
    let spendsite::dataset::Loaded { datasets, diags, .. } = load_dir(&fixture("sites/basic"));
    assert!(!diags.has_errors(), "{}", diags.render(false));
    let ids: Vec<&str> = datasets.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["cloud", "quarters"]);
    assert_eq!(datasets[0].series[0].points[1].raw, "52.40");
}

#[test]
fn the_same_id_twice_is_an_error() {
    let good = read(&fixture("sites/basic/data/quarters.yaml"));
    let site = TestSite::of_files(&[("data/q.yaml", good.as_bytes()), ("data/q.yml", good.as_bytes())]);
    let spendsite::dataset::Loaded { datasets, diags, .. } = load_dir(site.root());
    assert_eq!(datasets.len(), 1);
    let error = diags.iter().next().unwrap();
    assert_eq!(error.message, "dataset id `q` is already used by data/q.yaml");
}

#[test]
fn gaps_are_warnings_and_the_dataset_still_loads() {
    let text = read(&fixture("sites/basic/data/quarters.yaml")).replace("      2022-Q4: 27.1\n", "");
    let site = TestSite::of_files(&[("data/q.yaml", text.as_bytes())]);
    let spendsite::dataset::Loaded { datasets, diags, .. } = load_dir(site.root());
    assert_eq!(datasets.len(), 1);
    let warning = diags.iter().next().unwrap();
    assert!(!warning.is_error());
    assert_eq!(
        warning.render(false).lines().next().unwrap(),
        "data/q.yaml:8:3: warning: series `revenue` has no value for 2022-Q4"
    );
}

#[test]
fn unreadable_files_are_errors_with_their_names() {
    let big = vec![b'#'; 16 * 1024 * 1024 + 1];
    let site = TestSite::of_files(&[("data/big.yaml", &big), ("data/latin1.yaml", b"title: Caf\xe9\ncurrency: EUR\n")]);
    let spendsite::dataset::Loaded { datasets, diags, .. } = load_dir(site.root());
    assert!(datasets.is_empty());
    let got: Vec<String> = diags.iter().map(|d| format!("{}: {}", d.location(), d.message)).collect();
    assert_eq!(
        got,
        [
            "data/big.yaml: file is 16777217 bytes; the limit is 16777216 (16 MiB)",
            "data/latin1.yaml:1:11: file is not valid UTF-8"
        ]
    );
}

#[test]
fn hostile_nesting_and_aliases_are_refused_before_parsing() {
    let deep = format!(
        "title: T\nseries:\n  a:\n    values:\n      2023-01: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let mut bomb = String::from("title: T\nseries:\n  a:\n    label: L\n    values:\n      2023-01: &a {value: 1}\n");
    for i in 2..=12 {
        bomb.push_str(&format!("      2023-{i:02}: *a\n"));
    }
    let nested_map = format!("title: T\ndescription: {}{}\n", "{a: ".repeat(50_000), "}".repeat(50_000));
    let first_errors: Vec<String> = [deep, bomb, nested_map]
        .iter()
        .map(|text| {
            let errors = parse(Path::new("data/x.yaml"), text).unwrap_err();
            let first = errors.iter().next().unwrap();
            format!("{}: {}", first.location(), first.message)
        })
        .collect();
    assert_eq!(
        first_errors,
        [
            "data/x.yaml:5:32: the YAML is nested too deeply (more than 16 levels of `[` and `{`)",
            "data/x.yaml:6:16: YAML anchors and aliases (`&name`, `*name`) are not allowed in datasets",
            "data/x.yaml:2:78: the YAML is nested too deeply (more than 16 levels of `[` and `{`)"
        ]
    );
}

fn big_dataset(values: usize, value: &str) -> String {
    let mut text =
        String::from("title: T\ncurrency: USD\nsources:\n  - title: S\nseries:\n  acr:\n    label: L\n    values:\n");
    for i in 0..values {
        text.push_str(&format!("      {:04}-{:02}: {value}\n", 1000 + i / 12, i % 12 + 1));
    }
    text
}

#[test]
fn large_datasets_load() {
    let (dataset, warnings) = parse(Path::new("data/big.yaml"), &big_dataset(50_000, "12.50")).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(dataset.series[0].points.len(), 50_000);
}

#[test]
fn a_file_full_of_errors_reports_the_first_hundred() {
    let errors = parse(Path::new("data/bad.yaml"), &big_dataset(5_000, "n/a")).unwrap_err();
    assert_eq!(errors.iter().count(), 101);
    // The note has no position, so it sorts first.
    let note = errors.iter().next().unwrap();
    assert_eq!(note.message, "4900 more problems in this file are not shown");
}

fn first_error_of(text: &str) -> String {
    let errors = parse(Path::new("data/x.yaml"), text).unwrap_err();
    let first = errors.iter().next().unwrap();
    format!("{}: {}", first.location(), first.message)
}

const HEAD: &str = "title: T\ncurrency: USD\nsources:\n  - title: S\n";

#[test]
fn numbers_in_flow_collections_are_refused_rather_than_read_through_f64() {
    let text = format!("{HEAD}series:\n  a:\n    label: A\n    values: {{2023-07: 5, 2023-08: 6}}\n  b:\n    label: B\n    values:\n      2023-07: 1\n");
    assert_eq!(
        first_error_of(&text),
        "data/x.yaml:8:5: cannot read the exact digits of a number inside a `{ … }` or `[ … ]` collection"
    );
}

#[test]
fn integers_up_to_28_digits_are_exact_and_totals_must_fit() {
    let big = format!("{HEAD}series:\n  a:\n    label: A\n    values:\n      2023-07: 9999999999999999999999999999\n");
    let (dataset, _) = parse(Path::new("data/x.yaml"), &big).unwrap();
    assert_eq!(dataset.series[0].points[0].value.to_string(), "9999999999999999999999999999");
    let overflow = format!(
        "{HEAD}series:\n  a:\n    label: A\n    values:\n{}",
        ["01", "02", "03", "04", "05", "06", "07", "08"]
            .map(|m| format!("      2023-{m}: 9999999999999999999999999999\n"))
            .concat()
    );
    assert_eq!(first_error_of(&overflow), "data/x.yaml:6:3: the values of series `a` are too large to add up exactly");
}

#[test]
fn a_source_url_must_be_a_web_address() {
    let text = "title: T\ncurrency: USD\nsources:\n  - title: S\n    url: \"javascript:alert(1)\"\nseries:\n  a:\n    label: A\n    values:\n      2023-07: 1\n";
    assert_eq!(first_error_of(text), "data/x.yaml:5:10: `javascript:alert(1)` is not a web address");
}

#[test]
fn a_second_yaml_document_is_an_error_where_it_starts() {
    let text = format!("{HEAD}series:\n  a:\n    label: A\n    values:\n      2023-07: 1\n---\ntitle: B\n");
    assert_eq!(
        first_error_of(&text),
        "data/x.yaml:10:1: a second YAML document starts here; spendsite reads one per file"
    );
    // An explicit start marker, and an end marker with nothing after it, are one document.
    let one = format!("---\n{HEAD}series:\n  a:\n    label: A\n    values:\n      2023-07: 1\n...\n");
    assert!(parse(Path::new("data/x.yaml"), &one).is_ok());
}
