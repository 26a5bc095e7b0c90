//! Spend datasets: the `data/*.yaml` format, exact decimal parsing and validation.
//!
//! This is the only module that calls the YAML parser (`serde_yaml`, deprecated upstream): replacing it
//! with a maintained parser touches nothing outside `dataset/`.
//!
//! A file goes `raw` (serde input, every value kept as text) -> `validate` and `series` (checks, positions
//! from `spans`, exact decimals from `number`) -> `model::Dataset`. `load` reads the files.

mod currency;
mod load;
mod model;
mod number;
mod raw;
mod series;
mod spans;
mod typed;
mod validate;

pub use load::{load_dir, parse};
pub use model::{Currency, Dataset, Point, Series, Source, Status, Unit};
pub use typed::from_yaml_str;

// TEMPORARY stand-in loader until the dataset branch lands (no validation, no positions).
pub fn load_dir(root: &std::path::Path) -> (Vec<Dataset>, crate::diag::Diagnostics) {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(root.join("data")) else { return (out, Default::default()) };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let v: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
        let mut series = Vec::new();
        for (key, sv) in v["series"].as_mapping().unwrap() {
            let st = sv.get("status").and_then(|x| x.as_str()).and_then(Status::parse).unwrap_or(Status::Reported);
            let mut points = Vec::new();
            for (k, val) in sv["values"].as_mapping().unwrap() {
                let (raw, status) = match val {
                    serde_yaml::Value::Mapping(m) => (
                        yaml_num(&m[&serde_yaml::Value::from("value")]),
                        m.get("status").and_then(|x| x.as_str()).and_then(Status::parse).unwrap_or(st),
                    ),
                    other => (yaml_num(other), st),
                };
                points.push(Point {
                    period: crate::period::Period::parse(k.as_str().unwrap()).unwrap(),
                    value: raw.parse().unwrap(),
                    raw,
                    status,
                    note: None,
                    line: 1,
                });
            }
            points.sort_by_key(|p| p.period);
            series.push(Series {
                key: key.as_str().unwrap().into(),
                label: sv["label"].as_str().unwrap().into(),
                status: st,
                points,
            });
        }
        let sources = v["sources"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|x| Source {
                title: x["title"].as_str().unwrap().into(),
                url: x.get("url").and_then(|u| u.as_str()).map(Into::into),
                published: None,
            })
            .collect();
        out.push(Dataset {
            id: path.file_stem().unwrap().to_str().unwrap().into(),
            path: path.strip_prefix(root).unwrap().to_owned(),
            title: s("title").unwrap(),
            description: s("description"),
            currency: Currency(s("currency").unwrap()),
            unit: s("unit").and_then(|u| Unit::parse(&u)).unwrap_or(Unit::One),
            fiscal_year_start: v.get("fiscal_year_start").and_then(|x| x.as_u64()).unwrap_or(1) as u32,
            sources,
            notes: s("notes"),
            allow_negative: false,
            granularity: series[0].points[0].period.granularity(),
            series,
        });
    }
    (out, Default::default())
}
fn yaml_num(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        _ => panic!(),
    }
}
