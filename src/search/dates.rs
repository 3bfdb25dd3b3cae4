//! `search/dates.bin`: each document's day, for sorting results newest first in the
//! browser. Loaded only when a reader asks for that order. One zigzag varint a
//! document, the difference of its `yyyymmdd` (0 when no date is stated) from the
//! previous one's: documents are grouped by section and newest first, so most
//! differences fit in a byte or two.

use super::docs::SearchDoc;

/// Where the file lives under the search index.
pub const DATES_FILE: &str = "dates.bin";

/// `2023-11-20` → 20231120; `None` for anything else (no date is "not stated", never 0 on screen).
fn day_number(day: &str) -> Option<i64> {
    let digits: String = day.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 8).then(|| digits.parse().ok()).flatten()
}

/// The bytes of `dates.bin` for `docs`, in index order.
pub fn encode(docs: &[SearchDoc]) -> Vec<u8> {
    let mut out = Vec::with_capacity(docs.len() * 2);
    let mut previous = 0i64;
    for doc in docs {
        let day = doc.day.as_deref().and_then(day_number).unwrap_or(0);
        let delta = day - previous;
        previous = day;
        let mut zigzag = ((delta << 1) ^ (delta >> 63)) as u64;
        loop {
            let byte = (zigzag & 0x7f) as u8;
            zigzag >>= 7;
            if zigzag == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
    }
    out
}

/// The days `encode` wrote (0 for none): the reader's side, for tests.
pub fn decode(bytes: &[u8]) -> Vec<i64> {
    let mut days = Vec::new();
    let (mut value, mut shift, mut previous) = (0u64, 0u32, 0i64);
    for &b in bytes {
        value |= u64::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            let delta = (value >> 1) as i64 ^ -((value & 1) as i64);
            previous += delta;
            days.push(previous);
            value = 0;
            shift = 0;
        }
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::docs::test_doc;

    #[test]
    fn writes_each_day_as_a_small_difference_and_reads_it_back() {
        let mut docs = vec![test_doc("a", ""), test_doc("b", ""), test_doc("c", "")];
        docs[0].day = Some("2023-11-20".into());
        docs[1].day = Some("2023-11-05".into());
        let bytes = encode(&docs);
        assert_eq!(decode(&bytes), [20231120, 20231105, 0]);
        assert!(bytes.len() <= 4 + 1 + 4, "{} bytes", bytes.len());
    }
}
