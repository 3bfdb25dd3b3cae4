//! The picture pipeline's settings (`site.yaml` `images:`): widths, qualities, cache folder, pixel limit.
//! It reads no file and makes no picture; its fingerprint goes into every cache key.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::ImageError;

/// Bumped whenever the same picture and settings would give other bytes (an
/// encoder upgrade, another filter, file naming, the manifest's layout), so a
/// cache made by an older build is never taken for this one's.
pub const FORMAT_VERSION: u32 = 1;

pub const DEFAULT_WIDTHS: [u32; 3] = [360, 720, 1200];
pub const DEFAULT_JPEG_QUALITY: u8 = 80;
/// libwebp's own default; at 75 a WebP photo looks like a JPEG at about 85.
pub const DEFAULT_WEBP_QUALITY: u8 = 75;
/// Decoding allocates 3-8 bytes a pixel before anything can be checked, so a
/// small file claiming a huge size (a decompression bomb) is refused first.
pub const DEFAULT_MAX_PIXELS: u64 = 100_000_000;
/// WebP stores sizes in 14 bits; no copy can be wider than this.
pub const MAX_WIDTH: u32 = 16_383;

/// Validated settings: widths sorted, deduplicated, each 1..=16383.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawSettings")]
pub struct ImageSettings {
    widths: Vec<u32>,
    jpeg_quality: u8,
    webp_quality: u8,
    cache: Option<PathBuf>,
    max_pixels: u64,
}

/// What `site.yaml` may say, before it is checked.
#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawSettings {
    widths: Vec<u32>,
    jpeg_quality: u8,
    webp_quality: u8,
    cache: Option<PathBuf>,
    max_pixels: u64,
}

impl Default for RawSettings {
    fn default() -> Self {
        RawSettings {
            widths: DEFAULT_WIDTHS.to_vec(),
            jpeg_quality: DEFAULT_JPEG_QUALITY,
            webp_quality: DEFAULT_WEBP_QUALITY,
            cache: None,
            max_pixels: DEFAULT_MAX_PIXELS,
        }
    }
}

impl TryFrom<RawSettings> for ImageSettings {
    type Error = ImageError;

    fn try_from(raw: RawSettings) -> Result<Self, ImageError> {
        if raw.max_pixels == 0 {
            return Err(settings_error("`max_pixels` must be at least 1"));
        }
        let settings = ImageSettings::new(raw.widths, raw.jpeg_quality, raw.webp_quality)?;
        Ok(settings
            .with_cache(raw.cache)
            .with_max_pixels(raw.max_pixels))
    }
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: DEFAULT_WIDTHS.to_vec(),
            jpeg_quality: DEFAULT_JPEG_QUALITY,
            webp_quality: DEFAULT_WEBP_QUALITY,
            cache: None,
            max_pixels: DEFAULT_MAX_PIXELS,
        }
    }
}

impl ImageSettings {
    /// Widths in any order (repeats dropped); JPEG quality 1-100, WebP 0-100.
    pub fn new(widths: Vec<u32>, jpeg_quality: u8, webp_quality: u8) -> Result<Self, ImageError> {
        let mut widths = widths;
        widths.sort_unstable();
        widths.dedup();
        if widths.is_empty() {
            return Err(settings_error("`widths` must list at least one width"));
        }
        if let Some(bad) = widths.iter().find(|w| !(1..=MAX_WIDTH).contains(*w)) {
            return Err(settings_error(&format!(
                "width {bad} is not between 1 and {MAX_WIDTH} pixels"
            )));
        }
        if !(1..=100).contains(&jpeg_quality) {
            return Err(settings_error("`jpeg_quality` must be between 1 and 100"));
        }
        if webp_quality > 100 {
            return Err(settings_error("`webp_quality` must be between 0 and 100"));
        }
        Ok(ImageSettings {
            widths,
            jpeg_quality,
            webp_quality,
            ..ImageSettings::default()
        })
    }

    /// The cache folder as written in `site.yaml`; relative to the site root.
    pub fn with_cache(mut self, cache: Option<PathBuf>) -> Self {
        self.cache = cache;
        self
    }

    /// Raises or lowers the decompression-bomb guard (never below one pixel).
    pub fn with_max_pixels(mut self, max_pixels: u64) -> Self {
        self.max_pixels = max_pixels.max(1);
        self
    }

    pub fn widths(&self) -> &[u32] {
        &self.widths
    }

    pub fn jpeg_quality(&self) -> u8 {
        self.jpeg_quality
    }

    pub fn webp_quality(&self) -> u8 {
        self.webp_quality
    }

    pub fn max_pixels(&self) -> u64 {
        self.max_pixels
    }

    /// Where the cache lives for a site at `root`: `ROOT/.cache/images` unless
    /// `images.cache` says otherwise.
    pub fn cache_dir(&self, root: &Path) -> PathBuf {
        match &self.cache {
            None => root.join(".cache").join("images"),
            Some(path) if path.is_absolute() => path.clone(),
            Some(path) => root.join(path),
        }
    }

    /// Everything that changes the bytes made from a picture. The cache folder
    /// and the pixel limit change no byte, so a moved cache stays valid.
    pub fn fingerprint(&self) -> String {
        let widths: Vec<String> = self.widths.iter().map(u32::to_string).collect();
        format!(
            "widths={};jpeg={};webp={}",
            widths.join(","),
            self.jpeg_quality,
            self.webp_quality
        )
    }
}

fn settings_error(reason: &str) -> ImageError {
    ImageError::Settings {
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_sorted_and_repeats_dropped() {
        let settings = ImageSettings::new(vec![1200, 360, 720, 360], 80, 75).unwrap();
        assert_eq!(settings.widths(), &[360, 720, 1200]);
    }

    #[test]
    fn zero_empty_or_oversized_widths_are_refused() {
        assert!(ImageSettings::new(vec![], 80, 75).is_err());
        assert!(ImageSettings::new(vec![0, 360], 80, 75).is_err());
        assert!(ImageSettings::new(vec![20_000], 80, 75).is_err());
    }

    #[test]
    fn qualities_out_of_range_are_refused() {
        assert!(ImageSettings::new(vec![360], 0, 75).is_err());
        assert!(ImageSettings::new(vec![360], 101, 75).is_err());
        assert!(ImageSettings::new(vec![360], 80, 101).is_err());
    }

    #[test]
    fn an_empty_images_section_gives_the_defaults() {
        let settings: ImageSettings = serde_yaml::from_str("{}").unwrap();
        assert_eq!(settings, ImageSettings::default());
        assert_eq!(settings.widths(), &DEFAULT_WIDTHS);
    }

    #[test]
    fn yaml_widths_are_normalised_and_unknown_keys_refused() {
        let settings: ImageSettings = serde_yaml::from_str("widths: [720, 360]\n").unwrap();
        assert_eq!(settings.widths(), &[360, 720]);
        assert!(serde_yaml::from_str::<ImageSettings>("width: [720]\n").is_err());
        assert!(serde_yaml::from_str::<ImageSettings>("widths: [0]\n").is_err());
    }

    #[test]
    fn the_cache_folder_defaults_to_dot_cache_images_under_the_root() {
        let root = Path::new("/site");
        let default = ImageSettings::default();
        assert_eq!(default.cache_dir(root), Path::new("/site/.cache/images"));
        let relative = default.clone().with_cache(Some("tmp/pics".into()));
        assert_eq!(relative.cache_dir(root), Path::new("/site/tmp/pics"));
        let absolute = default.with_cache(Some("/var/cache/pics".into()));
        assert_eq!(absolute.cache_dir(root), Path::new("/var/cache/pics"));
    }

    #[test]
    fn the_fingerprint_follows_widths_and_qualities_but_not_the_cache_folder() {
        let base = ImageSettings::default();
        let moved = base.clone().with_cache(Some("elsewhere".into()));
        assert_eq!(base.fingerprint(), moved.fingerprint());
        let other_widths = ImageSettings::new(vec![360, 720], 80, 75).unwrap();
        let other_quality = ImageSettings::new(DEFAULT_WIDTHS.to_vec(), 81, 75).unwrap();
        assert_ne!(base.fingerprint(), other_widths.fingerprint());
        assert_ne!(base.fingerprint(), other_quality.fingerprint());
    }
}
