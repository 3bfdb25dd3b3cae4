//! The in-memory output tree and its atomic swap into the output folder.
//! Every path is checked here, so nothing is ever written outside the folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::BuildError;

#[derive(Debug, Clone)]
pub enum Content {
    Bytes(Vec<u8>),
    /// A file copied as is (bundle assets).
    Copy(PathBuf),
}

/// Files keyed by their `/`-separated path under the output root.
#[derive(Debug, Default)]
pub struct OutputTree {
    pub files: BTreeMap<String, Content>,
}

impl OutputTree {
    /// Adds a file; refuses (returns false) a path that could leave the output
    /// folder or that a Windows or macOS host cannot store.
    pub fn add(&mut self, path: &str, content: Content) -> bool {
        if !is_safe_relative_path(path) {
            return false;
        }
        self.files.insert(path.to_string(), content);
        true
    }

    pub fn add_text(&mut self, path: &str, text: String) -> bool {
        self.add(path, Content::Bytes(text.into_bytes()))
    }

    pub fn get_text(&self, path: &str) -> Option<&str> {
        match self.files.get(path)? {
            Content::Bytes(b) => std::str::from_utf8(b).ok(),
            Content::Copy(_) => None,
        }
    }
}

/// True for `a/b.html`; false for absolute paths, `..`, drive letters, NUL,
/// backslashes, and names Windows reserves.
pub fn is_safe_relative_path(path: &str) -> bool {
    if path.is_empty()
        || path.starts_with('/')
        || path.contains(['\\', '\0', ':', '<', '>', '"', '|', '?', '*'])
    {
        return false;
    }
    path.split('/').all(|segment| {
        !segment.is_empty()
            && segment != "."
            && segment != ".."
            && !segment.ends_with(['.', ' '])
            && !segment.chars().any(char::is_control)
            && !is_windows_reserved(segment)
    })
}

fn is_windows_reserved(segment: &str) -> bool {
    let stem = segment.split('.').next().unwrap_or("").to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit())
}

/// Writes the tree into a temporary sibling of `output`, then swaps it in.
/// A failure at any point leaves `output` as it was.
pub fn write_atomically(tree: &OutputTree, output: &Path) -> Result<(), BuildError> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| BuildError::io(&parent, e))?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            BuildError::other(format!("output folder {} has no name", output.display()))
        })?;
    clean_stale_siblings(&parent, &name);

    let staging = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| BuildError::io(&staging, e))?;
    }
    let result =
        write_tree(tree, &staging, output).and_then(|()| swap_in(&staging, output, &parent, &name));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn write_tree(tree: &OutputTree, staging: &Path, previous: &Path) -> Result<(), BuildError> {
    fs::create_dir_all(staging).map_err(|e| BuildError::io(staging, e))?;
    let mut dirs: Vec<PathBuf> = tree
        .files
        .keys()
        .filter_map(|p| Path::new(p).parent().map(|d| staging.join(d)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(|e| BuildError::io(dir, e))?;
    }
    tree.files.par_iter().try_for_each(|(rel, content)| {
        let target = staging.join(rel);
        // A file whose bytes did not change is linked from the previous output:
        // it keeps its modification time (hosts that sync by mtime skip it)
        // and the file system allocates no new inode.
        let old = previous.join(rel);
        if unchanged(&old, content) && fs::hard_link(&old, &target).is_ok() {
            return Ok(());
        }
        match content {
            Content::Bytes(bytes) => {
                fs::write(&target, bytes).map_err(|e| BuildError::io(&target, e))
            }
            Content::Copy(source) => fs::copy(source, &target)
                .map(|_| ())
                .map_err(|e| BuildError::io(source, e)),
        }
    })
}

/// True when `old` is a regular file (not a link out of the folder) with
/// exactly these bytes.
fn unchanged(old: &Path, content: &Content) -> bool {
    let Ok(meta) = fs::symlink_metadata(old) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    match content {
        Content::Bytes(bytes) => {
            meta.len() == bytes.len() as u64 && fs::read(old).is_ok_and(|b| b == *bytes)
        }
        Content::Copy(source) => {
            fs::metadata(source).is_ok_and(|m| m.len() == meta.len())
                && matches!((fs::read(old), fs::read(source)), (Ok(a), Ok(b)) if a == b)
        }
    }
}

/// Moves the old output aside, the new one in, then deletes the old one.
fn swap_in(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<(), BuildError> {
    if !output.exists() {
        return fs::rename(staging, output).map_err(|e| BuildError::io(output, e));
    }
    if !output.is_dir() {
        return Err(BuildError::other(format!(
            "{} exists and is not a folder; refusing to replace it",
            output.display()
        )));
    }
    // Linux swaps the two folders in one step: a build killed at any moment
    // leaves either the old site or the new one in place, never neither.
    if exchange(staging, output).is_ok() {
        return fs::remove_dir_all(staging).map_err(|e| BuildError::io(staging, e));
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if old.exists() {
        fs::remove_dir_all(&old).map_err(|e| BuildError::io(&old, e))?;
    }
    fs::rename(output, &old).map_err(|e| BuildError::io(output, e))?;
    if let Err(e) = fs::rename(staging, output) {
        // Put the previous site back before reporting.
        let _ = fs::rename(&old, output);
        return Err(BuildError::io(output, e));
    }
    fs::remove_dir_all(&old).map_err(|e| BuildError::io(&old, e))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let to_c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
    };
    let (ca, cb) = (to_c(a)?, to_c(b)?);
    // SAFETY: both pointers are valid NUL-terminated strings for the call's duration.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere (or on file systems without the exchange) two renames do it.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Removes leftovers of builds that were killed before they could clean up.
fn clean_stale_siblings(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.tmp-"), format!(".{name}.old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
        else {
            continue;
        };
        // A folder of a build that is still running (another process) is left alone.
        if pid.parse::<u32>().is_ok_and(process_is_alive) {
            continue;
        }
        let _ = fs::remove_dir_all(entry.path());
    }
}

fn process_is_alive(pid: u32) -> bool {
    pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_output_folder() {
        for bad in [
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a\\b",
            "C:/x",
            "a\0b",
            "",
            "a//b",
            "aux.html",
            "a/.",
        ] {
            assert!(!is_safe_relative_path(bad), "{bad:?}");
        }
        for good in [
            "index.html",
            "news/kiem-tra/index.html",
            "data/news.json",
            "news/x/ảnh.jpg",
        ] {
            assert!(is_safe_relative_path(good), "{good:?}");
        }
    }
}
