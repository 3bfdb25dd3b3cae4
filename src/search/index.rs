//! Turns search documents into posting lists: per folded term, the documents that hold it,
//! a 4-bit weight each, and which spellings (with marks) each document uses.
//! It does not decide the byte layout of the files (see `format`).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use super::docs::{SearchDoc, Weight};
use super::format::{TermEntry, BODY_LEVELS, TITLE_BIT};
use super::tokenize::{fold_term, Scanner};

/// How often a label (tag, agency ...) counts, against once for a body word.
const LABEL_REPEAT: u32 = 3;
/// BM25 saturation and length normalisation, the usual values.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Occurrences of one spelling in one document.
#[derive(Debug, Clone, Copy)]
struct Occurrences {
    doc: u32,
    title: u32,
    body: u32,
}

/// Spelling → its occurrences, in document order.
type Vocabulary = FxHashMap<String, Vec<Occurrences>>;

struct Partial {
    vocabulary: Vec<(String, Vec<Occurrences>)>,
    lengths: Vec<u32>,
}

/// Every term of `docs`, sorted by folded key. Documents are numbered by their position.
pub fn build_terms(docs: &[SearchDoc]) -> Vec<TermEntry> {
    // Chunks small enough to keep both cores busy, large enough that each
    // chunk's vocabulary is built once for many documents.
    let chunk = docs
        .len()
        .div_ceil(rayon::current_num_threads() * 8)
        .max(32);
    let partials: Vec<Partial> = docs
        .par_chunks(chunk)
        .enumerate()
        .map(|(i, part)| index_chunk(i * chunk, part))
        .collect();

    let mut lengths = Vec::with_capacity(docs.len());
    let mut vocabulary: Vocabulary = FxHashMap::default();
    for partial in partials {
        lengths.extend(partial.lengths);
        for (spelling, occurrences) in partial.vocabulary {
            vocabulary.entry(spelling).or_default().extend(occurrences);
        }
    }
    let average =
        (lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / lengths.len().max(1) as f64).max(1.0);

    let mut by_key: BTreeMap<String, Vec<(String, Vec<Occurrences>)>> = BTreeMap::new();
    let folded: Vec<(String, String, Vec<Occurrences>)> = vocabulary
        .into_par_iter()
        .map(|(spelling, occ)| (fold_term(&spelling), spelling, occ))
        .collect();
    for (key, spelling, occ) in folded {
        by_key.entry(key).or_default().push((spelling, occ));
    }
    by_key
        .into_par_iter()
        .map(|(key, spellings)| term_entry(key, spellings, &lengths, average))
        .collect()
}

fn index_chunk(first_doc: usize, docs: &[SearchDoc]) -> Partial {
    // Indexed by the scanner's term number.
    let mut postings: Vec<Vec<Occurrences>> = Vec::new();
    // Where the term's counts for the current document are in `current`, or `u32::MAX`.
    let mut slot: Vec<u32> = Vec::new();
    let mut current: Vec<(u32, u32, u32)> = Vec::new();
    let mut lengths = Vec::with_capacity(docs.len());
    let mut scanner = Scanner::default();
    for (offset, doc) in docs.iter().enumerate() {
        let id = u32::try_from(first_doc + offset).unwrap_or(u32::MAX);
        let mut length = 0u32;
        for field in &doc.fields {
            let (title, body) = match field.weight {
                Weight::Title => (1, 0),
                Weight::Label => (0, LABEL_REPEAT),
                Weight::Body => (0, 1),
            };
            // Counts gather in a small per-document table: the posting lists,
            // scattered over the heap, are touched once per term and document.
            scanner.scan(&field.text, |term| {
                length += u32::from(body > 0);
                let t = term as usize;
                if t >= slot.len() {
                    slot.resize(t + 1, u32::MAX);
                }
                match slot[t] {
                    u32::MAX => {
                        slot[t] = current.len() as u32;
                        current.push((term, title, body));
                    }
                    s => {
                        let counts = &mut current[s as usize];
                        counts.1 += title;
                        counts.2 += body;
                    }
                }
            });
        }
        if postings.len() < slot.len() {
            postings.resize_with(slot.len(), Vec::new);
        }
        for (term, title, body) in current.drain(..) {
            slot[term as usize] = u32::MAX;
            postings[term as usize].push(Occurrences {
                doc: id,
                title,
                body,
            });
        }
        lengths.push(length);
    }
    let vocabulary = scanner
        .into_terms()
        .into_iter()
        .map(String::from)
        .zip(postings)
        .collect();
    Partial {
        vocabulary,
        lengths,
    }
}

/// Merges the spellings of one key into one posting list with their variant lists.
fn term_entry(
    key: String,
    mut spellings: Vec<(String, Vec<Occurrences>)>,
    lengths: &[u32],
    average: f64,
) -> TermEntry {
    // The spelling most documents use comes first, so a reader sees the usual one.
    spellings.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    let mut merged: Vec<(u32, usize, u32, u32)> = spellings
        .iter()
        .enumerate()
        .flat_map(|(v, (_, occ))| occ.iter().map(move |o| (o.doc, v, o.title, o.body)))
        .collect();
    // Each spelling's list is in document order already: the stable sort finds
    // those runs and merges them instead of sorting from scratch.
    merged.sort_by_key(|&(doc, v, _, _)| (doc, v));

    let mut docs: Vec<u32> = Vec::new();
    let mut weights: Vec<u8> = Vec::new();
    let mut has_variant: Vec<Vec<u32>> = vec![Vec::new(); spellings.len()];
    let mut i = 0;
    while i < merged.len() {
        let doc = merged[i].0;
        let ordinal = u32::try_from(docs.len()).unwrap_or(u32::MAX);
        let (mut title, mut body) = (0, 0);
        while i < merged.len() && merged[i].0 == doc {
            let (_, v, t, b) = merged[i];
            has_variant[v].push(ordinal);
            title += t;
            body += b;
            i += 1;
        }
        docs.push(doc);
        let length = lengths.get(doc as usize).copied().unwrap_or(0);
        weights.push(weight(title, body, length, average));
    }

    let variants: Vec<String> = spellings.into_iter().map(|(s, _)| s).collect();
    TermEntry {
        key,
        holders: if variants.len() > 1 {
            has_variant
        } else {
            Vec::new()
        },
        variants,
        docs,
        weights,
    }
}

/// 4 bits: the title bit, and the body score (BM25's term part) in 7 levels.
fn weight(title: u32, body: u32, length: u32, average: f64) -> u8 {
    let mut w = if title > 0 { TITLE_BIT } else { 0 };
    if body > 0 {
        let norm = 1.0 - B + B * f64::from(length) / average;
        let tf = f64::from(body) / norm;
        let score = tf * (K1 + 1.0) / (tf + K1) / (K1 + 1.0);
        w |= ((score * f64::from(BODY_LEVELS)).ceil() as u8).clamp(1, BODY_LEVELS);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::docs::test_doc as doc;

    fn term<'a>(terms: &'a [TermEntry], key: &str) -> &'a TermEntry {
        terms
            .iter()
            .find(|t| t.key == key)
            .unwrap_or_else(|| panic!("no term {key}"))
    }

    #[test]
    fn merges_spellings_under_one_folded_key() {
        let docs = [
            doc("Kiểm tra đột xuất", "đột xuất"),
            doc("Đốt rơm", "không đốt"),
            doc("Dot", "dot"),
        ];
        let terms = build_terms(&docs);
        let dot = term(&terms, "dot");
        assert_eq!(dot.docs, [0, 1, 2]);
        assert_eq!(dot.variants.len(), 3);
        let holders = |spelling: &str| dot.docs_using(spelling);
        assert_eq!(holders("đột"), [0]);
        assert_eq!(holders("đốt"), [1]);
        assert_eq!(holders("dot"), [2]);
    }

    #[test]
    fn sets_the_title_bit_and_a_body_level() {
        let docs = [doc("Cải cách", "nội dung"), doc("Tin", "cải cách cải cách")];
        let terms = build_terms(&docs);
        let cai = term(&terms, "cai");
        assert_eq!(cai.weights[0], TITLE_BIT);
        assert!(cai.weights[1] & TITLE_BIT == 0 && cai.weights[1] > 0);
    }

    #[test]
    fn orders_keys_and_is_deterministic() {
        let docs = [doc("b a", "c"), doc("a", "b")];
        let first = build_terms(&docs);
        let keys: Vec<&str> = first.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(first, build_terms(&docs));
    }

    #[test]
    fn saturates_body_weight_with_repeats_and_length() {
        assert_eq!(weight(0, 0, 10, 10.0), 0);
        assert!(weight(0, 1, 10, 10.0) < weight(0, 5, 10, 10.0));
        assert!(weight(0, 2, 100, 10.0) < weight(0, 2, 10, 10.0));
        assert_eq!(weight(0, 1000, 10, 10.0), BODY_LEVELS);
    }
}
