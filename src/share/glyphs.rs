//! Text on a card: each glyph's outline read once from the bundled fonts, rasterised once per size and
//! quarter-pixel position (`Glyphs`), and laid over the pixmap in its colour, at the advances the layout
//! measured with.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rustc_hash::FxHashMap;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, GlyphId, MetadataProvider};
use tiny_skia::{Color, FillRule, LineJoin, Mask, Paint, Path, PathBuilder, PixmapMut, Stroke, Transform};

use super::layout::{faces, Face};
use super::{BOLD, BOOK};

/// One of the bundled faces.
#[derive(Clone, Copy)]
pub(super) enum Font {
    Book,
    Bold,
}

impl Font {
    /// Its metrics, the ones the layout measures with.
    pub(super) fn face(self) -> &'static Face {
        let faces = faces();
        match self {
            Font::Book => &faces.book,
            Font::Bold => &faces.bold,
        }
    }

    /// The glyph's outline in font units (y up), read once per run; `None` for a glyph with none (a
    /// space).
    fn outline(self, glyph: GlyphId) -> Option<&'static Path> {
        static OUTLINES: OnceLock<[Outlines; 2]> = OnceLock::new();
        let outlines = OUTLINES.get_or_init(|| [Outlines::new(BOOK), Outlines::new(BOLD)]);
        let outlines = &outlines[self as usize];
        let slot = outlines.paths.get(glyph.to_u32() as usize)?;
        slot.get_or_init(|| {
            let mut pen = Pen(PathBuilder::new());
            let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
            outlines.font.outline_glyphs().get(glyph)?.draw(settings, &mut pen).ok()?;
            pen.0.finish()
        })
        .as_ref()
    }
}

/// A face's glyph outlines, each made when first drawn.
struct Outlines {
    font: FontRef<'static>,
    paths: Vec<OnceLock<Option<Path>>>,
}

impl Outlines {
    /// `data` is one of the bundled fonts, which a test reads: it always parses.
    fn new(data: &'static [u8]) -> Outlines {
        let font = FontRef::new(data).expect("a bundled font parses");
        let glyphs = font.maxp().map(|m| m.num_glyphs()).unwrap_or(0);
        Outlines { font, paths: (0..glyphs).map(|_| OnceLock::new()).collect() }
    }
}

struct Pen(PathBuilder);

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

/// A line of text set at the advances `layout` measures with.
pub(super) struct Run<'t> {
    pub text: &'t str,
    pub face: Font,
    pub size: f64,
    pub x: f64,
    pub baseline: f64,
}

impl Run<'_> {
    /// Each glyph filled with `fill`, after a `halo` (its paint and width) stroked under all of them.
    /// `at` scales and moves, and no more.
    pub(super) fn draw(
        &self,
        pixmap: &mut PixmapMut,
        glyphs: &Glyphs,
        fill: Color,
        halo: Option<&(Paint, f32)>,
        at: Transform,
    ) {
        let face = self.face.face();
        let scale = (self.size / face.units_per_em) as f32;
        let mut pens = Vec::with_capacity(self.text.len());
        let mut x = self.x;
        for c in self.text.chars() {
            let Some(glyph) = face.glyph(c) else { continue };
            pens.push((glyph, x as f32));
            x += face.advance(c) * self.size;
        }
        if let Some((paint, width)) = halo {
            let stroke = Stroke { width: width / scale, line_join: LineJoin::Round, ..Stroke::default() };
            for (glyph, x) in &pens {
                if let Some(outline) = self.face.outline(*glyph) {
                    let place = Transform::from_row(scale, 0.0, 0.0, -scale, *x, self.baseline as f32);
                    pixmap.stroke_path(outline, paint, &stroke, at.pre_concat(place), None);
                }
            }
        }
        let size = self.size as f32 * at.sx;
        for (glyph, x) in pens {
            let (x, y) = (at.sx * x + at.tx, at.sy * self.baseline as f32 + at.ty);
            let (px, py) = (x.floor(), y.floor());
            let phase = |f: f32| ((f * PHASES as f32).round() as u8).min(PHASES - 1);
            if let Some(coverage) = glyphs.coverage(self.face, glyph, size, (phase(x - px), phase(y - py))) {
                coverage.blend(pixmap, (px as i32, py as i32), fill);
            }
        }
    }
}

/// Sub-pixel positions a glyph is drawn at, across and down: a glyph is placed to a quarter of a pixel.
const PHASES: u8 = 4;

/// A glyph's coverage at one size and sub-pixel position, and where its box sits from the pen's pixel.
struct Coverage {
    left: i32,
    top: i32,
    width: usize,
    alpha: Vec<u8>,
}

/// A glyph at a size: its face, glyph id, size in px (as bits) and sub-pixel position.
type GlyphKey = (u8, u32, u32, (u8, u8));

/// Glyphs rasterised at each size and sub-pixel position they were drawn at, kept for the cards drawn
/// after them (`share::Painter` holds them).
#[derive(Default)]
pub(super) struct Glyphs {
    drawn: Mutex<FxHashMap<GlyphKey, Option<Arc<Coverage>>>>,
}

impl Glyphs {
    /// The coverage of `glyph` at `size` px and sub-pixel position `phase`, rasterised when first asked
    /// for; `None` for a glyph with no outline.
    fn coverage(&self, face: Font, glyph: GlyphId, size: f32, phase: (u8, u8)) -> Option<Arc<Coverage>> {
        let key = (face as u8, glyph.to_u32(), size.to_bits(), phase);
        if let Some(drawn) = self.drawn.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
            return drawn.clone();
        }
        let drawn = face.outline(glyph).and_then(|outline| Coverage::of(outline, face, size, phase)).map(Arc::new);
        let mut kept = self.drawn.lock().unwrap_or_else(PoisonError::into_inner);
        // Figures are set at any size: a long `serve` keeps a bounded number.
        if kept.len() >= 1 << 16 {
            kept.clear();
        }
        kept.insert(key, drawn.clone());
        drawn
    }
}

impl Coverage {
    /// `outline` rasterised at `size` px with its pen at `phase` quarters of a pixel into its pixel.
    fn of(outline: &Path, face: Font, size: f32, phase: (u8, u8)) -> Option<Coverage> {
        let scale = size / face.face().units_per_em as f32;
        let (fx, fy) = (f32::from(phase.0) / f32::from(PHASES), f32::from(phase.1) / f32::from(PHASES));
        let bounds = outline.bounds();
        let left = (bounds.left() * scale + fx).floor() as i32 - 1;
        let right = (bounds.right() * scale + fx).ceil() as i32 + 1;
        let top = (fy - bounds.bottom() * scale).floor() as i32 - 1;
        let bottom = (fy - bounds.top() * scale).ceil() as i32 + 1;
        let (width, height) = (u32::try_from(right - left).ok()?, u32::try_from(bottom - top).ok()?);
        let mut mask = Mask::new(width, height)?;
        let place = Transform::from_row(scale, 0.0, 0.0, -scale, fx - left as f32, fy - top as f32);
        mask.fill_path(outline, FillRule::Winding, true, place);
        Some(Coverage { left, top, width: width as usize, alpha: mask.data().to_vec() })
    }

    /// `color` laid over `pixmap` through the coverage, its box placed from `pen`.
    fn blend(&self, pixmap: &mut PixmapMut, pen: (i32, i32), color: Color) {
        let (width, height) = (pixmap.width() as i32, pixmap.height() as i32);
        let color = color.premultiply().to_color_u8();
        let ink = [color.red(), color.green(), color.blue(), color.alpha()].map(u32::from);
        let (x0, y0) = (pen.0 + self.left, pen.1 + self.top);
        let rows = self.alpha.len() / self.width.max(1);
        // The part of the box on the pixmap.
        let (from_x, to_x) = ((-x0).max(0) as usize, (width - x0).clamp(0, self.width as i32) as usize);
        let (from_y, to_y) = ((-y0).max(0) as usize, (height - y0).clamp(0, rows as i32) as usize);
        if from_x >= to_x {
            return;
        }
        let data = pixmap.data_mut();
        for row in from_y..to_y {
            let alphas = &self.alpha[row * self.width + from_x..row * self.width + to_x];
            let start = 4 * ((y0 as usize + row) * width as usize + (x0 + from_x as i32) as usize);
            let pixels = &mut data[start..start + 4 * alphas.len()];
            for (pixel, &a) in pixels.chunks_exact_mut(4).zip(alphas) {
                if a == 0 {
                    continue;
                }
                // Source over, premultiplied: the ink covers the pixel by its alpha times the coverage.
                let (a, rest) = (u32::from(a), 255 - (u32::from(a) * ink[3] + 127) / 255);
                for (channel, ink) in pixel.iter_mut().zip(ink) {
                    *channel = ((ink * a + u32::from(*channel) * rest + 127) / 255) as u8;
                }
            }
        }
    }
}
