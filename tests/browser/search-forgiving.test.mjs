// Forgiving search on the demo portal in headless Chromium: Telex and VNI left on,
// a swap and an extra letter find the inspection articles under the near-match
// label; nonsense finds nothing; no page with every word shows those with most of
// them under its own label; filters with counts, the order, the URL; quoted
// phrases; axe stays clean with results, filters and the label shown.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { axeViolations, binary, buildFixture, serve, launch } from "./lib.mjs";


let browser;
let server;

before(async () => {
  browser = await launch();
  server = await serve(buildFixture("demo", { baseUrl: "/" }), "/");
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens /search/?q=… and waits until the status line has been written. */
async function searchFor(query) {
  const page = await browser.newPage();
  await page.goto(server.url + "search/?q=" + encodeURIComponent(query));
  await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
  const lists = await page.evaluate(() => {
    const titles = (id) => [...document.querySelectorAll(`#${id} > li a`)].map((a) => a.textContent);
    const heading = document.getElementById("search-near-heading");
    return { exact: titles("search-results"), near: titles("search-near"), label: heading.hidden ? "" : heading.textContent };
  });
  return { page, ...lists, status: await page.textContent("#search-status") };
}

const INSPECTIONS = [
  "Kiểm tra công tác cải cách hành chính tại Văn phòng UBND tỉnh Bà Rịa – Vũng Tàu",
];

for (const [query, reading] of [
  ["kieemr tra", "kiểm tra"],
  ["kie63m tra", "kiểm tra"],
  ["kiem tar", "kiem tra"],
  ["cari cach", "cải cach"],
  ["cai cachh", "cai cách"],
]) {
  test(`'${query}' finds the inspection articles under the near-match label`, async () => {
    const { page, exact, near, label, status } = await searchFor(query);
    assert.deepEqual(exact, [], "no exact match");
    assert.equal(label, `Kết quả gần đúng cho “${reading}”`);
    const inspections = near.filter((t) => /kiểm tra/i.test(t));
    assert.ok(inspections.length >= 2, near.join("\n"));
    if (query.startsWith("kie")) assert.ok(near.includes(INSPECTIONS[0]), near.join("\n"));
    assert.match(status, new RegExp(`gần đúng cho “${reading}”`));
    await page.close();
  });
}

test("nonsense finds nothing, near or not", async () => {
  const { page, exact, near, label, status } = await searchFor("sdafadsfasdf");
  assert.deepEqual([exact, near, label], [[], [], ""]);
  assert.equal(status, "Không tìm thấy kết quả nào cho “sdafadsfasdf”.");
  await page.close();
});

test("no page with every word: the pages with most of them, under their own label", async () => {
  const { page, exact, near, label } = await searchFor("một cửa sdafadsfasdf");
  assert.deepEqual(exact, []);
  assert.ok(near.length > 0);
  assert.equal(label, "Không trang nào có đủ mọi từ của “một cửa sdafadsfasdf”; các trang có nhiều từ nhất");
  await page.close();
});

test("axe finds no violation on the search page with results and the near-match label", async () => {
  const { page, near, label } = await searchFor("kieemr tra");
  assert.ok(near.length > 0 && label);
  const violations = (await axeViolations(page)).map((v) => v.text);
  assert.deepEqual(violations, []);
  await page.close();
});

/** The options of a filter as [value, label], after the status has been written. */
async function options(page, id) {
  return page.$$eval(`#${id} option`, (os) => os.map((o) => [o.value, o.textContent]));
}

const countIn = (label) => Number((label.match(/\((\d+)\)$/) || [])[1]);
const foundIn = async (page) => Number(((await page.textContent("#search-status")).match(/(\d+) kết quả/) || [])[1]);

test("each filter option shows its count, the count is what choosing it finds, and the URL keeps it all", async () => {
  const { page } = await searchFor("cai cach");
  const meta = await (await fetch(server.url + "search/meta.json")).json();
  const total = await foundIn(page);
  const sections = (await options(page, "search-section")).slice(1);
  assert.ok(sections.length >= 2, JSON.stringify(sections));
  assert.equal(sections.reduce((n, [, label]) => n + countIn(label), 0), total, "sections split the results");
  assert.ok(sections.every(([, l]) => countIn(l) > 0), "an option counting zero is left out");
  assert.equal(sections.length, meta.sections.length);
  const few = await searchFor("mot cua");
  const shownSections = (await options(few.page, "search-section")).map(([v]) => v);
  // Records of one-stop documents (93/2007/QĐ-TTg) and an index year's note ("một cách
  // … của") have both words too; no page of the pages section has.
  assert.deepEqual(shownSections, ["", "news", "inspections", "procedures", "documents", "indices"], "no page of the pages section has both words");
  await few.page.close();
  for (const [value, label] of sections) {
    await page.$eval("#search-status", (box) => { box.textContent = ""; });
    await page.selectOption("#search-section", value);
    await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
    assert.equal(await foundIn(page), countIn(label), `${label}`);
  }
  const [value, label] = sections.find(([v]) => v === "news") || sections[0];
  await page.selectOption("#search-section", value);
  const years = (await options(page, "search-year")).slice(1);
  const [year, yearLabel] = years[0];
  await page.selectOption("#search-year", year);
  await page.selectOption("#search-sort", "newest");
  await page.waitForFunction(() => location.search.includes("sort=newest"));
  const params = new URL(page.url()).searchParams;
  assert.deepEqual([params.get("q"), params.get("section"), params.get("year"), params.get("sort")], ["cai cach", value, year, "newest"]);
  const titles = await page.$$eval("#search-results > li a", (as) => as.map((a) => a.textContent));
  assert.equal(titles.length, Math.min(10, countIn(yearLabel)), label);

  const again = await browser.newPage();
  await again.goto(page.url());
  await again.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
  assert.equal(await again.inputValue("#search-input"), "cai cach");
  assert.equal(await again.inputValue("#search-section"), value);
  assert.equal(await again.inputValue("#search-year"), year);
  assert.equal(await again.inputValue("#search-sort"), "newest");
  assert.deepEqual(await again.$$eval("#search-results > li a", (as) => as.map((a) => a.textContent)), titles);
  await again.close();
  await page.close();
});

test("newest first orders the results by their dates", async () => {
  const { page } = await searchFor("cai cach");
  await page.selectOption("#search-sort", "newest");
  await page.waitForFunction(() => location.search.includes("sort=newest"));
  await page.waitForFunction(() => document.querySelectorAll("#search-results time").length > 1);
  const dates = await page.$$eval("#search-results > li", (lis) =>
    lis.map((li) => li.querySelector("time")?.getAttribute("datetime") || ""));
  const dated = dates.filter(Boolean);
  assert.deepEqual(dated, [...dated].sort().reverse(), dates.join("\n"));
  assert.ok(dates.indexOf("") < 0 || dates.slice(dates.indexOf("")).every((d) => !d), "undated last");
  await page.close();
});

test("axe finds no violation with the filters and their counts shown", async () => {
  const { page } = await searchFor("cai cach");
  await page.selectOption("#search-section", "news");
  const violations = (await axeViolations(page)).map((v) => v.text);
  assert.deepEqual(violations, []);
  await page.close();
});

test("a quoted phrase matches its words side by side only; unquoted, side by side ranks first", async () => {
  const root = mkdtempSync(join(tmpdir(), "minhbach-search-phrase-"));
  writeFileSync(join(root, "site.yaml"), 'title: "Cụm từ"\nbase_url: "https://x.example.vn/"\n');
  mkdirSync(join(root, "content", "news"), { recursive: true });
  const items = [
    ["2024-01-03", "xa-nhau", "Một lần ghé qua", "Một buổi sáng, người dân đến cửa hàng."],
    ["2024-01-02", "canh-nhau", "Bộ phận tiếp nhận", "Hồ sơ nộp tại bộ phận một cửa của xã."],
    ["2024-01-01", "nguoc", "Cửa sổ", "Mở cửa một lúc rồi đóng lại."],
  ];
  for (const [day, slug, title, body] of items) {
    writeFileSync(join(root, "content", "news", `${day}-${slug}.md`),
      `---\ntitle: "${title}"\ndate: ${day}\nslug: "${slug}"\n---\n\n${body}\n`);
  }
  const run = spawnSync(binary, ["build", "--root", root, "--base-url", "/"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const phrase = await serve(join(root, "public"), "/");
  try {
    const page = await browser.newPage();
    const titles = async (query) => {
      await page.goto(phrase.url + "search/?q=" + encodeURIComponent(query));
      await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
      return page.$$eval("#search-results > li a", (as) => as.map((a) => a.textContent));
    };
    assert.deepEqual(await titles('"một cửa"'), ["Bộ phận tiếp nhận"]);
    assert.deepEqual(await titles("“một cửa”"), ["Bộ phận tiếp nhận"], "curly quotes too");
    assert.deepEqual(await titles('"mot cua"'), ["Bộ phận tiếp nhận"], "without marks too");
    assert.deepEqual(await titles('"cửa một"'), ["Cửa sổ"]);
    const all = await titles("một cửa");
    assert.equal(all.length, 3);
    assert.equal(all[0], "Bộ phận tiếp nhận", all.join("\n"));
    await page.close();
  } finally {
    await phrase.close();
  }
});

test("a hit inside a section shows its heading and links to its id", async () => {
  const root = mkdtempSync(join(tmpdir(), "minhbach-search-sections-"));
  writeFileSync(join(root, "site.yaml"), 'title: "Mục"\nbase_url: "https://x.example.vn/"\n');
  mkdirSync(join(root, "content", "news"), { recursive: true });
  writeFileSync(join(root, "content", "news", "2024-02-01-bao-cao.md"),
    '---\ntitle: "Báo cáo quý"\ndate: 2024-02-01\nslug: "bao-cao"\n---\n\nMở đầu của báo cáo.\n\n' +
    "## Kết quả\n\nĐã xong phần việc chung.\n\n## Kết quả\n\nHồ sơ trễ hạn được xử lý dứt điểm.\n");
  const run = spawnSync(binary, ["build", "--root", root, "--base-url", "/"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const sections = await serve(join(root, "public"), "/");
  try {
    const page = await browser.newPage();
    await page.goto(sections.url + "search/?q=" + encodeURIComponent("trễ hạn"));
    await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
    const link = page.locator("#search-results .search-result-heading a");
    assert.equal(await link.textContent(), "Kết quả");
    assert.equal(await link.getAttribute("href"), sections.url + "news/bao-cao/#ket-qua-2");
    await link.click();
    await page.waitForURL(/#ket-qua-2$/);
    assert.equal(await page.locator("#ket-qua-2").textContent(), "Kết quả");
    await page.goto(sections.url + "search/?q=" + encodeURIComponent("mở đầu"));
    await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
    assert.equal(await page.locator("#search-results .search-result-heading").count(), 0, "before any heading, no section");
    await page.click("#search-more-filters");
    await page.waitForFunction(() => document.querySelectorAll("#search-tag option").length >= 1 && document.getElementById("search-facets").hidden === false);
    await page.waitForFunction(() => document.getElementById("search-kind").hidden);
    assert.equal(await page.locator("#search-kind").isVisible(), false, "no documents, no document-kind filter");
    assert.equal(await page.locator('label[for="search-index"]').isVisible(), false, "no index, no index filter");
    await page.close();
  } finally {
    await sections.close();
  }
});

test("tag, agency and location filters load on demand, count for the query, and stay in the URL", async () => {
  const page = await browser.newPage();
  const requested = [];
  page.on("request", (r) => requested.push(r.url()));
  await page.goto(server.url + "search/?q=cai+cach");
  await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
  assert.ok(!requested.some((u) => u.includes("facets.bin")), "a plain query loads no facet list");
  assert.equal(await page.locator("#search-facets").isVisible(), false);
  await page.click("#search-more-filters");
  await page.waitForFunction(() => document.querySelectorAll("#search-tag option").length > 1);
  assert.equal(await page.getAttribute("#search-more-filters", "aria-expanded"), "true");
  const tags = (await options(page, "search-tag")).slice(1);
  assert.ok(tags.length > 0 && tags.every(([, l]) => countIn(l) > 0), JSON.stringify(tags));
  const [tag, label] = tags.find(([v]) => v === "một cửa") || tags[0];
  await page.$eval("#search-status", (box) => { box.textContent = ""; });
  await page.selectOption("#search-tag", tag);
  await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
  assert.equal(await foundIn(page), countIn(label), label);
  const agencies = (await options(page, "search-agency")).slice(1);
  const [agency, agencyLabel] = agencies[0];
  await page.selectOption("#search-agency", agency);
  await page.waitForFunction(() => new URLSearchParams(location.search).get("agency"));
  assert.equal(await foundIn(page), countIn(agencyLabel), agencyLabel);
  const url = page.url();
  assert.equal(new URL(url).searchParams.get("tag"), tag);

  const again = await browser.newPage();
  await again.goto(url);
  await again.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
  assert.equal(await again.inputValue("#search-tag"), tag);
  assert.equal(await again.inputValue("#search-agency"), agency);
  assert.equal(await foundIn(again), countIn(agencyLabel));
  assert.ok(await again.locator("#search-facets").isVisible());
  const violations = (await axeViolations(again)).map((v) => v.text);
  assert.deepEqual(violations, []);
  await again.close();
  await page.close();
});

test("document-kind and index filters count for the query and keep only their own pages", async () => {
  const page = await browser.newPage();
  const chooseFirst = async (id, wanted) => {
    await page.waitForFunction((sel) => document.querySelectorAll(`#${sel} option`).length > 1, id);
    const values = (await options(page, id)).slice(1);
    assert.ok(values.length > 0 && values.every(([, l]) => countIn(l) > 0), JSON.stringify(values));
    const [value, label] = values.find(([v]) => v === wanted) || values[0];
    await page.$eval("#search-status", (box) => { box.textContent = ""; });
    await page.selectOption(`#${id}`, value);
    await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
    assert.equal(await foundIn(page), countIn(label), label);
    return page.$$eval("#search-results > li a", (as) => as.map((a) => a.getAttribute("href")));
  };
  await page.goto(server.url + "search/?q=" + encodeURIComponent("quyết định"));
  await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
  await page.click("#search-more-filters");
  const documents = await chooseFirst("search-kind", "Quyết định");
  assert.ok(documents.length > 0 && documents.every((h) => h.includes("/documents/")), documents.join("\n"));
  assert.equal(new URL(page.url()).searchParams.get("kind"), "Quyết định");

  await page.goto(server.url + "search/?q=" + encodeURIComponent("chỉ số cải cách hành chính"));
  await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
  await page.click("#search-more-filters");
  const years = await chooseFirst("search-index");
  assert.ok(years.length > 0 && years.every((h) => h.includes("/indices/")), years.join("\n"));
  const violations = (await axeViolations(page)).map((v) => v.text);
  assert.deepEqual(violations, []);
  await page.close();
});

test("a pair on most pages (stored as the pages without it) still matches as a phrase", async () => {
  const quoted = await searchFor('"cai cach"');
  const plain = await searchFor("cai cach");
  const shown = await quoted.page.$$eval("#search-results > li", (lis) => lis.map((li) => li.textContent));
  assert.ok(shown.length > 0);
  assert.ok(await foundIn(quoted.page) <= await foundIn(plain.page));
  assert.ok(shown.every((text) => /cải cách/i.test(text)), shown.join("\n---\n"));
  await quoted.page.close();
  await plain.page.close();
});
