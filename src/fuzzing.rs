//! Entry points for the fuzz targets in `fuzz/` (see fuzz/README.md), kept here so that `cargo test`
//! builds and runs them over the seed corpus too (tests/fuzz_seeds.rs): a target cannot rot unseen.
//!
//! Each takes any bytes and must return without panicking, whatever they are; each also checks what the
//! pipeline promises of its result.

use std::path::{Path, PathBuf};

use crate::build;
use crate::config::Options;
use crate::diag::Diagnostics;
use crate::fs::Sources;

/// A dataset file: parsed, validated, and every error placed inside the file.
pub fn dataset(bytes: &[u8]) {
    let path = Path::new("data/fuzz.yaml");
    // As a build reads it (see `fs::decode`); a file refused there is placed too.
    let text = match crate::fs::decode(path, bytes.to_vec()) {
        Ok(text) => text,
        Err(refused) => {
            let text = crate::fs::lone_carriage_returns_to_line_feeds(&String::from_utf8_lossy(bytes));
            assert_placed(&refused.into(), &text);
            return;
        }
    };
    let text = text.as_str();
    let diags = match crate::dataset::parse(path, text) {
        Ok((_, warnings)) => warnings,
        Err(errors) => {
            assert!(errors.has_errors(), "a dataset refused without an error");
            errors
        }
    };
    assert_placed(&diags, text);
}

/// A report file: parsed and checked, with its figures and charts, against a small site of two datasets.
pub fn report(bytes: &[u8]) {
    let files = [
        (PathBuf::from("site.yaml"), SITE.as_bytes().to_vec()),
        (PathBuf::from("data/spend.yaml"), SPEND.as_bytes().to_vec()),
        (PathBuf::from("data/quarters.yaml"), QUARTERS.as_bytes().to_vec()),
        (PathBuf::from("content/fuzz.md"), bytes.to_vec()),
    ];
    site(files);
}

/// A whole project: the bytes are split at NUL (which no input may hold) into `site.yaml`, a dataset, a
/// CSV table, a report and a report template, and the whole check pipeline runs over them.
pub fn check(bytes: &[u8]) {
    const NAMES: [&str; 5] = ["site.yaml", "data/a.yaml", "data/a.csv", "content/a.md", "templates/report.html"];
    let files = NAMES.iter().zip(bytes.split(|b| *b == 0)).map(|(name, part)| (PathBuf::from(name), part.to_vec()));
    site(files);
}

/// Runs the check pipeline over `files`: it succeeds, or fails with at least one error.
fn site(files: impl IntoIterator<Item = (PathBuf, Vec<u8>)>) {
    let files: Vec<(PathBuf, Vec<u8>)> = files.into_iter().collect();
    let sources = Sources::in_memory(files.clone());
    let options = Options { root: PathBuf::from("fuzz"), ..Options::default() };
    match build::check_sources(&options, &sources) {
        Ok(outcome) => assert!(!outcome.warnings.has_errors(), "a build that succeeded with errors"),
        Err(errors) => {
            assert!(errors.has_errors(), "a build refused without an error");
            for (path, bytes) in &files {
                if let Ok(text) = std::str::from_utf8(bytes) {
                    let own: Diagnostics = errors.iter().filter(|d| &d.path == path).cloned().collect();
                    let text = crate::fs::lone_carriage_returns_to_line_feeds(text);
                    assert_placed(&own, text.strip_prefix('\u{feff}').unwrap_or(&text));
                }
            }
            // Rendering never panics, whatever the message holds.
            let _ = errors.render(false);
        }
    }
}

/// Every diagnostic's line is a line of `text` (or 0, the whole file).
fn assert_placed(diags: &Diagnostics, text: &str) {
    let lines = text.split('\n').count();
    for d in diags.iter() {
        assert!(d.line <= lines + 1, "{}: line {} of a {lines}-line file", d.message, d.line);
    }
}

const SITE: &str = "title: Fuzz\nbase_url: https://example.github.io/fuzz/\n";
const SPEND: &str = "title: Spend\ncurrency: USD\nunit: million\nsources:\n  - title: A source\nseries:\n  spend:\n    \
                     label: Spend\n    values:\n      2023-07: 50\n      2023-08: { value: 52.4, status: illustrative }\n      \
                     2023-09: 61.9\n";
const QUARTERS: &str = "title: Quarters\ncurrency: EUR\nunit: billion\nfiscal_year_start: 7\nsources:\n  - title: A \
                        source\nseries:\n  revenue:\n    label: Revenue\n    values:\n      2022-Q3: 25.7\n      \
                        2022-Q4: 27.1\n";
