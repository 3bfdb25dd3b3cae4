// Search in headless Chromium against built sites served on 127.0.0.1:
// folding (typed without marks, NFD source), exact-mark ranking, prefixes,
// queries in the URL, filters, escaping, and a site published under a sub-path.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { golden, shown } from "./golden.mjs";
import { binary, buildFixture, serve, launch } from "./lib.mjs";

let browser;
const servers = [];

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
});

async function site(name, baseUrl = "/", prefix = baseUrl) {
  const server = await serve(buildFixture(name, { baseUrl }), prefix);
  servers.push(server);
  return server;
}

/** Opens the search page; records every request so a test can check none leaves the site. */
async function open(server, query = "", path = "search/") {
  const page = await browser.newPage();
  const requested = [];
  page.on("request", (r) => requested.push(r.url()));
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(server.url + path + query);
  return { page, requested, errors };
}

/** Types like a person and waits until the status announces the results for `text`. */
async function type(page, text) {
  const box = page.locator("#search-input");
  await box.fill("");
  await box.pressSequentially(text, { delay: 15 });
  await settled(page, text);
}

async function settled(page, text) {
  await page.waitForFunction(
    (q) => document.getElementById("search-status").textContent.includes("“" + q.trim() + "”"),
    text,
  );
}

async function results(page) {
  return page.$$eval("#search-results > li", (items) =>
    items.map((li) => ({
      title: li.querySelector("a").textContent,
      href: li.querySelector("a").getAttribute("href"),
      meta: li.querySelector(".search-result-meta").textContent,
      marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
      excerpt: li.querySelector(".search-result-excerpt")?.textContent ?? "",
      elements: [...li.querySelectorAll("a *, .search-result-excerpt *")].map((e) => e.localName),
    })),
  );
}

const status = (page) => page.textContent("#search-status");

const KIEM_TRA = "Kiểm tra đột xuất tại UBND xã Tân Hội";
const DOT_ROM = "Đốt rơm rạ xuất hiện nhiều khói trên quốc lộ";
const CAI_CACH = "Cải cách thủ tục hành chính ở cấp xã";

test("typing 'cai cach' finds the text written with marks and highlights it", async () => {
  const server = await site("search-vietnamese");
  const { page, requested, errors } = await open(server);
  await type(page, "cai cach");
  const found = await results(page);
  assert.deepEqual(found.map((r) => r.title), [CAI_CACH]);
  assert.ok(found[0].marks.includes("Cải") && found[0].marks.includes("cách"), found[0].marks.join("|"));
  assert.match(found[0].excerpt, /cải cách thủ tục/);
  assert.match(found[0].meta, /Tin tức · 20\/11\/2023/);
  assert.equal(found[0].href, server.url + "news/cai-cach-thu-tuc/");
  assert.match(await status(page), /Tìm thấy 1 kết quả cho “cai cach”/);
  assert.ok(requested.every((u) => u.startsWith(server.url)), requested.join("\n"));
  assert.deepEqual(errors, []);
  await page.close();
});

test("'dot xuat' finds a page whose Markdown is decomposed (NFD)", async () => {
  const server = await site("search-vietnamese");
  const { page } = await open(server);
  await type(page, "dot xuat");
  const titles = (await results(page)).map((r) => r.title);
  assert.ok(titles.includes(KIEM_TRA), titles.join("\n"));
  assert.ok(titles.includes(DOT_ROM), titles.join("\n"));
  await page.close();
});

test("'đột xuất' typed with marks ranks the exact spelling first", async () => {
  const server = await site("search-vietnamese");
  const { page } = await open(server);
  await type(page, "đột xuất");
  assert.deepEqual((await results(page)).map((r) => r.title), [KIEM_TRA, DOT_ROM]);
  await type(page, "đốt");
  assert.deepEqual((await results(page)).map((r) => r.title), [DOT_ROM, KIEM_TRA]);
  await page.close();
});

test("a nonsense word says there are no results", async () => {
  const server = await site("search-vietnamese");
  const { page } = await open(server);
  await type(page, "xyzzyq");
  assert.equal((await results(page)).length, 0);
  assert.match(await status(page), /Không tìm thấy kết quả nào cho “xyzzyq”/);
  await page.close();
});

test("a prefix finds the word being typed", async () => {
  const server = await site("search-vietnamese");
  const { page } = await open(server);
  await type(page, "kiem tr");
  const found = await results(page);
  assert.equal(found[0].title, KIEM_TRA);
  assert.ok(found[0].marks.includes("tra"), found[0].marks.join("|"));
  await page.close();
});

test("a lone first letter of the next word keeps the results on screen", async () => {
  const server = await site("search-vietnamese");
  const { page } = await open(server);
  await page.locator("#search-input").pressSequentially("kiem t", { delay: 15 });
  await settled(page, "kiem");
  assert.ok((await results(page)).some((r) => r.title === KIEM_TRA));
  await page.close();
});

test("a short prefix loads the shards of its commonest words, not its whole range", async () => {
  // 1,500 items, each with a word of its own starting with "tu": their postings fill many shards.
  const root = mkdtempSync(join(tmpdir(), "minhbach-search-many-"));
  writeFileSync(join(root, "site.yaml"), 'title: "Nhiều bài"\nbase_url: "https://x.example.vn/"\n');
  mkdirSync(join(root, "content", "news"), { recursive: true });
  for (let i = 0; i < 1500; i++) {
    const day = String((i % 28) + 1).padStart(2, "0");
    writeFileSync(join(root, "content", "news", `2020-01-${day}-bai-${i}.md`),
      `---\ntitle: "Bài ${i}"\ndate: 2020-01-${day}\nslug: "bai-${i}"\n---\n\nTừ${i} và tư liệu số ${i}.\n`);
  }
  const run = spawnSync(binary, ["build", "--root", root, "--base-url", "/"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const server = await serve(join(root, "public"), "/");
  servers.push(server);
  const { page, requested } = await open(server);
  await type(page, "tu");
  assert.ok((await results(page)).length > 0);
  const meta = await (await fetch(server.url + "search/meta.json")).json();
  const shards = requested.filter((u) => u.includes("/search/shards/"));
  assert.ok(meta.prefixes && requested.some((u) => u.includes("/search/prefixes.json")));
  const first = meta.shards.findLastIndex((sep) => sep <= "tu");
  const range = meta.shards.slice(first).filter((sep, i) => i === 0 || sep.startsWith("tu")).length;
  assert.ok(range >= 5, `the words starting with "tu" span ${range} shards`);
  assert.ok(shards.length <= 3, shards.join("\n"));
  await page.close();
});

test("results read their fragments from packs by byte range, and whole packs where a host ignores ranges", async () => {
  const root = buildFixture("search-vietnamese", { baseUrl: "/" });
  const shownWith = async (ranges) => {
    const server = await serve(root, "/", { ranges });
    servers.push(server);
    const { page, errors } = await open(server);
    const packs = [];
    page.on("response", (r) => {
      if (r.url().includes("/search/docs/")) packs.push({ url: r.url(), status: r.status(), range: r.request().headers().range });
    });
    await type(page, "cai cach");
    const found = (await results(page)).map((r) => r.title);
    await page.close();
    assert.deepEqual(errors, []);
    return { found, packs };
  };
  const ranged = await shownWith(true);
  const whole = await shownWith(false);
  assert.ok(ranged.found.includes(CAI_CACH), ranged.found.join("\n"));
  assert.deepEqual(whole.found, ranged.found);
  // A head, then a fragment: every request a range answered as one.
  assert.ok(ranged.packs.length >= 2, JSON.stringify(ranged.packs));
  assert.ok(ranged.packs.every((p) => p.range && p.status === 206), JSON.stringify(ranged.packs));
  // Without ranges each pack comes once, whole, and every fragment is read from it.
  const urls = whole.packs.map((p) => p.url);
  assert.ok(whole.packs.every((p) => p.status === 200), JSON.stringify(whole.packs));
  assert.deepEqual(urls, [...new Set(urls)]);
});

test("a browser without DecompressionStream still lists the results, without excerpts", async () => {
  const server = await site("search-vietnamese");
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.addInitScript(() => { delete window.DecompressionStream; });
  await page.goto(server.url + "search/?q=cai+cach");
  await settled(page, "cai cach");
  assert.equal(await page.evaluate(() => typeof DecompressionStream), "undefined");
  const found = await results(page);
  assert.deepEqual(found.map((r) => r.title), [CAI_CACH]);
  assert.deepEqual(found.map((r) => r.excerpt), [""]);
  assert.match(found[0].meta, /\d/, "the date is in the head line");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a query in the URL runs on load, with its filters", async () => {
  const server = await site("search-vietnamese");
  const { page } = await open(server, "?q=cai+cach");
  await settled(page, "cai cach");
  assert.equal(await page.inputValue("#search-input"), "cai cach");
  assert.deepEqual((await results(page)).map((r) => r.title), [CAI_CACH]);

  const filtered = await open(server, "?q=mot+cua&section=pages");
  await settled(filtered.page, "mot cua");
  assert.equal(await filtered.page.inputValue("#search-section"), "pages");
  const titles = (await results(filtered.page)).map((r) => r.title);
  assert.equal(titles.length, 1, titles.join("\n"));
  assert.match(titles[0], /^Hỏi đáp/);
  await page.close();
  await filtered.page.close();
});

test("Enter searches and puts the query in the address", async () => {
  const server = await site("search-vietnamese");
  const { page } = await open(server);
  await page.fill("#search-input", "43/2011/ND-CP");
  await page.press("#search-input", "Enter");
  await settled(page, "43/2011/ND-CP");
  assert.deepEqual((await results(page)).map((r) => r.title), [KIEM_TRA]);
  assert.equal(new URL(page.url()).searchParams.get("q"), "43/2011/ND-CP");
  await page.close();
});

test("index text is shown as text, never as HTML", async () => {
  const server = await site("search-vietnamese");
  const { page, errors } = await open(server);
  await type(page, "hoi dap");
  const found = await results(page);
  assert.equal(found.length, 1);
  assert.match(found[0].title, /<em>một cửa<\/em> & <img src=x onerror=alert\(1\)>/);
  assert.deepEqual(found[0].elements.filter((e) => e !== "mark"), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("works for a site published under a sub-path", async () => {
  const server = await site("search-vietnamese", "/cong/");
  assert.ok(server.url.endsWith("/cong/"));
  const { page, requested } = await open(server, "?q=dot+xuat");
  await settled(page, "dot xuat");
  const found = await results(page);
  assert.equal(found.length, 2);
  assert.ok(found.every((r) => r.href.startsWith(server.url)), found.map((r) => r.href).join("\n"));
  const index = requested.filter((u) => u.includes("/search/") && !u.includes("?q="));
  assert.ok(index.some((u) => u.includes("/cong/search/meta.json")), index.join("\n"));
  assert.ok(requested.every((u) => u.startsWith(server.url)), requested.join("\n"));
  await page.close();
});

test("the page lists every golden case's documents in the golden order", async () => {
  const server = await site(golden.corpus);
  const { page, errors } = await open(server);
  const cases = golden.cases.filter((c) => c.query.trim());
  assert.ok(cases.length > 0);
  for (const c of cases) {
    await page.$eval("#search-status", (box) => { box.textContent = ""; });
    await page.fill("#search-input", c.query);
    await page.press("#search-input", "Enter");
    // A near answer names the query as it read it, not as typed.
    await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
    const hrefs = (await results(page)).map((r) => r.href);
    assert.deepEqual(hrefs, c.results.slice(0, 10).map((route) => server.url + route), shown(c.query));
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("without JavaScript the page says plainly that search needs it", async () => {
  const server = await site("search-vietnamese");
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + "search/?q=cai+cach");
  const notice = page.locator("main .notice");
  assert.ok(await notice.isVisible());
  assert.match(await notice.textContent(), /cần bật JavaScript/);
  assert.equal(await page.locator(".search-filters").isVisible(), false);
  await context.close();
});

test("demo portal: 'cai cach', 'kiem tra' and nonsense", async () => {
  const server = await site("demo");
  const { page } = await open(server, "?q=cai+cach&section=news");
  await settled(page, "cai cach");
  const news = await results(page);
  assert.equal(news.length, 5, news.map((r) => r.title).join("\n"));
  assert.ok(news.every((r) => r.meta.startsWith("Tin tức")));

  await page.selectOption("#search-section", "");
  await page.waitForFunction(() => document.querySelectorAll("#search-results > li").length > 5);
  const all = await results(page);
  for (const item of news) {
    assert.ok(all.some((r) => r.title === item.title), `${item.title} missing from all sections`);
  }

  // Among the news (documents and index years also say "kiểm tra" and may
  // rank above a report in the first screen of all sections).
  await page.close();
  const inNews = await open(server, "?q=kiem+tra&section=news");
  await settled(inNews.page, "kiem tra");
  const reports = (await results(inNews.page)).filter((r) => r.meta.includes("Kiểm tra: "));
  assert.equal(reports.length, 3, reports.map((r) => r.title).join("\n"));

  await type(inNews.page, "xyzzyq");
  assert.equal((await results(inNews.page)).length, 0);
  await inNews.page.close();
});

test("each language's search page searches its own index, in its own words", async () => {
  const server = await site("demo");
  const en = await open(server, "?q=administrative+reform", "en/search/");
  await settled(en.page, "administrative reform");
  const english = await results(en.page);
  assert.ok(english.some((r) => r.title === "Heads of agencies to play a stronger role in administrative reform"),
    english.map((r) => r.title).join("\n"));
  assert.ok(english.every((r) => r.href.startsWith(server.url + "en/")), english.map((r) => r.href).join("\n"));
  assert.match(await status(en.page), /^Found \d+ results? for “administrative reform”\.$/);
  assert.ok(en.requested.some((u) => u.includes("/en/search/meta.json")), en.requested.join("\n"));
  assert.ok(!en.requested.some((u) => new URL(u).pathname.startsWith("/search/")), en.requested.join("\n"));
  await en.page.close();

  const vi = await open(server, "?q=gioi+thieu");
  await settled(vi.page, "gioi thieu");
  const vietnamese = await results(vi.page);
  assert.ok(vietnamese.some((r) => r.href === server.url + "pages/gioi-thieu/"), vietnamese.map((r) => r.href).join("\n"));
  assert.ok(vietnamese.every((r) => !r.href.startsWith(server.url + "en/")));
  assert.match(await status(vi.page), /^Tìm thấy \d+ kết quả cho “gioi thieu”\.$/);
  await type(vi.page, "administrative reform");
  assert.equal((await results(vi.page)).length, 0);
  assert.match(await status(vi.page), /^Không tìm thấy kết quả nào cho “administrative reform”\.$/);
  await vi.page.close();
});
