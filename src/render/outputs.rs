//! The one registry of output paths: every file a build writes is registered here once, with what makes
//! it, before anything is rendered. Two sources of one path (a report named `page-2` and the second
//! page of the report list) are an error at the writer's file, never a page silently overwritten.
//! Links are checked against it, the sitemap lists its pages, and the run refuses to write a file it
//! does not hold (see `build::pipeline`).

use std::collections::HashSet;

use rustc_hash::FxHashMap;
use std::path::PathBuf;

use crate::diag::Diagnostic;

/// What makes a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Maker {
    /// spendsite itself, whatever the project holds: what the file is (`the second page of the report
    /// list`).
    Generated(String),
    /// A report, by its file.
    Report(PathBuf),
    /// A dataset, by its file.
    Dataset(PathBuf),
    /// A tag's list, by the first report (by slug) that carries it.
    Tag { tag: String, report: PathBuf },
}

impl Maker {
    /// The writer's file, for a maker that has one.
    fn file(&self) -> Option<&PathBuf> {
        match self {
            Maker::Generated(_) => None,
            Maker::Report(path) | Maker::Dataset(path) | Maker::Tag { report: path, .. } => Some(path),
        }
    }

    /// What the file is for, as a sentence about it begins: `this report`, `the tag `azure``.
    fn subject(&self) -> String {
        match self {
            Maker::Generated(what) => what.clone(),
            Maker::Report(_) => "this report".to_owned(),
            Maker::Dataset(_) => "this dataset".to_owned(),
            Maker::Tag { tag, .. } => format!("the tag `{tag}`"),
        }
    }

    /// What the file is, after `which is`: `page 2 of the report list`, `the page of content/a.md`.
    fn object(&self) -> String {
        match self {
            Maker::Generated(what) => what.clone(),
            Maker::Report(path) => format!("the page of {}", path.display()),
            Maker::Dataset(path) => format!("a file of {}", path.display()),
            Maker::Tag { tag, .. } => format!("a page of the tag `{tag}`"),
        }
    }
}

/// Every file the run writes, by path from the site root, and the pages links may point at that are
/// not written (those of reports and datasets whose files have errors: their errors are reported).
/// Hashed, not ordered: every file written and every link is looked up here, and the paths share long
/// prefixes; the few who want them in order sort them.
#[derive(Debug, Default)]
pub(crate) struct Outputs {
    /// Each path's maker and its number, in the order registered (see [`Outputs::number`]).
    files: FxHashMap<String, (Maker, usize)>,
    unwritten: HashSet<String>,
    /// Folders whose files one maker names as it renders (a report's chart embeds, known once its
    /// expressions are expanded), each ending in `/`.
    folders: FxHashMap<String, Maker>,
}

impl Outputs {
    /// Registers `path` as made by `maker`; an error at the maker's file when another source has it.
    pub(crate) fn register(&mut self, path: String, maker: Maker) -> Result<(), Diagnostic> {
        if let Some((first, _)) = self.files.get(&path) {
            return Err(collision(&path, first, &maker));
        }
        let number = self.files.len();
        self.files.insert(path, (maker, number));
        Ok(())
    }

    /// Registers `folder` (ending in `/`) as `maker`'s: the files directly in it are its own, named as it
    /// renders. No registered file starts with a folder's path (the callers' layout keeps them apart).
    pub(crate) fn register_folder(&mut self, folder: String, maker: Maker) {
        debug_assert!(folder.ends_with('/'));
        self.folders.insert(folder, maker);
    }

    /// Whether `path` is a file directly in a registered folder.
    pub(crate) fn in_folder(&self, path: &str) -> bool {
        path.rsplit_once('/').is_some_and(|(folder, _)| self.folders.contains_key(&format!("{folder}/")))
    }

    /// A page that links may point at although the run does not write it.
    pub(crate) fn expect(&mut self, path: String) {
        if !self.files.contains_key(&path) {
            self.unwritten.insert(path);
        }
    }

    /// Whether a link may point at `path`: a registered file's, or one that a registered folder's maker
    /// may write.
    pub(crate) fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.unwritten.contains(path) || self.in_folder(path)
    }

    /// The number of the file the run writes at `path` (none when it writes none), below [`Outputs::len`]: for a caller that marks
    /// each file in an array of its own.
    pub(crate) fn number(&self, path: &str) -> Option<usize> {
        self.files.get(path).map(|&(_, number)| number)
    }

    /// How many files the run writes.
    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// Every path links may point at, in order (for suggestions).
    pub(crate) fn known(&self) -> impl Iterator<Item = &str> {
        let mut all: Vec<&str> = self.files.keys().chain(&self.unwritten).map(String::as_str).collect();
        all.sort_unstable();
        all.into_iter()
    }

    /// Every file the run writes, in order.
    pub(crate) fn written(&self) -> impl Iterator<Item = &str> {
        let mut all: Vec<&str> = self.files.keys().map(String::as_str).collect();
        all.sort_unstable();
        all.into_iter()
    }
}

/// The error of `second` wanting `path`, which `first` has: at the writer's file of the two.
fn collision(path: &str, first: &Maker, second: &Maker) -> Diagnostic {
    let (own, other) = if second.file().is_some() { (second, first) } else { (first, second) };
    let file = own.file().cloned().unwrap_or_else(|| PathBuf::from(path));
    let message = format!("{} would be written to `{path}`, which is {}", own.subject(), other.object());
    let hint = match (own, other.file()) {
        (Maker::Tag { .. }, None) => "rename the tag: spendsite writes that page itself".to_owned(),
        (_, None) => "rename the file: spendsite writes that page itself".to_owned(),
        (_, Some(theirs)) => format!("rename this file or {}", theirs.display()),
    };
    Diagnostic::error(file, message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_source_of_a_path_is_an_error_at_the_writers_file() {
        let mut outputs = Outputs::default();
        outputs.register("reports/page-2.html".into(), Maker::Generated("page 2 of the report list".into())).unwrap();
        let report = Maker::Report(PathBuf::from("content/page-2.md"));
        let error = outputs.register("reports/page-2.html".into(), report).unwrap_err();
        assert_eq!(error.location(), "content/page-2.md");
        assert_eq!(
            error.message,
            "this report would be written to `reports/page-2.html`, which is page 2 of the report list"
        );
        assert_eq!(error.hint.as_deref(), Some("rename the file: spendsite writes that page itself"));
        assert_eq!(outputs.number("reports/page-2.html"), Some(0));
        outputs.expect("reports/broken.html".into());
        assert!(outputs.contains("reports/broken.html") && outputs.number("reports/broken.html").is_none());
        assert_eq!(outputs.known().collect::<Vec<_>>(), ["reports/broken.html", "reports/page-2.html"]);
    }
}
