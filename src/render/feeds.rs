//! `feed.xml` (Atom) and `sitemap.xml`: the only places with absolute URLs, built from `base_url`.

use chrono::NaiveDate;

use crate::markup::escape as xml_escape;

/// An entry of the feed.
pub(super) struct FeedEntry<'a> {
    pub title: &'a str,
    /// Path from the site root: `reports/walmart.html`.
    pub path: String,
    pub date: NaiveDate,
    /// The last update's date, or `date`.
    pub updated: NaiveDate,
    pub summary: Option<&'a str>,
    pub lang: &'a str,
    /// The report's translations: language code and path from the site root.
    pub translations: Vec<(&'a str, String)>,
}

/// A page of the sitemap.
pub(super) struct SitemapPage {
    /// From the site root.
    pub path: String,
    /// When it last changed, when known.
    pub changed: Option<NaiveDate>,
    /// The page in every language (itself included): language code and path; empty for a page in one.
    pub alternates: Vec<(&'static str, String)>,
}

fn timestamp(date: NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

/// An Atom feed of `entries` (newest first). `updated` is the newest entry's date, so the feed only
/// changes when the content does.
pub(super) fn atom(title: &str, author: &str, base_url: &str, entries: &[FeedEntry]) -> String {
    let updated = entries.iter().map(|e| e.updated).max().map_or_else(|| "1970-01-01T00:00:00Z".into(), timestamp);
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!("  <title>{}</title>\n", xml_escape(title)));
    out.push_str(&format!("  <id>{}</id>\n", xml_escape(base_url)));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}index.html\"/>\n",
        xml_escape(base_url)
    ));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}feed.xml\"/>\n",
        xml_escape(base_url)
    ));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    let author = if author.is_empty() { title } else { author };
    out.push_str(&format!("  <author><name>{}</name></author>\n", xml_escape(author)));
    for e in entries {
        let url = xml_escape(&format!("{base_url}{}", e.path));
        out.push_str(&format!("  <entry xml:lang=\"{}\">\n", xml_escape(e.lang)));
        out.push_str(&format!("    <title>{}</title>\n", xml_escape(e.title)));
        out.push_str(&format!("    <id>{url}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n"));
        for (lang, path) in &e.translations {
            let href = xml_escape(&format!("{base_url}{path}"));
            out.push_str(&format!(
                "    <link rel=\"alternate\" type=\"text/html\" hreflang=\"{}\" href=\"{href}\"/>\n",
                xml_escape(lang)
            ));
        }
        out.push_str(&format!(
            "    <published>{}</published>\n    <updated>{}</updated>\n",
            timestamp(e.date),
            timestamp(e.updated)
        ));
        if let Some(summary) = e.summary {
            out.push_str(&format!("    <summary>{}</summary>\n", xml_escape(summary)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// A sitemap of `pages` (sorted), each with the date it last changed when known and its versions in
/// other languages (`xhtml:link rel="alternate" hreflang`, the page itself among them).
pub(super) fn sitemap(base_url: &str, pages: &[SitemapPage]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for page in pages {
        let loc = xml_escape(&format!("{base_url}{}", page.path));
        out.push_str(&format!("  <url><loc>{loc}</loc>"));
        if let Some(date) = page.changed {
            out.push_str(&format!("<lastmod>{}</lastmod>", date.format("%Y-%m-%d")));
        }
        for (lang, path) in &page.alternates {
            let href = xml_escape(&format!("{base_url}{path}"));
            out.push_str(&format!("<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{href}\"/>", xml_escape(lang)));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_dates_the_pages_it_knows_the_date_of() {
        let page = |path: &str, changed, alternates: &[(&'static str, &str)]| SitemapPage {
            path: path.to_owned(),
            changed,
            alternates: alternates.iter().map(|(l, p)| (*l, p.to_string())).collect(),
        };
        let pages = [
            page("index.html", None, &[]),
            page(
                "reports/a.html",
                NaiveDate::from_ymd_opt(2025, 6, 10),
                &[("en", "reports/a.html"), ("de", "reports/a-de.html")],
            ),
        ];
        assert_eq!(
            sitemap("https://u.github.io/r/", &pages),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n\
             \x20 <url><loc>https://u.github.io/r/index.html</loc></url>\n\
             \x20 <url><loc>https://u.github.io/r/reports/a.html</loc><lastmod>2025-06-10</lastmod>\
             <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://u.github.io/r/reports/a.html\"/>\
             <xhtml:link rel=\"alternate\" hreflang=\"de\" href=\"https://u.github.io/r/reports/a-de.html\"/></url>\n</urlset>\n"
        );
    }

    #[test]
    fn feed_escapes_and_uses_absolute_urls() {
        let entries = [FeedEntry {
            title: "<script>alert(1)</script> & co",
            path: "reports/a.html".into(),
            date: NaiveDate::from_ymd_opt(2025, 5, 28).unwrap(),
            updated: NaiveDate::from_ymd_opt(2025, 6, 10).unwrap(),
            summary: Some("\"q\""),
            lang: "en",
            translations: vec![("de", "reports/a-de.html".into())],
        }];
        let feed = atom("T", "", "https://u.github.io/r/", &entries);
        assert!(feed.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>"));
        assert!(feed.contains("<id>https://u.github.io/r/reports/a.html</id>"));
        // The feed and the entry were last updated with the report's update.
        assert!(
            feed.contains("<published>2025-05-28T00:00:00Z</published>\n    <updated>2025-06-10T00:00:00Z</updated>")
        );
        assert!(feed.contains("  <updated>2025-06-10T00:00:00Z</updated>\n  <author>"));
        assert!(feed.contains("<summary>&quot;q&quot;</summary>"));
        assert!(feed.contains(
            "<link rel=\"alternate\" type=\"text/html\" hreflang=\"de\" href=\"https://u.github.io/r/reports/a-de.html\"/>"
        ));
    }
}
