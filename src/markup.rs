//! Writing markup: the one escaper for text and attribute values in HTML, SVG and XML.

/// `text` safe for element content and quoted attribute values in HTML, SVG and XML: `& < > " '` become
/// references, and the characters no XML document may hold and HTML counts as errors (control
/// characters other than tab and line breaks, and the noncharacters U+FFFE and U+FFFF) are dropped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// [`escape`] as Tera's escape function, so that templates escape what they print the same way.
pub(crate) fn tera_escape(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(escape(text).as_bytes())
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
