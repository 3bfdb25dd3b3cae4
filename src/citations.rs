//! Finds Vietnamese legal documents cited in text by their number and symbol ("số ký hiệu"), e.g. `43/2011/NĐ-CP`.
//! It does not look up titles, dates or validity, and it ignores dates, ratios, periods, ISO years and URLs.

use std::sync::LazyLock;

use regex::Regex;

/// Kind of legal document, from the symbol part (NĐ-CP → Nghị định, QĐ-TTg/QĐ-UBND → Quyết định,
/// TB-SNV → Thông báo, KH-UBND → Kế hoạch, QH13 → Luật/Bộ luật ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum DocKind {
    Law,
    Decree,
    Decision,
    Circular,
    Directive,
    Resolution,
    Notice,
    Plan,
    Report,
    OfficialLetter,
    Instruction,
    Other,
}

impl DocKind {
    /// The word for the kind in open data and label keys: `decree`.
    pub fn code(self) -> &'static str {
        match self {
            DocKind::Law => "law",
            DocKind::Decree => "decree",
            DocKind::Decision => "decision",
            DocKind::Circular => "circular",
            DocKind::Directive => "directive",
            DocKind::Resolution => "resolution",
            DocKind::Notice => "notice",
            DocKind::Plan => "plan",
            DocKind::Report => "report",
            DocKind::OfficialLetter => "official_letter",
            DocKind::Instruction => "instruction",
            DocKind::Other => "other",
        }
    }
}

impl DocKind {
    /// The kind a word names, as staff write it in `documents.yaml`
    /// ("Nghị định", "nghị định") or as its code ("decree"); `None` for any
    /// other word, which is shown as written ("Thông tư liên tịch", a joint
    /// circular, says more than "Thông tư" and is one of them).
    pub fn named(word: &str) -> Option<DocKind> {
        let kind = match crate::slug::slugify(word).as_str() {
            "luat" | "law" => DocKind::Law,
            "nghi-dinh" | "decree" => DocKind::Decree,
            "quyet-dinh" | "decision" => DocKind::Decision,
            "thong-tu" | "circular" => DocKind::Circular,
            "chi-thi" | "directive" => DocKind::Directive,
            "nghi-quyet" | "resolution" => DocKind::Resolution,
            "thong-bao" | "notice" => DocKind::Notice,
            "ke-hoach" | "plan" => DocKind::Plan,
            "bao-cao" | "report" => DocKind::Report,
            "cong-van" | "official-letter" => DocKind::OfficialLetter,
            "huong-dan" | "instruction" => DocKind::Instruction,
            _ => return None,
        };
        Some(kind)
    }
}

/// One document number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Canonical number: NFC, uppercase symbol, Vietnamese Đ kept, e.g. "43/2011/NĐ-CP", "151/TB-SNV", "16/2012/QH13".
    pub number: String,
    pub kind: DocKind,
    /// Byte range of the match in the input.
    pub start: usize,
    pub end: usize,
}

/// Number (with an optional one-letter suffix), optional four-digit year, then a symbol made of
/// letter groups joined by hyphens. Each group is letters then optional digits ("QH13", "BCĐ389").
/// Lowercase letters are let through here ("TTg") and judged group by group in `canonical_symbol`,
/// so that the match always covers the whole letter run and a trailing check sees what follows it.
/// Only ASCII digits and explicit letter sets are used: no Unicode classes, so the automaton stays small.
static CITATION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        ([0-9]{1,6}[a-z]?)
        (?:/((?:19|20)[0-9]{2}))?
        /
        ([A-ZĐÐ][A-ZĐÐa-z]*[0-9]*(?:-[A-ZĐÐ][A-ZĐÐa-z]*[0-9]*)*)
        ",
    )
    .expect("citation pattern compiles")
});

/// Web addresses; citations overlapping one are skipped.
/// Documents of the Party (văn bản của Đảng) write the type before the
/// issuer, joined to the number by a hyphen: `18-NQ/TW` (a Central Committee
/// resolution), `05-CT/TU` (a provincial committee's directive).
static PARTY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        ([0-9]{1,4}[a-z]?)
        -
        ([A-ZĐÐ][A-ZĐÐa-z]{0,3})
        /
        ([A-ZĐÐ]{1,8})
        ",
    )
    .expect("party citation pattern compiles")
});

/// The types a Party document's number carries (Nghị quyết, Chỉ thị, Kết
/// luận, Quyết định and Quy định, Hướng dẫn, Thông báo, Báo cáo, Kế hoạch,
/// Công văn, Đề án, Tờ trình, Chương trình).
const PARTY_TYPES: &[&str] = &[
    "NQ", "CT", "KL", "QĐ", "HD", "TB", "BC", "KH", "CV", "ĐA", "TTr", "CTr",
];

static URL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:https?://|ftp://|www\.)[^\s<>"“”']+"#).expect("URL pattern compiles")
});

/// Symbol groups commonly written without the stroke on Đ, with their proper spelling.
/// Only whole groups are replaced, so e.g. "UBND" or "HD" (Hướng dẫn) are never touched.
const UNSTROKED: &[(&str, &str)] = &[
    ("ND", "NĐ"),
    ("QD", "QĐ"),
    ("QyD", "QyĐ"),
    ("HDND", "HĐND"),
    ("BCD", "BCĐ"),
    ("BGDDT", "BGDĐT"),
    ("SGDDT", "SGDĐT"),
    ("BKHDT", "BKHĐT"),
    ("SKHDT", "SKHĐT"),
    ("BLDTBXH", "BLĐTBXH"),
    ("SLDTBXH", "SLĐTBXH"),
];

/// The only groups allowed to contain a lowercase letter: Thủ tướng, tờ trình, chương trình, quy định.
const MIXED_CASE: &[&str] = &["TTg", "TTr", "CTr", "QyĐ", "QyÐ", "QyD"];

/// Type groups of documents that have no kind of their own in `DocKind`
/// (tờ trình, chương trình, công điện, kết luận, giấy mời, biên bản, đề án, phương án, quy định,
/// quy chế, lệnh, pháp lệnh).
const OTHER_TYPES: &[&str] = &[
    "TTr", "CTr", "CĐ", "KL", "GM", "BB", "ĐA", "PA", "QyĐ", "QC", "L", "PL",
];

/// Issuers accepted as a lone symbol without a year ("456/UBND"). A lone unknown group such as
/// "KP2" or "HCM" after a number is more often an address or a place than a document.
const LONE_AGENCIES: &[&str] = &[
    "UBND", "HĐND", "SNV", "BNV", "VPCP", "VP", "VPUB", "CP", "TTg", "BTC", "STC", "BTP", "STP",
    "BYT", "SYT", "BCA", "BCT", "SCT", "BGDĐT", "SGDĐT", "BKHĐT", "SKHĐT", "BCĐ", "CCHC",
];

/// Finds every cited document number in `text`, in order of appearance. Duplicates are kept.
pub fn find_citations(text: &str) -> Vec<Citation> {
    let urls: Vec<(usize, usize)> = URL_RE
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut next_url = 0;
    let mut found = Vec::new();

    for whole in CITATION_RE.find_iter(text) {
        let (start, end) = (whole.start(), whole.end());

        while next_url < urls.len() && urls[next_url].1 <= start {
            next_url += 1;
        }
        if next_url < urls.len() && urls[next_url].0 < end {
            continue;
        }
        if !boundary_before(&text[..start]) || !boundary_after(&text[end..]) {
            continue;
        }
        // Groups are only needed for the few candidates that pass the cheap checks above.
        // Searching again from `start` yields the same leftmost-first match.
        let Some(caps) = CITATION_RE.captures_at(text, start) else {
            continue;
        };
        let (Some(number), Some(symbol)) = (caps.get(1), caps.get(3)) else {
            continue;
        };
        let year = caps.get(2).map(|m| m.as_str());
        let Some((symbol, kind)) = canonical_symbol(symbol.as_str(), year.is_some()) else {
            continue;
        };
        let number = match year {
            Some(year) => format!("{}/{}/{}", number.as_str(), year, symbol),
            None => format!("{}/{}", number.as_str(), symbol),
        };
        found.push(Citation {
            number,
            kind,
            start,
            end,
        });
    }
    found.extend(party_citations(text, &urls));
    found.sort_by_key(|c| c.start);
    found
}

/// Party documents (`18-NQ/TW`) in `text`, outside `urls`.
fn party_citations(text: &str, urls: &[(usize, usize)]) -> Vec<Citation> {
    let mut found = Vec::new();
    for caps in PARTY_RE.captures_iter(text) {
        let (Some(whole), Some(number), Some(kind), Some(issuer)) =
            (caps.get(0), caps.get(1), caps.get(2), caps.get(3))
        else {
            continue;
        };
        let (start, end) = (whole.start(), whole.end());
        let in_url = urls.iter().any(|&(a, b)| a < end && start < b);
        if in_url || !boundary_before(&text[..start]) || !boundary_after(&text[end..]) {
            continue;
        }
        let kind_symbol = canonical_group(kind.as_str());
        if !PARTY_TYPES.contains(&kind_symbol.as_str()) {
            continue;
        }
        found.push(Citation {
            number: format!(
                "{}-{kind_symbol}/{}",
                number.as_str(),
                canonical_group(issuer.as_str())
            ),
            kind: kind_of(&kind_symbol),
            start,
            end,
        });
    }
    found
}

/// Fold a number for lookups and search: "43/2011/NĐ-CP" and "43/2011/ND-CP" → same key "43/2011/nd-cp".
pub fn number_key(number: &str) -> String {
    let mut key = String::with_capacity(number.len());
    for c in number.chars() {
        match c {
            'Đ' | 'đ' | 'Ð' | 'ð' => key.push('d'),
            '‐' | '‑' | '‒' | '–' | '—' => key.push('-'),
            c if c.is_whitespace() => {}
            // Numbers are mostly ASCII: no case table for them.
            c if c.is_ascii() => key.push(c.to_ascii_lowercase()),
            c => key.extend(c.to_lowercase()),
        }
    }
    key
}

/// The registry key of one of several documents sharing a number, told
/// apart by their issuer: `486/qd-ubnd@ubnd-tinh-tay-ninh`.
pub fn issued_key(number: &str, issuer: &str) -> String {
    format!("{}@{}", number_key(number), crate::slug::slugify(issuer))
}

/// True when the number may start right after `before`: start of text, whitespace, or punctuation
/// that does not glue it to a preceding word ("COVID-19"), decimal ("1,5") or path ("a/2014").
fn boundary_before(before: &str) -> bool {
    let mut rev = before.chars().rev();
    let Some(prev) = rev.next() else {
        return true;
    };
    let prev2 = rev.next();
    if prev.is_alphanumeric() {
        return false;
    }
    match prev {
        '/' | '\\' | '_' | '@' | '#' | '=' | '%' | '&' | '+' | '~' => false,
        '-' => !prev2.is_some_and(char::is_alphanumeric),
        '.' | ',' | ':' => !prev2.is_some_and(|c| c.is_ascii_digit()),
        _ => true,
    }
}

/// True when the symbol ends at a word boundary: not glued to letters, digits, or a further
/// path segment or hyphenated word ("151/TB-SNV/abc", "QĐ-UBND-Vũng").
fn boundary_after(after: &str) -> bool {
    let mut chars = after.chars();
    let Some(next) = chars.next() else {
        return true;
    };
    if next.is_alphanumeric() || next == '_' {
        return false;
    }
    if next == '/' || next == '-' {
        return !chars.next().is_some_and(char::is_alphanumeric);
    }
    true
}

/// Checks each hyphen-separated group of a raw symbol and spells it canonically.
/// Returns the symbol and the document kind, or `None` when it does not look like a document symbol.
fn canonical_symbol(raw: &str, has_year: bool) -> Option<(String, DocKind)> {
    let mut groups: Vec<String> = Vec::new();
    for group in raw.split('-') {
        let upper = group
            .chars()
            .filter(|c| c.is_ascii_uppercase() || *c == 'Đ' || *c == 'Ð')
            .count();
        // Only a few abbreviations carry a lowercase letter; "Hanoi" or "SNVx" are not symbols.
        if group.chars().any(|c| c.is_ascii_lowercase()) && !MIXED_CASE.contains(&group) {
            return None;
        }
        if groups.is_empty() && upper < 2 && !has_year {
            return None;
        }
        groups.push(canonical_group(group));
    }
    let first = groups.first()?;
    let kind = kind_of(first);
    if groups.len() == 1
        && !has_year
        && kind == DocKind::OfficialLetter
        && !LONE_AGENCIES.contains(&first.as_str())
    {
        return None;
    }
    Some((groups.join("-"), kind))
}

/// Spells one group with the Vietnamese Đ: Icelandic eth is replaced, and the known
/// abbreviations written without a stroke get one back. Trailing digits are kept.
fn canonical_group(group: &str) -> String {
    let group = group.replace('Ð', "Đ");
    let digits_at = group
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(group.len());
    let (letters, digits) = group.split_at(digits_at);
    match UNSTROKED.iter().find(|(plain, _)| *plain == letters) {
        Some((_, stroked)) => format!("{stroked}{digits}"),
        None => group,
    }
}

/// Document kind from the first (canonical) symbol group.
fn kind_of(first: &str) -> DocKind {
    match first {
        "NĐ" => DocKind::Decree,
        "QĐ" => DocKind::Decision,
        "TT" | "TTLT" => DocKind::Circular,
        "CT" => DocKind::Directive,
        "NQ" => DocKind::Resolution,
        "TB" => DocKind::Notice,
        "KH" => DocKind::Plan,
        "BC" => DocKind::Report,
        "HD" => DocKind::Instruction,
        "CV" => DocKind::OfficialLetter,
        _ if OTHER_TYPES.contains(&first) => DocKind::Other,
        _ if is_term_suffixed(first, "QH") => DocKind::Law,
        _ if is_term_suffixed(first, "UBTVQH") => DocKind::Resolution,
        // No type group: the symbol starts with the issuing agency, as in a công văn.
        _ => DocKind::OfficialLetter,
    }
}

/// True for `prefix` followed by a legislature term number, e.g. "QH13" or "UBTVQH14".
fn is_term_suffixed(group: &str, prefix: &str) -> bool {
    group
        .strip_prefix(prefix)
        .is_some_and(|term| !term.is_empty() && term.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<String> {
        find_citations(text).into_iter().map(|c| c.number).collect()
    }

    fn kind(text: &str) -> DocKind {
        let found = find_citations(text);
        assert_eq!(
            found.len(),
            1,
            "expected one citation in {text:?}: {found:?}"
        );
        found[0].kind
    }

    #[test]
    fn finds_numbers_with_year_and_symbol() {
        for number in [
            "43/2011/NĐ-CP",
            "93/2007/QĐ-TTg",
            "04/2015/QĐ-UBND",
            "42/2022/NĐ-CP",
            "61/2018/NĐ-CP",
            "01/2018/TT-VPCP",
        ] {
            let text = format!("theo văn bản số {number} ngày 13/06/2011.");
            assert_eq!(numbers(&text), vec![number.to_string()], "in {text:?}");
        }
    }

    #[test]
    fn finds_numbers_without_year() {
        for number in [
            "151/TB-SNV",
            "1957/KH-UBND",
            "1893/KH-UBND",
            "2539/UBND-SNV",
            "2331/QĐ-UBND",
            "90/KH-VP",
        ] {
            let text = format!("Thực hiện văn bản số {number} của Sở Nội vụ");
            assert_eq!(numbers(&text), vec![number.to_string()], "in {text:?}");
        }
    }

    #[test]
    fn keeps_a_lowercase_letter_suffix_on_the_number() {
        assert_eq!(numbers("Nghị quyết 30c/NQ-CP năm 2011"), vec!["30c/NQ-CP"]);
        assert_eq!(kind("Nghị quyết 30c/NQ-CP"), DocKind::Resolution);
    }

    #[test]
    fn recognises_laws_by_their_legislature_term_symbol() {
        let text = "Luật Quảng cáo số 16/2012/QH13 và Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, Luật ... số 22/2023/QH15";
        assert_eq!(
            numbers(text),
            vec!["16/2012/QH13", "10/2022/QH15", "22/2023/QH15"]
        );
        assert!(find_citations(text).iter().all(|c| c.kind == DocKind::Law));
    }

    #[test]
    fn classifies_kind_from_the_first_symbol_group() {
        let cases = [
            ("43/2011/NĐ-CP", DocKind::Decree),
            ("93/2007/QĐ-TTg", DocKind::Decision),
            ("2331/QĐ-UBND", DocKind::Decision),
            ("01/2018/TT-VPCP", DocKind::Circular),
            ("03/2012/TTLT-BNV-BTC", DocKind::Circular),
            ("05/CT-TTg", DocKind::Directive),
            ("30c/NQ-CP", DocKind::Resolution),
            ("12/2020/NQ-HĐND", DocKind::Resolution),
            ("1034/2015/UBTVQH13", DocKind::Resolution),
            ("151/TB-SNV", DocKind::Notice),
            ("1957/KH-UBND", DocKind::Plan),
            ("25/BC-UBND", DocKind::Report),
            ("07/HD-SNV", DocKind::Instruction),
            ("16/2012/QH13", DocKind::Law),
            ("45/TTr-SNV", DocKind::Other),
            ("12/CĐ-TTg", DocKind::Other),
        ];
        for (number, expected) in cases {
            assert_eq!(kind(&format!("số {number}.")), expected, "for {number}");
        }
    }

    #[test]
    fn treats_symbols_starting_with_an_agency_as_official_letters() {
        for number in [
            "2539/UBND-SNV",
            "310/SNV-CCHC",
            "1234/BNV-CCHC",
            "678/TTg-KTTH",
        ] {
            assert_eq!(
                kind(&format!("Công văn số {number}")),
                DocKind::OfficialLetter
            );
        }
        assert_eq!(numbers("công văn số 456/UBND ngày"), vec!["456/UBND"]);
    }

    #[test]
    fn every_kind_has_a_label_in_both_languages() {
        use crate::locale::{Lang, Texts};
        let kinds = [
            DocKind::Law,
            DocKind::Decree,
            DocKind::Decision,
            DocKind::Circular,
            DocKind::Directive,
            DocKind::Resolution,
            DocKind::Notice,
            DocKind::Plan,
            DocKind::Report,
            DocKind::OfficialLetter,
            DocKind::Instruction,
            DocKind::Other,
        ];
        let vi = Texts::builtin(Lang::Vi);
        assert_eq!(vi.label("doc_kind", DocKind::Decree.code()), "Nghị định");
        assert_eq!(
            vi.label("doc_kind", DocKind::OfficialLetter.code()),
            "Công văn"
        );
        for texts in [vi, Texts::builtin(Lang::En)] {
            for kind in kinds {
                let key = format!("doc_kind.{}", kind.code());
                assert_ne!(texts.get(&key), key, "{:?} has no label", texts.lang());
            }
        }
    }

    #[test]
    fn a_kind_is_named_by_its_vietnamese_word_in_any_case_or_by_its_code() {
        assert_eq!(DocKind::named("Nghị định"), Some(DocKind::Decree));
        assert_eq!(DocKind::named("  QUYẾT ĐỊNH "), Some(DocKind::Decision));
        // A joint circular says more than "circular": shown as written.
        assert_eq!(DocKind::named("Thông tư liên tịch"), None);
        assert_eq!(
            DocKind::named("official_letter"),
            Some(DocKind::OfficialLetter)
        );
        assert_eq!(DocKind::named("Quy chế"), None);
    }

    #[test]
    fn adds_the_stroke_to_unstroked_nd_and_qd() {
        assert_eq!(numbers("Nghị định 43/2011/ND-CP"), vec!["43/2011/NĐ-CP"]);
        assert_eq!(numbers("Quyết định 93/2007/QD-TTg"), vec!["93/2007/QĐ-TTg"]);
        assert_eq!(
            numbers("Nghị quyết 12/2020/NQ-HDND"),
            vec!["12/2020/NQ-HĐND"]
        );
        assert_eq!(kind("43/2011/ND-CP"), DocKind::Decree);
        assert_eq!(numbers("văn bản 88/UBND-ND"), vec!["88/UBND-NĐ"]);
    }

    #[test]
    fn replaces_icelandic_eth_with_vietnamese_d() {
        let found = find_citations("Nghị định 43/2011/NÐ-CP và 93/2007/QÐ-TTg");
        assert_eq!(found[0].number, "43/2011/NĐ-CP");
        assert_eq!(found[0].kind, DocKind::Decree);
        assert_eq!(found[1].number, "93/2007/QĐ-TTg");
    }

    #[test]
    fn finds_party_documents_with_the_type_before_the_issuer() {
        let text = "Thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017, Chỉ thị 05-CT/TU, \
                    Kết luận 21-KL/TW và Quy định 205-QD/TW; Nghị định 43/2011/NĐ-CP.";
        assert_eq!(
            numbers(text),
            [
                "18-NQ/TW",
                "05-CT/TU",
                "21-KL/TW",
                "205-QĐ/TW",
                "43/2011/NĐ-CP"
            ]
        );
        assert_eq!(kind("Nghị quyết 18-NQ/TW"), DocKind::Resolution);
        assert_eq!(kind("Chỉ thị 05-CT/TU"), DocKind::Directive);
        assert_eq!(number_key("18-NQ/TW"), "18-nq/tw");
    }

    #[test]
    fn ignores_hyphenated_codes_that_are_not_party_documents() {
        assert!(numbers("mã 12-AB/CD, phòng 3-A/B").is_empty());
        assert!(numbers("COVID-19-NQ/TW").is_empty());
        assert!(numbers("giai đoạn 2021-2025/năm").is_empty());
        assert!(numbers("x18-NQ/TW và 18-NQ/TWx").is_empty());
        assert!(numbers("https://dangcongsan.vn/18-NQ/TW").is_empty());
    }

    #[test]
    fn leaves_other_groups_without_a_stroke_alone() {
        assert_eq!(numbers("Hướng dẫn 07/HD-SNV"), vec!["07/HD-SNV"]);
        assert_eq!(numbers("văn bản 89/UBND-VX"), vec!["89/UBND-VX"]);
    }

    #[test]
    fn gives_stroked_and_unstroked_spellings_the_same_number_and_key() {
        let a = numbers("43/2011/NĐ-CP");
        let b = numbers("43/2011/ND-CP");
        let c = numbers("43/2011/NÐ-CP");
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(number_key("43/2011/NĐ-CP"), "43/2011/nd-cp");
        assert_eq!(number_key("43/2011/ND-CP"), "43/2011/nd-cp");
        assert_eq!(number_key("43/2011/NÐ-CP"), "43/2011/nd-cp");
    }

    #[test]
    fn folds_case_spaces_and_dashes_in_number_keys() {
        assert_eq!(number_key("93/2007/QĐ-TTg"), "93/2007/qd-ttg");
        assert_eq!(number_key(" 151/TB–SNV "), "151/tb-snv");
        assert_eq!(number_key("30c/NQ-CP"), "30c/nq-cp");
        assert_eq!(number_key(""), "");
    }

    #[test]
    fn ignores_day_month_year_dates() {
        assert!(numbers("ngày 29/5/2014, ngày 25/6/2014 và ngày 08/5/2012").is_empty());
        assert!(numbers("(10:47 | 29/12/2021) từ ngày 01/01/2018").is_empty());
    }

    #[test]
    fn ignores_day_month_dates() {
        assert!(numbers("Chiều 20/7, Đoàn liên ngành").is_empty());
        assert!(numbers("20/7").is_empty());
    }

    #[test]
    fn ignores_ratios_and_fractions() {
        assert!(numbers("giải quyết đúng hẹn 201/201 hồ sơ").is_empty());
        assert!(numbers("kiểm tra 04/11 đơn vị, ban hành 07/07 kế hoạch, 7/7 xã").is_empty());
        assert!(numbers("1/2 số hồ sơ").is_empty());
        assert!(numbers("02 lần/tháng").is_empty());
    }

    #[test]
    fn ignores_quarters_and_months_with_years() {
        assert!(numbers("Trong quý I/2018 và quí I/2018").is_empty());
        assert!(numbers("I/2018; quý II/2019, quý III/2019; tháng 6/2019").is_empty());
    }

    #[test]
    fn ignores_iso_standard_versions() {
        assert!(numbers("theo tiêu chuẩn ISO 9001: 2008; TCVN ISO 9001:2008").is_empty());
    }

    #[test]
    fn ignores_numbers_inside_urls() {
        assert!(numbers("https://example.vn/a/2014/TB-X").is_empty());
        assert!(numbers("xem https://snv.vn/van-ban?so=151/TB-SNV nhé").is_empty());
        assert!(numbers("www.snv.gov.vn/151/TB-SNV").is_empty());
        assert!(numbers("tệp a/2014/TB-X").is_empty());
        assert_eq!(
            numbers("(https://snv.vn/x) số 151/TB-SNV"),
            vec!["151/TB-SNV"]
        );
    }

    #[test]
    fn ignores_covid_19() {
        assert!(numbers("phòng, chống dịch COVID-19").is_empty());
        assert!(numbers("COVID-19/BYT").is_empty());
    }

    #[test]
    fn ignores_place_names_after_a_slash() {
        assert!(numbers("số 12/Hà Nội").is_empty());
        assert!(numbers("ấp 3/Vũng Tàu").is_empty());
        assert!(numbers("tổ 5/HUẾ").is_empty());
        assert!(numbers("05/Hanoi").is_empty());
        assert!(numbers("khu phố 3/KP2, tổ 12/HCM").is_empty());
        assert!(numbers("lớp 10/A").is_empty());
    }

    #[test]
    fn requires_a_boundary_before_the_number() {
        assert!(numbers("x151/TB-SNV").is_empty());
        assert!(numbers("ab/151/TB-SNV").is_empty());
        assert!(numbers("1,151/TB-SNV").is_empty());
        assert!(numbers("số_151/TB-SNV").is_empty());
    }

    #[test]
    fn accepts_punctuation_before_the_number() {
        for text in [
            "(151/TB-SNV)",
            "“151/TB-SNV”",
            "\"151/TB-SNV\"",
            "số:151/TB-SNV",
            "các văn bản,151/TB-SNV",
            "151/TB-SNV",
            "\n151/TB-SNV;",
        ] {
            assert_eq!(numbers(text), vec!["151/TB-SNV"], "in {text:?}");
        }
    }

    #[test]
    fn requires_a_boundary_after_the_symbol() {
        assert!(numbers("151/TB-SNVx").is_empty());
        assert!(numbers("151/TB-SNV/abc").is_empty());
        assert!(numbers("151/TB-SNV-ngày").is_empty());
        assert!(numbers("151/TB-SNVđ").is_empty());
        assert_eq!(numbers("151/TB-SNV."), vec!["151/TB-SNV"]);
        assert_eq!(numbers("151/TB-SNV - ngày"), vec!["151/TB-SNV"]);
    }

    #[test]
    fn keeps_duplicates_in_order_of_appearance() {
        let text = "Theo 151/TB-SNV, 43/2011/NĐ-CP và lại 151/TB-SNV.";
        assert_eq!(
            numbers(text),
            vec!["151/TB-SNV", "43/2011/NĐ-CP", "151/TB-SNV"]
        );
    }

    #[test]
    fn reports_byte_offsets_of_the_match_in_multibyte_text() {
        let text =
            "Thực hiện Nghị định số 43/2011/NÐ-CP ngày 13/06/2011; “Quyết định 93/2007/QD-TTg”.";
        let found = find_citations(text);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].start..found[0].end], "43/2011/NÐ-CP");
        assert_eq!(&text[found[1].start..found[1].end], "93/2007/QD-TTg");
        assert_eq!(found[0].start, text.find("43/").unwrap());
        assert_eq!(found[1].end, text.find("”.").unwrap());
    }

    #[test]
    fn survives_empty_and_odd_unicode_input() {
        assert!(find_citations("").is_empty());
        assert!(find_citations("/").is_empty());
        assert!(find_citations("1/").is_empty());
        assert!(find_citations("1/2011/").is_empty());
        let odd = "\u{0}\u{FEFF}𝟙/𝔸𝔹 ١٢/NĐ-CP 🇻🇳/🇻🇳 e\u{301}/Đ-\u{200B}/ 12/Ð \u{10FFFF}5/NQ";
        let found = find_citations(odd);
        for c in &found {
            assert!(odd.is_char_boundary(c.start) && odd.is_char_boundary(c.end));
        }
        assert!(found.iter().all(|c| c.number != "12/NĐ-CP"));
        let zw = "\u{200B}151/TB-SNV\u{200B}";
        assert_eq!(numbers(zw), vec!["151/TB-SNV"]);
    }

    #[test]
    fn runs_in_linear_time_on_a_megabyte_of_slashes_and_digits() {
        let patterns = ["12/", "1/2011/", "/1", "2011/1/", "1/A-", "9/AB", " 1/Ha"];
        for unit in patterns {
            let text = unit.repeat((1 << 20) / unit.len());
            let started = std::time::Instant::now();
            let found = find_citations(&text);
            let elapsed = started.elapsed();
            assert!(
                elapsed < std::time::Duration::from_secs(5),
                "{unit:?} took {elapsed:?}"
            );
            assert!(found.len() < 2, "{unit:?} gave {} citations", found.len());
        }
    }

    #[test]
    fn seed_000_finds_the_notice_decisions_letter_and_decree() {
        let text = "Thực hiện thông báo số 151/TB-SNV ngày 29/5/2014 của Sở Nội vụ về lịch kiểm tra cải cách hành chính tháng 6 năm 2014 tại các cơ quan, đơn vị trên địa bàn tỉnh. Ngày 25/6/2014, Đoàn kiểm tra cải cách hành chính tỉnh do ông Sầm Văn Mão – Phó Giám đốc Sở Nội vụ làm Trưởng đoàn đã tiến hành kiểm tra công tác cải cách hành chính tại Văn phòng UBND tỉnh.
triển khai cơ chế một cửa theo Quyết định số 93/2007/QĐ-TTg của Thủ tướng Chính phủ, triển khai việc ứng dụng công nghệ thông tin; áp dụng và duy trì hệ thống quản lý chất lượng theo tiêu chuẩn ISO 9001: 2008; phòng làm việc của Bộ phận Tiếp nhận và trả kết quả rộng rãi
thực hiện việc báo cáo định kỳ về công tác CCHC theo quy định tại văn bản số 2539/UBND-SNV ngày 08/5/2012 của UBND tỉnh; gắn công tác cải cách hành chính là một trong những tiêu chí để xét thi đua hàng năm đối với các cá nhân, đơn vị; định kỳ hàng tháng, quý, 6 tháng, năm tiếp tục thực hiện
- Tiếp tục và thường xuyên duy trì công tác cập nhật thông tin theo quy định của Nghị định 43/2011/NĐ-CP  ngày 13/06/2011 của Chính phủ Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến
ban hành quy định nhiệm vụ, quyền hạn, cơ cấu tổ chức của các phòng chuyên môn, nghiệp vụ của đơn vị theo quy định của Quyết định số 77/QĐ-UBND ngày 19/12/2008 của UBND tỉnh Bà Rịa – Vũng Tàu.
                                                 Đào Mai Cường – Phòng CCHC Sở Nội vụ";
        assert_eq!(
            numbers(text),
            vec![
                "151/TB-SNV",
                "93/2007/QĐ-TTg",
                "2539/UBND-SNV",
                "43/2011/NĐ-CP",
                "77/QĐ-UBND"
            ]
        );
        let kinds: Vec<DocKind> = find_citations(text).iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            vec![
                DocKind::Notice,
                DocKind::Decision,
                DocKind::OfficialLetter,
                DocKind::Decree,
                DocKind::Decision
            ]
        );
    }

    #[test]
    fn seed_001_cites_no_document() {
        let text = "(Baonghean.vn)- Chiều 20/7, Đoàn liên ngành kiểm tra công tác cải cách hành chính của tỉnh do đồng chí Lê Đình Lý - Phó Giám đốc Sở Nội vụ làm Trưởng đoàn đã có buổi làm việc với Sở Văn hóa thể thao và du lịch.
Dự buổi làm việc có đồng chí Hồ Mậu Thanh - Ủy viên BCH Đảng bộ tỉnh, Giám đốc Sở Văn hóa TT&DL.
Trong thời gian qua, công tác CCHC được Đảng uỷ Sở VHTT&DL quan tâm lãnh đạo, chỉ đạo.
Quan tâm hiện đại hoá công sở, đang triển khai ứng dụng phần mềm HCM Egov Framework 2.0 trong quản lý, điều hành công tác của Sở theo kế hoạch chung của UBND tỉnh.
Mức độ sử dụng hộp thư điện tử công vụ thấp (chỉ đạt 1,5%); chưa triển khai được các dịch vụ công mức độ cao.
Tiếp tục rà soát đơn giản hoá thành phần hồ sơ, giảm thời gian giải quyết TTHC.";
        assert!(numbers(text).is_empty());
    }

    #[test]
    fn seed_002_finds_the_provincial_decision() {
        let text = "Kết quả kiểm tra công tác cải cách hành chính năm 2021

(10:47 | 29/12/2021)

Năm 2021 tỉnh tiến hành kiểm tra trực tiếp 7 cơ quan đơn vị gồm 4 sở và 03 UBND huyện.
Một số đơn vị chưa thực hiện việc chi trả phụ cấp cho công chức làm đầu mối kiểm soát thủ tục hành chính theo Quyết định 04/2015/QĐ-UBND ngày 22/01/2015 của UBND tỉnh. Chưa thực hiện tốt việc hướng dẫn tổ chức, cá nhân thực hiện dịch vụ công trực tuyến ở mức độ 3, mức độ 4; số lượng hồ sơ phát sinh trực tuyến mức độ 3, 4 và qua dịch vụ bưu chính công ích còn thấp./.";
        assert_eq!(numbers(text), vec!["04/2015/QĐ-UBND"]);
        assert_eq!(kind(text), DocKind::Decision);
    }

    #[test]
    fn seed_003_finds_the_two_plans_and_skips_ratios_periods_and_iso() {
        let text = "(07:56 | 02/04/2018)
Trong quí I/2018, Văn phòng đã ban hành 07/07 kế hoạch để tổ chức điều hành công tác cải cách hành chính; Kế hoạch duy trì, cải tiến Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 tại Văn phòng UBND tỉnh; Kế hoạch kiểm tra đánh giá nội bộ thực hiện Hệ thống quản lý chất lượng theo Tiêu chuẩn TCVN 9001:2008;
Đã ban hành Kế hoạch kiểm tra cải cách hành chính năm 2018, số lượng kiểm tra 04/11 đơn vị, đạt tỷ lệ trên 30% các đơn vị trực thuộc. Kế hoạch đề ra 06 nội dung để kiểm tra, đảm bảo thực hiện đúng nội dung theo Kế hoạch số 23/KH-UBND ngày 31/01/2018 của UBND tỉnh về kiểm tra cải cách hành chính năm 2018; Ngoài ra, trong các kỳ họp báo chuyên viên 02 lần/tháng, lãnh đạo Văn phòng kiểm tra công tác chuyên môn
Văn phòng UBND tỉnh đã ban hành Kế hoạch số 90/KH-VP ngày 26/01/2018 về rà soát, cập nhật các thủ tục hành chính thuộc thẩm quyền giải quyết của UBND tỉnh
Trong quý I/2018, Bộ phận tiếp nhận và trả kết quả đã tiếp nhận 201 hồ sơ thủ tục hành chính theo cơ chế một cửa tại Văn phòng UBND tỉnh, đã giải quyết đúng hẹn 201 hồ sơ, đạt tỷ lệ 100% hiệu quả
Triển khai ứng dụng phần mềm quản lý văn bản và hồ sơ công việc mới và đưa vào sử dụng từ ngày 01/01/2018 đến nay; thực hiện tốt công tác cải cách hành chính; các cuộc họp./.";
        assert_eq!(numbers(text), vec!["23/KH-UBND", "90/KH-VP"]);
        assert!(find_citations(text).iter().all(|c| c.kind == DocKind::Plan));
    }

    #[test]
    fn seed_004_finds_two_plans_and_two_decisions() {
        let text = "Nhằm triển khai thực hiện đạt hiệu quả Kế hoạch số 1893/KH-UBND ngày 29/01/2019 của UBND thành phố Phan Thiết về thực hiện cải cách hành chính nhà nước năm 2019, UBND thành phố đã ban hành Kế hoạch số 1957/KH-UBND ngày 18/3/2019 kiểm tra Cải cách hành chính Nhà nước năm 2019 trên địa bàn thành phố Phan Thiết.
         Theo Kế hoạch nêu trên, ngày 27/3/2019 UBND thành phố đã ban hành Quyết định số 2331/QĐ-UBND về việc thành lập Tổ kiểm tra công tác Cải cách hành chính (CCHC) tại các cơ quan, đơn vị thuộc thành phố và UBND các phường xã. Công tác kiểm tra được chia thành 02 đợt; đợt I tiến hành kiểm tra trong quý II/2019 và đợt II sẽ kiểm tra trong quý III/2019, kiểm tra 100% UBND các phường xã
tinh thần trách nhiệm, tạo chuyển biến về kỷ luật, kỷ cương hành chính của Người đứng đầu, đội ngũ CBCC-VC trong thực hiện công tác CCHC.
xây dựng và triển khai các nhiệm vụ CCHC tại đơn vị, địa phương theo Quyết định số 1286/QĐ-UBND ngày 04/5/2016 của CHủ tịch UBND thành phố; Kế hoạch CHCC năm 2019, Bản cam kết trách nhiệm Người đứng đầu về CCHC
việc triển khai hệ thống quản lý chất lượng ISO 9001 trong hoạt động cơ quan nhà nước ….…
  • Đang truy cập: 1
  • Tổng lượt truy cập: 1";
        assert_eq!(
            numbers(text),
            vec![
                "1893/KH-UBND",
                "1957/KH-UBND",
                "2331/QĐ-UBND",
                "1286/QĐ-UBND"
            ]
        );
        assert!(find_citations(text)
            .iter()
            .all(|c| matches!(c.kind, DocKind::Plan | DocKind::Decision)));
    }
}
