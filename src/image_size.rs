//! A picture's size in pixels, read from its file header (or an SVG's root
//! element), so `<img>` gets `width` and `height` and the page does not jump
//! while it loads. It never decodes, resizes or converts a picture.

use std::io::Read;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::load::Asset;

/// An SVG's root element is near its start; a comment or a long `<?xml ...?>`
/// prologue may come first.
const SVG_HEAD_BYTES: u64 = 16 * 1024;

/// Width and height in CSS pixels, or `None` when the file is missing, not a
/// picture, or does not say (an SVG sized in `%` or `em`).
pub fn pixel_size(path: &Path) -> Option<(u32, u32)> {
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        let mut head = Vec::new();
        std::fs::File::open(path)
            .ok()?
            .take(SVG_HEAD_BYTES)
            .read_to_end(&mut head)
            .ok()?;
        svg_size(&String::from_utf8_lossy(&head))
    } else {
        let size = imagesize::size(path).ok()?;
        let width = u32::try_from(size.width).ok()?;
        let height = u32::try_from(size.height).ok()?;
        (width > 0 && height > 0).then_some((width, height))
    }
}

/// The size of a page bundle's picture named as the page writes it
/// (`anh.jpg`, `./anh.jpg`); `None` for anything that is not one of its files,
/// so a body cannot make the build read outside its bundle.
pub fn bundle_picture_size(assets: &[Asset], src: &str) -> Option<(u32, u32)> {
    let wanted = Path::new(src.trim_start_matches("./"));
    let asset = assets.iter().find(|a| a.rel_path == wanted)?;
    pixel_size(&asset.disk_path)
}

static SVG_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<svg\b([^>]*)>").expect("valid regex"));
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)\b(width|height|viewBox)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)
        .expect("valid regex")
});

/// The size an SVG declares: its `width` and `height` in pixels, else its
/// `viewBox`, one completing the other when only one length is given.
pub fn svg_size(text: &str) -> Option<(u32, u32)> {
    let attributes = SVG_TAG.captures(text)?.get(1)?.as_str();
    let (mut width, mut height, mut view_box) = (None, None, None);
    for found in ATTRIBUTE.captures_iter(attributes) {
        let value = found.get(2).or_else(|| found.get(3)).map(|m| m.as_str());
        match (&found[1], value) {
            ("width", Some(v)) => width = pixels(v),
            ("height", Some(v)) => height = pixels(v),
            ("viewBox", Some(v)) => view_box = view_box_size(v),
            _ => {}
        }
    }
    let (w, h) = match (width, height, view_box) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(size)) => size,
        _ => return None,
    };
    let round = |x: f64| (0.5..100_000.0).contains(&x).then(|| x.round() as u32);
    Some((round(w)?, round(h)?))
}

/// `640`, `640px` or `640.5` are pixels; `100%` or `20em` are not known here.
fn pixels(value: &str) -> Option<f64> {
    let value = value.trim();
    let number = value.strip_suffix("px").unwrap_or(value).trim();
    number.parse::<f64>().ok().filter(|n| *n > 0.0)
}

fn view_box_size(value: &str) -> Option<(f64, f64)> {
    let numbers: Vec<f64> = value
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match numbers.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 => Some((*w, *h)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_width_and_height_in_pixels() {
        let svg = r#"<?xml version="1.0"?><!-- x --><svg xmlns="http://www.w3.org/2000/svg" width="640px" height='340'>"#;
        assert_eq!(svg_size(svg), Some((640, 340)));
    }

    #[test]
    fn falls_back_to_the_view_box() {
        assert_eq!(
            svg_size(r#"<svg viewBox="0 0 300 150" width="100%">"#),
            Some((300, 150))
        );
        assert_eq!(
            svg_size(r#"<svg viewBox="0,0,300,150" width="600">"#),
            Some((600, 300))
        );
    }

    #[test]
    fn gives_up_on_relative_sizes_without_a_view_box() {
        assert_eq!(svg_size(r#"<svg width="100%" height="20em">"#), None);
        assert_eq!(svg_size("not a picture"), None);
    }

    #[test]
    fn reads_a_png_header() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.png");
        // Signature, then the IHDR chunk: length 13, type, width 3, height 2.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x03\0\0\0\x02".to_vec();
        png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        std::fs::write(&path, png).expect("write");
        assert_eq!(pixel_size(&path), Some((3, 2)));
        assert_eq!(pixel_size(&dir.path().join("missing.png")), None);
    }
}
