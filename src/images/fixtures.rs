//! Test pictures made in code: quadrant and photo-like pixels, metadata
//! (EXIF with GPS, XMP, IPTC, comments) spliced in, and checks that none is left.

use std::io::Cursor;

use image::{DynamicImage, ImageEncoder, RgbImage};

use super::pixels::Pixels;

pub const TOP_LEFT: [u8; 3] = [220, 30, 30];
pub const TOP_RIGHT: [u8; 3] = [30, 200, 40];
pub const BOTTOM_LEFT: [u8; 3] = [30, 60, 220];
pub const BOTTOM_RIGHT: [u8; 3] = [240, 220, 40];

/// Who took the picture: must never reach a published file.
pub const OWNER: &str = "Nguyen Van A";
const XMP_NAMESPACE: &[u8] = b"http://ns.adobe.com/xap/1.0/";

/// Four flat quadrants, so corners tell which way a picture was turned.
pub fn quadrants(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let colour = match (x < width / 2, y < height / 2) {
            (true, true) => TOP_LEFT,
            (false, true) => TOP_RIGHT,
            (true, false) => BOTTOM_LEFT,
            (false, false) => BOTTOM_RIGHT,
        };
        image::Rgb(colour)
    })
}

/// Gradients, waves at several scales and grain: compresses like a photo,
/// where flat colour would make every size look tiny.
pub fn photo_like(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let broad = ((fx * 7.0).sin() + (fy * 5.0 + fx * 3.0).cos()) * 35.0;
        let texture = (x as f32 * 0.05).sin() * (y as f32 * 0.037).cos() * 30.0;
        let fine = ((x as f32 * 0.31 + y as f32 * 0.17).sin()) * 12.0;
        let grain =
            f32::from((x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) as u8 % 32) - 16.0;
        let base = broad + texture + fine + grain;
        let channel =
            |offset: f32, slope: f32| (offset + slope * fx + base).clamp(0.0, 255.0) as u8;
        image::Rgb([
            channel(90.0, 100.0),
            channel(110.0, -40.0 * fy),
            channel(70.0, 60.0 * fy),
        ])
    })
}

pub fn jpeg(picture: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(picture)
        .unwrap();
    out
}

pub fn png(picture: &DynamicImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub fn lossless_webp(picture: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    let (width, height) = picture.dimensions();
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .write_image(
            picture.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

/// A big-endian TIFF block: IFD0 with orientation and a GPS IFD pointer, and
/// a GPS IFD with a latitude, as a phone writes it.
pub fn exif_with_gps(orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2A\0\0\0\x08".to_vec();
    let entry = |tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        tiff.extend_from_slice(&tag.to_be_bytes());
        tiff.extend_from_slice(&kind.to_be_bytes());
        tiff.extend_from_slice(&count.to_be_bytes());
        tiff.extend_from_slice(&value);
    };
    let gps_ifd: u32 = 8 + 2 + 2 * 12 + 4;
    let rationals: u32 = gps_ifd + 2 + 2 * 12 + 4;
    tiff.extend_from_slice(&2u16.to_be_bytes());
    let o = orientation.to_be_bytes();
    entry(&mut tiff, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    entry(&mut tiff, 0x8825, 4, 1, gps_ifd.to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(&2u16.to_be_bytes());
    entry(&mut tiff, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut tiff, 0x0002, 5, 3, rationals.to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    for (numerator, denominator) in [(21u32, 1u32), (1, 1), (30, 1)] {
        tiff.extend_from_slice(&numerator.to_be_bytes());
        tiff.extend_from_slice(&denominator.to_be_bytes());
    }
    tiff
}

fn xmp_packet() -> Vec<u8> {
    let mut xml =
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><exif:GPSLatitude>21,1.5N</exif:GPSLatitude>"
            .to_vec();
    xml.extend_from_slice(format!("<dc:creator>{OWNER}</dc:creator></x:xmpmeta>").as_bytes());
    xml
}

fn jpeg_segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&(payload.len() as u16 + 2).to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// EXIF (with GPS), XMP, IPTC (APP13) and a comment, right after SOI.
pub fn jpeg_with_metadata(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend(exif_with_gps(orientation));
    let mut xmp = XMP_NAMESPACE.to_vec();
    xmp.push(0);
    xmp.extend(xmp_packet());
    let mut iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    let by_line = [b"\x1C\x02\x50\0\x0C".as_slice(), OWNER.as_bytes()].concat();
    iptc.extend_from_slice(&(by_line.len() as u32).to_be_bytes());
    iptc.extend(by_line);
    let mut out = jpeg[..2].to_vec();
    out.extend(jpeg_segment(0xE1, &exif));
    out.extend(jpeg_segment(0xE1, &xmp));
    out.extend(jpeg_segment(0xED, &iptc));
    out.extend(jpeg_segment(
        0xFE,
        format!("Owner: {OWNER}, camera serial 4012345").as_bytes(),
    ));
    out.extend_from_slice(&jpeg[2..]);
    out
}

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc32(&out[4..]).to_be_bytes());
    out
}

/// eXIf (with GPS), XMP in iTXt and an author in tEXt, right after IHDR;
/// `extra` chunks (an APNG's acTL) go there too.
pub fn png_with_metadata(png: &[u8], orientation: u16, extra: &[Vec<u8>]) -> Vec<u8> {
    let after_ihdr = 8 + 25;
    let mut out = png[..after_ihdr].to_vec();
    for chunk in extra {
        out.extend_from_slice(chunk);
    }
    out.extend(png_chunk(b"eXIf", &exif_with_gps(orientation)));
    out.extend(png_chunk(
        b"iTXt",
        &[b"XML:com.adobe.xmp\0\0\0\0\0".as_slice(), &xmp_packet()].concat(),
    ));
    out.extend(png_chunk(b"tEXt", format!("Author\0{OWNER}").as_bytes()));
    out.extend_from_slice(&png[after_ihdr..]);
    out
}

fn riff_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(kind);
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
}

/// A simple WebP (one VP8 or VP8L chunk) rewrapped as VP8X with EXIF and XMP.
pub fn webp_with_metadata(webp: &[u8], orientation: u16, width: u32, height: u32) -> Vec<u8> {
    let (w, h) = ((width - 1).to_le_bytes(), (height - 1).to_le_bytes());
    let mut body = Vec::new();
    riff_chunk(
        &mut body,
        b"VP8X",
        &[0x08 | 0x04, 0, 0, 0, w[0], w[1], w[2], h[0], h[1], h[2]],
    );
    body.extend_from_slice(&webp[12..]);
    riff_chunk(&mut body, b"EXIF", &exif_with_gps(orientation));
    riff_chunk(&mut body, b"XMP ", &xmp_packet());
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32 + 4).to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend(body);
    out
}

pub fn has_gps(bytes: &[u8]) -> bool {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return false;
    };
    let found = exif
        .fields()
        .any(|f| f.tag == exif::Tag::GPSInfoIFDPointer || f.tag.context() == exif::Context::Gps);
    found
}

/// Markers of a JPEG's header, up to the first scan; read independently of
/// the code under test.
fn jpeg_header_markers(bytes: &[u8]) -> Vec<u8> {
    let mut markers = Vec::new();
    let mut at = 2;
    while at + 4 <= bytes.len() && bytes[at] == 0xFF && bytes[at + 1] != 0xDA {
        markers.push(bytes[at + 1]);
        at += 2 + usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
    }
    markers
}

fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// No GPS, EXIF, XMP, IPTC, comment or owner's name anywhere in the file.
pub fn assert_no_personal_data(bytes: &[u8], label: &str) {
    assert!(!has_gps(bytes), "{label}: GPS tags left");
    assert!(!contains(bytes, b"Exif\0\0"), "{label}: EXIF block left");
    assert!(
        !contains(bytes, b"MM\0\x2A\0\0\0\x08"),
        "{label}: TIFF block left"
    );
    assert!(!contains(bytes, XMP_NAMESPACE), "{label}: XMP left");
    assert!(!contains(bytes, b"x:xmpmeta"), "{label}: XMP packet left");
    assert!(
        !contains(bytes, b"Photoshop 3.0"),
        "{label}: IPTC (APP13) left"
    );
    assert!(
        !contains(bytes, OWNER.as_bytes()),
        "{label}: the owner's name left"
    );
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let markers = jpeg_header_markers(bytes);
        for banned in [0xE1, 0xED, 0xFE] {
            assert!(
                !markers.contains(&banned),
                "{label}: marker {banned:02X} in {markers:02X?}"
            );
        }
    }
}

pub fn rgb_at(pixels: &Pixels, x: u32, y: u32) -> [u8; 3] {
    let channels = if pixels.alpha { 4 } else { 3 };
    let at = ((y * pixels.width + x) * channels) as usize;
    [pixels.data[at], pixels.data[at + 1], pixels.data[at + 2]]
}

pub fn decoded_rgb(bytes: &[u8]) -> RgbImage {
    image::load_from_memory(bytes).unwrap().into_rgb8()
}

pub fn assert_near(found: [u8; 3], wanted: [u8; 3], label: &str) {
    let close = found.iter().zip(wanted).all(|(a, b)| a.abs_diff(b) <= 40);
    assert!(close, "{label}: {found:?} is not near {wanted:?}");
}
