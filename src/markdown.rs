//! Markdown to HTML with pulldown-cmark, and the local links a page contains, with their positions.
//!
//! Expressions are expanded before this stage (see `expr`); their outputs never contain a newline, so line
//! numbers in the expanded text are the `.md` body's own.

use std::collections::BTreeSet;

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

use crate::diag::char_column;
use crate::names::heading_id;

/// A link or image source in a page that points inside the site, or that the site refuses to write
/// (see [`is_allowed_url`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocalLink {
    /// As written, e.g. `../datasets/walmart-azure.html#acr`.
    pub dest: String,
    /// A URL whose scheme the site does not write (`javascript:`, `data:`, …), not a local link.
    pub refused: bool,
    /// 1-based line within the Markdown text.
    pub line: usize,
    /// 1-based column of the destination within that line (1 when it cannot be found).
    pub col: usize,
}

/// HTML for `markdown`, and every local link in it (and every link it must not have).
pub(crate) fn to_html(markdown: &str) -> (String, Vec<LocalLink>) {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut links = Vec::new();
    let events: Vec<Event> = Parser::new_ext(markdown, options)
        .into_offset_iter()
        .map(|(event, range)| {
            let event = showable(event);
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &event {
                if !is_allowed_url(dest_url) {
                    links.push(LocalLink { refused: true, ..locate(markdown, range.start, dest_url) });
                } else if is_local(dest_url) {
                    links.push(locate(markdown, range.start, dest_url));
                }
            }
            event
        })
        .collect();
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, add_heading_ids(events).into_iter());
    (out, links)
}

/// `event` with every character that no page can show (see `fs::decode`) replaced by U+FFFD. The file
/// cannot hold one, but a character reference can make one (`&#27;`, `&#xFFFE;`). Decided: written as
/// the replacement character, as CommonMark itself does for `&#0;`.
pub(crate) fn showable(event: Event<'_>) -> Event<'_> {
    fn clean(text: CowStr<'_>) -> CowStr<'_> {
        if text.chars().all(crate::fs::is_allowed_char) {
            return text;
        }
        let cleaned: String =
            text.chars().map(|c| if crate::fs::is_allowed_char(c) { c } else { char::REPLACEMENT_CHARACTER }).collect();
        CowStr::from(cleaned)
    }
    match event {
        Event::Text(t) => Event::Text(clean(t)),
        Event::Code(t) => Event::Code(clean(t)),
        Event::Html(t) => Event::Html(clean(t)),
        Event::InlineHtml(t) => Event::InlineHtml(clean(t)),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: clean(dest_url), title: clean(title), id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: clean(dest_url), title: clean(title), id })
        }
        other => other,
    }
}

/// Whether a link or image URL written in Markdown may be written into a page: a relative one, or one
/// to the web (`https:`, `http:`) or a mail address (`mailto:`); never `javascript:`, `data:`,
/// `vbscript:` or another scheme. Browsers ignore tabs and line breaks anywhere in a URL and spaces and
/// control characters before it, and letter case in its scheme; so does this. (Character references
/// such as `&#106;` are decoded by the Markdown parser before.)
pub(crate) fn is_allowed_url(dest: &str) -> bool {
    let cleaned: String = dest.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let cleaned = cleaned.trim_start_matches(|c: char| c <= ' ');
    let Some((scheme, _)) = cleaned.split_once(':') else { return true };
    // `a/b:c`, `?q=a:b` and `#x:y` have no scheme.
    if scheme.is_empty() || scheme.contains(['/', '?', '#']) {
        return true;
    }
    ["http", "https", "mailto"].iter().any(|allowed| scheme.eq_ignore_ascii_case(allowed))
}

/// Whether `dest` points into the site: not a URL with a scheme, not an anchor on the same page.
pub(crate) fn is_local(dest: &str) -> bool {
    let scheme = dest.split_once(':').is_some_and(|(s, _)| !s.contains('/') && !s.contains('#') && !s.is_empty());
    !(scheme || dest.starts_with('#') || dest.starts_with("//") || dest.is_empty())
}

fn locate(markdown: &str, offset: usize, dest: &str) -> LocalLink {
    let before = &markdown[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_text = markdown[line_start..].lines().next().unwrap_or("");
    let col = line_text.find(dest).map_or(offset - line_start, |c| c);
    LocalLink { dest: dest.to_owned(), refused: false, line, col: char_column(line_text, col) }
}

/// Gives each heading an `id` made from its text, so sections can be linked (`#the-peak`).
fn add_heading_ids(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut used = BTreeSet::new();
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id: None, classes, attrs }) = &events[i] {
            let text: String = events[i + 1..]
                .iter()
                .take_while(|e| !matches!(e, Event::End(_)))
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            let id = unique_id(&heading_id(&text), &mut used);
            out.push(Event::Start(Tag::Heading {
                level: *level,
                id: Some(CowStr::from(id)),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }));
        } else {
            out.push(events[i].clone());
        }
        i += 1;
    }
    out
}

fn unique_id(base: &str, used: &mut BTreeSet<String>) -> String {
    let mut id = base.to_owned();
    let mut n = 2;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_tables_and_heading_ids_and_keeps_raw_html() {
        let (html, _) = to_html("## The peak, in 2023\n\n<b>kept</b>\n\n| a |\n|---|\n| 1 |\n\n## The peak, in 2023\n");
        assert!(html.contains("<h2 id=\"the-peak-in-2023\">The peak, in 2023</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"the-peak-in-2023-2\">"), "{html}");
        assert!(html.contains("<b>kept</b>"));
        assert!(html.contains("<table>"));
    }

    #[test]
    fn finds_local_links_with_their_positions() {
        let md = "Intro.\n\nSee [TikTok](tiktok.html) and [web](https://x.org/) or [top](#top).\n![c](../img/a.png)\n";
        let (_, links) = to_html(md);
        assert_eq!(
            links,
            [
                LocalLink { dest: "tiktok.html".into(), refused: false, line: 3, col: 14 },
                LocalLink { dest: "../img/a.png".into(), refused: false, line: 4, col: 6 },
            ]
        );
        assert!(!is_local("mailto:a@b.c"));
        assert!(is_local("a/b.html#x"));
    }

    #[test]
    fn script_urls_are_refused_in_any_spelling() {
        for refused in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "DATA:image/svg+xml;base64,PHN2Zz4=",
            "vbscript:msgbox",
            "VbScRiPt:msgbox",
            "file:///etc/passwd",
        ] {
            assert!(!is_allowed_url(refused), "{refused:?}");
        }
        for allowed in
            ["https://x.org/", "HTTP://x.org", "mailto:a@b.c", "a.html", "../d/x.html#a:b", "?q=a:b", "#x:y", ""]
        {
            assert!(is_allowed_url(allowed), "{allowed:?}");
        }
        // Inline links, autolinks, reference definitions and images, with a character reference.
        let md = "[a](javascript:x) <javascript:y> [r][ref] ![i](&#106;avascript:z)\n\n[ref]: JAVASCRIPT:w\n";
        let (_, links) = to_html(md);
        let refused: Vec<&str> = links.iter().filter(|l| l.refused).map(|l| l.dest.as_str()).collect();
        assert_eq!(refused, ["javascript:x", "javascript:y", "JAVASCRIPT:w", "javascript:z"]);
    }

    #[test]
    fn references_to_characters_no_page_can_show_become_replacement_characters() {
        let (html, _) =
            to_html("a&#27;b &#x1b; &#0; &#xFFFE; &#x85; &#127; &#xFDD0; `&#1;` [x](a&#2;b \"t&#3;\") &#xe9;");
        assert_eq!(html, "<p>a\u{fffd}b \u{fffd} \u{fffd} \u{fffd} \u{fffd} \u{fffd} \u{fffd} <code>&amp;#1;</code> <a href=\"a%EF%BF%BDb\" title=\"t\u{fffd}\">x</a> é</p>\n");
    }
}
