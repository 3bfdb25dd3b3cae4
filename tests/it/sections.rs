//! The transparency sections of issue 4: procedures, yearly inspections,
//! outcomes, cited documents, taxonomies and open data.

use crate::harness::*;

fn transparency_sections() -> Site {
    let site = fixture("transparency-sections");
    site.build();
    site
}

#[test]
fn procedure_catalog_is_grouped_by_field_with_counts() {
    let site = transparency_sections();
    let page = site.page("procedures/");
    assert_eq!(page.text_of(".lead"), "2 lĩnh vực, 3 thủ tục");
    assert_eq!(page.select_all("main section h2"), ["Hộ tịch", "Quảng cáo"]);
    assert_eq!(
        page.select_all("main section tbody th"),
        [
            "Đăng ký kết hôn",
            "Đăng ký khai sinh",
            "Cấp giấy phép quảng cáo"
        ]
    );
}

#[test]
fn procedure_page_shows_every_key() {
    let site = transparency_sections();
    let page = site.page("procedures/1-004662/");
    let main = page.main_text();
    for expected in [
        "Mã thủ tục 1.004662",
        "Lĩnh vực Quảng cáo",
        "Sở Văn hóa và Thể thao",
        "Cấp tỉnh",
        "5 ngày làm việc (trước đây 15 ngày làm việc, giảm 10 ngày (67%))",
        "Dịch vụ công trực tuyến toàn trình",
        "Một cửa",
        "Đơn đề nghị",
        "Luật Quảng cáo số 16/2012/QH13",
        "01/10/2017",
        "Nộp hồ sơ",
    ] {
        assert!(main.contains(expected), "missing {expected:?} in {main}");
    }
    assert_eq!(
        page.attr("a[href^='https://dichvucong']", "href"),
        "https://dichvucong.gov.vn/p/1.004662"
    );
}

#[test]
fn simplified_procedures_list_before_after_and_saving() {
    let site = transparency_sections();
    let rows = site.page("procedures/simplified/").select_all("tbody tr");
    assert_eq!(
        rows,
        ["1.004662 Cấp giấy phép quảng cáo 15 ngày làm việc 5 ngày làm việc giảm 10 ngày (67%)"]
    );
}

#[test]
fn duplicate_procedure_codes_are_an_error_naming_both_files() {
    let site = fixture("transparency-sections");
    site.write(
        "content/procedures/zz-trung.md",
        "---\ncode: \"1.001193\"\ntitle: Trùng mã\nfield: Hộ tịch\nagency: UBND xã\n---\n",
    );
    site.run(&["build"]).expect_exit(1).stderr_has(
        "error: content/procedures/zz-trung.md:2:7: `code`: code \"1.001193\" is already used by content/procedures/1-001193.md",
    );
}

#[test]
fn procedure_code_not_of_the_national_shape_is_a_warning() {
    let site = fixture("transparency-sections");
    site.build().stderr_has(
        "warning: content/procedures/dac-biet.md:2:7: `code`: code \"HT-01\" is not of the national catalog's shape D.DDDDDD",
    );
}

/// Without the plan's own count, the year shows the units its reports name,
/// and says nothing of how many of the planned were done: the content does
/// not say that only these were inspected.
#[test]
fn inspection_year_counts_the_reported_units_by_level_and_no_share_of_the_plan() {
    let site = transparency_sections();
    let page = site.page("inspections/2021/");
    let main = page.main_text();
    assert!(
        main.contains("Số cơ quan, đơn vị đã kiểm tra 3: 2 sở, 1 huyện"),
        "{main}"
    );
    assert!(main.contains("Theo kế hoạch 5 Kiến nghị"), "{main}");
    assert!(!main.contains("đã thực hiện 3/5"), "{main}");
    assert!(
        main.contains("Kiến nghị 3: 1 đã hoàn thành, 1 đang thực hiện, 1 không nêu"),
        "{main}"
    );
    assert!(!main.contains("chưa thực hiện"), "{main}");
    assert_eq!(
        page.select_all(
            "#don-vi ~ .table-scroll tbody tr, section[aria-labelledby=don-vi] tbody tr"
        ),
        [
            "10/03/2021 Sở Tư pháp Sở, ngành Nguyễn Văn A 1 2 Kiểm tra tại Sở Tư pháp",
            "18/05/2021 Sở Y tế Sở, ngành — Không nêu — Không nêu 1 Kiểm tra tại Sở Y tế",
            "01/09/2021 UBND huyện Tân Hiệp Cấp huyện — Không nêu — Không nêu — Không nêu Kiểm tra tại UBND huyện Tân Hiệp",
        ]
    );
}

#[test]
fn inspections_index_lists_years_with_counts_and_no_page_for_an_empty_year() {
    let site = transparency_sections();
    let rows = site.page("inspections/").select_all("tbody tr");
    // 2020 has a plan and no report: how many were inspected is not stated (not 0).
    assert_eq!(
        rows,
        [
            "Năm 2021 5 3 2 sở, 1 huyện 3: 1 đã hoàn thành, 1 đang thực hiện, 1 không nêu",
            "Năm 2020 2 — Không nêu — Không nêu — Không nêu"
        ]
    );
    assert!(
        site.exists("inspections/2020/index.html"),
        "a plan alone gives its year a page"
    );
    assert!(!site.exists("inspections/2019/index.html"));
}

#[test]
fn outcomes_page_gathers_outcomes_newest_first_with_links() {
    let site = transparency_sections();
    let page = site.page("outcomes/");
    assert_eq!(
        page.select_all(".outcome-text"),
        [
            "Một cửa liên thông",
            "Cấp phép quảng cáo: 15 ngày → 5 ngày (giảm 10 ngày (67%))"
        ]
    );
    assert_eq!(
        page.attr(".outcome-list li a", "href"),
        "https://thu.example.vn/news/huyen-tan-hiep/"
    );
}

#[test]
fn documents_page_lists_cited_documents_with_kind_and_citing_pages() {
    let site = transparency_sections();
    let page = site.page("documents/");
    let numbers = page.select_all(".document-code");
    assert_eq!(
        numbers,
        [
            "16/2012/QH13",
            "43/2011/NĐ-CP",
            "181/2013/NĐ-CP",
            // Nobody cites the replacement: it is listed all the same, so
            // that "replaced by" leads to its page.
            "42/2022/NĐ-CP",
            "151/TB-SNV",
            "23/KH-UBND",
            "1957/KH-UBND"
        ]
    );
    let row = page.text_of("#vb-43-2011-nd-cp");
    assert!(row.contains("Nghị định"), "{row}");
    assert!(row.contains("Đã được thay thế bởi 42/2022/NĐ-CP"), "{row}");
    assert!(row.contains("Kiểm tra tại Sở Tư pháp"), "{row}");
    // Dates, ratios and periods in the Sở Y tế item yield no document.
    assert!(!page.main_text().contains("Kiểm tra tại Sở Y tế"));
}

#[test]
fn party_documents_are_listed_among_cited_documents() {
    let site = empty_site();
    site.write("site.yaml", "title: T\nbase_url: https://thu.example.vn/\n");
    site.write(
        "content/news/tinh-gon.md",
        "---\ntitle: Tinh gọn bộ máy\ndate: 2021-03-01\n---\n\nThực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương.\n",
    );
    site.build();
    let page = site.page("documents/");
    let row = page.text_of("#vb-18-nq-tw");
    assert!(row.contains("Nghị quyết 18-NQ/TW"), "{row}");
    assert!(row.contains("Tinh gọn bộ máy"), "{row}");
}

/// 12 items of 5 outcomes each: 60 outcomes, newest item first.
#[test]
fn outcomes_are_listed_fifty_a_page_newest_first() {
    let site = empty_site();
    site.write("site.yaml", "title: T\nbase_url: https://thu.example.vn/\n");
    for i in 1..=12 {
        let outcomes: String = (1..=5)
            .map(|o| format!("  - \"Kết quả {o} của tin {i}\"\n"))
            .collect();
        site.write(
            &format!("content/news/tin-{i:02}.md"),
            &format!("---\ntitle: Tin {i}\ndate: 2021-{i:02}-01\noutcomes:\n{outcomes}---\n\nNội dung.\n"),
        );
    }
    site.build();
    let first = site.page("outcomes/");
    assert_eq!(first.count(".outcome-list > li"), 50);
    assert!(first.text_of(".lead").starts_with("60 kết quả"));
    assert_eq!(first.select_all(".outcome-text")[0], "Kết quả 1 của tin 12");
    assert_eq!(
        first.attr(".pagination a[rel=next]", "href"),
        "https://thu.example.vn/outcomes/page/2/"
    );
    let second = site.page("outcomes/page/2/");
    assert_eq!(second.count(".outcome-list > li"), 10);
    assert_eq!(
        second
            .select_all(".outcome-text")
            .last()
            .map(String::as_str),
        Some("Kết quả 5 của tin 1")
    );
    assert!(second.text_of("title").contains("trang 2"));
    assert!(!site.exists("outcomes/page/3/index.html"));
}

/// 150 decisions `Quyết định N/2020/QĐ-UBND`, N = 1..=150, cited by one item.
fn site_citing_150_documents() -> Site {
    let site = empty_site();
    site.write("site.yaml", "title: T\nbase_url: https://thu.example.vn/\n");
    write_item_citing_150_documents(&site);
    site.build();
    site
}

#[test]
fn documents_are_listed_fifty_a_page_and_links_find_their_page() {
    let site = site_citing_150_documents();
    let first = site.page("documents/");
    assert_eq!(first.count(".document-list > li"), 50);
    assert!(first.text_of(".lead").starts_with("150 văn bản"));
    assert_eq!(
        first.attr(".pagination a[rel=next]", "href"),
        "https://thu.example.vn/documents/page/2/"
    );
    let third = site.page("documents/page/3/");
    assert_eq!(third.count(".document-list > li"), 50);
    assert_eq!(
        third.attr(".document-list > li:first-child", "id"),
        "vb-101-2020-qd-ubnd"
    );
    assert!(!site.exists("documents/page/4/index.html"));
    // An item links each document to the document's own page.
    let item = site.page("news/nhieu/");
    let links = item.select_all_attr(".documents-cited a", "href");
    assert_eq!(links[0], "https://thu.example.vn/documents/1-2020-qd-ubnd/");
    assert_eq!(
        links[149],
        "https://thu.example.vn/documents/150-2020-qd-ubnd/"
    );
    let page = site.page("documents/150-2020-qd-ubnd/");
    assert_eq!(page.select_all("h1"), ["Quyết định 150/2020/QĐ-UBND"]);
}

#[test]
fn citing_a_replaced_document_as_current_is_a_check_warning() {
    let site = fixture("transparency-sections");
    site.write(
        "content/pages/huong-dan.md",
        "---\ntitle: Hướng dẫn\n---\n\nThực hiện theo\nNghị định 43/2011/NĐ-CP.\n",
    );
    site.check().expect_exit(0).stderr_has(
        "warning: content/pages/huong-dan.md:6:11: cites 43/2011/NĐ-CP as current, but it was replaced by 42/2022/NĐ-CP",
    );
}

#[test]
fn taxonomies_have_folded_slugs_and_paginated_terms() {
    let site = transparency_sections();
    let tags = site.page("tags/");
    assert_eq!(
        tags.select_all(".terms li"),
        ["Kiểm tra (3 tin)", "Một cửa (1 tin)"]
    );
    assert_eq!(
        site.page("tags/kiem-tra/").select_all(".card-title").len(),
        2
    );
    assert_eq!(
        site.page("tags/kiem-tra/page/2/").select_all(".card-title"),
        ["Kiểm tra tại Sở Tư pháp"]
    );
    assert!(site.exists("locations/ba-ria-vung-tau/index.html"));
    assert!(site.exists("agencies/ubnd-huyen-tan-hiep/index.html"));
}

#[test]
fn open_data_round_trips_to_the_front_matter() {
    let site = transparency_sections();
    let procedures: serde_json::Value =
        serde_json::from_str(&site.read("data/procedures.json")).unwrap();
    let ads = procedures
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "1.004662")
        .unwrap();
    assert_eq!(ads["processing_days"], 5);
    assert_eq!(ads["previous_processing_days"], 15);
    assert_eq!(ads["online"], "full");
    assert_eq!(ads["effective_from"], "2017-10-01");

    let inspections_csv = site.read("data/inspections.csv");
    let mut reader = csv::Reader::from_reader(inspections_csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let tu_phap = rows
        .iter()
        .find(|r| &r[col("unit")] == "Sở Tư pháp")
        .unwrap();
    assert_eq!(&tu_phap[col("date")], "2021-03-10");
    assert_eq!(&tu_phap[col("unit_level")], "department");
    assert_eq!(&tu_phap[col("recommendations_done")], "1");

    let results: serde_json::Value = serde_json::from_str(&site.read("data/results.json")).unwrap();
    assert_eq!(results[0]["value"], 201);
    assert_eq!(results[0]["total"], 201);
    assert_eq!(results[0]["period"], "2021-Q1");
    assert_eq!(results[0]["percent_of_total"], 100);

    let news: serde_json::Value = serde_json::from_str(&site.read("data/news.json")).unwrap();
    assert_eq!(news[0]["date"], "2021-09-01T00:00:00+07:00");

    let package: serde_json::Value =
        serde_json::from_str(&site.read("data/datapackage.json")).unwrap();
    let names: Vec<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "news",
            "inspections",
            "results",
            "procedures",
            "indices",
            "documents"
        ]
    );
    for resource in package["resources"].as_array().unwrap() {
        let path = resource["path"].as_str().unwrap();
        let csv_text = site.read(&format!("data/{path}"));
        let header_line = csv_text.lines().next().unwrap();
        let fields: Vec<&str> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            header_line,
            fields.join(","),
            "{path} header matches datapackage.json"
        );
    }
}

#[test]
fn section_feeds_and_sitemap_cover_every_generated_page() {
    let site = transparency_sections();
    let inspections = site.read("inspections/rss.xml");
    assert_eq!(inspections.matches("<item>").count(), 3);
    let sitemap = site.read("sitemap.xml");
    let mut checked = 0;
    for file in site.output_files() {
        // news/page/1/ only redirects to news/.
        if file.ends_with("index.html") && file != "news/page/1/index.html" {
            let route = file.trim_end_matches("index.html");
            assert!(
                sitemap.contains(&format!("<loc>https://thu.example.vn/{route}</loc>")),
                "{route} not in sitemap"
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} pages checked");
}

#[test]
fn ten_thousand_tags_on_one_item_build_without_a_quadratic_step() {
    let site = empty_site();
    let tags: Vec<String> = (0..10_000).map(|i| format!("\"Chủ đề {i}\"")).collect();
    site.write(
        "content/news/a.md",
        &format!(
            "---\ntitle: A\ndate: 2021-01-01\ntags: [{}]\n---\n",
            tags.join(", ")
        ),
    );
    site.build();
    let term = site.read("tags/chu-de-9999/index.html");
    // A term page lists the item without repeating its 10,000 tag links.
    assert!(
        term.len() < 60_000,
        "a term page weighs {} bytes",
        term.len()
    );
    assert_eq!(site.page("news/a/").count(".tags li"), 10_000);
}
