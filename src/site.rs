//! The immutable model of one site: its configuration, datasets and reports, loaded and checked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Config, Options, SITE_FILE};
use crate::content::{self, Report};
use crate::dataset::{self, Dataset};
use crate::diag::Diagnostics;
use crate::fs::Sources;
use crate::memo::Memo;

/// Everything the later stages read. Nothing in it changes after [`Site::load`].
#[derive(Debug, Clone)]
pub(crate) struct Site {
    pub config: Config,
    /// By id.
    pub datasets: Arc<BTreeMap<String, Arc<Dataset>>>,
    /// The dataset files that had errors, by id: missing from `datasets`, and named as such when used.
    pub broken_datasets: Arc<BTreeMap<String, PathBuf>>,
    /// Sorted by slug; drafts only when the run asked for them.
    pub reports: Vec<Arc<Report>>,
    /// The slugs of the reports whose files had errors: links to them are not errors of their own.
    pub broken_reports: Arc<Vec<String>>,
    /// The reports (positions in `reports`) that are one story in several languages, by translation key.
    pub translations: Arc<BTreeMap<String, Vec<usize>>>,
}

impl Site {
    /// Loads the project at `options.root`: the site with every diagnostic found in `site.yaml`, `data/`
    /// and `content/` (warnings and errors). The site then holds what did load, so that a run can still
    /// check the rest of it; only a broken `site.yaml` stops it here.
    /// The files come from `sources`; what is unchanged since the memo's last run is not parsed again.
    pub(crate) fn load(options: &Options, sources: &Sources, memo: &Memo) -> Result<(Site, Diagnostics), Diagnostics> {
        let mut diags = Diagnostics::new();
        let config = Config::load(options, sources.get(Path::new(SITE_FILE)).map(|i| i.text.clone()))
            .map_err(|d| diags.push(d))
            .ok();
        let data = dataset::load(sources, memo);
        let content = content::load(sources, memo);
        let reports = content.reports;
        diags.extend(data.diags);
        diags.extend(content.diags);
        diags.extend(sources.skipped().cloned());
        diags.sort();
        let Some(config) = config else { return Err(diags) };
        let reports: Vec<Arc<Report>> = reports.into_iter().filter(|r| config.drafts || !r.draft).collect();
        let (translations, translation_diags) = content::translations(&reports, config.language);
        diags.extend(translation_diags);
        diags.sort();
        let datasets = data.datasets.into_iter().map(|d| (d.id.clone(), d)).collect();
        let site = Site {
            config,
            datasets: Arc::new(datasets),
            broken_datasets: Arc::new(data.broken),
            reports,
            broken_reports: Arc::new(content.broken),
            translations: Arc::new(translations),
        };
        Ok((site, diags))
    }
}
