// The search page over search-core.js; index text reaches it only as text.
import { excerptWindow, facetCounts, findMatches, newestFirst, openIndex, passes, whileTyping } from "./search-core.js";

const PAGE_SIZE = 10;
const DEBOUNCE_MS = 180;

const form = document.querySelector(".search-form");
const input = document.getElementById("search-input");
const statusBox = document.getElementById("search-status");
const list = document.getElementById("search-results");
const nearList = document.getElementById("search-near");
const nearHeading = document.getElementById("search-near-heading");
const more = document.getElementById("search-more");
const sectionSelect = document.getElementById("search-section");
const yearSelect = document.getElementById("search-year");
const sortSelect = document.getElementById("search-sort");
const facetSelects = Array.from(document.querySelectorAll("select[data-facet]"));
const facetBox = document.getElementById("search-facets");
const facetButton = document.getElementById("search-more-filters");
const state = { seq: 0, items: [], shown: 0, tokens: [], nearTokens: [], meta: null, result: null, query: "", facets: null };

// The page names its language's index and root, and its words (t() in the template).
const words = form ? form.dataset : {};
const indexRoot = new URL(words.index || "search/", location.href);
const siteRoot = new URL(words.root || ".", location.href);

// "{n} kết quả cho “{q}”": holes filled as text, never as HTML.
function say(key, values = {}) {
  const count = values.n === 1 && words[key + "One"] ? key + "One" : key;
  return (words[count] || "").replace(/\{(\w+)\}/g, (hole, name) => (name in values ? String(values[name]) : hole));
}

// A range ([start, end)) is asked for as such; a server that ignores it sends the whole file.
function load(path, kind, version, range) {
  const url = new URL(version ? `${path}?v=${encodeURIComponent(version)}` : path, indexRoot);
  const headers = range ? { Range: `bytes=${range[0]}-${range[1] - 1}` } : {};
  return fetch(url, { cache: kind === "meta" ? "no-cache" : "default", headers }).then((r) => {
    if (!r.ok) throw new Error(`${r.status} ${url}`);
    if (kind === "json" || kind === "meta") return r.json();
    // A 206 without Content-Range (a proxy that drops it) starts where it was asked to.
    const given = /^bytes (\d+)-/.exec(r.headers.get("content-range") || "");
    const start = r.status !== 206 || !range ? 0 : given ? Number(given[1]) : range[0];
    return r.arrayBuffer().then((b) => (kind === "range" ? { bytes: new Uint8Array(b), start } : new Uint8Array(b)));
  });
}

const index = openIndex(load);

function appendMarked(parent, text, matches, from, to) {
  let at = from;
  for (const mt of matches) {
    if (mt.end <= from || mt.start >= to) continue;
    const s = Math.max(mt.start, from);
    const e = Math.min(mt.end, to);
    if (s > at) parent.append(text.slice(at, s));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(s, e);
    parent.append(mark);
    at = e;
  }
  if (at < to) parent.append(text.slice(at, to));
}

// Returns where the excerpt's first match is, or -1 without one.
function excerpt(parent, text, tokens) {
  const matches = findMatches(text, tokens);
  const { start, end } = excerptWindow(text, matches);
  if (start > 0) parent.append("… ");
  appendMarked(parent, text, matches, start, end);
  if (end < text.length) parent.append(" …");
  const first = matches.find((mt) => mt.start >= start && mt.start < end);
  return first ? first.start : -1;
}

// The section (heading) a position of the text lies in: [at, id, heading] or null.
function sectionAt(sections, at) {
  let found = null;
  for (const s of sections || []) if (s[0] <= at) found = s;
  return found;
}

function element(name, className, parent) {
  const e = document.createElement(name);
  if (className) e.className = className;
  if (parent) parent.append(e);
  return e;
}

function renderItem(doc, frag, tokens) {
  const li = element("li", "search-result");
  const link = element("a", "", element("h2", "search-result-title", li));
  link.href = new URL(frag.url, siteRoot).href;
  appendMarked(link, frag.title, findMatches(frag.title, tokens), 0, frag.title.length);
  const info = element("p", "search-result-meta", li);
  element("span", "search-result-section", info).textContent = frag.section;
  if (frag.date) {
    info.append(" · ");
    const time = element("time", "", info);
    time.dateTime = frag.date;
    time.textContent = frag.date_text || frag.date;
  }
  if (frag.detail) info.append(" · " + frag.detail);
  if (frag.text) {
    const at = excerpt(element("p", "search-result-excerpt", li), frag.text, tokens);
    const section = at >= 0 ? sectionAt(frag.sections, at) : null;
    if (section) {
      const to = element("a", "", element("p", "search-result-heading", li));
      to.href = new URL(frag.url, siteRoot).href + "#" + encodeURIComponent(section[1]);
      to.textContent = section[2];
    }
  }
  li.setAttribute("data-doc", String(doc));
  return li;
}

async function showMore(seq, focusFirst) {
  const page = state.items.slice(state.shown, state.shown + PAGE_SIZE);
  const loaded = await Promise.all(page.map((it) => index.fragment(state.meta, it.doc).catch(() => null)));
  if (seq !== state.seq) return;
  const items = [];
  loaded.forEach((frag, i) => {
    if (!frag) return;
    const { doc, near } = page[i];
    const li = renderItem(doc, frag, near ? state.nearTokens : state.tokens);
    (near && nearList ? nearList : list).append(li);
    items.push(li);
  });
  state.shown += page.length;
  if (more) more.hidden = state.shown >= state.items.length;
  if (focusFirst && items.length) items[0].querySelector("a").focus();
}

function filters() {
  const f = { section: sectionSelect ? sectionSelect.value : "", year: yearSelect ? yearSelect.value : "" };
  for (const select of facetSelects) f[select.dataset.facet] = select.value;
  return f;
}

// Whether `doc` carries every chosen facet value (but `except`'s).
function hasFacets(doc, f, except = "") {
  for (const select of facetSelects) {
    const key = select.dataset.facet;
    if (key === except || !f[key]) continue;
    const docs = state.facets && state.facets.get(key) && state.facets.get(key).get(f[key]);
    if (!docs || !docs.has(doc)) return false;
  }
  return true;
}

// Loads the facets' lists (only now: a plain query needs none).
async function openFacets() {
  if (!state.facets && state.meta) state.facets = await index.facets(state.meta);
  if (facetBox) facetBox.hidden = false;
  if (facetButton) facetButton.setAttribute("aria-expanded", "true");
}

// The status line: what the filters keep, found exactly, nearly, or for some of the words.
function summary(q, shown) {
  const n = shown.hits.length + shown.near.length;
  if (!q) return "";
  if (shown.hits.length) return say("found", { n, q });
  if (shown.near.length) return say(shown.mode === "some" ? "someWordsStatus" : "nearStatus", { n, q: shown.nearText });
  return say("none", { q });
}

function showNearHeading(shown) {
  if (!nearHeading || !nearList) return;
  const visible = shown.near.length > 0;
  nearHeading.hidden = !visible;
  nearList.hidden = !visible;
  nearHeading.textContent = visible ? say(shown.mode === "some" ? "someWords" : "near", { q: shown.nearText }) : "";
}

const EMPTY = { hits: [], near: [], tokens: [], nearTokens: [], mode: "", nearText: "" };

async function search(query) {
  const seq = ++state.seq;
  try {
    const result = query.trim() ? await index.search(query) : EMPTY;
    if (seq !== state.seq) return;
    state.result = result;
    state.query = query.trim();
    state.meta = result.meta || state.meta;
    await render(seq);
  } catch {
    if (seq === state.seq) statusBox.textContent = say("failed");
  }
}

// Shows the last answer through the filters and the order chosen; no new search.
async function render(seq) {
  const result = state.result || EMPTY;
  const m = state.meta;
  const f = filters();
  const keep = (docs) => (m ? docs.filter((d) => passes(m, d, f) && hasFacets(d, f)) : docs);
  let hits = keep(result.hits);
  let near = keep(result.near);
  if (m && sortSelect && sortSelect.value === "newest" && hits.length + near.length) {
    const days = await index.dates(m);
    if (seq !== state.seq) return;
    hits = newestFirst(hits, days);
    near = newestFirst(near, days);
  }
  const items = hits.map((doc) => ({ doc, near: false })).concat(near.map((doc) => ({ doc, near: true })));
  Object.assign(state, { items, tokens: result.tokens, nearTokens: result.nearTokens || [], shown: 0 });
  if (m) fillFilters(m, result.hits.concat(result.near), f);
  list.textContent = "";
  if (nearList) nearList.textContent = "";
  const shown = { ...result, hits, near };
  showNearHeading(shown);
  await showMore(seq, false);
  if (seq === state.seq) statusBox.textContent = summary(state.query, shown);
}

function remember() {
  const sort = sortSelect ? sortSelect.value : "";
  const given = Object.entries({ q: input.value.trim(), ...filters(), sort }).filter(([, v]) => v);
  const qs = new URLSearchParams(given).toString();
  history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
}

function option(select, value, label) {
  const o = element("option", "", select);
  o.value = value;
  o.textContent = label;
}

// Each option with its count for the current query; options counting none are left
// out (the chosen one stays, so the choice is never lost).
function fillOptions(select, entries, chosen) {
  while (select.options.length > 1) select.remove(1);
  for (const [value, label, n] of entries) {
    if (n > 0 || value === chosen || !state.query) option(select, value, state.query ? say("optionCount", { label, n }) : label);
  }
  select.value = chosen;
}

function fillFilters(m, docs, f) {
  if (!sectionSelect || !yearSelect) return;
  const counts = facetCounts(m, docs.filter((d) => hasFacets(d, f)), f);
  if (state.facets) {
    for (const select of facetSelects) {
      const key = select.dataset.facet;
      const kept = docs.filter((d) => passes(m, d, f) && hasFacets(d, f, key));
      const values = Array.from(state.facets.get(key) || [], ([label, set]) => [label, label, kept.filter((d) => set.has(d)).length]);
      fillOptions(select, values, f[key] || "");
      // A filter the portal has no values for (no documents, no index) is not offered.
      const label = form.querySelector(`label[for="${select.id}"]`);
      select.hidden = values.length === 0;
      if (label) label.hidden = select.hidden;
    }
  }
  const years = new Set();
  for (const s of m.sections) for (const y of s.years) years.add(String(y[0]));
  fillOptions(sectionSelect, m.sections.map((s) => [s.key, s.label, counts.sections.get(s.key) || 0]), f.section);
  const sorted = Array.from(years).sort((a, b) => b - a);
  fillOptions(yearSelect, sorted.map((y) => [y, y, counts.years.get(y) || 0]), f.year);
  const box = form.querySelector(".search-filters");
  if (box) box.hidden = false;
}

function start() {
  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      remember();
      search(whileTyping(input.value));
    }, DEBOUNCE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    remember();
    search(input.value);
  });
  if (facetButton) facetButton.addEventListener("click", () => openFacets().then(() => render(++state.seq)).catch(() => {
    statusBox.textContent = say("failed");
  }));
  for (const select of [sectionSelect, yearSelect, sortSelect, ...facetSelects]) {
    if (select) select.addEventListener("change", () => {
      remember();
      render(++state.seq);
    });
  }
  if (more) more.addEventListener("click", () => showMore(state.seq, true));

  const params = new URLSearchParams(location.search);
  const initial = params.get("q") || "";
  input.value = initial;
  if (sortSelect) sortSelect.value = params.get("sort") === "newest" ? "newest" : "";
  index
    .meta()
    .then((m) => {
      state.meta = m;
      const chosen = { section: params.get("section") || "", year: params.get("year") || "" };
      const wanted = facetSelects.filter((select) => params.get(select.dataset.facet));
      for (const select of wanted) chosen[select.dataset.facet] = params.get(select.dataset.facet);
      return (wanted.length ? openFacets() : Promise.resolve()).then(() => {
        fillFilters(m, [], chosen);
        if (initial.trim()) search(initial);
      });
    })
    .catch(() => {
      statusBox.textContent = say("failed");
    });
}

if (form && input && statusBox && list) start();
