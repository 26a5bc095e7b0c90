//! Times the whole pipeline (`check`: load, compute, render, no writing) on the example site and on a
//! generated site of 200 reports and 40 datasets. Run with `cargo bench --bench build`.

use std::path::Path;
use std::time::{Duration, Instant};

use spendsite::build;
use spendsite::config::Options;

fn main() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    report("example site", example, 50);
    let big = tempfile::tempdir().expect("temp dir");
    generate(big.path(), 200, 40);
    report("200 reports, 40 datasets", big.path(), 10);
}

fn report(name: &str, root: &Path, runs: usize) {
    let options = Options { root: root.to_owned(), ..Options::default() };
    let once = || {
        let start = Instant::now();
        let outcome = build::check(&options).unwrap_or_else(|d| panic!("{}", d.render(false)));
        (start.elapsed(), outcome.stats.summary())
    };
    let (_, summary) = once();
    let mut times: Vec<Duration> = (0..runs).map(|_| once().0).collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name} ({summary}): median {:.1} ms, min {:.1} ms, max {:.1} ms over {runs} runs on {} threads",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1]),
        rayon::current_num_threads()
    );
}

/// A site with `reports` reports, each quoting figures and a chart of one of `datasets` datasets.
fn generate(root: &Path, reports: usize, datasets: usize) {
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "site.yaml",
        "title: Bench\ndescription: Generated.\nbase_url: https://example.org/\nlanguage: en\nauthor: Bench\n",
    );
    for d in 0..datasets {
        let mut yaml = format!(
            "title: Dataset {d}\ncurrency: USD\nunit: million\nsources:\n  - title: Generated\nseries:\n  spend:\n    label: Spend\n    values:\n"
        );
        for m in 0..24 {
            yaml += &format!("      {}-{:02}: {}.{}\n", 2023 + m / 12, m % 12 + 1, 40 + (d * 7 + m * 13) % 30, m % 10);
        }
        write(&format!("data/d{d}.yaml"), &yaml);
    }
    for r in 0..reports {
        let d = r % datasets;
        let body = format!(
            "---\ntitle: Report {r}\ndate: 2024-{:02}-{:02}\ntags: [t{}]\n---\n# Report {r}\n\n\
             Total {{{{ sum(data=\"d{d}\") | money }}}}, peak {{{{ max(data=\"d{d}\") | money }}}} in \
             {{{{ max(data=\"d{d}\").period | period }}}}, mean {{{{ mean(data=\"d{d}\") | money }}}}.\n\n\
             {{{{ chart(data=\"d{d}\", highlight=\"max\") }}}}\n",
            r % 12 + 1,
            r % 28 + 1,
            r % 10
        );
        write(&format!("content/r{r}.md"), &body);
    }
}
