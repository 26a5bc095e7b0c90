//! A report file as written: its front matter as serde reads it (every value kept as written, checked
//! by `validate`), and the split of the file into front matter and body.

use std::path::Path;

use serde::Deserialize;

use crate::diag::Diagnostic;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FrontMatter {
    pub(super) title: String,
    pub(super) date: String,
    #[serde(default)]
    pub(super) summary: Option<String>,
    #[serde(default)]
    pub(super) tags: Vec<String>,
    #[serde(default)]
    pub(super) draft: bool,
    #[serde(default)]
    pub(super) lang: Option<String>,
    #[serde(default)]
    pub(super) headline: Option<String>,
    #[serde(default)]
    pub(super) headline_label: Option<String>,
    #[serde(default)]
    pub(super) translation_key: Option<String>,
    #[serde(default)]
    pub(super) claims: Vec<ClaimFile>,
    #[serde(default)]
    pub(super) updates: Vec<UpdateFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UpdateFile {
    pub(super) date: String,
    pub(super) note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ClaimFile {
    pub(super) says: String,
    pub(super) expr: String,
    #[serde(default)]
    pub(super) source: Option<SourceFile>,
}

/// A claim's source: its title alone (`source: Business Insider, May 2025`), or a map with a link and the
/// date it was published, as a dataset's sources are written.
#[derive(Debug, Deserialize)]
#[serde(untagged, expecting = "a source: its title, or `{ title: …, url: https://…, published: YYYY-MM-DD }`")]
pub(super) enum SourceFile {
    Title(String),
    Full(FullSource),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FullSource {
    pub(super) title: String,
    #[serde(default)]
    pub(super) url: Option<String>,
    #[serde(default)]
    pub(super) published: Option<String>,
}

/// Splits `---\n<yaml>\n---\n<body>` and returns (front matter, its first line, body, its first line).
pub(super) fn split_front_matter<'a>(
    path: &Path,
    source: &'a str,
) -> Result<(&'a str, usize, &'a str, usize), Diagnostic> {
    let missing = || {
        Diagnostic::error(path, "missing front matter")
            .at_in(source, 1, 1)
            .with_hint("start the file with a YAML block between `---` lines holding at least `title:` and `date:`")
    };
    let rest = source.strip_prefix("---\n").or_else(|| source.strip_prefix("---\r\n")).ok_or_else(missing)?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let body = &rest[offset + line.len()..];
            return Ok((&rest[..offset], 2, body, i + 3));
        }
        offset += line.len();
    }
    Err(Diagnostic::error(path, "front matter is not closed")
        .at_in(source, 1, 1)
        .with_hint("end the YAML block with a line `---`"))
}
