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

pub use load::{load_dir, parse, DATA_DIR};
pub use model::{Currency, Dataset, Point, Series, Source, Status, Unit};
pub use typed::from_yaml_str;
