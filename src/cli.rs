//! The command line: parse arguments, run one command, print its diagnostics, return the exit code.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::build::{self, Outcome};
use crate::config::Options;
use crate::diag::{Diagnostic, Diagnostics};
use crate::manifest::Manifest;
use crate::manifest::Revisions;
use crate::serve::{self, ServeOptions};
use crate::{bundle, diff, scaffold};

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
    /// List the figures that changed between two built sites (OLD NEW), or between the sources at a git
    /// revision and now (--git REV); exit 0 when nothing changed, 1 when something did, 2 on an error.
    Diff(DiffArgs),
    /// Write one report as one self-contained HTML file (styles, charts and icon inside it; links to the
    /// rest of the site absolute from base_url), to send or archive.
    Bundle(BundleArgs),
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
    /// Fail when a published report's figures changed since this git revision and no `updates:` entry
    /// dated on or after it says so.
    #[arg(long, value_name = "REV")]
    since: Option<String>,
    /// Treat warnings as errors (a claim without a source, a gap in a series): for CI and before
    /// publishing.
    #[arg(long)]
    strict: bool,
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

#[derive(Debug, Args)]
struct BundleArgs {
    /// The report's Markdown file, e.g. content/walmart-azure-year.md.
    report: PathBuf,
    /// The file to write [default: the report's file name with .html, in the current folder].
    #[arg(short, long)]
    out: Option<PathBuf>,
    /// The project root, holding site.yaml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Overrides base_url from site.yaml: where the bundle's links to the rest of the site lead.
    #[arg(long)]
    base_url: Option<String>,
    /// Include reports marked `draft: true` (to bundle a draft).
    #[arg(long)]
    drafts: bool,
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// Two built site folders (or their figures.json files): OLD NEW.
    sites: Vec<PathBuf>,
    /// Compare the project's sources at this git revision (e.g. HEAD, main, v1.2) with the current
    /// ones, both built in memory; given twice, compare the two revisions.
    #[arg(long, value_name = "REV")]
    git: Vec<String>,
    /// The project root, for --git.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// How to print the changes: `text` (file:line:col first, for a terminal), `markdown` (tables, for a
    /// pull request's summary) or `json`.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Print the changes as JSON (the same as --format json).
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// Include reports marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormat {
    Text,
    Markdown,
    Json,
}

impl From<ServeArgs> for ServeOptions {
    fn from(args: ServeArgs) -> ServeOptions {
        let site = Options { root: args.root, drafts: args.drafts, ..Options::default() };
        ServeOptions { site, bind: args.bind, port: args.port, open: args.open }
    }
}

impl From<&SiteArgs> for Options {
    fn from(args: &SiteArgs) -> Options {
        let (root, out, base_url) = (args.root.clone(), args.out.clone(), args.base_url.clone());
        Options { root, out, base_url, drafts: args.drafts, strict: args.strict, ..Options::default() }
    }
}

/// The run's options, and after the `--since REV` check when asked for, the revised figures to mark.
fn since(args: &SiteArgs) -> Result<(Options, Revisions), Diagnostics> {
    let options = Options::from(args);
    let Some(rev) = args.since.as_deref() else { return Ok((options, Revisions::new())) };
    let revisions = build::check_since(&options, rev)?;
    Ok((options, revisions))
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
    if let Command::Diff(args) = &cli.command {
        return diff(args, color);
    }
    let result = match cli.command {
        Command::Build(args) => {
            since(&args).and_then(|(o, r)| build::build_revised(&o, &r)).map(|o| summary(true, &o, color))
        }
        Command::Check(args) => {
            since(&args).and_then(|(o, r)| build::check_revised(&o, &r)).map(|o| summary(false, &o, color))
        }
        Command::Serve(args) => serve::run(args.into()).map(|()| String::new()),
        Command::Diff(_) => unreachable!("handled above"),
        Command::Bundle(args) => {
            let options =
                Options { root: args.root, base_url: args.base_url, drafts: args.drafts, ..Options::default() };
            bundle::write(&options, &args.report, args.out.as_deref())
                .map(|(out, page)| format!("wrote {} (the page {page}, with what it loads inside it)", out.display()))
        }
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

/// `spendsite diff`: the changes on stdout; 0 when there are none, 1 when there are, 2 on an error.
fn diff(args: &DiffArgs, color: bool) -> ExitCode {
    let manifests = match (args.git.as_slice(), args.sites.as_slice()) {
        ([rev], []) => git_manifests(args, rev, None),
        ([old, new], []) => git_manifests(args, old, Some(new)),
        ([], [old, new]) => Manifest::read(old)
            .and_then(|old| Ok((old, Manifest::read(new)?)))
            .map_err(|e| Diagnostic::error("diff", e).into()),
        _ => Err(Diagnostic::error("diff", "give two built sites (OLD NEW), --git REV, or --git OLD --git NEW")
            .with_hint("e.g. spendsite diff old-public public, or spendsite diff --git HEAD")
            .into()),
    };
    match manifests {
        Ok((old, new)) => {
            let changes = diff::compare(&old, &new);
            match if args.json { DiffFormat::Json } else { args.format } {
                DiffFormat::Json => println!("{}", serde_json::to_string_pretty(&changes).unwrap_or_default()),
                DiffFormat::Markdown => print!("{}", diff::render_markdown(&changes)),
                DiffFormat::Text => print!("{}", diff::render(&changes)),
            }
            if changes.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(diags) => {
            eprint!("{}", diags.render(color));
            ExitCode::from(2)
        }
    }
}

/// The manifests of the project at `old` and at `new` (or as it is now), built in memory, recording
/// failing claims.
fn git_manifests(args: &DiffArgs, old: &str, new: Option<&str>) -> Result<(Manifest, Manifest), Diagnostics> {
    let options =
        Options { root: args.root.clone(), drafts: args.drafts, record_failing_claims: true, ..Options::default() };
    let now = match new {
        Some(rev) => build::manifest_at(&options, rev)?,
        None => build::manifest(&options)?,
    };
    Ok((build::manifest_at(&options, old)?, now))
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
