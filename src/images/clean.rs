//! The published original: the file's own bytes without EXIF, XMP, IPTC or
//! comments, or, when EXIF turns it, its pixels turned and re-encoded. No resizing.

use super::encode::{self, Quality};
use super::pixels::Decoded;
use super::{jpeg_segments, png_chunks, webp_chunks, Format, ImageError, PictureInfo};

/// Re-encoding an original costs a generation of loss, so it is done at a
/// quality where that loss does not show.
const TURNED_JPEG_QUALITY: u8 = 92;
const TURNED_WEBP_QUALITY: u8 = 90;

/// The file without metadata, bit for bit otherwise; this also checks the
/// container is whole (a JPEG cut short has no EOI, a PNG no IEND).
pub(super) fn stripped(bytes: &[u8], format: Format) -> Result<Vec<u8>, ImageError> {
    let result = match format {
        Format::Jpeg => jpeg_segments::strip(bytes),
        Format::Png => png_chunks::strip(bytes),
        Format::Webp => webp_chunks::strip(bytes),
    };
    result.map_err(|reason| ImageError::undecodable(format, reason))
}

/// Dropping the EXIF of a turned picture would show it sideways, so such a
/// picture is re-encoded from pixels already turned; the others are `stripped`.
pub(super) fn needs_turning(info: &PictureInfo) -> bool {
    info.orientation != 1
}

/// The turned original, in its own format: PNG and lossless WebP stay lossless.
pub(super) fn turned(
    info: &PictureInfo,
    decoded: &Decoded,
    lossless_webp: bool,
) -> Result<Vec<u8>, ImageError> {
    let quality = Quality {
        jpeg: TURNED_JPEG_QUALITY,
        webp: TURNED_WEBP_QUALITY,
        webp_lossless: lossless_webp,
    };
    encode::encode(
        &decoded.pixels,
        info.format,
        quality,
        decoded.icc.as_deref(),
    )
    .map_err(|reason| ImageError::Encode {
        copy: format!("turned original {}", info.format),
        reason,
    })
}

/// Whether a WebP original was stored without loss (VP8L), to keep it so.
pub(super) fn is_lossless_webp(bytes: &[u8], format: Format) -> bool {
    format == Format::Webp && webp_chunks::header(bytes).is_ok_and(|h| h.lossless)
}
