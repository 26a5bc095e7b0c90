//! The `spendsite` command: everything lives in the library, so tests can call it directly.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    spendsite::cli::run(spendsite::cli::Cli::parse())
}
