//! The golden search cases (`tests/search/golden.json`) against the Rust reader of the
//! index: each query's tokens, and every document it finds in order, over the corpus
//! `tests/fixtures/search-golden` built by the binary. `tests/browser/search-golden.test.mjs`
//! holds the browser's `search-core.js` to the same file, so the two cannot disagree on a
//! case without one of them failing. Also: the constants `search-core.js` copies.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use minhbach::search::forgive;
use minhbach::search::format::{self, Manifest};
use minhbach::search::near::Mode;
use minhbach::search::query::{self, parse_query, Searcher};
use minhbach::search::tokenize::{self, fold_term};
use minhbach::search::LISTED_PREFIX_CHARS;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use unicode_normalization::UnicodeNormalization;

use crate::harness::*;

#[derive(Deserialize)]
struct Golden {
    corpus: String,
    cases: Vec<Case>,
    folds: Vec<Fold>,
}

#[derive(Deserialize)]
#[serde(from = "RawCase")]
struct Case {
    about: String,
    query: String,
    tokens: Vec<Token>,
    results: Vec<String>,
    /// Near matches, checked only where the case gives them.
    near: Option<Near>,
}

#[derive(Debug, PartialEq, Deserialize, Serialize)]
struct Near {
    near: Vec<String>,
    mode: String,
    near_text: String,
}

/// A case as written: its near fields sit beside the others.
#[derive(Deserialize)]
struct RawCase {
    about: String,
    query: String,
    tokens: Vec<Token>,
    results: Vec<String>,
    near: Option<Vec<String>>,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    near_text: String,
}

impl From<RawCase> for Case {
    fn from(raw: RawCase) -> Case {
        Case {
            near: raw.near.map(|near| Near {
                near,
                mode: raw.mode,
                near_text: raw.near_text,
            }),
            about: raw.about,
            query: raw.query,
            tokens: raw.tokens,
            results: raw.results,
        }
    }
}

#[derive(Debug, PartialEq, Deserialize, Serialize)]
struct Token {
    exact: String,
    folded: String,
    prefix: bool,
    marked: bool,
}

#[derive(Deserialize)]
struct Fold {
    exact: String,
    folded: String,
}

fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn golden() -> Golden {
    let text = fs::read_to_string(repo_file("tests/search/golden.json")).expect("golden file");
    serde_json::from_str(&text).expect("golden file parses")
}

/// The corpus built by the binary, and the route of each document, by number.
fn built_corpus(golden: &Golden) -> (Site, Vec<String>) {
    let site = fixture(&golden.corpus);
    site.build();
    let meta: Manifest =
        serde_json::from_str(&site.read("search/meta.json")).expect("meta.json parses");
    let routes = (0..meta.docs)
        .map(|doc| {
            let dir = site.public().join("search");
            let fragment = format::read_fragment(|rel| fs::read(dir.join(rel)).ok(), doc);
            fragment.expect("fragment").url.into_owned()
        })
        .collect();
    (site, routes)
}

/// What the Rust side answers to `query`: its tokens, and its documents by route.
fn answer(public: &Path, routes: &[String], query: &str) -> (Vec<Token>, Vec<String>) {
    let tokens = parse_query(query)
        .into_iter()
        .map(|t| Token {
            exact: t.exact,
            folded: t.folded,
            prefix: t.prefix,
            marked: t.marked,
        })
        .collect();
    let dir = public.join("search");
    let mut searcher = Searcher::open(|rel| fs::read(dir.join(rel)).ok()).expect("index opens");
    let hits = searcher.search(query).expect("search runs");
    let found = hits
        .iter()
        .map(|h| routes[h.doc as usize].clone())
        .collect();
    (tokens, found)
}

/// What the Rust side finds near `query` (`near::Answer`), as a case writes it.
fn near_answer(public: &Path, routes: &[String], query: &str) -> Near {
    let dir = public.join("search");
    let mut searcher = Searcher::open(|rel| fs::read(dir.join(rel)).ok()).expect("index opens");
    let answer = searcher.answer(query).expect("search runs");
    let mode = match answer.mode {
        Mode::Exact => "",
        Mode::Near => "near",
        Mode::SomeWords => "some",
    };
    Near {
        near: answer
            .near
            .iter()
            .map(|h| routes[h.doc as usize].clone())
            .collect(),
        mode: mode.to_string(),
        near_text: answer.near_text,
    }
}

#[test]
fn every_golden_case_parses_into_its_tokens_and_finds_its_documents_in_order() {
    let golden = golden();
    assert!(!golden.cases.is_empty(), "the golden file has no cases");
    let (site, routes) = built_corpus(&golden);
    let known: BTreeSet<&String> = routes.iter().collect();
    let mut wrong = Vec::new();
    for case in &golden.cases {
        if let Some(missing) = case.results.iter().find(|r| !known.contains(r)) {
            wrong.push(format!(
                "{:?}: the corpus has no document {missing}",
                case.query
            ));
            continue;
        }
        let (tokens, found) = answer(&site.public(), &routes, &case.query);
        let near = case
            .near
            .as_ref()
            .map(|_| near_answer(&site.public(), &routes, &case.query));
        if tokens != case.tokens || found != case.results || near != case.near {
            let actual = json!({ "tokens": tokens, "results": found, "near": near });
            wrong.push(format!(
                "{:?} ({}):\n  Rust: {actual}",
                case.query, case.about
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_document_of_the_golden_corpus_is_found_by_some_case() {
    let golden = golden();
    let (_site, routes) = built_corpus(&golden);
    let found: BTreeSet<&String> = golden.cases.iter().flat_map(|c| &c.results).collect();
    let unfound: Vec<&String> = routes.iter().filter(|r| !found.contains(r)).collect();
    assert!(unfound.is_empty(), "no case finds {unfound:?}");
}

#[test]
fn the_golden_corpus_spans_several_shards_and_lists_prefixes() {
    // Otherwise the cases no longer reach shard boundaries or prefixes.json.
    let (site, _routes) = built_corpus(&golden());
    let meta: Manifest = serde_json::from_str(&site.read("search/meta.json")).expect("meta");
    assert!(meta.shards.len() >= 3, "{} shards", meta.shards.len());
    assert!(meta.prefixes, "no listed prefixes");
}

#[test]
fn every_golden_fold_is_the_key_fold_term_gives() {
    let golden = golden();
    assert!(!golden.folds.is_empty(), "the golden file has no folds");
    let wrong: Vec<String> = golden
        .folds
        .iter()
        .filter(|f| fold_term(&f.exact) != f.folded)
        .map(|f| format!("{:?} folds to {:?}", f.exact, fold_term(&f.exact)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every constant the browser needs from the Rust side, as `search-core.js` writes it.
fn rust_rules() -> Vec<(&'static str, Value)> {
    let text = |chars: &[char]| Value::String(chars.iter().collect());
    vec![
        ("FORMAT", json!(format::FORMAT)),
        ("PACK_HEAD_BYTES", json!(format::PACK_HEAD_BYTES)),
        ("TITLE_BIT", json!(format::TITLE_BIT)),
        ("BODY_LEVELS", json!(format::BODY_LEVELS)),
        ("WEIGHT_BITS", json!(format::WEIGHT_BITS)),
        ("HOLDERS_LISTED", json!(format::HOLDERS_LISTED)),
        ("HOLDERS_ALL_BUT", json!(format::HOLDERS_ALL_BUT)),
        ("HOLDERS_BITMAP", json!(format::HOLDERS_BITMAP)),
        ("TITLE_SCORE", json!(query::TITLE_SCORE)),
        ("BODY_SCORE_MAX", json!(query::BODY_SCORE_MAX)),
        ("PREFIX_FACTOR", json!(query::PREFIX_FACTOR)),
        ("MIN_PREFIX_CHARS", json!(query::MIN_PREFIX_CHARS)),
        ("LISTED_PREFIX_MAX_CHARS", json!(LISTED_PREFIX_CHARS.end())),
        ("TYPED_NUMBER", json!(tokenize::TYPED_NUMBER)),
        ("PARTIAL_NUMBER", json!(tokenize::PARTIAL_NUMBER)),
        ("STROKED_D", text(&tokenize::STROKED_D)),
        ("TONE_MARKS", json!(tone_marks())),
        ("MIN_EDIT_CHARS", json!(forgive::MIN_EDIT_CHARS)),
        ("FEW_EXACT", json!(forgive::FEW_EXACT)),
        ("NEAR_KEYS", json!(forgive::NEAR_KEYS)),
        ("LISTED_WORD_MIN", json!(forgive::LISTED_WORD_MIN)),
        ("LISTED_WORD_MAX", json!(forgive::LISTED_WORD_MAX)),
        ("ABSENT_MARK", json!(minhbach::search::pairs::ABSENT_MARK)),
    ]
}

/// The marks of the toned vowels `unify_tone` moves, in their tables' order. The browser
/// composes its toned vowels from them, so every table must be its vowel with these marks.
fn tone_marks() -> String {
    let marks_of = |vowel: char, table: [char; 5]| -> String {
        let decomposed: Vec<String> = table
            .iter()
            .map(|c| c.to_string().nfd().collect())
            .collect();
        assert!(decomposed.iter().all(|d| d.starts_with(vowel)), "{table:?}");
        decomposed.iter().map(|d| &d[vowel.len_utf8()..]).collect()
    };
    let marks = marks_of('a', tokenize::TONED_A);
    for (vowel, table) in [
        ('e', tokenize::TONED_E),
        ('y', tokenize::TONED_Y),
        ('o', tokenize::TONED_O),
        ('u', tokenize::TONED_U),
    ] {
        assert_eq!(marks_of(vowel, table), marks, "the tones of {vowel}");
    }
    marks
}

/// `export const NAME = <JSON>;` lines of `search-core.js` whose name is in capitals.
fn browser_rules() -> Vec<(String, Value)> {
    let path = repo_file("themes/default/static/search-core.js");
    let source = fs::read_to_string(&path).expect("search-core.js");
    source
        .lines()
        .filter_map(|line| line.strip_prefix("export const "))
        .filter_map(|rest| rest.split_once(" = "))
        .filter(|(name, _)| name.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .map(|(name, value)| {
            let literal = value.strip_suffix(';').unwrap_or(value);
            let parsed = serde_json::from_str(literal)
                .unwrap_or_else(|e| panic!("{name} = {literal} is not JSON: {e}"));
            (name.to_string(), parsed)
        })
        .collect()
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

#[test]
fn search_core_js_has_every_rust_rule_with_the_same_value_and_no_other() {
    let rust = rust_rules();
    let browser = browser_rules();
    let mut wrong = Vec::new();
    for (name, value) in &rust {
        match browser.iter().find(|(n, _)| n == name) {
            None => wrong.push(format!(
                "search-core.js lacks `export const {name} = {value};`"
            )),
            Some((_, js)) if !same_value(js, value) => {
                wrong.push(format!("{name}: search-core.js has {js}, Rust {value}"));
            }
            Some(_) => {}
        }
    }
    for (name, _) in &browser {
        if !rust.iter().any(|(n, _)| n == name) {
            wrong.push(format!(
                "{name} is in search-core.js only: give it a Rust owner"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
