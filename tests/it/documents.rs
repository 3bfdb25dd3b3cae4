//! Legal documents as records (issue 16): `documents.yaml` with kinds and
//! files, a page per document, replacements both ways, one number under two
//! issuers, and `check` verifying every link's `#id`.

use std::collections::{HashMap, HashSet};

use minhbach::search::format::{read_fragment, Manifest};
use scraper::{Html, Selector};

use crate::harness::{demo, empty_site, fixture, Site};

const BASE: &str = "https://thu.example.vn/";

fn legal_documents() -> Site {
    let site = fixture("legal-documents");
    site.build();
    site
}

#[test]
fn a_registered_document_has_a_page_with_its_record_and_its_file() {
    let site = legal_documents();
    let page = site.page("documents/93-2007-qd-ttg/");
    assert_eq!(page.select_all("h1"), ["Quyết định 93/2007/QĐ-TTg"]);
    let facts = page.text_of(".facts");
    assert!(facts.contains("Thủ tướng Chính phủ"), "{facts}");
    assert!(facts.contains("22/06/2007"), "{facts}");
    // Not stated is said so, never made up.
    assert!(facts.contains("Ngày có hiệu lực — Không nêu"), "{facts}");
    let href = page.attr("a.button", "href");
    assert_eq!(
        href,
        format!("{BASE}documents/93-2007-qd-ttg/93-2007-qd-ttg.pdf")
    );
    assert_eq!(page.text_of("a.button"), "Tải tệp (PDF, 1 KB)");
    let copied = std::fs::read(
        site.public()
            .join("documents/93-2007-qd-ttg/93-2007-qd-ttg.pdf"),
    )
    .expect("file copied");
    let source = std::fs::read(site.root().join("content/van-ban/qd-93-2007.pdf")).unwrap();
    assert_eq!(copied, source);
    assert!(page.main_text().contains("Một cửa ở Sở Tư pháp"));
    let json_ld = page.text_of("script[type='application/ld+json']");
    assert!(json_ld.contains("\"@type\":\"Legislation\""), "{json_ld}");
    assert!(
        json_ld.contains("\"legislationIdentifier\":\"93/2007/QĐ-TTg\""),
        "{json_ld}"
    );
}

#[test]
fn replacements_link_both_ways_to_pages_that_exist() {
    let site = legal_documents();
    let old = site.page("documents/93-2007-qd-ttg/");
    assert_eq!(
        old.attr(".notice a", "href"),
        format!("{BASE}documents/09-2015-qd-ttg/")
    );
    // Nobody cites or registers 09/2015/QĐ-TTg: it still has a page.
    let new = site.page("documents/09-2015-qd-ttg/");
    assert!(
        new.main_text().contains("Thay thế: 93/2007/QĐ-TTg"),
        "{}",
        new.main_text()
    );
    assert_eq!(
        new.select_all_attr("main p a", "href"),
        [format!("{BASE}documents/93-2007-qd-ttg/")]
    );
    let list = site.page("documents/");
    assert_eq!(
        list.attr("#vb-93-2007-qd-ttg .notice a", "href"),
        format!("{BASE}documents/09-2015-qd-ttg/")
    );
}

#[test]
fn a_registered_document_nobody_cites_has_its_page_too() {
    let site = legal_documents();
    let page = site.page("documents/16-2012-qh13/");
    assert!(page
        .main_text()
        .contains("Chưa có trang nào nhắc đến văn bản này."));
}

#[test]
fn the_list_is_cut_by_kind_and_year_without_javascript() {
    let site = legal_documents();
    let list = site.page("documents/");
    let kinds = list.select_all_attr(".document-cuts a", "href");
    assert!(
        kinds.contains(&format!("{BASE}documents/kind/luat/")),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&format!("{BASE}documents/year/2007/")),
        "{kinds:?}"
    );
    let laws = site.page("documents/kind/luat/");
    assert_eq!(laws.select_all(".document-code"), ["16/2012/QH13"]);
    let year = site.page("documents/year/2020/");
    assert_eq!(year.count(".document-list > li"), 2);
}

#[test]
fn a_shared_number_is_attributed_by_the_issuer_its_sentence_names() {
    let site = fixture("legal-documents");
    let run = site.build();
    let tay_ninh = site.page("documents/486-qd-ubnd-ubnd-tinh-tay-ninh/");
    assert!(tay_ninh.main_text().contains("Tây Ninh kiểm tra cải cách"));
    assert!(!tay_ninh.main_text().contains("không rõ của ai"));
    let binh_phuoc = site.page("documents/486-qd-ubnd-ubnd-tinh-binh-phuoc/");
    assert!(binh_phuoc.main_text().contains("Chưa có trang nào"));
    // Unattributed: under the number, which points to both issuers' pages.
    let number = site.page("documents/486-qd-ubnd/");
    assert!(number
        .main_text()
        .contains("Một quyết định không rõ của ai"));
    let shared = number.select_all_attr(".notice a", "href");
    assert_eq!(shared.len(), 2, "{shared:?}");
    let stderr = run.stderr();
    assert!(
        stderr.contains("warning: content/news/2021-03-01-khong-ro.md:6:31: 486/QĐ-UBND is the number of documents of UBND tỉnh Bình Phước, UBND tỉnh Tây Ninh"),
        "{stderr}"
    );
    // The item links to the document its sentence names.
    let item = site.page("news/tay-ninh/");
    assert_eq!(
        item.select_all_attr(".documents-cited a", "href"),
        [format!("{BASE}documents/486-qd-ubnd-ubnd-tinh-tay-ninh/")]
    );
}

fn registry_errors(yaml: &str) -> Vec<String> {
    let site = empty_site();
    site.write("content/van-ban/a.pdf", "%PDF-1.4\n");
    site.write("content/documents.yaml", yaml);
    site.run(&["build"]).expect_exit(1).error_lines()
}

#[test]
fn a_missing_or_unsafe_file_is_an_error_naming_line_column_and_key() {
    let lines = registry_errors(concat!(
        "\"1/2020/NĐ-CP\":\n  file: van-ban/khong-co.pdf\n",
        "\"2/2020/NĐ-CP\":\n  file: ../site.yaml.pdf\n",
        "\"3/2020/NĐ-CP\":\n  file: /etc/passwd.pdf\n",
        "\"4/2020/NĐ-CP\":\n  file: van-ban/a.exe\n",
        "\"5/2020/NĐ-CP\":\n  file: van-ban/a.pdf\n",
    ));
    assert_eq!(
        lines,
        [
            "error: content/documents.yaml:2:9: `1/2020/NĐ-CP.file`: file \"van-ban/khong-co.pdf\" is not in content/ (the path is relative to content/)",
            "error: content/documents.yaml:4:9: `2/2020/NĐ-CP.file`: expected a path inside content/ such as van-ban/43-2011-nd-cp.pdf, found \"../site.yaml.pdf\"",
            "error: content/documents.yaml:6:9: `3/2020/NĐ-CP.file`: expected a path inside content/ such as van-ban/43-2011-nd-cp.pdf, found \"/etc/passwd.pdf\"",
            "error: content/documents.yaml:8:9: `4/2020/NĐ-CP.file`: expected a PDF, DOC, DOCX, ODT or XLSX file, found \"van-ban/a.exe\"",
        ]
    );
}

#[test]
fn a_shared_number_without_an_issuer_is_an_error() {
    let lines =
        registry_errors("\"486/QĐ-UBND\":\n  - issuer: UBND tỉnh Tây Ninh\n  - title: Không rõ\n");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].starts_with("error: content/documents.yaml:3:5: `486/QĐ-UBND[1].issuer`: 486/QĐ-UBND is listed more than once"),
        "{lines:#?}"
    );
}

#[test]
fn check_refuses_a_link_to_an_id_its_page_does_not_have() {
    let site = fixture("legal-documents");
    site.write(
        "content/news/2021-04-01-lien-ket.md",
        "---\ntitle: Liên kết\ndate: 2021-04-01\n---\n\nXem [dòng cũ](/documents/#vb-khong-co) và [đúng](/documents/#vb-93-2007-qd-ttg).\n",
    );
    let run = site.check().expect_exit(1);
    let lines = run.error_lines();
    assert_eq!(
        lines,
        ["error: content/news/2021-04-01-lien-ket.md:6: `body`: link to /documents/#vb-khong-co goes to a part (#id) its page does not have"],
    );
}

/// Every link of every generated page of `site`'s output that stays inside
/// the site leads to a file, and its `#id` to an element of that page.
fn assert_every_anchor_resolves(site: &Site, base: &str) {
    let public = site.public();
    let files: HashSet<String> = site.output_files().into_iter().collect();
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    let href = Selector::parse("a[href], link[href]").unwrap();
    let with_id = Selector::parse("[id]").unwrap();
    let mut ids_of = |file: &str| -> HashSet<String> {
        ids.entry(file.to_string())
            .or_insert_with(|| {
                let text = std::fs::read_to_string(public.join(file)).unwrap_or_default();
                let html = Html::parse_document(&text);
                html.select(&with_id)
                    .filter_map(|e| e.value().attr("id").map(str::to_string))
                    .collect()
            })
            .clone()
    };
    let mut checked = 0;
    for file in files.iter().filter(|f| f.ends_with(".html")) {
        let text = std::fs::read_to_string(public.join(file)).unwrap();
        let html = Html::parse_document(&text);
        for a in html.select(&href) {
            let link = a.value().attr("href").unwrap();
            let Some(rest) = link.strip_prefix(base) else {
                continue;
            };
            let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
            let path = path.split('?').next().unwrap_or(path);
            let target = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            assert!(files.contains(&target), "{file}: {link} has no file");
            if !fragment.is_empty() {
                assert!(
                    ids_of(&target).contains(fragment),
                    "{file}: {link} has no #{fragment}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links");
}

#[test]
fn every_link_and_anchor_of_the_fixture_resolves() {
    let site = legal_documents();
    assert_every_anchor_resolves(&site, BASE);
    site.check().expect_exit(0);
}

#[test]
fn every_link_and_anchor_of_the_demo_resolves_and_check_agrees() {
    let site = demo();
    site.build();
    let base = "https://cchc.example.gov.vn/";
    assert_every_anchor_resolves(&site, base);
    site.check().expect_exit(0);
}

/// A record's kind written in Vietnamese ("Nghị định") is the kind a number's
/// NĐ says: an English list names it in English, under one link with both
/// counted; Vietnamese lists keep the words.
#[test]
fn english_lists_name_a_records_kind_in_english_under_one_link() {
    let site = demo();
    site.build();
    let page = site.page("en/documents/");
    let names = page.select_all("a[href*='/en/documents/kind/']");
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{names:?}");
    for word in ["Nghị định", "Quyết định", "Luật", "Kế hoạch", "Thông tư"] {
        assert!(!names.iter().any(|n| n == word), "{names:?}");
    }
    // One decree by its number alone, four with a record's "Nghị định".
    assert!(
        page.text
            .contains("/en/documents/kind/decree/\">Decree</a> (5)"),
        "{names:?}"
    );
    let vi = site
        .page("documents/")
        .select_all("a[href*='/documents/kind/']");
    assert!(vi.iter().any(|n| n == "Nghị định"), "{vi:?}");
}

#[test]
fn documents_are_open_data_described_in_the_datapackage() {
    let site = legal_documents();
    let csv = site.read("data/documents.csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("number,kind,kind_code,title,issuer,issued,effective_from,replaced_by,source_url,file_url,file_format,file_bytes,cited_by,url")
    );
    let row = csv
        .lines()
        .find(|l| l.starts_with("93/2007/QĐ-TTg,"))
        .expect("row");
    let size = std::fs::metadata(site.root().join("content/van-ban/qd-93-2007.pdf"))
        .unwrap()
        .len();
    assert_eq!(
        row,
        format!("93/2007/QĐ-TTg,Quyết định,decision,Ban hành Quy chế thực hiện cơ chế một cửa,Thủ tướng Chính phủ,2007-06-22,,09/2015/QĐ-TTg,,{BASE}documents/93-2007-qd-ttg/93-2007-qd-ttg.pdf,PDF,{size},1,{BASE}documents/93-2007-qd-ttg/")
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("data/documents.json")).unwrap();
    assert!(json.to_string().contains("486/QĐ-UBND"));
    let package: serde_json::Value =
        serde_json::from_str(&site.read("data/datapackage.json")).unwrap();
    let names: Vec<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert!(names.contains(&"documents"), "{names:?}");
}

#[test]
fn document_pages_are_in_the_sitemap_and_the_search_index() {
    let site = legal_documents();
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains(&format!("<loc>{BASE}documents/93-2007-qd-ttg/</loc>")));
    let meta = site.read("search/meta.json");
    assert!(meta.contains("\"key\":\"documents\""), "{meta}");
    let docs: Manifest = serde_json::from_str(&meta).expect("meta.json parses");
    let index = site.public().join("search");
    let titled = (0..docs.docs).any(|doc| {
        let fragment = read_fragment(|rel| std::fs::read(index.join(rel)).ok(), doc);
        let fragment = fragment.expect("fragment");
        format!("{} {}", fragment.title, fragment.text).contains("Quyết định 93/2007/QĐ-TTg")
    });
    assert!(titled, "no search fragment for the decision");
}

/// A document 120 items cite: its row on the list shows three of them and
/// leads to its page, which lists them all, a hundred a page.
#[test]
fn a_much_cited_document_caps_its_row_and_paginates_its_page() {
    let site = empty_site();
    for i in 1..=120 {
        site.write(
            &format!("content/news/tin-{i:03}.md"),
            &format!("---\ntitle: Tin {i}\ndate: 2021-01-01\n---\n\nTheo Nghị quyết 76/NQ-CP.\n"),
        );
    }
    site.build();
    let list = site.page("documents/");
    assert_eq!(list.count("#vb-76-nq-cp .compact li"), 3);
    assert_eq!(
        list.attr("#vb-76-nq-cp > p:last-child a", "href"),
        format!("{BASE}documents/76-nq-cp/")
    );
    assert!(list
        .text_of("#vb-76-nq-cp")
        .contains("Xem cả 120 trang nhắc đến"));
    let first = site.page("documents/76-nq-cp/");
    assert_eq!(first.count(".citers li"), 100);
    let second = site.page("documents/76-nq-cp/page/2/");
    assert_eq!(second.count(".citers li"), 20);
    assert!(!site.exists("documents/76-nq-cp/page/3/index.html"));
}
