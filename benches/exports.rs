//! spendsite on a cloud provider's whole cost export: `cargo bench --bench exports` (or `-- 200000` for
//! fewer rows; the default is 1,700,000, two years of a mid-sized account) generates, once, under
//! `target/exports/n<rows>/` a FOCUS 1.2 export of 44 columns (about 600 bytes a row, 24 months of 2023
//! and 2024, 8 services, credits, taxes, a few costs in E notation) as `export.csv`, `export.csv.gz` and
//! `export.parquet`, and three sites that read one each (`format: focus`, billed cost by service and
//! month), then
//!
//! - times 3 runs of `spendsite check` on each site with the release binary (wall, CPU, peak memory; the
//!   median is shown);
//! - where DuckDB's Python module is installed (`pip install duckdb`; also looked for in
//!   `target/tools/venv/bin/python`), times in the same run 3 Python processes that run the same sums
//!   with DuckDB on the same file, and prints the ratio;
//! - builds each site once and checks that its monthly sums are DuckDB's to the last digit.
//!
//! DuckDB's timed query is the one a user would write, `sum(BilledCost::DECIMAL(18,6))`, which rounds the
//! 10-decimal costs; the sums are checked with `DECIMAL(38,10)` over cells read as text. Its times include
//! starting Python (about 0.2 s). Generating the default size takes about 16 s (gzip on a thread of its own).
//!
//! A failing spendsite run is reported with its messages and the bench goes on, so that the generator and
//! DuckDB's side can be measured before spendsite reads every form.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fmt::{self, Write as _};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Instant;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use rust_decimal::Decimal;

mod support;
use support::{measure, median, Run};

const SPENDSITE: &str = env!("CARGO_BIN_EXE_spendsite");
/// Bump when the generated files change, so that old ones are made again.
const GENERATION: &str = "exports-v5";
const RUNS: usize = 3;
const DEFAULT_ROWS: usize = 1_700_000;
/// Rows per Parquet row group, as exporters write them.
const ROW_GROUP: usize = 100_000;
/// Bytes of CSV handed at once to the file and to the gzip thread.
const CHUNK: usize = 1 << 20;
/// Costs are kept as integers of 10^-10 dollars, so that every form holds exactly the same numbers.
const SCALE: i64 = 10_000_000_000;

/// One form of the export: the name of its site (`site-<name>`) and the file that site reads.
struct Form {
    name: &'static str,
    file: &'static str,
}

const FORMS: [Form; 3] = [
    Form { name: "csv", file: "export.csv" },
    Form { name: "gz", file: "export.csv.gz" },
    Form { name: "parquet", file: "export.parquet" },
];

/// The argument that makes the bench only generate the export (in a child process of its own).
const GENERATE: &str = "--generate-only";

fn main() {
    // `cargo bench` passes `--bench`; the first number, if any, is the row count.
    let rows = std::env::args().skip(1).find_map(|a| a.replace(['_', ','], "").parse().ok()).unwrap_or(DEFAULT_ROWS);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/exports/n{rows}"));
    if std::env::args().any(|a| a == GENERATE) {
        generate(&dir, rows);
        return;
    }
    // Generated in a child process: the peak memory `wait4` reports for a child counts what its parent
    // held when it was started, and generating holds a row group's buffers.
    let me = std::env::current_exe().expect("the bench's own path");
    let status = std::process::Command::new(me).arg(rows.to_string()).arg(GENERATE).status();
    assert!(status.is_ok_and(|s| s.success()), "generating the export failed");
    let python = duckdb_python();
    let results: Vec<FormResult> = FORMS.iter().map(|form| bench_form(&dir, form, python.as_deref())).collect();
    println!();
    for result in &results {
        println!("{}: {}", result.name, result.sums);
    }
    print_forms_agree(&results);
    if python.is_none() {
        println!("\n!!! DuckDB is not installed: no timing and no check of the sums against it in this run.");
        println!("!!! Install it with `pip install duckdb` (or into target/tools/venv) and run the bench again.");
    }
    print_table(rows, &results);
}

/// What one form measured.
struct FormResult {
    name: &'static str,
    bytes: u64,
    check: Result<Run, String>,
    duckdb: Option<Result<Run, String>>,
    /// DuckDB's exact sums of this form, if it ran.
    exact: Option<Sums>,
    sums: String,
}

/// Times `spendsite check` and DuckDB on one form, and compares their sums.
fn bench_form(dir: &Path, form: &Form, python: Option<&Path>) -> FormResult {
    let site = dir.join(format!("site-{}", form.name));
    let file = site.join("data").join(form.file);
    let bytes = std::fs::metadata(&file).map_or(0, |m| m.len());
    let label = format!("site-{} check", form.name);
    let check =
        median_runs(&label, dir, &[OsStr::new(SPENDSITE), OsStr::new("check"), OsStr::new("--root"), site.as_os_str()]);
    let duckdb = python.map(|py| {
        let label = format!("DuckDB on {}", form.file);
        let script = [OsStr::new("-c"), OsStr::new(DUCKDB), file.as_os_str(), OsStr::new("timed")];
        median_runs(&label, dir, &[&[py.as_os_str()][..], &script].concat())
    });
    let exact = python.map(|py| duckdb_sums(&file, py));
    let sums = match &exact {
        Some(Ok(exact)) => compare_sums(&site, exact),
        Some(Err(e)) => format!("sums not compared: DuckDB failed: {e}"),
        None => "sums not compared: DuckDB is not installed (pip install duckdb)".to_owned(),
    };
    FormResult { name: form.name, bytes, check, duckdb, exact: exact.and_then(Result::ok), sums }
}

/// Whether DuckDB finds the same sums in the three files: a check of the generator, which writes the
/// Parquet file from the same numbers as the CSV.
fn print_forms_agree(results: &[FormResult]) {
    let [first, rest @ ..] = results else { return };
    let Some(reference) = &first.exact else { return };
    for other in rest {
        let verdict = match &other.exact {
            None => "not compared (DuckDB failed on it)".to_owned(),
            Some(sums) => first_difference(sums, reference).map_or("yes".to_owned(), |d| format!("no ({d})")),
        };
        println!("DuckDB's sums of {} equal those of {}: {verdict}", other.name, first.name);
    }
}

/// The Markdown table of the run.
fn print_table(rows: usize, results: &[FormResult]) {
    println!("\n{rows} rows, FOCUS 1.2, 44 columns, 24 months, 8 services\n");
    println!("| form | file size | spendsite check wall | check CPU | check peak memory | DuckDB wall (same run) | ratio spendsite/DuckDB |");
    println!("|---|---|---|---|---|---|---|");
    for r in results {
        let size = format!("{:.1} MiB", r.bytes as f64 / (1024.0 * 1024.0));
        let (wall, cpu, peak) = match &r.check {
            Ok(c) => (format!("{:.2} s", c.wall), format!("{:.2} s", c.cpu), format!("{:.0} MiB", c.peak_mib)),
            Err(_) => ("failed (see above)".to_owned(), "–".to_owned(), "–".to_owned()),
        };
        let (duck, ratio) = match (&r.duckdb, &r.check) {
            (None, _) => ("(DuckDB not installed)".to_owned(), "–".to_owned()),
            (Some(Err(_)), _) => ("failed (see above)".to_owned(), "–".to_owned()),
            (Some(Ok(d)), Ok(c)) => (format!("{:.2} s", d.wall), format!("{:.2}", c.wall / d.wall)),
            (Some(Ok(d)), Err(_)) => (format!("{:.2} s", d.wall), "–".to_owned()),
        };
        println!("| {} | {size} | {wall} | {cpu} | {peak} | {duck} | {ratio} |", r.name);
    }
}

// ---------------------------------------------------------------------------------------------------
// Measuring (benches/support).

/// Runs `command` in `dir` RUNS times; the median of each figure, or the messages of the first failed run
/// (the others would fail the same way).
fn median_runs(label: &str, dir: &Path, command: &[&OsStr]) -> Result<Run, String> {
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        let run = measure(dir, command).inspect_err(|e| eprintln!("  {label} failed:\n{e}"))?;
        eprintln!("  {label}: {:.2} s wall, {:.2} s CPU, {:.0} MiB", run.wall, run.cpu, run.peak_mib);
        runs.push(run);
    }
    Ok(median(&runs))
}

// ---------------------------------------------------------------------------------------------------
// DuckDB, and the check of the sums.

/// The sums in DuckDB, run as `python -c DUCKDB FILE timed|exact`. `timed` is the query as a user would
/// write it (DECIMAL(18,6), which rounds the 10-decimal costs); `exact` reads every cell as text and sums
/// DECIMAL(38,10), so that no digit is lost on the way, and prints the sums.
const DUCKDB: &str = r#"
import sys, duckdb
path, mode = sys.argv[1], sys.argv[2]
quoted = "'" + path.replace("'", "''") + "'"
if path.endswith(".parquet"):
    source = f"read_parquet({quoted})"
else:
    source = f"read_csv({quoted}, all_varchar=true)" if mode == "exact" else f"read_csv({quoted})"
decimal = "DECIMAL(38,10)" if mode == "exact" else "DECIMAL(18,6)"
# Its progress bar, drawn on stdout for queries over about 2 s, would be read as sums.
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
rows = con.sql(
    "select strftime(date_trunc('month', ChargePeriodStart::TIMESTAMPTZ AT TIME ZONE 'UTC'), '%Y-%m') as month, "
    f"ServiceName, sum(BilledCost::{decimal}) as billed from {source} group by all order by all"
).fetchall()
if mode == "exact":
    for month, service, billed in rows:
        print(f"{month}\t{service}\t{format(billed, 'f')}")
"#;

/// A Python that can import duckdb, if there is one.
fn duckdb_python() -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/venv/bin/python");
    let candidates = [std::env::var_os("DUCKDB_PYTHON").map(PathBuf::from), Some("python3".into()), Some(venv)];
    let imports =
        |p: &PathBuf| Command::new(p).args(["-c", "import duckdb"]).output().is_ok_and(|o| o.status.success());
    let found = candidates.into_iter().flatten().find(imports);
    if found.is_none() {
        eprintln!("DuckDB is not installed (pip install duckdb): no comparison in this run");
    }
    found
}

/// Monthly sums by (month, service name).
type Sums = BTreeMap<(String, String), Decimal>;

/// "sums equal DuckDB's: yes", or the first difference, or why they could not be compared.
fn compare_sums(site: &Path, duckdb: &Sums) -> String {
    let spendsite = match spendsite_sums(site) {
        Ok(sums) => sums,
        Err(e) => {
            eprintln!("  spendsite build of {} failed:\n{e}", site.display());
            return "sums not compared: spendsite build failed (see above)".to_owned();
        }
    };
    match first_difference(&spendsite, duckdb) {
        None => format!("sums equal DuckDB's: yes ({} monthly sums)", duckdb.len()),
        Some(difference) => format!("sums equal DuckDB's: no (first difference: {difference})"),
    }
}

/// DuckDB's exact sums of `file`.
fn duckdb_sums(file: &Path, python: &Path) -> Result<Sums, String> {
    let output =
        Command::new(python).args(["-c", DUCKDB]).arg(file).arg("exact").output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let mut sums = Sums::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        let [month, service, billed] = cells[..] else { return Err(format!("unexpected line `{line}`")) };
        sums.insert((month.to_owned(), service.to_owned()), exact(billed)?);
    }
    Ok(sums)
}

/// spendsite's sums, read from the CSV download of a build (its values keep every digit) with the
/// series' labels, the service names, from the JSON download (whose numbers serde_json would round).
fn spendsite_sums(site: &Path) -> Result<Sums, String> {
    let out = tempfile::tempdir_in(site.parent().unwrap()).map_err(|e| e.to_string())?;
    let output = Command::new(SPENDSITE)
        .args(["build", "--root"])
        .arg(site)
        .arg("--out")
        .arg(out.path())
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let json = std::fs::read_to_string(out.path().join("datasets/cloud.json")).map_err(|e| e.to_string())?;
    let json: serde_json::Value = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    let labels: BTreeMap<&str, &str> = json["series"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| Some((s["key"].as_str()?, s["label"].as_str()?)))
        .collect();
    let mut sums = Sums::new();
    let mut reader = csv::Reader::from_path(out.path().join("datasets/cloud.csv")).map_err(|e| e.to_string())?;
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let (key, period, value) = (&record[0], &record[1], &record[2]);
        let service = labels.get(key).copied().unwrap_or(key);
        sums.insert((period.to_owned(), service.to_owned()), exact(value)?);
    }
    Ok(sums)
}

/// A decimal text as an exact number, plain or in E notation.
fn exact(text: &str) -> Result<Decimal, String> {
    Decimal::from_str(text).or_else(|_| Decimal::from_scientific(text)).map_err(|e| format!("`{text}`: {e}"))
}

/// The first (month, service) whose sums differ, or that one side lacks.
fn first_difference(spendsite: &Sums, duckdb: &Sums) -> Option<String> {
    let keys: BTreeSet<_> = spendsite.keys().chain(duckdb.keys()).collect();
    keys.into_iter().find_map(|key @ (month, service)| {
        let show = |v: Option<&Decimal>| v.map_or("none".to_owned(), Decimal::to_string);
        let (ours, theirs) = (spendsite.get(key), duckdb.get(key));
        (ours != theirs).then(|| format!("{month} {service}: spendsite {}, DuckDB {}", show(ours), show(theirs)))
    })
}

// ---------------------------------------------------------------------------------------------------
// The generated export and sites.

/// The export and the three sites under `dir`, unless this generation of them is there already.
fn generate(dir: &Path, rows: usize) {
    let marker = dir.join(GENERATION);
    if marker.exists() {
        return;
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir).unwrap();
    }
    std::fs::create_dir_all(dir).unwrap();
    eprintln!("generating {rows} rows of a FOCUS export in {}", dir.display());
    let start = Instant::now();
    write_exports(dir, rows).unwrap();
    eprintln!("  generated in {:.1} s", start.elapsed().as_secs_f64());
    for form in &FORMS {
        write_site(dir, form).unwrap();
    }
    // Written last, so that an interrupted generation is made again.
    std::fs::write(marker, "").unwrap();
}

/// `site-<form>/`: a site with one dataset over the form's export, and no reports.
fn write_site(dir: &Path, form: &Form) -> std::io::Result<()> {
    let site = dir.join(format!("site-{}", form.name));
    std::fs::create_dir_all(site.join("data"))?;
    let site_yaml =
        format!("title: FOCUS export ({})\nbase_url: https://example.org/exports/\nshare_images: false\n", form.name);
    std::fs::write(site.join("site.yaml"), site_yaml)?;
    // `allow_negative`: spendsite refuses negative rows without it, and every export has credits.
    let dataset = format!(
        "title: Cloud spend\ncurrency: USD\nallow_negative: true\nsources:\n  - title: Generated FOCUS export\ntable:\n  file: {}\n  \
         format: focus\n  cost: billed\n  by: ServiceName\n  sum: month\n",
        form.file
    );
    std::fs::write(site.join("data/cloud.yaml"), dataset)?;
    // A hard link, so that a 1 GB export is not stored four times; a copy where links are not possible.
    let (from, to) = (dir.join(form.file), site.join("data").join(form.file));
    std::fs::hard_link(&from, &to).or_else(|_| std::fs::copy(&from, &to).map(|_| ()))
}

/// Writes `export.csv`, `export.csv.gz` and `export.parquet` of `rows` rows in one pass; the gzip
/// stream is compressed on a thread of its own, as it is the slowest of the three.
fn write_exports(dir: &Path, rows: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut csv = BufWriter::with_capacity(CHUNK, File::create(dir.join("export.csv"))?);
    let (chunks, gzip) = gzip_thread(dir.join("export.csv.gz"));
    let mut parquet = ParquetExport::create(&dir.join("export.parquet"))?;
    let mut chunk = header();
    let (mut rng, mut row) = (Rng(0x5eed_f0c5_2024_0001), Row::new());
    for i in 0..rows {
        row.fill(&Charge::draw(i, rows, &mut rng));
        row.write_csv(&mut chunk);
        parquet.push(&row)?;
        if chunk.len() >= CHUNK || i + 1 == rows {
            csv.write_all(&chunk)?;
            chunks.send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK + 4096)))?;
        }
    }
    csv.flush()?;
    parquet.finish()?;
    drop(chunks);
    gzip.join().expect("the gzip thread ends")?;
    Ok(())
}

/// The CSV's header line.
fn header() -> Vec<u8> {
    let names: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
    let mut line = names.join(",").into_bytes();
    line.push(b'\n');
    line
}

/// A thread that gzips the chunks sent to it into `path`, until the sender is dropped.
fn gzip_thread(path: PathBuf) -> (mpsc::SyncSender<Vec<u8>>, std::thread::JoinHandle<std::io::Result<()>>) {
    let (send, receive) = mpsc::sync_channel::<Vec<u8>>(8);
    let thread = std::thread::spawn(move || {
        let file = BufWriter::with_capacity(CHUNK, File::create(path)?);
        let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
        for chunk in receive {
            gz.write_all(&chunk)?;
        }
        gz.finish()?.flush()
    });
    (send, thread)
}

/// How Parquet stores a column: UTF-8 text, or DECIMAL(18,10) as an INT64 of 10^-10 units.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Decimal,
}

/// The export's columns in file order: FOCUS 1.2 names, and a custom `x_` column as providers add them.
const COLUMNS: [(&str, Kind); 44] = [
    ("AvailabilityZone", Kind::Text),
    ("BilledCost", Kind::Decimal),
    ("BillingAccountId", Kind::Text),
    ("BillingAccountName", Kind::Text),
    ("BillingCurrency", Kind::Text),
    ("BillingPeriodEnd", Kind::Text),
    ("BillingPeriodStart", Kind::Text),
    ("ChargeCategory", Kind::Text),
    ("ChargeClass", Kind::Text),
    ("ChargeDescription", Kind::Text),
    ("ChargeFrequency", Kind::Text),
    ("ChargePeriodEnd", Kind::Text),
    ("ChargePeriodStart", Kind::Text),
    ("CommitmentDiscountCategory", Kind::Text),
    ("CommitmentDiscountId", Kind::Text),
    ("CommitmentDiscountName", Kind::Text),
    ("CommitmentDiscountStatus", Kind::Text),
    ("CommitmentDiscountType", Kind::Text),
    ("ConsumedQuantity", Kind::Decimal),
    ("ConsumedUnit", Kind::Text),
    ("ContractedCost", Kind::Decimal),
    ("ContractedUnitPrice", Kind::Decimal),
    ("EffectiveCost", Kind::Decimal),
    ("InvoiceIssuerName", Kind::Text),
    ("ListCost", Kind::Decimal),
    ("ListUnitPrice", Kind::Decimal),
    ("PricingCategory", Kind::Text),
    ("PricingQuantity", Kind::Decimal),
    ("PricingUnit", Kind::Text),
    ("ProviderName", Kind::Text),
    ("PublisherName", Kind::Text),
    ("RegionId", Kind::Text),
    ("RegionName", Kind::Text),
    ("ResourceId", Kind::Text),
    ("ResourceName", Kind::Text),
    ("ResourceType", Kind::Text),
    ("ServiceCategory", Kind::Text),
    ("ServiceName", Kind::Text),
    ("SkuId", Kind::Text),
    ("SkuPriceId", Kind::Text),
    ("SubAccountId", Kind::Text),
    ("SubAccountName", Kind::Text),
    ("Tags", Kind::Text),
    ("x_CostCenter", Kind::Text),
];

/// A service of the export, with what its usage rows say.
struct Service {
    name: &'static str,
    category: &'static str,
    resource_type: &'static str,
    /// The ARN's service and resource part: `ec2` and `instance/i-`.
    arn: (&'static str, &'static str),
    unit: &'static str,
    /// List price of one unit, in 10^-7 dollars (so that a quantity of 3 decimals gives a cost of 10).
    price: i64,
    /// The most units one row uses.
    most: i64,
    /// Billed per region (false: a global service, without region or zone).
    regional: bool,
}

const SERVICES: [Service; 8] = [
    Service {
        name: "Amazon Elastic Compute Cloud",
        category: "Compute",
        resource_type: "Instance",
        arn: ("ec2", "instance/i-"),
        unit: "Hours",
        price: 416_000,
        most: 24,
        regional: true,
    },
    Service {
        name: "Amazon Simple Storage Service",
        category: "Storage",
        resource_type: "Bucket",
        arn: ("s3", "bucket-"),
        unit: "GB-Mo",
        price: 230_000,
        most: 400,
        regional: true,
    },
    Service {
        name: "Amazon Relational Database Service",
        category: "Databases",
        resource_type: "DB Instance",
        arn: ("rds", "db:db-"),
        unit: "Hours",
        price: 1_710_000,
        most: 24,
        regional: true,
    },
    Service {
        name: "AWS Lambda",
        category: "Compute",
        resource_type: "Function",
        arn: ("lambda", "function:fn-"),
        unit: "Requests",
        price: 2,
        most: 2_000_000,
        regional: true,
    },
    Service {
        name: "Amazon CloudFront",
        category: "Networking",
        resource_type: "Distribution",
        arn: ("cloudfront", "distribution/E"),
        unit: "GB",
        price: 850_000,
        most: 300,
        regional: false,
    },
    Service {
        name: "Amazon DynamoDB",
        category: "Databases",
        resource_type: "Table",
        arn: ("dynamodb", "table/tbl-"),
        unit: "WriteRequestUnits",
        price: 12,
        most: 5_000_000,
        regional: true,
    },
    Service {
        name: "Amazon Elastic Kubernetes Service",
        category: "Compute",
        resource_type: "Cluster",
        arn: ("eks", "cluster/eks-"),
        unit: "Hours",
        price: 1_000_000,
        most: 24,
        regional: true,
    },
    Service {
        name: "Amazon Simple Queue Service",
        category: "Integration",
        resource_type: "Queue",
        arn: ("sqs", "queue-"),
        unit: "Requests",
        price: 4,
        most: 3_000_000,
        regional: true,
    },
];

const REGIONS: [(&str, &str); 5] = [
    ("us-east-1", "US East (N. Virginia)"),
    ("us-west-2", "US West (Oregon)"),
    ("eu-west-1", "Europe (Ireland)"),
    ("eu-central-1", "Europe (Frankfurt)"),
    ("ap-southeast-2", "Asia Pacific (Sydney)"),
];

const SUB_ACCOUNTS: [(&str, &str); 6] = [
    ("210987654321", "prod-web"),
    ("310987654322", "prod-data"),
    ("410987654323", "staging"),
    ("510987654324", "development"),
    ("610987654325", "analytics"),
    ("710987654326", "shared-services"),
];

/// Tags as FOCUS writes them, a JSON object; the CSV quotes the cell and doubles its quotes.
const TAGS: [&str; 4] = [
    r#"{"env":"prod","team":"web","app":"checkout"}"#,
    r#"{"env":"prod","team":"data","app":"warehouse"}"#,
    r#"{"env":"staging","team":"web"}"#,
    r#"{"env":"dev","owner":"platform"}"#,
];

/// What kind of charge a row is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Category {
    Usage,
    Credit,
    Tax,
    Purchase,
}

/// One row's facts, drawn before they are written.
struct Charge {
    month: usize,
    day: u32,
    service: &'static Service,
    region: usize,
    account: usize,
    resource: u64,
    category: Category,
    /// Covered by a reserved instance: billed nothing, its effective cost amortised.
    committed: bool,
    /// Units used, in 10^-10 (3 decimals drawn), with the list and contracted unit prices.
    quantity: Option<(i64, i64, i64)>,
    /// List, contracted, effective and billed cost, in 10^-10 dollars.
    costs: [i64; 4],
    /// Costs written like `3.52E-6`, as some exporters write tiny amounts.
    e_notation: bool,
}

impl Charge {
    /// Row `i` of `rows`: the months follow each other through the file, the rest is drawn.
    fn draw(i: usize, rows: usize, rng: &mut Rng) -> Charge {
        let month = i * 24 / rows;
        let day = 1 + rng.below(days_in_month(month) as u64) as u32;
        let service = &SERVICES[rng.below(SERVICES.len() as u64) as usize];
        let region = if service.regional { rng.below(REGIONS.len() as u64) as usize } else { 0 };
        let (account, resource) = (rng.below(SUB_ACCOUNTS.len() as u64) as usize, rng.below(4000));
        let category = match rng.below(1000) {
            0..=9 => Category::Credit,
            10..=14 => Category::Tax,
            15..=16 => Category::Purchase,
            _ => Category::Usage,
        };
        let mut charge = Charge {
            month,
            day,
            service,
            region,
            account,
            resource,
            category,
            committed: false,
            quantity: None,
            costs: [0; 4],
            e_notation: false,
        };
        charge.draw_costs(rng);
        charge
    }

    /// The quantity, prices and costs of the charge's category.
    fn draw_costs(&mut self, rng: &mut Rng) {
        let same = |cost: i64| [cost; 4];
        self.costs = match self.category {
            // Credits are small beside usage, so that every month's sum stays positive.
            Category::Credit => same(-(1 + rng.below(2 * SCALE as u64) as i64)),
            Category::Tax => same(1 + rng.below(20 * SCALE as u64) as i64),
            Category::Purchase => same(1 + rng.below(300 * SCALE as u64) as i64),
            Category::Usage if rng.below(100) == 0 => {
                // Three significant digits, 10^-8 to 10^-6 dollars: 3.52E-6.
                self.e_notation = true;
                same((100 + rng.below(900) as i64) * 10i64.pow(rng.below(3) as u32))
            }
            Category::Usage => return self.draw_usage(rng),
        };
    }

    /// A usage row: units times the list price and the contracted one (5% off); a third of the compute
    /// rows are covered by a reserved instance.
    fn draw_usage(&mut self, rng: &mut Rng) {
        let units = 1 + rng.below(self.service.most as u64 * 1000) as i64;
        let (list, contracted) = (self.service.price, self.service.price * 19 / 20);
        self.quantity = Some((units * 10_000_000, list * 1000, contracted * 1000));
        let (list_cost, contracted_cost) = (units * list, units * contracted);
        self.committed = self.service.unit == "Hours" && rng.below(3) == 0;
        self.costs = if self.committed {
            [list_cost, contracted_cost, contracted_cost * 62 / 100, 0]
        } else {
            [list_cost, contracted_cost, contracted_cost, contracted_cost]
        };
    }
}

/// Days in month `m` of the export (0 is January 2023).
fn days_in_month(m: usize) -> usize {
    match m % 12 {
        1 if (2023 + m / 12) % 4 == 0 => 29,
        1 => 28,
        3 | 5 | 8 | 10 => 30,
        _ => 31,
    }
}

/// `2024-03-17T00:00:00Z`: day `day` of month `m` (a day past the month's end is the next month's first).
fn timestamp(out: &mut String, m: usize, day: u32) {
    let (m, day) = if day as usize > days_in_month(m) { (m + 1, 1) } else { (m, day) };
    let _ = write!(out, "{}-{:02}-{day:02}T00:00:00Z", 2023 + m / 12, m % 12 + 1);
}

/// One cell: its CSV text (empty for a null) and, in a decimal column, its exact value.
#[derive(Default)]
struct Cell {
    text: String,
    decimal: Option<i64>,
}

/// A row's cells, refilled for every row so that no text is allocated twice.
struct Row {
    cells: Vec<Cell>,
    next: usize,
}

impl Row {
    fn new() -> Row {
        Row { cells: (0..COLUMNS.len()).map(|_| Cell::default()).collect(), next: 0 }
    }

    /// The next cell, checked to be of `kind`: the order of `fill` must be that of COLUMNS.
    fn cell(&mut self, kind: Kind) -> &mut Cell {
        assert_eq!(COLUMNS[self.next].1, kind, "column {} is written as {kind:?}", COLUMNS[self.next].0);
        let cell = &mut self.cells[self.next];
        self.next += 1;
        cell.text.clear();
        cell.decimal = None;
        cell
    }

    fn text(&mut self, args: fmt::Arguments<'_>) {
        let _ = self.cell(Kind::Text).text.write_fmt(args);
    }

    fn timestamp(&mut self, m: usize, day: u32) {
        timestamp(&mut self.cell(Kind::Text).text, m, day);
    }

    fn decimal(&mut self, value: Option<i64>, e_notation: bool) {
        let cell = self.cell(Kind::Decimal);
        if let Some(v) = value {
            if e_notation {
                write_e_notation(&mut cell.text, v)
            } else {
                write_plain(&mut cell.text, v)
            }
        }
        cell.decimal = value;
    }

    /// The cells of `c`, in the order of COLUMNS.
    fn fill(&mut self, c: &Charge) {
        self.next = 0;
        let s = c.service;
        let (region, region_name) = if s.regional { REGIONS[c.region] } else { ("", "") };
        let (account, account_name) = SUB_ACCOUNTS[c.account];
        let usage = c.category == Category::Usage;
        let [list, contracted, effective, billed] = c.costs.map(Some);
        let (quantity, list_price, contracted_price) = match c.quantity {
            Some((q, l, p)) => (Some(q), Some(l), Some(p)),
            None => (None, None, None),
        };
        let e = c.e_notation;
        let sku = 0x9e37_79b9_u64.wrapping_mul((1 + s.price as u64) ^ c.region as u64) % 0xffff_ffff;
        let zone = if s.regional { ["a", "b", "c"][(c.resource % 3) as usize] } else { "" };
        self.text(format_args!("{region}{zone}"));
        self.decimal(billed, e);
        self.text(format_args!("123456789012"));
        self.text(format_args!("Example Corp"));
        self.text(format_args!("USD"));
        self.timestamp(c.month + 1, 1);
        self.timestamp(c.month, 1);
        self.text(format_args!("{:?}", c.category));
        self.text(format_args!("{}", if c.resource == 7 && usage { "Correction" } else { "" }));
        self.text(format_args!("{}", description(c)));
        self.text(format_args!("{}", if usage { "Usage-Based" } else { "One-Time" }));
        self.timestamp(c.month, c.day + 1);
        self.timestamp(c.month, c.day);
        let commitment = c.committed.then_some(c.resource % 4);
        self.text(format_args!("{}", if c.committed { "Usage" } else { "" }));
        match commitment {
            Some(n) => self.text(format_args!("arn:aws:ec2:{region}:123456789012:reserved-instances/ri-{n:08x}0c1d2e")),
            None => self.text(format_args!("")),
        }
        match commitment {
            Some(n) => self.text(format_args!("ri-{account_name}-{n}")),
            None => self.text(format_args!("")),
        }
        self.text(format_args!("{}", if c.committed { "Used" } else { "" }));
        self.text(format_args!("{}", if c.committed { "Reserved Instance" } else { "" }));
        self.decimal(quantity, false);
        self.text(format_args!("{}", if usage { s.unit } else { "" }));
        self.decimal(contracted, e);
        self.decimal(contracted_price, false);
        self.decimal(effective, e);
        self.text(format_args!("Amazon Web Services, Inc."));
        self.decimal(list, e);
        self.decimal(list_price, false);
        let pricing = if !usage {
            ""
        } else if c.committed {
            "Committed"
        } else {
            "Standard"
        };
        self.text(format_args!("{pricing}"));
        self.decimal(quantity, false);
        self.text(format_args!("{}", if usage { s.unit } else { "" }));
        self.text(format_args!("AWS"));
        self.text(format_args!("Amazon Web Services"));
        self.text(format_args!("{region}"));
        self.text(format_args!("{region_name}"));
        let (arn_service, arn_kind) = s.arn;
        self.text(format_args!(
            "arn:aws:{arn_service}:{region}:{account}:{arn_kind}{:012x}",
            c.resource.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 16
        ));
        self.text(format_args!("{account_name}-{:04}", c.resource));
        self.text(format_args!("{}", s.resource_type));
        self.text(format_args!("{}", s.category));
        self.text(format_args!("{}", s.name));
        self.text(format_args!("{sku:08X}{:08X}", sku.rotate_left(7) as u32));
        self.text(format_args!("{sku:08X}{:08X}.JRTCKXETXF", sku.rotate_left(7) as u32));
        self.text(format_args!("{account}"));
        self.text(format_args!("{account_name}"));
        self.text(format_args!("{}", TAGS[(c.resource % TAGS.len() as u64) as usize]));
        self.text(format_args!("CC-{:04}", 1000 + c.account * 17));
        assert_eq!(self.next, COLUMNS.len(), "every column is written");
    }

    /// The row as a CSV line, quoting the cells that need it (RFC 4180).
    fn write_csv(&self, out: &mut Vec<u8>) {
        for (i, cell) in self.cells.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            if cell.text.contains([',', '"', '\n']) {
                out.push(b'"');
                out.extend_from_slice(cell.text.replace('"', "\"\"").as_bytes());
                out.push(b'"');
            } else {
                out.extend_from_slice(cell.text.as_bytes());
            }
        }
        out.push(b'\n');
    }
}

/// What the provider says of a charge.
fn description(c: &Charge) -> String {
    let s = c.service;
    match c.category {
        Category::Usage => {
            format!("${} per {} of {}", plain(s.price * 1000), s.unit, s.resource_type)
        }
        Category::Credit => "Promotional credit for new workloads".to_owned(),
        Category::Tax => format!("Tax for {}", s.name),
        Category::Purchase => format!("Upfront fee for a reserved {}", s.resource_type),
    }
}

fn plain(value: i64) -> String {
    let mut out = String::new();
    write_plain(&mut out, value);
    out
}

/// `value` 10^-10 units as a plain decimal with no trailing zeros: `0.0123456789`, `-2.5`, `12`.
fn write_plain(out: &mut String, value: i64) {
    let sign = if value < 0 { "-" } else { "" };
    let (whole, fraction) = (value.unsigned_abs() / SCALE as u64, value.unsigned_abs() % SCALE as u64);
    let _ = write!(out, "{sign}{whole}");
    if fraction > 0 {
        let digits = format!("{fraction:010}");
        let _ = write!(out, ".{}", digits.trim_end_matches('0'));
    }
}

/// `value` 10^-10 units in E notation, without a plus sign in the exponent: `3.52E-6`.
fn write_e_notation(out: &mut String, value: i64) {
    let sign = if value < 0 { "-" } else { "" };
    let digits = value.unsigned_abs().to_string();
    let significant = digits.trim_end_matches('0');
    let exponent = digits.len() as i64 - 1 - 10;
    let (first, rest) = significant.split_at(1);
    let dot = if rest.is_empty() { "" } else { "." };
    let _ = write!(out, "{sign}{first}{dot}{rest}E{exponent}");
}

/// The Parquet export: row groups of ROW_GROUP rows, each column buffered until its group is written.
struct ParquetExport {
    writer: SerializedFileWriter<BufWriter<File>>,
    columns: Vec<ColumnBuffer>,
    rows: usize,
}

/// One column's values of the current row group, and which of them are null (definition level 0).
/// Texts are kept end to end in one buffer, which Parquet is handed slices of: one allocation per cell
/// was most of the writer's time.
enum ColumnBuffer {
    Text { bytes: Vec<u8>, ends: Vec<usize>, nulls: Vec<i16> },
    Decimal(Vec<i64>, Vec<i16>),
}

impl ParquetExport {
    fn create(path: &Path) -> parquet::errors::Result<ParquetExport> {
        let fields: Vec<String> = COLUMNS
            .iter()
            .map(|(name, kind)| match kind {
                Kind::Text => format!("optional binary {name} (UTF8);"),
                Kind::Decimal => format!("optional int64 {name} (DECIMAL(18,10));"),
            })
            .collect();
        let schema = parquet::schema::parser::parse_message_type(&format!("message focus {{ {} }}", fields.join(" ")))?;
        let properties = WriterProperties::builder().set_compression(compression()).build();
        let file = BufWriter::with_capacity(CHUNK, File::create(path)?);
        let writer = SerializedFileWriter::new(file, Arc::new(schema), Arc::new(properties))?;
        let columns = COLUMNS
            .iter()
            .map(|(_, kind)| match kind {
                Kind::Text => ColumnBuffer::Text { bytes: Vec::new(), ends: Vec::new(), nulls: Vec::new() },
                Kind::Decimal => ColumnBuffer::Decimal(Vec::new(), Vec::new()),
            })
            .collect();
        Ok(ParquetExport { writer, columns, rows: 0 })
    }

    fn push(&mut self, row: &Row) -> parquet::errors::Result<()> {
        for (cell, column) in row.cells.iter().zip(&mut self.columns) {
            match column {
                ColumnBuffer::Text { nulls, .. } if cell.text.is_empty() => nulls.push(0),
                ColumnBuffer::Text { bytes, ends, nulls } => {
                    bytes.extend_from_slice(cell.text.as_bytes());
                    ends.push(bytes.len());
                    nulls.push(1);
                }
                ColumnBuffer::Decimal(values, nulls) => {
                    values.extend(cell.decimal);
                    nulls.push(i16::from(cell.decimal.is_some()));
                }
            }
        }
        self.rows += 1;
        if self.rows == ROW_GROUP {
            self.write_group()
        } else {
            Ok(())
        }
    }

    /// Writes the buffered rows as one row group.
    fn write_group(&mut self) -> parquet::errors::Result<()> {
        let mut group = self.writer.next_row_group()?;
        for column in &mut self.columns {
            let mut writer = group.next_column()?.expect("a column of the schema for every buffer");
            match column {
                ColumnBuffer::Text { bytes, ends, nulls } => {
                    let all = ByteArray::from(std::mem::take(bytes));
                    let starts = std::iter::once(0).chain(ends.iter().copied());
                    let values: Vec<ByteArray> = starts.zip(ends.iter()).map(|(a, &b)| all.slice(a, b - a)).collect();
                    writer.typed::<ByteArrayType>().write_batch(&values, Some(nulls), None)?;
                    ends.clear();
                    nulls.clear();
                }
                ColumnBuffer::Decimal(values, nulls) => {
                    writer.typed::<Int64Type>().write_batch(values, Some(nulls), None)?;
                    values.clear();
                    nulls.clear();
                }
            }
            writer.close()?;
        }
        group.close()?;
        self.rows = 0;
        Ok(())
    }

    fn finish(mut self) -> parquet::errors::Result<()> {
        if self.rows > 0 {
            self.write_group()?;
        }
        self.writer.close().map(|_| ())
    }
}

/// SNAPPY where the parquet crate was built with it (its `snap` feature), else none: a one-row file in
/// memory tells, since the crate reports a codec left out only when a column is written.
fn compression() -> Compression {
    let probe = || -> parquet::errors::Result<()> {
        let schema = parquet::schema::parser::parse_message_type("message probe { required int64 x; }")?;
        let properties = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
        let mut writer = SerializedFileWriter::new(Vec::new(), Arc::new(schema), Arc::new(properties))?;
        let mut group = writer.next_row_group()?;
        let mut column = group.next_column()?.expect("the probe's column");
        column.typed::<Int64Type>().write_batch(&[1], None, None)?;
        column.close()?;
        group.close()?;
        writer.close().map(|_| ())
    };
    match probe() {
        Ok(()) => Compression::SNAPPY,
        Err(e) => {
            eprintln!("  parquet without SNAPPY ({e}): writing it uncompressed");
            Compression::UNCOMPRESSED
        }
    }
}

/// splitmix64: the same numbers on every machine, so the export is the same file every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
