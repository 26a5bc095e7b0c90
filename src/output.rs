//! The only module that writes the site to disk.
//!
//! A build writes every file into a fresh temporary folder beside the target, then swaps it into place, so
//! a failed build leaves the previous site untouched and readers never see half a site. The target is only
//! replaced when it is empty or was written by spendsite (it holds [`MARKER`]): `--out src` by mistake
//! must not delete anybody's sources.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::diag::Diagnostic;
pub(crate) use crate::render::OutputFile;

/// Where a run's files go, one by one as they are rendered (from several threads at once).
pub(crate) trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;

    /// A file given as pieces to write one after the other.
    fn put_pieces(&self, path: &str, pieces: &[&[u8]]) -> Result<(), Diagnostic> {
        self.put(OutputFile::new(path, pieces.concat()))
    }

    /// Whether the run needs the file `path` made at all. Asked only before a file that is costly to
    /// make (a share image): a sink that keeps one file does not need the others drawn.
    fn wants(&self, _path: &str) -> bool {
        true
    }

    /// Keeps the file `path` of the site this run replaces, when there is one and `same` says its start
    /// ([`PREVIOUS_HEAD`] bytes or fewer) shows it was made from this run's inputs; says whether it did.
    /// For a file that is costly to make (a share image) and carries what it was made from.
    fn keep_previous(&self, _path: &str, _same: &dyn Fn(&[u8]) -> bool) -> bool {
        false
    }

    /// Whether the sink takes a file that is made only when first read ([`Sink::put_later`]): one that
    /// writes files needs them made now.
    fn takes_later(&self) -> bool {
        false
    }

    /// A file made only when it is first read. Only a sink that [`Sink::takes_later`] is given one.
    fn put_later(&self, path: String, later: Arc<Later>) -> Result<(), Diagnostic> {
        let bytes = later.bytes().map_err(|e| Diagnostic::error(Path::new(&path), e))?;
        self.put(OutputFile { path, bytes })
    }
}

/// A file of a site kept in memory: its bytes, or what makes them when they are first read.
#[derive(Clone)]
pub enum File {
    Made(Arc<[u8]>),
    Later(Arc<Later>),
}

/// Bytes made when first read, and kept from then on: a share image in `serve`, which a writer's
/// browser asks for only when a page is shared, so that `serve` neither draws nor holds the others.
pub struct Later {
    make: Box<dyn Fn() -> Result<Vec<u8>, String> + Send + Sync>,
    made: OnceLock<Result<Arc<[u8]>, String>>,
}

impl Later {
    pub(crate) fn new(make: impl Fn() -> Result<Vec<u8>, String> + Send + Sync + 'static) -> Later {
        Later { make: Box::new(make), made: OnceLock::new() }
    }

    /// The bytes, made now if they were not yet; or why they could not be made.
    pub fn bytes(&self) -> Result<Arc<[u8]>, String> {
        self.made.get_or_init(|| (self.make)().map(Arc::from)).clone()
    }
}

impl File {
    /// The file's bytes (made now, for a file made when first read), or why they could not be made.
    pub fn bytes(&self) -> Result<Arc<[u8]>, String> {
        match self {
            File::Made(bytes) => Ok(Arc::clone(bytes)),
            File::Later(later) => later.bytes(),
        }
    }

    /// Whether the two are one file kept from one run to the next (the same bytes in memory, or the same
    /// maker), not only files with equal bytes.
    pub fn is(&self, other: &File) -> bool {
        match (self, other) {
            (File::Made(a), File::Made(b)) => Arc::ptr_eq(a, b),
            (File::Later(a), File::Later(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// By their bytes, made for the comparison if need be.
impl PartialEq for File {
    fn eq(&self, other: &File) -> bool {
        self.is(other) || self.bytes() == other.bytes()
    }
}

impl std::fmt::Debug for File {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            File::Made(bytes) => write!(f, "File::Made({} bytes)", bytes.len()),
            File::Later(later) => match later.made.get() {
                Some(made) => write!(f, "File::Later({:?} made)", made.as_ref().map(|b| b.len())),
                None => f.write_str("File::Later(not made yet)"),
            },
        }
    }
}

/// `check`: every file is made and dropped.
pub(crate) struct Discard;

impl Sink for Discard {
    fn put(&self, _: OutputFile) -> Result<(), Diagnostic> {
        Ok(())
    }

    /// Nothing costly is made to be dropped: a share image is drawn from what the run checks anyway, and
    /// only a bug in spendsite could make drawing it fail.
    fn wants(&self, _: &str) -> bool {
        false
    }
}

/// `serve`: every file kept in memory, by path; a share image only as what draws it when it is asked for.
#[derive(Default)]
pub(crate) struct Collect(Mutex<BTreeMap<String, File>>);

impl Collect {
    pub(crate) fn into_files(self) -> BTreeMap<String, File> {
        self.0.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Sink for Collect {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).insert(file.path, File::Made(file.bytes));
        Ok(())
    }

    fn takes_later(&self) -> bool {
        true
    }

    fn put_later(&self, path: String, later: Arc<Later>) -> Result<(), Diagnostic> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).insert(path, File::Later(later));
        Ok(())
    }
}

/// Some files of the run kept in memory, the others dropped (`diff` keeps the figures manifest, `bundle`
/// a report's page and what it inlines).
pub(crate) struct Only {
    paths: Vec<String>,
    files: Mutex<BTreeMap<String, Arc<[u8]>>>,
}

impl Only {
    pub(crate) fn new(paths: &[&str]) -> Only {
        Only { paths: paths.iter().map(|p| (*p).to_owned()).collect(), files: Mutex::default() }
    }

    /// The files kept, by path: those of the paths that the run made.
    pub(crate) fn into_files(self) -> BTreeMap<String, Arc<[u8]>> {
        self.files.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Sink for Only {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        if self.wants(&file.path) {
            self.files.lock().unwrap_or_else(PoisonError::into_inner).insert(file.path, file.bytes);
        }
        Ok(())
    }

    fn wants(&self, path: &str) -> bool {
        self.paths.iter().any(|p| p == path)
    }
}

/// Writes `bytes` to `path` whole or not at all: into a file beside it, then renamed over it, so that a
/// failed write leaves what was there (`bundle`'s one file).
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let partial = path.with_file_name(format!(".{name}.spendsite-partial"));
    let cannot = |e: std::io::Error| Diagnostic::error(path, format!("cannot write: {e}"));
    std::fs::write(&partial, bytes).map_err(cannot)?;
    std::fs::rename(&partial, path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        cannot(e)
    })
}

/// How much of a file of the last build [`Sink::keep_previous`] reads to decide whether to keep it.
pub(crate) const PREVIOUS_HEAD: usize = 1024;

/// The file spendsite leaves in every site it writes, so a later build knows it may replace the folder.
pub(crate) const MARKER: &str = ".spendsite";

/// `build`: files are written into a fresh folder beside the target as they come, and the folder
/// replaces the target only by [`Staging::finish`]; dropped without it, the folder is removed and the
/// target left as it was.
pub(crate) struct Staging {
    out: PathBuf,
    dir: PathBuf,
    retired: PathBuf,
    finished: bool,
    /// The folders made so far, so that each is made once.
    made: Mutex<std::collections::HashSet<PathBuf>>,
}

impl Staging {
    /// A staging folder for `out`, which must be empty, missing, or spendsite's own output.
    pub(crate) fn new(out: &Path) -> Result<Staging, Diagnostic> {
        check_replaceable(out)?;
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Diagnostic::error(parent, format!("cannot create folder: {e}")))?;
        let name = out.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
        remove_abandoned(parent, &name);
        let (new, old) = staging_prefixes(&name);
        let dir = parent.join(format!("{new}{}", std::process::id()));
        let retired = parent.join(format!("{old}{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| Diagnostic::error(&dir, format!("cannot create folder: {e}")))?;
        Ok(Staging { out: out.to_owned(), dir, retired, finished: false, made: Mutex::default() })
    }

    /// Marks the folder as spendsite's and swaps it into place.
    pub(crate) fn finish(mut self) -> Result<(), Diagnostic> {
        self.put(OutputFile::new(MARKER, "This folder is generated by spendsite; a build replaces it whole.\n"))?;
        self.finished = true;
        swap(&self.out, &self.dir, &self.retired)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished || self.dir.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Staging {
    /// Where `path` goes in the staging folder, with its folder made.
    fn target(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        let target = self.dir.join(safe_relative(path)?);
        if let Some(parent) = target.parent().filter(|p| *p != self.dir) {
            let mut made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
            if !made.contains(parent) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Diagnostic::error(parent, format!("cannot create folder: {e}")))?;
                made.insert(parent.to_owned());
            }
        }
        Ok(target)
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        let path = self.target(&file.path)?;
        std::fs::write(&path, &file.bytes).map_err(|e| Diagnostic::error(&path, format!("cannot write: {e}")))
    }

    /// Linked (or copied) from the output folder, which is spendsite's ([`Staging::new`] checked it) and
    /// stays as it was until [`Staging::finish`]; the old folder's deletion then leaves the link.
    fn keep_previous(&self, path: &str, same: &dyn Fn(&[u8]) -> bool) -> bool {
        use std::io::Read;
        let Ok(relative) = safe_relative(path) else { return false };
        let old = self.out.join(&relative);
        if !std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_file()) {
            return false;
        }
        let mut head = Vec::with_capacity(PREVIOUS_HEAD);
        let read = std::fs::File::open(&old).and_then(|f| f.take(PREVIOUS_HEAD as u64).read_to_end(&mut head));
        if read.is_err() || !same(&head) {
            return false;
        }
        let Ok(new) = self.target(path) else { return false };
        std::fs::hard_link(&old, &new).is_ok() || std::fs::copy(&old, &new).is_ok()
    }

    /// Written piece by piece: the file is never whole in memory.
    fn put_pieces(&self, path: &str, pieces: &[&[u8]]) -> Result<(), Diagnostic> {
        use std::io::Write;
        let target = self.target(path)?;
        let cannot = |e: std::io::Error| Diagnostic::error(&target, format!("cannot write: {e}"));
        let mut file = std::io::BufWriter::new(std::fs::File::create(&target).map_err(cannot)?);
        pieces.iter().try_for_each(|piece| file.write_all(piece)).map_err(cannot)?;
        file.flush().map_err(cannot)
    }
}

/// Writes `files` to `out`, replacing what was there only once everything has been written.
#[cfg(test)]
fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let staging = Staging::new(out)?;
    files.iter().try_for_each(|file| staging.put(file.clone()))?;
    staging.finish()
}

/// The names, but for the process id, of the folders a build of output folder `name` stages into and
/// retires the old output to: `.public.new-`, `.public.old-`.
fn staging_prefixes(name: &str) -> (String, String) {
    (format!(".{name}.new-"), format!(".{name}.old-"))
}

/// Removes the staging and retired folders (`.public.new-<pid>`, `.public.old-<pid>`) that earlier builds
/// left beside the output when they were killed: those of processes that no longer run. Where that
/// cannot be known (no `/proc`), those untouched for a day.
fn remove_abandoned(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let (new, old) = staging_prefixes(name);
    let proc = Path::new("/proc");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&new).or_else(|| file_name.strip_prefix(&old)) else { continue };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        let abandoned = if proc.is_dir() {
            pid != std::process::id() && !proc.join(pid.to_string()).exists()
        } else {
            let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
            age.is_some_and(|age| age > std::time::Duration::from_secs(24 * 60 * 60))
        };
        if abandoned && entry.path().is_dir() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Moves the old site aside, the new one in, and deletes the old one.
fn swap(out: &Path, staging: &Path, retired: &Path) -> Result<(), Diagnostic> {
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, retired)
            .map_err(|e| Diagnostic::error(out, format!("cannot move the old site aside: {e}")))?;
    }
    if let Err(e) = std::fs::rename(staging, out) {
        if had_old {
            let _ = std::fs::rename(retired, out);
        }
        return Err(Diagnostic::error(out, format!("cannot move the new site into place: {e}")));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(retired);
    }
    Ok(())
}

fn check_replaceable(out: &Path) -> Result<(), Diagnostic> {
    if !out.exists() {
        return Ok(());
    }
    let is_empty_dir = out.read_dir().is_ok_and(|mut entries| entries.next().is_none());
    if out.is_dir() && (is_empty_dir || out.join(MARKER).is_file()) {
        return Ok(());
    }
    Err(Diagnostic::error(out, "refusing to replace a folder that spendsite did not write").with_hint(format!(
        "choose another --out, or empty the folder (spendsite marks its own output with a `{MARKER}` file)"
    )))
}

/// `reports/a.html` -> a relative path that cannot leave the output folder.
fn safe_relative(path: &str) -> Result<PathBuf, Diagnostic> {
    let rel = PathBuf::from(path);
    let is_safe = !path.is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if is_safe {
        Ok(rel)
    } else {
        Err(Diagnostic::error(path, "output path would leave the output folder"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_own_output_and_refuses_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[OutputFile::new("a/b.html", "1")]).unwrap();
        write_site(&out, &[OutputFile::new("c.html", "2")]).unwrap();
        assert!(!out.join("a/b.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("c.html")).unwrap(), "2");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["public"]);

        let foreign = dir.path().join("src");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("main.rs"), "fn main() {}").unwrap();
        let err = write_site(&foreign, &[OutputFile::new("x.html", "")]).unwrap_err();
        assert_eq!(err.message, "refusing to replace a folder that spendsite did not write");
        assert!(foreign.join("main.rs").exists());
    }

    /// A build decides whether to keep a share image of the last build from its first bytes: the card's
    /// key must be among them.
    #[test]
    fn a_share_images_key_is_within_the_head_a_build_reads() {
        let card = crate::share::ShareCard {
            site: "Cloud Spend Notes".into(),
            title: "Walmart's year on Azure".into(),
            figure: Some("$580.4\u{a0}million".into()),
            label: None,
            chart: None,
        };
        let png = card.png(&crate::share::Painter::default()).unwrap();
        assert_eq!(crate::share::key_of(&png[..PREVIOUS_HEAD]), Some(card.key()));
    }

    #[test]
    fn refuses_paths_that_escape() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_site(&dir.path().join("public"), &[OutputFile::new("../evil.html", "")]).unwrap_err();
        assert_eq!(err.message, "output path would leave the output folder");
        assert!(!dir.path().join("evil.html").exists());
    }
}
