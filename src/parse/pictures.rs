//! Publishing the pictures of a page bundle while its file is parsed, so the
//! body's `<picture>` markup and every error about a picture come with the
//! file's other findings. Each picture file is published once per build,
//! however many languages' files show it (`index.md`, `index.en.md`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::error::{Diagnostic, Fix};
use crate::frontmatter::fields::Reader;
use crate::frontmatter::KeyPath;
use crate::images::{self, CacheKey, ImageCache, ImageSettings, Publication, Published};
use crate::load::{Asset, SourceFile};

/// What a picture file gave: its publication, `None` for one shown as it is
/// (not JPEG, PNG or WebP, or not resized yet), or why it cannot be published.
type Outcome = Result<Option<Published>, String>;

/// How a run treats a picture that is not in the cache yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// `build`, `check`: encode it now.
    Now,
    /// `serve`: show the original now and note it (see `Pictures::waiting`),
    /// so a reload never waits for a resize.
    Later,
}

/// The build's publisher of pictures: settings, cache, and what each picture
/// file gave so far in this run. Shared by the parser's worker threads.
#[derive(Debug)]
pub struct Pictures {
    settings: ImageSettings,
    cache: ImageCache,
    encoding: Encoding,
    done: Mutex<HashMap<PathBuf, Arc<OnceLock<Outcome>>>>,
    waiting: Mutex<BTreeSet<PathBuf>>,
}

/// Two runs with equal settings parse every file alike: the parse cache keys on this.
impl PartialEq for Pictures {
    fn eq(&self, other: &Self) -> bool {
        self.settings == other.settings && self.encoding == other.encoding
    }
}

impl Eq for Pictures {}

impl std::hash::Hash for Pictures {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.settings.fingerprint().hash(h);
        self.encoding.hash(h);
    }
}

/// JPEG, PNG and WebP: the pictures that get resized copies.
pub fn is_resizable(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

impl Pictures {
    pub fn new(site_root: &Path, settings: &ImageSettings, encoding: Encoding) -> Self {
        Pictures {
            settings: settings.clone(),
            cache: ImageCache::for_site(site_root, settings),
            encoding,
            done: Mutex::default(),
            waiting: Mutex::default(),
        }
    }

    pub fn cache(&self) -> &ImageCache {
        &self.cache
    }

    /// Pictures encoded in this run (none when every one was in the cache).
    pub fn encoded(&self) -> usize {
        self.cache.pictures_encoded()
    }

    /// The cache keys of every picture published in this run: what pruning keeps.
    pub fn used_keys(&self) -> Vec<CacheKey> {
        let done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        done.values()
            .filter_map(|cell| cell.get())
            .filter_map(|outcome| outcome.as_ref().ok()?.as_ref().map(|p| p.key))
            .collect()
    }

    /// Forgets what each picture file gave, for a run that may find them
    /// changed (`serve`'s next rebuild); the cache stays.
    pub fn forget(&self) {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        done.clear();
    }

    /// Picture files shown as their original because they were not in the
    /// cache (`Encoding::Later`); taken, so each is handed out once.
    pub fn take_waiting(&self) -> Vec<PathBuf> {
        let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut *waiting).into_iter().collect()
    }

    /// Publishes one picture file now, whatever the encoding (serve's
    /// background job); `Err` says why it cannot be published.
    pub fn publish_now(&self, disk_path: &Path, name: &str) -> Result<(), String> {
        images::publish_file(disk_path, name, &self.settings, &self.cache)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    fn outcome(&self, asset: &Asset, name: &str) -> Outcome {
        let cell = {
            let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(done.entry(asset.disk_path.clone()).or_default())
        };
        // Another thread publishing the same file (its translation) is waited for.
        cell.get_or_init(|| self.publish(asset, name)).clone()
    }

    fn publish(&self, asset: &Asset, name: &str) -> Outcome {
        let (path, settings, cache) = (&asset.disk_path, &self.settings, &self.cache);
        let found = match self.encoding {
            Encoding::Now => images::publish_file(path, name, settings, cache).map(Some),
            Encoding::Later => images::cached_file(path, name, settings, cache),
        };
        match found {
            Ok(Some(Publication::Resized(published))) => Ok(Some(published)),
            Ok(Some(Publication::Untouched(_))) => Ok(None),
            Ok(None) => {
                let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
                waiting.insert(asset.disk_path.clone());
                Ok(None)
            }
            Err(err) => Err(err.to_string()),
        }
    }

    /// Every JPEG, PNG and WebP of `source`'s bundle, published in parallel.
    pub fn of_bundle(&self, source: &SourceFile) -> BundlePictures {
        let outcomes = source
            .assets
            .par_iter()
            .filter_map(|asset| {
                let name = asset.rel_path.to_string_lossy().replace('\\', "/");
                is_resizable(&name).then(|| {
                    let outcome = self.outcome(asset, &name);
                    (name, outcome)
                })
            })
            .collect();
        BundlePictures {
            file: source.rel_path.clone(),
            bundle: source.bundle_dir.is_some(),
            assets: source.assets.iter().map(|a| a.rel_path.clone()).collect(),
            outcomes,
            reported: Mutex::default(),
        }
    }
}

/// The pictures of one file's bundle, and which failures were reported at
/// the key that shows them.
pub struct BundlePictures {
    file: PathBuf,
    /// A bundle's `index.md`: a picture it names must be one of its files.
    bundle: bool,
    assets: BTreeSet<PathBuf>,
    outcomes: BTreeMap<String, Outcome>,
    reported: Mutex<BTreeSet<String>>,
}

impl BundlePictures {
    /// No bundle, no pictures (a plain `x.md`, or no publisher).
    pub fn none(source: &SourceFile) -> Self {
        BundlePictures {
            file: source.rel_path.clone(),
            bundle: source.bundle_dir.is_some(),
            assets: source.assets.iter().map(|a| a.rel_path.clone()).collect(),
            outcomes: BTreeMap::new(),
            reported: Mutex::default(),
        }
    }

    /// A bundle-relative name as written (`anh.jpg`, `./anh.jpg`).
    fn name(src: &str) -> &str {
        src.trim_start_matches("./")
    }

    /// Whether `src` names a file the bundle lacks (a plain `x.md` has no
    /// bundle to check: its relative pictures are left as written).
    pub fn lacks_file(&self, src: &str) -> bool {
        self.bundle && !self.assets.contains(Path::new(Self::name(src)))
    }

    /// The published picture `src` names; an error at `key` when it cannot be published.
    pub fn shown_at_key(&self, r: &mut Reader, key: &KeyPath, src: &str) -> Option<&Published> {
        match self.lookup(src)? {
            Ok(found) => found.as_ref(),
            Err(reason) => {
                r.error(key, Fix::Picture, format!("picture {src:?}: {reason}"));
                None
            }
        }
    }

    /// Like `shown_at_key`, for a picture of the body at `line`.
    pub fn shown_in_body(
        &self,
        src: &str,
        line: usize,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<&Published> {
        match self.lookup(src)? {
            Ok(found) => found.as_ref(),
            Err(reason) => {
                errors.push(
                    Diagnostic::error(
                        &self.file,
                        line,
                        Fix::Picture,
                        format!("picture {src:?}: {reason}"),
                    )
                    .with_key("body"),
                );
                None
            }
        }
    }

    fn lookup(&self, src: &str) -> Option<&Outcome> {
        let name = Self::name(src);
        let outcome = self.outcomes.get(name)?;
        if outcome.is_err() {
            let mut reported = self.reported.lock().unwrap_or_else(|e| e.into_inner());
            reported.insert(name.to_string());
        }
        Some(outcome)
    }

    /// Errors for the bundle's pictures that no key shows: each would be
    /// published as it is, metadata and all.
    pub fn unshown_errors(&self) -> Vec<Diagnostic> {
        let reported = self.reported.lock().unwrap_or_else(|e| e.into_inner());
        self.outcomes
            .iter()
            .filter(|(name, _)| !reported.contains(*name))
            .filter_map(|(name, outcome)| {
                let reason = outcome.as_ref().err()?;
                Some(Diagnostic::error(
                    &self.file,
                    1,
                    Fix::Picture,
                    format!("bundle picture {name:?}: {reason}"),
                ))
            })
            .collect()
    }

    /// The published picture `src` names, reporting nothing.
    pub fn published(&self, src: &str) -> Option<&Published> {
        self.outcomes.get(Self::name(src))?.as_ref().ok()?.as_ref()
    }

    /// The published ones, for the model.
    pub fn all_published(&self) -> BTreeMap<String, Published> {
        self.outcomes
            .iter()
            .filter_map(|(name, o)| Some((name.clone(), o.as_ref().ok()?.clone()?)))
            .collect()
    }
}
