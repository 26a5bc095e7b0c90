//! ISO 4217 currency codes, checked when a dataset is loaded.
//!
//! A short const list rather than a crate: the codes change a few times a decade, and a dataset only needs to
//! know whether a code exists (formatting per locale lives in `figures`).

/// The active ISO 4217 codes (funds and precious metals included, test codes excluded), sorted.
pub(super) const CODES: [&str; 179] = [
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF",
    "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF", "CHW", "CLF",
    "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB",
    "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR",
    "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD",
    "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
    "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK",
    "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP",
    "SLE", "SLL", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD",
    "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF",
    "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD", "XPF", "XPT", "XSU", "XUA", "YER",
    "ZAR", "ZMW", "ZWG",
];

/// The codes whose minor unit is not the hundredth (ISO 4217's exponent), with it; every other code has
/// two decimals.
const MINOR_UNITS: [(&str, u32); 26] = [
    ("BHD", 3),
    ("BIF", 0),
    ("CLF", 4),
    ("CLP", 0),
    ("DJF", 0),
    ("GNF", 0),
    ("IQD", 3),
    ("ISK", 0),
    ("JOD", 3),
    ("JPY", 0),
    ("KMF", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("LYD", 3),
    ("OMR", 3),
    ("PYG", 0),
    ("RWF", 0),
    ("TND", 3),
    ("UGX", 0),
    ("UYI", 0),
    ("UYW", 4),
    ("VND", 0),
    ("VUV", 0),
    ("XAF", 0),
    ("XOF", 0),
    ("XPF", 0),
];

/// How many decimals an amount of `code` has in units of one: 2 for USD, 0 for JPY, 3 for BHD.
pub(crate) fn minor_units(code: &str) -> u32 {
    MINOR_UNITS.binary_search_by_key(&code, |(c, _)| c).map_or(2, |i| MINOR_UNITS[i].1)
}

/// Whether `code` is an active ISO 4217 code (exactly, in capitals).
pub(super) fn is_known(code: &str) -> bool {
    CODES.binary_search(&code).is_ok()
}

/// How to fix an unknown code: the same code in capitals, a close code, or what codes look like.
pub(super) fn hint(code: &str) -> String {
    let upper = code.to_ascii_uppercase();
    if is_known(&upper) {
        return format!("currency codes are written in capitals: `{upper}`");
    }
    // Codes are three letters, so one edit away is one letter different.
    let close = CODES.iter().copied().filter(|c| upper.len() == 3 && strsim::levenshtein(c, &upper) == 1).take(4);
    let close: Vec<&str> = close.collect();
    match close.as_slice() {
        [] => "currency codes are ISO 4217: three capital letters like USD, EUR, GBP or JPY".into(),
        some => format!("did you mean {}? (ISO 4217 codes, e.g. USD, EUR)", some.join(" or ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_unique() {
        assert!(CODES.windows(2).all(|w| w[0] < w[1]));
        assert!(CODES.iter().all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())));
    }

    #[test]
    fn minor_units_follow_iso_4217() {
        assert!(MINOR_UNITS.windows(2).all(|w| w[0].0 < w[1].0) && MINOR_UNITS.iter().all(|(c, _)| is_known(c)));
        let units: Vec<u32> = ["USD", "EUR", "JPY", "KRW", "BHD", "KWD", "JOD", "CLF"].map(minor_units).to_vec();
        assert_eq!(units, [2, 2, 0, 0, 3, 3, 3, 4]);
    }

    #[test]
    fn knows_common_codes_and_suggests_fixes() {
        assert!(is_known("USD") && is_known("EUR") && is_known("CHF") && !is_known("usd") && !is_known("XXX"));
        assert_eq!(hint("usd"), "currency codes are written in capitals: `USD`");
        assert!(hint("EUD").starts_with("did you mean "), "{}", hint("EUD"));
        assert!(hint("DOLLARS").contains("three capital letters"));
    }
}
