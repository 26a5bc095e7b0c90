//! `site.yaml` and the command line's options -> one validated [`Config`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::lang::Lang;
use crate::layout::{OUT_DIR, SITE_FILE};
use crate::yaml::{Document, Step};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteFile {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    author: String,
    /// `false` leaves out the PNG share image of every report (and the page's og:image).
    #[serde(default = "yes")]
    share_images: bool,
}

fn yes() -> bool {
    true
}

/// What a run was asked to do, beyond `site.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The project root (holds `site.yaml`).
    pub root: PathBuf,
    /// Where the site goes; relative paths are taken from the root. Default `public`.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Includes reports marked `draft: true`.
    pub drafts: bool,
    /// A claim the data does not give is recorded (in the figures manifest) instead of failing the run:
    /// for `diff`, which lists such claims.
    pub record_failing_claims: bool,
    /// Warnings are errors (`check --strict`, `build --strict`): a claim without a source fails the run.
    pub strict: bool,
}

impl Options {
    /// The output folder: `--out`, relative paths taken from the root; `public` by default.
    pub fn out_dir(&self) -> PathBuf {
        let out = self.out.clone().unwrap_or_else(|| PathBuf::from(OUT_DIR));
        if out.is_absolute() {
            out
        } else {
            self.root.join(out)
        }
    }
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub out: PathBuf,
    pub title: String,
    pub description: String,
    /// Absolute, ending in `/`; used only for the feed, the sitemap and canonical links.
    pub base_url: String,
    pub language: Lang,
    pub author: String,
    /// Whether each report gets a PNG share image (`share_images:` in `site.yaml`, on by default).
    pub share_images: bool,
    pub drafts: bool,
    /// See [`Options::record_failing_claims`].
    pub record_failing_claims: bool,
}

impl Config {
    /// Reads `site.yaml` (its text as read, or why it could not be; `None` when there is none) and
    /// applies the command line's overrides.
    pub(crate) fn load(
        options: &Options,
        site_yaml: Option<Result<Arc<str>, Diagnostic>>,
    ) -> Result<Config, Diagnostic> {
        // A file that is there but cannot be read (too large, not UTF-8) says why.
        let source = site_yaml.unwrap_or_else(|| {
            Err(Diagnostic::error(SITE_FILE, format!("cannot read {SITE_FILE}: No such file or directory")).with_hint(
                "run spendsite in a project folder, pass --root DIR, or create one with `spendsite init DIR`",
            ))
        })?;
        let doc = Document::whole(Path::new(SITE_FILE), &source);
        doc.precheck("site.yaml", "site.yaml is a flat list of settings such as `title: …`")?;
        let file: SiteFile = doc.parse()?;
        let at = |key: &str| doc.error(doc.value_or_nearest(&[Step::Key(key)]), String::new());
        let language = match file.language.as_deref() {
            None => Lang::En,
            Some(code) => Lang::parse(code).ok_or_else(|| Diagnostic {
                message: format!("unknown language `{code}`"),
                hint: Some("spendsite formats figures in `en` and `de`".into()),
                ..at("language")
            })?,
        };
        let hint = Some("write the address the site will live at, e.g. https://USER.github.io/REPO/".into());
        let base_url = match &options.base_url {
            // From the command line: there is no line in site.yaml to point at.
            Some(flag) => normalize_base_url(flag).map_err(|message| Diagnostic {
                message: format!("--base-url: {message}"),
                hint,
                ..Diagnostic::error("command line", String::new())
            })?,
            None => {
                normalize_base_url(&file.base_url).map_err(|message| Diagnostic { message, hint, ..at("base_url") })?
            }
        };
        Ok(Config {
            out: options.out_dir(),
            root: options.root.clone(),
            title: file.title,
            description: file.description,
            base_url,
            language,
            author: file.author,
            share_images: file.share_images,
            drafts: options.drafts,
            record_failing_claims: options.record_failing_claims,
        })
    }
}

/// Checks that `url` is an absolute http(s) URL and makes it end in exactly one `/`.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') && !url.contains(char::is_whitespace) => {
            Ok(format!("{}/", url.trim_end_matches('/')))
        }
        _ => Err(format!("base_url `{url}` is not an absolute http(s) URL")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_one_trailing_slash() {
        assert_eq!(normalize_base_url("https://u.github.io/repo").unwrap(), "https://u.github.io/repo/");
        assert_eq!(normalize_base_url("https://u.github.io/repo//").unwrap(), "https://u.github.io/repo/");
        assert!(normalize_base_url("/repo/").is_err());
        assert!(normalize_base_url("ftp://x").is_err());
    }
}
