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
