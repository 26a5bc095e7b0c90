//! Watching a project for changes: `site.yaml`, `data/`, `content/` and `templates/`, debounced, so that an
//! editor's burst of events (write, rename over the original, chmod) makes one rebuild.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::State;
use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::{self, Folder};

/// A rebuild starts once no event has come for this long...
const QUIET: Duration = Duration::from_millis(10);
/// ...or once this long has passed since the first event, whichever is first.
const MAX_WAIT: Duration = Duration::from_millis(300);

/// Starts watching `root` on a thread of its own, rebuilding `state` after each change.
pub(super) fn start(root: &Path, state: Arc<State>) -> Result<(), Diagnostics> {
    // Events name absolute paths; compare them with an absolute root.
    let root = &std::path::absolute(root).map_err(|e| Diagnostics::from(Diagnostic::error(root, e.to_string())))?;
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .map_err(|e| watch_error(root, &e))?;
    watcher.watch(root, RecursiveMode::NonRecursive).map_err(|e| watch_error(root, &e))?;
    let mut watched = HashSet::new();
    watch_dirs(&mut watcher, root, &mut watched);
    let root = root.to_owned();
    thread::spawn(move || debounce(rx, Watched { watcher, dirs: watched }, &root, &state));
    Ok(())
}

fn watch_error(root: &Path, e: &notify::Error) -> Diagnostics {
    Diagnostic::error(root, format!("cannot watch the project for changes: {e}"))
        .with_hint("on Linux, raise fs.inotify.max_user_watches if the limit was reached")
        .into()
}

/// Watches each project folder that exists and is not watched yet (it may have been created since).
fn watch_dirs(watcher: &mut RecommendedWatcher, root: &Path, watched: &mut HashSet<PathBuf>) {
    watched.retain(|dir| dir.is_dir());
    for dir in Folder::ALL.map(|d| root.join(d.path())) {
        if !dir.is_dir() || watched.contains(&dir) {
            continue;
        }
        match watcher.watch(&dir, RecursiveMode::Recursive) {
            Ok(()) => {
                watched.insert(dir);
            }
            Err(e) => eprintln!("cannot watch {}: {e}", dir.display()),
        }
    }
}

/// The watcher and the project folders it watches.
struct Watched {
    watcher: RecommendedWatcher,
    dirs: HashSet<PathBuf>,
}

fn debounce(rx: Receiver<notify::Result<Event>>, mut watched: Watched, root: &Path, state: &State) {
    while let Ok(event) = rx.recv() {
        if !relevant(root, &event) {
            continue;
        }
        // The paths that changed, relative to the root; `None` once the watcher lost track (then the whole
        // project is read again).
        let mut changed = Some(BTreeSet::new());
        let mut note = |event: &notify::Result<Event>| {
            if std::env::var_os("SPENDSITE_DEBUG_WATCH").is_some() {
                eprintln!("watch: {event:?}");
            }
            match event {
                Ok(e) if relevant(root, event) => {
                    if let Some(paths) = changed.as_mut() {
                        paths.extend(e.paths.iter().filter_map(|p| p.strip_prefix(root).ok()).map(Path::to_path_buf));
                    }
                }
                Ok(_) => {}
                Err(_) => changed = None,
            }
        };
        note(&event);
        let seen = Instant::now();
        while seen.elapsed() < MAX_WAIT {
            match rx.recv_timeout(QUIET) {
                Ok(event) => note(&event),
                Err(_) => break,
            }
        }
        watch_dirs(&mut watched.watcher, root, &mut watched.dirs);
        let changed: Option<Vec<PathBuf>> = changed.map(|paths| paths.into_iter().collect());
        eprintln!("{}", state.rebuild(seen, changed.as_deref()));
    }
}

/// A change to an input file of the project; reads (our own build's included) and editors' swap
/// files are not.
fn relevant(root: &Path, event: &notify::Result<Event>) -> bool {
    let Ok(event) = event else { return true };
    if let EventKind::Access(kind) = event.kind {
        if kind != AccessKind::Close(AccessMode::Write) {
            return false;
        }
    }
    event.paths.iter().any(|path| is_input(root, path))
}

fn is_input(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let scratch = name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp");
    layout::is_watched(rel) && !scratch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_project_inputs_trigger_a_rebuild() {
        let root = Path::new("/site");
        for input in ["site.yaml", "data/a.yaml", "content/x/y.md", "templates/base.html", "data"] {
            assert!(is_input(root, &root.join(input)), "{input}");
        }
        for other in
            ["public/index.html", "content/.a.md.swp", "content/a.md~", "target/x", "README.md", "/elsewhere/a.md"]
        {
            assert!(!is_input(root, &root.join(other)), "{other}");
        }
    }
}
