//! `build --compress`: `.gz` and `.br` beside every text file, decompressing
//! to the same bytes, identical from one build to the next.

use std::fs;
use std::io::Read;

use crate::harness::*;

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("valid brotli");
    out
}

fn is_text(path: &str) -> bool {
    [
        ".html", ".css", ".js", ".xml", ".json", ".csv", ".svg", ".txt",
    ]
    .iter()
    .any(|ext| path.ends_with(ext))
}

fn bundle_site() -> Site {
    let site = fixture("one-news-item");
    site.write(
        "content/news/2021-05-01-co-anh/index.md",
        "---\ntitle: Có ảnh\ndate: 2021-05-01\n---\n\nẢnh và biểu đồ.\n",
    );
    site.write(
        "content/news/2021-05-01-co-anh/bieu-do.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Biểu đồ</title></svg>",
    );
    // A real picture: bundle pictures are decoded and published.
    image::RgbImage::from_pixel(8, 8, image::Rgb([0, 90, 160]))
        .save(site.root().join("content/news/2021-05-01-co-anh/anh.png"))
        .expect("write png");
    site
}

#[test]
fn every_text_file_gets_gzip_and_brotli_twins_with_the_same_bytes() {
    let site = bundle_site();
    site.run(&["build", "--compress"]).expect_exit(0);
    let files = site.output_files();
    let originals: Vec<&String> = files
        .iter()
        .filter(|f| !f.ends_with(".gz") && !f.ends_with(".br"))
        .collect();
    assert!(originals
        .iter()
        .any(|f| f.as_str() == "news/co-anh/bieu-do.svg"));
    let mut checked = 0;
    for path in originals {
        let original = fs::read(site.public().join(path)).expect("read");
        let gz = site.public().join(format!("{path}.gz"));
        let br = site.public().join(format!("{path}.br"));
        if is_text(path) {
            assert_eq!(gunzip(&fs::read(&gz).expect("gz")), original, "{path}.gz");
            assert_eq!(unbrotli(&fs::read(&br).expect("br")), original, "{path}.br");
            checked += 1;
        } else {
            assert!(!gz.exists() && !br.exists(), "{path} is not text");
        }
    }
    assert!(checked > 10, "only {checked} text files");
    assert!(site.exists("news/co-anh/anh.png"));
}

#[test]
fn compressed_files_are_the_same_from_one_build_to_the_next() {
    let site = fixture("one-news-item");
    site.run(&["build", "--compress"]).expect_exit(0);
    let first = fs::read(site.public().join("index.html.gz")).expect("gz");
    let first_br = fs::read(site.public().join("index.html.br")).expect("br");
    // No time stamp (bytes 4..8) and no file name flag in the gzip header.
    assert_eq!(&first[..4], &[0x1f, 0x8b, 8, 0]);
    assert_eq!(&first[4..8], &[0, 0, 0, 0]);
    site.run(&["build", "--compress"]).expect_exit(0);
    assert_eq!(
        fs::read(site.public().join("index.html.gz")).expect("gz"),
        first
    );
    assert_eq!(
        fs::read(site.public().join("index.html.br")).expect("br"),
        first_br
    );
}

#[test]
fn a_build_without_the_flag_writes_no_compressed_files() {
    let site = fixture("one-news-item");
    site.build();
    let compressed: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with(".gz") || f.ends_with(".br"))
        .collect();
    assert!(compressed.is_empty(), "{compressed:?}");
}
