//! Drawing a card and encoding it: a PNG of palette indices that carries the card's key in a text chunk.
//!
//! A card is drawn in three bands of rows (`layout::Laid`): the site's title, the report's title, and the
//! body (figure, label and chart). Each band is painted (`paint`, `glyphs`), turned into indices of one
//! fixed palette, and compressed on its own into a piece of deflate stream that ends on a byte boundary,
//! so that the pieces join into one stream. The bands that cards share (every card of a site has the
//! same first band, and reports that show the same figure and chart have the same body) are made once:
//! the [`Painter`] that the build passes down keeps them, with the glyphs rasterised so far and the
//! buffers and compressors that a band needs.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rustc_hash::FxHashMap;
use tiny_skia::{PixmapMut, Transform};
use zlib_rs::{Deflate, DeflateConfig, DeflateFlush};

use super::glyphs::Glyphs;
use super::layout::lay_out;
use super::paint::{self, rgb};
use super::{ShareCard, HEIGHT, WIDTH};
use crate::chart::{Drawing, Tone, BACKGROUND, GRID, INK, MUTED, PALETTE};
use crate::fs::fingerprint;

/// The keyword of the text chunk that holds a card's key.
const KEY_CHUNK: &str = "spendsite-card";
/// zlib's levels: 6 for the bands that cards share, made once (a third smaller than at level 2), and 2
/// for the report's title, made for every card (a third of level 6's time, and a fifth larger).
const SHARED_LEVEL: i32 = 6;
const OWN_LEVEL: i32 = 2;
/// Shades of each colour over the background, from the faintest edge to the full colour.
const SHADES: usize = 15;

/// What drawing cards keeps for the cards after: the bands they share, the glyphs rasterised, and the
/// pixel buffers and compressors a band is made with. One per build, or per `serve` session, where a
/// band that two runs did not use is dropped ([`Painter::next_run`]).
#[derive(Default)]
pub(crate) struct Painter {
    /// Bands by what they show: made or used in this run, and in the run before.
    bands: Mutex<[FxHashMap<u64, Arc<Band>>; 2]>,
    glyphs: Glyphs,
    /// Pixel buffers of a card's size, free to paint a band in.
    buffers: Mutex<Vec<Vec<u8>>>,
    /// Compressors by level, each with its output buffer, free to compress a band with.
    compressors: Mutex<Vec<(i32, Deflate, Vec<u8>)>>,
}

impl Painter {
    /// Starts the next run: the bands neither it nor the run before uses are dropped.
    pub(crate) fn next_run(&self) {
        let mut bands = self.bands.lock().unwrap_or_else(PoisonError::into_inner);
        let used = std::mem::take(&mut bands[0]);
        bands[1] = used;
    }

    /// The band kept under `key`, or made by `make` and kept.
    fn shared(&self, key: u64, make: impl FnOnce() -> Result<Band, String>) -> Result<Arc<Band>, String> {
        {
            let mut bands = self.bands.lock().unwrap_or_else(PoisonError::into_inner);
            let [current, previous] = &mut *bands;
            if let Some(band) = current.get(&key) {
                return Ok(Arc::clone(band));
            }
            if let Some(band) = previous.remove(&key) {
                current.insert(key, Arc::clone(&band));
                return Ok(band);
            }
        }
        // Made outside the lock: two threads may make the same band once each, never wait on one.
        let band = Arc::new(make()?);
        self.bands.lock().unwrap_or_else(PoisonError::into_inner)[0].insert(key, Arc::clone(&band));
        Ok(band)
    }

    /// Rows `top..bottom` of the card, painted by `paint` (given the transform that puts the card's
    /// coordinates on the band), as palette indices, compressed at `level`.
    fn band(
        &self,
        width: u32,
        (top, bottom): (u32, u32),
        level: i32,
        paint: impl FnOnce(&mut PixmapMut, &Glyphs, Transform),
    ) -> Result<Band, String> {
        let height = bottom.saturating_sub(top).max(1);
        let size = 4 * width as usize * height as usize;
        let mut buffer = self.buffers.lock().unwrap_or_else(PoisonError::into_inner).pop().unwrap_or_default();
        buffer.resize(size.max(buffer.len()), 0);
        let mut pixmap =
            PixmapMut::from_bytes(&mut buffer[..size], width, height).ok_or("cannot paint a band of the card")?;
        pixmap.fill(paint::color(BACKGROUND, 1.0));
        paint(&mut pixmap, &self.glyphs, Transform::from_translate(0.0, -(top as f32)));
        let mut raw = Vec::with_capacity((width as usize + 1) * height as usize);
        indices(&pixmap, &mut raw);
        self.buffers.lock().unwrap_or_else(PoisonError::into_inner).push(buffer);
        let deflated = self.deflate(&raw, level)?;
        Ok(Band { deflated, adler: zlib_rs::adler32::adler32(1, &raw), len: raw.len() as u64 })
    }

    /// `raw` compressed as a piece of a raw deflate stream that ends on a byte boundary and is not the
    /// last.
    fn deflate(&self, raw: &[u8], level: i32) -> Result<Vec<u8>, String> {
        let free = {
            let mut compressors = self.compressors.lock().unwrap_or_else(PoisonError::into_inner);
            compressors.iter().position(|(l, ..)| *l == level).map(|at| compressors.swap_remove(at))
        };
        let (_, mut compressor, mut out) = free.unwrap_or_else(|| {
            let config = DeflateConfig { level, window_bits: -15, ..DeflateConfig::default() };
            (level, Deflate::new_with_config(config), Vec::new())
        });
        // The buffer is zeroed once, when it grows; a band keeps only the bytes written.
        let bound = zlib_rs::compress_bound(raw.len()) + 64;
        if out.len() < bound {
            out.resize(bound, 0);
        }
        let done = compressor.compress(raw, &mut out, DeflateFlush::SyncFlush);
        let (read, written) = (compressor.total_in(), compressor.total_out());
        let deflated = out[..usize::try_from(written).unwrap_or(0).min(out.len())].to_vec();
        compressor.reset();
        self.compressors.lock().unwrap_or_else(PoisonError::into_inner).push((level, compressor, out));
        done.map_err(|e| e.as_str().to_owned())?;
        if read != raw.len() as u64 {
            return Err("the compressor stopped short".to_owned());
        }
        Ok(deflated)
    }
}

/// `card` drawn with `painter` and encoded, with `key` in the PNG.
pub(super) fn png(card: &ShareCard, key: u64, painter: &Painter) -> Result<Vec<u8>, String> {
    let laid = lay_out(card, card.chart.as_ref().map(Drawing::size));
    let site = painter.shared(fingerprint(&("site", &card.site)), || {
        painter.band(WIDTH, (0, laid.title_top), SHARED_LEVEL, |pixmap, glyphs, at| {
            paint::pieces(pixmap, glyphs, &laid.site, at)
        })
    })?;
    let title = painter.band(WIDTH, (laid.title_top, laid.body_top), OWN_LEVEL, |pixmap, glyphs, at| {
        paint::pieces(pixmap, glyphs, &laid.title, at)
    })?;
    let placement = laid.chart.map(|p| (p.x.to_bits(), p.y.to_bits(), p.scale.to_bits()));
    let body_key = fingerprint(&("body", &laid.body, placement, laid.body_top, &card.chart));
    let body = painter.shared(body_key, || {
        painter.band(WIDTH, (laid.body_top, HEIGHT), SHARED_LEVEL, |pixmap, glyphs, at| {
            paint::pieces(pixmap, glyphs, &laid.body, at);
            if let (Some(chart), Some(p)) = (&card.chart, laid.chart) {
                let (scale, x, y) = (p.scale as f32, p.x as f32, p.y as f32);
                paint::marks(pixmap, glyphs, chart, at.pre_concat(Transform::from_row(scale, 0.0, 0.0, scale, x, y)));
            }
        })
    })?;
    encode(&[&site, &title, &body], WIDTH, key).map_err(|e| format!("cannot encode the PNG: {e}"))
}

/// `drawing` alone, `width` px wide (its height in proportion), encoded with `key` in the PNG: its
/// pixels are drawn once for the reports that show the same chart (`key` says what they are made of).
pub(super) fn chart_png(drawing: &Drawing, width: u32, key: u64, painter: &Painter) -> Result<Vec<u8>, String> {
    let scale = f64::from(width) / drawing.size().0.max(1.0);
    let height = super::chart_height(drawing, width);
    let band = painter.shared(key, || {
        painter.band(width, (0, height), SHARED_LEVEL, |pixmap, glyphs, at| {
            let scale = scale as f32;
            paint::marks(pixmap, glyphs, drawing, at.pre_concat(Transform::from_scale(scale, scale)));
        })
    })?;
    encode(&[&band], width, key).map_err(|e| format!("cannot encode the PNG: {e}"))
}

/// A band of rows, compressed: a piece of a deflate stream that ends on a byte boundary and is not the
/// last, with the Adler-32 and length of the bytes it holds.
struct Band {
    deflated: Vec<u8>,
    adler: u32,
    len: u64,
}

/// The bands as one PNG of `width` × the rows they hold.
fn encode(bands: &[&Band], width: u32, key: u64) -> Result<Vec<u8>, png::EncodingError> {
    let rows = bands.iter().map(|b| b.len).sum::<u64>() / (u64::from(width) + 1);
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
    let mut encoder = png::Encoder::new(&mut bytes, width, u32::try_from(rows).unwrap_or(HEIGHT));
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
    static COLOURS: OnceLock<Vec<[u8; 3]>> = OnceLock::new();
    COLOURS.get_or_init(|| {
        let background = rgb(BACKGROUND);
        let mut inks: Vec<[u8; 3]> = [INK, MUTED, GRID, Tone::Shade.color(false)].into_iter().map(rgb).collect();
        inks.extend(PALETTE.iter().flat_map(|entry| [rgb(entry[0]), rgb(entry[1])]));
        let mut colours = vec![background];
        let mut seen = vec![background];
        for ink in inks {
            if seen.contains(&ink) {
                continue;
            }
            seen.push(ink);
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

/// Which palette entry a pixel takes: a colour of the palette its own entry, any other (a shade on an
/// edge between two colours) the entry nearest to the middle of its cell of 8 levels per channel.
struct Nearest {
    exact: FxHashMap<[u8; 3], u8>,
    cells: Vec<u8>,
}

impl Nearest {
    fn get() -> &'static Nearest {
        static NEAREST: OnceLock<Nearest> = OnceLock::new();
        NEAREST.get_or_init(|| {
            let palette = palette();
            let mut exact = FxHashMap::default();
            for (i, colour) in palette.iter().enumerate().rev() {
                exact.insert(*colour, u8::try_from(i).unwrap_or(0));
            }
            let cells = (0..1usize << 15)
                .map(|cell| {
                    let middle = |shift: usize| (((cell >> shift) & 31) << 3 | 4) as i32;
                    let colour = [middle(10), middle(5), middle(0)];
                    let distance =
                        |p: &[u8; 3]| p.iter().zip(colour).map(|(a, b)| (i32::from(*a) - b).pow(2)).sum::<i32>();
                    let best = (0..palette.len()).min_by_key(|&i| (distance(&palette[i]), i)).unwrap_or(0);
                    u8::try_from(best).unwrap_or(0)
                })
                .collect();
            Nearest { exact, cells }
        })
    }

    fn index(&self, [r, g, b]: [u8; 3]) -> u8 {
        match self.exact.get(&[r, g, b]) {
            Some(index) => *index,
            None => self.cells[usize::from(r >> 3) << 10 | usize::from(g >> 3) << 5 | usize::from(b >> 3)],
        }
    }
}

/// `pixmap`'s rows (opaque: each band is painted over the background) as PNG scanlines of palette
/// indices, appended to `out`: each row's filter byte (none), then an index per pixel, found once per
/// run of equal pixels.
fn indices(pixmap: &PixmapMut, out: &mut Vec<u8>) {
    let nearest = Nearest::get();
    let width = pixmap.width() as usize;
    for row in pixmap.as_ref().pixels().chunks_exact(width) {
        out.push(0);
        for run in row.chunk_by(|a, b| a == b) {
            let pixel = run[0];
            let index = nearest.index([pixel.red(), pixel.green(), pixel.blue()]);
            out.resize(out.len() + run.len(), index);
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
    use tiny_skia::Rect;

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
        let nearest = Nearest::get();
        for colour in [INK, MUTED, GRID, PALETTE[0][0], PALETTE[4][1]] {
            assert_eq!(palette[usize::from(nearest.index(rgb(colour)))], rgb(colour), "{colour}");
        }
        // A shade half way from white to ink is kept to within a step.
        let half = nearest.index([141, 143, 145]);
        let [r, g, b] = palette[usize::from(half)];
        assert!((135..=147).contains(&r) && (137..=149).contains(&g) && (139..=151).contains(&b), "{r} {g} {b}");
    }

    #[test]
    fn bands_compressed_apart_join_into_one_picture() {
        let painter = Painter::default();
        let top = painter
            .band(WIDTH, (0, 3), OWN_LEVEL, |p, _, at| {
                let rect = Rect::from_xywh(0.0, 1.0, 10.0, 1.0).unwrap();
                p.fill_rect(rect, &paint::paint(INK, 1.0), at, None);
            })
            .unwrap();
        let bottom = painter
            .band(WIDTH, (3, 5), SHARED_LEVEL, |p, _, at| {
                let rect = Rect::from_xywh(5.0, 4.0, 2.0, 1.0).unwrap();
                p.fill_rect(rect, &paint::paint(PALETTE[0][0], 1.0), at, None);
            })
            .unwrap();
        let png = encode(&[&top, &bottom], WIDTH, 7).unwrap();
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
        let blank = Painter::default().band(WIDTH, (0, 1), OWN_LEVEL, |_, _, _| {}).unwrap();
        let png = encode(&[&blank], WIDTH, 0x0123_4567_89ab_cdef).unwrap();
        assert_eq!(key_of(&png), Some(0x0123_4567_89ab_cdef));
        assert_eq!(key_of(&png[..40]), None);
        assert_eq!(key_of(b"\x89PNG\r\n\x1a\n\xff\xff\xff\xff"), None);
        assert_eq!(key_of(b"GIF89a"), None);
    }
}
