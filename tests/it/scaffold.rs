//! `minhbach new`: files with every commonly used key, today's date in the
//! site's time zone, `draft: true` and a folded slug, that pass `check`, and
//! never overwrite. The harness fixes "now" at 2026-01-01T00:00:00Z.

use std::fs;

use crate::harness::*;

const TITLE: &str = "Kiểm tra CCHC tại Sở Nội vụ: kết quả \"tốt\" #1";
const NEWS_FILE: &str = "content/news/2026-01-01-kiem-tra-cchc-tai-so-noi-vu-ket-qua-tot-1.md";

#[test]
fn a_news_item_has_the_common_keys_a_local_date_and_passes_check() {
    let site = fixture("one-news-item");
    let run = site.run(&["new", "news", TITLE]).expect_exit(0);
    assert!(run.stdout().contains(NEWS_FILE), "{}", run.stdout());
    let text = fs::read_to_string(site.root().join(NEWS_FILE)).expect("created");
    // The site's default time zone is +07:00: 00:00 UTC is 07:00 there.
    for line in [
        "title: \"Kiểm tra CCHC tại Sở Nội vụ: kết quả \\\"tốt\\\" #1\"",
        "date: 2026-01-01 07:00",
        "draft: true",
        "author:",
        "source:",
        "agency:",
        "location:",
        "tags: []",
        "featured: false",
        "# summary:",
        "# slug:",
        "# updated:",
        "# source_url:",
        "# image:",
        "# aliases:",
        "# inspection:",
        "#   unit_level:",
        "#   recommendations:",
        "# results:",
        "# outcomes:",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(line)),
            "no line {line:?} in\n{text}"
        );
    }
    site.check().expect_exit(0);
    // A draft: not published, until --drafts.
    site.build();
    assert!(!site.exists("news/kiem-tra-cchc-tai-so-noi-vu-ket-qua-tot-1/index.html"));
    site.run(&["build", "--drafts"]).expect_exit(0);
    let page = site.page("news/kiem-tra-cchc-tai-so-noi-vu-ket-qua-tot-1/");
    assert!(page.text_of("h1").contains("kết quả \"tốt\" #1"));
}

#[test]
fn the_date_is_today_in_the_site_time_zone() {
    let site = fixture("one-news-item");
    site.write(
        "site.yaml",
        "title: Cổng thử nghiệm\nbase_url: https://thu.example.vn/\ntimezone: \"-05:00\"\n",
    );
    site.run(&["new", "news", "Họp giao ban"]).expect_exit(0);
    let file = "content/news/2025-12-31-hop-giao-ban.md";
    let text = fs::read_to_string(site.root().join(file)).expect("created on the local day");
    assert!(text.contains("date: 2025-12-31 19:00"), "{text}");
    site.check().expect_exit(0);
}

#[test]
fn a_second_new_with_the_same_title_fails_and_leaves_the_file_alone() {
    let site = fixture("one-news-item");
    site.run(&["new", "news", TITLE]).expect_exit(0);
    // The author has started writing.
    let written = "---\ntitle: Đã viết\ndate: 2026-01-01\n---\n\nBài đang viết.\n";
    site.write(NEWS_FILE, written);
    site.run(&["new", "news", TITLE])
        .expect_exit(1)
        .stderr_has("already exists; not overwritten");
    assert_eq!(
        fs::read_to_string(site.root().join(NEWS_FILE)).expect("read"),
        written
    );
}

#[test]
fn a_bundle_is_a_folder_with_index_md_and_is_never_replaced() {
    let site = fixture("one-news-item");
    site.run(&["new", "news", "Có ảnh", "--bundle"])
        .expect_exit(0);
    let index = "content/news/2026-01-01-co-anh/index.md";
    assert!(site.root().join(index).is_file());
    site.check().expect_exit(0);
    fs::write(
        site.root().join("content/news/2026-01-01-co-anh/anh.jpg"),
        b"jpg",
    )
    .expect("write");
    site.run(&["new", "news", "Có ảnh", "--bundle"])
        .expect_exit(1)
        .stderr_has("already exists; not overwritten");
    assert!(site
        .root()
        .join("content/news/2026-01-01-co-anh/anh.jpg")
        .is_file());
}

#[test]
fn a_procedure_has_the_catalog_keys_and_passes_check() {
    let site = fixture("one-news-item");
    site.run(&["new", "procedure", "Cấp giấy phép xây dựng"])
        .expect_exit(0);
    let file = "content/procedures/cap-giay-phep-xay-dung.md";
    let text = fs::read_to_string(site.root().join(file)).expect("created");
    for line in [
        "code:",
        "title: \"Cấp giấy phép xây dựng\"",
        "field:",
        "agency:",
        "level:",
        "processing_days:",
        "# previous_processing_days:",
        "online:",
        "one_stop:",
        "fee:",
        "documents: []",
        "legal_basis: []",
        "effective_from: 2026-01-01",
        "draft: true",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(line)),
            "no line {line:?} in\n{text}"
        );
    }
    site.check().expect_exit(0);
    site.run(&["new", "procedure", "Cấp giấy phép xây dựng"])
        .expect_exit(1)
        .stderr_has("already exists");
}

#[test]
fn titles_without_letters_and_procedure_bundles_are_refused() {
    let site = fixture("one-news-item");
    site.run(&["new", "news", "!!! ???"])
        .expect_exit(1)
        .stderr_has("has no letters or digits");
    site.run(&["new", "procedure", "Thủ tục", "--bundle"])
        .expect_exit(1)
        .stderr_has("--bundle is for news items");
    assert!(!site.root().join("content/procedures").exists());
}
