//! `spendsite serve`: build into memory, serve over HTTP, rebuild on change, reload open pages.
//!
//! The site is served from memory, never from disk: a serve run leaves `public/` alone, a failed
//! rebuild keeps the last good site, and no request can reach a file outside the site, whatever its
//! path says. A rebuild is the whole pipeline run by a `build::Session`, which keeps what the last run
//! made and makes again only what read a changed input; only the pages whose bytes changed count as
//! changed.

mod http;
mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::build::{File, Files, Session};
use crate::config::Options;
use crate::diag::{Diagnostic, Diagnostics};

/// Everything `serve` needs, from the command line.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// The site to build; `base_url` is replaced by the server's own address.
    pub site: Options,
    pub bind: IpAddr,
    /// `0` lets the system pick a free port.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// The site as the server currently shows it.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// The last good build, by path relative to the site root.
    pub files: Files,
    /// The errors of the latest build, rendered, when it failed.
    pub error: Option<String>,
    /// Counts builds, so a reload event can say which one it announces.
    pub generation: u64,
}

/// Shared between the HTTP workers and the watcher.
pub(crate) struct State {
    pub snapshot: RwLock<Snapshot>,
    /// Open live-reload streams (server-sent events).
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
    /// The project as last built.
    session: Mutex<Session>,
    color: bool,
}

impl State {
    /// Rebuilds the site into memory, keeping the last good files when the build fails, and tells
    /// every open page to reload. `seen` is when the change was noticed; `changed` the paths (relative to
    /// the root) that changed, or `None` to read the whole project again. Returns what to print.
    pub(crate) fn rebuild(&self, seen: Instant, changed: Option<&[PathBuf]>) -> String {
        let result = self.session.lock().unwrap_or_else(|e| e.into_inner()).rebuild(changed);
        let mut snapshot = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        snapshot.generation += 1;
        // The last site's files are dropped after the pages were told to reload.
        let mut retired = Files::new();
        let line = match result {
            Ok((outcome, files)) => {
                retired = std::mem::replace(&mut snapshot.files, files);
                snapshot.error = None;
                let files = &snapshot.files;
                // Without making a file that is made when first read: another one is another image.
                let same = |path: &String, file: &File| {
                    retired.get(path).is_some_and(|old| match (old, file) {
                        (File::Made(old), File::Made(new)) => Arc::ptr_eq(old, new) || old == new,
                        (old, new) => old.is(new),
                    })
                };
                let changed = files.iter().filter(|(path, bytes)| !same(path, bytes)).count()
                    + retired.keys().filter(|path| !files.contains_key(*path)).count();
                let warnings =
                    if outcome.warnings.is_empty() { String::new() } else { outcome.warnings.render(self.color) };
                let files = if changed == 1 { "file" } else { "files" };
                format!("{warnings}built {} ({changed} {files} changed)", outcome.stats.summary())
            }
            Err(diags) => {
                snapshot.error = Some(diags.render(false));
                format!("{}build failed; still serving the last good site", diags.render(self.color))
            }
        };
        let generation = snapshot.generation;
        drop(snapshot);
        let reloaded = self.broadcast_reload(generation);
        drop(retired);
        let ms = seen.elapsed().as_secs_f64() * 1000.0;
        match generation {
            1 => format!("{line} in {ms:.1} ms"),
            _ => format!("{line}; {reloaded} open page(s) reloaded {ms:.1} ms after the change"),
        }
    }

    /// `figures.json` as a clean build of the project's current files writes it.
    pub(crate) fn figures(&self) -> Result<Arc<[u8]>, crate::diag::Diagnostics> {
        self.session.lock().unwrap_or_else(|e| e.into_inner()).figures()
    }

    fn broadcast_reload(&self, generation: u64) -> usize {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        let event = format!("event: reload\ndata: {generation}\n\n");
        clients.retain_mut(|client| client.write_all(event.as_bytes()).and_then(|()| client.flush()).is_ok());
        clients.len()
    }

    /// Opens a live-reload stream on `stream` by writing `head` to it, if fewer than [`MAX_EVENT_STREAMS`]
    /// are open (each holds one of the HTTP library's connection threads); the streams of pages closed
    /// since are dropped first. The count and the new stream are one step, so two pages opening at once
    /// cannot both take the last place. Gives the stream back when there is no room.
    fn add_client(&self, mut stream: Box<dyn Write + Send>, head: &[u8]) -> Result<(), Box<dyn Write + Send>> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if clients.len() >= MAX_EVENT_STREAMS {
            ping(&mut clients);
        }
        if clients.len() >= MAX_EVENT_STREAMS {
            return Err(stream);
        }
        if stream.write_all(head).and_then(|()| stream.flush()).is_ok() {
            clients.push(stream);
        }
        Ok(())
    }

    /// Writes a comment to every open stream, dropping those of closed pages (whose thread then ends).
    fn ping(&self) {
        ping(&mut self.clients.lock().unwrap_or_else(|e| e.into_inner()));
    }
}

/// How many live-reload streams may be open at once: pages past that are served without live reload.
pub(crate) const MAX_EVENT_STREAMS: usize = 64;

/// How often the open streams are pinged, so that a closed page's stream does not stay open until the
/// next rebuild.
const PING_EVERY: Duration = Duration::from_secs(15);

fn ping(clients: &mut Vec<Box<dyn Write + Send>>) {
    clients.retain_mut(|client| client.write_all(b": ping\n\n").and_then(|()| client.flush()).is_ok());
}

/// Builds, serves and watches until the process is stopped (Ctrl-C). Returns only on a startup error.
pub(crate) fn run(options: ServeOptions) -> Result<(), Diagnostics> {
    let (server, addr) = bind(options.bind, options.port)?;
    let url = format!("http://{addr}/");
    let site = Options { base_url: Some(url.clone()), ..options.site.clone() };
    let color = std::io::IsTerminal::is_terminal(&std::io::stderr()) && std::env::var_os("NO_COLOR").is_none();
    let session = Mutex::new(Session::new(site));
    let state = Arc::new(State { snapshot: RwLock::default(), clients: Mutex::default(), session, color });
    eprintln!("{}", state.rebuild(Instant::now(), None));
    watch::start(&options.site.root, Arc::clone(&state))?;
    let pinged = Arc::clone(&state);
    std::thread::spawn(move || loop {
        std::thread::sleep(PING_EVERY);
        pinged.ping();
    });
    println!("serving {} at {url} (Ctrl-C stops)", options.site.root.display());
    if options.open {
        open_browser(&url);
    }
    http::serve(Arc::new(server), &state);
    Ok(())
}

/// Binds `port`, or the next free one of the ten after it, saying so.
fn bind(ip: IpAddr, port: u16) -> Result<(tiny_http::Server, SocketAddr), Diagnostics> {
    let tries = if port == 0 { 1 } else { 10 };
    let mut last_error = String::new();
    for candidate in (0..tries).filter_map(|i| port.checked_add(i)) {
        match tiny_http::Server::http(SocketAddr::new(ip, candidate)) {
            Ok(server) => {
                let addr =
                    server.server_addr().to_ip().ok_or_else(|| Diagnostic::error("serve", "not an IP socket"))?;
                if candidate != port && port != 0 {
                    eprintln!("port {port} is in use; using {candidate} instead");
                }
                return Ok((server, addr));
            }
            Err(e) => last_error = e.to_string(),
        }
    }
    Err(Diagnostic::error(
        "serve",
        format!("cannot listen on {ip}:{port} or the {} ports after it: {last_error}", tries - 1),
    )
    .with_hint("choose another port with --port, e.g. --port 8080")
    .into())
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("could not open a browser ({opener}: {e}); open {url} yourself");
    }
}
