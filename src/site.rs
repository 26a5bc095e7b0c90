//! The immutable model of one site: its configuration, datasets and reports, loaded and checked, with
//! the run's own inputs (the figures to mark as revised, whether the figures manifest is written).
//!
//! A stage whose result is kept between runs reads the site through a [`Reader`], which records every
//! input it hands out (see `track`): what such a stage read is known without anyone listing it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::content::{self, Report};
use crate::dataset::{self, Dataset};
use crate::diag::Diagnostics;
use crate::fs::fingerprint;
use crate::lang::Lang;
use crate::manifest::{Revision, Revisions};
use crate::track::{Read, Reads, Setting};

/// Every dataset of a site by id.
pub(crate) type Datasets = BTreeMap<String, Arc<Dataset>>;

/// What one run asks for besides the project's files.
#[derive(Debug, Clone, Default)]
pub(crate) struct RunInputs {
    /// The figures to mark as revised where they stand (`build --since`), by report slug and figure id.
    pub revisions: Arc<Revisions>,
    /// Whether the run writes the figures manifest (`serve` makes it only on request).
    pub manifest: bool,
}

/// Everything the later stages read. Nothing in it changes once it is made.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    model: Model,
    /// Sorted by slug; drafts only when the run asked for them.
    pub reports: Vec<Arc<Report>>,
    /// The slugs of the reports whose files had errors: links to them are not errors of their own.
    pub broken_reports: Arc<Vec<String>>,
    /// The reports (positions in `reports`) that are one story in several languages, by translation key.
    pub translations: Arc<BTreeMap<String, Vec<usize>>>,
}

/// What a [`Reader`] reads from, shared by the site and its readers.
#[derive(Debug, Clone)]
struct Model {
    config: Arc<Config>,
    datasets: Arc<Datasets>,
    /// The dataset files that had errors, by id: missing from `datasets`, and named as such when used.
    broken_datasets: Arc<BTreeMap<String, PathBuf>>,
    run: RunInputs,
    /// Of the ids of `datasets`.
    dataset_ids: u64,
}

impl Site {
    /// The site of `config`, with the datasets and reports that loaded (`data`, `content`); returns it
    /// with the problems of the reports taken together (two reports with one translation key in one
    /// language). A report marked as a draft is left out unless the run asked for drafts.
    pub(crate) fn new(
        config: Config,
        data: dataset::Loaded,
        content: content::Loaded,
        run: RunInputs,
    ) -> (Site, Diagnostics) {
        let reports: Vec<Arc<Report>> = content.reports.into_iter().filter(|r| config.drafts || !r.draft).collect();
        let (translations, diags) = content::translations(&reports, config.language);
        let datasets: Datasets = data.datasets.into_iter().map(|d| (d.id.clone(), d)).collect();
        let dataset_ids = fingerprint(&datasets.keys().collect::<Vec<_>>());
        let model = Model {
            config: Arc::new(config),
            datasets: Arc::new(datasets),
            broken_datasets: Arc::new(data.broken),
            run,
            dataset_ids,
        };
        let site =
            Site { model, reports, broken_reports: Arc::new(content.broken), translations: Arc::new(translations) };
        (site, diags)
    }

    /// The site of the project at `root`, as a build reads it; panics on errors (for unit tests).
    #[cfg(test)]
    pub(crate) fn of_folder(root: &std::path::Path) -> Site {
        use crate::fs::Sources;
        let sources = Sources::scan(root);
        let options = crate::config::Options { root: root.to_owned(), ..Default::default() };
        let text = sources.get(std::path::Path::new(crate::layout::SITE_FILE)).map(|i| i.text.clone());
        let config = Config::load(&options, text).expect("a valid site.yaml");
        let files = content::files(&sources).expect("a readable content folder");
        let reports = files.iter().map(|(rel, input)| (*rel, content::load_file(rel, input))).collect();
        let (site, diags) = Site::new(config, dataset::load_dir(root), content::collect(reports), RunInputs::default());
        assert!(!diags.has_errors(), "{}", diags.render(false));
        site
    }

    pub(crate) fn config(&self) -> &Config {
        &self.model.config
    }

    /// Every dataset that loaded, by id.
    pub(crate) fn datasets(&self) -> &Datasets {
        &self.model.datasets
    }

    /// The dataset files that had errors, by id.
    pub(crate) fn broken_datasets(&self) -> &BTreeMap<String, PathBuf> {
        &self.model.broken_datasets
    }

    /// Whether the run writes the figures manifest.
    pub(crate) fn writes_manifest(&self) -> bool {
        self.model.run.manifest
    }

    /// A reader of the site that records what it hands out in `reads`.
    pub(crate) fn reader(&self, reads: Arc<Reads>) -> Reader {
        Reader { model: self.model.clone(), reads }
    }

    /// What `read` gives now, as a reader would record it; `None` for an input the site does not hold
    /// (an input file).
    pub(crate) fn fingerprint(&self, read: &Read) -> Option<u64> {
        self.model.fingerprint(read)
    }
}

impl Model {
    fn fingerprint(&self, read: &Read) -> Option<u64> {
        Some(match read {
            Read::Dataset(id) => fingerprint(&self.dataset(id)),
            Read::DatasetTitle(id) => fingerprint(&self.datasets.get(id).map(|d| &d.title)),
            Read::DatasetIds => self.dataset_ids,
            Read::Setting(setting) => self.setting(*setting),
            Read::Revisions(slug) => fingerprint(&self.run.revisions.get(slug)),
            Read::File(_) | Read::Tables(_) | Read::Neighbours(_) | Read::Story(_) | Read::Layout => return None,
        })
    }

    fn dataset(&self, id: &str) -> Lookup<'_> {
        match self.datasets.get(id) {
            Some(dataset) => Lookup::Found(dataset),
            None if self.broken_datasets.contains_key(id) => Lookup::Broken,
            None => Lookup::Missing,
        }
    }

    fn setting(&self, setting: Setting) -> u64 {
        let config = &self.config;
        match setting {
            Setting::Title => fingerprint(&config.title),
            Setting::BaseUrl => fingerprint(&config.base_url),
            Setting::Language => fingerprint(&config.language),
            Setting::RecordFailingClaims => fingerprint(&config.record_failing_claims),
            Setting::Manifest => fingerprint(&self.run.manifest),
            Setting::ShareImages => fingerprint(&config.share_images),
        }
    }
}

/// A dataset as a [`Reader`] finds it by id.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Lookup<'a> {
    Found(&'a Dataset),
    /// Its file has errors.
    Broken,
    /// No dataset has the id.
    Missing,
}

/// Hashed as what a reader of it learns: a found dataset by its fingerprint.
impl std::hash::Hash for Lookup<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            Lookup::Found(dataset) => (0u8, dataset.fingerprint, &dataset.id).hash(state),
            Lookup::Broken => 1u8.hash(state),
            Lookup::Missing => 2u8.hash(state),
        }
    }
}

/// The site as one computation reads it: every input it hands out is recorded. Cheap to clone; clones
/// record into the same reads.
#[derive(Debug, Clone)]
pub(crate) struct Reader {
    model: Model,
    reads: Arc<Reads>,
}

impl Reader {
    fn record(&self, read: Read) {
        let fingerprint = self.model.fingerprint(&read).unwrap_or_default();
        self.reads.record(read, fingerprint);
    }

    /// The dataset `id`, or why there is none.
    pub(crate) fn dataset(&self, id: &str) -> Lookup<'_> {
        self.record(Read::Dataset(id.to_owned()));
        self.model.dataset(id)
    }

    /// The ids of every dataset, in order.
    pub(crate) fn dataset_ids(&self) -> impl Iterator<Item = &str> {
        self.record(Read::DatasetIds);
        self.model.datasets.keys().map(String::as_str)
    }

    pub(crate) fn title(&self) -> &str {
        self.record(Read::Setting(Setting::Title));
        &self.model.config.title
    }

    pub(crate) fn base_url(&self) -> &str {
        self.record(Read::Setting(Setting::BaseUrl));
        &self.model.config.base_url
    }

    /// The site's language.
    pub(crate) fn language(&self) -> Lang {
        self.record(Read::Setting(Setting::Language));
        self.model.config.language
    }

    /// The language of `report`: its own, else the site's.
    pub(crate) fn language_of(&self, report: &Report) -> Lang {
        report.lang.unwrap_or_else(|| self.language())
    }

    /// Whether the site draws PNGs: a share image per report and one per chart.
    pub(crate) fn share_images(&self) -> bool {
        self.record(Read::Setting(Setting::ShareImages));
        self.model.config.share_images
    }

    pub(crate) fn record_failing_claims(&self) -> bool {
        self.record(Read::Setting(Setting::RecordFailingClaims));
        self.model.config.record_failing_claims
    }

    /// Whether the run writes the figures manifest.
    pub(crate) fn writes_manifest(&self) -> bool {
        self.record(Read::Setting(Setting::Manifest));
        self.model.run.manifest
    }

    /// The figures of the report `slug` to mark as revised, by figure id.
    pub(crate) fn revisions(&self, slug: &str) -> BTreeMap<String, Revision> {
        self.record(Read::Revisions(slug.to_owned()));
        self.model.run.revisions.get(slug).cloned().unwrap_or_default()
    }
}
