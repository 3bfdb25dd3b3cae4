//! The picture cache: one folder per picture-and-settings key, made in a temp
//! folder and renamed into place, checked before use, pruned after a build. It encodes nothing.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use super::manifest::{Expected, FileRecord, Manifest, MANIFEST_FILE};
use super::settings::FORMAT_VERSION;
use super::{Format, ImageError, ImageSettings};

/// A temp or trash folder older than this belongs to a build that died.
const STALE_TEMP: Duration = Duration::from_secs(3600);
/// A manifest lists a few files; anything bigger is not ours.
const MANIFEST_LIMIT: u64 = 1 << 20;
/// Tries to move an entry into place while others race for the same key.
const PLACE_ATTEMPTS: usize = 4;

/// BLAKE3 of the picture's bytes, the settings fingerprint and the format version.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CacheKey([u8; 32]);

impl CacheKey {
    pub fn for_picture(bytes: &[u8], settings: &ImageSettings) -> Self {
        let fingerprint = settings.fingerprint();
        let mut hasher = blake3::Hasher::new_derive_key("minhbach picture cache key");
        hasher.update(&FORMAT_VERSION.to_le_bytes());
        hasher.update(&(fingerprint.len() as u64).to_le_bytes());
        hasher.update(fingerprint.as_bytes());
        hasher.update(bytes);
        CacheKey(*hasher.finalize().as_bytes())
    }

    /// 64 lowercase hex digits: the entry's folder name.
    pub fn to_hex(&self) -> String {
        blake3::Hash::from_bytes(self.0).to_hex().to_string()
    }

    pub fn from_hex(text: &str) -> Option<Self> {
        let canonical =
            text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        let hash = blake3::Hash::from_hex(text).ok().filter(|_| canonical)?;
        Some(CacheKey(*hash.as_bytes()))
    }
}

impl fmt::Display for CacheKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for CacheKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CacheKey({})", self.to_hex())
    }
}

/// A file of a new entry, before it is written.
pub(super) struct NewFile {
    pub file: String,
    pub format: Format,
    pub size: (u32, u32),
    pub bytes: Vec<u8>,
}

impl NewFile {
    fn record(&self) -> FileRecord {
        FileRecord::new(self.file.clone(), self.format, self.size, &self.bytes)
    }
}

pub(super) struct NewEntry {
    pub variants: Vec<NewFile>,
    pub original: NewFile,
}

/// What `prune` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PruneReport {
    pub kept: usize,
    pub removed: usize,
}

/// A cache folder. Shared by reference between threads; it holds no state
/// but counters and what it learned of its memos, so two builds may use one
/// folder at once.
#[derive(Debug)]
pub struct ImageCache {
    root: PathBuf,
    encoded: AtomicUsize,
    read: AtomicUsize,
    sequence: AtomicU64,
    /// The memos this handle trusted or wrote, by file name, with their key:
    /// pruning need not read them again.
    pub(super) memos_seen: std::sync::Mutex<std::collections::HashMap<String, CacheKey>>,
}

impl ImageCache {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ImageCache {
            root: root.into(),
            encoded: AtomicUsize::new(0),
            read: AtomicUsize::new(0),
            sequence: AtomicU64::new(0),
            memos_seen: Default::default(),
        }
    }

    /// The cache of the site at `site_root`, where its settings put it.
    pub fn for_site(site_root: &Path, settings: &ImageSettings) -> Self {
        ImageCache::new(settings.cache_dir(site_root))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How many pictures were encoded through this handle: a rebuild with
    /// nothing changed encodes none.
    pub fn pictures_encoded(&self) -> usize {
        self.encoded.load(Ordering::Relaxed)
    }

    /// How many picture files were read and hashed through this handle by
    /// `publish_file` and `cached_file`: a rebuild with nothing changed
    /// reads none that an earlier build remembered.
    pub fn pictures_read(&self) -> usize {
        self.read.load(Ordering::Relaxed)
    }

    pub(super) fn count_read(&self) {
        self.read.fetch_add(1, Ordering::Relaxed);
    }

    pub fn entry_dir(&self, key: &CacheKey) -> PathBuf {
        self.root.join(key.to_hex())
    }

    /// The entry's manifest when the entry is whole: the manifest fits the
    /// plan and every file has its recorded length and checksum. Anything
    /// else, a truncated file or a foreign folder, is a miss and is remade.
    pub(super) fn lookup(&self, expected: &Expected) -> Option<Manifest> {
        let dir = self.entry_dir(&expected.key);
        let (text, meta) = read_small(&dir.join(MANIFEST_FILE), MANIFEST_LIMIT)?;
        let manifest = Manifest::parse_for(&text, expected)?;
        let written = meta.modified().ok()?;
        let whole = manifest
            .records()
            .all(|record| entry_file_is_whole(&dir.join(&record.file), record, written));
        whole.then_some(manifest)
    }

    /// Writes a new entry so that no reader ever sees it half-made: files
    /// and manifest go to a temp folder that is then renamed to the key.
    pub(super) fn store(
        &self,
        expected: &Expected,
        entry: NewEntry,
    ) -> Result<Manifest, ImageError> {
        let manifest = Manifest {
            format_version: FORMAT_VERSION,
            key: expected.key.to_hex(),
            variants: entry.variants.iter().map(NewFile::record).collect(),
            original: entry.original.record(),
        };
        self.encoded.fetch_add(1, Ordering::Relaxed);
        let temp = self.new_temp_dir(&expected.key)?;
        let placed = write_entry(&temp, &entry, &manifest)
            .and_then(|()| self.place(&temp, expected, manifest));
        if placed.is_err() {
            // Best effort: a leftover temp folder is pruned later anyway.
            let _ = fs::remove_dir_all(&temp);
        }
        placed
    }

    fn unique_name(&self, kind: &str, key: &CacheKey) -> PathBuf {
        let n = self.sequence.fetch_add(1, Ordering::Relaxed);
        self.root
            .join(format!(".{kind}-{key}-{}-{n}", std::process::id()))
    }

    fn new_temp_dir(&self, key: &CacheKey) -> Result<PathBuf, ImageError> {
        fs::create_dir_all(&self.root).map_err(|e| ImageError::cache("create", &self.root, e))?;
        loop {
            let path = self.unique_name("tmp", key);
            match fs::create_dir(&path) {
                Ok(()) => return Ok(path),
                // Another handle on the same folder in this process drew the same number.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(ImageError::cache("create", path, e)),
            }
        }
    }

    /// Renames the temp folder to the key. When the key is taken, a whole
    /// entry (another thread's) is used instead of ours; a broken one is
    /// moved aside and the rename tried again.
    fn place(
        &self,
        temp: &Path,
        expected: &Expected,
        ours: Manifest,
    ) -> Result<Manifest, ImageError> {
        let dest = self.entry_dir(&expected.key);
        let mut last_error = None;
        for _ in 0..PLACE_ATTEMPTS {
            match fs::rename(temp, &dest) {
                Ok(()) => return Ok(ours),
                Err(e) if fs::symlink_metadata(&dest).is_err() => {
                    return Err(ImageError::cache("move into place", &dest, e));
                }
                Err(e) => last_error = Some(e),
            }
            if let Some(theirs) = self.lookup(expected) {
                let _ = fs::remove_dir_all(temp);
                return Ok(theirs);
            }
            self.discard(&dest, &expected.key)?;
        }
        let error = last_error.unwrap_or_else(|| io::Error::other("the entry kept being replaced"));
        Err(ImageError::cache("move into place", dest, error))
    }

    fn discard(&self, path: &Path, key: &CacheKey) -> Result<(), ImageError> {
        let trash = self.unique_name("trash", key);
        match fs::rename(path, &trash) {
            Ok(()) => {
                remove_any(&trash);
                Ok(())
            }
            // Someone else moved it first.
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(ImageError::cache("move aside", path, e)),
        }
    }

    /// Removes every entry whose key is not in `used`, and temp folders left
    /// by builds that died. Only names this cache makes are touched, so a
    /// cache folder set to a shared place loses nothing else. Call it after
    /// a whole build, when no other build is using the folder: their
    /// entries are not in `used`.
    pub fn prune<'a>(
        &self,
        used: impl IntoIterator<Item = &'a CacheKey>,
    ) -> Result<PruneReport, ImageError> {
        let used: HashSet<CacheKey> = used.into_iter().copied().collect();
        let mut report = PruneReport::default();
        let listing = match fs::read_dir(&self.root) {
            Ok(listing) => listing,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(report),
            Err(e) => return Err(ImageError::cache("list", &self.root, e)),
        };
        for item in listing {
            let item = item.map_err(|e| ImageError::cache("list", &self.root, e))?;
            let name = item.file_name();
            let name = name.to_string_lossy();
            let remove = match CacheKey::from_hex(&name) {
                Some(key) if used.contains(&key) => {
                    report.kept += 1;
                    false
                }
                Some(_) => true,
                None => is_temp_name(&name) && is_stale(&item.path()),
            };
            if remove {
                remove_any(&item.path());
                report.removed += 1;
            }
        }
        self.prune_memos(&|key| used.contains(key));
        Ok(report)
    }
}

/// No fsync: after a crash a file may be short or empty, which `lookup`'s
/// checksums catch, and the entry is made again.
fn write_entry(dir: &Path, entry: &NewEntry, manifest: &Manifest) -> Result<(), ImageError> {
    for file in entry
        .variants
        .iter()
        .chain(std::iter::once(&entry.original))
    {
        let path = dir.join(&file.file);
        fs::write(&path, &file.bytes).map_err(|e| ImageError::cache("write", path, e))?;
    }
    // Last, so a folder with a manifest has all its files.
    let path = dir.join(MANIFEST_FILE);
    fs::write(&path, manifest.to_json()).map_err(|e| ImageError::cache("write", path, e))
}

fn is_temp_name(name: &str) -> bool {
    name.starts_with(".tmp-") || name.starts_with(".trash-")
}

fn is_stale(path: &Path) -> bool {
    let modified = fs::symlink_metadata(path).and_then(|m| m.modified());
    let age = modified
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok());
    age.is_some_and(|age| age > STALE_TEMP)
}

/// Best effort: what cannot be removed now is tried again at the next prune.
fn remove_any(path: &Path) {
    let is_dir = fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    let _ = if is_dir {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    };
}

/// An entry's file is whole when it has its recorded length and was last
/// written no later than the manifest (files are written first, the manifest
/// last, and never again): then its bytes are trusted without reading them,
/// which keeps a rebuild from hashing every published picture again. A file
/// changed since (written into through a hard link of the output, say) is
/// read and checked against its checksum.
fn entry_file_is_whole(path: &Path, record: &FileRecord, manifest_written: SystemTime) -> bool {
    let Ok(meta) = fs::metadata(path) else {
        return false;
    };
    if meta.len() != record.bytes {
        return false;
    }
    if meta.modified().is_ok_and(|m| m <= manifest_written) {
        return true;
    }
    fs::read(path).is_ok_and(|bytes| record.matches(&bytes))
}

/// A small cache file, read whole with its metadata; None when it is missing,
/// unreadable or longer than `limit`. Its length sizes the buffer: a `Read`
/// that knows no length reads in a run of growing small reads, which for
/// 600 pictures was 13,000 system calls of every cached build.
pub(super) fn read_small(path: &Path, limit: u64) -> Option<(Vec<u8>, fs::Metadata)> {
    let mut file = fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if meta.len() > limit {
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).ok()? + 1);
    file.by_ref().take(limit).read_to_end(&mut bytes).ok()?;
    Some((bytes, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_follows_the_bytes_and_the_settings() {
        let settings = ImageSettings::default();
        let key = CacheKey::for_picture(b"picture", &settings);
        assert_eq!(key, CacheKey::for_picture(b"picture", &settings));
        assert_ne!(key, CacheKey::for_picture(b"picturf", &settings));
        let other = ImageSettings::new(vec![360], 80, 75).unwrap();
        assert_ne!(key, CacheKey::for_picture(b"picture", &other));
    }

    #[test]
    fn a_key_reads_back_from_its_folder_name_and_nothing_else_does() {
        let key = CacheKey::for_picture(b"x", &ImageSettings::default());
        assert_eq!(CacheKey::from_hex(&key.to_hex()), Some(key));
        assert_eq!(CacheKey::from_hex(&key.to_hex().to_uppercase()), None);
        assert_eq!(CacheKey::from_hex(".tmp-abc"), None);
        assert_eq!(CacheKey::from_hex(&key.to_hex()[1..]), None);
    }

    #[test]
    fn pruning_a_missing_folder_is_not_an_error() {
        let cache = ImageCache::new("/nonexistent/minhbach-picture-cache");
        assert_eq!(cache.prune(&[]).unwrap(), PruneReport::default());
    }

    #[test]
    fn pruning_leaves_foreign_files_and_fresh_temp_folders_alone() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ImageCache::new(dir.path());
        fs::write(dir.path().join("README"), "mine").unwrap();
        fs::create_dir(dir.path().join(".tmp-in-progress")).unwrap();
        let unused = CacheKey::for_picture(b"old", &ImageSettings::default());
        fs::create_dir(cache.entry_dir(&unused)).unwrap();
        let report = cache.prune(&[]).unwrap();
        assert_eq!(
            report,
            PruneReport {
                kept: 0,
                removed: 1
            }
        );
        assert!(dir.path().join("README").exists());
        assert!(dir.path().join(".tmp-in-progress").exists());
        assert!(!cache.entry_dir(&unused).exists());
    }
}
