// The search page over search-core.js; index text reaches it only as text.
import { excerptWindow, findMatches, openIndex, whileTyping } from "./search-core.js";

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
const state = { seq: 0, items: [], shown: 0, tokens: [], nearTokens: [], meta: null };

// The page names its language's index and root, and its words (t() in the template).
const words = form ? form.dataset : {};
const indexRoot = new URL(words.index || "search/", location.href);
const siteRoot = new URL(words.root || ".", location.href);

// "{n} kết quả cho “{q}”": holes filled as text, never as HTML.
function say(key, values = {}) {
  const count = values.n === 1 && words[key + "One"] ? key + "One" : key;
  return (words[count] || "").replace(/\{(\w+)\}/g, (hole, name) => (name in values ? String(values[name]) : hole));
}

function load(path, kind, version) {
  const url = new URL(version ? `${path}?v=${encodeURIComponent(version)}` : path, indexRoot);
  return fetch(url, { cache: kind === "meta" ? "no-cache" : "default" }).then((r) => {
    if (!r.ok) throw new Error(`${r.status} ${url}`);
    return kind === "bytes" ? r.arrayBuffer().then((b) => new Uint8Array(b)) : r.json();
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

function excerpt(parent, text, tokens) {
  const matches = findMatches(text, tokens);
  const { start, end } = excerptWindow(text, matches);
  if (start > 0) parent.append("… ");
  appendMarked(parent, text, matches, start, end);
  if (end < text.length) parent.append(" …");
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
  if (frag.text) excerpt(element("p", "search-result-excerpt", li), frag.text, tokens);
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
  return { section: sectionSelect ? sectionSelect.value : "", year: yearSelect ? yearSelect.value : "" };
}

// The status line: what was found, exactly, nearly, or for some of the words.
function summary(q, result) {
  const n = result.hits.length + result.near.length;
  if (!q) return "";
  if (result.hits.length) return say("found", { n, q });
  if (result.near.length) return say(result.mode === "some" ? "someWordsStatus" : "nearStatus", { n, q: result.nearText });
  return say("none", { q });
}

function showNearHeading(result) {
  if (!nearHeading || !nearList) return;
  const shown = result.near.length > 0;
  nearHeading.hidden = !shown;
  nearList.hidden = !shown;
  nearHeading.textContent = shown ? say(result.mode === "some" ? "someWords" : "near", { q: result.nearText }) : "";
}

const EMPTY = { hits: [], near: [], tokens: [], nearTokens: [], mode: "" };

async function search(query) {
  const seq = ++state.seq;
  const q = query.trim();
  try {
    const result = q ? await index.search(query, filters()) : EMPTY;
    if (seq !== state.seq) return;
    const items = result.hits.map((doc) => ({ doc, near: false })).concat(result.near.map((doc) => ({ doc, near: true })));
    Object.assign(state, { items, tokens: result.tokens, nearTokens: result.nearTokens || [], shown: 0 });
    state.meta = result.meta || state.meta;
    list.textContent = "";
    if (nearList) nearList.textContent = "";
    showNearHeading(result);
    await showMore(seq, false);
    if (seq === state.seq) statusBox.textContent = summary(q, result);
  } catch {
    if (seq === state.seq) statusBox.textContent = say("failed");
  }
}

function remember() {
  const given = Object.entries({ q: input.value.trim(), ...filters() }).filter(([, v]) => v);
  const qs = new URLSearchParams(given).toString();
  history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
}

function option(select, value, label) {
  const o = element("option", "", select);
  o.value = value;
  o.textContent = label;
}

function fillFilters(m, params) {
  if (!sectionSelect || !yearSelect) return;
  const years = new Set();
  for (const s of m.sections) {
    option(sectionSelect, s.key, s.label);
    for (const y of s.years) years.add(y[0]);
  }
  for (const y of Array.from(years).sort((a, b) => b - a)) option(yearSelect, String(y), String(y));
  sectionSelect.value = params.get("section") || "";
  yearSelect.value = params.get("year") || "";
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
  for (const select of [sectionSelect, yearSelect]) {
    if (select) select.addEventListener("change", () => {
      remember();
      search(input.value);
    });
  }
  if (more) more.addEventListener("click", () => showMore(state.seq, true));

  const params = new URLSearchParams(location.search);
  const initial = params.get("q") || "";
  input.value = initial;
  index
    .meta()
    .then((m) => {
      state.meta = m;
      fillFilters(m, params);
      if (initial.trim()) search(initial);
    })
    .catch(() => {
      statusBox.textContent = say("failed");
    });
}

if (form && input && statusBox && list) start();
