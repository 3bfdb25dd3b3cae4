// The parts of search-core.js the golden cases do not reach: highlights, the
// excerpt window, the typing rule and a broken shard. Runs in Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary } from "./lib.mjs";
import { indexAt } from "./golden.mjs";
import {
  decodeShard, decodeWords, eachPosting, excerptWindow, findMatches, parseQuery, shardOf, whileTyping,
} from "../../themes/default/static/search-core.js";

const marked = (text, query) => findMatches(text, parseQuery(query)).map((m) => text.slice(m.start, m.end));

test("highlights words as the index folds them, and a document number as its whole chunk", () => {
  const text = "Theo Nghị định số (43/2011/NĐ-CP), Đoàn kiểm tra đột xuất.";
  assert.deepEqual(marked(text, "43/2011/nd-cp kiem tr"), ["43/2011/NĐ-CP", "kiểm", "tra"]);
  assert.deepEqual(marked(text, "dot xu"), ["đột", "xuất"]);
  assert.deepEqual(marked(text, "43/2011"), ["43/2011/NĐ-CP"]);
  assert.deepEqual(marked(text, "nd cp "), ["NĐ", "CP"], "words inside a number are words too");
});

test("highlights decomposed text and the other tone placement at their own offsets", () => {
  const text = "Tập huấn Hòa giải".normalize("NFD");
  assert.deepEqual(marked(text, "hoà giải "), ["Hòa".normalize("NFD"), "giải".normalize("NFD")]);
  assert.deepEqual(marked("1.001612 và 98,5%", "98,5 1.001612 "), ["1.001612", "98,5"]);
});

test("cuts the excerpt where most query words meet, at a space", () => {
  const text = "Mở đầu không liên quan. ".repeat(20) + "Đoàn kiểm tra đột xuất tại xã. " + "Đoạn cuối. ".repeat(30);
  const { start, end } = excerptWindow(text, findMatches(text, parseQuery("kiem tra dot")));
  assert.ok(start > 0 && text[start - 1] === " ", `starts at ${start}`);
  assert.ok(text.slice(start, end).includes("kiểm tra đột xuất"));
  assert.ok(end - start <= 240 && text[end] === " ", `ends at ${end}`);
  assert.deepEqual(excerptWindow("Ngắn.", []), { start: 0, end: 5 });
});

test("while typing, a lone first letter of a next word is left out", () => {
  assert.equal(whileTyping("kiem t"), "kiem ");
  assert.equal(whileTyping("kiem tr"), "kiem tr");
  assert.equal(whileTyping("k"), "k");
});

test("decodes a shard and rejects one cut short or with bytes left over", () => {
  // One term "a": no shared prefix, its own spelling, one document (7) in the title.
  const shard = Uint8Array.of(1, 0, 1, 0x61, 1, 0, 1, 1, (7 << 4) | 8);
  const [term] = decodeShard(shard);
  assert.deepEqual([term.key, term.variants, term.df], ["a", ["a"], 1]);
  const postings = [];
  eachPosting(term, (ordinal, doc, weight) => postings.push([ordinal, doc, weight]));
  assert.deepEqual(postings, [[0, 7, 8]]);
  assert.throws(() => decodeShard(shard.subarray(0, shard.length - 1)));
  assert.throws(() => decodeShard(Uint8Array.of(...shard, 0)));
});

test("reads the manifest's word list and rejects a bad entry", () => {
  const { list, docs } = decodeWords("an:0 ban:7ww bao:z");
  assert.deepEqual(list, [["an", 0], ["ban", 10256], ["bao", 35]]);
  assert.equal(docs.get("ban"), 10256);
  assert.deepEqual(decodeWords("").list, []);
  assert.throws(() => decodeWords("an:0 ban"));
  assert.throws(() => decodeWords("an:!"));
});

/** What `query` finds in the index at `dir`, and the index files it loads after meta.json. */
async function requests(dir, query) {
  const paths = [];
  const out = await indexAt(dir, paths).search(query);
  return { out, paths: paths.filter((p) => p !== "meta.json" && !p.startsWith("docs/")) };
}

// The twin of near.rs a_forgiven_word_costs_at_most_one_request_more_than_the_query_read_right:
// filler words ("kiefaaq" … "kiefzzq", "ziefaaq" … "ziefzzq") in many pages, so
// that shards part "kieemr" from "kiem" and "kiefaaq" from "ziefaaq".
test("a forgiven word costs at most one request more than the query read right", async () => {
  const root = mkdtempSync(join(tmpdir(), "minhbach-near-requests-"));
  const news = join(root, "content", "news");
  mkdirSync(news, { recursive: true });
  writeFileSync(join(root, "site.yaml"), 'title: "Thử"\nbase_url: "https://thu.example.vn/"\n');
  const page = (slug, title, body) =>
    writeFileSync(join(news, `2024-01-01-${slug}.md`), `---\ntitle: "${title}"\ndate: 2024-01-01\n---\n\n${body}\n`);
  page("kiem-tra", "Kiểm tra công tác cải cách hành chính", "Đoàn kiểm tra làm việc.");
  page("mo-ta", "Mô tả thủ tục", "Kiếm tìm thông tin, tra cứu.");
  const letters = [..."abcdefghijklmnopqrstuvwxyz"];
  const fillers = (first) => letters.flatMap((a) => letters.map((b) => `${first}ief${a}${b}q`)).join(" ");
  for (let n = 0; n < 40; n++) page(`trang-${n}`, `Trang ${n}`, `${fillers("k")} ${fillers("z")}`);
  const run = spawnSync(binary, ["build", "--root", root], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const dir = join(root, "public", "search");
  const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8"));
  assert.notEqual(shardOf(meta.shards, "kieemr"), shardOf(meta.shards, "kiem"), "the case needs them apart");
  assert.notEqual(shardOf(meta.shards, "kiefaaq"), shardOf(meta.shards, "ziefaaq"), "the case needs them apart");
  for (const [typed, readRight, extra] of [
    ["kieemr tra", "kiểm tra", 0],
    ["kie63m tra", "kiểm tra", 1],
    ["tra kieemr", "tra kiểm", 1],
    ["xiefaaq ", "kiefaaq", 0],
    ["xiefaaq", "kiefaaq", 1],
  ]) {
    const forgiven = await requests(dir, typed);
    assert.equal(forgiven.out.mode, "near", typed);
    assert.equal(forgiven.out.nearText, readRight, typed);
    assert.ok(forgiven.out.near.length > 0, typed);
    const plain = await requests(dir, readRight + typed.slice(typed.trimEnd().length));
    assert.ok(forgiven.paths.length <= plain.paths.length + extra, `${typed}: ${forgiven.paths} against ${plain.paths}`);
  }
});
