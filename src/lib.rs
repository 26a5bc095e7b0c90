//! spendsite: a static-site report generator for analysis pages about money.
//!
//! One pipeline, in the order data flows through it:
//!
//! ```text
//! site.yaml + CLI -> config::Config
//! data/*.yaml     -> dataset::Dataset   (validated, exact decimals)
//! content/**/*.md -> content::Report    (front matter + Markdown with expressions)
//!                 -> site::Site         (immutable model: config, datasets, reports)
//!                 -> figures            (pure computations over datasets, no I/O; the function table)
//!                 -> expr, markdown     (expressions expanded, Markdown to HTML)
//!                 -> chart              (SVG drawings)
//!                 -> share              (a report's share card: its SVG and its chart's drawn into a PNG
//!                                        with the bundled fonts)
//!                 -> render             (Tera templates -> output files, one by one, and the
//!                                        figures manifest `manifest`, figures.json, and the search
//!                                        index, search-index.js)
//!                 -> output             (the only module that writes to disk; atomic swap)
//! ```
//!
//! `build::check` is the same pipeline stopped before `output`; `build::Session` reruns it with a memo
//! (`memo`) for `serve`. `diff` compares two figures manifests: of built sites, or of the sources at git
//! revisions (`git` checks them out), built in memory. Shared by the stages: `diag` (the one
//! diagnostic type), `fs` (reading and walking input files), `yaml` (the one module that parses YAML and
//! finds positions in it, for `site.yaml`, datasets and front matter), `names` (one rule per kind of name),
//! `markup` (the one escaper for HTML, SVG and XML, and the one for JSON in a script) and `period`.
//! `fuzzing` holds the entry points of the fuzz targets in `fuzz/`.

// A `Diagnostic` is big (path, message, hint, source line), but it is the cold path of every input stage:
// boxing it everywhere would cost readability for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod config;
pub mod diag;
pub(crate) mod fs;
pub mod period;
mod yaml;

pub mod dataset;
pub mod figures;

pub(crate) mod content;
pub(crate) mod site;

pub mod chart;
pub(crate) mod expr;
pub mod manifest;
pub(crate) mod markdown;
mod markup;
mod memo;
mod names;
pub(crate) mod render;
pub(crate) mod share;

pub mod build;
pub mod diff;
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod git;
pub(crate) mod output;
pub(crate) mod scaffold;
pub(crate) mod serve;
