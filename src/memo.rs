//! What one run reuses from the last: parsed datasets and reports, prepared reports, drawn charts and
//! rendered pages, each stored with the fingerprints of what it was made from and used again only when
//! they are unchanged. `build` and `check` start with an empty memo that keeps nothing; `serve` keeps one
//! between rebuilds, so that an edit costs what it changes.
//!
//! Every stage stays a pure function of its inputs: the memo only saves recomputing a result whose inputs
//! are the same, so a rebuild gives the same bytes as a clean build.

use std::collections::HashMap;
use std::hash::Hash;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use crate::chart::Chart;
use crate::chart::ChartSpec;
use crate::content::Report;
use crate::dataset::Dataset;
use crate::diag::Diagnostics;
use crate::figures::format::Lang;
use crate::fs::fingerprint;
use crate::render::{DatasetPage, PreparedReport, ShareView};

/// One stage's results by key, with the run that last used each (entries a run did not use are dropped
/// after it: their file is gone).
pub(crate) struct Cache<K, V> {
    entries: Mutex<HashMap<K, (V, u64)>>,
    run: u64,
    keep: bool,
}

impl<K: Hash + Eq, V: Clone> Cache<K, V> {
    fn new(keep: bool) -> Self {
        Cache { entries: Mutex::new(HashMap::new()), run: 0, keep }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, (V, u64)>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The stored value for `key` if `valid` says it still holds, marked as used by this run.
    pub(crate) fn get(&self, key: &K, valid: impl FnOnce(&V) -> bool) -> Option<V> {
        let mut entries = self.lock();
        let (value, run) = entries.get_mut(key).filter(|(v, _)| valid(v))?;
        *run = self.run;
        Some(value.clone())
    }

    /// Whether results are stored (a memo for one run stores none, and its callers need not fingerprint).
    pub(crate) fn keeps(&self) -> bool {
        self.keep
    }

    pub(crate) fn put(&self, key: K, value: V) {
        if self.keep {
            self.lock().insert(key, (value, self.run));
        }
    }

    /// Starts run `run`, dropping what the run before did not use.
    fn next_run(&mut self, run: u64) {
        let last = self.run;
        self.lock().retain(|_, (_, used)| *used == last);
        self.run = run;
    }
}

/// Drawn charts, and the `<figure>`s made of them, by the fingerprint of their dataset, spec and
/// language (and figure id).
pub(crate) struct Charts {
    drawn: Cache<u64, Arc<Chart>>,
    figures: Cache<u64, Arc<str>>,
}

impl Charts {
    fn new() -> Charts {
        Charts { drawn: Cache::new(true), figures: Cache::new(true) }
    }

    /// `spec` over `dataset` in `lang`, drawn once per run (and reused from the last).
    pub(crate) fn draw(&self, dataset: &Dataset, spec: &ChartSpec, lang: Lang) -> Result<Arc<Chart>, String> {
        let key = fingerprint(&(dataset.fingerprint, &dataset.id, spec, lang));
        if let Some(chart) = self.drawn.get(&key, |_| true) {
            return Ok(chart);
        }
        let chart = Arc::new(crate::chart::draw(dataset, spec, lang)?);
        self.drawn.put(key, Arc::clone(&chart));
        Ok(chart)
    }

    /// The chart's `<figure>` with the ids of `id`, on one line (see `chart::figure_html`).
    pub(crate) fn figure(&self, dataset: &Dataset, spec: &ChartSpec, lang: Lang, id: &str) -> Result<Arc<str>, String> {
        let key = fingerprint(&(dataset.fingerprint, &dataset.id, spec, lang, id));
        if let Some(html) = self.figures.get(&key, |_| true) {
            return Ok(html);
        }
        // One line, so that the Markdown around it keeps its line numbers and the HTML block is not split.
        let html: Arc<str> =
            Arc::from(crate::chart::figure_html(&*self.draw(dataset, spec, lang)?, id, lang).replace('\n', " "));
        self.figures.put(key, Arc::clone(&html));
        Ok(html)
    }

    fn next_run(&mut self, run: u64) {
        self.drawn.next_run(run);
        self.figures.next_run(run);
    }
}

/// A dataset file's result, with the fingerprints of its YAML and of the table it read (if any).
#[derive(Clone)]
pub(crate) struct DatasetEntry {
    pub(crate) yaml: u64,
    /// The table's path and fingerprint when the dataset read one.
    pub(crate) table: Option<(PathBuf, u64)>,
    pub(crate) result: Result<(Arc<Dataset>, Diagnostics), Diagnostics>,
}

/// A prepared report, with what it was prepared from: its file's fingerprint, its language, and the
/// fingerprint of every dataset it read.
#[derive(Clone)]
pub(crate) struct PreparedEntry {
    pub(crate) source: u64,
    pub(crate) inputs: Vec<(String, u64)>,
    pub(crate) lang: crate::figures::format::Lang,
    pub(crate) prepared: Arc<PreparedReport>,
}

/// A report's page, with what it was made from, compared by identity: the parsed report, its prepared
/// form and its neighbours (the previous and next links), and the fingerprints of the site and of its translations' links. A report whose
/// file, datasets and neighbours are unchanged keeps all of these, so its page is reused without making
/// its view again. The entry holds them, so their addresses cannot be reused for other values.
#[derive(Clone)]
pub(crate) struct ReportPageEntry {
    pub(crate) report: Arc<Report>,
    pub(crate) prepared: Arc<PreparedReport>,
    pub(crate) previous: Option<Arc<Report>>,
    pub(crate) next: Option<Arc<Report>>,
    pub(crate) site: u64,
    /// Of the links to the report's translations.
    pub(crate) versions: u64,
    pub(crate) bytes: Arc<[u8]>,
}

impl ReportPageEntry {
    /// Whether the entry was made from these very values.
    pub(crate) fn made_from(
        &self,
        report: &Arc<Report>,
        prepared: &Arc<PreparedReport>,
        previous: Option<&Arc<Report>>,
        next: Option<&Arc<Report>>,
        site: u64,
        versions: u64,
    ) -> bool {
        let same = |a: Option<&Arc<Report>>, b: &Option<Arc<Report>>| match (a, b) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        Arc::ptr_eq(&self.report, report)
            && Arc::ptr_eq(&self.prepared, prepared)
            && same(previous, &self.previous)
            && same(next, &self.next)
            && self.site == site
            && self.versions == versions
    }
}

/// A report's share image and what its page says about it, with what they were made from: its prepared
/// form (compared by identity, as [`ReportPageEntry`] does), the fingerprint of the site's title and
/// address, and the key of its card (a report whose text changed but not its card keeps the image).
#[derive(Clone)]
pub(crate) struct ShareEntry {
    pub(crate) prepared: Arc<PreparedReport>,
    pub(crate) site: u64,
    pub(crate) key: u64,
    pub(crate) view: ShareView,
    pub(crate) bytes: Arc<[u8]>,
}

/// Every stage's results.
pub(crate) struct Memo {
    pub(crate) datasets: Cache<PathBuf, DatasetEntry>,
    pub(crate) reports: Cache<PathBuf, (u64, Result<Arc<Report>, Diagnostics>)>,
    pub(crate) prepared: Cache<PathBuf, PreparedEntry>,
    /// Charts by the fingerprint of their dataset, spec and language; shared with the expressions, and
    /// kept within a run even by a memo that keeps nothing else (reports often chart the same data).
    pub(crate) charts: Arc<Charts>,
    /// A dataset page's view and downloads, by the dataset's fingerprint and language.
    pub(crate) dataset_pages: Cache<String, (u64, Arc<DatasetPage>)>,
    /// Rendered pages by path, with the fingerprint of their view.
    pub(crate) pages: Cache<String, (u64, Arc<[u8]>)>,
    /// Report pages by path, with what they were made from.
    pub(crate) report_pages: Cache<String, ReportPageEntry>,
    /// Share images by path, with what they were made from.
    pub(crate) share_images: Cache<String, ShareEntry>,
    run: u64,
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
            prepared: Cache::new(keep),
            charts: Arc::new(Charts::new()),
            dataset_pages: Cache::new(keep),
            pages: Cache::new(keep),
            report_pages: Cache::new(keep),
            share_images: Cache::new(keep),
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
        self.prepared.next_run(run);
        if let Some(charts) = Arc::get_mut(&mut self.charts) {
            charts.next_run(run);
        }
        self.dataset_pages.next_run(run);
        self.pages.next_run(run);
        self.report_pages.next_run(run);
        self.share_images.next_run(run);
    }
}
