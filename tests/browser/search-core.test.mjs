// The parts of search-core.js the golden cases do not reach: highlights, the
// excerpt window, the typing rule and a broken shard. Runs in Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeShard, eachPosting, excerptWindow, findMatches, parseQuery, whileTyping } from "../../themes/default/static/search-core.js";

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
