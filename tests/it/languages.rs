//! A portal in Vietnamese and English (contract section 11): each language
//! its own pages under its own root, pages that know their translations,
//! a switch to the other language, English words on every English page,
//! and a site of one language built as it always was.

use scraper::{ElementRef, Html, Node};

use crate::harness::*;

fn two_languages() -> Site {
    let site = fixture("two-languages");
    site.build().expect_exit(0);
    site
}

/// `(hreflang, href)` of every `<link rel="alternate" hreflang>` of a page.
fn alternates(page: &Page) -> Vec<(String, String)> {
    let langs = page.select_all_attr("link[rel=alternate][hreflang]", "hreflang");
    let urls = page.select_all_attr("link[rel=alternate][hreflang]", "href");
    langs.into_iter().zip(urls).collect()
}

fn pair(lang: &str, url: &str) -> (String, String) {
    (lang.to_string(), url.to_string())
}

const ROOT: &str = "https://cchc.thu.example.vn/";

#[test]
fn every_page_says_its_language() {
    let site = two_languages();
    let mut seen = (0, 0);
    for file in site.output_files().iter().filter(|f| f.ends_with(".html")) {
        let page = site.page(file);
        let lang = page.attr("html", "lang");
        let english = file.starts_with("en/");
        assert_eq!(lang, if english { "en" } else { "vi" }, "{file}");
        if english {
            seen.0 += 1;
        } else {
            seen.1 += 1;
        }
    }
    assert!(seen.0 > 15 && seen.1 > 15, "{seen:?}");
}

#[test]
fn a_translation_and_its_original_name_each_other() {
    let site = two_languages();
    let vi = site.page("news/kiem-tra-so-noi-vu/");
    let en = site.page("en/news/kiem-tra-so-noi-vu/");
    let expected = vec![
        pair("vi", &format!("{ROOT}news/kiem-tra-so-noi-vu/")),
        pair("en", &format!("{ROOT}en/news/kiem-tra-so-noi-vu/")),
        pair("x-default", &format!("{ROOT}news/kiem-tra-so-noi-vu/")),
    ];
    assert_eq!(alternates(&vi), expected);
    assert_eq!(alternates(&en), expected);
    // A translation with a slug of its own is found by its file, not its URL.
    let about = site.page("en/pages/about/");
    assert_eq!(
        alternates(&about)[0],
        pair("vi", &format!("{ROOT}pages/gioi-thieu/"))
    );
    assert_eq!(
        alternates(&site.page("pages/gioi-thieu/"))[1],
        pair("en", &format!("{ROOT}en/pages/about/"))
    );
}

#[test]
fn the_switch_goes_to_the_translation_or_to_the_other_home() {
    let site = two_languages();
    let switch = |route: &str| site.page(route).attr(".language-switch a", "href");
    assert_eq!(
        switch("news/kiem-tra-so-noi-vu/"),
        format!("{ROOT}en/news/kiem-tra-so-noi-vu/")
    );
    assert_eq!(
        switch("en/news/kiem-tra-so-noi-vu/"),
        format!("{ROOT}news/kiem-tra-so-noi-vu/")
    );
    // Untranslated, and English only: the other language's home.
    assert_eq!(switch("news/mot-cua/"), format!("{ROOT}en/"));
    assert_eq!(switch("en/pages/investors/"), ROOT);
    assert!(alternates(&site.page("news/mot-cua/")).is_empty());
    // Lists are each language's own, and name each other.
    assert_eq!(switch("news/"), format!("{ROOT}en/news/"));
    let page = site.page("");
    let link = page.attr(".language-switch a", "lang");
    assert_eq!(link, "en", "the link's words are English");
    assert_eq!(page.text_of(".language-switch a"), "Read in English");
    assert_eq!(
        site.page("en/").text_of(".language-switch a"),
        "Xem bằng tiếng Việt"
    );
}

#[test]
fn each_language_lists_its_own_items_and_terms() {
    let site = two_languages();
    let titles = |route: &str| site.page(route).select_all(".card-title");
    assert_eq!(
        titles("en/news/"),
        [
            "Online public services for investors",
            "PAR INDEX results announced",
            "Administrative reform inspection at the Department of Home Affairs"
        ]
    );
    assert_eq!(
        titles("news/"),
        [
            "Công bố chỉ số PAR INDEX",
            "Bộ phận một cửa tiếp nhận hồ sơ trực tuyến",
            "Kiểm tra cải cách hành chính tại Sở Nội vụ"
        ]
    );
    // An English tag is a term of its own.
    assert!(site.exists("en/tags/inspection/index.html"));
    assert!(!site.exists("tags/inspection/index.html"));
    assert!(!site.exists("en/tags/kiem-tra/index.html"));
    assert_eq!(
        site.page("en/").text_of("h1"),
        "Administrative reform in Thu Nghiem Province"
    );
    assert_eq!(
        site.page("en/").attr(".brand", "href"),
        format!("{ROOT}en/")
    );
}

#[test]
fn feeds_carry_their_language_and_the_sitemap_lists_the_versions() {
    let site = two_languages();
    let en = site.read("en/rss.xml");
    assert!(en.contains("<language>en</language>"), "{en}");
    assert!(en.contains("PAR INDEX results announced"));
    assert!(!en.contains("Công bố chỉ số"));
    let vi = site.read("rss.xml");
    assert!(vi.contains("<language>vi</language>"));
    assert!(!vi.contains("PAR INDEX results announced"));
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains(r#"xmlns:xhtml="http://www.w3.org/1999/xhtml""#));
    let entry = |loc: &str| {
        sitemap
            .lines()
            .find(|l| l.contains(&format!("<loc>{ROOT}{loc}</loc>")))
            .unwrap_or_else(|| panic!("no sitemap entry for {loc}"))
            .to_string()
    };
    for loc in ["pages/gioi-thieu/", "en/pages/about/"] {
        let line = entry(loc);
        assert!(
            line.contains(&format!(r#"hreflang="en" href="{ROOT}en/pages/about/""#))
                && line.contains(&format!(r#"hreflang="vi" href="{ROOT}pages/gioi-thieu/""#)),
            "{line}"
        );
    }
    assert!(!entry("news/mot-cua/").contains("xhtml:link"));
}

#[test]
fn a_stale_translation_is_a_warning_naming_both_files() {
    let site = fixture("two-languages");
    let run = site.check().expect_exit(0);
    let stale: Vec<String> = run
        .stderr()
        .lines()
        .filter(|l| l.contains("older than"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        stale,
        ["warning: content/news/2024-07-01-chi-so-par.en.md:1: older than content/news/2024-07-01-chi-so-par.md, which it translates (2024-07-02 here, 2024-08-15 there): bring the translation up to date and set its `updated`"]
    );
}

#[test]
fn a_translation_of_nothing_and_a_language_the_site_lacks_are_errors() {
    let site = fixture("two-languages");
    site.write(
        "content/news/2024-09-01-khong-co.en.md",
        "---\ntitle: Nothing to translate\ndate: 2024-09-01\n---\n\nText.\n",
    );
    site.write(
        "content/pages/phap.md",
        "---\ntitle: Page\nlang: fr\n---\n\nTexte.\n",
    );
    site.write(
        "content/pages/sai.en.md",
        "---\ntitle: Page\nlang: vi\n---\n\nText.\n",
    );
    site.write("content/pages/sai.md", "---\ntitle: Trang\n---\n\nChữ.\n");
    let run = site.run(&["build"]).expect_exit(1);
    assert_eq!(
        run.error_lines(),
        [
            "error: content/news/2024-09-01-khong-co.en.md:1: translation into \"en\" of content/news/2024-09-01-khong-co.md, which does not exist: add it, or rename this file without `.en` and give it `lang: en` to publish it in that language only",
            "error: content/pages/phap.md:3:7: `lang`: expected one of the site's languages, vi, en; found \"fr\"",
            "error: content/pages/sai.en.md:3:7: `lang`: is \"vi\" but the file's name says \"en\": remove `lang`, or rename the file",
        ]
    );
    assert!(!site.public().exists(), "nothing written");
}

#[test]
fn a_site_of_one_language_refuses_lang_and_reads_no_translations() {
    let site = empty_site();
    // Not a translation here: an item like any other, as before languages.
    site.write(
        "content/news/2024-01-03-b.en.md",
        "---\ntitle: B\ndate: 2024-01-03\n---\n\nB.\n",
    );
    site.write(
        "content/news/2024-01-02-a.md",
        "---\ntitle: A\ndate: 2024-01-02\nlang: en\n---\n\nA.\n",
    );
    let run = site.run(&["build"]).expect_exit(1);
    assert_eq!(
        run.error_lines(),
        ["error: content/news/2024-01-02-a.md:4:7: `lang`: expected one of the site's languages, vi; found \"en\" (a site of several languages lists them in site.yaml `languages: [vi, en]`)"]
    );
    std::fs::remove_file(site.root().join("content/news/2024-01-02-a.md")).expect("remove");
    site.build();
    assert_eq!(site.page("news/b-en/").text_of("h1"), "B");
}

#[test]
fn a_site_without_languages_builds_as_with_one_language() {
    let plain = fixture("every-page-type");
    plain.build().expect_exit(0);
    let listed = fixture("every-page-type");
    let config = std::fs::read_to_string(listed.root().join("site.yaml")).expect("site.yaml");
    listed.write("site.yaml", &format!("{config}\nlanguages: [vi]\n"));
    listed.build().expect_exit(0);
    let files = plain.output_files();
    assert_eq!(files, listed.output_files());
    assert!(files.len() > 50);
    for file in &files {
        let (a, b) = (
            std::fs::read(plain.public().join(file)).expect("read"),
            std::fs::read(listed.public().join(file)).expect("read"),
        );
        assert!(a == b, "{file} differs");
    }
    assert!(!plain.read("sitemap.xml").contains("xhtml"));
    assert_eq!(plain.page("").count("link[hreflang], .language-switch"), 0);
}

#[test]
fn the_open_data_pages_of_every_language_count_the_rows_of_the_one_set_of_files() {
    let site = two_languages();
    let mut counted = Vec::new();
    for name in [
        "news",
        "inspections",
        "results",
        "procedures",
        "indices",
        "documents",
    ] {
        let csv = site.read(&format!("data/{name}.csv"));
        let rows = csv::Reader::from_reader(csv.as_bytes()).records().count();
        for page in ["data/", "en/data/"] {
            let shown = site.page(page).text_of(&format!("tr#{name} td.num"));
            assert_eq!(shown, rows.to_string(), "{page}: rows of {name}");
        }
        counted.push(rows);
    }
    // The English-only item and the record cited by it are rows too; the
    // translated items are not counted twice.
    let news_vi = site
        .output_files()
        .iter()
        .filter(|f| {
            f.starts_with("news/")
                && f.ends_with("/index.html")
                && !f.starts_with("news/page/")
                && f.matches('/').count() == 2
        })
        .count();
    assert!(counted[0] > 0 && counted[5] > 0, "{counted:?}");
    assert_eq!(
        counted[0],
        news_vi + 1,
        "every Vietnamese item and the English-only one"
    );
}

#[test]
fn open_data_is_one_set_of_files_with_a_column_per_language() {
    let site = two_languages();
    assert!(!site.exists("en/data/news.csv"));
    let csv = site.read("data/news.csv");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = rows
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}: {header:?}"))
    };
    let (title, title_en, url_en) = (col("title"), col("title_en"), col("url_en"));
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.expect("row")).collect();
    let by_en = |en: &str| {
        records
            .iter()
            .find(|r| &r[title_en] == en)
            .unwrap_or_else(|| panic!("no row with title_en {en}"))
    };
    let row = by_en("Administrative reform inspection at the Department of Home Affairs");
    assert_eq!(&row[title], "Kiểm tra cải cách hành chính tại Sở Nội vụ");
    assert_eq!(&row[url_en], format!("{ROOT}en/news/kiem-tra-so-noi-vu/"));
    let untranslated = records
        .iter()
        .find(|r| &r[title] == "Bộ phận một cửa tiếp nhận hồ sơ trực tuyến")
        .expect("the untranslated item's row");
    assert_eq!(&untranslated[title_en], "", "not written, not copied");
    let english_only = by_en("Online public services for investors");
    assert_eq!(&english_only[title], "", "no Vietnamese title was written");
    assert_eq!(records.len(), 4, "three items and one in English only");
}

#[test]
fn english_pages_are_english_from_header_to_footer() {
    let site = two_languages();
    let mut checked = 0;
    for file in site
        .output_files()
        .iter()
        .filter(|f| f.starts_with("en/") && f.ends_with(".html"))
    {
        let page = site.page(file);
        let found = vietnamese_in_english(&page.html);
        assert!(found.is_empty(), "{file}: {found:?}");
        checked += 1;
    }
    assert!(checked >= 20, "{checked} English pages");
}

/// Text and labels of a page that are in the page's English but hold
/// Vietnamese letters; text inside an element marked `lang="vi"` is
/// Vietnamese on purpose (the language switch, a quoted name).
fn vietnamese_in_english(html: &Html) -> Vec<String> {
    let mut found = Vec::new();
    for node in html.tree.nodes() {
        let (element, texts) = match node.value() {
            Node::Text(text) => (
                node.parent().and_then(ElementRef::wrap),
                vec![text.to_string()],
            ),
            Node::Element(el) => (
                ElementRef::wrap(node),
                ["aria-label", "alt", "title", "placeholder", "content"]
                    .iter()
                    .filter_map(|a| el.attr(a).map(str::to_string))
                    .collect(),
            ),
            _ => continue,
        };
        let Some(element) = element else {
            continue;
        };
        if language_of(element) != "en" || matches!(element.value().name(), "script" | "style") {
            continue;
        }
        found.extend(
            texts
                .into_iter()
                .filter(|t| t.chars().any(is_vietnamese_letter)),
        );
    }
    found
}

fn language_of(element: ElementRef) -> String {
    std::iter::successors(Some(element), |e| e.parent().and_then(ElementRef::wrap))
        .find_map(|e| e.value().attr("lang"))
        .unwrap_or("")
        .to_string()
}

/// A letter only Vietnamese writes among the languages of this portal:
/// đ, ơ, ư, and the vowels with a tone mark.
fn is_vietnamese_letter(c: char) -> bool {
    const MARKED: &str = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ";
    c.to_lowercase().any(|l| MARKED.contains(l))
}

#[test]
fn the_diacritics_check_finds_vietnamese_where_it_is_not_marked() {
    let html = Html::parse_document(
        r#"<html lang="en"><body><p>Inspection</p><p lang="vi">Kiểm tra</p><nav aria-label="Điều hướng"><p>Tin tức</p></nav></body></html>"#,
    );
    assert_eq!(vietnamese_in_english(&html), ["Điều hướng", "Tin tức"]);
}

#[test]
fn a_site_overrides_words_key_by_key_and_is_told_of_missing_ones() {
    let site = fixture("two-languages");
    site.write(
        "themes/default/i18n/en.yaml",
        "ui.home.latest: \"Newest\"\n",
    );
    site.write(
        "themes/default/i18n/vi.yaml",
        "ui.home.latest: \"Tin mới nhất\"\nhome.welcome: \"Xin chào\"\n",
    );
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ title }}</h1><p class=\"welcome\">{{ t(k=\"home.welcome\") }}</p>{% endblock %}",
    );
    let run = site.build();
    let warnings: Vec<String> = run
        .stderr()
        .lines()
        .filter(|l| l.contains("no text for"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        warnings,
        ["warning: themes/default/i18n/en.yaml:1: `home.welcome`: no text for `home.welcome` (themes/default/i18n/vi.yaml has one): \"en\" pages show it as \"Xin chào\""]
    );
    assert_eq!(site.page("en/").text_of("#tin-moi"), "Newest");
    assert_eq!(site.page("").text_of("#tin-moi"), "Tin mới nhất");
    assert_eq!(site.page("en/pages/about/").text_of(".welcome"), "Xin chào");
    // Every other word is the default theme's.
    assert_eq!(
        site.page("en/").text_of(".skip-link"),
        "Skip to the main content"
    );
}

#[test]
fn a_key_no_table_has_is_an_error_naming_the_template() {
    let site = fixture("two-languages");
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ t(k=\"no.such.key\") }}{% endblock %}",
    );
    let run = site.run(&["build"]).expect_exit(1);
    let lines = run.error_lines();
    assert!(
        lines.iter().all(|l| l
            .starts_with("error: themes/default/templates/page.html:1: cannot render /")
            && l.contains("no text for the key \"no.such.key\"")),
        "{lines:?}"
    );
    assert_eq!(
        lines.len(),
        3,
        "the pages of the three plain pages: {lines:?}"
    );
}
