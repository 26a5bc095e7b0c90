//! The card's layout: its words set with the advances of the bundled fonts (so that a line measured here
//! is the line drawn: `raster` draws each character at the advance measured here), with a box left for
//! the chart.
//!
//! From the top: a band in the chart palette's first colour, the site's title, a rule, the report's title
//! (at most three lines, the last cut with `…`), then the figure in large type with its label under it,
//! and the chart at their right (or under the title, across the card, when there is no figure).

use std::sync::OnceLock;

use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, GlyphId, MetadataProvider};

use super::{ShareCard, BOLD, BOOK, HEIGHT, WIDTH};
use crate::chart::{GRID, INK, MUTED, PALETTE};

/// Space left and right of everything, and under the chart.
const MARGIN: f64 = 64.0;
const SITE_SIZE: f64 = 26.0;
const TITLE_SIZE: f64 = 54.0;
/// The title of a card that has nothing else to show.
const TITLE_ALONE_SIZE: f64 = 64.0;
const TITLE_LINES: usize = 3;
/// The largest figure beside a chart and on a card without one, and the smallest: as large as fits
/// its column.
const FIGURE_SIZE: (f64, f64, f64) = (120.0, 180.0, 40.0);
/// Below this size a figure is set on two lines when that makes it larger.
const FIGURE_ONE_LINE: f64 = 52.0;
const LABEL_SIZE: f64 = 26.0;
const LABEL_LINES: usize = 3;
/// The text column's width beside a chart; the chart takes the rest.
const COLUMN: f64 = 500.0;
const GUTTER: f64 = 40.0;
/// DejaVu Sans's cap height and descender, in ems: a line's top is where its capitals start.
const CAP: f64 = 0.729;
const DESCENT: f64 = 0.236;
/// The figure's colour: the first of the chart palette, as a chart's first series.
const ACCENT: &str = PALETTE[0][0];

/// The card laid out, in three bands of rows drawn (and compressed) on their own: the site's title, the
/// report's title, and the body (figure, label and chart), which reports often share.
pub(super) struct Laid {
    pub site: Vec<Piece>,
    pub title: Vec<Piece>,
    pub body: Vec<Piece>,
    /// The first row of the title's band and of the body's.
    pub title_top: u32,
    pub body_top: u32,
    pub chart: Option<Placement>,
}

/// A thing drawn on the card, in px of the card.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Piece {
    Rect {
        x: f64,
        y: f64,
        width: f64,
        height: f64,
        color: &'static str,
    },
    /// One line of text from `x` on `baseline`.
    Text {
        text: String,
        x: f64,
        baseline: f64,
        size: f64,
        bold: bool,
        color: &'static str,
    },
}

/// By every field, the numbers by their bits: equal pieces draw the same pixels.
impl std::hash::Hash for Piece {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            Piece::Rect { x, y, width, height, color } => {
                (0u8, [x, y, width, height].map(|n| n.to_bits()), color).hash(state);
            }
            Piece::Text { text, x, baseline, size, bold, color } => {
                (1u8, text, [x, baseline, size].map(|n| n.to_bits()), bold, color).hash(state);
            }
        }
    }
}

/// Where a chart's drawing goes: its top left corner and its scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Placement {
    pub x: f64,
    pub y: f64,
    pub scale: f64,
}

/// A face's advances, to measure a text before it is drawn. Kerning is left out: it only narrows a
/// line.
pub(super) struct Face {
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    pub units_per_em: f64,
}

impl Face {
    /// `data` is one of the bundled fonts, which a test reads: it always parses.
    fn new(data: &'static [u8]) -> Face {
        let font = FontRef::new(data).expect("a bundled font parses");
        let units_per_em = f64::from(font.metrics(Size::unscaled(), LocationRef::default()).units_per_em);
        Face {
            charmap: font.charmap(),
            metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
        }
    }

    /// The glyph drawn for `c`: the box (glyph 0) for a character the font lacks, nothing for a control
    /// character.
    pub(super) fn glyph(&self, c: char) -> Option<GlyphId> {
        (!c.is_control()).then(|| self.charmap.map(c).unwrap_or_default())
    }

    /// The width of `c` at 1 px; a character the font lacks is as wide as the box drawn for it.
    pub(super) fn advance(&self, c: char) -> f64 {
        match self.glyph(c) {
            Some(glyph) => f64::from(self.metrics.advance_width(glyph).unwrap_or(0.0)) / self.units_per_em,
            None => 0.0,
        }
    }

    pub(super) fn width(&self, text: &str, size: f64) -> f64 {
        text.chars().map(|c| self.advance(c)).sum::<f64>() * size
    }

    /// The byte length of the longest start of `text` that fits in `width` px at `size` px.
    fn fitting(&self, text: &str, size: f64, width: f64) -> usize {
        let mut used = 0.0;
        for (i, c) in text.char_indices() {
            used += self.advance(c) * size;
            if used > width {
                return i;
            }
        }
        text.len()
    }

    /// `text` cut to fit `width` with `…` after it (`…` alone when nothing else fits).
    fn ellipsis(&self, text: &str, size: f64, width: f64) -> String {
        let room = (width - self.width("…", size)).max(0.0);
        let cut = self.fitting(text, size, room);
        format!("{}…", text[..cut].trim_end())
    }

    /// `text` broken at spaces into lines of at most `width` px at `size` px (a word wider than a line
    /// is broken where it reaches the edge: a title in Chinese has no spaces). When it needs more than
    /// `max` lines, the last one shown ends in `…`; else the lines are balanced, as narrow as they can be
    /// in as many lines, so that the last is not one short word.
    fn wrap(&self, text: &str, size: f64, width: f64, max: usize) -> Vec<String> {
        let (lines, cut) = self.greedy(text, size, width, max);
        if cut || lines.len() < 2 {
            return lines;
        }
        let n = lines.len();
        let widest_word = words(text).map(|w| self.width(w, size)).fold(0.0, f64::max);
        let (mut narrow, mut wide) = (widest_word.min(width), width);
        for _ in 0..12 {
            let middle = (narrow + wide) / 2.0;
            match self.greedy(text, size, middle, n) {
                (lines, false) if lines.len() <= n => wide = middle,
                _ => narrow = middle,
            }
        }
        self.greedy(text, size, wide, n).0
    }

    /// [`Face::wrap`] without the balancing: each line as full as it can be. Also says whether the text
    /// was cut.
    fn greedy(&self, text: &str, size: f64, width: f64, max: usize) -> (Vec<String>, bool) {
        let space = self.width(" ", size);
        let mut lines: Vec<String> = Vec::new();
        let (mut line, mut used) = (String::new(), 0.0);
        'words: for word in words(text) {
            let wide = self.width(word, size);
            if !line.is_empty() && used + space + wide <= width {
                line.push(' ');
                line.push_str(word);
                used += space + wide;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut rest = word;
            while lines.len() <= max && self.width(rest, size) > width {
                let first = rest.chars().next().map_or(0, char::len_utf8);
                let cut = self.fitting(rest, size, width).max(first);
                lines.push(rest[..cut].to_owned());
                rest = &rest[cut..];
            }
            if lines.len() > max {
                break 'words;
            }
            used = self.width(rest, size);
            line = rest.to_owned();
        }
        if !line.is_empty() {
            lines.push(line);
        }
        let cut = lines.len() > max;
        if cut {
            lines.truncate(max);
            let last = lines.pop().unwrap_or_default();
            lines.push(self.ellipsis(&last, size, width));
        }
        (lines, cut)
    }
}

/// The words of `text`, between spaces (not no-break spaces) and line breaks.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split([' ', '\t', '\n', '\r']).filter(|w| !w.is_empty())
}

pub(super) struct Faces {
    pub book: Face,
    pub bold: Face,
}

pub(super) fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces { book: Face::new(BOOK), bold: Face::new(BOLD) })
}

/// Lays `card` out; `chart` is the size of its chart's drawing, when it has one.
pub(super) fn lay_out(card: &ShareCard, chart: Option<(f64, f64)>) -> Laid {
    let faces = faces();
    let (width, height) = (f64::from(WIDTH), f64::from(HEIGHT));
    let inner = width - 2.0 * MARGIN;
    let mut site = vec![Piece::Rect { x: 0.0, y: 0.0, width, height: 12.0, color: ACCENT }];
    let site_title = fit(&faces.bold, &card.site, SITE_SIZE, inner);
    site.push(text(site_title, MARGIN, 72.0, SITE_SIZE, true, MUTED));
    site.push(Piece::Rect { x: MARGIN, y: 96.0, width: inner, height: 2.0, color: GRID });
    let alone = chart.is_none() && card.figure.is_none();
    let title_size = if alone { TITLE_ALONE_SIZE } else { TITLE_SIZE };
    let mut baseline = 126.0 + CAP * title_size;
    let mut title = Vec::new();
    for (i, line) in faces.bold.wrap(&card.title, title_size, inner, TITLE_LINES).into_iter().enumerate() {
        if i > 0 {
            baseline += 1.16 * title_size;
        }
        title.push(text(line, MARGIN, baseline, title_size, true, INK));
    }
    let top = baseline + DESCENT * title_size + 40.0;
    let (column, largest) = match (chart, &card.figure) {
        (Some(_), Some(_)) => (COLUMN, FIGURE_SIZE.0),
        (Some(_), None) => (inner, FIGURE_SIZE.0),
        (None, _) => (inner, FIGURE_SIZE.1),
    };
    let mut body = Vec::new();
    let bottom = figure_and_label(&mut body, card, top, column, largest);
    let chart = chart.map(|size| {
        let left = if card.figure.is_some() { MARGIN + column + GUTTER } else { MARGIN };
        let top = if card.figure.is_some() { top } else { bottom };
        place(size, left, top, width - MARGIN - left, height - MARGIN + 16.0 - top)
    });
    // Half way through the 40 px between the title's descenders and the body's tallest glyphs.
    let body_top = (top - 20.0).floor() as u32;
    Laid { site, title, body, title_top: 100, body_top, chart }
}

/// The figure, as large as fits `column` (at most `largest` px), and its label under it, from `top`
/// down; returns where they end (`top` when there is neither).
fn figure_and_label(pieces: &mut Vec<Piece>, card: &ShareCard, top: f64, column: f64, largest: f64) -> f64 {
    let faces = faces();
    let mut bottom = top;
    let mut baseline = top;
    if let Some(figure) = card.figure.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        let (lines, size) = set_figure(&faces.bold, figure, column, largest);
        for (i, line) in lines.iter().enumerate() {
            baseline += if i == 0 { CAP * size } else { 1.08 * size };
            pieces.push(text(fit(&faces.bold, line, size, column), MARGIN, baseline, size, true, ACCENT));
        }
        bottom = baseline + DESCENT * size;
        baseline += 20.0;
    }
    if let Some(label) = card.label.as_deref().filter(|l| !l.trim().is_empty()) {
        for line in faces.book.wrap(label, LABEL_SIZE, column, LABEL_LINES) {
            baseline += 1.3 * LABEL_SIZE;
            pieces.push(text(line, MARGIN, baseline, LABEL_SIZE, false, MUTED));
        }
        bottom = baseline + DESCENT * LABEL_SIZE;
    }
    if bottom > top {
        bottom + 32.0
    } else {
        top
    }
}

/// The figure's lines and size: one line as large as fits `column`, or, when that would be small, two
/// lines broken at a space (a figure's spaces are no-break spaces in running text; set large on its own,
/// `580,4 Millionen` over `US-Dollar` reads better than a figure in small type), whichever is larger.
/// A figure that fits neither way at the smallest size is cut with `…`.
fn set_figure(face: &Face, figure: &str, column: f64, largest: f64) -> (Vec<String>, f64) {
    let smallest = FIGURE_SIZE.2;
    let size_for = |line: &str| {
        let natural = face.width(line, 1.0);
        if natural > 0.0 {
            (column / natural).min(largest)
        } else {
            largest
        }
    };
    let one = size_for(figure);
    if one >= FIGURE_ONE_LINE {
        return (vec![figure.to_owned()], one);
    }
    let two = figure
        .char_indices()
        .filter(|(_, c)| matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|(i, c)| {
            let (first, second) = (figure[..i].trim_end(), figure[i + c.len_utf8()..].trim_start());
            (size_for(first).min(size_for(second)), first, second)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match two {
        Some((size, first, second)) if size > one => (vec![first.to_owned(), second.to_owned()], size.max(smallest)),
        _ => (vec![figure.to_owned()], one.max(smallest)),
    }
}

/// A drawing of `size` fitted into the box at (`x`, `y`), `width` by `height`, against its top left.
fn place(size: (f64, f64), x: f64, y: f64, width: f64, height: f64) -> Placement {
    let (w, h) = (size.0.max(1.0), size.1.max(1.0));
    Placement { x, y, scale: (width / w).min(height / h).max(0.0) }
}

/// `text` on one line of `width` px, cut with `…` when it does not fit.
fn fit(face: &Face, text: &str, size: f64, width: f64) -> String {
    let text = text.trim();
    if face.width(text, size) <= width {
        text.to_owned()
    } else {
        face.ellipsis(text, size, width)
    }
}

fn text(text: String, x: f64, baseline: f64, size: f64, bold: bool, color: &'static str) -> Piece {
    Piece::Text { text, x, baseline, size, bold, color }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_measure_as_dejavu_sans() {
        let faces = faces();
        // DejaVu Sans: 'M' is 1767 units of 2048 wide (Book), '0' 1303; Bold's 'M' 2038.
        assert!((faces.book.width("M", 2048.0) - 1767.0).abs() < 0.5);
        assert!((faces.book.width("0", 2048.0) - 1303.0).abs() < 0.5);
        assert!((faces.bold.width("M", 2048.0) - 2038.0).abs() < 0.5);
        // A character the subset lacks is measured as the box drawn for it, not as nothing.
        assert!(faces.book.width("漢", 10.0) > 1.0);
    }

    #[test]
    fn long_titles_wrap_to_three_lines_and_end_in_an_ellipsis() {
        let bold = &faces().bold;
        let title = "Microsoft's big cloud customers and what the leaked documents say about each of them, month by month, from 2019 to 2025";
        let lines = bold.wrap(title, TITLE_SIZE, 1072.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| bold.width(l, TITLE_SIZE) <= 1072.0), "{lines:?}");
        assert_eq!(bold.wrap("Walmart's year on Azure", TITLE_SIZE, 1072.0, 3), ["Walmart's year on Azure"]);
        // No spaces: broken where the line is full.
        let cjk = bold.wrap(&"雲".repeat(100), TITLE_SIZE, 1072.0, 3);
        assert_eq!(cjk.len(), 3);
        assert!(cjk.iter().all(|l| bold.width(l, TITLE_SIZE) <= 1072.0), "{cjk:?}");
        // No-break spaces hold a figure together.
        let figure = "$580.4\u{a0}million";
        let lines = bold.wrap(&format!("spend {figure}"), 40.0, bold.width(figure, 40.0) + 1.0, 2);
        assert_eq!(lines, ["spend", figure]);
        assert_eq!(bold.wrap("", 40.0, 200.0, 2), Vec::<String>::new());
    }
}
