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
        let text = std::fs::read_to_string(site.public().join(&file)).unwrap_or_default();
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
}
