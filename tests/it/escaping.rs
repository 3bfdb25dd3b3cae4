//! User text is text: markup in front matter never becomes markup in pages,
//! attributes, feeds, the sitemap or open data.

use crate::harness::*;

const HOSTILE: &str = "<script>alert(1)</script>\" onmouseover=\"x";

#[test]
fn markup_in_front_matter_is_escaped_everywhere() {
    let site = empty_site();
    site.write(
        "content/news/2021-01-01-a.md",
        &format!(
            "---\ntitle: '{HOSTILE}'\ndate: 2021-01-01\nsummary: '{HOSTILE}'\nauthor: '<b>Tác giả</b>'\nagency: '<i>Sở</i>'\ntags: ['<img src=x onerror=alert(1)>']\nimage:\n  src: a.png\n  alt: '\"><script>alert(2)</script>'\n  caption: '<em>chú thích</em>'\ninspection:\n  unit: '<u>Đơn vị</u>'\n  unit_level: other\n  shortcomings: ['<script>x</script>']\nresults:\n  - indicator: '<svg onload=alert(3)>'\n    value: 1\n---\n\nThân bài.\n"
        ),
    );
    site.build();
    for file in site.output_files() {
        // Open data carries text as data (checked below), not as markup.
        if file.starts_with("data/") {
            continue;
        }
        // Every file is read, as text where it is not UTF-8: none is skipped.
        let bytes = std::fs::read(site.public().join(&file)).unwrap();
        // The search filters' labels are data too: a binary file (served as
        // application/octet-stream) that search.js reads into textContent.
        // It must hold the tag as written, and never start like a document.
        if file == "search/facets.bin" {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                text.contains("<img src=x onerror=alert(1)>"),
                "the tag as data"
            );
            assert!(!bytes.starts_with(b"<"), "not sniffable as markup");
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for live in [
            "<script>alert",
            "<img src=x",
            "<svg onload",
            "<b>Tác",
            "<i>Sở",
            "<u>Đơn",
            "<em>chú",
            "<script>x",
        ] {
            assert!(!text.contains(live), "{file} contains live markup {live:?}");
        }
        assert!(
            !text.contains("\" onmouseover=\"x"),
            "{file} lets an attribute out"
        );
    }
    let page = site.page("news/a/");
    assert_eq!(page.text_of("h1"), HOSTILE);
    assert_eq!(
        page.attr(".lead-image img", "alt"),
        "\"><script>alert(2)</script>"
    );
    assert_eq!(page.attr("meta[name=description]", "content"), HOSTILE);
    let news: serde_json::Value = serde_json::from_str(&site.read("data/news.json")).unwrap();
    assert_eq!(news[0]["title"], HOSTILE, "data keeps the text exactly");
    // The feed was among the files checked above, and carries the title as text.
    let feed = site.read("rss.xml");
    assert!(
        feed.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{feed}"
    );
}

#[test]
fn scripts_in_markdown_bodies_are_refused_unless_the_site_allows_them() {
    let site = empty_site();
    site.write(
        "content/news/a.md",
        "---\ntitle: A\ndate: 2021-01-01\n---\n\n<details><summary>Chi tiết</summary>Giữ nguyên</details>\n\n<script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n[bấm](javascript:alert(3))\n",
    );
    let run = site.run(&["build"]).expect_exit(1);
    let lines = run.error_lines();
    assert_eq!(
        lines,
        [
            "error: content/news/a.md:8: `body`: raw HTML with a <script> element is not allowed: it would run in readers' browsers (site.yaml `unsafe_html: true` allows it)",
            "error: content/news/a.md:10: `body`: raw HTML with an event-handler attribute (onerror) is not allowed: it would run in readers' browsers (site.yaml `unsafe_html: true` allows it)",
            "error: content/news/a.md:12: `body`: raw HTML with a javascript: address is not allowed: it would run in readers' browsers (site.yaml `unsafe_html: true` allows it)",
        ]
    );
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://thu.example.vn/\nunsafe_html: true\n",
    );
    site.build();
    let page = site.page("news/a/");
    assert!(
        page.text.contains("<script>alert(1)</script>"),
        "allowed by the site"
    );
    assert!(
        page.text.contains("<details><summary>Chi tiết</summary>"),
        "harmless HTML is kept"
    );
}
