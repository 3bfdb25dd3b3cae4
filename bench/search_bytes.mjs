// Bytes a search downloads, minhbach's index against Pagefind's, in headless Chromium.
// Usage (from the repository root, after `cd tests/browser && npm install`):
//   minhbach build --root SITE --base-url /            (the site's public/)
//   npx pagefind --site SITE/public                     (Pagefind 1.x, in a scratch dir)
//   node bench/search_bytes.mjs SITE/public "cai cach" "kiem tra dot xuat" ...
// Each query runs in a fresh browser context (empty cache) and shows 10 results:
// minhbach through /search/?q=..., Pagefind through its JS API (pagefind.js, then
// `data()` of the first 10 results), the lightest way to use it. Counted: every
// response but the page itself and the theme's CSS and site.js, which every page
// loads. "gzip" is what a server that compresses sends: files already gzipped
// (Pagefind's .pf_* and wasm) count as they are, and so do byte ranges (minhbach's
// fragment packs), which hosts send uncompressed.
// With TYPING=1 the query is typed a key every 250 ms instead (a slow typist:
// every prefix is searched); Pagefind then searches every prefix and loads the
// data of its first 10 results, as a search-as-you-type box does.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { serve, launch } from "../tests/browser/lib.mjs";

const [publicDir, ...queries] = process.argv.slice(2);
if (!publicDir || !queries.length) {
  console.error("usage: node bench/search_bytes.mjs PUBLIC_DIR QUERY...");
  process.exit(2);
}

const probe = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>probe</title></head><body>
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
const params = new URLSearchParams(location.search);
const q = params.get("q");
const chars = Array.from(q);
const steps = params.get("typing") ? chars.map((_, i) => chars.slice(0, i + 1).join("")) : [q];
let search = null;
for (const step of steps) {
  search = await pagefind.search(step);
  await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
}
window.found = search.results.length;
document.title = "done";
</script></body></html>`;
writeFileSync(join(publicDir, "pagefind-probe.html"), probe);

const server = await serve(publicDir, "/");
const browser = await launch();
const ignored = [/\/search\/(\?|$)/, /pagefind-probe\.html/, /style\.css/, /site\.js/];

async function measure(path, ready) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const files = [];
  page.on("response", async (response) => {
    const url = response.url();
    if (ignored.some((re) => re.test(url))) return;
    try {
      const body = await response.body();
      // Hosts do not compress a range (206): it counts as sent.
      const sent = isGzip(body) || response.status() === 206;
      files.push({ url, bytes: body.length, gzip: sent ? body.length : gzipSync(body).length });
    } catch {
      // A response without a body (redirect) downloads nothing to count.
    }
  });
  await page.goto(server.url + path.replace(/^\//, ""));
  const found = await ready(page);
  await page.waitForLoadState("networkidle");
  await context.close();
  return { found, files };
}

function isGzip(body) {
  return body.length > 2 && body[0] === 0x1f && body[1] === 0x8b;
}

const typing = Boolean(process.env.TYPING);

const ours = (q) =>
  measure(typing ? "/search/" : `/search/?q=${encodeURIComponent(q)}`, async (page) => {
    if (typing) await page.locator("#search-input").pressSequentially(q, { delay: 250 });
    // A near answer names the query as it read it ("kiểm tra" for "kieemr tra").
    await page.waitForFunction(
      () => document.getElementById("search-status").textContent.includes("”"),
      null,
      { timeout: 120000 },
    );
    // The count stands before the quoted query, which may hold digits itself ("1.001002").
    const said = (await page.textContent("#search-status")).split("“")[0];
    return Number((said.match(/\d[\d.,]*/)?.[0] ?? "0").replace(/[.,]/g, ""));
  });

const pagefind = (q) =>
  measure(`/pagefind-probe.html?q=${encodeURIComponent(q)}${typing ? "&typing=1" : ""}`, async (page) => {
    await page.waitForFunction(() => document.title.startsWith("done"), null, { timeout: 120000 });
    return page.evaluate(() => window.found);
  });

const sum = (files, key) => files.reduce((n, f) => n + f[key], 0);
const kb = (n) => (n / 1024).toFixed(1);

// Index requests: minhbach's files under search/ but its fragment packs (which depend
// on the results shown) and its code: what the query itself costs to look up.
const indexRequests = (files) =>
  files.filter((f) => /\/search\/(?!docs\/)[^?]+\.(json|bin)/.test(new URL(f.url).pathname)).length;
// Without a pagefind/ folder in the site, minhbach alone is measured.
const engines = [["minhbach", ours]];
if (existsSync(join(publicDir, "pagefind"))) engines.push(["Pagefind", pagefind]);

console.log("| query | engine | results | requests | index requests | KiB as stored | KiB gzip |");
console.log("|---|---|---:|---:|---:|---:|---:|");
for (const q of queries) {
  for (const [name, run] of engines) {
    const { found, files } = await run(q);
    const lookups = name === "minhbach" ? indexRequests(files) : "";
    console.log(`| ${q} | ${name} | ${found} | ${files.length} | ${lookups} | ${kb(sum(files, "bytes"))} | ${kb(sum(files, "gzip"))} |`);
    if (process.env.VERBOSE) {
      for (const f of files) console.log(`|  | ${new URL(f.url).pathname} |  |  | ${kb(f.bytes)} | ${kb(f.gzip)} |`);
    }
  }
}
await browser.close();
await server.close();
