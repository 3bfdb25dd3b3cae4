//! Pictures for phones (contract section 12): a bundle's JPEGs published as
//! resized WebP and JPEG copies with srcset, sizes, width and height, the
//! lead picture fetched first and the others lazily, no GPS in any output
//! file, errors naming page, line and key, a cache that makes a rebuild
//! encode nothing, and pruning.

use std::fs;

use crate::harness::*;

const ITEM: &str = "news/hoi-nghi-cai-cach/";
const BUNDLE: &str = "content/news/2024-05-10-hoi-nghi-cai-cach";

fn built() -> Site {
    let site = fixture("pictures");
    site.build();
    site
}

/// `(pictures published, pictures encoded, entries removed)` from the
/// `MINHBACH_TIMINGS` line of a build.
fn picture_counts(run: &Run) -> (usize, usize, usize) {
    let stderr = run.stderr();
    let line = stderr
        .lines()
        .find(|l| l.trim_start().starts_with("pictures:"))
        .unwrap_or_else(|| panic!("no pictures line in {stderr}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    assert_eq!(numbers.len(), 3, "{line}");
    (numbers[0], numbers[1], numbers[2])
}

fn timed_build(site: &Site) -> Run {
    site.run_with(&["build"], &[("MINHBACH_TIMINGS", "1")])
        .expect_exit(0)
}

#[test]
fn the_lead_picture_has_copies_sizes_and_high_priority() {
    let site = built();
    let page = site.page(ITEM);
    let prefix = format!("https://anh.example.vn/{ITEM}");
    let img = ".lead-image picture img";
    assert_eq!(page.attr(img, "width"), "900");
    assert_eq!(page.attr(img, "height"), "600");
    assert_eq!(page.attr(img, "fetchpriority"), "high");
    assert_eq!(page.count(".lead-image img[loading]"), 0);
    assert_eq!(
        page.attr(img, "srcset"),
        format!("{prefix}hoi-nghi-360w.jpg 360w, {prefix}hoi-nghi-720w.jpg 720w")
    );
    assert_eq!(page.attr(img, "src"), format!("{prefix}hoi-nghi-720w.jpg"));
    assert!(page.attr(img, "sizes").contains("100vw"));
    let source = ".lead-image picture source[type=\"image/webp\"]";
    assert_eq!(
        page.attr(source, "srcset"),
        format!("{prefix}hoi-nghi-360w.webp 360w, {prefix}hoi-nghi-720w.webp 720w")
    );
    assert_eq!(page.attr(source, "sizes"), page.attr(img, "sizes"));
    assert_eq!(
        page.attr(".lead-image a.picture-original", "href"),
        format!("{prefix}hoi-nghi.jpg")
    );
    assert!(page
        .text_of(".lead-image figcaption")
        .contains("Văn phòng UBND tỉnh"));
    // Open Graph and JSON-LD name a copy, not the 900-px original.
    assert_eq!(
        page.attr("meta[property=\"og:image\"]", "content"),
        format!("{prefix}hoi-nghi-720w.jpg")
    );
    assert!(page
        .text
        .contains(&format!("\"image\":\"{prefix}hoi-nghi-720w.jpg\"")));
    for file in ["hoi-nghi-360w.webp", "hoi-nghi-720w.jpg", "hoi-nghi.jpg"] {
        assert!(site.exists(&format!("{ITEM}{file}")), "{file}");
    }
}

#[test]
fn gallery_and_body_pictures_load_lazily_and_are_never_upscaled() {
    let site = built();
    let page = site.page(ITEM);
    assert_eq!(page.count(".gallery ul.gallery-list > li > figure"), 2);
    assert_eq!(
        page.count(".gallery figure picture img[loading=\"lazy\"]"),
        2
    );
    assert!(page.text_of(".gallery figcaption").contains("Sở Nội vụ"));
    // 300 px wide: one copy at its own width, none wider.
    let small = ".gallery li:nth-child(2) img";
    assert_eq!(page.attr(small, "srcset").matches(" 300w").count(), 1);
    assert!(!page.attr(small, "srcset").contains("360w"));
    let body = ".prose img[alt=\"Sơ đồ quy trình một cửa\"]";
    assert_eq!(page.attr(body, "width"), "640");
    assert_eq!(page.attr(body, "height"), "400");
    assert_eq!(page.attr(body, "loading"), "lazy");
    assert_eq!(
        page.attr(body, "srcset"),
        "so-do-360w.jpg 360w, so-do-640w.jpg 640w"
    );
    assert_eq!(page.attr(body, "title"), "Sơ đồ");
    // A picture inside a link keeps that link only: no link in a link.
    assert_eq!(page.count(".prose a a"), 0);
    assert_eq!(
        page.count(".prose a[href=\"https://nguon.example.vn/\"] picture"),
        1
    );
    assert_eq!(page.count("img[fetchpriority]"), 1, "only the lead picture");
}

#[test]
fn no_output_file_carries_gps() {
    let site = built();
    let source = fs::read(site.root().join(BUNDLE).join("hoi-nghi.jpg")).unwrap();
    assert!(
        has_gps(&source),
        "the fixture must carry GPS for this test to mean anything"
    );
    let pictures: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with(".jpg") || f.ends_with(".webp"))
        .collect();
    // Four pictures in two languages: originals and copies.
    assert_eq!(pictures.len(), 2 * (4 + 2 * 7), "{pictures:?}");
    for file in pictures {
        let bytes = fs::read(site.public().join(&file)).unwrap();
        assert!(!has_gps(&bytes), "{file} carries GPS");
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "{file} carries EXIF"
        );
    }
}

fn has_gps(bytes: &[u8]) -> bool {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) else {
        return false;
    };
    let found = exif
        .fields()
        .any(|f| f.tag == exif::Tag::GPSInfoIFDPointer || f.tag.context() == exif::Context::Gps);
    found
}

#[test]
fn a_translation_shares_its_bundles_pictures_published_once() {
    let site = fixture("pictures");
    let run = timed_build(&site);
    // Four pictures, shown by index.md and index.en.md: each encoded once.
    assert_eq!(picture_counts(&run), (4, 4, 0));
    let en = site.page(&format!("en/{ITEM}"));
    assert_eq!(
        en.attr(".lead-image img", "src"),
        format!("https://anh.example.vn/en/{ITEM}hoi-nghi-720w.jpg")
    );
    assert!(site.exists(&format!("en/{ITEM}hoi-nghi-720w.webp")));
}

#[test]
fn a_second_build_encodes_nothing_and_pruning_drops_unused_entries() {
    let site = fixture("pictures");
    assert_eq!(picture_counts(&timed_build(&site)).1, 4);
    let cache = site.root().join(".cache/images");
    // Entries are named by their key (64 hex digits); `sources/` holds memos.
    let entries = || {
        fs::read_dir(&cache)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().len() == 64)
            .count()
    };
    assert_eq!(entries(), 4);
    let first = fs::read(site.public().join(ITEM).join("index.html")).unwrap();
    assert_eq!(picture_counts(&timed_build(&site)), (4, 0, 0));
    let second = fs::read(site.public().join(ITEM).join("index.html")).unwrap();
    assert_eq!(
        first, second,
        "a rebuild from the cache gives the same page"
    );
    // Other widths are other entries: the old ones go.
    let yaml = fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &yaml.replace("[360, 720]", "[480]"));
    assert_eq!(picture_counts(&timed_build(&site)), (4, 4, 4));
    assert_eq!(entries(), 4);
    assert!(site.exists(&format!("{ITEM}hoi-nghi-480w.webp")));
    assert!(!site.exists(&format!("{ITEM}hoi-nghi-360w.webp")));
}

#[test]
fn the_cache_goes_where_site_yaml_says() {
    let site = fixture("pictures");
    let yaml = fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &yaml.replace("images:\n", "images:\n  cache: tmp/anh\n"),
    );
    site.build();
    assert_eq!(
        fs::read_dir(site.root().join("tmp/anh")).unwrap().count(),
        4
    );
    assert!(!site.root().join(".cache").exists());
}

#[test]
fn bad_pictures_are_errors_naming_page_line_and_key() {
    let site = fixture("pictures");
    let index = format!("{BUNDLE}/index.md");
    let text = fs::read_to_string(site.root().join(&index)).unwrap();
    let text = text
        .replace("  alt: \"Toàn cảnh hội nghị\"\n", "")
        .replace("src: nho.jpg", "src: khong-co.jpg")
        .replace("(so-do.jpg \"Sơ đồ\")", "(hong.jpg)");
    site.write(&index, &text);
    site.write(&format!("{BUNDLE}/hong.jpg"), "not a picture at all");
    fs::write(
        site.root().join(BUNDLE).join("cut.jpg"),
        &fs::read(site.root().join(BUNDLE).join("so-do.jpg")).unwrap()[..600],
    )
    .unwrap();
    let run = site.run(&["build"]).expect_exit(1);
    let errors = run.error_lines();
    let file = format!("{index}:");
    let expect = |needle: &str| {
        assert!(
            errors
                .iter()
                .any(|e| e.contains(&file) && e.contains(needle)),
            "no error with {needle:?} in {errors:#?}"
        );
    };
    expect("`image.alt`: required key is missing");
    expect(":14:10: `gallery[1].src`: no file \"khong-co.jpg\" beside the page");
    expect(":20: `body`: picture \"hong.jpg\": not a picture the portal can publish");
    expect(":1: bundle picture \"cut.jpg\": this JPEG picture cannot be decoded");
    let translation = format!("{BUNDLE}/index.en.md:1: bundle picture");
    assert!(
        !errors.iter().any(|e| e.contains(&translation)),
        "a bundle's files are reported once, by the original: {errors:#?}"
    );
    assert!(!site.public().exists(), "nothing published");
}

#[test]
fn a_src_leaving_the_bundle_is_refused() {
    let site = fixture("pictures");
    let index = format!("{BUNDLE}/index.md");
    let text = fs::read_to_string(site.root().join(&index)).unwrap();
    site.write(
        &index,
        &text.replace("src: hoi-nghi.jpg", "src: ../khac/anh.jpg"),
    );
    let run = site.run(&["build"]).expect_exit(1);
    assert!(
        run.error_lines()
            .iter()
            .any(|e| e.contains(&format!("{index}:6:8: `image.src`"))),
        "{:#?}",
        run.error_lines()
    );
}

#[test]
fn bad_image_settings_name_line_and_key() {
    let site = fixture("pictures");
    let yaml = fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &yaml.replace(
            "  widths: [360, 720]\n",
            "  widths: [360, 0]\n  webp_quality: 300\n",
        ),
    );
    let run = site.run(&["build"]).expect_exit(1);
    let errors = run.error_lines();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("site.yaml:5:") && e.contains("`images.widths[1]`")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("site.yaml:6:") && e.contains("`images.webp_quality`")),
        "{errors:#?}"
    );
}

fn html_of(tree: &minhbach::output::OutputTree, file: &str) -> String {
    let content = tree.files.get(file).unwrap_or_else(|| panic!("no {file}"));
    String::from_utf8(content.load().expect("bytes").into_owned()).expect("UTF-8")
}

#[test]
fn serve_shows_a_new_picture_as_its_original_then_as_copies() {
    use minhbach::build::{BuildOptions, Clock};
    use minhbach::incremental::Rebuilder;
    let site = fixture("pictures");
    let mut options = BuildOptions::new(site.root());
    options.clock = Clock::Fixed(chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap());
    let mut rebuilder = Rebuilder::new(options);
    let page = format!("{ITEM}index.html");
    // The first rebuild resizes nothing: the reload does not wait.
    let first = rebuilder.rebuild().expect("first rebuild");
    let html = html_of(&first.tree, &page);
    assert!(!html.contains("srcset"), "no copies yet");
    assert!(html.contains(&format!(
        "src=\"https://anh.example.vn/{ITEM}hoi-nghi.jpg\""
    )));
    assert!(!site.root().join(".cache/images").exists());
    let job = first.pictures.expect("pictures to resize");
    let files: Vec<String> = job.files.iter().map(|f| f.display().to_string()).collect();
    assert_eq!(
        files,
        [
            format!("{BUNDLE}/index.en.md"),
            format!("{BUNDLE}/index.md")
        ]
    );
    job.run();
    // Then the files showing them are rebuilt, as a save would be.
    let second = rebuilder
        .rebuild_changed(&job.files)
        .expect("second rebuild");
    assert!(second.pictures.is_none(), "nothing left to resize");
    let html = html_of(&second.tree, &page);
    assert!(
        html.contains(&format!("{ITEM}hoi-nghi-360w.webp 360w")),
        "{html}"
    );
    assert!(second
        .tree
        .files
        .contains_key(&format!("en/{ITEM}so-do-640w.webp")));
    // A text edit afterwards parses only its file.
    let index = format!("{BUNDLE}/index.md");
    let text = fs::read_to_string(site.root().join(&index)).unwrap();
    site.write(
        &index,
        &text.replace("Nội dung hội nghị.", "Nội dung đã sửa."),
    );
    let third = rebuilder
        .rebuild_changed(&[std::path::PathBuf::from(&index)])
        .expect("third rebuild");
    assert_eq!(third.stats.parsed, 1);
    assert!(html_of(&third.tree, &page).contains("hoi-nghi-360w.webp 360w"));
}

#[test]
fn the_demo_portal_publishes_its_gps_tagged_pictures_without_gps() {
    let site = demo();
    site.build();
    let bundle = site
        .root()
        .join("content/news/2025-12-01-anh-trong-tin-bai-duoc-thu-nho-va-xoa-vi-tri");
    for name in ["minh-hoa-mot.jpg", "minh-hoa-hai.jpg"] {
        assert!(
            has_gps(&fs::read(bundle.join(name)).unwrap()),
            "{name} shows removal only with GPS"
        );
    }
    let route = "news/anh-trong-tin-bai-duoc-thu-nho-va-xoa-vi-tri/";
    let page = site.page(route);
    assert_eq!(
        page.count(".lead-image picture source[type=\"image/webp\"]"),
        1
    );
    assert_eq!(page.count(".gallery figure picture"), 1);
    let mut checked = 0;
    for file in site.output_files() {
        let is_picture = [".jpg", ".jpeg", ".png", ".webp"]
            .iter()
            .any(|ext| file.to_ascii_lowercase().ends_with(ext));
        if is_picture {
            let bytes = fs::read(site.public().join(&file)).unwrap();
            assert!(!has_gps(&bytes), "{file} carries GPS");
            checked += 1;
        }
    }
    // Two pictures, three widths, two formats, and the originals, in two languages.
    assert!(checked >= 2 * (2 + 2 * 3 * 2), "{checked} pictures checked");
}

/// Copies are hard links to the cache's files, not copies of their bytes;
/// a cache file changed through such a link is found out, not trusted.
#[cfg(unix)]
#[test]
fn published_copies_are_links_to_the_cache_and_a_changed_entry_is_remade() {
    use std::os::unix::fs::MetadataExt;
    let site = fixture("pictures");
    timed_build(&site);
    let copy = site.public().join(ITEM).join("hoi-nghi-360w.webp");
    let cached: Vec<_> = walkdir::WalkDir::new(site.root().join(".cache/images"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.file_name().is_some_and(|n| n == "360w.webp"))
        .collect();
    assert!(!cached.is_empty(), "the cache holds 360 px WebP copies");
    let inode = |p: &std::path::Path| fs::metadata(p).unwrap().ino();
    assert!(
        cached.iter().any(|c| inode(c) == inode(&copy)),
        "the output's copy is one of the cache's files, linked, not copied"
    );
    let original = fs::read(&copy).unwrap();
    // Written through the output's link: same length, other bytes, newer.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut changed = original.clone();
    let last = changed.len() - 1;
    changed[last] ^= 0xff;
    fs::write(&copy, &changed).unwrap();
    assert_eq!(
        picture_counts(&timed_build(&site)).1,
        1,
        "the entry is made again"
    );
    assert_eq!(fs::read(&copy).unwrap(), original);
}
