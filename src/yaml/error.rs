//! Reading serde_yaml's errors, which it gives only as text (and a position for syntax errors).
//!
//! [`read`] is the one function that looks at that text. Its tests pin each shape it handles, so that a
//! new serde_yaml wording shows up as a failing test rather than as a worse error message.

use crate::diag::did_you_mean;

/// What a serde_yaml error says, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reading {
    /// What is wrong, without serde_yaml's key-path prefix and position suffix.
    pub(super) message: String,
    pub(super) kind: Kind,
    /// The 1-based line and column in the document, when serde_yaml knows them.
    pub(super) at: Option<(usize, usize)>,
    /// What the parser was reading when it failed, and where that started in the document:
    /// ("parsing a flow sequence", 3, 10).
    pub(super) context: Option<(String, usize, usize)>,
}

/// The errors spendsite explains further.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    UnknownField {
        field: String,
        expected: Vec<String>,
    },
    DuplicateField(String),
    /// `a: b: c`, or a wrong indentation.
    MappingValue,
    /// A tab where indentation was expected.
    Tab,
    /// A character no YAML value may start with (`@`, `` ` ``, or a tab): which one, the caller reads in
    /// the text.
    CannotStart,
    /// A `- ` where no list can start.
    SequenceEntry,
    Other,
}

impl Kind {
    /// The hint for the syntax errors people make most.
    pub(super) fn hint(&self) -> Option<&'static str> {
        match self {
            Kind::MappingValue => Some("check this line's indentation, and quote a value that contains `: `"),
            Kind::Tab => Some("indent with spaces: YAML does not allow tabs for indentation"),
            Kind::SequenceEntry => {
                Some("a `- ` here starts a list; quote a value that begins with `-`, or fix the indentation")
            }
            _ => None,
        }
    }
}

/// Takes a serde_yaml error apart. serde_yaml writes `path: message at line L column C, while parsing X
/// at line M column N`; serde's own messages are `unknown field `x`, expected one of `a`, `b``, `missing
/// field `x``, `duplicate field `x``, `invalid type: …, expected …`.
pub(super) fn read(error: &serde_yaml::Error) -> Reading {
    let full = error.to_string();
    let (head, context) = match full.split_once(", while ") {
        Some((head, context)) => (head, parse_context(context)),
        None => (full.as_str(), None),
    };
    let message = without_path(head.split(" at line ").next().unwrap_or(head));
    let message = match message {
        "recursion limit exceeded" => "the YAML is nested too deeply (more than 128 levels)",
        "repetition limit exceeded" => "the YAML expands its aliases (`*name`) too often",
        other => other,
    };
    let at = error.location().map(|l| (l.line(), l.column()));
    Reading { kind: kind(message), message: message.to_owned(), at, context }
}

fn kind(message: &str) -> Kind {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = expected.split('`').skip(1).step_by(2).map(str::to_owned).collect();
        return Kind::UnknownField { field: field.to_owned(), expected };
    }
    if let Some(field) = message.strip_prefix("duplicate field `").and_then(|r| r.split('`').next()) {
        return Kind::DuplicateField(field.to_owned());
    }
    if message.starts_with("mapping values are not allowed") {
        Kind::MappingValue
    } else if message.starts_with("found a tab character") {
        Kind::Tab
    } else if message.contains("cannot start any token") {
        Kind::CannotStart
    } else if message.starts_with("block sequence entries are not allowed") {
        Kind::SequenceEntry
    } else {
        Kind::Other
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

/// `parsing a flow sequence at line 3 column 10` -> ("parsing a flow sequence", 3, 10).
fn parse_context(context: &str) -> Option<(String, usize, usize)> {
    let (what, at) = context.split_once(" at line ")?;
    let (line, column) = at.split_once(" column ")?;
    Some((what.to_owned(), line.trim().parse().ok()?, column.trim().parse().ok()?))
}

/// "did you mean `title`?" for a misspelt field, or the list of known fields.
pub(super) fn unknown_field_hint(field: &str, expected: &[String]) -> String {
    match did_you_mean(field, expected.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("known fields: {}", expected.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        list: Vec<String>,
        #[serde(default)]
        inner: Option<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        value: String,
    }

    fn reading(yaml: &str) -> Reading {
        read(&serde_yaml::from_str::<Doc>(yaml).unwrap_err())
    }

    #[test]
    fn unknown_fields_name_the_field_and_the_expected_ones() {
        let r = reading("title: a\ntitel: b\n");
        assert_eq!(r.message, "unknown field `titel`, expected one of `title`, `list`, `inner`");
        let expected = vec!["title".to_owned(), "list".to_owned(), "inner".to_owned()];
        assert_eq!(r.kind, Kind::UnknownField { field: "titel".into(), expected });
        assert_eq!(r.at, Some((2, 1)));
        // Nested: serde_yaml's key path is dropped, serde's single expected field is read too.
        let r = reading("title: a\ninner:\n  vaule: 1\n");
        assert_eq!(r.message, "unknown field `vaule`, expected `value`");
        assert_eq!(r.kind, Kind::UnknownField { field: "vaule".into(), expected: vec!["value".into()] });
        assert_eq!(unknown_field_hint("vaule", &["value".into()]), "did you mean `value`?");
        assert_eq!(unknown_field_hint("link", &["title".into(), "url".into()]), "known fields: title, url");
    }

    #[test]
    fn missing_duplicate_and_invalid_types() {
        let r = reading("list: []\n");
        assert_eq!((r.message.as_str(), &r.kind), ("missing field `title`", &Kind::Other));
        let r = reading("title: a\ntitle: b\n");
        assert_eq!((r.message.as_str(), &r.kind), ("duplicate field `title`", &Kind::DuplicateField("title".into())));
        let r = reading("title: a\nlist: x\n");
        assert_eq!(r.message, "invalid type: string \"x\", expected a sequence");
        assert_eq!(r.at, Some((2, 7)));
        let r = reading("title: a\ninner:\n  value: [1]\n");
        assert_eq!(r.message, "invalid type: sequence, expected a string");
    }

    #[test]
    fn syntax_errors_with_their_context_and_hints() {
        let r = reading("title: a\nlist: [a, b\ninner: 1\n");
        assert_eq!(r.message, "did not find expected ',' or ']'");
        assert_eq!(r.context, Some(("parsing a flow sequence".into(), 2, 7)));
        let r = reading("title: a: b\n");
        assert_eq!(
            (r.message.as_str(), r.kind.clone()),
            ("mapping values are not allowed in this context", Kind::MappingValue)
        );
        let r = reading("title: a\n\tlist: []\n");
        assert_eq!(
            (r.message.as_str(), r.kind.clone()),
            ("found a tab character that violates indentation", Kind::Tab)
        );
        let r = reading("title: a\nlist:\n\t- x\n");
        assert_eq!(
            (r.message.as_str(), r.kind.clone()),
            ("found character that cannot start any token", Kind::CannotStart)
        );
        let r = reading("title: @me\n");
        assert_eq!(
            (r.message.as_str(), r.kind.clone(), r.at),
            ("found character that cannot start any token", Kind::CannotStart, Some((1, 8)))
        );
        // Words that merely contain "tab" are no tab problem.
        assert_eq!(reading("title: a\nlist: stable\n").kind, Kind::Other);
        let r = reading("title: a\ninner: -\n");
        assert_eq!(r.kind, Kind::SequenceEntry);
        assert!(r.message.starts_with("block sequence entries are not allowed"), "{}", r.message);
    }

    #[test]
    fn limits_are_said_in_words() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let r = read(&serde_yaml::from_str::<serde_yaml::Value>(&deep).unwrap_err());
        assert_eq!(r.message, "the YAML is nested too deeply (more than 128 levels)");
        let aliases = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
                       c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
                       e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n\
                       g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
        let r = read(&serde_yaml::from_str::<BTreeMap<String, serde_yaml::Value>>(aliases).unwrap_err());
        assert_eq!(r.message, "the YAML expands its aliases (`*name`) too often");
    }
}
