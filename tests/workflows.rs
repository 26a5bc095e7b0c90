//! GitHub Actions workflows: the repository's own, and the one `spendsite init` writes, are valid
//! workflows by GitHub's schema (`check-jsonschema --builtin-schema vendor.github-workflows`, which works
//! offline). The tool comes from `$CHECK_JSONSCHEMA`, `<target>/tools/venv/bin/check-jsonschema` as
//! `.ci/run` installs it, or PATH. Without it the test says so and passes, unless
//! `SPENDSITE_SCHEMA_TESTS=require` (as in CI).

use std::path::PathBuf;
use std::process::Command;

use crate::support::{repo_root, say, target_dir};

fn check_jsonschema() -> Option<PathBuf> {
    let venv = target_dir().join("tools/venv/bin/check-jsonschema");
    let tool = match std::env::var_os("CHECK_JSONSCHEMA") {
        Some(t) => PathBuf::from(t),
        None if venv.is_file() => venv,
        None => PathBuf::from("check-jsonschema"),
    };
    Command::new(&tool).arg("--version").output().ok().filter(|o| o.status.success()).map(|_| tool)
}

#[test]
fn the_repositorys_and_inits_workflows_follow_githubs_schema() {
    let Some(tool) = check_jsonschema() else {
        let message = "workflow schema check SKIPPED: check-jsonschema is missing (pip install check-jsonschema, as .ci/run does)";
        assert!(std::env::var("SPENDSITE_SCHEMA_TESTS").as_deref() != Ok("require"), "{message}");
        say(message);
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let init = Command::new(env!("CARGO_BIN_EXE_spendsite")).arg("init").arg(dir.path().join("site")).output().unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let files = [repo_root().join(".github/workflows/pages.yml"), dir.path().join("site/.github/workflows/pages.yml")];
    let out = Command::new(tool).args(["--builtin-schema", "vendor.github-workflows"]).args(&files).output().unwrap();
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{report}");
    assert!(report.contains("ok -- validation done"), "{report}");
}

/// The steps of the build job of a workflow file.
fn build_steps(path: &std::path::Path) -> Vec<serde_yaml::Value> {
    let workflow: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    workflow["jobs"]["build"]["steps"].as_sequence().cloned().unwrap_or_default()
}

/// Both workflows restore the share images of the last deploy into `public/` before they build, so that
/// a push draws only the images whose card changed (a build keeps the rest, tests/share_images.rs).
#[test]
fn the_workflows_restore_the_last_deploys_share_images_before_they_build() {
    let dir = tempfile::tempdir().unwrap();
    let init = Command::new(env!("CARGO_BIN_EXE_spendsite")).arg("init").arg(dir.path().join("site")).output().unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    for file in [repo_root().join(".github/workflows/pages.yml"), dir.path().join("site/.github/workflows/pages.yml")] {
        let steps = build_steps(&file);
        let position = |wanted: &dyn Fn(&serde_yaml::Value) -> bool| steps.iter().position(wanted);
        let restore = position(&|s| {
            s["uses"].as_str().is_some_and(|u| u.starts_with("actions/cache@"))
                && s["with"]["path"].as_str() == Some("public/**/*.png")
                && s["with"]["restore-keys"].as_str() == Some("share-images-")
        });
        let build = position(&|s| s["run"].as_str().is_some_and(|r| r.contains(" build ")));
        assert!(matches!((restore, build), (Some(r), Some(b)) if r < b), "{}: {restore:?} {build:?}", file.display());
    }
}

/// Both workflows also run on a pull request: the build checks the figures with `--since` its base
/// commit, the job's summary gets `diff --format markdown` against that commit (even when the build
/// failed), and only main is deployed.
#[test]
fn the_workflows_summarise_a_pull_requests_figures_and_deploy_only_main() {
    let dir = tempfile::tempdir().unwrap();
    let init = Command::new(env!("CARGO_BIN_EXE_spendsite")).arg("init").arg(dir.path().join("site")).output().unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    for file in [repo_root().join(".github/workflows/pages.yml"), dir.path().join("site/.github/workflows/pages.yml")] {
        let name = file.display();
        let workflow: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert!(workflow["on"]["pull_request"].is_null() && workflow["on"].get("pull_request").is_some(), "{name}");
        let steps = build_steps(&file);
        let checkout = steps.iter().find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/checkout@")));
        assert_eq!(checkout.map(|s| s["with"]["fetch-depth"].as_u64()), Some(Some(0)), "{name}: the base commit");
        let base = "${{ github.event.pull_request.base.sha }}";
        let build = steps.iter().find(|s| s["run"].as_str().is_some_and(|r| r.contains(" build "))).unwrap();
        assert_eq!(build["env"]["BASE"].as_str(), Some(base), "{name}");
        assert!(build["run"].as_str().unwrap().ends_with(r#" ${BASE:+--since "$BASE"}"#), "{name}");
        let summary = steps.iter().find(|s| s["run"].as_str().is_some_and(|r| r.contains(" diff "))).unwrap();
        assert_eq!(summary["env"]["BASE"].as_str(), Some(base), "{name}");
        assert!(
            summary["run"]
                .as_str()
                .unwrap()
                .ends_with(r#" diff --git "$BASE" --format markdown >> "$GITHUB_STEP_SUMMARY" || [ $? -eq 1 ]"#),
            "{name}"
        );
        assert_eq!(
            summary["if"].as_str(),
            Some("${{ !cancelled() && github.event_name == 'pull_request' }}"),
            "{name}"
        );
        let upload =
            steps.iter().find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/upload-pages"))).unwrap();
        assert_eq!(upload["if"].as_str(), Some("github.event_name != 'pull_request'"), "{name}");
        assert_eq!(
            workflow["jobs"]["deploy"]["if"].as_str(),
            Some("github.ref == 'refs/heads/main' && github.event_name != 'pull_request'"),
            "{name}"
        );
    }
}
