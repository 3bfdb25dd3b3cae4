//! Which copies a picture gets: widths never wider than the original, heights
//! keeping its aspect ratio, one WebP and one original-format copy per width. No pixels.

use super::{Format, PictureInfo};

/// Every configured width narrower than the original, plus the original's own
/// width when no configured width reaches past it, so the widest copy is as
/// sharp as the original allows and nothing is ever upscaled.
///
/// `widths` must be sorted (as `ImageSettings::widths` is). A 4000-px photo
/// with 360/720/1200 gets 360, 720, 1200; a 1000-px one 360, 720, 1000; a
/// 300-px one only 300.
pub fn planned_widths(original_width: u32, widths: &[u32]) -> Vec<u32> {
    let mut planned: Vec<u32> = widths
        .iter()
        .copied()
        .filter(|w| *w < original_width)
        .collect();
    let largest = widths.last().copied().unwrap_or(0);
    if original_width <= largest || planned.is_empty() {
        planned.push(original_width);
    }
    planned
}

/// The height of a copy `width` wide, rounded to the nearest pixel, at least 1.
pub fn scaled_height(width: u32, original_width: u32, original_height: u32) -> u32 {
    let original_width = u64::from(original_width.max(1));
    let exact = u64::from(width) * u64::from(original_height);
    let rounded = (2 * exact + original_width) / (2 * original_width);
    u32::try_from(rounded).unwrap_or(u32::MAX).max(1)
}

/// One file to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PlannedCopy {
    pub width: u32,
    pub height: u32,
    pub format: Format,
}

impl PlannedCopy {
    /// Its name inside a cache entry; the published name adds the picture's.
    pub fn cache_file(&self) -> String {
        format!("{}w.{}", self.width, self.format.extension())
    }
}

/// Every copy of a picture, by width, WebP first; a WebP original gets only
/// WebP copies, which are its original-format copies too.
pub(super) fn planned_copies(info: &PictureInfo, widths: &[u32]) -> Vec<PlannedCopy> {
    let mut copies = Vec::new();
    for width in planned_widths(info.width(), widths) {
        let height = scaled_height(width, info.width(), info.height());
        copies.push(PlannedCopy {
            width,
            height,
            format: Format::Webp,
        });
        if info.format != Format::Webp {
            copies.push(PlannedCopy {
                width,
                height,
                format: info.format,
            });
        }
    }
    copies
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDTHS: [u32; 3] = [360, 720, 1200];

    #[test]
    fn a_wide_original_gets_every_configured_width() {
        assert_eq!(planned_widths(4000, &WIDTHS), [360, 720, 1200]);
        assert_eq!(planned_widths(1201, &WIDTHS), [360, 720, 1200]);
    }

    #[test]
    fn a_middling_original_gets_the_narrower_widths_and_its_own() {
        assert_eq!(planned_widths(1000, &WIDTHS), [360, 720, 1000]);
        assert_eq!(planned_widths(720, &WIDTHS), [360, 720]);
        assert_eq!(planned_widths(1200, &WIDTHS), [360, 720, 1200]);
    }

    #[test]
    fn a_narrow_original_is_never_upscaled() {
        assert_eq!(planned_widths(300, &WIDTHS), [300]);
        assert_eq!(planned_widths(360, &WIDTHS), [360]);
        assert_eq!(planned_widths(1, &WIDTHS), [1]);
    }

    #[test]
    fn heights_keep_the_aspect_ratio_rounded() {
        assert_eq!(scaled_height(360, 4000, 3000), 270);
        assert_eq!(scaled_height(360, 1000, 333), 120);
        assert_eq!(scaled_height(720, 3000, 4000), 960);
        assert_eq!(scaled_height(360, 10_000, 10), 1);
        assert_eq!(scaled_height(1000, 1000, 333), 333);
    }

    #[test]
    fn a_jpeg_gets_webp_and_jpeg_copies_and_a_webp_only_webp() {
        let info = PictureInfo {
            format: Format::Jpeg,
            stored_width: 3000,
            stored_height: 4000,
            orientation: 6,
            animated: false,
        };
        let copies = planned_copies(&info, &[360, 720]);
        let names: Vec<String> = copies.iter().map(PlannedCopy::cache_file).collect();
        assert_eq!(names, ["360w.webp", "360w.jpg", "720w.webp", "720w.jpg"]);
        assert_eq!((copies[0].width, copies[0].height), (360, 270));
        let webp = PictureInfo {
            format: Format::Webp,
            ..info
        };
        assert_eq!(planned_copies(&webp, &[360, 720]).len(), 2);
    }
}
