//! The search index `build` writes: its files, that they answer queries (read with the
//! same rules `search.js` uses), and that two builds of one input are byte-identical.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use minhbach::search::format::{self, decode_shard, Fragment, Manifest};
use minhbach::search::query::Searcher;

use crate::harness::*;

fn manifest(site: &Site) -> Manifest {
    serde_json::from_str(&site.read("search/meta.json")).expect("meta.json parses")
}

fn searcher(public: &Path) -> Searcher<impl Fn(&str) -> Option<Vec<u8>>> {
    let dir = public.join("search");
    Searcher::open(move |rel| fs::read(dir.join(rel)).ok()).expect("index opens")
}

fn fragment(public: &Path, doc: u32) -> Fragment<'static> {
    let dir = public.join("search");
    format::read_fragment(|rel| fs::read(dir.join(rel)).ok(), doc).expect("fragment")
}

/// Titles of the results of `query`, best first.
fn titles(public: &Path, query: &str) -> Vec<String> {
    searcher(public)
        .search(query)
        .expect("search runs")
        .into_iter()
        .map(|hit| fragment(public, hit.doc).title.into_owned())
        .collect()
}

#[test]
fn writes_a_manifest_shards_and_fragment_packs() {
    let site = fixture("search-vietnamese");
    site.build();
    let meta = manifest(&site);
    assert_eq!(meta.format, 3);
    assert_eq!(meta.docs, 6, "3 news items, 1 procedure, 2 pages");
    let words = minhbach::search::format::decode_words(&meta.words).expect("word list");
    assert!(words.len() > 20, "{} words", words.len());
    assert!(
        words.iter().all(
            |(key, docs)| minhbach::search::forgive::listed_word(key) && (1..=6).contains(docs)
        ),
        "{words:?}"
    );
    let sections: Vec<(&str, u32, u32)> = meta
        .sections
        .iter()
        .map(|s| (s.key.as_str(), s.start, s.end))
        .collect();
    assert_eq!(
        sections,
        [("news", 0, 3), ("procedures", 3, 4), ("pages", 4, 6)]
    );
    assert_eq!(meta.sections[0].years, [[2024, 0, 2], [2023, 2, 3]]);
    assert_eq!(
        meta.shards[0], "",
        "the first shard starts at the smallest key"
    );

    let files: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.starts_with("search/") && f != "search/index.html")
        .collect();
    let mut expected = vec![
        "search/meta.json".to_string(),
        "search/dates.bin".to_string(),
        "search/facets.bin".to_string(),
        "search/pairs.json".to_string(),
    ];
    let pairs: Vec<String> =
        serde_json::from_str(&site.read("search/pairs.json")).expect("pairs.json parses");
    expected.extend((0..pairs.len()).map(|i| format!("search/pairs/{i}.bin")));
    let packs = meta.docs.div_ceil(meta.pack);
    expected.extend((0..packs).map(|i| format!("search/docs/{i}.bin")));
    expected.extend((0..meta.shards.len()).map(|i| format!("search/shards/{i}.bin")));
    expected.sort();
    assert_eq!(files, expected);

    let first = fragment(&site.public(), 0);
    assert_eq!(first.url, "news/kiem-tra-dot-xuat/");
    assert_eq!(first.title, "Kiểm tra đột xuất tại UBND xã Tân Hội");
    assert_eq!(first.date.as_deref(), Some("2024-03-01"));
    assert_eq!(first.date_text.as_deref(), Some("01/03/2024"));
    assert_eq!(first.section, "Tin tức");
    assert!(first.text.starts_with("Đoàn kiểm tra của Sở Nội vụ"));
}

#[test]
fn stores_nfc_keys_folded_with_d_and_spellings_as_written() {
    let site = fixture("search-vietnamese");
    site.build();
    let meta = manifest(&site);
    let terms: BTreeMap<String, Vec<String>> = (0..meta.shards.len())
        .flat_map(|i| {
            let bytes =
                fs::read(site.public().join(format!("search/shards/{i}.bin"))).expect("shard");
            decode_shard(&bytes).expect("shard decodes")
        })
        .map(|t| (t.key, t.variants))
        .collect();
    assert_eq!(terms["dot"], ["đốt", "đột"]);
    assert_eq!(terms["duong"], ["đường"], "đ folds to d");
    assert_eq!(terms["hoa"], ["hoà"], "one tone placement");
    assert_eq!(terms["43/2011/nd-cp"], ["43/2011/nđ-cp"]);
    assert!(terms.contains_key("1.001193"));
    assert!(!terms.contains_key("cp"), "a decree number stays whole");
    let keys: Vec<&String> = terms.keys().collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn answers_queries_with_and_without_marks_from_the_written_files() {
    let site = fixture("search-vietnamese");
    site.build();
    let public = site.public();
    assert_eq!(
        titles(&public, "đột xuất"),
        [
            "Kiểm tra đột xuất tại UBND xã Tân Hội",
            "Đốt rơm rạ xuất hiện nhiều khói trên quốc lộ"
        ]
    );
    assert_eq!(titles(&public, "dot xuat").len(), 2);
    assert_eq!(
        titles(&public, "cai cach"),
        ["Cải cách thủ tục hành chính ở cấp xã"]
    );
    assert_eq!(
        titles(&public, "43/2011/ND-CP"),
        ["Kiểm tra đột xuất tại UBND xã Tân Hội"]
    );
    assert_eq!(titles(&public, "1.001193"), ["Đăng ký khai sinh"]);
    assert!(
        titles(&public, "kiem tr").contains(&"Kiểm tra đột xuất tại UBND xã Tân Hội".to_string())
    );
    assert!(titles(&public, "xyzzyq").is_empty());
}

#[test]
fn writes_byte_identical_index_files_for_the_same_input() {
    let site = fixture("search-vietnamese");
    site.build();
    let first: Vec<(String, Vec<u8>)> = search_files(&site);
    assert!(
        first.iter().any(|(f, _)| f == "search/meta.json") && first.len() > 3,
        "{} index files",
        first.len()
    );
    site.build();
    assert_eq!(search_files(&site), first);
}

fn search_files(site: &Site) -> Vec<(String, Vec<u8>)> {
    site.output_files()
        .into_iter()
        .filter(|f| f.starts_with("search/") && (f.ends_with(".json") || f.ends_with(".bin")))
        .map(|f| {
            let bytes = fs::read(site.public().join(&f)).expect("read");
            (f, bytes)
        })
        .collect()
}

#[test]
fn demo_portal_finds_the_seed_articles_and_the_inspection_reports() {
    let site = demo();
    site.build();
    let public = site.public();
    let meta: Manifest =
        serde_json::from_slice(&fs::read(public.join("search/meta.json")).expect("meta"))
            .expect("parses");
    let news = meta
        .sections
        .iter()
        .find(|s| s.key == "news")
        .expect("news");
    // Five seed articles and the portal's notice on pictures.
    assert_eq!((news.start, news.end), (0, 6));
    let in_news = |query: &str| -> Vec<u32> {
        let mut docs: Vec<u32> = searcher(&public)
            .search(query)
            .expect("search")
            .into_iter()
            .map(|h| h.doc)
            .filter(|&d| d < news.end)
            .collect();
        docs.sort_unstable();
        docs
    };
    // The notice (document 0, the newest) says nothing of "cải cách".
    assert_eq!(in_news("cai cach"), [1, 2, 3, 4, 5]);
    let inspection_reports: Vec<u32> = (1..6)
        .filter(|&d| {
            fragment(&public, d)
                .detail
                .is_some_and(|d| d.starts_with("Kiểm tra: "))
        })
        .collect();
    assert_eq!(inspection_reports.len(), 3);
    let kiem_tra = in_news("kiem tra");
    assert!(inspection_reports.iter().all(|d| kiem_tra.contains(d)));
    assert!(searcher(&public)
        .search("xyzzyq")
        .expect("search")
        .is_empty());
}

#[test]
fn index_years_are_found_by_their_name_year_and_ranked_units() {
    let site = demo();
    site.build();
    let public = site.public();
    let meta = manifest(&site);
    let indices = meta
        .sections
        .iter()
        .find(|s| s.key == "indices")
        .expect("an indices section");
    assert_eq!(indices.end - indices.start, 2, "the demo's two index years");
    let routes_of = |query: &str| -> Vec<String> {
        searcher(&public)
            .search(query)
            .expect("search runs")
            .into_iter()
            .filter(|h| (indices.start..indices.end).contains(&h.doc))
            .map(|h| fragment(&public, h.doc).url.into_owned())
            .collect()
    };
    // Ranked only in 2023: the unit's name finds that year alone.
    let education = routes_of("so giao duc va dao tao mau");
    assert_eq!(education.len(), 1, "{education:?}");
    assert_eq!(education[0], "indices/par-index-so-nganh-mau/2023/");
    let both = routes_of("chi so cai cach hanh chinh cac so nganh");
    assert_eq!(both.len(), 2, "{both:?}");
    let year_2022 = fragment(&public, indices.start + 1);
    assert!(
        year_2022.title.contains("2022"),
        "newest first: {}",
        year_2022.title
    );
}
