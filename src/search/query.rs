//! Runs a query over written index files the way `search-core.js` does: same query
//! tokens, same shard lookup, same ranking. The browser is the product; this is its twin,
//! used by tests to check that what `build` writes answers queries, and held to the
//! browser's code by the golden cases in `tests/search/`. It loads no fragments.

use std::collections::{BTreeMap, HashMap};

use super::format::{decode_shard, FormatError, Manifest, TermEntry, BODY_LEVELS, TITLE_BIT};
use super::tokenize::{ends_open, fold_term, has_marks, query_terms};
use super::LISTED_PREFIX_CHARS;

/// Score of a title match, against at most `K1 + 1` = 2.2 for a body match.
pub const TITLE_SCORE: f64 = 3.0;
pub const BODY_SCORE_MAX: f64 = 2.2;
/// A word that only starts with what was typed counts this much of a whole-word match.
pub const PREFIX_FACTOR: f64 = 0.6;

/// One word of a query.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryToken {
    pub exact: String,
    pub folded: String,
    /// The last word of a query: it also matches longer words.
    pub prefix: bool,
    /// Typed with marks: documents with this very spelling rank first.
    pub marked: bool,
    /// Only documents with this very spelling match (a word decoded from Telex
    /// or VNI keys: the keys say which marks were meant).
    pub strict: bool,
}

/// One letter would expand to a good part of the index: a last word shorter than
/// this only matches whole words.
pub const MIN_PREFIX_CHARS: usize = 2;

/// Splits a query into its words (see `tokenize::query_terms`). The last word, from
/// `MIN_PREFIX_CHARS` letters on, is also a prefix ("kiem tr" finds "kiểm tra")
/// unless a space ends the query.
pub fn parse_query(query: &str) -> Vec<QueryToken> {
    let mut tokens: Vec<QueryToken> = query_terms(query).into_iter().map(token).collect();
    if ends_open(query) {
        if let Some(last) = tokens
            .last_mut()
            .filter(|t| t.folded.chars().count() >= MIN_PREFIX_CHARS)
        {
            last.prefix = true;
        }
    }
    tokens
}

pub(crate) fn token(exact: String) -> QueryToken {
    QueryToken {
        folded: fold_term(&exact),
        marked: has_marks(&exact),
        exact,
        prefix: false,
        strict: false,
    }
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: u32,
    /// Query words matched with their exact marks.
    pub exact: u32,
    /// Neighbouring query words that stand side by side, in order, in the document.
    pub together: u32,
    /// Query words matched as whole words, not only as the start of a longer one.
    pub whole: u32,
    pub score: f64,
}

/// The index of `shards` holding `key`: the last whose separator is not after it.
pub fn shard_of(shards: &[String], key: &str) -> usize {
    shards
        .partition_point(|s| s.as_str() <= key)
        .saturating_sub(1)
}

/// Reads index files through `load` (paths under `search/`, e.g. `meta.json`).
pub struct Searcher<F: Fn(&str) -> Option<Vec<u8>>> {
    load: F,
    manifest: Manifest,
    shards: HashMap<usize, Vec<TermEntry>>,
    completions: Option<BTreeMap<String, Vec<String>>>,
    words: Option<Vec<(String, u32)>>,
    pair_separators: Option<Vec<String>>,
    pair_shards: HashMap<usize, Vec<TermEntry>>,
}

impl<F: Fn(&str) -> Option<Vec<u8>>> Searcher<F> {
    pub fn open(load: F) -> Result<Self, FormatError> {
        let meta = load("meta.json").ok_or_else(|| FormatError("no meta.json".into()))?;
        let manifest: Manifest =
            serde_json::from_slice(&meta).map_err(|e| FormatError(e.to_string()))?;
        Ok(Searcher {
            load,
            manifest,
            shards: HashMap::new(),
            completions: None,
            words: None,
            pair_separators: None,
            pair_shards: HashMap::new(),
        })
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    fn shard(&mut self, i: usize) -> Result<&[TermEntry], FormatError> {
        if !self.shards.contains_key(&i) {
            let bytes = (self.load)(&format!("shards/{i}.bin"))
                .ok_or_else(|| FormatError(format!("no shard {i}")))?;
            self.shards.insert(i, decode_shard(&bytes)?);
        }
        Ok(self.shards.get(&i).map_or(&[], Vec::as_slice))
    }

    /// The word list near matches are picked from (the manifest's `words`), read on first use.
    pub(crate) fn words(&mut self) -> Result<&[(String, u32)], FormatError> {
        if self.words.is_none() {
            self.words = Some(super::format::decode_words(&self.manifest.words)?);
        }
        Ok(self.words.as_deref().unwrap_or_default())
    }

    /// The documents of the plain word `key`, from the word list: `None` when the
    /// key is not a plain word (`forgive::listed_word`), `Some(0)` when the index
    /// does not have it.
    pub(crate) fn word_docs(&mut self, key: &str) -> Result<Option<u32>, FormatError> {
        if !super::forgive::listed_word(key) {
            return Ok(None);
        }
        let words = self.words()?;
        Ok(Some(
            words
                .binary_search_by(|(k, _)| k.as_str().cmp(key))
                .map_or(0, |i| words[i].1),
        ))
    }

    /// The shard that holds `key`, and whether it is loaded already.
    pub(crate) fn shard_for(&self, key: &str) -> (usize, bool) {
        let i = shard_of(&self.manifest.shards, key);
        (i, self.shards.contains_key(&i))
    }

    /// The documents where the folded words `first` and `second` stand side by side.
    pub(crate) fn pair_docs(&mut self, first: &str, second: &str) -> Result<Vec<u32>, FormatError> {
        use super::pairs::{pair_key, PAIRS_FILE};
        if self.pair_separators.is_none() {
            let bytes =
                (self.load)(PAIRS_FILE).ok_or_else(|| FormatError("no pairs.json".into()))?;
            let list: Vec<String> =
                serde_json::from_slice(&bytes).map_err(|e| FormatError(e.to_string()))?;
            self.pair_separators = Some(list);
        }
        let key = pair_key(first, second);
        if let Some(docs) = self.pair_entry(&key)? {
            return Ok(docs);
        }
        let absent = format!("{key}{}", super::pairs::ABSENT_MARK);
        Ok(match self.pair_entry(&absent)? {
            Some(docs) => super::pairs::complement(&docs, self.manifest.docs),
            None => Vec::new(),
        })
    }

    fn pair_entry(&mut self, key: &str) -> Result<Option<Vec<u32>>, FormatError> {
        use super::pairs::PAIRS_DIR;
        let i = shard_of(self.pair_separators.as_deref().unwrap_or_default(), key);
        if !self.pair_shards.contains_key(&i) {
            let bytes = (self.load)(&format!("{PAIRS_DIR}{i}.bin"))
                .ok_or_else(|| FormatError(format!("no pair shard {i}")))?;
            self.pair_shards.insert(i, decode_shard(&bytes)?);
        }
        let shard = self.pair_shards.get(&i).map_or(&[][..], Vec::as_slice);
        Ok(shard.iter().find(|t| t.key == key).map(|t| t.docs.clone()))
    }

    /// Completions of short prefixes (`prefixes.json`), loaded on first use.
    fn completions(&mut self, prefix: &str) -> Result<Option<Vec<String>>, FormatError> {
        if !self.manifest.prefixes {
            return Ok(None);
        }
        if self.completions.is_none() {
            let bytes = (self.load)("prefixes.json")
                .ok_or_else(|| FormatError("no prefixes.json".into()))?;
            let map: BTreeMap<String, Vec<String>> =
                serde_json::from_slice(&bytes).map_err(|e| FormatError(e.to_string()))?;
            self.completions = Some(map);
        }
        Ok(self
            .completions
            .as_ref()
            .and_then(|map| map.get(prefix).cloned()))
    }

    /// The terms a token matches: its key, or with `prefix` every key starting with
    /// it, or for a listed short prefix its listed completions and itself.
    pub(crate) fn matching_terms(
        &mut self,
        token: &QueryToken,
    ) -> Result<Vec<TermEntry>, FormatError> {
        // A whole plain word the word list lacks is in no shard: none is fetched.
        if !token.prefix && self.word_docs(&token.folded)? == Some(0) {
            return Ok(Vec::new());
        }
        let shards = self.manifest.shards.clone();
        let listed = LISTED_PREFIX_CHARS.contains(&token.folded.chars().count());
        if token.prefix && listed {
            if let Some(mut words) = self.completions(&token.folded)? {
                words.push(token.folded.clone());
                let mut found = Vec::new();
                for word in words {
                    let shard = self.shard(shard_of(&shards, &word))?;
                    found.extend(shard.iter().filter(|t| t.key == word).cloned());
                }
                found.sort_by(|a, b| a.key.cmp(&b.key));
                found.dedup_by(|a, b| a.key == b.key);
                return Ok(found);
            }
        }
        let mut i = shard_of(&shards, &token.folded);
        let mut found = Vec::new();
        loop {
            for term in self.shard(i)? {
                let hit = if token.prefix {
                    term.key.starts_with(&token.folded)
                } else {
                    term.key == token.folded
                };
                if hit {
                    found.push(term.clone());
                }
            }
            i += 1;
            if !token.prefix || i >= shards.len() || !shards[i].starts_with(&token.folded) {
                break;
            }
        }
        Ok(found)
    }

    /// Every document holding all words of `query`, best first: most words with
    /// the marks as typed, then most whole words (not only prefixes), then score.
    /// Quoted phrases match side by side only; pages where neighbouring words stand
    /// together rank higher (see `near::Answer` for what is found beyond these).
    pub fn search(&mut self, query: &str) -> Result<Vec<Hit>, FormatError> {
        Ok(self.answer(query)?.hits)
    }

    /// Each document's best match for one token among its `terms`.
    pub(crate) fn best_per_doc(
        &self,
        token: &QueryToken,
        terms: &[TermEntry],
    ) -> BTreeMap<u32, Hit> {
        let total = f64::from(self.manifest.docs);
        let mut best: BTreeMap<u32, Hit> = BTreeMap::new();
        for term in terms {
            let whole = term.key == token.folded;
            let factor = if whole { 1.0 } else { PREFIX_FACTOR };
            let df = term.docs.len() as f64;
            let idf = (1.0 + (total - df + 0.5) / (df + 0.5)).ln();
            let exact_docs: Vec<u32> = if token.marked {
                term.variants
                    .iter()
                    .filter(|v| v.starts_with(&token.exact) && (token.prefix || **v == token.exact))
                    .flat_map(|v| term.docs_using(v))
                    .collect()
            } else {
                Vec::new()
            };
            for (&doc, &w) in term.docs.iter().zip(&term.weights) {
                let exact = exact_docs.contains(&doc);
                if token.strict && !exact {
                    continue;
                }
                let hit = Hit {
                    doc,
                    together: 0,
                    exact: u32::from(exact),
                    whole: u32::from(whole),
                    score: factor * idf * term_score(w),
                };
                match best.get_mut(&doc) {
                    Some(slot) if !hit.outranks(slot) => {}
                    Some(slot) => *slot = hit,
                    None => {
                        best.insert(doc, hit);
                    }
                }
            }
        }
        best
    }

    /// The documents matching every token, best first.
    pub(crate) fn all_of(&self, tokens: &[QueryToken], terms: &[Vec<TermEntry>]) -> Vec<Hit> {
        let mut combined: Option<BTreeMap<u32, Hit>> = None;
        for (token, terms) in tokens.iter().zip(terms) {
            let best = self.best_per_doc(token, terms);
            combined = Some(match combined {
                None => best,
                Some(previous) => previous
                    .into_iter()
                    .filter_map(|(doc, hit)| best.get(&doc).map(|b| (doc, hit.plus(b))))
                    .collect(),
            });
        }
        let mut hits: Vec<Hit> = combined.unwrap_or_default().into_values().collect();
        sort_hits(&mut hits);
        hits
    }
}

/// Best first (see `Hit::outranks`), ties by document number (newest first).
pub(crate) fn sort_hits(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        if a.outranks(b) {
            std::cmp::Ordering::Less
        } else if b.outranks(a) {
            std::cmp::Ordering::Greater
        } else {
            a.doc.cmp(&b.doc)
        }
    });
}

impl Hit {
    pub(crate) fn plus(&self, other: &Hit) -> Hit {
        Hit {
            doc: self.doc,
            together: self.together + other.together,
            exact: self.exact + other.exact,
            whole: self.whole + other.whole,
            score: self.score + other.score,
        }
    }

    fn outranks(&self, other: &Hit) -> bool {
        (self.exact, self.together, self.whole)
            .cmp(&(other.exact, other.together, other.whole))
            .then_with(|| self.score.total_cmp(&other.score))
            .is_gt()
    }
}

/// The score of one posting weight, before the term's rarity is applied.
pub fn term_score(weight: u8) -> f64 {
    let body = f64::from(weight & BODY_LEVELS) / f64::from(BODY_LEVELS) * BODY_SCORE_MAX;
    let title = if weight & TITLE_BIT != 0 {
        TITLE_SCORE
    } else {
        0.0
    };
    body + title
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use unicode_normalization::UnicodeNormalization;

    use super::*;
    use crate::search::docs::{test_doc, SearchDoc};
    use crate::search::{build_index, COMPLETIONS};

    fn searcher(docs: &[SearchDoc]) -> Searcher<impl Fn(&str) -> Option<Vec<u8>>> {
        let files: HashMap<String, Vec<u8>> = build_index(
            docs,
            &crate::locale::Texts::builtin(crate::locale::Lang::Vi),
        )
        .files
        .into_iter()
        .collect();
        Searcher::open(move |path| files.get(&format!("search/{path}")).cloned())
            .expect("index opens")
    }

    fn found(docs: &[SearchDoc], query: &str) -> Vec<u32> {
        searcher(docs)
            .search(query)
            .expect("search runs")
            .into_iter()
            .map(|h| h.doc)
            .collect()
    }

    #[test]
    fn finds_marked_text_typed_without_marks() {
        let docs = [
            test_doc("Cải cách hành chính", "Nội dung"),
            test_doc("Tin khác", "Không liên quan"),
        ];
        assert_eq!(found(&docs, "cai cach"), [0]);
        assert_eq!(found(&docs, "CẢI CÁCH"), [0]);
    }

    #[test]
    fn finds_decomposed_source_text_and_ranks_exact_marks_first() {
        let nfd: String = "Đoàn tiến hành kiểm tra đột xuất tại xã.".nfd().collect();
        let docs = [
            test_doc(
                "Đốt rơm rạ xuất hiện khói",
                "Người dân đốt rơm, khói xuất hiện.",
            ),
            test_doc("Một buổi làm việc", &nfd),
        ];
        assert_eq!(
            found(&docs, "dot xuat"),
            [1, 0],
            "the words side by side first, before a title holding them apart"
        );
        assert_eq!(
            found(&docs, "đột xuất"),
            [1, 0],
            "the exact spelling first with marks"
        );
        let hits = searcher(&docs).search("đột xuất").expect("search");
        assert_eq!((hits[0].exact, hits[1].exact), (2, 1));
    }

    #[test]
    fn ranks_title_matches_above_body_matches() {
        let docs = [
            test_doc(
                "Tin tháng sáu",
                "Báo cáo về cải cách hành chính trong tháng.",
            ),
            test_doc("Cải cách hành chính năm 2021", "Báo cáo tổng kết."),
        ];
        assert_eq!(found(&docs, "cai cach"), [1, 0]);
    }

    #[test]
    fn matches_the_last_word_as_a_prefix_unless_a_space_follows() {
        let docs = [test_doc("Kiểm tra công tác", "kiểm tra đột xuất")];
        assert_eq!(found(&docs, "kiem tr"), [0]);
        assert_eq!(found(&docs, "kiem"), [0]);
        assert!(found(&docs, "kiem tr ").is_empty());
        assert!(
            found(&docs, "kie tra").is_empty(),
            "only the last word is a prefix"
        );
    }

    #[test]
    fn ranks_whole_words_above_longer_words_with_the_prefix() {
        let docs = [
            test_doc("Tình trạng hồ sơ", "trạng thái"),
            test_doc("Kiểm tra", "tra cứu"),
        ];
        assert_eq!(found(&docs, "tra"), [1, 0]);
    }

    #[test]
    fn unifies_tone_placement_in_queries_and_text() {
        let docs = [test_doc("Hoà giải ở cơ sở", "Thuỷ lợi")];
        let mut s = searcher(&docs);
        let hits = s.search("hòa giải").expect("search");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].exact, 2);
        assert_eq!(s.search("thủy").expect("search")[0].exact, 1);
    }

    #[test]
    fn finds_document_numbers_and_codes_as_whole_tokens() {
        let docs = [
            test_doc(
                "Cung cấp thông tin",
                "Theo Nghị định số 43/2011/NĐ-CP của Chính phủ.",
            ),
            test_doc("Đăng ký khai sinh 1.001193", "Thủ tục mã 1.001193."),
            test_doc("Văn bản khác", "Nghị định 43/2012/NĐ-CP và năm 2011."),
        ];
        assert_eq!(found(&docs, "43/2011/ND-CP"), [0]);
        assert_eq!(found(&docs, "43/2011/nđ-cp"), [0]);
        assert_eq!(found(&docs, "(43/2011/NĐ-CP)"), [0]);
        assert_eq!(found(&docs, "43/2011"), [0], "a partial number is a prefix");
        assert_eq!(found(&docs, "1.001193"), [1]);
        assert_eq!(found(&docs, "1.001"), [1], "a dotted code is a prefix too");
    }

    #[test]
    fn expands_a_short_prefix_to_its_listed_completions_only() {
        let bodies: Vec<String> = (0..3000).map(|i| format!("từ{i} chung")).collect();
        let mut docs: Vec<SearchDoc> = bodies.iter().map(|b| test_doc("Tin", b)).collect();
        docs.push(test_doc("Từ điển", "tự"));
        let files: HashMap<String, Vec<u8>> = build_index(
            &docs,
            &crate::locale::Texts::builtin(crate::locale::Lang::Vi),
        )
        .files
        .into_iter()
        .collect();
        let loads = std::cell::RefCell::new(Vec::new());
        let mut s = Searcher::open(|path: &str| {
            loads.borrow_mut().push(path.to_string());
            files.get(&format!("search/{path}")).cloned()
        })
        .expect("index opens");
        assert!(s.manifest().prefixes);
        let hits = s.search("tu").expect("search");
        assert_eq!(hits[0].doc, 3000, "the whole word ranks first");
        // Every word is in one document; ties list the shortest key first, so "tu" is one of them.
        assert_eq!(hits.len(), COMPLETIONS, "only the listed completions");
        let shards_loaded = loads
            .borrow()
            .iter()
            .filter(|p| p.starts_with("shards/"))
            .count();
        assert!(
            shards_loaded < s.manifest().shards.len() / 2,
            "{shards_loaded} shards loaded"
        );
        assert!(loads.borrow().contains(&"prefixes.json".to_string()));
    }

    #[test]
    fn matches_a_one_letter_last_word_whole() {
        let docs = [test_doc("Vitamin A", "a"), test_doc("Ăn uống", "an toàn")];
        assert_eq!(found(&docs, "a"), [0]);
    }

    #[test]
    fn finds_nothing_for_a_nonsense_word() {
        let docs = [test_doc("Cải cách hành chính", "Kiểm tra")];
        assert!(found(&docs, "xyzzyq").is_empty());
        assert!(found(&docs, "cai xyzzyq").is_empty());
        assert!(found(&docs, "   ").is_empty());
    }

    #[test]
    fn finds_terms_across_many_shards() {
        let bodies: Vec<String> = (0..3000).map(|i| format!("từ{i} chung")).collect();
        let docs: Vec<SearchDoc> = bodies.iter().map(|b| test_doc("Tin", b)).collect();
        let mut s = searcher(&docs);
        assert!(
            s.manifest().shards.len() > 1,
            "{} shards",
            s.manifest().shards.len()
        );
        for i in [0, 1234, 2999] {
            let hits = s.search(&format!("tu{i} ")).expect("search");
            assert_eq!(hits.iter().map(|h| h.doc).collect::<Vec<_>>(), [i]);
        }
        assert_eq!(s.search("chung").expect("search").len(), 3000);
        assert_eq!(
            s.search("tu123").expect("search").len(),
            11,
            "tu123 and tu1230..tu1239"
        );
    }
}
