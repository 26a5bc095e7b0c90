//! One run of the pipeline, from the project's files to the output files, with every stage called
//! through the memo: loading (`site.yaml`, each dataset and report file, the templates), laying out
//! (`render::Plan`), and for each report its preparation, share image and page, then the dataset pages,
//! the lists and the rest. The stages are plain functions; this module alone decides, through
//! [`Cache::get_or_make`](super::memo::Cache::get_or_make), which results the last run left that still
//! hold. Every file goes out through [`Out`], which refuses one that the plan's registry of output
//! paths does not hold, or one written twice.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use rayon::prelude::*;

use super::memo::{Cache, Memo};
use super::Outcome;
use crate::config::{Config, Options};
use crate::content::{self, Report};
use crate::dataset;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs::{fingerprint, Opened, Sources, Tables};
use crate::layout::{Folder, SITE_FILE, TEMPLATE_EXTS};
use crate::output::{File, Later, Sink};
use crate::render::{
    self, DatasetPage, OutputFile, Outputs, Page, Plan, PreparedReport, ShareView, Summary, Templates, Unprepared,
};
use crate::share::{Painter, ShareCard};
use crate::site::{RunInputs, Site};
use crate::track::{Inputs, Read, Reads};

/// Loads the project from `sources`, checks it and renders every file into `sink`. Reports are checked
/// even when some datasets or reports failed to load, so that one run lists every error it can find.
pub(crate) fn run(
    options: &Options,
    inputs: &RunInputs,
    sources: &Sources,
    memo: &Memo,
    sink: &dyn Sink,
) -> Result<Outcome, Diagnostics> {
    let start = Instant::now();
    let (site, mut diags) = load(options, inputs, sources, memo)?;
    if options.strict {
        diags = diags.into_iter().map(Diagnostic::strict).collect();
    }
    match render(&site, sources, memo, sink) {
        Ok(stats) if !diags.has_errors() => {
            let (out, base_url) = (site.config().out.clone(), site.config().base_url.clone());
            Ok(Outcome { stats, warnings: diags, out, base_url, elapsed: start.elapsed() })
        }
        Ok(_) => Err(diags),
        Err(more) => {
            diags.extend(more);
            diags.sort();
            Err(diags)
        }
    }
}

/// The inputs of a run as the memo asks after them: the files as read, the site made of them, and its
/// layout.
struct Now<'a> {
    sources: &'a Sources,
    site: Option<&'a Site>,
    plan: Option<&'a Plan<'a>>,
}

/// The project's tables as a dataset's load reads them, each read recorded in `reads`.
struct Recording<'a> {
    sources: &'a Sources,
    reads: &'a Reads,
}

impl Tables for Recording<'_> {
    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        let list = self.sources.list(dir);
        self.reads.record(Read::Tables(dir.to_owned()), fingerprint(&list));
        list
    }

    fn open(&self, rel: &Path) -> Result<(Opened, u64), Diagnostic> {
        self.reads.record(Read::File(rel.to_owned()), self.sources.fingerprint_of(rel));
        self.sources.open(rel)
    }
}

impl Inputs for Now<'_> {
    fn fingerprint(&self, read: &Read) -> u64 {
        match read {
            Read::File(rel) => self.sources.fingerprint_of(rel),
            Read::Tables(dir) => fingerprint(&self.sources.list(dir)),
            // Asked only of results made after what answers them, which is then there.
            other => match (self.plan, self.site) {
                (Some(plan), _) => plan.fingerprint(other),
                (None, Some(site)) => site.fingerprint(other),
                (None, None) => None,
            }
            .unwrap_or(u64::MAX),
        }
    }
}

/// The site with every diagnostic found in `site.yaml`, `data/` and `content/` (warnings and errors).
/// The site then holds what did load, so that a run can still check the rest of it; only a broken
/// `site.yaml` stops it here.
fn load(
    options: &Options,
    inputs: &RunInputs,
    sources: &Sources,
    memo: &Memo,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let now = Now { sources, site: None, plan: None };
    let mut diags = Diagnostics::new();
    let config = Config::load(options, sources.get(Path::new(SITE_FILE)).map(|i| i.text.clone()))
        .map_err(|d| diags.push(d))
        .ok();
    let mut data = datasets(sources, memo, &now);
    let mut content = reports(sources, memo, &now);
    diags.extend(std::mem::take(&mut data.diags));
    diags.extend(std::mem::take(&mut content.diags));
    diags.extend(sources.skipped().cloned());
    let Some(config) = config else {
        diags.sort();
        return Err(diags);
    };
    let (site, more) = Site::new(config, data, content, inputs.clone());
    diags.extend(more);
    diags.sort();
    Ok((site, diags))
}

/// Every dataset file of the project, each loaded again only when it or a table it read changed.
fn datasets(sources: &Sources, memo: &Memo, now: &Now) -> dataset::Loaded {
    let files = match dataset::files(sources) {
        Ok(files) => files,
        Err(diags) => return dataset::Loaded { diags, ..dataset::Loaded::default() },
    };
    let results = files
        .par_iter()
        .map(|(rel, input)| {
            let (result, _) = memo.datasets.get_or_make(
                rel.to_path_buf(),
                || input.fingerprint,
                now,
                |reads| dataset::load_file(rel, input, &Recording { sources, reads }),
            );
            (*rel, result)
        })
        .collect();
    dataset::collect(results)
}

/// Every report file of the project, each parsed again only when it changed.
fn reports(sources: &Sources, memo: &Memo, now: &Now) -> content::Loaded {
    let files = match content::files(sources) {
        Ok(files) => files,
        Err(diags) => return content::Loaded { reports: Vec::new(), broken: Vec::new(), diags },
    };
    let results = files
        .par_iter()
        .map(|(rel, input)| {
            let make = |_: &Arc<_>| content::load_file(rel, input);
            (*rel, memo.reports.get_or_make(rel.to_path_buf(), || input.fingerprint, now, make).0)
        })
        .collect();
    content::collect(results)
}

/// The templates, loaded again only when a file of `templates/` changed, came or went.
fn templates(sources: &Sources, memo: &Memo, now: &Now) -> Result<Arc<Templates>, Diagnostics> {
    let files = sources.under(Folder::Templates, &TEMPLATE_EXTS)?;
    let stamp = || fingerprint(&files.iter().map(|(rel, input)| (rel, input.fingerprint)).collect::<Vec<_>>());
    memo.templates.get_or_make((), stamp, now, |_| Templates::load(&files).map(Arc::new)).0
}

/// Renders the whole site into `sink`, or returns every error found (the sink may then have some of the
/// files: a build discards them).
fn render(site: &Site, sources: &Sources, memo: &Memo, sink: &dyn Sink) -> Result<render::Stats, Diagnostics> {
    let templates = templates(sources, memo, &Now { sources, site: Some(site), plan: None })?;
    let plan = Plan::new(site, &templates)?;
    let now = Now { sources, site: Some(site), plan: Some(&plan) };
    let outputs = plan.outputs();
    let written = (0..outputs.len()).map(|_| AtomicBool::new(false)).collect();
    let out = Out { sink, outputs, written, in_folders: Mutex::default() };
    let stage = Stage { site, plan: &plan, memo, now: &now, out: &out };
    let summaries = stage.reports()?;
    stage.rest(&summaries)?;
    Ok(plan.stats(&summaries, out.count()))
}

/// Where a run's files go: into the sink, each once, and only those the registry of output paths holds.
struct Out<'a> {
    sink: &'a dyn Sink,
    outputs: &'a Outputs,
    /// Per file of `outputs`, by its number: whether it was written.
    written: Vec<AtomicBool>,
    /// The files written into the registered folders (see [`Outputs::register_folder`]).
    in_folders: Mutex<HashSet<String>>,
}

impl Out<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.claim(&file.path)?;
        self.sink.put(file)
    }

    fn put_pieces(&self, path: &str, pieces: &[&[u8]]) -> Result<(), Diagnostic> {
        self.claim(path)?;
        self.sink.put_pieces(path, pieces)
    }

    fn put_later(&self, path: String, later: Arc<Later>) -> Result<(), Diagnostic> {
        self.claim(&path)?;
        self.sink.put_later(path, later)
    }

    /// Keeps the last build's file at `path` when `same` says it was made from this run's inputs.
    fn keep_previous(&self, path: &str, same: &dyn Fn(&[u8]) -> bool) -> Result<bool, Diagnostic> {
        let kept = self.sink.keep_previous(path, same);
        if kept {
            self.claim(path)?;
        }
        Ok(kept)
    }

    /// Marks `path` as written: it must be registered, and not written before.
    fn claim(&self, path: &str) -> Result<(), Diagnostic> {
        let problem = match self.outputs.number(path) {
            None if self.outputs.in_folder(path) => {
                let mut written = self.in_folders.lock().unwrap_or_else(PoisonError::into_inner);
                if written.insert(path.to_owned()) {
                    return Ok(());
                }
                "it was written already"
            }
            None => "no source registered it",
            Some(n) if self.written[n].swap(true, Ordering::Relaxed) => "it was written already",
            Some(_) => return Ok(()),
        };
        Err(Diagnostic::error(path, format!("spendsite would write {path}, but {problem}"))
            .with_hint("this is a bug in spendsite; please report it"))
    }

    /// How many files were written.
    fn count(&self) -> usize {
        self.written.iter().filter(|w| w.load(Ordering::Relaxed)).count()
            + self.in_folders.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

/// What the stages of one render need besides their own inputs.
struct Stage<'a> {
    site: &'a Site,
    plan: &'a Plan<'a>,
    memo: &'a Memo,
    now: &'a Now<'a>,
    out: &'a Out<'a>,
}

impl Stage<'_> {
    /// Prepares every report and renders its page; the summaries in the plan's order, or every error.
    fn reports(&self) -> Result<Vec<Summary>, Diagnostics> {
        let results = (0..self.plan.order().len()).into_par_iter().map(|i| self.report(i)).collect();
        self.plan.summaries(results)
    }

    /// One report: prepared, its links checked, its share image and page made.
    fn report(&self, i: usize) -> Result<Summary, Unprepared> {
        let report = self.plan.order()[i];
        let (prepared, version) = self.prepared(report);
        let prepared = prepared?;
        let links = self.plan.report_links(i, &prepared);
        if !links.is_empty() {
            return Err(Unprepared { errors: links, ..Unprepared::default() });
        }
        let page = self
            .share_image(report, &prepared, version)
            .and_then(|share| self.report_page(i, &prepared, version, share))
            .and_then(|()| self.chart_files(report, &prepared));
        page.map_err(|d| Unprepared { errors: d.into(), ..Unprepared::default() })?;
        Ok(Summary::of(&prepared))
    }

    /// `report` prepared, with a version of the two, which is the same while both are (the page and the
    /// share card read both).
    fn prepared(&self, report: &Report) -> (Result<Arc<PreparedReport>, Unprepared>, u64) {
        let charts = &self.memo.charts;
        let (prepared, version) = self.memo.prepared.get_or_make(
            report.path.clone(),
            || report.fingerprint,
            self.now,
            |reads| render::prepare(&self.site.reader(Arc::clone(reads)), report, charts).map(Arc::new),
        );
        (prepared, fingerprint(&(report.fingerprint, version)))
    }

    /// Puts the share image of `report` (prepared as `prepared`, whose version is `version`) into the
    /// sink: the one drawn for an equal card, else the last build's file when that is of an equal card,
    /// else drawn now. Returns what its page says about it; `None` when the site has no share images.
    fn share_image(
        &self,
        report: &Report,
        prepared: &PreparedReport,
        version: u64,
    ) -> Result<Option<ShareView>, Diagnostic> {
        if !self.site.config().share_images {
            return Ok(None);
        }
        let path = report.share_image_path();
        let made: OnceCell<ShareCard> = OnceCell::new();
        let card = |reads: &Arc<_>| render::share_card(&self.site.reader(Arc::clone(reads)), report, prepared);
        let ((view, key), _) = self.memo.share_cards.get_or_make(
            path.clone(),
            || version,
            self.now,
            |reads| {
                let (card, view) = card(reads);
                let key = card.key();
                let _ = made.set(card);
                (view, key)
            },
        );
        if !self.out.sink.wants(&path)
            || self.out.keep_previous(&path, &|head| crate::share::key_of(head) == Some(key))?
        {
            return Ok(Some(view));
        }
        let draw = |reads: &Arc<Reads>| {
            let card = made.into_inner().unwrap_or_else(|| card(reads).0);
            move |painter: &Painter| card.png(painter)
        };
        let what = format!("the share image {path}");
        self.image(&self.memo.share_images, &report.path, (path, key), &what, draw)?;
        Ok(Some(view))
    }

    /// Puts the image at `path` (of the writer's file `source`), which `draw` draws, into the sink: the
    /// one `cache` holds when it was drawn from what has `key`, else drawn now (or, for a sink that takes
    /// files made when first read, when it is asked for). The caller has kept the last build's file when
    /// that was drawn from the same.
    fn image<D>(
        &self,
        cache: &Cache<String, Result<File, Diagnostic>>,
        source: &Path,
        (path, key): (String, u64),
        what: &str,
        draw: impl FnOnce(&Arc<Reads>) -> D,
    ) -> Result<(), Diagnostic>
    where
        D: Fn(&Painter) -> Result<Vec<u8>, String> + Send + Sync + 'static,
    {
        let later = self.out.sink.takes_later();
        let (file, _) = cache.get_or_make(path.clone(), || key, self.now, |reads| {
            let draw = draw(reads);
            if later {
                let painter = Arc::clone(&self.memo.painter);
                return Ok(File::Later(Arc::new(Later::new(move || draw(&painter)))));
            }
            draw(&self.memo.painter).map(|bytes| File::Made(Arc::from(bytes))).map_err(|e| {
                Diagnostic::error(source, format!("cannot draw {what}: {e}")).with_hint(
                    "this is a bug in spendsite; `share_images: false` in site.yaml builds the site without share images",
                )
            })
        });
        match file? {
            File::Made(bytes) => self.out.put(OutputFile { path, bytes }),
            File::Later(later) => self.out.put_later(path, later),
        }
    }

    /// Puts the files of each chart of `report` (prepared as `prepared`) into the sink: its page of its
    /// own, its oEmbed description, its SVG and, when the site has share images, its PNG.
    fn chart_files(&self, report: &Report, prepared: &PreparedReport) -> Result<(), Diagnostic> {
        for embed in prepared.embeds.iter() {
            self.page(self.plan.embed_page(report, prepared, embed))?;
            self.out.put(OutputFile::new(embed.path(report, "json"), self.plan.embed_json(report, embed)))?;
            self.out.put(OutputFile { path: embed.path(report, "svg"), bytes: Arc::clone(&embed.svg) })?;
            if !self.site.config().share_images {
                continue;
            }
            let path = embed.path(report, "png");
            let key = crate::share::chart_key(&embed.chart.wide);
            if !self.out.sink.wants(&path)
                || self.out.keep_previous(&path, &|head| crate::share::key_of(head) == Some(key))?
            {
                continue;
            }
            let chart = Arc::clone(&embed.chart);
            let draw = |_: &Arc<Reads>| move |painter: &Painter| crate::share::chart_png(&chart.wide, painter);
            let what = format!("the chart image {path}");
            self.image(&self.memo.chart_images, &report.path, (path, key), &what, draw)?;
        }
        Ok(())
    }

    /// Renders the page of the report at `i` of the plan's order (prepared as `prepared`, whose version is
    /// `version`) into the sink, unless the memo has it made from the same.
    fn report_page(
        &self,
        i: usize,
        prepared: &PreparedReport,
        version: u64,
        share: Option<ShareView>,
    ) -> Result<(), Diagnostic> {
        let path = self.plan.order()[i].output_path();
        let stamp = || fingerprint(&(version, &share));
        let (bytes, _) = self.memo.pages.get_or_make(path.clone(), stamp, self.now, |reads| {
            self.plan.report_page(reads, i, prepared, share.clone()).render().map(Arc::from)
        });
        self.out.put(OutputFile { path, bytes: bytes? })
    }

    /// Renders `page` into the sink, unless the memo has a page of the same key.
    fn page(&self, page: Page) -> Result<(), Diagnostic> {
        let path = page.path.clone();
        let (bytes, _) =
            self.memo.pages.get_or_make(path.clone(), || page.key(), self.now, |_| page.render().map(Arc::from));
        self.out.put(OutputFile { path, bytes: bytes? })
    }

    /// Everything after the reports: dataset pages and their downloads, the lists, search, the feed, the
    /// sitemap and the figures manifest.
    fn rest(&self, summaries: &[Summary]) -> Result<(), Diagnostics> {
        let mut diags = self.plan.dataset_links();
        let users = self.plan.users(summaries);
        let ids: Vec<&str> = self.site.datasets().keys().map(String::as_str).collect();
        let dataset_results: Vec<Result<Arc<DatasetPage>, Diagnostic>> =
            ids.par_iter().map(|id| self.dataset_page(id, users.get(id).map_or(&[], Vec::as_slice))).collect();
        let list_results: Vec<Result<(), Diagnostic>> =
            self.plan.list_pages(summaries, &users).into_par_iter().map(|page| self.page(page)).collect();
        let mut datasets = Vec::with_capacity(dataset_results.len());
        for result in dataset_results {
            match result {
                Ok(page) => datasets.push(page),
                Err(e) => diags.push(e),
            }
        }
        diags.extend(list_results.into_iter().filter_map(Result::err));
        if diags.has_errors() {
            diags.sort();
            return Err(diags);
        }
        self.files(summaries, &datasets).map_err(Diagnostics::from)
    }

    /// The page of dataset `id`, which the reports at positions `users` of the plan's order use, and its
    /// downloads. Returns what they were made of (the same for as long as the dataset is).
    fn dataset_page(&self, id: &str, users: &[usize]) -> Result<Arc<DatasetPage>, Diagnostic> {
        let dataset = &self.site.datasets()[id];
        let charts = &self.memo.charts;
        let (parts, _) = self.memo.dataset_pages.get_or_make(
            id.to_owned(),
            || dataset.fingerprint,
            self.now,
            |reads| render::dataset_content(&self.site.reader(Arc::clone(reads)), dataset, charts).map(Arc::new),
        );
        let parts = parts?;
        self.page(self.plan.dataset_page(id, &parts, users))?;
        parts.downloads.iter().try_for_each(|file| self.out.put(file.clone()))?;
        Ok(parts)
    }

    /// The search page, the files that are not pages, and the figures manifest when the run writes one
    /// (`datasets`: every dataset's page parts, in id order).
    fn files(&self, summaries: &[Summary], datasets: &[Arc<DatasetPage>]) -> Result<(), Diagnostic> {
        self.page(self.plan.search_page())?;
        self.plan.static_files(summaries).into_iter().try_for_each(|file| self.out.put(file))?;
        if self.site.writes_manifest() {
            self.out.put_pieces(crate::manifest::FILE, &self.plan.manifest(summaries, datasets))?;
        }
        Ok(())
    }
}
