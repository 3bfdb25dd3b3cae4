// The browser editor for real: Decap CMS (npm decap-cms, served from the
// built site) with its local proxy (npm decap-server) writing into a portal
// made by `minhbach init`. Through the form a communications officer would
// use, a news item gets a title, a date, an inspection and a result and is
// published; then `minhbach check` on what Decap wrote exits 0 and the built
// page shows the facts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary, repo, serve, launch } from "./lib.mjs";

const modules = join(repo, "tests", "browser", "node_modules");

function run(args) {
  return spawnSync(binary, args, { encoding: "utf8" });
}

async function waitForProxy(url) {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"action":"info"}' });
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("decap-server did not start");
}

test("a news item made in Decap CMS's form builds and shows its inspection and result", async () => {
  const root = join(mkdtempSync(join(tmpdir(), "minhbach-cms-")), "portal");
  assert.equal(run(["init", root]).status, 0);
  appendFileSync(join(root, "site.yaml"), "\ncms:\n  backend: git-gateway\n  local_backend: true\n  script: /decap/decap-cms.js\n");
  const built = run(["build", "--root", root]);
  assert.equal(built.status, 0, built.stderr);
  cpSync(join(modules, "decap-cms", "dist"), join(root, "public", "decap"), { recursive: true });
  // decap-server's default port, where Decap looks for it.
  const proxy = spawn(process.execPath, [join(modules, "decap-server", "dist", "index.js")], {
    env: { ...process.env, PORT: "8081", MODE: "fs", GIT_REPO_DIRECTORY: root },
    stdio: "ignore",
  });
  const site = await serve(join(root, "public"));
  const browser = await launch();
  try {
    await waitForProxy("http://localhost:8081/api/v1");
    const page = await browser.newPage();
    await page.goto(site.url + "admin/index.html");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.goto(site.url + "admin/index.html#/collections/news/new");
    await page.locator("#title-field-1").fill("Kiểm tra tại Sở Y tế");
    await page.locator("#date-field-2").fill("2025-03-04");
    // The inspection's fields come before the results' (which have a `unit` too).
    await page.locator("input[id^=unit-field]").first().fill("Sở Y tế");
    await page.locator("input[id^=unit_level-field]").first().click({ force: true });
    await page.keyboard.type("department");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Add số liệu kết quả" }).click();
    await page.locator("input[id^=indicator-field]").first().fill("Tỷ lệ hồ sơ đúng hạn");
    await page.locator("input[id^=value-field]").first().fill("96.5");
    await page.getByRole("button", { name: "Công bố" }).first().click();
    await page.getByText("Công bố ngay").first().click();
    const news = join(root, "content", "news");
    let folder;
    for (let i = 0; i < 100 && !folder; i++) {
      folder = readdirSync(news).find((n) => n.endsWith("kiem-tra-tai-so-y-te"));
      if (!folder) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(folder, `Decap wrote no bundle folder with the folded slug: ${readdirSync(news)}`);
    const file = join(news, folder, "index.md");
    for (let i = 0; i < 50 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
    const text = readFileSync(file, "utf8");
    assert.match(text, /unit: Sở Y tế/);
    assert.match(text, /unit_level: department/);
    assert.match(text, /value: 96.5/);

    const check = run(["check", "--root", root]);
    assert.equal(check.status, 0, check.stderr);
    assert.doesNotMatch(check.stderr, /warning/);
    assert.equal(run(["build", "--root", root]).status, 0);
    const html = readFileSync(join(root, "public", "news", "kiem-tra-tai-so-y-te", "index.html"), "utf8");
    assert.match(html, /Sở Y tế/);
    assert.match(html, /Tỷ lệ hồ sơ đúng hạn/);
    assert.match(html, /96,5/);
  } finally {
    await browser.close();
    site.close();
    proxy.kill();
  }
});
