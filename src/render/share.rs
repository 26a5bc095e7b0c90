//! A report's share image (drawn by `share`) and what its page's head says about it.
//!
//! The card shows the report's title, its headline figure and its first chart, or, when it has no chart,
//! a sparkline of the series the headline reads. Drawing one costs far more than rendering a page (5 to
//! 10 ms), so an image is drawn once per content: `serve`'s memo keeps it while the report's prepared
//! form is the same, a build keeps the file of the site it replaces when that was drawn from the same
//! card (the PNG carries its card's key), and a run that writes nothing (`check`, `diff`) draws none.

use std::sync::Arc;

use serde::Serialize;

use super::{PreparedReport, Renderer};
use crate::content::Report;
use crate::diag::Diagnostic;
use crate::figures::format::Lang;
use crate::figures::Figure;
use crate::fs::fingerprint;
use crate::memo::ShareEntry;
use crate::output::OutputFile;
use crate::share::{self, ShareCard};

/// What a report page's head says about its share image.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct ShareView {
    /// Absolute, from `base_url`: platforms fetch it from anywhere, with no page to be relative to.
    pub image: String,
    /// What the image shows, in the report's language.
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

impl Renderer<'_> {
    /// Puts the share image of `report` into the sink; returns what its page says about it (`None`
    /// when the site has no share images).
    pub(super) fn share_image(
        &self,
        report: &Report,
        prepared: &Arc<PreparedReport>,
    ) -> Result<Option<ShareView>, Diagnostic> {
        let config = &self.site.config;
        if !config.share_images {
            return Ok(None);
        }
        let path = report.share_image_path();
        let site = fingerprint(&(&config.title, &config.base_url));
        let cache = &self.memo.share_images;
        // The same prepared report on the same site: the same card, without making it again.
        if let Some(entry) = cache.get(&path, |e| Arc::ptr_eq(&e.prepared, prepared) && e.site == site) {
            self.put(OutputFile { path, bytes: entry.bytes })?;
            return Ok(Some(entry.view));
        }
        let (card, shows) = self.share_card(report, prepared);
        let view = ShareView {
            image: format!("{}{path}", config.base_url),
            alt: alt(prepared.lang, &card, shows.as_deref()),
            width: share::WIDTH,
            height: share::HEIGHT,
        };
        if self.sink.wants(&path) {
            let key = card.key();
            if let Some(bytes) = self.share_bytes(report, &path, &card, key)? {
                let prepared = Arc::clone(prepared);
                let (view, bytes) = (view.clone(), Arc::clone(&bytes));
                cache.put(path.clone(), ShareEntry { prepared, site, key, view, bytes });
            }
        }
        Ok(Some(view))
    }

    /// Puts the PNG of `card` at `path`: the memo's when it holds one of this card (the report's text
    /// changed, not its card), else the last build's file when that is of this card (the sink keeps it,
    /// and `None` is returned), else drawn now.
    fn share_bytes(
        &self,
        report: &Report,
        path: &str,
        card: &ShareCard,
        key: u64,
    ) -> Result<Option<Arc<[u8]>>, Diagnostic> {
        let bytes = match self.memo.share_images.get(&path.to_owned(), |e| e.key == key) {
            Some(entry) => entry.bytes,
            None if self.sink.keep_previous(path, &|head| share::key_of(head) == Some(key)) => {
                self.files.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                return Ok(None);
            }
            None => Arc::from(card.png().map_err(|e| {
                Diagnostic::error(&report.path, format!("cannot draw the share image {path}: {e}")).with_hint(
                    "this is a bug in spendsite; `share_images: false` in site.yaml builds the site without share images",
                )
            })?),
        };
        self.put(OutputFile { path: path.to_owned(), bytes: Arc::clone(&bytes) })?;
        Ok(Some(bytes))
    }

    /// The card of `report`, and in words what its chart shows.
    fn share_card(&self, report: &Report, prepared: &PreparedReport) -> (ShareCard, Option<String>) {
        let (chart_svg, shows) = match (&prepared.first_chart, &prepared.headline_figure) {
            (Some(chart), _) => (Some(chart.svg()), Some(chart.desc.clone())),
            (None, Some(figure)) => match self.sparkline(figure, prepared.lang) {
                Some(line) => (Some(line.svg), Some(line.desc)),
                None => (None, None),
            },
            (None, None) => (None, None),
        };
        let card = ShareCard {
            site: self.site.config.title.clone(),
            title: report.title.clone(),
            figure: prepared.headline.as_ref().map(|h| h.figure.clone()),
            label: prepared.headline.as_ref().map(|h| h.label.clone()).filter(|l| !l.is_empty()),
            chart_svg,
        };
        (card, shows)
    }

    /// A sparkline of the series `figure` read first, its periods marked.
    fn sparkline(&self, figure: &Figure, lang: Lang) -> Option<share::Sparkline> {
        let (id, series) = figure.inputs.first()?.split_once('/')?;
        share::sparkline(self.site.datasets.get(id)?, series, &figure.periods, lang)
    }
}

/// What the card shows, in words: `“Walmart's year on Azure”, Cloud Spend Notes: $580.4 million. Bar
/// chart of …`.
fn alt(lang: Lang, card: &ShareCard, shows: Option<&str>) -> String {
    let (open, close) = match lang {
        Lang::En => ("“", "”"),
        Lang::De => ("„", "“"),
    };
    let mut text = format!("{open}{}{close}, {}", card.title.trim(), card.site.trim());
    if let Some(figure) = &card.figure {
        text += ": ";
        text += figure;
        if let Some(label) = &card.label {
            text += ", ";
            text += label;
        }
    }
    text.push('.');
    if let Some(shows) = shows {
        text.push(' ');
        text += shows;
    }
    text
}
