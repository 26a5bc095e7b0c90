//! The pipeline as the commands run it: `check` stops before writing, `build` writes atomically.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::Options;
use crate::diag::Diagnostics;
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
            diags.extend(more);
            diags.sort();
            Err(diags)
        }
    }
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
