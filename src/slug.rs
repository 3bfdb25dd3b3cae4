//! Vietnamese-aware folding and ASCII slugs, shared by URLs, taxonomies and search.
//! It does not decide uniqueness: the site model reports two pages with one slug.

use unicode_normalization::UnicodeNormalization;

/// Turns any text into an ASCII slug of `[a-z0-9-]`: `Kiểm tra` → `kiem-tra`,
/// `Bà Rịa – Vũng Tàu` → `ba-ria-vung-tau`, `đường` → `duong`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for ch in fold_to_ascii(text).chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(ch.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// Removes Vietnamese marks and maps `đ`/`Đ` to `d`/`D`; other scripts go
/// through `deunicode`, so a slug never loses a whole word.
pub fn fold_to_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.nfd() {
        match ch {
            'đ' => out.push('d'),
            'Đ' | 'Ð' => out.push('D'),
            c if c.is_ascii() => out.push(c),
            c if is_combining_mark(c) => {}
            c => out.push_str(deunicode::deunicode_char(c).unwrap_or("-")),
        }
    }
    out
}

fn is_combining_mark(ch: char) -> bool {
    matches!(ch as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_d_with_stroke_to_d() {
        assert_eq!(slugify("đường Đồng Khởi"), "duong-dong-khoi");
    }

    #[test]
    fn folds_vietnamese_tone_marks() {
        assert_eq!(
            slugify("Kiểm tra cải cách hành chính"),
            "kiem-tra-cai-cach-hanh-chinh"
        );
        assert_eq!(slugify("Bà Rịa – Vũng Tàu"), "ba-ria-vung-tau");
    }

    #[test]
    fn folds_decomposed_input_like_composed_input() {
        let nfd: String = "Thủ tục".nfd().collect();
        assert_eq!(slugify(&nfd), "thu-tuc");
    }

    #[test]
    fn collapses_punctuation_and_trims_dashes() {
        assert_eq!(slugify("  --Năm 2021: 7 cơ quan!!  "), "nam-2021-7-co-quan");
        assert_eq!(slugify("1.001612"), "1-001612");
    }

    #[test]
    fn gives_empty_slug_for_text_without_letters() {
        assert_eq!(slugify("–––"), "");
    }

    #[test]
    fn keeps_words_of_other_scripts() {
        assert_eq!(slugify("Đà Nẵng 東京"), "da-nang-dong-jing");
    }
}
