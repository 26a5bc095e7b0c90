//! Expressions in Markdown: `{{ sum(data="walmart-azure") | money }}` and friends, evaluated with Tera.
//!
//! An [`Expander`] is made per page, so that the figures and charts it computes can be collected for that
//! page without any shared state. Figures stay exact: a function returns a small map holding an index into
//! the page's figure log, and the filters format the logged [`Figure`]'s `Decimal`; no value ever passes
//! through a float on its way into the page.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use tera::{Context, Kwargs, State, Tera, Value};

use crate::chart;
use crate::dataset::Dataset;
use crate::diag::did_you_mean;
use crate::figures::format::{self, Lang, Scale, Style};
use crate::figures::{stats, Figure, Quantity};
use crate::markdown::escape_html;
use crate::period::Period;

/// Every dataset of the site by id, shared by all pages.
pub type Datasets = BTreeMap<String, Dataset>;

/// The figure functions, in the order the docs list them.
pub const FUNCTIONS: [&str; 13] =
    ["value", "sum", "mean", "median", "min", "max", "first", "last", "count", "change", "share", "runrate", "chart"];
const FILTERS: [&str; 4] = ["money", "percent", "number", "period"];

/// Where expanded text goes, which decides how figures are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Into an HTML page whose site root is `root` away (`""`, `"../"`): figures become links to their
    /// dataset page with a note on how they were computed.
    Page { root: String },
    /// Plain text, for claims and headlines: figures are just their formatted text; charts are not allowed.
    Plain,
}

/// A figure as shown on a page, with what a reader needs to trace it.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownFigure {
    pub text: String,
    pub figure: Figure,
}

/// The result of expanding one text.
#[derive(Debug, Clone, Default)]
pub struct Expansion {
    pub text: String,
    /// Figures in the order the filters formatted them.
    pub shown: Vec<ShownFigure>,
    /// Ids of every dataset an expression read, sorted.
    pub datasets: Vec<String>,
    pub charts: usize,
}

/// An error in an expression, positioned within the expanded text (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub line: usize,
    pub col: usize,
    pub width: usize,
    pub message: String,
    pub hint: Option<String>,
}

#[derive(Default)]
struct Log {
    figures: Vec<Figure>,
    shown: Vec<ShownFigure>,
    datasets: Vec<String>,
    charts: usize,
}

/// Evaluates expressions for one page.
pub struct Expander {
    tera: Tera,
    log: Arc<Mutex<Log>>,
    /// HTML output is escaped; plain text is not.
    autoescape: bool,
}

impl Expander {
    pub fn new(datasets: Arc<Datasets>, lang: Lang, mode: Mode) -> Expander {
        let log = Arc::new(Mutex::new(Log::default()));
        let mut tera = Tera::new();
        let autoescape = mode != Mode::Plain;
        let env = Env { datasets, lang, mode, log: log.clone() };
        register(&mut tera, Arc::new(env));
        Expander { tera, log, autoescape }
    }

    /// Expands every `{{ … }}` and `{% … %}` in `text`. Output of expressions is HTML-escaped unless it is a
    /// figure or chart this module wrote.
    pub fn expand(&self, text: &str) -> Result<Expansion, ExprError> {
        let (rewritten, shifts) = rewrite_attribute_access(text);
        let rendered = self.tera.render_str(&rewritten, &Context::new(), self.autoescape).map_err(|e| {
            let mut err = tera_error(&e);
            err.col = shifts.original_col(err.line, err.col);
            err
        })?;
        if let Some(line) = raw_figure_line(&rendered) {
            return Err(ExprError {
                line,
                col: 1,
                width: 1,
                message: "a figure is printed without a filter".into(),
                hint: Some("format it: `| money`, `| percent`, `| number`, or take `[\"period\"] | period`".into()),
            });
        }
        let mut log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        let mut datasets = std::mem::take(&mut log.datasets);
        datasets.sort();
        datasets.dedup();
        Ok(Expansion { text: rendered, shown: std::mem::take(&mut log.shown), datasets, charts: log.charts })
    }
}

/// At most this many expression errors are reported for one text.
const MAX_ERRORS: usize = 50;

impl Expander {
    /// Like [`Expander::expand`], but reports every failing expression: after an error, the tag that
    /// failed is blanked out (same length, same lines) and the text is expanded again.
    pub fn expand_all(&self, text: &str) -> Result<Expansion, Vec<ExprError>> {
        let mut errors: Vec<ExprError> = Vec::new();
        let mut text = text.to_owned();
        loop {
            match self.expand(&text) {
                Ok(expansion) if errors.is_empty() => return Ok(expansion),
                Ok(_) => return Err(errors),
                Err(e) => {
                    let blanked = blank_tag(&text, e.line, e.col);
                    errors.push(e);
                    match blanked {
                        Some(next) if errors.len() < MAX_ERRORS => text = next,
                        _ => return Err(errors),
                    }
                }
            }
        }
    }
}

/// `text` with the `{{ … }}` or `{% … %}` tag at (or, failing that, first after) `line`:`col` replaced by
/// spaces; `None` when there is no such tag.
fn blank_tag(text: &str, line: usize, col: usize) -> Option<String> {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let line_text = text[line_start..].split('\n').next().unwrap_or("");
    let at = line_start + line_text.char_indices().nth(col.saturating_sub(1)).map_or(line_text.len(), |(b, _)| b);
    let opens = |from: usize, to: usize| {
        let window = &text[from..to];
        ["{{", "{%"].iter().filter_map(|o| window.rfind(o).map(|i| from + i)).max()
    };
    let open = opens(line_start, (at + 2).min(text.len())).or_else(|| {
        let rest = &text[at..];
        ["{{", "{%"].iter().filter_map(|o| rest.find(o).map(|i| at + i)).min()
    })?;
    let close_token = if text[open..].starts_with("{{") { "}}" } else { "%}" };
    let close = text[open + 2..].find(close_token).map(|i| open + 2 + i + 2)?;
    let blank: String = text[open..close].chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
    Some(format!("{}{blank}{}", &text[..open], &text[close..]))
}

/// What the registered functions and filters share.
struct Env {
    datasets: Arc<Datasets>,
    lang: Lang,
    mode: Mode,
    log: Arc<Mutex<Log>>,
}

impl Env {
    fn log(&self) -> std::sync::MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn dataset(&self, id: &str) -> Result<&Dataset, String> {
        self.log().datasets.push(id.to_owned());
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

fn register(tera: &mut Tera, env: Arc<Env>) {
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

/// Where the `.name` → `["name"]` rewrite moved columns, per line, so errors point at the writer's text.
#[derive(Debug, Default)]
struct Shifts(Vec<(usize, usize)>);

impl Shifts {
    /// Maps a 1-based column in the rewritten text back to the original line.
    fn original_col(&self, line: usize, col: usize) -> usize {
        let moved: usize = self.0.iter().filter(|(l, c)| *l == line && *c < col).count() * 3;
        col.saturating_sub(moved).max(1)
    }
}

/// Tera 2 cannot take an attribute of a call's result (`max(…).period`), but can index it
/// (`max(…)["period"]`); rewrites the first form into the second inside tags, outside string literals.
fn rewrite_attribute_access(text: &str) -> (String, Shifts) {
    let chars: Vec<char> = text.chars().collect();
    let (mut out, mut shifts) = (String::with_capacity(text.len()), Shifts::default());
    let (mut in_tag, mut quote, mut line, mut col) = (false, None::<char>, 1, 1);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match (in_tag, quote) {
            (false, _) if c == '{' && matches!(next, Some('{') | Some('%')) => in_tag = true,
            (true, None) if matches!(c, '}' | '%') && next == Some('}') => in_tag = false,
            (true, None) if c == '"' || c == '\'' || c == '`' => quote = Some(c),
            (true, Some(q)) if c == q => quote = None,
            (true, None)
                if c == ')'
                    && next == Some('.')
                    && chars.get(i + 2).is_some_and(|c| c.is_ascii_alphabetic() || *c == '_') =>
            {
                let name: String =
                    chars[i + 2..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').collect();
                out.push_str(&format!(")[\"{name}\"]"));
                shifts.0.push((line, col + 1));
                col += 2 + name.chars().count();
                i += 2 + name.chars().count();
                continue;
            }
            _ => {}
        }
        out.push(c);
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
        i += 1;
    }
    (out, shifts)
}

/// A figure map printed without a filter shows up as its escaped keys; finds the line to point at.
fn raw_figure_line(rendered: &str) -> Option<usize> {
    let markers = ["&quot;__figure&quot;", "&quot;__period&quot;", "\"__figure\"", "\"__period\""];
    rendered.lines().position(|l| markers.iter().any(|m| l.contains(m))).map(|i| i + 1)
}

/// Positions Tera's error in the expanded text.
fn tera_error(error: &tera::Error) -> ExprError {
    use tera::ErrorKind;
    let (line, col, width, message) = match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let width = if span.end_line == span.start_line { span.end_col.saturating_sub(span.start_col) } else { 1 };
            (span.start_line, span.start_col + 1, width, report.message().to_owned())
        }
        _ => parse_report(&error.to_string()),
    };
    let message = message.trim_end_matches('.').to_owned();
    let hint = unknown_name_hint(&message);
    ExprError { line: line.max(1), col: col.max(1), width: width.max(1), message, hint }
}

/// Tera reports unknown functions and filters as a rendered text with ` --> name:LINE:COL`.
fn parse_report(text: &str) -> (usize, usize, usize, String) {
    let message = text.lines().next().unwrap_or(text).trim_start_matches("error: ").to_owned();
    let position = text.lines().find_map(|l| l.trim_start().strip_prefix("--> ")).and_then(|loc| {
        let mut parts = loc.rsplitn(3, ':');
        let col = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        Some((line, col))
    });
    let width = text.lines().last().map_or(1, |l| l.matches('^').count());
    let (line, col) = position.unwrap_or((1, 1));
    (line, col, width, message)
}

fn unknown_name_hint(message: &str) -> Option<String> {
    let (kind, list): (&str, &[&str]) = if message.starts_with("Unknown function") {
        ("functions", &FUNCTIONS)
    } else if message.starts_with("Unknown filter") {
        ("filters", &FILTERS)
    } else {
        return None;
    };
    let name = message.split('`').nth(1)?;
    Some(match did_you_mean(name, list.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("spendsite's {kind}: {}", list.join(", ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_attribute_access_on_calls_only_inside_tags() {
        let (out, shifts) = rewrite_attribute_access("a).b {{ max(data=\"x.y\").period | period }} {{ m(\").z\").y }}");
        assert_eq!(out, "a).b {{ max(data=\"x.y\")[\"period\"] | period }} {{ m(\").z\")[\"y\"] }}");
        assert_eq!(shifts.original_col(1, 40), 37);
        assert_eq!(shifts.original_col(1, 10), 10);
    }

    #[test]
    fn reads_positions_from_tera_reports() {
        let text =
            "error: Unknown function `summ`\n --> __tera_one_off:2:10\n  |\n2 | x {{ summ() }}\n  |          ^^^^";
        assert_eq!(parse_report(text), (2, 10, 4, "Unknown function `summ`".to_owned()));
        assert_eq!(unknown_name_hint("Unknown function `summ`").as_deref(), Some("did you mean `sum`?"));
    }
}
