//! JPEG segment surgery: walks the markers of a JPEG file, finds its EXIF,
//! and copies it without EXIF, XMP, IPTC, comments or trailers. It never decodes pixels.

use std::ops::Range;

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const APP0: u8 = 0xE0;
const APP2: u8 = 0xE2;
const APP14: u8 = 0xEE;
const COM: u8 = 0xFE;

pub(super) const EXIF_HEADER: &[u8] = b"Exif\0\0";
const CUT_SHORT: &str = "the file is cut short (no end-of-image marker)";

/// One marker and what belongs to it: after SOS that includes the
/// entropy-coded data up to the next marker.
#[derive(Debug, Clone)]
pub(super) struct Segment {
    pub marker: u8,
    /// The whole segment in the file, marker bytes included.
    pub span: Range<usize>,
    /// The bytes after the length field, up to the end of the header.
    pub payload: Range<usize>,
}

/// Walks a JPEG from SOI to EOI; an error says how the file is broken.
pub(super) struct Segments<'a> {
    bytes: &'a [u8],
    at: usize,
    finished: bool,
}

impl<'a> Segments<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Segments {
            bytes,
            at: 0,
            finished: false,
        }
    }

    fn next_segment(&mut self) -> Result<Segment, &'static str> {
        let bytes = self.bytes;
        let start = self.at;
        if start == 0 {
            if !bytes.starts_with(&[0xFF, SOI]) {
                return Err("no start-of-image marker");
            }
            return Ok(bare(SOI, 0, 2));
        }
        if bytes.get(start) != Some(&0xFF) {
            return Err(if start >= bytes.len() {
                CUT_SHORT
            } else {
                "bytes where a marker should be"
            });
        }
        // Any number of 0xFF fill bytes may come before the marker code.
        let code_at = start
            + 1
            + bytes[start + 1..]
                .iter()
                .take_while(|b| **b == 0xFF)
                .count();
        let marker = *bytes.get(code_at).ok_or(CUT_SHORT)?;
        let after = code_at + 1;
        match marker {
            EOI => {
                self.finished = true;
                Ok(bare(marker, start, after))
            }
            0x01 | 0xD0..=0xD7 => Ok(bare(marker, start, after)),
            0x00 => Err("a stuffed zero byte outside entropy-coded data"),
            _ => self.with_length(marker, start, after),
        }
    }

    fn with_length(&self, marker: u8, start: usize, after: usize) -> Result<Segment, &'static str> {
        let bytes = self.bytes;
        let length = bytes.get(after..after + 2).ok_or(CUT_SHORT)?;
        let length = usize::from(u16::from_be_bytes([length[0], length[1]]));
        if length < 2 {
            return Err("a segment length under 2");
        }
        let header_end = after + length;
        if header_end > bytes.len() {
            return Err(CUT_SHORT);
        }
        let end = if marker == SOS {
            entropy_data_end(bytes, header_end)?
        } else {
            header_end
        };
        Ok(Segment {
            marker,
            span: start..end,
            payload: after + 2..header_end,
        })
    }
}

impl Iterator for Segments<'_> {
    type Item = Result<Segment, &'static str>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let found = self.next_segment();
        match &found {
            Ok(segment) => self.at = segment.span.end,
            Err(_) => self.finished = true,
        }
        Some(found)
    }
}

fn bare(marker: u8, start: usize, end: usize) -> Segment {
    Segment {
        marker,
        span: start..end,
        payload: end..end,
    }
}

/// Entropy-coded data ends at the first 0xFF that is neither a stuffed zero,
/// a restart marker, nor fill before a marker.
fn entropy_data_end(bytes: &[u8], from: usize) -> Result<usize, &'static str> {
    let mut at = from;
    loop {
        let offset = bytes[at..]
            .iter()
            .position(|b| *b == 0xFF)
            .ok_or(CUT_SHORT)?;
        at += offset;
        match bytes.get(at + 1) {
            None => return Err(CUT_SHORT),
            Some(0x00 | 0xD0..=0xD7) => at += 2,
            Some(_) => return Ok(at),
        }
    }
}

/// The TIFF block of the first EXIF APP1 before the first scan.
pub(super) fn exif_block(bytes: &[u8]) -> Result<Option<&[u8]>, &'static str> {
    for segment in Segments::new(bytes) {
        let segment = segment?;
        if segment.marker == SOS {
            break;
        }
        let payload = &bytes[segment.payload.clone()];
        if segment.marker == 0xE1 && payload.starts_with(EXIF_HEADER) {
            return Ok(Some(&payload[EXIF_HEADER.len()..]));
        }
    }
    Ok(None)
}

/// What to do with one segment when the file is cleaned.
enum Keep {
    Whole,
    Drop,
    /// A JFIF header rewritten without its thumbnail.
    Jfif([u8; 18]),
}

/// APPn segments are kept only when they are known to carry no personal
/// data and are needed to show the picture right: JFIF (without thumbnail),
/// ICC profiles and Adobe's colour-transform flag. EXIF, XMP (APP1), IPTC
/// (APP13), FlashPix and multi-picture data (APP2), maker notes and comments go.
fn keep(segment: &Segment, bytes: &[u8]) -> Keep {
    let payload = &bytes[segment.payload.clone()];
    match segment.marker {
        APP0 if payload.starts_with(b"JFIF\0") && payload.len() >= 14 => {
            let mut header = [0u8; 18];
            header[..4].copy_from_slice(&[0xFF, APP0, 0x00, 0x10]);
            header[4..16].copy_from_slice(&payload[..12]);
            Keep::Jfif(header)
        }
        APP2 if payload.starts_with(b"ICC_PROFILE\0") => Keep::Whole,
        APP14 if payload.starts_with(b"Adobe") => Keep::Whole,
        0xE0..=0xEF | COM => Keep::Drop,
        _ => Keep::Whole,
    }
}

/// The same JPEG, losslessly, without metadata; anything after EOI (a second
/// picture of a multi-picture file, a phone's trailer) is dropped too.
pub(super) fn strip(bytes: &[u8]) -> Result<Vec<u8>, &'static str> {
    let mut out = Vec::with_capacity(bytes.len());
    for segment in Segments::new(bytes) {
        let segment = segment?;
        match keep(&segment, bytes) {
            Keep::Whole => out.extend_from_slice(&bytes[segment.span]),
            Keep::Drop => {}
            Keep::Jfif(header) => out.extend_from_slice(&header),
        }
        if segment.marker == EOI {
            return Ok(out);
        }
    }
    Err(CUT_SHORT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut out = vec![0xFF, marker];
        out.extend_from_slice(&(payload.len() as u16 + 2).to_be_bytes());
        out.extend_from_slice(payload);
        out
    }

    /// A structurally valid JPEG skeleton: enough for the walker, not a decoder.
    fn skeleton(extra: &[Vec<u8>]) -> Vec<u8> {
        let mut out = vec![0xFF, SOI];
        out.extend(segment(APP0, b"JFIF\0\x01\x02\x00\x00\x48\x00\x48\x00\x00"));
        for e in extra {
            out.extend_from_slice(e);
        }
        out.extend(segment(0xDB, &[0u8; 65]));
        out.extend(segment(SOS, &[1, 1, 0, 0, 0x3F, 0]));
        out.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        out.extend_from_slice(&[0xFF, EOI]);
        out
    }

    #[test]
    fn exif_xmp_iptc_and_comments_are_dropped_and_the_rest_kept() {
        let icc = segment(APP2, b"ICC_PROFILE\0\x01\x01profile");
        let file = skeleton(&[
            segment(0xE1, b"Exif\0\0MM\0*"),
            segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x/>"),
            segment(0xED, b"Photoshop 3.0\08BIM"),
            segment(COM, b"owner: Nguyen Van A"),
            icc.clone(),
        ]);
        let clean = strip(&file).unwrap();
        assert_eq!(clean, skeleton(&[icc]));
    }

    #[test]
    fn a_jfif_thumbnail_is_removed_from_the_header() {
        let mut with_thumbnail = b"JFIF\0\x01\x02\x00\x00\x48\x00\x48\x01\x01".to_vec();
        with_thumbnail.extend_from_slice(&[9, 9, 9]);
        let mut file = vec![0xFF, SOI];
        file.extend(segment(APP0, &with_thumbnail));
        file.extend_from_slice(&skeleton(&[])[20..]);
        assert_eq!(strip(&file).unwrap(), skeleton(&[]));
    }

    #[test]
    fn bytes_after_the_end_of_image_are_dropped() {
        let mut file = skeleton(&[]);
        file.extend_from_slice(b"\xFF\xD8 a second picture with its own EXIF");
        assert_eq!(strip(&file).unwrap(), skeleton(&[]));
    }

    #[test]
    fn a_file_cut_anywhere_is_an_error_never_a_panic() {
        let file = skeleton(&[segment(0xE1, b"Exif\0\0MM\0*")]);
        for cut in 0..file.len() {
            assert!(strip(&file[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn the_exif_block_is_found_before_the_first_scan() {
        let file = skeleton(&[segment(0xE1, b"Exif\0\0MM\0*tiff")]);
        assert_eq!(exif_block(&file).unwrap(), Some(&b"MM\0*tiff"[..]));
        assert_eq!(exif_block(&skeleton(&[])).unwrap(), None);
    }
}
