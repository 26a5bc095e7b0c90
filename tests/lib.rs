//! One integration-test binary: each module tests one part of spendsite the way a user meets it.

mod support;

mod bounds;
mod browser;
mod build;
mod charts;
mod cli;
mod datasets;
mod diff;
mod embeds;
mod example_site;
mod exports;
mod expressions;
mod fuzz_seeds;
mod hostile;
mod incremental;
mod search;
mod serve;
mod share_images;
mod site_errors;
mod stories;
mod tables;
mod workflows;
