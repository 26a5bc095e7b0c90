//! `spendsite init` and `spendsite new`: starting points that build as they are.

use std::path::{Path, PathBuf};

use crate::dataset::DATA_DIR;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs::walk_files;
use crate::names::Name;

const SITE_YAML: &str = "title: My spend reports
description: Analysis of who spends how much on what, with every figure computed from the data.
base_url: https://USER.github.io/REPO/
language: en
author: Your Name
";

const EXAMPLE_DATASET: &str = "title: Example cloud spend
description: Monthly spend of an example company on one cloud provider.
currency: USD
unit: million
sources:
  - title: Where the numbers come from
notes: |
  Replace these values with published figures, and mark values that were not published
  `estimated` (say how in these notes) or `illustrative`.
series:
  spend:
    label: Cloud spend
    values:
      2024-01: 10.5
      2024-02: 11.2
      2024-03: { value: 12.8, status: illustrative, note: Not published }
";

const EXAMPLE_REPORT: &str = "---
title: First report
date: 2024-04-15
summary: What the example company spent in its first quarter.
tags: [example]
headline: 'sum(data=\"example-spend\") | money'
claims:
  - says: \"$34.5 million\"
    expr: 'sum(data=\"example-spend\") | money'
    source: The example source
---
The company spent {{ sum(data=\"example-spend\") | money }} from
{{ first(data=\"example-spend\")[\"period\"] | period }} to {{ last(data=\"example-spend\")[\"period\"] | period }},
the most in {{ max(data=\"example-spend\").period | period }}.

{{ chart(data=\"example-spend\", highlight=\"max\", caption=\"Monthly spend\") }}
";

fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if path.exists() {
        return Err(Diagnostic::error(path, "already exists")
            .with_hint("choose another name; spendsite never overwrites your files"));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Diagnostic::error(parent, format!("cannot create folder: {e}")))?;
    }
    std::fs::write(path, text).map_err(|e| Diagnostic::error(path, format!("cannot write: {e}")))
}

/// Creates a project in `dir`, which must not exist or be empty.
pub(crate) fn init(dir: &Path) -> Result<(), Diagnostics> {
    let non_empty = dir.read_dir().is_ok_and(|mut d| d.next().is_some());
    if non_empty {
        return Err(Diagnostic::error(dir, "folder is not empty")
            .with_hint("give a new folder name: spendsite init my-site")
            .into());
    }
    write_new(&dir.join("site.yaml"), SITE_YAML)?;
    write_new(&dir.join("data/example-spend.yaml"), EXAMPLE_DATASET)?;
    write_new(&dir.join("content/first-report.md"), EXAMPLE_REPORT)?;
    write_new(&dir.join("templates/README.md"), "Files here override spendsite's built-in templates by name: base.html, index.html, report.html, dataset.html, tag.html, card.html (a report in a list), 404.html, style.css.\n")?;
    write_new(&dir.join(".gitignore"), "/public\n")?;
    Ok(())
}

/// Creates `content/<slug>.md` dated today.
pub(crate) fn new_report(root: &Path, slug: &str) -> Result<PathBuf, Diagnostics> {
    check_name(slug, Name::Slug, "report slug")?;
    let path = root.join("content").join(format!("{slug}.md"));
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let body = match first_dataset(root) {
        Some(id) => format!("Write here. A figure from the data: {{{{ sum(data=\"{id}\") | money }}}}.\n"),
        None => "Write here. Add a dataset with `spendsite new dataset my-data`, then quote its figures:\n\n\
                 `{% raw %}{{ sum(data=\"my-data\") | money }}{% endraw %}`\n"
            .to_owned(),
    };
    let title = slug.replace(['-', '_'], " ");
    let text =
        format!("---\ntitle: {title}\ndate: {today}\nsummary: One sentence for the index.\ntags: []\n---\n{body}");
    write_new(&path, &text)?;
    Ok(path)
}

/// The id of the first dataset in `root/data/` by name, for a new report's example figure.
fn first_dataset(root: &Path) -> Option<String> {
    let files = walk_files(root, Path::new(DATA_DIR), &["yaml"]).ok()?;
    files.iter().filter_map(|f| f.file_stem()?.to_str()).find(|id| Name::Dataset.is_valid(id)).map(str::to_owned)
}

/// Creates `data/<id>.yaml` with every field to fill in.
pub(crate) fn new_dataset(root: &Path, id: &str) -> Result<PathBuf, Diagnostics> {
    check_name(id, Name::Dataset, "dataset id")?;
    let path = root.join("data").join(format!("{id}.yaml"));
    let title = id.replace('-', " ");
    let text = format!(
        "title: {title}\n\
         description: What these values measure, and for whom.\n\
         currency: USD\n\
         unit: million              # one | thousand | million | billion\n\
         sources:\n  \
           - title: Where the numbers come from\n    \
             # url: https://example.org/article\n    \
             # published: 2025-01-31\n\
         series:\n  \
           spend:\n    \
             label: Spend\n    \
             status: illustrative   # reported | estimated | illustrative; `reported` once they are published\n    \
             values:\n      \
               2024-01: 1.0\n"
    );
    write_new(&path, &text)?;
    Ok(path)
}

fn check_name(name: &str, kind: Name, what: &str) -> Result<(), Diagnostics> {
    if kind.is_valid(name) {
        return Ok(());
    }
    Err(Diagnostic::error(name, format!("`{name}` is not a valid {what}"))
        .with_hint(format!("use {}, e.g. `{}`", kind.rule(), kind.suggest(name)))
        .into())
}
