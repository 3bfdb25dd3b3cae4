// The golden search cases (tests/search/golden.json) against the browser's own
// code: search-core.js, imported as the search page imports it, reading the index
// the binary builds from the golden corpus. tests/it/search_golden.rs holds the
// Rust twin to the same file. Runs in Node; no browser is started.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { golden, indexAt, shown } from "./golden.mjs";
import { buildFixture } from "./lib.mjs";
import { fold, parseQuery } from "../../themes/default/static/search-core.js";

let index;
let routes = [];

before(async () => {
  index = indexAt(join(buildFixture(golden.corpus), "search"));
  const meta = await index.meta();
  const docs = Array.from({ length: meta.docs }, (_, doc) => index.fragment(meta, doc));
  routes = (await Promise.all(docs)).map((fragment) => fragment.url);
});

test("the golden file has cases and folds, and names only documents of its corpus", () => {
  assert.ok(golden.cases.length > 0, "no cases");
  assert.ok(golden.folds.length > 0, "no folds");
  assert.ok(routes.length > 0, "empty corpus");
  const missing = golden.cases.flatMap((c) => c.results).filter((route) => !routes.includes(route));
  assert.deepEqual(missing, [], "documents the corpus lacks");
});

for (const c of golden.cases) {
  test(`golden case: ${c.about} (${shown(c.query)})`, async () => {
    const tokens = parseQuery(c.query).map(({ exact, folded, prefix, marked }) => ({ exact, folded, prefix, marked }));
    assert.deepEqual(tokens, c.tokens);
    const { hits, near, mode, nearText } = await index.search(c.query);
    assert.deepEqual(hits.map((doc) => routes[doc]), c.results);
    if (c.near) {
      assert.deepEqual({ near: near.map((doc) => routes[doc]), mode, near_text: nearText },
        { near: c.near, mode: c.mode, near_text: c.near_text });
    }
  });
}

test("every golden fold is the key fold() gives, as fold_term does", () => {
  const wrong = golden.folds.filter((f) => fold(f.exact) !== f.folded);
  assert.deepEqual(wrong.map((f) => [f.exact, fold(f.exact)]), []);
});
