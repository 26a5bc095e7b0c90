//! `spendsite init` and `spendsite new`: starting points that build as they are.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::{Folder, SITE_FILE};
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
    write_new(&dir.join(SITE_FILE), SITE_YAML)?;
    write_new(&dir.join("data/example-spend.yaml"), EXAMPLE_DATASET)?;
    write_new(&dir.join("content/first-report.md"), EXAMPLE_REPORT)?;
    write_new(&dir.join("templates/README.md"), "Files here override spendsite's built-in templates by name: base.html, index.html, report.html, dataset.html, tag.html, card.html (a report in a list), 404.html, search.html, style.css, search.js.\n")?;
    write_new(&dir.join(".gitignore"), "public/\n")?;
    write_new(&dir.join(".github/workflows/pages.yml"), &workflow())?;
    write_new(&dir.join("README.md"), SITE_README)?;
    Ok(())
}

/// How the site's workflow installs spendsite: the source this binary was built from, pinned to its
/// commit (or, built outside a checkout, to the tag of its version).
fn install_arguments() -> String {
    let (source, commit) = (env!("SPENDSITE_SOURCE"), env!("SPENDSITE_COMMIT"));
    match commit {
        "" => format!("--git {source} --tag v{}", env!("CARGO_PKG_VERSION")),
        commit => format!("--git {source} --rev {commit}"),
    }
}

/// `.github/workflows/pages.yml` for a new project: installs the spendsite that ran `init` (cached, so
/// that later runs take seconds), builds with the Pages address and deploys with the official actions.
fn workflow() -> String {
    WORKFLOW.replace("{version}", env!("CARGO_PKG_VERSION")).replace("{install}", &install_arguments())
}

const WORKFLOW: &str = r#"# Builds this site with spendsite and publishes it on GitHub Pages.
# Once, in the repository's settings: Pages -> Build and deployment -> Source: "GitHub Actions".
name: Publish the site

on:
  push:
    branches: [main]
  # A pull request is built and checked, and its summary lists the published figures it moves; only
  # main is deployed.
  pull_request:
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  # Deploys of main wait for each other; a pull request's new push replaces its running build.
  group: pages-${{ github.ref }}
  cancel-in-progress: ${{ github.event_name == 'pull_request' }}

env:
  # The spendsite this project was made with. To move to another one, change both lines.
  SPENDSITE_VERSION: "{version}"
  SPENDSITE_INSTALL: "{install}"

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          # The whole history: a pull request is compared with its base commit.
          fetch-depth: 0
      - name: Restore spendsite
        id: spendsite
        uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/spendsite
          key: spendsite-${{ runner.os }}-${{ env.SPENDSITE_VERSION }}-${{ hashFiles('.github/workflows/pages.yml') }}
      - name: Install spendsite
        if: steps.spendsite.outputs.cache-hit != 'true'
        run: cargo install --locked $SPENDSITE_INSTALL spendsite
      - uses: actions/configure-pages@v5
        id: pages
      - name: Restore the last deploy's share images
        # A build keeps every image of the output it replaces whose card did not change (the PNG says
        # which card it shows), so a push that edits one report draws one image.
        uses: actions/cache@v4
        with:
          path: public/**/*.png
          key: share-images-${{ github.sha }}
          restore-keys: share-images-
      - name: Build the site
        # For a project site the address is https://USER.github.io/REPO/.
        # On a pull request, --since fails the build when a published figure changed since the base
        # commit and no `updates:` entry of its report says why.
        env:
          BASE: ${{ github.event.pull_request.base.sha }}
        run: spendsite build --base-url "${{ steps.pages.outputs.base_url }}/" ${BASE:+--since "$BASE"}
      - name: Summarise the figures the pull request changes
        # Also when the build failed, since that is when the list helps most; diff exits with 1 when
        # something changed, which is what a summary is for.
        if: ${{ !cancelled() && github.event_name == 'pull_request' }}
        env:
          BASE: ${{ github.event.pull_request.base.sha }}
        run: spendsite diff --git "$BASE" --format markdown >> "$GITHUB_STEP_SUMMARY" || [ $? -eq 1 ]
      - uses: actions/upload-pages-artifact@v3
        if: github.event_name != 'pull_request'
        with:
          path: public

  deploy:
    needs: build
    if: github.ref == 'refs/heads/main' && github.event_name != 'pull_request'
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;

const SITE_README: &str = "# My spend reports

A site of spend reports made with spendsite: every figure in `content/` is computed from the datasets in
`data/` when the site is built, and every quoted figure (`claims:`) is checked against them.

## Writing

- `spendsite serve` builds the site in memory and shows it on http://127.0.0.1:1111/, reloading the page
  whenever a file changes. Errors are shown on the page and in the terminal, with file, line and column.
- `spendsite new report 2025/cloud-bill` and `spendsite new dataset cloud-bill` start a report or a dataset.
- `spendsite check` checks everything without writing; `spendsite build` writes the site to `public/`,
  which opens from disk as it is.

## Publishing

`.github/workflows/pages.yml` publishes the site on GitHub Pages on every push to `main`. On a pull
request it builds and checks the site without publishing it, and the run's summary lists every published
figure the pull request changes, old and new (`spendsite diff --format markdown`). Once, in the
repository's settings, under Pages, set the source to \"GitHub Actions\". The workflow installs the
spendsite this project was made with (the first run takes a few minutes, later ones seconds) and sets
`base_url` to the Pages address.

## Files

- `site.yaml`: the title, description, language (`en` or `de`) and address of the site.
- `data/`: datasets, one YAML file each, with their values or a CSV table beside them.
- `content/`: reports, Markdown with front matter.
- `templates/`: optional overrides of the built-in templates, by file name.
";

/// Creates `content/<slug>.md` dated today.
pub(crate) fn new_report(root: &Path, slug: &str) -> Result<PathBuf, Diagnostics> {
    // Nested slugs (`2025/cloud-bill`), as the build reads them: every folder and the file a valid name.
    if !slug.split('/').all(|segment| Name::Slug.is_valid(segment)) {
        let suggested: Vec<String> = slug.split('/').map(|segment| Name::Slug.suggest(segment)).collect();
        let hint = format!(
            "use {} in each part, e.g. `{}`; folders are separated by `/`",
            Name::Slug.rule(),
            suggested.join("/")
        );
        return Err(Diagnostic::error(slug, format!("`{slug}` is not a valid report slug")).with_hint(hint).into());
    }
    let path = root.join(Folder::Content.path()).join(format!("{slug}.md"));
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let body = match first_dataset(root) {
        Some(figure) => format!("Write here. A figure from the data: {{{{ {figure} | money }}}}.\n"),
        None => "Write here. Add a dataset with `spendsite new dataset my-data`, then quote its figures:\n\n\
                 `{% raw %}{{ sum(data=\"my-data\") | money }}{% endraw %}`\n"
            .to_owned(),
    };
    let title = slug.rsplit('/').next().unwrap_or(slug).replace(['-', '_'], " ");
    let text =
        format!("---\ntitle: {title}\ndate: {today}\nsummary: One sentence for the index.\ntags: []\n---\n{body}");
    write_new(&path, &text)?;
    Ok(path)
}

/// A sum over the first valid dataset of the project, by id, naming its first series when it has
/// several: an example figure that builds.
fn first_dataset(root: &Path) -> Option<String> {
    let dataset = crate::dataset::load_dir(root).datasets.into_iter().next()?;
    match dataset.series.as_slice() {
        [_] => Some(format!("sum(data=\"{}\")", dataset.id)),
        [first, ..] => Some(format!("sum(data=\"{}\", series=\"{}\")", dataset.id, first.key)),
        [] => None,
    }
}

/// Creates `data/<id>.yaml` with every field to fill in.
pub(crate) fn new_dataset(root: &Path, id: &str) -> Result<PathBuf, Diagnostics> {
    check_name(id, Name::Dataset, "dataset id")?;
    let path = root.join(Folder::Data.path()).join(format!("{id}.yaml"));
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
