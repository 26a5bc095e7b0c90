//! spendsite: a static-site report generator for analysis pages about money.
//!
//! One pipeline, in the order data flows through it, which is the order of the modules below: each
//! imports only modules declared before it.
//!
//! ```text
//! site.yaml + CLI -> config::Config
//! data/*.yaml     -> dataset::Dataset   (validated, exact decimals)
//!                 -> figures            (pure computations over datasets, no I/O; the function table)
//! content/**/*.md -> content::Report    (front matter + Markdown with expressions)
//!                 -> site::Site         (immutable model: config, datasets, reports, the run's inputs)
//!                 -> markdown           (Markdown to HTML, local links collected)
//!                 -> chart              (SVG drawings, and the drawings kept for reuse)
//!                 -> expr               (expressions expanded: figures, charts)
//!                 -> share              (a report's share card: its SVG and its chart's drawn into a PNG
//!                                        with the bundled fonts)
//!                 -> render             (the site laid out, every output path registered once; Tera
//!                                        templates -> output files, the figures manifest's entries and
//!                                        the search index)
//!                 -> output             (the only module that writes to disk; atomic swap)
//!                 -> build              (the pipeline as the commands run it: `pipeline` calls the
//!                                        stages, `memo` is the cache that wraps them from above)
//! ```
//!
//! `build::check` is the same pipeline stopped before `output`; `build::Session` reruns it with a memo
//! that keeps results for `serve`. No stage knows of the memo: a stage that reads the site reads it
//! through a `site::Reader`, which records what it hands out (`track`), and that record is what the memo
//! keys a result by. `bundle` takes one report's page from a build in memory and inlines what it
//! loads. `diff` compares two figures manifests: of built sites, or of the sources at git
//! revisions (`git` checks them out), built in memory.
//!
//! Shared by the stages, and declared first: `diag` (the one diagnostic type), `lang` (the languages),
//! `layout` (where a project keeps its files), `period`, `names` (one rule per kind of name), `markup`
//! (the one escaper for HTML, SVG and XML, and the one for JSON in a script), `fs` (reading and walking
//! input files), `track` (what a computation read), `yaml` (the one module that parses YAML and finds
//! positions in it, for `site.yaml`, datasets and front matter) and `manifest` (the format of the figures
//! manifest, which imports no stage). `fuzzing` holds the entry points of the fuzz targets in `fuzz/`.

// A `Diagnostic` is big (path, message, hint, source line), but it is the cold path of every input stage:
// boxing it everywhere would cost readability for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod diag;
pub mod lang;
pub mod layout;
pub mod period;
mod names;
mod markup;
pub(crate) mod fs;
pub(crate) mod track;
mod yaml;
pub mod manifest;

pub mod config;
pub mod dataset;
pub mod figures;
pub(crate) mod content;
pub(crate) mod site;
pub(crate) mod markdown;
pub mod chart;
pub(crate) mod expr;
pub(crate) mod share;
pub(crate) mod render;
pub(crate) mod output;

pub(crate) mod git;
pub mod diff;
pub mod build;
pub mod bundle;
pub(crate) mod serve;
pub(crate) mod scaffold;
pub mod cli;
#[doc(hidden)]
pub mod fuzzing;
