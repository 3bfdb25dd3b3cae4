//! Slugs are always ASCII `[a-z0-9-]`, never start or end with `-`, and
//! slugifying a slug changes nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use minhbach::slug::{fold_to_ascii, slugify};

fuzz_target!(|text: &str| {
    let slug = slugify(text);
    assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
    assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
    assert_eq!(slugify(&slug), slug);
    let folded = fold_to_ascii(text);
    assert_eq!(fold_to_ascii(&folded), folded);
});
