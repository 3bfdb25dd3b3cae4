// Search for minhbach portals, in the browser, over the index `minhbach build`
// writes into search/: meta.json (shard boundaries, sections), shards/N.bin
// (posting lists by term range) and docs/N.json (one per result shown).
// Query words are split, lower-cased and folded exactly as src/search/tokenize.rs
// does; ranking follows src/search/query.rs. No framework, no outside requests;
// index text reaches the page only through textContent, never as HTML.
(function () {
  "use strict";

  var FORMAT = 1;
  var PAGE_SIZE = 10;
  var DEBOUNCE_MS = 180;
  var TITLE_SCORE = 3.0;
  var BODY_SCORE_MAX = 2.2;
  var BODY_LEVELS = 7;
  var TITLE_BIT = 8;
  var PREFIX_FACTOR = 0.6;
  var EXCERPT_CHARS = 240;

  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-input");
  var statusBox = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var sectionSelect = document.getElementById("search-section");
  var yearSelect = document.getElementById("search-year");
  if (!form || !input || !statusBox || !list) return;

  // The index sits beside this script, which sits at the site's root: this works
  // under any base_url path, and on a copy of the site served from elsewhere.
  var script = document.currentScript || document.querySelector('script[src*="search.js"]');
  var siteRoot = new URL(".", script ? script.src : document.baseURI);
  var indexRoot = new URL("search/", siteRoot);

  // ---- Terms: the rules of tokenize.rs ------------------------------------

  var LETTER = /[\p{Alphabetic}\p{N}]/u;
  var MARK = /\p{M}/u;
  var TONED_O = "òóõỏọ", TONED_U = "ùúũủụ";
  var TONED = { a: "àáãảạ", e: "èéẽẻẹ", y: "ỳýỹỷỵ" };
  var TYPED_NUMBER = /^[0-9]{1,6}[a-z]?(?:\/(?:19|20)[0-9]{2})?\/[a-zđð]+[0-9]*(?:-[a-zđð]+[0-9]*)*$/u;
  var PARTIAL_NUMBER = /^[0-9]{1,6}[a-z]?\/(?:(?:19|20)[0-9]{2}\/?)?[a-zđð0-9-]*$/u;

  function lower(text) {
    var out = "";
    for (var ch of text) out += ch.toLowerCase();
    return out;
  }

  // "hòa" → "hoà", "thủy" → "thuỷ": one tone placement, as the index has it.
  function unifyTone(word) {
    var chars = Array.from(word);
    var n = chars.length;
    if (n < 2) return word;
    var last = chars[n - 1], before = chars[n - 2];
    var tones = TONED[last];
    if (!tones) return word;
    var first = last === "y" ? TONED_U : TONED_O;
    var tone = first.indexOf(before);
    if (tone < 0) return word;
    chars[n - 2] = last === "y" ? "u" : "o";
    chars[n - 1] = tones[tone];
    return chars.join("");
  }

  function isDigit(ch) { return ch >= "0" && ch <= "9"; }

  function words(text) {
    var out = [];
    var chars = Array.from(text.normalize("NFC"));
    var current = "";
    for (var i = 0; i < chars.length; i++) {
      var ch = chars[i];
      var joins = (ch === "." || ch === ",") && current !== "" && isDigit(chars[i - 1]) &&
        i + 1 < chars.length && isDigit(chars[i + 1]);
      if (LETTER.test(ch) || MARK.test(ch) || joins) {
        current += ch;
      } else if (current) {
        out.push(current);
        current = "";
      }
    }
    if (current) out.push(current);
    return out.map(function (w) { return unifyTone(lower(w.normalize("NFC"))); });
  }

  function numberKey(text) {
    var out = "";
    for (var ch of text) {
      if ("đĐðÐ".indexOf(ch) >= 0) out += "d";
      else if ("‐‑‒–—".indexOf(ch) >= 0) out += "-";
      else if (!/\s/.test(ch)) out += ch.toLowerCase();
    }
    return out;
  }

  // The folded key: no marks, đ → d; a word of another script keeps its letters.
  function fold(exact) {
    if (/^[\x00-\x7f]*$/.test(exact)) return exact;
    if (exact.indexOf("/") >= 0) return numberKey(exact);
    var out = "";
    for (var ch of exact.normalize("NFD")) {
      if ("đĐðÐ".indexOf(ch) >= 0) out += "d";
      else if (MARK.test(ch)) continue;
      else if (ch.charCodeAt(0) < 0x80) out += ch;
      else return exact;
    }
    return out.toLowerCase();
  }

  function token(exact) {
    var folded = fold(exact);
    return { exact: exact, folded: folded, marked: folded !== exact, prefix: false };
  }

  // The last word, from two letters on, is also a prefix ("kiem tr" finds "kiểm tra")
  // unless a space ends the query.
  function parseQuery(query) {
    var tokens = [];
    var chunks = query.normalize("NFC").split(/\s+/).filter(Boolean);
    var openEnd = !/\s$/.test(query);
    chunks.forEach(function (chunk, i) {
      var trimmed = lower(chunk).replace(/^[^\p{Alphabetic}\p{N}]+|[^\p{Alphabetic}\p{N}]+$/gu, "");
      var last = i === chunks.length - 1;
      if (TYPED_NUMBER.test(trimmed) || (last && openEnd && PARTIAL_NUMBER.test(trimmed))) {
        tokens.push(token(trimmed));
      } else {
        words(chunk).forEach(function (w) { tokens.push(token(w)); });
      }
    });
    // One letter would expand to a good part of the index: it only matches a whole word.
    var last = tokens[tokens.length - 1];
    if (openEnd && last && Array.from(last.folded).length >= 2) last.prefix = true;
    return tokens;
  }

  // ---- Index files ----------------------------------------------------------

  var metaPromise = null;
  var shardPromises = {};
  var docPromises = {};

  function fetchOk(url, as) {
    return fetch(url, { cache: as === "meta" ? "no-cache" : "default" }).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + url);
      return as === "bytes" ? r.arrayBuffer() : r.json();
    });
  }

  function meta() {
    if (!metaPromise) {
      metaPromise = fetchOk(new URL("meta.json", indexRoot), "meta").then(function (m) {
        if (m.format !== FORMAT) throw new Error("index format " + m.format);
        return m;
      });
      metaPromise.catch(function () { metaPromise = null; });
    }
    return metaPromise;
  }

  function versioned(path, m) {
    return new URL(path + "?v=" + encodeURIComponent(m.version), indexRoot);
  }

  function shard(m, i) {
    if (!shardPromises[i]) {
      shardPromises[i] = fetchOk(versioned("shards/" + i + ".bin", m), "bytes").then(decodeShard);
      shardPromises[i].catch(function () { delete shardPromises[i]; });
    }
    return shardPromises[i];
  }

  function fragment(m, doc) {
    if (!docPromises[doc]) {
      docPromises[doc] = fetchOk(versioned("docs/" + doc + ".json", m), "json");
      docPromises[doc].catch(function () { delete docPromises[doc]; });
    }
    return docPromises[doc];
  }

  // Keys compare by code point, as Rust strings do (not by UTF-16 unit).
  function compareKeys(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < x.length && i < y.length; i++) {
      if (x[i] !== y[i]) return x[i].codePointAt(0) - y[i].codePointAt(0);
    }
    return x.length - y.length;
  }

  function shardOf(shards, key) {
    var lo = 0, hi = shards.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (compareKeys(shards[mid], key) <= 0) lo = mid + 1; else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  var prefixesPromise = null;
  function prefixes(m) {
    if (!m.prefixes) return Promise.resolve({});
    if (!prefixesPromise) {
      prefixesPromise = fetchOk(versioned("prefixes.json", m), "json");
      prefixesPromise.catch(function () { prefixesPromise = null; });
    }
    return prefixesPromise;
  }

  // A short prefix whose words fill many shards ("tr") has a list of its commonest
  // words; it loads their shards only. Any other prefix loads the shards of its range.
  function shardsFor(m, t) {
    var listed = t.prefix && m.prefixes && Array.from(t.folded).length <= 3;
    return (listed ? prefixes(m) : Promise.resolve({})).then(function (lists) {
      var words = t.prefix && lists[t.folded];
      if (words) {
        t.words = new Set(words.concat([t.folded]));
        return Array.from(new Set(Array.from(t.words, function (w) { return shardOf(m.shards, w); })));
      }
      var i = shardOf(m.shards, t.folded);
      var out = [i];
      while (t.prefix && i + 1 < m.shards.length && m.shards[i + 1].startsWith(t.folded)) out.push(++i);
      return out;
    });
  }

  var utf8 = new TextDecoder();

  function Reader(bytes, at) { this.b = bytes; this.at = at || 0; }
  Reader.prototype.varint = function () {
    var value = 0, scale = 1, byte;
    do {
      if (this.at >= this.b.length) throw new Error("shard ends early");
      byte = this.b[this.at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return value;
  };
  Reader.prototype.bytes = function () {
    var n = this.varint();
    var out = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  };
  Reader.prototype.ordinals = function () {
    var n = this.varint(), out = new Uint32Array(n), v = 0;
    for (var i = 0; i < n; i++) { v += this.varint(); out[i] = v; }
    return out;
  };
  Reader.prototype.holders = function (df) {
    var mode = this.b[this.at++];
    var has = new Uint8Array(df), i;
    if (mode === 2) {
      for (i = 0; i < df; i++) has[i] = (this.b[this.at + (i >> 3)] >> (i & 7)) & 1;
      this.at += (df + 7) >> 3;
    } else {
      var listed = this.ordinals();
      if (mode === 1) has.fill(1);
      for (i = 0; i < listed.length; i++) has[listed[i]] = mode === 1 ? 0 : 1;
    }
    return has;
  };

  // A shard: term count, then per term its front-coded key, spellings, holder
  // sets and posting list (see src/search/format.rs). Postings decode on use.
  function decodeShard(buffer) {
    var bytes = new Uint8Array(buffer);
    var r = new Reader(bytes);
    var terms = [];
    var previous = new Uint8Array(0);
    for (var n = r.varint(); n > 0; n--) {
      var shared = r.varint();
      var rest = r.bytes();
      var keyBytes = new Uint8Array(shared + rest.length);
      keyBytes.set(previous.subarray(0, shared));
      keyBytes.set(rest, shared);
      previous = keyBytes;
      var key = utf8.decode(keyBytes);
      var variants = [];
      for (var v = r.varint(); v > 0; v--) {
        var spelling = utf8.decode(r.bytes());
        variants.push(spelling || key);
      }
      var df = r.varint();
      var holders = [];
      if (variants.length > 1) variants.forEach(function () { holders.push(r.holders(df)); });
      var postings = r.bytes();
      terms.push({ key: key, variants: variants, df: df, holders: holders, postings: postings });
    }
    return terms;
  }

  function eachPosting(term, visit) {
    var r = new Reader(term.postings), doc = 0;
    for (var i = 0; i < term.df; i++) {
      var v = r.varint();
      var w = v % 16;
      doc += (v - w) / 16;
      visit(i, doc, w);
    }
  }

  // ---- Ranking: the rules of query.rs ---------------------------------------

  function termScore(w) {
    return (w & BODY_LEVELS) / BODY_LEVELS * BODY_SCORE_MAX + (w & TITLE_BIT ? TITLE_SCORE : 0);
  }

  function run(query, filters) {
    var tokens = parseQuery(query);
    if (!tokens.length) return Promise.resolve({ tokens: tokens, hits: [] });
    return meta().then(function (m) {
      // Shards are cached promises: one two words share is fetched once.
      return Promise.all(tokens.map(function (t) {
        return shardsFor(m, t).then(function (ids) {
          return Promise.all(ids.map(function (i) { return shard(m, i); }));
        });
      })).then(function (perToken) {
        return { tokens: tokens, hits: rank(m, tokens, perToken, filters), meta: m };
      });
    });
  }

  // Best first: most words with the marks as typed, then most whole words (not
  // only the start of a longer one), then score; ties keep index order (newest).
  function rank(m, tokens, perToken, filters) {
    var total = m.docs;
    var score = new Float64Array(total);
    var exact = new Uint8Array(total);
    var whole = new Uint8Array(total);
    var alive = new Uint8Array(total).fill(1);
    tokens.forEach(function (t, ti) {
      var best = new Float64Array(total).fill(-1);
      var bestExact = new Uint8Array(total);
      var bestWhole = new Uint8Array(total);
      perToken[ti].forEach(function (terms) {
        terms.forEach(function (term) {
          var hit = t.words ? t.words.has(term.key)
            : t.prefix ? term.key.startsWith(t.folded) : term.key === t.folded;
          if (!hit) return;
          var isWhole = term.key === t.folded ? 1 : 0;
          var factor = isWhole ? 1 : PREFIX_FACTOR;
          var idf = Math.log(1 + (total - term.df + 0.5) / (term.df + 0.5));
          var exactSets = [];
          if (t.marked) {
            term.variants.forEach(function (v, vi) {
              if (v.startsWith(t.exact) && (t.prefix || v === t.exact)) exactSets.push(vi);
            });
          }
          eachPosting(term, function (ordinal, doc, w) {
            var e = 0;
            for (var k = 0; k < exactSets.length; k++) {
              if (term.variants.length === 1 || term.holders[exactSets[k]][ordinal]) { e = 1; break; }
            }
            var s = factor * idf * termScore(w);
            var better = e - bestExact[doc] || isWhole - bestWhole[doc] || s - best[doc];
            if (best[doc] < 0 || better > 0) {
              best[doc] = s;
              bestExact[doc] = e;
              bestWhole[doc] = isWhole;
            }
          });
        });
      });
      for (var d = 0; d < total; d++) {
        if (best[d] < 0) alive[d] = 0;
        else { score[d] += best[d]; exact[d] += bestExact[d]; whole[d] += bestWhole[d]; }
      }
    });
    var allowed = allowedRanges(m, filters);
    var hits = [];
    for (var d = 0; d < total; d++) {
      if (alive[d] && inRanges(allowed, d)) hits.push(d);
    }
    hits.sort(function (a, b) {
      return exact[b] - exact[a] || whole[b] - whole[a] || score[b] - score[a] || a - b;
    });
    return hits;
  }

  function allowedRanges(m, filters) {
    var ranges = [];
    m.sections.forEach(function (s) {
      if (filters.section && s.key !== filters.section) return;
      if (!filters.year) { ranges.push([s.start, s.end]); return; }
      s.years.forEach(function (y) { if (String(y[0]) === filters.year) ranges.push([y[1], y[2]]); });
    });
    return ranges;
  }

  function inRanges(ranges, d) {
    for (var i = 0; i < ranges.length; i++) if (d >= ranges[i][0] && d < ranges[i][1]) return true;
    return false;
  }

  // ---- Excerpts and highlighting --------------------------------------------

  var foldCache = new Map();
  // One folded character per character, same UTF-16 length, so positions in the
  // folded text are positions in the text shown.
  function foldChar(ch) {
    var cached = foldCache.get(ch);
    if (cached !== undefined) return cached;
    var out = ch;
    if ("đĐðÐ".indexOf(ch) >= 0) out = "d";
    else if ("‐‑‒–—".indexOf(ch) >= 0) out = "-";
    else {
      var base = ch.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
      if (base.length === ch.length) out = base;
    }
    foldCache.set(ch, out);
    return out;
  }

  function foldText(text) {
    var out = "";
    for (var ch of text) out += foldChar(ch);
    return out;
  }

  function isWordAt(folded, i) {
    return i >= 0 && i < folded.length && LETTER.test(folded[i]);
  }

  function findMatches(text, tokens) {
    var folded = foldText(text);
    var found = [];
    tokens.forEach(function (t, ti) {
      if (!t.folded) return;
      var from = 0, at;
      while ((at = folded.indexOf(t.folded, from)) >= 0) {
        var end = at + t.folded.length;
        from = at + 1;
        if (isWordAt(folded, at - 1)) continue;
        if (!t.prefix && isWordAt(folded, end)) continue;
        while (t.prefix && isWordAt(folded, end)) end++;
        found.push({ start: at, end: end, token: ti });
      }
    });
    found.sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    var merged = [];
    found.forEach(function (f) {
      var last = merged[merged.length - 1];
      if (last && f.start < last.end) last.end = Math.max(last.end, f.end);
      else merged.push(f);
    });
    return merged;
  }

  function appendMarked(parent, text, matches, from, to) {
    var at = from;
    matches.forEach(function (mt) {
      if (mt.end <= from || mt.start >= to) return;
      var s = Math.max(mt.start, from), e = Math.min(mt.end, to);
      if (s > at) parent.appendChild(document.createTextNode(text.slice(at, s)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(s, e);
      parent.appendChild(mark);
      at = e;
    });
    if (at < to) parent.appendChild(document.createTextNode(text.slice(at, to)));
  }

  // The window of the text where most query words meet, cut at spaces.
  function excerpt(parent, text, tokens) {
    var matches = findMatches(text, tokens);
    var start = 0;
    if (matches.length) {
      var bestCount = -1;
      matches.forEach(function (mt) {
        var seen = {};
        matches.forEach(function (o) {
          if (o.start >= mt.start && o.start < mt.start + EXCERPT_CHARS - 40) seen[o.token] = 1;
        });
        var count = Object.keys(seen).length;
        if (count > bestCount) { bestCount = count; start = mt.start; }
      });
      start = Math.max(0, start - 60);
      if (start > 0) {
        var space = text.indexOf(" ", start);
        start = space >= 0 && space < start + 20 ? space + 1 : start;
      }
    }
    var end = Math.min(text.length, start + EXCERPT_CHARS);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > start + EXCERPT_CHARS / 2) end = cut;
    }
    if (start > 0) parent.appendChild(document.createTextNode("… "));
    appendMarked(parent, text, matches, start, end);
    if (end < text.length) parent.appendChild(document.createTextNode(" …"));
  }

  // ---- Page -------------------------------------------------------------------

  var state = { seq: 0, hits: [], shown: 0, tokens: [], meta: null };

  function filters() {
    return {
      section: sectionSelect ? sectionSelect.value : "",
      year: yearSelect ? yearSelect.value : "",
    };
  }

  function say(text) { statusBox.textContent = text; }

  function renderItem(doc, frag, tokens) {
    var li = document.createElement("li");
    li.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result-title";
    var link = document.createElement("a");
    link.href = new URL(frag.url, siteRoot).href;
    appendMarked(link, frag.title, findMatches(frag.title, tokens), 0, frag.title.length);
    heading.appendChild(link);
    li.appendChild(heading);
    var info = document.createElement("p");
    info.className = "search-result-meta";
    var section = document.createElement("span");
    section.className = "search-result-section";
    section.textContent = frag.section;
    info.appendChild(section);
    if (frag.date) {
      info.appendChild(document.createTextNode(" · "));
      var time = document.createElement("time");
      time.dateTime = frag.date;
      time.textContent = frag.date_text || frag.date;
      info.appendChild(time);
    }
    if (frag.detail) info.appendChild(document.createTextNode(" · " + frag.detail));
    li.appendChild(info);
    if (frag.text) {
      var p = document.createElement("p");
      p.className = "search-result-excerpt";
      excerpt(p, frag.text, tokens);
      li.appendChild(p);
    }
    li.setAttribute("data-doc", String(doc));
    return li;
  }

  function showMore(seq, focusFirst) {
    var m = state.meta;
    var page = state.hits.slice(state.shown, state.shown + PAGE_SIZE);
    return Promise.all(page.map(function (doc) {
      return fragment(m, doc).catch(function () { return null; });
    })).then(function (frags) {
      if (seq !== state.seq) return;
      var first = null;
      frags.forEach(function (frag, i) {
        if (!frag) return;
        var li = renderItem(page[i], frag, state.tokens);
        list.appendChild(li);
        first = first || li;
      });
      state.shown += page.length;
      if (more) more.hidden = state.shown >= state.hits.length;
      if (focusFirst && first) first.querySelector("a").focus();
    });
  }

  function search(query) {
    var seq = ++state.seq;
    if (!query.trim()) {
      list.textContent = "";
      if (more) more.hidden = true;
      say("");
      return Promise.resolve();
    }
    return run(query, filters()).then(function (result) {
      if (seq !== state.seq) return;
      state.hits = result.hits;
      state.tokens = result.tokens;
      state.meta = result.meta || state.meta;
      state.shown = 0;
      list.textContent = "";
      return showMore(seq, false).then(function () {
        if (seq !== state.seq) return;
        var shownQuery = "“" + query.trim() + "”";
        say(result.hits.length
          ? "Tìm thấy " + result.hits.length + " kết quả cho " + shownQuery + "."
          : "Không tìm thấy kết quả nào cho " + shownQuery + ".");
      });
    }).catch(function () {
      if (seq !== state.seq) return;
      say("Không tải được chỉ mục tìm kiếm. Vui lòng thử lại sau.");
    });
  }

  function remember() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    var f = filters();
    if (f.section) params.set("section", f.section);
    if (f.year) params.set("year", f.year);
    var qs = params.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
  }

  function fillFilters(m, params) {
    if (!sectionSelect || !yearSelect) return;
    var years = {};
    m.sections.forEach(function (s) {
      var option = document.createElement("option");
      option.value = s.key;
      option.textContent = s.label;
      sectionSelect.appendChild(option);
      s.years.forEach(function (y) { years[y[0]] = 1; });
    });
    Object.keys(years).sort(function (a, b) { return b - a; }).forEach(function (y) {
      var option = document.createElement("option");
      option.value = y;
      option.textContent = y;
      yearSelect.appendChild(option);
    });
    sectionSelect.value = params.get("section") || "";
    yearSelect.value = params.get("year") || "";
    var box = form.querySelector(".search-filters");
    if (box) box.hidden = false;
  }

  // While typing, a lone first letter of a next word is left out, so the results
  // of the words before it stay on screen instead of flashing "no results".
  function typed(value) {
    var m = value.match(/^(.*\S)\s+\S$/u);
    return m && Array.from(value.trim().split(/\s+/).pop()).length === 1 ? m[1] + " " : value;
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { remember(); search(typed(input.value)); }, DEBOUNCE_MS);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    remember();
    search(input.value);
  });
  [sectionSelect, yearSelect].forEach(function (select) {
    if (!select) return;
    select.addEventListener("change", function () { remember(); search(input.value); });
  });
  if (more) {
    more.addEventListener("click", function () { showMore(state.seq, true); });
  }

  var params = new URLSearchParams(location.search);
  var initial = params.get("q") || "";
  input.value = initial;
  meta().then(function (m) {
    fillFilters(m, params);
    if (initial.trim()) search(initial);
  }).catch(function () {
    say("Không tải được chỉ mục tìm kiếm. Vui lòng thử lại sau.");
  });
})();
