//! Typed YAML documents other than datasets (`site.yaml`, report front matter).
//!
//! They go through here so that every call of the YAML parser stays inside `dataset/`, and so that their
//! errors carry a file, line and column and a "did you mean" hint like every other input error.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::{did_you_mean, Diagnostic};

/// Deserializes `text`, which starts on line `first_line` (1-based) of `source`, the whole file at `path`.
///
/// `first_line` lets front matter report positions in the `.md` file rather than in the extracted block.
pub fn from_yaml_str<T: DeserializeOwned>(
    path: &Path,
    source: &str,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if text.trim().is_empty() {
        // An empty document deserializes as unit; give the same error as a missing field would.
        return serde_yaml::from_str::<T>("{}").map_err(|e| yaml_error(path, source, &e, first_line));
    }
    serde_yaml::from_str(text).map_err(|e| yaml_error(path, source, &e, first_line))
}

/// A serde_yaml error as a diagnostic at its line and column, with a hint for unknown fields.
pub(super) fn yaml_error(path: &Path, source: &str, error: &serde_yaml::Error, first_line: usize) -> Diagnostic {
    let full = error.to_string();
    // serde_yaml appends " at line L column C" to the message; the position goes into the diagnostic.
    let message = full.split(" at line ").next().unwrap_or(&full).to_owned();
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    let message = match message {
        "recursion limit exceeded" => "the YAML is nested too deeply (more than 128 levels)".to_owned(),
        "repetition limit exceeded" => "the YAML expands its aliases (`*name`) too often".to_owned(),
        other => other.to_owned(),
    };
    let mut diag = Diagnostic::error(path, message.clone());
    if let Some(loc) = error.location() {
        diag = diag.at_in(source, first_line + loc.line() - 1, loc.column());
    } else if first_line > 1 {
        diag = diag.at_in(source, first_line.saturating_sub(1), 1);
    }
    match unknown_field_hint(&message) {
        Some(hint) => diag.with_hint(hint),
        None => diag,
    }
}

/// For serde's "unknown field `titel`, expected one of `title`, `date`" builds "did you mean `title`?".
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match did_you_mean(field, candidates.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None => Some(format!("known fields: {}", candidates.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        title: String,
        date: String,
    }

    #[test]
    fn unknown_field_points_at_the_file_line_with_a_hint() {
        let source = "---\ntitle: A\ndaet: 2024-01-01\n---\nbody\n";
        let err =
            from_yaml_str::<Front>(Path::new("content/a.md"), source, "title: A\ndaet: 2024-01-01\n", 2).unwrap_err();
        assert_eq!(err.location(), "content/a.md:3:1");
        assert!(err.message.starts_with("unknown field `daet`"), "{}", err.message);
        assert_eq!(err.hint.as_deref(), Some("did you mean `date`?"));
    }

    #[test]
    fn missing_field_is_named() {
        let err = from_yaml_str::<Front>(Path::new("site.yaml"), "title: A\n", "title: A\n", 1).unwrap_err();
        assert!(err.message.contains("missing field `date`"), "{}", err.message);
    }
}
