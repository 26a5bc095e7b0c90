//! How a chart's classes look: one table of rules, from which both the `<style>` of an SVG (light and
//! dark mode) and the resolved look of each element for a raster drawing (light mode: share cards, chart
//! PNGs) are made, so that a class can only look the same in both.

use std::fmt::Write;
use std::sync::OnceLock;

use super::svg::{BACKGROUND, GRID, INK, MUTED, PALETTE, SHADE};

/// A colour of the theme, which each mode gives its own value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Tone {
    Background,
    Ink,
    Muted,
    Grid,
    Shade,
    /// Palette entry `s`, full strength.
    Full(usize),
    /// Palette entry `s`, the soft tint of hatching.
    Soft(usize),
}

impl Tone {
    /// The colour in light mode (`dark: false`) or dark mode.
    pub(crate) fn color(self, dark: bool) -> &'static str {
        let [background, ink, muted, grid, shade] = if dark {
            ["#0f1418", "#e6e9ec", "#a3acb5", "#36404a", "#1b232b"]
        } else {
            [BACKGROUND, INK, MUTED, GRID, SHADE]
        };
        let column = if dark { 2 } else { 0 };
        match self {
            Tone::Background => background,
            Tone::Ink => ink,
            Tone::Muted => muted,
            Tone::Grid => grid,
            Tone::Shade => shade,
            Tone::Full(s) => PALETTE[s.min(PALETTE.len() - 1)][column],
            Tone::Soft(s) => PALETTE[s.min(PALETTE.len() - 1)][column + 1],
        }
    }
}

/// What a rule sets on the elements it matches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Set {
    Fill(Tone),
    Stroke(Tone),
    StrokeWidth(f32),
    /// Dash and gap, in px.
    Dash(f32, f32),
    /// Weight 600 (the bundled bold face in a raster drawing).
    Bold,
    /// The stroke painted under the fill, 4 px wide with round joins: a halo that keeps a label legible
    /// over marks.
    Halo,
    FillOpacity(f32),
}

/// Which elements a rule matches: every text, or the elements with a class (written `ssc-<class>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Selector {
    Text,
    Class(String),
}

/// The rules in the order of the cascade: a later rule wins over an earlier one. Every selector but
/// `Text` has the same specificity in CSS (`.ssc .ssc-x`), and `.ssc text` has less, so it comes first.
pub(crate) fn rules() -> &'static [(Vec<Selector>, Vec<Set>)] {
    static RULES: OnceLock<Vec<(Vec<Selector>, Vec<Set>)>> = OnceLock::new();
    RULES.get_or_init(|| {
        let class = |names: &[&str]| names.iter().map(|n| Selector::Class((*n).to_owned())).collect::<Vec<_>>();
        let mut rules = vec![
            (vec![Selector::Text], vec![Set::Fill(Tone::Ink)]),
            (class(&["title", "label"]), vec![Set::Bold]),
            (class(&["label"]), vec![Set::Halo, Set::Stroke(Tone::Background)]),
            (class(&["est"]), vec![Set::Dash(6.0, 4.0)]),
            (class(&["mean"]), vec![Set::Dash(8.0, 5.0)]),
            (class(&["hollow", "outline"]), vec![Set::StrokeWidth(2.0)]),
            (class(&["seg"]), vec![Set::StrokeWidth(1.0), Set::Stroke(Tone::Background)]),
            (class(&["area"]), vec![Set::FillOpacity(0.18)]),
            (class(&["ref"]), vec![Set::Dash(2.0, 3.0)]),
            (class(&["bg"]), vec![Set::Fill(Tone::Background)]),
            (class(&["muted"]), vec![Set::Fill(Tone::Muted)]),
            (class(&["hollow"]), vec![Set::Fill(Tone::Background)]),
            (class(&["grid"]), vec![Set::Stroke(Tone::Grid)]),
            (class(&["axis", "leader"]), vec![Set::Stroke(Tone::Muted)]),
            (class(&["mean", "ref"]), vec![Set::Stroke(Tone::Ink)]),
            (class(&["shade"]), vec![Set::Fill(Tone::Shade)]),
        ];
        for s in 0..PALETTE.len() {
            rules.push((class(&[&format!("f{s}")]), vec![Set::Fill(Tone::Full(s))]));
            rules.push((class(&[&format!("stroke{s}")]), vec![Set::Stroke(Tone::Full(s))]));
            rules.push((class(&[&format!("soft{s}")]), vec![Set::Fill(Tone::Soft(s))]));
        }
        rules
    })
}

/// The rules for a page's stylesheet: their colours in light mode, then in dark mode; scoped to `.ssc`
/// because an inline SVG's style applies to the whole page. Without what only an SVG's own `<style>`
/// may say ([`svg_only_css`]).
pub(crate) fn css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        let mut css = String::from(
            ".ssc{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",sans-serif;font-variant-numeric:tabular-nums}\n",
        );
        write_rules(&mut css, None);
        write_rules(&mut css, Some(false));
        css += "@media (prefers-color-scheme:dark){\n";
        write_rules(&mut css, Some(true));
        css += "}\n";
        css
    })
}

/// The rules a stylesheet of a page cannot hold: `paint-order` (the halo's), which SVG has and CSS
/// validators do not know. An SVG that draws a halo carries them in its own `<style>`.
pub(crate) fn svg_only_css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        let halo: Vec<String> = rules()
            .iter()
            .filter(|(_, sets)| sets.contains(&Set::Halo))
            .flat_map(|(selectors, _)| selectors.iter().map(selector))
            .collect();
        format!("{}{{paint-order:stroke}}\n", halo.join(","))
    })
}

/// Whether an element with `classes` is drawn with a halo.
pub(crate) fn has_halo(classes: &str) -> bool {
    Look::default().resolve(classes, true).halo
}

fn selector(selector: &Selector) -> String {
    match selector {
        Selector::Text => ".ssc text".to_owned(),
        Selector::Class(c) => format!(".ssc .ssc-{c}"),
    }
}

/// The rules' declarations without colours (`colours: None`), or only their colours in one mode.
fn write_rules(css: &mut String, colours: Option<bool>) {
    for (selectors, sets) in rules() {
        let mut declarations = String::new();
        for set in sets {
            let declaration = match (set, colours) {
                (Set::Fill(tone), Some(dark)) => format!("fill:{}", tone.color(dark)),
                (Set::Stroke(tone), Some(dark)) => format!("stroke:{}", tone.color(dark)),
                (Set::StrokeWidth(w), None) => format!("stroke-width:{w}px"),
                (Set::Dash(dash, gap), None) => format!("stroke-dasharray:{dash} {gap}"),
                (Set::Bold, None) => "font-weight:600".to_owned(),
                (Set::Halo, None) => "stroke-width:4px;stroke-linejoin:round".to_owned(),
                (Set::FillOpacity(o), None) => format!("fill-opacity:{o}"),
                _ => continue,
            };
            if !declarations.is_empty() {
                declarations.push(';');
            }
            declarations += &declaration;
        }
        if declarations.is_empty() {
            continue;
        }
        let selectors: Vec<String> = selectors.iter().map(selector).collect();
        let _ = writeln!(css, "{}{{{declarations}}}", selectors.join(","));
    }
}

/// How an element is painted in light mode, after its attributes and every rule that matches it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Look {
    pub fill: Option<&'static str>,
    pub fill_opacity: f32,
    pub stroke: Option<&'static str>,
    pub stroke_width: f32,
    pub dash: Option<(f32, f32)>,
    pub bold: bool,
    /// The stroke is painted first, with round joins.
    pub halo: bool,
}

impl Look {
    /// `look` (what the element's attributes say) with the rules for `classes` (space-separated, without
    /// the prefix) applied; `text` for a text element.
    pub(crate) fn resolve(mut self, classes: &str, text: bool) -> Look {
        let has = |selector: &Selector| match selector {
            Selector::Text => text,
            Selector::Class(c) => classes.split(' ').any(|k| k == c),
        };
        for (selectors, sets) in rules() {
            if !selectors.iter().any(has) {
                continue;
            }
            for set in sets {
                match *set {
                    Set::Fill(tone) => self.fill = Some(tone.color(false)),
                    Set::Stroke(tone) => self.stroke = Some(tone.color(false)),
                    Set::StrokeWidth(w) => self.stroke_width = w,
                    Set::Dash(dash, gap) => self.dash = Some((dash, gap)),
                    Set::Bold => self.bold = true,
                    Set::Halo => {
                        self.halo = true;
                        self.stroke_width = 4.0;
                    }
                    Set::FillOpacity(o) => self.fill_opacity = o,
                }
            }
        }
        self
    }
}

impl Default for Look {
    /// SVG's initial values: a black fill, no stroke, 1 px when stroked.
    fn default() -> Self {
        Look {
            fill: Some("#000000"),
            fill_opacity: 1.0,
            stroke: None,
            stroke_width: 1.0,
            dash: None,
            bold: false,
            halo: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_class_looks_the_same_in_the_css_and_in_a_raster() {
        let css = css();
        assert!(css.contains(".ssc .ssc-label{stroke-width:4px;stroke-linejoin:round}\n"), "{css}");
        assert!(!css.contains("paint-order"), "{css}");
        assert_eq!(svg_only_css(), ".ssc .ssc-label{paint-order:stroke}\n");
        assert!(css.contains(".ssc .ssc-label{stroke:#ffffff}\n"), "{css}");
        assert!(css.contains("@media (prefers-color-scheme:dark){\n.ssc text{fill:#e6e9ec}\n"), "{css}");
        let label = Look { fill: Some(INK), ..Look::default() }.resolve("label", true);
        assert_eq!(
            (label.fill, label.stroke, label.stroke_width, label.bold, label.halo),
            (Some(INK), Some(BACKGROUND), 4.0, true, true)
        );
        // A muted text is muted, though `text` sets ink: the class comes later in the cascade.
        assert_eq!(Look::default().resolve("muted", true).fill, Some(MUTED));
        let hollow = Look { fill: Some("#0b5cad"), ..Look::default() }.resolve("hollow stroke0", false);
        assert_eq!((hollow.fill, hollow.stroke, hollow.stroke_width), (Some(BACKGROUND), Some("#0b5cad"), 2.0));
        let dashed = Look::default().resolve("line stroke1 est", false);
        assert_eq!((dashed.stroke, dashed.dash), (Some("#b35900"), Some((6.0, 4.0))));
    }
}
