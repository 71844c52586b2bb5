// Every call frees what it allocated: thousands of renders and edits leave the wasm module's
// memory where it was (a leak of one 110 KB post per call would add hundreds of MB).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePost, Draft, memory } from './load-quire.mjs';

const REAL = readFileSync(new URL('../fixtures/compat/rust-blog-toml/inside-rust/infrastructure-team-2025-q3-recap-and-q4-plan.md', import.meta.url), 'utf8');
// The same real post with its body eight times more: about 110 KB, two footnotes each time.
const LONG = REAL + REAL.split('\n+++\n')[1].repeat(8);

/** `n` renders of both posts, and `n` edits that type a letter and take it back. */
function work(draft, n) {
  for (let i = 0; i < n; i++) {
    parsePost(i % 2 ? LONG : REAL, { path: 'posts/long.md' });
    const at = 201 + (i % 40);
    if (i % 2) draft.edit(at - 1, at, '');
    else draft.edit(at, at, 'y');
  }
}

test('thousands of parsePost calls and Draft edits do not grow the wasm memory', () => {
  const draft = new Draft({});
  draft.load(LONG);
  work(draft, 200); // the allocator reaches its working size
  const before = memory.buffer.byteLength;
  work(draft, 1000);
  draft.free();
  assert.equal(memory.buffer.byteLength, before, `grew from ${before} to ${memory.buffer.byteLength} bytes`);
});
