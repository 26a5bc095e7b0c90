//! Datasets whose values are in CSV tables: wide and long, a billing export summed into months, and a
//! corpus of broken tables (`tests/bad_tables/`: `case.yaml` and the `case.csv` it names), each with its
//! first error exactly as rendered in `tests/bad_tables/expected.txt` (rewritten by `SPENDSITE_BLESS=1`).

use std::path::Path;
use std::sync::Arc;

use spendsite::dataset::{load_dir, Dataset, Loaded, Status};
use spendsite::period::{Granularity, Period};

use crate::support::{assert_snapshot, fixture, read, texts, TestSite};

fn loaded(site: &TestSite) -> Vec<Arc<Dataset>> {
    let Loaded { datasets, diags, .. } = load_dir(site.root());
    assert!(!diags.has_errors(), "{}", diags.render(false));
    datasets
}

/// `series period=value/status …` for every point of a dataset, exactly as read.
fn points(d: &Dataset) -> Vec<String> {
    d.series
        .iter()
        .map(|s| {
            let values: Vec<String> =
                s.points.iter().map(|p| format!("{}={}/{}", p.period, p.raw, p.status.name())).collect();
            format!("{} {}", s.key, values.join(" "))
        })
        .collect()
}

fn find<'d>(datasets: &'d [Arc<Dataset>], id: &str) -> &'d Dataset {
    datasets.iter().find(|d| d.id == id).unwrap_or_else(|| panic!("no dataset {id}"))
}

#[test]
fn a_billing_export_is_summed_into_months_exactly() {
    let site = TestSite::copy_of("tables");
    let datasets = loaded(&site);
    let bill = find(&datasets, "cloud-bill");
    // 91 days × 3 services of the production account; the 91 staging rows are left out by `where`.
    let table = bill.table.as_ref().unwrap();
    assert_eq!(
        (table.rows, table.summed, table.path.as_path()),
        (273, Some(Granularity::Month), Path::new("data/cloud-bill.csv"))
    );
    assert_eq!(
        points(bill),
        [
            "compute 2024-01=58.3780/reported 2024-02=54.8420/reported 2024-03=58.4120/reported",
            "storage 2024-01=12.0610/reported 2024-02=11.2420/reported 2024-03=12.0680/reported",
            // Two March rows are estimated, so the month is.
            "transfer 2024-01=3.1773/reported 2024-02=2.9795/reported 2024-03=3.1791/estimated",
        ]
    );
    let labels: Vec<&str> = bill.series.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["Compute (EC2)", "Storage (S3)", "Data transfer"]);
    // A month's point points at its first row in the CSV.
    assert_eq!((bill.values_path(), bill.series[0].points[1].line), (Path::new("data/cloud-bill.csv"), 2 + 31 * 4));
}

#[test]
fn wide_tables_make_a_series_of_each_column_and_keep_the_digits() {
    let datasets = loaded(&TestSite::copy_of("tables"));
    let regions = find(&datasets, "regions");
    assert_eq!(
        points(regions),
        [
            "north 2023-Q1=10.5/reported 2023-Q2=11/reported 2023-Q3=12.0/reported 2023-Q4=13.75/reported",
            "south 2023-Q1=4.25/reported 2023-Q2=4.5/reported 2023-Q3=5/reported 2023-Q4=5.50/reported",
        ]
    );
    assert_eq!(regions.series[0].label, "North");
    assert_eq!(regions.table.as_ref().map(|t| (t.rows, t.summed)), Some((4, None)));
}

#[test]
fn long_tables_carry_statuses_and_notes_and_default_to_the_series_status() {
    let datasets = loaded(&TestSite::copy_of("tables"));
    let orders = find(&datasets, "orders");
    assert_eq!(
        points(orders),
        [
            "books 2024-01=120.50/reported 2024-02=99.9/reported 2024-03=101/illustrative",
            "music 2024-01=80/estimated 2024-02=-5/reported 2024-03=64.25/estimated",
        ]
    );
    let music = &orders.series[1];
    assert_eq!(music.points[0].note.as_deref(), Some("first month"));
    assert_eq!(music.points[1].note.as_deref(), Some("refunds, after a return"));
    assert_eq!(music.point(Period::parse("2024-03").unwrap()).unwrap().status, Status::Estimated);
}

#[test]
fn table_datasets_build_with_their_figures_claims_and_downloads() {
    let site = TestSite::copy_of("tables");
    let outcome = site.build();
    assert_eq!(outcome.stats.summary(), "1 report, 3 datasets, 4 charts, 2 claims checked");
    let report = site.page("reports/tables.html");
    assert_eq!(texts(&report, ".prose a.figure"), ["$171.63", "$3.18", "9.4%", "-£5,000"]);
    let page = site.page("datasets/cloud-bill.html");
    assert_eq!(texts(&page, ".origin"), ["Values added up by month from 273 rows of cloud-bill.csv."]);
    let csv = site.text("datasets/cloud-bill.csv");
    assert!(csv.contains("\r\ntransfer,2024-03,3.1791,USD,one,estimated,\r\n"), "{csv}");
    let json = site.text("datasets/regions.json");
    assert!(
        json.contains("{\"period\": \"2023-Q3\", \"value\": 12.0, \"status\": \"reported\", \"note\": null}"),
        "{json}"
    );
}

#[test]
fn every_bad_table_reports_its_first_error_where_expected() {
    let dir = fixture("bad_tables");
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 12, "only {} cases", cases.len());
    let mut actual = String::new();
    for case in &cases {
        let stem = case.trim_end_matches(".yaml");
        let mut files: Vec<(String, Vec<u8>)> = vec![(format!("data/{case}"), read(&dir.join(case)).into_bytes())];
        if let Ok(csv) = std::fs::read(dir.join(format!("{stem}.csv"))) {
            files.push((format!("data/{stem}.csv"), csv));
        }
        let files: Vec<(&str, &[u8])> = files.iter().map(|(p, b)| (p.as_str(), b.as_slice())).collect();
        let site = TestSite::of_files(&files);
        let Loaded { diags, .. } = load_dir(site.root());
        match diags.iter().find(|d| d.is_error()) {
            None => actual.push_str(&format!("{case}: loaded without errors\n")),
            Some(error) => {
                actual.push_str(error.render(false).lines().next().unwrap_or_default());
                actual.push('\n');
                if let Some(hint) = &error.hint {
                    actual.push_str(&format!("  hint: {}\n", hint.replace('\n', "\\n")));
                }
            }
        }
    }
    assert_snapshot("bad_tables/expected.txt", &actual);
}
