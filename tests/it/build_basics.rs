//! The pages of a build: structure, order, time zones, drafts, aliases,
//! bundles, Unicode normalisation and links under `base_url`.

use crate::harness::*;

const FULL_ITEM: &str = r#"---
title: Kiểm tra tại Văn phòng UBND tỉnh
date: 2014-06-25 09:30
updated: 2014-07-01
author: "Đào Mai Cường – Phòng CCHC Sở Nội vụ"
source: Sở Nội vụ
source_url: https://snv.example.vn/tin/1
agency: Văn phòng UBND tỉnh
location: Bà Rịa – Vũng Tàu
tags: [kiểm tra, một cửa]
featured: true
image:
  src: anh.svg
  alt: Đoàn kiểm tra làm việc
  caption: Buổi kiểm tra
aliases: [/tin-cu/kiem-tra.html]
inspection:
  unit: Văn phòng UBND tỉnh
  unit_level: department
  lead: Sầm Văn Mão
  basis: Thông báo số 151/TB-SNV ngày 29/5/2014
  strengths: [Có quan tâm chỉ đạo]
  shortcomings: [Chưa sửa quy chế, Chưa báo cáo định kỳ]
  recommendations:
    - Sửa đổi quy chế
    - text: Báo cáo định kỳ
      due: 2014-12-31
      status: done
results:
  - indicator: Hồ sơ đúng hẹn
    value: 201
    total: 201
    unit: hồ sơ
  - indicator: Email công vụ
    value: 1.5
    unit: "%"
    target: 50
    period: 2014-Q2
outcomes:
  - text: Rút ngắn thời hạn cấp phép quảng cáo
    before: 15
    after: 5
    unit: ngày
  - Áp dụng ISO 9001:2008
---

Ngày 25/6/2014, **Đoàn kiểm tra** đã làm việc.

Đoạn hai với [liên kết](/news/).
"#;

fn full_item_site() -> Site {
    let site = empty_site();
    site.write("content/news/2014-06-25-kiem-tra-vp/index.md", FULL_ITEM);
    site.write(
        "content/news/2014-06-25-kiem-tra-vp/anh.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>",
    );
    site.build();
    site
}

#[test]
fn news_item_shows_every_part_of_its_front_matter() {
    let site = full_item_site();
    let page = site.page("news/kiem-tra-vp/");
    assert_eq!(page.text_of("h1"), "Kiểm tra tại Văn phòng UBND tỉnh");
    assert_eq!(
        page.attr("article time", "datetime"),
        "2014-06-25T09:30:00+07:00"
    );
    assert_eq!(page.text_of("article time"), "25/06/2014");
    let main = page.main_text();
    for expected in [
        "Đào Mai Cường – Phòng CCHC Sở Nội vụ",
        "Nguồn: Sở Nội vụ",
        "Sầm Văn Mão",
        "Thông báo số 151/TB-SNV ngày 29/5/2014",
        "Sở, ngành",
        "Chưa báo cáo định kỳ",
        "Đoàn kiểm tra đã làm việc",
    ] {
        assert!(main.contains(expected), "missing {expected:?} in {main}");
    }
    assert_eq!(
        page.attr(".lead-image img", "src"),
        "https://thu.example.vn/news/kiem-tra-vp/anh.svg"
    );
    assert_eq!(
        page.attr(".lead-image img", "alt"),
        "Đoàn kiểm tra làm việc"
    );
    assert!(
        site.exists("news/kiem-tra-vp/anh.svg"),
        "bundle asset is copied next to the page"
    );
}

/// A recommendation written without a status is "not stated", never "not done".
#[test]
fn inspection_recommendations_show_their_status_or_that_it_is_not_stated() {
    let site = full_item_site();
    let page = site.page("news/kiem-tra-vp/");
    let rows = page.select_all(".inspection table tbody tr");
    assert_eq!(
        rows,
        [
            "Sửa đổi quy chế — Không nêu Không nêu",
            "Báo cáo định kỳ 31/12/2014 Đã hoàn thành"
        ]
    );
    assert!(!page.main_text().contains("Chưa thực hiện"));
}

#[test]
fn results_show_value_of_total_with_percentage_target_and_period() {
    let site = full_item_site();
    let page = site.page("news/kiem-tra-vp/");
    let rows = page.select_all(".results tbody tr");
    assert_eq!(
        rows,
        [
            "Hồ sơ đúng hẹn 201/201 (201 hồ sơ) 100% — Không nêu — Không nêu năm 2014",
            "Email công vụ 1,5% — Không nêu tối thiểu 50% (chưa đạt) — Không nêu quý II/2014",
        ]
    );
}

#[test]
fn outcomes_show_before_and_after() {
    let site = full_item_site();
    let page = site.page("news/kiem-tra-vp/");
    assert_eq!(
        page.select_all(".outcomes li"),
        [
            "Rút ngắn thời hạn cấp phép quảng cáo: 15 ngày → 5 ngày (giảm 10 ngày (67%))",
            "Áp dụng ISO 9001:2008",
        ]
    );
}

#[test]
fn alias_redirects_to_the_item() {
    let site = full_item_site();
    let page = site.page("tin-cu/kiem-tra.html");
    assert_eq!(
        page.attr("link[rel=canonical]", "href"),
        "https://thu.example.vn/news/kiem-tra-vp/"
    );
    assert_eq!(
        page.attr("meta[http-equiv=refresh]", "content"),
        "0; url=https://thu.example.vn/news/kiem-tra-vp/"
    );
}

#[test]
fn default_summary_is_the_first_paragraph_as_plain_text() {
    let site = full_item_site();
    let list = site.page("news/");
    assert_eq!(
        list.text_of(".card .summary"),
        "Ngày 25/6/2014, Đoàn kiểm tra đã làm việc."
    );
}

#[test]
fn base_url_prefixes_every_link_including_markdown_links() {
    let site = empty_site();
    site.write(
        "content/news/2014-06-25-a.md",
        "---\ntitle: A\ndate: 2014-06-25\n---\n\nXem [tin](/news/).\n",
    );
    site.run(&["build", "--base-url", "https://host.example/cong/"])
        .expect_exit(0);
    let page = site.page("news/a/");
    assert_eq!(
        page.attr(".prose a", "href"),
        "https://host.example/cong/news/"
    );
    assert_eq!(
        page.attr("link[rel=canonical]", "href"),
        "https://host.example/cong/news/a/"
    );
    let selector = scraper::Selector::parse("a[href], link[href]").unwrap();
    for el in page.html.select(&selector) {
        let href = el.value().attr("href").unwrap();
        assert!(
            !href.starts_with("https://thu.example.vn"),
            "link still on site.yaml's base_url: {href}"
        );
    }
}

/// A built site of `items` news items "Tin N", one a day from 1 January 2021, `per_page` a page.
fn paginated_news(items: u32, per_page: u32) -> Site {
    let site = empty_site();
    site.write(
        "site.yaml",
        &format!("title: T\nbase_url: https://thu.example.vn/\npaginate: {per_page}\n"),
    );
    for day in 1..=items {
        site.write(
            &format!("content/news/2021-01-{day:02}-tin-{day}.md"),
            &format!("---\ntitle: Tin {day}\ndate: 2021-01-{day:02}\n---\n"),
        );
    }
    site.build();
    site
}

#[test]
fn news_list_is_paginated_newest_first() {
    let site = paginated_news(5, 2);
    assert_eq!(
        site.page("news/").select_all(".card-title"),
        ["Tin 5", "Tin 4"]
    );
    assert_eq!(
        site.page("news/page/2/").select_all(".card-title"),
        ["Tin 3", "Tin 2"]
    );
    assert_eq!(
        site.page("news/page/3/").select_all(".card-title"),
        ["Tin 1"]
    );
    assert!(!site.exists("news/page/4/index.html"));
    let pager = site.page("news/page/2/");
    assert_eq!(
        pager.attr(".pagination a[rel=prev]", "href"),
        "https://thu.example.vn/news/"
    );
    assert_eq!(
        pager.attr(".pagination a[rel=next]", "href"),
        "https://thu.example.vn/news/page/3/"
    );
}

#[test]
fn a_long_list_links_the_ends_and_the_neighbours_not_every_page() {
    let site = paginated_news(20, 1);
    let middle = site.page("news/page/10/");
    assert_eq!(
        middle.select_all(".pagination a:not([rel])"),
        ["Trang 1", "Trang 8", "Trang 9", "Trang 10", "Trang 11", "Trang 12", "Trang 20"]
    );
    assert_eq!(middle.count(".pagination li.gap"), 2);
    assert_eq!(
        middle.attr(".pagination a[aria-current=page]", "href"),
        "https://thu.example.vn/news/page/10/"
    );
    let last = site.page("news/page/20/");
    assert_eq!(
        last.select_all(".pagination a:not([rel])"),
        ["Trang 1", "Trang 18", "Trang 19", "Trang 20"]
    );
}

#[test]
fn dates_without_offset_are_in_the_site_time_zone_not_the_machines() {
    // The site's zone is neither the default (+07:00) nor the machine's.
    let site = empty_site();
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://thu.example.vn/\ntimezone: \"+09:00\"\n",
    );
    site.write(
        "content/news/a.md",
        "---\ntitle: A\ndate: 2021-12-31 23:30\n---\n",
    );
    site.write(
        "content/news/b.md",
        "---\ntitle: B\ndate: 2021-12-31T20:00:00Z\n---\n",
    );
    site.run_with(&["build"], &[("TZ", "America/New_York")])
        .expect_exit(0);
    let page = site.page("news/a/");
    assert_eq!(
        page.attr("article time", "datetime"),
        "2021-12-31T23:30:00+09:00"
    );
    let rss = site.read("rss.xml");
    assert!(
        rss.contains("<pubDate>Fri, 31 Dec 2021 23:30:00 +0900</pubDate>"),
        "{rss}"
    );
    // B (05:00 on 1 January at +09:00) is newer than A and listed first;
    // read at the machine's -05:00, A would be the newer.
    assert_eq!(site.page("news/").select_all(".card-title"), ["B", "A"]);
}

#[test]
fn machine_time_zone_does_not_change_the_output() {
    let site = empty_site();
    site.write(
        "content/news/a.md",
        "---\ntitle: A\ndate: 2021-12-31 23:30\n---\n",
    );
    site.run_with(&["build"], &[("TZ", "America/New_York")])
        .expect_exit(0);
    assert_eq!(
        site.page("news/a/").attr("article time", "datetime"),
        "2021-12-31T23:30:00+07:00"
    );
}

#[test]
fn drafts_and_scheduled_items_are_absent_from_every_output_file() {
    let site = empty_site();
    site.write(
        "content/news/2021-01-01-cong-khai.md",
        "---\ntitle: Công khai\ndate: 2021-01-01\n---\n",
    );
    site.write(
        "content/news/2021-01-02-ban-nhap.md",
        "---\ntitle: Bản nháp bí mật\ndate: 2021-01-02\ndraft: true\ntags: [nhap-rieng]\n---\n",
    );
    // The harness pins "now" to 2026-01-01 with SOURCE_DATE_EPOCH.
    site.write(
        "content/news/2030-01-01-hen-gio.md",
        "---\ntitle: Hẹn giờ đăng\ndate: 2030-01-01\ntags: [hen-gio-rieng]\n---\n",
    );
    site.build();
    for file in site.output_files() {
        let bytes = std::fs::read(site.public().join(&file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "Bản nháp bí mật",
            "ban-nhap",
            "Hẹn giờ đăng",
            "hen-gio",
            "nhap-rieng",
        ] {
            assert!(!text.contains(secret), "{file} mentions {secret}");
        }
    }
    site.run(&["build", "--drafts"]).expect_exit(0);
    assert!(site.exists("news/ban-nhap/index.html"));
    assert!(site.exists("news/hen-gio/index.html"));
}

#[test]
fn decomposed_file_names_and_text_are_normalised() {
    let site = empty_site();
    // "Kiểm tra" typed on macOS arrives as NFD: e + combining marks.
    let nfd_title = "Kie\u{302}\u{309}m tra đột xuất";
    site.write(
        "content/news/kie\u{302}\u{309}m-tra.md",
        &format!("---\ntitle: {nfd_title}\ndate: 2021-01-01\ntags: [đột xuất]\n---\n"),
    );
    site.build();
    let page = site.page("news/kiem-tra/");
    assert_eq!(page.text_of("h1"), "Kiểm tra đột xuất");
    assert!(
        page.text.contains("Kiểm tra đột xuất"),
        "NFC text in the HTML"
    );
    assert!(site.exists("tags/dot-xuat/index.html"));
}

#[test]
fn pages_and_the_home_text_are_built_and_underscore_and_dot_files_are_skipped() {
    let site = empty_site();
    site.write(
        "content/_index.md",
        "---\ntitle: Trang chủ thử\n---\nChào mừng đến cổng.\n",
    );
    site.write(
        "content/pages/gioi-thieu.md",
        "---\ntitle: Giới thiệu\n---\nVề cổng.\n",
    );
    site.write(
        "content/news/_nhap.md",
        "---\ntitle: Tệp gạch dưới\ndate: 2021-01-01\n---\n",
    );
    site.write(
        "content/news/.an.md",
        "---\ntitle: Tệp chấm đầu\ndate: 2021-01-01\n---\n",
    );
    site.build();
    assert_eq!(site.page("pages/gioi-thieu/").text_of("h1"), "Giới thiệu");
    assert!(site.page("").main_text().contains("Chào mừng đến cổng."));
    // Not on any page, whatever URL a published file would have had.
    site.assert_no_file_mentions("Tệp gạch dưới");
    site.assert_no_file_mentions("Tệp chấm đầu");
}

#[test]
fn home_shows_featured_items_under_tin_noi_bat_and_latest_news() {
    let site = full_item_site();
    let home = site.page("");
    assert_eq!(home.text_of("#tin-noi-bat"), "Tin nổi bật");
    assert_eq!(
        home.select_all(".featured .card-title"),
        ["Kiểm tra tại Văn phòng UBND tỉnh"]
    );
    assert!(
        home.main_text().contains("201/201"),
        "key figures on the home page"
    );
    assert_eq!(home.count("h1"), 1);
}

#[test]
fn feeds_sitemap_robots_and_404_exist_and_parse() {
    let site = full_item_site();
    let rss = site.read("rss.xml");
    assert!(rss.contains("<title>Kiểm tra tại Văn phòng UBND tỉnh</title>"));
    assert!(rss.contains("<category>Tin nổi bật</category>"));
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""));
    assert!(sitemap.contains("<loc>https://thu.example.vn/news/kiem-tra-vp/</loc><lastmod>2014-07-01T00:00:00+07:00</lastmod>"));
    assert!(
        !sitemap.contains("tin-cu"),
        "redirects are not in the sitemap"
    );
    assert!(
        !sitemap.contains("404"),
        "the 404 page is not in the sitemap"
    );
    assert!(site
        .read("robots.txt")
        .contains("Sitemap: https://thu.example.vn/sitemap.xml"));
    assert_eq!(site.page("404.html").count("h1"), 1);
}

#[test]
fn two_builds_with_1_and_8_threads_at_different_times_are_byte_identical() {
    let site = empty_site();
    site.write("content/news/2014-06-25-kiem-tra-vp/index.md", FULL_ITEM);
    site.write(
        "content/news/2014-06-25-kiem-tra-vp/anh.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>",
    );
    for i in 0..30 {
        site.write(
            &format!("content/news/2020-01-{:02}-tin-{i}.md", i % 28 + 1),
            &format!(
                "---\ntitle: Tin {i}\ndate: 2020-01-{:02}\ntags: [chủ đề {}]\n---\nThân bài {i}.\n",
                i % 28 + 1,
                i % 4
            ),
        );
    }
    site.run_with(&["build"], &[("RAYON_NUM_THREADS", "8")])
        .expect_exit(0);
    let first: Vec<(String, Vec<u8>)> = site
        .output_files()
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(site.public().join(&f)).unwrap()))
        .collect();
    site.run_with(
        &["build"],
        &[
            ("SOURCE_DATE_EPOCH", "1893456000"),
            ("RAYON_NUM_THREADS", "1"),
        ],
    )
    .expect_exit(0);
    let second: Vec<(String, Vec<u8>)> = site
        .output_files()
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(site.public().join(&f)).unwrap()))
        .collect();
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.0, b.0);
        assert!(a.1 == b.1, "{} differs between builds", a.0);
    }
}

/// The limit the reliability section states: one item of 50 MB (measured in
/// release: 1.4 s, 392 MB peak).
#[test]
fn a_fifty_megabyte_article_builds() {
    let site = empty_site();
    let paragraph = "Đoàn kiểm tra cải cách hành chính đã làm việc tại Sở Nội vụ về kết quả \
                     thực hiện Nghị định 43/2011/NĐ-CP: 201/201 hồ sơ đúng hẹn. ";
    let mut body = String::with_capacity(53_000_000);
    for i in 0..400_000 {
        if i % 40 == 0 {
            body.push_str(&format!("\n\n## Phần {}\n\n", i / 40));
        }
        body.push_str(paragraph);
        if i % 10 == 9 {
            body.push_str("\n\n");
        }
    }
    assert!(body.len() > 50_000_000);
    site.write(
        "content/news/dai.md",
        &format!("---\ntitle: Bài dài\ndate: 2021-01-01\n---\n{body}"),
    );
    site.build();
    let page = std::fs::metadata(site.public().join("news/dai/index.html")).unwrap();
    assert!(page.len() > 50_000_000);
    assert!(site.read("documents/index.html").contains("43/2011/NĐ-CP"));
}

/// The other limit: 100,000 items build in bounded memory (the paginator
/// once listed every list page, and 100,000 items took 18 GB). Measured
/// 2026-12-04: 578 MB at its peak (5.9 KB an item), debug and release alike;
/// the bound leaves room for allocator noise, not for a regression of half.
#[cfg(target_os = "linux")]
#[test]
fn a_hundred_thousand_items_build_in_bounded_memory() {
    let site = empty_site();
    site.write("site.yaml", "title: T\nbase_url: https://thu.example.vn/\n");
    for i in 0..100_000 {
        site.write(
            &format!("content/news/tin-{i:06}.md"),
            &format!(
                "---\ntitle: Tin {i}\ndate: 2021-01-{:02}\ntags: [chủ đề {}]\n---\n\nĐoàn kiểm tra làm việc lần {i}.\n",
                i % 28 + 1,
                i % 50
            ),
        );
    }
    let (status, stdout, peak_mb) = build_with_own_peak(&site);
    assert_eq!(status, 0, "{stdout}");
    assert!(stdout.contains("Built 100000 news items"), "{stdout}");
    assert!(site.exists("news/tin-099999/index.html"));
    assert!(site.exists("news/page/10000/index.html"));
    // A list page does not grow with the number of list pages.
    let list = std::fs::metadata(site.public().join("news/page/5000/index.html")).unwrap();
    assert!(list.len() < 30_000, "list page of {} bytes", list.len());
    assert!(peak_mb < 900, "peak RSS {peak_mb} MB");
}

/// `minhbach build` of `site`: its exit status, its standard output and the
/// peak RSS in MB of that process alone (`wait4`'s usage of this one child,
/// not the largest of every child the test process has had).
#[cfg(target_os = "linux")]
// The child is reaped by `wait4` below, which `Child::wait` cannot do with its usage.
#[allow(clippy::zombie_processes)]
fn build_with_own_peak(site: &Site) -> (i32, String, i64) {
    let out_path = site.root().join("build-output.txt");
    let out = std::fs::File::create(&out_path).expect("output file");
    let child = std::process::Command::new(binary())
        .args(["build"])
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .stdout(out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run minhbach");
    let pid = i32::try_from(child.id()).expect("pid");
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child and writes into the locals we own; the
    // `Child` is not waited on again (dropping it does not wait).
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    (code, stdout, usage.ru_maxrss / 1024)
}

#[cfg(unix)]
#[test]
fn symlink_loops_terminate() {
    let site = empty_site();
    site.write(
        "content/news/a.md",
        "---\ntitle: A\ndate: 2021-01-01\n---\n",
    );
    std::os::unix::fs::symlink(
        site.root().join("content/news"),
        site.root().join("content/news/vong"),
    )
    .unwrap();
    let run = site.run(&["build"]).expect_exit(0);
    assert!(
        run.stderr().contains("symbolic link loop"),
        "{}",
        run.stderr()
    );
}

#[cfg(unix)]
#[test]
fn symlinks_that_leave_the_site_are_not_followed() {
    let site = empty_site();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("x.md"),
        "---\ntitle: Tin ở ngoài site\ndate: 2021-01-01\n---\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("content_link")).unwrap();
    std::fs::create_dir_all(site.root().join("content/news")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("content/news/ngoai")).unwrap();
    site.run(&["build"])
        .expect_exit(0)
        .stderr_has("symbolic link leads outside the site folder");
    site.assert_no_file_mentions("Tin ở ngoài site");
}

#[test]
fn unchanged_files_keep_their_modification_time_across_builds() {
    let site = fixture("one-news-item");
    site.build();
    let item = site.public().join("news/kiem-tra/index.html");
    let before = std::fs::metadata(&item).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    site.write(
        "content/news/2021-03-05-moi.md",
        "---\ntitle: Tin mới\ndate: 2021-03-05\n---\n",
    );
    site.build();
    assert_eq!(
        std::fs::metadata(&item).unwrap().modified().unwrap(),
        before,
        "unchanged page kept its mtime"
    );
    let list = site.public().join("news/index.html");
    assert!(
        std::fs::metadata(&list).unwrap().modified().unwrap() > before,
        "changed list was rewritten"
    );
}

#[test]
fn a_result_of_zero_out_of_zero_shows_the_ratio_without_a_share() {
    let site = empty_site();
    site.write(
        "content/news/a.md",
        "---\ntitle: A\ndate: 2021-01-01\nresults:\n  - {indicator: Phản ánh được giải quyết, value: 0, total: 0, unit: phản ánh}\n---\n",
    );
    site.build();
    assert_eq!(
        site.page("news/a/").select_all(".results tbody tr"),
        ["Phản ánh được giải quyết 0/0 (0 phản ánh) — Không nêu — Không nêu — Không nêu năm 2021"]
    );
}
