//! A report's share image (drawn by `share`) and what its page's head says about it.
//!
//! The card shows the report's title, its headline figure and its first chart, or, when it has no chart,
//! a sparkline of the series the headline reads. Drawing one costs about as much as rendering a page, so the run draws an image once per card (see `build::pipeline`): it keeps the one it drew
//! for an equal card, or the file of the site it replaces when that was drawn from an equal card (the
//! PNG carries its card's key), and a run that writes nothing (`check`, `diff`) draws none.

use serde::Serialize;

use super::PreparedReport;
use crate::chart;
use crate::content::Report;
use crate::figures::Figure;
use crate::lang::Lang;
use crate::share::{self, ShareCard};
use crate::site::{Lookup, Reader};

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

/// The share card of `report`, prepared as `prepared`, and what its page's head says about it.
pub(crate) fn share_card(reader: &Reader, report: &Report, prepared: &PreparedReport) -> (ShareCard, ShareView) {
    let (chart, shows) = match (prepared.embeds.first().map(|e| &e.chart), &prepared.headline_figure) {
        (Some(chart), _) => (Some(chart.wide.clone()), Some(chart.desc.clone())),
        (None, Some(figure)) => match sparkline(reader, figure, prepared.lang) {
            Some(line) => (Some(line.drawing), Some(line.desc)),
            None => (None, None),
        },
        (None, None) => (None, None),
    };
    let card = ShareCard {
        site: reader.title().to_owned(),
        title: report.title.clone(),
        figure: prepared.headline.as_ref().map(|h| h.figure.clone()),
        label: prepared.headline.as_ref().map(|h| h.label.clone()).filter(|l| !l.is_empty()),
        chart,
    };
    let view = ShareView {
        image: format!("{}{}", reader.base_url(), report.share_image_path()),
        alt: alt(prepared.lang, &card, shows.as_deref()),
        width: share::WIDTH,
        height: share::HEIGHT,
    };
    (card, view)
}

/// A sparkline of the series `figure` read first, its periods marked.
fn sparkline(reader: &Reader, figure: &Figure, lang: Lang) -> Option<chart::Sparkline> {
    let (id, series) = figure.inputs.first()?.split_once('/')?;
    match reader.dataset(id) {
        Lookup::Found(dataset) => chart::sparkline(dataset, series, &figure.periods, lang),
        _ => None,
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
