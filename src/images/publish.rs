//! Publishing one picture of a page bundle: probe it, use its cache entry, or
//! decode, resize and encode every copy in parallel. It writes no HTML and no output folder.

use std::path::Path;
use std::time::SystemTime;

use rayon::prelude::*;

use super::cache::{NewEntry, NewFile};
use super::encode::{self, Quality};
use super::manifest::Expected;
use super::pixels::{self, Decoded, Pixels};
use super::plan::{planned_copies, PlannedCopy};
use super::published::check_name;
use super::sources::Stamp;
use super::{
    clean, probe, CacheKey, ImageCache, ImageError, ImageSettings, Probe, Publication, Published,
};

/// Publishes the picture `bytes`, named `name` inside its page bundle
/// (`cau.jpg`, `anh/cau.jpg`). Safe to call from many threads at once, with
/// one shared cache; a picture already in the cache is not decoded at all.
pub fn publish(
    bytes: &[u8],
    name: &str,
    settings: &ImageSettings,
    cache: &ImageCache,
) -> Result<Publication, ImageError> {
    let expected = match expected(bytes, name, settings)? {
        Err(untouched) => return Ok(untouched),
        Ok(expected) => expected,
    };
    let manifest = match cache.lookup(&expected) {
        Some(manifest) => manifest,
        None => cache.store(&expected, make_entry(bytes, &expected, settings)?)?,
    };
    Ok(from_cache(name, &expected, cache, &manifest))
}

/// Like [`publish`], but never decodes or encodes: `None` when the cache
/// has no whole entry for the picture yet (`serve` shows the original then,
/// and publishes it in the background).
pub fn cached(
    bytes: &[u8],
    name: &str,
    settings: &ImageSettings,
    cache: &ImageCache,
) -> Result<Option<Publication>, ImageError> {
    let expected = match expected(bytes, name, settings)? {
        Err(untouched) => return Ok(Some(untouched)),
        Ok(expected) => expected,
    };
    Ok(cache
        .lookup(&expected)
        .map(|manifest| from_cache(name, &expected, cache, &manifest)))
}

/// What the cache entry of a picture must hold; `Err` for one published untouched.
fn expected(
    bytes: &[u8],
    name: &str,
    settings: &ImageSettings,
) -> Result<Result<Expected, Publication>, ImageError> {
    check_name(name)?;
    let info = match probe(bytes)? {
        Probe::PassThrough(kind) => return Ok(Err(Publication::Untouched(kind))),
        Probe::Picture(info) => info,
    };
    let key = CacheKey::for_picture(bytes, settings);
    Ok(Ok(expected_for(key, info, settings)))
}

fn expected_for(key: CacheKey, info: super::PictureInfo, settings: &ImageSettings) -> Expected {
    let copies = if info.animated {
        Vec::new()
    } else {
        planned_copies(&info, settings.widths())
    };
    Expected { key, info, copies }
}

/// Like [`publish`], for the picture file at `path`: one an earlier build
/// read, unchanged since (`sources`) and whole in the cache, is not read.
pub fn publish_file(
    path: &Path,
    name: &str,
    settings: &ImageSettings,
    cache: &ImageCache,
) -> Result<Publication, ImageError> {
    let missing = match from_file(path, name, settings, cache)? {
        Ok(found) => return Ok(found),
        Err(missing) => missing,
    };
    let entry = make_entry(&missing.bytes, &missing.expected, settings)?;
    let manifest = cache.store(&missing.expected, entry)?;
    Ok(missing.remembered(path, name, settings, cache, &manifest))
}

/// Like [`cached`], for the picture file at `path`, read only when no
/// earlier build left a memo of it (see [`publish_file`]).
pub fn cached_file(
    path: &Path,
    name: &str,
    settings: &ImageSettings,
    cache: &ImageCache,
) -> Result<Option<Publication>, ImageError> {
    Ok(from_file(path, name, settings, cache)?.ok())
}

/// A picture read from its file with no whole entry in the cache yet.
struct Missing {
    bytes: Vec<u8>,
    expected: Expected,
    /// The file's stamp before it was read, and when it was read: a stamp
    /// too close to that moment is not trusted later.
    stamp: Stamp,
    read_at: SystemTime,
}

impl Missing {
    fn remembered(
        &self,
        path: &Path,
        name: &str,
        settings: &ImageSettings,
        cache: &ImageCache,
        manifest: &super::manifest::Manifest,
    ) -> Publication {
        let found = (self.expected.key, self.expected.info);
        cache.remember(path, settings, self.stamp, found, self.read_at);
        from_cache(name, &self.expected, cache, manifest)
    }
}

/// The picture at `path` from the cache, by its memo or by its bytes; `Err`
/// with what was read when the cache has no whole entry for it.
fn from_file(
    path: &Path,
    name: &str,
    settings: &ImageSettings,
    cache: &ImageCache,
) -> Result<Result<Publication, Missing>, ImageError> {
    check_name(name)?;
    if let Some(found) = recalled(path, name, settings, cache) {
        return Ok(Ok(found));
    }
    let stamp = Stamp::of(path).map_err(ImageError::read)?;
    let bytes = std::fs::read(path).map_err(ImageError::read)?;
    let read_at = SystemTime::now();
    cache.count_read();
    let expected = match expected(&bytes, name, settings)? {
        Err(untouched) => return Ok(Ok(untouched)),
        Ok(expected) => expected,
    };
    let missing = Missing {
        bytes,
        expected,
        stamp,
        read_at,
    };
    Ok(match cache.lookup(&missing.expected) {
        Some(manifest) => Ok(missing.remembered(path, name, settings, cache, &manifest)),
        None => Err(missing),
    })
}

/// The picture at `path` by its memo alone, when its entry is whole.
fn recalled(
    path: &Path,
    name: &str,
    settings: &ImageSettings,
    cache: &ImageCache,
) -> Option<Publication> {
    let (key, info) = cache.recall(path, settings)?;
    let expected = expected_for(key, info, settings);
    let manifest = cache.lookup(&expected)?;
    Some(from_cache(name, &expected, cache, &manifest))
}

fn from_cache(
    name: &str,
    expected: &Expected,
    cache: &ImageCache,
    manifest: &super::manifest::Manifest,
) -> Publication {
    let dir = cache.entry_dir(&expected.key);
    Publication::Resized(Published::from_manifest(name, expected.key, &dir, manifest))
}

/// Every file of a new cache entry. The container is checked (and cleaned)
/// before decoding, so a file cut short is reported as such even where a
/// lenient decoder would show grey in place of the missing rows.
fn make_entry(
    bytes: &[u8],
    expected: &Expected,
    settings: &ImageSettings,
) -> Result<NewEntry, ImageError> {
    let info = &expected.info;
    if info.pixels() > settings.max_pixels() {
        return Err(ImageError::TooLarge {
            width: info.width(),
            height: info.height(),
            max_pixels: settings.max_pixels(),
        });
    }
    let stripped = clean::stripped(bytes, info.format)?;
    let original = |bytes: Vec<u8>| NewFile {
        file: expected.original_file(),
        format: info.format,
        size: (info.width(), info.height()),
        bytes,
    };
    if info.animated {
        // Re-encoding would keep one frame; the original is published as it is, cleaned.
        return Ok(NewEntry {
            variants: Vec::new(),
            original: original(stripped),
        });
    }
    let decoded = pixels::decode(bytes, info, settings.max_pixels())?;
    let (cleaned, variants) = rayon::join(
        || {
            if clean::needs_turning(info) {
                clean::turned(info, &decoded, clean::is_lossless_webp(bytes, info.format))
            } else {
                Ok(stripped)
            }
        },
        || make_variants(&decoded, &expected.copies, settings),
    );
    Ok(NewEntry {
        variants: variants?,
        original: original(cleaned?),
    })
}

/// Copies of one width share one resize. The widest is resized from the
/// original and the narrower ones from it: Lanczos3 from 1200 px looks the
/// same at 360 as from 4000, for a tenth of the work.
fn make_variants(
    decoded: &Decoded,
    copies: &[PlannedCopy],
    settings: &ImageSettings,
) -> Result<Vec<NewFile>, ImageError> {
    let quality = Quality {
        jpeg: settings.jpeg_quality(),
        webp: settings.webp_quality(),
        webp_lossless: false,
    };
    let icc = decoded.icc.as_deref();
    let by_width: Vec<&[PlannedCopy]> = copies.chunk_by(|a, b| a.width == b.width).collect();
    let Some((widest, narrower)) = by_width.split_last() else {
        return Ok(Vec::new());
    };
    let widest_pixels = resize_to(&decoded.pixels, widest)?;
    let (narrower_files, widest_files) = rayon::join(
        || {
            narrower
                .par_iter()
                .map(|same_width| {
                    let resized = resize_to(&widest_pixels, same_width)?;
                    encode_all(&resized, same_width, quality, icc)
                })
                .collect::<Result<Vec<_>, ImageError>>()
        },
        || encode_all(&widest_pixels, widest, quality, icc),
    );
    let mut files: Vec<NewFile> = narrower_files?.into_iter().flatten().collect();
    files.extend(widest_files?);
    Ok(files)
}

/// `copies` all have one size.
fn resize_to(source: &Pixels, copies: &[PlannedCopy]) -> Result<Pixels, ImageError> {
    match copies.first() {
        Some(copy) => pixels::resize(source, copy.width, copy.height),
        None => Ok(source.clone()),
    }
}

fn encode_all(
    resized: &Pixels,
    copies: &[PlannedCopy],
    quality: Quality,
    icc: Option<&[u8]>,
) -> Result<Vec<NewFile>, ImageError> {
    copies
        .par_iter()
        .map(|copy| encode_copy(resized, copy, quality, icc))
        .collect()
}

fn encode_copy(
    resized: &Pixels,
    copy: &PlannedCopy,
    quality: Quality,
    icc: Option<&[u8]>,
) -> Result<NewFile, ImageError> {
    let bytes = encode::encode(resized, copy.format, quality, icc).map_err(|reason| {
        ImageError::Encode {
            copy: format!("{} {}w", copy.format, copy.width),
            reason,
        }
    })?;
    Ok(NewFile {
        file: copy.cache_file(),
        format: copy.format,
        size: (copy.width, copy.height),
        bytes,
    })
}
