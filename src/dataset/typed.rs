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

/// A serde_yaml error as a diagnostic at its line and column, with a hint where one helps.
pub(super) fn yaml_error(path: &Path, source: &str, error: &serde_yaml::Error, first_line: usize) -> Diagnostic {
    let full = error.to_string();
    // serde_yaml writes "path: message at line L column C, while parsing X at line M column N".
    let (head, context) = full.split_once(", while ").map_or((full.as_str(), None), |(h, c)| (h, Some(c)));
    let message = clarify(without_path(head.split(" at line ").next().unwrap_or(head)));
    let mut diag = Diagnostic::error(path, message.clone());
    if let Some(loc) = error.location() {
        diag = diag.at_in(source, first_line + loc.line() - 1, loc.column());
    } else if first_line > 1 {
        diag = diag.at_in(source, first_line.saturating_sub(1), 1);
    }
    let hint = unknown_field_hint(&message)
        .or_else(|| syntax_hint(&message).map(str::to_owned))
        .or_else(|| context.map(|c| context_hint(c, first_line)));
    match hint {
        Some(hint) => diag.with_hint(hint),
        None => diag,
    }
}

/// Drops serde_yaml's `series.acr.values: ` prefix: the diagnostic's position says where already.
fn without_path(message: &str) -> &str {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    let starts =
        ["invalid type", "invalid value", "invalid length", "unknown field", "unknown variant", "missing field"];
    let cut = starts.iter().filter_map(|s| message.find(&format!(": {s}")).map(|i| i + 2)).min();
    cut.map_or(message, |i| &message[i..])
}

fn clarify(message: &str) -> String {
    match message {
        "recursion limit exceeded" => "the YAML is nested too deeply (more than 128 levels)".to_owned(),
        "repetition limit exceeded" => "the YAML expands its aliases (`*name`) too often".to_owned(),
        other => other.to_owned(),
    }
}

/// "parsing a flow sequence at line 3 column 10" -> where the unfinished construct began, in file lines.
fn context_hint(context: &str, first_line: usize) -> String {
    let Some((what, at)) = context.split_once(" at line ") else { return format!("while {context}") };
    let (line, column) = at.split_once(" column ").unwrap_or((at, "?"));
    let line = line.parse::<usize>().map_or_else(|_| line.to_owned(), |l| (l + first_line - 1).to_string());
    format!("while {what} that starts at line {line}, column {column}")
}

/// Hints for the YAML syntax errors people make most.
fn syntax_hint(message: &str) -> Option<&'static str> {
    if message.starts_with("mapping values are not allowed") {
        Some("check this line's indentation, and quote a value that contains `: `")
    } else if message.contains("cannot start any token") || message.contains("tab") {
        Some("indent with spaces: YAML does not allow tabs for indentation")
    } else if message.starts_with("block sequence entries are not allowed") {
        Some("a `- ` here starts a list; quote a value that begins with `-`, or fix the indentation")
    } else {
        None
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
