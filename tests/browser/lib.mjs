// Shared helpers for browser tests: build a fixture with the real binary,
// serve the output on 127.0.0.1 under any path prefix, and drive Debian's
// chromium through playwright-core (no browser download).
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, statSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, extname, resolve, sep } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now:
 *  `{ id, text }`, the text naming the rule and the elements. */
export async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, text: `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})` }));
  }, WCAG_TAGS);
}

export const repo = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const binary = process.env.MINHBACH_BIN || join(repo, "target", "debug", "minhbach");

/** What the demo portal at the top of the repository is made of: the Rust
 *  tests' harness::DEMO_FILES, which tests/it/demo.rs holds this line to. */
export const DEMO_FILES = ["site.yaml", "content", "themes"];

/** Copies tests/fixtures/NAME, or the demo portal for "demo", into `dir`. */
export function copySite(name, dir) {
  if (name === "demo") {
    for (const file of DEMO_FILES) cpSync(join(repo, file), join(dir, file), { recursive: true });
  } else {
    cpSync(join(repo, "tests", "fixtures", name), dir, { recursive: true });
  }
}

/** Copies tests/fixtures/NAME (or the demo portal for "demo") to a temp dir and builds it. */
export function buildFixture(name, { baseUrl } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `minhbach-${name}-`));
  copySite(name, dir);
  const args = ["build", "--root", dir];
  if (baseUrl) args.push("--base-url", baseUrl);
  const run = spawnSync(binary, args, { encoding: "utf8" });
  if (run.status !== 0) {
    throw new Error(`build of ${name} failed (${run.status}):\n${run.stderr}`);
  }
  return join(dir, "public");
}

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml",
  ".csv": "text/csv", ".txt": "text/plain", ".png": "image/png", ".jpg": "image/jpeg",
};

/** One `bytes=a-b` (or `a-`) range of `body`, as static hosts answer it; null for anything else. */
function byteRange(header, length) {
  const m = /^bytes=(\d+)-(\d*)$/.exec(header || "");
  if (!m) return null;
  const start = Number(m[1]);
  const end = Math.min(m[2] ? Number(m[2]) + 1 : length, length);
  return start < end ? [start, end] : null;
}

/**
 * Serves `root` on 127.0.0.1 at `prefix` (e.g. "/" or "/cong/"), answering byte
 * ranges as static hosts do unless `ranges` is false. Resolves to {url, close, requests}.
 */
export function serve(root, prefix = "/", { ranges = true } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.push(path);
    if (!path.startsWith(prefix)) { res.writeHead(404); res.end(); return; }
    let file = resolve(root, "." + sep + path.slice(prefix.length));
    if (!file.startsWith(resolve(root))) { res.writeHead(400); res.end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "content-type": types[".html"] });
      res.end(existsSync(join(root, "404.html")) ? readFileSync(join(root, "404.html")) : "");
      return;
    }
    const body = readFileSync(file);
    const type = types[extname(file)] || "application/octet-stream";
    const range = ranges && byteRange(req.headers.range, body.length);
    if (range) {
      res.writeHead(206, { "content-type": type, "content-range": `bytes ${range[0]}-${range[1] - 1}/${body.length}` });
      res.end(body.subarray(range[0], range[1]));
      return;
    }
    res.writeHead(200, { "content-type": type });
    res.end(body);
  });
  return new Promise((ok) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      ok({ url: `http://127.0.0.1:${port}${prefix}`, requests, close: () => new Promise((c) => server.close(c)) });
    });
  });
}

/** Debian's chromium, headless, with the flags this sandbox needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
