//! Names the commit minhbach is built from, for `--version` and for the
//! workflow files `minhbach init` pins: `MINHBACH_COMMIT` (full hash, with
//! `-dirty` when the work tree has changes) and `MINHBACH_REPOSITORY` (the
//! `origin` remote). Without git or a .git folder (a source archive, a
//! crates.io package) both fall back to "unknown" and the build goes on.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn main() {
    let commit = git(&["rev-parse", "HEAD"]).map(|hash| {
        let dirty = git(&["status", "--porcelain", "--untracked-files=no"]).is_some();
        if dirty {
            format!("{hash}-dirty")
        } else {
            hash
        }
    });
    let repository = std::env::var("MINHBACH_REPOSITORY")
        .ok()
        .or_else(|| git(&["remote", "get-url", "origin"]));
    println!(
        "cargo:rustc-env=MINHBACH_COMMIT={}",
        commit.as_deref().unwrap_or("unknown")
    );
    println!(
        "cargo:rustc-env=MINHBACH_REPOSITORY={}",
        repository.as_deref().unwrap_or("unknown")
    );
    // Run again when HEAD moves or the index changes (a commit, a checkout).
    if let Some(dir) = git(&["rev-parse", "--git-dir"]) {
        println!("cargo:rerun-if-changed={dir}/HEAD");
        println!("cargo:rerun-if-changed={dir}/index");
        if let Some(reference) = git(&["symbolic-ref", "-q", "HEAD"]) {
            let common = git(&["rev-parse", "--git-common-dir"]).unwrap_or(dir.clone());
            println!("cargo:rerun-if-changed={common}/{reference}");
        }
    }
    println!("cargo:rerun-if-env-changed=MINHBACH_REPOSITORY");
    println!("cargo:rerun-if-changed=build.rs");
}
