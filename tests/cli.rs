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

/// The steps of one workflow job, as (`uses` or `run`) texts.
fn steps(workflow: &serde_yaml::Value, job: &str) -> Vec<String> {
    let steps = workflow["jobs"][job]["steps"].as_sequence().unwrap_or_else(|| panic!("job {job} has steps"));
    steps
        .iter()
        .map(|s| s.get("uses").or_else(|| s.get("run")).and_then(|v| v.as_str()).unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn init_makes_a_publishable_repository() {
    let dir = tempfile::tempdir().unwrap();
    assert!(spendsite(dir.path(), &["init", "mysite"]).status.success());
    let site = dir.path().join("mysite");
    assert_eq!(std::fs::read_to_string(site.join(".gitignore")).unwrap(), "public/\n");
    let readme = std::fs::read_to_string(site.join("README.md")).unwrap();
    for command in ["spendsite serve", "spendsite new report", "spendsite build", "GitHub Actions"] {
        assert!(readme.contains(command), "the site's README names `{command}`");
    }
    let yaml = std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap();
    let workflow: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    assert_eq!(workflow["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(workflow["permissions"]["id-token"].as_str(), Some("write"));
    assert_eq!(
        steps(&workflow, "build"),
        [
            "actions/checkout@v4",
            "actions/cache@v4",
            "cargo install --locked $SPENDSITE_INSTALL spendsite",
            "actions/configure-pages@v5",
            "actions/cache@v4",
            "spendsite build --base-url \"${{ steps.pages.outputs.base_url }}/\" ${BASE:+--since \"$BASE\"}",
            "spendsite diff --git \"$BASE\" --format markdown >> \"$GITHUB_STEP_SUMMARY\" || [ $? -eq 1 ]",
            "actions/upload-pages-artifact@v3",
        ]
    );
    assert_eq!(steps(&workflow, "deploy"), ["actions/deploy-pages@v4"]);
    // Pinned to the spendsite that ran `init`: its version, and its commit (40 hex digits) or tag.
    assert_eq!(workflow["env"]["SPENDSITE_VERSION"].as_str(), Some(env!("CARGO_PKG_VERSION")));
    let install = workflow["env"]["SPENDSITE_INSTALL"].as_str().unwrap();
    let pin =
        install.split_once(" --rev ").map(|(_, rev)| rev.len() == 40 && rev.bytes().all(|b| b.is_ascii_hexdigit()));
    let tagged = install.ends_with(&format!(" --tag v{}", env!("CARGO_PKG_VERSION")));
    assert!(install.starts_with("--git https://") && (pin == Some(true) || tagged), "{install}");
    // The install is skipped when the cache has this spendsite.
    let build_steps = workflow["jobs"]["build"]["steps"].as_sequence().unwrap();
    assert_eq!(build_steps[2]["if"].as_str(), Some("steps.spendsite.outputs.cache-hit != 'true'"));
    let out = spendsite(&site, &["build"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn version_names_the_commit() {
    let out = spendsite(Path::new("."), &["--version"]);
    let version = text(&out.stdout);
    assert!(version.starts_with(&format!("spendsite {} (", env!("CARGO_PKG_VERSION"))), "{version}");
    assert!(version.contains("(commit ") || version.contains("(built outside a git checkout)"), "{version}");
}

#[test]
fn new_report_takes_nested_slugs_and_a_dataset_with_several_series() {
    let dir = tempfile::tempdir().unwrap();
    assert!(spendsite(dir.path(), &["init", "s"]).status.success());
    let site = dir.path().join("s");
    let two =
        "title: Two\ncurrency: EUR\nsources:\n  - title: S\nseries:\n  east:\n    label: East\n    values:\n      \
               2024-01: 1\n  west:\n    label: West\n    values:\n      2024-01: 2\n";
    std::fs::write(site.join("data/a-two.yaml"), two).unwrap();
    let out = spendsite(&site, &["new", "report", "2025/cloud-bill"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = std::fs::read_to_string(site.join("content/2025/cloud-bill.md")).unwrap();
    assert!(report.contains("title: cloud bill\n"), "{report}");
    assert!(report.contains("{{ sum(data=\"a-two\", series=\"east\") | money }}"), "{report}");
    let out = spendsite(&site, &["build"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(site.join("public/reports/2025/cloud-bill.html").is_file());
    let out = spendsite(&site, &["new", "report", "2025/Cloud Bill"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("e.g. `2025/cloud-bill`"), "{}", text(&out.stderr));
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
