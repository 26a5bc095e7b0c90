//! Drawing on plotters' SVG backend, and finishing its output into an accessible SVG document.
//!
//! The backend draws without any font (text is placed at explicit positions; nothing here asks plotters
//! to measure text), writes integer coordinates and one element per line. What it cannot write is added
//! afterwards: every element drawn through [`Canvas`] is given a class recorded at the time it was drawn
//! (so dark mode, dashes and hollow markers come from the `<style>`), hatched rectangles get their pattern,
//! and the root gets `role`, `aria-labelledby`, `<title>`, `<desc>`, the `<style>` and the `<defs>`.

use std::fmt::Write;
use std::sync::OnceLock;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::markdown::escape_html;

/// The width and height of a chart's viewBox, in px.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: i32,
    pub height: i32,
}

impl Size {
    /// The chart as it is downloaded and shown in a wide column: 15 px text is ~9 px in a 343 px column.
    pub const WIDE: Size = Size { width: 560, height: 330 };
    /// The chart shown in a phone's column (~343 px on a 375 px screen): 15 px text renders at ~14 px.
    pub const NARROW: Size = Size { width: 360, height: 300 };
}

/// The prefix of every id in a standalone SVG; `figure_html` swaps it for one derived from the figure's id.
pub const ID_PREFIX: &str = "spendsite-chart";

/// Light-mode colours written as attributes (the `<style>` repeats them and adds dark mode).
pub const INK: RGBColor = RGBColor(0x1b, 0x1f, 0x24);
pub const MUTED: RGBColor = RGBColor(0x57, 0x60, 0x6a);
pub const GRID: RGBColor = RGBColor(0xd0, 0xd7, 0xde);
pub const BACKGROUND: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// One colour per series: light mode, soft light mode, dark mode, soft dark mode. Each full colour has at
/// least 3:1 contrast with the background of its mode (WCAG 1.4.11), and their lightness differs so that
/// neighbouring stacked series stay apart in greyscale.
/// The last entry is neutral: it marks legend swatches that stand for every series.
pub const PALETTE: [[&str; 4]; 7] = [
    ["#0b5cad", "#cfe1f5", "#7cb8f2", "#1f3650"],
    ["#b35900", "#f8dcc0", "#f0a35e", "#4a3018"],
    ["#1a7f37", "#cdebd6", "#56d37a", "#173d24"],
    ["#8250df", "#e6dcf8", "#c297ff", "#35285a"],
    ["#cf222e", "#f8d3d6", "#ff8182", "#4d1f23"],
    ["#4d5761", "#dde1e5", "#b8c0c8", "#2f3740"],
    ["#57606a", "#e6e9ec", "#a3acb5", "#2a3138"],
];

/// The palette entry of legend swatches that stand for every series.
pub const NEUTRAL: usize = PALETTE.len() - 1;

/// Where a text hangs from its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// What the finishing pass adds to one drawn element.
struct Mark {
    /// Space-separated class names, written with the `ssc-` prefix.
    class: String,
    /// For texts: the font size in px.
    size: Option<u32>,
    /// For hatched rectangles: the series whose pattern fills it.
    hatch: Option<usize>,
}

/// A drawing area on an SVG string that remembers the class of every element drawn.
pub struct Canvas<'b> {
    area: DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    marks: Vec<Mark>,
}

type Result<T> = std::result::Result<T, String>;

fn failed<E: std::fmt::Display>(e: E) -> String {
    format!("the chart could not be drawn: {e}")
}

/// What the root element says about the chart.
pub struct Head<'t> {
    pub title: &'t str,
    pub desc: &'t str,
}

/// Draws with `paint` on a fresh canvas and returns the finished, standalone SVG document.
pub fn render(head: &Head, size: Size, paint: impl FnOnce(&mut Canvas) -> Result<()>) -> Result<String> {
    let mut raw = String::with_capacity(24 * 1024);
    let marks = {
        let dimensions = (size.width.max(1) as u32, size.height.max(1) as u32);
        let backend = SVGBackend::with_string(&mut raw, dimensions);
        let mut canvas = Canvas { area: backend.into_drawing_area(), marks: Vec::with_capacity(128) };
        paint(&mut canvas)?;
        canvas.area.present().map_err(failed)?;
        canvas.marks
    };
    finish(&raw, head, size, &marks)
}

impl Canvas<'_> {
    fn mark(&mut self, class: &str) {
        self.marks.push(Mark { class: class.to_owned(), size: None, hatch: None });
    }

    /// A filled rectangle (`fill`) or its 2 px outline.
    pub fn rect(&mut self, class: &str, corners: [(i32, i32); 2], color: &RGBColor, fill: bool) -> Result<()> {
        let style = if fill { color.filled() } else { color.stroke_width(2) };
        self.area.draw(&Rectangle::new(corners, style)).map_err(failed)?;
        self.mark(class);
        Ok(())
    }

    /// A rectangle filled with the hatch pattern of palette entry `series`.
    pub fn hatch(&mut self, series: usize, corners: [(i32, i32); 2]) -> Result<()> {
        self.area.draw(&Rectangle::new(corners, GRID.filled())).map_err(failed)?;
        self.marks.push(Mark { class: "hatch".to_owned(), size: None, hatch: Some(series) });
        Ok(())
    }

    pub fn polyline(&mut self, class: &str, points: Vec<(i32, i32)>, color: &RGBColor, width: u32) -> Result<()> {
        self.area.draw(&PathElement::new(points, color.stroke_width(width))).map_err(failed)?;
        self.mark(class);
        Ok(())
    }

    pub fn polygon(&mut self, class: &str, points: Vec<(i32, i32)>, color: &RGBColor) -> Result<()> {
        self.area.draw(&Polygon::new(points, color.filled())).map_err(failed)?;
        self.mark(class);
        Ok(())
    }

    pub fn circle(&mut self, class: &str, center: (i32, i32), radius: i32, color: &RGBColor) -> Result<()> {
        self.area.draw(&Circle::new(center, radius, color.filled())).map_err(failed)?;
        self.mark(class);
        Ok(())
    }

    /// `text` vertically centred on `pos.1`, hanging from `pos.0` as `anchor` says.
    pub fn text(&mut self, class: &str, text: &str, pos: (i32, i32), size: u32, anchor: Anchor) -> Result<()> {
        let h = match anchor {
            Anchor::Start => HPos::Left,
            Anchor::Middle => HPos::Center,
            Anchor::End => HPos::Right,
        };
        let font = ("sans-serif", f64::from(size)).into_font();
        let style = TextStyle::from(font).color(&INK).pos(Pos::new(h, VPos::Center));
        self.area.draw_text(&one_line(text), &style, pos).map_err(failed)?;
        self.marks.push(Mark { class: class.to_owned(), size: Some(size), hatch: None });
        Ok(())
    }
}

/// Control characters (a newline in a label, say) would break the one-line-per-element output.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Rewrites the backend's output: a new root with title, desc, style and patterns, and every element
/// with its class (plotters writes one element per line, a text's content on the line after it).
fn finish(raw: &str, head: &Head, size: Size, marks: &[Mark]) -> Result<String> {
    let mut out = String::with_capacity(raw.len() + 8 * 1024);
    root(&mut out, head, size, marks);
    let mut lines = raw.lines().skip(1);
    let mut marks = marks.iter();
    while let Some(line) = lines.next() {
        if line == "</svg>" {
            break;
        }
        let mark = marks.next().ok_or_else(|| failed("more elements than were drawn"))?;
        element(&mut out, line, mark);
        if line.starts_with("<text") {
            out.push_str(lines.next().unwrap_or_default());
            out.push_str(lines.next().unwrap_or_default());
            out.push('\n');
        }
    }
    if marks.next().is_some() {
        return Err(failed("fewer elements than were drawn"));
    }
    out.push_str("</svg>\n");
    Ok(out)
}

/// One element with its class (and pattern or font size), without plotters' default `opacity="1"`.
fn element(out: &mut String, line: &str, mark: &Mark) {
    let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
    let classes: Vec<String> = mark.class.split(' ').map(|c| format!("ssc-{c}")).collect();
    let _ = write!(out, "{tag} class=\"{}\" ", classes.join(" "));
    let mut rest = rest.replace(" opacity=\"1\"", "");
    if let Some(series) = mark.hatch {
        rest = rest.replacen(
            &format!("fill=\"{}\"", hex(&GRID)),
            &format!("fill=\"url(#{ID_PREFIX}-hatch-{series})\""),
            1,
        );
    }
    if let (Some(size), Some(start)) = (mark.size, rest.find(" font-size=\"")) {
        let end = rest[start + 12..].find('"').map_or(rest.len(), |e| start + 12 + e + 1);
        rest.replace_range(start..end, &format!(" font-size=\"{size}\""));
        rest = rest.replacen(" font-family=\"sans-serif\"", "", 1);
    }
    out.push_str(&rest);
    if !line.starts_with("<text") {
        out.push('\n');
    }
}

fn hex(c: &RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// The root element, its title and desc, the style and the hatch patterns of the series drawn hatched.
fn root(out: &mut String, head: &Head, size: Size, marks: &[Mark]) {
    let p = ID_PREFIX;
    let Size { width, height } = size;
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ssc\" role=\"img\" aria-labelledby=\"{p}-title {p}-desc\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\">\n<title id=\"{p}-title\">{}</title>\n<desc id=\"{p}-desc\">{}</desc>\n",
        escape(head.title),
        escape(head.desc)
    );
    out.push_str(style());
    let mut hatched: Vec<usize> = marks.iter().filter_map(|m| m.hatch).collect();
    hatched.sort_unstable();
    hatched.dedup();
    if hatched.is_empty() {
        return;
    }
    out.push_str("<defs>\n");
    for s in hatched {
        let [full, soft, ..] = PALETTE[s.min(PALETTE.len() - 1)];
        let _ = writeln!(
            out,
            "<pattern id=\"{p}-hatch-{s}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect class=\"ssc-soft{s}\" width=\"6\" height=\"6\" fill=\"{soft}\"/><line class=\"ssc-stroke{s}\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{full}\" stroke-width=\"2.5\"/></pattern>"
        );
    }
    out.push_str("</defs>\n");
}

/// Escapes text for XML and HTML content and attribute values; control characters (other than a newline),
/// which XML does not allow, become spaces.
pub fn escape(text: &str) -> String {
    escape_html(&text.replace(|c: char| c.is_control() && c != '\n', " "))
}

/// The `<style>`: light colours, then dark ones; scoped to `.ssc` because an inline SVG's style applies
/// to the whole page.
fn style() -> &'static str {
    static STYLE: OnceLock<String> = OnceLock::new();
    STYLE.get_or_init(|| {
        let mut css = String::from("<style>\n.ssc{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",sans-serif}\n");
        css += ".ssc .ssc-title,.ssc .ssc-label{font-weight:600}\n.ssc .ssc-label{paint-order:stroke;stroke-width:4px;stroke-linejoin:round}\n";
        css += ".ssc .ssc-est{stroke-dasharray:6 4}\n.ssc .ssc-mean{stroke-dasharray:8 5}\n.ssc .ssc-hollow,.ssc .ssc-outline{stroke-width:2px}\n";
        css += ".ssc .ssc-seg{stroke-width:1px}\n.ssc .ssc-area{fill-opacity:.18}\n";
        colors(&mut css, ["#ffffff", "#1b1f24", "#57606a", "#d0d7de"], 0);
        css += "@media (prefers-color-scheme:dark){\n";
        colors(&mut css, ["#0f1418", "#e6e9ec", "#a3acb5", "#36404a"], 2);
        css += "}\n</style>\n";
        css
    })
}

/// The colour rules of one mode: `base` is background, ink, muted and grid; `column` picks the palette's
/// light or dark colours.
fn colors(css: &mut String, base: [&str; 4], column: usize) {
    let [bg, ink, muted, grid] = base;
    let _ = writeln!(css, ".ssc .ssc-bg{{fill:{bg}}}\n.ssc text{{fill:{ink}}}\n.ssc .ssc-muted{{fill:{muted}}}");
    let _ =
        writeln!(css, ".ssc .ssc-label{{stroke:{bg}}}\n.ssc .ssc-seg{{stroke:{bg}}}\n.ssc .ssc-hollow{{fill:{bg}}}");
    let _ = writeln!(
        css,
        ".ssc .ssc-grid{{stroke:{grid}}}\n.ssc .ssc-axis{{stroke:{muted}}}\n.ssc .ssc-mean{{stroke:{ink}}}"
    );
    for (i, entry) in PALETTE.iter().enumerate() {
        let (full, soft) = (entry[column], entry[column + 1]);
        let _ = writeln!(
            css,
            ".ssc .ssc-f{i}{{fill:{full}}}.ssc .ssc-stroke{i}{{stroke:{full}}}.ssc .ssc-soft{i}{{fill:{soft}}}"
        );
    }
}
