//! Spend datasets: the `data/*.yaml` format, exact decimal parsing and validation.
//!
//! This is the only module that calls the YAML parser (`serde_yaml`, deprecated upstream): replacing it
//! with a maintained parser touches nothing outside `dataset/`.

mod model;
mod raw;
mod spans;
mod typed;

pub use model::{Currency, Dataset, Point, Series, Source, Status, Unit};
pub use typed::from_yaml_str;
