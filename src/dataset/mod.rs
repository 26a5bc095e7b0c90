//! Spend datasets: the `data/*.yaml` format, exact decimal parsing and validation.
//!
//! A file goes `raw` (serde input, every value kept as text) -> `validate` and `series` (checks, positions
//! from the YAML document's index, exact decimals from `number`) -> `model::Dataset`; a dataset whose
//! values are in a CSV file (`table:`) gets them from `table`. `load` reads the files. `annotation` reads what a writer points out on the charts (a
//! dataset's own annotations, and those of a chart expression).

mod annotation;
mod currency;
mod load;
mod model;
mod number;
mod raw;
mod series;
mod table;
mod validate;

pub use annotation::{Annotation, Mark};
pub(crate) use load::{collect, files, load_file, FileResult};
pub use load::{load_dir, parse, Loaded};
pub use model::{Cost, Currency, Dataset, FocusRows, Point, Revision, Series, Source, Status, Table, Unit};
