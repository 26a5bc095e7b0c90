//! The immutable model of one site: its configuration, datasets and reports, loaded and checked.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::{Config, Options};
use crate::content::{self, Report};
use crate::dataset::{self, Dataset};
use crate::diag::Diagnostics;

/// Everything the later stages read. Nothing in it changes after [`Site::load`].
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// By id.
    pub datasets: Arc<BTreeMap<String, Dataset>>,
    /// Sorted by slug; drafts only when the run asked for them.
    pub reports: Vec<Report>,
}

impl Site {
    /// Loads the project at `options.root`. Returns the site and its warnings, or every error found in
    /// `site.yaml`, `data/` and `content/` together.
    pub fn load(options: &Options) -> Result<(Site, Diagnostics), Diagnostics> {
        let mut diags = Diagnostics::new();
        let config = Config::load(options).map_err(|d| diags.push(d)).ok();
        let (datasets, data_diags) = dataset::load_dir(&options.root);
        let (reports, content_diags) = content::load_dir(&options.root);
        diags.extend(data_diags);
        diags.extend(content_diags);
        diags.sort();
        match config {
            Some(config) if !diags.has_errors() => {
                let reports = reports.into_iter().filter(|r| config.drafts || !r.draft).collect();
                let datasets = datasets.into_iter().map(|d| (d.id.clone(), d)).collect();
                Ok((Site { config, datasets: Arc::new(datasets), reports }, diags))
            }
            _ => Err(diags),
        }
    }
}
