//! Share images: a report's card for social platforms, which show a PNG (never an SVG) beside a link.
//! 1,200 × 630 px: the site's title, the report's title, its headline figure with the figure's label,
//! and its first chart (or a sparkline of the headline's data).
//!
//! `layout` sets the words with the metrics of the bundled fonts, leaving a box for the chart; `raster`
//! paints the words and the chart's marks (`chart::Drawing::marks`, which look as the chart's SVG does
//! in light mode) straight onto pixmaps with tiny-skia, and encodes them. Only the fonts in
//! `assets/fonts/` (DejaVu Sans Book and Bold, subset to Latin) are ever used, never the machine's, so
//! that a card is the same byte for byte on every machine; a character they do not have is drawn as a
//! box. A card without a chart shows a sparkline (`chart::sparkline`) when its headline has one.

mod glyphs;
mod layout;
mod paint;
mod raster;

use std::hash::Hash;

use crate::chart::Drawing;

pub(crate) use raster::{key_of, Painter};

/// The card's size in px, as platforms ask for it (og:image:width and height say so too).
pub(crate) const WIDTH: u32 = 1200;
pub(crate) const HEIGHT: u32 = 630;

/// DejaVu Sans, subset to Latin: Basic Latin, Latin-1, Latin Extended-A, general punctuation (with
/// the no-break spaces), currency signs, arrows, the minus sign and U+FFFD. The licence is beside them.
const BOOK: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// What a report's card shows: plain text, and a chart.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ShareCard {
    /// The site's title, small at the top.
    pub site: String,
    pub title: String,
    /// The headline figure as the page shows it (`$580.4 million`).
    pub figure: Option<String>,
    /// What the figure is, under it.
    pub label: Option<String>,
    /// A chart's wide drawing, or a sparkline, fitted into the card's chart box.
    pub chart: Option<Drawing>,
}

/// Stands for what draws cards (see `build.rs`): a key made by a build whose drawing code, fonts or
/// dependencies differ is another key.
const DRAWN_BY: (&str, &str) = (env!("CARGO_PKG_VERSION"), env!("SPENDSITE_CARD_DRAWING"));

impl ShareCard {
    /// What the card's PNG is made of: cards with equal keys are equal byte for byte. The PNG carries it
    /// ([`key_of`]), so that a build can keep the image of the last one instead of drawing it again.
    pub(crate) fn key(&self) -> u64 {
        crate::fs::fingerprint(&(DRAWN_BY, self))
    }

    /// The card as a PNG drawn with `painter` (which keeps what later cards can use), or why it could
    /// not be encoded.
    pub(crate) fn png(&self, painter: &Painter) -> Result<Vec<u8>, String> {
        raster::png(self, self.key(), painter)
    }
}

/// A chart image's width in px: sharp on a slide or a retina screen.
pub(crate) const CHART_WIDTH: u32 = 1600;

/// The height in px of `drawing` drawn `width` px wide.
pub(crate) fn chart_height(drawing: &Drawing, width: u32) -> u32 {
    let (w, h) = drawing.size();
    (h * f64::from(width) / w.max(1.0)).round().max(1.0) as u32
}

/// What a chart's PNG is made of, as [`ShareCard::key`] is a card's: the PNG carries it.
pub(crate) fn chart_key(drawing: &Drawing) -> u64 {
    crate::fs::fingerprint(&(DRAWN_BY, "chart", CHART_WIDTH, drawing))
}

/// A chart's drawing alone as a PNG, [`CHART_WIDTH`] px wide, with the renderer and fonts of the cards:
/// the same byte for byte on every machine.
pub(crate) fn chart_png(drawing: &Drawing, painter: &Painter) -> Result<Vec<u8>, String> {
    raster::chart_png(drawing, CHART_WIDTH, chart_key(drawing), painter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(title: &str) -> ShareCard {
        ShareCard {
            site: "Cloud Spend Notes".into(),
            title: title.into(),
            figure: Some("$580.4\u{a0}million".into()),
            label: Some("Walmart's Azure spend, Jul 2023 – May 2024".into()),
            chart: None,
        }
    }

    /// Width and height from the PNG's header.
    fn size(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        let word = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        (word(16), word(20))
    }

    #[test]
    fn a_card_is_1200_by_630_and_carries_its_key() {
        let card = card("Walmart's year on Azure");
        let png = card.png(&Painter::default()).unwrap();
        assert_eq!(size(&png), (WIDTH, HEIGHT));
        assert_eq!(key_of(&png), Some(card.key()));
        assert_eq!(png, card.png(&Painter::default()).unwrap());
        assert_ne!(card.key(), ShareCard { label: None, ..card.clone() }.key());
    }

    /// A card drawn after others, from the bands and glyphs they left, is byte for byte the card drawn
    /// alone, and two cards that share a body differ only in their titles.
    #[test]
    fn a_card_is_the_same_whatever_was_drawn_before_it() {
        let yaml = "title: Spend\ncurrency: USD\nsources:\n  - title: Test\nseries:\n  spend:\n    label: Spend\n    values:\n      2023-07: 50\n      2023-08: 61.9\n      2023-09: 45\n";
        let (dataset, _) = crate::dataset::parse(std::path::Path::new("data/spend.yaml"), yaml).unwrap();
        let periods = [crate::period::Period::parse("2023-08").unwrap()];
        let sparkline = crate::chart::sparkline(&dataset, "spend", &periods, crate::lang::Lang::En).unwrap().drawing;
        let first = ShareCard { chart: Some(sparkline.clone()), ..card("Walmart's year on Azure") };
        let second = ShareCard { chart: Some(sparkline), ..card("Walmart's second year on Azure") };
        let warm = Painter::default();
        let (a, b) = (first.png(&warm).unwrap(), second.png(&warm).unwrap());
        assert_eq!(b, second.png(&Painter::default()).unwrap());
        assert_eq!(a, first.png(&warm).unwrap());
        assert_ne!(a, b);
    }

    #[test]
    fn text_outside_the_fonts_is_drawn_without_a_panic() {
        for title in ["クラウド支出の年 🚀 ☁️", "\u{202e}reversed\u{0} and a \u{7} bell", "", &"x".repeat(10_000)]
        {
            let png = ShareCard { figure: Some(title.into()), label: Some(title.into()), ..card(title) }
                .png(&Painter::default());
            assert_eq!(size(&png.unwrap()), (WIDTH, HEIGHT), "{title:?}");
        }
    }
}
