//! Drawing a card: its SVG and its chart's, rendered by resvg into one opaque picture with the bundled
//! fonts only, and encoded as an RGB PNG that carries the card's key in a text chunk.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Pixmap, PremultipliedColorU8, Transform};
use resvg::usvg::{self, fontdb};

use super::layout::lay_out;
use super::{ShareCard, BOLD, BOOK, FAMILY, HEIGHT, WIDTH};

/// The keyword of the text chunk that holds a card's key.
const KEY_CHUNK: &str = "spendsite-card";

/// The bundled faces, and nothing else: every family a drawing names, generic or not, ends at them.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    Arc::clone(FONTS.get_or_init(|| {
        let mut fonts = fontdb::Database::new();
        fonts.load_font_data(BOOK.to_vec());
        fonts.load_font_data(BOLD.to_vec());
        fonts.set_serif_family(FAMILY);
        fonts.set_sans_serif_family(FAMILY);
        fonts.set_cursive_family(FAMILY);
        fonts.set_fantasy_family(FAMILY);
        fonts.set_monospace_family(FAMILY);
        Arc::new(fonts)
    }))
}

/// Parsing options that read nothing from the disk: the bundled fonts, and no images (a card's drawings
/// have none).
fn options() -> usvg::Options<'static> {
    usvg::Options {
        font_family: FAMILY.to_owned(),
        fontdb: fonts(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// `card` drawn and encoded, with `key` in the PNG.
pub(super) fn png(card: &ShareCard, key: u64) -> Result<Vec<u8>, String> {
    let options = options();
    let chart = match card.chart_svg.as_deref() {
        Some(svg) => {
            Some(usvg::Tree::from_str(svg, &options).map_err(|e| format!("the chart's SVG does not parse: {e}"))?)
        }
        None => None,
    };
    let size = chart.as_ref().map(|c| (f64::from(c.size().width()), f64::from(c.size().height())));
    let laid = lay_out(card, size);
    let tree = usvg::Tree::from_str(&laid.svg, &options).map_err(|e| format!("the card's SVG does not parse: {e}"))?;
    let mut pixmap = Pixmap::new(WIDTH, HEIGHT).ok_or("cannot make a picture of 1200 × 630 px")?;
    resvg::render(&tree, Transform::identity(), &mut pixmap.as_mut());
    if let (Some(chart), Some(at)) = (chart, laid.chart) {
        let (scale, x, y) = (at.scale as f32, at.x as f32, at.y as f32);
        resvg::render(&chart, Transform::from_row(scale, 0.0, 0.0, scale, x, y), &mut pixmap.as_mut());
    }
    encode(&pixmap, key).map_err(|e| format!("cannot encode the PNG: {e}"))
}

/// The picture as a PNG of palette indices: a card is a few flat colours and their anti-aliased
/// edges, which a palette of 256 holds (often all of them: then the PNG is exact), and an index per
/// pixel is a third of the data of RGB, so it deflates in a third of the time to a third of the size.
/// Level 1 takes 5 ms for a card, level 6 twice that for files a fifth smaller.
fn encode(pixmap: &Pixmap, key: u64) -> Result<Vec<u8>, png::EncodingError> {
    let (palette, indices) = indexed(pixmap);
    let mut bytes = Vec::with_capacity(64 * 1024);
    let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette.concat());
    encoder.set_deflate_compression(png::DeflateCompression::Level(1));
    encoder.set_filter(png::Filter::NoFilter);
    encoder.add_text_chunk(KEY_CHUNK.to_owned(), format!("{key:016x}"))?;
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&indices)?;
    writer.finish()?;
    Ok(bytes)
}

/// The picture's colours as RGB over white (at most 256: the most frequent, ties by colour), and each
/// pixel's index among them; a colour left out (a rare shade on an anti-aliased edge) takes the nearest
/// kept one. A card is mostly runs of one colour: the work is per run.
fn indexed(pixmap: &Pixmap) -> (Vec<[u8; 3]>, Vec<u8>) {
    let pixels = pixmap.pixels();
    let runs = || pixels.chunk_by(|a, b| a == b);
    let rgba = |p: PremultipliedColorU8| [p.red(), p.green(), p.blue(), p.alpha()];
    let mut table = ColourTable::default();
    for run in runs() {
        table.add(rgba(run[0]), run.len());
    }
    // The colours by count, most first; ties by colour, so that the palette depends on nothing else.
    let mut colours: Vec<([u8; 4], usize, usize)> = table.entries().collect();
    colours.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let palette: Vec<[u8; 3]> = colours.iter().take(256).map(|(c, ..)| over_white(*c)).collect();
    let distance =
        |a: [u8; 3], b: [u8; 3]| a.iter().zip(b).map(|(x, y)| (i32::from(*x) - i32::from(y)).pow(2)).sum::<i32>();
    // Each colour's index, by its slot in the table.
    let mut index = vec![0u8; table.slots.len()];
    for (rank, (colour, _, slot)) in colours.iter().enumerate() {
        let nearest = if rank < palette.len() {
            rank
        } else {
            let rgb = over_white(*colour);
            (0..palette.len()).min_by_key(|&j| (distance(rgb, palette[j]), j)).unwrap_or(0)
        };
        index[*slot] = u8::try_from(nearest).unwrap_or(0);
    }
    let mut indices = Vec::with_capacity(pixels.len());
    for run in runs() {
        indices.extend(std::iter::repeat_n(index[table.slot(rgba(run[0]))], run.len()));
    }
    (palette, indices)
}

/// How often each colour occurs: an open-addressing table, as a card has a few hundred colours in a
/// hundred thousand runs.
struct ColourTable {
    /// A colour and its count; a count of 0 is an empty slot.
    slots: Vec<([u8; 4], usize)>,
    used: usize,
}

impl Default for ColourTable {
    fn default() -> Self {
        ColourTable { slots: vec![([0; 4], 0); 1024], used: 0 }
    }
}

impl ColourTable {
    /// The slot that holds `colour`, or the empty one where it would go.
    fn slot(&self, colour: [u8; 4]) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = (u32::from_le_bytes(colour).wrapping_mul(0x9e37_79b9) >> 8) as usize & mask;
        while self.slots[at].1 != 0 && self.slots[at].0 != colour {
            at = (at + 1) & mask;
        }
        at
    }

    fn add(&mut self, colour: [u8; 4], count: usize) {
        if 2 * (self.used + 1) > self.slots.len() {
            let larger = vec![([0; 4], 0); 2 * self.slots.len()];
            let old = std::mem::replace(&mut self.slots, larger);
            self.used = 0;
            for (colour, count) in old.into_iter().filter(|(_, n)| *n > 0) {
                self.add(colour, count);
            }
        }
        let at = self.slot(colour);
        if self.slots[at].1 == 0 {
            self.used += 1;
            self.slots[at].0 = colour;
        }
        self.slots[at].1 += count;
    }

    /// Every colour with its count and slot.
    fn entries(&self) -> impl Iterator<Item = ([u8; 4], usize, usize)> + '_ {
        self.slots.iter().enumerate().filter(|(_, (_, n))| *n > 0).map(|(slot, (c, n))| (*c, *n, slot))
    }
}

/// A premultiplied RGBA pixel as RGB over white: each channel plus what the alpha leaves of white.
fn over_white([r, g, b, a]: [u8; 4]) -> [u8; 3] {
    let rest = 255 - a;
    [r.saturating_add(rest), g.saturating_add(rest), b.saturating_add(rest)]
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

    #[test]
    fn only_the_bundled_faces_are_known() {
        let fonts = fonts();
        let faces: Vec<(String, u16)> = fonts.faces().map(|f| (f.families[0].0.clone(), f.weight.0)).collect();
        assert_eq!(faces, [(FAMILY.to_owned(), 400), (FAMILY.to_owned(), 700)]);
    }

    /// The pixels of a PNG this module wrote, as RGB.
    fn decoded(png: &[u8]) -> Vec<[u8; 3]> {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
        let mut indices = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut indices).unwrap();
        let palette = reader.info().palette.as_deref().unwrap().to_vec();
        indices.iter().map(|&i| palette[3 * usize::from(i)..][..3].try_into().unwrap()).collect()
    }

    #[test]
    fn up_to_256_colours_are_kept_exactly_and_rare_ones_beyond_take_the_nearest() {
        // 300 colours: grey levels 0..=255 twice each, then 44 reds once each.
        let mut pixmap = Pixmap::new(556, 1).unwrap();
        let colours: Vec<[u8; 3]> =
            (0..=255u8).flat_map(|g| [[g, g, g]; 2]).chain((0..44).map(|r| [200 + r, 0, 0])).collect();
        for (pixel, [r, g, b]) in pixmap.pixels_mut().iter_mut().zip(&colours) {
            *pixel = PremultipliedColorU8::from_rgba(*r, *g, *b, 255).unwrap();
        }
        let pixels = decoded(&encode(&pixmap, 1).unwrap());
        assert_eq!(pixels[..512], colours[..512], "the 256 frequent colours are exact");
        // Each red is drawn as the grey nearest to it.
        assert!(pixels[512..].iter().all(|[r, g, b]| r == g && g == b), "{:?}", &pixels[512..]);
        assert_eq!(pixels[512], [67, 67, 67], "(200, 0, 0) is nearest to grey 67");
        // Drawn over white: a transparent pixel is white.
        let clear = Pixmap::new(2, 1).unwrap();
        assert_eq!(decoded(&encode(&clear, 1).unwrap()), [[255, 255, 255]; 2]);
    }

    #[test]
    fn a_key_is_read_back_and_nothing_else_is_taken_for_one() {
        let pixmap = Pixmap::new(2, 1).unwrap();
        let png = encode(&pixmap, 0x0123_4567_89ab_cdef).unwrap();
        assert_eq!(key_of(&png), Some(0x0123_4567_89ab_cdef));
        assert_eq!(key_of(&png[..40]), None);
        assert_eq!(key_of(b"\x89PNG\r\n\x1a\n\xff\xff\xff\xff"), None);
        assert_eq!(key_of(b"GIF89a"), None);
    }
}
