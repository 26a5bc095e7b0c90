//! Records what `spendsite --version` and `spendsite init` say about the build: the git commit it was
//! built from, and where that source can be installed from again; and a fingerprint of what draws the
//! share images, which their keys include.

use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok().filter(|o| o.status.success())?;
    Some(String::from_utf8(out.stdout).ok()?.trim().to_owned()).filter(|s| !s.is_empty())
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // A new commit moves the branch HEAD points at, not HEAD itself.
    if let Some(git_dir) = git(&["rev-parse", "--git-dir"]) {
        let head = Path::new(&git_dir).join("HEAD");
        println!("cargo:rerun-if-changed={}", head.display());
        if let Some(reference) =
            std::fs::read_to_string(&head).ok().and_then(|h| h.strip_prefix("ref: ").map(|r| r.trim().to_owned()))
        {
            println!("cargo:rerun-if-changed={}", Path::new(&git_dir).join(reference).display());
        }
        println!("cargo:rerun-if-changed={}", Path::new(&git_dir).join("packed-refs").display());
    }
    let commit = git(&["rev-parse", "HEAD"]).unwrap_or_default();
    println!("cargo:rustc-env=SPENDSITE_COMMIT={commit}");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let built = if commit.is_empty() {
        "built outside a git checkout".to_owned()
    } else {
        format!("commit {}", &commit[..commit.len().min(12)])
    };
    println!("cargo:rustc-env=SPENDSITE_VERSION_TEXT={version} ({built})");
    // Where `cargo install --git` can fetch this source: the checkout's own remote when it is a web
    // address, else the repository that Cargo.toml names.
    let remote = git(&["remote", "get-url", "origin"]).filter(|url| url.starts_with("https://"));
    let source = remote.unwrap_or_else(|| std::env::var("CARGO_PKG_REPOSITORY").unwrap_or_default());
    println!("cargo:rustc-env=SPENDSITE_SOURCE={source}");
    println!("cargo:rustc-env=SPENDSITE_CARD_DRAWING={:016x}", card_drawing());
}

/// A fingerprint of the code and fonts that draw a share image and of the locked dependencies (tiny-skia
/// among them): a PNG kept from an earlier build is used again only when its card's key, which includes
/// this, is the same. A change to the drawing code changes it without a new commit.
fn card_drawing() -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    // The card's own code and fonts, and how a chart's marks look and are handed to the raster.
    let mut files: Vec<_> = ["src/chart/style.rs", "src/chart/svg.rs"].map(std::path::PathBuf::from).into();
    for dir in ["src/share", "assets/fonts"] {
        println!("cargo:rerun-if-changed={dir}");
        files.extend(std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()));
    }
    files.sort();
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        (file.to_string_lossy().into_owned(), std::fs::read(&file).unwrap_or_default()).hash(&mut hasher);
    }
    println!("cargo:rerun-if-changed=Cargo.lock");
    std::fs::read("Cargo.lock").unwrap_or_default().hash(&mut hasher);
    hasher.finish()
}
