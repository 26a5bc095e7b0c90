//! `spendsite serve` as a writer uses it: pages over HTTP, rebuilds on change with a reload event, the
//! last good site and an error overlay while a file is broken, and no way out of the site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::TestSite;

/// A running `spendsite serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(site: &TestSite) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_spendsite"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let addr = line.split("http://").nth(1).and_then(|rest| rest.split('/').next()).unwrap_or_default().to_owned();
        assert!(addr.starts_with("127.0.0.1:"), "unexpected first line: {line}");
        Server { child, addr }
    }

    /// Sends `method path` as written (no client-side normalisation) and returns status, head and body.
    fn request(&self, method: &str, path: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        // A server that never answers fails the test instead of hanging it.
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(stream, "{method} {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").unwrap();
        // A read times out only when nothing comes, so a stream that never ends (a page's live-reload
        // stream, pinged every 15 s) is stopped by a deadline for the whole response.
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut bytes = Vec::new();
        let mut buf = [0; 8192];
        loop {
            let n = stream.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&buf[..n]);
            assert!(Instant::now() < deadline, "{method} {path}: the response did not end in 30 s");
        }
        let response = String::from_utf8(bytes).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, head.to_lowercase(), body.to_owned())
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        self.request("GET", path)
    }

    /// Waits until the page's body satisfies `check`; the bound only stops a hung test.
    #[track_caller]
    fn wait_for(&self, path: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (_, _, body) = self.get(path);
            if check(&body) {
                return body;
            }
            assert!(Instant::now() < deadline, "{path} never showed {what}; last body:\n{body}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Opens the live-reload stream.
    fn events(&self) -> TcpStream {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(stream, "GET /__spendsite/events HTTP/1.1\r\nHost: test\r\n\r\n").unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut seen = Vec::new();
        while !String::from_utf8_lossy(&seen).contains(": connected") {
            let mut buf = [0; 256];
            let n = stream.read(&mut buf).unwrap();
            assert!(n > 0, "event stream closed");
            seen.extend_from_slice(&buf[..n]);
        }
        assert!(String::from_utf8_lossy(&seen).to_lowercase().contains("content-type: text/event-stream"));
        stream
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[track_caller]
fn read_event(stream: &mut TcpStream) -> String {
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen).contains("\n\n") {
        let mut buf = [0; 256];
        let n = stream.read(&mut buf).expect("a reload event");
        assert!(n > 0, "the event stream closed before an event: {}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&seen).into_owned()
}

#[test]
fn serves_pages_with_content_types_head_and_the_sites_404() {
    let site = TestSite::copy_of("basic");
    let server = Server::start(&site);
    let (status, head, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"), "{head}");
    assert!(body.contains("new EventSource(\"/__spendsite/events\")"), "the reload script is injected by serve");
    for (path, content_type) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/datasets/cloud.svg", "image/svg+xml"),
        ("/datasets/cloud.csv", "text/csv; charset=utf-8"),
        ("/datasets/cloud.json", "application/json"),
        ("/feed.xml", "application/xml"),
        ("/reports/alpha.html", "text/html; charset=utf-8"),
    ] {
        let (status, head, _) = server.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(head.contains(&format!("content-type: {content_type}")), "{path}: {head}");
    }
    let (status, head, body) = server.request("HEAD", "/style.css");
    assert_eq!((status, body.as_str()), (200, ""));
    assert!(head.contains("content-length:") && !head.contains("content-length: 0"), "{head}");
    let (status, _, body) = server.get("/reports/missing.html");
    assert_eq!(status, 404);
    assert!(body.contains("<title>Page not found"), "{body}");
    // The figures manifest is made on request, as a clean build writes it.
    let (status, head, body) = server.get("/figures.json");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: application/json"), "{head}");
    site.build();
    assert_eq!(body, site.source("public/figures.json"));
}

#[test]
fn rebuilds_on_change_reloads_pages_and_keeps_the_last_good_site_while_broken() {
    let site = TestSite::copy_of("basic");
    let server = Server::start(&site);
    let mut events = server.events();

    let alpha = std::fs::read_to_string(site.root().join("content/alpha.md")).unwrap();
    site.write("content/alpha.md", &alpha.replace("# Alpha", "# Alpha, edited"));
    server.wait_for("/reports/alpha.html", "the edited heading", |b| b.contains("Alpha, edited"));
    assert!(read_event(&mut events).starts_with("event: reload\ndata: "), "a reload event was sent");

    let cloud = std::fs::read_to_string(site.root().join("data/cloud.yaml")).unwrap();
    // Moves one million from August to July, so the fixture's claims (total and peak) still hold. Saved
    // the way many editors save: a temporary file renamed over the original.
    site.write("data/.cloud.yaml.swp", &cloud.replace("2023-07: 50", "2023-07: 51").replace("\"52.40\"", "\"51.40\""));
    std::fs::rename(site.root().join("data/.cloud.yaml.swp"), site.root().join("data/cloud.yaml")).unwrap();
    server.wait_for("/datasets/cloud.csv", "the new value", |b| b.contains("spend,2023-07,51,USD"));

    site.write("content/alpha.md", &alpha.replace("# Alpha", "# Alpha, edited\n\n{{ sum(data=\"clod\") | money }}"));
    let page = server.wait_for("/reports/alpha.html", "the error overlay", |b| b.contains("id=\"spendsite-error\""));
    assert!(page.contains("content/alpha.md:"), "the overlay names the file: {page}");
    assert!(page.contains("unknown dataset `clod`"), "{page}");
    assert!(page.contains("Alpha, edited"), "the last good page is still served");

    site.write("content/alpha.md", &alpha);
    let page = server.wait_for("/reports/alpha.html", "recovery", |b| !b.contains("spendsite-error"));
    assert!(!page.contains("Alpha, edited"));
}

/// Loops inside loops that would run for hours end the rebuild with an error, and `serve` picks up the
/// fix: it is never stuck in a render.
#[test]
fn a_report_whose_loops_would_never_end_fails_its_rebuild_and_serve_recovers_when_it_is_fixed() {
    let site = TestSite::copy_of("basic");
    let server = Server::start(&site);
    let alpha = site.source("content/alpha.md");
    let endless = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}";
    site.write("content/alpha.md", &alpha.replace("# Alpha", &format!("# Alpha\n\n{endless}")));
    let page = server.wait_for("/reports/alpha.html", "the error overlay", |b| b.contains("id=\"spendsite-error\""));
    assert!(page.contains("would run more than 1,000,000 times in all"), "{page}");
    site.write("content/alpha.md", &alpha.replace("# Alpha", "# Alpha, fixed"));
    let page = server.wait_for("/reports/alpha.html", "the fixed page", |b| b.contains("Alpha, fixed"));
    assert!(!page.contains("spendsite-error"), "{page}");
}

/// Each open live-reload stream holds a connection thread: past 64, a page is told why it will not
/// reload instead of taking one more; a closed page's stream makes room again.
#[test]
fn live_reload_streams_are_capped_with_a_clear_refusal_and_closed_ones_make_room() {
    let site = TestSite::copy_of("basic");
    let server = Server::start(&site);
    let mut open: Vec<TcpStream> = (0..64).map(|_| server.events()).collect();
    let (status, head, body) = server.get("/__spendsite/events");
    assert!(head.contains("connection: close"), "the page closes the connection, ending its thread: {head}");
    assert_eq!(
        (status, body.as_str()),
        (
            503,
            "spendsite serve: 64 pages are open with live reload already, so this one will not reload by itself; \
             close some tabs, then reload it\n"
        )
    );
    let (status, _, _) = server.get("/reports/alpha.html");
    assert_eq!(status, 200, "pages are still served");
    drop(open.pop());
    // The closed stream is found when a write to it fails, which may take a second write.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut stream = TcpStream::connect(&server.addr).unwrap();
        write!(stream, "GET /__spendsite/events HTTP/1.1\r\nHost: test\r\n\r\n").unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut head = [0; 12];
        stream.read_exact(&mut head).unwrap();
        if &head == b"HTTP/1.1 200" {
            break;
        }
        assert!(Instant::now() < deadline, "no room after a stream closed: {}", String::from_utf8_lossy(&head));
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn requests_cannot_leave_the_site() {
    let site = TestSite::copy_of("basic");
    std::fs::write(site.root().join("secret.txt"), "top secret").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(site.root().join("secret.txt"), site.root().join("content/link.md")).unwrap();
    let server = Server::start(&site);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/reports/%2E%2E/%2e%2e/secret.txt",
        "//secret.txt",
        "/..%2fsecret.txt",
    ] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 403, "{path}");
        assert!(!body.contains("top secret"), "{path}");
    }
    let (status, _, body) = server.get("/reports/link.html");
    assert_eq!(status, 404, "a symlink to a file outside the project is not part of the site");
    assert!(!body.contains("top secret"));
}
