//! The pipeline as the commands run it: `check` stops before writing, `build` writes atomically.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::Options;
use crate::dataset::DATA_DIR;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{self, OutputFile};
use crate::render::{self, Stats};
use crate::site::Site;

/// What a successful run made and how long it took, with its warnings.
#[derive(Debug)]
pub struct Outcome {
    pub stats: Stats,
    pub files: Vec<OutputFile>,
    pub warnings: Diagnostics,
    /// Where `build` writes (or would write) the site.
    pub out: PathBuf,
    pub elapsed: Duration,
}

/// Loads, checks and renders the site without writing anything. Reports are checked even when some
/// datasets or reports failed to load, so that one run lists every error it can find.
pub fn check(options: &Options) -> Result<Outcome, Diagnostics> {
    let start = Instant::now();
    let (site, mut diags) = Site::load(options)?;
    let rendered = render::render_site(&site);
    match rendered {
        Ok((files, stats)) if !diags.has_errors() => {
            Ok(Outcome { stats, files, warnings: diags, out: site.config.out, elapsed: start.elapsed() })
        }
        Ok(_) => Err(diags),
        Err(more) => {
            diags.extend(blame_broken_datasets(more, &Site::broken_datasets(&diags)));
            diags.sort();
            Err(diags)
        }
    }
}

/// A report that uses a dataset whose file has errors says so once, at its first use, instead of calling
/// the dataset unknown at every use; a link to that dataset's page is not an error of its own.
fn blame_broken_datasets(diags: Diagnostics, broken: &BTreeSet<String>) -> Diagnostics {
    let uses =
        |d: &Diagnostic| broken.iter().find(|id| d.message.starts_with(&format!("unknown dataset `{id}`"))).cloned();
    let mut counts: BTreeMap<(PathBuf, String), usize> = BTreeMap::new();
    for d in diags.iter() {
        if let Some(id) = uses(d) {
            *counts.entry((d.path.clone(), id)).or_default() += 1;
        }
    }
    let mut kept = Diagnostics::new();
    for mut d in diags {
        let link_to_broken = d.message.contains("points at no page")
            && broken.iter().any(|id| d.message.contains(&format!("datasets/{id}.")));
        match uses(&d) {
            _ if link_to_broken => {}
            Some(id) => {
                let Some(n) = counts.remove(&(d.path.clone(), id.clone())) else { continue };
                let times = if n > 1 { format!(" (used {n} times in this file)") } else { String::new() };
                d.message = format!("dataset `{id}` could not be loaded{times}");
                d.hint = Some(format!("fix the errors in {DATA_DIR}/{id}.yaml listed here"));
                kept.push(d);
            }
            None => kept.push(d),
        }
    }
    kept
}

/// [`check`], then writes the site into its output folder, replacing the old one only on success.
pub fn build(options: &Options) -> Result<Outcome, Diagnostics> {
    let start = Instant::now();
    let mut outcome = check(options)?;
    output::write_site(&outcome.out, &outcome.files)?;
    outcome.elapsed = start.elapsed();
    Ok(outcome)
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
