//! How long one chart takes: a 24-month bar chart with a highlighted peak, drawn 200 times to warm up and
//! 1000 times timed; prints the median and the 90th percentile in microseconds.
//!
//! `cargo bench --bench chart` (no benchmark framework, to keep dependencies lean).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use spendsite::chart::{self, ChartSpec, Highlight};
use spendsite::dataset::{Currency, Dataset, Point, Series, Status, Unit};
use spendsite::lang::Lang;
use spendsite::period::{Granularity, Period};

fn dataset() -> Dataset {
    let mut period = Period::Month { year: 2023, month: 1 };
    let mut points = Vec::new();
    for i in 0..24u32 {
        let raw = format!("{}.{}", 40 + (i * 7) % 23, i % 10);
        let status = if i >= 21 { Status::Illustrative } else { Status::Reported };
        points.push(Point { period, value: raw.parse().unwrap(), raw, status, note: None, line: i as usize + 1 });
        period = period.next();
    }
    Dataset {
        id: "bench".into(),
        path: PathBuf::from("data/bench.yaml"),
        title: "Monthly cloud spend".into(),
        description: None,
        currency: Currency("USD".into()),
        unit: Unit::Million,
        fiscal_year_start: 1,
        sources: Vec::new(),
        notes: None,
        revisions: Vec::new(),
        annotations: Vec::new(),
        allow_negative: false,
        series: vec![Series { key: "spend".into(), label: "Spend".into(), status: Status::Reported, points }],
        granularity: Granularity::Month,
        table: None,
        fingerprint: 0,
    }
}

fn main() {
    let data = dataset();
    let spec = ChartSpec { highlight: vec![Highlight::Max], ..ChartSpec::default() };
    let run = || chart::draw(black_box(&data), black_box(&spec), Lang::En).expect("the chart draws");
    for _ in 0..200 {
        black_box(run());
    }
    let mut micros: Vec<f64> = (0..1000)
        .map(|_| {
            let start = Instant::now();
            black_box(run());
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    micros.sort_by(f64::total_cmp);
    let bytes = run().svg().len();
    println!("chart: 24-month bar chart ({bytes} bytes of SVG), 1000 runs");
    println!("median {:.1} µs, p90 {:.1} µs", micros[micros.len() / 2], micros[micros.len() * 9 / 10]);
}
