//! Times `images::publish` of a 3000x2000 photo-like JPEG with the default
//! three widths: cold (empty cache: decode, resize, encode) and cached (a hit).

use std::hint::black_box;
use std::io::Cursor;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use image::RgbImage;
use minhbach::images::{publish, ImageCache, ImageSettings};

/// Gradients, waves and grain, so the encoders work as hard as on a photo.
fn photo_like(width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let waves = ((fx * 7.0).sin() + (fy * 5.0).cos()) * 35.0
            + (x as f32 * 0.05).sin() * (y as f32 * 0.037).cos() * 30.0;
        let grain = f32::from((x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) as u8 % 32);
        let level = |offset: f32| (offset + 80.0 * fx + waves + grain).clamp(0.0, 255.0) as u8;
        image::Rgb([level(80.0), level(100.0), level(60.0 * fy)])
    });
    let mut out = Cursor::new(Vec::new());
    picture
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encoding the bench picture");
    out.into_inner()
}

fn bench_publish(c: &mut Criterion) {
    let bytes = photo_like(3000, 2000);
    let settings = ImageSettings::default();
    let mut group = c.benchmark_group("images_publish_3000x2000");
    group.sample_size(10);
    group.bench_function("cold", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temp dir"),
            |dir| {
                let cache = ImageCache::new(dir.path());
                black_box(publish(&bytes, "anh.jpg", &settings, &cache).expect("publish"));
                dir
            },
            BatchSize::PerIteration,
        )
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = ImageCache::new(dir.path());
    publish(&bytes, "anh.jpg", &settings, &cache).expect("warm the cache");
    group.bench_function("cached", |b| {
        b.iter(|| black_box(publish(&bytes, "anh.jpg", &settings, &cache).expect("publish")))
    });
    group.finish();
}

criterion_group!(benches, bench_publish);
criterion_main!(benches);
