//! WebP (RIFF) chunk surgery: finds a WebP's EXIF and animation, copies it
//! without EXIF/XMP, and adds an ICC profile to a WebP libwebp wrote. No pixel decoding.

use std::ops::Range;

const CUT_SHORT: &str = "the file is cut short (shorter than its RIFF size)";
const HEADER_LEN: usize = 12;

// VP8X flag bits (WebP container specification).
const FLAG_ICC: u8 = 0x20;
const FLAG_ALPHA: u8 = 0x10;
const FLAG_EXIF: u8 = 0x08;
const FLAG_XMP: u8 = 0x04;
const FLAG_ANIMATION: u8 = 0x02;

/// Chunks needed to show the picture; EXIF, XMP and unknown chunks are not.
const KEPT: [&[u8; 4]; 7] = [
    b"VP8X", b"ICCP", b"ANIM", b"ANMF", b"ALPH", b"VP8 ", b"VP8L",
];

#[derive(Debug, Clone)]
pub(super) struct Chunk {
    pub kind: [u8; 4],
    pub data: Range<usize>,
    /// Header, data and the padding byte of an odd-sized chunk.
    pub span: Range<usize>,
}

/// The chunks inside the RIFF container, checked against the file's length.
pub(super) fn chunks(bytes: &[u8]) -> Result<Vec<Chunk>, &'static str> {
    if bytes.len() < HEADER_LEN || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return Err("no RIFF WEBP header");
    }
    let riff_size = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    let riff_end = riff_size.checked_add(8).ok_or(CUT_SHORT)?;
    if riff_end > bytes.len() {
        return Err(CUT_SHORT);
    }
    let mut found = Vec::new();
    let mut at = HEADER_LEN;
    while at < riff_end {
        let head = bytes.get(at..at + 8).filter(|_| at + 8 <= riff_end);
        let head = head.ok_or(CUT_SHORT)?;
        let size = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
        let data = at + 8..at.checked_add(8 + size).ok_or(CUT_SHORT)?;
        if data.end > riff_end {
            return Err(CUT_SHORT);
        }
        // Some writers drop the last chunk's padding byte; the RIFF size decides.
        let end = (data.end + (size & 1)).min(riff_end);
        found.push(Chunk {
            kind: [head[0], head[1], head[2], head[3]],
            data,
            span: at..end,
        });
        at = end;
    }
    if found.is_empty() {
        return Err("a WebP without image data");
    }
    Ok(found)
}

pub(super) struct Header<'a> {
    pub exif: Option<&'a [u8]>,
    pub animated: bool,
    /// VP8L: the picture was stored losslessly.
    pub lossless: bool,
}

/// Walks every chunk: WebP keeps EXIF after the image data, but the walk only
/// reads chunk headers, so it stays cheap.
pub(super) fn header(bytes: &[u8]) -> Result<Header<'_>, &'static str> {
    let mut found = Header {
        exif: None,
        animated: false,
        lossless: false,
    };
    for chunk in chunks(bytes)? {
        let data = &bytes[chunk.data];
        match &chunk.kind {
            b"VP8X" => found.animated |= data.first().is_some_and(|f| f & FLAG_ANIMATION != 0),
            b"ANIM" | b"ANMF" => found.animated = true,
            b"VP8L" => found.lossless = true,
            b"EXIF" if found.exif.is_none() => {
                found.exif = Some(data.strip_prefix(b"Exif\0\0").unwrap_or(data));
            }
            _ => {}
        }
    }
    Ok(found)
}

/// Writes a RIFF WEBP file whose size field fits what follows.
fn riff(body: &[u8]) -> Result<Vec<u8>, &'static str> {
    let size = u32::try_from(body.len() + 4).map_err(|_| "over 4 GB")?;
    let mut out = Vec::with_capacity(body.len() + HEADER_LEN);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(body);
    Ok(out)
}

fn push_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) -> Result<(), &'static str> {
    let size = u32::try_from(data.len()).map_err(|_| "a chunk over 4 GB")?;
    out.extend_from_slice(kind);
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
    Ok(())
}

/// The same WebP, losslessly, without EXIF, XMP or unknown chunks, with the
/// VP8X flags that announced them cleared and the RIFF size fixed.
pub(super) fn strip(bytes: &[u8]) -> Result<Vec<u8>, &'static str> {
    let mut body = Vec::with_capacity(bytes.len());
    for chunk in chunks(bytes)? {
        if !KEPT.contains(&&chunk.kind) {
            continue;
        }
        let mut data = bytes[chunk.data].to_vec();
        if &chunk.kind == b"VP8X" {
            if let Some(flags) = data.first_mut() {
                *flags &= !(FLAG_EXIF | FLAG_XMP);
            }
        }
        push_chunk(&mut body, &chunk.kind, &data)?;
    }
    riff(&body)
}

/// A VP8X chunk's data: flags, three reserved bytes, canvas size minus one in 24 bits each.
fn vp8x(flags: u8, width: u32, height: u32) -> [u8; 10] {
    let w = (width.max(1) - 1).to_le_bytes();
    let h = (height.max(1) - 1).to_le_bytes();
    [flags, 0, 0, 0, w[0], w[1], w[2], h[0], h[1], h[2]]
}

/// Adds an ICCP chunk to a single-picture WebP as libwebp writes it (VP8 or
/// VP8L alone, or VP8X+ALPH+VP8), so a wide-gamut photo keeps its colours.
pub(super) fn with_icc(
    webp: &[u8],
    icc: &[u8],
    size: (u32, u32),
    alpha: bool,
) -> Result<Vec<u8>, &'static str> {
    let found = chunks(webp)?;
    let mut body = Vec::with_capacity(webp.len() + icc.len() + 32);
    let rest = match found.first() {
        Some(first) if &first.kind == b"VP8X" => {
            let mut data = webp[first.data.clone()].to_vec();
            if let Some(flags) = data.first_mut() {
                *flags |= FLAG_ICC;
            }
            push_chunk(&mut body, b"VP8X", &data)?;
            &found[1..]
        }
        _ => {
            let flags = FLAG_ICC | if alpha { FLAG_ALPHA } else { 0 };
            push_chunk(&mut body, b"VP8X", &vp8x(flags, size.0, size.1))?;
            &found[..]
        }
    };
    push_chunk(&mut body, b"ICCP", icc)?;
    for chunk in rest {
        body.extend_from_slice(&webp[chunk.span.clone()]);
    }
    riff(&body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
        let mut body = Vec::new();
        for (kind, data) in chunks {
            push_chunk(&mut body, kind, data).unwrap();
        }
        riff(&body).unwrap()
    }

    #[test]
    fn exif_and_xmp_chunks_go_and_their_flags_are_cleared() {
        let flags = FLAG_ICC | FLAG_EXIF | FLAG_XMP;
        let dirty = file(&[
            (b"VP8X", &vp8x(flags, 10, 10)),
            (b"ICCP", b"profile"),
            (b"VP8 ", b"frame data"),
            (b"EXIF", b"MM\0*gps"),
            (b"XMP ", b"<x:xmpmeta/>"),
        ]);
        let clean = file(&[
            (b"VP8X", &vp8x(FLAG_ICC, 10, 10)),
            (b"ICCP", b"profile"),
            (b"VP8 ", b"frame data"),
        ]);
        assert_eq!(strip(&dirty).unwrap(), clean);
        assert_eq!(
            clean.len(),
            8 + u32::from_le_bytes(clean[4..8].try_into().unwrap()) as usize
        );
    }

    #[test]
    fn the_header_gives_exif_animation_and_losslessness() {
        let animated = file(&[(b"VP8X", &vp8x(FLAG_ANIMATION, 4, 4)), (b"ANIM", &[0; 6])]);
        assert!(header(&animated).unwrap().animated);
        let lossless = file(&[(b"VP8L", b"bits"), (b"EXIF", b"Exif\0\0II*\0")]);
        let found = header(&lossless).unwrap();
        assert!(found.lossless && !found.animated);
        assert_eq!(found.exif, Some(&b"II*\0"[..]));
    }

    #[test]
    fn an_icc_profile_is_added_with_a_vp8x_chunk_that_announces_it() {
        let simple = file(&[(b"VP8 ", b"frame")]);
        let tagged = with_icc(&simple, b"icc", (300, 200), false).unwrap();
        let expected = file(&[
            (b"VP8X", &vp8x(FLAG_ICC, 300, 200)),
            (b"ICCP", b"icc"),
            (b"VP8 ", b"frame"),
        ]);
        assert_eq!(tagged, expected);
        let with_alpha = file(&[
            (b"VP8X", &vp8x(FLAG_ALPHA, 3, 2)),
            (b"ALPH", b"a"),
            (b"VP8 ", b"f"),
        ]);
        let tagged = with_icc(&with_alpha, b"icc", (3, 2), true).unwrap();
        let chunk_kinds: Vec<[u8; 4]> = chunks(&tagged).unwrap().iter().map(|c| c.kind).collect();
        assert_eq!(chunk_kinds, [*b"VP8X", *b"ICCP", *b"ALPH", *b"VP8 "]);
        assert_eq!(tagged[20], FLAG_ALPHA | FLAG_ICC);
    }

    #[test]
    fn a_webp_cut_anywhere_is_an_error_never_a_panic() {
        let whole = file(&[(b"VP8 ", b"frame data"), (b"EXIF", b"MM\0*")]);
        for cut in 0..whole.len() {
            assert!(strip(&whole[..cut]).is_err(), "cut at {cut}");
        }
    }
}
