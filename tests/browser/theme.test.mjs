// The default theme in a real browser, on a portal with every page type
// (tests/fixtures/every-page-type) and on the demo portal: the W3C Nu HTML
// Checker on every page, axe-core's WCAG 2.0/2.1 A and AA rules on every
// page, no horizontal overflow at 320, 360 and 1280 px (with screenshots),
// the text-size control, print styles, the skip link and a clean console.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { axeViolations, binary, copySite, serve, launch } from "./lib.mjs";

const require = createRequire(import.meta.url);
// The package's own entry point would fetch a Java runtime; only its jar is used.
const vnuJar = join(dirname(require.resolve("vnu-jar/package.json")), "build", "dist", "vnu.jar");
const shots = mkdtempSync(join(tmpdir(), "minhbach-screenshots-"));

/** Builds a portal into a folder that a server already serves, so every
 *  absolute URL in the pages (style sheet, links) points at that server. */
async function servedPortal(name) {
  const root = mkdtempSync(join(tmpdir(), `minhbach-theme-${name}-`));
  copySite(name, root);
  const output = join(root, "public");
  mkdirSync(output);
  const server = await serve(output, "/");
  const run = spawnSync(binary, ["build", "--root", root, "--output", output, "--base-url", server.url], { encoding: "utf8" });
  assert.equal(run.status, 0, `build of ${name} failed:\n${run.stderr}`);
  const pages = htmlFiles(output)
    .filter((file) => !readFileSync(join(output, file), "utf8").includes('http-equiv="refresh"'))
    .map((file) => ({ file, url: server.url + file.replace(/index\.html$/, ""), kind: pageKind(join(output, file)) }));
  return { name, root, output, server, pages };
}

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => f.toString())
    .filter((f) => f.endsWith(".html"))
    .map((f) => relative(dir, join(dir, f)).split("\\").join("/"))
    .sort();
}

function pageKind(file) {
  const found = readFileSync(file, "utf8").match(/<body class="page-([a-z0-9_]+)"/);
  return found ? found[1] : "unknown";
}

/** The first page of each kind (template), for the slower checks. */
function onePerKind(pages) {
  const seen = new Map();
  for (const page of pages) if (!seen.has(page.kind)) seen.set(page.kind, page);
  return [...seen.values()];
}

let browser;
const portals = {};
before(async () => {
  browser = await launch();
  portals.fixture = await servedPortal("every-page-type");
  portals.demo = await servedPortal("demo");
});
after(async () => {
  await browser?.close();
  for (const p of Object.values(portals)) {
    await p.server.close();
    rmSync(p.root, { recursive: true, force: true });
  }
  console.log(`# screenshots in ${shots}`);
});

test("the fixture portal has a page of every kind", () => {
  const kinds = new Set(portals.fixture.pages.map((p) => p.kind));
  for (const kind of ["index", "news_list", "news_item", "page", "taxonomy_list", "taxonomy_term",
    "inspections", "inspection_year", "outcomes", "procedures", "procedure", "simplified",
    "documents", "document", "data", "search", "404", "indices", "index_years", "index_year"]) {
    assert.ok(kinds.has(kind), `no ${kind} page`);
  }
});

for (const name of ["fixture", "demo"]) {
  test(`${name}: the Nu HTML Checker finds no error on any page`, () => {
    const { output } = portals[name];
    const run = spawnSync("java", ["-jar", vnuJar, "--errors-only", "--format", "json", "--skip-non-html", output], { encoding: "utf8" });
    assert.ok(run.status !== null, `java did not run: ${run.error}`);
    const report = JSON.parse(run.stderr || run.stdout);
    const errors = report.messages.map((m) => `${relative(output, new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`);
    assert.deepEqual(errors, []);
    assert.equal(run.status, 0);
  });

  test(`${name}: axe-core finds no WCAG 2.1 A or AA violation on any page, and none on a phone`, async () => {
    const found = [];
    // Every page on a desktop; one page of each kind on a phone, where tables scroll.
    for (const [width, pages] of [[1280, portals[name].pages], [360, onePerKind(portals[name].pages)]]) {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      for (const { url, file } of pages) {
        await page.goto(url);
        const violations = (await axeViolations(page)).map((v) => v.text);
        for (const v of violations) found.push(`${file} at ${width}px: ${v}`);
      }
      await page.close();
    }
    assert.deepEqual(found, []);
  });

  test(`${name}: no page kind overflows sideways at 320, 360 or 1280 px`, async () => {
    const overflowing = [];
    for (const width of [320, 360, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      for (const { url, kind } of onePerKind(portals[name].pages)) {
        await page.goto(url);
        const [scrollWidth, innerWidth] = await page.evaluate(() => [document.scrollingElement.scrollWidth, window.innerWidth]);
        if (width !== 320) await page.screenshot({ path: join(shots, `${name}-${kind}-${width}.png`), fullPage: true });
        if (scrollWidth > innerWidth) overflowing.push(`${kind} at ${width}px: ${scrollWidth}px wide (${url})`);
      }
      await page.close();
    }
    assert.deepEqual(overflowing, []);
  });
}

test("the axe check sees a violation", async () => {
  // Guards the check above: the same call must report a picture without alt text.
  const page = await browser.newPage();
  await page.goto(portals.fixture.server.url);
  await page.evaluate(() => { document.querySelector("main").insertAdjacentHTML("beforeend", '<img src="x.png">'); });
  const ids = (await axeViolations(page)).map((v) => v.id);
  await page.close();
  assert.deepEqual(ids, ["image-alt"]);
});

test("the overflow check sees a page that is too wide", async () => {
  // Guards the check above: a page with a wide element must be caught.
  const page = await browser.newPage({ viewport: { width: 360, height: 600 } });
  await page.goto(portals.fixture.server.url);
  await page.evaluate(() => { document.querySelector("main").insertAdjacentHTML("beforeend", '<div style="width:900px">x</div>'); });
  const [scrollWidth, innerWidth] = await page.evaluate(() => [document.scrollingElement.scrollWidth, window.innerWidth]);
  await page.close();
  assert.ok(scrollWidth > innerWidth);
});

test("the text-size control enlarges the text, is remembered, and is hidden without JavaScript", async () => {
  const { server } = portals.fixture;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + "news/kiem-tra-so-tu-phap/");
  const control = page.locator(".text-size");
  assert.ok(await control.isVisible());
  assert.equal(await control.getAttribute("aria-labelledby"), "text-size-label");
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".prose p")).fontSize));
  const normal = await size();
  await page.getByRole("button", { name: "A rất lớn" }).click();
  const large = await size();
  assert.ok(large > normal * 1.3, `${normal}px → ${large}px`);
  assert.equal(await page.getByRole("button", { name: "A rất lớn" }).getAttribute("aria-pressed"), "true");
  assert.equal(await page.getByRole("button", { name: "A thường" }).getAttribute("aria-pressed"), "false");
  await page.goto(server.url + "procedures/");
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), `${16 * 1.36}px`);
  await page.getByRole("button", { name: "A thường" }).click();
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), "16px");
  await context.close();

  const plain = await browser.newContext({ javaScriptEnabled: false });
  const noScript = await plain.newPage();
  await noScript.goto(server.url + "news/kiem-tra-so-tu-phap/");
  assert.equal(await noScript.locator(".text-size").isVisible(), false);
  assert.equal(await noScript.locator(".print-button").isVisible(), false);
  assert.ok(await noScript.locator("main h1").isVisible());
  await plain.close();
});

test("an inspection report prints with its address and date, without menus or buttons", async () => {
  const { server } = portals.fixture;
  const page = await browser.newPage();
  const url = server.url + "news/kiem-tra-so-tu-phap/";
  await page.goto(url);
  assert.ok(await page.locator(".print-button").isVisible(), "a print button with JavaScript");
  await page.emulateMedia({ media: "print" });
  for (const hidden of [".site-nav", ".text-size", ".print-button", ".breadcrumb", ".footer-links"]) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is printed`);
  }
  assert.ok(await page.locator(".print-only").isVisible());
  assert.match(await page.locator(".print-only").innerText(), new RegExp(url.replace(/[.?]/g, "\\$&")));
  assert.ok(await page.locator(".item-header time").first().isVisible());
  assert.ok(await page.locator(".inspection table").isVisible());
  const overflow = await page.evaluate(() => getComputedStyle(document.querySelector(".table-scroll")).overflowX);
  assert.equal(overflow, "visible", "tables print whole");
  const pdf = await page.pdf({ format: "A4" });
  assert.ok(pdf.length > 5000);
  await page.close();
});

test("the skip link is the first stop and leads to the main content, with a visible focus", async () => {
  const page = await browser.newPage();
  await page.goto(portals.fixture.server.url + "procedures/");
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return { cls: el.className, top: box.top, outline: getComputedStyle(el).outlineStyle, bg: getComputedStyle(el).backgroundColor };
  });
  assert.equal(skip.cls, "skip-link");
  assert.ok(skip.top >= 0, "shown when focused");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id || location.hash), "main");
  await page.keyboard.press("Tab");
  const ring = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return `${style.outlineStyle} ${style.boxShadow} ${style.backgroundColor}`;
  });
  assert.match(ring, /rgb\(255, 191, 71\)|solid/, "the focused link stands out");
  await page.close();
});

test("the home page and an article load with no failed request or console error", async () => {
  for (const [portal, route] of [["fixture", ""], ["fixture", "news/kiem-tra-so-tu-phap/"], ["demo", ""],
    ["demo", "news/van-phong-ubnd-tinh-mot-so-ket-qua-noi-bat-trong-cong-tac-cai-cach-hanh-chinh/"]]) {
    const page = await browser.newPage();
    const problems = [];
    page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
    page.on("response", (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
    page.on("requestfailed", (r) => problems.push(`failed ${r.url()}`));
    await page.goto(portals[portal].server.url + route, { waitUntil: "networkidle" });
    await page.close();
    assert.deepEqual(problems, [], `${portal} /${route}`);
  }
});
