//! Pixels of a picture: decoded (JPEG, PNG, WebP) within limits, turned the
//! way EXIF says, and resized with Lanczos3. It writes no file and encodes nothing.

use std::io::Cursor;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::{Format, ImageError, PictureInfo};

/// 8-bit RGB or RGBA rows, top to bottom, in the orientation the picture is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pixels {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub data: Vec<u8>,
}

impl Pixels {
    fn pixel_type(&self) -> PixelType {
        if self.alpha {
            PixelType::U8x4
        } else {
            PixelType::U8x3
        }
    }
}

pub(super) struct Decoded {
    pub pixels: Pixels,
    /// An RGB ICC profile to give the copies; other profiles (CMYK, grey) do
    /// not describe the RGB pixels made from them and are left out.
    pub icc: Option<Vec<u8>>,
}

fn image_format(format: Format) -> ImageFormat {
    match format {
        Format::Jpeg => ImageFormat::Jpeg,
        Format::Png => ImageFormat::Png,
        Format::Webp => ImageFormat::WebP,
    }
}

/// Decodes the picture, refusing more than `max_pixels` before any allocation.
pub(super) fn decode(
    bytes: &[u8],
    info: &PictureInfo,
    max_pixels: u64,
) -> Result<Decoded, ImageError> {
    if info.pixels() > max_pixels {
        return Err(ImageError::TooLarge {
            width: info.width(),
            height: info.height(),
            max_pixels,
        });
    }
    let undecodable = |e: image::ImageError| ImageError::undecodable(info.format, e);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format(info.format));
    let mut limits = Limits::default();
    // 16-bit RGBA is the widest a decoder produces: 8 bytes a pixel, plus room
    // for its own tables.
    limits.max_alloc = Some(max_pixels.saturating_mul(8).saturating_add(64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(undecodable)?;
    let icc = decoder
        .icc_profile()
        .ok()
        .flatten()
        .filter(|p| is_rgb_profile(p));
    let mut image = DynamicImage::from_decoder(decoder).map_err(undecodable)?;
    if (image.width(), image.height()) != (info.stored_width, info.stored_height) {
        return Err(ImageError::undecodable(
            info.format,
            "the header and the pixels disagree on the size",
        ));
    }
    image.apply_orientation(info.image_orientation());
    Ok(Decoded {
        pixels: into_pixels(image),
        icc,
    })
}

/// An ICC header names its colour space at bytes 16-19.
fn is_rgb_profile(profile: &[u8]) -> bool {
    profile.get(16..20) == Some(b"RGB ")
}

/// 8-bit RGB, or RGBA when any pixel is at all transparent: an opaque alpha
/// channel only makes every copy bigger.
fn into_pixels(image: DynamicImage) -> Pixels {
    let (width, height) = (image.width(), image.height());
    if image.color().has_alpha() {
        let rgba = image.into_rgba8();
        if rgba.pixels().any(|p| p.0[3] != 255) {
            return Pixels {
                width,
                height,
                alpha: true,
                data: rgba.into_raw(),
            };
        }
        let rgb = DynamicImage::ImageRgba8(rgba).into_rgb8();
        return Pixels {
            width,
            height,
            alpha: false,
            data: rgb.into_raw(),
        };
    }
    Pixels {
        width,
        height,
        alpha: false,
        data: image.into_rgb8().into_raw(),
    }
}

/// A copy `width`x`height`; Lanczos3 keeps small text in screenshots legible,
/// and colours are premultiplied by alpha so transparent pixels do not darken edges.
pub(super) fn resize(source: &Pixels, width: u32, height: u32) -> Result<Pixels, ImageError> {
    if (width, height) == (source.width, source.height) {
        return Ok(source.clone());
    }
    let failed = |reason: String| ImageError::Encode {
        copy: format!("{width}w"),
        reason,
    };
    let pixel_type = source.pixel_type();
    let from = ImageRef::new(source.width, source.height, &source.data, pixel_type)
        .map_err(|e| failed(e.to_string()))?;
    let mut to = Image::new(width, height, pixel_type);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .use_alpha(source.alpha);
    Resizer::new()
        .resize(&from, &mut to, &options)
        .map_err(|e| failed(e.to_string()))?;
    Ok(Pixels {
        width,
        height,
        alpha: source.alpha,
        data: to.into_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::{fixtures, probe, Probe};

    fn info_of(bytes: &[u8]) -> PictureInfo {
        match probe(bytes).unwrap() {
            Probe::Picture(info) => info,
            Probe::PassThrough(kind) => panic!("passed through as {kind:?}"),
        }
    }

    #[test]
    fn orientation_6_turns_the_pixels_a_quarter_clockwise() {
        let jpeg =
            fixtures::jpeg_with_metadata(&fixtures::jpeg(&fixtures::quadrants(40, 30), 95), 6);
        let decoded = decode(&jpeg, &info_of(&jpeg), 1_000_000).unwrap();
        let pixels = &decoded.pixels;
        assert_eq!((pixels.width, pixels.height), (30, 40));
        // Turned clockwise, the stored bottom-left corner is shown top-left.
        let shown_top_left = fixtures::rgb_at(pixels, 2, 2);
        fixtures::assert_near(shown_top_left, fixtures::BOTTOM_LEFT, "shown top-left");
        let shown_top_right = fixtures::rgb_at(pixels, 27, 2);
        fixtures::assert_near(shown_top_right, fixtures::TOP_LEFT, "shown top-right");
    }

    #[test]
    fn more_pixels_than_allowed_is_refused_before_decoding() {
        let jpeg = fixtures::jpeg(&fixtures::quadrants(40, 30), 90);
        let refused = decode(&jpeg, &info_of(&jpeg), 1000);
        assert!(matches!(
            refused,
            Err(ImageError::TooLarge {
                width: 40,
                height: 30,
                ..
            })
        ));
    }

    #[test]
    fn an_opaque_alpha_channel_is_dropped() {
        let opaque = image::RgbaImage::from_pixel(8, 8, image::Rgba([10, 20, 30, 255]));
        let png = fixtures::png(&opaque.into());
        let decoded = decode(&png, &info_of(&png), 1_000_000).unwrap();
        assert!(!decoded.pixels.alpha);
        assert_eq!(decoded.pixels.data.len(), 8 * 8 * 3);
    }

    #[test]
    fn transparent_pixels_do_not_darken_the_edges_of_a_resized_copy() {
        let half = image::RgbaImage::from_fn(64, 16, |x, _| {
            if x < 32 {
                image::Rgba([0, 0, 0, 0])
            } else {
                image::Rgba([255, 255, 255, 255])
            }
        });
        let png = fixtures::png(&half.into());
        let decoded = decode(&png, &info_of(&png), 1_000_000).unwrap();
        let small = resize(&decoded.pixels, 16, 4).unwrap();
        for x in 0..16usize {
            let at = (16 + x) * 4;
            let pixel = &small.data[at..at + 4];
            if pixel[3] > 8 {
                assert!(
                    pixel[..3].iter().all(|c| *c > 240),
                    "darkened edge at {x}: {pixel:?}"
                );
            }
        }
    }
}
