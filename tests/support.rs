//! Helpers shared by the integration tests: fixture paths, a [`TestSite`] builder over a temporary copy
//! of a fixture site, HTML selectors, link checks and the one snapshot mechanism.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
use spendsite::build;
use spendsite::config::Options;
use spendsite::diag::Diagnostics;

/// The repository root, where the example site lives.
pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file or folder under `tests/`.
pub(crate) fn fixture(rel: &str) -> PathBuf {
    repo_root().join("tests").join(rel)
}

/// Writes to the real stderr, past the test harness's capture, so a skip is seen in `cargo test`.
pub(crate) fn say(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// The target folder, where `.ci/run` installs the Python tools (`tools/venv`).
pub(crate) fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("CARGO_TARGET_TMPDIR is target/tmp").to_owned()
}

/// Reads a file, panicking with its name when it cannot.
#[track_caller]
pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A site in a temporary folder: a copy of a fixture under `tests/sites/`, of the repository's example
/// site, or just the files a test gives; changed with [`TestSite::with`] and built on demand.
pub(crate) struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    /// A copy of `tests/sites/<name>`.
    pub(crate) fn copy_of(name: &str) -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture(&format!("sites/{name}")), dir.path());
        TestSite { dir }
    }

    /// A copy of the repository's example site (not the tool's sources).
    pub(crate) fn example() -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["data", "content", "templates"] {
            if repo_root().join(sub).is_dir() {
                copy_dir(&repo_root().join(sub), &dir.path().join(sub));
            }
        }
        std::fs::copy(repo_root().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
        TestSite { dir }
    }

    /// A folder holding only `files` (path, bytes).
    pub(crate) fn of_files(files: &[(&str, &[u8])]) -> TestSite {
        let site = TestSite { dir: tempfile::tempdir().unwrap() };
        for (rel, bytes) in files {
            site.write_bytes(rel, bytes);
        }
        site
    }

    /// The site with `rel` written (or replaced) with `text`.
    pub(crate) fn with(self, rel: &str, text: &str) -> TestSite {
        self.write(rel, text);
        self
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub(crate) fn options(&self) -> Options {
        Options { root: self.root().to_owned(), ..Options::default() }
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub(crate) fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// A file of the project, as it is now.
    pub(crate) fn source(&self, rel: &str) -> String {
        read(&self.root().join(rel))
    }

    #[track_caller]
    pub(crate) fn build(&self) -> build::Outcome {
        build::build(&self.options()).unwrap_or_else(|d| panic!("build failed:\n{}", d.render(false)))
    }

    /// The diagnostics of a check that must fail.
    #[track_caller]
    pub(crate) fn check_err(&self) -> Diagnostics {
        match build::check(&self.options()) {
            Ok(_) => panic!("the check succeeded but should have failed"),
            Err(d) => d,
        }
    }

    /// The rendered diagnostics of a build that must fail.
    #[track_caller]
    pub(crate) fn build_err(&self) -> String {
        match build::build(&self.options()) {
            Ok(_) => panic!("build succeeded but should have failed"),
            Err(d) => d.render(false),
        }
    }

    /// A built page, parsed.
    pub(crate) fn page(&self, rel: &str) -> Html {
        Html::parse_document(&self.text(rel))
    }

    /// A built file's text.
    pub(crate) fn text(&self, rel: &str) -> String {
        read(&self.out().join(rel))
    }
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub(crate) fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

pub(crate) fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css).iter().map(|e| e.text().collect::<String>().trim().to_owned()).collect()
}

/// Every file of a built site, by path relative to its root.
pub(crate) fn all_files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (e.path().strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/"), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Checks that every relative href/src of every HTML page points at a file of the site, never a folder.
#[track_caller]
pub(crate) fn assert_links_resolve(out: &Path) {
    let files = all_files(out);
    let mut checked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html") && *p != "404.html") {
        let html = Html::parse_document(&String::from_utf8_lossy(bytes));
        for element in select(&html, "[href], [src]") {
            let value = element.value().attr("href").or_else(|| element.value().attr("src")).unwrap();
            if value.contains("://") || value.starts_with('#') || value.starts_with("mailto:") {
                continue;
            }
            let target = value.split(['#', '?']).next().unwrap();
            assert!(!target.ends_with('/') && !target.is_empty(), "{path}: link `{value}` points at a folder");
            let base = Path::new(path).parent().unwrap();
            let mut parts: Vec<String> = base.components().map(|c| c.as_os_str().to_string_lossy().into()).collect();
            for seg in target.split('/') {
                match seg {
                    ".." => assert!(parts.pop().is_some(), "{path}: `{value}` leaves the site"),
                    "." => {}
                    s => parts.push(s.into()),
                }
            }
            let resolved = parts.join("/");
            assert!(files.contains_key(&resolved), "{path}: link `{value}` -> `{resolved}` does not exist");
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} links checked");
}

/// The one snapshot mechanism: `actual` must equal the file `tests/<rel>`. With `SPENDSITE_BLESS=1` the
/// file is written instead; review the diff (and, for a chart, the rendered picture) before committing.
#[track_caller]
pub(crate) fn assert_snapshot(rel: &str, actual: &str) {
    let path = fixture(rel);
    if std::env::var_os("SPENDSITE_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (SPENDSITE_BLESS=1 writes it)", path.display()));
    if expected != actual {
        let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{rel} differs from the snapshot at line {}; rerun with SPENDSITE_BLESS=1 if intended\n  was: {}\n  now: {}",
            first + 1,
            expected.lines().nth(first).unwrap_or(""),
            actual.lines().nth(first).unwrap_or("")
        );
    }
}
