//! `search/facets.bin`: for the tag, agency, location, document-kind and index
//! filters, each value and the
//! documents that carry it, so the browser counts them for any query. Loaded only
//! when a reader opens those filters (or a shared address uses one), so a plain
//! query downloads none of it. Layout: varint number of facets; per facet, its key
//! (length-prefixed UTF-8) and varint number of values; per value, its label, then
//! the number of documents and their numbers as differences, all varints.

use std::collections::BTreeMap;

use super::docs::SearchDoc;

pub const FACETS_FILE: &str = "facets.bin";

/// The filters a document may carry values for, in the order the page shows
/// them: news carry tags, agency and location; a procedure its agency; a
/// legal document its kind; a year of a performance index the index's name.
pub const FACETS: [&str; 5] = ["tag", "agency", "location", "kind", "index"];

/// Each facet's values for one document, in `FACETS` order.
pub type FacetValues = [Vec<String>; FACETS.len()];

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    put_varint(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

/// The bytes of `facets.bin` for `docs` (in index order); values sorted by label.
pub fn encode(docs: &[SearchDoc]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, FACETS.len() as u64);
    for (f, key) in FACETS.iter().enumerate() {
        let mut values: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for (i, doc) in docs.iter().enumerate() {
            for label in &doc.facets[f] {
                let list = values.entry(label.as_str()).or_default();
                let i = u32::try_from(i).unwrap_or(u32::MAX);
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        put_text(&mut out, key);
        put_varint(&mut out, values.len() as u64);
        for (label, list) in values {
            put_text(&mut out, label);
            put_varint(&mut out, list.len() as u64);
            let mut previous = 0;
            for doc in list {
                put_varint(&mut out, u64::from(doc - previous));
                previous = doc;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::docs::test_doc;

    #[test]
    fn lists_each_value_with_its_documents() {
        let mut docs = vec![test_doc("a", ""), test_doc("b", ""), test_doc("c", "")];
        docs[0].facets[0] = vec!["Một cửa".into()];
        docs[2].facets[0] = vec!["Một cửa".into(), "Ab".into()];
        docs[1].facets[1] = vec!["Sở Nội vụ".into()];
        docs[1].facets[3] = vec!["Quyết định".into()];
        let bytes = encode(&docs);
        let mut expected = vec![5, 3];
        expected.extend(b"tag");
        expected.extend([2, 2]);
        expected.extend(b"Ab");
        expected.extend([1, 2, "Một cửa".len() as u8]);
        expected.extend("Một cửa".as_bytes());
        expected.extend([2, 0, 2, 6]);
        expected.extend(b"agency");
        expected.extend([1, "Sở Nội vụ".len() as u8]);
        expected.extend("Sở Nội vụ".as_bytes());
        expected.extend([1, 1, 8]);
        expected.extend(b"location");
        expected.extend([0, 4]);
        expected.extend(b"kind");
        expected.extend([1, "Quyết định".len() as u8]);
        expected.extend("Quyết định".as_bytes());
        expected.extend([1, 1, 5]);
        expected.extend(b"index");
        expected.push(0);
        assert_eq!(bytes, expected);
    }
}
