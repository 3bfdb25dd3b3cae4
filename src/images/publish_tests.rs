//! End-to-end tests of `publish`: the bytes that would be published are read
//! back for metadata, orientation, sizes and cache behaviour. Unit tests live beside each part.

use std::fs;
use std::time::Instant;

use image::DynamicImage;

use super::fixtures::{self, assert_near, assert_no_personal_data, decoded_rgb};
use super::*;

fn settings(widths: &[u32]) -> ImageSettings {
    ImageSettings::new(widths.to_vec(), 80, 75).unwrap()
}

fn resized(publication: Publication) -> Published {
    match publication {
        Publication::Resized(published) => published,
        Publication::Untouched(kind) => panic!("passed through as {kind:?}"),
    }
}

fn publish_in(dir: &tempfile::TempDir, bytes: &[u8], name: &str, widths: &[u32]) -> Published {
    let cache = ImageCache::new(dir.path());
    resized(publish(bytes, name, &settings(widths), &cache).unwrap())
}

/// Every file's bytes, checked against its record: the size on disk, and
/// the size it decodes to.
fn read_checked(file: &PublishedFile) -> Vec<u8> {
    let bytes = fs::read(&file.path).unwrap();
    assert_eq!(bytes.len() as u64, file.bytes, "{}", file.file_name);
    let shown = image::load_from_memory(&bytes).unwrap();
    assert_eq!(
        (shown.width(), shown.height()),
        (file.width, file.height),
        "{}",
        file.file_name
    );
    bytes
}

fn assert_nothing_personal_in_any_file(published: &Published) {
    for file in published.files() {
        assert_no_personal_data(&read_checked(file), &file.file_name);
    }
}

#[test]
fn every_jpeg_copy_and_the_cleaned_original_lose_gps_xmp_iptc_and_comments() {
    let source = fixtures::jpeg(&fixtures::photo_like(800, 600), 90);
    let dirty = fixtures::jpeg_with_metadata(&source, 1);
    assert!(fixtures::has_gps(&dirty), "the test picture must carry GPS");
    let dir = tempfile::tempdir().unwrap();
    let published = publish_in(&dir, &dirty, "anh/cau.jpg", &[200, 400]);
    let names: Vec<&str> = published.files().map(|f| f.file_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "anh/cau-200w.webp",
            "anh/cau-200w.jpg",
            "anh/cau-400w.webp",
            "anh/cau-400w.jpg",
            "anh/cau.jpg"
        ]
    );
    assert_nothing_personal_in_any_file(&published);
    // Not turned, so the original is cleaned without re-encoding: same pixels.
    let cleaned = fs::read(&published.original.path).unwrap();
    assert_eq!(decoded_rgb(&cleaned), decoded_rgb(&source));
}

fn assert_corners_turned_clockwise(bytes: &[u8], label: &str) {
    let shown = decoded_rgb(bytes);
    let (w, h) = shown.dimensions();
    let corner = |x: u32, y: u32| shown.get_pixel(x, y).0;
    assert_near(
        corner(1, 1),
        fixtures::BOTTOM_LEFT,
        &format!("{label} top-left"),
    );
    assert_near(
        corner(w - 2, 1),
        fixtures::TOP_LEFT,
        &format!("{label} top-right"),
    );
    assert_near(
        corner(w - 2, h - 2),
        fixtures::TOP_RIGHT,
        &format!("{label} bottom-right"),
    );
}

#[test]
fn an_orientation_6_picture_of_40x30_is_published_30x40_and_upright() {
    let source = fixtures::jpeg(&fixtures::quadrants(40, 30), 95);
    let dirty = fixtures::jpeg_with_metadata(&source, 6);
    let dir = tempfile::tempdir().unwrap();
    let published = publish_in(&dir, &dirty, "xoay.jpg", &[20, 360]);
    assert_eq!((published.width, published.height), (30, 40));
    let sizes: Vec<(u32, u32)> = published.files().map(|f| (f.width, f.height)).collect();
    assert_eq!(sizes, [(20, 27), (20, 27), (30, 40), (30, 40), (30, 40)]);
    for file in published.files() {
        let bytes = read_checked(file);
        assert_no_personal_data(&bytes, &file.file_name);
        assert_corners_turned_clockwise(&bytes, &file.file_name);
    }
}

#[test]
fn a_png_with_metadata_gets_png_and_webp_copies_without_it() {
    let source = fixtures::png(&DynamicImage::from(fixtures::photo_like(300, 200)));
    let dirty = fixtures::png_with_metadata(&source, 1, &[]);
    assert!(fixtures::has_gps(&dirty));
    let dir = tempfile::tempdir().unwrap();
    let published = publish_in(&dir, &dirty, "bieu-do.png", &[120, 720]);
    let formats: Vec<Format> = published.variants.iter().map(|v| v.format).collect();
    assert_eq!(
        formats,
        [Format::Webp, Format::Png, Format::Webp, Format::Png]
    );
    assert_eq!(published.variants[2].width, 300);
    assert_nothing_personal_in_any_file(&published);
    let cleaned = fs::read(&published.original.path).unwrap();
    assert_eq!(decoded_rgb(&cleaned), decoded_rgb(&source));
}

#[test]
fn a_turned_png_is_re_encoded_upright_and_stays_lossless() {
    let quadrants = fixtures::quadrants(40, 30);
    let dirty = fixtures::png_with_metadata(&fixtures::png(&quadrants.clone().into()), 6, &[]);
    let dir = tempfile::tempdir().unwrap();
    let published = publish_in(&dir, &dirty, "xoay.png", &[360]);
    let cleaned = fs::read(&published.original.path).unwrap();
    assert_no_personal_data(&cleaned, "turned PNG");
    assert_eq!(decoded_rgb(&cleaned), image::imageops::rotate90(&quadrants));
}

#[test]
fn a_webp_with_exif_and_xmp_is_cleaned_and_gets_only_webp_copies() {
    let picture = fixtures::photo_like(300, 200);
    let dirty = fixtures::webp_with_metadata(&fixtures::lossless_webp(&picture), 1, 300, 200);
    assert!(fixtures::has_gps(&dirty));
    let dir = tempfile::tempdir().unwrap();
    let published = publish_in(&dir, &dirty, "anh.webp", &[100, 200, 1200]);
    let widths: Vec<(u32, Format)> = published
        .variants
        .iter()
        .map(|v| (v.width, v.format))
        .collect();
    assert_eq!(
        widths,
        [
            (100, Format::Webp),
            (200, Format::Webp),
            (300, Format::Webp)
        ]
    );
    assert_eq!(published.fallback_srcset(""), published.webp_srcset(""));
    assert_nothing_personal_in_any_file(&published);
    let cleaned = fs::read(&published.original.path).unwrap();
    assert_eq!(cleaned[20] & 0x0C, 0, "VP8X still announces EXIF or XMP");
    assert_eq!(
        decoded_rgb(&cleaned),
        picture,
        "lossless cleaning changed pixels"
    );
}

#[test]
fn a_lossy_webp_with_orientation_3_is_turned_upside_down() {
    let quadrants = fixtures::quadrants(40, 30);
    let lossy = webp::Encoder::from_rgb(quadrants.as_raw(), 40, 30)
        .encode(90.0)
        .to_vec();
    let dirty = fixtures::webp_with_metadata(&lossy, 3, 40, 30);
    let dir = tempfile::tempdir().unwrap();
    let published = publish_in(&dir, &dirty, "nguoc.webp", &[360]);
    let cleaned = fs::read(&published.original.path).unwrap();
    assert_no_personal_data(&cleaned, "turned WebP");
    let shown = decoded_rgb(&cleaned);
    assert_near(
        shown.get_pixel(1, 1).0,
        fixtures::BOTTOM_RIGHT,
        "top-left after 180",
    );
}

#[test]
fn an_animated_png_keeps_its_frames_and_gets_no_still_copies() {
    let png = fixtures::png(&fixtures::quadrants(40, 30).into());
    let actl = fixtures::png_chunk(b"acTL", &[0, 0, 0, 1, 0, 0, 0, 0]);
    let dirty = fixtures::png_with_metadata(&png, 1, &[actl]);
    let dir = tempfile::tempdir().unwrap();
    let published = publish_in(&dir, &dirty, "dong.png", &[20]);
    assert!(published.variants.is_empty());
    assert_eq!(published.fallback().file_name, "dong.png");
    let cleaned = fs::read(&published.original.path).unwrap();
    assert_no_personal_data(&cleaned, "APNG");
    assert!(
        cleaned.windows(4).any(|w| w == b"acTL"),
        "animation control dropped"
    );
}

#[test]
fn svg_and_gif_are_published_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let cache = ImageCache::new(dir.path());
    let svg = publish(
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        "logo.svg",
        &settings(&[360]),
        &cache,
    );
    assert_eq!(svg.unwrap(), Publication::Untouched(PassThrough::Svg));
    let gif = publish(
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        "a.gif",
        &settings(&[360]),
        &cache,
    );
    assert_eq!(gif.unwrap(), Publication::Untouched(PassThrough::Gif));
    assert_eq!(cache.pictures_encoded(), 0);
}

#[test]
fn a_4000x3000_photo_gives_a_360_px_webp_under_80_kb() {
    let source = fixtures::jpeg(&fixtures::photo_like(4000, 3000), 92);
    let dir = tempfile::tempdir().unwrap();
    let cache = ImageCache::new(dir.path());
    let started = Instant::now();
    let published =
        resized(publish(&source, "anh.jpg", &ImageSettings::default(), &cache).unwrap());
    println!(
        "4000x3000 source JPEG: {} bytes, published in {:?}",
        source.len(),
        started.elapsed()
    );
    for file in published.files() {
        println!(
            "  {:>24} {:>5}x{:<5} {:>9} bytes",
            file.file_name, file.width, file.height, file.bytes
        );
    }
    let phone = published.variants_in(Format::Webp).next().unwrap();
    assert_eq!((phone.width, phone.height), (360, 270));
    assert!(
        phone.bytes < 80 * 1024,
        "360-px WebP is {} bytes",
        phone.bytes
    );
    assert!(
        source.len() > 2_000_000,
        "the test photo compresses too well to be realistic"
    );
}

#[test]
fn a_second_publish_of_the_same_picture_encodes_nothing() {
    let source = fixtures::jpeg(&fixtures::photo_like(500, 300), 90);
    let dir = tempfile::tempdir().unwrap();
    let cache = ImageCache::new(dir.path());
    let first = publish(&source, "a.jpg", &settings(&[200]), &cache).unwrap();
    let modified: Vec<_> = resized(first.clone())
        .files()
        .map(|f| fs::metadata(&f.path).unwrap().modified().unwrap())
        .collect();
    let again = publish(&source, "a.jpg", &settings(&[200]), &cache).unwrap();
    assert_eq!(again, first);
    assert_eq!(cache.pictures_encoded(), 1);
    let after: Vec<_> = resized(again)
        .files()
        .map(|f| fs::metadata(&f.path).unwrap().modified().unwrap())
        .collect();
    assert_eq!(after, modified);
    // Another handle on the same folder (the next build) finds it too.
    let next_build = ImageCache::new(dir.path());
    publish(&source, "renamed.jpg", &settings(&[200]), &next_build).unwrap();
    assert_eq!(next_build.pictures_encoded(), 0);
}

#[test]
fn a_rebuild_does_not_read_an_unchanged_picture_file_and_reads_an_edited_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("anh.jpg");
    fs::write(&path, fixtures::jpeg(&fixtures::photo_like(500, 300), 90)).unwrap();
    // A file written in the last two seconds is not remembered (its stamp
    // could still change unseen), so this one is left to age first.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let cache_dir = dir.path().join("cache");
    let first_build = ImageCache::new(&cache_dir);
    let first = publish_file(&path, "anh.jpg", &settings(&[200]), &first_build).unwrap();
    assert_eq!(
        (first_build.pictures_read(), first_build.pictures_encoded()),
        (1, 1)
    );

    let next_build = ImageCache::new(&cache_dir);
    let again = publish_file(&path, "anh.jpg", &settings(&[200]), &next_build).unwrap();
    assert_eq!(again, first);
    assert_eq!(
        (next_build.pictures_read(), next_build.pictures_encoded()),
        (0, 0)
    );
    let waiting = cached_file(&path, "anh.jpg", &settings(&[200]), &next_build).unwrap();
    assert_eq!(waiting, Some(first.clone()));
    assert_eq!(next_build.pictures_read(), 0);

    // Other pixels of the same size: read, hashed and encoded again.
    fs::write(&path, fixtures::jpeg(&fixtures::photo_like(500, 301), 90)).unwrap();
    let edited_build = ImageCache::new(&cache_dir);
    let edited = publish_file(&path, "anh.jpg", &settings(&[200]), &edited_build).unwrap();
    assert_ne!(resized(edited).key, resized(first).key);
    assert_eq!(
        (
            edited_build.pictures_read(),
            edited_build.pictures_encoded()
        ),
        (1, 1)
    );
}

#[test]
fn other_settings_make_another_entry_and_prune_removes_the_unused_one() {
    let source = fixtures::jpeg(&fixtures::photo_like(500, 300), 90);
    let dir = tempfile::tempdir().unwrap();
    let cache = ImageCache::new(dir.path());
    let old = resized(publish(&source, "a.jpg", &settings(&[200]), &cache).unwrap());
    let new = resized(publish(&source, "a.jpg", &settings(&[250]), &cache).unwrap());
    assert_ne!(old.key, new.key);
    assert_eq!(cache.pictures_encoded(), 2);
    let report = cache.prune([&new.key]).unwrap();
    assert_eq!(
        report,
        PruneReport {
            kept: 1,
            removed: 1
        }
    );
    assert!(!cache.entry_dir(&old.key).exists());
    assert!(new.files().all(|f| f.path.exists()));
}

#[test]
fn a_truncated_or_corrupt_cache_entry_is_remade_not_trusted() {
    let source = fixtures::jpeg(&fixtures::photo_like(500, 300), 90);
    let dir = tempfile::tempdir().unwrap();
    let cache = ImageCache::new(dir.path());
    let first = resized(publish(&source, "a.jpg", &settings(&[200]), &cache).unwrap());
    let victim = &first.variants[0];
    let whole = fs::read(&victim.path).unwrap();
    fs::write(&victim.path, &whole[..whole.len() / 2]).unwrap();
    publish(&source, "a.jpg", &settings(&[200]), &cache).unwrap();
    assert_eq!(cache.pictures_encoded(), 2);
    assert_eq!(fs::read(&victim.path).unwrap(), whole);
    // Same length, one byte flipped: the checksum notices.
    let mut flipped = whole.clone();
    flipped[100] ^= 0xFF;
    fs::write(&victim.path, &flipped).unwrap();
    publish(&source, "a.jpg", &settings(&[200]), &cache).unwrap();
    assert_eq!(cache.pictures_encoded(), 3);
    let manifest = cache.entry_dir(&first.key).join("manifest.json");
    fs::write(&manifest, b"{\"not\": \"ours\"}").unwrap();
    let remade = resized(publish(&source, "a.jpg", &settings(&[200]), &cache).unwrap());
    assert_eq!(cache.pictures_encoded(), 4);
    assert_eq!(remade, first);
}

#[test]
fn threads_publishing_one_picture_at_once_share_one_whole_entry() {
    let source = fixtures::jpeg(&fixtures::photo_like(400, 300), 90);
    let dir = tempfile::tempdir().unwrap();
    let cache = ImageCache::new(dir.path());
    let options = settings(&[100, 200]);
    let results: Vec<Publication> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..6)
            .map(|_| scope.spawn(|| publish(&source, "a.jpg", &options, &cache).unwrap()))
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    assert!(results.windows(2).all(|pair| pair[0] == pair[1]));
    let published = resized(results[0].clone());
    for file in published.files() {
        read_checked(file);
    }
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, [published.key.to_hex()]);
    let encoded = cache.pictures_encoded();
    assert!((1..=6).contains(&encoded), "{encoded} encodes");
    publish(&source, "a.jpg", &options, &cache).unwrap();
    assert_eq!(cache.pictures_encoded(), encoded);
}

#[test]
fn bytes_that_are_no_picture_are_unsupported() {
    let dir = tempfile::tempdir().unwrap();
    let cache = ImageCache::new(dir.path());
    let error = publish(b"PK\x03\x04 a zip file", "a.jpg", &settings(&[360]), &cache).unwrap_err();
    assert!(matches!(error, ImageError::Unsupported { .. }), "{error}");
}

#[test]
fn garbage_after_a_jpeg_signature_is_undecodable() {
    let dir = tempfile::tempdir().unwrap();
    let cache = ImageCache::new(dir.path());
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 8, 0, 10, 0, 10, 3];
    bytes.extend_from_slice(&[1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    bytes.extend_from_slice(&[0xFF, 0xDA, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0]);
    bytes.extend_from_slice(b"not entropy-coded data at all\xFF\xD9");
    let error = publish(&bytes, "a.jpg", &settings(&[360]), &cache).unwrap_err();
    assert!(
        matches!(
            error,
            ImageError::Undecodable {
                format: Format::Jpeg,
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn a_truncated_jpeg_is_undecodable_wherever_it_is_cut() {
    let whole = fixtures::jpeg_with_metadata(&fixtures::jpeg(&fixtures::photo_like(64, 48), 90), 6);
    let dir = tempfile::tempdir().unwrap();
    let cache = ImageCache::new(dir.path());
    let half = publish(
        &whole[..whole.len() / 2],
        "a.jpg",
        &settings(&[360]),
        &cache,
    )
    .unwrap_err();
    assert!(half.to_string().contains("cut short"), "{half}");
    for cut in (0..whole.len() - 1).step_by(13) {
        let error = publish(&whole[..cut], "a.jpg", &settings(&[360]), &cache).unwrap_err();
        let expected = matches!(
            error,
            ImageError::Undecodable { .. } | ImageError::Unsupported { .. }
        );
        assert!(expected, "cut at {cut}: {error}");
    }
    assert_eq!(cache.pictures_encoded(), 0);
}

#[test]
fn a_decompression_bomb_header_is_too_large_before_anything_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let cache = ImageCache::new(dir.path());
    let mut ihdr = 30_000u32.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&30_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = fixtures::png_chunk(b"IHDR", &ihdr);
    png.splice(0..0, png_chunks::SIGNATURE);
    png.extend(fixtures::png_chunk(
        b"IDAT",
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    png.extend(fixtures::png_chunk(b"IEND", b""));
    let error = publish(&png, "bom.png", &settings(&[360]), &cache).unwrap_err();
    assert!(
        matches!(
            error,
            ImageError::TooLarge {
                width: 30_000,
                height: 30_000,
                ..
            }
        ),
        "{error}"
    );
    let mut jpeg = vec![
        0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 8, 0xFD, 0xE8, 0xFD, 0xE8, 3,
    ];
    jpeg.extend_from_slice(&[1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
    let error = publish(&jpeg, "bom.jpg", &settings(&[360]), &cache).unwrap_err();
    assert!(
        matches!(error, ImageError::TooLarge { width: 65_000, .. }),
        "{error}"
    );
}

#[test]
fn a_name_outside_the_bundle_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let cache = ImageCache::new(dir.path());
    let error = publish(b"irrelevant", "../../etc/a.jpg", &settings(&[360]), &cache).unwrap_err();
    assert!(matches!(error, ImageError::Name { .. }), "{error}");
}
