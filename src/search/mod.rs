//! The search index `build` writes for `search.js`: term shards by key range, one small
//! fragment per page for the results shown (packed `FRAGMENTS_PER_PACK` to a file), and a
//! manifest; all sorted, byte-identical per input.
//! It does not search: the browser does (a Rust reader of the same files is in `query`, for tests).

pub mod dates;
pub mod docs;
pub mod facets;
pub mod forgive;
pub mod format;
pub mod index;
pub mod near;
pub mod pairs;
pub mod query;
pub mod tokenize;

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::locale::Texts;
use crate::model::site::Site;
use crate::output::{FileSink, OutputTree};
use docs::{SearchDoc, Section};
use format::{Fragment, Manifest, SectionRange, TermEntry, FORMAT};

/// Where the index lives under the output root.
pub const INDEX_DIR: &str = "search/";
/// A shard is closed once it holds this many bytes: small enough that a query
/// for two rare words loads little, large enough that the manifest stays short.
pub const SHARD_TARGET_BYTES: usize = 8 * 1024;
/// A prefix of this many characters whose words span `PREFIX_SPAN_SHARDS` shards or more
/// ("tr": trong, trên, trường ...) gets a completion list, so typing it loads the
/// shards of its commonest words instead of every shard in its range.
pub const LISTED_PREFIX_CHARS: std::ops::RangeInclusive<usize> = 2..=3;
pub const PREFIX_SPAN_SHARDS: usize = 3;
pub const COMPLETIONS: usize = 8;

/// The index files, by path under the output root.
pub struct IndexFiles {
    pub files: Vec<(String, Vec<u8>)>,
    pub manifest: Manifest,
}

/// Builds the index of `site` and adds its files to `tree` under `folder`
/// (`""` or `en/`), each handed to `sink` as the index is done.
pub fn add_search_index(site: &Site, folder: &str, tree: &mut OutputTree, sink: &dyn FileSink) {
    let built = build_index(&docs::collect(site), &site.config().texts);
    for (path, bytes) in built.files {
        // Paths are made here from numbers; they are always safe.
        let _ = tree.add_through(sink, &format!("{folder}{path}"), bytes);
    }
}

/// The index files of `docs` (already in index order, see `docs::collect`).
pub fn build_index(docs: &[SearchDoc], texts: &Texts) -> IndexFiles {
    let terms = index::build_terms(docs);
    let shards = pack_shards(&terms);
    let fragments: Vec<Vec<u8>> = docs
        .par_iter()
        .map(|doc| fragment_slot(doc, texts))
        .collect();

    let separators: Vec<String> = shards.iter().map(|(sep, _)| sep.clone()).collect();
    let completions = prefix_completions(&terms, &separators);
    let completions_json = serde_json::to_vec(&completions).unwrap_or_default();
    let words = format::encode_words(word_list(&terms));
    let dates_bin = dates::encode(docs);
    let facets_bin = facets::encode(docs);
    let pair_shards = pack_shards(&pairs::build_pairs(docs));
    let pair_separators: Vec<&str> = pair_shards.iter().map(|(sep, _)| sep.as_str()).collect();
    let pairs_json = serde_json::to_vec(&pair_separators).unwrap_or_default();

    let all_files: Vec<&[u8]> = shards
        .iter()
        .map(|(_, b)| b.as_slice())
        .chain(fragments.iter().map(Vec::as_slice))
        .chain([
            completions_json.as_slice(),
            words.as_bytes(),
            dates_bin.as_slice(),
            facets_bin.as_slice(),
            pairs_json.as_slice(),
        ])
        .chain(pair_shards.iter().map(|(_, b)| b.as_slice()))
        .collect();
    let version = version_of(&all_files);

    let manifest = Manifest {
        format: FORMAT,
        version,
        docs: u32::try_from(docs.len()).unwrap_or(u32::MAX),
        shards: separators,
        sections: section_ranges(docs, texts),
        prefixes: !completions.is_empty(),
        pack: format::FRAGMENTS_PER_PACK,
        words,
    };
    let packs = fragments
        .len()
        .div_ceil(format::FRAGMENTS_PER_PACK as usize);
    let mut files = Vec::with_capacity(shards.len() + pair_shards.len() + packs + 7);
    let meta = serde_json::to_vec(&manifest).unwrap_or_default();
    files.push((format!("{INDEX_DIR}meta.json"), meta));
    if manifest.prefixes {
        files.push((format!("{INDEX_DIR}prefixes.json"), completions_json));
    }
    files.push((format!("{INDEX_DIR}{}", dates::DATES_FILE), dates_bin));
    files.push((format!("{INDEX_DIR}{}", facets::FACETS_FILE), facets_bin));
    files.push((format!("{INDEX_DIR}{}", pairs::PAIRS_FILE), pairs_json));
    for (i, (_, bytes)) in pair_shards.into_iter().enumerate() {
        files.push((format!("{INDEX_DIR}{}{i}.bin", pairs::PAIRS_DIR), bytes));
    }
    for (i, (_, bytes)) in shards.into_iter().enumerate() {
        files.push((format!("{INDEX_DIR}shards/{i}.bin"), bytes));
    }
    for (i, pack) in fragments
        .chunks(format::FRAGMENTS_PER_PACK as usize)
        .enumerate()
    {
        files.push((
            format!("{INDEX_DIR}docs/{i}.bin"),
            format::encode_pack(pack),
        ));
    }
    IndexFiles { files, manifest }
}

/// Groups consecutive terms into shards of about `SHARD_TARGET_BYTES`; a term
/// larger than that gets a shard of its own. Returns (separator, bytes) per shard.
fn pack_shards(terms: &[TermEntry]) -> Vec<(String, Vec<u8>)> {
    let bodies: Vec<Vec<u8>> = terms.par_iter().map(format::encode_term_body).collect();
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (i, (term, body)) in terms.iter().zip(&bodies).enumerate() {
        let cost = term.key.len() + body.len() + 2;
        if i > start && size + cost > SHARD_TARGET_BYTES {
            groups.push(start..i);
            start = i;
            size = 0;
        }
        size += cost;
    }
    if start < terms.len() || groups.is_empty() {
        groups.push(start..terms.len());
    }
    groups
        .par_iter()
        .map(|range| {
            let separator = match range.start {
                0 => String::new(),
                s => format::separator(&terms[s - 1].key, &terms[s].key),
            };
            let pairs: Vec<(&str, &[u8])> = range
                .clone()
                .map(|i| (terms[i].key.as_str(), bodies[i].as_slice()))
                .collect();
            (separator, format::encode_shard(&pairs))
        })
        .collect()
}

/// `[key, documents]` of each word near matches may be picked from, in key order.
fn word_list(terms: &[TermEntry]) -> Vec<(&str, u32)> {
    terms
        .iter()
        .filter(|t| forgive::listed_word(&t.key))
        .map(|t| {
            (
                t.key.as_str(),
                u32::try_from(t.docs.len()).unwrap_or(u32::MAX),
            )
        })
        .collect()
}

/// For each short prefix whose words spread over many shards, its `COMPLETIONS`
/// words found in most documents, most first.
fn prefix_completions(terms: &[TermEntry], separators: &[String]) -> BTreeMap<String, Vec<String>> {
    struct Spread<'a> {
        first_shard: usize,
        last_shard: usize,
        /// (documents, key) of each word with the prefix.
        words: Vec<(usize, &'a str)>,
    }
    let mut by_prefix: BTreeMap<&str, Spread> = BTreeMap::new();
    for term in terms {
        let shard = query::shard_of(separators, &term.key);
        for chars in LISTED_PREFIX_CHARS {
            let Some((start, c)) = term.key.char_indices().nth(chars - 1) else {
                continue;
            };
            let spread = by_prefix
                .entry(&term.key[..start + c.len_utf8()])
                .or_insert(Spread {
                    first_shard: shard,
                    last_shard: shard,
                    words: Vec::new(),
                });
            spread.last_shard = shard;
            spread.words.push((term.docs.len(), &term.key));
        }
    }
    by_prefix
        .into_iter()
        .filter(|(_, s)| s.last_shard - s.first_shard + 1 >= PREFIX_SPAN_SHARDS)
        .map(|(prefix, Spread { mut words, .. })| {
            words.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            let top = words
                .into_iter()
                .take(COMPLETIONS)
                .map(|(_, key)| key.to_string())
                .collect();
            (prefix.to_string(), top)
        })
        .collect()
}

fn fragment_slot(doc: &SearchDoc, texts: &Texts) -> Vec<u8> {
    let fragment = Fragment {
        url: Cow::Borrowed(&doc.route),
        title: Cow::Borrowed(&doc.title),
        date: doc.day.as_deref().map(Cow::Borrowed),
        date_text: doc.date_text.as_deref().map(Cow::Borrowed),
        section: Cow::Owned(doc.section.label(texts)),
        detail: doc.detail.as_deref().map(Cow::Borrowed),
        text: Cow::Borrowed(&doc.text),
        sections: sections_of(doc),
    };
    format::encode_slot(&fragment)
}

/// The headings whose text lies inside the fragment's text, with their offsets in
/// UTF-16 units (the body's text starts the fragment's, so offsets carry over).
fn sections_of<'a>(doc: &'a SearchDoc) -> Vec<(u32, Cow<'a, str>, Cow<'a, str>)> {
    doc.headings
        .iter()
        .filter(|h| h.at < doc.text.len() && doc.text.is_char_boundary(h.at))
        .filter(|h| doc.text[h.at..].starts_with(h.text.as_str()))
        .map(|h| {
            let at = doc.text[..h.at].encode_utf16().count();
            let at = u32::try_from(at).unwrap_or(u32::MAX);
            (
                at,
                Cow::Borrowed(h.id.as_str()),
                Cow::Borrowed(h.text.as_str()),
            )
        })
        .collect()
}

/// A 64-bit hash of many files, 8 bytes a step, the same on every platform: only
/// for telling one build's index from another's, so a browser never mixes them.
fn version_of(files: &[&[u8]]) -> String {
    let hashes: Vec<u64> = files.par_iter().map(|f| word_hash(f)).collect();
    let mut all = Vec::with_capacity(hashes.len() * 8);
    for h in hashes {
        all.extend_from_slice(&h.to_le_bytes());
    }
    format!("{:016x}", word_hash(&all))
}

fn word_hash(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        hash = (hash ^ u64::from_le_bytes(w)).wrapping_mul(0x0000_0100_0000_01b3);
        hash ^= hash >> 29;
    }
    for &b in words.remainder() {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Each section's document range, and inside it each year's (documents are grouped
/// by section and sorted newest first, so both are ranges).
fn section_ranges(docs: &[SearchDoc], texts: &Texts) -> Vec<SectionRange> {
    let mut ranges: Vec<SectionRange> = Vec::new();
    for section in Section::ALL {
        let start = docs.partition_point(|d| d.section < section);
        let end = docs.partition_point(|d| d.section <= section);
        if start == end {
            continue;
        }
        let mut years: Vec<[u32; 3]> = Vec::new();
        for (i, doc) in docs.iter().enumerate().take(end).skip(start) {
            let Some(year) = doc.year.and_then(|y| u32::try_from(y).ok()) else {
                continue;
            };
            let i = i as u32;
            match years.last_mut() {
                Some(last) if last[0] == year && last[2] == i => last[2] = i + 1,
                _ => years.push([year, i, i + 1]),
            }
        }
        ranges.push(SectionRange {
            key: section.key().to_string(),
            label: section.label(texts),
            start: start as u32,
            end: end as u32,
            years,
        });
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::docs::test_doc;

    #[test]
    fn writes_a_searchable_empty_index_for_a_site_without_pages() {
        let built = build_index(&[], &crate::locale::Texts::builtin(crate::locale::Lang::Vi));
        let paths: Vec<&str> = built.files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "search/meta.json",
                "search/dates.bin",
                "search/facets.bin",
                "search/pairs.json",
                "search/pairs/0.bin",
                "search/shards/0.bin"
            ]
        );
        assert_eq!(built.manifest.docs, 0);
        assert_eq!(built.manifest.words, "");
        assert_eq!(built.files[1].1, b"");
        assert_eq!(built.files[3].1, b"[\"\"]");
        assert_eq!(format::decode_shard(&built.files[5].1), Ok(Vec::new()));
    }

    #[test]
    fn packs_fragments_so_each_document_reads_its_own_slot() {
        // Two full packs and six in the third.
        let count = 2 * format::FRAGMENTS_PER_PACK + 6;
        let bodies: Vec<String> = (0..count).map(|i| format!("bài số{i}")).collect();
        let docs: Vec<SearchDoc> = bodies.iter().map(|b| test_doc("Tin", b)).collect();
        let built = build_index(
            &docs,
            &crate::locale::Texts::builtin(crate::locale::Lang::Vi),
        );
        let files: BTreeMap<&str, &[u8]> = built
            .files
            .iter()
            .map(|(p, b)| (p.strip_prefix(INDEX_DIR).unwrap_or(p), b.as_slice()))
            .collect();
        let packs: Vec<&&str> = files.keys().filter(|p| p.starts_with("docs/")).collect();
        assert_eq!(packs, [&"docs/0.bin", &"docs/1.bin", &"docs/2.bin"]);
        for doc in 0..count {
            let read = |rel: &str| files.get(rel).map(|b| b.to_vec());
            let fragment = format::read_fragment(read, doc).expect("fragment");
            assert_eq!(fragment.text, bodies[doc as usize]);
        }
        // The last pack's empty slots are refused, not read as another document's.
        let last = files["docs/2.bin"];
        assert_eq!(
            last.len(),
            format::PACK_HEAD_BYTES
                + (0..6)
                    .map(|i| format::pack_slot(last, i).map_or(0, <[u8]>::len))
                    .sum::<usize>()
        );
        assert!(format::pack_slot(last, 6).is_err());
        let past = format::FRAGMENTS_PER_PACK as usize;
        assert!(format::pack_slot(last, past).is_err());
    }

    #[test]
    fn cuts_shards_near_the_target_size_and_names_files_by_number() {
        let bodies: Vec<String> = (0..4000).map(|i| format!("từ{i} chung")).collect();
        let docs: Vec<SearchDoc> = bodies.iter().map(|b| test_doc("Tin", b)).collect();
        let built = build_index(
            &docs,
            &crate::locale::Texts::builtin(crate::locale::Lang::Vi),
        );
        let shards: Vec<&Vec<u8>> = built
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("search/shards/"))
            .map(|(_, b)| b)
            .collect();
        assert_eq!(shards.len(), built.manifest.shards.len());
        assert!(shards.len() > 2);
        // Only a single term larger than the target may make a shard larger than it.
        for shard in &shards {
            let terms = format::decode_shard(shard).expect("decodes");
            assert!(
                shard.len() <= SHARD_TARGET_BYTES || terms.len() == 1,
                "{} bytes",
                shard.len()
            );
        }
        let mut separators = built.manifest.shards.clone();
        separators.sort();
        assert_eq!(separators, built.manifest.shards);
    }
}
