//! What publishing a picture gives the renderer: every copy's name, size and
//! place in the cache, and `srcset` text. It writes no HTML and copies no file.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::manifest::{FileRecord, Manifest};
use super::{CacheKey, Format, ImageError, PassThrough};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Publication {
    /// SVG or GIF: publish the bundle's file as it is, untouched.
    Untouched(PassThrough),
    Resized(Published),
}

impl Publication {
    pub fn resized(&self) -> Option<&Published> {
        match self {
            Publication::Resized(published) => Some(published),
            Publication::Untouched(_) => None,
        }
    }
}

/// One file to publish next to the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedFile {
    /// Where it goes, relative to the page: `anh/cau-720w.webp` for `anh/cau.jpg`.
    pub file_name: String,
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    /// Its bytes, in the cache; valid until the cache is pruned.
    pub path: PathBuf,
}

/// A JPEG, PNG or WebP as published: resized copies and the cleaned original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// For `ImageCache::prune`: the keys a build used are the ones it keeps.
    pub key: CacheKey,
    pub format: Format,
    /// The size it is shown at (after EXIF orientation).
    pub width: u32,
    pub height: u32,
    /// By width, narrowest first, WebP before the original format at each
    /// width. Empty for an animated WebP or PNG, whose copies would be still.
    pub variants: Vec<PublishedFile>,
    /// The original, under its own name, without metadata.
    pub original: PublishedFile,
}

impl Published {
    pub(super) fn from_manifest(
        name: &str,
        key: CacheKey,
        dir: &Path,
        manifest: &Manifest,
    ) -> Self {
        let file = |record: &FileRecord, file_name: String| PublishedFile {
            file_name,
            format: record.format,
            width: record.width,
            height: record.height,
            bytes: record.bytes,
            path: dir.join(&record.file),
        };
        let original = &manifest.original;
        Published {
            key,
            format: original.format,
            width: original.width,
            height: original.height,
            variants: manifest
                .variants
                .iter()
                .map(|r| file(r, variant_name(name, r.width, r.format)))
                .collect(),
            original: file(original, name.to_string()),
        }
    }

    /// The copies in one format, narrowest first.
    pub fn variants_in(&self, format: Format) -> impl Iterator<Item = &PublishedFile> {
        self.variants.iter().filter(move |v| v.format == format)
    }

    /// `srcset` text for one format: `PREFIXcau-360w.webp 360w, ...`, names
    /// percent-encoded so a space or comma in a name cannot split a candidate.
    pub fn srcset(&self, format: Format, url_prefix: &str) -> String {
        let mut text = String::new();
        for (n, variant) in self.variants_in(format).enumerate() {
            let separator = if n == 0 { "" } else { ", " };
            let url = url_path(&variant.file_name);
            // Writing into a String cannot fail.
            let _ = write!(text, "{separator}{url_prefix}{url} {}w", variant.width);
        }
        text
    }

    /// For `<source type="image/webp" srcset=...>`.
    pub fn webp_srcset(&self, url_prefix: &str) -> String {
        self.srcset(Format::Webp, url_prefix)
    }

    /// For the `<img srcset=...>` fallback: copies in the original's format.
    pub fn fallback_srcset(&self, url_prefix: &str) -> String {
        self.srcset(self.format, url_prefix)
    }

    /// For `<img src>`: the widest copy in the original's format, or the
    /// cleaned original itself when there are no copies.
    pub fn fallback(&self) -> &PublishedFile {
        self.variants_in(self.format)
            .last()
            .unwrap_or(&self.original)
    }

    /// Everything to copy next to the page.
    pub fn files(&self) -> impl Iterator<Item = &PublishedFile> {
        self.variants.iter().chain(std::iter::once(&self.original))
    }
}

/// A bundle-relative name with `/` separators, no empty, `.` or `..` part.
pub(super) fn check_name(name: &str) -> Result<(), ImageError> {
    let plain = !name.is_empty()
        && !name.contains(['\\', '\0'])
        && name.split('/').all(|part| !matches!(part, "" | "." | ".."));
    if plain {
        Ok(())
    } else {
        Err(ImageError::Name {
            name: name.to_string(),
        })
    }
}

/// `anh/cau.jpeg` at 720 in WebP is `anh/cau-720w.webp`.
pub(super) fn variant_name(name: &str, width: u32, format: Format) -> String {
    let file_start = name.rfind('/').map_or(0, |i| i + 1);
    let stem_end = match name[file_start..].rfind('.') {
        Some(dot) if dot > 0 => file_start + dot,
        _ => name.len(),
    };
    format!("{}-{width}w.{}", &name[..stem_end], format.extension())
}

/// Percent-encodes all but unreserved characters and `/`.
fn url_path(name: &str) -> String {
    let mut url = String::with_capacity(name.len());
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            url.push(char::from(byte));
        } else {
            let _ = write!(url, "%{byte:02X}");
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(file_name: &str, format: Format, width: u32) -> PublishedFile {
        PublishedFile {
            file_name: file_name.to_string(),
            format,
            width,
            height: width / 2,
            bytes: 1,
            path: PathBuf::from("/cache").join(file_name),
        }
    }

    fn published(format: Format, variants: Vec<PublishedFile>) -> Published {
        Published {
            key: CacheKey::for_picture(b"x", &super::super::ImageSettings::default()),
            format,
            width: 1000,
            height: 500,
            variants,
            original: file("cau.jpg", format, 1000),
        }
    }

    #[test]
    fn variant_names_replace_the_extension_and_keep_the_folder() {
        assert_eq!(variant_name("cau.jpeg", 720, Format::Webp), "cau-720w.webp");
        assert_eq!(
            variant_name("anh/cau.JPG", 360, Format::Jpeg),
            "anh/cau-360w.jpg"
        );
        assert_eq!(
            variant_name("v1.2/cau", 360, Format::Png),
            "v1.2/cau-360w.png"
        );
        assert_eq!(
            variant_name(".hidden", 360, Format::Png),
            ".hidden-360w.png"
        );
    }

    #[test]
    fn names_outside_the_bundle_are_refused() {
        for bad in [
            "",
            "/etc/x.jpg",
            "../x.jpg",
            "a/../x.jpg",
            "a//x.jpg",
            "a\\x.jpg",
            "./x.jpg",
        ] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
        assert!(check_name("anh/ảnh đẹp.jpg").is_ok());
    }

    #[test]
    fn srcset_lists_one_format_narrowest_first_with_names_encoded() {
        let p = published(
            Format::Jpeg,
            vec![
                file("ảnh, 1-360w.webp", Format::Webp, 360),
                file("ảnh, 1-360w.jpg", Format::Jpeg, 360),
                file("ảnh, 1-720w.webp", Format::Webp, 720),
                file("ảnh, 1-720w.jpg", Format::Jpeg, 720),
            ],
        );
        assert_eq!(
            p.webp_srcset("/news/a/"),
            "/news/a/%E1%BA%A3nh%2C%201-360w.webp 360w, /news/a/%E1%BA%A3nh%2C%201-720w.webp 720w"
        );
        assert_eq!(
            p.fallback_srcset(""),
            "%E1%BA%A3nh%2C%201-360w.jpg 360w, %E1%BA%A3nh%2C%201-720w.jpg 720w"
        );
        assert_eq!(p.fallback().width, 720);
        assert_eq!(p.files().count(), 5);
    }

    #[test]
    fn a_picture_without_copies_falls_back_to_its_original() {
        let p = published(Format::Webp, vec![]);
        assert_eq!(p.fallback().file_name, "cau.jpg");
        assert_eq!(p.webp_srcset(""), "");
    }
}
