//! TEMPORARY stand-in until the chart branch lands.
use crate::dataset::Dataset;
use crate::figures::format::Lang;
use crate::period::Period;

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Bar,
    Line,
    Area,
    Stacked,
}
impl Kind {
    pub fn parse(t: &str) -> Option<Kind> {
        match t {
            "bar" => Some(Kind::Bar),
            "line" => Some(Kind::Line),
            "area" => Some(Kind::Area),
            "stacked" => Some(Kind::Stacked),
            _ => None,
        }
    }
}
#[derive(Debug, Clone)]
pub enum Highlight {
    Max,
    Min,
    Last,
    Period(Period),
}
impl Highlight {
    pub fn parse(t: &str) -> Option<Highlight> {
        match t {
            "max" => Some(Highlight::Max),
            "min" => Some(Highlight::Min),
            "last" => Some(Highlight::Last),
            p => Period::parse(p).ok().map(Highlight::Period),
        }
    }
}
pub struct ChartSpec {
    pub series: Vec<String>,
    pub kind: Option<Kind>,
    pub from: Option<Period>,
    pub to: Option<Period>,
    pub highlight: Vec<Highlight>,
    pub mean: bool,
    pub title: Option<String>,
    pub caption: Option<String>,
}
pub struct Chart {
    pub svg: String,
    pub title: String,
    pub desc: String,
    pub table_html: String,
    pub caption: Option<String>,
}
pub fn draw(dataset: &Dataset, spec: &ChartSpec, _lang: Lang) -> Result<Chart, String> {
    let _ = (&spec.series, spec.kind, spec.from, spec.to, &spec.highlight, spec.mean, &spec.caption);
    Ok(Chart {
        svg: "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"><title>t</title></svg>".into(),
        title: spec.title.clone().unwrap_or(dataset.title.clone()),
        desc: String::new(),
        table_html: String::new(),
        caption: spec.caption.clone(),
    })
}
pub fn figure_html(chart: &Chart, id: &str, _lang: Lang) -> String {
    format!("<figure class=\"chart\" id=\"{id}\">{}</figure>", chart.svg)
}
