//! The few SVG elements the charts need, written directly: rectangles (filled, outlined or hatched),
//! polylines, polygons, circles and one-line texts, each with the classes that let the `<style>` set
//! dark-mode colours, dashes and hollow markers.
//!
//! A [`Canvas`] collects the elements of one chart into a [`Drawing`]; the drawing is written out as a
//! document with the ids a page needs ([`Drawing::write`]): a standalone file keeps [`ID_PREFIX`], a
//! chart inline in a page takes ids derived from its figure's id, so that two charts on a page never
//! share one. All text and attribute values go through `markup::escape`.

use std::fmt::Write;
use std::sync::OnceLock;

use super::style::{Look, Tone};
use crate::markup::escape;

/// The width of a hatch pattern's lines, 6 px apart.
const HATCH_WIDTH: f32 = 2.5;

/// The width and height of a chart's viewBox, in px.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Size {
    pub width: i32,
    pub height: i32,
}

impl Size {
    /// The chart as it is downloaded and shown in a wide column: 15 px text is ~9 px in a 343 px column.
    pub(super) const WIDE: Size = Size { width: 560, height: 330 };
    /// The chart shown in a phone's column (~343 px on a 375 px screen): 15 px text renders at ~14 px.
    pub(super) const NARROW: Size = Size { width: 360, height: 300 };
}

/// The prefix of every id in a standalone SVG.
pub(super) const ID_PREFIX: &str = "spendsite-chart";

/// Light-mode colours written as attributes (the `<style>` repeats them and adds dark mode).
pub(crate) const INK: &str = "#1b1f24";
pub(crate) const MUTED: &str = "#57606a";
pub(crate) const GRID: &str = "#d0d7de";
pub(crate) const BACKGROUND: &str = "#ffffff";
/// The fill of an annotation's shaded range: a tint the grid and every mark stay visible on.
pub(crate) const SHADE: &str = "#eef1f4";

/// One colour per series: light mode, soft light mode, dark mode, soft dark mode. Each full colour has at
/// least 3:1 contrast with the background of its mode (WCAG 1.4.11), and their lightness differs so that
/// neighbouring stacked series stay apart in greyscale.
/// The last entry is neutral: it marks legend swatches that stand for every series.
pub(crate) const PALETTE: [[&str; 4]; 7] = [
    ["#0b5cad", "#cfe1f5", "#7cb8f2", "#1f3650"],
    ["#b35900", "#f8dcc0", "#f0a35e", "#4a3018"],
    ["#1a7f37", "#cdebd6", "#56d37a", "#173d24"],
    ["#8250df", "#e6dcf8", "#c297ff", "#35285a"],
    ["#cf222e", "#f8d3d6", "#ff8182", "#4d1f23"],
    ["#4d5761", "#dde1e5", "#b8c0c8", "#2f3740"],
    ["#57606a", "#e6e9ec", "#a3acb5", "#2a3138"],
];

/// The palette entry of legend swatches that stand for every series.
pub(crate) const NEUTRAL: usize = PALETTE.len() - 1;

/// The light-mode colour of palette entry `s`.
pub(crate) fn color(s: usize) -> &'static str {
    PALETTE[s.min(NEUTRAL)][0]
}

/// Where a text hangs from its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn name(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// How a shape is painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Paint {
    Fill(&'static str),
    /// A 2 px outline (its width comes from the `<style>`).
    Outline(&'static str),
    /// The hatch pattern of palette entry `s`.
    Hatch(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Shape {
    Rect { x: i32, y: i32, width: i32, height: i32, paint: Paint },
    Polyline { points: Vec<(i32, i32)>, color: &'static str, width: u32 },
    Polygon { points: Vec<(i32, i32)>, color: &'static str },
    Circle { center: (i32, i32), radius: i32, color: &'static str },
    Text { text: String, at: (i32, i32), size: u32, anchor: Anchor },
}

/// One element and its classes (space-separated, written with the `ssc-` prefix).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Element {
    class: String,
    shape: Shape,
}

/// What the root element says about the chart.
pub(super) struct Head<'t> {
    pub title: &'t str,
    pub desc: &'t str,
}

/// A drawn chart, ready to be written as SVG with the ids of the page that shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Drawing {
    size: Size,
    title: String,
    desc: String,
    elements: Vec<Element>,
}

/// Collects the elements of one chart, in drawing order.
pub(super) struct Canvas {
    elements: Vec<Element>,
}

/// Draws with `paint` on a fresh canvas.
pub(super) fn render(head: &Head, size: Size, paint: impl FnOnce(&mut Canvas)) -> Drawing {
    let mut canvas = Canvas { elements: Vec::with_capacity(128) };
    paint(&mut canvas);
    Drawing { size, title: head.title.to_owned(), desc: head.desc.to_owned(), elements: canvas.elements }
}

impl Canvas {
    fn push(&mut self, class: &str, shape: Shape) {
        self.elements.push(Element { class: class.to_owned(), shape });
    }

    /// A filled rectangle (`fill`) or its outline, between two corners.
    pub(super) fn rect(&mut self, class: &str, corners: [(i32, i32); 2], color: &'static str, fill: bool) {
        let paint = if fill { Paint::Fill(color) } else { Paint::Outline(color) };
        self.push(class, rect(corners, paint))
    }

    /// A rectangle filled with the hatch pattern of palette entry `series`.
    pub(super) fn hatch(&mut self, series: usize, corners: [(i32, i32); 2]) {
        self.push("hatch", rect(corners, Paint::Hatch(series.min(NEUTRAL))))
    }

    pub(super) fn polyline(&mut self, class: &str, points: Vec<(i32, i32)>, color: &'static str, width: u32) {
        self.push(class, Shape::Polyline { points, color, width })
    }

    pub(super) fn polygon(&mut self, class: &str, points: Vec<(i32, i32)>, color: &'static str) {
        self.push(class, Shape::Polygon { points, color })
    }

    pub(super) fn circle(&mut self, class: &str, center: (i32, i32), radius: i32, color: &'static str) {
        self.push(class, Shape::Circle { center, radius, color })
    }

    /// `text` vertically centred on `at.1`, hanging from `at.0` as `anchor` says.
    pub(super) fn text(&mut self, class: &str, text: &str, at: (i32, i32), size: u32, anchor: Anchor) {
        self.push(class, Shape::Text { text: text.to_owned(), at, size, anchor })
    }
}

fn rect([a, b]: [(i32, i32); 2], paint: Paint) -> Shape {
    let (x, y) = (a.0.min(b.0), a.1.min(b.1));
    Shape::Rect { x, y, width: (a.0 - b.0).abs(), height: (a.1 - b.1).abs(), paint }
}

impl Drawing {
    /// The chart as a standalone SVG document (the `datasets/<id>.svg` download).
    pub fn standalone(&self) -> String {
        self.write(ID_PREFIX, "class=\"ssc\"", true)
    }

    /// The SVG with every id starting `ids` (its title, desc and patterns), and `root_attributes` (at least
    /// `class="ssc …"`, which scopes the `<style>`) on the root element.
    /// `style`: with the whole `<style>` (a standalone file); without, a chart in a page, whose stylesheet
    /// has the rules, carries only those a page's stylesheet cannot (`style::svg_only_css`).
    pub fn write(&self, ids: &str, root_attributes: &str, style: bool) -> String {
        let mut out = String::with_capacity(12 * 1024 + self.elements.len() * 120);
        let Size { width, height } = self.size;
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" {root_attributes} role=\"img\" aria-labelledby=\"{ids}-title {ids}-desc\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\">\n<title id=\"{ids}-title\">{}</title>\n<desc id=\"{ids}-desc\">{}</desc>\n",
            escape(&self.title),
            escape(&self.desc)
        );
        if style {
            out.push_str(self::style());
        } else if self.elements.iter().any(|e| super::style::has_halo(&e.class)) {
            let _ = write!(out, "<style>\n{}</style>\n", super::style::svg_only_css());
        }
        self.patterns(&mut out, ids);
        for element in &self.elements {
            element.write(&mut out, ids);
        }
        out.push_str("</svg>\n");
        out
    }

    /// The hatch patterns of the series drawn hatched.
    fn patterns(&self, out: &mut String, ids: &str) {
        let mut hatched: Vec<usize> = self
            .elements
            .iter()
            .filter_map(|e| match e.shape {
                Shape::Rect { paint: Paint::Hatch(s), .. } => Some(s),
                _ => None,
            })
            .collect();
        hatched.sort_unstable();
        hatched.dedup();
        if hatched.is_empty() {
            return;
        }
        out.push_str("<defs>\n");
        for s in hatched {
            let [full, soft, ..] = PALETTE[s];
            let _ = writeln!(
                out,
                "<pattern id=\"{ids}-hatch-{s}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect class=\"ssc-soft{s}\" width=\"6\" height=\"6\" fill=\"{soft}\"/><line class=\"ssc-stroke{s}\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{full}\" stroke-width=\"{HATCH_WIDTH}\"/></pattern>"
            );
        }
        out.push_str("</defs>\n");
    }
}

/// A chart element as a raster drawing paints it: its shape in the drawing's px, and how it looks in
/// light mode (its attributes with the class rules applied, as a browser would).
pub(crate) struct Mark<'d> {
    pub shape: MarkShape<'d>,
    pub look: Look,
}

pub(crate) enum MarkShape<'d> {
    Rect {
        x: i32,
        y: i32,
        width: i32,
        height: i32,
    },
    /// A rectangle filled with the look's fill and hatched with lines of its stroke, rising at 45°, 6 px
    /// apart (the SVG's pattern).
    Hatch {
        x: i32,
        y: i32,
        width: i32,
        height: i32,
    },
    Polyline(&'d [(i32, i32)]),
    Polygon(&'d [(i32, i32)]),
    Circle {
        center: (i32, i32),
        radius: i32,
    },
    /// One line, vertically centred on `at.1` (the SVG's `dy="0.5ex"`: a quarter of `size` above the
    /// baseline), hanging from `at.0` as `anchor` says.
    Text {
        text: &'d str,
        at: (i32, i32),
        size: u32,
        anchor: Anchor,
    },
}

impl Drawing {
    /// The drawing's width and height in px.
    /// Its title, as in its `<title>`.
    pub(crate) fn title(&self) -> &str {
        &self.title
    }

    pub(crate) fn size(&self) -> (f64, f64) {
        (f64::from(self.size.width), f64::from(self.size.height))
    }

    /// Its elements in drawing order, for a raster drawing.
    pub(crate) fn marks(&self) -> impl Iterator<Item = Mark<'_>> {
        self.elements.iter().map(Element::mark)
    }
}

impl Element {
    fn mark(&self) -> Mark<'_> {
        let fill = |color: &'static str| Look { fill: Some(color), ..Look::default() };
        let stroke = |color: &'static str, width: u32| Look {
            fill: None,
            stroke: Some(color),
            stroke_width: width as f32,
            ..Look::default()
        };
        let (shape, look) = match &self.shape {
            Shape::Rect { x, y, width, height, paint } => {
                let (x, y, width, height) = (*x, *y, *width, *height);
                match paint {
                    Paint::Fill(color) => (MarkShape::Rect { x, y, width, height }, fill(color)),
                    Paint::Outline(color) => (MarkShape::Rect { x, y, width, height }, stroke(color, 1)),
                    Paint::Hatch(s) => {
                        let look = Look {
                            fill: Some(Tone::Soft(*s).color(false)),
                            stroke: Some(Tone::Full(*s).color(false)),
                            stroke_width: HATCH_WIDTH,
                            ..Look::default()
                        };
                        return Mark { shape: MarkShape::Hatch { x, y, width, height }, look };
                    }
                }
            }
            Shape::Polyline { points, color, width } => (MarkShape::Polyline(points), stroke(color, *width)),
            Shape::Polygon { points, color } => (MarkShape::Polygon(points), fill(color)),
            Shape::Circle { center, radius, color } => {
                (MarkShape::Circle { center: *center, radius: *radius }, fill(color))
            }
            Shape::Text { text, at, size, anchor } => {
                let shape = MarkShape::Text { text, at: *at, size: *size, anchor: *anchor };
                return Mark { shape, look: fill(INK).resolve(&self.class, true) };
            }
        };
        Mark { shape, look: look.resolve(&self.class, false) }
    }

    fn write(&self, out: &mut String, ids: &str) {
        let class: Vec<String> = self.class.split(' ').map(|c| format!("ssc-{c}")).collect();
        let class = class.join(" ");
        let points =
            |points: &[(i32, i32)]| points.iter().map(|(x, y)| format!("{x},{y}")).collect::<Vec<_>>().join(" ");
        let _ = match &self.shape {
            Shape::Rect { x, y, width, height, paint } => {
                let paint = match paint {
                    Paint::Fill(color) => format!("fill=\"{color}\""),
                    Paint::Outline(color) => format!("fill=\"none\" stroke=\"{color}\""),
                    Paint::Hatch(s) => format!("fill=\"url(#{ids}-hatch-{s})\""),
                };
                writeln!(out, "<rect class=\"{class}\" x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"{height}\" {paint}/>")
            }
            Shape::Polyline { points: p, color, width } => writeln!(
                out,
                "<polyline class=\"{class}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{width}\" points=\"{}\"/>",
                points(p)
            ),
            Shape::Polygon { points: p, color } => {
                writeln!(out, "<polygon class=\"{class}\" points=\"{}\" fill=\"{color}\"/>", points(p))
            }
            Shape::Circle { center: (x, y), radius, color } => {
                writeln!(out, "<circle class=\"{class}\" cx=\"{x}\" cy=\"{y}\" r=\"{radius}\" fill=\"{color}\"/>")
            }
            Shape::Text { text, at: (x, y), size, anchor } => writeln!(
                out,
                "<text class=\"{class}\" x=\"{x}\" y=\"{y}\" dy=\"0.5ex\" text-anchor=\"{}\" font-size=\"{size}\" fill=\"{INK}\">{}</text>",
                anchor.name(),
                escape(text)
            ),
        };
    }
}

/// The `<style>` of a chart SVG (see `style`).
fn style() -> &'static str {
    static STYLE: OnceLock<String> = OnceLock::new();
    STYLE.get_or_init(|| format!("<style>\n{}{}</style>\n", super::style::css(), super::style::svg_only_css()))
}
