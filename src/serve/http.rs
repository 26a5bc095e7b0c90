//! The HTTP side of `serve`: map a request path to a file of the in-memory site, refuse anything that
//! tries to leave it, and add the live-reload script (and the error overlay) to HTML pages.

use std::io::Write;
use std::sync::Arc;
use std::thread;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::{State, MAX_EVENT_STREAMS};
use crate::markup::escape;

/// The server-sent-events stream that tells pages to reload.
pub(super) const EVENTS_PATH: &str = "/__spendsite/events";

/// Listens with a few worker threads until the process ends.
pub(super) fn serve(server: Arc<tiny_http::Server>, state: &Arc<State>) {
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (server, state) = (Arc::clone(&server), Arc::clone(state));
            thread::spawn(move || {
                for request in server.incoming_requests() {
                    handle(request, &state);
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
}

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// A path inside the site, without the leading `/`: `reports/a.html`, `` for the root.
    File(String),
    Events,
    /// `..`, an encoded `..`, a backslash, a NUL or anything that is not an absolute path.
    Refused,
}

/// Decodes and checks a request URL. The site is in memory, so a path can only ever name one of its
/// files; refusing traversal anyway makes the answer honest (403 rather than a confusing 404).
pub(super) fn target(url: &str) -> Target {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH {
        return Target::Events;
    }
    let Some(decoded) = percent_decode(path) else { return Target::Refused };
    let Some(rel) = decoded.strip_prefix('/') else { return Target::Refused };
    let bad_segment = |s: &str| s == ".." || s == "." || s.contains(['\\', '\0', ':']);
    if rel.starts_with('/') || rel.split('/').any(bad_segment) {
        return Target::Refused;
    }
    Target::File(rel.to_owned())
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn handle(request: Request, state: &State) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(Response::from_string("only GET and HEAD\n").with_status_code(405));
        return;
    }
    let response = match target(request.url()) {
        Target::Events => return open_events(request, state),
        Target::Refused => Response::from_string("refused: that path leaves the site\n").with_status_code(403),
        Target::File(rel) => file_response(&rel, state),
    };
    let _ = request.respond(response);
}

fn file_response(rel: &str, state: &State) -> Response<std::io::Cursor<Vec<u8>>> {
    if rel == crate::manifest::FILE {
        return figures_response(state);
    }
    let snapshot = state.snapshot.read().unwrap_or_else(|e| e.into_inner());
    let index = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_owned() };
    let dir_index = format!("{rel}/index.html");
    let found = [index.as_str(), dir_index.as_str()].into_iter().find_map(|p| snapshot.files.get(p).map(|b| (p, b)));
    let bytes = |file: &crate::build::File| file.bytes().map(|b| b.to_vec());
    let (status, name, bytes) = match (found, snapshot.files.get("404.html")) {
        (Some((name, file)), _) => match bytes(file) {
            Ok(bytes) => (200, name.to_owned(), bytes),
            // Only a bug in spendsite makes a share image fail to draw.
            Err(e) => (500, "error.txt".to_owned(), format!("cannot make {name}: {e}\n").into_bytes()),
        },
        (None, Some(page)) => (404, "404.html".to_owned(), bytes(page).unwrap_or_default()),
        (None, None) if snapshot.error.is_some() => (500, "error.html".to_owned(), Vec::new()),
        (None, None) => (404, "404.txt".to_owned(), b"not found\n".to_vec()),
    };
    let content_type = content_type(&name);
    let body =
        if content_type.starts_with("text/html") { page_with_reload(&bytes, snapshot.error.as_deref()) } else { bytes };
    let header = Header::from_bytes("Content-Type", content_type).expect("static header");
    let no_cache = Header::from_bytes("Cache-Control", "no-store").expect("static header");
    Response::from_data(body).with_status_code(StatusCode(status)).with_header(header).with_header(no_cache)
}

/// `figures.json`, which rebuilds leave out: made for this request by a clean build in memory, or a
/// 500 with the errors.
fn figures_response(state: &State) -> Response<std::io::Cursor<Vec<u8>>> {
    let figures = state.figures();
    let (status, body) = match figures {
        Ok(bytes) => (200, bytes.to_vec()),
        Err(diags) => (500, diags.render(false).into_bytes()),
    };
    let content_type = if status == 200 { content_type(crate::manifest::FILE) } else { "text/plain; charset=utf-8" };
    let header = Header::from_bytes("Content-Type", content_type).expect("static header");
    let no_cache = Header::from_bytes("Cache-Control", "no-store").expect("static header");
    Response::from_data(body).with_status_code(StatusCode(status)).with_header(header).with_header(no_cache)
}

/// Content types by extension, for everything a build writes.
pub(super) fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map_or("", |(_, ext)| ext) {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "js" => "text/javascript; charset=utf-8",
        "png" => "image/png",
        "txt" | "" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The page with the reload script before `</body>`, and the build errors over it when the last
/// build failed (a page of its own when there is no good build yet).
fn page_with_reload(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let html = if html.is_empty() { "<!doctype html><title>Build failed</title><body></body>".into() } else { html };
    let mut extra = String::from(RELOAD_SCRIPT);
    if let Some(error) = error {
        extra = format!("{}{extra}", overlay(error));
    }
    match html.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &html[..at], &html[at..]).into_bytes(),
        None => format!("{html}{extra}").into_bytes(),
    }
}

const RELOAD_SCRIPT: &str = "<script>/* spendsite serve: live reload */new EventSource(\"/__spendsite/events\")\
.addEventListener(\"reload\",function(){location.reload()});</script>";

fn overlay(error: &str) -> String {
    format!(
        "<div id=\"spendsite-error\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;max-height:60vh;\
         overflow:auto;margin:0;padding:1rem 1.25rem;background:#3b0a0a;color:#fff;z-index:2147483647;\
         font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap\"><strong>Build failed; this is the last good \
         site. Fix the file and the page reloads.</strong>\n\n{}</div>",
        escape(error)
    )
}

/// Answers with an event stream that stays open; `State::rebuild` writes a `reload` event to it.
/// Past [`MAX_EVENT_STREAMS`] open ones, the page is told why it will not reload (503).
fn open_events(request: Request, state: &State) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: keep-alive\r\n\r\n: connected\n\n";
    let Err(mut stream) = state.add_client(request.into_writer(), head.as_bytes()) else { return };
    let message = format!(
        "spendsite serve: {MAX_EVENT_STREAMS} pages are open with live reload already, so this one will not \
         reload by itself; close some tabs, then reload it\n"
    );
    // Written by hand, because the HTTP library drops a `Connection` header: with `close`, the page
    // closes the connection, which ends the thread that reads it.
    let _ = write!(
        stream,
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{message}",
        message.len()
    );
    let _ = stream.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_the_site_resolve_and_traversal_is_refused() {
        assert_eq!(target("/"), Target::File(String::new()));
        assert_eq!(target("/reports/a.html?x=1#top"), Target::File("reports/a.html".into()));
        assert_eq!(target("/datasets/my%20data.csv"), Target::File("datasets/my data.csv".into()));
        assert_eq!(target(EVENTS_PATH), Target::Events);
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/secret",
            "/a/%2E%2E/%2e%2e/x",
            "//etc/passwd",
            "/a\\..\\b",
            "http://x/",
            "/%zz",
            "/c:/x",
            "/a/./b",
        ] {
            assert_eq!(target(bad), Target::Refused, "{bad}");
        }
    }

    #[test]
    fn html_gets_the_reload_script_and_the_error_overlay() {
        let page = String::from_utf8(page_with_reload(b"<html><body><p>hi</p></body></html>", Some("a.md:1:1: <bad>")))
            .unwrap();
        assert!(page.contains("<p>hi</p><div id=\"spendsite-error\""), "{page}");
        assert!(page.contains("a.md:1:1: &lt;bad&gt;</div><script>"), "{page}");
        assert!(page.ends_with("</script></body></html>"));
        assert_eq!(content_type("feed.xml"), "application/xml");
        assert_eq!(content_type("datasets/a.svg"), "image/svg+xml");
    }
}
