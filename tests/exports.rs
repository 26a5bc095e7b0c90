//! Cost exports as the clouds write them (`tests/sites/focus/`): a FOCUS 1.2 export in one folder per
//! billing period, read as CSV, as CSV.gz and as Parquet; an Azure EA export with a byte-order mark, CRLF
//! line endings and month-first dates; AWS CUR with UTC timestamps. Every monthly sum is compared with a
//! decimal reference computed here from the same file, and broken exports are errors at their cells.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;
use spendsite::dataset::{load_dir, Dataset, Loaded};

use crate::support::{texts, TestSite};

/// The dataset's points as `series period=value`.
fn sums(d: &Dataset) -> BTreeMap<String, Decimal> {
    let points =
        d.series.iter().flat_map(|s| s.points.iter().map(move |p| (format!("{} {}", s.key, p.period), p.value)));
    points.collect()
}

fn datasets(site: &TestSite) -> Vec<Arc<Dataset>> {
    let Loaded { datasets, diags, .. } = load_dir(site.root());
    assert!(!diags.has_errors(), "{}", diags.render(false));
    datasets
}

fn dataset<'d>(all: &'d [Arc<Dataset>], id: &str) -> &'d Dataset {
    all.iter().find(|d| d.id == id).unwrap_or_else(|| panic!("no dataset {id}"))
}

/// The records of a CSV file (a byte-order mark removed), as the reference reads them.
fn rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

/// The reference: `value` summed by the month `month` gives of `period`, per series key made of the
/// `series` column, over every row of `files`.
fn reference(
    files: &[&Path],
    (period, series, value): (&str, &str, &str),
    month: fn(&str) -> String,
    key: fn(&str) -> String,
) -> BTreeMap<String, Decimal> {
    let mut sums: BTreeMap<String, Decimal> = BTreeMap::new();
    for file in files {
        let (header, rows) = rows(file);
        let at = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
        let (p, s, v) = (at(period), at(series), at(value));
        for row in rows {
            let amount = Decimal::from_scientific(&row[v]).or_else(|_| row[v].parse()).unwrap();
            *sums.entry(format!("{} {}", key(&row[s]), month(&row[p]))).or_default() += amount;
        }
    }
    sums
}

fn slug(text: &str) -> String {
    text.to_lowercase().replace(' ', "-")
}

const FOCUS_PARTS: [&str; 2] = ["data/exports/2025-04/part-00001.csv", "data/exports/2025-05/part-00001.csv"];

#[test]
fn a_focus_export_in_csv_gzip_and_parquet_sums_to_the_reference() {
    let site = TestSite::copy_of("focus");
    let parts: Vec<_> = FOCUS_PARTS.iter().map(|p| site.root().join(p)).collect();
    let parts: Vec<&Path> = parts.iter().map(|p| p.as_path()).collect();
    // ChargePeriodStart is written in UTC: its month is its first seven characters.
    let month = |t: &str| t[..7].to_owned();
    let billed = reference(&parts, ("ChargePeriodStart", "ServiceName", "BilledCost"), month, slug);
    assert_eq!(billed.len(), 9, "3 services in 3 months");
    assert_eq!(billed["virtual-machines 2025-04"], "99.4708950000".parse().unwrap());
    let effective = reference(&parts, ("ChargePeriodStart", "ServiceName", "EffectiveCost"), month, slug);
    let all = datasets(&site);
    assert_eq!(sums(dataset(&all, "cloud")), billed);
    let table = dataset(&all, "cloud").table.clone().unwrap();
    assert_eq!((table.files, table.rows), (2, 30));
    let focus = table.focus.unwrap();
    assert_eq!(focus.corrections, 2);
    let by_tag: Decimal = sums(dataset(&all, "cloud-amortised")).values().sum();
    assert_eq!(by_tag, effective.values().sum::<Decimal>(), "by Tags.env, every row is in one series");

    // The same rows gzip-compressed, and as Parquet with exact DECIMAL costs: the same sums.
    for part in FOCUS_PARTS {
        let csv = std::fs::read(site.root().join(part)).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&csv).unwrap();
        site.write_bytes(&part.replace(".csv", ".csv.gz"), &gz.finish().unwrap());
        site.write_bytes(&part.replace(".csv", ".parquet"), &parquet_of(&site.root().join(part)));
    }
    for (pattern, form) in [("exports/**/*.csv.gz", "gzip"), ("exports/**/*.parquet", "Parquet")] {
        let yaml = site.source("data/cloud.yaml").replace("exports/**/*.csv", pattern);
        let other = TestSite::copy_of("focus").with("data/cloud.yaml", &yaml);
        for part in FOCUS_PARTS {
            let ending = if form == "gzip" { ".csv.gz" } else { ".parquet" };
            let name = part.replace(".csv", ending);
            other.write_bytes(&name, &std::fs::read(site.root().join(&name)).unwrap());
        }
        let all = datasets(&other);
        assert_eq!(sums(dataset(&all, "cloud")), billed, "{form}");
    }

    let built = TestSite::copy_of("focus");
    built.build();
    let page = built.page("datasets/cloud.html");
    assert_eq!(
        texts(&page, ".origin"),
        ["Billed cost (cash basis, as invoiced), summed by month from 30 rows of 2 files. By ChargeCategory: 21 \
          Usage, 3 Purchase, 3 Tax, 2 Credit, 1 Adjustment. Corrections (ChargeClass: Correction): 2, each in the \
          charge period it corrects."]
    );
}

/// A Parquet file of the CSV at `path`: costs as DECIMAL(18,10), every other column as text.
fn parquet_of(path: &Path) -> Vec<u8> {
    use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    let (header, rows) = rows(path);
    let is_cost = |name: &str| name.ends_with("Cost");
    let fields: Vec<String> = header
        .iter()
        .map(|h| match is_cost(h) {
            true => format!("required int64 {h} (DECIMAL(18,10));"),
            false => format!("optional binary {h} (UTF8);"),
        })
        .collect();
    let schema = parquet::schema::parser::parse_message_type(&format!("message focus {{ {} }}", fields.join(" ")));
    let props = Arc::new(WriterProperties::builder().build());
    let mut out = Vec::new();
    let mut writer = SerializedFileWriter::new(&mut out, Arc::new(schema.unwrap()), props).unwrap();
    let mut group = writer.next_row_group().unwrap();
    for (i, name) in header.iter().enumerate() {
        let mut column = group.next_column().unwrap().unwrap();
        if is_cost(name) {
            let units: Vec<i64> = rows
                .iter()
                .map(|r| {
                    let mut d = Decimal::from_scientific(&r[i]).or_else(|_| r[i].parse()).unwrap();
                    d.rescale(10);
                    i64::try_from(d.mantissa()).unwrap()
                })
                .collect();
            column.typed::<Int64Type>().write_batch(&units, None, None).unwrap();
        } else {
            let present: Vec<ByteArray> =
                rows.iter().filter(|r| !r[i].is_empty()).map(|r| ByteArray::from(r[i].as_str())).collect();
            let levels: Vec<i16> = rows.iter().map(|r| i16::from(!r[i].is_empty())).collect();
            column.typed::<ByteArrayType>().write_batch(&present, Some(&levels), None).unwrap();
        }
        column.close().unwrap();
    }
    group.close().unwrap();
    writer.close().unwrap();
    out
}

#[test]
fn provider_exports_with_declared_dates_sum_to_the_reference() {
    let site = TestSite::copy_of("focus");
    let ea = std::fs::read(site.root().join("data/azure-ea.csv")).unwrap();
    assert!(ea.starts_with("\u{feff}".as_bytes()) && ea.windows(2).any(|w| w == b"\r\n"), "a BOM and CRLF");
    let all = datasets(&site);
    // `MM/DD/YYYY`: 09/21/2023 is in September.
    let month_first = |t: &str| format!("{}-{}", &t[6..10], &t[..2]);
    let ea_key = |s: &str| match s {
        "Storage" => "storage".to_owned(),
        "Virtual Machines" => "vms".to_owned(),
        _ => String::new(),
    };
    let mut expected =
        reference(&[&site.root().join("data/azure-ea.csv")], ("Date", "MeterCategory", "Cost"), month_first, ea_key);
    expected.retain(|k, _| !k.starts_with(' '));
    assert_eq!(sums(dataset(&all, "azure-ea")), expected);
    assert_eq!(sums(dataset(&all, "azure-ea"))["storage 2023-09"], "1.060247544".parse().unwrap());
    let utc_month = |t: &str| t[..7].to_owned();
    for (id, columns) in [
        ("aws-cur", ("lineItem/UsageStartDate", "lineItem/ProductCode", "lineItem/UnblendedCost")),
        ("aws-cur2", ("line_item_usage_start_date", "line_item_product_code", "line_item_unblended_cost")),
    ] {
        let file = site.root().join(format!("data/{id}.csv"));
        assert_eq!(sums(dataset(&all, id)), reference(&[&file], columns, utc_month, slug), "{id}");
    }
}

/// The errors of building the focus site with `rel` written as `text`, each as `file:line:col: message`.
fn errors(edits: &[(&str, &str)]) -> Vec<String> {
    let mut site = TestSite::copy_of("focus");
    for (rel, text) in edits {
        site = site.with(rel, text);
    }
    site.check_err().iter().filter(|d| d.is_error()).map(|d| format!("{}: {}", d.location(), d.message)).collect()
}

#[test]
fn broken_exports_are_errors_at_their_cells_causes_first() {
    let site = TestSite::copy_of("focus");
    // The EA export's dates are month first; undeclared, every date cell is refused where it is (CRLF
    // lines, columns after the byte-order mark), and no "no row has `Storage`" follows from them.
    let yaml = site.source("data/azure-ea.yaml").replace("  date_format: MM/DD/YYYY\n", "");
    let found = errors(&[("data/azure-ea.yaml", &yaml)]);
    assert!(found.iter().all(|e| e.starts_with("data/azure-ea.csv:")), "{found:#?}");
    // Rows 2 to 4 are of other meter categories, which the dataset leaves out before reading their dates.
    assert_eq!(found[0], "data/azure-ea.csv:5:171: invalid period `08/14/2023`: expected a month `YYYY-MM` (e.g. 2023-07) or a quarter `YYYY-Qn` (e.g. 2024-Q2)");
    assert_eq!(found.len(), 15, "one per row read: {found:#?}");
    // Declared, a cell that does not match quotes the format.
    let csv = String::from_utf8(std::fs::read(site.root().join("data/azure-ea.csv")).unwrap()).unwrap();
    let mut lines: Vec<String> = csv.split("\r\n").map(str::to_owned).collect();
    lines[4] = lines[4].replacen(",08/14/2023,", ",2023-08-14,", 1);
    assert_eq!(
        errors(&[("data/azure-ea.csv", &lines.join("\r\n"))]),
        ["data/azure-ea.csv:5:171: `2023-08-14` is not a date in the format `MM/DD/YYYY`"]
    );
    // A FOCUS row in another currency.
    let part = site.source(FOCUS_PARTS[1]);
    let euro = part.replacen(",USD,", ",EUR,", 2);
    let found = errors(&[(FOCUS_PARTS[1], &euro)]);
    assert_eq!(
        found,
        ["data/exports/2025-05/part-00001.csv:2:35: 2 rows are in EUR, but the dataset's currency is USD"]
    );
}
