//! Draws pictures for the demo portal, the picture tests and the benchmark,
//! each a JPEG with GPS coordinates in its EXIF, as a phone's photo has, so
//! the build can be seen removing them.
//!
//! `cargo run --release --example demo_pictures -- OUT.jpg WIDTH HEIGHT SEED [NOISE]`
//!
//! SEED varies the drawing; NOISE (0-255, default 0) adds grain, so a large
//! picture weighs what a camera's photo weighs (a few MB at 3000x2000).

use std::process::ExitCode;

use image::{ImageEncoder, Rgb, RgbImage};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: u32| {
        args.get(i)
            .and_then(|a| a.parse::<u32>().ok())
            .unwrap_or(default)
    };
    let Some(out) = args.first() else {
        eprintln!("usage: demo_pictures OUT.jpg WIDTH HEIGHT SEED [NOISE]");
        return ExitCode::FAILURE;
    };
    let (width, height, seed, noise) =
        (number(1, 1600), number(2, 1000), number(3, 1), number(4, 0));
    let picture = draw(width.max(1), height.max(1), seed, noise);
    let mut jpeg = Vec::new();
    let encoded = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85).write_image(
        picture.as_raw(),
        width.max(1),
        height.max(1),
        image::ExtendedColorType::Rgb8,
    );
    if let Err(e) = encoded {
        eprintln!("cannot encode: {e}");
        return ExitCode::FAILURE;
    }
    match std::fs::write(out, with_gps(&jpeg)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write {out}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A sky-to-ground gradient with a bar chart over it: smooth areas and
/// sharp edges, as photos of slides and meetings have.
fn draw(width: u32, height: u32, seed: u32, noise: u32) -> RgbImage {
    let mut state = seed.wrapping_mul(2_654_435_761).max(1);
    let mut random = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let bars = 5 + seed % 4;
    let heights: Vec<u32> = (0..bars).map(|_| 20 + random() % 70).collect();
    let hue = (seed * 37 % 120) as u8;
    RgbImage::from_fn(width, height, |x, y| {
        let fy = y * 255 / height.max(1);
        let fx = x * 255 / width.max(1);
        let mut pixel = [
            (40 + fy / 3) as u8,
            (90 + fx / 4) as u8 ^ (hue / 4),
            (200 - fy / 2) as u8,
        ];
        let bar = x * bars / width.max(1);
        let in_bar = (x * bars % width.max(1)) > width / 6;
        let top = height - height * heights[bar as usize] / 100;
        if in_bar && y >= top && y < height - height / 20 {
            pixel = [200 - hue, 60 + hue, 40];
        }
        if noise > 0 {
            let n = (random() % (2 * noise + 1)) as i32 - noise as i32;
            for channel in &mut pixel {
                *channel = (i32::from(*channel) + n).clamp(0, 255) as u8;
            }
        }
        Rgb(pixel)
    })
}

/// The JPEG with an EXIF segment after SOI: orientation 1 and a GPS IFD
/// holding a latitude and longitude (Hà Nội), big-endian TIFF.
fn with_gps(jpeg: &[u8]) -> Vec<u8> {
    let mut tiff = b"MM\0\x2A\0\0\0\x08".to_vec();
    let entry = |tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        tiff.extend_from_slice(&tag.to_be_bytes());
        tiff.extend_from_slice(&kind.to_be_bytes());
        tiff.extend_from_slice(&count.to_be_bytes());
        tiff.extend_from_slice(&value);
    };
    // IFD0: 2 entries; GPS IFD: 4 entries; then six rationals.
    let gps_ifd: u32 = 8 + 2 + 2 * 12 + 4;
    let latitude: u32 = gps_ifd + 2 + 4 * 12 + 4;
    let longitude = latitude + 24;
    tiff.extend_from_slice(&2u16.to_be_bytes());
    entry(&mut tiff, 0x0112, 3, 1, [0, 1, 0, 0]);
    entry(&mut tiff, 0x8825, 4, 1, gps_ifd.to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(&4u16.to_be_bytes());
    entry(&mut tiff, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut tiff, 0x0002, 5, 3, latitude.to_be_bytes());
    entry(&mut tiff, 0x0003, 2, 2, *b"E\0\0\0");
    entry(&mut tiff, 0x0004, 5, 3, longitude.to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    for (numerator, denominator) in [(21u32, 1u32), (1, 1), (30, 1), (105, 1), (51, 1), (0, 1)] {
        tiff.extend_from_slice(&numerator.to_be_bytes());
        tiff.extend_from_slice(&denominator.to_be_bytes());
    }
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&(payload.len() as u16 + 2).to_be_bytes());
    out.extend(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}
