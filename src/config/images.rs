//! `images:` in site.yaml: the widths, qualities and cache folder of the
//! picture pipeline, each wrong value reported at its own line and key.

use std::path::PathBuf;

use crate::error::Fix;
use crate::frontmatter::fields::{Fields, Reader};
use crate::images::{ImageSettings, DEFAULT_JPEG_QUALITY, DEFAULT_WEBP_QUALITY, DEFAULT_WIDTHS};

pub(super) const KNOWN: &[&str] = &[
    "widths",
    "cache",
    "jpeg_quality",
    "webp_quality",
    "max_pixels",
];

/// The settings `images:` gives, the defaults where it says nothing; `None`
/// after an error (already reported).
pub(super) fn read_images(f: &Fields, r: &mut Reader) -> Option<ImageSettings> {
    if f.get("images").is_none() || f.is_null("images") {
        return Some(ImageSettings::default());
    }
    let map = f.mapping(r, "images")?;
    let path = f.path("images");
    let fi = Fields::new(map, &path);
    fi.warn_unknown(r, KNOWN);
    // Every key is read before giving up, so one run reports each bad one.
    let widths = read_widths(&fi, r);
    let jpeg = read_quality(&fi, r, "jpeg_quality", 1, DEFAULT_JPEG_QUALITY);
    let webp = read_quality(&fi, r, "webp_quality", 0, DEFAULT_WEBP_QUALITY);
    let cache = fi.text(r, "cache", false).map(PathBuf::from);
    if cache.as_ref().is_some_and(|c| c.as_os_str().is_empty()) {
        r.error(
            &fi.path("cache"),
            Fix::Setting,
            "expected a folder, found an empty text",
        );
        return None;
    }
    let max_pixels = match fi.number(r, "max_pixels", false) {
        None => crate::images::DEFAULT_MAX_PIXELS,
        Some(n) if n >= 1.0 && n.fract() == 0.0 && n < 1e15 => n as u64,
        Some(n) => {
            r.error(
                &fi.path("max_pixels"),
                Fix::Number,
                format!("expected a whole number of pixels of 1 or more, found {n}"),
            );
            return None;
        }
    };
    match ImageSettings::new(widths?, jpeg?, webp?) {
        Ok(settings) => Some(settings.with_cache(cache).with_max_pixels(max_pixels)),
        Err(err) => {
            r.error(&fi.path("widths"), Fix::Number, err.to_string());
            None
        }
    }
}

fn read_widths(fi: &Fields, r: &mut Reader) -> Option<Vec<u32>> {
    if !fi.has("widths") {
        return Some(DEFAULT_WIDTHS.to_vec());
    }
    let items = fi.sequence(r, "widths")?;
    let mut widths = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let width = crate::frontmatter::fields::number_of(item).filter(|n| {
            n.fract() == 0.0 && (1.0..=f64::from(crate::images::MAX_WIDTH)).contains(n)
        });
        match width {
            Some(n) => widths.push(n as u32),
            None => {
                r.error(
                    &fi.path("widths").index(i),
                    Fix::Number,
                    format!(
                        "expected a width in pixels from 1 to {}, found {}",
                        crate::images::MAX_WIDTH,
                        crate::frontmatter::describe(item)
                    ),
                );
                ok = false;
            }
        }
    }
    if ok && widths.is_empty() {
        r.error(
            &fi.path("widths"),
            Fix::Number,
            "expected at least one width, like [360, 720, 1200]",
        );
        ok = false;
    }
    ok.then_some(widths)
}

fn read_quality(fi: &Fields, r: &mut Reader, key: &str, lowest: u8, default: u8) -> Option<u8> {
    match fi.number(r, key, false) {
        None if fi.has(key) => None,
        None => Some(default),
        Some(n) if n.fract() == 0.0 && (f64::from(lowest)..=100.0).contains(&n) => Some(n as u8),
        Some(n) => {
            r.error(
                &fi.path(key),
                Fix::Number,
                format!("expected a quality from {lowest} to 100, found {n}"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::parse_config;

    fn errors(yaml: &str) -> Vec<String> {
        let text = format!("title: T\nbase_url: https://x.vn\n{yaml}");
        parse_config(&text)
            .1
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn no_images_section_gives_the_defaults() {
        let (config, _) = parse_config("title: T\nbase_url: https://x.vn\n");
        let images = config.unwrap().images;
        assert_eq!(images.widths(), &[360, 720, 1200]);
        assert_eq!(
            images.cache_dir(std::path::Path::new("/s")),
            std::path::Path::new("/s/.cache/images")
        );
    }

    #[test]
    fn widths_qualities_and_cache_are_read() {
        let text = "title: T\nbase_url: https://x.vn\nimages:\n  widths: [720, 320]\n  jpeg_quality: 70\n  cache: tmp/pics\n";
        let (config, diags) = parse_config(text);
        assert!(diags.is_empty(), "{diags:?}");
        let images = config.unwrap().images;
        assert_eq!(images.widths(), &[320, 720]);
        assert_eq!(images.jpeg_quality(), 70);
        assert_eq!(
            images.cache_dir(std::path::Path::new("/s")),
            std::path::Path::new("/s/tmp/pics")
        );
    }

    #[test]
    fn bad_values_name_their_line_and_key() {
        assert_eq!(
            errors("images:\n  widths: [360, 0, big]\n  jpeg_quality: 101\n"),
            [
                "error: site.yaml:4:11: `images.widths[1]`: expected a width in pixels from 1 to 16383, found 0",
                "error: site.yaml:4:11: `images.widths[2]`: expected a width in pixels from 1 to 16383, found \"big\"",
                "error: site.yaml:5:17: `images.jpeg_quality`: expected a quality from 1 to 100, found 101",
            ]
        );
        assert_eq!(
            errors("images:\n  widths: []\n"),
            ["error: site.yaml:4:11: `images.widths`: expected at least one width, like [360, 720, 1200]"]
        );
    }
}
