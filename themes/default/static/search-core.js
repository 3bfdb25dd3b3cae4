// Search without the page, for search.js and Node; src/search/ is its Rust twin.

// Rust owns these: cargo test holds each capitalised export const (JSON) to its
// value in src/search/, and tests/search/golden.json holds the rules below.
export const FORMAT = 3;
export const PACK_HEAD_BYTES = 68;
export const TITLE_BIT = 8;
export const BODY_LEVELS = 7;
export const WEIGHT_BITS = 4;
export const HOLDERS_LISTED = 0;
export const HOLDERS_ALL_BUT = 1;
export const HOLDERS_BITMAP = 2;
export const TITLE_SCORE = 3.0;
export const BODY_SCORE_MAX = 2.2;
export const PREFIX_FACTOR = 0.6;
export const MIN_PREFIX_CHARS = 2;
export const LISTED_PREFIX_MAX_CHARS = 3;
export const TYPED_NUMBER = "^[0-9]{1,6}[a-z]?(?:/(?:19|20)[0-9]{2})?/[a-zđð]+[0-9]*(?:-[a-zđð]+[0-9]*)*$";
export const PARTIAL_NUMBER = "^[0-9]{1,6}[a-z]?/(?:(?:19|20)[0-9]{2}/?)?[a-zđð0-9-]*$";
export const STROKED_D = "đĐðÐ";
export const TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323";
export const MIN_EDIT_CHARS = 4;
export const FEW_EXACT = 3;
export const NEAR_KEYS = 3;
export const LISTED_WORD_MIN = 2;
export const LISTED_WORD_MAX = 24;
export const ABSENT_MARK = " !";

// As citations.rs number_key, held to it by the golden folds.
const NUMBER_DASHES = "‐‑‒–—";
const EXCERPT_CHARS = 240;
const BROKEN = "broken search shard";

// Terms (tokenize.rs).

const WORD_CHAR = /[\p{Alphabetic}\p{N}\p{M}]/u;
const MARK = /\p{M}/u;
const SPACE = /\p{White_Space}/u;
const SPACES = /\p{White_Space}+/u;
const ENDS_WITH_SPACE = /\p{White_Space}$/u;
const ASCII = /^[\0-\x7f]*$/;
const EDGES = /^[^\p{Alphabetic}\p{N}]+|[^\p{Alphabetic}\p{N}]+$/gu;
const TRIMMED_CHUNKS = /[\p{Alphabetic}\p{N}](?:[^\p{White_Space}]*[\p{Alphabetic}\p{N}])?/gu;
const TONE_AT_END = new RegExp(`([ou])([${TONE_MARKS}])([aey])$`, "u");
const typedNumber = new RegExp(TYPED_NUMBER, "u");
const partialNumber = new RegExp(PARTIAL_NUMBER, "u");

// Char by char, as Rust does: no context rules (final sigma).
export function lowercase(text) {
  let out = "";
  for (const ch of text) out += ch.toLowerCase();
  return out;
}

// "hòa" → "hoà", "thủy" → "thuỷ": the tone of oa, oe, uy on the last vowel.
export function unifyTone(word) {
  const nfd = word.normalize("NFD");
  const m = TONE_AT_END.exec(nfd);
  if (!m || (m[1] === "o") === (m[3] === "y")) return word;
  return (nfd.slice(0, m.index) + m[1] + m[3] + m[2]).normalize("NFC");
}

const isDigit = (unit) => unit >= "0" && unit <= "9";

// emit(exact, start, end): UTF-16 offsets, for highlights.
export function scanWords(text, emit) {
  let start = -1;
  let at = 0;
  const word = (end) => unifyTone(lowercase(text.slice(start, end).normalize("NFC")));
  for (const ch of text) {
    const joins = (ch === "." || ch === ",") && start >= 0 && isDigit(text[at - 1]) && isDigit(text[at + 1]);
    if (joins || WORD_CHAR.test(ch)) {
      if (start < 0) start = at;
    } else if (start >= 0) {
      emit(word(at), start, at);
      start = -1;
    }
    at += ch.length;
  }
  if (start >= 0) emit(word(text.length), start, text.length);
}

// The one fold: exactly tokenize.rs fold_term.
export function fold(exact) {
  if (ASCII.test(exact)) return exact;
  let out = "";
  if (exact.includes("/")) {
    for (const ch of exact) {
      if (STROKED_D.includes(ch)) out += "d";
      else if (NUMBER_DASHES.includes(ch)) out += "-";
      else if (!SPACE.test(ch)) out += ch.toLowerCase();
    }
    return out;
  }
  for (const ch of exact.normalize("NFD")) {
    if (ch < "\x80") out += ch.toLowerCase();
    else if (STROKED_D.includes(ch)) out += "d";
    else if (!MARK.test(ch)) return exact;
  }
  return out;
}

export function endsOpen(query) {
  return !ENDS_WITH_SPACE.test(query);
}

// A chunk that reads as a document number, as typed, is one term.
export function queryTerms(query) {
  const text = query.normalize("NFC");
  const chunks = text.split(SPACES).filter(Boolean);
  const open = endsOpen(text);
  const terms = [];
  chunks.forEach((chunk, i) => {
    const trimmed = lowercase(chunk).replace(EDGES, "");
    const typing = open && i === chunks.length - 1;
    if (typedNumber.test(trimmed) || (typing && partialNumber.test(trimmed))) terms.push(trimmed);
    else scanWords(chunk, (word) => terms.push(word));
  });
  return terms;
}

// Query and ranking (query.rs). A space after the last word says it is whole.
export function parseQuery(query) {
  const tokens = queryTerms(query).map((exact) => {
    const folded = fold(exact);
    return { exact, folded, prefix: false, marked: folded !== exact, strict: false };
  });
  const last = tokens[tokens.length - 1];
  if (last && endsOpen(query) && Array.from(last.folded).length >= MIN_PREFIX_CHARS) last.prefix = true;
  return tokens;
}

// Leaves out a lone first letter of a next word: no flash of "no results".
export function whileTyping(value) {
  const m = value.match(/^(.*\S)\s+\S$/u);
  return m ? m[1] + " " : value;
}


// Forgiving a typed word (forgive.rs): Telex and VNI keys, one slip of the finger.

const TONE_KEYS = { s: 0, 1: 0, f: 1, 2: 1, r: 2, 3: 2, x: 3, 4: 3, j: 4, 5: 4 };
const TONE_OF = ["\u0301", "\u0300", "\u0309", "\u0303", "\u0323"];
const VOWELS = "aeiouyăâêôơư";
const MODIFIED = "ăâêôơư";
const isVowel = (c) => VOWELS.includes(c);

function modifyLast(letters, from, to) {
  for (let i = letters.length - 1; i >= 0; i--) {
    const at = from.indexOf(letters[i]);
    if (at >= 0) {
      letters[i] = to[at];
      return true;
    }
  }
  return false;
}

function horn(letters) {
  for (let i = letters.length - 1; i >= 1; i--) {
    if (letters[i - 1] === "u" && (letters[i] === "o" || letters[i] === "ơ")) {
      letters[i - 1] = "ư";
      letters[i] = "ơ";
      return true;
    }
  }
  return modifyLast(letters, "aou", "ăơư");
}

// One typed key applied to the letters so far; false when it is a plain letter.
function typedKey(typed, c) {
  const { letters } = typed;
  if (letters.some(isVowel)) {
    if (c in TONE_KEYS) {
      typed.tone = TONE_OF[TONE_KEYS[c]];
      return true;
    }
    if (c === "0") {
      typed.tone = null;
      return true;
    }
  }
  const last = letters[letters.length - 1];
  if ((c === "a" || c === "e" || c === "o") && last === c) return modifyLast(letters, "aeo", "âêô");
  if (c === "d" && last === "d") return modifyLast(letters, "d", "đ");
  if (c === "6") return modifyLast(letters, "aeo", "âêô");
  if (c === "8") return modifyLast(letters, "a", "ă");
  if (c === "9") return modifyLast(letters, "d", "đ");
  if (c === "w" || c === "7") return horn(letters);
  return false;
}

function tonePlace(letters) {
  const starts = (a, b) => letters[0] === a && letters[1] === b;
  const skip = starts("q", "u") || (starts("g", "i") && letters.length > 2 && isVowel(letters[2])) ? 2 : 0;
  let first = skip;
  while (first < letters.length && !isVowel(letters[first])) first++;
  if (first >= letters.length) return -1;
  let end = first;
  while (end < letters.length && isVowel(letters[end])) end++;
  for (let i = end - 1; i >= first; i--) if (MODIFIED.includes(letters[i])) return i;
  const n = end - first;
  if (n === 1) return first;
  if (n === 2) return end < letters.length ? first + 1 : first;
  return first + 1;
}

// "kieemr" → "kiểm", "kie63m" → "kiểm"; null for a word with marks or no key.
export function decodeTyping(word) {
  if (!/^[\x00-\x7f]*$/.test(word) || !/[a-z]/.test(word)) return null;
  const typed = { letters: [], tone: null };
  let keys = 0;
  for (const c of word) {
    if (typedKey(typed, c)) keys++;
    else if (c >= "a" && c <= "z") typed.letters.push(c);
    else return null;
  }
  if (!keys) return null;
  const letters = typed.letters;
  if (typed.tone) {
    const at = tonePlace(letters);
    if (at < 0) return null;
    letters.splice(at + 1, 0, typed.tone);
  }
  const out = letters.join("").normalize("NFC");
  return out !== word ? out : null;
}

// A swap of two neighbours; from MIN_EDIT_CHARS letters, one letter wrong, missing or extra.
export function oneSlip(typed, key) {
  const a = Array.from(typed);
  const b = Array.from(key);
  if (typed === key) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const da = a.length - start - end;
  const db = b.length - start - end;
  if (da === 2 && db === 2) return a[start] === b[start + 1] && a[start + 1] === b[start];
  return da + db >= 1 && da <= 1 && db <= 1 && a.length >= MIN_EDIT_CHARS;
}

// A plain word of letters, the kind the manifest's word list holds (forgive.rs listed_word).
export function listedWord(key) {
  return key.length >= LISTED_WORD_MIN && key.length <= LISTED_WORD_MAX && /^[a-z]+$/.test(key);
}

// The manifest's word list, "key:docs key:docs" with docs in base 36 (format.rs
// encode_words), as [[key, documents]] and a map of the documents by key.
export function decodeWords(text) {
  const list = [];
  for (const entry of (text || "").split(" ")) {
    if (!entry) continue;
    const [key, docs, extra] = entry.split(":");
    if (!key || !/^[0-9a-z]+$/.test(docs || "") || extra !== undefined) throw new Error("bad word list entry " + entry);
    list.push([key, parseInt(docs, 36)]);
  }
  return { list, docs: new Map(list) };
}

// words: [[key, documents]]; the NEAR_KEYS commonest one slip away.
export function nearKeys(typed, words) {
  const n = Array.from(typed).length;
  return words
    .filter(([key]) => Math.abs(Array.from(key).length - n) <= 1 && oneSlip(typed, key))
    .sort((x, y) => y[1] - x[1] || compareKeys(x[0], y[0]))
    .slice(0, NEAR_KEYS)
    .map(([key]) => key);
}

// Index files (format.rs). Keys compare by code point, as in Rust.
export function compareKeys(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < x.length && i < y.length; i++) {
    if (x[i] !== y[i]) return x[i].codePointAt(0) - y[i].codePointAt(0);
  }
  return x.length - y.length;
}

export function shardOf(shards, key) {
  let lo = 0;
  let hi = shards.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(shards[mid], key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

class Reader {
  constructor(bytes) {
    this.b = bytes;
    this.at = 0;
  }

  // Multiplies: a varint may pass 2^31.
  varint() {
    let value = 0;
    let scale = 1;
    let byte;
    do {
      if (this.at >= this.b.length) throw new Error(BROKEN);
      byte = this.b[this.at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return value;
  }

  bytes() {
    const n = this.varint();
    if (this.at + n > this.b.length) throw new Error(BROKEN);
    this.at += n;
    return this.b.subarray(this.at - n, this.at);
  }

  ordinals() {
    const out = new Uint32Array(this.varint());
    for (let i = 0, v = 0; i < out.length; i++) out[i] = v += this.varint();
    return out;
  }

  holders(df) {
    const mode = this.b[this.at++];
    const has = new Uint8Array(df);
    if (mode === HOLDERS_BITMAP) {
      for (let i = 0; i < df; i++) has[i] = (this.b[this.at + (i >> 3)] >> (i & 7)) & 1;
      this.at += (df + 7) >> 3;
    } else if (mode === HOLDERS_LISTED || mode === HOLDERS_ALL_BUT) {
      const all = mode === HOLDERS_ALL_BUT ? 1 : 0;
      has.fill(all);
      for (const o of this.ordinals()) has[o] = 1 - all;
    } else {
      throw new Error(BROKEN);
    }
    return has;
  }
}

const utf8 = new TextDecoder();

// Postings stay encoded: most terms of a shard are not asked for.
export function decodeShard(bytes) {
  const r = new Reader(bytes);
  const terms = [];
  let previous = new Uint8Array(0);
  for (let n = r.varint(); n > 0; n--) {
    const shared = r.varint();
    const rest = r.bytes();
    const keyBytes = new Uint8Array(shared + rest.length);
    keyBytes.set(previous.subarray(0, shared));
    keyBytes.set(rest, shared);
    previous = keyBytes;
    const key = utf8.decode(keyBytes);
    const variants = [];
    for (let v = r.varint(); v > 0; v--) variants.push(utf8.decode(r.bytes()) || key);
    const df = r.varint();
    const holders = variants.length > 1 ? variants.map(() => r.holders(df)) : [];
    terms.push({ key, variants, df, holders, postings: r.bytes() });
  }
  if (r.at !== bytes.length) throw new Error(BROKEN);
  return terms;
}

export function eachPosting(term, visit) {
  const r = new Reader(term.postings);
  const weights = 2 ** WEIGHT_BITS;
  let doc = 0;
  for (let i = 0; i < term.df; i++) {
    const v = r.varint();
    const w = v % weights;
    doc += (v - w) / weights;
    visit(i, doc, w);
  }
}

export function termScore(w) {
  return ((w & BODY_LEVELS) / BODY_LEVELS) * BODY_SCORE_MAX + (w & TITLE_BIT ? TITLE_SCORE : 0);
}

function bestPerDoc(total, token, terms) {
  const best = { score: new Float64Array(total).fill(-1), exact: new Uint8Array(total), whole: new Uint8Array(total) };
  for (const term of terms) {
    const whole = term.key === token.folded ? 1 : 0;
    const factor = whole ? 1 : PREFIX_FACTOR;
    const idf = Math.log(1 + (total - term.df + 0.5) / (term.df + 0.5));
    const exactSets = [];
    term.variants.forEach((v, vi) => {
      if (token.marked && v.startsWith(token.exact) && (token.prefix || v === token.exact)) exactSets.push(vi);
    });
    eachPosting(term, (ordinal, doc, w) => {
      const exact = exactSets.some((vi) => term.variants.length === 1 || term.holders[vi][ordinal]) ? 1 : 0;
      if (token.strict && !exact) return;
      const score = factor * idf * termScore(w);
      const better = exact - best.exact[doc] || whole - best.whole[doc] || score - best.score[doc];
      if (best.score[doc] < 0 || better > 0) {
        best.score[doc] = score;
        best.exact[doc] = exact;
        best.whole[doc] = whole;
      }
    });
  }
  return best;
}

// Best first: words with the marks as typed, then whole words, then score; ties newest first.
// together[doc]: neighbouring query words side by side there (pairs), ranked after exact marks.
export function rank(meta, tokens, termsPerToken, filters = {}, together = null) {
  const total = meta.docs;
  const score = new Float64Array(total);
  const exact = new Uint8Array(total);
  const whole = new Uint8Array(total);
  tokens.forEach((token, ti) => {
    const best = bestPerDoc(total, token, termsPerToken[ti]);
    for (let d = 0; d < total; d++) {
      score[d] = best.score[d] < 0 ? -Infinity : score[d] + best.score[d];
      exact[d] += best.exact[d];
      whole[d] += best.whole[d];
    }
  });
  const allowed = allowedRanges(meta, filters);
  const hits = [];
  for (let d = 0; d < total; d++) {
    if (score[d] > -Infinity && allowed.some(([from, to]) => d >= from && d < to)) hits.push(d);
  }
  const near = together || new Uint8Array(total);
  return hits.sort((a, b) => exact[b] - exact[a] || near[b] - near[a] || whole[b] - whole[a] || score[b] - score[a] || a - b);
}

// The query's quoted phrases as positions of their words among its tokens (pairs.rs).
export function phraseGroups(query) {
  const groups = [];
  let at = 0;
  query.split(/["“”]/u).forEach((piece, i) => {
    const n = queryTerms(piece).length;
    if (i % 2 === 1 && n > 1) groups.push(Array.from({ length: n }, (_, k) => at + k));
    at += n;
  });
  return at === queryTerms(query).length ? groups : [];
}

// No page has every word: those with the most of them (at least one), best first.
export function mostOf(meta, tokens, termsPerToken, filters = {}) {
  const total = meta.docs;
  const count = new Uint8Array(total);
  const score = new Float64Array(total);
  const exact = new Uint8Array(total);
  const whole = new Uint8Array(total);
  tokens.forEach((token, ti) => {
    const best = bestPerDoc(total, token, termsPerToken[ti]);
    for (let d = 0; d < total; d++) {
      if (best.score[d] < 0) continue;
      count[d]++;
      score[d] += best.score[d];
      exact[d] += best.exact[d];
      whole[d] += best.whole[d];
    }
  });
  const allowed = allowedRanges(meta, filters);
  const hits = [];
  let most = 1;
  for (let d = 0; d < total; d++) {
    if (!count[d] || !allowed.some(([from, to]) => d >= from && d < to)) continue;
    if (count[d] > most) {
      most = count[d];
      hits.length = 0;
    }
    if (count[d] === most) hits.push(d);
  }
  return hits.sort((a, b) => exact[b] - exact[a] || whole[b] - whole[a] || score[b] - score[a] || a - b);
}

// Whether `doc` passes the section and year filters (each "" for any).
export function passes(meta, doc, filters) {
  return allowedRanges(meta, filters).some(([from, to]) => doc >= from && doc < to);
}

// For each section and each year, how many of `docs` it would keep, the other filter applied.
export function facetCounts(meta, docs, filters) {
  const sections = new Map();
  const years = new Map();
  for (const s of meta.sections) {
    if (!filters.year) sections.set(s.key, docs.filter((d) => d >= s.start && d < s.end).length);
    else sections.set(s.key, docs.filter((d) => d >= s.start && d < s.end && passes(meta, d, { year: filters.year })).length);
    for (const [year, from, to] of s.years) {
      if (filters.section && s.key !== filters.section) continue;
      const key = String(year);
      years.set(key, (years.get(key) || 0) + docs.filter((d) => d >= from && d < to).length);
    }
  }
  return { sections, years };
}

// facets.bin (facets.rs): Map facet key → Map label → Set of documents.
export function decodeFacets(bytes) {
  const r = new Reader(bytes);
  const facets = new Map();
  for (let f = r.varint(); f > 0; f--) {
    const key = utf8.decode(r.bytes());
    const values = new Map();
    for (let v = r.varint(); v > 0; v--) {
      const label = utf8.decode(r.bytes());
      values.set(label, new Set(r.ordinals()));
    }
    facets.set(key, values);
  }
  return facets;
}

// dates.bin (dates.rs): one zigzag varint delta a document, yyyymmdd, 0 for none.
export function decodeDates(bytes) {
  const days = [];
  let value = 0;
  let scale = 1;
  let previous = 0;
  for (const b of bytes) {
    value += (b & 0x7f) * scale;
    scale *= 128;
    if (!(b & 0x80)) {
      previous += value % 2 ? -(value + 1) / 2 : value / 2;
      days.push(previous);
      value = 0;
      scale = 1;
    }
  }
  return days;
}

// Newest first, undated last; otherwise the order given.
export function newestFirst(docs, days) {
  return docs
    .map((d, i) => [d, i])
    .sort((a, b) => (days[b[0]] || 0) - (days[a[0]] || 0) || a[1] - b[1])
    .map(([d]) => d);
}

function allowedRanges(meta, filters) {
  const ranges = [];
  for (const s of meta.sections) {
    if (filters.section && s.key !== filters.section) continue;
    if (!filters.year) ranges.push([s.start, s.end]);
    else for (const [year, from, to] of s.years) if (String(year) === filters.year) ranges.push([from, to]);
  }
  return ranges;
}

// A fragment slot: a line of JSON (title, date, section), then the text's JSON in
// raw DEFLATE; a browser without DecompressionStream shows results without excerpts.
export async function decodeSlot(bytes) {
  const cut = bytes.indexOf(10);
  if (cut < 0) throw new Error(BROKEN);
  const { u, t, d, w, s, x } = JSON.parse(new TextDecoder().decode(bytes.subarray(0, cut)));
  const head = { url: u, title: t, date: d, date_text: w, section: s, detail: x };
  if (typeof DecompressionStream !== "function") return { ...head, text: "" };
  const text = new Blob([bytes.subarray(cut + 1)]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return { ...head, ...JSON.parse(await new Response(text).text()) };
}

// load(path, kind, version, range): a file of search/, kind "meta" (no stale cache: it
// names the build), "bytes" or "json"; kind "range" asks for bytes range[0]..range[1] and
// answers {bytes, start}, start being where the bytes it got begin (0 when a host sent
// the whole file). A failed load is retried.
export function openIndex(load) {
  const files = new Map();
  const once = (path, make) => {
    if (!files.has(path)) {
      const promise = make();
      files.set(path, promise);
      promise.catch(() => files.delete(path));
    }
    return files.get(path);
  };
  const meta = () =>
    once("meta.json", () =>
      load("meta.json", "meta").then((m) => {
        if (m.format !== FORMAT) throw new Error("index format " + m.format);
        return m;
      }),
    );
  const file = (m, path, kind) => once(path, () => load(path, kind, m.version));
  // Bytes start..end of a file: `load` answers with the bytes it got and where they
  // start, the whole file when the server ignores the range.
  const part = async (m, path, start, end) => {
    const got = await load(path, "range", m.version, [start, end]);
    const bytes = got.bytes.subarray(start - got.start, end - got.start);
    if (got.start > start || bytes.length !== end - start) throw new Error("short range of " + path);
    return { bytes, whole: got.start === 0 && got.bytes.length > end ? got.bytes : null };
  };
  // A fragment pack's offsets (and all its bytes, when they came whole).
  const pack = (m, p) =>
    once(`docs/${p}.bin`, async () => {
      const head = await part(m, `docs/${p}.bin`, 0, PACK_HEAD_BYTES);
      const view = new DataView(head.bytes.buffer, head.bytes.byteOffset, PACK_HEAD_BYTES);
      const offsets = Array.from({ length: PACK_HEAD_BYTES / 4 }, (_, i) => view.getUint32(i * 4, true));
      return { offsets, whole: head.whole };
    });
  const fragment = (m, doc) =>
    once(`docs/${doc}`, async () => {
      const p = Math.floor(doc / m.pack);
      const slot = doc % m.pack;
      const { offsets, whole } = await pack(m, p);
      const [start, end] = [offsets[slot], offsets[slot + 1]];
      if (!(end > start)) throw new Error(`no fragment for ${doc}`);
      const bytes = whole ? whole.subarray(start, end) : (await part(m, `docs/${p}.bin`, start, end)).bytes;
      return decodeSlot(bytes);
    });
  const shard = (m, i) => once(`shards/${i}.bin`, () => load(`shards/${i}.bin`, "bytes", m.version).then(decodeShard));

  // The word list, read from the manifest once.
  const plainWords = (m) => {
    if (!m.wordList) m.wordList = decodeWords(m.words);
    return m.wordList;
  };
  // A plain word's documents by the word list (0: not in the index); null for other keys.
  const wordDocs = (m, key) => (listedWord(key) ? plainWords(m).docs.get(key) || 0 : null);

  // A short prefix whose words fill many shards loads those of its commonest words.
  // A whole plain word the word list lacks is in no shard: none is fetched.
  async function matchingTerms(m, t) {
    if (!t.prefix && wordDocs(m, t.folded) === 0) return [];
    const listed = t.prefix && m.prefixes && Array.from(t.folded).length <= LISTED_PREFIX_MAX_CHARS;
    const words = listed && (await file(m, "prefixes.json", "json"))[t.folded];
    const wanted = Array.isArray(words) && new Set(words.concat(t.folded));
    let i = shardOf(m.shards, t.folded);
    const ids = wanted ? new Set(Array.from(wanted, (w) => shardOf(m.shards, w))) : [i];
    while (!wanted && t.prefix && i + 1 < m.shards.length && m.shards[i + 1].startsWith(t.folded)) ids.push(++i);
    const hit = (key) => (wanted ? wanted.has(key) : t.prefix ? key.startsWith(t.folded) : key === t.folded);
    const shards = await Promise.all(Array.from(ids, (id) => shard(m, id)));
    return shards.flat().filter((term) => hit(term.key));
  }

  // The documents where two folded words stand side by side (pairs.rs).
  // A pair on most pages is stored as the pages without it, its key marked (pairs.rs).
  async function pairDocs(m, first, second) {
    const separators = await file(m, "pairs.json", "json");
    const entry = async (key) => {
      const i = shardOf(separators, key);
      const terms = await once(`pairs/${i}.bin`, () => load(`pairs/${i}.bin`, "bytes", m.version).then(decodeShard));
      return terms.find((t) => t.key === key);
    };
    const key = `${first} ${second}`;
    const docs = new Set();
    const term = await entry(key);
    if (term) {
      eachPosting(term, (_, doc) => docs.add(doc));
      return docs;
    }
    const absent = await entry(key + ABSENT_MARK);
    if (absent) {
      for (let d = 0; d < m.docs; d++) docs.add(d);
      eachPosting(absent, (_, doc) => docs.delete(doc));
    }
    return docs;
  }

  // Every token; quoted phrases side by side; neighbours together ranked higher.
  async function arranged(m, tokens, terms, groups, filters) {
    const hits = rank(m, tokens, terms, filters);
    if (tokens.length < 2 || !hits.length) return hits;
    const together = new Uint8Array(m.docs);
    const keep = new Uint8Array(m.docs).fill(1);
    for (let i = 1; i < tokens.length; i++) {
      const side = await pairDocs(m, tokens[i - 1].folded, tokens[i].folded);
      const quoted = groups.some((g) => g.includes(i - 1) && g.includes(i));
      for (const d of hits) {
        if (side.has(d)) together[d]++;
        else if (quoted) keep[d] = 0;
      }
    }
    return rank(m, tokens, terms, filters, together).filter((d) => keep[d]);
  }

  function wordToken(exact) {
    const folded = fold(exact);
    return { exact, folded, prefix: false, marked: folded !== exact, strict: false };
  }

  // Which candidate keys a word's readings look up (near.rs affordable): in order (the
  // decoded word, then the slips, commonest first), while together they need at most
  // one shard not loaded yet; a key the word list lacks needs none and is left out.
  function affordable(m, keys) {
    let fresh = null;
    return keys.map((key) => {
      if (wordDocs(m, key) === 0) return false;
      const s = shardOf(m.shards, key);
      if (files.has(`shards/${s}.bin`)) return true;
      if (fresh === null) fresh = s;
      return fresh === s;
    });
  }

  // Other readings of one token (near.rs readings): decoded keys, words one slip away,
  // those affordable allows.
  async function readings(m, t, own) {
    const found = [];
    const decoded = own.length ? null : decodeTyping(t.exact);
    const decodedWords = decoded ? queryTerms(decoded) : [];
    const d = decodedWords.length === 1 ? wordToken(decodedWords[0]) : null;
    const slips = nearKeys(t.folded, plainWords(m).list);
    const allowed = affordable(m, (d ? [d.folded] : []).concat(slips));
    if (d && allowed[0]) {
      d.strict = d.marked;
      const terms = await matchingTerms(m, d);
      if (terms.length) found.push({ token: d, terms, shown: [d] });
    }
    const keys = slips.filter((_, i) => allowed[i + (d ? 1 : 0)]);
    const more = await Promise.all(keys.map((key) => matchingTerms(m, wordToken(key))));
    const slipped = own.concat(...more);
    if (keys.length && slipped.length > own.length) {
      const term = slipped.find((x) => x.key === keys[0]);
      const standIn = { ...wordToken(keys[0]), exact: term ? term.variants[0] : keys[0], marked: false };
      found.push({ token: own.length ? t : standIn, terms: slipped, shown: keys.map(wordToken) });
    }
    return found;
  }

  // Unknown words (or all, when every word is known) read the way that finds most.
  async function nearReading(m, tokens, terms, filters) {
    const anyUnknown = terms.some((x) => !x.length);
    const near = { tokens: tokens.slice(), terms: terms.slice(), shown: [], changed: false };
    for (let i = 0; i < tokens.length; i++) {
      if (anyUnknown && terms[i].length) continue;
      let best = null;
      for (const reading of await readings(m, tokens[i], terms[i])) {
        const trialTokens = near.tokens.slice();
        const trialTerms = near.terms.slice();
        trialTokens[i] = reading.token;
        trialTerms[i] = reading.terms;
        // A word still unread later in the query does not empty this one's readings.
        const known = trialTerms.map((x, k) => (x.length ? k : -1)).filter((k) => k >= 0);
        const n = rank(m, known.map((k) => trialTokens[k]), known.map((k) => trialTerms[k]), filters).length;
        if (n > 0 && (!best || n > best.n)) best = { n, reading };
      }
      if (best) {
        near.tokens[i] = best.reading.token;
        near.terms[i] = best.reading.terms;
        near.shown.push(...best.reading.shown);
        near.changed = true;
      }
    }
    return near;
  }

  return {
    meta,
    fragment,
    dates: (m) => file(m, "dates.bin", "bytes").then(decodeDates),
    facets: (m) => file(m, "facets.bin", "bytes").then(decodeFacets),
    // Exact hits; when fewer than FEW_EXACT, near ones; when none, pages with most words.
    async search(query, filters = {}) {
      const tokens = parseQuery(query);
      const out = { tokens, hits: [], near: [], nearTokens: [], nearText: "", mode: "" };
      if (!tokens.length) return out;
      const m = await meta();
      out.meta = m;
      const terms = await Promise.all(tokens.map((t) => matchingTerms(m, t)));
      const groups = phraseGroups(query);
      out.hits = await arranged(m, tokens, terms, groups, filters);
      if (out.hits.length >= FEW_EXACT) return out;
      const near = await nearReading(m, tokens, terms, filters);
      if (near.changed) {
        const exact = new Set(out.hits);
        out.near = (await arranged(m, near.tokens, near.terms, groups, filters)).filter((d) => !exact.has(d));
        out.nearText = near.tokens.map((t) => t.exact).join(" ");
        out.nearTokens = near.tokens.concat(near.shown);
        out.mode = "near";
      }
      if (!out.hits.length && !out.near.length && tokens.length > 1 && !groups.length) {
        out.near = mostOf(m, tokens, terms, filters);
        out.nearText = tokens.map((t) => t.exact).join(" ");
        out.nearTokens = tokens;
        out.mode = out.near.length ? "some" : "";
      }
      return out;
    },
  };
}

// Highlights: words as the index matched them, a document number as its chunk.
export function findMatches(text, tokens) {
  const found = [];
  const visit = (key, start, end, isNumber) => {
    tokens.forEach((t, token) => {
      if (!t.folded || t.folded.includes("/") !== isNumber) return;
      if (t.prefix ? key.startsWith(t.folded) : key === t.folded) found.push({ start, end, token });
    });
  };
  scanWords(text, (exact, start, end) => visit(fold(exact), start, end, false));
  if (tokens.some((t) => t.folded.includes("/"))) {
    for (const chunk of text.matchAll(TRIMMED_CHUNKS)) {
      visit(fold(lowercase(chunk[0])), chunk.index, chunk.index + chunk[0].length, true);
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged = [];
  for (const f of found) {
    const last = merged[merged.length - 1];
    if (last && f.start < last.end) last.end = Math.max(last.end, f.end);
    else merged.push(f);
  }
  return merged;
}

// Where most query words meet, cut at spaces.
export function excerptWindow(text, matches) {
  let start = 0;
  if (matches.length) {
    let bestCount = -1;
    for (const mt of matches) {
      const seen = new Set();
      for (const o of matches) {
        if (o.start >= mt.start && o.start < mt.start + EXCERPT_CHARS - 40) seen.add(o.token);
      }
      if (seen.size > bestCount) {
        bestCount = seen.size;
        start = mt.start;
      }
    }
    start = Math.max(0, start - 60);
    if (start > 0) {
      const space = text.indexOf(" ", start);
      start = space >= 0 && space < start + 20 ? space + 1 : start;
    }
  }
  let end = Math.min(text.length, start + EXCERPT_CHARS);
  if (end < text.length) {
    const cut = text.lastIndexOf(" ", end);
    if (cut > start + EXCERPT_CHARS / 2) end = cut;
  }
  return { start, end };
}
