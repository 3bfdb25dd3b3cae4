//! The demo portal: every section carries the seeds' facts, every internal
//! link resolves, and `check` passes.

use std::collections::BTreeSet;

use scraper::{Html, Selector};

use crate::harness::*;

#[test]
fn demo_portal_checks_clean_and_every_internal_link_resolves() {
    let site = demo();
    let check = site.check().expect_exit(0);
    assert!(!check.stderr().contains("error"), "{}", check.stderr());
    site.build();
    let base = "https://cchc.example.gov.vn/";
    let files: BTreeSet<String> = site.output_files().into_iter().collect();
    let selector = Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
    let mut checked = 0;
    for file in files.iter().filter(|f| f.ends_with(".html")) {
        let html = Html::parse_document(&site.read(file));
        for el in html.select(&selector) {
            let url = el
                .value()
                .attr("href")
                .or_else(|| el.value().attr("src"))
                .unwrap();
            let Some(path) = url.strip_prefix(base) else {
                continue;
            };
            let path = path.split(['#', '?']).next().unwrap();
            let target = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            assert!(
                files.contains(&target),
                "{file} links to {url}, which the build did not make"
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

#[test]
fn demo_portal_shows_the_seeds_facts_in_every_section() {
    let site = demo();
    site.build();
    let year = site.page("inspections/2021/").main_text();
    assert!(year.contains("7: 4 sở, 3 huyện"), "{year}");

    let report = site
        .page("news/van-phong-ubnd-tinh-mot-so-ket-qua-noi-bat-trong-cong-tac-cai-cach-hanh-chinh/")
        .main_text();
    for fact in ["201/201", "53 lĩnh vực", "266 thủ tục"] {
        assert!(report.contains(fact), "{fact} missing from the 2018 report");
    }

    let simplified = site.page("procedures/simplified/").select_all("tbody tr");
    assert_eq!(simplified.len(), 2, "{simplified:?}");
    for row in &simplified {
        assert!(
            row.contains("15 ngày làm việc") && row.contains("5 ngày làm việc"),
            "{row}"
        );
    }

    let documents = site.page("documents/").main_text();
    for number in [
        "151/TB-SNV",
        "93/2007/QĐ-TTg",
        "2539/UBND-SNV",
        "04/2015/QĐ-UBND",
        "1957/KH-UBND",
        "43/2011/NĐ-CP",
    ] {
        assert!(
            documents.contains(number),
            "{number} missing from /documents/"
        );
    }
    for not_a_document in ["29/5/2014", "201/201", "07/07"] {
        assert!(
            !documents.contains(not_a_document),
            "{not_a_document} taken for a document"
        );
    }

    let home = site.page("");
    assert_eq!(home.select_all(".featured .card-title").len(), 2);
    assert!(site
        .page("outcomes/")
        .main_text()
        .contains("15 ngày → 5 ngày"));
}

/// The browser tests copy the demo portal themselves (tests/browser/lib.mjs):
/// the same files, so both kinds of test check one portal.
#[test]
fn the_browser_tests_copy_the_same_demo_files_as_the_harness() {
    let lib = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/lib.mjs");
    let lib = std::fs::read_to_string(&lib).expect("read lib.mjs");
    let quoted: Vec<String> = DEMO_FILES.iter().map(|f| format!("\"{f}\"")).collect();
    let line = format!("export const DEMO_FILES = [{}];", quoted.join(", "));
    assert!(lib.lines().any(|l| l == line), "lib.mjs lacks {line:?}");
}
