//! Exact decimals from the text of a value: `61.90` is 61.90, never the nearest `f64`.
//!
//! Only plain decimal notation is accepted (`-12`, `0.5`, `1234.50`): a value in a spend dataset is read by
//! people, so `1e3`, `.5`, `1_000` and `0x10` are refused with a hint showing how to write them out.

use rust_decimal::Decimal;

use super::validate::Problem;

/// The most significant digits a value may have (docs/format.md).
const MAX_DIGITS: usize = 28;

/// Why a text is not a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum NotANumber {
    /// Nothing is written (`""`, `~`, `null`).
    Missing,
    /// Not plain decimal notation; with how to write it instead, when that can be told (`12,5`).
    Notation { text: String, fix: Option<String> },
    /// More than [`MAX_DIGITS`] significant digits.
    TooManyDigits { text: String },
}

impl NotANumber {
    /// What is wrong with the text, after `value`: ``` `12,5` is not a number```.
    pub(super) fn what(&self) -> String {
        match self {
            NotANumber::Missing => "is missing".into(),
            NotANumber::Notation { text, .. } => format!("`{text}` is not a number"),
            NotANumber::TooManyDigits { text } => format!("`{text}` has too many digits to be kept exactly"),
        }
    }

    /// How to write the number, when something more can be said than to write one.
    pub(super) fn fix(&self) -> Option<String> {
        match self {
            NotANumber::Missing => None,
            NotANumber::Notation { fix, .. } => fix.clone(),
            NotANumber::TooManyDigits { .. } => {
                Some(format!("a value can have at most {MAX_DIGITS} significant digits"))
            }
        }
    }

    /// The problem of a dataset's value, which may also be left out (a gap).
    pub(super) fn of_value(self) -> Problem {
        match &self {
            NotANumber::Missing => {
                Problem::new("no value given", Some("write a number, or leave the period out: a gap is allowed".into()))
            }
            _ => Problem::new(
                format!("value {}", self.what()),
                Some(self.fix().unwrap_or_else(|| {
                    "write a plain number such as `12.5`, or leave the period out if there is no value".into()
                })),
            ),
        }
    }
}

/// Parses `text` as an exact decimal: an optional sign, digits, and an optional `.` with more digits.
pub(super) fn parse_decimal(text: &str) -> Result<Decimal, NotANumber> {
    let trimmed = text.trim();
    let unsigned = trimmed.strip_prefix(['-', '+']).unwrap_or(trimmed);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(whole) && digits(fraction)) {
        return Err(explain(trimmed));
    }
    let too_many = || NotANumber::TooManyDigits { text: trimmed.to_owned() };
    // Decimal keeps some 29-digit numbers too; the rule is 28, for every number alike.
    let written_fraction = unsigned.split_once('.').map_or("", |(_, f)| f);
    if format!("{whole}{written_fraction}").trim_start_matches('0').len() > MAX_DIGITS {
        return Err(too_many());
    }
    let exact = trimmed.strip_prefix('+').unwrap_or(trimmed);
    Decimal::from_str_exact(exact).map_err(|_| too_many())
}

/// Parses a table cell's number: plain decimal notation, or E notation as cost exports and databases
/// write it (`35.2E-7`, `1.2e3`; FOCUS allows it), read exactly: the exponent moves the decimal point of
/// the digits as written, so `35.2E-7` is `0.00000352`, never the nearest binary fraction. A value that
/// would need more than 28 significant digits, or more than 28 decimal places, cannot be kept exactly.
pub(super) fn parse_table_decimal(text: &str) -> Result<Decimal, NotANumber> {
    let trimmed = text.trim();
    let Some(at) = trimmed.find(['e', 'E']) else { return parse_decimal(trimmed) };
    let (mantissa, exponent) = (&trimmed[..at], &trimmed[at + 1..]);
    let digits = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || mantissa.starts_with('.') {
        return Err(explain(trimmed));
    }
    let mantissa = parse_decimal(mantissa).map_err(|_| explain(trimmed))?;
    let too_many = || NotANumber::TooManyDigits { text: trimmed.to_owned() };
    // Exponents beyond a few digits are far past what 28 digits reach.
    let shift: i64 = if digits.len() > 4 { return Err(too_many()) } else { digits.parse().map_err(|_| too_many())? };
    let shift = if exponent.starts_with('-') { -shift } else { shift };
    let (mut unscaled, mut scale) = (mantissa.mantissa(), i64::from(mantissa.scale()) - shift);
    while scale < 0 {
        unscaled = unscaled.checked_mul(10).ok_or_else(too_many)?;
        scale += 1;
    }
    // Trailing zeros are no digits of the value: `100E-30` is `1E-28`.
    while scale > i64::from(MAX_SCALE) && unscaled % 10 == 0 {
        unscaled /= 10;
        scale -= 1;
    }
    let significant = unscaled.unsigned_abs().to_string().len();
    if scale > i64::from(MAX_SCALE) || (unscaled != 0 && significant > MAX_DIGITS) {
        return Err(too_many());
    }
    Decimal::try_from_i128_with_scale(unscaled, u32::try_from(scale).map_err(|_| too_many())?).map_err(|_| too_many())
}

/// The most decimal places a value can have.
const MAX_SCALE: u32 = 28;

/// Why `text`, which is not plain decimal notation, is not a number, with the most useful fix.
fn explain(text: &str) -> NotANumber {
    if text.is_empty() || text == "~" || text == "null" {
        return NotANumber::Missing;
    }
    let notation = |fix: Option<&str>| NotANumber::Notation { text: text.to_owned(), fix: fix.map(str::to_owned) };
    let lower = text.to_ascii_lowercase();
    if matches!(lower.trim_start_matches(['-', '+']), ".inf" | ".nan" | "inf" | "nan" | "infinity") {
        return notation(Some("values must be finite numbers such as `12.5`"));
    }
    if matches!(lower.as_str(), "true" | "false" | "yes" | "no") {
        return notation(Some("write the value as a number such as `12.5`"));
    }
    let fix = symbol_hint(text).or_else(|| comma_hint(text)).or_else(|| notation_hint(text));
    NotANumber::Notation { text: text.to_owned(), fix }
}

/// `$1,200` or `12.5 €`: the currency is the dataset's, written once.
fn symbol_hint(text: &str) -> Option<String> {
    let symbols = ['$', '€', '£', '¥', '₹'];
    let bare = text.replace(symbols, "").trim().to_owned();
    if bare == text || bare.is_empty() {
        return None;
    }
    let plain = bare.replace(',', "");
    let written = parse_decimal(&plain).map_or(String::new(), |_| format!(": `{plain}`"));
    Some(format!("write the number without a currency sign{written}; the dataset's `currency` says what it is"))
}

/// `12,5` (a decimal comma) or `1,234.5` (thousands separators).
fn comma_hint(text: &str) -> Option<String> {
    if !text.contains(',') {
        return None;
    }
    let without = text.replace(',', "");
    let groups_of_three = text.split(',').skip(1).all(|g| g.split('.').next().is_some_and(|d| d.len() == 3));
    if without.contains('.') || (groups_of_three && text.matches(',').count() > 1) {
        return parse_decimal(&without).ok().map(|_| format!("remove the thousands separators: `{without}`"));
    }
    let dotted = text.replacen(',', ".", 1);
    let fixed = parse_decimal(&dotted).ok()?;
    match groups_of_three {
        true => Some(format!("use a decimal point (`{fixed}`), and no thousands separators (`{without}`)")),
        false => Some(format!("use a decimal point: `{dotted}`")),
    }
}

/// `1e3`, `.5`, `5.`, `1_000`, `0x10`: notations YAML or programmers know, written out.
fn notation_hint(text: &str) -> Option<String> {
    if text.contains(['e', 'E']) && !text.starts_with("0x") {
        return Some(match Decimal::from_scientific(text) {
            Ok(value) => format!("exponents are not accepted; write the number out: `{}`", value.normalize()),
            Err(_) => "exponents are not accepted; write the number out in full".into(),
        });
    }
    if text.contains('_') {
        let plain = text.replace('_', "");
        return parse_decimal(&plain).ok().map(|_| format!("remove the underscores: `{plain}`"));
    }
    if text.starts_with("0x") || text.starts_with("0o") {
        return Some("write the number in decimal notation".into());
    }
    let unsigned = text.trim_start_matches(['-', '+']);
    if unsigned.starts_with('.') || unsigned.ends_with('.') {
        let sign = &text[..text.len() - unsigned.len()];
        let fixed = format!("{sign}{}", unsigned.trim_matches('.'));
        let fixed = if unsigned.starts_with('.') { format!("{sign}0{unsigned}") } else { fixed };
        return parse_decimal(&fixed).ok().map(|_| format!("write `{fixed}`"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(text: &str) -> String {
        parse_decimal(text).unwrap_err().of_value().hint.unwrap_or_default()
    }

    #[test]
    fn keeps_decimals_exact() {
        assert_eq!(parse_decimal("61.90").unwrap().to_string(), "61.90");
        assert_eq!(parse_decimal("12345678901234567.89").unwrap().to_string(), "12345678901234567.89");
        assert_eq!(parse_decimal("-3").unwrap(), Decimal::from(-3));
        assert_eq!(parse_decimal("+0.5").unwrap().to_string(), "0.5");
    }

    #[test]
    fn keeps_28_significant_digits_and_refuses_29_as_the_docs_say() {
        let digits = |n: usize| "9".repeat(n);
        assert!(parse_decimal(&digits(28)).is_ok());
        assert!(parse_decimal(&format!("0.{}", digits(28))).is_ok());
        assert!(parse_decimal(&format!("000{}.000", digits(25))).is_ok(), "leading zeros are not significant");
        for refused in [
            digits(29),
            "12345678901234567890123456789".into(),
            format!("1.{}", digits(28)),
            format!("-{}", digits(29)),
        ] {
            let problem = parse_decimal(&refused).unwrap_err().of_value();
            assert_eq!(problem.message, format!("value `{refused}` has too many digits to be kept exactly"));
            assert_eq!(problem.hint.as_deref(), Some("a value can have at most 28 significant digits"));
        }
    }

    #[test]
    fn refuses_other_notations_with_a_fix() {
        assert_eq!(hint("12,5"), "use a decimal point: `12.5`");
        assert_eq!(hint("1,234.5"), "remove the thousands separators: `1234.5`");
        assert_eq!(hint("1e3"), "exponents are not accepted; write the number out: `1000`");
        assert_eq!(hint("1e400"), "exponents are not accepted; write the number out in full");
        assert_eq!(hint(".5"), "write `0.5`");
        assert_eq!(hint("5."), "write `5`");
        assert_eq!(hint("1_000"), "remove the underscores: `1000`");
        assert!(hint(".inf").contains("finite"));
        assert!(hint("n/a").contains("leave the period out"));
        assert_eq!(parse_decimal("").unwrap_err(), NotANumber::Missing);
        assert_eq!(parse_decimal("true").unwrap_err().of_value().message, "value `true` is not a number");
        assert_eq!(parse_decimal("n/a").unwrap_err().fix(), None, "nothing to say but to write a number");
    }

    #[test]
    fn tables_read_e_notation_exactly() {
        let read = |text: &str| parse_table_decimal(text).map(|d| d.to_string());
        assert_eq!(read("35.2E-7").unwrap(), "0.00000352");
        assert_eq!(read("1.2e3").unwrap(), "1200");
        assert_eq!(read("1.25E+1").unwrap(), "12.5");
        assert_eq!(read("-4.5E-2").unwrap(), "-0.045");
        assert_eq!(read("0E0").unwrap(), "0");
        assert_eq!(read("100E-30").unwrap(), "0.0000000000000000000000000001");
        assert_eq!(read("61.90").unwrap(), "61.90", "plain decimals are kept as written");
        assert!(matches!(parse_table_decimal("1E-29"), Err(NotANumber::TooManyDigits { .. })));
        assert!(matches!(parse_table_decimal("1E29"), Err(NotANumber::TooManyDigits { .. })));
        assert!(matches!(parse_table_decimal("1E99999"), Err(NotANumber::TooManyDigits { .. })));
        for refused in ["1E", "E5", "1e1.5", ".5e1", "1e--1", "1,5e3"] {
            assert!(matches!(parse_table_decimal(refused), Err(NotANumber::Notation { .. })), "{refused}");
        }
    }

    #[test]
    fn refuses_more_digits_than_it_can_keep() {
        let err = parse_decimal("1234567890123456789012345678901234567890").unwrap_err();
        assert!(matches!(err, NotANumber::TooManyDigits { .. }), "{err:?}");
    }
}
