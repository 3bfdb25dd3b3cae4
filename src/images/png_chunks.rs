//! PNG chunk surgery: walks a PNG's chunks, finds its EXIF and animation, and
//! copies it without text, EXIF or private chunks. It never inflates pixel data.

use std::ops::Range;

pub(super) const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
const CUT_SHORT: &str = "the file is cut short (no IEND chunk)";

/// Ancillary chunks that change how the picture looks (colour, transparency,
/// pixel shape, animation) and say nothing about who made it. `eXIf`,
/// `tEXt`, `zTXt`, `iTXt`, `tIME` and private chunks are not among them.
const KEPT_ANCILLARY: [&[u8; 4]; 15] = [
    b"iCCP", b"sRGB", b"gAMA", b"cHRM", b"cICP", b"mDCV", b"cLLI", b"sBIT", b"pHYs", b"tRNS",
    b"bKGD", b"hIST", b"acTL", b"fcTL", b"fdAT",
];

#[derive(Debug, Clone)]
pub(super) struct Chunk {
    pub kind: [u8; 4],
    /// Length, type, data and CRC.
    pub span: Range<usize>,
    pub data: Range<usize>,
}

/// Walks the chunks up to and including IEND.
pub(super) struct Chunks<'a> {
    bytes: &'a [u8],
    at: usize,
    finished: bool,
}

impl<'a> Chunks<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Chunks {
            bytes,
            at: SIGNATURE.len(),
            finished: !bytes.starts_with(&SIGNATURE),
        }
    }

    fn next_chunk(&mut self) -> Result<Chunk, &'static str> {
        let start = self.at;
        let head = self.bytes.get(start..start + 8).ok_or(CUT_SHORT)?;
        let length = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
        if length > i32::MAX as u32 {
            return Err("a chunk length over 2^31");
        }
        let kind = [head[4], head[5], head[6], head[7]];
        let data = start + 8..start + 8 + length as usize;
        let end = data.end + 4;
        if end > self.bytes.len() {
            return Err(CUT_SHORT);
        }
        Ok(Chunk {
            kind,
            span: start..end,
            data,
        })
    }
}

impl Iterator for Chunks<'_> {
    type Item = Result<Chunk, &'static str>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let found = self.next_chunk();
        match &found {
            Ok(chunk) => {
                self.at = chunk.span.end;
                self.finished = &chunk.kind == b"IEND";
            }
            Err(_) => self.finished = true,
        }
        Some(found)
    }
}

/// What the chunks before the pixel data say: the EXIF block, and whether the
/// PNG is animated (an APNG's `acTL` must come before the first `IDAT`).
pub(super) struct Header<'a> {
    pub exif: Option<&'a [u8]>,
    pub animated: bool,
}

pub(super) fn header(bytes: &[u8]) -> Result<Header<'_>, &'static str> {
    let mut found = Header {
        exif: None,
        animated: false,
    };
    for chunk in Chunks::new(bytes) {
        let chunk = chunk?;
        match &chunk.kind {
            b"IDAT" => break,
            b"acTL" => found.animated = true,
            b"eXIf" if found.exif.is_none() => {
                let data = &bytes[chunk.data];
                // Some writers keep JPEG's "Exif\0\0" prefix; the PNG spec has none.
                found.exif = Some(data.strip_prefix(b"Exif\0\0").unwrap_or(data));
            }
            _ => {}
        }
    }
    Ok(found)
}

fn is_kept(kind: &[u8; 4]) -> bool {
    let critical = kind[0].is_ascii_uppercase();
    critical || KEPT_ANCILLARY.contains(&kind)
}

/// The same PNG, losslessly, without text, EXIF, timestamps or private
/// chunks, and nothing after IEND.
pub(super) fn strip(bytes: &[u8]) -> Result<Vec<u8>, &'static str> {
    if !bytes.starts_with(&SIGNATURE) {
        return Err("no PNG signature");
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&SIGNATURE);
    for chunk in Chunks::new(bytes) {
        let chunk = chunk?;
        if is_kept(&chunk.kind) {
            out.extend_from_slice(&bytes[chunk.span]);
        }
        if &chunk.kind == b"IEND" {
            return Ok(out);
        }
    }
    Err(CUT_SHORT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::fixtures::png_chunk;

    fn file(chunks: &[Vec<u8>]) -> Vec<u8> {
        let mut out = SIGNATURE.to_vec();
        out.extend(png_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
        for chunk in chunks {
            out.extend_from_slice(chunk);
        }
        out.extend(png_chunk(b"IDAT", b"pixels"));
        out.extend(png_chunk(b"IEND", b""));
        out
    }

    #[test]
    fn text_exif_time_and_private_chunks_are_dropped_and_colour_kept() {
        let icc = png_chunk(b"iCCP", b"icc\0\0profile");
        let phys = png_chunk(b"pHYs", &[0; 9]);
        let dirty = file(&[
            icc.clone(),
            png_chunk(b"eXIf", b"MM\0*"),
            png_chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x/>"),
            png_chunk(b"tEXt", b"Author\0Nguyen Van A"),
            png_chunk(b"zTXt", b"Comment\0\0zz"),
            png_chunk(b"tIME", &[7, 232, 1, 1, 0, 0, 0]),
            png_chunk(b"caBX", b"private"),
            phys.clone(),
        ]);
        assert_eq!(strip(&dirty).unwrap(), file(&[icc, phys]));
    }

    #[test]
    fn the_header_gives_exif_and_animation() {
        let apng = file(&[png_chunk(b"acTL", &[0; 8]), png_chunk(b"eXIf", b"MM\0*x")]);
        let found = header(&apng).unwrap();
        assert!(found.animated);
        assert_eq!(found.exif, Some(&b"MM\0*x"[..]));
        let plain = file(&[]);
        let still = header(&plain).unwrap();
        assert!(!still.animated && still.exif.is_none());
    }

    #[test]
    fn a_png_cut_anywhere_is_an_error_never_a_panic() {
        let whole = file(&[png_chunk(b"tEXt", b"a\0b")]);
        for cut in 0..whole.len() {
            assert!(strip(&whole[..cut]).is_err(), "cut at {cut}");
        }
    }
}
