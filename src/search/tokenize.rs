//! Splits text and queries into search terms: NFC, lower case, one tone placement,
//! document numbers and dotted codes kept whole; folding is per term. `search-core.js`
//! follows these rules for queries (the golden cases in `tests/search/` check both).
//! It does not weigh or store terms (see `index`), and it knows no stop words.

use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashMap;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::citations::{find_citations, number_key, Citation};

/// One term of a text: `exact` as written (lower case, NFC, one tone placement),
/// `folded` without marks and with `đ` → `d`, the key the index is sorted by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub exact: String,
    pub folded: String,
}

/// Every term of `text`, in order, repeated as often as it occurs.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut scanner = Scanner::default();
    let mut ids = Vec::new();
    scanner.scan(text, |id| ids.push(id));
    ids.into_iter()
        .map(|id| {
            let exact = scanner.term(id);
            Token {
                exact: exact.to_string(),
                folded: fold_term(exact),
            }
        })
        .collect()
}

/// The letters that fold to `d`: Vietnamese đ, and the Icelandic eth it is often typed as.
pub const STROKED_D: [char; 4] = ['đ', 'Đ', 'ð', 'Ð'];

/// The index key of an exact term: a document number folds like `number_key`
/// ("43/2011/nđ-cp" → "43/2011/nd-cp"); a word made of Latin letters and marks
/// folds to ASCII; a word of another script is its own key, because the browser
/// has no transliteration table and must compute the same key from a query.
/// The Latin case is spelt out here rather than borrowed from slugs, whose rules
/// may change for URLs' sake: `search-core.js` has this very function.
pub fn fold_term(exact: &str) -> String {
    if exact.is_ascii() {
        return exact.to_string();
    }
    if exact.contains('/') {
        return number_key(exact);
    }
    let mut folded = String::with_capacity(exact.len());
    for c in exact.nfd() {
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
        } else if STROKED_D.contains(&c) {
            folded.push('d');
        } else if !is_combining_mark(c) {
            return exact.to_string();
        }
    }
    folded
}

/// True when a term carries marks, so that matching it as written means something.
pub fn has_marks(exact: &str) -> bool {
    !exact.is_ascii() && fold_term(exact) != exact
}

/// A reusable tokenizer that numbers the exact terms it meets. A word seen before,
/// in the same spelling and case, is looked up once and never lower-cased or
/// normalised again: indexing a large site then costs one hash lookup per word.
#[derive(Default)]
pub struct Scanner {
    /// A word as written (any case) → its term number.
    seen: FxHashMap<Box<str>, u32>,
    /// An exact term → its number.
    numbers: FxHashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
    lower: String,
}

impl Scanner {
    /// The exact term numbered `id`.
    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }

    /// Every exact term met so far; a term's number is its position.
    pub fn into_terms(self) -> Vec<Box<str>> {
        self.terms
    }

    /// Calls `emit` with the number of each exact term of `text`, in order.
    pub fn scan(&mut self, text: &str, emit: impl FnMut(u32)) {
        let citations = citations_in(text);
        self.scan_with(text, &citations, emit);
    }

    /// Like `scan`, without looking for document numbers: for a query, whose numbers
    /// are recognised as typed (lower case, no stroke) by `query_terms`.
    fn scan_words_only(&mut self, text: &str, mut emit: impl FnMut(&str)) {
        let mut ids = Vec::new();
        self.scan_with(text, &[], |id| ids.push(id));
        for id in ids {
            emit(self.term(id));
        }
    }

    fn scan_with(&mut self, text: &str, citations: &[Citation], mut emit: impl FnMut(u32)) {
        let bytes = text.as_bytes();
        let mut citations = citations.iter();
        let mut next_citation = citations.next();
        let mut start: Option<usize> = None;
        let mut marked = false;
        let mut at = 0;
        while at < bytes.len() {
            if let Some(cited) = next_citation.filter(|c| c.start == at) {
                if let Some(from) = start.take() {
                    emit(self.word(&text[from..at], marked));
                }
                marked = false;
                emit(self.citation(&cited.number));
                at = cited.end;
                next_citation = citations.next();
                continue;
            }
            let byte = bytes[at];
            let (class, width) = match byte {
                b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => (Class::Letter, 1),
                b'.' | b',' => {
                    let joins_digits = start.is_some()
                        && bytes[at - 1].is_ascii_digit()
                        && bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
                    (
                        if joins_digits {
                            Class::Letter
                        } else {
                            Class::Other
                        },
                        1,
                    )
                }
                0..=0x7f => (Class::Other, 1),
                _ => classify(&text[at..]),
            };
            match class {
                Class::Letter => {
                    start.get_or_insert(at);
                }
                Class::Mark => {
                    start.get_or_insert(at);
                    marked = true;
                }
                Class::Other => {
                    if let Some(from) = start.take() {
                        emit(self.word(&text[from..at], marked));
                        marked = false;
                    }
                }
            }
            at += width;
        }
        if let Some(from) = start {
            emit(self.word(&text[from..], marked));
        }
    }

    fn word(&mut self, word: &str, marked: bool) -> u32 {
        if let Some(&id) = self.seen.get(word) {
            return id;
        }
        let mut lower = std::mem::take(&mut self.lower);
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            // Marks left apart (NFD source text) are composed first.
            let composed: String;
            let word_nfc = if marked {
                composed = word.nfc().collect();
                composed.as_str()
            } else {
                word
            };
            push_lowercase(&mut lower, word_nfc);
            unify_tone(&mut lower);
        }
        let id = self.number(&lower);
        self.lower = lower;
        self.seen.insert(word.into(), id);
        id
    }

    fn citation(&mut self, number: &str) -> u32 {
        let mut exact = String::with_capacity(number.len());
        push_lowercase(&mut exact, number);
        self.number(&exact)
    }

    fn number(&mut self, exact: &str) -> u32 {
        if let Some(&id) = self.numbers.get(exact) {
            return id;
        }
        let id = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
        self.terms.push(exact.into());
        self.numbers.insert(exact.into(), id);
        id
    }
}

/// Lower-cases char by char, as the browser's `toLowerCase` on one character does:
/// no context rules (final sigma), so both sides agree on every word.
fn push_lowercase(out: &mut String, text: &str) {
    out.extend(text.chars().flat_map(char::to_lowercase));
}

/// A document number as a reader types it, in any case, with or without the stroke on Đ.
/// The browser compiles this text too (`new RegExp(p, "u")`): only syntax both read alike,
/// so no `\d`, `\w` or `\b`, which are Unicode-aware here and ASCII-only there.
pub const TYPED_NUMBER: &str =
    r"^[0-9]{1,6}[a-z]?(?:/(?:19|20)[0-9]{2})?/[a-zđð]+[0-9]*(?:-[a-zđð]+[0-9]*)*$";
/// The start of a document number ("43/2011", "151/tb-"), a term while it is typed.
pub const PARTIAL_NUMBER: &str = r"^[0-9]{1,6}[a-z]?/(?:(?:19|20)[0-9]{2}/?)?[a-zđð0-9-]*$";

static TYPED_NUMBER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(TYPED_NUMBER).expect("typed number pattern compiles"));
static PARTIAL_NUMBER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(PARTIAL_NUMBER).expect("partial number pattern compiles"));

/// True unless a space ends `query`: its last word is still being typed.
pub fn ends_open(query: &str) -> bool {
    !query.ends_with(char::is_whitespace)
}

/// The exact terms of a query, split as text is, except for document numbers: a reader
/// types them in lower case and without the stroke, which `find_citations` would not
/// take for one, so a space-delimited chunk that reads as a number is one term.
pub fn query_terms(query: &str) -> Vec<String> {
    let query: String = query.nfc().collect();
    let chunks: Vec<&str> = query
        .split(char::is_whitespace)
        .filter(|c| !c.is_empty())
        .collect();
    let open_end = ends_open(&query);
    let mut terms = Vec::new();
    let mut scanner = Scanner::default();
    for (i, chunk) in chunks.iter().enumerate() {
        let mut lower = String::with_capacity(chunk.len());
        push_lowercase(&mut lower, chunk);
        let trimmed = lower.trim_matches(|c: char| !c.is_alphanumeric());
        let typing = open_end && i + 1 == chunks.len();
        if TYPED_NUMBER_RE.is_match(trimmed) || (typing && PARTIAL_NUMBER_RE.is_match(trimmed)) {
            terms.push(trimmed.to_string());
        } else {
            scanner.scan_words_only(chunk, |word| terms.push(word.to_string()));
        }
    }
    terms
}

enum Class {
    Letter,
    Mark,
    Other,
}

/// The class and UTF-8 width of the non-ASCII character `rest` starts with. Vietnamese
/// letters (Latin-1, Latin Extended A/B and Additional) and combining marks are told
/// from their first bytes, without the Unicode table lookups that otherwise dominate.
fn classify(rest: &str) -> (Class, usize) {
    let b = rest.as_bytes();
    match (b[0], b.get(1).copied().unwrap_or(0)) {
        (0xC3, 0x97 | 0xB7) => (Class::Other, 2),            // × ÷
        (0xC3..=0xC9, _) => (Class::Letter, 2),              // U+00C0..U+027F
        (0xCC, _) | (0xCD, 0x80..=0xAF) => (Class::Mark, 2), // U+0300..U+036F
        (0xE1, 0xB8..=0xBB) => (Class::Letter, 3),           // U+1E00..U+1EFF
        _ => {
            let c = rest.chars().next().unwrap_or(' ');
            let class = if c.is_alphanumeric() {
                Class::Letter
            } else if is_combining_mark(c) {
                Class::Mark
            } else {
                Class::Other
            };
            (class, c.len_utf8())
        }
    }
}

/// Document numbers in `text`. Only the space-delimited chunks around a slash that
/// follows a digit can hold one, so the citation scanner runs on those alone.
fn citations_in(text: &str) -> Vec<Citation> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut searched_to = 0;
    let mut from = 0;
    while let Some(offset) = text[from..].find('/') {
        let slash = from + offset;
        from = slash + 1;
        if slash < searched_to || slash == 0 || !bytes[slash - 1].is_ascii_digit() {
            continue;
        }
        let start = bytes[..slash]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(0, |i| i + 1);
        let end = bytes[slash..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |i| slash + i);
        searched_to = end;
        // A symbol starts with a capital letter right after a slash; a date never does.
        let chunk = &bytes[start..end];
        let has_symbol = chunk.windows(2).any(|pair| match pair {
            [b'/', next] => next.is_ascii_uppercase() || *next == 0xC3 || *next == 0xC4,
            _ => false,
        });
        if !has_symbol {
            continue;
        }
        for mut cited in find_citations(&text[start..end]) {
            cited.start += start;
            cited.end += start;
            found.push(cited);
        }
    }
    found
}

/// The same five tones on the vowels whose tone placement varies, in one order:
/// grave, acute, tilde, hook above, dot below.
pub const TONED_O: [char; 5] = ['ò', 'ó', 'õ', 'ỏ', 'ọ'];
pub const TONED_U: [char; 5] = ['ù', 'ú', 'ũ', 'ủ', 'ụ'];
pub const TONED_A: [char; 5] = ['à', 'á', 'ã', 'ả', 'ạ'];
pub const TONED_E: [char; 5] = ['è', 'é', 'ẽ', 'ẻ', 'ẹ'];
pub const TONED_Y: [char; 5] = ['ỳ', 'ý', 'ỹ', 'ỷ', 'ỵ'];

/// Writes the tone of a syllable ending in `oa`, `oe` or `uy` on its last vowel
/// ("hòa" → "hoà", "thủy" → "thuỷ", "khỏe" → "khoẻ"), the placement of the 2018
/// orthography; both placements are in daily use, and a reader types either.
/// A syllable with a final consonant ("hoạch") has only one placement and is left alone.
pub fn unify_tone(word: &mut String) {
    let mut rev = word.chars().rev();
    let (Some(last), Some(before)) = (rev.next(), rev.next()) else {
        return;
    };
    let (tones, plain) = match last {
        'a' => (&TONED_A, 'o'),
        'e' => (&TONED_E, 'o'),
        'y' => (&TONED_Y, 'u'),
        _ => return,
    };
    let toned_first = if plain == 'o' { &TONED_O } else { &TONED_U };
    let Some(tone) = toned_first.iter().position(|&c| c == before) else {
        return;
    };
    let cut = word.len() - last.len_utf8() - before.len_utf8();
    word.truncate(cut);
    word.push(plain);
    word.push(tones[tone]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.exact).collect()
    }

    fn folded(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.folded).collect()
    }

    #[test]
    fn lower_cases_and_folds_marks() {
        let tokens = tokenize("Kiểm tra ĐỘT XUẤT");
        assert_eq!(exact("Kiểm tra ĐỘT XUẤT"), ["kiểm", "tra", "đột", "xuất"]);
        assert_eq!(
            tokens.iter().map(|t| t.folded.as_str()).collect::<Vec<_>>(),
            ["kiem", "tra", "dot", "xuat"]
        );
    }

    #[test]
    fn folds_d_with_stroke_which_stripping_marks_alone_misses() {
        assert_eq!(folded("đường Đồng Khởi"), ["duong", "dong", "khoi"]);
        assert_eq!(fold_term("đ"), "d");
    }

    #[test]
    fn reads_decomposed_text_like_composed_text() {
        let nfd: String = "Kiểm tra đột xuất".nfd().collect();
        assert_ne!(nfd, "Kiểm tra đột xuất");
        assert_eq!(tokenize(&nfd), tokenize("Kiểm tra đột xuất"));
    }

    #[test]
    fn unifies_old_and_new_tone_placement() {
        assert_eq!(exact("hòa"), exact("hoà"));
        assert_eq!(exact("thủy"), exact("thuỷ"));
        assert_eq!(exact("khỏe"), exact("khoẻ"));
        assert_eq!(exact("Ủy ban"), exact("uỷ ban"));
        assert_eq!(exact("hòa"), ["hoà"]);
        assert_eq!(exact("HÒA"), ["hoà"]);
    }

    #[test]
    fn leaves_syllables_with_one_tone_placement_alone() {
        assert_eq!(
            exact("hoạch toán khuya quý"),
            ["hoạch", "toán", "khuya", "quý"]
        );
        assert_eq!(exact("hoa"), ["hoa"]);
    }

    #[test]
    fn splits_on_every_kind_of_space_and_punctuation() {
        assert_eq!(
            exact("cải\u{00A0}cách\u{2009}hành\u{3000}chính\u{200B}nhà – nước, (CCHC)"),
            ["cải", "cách", "hành", "chính", "nhà", "nước", "cchc"]
        );
    }

    #[test]
    fn keeps_dotted_codes_and_decimals_whole() {
        assert_eq!(
            exact("Mã 1.001612; đạt 1,5%."),
            ["mã", "1.001612", "đạt", "1,5"]
        );
        assert_eq!(exact("năm 2021."), ["năm", "2021"]);
    }

    #[test]
    fn keeps_document_numbers_whole_and_folds_them_like_number_keys() {
        let tokens = tokenize("theo Nghị định số 43/2011/NĐ-CP, và (151/TB-SNV).");
        let numbers: Vec<&Token> = tokens.iter().filter(|t| t.exact.contains('/')).collect();
        assert_eq!(numbers.len(), 2);
        assert_eq!(numbers[0].exact, "43/2011/nđ-cp");
        assert_eq!(numbers[0].folded, "43/2011/nd-cp");
        assert_eq!(numbers[1].folded, "151/tb-snv");
        assert_eq!(tokenize("43/2011/ND-CP"), tokenize("43/2011/NĐ-CP"));
        assert!(!exact("theo Nghị định số 43/2011/NĐ-CP").contains(&"cp".to_string()));
    }

    #[test]
    fn splits_dates_that_are_not_document_numbers() {
        assert_eq!(exact("ngày 29/5/2014"), ["ngày", "29", "5", "2014"]);
    }

    #[test]
    fn keeps_other_scripts_unfolded() {
        let tokens = tokenize("東京 Москва café");
        assert_eq!(tokens[0].folded, "東京");
        assert_eq!(tokens[1].folded, "москва");
        assert_eq!(tokens[2].folded, "cafe");
    }

    #[test]
    fn splits_a_query_like_text_but_keeps_a_typed_document_number_whole() {
        assert_eq!(
            query_terms("Kiểm\u{00A0}tra, 43/2011/nd-cp (151/TB-SNV)"),
            ["kiểm", "tra", "43/2011/nd-cp", "151/tb-snv"]
        );
        assert_eq!(query_terms("29/5/2014"), ["29", "5", "2014"]);
        assert!(query_terms(" \t ").is_empty());
    }

    #[test]
    fn keeps_the_start_of_a_number_whole_only_while_it_is_typed() {
        assert_eq!(query_terms("theo 43/2011"), ["theo", "43/2011"]);
        assert_eq!(query_terms("43/2011 theo"), ["43", "2011", "theo"]);
        assert_eq!(query_terms("43/2011 "), ["43", "2011"]);
        assert!(ends_open("43/2011\u{FEFF}"), "U+FEFF is no space");
        assert!(!ends_open("43/2011\u{85}"), "U+0085 is one");
    }

    #[test]
    fn folds_dashes_and_spaces_of_a_document_number_like_number_key() {
        assert_eq!(fold_term("43/2011/nđ\u{2013}cp"), "43/2011/nd-cp");
        assert_eq!(fold_term("43/2011/ð-cp"), "43/2011/d-cp");
        assert_eq!(fold_term("ðiều"), "dieu");
    }

    #[test]
    fn tells_marked_terms_from_plain_ones() {
        assert!(has_marks("đột"));
        assert!(has_marks("43/2011/nđ-cp"));
        assert!(!has_marks("tra"));
        assert!(!has_marks("москва"));
    }
}
