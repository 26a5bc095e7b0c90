//! What one run reuses from the last: every stage's results, each kept under a key (a file, a report, a
//! page) with what it was made from, and used again only while that still holds. `build` and `check`
//! start with a memo that keeps nothing; `serve` keeps one between rebuilds, so that an edit costs what
//! it changes.
//!
//! A result is made from two kinds of input: what its stage was handed (a report, a prepared report, a
//! page's view), which the caller stamps with a fingerprint, and what the stage read of the site while
//! it ran, which the stage's [`Reads`] recorded (see `track`). A stored result holds while its stamp is
//! the same and every read gives what it gave. The stages are plain functions and know nothing of this:
//! [`Cache::get_or_make`] is the one place that decides whether to make a result again.

use std::hash::Hash;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use rustc_hash::FxHashMap;

use crate::chart::Charts;
use crate::content::Report;
use crate::dataset::FileResult;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs::fingerprint;
use crate::output::File;
use crate::render::{DatasetPage, PreparedReport, ShareView, Templates, Unprepared};
use crate::share::Painter;
use crate::track::{still_holds, Inputs, Read, Reads};

/// One kind of result, by key.
pub(crate) struct Cache<K, V> {
    /// Read by many threads at once; written when a result is made. Hashed fast (the keys are the
    /// project's own paths, and every rebuild looks each one up).
    entries: RwLock<FxHashMap<K, Entry<V>>>,
    /// The keys whose results this run made (not reused), when the memo keeps results.
    made: Mutex<Vec<K>>,
    run: u64,
    keep: bool,
    /// Whether a result made again is the same as the one it replaces; when it is, it keeps the old
    /// version, and what was made from the old is still good (an edit that changes how a value is
    /// written, not the figures, re-renders no page).
    same: Option<fn(&V, &V) -> bool>,
}

struct Entry<V> {
    value: V,
    stamp: u64,
    reads: Vec<(Read, u64)>,
    /// Of the stamp and the reads: the same for as long as the value is.
    version: u64,
    /// The last run that used it.
    used: AtomicU64,
}

impl<K: Hash + Eq + Clone, V: Clone> Cache<K, V> {
    fn new(keep: bool) -> Self {
        Cache { entries: RwLock::default(), made: Mutex::default(), run: 0, keep, same: None }
    }

    /// A cache whose results made again keep their version while `same` says they are the same.
    fn with_cutoff(keep: bool, same: fn(&V, &V) -> bool) -> Self {
        Cache { same: Some(same), ..Cache::new(keep) }
    }

    /// The result for `key`, made from what `stamp` gives the fingerprint of: the stored one while every
    /// read it recorded gives what it gave (`inputs` answers for them), else made by `make`, which reads
    /// through the [`Reads`] it is given. With its version, a fingerprint of what it was made from, for
    /// the results made from it to stamp themselves with. A memo that keeps nothing takes no stamp (some
    /// cost a page's hashing) and gives every result the version 0.
    pub(crate) fn get_or_make(
        &self,
        key: K,
        stamp: impl FnOnce() -> u64,
        inputs: &dyn Inputs,
        make: impl FnOnce(&Arc<Reads>) -> V,
    ) -> (V, u64) {
        if !self.keep {
            return (make(&Arc::default()), 0);
        }
        let stamp = stamp();
        {
            let entries = self.entries.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(entry) = entries.get(&key) {
                if entry.stamp == stamp && still_holds(&entry.reads, inputs) {
                    entry.used.store(self.run, Ordering::Relaxed);
                    return (entry.value.clone(), entry.version);
                }
            }
        }
        let reads = Arc::new(Reads::default());
        let value = make(&reads);
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        let version = match (entries.get(&key), self.same) {
            (Some(old), Some(same)) if same(&old.value, &value) => old.version,
            _ => fingerprint(&(stamp, reads.fingerprint())),
        };
        let used = AtomicU64::new(self.run);
        let entry = Entry { value: value.clone(), stamp, reads: reads.to_vec(), version, used };
        entries.insert(key.clone(), entry);
        drop(entries);
        self.made.lock().unwrap_or_else(PoisonError::into_inner).push(key);
        (value, version)
    }

    /// Starts run `run`, dropping what the run before did not use.
    fn next_run(&mut self, run: u64) {
        let last = self.run;
        let entries = self.entries.get_mut().unwrap_or_else(PoisonError::into_inner);
        entries.retain(|_, entry| *entry.used.get_mut() == last);
        self.made.lock().unwrap_or_else(PoisonError::into_inner).clear();
        self.run = run;
    }

    /// The keys whose results the last run made.
    fn made(&self) -> Vec<K> {
        self.made.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

/// Every stage's results.
pub(crate) struct Memo {
    /// Each dataset file's dataset, by file.
    pub(crate) datasets: Cache<PathBuf, FileResult>,
    /// Each report file's report, by file.
    pub(crate) reports: Cache<PathBuf, Result<Arc<Report>, Diagnostics>>,
    /// The templates, defaults and overrides.
    pub(crate) templates: Cache<(), Result<Arc<Templates>, Diagnostics>>,
    /// Each report prepared, by file.
    pub(crate) prepared: Cache<PathBuf, Result<Arc<PreparedReport>, Unprepared>>,
    /// What each report page's head says about its share image, and its card's key, by image path.
    pub(crate) share_cards: Cache<String, (ShareView, u64)>,
    /// Each share image, by path, stamped with its card's key: drawn, or (for `serve`) what draws it when
    /// it is asked for.
    pub(crate) share_images: Cache<String, Result<File, Diagnostic>>,
    /// Each chart's PNG (`embed/…/chart-1.png`), by path, stamped with its drawing's key, as share images.
    pub(crate) chart_images: Cache<String, Result<File, Diagnostic>>,
    /// A dataset page's content and downloads, by dataset id.
    pub(crate) dataset_pages: Cache<String, Result<Arc<DatasetPage>, Diagnostic>>,
    /// Rendered pages by path: a report's stamped with its report's version and its share image's view,
    /// with what it read of the site's layout (its neighbours, its story, every page's part); any other
    /// stamped with the fingerprint of what it is made of.
    pub(crate) pages: Cache<String, Result<Arc<[u8]>, Diagnostic>>,
    /// Drawn charts, which reports and dataset pages share; kept within a run even by a memo that keeps
    /// nothing else (reports often chart the same data).
    pub(crate) charts: Arc<Charts>,
    /// What drawing share cards keeps for the cards after (the bands they share, rasterised glyphs);
    /// kept within a run even by a memo that keeps nothing else.
    pub(crate) painter: Arc<Painter>,
    run: u64,
}

/// What the last run made anew rather than reused, per kind of result: paths of input files, report
/// files, and output paths. For tests, and for seeing what an edit cost.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recomputed {
    /// Dataset files read and checked.
    pub datasets: Vec<PathBuf>,
    /// Report files parsed.
    pub reports: Vec<PathBuf>,
    /// Reports prepared (expressions expanded, claims checked, Markdown rendered), by file.
    pub prepared: Vec<PathBuf>,
    /// Share images drawn, by output path.
    pub share_images: Vec<String>,
    /// Chart images drawn, by output path.
    pub chart_images: Vec<String>,
    /// Dataset pages' content and downloads made, by dataset id.
    pub dataset_pages: Vec<String>,
    /// Pages rendered with their template, by output path.
    pub pages: Vec<String>,
}

impl Memo {
    /// A memo that stores nothing, for one `build` or `check`.
    pub(crate) fn none() -> Memo {
        Memo::new(false)
    }

    /// A memo that stores every result, for `serve`.
    pub(crate) fn keeping() -> Memo {
        Memo::new(true)
    }

    fn new(keep: bool) -> Memo {
        Memo {
            datasets: Cache::new(keep),
            reports: Cache::new(keep),
            templates: Cache::new(keep),
            prepared: Cache::with_cutoff(keep, |old, new| matches!((old, new), (Ok(old), Ok(new)) if old == new)),
            share_cards: Cache::new(keep),
            share_images: Cache::new(keep),
            chart_images: Cache::new(keep),
            dataset_pages: Cache::new(keep),
            pages: Cache::new(keep),
            charts: Arc::default(),
            painter: Arc::default(),
            run: 0,
        }
    }

    /// How many runs this memo has seen.
    pub(crate) fn runs(&self) -> u64 {
        self.run
    }

    /// Starts the next run: what the last one did not use is dropped.
    pub(crate) fn next_run(&mut self) {
        self.run += 1;
        let run = self.run;
        self.datasets.next_run(run);
        self.reports.next_run(run);
        self.templates.next_run(run);
        self.prepared.next_run(run);
        self.share_cards.next_run(run);
        self.share_images.next_run(run);
        self.chart_images.next_run(run);
        self.dataset_pages.next_run(run);
        self.pages.next_run(run);
        self.charts.next_run();
        self.painter.next_run();
    }

    /// What the last run made anew, each list sorted.
    pub(crate) fn recomputed(&self) -> Recomputed {
        fn sorted<K: Ord>(mut keys: Vec<K>) -> Vec<K> {
            keys.sort();
            keys
        }
        Recomputed {
            datasets: sorted(self.datasets.made()),
            reports: sorted(self.reports.made()),
            prepared: sorted(self.prepared.made()),
            share_images: sorted(self.share_images.made()),
            chart_images: sorted(self.chart_images.made()),
            dataset_pages: sorted(self.dataset_pages.made()),
            pages: sorted(self.pages.made()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::Setting;

    /// Answers every read with one fingerprint.
    struct Now(u64);

    impl Inputs for Now {
        fn fingerprint(&self, _: &Read) -> u64 {
            self.0
        }
    }

    #[test]
    fn a_result_is_made_again_when_its_stamp_or_a_read_changes() {
        let mut cache: Cache<&str, u32> = Cache::new(true);
        let made = std::cell::Cell::new(0);
        let make = |reads: &Arc<Reads>| {
            reads.record(Read::Setting(Setting::Language), 1);
            made.set(made.get() + 1);
            made.get()
        };
        let (first, version) = cache.get_or_make("a", || 7, &Now(1), make);
        assert_eq!((first, cache.made()), (1, vec!["a"]));
        cache.next_run(1);
        assert_eq!(cache.get_or_make("a", || 7, &Now(1), make), (1, version), "reused");
        assert_eq!(cache.made(), Vec::<&str>::new());
        assert_eq!(cache.get_or_make("a", || 7, &Now(2), make).0, 2, "a read gives something else");
        assert_eq!(cache.get_or_make("a", || 8, &Now(1), make).0, 3, "another stamp");
        cache.next_run(2);
        cache.next_run(3);
        assert_eq!(cache.get_or_make("a", || 8, &Now(1), make).0, 4, "dropped after a run that did not use it");
        let mut none: Cache<&str, u32> = Cache::new(false);
        none.get_or_make("a", || 7, &Now(1), make);
        none.next_run(1);
        assert_eq!(none.get_or_make("a", || 7, &Now(1), make).0, 6, "a memo that keeps nothing makes everything");
    }

    #[test]
    fn a_result_made_again_the_same_keeps_its_version() {
        let mut cache: Cache<&str, u32> = Cache::with_cutoff(true, |old, new| old / 10 == new / 10);
        let (_, version) = cache.get_or_make("a", || 1, &Now(1), |_| 11);
        cache.next_run(1);
        assert_eq!(cache.get_or_make("a", || 2, &Now(1), |_| 12), (12, version), "the same, by the cache's measure");
        let (value, other) = cache.get_or_make("a", || 3, &Now(1), |_| 21);
        assert_eq!(value, 21);
        assert_ne!(other, version, "another value has another version");
    }
}
