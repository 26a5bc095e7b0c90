//! The functions and filters an expression can use, registered with Tera for one page.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};

use tera::{Kwargs, State, Tera, Value};

use super::{Datasets, Log, Mode, ShownFigure, FILTERS, FUNCTIONS};
use crate::chart;
use crate::dataset::Dataset;
use crate::diag::did_you_mean;
use crate::figures::format::{self, Lang, Scale, Style};
use crate::figures::{stats, Figure, Quantity};
use crate::markdown::escape_html;
use crate::period::Period;

/// The error of every use of a dataset whose file has errors (`render::report` counts them per report).
pub fn unavailable(id: &str) -> String {
    format!("dataset `{id}` could not be loaded")
}

/// What the registered functions and filters share.
pub(super) struct Env {
    pub(super) datasets: Arc<Datasets>,
    /// Ids of the datasets whose files had errors.
    pub(super) broken: Arc<BTreeSet<String>>,
    pub(super) lang: Lang,
    pub(super) mode: Mode,
    pub(super) log: Arc<Mutex<Log>>,
}

impl Env {
    fn log(&self) -> std::sync::MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn dataset(&self, id: &str) -> Result<&Dataset, String> {
        self.log().datasets.push(id.to_owned());
        if self.broken.contains(id) {
            return Err(unavailable(id));
        }
        self.datasets.get(id).ok_or_else(|| {
            let hint = did_you_mean(id, self.datasets.keys().map(String::as_str))
                .map_or_else(String::new, |m| format!("; did you mean `{m}`?"));
            format!("unknown dataset `{id}`{hint}")
        })
    }

    /// Logs a figure and returns the map a template sees: its index, exact value as text, and period.
    fn record(&self, figure: Figure) -> Value {
        let mut log = self.log();
        let map = figure_value(log.figures.len(), &figure);
        log.figures.push(figure);
        map
    }

    fn logged(&self, value: &Value) -> Option<Figure> {
        let index = value.as_map()?.get(&"__figure".into())?.as_i64()?;
        self.log().figures.get(usize::try_from(index).ok()?).cloned()
    }
}

fn figure_value(index: usize, figure: &Figure) -> Value {
    let mut map = tera::Map::new();
    // No raw value in the map: a figure reaches the page only through a filter that formats it, states
    // its unit and links it to its dataset.
    map.insert("__figure".into(), Value::from(index as i64));
    if let Some(p) = figure.period {
        map.insert("period".into(), period_value(p, figure.fiscal_year_start));
    }
    if let Some(percent) = &figure.percent {
        // The sub-figure is logged right after its parent by `record_change`.
        map.insert("percent".into(), figure_value(index + 1, percent));
    } else if figure.function == "change" {
        let mut zero = tera::Map::new();
        zero.insert("__zero_start".into(), Value::from(true));
        map.insert("percent".into(), zero.into());
    }
    map.into()
}

fn period_value(p: Period, fiscal_year_start: u32) -> Value {
    let mut map = tera::Map::new();
    map.insert("__period".into(), Value::from(p.key()));
    map.insert("fiscal_year_start".into(), Value::from(i64::from(fiscal_year_start)));
    map.into()
}

pub(super) fn register(tera: &mut Tera, env: Arc<Env>) {
    for name in FUNCTIONS {
        let env = env.clone();
        tera.register_function(name, move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            call(&env, name, &kwargs).map_err(tera::Error::message)
        });
    }
    for name in FILTERS {
        let env = env.clone();
        tera.register_filter(name, move |value: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            filter(&env, name, value, &kwargs).map_err(tera::Error::message)
        });
    }
}

/// Reads the keyword arguments of one call, refusing unknown ones.
struct Args<'a> {
    kwargs: &'a Kwargs,
    function: &'a str,
}

impl<'a> Args<'a> {
    fn new(function: &'a str, kwargs: &'a Kwargs, allowed: &[&str]) -> Result<Self, String> {
        for (key, _) in kwargs.iter() {
            let key = key.to_string();
            if !allowed.contains(&key.as_str()) {
                let hint = did_you_mean(&key, allowed.iter().copied())
                    .map_or_else(|| format!("it takes: {}", allowed.join(", ")), |m| format!("did you mean `{m}`?"));
                return Err(format!("`{function}` has no argument `{key}`; {hint}"));
            }
        }
        Ok(Args { kwargs, function })
    }

    fn text(&self, key: &str) -> Result<Option<String>, String> {
        match self.kwargs.get::<Value>(key).map_err(|e| e.to_string())? {
            None => Ok(None),
            Some(v) => match v.as_str() {
                Some(s) => Ok(Some(s.to_owned())),
                None => Err(format!("`{}`: argument `{key}` must be a quoted string, e.g. {key}=\"…\"", self.function)),
            },
        }
    }

    fn required(&self, key: &str) -> Result<String, String> {
        self.text(key)?.ok_or_else(|| format!("`{}` needs the argument `{key}`", self.function))
    }

    fn period(&self, key: &str) -> Result<Option<Period>, String> {
        self.text(key)?.map(|t| Period::parse(&t).map_err(|e| format!("`{}`: {e}", self.function))).transpose()
    }

    fn required_period(&self, key: &str) -> Result<Period, String> {
        self.period(key)?
            .ok_or_else(|| format!("`{}` needs the argument `{key}` (a period such as \"2023-11\")", self.function))
    }

    fn flag(&self, key: &str) -> Result<bool, String> {
        match self.kwargs.get::<Value>(key).map_err(|e| e.to_string())? {
            None => Ok(false),
            Some(v) => {
                v.as_bool().ok_or_else(|| format!("`{}`: argument `{key}` must be true or false", self.function))
            }
        }
    }

    fn dp(&self) -> Result<Option<u32>, String> {
        match self.kwargs.get::<Value>("dp").map_err(|e| e.to_string())? {
            None => Ok(None),
            Some(v) => match v.as_i64() {
                Some(n @ 0..=10) => Ok(Some(n as u32)),
                _ => Err(format!("`{}`: dp must be a whole number from 0 to 10", self.function)),
            },
        }
    }
}

const RANGE_ARGS: [&str; 4] = ["data", "series", "from", "to"];

fn call(env: &Env, name: &str, kwargs: &Kwargs) -> Result<Value, String> {
    match name {
        "share" => return share(env, kwargs),
        "chart" => return chart_call(env, kwargs),
        _ => {}
    }
    let allowed: &[&str] = match name {
        "value" | "runrate" => &["data", "series", "at"],
        _ => &RANGE_ARGS,
    };
    let args = Args::new(name, kwargs, allowed)?;
    let dataset = env.dataset(&args.required("data")?)?;
    let series = args.text("series")?;
    let figure = match name {
        "value" | "runrate" => {
            let sel = stats::Selection::new(dataset, series.as_deref(), None, None)?;
            let at = args.required_period("at")?;
            if name == "value" {
                stats::value(&sel, at)
            } else {
                stats::runrate(&sel, at)
            }
        }
        "change" => {
            let sel = stats::Selection::new(dataset, series.as_deref(), None, None)?;
            stats::change(&sel, args.required_period("from")?, args.required_period("to")?)
        }
        _ => {
            let sel = stats::Selection::new(dataset, series.as_deref(), args.period("from")?, args.period("to")?)?;
            range_stat(name, &sel)
        }
    }?;
    Ok(record_change(env, figure))
}

/// Logs a figure and, for `change`, its percent sub-figure right after it (see `figure_value`).
fn record_change(env: &Env, figure: Figure) -> Value {
    let percent = figure.percent.clone();
    let value = env.record(figure);
    if let Some(percent) = percent {
        env.record(*percent);
    }
    value
}

fn range_stat(name: &str, sel: &stats::Selection) -> Result<Figure, String> {
    match name {
        "sum" => stats::sum(sel),
        "mean" => stats::mean(sel),
        "median" => stats::median(sel),
        "min" => stats::min(sel),
        "max" => stats::max(sel),
        "first" => stats::first(sel),
        "last" => stats::last(sel),
        _ => stats::count(sel),
    }
}

/// `share(part="a", whole="b/series", at="2024-03")` or with `from`/`to`.
fn share(env: &Env, kwargs: &Kwargs) -> Result<Value, String> {
    let args = Args::new("share", kwargs, &["part", "whole", "at", "from", "to"])?;
    let at = args.period("at")?;
    let (from, to) = match at {
        Some(at) if args.text("from")?.is_some() || args.text("to")?.is_some() => {
            return Err(format!("`share`: give either at=\"{at}\" or from/to, not both"))
        }
        Some(at) => (Some(at), Some(at)),
        None => (args.period("from")?, args.period("to")?),
    };
    let part_name = args.required("part")?;
    let whole_name = args.required("whole")?;
    let select = |name: &str| -> Result<stats::Selection<'_>, String> {
        let (id, series) = match name.split_once('/') {
            Some((id, series)) => (id, Some(series)),
            None => (name, None),
        };
        stats::Selection::new(env.dataset(id)?, series, from, to)
    };
    let figure = stats::share(&select(&part_name)?, &select(&whole_name)?)?;
    Ok(env.record(figure))
}

fn chart_call(env: &Env, kwargs: &Kwargs) -> Result<Value, String> {
    const ALLOWED: [&str; 10] = ["data", "series", "kind", "from", "to", "highlight", "mean", "title", "caption", "id"];
    let args = Args::new("chart", kwargs, &ALLOWED)?;
    if env.mode == Mode::Plain {
        return Err("`chart` can only be used in a report's body".into());
    }
    let dataset = env.dataset(&args.required("data")?)?;
    let spec = chart::ChartSpec {
        series: list_arg(kwargs, "series")?,
        kind: args
            .text("kind")?
            .map(|k| {
                chart::Kind::parse(&k)
                    .ok_or_else(|| format!("`chart`: unknown kind `{k}`; use bar, line, area or stacked"))
            })
            .transpose()?,
        from: args.period("from")?,
        to: args.period("to")?,
        highlight: list_arg(kwargs, "highlight")?
            .iter()
            .map(|h| {
                chart::Highlight::parse(h)
                    .ok_or_else(|| format!("`chart`: highlight `{h}` is not max, min, last or a period"))
            })
            .collect::<Result<_, _>>()?,
        mean: args.flag("mean")?,
        title: args.text("title")?,
        caption: args.text("caption")?,
    };
    let drawn = chart::draw(dataset, &spec, env.lang).map_err(|e| format!("`chart`: {e}"))?;
    let mut log = env.log();
    log.charts += 1;
    let id = args.text("id")?.unwrap_or_else(|| format!("chart-{}", log.charts));
    // One line, so that the Markdown around it keeps its line numbers and the HTML block is not split.
    let html = chart::figure_html(&drawn, &id, env.lang).replace('\n', " ");
    Ok(Value::safe_string(&html))
}

/// A string argument or a list of strings (`series=["a", "b"]`).
fn list_arg(kwargs: &Kwargs, key: &str) -> Result<Vec<String>, String> {
    let Some(value) = kwargs.get::<Value>(key).map_err(|e| e.to_string())? else { return Ok(Vec::new()) };
    if let Some(s) = value.as_str() {
        return Ok(vec![s.to_owned()]);
    }
    let items = value.as_array().ok_or_else(|| format!("`chart`: `{key}` must be a string or a list of strings"))?;
    items
        .iter()
        .map(|v| v.as_str().map(str::to_owned).ok_or_else(|| format!("`chart`: `{key}` must list strings")))
        .collect()
}

fn filter(env: &Env, name: &str, value: &Value, kwargs: &Kwargs) -> Result<Value, String> {
    if name == "period" {
        return period_filter(env, value, kwargs);
    }
    let allowed: &[&str] = match name {
        "money" => &["scale", "dp", "style"],
        _ => &["dp"],
    };
    let args = Args::new(name, kwargs, allowed)?;
    if value.as_map().is_some_and(|m| m.contains_key(&"__zero_start".into())) {
        return Err("this change starts from zero, so it has no percentage; quote the amount with `| money`".into());
    }
    let figure = env.logged(value);
    let figure = match (name, figure) {
        ("percent", Some(mut f)) => f.percent.take().map_or(f, |p| *p),
        (_, Some(f)) => f,
        (_, None) => return plain_number_filter(env, name, value, &args),
    };
    let text = match (name, &figure.quantity) {
        ("money", Quantity::Money { currency, unit }) => {
            let scale = args.text("scale")?.map_or(Ok(Scale::Auto), |s| {
                Scale::parse(&s)
                    .ok_or(format!("`money`: unknown scale `{s}`; use auto, one, thousand, million or billion"))
            })?;
            let style = args.text("style")?.map_or(Ok(Style::Long), |s| {
                Style::parse(&s).ok_or(format!("`money`: unknown style `{s}`; use long or short"))
            })?;
            format::money(figure.value, *unit, currency, scale, args.dp()?, style, env.lang)
        }
        ("money", _) => {
            return Err(format!(
                "`money` needs a money figure; `{}` gives a {}",
                figure.function,
                quantity_name(&figure.quantity)
            ))
        }
        ("percent", Quantity::Percent) => format::percent(figure.value, args.dp()?, env.lang),
        ("percent", _) => {
            return Err(format!("`percent` needs a share or a change; `{}` gives an amount", figure.function))
        }
        _ => format::number(figure.value, args.dp()?, env.lang),
    };
    Ok(show(env, figure, text))
}

fn quantity_name(q: &Quantity) -> &'static str {
    match q {
        Quantity::Money { .. } => "money amount",
        Quantity::Percent => "percentage",
        Quantity::Count => "count",
    }
}

/// Writes a formatted figure into the page: plain, or as a link to its dataset saying how it was computed.
fn show(env: &Env, figure: Figure, text: String) -> Value {
    let mut log = env.log();
    let html = match &env.mode {
        Mode::Plain => text.clone(),
        Mode::Page { root } => {
            let dataset = figure.inputs.first().map_or("", |i| i.split('/').next().unwrap_or(""));
            format!(
                "<a class=\"figure\" href=\"{root}datasets/{}.html\" title=\"{}\">{}</a>",
                escape_html(dataset),
                escape_html(&format::describe(&figure, env.lang)),
                escape_html(&text)
            )
        }
    };
    log.shown.push(ShownFigure { text, figure });
    Value::safe_string(&html)
}

fn plain_number_filter(env: &Env, name: &str, value: &Value, args: &Args) -> Result<Value, String> {
    let number = value
        .as_str()
        .map(str::to_owned)
        .or_else(|| value.as_i64().map(|n| n.to_string()))
        .and_then(|s| s.parse::<rust_decimal::Decimal>().ok())
        .ok_or_else(|| format!("`{name}` needs a figure such as sum(data=\"…\"), got `{value}`"))?;
    match name {
        "percent" => Ok(Value::from(format::percent(number, args.dp()?, env.lang))),
        "number" => Ok(Value::from(format::number(number, args.dp()?, env.lang))),
        _ => Err("`money` needs a figure such as sum(data=\"…\"): a plain number has no currency".into()),
    }
}

fn period_filter(env: &Env, value: &Value, kwargs: &Kwargs) -> Result<Value, String> {
    let args = Args::new("period", kwargs, &["style"])?;
    let style = args.text("style")?.map_or(Ok(Style::Long), |s| {
        Style::parse(&s).ok_or(format!("`period`: unknown style `{s}`; use long or short"))
    })?;
    let (key, fiscal) = match value.as_map() {
        Some(map) => (
            map.get(&"__period".into()).and_then(Value::as_str).map(str::to_owned),
            map.get(&"fiscal_year_start".into()).and_then(Value::as_i64).unwrap_or(1),
        ),
        None => (value.as_str().map(str::to_owned), 1),
    };
    let key = key.ok_or_else(|| {
        format!("`period` needs a period such as max(data=\"…\")[\"period\"] or \"2023-11\", got `{value}`")
    })?;
    let period = Period::parse(&key).map_err(|e| format!("`period`: {e}"))?;
    let fiscal = u32::try_from(fiscal).ok().filter(|m| (1..=12).contains(m));
    let fiscal = fiscal.ok_or("`period`: `fiscal_year_start` must be a month from 1 to 12")?;
    Ok(Value::from(format::period(period, fiscal, style, env.lang)))
}
