//! Drawing a card: its pieces and its chart's marks painted straight onto pixmaps with tiny-skia, glyph by
//! glyph from the bundled fonts' outlines (each outline read once per run), and encoded as a PNG of
//! palette indices that carries the card's key in a text chunk.
//!
//! A card is drawn in three bands of rows (`layout::Laid`): the site's title, the report's title, and the
//! body (figure, label and chart). Each band is turned into indices of one fixed palette and compressed
//! on its own into a piece of deflate stream that ends on a byte boundary, so that the pieces join into
//! one stream; the bands that reports share (every card of a site has the same first band, and reports
//! that show the same figure and chart have the same body) are drawn and compressed once per run.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use flate2::{Compress, Compression, FlushCompress};
use rustc_hash::FxHashMap;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, GlyphId, MetadataProvider};
use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Mask, Paint, Path, PathBuilder, Pixmap, Rect, Stroke, StrokeDash, Transform,
};

use super::layout::{faces, lay_out, Face, Faces, Piece};
use super::{ShareCard, BOLD, BOOK, HEIGHT, WIDTH};
use crate::chart::{Anchor, Drawing, Look, MarkShape, BACKGROUND, GRID, INK, MUTED, PALETTE};
use crate::fs::fingerprint;

/// The keyword of the text chunk that holds a card's key.
const KEY_CHUNK: &str = "spendsite-card";
/// zlib's levels: 6 for the bands that cards share, made once (a third smaller than at level 2), and 2
/// for the report's title, made for every card (a third of level 6's time, and a fifth larger).
const SHARED_LEVEL: u32 = 6;
const OWN_LEVEL: u32 = 2;
/// Shades of each colour over the background, from the faintest edge to the full colour.
const SHADES: usize = 15;

/// `card` drawn and encoded, with `key` in the PNG.
pub(super) fn png(card: &ShareCard, key: u64) -> Result<Vec<u8>, String> {
    let laid = lay_out(card, card.chart.as_ref().map(Drawing::size));
    let site = shared(fingerprint(&("site", &card.site)), || {
        band(0, laid.title_top, SHARED_LEVEL, |pixmap, at| pieces(pixmap, &laid.site, at))
    })?;
    let title = band(laid.title_top, laid.body_top, OWN_LEVEL, |pixmap, at| pieces(pixmap, &laid.title, at))?;
    let placement = laid.chart.map(|p| (p.x.to_bits(), p.y.to_bits(), p.scale.to_bits()));
    let body_key = fingerprint(&("body", format!("{:?}", laid.body), placement, laid.body_top, &card.chart));
    let body = shared(body_key, || {
        band(laid.body_top, HEIGHT, SHARED_LEVEL, |pixmap, at| {
            pieces(pixmap, &laid.body, at);
            if let (Some(chart), Some(p)) = (&card.chart, laid.chart) {
                let (scale, x, y) = (p.scale as f32, p.x as f32, p.y as f32);
                marks(pixmap, chart, at.pre_concat(Transform::from_row(scale, 0.0, 0.0, scale, x, y)));
            }
        })
    })?;
    encode(&[&site, &title, &body], key).map_err(|e| format!("cannot encode the PNG: {e}"))
}

/// A band of rows, compressed: a piece of a deflate stream that ends on a byte boundary and is not the
/// last, with the Adler-32 and length of the bytes it holds.
struct Band {
    deflated: Vec<u8>,
    adler: u32,
    len: u64,
}

/// Bands kept for the rest of the run and the runs after it (a `serve` session), by what they show.
fn shared(key: u64, make: impl FnOnce() -> Result<Band, String>) -> Result<Arc<Band>, String> {
    static KEPT: OnceLock<Mutex<HashMap<u64, Arc<Band>>>> = OnceLock::new();
    let kept = KEPT.get_or_init(Mutex::default);
    if let Some(band) = kept.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
        return Ok(Arc::clone(band));
    }
    let band = Arc::new(make()?);
    let mut kept = kept.lock().unwrap_or_else(PoisonError::into_inner);
    // A long `serve` session keeps a bounded number: a few MiB.
    if kept.len() >= 4096 {
        kept.clear();
    }
    kept.insert(key, Arc::clone(&band));
    Ok(band)
}

/// Rows `top..bottom` of the card, painted by `paint` (with the transform that puts the card's
/// coordinates on the band), as palette indices, compressed at `level`.
fn band(top: u32, bottom: u32, level: u32, paint: impl FnOnce(&mut Pixmap, Transform)) -> Result<Band, String> {
    let height = bottom.saturating_sub(top).max(1);
    let mut pixmap = Pixmap::new(WIDTH, height).ok_or("cannot make a picture of the card's size")?;
    pixmap.fill(color(BACKGROUND, 1.0));
    paint(&mut pixmap, Transform::from_translate(0.0, -(top as f32)));
    let mut raw = Vec::with_capacity((WIDTH as usize + 1) * height as usize);
    indices(&pixmap, &mut raw);
    let mut compress = Compress::new(Compression::new(level), false);
    let mut deflated = Vec::with_capacity(raw.len() / 4 + 1024);
    loop {
        let read = usize::try_from(compress.total_in()).unwrap_or(raw.len());
        compress.compress_vec(&raw[read..], &mut deflated, FlushCompress::Sync).map_err(|e| e.to_string())?;
        if compress.total_in() as usize == raw.len() && deflated.len() < deflated.capacity() {
            break;
        }
        deflated.reserve(deflated.capacity().max(4096));
    }
    Ok(Band { deflated, adler: zlib_rs::adler32::adler32(1, &raw), len: raw.len() as u64 })
}

/// The bands as one PNG of `WIDTH` × the rows they hold.
fn encode(bands: &[&Band], key: u64) -> Result<Vec<u8>, png::EncodingError> {
    let rows = bands.iter().map(|b| b.len).sum::<u64>() / (u64::from(WIDTH) + 1);
    // A zlib stream: its header, the pieces, an empty last block, the Adler-32 of it all.
    let mut idat = Vec::with_capacity(bands.iter().map(|b| b.deflated.len()).sum::<usize>() + 8);
    idat.extend_from_slice(&[0x78, 0x9c]);
    let mut adler = 1;
    for band in bands {
        idat.extend_from_slice(&band.deflated);
        adler = zlib_rs::adler32::adler32_combine(adler, band.adler, band.len);
    }
    idat.extend_from_slice(&[0x03, 0x00]);
    idat.extend_from_slice(&adler.to_be_bytes());
    let mut bytes = Vec::with_capacity(idat.len() + 1024);
    let mut encoder = png::Encoder::new(&mut bytes, WIDTH, u32::try_from(rows).unwrap_or(HEIGHT));
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette().concat());
    encoder.add_text_chunk(KEY_CHUNK.to_owned(), format!("{key:016x}"))?;
    let mut writer = encoder.write_header()?;
    writer.write_chunk(png::chunk::IDAT, &idat)?;
    writer.finish()?;
    Ok(bytes)
}

/// The palette every card is drawn in: the background, then each colour a card or chart uses in
/// `SHADES` steps from the faintest over the background to the full colour.
fn palette() -> &'static [[u8; 3]] {
    static PALETTE_RGB: OnceLock<Vec<[u8; 3]>> = OnceLock::new();
    PALETTE_RGB.get_or_init(|| {
        let background = rgb(BACKGROUND);
        let mut inks: Vec<[u8; 3]> = [INK, MUTED, GRID].into_iter().map(rgb).collect();
        inks.push(rgb(crate::chart::Tone::Shade.color(false)));
        inks.extend(PALETTE.iter().flat_map(|entry| [rgb(entry[0]), rgb(entry[1])]));
        let mut seen = Vec::new();
        inks.retain(|ink| {
            *ink != background && !seen.contains(ink) && {
                seen.push(*ink);
                true
            }
        });
        let mut colours = vec![background];
        for ink in inks {
            for step in 1..=SHADES {
                let mix = |b: u8, i: u8| {
                    let (b, i) = (f64::from(b), f64::from(i));
                    (b + (i - b) * step as f64 / SHADES as f64).round() as u8
                };
                colours.push([mix(background[0], ink[0]), mix(background[1], ink[1]), mix(background[2], ink[2])]);
            }
        }
        colours.truncate(256);
        colours
    })
}

/// `pixmap`'s rows (opaque: each band is painted over the background) as PNG scanlines of palette
/// indices, appended to `out`: each row's filter byte (none), then an index per pixel. A pixel takes
/// the palette colour nearest to it; most are the one before them, and the rest are looked up in a table
/// that lasts the thread's life, as cards have the same few hundred colours.
fn indices(pixmap: &Pixmap, out: &mut Vec<u8>) {
    thread_local! {
        static NEAREST: RefCell<FxHashMap<u32, u8>> = RefCell::new(FxHashMap::default());
    }
    NEAREST.with_borrow_mut(|nearest| {
        for row in pixmap.pixels().chunks_exact(pixmap.width() as usize) {
            out.push(0);
            for run in row.chunk_by(|a, b| a == b) {
                let pixel = run[0];
                let value = u32::from_le_bytes([pixel.red(), pixel.green(), pixel.blue(), pixel.alpha()]);
                let index =
                    *nearest.entry(value).or_insert_with(|| nearest_index([pixel.red(), pixel.green(), pixel.blue()]));
                out.resize(out.len() + run.len(), index);
            }
        }
    });
}

/// The palette entry nearest to `colour` (the first of equals).
fn nearest_index(colour: [u8; 3]) -> u8 {
    let distance = |p: &[u8; 3]| p.iter().zip(colour).map(|(a, b)| (i32::from(*a) - i32::from(b)).pow(2)).sum::<i32>();
    let palette = palette();
    let best = (0..palette.len()).min_by_key(|&i| (distance(&palette[i]), i)).unwrap_or(0);
    u8::try_from(best).unwrap_or(0)
}

fn rgb(hex: &str) -> [u8; 3] {
    let channel = |i: usize| hex.get(1 + 2 * i..3 + 2 * i).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
    [channel(0), channel(1), channel(2)]
}

fn color(hex: &str, opacity: f32) -> Color {
    let [r, g, b] = rgb(hex);
    Color::from_rgba8(r, g, b, (opacity.clamp(0.0, 1.0) * 255.0).round() as u8)
}

fn paint(hex: &str, opacity: f32) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(color(hex, opacity));
    paint.anti_alias = true;
    paint
}

/// The card's own pieces.
fn pieces(pixmap: &mut Pixmap, pieces: &[Piece], at: Transform) {
    let faces = faces();
    for piece in pieces {
        match piece {
            Piece::Rect { x, y, width, height, color } => {
                if let Some(rect) = Rect::from_xywh(*x as f32, *y as f32, *width as f32, *height as f32) {
                    pixmap.fill_rect(rect, &paint(color, 1.0), at, None);
                }
            }
            Piece::Text { text, x, baseline, size, bold, color } => {
                let face = if *bold { Font::Bold } else { Font::Book };
                let run = Run { text, face, size: *size, x: *x, baseline: *baseline };
                run.draw(pixmap, faces, self::color(color, 1.0), None, at);
            }
        }
    }
}

/// A chart's marks, as its SVG looks in light mode.
fn marks(pixmap: &mut Pixmap, drawing: &Drawing, at: Transform) {
    let faces = faces();
    for mark in drawing.marks() {
        let look = mark.look;
        match mark.shape {
            MarkShape::Rect { x, y, width, height } => {
                if let Some(rect) = Rect::from_xywh(x as f32, y as f32, width as f32, height as f32) {
                    shape(pixmap, &PathBuilder::from_rect(rect), &look, at);
                }
            }
            MarkShape::Hatch { x, y, width, height } => hatch(pixmap, (x, y, width, height), &look, at),
            MarkShape::Polyline(points) => {
                if let Some(path) = polyline(points, false) {
                    shape(pixmap, &path, &Look { fill: None, ..look }, at);
                }
            }
            MarkShape::Polygon(points) => {
                if let Some(path) = polyline(points, true) {
                    shape(pixmap, &path, &look, at);
                }
            }
            MarkShape::Circle { center: (x, y), radius } => {
                if let Some(path) = PathBuilder::from_circle(x as f32, y as f32, radius as f32) {
                    shape(pixmap, &path, &look, at);
                }
            }
            MarkShape::Text { text, at: (x, y), size, anchor } => {
                let face = if look.bold { Font::Bold } else { Font::Book };
                let size = f64::from(size);
                let width = face.of(faces).width(text, size);
                let x = f64::from(x)
                    - match anchor {
                        Anchor::Start => 0.0,
                        Anchor::Middle => width / 2.0,
                        Anchor::End => width,
                    };
                let run = Run { text, face, size, x, baseline: f64::from(y) + size / 4.0 };
                let halo = look.stroke.filter(|_| look.halo).map(|c| (paint(c, 1.0), look.stroke_width));
                let fill = color(look.fill.unwrap_or(INK), look.fill_opacity);
                run.draw(pixmap, faces, fill, halo.as_ref(), at);
            }
        }
    }
}

fn polyline(points: &[(i32, i32)], close: bool) -> Option<Path> {
    let mut path = PathBuilder::new();
    let (first, rest) = points.split_first()?;
    path.move_to(first.0 as f32, first.1 as f32);
    for (x, y) in rest {
        path.line_to(*x as f32, *y as f32);
    }
    if close {
        path.close();
    }
    path.finish()
}

/// A shape filled, then stroked, as `look` says.
fn shape(pixmap: &mut Pixmap, path: &Path, look: &Look, at: Transform) {
    if let Some(fill) = look.fill {
        pixmap.fill_path(path, &paint(fill, look.fill_opacity), FillRule::Winding, at, None);
    }
    if let Some(stroke) = look.stroke {
        pixmap.stroke_path(path, &paint(stroke, 1.0), &stroke_of(look), at, None);
    }
}

fn stroke_of(look: &Look) -> Stroke {
    Stroke {
        width: look.stroke_width,
        line_cap: LineCap::Butt,
        line_join: if look.halo { LineJoin::Round } else { LineJoin::Miter },
        dash: look.dash.and_then(|(dash, gap)| StrokeDash::new(vec![dash, gap], 0.0)),
        ..Stroke::default()
    }
}

/// A hatched rectangle: the fill, and lines of the stroke's colour where `x + y` is a multiple of the
/// pattern's period (6 px across, rotated 45°), clipped to the rectangle, as the SVG's pattern tiles
/// clip them (a line 2.5 px wide at a tile's edge shows its inner half).
fn hatch(pixmap: &mut Pixmap, (x, y, width, height): (i32, i32, i32, i32), look: &Look, at: Transform) {
    let Some(rect) = Rect::from_xywh(x as f32, y as f32, width as f32, height as f32) else { return };
    let outline = PathBuilder::from_rect(rect);
    if let Some(fill) = look.fill {
        pixmap.fill_path(&outline, &paint(fill, 1.0), FillRule::Winding, at, None);
    }
    let (Some(stroke), Some(mut clip)) = (look.stroke, Mask::new(pixmap.width(), pixmap.height())) else { return };
    clip.fill_path(&outline, FillRule::Winding, true, at);
    let period = 6.0 * std::f32::consts::SQRT_2;
    let shown = look.stroke_width / 2.0;
    let mut lines = PathBuilder::new();
    let (low, high) = ((x + y) as f32, (x + width + y + height) as f32);
    let mut k = (low / period).floor();
    while k * period <= high + period {
        // The visible half of the line at the tile's edge, centred on its middle.
        let c = k * period + shown / 2.0 * std::f32::consts::SQRT_2;
        lines.move_to(c - y as f32 + 10.0, y as f32 - 10.0);
        lines.line_to(c - (y + height) as f32 - 10.0, (y + height) as f32 + 10.0);
        k += 1.0;
    }
    if let Some(lines) = lines.finish() {
        let stroke_style = Stroke { width: shown, ..Stroke::default() };
        pixmap.stroke_path(&lines, &paint(stroke, 1.0), &stroke_style, at, Some(&clip));
    }
}

/// One of the bundled faces.
#[derive(Clone, Copy)]
enum Font {
    Book,
    Bold,
}

impl Font {
    fn of(self, faces: &Faces) -> &Face {
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
struct Run<'t> {
    text: &'t str,
    face: Font,
    size: f64,
    x: f64,
    baseline: f64,
}

impl Run<'_> {
    /// Each glyph filled with `fill`, after a `halo` (its paint and width) stroked under all of them.
    /// `at` scales and moves, and no more.
    fn draw(&self, pixmap: &mut Pixmap, faces: &Faces, fill: Color, halo: Option<&(Paint, f32)>, at: Transform) {
        let face = self.face.of(faces);
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
            if let Some(coverage) = coverage(self.face, glyph, size, (phase(x - px), phase(y - py))) {
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

/// The coverage of `glyph` at `size` px and sub-pixel position `phase`, rasterised once per thread and
/// run; `None` for a glyph with no outline.
fn coverage(face: Font, glyph: GlyphId, size: f32, phase: (u8, u8)) -> Option<Arc<Coverage>> {
    thread_local! {
        static DRAWN: RefCell<FxHashMap<GlyphKey, Option<Arc<Coverage>>>> =
            RefCell::new(FxHashMap::default());
    }
    let key = (face as u8, glyph.to_u32(), size.to_bits(), phase);
    if let Some(drawn) = DRAWN.with_borrow(|drawn| drawn.get(&key).cloned()) {
        return drawn;
    }
    let outline = face.outline(glyph);
    let drawn = outline.and_then(|outline| {
        let scale = size / faces_of(face).units_per_em as f32;
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
        Some(Arc::new(Coverage { left, top, width: width as usize, alpha: mask.data().to_vec() }))
    });
    DRAWN.with_borrow_mut(|kept| {
        // Figures are set at any size: a long `serve` keeps a bounded number.
        if kept.len() >= 1 << 16 {
            kept.clear();
        }
        kept.insert(key, drawn.clone());
    });
    drawn
}

fn faces_of(face: Font) -> &'static Face {
    face.of(faces())
}

impl Coverage {
    /// `color` laid over `pixmap` through the coverage, its box placed from `pen`.
    fn blend(&self, pixmap: &mut Pixmap, pen: (i32, i32), color: Color) {
        let (width, height) = (pixmap.width() as i32, pixmap.height() as i32);
        let color = color.premultiply().to_color_u8();
        let ink = [color.red(), color.green(), color.blue(), color.alpha()].map(u32::from);
        let data = pixmap.data_mut();
        for (row, alphas) in self.alpha.chunks_exact(self.width).enumerate() {
            let y = pen.1 + self.top + row as i32;
            if !(0..height).contains(&y) {
                continue;
            }
            for (column, &a) in alphas.iter().enumerate() {
                let x = pen.0 + self.left + column as i32;
                if a == 0 || !(0..width).contains(&x) {
                    continue;
                }
                let at = 4 * (y as usize * width as usize + x as usize);
                // Source over, premultiplied: what the ink covers of the pixel is its alpha times the coverage.
                let (a, rest) = (u32::from(a), 255 - (u32::from(a) * ink[3] + 127) / 255);
                for (channel, ink) in data[at..at + 4].iter_mut().zip(ink) {
                    *channel = ((ink * a + u32::from(*channel) * rest + 127) / 255) as u8;
                }
            }
        }
    }
}

/// The key of the card a PNG was drawn from ([`ShareCard::key`]), from its text chunk; `None` for any
/// other file.
pub(crate) fn key_of(png: &[u8]) -> Option<u64> {
    let mut rest = png.strip_prefix(b"\x89PNG\r\n\x1a\n")?;
    loop {
        let length = usize::try_from(u32::from_be_bytes(rest.get(..4)?.try_into().ok()?)).ok()?;
        let kind = rest.get(4..8)?;
        let data = rest.get(8..8usize.checked_add(length)?)?;
        match kind {
            b"tEXt" => {
                if let Some(hex) = data.strip_prefix(KEY_CHUNK.as_bytes()).and_then(|d| d.strip_prefix(b"\0")) {
                    return u64::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok();
                }
            }
            b"IDAT" | b"IEND" => return None,
            _ => {}
        }
        rest = rest.get(12 + length..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pixels of a PNG this module wrote, as RGB.
    pub(crate) fn decoded(png: &[u8]) -> Vec<[u8; 3]> {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
        let mut indices = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut indices).unwrap();
        let palette = reader.info().palette.as_deref().unwrap().to_vec();
        indices.iter().map(|&i| palette[3 * usize::from(i)..][..3].try_into().unwrap()).collect()
    }

    #[test]
    fn the_palette_holds_every_colour_of_a_card_and_its_shades() {
        let palette = palette();
        assert_eq!(palette.len(), 256);
        assert_eq!(palette[0], [255, 255, 255]);
        for colour in [INK, MUTED, GRID, PALETTE[0][0], PALETTE[4][1]] {
            assert_eq!(palette[usize::from(nearest_index(rgb(colour)))], rgb(colour), "{colour}");
        }
        // A shade half way from white to ink is kept to within a step.
        let half = nearest_index([141, 143, 145]);
        let [r, g, b] = palette[usize::from(half)];
        assert!((135..=147).contains(&r) && (137..=149).contains(&g) && (139..=151).contains(&b), "{r} {g} {b}");
    }

    #[test]
    fn bands_compressed_apart_join_into_one_picture() {
        let top = band(0, 3, OWN_LEVEL, |p, at| {
            let rect = Rect::from_xywh(0.0, 1.0, 10.0, 1.0).unwrap();
            p.fill_rect(rect, &paint(INK, 1.0), at, None);
        })
        .unwrap();
        let bottom = band(3, 5, SHARED_LEVEL, |p, at| {
            let rect = Rect::from_xywh(5.0, 4.0, 2.0, 1.0).unwrap();
            p.fill_rect(rect, &paint(PALETTE[0][0], 1.0), at, None);
        })
        .unwrap();
        let png = encode(&[&top, &bottom], 7).unwrap();
        assert_eq!(key_of(&png), Some(7));
        let pixels = decoded(&png);
        assert_eq!(pixels.len(), 5 * WIDTH as usize);
        let at = |x: usize, y: usize| pixels[y * WIDTH as usize + x];
        assert_eq!((at(0, 0), at(0, 1), at(9, 1), at(10, 1)), ([255; 3], rgb(INK), rgb(INK), [255; 3]));
        assert_eq!(
            (at(5, 4), at(6, 4), at(4, 4), at(5, 3)),
            (rgb(PALETTE[0][0]), rgb(PALETTE[0][0]), [255; 3], [255; 3])
        );
    }

    #[test]
    fn a_key_is_read_back_and_nothing_else_is_taken_for_one() {
        let blank = band(0, 1, OWN_LEVEL, |_, _| {}).unwrap();
        let png = encode(&[&blank], 0x0123_4567_89ab_cdef).unwrap();
        assert_eq!(key_of(&png), Some(0x0123_4567_89ab_cdef));
        assert_eq!(key_of(&png[..40]), None);
        assert_eq!(key_of(b"\x89PNG\r\n\x1a\n\xff\xff\xff\xff"), None);
        assert_eq!(key_of(b"GIF89a"), None);
    }
}
