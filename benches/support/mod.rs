//! What the benchmarks share: running a command as a whole process and measuring it.

use std::ffi::OsStr;
use std::io::{Read, Seek};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// One measured process.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Run {
    pub(crate) wall: f64,
    pub(crate) cpu: f64,
    pub(crate) peak_mib: f64,
}

/// The median of each figure of `runs`.
pub(crate) fn median(runs: &[Run]) -> Run {
    let median = |f: fn(&Run) -> f64| {
        let mut v: Vec<f64> = runs.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    Run { wall: median(|r| r.wall), cpu: median(|r| r.cpu), peak_mib: median(|r| r.peak_mib) }
}

/// Wall time, CPU time and peak resident memory of one run of `command` in `dir`, or what it printed on
/// stderr when it failed.
pub(crate) fn measure<S: AsRef<OsStr>>(dir: &Path, command: &[S]) -> Result<Run, String> {
    // A file rather than a pipe: a child that writes much to a pipe nobody reads would block before wait4.
    let mut stderr = tempfile::tempfile().unwrap();
    let start = Instant::now();
    // Reaped by `wait4` below, which also reports its resources.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(command[0].as_ref())
        .args(&command[1..])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(stderr.try_clone().unwrap())
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", command[0].as_ref()))?;
    let mut status = 0;
    // SAFETY: `rusage` is plain data, filled by wait4 for the child just spawned.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = start.elapsed().as_secs_f64();
    if !(pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let mut text = String::new();
        stderr.rewind().and_then(|()| stderr.read_to_string(&mut text)).unwrap();
        return Err(text);
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Run { wall, cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime), peak_mib: usage.ru_maxrss as f64 / 1024.0 })
}
