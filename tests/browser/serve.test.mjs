// `minhbach serve` in headless Chromium: a save reloads the open page, a
// content error shows an overlay (its text put in as text, never as HTML),
// and fixing the file clears it. Every server and browser is stopped at the end.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary, copySite, launch } from "./lib.mjs";

const ITEM = "content/news/2021-03-04-kiem-tra.md";
const WAIT = 30_000;

let dir, server, url, browser;

/** Starts `serve --port 0` on a copy of the one-news-item fixture; resolves to its address. */
function startServe(root) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ["serve", "--root", root, "--port", "0"], {
      env: { ...process.env, SOURCE_DATE_EPOCH: "1767225600" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), WAIT);
    const read = (chunk) => {
      out += chunk;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", (chunk) => { out += chunk; });
    child.on("exit", (code) => reject(new Error(`serve exited (${code}):\n${out}`)));
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "minhbach-serve-"));
  copySite("one-news-item", dir);
  ({ child: server, url } = await startServe(dir));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A page of the served site, once its live-reload script is listening. */
async function openListening(path) {
  const page = await browser.newPage();
  await page.goto(url + path);
  await page.waitForSelector("html[data-minhbach-live=connected]", { timeout: WAIT });
  return page;
}

test("a save reloads the open page with the new text", { timeout: 90_000 }, async () => {
  const page = await openListening("news/kiem-tra/");
  await page.evaluate(() => { window.notReloadedYet = true; });
  const good = readFileSync(join(dir, ITEM), "utf8");
  writeFileSync(join(dir, ITEM), good.replace("Đoàn kiểm tra đã làm việc.", "Đoàn đã kiểm tra xong."));
  await page.waitForFunction(
    () => !window.notReloadedYet && document.body.innerText.includes("Đoàn đã kiểm tra xong."),
    null,
    { timeout: WAIT },
  );
  writeFileSync(join(dir, ITEM), good);
  await page.waitForFunction(() => document.body.innerText.includes("Đoàn kiểm tra đã làm việc."), null, { timeout: WAIT });
  await page.close();
});

test("a content error shows an overlay on every open page, and the fix clears it", { timeout: 90_000 }, async () => {
  const item = await openListening("news/kiem-tra/");
  const home = await openListening("");
  const good = readFileSync(join(dir, ITEM), "utf8");
  // The bad value carries markup: the overlay must show it as text.
  writeFileSync(join(dir, ITEM), good.replace("date: 2021-03-04", 'date: "<b>4/3/2021</b>"'));
  for (const page of [item, home]) {
    const overlay = await page.waitForSelector("#minhbach-errors", { timeout: WAIT });
    assert.equal(await overlay.getAttribute("role"), "alert");
    const text = await overlay.innerText();
    assert.match(text, /1 lỗi nội dung/);
    assert.match(text, /content\/news\/2021-03-04-kiem-tra\.md:3:7/);
    assert.match(text, /`date`/);
    assert.match(text, /expected a date like 2019-03-27, found "<b>4\/3\/2021<\/b>"/);
    assert.equal(await page.$("#minhbach-errors b"), null, "no markup from the content is rendered");
    // How to fix it, in the editors' language; the finding itself is marked English.
    assert.equal(await overlay.getAttribute("lang"), "vi");
    assert.equal(
      await page.innerText("#minhbach-errors .minhbach-error-fix"),
      "Cách sửa: ngày phải viết dạng năm-tháng-ngày: 2019-03-27 (không viết 27/3/2019).",
    );
    assert.equal(await page.getAttribute("#minhbach-errors .minhbach-error-message", "lang"), "en");
    assert.equal(await page.innerText("#minhbach-errors button"), "Ẩn");
    // The place links to the file at its line, for the editor to open.
    const open = await page.getAttribute("#minhbach-errors a.minhbach-error-open", "href");
    assert.match(open, /^vscode:\/\/file\/.*\/content\/news\/2021-03-04-kiem-tra\.md:3:7$/);
    // The last good page is still there under the overlay.
    assert.ok((await page.innerText("body")).length > 0);
  }
  assert.match(await item.innerText("main"), /Đoàn kiểm tra đã làm việc\./);

  writeFileSync(join(dir, ITEM), good);
  for (const page of [item, home]) {
    await page.waitForSelector("html[data-minhbach-live=connected]", { timeout: WAIT });
    await page.waitForFunction(() => !document.getElementById("minhbach-errors"), null, { timeout: WAIT });
  }
  await item.close();
  await home.close();
});
