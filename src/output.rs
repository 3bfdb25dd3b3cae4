//! The in-memory output tree and its atomic swap into the output folder.
//! Every path is checked here, so nothing is ever written outside the folder.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rayon::prelude::*;

use crate::error::BuildError;

#[derive(Debug, Clone)]
pub enum Content {
    Bytes(Vec<u8>),
    /// Bytes shared with another tree: a rebuild keeps unchanged pages without copying them.
    Shared(Arc<Vec<u8>>),
    /// A file copied as is (bundle assets).
    Copy(PathBuf),
    /// A file of a cache that is never written again once made (a picture's
    /// copies): hard-linked into the output where the file system allows,
    /// instead of copying its bytes on every build.
    Link(PathBuf),
    /// Already written into the staging folder while rendering (see `Staging::write_now`).
    Written,
}

impl Content {
    /// The bytes, unless they are still on disk (`Copy`).
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Content::Bytes(b) => Some(b),
            Content::Shared(b) => Some(b),
            Content::Copy(_) | Content::Link(_) | Content::Written => None,
        }
    }

    /// The bytes, read from disk for a `Copy`.
    pub fn load(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            Content::Copy(source) | Content::Link(source) => {
                fs::read(source).map(std::borrow::Cow::Owned)
            }
            Content::Written => Err(std::io::Error::other("already written")),
            other => Ok(std::borrow::Cow::Borrowed(
                other.bytes().unwrap_or_default(),
            )),
        }
    }
}

/// Where a file made beside the pages (open data, the search index) goes as
/// soon as it is made: into the staging folder while building, so a large
/// site's data is never all in memory at once; kept in memory for `serve`.
pub trait FileSink: Sync {
    /// Takes a file at a safe relative path; returns what the tree keeps for it.
    fn keep(&self, path: &str, bytes: Vec<u8>) -> Content;
}

/// Keeps every file's bytes in the tree (`serve`, `check`, tests).
pub struct InMemory;

impl FileSink for InMemory {
    fn keep(&self, _path: &str, bytes: Vec<u8>) -> Content {
        Content::Bytes(bytes)
    }
}

impl FileSink for Staging {
    fn keep(&self, path: &str, bytes: Vec<u8>) -> Content {
        self.write_file_now(path, bytes)
    }
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

    /// Adds a file through `sink` (see `FileSink`); refuses an unsafe path as `add` does.
    pub fn add_through(&mut self, sink: &dyn FileSink, path: &str, bytes: Vec<u8>) -> bool {
        if !is_safe_relative_path(path) {
            return false;
        }
        let content = sink.keep(path, bytes);
        self.files.insert(path.to_string(), content);
        true
    }

    /// Takes `other`'s files under `folder` (`""` or `en/`): a language's
    /// files made as if at the root go to its folder.
    pub fn nest(&mut self, folder: &str, other: OutputTree) {
        if folder.is_empty() {
            self.files.extend(other.files);
            return;
        }
        self.files.extend(
            other
                .files
                .into_iter()
                .map(|(path, content)| (format!("{folder}{path}"), content)),
        );
    }

    pub fn get_text(&self, path: &str) -> Option<&str> {
        std::str::from_utf8(self.files.get(path)?.bytes()?).ok()
    }

    /// The same tree with every byte buffer made shareable (moved, not copied).
    pub fn into_shared(mut self) -> OutputTree {
        // In place: rebuilding the map would cost a rebuild at 20,000 pages
        // more than its one changed page.
        for content in self.files.values_mut() {
            if let Content::Bytes(bytes) = content {
                *content = Content::Shared(Arc::new(std::mem::take(bytes)));
            }
        }
        self
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

/// Whether `build` also writes `.gz` and `.br` beside each text file, for
/// hosts that serve precompressed files (GitLab Pages, nginx `gzip_static`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precompress {
    #[default]
    No,
    GzipAndBrotli,
}

/// A test hook, never set in a normal run: where a build stops for a while,
/// so that a test can kill it at a moment it knows (see `cli::Environment`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultPause {
    pub at: PausePoint,
    /// Created when the build reaches the point, holding the staging
    /// folder's path: the test waits for it instead of guessing a delay.
    pub marker: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PausePoint {
    /// Once this many pages are in the staging folder: mid-build.
    AfterPages(usize),
    /// Once the new site is in place, before the old one is deleted.
    AfterSwap,
}

/// Long enough for any test to kill the paused build, short enough that a
/// build left paused by a broken test still ends by itself.
const FAULT_PAUSE: Duration = Duration::from_secs(60);

/// Writes the tree into a temporary sibling of `output`, then swaps it in.
/// A failure at any point leaves `output` as it was.
pub fn write_atomically(
    tree: &OutputTree,
    output: &Path,
    precompress: Precompress,
) -> Result<(), BuildError> {
    Staging::begin(output, precompress)?.finish(tree)
}

/// A temporary sibling of the output folder that a build fills, then swaps in
/// for the output folder. Dropped unfinished, it deletes itself; a build
/// killed before that leaves it for the next build to delete.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    parent: PathBuf,
    name: String,
    precompress: Precompress,
    /// The first failure of `write_now`, reported by `finish`.
    failure: Mutex<Option<BuildError>>,
    finished: bool,
    fault: Option<FaultPause>,
    /// Pages written by `write_now`; counted only when `fault` is set.
    pages_written: AtomicUsize,
}

impl Staging {
    pub fn begin(output: &Path, precompress: Precompress) -> Result<Staging, BuildError> {
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
        let dir = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| BuildError::io(&dir, e))?;
        }
        fs::create_dir_all(&dir).map_err(|e| BuildError::io(&dir, e))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            parent,
            name,
            precompress,
            failure: Mutex::new(None),
            finished: false,
            fault: None,
            pages_written: AtomicUsize::new(0),
        })
    }

    /// Sets the test hook `fault` (`None`: no pause, nothing counted).
    pub fn with_fault(mut self, fault: Option<FaultPause>) -> Staging {
        self.fault = fault;
        self
    }

    /// Writes one file now, so that a build need not hold every page in
    /// memory; what the tree keeps for it is `Content::Written`. A path that
    /// could leave the folder is never written (the caller reports it).
    pub fn write_now(&self, rel: &str, bytes: Vec<u8>) -> Content {
        let content = self.write_file_now(rel, bytes);
        if matches!(content, Content::Written) {
            self.page_written();
        }
        content
    }

    /// `write_now` for a file that is not a page (the fault hook counts pages only).
    fn write_file_now(&self, rel: &str, bytes: Vec<u8>) -> Content {
        if !is_safe_relative_path(rel) {
            return Content::Bytes(bytes);
        }
        let target = self.dir.join(rel);
        let made = match target.parent() {
            Some(dir) => fs::create_dir_all(dir).map_err(|e| BuildError::io(dir, e)),
            None => Ok(()),
        };
        let content = Content::Bytes(bytes);
        let written = made
            .and_then(|()| write_file(&self.dir, &self.output, rel, &content, self.precompress));
        match written {
            Ok(()) => Content::Written,
            Err(err) => {
                let mut failure = self.failure.lock().unwrap_or_else(|p| p.into_inner());
                failure.get_or_insert(err);
                content
            }
        }
    }

    /// Writes the files of `tree` not yet written, then swaps the folder in.
    pub fn finish(mut self, tree: &OutputTree) -> Result<(), BuildError> {
        if let Some(err) = self
            .failure
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            return Err(err);
        }
        write_tree(tree, &self.dir, &self.output, self.precompress)?;
        let old = swap_in(&self.dir, &self.output, &self.parent, &self.name)?;
        self.finished = true;
        if self
            .fault
            .as_ref()
            .is_some_and(|f| f.at == PausePoint::AfterSwap)
        {
            self.pause();
        }
        match old {
            Some(old) => remove_tree(&old).map_err(|e| BuildError::io(&old, e)),
            None => Ok(()),
        }
    }

    /// Counts a page for the fault hook; from the page that makes the count,
    /// every writer pauses, so the folder keeps about that many pages.
    fn page_written(&self) {
        let Some(FaultPause {
            at: PausePoint::AfterPages(pages),
            ..
        }) = &self.fault
        else {
            return;
        };
        // Counted after the write: at `pages`, that many are on disk.
        let written = self.pages_written.fetch_add(1, Ordering::SeqCst) + 1;
        if written >= *pages {
            self.pause();
        }
    }

    /// Creates the marker (once) and sleeps: the test kills the build now.
    fn pause(&self) {
        let Some(fault) = &self.fault else {
            return;
        };
        if !fault.marker.exists() {
            // Written aside and renamed, so the marker is never seen half-written.
            let aside = with_suffix(&fault.marker, ".tmp");
            let text = self.dir.to_string_lossy().into_owned();
            if fs::write(&aside, text).is_ok() {
                let _ = fs::rename(&aside, &fault.marker);
            }
        }
        std::thread::sleep(FAULT_PAUSE);
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn write_tree(
    tree: &OutputTree,
    staging: &Path,
    previous: &Path,
    precompress: Precompress,
) -> Result<(), BuildError> {
    let mut dirs: Vec<PathBuf> = tree
        .files
        .iter()
        .filter(|(_, content)| !matches!(content, Content::Written))
        .filter_map(|(p, _)| Path::new(p).parent().map(|d| staging.join(d)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(|e| BuildError::io(dir, e))?;
    }
    tree.files
        .par_iter()
        .try_for_each(|(rel, content)| write_file(staging, previous, rel, content, precompress))
}

/// Writes `content` at `staging/rel`, or links the file of the previous
/// output when it has the same bytes.
fn write_file(
    staging: &Path,
    previous: &Path,
    rel: &str,
    content: &Content,
    precompress: Precompress,
) -> Result<(), BuildError> {
    if matches!(content, Content::Written) {
        return Ok(());
    }
    let target = staging.join(rel);
    // A cache's file (a picture's copy) is linked as it is, which is the
    // inode the previous output had too: nothing to compare, two `stat`s
    // and a path walk less for each of a portal's thousands of copies.
    if let Content::Link(source) = content {
        if fs::hard_link(source, &target).is_ok() {
            return Ok(());
        }
    }
    // A file whose bytes did not change is linked from the previous output:
    // it keeps its modification time (hosts that sync by mtime skip it)
    // and the file system allocates no new inode.
    let old = previous.join(rel);
    if unchanged(&old, content) && fs::hard_link(&old, &target).is_ok() {
        let compressed_kept = precompress != Precompress::GzipAndBrotli
            || !is_compressible(rel)
            || [".gz", ".br"].iter().all(|suffix| {
                fs::hard_link(with_suffix(&old, suffix), with_suffix(&target, suffix)).is_ok()
            });
        if compressed_kept {
            return Ok(());
        }
        let bytes = content.load().map_err(|e| BuildError::io(&target, e))?;
        return write_compressed(&target, &bytes);
    }
    match content {
        Content::Bytes(_) | Content::Shared(_) => {
            let bytes = content.bytes().unwrap_or_default();
            fs::write(&target, bytes).map_err(|e| BuildError::io(&target, e))?;
        }
        Content::Copy(source) => {
            fs::copy(source, &target).map_err(|e| BuildError::io(source, e))?;
        }
        Content::Link(source) => {
            if fs::hard_link(source, &target).is_err() {
                fs::copy(source, &target).map_err(|e| BuildError::io(source, e))?;
            }
        }
        Content::Written => {}
    }
    if precompress == Precompress::GzipAndBrotli && is_compressible(rel) {
        let bytes = content.load().map_err(|e| BuildError::io(&target, e))?;
        write_compressed(&target, &bytes)?;
    }
    Ok(())
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
        Content::Written => false,
        // The cache's file itself, linked by the last build: nothing to read.
        Content::Link(source) => same_file(&meta, source),
        Content::Copy(source) => {
            fs::metadata(source).is_ok_and(|m| m.len() == meta.len())
                && matches!((fs::read(old), fs::read(source)), (Ok(a), Ok(b)) if a == b)
        }
        other => {
            let bytes = other.bytes().unwrap_or_default();
            meta.len() == bytes.len() as u64 && fs::read(old).is_ok_and(|b| b == bytes)
        }
    }
}

#[cfg(unix)]
fn same_file(meta: &fs::Metadata, other: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(other).is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino())
}

#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, _: &Path) -> bool {
    false
}

/// Text formats a browser asks for compressed; pictures and fonts already are.
pub fn is_compressible(path: &str) -> bool {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        extension.as_deref(),
        Some("html" | "css" | "js" | "mjs" | "xml" | "json" | "csv" | "svg" | "txt")
    )
}

/// Measured on 11 MB of a generated portal's pages: quality 7 leaves 9.7% of
/// the bytes in 0.4 s, 9 leaves 9.4% in 2.5 s, 11 leaves 8.6% in 29 s (gzip
/// at its best: 12.3%). Past 7 each point costs far more than it saves.
const BROTLI_QUALITY: u32 = 7;
const BROTLI_WINDOW_BITS: u32 = 22;

/// `x.html` → `x.html.gz`.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// `x.html.gz` and `x.html.br` beside `x.html`. The gzip header has no time
/// stamp and no file name, so two builds of one site give the same bytes.
fn write_compressed(target: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    let gz_path = with_suffix(target, ".gz");
    let mut gz = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::best(),
    );
    gz.write_all(bytes)
        .map_err(|e| BuildError::io(&gz_path, e))?;
    let gz = gz.finish().map_err(|e| BuildError::io(&gz_path, e))?;
    fs::write(&gz_path, gz).map_err(|e| BuildError::io(&gz_path, e))?;

    let br_path = with_suffix(target, ".br");
    let mut br = brotli::CompressorWriter::new(
        Vec::with_capacity(bytes.len() / 4),
        4096,
        BROTLI_QUALITY,
        BROTLI_WINDOW_BITS,
    );
    br.write_all(bytes)
        .map_err(|e| BuildError::io(&br_path, e))?;
    // `into_inner` writes the end of the stream.
    fs::write(&br_path, br.into_inner()).map_err(|e| BuildError::io(&br_path, e))
}

/// Removes `dir` and everything in it, what its folders hold in parallel:
/// an old output is thousands of files in hundreds of folders (a bundle's
/// pictures), and unlinking in different folders waits on no common lock.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let mut items = Vec::new();
    let mut folders = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            for inner in fs::read_dir(entry.path())? {
                let inner = inner?;
                items.push((inner.path(), inner.file_type()?.is_dir()));
            }
            folders.push(entry.path());
        } else {
            items.push((entry.path(), false));
        }
    }
    items.par_iter().try_for_each(|(path, is_dir)| {
        if *is_dir {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        }
    })?;
    for folder in folders {
        fs::remove_dir(folder)?;
    }
    fs::remove_dir(dir)
}

/// Moves the old output aside and the new one in; gives the folder that
/// now holds the old site (none on a first build), for the caller to delete.
fn swap_in(
    staging: &Path,
    output: &Path,
    parent: &Path,
    name: &str,
) -> Result<Option<PathBuf>, BuildError> {
    if !output.exists() {
        fs::rename(staging, output).map_err(|e| BuildError::io(output, e))?;
        return Ok(None);
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
        return Ok(Some(staging.to_path_buf()));
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
    Ok(Some(old))
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
