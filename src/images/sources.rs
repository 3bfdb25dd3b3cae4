//! Source pictures already read: what a build learned of a picture file (its
//! cache key and its header), kept in the cache folder under the file's path
//! and the settings, so that a rebuild does not read and hash every unchanged
//! picture again to find its entry. It encodes nothing and decides nothing
//! about a picture; `publish` asks it first and tells it what it found.
//!
//! A memo is trusted only while the file's stamp (length, modification and
//! change times, inode and device) is exactly as it was when the file was
//! read; the change time moves on every write and cannot be set back by
//! tools such as `touch`, so an edited picture is always read again. A file
//! whose stamp is younger than `RACY` when it was read is not remembered: a
//! write in the same clock tick as the read would leave the same stamp (the
//! "racily clean" case git knows), so it is read again at the next build.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::settings::FORMAT_VERSION;
use super::{CacheKey, ImageCache, ImageSettings, PictureInfo};

/// The folder of the cache that holds the memos.
pub(super) const SOURCES_DIR: &str = "sources";
/// A stamp this recent may still change without looking changed.
const RACY: Duration = Duration::from_secs(2);
/// A memo is a few hundred bytes; anything bigger is not ours.
const MEMO_LIMIT: u64 = 1 << 12;

/// What the file system says of a file, enough to tell that it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stamp {
    len: u64,
    /// Nanoseconds since 1970.
    modified: i128,
    changed: i128,
    inode: u64,
    device: u64,
}

impl Stamp {
    pub fn of(path: &Path) -> std::io::Result<Stamp> {
        let meta = fs::metadata(path)?;
        let modified = meta.modified().map_or(0, nanos);
        Ok(platform_stamp(&meta, modified))
    }

    /// Whether the file was written or changed less than `RACY` before `now`.
    fn is_recent(&self, now: SystemTime) -> bool {
        let now = nanos(now);
        let newest = self.modified.max(self.changed);
        now - newest < RACY.as_nanos() as i128
    }
}

#[cfg(unix)]
fn platform_stamp(meta: &fs::Metadata, modified: i128) -> Stamp {
    use std::os::unix::fs::MetadataExt;
    Stamp {
        len: meta.len(),
        modified,
        changed: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
        inode: meta.ino(),
        device: meta.dev(),
    }
}

#[cfg(not(unix))]
fn platform_stamp(meta: &fs::Metadata, modified: i128) -> Stamp {
    Stamp {
        len: meta.len(),
        modified,
        changed: modified,
        inode: 0,
        device: 0,
    }
}

fn nanos(time: SystemTime) -> i128 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_nanos() as i128,
        Err(before) => -(before.duration().as_nanos() as i128),
    }
}

/// One memo file: the stamp the file had when it was read, and what it gave.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Memo {
    format_version: u32,
    stamp: Stamp,
    key: String,
    info: PictureInfo,
}

impl ImageCache {
    /// The key and header of the picture at `path`, when it was read by an
    /// earlier build with these settings and has not changed since.
    pub(super) fn recall(
        &self,
        path: &Path,
        settings: &ImageSettings,
    ) -> Option<(CacheKey, PictureInfo)> {
        let now = Stamp::of(path).ok()?;
        let memo_path = self.memo_path(path, settings);
        let memo = read_memo(&memo_path)?;
        if memo.format_version != FORMAT_VERSION || memo.stamp != now {
            return None;
        }
        let key = CacheKey::from_hex(&memo.key)?;
        self.saw_memo(&memo_path, key);
        Some((key, memo.info))
    }

    /// Notes that the memo at `path` holds `key`, for `prune_memos`.
    fn saw_memo(&self, path: &Path, key: CacheKey) {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return;
        };
        let mut seen = self.memos_seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.insert(name.to_string(), key);
    }

    /// Remembers what the picture at `path` gave, read at `read_at` while its
    /// stamp was `read`, unless it changed since or was too recent then to
    /// trust. Best effort: a memo not written only means reading it again.
    pub(super) fn remember(
        &self,
        path: &Path,
        settings: &ImageSettings,
        read: Stamp,
        found: (CacheKey, PictureInfo),
        read_at: SystemTime,
    ) {
        let still = Stamp::of(path).is_ok_and(|s| s == read);
        if !still || read.is_recent(read_at) {
            return;
        }
        let memo = Memo {
            format_version: FORMAT_VERSION,
            stamp: read,
            key: found.0.to_hex(),
            info: found.1,
        };
        let Ok(text) = serde_json::to_vec(&memo) else {
            return;
        };
        let target = self.memo_path(path, settings);
        let temp = target.with_extension(format!("tmp-{}", std::process::id()));
        let written = fs::create_dir_all(self.root().join(SOURCES_DIR))
            .and_then(|()| fs::write(&temp, text))
            .and_then(|()| fs::rename(&temp, &target));
        match written {
            Ok(()) => self.saw_memo(&target, found.0),
            Err(_) => {
                let _ = fs::remove_file(&temp);
            }
        }
    }

    /// A memo's file: named by the file's path and the settings' fingerprint,
    /// so a picture moved or other settings get a memo of their own.
    fn memo_path(&self, path: &Path, settings: &ImageSettings) -> PathBuf {
        let fingerprint = settings.fingerprint();
        let mut hasher = blake3::Hasher::new_derive_key("minhbach picture source memo");
        hasher.update(&(fingerprint.len() as u64).to_le_bytes());
        hasher.update(fingerprint.as_bytes());
        hasher.update(path.as_os_str().as_encoded_bytes());
        let name = format!("{}.json", hasher.finalize().to_hex());
        self.root().join(SOURCES_DIR).join(name)
    }

    /// Removes the memos of entries that are gone (or not in `kept`), and any
    /// file of the memo folder that is not a memo. Returns how many went.
    /// A memo this handle trusted or wrote is judged by the key it held then,
    /// without reading it again: at worst one changed since by another build
    /// is kept, and its stamp is checked before it is ever trusted.
    pub(super) fn prune_memos(&self, kept: &dyn Fn(&CacheKey) -> bool) -> usize {
        let Ok(listing) = fs::read_dir(self.root().join(SOURCES_DIR)) else {
            return 0;
        };
        let seen = std::mem::take(&mut *self.memos_seen.lock().unwrap_or_else(|e| e.into_inner()));
        let mut removed = 0;
        for item in listing.flatten() {
            let path = item.path();
            let known = item
                .file_name()
                .to_str()
                .and_then(|name| seen.get(name))
                .copied();
            let wanted = known
                .or_else(|| read_memo(&path).and_then(|memo| CacheKey::from_hex(&memo.key)))
                .is_some_and(|key| kept(&key));
            if !wanted && fs::remove_file(&path).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

fn read_memo(path: &Path) -> Option<Memo> {
    let (text, _) = super::cache::read_small(path, MEMO_LIMIT)?;
    serde_json::from_slice(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::{probe, Probe};

    fn info_of(bytes: &[u8]) -> PictureInfo {
        match probe(bytes).unwrap() {
            Probe::Picture(info) => info,
            Probe::PassThrough(kind) => panic!("{kind:?}"),
        }
    }

    /// A cache in a new folder, the default settings and a small JPEG.
    fn setup() -> (tempfile::TempDir, ImageCache, ImageSettings, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let cache = ImageCache::new(dir.path().join("cache"));
        let photo = crate::images::fixtures::photo_like(40, 30);
        let bytes = crate::images::fixtures::jpeg(&photo, 90);
        (dir, cache, ImageSettings::default(), bytes)
    }

    fn later() -> SystemTime {
        SystemTime::now() + Duration::from_secs(10)
    }

    /// Writes `bytes` to `name` in `dir` and remembers it as read well before
    /// now; its path and key.
    fn remembered(
        dir: &Path,
        cache: &ImageCache,
        settings: &ImageSettings,
        name: &str,
        bytes: &[u8],
    ) -> (PathBuf, CacheKey) {
        let path = dir.join(name);
        fs::write(&path, bytes).unwrap();
        let key = CacheKey::for_picture(bytes, settings);
        let stamp = Stamp::of(&path).unwrap();
        cache.remember(&path, settings, stamp, (key, info_of(bytes)), later());
        (path, key)
    }

    #[test]
    fn a_remembered_picture_is_recalled_until_its_file_changes() {
        let (dir, cache, settings, bytes) = setup();
        let (path, key) = remembered(dir.path(), &cache, &settings, "anh.jpg", &bytes);
        assert_eq!(cache.recall(&path, &settings), Some((key, info_of(&bytes))));

        let other = ImageSettings::new(vec![100], 80, 75).unwrap();
        assert_eq!(
            cache.recall(&path, &other),
            None,
            "other settings, other memo"
        );

        // Same length, other bytes: the change time moved, so it is read again.
        let mut edited = bytes.clone();
        let last = edited.len() - 3;
        edited[last] ^= 0xff;
        fs::write(&path, &edited).unwrap();
        assert_eq!(cache.recall(&path, &settings), None);
    }

    #[test]
    fn a_file_read_in_the_last_moments_is_not_remembered() {
        let (dir, cache, settings, bytes) = setup();
        let path = dir.path().join("anh.jpg");
        fs::write(&path, &bytes).unwrap();
        let found = (CacheKey::for_picture(&bytes, &settings), info_of(&bytes));
        let stamp = Stamp::of(&path).unwrap();
        cache.remember(&path, &settings, stamp, found, SystemTime::now());
        assert_eq!(cache.recall(&path, &settings), None);
        assert!(!cache.memo_path(&path, &settings).exists());
        // Nor one that changed between its reading and the memo (a recall
        // would miss it anyway: the memo must not even be written).
        fs::write(&path, b"changed").unwrap();
        cache.remember(&path, &settings, stamp, found, later());
        assert!(!cache.memo_path(&path, &settings).exists());
    }

    #[test]
    fn memos_of_entries_not_kept_and_foreign_files_are_pruned() {
        let (dir, cache, settings, bytes) = setup();
        let mut keys = Vec::new();
        for name in ["a.jpg", "b.jpg"] {
            let mut own = bytes.clone();
            own.extend_from_slice(name.as_bytes());
            keys.push(remembered(dir.path(), &cache, &settings, name, &own).1);
        }
        fs::write(cache.root().join(SOURCES_DIR).join("x.json"), b"{}").unwrap();
        // Another handle (the next build) reads each memo to know its key.
        let next = ImageCache::new(cache.root());
        assert_eq!(next.prune_memos(&|k| *k == keys[0]), 2);
        assert!(cache.recall(&dir.path().join("a.jpg"), &settings).is_some());
        assert!(cache.recall(&dir.path().join("b.jpg"), &settings).is_none());
    }

    /// The handle that wrote or trusted a memo prunes it by the key it knew
    /// (here the file no longer says it: a fresh handle removes it).
    #[test]
    fn memos_this_handle_knows_are_pruned_without_reading_them() {
        let (dir, cache, settings, bytes) = setup();
        let (path, key) = remembered(dir.path(), &cache, &settings, "a.jpg", &bytes);
        let memo = cache.memo_path(&path, &settings);
        fs::write(&memo, b"not a memo").unwrap();
        assert_eq!(cache.prune_memos(&|k| *k == key), 0);
        assert!(memo.exists());
        assert_eq!(ImageCache::new(cache.root()).prune_memos(&|k| *k == key), 1);
        assert!(!memo.exists());
    }
}
