//! Legal-citation recognition: ranges lie on character boundaries inside the
//! text and every number found is found again on its own.
#![no_main]
use libfuzzer_sys::fuzz_target;
use minhbach::citations::{find_citations, number_key};

fuzz_target!(|text: &str| {
    for c in find_citations(text) {
        assert!(c.start < c.end && c.end <= text.len());
        assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
        let again = find_citations(&c.number);
        assert_eq!(again.len(), 1, "{:?} not found alone", c.number);
        assert_eq!(number_key(&again[0].number), number_key(&c.number));
    }
});
