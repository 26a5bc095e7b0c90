//! Reading and walking input files, always saying which file failed.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::Diagnostic;

/// Input files larger than this are refused rather than read into memory.
pub(crate) const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Files under `root/dir` ending in one of `exts` (`.md`), as paths relative to `root`, sorted by name.
///
/// A missing `dir` is an empty list: a site without datasets or templates is fine. Hidden files and
/// folders (editor swap files, `.git`) are skipped; symbolic links are not followed, so nothing outside the
/// project is read.
pub(crate) fn walk_files(root: &Path, dir: &Path, exts: &[&str]) -> Result<Vec<PathBuf>, Diagnostic> {
    let start = root.join(dir);
    if !start.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(&start).sort_by_file_name().into_iter();
    for entry in walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')) {
        let entry = entry.map_err(|e| {
            let path = e.path().map_or_else(|| dir.to_owned(), |p| relative(root, p));
            Diagnostic::error(path, format!("cannot read: {e}"))
        })?;
        let is_match = entry.path().extension().is_some_and(|x| exts.iter().any(|ext| x == *ext));
        if entry.file_type().is_file() && is_match {
            files.push(relative(root, entry.path()));
        }
    }
    Ok(files)
}

/// Reads `root/rel` as UTF-8 text; errors name `rel`.
pub(crate) fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let path = root.join(rel);
    let size = std::fs::metadata(&path).map_err(|e| Diagnostic::error(rel, format!("cannot read: {e}")))?.len();
    if size > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(rel, format!("file is {size} bytes; the limit is {MAX_INPUT_BYTES} (16 MiB)")));
    }
    let bytes = std::fs::read(&path).map_err(|e| Diagnostic::error(rel, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let line = prefix.matches('\n').count() + 1;
        let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::error(rel, "file is not valid UTF-8").at(line, col).with_hint("save the file as UTF-8")
    })
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_position_of_invalid_utf8() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), b"ok\nab\xffc").unwrap();
        let err = read_text(dir.path(), Path::new("a.md")).unwrap_err();
        assert_eq!((err.location(), err.message.as_str()), ("a.md:2:3".to_string(), "file is not valid UTF-8"));
    }

    #[test]
    fn walks_sorted_skipping_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["content/b.md", "content/a/c.md", "content/.x.md", "content/d.txt"] {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let files = walk_files(dir.path(), Path::new("content"), &["md"]).unwrap();
        assert_eq!(files, [PathBuf::from("content/a/c.md"), PathBuf::from("content/b.md")]);
    }
}
