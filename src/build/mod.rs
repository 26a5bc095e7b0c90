//! The pipeline as the commands run it: `check` stops before writing, `build` writes atomically, and
//! `serve` reruns it with a memo and files kept in memory.
//!
//! This is the top of the pipeline: `pipeline` calls the stages in order, and `memo`, the cache that
//! wraps them, keeps what a [`Session`] reuses from one run to the next. No stage knows of either.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod memo;
mod pipeline;

pub use memo::Recomputed;

use crate::config::Options;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs::Sources;
use crate::manifest::{self, Manifest, Revisions};
use crate::output::{Collect, Discard, Only, Staging};
pub use crate::output::{File, Later};
use crate::render::Stats;
use crate::site::RunInputs;
use crate::{diff, git};
use memo::Memo;
pub(crate) use pipeline::run;

/// What a successful run made and how long it took, with its warnings.
#[derive(Debug)]
pub struct Outcome {
    pub stats: Stats,
    pub warnings: Diagnostics,
    /// Where `build` writes (or would write) the site.
    pub out: PathBuf,
    /// Where the site lives (`base_url`, or `--base-url`).
    pub base_url: String,
    pub elapsed: Duration,
}

/// Loads, checks and renders the site without writing anything.
pub fn check(options: &Options) -> Result<Outcome, Diagnostics> {
    check_revised(options, &Revisions::new())
}

/// [`check`], with `revisions` marked where they stand (`check --since`).
pub fn check_revised(options: &Options, revisions: &Revisions) -> Result<Outcome, Diagnostics> {
    run(options, &whole_run(revisions), &Sources::scan(&options.root), &Memo::none(), &Discard)
}

/// [`check`] over the project made of `sources` (for the fuzz targets, which have no folder).
pub(crate) fn check_sources(options: &Options, sources: &Sources) -> Result<Outcome, Diagnostics> {
    run(options, &whole_run(&Revisions::new()), sources, &Memo::none(), &Discard)
}

/// [`check`], writing the files into a new folder as they are rendered; the folder replaces the output
/// folder only when everything succeeded.
pub fn build(options: &Options) -> Result<Outcome, Diagnostics> {
    build_revised(options, &Revisions::new())
}

/// [`build`], with `revisions` marked where they stand (`build --since`).
pub fn build_revised(options: &Options, revisions: &Revisions) -> Result<Outcome, Diagnostics> {
    let start = Instant::now();
    let staging = Staging::new(&options.out_dir())?;
    let mut outcome = run(options, &whole_run(revisions), &Sources::scan(&options.root), &Memo::none(), &staging)?;
    staging.finish()?;
    outcome.elapsed = start.elapsed();
    Ok(outcome)
}

/// What a run that writes the whole site is given besides the files: `revisions`, and that it writes
/// the figures manifest.
fn whole_run(revisions: &Revisions) -> RunInputs {
    RunInputs { revisions: Arc::new(revisions.clone()), manifest: true }
}

/// The figures manifest of the project, built in memory: nothing is written. A claim the data does not
/// give is recorded in it when the options say so.
pub fn manifest(options: &Options) -> Result<Manifest, Diagnostics> {
    let bytes = figures_file(options)?;
    let text = String::from_utf8_lossy(&bytes);
    Manifest::parse(&text).map_err(|e| Diagnostic::error(&options.root, e).into())
}

/// The figures manifest of the project's sources at git revision `rev`, built in memory, with the
/// claims the data does not give recorded rather than failing.
pub fn manifest_at(options: &Options, rev: &str) -> Result<Manifest, Diagnostics> {
    let snapshot = git::snapshot(&options.root, rev)?;
    let at_rev = Options { root: snapshot.root.clone(), out: None, record_failing_claims: true, ..options.clone() };
    manifest(&at_rev).map_err(|mut d| {
        d.push(Diagnostic::note(&options.root, format!("these are the errors of the sources at `{rev}`")));
        d
    })
}

/// `figures.json` of the project as a clean build writes it, built in memory.
fn figures_file(options: &Options) -> Result<Arc<[u8]>, Diagnostics> {
    let (_, mut files) = files(options, &[manifest::FILE])?;
    Ok(files.remove(manifest::FILE).unwrap_or_default())
}

/// The files at `paths` (those the build makes) of the project as a clean build writes them, built in
/// memory: the build checks the whole site, and keeps only these.
pub fn files(options: &Options, paths: &[&str]) -> Result<(Outcome, Kept), Diagnostics> {
    let sink = Only::new(paths);
    let outcome = run(options, &whole_run(&Revisions::new()), &Sources::scan(&options.root), &Memo::none(), &sink)?;
    Ok((outcome, sink.into_files()))
}

/// `check --since REV` and `build --since REV`: fails when a published report's figures changed (or
/// went) since revision `rev` and no entry of its `updates:` dated on or after the revision's date says
/// so. Drafts are exempt. Returns the changed figures that updates explain, for the build to mark.
pub fn check_since(options: &Options, rev: &str) -> Result<Revisions, Diagnostics> {
    let date = git::date(&options.root, rev)?;
    let old = manifest_at(options, rev)?;
    let new = manifest(options)?;
    let changes = diff::compare(&old, &new);
    let mut diags = Diagnostics::new();
    for (source, figures, (line, col)) in diff::unexplained(&changes, &new, &date) {
        let text = std::fs::read_to_string(options.root.join(source)).unwrap_or_default();
        let n = figures.len();
        let message = format!(
            "{n} published figure{} changed since {rev} ({date}) with no update: {}",
            if n == 1 { "" } else { "s" },
            figures.join("; ")
        );
        diags.push(Diagnostic::error(source, message).at_in(&text, line, col).with_hint(format!(
            "say what changed in the front matter: `updates: [{{ date: {date}, note: \"…\" }}]` (dated on or after {date})"
        )));
    }
    if diags.is_empty() {
        Ok(diff::revisions(&changes, &new, &date))
    } else {
        Err(diags)
    }
}

/// A project rebuilt again and again (as `serve` does): it keeps the files it read and what it made of
/// them, and a rebuild rereads only the paths that changed and redoes only what depends on them. Its
/// files are always those a clean build of the same inputs makes.
pub struct Session {
    options: Options,
    sources: Sources,
    memo: Memo,
}

/// Every file of a built site, by path.
pub type Files = BTreeMap<String, File>;

/// Some files of a built site, made, by path ([`files`]).
pub type Kept = BTreeMap<String, Arc<[u8]>>;

impl Session {
    pub fn new(options: Options) -> Session {
        Session { options, sources: Sources::default(), memo: Memo::keeping() }
    }

    /// `figures.json`, which a rebuild leaves out (it lists every figure of the site, so it would be
    /// made again after every edit): made on request by a clean build of the project in memory.
    pub fn figures(&self) -> Result<Arc<[u8]>, Diagnostics> {
        figures_file(&self.options)
    }

    /// Rebuilds into memory. `changed` lists the paths (relative to the root) that changed since the
    /// last rebuild, files or folders, created, edited, renamed (both names) or deleted; `None` reads the
    /// whole project again (the first rebuild always does).
    pub fn rebuild(&mut self, changed: Option<&[PathBuf]>) -> Result<(Outcome, Files), Diagnostics> {
        match changed {
            Some(paths) if self.memo.runs() > 0 => self.sources.refresh(paths),
            _ => self.sources = Sources::scan(&self.options.root),
        }
        self.memo.next_run();
        let sink = Collect::default();
        let outcome = run(&self.options, &RunInputs::default(), &self.sources, &self.memo, &sink)?;
        Ok((outcome, sink.into_files()))
    }

    /// What the last rebuild made anew rather than reused from the one before.
    pub fn recomputed(&self) -> Recomputed {
        self.memo.recomputed()
    }
}

impl Stats {
    /// `4 reports, 3 datasets, 7 charts, 6 claims checked`.
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {}, {}, {} checked",
            plural(self.reports, "report"),
            plural(self.datasets, "dataset"),
            plural(self.charts, "chart"),
            plural(self.claims, "claim")
        )
    }
}
