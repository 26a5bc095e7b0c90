//! Turning figures, amounts, percentages and periods into text for readers, in English or German.
//!
//! Rounding is always explicit and half away from zero (`format!("{:.1}")` would truncate a `Decimal`).
//! Without `dp`, a figure shows at most one decimal place and drops a trailing `.0`: `$580.4 million`,
//! `$20 million`, `24%`; with `dp`, exactly that many places: `percent(dp=1)` gives `24.0%`.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::dataset::{Currency, Status, Unit};
use crate::period::{Granularity, Period};

use super::function::Span;
use super::{Figure, Quantity};
use crate::lang::Lang;

/// The thousands and decimal separators of `lang`.
fn separators(lang: Lang) -> (char, char) {
    match lang {
        Lang::En => (',', '.'),
        Lang::De => ('.', ','),
    }
}

/// The magnitude money is shown in: `auto` picks billion, million or units by size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Auto,
    One,
    Thousand,
    Million,
    Billion,
}

impl Scale {
    pub fn parse(text: &str) -> Option<Scale> {
        match text {
            "auto" => Some(Scale::Auto),
            "one" => Some(Scale::One),
            "thousand" => Some(Scale::Thousand),
            "million" => Some(Scale::Million),
            "billion" => Some(Scale::Billion),
            _ => None,
        }
    }

    /// The concrete scale for an amount (in units of one).
    pub fn resolve(self, amount: Decimal) -> Unit {
        match self {
            Scale::One => Unit::One,
            Scale::Thousand => Unit::Thousand,
            Scale::Million => Unit::Million,
            Scale::Billion => Unit::Billion,
            Scale::Auto if amount.abs() >= Unit::Billion.multiplier() => Unit::Billion,
            Scale::Auto if amount.abs() >= Unit::Million.multiplier() => Unit::Million,
            Scale::Auto => Unit::One,
        }
    }
}

impl From<Unit> for Scale {
    /// Shows amounts in exactly this unit.
    fn from(unit: Unit) -> Scale {
        match unit {
            Unit::One => Scale::One,
            Unit::Thousand => Scale::Thousand,
            Unit::Million => Scale::Million,
            Unit::Billion => Scale::Billion,
        }
    }
}

/// Long words (`million`, `November`) or short forms (`M`, `Nov`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Long,
    Short,
}

impl Style {
    pub fn parse(text: &str) -> Option<Style> {
        match text {
            "long" => Some(Style::Long),
            "short" => Some(Style::Short),
            _ => None,
        }
    }
}

/// The space between a number and its unit or currency: a no-break space, so that a line never breaks
/// inside a figure (CLDR writes U+00A0 there in English and German).
pub const NBSP: char = '\u{a0}';

/// Whether a quoted figure (a claim's `says`) is the text a figure was written as: the same text, where a
/// no-break space (as figures are written) and a plain one (as a writer types) are the same.
pub fn same_text(written: &str, quoted: &str) -> bool {
    let plain = |c: char| if matches!(c, NBSP | '\u{202f}') { ' ' } else { c };
    written.chars().map(plain).eq(quoted.chars().map(plain))
}

/// `amount` (in `unit`s of `currency`) as money: `$580.4 million`, `580,4 Mio. US-Dollar`, `CHF 12.5M`,
/// with no-break spaces.
///
/// The scale (`auto`) is chosen after rounding, so that no figure reaches the next scale's threshold in
/// the digits it shows: 999.96 million is `$1 billion`, 999,999.996 is `$1 million`. Without `dp`, an
/// amount in millions or billions shows at most one decimal; one in units of one shows none when it is
/// whole, else the currency's minor units (ISO 4217: `$12.50`, `¥13`, `BHD 1.235`).
pub fn money(
    amount: Decimal,
    unit: Unit,
    currency: &Currency,
    scale: Scale,
    dp: Option<u32>,
    style: Style,
    lang: Lang,
) -> String {
    // The places shown of `value` in `unit`.
    let places = |value: Decimal, unit: Unit| match (dp, unit) {
        (Some(dp), _) => dp,
        (None, Unit::One) if !value.fract().is_zero() => currency.minor_units(),
        (None, Unit::One) => 0,
        (None, _) => 1,
    };
    // Only an absurdly large amount overflows in units of one; it is then shown in the dataset's unit.
    let (scaled, shown_unit) = match amount.checked_mul(unit.multiplier()) {
        Some(base) => {
            let mut shown = scale.resolve(base);
            while let (Scale::Auto, Some(next)) = (scale, auto_next(shown)) {
                let value = base / shown.multiplier();
                let rounded =
                    value.round_dp_with_strategy(places(value, shown), RoundingStrategy::MidpointAwayFromZero);
                if rounded.abs() < next.multiplier() / shown.multiplier() {
                    break;
                }
                shown = next;
            }
            (base / shown.multiplier(), shown)
        }
        None => (amount, unit),
    };
    let digits = match (dp, shown_unit) {
        (None, Unit::Thousand | Unit::Million | Unit::Billion) => decimal(scaled, None, lang),
        _ => decimal(scaled, Some(places(scaled, shown_unit)), lang),
    };
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest.to_owned()),
        None => ("", digits),
    };
    let one = digits == "1";
    let magnitude = magnitude_word(shown_unit, style, lang, one);
    let number = match (magnitude, style, lang) {
        ("", _, _) => digits,
        (word, Style::Short, Lang::En) => format!("{digits}{word}"),
        (word, _, _) => format!("{digits}{NBSP}{word}"),
    };
    match (lang, symbol(currency.code())) {
        (Lang::En, Some(symbol)) => format!("{sign}{symbol}{number}"),
        // CLDR's English pattern for a currency without a symbol: the code first.
        (Lang::En, None) => format!("{sign}{}{NBSP}{number}", currency.code()),
        (Lang::De, _) => {
            let one = one && shown_unit == Unit::One;
            format!("{sign}{number}{NBSP}{}", german_currency(currency.code(), one))
        }
    }
}

/// The next larger scale `auto` may move to: units of one go to millions, millions to billions.
fn auto_next(unit: Unit) -> Option<Unit> {
    match unit {
        Unit::One | Unit::Thousand => Some(Unit::Million),
        Unit::Million => Some(Unit::Billion),
        Unit::Billion => None,
    }
}

fn magnitude_word(unit: Unit, style: Style, lang: Lang, one: bool) -> &'static str {
    match (lang, style, unit) {
        (_, _, Unit::One) => "",
        (Lang::En, Style::Long, Unit::Thousand) => "thousand",
        (Lang::En, Style::Long, Unit::Million) => "million",
        (Lang::En, Style::Long, Unit::Billion) => "billion",
        (Lang::En, Style::Short, Unit::Thousand) => "K",
        (Lang::En, Style::Short, Unit::Million) => "M",
        (Lang::En, Style::Short, Unit::Billion) => "B",
        (Lang::De, Style::Long, Unit::Thousand) => "Tausend",
        (Lang::De, Style::Long, Unit::Million) if one => "Million",
        (Lang::De, Style::Long, Unit::Million) => "Millionen",
        (Lang::De, Style::Long, Unit::Billion) if one => "Milliarde",
        (Lang::De, Style::Long, Unit::Billion) => "Milliarden",
        (Lang::De, Style::Short, Unit::Thousand) => "Tsd.",
        (Lang::De, Style::Short, Unit::Million) => "Mio.",
        (Lang::De, Style::Short, Unit::Billion) => "Mrd.",
    }
}

/// The symbol English writes before the amount, for the currencies that have a well-known one.
fn symbol(code: &str) -> Option<&'static str> {
    match code {
        "USD" => Some("$"),
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        "JPY" => Some("¥"),
        "INR" => Some("₹"),
        _ => None,
    }
}

/// The German name written after the amount (CLDR's, in the singular for exactly one), other codes stay
/// codes.
fn german_currency(code: &str, one: bool) -> &str {
    match (code, one) {
        ("USD", _) => "US-Dollar",
        ("EUR", _) => "Euro",
        ("GBP", true) => "Britisches Pfund",
        ("GBP", false) => "Britische Pfund",
        ("JPY", true) => "Japanischer Yen",
        ("JPY", false) => "Japanische Yen",
        ("CHF", _) => "Schweizer Franken",
        ("INR", true) => "Indische Rupie",
        ("INR", false) => "Indische Rupien",
        _ => code,
    }
}

/// A percentage given in points: `24.1%`, `24,1 %`.
pub fn percent(value: Decimal, dp: Option<u32>, lang: Lang) -> String {
    let digits = decimal(value, dp, lang);
    match lang {
        Lang::En => format!("{digits}%"),
        Lang::De => format!("{digits}{NBSP}%"),
    }
}

/// A plain number with grouping: `1,234.5`, `1.234,5`.
pub fn number(value: Decimal, dp: Option<u32>, lang: Lang) -> String {
    decimal(value, dp, lang)
}

/// Rounds half away from zero to `dp` places (default: at most one, dropping `.0`) and groups thousands.
fn decimal(value: Decimal, dp: Option<u32>, lang: Lang) -> String {
    let places = dp.unwrap_or(1);
    let mut rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    if rounded.is_zero() {
        rounded.set_sign_positive(true);
    }
    let places = match dp {
        None if rounded.fract().is_zero() => 0,
        _ => places as usize,
    };
    let text = format!("{:.*}", places, rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (group, point) = separators(lang);
    let mut out = String::with_capacity(text.len() + 4);
    if rounded.is_sign_negative() {
        out.push('-');
    }
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(digit);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const MONTHS_DE_SHORT: [&str; 12] =
    ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."];

/// A month's name: `November` / `Nov`, `November` / `Nov.`
pub fn month_name(month: u32, style: Style, lang: Lang) -> &'static str {
    let i = (month.clamp(1, 12) - 1) as usize;
    match (lang, style) {
        (Lang::En, Style::Long) => MONTHS_EN[i],
        (Lang::En, Style::Short) => &MONTHS_EN[i][..3],
        (Lang::De, Style::Long) => MONTHS_DE[i],
        (Lang::De, Style::Short) => MONTHS_DE_SHORT[i],
    }
}

/// A period for readers: `November 2023`, `Nov 2023`, `Q4 2023`, or fiscally `FY24 Q2` / `GJ24 Q2` when the
/// fiscal year starts in a month other than January (and on a quarter boundary).
pub fn period(p: Period, fiscal_year_start: u32, style: Style, lang: Lang) -> String {
    match p {
        Period::Month { year, month } => format!("{} {year}", month_name(month, style, lang)),
        Period::Quarter { year, quarter } if fiscal_quarter_shift(fiscal_year_start) == 0 => {
            format!("Q{quarter} {year}")
        }
        Period::Quarter { year, quarter } => {
            let first_month = (quarter - 1) * 3 + 1;
            let fiscal_year = if first_month >= fiscal_year_start { year + 1 } else { year };
            let fiscal_quarter = (first_month + 12 - fiscal_year_start) % 12 / 3 + 1;
            let prefix = if lang == Lang::De { "GJ" } else { "FY" };
            format!("{prefix}{:02} Q{fiscal_quarter}", fiscal_year.rem_euclid(100))
        }
    }
}

/// How many quarters the fiscal year starts after the calendar year: 1, 2 or 3 when it starts in April,
/// July or October (its quarters are then labelled fiscally), else 0 (calendar quarters).
pub fn fiscal_quarter_shift(fiscal_year_start: u32) -> u32 {
    match fiscal_year_start {
        4 | 7 | 10 => (fiscal_year_start - 1) / 3,
        _ => 0,
    }
}

/// `Jul 2023 – May 2024`, or one period when both ends are the same.
pub fn period_range(from: Period, to: Period, fiscal_year_start: u32, style: Style, lang: Lang) -> String {
    let from_text = period(from, fiscal_year_start, style, lang);
    if from == to {
        return from_text;
    }
    format!("{from_text} – {}", period(to, fiscal_year_start, style, lang))
}

/// A figure in its default form: money with an automatic scale, a percentage, or a count.
pub fn figure(figure: &Figure, lang: Lang) -> String {
    match &figure.quantity {
        Quantity::Money { currency, unit } => {
            money(figure.value, *unit, currency, Scale::Auto, None, Style::Long, lang)
        }
        Quantity::Percent => percent(figure.value, None, lang),
        Quantity::Count => number(figure.value, None, lang),
    }
}

/// How a figure was computed, in a sentence for a tooltip or footnote:
/// `sum of walmart-azure/acr, Jul 2023 – May 2024 (11 months); includes illustrative values`,
/// `change of walmart-azure/acr, from Jul 2023 to Sep 2023; all values reported`.
pub fn describe(figure: &Figure, lang: Lang) -> String {
    let fy = figure.fiscal_year_start;
    let spec = figure.function.spec();
    let de = lang == Lang::De;
    let (of, joiner) = if de { ("von", " an ") } else { ("of", " in ") };
    let (first, last) = (figure.periods.first(), figure.periods.last());
    let noun = function_noun(figure, lang);
    let mut text = format!("{noun} {of} {}", figure.inputs.join(joiner));
    match (spec.span, first, last) {
        (Span::Ends, Some(a), Some(b)) => {
            let (a, b) = (period(*a, fy, Style::Short, lang), period(*b, fy, Style::Short, lang));
            text += &if de { format!(", {a} bis {b}") } else { format!(", from {a} to {b}") };
        }
        (Span::Values, Some(a), Some(b)) => {
            let count = figure.periods.len();
            let noun = period_noun(a.granularity(), count, lang);
            text += &format!(", {} ({count} {noun})", period_range(*a, *b, fy, Style::Short, lang));
        }
        _ => {}
    }
    if let Some(p) = figure.period.filter(|_| figure.periods.len() > 1) {
        text += &format!(", in {}", period(p, fy, Style::Short, lang));
    }
    text + &caveats(figure, lang)
}

/// How a figure was computed, for readers: [`describe`] without the dataset and series keys. `sum of 11
/// months, Jul 2023 – May 2024; includes illustrative values`, `Summe über 11 Monate, Juli 2023 – Mai
/// 2024; …`, `value for Jul 2023; all values reported`.
pub fn describe_briefly(figure: &Figure, lang: Lang) -> String {
    let fy = figure.fiscal_year_start;
    let spec = figure.function.spec();
    let de = lang == Lang::De;
    let (first, last) = (figure.periods.first(), figure.periods.last());
    let noun = function_noun(figure, lang);
    let short = |p: &Period| period(*p, fy, Style::Short, lang);
    let mut text = match (spec.span, first, last) {
        (Span::Ends, Some(a), Some(b)) if de => format!("{noun} von {} bis {}", short(a), short(b)),
        (Span::Ends, Some(a), Some(b)) => format!("{noun} from {} to {}", short(a), short(b)),
        (Span::Values, Some(a), Some(_)) if figure.periods.len() == 1 => {
            format!("{noun} {} {}", if de { "für" } else { "for" }, short(a))
        }
        (Span::Values, Some(a), Some(b)) => {
            let count = figure.periods.len();
            let range = period_range(*a, *b, fy, Style::Short, lang);
            let periods = period_noun(a.granularity(), count, lang);
            format!("{noun} {} {count} {periods}, {range}", if de { "über" } else { "of" })
        }
        _ => noun,
    };
    if let Some(p) = figure.period.filter(|_| figure.periods.len() > 1) {
        text += &format!(", in {}", short(&p));
    }
    text + &caveats(figure, lang)
}

/// What the figure's function computes, in words: `sum`, `compound growth rate per month`.
fn function_noun(figure: &Figure, lang: Lang) -> String {
    let noun = figure.function.spec().noun[usize::from(lang == Lang::De)];
    match figure.periods.first() {
        Some(p) => noun.replace("{period}", period_noun(p.granularity(), 1, lang)),
        None => noun.to_owned(),
    }
}

/// `; all values reported`, `; includes estimated and illustrative values`.
fn caveats(figure: &Figure, lang: Lang) -> String {
    let caveats: Vec<&str> = figure.caveats.iter().map(|s| status_word(*s, lang)).collect();
    match (caveats.is_empty(), lang) {
        (true, Lang::En) => "; all values reported".to_owned(),
        (true, Lang::De) => "; alle Werte berichtet".to_owned(),
        (false, Lang::En) => format!("; includes {} values", caveats.join(" and ")),
        (false, Lang::De) => format!("; enthält {} Werte", caveats.join(" und ")),
    }
}

/// `month`, `months`, `Quartal`, `Quartale`: the noun for `count` periods of `granularity`.
pub fn period_noun(granularity: Granularity, count: usize, lang: Lang) -> &'static str {
    match (lang, granularity, count == 1) {
        (Lang::En, Granularity::Month, true) => "month",
        (Lang::En, Granularity::Month, false) => "months",
        (Lang::En, Granularity::Quarter, true) => "quarter",
        (Lang::En, Granularity::Quarter, false) => "quarters",
        (Lang::De, Granularity::Month, true) => "Monat",
        (Lang::De, Granularity::Month, false) => "Monate",
        (Lang::De, Granularity::Quarter, true) => "Quartal",
        (Lang::De, Granularity::Quarter, false) => "Quartale",
    }
}

/// A status on its own, as tables, legends and captions name it: `illustrative`, `geschätzt`.
pub const fn status_name(status: Status, lang: Lang) -> &'static str {
    match (lang, status) {
        (Lang::En, s) => s.name(),
        (Lang::De, Status::Reported) => "berichtet",
        (Lang::De, Status::Estimated) => "geschätzt",
        (Lang::De, Status::Illustrative) => "illustrativ",
    }
}

/// A status before a plural noun, as [`describe`] uses it: `includes estimated values`,
/// `enthält geschätzte Werte`.
pub fn status_word(status: Status, lang: Lang) -> &'static str {
    match (lang, status) {
        (Lang::En, s) => s.name(),
        (Lang::De, Status::Reported) => "berichtete",
        (Lang::De, Status::Estimated) => "geschätzte",
        (Lang::De, Status::Illustrative) => "illustrative",
    }
}

/// A day: `28 May 2025` / `28. Mai 2025` (the month's name is the period formatter's).
pub fn date(date: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    let month = Period::Month { year: date.year(), month: date.month() };
    let label = period(month, 1, Style::Long, lang);
    let name = label.rsplit_once(' ').map_or(label.as_str(), |(m, _)| m);
    match lang {
        Lang::En => format!("{} {name} {}", date.day(), date.year()),
        Lang::De => format!("{}. {name} {}", date.day(), date.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// The text with each no-break space shown as `_`: every space in a figure is one.
    fn shown(text: String) -> String {
        text.replace(NBSP, "_")
    }

    fn usd(amount: &str, unit: Unit, scale: Scale, dp: Option<u32>, style: Style, lang: Lang) -> String {
        money(d(amount), unit, &Currency("USD".into()), scale, dp, style, lang)
    }

    #[test]
    fn money_in_english() {
        let m = |a, s, st| usd(a, Unit::Million, s, None, st, Lang::En);
        assert_eq!(shown(m("580.4", Scale::Auto, Style::Long)), "$580.4_million");
        assert_eq!(shown(m("580.4", Scale::Auto, Style::Short)), "$580.4M");
        assert_eq!(shown(m("1200", Scale::Auto, Style::Long)), "$1.2_billion");
        assert_eq!(shown(m("1200", Scale::Auto, Style::Short)), "$1.2B");
        assert_eq!(shown(m("20", Scale::Auto, Style::Long)), "$20_million");
        assert_eq!(shown(m("61.95", Scale::Auto, Style::Long)), "$62_million");
        assert_eq!(shown(m("0.5", Scale::Auto, Style::Long)), "$500,000");
        assert_eq!(shown(m("580.4", Scale::Billion, Style::Long)), "$0.6_billion");
        assert_eq!(shown(m("-12.25", Scale::Auto, Style::Long)), "-$12.3_million");
        assert_eq!(shown(m("999.96", Scale::Auto, Style::Long)), "$1_billion");
        assert_eq!(shown(m("999.94", Scale::Auto, Style::Short)), "$999.9M");
        assert_eq!(
            shown(usd("580.4", Unit::Million, Scale::Million, Some(2), Style::Long, Lang::En)),
            "$580.40_million"
        );
        assert_eq!(shown(usd("12.5", Unit::One, Scale::Auto, None, Style::Long, Lang::En)), "$12.50");
        assert_eq!(shown(usd("1234", Unit::One, Scale::Auto, None, Style::Long, Lang::En)), "$1,234");
        assert_eq!(shown(usd("12.5", Unit::Thousand, Scale::Thousand, None, Style::Short, Lang::En)), "$12.5K");
    }

    #[test]
    fn money_in_german() {
        let m = |a, st| usd(a, Unit::Million, Scale::Auto, None, st, Lang::De);
        assert_eq!(shown(m("580.4", Style::Long)), "580,4_Millionen_US-Dollar");
        assert_eq!(shown(m("580.4", Style::Short)), "580,4_Mio._US-Dollar");
        assert_eq!(shown(m("1200", Style::Long)), "1,2_Milliarden_US-Dollar");
        assert_eq!(shown(m("1", Style::Long)), "1_Million_US-Dollar");
        assert_eq!(shown(m("1000", Style::Long)), "1_Milliarde_US-Dollar");
        assert_eq!(shown(m("1000", Style::Short)), "1_Mrd._US-Dollar");
        assert_eq!(shown(usd("1234.5", Unit::One, Scale::Auto, None, Style::Long, Lang::De)), "1.234,50_US-Dollar");
    }

    #[test]
    fn other_currencies_and_unknown_codes() {
        let eur = Currency("EUR".into());
        let xyz = Currency("XYZ".into());
        let m = |c, st, l| money(d("12.5"), Unit::Million, c, Scale::Auto, None, st, l);
        assert_eq!(shown(m(&eur, Style::Long, Lang::En)), "€12.5_million");
        assert_eq!(shown(m(&eur, Style::Long, Lang::De)), "12,5_Millionen_Euro");
        assert_eq!(shown(m(&xyz, Style::Long, Lang::En)), "XYZ_12.5_million");
        assert_eq!(shown(m(&xyz, Style::Short, Lang::En)), "XYZ_12.5M");
        let chf = Currency("CHF".into());
        assert_eq!(shown(m(&chf, Style::Short, Lang::En)), "CHF_12.5M");
        assert_eq!(shown(m(&chf, Style::Long, Lang::De)), "12,5_Millionen_Schweizer Franken");
        let gbp = Currency("GBP".into());
        assert_eq!(shown(m(&gbp, Style::Short, Lang::De)), "12,5_Mio._Britische Pfund");
        let one = |c| money(d("1"), Unit::One, c, Scale::Auto, None, Style::Long, Lang::De);
        assert_eq!(shown(one(&gbp)), "1_Britisches Pfund");
        assert_eq!(
            shown(money(d("-12.5"), Unit::Million, &chf, Scale::Auto, None, Style::Short, Lang::En)),
            "-CHF_12.5M"
        );
        assert_eq!(shown(m(&xyz, Style::Long, Lang::De)), "12,5_Millionen_XYZ");
    }

    /// The scale is chosen after rounding, at every boundary, in both languages and styles.
    #[test]
    fn the_scale_is_chosen_after_rounding_at_every_boundary() {
        let cases = [
            ("999999.994", Unit::One, Style::Long, Lang::En, "$999,999.99"),
            ("999999.995", Unit::One, Style::Long, Lang::En, "$1_million"),
            ("999999.996", Unit::One, Style::Short, Lang::En, "$1M"),
            ("999999.996", Unit::One, Style::Long, Lang::De, "1_Million_US-Dollar"),
            ("999999.996", Unit::One, Style::Short, Lang::De, "1_Mio._US-Dollar"),
            ("999.95", Unit::Thousand, Style::Long, Lang::En, "$999,950"),
            ("999.999995", Unit::Thousand, Style::Long, Lang::En, "$1_million"),
            ("999.96", Unit::Million, Style::Short, Lang::De, "1_Mrd._US-Dollar"),
            ("999.94", Unit::Million, Style::Long, Lang::De, "999,9_Millionen_US-Dollar"),
            ("-999999.995", Unit::One, Style::Long, Lang::En, "-$1_million"),
            ("0.99999999995", Unit::Billion, Style::Long, Lang::En, "$1_billion"),
        ];
        for (amount, unit, style, lang, expected) in cases {
            assert_eq!(shown(usd(amount, unit, Scale::Auto, None, style, lang)), expected, "{amount} {unit:?}");
        }
    }

    /// Whole units show the currency's minor units (ISO 4217) when there is a fraction.
    #[test]
    fn amounts_in_units_of_one_have_their_currencys_minor_units() {
        let m = |a: &str, code: &str, lang| {
            money(d(a), Unit::One, &Currency(code.into()), Scale::Auto, None, Style::Long, lang)
        };
        assert_eq!(m("12.5", "USD", Lang::En), "$12.50");
        assert_eq!(m("12.5", "JPY", Lang::En), "¥13");
        assert_eq!(m("12.4", "KRW", Lang::En), "KRW\u{a0}12");
        assert_eq!(m("1.2345", "BHD", Lang::En), "BHD\u{a0}1.235");
        assert_eq!(m("1.2345", "KWD", Lang::De), "1,235\u{a0}KWD");
        assert_eq!(m("12", "JOD", Lang::En), "JOD\u{a0}12");
        assert_eq!(m("12.5", "JPY", Lang::De), "13\u{a0}Japanische Yen");
    }

    #[test]
    fn percents_and_numbers_round_half_away_from_zero() {
        assert_eq!(shown(percent(d("24.1"), None, Lang::En)), "24.1%");
        assert_eq!(shown(percent(d("24.1"), None, Lang::De)), "24,1_%");
        assert_eq!(shown(percent(d("24.0096"), None, Lang::En)), "24%");
        assert_eq!(shown(percent(d("24.0096"), Some(1), Lang::En)), "24.0%");
        assert_eq!(shown(percent(d("0.05"), Some(1), Lang::En)), "0.1%");
        assert_eq!(shown(percent(d("-0.04"), None, Lang::En)), "0%");
        assert_eq!(shown(number(d("2.25"), Some(1), Lang::En)), "2.3");
        assert_eq!(shown(number(d("-2.25"), Some(1), Lang::En)), "-2.3");
        assert_eq!(shown(number(d("1234567.891"), Some(2), Lang::En)), "1,234,567.89");
        assert_eq!(shown(number(d("1234567.891"), Some(2), Lang::De)), "1.234.567,89");
        assert_eq!(shown(number(d("11"), None, Lang::En)), "11");
    }

    #[test]
    fn periods_in_both_languages_and_fiscal_years() {
        let p = |t| Period::parse(t).unwrap();
        assert_eq!(period(p("2023-11"), 1, Style::Long, Lang::En), "November 2023");
        assert_eq!(period(p("2023-11"), 1, Style::Short, Lang::En), "Nov 2023");
        assert_eq!(period(p("2023-11"), 1, Style::Long, Lang::De), "November 2023");
        assert_eq!(period(p("2023-11"), 1, Style::Short, Lang::De), "Nov. 2023");
        assert_eq!(period(p("2023-07"), 1, Style::Short, Lang::De), "Juli 2023");
        assert_eq!(period(p("2023-Q4"), 1, Style::Long, Lang::En), "Q4 2023");
        assert_eq!(period(p("2023-Q4"), 1, Style::Long, Lang::De), "Q4 2023");
        assert_eq!(period(p("2023-Q4"), 7, Style::Long, Lang::En), "FY24 Q2");
        assert_eq!(period(p("2023-Q4"), 7, Style::Long, Lang::De), "GJ24 Q2");
        assert_eq!(period(p("2022-Q3"), 7, Style::Short, Lang::En), "FY23 Q1");
        assert_eq!(period(p("2023-Q2"), 7, Style::Short, Lang::En), "FY23 Q4");
        assert_eq!(period(p("2023-Q1"), 10, Style::Short, Lang::En), "FY23 Q2");
        assert_eq!(period(p("2023-Q1"), 100, Style::Short, Lang::En), "Q1 2023");
        assert_eq!(period_range(p("2023-07"), p("2024-05"), 1, Style::Short, Lang::En), "Jul 2023 – May 2024");
        assert_eq!(period_range(p("2024-03"), p("2024-03"), 1, Style::Short, Lang::En), "Mar 2024");
    }
}
