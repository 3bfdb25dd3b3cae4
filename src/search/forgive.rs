//! Forgiving a typed word: Telex and VNI keys left on ("kieemr", "kie63m" → "kiểm"),
//! and one slip of the finger (two neighbouring letters swapped; in words of
//! `MIN_EDIT_CHARS` letters or more, one letter wrong, missing or extra).
//! `search-core.js` has the same rules; the golden cases hold both to them.
//! It decides no ranking (see `query`) and reads no index file.

use unicode_normalization::UnicodeNormalization;

/// Shorter words get only the swap: Vietnamese syllables are short, and one
/// letter off a three-letter syllable is usually another real syllable.
pub const MIN_EDIT_CHARS: usize = 4;
/// Near matches are looked for only when the exact ones are fewer than this.
pub const FEW_EXACT: usize = 3;
/// At most this many index words stand in for one mistyped word: the commonest.
pub const NEAR_KEYS: usize = 3;

const TONES: [char; 5] = ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}'];
const VOWELS: &str = "aeiouyăâêôơư";
const MODIFIED: &str = "ăâêôơư";

/// The tone a key stands for (sắc, huyền, hỏi, ngã, nặng), or `None` for "no tone".
fn tone_key(c: char) -> Option<Option<char>> {
    let tone = |i: usize| Some(Some(TONES[i]));
    match c {
        's' | '1' => tone(0),
        'f' | '2' => tone(1),
        'r' | '3' => tone(2),
        'x' | '4' => tone(3),
        'j' | '5' => tone(4),
        '0' => Some(None),
        _ => None,
    }
}

fn is_vowel(c: char) -> bool {
    VOWELS.contains(c)
}

/// The letters of `word` with Telex or VNI keys applied, and the tone typed last.
struct Typed {
    letters: Vec<char>,
    tone: Option<char>,
}

impl Typed {
    /// Replaces the last of `from` (searching back) by its `to`; false when none is there.
    fn modify_last(&mut self, from: &str, to: &str) -> bool {
        let Some(i) = self.letters.iter().rposition(|c| from.contains(*c)) else {
            return false;
        };
        let at = from.chars().position(|c| c == self.letters[i]).unwrap_or(0);
        if let Some(new) = to.chars().nth(at) {
            self.letters[i] = new;
        }
        true
    }

    /// `w` or VNI `7`: "uo" both get the horn (ươ); else the last of a, o, u.
    fn horn(&mut self) -> bool {
        let n = self.letters.len();
        for i in (1..n).rev() {
            if self.letters[i - 1] == 'u' && matches!(self.letters[i], 'o' | 'ơ') {
                self.letters[i - 1] = 'ư';
                self.letters[i] = 'ơ';
                return true;
            }
        }
        self.modify_last("aou", "ăơư")
    }

    /// Applies one typed key; false when it is a plain letter.
    fn key(&mut self, c: char) -> bool {
        let seen_vowel = self.letters.iter().any(|c| is_vowel(*c));
        if seen_vowel {
            if let Some(tone) = tone_key(c) {
                self.tone = tone;
                return true;
            }
        }
        let last = self.letters.last().copied();
        match c {
            'a' | 'e' | 'o' if last == Some(c) => {
                self.modify_last("aeo", "âêô");
                true
            }
            'd' if last == Some('d') => {
                self.modify_last("d", "đ");
                true
            }
            '6' => self.modify_last("aeo", "âêô"),
            '8' => self.modify_last("a", "ă"),
            '9' => self.modify_last("d", "đ"),
            'w' | '7' => self.horn(),
            _ => false,
        }
    }
}

/// `word` (lower-case, as a query token) read as Telex or VNI typing, when that
/// changes it into marked letters: "kieemr" → "kiểm", "kie63m" → "kiểm",
/// "dduwowngf" → "đường". `None` for a word with marks already, or no key in it.
pub fn decode_typing(word: &str) -> Option<String> {
    if !word.is_ascii() || !word.chars().any(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let mut typed = Typed {
        letters: Vec::with_capacity(word.len()),
        tone: None,
    };
    let mut keys = 0;
    for c in word.chars() {
        if typed.key(c) {
            keys += 1;
        } else if c.is_ascii_lowercase() {
            typed.letters.push(c);
        } else {
            // A digit that is no VNI key here: a code, not a word.
            return None;
        }
    }
    if keys == 0 {
        return None;
    }
    let mut letters = typed.letters;
    if let Some(tone) = typed.tone {
        let at = tone_place(&letters)?;
        letters.insert(at + 1, tone);
    }
    let out: String = letters.into_iter().collect::<String>().nfc().collect();
    (out != word).then_some(out)
}

/// Where a syllable's tone goes (the old placement on "oa", "oe", "uy", which
/// `tokenize::unify_tone` then moves, as it does for typed text).
fn tone_place(letters: &[char]) -> Option<usize> {
    let mut skip = 0;
    let starts = |a: char, b: char| letters.first() == Some(&a) && letters.get(1) == Some(&b);
    if starts('q', 'u') || (starts('g', 'i') && letters.get(2).is_some_and(|c| is_vowel(*c))) {
        skip = 2;
    }
    let first = (skip..letters.len()).find(|&i| is_vowel(letters[i]))?;
    let end = (first..letters.len())
        .find(|&i| !is_vowel(letters[i]))
        .unwrap_or(letters.len());
    let group: Vec<usize> = (first..end).collect();
    if let Some(&m) = group.iter().rev().find(|&&i| MODIFIED.contains(letters[i])) {
        return Some(m);
    }
    Some(match group.len() {
        1 => group[0],
        2 if end < letters.len() => group[1],
        2 => group[0],
        _ => group[1],
    })
}

/// Whether `key` is one slip away from `typed` (both folded): two neighbouring
/// letters swapped, or, when `typed` has `MIN_EDIT_CHARS` letters or more, one
/// letter substituted, missing or extra.
pub fn one_slip(typed: &str, key: &str) -> bool {
    let a: Vec<char> = typed.chars().collect();
    let b: Vec<char> = key.chars().collect();
    if a == b {
        return false;
    }
    let edits = a.len() >= MIN_EDIT_CHARS;
    let start = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let end = a[start..]
        .iter()
        .rev()
        .zip(b[start..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (da, db) = (a.len() - start - end, b.len() - start - end);
    match (da, db) {
        (2, 2) => a[start] == b[start + 1] && a[start + 1] == b[start],
        (1, 1) | (1, 0) | (0, 1) => edits,
        _ => false,
    }
}

/// The index words one slip from `typed`, commonest first (then by key), at most
/// `NEAR_KEYS`. `words` is the index's word list: (key, documents).
pub fn near_keys<'a>(typed: &str, words: &'a [(String, u32)]) -> Vec<&'a str> {
    let length = typed.chars().count();
    let mut found: Vec<&(String, u32)> = words
        .iter()
        .filter(|(key, _)| key.chars().count().abs_diff(length) <= 1 && one_slip(typed, key))
        .collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    found
        .into_iter()
        .take(NEAR_KEYS)
        .map(|(key, _)| key.as_str())
        .collect()
}

/// The lengths of a plain word in the word list (`listed_word`).
pub const LISTED_WORD_MIN: usize = 2;
pub const LISTED_WORD_MAX: usize = 24;

/// Whether a folded key belongs in the word list near matches are picked from:
/// a plain word of letters (no number, code or document number).
pub fn listed_word(key: &str) -> bool {
    let n = key.len();
    (LISTED_WORD_MIN..=LISTED_WORD_MAX).contains(&n) && key.bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_telex_and_vni_typing() {
        let table = [
            ("kieemr", "kiểm"),
            ("kie63m", "kiểm"),
            ("kiem3", "kiẻm"),
            ("cari", "cải"),
            ("car", "cả"),
            ("cachs", "cách"),
            ("ca1ch", "cách"),
            ("dduwowngf", "đường"),
            ("d9u7o7ng2", "đường"),
            ("hanhf", "hành"),
            ("chinhs", "chính"),
            ("thur", "thủ"),
            ("tucj", "tục"),
            ("mootj", "một"),
            ("cuwar", "cửa"),
            ("lieen", "liên"),
            ("thoong", "thông"),
            ("quar", "quả"),
            ("giups", "giúp"),
            ("gif", "gì"),
            ("hoaf", "hòa"),
            ("ngoaif", "ngoài"),
            ("xax", "xã"),
            ("taan", "tân"),
            ("awn", "ăn"),
            ("a8n", "ăn"),
            ("nuwowcs", "nước"),
            ("truwowngf", "trường"),
            ("dduwa", "đưa"),
            ("tieeps", "tiếp"),
            ("nhaanj", "nhận"),
        ];
        let wrong: Vec<_> = table
            .iter()
            .filter(|(typed, want)| decode_typing(typed).as_deref() != Some(want))
            .map(|(typed, want)| (typed, want, decode_typing(typed)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:?}");
    }

    #[test]
    fn leaves_words_without_keys_and_codes_alone() {
        for word in [
            "kiem", "tra", "cai", "cach", "2021", "1.001193", "kiểm", "xyzzyq",
        ] {
            assert_eq!(decode_typing(word), None, "{word}");
        }
        assert_eq!(decode_typing("a1").as_deref(), Some("á"));
    }

    #[test]
    fn one_slip_is_a_swap_anywhere_and_an_edit_from_four_letters() {
        assert!(one_slip("tar", "tra"));
        assert!(one_slip("rta", "tra"));
        assert!(!one_slip("tre", "tra"), "substitution in a short word");
        assert!(!one_slip("ta", "tra"), "insertion in a short word");
        assert!(one_slip("cachh", "cach"));
        assert!(one_slip("kiem", "kiep"));
        assert!(one_slip("kiem", "kim"));
        assert!(one_slip("kiem", "khiem"));
        assert!(one_slip("ikem", "kiem"));
        assert!(!one_slip("kiem", "kiem"));
        assert!(!one_slip("kiem", "km"), "two edits");
        assert!(!one_slip("kiem", "ekim"), "two swaps");
        assert!(!one_slip("sdafadsfasdf", "sdafadsf"));
    }

    #[test]
    fn near_keys_are_the_commonest_few() {
        let words: Vec<(String, u32)> = [
            ("kiem", 50),
            ("kiep", 2),
            ("kien", 9),
            ("khiem", 1),
            ("kim", 4),
        ]
        .iter()
        .map(|(k, n)| (k.to_string(), *n))
        .collect();
        assert_eq!(near_keys("kiem", &words), ["kien", "kim", "kiep"]);
        assert_eq!(near_keys("ikem", &words), ["kiem"]);
        assert!(near_keys("sdafadsfasdf", &words).is_empty());
    }

    #[test]
    fn lists_plain_words_only() {
        assert!(listed_word("kiem"));
        assert!(!listed_word("a"));
        assert!(!listed_word("1.001193"));
        assert!(!listed_word("43/2011/nd-cp"));
    }
}
