//! Where a project keeps its files: `site.yaml` at the root, datasets in `data/`, reports in `content/`,
//! template overrides in `templates/`, and the built site in `public/`. Every stage that reads or walks a
//! project names these through here.

use std::path::Path;

/// The file every project has at its root.
pub const SITE_FILE: &str = "site.yaml";

/// Where a build writes the site, from the root, unless `--out` says otherwise.
pub const OUT_DIR: &str = "public";

/// A folder of input files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    /// Datasets (`*.yaml`) and the tables they read.
    Data,
    /// Reports (`*.md`), in folders of any depth.
    Content,
    /// Templates that override the built-in ones by name.
    Templates,
}

impl Folder {
    pub const ALL: [Folder; 3] = [Folder::Data, Folder::Content, Folder::Templates];

    /// `data`, `content`, `templates`.
    pub fn name(self) -> &'static str {
        match self {
            Folder::Data => "data",
            Folder::Content => "content",
            Folder::Templates => "templates",
        }
    }

    pub fn path(self) -> &'static Path {
        Path::new(self.name())
    }

    /// The endings of the files in it that are inputs; each stage takes those it reads from them.
    pub fn exts(self) -> &'static [&'static str] {
        match self {
            Folder::Data => &["yaml", "yml", "csv", "gz", "parquet"],
            Folder::Content => &REPORT_EXTS,
            Folder::Templates => &TEMPLATE_EXTS,
        }
    }
}

/// The endings of a dataset file in `data/`.
pub const DATASET_EXTS: [&str; 2] = ["yaml", "yml"];
/// The last endings of the tables in `data/` that datasets read (`.csv`, `.csv.gz`, `.parquet`). They are
/// not read into memory with the other inputs: a dataset streams the rows it reads.
pub const TABLE_EXTS: [&str; 3] = ["csv", "gz", "parquet"];
/// The ending of a report in `content/`.
pub const REPORT_EXTS: [&str; 1] = ["md"];
/// The endings of the templates in `templates/`: pages, and the stylesheet and scripts copied as they are.
pub const TEMPLATE_EXTS: [&str; 3] = ["html", "css", "js"];

/// Whether a file at `rel` (from the root) is an input: `site.yaml`, or a file of an input folder with
/// one of its endings, not hidden.
pub(crate) fn is_input(rel: &Path) -> bool {
    if rel == Path::new(SITE_FILE) {
        return true;
    }
    let hidden = rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let ext = rel.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    !hidden && Folder::ALL.iter().any(|f| rel.starts_with(f.name()) && f.exts().contains(&ext.as_str()))
}

/// Whether a file at `rel` (from the root) is a table that datasets read, not a text read with the
/// other inputs.
pub(crate) fn is_table(rel: &Path) -> bool {
    rel.starts_with(Folder::Data.path()) && rel.extension().is_some_and(|e| TABLE_EXTS.iter().any(|t| e == *t))
}

/// Whether `rel` (from the root) is the project's settings file or lies in an input folder: a change
/// there may change the site.
pub(crate) fn is_watched(rel: &Path) -> bool {
    let first = rel.components().next().map(|c| Path::new(c.as_os_str()));
    rel == Path::new(SITE_FILE) || first.is_some_and(|f| Folder::ALL.iter().any(|d| f == d.path()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_the_settings_and_the_files_of_the_input_folders() {
        for rel in ["site.yaml", "data/a.yaml", "data/a.csv", "content/x/y.md", "templates/base.html"] {
            assert!(is_input(Path::new(rel)), "{rel}");
        }
        for rel in ["README.md", "data/.a.yaml.swp", "content/.x.md", "content/a.txt", "public/index.html"] {
            assert!(!is_input(Path::new(rel)), "{rel}");
        }
        assert!(is_watched(Path::new("data")) && is_watched(Path::new("content/x/y.md")));
        assert!(!is_watched(Path::new("public/index.html")) && !is_watched(Path::new("site.yml")));
    }
}
