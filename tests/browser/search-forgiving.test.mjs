// Forgiving search on the demo portal in headless Chromium: Telex and VNI left on,
// a swap and an extra letter find the inspection articles under the near-match
// label; nonsense finds nothing; no page with every word shows those with most of
// them under its own label; axe stays clean with results and the label shown.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { buildFixture, serve, launch } from "./lib.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

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
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  }, wcagTags);
  assert.deepEqual(violations, []);
  await page.close();
});
