//! What can go wrong when a picture is published, typed so the caller can
//! name the page and key in a diagnostic. It knows no page: the caller adds that.

use std::fmt;
use std::io;
use std::path::PathBuf;

use super::Format;

#[derive(Debug)]
pub enum ImageError {
    /// Not JPEG, PNG, WebP, SVG or GIF; `found` says what it seems to be.
    Unsupported { found: String },
    /// A JPEG, PNG or WebP that is damaged or cut short; `reason` is the
    /// decoder's (or the container check's) own words.
    Undecodable { format: Format, reason: String },
    /// More pixels than `images.max_pixels`, refused before decoding.
    TooLarge {
        width: u32,
        height: u32,
        max_pixels: u64,
    },
    /// A copy could not be made (too tall for WebP, an encoder failure).
    Encode { copy: String, reason: String },
    /// `images:` in `site.yaml` is wrong.
    Settings { reason: String },
    /// The picture's name is not a plain relative path inside its bundle.
    Name { name: String },
    /// The picture file itself could not be read.
    Read { source: io::Error },
    /// Reading or writing the cache folder failed: the machine's fault, not the picture's.
    Cache {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
}

impl ImageError {
    /// True when the picture is fine but the cache folder could not be used,
    /// so the caller reports a build failure rather than a content error.
    pub fn is_internal(&self) -> bool {
        matches!(self, ImageError::Cache { .. })
    }

    pub(super) fn cache(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        ImageError::Cache {
            action,
            path: path.into(),
            source,
        }
    }

    pub(super) fn read(source: io::Error) -> Self {
        ImageError::Read { source }
    }

    pub(super) fn undecodable(format: Format, reason: impl fmt::Display) -> Self {
        ImageError::Undecodable {
            format,
            reason: reason.to_string(),
        }
    }
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageError::Unsupported { found } => write!(
                f,
                "not a picture the portal can publish ({found}); use JPEG, PNG, WebP, SVG or GIF"
            ),
            ImageError::Undecodable { format, reason } => {
                write!(f, "this {format} picture cannot be decoded: {reason}")
            }
            ImageError::TooLarge {
                width,
                height,
                max_pixels,
            } => write!(
                f,
                "picture is {width}x{height} pixels, more than the {max_pixels} allowed \
                 (`images.max_pixels`); save a smaller copy"
            ),
            ImageError::Read { source } => write!(f, "cannot read: {source}"),
            ImageError::Encode { copy, reason } => {
                write!(f, "cannot make the {copy} copy: {reason}")
            }
            ImageError::Settings { reason } => write!(f, "`images` settings: {reason}"),
            ImageError::Name { name } => write!(
                f,
                "picture name `{name}` is not a relative path inside the page bundle"
            ),
            ImageError::Cache {
                action,
                path,
                source,
            } => write!(
                f,
                "picture cache: cannot {action} {}: {source}",
                path.display()
            ),
        }
    }
}

impl std::error::Error for ImageError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImageError::Cache { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_failure_is_internal_and_a_bad_picture_is_not() {
        let io = io::Error::new(io::ErrorKind::PermissionDenied, "denied");
        assert!(ImageError::cache("write", "/c/x", io).is_internal());
        assert!(!ImageError::undecodable(Format::Jpeg, "bad Huffman code").is_internal());
    }

    #[test]
    fn messages_say_what_the_decoder_said() {
        let error = ImageError::undecodable(Format::Png, "CRC error in IHDR");
        assert_eq!(
            error.to_string(),
            "this PNG picture cannot be decoded: CRC error in IHDR"
        );
    }
}
