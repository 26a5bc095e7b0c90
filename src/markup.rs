//! Writing markup: the one escaper for text and attribute values in HTML, SVG and XML.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(escape("<a href=\"x\">R&D's</a>"), "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;");
        assert_eq!(escape("a\u{0}b\u{7}c\u{85}d\u{FFFE}e\u{FFFF}f\tg\nh"), "abcdef\tg\nh");
        assert_eq!(escape("🚀 שלום"), "🚀 שלום");
    }
}
