//! Every figure function as a writer calls it, with its exact text in English and German, on the second
//! fixture site (`tests/sites/yearly`: euros in thousands over fifteen months, a fiscal year from July).
//! The table must name every function of the registry: adding one without a row here fails.

use spendsite::figures::Function;

use crate::support::{texts, TestSite};

/// (expression, English, German). Values checked by hand: the fifteen months sum to 1,561.6 thousand, their
/// mean is 104.1066…, March 2024 (133.1) is 12.1 or 10% above March 2023 (121), and the compound monthly
/// growth over fourteen steps is (133.1 / 100)^(1/14) − 1 = 2.0633599…%.
const CASES: &[(&str, &str, &str)] = &[
    ("value(data=\"hosting\", at=\"2023-12\") | money", "€140,000", "140.000\u{a0}Euro"),
    ("sum(data=\"hosting\") | money", "€1.6\u{a0}million", "1,6\u{a0}Millionen\u{a0}Euro"),
    (
        "sum(data=\"hosting\") | money(scale=\"thousand\", dp=1)",
        "€1,561.6\u{a0}thousand",
        "1.561,6\u{a0}Tausend\u{a0}Euro",
    ),
    ("mean(data=\"hosting\") | money", "€104,106.67", "104.106,67\u{a0}Euro"),
    ("median(data=\"hosting\") | money", "€99,500", "99.500\u{a0}Euro"),
    ("min(data=\"hosting\").period | period", "June 2023", "Juni 2023"),
    ("max(data=\"hosting\") | money(style=\"short\", scale=\"thousand\")", "€140K", "140\u{a0}Tsd.\u{a0}Euro"),
    ("first(data=\"hosting\", from=\"2023-07\") | money", "€85,000", "85.000\u{a0}Euro"),
    ("last(data=\"hosting\") | money", "€133,100", "133.100\u{a0}Euro"),
    ("count(data=\"hosting\", to=\"2023-06\") | number", "6", "6"),
    ("change(data=\"hosting\", from=\"2023-01\", to=\"2023-03\") | money", "€21,000", "21.000\u{a0}Euro"),
    ("change(data=\"hosting\", from=\"2023-01\", to=\"2023-03\").percent | percent", "21%", "21\u{a0}%"),
    ("yoy(data=\"hosting\", at=\"2024-03\") | money", "€12,100", "12.100\u{a0}Euro"),
    ("yoy(data=\"hosting\", at=\"2024-03\").percent | percent(dp=1)", "10.0%", "10,0\u{a0}%"),
    ("yoy(data=\"fiscal\", at=\"2023-Q2\") | money", "$5\u{a0}billion", "5\u{a0}Milliarden\u{a0}US-Dollar"),
    ("yoy(data=\"fiscal\", at=\"2023-Q2\").percent | percent", "25%", "25\u{a0}%"),
    ("growth(data=\"hosting\", to=\"2023-03\") | percent", "10%", "10\u{a0}%"),
    ("growth(data=\"hosting\") | percent(dp=2)", "2.06%", "2,06\u{a0}%"),
    ("growth(data=\"hosting\") | number(dp=10)", "2.0633599022", "2,0633599022"),
    ("growth(data=\"fiscal\") | percent(dp=1)", "5.7%", "5,7\u{a0}%"),
    ("share(part=\"hosting\", whole=\"budget\", at=\"2024-03\") | percent", "25%", "25\u{a0}%"),
    ("runrate(data=\"hosting\", at=\"2024-03\") | money", "€1.6\u{a0}million", "1,6\u{a0}Millionen\u{a0}Euro"),
];

/// The texts of the expressions in `CASES`, each in a list item of a report in `lang`.
fn shown(lang: &str) -> Vec<String> {
    let body: String = CASES.iter().map(|(expr, _, _)| format!("- {{{{ {expr} }}}}\n")).collect();
    let report = format!("---\ntitle: All functions\ndate: 2024-04-01\nlang: {lang}\n---\n{body}");
    let site = TestSite::copy_of("yearly").with("content/all.md", &report);
    site.build();
    texts(&site.page("reports/all.html"), ".prose li")
}

#[test]
fn every_function_gives_its_exact_text_in_english_and_german() {
    let want =
        |column: fn(&(&str, &'static str, &'static str)) -> &'static str| CASES.iter().map(column).collect::<Vec<_>>();
    assert_eq!(shown("en"), want(|c| c.1));
    assert_eq!(shown("de"), want(|c| c.2));
}

#[test]
fn the_table_covers_every_function_of_the_registry() {
    for function in Function::ALL {
        let call = format!("{}(", function.name());
        assert!(CASES.iter().any(|(expr, _, _)| expr.starts_with(&call)), "no case calls `{}`", function.name());
    }
}

#[test]
fn the_second_fixture_builds_with_its_claims_and_a_german_headline() {
    let site = TestSite::copy_of("yearly");
    let outcome = site.build();
    assert_eq!(outcome.stats.summary(), "2 reports, 3 datasets, 5 charts, 2 claims checked");
    assert_eq!(
        texts(&site.page("index.html"), ".card .headline"),
        ["Hosting spend, März 2023 – März 2024: 12.100\u{a0}Euro"]
    );
    let how = texts(&site.page("reports/2024/hosting.html"), ".figure-notes li");
    let growth =
        "2,06\u{a0}%: durchschnittliche Wachstumsrate pro Monat von hosting/hosting, Jan. 2023 bis März 2024; \
                  alle Werte berichtet Hosting spend";
    assert!(how.iter().any(|h| h == growth), "{how:#?}");
}

#[test]
fn statements_take_attributes_strings_take_escapes_and_headings_keep_their_ids() {
    let body = "{% set p = max(data=\"hosting\").period %}Peak: {{ p | period }}. {{ \"5\\\" screen\" }}\n\n## cost_per_unit\n";
    let report = format!("---\ntitle: T\ndate: 2024-04-01\nlang: en\nsummary: \"\"\n---\n{body}");
    let site = TestSite::copy_of("yearly").with("content/t.md", &report);
    site.build();
    let page = site.page("reports/t.html");
    assert_eq!(texts(&page, ".prose p"), ["Peak: December 2023. 5\" screen"]);
    assert_eq!(crate::support::select(&page, ".prose h2")[0].value().attr("id"), Some("cost-per-unit"));
    // An empty summary leaves the site's description in place.
    let description = crate::support::select(&page, "meta[name=description]")[0].value().attr("content");
    assert!(description.is_some_and(|d| d.starts_with("Ein zweites Testprojekt")), "{description:?}");
}
