//! The command line as a user types it: `init`, `new`, `build`, `check`, exit codes and messages.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `spendsite args…` in `dir`.
fn spendsite(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spendsite")).args(args).current_dir(dir).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn init_then_new_report_and_dataset_build_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let out = spendsite(dir.path(), &["init", "mysite"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "created a new site in mysite; next: cd mysite && spendsite build\n");
    let site = dir.path().join("mysite");
    for args in [["new", "dataset", "cloud-bill"], ["new", "report", "first-look"]] {
        let out = spendsite(&site, &args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    }
    let report = std::fs::read_to_string(site.join("content/first-look.md")).unwrap();
    assert!(report.contains("{{ sum(data=\"cloud-bill\") | money }}"), "{report}");
    let dataset = std::fs::read_to_string(site.join("data/cloud-bill.yaml")).unwrap();
    assert!(dataset.contains("status: illustrative"), "a made-up value is never marked reported");
    let out = spendsite(&site, &["build"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary = text(&out.stdout);
    assert!(summary.starts_with("built 2 reports, 2 datasets, 3 charts, 1 claim checked in "), "{summary}");
    assert!(summary.ends_with(" ms -> public/\n"), "{summary}");
    assert!(site.join("public/reports/first-look.html").is_file());
}

#[test]
fn refusals_say_why_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let out = spendsite(dir.path(), &["init", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with(".: error: folder is not empty\n"), "{}", text(&out.stderr));
    let out = spendsite(dir.path(), &["new", "report", "My Report"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("`My Report` is not a valid report slug"), "{}", text(&out.stderr));
    let out = spendsite(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("site.yaml: error: "), "{}", text(&out.stderr));
    assert!(!dir.path().join("public").exists(), "a failed build writes nothing");
}

#[test]
fn check_reports_errors_without_writing_and_build_keeps_the_old_site() {
    let dir = tempfile::tempdir().unwrap();
    assert!(spendsite(dir.path(), &["init", "s"]).status.success());
    let site = dir.path().join("s");
    assert!(spendsite(&site, &["build"]).status.success());
    let index = std::fs::read(site.join("public/index.html")).unwrap();
    let report = site.join("content/first-report.md");
    let broken = std::fs::read_to_string(&report).unwrap().replace("sum(data=", "summ(data=");
    std::fs::write(&report, broken).unwrap();
    for command in ["check", "build"] {
        let out = spendsite(&site, &[command]);
        assert_eq!(out.status.code(), Some(1), "{command}");
        let stderr = text(&out.stderr);
        assert!(stderr.starts_with("content/first-report.md:"), "{command}: {stderr}");
        assert!(stderr.contains("error: Unknown function `summ`") && stderr.contains("= hint: did you mean `sum`?"));
        assert!(stderr.ends_with("; nothing was written\n"), "{stderr}");
    }
    assert_eq!(std::fs::read(site.join("public/index.html")).unwrap(), index, "the old site is intact");
}
