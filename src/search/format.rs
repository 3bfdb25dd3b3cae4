//! The byte layout of the index files the browser reads: term shards (binary, varints),
//! fragment packs, and the manifest that says which shard holds which key range.
//! Encoding and decoding.
//! It does not choose terms or weights (see `index`); `search-core.js` is the other reader
//! of this layout, and a test holds its copy of the constants here to these values.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// Bumped whenever the layout changes; `search-core.js` refuses other versions.
pub const FORMAT: u32 = 3;
/// Fragments are stored this many to a file (`search/docs/{pack}.bin`), so the output
/// does not hold one small file per page; a result's fragment is read with an HTTP
/// range request, and a host that ignores ranges sends the whole pack (about 32 KiB).
pub const FRAGMENTS_PER_PACK: u32 = 16;
/// Weight bit set when the term is in the title (or a procedure code).
pub const TITLE_BIT: u8 = 8;
/// Levels of the body score, 1..=7 (0: not in the body).
pub const BODY_LEVELS: u8 = 7;
/// A posting is one varint `(doc delta << WEIGHT_BITS) | weight`: a dense list costs a byte per document.
pub const WEIGHT_BITS: u32 = 4;

/// One folded key and its posting list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermEntry {
    /// Folded key: `dot`, `43/2011/nd-cp`.
    pub key: String,
    /// Exact spellings (`đột`, `đốt` ...), the one most documents use first.
    pub variants: Vec<String>,
    /// Document numbers, ascending.
    pub docs: Vec<u32>,
    /// One weight per document: `TITLE_BIT` | body level.
    pub weights: Vec<u8>,
    /// With more than one spelling: for each, the positions in `docs` of the
    /// documents that use it, ascending. Empty when all documents use the one spelling.
    pub holders: Vec<Vec<u32>>,
}

impl TermEntry {
    /// Documents that use `spelling`, ascending.
    pub fn docs_using(&self, spelling: &str) -> Vec<u32> {
        match self.variants.iter().position(|s| s == spelling) {
            None => Vec::new(),
            Some(_) if self.variants.len() == 1 => self.docs.clone(),
            Some(v) => self.holders[v]
                .iter()
                .map(|&o| self.docs[o as usize])
                .collect(),
        }
    }
}

/// `search/meta.json`: everything a query needs before it fetches a shard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// Hash of every index file, appended to their URLs so a new build is never mixed with a cached one.
    pub version: String,
    pub docs: u32,
    /// The shortest key prefix that starts each shard; shard `i` is `shards/{i}.bin`.
    pub shards: Vec<String>,
    pub sections: Vec<SectionRange>,
    /// True when `prefixes.json` lists completions for short prefixes whose words span many shards.
    #[serde(default)]
    pub prefixes: bool,
    /// Fragments to a pack file: document `n` is slot `n % pack` of `docs/{n / pack}.bin`.
    pub pack: u32,
    /// Every plain word of the index (`forgive::listed_word`) with its number of
    /// documents, as `key:docs` in base 36, by key, space-separated (`encode_words`).
    /// It comes with the manifest so that a mistyped word is known to be missing,
    /// and its near words found, before any shard is fetched.
    #[serde(default)]
    pub words: String,
}

/// The manifest's word list: `key:docs` (base 36) by key, space-separated.
pub fn encode_words<'a>(words: impl IntoIterator<Item = (&'a str, u32)>) -> String {
    let mut out = String::new();
    for (key, docs) in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(key);
        out.push(':');
        out.push_str(&base36(docs));
    }
    out
}

fn base36(mut n: u32) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(char::from_digit(n % 36, 36).unwrap_or('0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.into_iter().rev().collect()
}

/// The word list of `encode_words`, by key.
pub fn decode_words(text: &str) -> Result<Vec<(String, u32)>, FormatError> {
    let mut words = Vec::new();
    for entry in text.split_ascii_whitespace() {
        let (key, docs) = entry
            .split_once(':')
            .and_then(|(key, docs)| Some((key, u32::from_str_radix(docs, 36).ok()?)))
            .ok_or_else(|| FormatError(format!("bad word list entry {entry:?}")))?;
        words.push((key.to_string(), docs));
    }
    words.sort_unstable();
    Ok(words)
}

/// A section is the document range `start..end`; each year inside it, a sub-range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionRange {
    pub key: String,
    pub label: String,
    pub start: u32,
    pub end: u32,
    /// `[year, start, end]`, newest first.
    pub years: Vec<[u32; 3]>,
}

/// What a shown result loads: one slot of a fragment pack (see `encode_pack`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fragment<'a> {
    pub url: Cow<'a, str>,
    pub title: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date_text: Option<Cow<'a, str>>,
    pub section: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub detail: Option<Cow<'a, str>>,
    pub text: Cow<'a, str>,
    /// `[at, id, heading]` of each section of `text`, `at` in UTF-16 units (as the
    /// browser counts): a hit inside one links to `url#id`.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub sections: Vec<(u32, Cow<'a, str>, Cow<'a, str>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError(pub String);

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bad search shard: {}", self.0)
    }
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn put_ordinals(out: &mut Vec<u8>, ordinals: &[u32]) {
    put_varint(out, ordinals.len() as u64);
    let mut previous = 0;
    for &o in ordinals {
        put_varint(out, u64::from(o - previous));
        previous = o;
    }
}

/// How a spelling's holders are stored: whichever of the three is smallest.
pub const HOLDERS_LISTED: u8 = 0;
pub const HOLDERS_ALL_BUT: u8 = 1;
pub const HOLDERS_BITMAP: u8 = 2;

fn put_holders(out: &mut Vec<u8>, holders: &[u32], df: usize) {
    let listed = {
        let mut bytes = Vec::new();
        put_ordinals(&mut bytes, holders);
        bytes
    };
    let all_but = {
        let mut others = Vec::with_capacity(df - holders.len());
        let mut next = holders.iter().peekable();
        for o in 0..df as u32 {
            if next.next_if_eq(&&o).is_none() {
                others.push(o);
            }
        }
        let mut bytes = Vec::new();
        put_ordinals(&mut bytes, &others);
        bytes
    };
    let bitmap_len = df.div_ceil(8);
    if listed.len() <= all_but.len() && listed.len() <= bitmap_len {
        out.push(HOLDERS_LISTED);
        out.extend_from_slice(&listed);
    } else if all_but.len() <= bitmap_len {
        out.push(HOLDERS_ALL_BUT);
        out.extend_from_slice(&all_but);
    } else {
        out.push(HOLDERS_BITMAP);
        let mut bits = vec![0u8; bitmap_len];
        for &o in holders {
            bits[o as usize / 8] |= 1 << (o % 8);
        }
        out.extend_from_slice(&bits);
    }
}

/// The part of a shard entry after its key, encoded once per term (in parallel).
pub fn encode_term_body(term: &TermEntry) -> Vec<u8> {
    let mut out = Vec::with_capacity(term.docs.len() + 16);
    put_varint(&mut out, term.variants.len() as u64);
    for v in &term.variants {
        // An empty spelling means "the key itself", the common case for words without marks.
        put_bytes(&mut out, if *v == term.key { b"" } else { v.as_bytes() });
    }
    put_varint(&mut out, term.docs.len() as u64);
    if term.variants.len() > 1 {
        for holders in &term.holders {
            put_holders(&mut out, holders, term.docs.len());
        }
    }
    let mut postings = Vec::with_capacity(term.docs.len());
    let mut previous = 0;
    for (&doc, &w) in term.docs.iter().zip(&term.weights) {
        put_varint(
            &mut postings,
            (u64::from(doc - previous) << WEIGHT_BITS) | u64::from(w),
        );
        previous = doc;
    }
    put_bytes(&mut out, &postings);
    out
}

/// A shard: the term count, then per term its key (bytes shared with the previous
/// key, then the rest) and its encoded body.
pub fn encode_shard(terms: &[(&str, &[u8])]) -> Vec<u8> {
    let size: usize = terms.iter().map(|(k, b)| k.len() + b.len() + 4).sum();
    let mut out = Vec::with_capacity(size + 4);
    put_varint(&mut out, terms.len() as u64);
    let mut previous: &str = "";
    for (key, body) in terms {
        let shared = common_prefix(previous, key);
        put_varint(&mut out, shared as u64);
        put_bytes(&mut out, &key.as_bytes()[shared..]);
        out.extend_from_slice(body);
        previous = key;
    }
    out
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// The shortest prefix of `first` that sorts after `previous_last`: the shard's
/// boundary in the manifest. Cut on a character boundary so it stays valid UTF-8.
pub fn separator(previous_last: &str, first: &str) -> String {
    for (end, _) in first.char_indices().skip(1).chain([(first.len(), ' ')]) {
        let candidate = &first[..end];
        if candidate > previous_last {
            return candidate.to_string();
        }
    }
    first.to_string()
}

/// Bytes of a pack's head: `FRAGMENTS_PER_PACK + 1` little-endian `u32` offsets from the
/// file's start, slot `i` spanning `offsets[i]..offsets[i + 1]`. A fixed size, so the
/// browser asks for the head before it knows how many slots the last pack fills.
pub const PACK_HEAD_BYTES: usize = (FRAGMENTS_PER_PACK as usize + 1) * 4;

/// One pack file: the head of offsets, then the slots (`encode_slot`) one after another.
/// Slots past the last fragment are empty (their offsets repeat the end).
pub fn encode_pack(fragments: &[Vec<u8>]) -> Vec<u8> {
    let body: usize = fragments.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(PACK_HEAD_BYTES + body);
    let mut at = PACK_HEAD_BYTES;
    out.extend_from_slice(&(at as u32).to_le_bytes());
    for i in 0..FRAGMENTS_PER_PACK as usize {
        at += fragments.get(i).map_or(0, Vec::len);
        out.extend_from_slice(&(at as u32).to_le_bytes());
    }
    for fragment in fragments {
        out.extend_from_slice(fragment);
    }
    out
}

/// The pack file (under the index) and the slot of document `doc`.
pub fn pack_of(doc: u32) -> (String, usize) {
    (
        format!("docs/{}.bin", doc / FRAGMENTS_PER_PACK),
        (doc % FRAGMENTS_PER_PACK) as usize,
    )
}

/// The bytes of slot `slot` of a pack, for tests and for checking a built site.
pub fn pack_slot(pack: &[u8], slot: usize) -> Result<&[u8], FormatError> {
    let offset = |i: usize| -> Result<usize, FormatError> {
        let bytes = pack
            .get(i * 4..i * 4 + 4)
            .ok_or_else(|| FormatError(format!("pack head too short for slot {slot}")))?;
        let word: [u8; 4] = bytes.try_into().unwrap_or_default();
        Ok(u32::from_le_bytes(word) as usize)
    };
    if slot >= FRAGMENTS_PER_PACK as usize {
        return Err(FormatError(format!("slot {slot} past a pack's end")));
    }
    let (start, end) = (offset(slot)?, offset(slot + 1)?);
    pack.get(start..end)
        .filter(|b| !b.is_empty())
        .ok_or_else(|| FormatError(format!("slot {slot} is empty or runs past the end")))
}

/// What a result shows before its text: a slot's first line. One-letter keys:
/// this line is sent uncompressed for every result shown (`decodeSlot` in
/// `search-core.js` names them back).
#[derive(Serialize, Deserialize)]
struct SlotHead<'a> {
    #[serde(rename = "u")]
    url: Cow<'a, str>,
    #[serde(rename = "t")]
    title: Cow<'a, str>,
    #[serde(rename = "d", skip_serializing_if = "Option::is_none", default)]
    date: Option<Cow<'a, str>>,
    #[serde(rename = "w", skip_serializing_if = "Option::is_none", default)]
    date_text: Option<Cow<'a, str>>,
    #[serde(rename = "s")]
    section: Cow<'a, str>,
    #[serde(rename = "x", skip_serializing_if = "Option::is_none", default)]
    detail: Option<Cow<'a, str>>,
}

/// The text a result's excerpt is cut from, compressed after the head.
#[derive(Serialize, Deserialize)]
struct SlotBody<'a> {
    text: Cow<'a, str>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    sections: Vec<(u32, Cow<'a, str>, Cow<'a, str>)>,
}

/// JSON with `<` escaped: user text stays text even if a host serves it as HTML.
fn safe_json(value: &impl Serialize) -> Vec<u8> {
    // Writing into a Vec cannot fail; a failure would leave an empty part, not a panic.
    let json = serde_json::to_string(value).unwrap_or_default();
    crate::escape::json_in_html(&json).into_bytes()
}

/// A pack slot: the head fields as one line of JSON, a newline (JSON escapes its
/// own), then the text and sections as JSON in raw DEFLATE. Hosts send byte ranges
/// uncompressed, so the slot compresses itself; the browser inflates it with
/// `DecompressionStream`, and one without that still shows title, date and section.
pub fn encode_slot(fragment: &Fragment) -> Vec<u8> {
    use std::io::Write;
    let head = SlotHead {
        url: Cow::Borrowed(&fragment.url),
        title: Cow::Borrowed(&fragment.title),
        date: fragment.date.as_deref().map(Cow::Borrowed),
        date_text: fragment.date_text.as_deref().map(Cow::Borrowed),
        section: Cow::Borrowed(&fragment.section),
        detail: fragment.detail.as_deref().map(Cow::Borrowed),
    };
    let body = SlotBody {
        text: Cow::Borrowed(&fragment.text),
        sections: fragment.sections.clone(),
    };
    let mut out = safe_json(&head);
    out.push(b'\n');
    let mut deflate = flate2::write::DeflateEncoder::new(out, flate2::Compression::default());
    // Into a Vec: cannot fail.
    let _ = deflate.write_all(&safe_json(&body));
    deflate.finish().unwrap_or_default()
}

/// Reads a slot back (see `encode_slot`).
pub fn decode_slot(bytes: &[u8]) -> Result<Fragment<'static>, FormatError> {
    use std::io::Read;
    let cut = bytes
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| FormatError("slot without a head line".into()))?;
    let bad = |e: serde_json::Error| FormatError(format!("slot: {e}"));
    let head: SlotHead = serde_json::from_slice(&bytes[..cut]).map_err(bad)?;
    let mut json = Vec::new();
    flate2::read::DeflateDecoder::new(&bytes[cut + 1..])
        .read_to_end(&mut json)
        .map_err(|e| FormatError(format!("slot text: {e}")))?;
    let body: SlotBody = serde_json::from_slice(&json).map_err(bad)?;
    Ok(Fragment {
        url: Cow::Owned(head.url.into_owned()),
        title: Cow::Owned(head.title.into_owned()),
        date: head.date.map(|d| Cow::Owned(d.into_owned())),
        date_text: head.date_text.map(|d| Cow::Owned(d.into_owned())),
        section: Cow::Owned(head.section.into_owned()),
        detail: head.detail.map(|d| Cow::Owned(d.into_owned())),
        text: Cow::Owned(body.text.into_owned()),
        sections: body
            .sections
            .into_iter()
            .map(|(at, id, h)| (at, Cow::Owned(id.into_owned()), Cow::Owned(h.into_owned())))
            .collect(),
    })
}

/// Document `doc`'s fragment, from the pack files `read` returns by path under the index.
pub fn read_fragment(
    read: impl Fn(&str) -> Option<Vec<u8>>,
    doc: u32,
) -> Result<Fragment<'static>, FormatError> {
    let (path, slot) = pack_of(doc);
    let pack = read(&path).ok_or_else(|| FormatError(format!("{path} is missing")))?;
    decode_slot(pack_slot(&pack, slot)?)
        .map_err(|e| FormatError(format!("{path} slot {slot}: {}", e.0)))
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn varint(&mut self) -> Result<u64, FormatError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self
                .bytes
                .get(self.at)
                .ok_or_else(|| FormatError(format!("varint runs past the end at {}", self.at)))?;
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(FormatError(format!("varint too long at {}", self.at)))
    }

    fn count(&mut self) -> Result<usize, FormatError> {
        let n = self.varint()?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.bytes.len())
            .ok_or_else(|| FormatError(format!("count {n} larger than the shard")))
    }

    fn bytes(&mut self) -> Result<&[u8], FormatError> {
        let len = self.count()?;
        let end = self.at + len;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| FormatError(format!("{len} bytes run past the end")))?;
        self.at = end;
        Ok(slice)
    }

    fn ordinals(&mut self) -> Result<Vec<u32>, FormatError> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        let mut value = 0u64;
        for _ in 0..n {
            value += self.varint()?;
            out.push(u32::try_from(value).map_err(|_| FormatError("ordinal overflow".into()))?);
        }
        Ok(out)
    }

    fn holders(&mut self, df: usize) -> Result<Vec<u32>, FormatError> {
        let mode = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| FormatError("holders run past the end".into()))?;
        self.at += 1;
        match mode {
            HOLDERS_LISTED => self.ordinals(),
            HOLDERS_ALL_BUT => {
                let others = self.ordinals()?;
                Ok((0..df as u32)
                    .filter(|o| others.binary_search(o).is_err())
                    .collect())
            }
            HOLDERS_BITMAP => {
                let end = self.at + df.div_ceil(8);
                let bits = self
                    .bytes
                    .get(self.at..end)
                    .ok_or_else(|| FormatError("bitmap runs past the end".into()))?;
                self.at = end;
                Ok((0..df as u32)
                    .filter(|&o| bits[o as usize / 8] & (1 << (o % 8)) != 0)
                    .collect())
            }
            other => Err(FormatError(format!("unknown holders mode {other}"))),
        }
    }
}

fn text(bytes: &[u8]) -> Result<String, FormatError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| FormatError("key is not UTF-8".into()))
}

/// Reads a shard back, for tests and for checking a built site.
pub fn decode_shard(bytes: &[u8]) -> Result<Vec<TermEntry>, FormatError> {
    let mut r = Reader { bytes, at: 0 };
    let n = r.count()?;
    let mut terms = Vec::with_capacity(n);
    let mut previous = String::new();
    for _ in 0..n {
        let shared = r.count()?;
        let rest = text(r.bytes()?)?;
        let key = format!("{}{rest}", previous.get(..shared).unwrap_or(""));
        let variant_count = r.count()?;
        let mut variants = Vec::with_capacity(variant_count);
        for _ in 0..variant_count {
            let v = text(r.bytes()?)?;
            variants.push(if v.is_empty() { key.clone() } else { v });
        }
        let df = r.count()?;
        let mut holders = Vec::new();
        if variant_count > 1 {
            for _ in 0..variant_count {
                holders.push(r.holders(df)?);
            }
        }
        let postings = r.bytes()?;
        let mut p = Reader {
            bytes: postings,
            at: 0,
        };
        let (mut docs, mut weights) = (Vec::with_capacity(df), Vec::with_capacity(df));
        let mut doc = 0u64;
        for _ in 0..df {
            let v = p.varint()?;
            doc += v >> WEIGHT_BITS;
            docs.push(u32::try_from(doc).map_err(|_| FormatError("doc overflow".into()))?);
            weights.push((v & ((1 << WEIGHT_BITS) - 1)) as u8);
        }
        previous.clone_from(&key);
        terms.push(TermEntry {
            key,
            variants,
            docs,
            weights,
            holders,
        });
    }
    if r.at != bytes.len() {
        return Err(FormatError(format!(
            "{} bytes left after the last term",
            bytes.len() - r.at
        )));
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_list_reads_back_by_key_and_rejects_a_bad_entry() {
        let text = encode_words([("an", 0), ("ban", 10_256), ("bao", 35), ("bo", 36)]);
        assert_eq!(text, "an:0 ban:7ww bao:z bo:10");
        let back = decode_words(&text).expect("decodes");
        assert_eq!(back[1], ("ban".to_string(), 10_256));
        assert_eq!(back.len(), 4);
        assert_eq!(decode_words(""), Ok(Vec::new()));
        assert!(decode_words("an:0 ban").is_err());
        assert!(decode_words("an:!").is_err());
    }

    #[test]
    fn a_slot_reads_back_whole_and_keeps_user_text_out_of_html() {
        let fragment = Fragment {
            url: "news/a/".into(),
            title: "<img src=x onerror=alert(1)> Cải cách".into(),
            date: Some("2024-03-01".into()),
            date_text: None,
            section: "Tin tức".into(),
            detail: None,
            text: "Dòng một\ndòng </script> hai ".repeat(40).into(),
            sections: vec![(9, "dong".into(), "Dòng".into())],
        };
        let slot = encode_slot(&fragment);
        assert_eq!(decode_slot(&slot), Ok(fragment.clone()));
        let cut = slot.iter().position(|&b| b == b'\n').expect("head line");
        let head = std::str::from_utf8(&slot[..cut]).expect("UTF-8 head");
        assert!(head.contains("Cải cách") && !head.contains('<'), "{head}");
        assert!(!head.contains("Dòng"), "the text is in the compressed part");
        assert!(slot.len() < fragment.text.len() / 4, "{} bytes", slot.len());
    }

    fn entry(key: &str, variants: &[&str], docs: &[u32]) -> TermEntry {
        TermEntry {
            key: key.into(),
            variants: variants.iter().map(|s| s.to_string()).collect(),
            docs: docs.to_vec(),
            weights: docs.iter().map(|&d| (d % 16) as u8).collect(),
            holders: if variants.len() > 1 {
                variants.iter().map(|_| vec![0]).collect()
            } else {
                vec![]
            },
        }
    }

    #[test]
    fn round_trips_a_shard() {
        let terms = vec![
            entry("dot", &["đột", "đốt"], &[0, 7, 300, 100_000]),
            entry("dotx", &["dotx"], &[5]),
            entry("43/2011/nd-cp", &["43/2011/nđ-cp"], &[2, 3]),
        ];
        let mut sorted = terms.clone();
        sorted.sort_by(|a, b| a.key.cmp(&b.key));
        let bodies: Vec<Vec<u8>> = sorted.iter().map(encode_term_body).collect();
        let pairs: Vec<(&str, &[u8])> = sorted
            .iter()
            .zip(&bodies)
            .map(|(t, b)| (t.key.as_str(), b.as_slice()))
            .collect();
        let shard = encode_shard(&pairs);
        assert_eq!(decode_shard(&shard), Ok(sorted));
    }

    #[test]
    fn spends_one_byte_per_document_of_a_dense_list() {
        let docs: Vec<u32> = (0..1000).collect();
        let body = encode_term_body(&entry("cai", &["cải"], &docs));
        assert!(body.len() <= 1000 + 16, "{} bytes", body.len());
    }

    #[test]
    fn stores_each_spelling_list_in_its_smallest_form() {
        let docs: Vec<u32> = (0..800).collect();
        let mut term = entry("so", &["số", "sở", "sơ"], &docs);
        term.holders = vec![
            (0..800).filter(|o| o % 97 != 0).collect(),
            (0..800).step_by(2).collect(),
            vec![3, 500],
        ];
        let body = encode_term_body(&term);
        let postings_and_keys = 800 + 20;
        let bitmap = 100;
        assert!(
            body.len() < postings_and_keys + bitmap + 30,
            "{} bytes",
            body.len()
        );
        let shard = encode_shard(&[("so", &body)]);
        assert_eq!(decode_shard(&shard), Ok(vec![term.clone()]));
        assert_eq!(term.docs_using("sở").len(), 400);
        assert_eq!(term.docs_using("sơ"), [3, 500]);
    }

    #[test]
    fn rejects_truncated_shards() {
        let body = encode_term_body(&entry("a", &["a"], &[1, 2]));
        let shard = encode_shard(&[("a", &body)]);
        assert!(decode_shard(&shard[..shard.len() - 1]).is_err());
        assert!(decode_shard(&[200]).is_err());
    }

    #[test]
    fn cuts_the_shortest_separator() {
        assert_eq!(separator("cach", "cai"), "cai");
        assert_eq!(separator("cai", "cham"), "ch");
        assert_eq!(separator("", "abc"), "a");
        assert_eq!(separator("đa", "đb"), "đb");
    }
}
