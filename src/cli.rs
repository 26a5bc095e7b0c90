//! The command line: parse arguments, run one command, print its diagnostics, return the exit code.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::build::{self, Outcome};
use crate::config::Options;
use crate::scaffold;
use crate::serve::{self, ServeOptions};

#[derive(Debug, Parser)]
#[command(
    name = "spendsite",
    version = env!("SPENDSITE_VERSION_TEXT"),
    about = "Builds a static site of spend reports whose figures are computed from datasets and checked",
    after_help = GETTING_STARTED
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The steps from nothing to a published site, under `spendsite help`.
const GETTING_STARTED: &str = concat!(
    "Getting started:
  cargo install --locked --git ",
    env!("SPENDSITE_SOURCE"),
    "   (or, in a checkout: cargo install --locked --path .)
  spendsite init mysite      a project with an example dataset and report, and a GitHub Pages workflow
  cd mysite
  spendsite serve            write with live reload on http://127.0.0.1:1111/
  spendsite build            the site in public/, ready to open from disk or to publish

See the README and docs/ of the spendsite repository for the formats."
);

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (default: public/), replacing it only if the build succeeds.
    Build(SiteArgs),
    /// Do everything `build` does without writing; exit 1 on errors.
    Check(SiteArgs),
    /// Build into memory, serve on localhost, rebuild on every change and reload open pages.
    Serve(ServeArgs),
    /// Create a new project with an example dataset and report.
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Add a report or a dataset to the project in the current folder (or --root).
    New {
        #[command(subcommand)]
        what: NewCommand,
        /// The project root.
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum NewCommand {
    /// content/SLUG.md with front matter to fill in.
    Report { slug: String },
    /// data/ID.yaml with the fields to fill in.
    Dataset { id: String },
}

#[derive(Debug, Args)]
struct SiteArgs {
    /// The project root, holding site.yaml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The output folder (relative paths are taken from the root).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Overrides base_url from site.yaml, e.g. https://USER.github.io/REPO/
    #[arg(long)]
    base_url: Option<String>,
    /// Include reports marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// The project root, holding site.yaml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The port; when it is taken, the next free one is used (0 lets the system choose).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on; only this machine can connect unless you change it.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Include reports marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

impl From<ServeArgs> for ServeOptions {
    fn from(args: ServeArgs) -> ServeOptions {
        let site = Options { root: args.root, out: None, base_url: None, drafts: args.drafts };
        ServeOptions { site, bind: args.bind, port: args.port, open: args.open }
    }
}

impl From<SiteArgs> for Options {
    fn from(args: SiteArgs) -> Options {
        Options { root: args.root, out: args.out, base_url: args.base_url, drafts: args.drafts }
    }
}

/// Runs the command line `cli` and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    // A panic is a bug in spendsite, never the user's fault: say so in one line instead of a backtrace.
    // A failed build has not touched the output folder (the swap comes last).
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map_or(String::new(), |l| format!(" at {}:{}", l.file(), l.line()));
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!(
            "spendsite stopped on an internal error{place}: {message}\n\
             This is a bug in spendsite, not in your files; nothing was written. Please report it with the input."
        );
    }));
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let result = match cli.command {
        Command::Build(args) => build::build(&args.into()).map(|o| summary(true, &o, color)),
        Command::Check(args) => build::check(&args.into()).map(|o| summary(false, &o, color)),
        Command::Serve(args) => serve::run(args.into()).map(|()| String::new()),
        Command::Init { dir } => scaffold::init(&dir)
            .map(|()| format!("created a new site in {}; next: cd {0} && spendsite build", dir.display())),
        Command::New { what: NewCommand::Report { slug }, root } => {
            scaffold::new_report(&root, &slug).map(|p| format!("created {}", p.display()))
        }
        Command::New { what: NewCommand::Dataset { id }, root } => {
            scaffold::new_dataset(&root, &id).map(|p| format!("created {}", p.display()))
        }
    };
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(diags) => {
            eprint!("{}", diags.render(color));
            let n = diags.error_count();
            eprintln!("\n{n} error{}; nothing was written", if n == 1 { "" } else { "s" });
            ExitCode::FAILURE
        }
    }
}

/// Prints the warnings and returns `built 4 reports, … in 84 ms -> public/` (or, for `check`,
/// `no errors: 4 reports, … in 84 ms; nothing written`).
fn summary(built: bool, outcome: &Outcome, color: bool) -> String {
    if !outcome.warnings.is_empty() {
        eprintln!("{}", outcome.warnings.render(color));
    }
    let ms = outcome.elapsed.as_millis();
    let stats = outcome.stats.summary();
    if built {
        let out = outcome.out.strip_prefix(".").unwrap_or(&outcome.out).display();
        format!("built {stats} in {ms} ms -> {out}/")
    } else {
        format!("no errors: {stats} in {ms} ms; nothing written")
    }
}
