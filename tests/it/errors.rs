//! Content errors: every error of a build at once, each naming file, line,
//! column and key; exit status 1; the previous output untouched.

use crate::harness::*;

#[test]
fn nine_errors_in_seven_files_are_all_reported_with_position_and_key() {
    let site = fixture("front-matter-errors");
    let run = site.run(&["build"]).expect_exit(1);
    assert_eq!(
        run.error_lines(),
        [
            "error: content/inspections/2020.md:2:7: `year`: expected the year of the file name (2020), found 2019",
            "error: content/news/2019-kiem-tra.md:4:7: `date`: expected a date like 2019-03-27, found \"27/3/2019\"",
            "error: content/news/2019-kiem-tra.md:7:15: `inspection.unit_level`: expected one of province, department, district, commune, other; found \"ward\"",
            "error: content/news/khong-tieu-de.md:1:1: `title`: required key is missing: expected a text",
            "error: content/news/noi-bat.md:4:11: `featured`: expected true or false, found \"có\"",
            "error: content/news/so-lieu.md:6:12: `results[0].value`: expected a number, found \"nhiều\"",
            "error: content/news/so-lieu.md:9:13: `results[1].period`: expected a period like 2021, 2021-Q3, 2021-07, 2021-H1 or Quý III/2021, found \"Q1/2021\"",
            "error: content/news/yaml-hong.md:4:1: `tags`: invalid YAML: did not find expected ',' or ']' (is a `[` list or `{` mapping left open?)",
            "error: content/procedures/1-000001.md:6:9: `online`: expected one of full, partial, none; found \"có\"",
        ]
    );
    assert!(
        run.stderr().contains("error: 9 errors in 7 files"),
        "{}",
        run.stderr()
    );
    assert!(
        !site.public().exists(),
        "a failed first build must not create public/"
    );
}

/// The line after each finding: how to fix it, in the editors' language.
fn fixes_under_findings(run: &Run) -> Vec<(String, String)> {
    let stderr = run.stderr();
    let lines: Vec<&str> = stderr.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].starts_with("error: content/"))
        .map(|w| (w[0].to_string(), w[1].to_string()))
        .collect()
}

#[test]
fn every_error_is_followed_by_how_to_fix_it_in_the_language_of_the_sites_editors() {
    let site = fixture("front-matter-errors");
    let vi = fixes_under_findings(&site.run(&["build"]).expect_exit(1));
    let expected = [
        "đặt tên tệp theo năm (2024.md)",
        "ngày phải viết dạng năm-tháng-ngày: 2019-03-27",
        "chọn một trong các giá trị được liệt kê",
        "thêm khóa còn thiếu",
        "viết true (có) hoặc false (không)",
        "viết một số bằng chữ số, ví dụ 97.5",
        "2021, 2021-Q3, 2021-07, 2021-H1 hoặc Quý III/2021",
        "thụt lề bằng dấu cách",
        "chọn một trong các giá trị được liệt kê",
    ];
    assert_eq!(vi.len(), expected.len(), "{vi:#?}");
    for ((finding, fix), words) in vi.iter().zip(expected) {
        assert!(
            fix.starts_with("  Cách sửa: ") && fix.contains(words),
            "after {finding:?} expected a fix with {words:?}, found {fix:?}"
        );
    }

    let config = site.root().join("site.yaml");
    let written = std::fs::read_to_string(&config).expect("site.yaml");
    std::fs::write(&config, format!("{written}language: en\n")).expect("write site.yaml");
    let en = fixes_under_findings(&site.check().expect_exit(1));
    assert_eq!(en.len(), expected.len(), "{en:#?}");
    assert!(
        en.iter().all(|(_, fix)| fix.starts_with("  To fix: ")),
        "{en:#?}"
    );
    assert!(
        en[1]
            .1
            .contains("write the date as year-month-day: 2019-03-27"),
        "{en:#?}"
    );
}

#[test]
fn check_reports_the_same_errors_and_writes_nothing() {
    let site = fixture("front-matter-errors");
    let built = site.run(&["build"]).expect_exit(1).error_lines();
    let checked = site.check().expect_exit(1).error_lines();
    assert_eq!(checked.len(), 9, "{checked:#?}");
    assert_eq!(checked, built);
    assert!(!site.public().exists());
}

#[test]
fn failing_build_leaves_the_previous_output_exactly_as_it_was() {
    let site = fixture("one-news-item");
    site.build();
    let before: Vec<(String, Vec<u8>)> = site
        .output_files()
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.public().join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    site.write(
        "content/news/2021-05-06-moi.md",
        "---\ntitle: Mới\ndate: 6/5/2021\n---\n",
    );
    site.run(&["build"])
        .expect_exit(1)
        .stderr_has("public was left as it was");
    let after: Vec<(String, Vec<u8>)> = site
        .output_files()
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.public().join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    assert_eq!(before, after);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left: {leftovers:?}"
    );
}

#[test]
fn unknown_key_is_a_warning_that_suggests_the_nearest_key() {
    let site = empty_site();
    site.write(
        "content/news/2021-01-02-a.md",
        "---\ntitle: A\ndate: 2021-01-02\ntag: [một cửa]\n---\nThân bài.\n",
    );
    site.build()
        .stderr_has("warning: content/news/2021-01-02-a.md:4:6: `tag`: unknown key, ignored; did you mean `tags`?");
}

#[test]
fn missing_site_yaml_is_an_error_naming_it() {
    let site = empty_site();
    std::fs::remove_file(site.root().join("site.yaml")).unwrap();
    site.run(&["build"])
        .expect_exit(1)
        .stderr_has("error: site.yaml:1: file not found");
}

#[test]
fn bad_site_yaml_and_bad_content_are_reported_together() {
    let site = empty_site();
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://x.vn/\ntimezone: Asia/Saigon\n",
    );
    site.write("content/news/a.md", "---\ntitle: A\ndate: hôm qua\n---\n");
    let run = site.run(&["build"]).expect_exit(1);
    let lines = run.error_lines();
    assert_eq!(
        lines,
        [
            "error: content/news/a.md:3:7: `date`: expected a date like 2019-03-27, found \"hôm qua\"",
            "error: site.yaml:3:11: `timezone`: expected an offset like +07:00, found \"Asia/Saigon\"",
        ]
    );
}

/// One run with an error in each kind of file that is not a content page:
/// the registry, a theme template and the `--base-url` flag, beside a news
/// item's; each is a line of its own, and the summary counts them all.
#[test]
fn errors_in_documents_yaml_a_theme_template_and_base_url_are_reported_with_content_errors() {
    let site = empty_site();
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://thu.example.vn/\ntheme: rieng\n",
    );
    site.write("content/news/a.md", "---\ntitle: A\ndate: hôm qua\n---\n");
    site.write(
        "content/documents.yaml",
        "\"43/2011/NĐ-CP\":\n  title: Về một cửa\n\"không phải số\":\n  title: X\n",
    );
    site.write(
        "themes/rieng/templates/news_item.html",
        "{% extends \"base.html\" %}{% block content %}{% if %}{% endblock %}\n",
    );
    let run = site
        .run(&["build", "--base-url", "ftp:x y"])
        .expect_exit(1)
        .stderr_has("error: 4 errors in 4 files;");
    let lines = run.error_lines();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert_eq!(
        lines[..3],
        [
            "error: --base-url:1: expected an address like https://cchc.example.gov.vn/ or a path like /portal/, found \"ftp:x y\"",
            "error: content/documents.yaml:3:1: `không phải số`: expected a document number such as 43/2011/NĐ-CP or 151/TB-SNV as the key, found \"không phải số\"",
            "error: content/news/a.md:3:7: `date`: expected a date like 2019-03-27, found \"hôm qua\"",
        ]
    );
    assert!(
        lines[3].starts_with(
            "error: themes/rieng/templates/news_item.html:1: template error: Failed to parse 'news_item.html'"
        ),
        "{}",
        lines[3]
    );
}

#[test]
fn file_that_is_not_utf8_names_the_line_of_the_first_bad_byte() {
    let site = empty_site();
    let mut bytes = b"---\ntitle: A\ndate: 2021-01-02\n---\nD\xF2ng hai\n".to_vec();
    bytes.extend_from_slice(b"ok\n");
    std::fs::create_dir_all(site.root().join("content/news")).unwrap();
    std::fs::write(site.root().join("content/news/latin1.md"), bytes).unwrap();
    site.run(&["build"]).expect_exit(1).stderr_has(
        "error: content/news/latin1.md:5:2: file is not valid UTF-8 (byte 0xF2); save it as UTF-8",
    );
}

#[test]
fn file_without_front_matter_is_an_error() {
    let site = empty_site();
    site.write("content/news/a.md", "# Tiêu đề\n\nThân bài.\n");
    site.run(&["build"])
        .expect_exit(1)
        .stderr_has("error: content/news/a.md:1:1: expected front matter");
}

#[test]
fn unclosed_front_matter_is_an_error_on_line_one() {
    let site = empty_site();
    site.write(
        "content/news/a.md",
        "---\ntitle: A\ndate: 2021-01-02\n\nThân bài.\n",
    );
    site.run(&["build"])
        .expect_exit(1)
        .stderr_has("error: content/news/a.md:1:1: front matter opened with `---` is never closed");
}

#[test]
fn image_without_alt_text_is_an_error() {
    let site = empty_site();
    site.write(
        "content/news/a.md",
        "---\ntitle: A\ndate: 2021-01-02\nimage:\n  src: anh.jpg\n---\n",
    );
    site.run(&["build"])
        .expect_exit(1)
        .stderr_has("error: content/news/a.md:4:1: `image.alt`: required key is missing");
}

#[test]
fn recommendation_status_outside_the_list_is_an_error() {
    let site = empty_site();
    site.write(
        "content/news/a.md",
        "---\ntitle: A\ndate: 2021-01-02\ninspection:\n  unit: Sở Y tế\n  unit_level: department\n  recommendations:\n    - text: Sửa quy chế\n      status: xong\n---\n",
    );
    site.run(&["build"]).expect_exit(1).stderr_has(
        "error: content/news/a.md:9:15: `inspection.recommendations[0].status`: expected one of open, in_progress, done; found \"xong\"",
    );
}

#[test]
fn two_items_with_one_url_are_an_error_naming_both_files() {
    let site = empty_site();
    site.write(
        "content/news/2021-01-02-kiem-tra.md",
        "---\ntitle: A\ndate: 2021-01-02\n---\n",
    );
    site.write(
        "content/news/2022-03-04-kiem-tra.md",
        "---\ntitle: B\ndate: 2022-03-04\n---\n",
    );
    site.run(&["build"]).expect_exit(1).stderr_has(
        "error: content/news/2022-03-04-kiem-tra.md:1:1: `slug`: the URL /news/kiem-tra/ is already used by content/news/2021-01-02-kiem-tra.md",
    );
}

#[test]
fn alias_equal_to_a_page_url_is_an_error_naming_both_files() {
    let site = empty_site();
    site.write(
        "content/news/2021-01-02-a.md",
        "---\ntitle: A\ndate: 2021-01-02\n---\n",
    );
    site.write(
        "content/news/2021-01-03-b.md",
        "---\ntitle: B\ndate: 2021-01-03\naliases:\n  - /news/a/\n---\n",
    );
    site.run(&["build"]).expect_exit(1).stderr_has(
        "error: content/news/2021-01-03-b.md:5:5: `aliases`: the alias /news/a/ is the URL of content/news/2021-01-02-a.md",
    );
}

#[test]
fn alias_that_climbs_out_of_the_site_is_an_error() {
    let site = empty_site();
    site.write(
        "content/news/a.md",
        "---\ntitle: A\ndate: 2021-01-02\naliases: [\"/../../etc/x\"]\n---\n",
    );
    site.run(&["build"])
        .expect_exit(1)
        .stderr_has("`aliases[0]`: expected a path inside the site");
}

#[test]
fn slug_with_a_slash_is_an_error() {
    let site = empty_site();
    site.write(
        "content/news/a.md",
        "---\ntitle: A\ndate: 2021-01-02\nslug: ../x\n---\n",
    );
    site.run(&["build"])
        .expect_exit(1)
        .stderr_has("error: content/news/a.md:4:7: `slug`: expected one URL segment");
}

#[test]
fn yaml_alias_bomb_is_a_clear_error_not_a_hang() {
    let site = empty_site();
    let mut yaml = String::from("---\ntitle: Bom\ndate: 2021-01-01\na0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(",");
        yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    yaml.push_str("---\n");
    site.write("content/news/bom.md", &yaml);
    site.run(&["build"])
        .expect_exit(1)
        .stderr_has("error: content/news/bom.md:2: invalid YAML: repetition limit exceeded (anchors and aliases expand to too much data)");
}

#[test]
fn ten_thousand_levels_of_nested_lists_and_quotes_build_without_overflowing_the_stack() {
    let site = empty_site();
    let list: String = (0..10_000)
        .map(|i| format!("{}- mục\n", "  ".repeat(i)))
        .collect();
    let quote = format!("{} trích dẫn\n", ">".repeat(10_000));
    site.write(
        "content/news/sau.md",
        &format!("---\ntitle: Lồng sâu\ndate: 2021-01-01\n---\n\n{quote}\n{list}"),
    );
    site.build();
    assert!(site.read("news/sau/index.html").contains("trích dẫn"));
}
