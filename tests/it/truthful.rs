//! The portal states only what the content states (contract section 8):
//! ranks that rose read as a rise, a rank is no percentage, a target
//! without a value is a target, a change of a percentage is in points, a
//! missing status is "not stated", a stated count of inspected units wins.

use crate::harness::*;

fn results() -> (Site, Vec<String>) {
    let site = fixture("results-stated-truthfully");
    site.build();
    let rows = site.page("news/chi-so/").select_all(".results tbody tr");
    (site, rows)
}

#[test]
fn a_rank_that_rose_reads_as_a_rise() {
    let (_site, rows) = results();
    assert_eq!(
        rows[0],
        "Chỉ số PAR INDEX (tỉnh Mẫu) hạng 34/63 — Không nêu — Không nêu tăng 13 bậc, từ 47 lên 34/63 năm 2023"
    );
}

#[test]
fn a_rank_is_never_drawn_as_a_bar_or_a_percentage() {
    let (site, rows) = results();
    assert!(
        rows[1].starts_with("Chỉ số SIPAS (tỉnh Mẫu) hạng 48/63 — Không nêu"),
        "{}",
        rows[1]
    );
    let page = site.page("news/chi-so/");
    let chart = page.select_all(".results figure.chart dt");
    assert!(
        !chart
            .iter()
            .any(|label| label.contains("SIPAS") || label.contains("PAR INDEX")),
        "{chart:?}"
    );
    assert!(
        !page.main_text().contains("76,19"),
        "48/63 must not become a percentage"
    );
}

#[test]
fn a_target_without_a_value_is_shown_as_a_target() {
    let (site, rows) = results();
    assert_eq!(
        rows[2],
        "Hồ sơ trực tuyến toàn trình — Không nêu — Không nêu tối thiểu 80% — Không nêu năm 2024"
    );
    let home = site.page("");
    assert!(
        home.select_all(".figure-value")
            .contains(&"Mục tiêu: tối thiểu 80%".to_string()),
        "{:?}",
        home.select_all(".figure-value")
    );
}

#[test]
fn a_range_reads_from_one_end_to_the_other() {
    let (_site, rows) = results();
    assert!(
        rows[3].starts_with("Thời gian giải quyết hồ sơ từ 1 đến 32 ngày"),
        "{}",
        rows[3]
    );
}

#[test]
fn a_change_of_a_percentage_is_in_percentage_points() {
    let (_site, rows) = results();
    assert_eq!(
        rows[4],
        "Tỷ lệ hồ sơ đúng hẹn 85,5% — Không nêu — Không nêu tăng 2,58 điểm phần trăm so với năm 2022 năm 2023"
    );
    let (_site, rows) = results();
    assert!(rows[5].contains("tăng 1,38 so với năm 2022"), "{}", rows[5]);
}

#[test]
fn a_lower_is_better_target_is_an_at_most_and_no_period_is_invented() {
    let (_site, rows) = results();
    assert_eq!(
        rows[6],
        "Thời gian chờ trung bình 4 ngày — Không nêu tối đa 5 ngày (đạt) — Không nêu — Không nêu"
    );
}

/// The subject and the new keys reach the open data, as stated (empty
/// when not): a CSV row and its JSON twin say the same.
#[test]
fn results_round_trip_through_csv_and_json_with_their_subject() {
    let (site, _rows) = results();
    let json: serde_json::Value = serde_json::from_str(&site.read("data/results.json")).unwrap();
    let rows = json.as_array().expect("rows");
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[0]["subject"], "tỉnh Mẫu");
    assert_eq!(rows[0]["rank"], 34);
    assert_eq!(rows[0]["previous_rank"], 47);
    assert_eq!(rows[0]["value"], serde_json::Value::Null);
    assert_eq!(rows[2]["target"], 80);
    assert_eq!(rows[2]["value"], serde_json::Value::Null);
    assert_eq!(rows[6]["period"], serde_json::Value::Null);
    assert_eq!(rows[6]["better"], "lower");
    let csv_text = site.read("data/results.csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let subject = headers
        .iter()
        .position(|h| h == "subject")
        .expect("a subject column");
    let value = headers.iter().position(|h| h == "value").unwrap();
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(&first[subject], "tỉnh Mẫu");
    assert_eq!(
        &first[value], "",
        "a rank has no value: the cell is empty, not 0"
    );
    let package: serde_json::Value =
        serde_json::from_str(&site.read("data/datapackage.json")).unwrap();
    let fields = &package["resources"][2]["schema"]["fields"];
    assert!(fields
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["name"] == "subject"));
}

#[test]
fn json_ld_carries_each_result_with_only_its_stated_keys() {
    let (site, _rows) = results();
    let page = site.read("news/chi-so/index.html");
    let start = page.find("application/ld+json\">").unwrap() + "application/ld+json\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    let value: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
    let mentions = value["mentions"].as_array().expect("observations");
    assert_eq!(mentions.len(), 7);
    assert_eq!(mentions[0]["@type"], "Observation");
    assert!(mentions[0].get("value").is_none(), "{}", mentions[0]);
    assert_eq!(mentions[3]["minValue"], 1);
    assert_eq!(mentions[3]["maxValue"], 32);
}

#[test]
fn a_recommendation_without_status_is_not_stated_and_never_not_done() {
    let site = fixture("inspections-stated-truthfully");
    site.build();
    let item = site.page("news/kiem-tra-hai-don-vi/");
    let rows = item.select_all(".inspection table tbody tr");
    assert_eq!(
        rows,
        [
            "Niêm yết công khai thủ tục hành chính — Không nêu Không nêu",
            "Rà soát quy chế làm việc — Không nêu Đã hoàn thành"
        ]
    );
    // Nowhere in the output, open data and search index included.
    site.assert_no_file_mentions("Chưa thực hiện");
    site.assert_no_file_mentions("chưa thực hiện");
    site.assert_no_file_mentions("\"open\"");
    let csv_text = site.read("data/inspections.csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let open = headers
        .iter()
        .position(|h| h == "recommendations_open")
        .unwrap();
    let not_stated = headers
        .iter()
        .position(|h| h == "recommendations_not_stated")
        .unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!((&records[0][open], &records[0][not_stated]), ("0", "1"));
    // The district's 4 recommendations are only counted: no status is known.
    assert_eq!((&records[1][open], &records[1][not_stated]), ("", "4"));
}

#[test]
fn an_item_reports_several_units_with_their_team_areas_and_counts() {
    let site = fixture("inspections-stated-truthfully");
    site.build();
    let page = site.page("news/kiem-tra-hai-don-vi/");
    assert_eq!(page.count("section.inspection"), 2);
    let text = page.main_text();
    for stated in [
        "Cơ quan kiểm tra Đoàn kiểm tra CCHC tỉnh",
        "Số thành viên đoàn 7",
        "công tác chỉ đạo, điều hành",
        "Bài viết nêu 3 hạn chế, tồn tại nhưng không liệt kê.",
        "Bài viết nêu 4 kiến nghị nhưng không liệt kê.",
    ] {
        assert!(text.contains(stated), "{stated:?} in {text}");
    }
}

/// `inspected: 11` with two rows: the page says 11, never 0 or 2, and says
/// how many of them have a report.
#[test]
fn a_stated_count_of_inspected_units_wins_over_the_rows() {
    let site = fixture("inspections-stated-truthfully");
    site.build();
    let year = site.page("inspections/2023/").main_text();
    assert!(
        year.contains(
            "Số cơ quan, đơn vị đã kiểm tra 11 (Trong đó có báo cáo chi tiết trên cổng: 2)"
        ),
        "{year}"
    );
    assert!(
        year.contains("Theo kế hoạch 12 (đã thực hiện 11/12, 92%)"),
        "{year}"
    );
    assert!(
        year.contains("Kiến nghị 6: 1 đã hoàn thành, 5 không nêu"),
        "{year}"
    );
    let index = site.page("inspections/").select_all("tbody tr");
    assert_eq!(
        index,
        ["Năm 2023 12 11 — Không nêu 6: 1 đã hoàn thành, 5 không nêu"]
    );
}

fn index_site() -> Site {
    let site = fixture("index-two-years");
    site.build();
    site
}

#[test]
fn tied_scores_share_a_rank_and_a_unit_missing_a_year_shows_no_change() {
    let site = index_site();
    let rows = site
        .page("indices/par-index/2023/")
        .select_all("table.ranking tbody tr");
    assert_eq!(
        rows,
        [
            "1 Sở Y tế — Không nêu 88 Tốt tăng 1 bậc; +8 điểm",
            "2 Sở Tư pháp — Không nêu 84 Khá giảm 1 bậc; −6 điểm",
            "2 Sở Xây dựng — Không nêu 84 Khá tăng 1 bậc; +14 điểm",
            "4 Sở Nội vụ — Không nêu 79 Khá năm 2022 không xếp hạng đơn vị này",
        ]
    );
}

#[test]
fn the_index_pages_list_years_top_and_bottom_and_the_chart_has_its_text() {
    let site = index_site();
    let all = site.page("indices/").main_text();
    assert!(all.contains("Đứng đầu Sở Y tế"), "{all}");
    assert!(all.contains("Đứng cuối Sở Nội vụ"), "{all}");
    let years = site.page("indices/par-index/").select_all("tbody tr");
    assert_eq!(years.len(), 2);
    let year = site.page("indices/par-index/2023/");
    assert_eq!(
        year.select_all("figure.chart-index dt"),
        [
            "1. Sở Y tế",
            "2. Sở Tư pháp",
            "2. Sở Xây dựng",
            "4. Sở Nội vụ"
        ]
    );
    assert_eq!(year.count("figure.chart-index svg[aria-hidden=true]"), 4);
}

#[test]
fn an_agency_page_shows_the_units_rank_in_every_year_that_ranks_it() {
    let site = index_site();
    let agency = site.page("agencies/so-tu-phap/").select_all(".rankings li");
    assert_eq!(
        agency,
        [
            "Chỉ số PAR INDEX các sở 2022 : hạng 1/3 · Điểm 90",
            "Chỉ số PAR INDEX các sở 2023 : hạng 2/4 · Điểm 84"
        ]
    );
}

#[test]
fn an_index_year_is_open_data_and_an_entry_of_the_feed() {
    let site = index_site();
    let json: serde_json::Value = serde_json::from_str(&site.read("data/indices.json")).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 7);
    assert_eq!(json[0]["index"], "Chỉ số PAR INDEX các sở");
    let feed = site.read("rss.xml");
    assert!(
        feed.contains("<title>Chỉ số PAR INDEX các sở năm 2023</title>"),
        "{feed}"
    );
    assert!(site.exists("indices/rss.xml"));
}

#[test]
fn every_index_error_names_its_file_line_and_key() {
    let site = empty_site();
    site.write(
        "content/indices/sipas/2023.md",
        "---\nindex: SIPAS\nyear: 2022\ncomponents: [A, B]\nunits:\n  - {unit: X, score: 80, rank: 1, components: [1]}\n  - {unit: X, score: 70, rank: 2}\n  - {unit: Y, score: 60}\n---\n",
    );
    site.write(
        "content/indices/sipas/2024.md",
        "---\nindex: SIPAS khác\nyear: 2024\nunits:\n  - {unit: X, score: 80}\n---\n",
    );
    let run = site.run(&["build"]).expect_exit(1);
    assert_eq!(
        run.error_lines(),
        [
            "error: content/indices/sipas/2023.md:3:7: `year`: expected the year of the file name (2023), found 2022",
            "error: content/indices/sipas/2023.md:5:1: `units`: a `rank` is given for 1 of 2 units (Y has none): give every unit its rank, or none (then the scores decide)",
            "error: content/indices/sipas/2023.md:6:5: `units[0].components`: expected 2 component scores (one per name in `components`), found 1",
            "error: content/indices/sipas/2023.md:7:5: `units[1].unit`: \"X\" is already ranked on line 6: each unit once a year",
        ]
    );
}

#[test]
fn an_index_renamed_in_another_year_is_an_error_beside_the_other_files_errors() {
    let site = empty_site();
    site.write(
        "content/indices/sipas/2023.md",
        "---\nindex: SIPAS\nyear: 2023\nunits: [{unit: X, score: 1}]\n---\n",
    );
    site.write(
        "content/indices/sipas/2024.md",
        "---\nindex: SIPAS khác\nyear: 2024\nunits: [{unit: X, score: 1}]\n---\n",
    );
    site.write("content/news/a.md", "---\ntitle: A\ndate: 27/3/2019\n---\n");
    let run = site.run(&["build"]).expect_exit(1);
    assert_eq!(
        run.error_lines(),
        [
            "error: content/indices/sipas/2024.md:2:8: `index`: the index is named \"SIPAS\" in content/indices/sipas/2023.md: every year of indices/sipas/ names it the same",
            "error: content/news/a.md:3:7: `date`: expected a date like 2019-03-27, found \"27/3/2019\"",
        ]
    );
}

/// A duplicate procedure code is reported in the same run as the errors of
/// other files, not after they are fixed.
#[test]
fn a_duplicate_code_is_reported_beside_the_other_files_errors() {
    let site = empty_site();
    for name in ["a", "b"] {
        site.write(
            &format!("content/procedures/{name}.md"),
            &format!(
                "---\ncode: \"1.000001\"\ntitle: {name}\nfield: F\nagency: A\nslug: {name}\n---\n"
            ),
        );
    }
    site.write(
        "content/news/x.md",
        "---\ntitle: X\ndate: 2021-02-30\n---\n",
    );
    let run = site.run(&["build"]).expect_exit(1);
    assert_eq!(
        run.error_lines(),
        [
            "error: content/news/x.md:3:7: `date`: expected a date like 2019-03-27, found \"2021-02-30\"",
            "error: content/procedures/b.md:2:7: `code`: code \"1.000001\" is already used by content/procedures/a.md; each procedure has its own code",
        ]
    );
}
