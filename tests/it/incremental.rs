//! Incremental rebuilds (what `serve` runs on every save) give byte for byte
//! what a full build gives, after every kind of edit, and re-render little.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use minhbach::build::{self, BuildOptions, Clock};
use minhbach::error::Failure;
use minhbach::incremental::{Priority, RebuildStats, Rebuilder, Rebuilt, Way};
use minhbach::output::{Content, OutputTree};

use crate::harness::*;

fn fixed_now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).expect("valid time")
}

const TAGS: [&str; 4] = ["một cửa", "dịch vụ công", "kiểm tra", "chỉ số PAR"];

fn news_item(i: usize) -> String {
    let day = 1 + i % 28;
    let month = 1 + i % 12;
    let mut extra = String::new();
    if i.is_multiple_of(5) {
        extra.push_str("inspection:\n  unit: \"Sở Tư pháp\"\n  unit_level: department\n");
    }
    if i.is_multiple_of(7) {
        extra.push_str("outcomes:\n  - \"Rút ngắn thời gian giải quyết\"\n");
    }
    let cite = if i.is_multiple_of(6) {
        " theo Nghị định 61/2018/NĐ-CP"
    } else {
        ""
    };
    format!(
        "---\ntitle: \"Tin số {i}\"\ndate: 2021-{month:02}-{day:02}\nagency: \"Sở {}\"\ntags: [\"{}\", \"{}\"]\n{extra}---\n\nNội dung tin {i}{cite}.\n",
        i % 3,
        TAGS[i % 4],
        TAGS[(i / 4) % 4],
    )
}

/// A portal big enough for several pages of every list: 30 items, 3 a page.
fn portal() -> Site {
    let site = empty_site();
    site.write(
        "site.yaml",
        "title: Cổng thử nghiệm\nbase_url: https://thu.example.vn/\npaginate: 3\n",
    );
    for i in 0..30 {
        site.write(&format!("content/news/tin-{i:02}.md"), &news_item(i));
    }
    site.write(
        "content/procedures/1-000001.md",
        "---\ncode: \"1.000001\"\ntitle: \"Cấp phép\"\nfield: \"Xây dựng\"\nagency: \"Sở Xây dựng\"\nprocessing_days: 10\n---\n\nCác bước.\n",
    );
    site.write(
        "content/procedures/1-000002.md",
        "---\ncode: \"1.000002\"\ntitle: \"Đăng ký\"\nfield: \"Tư pháp\"\nagency: \"Sở Tư pháp\"\n---\n\nCác bước.\n",
    );
    site.write(
        "content/inspections/2021.md",
        "---\nyear: 2021\nplanned: 5\n---\n\nKế hoạch năm 2021.\n",
    );
    site.write(
        "content/pages/gioi-thieu.md",
        "---\ntitle: \"Giới thiệu\"\n---\n\nVề cổng.\n",
    );
    site
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        clock: Clock::Fixed(fixed_now()),
        ..BuildOptions::new(root)
    }
}

fn bytes_of(tree: &OutputTree, path: &str) -> Vec<u8> {
    tree.files[path].load().expect("readable").into_owned()
}

/// Rebuilds and compares every output file with a full build of the same sources.
#[track_caller]
fn rebuild_matches_full_build(rebuilder: &mut Rebuilder, root: &Path) -> RebuildStats {
    matches_full_build(rebuilder.rebuild(), root).0
}

/// Compares every output file of a rebuild with a full build of the same
/// sources; gives the rebuild's stats and files.
#[track_caller]
fn matches_full_build(
    rebuilt: Result<Rebuilt, Failure>,
    root: &Path,
) -> (RebuildStats, OutputTree) {
    let rebuilt = match rebuilt {
        Ok(r) => r,
        Err(failure) => panic!("rebuild failed: {failure:?}"),
    };
    let full = match build::build_in_memory(&options(root)) {
        Ok(b) => b,
        Err(failure) => panic!("full build failed: {failure:?}"),
    };
    let tree = rebuilt
        .complete_tree(Duration::from_secs(60))
        .expect("open data made");
    let incremental_paths: Vec<&String> = tree.files.keys().collect();
    let full_paths: Vec<&String> = full.tree.files.keys().collect();
    assert_eq!(incremental_paths, full_paths, "the files differ");
    for path in full.tree.files.keys() {
        assert!(
            bytes_of(&tree, path) == bytes_of(&full.tree, path),
            "{path} differs from a full build (stats: {:?})",
            rebuilt.stats
        );
    }
    (rebuilt.stats, tree)
}

/// A rebuild that must fail as a full build fails, for the finding that
/// starts with `reason` among others.
#[track_caller]
fn refused_for(rebuilt: Result<Rebuilt, Failure>, root: &Path, reason: &str) {
    let lines = fails_as_a_full_build_fails(rebuilt, root);
    assert!(lines.iter().any(|l| l.starts_with(reason)), "{lines:#?}");
}

/// A rebuild that must fail, with exactly the findings of a full build of
/// the same sources; gives them as lines.
#[track_caller]
fn fails_as_a_full_build_fails(rebuilt: Result<Rebuilt, Failure>, root: &Path) -> Vec<String> {
    let lines = |failure: Failure| -> Vec<String> {
        match failure {
            Failure::Content(found) => found.iter().map(ToString::to_string).collect(),
            Failure::Internal(err) => panic!("not a content failure: {err}"),
        }
    };
    let rebuilt = match rebuilt {
        Ok(r) => panic!("the rebuild succeeded (stats: {:?})", r.stats),
        Err(failure) => lines(failure),
    };
    let full = match build::build_in_memory(&options(root)) {
        Ok(_) => panic!("the full build succeeded"),
        Err(failure) => lines(failure),
    };
    assert_eq!(
        rebuilt, full,
        "the rebuild's findings differ from a full build's"
    );
    rebuilt
}

fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let path = site.root().join(rel);
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{rel} lacks {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// (what it shows, file, text replaced, replacement, how the rebuild goes about it)
const TEXT_EDITS: [(&str, &str, &str, &str, Way); 12] = [
    (
        "first paragraph, the summary",
        "content/news/tin-13.md",
        "Nội dung",
        "Bài viết",
        Way::Patched,
    ),
    (
        "second paragraph",
        "content/news/tin-11.md",
        "Nội dung tin 11.",
        "Nội dung tin 11.\n\nĐoạn thứ hai, dài hơn đoạn đầu, có thêm nhiều chữ.",
        Way::Bodies,
    ),
    (
        "a heading and a link below the first paragraph",
        "content/news/tin-22.md",
        "Nội dung tin 22.",
        "Nội dung tin 22.\n\n## Kết quả\n\nXem [giới thiệu](/pages/gioi-thieu/).",
        Way::Bodies,
    ),
    (
        "a citation below the first paragraph: citers change",
        "content/news/tin-10.md",
        "Nội dung tin 10.",
        "Nội dung tin 10.\n\nThực hiện Nghị định 61/2018/NĐ-CP.",
        Way::Assembled,
    ),
    (
        "title",
        "content/news/tin-14.md",
        "Tin số 14",
        "Tin mới 14",
        Way::Patched,
    ),
    (
        "date",
        "content/news/tin-15.md",
        "date: 2021-",
        "date: 2023-",
        Way::Patched,
    ),
    (
        "new tag",
        "content/news/tin-16.md",
        "tags: [",
        "tags: [\"tiếp dân\", ",
        Way::Patched,
    ),
    (
        "inspection",
        "content/news/tin-17.md",
        "---\n\n",
        "inspection:\n  unit: \"UBND huyện A\"\n  unit_level: district\n---\n\n",
        Way::Patched,
    ),
    (
        "outcome",
        "content/news/tin-18.md",
        "---\n\n",
        "outcomes:\n  - \"Giảm hồ sơ giấy\"\n---\n\n",
        Way::Patched,
    ),
    (
        "citation",
        "content/news/tin-19.md",
        "Nội dung tin 19",
        "Theo Quyết định 1291/QĐ-TTg, nội dung",
        Way::Assembled,
    ),
    (
        "draft",
        "content/news/tin-20.md",
        "---\n\n",
        "draft: true\n---\n\n",
        Way::Assembled,
    ),
    (
        "procedure",
        "content/procedures/1-000002.md",
        "---\n\n",
        "processing_days: 3\nprevious_processing_days: 7\n---\n\n",
        Way::Assembled,
    ),
];

#[test]
fn every_kind_of_edit_gives_what_a_full_build_gives() {
    let site = portal();
    let rebuilder = Rebuilder::new(options(site.root()));
    every_kind_of_edit(&site, rebuilder);
}

/// A body edit made while the last site is in use elsewhere (the thread
/// making the last build's follow-ups, here a held reference) patches a copy,
/// and the search index made after it has the new body (compared with a full
/// build, search files included).
#[test]
fn a_body_edit_while_the_last_site_is_in_use_patches_a_copy() {
    let site = portal();
    let root = site.root();
    let mut rebuilder = Rebuilder::new(options(root)).with_open_data_later(Priority::Lower);
    assert!(rebuild_matches_full_build(&mut rebuilder, root).full);
    let held = rebuilder.last_portal().expect("a last portal");
    edit(
        &site,
        "content/news/tin-11.md",
        "Nội dung tin 11.",
        "Nội dung tin 11.\n\nĐoạn thứ hai nói về phiếu khảo sát.",
    );
    let stats = rebuild_matches_full_build(&mut rebuilder, root);
    assert_eq!(stats.way, Way::Bodies, "{stats:?}");
    let body = |site: &minhbach::model::site::Site| -> bool {
        site.news()
            .iter()
            .find(|n| n.origin.file == Path::new("content/news/tin-11.md"))
            .is_some_and(|n| n.body.text.contains("phiếu khảo sát"))
    };
    assert!(!body(held.default_site()));
    let now = rebuilder.last_portal().expect("a last portal");
    assert!(body(now.default_site()));
}

/// The thread making the last build's open data holds its site (here, a held
/// reference): a save that moves an item patches a copy, and the held site
/// stays as it was.
#[test]
fn a_move_while_the_last_site_is_in_use_patches_a_copy() {
    let site = portal();
    let root = site.root();
    let mut rebuilder = Rebuilder::new(options(root));
    rebuild_matches_full_build(&mut rebuilder, root);
    let held = rebuilder.last_portal().expect("a last portal");
    let newest = held.default_site().news()[0].origin.file.clone();
    edit(
        &site,
        "content/news/tin-03.md",
        "date: 2021-04-04",
        "date: 2025-12-30",
    );
    let stats = rebuild_matches_full_build(&mut rebuilder, root);
    assert_eq!(stats.way, Way::Patched, "{stats:?}");
    assert_eq!(held.default_site().news()[0].origin.file, newest);
    let now = rebuilder.last_portal().expect("a last portal");
    assert_eq!(
        now.default_site().news()[0].origin.file,
        Path::new("content/news/tin-03.md")
    );
}

#[test]
fn with_open_data_made_later_the_output_is_the_same() {
    let site = portal();
    let rebuilder = Rebuilder::new(options(site.root())).with_open_data_later(Priority::Lower);
    every_kind_of_edit(&site, rebuilder);
}

fn every_kind_of_edit(site: &Site, mut rebuilder: Rebuilder) {
    let root = site.root();
    let first = rebuild_matches_full_build(&mut rebuilder, root);
    assert!(first.full);

    for (name, file, from, to, way) in TEXT_EDITS {
        edit(site, file, from, to);
        let stats = rebuild_matches_full_build(&mut rebuilder, root);
        assert!(!stats.full, "{name}: {stats:?}");
        assert_eq!(stats.way, way, "{name}: {stats:?}");
    }
    fs::remove_file(root.join("content/news/tin-21.md")).expect("remove");
    rebuild_matches_full_build(&mut rebuilder, root);
    site.write("content/news/tin-99.md", &news_item(99));
    rebuild_matches_full_build(&mut rebuilder, root);
    edit(
        site,
        "content/inspections/2021.md",
        "planned: 5",
        "planned: 6",
    );
    rebuild_matches_full_build(&mut rebuilder, root);
    edit(
        site,
        "content/pages/gioi-thieu.md",
        "Về cổng",
        "Về cổng thông tin",
    );
    rebuild_matches_full_build(&mut rebuilder, root);
    // A bundle: the item moves into a folder with a picture.
    fs::create_dir_all(root.join("content/news/tin-22")).expect("mkdir");
    fs::rename(
        root.join("content/news/tin-22.md"),
        root.join("content/news/tin-22/index.md"),
    )
    .expect("move");
    site.write(
        "content/news/tin-22/anh.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    rebuild_matches_full_build(&mut rebuilder, root);
    site.write(
        "content/news/_index.md",
        "---\ntitle: \"Tin tức\"\n---\n\nTin mới.\n",
    );
    // The section's title is on every page of /news/, and only there.
    let intro = rebuild_matches_full_build(&mut rebuilder, root);
    assert_eq!(intro.rendered, 30usize.div_ceil(3), "{intro:?}");
    edit(site, "site.yaml", "paginate: 3", "paginate: 4");
    assert!(rebuild_matches_full_build(&mut rebuilder, root).full);
}

/// What `serve` does on a save of site.yaml: a rebuild told that it changed.
fn site_yaml_saved(rebuilder: &mut Rebuilder) -> Result<Rebuilt, Failure> {
    rebuilder.rebuild_changed(&[PathBuf::from("site.yaml")])
}

/// The portal with an item whose body runs a script, and two items late on
/// 2021-12-29: one at 23:30 in the site's time zone, one at 20:00 UTC.
fn portal_with_a_script_and_two_late_items() -> Site {
    let site = portal();
    site.write(
        "site.yaml",
        "title: Cổng thử nghiệm\nbase_url: https://thu.example.vn/\npaginate: 3\ntimezone: \"+07:00\"\n",
    );
    site.write(
        "content/news/co-script.md",
        "---\ntitle: \"Có script\"\ndate: 2021-06-01\n---\n\nĐoạn đầu.\n\n<script>alert(1)</script>\n",
    );
    site.write(
        "content/news/cuoi-nam.md",
        "---\ntitle: \"Cuối năm\"\ndate: 2021-12-29 23:30\n---\n\nTổng kết.\n",
    );
    site.write(
        "content/news/giao-thua.md",
        "---\ntitle: \"Giao thừa\"\ndate: 2021-12-29T20:00:00Z\n---\n\nChúc mừng.\n",
    );
    site
}

/// A rebuild refused for the script, as a full build refuses it.
#[track_caller]
fn refuses_the_script(rebuilt: Result<Rebuilt, Failure>, root: &Path) {
    refused_for(
        rebuilt,
        root,
        "error: content/news/co-script.md:8: `body`: raw HTML with a <script> element is not allowed",
    );
}

/// The title of the first card of /news/: the newest item.
#[track_caller]
fn newest_item(tree: &OutputTree) -> String {
    let html = tree.get_text("news/index.html").expect("news list");
    let page = Page {
        html: scraper::Html::parse_document(html),
        text: html.to_string(),
    };
    page.text_of(".card-title")
}

/// Settings that change what parsing finds, toggled as `serve` sees them:
/// a parse cache kept across a setting it ignores would keep the script's
/// error (or its absence), or the items' moments, from before the toggle.
#[test]
fn toggling_unsafe_html_and_the_timezone_while_serving_rebuilds_as_a_full_build_does() {
    let site = portal_with_a_script_and_two_late_items();
    let root = site.root();
    let mut rebuilder = Rebuilder::new(options(root));
    refuses_the_script(rebuilder.rebuild(), root);
    let allow = ("paginate: 3\n", "paginate: 3\nunsafe_html: true\n");
    edit(&site, "site.yaml", allow.0, allow.1);
    let (_, tree) = matches_full_build(site_yaml_saved(&mut rebuilder), root);
    let page = tree.get_text("news/co-script/index.html").expect("built");
    assert!(page.contains("<script>alert(1)</script>"), "{page}");
    edit(&site, "site.yaml", allow.1, allow.0);
    refuses_the_script(site_yaml_saved(&mut rebuilder), root);
    edit(&site, "site.yaml", allow.0, allow.1);
    let (_, tree) = matches_full_build(site_yaml_saved(&mut rebuilder), root);

    // 23:30 at +07:00 is 16:30 UTC, before the other item; at -05:00 it is
    // 04:30 UTC the next day, after it.
    assert_eq!(newest_item(&tree), "Giao thừa");
    let (east, west) = ("timezone: \"+07:00\"", "timezone: \"-05:00\"");
    edit(&site, "site.yaml", east, west);
    let (_, tree) = matches_full_build(site_yaml_saved(&mut rebuilder), root);
    assert_eq!(newest_item(&tree), "Cuối năm");
    let page = tree.get_text("news/cuoi-nam/index.html").expect("built");
    assert!(
        page.contains("<time datetime=\"2021-12-29T23:30:00-05:00\">29/12/2021</time>"),
        "{page}"
    );
    edit(&site, "site.yaml", west, east);
    let (_, tree) = matches_full_build(site_yaml_saved(&mut rebuilder), root);
    assert_eq!(newest_item(&tree), "Giao thừa");
}

#[test]
fn a_body_edit_re_renders_one_page_and_parses_one_file() {
    let site = portal();
    let root = site.root();
    let mut rebuilder = Rebuilder::new(options(root));
    rebuild_matches_full_build(&mut rebuilder, root);
    edit(&site, "content/news/tin-13.md", "Nội dung", "Bài viết");
    let stats = rebuild_matches_full_build(&mut rebuilder, root);
    assert!(!stats.full, "{stats:?}");
    assert_eq!(stats.parsed, 1, "{stats:?}");
    // The first paragraph is the summary on its card: the item, its news
    // list page, and one page of each of its terms (2 tags, 1 agency).
    assert_eq!(stats.rendered, 5, "{stats:?}");
    assert!(stats.kept > 60, "{stats:?}");
}

#[test]
fn an_edit_below_the_first_paragraph_re_renders_only_its_page() {
    let site = portal();
    let root = site.root();
    let mut rebuilder = Rebuilder::new(options(root));
    rebuild_matches_full_build(&mut rebuilder, root);
    // Item 0 reports an inspection and an outcome and cites a decree: those
    // pages show nothing of its body, so they stay as they were too.
    edit(
        &site,
        "content/news/tin-00.md",
        "61/2018/NĐ-CP.",
        "61/2018/NĐ-CP.\n\nĐoạn thứ hai, dài hơn đoạn đầu, có thêm nhiều chữ.",
    );
    let stats = rebuild_matches_full_build(&mut rebuilder, root);
    assert_eq!((stats.rendered, stats.full), (1, false), "{stats:?}");
}

#[test]
fn a_body_edit_after_a_failed_save_still_reports_the_error() {
    let site = portal();
    let root = site.root();
    let mut rebuilder = Rebuilder::new(options(root));
    rebuild_matches_full_build(&mut rebuilder, root);
    edit(&site, "content/news/tin-04.md", "date: 2021-", "date: 21-");
    let bad_date = "error: content/news/tin-04.md:3:7: `date`: expected a date";
    refused_for(rebuilder.rebuild(), root, bad_date);
    // Only the body of another item changes now; the broken file is still broken.
    edit(
        &site,
        "content/news/tin-05.md",
        "Nội dung tin 5.",
        "Nội dung tin 5.\n\nĐoạn thêm.",
    );
    refused_for(rebuilder.rebuild(), root, bad_date);
    edit(&site, "content/news/tin-04.md", "date: 21-", "date: 2021-");
    rebuild_matches_full_build(&mut rebuilder, root);
}

#[test]
fn a_broken_link_added_to_a_body_is_reported() {
    let site = portal();
    let root = site.root();
    for later in [false, true] {
        let mut rebuilder = Rebuilder::new(options(root));
        if later {
            rebuilder = rebuilder.with_open_data_later(Priority::Lower);
        }
        let first = rebuilder.rebuild().expect("builds");
        let links = |r: &minhbach::incremental::Rebuilt| -> Vec<String> {
            let mut all = r.warnings.clone();
            if let Some(later) = &r.later {
                all.extend(later.warnings(Duration::from_secs(60)).expect("made"));
            }
            all.iter()
                .filter(|d| d.message.contains("goes to a page"))
                .map(|d| d.to_string())
                .collect()
        };
        assert_eq!(links(&first), Vec::<String>::new());
        edit(
            &site,
            "content/news/tin-08.md",
            "Nội dung tin 8.",
            "Nội dung tin 8.\n\nXem [trang cũ](/news/khong-co/) và [dữ liệu](/data/news.csv).",
        );
        let second = rebuilder.rebuild().expect("builds");
        assert_eq!(second.stats.rendered, 1, "{:?}", second.stats);
        assert_eq!(
            links(&second),
            vec!["warning: content/news/tin-08.md:10: `body`: link to /news/khong-co/ goes to a page this site does not have"]
        );
        edit(
            &site,
            "content/news/tin-08.md",
            "\n\nXem [trang cũ](/news/khong-co/) và [dữ liệu](/data/news.csv).",
            "",
        );
    }
}

static CLOCK: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1_767_225_600);

fn moving_now() -> DateTime<Utc> {
    let secs = CLOCK.load(std::sync::atomic::Ordering::SeqCst);
    DateTime::from_timestamp(secs, 0).expect("valid time")
}

#[test]
fn a_scheduled_item_appears_when_its_time_comes() {
    let site = portal();
    let root = site.root();
    site.write(
        "content/news/hen-gio.md",
        "---\ntitle: \"Tin hẹn giờ\"\ndate: 2026-01-02\n---\n\nSẽ đăng.\n",
    );
    let mut rebuilder = Rebuilder::new(BuildOptions {
        clock: Clock::Calls(moving_now),
        ..options(root)
    });
    let before = rebuilder.rebuild().expect("builds");
    assert!(!before.tree.files.contains_key("news/hen-gio/index.html"));
    CLOCK.store(
        1_767_225_600 + 3 * 86_400,
        std::sync::atomic::Ordering::SeqCst,
    );
    edit(
        &site,
        "content/news/tin-05.md",
        "Nội dung tin 5.",
        "Nội dung tin 5.\n\nĐoạn thêm.",
    );
    let after = rebuilder.rebuild().expect("builds");
    let full = build::build_in_memory(&BuildOptions {
        clock: Clock::Fixed(moving_now()),
        ..BuildOptions::new(root)
    })
    .expect("full build");
    let tree = after
        .complete_tree(Duration::from_secs(60))
        .expect("complete");
    assert!(tree.files.contains_key("news/hen-gio/index.html"));
    assert_eq!(
        tree.files.keys().collect::<Vec<_>>(),
        full.tree.files.keys().collect::<Vec<_>>()
    );
    for path in full.tree.files.keys() {
        // Known limit: an edit that changes only a body re-renders that page
        // at once, while the search index keeps the previous text until the
        // next rebuild that assembles the site (see docs/benchmarks/serve.md).
        if !after.stats.full && path.starts_with("search/") {
            continue;
        }
        assert!(
            bytes_of(&tree, path) == bytes_of(&full.tree, path),
            "{path}"
        );
    }
}

/// The watcher names only the content file on the last save, but site.yaml
/// changed on a save in between that failed: the settings kept for such
/// saves are the ones last read, not the last good build's.
#[test]
fn a_setting_saved_while_an_error_stands_holds_once_the_error_is_fixed() {
    let site = portal();
    let root = site.root();
    let mut rebuilder = Rebuilder::new(options(root));
    rebuild_matches_full_build(&mut rebuilder, root);
    let file = "content/news/tin-05.md";
    let saved = |rebuilder: &mut Rebuilder| rebuilder.rebuild_changed(&[PathBuf::from(file)]);
    let (good, bad) = ("date: 2021-", "date: khong-phai-ngay\nx: 2021-");
    edit(&site, file, good, bad);
    refused_for(
        saved(&mut rebuilder),
        root,
        "error: content/news/tin-05.md:3:",
    );
    edit(&site, "site.yaml", "paginate: 3", "paginate: 4");
    refused_for(
        site_yaml_saved(&mut rebuilder),
        root,
        "error: content/news/tin-05.md:3:",
    );
    edit(&site, file, bad, good);
    let (stats, tree) = matches_full_build(saved(&mut rebuilder), root);
    assert!(stats.full, "{stats:?}");
    // 30 items, 4 a page.
    assert!(tree.get_text("news/page/8/index.html").is_some());
    assert!(tree.get_text("news/page/9/index.html").is_none());
}

#[test]
fn told_what_changed_it_skips_the_walk_and_stays_exact() {
    let site = portal();
    let root = site.root();
    let mut rebuilder = Rebuilder::new(options(root)).with_open_data_later(Priority::Lower);
    rebuild_matches_full_build(&mut rebuilder, root);
    let check = |rebuilder: &mut Rebuilder, changed: &[&str]| {
        let changed: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
        matches_full_build(rebuilder.rebuild_changed(&changed), root).0
    };
    edit(&site, "content/news/tin-05.md", "Tin số 5", "Tin số năm");
    let stats = check(&mut rebuilder, &["content/news/tin-05.md"]);
    assert_eq!((stats.walked, stats.parsed), (false, 1), "{stats:?}");
    // A new file is not known: the walk finds it.
    site.write("content/news/tin-50.md", &news_item(50));
    assert!(check(&mut rebuilder, &["content/news/tin-50.md"]).walked);
    // A file gone: the walk notices.
    fs::remove_file(root.join("content/news/tin-06.md")).expect("remove");
    assert!(check(&mut rebuilder, &["content/news/tin-06.md"]).walked);
    // A temporary file that came and went beside the edited one.
    edit(&site, "content/news/tin-08.md", "Tin số 8", "Tin số tám");
    let stats = check(
        &mut rebuilder,
        &["content/news/sedAb12Cd", "content/news/tin-08.md"],
    );
    assert_eq!((stats.walked, stats.parsed), (false, 1), "{stats:?}");
    // Paths that are not content at all still rebuild correctly.
    edit(&site, "content/news/tin-07.md", "Tin số 7", "Tin số bảy");
    check(&mut rebuilder, &["content/news/tin-07.md", "site.yaml"]);
}

#[test]
fn an_error_keeps_the_last_good_build_as_the_base() {
    let site = portal();
    let root = site.root();
    let mut rebuilder = Rebuilder::new(options(root));
    rebuild_matches_full_build(&mut rebuilder, root);
    // One save edits a good file and breaks another; the next fixes the broken one.
    edit(&site, "content/news/tin-03.md", "Tin số 3", "Tin đã sửa 3");
    edit(&site, "content/news/tin-04.md", "date: 2021-", "date: 21-");
    refused_for(
        rebuilder.rebuild(),
        root,
        "error: content/news/tin-04.md:3:7: `date`: expected a date",
    );
    edit(&site, "content/news/tin-04.md", "date: 21-", "date: 2021-");
    let stats = rebuild_matches_full_build(&mut rebuilder, root);
    assert!(!stats.full, "{stats:?}");
}

/// Whether `path` is the very buffer of the earlier tree: kept, not rendered again.
fn same_buffer(earlier: &OutputTree, later: &OutputTree, path: &str) -> bool {
    match (&earlier.files[path], &later.files[path]) {
        (Content::Shared(a), Content::Shared(b)) => Arc::ptr_eq(a, b),
        _ => false,
    }
}

#[test]
fn a_title_edit_renders_only_the_documents_page_listing_what_the_item_cites() {
    let site = empty_site();
    site.write("site.yaml", "title: T\nbase_url: https://thu.example.vn/\n");
    write_item_citing_150_documents(&site);
    site.write(
        "content/news/2021-02-01-mot.md",
        "---\ntitle: Một văn bản\ndate: 2021-02-01\n---\n\nTheo Quyết định 150/2020/QĐ-UBND.\n",
    );
    let mut rebuilder = Rebuilder::new(options(site.root()));
    let first = rebuilder.rebuild().expect("first build");
    edit(
        &site,
        "content/news/2021-02-01-mot.md",
        "Một văn bản",
        "Một văn bản đã sửa",
    );
    let stats = rebuild_matches_full_build(&mut rebuilder, site.root());
    assert_eq!(stats.way, Way::Patched, "{stats:?}");
    let now = rebuilder.rebuild().expect("same again");
    // 50 documents a page: 150/2020/QĐ-UBND is on the third, and has its own page.
    assert!(same_buffer(&first.tree, &now.tree, "documents/index.html"));
    assert!(same_buffer(
        &first.tree,
        &now.tree,
        "documents/page/2/index.html"
    ));
    assert!(same_buffer(
        &first.tree,
        &now.tree,
        "documents/1-2020-qd-ubnd/index.html"
    ));
    for changed in [
        "documents/page/3/index.html",
        "documents/150-2020-qd-ubnd/index.html",
    ] {
        assert!(!same_buffer(&first.tree, &now.tree, changed), "{changed}");
        assert!(now
            .tree
            .get_text(changed)
            .is_some_and(|html| html.contains("Một văn bản đã sửa")));
    }
}

#[test]
fn an_edit_renders_only_the_inspection_year_that_lists_the_item() {
    let site = empty_site();
    site.write("site.yaml", "title: T\nbase_url: https://thu.example.vn/\n");
    for (year, name) in [(2020, "cu"), (2021, "moi")] {
        site.write(
            &format!("content/news/{year}-05-01-{name}.md"),
            &format!(
                "---\ntitle: Kiểm tra {year}\ndate: {year}-05-01\ninspection:\n  unit: \"Sở Tư pháp\"\n  unit_level: department\n---\n\nĐoàn kiểm tra làm việc.\n"
            ),
        );
    }
    let mut rebuilder = Rebuilder::new(options(site.root()));
    let first = rebuilder.rebuild().expect("first build");
    let file = "content/news/2021-05-01-moi.md";
    // A title, then a date within the year: both patch the site in place.
    for (from, to, way) in [
        ("Kiểm tra 2021", "Kiểm tra năm 2021", Way::Patched),
        ("date: 2021-05-01", "date: 2021-06-01", Way::Patched),
    ] {
        edit(&site, file, from, to);
        let stats = rebuild_matches_full_build(&mut rebuilder, site.root());
        assert_eq!(stats.way, way, "{stats:?}");
        let now = rebuilder.rebuild().expect("same again");
        assert!(same_buffer(
            &first.tree,
            &now.tree,
            "inspections/2020/index.html"
        ));
        assert!(!same_buffer(
            &first.tree,
            &now.tree,
            "inspections/2021/index.html"
        ));
    }
}

/// (file, text replaced, replacement)
type Edit<'a> = (&'a str, &'a str, &'a str);
/// (what it shows, the edits saved together, how the rebuild goes about it)
type Step<'a> = (&'a str, &'a [Edit<'a>], Way);

/// Edits that move items in the lists, each saved on its own (several files
/// of one step in one save) and compared with a full build; with the way
/// each rebuild must take.
#[track_caller]
fn moves_in_turn(site: &Site, steps: &[Step]) {
    let root = site.root();
    let mut rebuilder = Rebuilder::new(options(root));
    rebuild_matches_full_build(&mut rebuilder, root);
    for (name, edits, way) in steps {
        for (file, from, to) in *edits {
            edit(site, file, from, to);
        }
        let stats = rebuild_matches_full_build(&mut rebuilder, root);
        assert_eq!(stats.way, *way, "{name}: {stats:?}");
    }
}

#[test]
fn items_moved_to_either_end_of_the_lists_are_placed_as_a_full_build_places_them() {
    moves_in_turn(
        &portal(),
        &[
            (
                "to the top, before every page of the list",
                &[("content/news/tin-03.md", "date: 2021-04-04", "date: 2025-12-30")],
                Way::Patched,
            ),
            (
                "to the bottom",
                &[("content/news/tin-03.md", "date: 2025-12-30", "date: 2019-01-01")],
                Way::Patched,
            ),
            (
                "two items in one save, past each other",
                &[
                    ("content/news/tin-04.md", "date: 2021-05-05", "date: 2021-06-07"),
                    ("content/news/tin-05.md", "date: 2021-06-06", "date: 2021-05-04"),
                ],
                Way::Patched,
            ),
            (
                "a citer of 61/2018/NĐ-CP moved down past another (24): the document lists them in the new order",
                &[("content/news/tin-06.md", "date: 2021-07-07", "date: 2021-01-20")],
                Way::Patched,
            ),
            (
                "a new `updated` date: the sitemap's date for the item",
                &[("content/news/tin-12.md", "---\n\n", "updated: 2022-02-02\n---\n\n")],
                Way::Patched,
            ),
        ],
    );
}

#[test]
fn terms_come_go_and_take_the_name_their_newest_item_writes() {
    moves_in_turn(
        &portal(),
        &[
            (
                "a tag no other item has: a new term page",
                &[("content/news/tin-16.md", "tags: [", "tags: [\"tiếp dân\", ")],
                Way::Patched,
            ),
            (
                "the same tag gone: the term and its page go",
                &[("content/news/tin-16.md", "tags: [\"tiếp dân\", ", "tags: [")],
                Way::Patched,
            ),
            (
                "a known tag spelled otherwise by the newest item of the term",
                &[
                    (
                        "content/news/tin-07.md",
                        "date: 2021-08-08",
                        "date: 2025-12-01",
                    ),
                    ("content/news/tin-07.md", "tags: [", "tags: [\"Một Cửa\", "),
                ],
                Way::Patched,
            ),
            (
                "a new agency",
                &[(
                    "content/news/tin-09.md",
                    "agency: \"Sở 0\"",
                    "agency: \"Văn phòng UBND tỉnh\"",
                )],
                Way::Patched,
            ),
        ],
    );
}

#[test]
fn inspections_move_between_years() {
    moves_in_turn(
        &portal(),
        &[
            (
                "into a year with no page yet",
                &[(
                    "content/news/tin-10.md",
                    "date: 2021-11-11",
                    "date: 2022-03-01",
                )],
                Way::Patched,
            ),
            (
                "its own inspection date, back to the planned year",
                &[(
                    "content/news/tin-10.md",
                    "unit_level: department\n",
                    "unit_level: department\n  date: 2021-12-20\n",
                )],
                Way::Patched,
            ),
            (
                "the inspection removed",
                &[(
                    "content/news/tin-15.md",
                    "inspection:\n  unit: \"Sở Tư pháp\"\n  unit_level: department\n",
                    "",
                )],
                Way::Patched,
            ),
        ],
    );
}

/// 50 outcomes fill the first page of /outcomes/: one more makes a second
/// page, one fewer takes it away again (the last build's page must go).
#[test]
fn an_outcome_that_adds_or_removes_a_page_of_outcomes() {
    let site = portal();
    let outcomes: String = (1..=45).map(|o| format!("  - \"Kết quả {o}\"\n")).collect();
    site.write(
        "content/news/nhieu-ket-qua.md",
        &format!(
            "---\ntitle: Nhiều kết quả\ndate: 2021-06-15\noutcomes:\n{outcomes}---\n\nNội dung.\n"
        ),
    );
    moves_in_turn(
        &site,
        &[
            (
                "the 51st outcome",
                &[(
                    "content/news/tin-01.md",
                    "---\n\n",
                    "outcomes:\n  - \"Thêm một\"\n---\n\n",
                )],
                Way::Patched,
            ),
            (
                "back to 50",
                &[(
                    "content/news/tin-01.md",
                    "outcomes:\n  - \"Thêm một\"\n",
                    "",
                )],
                Way::Patched,
            ),
        ],
    );
}

#[test]
fn a_move_that_changes_what_documents_are_named_or_warned_about_assembles_the_site() {
    // Items 0, 6, 12, 18 and 24 cite 61/2018/NĐ-CP; 18 is the newest of them.
    let site = portal();
    site.write(
        "content/documents.yaml",
        "61/2018/NĐ-CP:\n  title: Về thực hiện cơ chế một cửa\n  issued: 2018-04-23\n  replaced_by: 107/2021/NĐ-CP\n",
    );
    moves_in_turn(
        &site,
        &[(
            "a citer of a replaced document: its warning depends on the date",
            &[(
                "content/news/tin-06.md",
                "date: 2021-07-07",
                "date: 2021-07-08",
            )],
            Way::Assembled,
        )],
    );
    // 24 is older than 18: a document both cite is named as 18 writes it.
    let site = portal();
    moves_in_turn(
        &site,
        &[
            (
                "an older item cites a decision",
                &[(
                    "content/news/tin-24.md",
                    "NĐ-CP",
                    "NĐ-CP và Quyết định 1291/QĐ-TTG",
                )],
                Way::Assembled,
            ),
            (
                "a newer item cites it, spelled otherwise",
                &[(
                    "content/news/tin-18.md",
                    "NĐ-CP",
                    "NĐ-CP và Quyết định 1291/QĐ-TTg",
                )],
                Way::Assembled,
            ),
            (
                "the older becomes the newest: the decision is named as it writes it",
                &[(
                    "content/news/tin-24.md",
                    "date: 2021-01-25",
                    "date: 2021-12-01",
                )],
                Way::Assembled,
            ),
            (
                "moved again, still the newest citer",
                &[(
                    "content/news/tin-24.md",
                    "date: 2021-12-01",
                    "date: 2021-12-02",
                )],
                Way::Patched,
            ),
            (
                "the other citer moved, still older",
                &[(
                    "content/news/tin-18.md",
                    "date: 2021-07-19",
                    "date: 2021-07-20",
                )],
                Way::Patched,
            ),
            (
                "a document cited no more",
                &[("content/news/tin-24.md", " và Quyết định 1291/QĐ-TTG", "")],
                Way::Assembled,
            ),
        ],
    );
}

/// An item's page links to the document its citation is listed under. When
/// documents.yaml changes that document and not the item, the item's page
/// changes with it: what the plans remembered of the item is made again.
#[test]
fn a_registry_that_moves_a_citation_to_another_document_renders_its_unchanged_citer() {
    let site = portal();
    site.write(
        "content/news/tin-01.md",
        "---\ntitle: \"Tây Ninh kiểm tra\"\ndate: 2021-02-02\n---\n\nTheo Quyết định 486/QĐ-UBND của UBND tỉnh Tây Ninh.\n",
    );
    let root = site.root();
    let mut rebuilder = Rebuilder::new(options(root));
    let (_, before) = matches_full_build(rebuilder.rebuild(), root);
    site.write(
        "content/documents.yaml",
        "\"486/QĐ-UBND\":\n  - issuer: UBND tỉnh Tây Ninh\n  - issuer: UBND tỉnh Bình Phước\n",
    );
    let (_, after) = matches_full_build(rebuilder.rebuild(), root);
    let page = "news/tin-01/index.html";
    let links = |tree: &OutputTree| String::from_utf8(bytes_of(tree, page)).expect("UTF-8");
    assert!(links(&before).contains("documents/486-qd-ubnd/"));
    assert!(links(&after).contains("documents/486-qd-ubnd-ubnd-tinh-tay-ninh/"));
}

#[test]
fn edits_that_change_what_an_item_is_assemble_the_site() {
    moves_in_turn(
        &portal(),
        &[
            (
                "scheduled for later: no longer published",
                &[(
                    "content/news/tin-08.md",
                    "date: 2021-09-09",
                    "date: 2026-06-01",
                )],
                Way::Assembled,
            ),
            (
                "a new slug",
                &[(
                    "content/news/tin-09.md",
                    "---\n\n",
                    "slug: tin-chin\n---\n\n",
                )],
                Way::Assembled,
            ),
            (
                "an alias",
                &[(
                    "content/news/tin-11.md",
                    "---\n\n",
                    "aliases: [\"/tin-cu/\"]\n---\n\n",
                )],
                Way::Assembled,
            ),
        ],
    );
}

/// The portal with its own theme: the default's, but for `template`, whose
/// content block starts with `failing` (which throws "hỏng" on some pages).
fn portal_with_a_theme_failing(template: &str, failing: &str) -> Site {
    let site = portal();
    site.write(
        "site.yaml",
        "title: Cổng thử nghiệm\nbase_url: https://thu.example.vn/\npaginate: 3\ntheme: rieng\n",
    );
    let default = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates")
            .join(template),
    )
    .expect("default template");
    let block = "{% block content %}";
    site.write(
        &format!("themes/rieng/templates/{template}"),
        &default.replacen(block, &format!("{block}{failing}"), 1),
    );
    site
}

/// The failure is the theme's, while rendering: not a finding of parsing.
fn fails_to_render(rebuilt: Result<Rebuilt, Failure>, root: &Path) {
    let failure = fails_as_a_full_build_fails(rebuilt, root);
    let rendering = |l: &String| l.contains("cannot render") && l.contains("hỏng");
    assert!(
        !failure.is_empty() && failure.iter().all(rendering),
        "{failure:#?}"
    );
}

/// A theme that cannot render a list holding a title with "HỎNG": rendering
/// fails after the site was patched in place; the next saves are still exact.
#[test]
fn a_move_whose_pages_fail_to_render_is_no_base_for_the_next_save() {
    let site = portal_with_a_theme_failing(
        "news_list.html",
        "{% for card in items %}{% if card.title is containing(\"HỎNG\") %}{{ throw(message=\"hỏng\") }}{% endif %}{% endfor %}",
    );
    let root = site.root();
    let mut rebuilder = Rebuilder::new(options(root));
    rebuild_matches_full_build(&mut rebuilder, root);
    edit(
        &site,
        "content/news/tin-03.md",
        "Tin số 3\"\ndate: 2021-04-04",
        "Tin số 3 HỎNG\"\ndate: 2025-12-30",
    );
    fails_to_render(rebuilder.rebuild(), root);
    edit(&site, "content/news/tin-03.md", " HỎNG", "");
    rebuild_matches_full_build(&mut rebuilder, root);
    edit(
        &site,
        "content/news/tin-04.md",
        "date: 2021-05-05",
        "date: 2025-12-29",
    );
    rebuild_matches_full_build(&mut rebuilder, root);
}

/// A body whose page fails to render takes the last build's record of pages
/// with it; the next body edit plans every page again and gives what a full
/// build gives, instead of looking for its page in a record that is gone.
#[test]
fn a_body_edit_after_a_body_that_failed_to_render_renders_as_a_full_build() {
    let site = portal_with_a_theme_failing(
        "news_item.html",
        "{% if item.body_html is containing(\"HỎNG\") %}{{ throw(message=\"hỏng\") }}{% endif %}",
    );
    let root = site.root();
    let mut rebuilder = Rebuilder::new(options(root));
    rebuild_matches_full_build(&mut rebuilder, root);
    edit(
        &site,
        "content/news/tin-05.md",
        "Nội dung tin 5.",
        "Nội dung tin 5.\n\nĐoạn thêm HỎNG.",
    );
    fails_to_render(rebuilder.rebuild(), root);
    edit(&site, "content/news/tin-05.md", " HỎNG.", " đã sửa.");
    let stats = rebuild_matches_full_build(&mut rebuilder, root);
    assert_ne!(stats.way, Way::Bodies, "{stats:?}");
    // With the record made again, body edits are body rebuilds once more.
    edit(&site, "content/news/tin-05.md", " đã sửa.", " sửa lần nữa.");
    let stats = rebuild_matches_full_build(&mut rebuilder, root);
    assert_eq!(stats.way, Way::Bodies, "{stats:?}");
}

/// With two languages: edits of either language's items are patched into
/// that language's site only; a new translation gives its original an
/// alternate and a switch to it; a stale translation's warning comes and
/// goes as its date does. Every rebuild equals a full build.
#[test]
fn edits_in_two_languages_give_what_a_full_build_gives() {
    let site = fixture("two-languages");
    let root = site.root();
    let mut rebuilder = Rebuilder::new(options(root));
    assert!(rebuild_matches_full_build(&mut rebuilder, root).full);
    let english = "content/news/2024-05-02-kiem-tra-so-noi-vu.en.md";
    edit(
        &site,
        english,
        "worked at the Department",
        "met the Department",
    );
    let stats = rebuild_matches_full_build(&mut rebuilder, root);
    assert_eq!(stats.way, Way::Patched, "{stats:?}");
    assert!(stats.rendered < 10, "{stats:?}");
    let vietnamese = "content/news/2024-06-10-mot-cua.md";
    edit(
        &site,
        vietnamese,
        "tiếp nhận hồ sơ trực tuyến.",
        "tiếp nhận hồ sơ.",
    );
    assert_eq!(
        rebuild_matches_full_build(&mut rebuilder, root).way,
        Way::Patched
    );

    site.write(
        "content/news/2024-06-10-mot-cua.en.md",
        "---\ntitle: One-stop shop takes applications online\ndate: 2024-06-11\n---\n\nThe province's one-stop shop takes applications online.\n",
    );
    let (_, tree) = matches_full_build(rebuilder.rebuild(), root);
    let original = String::from_utf8(bytes_of(&tree, "news/mot-cua/index.html")).expect("UTF-8");
    assert!(
        original.contains(r#"hreflang="en" href="https://cchc.thu.example.vn/en/news/mot-cua/""#),
        "the original links its new translation"
    );
    // A paragraph below the first: only the pages that show a body (the
    // original's, and its translation's for the links between them).
    edit(
        &site,
        vietnamese,
        "tiếp nhận hồ sơ.",
        "tiếp nhận hồ sơ.\n\nMột đoạn mới bên dưới.",
    );
    let stats = rebuild_matches_full_build(&mut rebuilder, root);
    assert_eq!(stats.way, Way::Bodies, "{stats:?}");
    assert_eq!(stats.rendered, 2, "{stats:?}");

    let stale = |rebuilt: &Rebuilt| {
        rebuilt
            .warnings
            .iter()
            .any(|w| w.to_string().contains("older than"))
    };
    let translation = "content/news/2024-07-01-chi-so-par.en.md";
    edit(
        &site,
        translation,
        "date: 2024-07-02",
        "date: 2024-07-02\nupdated: 2024-08-20",
    );
    let rebuilt = rebuilder.rebuild().expect("rebuilds");
    assert!(!stale(&rebuilt), "{:?}", rebuilt.warnings);
    edit(
        &site,
        translation,
        "updated: 2024-08-20",
        "updated: 2024-08-01",
    );
    let rebuilt = rebuilder.rebuild().expect("rebuilds");
    assert!(stale(&rebuilt), "{:?}", rebuilt.warnings);
    rebuild_matches_full_build(&mut rebuilder, root);
}
