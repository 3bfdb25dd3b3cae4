//! Date, offset and period parsing on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use minhbach::model::dates::{parse_datetime, parse_offset, Period};

fuzz_target!(|text: &str| {
    let tz = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    let _ = parse_datetime(text, tz);
    let _ = parse_offset(text);
    if let Some(p) = Period::parse(text) {
        // A parsed period prints a code that parses back to itself.
        assert_eq!(Period::parse(&p.code()), Some(p));
        let _ = p.label_vi();
    }
});
