//! What an expression can call, registered with Tera for one page: the figure functions of
//! [`Function::ALL`], `chart`, the [`Filter`]s, and the last filter of every printed expression.

use std::sync::{Arc, Mutex, PoisonError};

use tera::{Kwargs, State, Tera, Value};

use super::text::SHOWN;
use super::{Failure, Log, Mode, ShownFigure, TeraKind};
use crate::chart::{self, Charts};
use crate::dataset::Dataset;
use crate::diag::did_you_mean;
use crate::figures::format::{self, Scale, Style};
use crate::figures::function::{Compute, Function};
use crate::figures::{stats, Figure, Quantity};
use crate::lang::Lang;
use crate::manifest::Revision;
use crate::markup::escape;
use crate::period::Period;
use crate::site::{Lookup, Reader};

/// The one function that is not a figure: it draws a chart into the page.
pub(super) const CHART: &str = "chart";

/// The arguments of `chart`, in the order the docs give them.
const CHART_ARGUMENTS: [&str; 11] =
    ["data", "series", "kind", "from", "to", "highlight", "mean", "annotate", "title", "caption", "id"];

/// The filters that write a figure, a period or a plain number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Filter {
    Money,
    Percent,
    Number,
    Period,
}

impl Filter {
    pub(super) const ALL: [Filter; 4] = [Filter::Money, Filter::Percent, Filter::Number, Filter::Period];

    pub(super) fn name(self) -> &'static str {
        match self {
            Filter::Money => "money",
            Filter::Percent => "percent",
            Filter::Number => "number",
            Filter::Period => "period",
        }
    }

    fn arguments(self) -> &'static [&'static str] {
        match self {
            Filter::Money => &["scale", "dp", "style"],
            Filter::Percent | Filter::Number => &["dp"],
            Filter::Period => &["style"],
        }
    }
}

/// The names a writer can call, for "did you mean" hints: every figure function and `chart`.
fn function_names() -> impl Iterator<Item = &'static str> {
    Function::ALL.iter().map(|f| f.name()).chain([CHART])
}

/// What the registered functions and filters share.
pub(super) struct Env {
    /// The site, as this page reads it.
    pub(super) reader: Reader,
    pub(super) lang: Lang,
    pub(super) log: Arc<Mutex<Log>>,
    pub(super) charts: Arc<Charts>,
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure { message, ..Failure::default() }
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Failure {
        Failure::from(message.to_owned())
    }
}

impl Env {
    fn log(&self) -> std::sync::MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records why a call failed, and gives Tera the error it shows.
    fn fail(&self, failure: Failure) -> tera::Error {
        let error = tera::Error::message(&failure.message);
        self.log().failure = Some(failure);
        error
    }

    fn dataset(&self, id: &str) -> Result<&Dataset, Failure> {
        self.log().datasets.push(id.to_owned());
        match self.reader.dataset(id) {
            Lookup::Found(dataset) => Ok(dataset),
            Lookup::Broken => {
                // Not shown: the report counts these uses, and one note lists them after the dataset's
                // errors.
                let message = format!("dataset `{id}` could not be loaded");
                Err(Failure { broken_dataset: Some(id.to_owned()), ..Failure::from(message) })
            }
            Lookup::Missing => {
                let hint = did_you_mean(id, self.reader.dataset_ids())
                    .map_or_else(String::new, |m| format!("; did you mean `{m}`?"));
                Err(format!("unknown dataset `{id}`{hint}").into())
            }
        }
    }

    /// Logs a figure (and the percent sub-figure right after it) and returns the map a template sees.
    fn record(&self, figure: Figure) -> Value {
        let mut log = self.log();
        let map = figure_value(log.figures.len(), &figure);
        let percent = figure.percent.clone();
        log.figures.push(figure);
        if let Some(percent) = percent {
            log.figures.push(*percent);
        }
        map
    }

    fn logged(&self, value: &Value) -> Option<Figure> {
        let index = value.as_map()?.get(&"__figure".into())?.as_i64()?;
        self.log().figures.get(usize::try_from(index).ok()?).cloned()
    }
}

/// The map a template sees for a figure: its index in the log, its period and its percent sub-figure.
fn figure_value(index: usize, figure: &Figure) -> Value {
    let mut map = tera::Map::new();
    // No raw value in the map: a figure reaches the page only through a filter that formats it, states
    // its unit and links it to its dataset.
    map.insert("__figure".into(), Value::from(index as i64));
    if let Some(p) = figure.period {
        map.insert("period".into(), period_value(p, figure.fiscal_year_start));
    }
    if let Some(percent) = &figure.percent {
        // Logged right after its parent by `Env::record`.
        map.insert("percent".into(), figure_value(index + 1, percent));
    } else if figure.function.spec().relative {
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
    for &function in Function::ALL {
        let env = env.clone();
        tera.register_function(function.name(), move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            call(&env, function, &kwargs).map_err(|f| env.fail(f))
        });
    }
    let chart_env = env.clone();
    tera.register_function(CHART, move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
        chart_call(&chart_env, &kwargs).map_err(|f| chart_env.fail(f))
    });
    for filter in Filter::ALL {
        let env = env.clone();
        tera.register_filter(
            filter.name(),
            move |value: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
                apply(&env, filter, value, &kwargs).map_err(|f| env.fail(f))
            },
        );
    }
    tera.register_filter(SHOWN, move |value: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
        let value = shown(value).map_err(|f| env.fail(f))?;
        // The figures formatted since the last printed expression belong to this one.
        let tag = kwargs.get::<usize>("tag").ok().flatten();
        let mut log = env.log();
        let mut marks = Vec::new();
        let fresh = log.shown.iter().rev().take_while(|f| f.tag.is_none()).count();
        let start = log.shown.len() - fresh;
        let expr = tag.and_then(|t| log.prints.get(t)).cloned().unwrap_or_default();
        for i in start..log.shown.len() {
            let id = log.next_id(&expr);
            if let Some(revision) = log.revisions.get(&id) {
                marks.push(revision_mark(revision, env.lang));
            }
            log.shown[i].tag = tag;
            log.shown[i].id = id;
        }
        if marks.is_empty() || log.mode == Mode::Plain {
            return Ok(value);
        }
        let html = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
        Ok(Value::safe_string(&format!("{html}{}", marks.concat())))
    });
}

/// ` (revised on 10 June 2025; was $580.4 million)`, after a figure the build marks as revised.
fn revision_mark(revision: &Revision, lang: Lang) -> String {
    let date = format::date(revision.date, lang);
    let (revised, was) = match lang {
        Lang::En => ("revised on", "was"),
        Lang::De => ("korrigiert am", "vorher"),
    };
    format!(" <span class=\"revised\">({revised} {date}; {was} {})</span>", escape(&revision.was))
}

/// A printed value as it is, unless it is (or holds, in a list or map) a figure or a period that no filter
/// wrote.
fn shown(value: &Value) -> Result<Value, Failure> {
    unformatted(value).map_or_else(|| Ok(value.clone()), Err)
}

/// Why `value` cannot be printed as it is, if it cannot.
fn unformatted(value: &Value) -> Option<Failure> {
    if let Some(items) = value.as_array() {
        return items.iter().find_map(unformatted);
    }
    let map = value.as_map()?;
    let has = |key: &'static str| map.contains_key(&key.into());
    if has("__figure") {
        let hint = "format it: `| money`, `| percent`, `| number`, or take `[\"period\"] | period`";
        return Some(Failure { hint: Some(hint.into()), ..Failure::from("a figure is printed without a filter") });
    }
    if has("__period") {
        let hint = Some("write it with `| period`".into());
        return Some(Failure { hint, ..Failure::from("a period is printed without a filter") });
    }
    if has("__zero_start") {
        return Some(ZERO_START.into());
    }
    map.values().find_map(unformatted)
}

/// Why a change from zero has no `.percent`.
const ZERO_START: &str = "this change starts from zero, so it has no percentage; quote the amount with `| money`";

/// The hint for a name Tera does not know: the closest function or filter, or the list of them.
pub(super) fn unknown_name_hint(kind: &TeraKind) -> Option<String> {
    let (name, what, names): (&str, &str, Vec<&str>) = match kind {
        TeraKind::UnknownFunction(name) => (name, "functions", function_names().collect()),
        TeraKind::UnknownFilter(name) => (name, "filters", Filter::ALL.iter().map(|f| f.name()).collect()),
        _ => return None,
    };
    Some(match did_you_mean(name, names.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("spendsite's {what}: {}", names.join(", ")),
    })
}

/// Reads the keyword arguments of one call, refusing unknown ones.
struct Args<'a> {
    kwargs: &'a Kwargs,
    function: &'a str,
}

impl<'a> Args<'a> {
    fn new(function: &'a str, kwargs: &'a Kwargs, allowed: &[&str]) -> Result<Self, Failure> {
        for (key, _) in kwargs.iter() {
            let key = key.to_string();
            if !allowed.contains(&key.as_str()) {
                let hint = did_you_mean(&key, allowed.iter().copied())
                    .map_or_else(|| format!("it takes: {}", allowed.join(", ")), |m| format!("did you mean `{m}`?"));
                return Err(format!("`{function}` has no argument `{key}`; {hint}").into());
            }
        }
        Ok(Args { kwargs, function })
    }

    fn get(&self, key: &str) -> Result<Option<Value>, Failure> {
        self.kwargs.get::<Value>(key).map_err(|e| Failure::from(e.to_string()))
    }

    fn text(&self, key: &str) -> Result<Option<String>, Failure> {
        match self.get(key)? {
            None => Ok(None),
            Some(v) => match v.as_str() {
                Some(s) => Ok(Some(s.to_owned())),
                None => {
                    Err(format!("`{}`: argument `{key}` must be a quoted string, e.g. {key}=\"…\"", self.function)
                        .into())
                }
            },
        }
    }

    fn required(&self, key: &str) -> Result<String, Failure> {
        self.text(key)?.ok_or_else(|| format!("`{}` needs the argument `{key}`", self.function).into())
    }

    fn period(&self, key: &str) -> Result<Option<Period>, Failure> {
        self.text(key)?.map(|t| Period::parse(&t).map_err(|e| format!("`{}`: {e}", self.function).into())).transpose()
    }

    fn required_period(&self, key: &str) -> Result<Period, Failure> {
        self.period(key)?.ok_or_else(|| {
            format!("`{}` needs the argument `{key}` (a period such as \"2023-11\")", self.function).into()
        })
    }

    fn flag(&self, key: &str) -> Result<bool, Failure> {
        match self.get(key)? {
            None => Ok(false),
            Some(v) => {
                v.as_bool().ok_or_else(|| format!("`{}`: argument `{key}` must be true or false", self.function).into())
            }
        }
    }

    fn dp(&self) -> Result<Option<u32>, Failure> {
        match self.get("dp")? {
            None => Ok(None),
            Some(v) => match v.as_i64() {
                Some(n @ 0..=10) => Ok(Some(n as u32)),
                _ => Err(format!("`{}`: dp must be a whole number from 0 to 10", self.function).into()),
            },
        }
    }

    /// `style="long"` (the default) or `style="short"`.
    fn style(&self) -> Result<Style, Failure> {
        self.text("style")?.map_or(Ok(Style::Long), |s| {
            Style::parse(&s)
                .ok_or_else(|| format!("`{}`: unknown style `{s}`; use long or short", self.function).into())
        })
    }

    /// The dataset `data` names, and its series `series` (or its only one), from `from` to `to`.
    fn selection<'e>(
        &self,
        env: &'e Env,
        from: Option<Period>,
        to: Option<Period>,
    ) -> Result<stats::Selection<'e>, Failure> {
        let dataset = env.dataset(&self.required("data")?)?;
        let series = self.text("series")?;
        Ok(stats::Selection::new(dataset, series.as_deref(), from, to)?)
    }
}

/// Computes a figure function's figure from its arguments, as its spec says.
fn call(env: &Env, function: Function, kwargs: &Kwargs) -> Result<Value, Failure> {
    let spec = function.spec();
    let args = Args::new(spec.name, kwargs, spec.compute.arguments())?;
    let figure = match spec.compute {
        Compute::Range(compute) => compute(&args.selection(env, args.period("from")?, args.period("to")?)?),
        Compute::At(compute) => {
            let at = args.required_period("at")?;
            compute(&args.selection(env, None, None)?, at)
        }
        Compute::Between(compute) => {
            let (from, to) = (args.required_period("from")?, args.required_period("to")?);
            compute(&args.selection(env, None, None)?, from, to)
        }
        Compute::Share(compute) => {
            let (part, whole) = share_selections(env, &args)?;
            compute(&part, &whole)
        }
    }?;
    Ok(env.record(figure))
}

/// `share(part="a", whole="b/series", at="2024-03")` or with `from`/`to`: the two selections.
fn share_selections<'e>(env: &'e Env, args: &Args) -> Result<(stats::Selection<'e>, stats::Selection<'e>), Failure> {
    let at = args.period("at")?;
    let (from, to) = match at {
        Some(at) if args.text("from")?.is_some() || args.text("to")?.is_some() => {
            return Err(format!("`share`: give either at=\"{at}\" or from/to, not both").into())
        }
        Some(at) => (Some(at), Some(at)),
        None => (args.period("from")?, args.period("to")?),
    };
    let (part, whole) = (args.required("part")?, args.required("whole")?);
    let select = |name: &str| -> Result<stats::Selection<'e>, Failure> {
        let (id, series) = match name.split_once('/') {
            Some((id, series)) => (id, Some(series)),
            None => (name, None),
        };
        Ok(stats::Selection::new(env.dataset(id)?, series, from, to)?)
    };
    Ok((select(&part)?, select(&whole)?))
}

fn chart_call(env: &Env, kwargs: &Kwargs) -> Result<Value, Failure> {
    let args = Args::new(CHART, kwargs, &CHART_ARGUMENTS)?;
    if env.log().mode == Mode::Plain {
        return Err("`chart` can only be used in a report's body".into());
    }
    let dataset = env.dataset(&args.required("data")?)?;
    let spec = chart::ChartSpec {
        series: list_arg(&args, "series")?,
        kind: args
            .text("kind")?
            .map(|k| {
                chart::Kind::parse(&k).ok_or_else(|| {
                    Failure::from(format!("`chart`: unknown kind `{k}`; use bar, line, area or stacked"))
                })
            })
            .transpose()?,
        from: args.period("from")?,
        to: args.period("to")?,
        highlight: list_arg(&args, "highlight")?
            .iter()
            .map(|h| {
                chart::Highlight::parse(h)
                    .ok_or_else(|| Failure::from(format!("`chart`: highlight `{h}` is not max, min, last or a period")))
            })
            .collect::<Result<_, _>>()?,
        mean: args.flag("mean")?,
        annotations: list_arg(&args, "annotate")?
            .iter()
            .map(|text| crate::dataset::Annotation::parse(text).map_err(|e| Failure::from(format!("`chart`: {e}"))))
            .collect::<Result<_, _>>()?,
        title: args.text("title")?,
        caption: args.text("caption")?,
    };
    let mut log = env.log();
    let id = args.text("id")?.unwrap_or_else(|| format!("chart-{}", log.charts.len() + 1));
    let html = env.charts.figure(dataset, &spec, env.lang, &id).map_err(|e| format!("`chart`: {e}"))?;
    log.charts.push(html);
    // Drawn already for the figure: this takes the drawing kept for reuse.
    log.drawings.push(env.charts.draw(dataset, &spec, env.lang).map_err(|e| format!("`chart`: {e}"))?);
    let series = if spec.series.is_empty() {
        dataset.series.iter().map(|s| s.key.clone()).collect()
    } else {
        spec.series.clone()
    };
    let periods = dataset.series.iter().flat_map(|s| s.points.iter().map(|p| p.period));
    let (first, last) = (periods.clone().min(), periods.max());
    log.chart_uses.push(crate::manifest::Chart {
        id,
        dataset: dataset.id.clone(),
        series,
        from: spec.from.or(first),
        to: spec.to.or(last),
    });
    Ok(Value::safe_string(&super::chart_marker(log.nonce, log.charts.len() - 1)))
}

/// A string argument or a list of strings (`series=["a", "b"]`).
fn list_arg(args: &Args, key: &str) -> Result<Vec<String>, Failure> {
    let Some(value) = args.get(key)? else { return Ok(Vec::new()) };
    if let Some(s) = value.as_str() {
        return Ok(vec![s.to_owned()]);
    }
    let items = value.as_array().ok_or_else(|| format!("`chart`: `{key}` must be a string or a list of strings"))?;
    items
        .iter()
        .map(|v| v.as_str().map(str::to_owned).ok_or_else(|| format!("`chart`: `{key}` must list strings").into()))
        .collect()
}

/// Applies a filter to a figure, a period or a plain number.
fn apply(env: &Env, filter: Filter, value: &Value, kwargs: &Kwargs) -> Result<Value, Failure> {
    let args = Args::new(filter.name(), kwargs, filter.arguments())?;
    if filter == Filter::Period {
        return period_filter(env, value, &args);
    }
    if value.as_map().is_some_and(|m| m.contains_key(&"__zero_start".into())) {
        return Err(ZERO_START.into());
    }
    let Some(figure) = env.logged(value) else { return plain_number_filter(env, filter, value, &args) };
    let figure = match (filter, figure.percent.clone()) {
        (Filter::Percent, Some(percent)) => *percent,
        _ => figure,
    };
    let name = figure.function.name();
    let text = match (filter, &figure.quantity) {
        (Filter::Money, Quantity::Money { currency, unit }) => {
            let scale = args.text("scale")?.map_or(Ok(Scale::Auto), |s| {
                Scale::parse(&s).ok_or_else(|| {
                    Failure::from(format!("`money`: unknown scale `{s}`; use auto, one, thousand, million or billion"))
                })
            })?;
            format::money(figure.value, *unit, currency, scale, args.dp()?, args.style()?, env.lang)
        }
        (Filter::Money, other) => {
            return Err(format!("`money` needs a money figure; `{name}` gives a {}", quantity_name(other)).into())
        }
        (Filter::Percent, Quantity::Percent) => format::percent(figure.value, args.dp()?, env.lang),
        (Filter::Percent, _) => {
            return Err(format!("`percent` needs a share, a change or a growth rate; `{name}` gives an amount").into())
        }
        (Filter::Number | Filter::Period, _) => format::number(figure.value, args.dp()?, env.lang),
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
    let html = match &log.mode {
        Mode::Plain => text.clone(),
        Mode::Page { root } => {
            let dataset = figure.inputs.first().map_or("", |i| i.split('/').next().unwrap_or(""));
            format!(
                "<a class=\"figure\" href=\"{root}datasets/{}.html\" title=\"{}\">{}</a>",
                escape(dataset),
                escape(&format::describe(&figure, env.lang)),
                escape(&text)
            )
        }
    };
    log.shown.push(ShownFigure { text, figure, tag: None, id: String::new() });
    Value::safe_string(&html)
}

fn plain_number_filter(env: &Env, filter: Filter, value: &Value, args: &Args) -> Result<Value, Failure> {
    let name = filter.name();
    let number = value
        .as_str()
        .map(str::to_owned)
        .or_else(|| value.as_i64().map(|n| n.to_string()))
        .and_then(|s| s.parse::<rust_decimal::Decimal>().ok())
        .ok_or_else(|| format!("`{name}` needs a figure such as sum(data=\"…\"), got `{value}`"))?;
    match filter {
        Filter::Percent => Ok(Value::from(format::percent(number, args.dp()?, env.lang))),
        Filter::Number => Ok(Value::from(format::number(number, args.dp()?, env.lang))),
        Filter::Money | Filter::Period => {
            Err("`money` needs a figure such as sum(data=\"…\"): a plain number has no currency".into())
        }
    }
}

fn period_filter(env: &Env, value: &Value, args: &Args) -> Result<Value, Failure> {
    let style = args.style()?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of the table in docs/reports.md that lists the functions (or the filters): the names in
    /// each row's first column.
    fn documented(heading: &str) -> Vec<String> {
        let docs = include_str!("../../docs/reports.md");
        let table = docs.split(heading).nth(1).expect("the docs have this table");
        let rows = table.lines().skip_while(|l| !l.starts_with('|')).take_while(|l| l.starts_with('|'));
        rows.filter_map(|row| row.split('|').nth(1).map(str::to_owned))
            .flat_map(|cell| cell.split('`').skip(1).step_by(2).map(str::to_owned).collect::<Vec<_>>())
            .collect()
    }

    #[test]
    fn every_function_and_filter_is_documented() {
        let functions = documented("Functions (");
        for name in function_names() {
            assert!(functions.iter().any(|d| d == name), "docs/reports.md lists no function `{name}`");
        }
        let filters = documented("Filters:");
        for filter in Filter::ALL {
            assert!(filters.iter().any(|d| d == filter.name()), "docs/reports.md lists no filter `{}`", filter.name());
        }
        let names: Vec<&str> = function_names().collect();
        for documented in functions {
            assert!(names.contains(&documented.as_str()), "docs/reports.md lists `{documented}`, which does not exist");
        }
    }

    #[test]
    fn every_chart_argument_is_documented() {
        let docs = include_str!("../../docs/reports.md");
        let row = docs.lines().find(|l| l.starts_with(&format!("| `{CHART}` |"))).expect("the docs list `chart`");
        let arguments = row.split('|').nth(2).expect("a column of arguments");
        for name in CHART_ARGUMENTS {
            assert!(arguments.contains(&format!("`{name}`")), "docs/reports.md names no chart argument `{name}`");
        }
    }

    #[test]
    fn unknown_names_get_the_closest_one() {
        assert_eq!(
            unknown_name_hint(&TeraKind::UnknownFunction("grwth".into())).as_deref(),
            Some("did you mean `growth`?")
        );
        assert_eq!(
            unknown_name_hint(&TeraKind::UnknownFilter("mony".into())).as_deref(),
            Some("did you mean `money`?")
        );
        assert!(unknown_name_hint(&TeraKind::UnknownFunction("zzzzzz".into()))
            .unwrap()
            .starts_with("spendsite's functions: value, sum"));
        assert_eq!(unknown_name_hint(&TeraKind::Template), None);
    }
}
