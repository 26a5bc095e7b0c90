//! The writer's text around Tera: `.name` after a call rewritten to `["name"]` (with the column shifts
//! that maps back), Tera's errors positioned in the writer's text, and a failed tag blanked out.

use super::{ExprError, FILTERS, FUNCTIONS};
use crate::diag::did_you_mean;

/// `text` with the `{{ … }}` or `{% … %}` tag at (or, failing that, first after) `line`:`col` replaced by
/// spaces; `None` when there is no such tag.
pub(super) fn blank_tag(text: &str, line: usize, col: usize) -> Option<String> {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let line_text = text[line_start..].split('\n').next().unwrap_or("");
    let at = line_start + line_text.char_indices().nth(col.saturating_sub(1)).map_or(line_text.len(), |(b, _)| b);
    let opens = |from: usize, to: usize| {
        let window = &text[from..to];
        ["{{", "{%"].iter().filter_map(|o| window.rfind(o).map(|i| from + i)).max()
    };
    let mut window_end = (at + 2).min(text.len());
    while !text.is_char_boundary(window_end) {
        window_end += 1;
    }
    let open = opens(line_start, window_end).or_else(|| {
        let rest = &text[at..];
        ["{{", "{%"].iter().filter_map(|o| rest.find(o).map(|i| at + i)).min()
    })?;
    let close_token = if text[open..].starts_with("{{") { "}}" } else { "%}" };
    let close = text[open + 2..].find(close_token).map(|i| open + 2 + i + 2)?;
    let blank: String = text[open..close].chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
    Some(format!("{}{blank}{}", &text[..open], &text[close..]))
}

/// Where the `.name` → `["name"]` rewrite moved columns, per line, so errors point at the writer's text.
#[derive(Debug, Default)]
pub(super) struct Shifts(Vec<(usize, usize)>);

impl Shifts {
    /// Maps a 1-based column in the rewritten text back to the original line.
    pub(super) fn original_col(&self, line: usize, col: usize) -> usize {
        let moved: usize = self.0.iter().filter(|(l, c)| *l == line && *c < col).count() * 3;
        col.saturating_sub(moved).max(1)
    }
}

/// Tera 2 cannot take an attribute of a call's result (`max(…).period`), but can index it
/// (`max(…)["period"]`); rewrites the first form into the second inside tags, outside string literals.
pub(super) fn rewrite_attribute_access(text: &str) -> (String, Shifts) {
    let chars: Vec<char> = text.chars().collect();
    let (mut out, mut shifts) = (String::with_capacity(text.len()), Shifts::default());
    let (mut in_tag, mut quote, mut line, mut col) = (false, None::<char>, 1, 1);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match (in_tag, quote) {
            (false, _) if c == '{' && matches!(next, Some('{') | Some('%')) => in_tag = true,
            (true, None) if matches!(c, '}' | '%') && next == Some('}') => in_tag = false,
            (true, None) if c == '"' || c == '\'' || c == '`' => quote = Some(c),
            (true, Some(q)) if c == q => quote = None,
            (true, None)
                if c == ')'
                    && next == Some('.')
                    && chars.get(i + 2).is_some_and(|c| c.is_ascii_alphabetic() || *c == '_') =>
            {
                let name: String =
                    chars[i + 2..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').collect();
                out.push_str(&format!(")[\"{name}\"]"));
                shifts.0.push((line, col + 1));
                col += 2 + name.chars().count();
                i += 2 + name.chars().count();
                continue;
            }
            _ => {}
        }
        out.push(c);
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
        i += 1;
    }
    (out, shifts)
}

/// A figure map printed without a filter shows up as its escaped keys; finds the line to point at.
pub(super) fn raw_figure_line(rendered: &str) -> Option<usize> {
    let markers = ["&quot;__figure&quot;", "&quot;__period&quot;", "\"__figure\"", "\"__period\""];
    rendered.lines().position(|l| markers.iter().any(|m| l.contains(m))).map(|i| i + 1)
}

/// Positions Tera's error in the expanded text.
pub(super) fn tera_error(error: &tera::Error) -> ExprError {
    use tera::ErrorKind;
    let (line, col, width, message) = match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let width = if span.end_line == span.start_line { span.end_col.saturating_sub(span.start_col) } else { 1 };
            (span.start_line, span.start_col + 1, width, report.message().to_owned())
        }
        _ => parse_report(&error.to_string()),
    };
    let message = message.trim_end_matches('.').to_owned();
    let hint = unknown_name_hint(&message);
    ExprError { line: line.max(1), col: col.max(1), width: width.max(1), message, hint }
}

/// Tera reports unknown functions and filters as a rendered text with ` --> name:LINE:COL`.
fn parse_report(text: &str) -> (usize, usize, usize, String) {
    let message = text.lines().next().unwrap_or(text).trim_start_matches("error: ").to_owned();
    let position = text.lines().find_map(|l| l.trim_start().strip_prefix("--> ")).and_then(|loc| {
        let mut parts = loc.rsplitn(3, ':');
        let col = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        Some((line, col))
    });
    let width = text.lines().last().map_or(1, |l| l.matches('^').count());
    let (line, col) = position.unwrap_or((1, 1));
    (line, col, width, message)
}

fn unknown_name_hint(message: &str) -> Option<String> {
    let (kind, list): (&str, &[&str]) = if message.starts_with("Unknown function") {
        ("functions", &FUNCTIONS)
    } else if message.starts_with("Unknown filter") {
        ("filters", &FILTERS)
    } else {
        return None;
    };
    let name = message.split('`').nth(1)?;
    Some(match did_you_mean(name, list.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("spendsite's {kind}: {}", list.join(", ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_attribute_access_on_calls_only_inside_tags() {
        let (out, shifts) = rewrite_attribute_access("a).b {{ max(data=\"x.y\").period | period }} {{ m(\").z\").y }}");
        assert_eq!(out, "a).b {{ max(data=\"x.y\")[\"period\"] | period }} {{ m(\").z\")[\"y\"] }}");
        assert_eq!(shifts.original_col(1, 40), 37);
        assert_eq!(shifts.original_col(1, 10), 10);
    }

    #[test]
    fn blanks_the_failing_tag_and_keeps_lines_and_lengths() {
        let text = "a {{ x() }} ü{{ y( }}\nb";
        assert_eq!(blank_tag(text, 1, 4).as_deref(), Some("a           ü{{ y( }}\nb"));
        assert_eq!(blank_tag(text, 1, 14).as_deref(), Some("a {{ x() }} ü        \nb"));
        assert_eq!(blank_tag("no tags", 1, 1), None);
    }

    #[test]
    fn reads_positions_from_tera_reports() {
        let text =
            "error: Unknown function `summ`\n --> __tera_one_off:2:10\n  |\n2 | x {{ summ() }}\n  |          ^^^^";
        assert_eq!(parse_report(text), (2, 10, 4, "Unknown function `summ`".to_owned()));
        assert_eq!(unknown_name_hint("Unknown function `summ`").as_deref(), Some("did you mean `sum`?"));
    }
}
