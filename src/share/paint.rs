//! Painting a card's pieces and a chart's marks onto a pixmap with tiny-skia, as the chart's SVG looks in
//! light mode: each mark's look comes from `chart::Drawing::marks`, which resolves its classes with the
//! rules its `<style>` is written from.

use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, Path, PathBuilder, PixmapMut, Rect, Stroke, StrokeDash, Transform,
};

use super::glyphs::{Font, Glyphs, Run};
use super::layout::Piece;
use crate::chart::{Anchor, Drawing, Look, MarkShape, INK};

pub(super) fn rgb(hex: &str) -> [u8; 3] {
    let channel = |i: usize| hex.get(1 + 2 * i..3 + 2 * i).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
    [channel(0), channel(1), channel(2)]
}

pub(super) fn color(hex: &str, opacity: f32) -> Color {
    let [r, g, b] = rgb(hex);
    Color::from_rgba8(r, g, b, (opacity.clamp(0.0, 1.0) * 255.0).round() as u8)
}

pub(super) fn paint(hex: &str, opacity: f32) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(color(hex, opacity));
    paint.anti_alias = true;
    paint
}

/// The card's own pieces.
pub(super) fn pieces(pixmap: &mut PixmapMut, glyphs: &Glyphs, pieces: &[Piece], at: Transform) {
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
                run.draw(pixmap, glyphs, self::color(color, 1.0), None, at);
            }
        }
    }
}

/// A chart's marks, as its SVG looks in light mode.
pub(super) fn marks(pixmap: &mut PixmapMut, glyphs: &Glyphs, drawing: &Drawing, at: Transform) {
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
                let width = face.face().width(text, size);
                let x = f64::from(x)
                    - match anchor {
                        Anchor::Start => 0.0,
                        Anchor::Middle => width / 2.0,
                        Anchor::End => width,
                    };
                let run = Run { text, face, size, x, baseline: f64::from(y) + size / 4.0 };
                let halo = look.stroke.filter(|_| look.halo).map(|c| (paint(c, 1.0), look.stroke_width));
                let fill = color(look.fill.unwrap_or(INK), look.fill_opacity);
                run.draw(pixmap, glyphs, fill, halo.as_ref(), at);
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
fn shape(pixmap: &mut PixmapMut, path: &Path, look: &Look, at: Transform) {
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

/// A hatched rectangle: the fill, and stripes of the stroke's colour where `x + y` is a multiple of the
/// pattern's period (6 px across, rotated 45°), clipped to the rectangle, as the SVG's pattern tiles
/// clip them (a line 2.5 px wide at a tile's edge shows its inner half). Each stripe is cut to the
/// rectangle as a polygon, so no mask of the picture's size is painted and read for every hatch.
fn hatch(pixmap: &mut PixmapMut, (x, y, width, height): (i32, i32, i32, i32), look: &Look, at: Transform) {
    let Some(rect) = Rect::from_xywh(x as f32, y as f32, width as f32, height as f32) else { return };
    if let Some(fill) = look.fill {
        pixmap.fill_path(&PathBuilder::from_rect(rect), &paint(fill, 1.0), FillRule::Winding, at, None);
    }
    let Some(stroke) = look.stroke else { return };
    let period = 6.0 * std::f32::consts::SQRT_2;
    // The stripe's width across `x + y`: the visible half of the line, measured along the diagonal.
    let across = look.stroke_width / 2.0 * std::f32::consts::SQRT_2;
    let corners = [
        (rect.left(), rect.top()),
        (rect.right(), rect.top()),
        (rect.right(), rect.bottom()),
        (rect.left(), rect.bottom()),
    ];
    let (low, high) = (rect.left() + rect.top(), rect.right() + rect.bottom());
    let mut stripes = PathBuilder::new();
    let mut k = (low / period).floor();
    while k * period < high {
        let from = k * period;
        let cut = clip(&clip(&corners, |(x, y)| x + y - from), |(x, y)| from + across - (x + y));
        if let Some((first, rest)) = cut.split_first() {
            stripes.move_to(first.0, first.1);
            rest.iter().for_each(|&(x, y)| stripes.line_to(x, y));
            stripes.close();
        }
        k += 1.0;
    }
    if let Some(stripes) = stripes.finish() {
        pixmap.fill_path(&stripes, &paint(stroke, 1.0), FillRule::Winding, at, None);
    }
}

/// The part of the convex polygon `points` where `side` is at least 0 (Sutherland and Hodgman's step for
/// one edge; `side` is linear, so an edge crosses 0 where it interpolates to 0).
fn clip(points: &[(f32, f32)], side: impl Fn((f32, f32)) -> f32) -> Vec<(f32, f32)> {
    let mut out = Vec::with_capacity(points.len() + 2);
    for (i, &a) in points.iter().enumerate() {
        let b = points[(i + 1) % points.len()];
        let (sa, sb) = (side(a), side(b));
        if sa >= 0.0 {
            out.push(a);
        }
        if (sa >= 0.0) != (sb >= 0.0) {
            let t = sa / (sa - sb);
            out.push((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
        }
    }
    out
}
