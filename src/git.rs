//! A project's files as they were at a git revision, read through the `git` command with a temporary
//! index: the repository, its index and its work tree are left as they are.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diag::Diagnostic;

/// The project at `root` as it was at `rev`, checked out into a temporary folder that is removed when
/// this is dropped.
pub(crate) struct Snapshot {
    /// Holds the checkout; removed on drop.
    _dir: tempfile::TempDir,
    /// The project's root inside the checkout.
    pub(crate) root: PathBuf,
}

/// Checks out the files of `rev` of the repository that holds `root`.
pub(crate) fn snapshot(root: &Path, rev: &str) -> Result<Snapshot, Diagnostic> {
    let top = git(root, &["rev-parse", "--show-toplevel"], None)?;
    let prefix = git(root, &["rev-parse", "--show-prefix"], None)?;
    let commit = git(root, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")], None)
        .map_err(|_| Diagnostic::error(root, format!("`{rev}` is not a revision of this repository")))?;
    let dir =
        tempfile::tempdir().map_err(|e| Diagnostic::error(root, format!("cannot make a temporary folder: {e}")))?;
    let index = dir.path().join("index");
    let tree = dir.path().join("tree");
    let top = Path::new(&top);
    git(top, &["read-tree", &commit], Some(&index))?;
    let prefix_arg = format!("--prefix={}/", tree.display());
    git(top, &["checkout-index", "--all", &prefix_arg], Some(&index))?;
    Ok(Snapshot { root: tree.join(prefix), _dir: dir })
}

/// The date (`YYYY-MM-DD`, the committer's) of revision `rev`.
pub(crate) fn date(root: &Path, rev: &str) -> Result<String, Diagnostic> {
    git(root, &["log", "-1", "--format=%cs", &format!("{rev}^{{commit}}"), "--"], None)
        .map_err(|_| Diagnostic::error(root, format!("`{rev}` is not a revision of this repository")))
}

/// Runs `git args` in `dir` (with `index` as its index file) and returns its trimmed output.
fn git(dir: &Path, args: &[&str], index: Option<&Path>) -> Result<String, Diagnostic> {
    let mut command = Command::new("git");
    command.arg("-C").arg(dir).args(args);
    if let Some(index) = index {
        command.env("GIT_INDEX_FILE", index);
    }
    let output = command.output().map_err(|e| {
        Diagnostic::error(dir, format!("cannot run git: {e}")).with_hint("install git, or compare two built sites")
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        return Err(Diagnostic::error(dir, format!("git {} failed: {stderr}", args.join(" ")))
            .with_hint("run spendsite in a git repository, or compare two built sites"));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}
