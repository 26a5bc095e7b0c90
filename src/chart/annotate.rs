//! Annotations on the canvas: shaded ranges behind the marks, and the band between the header and the
//! plot where range labels and callouts stand, each callout with a leader line down to what is drawn at
//! its period. (Reference lines are drawn with the mean, in `draw`.)
//!
//! The band's texts are packed into rows before anything is drawn, so that none covers another, nor
//! another callout's leader: the band is as tall as its rows, and the plot starts below it.

use crate::dataset::Mark;

use super::draw::{Layout, MARGIN};
use super::marks::Rect;
use super::scale::text_width;
use super::select::Plot;
use super::svg::{Anchor, Canvas, MUTED, SHADE};
use super::text::wrap;

/// The font size of the band's texts, and the height of one of its lines.
pub(super) const NOTE: u32 = 14;
const ROW: f64 = 18.0;
/// At most this many lines per text.
const LINES: usize = 2;
/// Room kept between two texts side by side.
const GAP: f64 = 10.0;
/// How far a callout's text reaches past its leader when it begins or ends there.
const LEAD: f64 = 4.0;

/// The texts above the plot, packed into rows.
#[derive(Debug, Default)]
pub(super) struct Band {
    items: Vec<Item>,
    rows: usize,
}

/// A range's label or a callout in the band.
#[derive(Debug)]
struct Item {
    lines: Vec<String>,
    /// Left and right edge of the text.
    x0: f64,
    x1: f64,
    /// The first row it takes.
    row: usize,
    /// A callout's period centre, where its leader goes down; a range's shaded extent.
    at: Target,
}

#[derive(Debug, Clone, Copy)]
enum Target {
    Leader(f64),
    Shade(f64, f64),
}

impl Band {
    /// The band of `plot`'s ranges and callouts, with the plot between `left` and `right` px on a chart
    /// `width` px wide.
    pub(super) fn new(plot: &Plot, (left, right): (f64, f64), width: i32) -> Band {
        let n = plot.periods.len();
        let slot = (right - left) / n as f64;
        let index = |p: crate::period::Period| (p.ordinal() - plot.periods[0].ordinal()) as f64;
        let (lo, hi) = (f64::from(MARGIN), f64::from(width - MARGIN));
        let mut band = Band::default();
        // The ranges first: their labels have no leader, so that the callouts' texts can stand below them.
        let ranges = plot.annotations.iter().filter(|a| matches!(a.mark, Mark::Range(..)));
        let callouts = plot.annotations.iter().filter(|a| matches!(a.mark, Mark::Callout(..)));
        for a in ranges.chain(callouts) {
            let (at, room) = match a.mark {
                Mark::Line(_) => continue,
                Mark::Range(from, to) => {
                    let (x0, x1) = (left + slot * index(from), left + slot * (index(to) + 1.0));
                    (Target::Shade(x0, x1), (x1 - x0).max(f64::from(width) / 2.0))
                }
                Mark::Callout(at) => {
                    let x = left + slot * (index(at) + 0.5);
                    (Target::Leader(x), f64::from(width) / 2.0)
                }
            };
            let size = f64::from(NOTE);
            let lines = wrap(&a.label, room.min(hi - lo), size, LINES);
            let w = lines.iter().map(|l| text_width(l, size)).fold(0.0, f64::max);
            // A callout's text stands centred over its leader, else beginning or ending at it, so that two
            // callouts a period apart can stand side by side or one above the other. The first that fits wins.
            let starts = match at {
                // Over the start of the range, else at its end or its middle when it is wider.
                Target::Shade(x0, x1) => vec![x0, (x1 - w).max(x0), ((x0 + x1 - w) / 2.0).max(x0)],
                Target::Leader(x) => vec![x - w / 2.0, x - LEAD, x + LEAD - w],
            };
            // Not `clamp`, which panics when the text is wider than the room (it is cut to fit it).
            let place = |start: f64, row: usize| {
                let x0 = start.min(hi - w).max(lo);
                Item { lines: lines.clone(), x0, x1: x0 + w, row, at }
            };
            // Below every row taken nothing changes any more: if no place fits there, none will. Then the
            // text goes below the others, centred, where it covers no text (a leader may pass behind it).
            let item = (0..=band.rows)
                .flat_map(|row| starts.iter().map(move |&start| (start, row)))
                .map(|(start, row)| place(start, row))
                .find(|item| band.fits(item))
                .unwrap_or_else(|| place(starts[0], band.rows));
            band.rows = band.rows.max(item.row + item.lines.len());
            band.items.push(item);
        }
        band
    }

    /// Whether `item` may stand where it is: it covers no text placed before, no earlier callout's
    /// leader passes through it, and its own leader passes through no text below it.
    fn fits(&self, item: &Item) -> bool {
        let (row, end) = (item.row, item.row + item.lines.len());
        self.items.iter().all(|other| {
            let other_end = other.row + other.lines.len();
            let side_by_side = item.x1 + GAP <= other.x0 || other.x1 + GAP <= item.x0;
            let rows_apart = end <= other.row || other_end <= row;
            let crossed_by = |leader: &Item, text: &Item, text_row: usize| match leader.at {
                Target::Leader(x) => {
                    leader.row + leader.lines.len() <= text_row && text.x0 - GAP / 2.0 <= x && x <= text.x1 + GAP / 2.0
                }
                Target::Shade(..) => false,
            };
            (side_by_side || rows_apart) && !crossed_by(other, item, row) && !crossed_by(item, other, other.row)
        })
    }

    /// The height of the band (px): nothing when there is no range or callout.
    pub(super) fn height(&self) -> f64 {
        match self.rows {
            0 => 0.0,
            rows => rows as f64 * ROW + 6.0,
        }
    }

    /// The shaded ranges, from their label's row down to the plot's bottom; drawn first, behind the grid.
    pub(super) fn shades(&self, c: &mut Canvas, layout: &Layout) {
        for item in &self.items {
            if let Target::Shade(x0, x1) = item.at {
                let top = layout.band_top + item.row as f64 * ROW;
                c.rect(
                    "shade",
                    [(x0.round() as i32, top.round() as i32), super::draw::at(x1, layout.bottom)],
                    SHADE,
                    true,
                );
            }
        }
    }

    /// Each callout's leader, as a rect 1 px either side of it: from below its text down to the first
    /// thing `taken` has below the band at its period (its value's mark or label), or to the plot's bottom.
    pub(super) fn leaders(&self, layout: &Layout, taken: &[Rect]) -> Vec<Rect> {
        let leader = |item: &Item| {
            let Target::Leader(x) = item.at else { return None };
            let start = layout.band_top + (item.row + item.lines.len()) as f64 * ROW;
            let end = taken
                .iter()
                .filter(|r| r.x0 <= x + 1.0 && x - 1.0 <= r.x1 && r.y0 > start)
                .map(|r| r.y0)
                .fold(layout.bottom, f64::min)
                - 3.0;
            (end > start + 2.0).then_some(Rect { x0: x - 1.0, y0: start, x1: x + 1.0, y1: end })
        };
        self.items.iter().filter_map(leader).collect()
    }

    /// The texts, and the `leaders` of the callouts.
    pub(super) fn texts(&self, c: &mut Canvas, layout: &Layout, leaders: &[Rect]) {
        for item in &self.items {
            let top = layout.band_top + item.row as f64 * ROW;
            for (k, line) in item.lines.iter().enumerate() {
                let y = top + (k as f64 + 0.5) * ROW;
                c.text("note", line, super::draw::at(item.x0, y), NOTE, Anchor::Start);
            }
        }
        for r in leaders {
            let x = (r.x0 + r.x1) / 2.0;
            c.polyline("leader", vec![super::draw::at(x, r.y0), super::draw::at(x, r.y1)], MUTED, 1);
        }
    }
}
