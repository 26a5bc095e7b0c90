//! `spendsite bundle`: one report as one HTML file, to send to a reviewer or archive, that shows the
//! whole report opened from anywhere with the network cut off.
//!
//! The file is the built page itself (the same figures, claims table and "how the figures were
//! computed"), from a clean build of the project in memory, with what it loads brought in: the
//! stylesheet inlined, the icon as a `data:` address, the charts already inline. Every link into the site
//! (other reports, datasets and their downloads, the chart files) becomes absolute from `base_url`; a
//! link within the page stays a fragment. The built pages have no script that loads anything, and
//! `serve`'s live reload is not part of a build; any `<script src>` a writer's template adds is left
//! out.

use std::path::{Component, Path, PathBuf};

use crate::build;
use crate::config::Options;
use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::Folder;
use crate::markup::escape;

/// The files of the site a page loads, which the bundle inlines.
const STYLE: &str = "style.css";
const ICON: &str = "favicon.svg";

/// The report whose source is `source` (a path from the current folder, or from the root) as one HTML
/// file, and the page of the site it is.
pub fn bundle(options: &Options, source: &Path) -> Result<(String, String), Diagnostics> {
    let rel = report_source(&options.root, source)?;
    let page = content::page_of(&rel)?;
    let (outcome, files) = build::files(options, &[&page, STYLE, ICON])?;
    let Some(html) = files.get(&page) else {
        let hint = if options.drafts { "check its front matter" } else { "pass --drafts to bundle a draft" };
        return Err(Diagnostic::error(&rel, format!("the build makes no page of {}", rel.display()))
            .with_hint(hint)
            .into());
    };
    let text = |path: &str| files.get(path).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
    let site = Site { page: &page, base_url: &outcome.base_url, css: &text(STYLE), icon: &text(ICON) };
    Ok((inline(&String::from_utf8_lossy(html), &site), page))
}

/// Writes the bundle of the report `source` to `out` (default: its file name with `.html`, in the
/// current folder), whole or not at all; returns where, and the page of the site it is.
pub fn write(options: &Options, source: &Path, out: Option<&Path>) -> Result<(PathBuf, String), Diagnostics> {
    let (html, page) = bundle(options, source)?;
    let out = out.map_or_else(
        || PathBuf::from(source.file_stem().unwrap_or_default()).with_extension("html"),
        Path::to_path_buf,
    );
    crate::output::write_file(&out, html.as_bytes())?;
    Ok((out, page))
}

/// The report file `source` names, from the project root: `content/….md`.
fn report_source(root: &Path, source: &Path) -> Result<PathBuf, Diagnostic> {
    let not_a_report = |what: String| {
        Diagnostic::error(source, what).with_hint("name a report's Markdown file, e.g. content/walmart-azure-year.md")
    };
    // As typed from the current folder when it is there, else from the root.
    let found = [source.to_owned(), root.join(source)].into_iter().find(|p| p.is_file());
    let Some(found) = found else { return Err(not_a_report("no such file".to_owned())) };
    let (found, root) = (found.canonicalize(), root.canonicalize());
    let rel = match (&found, &root) {
        (Ok(found), Ok(root)) => found.strip_prefix(root).ok().map(Path::to_path_buf),
        _ => None,
    };
    match rel {
        Some(rel) if rel.starts_with(Folder::Content.path()) && rel.extension().is_some_and(|e| e == "md") => Ok(rel),
        _ => Err(not_a_report(format!("not a report: reports are the .md files under {}/", Folder::Content.name()))),
    }
}

/// What a page's links are resolved against, and what it loads.
struct Site<'a> {
    /// The page, from the site root.
    page: &'a str,
    base_url: &'a str,
    css: &'a str,
    icon: &'a str,
}

/// `html` (the page at `site.page`) with its stylesheet and icon inlined, its links into the site made
/// absolute, and any script that loads a file left out.
fn inline(html: &str, site: &Site) -> String {
    let mut out = String::with_capacity(html.len() + site.css.len() + site.icon.len() * 2);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let end = tag_end(rest);
        let Some(tag) = Tag::parse(&rest[..end]) else {
            // A `<` that starts no tag is text.
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        rest = &rest[end..];
        match tag.name.as_str() {
            _ if tag.closing => out.push_str(tag.text),
            "script" if tag.attr("src").is_some() => {
                let end = raw_end(rest, "script");
                rest = &rest[end..];
                rest = &rest[tag_end(rest)..];
            }
            "script" | "style" => {
                out.push_str(&tag.rewritten(site));
                let end = raw_end(rest, &tag.name);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            "link" => out.push_str(&link(&tag, site)),
            _ => out.push_str(&tag.rewritten(site)),
        }
    }
    out.push_str(rest);
    out
}

/// A `<link>` as the bundle has it: the site's stylesheet as a `<style>`, its SVG icon as a `data:`
/// address, other icons (which a browser would fetch) left out, the rest with absolute addresses.
fn link(tag: &Tag, site: &Site) -> String {
    let rel = tag.attr("rel").unwrap_or_default().to_ascii_lowercase();
    let target = tag.attr("href").and_then(|href| resolve(site.page, href));
    let is = |path: &str| target.as_deref().is_some_and(|t| t.split('#').next() == Some(path));
    match rel.split_ascii_whitespace().collect::<Vec<_>>().as_slice() {
        ["stylesheet"] if is(STYLE) => format!("<style>\n{}</style>", css(site)),
        ["icon"] if is(ICON) => tag.with("href", &format!("data:image/svg+xml,{}", percent_encode(site.icon))),
        ["icon"] => String::new(),
        _ => tag.rewritten(site),
    }
}

/// The site's stylesheet for a `<style>` element: its `url()`s absolute, and no `</style` inside it.
fn css(site: &Site) -> String {
    let mut out = String::with_capacity(site.css.len());
    let mut rest = site.css;
    while let Some(at) = rest.find("url(") {
        let (before, after) = rest.split_at(at + 4);
        out.push_str(before);
        let end = after.find(')').unwrap_or(after.len());
        let inner = after[..end].trim();
        let quote = inner.chars().next().filter(|c| *c == '"' || *c == '\'');
        let bare = quote.map_or(inner, |q| inner.trim_matches(q));
        match resolve(STYLE, bare) {
            Some(path) => out.push_str(&format!("\"{}{path}\"", site.base_url)),
            None => out.push_str(inner),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out.replace("</style", "<\\/style")
}

/// Where the tag that starts `html` ends: after its `>`, outside quoted attribute values.
fn tag_end(html: &str) -> usize {
    let mut quote = None;
    for (i, c) in html.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    html.len()
}

/// Where the text of the `name` element (a script or style, whose text is not markup) that starts `html`
/// ends: at its end tag, in any case.
fn raw_end(html: &str, name: &str) -> usize {
    let end = format!("</{name}");
    html.as_bytes().windows(end.len()).position(|w| w.eq_ignore_ascii_case(end.as_bytes())).unwrap_or(html.len())
}

/// A start or end tag: its name and attributes, each with its value's place in the tag's text.
struct Tag<'a> {
    text: &'a str,
    name: String,
    /// An end tag: `</p>`.
    closing: bool,
    /// Name, and the value's range in `text` (as written, quotes left out).
    attrs: Vec<(String, std::ops::Range<usize>)>,
}

impl<'a> Tag<'a> {
    /// The tag `text` (from `<` to `>`); `None` for a `<` that starts no tag.
    fn parse(text: &'a str) -> Option<Tag<'a>> {
        let body = text.strip_prefix('<')?;
        let name_at = usize::from(body.starts_with('/'));
        let name: String = body[name_at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let mut attrs = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 1 + name_at + name.len();
        while i < text.len() {
            while i < text.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            let start = i;
            while i < text.len() && !matches!(bytes[i], b'=' | b'>' | b'/') && !bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i == start {
                break;
            }
            let attr = text[start..i].to_ascii_lowercase();
            if bytes.get(i) != Some(&b'=') {
                attrs.push((attr, i..i));
                continue;
            }
            i += 1;
            let range = match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = text[i + 1..].find(q as char).map_or(text.len(), |e| i + 1 + e);
                    let range = i + 1..end;
                    i = (end + 1).min(text.len());
                    range
                }
                _ => {
                    let from = i;
                    while i < text.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    from..i
                }
            };
            attrs.push((attr, range));
        }
        Some(Tag { text, name: name.to_ascii_lowercase(), closing: name_at == 1, attrs })
    }

    fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, r)| &self.text[r.clone()])
    }

    /// The tag with attribute `name`'s value replaced by `value` (escaped here).
    fn with(&self, name: &str, value: &str) -> String {
        self.replaced(|attr, _| (attr == name).then(|| escape(value)))
    }

    /// The tag with its `href` and `src` into the site absolute from the site's address.
    fn rewritten(&self, site: &Site) -> String {
        self.replaced(|attr, value| {
            if attr != "href" && attr != "src" {
                return None;
            }
            let target = resolve(site.page, value)?;
            Some(match target.strip_prefix(site.page) {
                // The page itself: a place on it, or its top.
                Some(fragment) if fragment.is_empty() || fragment.starts_with('#') => {
                    if fragment.is_empty() {
                        "#".to_owned()
                    } else {
                        fragment.to_owned()
                    }
                }
                _ => format!("{}{target}", escape(site.base_url)),
            })
        })
    }

    /// The tag's text with each attribute value `change` gives a new one for (name, value as written)
    /// replaced by it (written as it is: already escaped).
    fn replaced(&self, change: impl Fn(&str, &str) -> Option<String>) -> String {
        let mut out = String::with_capacity(self.text.len() + 64);
        let mut from = 0;
        for (name, range) in &self.attrs {
            if let Some(value) = change(name, &self.text[range.clone()]) {
                out.push_str(&self.text[from..range.start]);
                out.push_str(&value);
                from = range.end;
            }
        }
        out.push_str(&self.text[from..]);
        out
    }
}

/// The site path that `href` (as written on the page at `page`) leads to, with its `?` and `#` parts;
/// `None` for a fragment of the page, an address with a scheme (`https:`, `mailto:`, `data:`) or one
/// from the server's root, which are left as they are.
fn resolve(page: &str, href: &str) -> Option<String> {
    let cut = href.find(['?', '#']).unwrap_or(href.len());
    let (path, tail) = href.split_at(cut);
    let scheme = path.find(':').is_some_and(|colon| !path[..colon].contains('/'));
    if path.is_empty() || scheme || path.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for component in Path::new(path).components() {
        match component {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(name) => parts.push(name.to_str()?),
            _ => {}
        }
    }
    let dir = if path.ends_with('/') { "/" } else { "" };
    Some(format!("{}{dir}{tail}", parts.join("/")))
}

/// `text` as a `data:` address's body: every byte but letters, digits and `-._~/:=;,` as `%XX`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:=;,".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site<'static> {
        Site {
            page: "reports/2024/walmart.html",
            base_url: "https://u.github.io/r/",
            css: "body { background: url(img/a.png) }\n",
            icon: "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        }
    }

    #[test]
    fn links_into_the_site_become_absolute_and_the_page_loads_nothing() {
        let html = "<!DOCTYPE html><html><head><link rel=\"icon\" href=\"../../favicon.svg\" type=\"image/svg+xml\">\
            <link rel=\"icon\" href=\"../../favicon.ico\" sizes=\"32x32\"><link rel=\"stylesheet\" href=\"../../style.css\">\
            <link rel=\"canonical\" href=\"https://u.github.io/r/reports/2024/walmart.html\">\
            <script src=\"../../search.js\"></script><script>if (a < b) { x = \"<a href='q'>\"; }</script></head>\
            <body><a href=\"../../datasets/d.html#t\">d</a> <a href=\"#how\">how</a> <a href=\"walmart.html#x\">me</a>\
            <a href=\"mailto:a@b.example\">m</a><a download href=\"../../embed/2024/walmart/chart-1.svg\">SVG</a>\
            <svg><use href=\"#p\"/></svg><!-- <a href=\"x.html\"> --><p>1 < 2 &amp; <code>&lt;a href=\"y\"&gt;</code></p></body></html>";
        assert_eq!(
            inline(html, &site()),
            "<!DOCTYPE html><html><head><link rel=\"icon\" href=\"data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22/%3E\" type=\"image/svg+xml\">\
            <style>\nbody { background: url(\"https://u.github.io/r/img/a.png\") }\n</style>\
            <link rel=\"canonical\" href=\"https://u.github.io/r/reports/2024/walmart.html\">\
            <script>if (a < b) { x = \"<a href='q'>\"; }</script></head>\
            <body><a href=\"https://u.github.io/r/datasets/d.html#t\">d</a> <a href=\"#how\">how</a> <a href=\"#x\">me</a>\
            <a href=\"mailto:a@b.example\">m</a><a download href=\"https://u.github.io/r/embed/2024/walmart/chart-1.svg\">SVG</a>\
            <svg><use href=\"#p\"/></svg><!-- <a href=\"x.html\"> --><p>1 < 2 &amp; <code>&lt;a href=\"y\"&gt;</code></p></body></html>"
        );
    }

    #[test]
    fn an_href_resolves_against_the_page_it_is_on() {
        let page = "reports/2024/walmart.html";
        assert_eq!(resolve(page, "../../index.html#reports").as_deref(), Some("index.html#reports"));
        assert_eq!(resolve(page, "other.html?q=1").as_deref(), Some("reports/2024/other.html?q=1"));
        assert_eq!(resolve(page, "../").as_deref(), Some("reports/"));
        assert_eq!(resolve(page, "#x"), None);
        assert_eq!(resolve(page, "https://x.example/a"), None);
        assert_eq!(resolve(page, "/abs.html"), None);
        assert_eq!(resolve(page, "data:image/png;base64,AA"), None);
    }
}
