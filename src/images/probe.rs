//! Tells what a picture file is and the size it is shown at, from its header
//! and container alone. SVG and GIF are recognised and passed through; nothing is decoded.

use std::fmt;

use image::metadata::Orientation;
use serde::{Deserialize, Serialize};

use super::{jpeg_segments, png_chunks, webp_chunks, ImageError};

/// The picture formats the portal resizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jpeg,
    Png,
    Webp,
}

impl Format {
    /// The extension of copies in this format (`jpg` also for `.jpeg` originals).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Webp => "WebP",
        })
    }
}

/// Pictures published as they are: an SVG scales by itself, and resizing a
/// GIF would drop its animation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassThrough {
    Svg,
    Gif,
}

/// What the header of a JPEG, PNG or WebP says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PictureInfo {
    pub format: Format,
    /// The size of the pixels as stored, before EXIF orientation.
    pub stored_width: u32,
    pub stored_height: u32,
    /// EXIF orientation, 1 (as stored) to 8; 1 when absent or invalid.
    pub orientation: u8,
    /// An animated WebP or PNG (APNG): copies would keep only the first frame.
    pub animated: bool,
}

impl PictureInfo {
    /// Orientations 5-8 turn the picture a quarter, so width and height swap.
    pub fn is_turned_sideways(&self) -> bool {
        self.orientation >= 5
    }

    /// The width the picture is shown at, after EXIF orientation.
    pub fn width(&self) -> u32 {
        if self.is_turned_sideways() {
            self.stored_height
        } else {
            self.stored_width
        }
    }

    pub fn height(&self) -> u32 {
        if self.is_turned_sideways() {
            self.stored_width
        } else {
            self.stored_height
        }
    }

    pub fn pixels(&self) -> u64 {
        u64::from(self.stored_width) * u64::from(self.stored_height)
    }

    pub(super) fn image_orientation(&self) -> Orientation {
        Orientation::from_exif(self.orientation).unwrap_or(Orientation::NoTransforms)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    Picture(PictureInfo),
    PassThrough(PassThrough),
}

/// Reads the format, size and orientation of a picture file's bytes.
pub fn probe(bytes: &[u8]) -> Result<Probe, ImageError> {
    if looks_like_svg(bytes) {
        return Ok(Probe::PassThrough(PassThrough::Svg));
    }
    let format = match imagesize::image_type(bytes) {
        Ok(imagesize::ImageType::Jpeg) => Format::Jpeg,
        Ok(imagesize::ImageType::Png) => Format::Png,
        Ok(imagesize::ImageType::Webp) => Format::Webp,
        Ok(imagesize::ImageType::Gif) => return Ok(Probe::PassThrough(PassThrough::Gif)),
        Ok(imagesize::ImageType::Heif(_)) => {
            return Err(unsupported("HEIF/HEIC; export it as JPEG"))
        }
        Ok(other) => return Err(unsupported(&format!("{other:?}"))),
        Err(_) => return Err(unsupported("no known picture format")),
    };
    let size = imagesize::blob_size(bytes)
        .map_err(|e| ImageError::undecodable(format, format!("unreadable header ({e})")))?;
    let (Ok(stored_width), Ok(stored_height)) =
        (u32::try_from(size.width), u32::try_from(size.height))
    else {
        return Err(ImageError::undecodable(
            format,
            "an impossible size in the header",
        ));
    };
    if stored_width == 0 || stored_height == 0 {
        return Err(ImageError::undecodable(format, "a width or height of 0"));
    }
    let (exif, animated) =
        container_facts(bytes, format).map_err(|e| ImageError::undecodable(format, e))?;
    let orientation = exif
        .and_then(Orientation::from_exif_chunk)
        .map_or(1, Orientation::to_exif);
    Ok(Probe::Picture(PictureInfo {
        format,
        stored_width,
        stored_height,
        orientation,
        animated,
    }))
}

/// The EXIF block and whether the picture is animated, from the container.
fn container_facts(bytes: &[u8], format: Format) -> Result<(Option<&[u8]>, bool), &'static str> {
    match format {
        Format::Jpeg => Ok((jpeg_segments::exif_block(bytes)?, false)),
        Format::Png => png_chunks::header(bytes).map(|h| (h.exif, h.animated)),
        Format::Webp => webp_chunks::header(bytes).map(|h| (h.exif, h.animated)),
    }
}

fn unsupported(found: &str) -> ImageError {
    ImageError::Unsupported {
        found: found.to_string(),
    }
}

/// An SVG is XML whose root is `<svg`, perhaps after a BOM, an XML
/// declaration, comments or a doctype.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    if head.starts_with(b"<svg") {
        return true;
    }
    let prologue =
        head.starts_with(b"<?xml") || head.starts_with(b"<!--") || head.starts_with(b"<!DOCTYPE");
    prologue && head.windows(4).any(|w| w == b"<svg")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::fixtures;

    #[test]
    fn an_orientation_6_photo_of_4000x3000_is_shown_3000x4000() {
        let jpeg =
            fixtures::jpeg_with_metadata(&fixtures::jpeg(&fixtures::quadrants(40, 30), 90), 6);
        let Probe::Picture(info) = probe(&jpeg).unwrap() else {
            panic!("not a picture");
        };
        assert_eq!((info.stored_width, info.stored_height), (40, 30));
        assert_eq!(info.orientation, 6);
        assert_eq!((info.width(), info.height()), (30, 40));
        let big = PictureInfo {
            stored_width: 4000,
            stored_height: 3000,
            ..info
        };
        assert_eq!((big.width(), big.height()), (3000, 4000));
    }

    #[test]
    fn a_picture_without_exif_is_shown_as_stored() {
        let png = fixtures::png(&fixtures::quadrants(40, 30).into());
        let Probe::Picture(info) = probe(&png).unwrap() else {
            panic!("not a picture");
        };
        assert_eq!(info.format, Format::Png);
        assert_eq!((info.orientation, info.width(), info.height()), (1, 40, 30));
    }

    #[test]
    fn svg_and_gif_are_passed_through() {
        let svg =
            b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        assert_eq!(probe(svg).unwrap(), Probe::PassThrough(PassThrough::Svg));
        assert_eq!(
            probe(b"  <svg/>").unwrap(),
            Probe::PassThrough(PassThrough::Svg)
        );
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
        assert_eq!(probe(gif).unwrap(), Probe::PassThrough(PassThrough::Gif));
    }

    #[test]
    fn other_files_are_not_pictures() {
        assert!(matches!(
            probe(b"%PDF-1.7 ..."),
            Err(ImageError::Unsupported { .. })
        ));
        assert!(matches!(probe(b""), Err(ImageError::Unsupported { .. })));
        assert!(matches!(
            probe(b"<html><svg/></html>"),
            Err(ImageError::Unsupported { .. })
        ));
    }

    #[test]
    fn a_broken_header_is_undecodable() {
        let broken = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0";
        assert!(matches!(
            probe(broken),
            Err(ImageError::Undecodable {
                format: Format::Png,
                ..
            })
        ));
    }
}
