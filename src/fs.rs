//! Reading and walking input files, always saying which file failed; and [`Sources`], every input file
//! of a project read once and refreshed by path, so that `serve` rereads only what changed.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::{self, Folder, SITE_FILE};

/// Input files larger than this are refused rather than read into memory.
pub(crate) const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Files under `root/dir` ending in one of `exts` (`.md`), as paths relative to `root`, sorted by name;
/// and a warning for each entry that looks like an input but is skipped (see [`Skipped`]).
///
/// A missing `dir` is an empty list: a site without datasets or templates is fine. Hidden files and
/// folders (editor swap files, `.git`) are skipped without a word. A symbolic link is read only when it
/// leads to a file inside the same input folder (`content/`): nothing outside them is ever read.
pub(crate) fn walk_files(
    root: &Path,
    dir: &Path,
    exts: &[&str],
) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), Diagnostic> {
    let start = root.join(dir);
    if !start.is_dir() {
        return Ok((Vec::new(), Vec::new()));
    }
    let (mut files, mut skipped) = (Vec::new(), Vec::new());
    let walker = WalkDir::new(&start).sort_by_file_name().into_iter();
    for entry in walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')) {
        let entry = entry.map_err(|e| {
            let path = e.path().map_or_else(|| dir.to_owned(), |p| relative(root, p));
            Diagnostic::error(path, format!("cannot read: {e}"))
        })?;
        let is_match = entry.path().extension().is_some_and(|x| exts.iter().any(|ext| x == *ext));
        let rel = relative(root, entry.path());
        match Skipped::check(root, &rel, entry.file_type(), is_match) {
            None if is_match => files.push(rel),
            None => {}
            Some(reason) => skipped.push(reason.warning(rel)),
        }
    }
    Ok((files, skipped))
}

/// Why an entry of an input folder that looks like an input is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skipped {
    /// A folder named like a file (`content/a.md/`); its files are read as any others.
    Folder,
    /// A FIFO, socket or device.
    Special,
    /// A symbolic link to something outside its input folder (`content/`, `data/`, `templates/`).
    LinkOut,
    /// A symbolic link to a folder (not followed, so that a loop cannot be).
    LinkToFolder,
    /// A symbolic link that leads nowhere: its target is missing, or it is a loop.
    LinkBroken,
}

impl Skipped {
    /// Why `rel` (of type `kind`; `is_match`: named like an input) is skipped, or `None` when it is read
    /// (a file, or a link to a file inside its input folder) or is no input at all.
    fn check(root: &Path, rel: &Path, kind: std::fs::FileType, is_match: bool) -> Option<Skipped> {
        if kind.is_file() {
            return None;
        }
        if kind.is_dir() {
            return is_match.then_some(Skipped::Folder);
        }
        if !kind.is_symlink() {
            return is_match.then_some(Skipped::Special);
        }
        // The input folder the link is in (`content`): a link may lead anywhere inside it.
        let folder = root.join(rel.components().next().map_or(Path::new(""), |c| Path::new(c.as_os_str())));
        let (Ok(target), Ok(folder)) = (std::fs::canonicalize(root.join(rel)), std::fs::canonicalize(folder)) else {
            return is_match.then_some(Skipped::LinkBroken);
        };
        if !target.starts_with(&folder) {
            return Some(Skipped::LinkOut).filter(|_| is_match || target.is_dir());
        }
        match std::fs::metadata(&target) {
            Ok(meta) if meta.is_dir() => Some(Skipped::LinkToFolder),
            Ok(meta) if meta.is_file() => None,
            Ok(_) => is_match.then_some(Skipped::Special),
            Err(_) => is_match.then_some(Skipped::LinkBroken),
        }
    }

    fn warning(self, rel: PathBuf) -> Diagnostic {
        let (message, hint) = match self {
            Skipped::Folder => ("is a folder, not a file: skipped (the files in it are read)", "rename the folder"),
            Skipped::Special => ("is not a regular file (a FIFO, socket or device): skipped", "replace it with a file"),
            Skipped::LinkOut => (
                "is a symbolic link out of its folder: skipped, since nothing outside the project's input folders is read",
                "copy the file into the folder instead",
            ),
            Skipped::LinkToFolder => (
                "is a symbolic link to a folder: not followed",
                "move or copy the folder into place; links to files inside the project are read",
            ),
            Skipped::LinkBroken => (
                "is a symbolic link that leads nowhere (its target is missing, or it is a loop): skipped",
                "remove the link, or point it at a file inside the project",
            ),
        };
        Diagnostic::warning(rel, message).with_hint(hint)
    }
}

/// Reads `root/rel` as text (see [`decode`]); errors name `rel`.
pub(crate) fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let path = root.join(rel);
    let size = std::fs::metadata(&path).map_err(|e| Diagnostic::error(rel, format!("cannot read: {e}")))?.len();
    if size > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(rel, format!("file is {size} bytes; the limit is {MAX_INPUT_BYTES} (16 MiB)")));
    }
    let bytes = std::fs::read(&path).map_err(|e| Diagnostic::error(rel, format!("cannot read: {e}")))?;
    decode(rel, bytes)
}

/// The text of input file `rel`: UTF-8 without the byte-order mark some editors write first (positions
/// are then those the editor shows), and without a character that no page can hold.
///
/// Decided: such characters are refused where they are, not dropped or replaced. C0 and C1 control
/// characters other than tab, line feed and carriage return (NUL, ESC, form feed, DEL…) are invalid in
/// HTML and XML, or are invisible and unsafe to echo to a terminal; noncharacters (U+FFFE, U+FFFF,
/// U+FDD0–U+FDEF…) are invalid in XML. The writer learns where such a character came in, instead of a
/// page that differs from the file.
pub(crate) fn decode(rel: &Path, mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with("\u{feff}".as_bytes()) {
        bytes.drain(..3);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, col) = line_col(&prefix, prefix.len());
        Diagnostic::error(rel, "file is not valid UTF-8").at(line, col).with_hint("save the file as UTF-8")
    })?;
    // A carriage return on its own ends a line for YAML and for editors, but not for a count of `\n`:
    // made a line feed, every stage counts the same lines. (`\r\n` is left as it is.)
    let text = if text.contains('\r') { lone_carriage_returns_to_line_feeds(&text) } else { text };
    let Some((at, c)) = text.char_indices().find(|(_, c)| !is_allowed_char(*c)) else {
        return Ok(text);
    };
    let (line, col) = line_col(&text, at);
    let more = text[at + c.len_utf8()..].chars().filter(|c| !is_allowed_char(*c)).count();
    let kind = if c.is_control() { "the control character" } else { "the noncharacter" };
    let more = match more {
        0 => String::new(),
        1 => " (and 1 more such character)".to_owned(),
        n => format!(" (and {n} more such characters)"),
    };
    Err(Diagnostic::error(rel, format!("file holds {kind} U+{:04X}{more}, which no page can show", c as u32))
        .at_in(&text, line, col)
        .with_hint("delete it: the editor may show it as nothing at all; tabs and line breaks are fine"))
}

/// `text` with each carriage return that no line feed follows made a line feed (see [`decode`]).
pub(crate) fn lone_carriage_returns_to_line_feeds(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') { '\n' } else { c });
    }
    out
}

/// Whether an input file may hold `c` (see [`decode`]).
pub(crate) fn is_allowed_char(c: char) -> bool {
    let noncharacter = matches!(c as u32, 0xFDD0..=0xFDEF) || (c as u32) & 0xFFFE == 0xFFFE;
    matches!(c, '\t' | '\n' | '\r') || !(c.is_control() || noncharacter)
}

/// The 1-based line and character column of byte offset `at` of `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// A 64-bit fingerprint of `value`: equal inputs always give equal fingerprints, in every run.
pub(crate) fn fingerprint(value: &impl Hash) -> u64 {
    // The default hasher's keys are fixed: its result is the same in every process.
    let mut hasher = std::hash::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// One input file as it was read.
#[derive(Debug, Clone)]
pub(crate) struct Input {
    /// The text, or why it could not be read.
    pub(crate) text: Result<Arc<str>, Diagnostic>,
    /// Of the text (or of the error): a changed file has another one.
    pub(crate) fingerprint: u64,
}

impl Input {
    fn read(root: &Path, rel: &Path) -> Input {
        Input::from_text(read_text(root, rel))
    }

    pub(crate) fn from_text(text: Result<String, Diagnostic>) -> Input {
        let text = text.map(Arc::from);
        let fingerprint = match &text {
            Ok(text) => fingerprint(&(0u8, &**text)),
            Err(diag) => fingerprint(&(1u8, &diag.message, diag.line, diag.col)),
        };
        Input { text, fingerprint }
    }
}

/// A table file opened for reading: from disk, or from memory (a project made in memory).
pub(crate) enum Opened {
    File(std::fs::File),
    Bytes(Arc<[u8]>),
}

impl Opened {
    /// The file's bytes as a stream.
    pub(crate) fn into_read(self) -> Box<dyn std::io::Read + Send> {
        match self {
            Opened::File(file) => Box::new(file),
            Opened::Bytes(bytes) => Box::new(std::io::Cursor::new(bytes)),
        }
    }
}

/// The tables of a project (the `.csv`, `.csv.gz` and `.parquet` files of `data/`) as a dataset reads
/// them: listed by folder, and opened one at a time to be streamed, never held in memory whole.
pub(crate) trait Tables: Sync {
    /// The table files under `dir` (from the root), in path order.
    fn list(&self, dir: &Path) -> Vec<PathBuf>;
    /// Opens the table at `rel`, with its stamp (a changed file has another one); the error names `rel`.
    fn open(&self, rel: &Path) -> Result<(Opened, u64), Diagnostic>;
}

/// A table file as found: the stamp of its size and modification time (it is not read until a dataset
/// reads it), and its bytes when the project is in memory.
#[derive(Debug, Clone)]
struct TableFile {
    stamp: u64,
    bytes: Option<Arc<[u8]>>,
}

impl TableFile {
    fn stat(path: &Path) -> TableFile {
        let stamp = match std::fs::metadata(path) {
            Ok(meta) => fingerprint(&(meta.len(), meta.modified().ok())),
            Err(e) => fingerprint(&e.to_string()),
        };
        TableFile { stamp, bytes: None }
    }
}

/// Every input file of a project (`site.yaml`, and the files of `data/`, `content/` and `templates/`),
/// by path relative to the root, with the problems of walking its folders. Tables are listed with a
/// stamp, not read (see [`Tables`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Sources {
    root: PathBuf,
    files: BTreeMap<PathBuf, Input>,
    tables: BTreeMap<PathBuf, TableFile>,
    /// Folders that could not be walked, by folder.
    walk_errors: BTreeMap<PathBuf, Diagnostic>,
    /// Entries named like inputs that are not read, with why, by path.
    skipped: BTreeMap<PathBuf, Diagnostic>,
}

impl Sources {
    /// Reads every input file under `root`.
    pub(crate) fn scan(root: &Path) -> Sources {
        let mut sources = Sources { root: root.to_owned(), ..Sources::default() };
        sources.rescan(Path::new(""));
        sources
    }

    /// The project made of `files` (path relative to the root, bytes), read as if from disk, with no
    /// folder behind it: for the fuzz targets (`fuzzing`).
    pub(crate) fn in_memory(files: impl IntoIterator<Item = (PathBuf, Vec<u8>)>) -> Sources {
        let mut sources = Sources::default();
        for (rel, bytes) in files {
            if layout::is_table(&rel) {
                let stamp = fingerprint(&bytes);
                sources.tables.insert(rel, TableFile { stamp, bytes: Some(Arc::from(bytes)) });
            } else if layout::is_input(&rel) {
                let input = Input::from_text(decode(&rel, bytes));
                sources.files.insert(rel, input);
            }
        }
        sources
    }

    /// Rereads what changed: each path (relative to the root) that is a file is read again, one that is
    /// gone is dropped with everything below it, and a folder is walked again.
    pub(crate) fn refresh(&mut self, changed: &[PathBuf]) {
        for rel in changed {
            let path = self.root.join(rel);
            let kind = std::fs::symlink_metadata(&path).map(|m| m.file_type());
            self.skipped.remove(rel);
            match kind {
                Ok(kind) if kind.is_dir() => self.rescan(rel),
                Ok(kind) if layout::is_input(rel) => {
                    self.files.remove(rel);
                    self.tables.remove(rel);
                    match Skipped::check(&self.root, rel, kind, true) {
                        None if layout::is_table(rel) => {
                            self.tables.insert(rel.clone(), TableFile::stat(&self.root.join(rel)));
                        }
                        None => {
                            self.files.insert(rel.clone(), Input::read(&self.root, rel));
                        }
                        Some(reason) => {
                            self.skipped.insert(rel.clone(), reason.warning(rel.clone()));
                        }
                    }
                }
                Ok(_) => {}
                Err(_) => {
                    self.files.retain(|file, _| !file.starts_with(rel));
                    self.tables.retain(|file, _| !file.starts_with(rel));
                    self.walk_errors.retain(|dir, _| !dir.starts_with(rel));
                    self.skipped.retain(|file, _| !file.starts_with(rel));
                }
            }
        }
    }

    /// Walks `under` (relative to the root; empty for the whole project) again.
    fn rescan(&mut self, under: &Path) {
        self.files.retain(|file, _| !file.starts_with(under));
        self.tables.retain(|file, _| !file.starts_with(under));
        self.walk_errors.retain(|dir, _| !dir.starts_with(under));
        self.skipped.retain(|file, _| !file.starts_with(under));
        let mut found = Vec::new();
        if under.as_os_str().is_empty() || under == Path::new(SITE_FILE) {
            found.push(PathBuf::from(SITE_FILE));
        }
        for folder in Folder::ALL {
            let (dir, exts) = (folder.path(), folder.exts());
            // A folder of the project that holds `under`, or that `under` holds.
            let start = if under.starts_with(dir) {
                under
            } else if dir.starts_with(under) {
                dir
            } else {
                continue;
            };
            match walk_files(&self.root, start, exts) {
                Ok((files, skipped)) => {
                    found.extend(files);
                    self.skipped.extend(skipped.into_iter().map(|d| (d.path.clone(), d)));
                }
                Err(diag) => {
                    self.walk_errors.insert(start.to_owned(), diag);
                }
            }
        }
        let root = &self.root;
        let (tables, found): (Vec<PathBuf>, Vec<PathBuf>) = found.into_iter().partition(|rel| layout::is_table(rel));
        self.tables.extend(tables.into_iter().map(|rel| {
            let file = TableFile::stat(&root.join(&rel));
            (rel, file)
        }));
        let read: Vec<(PathBuf, Input)> = found
            .into_par_iter()
            .filter(|rel| rel.as_os_str() != SITE_FILE || root.join(rel).is_file())
            .map(|rel| {
                let input = Input::read(root, &rel);
                (rel, input)
            })
            .collect();
        self.files.extend(read);
    }

    /// A warning for each entry named like an input that is not read, in path order.
    pub(crate) fn skipped(&self) -> impl Iterator<Item = &Diagnostic> {
        self.skipped.values()
    }

    /// The file at `rel`, if it is an input that exists.
    pub(crate) fn get(&self, rel: &Path) -> Option<&Input> {
        self.files.get(rel)
    }

    /// The file at `rel` as read, or why there is none.
    pub(crate) fn input(&self, rel: &Path) -> Input {
        match self.files.get(rel) {
            Some(input) => input.clone(),
            None => {
                Input::from_text(Err(Diagnostic::error(rel, "cannot read: No such file or directory (os error 2)")))
            }
        }
    }

    /// The fingerprint of what the file at `rel` holds now: its text's, or a table's stamp.
    pub(crate) fn fingerprint_of(&self, rel: &Path) -> u64 {
        match (self.tables.get(rel), self.files.get(rel)) {
            (Some(table), _) => table.stamp,
            (None, Some(input)) => input.fingerprint,
            (None, None) => self.input(rel).fingerprint,
        }
    }

    /// The files under `folder` ending in one of `exts`, in path order, or the error of walking it.
    pub(crate) fn under(&self, folder: Folder, exts: &[&str]) -> Result<Vec<(&Path, &Input)>, Diagnostics> {
        let dir = folder.path();
        if let Some(error) = self.walk_errors.iter().find(|(d, _)| d.starts_with(dir)).map(|(_, e)| e) {
            return Err(error.clone().into());
        }
        let ext = |p: &Path| p.extension().is_some_and(|x| exts.iter().any(|e| x == *e));
        Ok(self.files.iter().filter(|(p, _)| p.starts_with(dir) && ext(p)).map(|(p, i)| (p.as_path(), i)).collect())
    }
}

impl Tables for Sources {
    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        self.tables.range(dir.to_owned()..).map(|(p, _)| p).take_while(|p| p.starts_with(dir)).cloned().collect()
    }

    fn open(&self, rel: &Path) -> Result<(Opened, u64), Diagnostic> {
        let Some(table) = self.tables.get(rel) else {
            return Err(Diagnostic::error(rel, "cannot read: No such file or directory (os error 2)"));
        };
        let opened = match &table.bytes {
            Some(bytes) => Opened::Bytes(Arc::clone(bytes)),
            None => Opened::File(
                std::fs::File::open(self.root.join(rel))
                    .map_err(|e| Diagnostic::error(rel, format!("cannot read: {e}")))?,
            ),
        };
        Ok((opened, table.stamp))
    }
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
    fn control_characters_and_noncharacters_are_refused_where_they_are() {
        let refused = |text: &str| decode(Path::new("a.md"), text.as_bytes().to_vec()).unwrap_err();
        let d = refused("ok\n\ttab and \u{1b}[2J and \u{0}");
        assert_eq!(d.location(), "a.md:2:10");
        assert_eq!(
            d.message,
            "file holds the control character U+001B (and 1 more such character), which no page can show"
        );
        for (text, message) in [
            ("x\u{fffe}", "the noncharacter U+FFFE"),
            ("\u{ffff}", "the noncharacter U+FFFF"),
            ("\u{fdd0}", "the noncharacter U+FDD0"),
            ("\u{1fffe}", "the noncharacter U+1FFFE"),
            ("\u{85}", "the control character U+0085"),
            ("\u{7f}", "the control character U+007F"),
            ("\u{c}", "the control character U+000C"),
        ] {
            let d = refused(text);
            assert_eq!(d.message, format!("file holds {message}, which no page can show"), "{text:?}");
        }
        let kept = "\u{feff}tab\t, CR LF\r\n, \u{fffd} and \u{e000} are text";
        assert_eq!(decode(Path::new("a.md"), kept.as_bytes().to_vec()).unwrap(), &kept[3..]);
        // A carriage return alone ends a line, as YAML and editors have it: so it is counted.
        let old_mac = "a: 1\rb: 2\r\nc: \u{1b}";
        assert_eq!(decode(Path::new("a.md"), b"a\rb\r\n".to_vec()).unwrap(), "a\nb\r\n");
        assert_eq!(decode(Path::new("a.md"), old_mac.as_bytes().to_vec()).unwrap_err().location(), "a.md:3:4");
    }

    #[test]
    fn walks_sorted_skipping_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["content/b.md", "content/a/c.md", "content/.x.md", "content/d.txt"] {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let (files, skipped) = walk_files(dir.path(), Path::new("content"), &["md"]).unwrap();
        assert!(skipped.is_empty());
        assert_eq!(files, [PathBuf::from("content/a/c.md"), PathBuf::from("content/b.md")]);
    }
}
