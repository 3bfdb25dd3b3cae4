//! Property tests of the invariants other code relies on: slugs are ASCII,
//! folding is idempotent, escaped text never carries a live tag.

use minhbach::escape::html as escape_html;
use minhbach::escape::xml as escape_xml;
use minhbach::slug::{fold_to_ascii, slugify};
use proptest::prelude::*;

/// Vietnamese letters, marks, markup and punctuation, mixed.
fn vietnamese_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Kiểm tra",
        "đường",
        "Đ",
        "ư",
        "ơ",
        "hoà",
        "thuỷ",
        "<script>",
        "</b>",
        "\"",
        "'",
        "&amp;",
        " ",
        "–",
        "-",
        "/",
        "43/2011/NĐ-CP",
        "\u{0301}",
        "\u{00A0}",
        "東京",
        "😀",
        "..",
        "\\",
        "\0",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn slug_is_always_ascii_lowercase_digits_and_single_dashes(text in vietnamese_text()) {
        let slug = slugify(&text);
        prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        prop_assert_eq!(slugify(&slug), slug.clone());
    }

    #[test]
    fn slug_of_any_string_is_safe(text in any::<String>()) {
        let slug = slugify(&text);
        prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
    }

    #[test]
    fn folding_is_idempotent(text in vietnamese_text()) {
        let once = fold_to_ascii(&text);
        prop_assert_eq!(fold_to_ascii(&once), once);
    }

    #[test]
    fn escaped_html_never_contains_a_live_tag_or_quote(text in vietnamese_text()) {
        let escaped = escape_html(&text);
        prop_assert!(!escaped.contains('<') && !escaped.contains('>'));
        prop_assert!(!escaped.contains('"') && !escaped.contains('\''));
    }

    #[test]
    fn escaped_xml_never_contains_markup(text in any::<String>()) {
        let escaped = escape_xml(&text);
        prop_assert!(!escaped.contains('<') && !escaped.contains('>') && !escaped.contains('"'));
        prop_assert!(escaped.chars().all(|c| c >= ' ' || matches!(c, '\t' | '\n' | '\r')));
    }
}
