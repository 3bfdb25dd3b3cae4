//! Word pairs: for each two folded words that stand side by side in some field
//! ("mot cua"), the documents where they do. A quoted phrase matches only those
//! documents, and an unquoted query ranks them higher. Kept apart from the word
//! shards (`search/pairs/N.bin`, the same layout) so a query that needs no pair
//! loads none, and one that does loads one small shard a pair.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::docs::SearchDoc;
use super::format::TermEntry;
use super::tokenize::{fold_term, query_terms, Scanner};

/// Where the pair shards and their separators live under the search index.
pub const PAIRS_DIR: &str = "pairs/";
pub const PAIRS_FILE: &str = "pairs.json";

/// The key of two folded words side by side.
pub fn pair_key(first: &str, second: &str) -> String {
    format!("{first} {second}")
}

/// A pair on more than half of the documents is stored as the documents it is
/// *not* on, under its key and this mark (no word holds it, and it sorts just
/// after the key): "cải cách" on 10,021 of 12,012 pages costs 2 KiB, not 10.
pub const ABSENT_MARK: &str = " !";

/// Every pair of `docs`, sorted by key, each with its documents ascending (one
/// weight level each: a pair says only "here they stand together").
pub fn build_pairs(docs: &[SearchDoc]) -> Vec<TermEntry> {
    let chunk = docs
        .len()
        .div_ceil(rayon::current_num_threads() * 8)
        .max(32);
    let partials: Vec<Vec<(String, Vec<u32>)>> = docs
        .par_chunks(chunk)
        .enumerate()
        .map(|(i, part)| pairs_of_chunk(i * chunk, part))
        .collect();
    let mut by_key: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for partial in partials {
        for (key, docs) in partial {
            by_key.entry(key).or_default().extend(docs);
        }
    }
    let total = u32::try_from(docs.len()).unwrap_or(u32::MAX);
    let mut pairs: Vec<TermEntry> = by_key
        .into_par_iter()
        .map(|(mut key, mut docs)| {
            docs.sort_unstable();
            docs.dedup();
            if docs.len() * 2 > total as usize {
                docs = complement(&docs, total);
                key.push_str(ABSENT_MARK);
            }
            TermEntry {
                variants: vec![key.clone()],
                key,
                weights: vec![1; docs.len()],
                docs,
                holders: Vec::new(),
            }
        })
        .collect();
    pairs.sort_by(|a, b| a.key.cmp(&b.key));
    pairs
}

/// The documents of `0..total` not in `docs` (ascending).
pub fn complement(docs: &[u32], total: u32) -> Vec<u32> {
    let mut out = Vec::with_capacity(total as usize - docs.len().min(total as usize));
    let mut next = docs.iter().peekable();
    for d in 0..total {
        if next.peek() == Some(&&d) {
            next.next();
        } else {
            out.push(d);
        }
    }
    out
}

fn pairs_of_chunk(first_doc: usize, docs: &[SearchDoc]) -> Vec<(String, Vec<u32>)> {
    let mut scanner = Scanner::default();
    // Scanner term numbers of the two words → the documents, each once.
    let mut found: FxHashMap<(u32, u32), Vec<u32>> = FxHashMap::default();
    for (offset, doc) in docs.iter().enumerate() {
        let id = u32::try_from(first_doc + offset).unwrap_or(u32::MAX);
        for field in &doc.fields {
            let mut previous: Option<u32> = None;
            scanner.scan(&field.text, |term| {
                if let Some(p) = previous {
                    let list = found.entry((p, term)).or_default();
                    if list.last() != Some(&id) {
                        list.push(id);
                    }
                }
                previous = Some(term);
            });
        }
    }
    let folded: Vec<String> = scanner.into_terms().iter().map(|t| fold_term(t)).collect();
    found
        .into_iter()
        .map(|((a, b), docs)| (pair_key(&folded[a as usize], &folded[b as usize]), docs))
        .collect()
}

/// The quotes a phrase may be typed in: straight, or the curly ones phones put in.
pub const QUOTES: [char; 3] = ['"', '“', '”'];

/// The query's quoted phrases, as the positions of their words among the query's
/// tokens (`query::parse_query`): `a "b c" d` → `[[1, 2]]`. A quote left open runs
/// to the end. Nothing when the pieces do not add up to the query's words.
pub fn phrase_groups(query: &str) -> Vec<Vec<usize>> {
    let mut groups = Vec::new();
    let mut at = 0;
    for (i, piece) in query.split(QUOTES).enumerate() {
        let n = query_terms(piece).len();
        if i % 2 == 1 && n > 1 {
            groups.push((at..at + n).collect());
        }
        at += n;
    }
    if at == query_terms(query).len() {
        groups
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::docs::test_doc;

    #[test]
    fn finds_the_words_of_quoted_phrases() {
        assert_eq!(phrase_groups("\"một cửa\""), [vec![0, 1]]);
        assert_eq!(
            phrase_groups("thủ tục \"một cửa\" liên thông"),
            [vec![2, 3]]
        );
        assert_eq!(
            phrase_groups("“một cửa” \"dich vu cong"),
            [vec![0, 1], vec![2, 3, 4]]
        );
        assert!(
            phrase_groups("\"một\" cửa").is_empty(),
            "one word is no phrase"
        );
        assert!(phrase_groups("một cửa").is_empty());
    }

    #[test]
    fn keeps_only_words_side_by_side_in_one_field_folded() {
        let docs = [
            test_doc("Một cửa", "bộ phận một cửa"),
            test_doc("Tin", "một người, cửa hàng"),
        ];
        let pairs = build_pairs(&docs);
        let docs_of = |key: &str| {
            pairs
                .iter()
                .find(|p| p.key == key)
                .map(|p| p.docs.clone())
                .unwrap_or_default()
        };
        assert_eq!(docs_of("mot cua"), [0]);
        assert_eq!(docs_of("mot nguoi"), [1]);
        let everywhere =
            build_pairs(&[test_doc("a b", ""), test_doc("a b", ""), test_doc("c", "")]);
        assert_eq!(everywhere[0].key, "a b !");
        assert_eq!(
            everywhere[0].docs,
            [2],
            "on most pages: the pages without it"
        );
        assert_eq!(docs_of("nguoi cua"), [1], "punctuation does not part words");
        assert!(
            docs_of("cua bo").is_empty(),
            "title and body are separate fields"
        );
        let keys: Vec<&str> = pairs.iter().map(|p| p.key.as_str()).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }
}
