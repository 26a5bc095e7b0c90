//! Writing markup: the one escaper for text and attribute values in HTML, SVG and XML, and the one for
//! JSON that a JavaScript file carries.

use serde::Serialize;

/// `text` safe for element content and quoted attribute values in HTML, SVG and XML: `& < > " '` become
/// references, and the characters no XML document may hold and HTML counts as errors (control
/// characters other than tab and line breaks, and the noncharacters U+FFFE and U+FFFF) are dropped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_pieces(text, |piece| out.push_str(piece));
    out
}

/// [`escape`] as Tera's escape function, so that templates escape what they print the same way.
pub(crate) fn tera_escape(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut result = Ok(());
    escape_pieces(text, |piece| {
        if result.is_ok() {
            result = out.write_all(piece.as_bytes());
        }
    });
    result
}

/// Hands `text` over escaped, in pieces: runs of plain text as they are, and each reference.
fn escape_pieces(text: &str, mut put: impl FnMut(&str)) {
    let mut plain = 0;
    for (i, c) in text.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\t' | '\n' | '\r' => continue,
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => "",
            _ => continue,
        };
        put(&text[plain..i]);
        put(replacement);
        plain = i + c.len_utf8();
    }
    put(&text[plain..]);
}

/// `value` as JSON that stays one value wherever a script holds it: `<`, `>` and `&` are written as
/// `\u003c`, `\u003e` and `\u0026` (so `</script>` or `<!--` in a title cannot end or comment out an
/// inline script), and the line and paragraph separators U+2028 and U+2029 as `\u2028` and `\u2029`
/// (line breaks to JavaScript engines older than ES2019, which would end the string there).
pub(crate) fn script_json(value: &impl Serialize) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, ScriptFormatter);
    value.serialize(&mut serializer).expect("a value of our own types serializes");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// serde_json's compact output, with the characters [`script_json`] names escaped inside strings.
struct ScriptFormatter;

impl serde_json::ser::Formatter for ScriptFormatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(&mut self, w: &mut W, fragment: &str) -> std::io::Result<()> {
        let mut plain = 0;
        for (i, c) in fragment.char_indices() {
            let escaped = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            w.write_all(&fragment.as_bytes()[plain..i])?;
            w.write_all(escaped.as_bytes())?;
            plain = i + c.len_utf8();
        }
        w.write_all(&fragment.as_bytes()[plain..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(escape("<a href=\"x\">R&D's</a>"), "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;");
        assert_eq!(escape("a\u{0}b\u{7}c\u{85}d\u{FFFE}e\u{FFFF}f\tg\nh"), "abcdef\tg\nh");
        assert_eq!(escape("🚀 שלום"), "🚀 שלום");
    }

    #[test]
    fn script_json_cannot_end_a_script_or_a_string() {
        let title = "</script><!-- a & b \u{2028}\u{2029} \"q\" \\ é";
        let json = script_json(&[title]);
        assert_eq!(json, r#"["\u003c/script\u003e\u003c!-- a \u0026 b \u2028\u2029 \"q\" \\ é"]"#);
        assert_eq!(serde_json::from_str::<Vec<String>>(&json).unwrap(), [title]);
    }
}
