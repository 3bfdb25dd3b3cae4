// The golden search cases (tests/search/golden.json) and a reader of a built
// index for them, shared by the Node and the browser tests of search.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { repo } from "./lib.mjs";
import { openIndex } from "../../themes/default/static/search-core.js";

export const golden = JSON.parse(readFileSync(join(repo, "tests", "search", "golden.json"), "utf8"));

/** The index in `dir` (a built site's search/), loaded as the page loads it, from disk;
 *  each path it reads is pushed to `seen`. */
export function indexAt(dir, seen = []) {
  const read = (path, kind, version, range) =>
    readFile(join(dir, path)).then((bytes) => {
      seen.push(path);
      if (kind === "range") return { bytes: new Uint8Array(bytes.subarray(range[0], range[1])), start: range[0] };
      return kind === "bytes" ? new Uint8Array(bytes) : JSON.parse(bytes);
    });
  return openIndex(read);
}

/** A query as a test name: marks, spaces and invisible characters escaped. */
export function shown(query) {
  const escape = (ch) => (ch === " " ? ch : "\\u" + ch.codePointAt(0).toString(16).padStart(4, "0"));
  return JSON.stringify(query).replace(/[\p{M}\p{C}\p{Z}]/gu, escape);
}
